"""Reorganisations with dates (issue 15, item 3): operations and scenarios with
``effective=`` add dated changes, so one organisation answers for both dates.

Every test names the dates it compares: an undated query on a dated organisation
answers as of today, which would change meaning as the clock passes the dates here.
"""

from __future__ import annotations

import datetime
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.errors import DateError, OrgError, OrgWarning
from orggraph.ops import reorg
from orggraph.ops.reorg import ReorgError
from orggraph.ops.reorg.dating import day_before

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "ecommerce.yaml"
SPLIT = ROOT / "data" / "ecommerce-split.yaml"
SCENARIO = ROOT / "data" / "ecommerce-split.scenario.yaml"
BEFORE, ON = "2026-12-31", "2027-01-01"
# The random organisations put one person in several heads: allowed, and warned of.
pytestmark = pytest.mark.filterwarnings("ignore:.*person .* holds:orggraph.errors.OrgWarning")

SMALL = """
units:
  - id: hq
    name: HQ
    head: {title: CEO, holders: [{person: ann}]}
    units:
      - {id: sales, name: Sales, responsibilities: [sell], staff: [{id: rep, title: Rep, seats: 3}]}
      - {id: tech, name: Tech, staff: [{id: dev, title: Dev, seats: 2}]}
      - {id: ops, name: Ops}
people: [{id: ann, name: Ann}, {id: bob, name: Bob}]
responsibilities: [{id: sell, name: Selling}]
links: [{kind: collaboration, from: sales, to: tech}]
"""


@pytest.fixture
def small() -> og.Org:
    return og.loads(SMALL)


def test_an_undated_organisation_becomes_dated(small: og.Org) -> None:
    new = reorg.move(small, "ops", "tech", effective=ON, recorded="2026-10-01")
    assert new.dated and not small.dated
    assert new.as_of(BEFORE) == small
    assert new.as_of(ON) == reorg.move(small, "ops", "tech")
    assert new.as_of(ON).parent("ops") == "tech" and new.as_of(BEFORE).parent("ops") == "hq"
    change = new.changes[-1]
    assert (change.op, change.effective, change.recorded) == ("move", ON, "2026-10-01")
    assert [str(d) for d in new.dates()] == [ON]
    # as recorded before the move was: the old parent
    assert new.as_of(ON, known_at="2026-09-30").parent("ops") == "hq"
    ops = new.to_dict()["units"][0]["units"][2]
    jan, oct = datetime.date(2027, 1, 1), datetime.date(2026, 10, 1)
    assert ops["moves"] == [{"parent": "tech", "valid_from": jan, "recorded": oct}]
    assert [str(e) for e in new.timeline()] == ["2027-01-01 moved: ops from hq to tech"]


def test_without_a_date_an_operation_gives_the_day_of_the_organisation() -> None:
    split = og.load(SPLIT)
    with pytest.warns(
        OrgWarning, match=r"move without effective= .* drops its history \(changes on"
    ):
        variant = reorg.move(split.as_of(ON), "pl_order_processing", "procurement")
    assert not variant.dated and variant.parent("pl_order_processing") == "procurement"
    assert "procurement_logistics" not in variant
    with warnings.catch_warnings():  # said so: no warning
        warnings.simplefilter("error", OrgWarning)
        same = reorg.move(split.as_of(ON).without_history(), "pl_order_processing", "procurement")
    assert same.units() == variant.units()


def test_recorded_alone_stamps_the_change(small: og.Org) -> None:
    new = reorg.rename(small, "ops", name="Operations", recorded="2026-10-01")
    assert not new.dated and new.name("ops") == "Operations"
    assert new.changes[-1].recorded == "2026-10-01" and new.changes[-1].effective is None


