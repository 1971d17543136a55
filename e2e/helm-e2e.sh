#!/usr/bin/env bash
# End to end through the Helm chart, as a user installs Berth: helm install with the locally
# built operator image, every example Pipeline applied with kubectl and checked from its status,
# the bad-input examples rejected at apply time, `berth run` against the in-cluster API, the
# operator pod killed mid-Pipeline, `watchNamespaces` narrowing Pipelines only, helm uninstall
# leaving no Berth pods or session namespaces, and the chart's RBAC against what Berth's accounts
# did (the API server's audit log). Needs KUBECONFIG and the operator image in the cluster
# (e2e/operator-image.sh). Prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."
. e2e/cluster/versions.sh
HELM=$(e2e/helm-path.sh)
NS=berth-helm-e2e
EX=e2e/examples/pipelines
passed=0; failed=0
# What the operator's account does from now on is compared with the chart's RBAC at the end.
SINCE=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)
AUDIT_LOG=${BERTH_AUDIT_LOG:-$BERTH_STATE/logs/kube-apiserver-audit.jsonl}
ok() { passed=$((passed + 1)); echo "PASS  $*"; }
bad() { failed=$((failed + 1)); echo "FAIL  $*"; }

# phase_of NAME [SECONDS]: the Pipeline's phase once terminal (waits up to 5 min), else what it is then.
phase_of() {
  local phase
  for _ in $(seq 1 "${2:-300}"); do
    phase=$(kubectl -n "$NS" get pipeline "$1" -o jsonpath='{.status.phase}' 2>/dev/null)
    case "$phase" in Succeeded|Failed) echo "$phase"; return;; esac
    sleep 1
  done
  echo "${phase:-none}"
}
field() { kubectl -n "$NS" get pipeline "$1" -o jsonpath="$2"; }

# api_forward: a port-forward to the in-cluster API (a pod of the Service, chosen now); prints
# the local port, its pid in API_FORWARD_PID.
api_forward() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  kubectl -n berth-system port-forward svc/berth-operator "$port:8080" >/dev/null 2>&1 &
  API_FORWARD_PID=$!
  for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
  echo "$port"
}
# api_session_open: opens an API session with the bootstrap credential; prints "ID TOKEN".
api_session_open() {
  local port boot answer
  api_forward >/tmp/berth-api-port.$$; port=$(cat /tmp/berth-api-port.$$)
  boot=$(kubectl -n berth-system get secret berth-operator-api -o jsonpath='{.data.bootstrap-token}' | base64 -d)
  answer=$(curl -fsS -X POST -H "Authorization: Bearer $boot" "http://127.0.0.1:$port/sessions" 2>&1)
  kill "$API_FORWARD_PID" 2>/dev/null
  python3 -c 'import json,sys; a=json.loads(sys.argv[1]); print(a["id"], a["token"])' "$answer" 2>/dev/null || { echo "$answer"; return 1; }
}
# api_query TOKEN QUERY: POSTs a GraphQL query (double quotes escaped) with the session's token.
api_query() {
  local port out
  api_forward >/tmp/berth-api-port.$$; port=$(cat /tmp/berth-api-port.$$)
  out=$(curl -sS -u "$1:" -H 'content-type: application/json' "http://127.0.0.1:$port/query" -d "{\"query\":\"$2\"}" 2>&1)
  kill "$API_FORWARD_PID" 2>/dev/null
  rm -f /tmp/berth-api-port.$$
  echo "$out"
}

# expect_pipeline NAME FILE PHASE JSONPATH NEEDLE: applies FILE, waits, checks phase and text.
expect_pipeline() {
  local name=$1 file=$2 want=$3 path=$4 needle=$5 phase text
  kubectl -n "$NS" apply -f "$file" >/dev/null
  phase=$(phase_of "$name")
  text=$(field "$name" "$path")
  if [ "$phase" = "$want" ] && [[ "$text" == *"$needle"* ]]; then
    ok "$name: $phase, $path contains \"$needle\""
  else
    bad "$name: phase $phase (want $want), $path = \"$text\" (want \"$needle\")"
    kubectl -n "$NS" get pipeline "$name" -o yaml | tail -40
  fi
}

