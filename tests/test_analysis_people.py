"""Analysis by people (issue 12, item 6): spans and layers counted by people in posts,
vacancies per unit and the vacancy rate, and the people figures of ``stats``; in Python,
in charts and on the command line, with invariants on random people-level organisations.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.cli.app import main
from orggraph.ops import analysis as an
from orggraph.ops.analysis.people import SPAN_COLUMNS
from orggraph.ops.analysis.vacancies import PEOPLE_STATS

# A small company: an assistant, a job share (p6, p7 at 0.5 in one seat), a vacant head
# (ops) whose operators name no holders (5 of 6 seats filled), a board that does not count.
TINY = """\
org: {en: Tiny Co}
lang: [en]
people:
  - {id: p1, name: Ann Lee}
  - {id: p2, name: Bo Chen}
  - {id: p3, name: Cy Park}
  - {id: p4, name: Di Wu}
  - {id: p5, name: Ed Kim}
  - {id: p6, name: Fay Ng}
  - {id: p7, name: Gus Ho}
  - {id: p8, name: Hal Yu}
units:
  - id: board
    name: Board
    head: {title: Chair, holders: [p8], counts: false}
    staff: [{title: Director, seats: 2, holders: [p1, p4], counts: false}]
    units:
      - id: ceo
        name: CEO office
        head: {title: CEO, holders: [p1], salary: 20000}
        staff:
          - {title: Executive assistant, kind: assistant, holders: [p2], salary: 6000}
          - {title: Strategy analyst, seats: 2, holders: [p3], salary: 9000}
        units:
          - id: eng
            name: Engineering
            head: {title: CTO, holders: [p4], salary: 18000}
            staff:
              - title: Engineer
                seats: 4
                holders: [p5, {person: p6, fte: 0.5}, {person: p7, fte: 0.5}]
                salary: 12000
          - id: ops
            name: Operations
            head: {title: COO, holders: [], salary: 17000}
            staff: [{title: Operator, seats: 6, filled: 5, salary: 5000}]
