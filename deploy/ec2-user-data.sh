#!/bin/bash
# EC2 user data: turns a fresh Ubuntu 24.04 LTS instance (or Debian 12) into a running authapi
# server on port 8000. Edit the settings below, then give the whole file as the instance's user data
# (console: Advanced details > User data; CLI: --user-data file://deploy/ec2-user-data.sh).
# cloud-init runs it once, as root, at first boot; its output is in
# /var/log/cloud-init-output.log. Walkthrough: docs/deploy-ec2.md.
#
# It checks every setting before it changes anything, and it is safe to run again after a
# fix (sudo bash ec2-user-data.sh): what exists is kept, the secrets it generated included.
set -Eeuo pipefail
# Also inside $(...): a failed step stops the script instead of yielding a half-made value.
shopt -s inherit_errexit

# --- Settings ------------------------------------------------------------------------------
# Between single quotes every character stands for itself ($, &, ", spaces...); only the
# single quote itself must be written as '\''.
#
# Required. A public repository over HTTPS, or a private one over SSH with a deploy key.
REPO_URL='https://github.com/YOUR-ORG/YOUR-REPO.git'
BRANCH='main'
# A private repository: REPO_URL='git@github.com:YOUR-ORG/YOUR-REPO.git', and here the name of
# an SSM Parameter Store SecureString holding its read-only deploy key, which the instance
# role may read (docs/deploy-ec2.md, "A private repository").
DEPLOY_KEY_PARAMETER=''
# The SSH host keys the repository's server must show: GitHub's, as published on
# https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/githubs-ssh-key-fingerprints
REPO_HOST_KEYS='github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=
github.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk='
# How many instances will serve this API behind one load balancer. With more than one they
# must share everything: one database (DATABASE_URL) and one place for the brute-force
# counters (the database, or one shared REDIS_URL), so PostgreSQL or Redis on the instance
# is refused.
INSTANCES='1'
# Empty: PostgreSQL is installed on this instance, with a generated password (one instance).
# Amazon RDS: postgres://authapi:PASSWORD@NAME.xxxxxxxx.REGION.rds.amazonaws.com:5432/authapi
DATABASE_URL=''
# The brute-force counters. Neither of these: the database keeps them, shared by every
# instance. INSTALL_REDIS='yes': a Redis on this instance, for INSTANCES='1' only (each
# instance would count on its own). REDIS_URL: one Redis that every instance shares (ElastiCache).
INSTALL_REDIS='no'
REDIS_URL=''
# Empty (recommended): generated on the instance. User data is no place for secrets: anyone
# allowed to describe the instance, and any process on it, can read it.
SECRET_KEY=''
JWT_SECRET_KEY=''
MFA_SECRET_KEY=''
# The names clients use, comma-separated: a domain, the load balancer's DNS name, an Elastic
# IP. The instance's own names and addresses are added at every start of the service.
ALLOWED_HOSTS=''
# ------------------------------------------------------------------------------------------

# AUTHAPI_ROOT stands for / in the rehearsals of tests/deploy; it is never set on a server.
APP_DIR="${AUTHAPI_ROOT:-}/opt/authapi"
CONFIG_DIR="${AUTHAPI_ROOT:-}/etc/authapi"
ENV_FILE=$CONFIG_DIR/authapi.env
SSH_COMMAND="ssh -i $CONFIG_DIR/deploy_key -o IdentitiesOnly=yes -o UserKnownHostsFile=$CONFIG_DIR/known_hosts -o StrictHostKeyChecking=yes"
export DEBIAN_FRONTEND=noninteractive
# cloud-init may start this script without HOME, which git expects.
export HOME="${HOME:-/root}"

