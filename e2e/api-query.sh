# Sourced by the scripts e2e/helm-e2e.sh runs under `cli/bin/berth run --`: query QUERY POSTs a
# GraphQL query (double quotes are escaped here) to the session berth opened, prints the answer,
# and exits 1 on a GraphQL error.
query() {
  body=$(printf '%s' "$1" | tr '\n' ' ' | sed 's/"/\\"/g')
  out=$(curl -fsS -u "$DAGGER_SESSION_TOKEN:" -H 'content-type: application/json' \
    "http://127.0.0.1:$DAGGER_SESSION_PORT/query" -d "{\"query\":\"$body\"}")
  case "$out" in *'"errors"'*) echo "GraphQL error: $out" >&2; exit 1;; esac
  printf '%s\n' "$out"
}
