"""A dated organisation's charts say the day they are as of (issue 15): a subtitle
"As of 2027-01-01" ("截至 2027-01-01") in the chart's language, in both engines, the paged
PDF's header and the diff chart of two days; a subtitle of one's own comes first,
``subtitle=""`` leaves the date out, and an undated organisation's chart is unchanged.

:func:`dated_split` is the seed and its planned split as one dated organisation (the
split from 2027-01-01); the explorer's tests use it too."""

from __future__ import annotations

import html
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from marks import ENGINES

import orggraph as og
from orggraph.render import graphviz as gv
from orggraph.render import render, tidy
from orggraph.render.diff_chart import diff_dot
from orggraph.render.pdf import page_svgs

SPLIT_DAY = "2027-01-01"
BEFORE = "2026-06-01"
SMALL = """
org: {en: Acme, zh: 极致公司}
lang: [en, zh]
units:
  - id: hq
    name: {en: HQ, zh: 总部}
    units:
      - {id: ops, name: Operations, valid_to: 2027-01-01}
      - {id: eng, name: Engineering, valid_from: 2026-03-01,
         renames: [{name: R&D, valid_from: 2027-01-01}]}
      - {id: qa, name: QA, parent: hq, moves: [{parent: eng, valid_from: 2027-01-01}]}
"""


def dated_split(as_of: str = BEFORE) -> og.Org:
    """The bundled seed split (``ecommerce-split``): one dated organisation, the seed
    until 2026-12-31 and split from :data:`SPLIT_DAY` on."""
    return og.datasets.load("ecommerce-split", as_of=as_of)


def svg(org: og.Org, engine: str, **options: Any) -> str:
    """The chart's SVG as text (Graphviz writes "-" as "&#45;")."""
    return html.unescape(render(org, format="svg", engine=engine, **options).decode())


@pytest.fixture(scope="module")
def small() -> og.Org:
    return og.loads(SMALL, as_of=BEFORE)


def test_dated_split_is_the_seed_then_the_split() -> None:
    org = dated_split()
    assert org.dated and org.dates() == [date(2027, 1, 1)]
    assert sorted(org.units()) == sorted(og.datasets.load("ecommerce").units())
    after = set(og.datasets.load("ecommerce").units()) - {"procurement_logistics"}
    assert set(org.as_of(SPLIT_DAY).units()) == after | {"procurement", "warehousing_logistics"}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_chart_says_its_day_in_its_language(small: og.Org, engine: str) -> None:
    en = svg(small, engine)
    assert "As of 2026-06-01" in en
    zh = svg(small.as_of(SPLIT_DAY), engine, lang="zh")
    assert "截至 2027-01-01" in zh and "As of" not in zh


@pytest.mark.parametrize("engine", ENGINES)
def test_an_own_subtitle_comes_first_and_empty_leaves_the_date_out(
    small: og.Org, engine: str
) -> None:
    both = svg(small, engine, subtitle="Plan B")
    assert "Plan B · As of 2026-06-01" in both
    none = svg(small, engine, subtitle="")
    assert "As of" not in none


@pytest.mark.parametrize("engine", ENGINES)
def test_an_undated_chart_is_unchanged(small: og.Org, engine: str) -> None:
    undated = small.without_history()
    assert not undated.dated
    plain = render(undated, format="svg", engine=engine)
    assert b"As of" not in plain
    # the dated one without its date is the same picture
    assert render(small, format="svg", engine=engine, subtitle="") == plain


def test_dot_and_the_tidy_header_carry_the_subtitle_line(small: og.Org) -> None:
    dot = str(gv.to_dot(small, caption="draft"))
    assert '<font point-size="9">As of 2026-06-01</font><br/><font point-size="9">draft' in dot
    header = tidy.to_svg(small, caption="draft")
    assert header.index("As of 2026-06-01") < header.index("draft")


def test_the_diff_chart_of_two_days_names_both(small: og.Org) -> None:
    after = small.as_of(SPLIT_DAY)
    assert "From 2026-06-01 to 2027-01-01" in diff_dot(small, after)
    assert "2026-06-01 至 2027-01-01" in diff_dot(small, after, lang="zh")
    assert "From" not in diff_dot(small.without_history(), after.without_history())
    assert "Q1 · From 2026-06-01 to 2027-01-01" in diff_dot(small, after, subtitle="Q1")


def test_the_paged_pdf_header_says_the_day() -> None:
    org = dated_split()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = page_svgs(org, paper="A4")[0]
    assert "As of 2026-06-01" in first or "截至 2026-06-01" in first


def test_the_seed_split_charts_of_both_days(tmp_path: Path) -> None:
    org = dated_split()
    for day, word in ((BEFORE, "采购及物流部"), (SPLIT_DAY, "仓储物流部")):
        picture = tidy.to_svg(org.as_of(day))
        assert f"截至 {day}" in picture and word in picture
    png = render(org.as_of(SPLIT_DAY), tmp_path / "split.png", engine="tidy", lang="en")
    assert Path(png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_cli_as_of_keeps_the_date_for_charts_and_the_explorer(tmp_path: Path) -> None:
    """``render --as-of`` and ``explore --as-of`` keep the dated organisation (as of that
    day): the chart says the day and the page keeps its date control; ``convert --as-of``
    writes the snapshot alone."""
    from orggraph.cli import main

    src = tmp_path / "small.yaml"
    src.write_text(SMALL, "utf-8")
    svg, page, out = tmp_path / "c.svg", tmp_path / "p.html", tmp_path / "u.yaml"
    day = ["--as-of", BEFORE]
    assert main(["render", str(src), *day, "-o", str(svg), "--lang", "en"]) == 0
    assert f"As of {BEFORE}" in svg.read_text("utf-8")
    assert main(["explore", str(src), *day, "-o", str(page)]) == 0
    assert SPLIT_DAY in page.read_text("utf-8")  # the other day is in the date control
    assert main(["convert", str(src), *day, "-o", str(out)]) == 0
    written = out.read_text("utf-8")
    assert "Operations" in written and "R&D" not in written and "valid_" not in written
