"""Chart structure beyond units: assistants beside their head, people as boxes, a board
set apart above what it governs, several roots side by side. Measured on the SVG users
get (:mod:`svg_geometry`), with both engines, in Chinese and English."""

from __future__ import annotations

import html
import re
import shutil
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marks import ENGINES, LANGS, needs_dot
from svg_geometry import (
    Picture,
    Rect,
    box_overlaps,
    extra_faults,
    line_crossings,
    lines_through_boxes,
    read_svg,
    structure,
)

import orggraph as og
from orggraph.render import render
from orggraph.render.quoting import xml_text
from orggraph.render.tidy import tree_layout
from orggraph.render.tidy.extras import ExtraBox, Extras
from orggraph.render.tidy.fit import FEW, KEPT
from orggraph.render.tidy.structure import PEOPLE_LIMIT, is_board


def quiet(doc: dict[str, Any]) -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # several roots, vacant heads
        return og.from_dict(doc)


@pytest.fixture(scope="module")
def sample() -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.datasets.load("xingchen")


def picture(org: og.Org, engine: str, **options: Any) -> Picture:
    return read_svg(render(org, format="svg", engine=engine, **options))


def check(org: og.Org, pic: Picture, bounds: tuple[float, float] | None = KEPT) -> None:
    """Every unit once, nothing overlaps, no line through a box, no crossings."""
    assert sorted(pic.boxes) == sorted(html.unescape(xml_text(u)) for u in org.units())
    assert not box_overlaps(pic), box_overlaps(pic)[:5]
    assert not lines_through_boxes(pic), lines_through_boxes(pic)[:5]
    assert not line_crossings(pic), line_crossings(pic)[:5]
    assert not extra_faults(pic), extra_faults(pic)[:5]
    if bounds is not None and len(org) > FEW:
        assert bounds[0] <= pic.aspect <= bounds[1], pic.aspect


def people_boxes(org: og.Org, kinds: tuple[str, ...]) -> dict[str, int]:
    """How many boxes each unit's posts of *kinds* make: a box per holder and per open
    seat the core counts (org.vacancies()); a post whose holders are not known, one box
    for the post (none when nobody fills it) and its open seats."""
    open_of = {(v.unit, v.post): v.open for v in org.vacancies()}
    out: dict[str, int] = {}
    for uid in org.units():
        count = 0
        for p in org.posts(uid):
            if p.kind not in kinds or p.status == "eliminated":
                continue
            seats_open = open_of.get((uid, p.id), 0)
            if p.holders is None:
                count += (0 if p.filled == 0 and seats_open else 1) + seats_open
                continue
            count += len(p.holders) + seats_open
        if count:
            out[uid] = count
    return out


def owners(pic: Picture, engine: str) -> dict[str, int]:
    """Extra boxes per owning unit (tidy: from data-owner; Graphviz: the side line's
    unit box)."""
    out: dict[str, int] = {}
    if engine == "tidy":
        for key in pic.extras:
            owner = key.split("|")[1]
            out[owner] = out.get(owner, 0) + 1
        return out
    for line in pic.sides:
        x, y = line[0]
        for uid, r in pic.boxes.items():
            if r.x - 0.3 <= x <= r.right + 0.3 and r.y - 0.3 <= y <= r.bottom + 0.3:
                out[uid] = out.get(uid, 0) + 1
    return out


def beside(a: Rect, b: Rect) -> bool:
    """*b* to the side of *a*, overlapping it vertically."""
    level = b.y < a.bottom and a.y < b.bottom
    return level and (b.x >= a.right or b.right <= a.x)


# -- the people sample: assistant, board -------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("engine", ENGINES)
def test_the_assistant_sits_beside_its_head_and_the_board_apart(
    sample: og.Org, engine: str, lang: str
) -> None:
    svg = render(sample, format="svg", engine=engine, lang=lang).decode()
    pic = read_svg(svg)
    check(sample, pic)
    # one extra box, the executive assistant, beside the CEO office on a level line
    assert owners(pic, engine) == {"ceo_office": 1}
    (box,) = pic.extras.values()
    office = pic.boxes["ceo_office"]
    assert beside(office, box)
    (line,) = pic.sides
    assert len(line) == 2 and abs(line[0][1] - line[1][1]) < 0.3
    assert abs(box.y + box.h / 2 - (office.y + office.h / 2)) < 1
    assert ("刘洋" if lang == "zh" else "Liu Yang") in svg
    # the board: above the CEO office, further than a level's gap, dashed lines down
    board = pic.boxes["board"]
    gaps = [
        pic.boxes[c].y - pic.boxes[p].bottom
        for p in sample.units()
        for c in sample.children(p)
        if p != "board" and pic.boxes[c].y > pic.boxes[p].bottom
    ]
    assert office.y - board.bottom > min(gaps) + 10
    assert "stroke-dasharray" in svg
    if engine == "tidy":
        assert svg.count('class="reporting governs"') == 1
        assert svg.count('class="apart"') == 1


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("engine", ENGINES)
def test_people_as_boxes(sample: og.Org, engine: str, lang: str) -> None:
    pic = picture(sample, engine, lang=lang, people="boxes")
    check(sample, pic)
    # every staff holder, open seat and post of unknown holders once; a board's members
    # and assistants beside their unit
    expected = people_boxes(sample, ("staff", "assistant"))
    assert owners(pic, engine) == expected
    assert len(pic.extras) == sum(expected.values())
    # people under their unit: below its box; a board's members and assistants beside
    for key, r in pic.extras.items() if engine == "tidy" else ():
        kind, owner = key.split("|")[0].split()[-1], key.split("|")[1]
        unit = pic.boxes[owner]
        if kind == "assistant" or is_board(sample, owner):
            assert beside(unit, r), key
        else:
            assert r.y >= unit.bottom, key