echo "== helm install"
# A fresh install creates its leader-election Lease, and the RBAC check at the end expects that
# create: remove a Lease an earlier install left in the namespace (helm uninstall does not).
if ! "$HELM" status berth --namespace berth-system >/dev/null 2>&1; then
  kubectl -n berth-system delete lease berth-operator --ignore-not-found >/dev/null 2>&1
fi
# A short service grace period, to see the chart value reach the operator (the default is 10 s).
GRACE=3
"$HELM" upgrade --install berth helm/berth --namespace berth-system --create-namespace --wait --timeout 5m \
  --set serviceGracePeriodSeconds=$GRACE --set api.orphanedSessionSweepSeconds=5 \
  && ok "helm install: operator Ready" || bad "helm install"
kubectl create namespace "$NS" >/dev/null 2>&1

echo "== example Pipelines"
expect_pipeline http-service "$EX/http-service.yaml" Succeeded '{.status.steps[0].stdout}' "Hello, world!"
# The http service's last user was the step: its instance goes $GRACE s later, well before 10 s.
session=$(field http-service '{.status.session}')
left="no session recorded in the Pipeline's status"
for i in $(seq 1 16); do
  [ -n "$session" ] || break
  left=$(kubectl -n "$session" get serviceinstances -o name 2>&1)
  [ -z "$left" ] && break; sleep 0.5
done
[ -z "$left" ] && ok "serviceGracePeriodSeconds=$GRACE: idle service collected within 8 s of the step's end" \
  || bad "serviceGracePeriodSeconds=$GRACE: still there 8 s after the step: $left"
expect_pipeline redis-cache "$EX/redis-cache.yaml" Succeeded '{.status.steps[1].stdout}' "123"
expect_pipeline mariadb-app-tests "$EX/mariadb-app-tests.yaml" Succeeded '{.status.steps[0].stdout}' "Tests: 9"
expect_pipeline failing-step "$EX/failing-step.yaml" Failed '{.status.steps[1].exitCode} {.status.steps[1].stderr}' \
  "3 boom: the answer was not 42"

echo "== berth run: an API session starts a service, then stops it with kill"
# The CLI port-forwards to the in-cluster API; stop(kill) is the operator's one pods/exec.
if out=$(cli/bin/berth run -- sh e2e/api-stop-kill.sh 2>&1) && [[ "$out" == *stopped* ]]; then
  ok "berth run: service started and stopped with kill through the in-cluster API"
else
  bad "berth run: $out"
fi

echo "== berth run: up through the in-cluster API (the session channel rides the API's port-forward)"
if [ -f e2e/sdk/ts/node_modules/@dagger.io/dagger/package.json ]; then
  up_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if out=$(timeout 300 cli/bin/berth run -- node e2e/sdk/ts/seeds.mjs up "$up_port" 2>&1) \
      && [[ "$out" == *"Hello, world!"* ]]; then
    ok "berth run: up served the seed page on 127.0.0.1:$up_port through the in-cluster operator"
  else
    bad "berth run up: $out"
  fi
else
  echo "   (skipped: e2e/sdk/ts has no node_modules; the e2e tests install them)"
fi

echo "== berth run: host files through the in-cluster API (the operator's file store, uploads and exports over its port-forward)"
if [ -f e2e/sdk/ts/node_modules/@dagger.io/dagger/package.json ]; then
  files_out=$(mktemp -d)
  if out=$(timeout 300 cli/bin/berth run -- node e2e/sdk/ts/seeds.mjs files "$PWD/e2e/examples/files" \
        "$files_out/exported/copy.bin" 2>&1) && cmp -s e2e/examples/files/a.txt "$files_out/exported/copy.bin" \
      && [[ "$out" == *'"made":"made"'* ]] && [[ "$out" == *'"served":"hello from the host\n"'* ]]; then
    ok "berth run: a host directory copied into an exec and a service, a file read back and exported byte-identical"
  else
    bad "berth run files: $out"
  fi
  rm -rf "$files_out"
