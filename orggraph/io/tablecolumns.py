"""The columns of an imported table: which column holds what, and each one read and checked.

:class:`ColumnMap` resolves the column arguments of :func:`orggraph.io.tables.from_table`
against the header once; :class:`TableColumns` then reads the table column by column
(ids, names, head and staff figures, measures, responsibilities, dotted lines). Each
step is one pass over a column, never a loop over rows that calls back per cell: this
is the hot path of a million-unit CSV load. Every problem is collected with its line
and column, for :func:`orggraph.core.build.assemble` to raise together with the graph's.

>>> m = ColumnMap(["id", "parent", "name_en", "name_zh", "attrs.fte"],
...               {"id": "id", "parent": "parent", "name": "name"}, [], None)
>>> m.cols["name"], m.measures
({'en': 'name_en', 'zh': 'name_zh'}, [('fte', 'attrs.fte')])
"""

from __future__ import annotations

import builtins  # the type() builtin: "type" is a column name here
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import compress
from typing import Any

from orggraph.core.tables import SEP, Text, any_bool, any_text, number_column
from orggraph.errors import OrgError, Problem, SchemaError, did_you_mean

__all__ = ["ATTRS", "TEXT_COLUMNS", "Column", "ColumnMap", "TableColumns"]

TEXT_COLUMNS = ("name", "head_title", "staff_title")
ATTRS = "attrs."  # the prefix of a column holding an attrs key: attrs.fte

Column = str | Mapping[str, str] | None

_CONTROL = re.compile("[\x00-\x1f]")  # what an id may not hold (as in documents)


class ColumnMap:
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
        hint = did_you_mean(column, self.header, n=1) or f"; columns: {', '.join(self.header)}"
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


