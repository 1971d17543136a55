package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestReportPostsTheEventLinesWithTheToken(t *testing.T) {
	var got, auth string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got, auth = string(b), r.Header.Get("Authorization")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer server.Close()
	r, err := parseReportTarget(`{"url":"` + server.URL + `/exec-reports/ns/pod","token":"t0k"}`)
	if err != nil {
		t.Fatal(err)
	}
	r.keep([]byte(EventPrefix + `{"i":0,"t":"start"}` + "\n"))
	r.keep([]byte(EventPrefix + `{"i":1,"t":"done"}` + "\n"))
	if err := r.send(&http.Client{Timeout: time.Second}); err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer t0k" {
		t.Errorf("Authorization = %q", auth)
	}
	if !strings.HasSuffix(got, `{"i":1,"t":"done"}`+"\n") || strings.Count(got, EventPrefix) != 2 {
		t.Errorf("body = %q", got)
	}
}

func TestReportRefusedOrTooLargeIsAnErrorNotAPanic(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
	}))
	defer server.Close()
	r, _ := parseReportTarget(`{"url":"` + server.URL + `","token":"t"}`)
	r.keep([]byte("x\n"))
	if err := r.send(&http.Client{Timeout: time.Second}); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("err = %v", err)
	}
	big, _ := parseReportTarget(`{"url":"` + server.URL + `","token":"t"}`)
	big.keep(make([]byte, reportLimit))
	big.keep([]byte("one more\n"))
	if err := big.send(&http.Client{Timeout: time.Second}); err == nil || !strings.Contains(err.Error(), "pod log") {
		t.Errorf("err = %v", err)
	}
}

func TestReportTargetNeedsUrlAndToken(t *testing.T) {
	if r, err := parseReportTarget(""); r != nil || err != nil {
		t.Errorf("unset: %v %v", r, err)
	}
	if _, err := parseReportTarget(`{"url":"http://x"}`); err == nil {
		t.Error("a target without a token was accepted")
	}
	if _, err := parseReportTarget(`not json`); err == nil {
		t.Error("garbage was accepted")
	}
}
