"""The explorer's overlays (dotted lines, collaborations) stay readable: their routes keep
off the reporting lines (they cross them, never run beside them), and beyond a threshold
of lines in view only the selected, focused or hovered unit's are drawn, with a note over
the chart saying so; below it every line is drawn.

In a real browser (Debian's Chromium driven by Playwright, as tests/test_explorer_browser.py)."""

from __future__ import annotations

import itertools
import re
import warnings
from typing import Any

import pytest
from test_explorer_browser import browser, open_page  # noqa: F401 (fixtures)
from test_explorer_layout import ROUTES, crossings

import orggraph as og
from orggraph.render.explorer import explorer_html

pytestmark = pytest.mark.browser

# The reporting lines drawn (the tree's paths, the assistants' links moved by their unit's
# translation) and the overlays' paths, all in chart coordinates.
LINES = """(() => {
  const rep = [...document.querySelectorAll('path.og-edges')].map(p => p.getAttribute('d'));
  for (const g of document.querySelectorAll('g.og-unit[data-id]')) {
    const t = g.transform.baseVal.consolidate().matrix;
    for (const p of g.querySelectorAll('.og-assistant path')) {
      rep.push(p.getAttribute('d').replace(/(-?[\\d.e+-]+),(-?[\\d.e+-]+)/g,
        (_, x, y) => (Number(x) + t.e) + ',' + (Number(y) + t.f)));
    }
  }
  const links = [...document.querySelectorAll('path.og-link')].map(p => p.getAttribute('d'));
  return [rep, links];
})()"""

NEAR = 4  # px: a run closer than this to a reporting line, beside it, is "along" it
RUN = 6  # px: more of it than this is a fault


def segments(d: str) -> list[tuple[float, float, float, float]]:
    """The straight pieces of a path of M and L commands."""
    out = []
    for sub in d.split("M"):
        pts = [tuple(map(float, p.split(","))) for p in re.split("L", sub) if p.strip()]
        out.extend((x1, y1, x2, y2) for (x1, y1), (x2, y2) in itertools.pairwise(pts))
    return out


def along(reporting: list[str], links: list[str]) -> list[tuple[Any, float]]:
    """The overlay segments that run beside a reporting line (parallel, closer than NEAR)
    for more than RUN px in all, with how far."""
    rep = [s for d in reporting for s in segments(d)]
    bad = []
    for d in links:
        for x1, y1, x2, y2 in segments(d):
            flat = abs(y1 - y2) < 0.01
            lo, hi = (min(x1, x2), max(x1, x2)) if flat else (min(y1, y2), max(y1, y2))
            run = 0.0
            for a1, b1, a2, b2 in rep:
                if flat and abs(b1 - b2) < 0.01 and abs(b1 - y1) < NEAR:
                    run += max(0.0, min(hi, max(a1, a2)) - max(lo, min(a1, a2)))
                elif not flat and abs(a1 - a2) < 0.01 and abs(a1 - x1) < NEAR:
                    run += max(0.0, min(hi, max(b1, b2)) - max(lo, min(b1, b2)))
            if run > RUN:
                bad.append(((x1, y1, x2, y2), run))
    return bad


def sample(name: str) -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.datasets.load(name)


@pytest.mark.parametrize("name", ["ecommerce", "xingchen"])
def test_routes_keep_off_the_reporting_lines(open_page: Any, name: str) -> None:  # noqa: F811
    """Everything expanded, every overlay drawn: no overlay runs beside a reporting line
    (crossing one is fine) and none goes through a box."""
    o = open_page(explorer_html(sample(name), lang="en"))
    o.js("orggraph.expandAll(); orggraph.fit()")
    reporting, links = o.js(LINES)
    assert reporting and links
    assert not along(reporting, links)
    boxes, links2, _ = o.js(ROUTES)
    assert not crossings(boxes, links2)
    o.clean()


