"""Draw the pictures of docs/charts.md (one per chart option) into docs/images/charts/.

Usage: ``.venv/bin/python scripts/chart_docs.py [NAME ...]`` (default: all pictures).

Each picture is the chart the page's example draws, as a PNG of moderate size: the
people sample (``data/xingchen.yaml``, with its vacancies, currency and dotted lines),
or the seed (``data/ecommerce.yaml``) where it shows unknown figures and duties. Look at
every picture before committing it. A picture of an option that ChartOptions does not
have (yet) is skipped with a note.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orggraph as og
from orggraph.render import render
from orggraph.render.options import option_specs
from orggraph.render.pdf import page_svgs

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images" / "charts"
DPI = 96.0  # a chart of ten boxes is about 1,000 px wide: legible, and light in the repo


def _people() -> og.Org:
    return og.load(ROOT / "data" / "xingchen.yaml")


def _seed() -> og.Org:
    return og.load(ROOT / "data" / "ecommerce.yaml")


def _png(org: og.Org, *, engine: str = "tidy", **options: Any) -> bytes:
    data = render(org, format="png", engine=engine, dpi=options.pop("dpi", DPI), **options)
    assert isinstance(data, bytes)
    return data


def _page(org: og.Org, index: int, **options: Any) -> bytes:
    """Page *index* of a paged PDF, as PNG (rsvg-convert draws the page's SVG)."""
    svg = page_svgs(org, **options)[index]
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page.svg"
        page.write_text(svg, encoding="utf-8")
        done = subprocess.run(
            ["rsvg-convert", "--dpi-x", "72", "--dpi-y", "72", "-z", "1.25", str(page)],
            capture_output=True,
            check=True,
        )
    return done.stdout


# name -> (the options it shows, how to draw it)
PICTURES: dict[str, tuple[tuple[str, ...], Callable[[], bytes]]] = {
    "default": ((), lambda: _png(_people(), root="rd", lang="en")),
    "title-text": (
        ("title", "subtitle"),
        lambda: _png(
            _people(),
            root="rd",
            lang="en",
            title="R&D after the reorganisation",
            subtitle="Scenario B, 1 March 2027",
        ),
    ),
    "no-title": (
        ("title", "legend"),
        lambda: _png(_people(), root="rd", lang="en", title=False, legend=False),
    ),
    "figures-seats-open": (
        ("figures",),
        lambda: _png(_people(), root="rd", lang="en", figures="seats,open"),
    ),
    "no-figures": (("figures",), lambda: _png(_people(), root="rd", lang="en", figures=False)),
    "unknown": ((), lambda: _png(_seed(), root="customer_service", lang="en", links=())),
    "zh": (("lang",), lambda: _png(_people(), root="rd", lang="zh")),
    "people-off": (("people",), lambda: _png(_people(), root="rd", lang="en", people="off")),
    "links": (("links",), lambda: _png(_people(), root="sales", lang="en", fit=None)),
    "no-links": (("links",), lambda: _png(_people(), root="sales", lang="en", fit=None, links=())),
    "depth": (("depth",), lambda: _png(_people(), lang="en", depth=2, links=())),
    "responsibilities": (
        ("responsibilities",),
        lambda: _png(_seed(), root="customer_service", lang="en", responsibilities=True, links=()),
    ),
    "fit-landscape": (
        ("fit",),
        lambda: _png(_people(), lang="en", fit="landscape", links=(), people="off", dpi=72.0),
    ),
    "fit-portrait": (
        ("fit",),
        lambda: _png(_people(), lang="en", fit="portrait", links=(), people="off", dpi=72.0),
    ),
    "fit-none": (
        ("fit",),
        lambda: _png(
            _people(), lang="en", fit=None, fold_width=None, links=(), people="off", dpi=40.0
        ),
    ),
    "rankdir": (
        ("rankdir",),
        lambda: _png(_people(), engine="graphviz", root="rd", lang="en", rankdir="LR"),
    ),
    "stack": (
        ("compact", "stack_min", "stack_leaves"),
        lambda: _png(_people(), root="ops", lang="en", fit=None, links=(), people="off"),
    ),
    "no-compact": (
        ("compact",),
        lambda: _png(
            _people(), root="ops", lang="en", fit=None, links=(), people="off", compact=False
        ),
    ),
    "paper": (
        ("paper", "orientation", "pages"),
        lambda: _page(
            og.datasets.synthetic(400, seed=7), 1, paper="A4", orientation="landscape", lang="en"
        ),
    ),
}


def main(names: list[str]) -> int:
    known = {s.name for s in option_specs()}
    OUT.mkdir(parents=True, exist_ok=True)
    for name in names or list(PICTURES):
        options, draw = PICTURES[name]
        missing = [o for o in options if o not in known]
        if missing:
            print(f"skipped {name}: no option {', '.join(missing)} yet", file=sys.stderr)
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", og.OrgWarning)  # the sample's vacant heads
            data = draw()
        path = OUT / f"{name}.png"
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(data) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
