package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// bundleOf writes records with a bundleWriter; end adds the end record.
func bundleOf(t *testing.T, end bool, write func(w *bundleWriter) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := newBundleWriter(&buf)
	if err := write(w); err != nil {
		t.Fatal(err)
	}
	if end {
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// readAll reads every record, with the content of files and blobs.
func readAll(in io.Reader, allowBlobs bool) ([]bundleRecord, []string, error) {
	r := newBundleReader(in, allowBlobs)
	var records []bundleRecord
	var contents []string
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return records, contents, nil
		}
		if err != nil {
			return records, contents, err
		}
		data, err := io.ReadAll(r)
		if err != nil {
			return records, contents, err
		}
		records = append(records, *rec)
		contents = append(contents, string(data))
	}
}

const digestA = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" // sha256("a")

func TestBundleRoundTrip(t *testing.T) {
	data := bundleOf(t, true, func(w *bundleWriter) error {
		return errors.Join(
			w.Dir("src", 0o755),
			w.File("src/a.go", 0o644, 11, strings.NewReader("package a\n\n")),
			w.File("src/empty", 0, 0, strings.NewReader("")),
			w.File("src/tool", 0o4755, 3, strings.NewReader("\x00\n\xff")),
			w.Link("link", "src/a.go"),
			w.Link("abs", "/etc/passwd"),
			w.Dir("ünïcode dir\nwith newline", 0o1777),
			w.Blob(digestA, 1, strings.NewReader("a")),
		)
	})
	if !bytes.HasSuffix(data, []byte("{\"end\":true}\n")) {
		t.Errorf("no end record: %q", data)
	}
	if !strings.HasPrefix(string(data), `{"k":"d","p":"src","m":493}`+"\n") {
		t.Errorf("first record: %q", data)
	}
	records, contents, err := readAll(bytes.NewReader(data), true)
	if err != nil {
		t.Fatal(err)
	}
	want := []bundleRecord{
		{Kind: "d", Path: "src", Mode: 0o755},
		{Kind: "f", Path: "src/a.go", Mode: 0o644, Size: 11},
		{Kind: "f", Path: "src/empty", Mode: 0, Size: 0},
		{Kind: "f", Path: "src/tool", Mode: 0o4755, Size: 3},
		{Kind: "l", Path: "link", Target: "src/a.go"},
		{Kind: "l", Path: "abs", Target: "/etc/passwd"},
		{Kind: "d", Path: "ünïcode dir\nwith newline", Mode: 0o1777},
		{Kind: "b", Digest: digestA, Size: 1},
	}
	if !reflect.DeepEqual(records, want) {
		t.Errorf("records:\n%+v\nwant\n%+v", records, want)
	}
	if wantContents := []string{"", "package a\n\n", "", "\x00\n\xff", "", "", "", "a"}; !reflect.DeepEqual(contents, wantContents) {
		t.Errorf("contents %q", contents)
	}
}

func TestBundleReaderSkipsContentNotRead(t *testing.T) {
	data := bundleOf(t, true, func(w *bundleWriter) error {
		return errors.Join(
			w.File("a", 0o644, 5, strings.NewReader("{\"k\":")),
			w.File("b", 0o644, 2, strings.NewReader("ok")),
		)
	})
	r := newBundleReader(bytes.NewReader(data), false)
	var paths []string
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, rec.Path)
	}
	if !reflect.DeepEqual(paths, []string{"a", "b"}) {
		t.Errorf("paths %v", paths)
	}
}

func TestBundleWriterRefusesWhatAReaderWouldRefuse(t *testing.T) {
	w := newBundleWriter(io.Discard)
	for _, err := range []error{
		w.Dir("/abs", 0o755),
		w.Dir("a/../b", 0o755),
		w.Dir("a", 0o10000),
		w.File("a", 0o644, 3, strings.NewReader("ab")), // content shorter than its size
		w.Link("l", ""),
		w.Link("bad\xffname", "x"),
		w.Blob("ABC", 0, strings.NewReader("")),
	} {
		if err == nil {
			t.Error("accepted")
		}
	}
}

