package main

// Files in the pod (docs/files.md, "In the pod: the runner"): `receive` writes a bundle the
// engine streams in through a pod exec, `run` waits for it and its `copy` steps place the files,
// `hold` keeps a capture pod's runner alive once its steps are done, and `send` streams a path
// of it back to the engine as a bundle.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Copy is a copy step: From (a directory the engine delivered under the plan's receive
// directory) merged into To, or a file or symbolic link placed at To.
type Copy struct {
	From string `json:"from"`
	To   string `json:"to"`
}

const (
	filesPoll = 20 * time.Millisecond
	// exit codes of `berth-runner send`
	sendStepsFailed = 3
	sendNoSuchPath  = 4
	sendNoStatus    = 5
)

// How long run waits for the engine's delivery, a held runner for its pod's deletion, and send
// for the steps to end (variables: tests shorten them).
var (
	receiveTimeout = 10 * time.Minute
	holdTimeout    = 10 * time.Minute
	sendTimeout    = 10 * time.Minute
)

// completeMarker is the file receive creates once all of DIR is written.
func completeMarker(dir string) string {
	return filepath.Clean(dir) + ".complete"
}

// waitForFile polls for path to exist; false after timeout.
func waitForFile(path string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		if _, err := os.Stat(path); err == nil {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(filesPoll)
	}
}

// minutes prints a duration as "10m" when it is whole minutes.
func minutes(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// writeAtomic creates or replaces path with data (parents created): a reader sees all or nothing.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// --- receive ---

// receive writes the bundle read from in under dir, then creates dir's completion marker. A
// record is never written through a symbolic link: every parent of its path must be a real
// directory (the bundle may have created links earlier), and a file is created with O_EXCL and
// O_NOFOLLOW. Directories are writable while their contents arrive and get their modes at the end.
func receive(dir string, in io.Reader) error {
	marker := completeMarker(dir)
	if _, err := os.Lstat(marker); err == nil {
		return fmt.Errorf("%s exists: the files were already received", marker)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := newBundleReader(in, false)
	w := &treeWriter{root: dir, dirs: map[string]bool{}}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := w.write(rec, r); err != nil {
			return err
		}
	}
	if err := w.finish(); err != nil {
		return err
	}
	return writeAtomic(marker, nil)
}

// treeWriter writes bundle records under root.
type treeWriter struct {
	root  string
	dirs  map[string]bool // relative paths known to be real directories written by this receive
	modes []dirMode       // directory modes to set at the end, in record order
}

type dirMode struct {
	path string
	mode uint32
}

func (w *treeWriter) write(rec *bundleRecord, content io.Reader) error {
	parent, name := "", rec.Path
	if i := strings.LastIndexByte(rec.Path, '/'); i >= 0 {
		parent, name = rec.Path[:i], rec.Path[i+1:]
	}
	if err := w.parents(parent); err != nil {
		return err
	}
	target := filepath.Join(w.root, filepath.FromSlash(parent), name)
	switch rec.Kind {
	case kindDir:
		st, err := os.Lstat(target)
		switch {
		case err == nil && !st.IsDir():
			return fmt.Errorf("directory %q: something else already is at that path", rec.Path)
		case errors.Is(err, fs.ErrNotExist):
			// writable by its owner while its contents arrive; its mode is set at the end
			if err := os.Mkdir(target, 0o700); err != nil {
				return fmt.Errorf("directory %q: %v", rec.Path, err)
			}
		case err != nil:
			return fmt.Errorf("directory %q: %v", rec.Path, err)
		}
		w.dirs[rec.Path] = true
		w.modes = append(w.modes, dirMode{target, rec.Mode})
	case kindFile:
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
		if err != nil {
			return fmt.Errorf("file %q: %v", rec.Path, err)
		}
		_, err = io.Copy(f, content)
		if err == nil {
			err = f.Chmod(fileMode(rec.Mode)) // exactly the mode, whatever the umask
		}
		if closeErr := f.Close(); err == nil {
			err = closeErr
		}
		if err != nil {
			return fmt.Errorf("file %q: %w", rec.Path, err)
		}
	case kindLink:
		if err := os.Symlink(rec.Target, target); err != nil {
			return fmt.Errorf("symbolic link %q: %v", rec.Path, err)
		}
	default:
		return fmt.Errorf("%q: a %q record cannot be written to a pod", rec.Path, rec.Kind)
	}
	return nil
}

// parents checks that every component of rel (a directory path relative to root, "" for root)
// is a real directory, not a symbolic link; a missing one is created (0755).
func (w *treeWriter) parents(rel string) error {
	if rel == "" || w.dirs[rel] {
		return nil
	}
	current := ""
	for _, segment := range strings.Split(rel, "/") {
		if current == "" {
			current = segment
		} else {
			current += "/" + segment
		}
		if w.dirs[current] {
			continue
		}
		path := filepath.Join(w.root, filepath.FromSlash(current))
		st, err := os.Lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(path, 0o755); err != nil {
				return fmt.Errorf("directory %q: %v", current, err)
			}
		case err != nil:
			return fmt.Errorf("directory %q: %v", current, err)
		case st.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("refusing to write under %q: it is a symbolic link", current)
		case !st.IsDir():
			return fmt.Errorf("refusing to write under %q: it is not a directory", current)
		}
		w.dirs[current] = true
	}
	return nil
}