def test_people_boxes_same_structure_in_both_languages(sample: og.Org) -> None:
    zh, en = (picture(sample, "tidy", lang=lang, people="boxes") for lang in LANGS)
    assert structure(zh) == structure(en)
    assert [k.split("|")[1:] for k in zh.extras] == [k.split("|")[1:] for k in en.extras]


def test_big_units_show_a_limited_number_of_people() -> None:
    names = [f"Person {k}" for k in range(30)]
    org = quiet(
        {
            "units": [
                {
                    "id": "a",
                    "name": "A",
                    "head": {"title": "Boss", "holders": ["Ann"]},
                    "staff": [{"title": "Clerk", "seats": 32, "holders": names}],
                    "units": [{"id": "b", "name": "B"}],
                }
            ]
        }
    )
    svg = render(org, format="svg", engine="tidy", people="boxes", lang="en").decode()
    pic = read_svg(svg)
    check(org, pic, None)
    assert len(pic.extras) == PEOPLE_LIMIT
    more = 30 + 2 - (PEOPLE_LIMIT - 1)
    assert f"+{more} more" in svg
    # the people come before the sub-unit: left of it, its line first from the bus
    b = pic.boxes["b"]
    assert min(r.x for r in pic.extras.values()) < b.x


def test_names_and_off() -> None:
    org = quiet(
        {
            "units": [
                {
                    "id": "a",
                    "name": "A",
                    "head": {"title": "Boss", "holders": ["Ann"]},
                    "staff": [
                        {"title": "PA", "kind": "assistant", "holders": []},
                        {"title": "Clerk", "holders": ["Bo"]},
                    ],
                }
            ]
        }
    )
    names = render(org, format="svg", engine="tidy", people="names", lang="en").decode()
    pic = read_svg(names)
    assert len(pic.extras) == 1 and "Vacant" in names  # the vacant assistant's box
    assert "PA:" not in names  # not also a line on the unit's box
    off = read_svg(render(org, format="svg", engine="tidy", people="off"))
    assert not off.extras and not off.sides


# -- the board rule -------------------------------------------------------------------------


def test_what_is_a_board() -> None:
    org = quiet(
        {
            "units": [
                {
                    "id": "board",
                    "name": "Board",
                    "head": {"title": "Chair", "counts": False},
                    "staff": [{"title": "Director", "seats": 3, "counts": False}],
                    "units": [
                        {"id": "ceo", "name": "CEO", "head": {"title": "CEO"}},
                        {"id": "audit", "name": "Audit"},
                    ],
                },
                {"id": "lone", "name": "Lone", "head": {"title": "Chair", "counts": False}},
                {
                    "id": "firm",
                    "name": "Firm",
                    "head": {"title": "MD"},
                    "units": [{"id": "x", "name": "X"}],
                },
            ]
        }
    )
    assert [u for u in org.units() if is_board(org, u)] == ["board"]
    for engine in ("tidy", *(("graphviz",) if shutil.which("dot") else ())):
        pic = picture(org, engine, lang="en")
        check(org, pic, None)
        board, ceo, audit = (pic.boxes[u] for u in ("board", "ceo", "audit"))
        assert board.bottom < min(ceo.y, audit.y)
    svg = render(org, format="svg", engine="tidy").decode()
    assert svg.count('class="reporting governs"') == 2  # to both units it governs


# -- several roots --------------------------------------------------------------------------


def three_roots(kids: int = 3) -> og.Org:
    units = [
        {
            "id": r,
            "name": f"Root {r.upper()}",
            "units": [{"id": f"{r}{k}", "name": f"Unit {r}{k}"} for k in range(kids)],
        }
        for r in "abc"
    ]
    return quiet({"org": "Three", "units": units})


