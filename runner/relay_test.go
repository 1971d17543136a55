package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "k3y-of-this-session"

// relayLog collects the relay's log lines for assertions.
type relayLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *relayLog) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *relayLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// freePorts returns n TCP ports free on 127.0.0.1 just now.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	ports := []int{}
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// startTestRelay runs a relay on 127.0.0.1 with the given number of frontends.
func startTestRelay(t *testing.T, frontends int) (RelayConfig, *relayLog) {
	t.Helper()
	ports := freePorts(t, frontends+1)
	cfg := RelayConfig{ControlPort: ports[0], Key: testKey, Ports: ports[1:]}
	log := &relayLog{}
	r, err := startRelay(cfg, "127.0.0.1", log.logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return cfg, log
}

func addr(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

func dial(t *testing.T, port int) *net.TCPConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr(port), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c.(*net.TCPConn)
}

// attachStandby opens a control connection as the agent does.
func attachStandby(t *testing.T, cfg RelayConfig, key string) *net.TCPConn {
	t.Helper()
	c := dial(t, cfg.ControlPort)
	if _, err := io.WriteString(c, relayHello+key+"\n"); err != nil {
		t.Fatal(err)
	}
	return c
}

func status(t *testing.T, cfg RelayConfig) string {
	t.Helper()
	answer, err := relayStatusOf(addr(cfg.ControlPort), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return answer
}

// awaitStatus polls the status line, since attaching and detaching happen on the relay's side.
func awaitStatus(t *testing.T, cfg RelayConfig, want string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		got := status(t, cfg)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("status %q, want %q", got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// awaitClosedByRelay asserts the relay closes c: a read ends without data.
func awaitClosedByRelay(t *testing.T, c net.Conn, within time.Duration) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(within))
	n, err := c.Read(make([]byte, 16))
	if n > 0 || err == nil {
		t.Fatalf("relay sent %d bytes instead of closing", n)
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("relay did not close the connection within %v", within)
	}
}

// readPort reads the 2-byte big-endian frontend port a taken standby starts with.
func readPort(c net.Conn) (int, error) {
	var header [2]byte
	if _, err := io.ReadFull(c, header[:]); err != nil {
		return 0, err
	}
	return int(binary.BigEndian.Uint16(header[:])), nil
}

// testAgent plays the berth process: it keeps `idle` standbys attached, opening a new one
// whenever one is taken, and hands each taken tunnel with its frontend port to handle.
func testAgent(t *testing.T, cfg RelayConfig, idle int, handle func(port int, tunnel *net.TCPConn)) {
	t.Helper()
	taken := make(chan struct{}, idle)
	done := make(chan struct{})
	var wg sync.WaitGroup
	open := func() {
		c, err := net.Dial("tcp", addr(cfg.ControlPort))
		if err != nil {
			select {
			case <-done: // the test ended
			default:
				t.Error(err)
			}
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			go func() { <-done; c.Close() }()
			io.WriteString(c, relayHello+cfg.Key+"\n")
			port, err := readPort(c)
			if err != nil {
				return // closed at the end of the test
			}
			select {
			case taken <- struct{}{}:
			case <-done:
				return
			}
			handle(port, c.(*net.TCPConn))
		}()
	}
	for range idle {
		open()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-taken:
				open()
			case <-done:
				return
			}
		}
	}()
	t.Cleanup(func() { close(done); wg.Wait() })
}

// echo copies a tunnel back to itself and half-closes it at the end, like a server that
// answers everything it read.
func echo(_ int, tunnel *net.TCPConn) {
	io.Copy(tunnel, tunnel)
	tunnel.CloseWrite()
}

func TestRelayConfigValidation(t *testing.T) {
	cases := []struct{ env, want string }{
		{``, "BERTH_RELAY is not set"},
		{`{"controlPort": 4117, "key": "k", "ports": [3306]`, "invalid BERTH_RELAY"},
		{`{"controlPort": 4117, "key": "k", "ports": [3306], "port": 1}`, `unknown field "port"`},
		{`{"key": "k", "ports": [3306]}`, "BERTH_RELAY.controlPort: 0 is not a TCP port"},
		{`{"controlPort": 4117, "ports": [3306]}`, "BERTH_RELAY.key: must not be empty"},
		{`{"controlPort": 4117, "key": "k"}`, "BERTH_RELAY.ports: must not be empty"},
		{`{"controlPort": 4117, "key": "k", "ports": []}`, "BERTH_RELAY.ports: must not be empty"},
		{`{"controlPort": 4117, "key": "k", "ports": [3306, 65536]}`, "BERTH_RELAY.ports: 65536 is not a TCP port"},
		{`{"controlPort": 4117, "key": "k", "ports": [0]}`, "BERTH_RELAY.ports: 0 is not a TCP port"},
		{`{"controlPort": 4117, "key": "k", "ports": [3306, 80, 3306]}`, "BERTH_RELAY.ports: 3306 is listed twice"},
		{`{"controlPort": 4117, "key": "k", "ports": [3306, 4117]}`, "BERTH_RELAY.controlPort: 4117 is also one of ports"},
	}
	for _, c := range cases {
		_, err := parseRelayConfig(c.env)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("BERTH_RELAY=%s: got error %v, want one containing %q", c.env, err, c.want)
		}
	}
	cfg, err := parseRelayConfig(`{"controlPort": 4117, "key": "k", "ports": [3306, 80]}`)
	if err != nil || cfg.ControlPort != 4117 || cfg.Key != "k" || len(cfg.Ports) != 2 || cfg.Ports[1] != 80 {
		t.Fatalf("valid config: %+v, %v", cfg, err)
	}
}

