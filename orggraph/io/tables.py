"""Organisations as tables: CSV, records, pandas DataFrames and Excel, in and out.

One row per unit (or per position, for person-level HR exports), an id column and a
parent column, the way HR systems and org-chart tools export them (Visio: Unique ID /
Reports_To; OrgPlus: Person ID / Supervisor ID / AltReportsTo). The import is one pass
with dictionary look-ups and a bulk graph build: linear in the number of rows.

Canonical columns (each optional except ``id``, ``parent`` and ``name``; a per-language
text column is ``<column>_<lang>``, e.g. ``name_zh``, ``name_en``):

=================  ==========================================================
``id``             the unit's id
``parent``         the id it reports to; blank (or its own id) for a root
``name``           its name
``type``           department, group, team, ...
``head_title``     title of the post heading the unit (creates the ``head``)
``head_salary``    that post's monthly salary
``head_pay``       its pay scheme
``holders``        people in the head post, ``;``-separated
``staff_title``    title of the unit's staff post (one per row)
``seats``          the staff post's seats; blank = unknown
``salary``         the staff post's monthly salary per seat; blank = unknown
``pay``            the staff post's pay scheme
``responsibilities``  ``;``-separated duties (the text is also the id)
``dotted``         ``;``-separated ids of dotted-line (matrix) managers
``attrs.<key>``    a numeric unit attribute (``attrs.fte``), always read
=================  ==========================================================

An ``attrs.<key>`` column, and any other numeric column named in ``measures=``, becomes a
unit attribute that :meth:`Org.rollup` sums (fractions and negatives allowed; blank =
unknown). Other columns are ignored.

>>> import orggraph as og
>>> rows = [
...     {"id": "1", "parent": "", "name": "Board", "fte": "1"},
...     {"id": "2", "parent": "1", "name": "Sales", "fte": "3.5", "dotted": "3"},
...     {"id": "3", "parent": "1", "name": "Ops", "fte": ""},
... ]
>>> org = from_records(rows, measures=["fte"])
>>> org.rollup("fte")
Rollup(value=4.5, unknown=('3',))
>>> org.dotted("2")
[DottedLine(unit='3', role='manager')]
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TextIO

from typing_extensions import Unpack

from orggraph.core.build import assemble
from orggraph.core.gcpause import paused as _gc_paused
from orggraph.core.org import OrgFacts
from orggraph.core.tables import TableUnits
from orggraph.errors import OrgError, ParseError
from orggraph.io.columns import Columns, check_columns
from orggraph.io.csvsplit import BOM, fast_columns
from orggraph.io.parse import reject_surrogates
from orggraph.io.sources import Source, open_source, source_name
from orggraph.io.tablecolumns import Column, ColumnMap, TableColumns

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "COLUMNS",
    "CsvColumns",
    "cell_text",
    "csv_columns",
    "from_csv",
    "from_dataframe",
    "from_records",
    "from_table",
    "header_names",
    "loads_csv",
    "read_csv",
]

COLUMNS = (
    "id",
    "parent",
    "name",
    "type",
    "head_title",
    "head_salary",
    "head_pay",
    "holders",
    "staff_title",
    "seats",
    "salary",
    "pay",
    "responsibilities",
    "dotted",
)


def _check_delimiter(delimiter: Any, file: str | None) -> None:
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise OrgError(
            f"the delimiter must be one character other than a quote or a line end, "
            f"not {delimiter!r}",
            file=file,
        )


#: The types of pandas' missing values (``pd.NA``, ``pd.NaT``): blanks, not text.
_BLANK_TYPES = ("NAType", "NaTType")


def cell_text(value: Any) -> str:
    """Any cell as text: blanks (None, NaN, pandas' NaT and NA, numpy's NaT) as ``""``;
    numbers in their exact repr.

    >>> cell_text(None), cell_text(float("nan")), cell_text(3.0), cell_text("x")
    ('', '', '3', 'x')
    """
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in _BLANK_TYPES or (
        type(value).__name__ == "datetime64" and str(value) == "NaT"
    ):  # by name: pandas and numpy load only when the caller has them
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        # pandas turns an int column with blanks into floats; 3.0 was the int 3
        return str(int(value))
    return str(value)


def from_records(
    rows: Iterable[Mapping[str, Any]],
    *,
    header: Sequence[str] | None = None,
    **mapping: Any,
) -> Org:
    """Build an organisation from rows (mappings of column -> cell); see :func:`from_table`."""
    rows = rows if isinstance(rows, list) else list(rows)
    if header is None:
        seen: dict[str, None] = {}
        for r in rows[:1000]:
            seen.update(dict.fromkeys(r))
        header = list(seen)
    table = [[cell_text(r.get(h)) for h in header] for r in rows]
    return from_table(header, table, **mapping)


def from_table(
    header: Sequence[Any],
    rows: Iterable[Sequence[str]],
    *,
    first_line: int = 1,
    where: str = "row",
    **mapping: Any,
) -> Org:
    """Build an organisation from a header and rows of text cells (``""`` = blank).

    The core of every import: CSV rows go in as read; records, DataFrames and Excel
    sheets are turned into text cells first (numbers in their exact ``repr``).
    Each keyword names the column holding that field (a ``{lang: column}`` mapping for
    text in several languages); ``None`` means the canonical column if the table has
    it. Every problem (missing parent, duplicate id, cycle, unparsable number) is
    collected with its row number (*where* and *first_line* say how rows are counted)
    and raised together. *lang* defaults to the languages of the per-language name
    columns, in column order. A header naming one column twice is refused.
    """
    return from_rows(
        header, rows, lambda r: first_line + r, header_at=first_line - 1, where=where, **mapping
    )


def from_rows(
    header: Sequence[Any],
    rows: Iterable[Sequence[str]],
    line_of: Callable[[int], int],
    *,
    header_at: int,
    where: str,
    **mapping: Any,
) -> Org:
    """:func:`from_table` with row ``r`` found at ``line_of(r)`` and the header at
    *header_at* (``0``: not in the source, as for records and DataFrames)."""
    file = mapping.get("file")
    names = header_names(
        [cell_text(h) for h in header], file, f"{where} {header_at}" if header_at > 0 else "header"
    )
    width = len(names)
    table = list(rows)  # a copy: short rows are padded below, not in the caller's list
    for k, row in enumerate(table):
        if len(row) != width:
            if len(row) > width and any(str(v).strip() for v in row[width:]):
                raise ParseError(
                    f"{len(row)} cells but the header has {width} columns",
                    file=file,
                    place=f"{where} {line_of(k)}",
                )
            table[k] = (list(row) + [""] * width)[:width]
    columns = [list(c) for c in zip(*table, strict=True)] if table else [[] for _ in names]
    return _from_columns(names, columns, line_of, where=where, strip=True, **mapping)


def _from_columns(
    header: Sequence[str],
    columns: list[list[str]],
    line_of: Callable[[int], int],
    *,
    strip: bool = True,
    id: str = "id",
    parent: str = "parent",
    name: Column = "name",
    type: Column = None,
    head_title: Column = None,
    head_salary: Column = None,
    head_pay: Column = None,
    holders: Column = None,
    staff_title: Column = None,
    seats: Column = None,
    salary: Column = None,
    pay: Column = None,
    responsibilities: Column = None,
    dotted: Column = None,
    measures: Sequence[str] = (),
    lang: Sequence[str] | None = None,
    org: Any = None,
    file: str | None = None,
    where: str = "row",
) -> Org:
    """The import, column by column: row ``r`` of every column is one unit, found at
    ``line_of(r)`` of the source. Each check is one pass over a column
    (:class:`~orggraph.io.tablecolumns.TableColumns`); a unit's dict is built only when
    something asks for it (:class:`orggraph.core.tables.TableUnits`)."""
    given: dict[str, Column] = {
        "id": id,
        "parent": parent,
        "name": name,
        "type": type,
        "head_title": head_title,
        "head_salary": head_salary,
        "head_pay": head_pay,
        "holders": holders,
        "staff_title": staff_title,
        "seats": seats,
        "salary": salary,
        "pay": pay,
        "responsibilities": responsibilities,
        "dotted": dotted,
    }
    mapping = ColumnMap(header, given, measures, file)
    with _gc_paused():
        table = TableColumns(mapping, columns, line_of, strip=strip, where=where)
        ids = table.read_ids()
        # A blank parent marks a root; so does the unit's own id, as some HR systems do.
        parents = table.col("parent")
        assert parents is not None
        fields = table.read_fields()
        owned, responsibility_data = table.read_responsibilities()
        links = table.read_dotted()
        if not ids and not table.problems:
            raise ParseError("the table has no rows", file=file)
        index = dict(zip(ids, range(len(ids)), strict=True))
        units = TableUnits(ids, index, **fields)
    if lang is None:
        lang = list(mapping.cols["name"]) if isinstance(mapping.cols["name"], dict) else []
    problems = sorted(table.problems, key=lambda p: (p[0], p[1]))
    return assemble(
        ids,
        parents,
        units,
        owned,
        index=index,
        self_parent_is_root=True,
        responsibilities=responsibility_data,
        links=links,
        facts=OrgFacts(name=org, lang=lang, file=file),
        unit_place=table.unit_place,
        link_place=table.link_place,
        problems=[p for _, _, p in problems],
    )


def _id(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # pandas reads an id column with blanks as floats
    return str(value).strip()


def from_csv(
    path: Source, *, delimiter: str = ",", max_bytes: int | None = None, **mapping: Any
) -> Org:
    """Read a CSV file (UTF-8, with or without BOM) of one row per unit.

    The file is read in blocks, never held in memory whole, and never past *max_bytes*
    (see :mod:`orggraph.io.sources`; *path* may also be an open file). Keyword arguments
    map fields to columns; see :func:`from_table`.
    """
    file = source_name(path)
    with open_source(path, max_bytes=max_bytes) as handle:
        return _read_csv(handle, delimiter=delimiter, file=file, **mapping)


def loads_csv(text: str, *, delimiter: str = ",", file: str | None = None, **mapping: Any) -> Org:
    """Read CSV text; see :func:`from_csv`."""
    reject_surrogates(text, file=file)  # no file can hold them; writers would fail
    return _read_csv(io.BytesIO(text.encode("utf-8")), delimiter=delimiter, file=file, **mapping)


def header_names(cells: list[str], file: str | None, place: str) -> list[str]:
    """A table's header: the column names, stripped; a name given twice is refused (blank cells,
    naming no column, may repeat: spreadsheets often have a few after the last column)."""
    header = [h.strip() for h in cells]
    seen: set[str] = set()
    for h in header:
        if h in seen and h:
            raise ParseError(
                f"the header repeats column {h!r}; each column needs its own name",
                file=file,
                place=place,
            )
        seen.add(h)
    return header


class CsvColumns(NamedTuple):
    """A CSV file read as columns: the *header*, one list of cells per column, the line
    of each row (``line_of(r)``) and whether cells may have spaces at their ends
    (*spaces*: the fast path knows when none has)."""

    header: list[str]
    columns: list[list[str]]
    line_of: Callable[[int], int]
    spaces: bool


def csv_columns(
    handle: BinaryIO,
    *,
    delimiter: str,
    file: str | None,
    encoding: str = "utf-8",
    on_header: Callable[[list[str]], None] | None = None,
) -> CsvColumns:
    """Read a CSV file (*handle*, binary) as columns; *on_header* sees the header before
    any row is read (to refuse a wrong column mapping early). UTF-8 files (with or
    without BOM) take the fast path; another *encoding* is read by the csv module."""
    _check_delimiter(delimiter, file)
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except (LookupError, TypeError):
        raise OrgError(f"unknown text encoding {encoding!r}", file=file) from None
    if utf8:
        # The fast path: a header line without quotes, then fast_columns; anything
        # else (or a file that turns out not to be simple) goes to the csv module.
        line = handle.readline()
        if line.startswith(BOM):
            line = line[len(BOM) :]
        if line.endswith(b"\n") and b'"' not in line:
            try:
                cells = line.rstrip(b"\r\n").decode("utf-8").split(delimiter)
            except UnicodeDecodeError:
                cells = ["\r"]  # not UTF-8: the csv module's pass says where
            if "\r" not in "".join(cells):
                header = header_names(cells, file, "line 1")
                if on_header is not None:
                    on_header(header)
                try:
                    with _gc_paused():
                        fast = fast_columns(handle, len(header), delimiter)
                except UnicodeDecodeError:
                    fast = None
                if fast is not None:
                    return CsvColumns(header, fast[0], lambda r: r + 2, fast[1])
        handle.seek(0)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig" if utf8 else encoding, newline="")
    try:
        return _csv_text_columns(
            text, delimiter=delimiter, file=file, encoding=encoding, on_header=on_header
        )
    finally:
        text.detach()  # the caller closes the file


def _read_csv(handle: BinaryIO, *, delimiter: str, file: str | None, **mapping: Any) -> Org:
    table = csv_columns(handle, delimiter=delimiter, file=file)
    return _from_columns(
        table.header,
        table.columns,
        table.line_of,
        strip=table.spaces,
        file=file,
        where="line",
        **mapping,
    )


def _read_csv_text(handle: TextIO, *, delimiter: str, file: str | None, **mapping: Any) -> Org:
    """The csv module's way, for files the fast path does not take (the tests compare)."""
    _check_delimiter(delimiter, file)
    table = _csv_text_columns(handle, delimiter=delimiter, file=file)
    return _from_columns(
        table.header, table.columns, table.line_of, strip=True, file=file, where="line", **mapping
    )


