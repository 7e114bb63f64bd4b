# Two commands for a fresh machine: `make run` (the portal, embedded) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install serve lint messages bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## The portal on http://127.0.0.1:8000 with a Celery worker and beat: SQLite and a server-less broker
## unless DATABASE_URL / REDIS_URL are set. Ctrl-C stops all of it.
run: install
	@bash scripts/run.sh

## The whole suite against PostgreSQL and Redis (started or installed when missing).
test: install
	@bash scripts/ensure_services.sh
	@bash scripts/test.sh

## Production processes: gunicorn, Celery worker and beat (needs DATABASE_URL, REDIS_URL, SECRET_KEY,
## ALLOWED_HOSTS, PUBLIC_BASE_URL; README: Deployment). Ctrl-C stops all of them.
serve: install
	@bash scripts/serve.sh

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

messages: install
	$(PY) manage.py makemessages -l vi --no-obsolete && $(PY) manage.py compilemessages

## Benchmarks on PostgreSQL with 1,000,000 and 10,000,000 demo dossiers (loaded once by bench/load.py into
## BENCH_DATABASE_URL and BENCH10M_DATABASE_URL, default postgres://postgres:postgres@127.0.0.1:5432/bench and
## .../bench10m): dashboard, scorecard, receiving with and without rollups, verify_rollups, load time; each
## goal of issue 17 with a verdict. See bench/run.sh and bench/README.md.
bench: install
	@bash bench/run.sh

clean:
	rm -rf $(VENV) var staticfiles
