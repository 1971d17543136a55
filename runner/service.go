package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// execService runs the service's command. With no secret in the pod it replaces the runner
// (execve), so the service is the container's process and gets the kubelet's signals itself.
// With secrets, the runner stays its parent only to scrub what it prints, as it does for execs:
// a service's log is read back by `kubectl logs` and by Berth's own failure reports.
func execService(c Command) error {
	if len(c.Args) == 0 {
		return fmt.Errorf("service has no command")
	}
	cred, err := credential(c.User)
	if err != nil {
		return err
	}
	bin, err := lookPath(c.Args[0], c.Env)
	if err != nil {
		return err
	}
	if len(activeSecrets) > 0 {
		code, err := superviseService(bin, c, cred, os.Stdout, os.Stderr)
		if err != nil {
			return err
		}
		os.Exit(code)
	}
	if c.Workdir != "" {
		if err := os.Chdir(c.Workdir); err != nil {
			return err
		}
	}
	if cred != nil {
		if err := becomeUser(cred); err != nil {
			return fmt.Errorf("user %q: %v", c.User, err)
		}
	}
	return syscall.Exec(bin, c.Args, c.Env)
}

// forwardedSignals are what a container's process may be sent and a service may handle.
var forwardedSignals = []os.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT,
	syscall.SIGUSR1, syscall.SIGUSR2}

// superviseService runs the service as a child with its output scrubbed, passes it the signals
// the runner gets, and returns its exit code (128+n when a signal ended it, as a runtime reports).
func superviseService(bin string, c Command, cred *syscall.Credential, stdout, stderr io.Writer) (int, error) {
	cmd := exec.Command(bin, c.Args[1:]...)
	cmd.Args[0] = c.Args[0]
	cmd.Env = c.Env
	cmd.Dir = c.Workdir
	cmd.Stdin = os.Stdin
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	out := newScrubber(stdout, activeSecrets)
	errOut := newScrubber(stderr, activeSecrets)
	cmd.Stdout = out
	cmd.Stderr = errOut
	// A process the service left behind may hold its output open: not a reason to outlive it.
	cmd.WaitDelay = 2 * time.Second
	signals := make(chan os.Signal, len(forwardedSignals))
	signal.Notify(signals, forwardedSignals...)
	defer signal.Stop(signals)
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-signals:
				_ = cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	out.Flush()
	errOut.Flush()
	return exitCode(err)
}

// exitCode is a finished command's exit code; an error is returned only when it did not run.
func exitCode(err error) (int, error) {
	if err == nil {
		return 0, nil
	}
	exitErr, ok := err.(*exec.ExitError)
	if !ok {
		return 0, err
	}
	if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal()), nil
	}
	return exitErr.ExitCode(), nil
}
