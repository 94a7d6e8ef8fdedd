#!/usr/bin/env bash
# Runs every benchmark and rewrites its section of benchmarks/RESULTS.md, each with its date, commit,
# machine and load average (benchmarks/_setup.py). On a busy machine a section is printed, marked and
# not written (BENCH_FORCE=1 writes it anyway). Needs DATABASE_URL (a server the benchmarks may create
# throw-away databases on), Redis for the task benchmark, and wrk for the HTTP ones.
#   bash scripts/bench.sh            all of them (about 17 minutes)
#   bash scripts/bench.sh http_paths one of them
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
: "${DATABASE_URL:?set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres}"
PY=.venv/bin/python
all=(http_paths pages heavy_documents onboarding ledger_throughput match_demand tasks import_members exports migrate_many)
for name in "${@:-${all[@]}}"; do
  echo "== benchmarks/$name.py"
  case "$name" in
    migrate_many) $PY "benchmarks/$name.py" --communities 1000 ;;
    *) $PY "benchmarks/$name.py" ;;
  esac
done
