# Two commands do all set-up: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python example_project/manage.py
STAMPS := .make-stamps

help:
	@echo "make demo   - install, migrate, load the demo county and serve it on http://127.0.0.1:8000/"
	@echo "make test   - install what the tests need, then lint, check, build docs and run the suite"
	@echo "              (PostgreSQL, the date matrix and Wagtail 7.4 on SQLite; about 30 minutes)"
	@echo "make test-dates - only the date matrix and Wagtail 7.4 (see docs/contributing.md)"
	@echo "make test-localize - only the tests with wagtail-localize (tests_localize/)"

$(STAMPS):
	@mkdir -p $(STAMPS)

# The virtualenv with the package (editable), test and docs extras.
$(STAMPS)/venv: pyproject.toml | $(STAMPS)
	@if ! $(PYTHON) -c 'import venv, ensurepip' 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; \
	  else echo "Python's venv module is missing: run 'sudo apt-get install python3-venv'." >&2; exit 1; fi; \
	fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -m pip install -q -e '.[test,docs]' 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c 'import wagtail_ehrenamt, wagtail, pytest_django, mkdocs'
	@touch $@

install: $(STAMPS)/venv

# A second virtualenv with the oldest Wagtail pyproject.toml claims (7.4 LTS), for the suite.
VENV74 := .venv-wagtail74
$(STAMPS)/venv-wagtail74: pyproject.toml | $(STAMPS)
	test -x $(VENV74)/bin/python || $(PYTHON) -m venv $(VENV74)
	$(VENV74)/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	$(VENV74)/bin/python -m pip install -q -e '.[test]' 'wagtail>=7.4,<7.5' 2>&1 | grep -v "^WARNING: Location" || true
	$(VENV74)/bin/python -c 'import wagtail; assert wagtail.VERSION[:2] == (7, 4), wagtail.__version__'
	@touch $@

demo: $(STAMPS)/venv
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_demo
	@echo
	@echo "  Demo site:  http://127.0.0.1:8000/"
	@echo "  Admin:      http://127.0.0.1:8000/admin/   login: admin / ehrenamt-demo"
	@echo
	$(MANAGE) runserver 127.0.0.1:8000

# System packages the browser and PostgreSQL tests need, and the iCal client (ical.js).
test-deps: $(STAMPS)/venv
	@bash scripts/install-test-deps.sh
	cd tests/icalclients && npm ci --no-audit --no-fund --loglevel=error

lint: $(STAMPS)/venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

checks: $(STAMPS)/venv
	SQLITE_PATH=:memory: $(MANAGE) check --fail-level WARNING
	SQLITE_PATH=:memory: $(MANAGE) makemigrations --check --dry-run

docs: $(STAMPS)/venv
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir .artifacts/site

# Two pytest workers (pytest-xdist): the suite waits on browsers and databases much of the time.
# The browser tests run on PostgreSQL (today) and in the date matrix (SQLite), not here again.
XDIST ?= -n 2
SQLITE_MARKERS ?= not browser
test-sqlite: $(STAMPS)/venv
	$(BIN)/pytest $(XDIST) -m "$(SQLITE_MARKERS)" $(PYTEST_ARGS)

# The package with wagtail-localize (the localize extra): tests_localize/ with its own settings
# (wagtail_localize and wagtail_localize.locales instead of wagtail.locales); under a minute.
test-localize: $(STAMPS)/venv
	$(BIN)/pytest -p no:cacheprovider --ds tests_localize.settings tests_localize $(PYTEST_ARGS)

test-postgres: $(STAMPS)/venv
	bash scripts/with-postgres.sh $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

# The date matrix, all on SQLite, two runs at a time: the date-dependent tests on DATES, the
# browser tests on BROWSER_DATES, and the whole suite without browser tests on Wagtail 7.4 (so
# every test file runs on SQLite as well as on PostgreSQL) on OTHER_VENVS_DATE, one of DATES:
# that run stands for the date's run on Wagtail 8 (the date logic is the package's own).
# One date: EHRENAMT_TEST_DATE=2026-03-29 .venv/bin/pytest
# Today's date is covered by test-postgres. Tests that cannot depend on the date (input
# hardening, settings, checks, constraints, a subprocess site, the directory, enquiries,
# snippets in the page's language) stay out of the dates' runs. FULL_DATE=2026-12-31: the
# whole suite (Wagtail 8) on that date.
DATES ?= 2026-03-29 2026-10-25 2026-12-31 2028-02-29
FULL_DATE ?=
DATE_PYTEST_ARGS ?= $(foreach f,hostile_params ops rate_limit control_characters checks \
  inline_duplicates engagement_inbox integrator_path absolute_urls inbox_workflow office_editors \
  admin_forms sequence page_collections admin_lists_german directory load_settings engagement \
  documents enquiry_inbox_hardening demo_reset snippet_translations translation_catalogues,\
  --ignore=tests/test_$(f).py)
BROWSER_DATES ?= 2026-03-29
BROWSER_PYTEST_ARGS ?= $(foreach f,directory engagement inbox_workflow office_editors topic_names,\
  --ignore=tests/test_$(f)_browser.py)
# The leap day: the calendar's browser tests (the DST day above runs every date-dependent one).
CALENDAR_BROWSER_DATES ?= 2028-02-29
CALENDAR_BROWSER_TESTS ?= $(foreach f,events month_day_list month_limits single_date feeds,\
  tests/test_$(f)_browser.py)
OTHER_VENVS ?= $(VENV74)
OTHER_VENVS_DATE ?= 2026-12-31
test-dates: $(STAMPS)/venv $(STAMPS)/venv-wagtail74
	DATES="$(DATES)" FULL_DATE="$(FULL_DATE)" BROWSER_DATES="$(BROWSER_DATES)" \
	  CALENDAR_BROWSER_DATES="$(CALENDAR_BROWSER_DATES)" \
	  CALENDAR_BROWSER_TESTS="$(CALENDAR_BROWSER_TESTS)" \
	  OTHER_VENVS="$(OTHER_VENVS)" OTHER_VENVS_DATE="$(OTHER_VENVS_DATE)" \
	  PYTEST_ARGS="$(PYTEST_ARGS)" \
	  DATE_PYTEST_ARGS="$(DATE_PYTEST_ARGS)" BROWSER_PYTEST_ARGS="$(BROWSER_PYTEST_ARGS)" \
	  bash scripts/test-dates.sh

# The demo's public HTML, exports and feeds, at a fixed date, into SNAPSHOT_DIR (about 1.5 minutes;
# not part of `make test`). Before and after a refactoring: diff -r the two directories.
SNAPSHOT_DIR ?= .artifacts/snapshot
snapshot: $(STAMPS)/venv
	rm -rf $(SNAPSHOT_DIR)
	$(BIN)/python scripts/snapshot_demo.py $(SNAPSHOT_DIR)

# test-sqlite is not part of `make test`: the date matrix runs every test file on SQLite.
test: test-deps lint checks docs test-localize test-postgres test-dates
	@echo "make test: all green"

.PHONY: help install demo test-deps lint checks docs test-sqlite test-localize test-postgres \
  test-dates snapshot test