def _csv_text_columns(
    handle: TextIO,
    *,
    delimiter: str,
    file: str | None,
    encoding: str = "utf-8",
    on_header: Callable[[list[str]], None] | None = None,
) -> CsvColumns:
    reader = csv.reader(handle, delimiter=delimiter)
    not_text = f"the file is not {'UTF-8' if encoding == 'utf-8' else encoding} text"
    try:
        header = header_names(next(reader), file, "line 1")
    except StopIteration:
        raise ParseError("the file is empty", file=file) from None
    except csv.Error as exc:
        raise ParseError(f"CSV error: {exc}", file=file, place="line 1") from None
    except UnicodeDecodeError as exc:
        raise ParseError(f"{not_text} ({exc.reason})", file=file, place="line 1") from None
    if on_header is not None:
        on_header(header)
    width = len(header)
    rows: list[list[str]] = []
    lines = array("q")
    line = 1
    with _gc_paused():
        try:
            for values in reader:
                line = reader.line_num
                if not values:
                    continue
                if len(values) != width:
                    if len(values) > width and any(v.strip() for v in values[width:]):
                        raise ParseError(
                            f"{len(values)} cells but the header has {width} columns",
                            file=file,
                            place=f"line {line}",
                        )
                    values = (values + [""] * width)[:width]
                rows.append(values)
                lines.append(line)
        except csv.Error as exc:
            raise ParseError(
                f"CSV error: {exc}", file=file, place=f"line {reader.line_num}"
            ) from None
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"{not_text} ({exc.reason})", file=file, place=f"after line {line}"
            ) from None
        columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
        del rows
    return CsvColumns(header, columns, lines.__getitem__, True)


