#!/usr/bin/env bash
# Set up (scripts/setup.sh), then run, in order, stopping at the first failure:
#   ruff check, ruff format --check, mypy, pytest.
# Arguments are passed to pytest, e.g.  scripts/test.sh -k rollup -x
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

VENV=$PWD/.venv
export PATH="$VENV/bin:$PATH"
export MPLBACKEND=${MPLBACKEND:-Agg}

step() {
    local name=$1
    shift
    echo
    echo "==> $name: $*"
    local rc=0
    "$@" || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo >&2
        if [ "$name" = pytest ] && [ "$rc" -eq 5 ]; then
            echo "FAILED: pytest collected no tests (exit code 5)" >&2
        else
            echo "FAILED: $name (exit code $rc)" >&2
        fi
        exit "$rc"
    fi
    echo "==> $name: OK"
}

step "ruff check"  "$VENV/bin/ruff" check orggraph tests benchmarks notebooks
step "ruff format" "$VENV/bin/ruff" format --check orggraph tests benchmarks notebooks
step "mypy"        "$VENV/bin/mypy"
step "networkx 3.1" bash scripts/networkx-versions.sh 3.1  # the oldest supported release
step pytest        "$VENV/bin/python" -m pytest "$@"

echo
echo "All checks passed."
