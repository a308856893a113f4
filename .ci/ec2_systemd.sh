#!/usr/bin/env bash
# The EC2 user data, run on a host with systemd (issue 22), as root with Docker running and the
# stand-ins built (.ci/docker.sh does both, then runs this):
#   .ci/ec2_systemd.sh
# The host is a container booting systemd: Debian 12 stands in for Ubuntu 24.04 (.ci/standins/
# ec2-host), with a stand-in for the instance metadata service on 169.254.169.254 and a local
# bare repository, made from this checkout's HEAD, as REPO_URL. It proves: the user data runs to
# the end and the service is active; /health answers on port 8000 through the unit; release.sh
# deploys a new commit, and rolls back one whose /health fails; the service comes back after a
# restart of the host; running the user data again changes nothing.
# --privileged is not possible here (the machine lacks CAP_SYS_RESOURCE), so the container gets
# CAP_SYS_ADMIN and CAP_NET_ADMIN, which systemd and the metadata address need.
set -Eeuo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
# shellcheck source=.ci/standins/names.sh
. .ci/standins/names.sh
HOST=authapici-ec2
work="$(mktemp -d)"

fail() { echo "EC2 rehearsal FAILED: $*" >&2; exit 1; }
on_host() { timeout 900 docker exec "$HOST" "$@"; }
cleanup() {
  local status=$?
  trap - EXIT
  if [ "$status" -ne 0 ] && docker inspect "$HOST" >/dev/null 2>&1; then
    echo "--- the host's journal for authapi when the rehearsal failed:" >&2
    docker exec "$HOST" journalctl -u authapi --no-pager -n 40 >&2 2>/dev/null || true
  fi
  docker rm -f -v "$HOST" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

boot() {  # start the host, wait for systemd, start the metadata stand-in
  docker start "$HOST" >/dev/null
  local state=""
  for _ in $(seq 120); do
    state="$(docker exec "$HOST" systemctl is-system-running 2>/dev/null || true)"
    case "$state" in running | degraded) break ;; esac
    sleep 1
  done
  case "$state" in running | degraded) ;; *) fail "systemd did not finish booting ($state)" ;; esac
  on_host ip addr replace 169.254.169.254/32 dev lo
  on_host systemd-run --quiet --unit=imds python3 /usr/local/lib/imds.py
  echo "ok: the host booted systemd ($state)"
}

healthy() {  # the service is active and /health answers 200 on port 8000
  on_host systemctl is-active --quiet authapi.service || fail "authapi.service is not active"
  on_host curl -fsS --max-time 10 --retry 10 --retry-delay 2 --retry-connrefused \
    http://127.0.0.1:8000/health >/dev/null || fail "/health does not answer 200 on port 8000"
  echo "ok: authapi.service is active and /health answers on port 8000 $1"
}

state() {  # what a second run of the user data must not change
  on_host sh -c 'sha256sum /etc/authapi/authapi.env; git -C /opt/authapi rev-parse HEAD refs/deploy/healthy'
}

commit() {  # MESSAGE [COMMAND]: a new commit on origin's main, made in a clone
  rm -rf "$work/clone"
  git clone --quiet "$work/origin.git" "$work/clone"
  if [ -n "${2:-}" ]; then (cd "$work/clone" && sh -c "$2"); fi
  git -C "$work/clone" -c user.name=ci -c user.email=ci@localhost commit --quiet --allow-empty -am "$1"
  git -C "$work/clone" push --quiet origin HEAD:main
  git -C "$work/clone" rev-parse HEAD
}

# The repository: this checkout's HEAD as main. The user data: its settings made for the test.
git init --quiet --bare --initial-branch=main "$work/origin.git"
git push --quiet "$work/origin.git" HEAD:refs/heads/main
sed -e "s|^REPO_URL=.*|REPO_URL='file:///srv/origin.git'|" deploy/ec2-user-data.sh >"$work/user-data.sh"
grep -q "^REPO_URL='file:///srv/origin.git'$" "$work/user-data.sh" || fail "could not set REPO_URL"

docker rm -f -v "$HOST" >/dev/null 2>&1 || true
docker create --name "$HOST" --hostname ip-10-0-1-23 --cap-add SYS_ADMIN --cap-add NET_ADMIN \
  --security-opt seccomp=unconfined --tmpfs /run --tmpfs /run/lock \
  -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v "$work/origin.git:/srv/origin.git" \
  -v "$work/user-data.sh:/var/lib/cloud/user-data.sh:ro" "$STANDIN_EC2_HOST" >/dev/null
boot

echo "--- the user data, as cloud-init runs it at first boot"
on_host bash /var/lib/cloud/user-data.sh >"$work/user-data.log" 2>&1 ||
  { tail -n 30 "$work/user-data.log" >&2; fail "the user data failed"; }
tail -n 1 "$work/user-data.log" | grep -q "^authapi is serving on port 8000" ||
  { tail -n 5 "$work/user-data.log" >&2; fail "the user data did not run to the end"; }
echo "ok: the user data ran to the end"
healthy "after the user data"
on_host grep -q "ip-10-0-1-23.eu-west-1.compute.internal" /run/authapi/allowed-hosts.env ||
  fail "the instance's names (from the metadata stand-in) are not in ALLOWED_HOSTS"
echo "ok: the instance's names from the metadata service joined ALLOWED_HOSTS"

echo "--- release.sh: a new commit, then one whose /health fails"
new="$(commit "a new release")"
on_host /opt/authapi/deploy/release.sh main >"$work/release.log" 2>&1 ||
  { tail -n 20 "$work/release.log" >&2; fail "release.sh failed to deploy a good commit"; }
[ "$(on_host git -C /opt/authapi rev-parse HEAD)" = "$new" ] || fail "the new commit is not checked out"
echo "ok: release.sh deployed the new commit"
healthy "on the new commit"
commit "a release whose /health fails" "sed -i 's/path(\"health\"/path(\"health-gone\"/' config/urls.py" >/dev/null
if on_host /opt/authapi/deploy/release.sh main >"$work/release.log" 2>&1; then
  fail "release.sh accepted a commit whose /health fails"
fi
grep -q "rolled back: the service runs $new again" "$work/release.log" ||
  { tail -n 20 "$work/release.log" >&2; fail "release.sh did not roll back"; }
[ "$(on_host git -C /opt/authapi rev-parse HEAD)" = "$new" ] || fail "the rollback did not check out $new"
echo "ok: release.sh refused the commit whose /health fails and rolled back"
healthy "after the rollback"

# The team withdraws the broken commit, so that main is the healthy release again.
git -C "$work/clone" push --quiet --force origin "$new:main"

echo "--- a restart of the host"
on_host systemctl poweroff || true
timeout 90 docker wait "$HOST" >/dev/null || fail "the host did not shut down"
boot
healthy "after the restart"

echo "--- the user data a second time"
state >"$work/before"
on_host bash /var/lib/cloud/user-data.sh >"$work/user-data.log" 2>&1 ||
  { tail -n 30 "$work/user-data.log" >&2; fail "the user data failed the second time"; }
state >"$work/after"
diff "$work/before" "$work/after" || fail "the second run changed the settings or the release"
echo "ok: the second run changed neither the settings (secrets included) nor the release"
healthy "after the second run"
echo "EC2 rehearsal passed"
