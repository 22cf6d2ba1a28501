"""The bundled organisations load after a regular (non-editable) install too."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import orggraph as og

ROOT = Path(__file__).resolve().parents[1]


def test_datasets_load_from_the_source_tree() -> None:
    assert og.datasets.names() == ["ecommerce", "ecommerce-split", "xingchen"]
    assert og.datasets.load("ecommerce") == og.load(ROOT / "data" / "ecommerce.yaml")
    assert og.datasets.load("ecommerce-split") == og.load(ROOT / "data" / "ecommerce-split.yaml")
    with pytest.raises(og.UnknownIdError, match="did you mean 'ecommerce'"):
        og.datasets.load("ecomerce")
    # The sample's people-level export ships beside it (not a dataset of its own).
    shipped = resources.files("orggraph.data") / "xingchen-people.csv"
    assert shipped.read_bytes() == (ROOT / "data" / "xingchen-people.csv").read_bytes()


def test_datasets_load_from_a_built_wheel(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed: {build.stderr[-2000:]}")
    (wheel,) = wheels.glob("orggraph-*.whl")
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    code = (
        "import orggraph as og; o = og.datasets.load('ecommerce'); "
        "import orggraph.render.tidy, orggraph.render.analysis_plots, orggraph.ops.reorg; "
        "import orggraph.ops.analysis, orggraph.cli; "  # every subpackage is in the wheel
        "print(og.__file__); print(o.headcount().value, len(o), og.datasets.names()); "
        "from importlib import resources; "
        "print(len(resources.files('orggraph.data').joinpath('xingchen-people.csv').read_bytes())); "
        "from orggraph.render.explorer import explorer_html; "  # its JS and CSS are package data
        "page = explorer_html(o); print('window.orggraph' in page and 'og-chart' in page)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    where, figures, people_csv, explorer = run.stdout.splitlines()
    assert explorer == "True"
    assert where.startswith(str(target))  # the installed copy, not the source tree
    assert figures == "50 44 ['ecommerce', 'ecommerce-split', 'xingchen']"
    assert int(people_csv) == (ROOT / "data" / "xingchen-people.csv").stat().st_size
