# Shared helpers for the local-cluster scripts. Sourced, not run.
HERE_COMMON=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../versions.sh
. "$HERE_COMMON/../versions.sh"

BERTH_T0=${BERTH_T0:-$(date +%s)}
export BERTH_T0

# Progress line: elapsed seconds since the command started, then the message.
step() { printf '[berth-cluster +%4ss] %s\n' "$(( $(date +%s) - BERTH_T0 ))" "$*" >&2; }
die() { printf '[berth-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

# Run a long command with its output in a log file, printing a heartbeat every 30 s so the
# user sees which step is running and for how long. The log tail is shown on failure.
run_logged() {
  local what=$1 log=$2; shift 2
  mkdir -p "$(dirname "$log")"
  step "$what (log: $log)"
  local start=$(date +%s)
  "$@" >"$log" 2>&1 &
  local pid=$! last=$start now
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    now=$(date +%s)
    if (( now - last >= 30 )); then
      last=$now
      step "  ... still $what ($(( now - start ))s)"
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    die "$what failed (full log: $log)"
  fi
  step "  done: $what in $(( $(date +%s) - start ))s"
}

bin_dir() { echo "$BERTH_CACHE/bin/$1-$2"; }

# write_if_changed FILE  -- writes stdin to FILE only when it differs: a running kube-proxy exits
# when its configuration file changes, so a second `up` must leave identical files untouched.
write_if_changed() {
  local tmp; tmp=$(mktemp "$1.XXXXXX")
  cat >"$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}
