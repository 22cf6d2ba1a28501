"""Links that do not fight the tree, measured on the SVG users get.

Dotted and collaboration links are routed after the layout, around the boxes: no link
runs through a box other than its ends; every relation is written where it overlaps no
box, no arrowhead and no other label, or becomes a numbered marker with a key under the
chart. Both engines (Graphviz with ``fit``, which draws the same routes), the seed and
the Xingchen sample in Chinese and English, and random organisations with random links.
"""

from __future__ import annotations

import itertools
import random
import re
import time
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marks import ENGINES, LANGS, needs_dot
from svg_geometry import (
    label_overlaps,
    lines_through_boxes,
    links_through_boxes,
    read_links,
    read_svg,
)

import orggraph as og
from orggraph.errors import OrgError
from orggraph.render import render
from orggraph.render.options import ChartOptions
from orggraph.render.tidy import to_svg
from orggraph.render.tidy.routing import route_links, through_boxes
from orggraph.render.tidy.scene import build_scene


def quiet(doc: dict[str, Any]) -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.from_dict(doc)


def load(name: str) -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.datasets.load(name)


def check_links(svg: str | bytes, links: int | None = None) -> None:
    """No link through a box, no label over a box, a label or an arrowhead; the
    reporting lines still clear of boxes; *links* links drawn."""
    pic = read_svg(svg)
    drawn = read_links(svg)
    assert not links_through_boxes(pic, drawn), links_through_boxes(pic, drawn)[:5]
    assert not label_overlaps(pic, drawn), label_overlaps(pic, drawn)[:5]
    assert not lines_through_boxes(pic)
    if links is not None:
        assert len(drawn.paths) == links


def relations(svg: str | bytes) -> int:
    """Relations shown: labels on the chart plus markers on links."""
    text = svg.decode() if isinstance(svg, bytes) else svg
    return text.count('relation"') + text.count(' marker"')


# -- the seed and the Xingchen sample ------------------------------------------------------


