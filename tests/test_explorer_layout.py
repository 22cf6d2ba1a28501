"""The explorer's layout is the tidy engine's: for the same organisation, the same units
expanded (the explorer's ``depth=``, the engine's ``depth=``) and boxes of the same sizes,
every box sits where :func:`orggraph.render.tidy.layout.tree_layout` puts it (within half
a pixel, up to a translation): stacked and folded spans, leaves beside sub-charts,
assistants beside their head, several roots, a board drawn apart, levels of different
heights, the seed, xingchen with its people, random trees. And the dotted-line and
collaboration overlays are routed around the boxes, never through one; fitting to the
window counts assistants on the side they were laid out.

In a real browser (Debian's Chromium driven by Playwright, as tests/test_explorer_browser.py)."""

from __future__ import annotations

import itertools
import os
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_explorer_browser import browser, open_page  # noqa: F401 (fixtures)

import orggraph as og
from orggraph.core.view import make_view
from orggraph.render.explorer import explorer_html
from orggraph.render.tidy.extras import ExtraBox, Extras
from orggraph.render.tidy.layout import tree_layout
from orggraph.render.tidy.structure import is_board

pytestmark = pytest.mark.browser

# Each unit's box and its assistants' boxes, in chart coordinates, read from the DOM.
READ = """(() => {
  const out = {};
  for (const g of document.querySelectorAll('g.og-unit[data-id]')) {
    const t = g.transform.baseVal.consolidate().matrix;
    const r = g.querySelector('rect.og-box').getBBox();
    const side = [...g.querySelectorAll('.og-assistant rect')].map(a => {
      const b = a.getBBox();
      return [t.e + b.x, t.f + b.y, b.width, b.height];
    });
    out[g.dataset.id] = [[t.e + r.x, t.f + r.y, r.width, r.height], side];
  }
  return out;
})()"""


def quiet(make: Callable[[], og.Org]) -> Callable[[], og.Org]:
    def made() -> og.Org:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", og.OrgWarning)
            return make()

    return made