func TestStatusIsReadyOnlyWhileAnAgentConnectionIsOpen(t *testing.T) {
	cfg, _ := startTestRelay(t, 1)
	if got := status(t, cfg); got != "waiting" {
		t.Fatalf("status before any agent: %q, want waiting", got)
	}
	standby := attachStandby(t, cfg, testKey)
	awaitStatus(t, cfg, "ready")
	standby.Close()
	awaitStatus(t, cfg, "waiting") // the idle standby closed by the agent left the pool
}

func TestStatusCountsATunnelInUse(t *testing.T) {
	cfg, _ := startTestRelay(t, 1)
	standby := attachStandby(t, cfg, testKey)
	awaitStatus(t, cfg, "ready")
	client := dial(t, cfg.Ports[0])
	if _, err := readPort(standby); err != nil {
		t.Fatal(err)
	}
	// No idle standby is left, but the one carrying the container's connection is still open.
	if got := status(t, cfg); got != "ready" {
		t.Fatalf("status with a tunnel in use: %q, want ready", got)
	}
	client.Close()
	standby.Close()
	awaitStatus(t, cfg, "waiting")
}

func TestWrongKeyOrLineIsRefusedAndNotCounted(t *testing.T) {
	cfg, log := startTestRelay(t, 1)
	for _, line := range []string{
		relayHello + "not-the-key\n",
		relayHello + testKey + "x\n",
		relayHello + "\n",
		"BERTH-RELAY 2 " + testKey + "\n",
		"GET / HTTP/1.1\n",
		strings.Repeat("A", 300) + "\n", // longer than a first line may be
	} {
		c := dial(t, cfg.ControlPort)
		io.WriteString(c, line)
		awaitClosedByRelay(t, c, 2*time.Second)
	}
	if got := status(t, cfg); got != "waiting" {
		t.Fatalf("status after refused lines: %q, want waiting", got)
	}
	if logged := log.String(); !strings.Contains(logged, "wrong key") || strings.Contains(logged, "not-the-key") {
		t.Fatalf("a wrong key must be logged as such, without the key given:\n%s", logged)
	}
}

func TestDataFromAnIdleStandbyClosesIt(t *testing.T) {
	cfg, _ := startTestRelay(t, 1)
	standby := attachStandby(t, cfg, testKey)
	awaitStatus(t, cfg, "ready")
	standby.Write([]byte{0})
	awaitClosedByRelay(t, standby, 2*time.Second)
	awaitStatus(t, cfg, "waiting")
}

func TestFrontendIsCarriedWithItsPortAndHalfClose(t *testing.T) {
	cfg, _ := startTestRelay(t, 2)
	for _, port := range cfg.Ports {
		standby := attachStandby(t, cfg, testKey)
		client := dial(t, port)
		got, err := readPort(standby)
		if err != nil || got != port {
			t.Fatalf("standby header: port %d, %v; want %d", got, err, port)
		}
		io.WriteString(client, "question")
		client.CloseWrite()
		// The agent sees the end of the request only if the relay passed the half-close on.
		standby.SetReadDeadline(time.Now().Add(2 * time.Second))
		request, err := io.ReadAll(standby)
		if err != nil || string(request) != "question" {
			t.Fatalf("agent read %q, %v", request, err)
		}
		io.WriteString(standby, "answer")
		standby.CloseWrite()
		client.SetReadDeadline(time.Now().Add(2 * time.Second))
		reply, err := io.ReadAll(client)
		if err != nil || string(reply) != "answer" {
			t.Fatalf("client read %q, %v after closing its writing side", reply, err)
		}
	}
}

func TestLargePayloadBothWays(t *testing.T) {
	cfg, _ := startTestRelay(t, 1)
	testAgent(t, cfg, 1, echo)
	payload := make([]byte, 20<<20)
	rand.Read(payload)
	client := dial(t, cfg.Ports[0])
	client.SetDeadline(time.Now().Add(30 * time.Second))
	go func() {
		client.Write(payload)
		client.CloseWrite()
	}()
	reply := sha256.New()
	n, err := io.Copy(reply, client)
	if err != nil || n != int64(len(payload)) {
		t.Fatalf("received %d bytes, %v; want %d", n, err, len(payload))
	}
	if want := sha256.Sum256(payload); !bytes.Equal(reply.Sum(nil), want[:]) {
		t.Fatal("the echoed payload differs from the one sent")
	}
}

