# Innov'insertion: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# PostgreSQL the test suite also runs against (production's database).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/innov_insertion
CHROMIUM ?= /usr/bin/chromium
# Production-like environment for `check --deploy`.
DEPLOY_ENV := DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=innov-insertion.example CSRF_TRUSTED_ORIGINS=https://innov-insertion.example \
	EMAIL_URL=smtp+tls://innov:secret@smtp.innov-insertion.example:587 CACHE_URL=redis://127.0.0.1:6379/1 \
	TASKS_BACKEND=database SMS_URL=brevo://check-key@?sender=CUCM

.PHONY: help run test bench install install-test lock chromium lint check audit test-sqlite test-postgres vendor clean

help:
	@echo "make run    set up and serve the demo programme at http://127.0.0.1:8000 (SQLite)"
	@echo "make test   install what the tests need and run the whole suite (SQLite, then PostgreSQL)"
	@echo "make bench  load-test gunicorn on PostgreSQL at three scales; figures into docs/performance.md"
	@echo "make audit  check the pinned requirements for known vulnerabilities (needs pypi.org)"
	@echo "make lock   regenerate requirements.lock and requirements-test.lock after editing requirements*.txt"
	@echo "make vendor refresh the front-end packages vendored into static/vendor/ (needs npm)"

$(BIN)/activate:
	@python=$$(scripts/find-python.sh) && echo "Using $$python" && "$$python" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

# Installs come from the lock files: every package and dependency pinned, with the hashes of
# its files on PyPI, so every machine installs the same bytes (pip refuses any other file).
$(VENV)/.installed: requirements.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.installed-test: requirements.lock requirements-test.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# requirements*.txt are the files people edit (direct dependencies, pinned); `make lock`
# resolves them for Python 3.12+ on every platform into the lock files, with hashes. It keeps
# the versions already locked unless asked: `make lock LOCK_FLAGS=--upgrade` takes the newest
# dependencies the pins allow. The test lock is constrained by the production one, so both
# install the same version of every package they share.
LOCK_FLAGS ?=
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.12 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_FLAGS)
# uv at the version requirements-test.txt pins (already there after `make install-test`).
$(BIN)/uv: | $(BIN)/activate
	$(PY) -m pip install --quiet "$$(grep -E '^uv==' requirements-test.txt)"
lock: $(BIN)/uv
	$(LOCK) requirements.txt -o requirements.lock
	$(LOCK) requirements-test.txt -c requirements.lock -o requirements-test.lock

run: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

# Debian's chromium for the browser tests (Playwright cannot download a browser here).
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	echo "Installing Debian's chromium for the browser tests…"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo=sudo; \
	else echo "chromium is missing and this user cannot install it: run 'apt-get install chromium' as root." >&2; exit 1; fi; \
	$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install-test
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# Known vulnerabilities in every package production installs (requirements.lock: dependencies
# included, read as locked, nothing installed), from PyPI's advisory data: needs the network.
# --strict: a package that cannot be audited fails the target instead of passing unchecked.
audit: install-test
	@$(BIN)/pip-audit -r requirements.lock --require-hashes --disable-pip --progress-spinner off --strict || { \
	  echo "pip-audit failed: a pinned requirement has a known vulnerability (listed above), or" >&2; \
	  echo "could not be audited (no network, or the PyPI it reaches does not know that version)." >&2; \
	  echo "Upgrade the package in requirements.txt and run 'make lock', or run 'make audit' where pypi.org is reachable." >&2; \
	  exit 1; }

# Each pass runs on every core (pytest-xdist: one process per core, each with its own
# database, live server and browser); TEST_WORKERS=0 runs in one process (for debugging).
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS)

test-sqlite: install-test chromium
	DATABASE_URL=sqlite:///:memory: $(PYTEST)

test-postgres: install-test
	@if ! $(PY) -c "import psycopg2, sys; psycopg2.connect('$(TEST_POSTGRES_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3)" 2>/dev/null; then \
	  echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL)." >&2; \
	  echo "Start it (see README.md) or set TEST_POSTGRES_URL; CI always runs this pass." >&2; exit 1; fi
	DATABASE_URL=$(TEST_POSTGRES_URL) $(PYTEST) -m "not browser"

# `make audit` (pip-audit) is not part of `make test` yet: the package index reachable from
# these machines answers 404 for every version's vulnerability data, so it cannot audit here.
test: lint check test-sqlite test-postgres

# Throughput, latency, queries and memory of the public pages with production settings, on
# a PostgreSQL database of its own (innov_bench) and Redis; see docs/performance.md.
bench: install
	$(PY) bench/run.py

vendor:
	scripts/vendor-assets.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