def test_each_operation_with_a_date(small: og.Org) -> None:
    cases: list[tuple[str, dict[str, Any]]] = [
        ("rename", {"unit": "ops", "name": "Operations"}),
        ("rename", {"unit": "ops", "id": "operations"}),
        ("add_unit", {"unit": {"id": "qa", "name": "QA"}, "parent": "tech"}),
        ("remove_unit", {"unit": "ops"}),
        ("set_staff", {"unit": "tech", "staff": [{"id": "dev2", "title": "Dev", "seats": 4}]}),
        ("merge", {"units": ["tech", "ops"], "into": {"id": "eng", "name": "Engineering"}}),
        ("split", {"unit": "ops", "into": ["ops_a", "ops_b"]}),
    ]
    for op, args in cases:
        undated = reorg.apply(small, {"op": op, **args})
        dated = reorg.apply(small, {"op": op, **args, "effective": ON})
        assert dated.as_of(BEFORE) == small, op
        assert dated.as_of(ON) == undated, op
        assert dated.changes[-1].effective == ON
        text = og.dumps(dated, "yaml")
        assert og.dumps(og.loads(text, as_of=BEFORE), "yaml") == text


def test_a_renamed_id_is_a_closed_unit_and_a_new_one(small: og.Org) -> None:
    new = reorg.rename(small, "ops", id="operations", effective=ON)
    assert "ops" in new.as_of(BEFORE) and "operations" not in new.as_of(BEFORE)
    assert new.as_of(ON).children("hq") == ["sales", "tech", "operations"]
    kinds = [(e.kind, e.unit) for e in new.timeline()]
    assert kinds == [("closed", "ops"), ("created", "operations")]


def test_holders_change_from_a_date(small: og.Org) -> None:
    new = reorg.set_staff(small, "hq", head={"title": "CEO", "holders": [{"person": "bob"}]},
                          effective=ON)  # fmt: skip
    assert new.as_of(BEFORE).unit("hq")["head"]["holders"] == [{"person": "ann"}]
    assert new.as_of(ON).unit("hq")["head"]["holders"] == [{"person": "bob"}]
    kinds = [(e.kind, e.person) for e in new.timeline()]
    assert kinds == [("assignment ended", "ann"), ("assignment started", "bob")]


def test_what_cannot_be_dated_is_refused(small: og.Org) -> None:
    # a surviving unit's responsibilities carry no dates
    with pytest.raises(ReorgError, match=r"unit 'tech': its responsibilities would change on"):
        reorg.remove_unit(small, "sales", reassign_to="tech", effective=ON)
    try:
        reorg.remove_unit(small, "sales", reassign_to="tech", effective=ON)
    except ReorgError as err:
        assert err.ids == ("tech",) and err.place == "responsibilities"
    # one head post for all dates: its title cannot change from a date
    with pytest.raises(ReorgError, match=r"unit 'hq': its head post's title would change"):
        reorg.set_staff(small, "hq", head={"title": "Chief"}, effective=ON)
    # ... but merged into a new unit, it works
    new = reorg.merge(small, ["sales", "tech"], into={"id": "biz", "name": "Biz"}, effective=ON)
    assert new.as_of(ON).children("hq") == ["biz", "ops"]
    assert new.as_of(ON).responsible_for("sell") == ["biz"]
    assert new.as_of(BEFORE).responsible_for("sell") == ["sales"]
    # an id used on other dates cannot be taken by a new unit
    closed = reorg.remove_unit(small, "ops", effective="2026-06-01")
    with pytest.raises(ReorgError, match=r"new unit id 'ops' is the id of a unit on other dates"):
        reorg.add_unit(closed, {"id": "ops", "name": "Ops again"}, parent="hq", effective=ON)
    # a bad date names itself
    with pytest.raises(DateError, match=r"effective '1/1/2027' is not a date"):
        reorg.move(small, "ops", "tech", effective="1/1/2027")


def test_an_order_that_one_file_cannot_keep_is_refused(small: og.Org) -> None:
    with pytest.raises(
        ReorgError, match=r"position: the units under 'hq' would be ops, sales, tech from"
    ):
        reorg.move(small, "ops", "hq", position=0, effective=ON)
    # a unit added at its place among its new siblings is kept there
    new = reorg.add_unit(small, {"id": "qa", "name": "QA"}, parent="hq", position=1, effective=ON)
    assert new.as_of(ON).children("hq") == ["sales", "qa", "tech", "ops"]


