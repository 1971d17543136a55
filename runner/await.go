package main

import (
	"net"
	"time"
)

// awaitTimeout bounds how long the runner waits for the bound services' ports; after it, the
// steps run anyway and a command that needs a service reports the failure itself. The services
// were Ready before this pod started, so only the network can keep it waiting, and on a loaded
// node that lasts: with 50 sessions starting at once on 2 cores, kube-router took over 30 s to
// admit new pods.
var awaitTimeout = 120 * time.Second

// The first retries are quick (the usual wait is a fraction of a second); later ones back off
// so that many waiting pods do not load a busy node with dials.
const (
	awaitFirstRetry = 50 * time.Millisecond
	awaitMaxRetry   = time.Second
)

// awaitPorts returns once every address (ip:port) accepted a TCP connection from this pod, or
// the timeout passed. The services were Ready before this pod started, but the network may not
// let this pod's new IP through yet: a CNI programs NetworkPolicies for a pod shortly after it
// appears, and rejects its packets until then (kube-router: "connection refused").
func awaitPorts(addresses []string, timeout time.Duration) []string {
	deadline := time.Now().Add(timeout)
	var missing []string
	retry := awaitFirstRetry
	for _, address := range addresses {
		for {
			c, err := net.DialTimeout("tcp", address, time.Second)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				missing = append(missing, address)
				break
			}
			time.Sleep(retry)
			if retry *= 2; retry > awaitMaxRetry {
				retry = awaitMaxRetry
			}
		}
	}
	return missing
}
