package main

// The relay of a host service (Host.service): `berth-runner relay` runs in a pod behind the
// service's Kubernetes Service. Containers connect to its frontend ports; the berth process on
// the user's machine (the agent) keeps standby tunnels to its control port over port-forwards,
// and each container connection is carried over one of them to the target on the user's machine.
// The protocol is in docs/host-networking.md, "The relay".

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	relayHello       = "BERTH-RELAY 1 "     // + key: the agent's first line on a standby tunnel
	relayStatus      = "BERTH-RELAY-STATUS" // the readiness probe's first line
	relayLineMax     = 256                  // bytes of a control connection's first line, newline included
	relayLineTimeout = 10 * time.Second
	relayCopyBuffer  = 256 << 10
)

// standbyWait is how long a container connection waits for an idle standby (shortened by tests).
var standbyWait = 30 * time.Second

// RelayConfig is $BERTH_RELAY, written by the engine.
type RelayConfig struct {
	ControlPort int    `json:"controlPort"`
	Key         string `json:"key"`
	Ports       []int  `json:"ports"`
}

func parseRelayConfig(env string) (RelayConfig, error) {
	var cfg RelayConfig
	if strings.TrimSpace(env) == "" {
		return cfg, errors.New("BERTH_RELAY is not set")
	}
	dec := json.NewDecoder(strings.NewReader(env))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return cfg, fmt.Errorf("invalid BERTH_RELAY: %v", err)
	}
	return cfg, cfg.validate()
}

func (cfg RelayConfig) validate() error {
	if !isTCPPort(cfg.ControlPort) {
		return fmt.Errorf("BERTH_RELAY.controlPort: %d is not a TCP port (1..65535)", cfg.ControlPort)
	}
	if cfg.Key == "" {
		return errors.New("BERTH_RELAY.key: must not be empty")
	}
	if len(cfg.Ports) == 0 {
		return errors.New("BERTH_RELAY.ports: must not be empty")
	}
	seen := map[int]bool{}
	for _, p := range cfg.Ports {
		switch {
		case !isTCPPort(p):
			return fmt.Errorf("BERTH_RELAY.ports: %d is not a TCP port (1..65535)", p)
		case seen[p]:
			return fmt.Errorf("BERTH_RELAY.ports: %d is listed twice", p)
		case p == cfg.ControlPort:
			return fmt.Errorf("BERTH_RELAY.controlPort: %d is also one of ports", p)
		}
		seen[p] = true
	}
	return nil
}

func isTCPPort(p int) bool { return p >= 1 && p <= 65535 }

// relay accepts standby tunnels on the control port and carries each frontend connection over one.
type relay struct {
	key       [sha256.Size]byte // compared as digests: in constant time, whatever the lengths
	wait      time.Duration
	logf      func(format string, args ...any)
	listeners []net.Listener
	pool      standbyPool
	open      atomic.Int64 // agent connections open: idle standbys and tunnels in use
	done      chan struct{}
	closing   sync.Once
}

func logRelay(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "berth-relay: "+format+"\n", args...)
}

// startRelay listens on the control port and every frontend of cfg, on host ("": all interfaces),
// and serves them until Close.
func startRelay(cfg RelayConfig, host string, logf func(string, ...any)) (*relay, error) {
	r := &relay{key: sha256.Sum256([]byte(cfg.Key)), wait: standbyWait, logf: logf, done: make(chan struct{})}
	// Keepalive probes end connections whose peer vanished without a FIN (e.g. a node lost).
	lc := net.ListenConfig{KeepAliveConfig: net.KeepAliveConfig{
		Enable: true, Idle: 30 * time.Second, Interval: 10 * time.Second, Count: 3}}
	listen := func(port int) (net.Listener, error) {
		l, err := lc.Listen(context.Background(), "tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err == nil {
			r.listeners = append(r.listeners, l)
		}
		return l, err
	}
	control, err := listen(cfg.ControlPort)
	if err != nil {
		return nil, fmt.Errorf("control port: %v", err)
	}
	frontends := make([]net.Listener, len(cfg.Ports))
	for i, port := range cfg.Ports {
		if frontends[i], err = listen(port); err != nil {
			r.Close()
			return nil, fmt.Errorf("port %d: %v", port, err)
		}
	}
	go r.accept(control, r.serveControl)
	for i, port := range cfg.Ports {
		go r.accept(frontends[i], func(c *net.TCPConn) { r.serveFrontend(c, port) })
	}
	r.logf("listening on %s (control) and ports %v", control.Addr(), cfg.Ports)
	return r, nil
}

