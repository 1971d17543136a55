package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
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

// captureEvents collects the event lines run emits (through the report's copy of them).
func captureEvents(t *testing.T) *report {
	t.Helper()
	saved := activeReport
	activeReport = &report{}
	t.Cleanup(func() { activeReport = saved })
	return activeReport
}

func TestRunWaitsForTheReceivedFilesThenCopiesThem(t *testing.T) {
	tmp := t.TempDir()
	in := filepath.Join(tmp, "berth-files", "in")
	dest := filepath.Join(tmp, "root", "src")
	plan := Plan{Receive: in, Steps: []Step{
		{Copy: &Copy{From: filepath.Join(in, "0"), To: dest}},
		{Copy: &Copy{From: filepath.Join(in, "1"), To: filepath.Join(tmp, "root", "etc", "conf")}},
	}}
	events := captureEvents(t)
	done := make(chan int)
	go func() { done <- run(plan) }()
	select {
	case code := <-done:
		t.Fatalf("run did not wait for the files: %d", code)
	case <-time.After(200 * time.Millisecond):
	}
	data := bundleOf(t, true, func(w *bundleWriter) error {
		w.Dir("0", 0o755)
		w.File("0/main.go", 0o644, 13, strings.NewReader("package main\n"))
		return w.File("1", 0o600, 3, strings.NewReader("k=v"))
	})
	if err := receive(in, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("run: %d, events %s", code, events.events.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run still waits after the marker appeared")
	}
	if b, err := os.ReadFile(filepath.Join(dest, "main.go")); err != nil || string(b) != "package main\n" {
		t.Errorf("copied: %q %v", b, err)
	}
	if st, err := os.Stat(filepath.Join(tmp, "root", "etc", "conf")); err != nil || st.Mode() != 0o600 {
		t.Errorf("copied file: %v %v", st, err)
	}
	if !strings.Contains(events.events.String(), `{"i":2,"t":"done"}`) {
		t.Errorf("events %s", events.events.String())
	}
}

func TestRunFailsWhenTheFilesDoNotCome(t *testing.T) {
	saved := receiveTimeout
	receiveTimeout = 100 * time.Millisecond
	t.Cleanup(func() { receiveTimeout = saved })
	events := captureEvents(t)
	ran := filepath.Join(t.TempDir(), "ran")
	plan := Plan{Receive: filepath.Join(t.TempDir(), "in"), Steps: []Step{{File: &File{Path: ran, Mode: 0o644}}}}
	if code := run(plan); code != 1 {
		t.Errorf("code %d", code)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("a step ran without the files")
	}
	if got := events.events.String(); !strings.Contains(got, `"t":"fail","reason":"the engine did not deliver the container's files within 100ms"`) {
		t.Errorf("events %s", got)
	}
}

func TestRunFailsOnACopyStepThatCannotCopy(t *testing.T) {
	events := captureEvents(t)
	tmp := t.TempDir()
	plan := Plan{Steps: []Step{
		{File: &File{Path: filepath.Join(tmp, "a"), Mode: 0o644}},
		{Copy: &Copy{From: filepath.Join(tmp, "missing"), To: filepath.Join(tmp, "b")}},
		{File: &File{Path: filepath.Join(tmp, "c"), Mode: 0o644}},
	}}
	if code := run(plan); code != 1 {
		t.Errorf("code %d", code)
	}
	if got := events.events.String(); !strings.Contains(got, `{"i":1,"t":"fail","reason":"copy `) || strings.Contains(got, "done") {
		t.Errorf("events %s", got)
	}
	if _, err := os.Stat(filepath.Join(tmp, "c")); err == nil {
		t.Error("the step after the failed copy ran")
	}
}

func TestHoldWritesTheExitCodeThenWaits(t *testing.T) {
	captureEvents(t)
	tmp := t.TempDir()
	for _, c := range []struct {
		steps []Step
		want  string
	}{
		{[]Step{{File: &File{Path: filepath.Join(tmp, "ok"), Mode: 0o644}}}, "0"},
		{[]Step{{Copy: &Copy{From: filepath.Join(tmp, "missing"), To: filepath.Join(tmp, "x")}}}, "1"},
	} {
		status := filepath.Join(tmp, "files-"+c.want, "status") // parent created
		plan := Plan{Hold: status, Steps: c.steps}
		reported := false
		started := time.Now()
		code := finish(plan, run(plan), func() {
			reported = true
			if b, err := os.ReadFile(status); err != nil || string(b) != c.want {
				t.Errorf("status when reporting: %q %v", b, err)
			}
		}, 200*time.Millisecond)
		if code != int(c.want[0]-'0') || !reported {
			t.Errorf("code %d, reported %v", code, reported)
		}
		if waited := time.Since(started); waited < 200*time.Millisecond {
			t.Errorf("did not hold: %v", waited)
		}
	}
	// without hold, or with a service, nothing is written and nothing waits
	started := time.Now()
	if code := finish(Plan{}, 0, nil, time.Minute); code != 0 || time.Since(started) > time.Second {
		t.Error("finished late without hold")
	}
}

func TestHoldEndsOnSIGTERMWithTheExitCode(t *testing.T) {
	status := filepath.Join(t.TempDir(), "status")
	done := make(chan int)
	go func() { done <- finish(Plan{Hold: status}, 1, nil, time.Minute) }()
	if !waitForFile(status, 5*time.Second) {
		t.Fatal("no status")
	}
	// the status is written once the signal handler is in place
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 1 {
			t.Errorf("code %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not end the hold")
	}
}
