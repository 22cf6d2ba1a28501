"""Reorganisation operations (orggraph.ops.reorg): each operation's effect and errors, the
change log in the file format, scenarios (in Python, in files, from the command line),
the seed's split scenario, and hypothesis properties: random operations are recovered
by diff, moves conserve the root's rollups, split then merge gives the original back.
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.core.changes import Change
from orggraph.errors import (
    CycleError,
    DuplicateIdError,
    LinkError,
    OrgError,
    OrgWarning,
    SchemaError,
    UnknownIdError,
)
from orggraph.ops import reorg
from orggraph.ops.diff import diff
from orggraph.ops.reorg.draft import ReorgError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "ecommerce.yaml"
SPLIT = ROOT / "data" / "ecommerce-split.yaml"
SCENARIO = ROOT / "data" / "ecommerce-split.scenario.yaml"
# The day the split takes effect: the split file is the seed before it, split from it.
ON = "2027-01-01"

SMALL = """\
org: Small Co
lang: [en, zh]
units:
  - id: ceo
    name: {en: CEO office, zh: 总经理室}
    head: {title: CEO, salary: 100}
    units:
      - id: sales
        name: Sales
        type: department
        head: {title: Sales Director, salary: 50}
        staff:
          - {title: {en: Rep, zh: 销售}, seats: 3, salary: 10}
          - {title: Assistant, salary: 5}
        responsibilities: [revenue, service]
        units:
          - {id: east, name: East, staff: [{title: Rep, seats: 2, salary: 10}]}
          - {id: west, name: West, staff: [{title: Rep, seats: null}]}
      - id: tech
        name: Tech
        responsibilities: [service]
        units:
          - {id: web, name: Web}
responsibilities:
  - {id: revenue, name: Revenue}
  - {id: service, name: Service}
links:
  - {kind: collaboration, from: tech, to: sales, relation: builds the CRM for}
  - {kind: dotted, from: sales, to: web}
  - {kind: collaboration, from: east, to: west, mutual: true}
