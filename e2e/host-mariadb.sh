#!/usr/bin/env bash
# A MariaDB server on this machine's loopback, for the seed's host-service case
# (`Host.service` bound as `db`, `mysql --host=db` from a container).
#
# Usage: host-mariadb.sh start   prints the port it listens on (127.0.0.1 only); root's password: secret
#        host-mariadb.sh stop    stops the server this script started (pid file) and removes its data
#
# Installs Debian's mariadb-server on first use without starting the system service.
set -euo pipefail
STATE=${BERTH_HOST_MARIADB_STATE:-/var/lib/berth-host-mariadb}
PORT=${BERTH_HOST_MARIADB_PORT:-33306}
log() { echo "host-mariadb: $*" >&2; }

install_server() {
  command -v mariadbd >/dev/null 2>&1 && [ -x /usr/bin/mariadb-install-db ] && return
  log "installing Debian's mariadb-server (once)"
  # policy-rc.d 101: the package must not start (or enable) the system-wide server.
  local policy=/usr/sbin/policy-rc.d created=
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mariadb-server mariadb-client >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
           mariadb-server mariadb-client >&2; }
  [ -n "$created" ] && rm -f "$policy"
  return 0
}

start() {
  install_server
  stop_quietly
  mkdir -p "$STATE"
  rm -rf "$STATE/data"
  mariadb-install-db --no-defaults --datadir="$STATE/data" --user=root --auth-root-authentication-method=normal \
    >"$STATE/install.log" 2>&1 || { cat "$STATE/install.log" >&2; exit 1; }
  mariadbd --no-defaults --datadir="$STATE/data" --user=root --bind-address=127.0.0.1 --port="$PORT" \
    --socket="$STATE/mysqld.sock" --pid-file="$STATE/mariadbd.pid" --skip-name-resolve \
    >"$STATE/server.log" 2>&1 &
  echo $! > "$STATE/launcher.pid"
  for _ in $(seq 1 60); do
    if mariadb --no-defaults -S "$STATE/mysqld.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
      # Connections through the host service arrive over TCP from 127.0.0.1.
      mariadb --no-defaults -S "$STATE/mysqld.sock" -uroot -e "
        CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY 'secret';
        GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
        ALTER USER 'root'@'localhost' IDENTIFIED BY 'secret';
        FLUSH PRIVILEGES;"
      echo "$PORT"
      return
    fi
    sleep 0.5
  done
  log "the server did not start; its log:"; cat "$STATE/server.log" >&2; exit 1
}

stop_quietly() {
  local pid
  for f in "$STATE/mariadbd.pid" "$STATE/launcher.pid"; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
    rm -f "$f"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly; rm -rf "$STATE/data" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
