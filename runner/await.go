package main

import (
	"net"
	"time"
)

// awaitTimeout bounds how long the runner waits for the bound services' ports; after it, the
// steps run anyway and a command that needs a service reports the failure itself.
var awaitTimeout = 30 * time.Second

const awaitRetry = 50 * time.Millisecond

// awaitPorts returns once every address (ip:port) accepted a TCP connection from this pod, or
// the timeout passed. The services were Ready before this pod started, but the network may not
// let this pod's new IP through yet: a CNI programs NetworkPolicies for a pod shortly after it
// appears, and rejects its packets until then (kube-router: "connection refused").
func awaitPorts(addresses []string, timeout time.Duration) []string {
	deadline := time.Now().Add(timeout)
	var missing []string
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
			time.Sleep(awaitRetry)
		}
	}
	return missing
}
