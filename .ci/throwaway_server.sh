# shellcheck shell=bash
# Sourced by .ci/schemathesis.sh, .ci/limits.sh, .ci/outage.sh, .ci/node_jose.sh and bench/run.sh: one
# gunicorn on 127.0.0.1 with fresh secrets, stopped on exit.
#
#   start_throwaway_server PORT WORKERS LOG   # migrates, then waits for /health
#   stop_throwaway_server                     # run by the EXIT trap, unless the caller set its
#                                             # own first (which must then call this)
#   wait_until_healthy PORT PID LOG           # for a server of the caller's own
#   refuse_tracebacks LOG                     # fails, printing LOG, if gunicorn logged a traceback
#                                             # or a body sent for HEAD
#
# The database is DATABASE_URL when set (the caller makes it fresh), otherwise a new
# SQLite file in a temporary directory. VENV names the virtualenv (default .venv).
# The limits are off unless KEEP_LIMITS=yes.

THROWAWAY_PID=""
THROWAWAY_DIR=""

start_throwaway_server() {
  local port=$1 workers=$2 log=$3 bin="${VENV:-.venv}/bin"
  THROWAWAY_DIR="$(mktemp -d)"
  [ -n "$(trap -p EXIT)" ] || trap stop_throwaway_server EXIT
  export DATABASE_URL="${DATABASE_URL:-sqlite:///$THROWAWAY_DIR/db.sqlite3}"
  # No local .env: these runs use only what is set here and by the caller.
  export DOTENV_PATH=/nonexistent/.env
  SECRET_KEY="$("$bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  JWT_SECRET_KEY="$("$bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
  MFA_SECRET_KEY="$("$bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
  export SECRET_KEY JWT_SECRET_KEY MFA_SECRET_KEY
  # Fuzzing and load send far more logins and sign-ups from 127.0.0.1 than any person;
  # a caller that attacks the limits themselves sets KEEP_LIMITS=yes.
  if [ "${KEEP_LIMITS:-no}" != yes ]; then
    export SIGNUP_LIMIT_PER_ADDRESS=0 LOGIN_LIMIT_PER_ADDRESS=0 LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS=0
    export LOGIN_LIMIT_PER_USERNAME=0 PASSWORD_RESET_LIMIT_PER_ADDRESS=0 CODE_LIMIT_PER_ADDRESS=0
  fi
  # Mail, with no EMAIL_HOST set, is written here and goes when the directory does.
  export MAIL_DIR="${MAIL_DIR:-$THROWAWAY_DIR/mail}"
  "$bin/python" manage.py migrate --noinput >/dev/null
  "$bin/python" manage.py collectstatic --noinput --verbosity 0
  "$bin/gunicorn" --config gunicorn.conf.py --bind "127.0.0.1:$port" --workers "$workers" >"$log" 2>&1 &
  THROWAWAY_PID=$!
  wait_until_healthy "$port" "$THROWAWAY_PID" "$log"
}

wait_until_healthy() {  # PORT PID LOG: until /health answers 200, for 30 s or while PID lives
  local port=$1 pid=$2 log=$3
  for _ in $(seq 120); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  echo "gunicorn on 127.0.0.1:$port did not become healthy:" >&2
  cat "$log" >&2
  return 1
}

stop_throwaway_server() {
  if [ -n "$THROWAWAY_PID" ]; then
    kill "$THROWAWAY_PID" 2>/dev/null || true
    wait "$THROWAWAY_PID" 2>/dev/null || true
    THROWAWAY_PID=""
  fi
  if [ -n "$THROWAWAY_DIR" ]; then
    rm -rf "$THROWAWAY_DIR"
    THROWAWAY_DIR=""
  fi
}

refuse_tracebacks() {  # a 500 is always a bug; so is a body for HEAD, which gunicorn drops
  if grep -q -e Traceback -e "sent body bytes on a no-body response" "$1"; then
    echo "gunicorn logged a traceback or dropped a body the app should not have sent:"
    cat "$1"; return 1
  fi
}
