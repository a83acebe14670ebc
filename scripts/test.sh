#!/usr/bin/env bash
# The whole test suite: lint, then pytest on SQLite, then the database tests on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev

PG_URL=${FMEK_PG_TEST_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

echo "== ruff"
.venv/bin/ruff check fmek routing reports tests alembic
.venv/bin/ruff format --check fmek routing reports tests alembic
echo "== mypy (routing, reports, fmek)"
.venv/bin/mypy routing reports fmek
echo "== pytest on SQLite"
.venv/bin/python -m pytest -q -p no:cacheprovider
echo "== pytest on PostgreSQL (database tests)"
FMEK_TEST_DATABASE_URL="$PG_URL" .venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser"
