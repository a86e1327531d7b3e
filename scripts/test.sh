#!/usr/bin/env bash
# Install the project with its test extras into .venv and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache --no-logo   # layering contracts in pyproject.toml
# ESLint for overrides/assets/helpcenter/ and axe-core for the accessibility test, pinned by
# package-lock.json (npm registry only).
[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
node_modules/.bin/eslint overrides/assets/helpcenter
.venv/bin/python -m pytest -q "$@"
