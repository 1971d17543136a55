#!/usr/bin/env bash
# A real single-node Kubernetes built from upstream sources, for machines with no cluster,
# no Docker and no registry. See e2e/cluster/README.md.
#
#   cluster.sh build    build (once, cached) every binary and image
#   cluster.sh up       build if needed, then start the cluster; idempotent
#   cluster.sh status   report each component
#   cluster.sh down     stop exactly what `up` started and remove its state
#   cluster.sh env      print `export KUBECONFIG=...`
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/common.sh"
. "$HERE/lib/pki.sh"
. "$HERE/lib/network.sh"
. "$HERE/lib/process.sh"

K8S_BIN=$(bin_dir kubernetes "$K8S_VERSION")
ETCD_BIN=$(bin_dir etcd "$ETCD_VERSION")
CTRD_BIN=$(bin_dir containerd "$CONTAINERD_VERSION")
RUNC_BIN=$(bin_dir runc "$RUNC_VERSION")
ROUTER_BIN=$(bin_dir kube-router "$KUBE_ROUTER_VERSION")
CTRD_SOCK="$BERTH_STATE/run/containerd.sock"
KUBECONFIG_ADMIN="$BERTH_STATE/admin.kubeconfig"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy kube-router)

kubectl_admin() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }
# ctr warns on every call that cgroup v1 is deprecated; this machine has no v2, so drop that line.
ctr_k8s() { "$CTRD_BIN/ctr" --address "$CTRD_SOCK" -n k8s.io "$@" 2> >(grep -v 'support for cgroup v1 is deprecated' >&2); }

require_root() { [ "$(id -u)" = 0 ] || die "the local cluster needs root (network, mounts, containers)"; }

