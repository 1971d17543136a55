# Starting and stopping the cluster's host processes, each tracked by a pid file. Sourced.
PIDS="$BERTH_STATE/pids"
LOGDIR="$BERTH_STATE/logs"

is_running() { local f="$PIDS/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }

# start_component NAME CMD...  -- runs CMD in its own session, logging to $LOGDIR/NAME.log.
start_component() {
  local name=$1; shift
  mkdir -p "$PIDS" "$LOGDIR"
  if is_running "$name"; then step "$name already running (pid $(cat "$PIDS/$name.pid"))"; return 0; fi
  step "starting $name"
  setsid "$@" >>"$LOGDIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$PIDS/$name.pid"
}

# stop_component NAME  -- SIGTERM, then SIGKILL after 10 s; only the pid we recorded.
stop_component() {
  local name=$1 f="$PIDS/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    step "stopped $name (pid $pid)"
  fi
  rm -f "$f"
}

# wait_for WHAT SECONDS CMD...  -- polls CMD until it succeeds; fails with the component's log tail.
wait_for() {
  local what=$1 secs=$2; shift 2
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      for l in "$LOGDIR"/*.log; do echo "--- $l" >&2; tail -n 15 "$l" >&2; done
      die "timed out after ${secs}s waiting for $what"
    fi
    sleep 1
  done
}
