#!/usr/bin/env bash
# Install the project with its test extras into .venv and run the whole test suite, then the
# non-browser suite again with the clock a year ahead (no test may depend on today's date).
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
if ! command -v faketime >/dev/null 2>&1; then
  echo "faketime is missing: install Debian's faketime package (see .ci/run)" >&2
  exit 1
fi
# The wall clock moves a year ahead; the monotonic clock stays real, so timeouts still expire
# (tests/faketime/sitecustomize.py explains the one work-around this needs).
echo "The non-browser suite again, a year ahead (faketime -f '+365d'):"
FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH="$PWD/tests/faketime" \
  faketime -f '+365d' .venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser" "$@"