func TestBundleReaderRefusesInvalidStreams(t *testing.T) {
	const end = `{"end":true}` + "\n"
	cases := map[string]string{
		"no end record":            `{"k":"d","p":"a","m":493}` + "\n",
		"empty stream":             "",
		"truncated header":         `{"k":"d","p":"a","m":493}`,
		"truncated content":        `{"k":"f","p":"a","m":420,"s":10}` + "\nabc",
		"content without end":      `{"k":"f","p":"a","m":420,"s":3}` + "\nabc",
		"absolute":                 `{"k":"f","p":"/etc/x","m":420,"s":0}` + "\n" + end,
		"dot dot":                  `{"k":"f","p":"a/../../x","m":420,"s":0}` + "\n" + end,
		"dot":                      `{"k":"d","p":"./a","m":493}` + "\n" + end,
		"empty segment":            `{"k":"d","p":"a//b","m":493}` + "\n" + end,
		"trailing slash":           `{"k":"d","p":"a/","m":493}` + "\n" + end,
		"empty path":               `{"k":"d","p":"","m":493}` + "\n" + end,
		"NUL":                      `{"k":"f","p":"a\u0000b","m":420,"s":0}` + "\n" + end,
		"negative size":            `{"k":"f","p":"a","m":420,"s":-1}` + "\n" + end,
		"no size":                  `{"k":"f","p":"a","m":420}` + "\n" + end,
		"mode over 07777":          `{"k":"d","p":"a","m":4096}` + "\n" + end,
		"negative mode":            `{"k":"d","p":"a","m":-1}` + "\n" + end,
		"no mode":                  `{"k":"d","p":"a"}` + "\n" + end,
		"fractional size":          `{"k":"f","p":"a","m":420,"s":1.5}` + "\n" + "x" + end,
		"link without target":      `{"k":"l","p":"a"}` + "\n" + end,
		"unknown kind":             `{"k":"x","p":"a"}` + "\n" + end,
		"no kind":                  `{"p":"a"}` + "\n" + end,
		"not JSON":                 "hello\n" + end,
		"blob in a pod":            `{"k":"b","d":"` + digestA + `","s":1}` + "\na" + end,
		"end with fields":          `{"end":true,"k":"d","p":"a","m":493}` + "\n",
		"bad digest (blobs)":       `{"k":"b","d":"xyz","s":0}` + "\n" + end,
		"header longer than limit": `{"k":"d","p":"` + strings.Repeat("a", bundleHeaderMax+10) + `","m":493}` + "\n" + end,
	}
	for name, stream := range cases {
		_, _, err := readAll(strings.NewReader(stream), name == "bad digest (blobs)")
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.HasPrefix(name, "truncated") || name == "no end record" || name == "empty stream" ||
			name == "content without end" {
			if !strings.Contains(err.Error(), "truncated") {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	// and the same records, valid, are accepted
	if _, _, err := readAll(strings.NewReader(`{"k":"f","p":"a","m":420,"s":3}`+"\nabc"+end), false); err != nil {
		t.Error(err)
	}
}

// entry is what a tree holds at one path, for comparisons.
type entry struct {
	Kind    string
	Mode    fs.FileMode
	Content string
}

func snapshot(t *testing.T, root string) map[string]entry {
	t.Helper()
	tree := map[string]entry{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == root {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			tree[rel] = entry{"d", info.Mode(), ""}
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			tree[rel] = entry{"l", 0, target}
		default:
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			tree[rel] = entry{"f", info.Mode(), string(data)}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// makeTree builds a directory with every kind of entry the bundle carries.
func makeTree(t *testing.T, root string) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "src/nested/deeper"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "empty"), 0o700))
	must(os.WriteFile(filepath.Join(root, "src/a.go"), []byte("package a\n"), 0o644))
	must(os.WriteFile(filepath.Join(root, "src/nested/run.sh"), []byte("#!/bin/sh\necho hi\n"), 0o755))
	must(os.WriteFile(filepath.Join(root, "src/nested/deeper/secret"), []byte{0, 1, 2, 255}, 0o600))
	must(os.WriteFile(filepath.Join(root, "zero"), nil, 0o644))
	must(os.WriteFile(filepath.Join(root, "src/setuid"), []byte("x"), 0o755))
	must(os.Chmod(filepath.Join(root, "src/setuid"), 0o755|os.ModeSetuid))
	must(os.Symlink("src/a.go", filepath.Join(root, "link")))
	must(os.Symlink("/nowhere/at/all", filepath.Join(root, "src/dangling")))
	must(os.Symlink("../a.go", filepath.Join(root, "src/nested/up")))
	big := bytes.Repeat([]byte("0123456789abcdef"), 40000) // over the 256 KiB buffers
	must(os.WriteFile(filepath.Join(root, "big.bin"), big, 0o640))
	must(os.Chmod(filepath.Join(root, "src/nested"), 0o555)) // read-only: its contents arrive first
	t.Cleanup(func() { os.Chmod(filepath.Join(root, "src/nested"), 0o755) })
}

func TestReceiveWritesTheTreeAndTheMarker(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "berth-files", "in") // parents created
	data := bundleOf(t, true, func(w *bundleWriter) error {
		return errors.Join(
			w.Dir("0", 0o750),
			w.Dir("0/ro", 0o555),
			w.File("0/ro/f", 0o640, 2, strings.NewReader("hi")),
			w.File("0/setuid", 0o4711, 0, strings.NewReader("")),
			w.Link("0/link", "ro/f"),
			w.File("1", 0o600, 3, strings.NewReader("one")),
			w.File("2/no/dir/record", 0o644, 1, strings.NewReader("x")), // parents created
		)
	})
	if err := receive(dir, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "0/ro"), 0o755) })
	got := snapshot(t, dir)
	want := map[string]entry{
		"0":               {"d", fs.ModeDir | 0o750, ""},
		"0/ro":            {"d", fs.ModeDir | 0o555, ""},
		"0/ro/f":          {"f", 0o640, "hi"},
		"0/setuid":        {"f", 0o711 | fs.ModeSetuid, ""},
		"0/link":          {"l", 0, "ro/f"},
		"1":               {"f", 0o600, "one"},
		"2":               {"d", fs.ModeDir | 0o755, ""},
		"2/no":            {"d", fs.ModeDir | 0o755, ""},
		"2/no/dir":        {"d", fs.ModeDir | 0o755, ""},
		"2/no/dir/record": {"f", 0o644, "x"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tree:\n%v\nwant\n%v", got, want)
	}
	if st, err := os.Stat(dir + ".complete"); err != nil || !st.Mode().IsRegular() {
		t.Errorf("marker: %v", err)
	}
	if err := receive(dir, bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), "already received") {
		t.Errorf("second delivery: %v", err)
	}
}