// Close stops accepting; connections already carried end with their peers.
func (r *relay) Close() {
	r.closing.Do(func() {
		close(r.done)
		for _, l := range r.listeners {
			l.Close()
		}
	})
}

func (r *relay) accept(l net.Listener, serve func(*net.TCPConn)) {
	for {
		c, err := l.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			r.logf("accept on %s: %v", l.Addr(), err)
			time.Sleep(100 * time.Millisecond) // e.g. out of file descriptors: do not spin
			continue
		}
		go serve(c.(*net.TCPConn))
	}
}

// serveControl reads a control connection's first line: a standby tunnel or a status probe.
func (r *relay) serveControl(c *net.TCPConn) {
	c.SetReadDeadline(time.Now().Add(relayLineTimeout))
	in := bufio.NewReaderSize(c, relayLineMax)
	line, err := in.ReadSlice('\n')
	if err == io.EOF && len(line) == 0 {
		c.Close() // a client pod checking that it can reach this relay: nothing to say
		return
	}
	if err != nil {
		why := err.Error()
		if errors.Is(err, bufio.ErrBufferFull) {
			why = fmt.Sprintf("no end of line in its first %d bytes", relayLineMax)
		}
		r.logf("control connection from %s closed: %s", c.RemoteAddr(), why)
		c.Close()
		return
	}
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	switch {
	case string(line) == relayStatus:
		answer := "waiting\n"
		if r.open.Load() > 0 {
			answer = "ready\n"
		}
		c.SetWriteDeadline(time.Now().Add(relayLineTimeout))
		io.WriteString(c, answer)
		c.Close()
	case bytes.HasPrefix(line, []byte(relayHello)):
		key := sha256.Sum256(line[len(relayHello):])
		if subtle.ConstantTimeCompare(key[:], r.key[:]) != 1 {
			r.logf("control connection from %s closed: wrong key", c.RemoteAddr())
			c.Close()
			return
		}
		if in.Buffered() > 0 {
			r.logf("control connection from %s closed: data after its first line before a container connection", c.RemoteAddr())
			c.Close()
			return
		}
		c.SetReadDeadline(time.Time{})
		r.attach(c)
	default:
		r.logf("control connection from %s closed: unknown first line (%d bytes)", c.RemoteAddr(), len(line))
		c.Close()
	}
}

// standby is an agent's tunnel waiting for a container connection.
type standby struct {
	conn    *net.TCPConn
	idle    bool       // queued in the pool; guarded by the pool's lock
	watched chan error // why the idle watcher's read ended
}

func (r *relay) attach(c *net.TCPConn) {
	s := &standby{conn: c, watched: make(chan error, 1)}
	open := r.open.Add(1)
	r.pool.put(s)
	r.logf("agent attached a standby tunnel (agent connections open: %d)", open)
	go r.watchIdle(s)
}

// watchIdle reads from an idle standby, which the agent must not write to before it got a port:
// so the read ends only on the agent closing it, a protocol error, or stopWatching.
func (r *relay) watchIdle(s *standby) {
	var b [1]byte
	n, err := s.conn.Read(b[:])
	if n > 0 || err == nil {
		err = errors.New("the agent sent data before a container connection was assigned")
	}
	if r.pool.removeIfIdle(s) {
		r.detach(s, "idle standby tunnel closed: "+idleEnd(err))
	}
	s.watched <- err
}

func idleEnd(err error) string {
	if errors.Is(err, io.EOF) {
		return "closed by the agent"
	}
	return err.Error()
}

// stopWatching ends the idle watcher of a standby taken from the pool; an error says why the
// standby cannot carry a connection.
func (s *standby) stopWatching() error {
	s.conn.SetReadDeadline(time.Unix(1, 0)) // in the past: the pending read returns now
	err := <-s.watched
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		return err
	}
	return s.conn.SetReadDeadline(time.Time{})
}

func (r *relay) detach(s *standby, why string) {
	s.conn.Close()
	r.logf("%s (agent connections open: %d)", why, r.open.Add(-1))
}

