"""The explorer in a real browser: Debian's Chromium driven by Playwright (skipped, with
the reason, where either is missing; scripts/setup.sh installs both).

Each page is opened from a file:// URL with a log of its requests, console messages,
script errors, dialogs and Content-Security-Policy violations."""

from __future__ import annotations

import base64
import io
import re
import shutil
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import orggraph as og
from orggraph.render.explorer import explorer_html

pytestmark = pytest.mark.browser

EVIL = ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>")
# Playwright adds this before the page's own scripts; the page's policy does not apply.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class Opened:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def clean(self) -> None:
        """Nothing fetched but the file, no console error, no script error, no CSP
        violation, no dialog."""
        assert self.requests == [self.url.split("#")[0]], self.requests
        assert not [c for c in self.console if c.startswith(("error", "warning"))], self.console
        assert not self.errors and not self.dialogs
        assert self.js("window.__csp") == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def open_page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    contexts = []

    def open_(page_html: str, hash: str = "", name: str = "org.html") -> Opened:
        path = tmp_path / name
        path.write_text(page_html, encoding="utf-8")
        ctx = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        contexts.append(ctx)
        page = ctx.new_page()
        page.add_init_script(WATCH_CSP)
        opened = Opened(page, path.as_uri() + hash)
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on("console", lambda m: opened.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))

        def dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(opened.url)
        page.wait_for_function("window.orggraph !== undefined")
        return opened

    yield open_
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def seed_html() -> str:
    return explorer_html(og.datasets.load("ecommerce"))


@pytest.fixture(scope="module")
def xingchen_html() -> str:
    with pytest.warns(og.OrgWarning):
        org = og.datasets.load("xingchen")
    return explorer_html(org, lang="en")


def drawn(o: Opened) -> list[str]:
    ids: list[str] = o.js(
        "[...document.querySelectorAll('g.og-unit[data-id]')].map(g => g.dataset.id)"
    )
    return ids


# -- loading -----------------------------------------------------------------------------


def test_seed_loads_offline_and_clean(open_page: Any, seed_html: str) -> None:
    o = open_page(seed_html)
    visible = o.js("orggraph.visible()")
    assert visible[0] == "ceo" and "coo" in visible and len(visible) < 44
    assert sorted(drawn(o)) == sorted(visible)  # every drawn unit a <g data-id>
    text = o.js("document.querySelector('g.og-unit[data-id=ceo]').textContent")
    assert "总经理室" in text and "≥" in text  # the first language; unknown figures marked
    o.clean()


def test_xingchen_loads_clean_with_people_and_assistants(
    open_page: Any, xingchen_html: str
) -> None:
    o = open_page(xingchen_html)
    o.js("orggraph.expandAll()")
    ceo = o.js("document.querySelector('g.og-unit[data-id=ceo_office]').textContent")
    assert "Wang Fang" in ceo  # the head's holder
    assert (
        o.js("document.querySelectorAll('g.og-unit[data-id=ceo_office] .og-assistant').length") == 1
    )
    assert "Vacant" in o.js("document.querySelector('g.og-unit[data-id=sales_south]').textContent")
    assert len(o.js("orggraph.visible()")) == 38
    assert o.js("document.querySelectorAll('.og-links path').length") > 0  # overlays
    o.js("orggraph.overlay('dotted', false); orggraph.overlay('collaboration', false)")
    assert o.js("document.querySelectorAll('.og-links path').length") == 0
    o.clean()


# -- expanding, searching, selecting ---------------------------------------------------------