"""


@pytest.fixture
def small() -> og.Org:
    return og.loads(SMALL)


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.load(SEED)


def snapshot(org: og.Org) -> str:
    return json.dumps(org.to_dict(), sort_keys=True, ensure_ascii=False, default=str)


def links(org: og.Org) -> list[tuple[str, str, str]]:
    return [(d["kind"], a, b) for a, b, d in org.links()]


# -- move -------------------------------------------------------------------------------


def test_move_returns_a_new_org_and_leaves_the_original(small: og.Org) -> None:
    before = snapshot(small)
    new = reorg.move(small, "west", "tech", note="closer to the systems", date="2025-06-01")
    assert new.parent("west") == "tech" and new.children("tech") == ["web", "west"]
    assert small.parent("west") == "sales" and snapshot(small) == before
    assert new.changes == (
        Change(
            "move",
            unit="west",
            from_=("sales",),
            into=("tech",),
            note="closer to the systems",
            date="2025-06-01",
        ),
    )
    assert str(new.changes[0]) == "move west from sales to tech"
    # everything else is kept: links, responsibilities, posts
    assert links(new) == links(small)
    assert new.responsibilities("sales") == ["revenue", "service"]
    assert new.unit("sales")["staff"] == small.unit("sales")["staff"]


def test_move_position_and_reorder(small: og.Org) -> None:
    assert reorg.move(small, "tech", "ceo", position=0).children("ceo") == ["tech", "sales"]
    assert reorg.move(small, "east", "tech", position=1).children("tech") == ["web", "east"]
    with pytest.raises(ReorgError, match=r"already reports to 'ceo'; give position="):
        reorg.move(small, "tech", "ceo")
    with pytest.raises(ReorgError, match=r"position must be a whole number from 0 to 1"):
        reorg.move(small, "east", "tech", position=5)


def test_move_to_the_top_level_makes_a_root(small: og.Org) -> None:
    with pytest.warns(OrgWarning, match=r"2 roots"):
        new = reorg.move(small, "tech", None)
    assert new.roots() == ["ceo", "tech"]
    assert (
        new.changes[-1].into == () and str(new.changes[-1]) == "move tech from ceo to (top level)"
    )


def test_move_errors(small: og.Org) -> None:
    with pytest.raises(CycleError, match=r"'sales' under itself") as err:
        reorg.move(small, "sales", "sales")
    with pytest.raises(CycleError) as err:
        reorg.move(small, "ceo", "east")
    assert "'east' reports to 'ceo' (east -> sales -> ceo)" in str(err.value)
    assert err.value.ids == ("ceo", "east")
    with pytest.raises(UnknownIdError, match=r"unknown unit id 'sale' \(did you mean 'sales'\?\)"):
        reorg.move(small, "sale", "tech")
    with pytest.raises(UnknownIdError, match=r"unknown parent id 'teck'.*'tech'"):
        reorg.move(small, "east", "teck")
    with pytest.raises(UnknownIdError, match=r"unknown parent id 'revenue'"):
        reorg.move(small, "east", "revenue")  # a responsibility, not a unit


# -- rename -----------------------------------------------------------------------------


def test_rename_the_name(small: og.Org) -> None:
    new = reorg.rename(small, "tech", name={"en": "Technology", "zh": "技术部"})
    assert new.name("tech", lang="zh") == "技术部" and small.name("tech") == "Tech"
    assert new.changes[-1].details == {
        "name": {"old": "Tech", "new": {"en": "Technology", "zh": "技术部"}}
    }
    assert str(new.changes[-1]) == "rename tech: 'Tech' -> 'Technology'"


def test_rename_the_id_repoints_everything(small: og.Org) -> None:
    new = reorg.rename(small, "sales", id="sales_dept")
    assert "sales" not in new and new.children("ceo") == ["sales_dept", "tech"]
    assert new.children("sales_dept") == ["east", "west"] and new.parent("east") == "sales_dept"
    assert new.responsibilities("sales_dept") == ["revenue", "service"]
    assert ("collaboration", "tech", "sales_dept") in links(new)
    assert ("dotted", "sales_dept", "web") in links(new)
    assert new.changes[-1].from_ == ("sales",) and new.changes[-1].into == ("sales_dept",)
    assert str(new.changes[-1]) == "rename sales -> sales_dept"


def test_rename_errors(small: og.Org) -> None:
    with pytest.raises(DuplicateIdError, match=r"'east' is already taken .*'East' under 'sales'"):
        reorg.rename(small, "west", id="east")
    with pytest.raises(DuplicateIdError, match=r"responsibility's id"):
        reorg.rename(small, "west", id="revenue")
    with pytest.raises(SchemaError, match=r"without surrounding spaces"):
        reorg.rename(small, "west", id=" west2")
    with pytest.raises(SchemaError, match=r"name must not be empty"):
        reorg.rename(small, "west", name="  ")
    with pytest.raises(ReorgError, match=r"give name= or id="):
        reorg.rename(small, "west")
    with pytest.raises(ReorgError, match=r"nothing changes \(same name and id\)"):
        reorg.rename(small, "west", name="West")


# -- add_unit ---------------------------------------------------------------------------


def test_add_unit_with_nested_units(small: og.Org) -> None:
    new = reorg.add_unit(
        small,
        {
            "id": "ops",
            "name": "Operations",
            "type": "department",
            "head": {"title": "COO", "salary": 90},
            "responsibilities": ["service"],
            "units": [{"id": "depot", "name": "Depot", "staff": [{"title": "Driver", "seats": 4}]}],
        },
        parent="ceo",
        position=1,
    )
    assert new.children("ceo") == ["sales", "ops", "tech"] and new.children("ops") == ["depot"]
    assert new.headcount("ops").value == 5 and new.budget("ops").unknown == ("depot",)
    assert new.responsible_for("service") == ["sales", "ops", "tech"]
    assert new.changes[-1] == Change(
        "add_unit", unit="ops", into=("ceo",), details={"units": ["depot"]}
    )


def test_add_unit_errors(small: og.Org) -> None:
    with pytest.raises(DuplicateIdError, match=r"'web' is already taken"):
        reorg.add_unit(
            small, {"id": "x", "name": "X", "units": [{"id": "web", "name": "W"}]}, parent="ceo"
        )
    with pytest.raises(DuplicateIdError, match=r"uses the id 'x' twice|'x' twice"):
        reorg.add_unit(
            small, {"id": "x", "name": "X", "units": [{"id": "x", "name": "Y"}]}, parent="ceo"
        )
    with pytest.raises(
        UnknownIdError, match=r"unknown responsibility id 'revenu'.*'revenue'"
    ) as err:
        reorg.add_unit(
            small, {"id": "x", "name": "X", "responsibilities": ["revenu"]}, parent="ceo"
        )
    assert err.value.place == "unit.responsibilities[0]"
    with pytest.raises(SchemaError, match=r"required key 'name' is missing") as err2:
        reorg.add_unit(small, {"id": "x"}, parent="ceo")
    assert err2.value.place == "unit.name"
    with pytest.raises(SchemaError, match=r"unknown key 'staf'.*'staff'"):
        reorg.add_unit(small, {"id": "x", "name": "X", "staf": []}, parent="ceo")
    with pytest.raises(SchemaError, match=r"parent as the operation's own option"):
        reorg.add_unit(small, {"id": "x", "name": "X", "parent": "ceo"}, parent="ceo")
    with pytest.raises(UnknownIdError, match=r"unknown parent id 'nobody'"):
        reorg.add_unit(small, {"id": "x", "name": "X"}, parent="nobody")


# -- remove_unit ------------------------------------------------------------------------


def test_remove_a_leaf(small: og.Org) -> None:
    new = reorg.remove_unit(small, "web", reassign_to="tech")
    assert "web" not in new and new.children("tech") == []
    assert ("dotted", "sales", "tech") in links(new)  # the dotted line follows
    assert new.changes[-1].details["links"] == ["dotted sales -> web"]


def test_remove_with_reassign_to_the_parent_takes_its_place(small: og.Org) -> None:
    new = reorg.remove_unit(small, "sales", reassign_to="ceo")
    assert new.children("ceo") == ["east", "west", "tech"]
    assert new.responsibilities("ceo") == ["revenue", "service"]  # duties do not vanish
    assert new.headcount().value == small.headcount().value - 5  # the posts went with it
    # tech -> sales became tech -> ceo; nothing joins a unit to itself
    assert ("collaboration", "tech", "ceo") in links(new)
    ch = new.changes[-1]
    assert ch.from_ == ("sales",) and ch.into == ("ceo",)
    assert ch.details["children"] == ["east", "west"]


def test_remove_keep_staff_moves_the_posts(small: og.Org) -> None:
    new = reorg.remove_unit(small, "sales", reassign_to="tech", keep_staff=True)
    assert new.headcount().value == small.headcount().value
    titles = [p["title"] for p in new.unit("tech")["staff"]]
    assert titles == ["Sales Director", {"en": "Rep", "zh": "销售"}, "Assistant"]
    assert new.children("tech") == ["web", "east", "west"]
    # the link tech -> sales would join tech to itself: dropped and recorded
    assert new.changes[-1].details["dropped_links"] == ["collaboration tech -> sales"]


def test_remove_cascade(small: og.Org) -> None:
    new = reorg.remove_unit(small, "sales", cascade=True)
    assert new.units() == ["ceo", "tech", "web"] and links(new) == []
    assert new.changes[-1].details["removed"] == ["east", "west"]
    assert sorted(new.changes[-1].details["dropped_links"]) == [
        "collaboration east <-> west",
        "collaboration tech -> sales",
        "dotted sales -> web",
    ]


def test_remove_errors(small: og.Org) -> None:
    with pytest.raises(ReorgError, match=r"2 units report to 'sales' \(east, west\).*'ceo'") as err:
        reorg.remove_unit(small, "sales")
    assert err.value.choices == ("ceo",)
    with pytest.raises(LinkError, match=r"'web' has 1 link .*dotted sales -> web.*reassign_to="):
        reorg.remove_unit(small, "web")
    with pytest.raises(CycleError, match=r"under the removed unit"):
        reorg.remove_unit(small, "sales", reassign_to="east")
    with pytest.raises(CycleError, match=r"the removed unit"):
        reorg.remove_unit(small, "sales", reassign_to="sales")
    with pytest.raises(ReorgError, match=r"not both"):
        reorg.remove_unit(small, "sales", reassign_to="ceo", cascade=True)
    with pytest.raises(ReorgError, match=r"keep_staff=True needs reassign_to="):
        reorg.remove_unit(small, "web", keep_staff=True, cascade=True)
    with pytest.raises(UnknownIdError, match=r"did you mean 'tech'"):
        reorg.remove_unit(small, "web", reassign_to="tec")
    with pytest.raises(ReorgError, match=r"would leave no units"):
        reorg.remove_unit(small, "ceo", cascade=True)


# -- set_staff --------------------------------------------------------------------------


def test_set_staff(small: og.Org) -> None:
    new = reorg.set_staff(small, "west", staff=[{"title": "Rep", "seats": 2, "salary": 12}])
    assert new.headcount("west").value == 2 and new.budget("sales").complete
    assert new.changes[-1].details["staff"] == {
        "old": [{"title": "Rep", "seats": None}],
        "new": [{"title": "Rep", "seats": 2, "salary": 12}],
    }
    no_head = reorg.set_staff(small, "sales", head=None)
    assert no_head.unit("sales")["head"] is None and no_head.unit("sales")["staff"]
    assert no_head.changes[-1].details == {
        "head": {"old": {"title": "Sales Director", "salary": 50}, "new": None}
    }


def test_set_staff_errors(small: og.Org) -> None:
    with pytest.raises(SchemaError, match=r"must not be negative") as err:
        reorg.set_staff(small, "west", staff=[{"title": "Rep", "seats": -1}])
    assert err.value.place == "staff[0].seats"
    with pytest.raises(SchemaError, match=r"staff must be a list"):
        reorg.set_staff(small, "west", staff={"title": "Rep"})  # type: ignore[arg-type]
    with pytest.raises(ReorgError, match=r"give head= or staff="):
        reorg.set_staff(small, "west")


# -- split ------------------------------------------------------------------------------

TWO = [{"id": "inside", "name": "Inside sales"}, {"id": "field", "name": "Field sales"}]


def test_split_shares_out_units_posts_responsibilities_and_links(small: og.Org) -> None:
    new = reorg.split(
        small,
        "sales",
        into=TWO,
        assign={
            "inside": {
                "children": ["east"],
                "staff": ["head", "Assistant"],
                "responsibilities": ["revenue"],
                "links": ["tech"],
            },
            "field": {"children": ["west"], "staff": [0], "links": ["web", "tech"]},
        },
        date="2025-01-01",
    )
    assert new.children("ceo") == ["inside", "field", "tech"] and "sales" not in new
    assert new.children("inside") == ["east"] and new.children("field") == ["west"]
    assert new.unit("inside")["head"]["title"] == "Sales Director"
    assert [p["title"] for p in new.unit("inside")["staff"]] == ["Assistant"]
    assert [p["title"] for p in new.unit("field")["staff"]] == [{"en": "Rep", "zh": "销售"}]
    assert new.headcount().value == small.headcount().value  # nobody lost, nobody added
    # revenue assigned; service listed nowhere: copied to both
    assert new.responsibilities("inside") == ["revenue", "service"]
    assert new.responsibilities("field") == ["service"]
    assert links(new) == [
        ("collaboration", "tech", "inside"),
        ("collaboration", "tech", "field"),
        ("dotted", "field", "web"),
        ("collaboration", "east", "west"),
    ]
    ch = new.changes[-1]
    assert (ch.op, ch.unit, ch.from_, ch.into, ch.date) == (
        "split",
        "sales",
        ("sales",),
        ("inside", "field"),
        "2025-01-01",
    )
    assert ch.details["copied_responsibilities"] == ["service"]
    assert ch.details["children"] == {"inside": ["east"], "field": ["west"]}


def test_split_responsibility_listed_twice_is_shared_and_new_head_stays_head(small: og.Org) -> None:
    new = reorg.split(
        small,
        "sales",
        into=[{"id": "a", "name": "A", "head": {"title": "Lead"}}, "b"],
        assign={
            "a": {
                "children": ["east", "west"],
                "staff": ["head"],
                "responsibilities": ["revenue", "service"],
                "links": ["tech", "web"],
            },
            "b": {"staff": [0, 1], "responsibilities": ["revenue"]},
        },
    )
    assert new.unit("a")["head"]["title"] == "Lead"
    assert [p["title"] for p in new.unit("a")["staff"]] == ["Sales Director"]  # old head: staff
    assert new.responsible_for("revenue") == ["a", "b"] and new.responsibilities("b") == ["revenue"]
    assert new.name("b") == "b"


def test_split_may_reuse_the_old_id(small: og.Org) -> None:
    new = reorg.split(
        small,
        "sales",
        into=[{"id": "sales", "name": "Sales"}, {"id": "key_accounts", "name": "Key accounts"}],
        assign={
            "sales": {
                "children": ["east", "west"],
                "staff": ["head", 0, 1],
                "links": ["tech", "web"],
            }
        },
    )
    assert new.children("ceo") == ["sales", "key_accounts", "tech"]
    assert new.headcount("sales").value == small.headcount("sales").value


def full_assign(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "inside": {"children": ["east"], "staff": ["head", 0, 1], "links": ["tech", "web"]},
        "field": {"children": ["west"]},
    }
    for key, value in extra.items():
        who, what = key.split("__")
        base[who] = {**base[who], what: value}
    return base


def test_split_errors_name_what_is_missing_and_the_choices(small: og.Org) -> None:
    def split(**kw: Any) -> og.Org:
        return reorg.split(small, "sales", into=TWO, **kw)

    split(assign=full_assign())  # the baseline is valid
    with pytest.raises(
        ReorgError,
        match=r"1 unit reports to 'sales' but is not assigned.*: west;.*new units: inside, field",
    ):
        split(assign=full_assign(field__children=[]))
    with pytest.raises(ReorgError, match=r"unit 'east' is assigned to both 'inside' and 'field'"):
        split(assign=full_assign(field__children=["west", "east"]))
    with pytest.raises(
        UnknownIdError,
        match=r"'eats' is not a unit reporting to 'sales' \(did you mean 'east'\?\); choices: east, west",
    ):
        split(assign=full_assign(field__children=["west", "eats"]))
    with pytest.raises(
        ReorgError, match=r"1 post of 'sales' is not assigned.*1: Assistant \(1 seat\)"
    ):
        split(assign=full_assign(inside__staff=["head", 0]))
    with pytest.raises(
        ReorgError,
        match=r"7 is not a post of 'sales'; its posts: head: Sales Director \(1 seat\); 0: Rep \(3 seats\); 1: Assistant",
    ):
        split(assign=full_assign(inside__staff=["head", 0, 1, 7]))
    with pytest.raises(ReorgError, match=r"post 0 of 'sales' is assigned to both"):
        split(assign=full_assign(field__staff=["销售"]))  # a title in any language
    with pytest.raises(
        LinkError,
        match=r"1 link of 'sales' is not assigned.*dotted sales -> web; list the unit at the other end",
    ):
        split(assign=full_assign(inside__links=["tech"]))
    with pytest.raises(
        LinkError,
        match=r"'sales' has no link with 'wbe'; its links go to or come from: tech, web \(did you mean 'web'\?\)",
    ):
        split(assign=full_assign(field__links=["wbe"]))
    with pytest.raises(
        UnknownIdError,
        match=r"'revenu' is not a responsibility of 'sales'.*choices: revenue, service",
    ):
        split(assign=full_assign(field__responsibilities=["revenu"]))
    with pytest.raises(
        UnknownIdError, match=r"'outside' is not one of the new units \(inside, field\)"
    ):
        split(assign={**full_assign(), "outside": {}})
    with pytest.raises(SchemaError, match=r"unknown key 'childs' \(did you mean 'children'\?\)"):
        split(assign={**full_assign(), "field": {"childs": ["west"]}})
    with pytest.raises(ReorgError, match=r"at least two new units"):
        reorg.split(small, "sales", into=["one"], assign={})
    with pytest.raises(DuplicateIdError, match=r"'tech' is already taken"):
        reorg.split(small, "sales", into=["inside", "tech"])
    with pytest.raises(DuplicateIdError, match=r"'x' twice"):
        reorg.split(small, "sales", into=["x", "x"])
    with pytest.raises(SchemaError, match=r"into= must be a list"):
        reorg.split(small, "sales", into="inside")  # type: ignore[arg-type]
    with pytest.raises(ReorgError, match=r"cannot bring units of their own"):
        reorg.split(
            small,
            "sales",
            into=[{"id": "a", "name": "A", "units": [{"id": "c", "name": "C"}]}, "b"],
        )


def test_split_with_nothing_to_share(small: og.Org) -> None:
    org = reorg.add_unit(small, {"id": "lab", "name": "Lab"}, parent="tech")
    assert reorg.split(org, "lab", into=["lab1", "lab2"]).children("tech") == [
        "web",
        "lab1",
        "lab2",
    ]
    with pytest.raises(LinkError, match=r"1 link of 'web' is not assigned.*dotted sales -> web"):
        reorg.split(small, "web", into=["w1", "w2"])


# -- merge ------------------------------------------------------------------------------


def test_merge_into_one_of_them(small: og.Org) -> None:
    new = reorg.merge(small, ["east", "west"], into="west")
    assert new.children("sales") == ["west"] and "east" not in new
    assert new.headcount("west") == og.Rollup(2, ("west",))  # east's 2 and west's unknown
    assert [p["seats"] for p in new.unit("west")["staff"]] == [2, None]  # listed order
    # east <-> west joined the two merged units: dropped
    assert ("collaboration", "east", "west") not in links(new)
    assert new.changes[-1].details["dropped_links"] == ["collaboration east <-> west"]
    assert new.changes[-1].from_ == ("east", "west") and new.changes[-1].into == ("west",)


def test_merge_into_a_new_unit_keeps_every_post(small: og.Org) -> None:
    new = reorg.merge(
        small, ["sales", "tech"], into={"id": "business", "name": "Business", "type": "department"}
    )
    assert new.children("ceo") == ["business"]
    assert new.children("business") == ["east", "west", "web"]
    assert new.unit("business")["head"]["title"] == "Sales Director"  # the first listed head
    assert new.headcount().value == small.headcount().value
    assert new.responsibilities("business") == ["revenue", "service"]
    assert links(new) == [("dotted", "business", "web"), ("collaboration", "east", "west")]


def test_merge_heads_become_staff_when_the_new_unit_brings_one(small: og.Org) -> None:
    new = reorg.merge(
        small, ["sales", "tech"], into={"id": "biz", "name": "Biz", "head": {"title": "Boss"}}
    )
    staff = [p["title"] for p in new.unit("biz")["staff"]]
    assert staff[0] == "Sales Director" and new.headcount().value == small.headcount().value + 1


def test_merge_a_unit_with_its_own_subordinate(small: og.Org) -> None:
    new = reorg.merge(small, ["east", "sales"], into="east")  # east is under sales
    assert new.children("ceo") == ["east", "tech"] and new.children("east") == ["west"]
    assert new.unit("east")["head"]["title"] == "Sales Director"


def test_merge_errors(small: og.Org) -> None:
    with pytest.raises(
        ReorgError, match=r"'tech' is not one of the merged units; give one of east, west"
    ):
        reorg.merge(small, ["east", "west"], into="tech")
    with pytest.raises(ReorgError, match=r"a new unit needs a name: into=\{id: ew, name: ...\}"):
        reorg.merge(small, ["east", "west"], into="ew")
    with pytest.raises(ReorgError, match=r"at least two"):
        reorg.merge(small, ["east"], into="east")
    with pytest.raises(ReorgError, match=r"'east' listed twice"):
        reorg.merge(small, ["east", "east"], into="east")
    with pytest.raises(UnknownIdError, match=r"did you mean 'west'"):
        reorg.merge(small, ["east", "wset"], into="east")
    with pytest.raises(DuplicateIdError, match=r"'tech' is already taken"):
        reorg.merge(small, ["east", "west"], into={"id": "tech", "name": "T"})
    with pytest.raises(SchemaError, match=r"units= must be a list"):
        reorg.merge(small, "east", into="east")


# -- the change log -------------------------------------------------------------------------


def test_the_change_log_round_trips_through_files(small: og.Org, tmp_path: Path) -> None:
    new = reorg.move(small, "west", "tech", note={"en": "closer", "zh": "更近"}, date="2025-06-01")
    new = reorg.split(
        new,
        "sales",
        into=TWO,
        assign={
            "inside": {"staff": ["head", 0, 1], "children": ["east"], "links": ["tech", "web"]}
        },
    )
    for name in ("org.yaml", "org.json"):
        back = og.load(new.dump(tmp_path / name))
        assert back.changes == new.changes and back == new
    assert og.loads(og.dumps(new)).changes[-1].details["children"] == {"inside": ["east"]}


def test_the_change_log_takes_no_part_in_equality(small: og.Org) -> None:
    there_and_back = reorg.move(reorg.move(small, "west", "tech"), "west", "sales")
    assert there_and_back == small and len(there_and_back.changes) == 2
    assert there_and_back.changes != small.changes


def test_change_entries_are_validated() -> None:
    base = "units: [{id: a, name: A}]\n"
    with pytest.raises(SchemaError, match=r"changes\[0\].op.*'splt' is not valid; choose one of"):
        og.loads(base + "changes: [{op: splt}]")
    with pytest.raises(SchemaError, match=r"unknown key 'form' \(did you mean 'from'\?\)"):
        og.loads(base + "changes: [{op: move, form: [a]}]")
    # YAML dates become ISO text (JSON has no dates); ids are history, not checked
    org = og.loads(base + "changes: [{op: remove_unit, unit: gone, date: 2024-02-29}]")
    assert org.changes == (Change("remove_unit", unit="gone", date="2024-02-29"),)
    assert json.loads(og.dumps(org, "json"))["changes"] == [
        {"op": "remove_unit", "unit": "gone", "date": "2024-02-29"}
    ]


def test_operations_list_matches_the_schema() -> None:
    from typing import get_args

    from orggraph.core.schema import ChangeRecord

    assert get_args(ChangeRecord.model_fields["op"].annotation) == reorg.OPERATIONS


# -- scenarios ----------------------------------------------------------------------------


def test_apply_dispatches_by_name(small: og.Org) -> None:
    new = reorg.apply(small, {"op": "merge", "units": ["east", "west"], "into": "east"})
    assert new.children("sales") == ["east"]
    with pytest.raises(
        SchemaError, match=r"unknown op 'mvoe' \(did you mean 'move'\?\); choose one of add_unit"
    ):
        reorg.apply(small, {"op": "mvoe"})
    with pytest.raises(SchemaError, match=r"missing 'op'"):
        reorg.apply(small, {"unit": "east"})
    with pytest.raises(SchemaError, match=r"move: required key 'new_parent' is missing"):
        reorg.apply(small, {"op": "move", "unit": "east"})
    with pytest.raises(
        SchemaError, match=r"split: unknown key 'asign' \(did you mean 'assign'\?\)"
    ):
        reorg.apply(small, {"op": "split", "unit": "east", "into": [], "asign": {}})


def test_scenario_errors_name_the_file_the_operation_and_the_line(
    small: og.Org, tmp_path: Path
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "date: 2025-03-01\n"
        "operations:\n"
        "  - {op: move, unit: west, new_parent: tech}\n"
        "  - op: split\n"
        "    unit: sales\n"
        "    into: [inside, field]\n",
        encoding="utf-8",
    )
    with pytest.raises(ReorgError) as err:
        reorg.apply_scenario(small, path)
    text = str(err.value)
    assert text.startswith(f"{path}: operations[1] (line 4, column 5): 1 unit reports to 'sales'")
    path.write_text(
        path.read_text().replace(
            "[inside, field]",
            "[inside, field]\n    assign: {inside: {children: [east], staff: [head, 0, 1], links: [tech, web]}}",
        )
    )
    new = reorg.apply_scenario(small, path)
    assert [c.op for c in new.changes] == ["move", "split"]
    assert {c.date for c in new.changes} == {"2025-03-01"}  # the scenario's default date
    with pytest.raises(SchemaError, match=r"unknown key 'operation' \(did you mean 'operations'"):
        reorg.apply_scenario(small, {"operation": []})
    with pytest.raises(SchemaError, match=r"'operations' is missing"):
        reorg.apply_scenario(small, {"name": "x"})
    with pytest.raises(
        UnknownIdError, match=r"^operations\[0\].assign.a.children: 'eats' is not a unit reporting"
    ):
        reorg.apply_scenario(
            small,
            [
                {
                    "op": "split",
                    "unit": "sales",
                    "into": ["a", "b"],
                    "assign": {"a": {"children": ["eats"]}},
                }
            ],
        )


def test_scenario_file_problems(small: og.Org, tmp_path: Path) -> None:
    with pytest.raises(OrgError, match=r"cannot read the file"):
        reorg.apply_scenario(small, tmp_path / "missing.yaml")
    bad = tmp_path / "plan.txt"
    bad.write_text("operations: []")
    with pytest.raises(OrgError, match=r"a scenario is a .yaml, .yml or .json file"):
        reorg.apply_scenario(small, bad)
    listed = tmp_path / "plan.yaml"
    listed.write_text("- {op: move}\n")
    with pytest.raises(SchemaError, match=r"a scenario is a mapping"):
        reorg.apply_scenario(small, listed)
    empty = tmp_path / "empty.json"
    empty.write_text('{"operations": []}')
    assert reorg.apply_scenario(small, empty) == small


# -- the seed's split ---------------------------------------------------------------------


def test_the_seed_split_scenario(seed: og.Org) -> None:
    # The scenario is effective on 2027-01-01: one dated organisation, named dates.
    dated = reorg.apply_scenario(seed, SCENARIO)
    assert dated.as_of("2026-12-31") == seed
    new = dated.as_of("2027-01-01")
    assert new == reorg.apply_scenario(seed, reorg.load_scenario(SCENARIO)["operations"])
    assert new.children("coo") == [
        "web_operations",
        "planning_editing",
        "customer_service",
        "procurement",
        "warehousing_logistics",
        "marketing",
    ]
    assert new.children("procurement") == ["pl_purchasing"]
    assert new.children("warehousing_logistics") == [
        "pl_warehousing",
        "pl_order_processing",
        "pl_delivery",
    ]
    # the old director heads warehousing and logistics; procurement's new director has
    # an unknown salary: one seat more, budget unchanged in what is known
    assert new.unit("warehousing_logistics")["head"]["salary"] == 8000
    assert new.headcount().value == seed.headcount().value + 1
    assert new.budget().value == seed.budget().value and "procurement" in new.budget().unknown
    assert new.responsible_for("tender_and_purchase") == ["procurement", "pl_purchasing"]
    assert new.responsible_for("balance_inventory") == ["warehousing_logistics"]
    assert [c.unit for c in new.collaborators("technology")][:3] == [
        "procurement",
        "warehousing_logistics",
        "customer_service",
    ]
    assert new.collaborators("web_operations")[0].unit == "procurement"
    assert new.find("仓库部") == ["warehousing_logistics"]


def test_the_split_file_is_the_scenario_applied(seed: og.Org, tmp_path: Path) -> None:
    """data/ecommerce-split.yaml is generated: regenerating it gives the same bytes."""
    out = tmp_path / "split.yaml"
    assert run_cli(["apply", str(SEED), str(SCENARIO), "-o", str(out)]) == 0
    assert out.read_bytes() == SPLIT.read_bytes(), (
        "data/ecommerce-split.yaml is stale: run orggraph apply data/ecommerce.yaml "
        "data/ecommerce-split.scenario.yaml -o data/ecommerce-split.yaml"
    )
    split = og.load(SPLIT)
    assert split.to_dict() == reorg.apply_scenario(seed, SCENARIO).to_dict()
    assert [c.op for c in split.changes] == ["split"]
    assert split.changes[0].effective == "2027-01-01"
    assert [str(d) for d in split.dates()] == ["2027-01-01"]
    assert split.as_of("2026-12-31") == seed


# -- the command line -----------------------------------------------------------------------


def run_cli(argv: list[str]) -> int:
    """``orggraph ARGV`` through cli.main once the subcommands are wired in; until then
    through a parser with just them, with main's error handling."""
    from orggraph.cli import app as cli
    from orggraph.cli import reorg as _cli_reorg

    wired = "apply" in cli.build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if wired:
        return cli.main(argv)
    parser = argparse.ArgumentParser(prog="orggraph")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    _cli_reorg.register(parser.add_subparsers(dest="command", required=True), common)
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except OrgError as err:
        import sys

        sys.stderr.write(f"orggraph: error: {err}\n")
        return 1