// finish sets the directories' modes, contents before their directory (a read-only directory
// is set last).
func (w *treeWriter) finish() error {
	for i := len(w.modes) - 1; i >= 0; i-- {
		if err := os.Chmod(w.modes[i].path, fileMode(w.modes[i].mode)); err != nil {
			return err
		}
	}
	return nil
}

// --- copy steps ---

// copyStep places c.From at c.To: a directory's contents are merged into To (created with its
// parents, 0755): files and links replace what is at their paths, directories the copy creates
// get the source's modes, existing ones keep theirs. A file or symbolic link is placed at To
// (parents created). Sockets, devices and fifos are skipped.
func copyStep(c Copy) error {
	if c.From == "" || c.To == "" {
		return fmt.Errorf("copy %q to %q: from and to are required", c.From, c.To)
	}
	if err := copyPath(c.From, c.To); err != nil {
		return fmt.Errorf("copy %s to %s: %v", c.From, c.To, err)
	}
	return nil
}

func copyPath(from, to string) error {
	st, err := os.Lstat(from)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		return copyEntry(from, to, st)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	var modes []dirMode
	err = filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == from {
			return nil
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return copyEntry(path, target, info)
		}
		// A directory merges into one that is there, keeping its mode (through a symbolic link to
		// a directory too, as /lib -> usr/lib in most images); anything else at its path is
		// replaced by a directory with the source's mode.
		if existing, err := os.Stat(target); err == nil && existing.IsDir() {
			return nil
		}
		if err := removeNonDir(target); err != nil {
			return err
		}
		if err := os.Mkdir(target, 0o700); err != nil {
			return err
		}
		modes = append(modes, dirMode{target, modeBits(info.Mode())})
		return nil
	})
	if err != nil {
		return err
	}
	for i := len(modes) - 1; i >= 0; i-- {
		if err := os.Chmod(modes[i].path, fileMode(modes[i].mode)); err != nil {
			return err
		}
	}
	return nil
}

// removeNonDir removes what is at path unless it is a directory (then an error); nothing there is fine.
func removeNonDir(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a directory: not replaced by a file", path)
	}
	return os.Remove(path)
}

// copyEntry copies a regular file or a symbolic link (as a link) to target, replacing a file or
// link there; other kinds (sockets, devices, fifos) are skipped.
func copyEntry(from, target string, st fs.FileInfo) error {
	switch {
	case st.Mode()&fs.ModeSymlink != 0:
		link, err := os.Readlink(from)
		if err != nil {
			return err
		}
		if err := removeNonDir(target); err != nil {
			return err
		}
		return os.Symlink(link, target)
	case st.Mode().IsRegular():
		in, err := os.Open(from)
		if err != nil {
			return err
		}
		defer in.Close()
		if err := removeNonDir(target); err != nil {
			return err
		}
		out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		if err == nil {
			err = out.Chmod(fileMode(modeBits(st.Mode())))
		}
		if closeErr := out.Close(); err == nil {
			err = closeErr
		}
		return err
	default:
		return nil
	}
}