def test_later_facts_stay_and_steps_on_the_day_are_replaced(small: og.Org) -> None:
    later = reorg.move(small, "ops", "sales", effective="2027-06-01")
    new = reorg.move(later, "ops", "tech", effective=ON)
    assert [new.as_of(d).parent("ops") for d in (BEFORE, ON, "2027-06-01")] == [
        "hq",
        "tech",
        "sales",
    ]
    # a second step on the same day replaces the first; moving back drops it
    again = reorg.move(new, "ops", "hq", effective=ON)
    assert again.as_of(ON).parent("ops") == "hq"
    assert [str(d) for d in again.dates()] == ["2027-06-01"]
    # a unit added and removed on the same day never exists
    added = reorg.add_unit(small, {"id": "qa", "name": "QA"}, parent="tech", effective=ON)
    gone = reorg.remove_unit(added, "qa", effective=ON)
    assert gone.to_dict(dated=True)["units"] == small.to_dict()["units"]


def test_a_change_that_contradicts_later_facts_is_refused(small: og.Org) -> None:
    planned = reorg.add_unit(
        small, {"id": "qa", "name": "QA"}, parent="ops", effective="2027-06-01"
    )
    with pytest.raises(ReorgError, match=r"remove_unit from 2027-01-01 contradicts") as caught:
        reorg.remove_unit(planned, "ops", effective=ON)
    assert caught.value.place == "effective" and "qa" in caught.value.ids


def test_a_scenario_with_dates(small: og.Org, tmp_path: Path) -> None:
    scenario = {
        "effective": ON,
        "recorded": "2026-11-01",
        "operations": [
            {"op": "rename", "unit": "ops", "name": "Operations"},
            {"op": "move", "unit": "ops", "new_parent": "tech", "effective": "2027-03-01"},
        ],
    }
    new = reorg.apply_scenario(small, scenario)
    assert [(c.effective, c.recorded) for c in new.changes] == [
        (ON, "2026-11-01"),
        ("2027-03-01", "2026-11-01"),
    ]
    assert new.as_of(BEFORE).name("ops") == "Ops"
    assert new.as_of(ON).name("ops") == "Operations" and new.as_of(ON).parent("ops") == "hq"
    assert new.as_of("2027-03-01").parent("ops") == "tech"
    # the keyword wins over the scenario's default, an operation's own over both
    other = reorg.apply_scenario(small, scenario, effective="2027-02-01")
    assert [c.effective for c in other.changes] == ["2027-02-01", "2027-03-01"]


def test_the_seed_split_is_one_dated_organisation() -> None:
    seed, split = og.load(SEED), og.load(SPLIT)
    assert split.dated and [str(d) for d in split.dates()] == [ON]
    assert split.as_of(BEFORE) == seed
    after = split.as_of(ON)
    assert "procurement_logistics" in split.as_of(BEFORE)
    assert "procurement_logistics" not in after
    assert after.children("procurement") == ["pl_purchasing"]
    d = split.changes_between(BEFORE, ON)
    assert d.summary() == (
        "2 units added, 1 removed, 4 moved, 9 responsibilities reassigned, 2 links removed, "
        "3 links added"
    )
    assert og.datasets.load("ecommerce-split").to_dict() == split.to_dict()


