# Frontlines: `make run` starts the dashboard, `make test` runs every test. Both set up what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501
# Stamps keyed on the requirements' hash: pip runs again only when they change.
RUN_STAMP := $(VENV)/.installed-run-$(shell cat requirements.txt | sha256sum | cut -c1-16)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)

.PHONY: run test build deps dev-deps browser postgres bench eval screenshot lint format clean

run: build
	$(BIN)/streamlit run serve.py --server.address $(HOST) --server.port $(PORT)

test: build dev-deps browser postgres
	$(BIN)/python -m pytest

bench: build dev-deps browser postgres
	$(BIN)/python -m bench

# Accuracy on the hand-labelled development set (../shared/eval, or EVAL=path): the per-article
# table and micro/macro figures; the scorer's full report is kept in .cache/.
EVAL ?= ../shared/eval
eval: build
	@[ -f "$(EVAL)/run.py" ] || { echo "make eval: no development set at $(EVAL) (set EVAL=/path/to/eval)" >&2; exit 1; }
	set -o pipefail; $(BIN)/python $(EVAL)/run.py --python $(BIN)/python --verbose --json .cache/eval-report.json | tee .cache/eval-report.txt
	$(BIN)/python -m bench.accuracy .cache/eval-report.json

# Refresh docs/screenshot.png (the README's picture) and docs/screenshots/issue-13-add-page.png
# from the real app in Chromium.
screenshot: build dev-deps browser
	FRONTLINES_SCREENSHOT=1 $(BIN)/python -m pytest -q tests/test_browser_dashboard.py tests/test_browser_add.py -k "tal_rifaat or pasted_article"

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Provision boundaries and places (checksummed), copy Leaflet into static/, build the boundary
# cache, and ingest data/sources/. Each step is skipped when its output is current.
# Then compile the app's own modules to bytecode, as pip does for installed packages: where
# PYTHONDONTWRITEBYTECODE is set (as on our machines) Python never caches them, and every server
# start compiled the modules it imports again (about 50 ms, while the first browser loads the page).
build: deps
	$(BIN)/python -m geo setup
	$(BIN)/python -m compileall -q app.py serve.py geo pages

deps: $(RUN_STAMP)
dev-deps: $(DEV_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	rm -f $(VENV)/.installed-run-*
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(RUN_STAMP)
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $@

# A real Chromium for the browser tests, never a skip: $$CHROMIUM, else Debian's chromium
# (installed with apt-get when we are root), else Playwright's own download.
browser: dev-deps
	@if [ -n "$$CHROMIUM" ]; then \
	  [ -x "$$CHROMIUM" ] || { echo "make browser: CHROMIUM=$$CHROMIUM is not an executable file" >&2; exit 1; }; \
	elif [ -x /usr/lib/chromium/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null \
	  || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null; } \
	  || { echo "make browser: apt-get could not install chromium; set CHROMIUM=/path/to/chromium" >&2; exit 1; }; \
	else \
	  $(BIN)/playwright install chromium \
	  || { echo "make browser: no Chromium found. Install Debian's chromium, run 'playwright install chromium', or set CHROMIUM=/path/to/chromium" >&2; exit 1; }; \
	fi

# A real PostgreSQL with PostGIS for the store tests (tests/postgres_server.py starts a throw-away
# one), never a skip: Debian's postgresql and its PostGIS, installed with apt-get when we are root.
postgres:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's postgresql and PostGIS for the store tests"; \
	  install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$$@" >/dev/null; }; \
	  { install postgresql || { apt-get update -q >/dev/null && install postgresql; }; } \
	  && major=$$(ls /usr/lib/postgresql | sort -n | tail -1) \
	  && install postgresql-$$major-postgis-3 \
	  || { echo "make postgres: apt-get could not install postgresql and postgresql-N-postgis-3" >&2; exit 1; }; \
	else \
	  echo "make postgres: PostgreSQL with PostGIS is needed for the tests; install Debian's postgresql and postgresql-N-postgis-3 (or run make as root)" >&2; exit 1; \
	fi

clean:
	rm -rf .cache static .pytest_cache .hypothesis
