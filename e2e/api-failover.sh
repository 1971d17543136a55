#!/bin/sh
# Run by e2e/helm-e2e.sh under `cli/bin/berth run --`, with FAILOVER_GO naming a file: the script
# starts (pins) a service and runs an exec, then starts a 20 s exec and prints "in flight"; the
# test deletes the operator pod serving the session and creates FAILOVER_GO. The exec in flight
# must still answer, and new execs (one reaching the service) must run, through the operator
# that took over. Prints "finished" at the end.
set -eu
. "$(dirname "$0")/api-query.sh"
id=$(query '{ container { from(address: "python") { withWorkdir(path: "/srv") {
  withNewFile(path: "index.html", contents: "still here") { withExposedPort(port: 8080) {
  asService(args: ["python", "-m", "http.server", "8080"]) { id } } } } } } }' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
[ -n "$id" ] || { echo "no service ID in the answer" >&2; exit 1; }
query "{ loadServiceFromID(id: \"$id\") { start } }" >/dev/null
query '{ container { from(address: "alpine") { withExec(args: ["echo", "before"]) { stdout } } } }' | grep -q before
slow=$(mktemp)
trap 'rm -f "$slow"' EXIT
query '{ container { from(address: "alpine") { withExec(args: ["sh", "-c", "sleep 20; echo slow done"]) { stdout } } } }' \
  >"$slow" 2>&1 &
slow_pid=$!
sleep 3
echo "in flight"
i=0
while [ ! -e "$FAILOVER_GO" ]; do
  i=$((i + 1)); [ "$i" -le 600 ] || { echo "FAILOVER_GO never came" >&2; exit 1; }
  sleep 0.1
done
wait "$slow_pid" || { echo "the exec in flight failed: $(cat "$slow")" >&2; exit 1; }
grep -q "slow done" "$slow" || { echo "the exec in flight answered: $(cat "$slow")" >&2; exit 1; }
echo "exec in flight answered"
query "{ container { from(address: \"alpine\") { withServiceBinding(alias: \"www\", service: \"$id\") {
  withExec(args: [\"wget\", \"-q\", \"-O-\", \"http://www:8080/\"]) { stdout } } } } }" | grep -q "still here" \
  || { echo "the pinned service was not reached after the failover" >&2; exit 1; }
echo "service reached after the failover"
echo finished