def from_dataframe(df: Any, **mapping: Any) -> Org:
    """Build an organisation from a pandas DataFrame (one row per unit); see :func:`from_records`."""
    header = [str(col) for col in df.columns]
    rows = [[cell_text(v) for v in r] for r in df.itertuples(index=False, name=None)]
    return from_table(header, rows, **mapping)


# -- the public readers: pandas' names, options checked before anything is read -----------


def read_csv(
    source: Source,
    *,
    delimiter: str = ",",
    max_bytes: int | None = None,
    **columns: Unpack[Columns],
) -> Org:
    """Read a CSV file of one row per unit (``og.read_csv``): *source* is a path or an
    open file; *columns* say which column holds what (:class:`~orggraph.io.columns.Columns`),
    checked before the file is opened.

    >>> import io
    >>> read_csv(io.StringIO("id,parent,name\\na,,A\\nb,a,B\\n")).children("a")
    ['b']
    >>> read_csv("org.csv", parnet="boss")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: org.csv: unknown column option 'parnet' (did you mean 'parent'?); valid: id, parent, name, type, head_title, head_salary, head_pay, holders, staff_title, seats, salary, pay, responsibilities, dotted, measures, lang
    """
    mapping = check_columns(columns, file=source_name(source))
    return from_csv(source, delimiter=delimiter, max_bytes=max_bytes, **mapping)
