"""A smoke run of the benchmarks: the script works and prints its table (timings are
not checked here; they belong to the full run, see README)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_smoke_run_prints_the_table() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    assert "| case" in out and "orggraph" in out
    assert "CSV -> Org -> rollup_table, 2,000 units" in out
    assert "SVG chart, 500 units (tidy vs dot)" in out
    assert "HR export -> Org -> rollup_table, 2,000 people" in out
    assert "PDF on A4 pages, 300 units (tidy)" in out or "rsvg-convert not installed" in out
    assert "import orggraph" in out
