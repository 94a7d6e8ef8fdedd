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
$PY -m pytest "$@"
