#!/usr/bin/env bash
# Quick start 2: install and run the whole test suite, with the lint and migration checks.
# With no DATABASE_URL the tests use the embedded PostgreSQL. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
PY=.venv/bin/python
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
.venv/bin/mypy
$PY manage.py makemigrations --check --dry-run -v 1
# Two test processes by default (TEST_PROCESSES=1 for one), one file's tests in the same process: a
# module's fixtures are made once, and the tests that share a Redis database or a port stay in order.
PARALLEL=(-n "${TEST_PROCESSES:-2}" --dist loadfile)
# The browser tests (tests/web/browser) need a Chromium; without one they are left out, loudly, except
# in CI, where a missing browser fails the run (.ci/run installs it).
if [ -z "${CHROMIUM:-}" ]; then
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
fi
if [ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ]; then
  export CHROMIUM
  $PY -m pytest "${PARALLEL[@]}" "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "!!! CI: no Chromium found for the browser tests. Install it: apt-get install chromium" >&2
  exit 1
else
  echo "!!! BROWSER TESTS SKIPPED: no Chromium found. Install it (apt-get install chromium) to run tests/web/browser. !!!" >&2
  $PY -m pytest "${PARALLEL[@]}" --ignore=tests/web/browser "$@"
fi
