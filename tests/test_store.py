"""The unit store: one protocol (orggraph.core.store.UnitStore), two stores (documents
and tables) that give the same answers, and the table store's columnar fast path held to
the plain rule (orggraph.core.rollup.own_values)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.core.rollup import own_values
from orggraph.core.store import DocumentUnits, UnitStore
from orggraph.core.tables import TableUnits
from orggraph.io import tables as tabular

CORE = Path(og.__file__).parent / "core"
STORE_USERS = {
    "org.py",
    "build.py",
    "store.py",
    "tables.py",
    "rollup.py",
    "document.py",
    "graph.py",
}
MEASURES = ("seats", "budget", "filled", "fte", "rooms")  # rooms: no column gives it

cells = st.sampled_from(["", "", "x", "Boss", "营销"])
figures = st.one_of(st.none(), st.integers(0, 50), st.floats(0, 1e6, allow_nan=False))


def column(draw: st.DrawFn, n: int, values: st.SearchStrategy[Any]) -> list[Any] | None:
    return draw(st.none() | st.lists(values, min_size=n, max_size=n))


def text(draw: st.DrawFn, n: int) -> list[tuple[str | None, list[str]]] | None:
    """A text field: no column, one plain column, or one column per language."""
    langs = draw(st.sampled_from([(), (None,), ("zh",), ("zh", "en")]))
    return [(lang, draw(st.lists(cells, min_size=n, max_size=n))) for lang in langs] or None


@st.composite
def table_units(draw: st.DrawFn) -> TableUnits:
    n = draw(st.integers(1, 12))
    ids = [f"u{i}" for i in range(n)]
    return TableUnits(
        ids,
        {u: i for i, u in enumerate(ids)},
        name=text(draw, n),
        type=column(draw, n, st.sampled_from(["", "team", "office"])),
        head_title=text(draw, n),
        head_salary=column(draw, n, figures),
        staff_title=text(draw, n),
        seats=column(draw, n, st.none() | st.integers(0, 50)),
        salary=column(draw, n, figures),
        measures=[("fte", col)] if (col := column(draw, n, figures)) is not None else [],
    )


def rows_of(units: TableUnits) -> st.SearchStrategy[list[int] | None]:
    return st.none() | st.lists(st.integers(0, len(units) - 1), max_size=2 * len(units))


def documents_of(units: TableUnits) -> DocumentUnits:
    """The store of documents over the table's own unit dicts, built one by one."""
    ids = list(units)
    return DocumentUnits(ids, {u: dict(units[u]) for u in ids})


@settings(max_examples=300, deadline=None)
@given(table_units(), st.data())
def test_the_columnar_fast_path_follows_the_plain_rule(
    units: TableUnits, data: st.DataObject
) -> None:
    rows = data.draw(rows_of(units))
    ids = list(units)
    for m in MEASURES:
        fast = units.own_values(m, rows)  # before any unit dict exists
        picked = ids if rows is None else [ids[i] for i in rows]
        attrs = units.has_measure(m)  # a people measure given as a column: read from it
        assert fast == own_values([units[u] for u in picked], m, picked, from_attrs=attrs), m


@settings(max_examples=200, deadline=None)
@given(table_units(), st.data())
def test_both_stores_give_the_same_answers(units: TableUnits, data: st.DataObject) -> None:
    docs = documents_of(units)
    rows = data.draw(rows_of(units))
    every = list(range(len(units)))
    for lang in (None, "zh", "en"):
        for default in (None, "en"):
            assert units.labels(rows or every, lang, default) == docs.labels(
                rows or every, lang, default
            )
    assert units.types(rows or every) == docs.types(rows or every)
    assert units.measures(every) == docs.measures(every)
    for m in MEASURES:
        assert units.has_measure(m) == docs.has_measure(m)
        assert units.own_values(m, rows) == docs.own_values(m, rows)
    assert units.figure_problems() == docs.figure_problems() == []


def test_both_stores_have_every_method_of_the_protocol() -> None:
    members = [name for name in vars(UnitStore) if not name.startswith("_")]
    assert sorted(members) == [
        "data",
        "figure_problems",
        "has_holders",
        "has_measure",
        "labels",
        "measures",
        "own_values",
        "types",
    ]
    for store in (DocumentUnits, TableUnits):
        assert all(hasattr(store, name) for name in members), store


def test_org_asks_the_store_directly() -> None:
    """No duck-typed probes of the store and no attribute forwarding in the core."""
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                assert node.name != "__getattr__", f"{path.name}:{node.lineno}"
            if path.name in STORE_USERS and isinstance(node, ast.Call):
                assert not (isinstance(node.func, ast.Name) and node.func.id == "getattr"), (
                    f"{path.name}:{node.lineno}"
                )


CSV = (
    "id,parent,name,head_title,head_salary,staff_title,seats,salary,fte,responsibilities\n"
    "a,,A,CEO,9000,,,,1,plan\n"
    "b,a,B,,,Rep,3,100,,sell;plan\n"
    "c,b,C,Lead,,Clerk,,50,2.5,\n"
)


def test_a_subtree_rollup_of_a_table_reads_the_columns() -> None:
    org = tabular.loads_csv(CSV, measures=["fte"])
    units = org._store
    assert isinstance(units, TableUnits)
    assert org.rollup("seats", "b") == og.Rollup(4, ("c",))
    assert org.rollup("budget", "b") == og.Rollup(300, ("c",))
    assert org.rollup("fte", "b") == og.Rollup(2.5, ("b",))
    assert org.rollup("filled", "c") == og.Rollup(0, ("c",))  # no filled column: the rule
    assert set(units._cache) == {"c"}  # only "filled" needed a unit dict


def test_a_table_with_responsibilities_keeps_its_columnar_answers() -> None:
    org = tabular.loads_csv(CSV, measures=["fte"])
    assert org.node_data["plan"]["kind"] == "responsibility"
    assert org.name("sell") == "sell" and org.responsible_for("plan") == ["a", "b"]
    assert org.measures() == ["seats", "budget", "filled", "vacancies", "fte", "people"]
    assert org.headcount() == og.Rollup(5, ("c",))
    assert org.units(type=None) == ["a", "b", "c"]
    assert org._store._cache == {}  # type: ignore[attr-defined]
    assert org.box_fields(["c", "a"], "en") == (["C", "A"], ["Lead", "CEO"], [None, None])


def test_the_document_store_answers_like_the_unit_dicts() -> None:
    org = og.loads(
        "lang: [zh, en]\n"
        "units: [{id: a, name: {zh: 甲, en: A}, type: office, head: {title: {en: Boss}},"
        " attrs: {fte: 1, note: x}, units: [{id: b, name: B, attrs: {rooms: null}}]}]\n"
    )
    assert isinstance(org._store, DocumentUnits)
    assert org.box_fields(["a", "b"]) == (["甲", "B"], ["Boss", None], ["office", None])
    assert org.measures() == ["seats", "budget", "filled", "vacancies", "fte", "people", "rooms"]
    assert org.rollup("note", "b") == og.Rollup(0, ("b",))  # given by a, a text: not summed