def test_cli_apply_effective(
    small: og.Org, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from orggraph.cli.app import main

    src = tmp_path / "org.yaml"
    src.write_text(SMALL, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("operations: [{op: move, unit: ops, new_parent: tech}]\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert main(["apply", str(src), str(plan), "--effective", ON, "-o", str(out), "-v"]) == 0
    assert f"{out}: 4 units on {ON} after 1 operation" in capsys.readouterr().err
    new = og.load(out)
    assert new.as_of(BEFORE) == small and new.as_of(ON).parent("ops") == "tech"
    assert main(["apply", str(src), str(plan), "--effective", "soon", "-o", str(out)]) == 1
    assert "effective 'soon' is not a date" in capsys.readouterr().err
    args = ["apply", str(src), str(plan), "--effective", ON, "--as-of", ON, "-o", str(out)]
    assert main(args) == 1
    assert "not both" in capsys.readouterr().err


# -- properties --------------------------------------------------------------------------

DAYS = ["2026-03-01", "2026-09-01", ON, "2027-06-01"]
PEOPLE = ["ann", "bob"]


@st.composite
def dated_orgs(draw: st.DrawFn) -> og.Org:
    """A random organisation (u0 the root), some of its facts dated around the days."""
    n = draw(st.integers(2, 7))
    units: list[dict[str, Any]] = []
    for i in range(n):
        unit: dict[str, Any] = {"id": f"u{i}", "name": draw(st.sampled_from(["A", "B", "客服"]))}
        if i:
            unit["parent"] = f"u{draw(st.integers(0, i - 1))}"
        if draw(st.booleans()):
            unit["head"] = {"title": "Head", "salary": draw(st.integers(0, 9))}
            if draw(st.booleans()):
                unit["head"]["holders"] = [{"person": draw(st.sampled_from(PEOPLE))}]
        if draw(st.integers(0, 3)) == 0:
            unit["responsibilities"] = ["r0"]
        staff = draw(st.lists(st.sampled_from(["Rep", "Clerk"]), max_size=2))
        unit["staff"] = [{"id": f"u{i}p{k}", "title": t} for k, t in enumerate(staff)]
        if i and draw(st.integers(0, 3)) == 0:
            unit["renames"] = [{"name": "Later", "valid_from": draw(st.sampled_from(DAYS))}]
        if i and draw(st.integers(0, 3)) == 0 and unit["staff"]:
            unit["staff"][0]["valid_to"] = draw(st.sampled_from(DAYS))
        units.append(unit)
    pairs = [(f"u{i}", f"u{j}") for i in range(n) for j in range(n) if i < j]
    links = [
        {"kind": "collaboration", "from": a, "to": b}
        for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3))
    ]
    if i and draw(st.integers(0, 3)) == 0:  # the last unit starts later
        unit["valid_from"] = draw(st.sampled_from(DAYS))
        links = [x for x in links if unit["id"] not in (x["from"], x["to"])]
        if any(u.get("parent") == unit["id"] for u in units):
            del unit["valid_from"]
        else:  # a rename within its life only: earlier ones are refused at load
            unit["renames"] = [
                r for r in unit.get("renames", []) if r["valid_from"] > unit["valid_from"]
            ]
            if not unit["renames"]:
                del unit["renames"]
    people = [{"id": p, "name": p.title()} for p in PEOPLE]
    resp = [{"id": "r0", "name": "R0"}]
    doc = {"people": people, "units": units, "links": links, "responsibilities": resp}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OrgWarning)  # one person in two heads: allowed
        return og.from_dict(doc, as_of=BEFORE)


