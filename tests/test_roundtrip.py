"""Every file orggraph writes reads back: for random organisations, every writer (YAML,
JSON, CSV, Excel, node-link, GraphML, GEXF, Turtle, JSON-LD) writes a real file and the
reader gives back an organisation with the same full form (``og.to_dict``, up to the
listing order of responsibilities and links, as ``Org ==`` compares), or the
writer refuses with an ``OrgError``. Never a crash, never a quietly different
organisation. Also: ``dump`` then ``load`` at 50,000 units.

orggraph writes no Excel itself: the Excel case stores the rows of the table writer
(``tables_out.to_records``, what ``to_csv`` writes) with openpyxl, as a user would, and reads
them back with ``og.load``.

No case is marked xfail: the defects of issue 10 these tests found are fixed.
"""

from __future__ import annotations

import math
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from strategies import rich_documents, table_documents

import orggraph as og
from orggraph import io as formats
from orggraph.datasets import synthetic
from orggraph.io import tables_out

pytest.importorskip("rdflib")
openpyxl = pytest.importorskip("openpyxl")

# Fixed examples (derandomize) so that CI sees the same organisations every run; no
# shrinking, which takes minutes on the writers' known failures (the failing example is
# reported as drawn).
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def write_xlsx(org: og.Org, path: Path) -> None:
    """The table writer's rows in an Excel sheet (openpyxl), every text cell as text."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    records = tables_out.to_records(org)  # an OrgError when a table cannot hold the org
    header = list(dict.fromkeys(k for r in records for k in r))
    book = openpyxl.Workbook()
    sheet = book.active
    try:
        sheet.append(header)
        for record in records:
            sheet.append([cell_value(record.get(h)) for h in header])
    except IllegalCharacterError:
        raise Unstorable("Excel cannot hold control characters") from None
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # not a formula, whatever it starts with
    book.save(path)


def cell_value(value: Any) -> Any:
    """A number as Excel holds it exactly, or as text: Excel numbers are doubles (whole
    numbers past 2^53 do not fit) and openpyxl writes 16 significant digits."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return str(value)
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return repr(value)
    return value


class Unstorable(Exception):
    """The test's own Excel writer (openpyxl) cannot store the data."""


Writer = Callable[[og.Org, Path], Any]
Reader = Callable[[Path], og.Org]
WRITERS: dict[str, tuple[str, Writer, Reader]] = {
    "yaml": ("org.yaml", og.dump, og.load),
    "json": ("org.json", og.dump, og.load),
    "csv": ("org.csv", tables_out.to_csv, og.load),
    "xlsx": ("org.xlsx", write_xlsx, og.load),
    "node-link": ("org.nodelink.json", formats.write, formats.read),
    "graphml": ("org.graphml", formats.write, formats.read),
    "gexf": ("org.gexf", formats.write, formats.read),
    "turtle": ("org.ttl", formats.write, formats.read),
    "json-ld": ("org.jsonld", formats.write, formats.read),
}


def build(doc: dict[str, Any]) -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        return og.from_dict(doc)


def round_trip(fmt: str, org: og.Org) -> og.Org | None:
    """*org* written to a real file in *fmt* and read back; None if the writer refused
    with an OrgError."""
    name, write, read = WRITERS[fmt]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        try:
            write(org, path)
        except og.OrgError:
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", og.OrgWarning)
            return read(path)


def assert_reads_back(fmt: str, org: og.Org) -> str:
    """Check the round trip; say what happened (for hypothesis' statistics)."""
    try:
        back = round_trip(fmt, org)
    except Unstorable as why:
        return f"not stored: {why}"
    if back is None:
        return "the writer refused"
    # Org equality compares the full form (og.to_dict) up to the listing order of
    # responsibilities and links; the change log is compared on its own.
    assert back == org, (og.to_dict(back), og.to_dict(org))
    assert back.changes == org.changes
    return "read back"


# -- random organisations through every writer -------------------------------------------