class TableColumns:
    """A table's columns read through its :class:`ColumnMap`: row ``r`` of every column is
    one unit, found at ``line_of(r)`` of the source (*where* names the kind of place:
    ``line``, ``row``). The columns in use are stripped here when *strip* says so (the
    fast CSV reader knows when no cell has spaces). *problems* collects
    ``(line, column order, problem)``; the readers below fill it."""

    def __init__(
        self,
        mapping: ColumnMap,
        columns: list[list[str]],
        line_of: Callable[[int], int],
        *,
        strip: bool,
        where: str,
    ) -> None:
        self.names = mapping.cols
        self.measure_columns = mapping.measures
        self.columns = columns
        self.pos = {h: i for i, h in enumerate(mapping.header)}
        self.line_of = line_of  # rebound by read_ids when rows with blank ids are left out
        self.where = where
        self.problems: list[tuple[int, int, Problem]] = []
        self.link_rows: list[int] = []  # the row of each dotted line
        pos = self.pos
        self.used = {
            pos[c]
            for col in self.names.values()
            for c in ([col] if isinstance(col, str) else col.values())
        }
        self.used.update(pos[c] for _, c in self.measure_columns)
        if strip:
            for i in self.used:
                columns[i] = [*map(str.strip, columns[i])]
        self.ids: list[str] = []

    def col(self, key: str) -> list[str] | None:
        """The cells of the one column holding *key*, if there is one."""
        found = self.names.get(key)
        return self.columns[self.pos[found]] if isinstance(found, str) else None

    def text(self, key: str) -> Text:
        """The text field *key*: ``[(lang, cells)]``, ``lang`` ``None`` for one column."""
        found = self.names.get(key)
        if found is None:
            return None
        if isinstance(found, str):
            return [(None, self.columns[self.pos[found]])]
        return [(lng, self.columns[self.pos[c]]) for lng, c in found.items()]

    def bad(self, row: int, order: int, key: str, message: str, ids: tuple[str, ...] = ()) -> None:
        """A problem at *row* in the column of *key* (*order* sorts those of one line)."""
        column = self.names.get(key, key)
        line = self.line_of(row)
        place = f"{self.where} {line}, column {column!r}"
        self.problems.append((line, order, (SchemaError, place, message, ids)))

    def unit_place(self, i: int, key: str | None = None) -> str:
        """Where unit row *i* (and its field *key*) is in the source."""
        place = f"{self.where} {self.line_of(i)}"
        return place + (f", column {_column_of(self.names, key)!r}" if key else "")

    def link_place(self, j: int, key: str | None = None) -> str:
        """Where dotted line *j* is in the source."""
        return (
            f"{self.where} {self.line_of(self.link_rows[j])}, column {self.names.get('dotted')!r}"
        )

    def read_ids(self) -> list[str]:
        """The ids; rows with a blank id are reported, then left out of every column."""
        id_cells = self.col("id")
        assert id_cells is not None
        ids: list[str] = id_cells
        if "" in ids:
            keep: list[int] = []
            for r, uid in enumerate(ids):
                if uid:
                    keep.append(r)
                else:
                    self.bad(r, 0, "id", "the id is blank")
            columns = self.columns
            for i in self.used:
                column = columns[i]
                columns[i] = [column[r] for r in keep]
            ids = columns[self.pos[self.names["id"]]]  # type: ignore[index]
            outer = self.line_of
            self.line_of = lambda r: outer(keep[r])
        if _CONTROL.search("".join(ids)):  # one scan; the rows only when there is one
            for r, uid in enumerate(ids):
                if _CONTROL.search(uid):
                    self.bad(r, 0, "id", f"id {uid!r} must be without control characters", (uid,))
        self.ids = ids
        return ids

    def numbers(
        self,
        key: str,
        order: int,
        *,
        whole: bool = False,
        signed: bool = False,
        only: Sequence[Any] | None = None,
    ) -> list[Any] | None:
        """The column of *key* parsed as numbers (``None`` for blank or wrong cells, each
        wrong one reported; those of rows not in *only* are let through)."""
        cells = self.col(key)
        if cells is None:
            return None
        ids, bad = self.ids, self.bad
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

    def read_fields(self) -> dict[str, Any]:
        """Name, type, head and staff posts, figures and measures: the keywords of
        :class:`orggraph.core.tables.TableUnits`, each column checked."""
        ids, n, col, text = self.ids, len(self.ids), self.col, self.text
        unit_name = text("name")
        named = any_text(unit_name, n)
        if "" in named:
            for r, has in enumerate(named):
                if not has:
                    self.bad(r, 1, "name", f"unit {ids[r]!r} has no name", (ids[r],))
        head_text = text("head_title")
        has_head = any_bool(head_text, n)
        head_salaries = self.numbers("head_salary", 2, only=has_head)
        extras = [c for c in (col("head_salary"), col("head_pay"), col("holders")) if c is not None]
        if extras and not all(has_head):
            for r in compress(range(n), map(operator.not_, has_head)):
                if any(c[r] for c in extras):
                    self.bad(
                        r,
                        3,
                        "head_title",
                        f"unit {ids[r]!r} has head figures but no head_title",
                        (ids[r],),
                    )
        seat_values = self.numbers("seats", 4, whole=True)
        salary_values = self.numbers("salary", 5)
        staff_cells = [c for c in (col("seats"), col("salary"), col("pay")) if c is not None]
        return {
            "name": unit_name,
            "type": col("type"),
            "head_title": head_text,
            "head_salary": head_salaries,
            "head_pay": col("head_pay"),
            "holders": col("holders"),
            "staff_title": text("staff_title"),
            "has_head": has_head,
            "has_staff": any_bool(
                [*(text("staff_title") or []), *((None, c) for c in staff_cells)], n
            ),
            "seats": seat_values,
            "salary": salary_values,
            "pay": col("pay"),
            "measures": self.read_measures(),
        }

    def read_measures(self) -> list[tuple[str, list[Any]]]:
        """``(attrs key, values)`` of each measure column (fractions and negatives allowed)."""
        ids, out = self.ids, []
        for k, (m, c) in enumerate(self.measure_columns):
            cells = self.columns[self.pos[c]]
            values, wrong = number_column(cells)
            for r in wrong:
                self.bad(r, 6 + k, c, f"unit {ids[r]!r}: {cells[r]!r} is not a number", (ids[r],))
            out.append((m, values))
        return out

    def read_responsibilities(
        self,
    ) -> tuple[list[tuple[int, list[str]]], list[tuple[str, dict[str, Any]]]]:
        """``(row, [responsibility ids])`` of each unit owning some, and each
        responsibility's node data (the text is also its id), in the order first met."""
        owned: list[tuple[int, list[str]]] = []
        seen: dict[str, dict[str, Any]] = {}
        cells = self.col("responsibilities")
        if cells is not None:
            for r in compress(range(len(cells)), cells):
                rids: list[str] = []
                for piece in cells[r].split(SEP):
                    piece = piece.strip()
                    if piece and piece not in rids:
                        rids.append(piece)
                        if piece not in seen:
                            seen[piece] = {"kind": "responsibility", "name": piece}
                if rids:
                    owned.append((r, rids))
        return owned, list(seen.items())

    def read_dotted(self) -> list[tuple[str, str, str, Any, bool]]:
        """The dotted lines, manager to unit; :meth:`link_place` finds each one's row."""
        links: list[tuple[str, str, str, Any, bool]] = []
        cells = self.col("dotted")
        if cells is not None:
            ids, rows = self.ids, self.link_rows
            for r in compress(range(len(cells)), cells):
                for manager in cells[r].split(SEP):
                    manager = manager.strip()
                    if manager:
                        links.append(("dotted", manager, ids[r], None, False))
                        rows.append(r)
        return links


def _column_of(cols: Mapping[str, Any], key: str) -> str:
    col = cols.get(key.split("[")[0], key)
    return col if isinstance(col, str) else key
