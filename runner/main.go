// berth-runner runs a Berth container's ordered steps (new files, then execs) inside the user's
// own image, so a chain of withExec calls shares one filesystem, and reports each exec's stdout,
// stderr and exit code apart as framed events on its own stdout (the pod log the engine reads).
// For a service it then replaces itself with the service command, so signals reach the service.
// In a host service's pod it is the relay that carries containers' connections to the berth
// process on the user's machine (docs/host-networking.md). Files travel into and out of the pod
// as bundles (docs/files.md): the engine runs receive and send through pod execs.
//
// Usage:
//
//	berth-runner install DEST      copy this binary to DEST (run by the pod's init container)
//	berth-runner run               read the plan from $BERTH_PLAN (JSON) and execute it; with
//	                               $BERTH_REPORT, also post the events to the engine at the end;
//	                               with the plan's receive, wait for DIR.complete first; with its
//	                               hold, write the exit code there and wait for SIGTERM (or 10 min)
//	berth-runner receive DIR       write the bundle read from stdin under DIR, then create
//	                               DIR.complete; exit 2 with a one-line message on any error
//	berth-runner send STATUS PATH [directory|file]  wait for STATUS (the held run's exit code), then write PATH as a
//	                               bundle to stdout; exit 3 if the steps failed, 4 if PATH does not
//	                               exist, 5 if STATUS did not appear within 10 min, 2 on other errors
//	berth-runner kill              SIGKILL every process of this pod but its sandbox (pause)
//	berth-runner relay             relay a host service's ports, configured by $BERTH_RELAY (JSON)
//	berth-runner relay-ready       exit 0 only while the relay has a tunnel from the berth process
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// Plan is what the engine asks the runner to do, in order.
type Plan struct {
	Steps   []Step   `json:"steps"`
	Service *Command `json:"service,omitempty"`
	// ManagedEnv names the variables Berth set on the container (its final env). A command with
	// an explicit env gets the container's environment without these, plus its own list: so it
	// keeps the image's variables (PATH, LANG, ...) but not ones set later in the chain.
	ManagedEnv []string `json:"managedEnv,omitempty"`
	// Await lists ip:port of the bound services' health-checked ports: steps start once each
	// accepts a connection from this pod (or after awaitTimeout).
	Await []string `json:"await,omitempty"`
	// SecretFiles are the paths of files mounted from session Secrets: their contents are scrubbed
	// from the commands' output. Only paths travel in the plan, never values.
	SecretFiles []string `json:"secretFiles,omitempty"`
	// Receive is the directory `berth-runner receive` writes the engine's files to (through a pod
	// exec): the steps start once its marker, Receive + ".complete", exists (or fail after 10 min).
	Receive string `json:"receive,omitempty"`
	// Hold is a file path: once the steps are done (or one failed) the runner writes its exit
	// code there and waits for the pod's deletion (or 10 min), so `berth-runner send` can read
	// its files. Ignored with a service.
	Hold string `json:"hold,omitempty"`
}

// Step is exactly one of File, Exec or Copy.
type Step struct {
	File *File `json:"file,omitempty"`
	Exec *Exec `json:"exec,omitempty"`
	Copy *Copy `json:"copy,omitempty"`
}

type File struct {
	Path     string `json:"path"`
	Contents string `json:"contents"` // base64
	Mode     uint32 `json:"mode"`
}

type Command struct {
	Args    []string `json:"args"`
	Env     []string `json:"env"` // nil: inherit the container's environment as it is
	Workdir string   `json:"workdir,omitempty"`
	// SecretEnv sets variables from the pod variables that carry session Secrets (secretKeyRef).
	SecretEnv []SecretVar `json:"secretEnv,omitempty"`
	// User runs the command as this user (withUser): name, name:group, uid or uid:gid, resolved
	// against the image's /etc/passwd and /etc/group. Empty: the runner's own user.
	User string `json:"user,omitempty"`
}

// SecretVar is the variable Name with the value of the pod variable From (BERTH_SECRET_n).
type SecretVar struct {
	Name string `json:"name"`
	From string `json:"from"`
}

