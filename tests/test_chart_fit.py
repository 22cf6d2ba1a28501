"""Readable by default: the ``fit`` option, measured on the SVG users get.

For the seed, the people sample and random organisations, in Chinese and English, with
both engines: the picture's width:height lies within the bounds of its ``fit``
(organisations of more than :data:`~orggraph.render.tidy.fit.FEW` units), every unit is
drawn exactly once, no two boxes overlap, no reporting line runs through a box or
crosses another, and the chart is arranged the same way in both languages. The checks
read the SVG (:mod:`svg_geometry`), not the layout.
"""

from __future__ import annotations

import html
import itertools
import re
import struct
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marks import LANGS, needs_dot
from strategies import documents
from svg_geometry import (
    Picture,
    box_overlaps,
    extra_faults,
    line_crossings,
    lines_through_boxes,
    read_svg,
    structure,
)

import orggraph as og
from orggraph.render import pick_engine, render
from orggraph.render.quoting import xml_text
from orggraph.render.tidy import to_svg
from orggraph.render.tidy.fit import FEW, KEPT, fit_bounds

DATASETS = ("ecommerce", "xingchen")


def check_picture(org: og.Org, pic: Picture, bounds: tuple[float, float] | None = KEPT) -> None:
    """Every unit once, no overlaps, no line through a box, no crossings; the shape."""
    # (ids are written as XML text: control characters are dropped)
    assert sorted(pic.boxes) == sorted(html.unescape(xml_text(u)) for u in org.units())
    assert not box_overlaps(pic), box_overlaps(pic)[:5]
    assert not lines_through_boxes(pic), lines_through_boxes(pic)[:5]
    assert not line_crossings(pic), line_crossings(pic)[:5]
    assert not extra_faults(pic), extra_faults(pic)[:5]  # assistants, people boxes
    assert len(pic.lines) == sum(1 for u in org.units() if org.parent(u) is not None)
    if bounds is not None and len(org) > FEW:
        lo, hi = bounds
        assert lo <= pic.aspect <= hi, f"{pic.width:.0f} x {pic.height:.0f}: {pic.aspect:.2f}"


def quiet(doc: dict[str, Any]) -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # several roots, vacant heads
        return og.from_dict(doc)


@pytest.fixture(scope="module", params=DATASETS)
def dataset(request: pytest.FixtureRequest) -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.datasets.load(request.param)


# -- the seed and the people sample ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_default_chart_fits(dataset: og.Org, lang: str) -> None:
    pic = read_svg(render(dataset, format="svg", lang=lang))  # engine="auto": tidy
    check_picture(dataset, pic, fit_bounds("auto"))
    assert 1.0 <= pic.aspect <= 2.0  # and well inside: a slide or a landscape page


@needs_dot
@pytest.mark.parametrize("lang", LANGS)
def test_graphviz_chart_fits(dataset: og.Org, lang: str) -> None:
    pic = read_svg(render(dataset, format="svg", engine="graphviz", lang=lang))
    check_picture(dataset, pic, fit_bounds("auto"))


@pytest.mark.parametrize("fit", ["landscape", "portrait"])
def test_datasets_take_the_shape_asked(dataset: og.Org, fit: str) -> None:
    for lang in LANGS:
        check_picture(dataset, read_svg(to_svg(dataset, lang=lang, fit=fit)), fit_bounds(fit))


def test_same_structure_in_both_languages(dataset: og.Org) -> None:
    zh, en = (read_svg(to_svg(dataset, lang=lang)) for lang in LANGS)
    assert structure(zh) == structure(en)
    # English names are longer: the same grid, wider (the aspect may not say so: long
    # figures lines break in two, more often in English, making boxes taller too)
    assert en.width > zh.width