def test_expand_and_collapse(open_page: Any, seed_html: str) -> None:
    o = open_page(seed_html)
    org = og.datasets.load("ecommerce")
    kids = org.children("customer_service")
    before = o.js("orggraph.visible()")
    assert "customer_service" in before and not set(kids) & set(before)
    o.js("orggraph.expand('customer_service')")
    after = o.js("orggraph.visible()")
    assert set(kids) <= set(after)
    assert set(org.children("customer_service")) <= set(drawn(o))
    o.js("orggraph.collapse('customer_service')")
    assert o.js("orggraph.visible()") == before
    o.js("orggraph.expandAll()")
    assert len(o.js("orggraph.visible()")) == 44
    o.js("orggraph.collapseAll()")
    assert o.js("orggraph.visible()") == ["ceo"]
    # the toggle under a box expands it too
    o.page.click("g.og-unit[data-id=ceo] .og-toggle")
    assert "coo" in o.js("orggraph.visible()")
    o.clean()


def test_search_reveals_the_path(open_page: Any, seed_html: str) -> None:
    o = open_page(seed_html)
    org = og.datasets.load("ecommerce")
    deep = max(org.units(), key=org.depth)
    name_en = org.name(deep, lang="en")
    assert deep not in o.js("orggraph.visible()")
    assert deep in o.js("orggraph.search(arguments[0])".replace("arguments[0]", repr(name_en)))
    assert o.js("orggraph.search('客服')")[0] == "customer_service"  # any language
    assert o.js("orggraph.search('')") == []
    o.page.press(".og-chart", "/")  # "/" goes to the search box
    assert o.js("document.activeElement.type") == "search"
    o.page.keyboard.type(name_en)
    o.page.wait_for_selector(".og-hits li[role=option]")
    o.page.keyboard.press("Enter")
    visible = o.js("orggraph.visible()")
    assert all(u in visible for u in org.chain(deep))  # the whole path is open
    assert o.js(f"document.querySelector('g.og-unit[data-id={deep}]').classList.contains('og-hit')")
    o.clean()


def test_focus_centres_and_select_opens_details(open_page: Any, seed_html: str) -> None:
    o = open_page(seed_html)
    o.js("window.seen = []; orggraph.on('select', (d) => window.seen.push(d.id))")
    o.js("orggraph.focus('fin_cashier')")
    box = o.page.locator("g.og-unit[data-id=fin_cashier] rect.og-box").bounding_box()
    chart = o.page.locator(".og-chart").bounding_box()
    assert abs(box["x"] + box["width"] / 2 - (chart["x"] + chart["width"] / 2)) < 30
    o.js("orggraph.select('customer_service')")
    panel = o.page.locator(".og-details")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "客服部" in text and "Customer Service" in text  # names in each language
    assert "≥" in text  # figures with unknown parts marked
    assert (
        o.js("window.seen") == ["customer_service"]
        and o.js("orggraph.selected()") == "customer_service"
    )
    assert o.js("location.hash") == "#unit=customer_service"
    o.js("orggraph.fit()")
    o.page.click("g.og-unit[data-id=coo]")  # a click selects too
    assert o.js("orggraph.selected()") == "coo"
    o.clean()


def test_language_switch(open_page: Any, seed_html: str) -> None:
    o = open_page(seed_html)
    assert o.js("orggraph.languages()") == ["zh", "en"]
    o.page.select_option("select[data-action=language]", label="en")
    assert "CEO office" in o.js("document.querySelector('g.og-unit[data-id=ceo]').textContent")
    assert o.js("document.querySelector('input[type=search]').placeholder").startswith("Search")
    o.js("orggraph.setLanguage('zh')")
    assert "总经理室" in o.js("document.querySelector('g.og-unit[data-id=ceo]').textContent")
    o.clean()


def test_keyboard(open_page: Any, seed_html: str) -> None:
    o = open_page(seed_html)
    o.page.focus(".og-chart")
    assert o.js("document.querySelector('.og-chart').getAttribute('role')") == "tree"
    o.page.keyboard.press("Home")
    active = "document.querySelector('.og-chart').getAttribute('aria-activedescendant')"
    unit_of = f"document.getElementById({active}).dataset.id"
    assert o.js(unit_of) == "ceo"
    o.page.keyboard.press("ArrowDown")
    assert o.js(unit_of) == "coo"
    o.page.keyboard.press("ArrowRight")
    assert o.js(unit_of) == "technology"
    o.page.keyboard.press("Enter")  # collapse (technology starts open)
    assert "tech_web_dev" not in o.js("orggraph.visible()")
    o.page.keyboard.press("Enter")
    assert "tech_web_dev" in o.js("orggraph.visible()")
    o.page.keyboard.press(" ")
    assert o.js("orggraph.selected()") == "technology"
    o.page.keyboard.press("ArrowUp")
    assert o.js(unit_of) == "ceo"
    assert (
        o.js("document.querySelector('g.og-unit[data-id=ceo]').getAttribute('aria-level')") == "1"
    )
    o.clean()


