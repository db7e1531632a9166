# placematch: the two set-up commands (`make run`, `make test`) and their helpers.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2
VENDOR := placematch/core/static/vendor
DKFDS := node_modules/dkfds/dist

APPS := $(patsubst placematch/%/apps.py,%,$(wildcard placematch/*/apps.py))

.PHONY: translations help venv install npm static messages migrate demo run serve test test-unit test-e2e test-hostile lint bench bench-api load lock clean

help:
	@echo "make run   - install everything, migrate SQLite, load demo data, serve on http://$(HOST):$(PORT)/ with a task worker"
	@echo "make test  - lint and the whole test suite"
	@echo "make bench - performance figures"
	@echo "make load  - concurrent load test on PostgreSQL with the national dataset (minutes)"

$(PY):
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(PY) requirements/dev.txt requirements/base.txt
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements/dev.txt
	touch $@

venv: $(VENV)/.installed

install: venv npm

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

npm: node_modules/.installed

static: install
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/dkfds/css $(VENDOR)/dkfds/js $(VENDOR)/dkfds/fonts/IBMPlexSans $(VENDOR)/htmx
	# Only what the pages use: the "virk" theme, its script, the fonts and icons it refers to.
	cp $(DKFDS)/css/dkfds-virkdk.min.css $(DKFDS)/css/dkfds-virkdk.min.css.map $(VENDOR)/dkfds/css/
	cp $(DKFDS)/js/dkfds.min.js $(DKFDS)/js/dkfds.min.js.map $(VENDOR)/dkfds/js/
	cp -r $(DKFDS)/fonts/IBMPlexSans/complete $(VENDOR)/dkfds/fonts/IBMPlexSans/
	cp -r $(DKFDS)/img $(VENDOR)/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	$(MANAGE) collectstatic --noinput --verbosity 0

messages: venv
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

migrate: venv
	$(MANAGE) migrate --noinput --verbosity 0

demo: migrate
	DJANGO_DEBUG=true $(MANAGE) demo_data --if-empty

run: static messages demo
	@echo ""
	@echo "placematch is running at http://$(HOST):$(PORT)/"
	@$(MANAGE) demo_logins
	@echo "The task worker and the scheduler run beside the server; Ctrl-C stops all three."
	DJANGO_DEBUG=true $(MANAGE) run_with_worker $(HOST):$(PORT)

serve: static messages migrate
	$(MANAGE) createcachetable
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2

translations: venv
	for app in $(APPS); do (cd placematch/$$app && ../../$(PY) ../../manage.py makemessages -l da --no-location --no-obsolete --verbosity 0) || exit 1; done

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run --verbosity 0
	$(MANAGE) check_translations

# The larger hostile-input corpus takes many minutes, so it runs on its own: make test-hostile.
test: static messages lint
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not hostile_full"

# The unit tests: no browser, no PostgreSQL-only race, no whole-site crawl (those run in make test).
test-unit: static messages
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not e2e and not postgres and not hostile_full and not slow"

test-hostile: static messages
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m hostile_full

test-e2e: static messages
	$(VENV)/bin/pytest -m e2e

# The match-page figures want PostgreSQL (BENCH_DATABASE_URL); without it they run on SQLite.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

bench: static
	$(PY) -m matchengine.bench
	$(MANAGE) bench_import
	$(MANAGE) bench_evaluation
	@if $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$(BENCH_DATABASE_URL)" 2>/dev/null; then \
		DATABASE_URL="$(BENCH_DATABASE_URL)" $(MANAGE) bench_match; \
		DATABASE_URL="$(BENCH_DATABASE_URL)" $(MANAGE) bench_index; \
	else \
		echo "PostgreSQL at BENCH_DATABASE_URL is not reachable: the match page and index are timed on SQLite."; \
		env -u DATABASE_URL $(MANAGE) bench_match; \
		env -u DATABASE_URL $(MANAGE) bench_index; \
	fi

# The concurrent load test: gunicorn (2 workers, 127.0.0.1) and Locust on PostgreSQL with the
# national dataset, built first if the database is empty (see docs/operations.md).
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pm_national

load: static messages
	LOAD_DATABASE_URL="$(LOAD_DATABASE_URL)" $(PY) load/run.py

# Optional (about two minutes): calls/s of a place's inquiry list through the API at 20 clients.
bench-api: venv
	@if $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$(BENCH_DATABASE_URL)" 2>/dev/null; then \
		DATABASE_URL="$(BENCH_DATABASE_URL)" $(MANAGE) bench_api; \
	else \
		env -u DATABASE_URL $(MANAGE) bench_api; \
	fi

lock:
	$(UV) pip compile pyproject.toml --generate-hashes --python-version 3.11 --no-header --quiet -o requirements/base.txt
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --no-header --quiet -c requirements/base.txt -o requirements/dev.txt

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .mypy_cache .ruff_cache
