#!/usr/bin/env bash
# ctr against the local cluster's containerd, in the namespace the kubelet uses (k8s.io):
#   e2e/cluster/ctr.sh images ls -q
# Exits 3 when no local cluster runs here (tests that need it skip then).
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/versions.sh"
sock="$BERTH_STATE/run/containerd.sock"
ctr="$BERTH_CACHE/bin/containerd-$CONTAINERD_VERSION/ctr"
if [ ! -S "$sock" ] || [ ! -x "$ctr" ]; then
  echo "no local cluster containerd here ($sock)" >&2
  exit 3
fi
# ctr warns on every call that cgroup v1 is deprecated; this machine has no v2, so drop that line.
exec "$ctr" --address "$sock" -n k8s.io "$@" 2> >(grep -v 'cgroup v1 is deprecated' >&2)
