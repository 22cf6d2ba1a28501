"""Queries, rollups and round trips of `Org`, on small hand-written organisations.

Every expected value below is worked out by hand from SMALL, not computed by orggraph.
"""

from __future__ import annotations

import datetime
import json
import warnings
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import orggraph as og
from orggraph import Collaboration, DottedLine, Rollup
from orggraph.io import tables as tabular

SMALL = """\
org: {zh: 测试公司, en: Test Co}
lang: [zh, en]
attrs: {founded: 2001}
units:
  - id: ceo
    name: {zh: 总经理室, en: CEO office}
    type: executive
    aliases: [Head office, {zh: 总部}]
    head: {title: {zh: 首席执行官, en: Chief Executive Officer}, salary: 20000}
    responsibilities: [strategy]
    units:
      - id: sales
        name: {zh: 销售部, en: Sales}
        type: department
        head: {title: Sales Director, salary: 10000, filled: 1}
        responsibilities: [growth, customer_satisfaction]
        units:
          - id: sales_north
            name: {en: North Sales}
            type: team
            staff: [{title: Rep, seats: 4, salary: 3000, filled: 3, holders: [Ann, Bo, Cy]}]
            attrs: {fte: 3.5, region: north}
          - id: sales_south
            name: South Sales
            type: team
            staff: [{title: Rep, seats: null, salary: 3000}]
            attrs: {fte: null}
      - id: tech
        name: {zh: 技术部, en: Technology}
        type: department
        head: {title: CTO}
        responsibilities: [growth]
        attrs: {fte: 2}
        units:
          - id: tech_web
            name: {zh: 网站组, en: Web}
            type: team
            staff: [{title: Engineer, seats: 2, salary: 5000, filled: 2, pay: bonus}]
            responsibilities: [customer_satisfaction]
responsibilities:
  - {id: strategy, name: {zh: 制定战略, en: Set the strategy}}
  - {id: growth, name: {zh: 提高销售额, en: Grow sales}}
  - {id: customer_satisfaction, name: {zh: 提高用户满意度, en: Raise customer satisfaction}}
  - {id: unused, name: Unused duty}
links:
  - {kind: dotted, from: tech, to: sales_north}
  - {kind: collaboration, from: tech_web, to: sales, relation: {zh: 支持, en: supports}}
  - {kind: collaboration, from: sales_south, to: tech_web, relation: talks to, mutual: true}
  - {kind: collaboration, from: sales_north, to: ceo}
  - {kind: collaboration, from: sales_north, to: sales_south, relation: shares leads with}
"""

WriteFile = Callable[..., Path]  # the write_file fixture (conftest.py)

ALL = ["ceo", "sales", "sales_north", "sales_south", "tech", "tech_web"]

TWO_ROOTS = """\
units:
  - {id: a, name: A, units: [{id: a1, name: A1}]}
  - {id: b, name: B, units: [{id: b1, name: B1}]}
"""


@pytest.fixture(scope="module")
def org() -> og.Org:
    return og.loads(SMALL)


@pytest.fixture(scope="module")
def two_roots() -> og.Org:
    with pytest.warns(og.OrgWarning):
        return og.loads(TWO_ROOTS)


# -- the reporting tree -----------------------------------------------------------------


def test_root_and_roots(org: og.Org) -> None:
    assert org.roots() == ["ceo"]
    assert org.root == "ceo"
    assert len(org) == 6
    assert list(org) == ALL
    assert "tech" in org and "growth" not in org and "nope" not in org


def test_several_roots_warn_on_load_and_have_no_root() -> None:
    with pytest.warns(og.OrgWarning, match=r"2 roots \(a, b\)"):
        org = og.loads(TWO_ROOTS)
    assert org.roots() == ["a", "b"]
    with pytest.raises(og.OrgError, match=r"2 roots; use roots\(\)") as info:
        org.root  # noqa: B018
    assert info.value.ids == ("a", "b")


def test_one_root_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        og.loads(SMALL)


def test_parent(org: og.Org) -> None:
    assert org.parent("sales_north") == "sales"
    assert org.parent("sales") == "ceo"
    assert org.parent("ceo") is None