@pytest.mark.parametrize("lang", LANGS)
def test_default_png_is_no_strip(dataset: og.Org, lang: str) -> None:
    png = render(dataset, format="png", lang=lang)
    assert isinstance(png, bytes)
    width, height = struct.unpack(">II", png[16:24])
    assert 1.0 <= width / height <= 2.0
    assert width <= 4000 and height <= 3000  # 144 dpi: a slide, not a 7,564 px strip


def test_fit_none_keeps_the_natural_shape(dataset: og.Org) -> None:
    natural = read_svg(to_svg(dataset, lang="en", fit=None, fold_width=None))
    assert natural.aspect > 4  # one level per row: the strip fit is there for
    check_picture(dataset, natural, None)


def test_options_given_are_kept(dataset: og.Org) -> None:
    from orggraph.render.options import ChartOptions
    from orggraph.render.tidy.scene import build_scene

    chart = build_scene(dataset, ChartOptions(lang="en", stack_min=2, fold_width=900.0))
    assert chart.layout.knobs is not None
    assert chart.layout.knobs.stack_min == 2 and chart.layout.knobs.fold_width == 900.0


def test_links_do_not_move_boxes(dataset: og.Org) -> None:
    for lang in LANGS:
        with_links = read_svg(to_svg(dataset, lang=lang))
        without = read_svg(to_svg(dataset, lang=lang, links=()))
        top = min(r.y for r in with_links.boxes.values()) - min(r.y for r in without.boxes.values())
        left = min(r.x for r in with_links.boxes.values()) - min(
            r.x for r in without.boxes.values()
        )
        for uid, r in without.boxes.items():
            moved = with_links.boxes[uid]
            assert abs(moved.x - r.x - left) < 0.2 and abs(moved.y - r.y - top) < 0.2, uid


@needs_dot
def test_links_do_not_reorder_natural_graphviz(dataset: og.Org) -> None:
    """With fit=None, dot lays the chart out: links must not change the order of boxes."""

    def ranks(pic: Picture) -> list[list[str]]:
        rows: dict[float, list[tuple[float, str]]] = {}
        for uid, r in pic.boxes.items():
            rows.setdefault(round(r.y + r.h / 2), []).append((r.x, uid))
        return [[u for _, u in sorted(rows[y])] for y in sorted(rows)]

    for lang in LANGS:
        svg = {
            links: render(
                dataset, format="svg", engine="graphviz", lang=lang, fit=None, links=links
            )
            for links in (("dotted", "collaboration"), ())
        }
        assert ranks(read_svg(svg[("dotted", "collaboration")])) == ranks(read_svg(svg[()]))


@needs_dot
def test_graphviz_draws_the_tidy_arrangement(dataset: og.Org) -> None:
    """Graphviz boxes sit in the same grid as the tidy engine's (same columns, rows):
    of two boxes side by side (their heights overlap) the same is on the left, of two
    boxes one above the other (their widths overlap) the same is on top, wherever both
    engines see the two boxes so. Box sizes differ a little between the engines' fonts,
    so absolute positions are not compared: boxes of unrelated columns may shift past
    each other by a few points, which makes or ends an overlap, never a swap."""

    def relations(pic: Picture) -> set[tuple[str, str, str]]:
        found = set()
        for a, b in itertools.permutations(pic.boxes, 2):
            p, q = pic.boxes[a], pic.boxes[b]
            if p.y < q.y + q.h and q.y < p.y + p.h and p.x + p.w <= q.x:
                found.add(("left of", a, b))
            if p.x < q.x + q.w and q.x < p.x + p.w and p.y + p.h <= q.y:
                found.add(("above", a, b))
        return found

    tidy = read_svg(to_svg(dataset, lang="zh"))
    gv = read_svg(render(dataset, format="svg", engine="graphviz", lang="zh"))
    drawn, planned = relations(gv), relations(tidy)
    assert not {(r, b, a) for r, a, b in planned} & drawn  # nothing swapped
    assert len(drawn & planned) > 0.9 * len(planned)  # and mostly the same pairs


