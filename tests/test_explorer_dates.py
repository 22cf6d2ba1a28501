"""The explorer of a dated organisation (issue 15): a date control over its change days,
``orggraph.dates()`` / ``date()`` / ``setDate(iso)``, the day in the subtitle and in the
URL hash (``#date=2027-01-01&unit=x``), expansion and selection kept by id; the page
small (every day over the same rows, each other day a delta of what changed).

Browser tests use the Playwright fixtures of ``test_explorer_browser``; the seed's split
as one dated organisation comes from ``test_chart_dates``."""

# ruff: noqa: F811 - the browser fixtures, imported, are the tests' arguments
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from test_chart_dates import BEFORE, SPLIT_DAY, dated_split
from test_explorer_browser import Opened, browser, open_page  # noqa: F401 - fixtures

import orggraph as og
from orggraph.render.explorer import explorer_html
from orggraph.render.explorer.page import page_data

_SCRIPT = '<script type="application/json">'


def _data(page: str) -> dict[str, Any]:
    start = page.index(_SCRIPT) + len(_SCRIPT)
    found: dict[str, Any] = json.loads(page[start : page.index("</script>", start)])
    return found


@pytest.fixture(scope="module")
def split() -> og.Org:
    return dated_split()


@pytest.fixture(scope="module")
def split_html(split: og.Org) -> str:
    return explorer_html(split)