main() {
  check_settings
  install_packages
  id authapi >/dev/null 2>&1 ||
    useradd --system --user-group --home-dir /var/lib/authapi --no-create-home \
      --shell /usr/sbin/nologin authapi
  install_deploy_key
  get_code
  write_settings
  # Installs the venv and the systemd units, migrates, starts, and waits for /health.
  "$APP_DIR/deploy/release.sh" "$BRANCH"
  echo "authapi is serving on port 8000. Settings: $ENV_FILE. Next steps: docs/deploy-ec2.md"
}

check_settings() {  # every setting at once, before anything is changed
  REPO_URL=$REPO_URL BRANCH=$BRANCH DEPLOY_KEY_PARAMETER=$DEPLOY_KEY_PARAMETER \
    REPO_HOST_KEYS=$REPO_HOST_KEYS INSTANCES=$INSTANCES DATABASE_URL=$DATABASE_URL \
    INSTALL_REDIS=$INSTALL_REDIS REDIS_URL=$REDIS_URL SECRET_KEY=$SECRET_KEY \
    JWT_SECRET_KEY=$JWT_SECRET_KEY MFA_SECRET_KEY=$MFA_SECRET_KEY ALLOWED_HOSTS=$ALLOWED_HOSTS python3 - <<'PY'
import os, re, sys
from urllib.parse import urlsplit

s = os.environ
problems = []
if sys.version_info < (3, 11):
    problems.append("authapi needs Python 3.11 or newer; Ubuntu 24.04 LTS has 3.12")
for name in ("REPO_URL", "BRANCH", "DEPLOY_KEY_PARAMETER", "INSTANCES", "DATABASE_URL", "INSTALL_REDIS",
             "REDIS_URL", "SECRET_KEY", "JWT_SECRET_KEY", "MFA_SECRET_KEY", "ALLOWED_HOSTS"):
    if any(ord(c) < 32 or c == "\x7f" for c in s[name]):
        problems.append(f"{name} must not contain line breaks or other control characters")

ssh = bool(re.fullmatch(r"[\w.-]+@[\w.-]+:\S+|ssh://\S+", s["REPO_URL"]))
if not s["REPO_URL"] or "YOUR-ORG" in s["REPO_URL"]:
    problems.append("REPO_URL: set it to your repository")
elif not (ssh or re.fullmatch(r"(https|file)://\S+", s["REPO_URL"])):
    problems.append("REPO_URL must be https://HOST/ORG/REPO.git or, with a deploy key, git@HOST:ORG/REPO.git")
elif ssh and not s["DEPLOY_KEY_PARAMETER"]:
    problems.append("REPO_URL is an SSH address: set DEPLOY_KEY_PARAMETER to the parameter holding its deploy key")
elif s["DEPLOY_KEY_PARAMETER"] and not ssh:
    problems.append("DEPLOY_KEY_PARAMETER is set: REPO_URL must then be an SSH address, git@github.com:ORG/REPO.git")
if s["DEPLOY_KEY_PARAMETER"] and not re.fullmatch(r"[\w./-]+|arn:aws:ssm:\S+", s["DEPLOY_KEY_PARAMETER"]):
    problems.append("DEPLOY_KEY_PARAMETER must be a parameter name such as /authapi/deploy-key, or its ARN")
if ssh and not re.search(r"^\S+ (ssh-ed25519|ecdsa-sha2-\S+|ssh-rsa) \S+$", s["REPO_HOST_KEYS"], re.M):
    problems.append("REPO_HOST_KEYS must hold the repository server's host keys, as known_hosts lines")
if not re.fullmatch(r"[\w][\w./-]*", s["BRANCH"]) or ".." in s["BRANCH"] or s["BRANCH"].endswith((".lock", "/")):
    problems.append("BRANCH must be a branch or tag name such as main")

if not re.fullmatch(r"[1-9][0-9]*", s["INSTANCES"]):
    problems.append("INSTANCES must be a whole number, 1 or more")
several = s["INSTANCES"].isdigit() and int(s["INSTANCES"]) > 1

url = s["DATABASE_URL"]
if url:
    parts = urlsplit(url)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme in ("postgres", "postgresql"):
        if not (port_ok and parts.hostname and re.fullmatch(r"/[^/]+", parts.path)) or re.search(r"\s", url):
            problems.append("DATABASE_URL must look like postgres://USER:PASSWORD@HOST:5432/NAME, with any of"
                            " : / @ ? # % or a space in the password URL-encoded (%3A %2F %40 %3F %23 %25 %20)")
    elif parts.scheme == "sqlite":
        if not url.startswith("sqlite:////") or several:
            problems.append("DATABASE_URL: SQLite needs an absolute path (sqlite:////var/lib/authapi/db.sqlite3)"
                            " and serves one instance only")
    else:
        problems.append("DATABASE_URL must start with postgres:// (or sqlite:////)")
elif several:
    problems.append(f"INSTANCES={s['INSTANCES']}: every instance needs the same database; set DATABASE_URL (RDS),"
                    " or each instance would have its own members")

if s["INSTALL_REDIS"] not in ("yes", "no"):
    problems.append('INSTALL_REDIS must be "yes" or "no"')
elif s["INSTALL_REDIS"] == "yes" and several:
    problems.append(f"INSTALL_REDIS=yes with INSTANCES={s['INSTANCES']}: a Redis on each instance splits the"
                    " brute-force counters, multiplying every limit by the number of instances. Leave Redis out"
                    " (the database keeps the counters, shared) or set REDIS_URL to one shared Redis (ElastiCache)")
elif s["INSTALL_REDIS"] == "yes" and s["REDIS_URL"]:
    problems.append("INSTALL_REDIS=yes and REDIS_URL are both set: choose one")
if s["REDIS_URL"] and not re.fullmatch(r"(rediss?|unix)://\S+", s["REDIS_URL"]):
    problems.append("REDIS_URL must look like redis://HOST:6379/0 (or rediss:// for TLS)")

for name in ("SECRET_KEY", "JWT_SECRET_KEY", "MFA_SECRET_KEY"):
    if s[name] and len(s[name].encode()) < 32:
        problems.append(f"{name} must be at least 32 bytes long, or empty to be generated here")
if s["SECRET_KEY"] and s["SECRET_KEY"] == s["JWT_SECRET_KEY"]:
    problems.append("SECRET_KEY and JWT_SECRET_KEY must differ")
host = r"\*|\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\]"
for entry in s["ALLOWED_HOSTS"].split(","):
    if entry.strip() and not re.fullmatch(host, entry.strip()):
        problems.append(f"ALLOWED_HOSTS: {entry.strip()!r} is not a host name or address")

if problems:
    print("Nothing was changed. Fix these settings at the top of the user data:", file=sys.stderr)
    print("".join(f"  - {problem}\n" for problem in problems), end="", file=sys.stderr)
    sys.exit(1)
if several and not (s["SECRET_KEY"] and s["JWT_SECRET_KEY"] and s["MFA_SECRET_KEY"]):
    print(f"WARNING: INSTANCES={s['INSTANCES']} but the keys will be generated here: give every instance the same"
          " SECRET_KEY, JWT_SECRET_KEY and MFA_SECRET_KEY (docs/deploy-ec2.md, section 3), or tokens from one are refused by the"
          " others", file=sys.stderr)
PY
}

