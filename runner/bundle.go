package main

// The bundle format (docs/files.md, "The bundle format"): how files travel between the engine and
// pods. A record is one header line of JSON ended by '\n', followed by exactly `s` bytes of
// content for a file or blob record and nothing for the others; the stream ends with
// {"end":true}, and one that stops before it is truncated and refused.

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Record kinds.
const (
	kindDir  = "d"
	kindFile = "f"
	kindLink = "l"
	kindBlob = "b" // uploads only: never accepted by the runner
)

const (
	bundleHeaderMax = 1 << 20   // bytes of one header line: far over PATH_MAX even fully escaped
	bundleBuffer    = 256 << 10 // buffer of the runner's side of a bundle stream
	bundleModeMax   = 0o7777    // permission bits, setuid, setgid and sticky
)

// errTruncated is the error of a stream that ends before its end record.
var errTruncated = errors.New("truncated bundle: the stream ended before its end record")

// bundleHeader is a header line as it travels. Pointers tell an absent number from a zero.
type bundleHeader struct {
	Kind   string `json:"k,omitempty"`
	Path   string `json:"p,omitempty"`
	Mode   *int64 `json:"m,omitempty"`
	Size   *int64 `json:"s,omitempty"`
	Target string `json:"l,omitempty"`
	Digest string `json:"d,omitempty"`
	End    bool   `json:"end,omitempty"`
}

// bundleRecord is one record read from a bundle; a file's or blob's content is read from the
// bundleReader before the next call to Next.
type bundleRecord struct {
	Kind   string
	Path   string // d, f, l
	Mode   uint32 // d, f: permission bits (low 12 bits of the mode)
	Size   int64  // f, b
	Target string // l
	Digest string // b: SHA-256, lowercase hex
}

// validBundlePath checks a record's path: relative, '/'-separated, no empty, "." or ".."
// segment, no NUL, valid UTF-8 (the header is JSON).
func validBundlePath(p string) error {
	switch {
	case p == "":
		return errors.New("empty path")
	case !utf8.ValidString(p):
		return fmt.Errorf("path %q is not valid UTF-8", p)
	case strings.IndexByte(p, 0) >= 0:
		return fmt.Errorf("path %q contains a NUL byte", p)
	case strings.HasPrefix(p, "/"):
		return fmt.Errorf("path %q is absolute", p)
	}
	for _, segment := range strings.Split(p, "/") {
		if segment == "" || segment == "." || segment == ".." {
			return fmt.Errorf("path %q has an empty, \".\" or \"..\" segment", p)
		}
	}
	return nil
}

func validLinkTarget(target string) error {
	switch {
	case target == "":
		return errors.New("empty symbolic link target")
	case !utf8.ValidString(target):
		return fmt.Errorf("symbolic link target %q is not valid UTF-8", target)
	case strings.IndexByte(target, 0) >= 0:
		return fmt.Errorf("symbolic link target %q contains a NUL byte", target)
	}
	return nil
}

func validDigest(d string) error {
	if len(d) != 64 || strings.Trim(d, "0123456789abcdef") != "" {
		return fmt.Errorf("digest %q is not a lowercase hex SHA-256", d)
	}
	return nil
}

func validMode(m int64) error {
	if m < 0 || m > bundleModeMax {
		return fmt.Errorf("mode %d is not within 0 and 07777", m)
	}
	return nil
}

// modeBits is the mode as the bundle carries it: permission bits plus setuid, setgid, sticky.
func modeBits(m os.FileMode) uint32 {
	bits := uint32(m.Perm())
	if m&os.ModeSetuid != 0 {
		bits |= 0o4000
	}
	if m&os.ModeSetgid != 0 {
		bits |= 0o2000
	}
	if m&os.ModeSticky != 0 {
		bits |= 0o1000
	}
	return bits
}

