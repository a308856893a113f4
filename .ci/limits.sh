#!/usr/bin/env bash
# Attack the guessing limits of a live gunicorn (3 workers) on one store:
#   .ci/limits.sh PORT            # DATABASE_URL / REDIS_URL from the caller name the store;
#                                 # neither set: a fresh SQLite file, as `make run` uses
# The server keeps its default limits and trusts 127.0.0.1 as a proxy, so that the
# attack can play many client addresses with X-Forwarded-For.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:?usage: .ci/limits.sh PORT}"
bin="${VENV:-.venv}/bin"

# shellcheck source=.ci/throwaway_server.sh
. .ci/throwaway_server.sh
log="$(mktemp)"
export KEEP_LIMITS=yes TRUSTED_PROXIES=127.0.0.1
unset LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS LOGIN_LIMIT_PER_ADDRESS LOGIN_LIMIT_PER_USERNAME LOGIN_LIMIT_WINDOW
start_throwaway_server "$port" 3 "$log"
"$bin/python" scripts/check_limits.py "http://127.0.0.1:$port"
stop_throwaway_server
refuse_tracebacks "$log"
rm -f "$log"