func TestConcurrentFrontendsAreAllServed(t *testing.T) {
	cfg, _ := startTestRelay(t, 1)
	testAgent(t, cfg, 4, echo)
	const clients = 50
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.DialTimeout("tcp", addr(cfg.Ports[0]), 2*time.Second)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(20 * time.Second))
			message := fmt.Sprintf("client %d says hello", i)
			io.WriteString(c, message)
			c.(*net.TCPConn).CloseWrite()
			reply, err := io.ReadAll(c)
			if err != nil || string(reply) != message {
				errs <- fmt.Errorf("client %d got %q, %v", i, reply, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestFrontendWithoutStandbyIsClosedAfterTheWait(t *testing.T) {
	defer func(wait time.Duration) { standbyWait = wait }(standbyWait)
	standbyWait = 300 * time.Millisecond
	cfg, log := startTestRelay(t, 1)
	start := time.Now()
	client := dial(t, cfg.Ports[0])
	awaitClosedByRelay(t, client, 3*time.Second)
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Fatalf("closed after %v, before the wait ended", waited)
	}
	want := fmt.Sprintf("no tunnel from the berth process within 300ms for port %d", cfg.Ports[0])
	if !strings.Contains(log.String(), want) {
		t.Fatalf("log lacks %q:\n%s", want, log.String())
	}
}

func TestFrontendWaitsForAStandbyAndSkipsOnesClosedWhileIdle(t *testing.T) {
	cfg, _ := startTestRelay(t, 1)
	gone := attachStandby(t, cfg, testKey)
	awaitStatus(t, cfg, "ready")
	gone.Close()
	awaitStatus(t, cfg, "waiting")
	client := dial(t, cfg.Ports[0])
	time.Sleep(100 * time.Millisecond) // the container connection now waits for a standby
	standby := attachStandby(t, cfg, testKey)
	io.WriteString(client, "ping")
	standby.SetReadDeadline(time.Now().Add(2 * time.Second))
	if port, err := readPort(standby); err != nil || port != cfg.Ports[0] {
		t.Fatalf("late standby: port %d, %v", port, err)
	}
	got := make([]byte, 4)
	if _, err := io.ReadFull(standby, got); err != nil || string(got) != "ping" {
		t.Fatalf("late standby carried %q, %v", got, err)
	}
}

func TestRelayReadyExitCodes(t *testing.T) {
	cfg, _ := startTestRelay(t, 1)
	env := fmt.Sprintf(`{"controlPort": %d, "key": %q, "ports": [%d]}`, cfg.ControlPort, cfg.Key, cfg.Ports[0])
	var stderr bytes.Buffer
	if code := relayReady(env, &stderr); code != 1 || !strings.Contains(stderr.String(), `"waiting"`) {
		t.Fatalf("without an agent: exit %d, stderr %q; want 1 and the answer", code, stderr.String())
	}
	attachStandby(t, cfg, testKey)
	awaitStatus(t, cfg, "ready")
	stderr.Reset()
	if code := relayReady(env, &stderr); code != 0 {
		t.Fatalf("with a standby: exit %d, stderr %q; want 0", code, stderr.String())
	}
	closed := freePorts(t, 1)[0]
	stderr.Reset()
	noRelay := fmt.Sprintf(`{"controlPort": %d, "key": "k", "ports": [%d]}`, closed, cfg.Ports[0])
	if code := relayReady(noRelay, &stderr); code != 1 || !strings.Contains(stderr.String(), "refused") {
		t.Fatalf("no relay listening: exit %d, stderr %q; want 1 and the dial error", code, stderr.String())
	}
	stderr.Reset()
	if code := relayReady(`{"controlPort": 4117}`, &stderr); code != 1 || !strings.Contains(stderr.String(), "BERTH_RELAY.key") {
		t.Fatalf("invalid config: exit %d, stderr %q", code, stderr.String())
	}
}

func TestRelayRefusesAPortInUse(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	cfg := RelayConfig{ControlPort: freePorts(t, 1)[0], Key: testKey, Ports: []int{port}}
	_, err = startRelay(cfg, "127.0.0.1", (&relayLog{}).logf)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("port %d", port)) {
		t.Fatalf("a frontend in use must fail naming it, got %v", err)
	}
	// The control port bound before the failure was let go.
	if l, err := net.Listen("tcp", addr(cfg.ControlPort)); err != nil {
		t.Fatalf("control port still held: %v", err)
	} else {
		l.Close()
	}
}

func TestOldestStandbyIsTakenFirst(t *testing.T) {
	cfg, _ := startTestRelay(t, 1)
	oldest := attachStandby(t, cfg, testKey)
	awaitStatus(t, cfg, "ready")
	newer := attachStandby(t, cfg, testKey)
	time.Sleep(100 * time.Millisecond) // attached on the relay's side too
	dial(t, cfg.Ports[0])
	oldest.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := readPort(oldest); err != nil {
		t.Fatalf("the oldest standby did not get the connection: %v", err)
	}
	newer.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if n, err := newer.Read(make([]byte, 2)); n > 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the newer standby must stay idle, read %d bytes, %v", n, err)
	}
}