// takeStandby returns the oldest usable idle standby, waiting for one up to r.wait; nil if none came.
func (r *relay) takeStandby() *standby {
	deadline := time.Now().Add(r.wait)
	for {
		s := r.pool.next(deadline, r.done)
		if s == nil {
			return nil
		}
		if err := s.stopWatching(); err != nil {
			r.detach(s, "idle standby tunnel closed: "+idleEnd(err))
			continue
		}
		return s
	}
}

func (r *relay) serveFrontend(c *net.TCPConn, port int) {
	s := r.takeStandby()
	if s == nil {
		r.logf("no tunnel from the berth process within %v for port %d: connection from %s closed", r.wait, port, c.RemoteAddr())
		c.Close()
		return
	}
	if _, err := s.conn.Write([]byte{byte(port >> 8), byte(port)}); err != nil {
		c.Close()
		r.detach(s, fmt.Sprintf("port %d: connection from %s closed: tunnel lost: %v", port, c.RemoteAddr(), err))
		return
	}
	why := fmt.Sprintf("port %d: connection from %s ended", port, c.RemoteAddr())
	if err := carry(c, s.conn); err != nil {
		why += ": " + err.Error()
	}
	r.detach(s, why)
}

// carry copies bytes both ways until both directions ended. The end of one direction is passed
// on as a half-close, so a client that shuts down its writing side still gets the reply; an
// error in one direction aborts both.
func carry(a, b *net.TCPConn) error {
	ended := make(chan error, 2)
	go func() { ended <- pass(a, b) }()
	go func() { ended <- pass(b, a) }()
	err := <-ended
	if err != nil {
		a.Close()
		b.Close()
	}
	if second := <-ended; err == nil {
		err = second
	}
	a.Close()
	b.Close()
	return err
}

// pass copies one direction. On Linux TCPConn.ReadFrom splices (the kernel moves the bytes); the
// large buffer serves where it cannot.
func pass(dst, src *net.TCPConn) error {
	if _, err := io.CopyBuffer(dst, src, make([]byte, relayCopyBuffer)); err != nil {
		return err
	}
	return dst.CloseWrite()
}

// standbyPool hands idle standbys out oldest first, to container connections in arrival order.
type standbyPool struct {
	mu      sync.Mutex
	idle    []*standby
	waiters []chan *standby
}

func (p *standbyPool) put(s *standby) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.waiters) > 0 {
		w := p.waiters[0]
		p.waiters = p.waiters[1:]
		w <- s
		return
	}
	s.idle = true
	p.idle = append(p.idle, s)
}

// removeIfIdle takes s out of the queue; false if it was handed out already.
func (p *standbyPool) removeIfIdle(s *standby) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !s.idle {
		return false
	}
	s.idle = false
	p.idle = slices.DeleteFunc(p.idle, func(x *standby) bool { return x == s })
	return true
}

// next returns the oldest idle standby, or waits for one until deadline or done; nil if none came.
func (p *standbyPool) next(deadline time.Time, done <-chan struct{}) *standby {
	p.mu.Lock()
	if len(p.idle) > 0 {
		s := p.idle[0]
		p.idle = p.idle[1:]
		s.idle = false
		p.mu.Unlock()
		return s
	}
	w := make(chan *standby, 1)
	p.waiters = append(p.waiters, w)
	p.mu.Unlock()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case s := <-w:
		return s
	case <-timer.C:
	case <-done:
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if i := slices.Index(p.waiters, w); i >= 0 {
		p.waiters = slices.Delete(p.waiters, i, i+1)
		return nil
	}
	return <-w // handed one as the wait ended
}

// relayReady is `berth-runner relay-ready`, the relay pod's readiness probe: exit code 0 only
// while an agent connection is open.
func relayReady(env string, stderr io.Writer) int {
	cfg, err := parseRelayConfig(env)
	if err != nil {
		fmt.Fprintf(stderr, "berth-runner relay-ready: %v\n", err)
		return 1
	}
	answer, err := relayStatusOf(net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.ControlPort)), time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "berth-runner relay-ready: %v\n", err)
		return 1
	}
	if answer != "ready" {
		fmt.Fprintf(stderr, "berth-runner relay-ready: the relay answered %q\n", answer)
		return 1
	}
	return 0
}

// relayStatusOf asks the relay at addr whether an agent is attached ("ready" or "waiting").
func relayStatusOf(addr string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.SetDeadline(deadline)
	if _, err := io.WriteString(c, relayStatus+"\n"); err != nil {
		return "", err
	}
	answer, err := io.ReadAll(io.LimitReader(c, 64))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(answer)), nil
}