def forest(kids: int, teams: int) -> og.Org:
    units: list[dict[str, Any]] = []
    for r in "abc":
        units.append({"id": r, "name": f"Root {r.upper()}"})
        for k in range(kids):
            units.append({"id": f"{r}{k}", "name": f"Department {r}{k}", "parent": r})
            for j in range(teams):
                units.append({"id": f"{r}{k}.{j}", "name": f"Team {j}", "parent": f"{r}{k}"})
    return quiet({"org": "Three", "units": units})


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("kids", "teams", "fit"), [(3, 0, None), (7, 0, None), (1, 6, "auto"), (1, 3, "landscape")]
)
def test_several_roots_side_by_side_under_the_title(
    engine: str, kids: int, teams: int, fit: str | None
) -> None:
    org = forest(kids, teams)
    svg = render(org, format="svg", engine=engine, fit=fit).decode()
    pic = read_svg(svg)
    check(org, pic, None if fit is None else KEPT)
    roots = [pic.boxes[r] for r in "abc"]
    assert all(abs(r.y - roots[0].y) < 1 for r in roots)  # one row
    assert roots[0].right < roots[1].x and roots[1].right < roots[2].x  # in file order
    title = re.search(r">Three</text>", svg)
    assert title is not None and all(r.y > 30 for r in roots)


@pytest.mark.parametrize("engine", ENGINES)
def test_roots_that_must_fold_read_across(engine: str) -> None:
    """A forest too wide for the page folds its top units row by row (or into one
    column): A, then B to its right or under it, then C."""
    org = forest(4, 3)
    pic = picture(org, engine)
    check(org, pic)
    a, b, c = (pic.boxes[r] for r in "abc")

    def after(p: Rect, q: Rect) -> bool:  # q comes after p, reading across then down
        return (abs(p.y - q.y) < 1 and q.x > p.right) or q.y > p.bottom

    assert after(a, b) and after(b, c)
    assert not all(abs(r.y - a.y) < 1 for r in (b, c))  # folded


def test_many_roots_still_fold() -> None:
    units = [{"id": f"r{i}", "name": f"Independent body {i}"} for i in range(40)]
    org = quiet({"units": units})
    pic = read_svg(render(org, format="svg", engine="tidy"))
    check(org, pic)


# -- the layout's API -----------------------------------------------------------------------


def test_layout_keys_extra_boxes_by_kind_key_and_owner() -> None:
    org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]")
    extras = Extras(
        {0: [ExtraBox("assistant", "a#1", 40.0, 20.0)]},
        {1: [ExtraBox("person", "b#1/p", 40.0, 20.0), ExtraBox("vacant", "b#1#1", 40.0, 20.0)]},
        frozenset({0}),
    )
    lay = tree_layout(org, box_size=lambda u: (60.0, 30.0), extras=extras)
    assert [(e.kind, e.owner) for e in lay.extra] == [
        ("assistant", "a"),
        ("person", "b"),
        ("vacant", "b"),
    ]
    assert lay.apart == {"a"}
    a = lay.box("a")
    assert a.w == 60.0  # the unit's own box; its slot is wider
    helper = lay.extra[0]
    assert helper.y < a.y + a.h and helper.x >= a.x + a.w  # beside, on the right
    assert [c.child for c in lay.connectors] == ["b", "c"]
    for e in lay.extra[1:]:
        assert e.link[0] == (lay.box("b").cx, lay.box("b").y + 30.0)  # from b's bottom


@pytest.mark.parametrize("helped", [0, 1, 3])
def test_a_stack_of_leaves_keeps_its_boxes_widths_beside_an_assistant(helped: int) -> None:
    """In a stack of leaves, a leaf's assistant widens its column, not the other leaves'
    boxes: every box is as wide as the column's widest box, its side facing the bus
    level with the others', and the assistant sits on the far side, clear of them."""
    leaves = ", ".join(f"{{id: l{k}, name: L{k}}}" for k in range(5))
    org = og.loads(f"units: [{{id: m, name: M, units: [{leaves}]}}]")
    helper = ExtraBox("assistant", f"l{helped}#1", 60.0, 20.0)
    lay = tree_layout(
        org, box_size=lambda u: (50.0, 20.0), extras=Extras({helped + 1: [helper]}, {}, frozenset())
    )
    boxes = {u: b for u, b in lay.boxes() if u != "m"}
    assert {b.w for b in boxes.values()} == {50.0}
    mine = boxes[f"l{helped}"]
    column = [b for b in boxes.values() if b.x < mine.x + mine.w and mine.x < b.x + b.w]
    others = [b for b in boxes.values() if b not in column]
    assert len(column) > 1 and others
    assert {b.x for b in column} == {mine.x}  # level on the bus side
    (aide,) = lay.extra
    # beside its leaf, on the side away from the bus (and the other column)
    assert aide.y < mine.y + mine.h and mine.y < aide.y + aide.h
    if others[0].x > mine.x:
        assert aide.x + aide.w <= mine.x
    else:
        assert aide.x >= mine.x + mine.w
    assert lay.width <= 2 * 50.0 + 60.0 + 2 * 22.0 + 20.0  # one side room, not two


