# ReformDesk — the two everyday commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Production-like values for `manage.py check --deploy` (never used to serve anything).
DEPLOY_ENV := REFORMDESK_ENV=production DEBUG=false ALLOWED_HOSTS=reformdesk.example.gov.vn \
	SECRET_KEY=check-deploy-only-9f3Kq2LmX7vB1nR8tY4wZ6pD0sH5jG3cA2eU7iO1

.PHONY: run serve fuzz test pytest test-browser bench lint typecheck lock assets demo worker messages clean help

help:
	@echo "make run          set up, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test         lint, type checks, migration and deploy checks, then the test suite"
	@echo "make test-browser browser tests in headless Chromium (screenshots in build/)"
	@echo "make bench        performance figures against a bare-framework baseline (build/bench.json)"
	@echo "make worker       run the background task worker"
	@echo "make serve        production: migrate, collectstatic, gunicorn and the task worker"
	@echo "make fuzz         schemathesis against the API's OpenAPI document, with and without a token"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ReformDesk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/base.lock
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	touch $(VENV)/.base-installed $@

vendor/.installed: assets.lock.json scripts/fetch_assets.py
	$(BIN)/python scripts/fetch_assets.py
	touch $@

assets: vendor/.installed

# The server and the task worker together; Ctrl-C stops both (core/management/commands/serve_all.py).
run: $(VENV)/.base-installed vendor/.installed
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py serve_all --bind $(HOST):$(PORT)

# Production serving as the README's Deploying section describes it: the environment gives
# REFORMDESK_ENV=production, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL...; WEB_WORKERS about 2 per core.
WEB_WORKERS ?= 4
serve: $(VENV)/.base-installed vendor/.installed
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/python manage.py serve_all --gunicorn --web-workers $(WEB_WORKERS) --bind $(HOST):$(PORT)

demo: $(VENV)/.base-installed
	$(BIN)/python manage.py load_demo

worker: $(VENV)/.base-installed
	$(BIN)/python manage.py db_worker

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy covers the service layer (writes and reads) and the working-time arithmetic.
MYPY_TARGETS = $(wildcard reformdesk/*/services reformdesk/*/services.py reformdesk/*/selectors.py \
	reformdesk/*/selectors reformdesk/*/selectors_*.py reformdesk/worktime/arithmetic.py reformdesk/core/api.py reformdesk/org/permissions.py)

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy $(MYPY_TARGETS)

pytest: $(VENV)/.dev-installed vendor/.installed
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test: lint typecheck $(VENV)/.dev-installed vendor/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory pytest

test-browser: $(VENV)/.dev-installed vendor/.installed
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

fuzz: $(VENV)/.dev-installed vendor/.installed
	$(BIN)/python scripts/fuzz_api.py

bench: $(VENV)/.dev-installed vendor/.installed
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_dossiers.py
	$(BIN)/python scripts/bench_rollups.py
	$(BIN)/python scripts/bench_attendance.py
	$(BIN)/python scripts/bench_inspections.py
	$(BIN)/python scripts/bench_surveys.py
	$(BIN)/python scripts/bench_feedback.py
	$(BIN)/python scripts/bench_registers.py

messages: $(VENV)/.dev-installed
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=vendor --ignore=build
	$(BIN)/python manage.py compilemessages --ignore=.venv

lock:
	uv pip compile pyproject.toml --python-version 3.11 --universal --generate-hashes -q -o requirements/base.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --universal --generate-hashes -q -o requirements/dev.lock

clean:
	rm -rf $(VENV) vendor staticfiles build .mypy_cache .ruff_cache
