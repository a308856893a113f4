#!/usr/bin/env bash
# A client generated from the live OpenAPI document, type-checked, then used as a client
# developer would use it:
#   .ci/generated_client.sh BASE_URL [VENV]    e.g. .ci/generated_client.sh http://127.0.0.1:8000
# The environment must be the server's own (DATABASE_URL and its secrets, as .ci/run's live
# section exports them): the stage makes an administrator there with `manage.py createadmin`
# (VENV, default .venv), for the one response only an administrator can get (404).
# The server must keep its per-username-and-address login limit on (for the 429).
#
# Into a throwaway virtualenv it installs openapi-python-client and mypy (pinned), generates
# the package `authapi_client` from BASE_URL/openapi.json, checks it together with
# scripts/drive_generated_client.py under `mypy --strict` (a public operation that the
# document says needs a token is a type error there), and runs that script against BASE_URL.
# Everything it made is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${1:-}" ]; then echo "usage: $0 BASE_URL [VENV]" >&2; exit 2; fi
BASE_URL="${1%/}"
VENV="${2:-.venv}"
: "${DATABASE_URL:?set DATABASE_URL to the database of the server, to make an administrator there}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "openapi-python-client==0.29.1" "mypy==2.4.1"

curl -fsS --max-time 30 "$BASE_URL/openapi.json" -o "$work/openapi.json"
cat >"$work/config.yaml" <<'EOF'
project_name_override: authapi-client
package_name_override: authapi_client
post_hooks: []
EOF
# A warning means a part of the document the generator could not turn into code.
(cd "$work" && venv/bin/openapi-python-client generate --path openapi.json --meta none \
  --output-path authapi_client --config config.yaml) >"$work/generate.log" 2>&1 || {
  cat "$work/generate.log"; exit 1; }
if grep -qiE "warning|error" "$work/generate.log"; then
  echo "openapi-python-client did not understand the whole document:"; cat "$work/generate.log"
  exit 1
fi
echo "ok: openapi-python-client 0.29.1 generated authapi_client from $BASE_URL/openapi.json"

MYPYPATH="$work:$PWD/scripts" "$work/venv/bin/mypy" --strict --no-incremental \
  --cache-dir /dev/null scripts/drive_generated_client.py
echo "ok: the generated client and the script that drives it pass mypy --strict"

admin="gen-admin-$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(4))')"
ADMIN_PASSWORD="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))')"
ADMIN_PASSWORD="$ADMIN_PASSWORD" "$VENV/bin/python" manage.py createadmin --username "$admin" >/dev/null

ADMIN_USERNAME="$admin" ADMIN_PASSWORD="$ADMIN_PASSWORD" PYTHONPATH="$work" \
  "$work/venv/bin/python" scripts/drive_generated_client.py "$BASE_URL"