func TestReceiveRefusesBundlesThatWouldEscape(t *testing.T) {
	outside := t.TempDir()
	const end = `{"end":true}` + "\n"
	cases := map[string]string{
		"dot dot":  `{"k":"f","p":"../evil","m":420,"s":1}` + "\nx" + end,
		"absolute": `{"k":"f","p":"` + outside + `/evil","m":420,"s":1}` + "\nx" + end,
		"through a link": `{"k":"l","p":"x","l":"` + outside + `"}` + "\n" +
			`{"k":"f","p":"x/evil","m":420,"s":1}` + "\nx" + end,
		"through a link, deeper": `{"k":"d","p":"a","m":493}` + "\n" + `{"k":"l","p":"a/x","l":"` + outside + `"}` + "\n" +
			`{"k":"d","p":"a/x/sub","m":493}` + "\n" + `{"k":"f","p":"a/x/sub/evil","m":420,"s":1}` + "\nx" + end,
		"onto a link": `{"k":"l","p":"evil","l":"` + outside + `/evil"}` + "\n" +
			`{"k":"f","p":"evil","m":420,"s":1}` + "\nx" + end,
		"directory onto a link": `{"k":"l","p":"x","l":"` + outside + `"}` + "\n" +
			`{"k":"d","p":"x","m":511}` + "\n" + end,
		"truncated":     `{"k":"f","p":"a","m":420,"s":5}` + "\nab",
		"no end record": `{"k":"f","p":"a","m":420,"s":1}` + "\na",
		"blob":          `{"k":"b","d":"` + digestA + `","s":1}` + "\na" + end,
		"duplicate":     `{"k":"f","p":"a","m":420,"s":1}` + "\na" + `{"k":"f","p":"a","m":420,"s":1}` + "\na" + end,
	}
	for name, stream := range cases {
		dir := filepath.Join(t.TempDir(), "in")
		err := receive(dir, strings.NewReader(stream))
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: the message is not one line: %q", name, err)
		}
		if _, err := os.Lstat(dir + ".complete"); err == nil {
			t.Errorf("%s: marker created", name)
		}
		if entries, _ := os.ReadDir(outside); len(entries) != 0 {
			t.Fatalf("%s: wrote outside: %v", name, entries)
		}
		if _, err := os.Lstat(filepath.Join(filepath.Dir(dir), "evil")); err == nil {
			t.Fatalf("%s: wrote next to DIR", name)
		}
	}
}

