#!/bin/sh
# Run by e2e/helm-e2e.sh under `cli/bin/berth run --`: through the session berth opened (the
# in-cluster API, port-forwarded), starts a python http.server service, then stops it with
# kill (the operator runs `berth-runner kill` in its pod). Prints "stopped" once it is done.
set -eu
query() {
  body=$(printf '%s' "$1" | tr '\n' ' ' | sed 's/"/\\"/g')
  out=$(curl -fsS -u "$DAGGER_SESSION_TOKEN:" -H 'content-type: application/json' \
    "http://127.0.0.1:$DAGGER_SESSION_PORT/query" -d "{\"query\":\"$body\"}")
  case "$out" in *'"errors"'*) echo "GraphQL error: $out" >&2; exit 1;; esac
  printf '%s' "$out"
}
id=$(query '{ container { from(address: "python") { withExposedPort(port: 8080) {
  asService(args: ["python", "-m", "http.server", "8080"]) { id } } } } }' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[ -n "$id" ] || { echo "no service ID in the answer" >&2; exit 1; }
query "{ loadServiceFromID(id: \"$id\") { start } }" >/dev/null
echo started
query "{ loadServiceFromID(id: \"$id\") { stop(kill: true) } }" >/dev/null
echo stopped
