#!/usr/bin/env bash
# Run the test suite on SQLite with the clock set to other dates (EHRENAMT_TEST_DATE, read by
# tests/conftest.py), so that a date the suite happens to be run on cannot make it fail.
#
#   scripts/test-dates.sh                      the default matrix (below)
#   DATES="2026-03-29" BROWSER_DATES= scripts/test-dates.sh   one date, no browser run
#
# DATES: dates for the suite without browser tests ("today" = the real clock).
# BROWSER_DATES: dates for the browser tests.
# JOBS: runs at the same time (default 2; each run is one pytest process on an in-memory database).
# PYTEST: the pytest to run (default .venv/bin/pytest). Logs go to .artifacts/test-dates/.
# PYTEST_ARGS: further pytest arguments for every run, e.g. test files.
# DATE_PYTEST_ARGS: further pytest arguments for the runs on DATES only (e.g. --ignore of test
#   files that cannot depend on the date).
# BROWSER_PYTEST_ARGS: further pytest arguments for the browser runs only.
# CALENDAR_BROWSER_DATES: dates for the calendar's browser tests only (CALENDAR_BROWSER_TESTS,
#   test files).
# FULL_DATE: a date (or empty) on which the whole suite without browser tests runs, without
#   DATE_PYTEST_ARGS (the SQLite run of every test file).
# OTHER_VENVS: further virtualenvs (e.g. .venv-wagtail74) whose pytest runs the suite without
#   browser tests on OTHER_VENVS_DATE, in the same queue.
# OTHER_VENVS_DATE: the date of those runs (default: today). A date of DATES is then not run
#   again with PYTEST: the other virtualenv's run of the whole suite covers it.
set -uo pipefail
cd "$(dirname "$0")/.."

DATES=${DATES-"2026-03-28 2026-03-29 2026-10-25 2026-12-31 2028-02-29 today"}
BROWSER_DATES=${BROWSER_DATES-"2026-03-29 2028-02-29"}
JOBS=${JOBS:-2}
PYTEST=${PYTEST:-.venv/bin/pytest}
OTHER_VENVS=${OTHER_VENVS-}
OTHER_VENVS_DATE=${OTHER_VENVS_DATE:-today}
read -r -a EXTRA_ARGS <<<"${PYTEST_ARGS:-}"
read -r -a DATE_ARGS <<<"${DATE_PYTEST_ARGS:-}"
read -r -a BROWSER_ARGS <<<"${BROWSER_PYTEST_ARGS:-}"
CALENDAR_BROWSER_DATES=${CALENDAR_BROWSER_DATES-}
read -r -a CALENDAR_TESTS <<<"${CALENDAR_BROWSER_TESTS:-}"
FULL_DATE=${FULL_DATE-}
LOGS=.artifacts/test-dates
mkdir -p "$LOGS"

# One run: label, date, marker expression, pytest, kind (full, date, browser or calendar).
run() {
  local label=$1 day=$2 marker=$3 pytest=$4 kind=$5 start=$SECONDS args=("${EXTRA_ARGS[@]}")
  [ "$kind" = date ] && args+=("${DATE_ARGS[@]}")
  [ "$kind" = browser ] && args+=("${BROWSER_ARGS[@]}")
  [ "$kind" = calendar ] && args+=("${CALENDAR_TESTS[@]}")
  # Always SQLite, whatever database the caller's environment points at.
  if env -u DATABASE_URL -u PGHOST -u PGDATABASE -u PGPORT -u PGUSER EHRENAMT_TEST_DATE="$day" \
    "$pytest" -q -p no:cacheprovider -m "$marker" "${args[@]}" >"$LOGS/$label.log" 2>&1; then
    echo "ok     $label ($((SECONDS - start)) s): $(tail -1 "$LOGS/$label.log")"
  else
    echo "FAILED $label ($((SECONDS - start)) s): see $LOGS/$label.log"
    grep -E "^(FAILED|ERROR) " "$LOGS/$label.log" | sed 's/^/         /'
    return 1
  fi
}

jobs_list=()
for venv in $OTHER_VENVS; do
  jobs_list+=("${venv#.}-$OTHER_VENVS_DATE|$OTHER_VENVS_DATE|not browser|$venv/bin/pytest|full")
done
for day in $BROWSER_DATES; do jobs_list+=("browser-$day|$day|browser|$PYTEST|browser"); done
for day in $CALENDAR_BROWSER_DATES; do
  jobs_list+=("browser-calendar-$day|$day|browser|$PYTEST|calendar")
done
if [ -n "$FULL_DATE" ]; then jobs_list+=("all-$FULL_DATE|$FULL_DATE|not browser|$PYTEST|full"); fi
for day in $DATES; do
  [ "$day" = "$FULL_DATE" ] && continue
  [ -n "$OTHER_VENVS" ] && [ "$day" = "$OTHER_VENVS_DATE" ] && continue
  jobs_list+=("$day|$day|not browser|$PYTEST|date")
done

failed=0
running=0
started=$SECONDS
for job in "${jobs_list[@]}"; do
  IFS='|' read -r label day marker pytest kind <<<"$job"
  if ((running >= JOBS)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
  run "$label" "$day" "$marker" "$pytest" "$kind" &
  running=$((running + 1))
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done

echo "test-dates: ${#jobs_list[@]} runs in $((SECONDS - started)) s"
exit $failed
