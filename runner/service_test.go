package main

import (
	"bytes"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func withSecrets(t *testing.T, values ...string) {
	saved := activeSecrets
	activeSecrets = values
	t.Cleanup(func() { activeSecrets = saved })
}

func TestASupervisedServicesOutputIsScrubbedAndItsExitCodeKept(t *testing.T) {
	withSecrets(t, "s3cr3t-value")
	var out, errOut bytes.Buffer
	code, err := superviseService("/bin/sh", Command{Args: []string{"sh", "-c",
		`echo "token=$TOKEN"; echo "err $TOKEN" >&2; exit 3`}, Env: []string{"TOKEN=s3cr3t-value"}},
		nil, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
	if out.String() != "token=***\n" || errOut.String() != "err ***\n" {
		t.Errorf("stdout %q, stderr %q: the secret must be scrubbed", out.String(), errOut.String())
	}
}

func TestASupervisedServiceGetsTheRunnersSIGTERM(t *testing.T) {
	withSecrets(t, "s3cr3t-value")
	out := &lockedBuffer{}
	go func() {
		// the service is running once it said so; then the runner is sent SIGTERM, as by the kubelet
		for !strings.Contains(out.String(), "up") {
			time.Sleep(10 * time.Millisecond)
		}
		_ = syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
	}()
	done := make(chan int, 1)
	go func() {
		code, err := superviseService("/bin/sh", Command{Args: []string{"sh", "-c",
			`trap 'echo got TERM; exit 0' TERM; echo up; while :; do sleep 0.05; done`}}, nil, out, &bytes.Buffer{})
		if err != nil {
			t.Error(err)
		}
		done <- code
	}()
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(out.String(), "got TERM") {
			t.Errorf("exit %d, output %q: the service must handle the forwarded SIGTERM", code, out.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the service did not end on the runner's SIGTERM")
	}
}

func TestTheServiceIsSignalledNotTheRunnerKilledByIt(t *testing.T) {
	withSecrets(t, "x")
	code, err := superviseService("/bin/sh", Command{Args: []string{"sh", "-c", "kill -KILL $$"}}, nil,
		&bytes.Buffer{}, &bytes.Buffer{})
	if err != nil || code != 128+9 {
		t.Errorf("code %d, err %v: a service ended by SIGKILL exits 137, as a runtime reports it", code, err)
	}
}

// lockedBuffer is written by the service's output copier and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