else
  echo "   (skipped: e2e/sdk/ts has no node_modules; the e2e tests install them)"
fi

# failover REPLICAS: `berth run` of e2e/api-failover.sh; once its 20 s exec is in flight, the
# operator pod serving the session (the Session's holder) is deleted; the script must finish.
failover() {
  local replicas=$1 go out sid holder pid rc
  go=$(mktemp -u); out=$(mktemp)
  FAILOVER_GO=$go timeout 300 cli/bin/berth run -- sh e2e/api-failover.sh >"$out" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q "in flight" "$out" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  sid=$(sed -n 's/^berth: session \([a-z0-9]*\) opened.*/\1/p' "$out" | head -1)
  holder=$(kubectl get session "$sid" -o jsonpath='{.status.holder}' 2>/dev/null)
  if [ -z "$holder" ]; then
    bad "failover ($replicas replica(s)): no holder for session \"$sid\": $(cat "$out")"; kill "$pid" 2>/dev/null; return
  fi
  kubectl -n berth-system delete pod "$holder" --wait=false >/dev/null
  touch "$go"
  wait "$pid"; rc=$?
  if [ "$rc" = 0 ] && grep -q finished "$out" && grep -q "exec in flight answered" "$out"; then
    ok "failover ($replicas replica(s)): operator pod $holder deleted mid-script; the exec in flight answered, the script finished ($(kubectl get session "$sid" -o name 2>/dev/null | wc -l) Session left)"
  else
    bad "failover ($replicas replica(s)), pod $holder deleted: berth run exited $rc: $(tail -20 "$out")"
  fi
  rm -f "$go" "$out"
}

echo "== operator failover: the pod serving a berth run session is deleted while an exec runs"
failover 1
kubectl -n berth-system rollout status deploy/berth-operator --timeout=180s >/dev/null
if "$HELM" upgrade berth helm/berth --namespace berth-system --reuse-values --wait --timeout 5m \
    --set replicaCount=2 >/dev/null; then
  failover 2
else
  bad "helm upgrade --set replicaCount=2"
fi
"$HELM" upgrade berth helm/berth --namespace berth-system --reuse-values --wait --timeout 5m \
  --set replicaCount=1 >/dev/null || bad "helm upgrade --set replicaCount=1"

