package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// An exec pod's events also go straight to the engine when the chain ends, so the engine has the
// results at once instead of when the kubelet next notices the container ended (its relist runs
// once a second) and reports the pod finished. The pod log stays the record: a report that
// cannot be sent changes nothing but the speed.

// reportEnv holds {"url": ..., "token": ...}; removed from the environment before any step runs.
const reportEnv = "BERTH_REPORT"

// reportLimit bounds what is kept in memory for the report; beyond it the engine reads the log.
const reportLimit = 8 << 20

const reportTimeout = 3 * time.Second

type reportTarget struct {
	URL   string `json:"url"`
	Token string `json:"token"`
}

// report keeps a copy of every event line written, up to reportLimit.
type report struct {
	mu       sync.Mutex
	target   reportTarget
	events   bytes.Buffer
	overflow bool
}

// activeReport is nil when the engine asked for no report (services, Pipelines, older engines).
var activeReport *report

func parseReportTarget(value string) (*report, error) {
	if value == "" {
		return nil, nil
	}
	var target reportTarget
	if err := json.Unmarshal([]byte(value), &target); err != nil {
		return nil, fmt.Errorf("invalid %s: %v", reportEnv, err)
	}
	if target.URL == "" || target.Token == "" {
		return nil, fmt.Errorf("invalid %s: url and token are required", reportEnv)
	}
	return &report{target: target}, nil
}

func (r *report) keep(line []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.overflow {
		return
	}
	if r.events.Len()+len(line) > reportLimit {
		r.overflow = true
		r.events.Reset()
		return
	}
	r.events.Write(line)
}

// send posts the event lines; any failure is silent: the engine falls back to the pod log.
func (r *report) send(client *http.Client) error {
	r.mu.Lock()
	overflow := r.overflow
	body := append([]byte(nil), r.events.Bytes()...)
	r.mu.Unlock()
	if overflow {
		return fmt.Errorf("events exceed %d bytes: left to the pod log", reportLimit)
	}
	req, err := http.NewRequest(http.MethodPost, r.target.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+r.target.Token)
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the engine answered HTTP %d", resp.StatusCode)
	}
	return nil
}