# Debian packages the cluster needs at run time and for its build.
install_packages() {
  local need=()
  command -v iptables >/dev/null || need+=(iptables)
  command -v ipset >/dev/null || need+=(ipset)
  command -v conntrack >/dev/null || need+=(conntrack)
  command -v openssl >/dev/null || need+=(openssl)
  command -v envsubst >/dev/null || need+=(gettext-base)
  [ -x /usr/lib/cni/bridge ] || need+=(containernetworking-plugins)
  [ -f /usr/include/seccomp.h ] || need+=(libseccomp-dev)
  command -v pkg-config >/dev/null || need+=(pkg-config)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  command -v umoci >/dev/null || need+=(umoci)
  command -v skopeo >/dev/null || need+=(skopeo)
  [ ${#need[@]} -eq 0 ] && return 0
  run_logged "installing Debian packages: ${need[*]}" "$BERTH_CACHE/logs/apt.log" \
    sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${need[*]}"
}

cmd_build() {
  require_root
  mkdir -p "$BERTH_CACHE/logs"
  install_packages
  "$HERE/lib/build-binaries.sh"
  "$HERE/lib/build-images.sh"
}

start_etcd() {
  start_component etcd "$ETCD_BIN/etcd" --name berth --data-dir "$BERTH_STATE/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster berth=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381 \
    --quota-backend-bytes 4294967296 --log-level warn
  wait_for "etcd health" 60 curl -fsS http://127.0.0.1:2379/health
}

# Audit log of the requests of workloads' service accounts (not kube-system's controllers), at
# Metadata level: e2e/helm-e2e.sh compares what the operator's account did with the chart's RBAC.
AUDIT_POLICY="$BERTH_STATE/audit-policy.yaml"
AUDIT_LOG="$BERTH_STATE/logs/kube-apiserver-audit.jsonl"   # not *.log: wait_for tails those
write_audit_policy() {
  write_if_changed "$AUDIT_POLICY" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: None
  userGroups: ["system:serviceaccounts:kube-system"]
- level: Metadata
  userGroups: ["system:serviceaccounts"]
EOF
}

start_apiserver() {
  mkdir -p "$BERTH_STATE/logs"
  write_audit_policy
  start_component kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers http://127.0.0.1:2379 \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port 6443 \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --client-ca-file "$PKI/ca.crt" --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$PKI/ca.crt" --kubelet-preferred-address-types InternalIP \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-account-issuer "https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --audit-policy-file "$AUDIT_POLICY" --audit-log-path "$AUDIT_LOG" \
    --audit-log-maxsize 200 --audit-log-maxbackup 1 \
    --allow-privileged=true --profiling=false --v=1
  wait_for "kube-apiserver /readyz" 120 kubectl_admin get --raw /readyz
}

start_controllers() {
  start_component kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$BERTH_STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$BERTH_STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$BERTH_STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --allocate-node-cidrs=true --cluster-cidr "$POD_CIDR" --node-cidr-mask-size 24 \
    --service-cluster-ip-range "$SERVICE_CIDR" --v=1
  start_component kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig "$BERTH_STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig "$BERTH_STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig "$BERTH_STATE/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --v=1
}

start_containerd() {
  mkdir -p "$BERTH_STATE/containerd" "$BERTH_STATE/run"
  write_if_changed "$BERTH_STATE/containerd/config.toml" <<EOF
version = 3
root = "$BERTH_STATE/containerd/root"
state = "$BERTH_STATE/containerd/state"
disabled_plugins = ["io.containerd.nri.v1.nri"]

[grpc]
  address = "$CTRD_SOCK"

[ttrpc]
  address = "$CTRD_SOCK.ttrpc"

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "registry.k8s.io/pause:3.10.1"

[plugins.'io.containerd.cri.v1.runtime']
  # Network namespaces live under our state dir, so the "down" command finds and removes every one.
  netns_mounts_under_state_dir = true
  # This machine's root may raise oom_score_adj but not lower it (the kubelet asks -998 for sandboxes).
  restrict_oom_score_adj = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
      BinaryName = "$RUNC_BIN/runc"
      Root = "$BERTH_STATE/run/runc"
      SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["/usr/lib/cni"]
    conf_dir = "$BERTH_STATE/cni/net.d"

[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = "127.0.0.1"
EOF
  start_component containerd env PATH="$CTRD_BIN:$RUNC_BIN:$PATH" \
    "$CTRD_BIN/containerd" --config "$BERTH_STATE/containerd/config.toml"
  wait_for "containerd socket" 60 "$CTRD_BIN/ctr" --address "$CTRD_SOCK" version
}

import_images() {
  local list="$BERTH_CACHE/images/list"
  [ -f "$list" ] || die "no image list at $list; run: $0 build"
  while IFS= read -r tar; do
    [ -n "$tar" ] || continue
    local stamp="$BERTH_STATE/containerd/imported-$(basename "$tar").$(stat -c %Y "$tar")"
    [ -f "$stamp" ] && continue
    step "importing image $(basename "$tar" .tar)"
    ctr_k8s images import "$tar" >/dev/null
    touch "$stamp"
  done <"$list"
}

start_kubelet() {
  mkdir -p "$BERTH_STATE/kubelet" "$BERTH_STATE/pod-logs"
  echo "nameserver $DNS_SERVICE_IP" >"$BERTH_STATE/resolv.conf"
  write_if_changed "$BERTH_STATE/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$CTRD_SOCK
address: $NODE_IP
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$DNS_SERVICE_IP]
resolvConf: $BERTH_STATE/resolv.conf
podLogsDir: $BERTH_STATE/pod-logs
failSwapOn: false
serializeImagePulls: false
# Images are imported, never pulled: keep the image GC away from them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
rotateCertificates: false
EOF
  start_component kubelet "$K8S_BIN/kubelet" --config "$BERTH_STATE/kubelet/config.yaml" \
    --kubeconfig "$BERTH_STATE/kubelet.kubeconfig" --root-dir "$BERTH_STATE/kubelet" \
    --hostname-override "$NODE_NAME" --node-ip "$NODE_IP" --v=1
  wait_for "node $NODE_NAME to register" 120 kubectl_admin get node "$NODE_NAME"
}

start_kube_proxy() {
  write_if_changed "$BERTH_STATE/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $BERTH_STATE/kube-proxy.kubeconfig}
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_CIDR
# NodePorts only on the node address, never on the machine's own network.
nodePortAddresses: ["$NODE_IP/32"]
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# Leave the machine's conntrack sysctls alone.
conntrack: {maxPerCore: 0}
EOF
  start_component kube-proxy "$K8S_BIN/kube-proxy" --config "$BERTH_STATE/kube-proxy.yaml" --v=1
}

start_kube_router() {
  kubectl_admin apply -f "$HERE/manifests/kube-router-rbac.yaml" >/dev/null
  start_component kube-router "$ROUTER_BIN/kube-router" --kubeconfig "$BERTH_STATE/kube-router.kubeconfig" \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --hostname-override "$NODE_NAME" --metrics-port 0 --health-port 20244 --v=1
}

install_coredns() {
  CLUSTER_DOMAIN=$CLUSTER_DOMAIN COREDNS_VERSION=$COREDNS_VERSION DNS_SERVICE_IP=$DNS_SERVICE_IP \
    envsubst '${CLUSTER_DOMAIN} ${COREDNS_VERSION} ${DNS_SERVICE_IP}' <"$HERE/manifests/coredns.yaml" \
    | kubectl_admin apply -f - >/dev/null
}

# True when any component recorded in the state directory is still running.
any_running() { local c; for c in "${COMPONENTS[@]}"; do is_running "$c" && return 0; done; return 1; }

cmd_up() {
  require_root
  cmd_build
  # A machine restart (or a killed session) leaves state behind with nothing running: mounts,
  # network namespaces, the bridge. Clear it so this start is as clean as the first one.
  if [ -d "$BERTH_STATE" ] && ! any_running; then
    step "found the state of a cluster that is no longer running; cleaning it up first"
    cmd_down
  fi
  mkdir -p "$BERTH_STATE"
  generate_pki
  network_up
  start_etcd
  start_apiserver
  start_controllers
  start_containerd
  import_images
  start_kubelet
  start_kube_proxy
  start_kube_router
  install_coredns
  step "waiting for the node and cluster DNS to be Ready"
  wait_for "node Ready" 180 kubectl_admin wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s
  wait_for "CoreDNS pod" 60 sh -c "'$K8S_BIN/kubectl' --kubeconfig '$KUBECONFIG_ADMIN' -n kube-system get pods -l k8s-app=kube-dns -o name | grep -q ."
  wait_for "CoreDNS Ready" 180 kubectl_admin -n kube-system wait --for=condition=Ready pod -l k8s-app=kube-dns --timeout=5s
  wait_for "default service account" 60 kubectl_admin -n default get serviceaccount default
  step "cluster is up: Kubernetes $K8S_VERSION on node $NODE_NAME ($NODE_IP)"
  cmd_env
}

cmd_env() {
  echo "export KUBECONFIG=$KUBECONFIG_ADMIN"
  echo "export PATH=$K8S_BIN:\$PATH   # kubectl $K8S_VERSION"
}

cmd_status() {
  local rc=0
  for c in "${COMPONENTS[@]}"; do
    if is_running "$c"; then printf '%-24s running (pid %s)\n' "$c" "$(cat "$PIDS/$c.pid")"
    else printf '%-24s stopped\n' "$c"; rc=1; fi
  done
  if is_running kube-apiserver; then
    kubectl_admin get nodes -o wide 2>&1 || rc=1
    kubectl_admin -n kube-system get pods 2>&1 || rc=1
  fi
  return $rc
}

# Kills every container process the kubelet started (they live in the kubepods cgroups) and the
# containerd shims (processes running our own shim binary), then removes the emptied cgroups.
kill_containers() {
  local f pid
  for f in $(find /sys/fs/cgroup/pids/kubepods -name cgroup.procs 2>/dev/null); do
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$f"
  done
  for f in /proc/[0-9]*/exe; do
    if [ "$(readlink "$f" 2>/dev/null)" = "$CTRD_BIN/containerd-shim-runc-v2" ]; then
      pid=${f#/proc/}; kill -KILL "${pid%/exe}" 2>/dev/null || true
    fi
  done
  sleep 1
  # Empty cgroups are removed deepest first.
  for ctl in /sys/fs/cgroup/*/; do
    if [ -d "$ctl/kubepods" ]; then find "$ctl/kubepods" -depth -type d -exec rmdir {} \; 2>/dev/null || true; fi
  done
}

unmount_state() {
  local m
  for m in $(awk -v d="$BERTH_STATE/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
}

cmd_down() {
  require_root
  [ -d "$BERTH_STATE" ] || { step "nothing to stop: $BERTH_STATE does not exist"; network_down; return 0; }
  stop_component kube-router
  [ -x "$ROUTER_BIN/kube-router" ] && "$ROUTER_BIN/kube-router" --cleanup-config >/dev/null 2>&1 || true
  stop_component kube-proxy
  [ -x "$K8S_BIN/kube-proxy" ] && "$K8S_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  stop_component kubelet
  kill_containers
  stop_component containerd
  kill_containers
  for c in kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_component "$c"; done
  unmount_state
  network_down
  rm -rf "$BERTH_STATE"
  step "cluster is down; state removed ($BERTH_STATE), build cache kept ($BERTH_CACHE)"
}

[ "${BERTH_CLUSTER_NO_MAIN:-}" = 1 ] && return 0
case "${1:-}" in
  build) cmd_build ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
