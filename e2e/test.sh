#!/usr/bin/env bash
# The test command: build + unit tests, then end-to-end tests on a real Kubernetes.
# With KUBECONFIG set, the e2e tests use that cluster; otherwise a local cluster is built from
# upstream sources (cached under /var/cache/berth), started, used and stopped again.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
T0=$(date +%s)
say() { printf '[berth-test +%4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

MVN=(mvn -B -ntp)

say "build and unit tests"
"${MVN[@]}" install
say "generated CRDs are committed"
e2e/check-crds.sh
(cd runner && go vet ./... && go test ./...)

say "Helm chart lint"
. e2e/cluster/versions.sh
HELM=$(e2e/helm-path.sh)
"$HELM" lint --strict helm/berth

started_cluster=
local_cluster=
cleanup() {
  if [ -n "$started_cluster" ]; then
    say "stopping the local cluster"
    e2e/cluster/cluster.sh down || true
  fi
}
trap cleanup EXIT

if [ -z "${KUBECONFIG:-}" ]; then
  # A local cluster that was already running is used and left running; one we start, we stop.
  if e2e/cluster/cluster.sh status >/dev/null 2>&1; then
    say "using the local cluster that is already running"
  else
    say "no KUBECONFIG: starting the local cluster (e2e/cluster/cluster.sh up)"
    started_cluster=1
  fi
  e2e/cluster/cluster.sh up
  eval "$(e2e/cluster/cluster.sh env)"
  local_cluster=1
else
  say "using the existing cluster in KUBECONFIG=$KUBECONFIG"
fi

say "end-to-end tests"
"${MVN[@]}" verify -Pe2e -pl e2e

# Through the Helm chart, after the tests above (their in-JVM operators must not run beside it).
if [ -n "$local_cluster" ] || [ "${BERTH_HELM_E2E:-}" = 1 ]; then
  say "end-to-end through the Helm chart"
  [ -n "$local_cluster" ] && e2e/operator-image.sh
  e2e/helm-e2e.sh
else
  say "skipping the Helm end-to-end test: load the operator image into the cluster and set BERTH_HELM_E2E=1"
fi
say "all tests passed"
