#!/usr/bin/env bash
# Set up quietly, then draw an organisation in Chinese and English, as SVG and PNG:
#   out/<name>-{zh,en}.{svg,png}
# Usage: scripts/chart.sh [FILE]      (default FILE: data/ecommerce.yaml, the seed)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --quiet

INPUT=${1:-data/ecommerce.yaml}
[ -f "$INPUT" ] || { echo "chart: no such file: $INPUT" >&2; exit 1; }
if ! command -v dot >/dev/null 2>&1; then
    # engine "auto" falls back to the built-in tidy-tree renderer
    echo "chart: Graphviz 'dot' is not installed; drawing with the tidy engine instead." >&2
    echo "    for Graphviz charts: sudo apt-get install -y graphviz fonts-noto-cjk" >&2
fi

name=$(basename "$INPUT")
name=${name%.*}
mkdir -p out

outputs=()
for lang in zh en; do
    for fmt in svg png; do
        out="out/$name-$lang.$fmt"
        .venv/bin/orggraph render "$INPUT" -o "$out" --lang "$lang"
        outputs+=("$out")
    done
done

printf '%s\n' "${outputs[@]}"