// fileMode is modeBits' inverse, for os.Chmod (which takes Go's flags, not the raw 07000 bits).
func fileMode(bits uint32) os.FileMode {
	m := os.FileMode(bits & 0o777)
	if bits&0o4000 != 0 {
		m |= os.ModeSetuid
	}
	if bits&0o2000 != 0 {
		m |= os.ModeSetgid
	}
	if bits&0o1000 != 0 {
		m |= os.ModeSticky
	}
	return m
}

// bundleReader reads records one by one; it is also the io.Reader of the current record's content.
type bundleReader struct {
	in         *bufio.Reader
	allowBlobs bool
	remaining  int64 // content bytes of the current record not read yet
	ended      bool
	records    int
}

// newBundleReader reads a bundle from in; with allowBlobs false (every pod context), a `b`
// record is parsed and then refused.
func newBundleReader(in io.Reader, allowBlobs bool) *bundleReader {
	b, ok := in.(*bufio.Reader)
	if !ok || b.Size() < bundleBuffer {
		b = bufio.NewReaderSize(in, bundleBuffer)
	}
	return &bundleReader{in: b, allowBlobs: allowBlobs}
}

// Next returns the next record, skipping what is left of the previous one's content; io.EOF once
// the end record was read. Any other error is final.
func (r *bundleReader) Next() (*bundleRecord, error) {
	if r.ended {
		return nil, io.EOF
	}
	if r.remaining > 0 {
		if _, err := io.CopyN(io.Discard, r, r.remaining); err != nil {
			return nil, err
		}
	}
	line, err := r.readLine()
	if err != nil {
		return nil, err
	}
	r.records++
	var h bundleHeader
	if err := json.Unmarshal(line, &h); err != nil {
		return nil, fmt.Errorf("bundle record %d: invalid header: %v", r.records, err)
	}
	rec, err := r.check(h)
	if err != nil {
		return nil, fmt.Errorf("bundle record %d: %v", r.records, err)
	}
	if rec == nil {
		r.ended = true
		return nil, io.EOF
	}
	r.remaining = rec.Size
	return rec, nil
}

// readLine reads a header line without its '\n'.
func (r *bundleReader) readLine() ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.in.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > bundleHeaderMax {
			return nil, fmt.Errorf("bundle record %d: header longer than %d bytes", r.records+1, bundleHeaderMax)
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF):
			return nil, errTruncated
		default:
			return nil, err
		}
	}
}

// check validates a header; nil, nil for the end record.
func (r *bundleReader) check(h bundleHeader) (*bundleRecord, error) {
	if h.End {
		if h.Kind != "" || h.Path != "" || h.Mode != nil || h.Size != nil || h.Target != "" || h.Digest != "" {
			return nil, errors.New("the end record has other fields")
		}
		return nil, nil
	}
	rec := &bundleRecord{Kind: h.Kind, Path: h.Path, Target: h.Target, Digest: h.Digest}
	switch h.Kind {
	case kindDir, kindFile, kindLink:
		if err := validBundlePath(h.Path); err != nil {
			return nil, err
		}
		if h.Digest != "" {
			return nil, fmt.Errorf("%q: a %q record has no digest", h.Path, h.Kind)
		}
	case kindBlob:
		if h.Path != "" || h.Mode != nil || h.Target != "" {
			return nil, errors.New("a blob record has only a digest and a size")
		}
		if err := validDigest(h.Digest); err != nil {
			return nil, err
		}
		if !r.allowBlobs {
			return nil, errors.New("a blob record (uploads only) in a bundle for a pod")
		}
	case "":
		return nil, errors.New("record without a kind (k)")
	default:
		return nil, fmt.Errorf("unknown record kind %q", h.Kind)
	}
	if h.Kind == kindDir || h.Kind == kindFile {
		if h.Mode == nil {
			return nil, fmt.Errorf("%q: no mode (m)", h.Path)
		}
		if err := validMode(*h.Mode); err != nil {
			return nil, fmt.Errorf("%q: %v", h.Path, err)
		}
		rec.Mode = uint32(*h.Mode)
	} else if h.Mode != nil {
		return nil, fmt.Errorf("a %q record has no mode", h.Kind)
	}
	if h.Kind == kindFile || h.Kind == kindBlob {
		if h.Size == nil {
			return nil, errors.New("no size (s)")
		}
		if *h.Size < 0 {
			return nil, fmt.Errorf("negative size %d", *h.Size)
		}
		rec.Size = *h.Size
	} else if h.Size != nil {
		return nil, fmt.Errorf("a %q record has no content size", h.Kind)
	}
	if h.Kind == kindLink {
		if err := validLinkTarget(h.Target); err != nil {
			return nil, fmt.Errorf("%q: %v", h.Path, err)
		}
	} else if h.Target != "" {
		return nil, fmt.Errorf("a %q record has no link target", h.Kind)
	}
	return rec, nil
}

