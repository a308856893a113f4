#!/usr/bin/env bash
# Deploy one revision of the checkout at /opt/authapi, then restart the service. As root:
#   sudo /opt/authapi/deploy/release.sh main       # a branch: its newest commit on origin
#   sudo /opt/authapi/deploy/release.sh v1.2.0     # or a tag, or a commit
# Steps: fetch, check out, install requirements, migrate, collectstatic, install the systemd
# units, restart, wait for /health. The code belongs to root; the service only reads it.
#
# All or nothing. If any step fails, the last healthy release is checked out again with its
# requirements, static files and units; a service that was not restarted yet keeps running
# it untouched, one that was is restarted on it. Migrations that already ran stay (see
# docs/deploy-ec2.md, "Roll back"). A revision is recorded as healthy only after /health
# answered 200 on it:  sudo git -C /opt/authapi reflog refs/deploy/healthy
set -Eeuo pipefail
# Also inside $(...): a failed step stops the script instead of yielding a half-made value.
shopt -s inherit_errexit

# AUTHAPI_ROOT stands for / in the rehearsals of tests/deploy; it is never set on a server.
APP_DIR="${AUTHAPI_ROOT:-}/opt/authapi"
ENV_FILE="${AUTHAPI_ROOT:-}/etc/authapi/authapi.env"
UNIT_DIR="${AUTHAPI_ROOT:-}/etc/systemd/system"
STATE_DIR="${AUTHAPI_ROOT:-}/var/lib/authapi"
HEALTHY=refs/deploy/healthy
# Seconds to wait for /health after a restart; a slow instance: sudo RELEASE_HEALTH_WAIT=90 ...
HEALTH_WAIT="${RELEASE_HEALTH_WAIT:-30}"

# What a failure has to undo. checked_out is set once the checkout is done (a failed one changes
# nothing); the others as their step begins, so that a half-done step is undone too.
previous="" target="" checked_out=no units_installed=no restarted=no released=no
ENVFILE_PY=""

main() {
  if [ "$#" -ne 1 ]; then echo "usage: $0 BRANCH|TAG|COMMIT" >&2; exit 2; fi
  if [ "$(id -u)" -ne 0 ]; then echo "run it with sudo" >&2; exit 1; fi
  case "$HEALTH_WAIT" in '' | *[!0-9]*) echo "RELEASE_HEALTH_WAIT must be a number of seconds" >&2; exit 2 ;; esac
  cd "$APP_DIR"
  exec 9<"$APP_DIR"
  flock --nonblock 9 || { echo "another release is running" >&2; exit 1; }
  trap 'report_failure "$LINENO" "$BASH_COMMAND"' ERR
  trap 'finish $?' EXIT
  trap 'exit 130' INT TERM HUP
  # This revision's settings reader, kept for the rollback: an older revision may lack it.
  ENVFILE_PY="$(mktemp)"
  cp deploy/envfile.py "$ENVFILE_PY"

  git fetch --quiet --tags --prune origin
  local ref=$1
  # A branch name means the branch on origin; the local branch of the first clone goes stale.
  if git show-ref --verify --quiet "refs/remotes/origin/$ref"; then ref="origin/$ref"; fi
  target="$(git rev-parse --verify --quiet "$ref^{commit}")" || { echo "unknown revision: $1" >&2; exit 1; }
  # The last release that passed its health check; before the first one, the code in place.
  previous="$(git rev-parse --verify --quiet "$HEALTHY^{commit}")" || previous="$(git rev-parse HEAD)"
  echo "releasing $target (the last healthy release is $previous)"

  git checkout --quiet --detach "$target"
  checked_out=yes
  install_code
  install -d -o authapi -g authapi -m 750 "$STATE_DIR"  # for SQLite; see authapi.service
  deploy/manage.sh migrate --noinput
  units_installed=yes
  install_units
  restarted=yes
  # A restart, not a reload: the app is preloaded in gunicorn's master, which a reload keeps.
  systemctl restart authapi.service
  wait_until_healthy
  git update-ref --create-reflog -m "release.sh $1" "$HEALTHY" "$target"
  released=yes
  echo "released $target. To roll back: sudo $0 $previous"
}

install_code() {  # the checked-out revision's requirements and static files
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --no-cache-dir --disable-pip-version-check -r requirements.txt
  with_settings .venv/bin/python manage.py collectstatic --noinput --verbosity 0
}

install_units() {
  install -m 644 deploy/authapi.service deploy/authapi-purge-sessions.service \
    deploy/authapi-purge-sessions.timer deploy/authapi-deliver-mail.service \
    deploy/authapi-deliver-mail.timer "$UNIT_DIR/"
  systemctl daemon-reload
  systemctl enable --quiet authapi.service authapi-purge-sessions.timer authapi-deliver-mail.timer
  systemctl start authapi-purge-sessions.timer authapi-deliver-mail.timer
}

with_settings() {  # run a command as root with the service's settings, read as systemd reads them
  python3 "$ENVFILE_PY" exec "$ENV_FILE" -- "$@"
}

wait_until_healthy() {
  local _
  for _ in $(seq "$HEALTH_WAIT"); do
    if with_settings python3 deploy/healthcheck.py 2>/dev/null; then return 0; fi
    sleep 1
  done
  with_settings python3 deploy/healthcheck.py || true
  echo "GET /health did not answer 200 within $HEALTH_WAIT s; see: journalctl -u authapi -n 50" >&2
  return 1
}

# shellcheck disable=SC2329  # called from a trap
report_failure() {  # LINE COMMAND; with set -E it also fires inside functions
  if [ "$BASH_SUBSHELL" -eq 0 ]; then echo "release failed at line $1: $2" >&2; fi
}

# shellcheck disable=SC2329  # called from a trap
finish() {  # EXIT trap: after a failure, put the last healthy release back
  local status=$1
  trap - ERR EXIT
  if [ "$status" -ne 0 ] && [ "$released" = no ]; then
    set +e
    # set -e holds in this subshell only as a statement of its own, not left of || or in if.
    (set -e; roll_back)
    # shellcheck disable=SC2181
    if [ "$?" -ne 0 ]; then
      echo "THE ROLLBACK FAILED TOO: the checkout is at $(git rev-parse HEAD). Then, by hand:" >&2
      echo "  sudo $0 $previous" >&2
    fi
  fi
  rm -f "$ENVFILE_PY"
  exit "$status"
}

# shellcheck disable=SC2329  # called from a trap
roll_back() {
  if [ "$checked_out" = no ]; then
    echo "nothing was changed; the service still runs the code in place" >&2
    return 0
  fi
  if [ "$previous" = "$target" ]; then
    echo "$target was already the code in place: there is no earlier release to go back to" >&2
    return 0
  fi
  echo "rolling back to $previous" >&2
  git checkout --quiet --detach "$previous"
  install_code
  if [ "$units_installed" = yes ]; then install_units; fi
  if [ "$restarted" = yes ]; then
    systemctl restart authapi.service
    wait_until_healthy
    echo "rolled back: the service runs $previous again" >&2
  else
    echo "rolled back: the service was not restarted and still runs $previous" >&2
  fi
  echo "Migrations of $target that ran are still applied; see docs/deploy-ec2.md, \"Roll back\"." >&2
}

# On one line: bash has read all of it before the checkout above can change this file.
main "$@"; exit
