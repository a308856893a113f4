#!/bin/sh
# The official redis image's entrypoint, as far as docker-compose.yml relies on it: a command
# that starts with an option runs redis-server; redis-server runs as the user redis, with
# protected mode off (the official image builds it so), which the later arguments may override.
set -eu
case "${1:-}" in -* | *.conf) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no "$@"
  if [ "$(id -u)" = 0 ]; then
    chown redis:redis .
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
