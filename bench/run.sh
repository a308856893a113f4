#!/usr/bin/env bash
# Measure the API under a mixed load: gunicorn on PostgreSQL, driven by Locust (headless).
# Run by hand (`make bench`); it is not a CI pass/fail stage. See bench/README.md.
#
# Needs PostgreSQL at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432, a role
# that may create databases); the database bench_authapi is dropped and made afresh.
# Knobs: BENCH_DURATION (60s), BENCH_PORT (8130), BENCH_WORKERS (gunicorn's default,
# 2 x CPUs + 1), BENCH_PROFILE_USERS / BENCH_HEALTH_USERS (4 each),
# BENCH_LOGIN_USERS / BENCH_SIGNUP_USERS (2 each). Results: reports/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
bin="$VENV/bin"
pg_url="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
port="${BENCH_PORT:-8130}"
duration="${BENCH_DURATION:-60s}"
workers="${BENCH_WORKERS:-$(( $(nproc) * 2 + 1 ))}"
export BENCH_PROFILE_USERS="${BENCH_PROFILE_USERS:-4}" BENCH_HEALTH_USERS="${BENCH_HEALTH_USERS:-4}"
export BENCH_LOGIN_USERS="${BENCH_LOGIN_USERS:-2}" BENCH_SIGNUP_USERS="${BENCH_SIGNUP_USERS:-2}"
users=$(( BENCH_PROFILE_USERS + BENCH_HEALTH_USERS + BENCH_LOGIN_USERS + BENCH_SIGNUP_USERS ))

psql -q "$pg_url/postgres" -c "DROP DATABASE IF EXISTS bench_authapi WITH (FORCE)" -c "CREATE DATABASE bench_authapi"
export DATABASE_URL="$pg_url/bench_authapi"
# shellcheck source=.ci/throwaway_server.sh
. .ci/throwaway_server.sh
out=reports/bench
mkdir -p "$out"
start_throwaway_server "$port" "$workers" "$out/gunicorn.log"

echo "== machine"
echo "CPU:        $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
echo "Memory:     $(free -h | awk '/^Mem:/ {print $2}')"
echo "Python:     $("$bin/python" --version | cut -d' ' -f2)"
echo "PostgreSQL: $(psql -tA "$DATABASE_URL" -c 'SHOW server_version' | cut -d' ' -f1)"
echo "Server:     gunicorn, $workers sync workers, on the same machine as the load generator"
echo "Load:       Locust $("$bin/python" -c 'import locust; print(locust.__version__)'), $duration," \
  "users: $BENCH_PROFILE_USERS /me, $BENCH_HEALTH_USERS /health, $BENCH_LOGIN_USERS /login," \
  "$BENCH_SIGNUP_USERS /signup, no think time"

"$bin/locust" -f bench/locustfile.py --headless --host "http://127.0.0.1:$port" \
  --users "$users" --spawn-rate "$users" --run-time "$duration" --reset-stats \
  --stop-timeout 10 --csv "$out/mixed" --only-summary --loglevel WARNING >"$out/locust.log" 2>&1 &
locust_pid=$!
# PostgreSQL's backends serve the run too; the postmaster is the parent of them all.
pg_pid="$(head -1 "$(psql -tA "$DATABASE_URL" -c 'SHOW data_directory')/postmaster.pid" 2>/dev/null || echo 0)"
roots=("gunicorn=$THROWAWAY_PID" "Locust=$locust_pid" "PostgreSQL=$pg_pid")
sleep 2  # every user has started; the statistics are reset at this point too
"$bin/python" bench/cpu.py sample "$out/cpu-before.json" "${roots[@]}"
while kill -0 "$locust_pid" 2>/dev/null; do
  "$bin/python" bench/cpu.py sample "$out/cpu-after.json" "${roots[@]}"
  sleep 1
done
wait "$locust_pid" || true

echo "== results (statistics from the moment every user had started)"
"$bin/python" bench/cpu.py report "$out/cpu-before.json" "$out/cpu-after.json"
result=0
"$bin/python" bench/summarize.py "$out/mixed" || result=$?
if grep -q "Traceback" "$out/gunicorn.log"; then
  echo "FAILED: gunicorn logged a traceback (see $out/gunicorn.log)"; result=1
fi
exit "$result"
