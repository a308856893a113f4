#!/bin/bash
# EC2 user data: turns a fresh Ubuntu 24.04 LTS instance into a running authapi server on
# port 8000. Edit the settings below, then give the whole file as the instance's user data
# (console: Advanced details > User data; CLI: --user-data file://deploy/ec2-user-data.sh).
# cloud-init runs it once, as root, at first boot; its output is in
# /var/log/cloud-init-output.log. Walkthrough: docs/deploy-ec2.md.
set -euo pipefail
# Also inside $(...): a failed step stops the script instead of yielding a half-made value.
shopt -s inherit_errexit

# --- Settings ------------------------------------------------------------------------------
# Required. A private repository needs a read-only token in the URL or a deploy key.
REPO_URL="https://github.com/YOUR-ORG/YOUR-REPO.git"
BRANCH="main"
# Empty: PostgreSQL is installed on this instance, with a generated password.
# Amazon RDS: postgres://authapi:PASSWORD@NAME.xxxxxxxx.REGION.rds.amazonaws.com:5432/authapi
DATABASE_URL=""
# "yes": Redis is installed on this instance for the brute-force counters. Or set REDIS_URL
# (ElastiCache). Neither: the database keeps them, which is fine for a single instance.
INSTALL_REDIS="no"
REDIS_URL=""
# Empty (recommended): generated on the instance. User data is no place for secrets: anyone
# allowed to describe the instance, and any process on it, can read it.
SECRET_KEY=""
JWT_SECRET_KEY=""
# Empty: this instance's public and private DNS names and addresses, 127.0.0.1 and localhost.
ALLOWED_HOSTS=""
# ------------------------------------------------------------------------------------------

APP_DIR=/opt/authapi
ENV_FILE=/etc/authapi/authapi.env
export DEBIAN_FRONTEND=noninteractive
# cloud-init may start this script without HOME, which git expects.
export HOME="${HOME:-/root}"

main() {
  install_packages
  id authapi >/dev/null 2>&1 ||
    useradd --system --user-group --home-dir /var/lib/authapi --no-create-home \
      --shell /usr/sbin/nologin authapi
  [ -d "$APP_DIR/.git" ] || git clone --quiet --branch "$BRANCH" "$REPO_URL" "$APP_DIR"
  # Written once: a later run of this script never replaces the secrets.
  [ -f "$ENV_FILE" ] || write_settings
  # Installs the venv and the systemd units, migrates, starts, and waits for /health.
  "$APP_DIR/deploy/release.sh" "$BRANCH"
  echo "authapi is serving on port 8000. Settings: $ENV_FILE. Next steps: docs/deploy-ec2.md"
}

install_packages() {
  local packages=(git python3-venv)
  [ -n "$DATABASE_URL" ] || packages+=(postgresql)
  [ "$INSTALL_REDIS" != yes ] || packages+=(redis-server)
  apt-get update -q
  apt-get install -y -q "${packages[@]}"
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "authapi needs Python 3.11 or newer; Ubuntu 24.04 LTS has 3.12" >&2
    exit 1
  fi
}

write_settings() {
  local database_url=$DATABASE_URL redis_url=$REDIS_URL
  [ -n "$database_url" ] || database_url="$(create_local_database)"
  if [ -z "$redis_url" ] && [ "$INSTALL_REDIS" = yes ]; then redis_url=redis://127.0.0.1:6379/0; fi
  install -d -m 700 /etc/authapi
  install -m 600 "$APP_DIR/deploy/authapi.env.example" "$ENV_FILE.new"
  set_setting SECRET_KEY "${SECRET_KEY:-$(random_key)}"
  set_setting JWT_SECRET_KEY "${JWT_SECRET_KEY:-$(random_key)}"
  set_setting DATABASE_URL "$database_url"
  set_setting ALLOWED_HOSTS "${ALLOWED_HOSTS:-$(instance_hosts)}"
  [ -z "$redis_url" ] || set_setting REDIS_URL "$redis_url"
  mv "$ENV_FILE.new" "$ENV_FILE"
}

random_key() { python3 -c 'import secrets; print(secrets.token_urlsafe(48))'; }

set_setting() {  # NAME VALUE: replace the line "NAME=..." or "#NAME=..." of the new settings file
  case "$2" in
    *[[:space:]\"\'\$\`\\]*) echo "$1 must not contain spaces, quotes, \$, \` or backslashes" >&2; exit 1 ;;
  esac
  NAME="$1" VALUE="$2" python3 - "$ENV_FILE.new" <<'PY'
import os, re, sys
from pathlib import Path

path, name, value = Path(sys.argv[1]), os.environ["NAME"], os.environ["VALUE"]
text, found = re.subn(rf"^#?{name}=.*$", lambda _: f"{name}={value}", path.read_text(), count=1, flags=re.M)
path.write_text(text if found else f"{text}{name}={value}\n")
PY
}

create_local_database() {  # prints the new database's URL
  local password
  password="$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
  (cd / && runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -v password="$password") >&2 <<'SQL'
CREATE ROLE authapi LOGIN PASSWORD :'password';
CREATE DATABASE authapi OWNER authapi;
SQL
  echo "postgres://authapi:$password@127.0.0.1:5432/authapi"
}

instance_hosts() {  # the names this instance is reached by, from the instance metadata (IMDSv2)
  local imds=http://169.254.169.254/latest token item value hosts=""
  token="$(curl -fsS --max-time 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$imds/api/token")" || token=""
  for item in public-hostname public-ipv4 local-hostname local-ipv4; do
    # An instance without a public address has no public-* entries.
    value="$(curl -fsS --max-time 5 -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/$item" 2>/dev/null)" || continue
    [ -z "$value" ] || hosts+="$value,"
  done
  echo "${hosts}127.0.0.1,localhost"
}

main "$@"