func TestCopyMergesADirectoryIntoAnExistingOne(t *testing.T) {
	from, to := filepath.Join(t.TempDir(), "from"), filepath.Join(t.TempDir(), "to")
	makeTree(t, from)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(to, "src"), 0o711))
	must(os.WriteFile(filepath.Join(to, "keep"), []byte("mine"), 0o600))
	must(os.WriteFile(filepath.Join(to, "src/a.go"), []byte("old contents, longer than the new"), 0o777))
	must(os.Symlink("/etc/hostname", filepath.Join(to, "zero")))       // a link is replaced by the file
	must(os.WriteFile(filepath.Join(to, "empty"), []byte("f"), 0o644)) // a file is replaced by the directory
	before := snapshot(t, from)
	if err := copyStep(Copy{From: from, To: to}); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, to)
	for path, e := range before {
		if path == "src" {
			continue // existing directories keep their mode
		}
		if got[path] != e {
			t.Errorf("%s: %+v, want %+v", path, got[path], e)
		}
	}
	if got["keep"] != (entry{"f", 0o600, "mine"}) {
		t.Errorf("keep: %+v", got["keep"])
	}
	if got["src"].Mode != fs.ModeDir|0o711 {
		t.Errorf("existing directory's mode changed: %v", got["src"].Mode)
	}
	if len(got) != len(before)+1 {
		t.Errorf("%d entries, want %d: %v", len(got), len(before)+1, got)
	}
}

func TestCopyPlacesAFileOrALinkAndCreatesTheDestination(t *testing.T) {
	tmp := t.TempDir()
	file, link := filepath.Join(tmp, "3"), filepath.Join(tmp, "4")
	if err := os.WriteFile(file, []byte("data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target", link); err != nil {
		t.Fatal(err)
	}
	if err := copyStep(Copy{From: file, To: filepath.Join(tmp, "a/b/tool")}); err != nil {
		t.Fatal(err)
	}
	if err := copyStep(Copy{From: link, To: filepath.Join(tmp, "a/b/link")}); err != nil {
		t.Fatal(err)
	}
	if err := copyStep(Copy{From: file, To: filepath.Join(tmp, "a/b/tool")}); err != nil {
		t.Fatalf("replacing a file: %v", err)
	}
	got := snapshot(t, filepath.Join(tmp, "a"))
	want := map[string]entry{
		"b":      {"d", fs.ModeDir | 0o755, ""},
		"b/tool": {"f", 0o755, "data"},
		"b/link": {"l", 0, "target"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v", got)
	}
	emptyDir := filepath.Join(tmp, "emptydir")
	os.Mkdir(emptyDir, 0o700)
	if err := copyStep(Copy{From: emptyDir, To: filepath.Join(tmp, "new/dest")}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(tmp, "new/dest")); err != nil || st.Mode() != fs.ModeDir|0o755 {
		t.Errorf("destination: %v %v", st, err)
	}
	if err := copyStep(Copy{From: filepath.Join(tmp, "missing"), To: filepath.Join(tmp, "x")}); err == nil {
		t.Error("copy of a missing path succeeded")
	}
	if err := copyStep(Copy{From: file, To: filepath.Join(tmp, "a/b")}); err == nil {
		t.Error("a file replaced a directory")
	}
}

func sendToBuffer(t *testing.T, status, path string) []byte {
	t.Helper()
	var out bytes.Buffer
	code, message := send(status, path, "", &out, time.Second)
	if code != 0 {
		t.Fatalf("send: %d %s", code, message)
	}
	return out.Bytes()
}

func TestSendThenReceiveRecreatesADirectory(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(tmp, "src")
	makeTree(t, src)
	status := filepath.Join(tmp, "status")
	if err := writeAtomic(status, []byte("0")); err != nil {
		t.Fatal(err)
	}
	data := sendToBuffer(t, status, src)
	records, _, err := readAll(bytes.NewReader(data), false)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range records {
		paths = append(paths, r.Path)
	}
	// lexical walk order, each directory before its contents, the root itself not included
	wantPaths := []string{"big.bin", "empty", "link", "src", "src/a.go", "src/dangling", "src/nested",
		"src/nested/deeper", "src/nested/deeper/secret", "src/nested/run.sh", "src/nested/up", "src/setuid", "zero"}
	if !reflect.DeepEqual(paths, wantPaths) {
		t.Errorf("paths %v", paths)
	}
	dest := filepath.Join(tmp, "in", "7")
	if err := receive(dest, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dest, "src/nested"), 0o755) })
	if got, want := snapshot(t, dest), snapshot(t, src); !reflect.DeepEqual(got, want) {
		t.Errorf("received:\n%v\nsent:\n%v", got, want)
	}
	// through a symbolic link at PATH itself: its directory's contents
	os.Symlink(src, filepath.Join(tmp, "alias"))
	if again := sendToBuffer(t, status, filepath.Join(tmp, "alias")); !bytes.Equal(again, data) {
		t.Error("send through a link at PATH differs")
	}
}

