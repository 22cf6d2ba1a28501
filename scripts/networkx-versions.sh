#!/usr/bin/env bash
# Run the contract of the direct networkx build (tests/test_graph.py) under each
# networkx release orggraph supports (pyproject.toml: networkx>=3.1,<4), or under the
# releases given as arguments:
#   scripts/networkx-versions.sh            # every supported minor release
#   scripts/networkx-versions.sh 3.1        # only the oldest
# Each release is installed once (pip, no dependencies) into its own folder under
# ${TMPDIR:-/tmp} and put in front of .venv's own networkx.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=$PWD/.venv/bin/python
[ -x "$PY" ] || PY=${PYTHON:-python3}
VERSIONS=("$@")
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=(3.1 3.2.1 3.3 3.4.2 3.5 3.6.1)

for v in "${VERSIONS[@]}"; do
    target=${TMPDIR:-/tmp}/orggraph-networkx-$v
    if [ ! -f "$target/networkx/__init__.py" ]; then
        "$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
            --target "$target" "networkx==$v"
    fi
    found=$(PYTHONPATH="$target:$PWD" "$PY" -c "import networkx; print(networkx.__version__)")
    [ "$found" = "$v" ] || { echo "networkx-versions: got $found, not $v" >&2; exit 1; }
    echo "==> networkx $v"
    PYTHONPATH="$target:$PWD" "$PY" -m pytest -q -p no:cacheprovider tests/test_graph.py
done
