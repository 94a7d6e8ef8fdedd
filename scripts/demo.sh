#!/usr/bin/env bash
# Quick start 1: install, migrate, seed the demo communities and serve them on http://localhost:8000/.
# With no DATABASE_URL the embedded PostgreSQL is used; with no REDIS_URL tasks run in-process.
# `scripts/demo.sh --check` starts the server, checks that both hosts answer, and stops (used by CI).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
PY=.venv/bin/python
$PY manage.py migrate_schemas --noinput -v 0
$PY manage.py refill_schema_pool
$PY manage.py seed_demo
ADDRESS="${ADDRESS:-127.0.0.1:8000}"
if [ "${1:-}" = "--check" ]; then
  mkdir -p var
  $PY manage.py runserver "$ADDRESS" --noreload >var/demo-check.log 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://$ADDRESS/healthz" -H "Host: localhost" && break
    sleep 1
  done
  for host in localhost beizhan.localhost minle.localhost; do
    curl -fsS "http://$ADDRESS/healthz" -H "Host: $host" >/dev/null
    curl -fsS "http://$ADDRESS/" -H "Host: $host" | grep -q "data-host-kind" || { echo "demo check failed on $host"; exit 1; }
    echo "demo check: $host answers"
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://$ADDRESS/" -H "Host: nowhere.localhost")
  [ "$code" = "404" ] || { echo "unknown host answered $code, not 404"; exit 1; }
  echo "demo check: unknown host gets 404"
  exit 0
fi
echo
echo "Open http://localhost:8000/ (platform) and http://beizhan.localhost:8000/ (北站社区). Ctrl-C stops."
exec $PY manage.py runserver "$ADDRESS"