# -- engine choice, option checks -----------------------------------------------------------


def test_auto_engine_picks_the_fitting_engine(dataset: og.Org) -> None:
    assert pick_engine(dataset, "svg") == "tidy"
    assert pick_engine(dataset, "png", fit="portrait") == "tidy"
    assert pick_engine(dataset, "pdf") == "graphviz"  # drawn from the fitted layout


def test_fit_is_checked() -> None:
    org = og.loads("units: [{id: a, name: A}]")
    with pytest.raises(og.OrgError, match="unknown fit 'wide'; choose one of auto, landscape"):
        to_svg(org, fit="wide")
    assert to_svg(org, fit=None).startswith("<?xml")


# -- shapes that need more than folding ---------------------------------------------------


def chain_org(n: int, side: int = 0) -> og.Org:
    units: list[dict[str, Any]] = []
    for i in range(n):
        unit: dict[str, Any] = {"id": f"u{i}", "name": f"Level {i} of a long line"}
        if i:
            unit["parent"] = f"u{i - 1}"
        units.append(unit)
        for k in range(side if i % 3 == 1 else 0):
            units.append({"id": f"s{i}.{k}", "name": f"Staff {k}", "parent": f"u{i}"})
    return quiet({"org": "Chain", "units": units})


@pytest.mark.parametrize(("n", "side"), [(12, 0), (30, 0), (25, 2), (60, 3)])
def test_deep_narrow_trees_fit(n: int, side: int) -> None:
    org = chain_org(n, side)
    check_picture(org, read_svg(to_svg(org)), fit_bounds("auto"))


def test_a_forest_of_many_roots_fits() -> None:
    units = [{"id": f"r{i}", "name": f"Independent body {i}"} for i in range(40)]
    units += [{"id": f"c{i}", "name": f"Office {i}", "parent": f"r{i % 5}"} for i in range(12)]
    org = quiet({"units": units})
    pic = read_svg(to_svg(org))
    check_picture(org, pic, fit_bounds("auto"))


@pytest.mark.parametrize("n", [1000, 5000])
def test_big_synthetic_charts_fit(n: int) -> None:
    org = og.datasets.synthetic(n)
    svg = to_svg(org, lang="en")
    view = [float(v) for v in re.search(r'viewBox="([^"]+)"', svg).group(1).split()]  # type: ignore[union-attr]
    lo, hi = fit_bounds("auto")
    assert lo <= view[2] / view[3] <= hi
    if n <= 1000:
        check_picture(org, read_svg(svg), fit_bounds("auto"))
        zh = read_svg(to_svg(org, lang="zh"))
        assert structure(zh) == structure(read_svg(svg))


# -- random organisations ------------------------------------------------------------------

_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x62FF)
_WORD = st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=2, max_size=11)