def test_a_side_step_keeps_a_line_off_an_assistant() -> None:
    """Found by test_random_organisations_with_people: fitted to landscape, u7 (with an
    assistant and its own child beside it on the right) was stepped beside its parent u4,
    so a line came in on each side of its box and u4's ran through the assistant."""
    org = og.loads(
        """org: Random
units:
- {id: u0, name: Aa, units: [
   {id: u1, name: Aa, units: [
     {id: u2, name: Aa, head: {title: aa, holders: [P0]}, units: [{id: u13, name: Aa}]},
     {id: u3, name: Aa, units: [
       {id: u4, name: Aa, units: [
         {id: u7, name: Aa, head: {title: aa, holders: [P1]},
          staff: [{kind: assistant, title: aa, holders: []}],
          units: [{id: u8, name: Aa, units: [{id: u16, name: Aa}]}]}]},
       {id: u14, name: Aa}]},
     {id: u5, name: Aa}]},
   {id: u6, name: Aa, units: [{id: u15, name: Aa}]},
   {id: u9, name: Aa}, {id: u10, name: Aa}, {id: u11, name: Aa}, {id: u12, name: Aa}]}
"""
    )
    pic = picture(org, "tidy", people="names", fit="landscape", lang="en")
    check(org, pic, None)
    assert owners(pic, "tidy") == {"u7": 1}


# -- random organisations -------------------------------------------------------------------

_NAME = st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=2, max_size=9)


@st.composite
def staffed_orgs(draw: st.DrawFn) -> og.Org:
    """Organisations of up to 40 units with heads, assistants, staff (known, partly
    known and unknown holders), sometimes a board on top and several roots."""
    n = draw(st.integers(2, 40))
    parents = [-1] + [draw(st.integers(0, i - 1)) for i in range(1, n)]
    for _ in range(draw(st.integers(0, 2))):
        parents[draw(st.integers(1, n - 1))] = -1
    board = draw(st.booleans())
    person = iter(range(10_000))
    units: list[dict[str, Any]] = []
    for i, p in enumerate(parents):
        unit: dict[str, Any] = {"id": f"u{i}", "name": draw(_NAME).title()}
        if draw(st.integers(0, 3)):
            unit["head"] = {"title": draw(_NAME), "holders": [f"P{next(person)}"]}
            staff = []
            for _ in range(draw(st.integers(0, 2))):
                holders = [f"P{next(person)}" for _ in range(draw(st.integers(0, 2)))]
                staff.append(
                    {
                        "title": draw(_NAME),
                        "kind": "assistant",
                        "seats": max(1, len(holders)),
                        "holders": holders,
                    }
                )
            for _ in range(draw(st.integers(0, 4))):
                seats = draw(st.integers(1, 9))
                post: dict[str, Any] = {"title": draw(_NAME), "seats": seats}
                if draw(st.integers(0, 4)):
                    post["holders"] = [
                        f"P{next(person)}" for _ in range(draw(st.integers(0, seats)))
                    ]
                staff.append(post)
            if staff:
                unit["staff"] = staff
        if board and i == 0:
            unit["head"] = {"title": "Chair", "counts": False, "holders": ["Chair person"]}
            unit["staff"] = [{"title": "Director", "seats": 3, "counts": False, "holders": ["D1"]}]
        if p >= 0:
            unit["parent"] = f"u{p}"
        units.append(unit)
    return quiet({"org": "Random", "units": units})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    org=staffed_orgs(),
    people=st.sampled_from(["names", "boxes"]),
    fit=st.sampled_from(["auto", None, "landscape"]),
)
def test_random_organisations_with_people(org: og.Org, people: str, fit: str | None) -> None:
    pic = picture(org, "tidy", people=people, fit=fit, lang="en")
    check(org, pic, None)
    kinds = ("assistant",) if people == "names" else ("assistant", "staff")
    expected = people_boxes(org, kinds)
    if people == "names":  # a board's members are boxes only with people="boxes"
        expected = {u: k for u, k in expected.items() if not is_board(org, u)}
    limited = {}
    for u, k in expected.items():
        own = people_boxes(org, ("assistant",)).get(u, 0)
        if is_board(org, u) and people == "boxes":
            own = k
        under = k - own
        limited[u] = own + (min(under, PEOPLE_LIMIT) if under else 0)
    assert owners(pic, "tidy") == limited


@needs_dot
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=staffed_orgs())
def test_random_organisations_with_people_in_graphviz(org: og.Org) -> None:
    pic = picture(org, "graphviz", people="boxes", lang="en")
    check(org, pic, None)