echo "== bad input is rejected by kubectl apply, naming the field"
for f in "$EX"/invalid/*.yaml; do
  want=$(sed -n 's/^# expect: //p' "$f" | head -1)
  out=$(kubectl -n "$NS" apply -f "$f" 2>&1) && { bad "$(basename "$f"): accepted"; continue; }
  [[ "$out" == *"$want"* ]] && ok "$(basename "$f") rejected: $want" || bad "$(basename "$f"): got \"$out\""
done

echo "== the operator pod is deleted while a step runs; the step still runs exactly once"
key="restart-$(date +%s)"
kubectl -n "$NS" apply -f - >/dev/null <<EOF
apiVersion: berth.dev/v1alpha1
kind: Pipeline
metadata: {name: operator-restart}
spec:
  steps:
  - name: slow
    image: alpine
    caches: [{path: /count, volume: $key}]
    exec: [sh, -c, "echo run >> /count/runs; sleep 20; wc -l < /count/runs"]
  - name: after
    image: alpine
    exec: [echo, done]
EOF
for _ in $(seq 1 120); do
  [ "$(field operator-restart '{.status.steps[0].phase}')" = Running ] && break; sleep 1
done
# A raw API session (a token, no berth process) opened before the pod goes: it is recorded as a
# Session, so the replacement serves its token; helm uninstall closes it at the end.
raw_session=$(api_session_open) || bad "could not open a raw API session: $raw_session"
raw_id=${raw_session%% *}; raw_token=${raw_session#* }
kubectl -n berth-system delete pod -l app.kubernetes.io/name=berth --wait=false >/dev/null
phase=$(phase_of operator-restart)
runs=$(field operator-restart '{.status.steps[0].stdout}' | tr -d ' \n')
after=$(field operator-restart '{.status.steps[1].stdout}' | tr -d '\n')
if [ "$phase" = Succeeded ] && [ "$runs" = 1 ] && [ "$after" = done ]; then
  ok "operator-restart: Succeeded after the operator pod was replaced; the slow step ran once"
else
  bad "operator-restart: phase $phase, runs \"$runs\", next step \"$after\""
fi

out=$(api_query "$raw_token" '{ container { from(address: \"alpine\") { withExec(args: [\"echo\", \"after-restart\"]) { stdout } } } }' 2>&1)
origin=$(kubectl get session "$raw_id" -o jsonpath='{.spec.origin} {.status.state}' 2>&1)
[[ "$out" == *after-restart* ]] && [ "$origin" = "Api Open" ] \
  && ok "API session $raw_id outlived its operator pod: the replacement ran a query with its token (Session: $origin)" \
  || bad "API session $raw_id after the operator restart: query \"$out\", Session \"$origin\""

# Secrets through the in-cluster API (the chart's secrets create/get): stored, read back, and
# scrubbed from an exec's output.
out=$(api_query "$raw_token" '{ setSecret(name: \"pw\", plaintext: \"helm-e2e-s3cret\") { id plaintext } }' 2>&1)
secret_id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["data"]["setSecret"]["id"])' "$out" 2>/dev/null)
echoed=$(api_query "$raw_token" '{ container { from(address: \"alpine\") { withSecretVariable(name: \"PW\", secret: \"'"$secret_id"'\") { withExec(args: [\"sh\", \"-c\", \"echo pw=$PW\"]) { stdout } } } } }' 2>&1)
[[ "$out" == *helm-e2e-s3cret* ]] && [[ "$echoed" == *'pw=***'* ]] \
  && ok "secrets: setSecret stored and read back; the exec's echo of it shows ***" \
  || bad "secrets: setSecret \"$out\", exec \"$echoed\""
leaks=$( (kubectl -n "berth-$raw_id" get pods,serviceinstances,events -o yaml
  kubectl -n berth-system logs -l app.kubernetes.io/name=berth --tail=-1 --prefix) 2>&1 | grep -c helm-e2e-s3cret)
[ "$leaks" = 0 ] && ok "secrets: the value is in no pod spec, ServiceInstance or event of the session, nor in the operator's log" \
  || bad "secrets: the value appears $leaks times in the session's pods/ServiceInstances/events or the operator's log"

echo "== watchNamespaces: Pipelines (and their services) run in the watched namespace only"
# The Pipeline has a service: its ServiceInstance lives in a berth-* session namespace, which the
# operator must still see although only $NS is watched.
UNWATCHED=berth-helm-e2e-unwatched
kubectl create namespace "$UNWATCHED" >/dev/null 2>&1
"$HELM" upgrade berth helm/berth --namespace berth-system --reuse-values --wait --timeout 5m \
  --set "watchNamespaces={$NS}" >/dev/null && ok "helm upgrade --set watchNamespaces={$NS}" || bad "helm upgrade watchNamespaces"
for ns in "$NS" "$UNWATCHED"; do
  kubectl -n "$ns" apply -f - >/dev/null <<EOF
apiVersion: berth.dev/v1alpha1
kind: Pipeline
metadata: {name: watched-service}
spec:
  services:
  - {name: www, image: python, workdir: /srv, files: [{path: index.html, contents: "in $ns"}],
     args: [python, -m, http.server, "8080"], ports: [{port: 8080}]}
  steps:
  - {name: get, image: alpine, services: [{alias: www, service: www}], exec: [wget, -q, -O-, "http://www:8080"]}
EOF
done
phase=$(phase_of watched-service 120)
text=$(field watched-service '{.status.steps[0].stdout}')
[ "$phase" = Succeeded ] && [ "$text" = "in $NS" ] && ok "watched namespace: Pipeline with a service Succeeded" \
  || bad "watched namespace $NS: phase $phase, stdout \"$text\" (want Succeeded, \"in $NS\")"
other=$(kubectl -n "$UNWATCHED" get pipeline watched-service -o jsonpath='{.status.phase}{.metadata.finalizers}')
[ -z "$other" ] && ok "unwatched namespace: Pipeline left alone (no status, no finalizer)" \
  || bad "unwatched namespace $UNWATCHED: the operator touched the Pipeline: \"$other\""
kubectl delete namespace "$UNWATCHED" --wait=false >/dev/null

echo "== helm uninstall with Pipelines still there (one running) leaves nothing behind"
kubectl -n "$NS" apply -f - >/dev/null <<EOF
apiVersion: berth.dev/v1alpha1
kind: Pipeline
metadata: {name: still-running}
spec:
  services:
  - {name: www, image: python, workdir: /srv, args: [python, -m, http.server, "8080"], ports: [{port: 8080}]}
  steps:
  - {name: long, image: alpine, services: [{alias: www, service: www}], exec: [sleep, "600"]}
EOF
for _ in $(seq 1 120); do
  [ "$(field still-running '{.status.steps[0].phase}')" = Running ] && break; sleep 1
done
echo "Pipelines before uninstall: $(kubectl get pipelines -A --no-headers 2>/dev/null | wc -l)"
if out=$("$HELM" uninstall berth --namespace berth-system --wait --timeout 5m 2>&1); then
  ok "helm uninstall succeeded with Pipelines present"
else
  bad "helm uninstall: $out"; kubectl -n berth-system logs job/berth-operator-uninstall 2>&1 | tail -20
fi
left=""
for _ in $(seq 1 120); do
  left=$(kubectl get pipelines -A -o name 2>/dev/null
    kubectl get pods -A -l 'app.kubernetes.io/name in (berth, berth-uninstall)' -o name
    kubectl get pods -A -l app.kubernetes.io/managed-by=berth -o name
    kubectl get ns -l berth.dev/session -o name
    kubectl get sessions -o name 2>/dev/null)
  [ -z "$left" ] && break; sleep 1
done
[ -z "$left" ] && ok "helm uninstall: no Pipelines, Berth pods, Sessions (the raw API session too) or session namespaces left" || bad "left behind: $left"
kubectl delete namespace "$NS" berth-system --wait=false >/dev/null 2>&1

echo "== the chart's RBAC is exactly what the operator and the uninstall hook used (audit log)"
if [ -f "$AUDIT_LOG" ]; then
  rbac=$(mktemp)
  "$HELM" template berth helm/berth --namespace berth-system \
    --show-only templates/rbac.yaml --show-only templates/uninstall-hook.yaml \
    | kubectl create --dry-run=client -o json -f - >"$rbac"
  # After the pre-delete hook's last request helm deletes the bindings while the operator stops.
  python3 e2e/rbac-audit.py "$rbac" "$AUDIT_LOG" "$SINCE" system:serviceaccount:berth-system:berth-operator-uninstall \
    && ok "RBAC: every granted verb used, no request denied" \
    || bad "RBAC: grants and use differ (above): fix helm/berth/templates/rbac.yaml or e2e/rbac-audit.py's ALLOWED"
  rm -f "$rbac"
elif [ "${KUBECONFIG:-}" = "$BERTH_STATE/admin.kubeconfig" ]; then
  bad "RBAC: the local API server writes no audit log ($AUDIT_LOG): it was started by an older cluster.sh; restart the cluster (e2e/cluster/cluster.sh down, then up)"
else
  echo "SKIP  RBAC check: no audit log of this cluster's API server (BERTH_AUDIT_LOG: Metadata level, service accounts)"
fi

echo "helm-e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
