# The node's network: one bridge holding the node address and the pods, in 198.18.0.0/15. Sourced.
SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables)

network_up() {
  # Remember the sysctls we change so `down` can put them back.
  if [ ! -f "$BERTH_STATE/sysctl.saved" ]; then
    for s in "${SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done >"$BERTH_STATE/sysctl.saved"
  fi
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
  if ! ip link show "$BRIDGE_NAME" >/dev/null 2>&1; then
    step "creating bridge $BRIDGE_NAME ($NODE_CIDR)"
    ip link add "$BRIDGE_NAME" type bridge
    touch "$BERTH_STATE/bridge.created"
  fi
  ip addr replace "$NODE_CIDR" dev "$BRIDGE_NAME"
  ip link set "$BRIDGE_NAME" up
  mkdir -p "$BERTH_STATE/cni/net.d" "$BERTH_STATE/cni/ipam"
  # The bridge plugin attaches each pod with a veth; host-local hands out addresses from the node's pod range.
  cat >"$BERTH_STATE/cni/net.d/10-berth.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "berth",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE_NAME",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$BERTH_STATE/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR", "rangeStart": "198.18.0.10", "rangeEnd": "198.18.0.250", "gateway": "$NODE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
EOF
}

# Removes every iptables chain and ipset left by the cluster's components (kube-proxy, kube-router,
# kubelet, CNI). Our components name their chains with these prefixes; nothing else is touched.
iptables_sweep() {
  local table chain
  for ipt in iptables ip6tables; do
    command -v "$ipt" >/dev/null || continue
    for table in filter nat mangle raw; do
      # Drop jumps from built-in chains into ours, then flush and delete ours.
      local jumps; jumps=$("$ipt"-save -t "$table" 2>/dev/null | grep -E '^-A [A-Z]+ .*-j (KUBE-|CNI-)' || true)
      while read -r line; do
        [ -n "$line" ] || continue
        # shellcheck disable=SC2086  # the saved rule is re-split into its arguments on purpose
        eval "\"$ipt\" -t $table -D ${line#-A }" 2>/dev/null || true
      done <<<"$jumps"
      for chain in $("$ipt"-save -t "$table" 2>/dev/null | sed -nE 's/^:((KUBE-|CNI-)[^ ]+) .*/\1/p'); do
        "$ipt" -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $("$ipt"-save -t "$table" 2>/dev/null | sed -nE 's/^:((KUBE-|CNI-)[^ ]+) .*/\1/p'); do
        "$ipt" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
  if command -v ipset >/dev/null; then
    for set in $(ipset list -n 2>/dev/null | grep -E '^(KUBE-|kube-router)' || true); do
      ipset destroy "$set" 2>/dev/null || true
    done
  fi
}

network_down() {
  iptables_sweep
  if [ -f "$BERTH_STATE/bridge.created" ] || ip link show "$BRIDGE_NAME" >/dev/null 2>&1; then
    ip link del "$BRIDGE_NAME" 2>/dev/null || true
  fi
  if [ -f "$BERTH_STATE/sysctl.saved" ]; then
    while IFS= read -r kv; do sysctl -qw "$kv" || true; done <"$BERTH_STATE/sysctl.saved"
  fi
}