"""


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        yield


@pytest.fixture
def tiny() -> og.Org:
    with quiet():  # the vacant COO has reports: an intended warning
        return og.loads(TINY)


def pick(rows: list[dict[str, Any]], *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(r[k] for k in keys) for r in rows]


# -- spans and layers by people ----------------------------------------------------------------


def test_spans_by_people(tiny: og.Org) -> None:
    rows = an.spans(tiny)  # the file declares people: by people
    assert rows.kind == "people_spans" and rows.columns == SPAN_COLUMNS
    assert pick(rows, "person", "name", "unit", "layer", "span", "band") == [
        ("p1", "Ann Lee", "ceo", 1, 7, "4-7"),
        ("p4", "Di Wu", "eng", 2, 3, "2-3"),
    ]
    ceo, cto = rows
    # p3 (staff) + p4 (head of eng) + 5 filled operator seats under the vacant COO; the
    # assistant apart; the board (counts: false) is not above the CEO.
    assert (ceo["heads"], ceo["assistants"], ceo["span_unknown"]) == (1, 1, 0)
    # Planned direct posts: 2 analyst seats + the CTO and the (vacant) COO heads.
    assert (ceo["seats"], ceo["filled"], ceo["open"]) == (4, 2, 2)
    # The job share: three people in two filled seats of four.
    assert (cto["span"], cto["seats"], cto["filled"], cto["open"]) == (3, 4, 2, 2)


def test_people_tree_leaves_out_posts_that_do_not_count(tiny: og.Org) -> None:
    tree = an.people_tree(tiny)
    assert "p8" not in tree.people  # the chair holds only a board post
    assert tree.post["p1"].id == "ceo#head"  # p1's board seat does not count
    assert tree.manager == {
        "p1": None, "p2": "p1", "p3": "p1", "p4": "p1", "p5": "p4", "p6": "p4", "p7": "p4",
    }  # fmt: skip
    assert tree.layer == {"p1": 1, "p2": 2, "p3": 2, "p4": 2, "p5": 3, "p6": 3, "p7": 3}
    # The core agrees: p4's board seat comes first but does not count, so it is not the
    # post p4 reports through.
    assert all(tiny.manager(p) == m for p, m in tree.manager.items())


def test_layers_by_people(tiny: og.Org) -> None:
    rows = an.layers(tiny)
    assert rows.kind == "people_layers"
    # Layer 2: the assistant, the analyst, the CTO and the five unnamed operators.
    assert pick(rows, "layer", "people", "managers", "people_unknown") == [
        (1, 1, 1, 0),
        (2, 8, 1, 0),
        (3, 3, 0, 0),
    ]


def test_span_bands_and_outside_band_by_people(tiny: og.Org) -> None:
    bands = an.span_bands(tiny)
    assert bands.kind == "people_span_bands"
    assert [r["managers"] for r in bands] == [0, 1, 1, 0, 0, 0]
    outside = an.outside_band(tiny)
    assert outside.kind == "people_outside_band"
    assert pick(outside, "person", "span", "side") == [("p4", 3, "below")]
    assert outside.columns[-1] == "side"


def test_by_units_keeps_the_unit_view(tiny: og.Org) -> None:
    rows = an.spans(tiny, by="units")
    assert rows.kind == "spans" and rows.columns == ("unit", "name", "layer", "span", "band")
    assert pick(rows, "unit", "span") == [("board", 1), ("ceo", 2)]
    assert an.layers(tiny, by="units").columns[:2] == ("layer", "units")
    assert an.span_bands(tiny, by="units").kind == "span_bands"


def test_default_rule() -> None:
    plain = og.loads(
        "units: [{id: a, name: A, head: {title: H, holders: [Ann]}, units: [{id: b, name: B}]}]"
    )
    assert an.default_by(plain) == "units"  # holders as plain text: the old view stays
    assert an.spans(plain).kind == "spans"
    assert an.spans(plain, by="people").kind == "people_spans"
    declared = og.loads("{people: [{id: p, name: P}], units: [{id: a, name: A}]}")
    assert an.default_by(declared) == "people"
    assert an.spans(declared) == []


@pytest.mark.parametrize("by", ["person", "", 1, True])
def test_bad_by(tiny: og.Org, by: Any) -> None:
    with pytest.raises(og.OrgError, match="by must be one of people, units") as info:
        an.spans(tiny, by=by)
    assert info.value.choices == ("people", "units")


def test_unknown_holders_are_not_zero() -> None:
    org = og.loads("""
people: [{id: p1, name: Ann}]
units:
  - id: a
    name: A
    head: {title: Boss, holders: [p1]}
    staff: [{title: Temp, seats: 3}]
""")
    (row,) = an.spans(org)
    # Nobody known reports to p1, but a post may: a manager with no band, not left out.
    assert (row["span"], row["band"], row["span_unknown"]) == (0, None, 1)
    assert (row["seats"], row["filled"], row["open"]) == (3, None, None)
    assert [r["managers"] for r in an.span_bands(org)] == [0] * 6
    assert an.outside_band(org) == []
    assert pick(an.layers(org), "layer", "people", "people_unknown") == [(1, 1, 0), (2, 0, 1)]


def test_a_reporting_cycle_is_cut() -> None:
    # p2 is primarily an analyst in b, under p3, and acts as head of a, above p3.
    org = og.loads("""
people: [{id: p2, name: Bo}, {id: p3, name: Cy}]
units:
  - id: a
    name: A
    head: {title: Head, holders: [{person: p2, role: acting}]}
    units:
      - id: b
        name: B
        head: {title: Lead, holders: [p3]}
        staff: [{title: Analyst, holders: [p2]}]
""")
    assert (org.manager("p2"), org.manager("p3")) == ("p3", "p2")  # the core's view
    tree = an.people_tree(org)
    assert tree.manager == {"p3": "p2", "p2": None}  # cut where first met (p3's line)
    assert tree.layer == {"p2": 1, "p3": 2}
    assert pick(an.spans(org), "person", "span") == [("p2", 1)]


def test_people_spans_names_in_a_language() -> None:
    org = og.loads("""
