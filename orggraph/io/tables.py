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

import builtins  # the type() builtin: "type" is a column parameter here
import csv
import io
import math
import operator
import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from typing_extensions import Unpack

from orggraph.core.build import Problem, assemble
from orggraph.core.gcpause import paused as _gc_paused
from orggraph.core.tables import SEP, TableUnits, Text, any_bool, any_text, number_column
from orggraph.errors import OrgError, ParseError, SchemaError, close_matches
from orggraph.io.parse import reject_surrogates
from orggraph.io.sources import Source, open_source, source_name

if TYPE_CHECKING:
    from orggraph.core.org import Org
from orggraph.io.columns import Columns, check_columns
from orggraph.io.csvsplit import BOM, fast_columns

__all__ = [
    "COLUMNS",
    "from_csv",
    "from_dataframe",
    "from_records",
    "from_table",
    "loads_csv",
    "read_csv",
]

TEXT_COLUMNS = ("name", "head_title", "staff_title")
ATTRS = "attrs."  # the prefix of a column holding an attrs key: attrs.fte
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

Column = str | Mapping[str, str] | None


class _Mapping:
    """Which column holds what, resolved once against the header."""

    def __init__(
        self,
        header: Sequence[str],
        given: dict[str, Column],
        measures: Sequence[str],
        file: str | None,
    ) -> None:
        self.header = list(header)
        have = set(header)
        self.cols: dict[str, str | dict[str, str]] = {}
        problems = []
        _check_arguments(given, measures, file)
        for key, column in given.items():
            explicit = column is not None
            if column is None:
                column = key
            if isinstance(column, Mapping):
                missing = [c for c in column.values() if c not in have]
                if missing:
                    problems.append(self._missing(key, missing[0]))
                    continue
                self.cols[key] = dict(column)
                continue
            if column in have:
                self.cols[key] = column
            elif key in TEXT_COLUMNS and any(h.startswith(f"{column}_") for h in header):
                # name_zh, name_en, ... -> {zh: name_zh, en: name_en}
                self.cols[key] = {
                    h[len(column) + 1 :]: h for h in header if h.startswith(f"{column}_")
                }
            elif explicit or key in ("id", "parent", "name"):
                problems.append(self._missing(key, column))
        self.measures = self._measures(measures, have, problems)
        if problems:
            raise SchemaError(
                problems[0][1], file=file, place="header", problems=problems, choices=self.header
            )

    def _measures(
        self, named: Sequence[str], have: set[str], problems: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        """``(attrs key, column)`` of each measure: those *named* (column ``m`` or
        ``attrs.m``), then every other ``attrs.<key>`` column."""
        found: list[tuple[str, str]] = []
        for m in dict.fromkeys(named):
            column = m if m in have else ATTRS + m
            if column in have:
                found.append((m, column))
            else:
                problems.append(self._missing("measure", m))
        taken = {c for _, c in found}
        found += [
            (h[len(ATTRS) :], h)
            for h in self.header
            if h.startswith(ATTRS) and h not in taken and len(h) > len(ATTRS)
        ]
        columns: dict[str, str] = {}
        for key, column in found:
            if key in columns:
                problems.append(
                    (
                        "header",
                        f"two columns hold attribute {key!r}: {columns[key]!r} and {column!r}",
                    )
                )
            columns[key] = column
        return found

    def _missing(self, key: str, column: str) -> tuple[str, str]:
        guess = close_matches(column, self.header, n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else f"; columns: {', '.join(self.header)}"
        return "header", f"no column {column!r} for {key}{hint}"


def _check_arguments(given: Mapping[str, Any], measures: Any, file: str | None) -> None:
    """Column arguments are column names or ``{language: column}`` mappings of them."""
    for key, column in given.items():
        names = list(column.values()) if isinstance(column, Mapping) else [column]
        if column is not None and not all(isinstance(c, str) for c in names):
            raise OrgError(
                f"{key}= must name a column (text) or map languages to columns, not {column!r}",
                file=file,
            )
    if isinstance(measures, str) or not all(isinstance(m, str) for m in measures):
        raise OrgError(f"measures= must be a list of column names, not {measures!r}", file=file)


def _check_delimiter(delimiter: Any, file: str | None) -> None:
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise OrgError(
            f"the delimiter must be one character other than a quote or a line end, "
            f"not {delimiter!r}",
            file=file,
        )


def cell_text(value: Any) -> str:
    """Any cell as text: blanks (None, NaN) as ``""``; numbers in their exact repr."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
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
    names = _header(
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
    ``line_of(r)`` of the source. Each check is one pass over a column; a unit's dict is
    built only when something asks for it (:class:`orggraph.core.tables.TableUnits`)."""
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
    mapping = _Mapping(header, given, measures, file)
    names = mapping.cols
    pos = {h: i for i, h in enumerate(header)}
    problems: list[tuple[int, int, Problem]] = []  # (line, column order, problem)

    with _gc_paused():
        used = {
            pos[c]
            for col in names.values()
            for c in ([col] if isinstance(col, str) else col.values())
        }
        used.update(pos[c] for _, c in mapping.measures)
        if strip:
            for i in used:
                columns[i] = [*map(str.strip, columns[i])]

        def col(key: str) -> list[str] | None:
            found = names.get(key)
            return columns[pos[found]] if isinstance(found, str) else None

        def text(key: str) -> Text:
            found = names.get(key)
            if found is None:
                return None
            if isinstance(found, str):
                return [(None, columns[pos[found]])]
            return [(lng, columns[pos[c]]) for lng, c in found.items()]

        def bad(row: int, order: int, key: str, message: str, ids: tuple[str, ...] = ()) -> None:
            column = names.get(key, key)
            line = line_of(row)
            place = f"{where} {line}, column {column!r}"
            problems.append((line, order, (SchemaError, place, message, ids)))

        id_cells = col("id")
        assert id_cells is not None
        ids: list[str] = id_cells
        rows_kept: list[int] | None = None
        if "" in ids:  # blank ids: report, then leave those rows out of everything
            rows_kept = []
            for r, uid in enumerate(ids):
                if uid:
                    rows_kept.append(r)
                else:
                    bad(r, 0, "id", "the id is blank")
            keep = rows_kept
            for i in used:
                column = columns[i]
                columns[i] = [column[r] for r in keep]
            ids = columns[pos[names["id"]]]  # type: ignore[index]
            outer = line_of
            line_of = lambda r: outer(keep[r])  # noqa: E731
        n = len(ids)
        if _CONTROL.search("".join(ids)):  # one scan; the rows only when there is one
            for r, uid in enumerate(ids):
                if _CONTROL.search(uid):
                    bad(r, 0, "id", f"id {uid!r} must be without control characters", (uid,))
        parent_col = col("parent")
        assert parent_col is not None
        # A blank parent marks a root; so does the unit's own id, as some HR systems do.
        parents = col("parent")
        assert parents is not None
        unit_name = text("name")
        named = any_text(unit_name, n)
        if "" in named:
            for r, has in enumerate(named):
                if not has:
                    bad(r, 1, "name", f"unit {ids[r]!r} has no name", (ids[r],))

        def numbers(
            key: str,
            order: int,
            *,
            whole: bool = False,
            signed: bool = False,
            only: Sequence[Any] | None = None,
        ) -> list[Any] | None:
            cells = col(key)
            if cells is None:
                return None
            values, wrong = number_column(cells)
            for r in wrong:
                if only is None or only[r]:
                    bad(r, order, key, f"unit {ids[r]!r}: {cells[r]!r} is not a number", (ids[r],))
            if whole and float in set(map(builtins.type, values)):
                for r, v in enumerate(values):
                    if v.__class__ is float:
                        values[r] = None
                        bad(
                            r,
                            order,
                            key,
                            f"unit {ids[r]!r}: {cells[r]!r} is not a whole number",
                            (ids[r],),
                        )
            if not signed and min(filter(None, values), default=0) < 0:
                for r, v in enumerate(values):
                    if v is not None and v < 0 and (only is None or only[r]):
                        values[r] = None
                        bad(
                            r,
                            order,
                            key,
                            f"unit {ids[r]!r}: {cells[r]!r} must not be negative",
                            (ids[r],),
                        )
            return values

        head_text = text("head_title")
        has_head = any_bool(head_text, n)
        head_salaries = numbers("head_salary", 2, only=has_head)
        extras = [c for c in (col("head_salary"), col("head_pay"), col("holders")) if c is not None]
        if extras and not all(has_head):
            for r in compress(range(n), map(operator.not_, has_head)):
                if any(c[r] for c in extras):
                    bad(
                        r,
                        3,
                        "head_title",
                        f"unit {ids[r]!r} has head figures but no head_title",
                        (ids[r],),
                    )
        seat_values = numbers("seats", 4, whole=True)
        salary_values = numbers("salary", 5)
        measure_values = []
        for k, (m, c) in enumerate(mapping.measures):
            cells = columns[pos[c]]
            values, wrong = number_column(cells)
            for r in wrong:
                bad(r, 6 + k, c, f"unit {ids[r]!r}: {cells[r]!r} is not a number", (ids[r],))
            measure_values.append((m, values))

        owned: list[tuple[int, list[str]]] = []
        resp_seen: dict[str, dict[str, Any]] = {}
        resp_cells = col("responsibilities")
        if resp_cells is not None:
            for r in compress(range(n), resp_cells):
                value = resp_cells[r]
                rids: list[str] = []
                for piece in value.split(SEP):
                    piece = piece.strip()
                    if piece and piece not in rids:
                        rids.append(piece)
                        if piece not in resp_seen:
                            resp_seen[piece] = {"kind": "responsibility", "name": piece}
                if rids:
                    owned.append((r, rids))
        dotted_links: list[tuple[str, str, str, Any, bool]] = []
        link_rows: list[int] = []
        dotted_cells = col("dotted")
        if dotted_cells is not None:
            for r in compress(range(n), dotted_cells):
                value = dotted_cells[r]
                for manager in value.split(SEP):
                    manager = manager.strip()
                    if manager:
                        dotted_links.append(("dotted", manager, ids[r], None, False))
                        link_rows.append(r)

        if not n and not problems:
            raise ParseError("the table has no rows", file=file)
        index = dict(zip(ids, range(n), strict=True))
        units = TableUnits(
            ids,
            index,
            name=unit_name,
            type=col("type"),
            head_title=head_text,
            head_salary=head_salaries,
            head_pay=col("head_pay"),
            holders=col("holders"),
            staff_title=text("staff_title"),
            has_head=has_head,
            has_staff=any_bool(
                [
                    *(text("staff_title") or []),
                    *(
                        (None, c)
                        for c in (col("seats"), col("salary"), col("pay"))
                        if c is not None
                    ),
                ],
                n,
            ),
            seats=seat_values,
            salary=salary_values,
            pay=col("pay"),
            measures=measure_values,
        )
    if lang is None:
        lang = list(names["name"]) if isinstance(names["name"], dict) else []
    problems.sort(key=lambda p: (p[0], p[1]))
    return assemble(
        ids,
        parents,
        units,
        owned,
        index=index,
        self_parent_is_root=True,
        responsibilities=list(resp_seen.items()),
        links=dotted_links,
        name=org,
        lang=lang,
        file=file,
        unit_place=lambda i, key=None: (
            f"{where} {line_of(i)}" + (f", column {_column_of(names, key)!r}" if key else "")
        ),
        link_place=lambda j, key=None: (
            f"{where} {line_of(link_rows[j])}, column {names.get('dotted')!r}"
        ),
        problems=[p for _, _, p in problems],
    )


def _column_of(cols: Mapping[str, Any], key: str) -> str:
    col = cols.get(key.split("[")[0], key)
    return col if isinstance(col, str) else key


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


_CONTROL = re.compile("[\x00-\x1f]")  # what an id may not hold (as in documents)


def _header(cells: list[str], file: str | None, place: str) -> list[str]:
    """The header's column names, stripped; a name given twice is refused (blank cells,
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


def _read_csv(handle: BinaryIO, *, delimiter: str, file: str | None, **mapping: Any) -> Org:
    _check_delimiter(delimiter, file)
    if len(delimiter) == 1:
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
                header = _header(cells, file, "line 1")
                try:
                    with _gc_paused():
                        fast = fast_columns(handle, len(header), delimiter)
                except UnicodeDecodeError:
                    fast = None
                if fast is not None:
                    columns, spaces = fast
                    return _from_columns(
                        header,
                        columns,
                        lambda r: r + 2,
                        strip=spaces,
                        file=file,
                        where="line",
                        **mapping,
                    )
        handle.seek(0)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        return _read_csv_text(text, delimiter=delimiter, file=file, **mapping)
    finally:
        text.detach()  # the caller closes the file


def _read_csv_text(handle: TextIO, *, delimiter: str, file: str | None, **mapping: Any) -> Org:
    _check_delimiter(delimiter, file)
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = _header(next(reader), file, "line 1")
    except StopIteration:
        raise ParseError("the file is empty", file=file) from None
    except csv.Error as exc:
        raise ParseError(f"CSV error: {exc}", file=file, place="line 1") from None
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"the file is not UTF-8 text ({exc.reason})", file=file, place="line 1"
        ) from None
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
                f"the file is not UTF-8 text ({exc.reason})", file=file, place=f"after line {line}"
            ) from None
        columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
        del rows
    return _from_columns(
        header, columns, lines.__getitem__, strip=True, file=file, where="line", **mapping
    )


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
