# `make run` serves the API on 0.0.0.0:8000 (gunicorn, SQLite); `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint migrate clean

run: $(VENV)/.runtime .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	exec $(BIN)/gunicorn --config gunicorn.conf.py

test: $(VENV)/.dev
	$(BIN)/python -m pytest

# One formatter and linter (ruff.toml); CI runs this first and fails on any finding.
lint: $(VENV)/.dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

migrate: $(VENV)/.runtime .env
	$(BIN)/python manage.py migrate --noinput

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

.env:
	$(PYTHON) scripts/write_env.py .env

clean:
	rm -rf $(VENV) staticfiles

# `make report`: the feature run as one HTML page a stakeholder can read, reports/spec.html.
# `make bench`: the cost of requests on gunicorn + PostgreSQL, measured with wrk (see bench/README.md).
.PHONY: report bench

report: $(VENV)/.dev
	VENV=$(VENV) .ci/report.sh

bench: $(VENV)/.runtime
	VENV=$(VENV) bench/run.sh
