#!/usr/bin/env bash
# Run a manage.py command on the server as the service user, with the service's settings:
#   sudo /opt/authapi/deploy/manage.sh migrate --noinput
#   sudo /opt/authapi/deploy/manage.sh createadmin --username NAME    (asks for the password)
# ADMIN_PASSWORD, passed with `sudo --preserve-env=ADMIN_PASSWORD`, replaces the question.
set -euo pipefail

# AUTHAPI_ROOT stands for / in the rehearsals of tests/deploy; it is never set on a server.
APP_DIR="${AUTHAPI_ROOT:-}/opt/authapi"
ENV_FILE="${AUTHAPI_ROOT:-}/etc/authapi/authapi.env"

if [ "$(id -u)" -ne 0 ]; then
  echo "run it with sudo: $ENV_FILE is readable by root only" >&2
  exit 1
fi
cd "$APP_DIR"
# The settings are read as systemd reads them, never with `source`: to a shell, a value such
# as ?sslmode=require&connect_timeout=5 would end at the & and the setting would be lost.
exec python3 "$APP_DIR/deploy/envfile.py" exec "$ENV_FILE" -- \
  runuser -u authapi -- "$APP_DIR/.venv/bin/python" manage.py "$@"