def test_children(org: og.Org) -> None:
    assert org.children("ceo") == ["sales", "tech"]
    assert org.children("sales") == ["sales_north", "sales_south"]
    assert org.children("tech_web") == []
    org.children("ceo").append("x")  # a copy: the org is unchanged
    assert org.children("ceo") == ["sales", "tech"]


def test_descendants(org: og.Org) -> None:
    assert org.descendants("ceo") == ["sales", "sales_north", "sales_south", "tech", "tech_web"]
    assert org.descendants("tech") == ["tech_web"]
    assert org.descendants("sales_south") == []


def test_chain(org: og.Org) -> None:
    assert org.chain("tech_web") == ["tech_web", "tech", "ceo"]
    assert org.chain("ceo") == ["ceo"]


def test_depth(org: og.Org) -> None:
    assert [org.depth(u) for u in ALL] == [0, 1, 2, 2, 1, 2]


def test_common_superior(org: og.Org) -> None:
    assert org.common_superior("sales_north", "tech_web") == "ceo"
    assert org.common_superior("sales_north", "sales_south") == "sales"
    assert org.common_superior("sales", "sales_north") == "sales"
    assert org.common_superior("sales_north", "sales") == "sales"
    assert org.common_superior("tech", "tech") == "tech"


def test_common_superior_across_roots_is_none(two_roots: og.Org) -> None:
    assert two_roots.common_superior("a1", "b1") is None
    assert two_roots.common_superior("a", "b") is None
    assert two_roots.common_superior("a1", "a") == "a"


def test_units_and_types(org: og.Org) -> None:
    assert org.units() == ALL
    assert org.units(unit_type="team") == ["sales_north", "sales_south", "tech_web"]
    assert org.units(unit_type="department") == ["sales", "tech"]
    assert org.units(unit_type="nope") == []
    assert org.types() == ["executive", "department", "team"]


def test_tree_view(org: og.Org) -> None:
    tree = org.tree
    assert isinstance(tree, nx.DiGraph) and not tree.is_multigraph()
    assert list(tree.nodes) == ALL  # units only, no responsibilities
    assert set(tree.edges) == {
        ("ceo", "sales"),
        ("ceo", "tech"),
        ("sales", "sales_north"),
        ("sales", "sales_south"),
        ("tech", "tech_web"),
    }  # reporting only: no dotted line tech -> sales_north, no collaborations
    assert nx.is_arborescence(tree)
    assert tree.nodes["sales"]["type"] == "department"
    assert nx.is_frozen(tree)
    with pytest.raises(nx.NetworkXError):
        tree.add_edge("tech_web", "ceo")
    assert list(nx.dfs_postorder_nodes(tree, "tech")) == ["tech_web", "tech"]


def test_subtree(org: og.Org) -> None:
    sub = org.subtree("sales")
    assert sub.roots() == ["sales"] and sub.parent("sales") is None
    assert sub.units() == ["sales", "sales_north", "sales_south"]
    # Only the responsibilities the kept units use, in file order.
    assert sub.responsibility_ids() == ["growth", "customer_satisfaction"]
    assert sub.responsibilities("sales") == ["growth", "customer_satisfaction"]
    # Only the link between two kept units.
    assert [(a, b, d["kind"]) for a, b, d in sub.links()] == [
        ("sales_north", "sales_south", "collaboration")
    ]
    assert sub.collaborators("sales_south") == [
        Collaboration("sales_north", "shares leads with", "in")
    ]
    assert sub.dotted("sales_north") == []
    assert sub.title == "测试公司" and sub.lang == ["zh", "en"]
    assert sub.headcount() == Rollup(5, ("sales_south",))
    assert "tech" not in sub
    with pytest.raises(og.UnknownIdError):
        sub.parent("tech")
    assert len(org) == 6  # the original is untouched


def test_subtree_of_a_leaf(org: og.Org) -> None:
    sub = org.subtree("tech_web")
    assert sub.units() == ["tech_web"]
    assert sub.responsibility_ids() == ["customer_satisfaction"]
    assert sub.links() == []


# -- names, search, responsibilities, links ---------------------------------------------


