#!/usr/bin/env bash
# What an authenticated request costs next to a health check, a health check next to a bare
# Django view, and logins and sign-ups next to the Argon2id bound; then a mixed load.
# Run by hand (`make bench`); not a CI pass/fail stage. See bench/README.md.
#
# Needs wrk and PostgreSQL at BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432, a role
# that may create databases); the database BENCH_DB (bench_authapi) is dropped and made afresh.
# The API listens on BENCH_PORT (8130), the bare view on BENCH_BARE_PORT (BENCH_PORT + 1).
# The configuration is fixed unless overridden: BENCH_WORKERS (2 sync workers), BENCH_THREADS (2)
# and BENCH_CONNECTIONS (16) for wrk, BENCH_DURATION (10s) per phase, BENCH_ROUNDS (3),
# BENCH_MIXED_CONNECTIONS (64), BENCH_MIXED_DURATION (20s) and BENCH_LOGIN_MEMBERS (500, the
# members that logins cycle through). Results: reports/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
bin="$VENV/bin"
pg_url="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
database="${BENCH_DB:-bench_authapi}"
port="${BENCH_PORT:-8130}"
bare_port="${BENCH_BARE_PORT:-$((port + 1))}"
workers="${BENCH_WORKERS:-2}"
threads="${BENCH_THREADS:-2}"
connections="${BENCH_CONNECTIONS:-16}"
duration="${BENCH_DURATION:-10s}"
rounds="${BENCH_ROUNDS:-3}"
mixed_connections="${BENCH_MIXED_CONNECTIONS:-64}"
mixed_duration="${BENCH_MIXED_DURATION:-20s}"
login_members="${BENCH_LOGIN_MEMBERS:-500}"

if ! command -v wrk >/dev/null; then
  echo "make bench needs wrk: apt-get install wrk (Debian, Ubuntu) or brew install wrk (macOS)" >&2
  exit 2
fi

# Another server on one of the ports would take the load (and the sign-ups) meant for ours.
for bench_port in "$port" "$bare_port"; do
  if curl -s -o /dev/null "http://127.0.0.1:$bench_port/"; then
    echo "Something already listens on 127.0.0.1:$bench_port; choose free ports with BENCH_PORT and BENCH_BARE_PORT." >&2
    exit 2
  fi
done

psql -q "$pg_url/postgres" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"
# The request log stays on, as in production: its cost is part of every request. No Redis:
# the limits are off (all load comes from one address), and /health would ping it too.
export DATABASE_URL="$pg_url/$database" LOG_LEVEL=INFO REDIS_URL=""
# shellcheck source=.ci/throwaway_server.sh
. .ci/throwaway_server.sh
out=reports/bench
rm -rf "$out"
mkdir -p "$out"
start_throwaway_server "$port" "$workers" "$out/gunicorn.log"
# The baseline: the same gunicorn, configuration, secrets and database; its own settings.
DJANGO_SETTINGS_MODULE=bench.bare_settings "$bin/gunicorn" --config gunicorn.conf.py \
  --bind "127.0.0.1:$bare_port" --workers "$workers" >"$out/bare.log" 2>&1 &
bare_pid=$!
trap 'kill "$bare_pid" 2>/dev/null || true; wait "$bare_pid" 2>/dev/null || true; stop_throwaway_server' EXIT
wait_until_healthy "$bare_port" "$bare_pid" "$out/bare.log"

api="http://127.0.0.1:$port"
post() { curl -fsS -X POST "$api$1" -H "Content-Type: application/json" -d "$2"; }
# Logins cycle through many members, as a service sees them: one member logging in sixty
# times a second would end a session of theirs at every login (the cap per member) and
# queue every login on their row's lock.
seq "$login_members" | xargs -P "$workers" -I{} curl -fsS -o /dev/null -X POST "$api/signup" \
  -H "Content-Type: application/json" \
  -d '{"username": "bench-login-{}", "password": "bench-password-1", "nickname": "B"}'
post /signup '{"username": "bench-profile", "password": "bench-password-1", "nickname": "B"}' >/dev/null
token="$(post /login '{"username": "bench-profile", "password": "bench-password-1"}' \
  | "$bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')"

echo "== machine, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "CPU:        $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores), $(free -h | awk '/^Mem:/ {print $2}') memory"
echo "Load:       $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
echo "Software:   Python $("$bin/python" --version | cut -d' ' -f2), PostgreSQL" \
  "$(psql -tA "$DATABASE_URL" -c 'SHOW server_version' | cut -d' ' -f1)," \
  "Django $("$bin/python" -c 'import django; print(django.__version__)')," \
  "gunicorn $("$bin/python" -c 'import gunicorn; print(gunicorn.__version__)')," \
  "$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "Setup:      gunicorn with $workers sync workers for the API and another for the bare view;" \
  "wrk with $threads threads and $connections connections, $duration per phase, rounds: $rounds;" \
  "mixed load with $mixed_connections connections for $mixed_duration; all on this machine"

results="$out/results.jsonl"
export BENCH_CPU_ROOTS="gunicorn=$THROWAWAY_PID bare=$bare_pid"
wrk_options=(--threads "$threads" --connections "$connections" --duration "$duration" --timeout 10s)
phase() { "$bin/python" bench/phase.py "$@"; }
# Warm-up, not recorded: every worker imports, connects and fills its caches.
for target in "http://127.0.0.1:$bare_port/health" "$api/health"; do
  wrk --threads "$threads" --connections "$connections" --duration 2s "$target" >/dev/null
done
wrk --threads "$threads" --connections "$connections" --duration 2s -H "Authorization: Bearer $token" "$api/me" >/dev/null

# The phases alternate within each round, so a change in the machine's other load
# shifts every endpoint alike rather than one of them.
for round in $(seq "$rounds"); do
  echo "== round $round of $rounds"
  phase bare "$results" -- "${wrk_options[@]}" "http://127.0.0.1:$bare_port/health"
  phase health "$results" -- "${wrk_options[@]}" "$api/health"
  phase me "$results" -- "${wrk_options[@]}" -H "Authorization: Bearer $token" "$api/me"
  "$bin/python" bench/hash_time.py "$results" "$workers" "$duration"
  phase login "$results" -- "${wrk_options[@]}" -s bench/wrk/login.lua "$api/login" -- "$login_members"
  phase signup "$results" -- "${wrk_options[@]}" -s bench/wrk/signup.lua "$api/signup" -- "round$round"
done

echo "== mixed load"
mixed_from="$(wc -l <"$out/gunicorn.log")"
phase mixed "$results" -- --threads "$threads" --connections "$mixed_connections" \
  --duration "$mixed_duration" --timeout 10s -s bench/wrk/mixed.lua "$api/" -- "$token" mixed "$login_members"
sleep 1  # the last request lines reach the log

echo
"$bin/python" bench/summarize.py "$results" "$out/gunicorn.log" "$mixed_from" "$out/bare.log" \
  "$workers" "$mixed_connections"
