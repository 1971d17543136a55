#!/bin/sh
# Entrypoint of Berth's Debian-based stand-in for docker.io/library/redis (offline e2e cluster).
# Behaves like the official image's entrypoint:
#   - arguments that are only options (`--port 7000`) are given to redis-server;
#   - `redis-server` without a configuration file gets `--protected-mode no`, so clients on
#     other pods are accepted (the built-in default already binds every interface);
#   - started as root, it hands the working directory (/data) to the redis user and drops to it.
set -e

case "${1:-}" in
  -*) set -- redis-server "$@" ;;
esac

if [ "${1:-}" = redis-server ]; then
  shift
  if [ -n "${1:-}" ] && [ -f "$1" ]; then
    set -- redis-server "$@"            # a config file: it decides protected mode and bind
  else
    set -- redis-server --protected-mode no "$@"
  fi
  if [ "$(id -u)" = 0 ] && id redis >/dev/null 2>&1; then
    find . \! -user redis -exec chown redis:redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi

exec "$@"