// --- hold ---

// finish ends `run`: with plan.Hold (and no service), the exit code is written there for send,
// then, after the report, the runner waits for SIGTERM/SIGINT (the pod's deletion) or limit.
func finish(plan Plan, code int, report func(), limit time.Duration) int {
	holding := plan.Hold != "" && plan.Service == nil
	var signals chan os.Signal
	if holding {
		signals = make(chan os.Signal, 1)
		signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
		defer signal.Stop(signals)
		if err := writeAtomic(plan.Hold, []byte(strconv.Itoa(code))); err != nil {
			fmt.Fprintf(os.Stderr, "berth-runner: cannot write the status to %s, not holding: %v\n", plan.Hold, err)
			holding = false
		}
	}
	if report != nil {
		report()
	}
	if holding {
		timer := time.NewTimer(limit)
		defer timer.Stop()
		select {
		case <-signals:
		case <-timer.C:
		}
	}
	return code
}

// --- send ---

// send is `berth-runner send STATUS PATH`: once STATUS exists and says the steps succeeded, it
// writes PATH to out as a bundle. It returns the exit code and, unless 0, a one-line message.
// want, when set, is what the engine asked for ("directory" or "file"): anything else at path is
// answered like a missing path, so a directory holding one file is never taken for that file.
func send(status, path, want string, out io.Writer, timeout time.Duration) (int, string) {
	if !waitForFile(status, timeout) {
		return sendNoStatus, fmt.Sprintf("the container's steps did not end within %s (no %s)", minutes(timeout), status)
	}
	data, err := os.ReadFile(status)
	if err != nil {
		return 2, fmt.Sprintf("berth-runner send: %v", err)
	}
	if strings.TrimSpace(string(data)) != "0" {
		return sendStepsFailed, "the container's steps failed"
	}
	st, err := os.Stat(path) // a symbolic link at path itself is followed
	if errors.Is(err, fs.ErrNotExist) {
		return sendNoSuchPath, "no such file or directory: " + path
	}
	if err != nil {
		return 2, fmt.Sprintf("berth-runner send: %v", err)
	}
	if want == "directory" && !st.IsDir() {
		return sendNoSuchPath, "not a directory: " + path
	}
	if want == "file" && !st.Mode().IsRegular() {
		return sendNoSuchPath, "not a regular file: " + path
	}
	buffered := bufio.NewWriterSize(out, bundleBuffer)
	w := newBundleWriter(buffered)
	switch {
	case st.IsDir():
		err = sendDir(w, path)
	case st.Mode().IsRegular():
		err = sendFile(w, path, filepath.Base(filepath.Clean(path)), true)
	default:
		return 2, fmt.Sprintf("berth-runner send: %s is neither a regular file nor a directory", path)
	}
	if err == nil {
		err = w.End()
	}
	if flushErr := buffered.Flush(); err == nil {
		err = flushErr
	}
	if err != nil {
		// No end record: the engine sees a truncated bundle whatever was sent.
		return 2, fmt.Sprintf("berth-runner send: %v", strings.ReplaceAll(err.Error(), "\n", " "))
	}
	return 0, ""
}

// sendFile writes one regular file record, the size and mode from the open file.
func sendFile(w *bundleWriter, path, name string, follow bool) error {
	flags := os.O_RDONLY
	if !follow {
		flags |= syscall.O_NOFOLLOW
	}
	f, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is no longer a regular file", path)
	}
	return w.File(name, modeBits(st.Mode()), st.Size(), f)
}

// sendDir writes the contents of root (not root itself) in lexical order, each directory before
// its contents; links as links, special files skipped.
func sendDir(w *bundleWriter, root string) error {
	resolved, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	return filepath.WalkDir(resolved, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == resolved {
			return nil
		}
		rel, err := filepath.Rel(resolved, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			info, err := d.Info()
			if err != nil {
				return err
			}
			return w.Dir(rel, modeBits(info.Mode()))
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return w.Link(rel, target)
		case d.Type().IsRegular():
			return sendFile(w, path, rel, false)
		default:
			return nil // sockets, devices, fifos
		}
	})
}