def fan(n_links: int) -> tuple[og.Org, list[tuple[str, str]]]:
    """A root over 4 departments of 6 teams (stacked), with *n_links* dotted lines between
    teams of different departments, and those pairs."""
    teams = [f"t{d}{k}" for d in range(4) for k in range(6)]
    units = [
        {
            "id": f"d{d}",
            "name": f"Department {d}",
            "units": [{"id": f"t{d}{k}", "name": f"Team {d}{k}"} for k in range(6)],
        }
        for d in range(4)
    ]
    pairs: list[tuple[str, str]] = []
    for a, b in itertools.product(teams, teams):
        if len(pairs) < n_links and a[1] < b[1] and a[2] == b[2]:
            pairs.append((a, b))
    for a, b in itertools.combinations(teams, 2):
        if len(pairs) < n_links and a[1] != b[1] and (a, b) not in pairs:
            pairs.append((a, b))
    org = og.from_dict(
        {
            "units": [{"id": "root", "name": "Root", "units": units}],
            "links": [{"kind": "dotted", "from": a, "to": b} for a, b in pairs],
        }
    )
    return org, pairs


NOTE = "(() => { const n = document.querySelector('.og-link-note'); return n && !n.hidden ? n.textContent : null; })()"


def test_many_lines_draw_only_the_selected_units(open_page: Any) -> None:  # noqa: F811
    """30 dotted lines in view (threshold 20): none drawn until a unit is selected, then
    exactly its own; the note says how many there are and whose are shown, in the page's
    language; the overlay toggle still hides them all; hovering a unit draws its own."""
    org, pairs = fan(30)
    o = open_page(explorer_html(org, depth=99, lang="en"))
    o.js("orggraph.expandAll(); orggraph.fit()")
    assert o.js("orggraph.overlaysDrawn()") == []
    assert o.js("document.querySelectorAll('path.og-link').length") == 0
    assert o.js(NOTE) == "30 dotted lines: select a unit to see its own"
    o.js("orggraph.select('t00')")
    mine = {(a, b) for a, b in pairs if "t00" in (a, b)}
    drawn = {(x[1], x[2]) for x in o.js("orggraph.overlaysDrawn()")}
    assert drawn == mine and len(mine) >= 2
    assert o.js("document.querySelectorAll('path.og-link').length") == len(mine)
    assert o.js(NOTE) == f"30 dotted lines: {len(mine)} of Team 00 shown"
    o.js("orggraph.overlay('dotted', false)")
    assert o.js("orggraph.overlaysDrawn()") == [] and o.js(NOTE) is None
    o.js("orggraph.overlay('dotted', true)")
    assert {(x[1], x[2]) for x in o.js("orggraph.overlaysDrawn()")} == mine
    # hovering another unit adds its lines to the selected one's
    o.js(
        "document.querySelector(\"g.og-unit[data-id='t31'] rect.og-box\")"
        ".dispatchEvent(new PointerEvent('pointerover', {bubbles: true}))"
    )
    theirs = {(a, b) for a, b in pairs if "t31" in (a, b)}
    assert {(x[1], x[2]) for x in o.js("orggraph.overlaysDrawn()")} == mine | theirs
    boxes, links, _ = o.js(ROUTES)
    assert not crossings(boxes, links)
    o.clean()


def test_many_lines_note_in_chinese(open_page: Any) -> None:  # noqa: F811
    """The note comes from the page's words: in Chinese on xingchen's Chinese page, its 7
    lines over a threshold lowered to 3 (orggraph.overlayLimit)."""
    o = open_page(explorer_html(sample("xingchen"), lang="zh"))
    o.js("orggraph.expandAll(); orggraph.fit(); orggraph.overlayLimit(3)")
    assert o.js(NOTE) == "7 条虚线汇报与协作: 选择一个单位以查看它的连线"
    assert o.js("orggraph.overlaysDrawn()") == []
    o.clean()


def test_few_lines_are_all_drawn(open_page: Any) -> None:  # noqa: F811
    """12 dotted lines in view, under the threshold: all drawn, no note; lifting the
    threshold (orggraph.overlayLimit) draws 30 too."""
    org, pairs = fan(12)
    o = open_page(explorer_html(org, depth=99, lang="en"))
    o.js("orggraph.expandAll(); orggraph.fit()")
    assert {(x[1], x[2]) for x in o.js("orggraph.overlaysDrawn()")} == set(pairs)
    assert o.js(NOTE) is None
    o.clean()
    org, pairs = fan(30)
    o = open_page(explorer_html(org, depth=99, lang="en"))
    o.js("orggraph.expandAll(); orggraph.fit(); orggraph.overlayLimit(100)")
    assert len(o.js("orggraph.overlaysDrawn()")) == 30
    assert o.js(NOTE) is None
    o.clean()