type Exec struct {
	Command
	Expect string `json:"expect"` // SUCCESS, FAILURE or ANY
	// Stdin is fed to the command's standard input (base64); RedirectStdin names a file to feed
	// instead. Neither: the command reads /dev/null.
	Stdin         string `json:"stdin,omitempty"`
	RedirectStdin string `json:"redirectStdin,omitempty"`
	// RedirectStdout and RedirectStderr name files (relative: to the workdir) that the stream is
	// also written to, created or truncated, mode 0600, owned by the command's user: as Dagger's
	// executor, which tees them (the stream stays in the results too).
	RedirectStdout string `json:"redirectStdout,omitempty"`
	RedirectStderr string `json:"redirectStderr,omitempty"`
}

// EventPrefix starts every event line, so events can be told apart from a service's own output.
const EventPrefix = "\x1eberth-event "

type Event struct {
	Index  int    `json:"i"`
	Type   string `json:"t"` // start, out, err, exit, fail, done
	Data   string `json:"d,omitempty"`
	Code   *int   `json:"code,omitempty"`
	Reason string `json:"reason,omitempty"`
}

var emitLock sync.Mutex

func emit(e Event) {
	b, _ := json.Marshal(e)
	line := append([]byte(EventPrefix), append(b, '\n')...)
	emitLock.Lock()
	defer emitLock.Unlock()
	os.Stdout.Write(line)
	if activeReport != nil {
		activeReport.keep(line)
	}
}

func main() {
	if len(os.Args) < 2 {
		fatal("usage: berth-runner install DEST | run | receive DIR | send STATUS PATH | kill | relay | relay-ready")
	}
	switch os.Args[1] {
	case "install":
		if len(os.Args) != 3 {
			fatal("usage: berth-runner install DEST")
		}
		if err := install(os.Args[2]); err != nil {
			fatal("install: %v", err)
		}
	case "run":
		var plan Plan
		if err := json.Unmarshal([]byte(os.Getenv("BERTH_PLAN")), &plan); err != nil {
			fatal("invalid BERTH_PLAN: %v", err)
		}
		os.Unsetenv("BERTH_PLAN")
		report, err := parseReportTarget(os.Getenv(reportEnv))
		if err != nil {
			fatal("%v", err)
		}
		os.Unsetenv(reportEnv) // the user's commands do not see it
		if plan.Service == nil {
			activeReport = report
		}
		code := run(plan)
		os.Exit(finish(plan, code, func() {
			if activeReport != nil {
				_ = activeReport.send(&http.Client{Timeout: reportTimeout})
			}
		}, holdTimeout))
	case "receive":
		if len(os.Args) != 3 {
			fatal("usage: berth-runner receive DIR")
		}
		if err := receive(os.Args[2], os.Stdin); err != nil {
			fatal("receive: %s", strings.ReplaceAll(err.Error(), "\n", " "))
		}
	case "send":
		if len(os.Args) != 4 && len(os.Args) != 5 {
			fatal("usage: berth-runner send STATUS PATH [directory|file]")
		}
		want := ""
		if len(os.Args) == 5 {
			want = os.Args[4]
		}
		if code, message := send(os.Args[2], os.Args[3], want, os.Stdout, sendTimeout); code != 0 {
			fmt.Fprintln(os.Stderr, message)
			os.Exit(code)
		}
	case "kill":
		if err := killPod(); err != nil {
			fatal("kill: %v", err)
		}
	case "relay":
		cfg, err := parseRelayConfig(os.Getenv("BERTH_RELAY"))
		if err != nil {
			fatal("relay: %v", err)
		}
		if _, err := startRelay(cfg, "", logRelay); err != nil {
			fatal("relay: %v", err)
		}
		select {} // serves until the pod ends
	case "relay-ready":
		os.Exit(relayReady(os.Getenv("BERTH_RELAY"), os.Stderr))
	default:
		fatal("unknown command %q", os.Args[1])
	}
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "berth-runner: "+format+"\n", args...)
	os.Exit(2)
}