def test_name_in_languages_and_fallbacks(org: og.Org) -> None:
    assert org.name("ceo") == "总经理室"  # the org's first language
    assert org.name("ceo", lang="en") == "CEO office"
    assert org.name("ceo", lang="fr") == "总经理室"  # unknown language: the default one
    assert org.name("sales_north") == "North Sales"  # no zh text: any text it has
    assert org.name("sales_north", lang="zh") == "North Sales"
    assert org.name("sales_south", lang="en") == "South Sales"  # a plain string
    assert org.name("growth", lang="en") == "Grow sales"  # responsibilities have names too
    assert org.title == "测试公司"


def test_name_without_org_languages() -> None:
    org = og.loads("units: [{id: a, name: {en: A, zh: 甲}}]")
    assert org.lang == []
    assert org.name("a") == "A"  # the first text
    assert org.name("a", lang="zh") == "甲"
    assert org.title == ""


def test_unit_data_is_read_only(org: og.Org) -> None:
    data = org.unit("sales_north")
    assert data["staff"][0]["holders"] == ["Ann", "Bo", "Cy"]
    assert data["attrs"] == {"fte": 3.5, "region": "north"}
    with pytest.raises(TypeError):
        data["type"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sales", ["sales", "sales_north", "sales_south"]),  # names, any case
        ("SALES DIRECTOR", ["sales"]),  # a head's title
        ("销售", ["sales"]),  # another language
        ("head office", ["ceo"]),  # an alias
        ("总部", ["ceo"]),  # an alias in another language
        ("首席", ["ceo"]),  # a head title in another language
        ("engineer", ["tech_web"]),  # a staff title
        ("rep", ["sales_north", "sales_south"]),
        ("", ALL),
        ("nothing like it", []),
    ],
)
def test_find(org: og.Org, query: str, expected: list[str]) -> None:
    assert org.find(query) == expected


def test_responsibilities(org: og.Org) -> None:
    assert org.responsibility_ids() == ["strategy", "growth", "customer_satisfaction", "unused"]
    assert org.responsibilities("sales") == ["growth", "customer_satisfaction"]
    assert org.responsibilities("ceo") == ["strategy"]
    assert org.responsibilities("sales_north") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("growth", ["sales", "tech"]),  # by id
        ("customer_satisfaction", ["sales", "tech_web"]),
        ("unused", []),  # declared, owned by nobody
        ("satisfaction", ["sales", "tech_web"]),  # by a piece of the name
        ("GROW", ["sales", "tech"]),
        ("用户满意", ["sales", "tech_web"]),
        ("the strategy", ["ceo"]),
        ("no such duty", []),
    ],
)
def test_responsible_for(org: og.Org, query: str, expected: list[str]) -> None:
    assert org.responsible_for(query) == expected


def test_collaborators_both_directions(org: og.Org) -> None:
    assert org.collaborators("tech_web", lang="en") == [
        Collaboration("sales", "supports", "out"),
        Collaboration("sales_south", "talks to", "both"),  # mutual, seen from its target
    ]
    assert org.collaborators("sales") == [Collaboration("tech_web", "支持", "in")]
    assert org.collaborators("sales_south") == [
        Collaboration("tech_web", "talks to", "both"),  # mutual, seen from its source
        Collaboration("sales_north", "shares leads with", "in"),
    ]
    assert org.collaborators("ceo") == [Collaboration("sales_north", None, "in")]
    assert org.collaborators("tech") == []  # a dotted line is not a collaboration


def test_dotted(org: og.Org) -> None:
    assert org.dotted("sales_north") == [DottedLine("tech", "manager")]
    assert org.dotted("tech") == [DottedLine("sales_north", "report")]
    assert org.dotted("ceo") == []


def test_links_in_file_order(org: og.Org) -> None:
    assert [(a, b) for a, b, _ in org.links()] == [
        ("tech", "sales_north"),
        ("tech_web", "sales"),
        ("sales_south", "tech_web"),
        ("sales_north", "ceo"),
        ("sales_north", "sales_south"),
    ]
    assert [(a, b) for a, b, _ in org.links("dotted")] == [("tech", "sales_north")]