@st.composite
def operations(draw: st.DrawFn, org: og.Org) -> dict[str, Any]:
    live = org.units()
    op = draw(st.sampled_from(["move", "rename", "add_unit", "remove_unit", "set_staff", "merge"]))
    unit = draw(st.sampled_from(live))
    if op == "move":
        below = {unit, *org.descendants(unit)}
        targets = [u for u in live if u not in below and u != org.parent(unit)]
        return {"op": "rename", "unit": unit, "name": "Moved?"} if not targets else {
            "op": "move", "unit": unit, "new_parent": draw(st.sampled_from(targets))}  # fmt: skip
    if op == "rename":
        return {"op": "rename", "unit": unit, "name": draw(st.sampled_from(["New", "新"]))}
    if op == "add_unit":
        return {"op": "add_unit", "unit": {"id": "added", "name": "Added"}, "parent": unit}
    if op == "remove_unit" and unit != org.root:
        return {"op": "remove_unit", "unit": unit, "reassign_to": org.parent(unit)}
    if op == "merge" and len(live) > 2 and unit != org.root:
        other = draw(st.sampled_from([u for u in live if u not in (unit, org.root)]))
        return {"op": "merge", "units": [unit, other], "into": {"id": "merged", "name": "M"}}
    if op == "set_staff" and draw(st.booleans()):
        head = draw(st.sampled_from([None, "Head", "Chief"]))
        if head is None:
            return {"op": "set_staff", "unit": unit, "head": None}
        holders = [{"person": p} for p in draw(st.lists(st.sampled_from(PEOPLE), max_size=1))]
        given = {"title": head, "salary": 1, "holders": holders}
        return {"op": "set_staff", "unit": unit, "head": given}
    staff = draw(st.lists(st.sampled_from(["Rep", "Clerk", "Lead"]), max_size=3))
    return {"op": "set_staff", "unit": unit,
            "staff": [{"id": f"{unit}s{k}", "title": t} for k, t in enumerate(staff)]}  # fmt: skip


def _shape(org: og.Org) -> Any:
    """The organisation of one date, every list of units in id order (what one order of
    units for every date cannot always keep: see orggraph.ops.reorg.dating), without its
    change log (history, not structure, as for ``==``)."""
    doc = org.to_dict(dated=False)
    doc.pop("changes", None)
    doc["links"] = sorted(doc.get("links", ()), key=repr)
    return _sorted(doc)


def _sorted(doc: Any) -> Any:
    if isinstance(doc, dict):
        out = {k: _sorted(v) for k, v in doc.items()}
        if "units" in out:
            out["units"] = sorted(out["units"], key=lambda u: u["id"])
        return out
    if isinstance(doc, list):
        return [_sorted(v) for v in doc]
    return doc


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dated_orgs(), st.sampled_from(DAYS[1:]), st.data())
def test_a_dated_operation_leaves_the_past_and_makes_the_future(
    org: og.Org, day: str, data: st.DataObject
) -> None:
    """For a random operation effective on *day*: the day before is the organisation as
    it was; *day* is the operation applied undated to that day's organisation (the
    same units, posts and links; in the same order unless a unit moved or was added);
    the result round-trips through YAML exactly."""
    now = org.as_of(day).without_history()
    step = data.draw(operations(now))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OrgWarning)
        want = reorg.apply(now, step)
        try:
            got = reorg.apply(org, {**step, "effective": day})
        except ReorgError as err:  # what the file format cannot date: named
            event(f"refused: {err.place}")
            assert err.place in ("type", "description", "aliases", "attrs",
                                 "responsibilities", "head", "effective")  # fmt: skip
            assert err.ids or err.place == "effective"
            return
        assert got.as_of(day_before(day)) == org.as_of(day_before(day))
        for earlier in DAYS:
            if earlier < day:
                assert got.as_of(earlier) == org.as_of(earlier)
        assert got.changes[-1].effective == day
        at = got.as_of(day)
        if at == want:
            event("same order")
        else:
            event(f"order differs after {step['op']}")
            assert step["op"] in ("move", "add_unit", "remove_unit", "merge")
            assert _shape(at) == _shape(want)
        text = og.dumps(got, "yaml")
        back = og.loads(text, as_of=BEFORE)
        assert back.to_dict() == got.to_dict() and og.dumps(back, "yaml") == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dated_orgs(), st.data())
def test_operations_on_one_day_compose(org: og.Org, data: st.DataObject) -> None:
    """Several operations effective on one day: that day is all of them applied undated
    in turn (up to the order of units); the day before is untouched."""
    dated, undated = org, org.as_of(ON).without_history()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OrgWarning)
        for _ in range(data.draw(st.integers(1, 3))):
            step = data.draw(operations(undated))
            if step["op"] == "add_unit" and "added" in undated:
                continue
            if step["op"] == "merge" and "merged" in undated:
                continue
            try:
                dated = reorg.apply(dated, {**step, "effective": ON})
            except ReorgError:
                event("refused")
                continue
            undated = reorg.apply(undated, step)
        assert dated.as_of(BEFORE) == org.as_of(BEFORE)
        assert _shape(dated.as_of(ON)) == _shape(undated)


