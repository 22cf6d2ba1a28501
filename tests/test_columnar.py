"""The columnar core: the fast CSV path against the csv module, number columns against
parse_number, table rollups against the per-unit ones, and structure built on demand."""

from __future__ import annotations

import io
import random
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.core.rollup import own_values
from orggraph.core.tables import TableUnits, number_column, parse_number
from orggraph.datasets import synthetic
from orggraph.io import tables as tabular
from orggraph.io import tables_out

# -- number columns ------------------------------------------------------------------

cells = st.one_of(
    st.just(""),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1,200", "1_000", "+3", "-0", "3.", ".5", "1e3", "1E-2", "nan", "inf"]),
    st.sampled_from(["x", "1.2.3", "--1", "١٢", "²", "1e999", "0x10", "3,5.1"]),
    st.text("0123456789.-+e_,", max_size=6),
)


def parsed(cell: str) -> tuple[Any, bool]:
    if not cell:
        return None, True
    try:
        return parse_number(cell), True
    except ValueError:
        return None, False


@settings(max_examples=200, deadline=None)
@given(st.lists(cells, max_size=40), st.integers(1, 30))
def test_number_column_agrees_with_parse_number(column: list[str], repeat: int) -> None:
    # Short columns take the per-cell way, repeated ones the distinct-cell way.
    for col in (column, column * repeat):
        values, bad = number_column(col)
        expected = [parsed(c) for c in col]
        assert [repr(v) for v in values] == [repr(v) for v, _ in expected]
        assert bad == [i for i, (_, ok) in enumerate(expected) if not ok]


# -- the fast CSV path and the csv module read the same ----------------------------------

ids = st.text("abcdefgh0123", min_size=1, max_size=4)
names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    n = draw(st.integers(1, 12))
    uids = draw(st.lists(ids, min_size=n, max_size=n, unique=True))
    rows = []
    for i, uid in enumerate(uids):
        parent = draw(st.sampled_from(["", uid, *uids[:i], "nope"]))
        rows.append(
            [
                draw(st.sampled_from([uid, f" {uid}", ""]) if i else st.just(uid)),
                parent,
                draw(names),
                draw(st.sampled_from(["", "CEO", " Head ", "Lead\u3000"])),
                draw(st.sampled_from(["", "9000", "9,000", "x", "-1", "2.5"])),
                draw(st.sampled_from(["", "Rep", "Clerk"])),
                draw(st.sampled_from(["", "3", "0", "2.5", "-2"])),
                draw(st.sampled_from(["", "5000", "4500.5"])),
                draw(st.sampled_from(["", "1", "0.5", "-3", "nan"])),
                draw(st.sampled_from(["", uids[0], f"{uids[0]};{uid}", "nope"])),
            ]
        )
    return rows


HEADER = ["id", "parent", "name", "head_title", "head_salary", "staff_title", "seats", "salary"]
HEADER += ["fte", "dotted"]


def to_text(rows: list[list[str]], *, crlf: bool, last_newline: bool, quote: bool) -> str:
    end = "\r\n" if crlf else "\n"

    def cell(c: str) -> str:
        if quote or any(ch in c for ch in ',"\r\n'):
            return '"' + c.replace('"', '""') + '"'
        return c

    text = end.join(",".join(cell(c) for c in row) for row in [HEADER, *rows])
    return text + end if last_newline else text


def outcome(read: Callable[[], og.Org]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        try:
            org = read()
        except og.OrgError as exc:
            return type(exc).__name__, str(exc), exc.problems
    return org.to_dict(), org.rollup_table(("seats", "budget", "fte")).rows()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.booleans(), st.booleans(), st.booleans())
def test_fast_csv_path_reads_what_the_csv_module_reads(
    rows: list[list[str]], crlf: bool, last_newline: bool, quote: bool
) -> None:
    text = to_text(rows, crlf=crlf, last_newline=last_newline, quote=quote)

    def fast() -> og.Org:
        return tabular.loads_csv(text, measures=["fte"])

    def slow() -> og.Org:
        handle = io.StringIO(text, newline="")
        return tabular._read_csv_text(handle, delimiter=",", file=None, measures=["fte"])

    assert outcome(fast) == outcome(slow)


def test_simple_files_take_the_fast_path_and_quoted_ones_the_csv_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    real = tabular._csv_text_columns

    def spy(*args: Any, **kwargs: Any) -> tabular.CsvColumns:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tabular, "_csv_text_columns", spy)
    org = tabular.loads_csv("id,parent,name\r\na,,A\r\nb,a,B")
    assert org.children("a") == ["b"] and not calls
    org = tabular.loads_csv('id,parent,name\na,,"A, Inc."\nb,a,B\n')
    assert org.name("a") == "A, Inc." and calls == [1]
    org = tabular.loads_csv("id,parent,name\na,,A\n\nb,a,B\n")  # a blank line
    assert org.children("a") == ["b"] and calls == [1, 1]


