"""The tidy engine: layout invariants, SVG content and escaping, PNG, engine choice."""

from __future__ import annotations

import itertools
import re
import struct
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marks import needs_dot

import orggraph as og
from orggraph.core.view import make_view
from orggraph.render import AUTO_GRAPHVIZ_MAX, pick_engine, render, tidy
from orggraph.render.metrics import text_width
from orggraph.render.tidy.layout import Layout, tree_layout

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "ecommerce.yaml"
SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script> & "x" \\N'
TOL = 1e-6


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.load(SEED)


def org_of(parents: list[int], names: list[str] | None = None) -> og.Org:
    """An organisation from a parent array (-1: a root), as flat units."""
    units: list[dict[str, Any]] = []
    for i, p in enumerate(parents):
        unit: dict[str, Any] = {"id": f"u{i}", "name": names[i] if names else f"U{i}"}
        if p >= 0:
            unit["parent"] = f"u{p}"
        units.append(unit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # several roots
        return og.from_dict({"units": units})


# -- layout invariants ---------------------------------------------------------------------


def overlaps(lay: Layout) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap: a sweep over boxes sorted by their left edge."""
    order = sorted(range(len(lay)), key=lambda i: lay.x[i])
    found = []
    for pos, a in enumerate(order):
        right = lay.x[a] + lay.w[a]
        for b in order[pos + 1 :]:
            if lay.x[b] >= right - TOL:
                break
            if lay.y[b] < lay.y[a] + lay.h[a] - TOL and lay.y[a] < lay.y[b] + lay.h[b] - TOL:
                found.append((lay.units[a], lay.units[b]))
    return found


def crossings(lay: Layout) -> list[tuple[str, str, str]]:
    """(parent, child, box) where a reporting line runs through a third box."""
    import numpy as np

    x, y = np.asarray(lay.x), np.asarray(lay.y)
    right, bottom = x + np.asarray(lay.w), y + np.asarray(lay.h)
    found = []
    for p, c, points, _ in lay.paths:
        for (xa, ya), (xb, yb) in itertools.pairwise(points):
            hit = (
                (x < max(xa, xb) - 0.5)
                & (right > min(xa, xb) + 0.5)
                & (y < max(ya, yb) - 0.5)
                & (bottom > min(ya, yb) + 0.5)
            )
            hit[p] = hit[c] = False
            found += [(lay.units[p], lay.units[c], lay.units[j]) for j in np.flatnonzero(hit)]
    return found


def check_layout(lay: Layout) -> None:
    assert not overlaps(lay)
    assert not crossings(lay)
    bus_xs: dict[int, list[float]] = {}
    for p, c, points, stacked in lay.paths:
        assert lay.parent[c] == p
        px, py = points[0]
        # starts on the middle of the parent's bottom edge
        assert abs(py - (lay.y[p] + lay.h[p])) < TOL
        assert abs(px - (lay.x[p] + lay.w[p] / 2)) < TOL
        ex, ey = points[-1]
        if stacked:  # on the middle of a side of the child's box
            assert abs(ey - (lay.y[c] + lay.h[c] / 2)) < TOL
            assert min(abs(ex - lay.x[c]), abs(ex - lay.x[c] - lay.w[c])) < TOL
        else:  # on the middle of its top edge
            assert abs(ey - lay.y[c]) < TOL
            assert abs(ex - (lay.x[c] + lay.w[c] / 2)) < TOL
        # orthogonal: vertical and horizontal by turns, vertical first
        for j, ((xa, ya), (xb, yb)) in enumerate(itertools.pairwise(points)):
            assert abs(xa - xb) < TOL if j % 2 == 0 else abs(ya - yb) < TOL
        # y grows with depth: the child is wholly below its parent
        assert lay.y[c] >= lay.y[p] + lay.h[p] - TOL
        bus_xs.setdefault(p, []).append(points[2][0])
    # every parent is centred over the span of its children's lines (or stack buses)
    for p, xs in bus_xs.items():
        assert abs((min(xs) + max(xs)) / 2 - (lay.x[p] + lay.w[p] / 2)) < 1e-6
    assert len(lay.paths) == sum(1 for q in lay.parent if q >= 0)
    assert min(lay.x) >= -TOL and min(lay.y) >= -TOL
    assert max(x + w for x, w in zip(lay.x, lay.w, strict=True)) <= lay.width + TOL


@st.composite
def trees(draw: st.DrawFn) -> tuple[list[int], list[tuple[float, float]]]:
    """Random parent arrays: bushy, flat (very wide groups), or chains, mixed."""
    n = draw(st.integers(min_value=1, max_value=300))
    shape = draw(st.sampled_from(["random", "flat", "chain", "bushy"]))
    parents = [-1]
    for i in range(1, n):
        if shape == "flat":
            parents.append(draw(st.integers(0, min(i - 1, 3))))
        elif shape == "chain":
            parents.append(i - 1 if draw(st.integers(0, 9)) else draw(st.integers(0, i - 1)))
        elif shape == "bushy":
            parents.append(draw(st.integers(max(0, i - 6), i - 1)))
        else:
            parents.append(draw(st.integers(0, i - 1)))
    if n > 2 and draw(st.booleans()):
        parents[draw(st.integers(1, n - 1))] = -1  # a second root: a forest
        parents = [p if p < i else -1 for i, p in enumerate(parents)]
    widths = st.sampled_from([24.0, 60.0, 120.0, 310.0])
    heights = st.sampled_from([18.0, 30.0, 52.0])
    sizes = draw(st.lists(st.tuples(widths, heights), min_size=n, max_size=n))
    return parents, sizes


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tree=trees(),
    compact=st.booleans(),
    stack_min=st.sampled_from([2, 4, 7]),
    fold_width=st.sampled_from([None, 250.0, 2400.0]),
)
def test_layout_invariants(
    tree: tuple[list[int], list[tuple[float, float]]],
    compact: bool,
    stack_min: int,
    fold_width: float | None,
) -> None:
    parents, sizes = tree
    org = org_of(parents)
    view = make_view(org)
    by_id = dict(zip([f"u{i}" for i in range(len(parents))], sizes, strict=True))
    lay = tree_layout(
        org,
        view=view,
        box_size=[by_id[u] for u in view.shown],
        compact=compact,
        stack_min=stack_min,
        fold_width=fold_width,
    )
    assert sorted(lay.units) == sorted(by_id)
    check_layout(lay)
    for u, box in lay.boxes():
        assert box.h == by_id[u][1]
        assert box.w >= by_id[u][0]  # stacked leaves widen to their column


def test_wide_group_is_stacked_in_columns() -> None:
    org = org_of([-1] + [0] * 40)
    lay = tree_layout(org, box_size=lambda u: (100.0, 30.0))
    check_layout(lay)
    columns = {lay.box(u).x for u in lay.units[1:]}
    assert 2 <= len(columns) <= 8 and len(columns) % 2 == 0
    assert all(c.stacked for c in lay.connectors)
    flat = tree_layout(org, box_size=lambda u: (100.0, 30.0), compact=False)
    assert len({flat.box(u).y for u in flat.units[1:]}) == 1  # one long row
    assert flat.width > 3 * lay.width


def test_deep_chain_has_no_recursion_limit() -> None:
    org = org_of([i - 1 for i in range(5000)])
    lay = tree_layout(org)
    assert len(lay) == 5000
    ys = [lay.box(f"u{i}").y for i in range(5000)]
    assert ys == sorted(ys) and len(set(ys)) == 5000
    assert len({lay.box(f"u{i}").cx for i in range(5000)}) == 1
    svg = tidy.to_svg(org)
    assert svg.count('class="reporting"') == 4999


def test_depth_collapses_units() -> None:
    org = org_of([-1, 0, 1, 2, 2, 0])
    lay = tree_layout(org, depth=1)
    assert lay.units == ["u0", "u1", "u5"]
    assert lay.collapsed == {"u1": ["u2", "u3", "u4"]}
    check_layout(lay)


def test_text_width() -> None:
    assert text_width("客服部", 10) == 30.0
    assert text_width("iii", 10) < text_width("WWW", 10)
    assert text_width("Sales", 10, bold=True) > text_width("Sales", 10)


# -- SVG -------------------------------------------------------------------------------------


def evil_org() -> og.Org:
    return og.from_dict(
        {
            "org": EVIL,
            "units": [
                {
                    "id": "a",
                    "name": EVIL + "\x07\x0c",
                    "head": {"title": "line one\nline two \x07bell", "salary": 10},
                    "units": [
                        {"id": "b", "name": "it's <b>bold</b> & \\r", "type": "<x>"},
                        {"id": "c", "name": "]]><!--", "type": 'a"b'},
                    ],
                }
            ],
            "links": [{"kind": "collaboration", "from": "b", "to": "a", "relation": "</text>&"}],
        }
    )


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode())
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_svg_escapes_user_text() -> None:
    svg = tidy.to_svg(evil_org())
    root = ET.fromstring(svg.encode())  # well-formed
    tags = {el.tag for el in root.iter()}
    assert f"{SVG}script" not in tags and "script" not in tags
    shown = texts(svg)
    assert EVIL in shown  # the name, literally, without the control characters
    assert "line one" in shown and "line two bell" in shown  # a newline makes two lines
    assert "it's <b>bold</b> & \\r" in shown
    assert "]]><!--" in shown
    assert "</text>&" in shown  # the relation label
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", svg)
    titles = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert f"{EVIL} · line one line two bell · id: a" not in titles  # newline kept in hover
    assert any(t.startswith(EVIL) and t.endswith("id: a") for t in titles)
    classes = [g.get("class") for g in root.iter(f"{SVG}g") if g.get("data-id")]
    assert classes == ["node unit unit", "node unit x", "node unit a-b"]


def test_usual_boxes_escape_user_text() -> None:
    # Short ASCII names with a title and figures take the fast paths of _lines_of and
    # _svg; their text must be escaped all the same.
    org = og.from_dict(
        {
            "units": [
                {
                    "id": "r",
                    "name": "R&D <lab>",
                    "head": {"title": "Boss \"<b>\" & 'co'", "salary": 10},
                    "units": [
                        {
                            "id": f"k{i}",
                            "name": f"Kid's <{i}>",
                            "head": {"title": "A&B", "salary": 5},
                        }
                        for i in range(5)
                    ],
                }
            ]
        }
    )
    svg = tidy.to_svg(org, lang="en")
    root = ET.fromstring(svg.encode())
    shown = texts(svg)
    assert "R&D <lab>" in shown and "Boss \"<b>\" & 'co'" in shown
    assert "Kid's <3>" in shown and shown.count("A&B") == 5
    titles = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert "Kid's <0> · A&B · id: k0" in titles


@pytest.mark.parametrize("lang", ["en", "zh", None])
def test_figure_lines_match_labels(lang: str | None) -> None:
    from orggraph.core.rollup import Rollup
    from orggraph.render.labels import figures
    from orggraph.render.tidy import scene

    line = scene._figure_lines(lang, 9.0)
    for s_value, s_unknown, b_value, b_unknown in itertools.product(
        (0, 1, 1.0, 2.5, 1200), (False, True), (0, 7, 23000.5, 1234567), (False, True)
    ):
        key = (s_value, s_unknown, b_value, b_unknown)
        want = figures(
            Rollup(s_value, ("?",) if s_unknown else ()),
            Rollup(b_value, ("?",) if b_unknown else ()),
            lang,
        )
        got = line(key)
        if not want:
            assert got is None
            continue
        assert got is not None
        rows = want.split("\n")  # a long line breaks before a part
        assert got[0] == tuple((scene.FIGURES, row) for row in rows)
        assert got[1] == pytest.approx(max(text_width(row, 9.0) for row in rows))


def test_seed_svg_in_english(seed: og.Org) -> None:
    svg = tidy.to_svg(seed, lang="en")
    root = ET.fromstring(svg.encode())
    ids = [g.get("data-id", "") for g in root.iter(f"{SVG}g") if g.get("data-id")]
    assert sorted(ids) == sorted(seed.units())
    shown = texts(svg)
    assert "Customer Service" in shown and "Customer Service Director" in shown
    assert "≥ 7 seats · ≥ 23,000 / month" in shown  # as the Graphviz labels say
    assert "Mingxing E-commerce" in shown
    assert svg.count('class="reporting"') == len(seed) - 1
    assert svg.count('<path class="collaboration"') == len(seed.links("collaboration"))
    assert "media promotion strategy" in svg
    assert root.get("font-family", "").startswith("'Noto Sans CJK SC','Noto Sans SC'")
    assert "collaboration" in shown and "reports to" in shown  # the legend


def test_seed_svg_in_chinese(seed: og.Org) -> None:
    svg = tidy.to_svg(seed, lang="zh")
    shown = texts(svg)
    assert "客服部" in shown and "客服总监" in shown
    assert "≥ 7 人 · 月薪 ≥ 23,000" in shown
    assert "明星电商企业" in shown and "汇报" in shown


def test_sub_chart_with_collapsed_notes(seed: og.Org) -> None:
    svg = tidy.to_svg(seed, lang="en", root="coo", depth=1)
    root = ET.fromstring(svg.encode())
    ids = [g.get("data-id") for g in root.iter(f"{SVG}g") if g.get("data-id")]
    assert ids[0] == "coo" and set(ids) == {"coo", *seed.children("coo")}
    notes = [
        "".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("font-style") == "italic"
    ]
    assert len(notes) == sum(1 for u in seed.children("coo") if seed.children(u))
    hidden = len(seed.descendants("customer_service"))
    assert f"+{hidden} units, ≥ 6 people" in notes  # the supervisors' seats are unknown
    # a link to a hidden unit is drawn to the box that holds it
    assert 'class="collaboration"' in svg


def test_options_are_checked(seed: og.Org) -> None:
    with pytest.raises(og.OrgError, match=r"unknown option 'colour'.*valid options: .*compact"):
        tidy.render_bytes(seed, "svg", colour="red")
    with pytest.raises(og.OrgError, match="cannot write 'pdf'"):
        tidy.render_bytes(seed, "pdf")
    with pytest.raises(og.OrgError, match="unknown link kind"):
        tidy.to_svg(seed, links=("dotted", "friendship"))
    with pytest.raises(og.OrgError, match="top-down only"):
        tidy.render_bytes(seed, "svg", rankdir="LR")
    with pytest.raises(og.OrgError, match="depth"):
        tidy.to_svg(seed, depth=-1)
    with pytest.raises(og.UnknownIdError):
        tidy.to_svg(seed, root="nobody")


def test_graphviz_options_are_accepted(seed: og.Org) -> None:
    svg = tidy.render_bytes(seed, "svg", timeout=5, stack_leaves=0, responsibilities=True)
    assert "• " in svg.decode()


# -- PNG -------------------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_seed_png(seed: og.Org) -> None:
    width, height = png_size(tidy.render_bytes(seed, "png", lang="zh"))
    assert 500 < width <= tidy.MAX_PNG_SIDE and 200 < height <= tidy.MAX_PNG_SIDE
    assert 1 < width / height < 8
    small = png_size(tidy.render_bytes(seed, "png", lang="zh", dpi=72))
    assert abs(small[0] * 2 - width) <= 2


def test_big_png_is_capped_with_a_warning(seed: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    from orggraph.render.tidy import png

    monkeypatch.setattr(png, "MAX_PNG_SIDE", 400)  # the PNG writer reads it
    with pytest.warns(og.OrgWarning, match="too small to read"):
        data = tidy.render_bytes(seed, "png", lang="en")
    assert max(png_size(data)) <= 400


# -- engine choice -----------------------------------------------------------------------------


def test_auto_uses_tidy_without_dot(seed: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORGGRAPH_DOT", "/nonexistent/dot")
    assert pick_engine(seed, "svg") == "tidy"
    svg = render(seed, format="svg")
    assert isinstance(svg, bytes) and b'class="nodes"' in svg
    with pytest.raises(og.MissingDependencyError):
        render(seed, format="pdf")


@needs_dot
def test_auto_uses_graphviz_for_small_natural_charts(
    seed: og.Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ORGGRAPH_DOT", raising=False)
    assert len(seed) <= AUTO_GRAPHVIZ_MAX
    assert pick_engine(seed, "svg") == "tidy"  # fit="auto": the tidy engine fits the page
    assert pick_engine(seed, "svg", fit=None) == "graphviz"
    assert pick_engine(seed, "svg", fit=None, compact=False) == "tidy"
    assert pick_engine(seed, "svg", engine="tidy") == "tidy"
    big = org_of([-1] + [i // 3 for i in range(AUTO_GRAPHVIZ_MAX + 5)])
    assert pick_engine(big, "svg", fit=None) == "tidy"
    assert pick_engine(big, "svg", fit=None, depth=1) == "graphviz"  # the drawn chart is small
    assert pick_engine(big, "pdf") == "graphviz"


def test_render_writes_a_file(seed: og.Org, tmp_path: Path) -> None:
    path = render(seed, tmp_path / "chart.svg", engine="tidy", lang="en")
    assert isinstance(path, Path)
    ET.parse(path)
    with pytest.raises(og.OrgError, match="unknown engine"):
        render(seed, tmp_path / "chart.svg", engine="dot")