TABLES = ("csv", "xlsx")
# Random organisations are mostly refused by the table writers: test_tables_read_back
# draws ones a table can hold.


@pytest.mark.parametrize("fmt", WRITERS)
@SETTINGS
@given(doc=rich_documents())
def test_every_writer_reads_back(fmt: str, doc: dict[str, Any]) -> None:
    event(assert_reads_back(fmt, build(doc)))


@pytest.mark.parametrize("fmt", TABLES)
@SETTINGS
@given(doc=table_documents())
def test_tables_read_back(fmt: str, doc: dict[str, Any]) -> None:
    """Organisations shaped for a table (most random ones are refused by the table
    writers): the file reads back equal or the writer says no."""
    event(assert_reads_back(fmt, build(doc)))


# -- the cases of issue 10, through every writer ---------------------------------------------


def unit(**fields: Any) -> dict[str, Any]:
    return {"units": [{"id": "a", "name": "A", **fields}]}


def two_units(**link: Any) -> dict[str, Any]:
    return {
        "units": [{"id": "a", "name": "A", "units": [{"id": "b", "name": "B"}]}],
        "links": [{"kind": "dotted", "from": "a", "to": "b", **link}],
    }


def chain(n: int) -> dict[str, Any]:
    return {
        "units": [
            {"id": f"u{i}", "name": f"U{i}", **({"parent": f"u{i - 1}"} if i else {})}
            for i in range(n)
        ]
    }


# The cases of issue 10, each a document: every one reads back or is refused today.
EXAMPLES: dict[str, Callable[[], dict[str, Any]]] = {
    "salary-2^53+1": lambda: unit(head={"title": "Boss", "salary": 2**53 + 1}),
    "lone-surrogate-name": lambda: unit(name="a\ud800"),
    "lone-surrogate-attr": lambda: unit(attrs={"note": "\udc00"}),
    "attrs-object": lambda: unit(attrs={"x": object()}),
    "attrs-nan": lambda: unit(attrs={"fte": math.nan}),
    "attrs-null": lambda: unit(attrs={"x": None}),
    "attrs-numeric": lambda: unit(attrs={"fte": 2.5}),
    "dotted-relation": lambda: two_units(relation="advises"),
    "responsibility-with-semicolon": lambda: {
        **unit(responsibilities=["a;b"]),
        "responsibilities": [{"id": "a;b", "name": "a;b"}],
    },
    "name-with-spaces": lambda: unit(name=" A "),
    "seats-3000-digits": lambda: unit(staff=[{"title": "x", "seats": 10**3000}]),
    "salary-3000-digits": lambda: unit(
        staff=[{"title": "x", "seats": 10**3000, "salary": 10**3000}]
    ),
    "control-character-name": lambda: unit(name="\u0007"),
    "formula-name": lambda: unit(name="=cmd|' /C calc'!A0"),
    "chain-10000": lambda: chain(10_000),
}


ONLY = {"chain-10000": ("yaml", "json")}  # slow at this size in the other writers


def example_params() -> list[Any]:
    return [
        pytest.param(name, fmt, id=f"{name}-{fmt}")
        for name in EXAMPLES
        for fmt in ONLY.get(name, WRITERS)
    ]


@pytest.mark.parametrize(("name", "fmt"), example_params())
def test_issue_cases_read_back(name: str, fmt: str) -> None:
    """The issue's cases: each writer's file reads back equal, or an OrgError says no
    (at from_dict or at the writer)."""
    try:
        org = build(EXAMPLES[name]())
    except og.OrgError:
        return  # refused at load: fine
    assert_reads_back(fmt, org)


# -- dump then load at 50,000 units --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "suffix",
    [".yaml", ".json"],
)
def test_dump_then_load_50000_units(tmp_path: Path, suffix: str) -> None:
    org = synthetic(50_000, seed=0)
    path = og.dump(org, tmp_path / f"org{suffix}")
    back = og.load(path)
    assert len(back) == 50_000
    assert back == org
