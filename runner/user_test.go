package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// fakeAccounts points the account files at a small image-like pair for the test.
func fakeAccounts(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	passwd := "root:x:0:0:root:/root:/bin/sh\n" +
		"# a comment\n" +
		"nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n" +
		"app:x:1000:1000::/home/app:/bin/sh\n"
	group := "root:x:0:root\n" +
		"wheel:x:10:root,app\n" +
		"nogroup:x:65534:\n" +
		"app:x:1000:\n" +
		"docker:x:999:app\n"
	if err := os.WriteFile(filepath.Join(dir, "passwd"), []byte(passwd), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "group"), []byte(group), 0o644); err != nil {
		t.Fatal(err)
	}
	savedP, savedG := passwdPath, groupPath
	passwdPath, groupPath = filepath.Join(dir, "passwd"), filepath.Join(dir, "group")
	t.Cleanup(func() { passwdPath, groupPath = savedP, savedG })
}

func TestResolveUserFollowsDaggersForms(t *testing.T) {
	fakeAccounts(t)
	cases := []struct {
		spec   string
		uid    uint32
		gid    uint32
		groups []uint32
	}{
		{"app", 1000, 1000, []uint32{1000, 10, 999}},  // name: primary group plus the groups listing it
		{"1000", 1000, 1000, []uint32{1000, 10, 999}}, // a uid with an entry is that user
		{"app:docker", 1000, 999, []uint32{999}},      // an explicit group: no supplementary ones
		{"app:0", 1000, 0, []uint32{0}},
		{"1000:4242", 1000, 4242, []uint32{4242}}, // numeric ids need no entries
		{"4242", 4242, 0, []uint32{0}},
		{"nobody", 65534, 65534, []uint32{65534}},
		{"", 0, 0, []uint32{0, 10}}, // root, as runc reads an empty user
		{"root", 0, 0, []uint32{0, 10}},
	}
	for _, c := range cases {
		got, err := resolveUser(c.spec)
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		want := &syscall.Credential{Uid: c.uid, Gid: c.gid, Groups: c.groups}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %+v, want %+v", c.spec, got, want)
		}
	}
}

func TestResolveUserRefusesUnknownNames(t *testing.T) {
	fakeAccounts(t)
	for spec, want := range map[string]string{
		"ghost":       `user "ghost": no user "ghost" in the image's `,
		"app:ghosts":  `user "app:ghosts": no group "ghosts" in the image's `,
		"99999999999": `is out of range`,
	} {
		_, err := resolveUser(spec)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", spec, err, want)
		}
	}
}

// execStep is one exec of a plan, as the engine writes it (JSON), so the field names are tested too.
func execStep(t *testing.T, js string) Step {
	t.Helper()
	var s Step
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		t.Fatal(err)
	}
	s.Exec.Env = os.Environ()
	return s
}

// stepOutputs gathers each exec's out and err data, and both in event order, from the events.
func stepOutputs(t *testing.T, events string) (stdout, stderr, combined map[int]string) {
	t.Helper()
	stdout, stderr, combined = map[int]string{}, map[int]string{}, map[int]string{}
	for _, line := range strings.Split(events, "\n") {
		if !strings.HasPrefix(line, EventPrefix) {
			continue
		}
		var e Event
		if err := json.Unmarshal([]byte(strings.TrimPrefix(line, EventPrefix)), &e); err != nil {
			t.Fatal(err)
		}
		data, _ := base64.StdEncoding.DecodeString(e.Data)
		switch e.Type {
		case "out":
			stdout[e.Index] += string(data)
			combined[e.Index] += string(data)
		case "err":
			stderr[e.Index] += string(data)
			combined[e.Index] += string(data)
		}
	}
	return
}

func TestExecRunsAsTheUserWithItsGroups(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("switching users needs root")
	}
	fakeAccounts(t)
	events := captureEvents(t)
	// the user must reach its workdir: t.TempDir's parent is root's only
	dir, err := os.MkdirTemp("", "berth-user")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	plan := Plan{Steps: []Step{
		execStep(t, `{"exec":{"args":["id","-u"],"user":"nobody","expect":"SUCCESS"}}`),
		execStep(t, `{"exec":{"args":["id","-G"],"user":"nobody:4242","expect":"SUCCESS"}}`),
		execStep(t, `{"exec":{"args":["sh","-c","id -u; id -g"],"user":"65534","workdir":"`+dir+
			`","redirectStdout":"out","expect":"SUCCESS"}}`),
		execStep(t, `{"exec":{"args":["id","-u"],"expect":"SUCCESS"}}`),
	}}
	if code := run(plan); code != 0 {
		t.Fatalf("run: %d, events %s", code, events.events.String())
	}
	stdout, _, _ := stepOutputs(t, events.events.String())
	if stdout[0] != "65534\n" || stdout[1] != "4242\n" || stdout[3] != "0\n" {
		t.Errorf("stdout %q", stdout)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "out")); err != nil || string(b) != "65534\n65534\n" {
		t.Errorf("redirected: %q %v", b, err)
	}
	// the redirect file belongs to the command's user, as in Dagger
	st, err := os.Stat(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if sys := st.Sys().(*syscall.Stat_t); sys.Uid != 65534 || sys.Gid != 65534 || st.Mode().Perm() != 0o600 {
		t.Errorf("redirect file owner %d:%d mode %v", sys.Uid, sys.Gid, st.Mode())
	}
}

