#!/usr/bin/env bash
# The specification as a page: run every feature scenario (in-process), have pytest-bdd
# write cucumber JSON, and turn it into reports/spec.html with the pinned npm formatter
# in report/ (installed with `npm ci`). The page is built even when scenarios fail;
# the script then exits with pytest's status. It also fails if the page misses a
# scenario of the run or loads anything from the network.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

make --no-print-directory --quiet "$VENV/.dev" VENV="$VENV"
if [ ! -f report/node_modules/.package-lock.json ] || [ report/package-lock.json -nt report/node_modules/.package-lock.json ]; then
  (cd report && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p reports
rm -f reports/cucumber.json reports/spec.html
status=0
"$VENV/bin/python" -m pytest features -q --cucumberjson=reports/cucumber.json || status=$?
node report/generate.js reports/cucumber.json reports/spec.html
"$VENV/bin/python" scripts/check_spec_report.py reports/cucumber.json reports/spec.html || status=1
echo "open reports/spec.html in a browser"
exit "$status"
