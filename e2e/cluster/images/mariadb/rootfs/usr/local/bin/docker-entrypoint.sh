#!/bin/bash
# Entrypoint of Berth's Debian-based stand-in for docker.io/library/mariadb (offline e2e cluster).
#
#   docker-entrypoint.sh mariadbd [options]   first start with an empty datadir: initialise it from
#                                             the environment, then run the server in the foreground
#   docker-entrypoint.sh --option ...         the same, with the options appended to mariadbd
#   docker-entrypoint.sh any command          runs the command as-is (e.g. /usr/bin/mysql ...)
#
# Environment (MYSQL_* names are accepted too, as is MYSQL_ALLOW_EMPTY_PASSWORD, and NAME_FILE
# reads the value from a file):
#   MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD
#   (one of the three is required on first start), MARIADB_ROOT_HOST (default %),
#   MARIADB_DATABASE, MARIADB_USER + MARIADB_PASSWORD (ALL privileges on MARIADB_DATABASE).
# Files in /docker-entrypoint-initdb.d (*.sh, *.sql, *.sql.gz) run once after initialisation.
set -euo pipefail

log() { printf '%s [berth-mariadb-entrypoint] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
fail() { log "ERROR: $*"; exit 1; }

# setting NAME: the value of MARIADB_NAME, MYSQL_NAME, or the file named by MARIADB_NAME_FILE /
# MYSQL_NAME_FILE; empty when none is set.
setting() {
  local v
  for v in "MARIADB_$1" "MYSQL_$1"; do
    if [ -n "${!v:-}" ]; then printf '%s' "${!v}"; return; fi
    v="${v}_FILE"
    if [ -n "${!v:-}" ]; then cat "${!v}"; return; fi
  done
}

# SQL string literal and identifier quoting.
sql_string() { local s=${1//\\/\\\\}; s=${s//\'/\\\'}; printf "'%s'" "$s"; }
# shellcheck disable=SC2016  # the backquotes are literal
sql_ident() { printf '`%s`' "${1//\`/\`\`}"; }

# mariadbd's effective value of one variable (config files plus the given options).
server_var() {
  local name=$1; shift
  { mariadbd "$@" --verbose --help 2>/dev/null || true; } | awk -v n="$name" '$1 == n && !found { print $2; found = 1 }'
}

if [ $# -eq 0 ] || [[ $1 == -* ]]; then
  set -- mariadbd "$@"
fi
case $1 in
  mariadbd | mysqld) shift ;;
  *) exec "$@" ;;
esac
server_args=("$@")

as_mysql=()
if [ "$(id -u)" = 0 ]; then
  as_mysql=(--user=mysql)
fi

datadir=$(server_var datadir "${server_args[@]}")
socket=$(server_var socket "${server_args[@]}")
datadir=${datadir:-/var/lib/mysql}
socket=${socket:-/run/mysqld/mysqld.sock}
mkdir -p "$datadir" "$(dirname "$socket")"
if [ "$(id -u)" = 0 ]; then
  find "$datadir" "$(dirname "$socket")" \! -user mysql -exec chown mysql:mysql '{}' +
fi

client() { mariadb --protocol=socket --socket="$socket" -uroot "$@"; }

initialise() {
  local root_password root_host database user password
  root_password=$(setting ROOT_PASSWORD)
  root_host=$(setting ROOT_HOST)
  root_host=${root_host:-%}
  database=$(setting DATABASE)
  user=$(setting USER)
  password=$(setting PASSWORD)

  if [ -z "$root_password" ]; then
    if [ -n "$(setting RANDOM_ROOT_PASSWORD)" ]; then
      root_password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
      log "GENERATED ROOT PASSWORD: $root_password"
    elif [ -z "$(setting ALLOW_EMPTY_ROOT_PASSWORD)" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ]; then
      fail "the database is uninitialised and no root password option is set: set MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD or MARIADB_RANDOM_ROOT_PASSWORD"
    fi
  fi
  if [ -n "$user" ]; then
    [ "$user" != root ] || fail "MARIADB_USER=root is not allowed: use MARIADB_ROOT_PASSWORD"
    [ -n "$password" ] || fail "MARIADB_USER is set but MARIADB_PASSWORD is empty"
  fi

  log "initialising the database directory $datadir"
  # --force: no host name check (a container's host name need not resolve yet).
  mariadb-install-db "${as_mysql[@]}" --datadir="$datadir" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve --skip-log-bin --force >/dev/null

  log "starting a temporary server on $socket only"
  mariadbd "${as_mysql[@]}" "${server_args[@]}" --datadir="$datadir" --socket="$socket" \
    --skip-networking --skip-log-bin &
  local pid=$!
  for _ in $(seq 60); do
    client -e 'SELECT 1' >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || fail "the temporary server exited during initialisation"
    sleep 1
  done
  client -e 'SELECT 1' >/dev/null || fail "the temporary server did not start in 60s"

  {
    echo "SET @@SESSION.SQL_LOG_BIN = 0;"
    # Only the accounts asked for: no anonymous or host-specific root accounts.
    echo "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');"
    echo "DELETE FROM mysql.proxies_priv WHERE Host <> 'localhost';"
    echo "FLUSH PRIVILEGES;"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_string "$root_password");"
    if [ "$root_host" != localhost ]; then
      echo "CREATE USER 'root'@$(sql_string "$root_host") IDENTIFIED BY $(sql_string "$root_password");"
      echo "GRANT ALL ON *.* TO 'root'@$(sql_string "$root_host") WITH GRANT OPTION;"
    fi
    if [ -n "$database" ]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$database");"
    fi
    if [ -n "$user" ]; then
      echo "CREATE USER $(sql_string "$user")@'%' IDENTIFIED BY $(sql_string "$password");"
      if [ -n "$database" ]; then
        echo "GRANT ALL ON $(sql_ident "$database").* TO $(sql_string "$user")@'%';"
      fi
    fi
  } | client

  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [ -f "$f" ] || continue
    log "running $f"
    case $f in
      *.sh) MYSQL_PWD=$root_password bash "$f" ;;
      *.sql) MYSQL_PWD=$root_password client ${database:+--database="$database"} <"$f" ;;
      *.sql.gz) gzip -dc "$f" | MYSQL_PWD=$root_password client ${database:+--database="$database"} ;;
      *) log "ignoring $f" ;;
    esac
  done

  log "stopping the temporary server"
  kill -TERM "$pid"
  wait "$pid" || fail "the temporary server did not stop cleanly"
  log "initialisation complete"
}

if [ ! -d "$datadir/mysql" ]; then
  initialise
fi

exec mariadbd "${as_mysql[@]}" "${server_args[@]}"
