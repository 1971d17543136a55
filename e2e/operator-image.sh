#!/usr/bin/env bash
# Builds the operator image offline (Debian Java 17 runtime + the Quarkus app) and, when the local
# cluster is running, imports it so `helm install berth helm/berth` can use it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -f operator/target/quarkus-app/quarkus-run.jar ] || mvn -B -ntp -q -pl operator -am package -DskipTests
e2e/cluster/lib/build-images.sh operator
. e2e/cluster/versions.sh
sock="$BERTH_STATE/run/containerd.sock"
if [ -S "$sock" ]; then
  "$BERTH_CACHE/bin/containerd-$CONTAINERD_VERSION/ctr" --address "$sock" -n k8s.io images import \
    "$BERTH_CACHE/images/operator.tar" 2> >(grep -v 'cgroup v1 is deprecated' >&2)
fi
