#!/usr/bin/env bash
# Prints the helm binary the scripts use: the one on PATH, else Helm built from source and cached
# (e2e/cluster/lib/build-binaries.sh; its progress goes to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v helm; then
  exit 0
fi
. e2e/cluster/versions.sh
e2e/cluster/lib/build-binaries.sh helm >&2
echo "$BERTH_CACHE/bin/helm-$HELM_VERSION/helm"