lang: [zh, en]
people: [{id: p1, name: {zh: 王芳, en: Wang Fang}}, {id: p2, name: {zh: 李伟, en: Li Wei}}]
units: [{id: a, name: {zh: 甲, en: A}, head: {title: H, holders: [p1]}, staff: [{title: S, holders: [p2]}]}]
""")
    assert an.spans(org)[0]["name"] == "王芳"
    assert an.spans(org, lang="en")[0]["name"] == "Wang Fang"


# -- vacancies and stats --------------------------------------------------------------------------


def test_vacancies_per_unit(tiny: og.Org) -> None:
    rows = an.vacancies(tiny)
    assert rows.kind == "vacancies"
    assert pick(
        rows, "unit", "seats", "filled", "vacancies", "vacancy_rate", "vacancies_unknown"
    ) == [
        ("ceo", 4, 3, 1, 0.25, 0),
        ("eng", 5, 3, 2, 0.4, 0),
        ("ops", 7, 5, 2, 2 / 7, 0),
    ]  # the board's posts do not count: no row
    assert sum(r["vacancies"] for r in rows) == tiny.rollup("vacancies").value == 5


def test_vacancy_rate_unknown_is_not_zero() -> None:
    org = og.loads("""
units:
  - id: a
    name: A
    staff: [{title: X, seats: 2, holders: [Ann]}, {title: Y, seats: null, holders: []}]
    units: [{id: b, name: B, staff: [{title: Z, seats: 2}]}, {id: c, name: C}]
""")
    rows = an.vacancies(org)
    assert pick(rows, "unit", "vacancies", "vacancy_rate", "vacancies_unknown") == [
        ("a", 1, None, 1),
        ("b", 0, None, 1),
    ]  # c has no posts: no row
    assert an.vacancy_rate(0, 0, 0, 0) is None  # no seats: no rate, not 0


def test_vacancies_declared_in_attrs_keep_their_meaning() -> None:
    org = og.loads("""
units:
  - id: a
    name: A
    attrs: {vacancies: 3}
    staff: [{title: X, seats: 4, holders: []}]
    units: [{id: b, name: B, attrs: {vacancies: 1}}]
