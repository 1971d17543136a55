package main

import (
	"bytes"
	"io"
	"sort"
	"strings"
)

// Like Dagger, an exec's output shows *** in place of any secret value the pod was given (a
// secret variable's or a mounted secret file's), so what stdout(), stderr(), an ExecError and
// the pod log report never holds it. A multi-line secret is also hidden line by line.

// activeSecrets are the values to hide in every exec's output; set once by run.
var activeSecrets []string

const scrubbed = "***"

// scrubber writes through to out with every secret replaced. A secret may be split across two
// writes, so a tail that could be the start of one is held back until the next write or Flush.
type scrubber struct {
	out     io.Writer
	secrets [][]byte // longest first: the longest match wins
	longest int
	pending []byte
}

func newScrubber(out io.Writer, values []string) *scrubber {
	seen := map[string]bool{}
	var secrets [][]byte
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			secrets = append(secrets, []byte(v))
		}
	}
	for _, v := range values {
		add(v)
		if strings.Contains(v, "\n") {
			for _, line := range strings.Split(v, "\n") {
				add(strings.TrimRight(line, "\r"))
			}
		}
	}
	sort.SliceStable(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	s := &scrubber{out: out, secrets: secrets}
	if len(secrets) > 0 {
		s.longest = len(secrets[0])
	}
	return s
}

func (s *scrubber) Write(p []byte) (int, error) {
	if len(s.secrets) == 0 {
		return s.out.Write(p)
	}
	s.pending = append(s.pending, p...)
	out, rest := s.scrub(s.pending, false)
	s.pending = append(s.pending[:0], rest...)
	if len(out) > 0 {
		if _, err := s.out.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes what was held back; the stream has ended, so nothing more can complete a secret.
func (s *scrubber) Flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	out, _ := s.scrub(s.pending, true)
	s.pending = s.pending[:0]
	_, err := s.out.Write(out)
	return err
}

// scrub returns buf with secrets replaced, and (unless final) the tail that may begin a secret.
func (s *scrubber) scrub(buf []byte, final bool) ([]byte, []byte) {
	var out bytes.Buffer
	i := 0
next:
	for i < len(buf) {
		for _, secret := range s.secrets {
			if bytes.HasPrefix(buf[i:], secret) {
				out.WriteString(scrubbed)
				i += len(secret)
				continue next
			}
		}
		if !final && len(buf)-i < s.longest {
			for _, secret := range s.secrets {
				if len(secret) > len(buf)-i && bytes.HasPrefix(secret, buf[i:]) {
					return out.Bytes(), buf[i:]
				}
			}
		}
		out.WriteByte(buf[i])
		i++
	}
	return out.Bytes(), nil
}