QUERIES = {
    "parent": lambda o, u: o.parent(u),
    "children": lambda o, u: o.children(u),
    "descendants": lambda o, u: o.descendants(u),
    "chain": lambda o, u: o.chain(u),
    "depth": lambda o, u: o.depth(u),
    "common_superior": lambda o, u: o.common_superior("sales", u),
    "subtree": lambda o, u: o.subtree(u),
    "unit": lambda o, u: o.unit(u),
    "name": lambda o, u: o.name(u),
    "responsibilities": lambda o, u: o.responsibilities(u),
    "collaborators": lambda o, u: o.collaborators(u),
    "dotted": lambda o, u: o.dotted(u),
    "rollup": lambda o, u: o.rollup("seats", u),
    "headcount": lambda o, u: o.headcount(u),
    "budget": lambda o, u: o.budget(u),
    "table": lambda o, u: o.rollup_table()[u],
}


@pytest.mark.parametrize("query", list(QUERIES))
def test_unknown_id_suggests_close_matches(org: og.Org, query: str) -> None:
    with pytest.raises(og.UnknownIdError) as info:
        QUERIES[query](org, "sales_nort")
    err = info.value
    assert isinstance(err, og.OrgError) and isinstance(err, KeyError)
    assert "'sales_nort'" in str(err)
    assert "did you mean 'sales_north'" in str(err)
    assert err.ids == ("sales_nort",)
    assert "sales_north" in err.choices


def test_unknown_id_without_close_match(org: og.Org) -> None:
    with pytest.raises(og.UnknownIdError) as info:
        org.parent("zzzzzz")
    assert str(info.value) == "unknown unit id 'zzzzzz'"
    assert info.value.choices == ()


def test_unknown_id_error_names_the_file(write_file: WriteFile) -> None:
    path = write_file(SMALL)
    org = og.load(path)
    with pytest.raises(og.UnknownIdError) as info:
        org.chain("tec")
    assert info.value.file == str(path)
    assert str(info.value).startswith(f"{path}: unknown unit id 'tec'")


# -- rollups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "uid", "expected"),
    [
        # seats: heads 1 each, sales_north 4, sales_south unknown (seats: null), tech_web 2
        ("seats", None, Rollup(9, ("sales_south",))),
        ("seats", "ceo", Rollup(9, ("sales_south",))),
        ("seats", "sales", Rollup(5, ("sales_south",))),
        ("seats", "tech", Rollup(3, ())),
        ("seats", "sales_north", Rollup(4, ())),
        # budget: 20000 + 10000 + 4*3000 + 2*5000; the CTO's salary and the south's seats
        # are unknown
        ("budget", None, Rollup(52000, ("sales_south", "tech"))),
        ("budget", "sales", Rollup(22000, ("sales_south",))),
        ("budget", "tech", Rollup(10000, ("tech",))),
        ("budget", "tech_web", Rollup(10000, ())),
        # filled: only the sales head (1), sales_north (3) and tech_web (2) say
        ("filled", None, Rollup(6, ("ceo", "sales_south", "tech"))),
        ("filled", "sales", Rollup(4, ("sales_south",))),
        # attrs: fte on sales_north (3.5), sales_south (null) and tech (2); the others do
        # not say, which is unknown too (not a zero)
        ("fte", None, Rollup(5.5, ("ceo", "sales", "sales_south", "tech_web"))),
        ("fte", "tech", Rollup(2, ("tech_web",))),
        ("fte", "tech_web", Rollup(0, ("tech_web",))),
        ("fte", "sales_north", Rollup(3.5, ())),
    ],
)
def test_rollup(org: og.Org, measure: str, uid: str | None, expected: Rollup) -> None:
    assert org.rollup(measure, uid) == expected


def test_headcount_and_budget_are_rollups(org: og.Org) -> None:
    assert org.headcount("sales") == org.rollup("seats", "sales")
    assert org.budget() == org.rollup("budget")
    assert not org.budget().complete and org.budget("tech_web").complete
    assert str(org.budget()) == "≥ 52,000 (2 units unknown)"


def test_a_unit_without_posts_counts_zero_and_is_known() -> None:
    org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B, head: {title: x}}]}]")
    assert org.headcount("a") == Rollup(1, ())
    assert org.budget("a") == Rollup(0, ("b",))


def test_post_without_a_seats_key_has_one_seat() -> None:
    # Graphs built in code (not through the schema) may leave the default out.
    from orggraph.core.build import build

    data = {"kind": "unit", "name": "A", "staff": [{"title": "x", "salary": 5}]}
    org = build([("a", None, data, [])])
    table = org.rollup_table()
    assert org.headcount() == table["a"]["seats"] == Rollup(1, ())
    assert org.budget() == table["a"]["budget"] == Rollup(5, ())


