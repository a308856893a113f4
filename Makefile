# `make run` serves the API on 0.0.0.0:8000 (gunicorn, SQLite); `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test migrate clean

run: $(VENV)/.runtime .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	exec $(BIN)/gunicorn --config gunicorn.conf.py

test: $(VENV)/.dev
	$(BIN)/python -m pytest

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
# `make bench`: a measured mixed load on gunicorn + PostgreSQL (see bench/README.md).
.PHONY: report bench

report: $(VENV)/.dev
	VENV=$(VENV) .ci/report.sh

bench: $(VENV)/.bench
	VENV=$(VENV) bench/run.sh

$(VENV)/.bench: requirements.txt bench/requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	touch $@ $(VENV)/.runtime
