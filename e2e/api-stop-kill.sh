#!/bin/sh
# Run by e2e/helm-e2e.sh under `cli/bin/berth run --`: through the session berth opened (the
# in-cluster API, port-forwarded), a client exec starts a python http.server service, `start`
# pins it while the client still uses it, and `stop(kill: true)` kills it (the operator runs
# `berth-runner kill` in its pod). Prints "started", "client done", "stopped".
set -eu
client_out=$(mktemp)
trap 'rm -f "$client_out"' EXIT
. "$(dirname "$0")/api-query.sh"
id=$(query '{ container { from(address: "python") { withExposedPort(port: 8080) {
  asService(args: ["python", "-m", "http.server", "8080"]) { id } } } } }' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[ -n "$id" ] || { echo "no service ID in the answer" >&2; exit 1; }
# The client's request creates the (unpinned) instance at once and uses it for several seconds.
query "{ container { from(address: \"alpine\") { withServiceBinding(alias: \"www\", service: \"$id\") {
  withExec(args: [\"sh\", \"-c\", \"wget -q -O- http://www:8080 >/dev/null && sleep 5\"]) { exitCode } } } } }" \
  >"$client_out" &
client=$!
sleep 3
query "{ loadServiceFromID(id: \"$id\") { start } }" >/dev/null
echo started
wait "$client" || { echo "client failed: $(cat "$client_out")" >&2; exit 1; }
grep -q '"exitCode":0' "$client_out" || { echo "client: $(cat "$client_out")" >&2; exit 1; }
echo "client done"
query "{ loadServiceFromID(id: \"$id\") { stop(kill: true) } }" >/dev/null
echo stopped
