#!/usr/bin/env bash
# Install the project into .venv, build the demo help center and preview it with a local
# feedback collector on http://127.0.0.1:8000/ (Ctrl+C to stop).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e .
export NO_MKDOCS_2_WARNING=1
.venv/bin/helpcenter build
exec .venv/bin/helpcenter serve --port "${PORT:-8000}"