""")
    rows = an.vacancies(org)
    assert pick(rows, "unit", "vacancies", "vacancies_unknown") == [("a", 3, 0), ("b", 1, 0)]
    assert sum(r["vacancies"] for r in rows) == org.rollup("vacancies").value == 4


def test_stats_default_measures(tiny: og.Org) -> None:
    rows = an.stats(tiny)
    assert rows.kind == "stats"
    assert rows.options["measures"] == PEOPLE_STATS
    top = rows[0]
    assert (top["id"], top["seats"], top["filled"], top["vacancies"], top["fte"]) == (
        "board", 16, 11, 5, 16.0,
    )  # fmt: skip
    assert top["vacancy_rate"] == 5 / 16
    assert (top["people"], top["people_unknown"]) == (7, 1)  # the operators are unnamed
    assert "vacancy_rate_unknown" not in rows.columns
    seed = og.datasets.load("ecommerce")
    assert an.stats(seed).options["measures"] == ("seats", "budget")
    assert an.stats(seed, ["vacancy_rate"])[0]["vacancy_rate"] is None  # filled unknown


def test_stats_depth_and_bad_input(tiny: og.Org) -> None:
    assert [r["id"] for r in an.stats(tiny, depth=1)] == ["board", "ceo"]
    with pytest.raises(og.OrgError, match="measures must be a list"):
        an.stats(tiny, "seats")
    with pytest.raises(og.MeasureError, match="unknown measure 'headcount'"):
        an.stats(tiny, ["headcount"])


# -- charts ----------------------------------------------------------------------------------------


def test_people_charts(tiny: og.Org, tmp_path: Path) -> None:
    ax = an.span_bands(tiny).plot(lang="en").axes[0]
    assert [int(p.get_height()) for p in ax.containers[0]] == [0, 1, 1, 0, 0, 0]
    assert ax.get_title().startswith("Span of control by people: 2 managers")
    ax = an.layers(tiny).plot(lang="en").axes[0]
    assert [t.get_text() for t in ax.texts] == [
        "1 person · 1 manager", "8 people · 1 manager", "3 people · 0 managers",
    ]  # fmt: skip
    fig = an.vacancies(tiny).plot(lang="en", top=2)
    ax = fig.axes[0]
    assert [p.get_gid() for p in ax.containers[0]] == ["eng", "ops"]
    assert ax.get_title() == (
        "Vacancies: 5 open of 16 planned seats (vacancy rate 31.2%)\n"
        "the 2 units with most open seats of 3"
    )
    fig.savefig(tmp_path / "vacancies.png")
    zh = an.vacancies(tiny).plot(lang="zh").axes[0].get_title()
    assert zh.startswith("空缺：编制 16 个席位中空缺 5 个")
    with pytest.raises(og.OrgError, match="top must be a whole number"):
        an.vacancies(tiny).plot(top=0)


# -- the command line ------------------------------------------------------------------------------


@pytest.fixture
def tiny_file(tmp_path: Path) -> str:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return str(path)


def test_cli_stats_people(tiny_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", tiny_file]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == [
        "unit", "id", "seats", "filled", "vacancies", "vacancy_rate", "fte", "people", "budget",
    ]  # fmt: skip
    assert lines[2].split() == [
        "Board",
        "board",
        "16",
        "11",
        "5",
        "31.2%",
        "16",
        "≥",
        "7",
        "157,000",
    ]
    assert lines[-1] == "* 1 unit has unknown people"
    assert main(["stats", tiny_file, "--format", "csv", "--measure", "vacancy_rate"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["id", "name", "depth", "parent", "vacancy_rate"]
    assert rows[0]["vacancy_rate"] == "0.3125"
    assert main(["stats", tiny_file, "--format", "json", "--depth", "0"]) == 0
    (top,) = json.loads(capsys.readouterr().out)
    assert (top["vacancies"], top["vacancy_rate"], top["people_unknown"]) == (5, 0.3125, 1)


def test_cli_analyse_by(tiny_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", tiny_file, "--format", "json"]) == 0
    assert [r["person"] for r in json.loads(capsys.readouterr().out)["spans"]] == ["p1", "p4"]
    assert main(["analyse", tiny_file, "--by", "units", "--format", "json"]) == 0
    assert [r["unit"] for r in json.loads(capsys.readouterr().out)["spans"]] == ["board", "ceo"]
    assert main(["analyse", tiny_file, "--what", "layers", "--by", "people"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split() == [
        "layer", "people", "managers", "people_unknown",
    ]  # fmt: skip
    assert main(["analyse", tiny_file, "--what", "vacancies", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["unit"], r["vacancies"]) for r in rows] == [("ceo", "1"), ("eng", "2"), ("ops", "2")]
    assert main(["analyse", tiny_file, "--by", "staff"]) == 2  # not a choice


@pytest.mark.parametrize("what", ["spans", "bands", "layers", "vacancies"])
def test_cli_people_plots(
    what: str, tiny_file: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{what}.png"
    assert main(["analyse", tiny_file, "--what", what, "--plot", str(out), "--top", "2"]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- invariants on random people-level organisations ----------------------------------------------


@st.composite
def people_orgs(draw: st.DrawFn) -> dict[str, Any]:
    """A tree of units with heads (held, vacant or unknown) and staff posts (named,
    counted by ``filled`` only, or unknown); every person holds one post. With
    ``named`` every post names its holders."""
    named = draw(st.booleans())
    modes = ["named"] if named else ["named", "filled", "unknown"]
    count = draw(st.integers(1, 8))
    people: list[str] = []
    units: list[dict[str, Any]] = []

    def holders(seats: int) -> list[str]:
        found = [f"p{len(people) + i}" for i in range(draw(st.integers(0, seats)))]
        people.extend(found)
        return found

    for i in range(count):
        unit: dict[str, Any] = {"id": f"u{i}", "name": f"U{i}"}
        if i:
            unit["parent"] = f"u{draw(st.integers(0, i - 1))}"
        if draw(st.booleans()):
            head: dict[str, Any] = {"title": "Head"}
            mode = draw(st.sampled_from(modes))
            if mode == "named":
                head["holders"] = holders(1)
            elif mode == "filled":
                head["filled"] = draw(st.integers(0, 1))
            unit["head"] = head
        staff = []
        for j in range(draw(st.integers(0, 3))):
            seats = draw(st.integers(0, 3))
            post: dict[str, Any] = {"title": f"S{j}", "seats": seats}
            if "head" in unit and draw(st.integers(0, 3)) == 0:
                post["kind"] = "assistant"
            mode = draw(st.sampled_from(modes))
            if mode == "named":
                post["holders"] = holders(seats)
            elif mode == "filled":
                post["filled"] = draw(st.integers(0, seats))
            staff.append(post)
        if staff:
            unit["staff"] = staff
        units.append(unit)
    return {"people": [{"id": p, "name": f"Person {p}"} for p in people], "units": units}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people_orgs())
def test_invariants(doc: dict[str, Any]) -> None:
    with quiet():
        org = og.from_dict(doc)
        plain = og.from_dict({"units": doc["units"]})  # the same, people not declared
    tree = an.people_tree(org)
    # Every post counts and each person holds one: the core's managers, no cycle.
    assert tree.manager == {p: org.manager(p) for p in org.people()}
    for p in tree.people:
        m = tree.manager[p]
        assert tree.layer[p] == (1 if m is None else tree.layer[m] + 1)
    spans = an.spans(org)
    assert spans.kind == ("people_spans" if doc["people"] else "spans")
    spans = an.spans(org, by="people")
    reporting = [
        p for p in org.people()
        if org.manager(p) is not None and org.posts_of(p)[0].kind != "assistant"
    ]  # fmt: skip
    if all(r.holders is not None for r in org.posts()):
        assert sum(r["span"] for r in spans) == len(reporting)
        assert sum(r["span_unknown"] for r in spans) == 0
    assert all(r["span"] >= r["heads"] for r in spans)
    bands = an.span_bands(org, by="people")
    assert sum(r["managers"] for r in bands) == sum(1 for r in spans if r["band"] is not None)
    layers = an.layers(org, by="people")
    assert sum(r["managers"] for r in layers) == sum(1 for r in spans if r["span"])
    unnamed = sum(r.filled or 0 for r in org.posts() if r.holders is None)
    assert sum(r["people"] for r in layers) == len(org.people()) + unnamed
    # By units: exactly today's view, whatever the people.
    for by_units, before in ((an.spans(org, by="units"), an.spans(plain)),
                             (an.layers(org, by="units"), an.layers(plain)),
                             (an.span_bands(org, by="units"), an.span_bands(plain))):  # fmt: skip
        assert by_units == before and by_units.columns == before.columns
        assert by_units.kind == before.kind
    # Vacancies per unit add up to the rollup; the stats' root rows are the rollups.
    rows = an.vacancies(org)
    total = org.rollup("vacancies")
    assert sum(r["vacancies"] for r in rows) == total.value
    assert sum(r["vacancies_unknown"] for r in rows) == len(total.unknown)
    if total.complete:
        assert all(r["vacancy_rate"] is not None or not r["seats"] for r in rows)
    table = an.stats(org, ["seats", "vacancies", "vacancy_rate", "people"])
    for r in table:
        if r["depth"] == 0:
            assert r["vacancies"] == org.rollup("vacancies", r["id"]).value
            assert r["people"] == org.rollup("people", r["id"]).value
            rate = r["vacancy_rate"]
            assert rate is None or 0 <= rate <= 1


def test_stats_of_a_subtree_keep_people_and_the_salary_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # org.subtree (stats --root) carries the declared people holding its posts, the
    # currency and the salary period (a yearly file stays yearly: no 12x budget).
    doc = TINY.replace("lang: [en]\n", "lang: [en]\nsalary_period: year\ncurrency: EUR\n")
    with quiet():
        org = og.loads(doc)
    sub = org.subtree("eng")
    assert (sub.salary_period, sub.currency) == ("year", "EUR")
    assert sub.budget() == org.budget("eng")
    assert sub.people() == ["p4", "p5", "p6", "p7"] and sub.person("p4").name == "Di Wu"
    assert an.default_by(sub) == "people"
    path = tmp_path / "yearly.yaml"
    path.write_text(doc, encoding="utf-8")
    assert main(["stats", str(path), "--root", "eng", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["people"], row["vacancy_rate"], row["budget"]) == (4, 0.4, 5500.0)
