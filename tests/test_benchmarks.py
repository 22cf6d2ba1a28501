"""A smoke run of the benchmarks: the script works and prints its table (timings are
not checked here; they belong to the full run, see README)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def _explorer_bench_missing() -> str:
    """Why the explorer benchmark cannot run here ("" if it can)."""
    if not shutil.which("chromium"):
        return "chromium not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright not installed (pip install playwright)"
    fetched = ROOT / "benchmarks" / "explorer" / ".cache" / "npm" / "d3-org-chart-3.1.1"
    if not fetched.exists() and not shutil.which("npm"):
        return "d3-org-chart not fetched and no npm (benchmarks/explorer/fetch_d3.sh)"
    return ""


@pytest.mark.skipif(bool(_explorer_bench_missing()), reason=_explorer_bench_missing())
def test_explorer_benchmark_smoke_run_prints_the_table() -> None:
    """The explorer benchmark beside d3-org-chart on 2,000 units (seconds)."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "explorer" / "bench_explorer.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    assert "| case" in out and "d3-org-chart 3.1.1" in out
    assert "open: top levels painted" in out and "2,000 units" in out
    assert "expand one unit (500 children)" in out and "search" in out
    # The orggraph column fills once the explorer lands; until then the run says so.
    assert "orggraph explorer: not available yet" in out or "orggraph page written" in out