def big_dated(n: int = 2000, days: int = 12, per: int = 8, seed: int = 1) -> og.Org:
    """*n* units and *days* monthly change days, each closing, creating, renaming and
    moving about *per* units."""
    rnd = random.Random(seed)
    units: list[dict[str, Any]] = [{"id": "u0", "name": "Unit 0"}]
    for i in range(1, n):
        units.append(
            {
                "id": f"u{i}",
                "name": f"Unit {i}",
                "parent": f"u{rnd.randrange(i // 8 + 1)}",
                "head": {"title": rnd.choice(["Manager", "Lead"]), "seats": 1},
                "staff": [{"title": "Analyst", "seats": rnd.randint(1, 6)}],
            }
        )
    parents = {u["parent"] for u in units[1:]}
    leaves = [u for u in units[n // 2 :] if u["id"] not in parents]
    rnd.shuffle(leaves)
    for k in range(days):
        day = f"2027-{k + 1:02d}-01"
        for u in leaves[k * per : (k + 1) * per]:
            u["valid_to"] = day
        units += [
            {
                "id": f"n{k}_{j}",
                "name": f"New {k}.{j}",
                "parent": f"u{rnd.randrange(n // 4)}",
                "valid_from": day,
            }
            for j in range(per)
        ]
        for u in rnd.sample(units[n // 2 : n], per):
            if "valid_to" not in u:
                u.setdefault("renames", []).append(
                    {"name": f"{u['name']} ({k})", "valid_from": day}
                )
                u.setdefault("moves", []).append(
                    {"parent": f"u{rnd.randrange(n // 4)}", "valid_from": day}
                )
    return og.Org.from_dict({"org": "Big", "units": units}, as_of="2027-06-15")


# -- the page's data (no browser) ----------------------------------------------------------


def test_an_undated_page_has_no_dates() -> None:
    page = explorer_html(og.datasets.load("ecommerce"))
    assert "dt" not in _data(page)


def test_the_dated_page_lists_its_days_and_stays_small(split: og.Org, split_html: str) -> None:
    data = _data(split_html)
    dt = data["dt"]
    assert dt["d"] == [BEFORE, SPLIT_DAY] and dt["at"] == 0 and dt["x"][0] == 0
    assert dt["w"] == ["截至 {date}", "As of {date}"]
    # every day's units are rows; those of the split only are absent (-2) on the page's day
    assert set(data["id"]) == set(split.units()) | set(split.as_of(SPLIT_DAY).units())
    absent = {u for u, p in zip(data["id"], data["p"], strict=True) if p == -2}
    assert absent == set(split.as_of(SPLIT_DAY).units()) - set(split.units())
    # the other day is a delta: what changed, not the columns again
    assert set(dt["x"][1]) <= {"p", "f", "ln", "rs", "n", "po", "d", "al", "ty", "pe"}
    undated = explorer_html(og.datasets.load("ecommerce"))
    assert len(split_html.encode()) < len(undated.encode()) + 6_000 < 300_000


def test_the_widget_data_has_no_dates(split: og.Org) -> None:
    data, _ = page_data(
        split, lang=None, depth=None, root=None, links=(), people=True, theme="default"
    )
    assert "dt" not in data and -2 not in data["p"]


def test_a_larger_dated_page_adds_little() -> None:
    org = big_dated()
    page, plain = explorer_html(org), explorer_html(org.without_history())
    dt = json.dumps(_data(page)["dt"], separators=(",", ":"))
    assert len(_data(page)["dt"]["d"]) == 14  # and the state before the first change
    # 12 days of changes cost far less than 12 pages (each about the size of plain)
    assert len(dt) < 0.2 * len(plain) and len(page) < 1.3 * len(plain)


def test_a_sub_chart_has_the_days_its_root_exists(split: og.Org) -> None:
    dt = _data(explorer_html(split, root="procurement_logistics"))["dt"]
    assert dt["d"] == [BEFORE, SPLIT_DAY] and dt["x"] == [0, None]  # closed on the split


EVIL = """
org: "Evil \u202e Co"
units:
  - id: hq
    name: "HQ \u202egnp.exe"
    units:
      - {id: ops, name: "Ops \u2066x\u2069", valid_to: 2027-01-01}
      - id: eng
        name: "Eng \u202egnp.exe"
        valid_from: 2026-03-01
        description: "about \u202e"
        renames: [{name: "R&D \u202e\t new", valid_from: 2027-01-01}]
"""


def _strings(value: Any) -> Any:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_no_text_of_the_page_has_a_bidi_override() -> None:
    org = og.loads(EVIL, as_of=BEFORE)
    for lang in ("en", None):
        page = _data(explorer_html(org, lang=lang))
        texts = list(_strings(page))
        # what names.clean keeps: tab, newline and carriage return
        shady = [t for t in texts if not t.replace("\t", "").replace("\n", "").isprintable()]
        assert not shady and "R&D \t new" in texts  # the other day's name, cleaned


# -- in the browser ------------------------------------------------------------------------


def subtitle(o: Opened) -> str:
    text: str = o.js("document.querySelector('.og-bar h1').textContent")
    return text


@pytest.mark.browser
def test_the_date_control_switches_the_chart(
    open_page: Any, split: og.Org, split_html: str, tmp_path: Path
) -> None:
    o = open_page(split_html)
    assert o.js("orggraph.dates()") == [BEFORE, SPLIT_DAY]
    assert o.js("orggraph.date()") == BEFORE
    assert subtitle(o).endswith(f"截至 {BEFORE}")
    o.js("orggraph.expand('procurement_logistics')")
    before = o.js("orggraph.visible()")
    assert "procurement_logistics" in before
    o.page.screenshot(path=str(tmp_path / "before.png"))
    o.page.select_option("select[data-action=date]", label=SPLIT_DAY)
    after = o.js("orggraph.visible()")
    assert "procurement_logistics" not in after
    assert {"procurement", "warehousing_logistics"} <= set(after)
    assert o.js("orggraph.date()") == SPLIT_DAY and subtitle(o).endswith(f"截至 {SPLIT_DAY}")
    assert o.js("location.hash") == f"#date={SPLIT_DAY}"
    assert o.js("document.querySelector('.og-status').textContent").endswith("45 个单位")
    o.page.screenshot(path=str(tmp_path / "after.png"))
    o.js("orggraph.expandAll()")
    assert sorted(o.js("orggraph.visible()")) == sorted(split.as_of(SPLIT_DAY).units())
    o.js(f"orggraph.setDate('{BEFORE}')")
    # still expanded: the units of both days were, procurement_logistics before the split
    assert sorted(o.js("orggraph.visible()")) == sorted(split.units())
    assert o.js("document.querySelector('.og-status').textContent").endswith("44 个单位")
    o.clean()


@pytest.mark.browser
def test_the_day_moves_a_unit_and_renames_as_the_file_says(open_page: Any) -> None:
    from test_chart_dates import SMALL

    org = og.loads(SMALL, as_of=BEFORE)
    o = open_page(explorer_html(org, lang="en"))
    # the day before the first change (eng opens on 2026-03-01): the state before it
    assert o.js("orggraph.dates()") == ["2026-02-28", "2026-03-01", BEFORE, SPLIT_DAY]
    o.js("orggraph.expandAll()")
    o.js(f"orggraph.setDate('{SPLIT_DAY}')")
    text = o.js("document.querySelector('g.og-unit[data-id=eng]').textContent")
    assert "R&D" in text
    assert o.js("orggraph.visible()") == ["hq", "eng", "qa"]  # qa under eng, ops closed
    o.js("orggraph.setDate('2026-03-01')")
    assert o.js("orggraph.visible()") == ["hq", "ops", "eng", "qa"]
    o.clean()


@pytest.mark.browser
def test_selection_and_expansion_survive_where_the_unit_does(
    open_page: Any, split_html: str
) -> None:
    o = open_page(split_html)
    o.js("orggraph.expand('customer_service'); orggraph.select('customer_service')")
    o.js(f"orggraph.setDate('{SPLIT_DAY}')")
    assert o.js("orggraph.selected()") == "customer_service"
    assert o.js("location.hash") == f"#date={SPLIT_DAY}&unit=customer_service"
    kids = og.datasets.load("ecommerce").children("customer_service")
    assert set(kids) <= set(o.js("orggraph.visible()"))  # expanded still
    assert o.page.locator(".og-details").is_visible()
    o.js(f"orggraph.setDate('{BEFORE}'); orggraph.select('procurement_logistics')")
    o.js(f"orggraph.setDate('{SPLIT_DAY}')")
    assert o.js("orggraph.selected()") is None
    assert not o.page.locator(".og-details").is_visible()
    assert o.js("location.hash") == f"#date={SPLIT_DAY}"
    assert o.js("orggraph.search('采购及物流部')") == []  # closed: found by no search
    o.clean()


@pytest.mark.browser
def test_the_hash_opens_a_day_and_a_unit(open_page: Any, split_html: str) -> None:
    o = open_page(split_html, hash=f"#date={SPLIT_DAY}&unit=procurement")
    assert o.js("orggraph.date()") == SPLIT_DAY
    assert o.js("orggraph.selected()") == "procurement"
    assert o.js("document.querySelector('select[data-action=date]').value") == "1"
    o.js("location.hash = '#date=2026-07-01&unit=customer_service'")
    o.page.wait_for_function("orggraph.selected() === 'customer_service'")
    assert o.js("orggraph.date()") == "2026-07-01"  # any day: the one in force then
    assert "procurement_logistics" in o.js("orggraph.visible()")
    o.clean()


@pytest.mark.browser
def test_set_date_checks_its_day_and_export_carries_it(open_page: Any, split_html: str) -> None:
    o = open_page(split_html)
    for bad in ("2027-02-30", "2026-99-99", "2026-02-29", "soon", "2027-1-1"):
        with pytest.raises(Exception, match="not a date"):
            o.js(f"orggraph.setDate('{bad}')")
    assert o.js("orggraph.date()") == BEFORE
    o.js("orggraph.setDate('2028-02-29')")  # a leap day; any day after the split: the split's
    assert o.js("orggraph.date()") == "2028-02-29"
    assert o.js("document.querySelector('select[data-action=date]').value") == "1"
    o.js(f"orggraph.setDate('{SPLIT_DAY}')")
    assert f"截至 {SPLIT_DAY}" in o.js("orggraph.exportSVG()")
    o.js("orggraph.setLanguage('en')")
    assert subtitle(o).endswith(f"As of {SPLIT_DAY}")
    o.errors.clear()  # the refused days threw on purpose
    o.clean()


@pytest.mark.browser
def test_an_undated_page_has_no_date_control(open_page: Any) -> None:
    o = open_page(explorer_html(og.datasets.load("ecommerce")))
    assert o.js("orggraph.dates()") == [] and o.js("orggraph.date()") is None
    assert o.js("document.querySelector('select[data-action=date]').hidden")
    assert "截至" not in subtitle(o)
    o.js("orggraph.select('customer_service')")
    assert o.js("location.hash") == "#unit=customer_service"
    with pytest.raises(Exception, match="not dated"):
        o.js("orggraph.setDate('2027-01-01')")
    o.errors.clear()
    o.clean()


@pytest.mark.browser
def test_a_larger_dated_page_switches_days_quickly(open_page: Any) -> None:
    o = open_page(explorer_html(big_dated()))
    days = o.js("orggraph.dates()")
    took = o.js(
        "(() => { const t = performance.now(); for (const d of orggraph.dates()) orggraph.setDate(d);"
        " return performance.now() - t; })()"
    )
    assert len(days) == 14 and took / len(days) < 500
    o.clean()


@pytest.mark.browser
def test_a_sub_chart_refuses_the_days_its_root_does_not_exist(open_page: Any) -> None:
    from test_chart_dates import SMALL

    org = og.loads(SMALL, as_of=BEFORE)
    o = open_page(explorer_html(org, root="ops", lang="en"))
    assert o.js("orggraph.dates()") == ["2026-02-28", BEFORE]  # eng opening: elsewhere
    options = "[...document.querySelectorAll('select[data-action=date] option')]"
    assert o.js(f"{options}.map(o => o.textContent)") == o.js("orggraph.dates()")
    for day in ("2027-06-01", SPLIT_DAY):
        with pytest.raises(Exception, match='"ops" exists until 2027-01-01'):
            o.js(f"orggraph.setDate('{day}')")
    assert o.js("orggraph.date()") == BEFORE and o.js("orggraph.visible()") == ["ops"]
    o.errors.clear()
    o = open_page(explorer_html(org.as_of(SPLIT_DAY), root="eng", lang="en"))
    with pytest.raises(Exception, match='"eng" exists from 2026-03-01'):
        o.js("orggraph.setDate('2025-01-01')")
    o.errors.clear()
    o.clean()


@pytest.mark.browser
def test_the_page_shows_the_state_before_the_first_change(open_page: Any) -> None:
    o = open_page(explorer_html(dated_split(SPLIT_DAY)))
    assert o.js("orggraph.dates()") == ["2026-12-31", SPLIT_DAY]
    o.js("orggraph.setDate('2026-06-01')")  # any day: the stretch in force then
    assert o.js("orggraph.date()") == "2026-06-01"
    assert o.js("document.querySelector('select[data-action=date]').value") == "0"
    o.js("orggraph.expandAll()")
    assert "procurement_logistics" in o.js("orggraph.visible()")
    o.js("orggraph.setDate('1999-01-01')")
    assert "procurement_logistics" in o.js("orggraph.visible()")
    o.js("orggraph.setDate('2030-01-01')")
    assert "procurement" in o.js("orggraph.visible()")
    o.clean()


@pytest.mark.browser
def test_an_impossible_day_in_the_hash_is_left_out(open_page: Any, split_html: str) -> None:
    o = open_page(split_html, hash="#date=2027-02-30&unit=customer_service")
    assert o.js("orggraph.date()") == BEFORE
    assert o.js("orggraph.selected()") == "customer_service"
    assert o.js("location.hash") == f"#date={BEFORE}&unit=customer_service"
    o.js("location.hash = '#date=2026-99-99'")
    o.page.wait_for_function(f"location.hash === '#date={BEFORE}&unit=customer_service'")
    o.clean()


@pytest.mark.browser
def test_switching_days_keeps_what_was_open_on_screen(
    open_page: Any, split: og.Org, split_html: str
) -> None:
    o = open_page(split_html)
    o.js("orggraph.expand('procurement_logistics')")
    moved = ["pl_purchasing", "pl_warehousing", "pl_order_processing", "pl_delivery"]
    assert set(moved) <= set(o.js("orggraph.visible()"))
    o.js(f"orggraph.setDate('{SPLIT_DAY}')")
    # their new parents, first seen on the split, open: the units stay on screen
    assert set(moved) <= set(o.js("orggraph.visible()"))
    o = open_page(split_html)
    o.js("orggraph.expandAll()")
    o.js(f"orggraph.setDate('{SPLIT_DAY}')")
    assert sorted(o.js("orggraph.visible()")) == sorted(split.as_of(SPLIT_DAY).units())
    o.js(f"orggraph.setDate('{BEFORE}')")
    assert sorted(o.js("orggraph.visible()")) == sorted(split.units())
    o.clean()


@pytest.mark.browser
def test_a_unit_of_another_day_says_when_it_exists(open_page: Any, split_html: str) -> None:
    o = open_page(split_html)
    with pytest.raises(
        Exception, match='no unit "procurement" on 2026-06-01: it exists from 2027-01-01'
    ):
        o.js("orggraph.select('procurement')")
    with pytest.raises(Exception, match='no unit with id "nobody"'):
        o.js("orggraph.select('nobody')")
    o.js(f"orggraph.setDate('{SPLIT_DAY}')")
    with pytest.raises(Exception, match="exists until 2027-01-01"):
        o.js("orggraph.focus('procurement_logistics')")
    o.errors.clear()
    # the hash: the nearest day the unit exists on
    o.js("location.hash = '#date=2026-07-01&unit=procurement_logistics'")
    o.page.wait_for_function("orggraph.selected() === 'procurement_logistics'")
    assert o.js("orggraph.date()") == "2026-07-01"
    o.js("location.hash = '#unit=procurement'")
    o.page.wait_for_function("orggraph.selected() === 'procurement'")
    assert o.js("orggraph.date()") == SPLIT_DAY
    assert o.js("location.hash") == f"#date={SPLIT_DAY}&unit=procurement"
    o = open_page(split_html, hash=f"#date={BEFORE}&unit=warehousing_logistics")
    assert o.js("orggraph.date()") == SPLIT_DAY
    assert o.js("orggraph.selected()") == "warehousing_logistics"
    o.clean()


@pytest.mark.browser
def test_the_date_event_fires_when_the_date_changes(open_page: Any, split_html: str) -> None:
    o = open_page(split_html)
    o.js("window.seen = []; orggraph.on('date', e => seen.push(e.date))")
    o.js(f"orggraph.setDate('{SPLIT_DAY}'); orggraph.setDate('{SPLIT_DAY}')")
    o.js("orggraph.setDate('2027-03-01'); orggraph.setDate('2027-03-01')")
    assert o.js("seen") == [SPLIT_DAY, "2027-03-01"]
    o.clean()


# The drawn units whose box is not wholly in the chart's window, the scale, the selected
# unit's box in the window (None: nothing selected).
_VIEW = """(() => {
  const v = document.querySelector('svg').getBoundingClientRect(), out = [];
  const inside = b => b.left >= v.left - 1 && b.right <= v.right + 1 && b.top >= v.top - 1
    && b.bottom <= v.bottom + 1;
  for (const g of document.querySelectorAll('g.og-unit')) {
    if (!inside(g.querySelector('rect.og-box').getBoundingClientRect())) out.push(g.dataset.id);
  }
  const t = document.querySelector('svg g[transform]').getAttribute('transform');
  const sel = document.querySelector('g.og-unit.og-selected rect.og-box');
  return [out, Number(/scale\\(([^)]*)\\)/.exec(t)[1]),
          sel ? inside(sel.getBoundingClientRect()) : null];
})()"""


def _fitted(o: Opened, root: str) -> None:
    """Every drawn box in the window; or, a chart too wide for that, the view fitted as
    legibly as expand all does (scale LEGIBLE, 0.6) with the root and the selection in it."""
    out, scale, selected = o.js(_VIEW)
    assert selected in (None, True)
    if out:
        assert scale == pytest.approx(0.6) and root not in out, (out, scale)


@pytest.mark.browser
def test_a_day_change_and_expand_all_fit_the_view(open_page: Any, split_html: str) -> None:
    """Issue (new user's trial): after a day change the view kept a pinned unit where it
    was, so most of the chart could be off screen."""
    o = open_page(split_html, hash=f"#date={BEFORE}&unit=procurement_logistics")
    o.js("orggraph.zoom(3)")  # elsewhere first: the day change brings the chart back
    o.js(f"orggraph.setDate('{SPLIT_DAY}')")  # procurement_logistics is gone on the split
    assert o.js("orggraph.selected()") is None
    out, _, _ = o.js(_VIEW)
    assert out == []
    o.js("orggraph.zoom(3); orggraph.expandAll()")
    _fitted(o, "ceo")
    for day in (BEFORE, SPLIT_DAY):
        o.js(f"orggraph.zoom(3); orggraph.setDate('{day}')")
        _fitted(o, "ceo")
    # a unit of both days selected: the view is fitted and it stays in view
    o.js("orggraph.select('pl_warehousing'); orggraph.zoom(3)")
    o.js(f"orggraph.setDate('{BEFORE}')")
    assert o.js("orggraph.selected()") == "pl_warehousing"
    _fitted(o, "ceo")
    o.clean()


@pytest.mark.browser
def test_the_date_control_shows_the_day_of_the_title(open_page: Any) -> None:
    """Issue (new user's trial): a day between change days showed the stretch's first row
    (for one before the first change, a later day) while the title said the day asked."""
    shown = "document.querySelector('select[data-action=date]').selectedOptions[0].textContent"
    labels = (
        "[...document.querySelectorAll('select[data-action=date] option')].map(o => o.textContent)"
    )
    page = explorer_html(dated_split(SPLIT_DAY), lang="en")
    o = open_page(page, hash="#date=2026-03-01")
    assert o.js("orggraph.date()") == "2026-03-01" and subtitle(o).endswith("2026-03-01")
    assert o.js(shown) == "2026-03-01"
    assert o.js(labels) == ["2026-03-01", "2026-12-31", SPLIT_DAY]
    for day in ("2026-06-01", "2028-02-29", SPLIT_DAY, "2026-12-31"):
        o.js(f"orggraph.setDate('{day}')")
        assert subtitle(o).endswith(day) and o.js(shown) == day
        assert o.js(labels) == sorted({day, "2026-12-31", SPLIT_DAY})
    o.js("orggraph.setDate('2028-02-29')")
    assert o.js("document.querySelector('select[data-action=date]').value") == "1"
    o.page.select_option("select[data-action=date]", label="2026-12-31")
    assert o.js("orggraph.date()") == "2026-12-31" and o.js(shown) == "2026-12-31"
    assert o.js(labels) == ["2026-12-31", SPLIT_DAY]
    o.clean()