def test_errors_of_a_dated_operation_are_org_errors(small: og.Org) -> None:
    with pytest.raises(OrgError, match=r"unknown unit id 'nope'"):
        reorg.move(small, "nope", "tech", effective=ON)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dated_orgs(), st.data())
def test_operations_on_two_days(org: og.Org, data: st.DataObject) -> None:
    """One operation from 2027-01-01 and then one from 2027-06-01: each day before is kept
    and each day is the operation applied to the day's organisation (up to order)."""
    first, second = ON, "2027-06-01"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OrgWarning)
        got = org
        for day in (first, second):
            base = got.as_of(day).without_history()
            step = data.draw(operations(base))
            if {"added", "merged"} & set(base.units()):
                return  # the second would reuse the first's new id
            try:
                new = reorg.apply(got, {**step, "effective": day})
            except ReorgError:
                event("refused")
                return
            assert new.as_of(day_before(day)) == got.as_of(day_before(day))
            assert _shape(new.as_of(day)) == _shape(reorg.apply(base, step))
            got = new
        assert got.as_of(BEFORE) == org.as_of(BEFORE)
        assert [c.effective for c in got.changes[-2:]] == [first, second]


# -- review fixes: later facts, error places, the command line ----------------------------

BASE = """
people: [{id: p1, name: Pat}, {id: p2, name: Quinn}]
units:
- id: ceo
  name: CEO
  units:
  - id: sales
    name: Sales
    head: {title: Head, holders: [{person: p1}]}
    staff: [{title: Rep, seats: 2, salary: 1000}]
    units: [{id: west, name: West}, {id: east, name: East}]
  - id: tech
    name: Tech
    units: [{id: web, name: Web}]
"""
LATER = "2028-01-01"


@pytest.fixture
def base() -> og.Org:
    return og.loads(BASE)


def test_staff_set_before_a_planned_staff_change_ends_when_it_takes_over(base: og.Org) -> None:
    planned = [{"title": "Rep", "seats": 5, "salary": 1000}]
    a = reorg.set_staff(base, "sales", staff=planned, effective=LATER)
    b = reorg.set_staff(
        a, "sales", staff=[{"title": "Rep", "seats": 3, "salary": 1000}], effective=ON
    )
    assert [p["seats"] for p in b.as_of("2027-06-01").unit("sales")["staff"]] == [3]
    assert [p["seats"] for p in b.as_of("2028-06-01").unit("sales")["staff"]] == [5]
    assert b.as_of(BEFORE) == a.as_of(BEFORE)


@pytest.mark.filterwarnings("ignore:.*vacant:orggraph.errors.OrgWarning")
def test_holders_set_before_a_planned_holder_change_end_when_it_takes_over(base: og.Org) -> None:
    head = {"title": "Head", "holders": [{"person": "p2"}]}
    a = reorg.set_staff(base, "sales", head=head, effective=LATER)
    b = reorg.set_staff(a, "sales", head={"title": "Head", "holders": []}, effective=ON)
    assert b.as_of("2027-06-01").unit("sales")["head"]["holders"] in (None, [])
    assert b.as_of("2028-06-01").unit("sales")["head"]["holders"] == [{"person": "p2"}]


