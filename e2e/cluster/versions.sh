# Versions of every component of the local cluster. Changing one rebuilds only that one:
# the build cache is keyed by these values.
K8S_VERSION=v1.36.3
K8S_STAGING_VERSION=v0.36.3
ETCD_VERSION=v3.6.16
CONTAINERD_VERSION=v2.2.9
RUNC_VERSION=v1.3.6
COREDNS_VERSION=v1.14.7
# The newest kube-router release the Go module proxy serves here; only its NetworkPolicy firewall runs.
KUBE_ROUTER_VERSION=v2.1.0
# Helm, to install Berth's chart on the local cluster and lint it.
HELM_VERSION=v3.22.0

# Berth's runner image (built from runner/ by build-images.sh); the engine's default.
BERTH_RUNNER_IMAGE=berth.local/runner:0.1.0
# The operator image (built from operator/ by e2e/operator-image.sh); the Helm chart's default.
BERTH_OPERATOR_IMAGE=berth.local/operator:0.1.0

# Where built binaries and images are kept between runs (outside the checkout, so a fresh clone reuses them).
BERTH_CACHE=${BERTH_CACHE:-/var/cache/berth}
# Where a running cluster keeps its state: certificates, etcd data, logs, pid files, kubeconfig.
BERTH_STATE=${BERTH_STATE:-/var/lib/berth-cluster}

# Addresses: everything lives in 198.18.0.0/15 (RFC 2544 benchmarking range) on a bridge this script creates.
BRIDGE_NAME=${BRIDGE_NAME:-berth0}
NODE_IP=198.18.0.1          # the bridge's address; the node's InternalIP and every control-plane listener
NODE_CIDR=198.18.0.1/24
POD_CIDR=198.18.0.0/24      # pods get 198.18.0.2 .. 198.18.0.254 from host-local IPAM on the bridge
SERVICE_CIDR=198.19.0.0/24
KUBERNETES_SERVICE_IP=198.19.0.1
DNS_SERVICE_IP=198.19.0.10
CLUSTER_DOMAIN=cluster.local
NODE_NAME=berth-node
