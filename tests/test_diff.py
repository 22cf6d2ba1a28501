"""orggraph.ops.diff and the diff chart: the seed's split, every kind of difference, the
impact figures (unknown stays unknown), the table and JSON of ``orggraph diff``, and the
chart (DOT source, escaping, SVG/PNG from dot, the graphviz hook it uses)."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reorg import ON, SCENARIO, SEED, SMALL, SPLIT, run_cli

import orggraph as og
from orggraph.cli.reorg import format_table
from orggraph.core.rollup import Rollup
from orggraph.errors import OrgError, OrgWarning, UnknownIdError
from orggraph.ops import reorg
from orggraph.ops.diff import KINDS, BeforeAfter, Diff, Difference, diff, format_delta
from orggraph.render import graphviz
from orggraph.render.diff_chart import STYLES, diff_dot, render_diff, union
from orggraph.render.options import ChartOptions

HAS_DOT = shutil.which("dot") is not None
# The seed and its split on the day the split takes effect (--as-of applies to both).
PAIR = [str(SEED), str(SPLIT), "--as-of", ON]
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot is not installed")


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.load(SEED)


@pytest.fixture(scope="module")
def split() -> og.Org:
    # the split is one dated organisation: compared on the day it takes effect
    return og.load(SPLIT).as_of(ON)


@pytest.fixture(scope="module")
def seed_diff(seed: og.Org, split: og.Org) -> Diff:
    return diff(seed, split)


@pytest.fixture
def small() -> og.Org:
    return og.loads(SMALL)


# -- the seed's split ---------------------------------------------------------------------


def test_seed_split_differences(seed_diff: Diff) -> None:
    assert seed_diff.counts() == {
        "added": 2,
        "removed": 1,
        "moved": 4,
        "responsibility": 9,
        "link_removed": 2,
        "link_added": 3,
    }
    assert seed_diff.summary() == (
        "2 units added, 1 removed, 4 moved, 9 responsibilities reassigned, 2 links removed, "
        "3 links added"
    )
    assert [(d.id, d.new) for d in seed_diff.of("added")] == [
        ("procurement", "coo"),
        ("warehousing_logistics", "coo"),
    ]
    assert seed_diff.of("removed") == [Difference("removed", "procurement_logistics", "coo", None)]
    assert {d.id: d.new for d in seed_diff.of("moved")} == {
        "pl_purchasing": "procurement",
        "pl_warehousing": "warehousing_logistics",
        "pl_order_processing": "warehousing_logistics",
        "pl_delivery": "warehousing_logistics",
    }
    tender = next(d for d in seed_diff.of("responsibility") if d.id == "tender_and_purchase")
    assert (tender.old, tender.new) == (
        ["procurement_logistics", "pl_purchasing"],
        ["procurement", "pl_purchasing"],
    )
    assert [d.id for d in seed_diff.of("link_added")] == [
        "web_operations -> procurement",
        "technology -> procurement",
        "technology -> warehousing_logistics",
    ]
    # nothing else: posts and names of the units that stayed are untouched
    assert not seed_diff.of("staff") and not seed_diff.of("renamed") and not seed_diff.of("changed")


def test_seed_split_impact_unknown_stays_unknown(seed_diff: Diff) -> None:
    rows = {imp.id: imp for imp in seed_diff.impact}
    assert list(rows) == ["ceo", "coo", "technology", "hr", "finance"]
    coo = rows["coo"]
    assert coo.headcount.delta == Rollup(1, ())  # the new procurement director
    # his salary is unknown: the budget changes by an unknown amount, no more
    assert coo.budget.delta == Rollup(0, ("procurement",))
    assert coo.budget.before is not None and coo.budget.after is not None
    assert coo.budget.after.value == coo.budget.before.value
    # technology's unknown seats are the same on both sides: they cancel out
    tech = rows["technology"]
    assert tech.headcount.before is not None and tech.headcount.before.unknown
    assert tech.headcount.delta == Rollup(0, ())


def test_seed_split_table(seed_diff: Diff) -> None:
    table = format_table(
        seed_diff, lang="en", a="data/ecommerce.yaml", b="data/ecommerce-split.yaml"
    )
    lines = table.splitlines()
    assert lines[0] == (
        "data/ecommerce.yaml -> data/ecommerce-split.yaml: 2 units added, 1 removed, 4 moved, "
        "9 responsibilities reassigned, 2 links removed, 3 links added"
    )
    assert any(
        line.split() == ["added", "procurement", "Procurement", "under", "coo"] for line in lines
    )
    assert any(
        line.startswith("moved") and "pl_purchasing" in line and line.endswith("under procurement")
        for line in lines
    )
    coo = next(line for line in lines if line.startswith("COO office"))
    assert coo.split() == [
        "COO",
        "office",
        "coo",
        "≥",
        "45",
        "≥",
        "46",
        "+1",
        "≥",
        "221,000",
        "≥",
        "221,000",
        "+0",
        "+",
        "?",
    ]
    assert lines[-1] == "+ ?: unknown figures of procurement change it too"
    # in Chinese the names change, the columns stay aligned
    zh = format_table(seed_diff, lang="zh").splitlines()
    assert any(line.startswith("首席运营官室") for line in zh)


def test_seed_split_json(seed_diff: Diff) -> None:
    data = json.loads(seed_diff.to_json(lang="zh"))
    assert data["from"].endswith("ecommerce.yaml") and data["to"].endswith("ecommerce-split.yaml")
    assert data["counts"]["moved"] == 4
    assert data["differences"][0] == {
        "kind": "added",
        "id": "procurement",
        "old": None,
        "new": "coo",
    }
    coo = next(i for i in data["impact"] if i["id"] == "coo")
    assert coo["name"] == "首席运营官室"
    assert coo["budget"]["delta"] == {"value": 0, "unknown": ["procurement"]}


# -- every kind ---------------------------------------------------------------------------


def test_no_differences(small: og.Org) -> None:
    d = diff(small, og.loads(SMALL))
    assert not d and len(d) == 0 and list(d) == [] and repr(d) == "<Diff: no differences>"
    assert all(imp.headcount.delta == Rollup(0, ()) for imp in d.impact)
    assert format_table(d).startswith("A -> B: no differences\n\nHeadcount")


def test_every_kind(small: og.Org) -> None:
    b = reorg.rename(small, "tech", name="Technology")
    b = reorg.move(b, "west", "tech")
    b = reorg.set_staff(
        b, "east", staff=[{"title": "Rep", "seats": 2, "salary": 11}]
    )  # salary only
    b = reorg.set_staff(b, "sales", head=None)  # a post removed
    b = reorg.add_unit(
        b, {"id": "qa", "name": "QA", "responsibilities": ["revenue"]}, parent="tech"
    )
    b = reorg.remove_unit(b, "web", reassign_to="tech")
    data = b.to_dict()
    data["units"][0]["units"][0]["type"] = "division"  # sales: another type
    data["responsibilities"][1]["name"] = "Customer service"
    data["links"].append({"kind": "dotted", "from": "ceo", "to": "qa"})
    b = og.from_dict(data)
    d = diff(small, b)
    assert [x.kind for x in d] == sorted((x.kind for x in d), key=KINDS.index)
    got = {(x.kind, x.id): (x.old, x.new) for x in d}
    assert got[("added", "qa")] == (None, "tech")
    assert got[("removed", "web")] == ("tech", None)
    assert got[("moved", "west")] == ("sales", "tech")
    assert got[("renamed", "tech")] == ("Tech", "Technology")
    assert got[("changed", "sales")] == ({"type": "department"}, {"type": "division"})
    assert got[("changed", "service")] == ({"name": "Service"}, {"name": "Customer service"})
    assert got[("salary", "east")][1] == {
        "head": None,
        "staff": [{"title": "Rep", "seats": 2, "salary": 11}],
    }
    assert got[("staff", "sales")][0]["head"] == {"title": "Sales Director", "salary": 50}
    assert got[("responsibility", "revenue")] == (["sales"], ["sales", "qa"])
    assert got[("link_removed", "sales -> web")][0] == {
        "kind": "dotted",
        "from": "sales",
        "to": "web",
    }
    assert got[("link_added", "sales -> tech")][1] == {
        "kind": "dotted",
        "from": "sales",
        "to": "tech",
    }
    assert ("link_added", "ceo -> qa") in got
    rows = {(r["change"], r["id"]): r for r in d.to_rows(lang="zh")}
    assert (
        rows[("salary", "east")]["before"] == "20 / month"
        and rows[("salary", "east")]["after"] == "22 / month"
    )
    assert rows[("staff", "sales")]["before"] == "3 posts, 5 seats"
    assert rows[("staff", "sales")]["after"] == "2 posts, 4 seats"
    assert (rows[("renamed", "tech")]["before"], rows[("renamed", "tech")]["after"]) == (
        "Tech",
        "Technology",
    )
    assert rows[("link_removed", "sales -> web")]["before"] == "dotted"


def test_links_are_compared_as_a_multiset(small: og.Org) -> None:
    data = small.to_dict()
    data["links"].append(dict(data["links"][0]))  # the same link twice
    twice = og.from_dict(data)
    d = diff(small, twice)
    assert [(x.kind, x.id) for x in d] == [("link_added", "tech -> sales")]
    assert [(x.kind, x.id) for x in diff(twice, small)] == [("link_removed", "tech -> sales")]


def test_impact_of_an_added_and_a_removed_top_level_unit(small: og.Org) -> None:
    b = reorg.add_unit(
        small,
        {"id": "lab", "name": "Lab", "staff": [{"title": "x", "seats": 2, "salary": 3}]},
        parent="ceo",
    )
    b = reorg.remove_unit(b, "tech", cascade=True)
    rows = {imp.id: imp for imp in diff(small, b).impact}
    assert rows["lab"].headcount == BeforeAfter(None, Rollup(2), Rollup(2))
    assert rows["tech"].headcount == BeforeAfter(Rollup(0), None, Rollup(0))
    assert rows["ceo"].budget.delta == Rollup(6)
    assert [imp.id for imp in diff(small, b, level=0).impact] == ["ceo"]
    with pytest.raises(OrgError, match=r"level must be >= 0"):
        diff(small, b, level=-1)


def test_of_checks_the_kind(small: og.Org) -> None:
    with pytest.raises(OrgError, match=r"did you mean 'salary'"):
        diff(small, small).of("salaries")


def test_format_delta() -> None:
    assert [format_delta(r) for r in (Rollup(3), Rollup(-2.5), Rollup(0, ("a",)))] == [
        "+3",
        "-2.5",
        "+0 + ?",
    ]


def test_diff_module_stays_light() -> None:
    code = (
        "import sys, orggraph.ops.diff, orggraph.ops.reorg\n"
        "heavy = [m for m in ('matplotlib', 'graphviz', 'pandas', 'IPython', 'orggraph.render') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_orggraph_diff_is_the_function_once_wired() -> None:
    if "diff" not in og.__all__:
        pytest.skip("orggraph/__init__.py does not export diff yet")
    # importing the submodule orggraph.ops.diff first must not shadow the function
    code = "import orggraph.ops.diff, orggraph; print(orggraph.diff(orggraph.loads('units: [{id: a, name: A}]'), orggraph.loads('units: [{id: a, name: B}]')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "<Diff: 1 unit renamed>"
    importlib.import_module("orggraph.ops.diff")
    assert og.diff is diff


# -- the chart ----------------------------------------------------------------------------


def test_union_places_removed_units_where_they_were(seed: og.Org, split: og.Org) -> None:
    both = union(seed, split)
    assert both.children("coo") == [
        "web_operations",
        "planning_editing",
        "customer_service",
        "procurement_logistics",
        "procurement",
        "warehousing_logistics",
        "marketing",
    ]
    assert both.children("procurement_logistics") == []
    assert len(both) == len(split) + 1 and both.changes == ()


def test_chart_marks_each_status(seed: og.Org, split: og.Org) -> None:
    staff = [{"title": "Analyst", "salary": 6000}]
    with pytest.warns(OrgWarning, match="without effective="):  # one day's variant
        b = reorg.set_staff(split, "pl_supply_chain", staff=staff)
    src = diff_dot(seed, b, lang="en")
    nodes = [
        line for line in src.splitlines() if line.lstrip().startswith('"u') and "label=<" in line
    ]

    def node(name: str) -> str:
        return next(line for line in nodes if f"<b>{name}</b>" in line)

    assert f'fillcolor="{STYLES["added"]["fillcolor"]}"' in node("Procurement")
    removed = node("Procurement and Logistics")
    assert (
        'style="rounded,filled,dashed"' in removed
        and f'color="{STYLES["removed"]["color"]}"' in removed
    )
    moved = node("Purchasing Group")
    assert (
        f'color="{STYLES["moved"]["color"]}"' in moved
        and "moved from: Procurement and Logistics" in moved
    )
    changed = node("Supply Chain Optimisation")
    assert f'color="{STYLES["changed"]["color"]}"' in changed and "changed: posts" in changed
    assert "before: 1 seat · 5,000 / month" in changed
    assert f'color="{STYLES["unchanged"]["color"]}"' in node("Marketing")
    # the line into a removed unit is dashed; the legend explains the colours
    assert 'class="reporting", style="dashed"' in src
    for word in ("added", "removed (dashed)", "moved (old parent noted)", "changed"):
        assert f"</font> {word}" in src
    assert (
        "Reorganisation: ecommerce.yaml → after" in src
        and "2 added, 1 removed, 4 moved, 1 changed" in src
    )


def test_chart_in_chinese_and_for_a_sub_chart(seed: og.Org, split: og.Org) -> None:
    src = diff_dot(seed, split, lang="zh", root="warehousing_logistics")
    assert "原属: 采购及物流部" in src and "新增" in src and "组织调整" in src
    assert "采购部" not in src.replace("采购及物流部", "")  # only the sub-chart is drawn
    with pytest.raises(UnknownIdError, match=r"did you mean 'procurement'"):
        diff_dot(seed, split, root="procurment")


def test_chart_escapes_user_text(small: og.Org) -> None:
    evil = reorg.rename(small, "tech", name='<b>"Tech" & \\N</b>')
    evil = reorg.add_unit(evil, {"id": "x", "name": "a < b"}, parent="ceo")
    src = diff_dot(small, evil, lang="en")
    assert "renamed from: Tech" in src
    assert "&lt;b&gt;&quot;Tech&quot; &amp; \\\\N&lt;/b&gt;" in src and "<b>a &lt; b</b>" in src


def test_graphviz_hook_is_inert_by_default_and_escapes(small: og.Org) -> None:
    plain = graphviz.to_dot(small)
    hooked, _ = graphviz.chart_graph(
        small,
        unit_styles={"east": {"fillcolor": "#000", "edge_style": "dashed", "bad key": "x"}},
        unit_notes={"east": ["<note> & more"]},
        legend_marks=[("#123456", "new & <shiny>")],
    )
    assert graphviz.chart_graph(small, ChartOptions())[0] == plain
    assert 'fillcolor="#000"' in hooked and 'class="reporting", style="dashed"' in hooked
    assert "&lt;note&gt; &amp; more" in hooked and "bad key" not in hooked
    assert '<font color="#123456">■</font> new &amp; &lt;shiny&gt;' in hooked


def test_render_diff_options(seed: og.Org, split: og.Org, tmp_path: Path) -> None:
    assert render_diff(seed, split, format="dot").startswith(b"digraph orgchart {")  # type: ignore[union-attr]
    out = render_diff(seed, split, tmp_path / "d.dot", lang="en", links=())
    assert (
        isinstance(out, Path)
        and "collaboration" not in out.read_text(encoding="utf-8").split("label=<")[-1]
    )
    # The diff chart takes the chart options of every engine (diff= is its own parameter).
    with pytest.raises(OrgError, match=r"unknown option 'colour'; valid options: caption, comp"):
        render_diff(seed, split, format="dot", colour="red")
    with pytest.raises(OrgError, match=r"unknown output format 'gif'"):
        render_diff(seed, split, tmp_path / "d.gif")


@needs_dot
@pytest.mark.dot
def test_render_diff_svg_and_png(seed: og.Org, split: og.Org, tmp_path: Path) -> None:
    d = diff(seed, split)
    svg = d.render(format="svg", lang="en")
    assert isinstance(svg, bytes)
    root = ET.fromstring(svg)  # well-formed
    assert root.tag.endswith("svg") and b"moved from: Procurement and Logistics" in svg
    assert (
        b"<title>Procurement \xc2\xb7 Procurement Director \xc2\xb7 id: procurement</title>" in svg
    )
    png = render_diff(seed, split, tmp_path / "diff.png", lang="zh")
    assert isinstance(png, Path) and png.read_bytes().startswith(b"\x89PNG")


# -- the command line ---------------------------------------------------------------------


def test_cli_diff_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["diff", *PAIR, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert (
        "2 units added, 1 removed, 4 moved" in out and "Headcount (seats) and monthly budget" in out
    )
    assert run_cli(["diff", *PAIR, "--format", "json", "--level", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in data["impact"]] == ["ceo"]


@needs_dot
@pytest.mark.dot
def test_cli_diff_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diff.svg"
    assert run_cli(["-v", "diff", *PAIR, "--chart", str(out), "--root", "coo"]) == 0
    assert out.read_bytes().startswith(b"<?xml") and "chart written" in capsys.readouterr().err


def test_cli_diff_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["diff", str(SEED), str(SPLIT), "--chart", str(tmp_path / "x.gif")]) == 1
    assert "cannot tell the chart format" in capsys.readouterr().err
    assert run_cli(["diff", str(SEED), str(tmp_path / "missing.yaml")]) == 1
    assert "cannot read the file" in capsys.readouterr().err
    assert run_cli(["diff", str(SEED), str(SPLIT), "--chart", str(tmp_path / "no" / "x.svg")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_scenario_file_is_the_documented_one() -> None:
    assert SCENARIO.read_text(encoding="utf-8").count("op: split") == 1


def test_the_diff_chart_of_organisations_with_declared_people(tmp_path: Path) -> None:
    """Holders declared in ``people:`` are drawn on both sides' units, a removed unit's
    too (the chart's union once failed: "person 'bob' is not declared in people")."""
    from orggraph.ops import reorg

    a = og.loads(
        """
people: [{id: ann, name: Ann}, {id: bob, name: Bob}]
units:
  - id: hq
    name: HQ
    head: {title: Boss, holders: [ann]}
    units:
      - {id: a, name: A, head: {title: Lead, holders: [bob]}}
      - {id: b, name: B}
"""
    )
    out = tmp_path / "d.svg"
    og.diff(a, reorg.remove_unit(a, "a")).render(out)
    drawn = out.read_text("utf-8")
    assert "Ann" in drawn and "Bob" in drawn


POSTS_DOC = """
units:
- id: top
  name: Top
  head: {id: boss, title: Boss}
  units:
  - {id: u1, name: U1, head: {id: h1, title: H1}, staff: [{id: p1, title: P1, seats: 2}]}
  - {id: u2, name: U2, staff: [{id: p2, title: P2}, {title: Anon}]}
  - id: u3
    name: U3
    staff: [{id: p3, title: P3}]
    units: [{id: u4, name: U4, staff: [{id: p4, title: P4}]}]
"""


@pytest.mark.parametrize("into", ["u1", "u2", {"id": "new", "name": "New"}])
def test_chart_of_a_merge_keeps_moved_post_ids_apart(into: str | dict[str, str]) -> None:
    """A removed unit's posts that live on under their ids in b do not clash in the union."""
    a = og.loads(POSTS_DOC)
    b = reorg.merge(a, ["u1", "u2"], into=into)
    assert "U2" in diff_dot(a, b) and "U1" in diff_dot(a, b)
    kept = reorg.remove_unit(a, "u3", keep_staff=True, reassign_to="u1")
    assert "U3" in diff_dot(a, kept)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_chart_of_random_merges_and_moves_with_post_ids(data: st.DataObject) -> None:
    b = a = og.loads(POSTS_DOC)
    for _ in range(data.draw(st.integers(1, 3))):
        units = [u for u in b.units() if u != "top"]
        if len(units) < 2:
            break
        pair = data.draw(st.lists(st.sampled_from(units), min_size=2, max_size=2, unique=True))
        try:
            if data.draw(st.booleans()):
                b = reorg.merge(b, pair, into=data.draw(st.sampled_from(pair)))
            else:
                b = reorg.remove_unit(b, pair[0], keep_staff=True, reassign_to=pair[1])
        except OrgError:  # a unit and its own descendant, say
            continue
    render_diff(a, b, format="svg")


def test_a_change_of_holders_alone_says_who_left_and_joined() -> None:
    doc = "people: [{id: e03, name: Ann}, {id: e07, name: Bo}]\nunits: [{id: a, name: A, staff: [{title: Dev, seats: 2, holders: [%s]}]}]"
    a, b = og.loads(doc % "e03"), og.loads(doc % "e07")
    d = diff(a, b)
    assert len(d.of("staff")) == 1
    assert "1 post, 2 seats  holders: e03 left, e07 joined" in format_table(d)
    src = diff_dot(a, b, lang="en")
    assert "holders: e03 left, e07 joined" in src and "changed: posts" not in src
    more = og.loads(doc.replace("seats: 2", "seats: 3") % "e07")
    assert "changed: posts" in diff_dot(a, more, lang="en")
    assert "任职人: e03 离开, e07 加入" in diff_dot(a, b, lang="zh")
