#!/usr/bin/env bash
# Berth's benchmarks (not tests): bench/run.sh [suite...]   (default: every suite)
#
# A suite is a directory bench/<suite>/ with bench.mjs (run under `cli/bin/berth run`, Dagger's
# TypeScript SDK from e2e/sdk/ts) and figures.json (what is compared with what); see
# bench/README.md. Results: a table on stdout and docs/bench/<suite>.{csv,md,machine.json,png}.
#
# Needs a cluster with Berth installed (bash e2e/demo.sh). KUBECONFIG, else the local cluster.
# Env: BENCH_ROUNDS (default 10) samples a figure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export BENCH_ROUNDS=${BENCH_ROUNDS:-10}
OUT=docs/bench
say() { printf '\n== %s\n' "$*" >&2; }

# The local cluster's env: its KUBECONFIG unless one is set, and its kubectl first on PATH (the
# baseline is the kubectl of the cluster's version, not whichever one the machine has).
user_kubeconfig=${KUBECONFIG:-}
eval "$(bash e2e/cluster/cluster.sh env 2>/dev/null || true)"
[ -z "$user_kubeconfig" ] || export KUBECONFIG=$user_kubeconfig
if [ -z "${KUBECONFIG:-}" ]; then
  echo "bench: no KUBECONFIG and no local cluster (e2e/cluster/cluster.sh): nothing to run against" >&2
  exit 2
fi
if ! kubectl get --raw /readyz >/dev/null 2>&1; then
  echo "bench: cannot reach the cluster of KUBECONFIG=$KUBECONFIG (kubectl get --raw /readyz failed)" >&2
  exit 2
fi
if ! kubectl -n berth-system get service berth-operator >/dev/null 2>&1; then
  echo "bench: Berth is not installed in this cluster (no service berth-operator in namespace berth-system): run bash e2e/demo.sh first" >&2
  exit 2
fi

all_suites() { for d in bench/*/bench.mjs; do basename "$(dirname "$d")"; done; }
suites=("$@")
[ ${#suites[@]} -gt 0 ] || mapfile -t suites < <(all_suites)
for s in "${suites[@]}"; do
  if [ ! -f "bench/$s/bench.mjs" ] || [ ! -f "bench/$s/figures.json" ]; then
    echo "bench: no suite \"$s\" (a suite is bench/<name>/ with bench.mjs and figures.json; there are: $(all_suites | tr '\n' ' '))" >&2
    exit 2
  fi
done

# Dagger's TypeScript SDK, as the SDK tests use it; node finds it through bench/node_modules.
if [ ! -d e2e/sdk/ts/node_modules/@dagger.io/dagger ]; then
  say "npm ci in e2e/sdk/ts"
  (cd e2e/sdk/ts && npm ci --no-audit --no-fund) >&2
fi
ln -sfn ../e2e/sdk/ts/node_modules bench/node_modules

# matplotlib for the chart, in a venv of its own; without it the table and the CSV still come.
PYTHON=bench/.venv/bin/python
if [ ! -x "$PYTHON" ] || ! "$PYTHON" -c 'import matplotlib' 2>/dev/null; then
  say "python venv bench/.venv with matplotlib"
  { python3 -m venv bench/.venv && "$PYTHON" -m pip install -q -r bench/requirements.txt; } >&2 \
    || echo "bench: could not install matplotlib into bench/.venv: no chart, the CSV is still written" >&2
fi
[ -x "$PYTHON" ] || PYTHON=python3

failed=()
for s in "${suites[@]}"; do
  say "suite $s ($BENCH_ROUNDS rounds)"
  samples=$(mktemp "${TMPDIR:-/tmp}/bench-$s.XXXXXX.jsonl")
  started=$SECONDS
  if BENCH_SAMPLES="$samples" cli/bin/berth run -- node "bench/$s/bench.mjs"; then
    echo "bench: suite $s took $((SECONDS - started)) s" >&2
    "$PYTHON" bench/lib/report.py "$s" "$samples" "bench/$s/figures.json" "$OUT" || failed+=("$s")
  else
    echo "bench: suite $s failed (exit $?); nothing written for it" >&2
    failed+=("$s")
  fi
  rm -f "$samples"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