func TestExecFailsForAnUnknownUser(t *testing.T) {
	fakeAccounts(t)
	events := captureEvents(t)
	ran := filepath.Join(t.TempDir(), "ran")
	plan := Plan{Steps: []Step{
		execStep(t, `{"exec":{"args":["touch","`+ran+`"],"user":"ghost","expect":"SUCCESS"}}`),
	}}
	if code := run(plan); code != 1 {
		t.Errorf("code %d", code)
	}
	if got := events.events.String(); !strings.Contains(got, `{"i":0,"t":"fail","reason":"user \"ghost\": no user \"ghost\" in the image's `) {
		t.Errorf("events %s", got)
	}
	if _, err := os.Stat(ran); err == nil {
		t.Error("the command ran")
	}
}

func TestExecStdinAndRedirects(t *testing.T) {
	events := captureEvents(t)
	dir := t.TempDir()
	stdin := base64.StdEncoding.EncodeToString([]byte("hello\nworld"))
	if err := os.WriteFile(filepath.Join(dir, "input"), []byte("from a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "stale"), []byte("a longer old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := Plan{Steps: []Step{
		execStep(t, `{"exec":{"args":["cat"],"stdin":"`+stdin+`","expect":"SUCCESS"}}`),
		execStep(t, `{"exec":{"args":["cat"],"expect":"SUCCESS"}}`), // no stdin: /dev/null
		execStep(t, `{"exec":{"args":["cat"],"workdir":"`+dir+`","redirectStdin":"input","expect":"SUCCESS"}}`),
		execStep(t, `{"exec":{"args":["sh","-c","echo out; echo err >&2"],"workdir":"`+dir+
			`","redirectStdout":"stale","redirectStderr":"`+filepath.Join(dir, "err")+`","expect":"SUCCESS"}}`),
		execStep(t, `{"exec":{"args":["true"],"stdin":"`+stdin+`","expect":"SUCCESS"}}`), // stdin never read
	}}
	if code := run(plan); code != 0 {
		t.Fatalf("run: %d, events %s", code, events.events.String())
	}
	stdout, stderr, _ := stepOutputs(t, events.events.String())
	if stdout[0] != "hello\nworld" || stdout[1] != "" || stdout[2] != "from a file" {
		t.Errorf("stdout %q", stdout)
	}
	// Dagger's executor tees a redirected stream: the file has it, and so do the results
	if stdout[3] != "out\n" || stderr[3] != "err\n" {
		t.Errorf("redirected streams %q %q", stdout[3], stderr[3])
	}
	for name, want := range map[string]string{"stale": "out\n", "err": "err\n"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != want {
			t.Errorf("%s: %q %v", name, b, err)
		}
	}
}

func TestExecFailsWhenARedirectCannotBeOpened(t *testing.T) {
	events := captureEvents(t)
	plan := Plan{Steps: []Step{
		execStep(t, `{"exec":{"args":["true"],"redirectStdout":"/no/such/dir/out","expect":"SUCCESS"}}`),
	}}
	if code := run(plan); code != 1 {
		t.Errorf("code %d", code)
	}
	if got := events.events.String(); !strings.Contains(got, `"t":"fail","reason":"redirect stdout: open /no/such/dir/out`) {
		t.Errorf("events %s", got)
	}
}

func TestEventsKeepTheOrderOfBothStreams(t *testing.T) {
	events := captureEvents(t)
	plan := Plan{Steps: []Step{
		execStep(t, `{"exec":{"args":["sh","-c","echo 1; sleep 0.1; echo 2 >&2; sleep 0.1; echo 3; sleep 0.1; echo 4 >&2"],"expect":"SUCCESS"}}`),
	}}
	if code := run(plan); code != 0 {
		t.Fatalf("run: %d", code)
	}
	stdout, stderr, combined := stepOutputs(t, events.events.String())
	if stdout[0] != "1\n3\n" || stderr[0] != "2\n4\n" || combined[0] != "1\n2\n3\n4\n" {
		t.Errorf("stdout %q stderr %q combined %q", stdout[0], stderr[0], combined[0])
	}
}

// A service's command replaces the runner: the runner becomes the user first. Run in a child
// (the test binary again), since a process that has dropped root cannot come back.
func TestServiceRunsAsTheUser(t *testing.T) {
	if os.Getenv("BERTH_TEST_SERVICE_USER") != "" {
		err := execService(Command{Args: []string{"id", "-u"}, User: "65534:65534", Env: os.Environ()})
		t.Fatalf("execService returned: %v", err)
	}
	if os.Geteuid() != 0 {
		t.Skip("switching users needs root")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServiceRunsAsTheUser$")
	cmd.Env = append(os.Environ(), "BERTH_TEST_SERVICE_USER=1")
	out, err := cmd.CombinedOutput()
	if err != nil || string(out) != "65534\n" {
		t.Fatalf("service output %q, %v", out, err)
	}
}
