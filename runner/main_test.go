package main

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestEnvironmentInheritsWhenNoExplicitList(t *testing.T) {
	t.Setenv("IMAGE_VAR", "1")
	if got := environment(nil, []string{"IMAGE_VAR"}, nil, nil); !reflect.DeepEqual(got, os.Environ()) {
		t.Fatalf("nil env must inherit the container's environment, got %v", got)
	}
}

func TestEnvironmentKeepsImageVariablesAndDropsManagedOnes(t *testing.T) {
	t.Setenv("IMAGE_VAR", "from-image")
	t.Setenv("LATER", "set-after-this-exec")
	t.Setenv("SHARED", "final-value")
	got := environment([]string{"SHARED=value-at-this-exec"}, []string{"LATER", "SHARED"}, nil, nil)
	has := map[string]bool{}
	for _, kv := range got {
		has[kv] = true
	}
	if !has["IMAGE_VAR=from-image"] {
		t.Errorf("image variable lost: %v", got)
	}
	if has["LATER=set-after-this-exec"] || has["SHARED=final-value"] {
		t.Errorf("managed variables from the final env leaked: %v", got)
	}
	if !has["SHARED=value-at-this-exec"] {
		t.Errorf("explicit value missing: %v", got)
	}
}

func TestExpected(t *testing.T) {
	cases := []struct {
		expect string
		code   int
		want   bool
	}{{"SUCCESS", 0, true}, {"SUCCESS", 1, false}, {"FAILURE", 0, false}, {"FAILURE", 3, true}, {"ANY", 7, true}}
	for _, c := range cases {
		if got := expected(c.expect, c.code); got != c.want {
			t.Errorf("expected(%s, %d) = %v", c.expect, c.code, got)
		}
	}
}

// kill must never act outside a pod sandbox: on a host, kill(-1) as root would end everything.
func TestKillRefusesWhenInitIsNotThePodSandbox(t *testing.T) {
	comm, err := os.ReadFile("/proc/1/comm")
	if err != nil || string(comm) == "pause\n" {
		t.Skip("PID 1 is a pod sandbox (or unreadable) here")
	}
	err = killPod()
	if err == nil || !strings.Contains(err.Error(), "not the pod sandbox") {
		t.Fatalf("kill outside a pod must refuse, got %v", err)
	}
}