def test_a_unit_closed_early_keeps_or_refuses_its_later_facts(base: og.Org) -> None:
    closing = reorg.remove_unit(base, "east", effective=LATER)
    with pytest.raises(ReorgError, match="planned to end on 2028-01-01") as info:
        reorg.rename(closing, "east", name="Osten", id="osten", effective=ON)
    assert info.value.place == "effective" and info.value.ids == ("east",)
    # removed earlier, with nothing taking its place: its closure is brought forward
    earlier = reorg.remove_unit(closing, "east", effective=ON)
    assert "east" not in earlier.as_of("2027-06-01") and "east" not in earlier.as_of(LATER)
    moving = reorg.move(base, "west", "tech", effective=LATER)
    with pytest.raises(ReorgError, match="west' moves to 'tech' on 2028-01-01") as info:
        reorg.remove_unit(moving, "west", effective=ON)
    assert info.value.place == "effective" and "west" in info.value.ids


def test_a_split_before_planned_changes_of_the_unit_is_refused(base: og.Org) -> None:
    head = {"title": "Head", "holders": [{"person": "p2"}]}
    planned = reorg.set_staff(
        base, "sales", head=head, staff=[{"title": "Rep", "seats": 5}], effective=LATER
    )
    into = [{"id": "s1", "name": "S1"}, {"id": "s2", "name": "S2"}]
    assign = {"s1": {"staff": ["head"], "children": ["west"]},
              "s2": {"staff": ["Rep"], "children": ["east"]}}  # fmt: skip
    with pytest.raises(ReorgError, match="the head, staff of sales change") as info:
        reorg.split(planned, "sales", into=into, assign=assign, effective=ON)
    assert info.value.place == "effective"


def test_errors_of_the_merged_organisation_name_the_operation_and_day(base: og.Org) -> None:
    from orggraph.errors import CycleError

    moving = reorg.move(base, "west", "tech", effective=LATER)
    with pytest.raises(ReorgError, match=f"move from {ON}") as info:
        reorg.move(moving, "tech", "west", effective=ON)
    assert info.value.place == "effective" and isinstance(info.value.__cause__, CycleError)


def test_a_unit_that_does_not_exist_on_the_day_says_when_it_does(base: og.Org) -> None:
    from orggraph.errors import UnknownIdError

    closing = reorg.remove_unit(base, "east", effective=LATER)
    with pytest.raises(UnknownIdError, match="exists until 2028-01-01") as info:
        reorg.rename(closing, "east", name="X", effective="2028-06-01")
    assert info.value.place == "unit"


def test_a_day_before_the_organisation_is_known() -> None:
    doc = "units: [{id: a, name: A, valid_from: 2027-01-01, units: [{id: b, name: B, valid_from: 2027-01-01}]}]"
    org = og.loads(doc, as_of="2027-06-01")
    with pytest.raises(
        ReorgError, match="nothing is known of the organisation before 2027-01-01"
    ) as info:
        reorg.rename(org, "b", name="X", effective="2026-01-01")
    assert info.value.place == "effective"
    with pytest.raises(DateError) as bad:
        reorg.rename(org, "b", name="X", effective="garbage")
    assert bad.value.place == "effective"
    with pytest.raises(DateError) as placed:
        reorg.apply_scenario(org, [{"op": "rename", "unit": "b", "name": "X", "effective": "x"}])
    assert placed.value.place == "operations[0].effective"


