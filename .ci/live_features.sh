#!/usr/bin/env bash
# Run the feature files over HTTP against a running server:
#   .ci/live_features.sh http://127.0.0.1:8000
# Each scenario signs up its own uniquely named members, so this can run again and
# again against a server that keeps its data. Scenarios a client cannot set up (the
# clock, an operator's command, the client's address) are skipped and run in-process.
set -euo pipefail
cd "$(dirname "$0")/.."

base_url="${1:?usage: .ci/live_features.sh BASE_URL}"
python="${PYTHON:-.venv/bin/python}"

# Forgeries signed with the server's own key need that key; in CI the server's
# JWT_SECRET_KEY is exported, and without either those examples are skipped.
export API_JWT_SECRET_KEY="${API_JWT_SECRET_KEY:-${JWT_SECRET_KEY:-}}"

# The test process reaches the server only over HTTP. config.test_settings ignores the
# server's DATABASE_URL and REDIS_URL, and with --base-url the suite never empties a Redis
# database, so the server's limit counters are left alone.
exec "$python" -m pytest features --base-url "$base_url" -p no:cacheprovider -rs