func TestSendThenReceiveRecreatesAFile(t *testing.T) {
	tmp := t.TempDir()
	status := filepath.Join(tmp, "status")
	writeAtomic(status, []byte("0"))
	file := filepath.Join(tmp, "out", "app.jar")
	os.MkdirAll(filepath.Dir(file), 0o755)
	if err := os.WriteFile(file, []byte("PK\x03\x04 not really"), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Symlink("out/app.jar", filepath.Join(tmp, "latest.jar"))
	for _, path := range []string{file, filepath.Join(tmp, "latest.jar")} {
		data := sendToBuffer(t, status, path)
		records, contents, err := readAll(bytes.NewReader(data), false)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(path)
		want := []bundleRecord{{Kind: "f", Path: name, Mode: 0o640, Size: 15}}
		if !reflect.DeepEqual(records, want) || contents[0] != "PK\x03\x04 not really" {
			t.Errorf("%s: %+v %q", path, records, contents)
		}
		dest := filepath.Join(tmp, "in-"+name)
		if err := receive(dest, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		if got := snapshot(t, dest); !reflect.DeepEqual(got, map[string]entry{name: {"f", 0o640, "PK\x03\x04 not really"}}) {
			t.Errorf("%v", got)
		}
	}
}

func TestSendExitCodes(t *testing.T) {
	tmp := t.TempDir()
	status := filepath.Join(tmp, "status")
	var out bytes.Buffer
	started := time.Now()
	if code, message := send(status, tmp, "", &out, 100*time.Millisecond); code != 5 || !strings.Contains(message, "did not end") {
		t.Errorf("no status: %d %q", code, message)
	}
	if waited := time.Since(started); waited < 100*time.Millisecond || waited > 2*time.Second {
		t.Errorf("waited %v", waited)
	}
	writeAtomic(status, []byte("1"))
	if code, message := send(status, tmp, "", &out, time.Second); code != 3 || message != "the container's steps failed" {
		t.Errorf("failed steps: %d %q", code, message)
	}
	writeAtomic(status, []byte("0"))
	missing := filepath.Join(tmp, "missing")
	if code, message := send(status, missing, "", &out, time.Second); code != 4 || message != "no such file or directory: "+missing {
		t.Errorf("missing path: %d %q", code, message)
	}
	if out.Len() != 0 {
		t.Errorf("wrote %q", out.String())
	}
	// the status appears while send waits
	late := filepath.Join(tmp, "late-status")
	go func() {
		time.Sleep(100 * time.Millisecond)
		writeAtomic(late, []byte("0\n"))
	}()
	if code, message := send(late, tmp, "", &out, 5*time.Second); code != 0 {
		t.Errorf("late status: %d %s", code, message)
	}
	if !bytes.HasSuffix(out.Bytes(), []byte(`{"end":true}`+"\n")) {
		t.Errorf("bundle %q", out.String())
	}
}

func TestModeBitsRoundTrip(t *testing.T) {
	for _, bits := range []uint32{0, 0o644, 0o755, 0o4755, 0o2755, 0o1777, 0o7777} {
		if got := modeBits(fileMode(bits)); got != bits {
			t.Errorf("%o -> %o", bits, got)
		}
	}
	if fmt.Sprint(minutes(10*time.Minute)) != "10m" || minutes(1500*time.Millisecond) != "1.5s" {
		t.Errorf("minutes: %s %s", minutes(10*time.Minute), minutes(1500*time.Millisecond))
	}
}

// The engine says what it expects: a directory holding one file must not pass for that file.
func TestSendRefusesTheOtherKind(t *testing.T) {
	tmp := t.TempDir()
	status := filepath.Join(tmp, "status")
	if err := os.WriteFile(status, []byte("0"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "only.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code, message := send(status, dir, "file", &out, time.Second); code != 4 || message != "not a regular file: "+dir {
		t.Fatalf("send of a directory as a file: %d %q", code, message)
	}
	if code, message := send(status, file, "directory", &out, time.Second); code != 4 || message != "not a directory: "+file {
		t.Fatalf("send of a file as a directory: %d %q", code, message)
	}
	if code, _ := send(status, dir, "directory", &out, time.Second); code != 0 {
		t.Fatalf("send of a directory: %d", code)
	}
}
