#!/bin/bash
# A small "kernel test suite" for an application that stores nodes in MariaDB.
set -u
url=${SIMPLETEST_DB#mysql://}; creds=${url%%@*}; rest=${url#*@}
DB_USER=${creds%%:*}; DB_PASS=${creds#*:}; DB_HOST=${rest%%/*}; DB_NAME=${rest#*/}
sql() {
  mysql --host="$DB_HOST" --user="$DB_USER" --password="$DB_PASS" --default-character-set=utf8mb4 \
    --batch --skip-column-names "$DB_NAME" -e "$1" 2>&1
}

tests=0 assertions=0 progress="" failures=() skips=()
pass() { assertions=$((assertions + 1)); }
fail() { failures+=("$1"$'\n'"$2"); }
out_file=$(mktemp)
run() { # run NAME: one test, in this shell (it counts assertions); non-zero when one failed
  tests=$((tests + 1))
  "$1" >"$out_file" 2>&1; local rc=$?
  local out; out=$(cat "$out_file")
  case $rc in
    0) progress+="." ;;
    77) progress+="S"; skips+=("$1"$'\n'"$out") ;;
    *) progress+="F"; fail "$1" "$out" ;;
  esac
}
assert_equals() { # expected actual message
  if [ "$1" == "$2" ]; then pass; return 0; fi
  printf 'Failed asserting that "%s" matches expected "%s" (%s).\n' "$2" "$1" "$3"; return 1
}
assert_error() { # pattern actual-output message
  if printf '%s' "$2" | grep -q "$1"; then pass; return 0; fi
  printf 'Expected an error matching "%s" (%s), got: %s\n' "$1" "$3" "$2"; return 1
}

testConnection() { assert_equals 1 "$(sql 'SELECT 1')" "the database answers"; }
testServerIsMariaDB() { assert_equals 1 "$(sql "SELECT VERSION() LIKE '%MariaDB%'")" "server flavour"; }
testCreateSchema() {
  sql 'DROP TABLE IF EXISTS node' >/dev/null
  sql 'CREATE TABLE node (nid INT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(255) NOT NULL,
       status TINYINT NOT NULL DEFAULT 1) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' >/dev/null
  assert_equals node "$(sql "SHOW TABLES LIKE 'node'")" "table created"
}
testInsertAndCount() {
  sql "INSERT INTO node (title) VALUES ('Welcome'), ('About'), ('Contact')" >/dev/null
  assert_equals 3 "$(sql 'SELECT COUNT(*) FROM node')" "three nodes"
}
testTransactionRollback() {
  assert_equals 3 "$(sql "START TRANSACTION; INSERT INTO node (title) VALUES ('Draft');
                         ROLLBACK; SELECT COUNT(*) FROM node")" "rolled back"
}
testUnicodeRoundTrip() {
  sql "INSERT INTO node (title) VALUES ('Grüße, 世界')" >/dev/null
  assert_equals 'Grüße, 世界' "$(sql 'SELECT title FROM node ORDER BY nid DESC LIMIT 1')" "utf8mb4"
}
testPrimaryKeyIsUnique() {
  assert_error 'Duplicate entry' "$(sql "INSERT INTO node (nid, title) VALUES (1, 'Again')")" "duplicate key"
}
testApplicationUserIsConfined() {
  assert_error 'denied' "$(sql 'SELECT User FROM mysql.user')" "no access to mysql.*" &&
    assert_equals 1 "$(sql "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '$DB_NAME'")" "own database"
}
testPgsqlSetUp() {
  echo "This test only runs for the database driver 'pgsql'. Current database driver is 'mysql'."
  return 77
}

echo "PHPUnit-style runner (Berth example: an offline stand-in for Drupal's kernel tests)"
echo "Runtime: $(mysql --version)"
echo "Database: mysql://$DB_USER:***@$DB_HOST/$DB_NAME"
echo
start=$(date +%s%N)
for _ in $(seq 1 60); do [ "$(sql 'SELECT 1')" == 1 ] && break; sleep 1; done
for t in testConnection testServerIsMariaDB testCreateSchema testInsertAndCount \
         testTransactionRollback testUnicodeRoundTrip testPrimaryKeyIsUnique \
         testApplicationUserIsConfined testPgsqlSetUp; do
  run "$t"
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf '%s %d / %d (100%%)\n\nTime: %02d:%02d.%03d\n\n' "$progress" "$tests" "$tests" \
  $((ms / 60000)) $((ms / 1000 % 60)) $((ms % 1000))
if [ ${#failures[@]} -gt 0 ]; then
  echo "There were ${#failures[@]} failures:"; n=0
  for f in "${failures[@]}"; do n=$((n + 1)); printf '\n%d) %s\n' "$n" "$f"; done
  printf '\nFAILURES!\nTests: %d, Assertions: %d, Failures: %d, Skipped: %d.\n' \
    "$tests" "$assertions" "${#failures[@]}" "${#skips[@]}"
  exit 1
fi
if [ ${#skips[@]} -gt 0 ]; then
  echo "There was ${#skips[@]} skipped test:"; n=0
  for s in "${skips[@]}"; do n=$((n + 1)); printf '\n%d) %s\n' "$n" "$s"; done
  printf '\nOK, but incomplete, skipped, or risky tests!\nTests: %d, Assertions: %d, Skipped: %d.\n' \
    "$tests" "$assertions" "${#skips[@]}"
else
  printf 'OK (%d tests, %d assertions)\n' "$tests" "$assertions"
fi
