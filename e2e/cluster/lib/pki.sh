# Certificates and keys for the local cluster, generated with openssl into $PKI. Sourced.
PKI="$BERTH_STATE/pki"

# issue_cert NAME CN ORG SAN  -- a key + certificate signed by the cluster CA.
# ORG may be empty; SAN is an openssl subjectAltName value or empty for client-only certs.
issue_cert() {
  local name=$1 cn=$2 org=$3 san=$4
  [ -f "$PKI/$name.crt" ] && return 0
  local subj="/CN=$cn"; [ -n "$org" ] && subj="/O=$org$subj"
  local ext="$PKI/$name.ext"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 365 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

# kubeconfig NAME CERT_NAME  -- a kubeconfig authenticating with the named client certificate.
write_kubeconfig() {
  local file=$1 cert=$2
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: berth-local
  cluster:
    server: https://$NODE_IP:6443
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: $cert
  user:
    client-certificate-data: $(base64 -w0 "$PKI/$cert.crt")
    client-key-data: $(base64 -w0 "$PKI/$cert.key")
contexts:
- name: berth-local
  context:
    cluster: berth-local
    user: $cert
current-context: berth-local
EOF
  chmod 600 "$file"
}

generate_pki() {
  mkdir -p "$PKI"; chmod 700 "$PKI"
  if [ ! -f "$PKI/ca.crt" ]; then
    step "generating the cluster CA and certificates"
    openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$PKI/ca.key" -subj "/CN=berth-local-ca" \
      -days 365 -sha256 -out "$PKI/ca.crt" 2>/dev/null
  fi
  local api_san="DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:localhost,IP:$NODE_IP,IP:$KUBERNETES_SERVICE_IP,IP:127.0.0.1"
  issue_cert apiserver kube-apiserver "" "$api_san"
  issue_cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters ""
  issue_cert admin berth-admin system:masters ""
  issue_cert controller-manager system:kube-controller-manager "" ""
  issue_cert scheduler system:kube-scheduler "" ""
  issue_cert kube-proxy system:kube-proxy "" ""
  issue_cert kube-router system:kube-router "" ""
  issue_cert kubelet "system:node:$NODE_NAME" system:nodes ""
  issue_cert kubelet-serving "system:node:$NODE_NAME" system:nodes "DNS:$NODE_NAME,IP:$NODE_IP"
  if [ ! -f "$PKI/sa.key" ]; then
    openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
  for c in admin controller-manager scheduler kube-proxy kube-router kubelet; do
    write_kubeconfig "$BERTH_STATE/$c.kubeconfig" "$c"
  done
}