install_packages() {
  local packages=(git python3-venv)
  [ -n "$DATABASE_URL" ] || packages+=(postgresql)
  [ "$INSTALL_REDIS" != yes ] || packages+=(redis-server)
  # At first boot, unattended-upgrades may hold the dpkg lock for a while: wait, do not fail.
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q "${packages[@]}"
}

install_deploy_key() {  # a private repository's key, read from SSM through the instance role
  [ -n "$DEPLOY_KEY_PARAMETER" ] || return 0
  command -v aws >/dev/null || snap install aws-cli --classic
  install -d -m 700 "$CONFIG_DIR"
  # Pinned: SSH accepts the server only if it shows one of these keys, never a new one.
  printf '%s\n' "$REPO_HOST_KEYS" >"$CONFIG_DIR/known_hosts"
  (
    umask 077
    aws ssm get-parameter --region "$(instance_metadata placement/region)" --name "$DEPLOY_KEY_PARAMETER" \
      --with-decryption --query Parameter.Value --output text >"$CONFIG_DIR/deploy_key.new"
  )
  mv "$CONFIG_DIR/deploy_key.new" "$CONFIG_DIR/deploy_key"
}

instance_metadata() {  # ITEM: one item of this instance's metadata (IMDSv2)
  local imds=http://169.254.169.254/latest token
  token="$(curl -fsS --max-time 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$imds/api/token")"
  curl -fsS --max-time 5 -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/$1"
}

