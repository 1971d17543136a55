package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func scrubAll(values []string, writes ...string) string {
	var out bytes.Buffer
	s := newScrubber(&out, values)
	for _, w := range writes {
		s.Write([]byte(w))
	}
	s.Flush()
	return out.String()
}

func TestScrubberReplacesSecretValues(t *testing.T) {
	got := scrubAll([]string{"hunter2"}, "pw=hunter2 and again hunter2\n")
	if got != "pw=*** and again ***\n" {
		t.Fatalf("got %q", got)
	}
}

func TestScrubberCatchesASecretSplitAcrossWrites(t *testing.T) {
	got := scrubAll([]string{"s3cr3t-value"}, "before s3c", "r3t-", "value after\n")
	if got != "before *** after\n" {
		t.Fatalf("got %q", got)
	}
	// A held-back prefix that turns out not to be a secret is written unchanged.
	if got := scrubAll([]string{"s3cr3t-value"}, "ends with s3cr"); got != "ends with s3cr" {
		t.Fatalf("got %q", got)
	}
}

func TestScrubberPrefersTheLongestSecretAndHidesLinesOfMultiLineOnes(t *testing.T) {
	got := scrubAll([]string{"abc", "abcdef"}, "xabcdefy abcz")
	if got != "x***y ***z" {
		t.Fatalf("got %q", got)
	}
	got = scrubAll([]string{"line-one\nline-two\n"}, "first: line-one\nsecond: line-two\n")
	if strings.Contains(got, "line-one") || strings.Contains(got, "line-two") {
		t.Fatalf("lines of a multi-line secret leaked: %q", got)
	}
}

func TestScrubberWithoutSecretsPassesThrough(t *testing.T) {
	if got := scrubAll(nil, "a", "b"); got != "ab" {
		t.Fatalf("got %q", got)
	}
}

func TestSecretCarriersAreTakenOutAndHandedOnByName(t *testing.T) {
	t.Setenv("BERTH_SECRET_0", "the-value")
	t.Setenv("IMAGE_VAR", "1")
	carriers := takeSecretCarriers()
	if carriers["BERTH_SECRET_0"] != "the-value" {
		t.Fatalf("carriers = %v", carriers)
	}
	if _, ok := os.LookupEnv("BERTH_SECRET_0"); ok {
		t.Fatal("the carrier variable must leave the environment")
	}
	env := environment(nil, nil, []SecretVar{{Name: "PW", From: "BERTH_SECRET_0"}}, carriers)
	joined := strings.Join(env, "\n")
	if !strings.Contains(joined, "PW=the-value") || !strings.Contains(joined, "IMAGE_VAR=1") {
		t.Fatalf("env = %v", env)
	}
	if strings.Contains(joined, "BERTH_SECRET_0") {
		t.Fatalf("carrier leaked to the command: %v", env)
	}
	// An exec added before withSecretVariable does not see it.
	if strings.Contains(strings.Join(environment(nil, nil, nil, carriers), "\n"), "the-value") {
		t.Fatal("a command without the secret variable sees its value")
	}
}

func TestSecretValuesIncludeMountedFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(path, []byte("file-secret"), 0o400)
	values := secretValues(map[string]string{"BERTH_SECRET_0": "env-secret"}, []string{path})
	if got := scrubAll(values, "env-secret file-secret"); got != "*** ***" {
		t.Fatalf("got %q", got)
	}
}
