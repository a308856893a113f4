#!/usr/bin/env bash
# Fuzz the API against its own OpenAPI document (/openapi.json) with Schemathesis:
# every check (no 5xx, documented status codes, content types and headers, response
# bodies matching their schemas, schema-valid input accepted and invalid input
# refused, 405 with Allow for undocumented methods, ...), a fixed seed so a failure
# reproduces, and real Bearer tokens from scripts/schemathesis_auth.py.
#
#   .ci/schemathesis.sh        start gunicorn on 127.0.0.1:$SCHEMATHESIS_PORT (8121) against
#                              DATABASE_URL (a fresh one, please) or a temporary SQLite file
#   .ci/schemathesis.sh URL    test a server that is already running; start it with the
#                              three *_LIMIT_* variables at 0, and pass an administrator in
#                              SCHEMATHESIS_ADMIN_USERNAME/_PASSWORD to cover the admin route
#
# Exits non-zero on any failure or warning, and (own server) if gunicorn logged a traceback.
# Reports (JUnit XML, NDJSON) go to reports/schemathesis/. SCHEMATHESIS_SEED and
# SCHEMATHESIS_MAX_EXAMPLES change the seed (default 1) and cases per operation (100).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PORT="${SCHEMATHESIS_PORT:-8121}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

make --no-print-directory --quiet "$VENV/.dev" VENV="$VENV"

log=""
if [ $# -ge 1 ]; then
  base_url="${1%/}"
else
  # shellcheck source=.ci/throwaway_server.sh
  . .ci/throwaway_server.sh
  log="$(mktemp)"
  start_throwaway_server "$PORT" 3 "$log"
  base_url="http://127.0.0.1:$PORT"
  SCHEMATHESIS_ADMIN_USERNAME="fuzz-admin"
  SCHEMATHESIS_ADMIN_PASSWORD="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))')"
  ADMIN_PASSWORD="$SCHEMATHESIS_ADMIN_PASSWORD" "$VENV/bin/python" manage.py createadmin \
    --username "$SCHEMATHESIS_ADMIN_USERNAME" >/dev/null
fi
export SCHEMATHESIS_BASE_URL="$base_url" SCHEMATHESIS_HOOKS="$PWD/scripts/schemathesis_auth.py"
export SCHEMATHESIS_ADMIN_USERNAME="${SCHEMATHESIS_ADMIN_USERNAME:-}"
export SCHEMATHESIS_ADMIN_PASSWORD="${SCHEMATHESIS_ADMIN_PASSWORD:-}"

schemathesis="$(cd "$VENV/bin" && pwd)/schemathesis"
config="$PWD/.ci/schemathesis.toml"
reports="$PWD/reports/schemathesis"
mkdir -p "$reports"
result=0
# One worker: with two, Schemathesis 4.32 cut some operations' fuzzing short (4 to 8
# cases instead of 100), and one keeps the order of cases, so a seed replays a run.
# From a scratch directory: Hypothesis and Schemathesis keep caches in the working directory.
(cd "$(mktemp -d)" && "$schemathesis" --config-file "$config" run \
  "$base_url/openapi.json" \
  --checks all \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-100}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --workers 1 \
  --generation-database none \
  --request-timeout 30 \
  --no-color \
  --report junit,ndjson --report-dir "$reports") || result=$?

if [ -n "$log" ]; then
  refuse_tracebacks "$log" || result=1
fi
[ -n "$log" ] && rm -f "$log"
exit "$result"