get_code() {
  local ssh_config=()
  # Kept in the checkout's configuration, so that release.sh fetches with the key too.
  [ -z "$DEPLOY_KEY_PARAMETER" ] || ssh_config=(--config "core.sshCommand=$SSH_COMMAND")
  if [ -d "$APP_DIR/.git" ]; then
    git -C "$APP_DIR" remote set-url origin "$REPO_URL"
    [ -z "$DEPLOY_KEY_PARAMETER" ] || git -C "$APP_DIR" config core.sshCommand "$SSH_COMMAND"
  else
    git clone --quiet "${ssh_config[@]}" --branch "$BRANCH" "$REPO_URL" "$APP_DIR"
  fi
}

write_settings() {  # first run: from the template; later runs: keep the file, apply what is set here
  local new=$ENV_FILE.new first=no
  install -d -m 700 "$CONFIG_DIR"
  if [ -f "$ENV_FILE" ]; then
    install -m 600 "$ENV_FILE" "$new"
  else
    install -m 600 "$APP_DIR/deploy/authapi.env.example" "$new"
    first=yes
  fi
  if [ -n "$SECRET_KEY" ] || [ "$first" = yes ]; then set_setting SECRET_KEY "${SECRET_KEY:-$(random_key)}"; fi
  if [ -n "$JWT_SECRET_KEY" ] || [ "$first" = yes ]; then
    set_setting JWT_SECRET_KEY "${JWT_SECRET_KEY:-$(random_key)}"
  fi
  if [ -n "$MFA_SECRET_KEY" ] || [ "$first" = yes ] || ! grep -q '^MFA_SECRET_KEY=.\{32\}' "$new"; then
    set_setting MFA_SECRET_KEY "${MFA_SECRET_KEY:-$(random_key)}"
  fi
  if [ -n "$DATABASE_URL" ]; then
    set_setting DATABASE_URL "$DATABASE_URL"
  elif [ "$first" = yes ]; then
    set_setting DATABASE_URL "$(create_local_database)"
  fi
  if [ -n "$REDIS_URL" ]; then
    set_setting REDIS_URL "$REDIS_URL"
  elif [ "$INSTALL_REDIS" = yes ]; then
    set_setting REDIS_URL redis://127.0.0.1:6379/0
  fi
  if [ -n "$ALLOWED_HOSTS" ] || [ "$first" = yes ]; then set_setting ALLOWED_HOSTS "$ALLOWED_HOSTS"; fi
  mv "$new" "$ENV_FILE"
}

random_key() { python3 -c 'import secrets; print(secrets.token_urlsafe(48))'; }

set_setting() {  # NAME VALUE: in the new settings file, quoted as systemd reads it
  printf '%s' "$2" | python3 "$APP_DIR/deploy/envfile.py" set "$ENV_FILE.new" "$1"
}

create_local_database() {  # prints the URL of the role and database it made (or found)
  local password
  password="$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
  (cd / && AUTHAPI_DB_PASSWORD=$password runuser -u postgres -- \
    psql -q -v ON_ERROR_STOP=1 <"$APP_DIR/deploy/local-database.sql") >&2
  echo "postgres://authapi:$password@127.0.0.1:5432/authapi"
}

main "$@"
