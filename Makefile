# Danvan — one entry point for newcomers and CI. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DANVAN := $(BIN)/danvan
# The demo runs with development settings: console email, static files from the source tree.
DEMO_ENV := DANVAN_DEBUG=1
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install install-dev run test lint contracts migrations-check test-sqlite test-postgres test-browser messages clean bench bench-data bench-batch bench-postgres bench-helpdesk soak

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@# vietnam-provinces 2026.x carries the pre-2025 units and the old→new tables but declares
	@# Python >= 3.12; it is pure data and runs on 3.11 (docs/decisions.md, D-003).
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python 'vietnam-provinces==2026.9.0'
	touch $@

# Development tools (pytest, Playwright, PyICU — which builds against Debian's libicu-dev — …) only for tests.
$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install Danvan (what `make run` needs)

install-dev: $(VENV)/.installed-dev ## Add the development and test tools

run: install ## Set everything up and serve the demo on http://127.0.0.1:8000
	$(DEMO_ENV) $(DANVAN) init-keys
	$(DEMO_ENV) $(DANVAN) migrate --no-input -v 0
	$(DEMO_ENV) $(DANVAN) load-units
	$(DEMO_ENV) $(DANVAN) demo
	@echo "Dân vận số: http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	@trap 'kill $$worker $$scheduler 2>/dev/null' EXIT; \
	  $(DEMO_ENV) $(DANVAN) worker --interval 2 & worker=$$!; \
	  $(DEMO_ENV) $(DANVAN) scheduler > var/scheduler.log 2>&1 & scheduler=$$!; \
	  $(DEMO_ENV) $(DANVAN) runserver --noreload $(HOST):$(PORT)

test: install-dev lint contracts migrations-check test-sqlite test-postgres test-browser ## Everything CI checks
	@echo "make test: all checks passed"

lint: install-dev ## ruff
	$(BIN)/ruff check .

contracts: install-dev ## Import-linter layer contracts (DESIGN.md §3)
	$(BIN)/lint-imports

migrations-check: install-dev ## Fail if a model change has no migration
	$(DEMO_ENV) $(BIN)/danvan makemigrations --check --dry-run

test-sqlite: install-dev ## The test suite on SQLite
	$(BIN)/pytest -m "not browser" -n 2 $(PYTEST_ARGS)

test-postgres: install-dev ## The test suite on a throwaway PostgreSQL cluster
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/pytest -m "not browser" -n 2 $(PYTEST_ARGS)

test-browser: install-dev ## Browser tests: Playwright driving Debian's Chromium, axe-core audits
	$(BIN)/pytest -m browser -p no:xdist $(PYTEST_ARGS)

messages: install ## Refresh and compile the English translation
	$(DANVAN) makemessages -l en --ignore=.venv --ignore=var --ignore=test-output
	$(DANVAN) compilemessages --ignore=.venv

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var test-output

# --- Benchmarks and soak (not part of `make test`; figures in docs/benchmarks.md, docs/reliability.md) ---
SIZE ?= 100k
BENCH_ENV := DANVAN_DEBUG=0 DANVAN_SECRET_KEY=bench-only-secret-key-0123456789abcdefghijklmnop DANVAN_STATIC_MANIFEST=0
BENCH_DB := DATABASE_URL=sqlite:///$(CURDIR)/var/bench-$(SIZE).sqlite3

bench-data: install ## Build the benchmark dataset on SQLite (SIZE=100k or 1m)
	$(BENCH_ENV) $(BENCH_DB) $(BIN)/python bench/generate.py --size $(SIZE)

bench: bench-data ## Read scenarios over HTTP (gunicorn) vs raw SQL, intake, batch work, on SQLite (SIZE=100k|1m)
	$(BENCH_ENV) $(BENCH_DB) $(BIN)/python bench/run.py
	$(BENCH_ENV) $(BENCH_DB) $(BIN)/python bench/load.py --sustain-seconds 30
	$(BENCH_ENV) $(BENCH_DB) $(BIN)/python bench/batch.py
	$(BIN)/python bench/report.py

bench-batch: bench-data ## Export, national report and early-warning sweep at SIZE on SQLite
	$(BENCH_ENV) $(BENCH_DB) $(BIN)/python bench/batch.py
	$(BIN)/python bench/report.py

bench-postgres: install ## The same on a throwaway PostgreSQL cluster (data generated inside it)
	$(BENCH_ENV) $(BIN)/python scripts/with_postgres.py -- bash -c \
	  '$(BIN)/python bench/generate.py --size $(SIZE) && $(BIN)/python bench/run.py && \
	   $(BIN)/python bench/load.py --sustain-seconds 30 && $(BIN)/python bench/batch.py'
	$(BIN)/python bench/report.py

bench-helpdesk: install ## The intake and queue-listing workload against django-helpdesk (own venv under var/)
	$(BENCH_ENV) $(BENCH_DB) $(BIN)/python bench/helpdesk/compare.py --size $(SIZE)
	$(BIN)/python bench/report.py

soak: install-dev ## Heavy reliability runs; rewrites docs/reliability.md with the figures
	rm -rf var/soak
	DANVAN_SOAK=1 DANVAN_SOAK_DIR=$(CURDIR)/var/soak $(BIN)/pytest -n 2 -q --junitxml=var/soak/junit.xml \
	  tests/reliability tests/security danvan/cases/tests/test_permission_matrix.py \
	  danvan/cases/tests/test_secrecy.py danvan/api/tests/test_schemathesis.py
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/soak.sqlite3 $(BIN)/python bench/load.py --sustain-seconds 600
	$(BIN)/python scripts/soak_report.py
