#!/usr/bin/env bash
# Rehearse the signing-key rotations of docs/keys.md against gunicorn on a real database:
#   .ci/key_rotation.sh VENV PORT DATABASE_URL
#   .ci/key_rotation.sh .venv 8131 postgres://postgres@127.0.0.1:5432/authapi_keys
# It migrates DATABASE_URL (a fresh one, please; each run signs up its own members, so
# reruns work too), then scripts/rehearse_key_rotation.py restarts gunicorn on
# 127.0.0.1:PORT (two workers) once per step of each rotation: HS256 to HS256, HS256 to
# an EC key, EC to Ed25519. It also runs docs/verify-tokens.md's example against the EC
# server, and keys.feature and security.feature over HTTP. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: .ci/key_rotation.sh VENV PORT DATABASE_URL"
venv="${1:?$usage}"
port="${2:?$usage}"
export DATABASE_URL="${3:?$usage}"
export DOTENV_PATH=/nonexistent/.env PIP_DISABLE_PIP_VERSION_CHECK=1

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

# The second-factor key stays the same through the rehearsal, which rotates the signing keys only.
MFA_SECRET_KEY="$("$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export MFA_SECRET_KEY
# The keys here serve only the migration; the rehearsal chooses its own for each restart.
SECRET_KEY="$("$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))')" \
JWT_SECRET_KEY="$("$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))')" \
  env -u JWT_PRIVATE_KEY_FILE -u JWT_PREVIOUS_PUBLIC_KEY_FILES \
  "$venv/bin/python" manage.py migrate --noinput >/dev/null

"$venv/bin/python" scripts/rehearse_key_rotation.py --venv "$venv" --port "$port" --workdir "$workdir"
