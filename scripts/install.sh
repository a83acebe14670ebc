#!/usr/bin/env bash
# Installs everything FMEK needs into ./.venv (idempotent). With --dev also the test tools and
# Debian's chromium for the browser tests. Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

apt_install() {
  if command -v apt-get >/dev/null 2>&1; then
    if [ ! -f /tmp/.fmek-apt-updated ]; then
      apt-get update -qq >/dev/null && touch /tmp/.fmek-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "please install: $*" >&2
  fi
}

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# Exactly the locked, hash-checked releases (scripts/lock.sh regenerates the lock files), then
# FMEK itself without resolving anything again.
lock=requirements.lock
[ "$dev" = 1 ] && lock=requirements-dev.lock
.venv/bin/python -m pip install -q --require-hashes --no-deps -r "$lock" \
  2> >(grep -v '^WARNING: Location' >&2)
.venv/bin/python -m pip install -q --no-deps -e . 2>&1 | grep -v -E '^(WARNING|  )' || true
.venv/bin/python -m pip check >/dev/null || { .venv/bin/python -m pip check; exit 1; }

# WeasyPrint renders PDFs with Pango; DejaVu fonts are embedded in the archival PDFs.
if ! .venv/bin/python -c "import weasyprint" >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi dejavu; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig
fi

if [ "$dev" = 1 ]; then
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium
  fi
  command -v pdftoppm >/dev/null 2>&1 || apt_install poppler-utils
fi
echo "install: ok"
