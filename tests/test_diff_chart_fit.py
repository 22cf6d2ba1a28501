"""The diff chart fits the page like every chart: measured on its SVG.

``og.diff(a, b).render(...)`` draws the union of the two organisations with Graphviz;
with ``fit`` (default ``"auto"``) the boxes sit where the tidy engine's fitted layout
of Graphviz's own boxes puts them (``neato -n2``). The checks read the SVG
(:mod:`svg_geometry`): the width:height within the fit's bounds, every unit of either
organisation drawn once, no two boxes overlapping, no reporting line through a box or
across another.
"""

from __future__ import annotations

import contextlib
import html
import shutil
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import documents
from svg_geometry import Picture, box_overlaps, line_crossings, lines_through_boxes, read_svg

import orggraph as og
from orggraph.ops import reorg
from orggraph.render.diff_chart import diff_dot, render_diff, union
from orggraph.render.quoting import xml_text
from orggraph.render.tidy.fit import FEW, KEPT, fit_bounds

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.datasets.load("ecommerce")


@pytest.fixture(scope="module")
def split() -> og.Org:
    return og.datasets.load("ecommerce-split").as_of("2027-01-01")  # the day of the split


def check(a: og.Org, b: og.Org, pic: Picture, bounds: tuple[float, float] | None) -> None:
    both = union(a, b)
    assert sorted(pic.boxes) == sorted(html.unescape(xml_text(u)) for u in both.units())
    assert not box_overlaps(pic), box_overlaps(pic)[:5]
    assert not lines_through_boxes(pic), lines_through_boxes(pic)[:5]
    assert not line_crossings(pic), line_crossings(pic)[:5]
    if bounds is not None and len(both) > FEW:
        lo, hi = bounds
        assert lo <= pic.aspect <= hi, f"{pic.width:.0f} x {pic.height:.0f}: {pic.aspect:.2f}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_seed_vs_its_split_is_no_longer_a_strip(seed: og.Org, split: og.Org, lang: str) -> None:
    natural = read_svg(og.diff(seed, split).render(format="svg", lang=lang, fit=None))
    assert natural.aspect > 5  # the strip it was: 3,073 x 502 pt in Chinese
    pic = read_svg(og.diff(seed, split).render(format="svg", lang=lang))
    check(seed, split, pic, KEPT)
    assert 1.0 <= pic.aspect <= 2.5  # "auto" prefers landscape when it can


@pytest.mark.parametrize("fit", ["auto", "landscape", "portrait"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_fit_keeps_its_bounds(seed: og.Org, split: og.Org, fit: str, lang: str) -> None:
    pic = read_svg(render_diff(seed, split, format="svg", lang=lang, fit=fit))
    check(seed, split, pic, fit_bounds(fit))


def test_a_sub_chart_and_a_depth_fit_too(seed: og.Org, split: og.Org) -> None:
    pic = read_svg(render_diff(seed, split, format="svg", lang="en", root="coo"))
    assert "coo" in pic.boxes and "ceo" not in pic.boxes
    assert not box_overlaps(pic) and not lines_through_boxes(pic)
    assert 0.5 <= pic.aspect <= 2.5
    top = read_svg(render_diff(seed, split, format="svg", lang="en", depth=1))
    assert len(top.boxes) < len(union(seed, split))
    assert not box_overlaps(top)


def test_the_marks_survive_fitting(seed: og.Org, split: og.Org) -> None:
    svg = render_diff(seed, split, format="svg", lang="en").decode()
    assert "moved from: Procurement and Logistics" in svg
    assert "stroke-dasharray" in svg  # the removed unit's dashed box and line
    assert "#2b8a3e" in svg and "#1c64d1" in svg  # added and moved boxes


def test_png_and_dot(seed: og.Org, split: og.Org) -> None:
    png = render_diff(seed, split, format="png", lang="en")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # the DOT text stays the natural dot source, as for charts
    assert render_diff(seed, split, format="dot").decode() == diff_dot(seed, split)
    assert "pos=" not in diff_dot(seed, split)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(max_units=14), data=st.data())
def test_random_reorganisations_fit(doc: dict[str, object], data: st.DataObject) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        a = og.from_dict(doc)
        units = a.units()
        b = a
        moved = data.draw(st.sampled_from(units))
        old = a.parent(moved)
        targets = [u for u in units if u not in (moved, old) and u not in a.descendants(moved)]
        if targets:
            b = reorg.move(a, moved, data.draw(st.sampled_from(targets)))
        leaves = [u for u in b.units() if not b.children(u) and b.parent(u) is not None]
        if leaves:
            with contextlib.suppress(og.OrgError):  # a unit with links is not removed
                b = reorg.remove_unit(b, data.draw(st.sampled_from(leaves)))
        pic = read_svg(
            render_diff(a, b, format="svg", lang=data.draw(st.sampled_from(["zh", "en"])))
        )
    check(a, b, pic, KEPT)
