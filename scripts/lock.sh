#!/usr/bin/env bash
# Regenerates the hash-pinned lock files from pyproject.toml (run after changing dependencies):
#   requirements.lock      runtime dependencies (make run, deployments)
#   requirements-dev.lock  runtime + the dev extra (make test, CI)
# Resolved for Python 3.11 on every platform, with the hashes of every published file of each
# pinned release, so that pip --require-hashes refuses anything else.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.venv/bin/uv}
if [ ! -x "$UV" ]; then
  .venv/bin/python -m pip install -q uv
fi
common=(--universal --python-version 3.11 --generate-hashes --no-header --quiet
        --index-url https://pypi.org/simple)
"$UV" pip compile pyproject.toml "${common[@]}" -o requirements.lock
"$UV" pip compile pyproject.toml --extra dev "${common[@]}" -o requirements-dev.lock
echo "lock: requirements.lock and requirements-dev.lock regenerated"