func install(dest string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	in, err := os.Open(self)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// environment is the env of one command: the container's, or, when the command has an explicit
// list, the container's without the variables Berth manages, overlaid with that list; then its
// secret variables, with the values of the carriers they name.
func environment(explicit []string, managed []string, secretEnv []SecretVar, carriers map[string]string) []string {
	base := os.Environ()
	if explicit == nil && len(secretEnv) == 0 {
		return base
	}
	skip := map[string]bool{}
	if explicit != nil {
		for _, name := range managed {
			skip[name] = true
		}
		for _, kv := range explicit {
			skip[strings.SplitN(kv, "=", 2)[0]] = true
		}
	}
	for _, s := range secretEnv {
		skip[s.Name] = true
	}
	env := []string{}
	for _, kv := range base {
		if !skip[strings.SplitN(kv, "=", 2)[0]] {
			env = append(env, kv)
		}
	}
	env = append(env, explicit...)
	for _, s := range secretEnv {
		env = append(env, s.Name+"="+carriers[s.From])
	}
	return env
}

// secretCarrierPrefix starts the pod variables that carry session Secrets (secretKeyRef); the
// runner takes them out of its environment, so commands see only the variables they were given.
const secretCarrierPrefix = "BERTH_SECRET_"

// takeSecretCarriers removes the carrier variables from the environment and returns their values.
func takeSecretCarriers() map[string]string {
	carriers := map[string]string{}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, secretCarrierPrefix) {
			carriers[name] = value
			os.Unsetenv(name)
		}
	}
	return carriers
}

// secretValues are what the scrubber hides: every carried secret and every mounted secret file.
func secretValues(carriers map[string]string, files []string) []string {
	var values []string
	for _, v := range carriers {
		values = append(values, v)
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "berth-runner: cannot read mounted secret %s to scrub it: %v\n", path, err)
			continue
		}
		values = append(values, string(data))
	}
	return values
}

// run executes the steps; a failed expectation stops the chain (later steps depend on it).
func run(plan Plan) int {
	carriers := takeSecretCarriers()
	activeSecrets = secretValues(carriers, plan.SecretFiles)
	for i := range plan.Steps {
		if e := plan.Steps[i].Exec; e != nil {
			e.Env = environment(e.Env, plan.ManagedEnv, e.SecretEnv, carriers)
		}
	}
	if plan.Service != nil {
		plan.Service.Env = environment(plan.Service.Env, plan.ManagedEnv, plan.Service.SecretEnv, carriers)
	}
	if plan.Receive != "" && !waitForFile(completeMarker(plan.Receive), receiveTimeout) {
		emit(Event{Index: 0, Type: "fail",
			Reason: fmt.Sprintf("the engine did not deliver the container's files within %s", minutes(receiveTimeout))})
		return 1
	}
	if missing := awaitPorts(plan.Await, awaitTimeout); len(missing) > 0 {
		// Not fatal: the command that needs the service fails with its own error, as in Dagger.
		fmt.Fprintf(os.Stderr, "berth-runner: bound service ports not reachable from this pod after %v: %v\n",
			awaitTimeout, missing)
	}
	for i, step := range plan.Steps {
		switch {
		case step.File != nil:
			if err := writeFile(*step.File); err != nil {
				emit(Event{Index: i, Type: "fail", Reason: err.Error()})
				return 1
			}
		case step.Copy != nil:
			if err := copyStep(*step.Copy); err != nil {
				emit(Event{Index: i, Type: "fail", Reason: err.Error()})
				return 1
			}
		case step.Exec != nil:
			code, err := runExec(i, *step.Exec)
			if err != nil {
				emit(Event{Index: i, Type: "fail", Reason: err.Error()})
				return 1
			}
			if !expected(step.Exec.Expect, code) {
				emit(Event{Index: i, Type: "fail", Code: &code,
					Reason: fmt.Sprintf("exit code %d, expected %s", code, step.Exec.Expect)})
				return 1
			}
		}
	}
	emit(Event{Index: len(plan.Steps), Type: "done"})
	if plan.Service != nil {
		err := execService(*plan.Service)
		emit(Event{Index: len(plan.Steps), Type: "fail", Reason: err.Error()})
		return 127
	}
	return 0
}

func expected(expect string, code int) bool {
	switch expect {
	case "ANY":
		return true
	case "FAILURE":
		return code != 0
	default:
		return code == 0
	}
}

func writeFile(f File) error {
	data, err := base64.StdEncoding.DecodeString(f.Contents)
	if err != nil {
		return fmt.Errorf("file %s: %v", f.Path, err)
	}
	if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
		return fmt.Errorf("file %s: %v", f.Path, err)
	}
	if err := os.WriteFile(f.Path, data, os.FileMode(f.Mode)); err != nil {
		return fmt.Errorf("file %s: %v", f.Path, err)
	}
	// WriteFile honours the umask; the requested permissions are what the user asked for.
	return os.Chmod(f.Path, os.FileMode(f.Mode))
}

// lookPath resolves a bare command name with the exec's own PATH, not the runner's.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	for _, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			path = kv[5:]
		}
	}
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("exec: %q: executable file not found in $PATH", name)
}