def test_cli_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "after.json"
    assert run_cli(["apply", str(SEED), str(SCENARIO), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""  # quiet on success: -v says what was done
    assert run_cli(["apply", str(SEED), str(SCENARIO), "-o", str(out), "-v"]) == 0
    err = capsys.readouterr().err
    assert f"{out}: 45 units on 2027-01-01 after 1 operation" in err
    assert (
        "split procurement_logistics into procurement, warehousing_logistics (from 2027-01-01)"
        in err
    )
    assert json.loads(out.read_text(encoding="utf-8"))["changes"][0]["op"] == "split"
    assert run_cli(["apply", str(SEED), str(SCENARIO), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# Generated by: orggraph apply ecommerce.yaml")


def test_cli_apply_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("operations:\n  - {op: move, unit: hr, new_parent: h}\n", encoding="utf-8")
    assert run_cli(["apply", str(SEED), str(bad), "-o", str(tmp_path / "x.yaml")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: operations[0] (line 2, column 5): unknown parent id 'h'" in err
    assert not (tmp_path / "x.yaml").exists()
    assert run_cli(["apply", str(SEED), str(SCENARIO), "-o", str(tmp_path / "x.txt")]) == 1
    assert "cannot tell the format" in capsys.readouterr().err
    assert run_cli(["apply", str(SEED), str(SCENARIO), "-o", str(tmp_path / "no" / "x.yaml")]) == 1
    assert "does not exist" in capsys.readouterr().err


# -- properties -----------------------------------------------------------------------------

NAMES = st.one_of(
    st.sampled_from(["A", "B & C", "<x>", "客服部"]),
    st.fixed_dictionaries(
        {"en": st.sampled_from(["One", "Two"]), "zh": st.sampled_from(["一", "二"])}
    ),
)


@st.composite
def posts(draw: st.DrawFn) -> dict[str, Any]:
    post: dict[str, Any] = {"title": draw(st.sampled_from(["Rep", "Clerk", "Lead"]))}
    post["seats"] = draw(st.none() | st.integers(0, 5))
    if draw(st.booleans()):
        post["salary"] = draw(st.integers(0, 1000))
    return post


@st.composite
def orgs(draw: st.DrawFn, max_units: int = 9, min_units: int = 2) -> og.Org:
    """A random single-root organisation with simple ids (u0 is the root)."""
    n = draw(st.integers(min_units, max_units))
    rids = [f"r{i}" for i in range(draw(st.integers(0, 3)))]
    units: list[dict[str, Any]] = []
    for i in range(n):
        unit: dict[str, Any] = {"id": f"u{i}", "name": draw(NAMES)}
        if i:
            unit["parent"] = f"u{draw(st.integers(0, i - 1))}"
        if draw(st.booleans()):
            unit["head"] = draw(posts())
        unit["staff"] = draw(st.lists(posts(), max_size=3))
        if rids:
            unit["responsibilities"] = draw(
                st.lists(st.sampled_from(rids), unique=True, max_size=3)
            )
        if draw(st.integers(0, 3)) == 0:
            unit["attrs"] = {"fte": draw(st.integers(0, 9))}
        units.append(unit)
    pairs = [(f"u{i}", f"u{j}") for i in range(n) for j in range(n) if i != j]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=4))
    links = [
        {"kind": draw(st.sampled_from(["dotted", "collaboration"])), "from": a, "to": b}
        for a, b in chosen
    ]
    return og.from_dict(
        {
            "units": units,
            "responsibilities": [{"id": r, "name": r.upper()} for r in rids],
            "links": links,
        }
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orgs(), st.data())
def test_moves_conserve_the_roots_rollups(org: og.Org, data: st.DataObject) -> None:
    unit = data.draw(st.sampled_from(org.units()[1:]))
    below = set(org.descendants(unit)) | {unit}
    target = data.draw(st.sampled_from([u for u in org.units() if u not in below]))
    if target == org.parent(unit):
        return
    new = reorg.move(org, unit, target)
    for measure in ("seats", "budget", "fte") if "fte" in org.measures() else ("seats", "budget"):
        old, now = org.rollup(measure), new.rollup(measure)
        assert now.value == old.value and set(now.unknown) == set(old.unknown)
    assert [(d.kind, d.id, d.old, d.new) for d in diff(org, new)] == [
        ("moved", unit, org.parent(unit), target)
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orgs(), st.data())
def test_random_operations_are_recovered_by_diff(org: og.Org, data: st.DataObject) -> None:
    before = snapshot(org)
    parent = {u: org.parent(u) for u in org.units()}
    names = {u: org.unit(u)["name"] for u in org.units()}
    posts_changed: set[str] = set()
    current = org
    for step in range(data.draw(st.integers(1, 6))):
        live = current.units()
        op = data.draw(st.sampled_from(["move", "rename", "set_staff", "add_unit", "remove_unit"]))
        if op == "move" and len(live) > 1:
            unit = data.draw(st.sampled_from(live[1:]))
            below = set(current.descendants(unit)) | {unit}
            targets = [u for u in live if u not in below and u != current.parent(unit)]
            if not targets:
                continue
            target = data.draw(st.sampled_from(targets))
            current = reorg.move(current, unit, target)
            parent[unit] = target
        elif op == "rename":
            unit = data.draw(st.sampled_from(live))
            name = f"Renamed {step}"
            current = reorg.rename(current, unit, name=name)
            names[unit] = name
        elif op == "set_staff":
            unit = data.draw(st.sampled_from(live))
            staff = data.draw(st.lists(posts(), max_size=2))
            current = reorg.set_staff(current, unit, staff=staff)
            posts_changed.add(unit)
        elif op == "add_unit":
            uid = f"new{step}"
            under = data.draw(st.sampled_from(live))
            current = reorg.add_unit(current, {"id": uid, "name": uid}, parent=under)
            parent[uid], names[uid] = under, uid
        elif op == "remove_unit" and len(live) > 1:
            unit = data.draw(st.sampled_from(live[1:]))
            up = current.parent(unit)
            for c in current.children(unit):
                parent[c] = up
            current = reorg.remove_unit(current, unit, reassign_to=up)
            del parent[unit]
    assert snapshot(org) == before  # the original is never touched
    d = diff(org, current)
    final = set(parent)
    assert {x.id for x in d.of("added")} == final - set(org.units())
    assert {x.id for x in d.of("removed")} == set(org.units()) - final
    assert {x.id: (x.old, x.new) for x in d.of("moved")} == {
        u: (org.parent(u), parent[u])
        for u in final & set(org.units())
        if org.parent(u) != parent[u]
    }
    assert {x.id: x.new for x in d.of("renamed")} == {
        u: names[u] for u in final & set(org.units()) if names[u] != org.unit(u)["name"]
    }
    staff_or_salary = {x.id for x in d.of("staff") + d.of("salary")}
    assert staff_or_salary <= posts_changed  # only units whose posts were set
    assert current.headcount().value == current.rollup_table().value(current.root, "seats")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orgs(), st.data())
def test_split_then_merge_gives_the_original_back(org: og.Org, data: st.DataObject) -> None:
    unit = data.draw(st.sampled_from(org.units()))
    own = org.unit(unit)
    kids = org.children(unit)
    staff = list(range(len(own["staff"])))
    rids = org.responsibilities(unit)
    ends = list(dict.fromkeys(b if a == unit else a for a, b, _ in org.links() if unit in (a, b)))
    k_kids = data.draw(st.integers(0, len(kids)))
    k_staff = data.draw(st.integers(0, len(staff)))
    k_rids = data.draw(st.integers(0, len(rids)))
    to = {e: data.draw(st.sampled_from([["a"], ["b"], ["a", "b"]])) for e in ends}
    assign = {
        side: {
            "children": part(kids, k_kids),
            "staff": (["head"] if own["head"] and side == "split_a" else []) + part(staff, k_staff),
            "responsibilities": part(rids, k_rids),
            "links": [e for e in ends if side[-1] in to[e]],
        }
        for side, part in (
            ("split_a", lambda xs, k: xs[:k]),
            ("split_b", lambda xs, k: xs[k:]),
        )
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OrgWarning)  # splitting the root makes two roots
        halves = reorg.split(org, unit, into=["split_a", "split_b"], assign=assign)
        assert halves.headcount().value == org.headcount().value
        spec = {
            k: v
            for k, v in org.subtree(unit).to_dict()["units"][0].items()
            if k not in ("units", "head", "staff", "responsibilities")
        }
        back = reorg.merge(halves, ["split_a", "split_b"], into=spec)
        assert back == org
        # merged under a new id, then given the old id back: equal too
        renamed = reorg.merge(halves, ["split_a", "split_b"], into={**spec, "id": "merged"})
        assert reorg.rename(renamed, "merged", id=unit) == org
    assert [c.op for c in back.changes] == ["split", "merge"]


REQUIRED = {
    "move": ["unit", "new_parent"],
    "rename": ["unit"],
    "add_unit": ["unit", "parent"],
    "remove_unit": ["unit"],
    "set_staff": ["unit"],
    "split": ["unit", "into"],
    "merge": ["units", "into"],
}
OPTIONAL = {
    "move": ["position"],
    "rename": ["name", "id"],
    "add_unit": ["position"],
    "remove_unit": ["reassign_to", "keep_staff", "cascade"],
    "set_staff": ["head", "staff"],
    "split": ["assign"],
    "merge": [],
}
UNIT_IDS = st.sampled_from(["u0", "u1", "u2", "u3"])
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 5),
    st.sampled_from(["zz", "", " ", "r0"]),
    st.just([]),
)
NEW_UNIT = st.one_of(
    st.sampled_from(["n1", "n2", "u1"]),
    st.fixed_dictionaries(
        {"id": st.sampled_from(["n1", "n2", "u2", ""]), "name": st.sampled_from(["N", "M", ""])}
    ),
)
REF = st.one_of(UNIT_IDS, st.sampled_from(["head", "Rep", "n1"]), st.integers(-1, 3))
VALUES: dict[str, Any] = {
    "unit": UNIT_IDS,
    "new_parent": st.one_of(UNIT_IDS, st.none()),
    "parent": st.one_of(UNIT_IDS, st.none()),
    "reassign_to": UNIT_IDS,
    "units": st.lists(UNIT_IDS, max_size=3),
    "into": st.one_of(UNIT_IDS, NEW_UNIT, st.lists(NEW_UNIT, max_size=3)),
    "name": NAMES,
    "id": st.sampled_from(["n1", "u1", " x"]),
    "position": st.integers(-1, 3),
    "keep_staff": st.booleans(),
    "cascade": st.booleans(),
    "head": st.one_of(st.none(), posts()),
    "staff": st.lists(posts(), max_size=2),
    "assign": st.dictionaries(
        st.sampled_from(["n1", "n2", "u1"]),
        st.dictionaries(
            st.sampled_from(["children", "staff", "links", "responsibilities", "kids"]),
            st.lists(REF, max_size=3),
        ),
        max_size=2,
    ),
}

SPECIAL: dict[tuple[str, str], Any] = {
    ("add_unit", "unit"): NEW_UNIT,
    ("split", "into"): st.sampled_from(
        [
            ["n1", "n2"],
            [{"id": "n1", "name": "N"}, "n2"],
            ["n1", "n2", "n3"],
            ["n1", "u1"],
            ["n1"],
            ["n1", "n1"],
            [{"id": "n1", "name": "N", "units": [{"id": "n4", "name": "M"}]}, "n2"],
        ]
    ),
    ("merge", "into"): st.one_of(UNIT_IDS, NEW_UNIT),
    ("merge", "units"): st.lists(UNIT_IDS, min_size=2, max_size=3, unique=True),
}


@pytest.mark.parametrize("op", sorted(REQUIRED))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=orgs(max_units=5, min_units=4), data=st.data())
def test_any_operation_gives_an_org_or_an_org_error(
    org: og.Org, op: str, data: st.DataObject
) -> None:
    keys = REQUIRED[op] + data.draw(
        st.lists(st.sampled_from(OPTIONAL[op] or ["bogus"]), unique=True)
    )
    if data.draw(st.integers(0, 19)) == 7:  # now and then a key is missing or unknown
        keys = data.draw(st.lists(st.sampled_from([*keys, "bogus"]), unique=True))
    operation = {"op": op}
    for k in keys:
        good = SPECIAL.get((op, k), VALUES.get(k))
        operation[k] = data.draw(
            JUNK if good is None or data.draw(st.integers(0, 9)) == 5 else good
        )
    if op == "split" and isinstance(operation.get("into"), list) and data.draw(st.booleans()):
        # a complete assignment (to the first new unit), so that some splits succeed
        unit = operation.get("unit")
        first = operation["into"][0] if operation["into"] else None
        first = first.get("id") if isinstance(first, dict) else first
        if isinstance(unit, str) and unit in org and isinstance(first, str):
            own = org.unit(unit)
            ends = [b if a == unit else a for a, b, _ in org.links() if unit in (a, b)]
            operation["assign"] = {
                first: {
                    "children": org.children(unit),
                    "staff": (["head"] if own["head"] else []) + list(range(len(own["staff"]))),
                    "links": ends,
                }
            }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OrgWarning)
        try:
            new = reorg.apply(org, operation)
        except OrgError as err:
            event(f"{op}: {type(err).__name__}")
            return
        event(f"{op}: applied")
        assert isinstance(new, og.Org) and og.loads(og.dumps(new)) == new