def test_measures(org: og.Org) -> None:
    assert org.measures() == ["seats", "budget", "filled", "vacancies", "fte", "people"]


def test_unknown_measure_lists_choices(org: og.Org) -> None:
    with pytest.raises(og.MeasureError) as info:
        org.rollup("ftee")
    message = str(info.value)
    assert "unknown measure 'ftee'" in message
    assert "seats, budget, filled, vacancies, fte, people" in message
    assert info.value.choices == ("seats", "budget", "filled", "vacancies", "fte", "people")
    with pytest.raises(og.MeasureError, match="unknown measure 'salary'"):
        org.rollup_table(["seats", "salary"])


def test_unknown_measure_suggests_a_close_one(org: og.Org) -> None:
    with pytest.raises(og.MeasureError) as info:
        org.rollup("ftes")
    assert str(info.value).startswith("unknown measure 'ftes' (did you mean 'fte'?); choose one of")
    with pytest.raises(og.MeasureError, match=r"'budgte' \(did you mean 'budget'\?\)"):
        org.rollup_table(["budgte"])
    with pytest.raises(og.MeasureError) as far:
        org.rollup("headcount")
    assert "did you mean" not in str(far.value)


MISSING_KEY = "units: [{id: a, name: A, attrs: {fte: 2}, units: [{id: b, name: B}]}]"


def test_a_unit_without_the_measure_is_unknown_not_zero() -> None:
    # Issue 10, defect 16: b does not say its fte; that is unknown, as a blank cell is.
    org = og.loads(MISSING_KEY)
    assert org.rollup("fte", "b") == Rollup(0, ("b",))
    assert org.rollup("fte", "a") == org.rollup("fte") == Rollup(2, ("b",))
    table = org.rollup_table(["fte"])
    assert table["b"]["fte"] == Rollup(0, ("b",)) and table["a"]["fte"] == Rollup(2, ("b",))
    assert table.unknown_count("a", "fte") == 1
    assert [row["fte_unknown"] for row in table.rows()] == [1, 1]
    assert str(org.rollup("fte")) == "≥ 2 (1 unit unknown)"
    # The table store reads the blank cell the same way.
    same = tabular.loads_csv("id,parent,name,fte\na,,A,2\nb,a,B,\n", measures=["fte"])
    assert same.rollup("fte", "b") == Rollup(0, ("b",))
    assert same.rollup("fte") == Rollup(2, ("b",))
    assert same.rollup_table(["fte"])["a"]["fte"] == Rollup(2, ("b",))


def test_non_numeric_attribute_measure(org: og.Org) -> None:
    with pytest.raises(
        og.MeasureError, match="attribute 'region' of unit 'sales_north' is 'north'"
    ):
        org.rollup("region")
    with pytest.raises(og.MeasureError, match="not a number"):
        org.rollup_table(["region"])
    flags = og.loads("units: [{id: a, name: A, attrs: {remote: true}}]")
    with pytest.raises(og.MeasureError, match="True, not a number"):
        flags.rollup("remote")


def test_rollup_table(org: og.Org) -> None:
    table = org.rollup_table(["seats", "budget", "fte"])
    assert list(table) == ALL and len(table) == 6
    assert table.measures == ("seats", "budget", "fte")
    assert table.value("ceo", "seats") == 9
    assert table.value("sales", "budget") == 22000
    assert table.value("ceo", "fte") == 5.5
    assert table.unknown_count("ceo", "budget") == 2
    assert table.unknown_count("tech_web", "budget") == 0
    assert table["tech"] == {
        "seats": Rollup(3, ()),
        "budget": Rollup(10000, ("tech",)),
        "fte": Rollup(2, ("tech_web",)),
    }
    for uid in ALL:
        for m in table.measures:
            assert table[uid][m] == org.rollup(m, uid)
    with pytest.raises(og.UnknownIdError, match="did you mean 'tech'"):
        table.value("tec", "seats")


def test_rollup_table_single_measure_as_text(org: og.Org) -> None:
    table = org.rollup_table("seats")
    assert table.measures == ("seats",)
    assert table["sales"] == {"seats": Rollup(5, ("sales_south",))}


