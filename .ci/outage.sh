#!/usr/bin/env bash
# Take the database and Redis away from a live gunicorn under load, and bring them back:
#   .ci/outage.sh PORT [PG_PORT] [REDIS_PORT]
# The parts are this script's own: a throwaway PostgreSQL cluster and a throwaway Redis,
# never the machine's shared servers. Passes when, while a part was down, the server
# answered 503 (never 500), /health named the part, everything worked again once it was
# back without a restart, and gunicorn logged no traceback.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:?usage: .ci/outage.sh PORT [PG_PORT] [REDIS_PORT]}"
pg_port="${2:-55432}"
redis_port="${3:-56379}"
bin="${VENV:-.venv}/bin"
pg_bin="/usr/lib/postgresql/$(ls /etc/postgresql)/bin"

# shellcheck source=.ci/throwaway_server.sh
. .ci/throwaway_server.sh
work="$(mktemp -d)"
trap cleanup EXIT  # whatever fails from here on, nothing is left running
chmod 755 "$work"
install -d -o postgres -m 700 "$work/pg"
as_postgres() { runuser -u postgres -- "$@"; }
pg() { as_postgres "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w "$@" >/dev/null; }
redis_up() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
cleanup() {
  stop_throwaway_server
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  pg stop -m immediate 2>/dev/null || true
  rm -rf "$work"
}

as_postgres "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" \
  "$pg_port" "$work/pg" >>"$work/pg/postgresql.conf"
pg start
redis_up

log="$work/gunicorn.log"
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
export KEEP_LIMITS=yes  # a login must wait for the counters, not skip them
start_throwaway_server "$port" 3 "$log"

url="http://127.0.0.1:$port"
"$bin/python" scripts/check_outage.py "$url" database \
  "runuser -u postgres -- $pg_bin/pg_ctl -D $work/pg -m fast -w stop" \
  "runuser -u postgres -- $pg_bin/pg_ctl -D $work/pg -l $work/pg/server.log -w start >/dev/null"
"$bin/python" scripts/check_outage.py "$url" redis \
  "redis-cli -p $redis_port shutdown nosave" \
  "redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile $work/redis.pid --logfile $work/redis.log; sleep 0.5"

refuse_tracebacks "$log"
echo "outage log lines (warnings):"; grep -c '"level": "WARNING"' "$log" || true