@pytest.mark.parametrize("name", ["ecommerce", "xingchen"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("engine", ENGINES)
def test_sample_links_are_clean(name: str, lang: str, engine: str) -> None:
    org = load(name)
    svg = render(org, format="svg", engine=engine, lang=lang)
    n = len(build_scene(org, ChartOptions(lang=lang)).links)
    assert n >= 7
    check_links(svg, n)


@pytest.mark.parametrize("lang", LANGS)
def test_every_relation_is_shown_once(lang: str) -> None:
    org = load("xingchen")
    chart = build_scene(org, ChartOptions(lang=lang))
    assert chart.drawing is not None
    labelled = [k for k, link in enumerate(chart.links) if link.relation]
    shown = [k for k, spot in enumerate(chart.drawing.labels) if spot is not None]
    assert shown == labelled
    numbers = [s.number for s in chart.drawing.labels if s is not None and s.number]
    assert [n for n, _ in chart.drawing.key] == sorted(numbers) == list(range(1, len(numbers) + 1))
    svg = to_svg(org, lang=lang)
    assert relations(svg) == len(labelled) + len(numbers)  # markers in the key as well


def test_routes_are_orthogonal_and_end_on_their_boxes() -> None:
    chart = build_scene(load("ecommerce"), ChartOptions(lang="en"))
    assert chart.drawing is not None
    lay = chart.layout
    for link, path in zip(chart.links, chart.drawing.routes, strict=True):
        assert all(p[0] == q[0] or p[1] == q[1] for p, q in itertools.pairwise(path))
        for end, k in ((path[0], link.a), (path[-1], link.b)):
            x, y, w, h = lay.x[k], lay.y[k], lay.w[k], lay.h[k]
            on_side = end[0] in (x, x + w) and y <= end[1] <= y + h
            on_top = end[1] in (y, y + h) and x <= end[0] <= x + w
            assert on_side or on_top, (end, (x, y, w, h))


# -- markers and the key -------------------------------------------------------------------


def crowded(n_links: int = 30) -> og.Org:
    """Three departments of eight teams with many long relations between teams."""
    units = [{"id": "top", "name": "Top"}]
    for d in range(3):
        units.append({"id": f"d{d}", "name": f"Department {d}", "parent": "top"})
        for t in range(8):
            units.append({"id": f"t{d}{t}", "name": f"Team {d}.{t}", "parent": f"d{d}"})
    teams = [u["id"] for u in units if u["id"].startswith("t")]
    rng = random.Random(5)
    links = []
    for _ in range(n_links):
        a, b = rng.sample(teams, 2)
        links.append(
            {
                "kind": rng.choice(["dotted", "collaboration"]),
                "from": a,
                "to": b,
                "relation": f"works with <&> on {rng.randrange(1000)} shared things",
                "mutual": rng.random() < 0.3,
            }
        )
    return quiet({"org": "Crowded", "units": units, "links": links})


def test_crowded_links_become_markers_with_a_key() -> None:
    org = crowded()
    chart = build_scene(org, ChartOptions())
    assert chart.drawing is not None
    assert chart.drawing.key, "many long relations: numbered markers"
    assert all(s is None or s.number for s in chart.drawing.labels)
    svg = to_svg(org)
    check_links(svg, len(chart.links))
    assert "works with &lt;&amp;&gt; on" in svg  # relation text is escaped in the key
    assert "Team" in svg and "→" in svg
    # the key is inside the picture
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    key_y = [float(y) for y in re.findall(r'<text x="[\d.-]+" y="([\d.]+)" fill', svg)]
    top = chart.top
    assert max(key_y) + top < height


@pytest.mark.parametrize("engine", ENGINES)
def test_crowded_links_in_each_engine(engine: str) -> None:
    check_links(render(crowded(20), format="svg", engine=engine))


def test_link_labels_option() -> None:
    org = load("xingchen")
    by_mode = {
        m: build_scene(org, ChartOptions(lang="en", link_labels=m))
        for m in ("inline", "markers", "off")
    }
    off = by_mode["off"].drawing
    assert off is not None and off.labels == [None] * len(off.labels) and not off.key
    marked = by_mode["markers"].drawing
    assert marked is not None and all(s is None or s.number for s in marked.labels)
    assert len(marked.key) == sum(1 for link in by_mode["markers"].links if link.relation)
    inline = by_mode["inline"].drawing
    assert inline is not None and not inline.key
    assert by_mode["markers"].height > by_mode["off"].height  # room for the key
    check_links(to_svg(org, lang="en", link_labels="markers"))
    with pytest.raises(OrgError, match="link_labels"):
        ChartOptions(link_labels="sometimes")


# -- random organisations with random links ------------------------------------------------


@st.composite
def linked_orgs(draw: st.DrawFn) -> og.Org:
    """Random trees (up to 90 units, bushy or flat) with up to 12 random links, some
    with relations in Chinese or English, some mutual."""
    n = draw(st.integers(2, 90))
    flat = draw(st.booleans())
    units: list[dict[str, Any]] = []
    for i in range(n):
        unit: dict[str, Any] = {"id": f"u{i}", "name": draw(st.sampled_from(NAMES)) + f" {i}"}
        if i:
            hi = min(i - 1, 3) if flat else i - 1
            unit["parent"] = f"u{draw(st.integers(max(0, hi - 8), hi))}"
        units.append(unit)
    links = []
    for _ in range(draw(st.integers(1, 12))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if a == b:
            continue
        link: dict[str, Any] = {
            "kind": draw(st.sampled_from(["dotted", "collaboration"])),
            "from": f"u{a}",
            "to": f"u{b}",
            "mutual": draw(st.booleans()),
        }
        if draw(st.booleans()):
            link["relation"] = draw(st.sampled_from(RELATIONS))
        links.append(link)
    return quiet({"org": "Random", "units": units, "links": links})


NAMES = ["Sales", "研发中心", "Customer Success Operations", "财务", "HR", "Platform & Infra"]
RELATIONS = [
    "advises",
    "协作",
    "reports quality issues straight to the CEO",
    "共同制定产品定价与上市计划",
]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=linked_orgs(), fit=st.sampled_from(["auto", None]))
def test_random_links_are_clean(org: og.Org, fit: str | None) -> None:
    check_links(to_svg(org, fit=fit))


@needs_dot
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=linked_orgs())
def test_random_links_are_clean_in_graphviz(org: og.Org) -> None:
    check_links(render(org, format="svg", engine="graphviz"))


# -- the router itself ---------------------------------------------------------------------


def test_a_walled_in_link_goes_round_the_outside() -> None:
    """A wall of boxes between the ends, wider than the search rectangle: the route
    goes round it, through no box."""
    x = [0.0, 0.0] + [-400.0 + 60 * i for i in range(15)]
    y = [0.0, 300.0] + [150.0] * 15
    w = [50.0, 50.0] + [58.0] * 15
    h = [30.0, 30.0] + [30.0] * 15
    (path,) = route_links(x, y, w, h, [(0, 1)])
    assert not through_boxes(path, x, y, w, h, (0, 1))
    for (px, py), k in ((path[0], 0), (path[-1], 1)):  # on the borders of its boxes
        assert x[k] <= px <= x[k] + w[k] and y[k] <= py <= y[k] + h[k]
        assert px in (x[k], x[k] + w[k]) or py in (y[k], y[k] + h[k])


def test_routing_a_big_chart_is_fast() -> None:
    """2,000 units and 20 links (1 %): the routes take 0.1 to 0.2 s on an idle machine."""
    org = og.datasets.synthetic(2000, seed=1)
    lay = build_scene(org, ChartOptions(lang="en", links=())).layout
    rng = random.Random(3)
    pairs = []
    while len(pairs) < 20:
        a, b = rng.randrange(2000), rng.randrange(2000)
        if a != b:
            pairs.append((a, b))
    lines = [p for _, _, p, _ in lay.paths]
    start = time.perf_counter()
    routes = route_links(lay.x, lay.y, lay.w, lay.h, pairs, lines)
    took = time.perf_counter() - start
    assert all(
        not through_boxes(r, lay.x, lay.y, lay.w, lay.h, p)
        for r, p in zip(routes, pairs, strict=True)
    )
    assert took < 3.0, f"{took:.2f} s"  # generous: the machine may be busy
