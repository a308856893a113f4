#!/usr/bin/env bash
# Run a manage.py command on the server as the service user, with the service's settings:
#   sudo /opt/authapi/deploy/manage.sh migrate --noinput
#   sudo /opt/authapi/deploy/manage.sh createadmin --username NAME    (asks for the password)
# ADMIN_PASSWORD, passed with `sudo --preserve-env=ADMIN_PASSWORD`, replaces the question.
set -euo pipefail

APP_DIR=/opt/authapi
ENV_FILE=/etc/authapi/authapi.env

if [ "$(id -u)" -ne 0 ]; then
  echo "run it with sudo: $ENV_FILE is readable by root only" >&2
  exit 1
fi
set -a
# shellcheck source=/dev/null  # the server's settings, written from deploy/authapi.env.example
. "$ENV_FILE"
set +a
cd "$APP_DIR"
exec runuser -u authapi -- "$APP_DIR/.venv/bin/python" manage.py "$@"
