#!/usr/bin/env bash
# Recovery by mail, live: gunicorn sends real SMTP to a sink, and the mail scenarios
# (features/recovery.feature, features/email.feature) run against it over HTTP,
# reading each mail from the folder the sink writes.
#
#   .ci/recovery_live.sh [PORT]    gunicorn on 127.0.0.1:PORT (default 8006), 3 workers,
#                                  against DATABASE_URL (a fresh one, please) or a
#                                  temporary SQLite file; the sink on a free port
#
# Stops both and removes its files on exit; fails if gunicorn logged a traceback.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PORT="${1:-8006}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

make --no-print-directory --quiet "$VENV/.dev" VENV="$VENV"
# shellcheck source=.ci/throwaway_server.sh
. .ci/throwaway_server.sh

work="$(mktemp -d)"
sink_pid=""
cleanup() {
  stop_throwaway_server
  [ -z "$sink_pid" ] || { kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

# CI runs many servers on one machine: the sink takes whatever port is free now.
smtp_port="$("$VENV/bin/python" -c 'from features.steps.mail_sink import free_port; print(free_port())')"
"$VENV/bin/python" -m features.steps.mail_sink --port "$smtp_port" --folder "$work/inbox" \
  >"$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 40); do
  grep -q "SMTP sink on" "$work/sink.log" && break
  kill -0 "$sink_pid" 2>/dev/null || { cat "$work/sink.log" >&2; exit 1; }
  sleep 0.25
done

# The server's settings: its SMTP server is the sink; links in reset mails go to the
# app's page, which the forged-Host scenario checks. One client (this script) sends
# every request, so the per-address limits are off (throwaway_server.sh); the
# per-member ones stay on, as the scenarios give each member their own.
export EMAIL_HOST=127.0.0.1 EMAIL_PORT="$smtp_port" EMAIL_TIMEOUT=5
export PASSWORD_RESET_URL=https://app.example/reset
start_throwaway_server "$PORT" 3 "$work/gunicorn.log"

API_MAIL_DIR="$work/inbox" API_PASSWORD_RESET_URL="$PASSWORD_RESET_URL" \
  env -u REDIS_URL -u DATABASE_URL -u EMAIL_HOST -u EMAIL_PORT \
  "$VENV/bin/python" -m pytest features/steps/test_recovery.py \
  --base-url "http://127.0.0.1:$PORT" -p no:cacheprovider -p no:randomly -q -rs

refuse_tracebacks "$work/gunicorn.log"