// Read reads the current record's content; io.EOF at its end.
func (r *bundleReader) Read(p []byte) (int, error) {
	if r.remaining <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.remaining {
		p = p[:r.remaining]
	}
	n, err := r.in.Read(p)
	r.remaining -= int64(n)
	if errors.Is(err, io.EOF) {
		if r.remaining > 0 {
			return n, errTruncated
		}
		err = nil
	}
	return n, err
}

// bundleWriter writes records; it refuses what a reader would refuse, so it never writes an
// invalid bundle. After an error the stream is incomplete (no end record): the reader refuses it.
type bundleWriter struct {
	enc *json.Encoder
	out io.Writer
}

func newBundleWriter(out io.Writer) *bundleWriter {
	enc := json.NewEncoder(out) // Encode ends each header with '\n'
	enc.SetEscapeHTML(false)
	return &bundleWriter{enc: enc, out: out}
}

func (w *bundleWriter) header(h bundleHeader) error {
	return w.enc.Encode(h)
}

func (w *bundleWriter) Dir(p string, mode uint32) error {
	if err := validBundlePath(p); err != nil {
		return err
	}
	if err := validMode(int64(mode)); err != nil {
		return fmt.Errorf("%q: %v", p, err)
	}
	m := int64(mode)
	return w.header(bundleHeader{Kind: kindDir, Path: p, Mode: &m})
}

// File writes a file record and exactly size bytes of content; a content shorter than size is an
// error (the stream is then incomplete).
func (w *bundleWriter) File(p string, mode uint32, size int64, content io.Reader) error {
	if err := validBundlePath(p); err != nil {
		return err
	}
	if err := validMode(int64(mode)); err != nil {
		return fmt.Errorf("%q: %v", p, err)
	}
	if size < 0 {
		return fmt.Errorf("%q: negative size %d", p, size)
	}
	m := int64(mode)
	if err := w.header(bundleHeader{Kind: kindFile, Path: p, Mode: &m, Size: &size}); err != nil {
		return err
	}
	return w.content(p, size, content)
}

func (w *bundleWriter) Link(p, target string) error {
	if err := validBundlePath(p); err != nil {
		return err
	}
	if err := validLinkTarget(target); err != nil {
		return fmt.Errorf("%q: %v", p, err)
	}
	return w.header(bundleHeader{Kind: kindLink, Path: p, Target: target})
}

// Blob writes a blob record (uploads only); the digest is not checked against the content here.
func (w *bundleWriter) Blob(digest string, size int64, content io.Reader) error {
	if err := validDigest(digest); err != nil {
		return err
	}
	if size < 0 {
		return fmt.Errorf("blob %s: negative size %d", digest, size)
	}
	if err := w.header(bundleHeader{Kind: kindBlob, Digest: digest, Size: &size}); err != nil {
		return err
	}
	return w.content("blob "+digest, size, content)
}

func (w *bundleWriter) content(name string, size int64, content io.Reader) error {
	n, err := io.CopyN(w.out, content, size)
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%q: %d bytes of content instead of %d (changed while being sent?)", name, n, size)
	}
	return err
}

// End writes the end record: the stream is complete.
func (w *bundleWriter) End() error {
	return w.header(bundleHeader{End: true})
}