@st.composite
def bilingual_orgs(draw: st.DrawFn) -> og.Org:
    """Organisations of realistic shapes (up to 150 units; deep ones up to 60 or 80)
    with names in Chinese (2-10 characters) and English (1-3 words), titles and seats on
    some units, and sometimes several roots."""
    shape = draw(st.sampled_from(["random", "bushy", "flat", "deep", "levels"]))
    n = draw(st.integers(FEW + 1, {"bushy": 80, "deep": 60}.get(shape, 150)))
    parents = [-1]
    for i in range(1, n):
        if shape == "flat":
            parents.append(draw(st.integers(0, min(i - 1, 4))))
        elif shape == "bushy":  # each unit under one of the last six: deep and narrow
            parents.append(draw(st.integers(max(0, i - 6), i - 1)))
        elif shape == "deep":  # long lines of command with short branches
            parents.append(i - 1 if draw(st.integers(0, 3)) else draw(st.integers(0, i - 1)))
        elif shape == "levels":  # spans of 3 to 12, breadth first, like datasets.synthetic
            parents.append((i - 1) // draw(st.integers(3, 12)))
        else:
            parents.append(draw(st.integers(0, i - 1)))
    for _ in range(draw(st.integers(0, 2))):  # a forest
        parents[draw(st.integers(1, n - 1))] = -1
    units: list[dict[str, Any]] = []
    for i, p in enumerate(parents):
        zh = "".join(draw(st.lists(_HAN, min_size=2, max_size=10)))
        en = " ".join(draw(st.lists(_WORD, min_size=1, max_size=3))).title()
        unit: dict[str, Any] = {"id": f"u{i}", "name": {"zh": zh, "en": en}}
        if draw(st.integers(0, 2)) == 0:
            unit["head"] = {"title": {"zh": zh[:4] + "主管", "en": "Head of " + en}}
        if draw(st.booleans()):
            unit["staff"] = [{"title": {"zh": "专员", "en": "Specialist"}, "seats": i % 7 + 1}]
        if p >= 0:
            unit["parent"] = f"u{p}"
        units.append(unit)
    return quiet(
        {"org": {"zh": "随机组织", "en": "Random Org"}, "lang": list(LANGS), "units": units}
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=bilingual_orgs())
def test_random_organisations_fit(org: og.Org) -> None:
    pictures = {lang: read_svg(to_svg(org, lang=lang)) for lang in LANGS}
    for pic in pictures.values():
        check_picture(org, pic, fit_bounds("auto"))
    assert structure(pictures["zh"]) == structure(pictures["en"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    org=bilingual_orgs(),
    fit=st.sampled_from(["landscape", "portrait"]),
    lang=st.sampled_from(LANGS),
)
def test_random_organisations_lean_the_way_asked(org: og.Org, fit: str, lang: str) -> None:
    pic = read_svg(to_svg(org, lang=lang, fit=fit))
    check_picture(org, pic, None)
    auto = read_svg(to_svg(org, lang=lang))
    if fit == "landscape":
        assert pic.aspect >= min(1.0, auto.aspect) * 0.9
    else:
        assert pic.aspect <= max(1.0, auto.aspect) / 0.9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(max_units=40))
def test_any_organisation_is_drawn_cleanly(doc: dict[str, Any]) -> None:
    """Arbitrary Unicode names, forests, links: a clean picture, fitted when it can be."""
    try:
        org = quiet(doc)
    except og.OrgError:
        return
    pic = read_svg(to_svg(org))
    check_picture(org, pic, None)
    if len(org) > FEW:
        assert 0.4 <= pic.aspect <= 2.5


@needs_dot
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=bilingual_orgs())
def test_random_organisations_fit_in_graphviz(org: og.Org) -> None:
    pic = read_svg(render(org, format="svg", engine="graphviz", lang="en"))
    check_picture(org, pic, (0.45, 2.75))  # Graphviz's boxes are a little larger


# -- the checks themselves -----------------------------------------------------------------


def test_the_checks_find_faults() -> None:
    svg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">
    <g class="edges" transform="translate(10,10)">
    <path class="reporting" d="M50,20V40H150V60"/>
    <path class="reporting" d="M100,0V80"/>
    </g>
    <g class="nodes" transform="translate(10,10)">
    <g class="node unit" data-id="a" transform="translate(0,0)"><rect width="100" height="20"/></g>
    <g class="node unit" data-id="b" transform="translate(120,60)"><rect width="60" height="20"/></g>
    <g class="node unit" data-id="c" transform="translate(150,65)"><rect width="60" height="20"/></g>
    <g class="node unit" data-id="d" transform="translate(70,35)"><rect width="20" height="20"/></g>
    </g></svg>"""
    pic = read_svg(svg)
    assert pic.boxes["b"].x == 130 and pic.aspect == 4
    assert box_overlaps(pic) == [("b", "c")]
    assert line_crossings(pic) == [(0, 1)]
    assert lines_through_boxes(pic) == [(0, "d")]  # line 1 starts on a's corner: allowed
