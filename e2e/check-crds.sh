#!/usr/bin/env bash
# Fails when the CRDs the build generated (operator/target/kubernetes, copied into crds/ and
# helm/berth/crds/ by `mvn package`) are not exactly the committed ones: a changed resource class
# whose CRD was not committed, a new CRD not added, or a committed CRD the build no longer makes.
# Run after `mvn package` (e2e/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
GENERATED=operator/target/kubernetes
DIRS=(crds helm/berth/crds)

[ -d "$GENERATED" ] || { echo "check-crds: $GENERATED not found: run mvn package first" >&2; exit 2; }
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "check-crds: not a git work tree, nothing to compare the generated CRDs with" >&2; exit 0
fi

problems=()
for dir in "${DIRS[@]}"; do
  # Committed CRDs that the build no longer generates (mvn only adds and overwrites files).
  for f in "$dir"/*.yml; do
    [ -e "$f" ] || continue
    [ -f "$GENERATED/$(basename "$f")" ] || problems+=("$f: committed, but the build no longer generates it (git rm it)")
  done
  # Generated CRDs never added to git.
  while IFS= read -r f; do problems+=("$f: generated but not committed (git add it)"); done \
    < <(git ls-files --others --exclude-standard -- "$dir")
  # Committed CRDs the build rewrote differently (work tree and index against HEAD).
  while IFS= read -r f; do problems+=("$f: differs from the committed file"); done \
    < <(git diff --name-only HEAD -- "$dir")
done

if [ ${#problems[@]} -gt 0 ]; then
  echo "check-crds: the committed CRDs are not the ones the build generates:" >&2
  printf '  %s\n' "${problems[@]}" >&2
  git --no-pager diff --stat HEAD -- "${DIRS[@]}" >&2 || true
  echo "Commit the regenerated CRDs (mvn -pl operator -am package -DskipTests; git add crds helm/berth/crds)." >&2
  exit 1
fi
echo "check-crds: crds/ and helm/berth/crds/ match the generated CRDs"