def test_fast_path_errors_name_the_line_and_column() -> None:
    text = "id,parent,name,seats\na,,A,1\nb,a,B,2.5\nc,zz,C,\n"
    with pytest.raises(og.OrgError) as info:
        tabular.loads_csv(text, file="org.csv")
    places = [place for place, _ in info.value.problems]
    assert places == ["line 3, column 'seats'", "line 4, column 'parent'"]
    assert "not a whole number" in str(info.value) and info.value.file == "org.csv"


def test_rows_with_blank_ids_are_left_out_and_problems_stay_in_line_order() -> None:
    text = "id,parent,name,seats\na,,A,1\n,a,X,1\nb,a,B,x\n,a,Y,1\nc,zz,C,2\n"
    with pytest.raises(og.OrgError) as info:
        tabular.loads_csv(text)
    assert [place for place, _ in info.value.problems] == [
        "line 3, column 'id'",
        "line 4, column 'seats'",
        "line 5, column 'id'",
        "line 6, column 'parent'",
    ]


def test_a_holders_cell_without_names_reads_as_no_holders() -> None:
    org = tabular.loads_csv("id,parent,name,head_title,holders\na,,A,Boss, ; \n")
    assert dict(org.unit("a")["head"]) == {"title": "Boss", "seats": 1, "holders": []}
    assert org.headcount() == og.Rollup(1, ())


def test_a_huge_whole_number_beside_decimals_is_read_not_an_overflow() -> None:
    # Parsed without an OverflowError; the import then refuses it as beyond the range of
    # a measure (issue 10, defect 4), naming its row and column.
    assert number_column(["1" * 400, "1.5"]) == ([int("1" * 400), 1.5], [])
    with pytest.raises(og.SchemaError, match="not a 400-digit number") as info:
        tabular.loads_csv(
            "id,parent,name,fte\na,,A," + "1" * 400 + "\nb,a,B,1.5\n", measures=["fte"]
        )
    assert info.value.place == "line 2, column 'fte'"


def test_from_table_leaves_the_callers_rows_alone() -> None:
    rows = [["a", ""], ["b", "a"]]  # short rows: no name cells
    with pytest.raises(og.SchemaError, match="has no name"):
        tabular.from_table(["id", "parent", "name"], rows)
    assert rows == [["a", ""], ["b", "a"]]


def test_pausing_the_collector_keeps_the_callers_frozen_objects_frozen() -> None:
    import gc

    from orggraph.core.gcpause import paused

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            [[] for _ in range(1000)]
        og.loads("units: [{id: a, name: A}]")
        assert gc.get_freeze_count() > frozen // 2 > 0 and gc.isenabled()  # not unfrozen
    finally:
        gc.unfreeze()


def test_only_the_outermost_pause_acts_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The collector is one switch for the process: a block ending in one thread while
    another thread's block still runs must not turn it back on (it used to)."""
    import gc
    import threading

    from orggraph.core.gcpause import paused

    settled: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: settled.append(1))
    inside, release, done = threading.Event(), threading.Event(), threading.Event()

    def other() -> None:
        with paused():
            inside.set()
            release.wait(10)
        done.set()

    assert gc.isenabled()
    with paused():
        with paused():  # nested in the same thread: counts only
            pass
        assert not gc.isenabled()
        thread = threading.Thread(target=other)
        thread.start()
        assert inside.wait(10)
    assert not gc.isenabled() and not settled  # the other thread's block still runs
    release.set()
    assert done.wait(10)
    thread.join()
    assert gc.isenabled() and settled == [1]  # the last block to end acts, once


def test_pausing_leaves_a_collector_the_program_turned_off_off() -> None:
    import gc

    from orggraph.core.gcpause import paused

    gc.disable()
    try:
        with paused():
            og.loads("units: [{id: a, name: A}]")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_unit_naming_itself_as_parent_is_a_root_in_tables_but_a_cycle_in_yaml() -> None:
    org = tabular.loads_csv("id,parent,name\na,a,A\nb,a,B\n")
    assert org.roots() == ["a"] and org.parent("b") == "a"
    with pytest.raises(og.CycleError):
        og.loads("units: [{id: a, name: A, parent: a}]")