def test_cli_refuses_to_drop_history(
    base: og.Org, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from orggraph.cli.app import main

    src = tmp_path / "dated.yaml"
    src.write_text(
        og.dumps(reorg.move(base, "west", "tech", effective=ON), "yaml"), encoding="utf-8"
    )
    plain = tmp_path / "plain.yaml"
    plain.write_text("operations: [{op: rename, unit: web, name: Webby}]\n", encoding="utf-8")
    dated = tmp_path / "dated-plan.yaml"
    dated.write_text(f"effective: {LATER}\n" + plain.read_text(), encoding="utf-8")
    out = tmp_path / "out.yaml"
    for extra in ([], ["--recorded", "2026-01-01"]):  # 4: undated on a dated file
        assert main(["apply", str(src), str(plain), *extra, "-o", str(out)]) == 1
        err = capsys.readouterr().err
        assert "has dated facts" in err and "--effective DATE" in err and not out.exists()
    assert main(["apply", str(src), str(plain), "--as-of", ON, "-o", str(out)]) == 0
    assert main(["apply", str(src), str(plain), "--effective", LATER, "-o", str(out)]) == 0
    assert og.load(out).as_of(ON).parent("west") == "tech"  # the history kept
    # 5: --as-of with a dated scenario
    assert main(["apply", str(src), str(dated), "--as-of", ON, "-o", str(out)]) == 1
    assert "--as-of asks for one day" in capsys.readouterr().err
    # 9: a bad option is named first, before the scenario is read
    assert (
        main(["apply", str(src), str(tmp_path / "none.yaml"), "--recorded", "x", "-o", str(out)])
        == 1
    )
    assert "--recorded: " in capsys.readouterr().err
    # 10: a writer that cannot hold dated facts names OUT
    csv = tmp_path / "out.csv"
    assert main(["apply", str(src), str(dated), "-o", str(csv)]) == 1
    assert f"{csv}: csv cannot carry dated facts" in capsys.readouterr().err


def _changes_at(org: og.Org, day: str) -> dict[tuple[str, str], Any]:
    """What *org* changes on *day*: (unit id, field) -> the value from then on (a unit
    that starts or ends: (id, "exists"))."""

    def units(o: og.Org) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        stack = [(None, u) for u in o.without_history().to_dict()["units"]]
        while stack:
            parent, unit = stack.pop()
            out[unit["id"]] = {"parent": parent, **{k: v for k, v in unit.items() if k != "units"}}
            stack.extend((unit["id"], u) for u in unit.get("units") or ())
        return out

    was, now = units(org.as_of(day_before(day))), units(org.as_of(day))
    out: dict[tuple[str, str], Any] = {}
    for uid in {*was, *now}:
        if (uid in was) != (uid in now):
            out[uid, "exists"] = uid in now
            continue
        for key in {*was[uid], *now[uid]}:
            if repr(was[uid].get(key)) != repr(now[uid].get(key)):
                out[uid, key] = now[uid].get(key)
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dated_orgs(), st.sampled_from(DAYS[1:3]), st.data())
def test_a_dated_operation_keeps_every_later_change_or_is_refused(
    org: og.Org, day: str, data: st.DataObject
) -> None:
    """For any operation on *day*: every earlier day is unchanged, and every change the
    input makes after *day* still happens (or the operation is refused, place=effective)."""
    now = org.as_of(day).without_history()
    step = data.draw(operations(now))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OrgWarning)
        try:
            got = reorg.apply(org, {**step, "effective": day})
        except ReorgError as err:
            event(f"refused: {err.place}")
            return
    for earlier in [*DAYS, day_before(day)]:
        if earlier < day:
            assert got.as_of(earlier) == org.as_of(earlier)
    later = [d.isoformat() for d in org.dates() if d.isoformat() > day]
    event("has later facts" if later else "no later facts")
    for when in later:
        changes = _changes_at(org, when)
        have = got.as_of(when)
        for (uid, key), value in changes.items():
            if key == "exists":
                assert (uid in have) == value, (when, uid)
            else:
                assert uid in have, (when, uid, key)
                shown = _changes_at_value(have, uid, key)
                assert repr(shown) == repr(value), (when, uid, key)


def _changes_at_value(org: og.Org, uid: str, key: str) -> Any:
    if key == "parent":
        return org.parent(uid)
    stack = list(org.without_history().to_dict()["units"])
    while stack:
        unit = stack.pop()
        if unit["id"] == uid:
            return unit.get(key)
        stack.extend(unit.get("units") or ())
    raise AssertionError(uid)


def test_an_id_that_exists_on_the_day_keeps_its_own_error(base: og.Org) -> None:
    into = [{"id": "s1", "name": "S1"}, {"id": "s2", "name": "S2"}]
    with pytest.raises(OrgError, match="'west' is not one of the new units"):
        reorg.split(base, "sales", into=into, assign={"west": "s1", "east": "s2"}, effective=ON)