def test_url_hash_opens_there(open_page: Any, seed_html: str) -> None:
    o = open_page(seed_html, hash="#unit=mkt_roi")
    assert o.js("orggraph.selected()") == "mkt_roi"
    assert "mkt_roi" in o.js("orggraph.visible()")
    assert o.page.locator(".og-details").is_visible()
    o.clean()


def test_export_svg_and_png(open_page: Any, seed_html: str) -> None:
    o = open_page(seed_html)
    svg = o.js("orggraph.exportSVG()")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = "".join(root.itertext())
    assert "总经理室" in texts  # text stays text
    ids = [g.get("data-id") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-id")]
    assert sorted(ids) == sorted(o.js("orggraph.visible()"))
    url = o.page.evaluate("orggraph.exportPNG(2)")
    data = base64.b64decode(url.split(",", 1)[1])
    assert data.startswith(b"\x89PNG")
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        width = int(root.get("width"))
        assert img.size[0] == 2 * width  # the resolution asked for
    with o.page.expect_download() as info:
        o.page.click("button[data-action=exportSvg]")
    assert info.value.suggested_filename.endswith(".svg")
    o.clean()


def test_wide_spans_page(open_page: Any) -> None:
    org = og.from_dict(
        {
            "units": [
                {
                    "id": "top",
                    "name": "Top",
                    "units": [{"id": f"t{k}", "name": f"Team {k}"} for k in range(130)],
                }
            ]
        }
    )
    o = open_page(explorer_html(org, depth=1))
    assert len(o.js("orggraph.visible()")) == 51  # one page of 50 and the top
    more = o.page.locator("g.og-more")
    assert "50" in more.get_attribute("aria-label") and "80" in more.get_attribute("aria-label")
    more.click()
    assert len(o.js("orggraph.visible()")) == 101
    o.js("orggraph.focus('t129')")  # focus pages to the unit
    assert "t129" in o.js("orggraph.visible()")
    o.clean()


# -- safety ------------------------------------------------------------------------------


def test_injection_shows_literally(open_page: Any) -> None:
    org = og.from_dict(
        {
            "org": EVIL[1],
            "units": [
                {
                    "id": "top",
                    "name": EVIL[0],
                    "head": {"title": EVIL[1], "holders": [EVIL[0]]},
                    "units": [{"id": "a", "name": EVIL[1]}],
                }
            ],
        }
    )
    o = open_page(explorer_html(org))
    o.page.wait_for_timeout(200)
    top = o.js("document.querySelector('g.og-unit[data-id=top]').textContent")
    assert EVIL[0] in top and EVIL[1] in top
    assert EVIL[1] in o.js("document.querySelector('g.og-unit[data-id=a]').textContent")
    o.js("orggraph.select('top')")
    o.js("orggraph.search('onerror')")
    o.page.fill("input[type=search]", "script")
    o.page.wait_for_selector(".og-hits li[role=option]")
    assert EVIL[0] in o.page.locator(".og-details").inner_text()
    assert o.js("document.querySelectorAll('img').length") == 0
    assert o.js("document.querySelectorAll('script').length") == 2
    assert EVIL[1] in o.js("document.querySelector('h1').textContent")
    o.clean()


# -- notebooks ---------------------------------------------------------------------------


def test_notebook_iframe_renders(browser: Any) -> None:
    page_obj = og.datasets.load("ecommerce").explore(depth=1)
    ctx = browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.set_content(f"<!DOCTYPE html><body>{page_obj._repr_html_()}</body>")
        frame = page.frame_locator("iframe")
        frame.locator("g.og-unit[data-id=ceo]").wait_for()
        inner = page.frames[1]
        assert inner.evaluate("orggraph.visible()")[:2] == ["ceo", "coo"]
        inner.evaluate("orggraph.select('coo')")  # the hash cannot be set in srcdoc: no error
        assert not errors
    finally:
        ctx.close()


def test_notebook_output_from_nbclient_renders(browser: Any, tmp_path: Path) -> None:
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    code = "import orggraph as og\nog.datasets.load('ecommerce').explore(depth=1, lang='en')"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    (output,) = nb.cells[0].outputs
    markup = output["data"]["text/html"]
    assert markup.startswith("<iframe srcdoc=")
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.set_content(f"<!DOCTYPE html><body>{markup}</body>")
        page.frame_locator("iframe").locator("g.og-unit[data-id=ceo]").wait_for()
        assert "CEO office" in page.frames[1].evaluate(
            "document.querySelector('g.og-unit[data-id=ceo]').textContent"
        )
    finally:
        ctx.close()


def several_roots() -> og.Org:
    return og.from_dict(
        {
            "units": [
                {"id": "a", "name": "Alpha", "units": [{"id": "a1", "name": "A one"}]},
                {"id": "b", "name": "Beta"},
                {"id": "c", "name": "Gamma", "units": [{"id": "c1", "name": "C one"}]},
            ]
        }
    )


def test_several_roots_plain_names_no_posts(open_page: Any) -> None:
    with pytest.warns(og.OrgWarning, match="3 roots"):
        org = several_roots()
    o = open_page(explorer_html(org))
    assert o.js("orggraph.visible()") == ["a", "a1", "b", "c", "c1"]
    assert o.js("orggraph.languages()") == [""]
    o.page.focus(".og-chart")
    o.page.keyboard.press("Home")
    o.page.keyboard.press("ArrowRight")
    o.page.keyboard.press(" ")
    assert o.js("orggraph.selected()") == "b"
    assert o.js("orggraph.search('one')") == ["a1", "c1"]
    boxes = o.page.locator("g.og-unit rect.og-box")
    rects = [boxes.nth(k).bounding_box() for k in range(boxes.count())]
    for k, r in enumerate(rects):  # no two boxes overlap
        for s in rects[k + 1 :]:
            assert (
                r["x"] + r["width"] <= s["x"]
                or s["x"] + s["width"] <= r["x"]
                or r["y"] + r["height"] <= s["y"]
                or s["y"] + s["height"] <= r["y"]
            )
    ET.fromstring(o.js("orggraph.exportSVG()"))
    o.clean()


def test_no_boxes_overlap_when_everything_is_open(open_page: Any, xingchen_html: str) -> None:
    o = open_page(xingchen_html)
    o.js("orggraph.expandAll()")
    rects = o.js(
        """[...document.querySelectorAll('g.og-unit')].map(g => {
             const r = g.querySelector('rect.og-box').getBBox();
             const t = g.transform.baseVal.consolidate().matrix;
             return [t.e + r.x, t.f + r.y, r.width, r.height, g.dataset.id];
           })"""
    )
    assert len(rects) == 38
    for k, (x, y, w, h, a) in enumerate(rects):
        for x2, y2, w2, h2, b in rects[k + 1 :]:
            apart = x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
            assert apart, (a, b)
    o.clean()


def test_two_explorers_on_one_page(open_page: Any, seed_html: str) -> None:
    """Each explorer is reachable from its root element; ids do not collide."""
    start = seed_html.index('<div class="orggraph-explorer"')
    end = seed_html.index("</div>", start) + len("</div>")
    other = explorer_html(several_roots_quiet(), depth=0)
    div2 = other[other.index('<div class="orggraph-explorer"') :]
    div2 = div2[: div2.index("</div>") + len("</div>")]
    page = seed_html[:end] + div2 + seed_html[end:]  # our script (and its hash) unchanged
    o = open_page(page)
    roots = "[...document.querySelectorAll('.orggraph-explorer')]"
    assert o.js(f"{roots}.map(r => r.orggraph.visible()[0])") == ["ceo", "a"]
    assert o.js(f"{roots}[0].orggraph === window.orggraph")
    o.js(f"{roots}[1].orggraph.expandAll()")
    ids = o.js("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))
    o.clean()


def several_roots_quiet() -> og.Org:
    with pytest.warns(og.OrgWarning):
        return several_roots()


# -- the same words as the static charts -------------------------------------------------------


def static_figures(org: og.Org, lang: str) -> dict[str, str]:
    """Each unit's figures line as the static charts write it (labels.unit_box with the
    parts a chart keeps: labels.figure_table)."""
    from orggraph.render.labels import figure_table, unit_box
    from orggraph.render.options import FIGURES

    table, parts = figure_table(org, FIGURES)
    return {
        u: unit_box(
            org,
            u,
            lang=lang,
            seats=table[u]["seats"],
            budget=table[u]["budget"],
            vacancies=table[u]["vacancies"] if "open" in parts else None,
            parts=parts,
        ).figures
        for u in org.units()
    }


YEARLY = {
    "currency": "CNY",
    "salary_period": "year",
    "lang": ["en", "zh"],
    "units": [
        {
            "id": "a",
            "name": "A",
            "head": {"title": "Boss", "salary": 120000},
            "units": [
                {"id": "b", "name": "B", "staff": [{"title": "X", "seats": None}]},
                {"id": "c", "name": "C"},
            ],
        }
    ],
}


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("ecommerce", "zh"),
        ("ecommerce", "en"),
        ("xingchen", "en"),
        ("xingchen", "zh"),
        ("yearly", "en"),
        ("yearly", "zh"),
    ],
)
def test_box_figures_say_what_the_static_charts_say(open_page: Any, name: str, lang: str) -> None:
    """Every drawn box's figures (seats, open seats, money with currency and period,
    ``?`` and ``≥``, rows broken where they break) read as the static charts write them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        org = og.from_dict(YEARLY) if name == "yearly" else og.datasets.load(name)
    o = open_page(explorer_html(org, lang=lang))
    o.js("orggraph.expandAll()")
    shown = o.js(
        """Object.fromEntries([...document.querySelectorAll('g.og-unit[data-id]')].map(g =>
             [g.dataset.id, [...g.querySelectorAll(':scope > .og-figures text')]
               .map(t => t.textContent).join('\\n')]))"""
    )
    want = static_figures(org, lang)
    assert len(shown) == len(want)
    assert shown == {u: want[u] for u in shown}
    said = "".join(want.values())
    if name == "xingchen":  # open seats, rows broken as the static charts break them
        assert "\n" in said and ("open" in said or "空缺" in said)
    else:  # unknown parts marked, nothing known a "?", never "≥ 0"
        assert "≥" in said and ("?" in said or name == "ecommerce") and "≥ 0" not in said
    o.clean()


# -- the same positions as the tidy engine -----------------------------------------------------


def twelve_leaves() -> og.Org:
    leaves = [{"id": f"l{k}", "name": f"Leaf {k}"} for k in range(12)]
    return og.from_dict({"units": [{"id": "boss", "name": "Boss", "units": leaves}]})


LAYOUTS = {  # name -> (organisation, depth): shared by the explorer and the tidy engine
    "seed at depth 2": (lambda: og.datasets.load("ecommerce"), 2),
    "a 3-root forest": (several_roots_quiet, None),
    "12 stacked leaves": (twelve_leaves, None),
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_positions_are_the_tidy_engines(open_page: Any, name: str) -> None:
    """The explorer's boxes (read from the DOM) sit where the tidy engine puts boxes of
    the same sizes (h_gap and v_gap the explorer's GAP_X, GAP_Y; no folding), up to a
    translation: the same order, the same stacks of leaves, the same gaps."""
    from orggraph.render.tidy.layout import tree_layout

    make, depth = LAYOUTS[name]
    org = make()
    o = open_page(explorer_html(org, depth=99 if depth is None else depth))
    boxes = o.js(
        """Object.fromEntries([...document.querySelectorAll('g.og-unit[data-id]')].map(g => {
             const r = g.querySelector('rect.og-box').getBBox();
             const t = g.transform.baseVal.consolidate().matrix;
             return [g.dataset.id, [t.e + r.x, t.f + r.y, r.width, r.height]];
           }))"""
    )
    lay = tree_layout(
        org,
        depth=depth,
        box_size=lambda u: (boxes[u][2], boxes[u][3]),
        h_gap=22.0,
        v_gap=46.0,
        fold_width=None,
    )
    assert sorted(boxes) == sorted(lay.units)
    first = lay.units[0]
    dx, dy = boxes[first][0] - lay.box(first).x, boxes[first][1] - lay.box(first).y
    for u, b in lay.boxes():
        x, y, w, h = boxes[u]
        assert (x - dx, y - dy, w, h) == pytest.approx((b.x, b.y, b.w, b.h), abs=0.5), u
    o.clean()


# -- fitting after expand all, one open-seats figure --------------------------------------------


@pytest.mark.parametrize("name", ["seed", "xingchen"])
def test_expand_all_fits_with_the_root_in_view(
    open_page: Any, seed_html: str, xingchen_html: str, name: str
) -> None:
    """Expand all (the button, or the API) and collapse all fit what is drawn, the root
    on screen and its box legible (scale >= LEGIBLE, 0.6)."""
    o = open_page(seed_html if name == "seed" else xingchen_html)
    root = "ceo" if name == "seed" else "board"
    inside = f"""(() => {{
      const r = document.querySelector('g.og-unit[data-id={root}]').getBoundingClientRect();
      const v = document.querySelector('svg').getBoundingClientRect();
      const b = document.querySelector('g.og-unit[data-id={root}] rect.og-box');
      return [r.left >= v.left, r.right <= v.right, r.top >= v.top, r.bottom <= v.bottom,
              b.getBoundingClientRect().width / b.getBBox().width];
    }})()"""
    o.js("orggraph.zoom(3)")  # elsewhere first, so the fit is what brings the root back
    if name == "seed":
        o.page.click("button[data-action=expandAll]")
    else:
        o.js("orggraph.expandAll()")
    *ok, scale = o.js(inside)
    assert all(ok) and scale >= 0.6 - 1e-6, (ok, scale)
    assert len(drawn(o)) == len(o.js("orggraph.visible()"))
    o.page.click("button[data-action=collapseAll]")
    *ok, scale = o.js(inside)
    assert all(ok) and scale >= 0.6 - 1e-6, (ok, scale)
    o.clean()


def test_open_seats_said_once(open_page: Any, xingchen_html: str) -> None:
    """The figures line's "· N open" is not repeated by an "N vacant" badge."""
    texts = """[...document.querySelectorAll('g.og-unit')].map(g =>
      [[...g.querySelectorAll('.og-figures text')].map(t => t.textContent).join(' '),
       [...g.querySelectorAll(':scope > text')].map(t => t.textContent).join('|')])"""
    o = open_page(xingchen_html)
    o.js("orggraph.expandAll()")
    boxes = o.js(texts)
    assert any(" open" in f for f, _ in boxes)
    assert not [t for f, t in boxes if re.search(r"\d+ vacant", t)]
    o.clean()
    # without holders the figures do not count open seats: the badge says them
    with pytest.warns(og.OrgWarning):
        org = og.datasets.load("xingchen")
    o = open_page(explorer_html(org, lang="en", people=False))
    o.js("orggraph.expandAll()")
    boxes = o.js(texts)
    assert not any(" open" in f for f, _ in boxes)
    assert [t for f, t in boxes if re.search(r"\d+ vacant", t)]
    o.clean()