def test_rollup_table_rows(org: og.Org) -> None:
    rows = org.rollup_table().rows(lang="en")
    assert [r["id"] for r in rows] == ALL
    assert rows[0] == {
        "id": "ceo",
        "name": "CEO office",
        "depth": 0,
        "parent": None,
        "seats": 9,
        "seats_unknown": 1,
        "budget": 52000,
        "budget_unknown": 2,
    }
    assert rows[3] == {
        "id": "sales_south",
        "name": "South Sales",
        "depth": 2,
        "parent": "sales",
        "seats": 0,
        "seats_unknown": 1,
        "budget": 0,
        "budget_unknown": 1,
    }
    assert org.rollup_table().rows()[0]["name"] == "总经理室"


# -- to_dict, dump, load ------------------------------------------------------------------


def test_to_dict_writes_only_what_is_not_default() -> None:
    org = og.loads(
        "units: [{id: a, name: A, head: {title: Boss}, staff: [{title: x, seats: null}, "
        "{title: y, seats: 3, filled: 2, salary: 2.5, pay: bonus, holders: [Li, Wu]}]}]"
    )
    assert org.to_dict() == {
        "units": [
            {
                "id": "a",
                "name": "A",
                "head": {"title": "Boss"},
                "staff": [
                    {"title": "x", "seats": None},
                    {
                        "title": "y",
                        "seats": 3,
                        "filled": 2,
                        "salary": 2.5,
                        "pay": "bonus",
                        "holders": ["Li", "Wu"],
                    },
                ],
            }
        ]
    }


def test_to_dict_nests_flat_units(org: og.Org) -> None:
    flat = og.loads("units: [{id: a, name: A}, {id: b, name: B, parent: a}]")
    assert flat.to_dict() == {
        "units": [{"id": "a", "name": "A", "units": [{"id": "b", "name": "B"}]}]
    }


