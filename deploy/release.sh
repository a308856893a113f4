#!/usr/bin/env bash
# Deploy one revision of the checkout at /opt/authapi, then restart the service. As root:
#   sudo /opt/authapi/deploy/release.sh main       # a branch: its newest commit on origin
#   sudo /opt/authapi/deploy/release.sh v1.2.0     # or a tag, or a commit
# Every run prints the commit it replaces; releasing that commit again is the rollback.
# Steps: fetch, check out, install requirements, migrate, collectstatic, install the systemd
# units, restart, wait for /health. The code belongs to root; the service only reads it.
set -euo pipefail

APP_DIR=/opt/authapi
ENV_FILE=/etc/authapi/authapi.env

main() {
  if [ "$#" -ne 1 ]; then echo "usage: $0 BRANCH|TAG|COMMIT" >&2; exit 2; fi
  if [ "$(id -u)" -ne 0 ]; then echo "run it with sudo" >&2; exit 1; fi
  cd "$APP_DIR"
  git fetch --quiet --tags --prune origin
  local ref=$1 previous target
  # A branch name means the branch on origin; the local branch of the first clone goes stale.
  if git show-ref --verify --quiet "refs/remotes/origin/$ref"; then ref="origin/$ref"; fi
  target="$(git rev-parse --verify --quiet "$ref^{commit}")" || { echo "unknown revision: $1" >&2; exit 1; }
  previous="$(git rev-parse HEAD)"
  echo "releasing $target (the code in place is $previous)"
  trap 'echo "release failed. To go back to the code that ran before: sudo $0 $previous" >&2' ERR

  git checkout --quiet --detach "$target"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --no-cache-dir --disable-pip-version-check -r requirements.txt
  install -d -o authapi -g authapi -m 750 /var/lib/authapi  # for SQLite; see authapi.service
  deploy/manage.sh migrate --noinput
  with_settings .venv/bin/python manage.py collectstatic --noinput --verbosity 0

  install -m 644 deploy/authapi.service deploy/authapi-purge-sessions.service \
    deploy/authapi-purge-sessions.timer /etc/systemd/system/
  systemctl daemon-reload
  systemctl enable --quiet authapi.service authapi-purge-sessions.timer
  systemctl start authapi-purge-sessions.timer
  # A restart, not a reload: the app is preloaded in gunicorn's master, which a reload keeps.
  systemctl restart authapi.service
  wait_until_healthy
  trap - ERR
  echo "released $target. To roll back: sudo $0 $previous"
}

with_settings() {  # run a command as root with the service's settings in its environment
  (
    set -a
    # shellcheck source=/dev/null  # the server's settings, written from deploy/authapi.env.example
    . "$ENV_FILE"
    set +a
    exec "$@"
  )
}

wait_until_healthy() {
  local _
  for _ in $(seq 30); do
    if with_settings .venv/bin/python deploy/healthcheck.py 2>/dev/null; then return 0; fi
    sleep 1
  done
  with_settings .venv/bin/python deploy/healthcheck.py || true
  echo "GET /health did not answer 200 within 30 s; see: journalctl -u authapi -n 50" >&2
  return 1
}

# On one line: bash has read all of it before the checkout above can change this file.
main "$@"; exit
