#!/bin/bash
# The official postgres image's entrypoint, as far as docker-compose.yml relies on it: at the
# first start (an empty $PGDATA) a cluster whose superuser is POSTGRES_USER with the password
# POSTGRES_PASSWORD, and the database POSTGRES_DB; then postgres, as the user postgres,
# listening on every address with password authentication (local connections: trust).
set -Eeuo pipefail

if [ "${1:-}" = postgres ] && [ "$(id -u)" = 0 ]; then
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  chown -R postgres:postgres "$PGDATA"
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql /docker-entrypoint-initdb.d
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

initialise() {
  local user="${POSTGRES_USER:-postgres}" db="${POSTGRES_DB:-${POSTGRES_USER:-postgres}}" script
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "Error: the database is uninitialised and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  # A server no one else can reach while the database and the init scripts are made.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -q \
      -c "CREATE DATABASE \"$db\""
  fi
  for script in /docker-entrypoint-initdb.d/*; do
    case "$script" in
      *.sql) psql -v ON_ERROR_STOP=1 --username "$user" --dbname "$db" -q -f "$script" ;;
      *.sh) bash "$script" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
}

run_postgres() {  # docker stop sends SIGTERM; postgres gets SIGINT, its fast shutdown
  # (the official image says STOPSIGNAL SIGINT, which `docker import` cannot set)
  local pid status=0
  "$@" &
  pid=$!
  trap 'kill -INT "$pid" 2>/dev/null || true' TERM INT
  wait "$pid" || status=$?
  while kill -0 "$pid" 2>/dev/null; do wait "$pid" || status=$?; done
  exit "$status"
}

if [ "${1:-}" = postgres ]; then
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    shopt -s nullglob
    initialise
  fi
  run_postgres "$@"
fi
exec "$@"