# -- order, rollups and structure on demand ---------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 300), st.integers(0, 10**6))
def test_row_order_does_not_change_the_organisation(n: int, seed: int) -> None:
    org = synthetic(n, seed=seed % 97)
    text = tables_out.to_csv(org)
    assert isinstance(text, str)
    header, *rows = text.splitlines()
    # Deepest units first (siblings keep their order): every child before its parent.
    depth = {uid: org.depth(uid) for uid in org.units()}
    bottom_up = sorted(rows, key=lambda row: -depth[row.split(",")[0]])
    assert tabular.loads_csv("\n".join([header, *bottom_up]), measures=["fte"]) == org
    random.Random(seed).shuffle(rows)  # any order: sibling order changes, nothing else
    shuffled = tabular.loads_csv("\n".join([header, *rows]), measures=["fte"])
    assert {u: (shuffled.parent(u), dict(shuffled.unit(u))) for u in shuffled} == {
        u: (org.parent(u), dict(org.unit(u))) for u in org
    }
    measures = ("seats", "budget", "fte")
    table, expected = shuffled.rollup_table(measures), org.rollup_table(measures)
    for uid in org.units():
        for m in measures:
            assert set(table[uid][m].unknown) == set(expected[uid][m].unknown)
            assert table.value(uid, m) == pytest.approx(expected.value(uid, m))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_table_rollups_equal_the_per_unit_rollups(rows: list[list[str]]) -> None:
    clean = [r for r in rows if r[0].strip()]
    text = to_text(clean, crlf=False, last_newline=True, quote=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        try:
            org = tabular.loads_csv(text, measures=["fte"])
        except og.OrgError:
            return
    units = org._store
    assert isinstance(units, TableUnits)
    datas = [dict(units[u]) for u in org._ids]  # every unit dict, built on demand
    for m in ("seats", "budget", "filled", "fte"):
        columnar = units.own_values(m)
        # fte is a column of this table: read from it for every unit, as older files did
        generic = own_values(datas, m, org._ids, from_attrs=units.has_measure(m))
        assert columnar == generic
        # "rollups add up": the root's total is the sum of every unit's own figure
        table = org.rollup_table((m,))
        total = sum(table.value(r, m) for r in org.roots())
        assert total == pytest.approx(sum(generic[0]))
        assert sum(table.unknown_count(r, m) for r in org.roots()) == generic[1].count(False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.integers(0, 12))
def test_unit_dicts_built_one_by_one_equal_those_built_in_bulk(
    rows: list[list[str]], first: int
) -> None:
    clean = [r for r in rows if r[0].strip()]
    text = to_text(clean, crlf=False, last_newline=True, quote=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        try:
            one, bulk = (tabular.loads_csv(text, measures=["fte"]) for _ in range(2))
        except og.OrgError:
            return
    units, rest = one._store, bulk._store
    assert isinstance(units, TableUnits) and isinstance(rest, TableUnits)
    some = bulk._ids[:first]
    for uid in some:  # a few built one by one, then the rest in one pass
        rest[uid]
    rest._build_all()
    assert [units[u] for u in one._ids] == [rest[u] for u in bulk._ids]


def test_structure_is_built_only_when_asked_for() -> None:
    org = tabular.loads_csv("id,parent,name,seats,staff_title\nb,a,B,3,x\na,,A,1,y\n")
    assert not org._topological  # the child comes first
    assert {"graph", "_parent", "_children", "_preorder"}.isdisjoint(vars(org))
    assert org.headcount() == og.Rollup(4, ())
    assert "graph" not in vars(org)
    assert org.units() == ["a", "b"] and org.children("a") == ["b"]
    graph = org.graph
    assert dict(graph.nodes["b"]) == dict(org.unit("b"))
    assert [(u, v, d["kind"]) for u, v, d in graph.edges(data=True)] == [("a", "b", "reporting")]


def test_type_and_chain_queries_build_no_unit_dicts() -> None:
    org = tabular.loads_csv("id,parent,name,type\na,,A,company\nb,a,B,team\nc,b,C,\nd,a,D,team\n")
    units = org._store
    assert isinstance(units, TableUnits)
    assert org.units("team") == ["b", "d"] and org.types() == ["company", "team"]
    assert org.chain("c") == ["c", "b", "a"] and org.common_superior("c", "d") == "a"
    assert units._cache == {}  # answered from the columns
    assert org.unit("c").get("type") is None and org.unit("b")["type"] == "team"


def test_links_are_found_per_unit() -> None:
    org = og.loads(
        "units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]\n"
        "links: [{kind: dotted, from: a, to: b}, {kind: collaboration, from: b, to: c,"
        " relation: helps}, {kind: collaboration, from: c, to: a, mutual: true}]\n"
    )
    assert org.dotted("b") == [og.DottedLine("a", "manager")]
    assert org.collaborators("c") == [
        og.Collaboration("a", None, "both"),
        og.Collaboration("b", "helps", "in"),
    ]
    assert [(a, b) for a, b, _ in org.links("collaboration")] == [("b", "c"), ("c", "a")]
