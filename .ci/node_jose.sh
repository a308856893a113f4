#!/usr/bin/env bash
# Verify our ES256 access tokens the way a service in another language would (docs/verify-tokens.md):
#   .ci/node_jose.sh [VENV] [PORT]    e.g. .ci/node_jose.sh .venv 8006
# It makes an EC P-256 key with `manage.py signingkey`, starts gunicorn on 127.0.0.1:PORT
# (default 8122) signing with it, with JWT_ISSUER and JWT_AUDIENCE set, on DATABASE_URL when
# set (a fresh one, please) or a temporary SQLite file. Then scripts/verify_with_jose.mjs, with
# the npm package `jose` (pinned) in a temporary directory, signs up, logs in, and verifies the
# access token with createRemoteJWKSet against /.well-known/jwks.json, checking iss and aud, and
# refuses a tampered token and a token checked for another audience or issuer.
# Installs Debian's nodejs and npm when missing (as root). Removes all it made on exit, and fails
# if gunicorn logged a traceback.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${1:-.venv}"
PORT="${2:-8122}"
JOSE_VERSION="5.10.0"  # 5.x runs on Debian 12's Node.js 18 as on newer ones
ISSUER="https://auth.example.test"
AUDIENCE="orders-service"
export DEBIAN_FRONTEND=noninteractive

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing nodejs and npm from Debian's packages"
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=120 nodejs npm >/dev/null
fi

# shellcheck source=.ci/throwaway_server.sh
. .ci/throwaway_server.sh
work="$(mktemp -d)"
log="$work/gunicorn.log"
finish() {
  local code=$?
  stop_throwaway_server
  [ ! -f "$log" ] || refuse_tracebacks "$log" || code=1
  rm -rf "$work"
  exit "$code"
}
trap finish EXIT

(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "jose@$JOSE_VERSION")
cp scripts/verify_with_jose.mjs "$work/"  # Node looks for `jose` beside the script

# The secrets here only let Django start to write the key; the server gets fresh ones.
secret() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))'; }
DOTENV_PATH=/nonexistent/.env SECRET_KEY="$(secret)" JWT_SECRET_KEY="$(secret)" MFA_SECRET_KEY="$(secret)" \
  "$VENV/bin/python" manage.py signingkey --type ec "$work/es256.pem" >/dev/null
export JWT_PRIVATE_KEY_FILE="$work/es256.pem" JWT_ISSUER="$ISSUER" JWT_AUDIENCE="$AUDIENCE"
VENV="$VENV" start_throwaway_server "$PORT" 2 "$log"

node --version
(cd "$work" && node verify_with_jose.mjs "http://127.0.0.1:$PORT" "$ISSUER" "$AUDIENCE")