def test_from_dict_round_trip(org: og.Org) -> None:
    data = org.to_dict()
    assert og.Org.from_dict(data) == org
    assert og.from_dict(json.loads(json.dumps(data))) == org
    assert data["units"][0]["units"][1]["attrs"] == {"fte": 2}
    assert data["links"][2] == {
        "kind": "collaboration",
        "from": "sales_south",
        "to": "tech_web",
        "relation": "talks to",
        "mutual": True,
    }


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_dump_and_load_round_trip(org: og.Org, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"out{suffix}"
    assert og.dump(org, path) == path
    assert og.load(path) == org
    assert org.dump(str(path)) == path  # overwrite
    again = og.load(path)
    assert again == org and again.file == str(path)
    assert "总经理室" in path.read_text(encoding="utf-8")  # Unicode kept, not escaped
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary files left


def test_dumps_round_trip(org: og.Org) -> None:
    assert og.loads(og.dumps(org)) == org
    assert og.loads(og.dumps(org, "json"), "json") == org
    assert og.loads(og.dumps(og.loads(og.dumps(org)))) == org
    with pytest.raises(og.OrgError, match="unknown format 'xml'"):
        og.dumps(org, "xml")


def test_dump_format_overrides_suffix(org: og.Org, tmp_path: Path) -> None:
    path = org.dump(tmp_path / "out.txt", format="json")
    assert json.loads(path.read_text(encoding="utf-8"))["org"] == {
        "zh": "测试公司",
        "en": "Test Co",
    }
    assert og.load(path, format="json") == org


def test_dump_errors_leave_nothing_behind(org: og.Org, tmp_path: Path) -> None:
    with pytest.raises(og.OrgError, match=r"cannot tell the format from the suffix '\.txt'"):
        og.dump(org, tmp_path / "out.txt")
    with pytest.raises(
        og.OrgError, match=r"cannot write the file|the folder .* does not exist"
    ) as info:
        og.dump(org, tmp_path / "no" / "such" / "dir.yaml")
    assert info.value.file == str(tmp_path / "no" / "such" / "dir.yaml")
    target = tmp_path / "taken.yaml"
    target.mkdir()  # a directory where the file should go: the rename fails
    with pytest.raises(og.OrgError, match=r"cannot write the file|the folder .* does not exist"):
        og.dump(org, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.yaml"]
    assert list(target.iterdir()) == []


def test_equality() -> None:
    a = og.loads("units: [{id: a, name: A, staff: [{title: x, seats: 2}]}]")
    b = og.loads(
        '{"units": [{"id": "a", "name": "A", "staff": [{"title": "x", "seats": 2}]}]}', "json"
    )
    c = og.loads("units: [{id: a, name: A, staff: [{title: x, seats: 3}]}]")
    assert a == b and a != c
    assert a != "not an org"
    with pytest.raises(TypeError):
        hash(a)


def test_deep_chain_round_trips() -> None:
    # 300 levels, flat: deeper than the parsers nest (~250 units), so dump writes it in
    # pieces of export.MAX_NESTING levels.
    lines = ["units:", "  - {id: u0, name: U0}"]
    lines += [
        f"  - {{id: u{i}, name: U{i}, parent: u{i - 1}, staff: [{{title: x}}]}}"
        for i in range(1, 300)
    ]
    org = og.loads("\n".join(lines))
    assert org.depth("u299") == 299
    assert org.headcount().value == 299
    assert og.loads(og.dumps(org)) == org
    assert og.loads(og.dumps(org, "json"), "json") == org


def test_dates_in_attrs() -> None:
    org = og.loads("units: [{id: a, name: A, attrs: {since: 2020-01-31}}]")
    assert org.unit("a")["attrs"] == {"since": datetime.date(2020, 1, 31)}
    assert og.loads(og.dumps(org)) == org  # YAML keeps dates
    assert json.loads(og.dumps(org, "json"))["units"][0]["attrs"] == {"since": "2020-01-31"}
    # Bytes are not plain data (JSON cannot carry them): refused at load, not at writing.
    with pytest.raises(og.SchemaError, match=r"units\[0\]\.attrs\.blob .*bytes b'hi' is not"):
        og.loads("units: [{id: a, name: A, attrs: {blob: !!binary aGk=}}]")


def _chain(n: int) -> og.Org:
    units = [{"id": "u0", "name": "U0"}]
    units += [{"id": f"u{i}", "name": f"U{i}", "parent": f"u{i - 1}"} for i in range(1, n)]
    return og.from_dict({"units": units})


def test_a_10000_deep_chain_round_trips() -> None:
    # Its YAML used to be refused as "an alias bomb": the check counted each value once
    # per level above it (units x depth).
    org = _chain(10_000)
    assert org.depth("u9999") == 9_999
    assert og.loads(og.dumps(org)) == org


@pytest.mark.slow
def test_dump_then_load_50000_units(tmp_path: Path) -> None:
    from orggraph.datasets import synthetic

    org = synthetic(50_000, seed=4)
    path = og.dump(org, tmp_path / "big.yaml")
    assert og.load(path) == org


def test_yaml_text_stays_readable(tmp_path: Path) -> None:
    # libyaml escapes characters beyond U+FFFF ("\U0001F600"); such documents are
    # written by PyYAML's own emitter, so names stay as they are typed.
    org = og.loads("units: [{id: a, name: 𠮷野家 😀, units: [{id: b, name: 总部}]}]")
    text = og.dumps(org)
    assert "name: 𠮷野家 😀\n" in text and "name: 总部\n" in text
    assert og.loads(text) == org
    path = og.dump(org, tmp_path / "org.yaml")
    assert path.read_text(encoding="utf-8") == text


def test_multiline_and_blank_ended_texts_round_trip() -> None:
    names = ["two\nlines", "ends with a blank line\n\n", "x\n\n\n", "tab\tand\nline", "nel\x85x"]
    units = [{"id": "top", "name": "Top"}]
    units += [{"id": f"u{i}", "name": n, "parent": "top"} for i, n in enumerate(names)]
    org = og.from_dict({"units": units})
    text = og.dumps(org)
    assert "    name: |-\n      two\n      lines\n" in text
    assert og.loads(text) == org


def test_non_finite_numbers_are_never_written() -> None:
    # from_dict refuses them; one put in afterwards is refused by the writers.
    org = og.loads("units: [{id: a, name: A}]")
    org.attrs["x"] = float("nan")
    for fmt in ("json", "yaml"):
        with pytest.raises(og.OrgError, match="finite"):
            og.dumps(org, fmt)
