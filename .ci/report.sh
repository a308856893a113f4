#!/usr/bin/env bash
# The specification as a page: run every feature scenario (in-process), have pytest-bdd
# write cucumber JSON, and turn it into reports/spec.html with scripts/spec_report.py.
# The page is built even when scenarios fail; the script then exits with pytest's
# status. It also fails if scripts/check_spec_report.py finds the page misleading:
# a scenario, tag, count or step result that differs from the run, failures not
# first, or anything loaded from the network.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

make --no-print-directory --quiet "$VENV/.dev" VENV="$VENV"

mkdir -p reports
rm -f reports/cucumber.json reports/spec.html
status=0
"$VENV/bin/python" -m pytest features -q --cucumberjson=reports/cucumber.json || status=$?
"$VENV/bin/python" scripts/spec_report.py reports/cucumber.json reports/spec.html
"$VENV/bin/python" scripts/check_spec_report.py reports/cucumber.json reports/spec.html || status=1
echo "open reports/spec.html in a browser"
exit "$status"
