#!/usr/bin/env bash
# Drive Swagger UI in headless Chromium against a live server, as a person would.
# Usage: .ci/browser_test.sh BASE_URL [VENV]   e.g. .ci/browser_test.sh http://127.0.0.1:8000
# BASE_URL must reach the server on a loopback address. VENV defaults to .venv.
# Installs what a fresh machine lacks (runs as root): Debian's Chromium, a Korean font (the
# error messages in the screenshot are Korean), and the pinned Playwright driver into VENV.
# Leaves a full-page screenshot in reports/swagger-ui.png, whether the test passes or not.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${1:-}" ]; then echo "usage: $0 BASE_URL [VENV]" >&2; exit 2; fi
BASE_URL="${1%/}"
VENV="${2:-.venv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
installed fonts-nanum || missing+=(fonts-nanum)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=120 "${missing[@]}" >/dev/null
fi

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet -r requirements-browser.txt

if ! curl -fsS --max-time 5 "$BASE_URL/health" >/dev/null; then
  echo "no server answers at $BASE_URL/health" >&2
  exit 1
fi

result=0
BROWSER_BASE_URL="$BASE_URL" "$VENV/bin/python" -m pytest tests/browser -m browser -rs || result=$?
echo "screenshot: reports/swagger-ui.png"
exit "$result"
