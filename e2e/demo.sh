#!/usr/bin/env bash
# The main demo: start the local cluster (unless KUBECONFIG points at one) and run the seed's
# HTTP service with a client that fetches "Hello, world!" from it by name, health-checked first.
# The cluster keeps running afterwards; stop it with: e2e/cluster/cluster.sh down
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${KUBECONFIG:-}" ]; then
  e2e/cluster/cluster.sh up
  eval "$(e2e/cluster/cluster.sh env)"
fi
kubectl delete namespace berth-demo --ignore-not-found --wait=true >/dev/null
kubectl apply -f e2e/examples/seed-http-service.yaml
kubectl -n berth-demo wait --for=condition=Ready pod/www --timeout=180s
kubectl apply -f e2e/examples/seed-http-client.yaml
kubectl -n berth-demo wait --for=jsonpath='{.status.phase}'=Succeeded pod/client --timeout=180s
echo "--- the client's output:"
kubectl -n berth-demo logs client; echo
kubectl delete namespace berth-demo --wait=false >/dev/null