// streamWriter turns an exec's output into out/err events as it arrives.
type streamWriter struct {
	index int
	kind  string
}

func (w streamWriter) Write(p []byte) (int, error) {
	emit(Event{Index: w.index, Type: w.kind, Data: base64.StdEncoding.EncodeToString(p)})
	return len(p), nil
}

// execPath resolves a redirect path against the command's workdir (or the runner's, the image's).
func execPath(path, workdir string) string {
	if filepath.IsAbs(path) {
		return path
	}
	if workdir == "" {
		if wd, err := os.Getwd(); err == nil {
			workdir = wd
		} else {
			workdir = "/"
		}
	}
	return filepath.Join(workdir, path)
}

// openRedirect creates (or truncates) a redirect target, owned by the command's user.
func openRedirect(path, workdir string, cred *syscall.Credential, what string) (*os.File, error) {
	full := execPath(path, workdir)
	f, err := os.OpenFile(full, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("redirect %s: %v", what, err)
	}
	if cred != nil {
		if err := f.Chown(int(cred.Uid), int(cred.Gid)); err != nil {
			f.Close()
			return nil, fmt.Errorf("redirect %s: %v", what, err)
		}
	}
	return f, nil
}

// credential is the user a command runs as; nil: the runner's own.
func credential(user string) (*syscall.Credential, error) {
	if user == "" {
		return nil, nil
	}
	return resolveUser(user)
}

func runExec(i int, e Exec) (int, error) {
	if len(e.Args) == 0 {
		return 0, fmt.Errorf("exec has no arguments")
	}
	cred, err := credential(e.User)
	if err != nil {
		return 0, err
	}
	bin, err := lookPath(e.Args[0], e.Env)
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(bin, e.Args[1:]...)
	cmd.Args[0] = e.Args[0]
	cmd.Env = e.Env
	cmd.Dir = e.Workdir
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	cmd.Stdin = nil
	switch {
	case e.RedirectStdin != "":
		in, err := os.Open(execPath(e.RedirectStdin, e.Workdir))
		if err != nil {
			return 0, fmt.Errorf("redirect stdin: %v", err)
		}
		defer in.Close()
		cmd.Stdin = in
	case e.Stdin != "":
		data, err := base64.StdEncoding.DecodeString(e.Stdin)
		if err != nil {
			return 0, fmt.Errorf("stdin: %v", err)
		}
		cmd.Stdin = bytes.NewReader(data)
	}
	stdout := newScrubber(streamWriter{i, "out"}, activeSecrets)
	stderr := newScrubber(streamWriter{i, "err"}, activeSecrets)
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if e.RedirectStdout != "" {
		f, err := openRedirect(e.RedirectStdout, e.Workdir, cred, "stdout")
		if err != nil {
			return 0, err
		}
		defer f.Close()
		cmd.Stdout = io.MultiWriter(f, stdout)
	}
	if e.RedirectStderr != "" {
		f, err := openRedirect(e.RedirectStderr, e.Workdir, cred, "stderr")
		if err != nil {
			return 0, err
		}
		defer f.Close()
		cmd.Stderr = io.MultiWriter(f, stderr)
	}
	emit(Event{Index: i, Type: "start"})
	err = cmd.Run()
	// Run has copied all output by now: what the scrubbers held back (a possible secret's start) goes out.
	stdout.Flush()
	stderr.Flush()
	code, err := exitCode(err)
	if err != nil {
		return 0, err
	}
	emit(Event{Index: i, Type: "exit", Code: &code})
	return code, nil
}

// killPod is stop(kill): a service pod shares one PID namespace whose init is the sandbox, so
// kill(-1) reaches the service and everything it started, without the SIGTERM a pod deletion
// always sends first (the kubelet never gives less than 2 s of grace). The guard keeps it from
// ever running where PID 1 is anything else, such as a host's init.
func killPod() error {
	init, err := os.ReadFile("/proc/1/comm")
	if err != nil {
		return err
	}
	if name := strings.TrimSpace(string(init)); name != "pause" {
		return fmt.Errorf("PID 1 is %q, not the pod sandbox \"pause\": not a pod with a shared PID namespace", name)
	}
	if err := syscall.Kill(-1, syscall.SIGKILL); err != nil && err != syscall.ESRCH {
		return err
	}
	return nil
}
