#!/usr/bin/env bash
# The main demo: Berth installed with Helm runs the seed's HTTP service and its client.
#   1. the local cluster (unless KUBECONFIG points at one),
#   2. the operator image, built offline and loaded into the local cluster,
#   3. `helm upgrade --install berth helm/berth`,
#   4. `kubectl apply` of e2e/examples/pipelines/http-service.yaml: a python http.server service,
#      health-checked, bound as "www" to an alpine client running `wget -O- http://www:8080`,
#   5. the Pipeline's status: phase, steps, and the client's stdout ("Hello, world!"),
#   6. the berth CLI, built if needed, for `cli/bin/berth run -- ...`.
# The cluster and Berth keep running afterwards; `e2e/cluster/cluster.sh down` stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. e2e/cluster/versions.sh
say() { printf '\n== %s\n' "$*"; }

if [ -z "${KUBECONFIG:-}" ]; then
  say "local cluster"
  e2e/cluster/cluster.sh up
  eval "$(e2e/cluster/cluster.sh env)"
  say "operator image"
  e2e/operator-image.sh
fi
HELM=$(e2e/helm-path.sh)

say "helm upgrade --install berth helm/berth"
"$HELM" upgrade --install berth helm/berth --namespace berth-system --create-namespace --wait --timeout 5m
kubectl -n berth-system get pods

say "kubectl apply -f e2e/examples/pipelines/http-service.yaml"
kubectl create namespace berth-demo --dry-run=client -o yaml | kubectl apply -f - >/dev/null
kubectl -n berth-demo delete pipeline http-service --ignore-not-found --wait=true >/dev/null
kubectl -n berth-demo apply -f e2e/examples/pipelines/http-service.yaml
kubectl -n berth-demo wait --for=jsonpath='{.status.phase}'=Succeeded pipeline/http-service --timeout=300s \
  || { kubectl -n berth-demo get pipeline http-service -o yaml; exit 1; }
kubectl -n berth-demo get pipelines

say "the client's stdout, from the Pipeline's status"
kubectl -n berth-demo get pipeline http-service -o jsonpath='{.status.steps[0].stdout}'; echo

# So that the README's next command, cli/bin/berth run -- ..., starts at once (the launcher
# would otherwise build the CLI on its first use).
say "the berth CLI"
cli/bin/berth --version
echo "next: cli/bin/berth run -- node e2e/sdk/ts/seeds.mjs http   (see README.md)"
