package main

import (
	"net"
	"testing"
	"time"
)

func TestAwaitPortsReturnsOnceAPortOpens(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := l.Addr().String()
	l.Close() // closed for now: connections are refused
	go func() {
		time.Sleep(300 * time.Millisecond)
		l2, err := net.Listen("tcp", address)
		if err != nil {
			return
		}
		defer l2.Close()
		c, _ := l2.Accept()
		if c != nil {
			c.Close()
		}
		time.Sleep(time.Second)
	}()
	started := time.Now()
	if missing := awaitPorts([]string{address}, 5*time.Second); len(missing) != 0 {
		t.Fatalf("missing %v", missing)
	}
	if waited := time.Since(started); waited < 250*time.Millisecond || waited > 3*time.Second {
		t.Errorf("waited %v, expected about 300 ms", waited)
	}
}

func TestAwaitPortsGivesUpAfterTheTimeoutNamingThePort(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	address := l.Addr().String()
	l.Close()
	missing := awaitPorts([]string{address}, 200*time.Millisecond)
	if len(missing) != 1 || missing[0] != address {
		t.Errorf("missing = %v", missing)
	}
}