def test_split_assigns_posts_by_id_and_names_the_place_once() -> None:
    org = og.loads(
        "units: [{id: co, name: Co, units: [{id: be, name: BE, head: {id: be-h, title: Lead},"
        " staff: [{id: be-dev, title: Dev, seats: 5}, {title: QA}]}]}]"
    )
    new = reorg.split(
        org, "be", into=["x", "y"], assign={"x": {"staff": ["head", "be-dev"]}, "y": {"staff": [1]}}
    )
    assert [p["id"] for p in new.node_data["x"]["staff"]] == ["be-dev"]
    assert new.node_data["x"]["head"]["id"] == "be-h"
    with pytest.raises(ReorgError) as got:
        reorg.split(org, "be", into=["x", "y"], assign={"x": {"staff": ["head", "nope", 1]}})
    assert got.value.place == "assign.x.staff"
    assert str(got.value).count("assign.x.staff") == 1
    assert "head (be-h): Lead (1 seat); 0 (be-dev): Dev (5 seats); 1: QA" in str(got.value)


def test_the_doc_says_apply_is_quiet_without_v() -> None:
    doc = " ".join((ROOT / "docs" / "reorganisation.md").read_text(encoding="utf-8").split())
    assert "with `-v` it lists what it did on stderr" in doc
    assert "and lists what it did on stderr." not in doc
