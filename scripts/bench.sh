#!/usr/bin/env bash
# Runs every benchmark and rewrites its section of benchmarks/RESULTS.md, each with its date, commit,
# machine and load average (benchmarks/_setup.py). On a busy machine a section is printed, marked and
# not written (BENCH_FORCE=1 writes it anyway). Needs DATABASE_URL (a server the benchmarks may create
# throw-away databases on), Redis for the task benchmark, and wrk for the HTTP ones.
#   bash scripts/bench.sh            all of them (about 35 minutes)
#   bash scripts/bench.sh http_paths one of them
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
: "${DATABASE_URL:?set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres}"
PY=.venv/bin/python
all=(http_paths pages heavy_documents onboarding ledger_throughput match_demand tasks import_members exports migrate_many)
# Each benchmark refuses to publish when the machine is busy as it starts (benchmarks/_setup.py), and the
# one before leaves the load average high for a minute: wait (up to 5 minutes) for it to settle.
quiet() {
  for _ in $(seq 60); do
    awk -v limit="$(nproc)" '{ exit !($1 <= 0.5 * limit) }' /proc/loadavg && return
    sleep 5
  done
}
for name in "${@:-${all[@]}}"; do
  quiet
  echo "== benchmarks/$name.py (load $(cut -d' ' -f1-3 /proc/loadavg))"
  case "$name" in
    migrate_many) $PY "benchmarks/$name.py" --communities 1000 ;;
    *) $PY "benchmarks/$name.py" ;;
  esac
done