def unit(uid: str, name: str, *kids: dict[str, Any], **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": uid, "name": name, **more}
    if kids:
        out["units"] = list(kids)
    return out


def org_of(*roots: dict[str, Any]) -> og.Org:
    return og.from_dict({"units": list(roots)})


def wide_row() -> og.Org:
    """A row far wider than the fold width: folded into columns of sub-charts."""
    kids = [
        unit(f"d{k}", f"Department number {k}", unit(f"d{k}a", "Team A"), unit(f"d{k}b", "B"))
        for k in range(16)
    ]
    return org_of(unit("boss", "Boss", *kids))


def leaves_beside() -> og.Org:
    """Six leaves stacked beside three sub-charts, in the same row."""
    kids: list[dict[str, Any]] = []
    for k in range(9):
        if k % 3 == 1:
            kids.append(unit(f"s{k}", f"Sub {k}", unit(f"s{k}x", "X"), unit(f"s{k}y", "Y y y")))
        else:
            kids.append(unit(f"l{k}", "Leaf " + "w" * k))
    return org_of(unit("boss", "Boss", *kids))


def helper(title: str) -> dict[str, Any]:
    return {"title": title, "kind": "assistant"}


def assistants() -> og.Org:
    """Assistants beside their head: a top unit, a unit in a row, a leaf in a stack."""
    leaves = [unit(f"l{k}", f"Leaf {k}") for k in range(5)]
    for k in (0, 3):
        leaves[k].update(head={"title": "Lead"}, staff=[helper(f"Helper {k}")])
    head = {"title": "Head"}
    mid = unit("mid", "Middle", *leaves, head=head, staff=[helper("Aide"), helper("Second aide")])
    other = unit("other", "Other", unit("o1", "One"))
    return org_of(
        unit("boss", "Boss", mid, other, head=head, staff=[helper("Executive assistant")])
    )


def left_helper() -> og.Org:
    """A stack whose left column's leaf has a wide assistant, on its left (the bus is on
    its right), and a right column of narrow leaves: the assistant widens the chart on
    the left only."""
    leaves = [unit(f"l{k}", "L" if k >= 2 else f"Leaf number {k}") for k in range(4)]
    leaves[0].update(head={"title": "Lead"}, staff=[helper("Assistant to the lead " * 2)])
    return org_of(unit("top", "T", *leaves))


def forest() -> og.Org:
    return org_of(
        unit("a", "Alpha", *(unit(f"a{k}", f"A {k}") for k in range(5))),
        unit("b", "Beta"),
        unit("c", "Gamma with a long name", unit("c1", "C one", unit("c11", "C one one"))),
        unit("d", "Delta", unit("d1", "D1"), unit("d2", "D2")),
    )


def board() -> og.Org:
    seats = {"title": "Director", "counts": False}
    return org_of(
        unit(
            "board",
            "Board",
            unit("ceo", "CEO", unit("x", "X"), unit("y", "Y")),
            unit("audit", "Audit"),
            head={"title": "Chair", "counts": False},
            staff=[
                {**seats, "kind": "assistant"},
                {**seats, "kind": "assistant"},
                {"title": "Secretary", "counts": False, "kind": "assistant"},
            ],
        )
    )


def tall_levels() -> og.Org:
    """Boxes with more lines (head title, holders, figures) next to one-line boxes."""
    return og.loads(
        """
people:
  - {id: p1, name: Ann Lee}
  - {id: p2, name: Bo Chen}
units:
  - id: top
    name: Top
    head: {title: Chief of everything, holders: [p1], seats: 1}
    units:
      - {id: a, name: A, head: {title: Head of A, holders: [p2]}, units: [{id: a1, name: A1}, {id: a2, name: A2}]}
      - {id: b, name: B}
      - {id: c, name: C, head: {title: Head of C, holders: []}, units: [{id: c1, name: C1, head: {title: Lead}}]}
"""
    )


def xingchen() -> og.Org:
    return og.datasets.load("xingchen")


def random_org(seed: int) -> tuple[og.Org, int | None]:
    """A random tree of 5-60 units (names of random widths, some assistants) and a depth."""
    rng = random.Random(seed)
    n = rng.randint(5, 60)
    nodes: list[dict[str, Any]] = [unit("u0", "Root")]
    for k in range(1, n):
        # bias towards recent nodes: deep and bushy trees both occur
        p = (
            nodes[max(0, k - 1 - int(rng.expovariate(0.3)))]
            if rng.random() < 0.6
            else rng.choice(nodes)
        )
        u = unit(f"u{k}", "N" * rng.randint(1, 30))
        if rng.random() < 0.08:
            u["head"] = {"title": "Head"}
            u["staff"] = [helper("Aide " * rng.randint(1, 4))]
        p.setdefault("units", []).append(u)
        nodes.append(u)
    depth = rng.choice([None, None, 1, 2, 3])
    return og.from_dict({"units": [nodes[0]]}), depth


CASES: dict[str, tuple[Callable[[], og.Org], int | None]] = {
    "folded wide row": (wide_row, None),
    "leaves beside sub-charts": (leaves_beside, None),
    "assistants": (assistants, None),
    "an assistant left of a stacked leaf": (left_helper, None),
    "four roots": (quiet(forest), None),
    "a board apart": (board, None),
    "levels of different heights": (quiet(tall_levels), None),
    "seed at depth 1": (lambda: og.datasets.load("ecommerce"), 1),
    "seed expanded": (lambda: og.datasets.load("ecommerce"), None),
    "xingchen expanded": (quiet(xingchen), None),
    "xingchen at depth 2": (quiet(xingchen), 2),
}


def compare(opened: Any, org: og.Org, depth: int | None, lang: str | None = None) -> None:
    """The explorer's boxes against the tidy engine's for the same boxes."""
    got = opened.js(READ)
    view = make_view(org, None, depth)
    shown = view.shown
    assert sorted(got) == sorted(shown)
    side = {
        i: [ExtraBox("assistant", f"{u}#{k}", b[2], b[3]) for k, b in enumerate(got[u][1])]
        for i, u in enumerate(shown)
        if got[u][1]
    }
    apart = frozenset(i for i, p in enumerate(view.parents) if p < 0 and is_board(org, shown[i]))
    lay = tree_layout(
        org,
        view=view,
        box_size=lambda u: (got[u][0][2], got[u][0][3]),
        h_gap=22.0,
        v_gap=46.0,
        fold_width=2400.0,
        extras=Extras(side, {}, apart),
    )
    first = lay.units[0]
    dx, dy = got[first][0][0] - lay.box(first).x, got[first][0][1] - lay.box(first).y
    bad = []
    for u, b in lay.boxes():
        x, y, w, h = got[u][0]
        if (x - dx, y - dy, w, h) != pytest.approx((b.x, b.y, b.w, b.h), abs=0.5):
            bad.append((u, (x - dx, y - dy, w, h), tuple(b)))
    extra = sorted((e.owner, e.x, e.y, e.w, e.h) for e in lay.extra)
    mine = sorted(
        (u, x - dx, y - dy, w, h) for u, (_, boxes) in got.items() for x, y, w, h in boxes
    )
    assert len(extra) == len(mine)
    for a, b in zip(mine, extra, strict=True):
        if a[0] != b[0] or a[1:] != pytest.approx(b[1:], abs=0.5):
            bad.append((a, b))
    assert not bad, bad[:5]


@pytest.mark.parametrize("name", list(CASES))
def test_positions_are_the_tidy_engines(open_page: Any, name: str) -> None:  # noqa: F811
    make, depth = CASES[name]
    org = make()
    lang = "en" if "xingchen" in name else None
    o = open_page(explorer_html(org, depth=99 if depth is None else depth, lang=lang))
    compare(o, org, depth)
    o.clean()


@pytest.mark.parametrize("seed", range(20))
def test_random_trees(open_page: Any, seed: int) -> None:  # noqa: F811
    org, depth = random_org(seed)
    o = open_page(explorer_html(org, depth=99 if depth is None else depth))
    compare(o, org, depth)
    o.clean()


# -- overlays routed around the boxes --------------------------------------------------

# Every overlay's points, and every box drawn (units, assistants, paging boxes), in chart
# coordinates.
ROUTES = """(() => {
  const boxes = [];
  const add = (el, g) => {
    const t = g.transform.baseVal.consolidate().matrix, b = el.getBBox();
    boxes.push([t.e + b.x, t.f + b.y, t.e + b.x + b.width, t.f + b.y + b.height, g.dataset.id || '']);
  };
  for (const g of document.querySelectorAll('g.og-unit')) {
    add(g.querySelector('rect.og-box'), g);
    for (const a of g.querySelectorAll('.og-assistant rect')) add(a, g);
  }
  for (const g of document.querySelectorAll('g.og-more')) add(g.querySelector('rect'), g);
  const links = [...document.querySelectorAll('path.og-link')].map(p => p.getAttribute('d'));
  const labels = [...document.querySelectorAll('text.og-link-label')].map(t => t.textContent);
  return [boxes, links, labels];
})()"""


def crossings(boxes: list[list[Any]], links: list[str]) -> list[tuple[str, Any]]:
    """The overlay segments that are not horizontal or vertical or pass through the
    inside of a box (ends on a box's edge are fine)."""
    bad: list[tuple[str, Any]] = []
    for d in links:
        pts = [tuple(map(float, p.split(","))) for p in re.split("[ML]", d) if p]
        for (x1, y1), (x2, y2) in itertools.pairwise(pts):
            if abs(x1 - x2) > 0.01 and abs(y1 - y2) > 0.01:
                bad.append(("diagonal", (x1, y1, x2, y2)))
            lx, hx, ly, hy = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
            for bx1, by1, bx2, by2, uid in boxes:
                if hx > bx1 + 0.5 and lx < bx2 - 0.5 and hy > by1 + 0.5 and ly < by2 - 0.5:
                    bad.append((uid, (x1, y1, x2, y2)))
    return bad


@pytest.mark.parametrize("name", ["seed", "xingchen", "seed at depth 1"])
def test_overlays_go_around_the_boxes(open_page: Any, name: str) -> None:  # noqa: F811
    """Dotted lines and collaborations run orthogonally between boxes, through none,
    with their relation written beside them; at depth 1 they join the nearest shown
    boxes."""
    org = quiet(xingchen)() if name == "xingchen" else og.datasets.load("ecommerce")
    depth = 1 if "depth" in name else 99
    o = open_page(explorer_html(org, depth=depth, lang="en"))
    if depth == 99:
        o.js("orggraph.expandAll()")
    boxes, links, labels = o.js(ROUTES)
    assert links
    assert not crossings(boxes, links)
    assert labels or name == "seed at depth 1"
    shots = os.environ.get("ORGGRAPH_SCREENS")  # a folder to take screenshots into
    if name == "seed" and shots:
        shots = Path(shots)
        shots.mkdir(parents=True, exist_ok=True)
        o.page.set_viewport_size({"width": 1800, "height": 1100})
        o.js("orggraph.fit()")
        o.page.screenshot(path=str(shots / "seed-overlays.png"))
        o.js("orggraph.zoom(2.5)")
        o.page.screenshot(path=str(shots / "seed-overlays-zoom.png"))
    o.clean()


def big_org(n: int, links: int, seed: int = 7) -> og.Org:
    """*n* units (spans of 1-8, names of random widths) and *links* dotted lines between
    random pairs."""
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = [unit("u0", "Root")]
    for k in range(1, n):
        p = nodes[(k - 1) // rng.randint(1, 8) if k > 8 else 0]
        u = unit(f"u{k}", "Unit " + "x" * rng.randint(1, 20))
        p.setdefault("units", []).append(u)
        nodes.append(u)
    pairs = [rng.sample(range(n), 2) for _ in range(links)]
    return og.from_dict(
        {
            "units": [nodes[0]],
            "links": [{"kind": "dotted", "from": f"u{a}", "to": f"u{b}"} for a, b in pairs],
        }
    )


def test_routing_cost_at_2000_boxes(open_page: Any) -> None:  # noqa: F811
    """2,000 boxes laid out with 100 dotted lines: every route misses every box; the time
    routing takes (drawing the overlays on a fresh layout, all of it in view, minus drawing
    them again, routes cached). Zoomed in on a big chart, only the lines whose ends' span
    meets the view are routed."""
    org = big_org(2000, 100)
    o = open_page(explorer_html(org, depth=99, links=()))
    assert len(o.js("orggraph.visible()")) == 2000
    o.js("orggraph.overlayLimit(1000)")  # every line drawn, not only a selected unit's
    timing = """(() => {
      const t0 = performance.now();
      orggraph.expandAll();
      orggraph.fit();  // all of it in view: every line is routed
      const t1 = performance.now();
      orggraph.overlay('dotted', true);  // routes the 100 lines
      const t2 = performance.now();
      orggraph.overlay('dotted', false);
      orggraph.overlay('dotted', true);  // routes cached: drawing only
      const t3 = performance.now();
      return [t1 - t0, t2 - t1, t3 - t2];
    })()"""
    layout_ms, routed_ms, cached_ms = o.js(timing)
    print(
        f"layout+draw {layout_ms:.0f} ms, routing 100 lines {routed_ms:.0f} ms, cached {cached_ms:.0f} ms"
    )
    o.js("orggraph.fit()")
    boxes, links, _ = o.js(ROUTES)
    assert len(links) >= 95
    assert not crossings(boxes, links)
    assert routed_ms < 5000
    o.clean()


# -- fitting to the window ---------------------------------------------------------------

# The left and right x on screen of everything drawn (units' boxes and their assistants').
DRAWN_X = """(() => {
  const rs = [...document.querySelectorAll('rect.og-box, .og-assistant rect')]
    .map(r => r.getBoundingClientRect());
  const svg = document.querySelector('svg').getBoundingClientRect();
  return [Math.min(...rs.map(r => r.left)) - svg.left, svg.right - Math.max(...rs.map(r => r.right))];
})()"""


def test_fit_counts_assistants_where_they_were_laid_out(open_page: Any) -> None:  # noqa: F811
    """Fit centres what is drawn, assistants on the left included: as much room on the
    left of the chart as on its right."""
    o = open_page(explorer_html(left_helper(), depth=99))
    o.js("orggraph.fit()")
    left, right = o.js(DRAWN_X)
    assert left > 0 and right > 0
    assert left == pytest.approx(right, abs=1.0)
    o.clean()
