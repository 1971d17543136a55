#!/usr/bin/env bash
# Builds every cluster binary from upstream Go modules, once per version, into $BERTH_CACHE/bin.
# Usage: build-binaries.sh [component...]   (default: all)
set -euo pipefail
. "$(dirname "$0")/common.sh"

export GOFLAGS=-buildvcs=false
export GOTOOLCHAIN=local
LOGS="$BERTH_CACHE/logs"

# A component is built when its output directory holds a .complete stamp.
built() { [ -f "$(bin_dir "$1" "$2")/.complete" ]; }
mark_built() { touch "$(bin_dir "$1" "$2")/.complete"; }

build_runc() {
  built runc "$RUNC_VERSION" && return 0
  local out; out=$(bin_dir runc "$RUNC_VERSION"); mkdir -p "$out"
  # runc needs cgo for libseccomp (Debian libseccomp-dev).
  run_logged "building runc $RUNC_VERSION" "$LOGS/runc.log" \
    env GOBIN="$out" CGO_ENABLED=1 go install -tags seccomp \
      -ldflags "-X main.version=${RUNC_VERSION#v}" "github.com/opencontainers/runc@$RUNC_VERSION"
  mark_built runc "$RUNC_VERSION"
}

build_containerd() {
  built containerd "$CONTAINERD_VERSION" && return 0
  local out; out=$(bin_dir containerd "$CONTAINERD_VERSION"); mkdir -p "$out"
  local pkg=github.com/containerd/containerd/v2
  run_logged "building containerd $CONTAINERD_VERSION" "$LOGS/containerd.log" \
    env GOBIN="$out" CGO_ENABLED=0 go install -tags "no_btrfs no_devmapper no_zfs" \
      -ldflags "-X $pkg/version.Version=$CONTAINERD_VERSION" \
      "$pkg/cmd/containerd@$CONTAINERD_VERSION" \
      "$pkg/cmd/containerd-shim-runc-v2@$CONTAINERD_VERSION" \
      "$pkg/cmd/ctr@$CONTAINERD_VERSION"
  mark_built containerd "$CONTAINERD_VERSION"
}

build_coredns() {
  built coredns "$COREDNS_VERSION" && return 0
  local out; out=$(bin_dir coredns "$COREDNS_VERSION"); mkdir -p "$out"
  run_logged "building coredns $COREDNS_VERSION" "$LOGS/coredns.log" \
    env GOBIN="$out" CGO_ENABLED=0 go install "github.com/coredns/coredns@$COREDNS_VERSION"
  mark_built coredns "$COREDNS_VERSION"
}

# `go install pkg@version` asks the proxy for the module's version list, which is refused here for
# kube-router; a wrapper module that requires the exact version avoids that request. The checksum
# database served here has no entry for this older release, so the proxy's copy is used as is.
build_kube_router() {
  built kube-router "$KUBE_ROUTER_VERSION" && return 0
  local out src; out=$(bin_dir kube-router "$KUBE_ROUTER_VERSION"); src="$BERTH_CACHE/src/kube-router-$KUBE_ROUTER_VERSION"
  mkdir -p "$out" "$src"
  printf 'module berth.local/kube-router-build\n\ngo 1.21\n\nrequire github.com/cloudnativelabs/kube-router/v2 %s\n' \
    "$KUBE_ROUTER_VERSION" >"$src/go.mod"
  (cd "$src" && run_logged "building kube-router $KUBE_ROUTER_VERSION" "$LOGS/kube-router.log" \
     env CGO_ENABLED=0 GONOSUMDB=github.com/cloudnativelabs/kube-router go build -mod=mod -ldflags "-s -w" \
       -o "$out/kube-router" github.com/cloudnativelabs/kube-router/v2/cmd/kube-router)
  mark_built kube-router "$KUBE_ROUTER_VERSION"
}

# etcd's server module has no main package of its own: a two-line wrapper calls etcdmain.
build_etcd() {
  built etcd "$ETCD_VERSION" && return 0
  local out src; out=$(bin_dir etcd "$ETCD_VERSION"); src="$BERTH_CACHE/src/etcd-$ETCD_VERSION"
  mkdir -p "$out" "$src"
  cat >"$src/go.mod" <<EOF
module berth.local/etcd-build

go 1.24
EOF
  cat >"$src/main.go" <<'EOF'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  (cd "$src" && run_logged "resolving etcd $ETCD_VERSION" "$LOGS/etcd-mod.log" \
     go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
  (cd "$src" && run_logged "building etcd $ETCD_VERSION" "$LOGS/etcd.log" \
     env CGO_ENABLED=0 go build -mod=mod -o "$out/etcd" .)
  mark_built etcd "$ETCD_VERSION"
}

# k8s.io/kubernetes cannot be built with `go install` (its go.mod replaces the staging modules
# with local paths), so a wrapper module requires it and points every k8s.io staging module at
# its published v0.x tag.
build_kubernetes() {
  built kubernetes "$K8S_VERSION" && return 0
  local out src; out=$(bin_dir kubernetes "$K8S_VERSION"); src="$BERTH_CACHE/src/kubernetes-$K8S_VERSION"
  mkdir -p "$out" "$src"
  local upstream_mod="$src/upstream.mod"
  (cd "$src" && run_logged "downloading k8s.io/kubernetes $K8S_VERSION go.mod" "$LOGS/kubernetes-mod.log" \
     sh -c "go mod download -json k8s.io/kubernetes@$K8S_VERSION > download.json")
  cp "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["GoMod"])' "$src/download.json")" "$upstream_mod"
  {
    echo "module berth.local/kubernetes-build"
    echo
    grep -E '^(go|godebug) ' "$upstream_mod"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    # Every `k8s.io/x => ./staging/src/k8s.io/x` line of upstream becomes `k8s.io/x => k8s.io/x v0.N.M`.
    sed -nE 's#^[[:space:]]*(k8s\.io/[^[:space:]]+) => \./staging/.*#\t\1 => \1 '"$K8S_STAGING_VERSION"'#p' "$upstream_mod"
    echo ")"
  } >"$src/go.mod"
  local minor; minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  local ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  local cmds=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
  local pkgs=(); for c in "${cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  # -mod=mod lets the go command write go.sum entries itself (no `go mod tidy`, which would chase test deps).
  (cd "$src" && run_logged "building Kubernetes $K8S_VERSION (${cmds[*]}; the longest step: about 12 min cold on 2 cores)" \
     "$LOGS/kubernetes.log" env CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "$ld" -o "$out/" "${pkgs[@]}")
  mark_built kubernetes "$K8S_VERSION"
}

build_helm() {
  built helm "$HELM_VERSION" && return 0
  local out; out=$(bin_dir helm "$HELM_VERSION"); mkdir -p "$out"
  run_logged "building helm $HELM_VERSION" "$LOGS/helm.log" \
    env GOBIN="$out" CGO_ENABLED=0 go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
      "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  mark_built helm "$HELM_VERSION"
}

ALL=(runc containerd etcd coredns kube_router kubernetes helm)
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")
command -v go >/dev/null || die "Go is required to build the cluster (go1.26+)"
for t in "${targets[@]}"; do "build_${t//-/_}"; done
step "binaries ready under $BERTH_CACHE/bin"
