"""People-level tables (HR exports) as organisations: :func:`read_people`.

HR systems export one row per person: an employee id, a name, a job title, the
manager's id, a department, a salary, an FTE (Workday, BambooHR, SAP, Visio/OrgPlus,
Plumsail, ChartHop). :func:`read_people` maps such a table's columns, checks them
against the header before any row is read, and builds the organisation on the people
model (units with posts, posts held by declared people; see ``docs/hr-exports.md``):

- ``structure="managers"``: each person who manages someone heads a unit, their team
  (unit id: the person's id); everyone else holds a staff post in their manager's unit;
- ``structure="departments"``: the department column's values are the units, nested
  by who manages whom, and each person holds a post in their department.

The rows are read column by column into plain unit records and built with
:func:`orggraph.core.build.build` (no validation model per row), with the checks the
file format's schema makes on the same fields. :mod:`orggraph.io.peoplecells` reads and
checks the cells, :mod:`orggraph.io.peoplerows` the reporting lines;
:mod:`orggraph.io.peopleunits` turns them into units.

A person's id on several rows (HR systems' concurrent positions; the people export
``Org.to_csv(rows="people")`` writes one row per post a person holds) is one person
holding several posts: their primary row places them in the reporting tree, each other
row is another post (see ``docs/hr-exports.md``).

>>> import io
>>> csv = '''id,boss,first,last,job,pay
... 1,,Ada,Lovelace,CEO,9000
... 2,1,Bob,Stone,Engineer,5000
... 3,1,Vacant,,Designer,4000
... '''
>>> org = read_people(io.StringIO(csv), id="id", manager="boss", name=["first", "last"],
...                   title="job", salary="pay")
>>> org.units(), org.people(), org.manager("2")
(['1'], ['1', '2'], '1')
>>> org.name("1"), [(v.title, v.open) for v in org.vacancies()]
('Ada Lovelace', [('Designer', 1)])
>>> read_people(io.StringIO(csv), id="id", manager="bos", name="first", title="job")
Traceback (most recent call last):
...
orggraph.errors.SchemaError: header: no column 'bos' for manager= (did you mean 'boss'?)
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from orggraph.core.build import build
from orggraph.core.gcpause import paused
from orggraph.errors import OrgError, SchemaError, close_matches
from orggraph.io.peoplecells import Table
from orggraph.io.peoplehistory import ENDED, HistoryOptions, read_history
from orggraph.io.peoplerows import PeopleRows
from orggraph.io.peopleunits import check_primary_posts, people_units
from orggraph.io.sources import Source, open_source, source_name
from orggraph.io.tables import cell_text, csv_columns, header_names

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "COLUMN_OPTIONS",
    "PEOPLE_OPTIONS",
    "VACANT",
    "PeopleOptions",
    "check_people_options",
    "read_people",
]

#: Name cells that mark a row as an open seat (any case); a blank name does too.
VACANT = ("Vacant", "TBH", "TBD", "Open")
STRUCTURES = ("managers", "departments")
MANAGER_KEYS = ("id", "email", "name")
PERIODS = ("month", "year")

#: The options of :func:`read_people` that name a column (``name`` may name several).
COLUMN_OPTIONS = (
    "id",
    "manager",
    "name",
    "title",
    "department",
    "salary",
    "fte",
    "email",
    "photo",
    "assistant",
    "dotted",
    "role",
    "counts",
    "effective",
    "end",
    "status",
)
#: Every keyword option of :func:`read_people`.
PEOPLE_OPTIONS = (
    *COLUMN_OPTIONS,
    "salary_period",
    "vacant",
    "structure",
    "manager_key",
    "numbers",
    "strict",
    "encoding",
    "sheet",
    "delimiter",
    "format",
    "max_bytes",
    "org",
    "currency",
    "ended",
    "day_first",
    "as_of",
)
_REQUIRED = ("id", "manager", "name", "title")
_CHECKED = ("vacant", "structure", "manager_key", "numbers", "strict")  # with COLUMN_OPTIONS


@dataclass(frozen=True)
class PeopleOptions:
    """The checked options of :func:`read_people`: which column holds what (``None``:
    not in the table), the vacancy markers (case-folded) and the choices."""

    id: str
    manager: str
    name: tuple[str, ...]
    title: str
    department: str | None = None
    salary: str | None = None
    fte: str | None = None
    email: str | None = None
    photo: str | None = None
    assistant: str | None = None
    dotted: str | None = None
    role: str | None = None
    counts: str | None = None
    effective: str | None = None
    end: str | None = None
    status: str | None = None
    numbers: tuple[str, ...] = ()
    vacant: frozenset[str] = frozenset(v.casefold() for v in VACANT)
    structure: str = "managers"
    manager_key: str = "id"
    strict: bool = False

    def columns(self) -> dict[str, str]:
        """Each mapped column and the option naming it (``name`` once per column)."""
        out: dict[str, str] = {}
        for key in COLUMN_OPTIONS:
            value = getattr(self, key)
            for column in value if isinstance(value, tuple) else (value,):
                if column is not None:
                    out.setdefault(column, key)
        return out


def check_people_options(given: Mapping[str, Any], *, file: str | None = None) -> None:
    """Refuse an option :func:`read_people` does not take, naming the closest one.

    >>> check_people_options({"manger": "Boss"})
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: unknown option 'manger' of read_people (did you mean 'manager'?); valid: id, manager, name, title, department, salary, fte, email, photo, assistant, dotted, role, counts, effective, end, status, salary_period, vacant, structure, manager_key, numbers, strict, encoding, sheet, delimiter, format, max_bytes, org, currency, ended, day_first, as_of
    """
    for key in given:
        if key not in PEOPLE_OPTIONS:
            guess = close_matches(str(key), PEOPLE_OPTIONS, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            raise OrgError(
                f"unknown option {key!r} of read_people{hint}; valid: {', '.join(PEOPLE_OPTIONS)}",
                file=file,
                choices=PEOPLE_OPTIONS,
            )


def _column_option(key: str, value: Any, file: str | None) -> tuple[str, ...]:
    """A column option's value as a tuple of column names (empty: not given)."""
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value
    if (
        isinstance(value, Mapping)
        or not isinstance(names, Sequence)
        or not names
        or not all(isinstance(c, str) and c.strip() for c in names)
        or (len(names) > 1 and key != "name")
    ):
        what = "a column name, or a list of them" if key == "name" else "a column name"
        raise OrgError(f"{key}= must be {what} (text), not {value!r}", file=file)
    return tuple(c.strip() for c in names)


def _choice(key: str, value: Any, choices: Sequence[str], file: str | None) -> str:
    if value not in choices:
        raise OrgError(
            f"{key}= must be one of {', '.join(map(repr, choices))}, not {value!r}",
            file=file,
            choices=choices,
        )
    return str(value)


def _options(given: dict[str, Any], file: str | None) -> PeopleOptions:
    """Check every option's type and choice before anything is read."""
    cols = {key: _column_option(key, given.get(key), file) for key in COLUMN_OPTIONS}
    missing = [k for k in _REQUIRED if not cols[k]]
    if missing:
        raise OrgError(
            "read_people needs the columns of "
            + ", ".join(f"{k}=" for k in missing)
            + " (on the command line: "
            # --title-column: every command takes it (--title is a chart's title on some)
            + ", ".join("--title-column" if k == "title" else f"--{k}" for k in missing)
            + ")",
            file=file,
        )
    structure = _choice("structure", given.get("structure", "managers"), STRUCTURES, file)
    key = _choice("manager_key", given.get("manager_key", "id"), MANAGER_KEYS, file)
    if structure == "departments" and not cols["department"]:
        raise OrgError('structure="departments" needs the department= column', file=file)
    if key == "email" and not cols["email"]:
        raise OrgError('manager_key="email" needs the email= column', file=file)
    if (cols["end"] or cols["status"]) and not cols["effective"]:
        raise OrgError("end= and status= are columns of a history: give effective= too", file=file)
    vacant = given.get("vacant", VACANT)
    numbers = given.get("numbers", ())
    for what, value in (("vacant", vacant), ("numbers", numbers)):
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            raise OrgError(f"{what}= must be a list of text, not {value!r}", file=file)
    strict = given.get("strict", False)
    if not isinstance(strict, bool):
        raise OrgError(f"strict= must be True or False, not {strict!r}", file=file)
    single = {k: (v[0] if v else None) for k, v in cols.items() if k != "name"}
    return PeopleOptions(
        **single,  # type: ignore[arg-type]
        name=cols["name"],
        numbers=tuple(n.strip() for n in numbers),
        vacant=frozenset(v.strip().casefold() for v in vacant),
        structure=structure,
        manager_key=key,
        strict=strict,
    )


def _history(
    opts: PeopleOptions, ended: Any, day_first: Any, as_of: Any, file: str | None
) -> HistoryOptions | None:
    """The checked history options (``None``: the table is not a history)."""
    if opts.effective is None:
        same = isinstance(ended, (list, tuple)) and list(ended) == list(ENDED)
        given = ["ended"] if not same else []
        given += [k for k, v in (("day_first", day_first), ("as_of", as_of)) if v is not None]
        if given:
            raise OrgError(
                f"{', '.join(k + '=' for k in given)} "
                f"{'is an option' if len(given) == 1 else 'are options'} of a history: give "
                "effective= (the column of effective dates) too",
                file=file,
            )
        return None
    if isinstance(ended, str) or not all(isinstance(v, str) for v in ended):
        raise OrgError(f"ended= must be a list of text, not {ended!r}", file=file)
    if day_first not in (None, True, False):
        raise OrgError(f"day_first= must be True, False or None, not {day_first!r}", file=file)
    if as_of is not None:  # the history modules load only for dated reads
        from orggraph.core.history import iso_date

        as_of = iso_date(as_of, what="as_of", file=file)
    return HistoryOptions(
        effective=opts.effective,
        end=opts.end,
        status=opts.status,
        ended=frozenset(v.strip().casefold() for v in ended),
        day_first=day_first,
        as_of=as_of,
    )


def _check_header(header: Sequence[str], opts: PeopleOptions, file: str | None) -> None:
    """Every mapped column is in the header (else a did-you-mean per missing one), and a
    ``numbers=`` column is one no other option maps."""
    have = set(header)
    choices = [h for h in header if h]
    folded = {h.casefold(): h for h in choices}  # "Fte" for "FTE": a guess difflib misses
    problems: list[tuple[str, str]] = []
    mapped = opts.columns()
    for column, key in [*mapped.items(), *((n, "numbers") for n in opts.numbers)]:
        if column not in have:
            same = folded.get(column.casefold())
            guess = [same] if same else close_matches(column, choices, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else f"; columns: {', '.join(choices)}"
            problems.append(("header", f"no column {column!r} for {key}={hint}"))
        elif key == "numbers" and column in mapped:
            problems.append(("header", f"numbers= names {column!r}, the {mapped[column]}= column"))
    if problems:
        raise SchemaError(
            problems[0][1], file=file, place="header", problems=problems, choices=choices
        )


def _is_excel(source: Any, fmt: str | None, sheet: str | None) -> bool:
    if fmt is not None:
        return _choice("format", fmt, ("csv", "xlsx"), source_name(source)) == "xlsx"
    name = source_name(source) or ""
    return sheet is not None or name.lower().endswith((".xlsx", ".xlsm"))


def _is_dataframe(source: Any) -> bool:
    return hasattr(source, "itertuples") and hasattr(source, "columns")


def _row_table(
    header: Sequence[Any],
    rows: Callable[[], Sequence[Sequence[str]]],
    line_of: Callable[[int], int],
    where: str,
    file: str | None,
    check: Callable[[list[str]], None],
) -> Table:
    """A table given by rows of text cells (a sheet, a DataFrame; *rows* are read after
    *check* has seen the header) as columns."""
    names = header_names([cell_text(h) for h in header], file, "header")
    check(names)
    width = len(names)
    padded = [
        r if len(r) == width else (list(r) + [""] * width)[:width]  # cells past the header
        for r in rows()
    ]
    columns = [list(c) for c in zip(*padded, strict=True)] if padded else [[] for _ in names]
    return Table(names, columns, line_of, where, file, spaces=True)


def _read_table(
    source: Any,
    check: Callable[[list[str]], None],
    *,
    fmt: str | None,
    sheet: str | None,
    encoding: str,
    delimiter: str,
    max_bytes: int | None,
) -> Table:
    """The source as a :class:`Table`: a DataFrame, an Excel sheet or a CSV file; *check*
    sees the header before the rows are read."""
    if _is_dataframe(source):

        def cells() -> list[list[str]]:
            return [[cell_text(v) for v in r] for r in source.itertuples(index=False, name=None)]

        return _row_table(list(source.columns), cells, lambda r: r + 1, "row", None, check)
    if _is_excel(source, fmt, sheet):
        from orggraph.io.excel import read_sheet  # openpyxl loads only for Excel files

        header, rows, lines, book = read_sheet(source, sheet=sheet, max_bytes=max_bytes)
        return _row_table(header, lambda: rows, lines.__getitem__, "row", book, check)
    file = source_name(source)
    if not isinstance(source, (str, os.PathLike)) and not callable(getattr(source, "read", None)):
        raise OrgError(
            f"read_people reads a path, an open file or a pandas DataFrame, "
            f"not {type(source).__name__}",
            file=file,
        )
    if isinstance(source, io.TextIOBase):  # already decoded: open_source gives it as UTF-8
        encoding = "utf-8"
    with open_source(source, max_bytes=max_bytes) as handle:
        found = csv_columns(
            handle, delimiter=delimiter, file=file, encoding=encoding, on_header=check
        )
    return Table(found.header, found.columns, found.line_of, "line", file, found.spaces)


def read_people(
    source: Source | Any,
    *,
    id: str | None = None,
    manager: str | None = None,
    name: str | Sequence[str] | None = None,
    title: str | None = None,
    department: str | None = None,
    salary: str | None = None,
    salary_period: str = "month",
    fte: str | None = None,
    email: str | None = None,
    photo: str | None = None,
    assistant: str | None = None,
    dotted: str | None = None,
    role: str | None = None,
    counts: str | None = None,
    vacant: Sequence[str] = VACANT,
    structure: str = "managers",
    manager_key: str = "id",
    numbers: Sequence[str] = (),
    strict: bool = False,
    encoding: str = "utf-8",
    sheet: str | None = None,
    delimiter: str = ",",
    format: str | None = None,
    max_bytes: int | None = None,
    org: Any = None,
    currency: str | None = None,
    effective: str | None = None,
    end: str | None = None,
    status: str | None = None,
    ended: Sequence[str] = ENDED,
    day_first: bool | None = None,
    as_of: Any = None,
    **unknown: Any,
) -> Org:
    """Read a people-level table (an HR export: one row per person) as an organisation.

    *source* is a CSV file (a path or an open file, in *encoding*, cells split at
    *delimiter*), an Excel ``.xlsx`` file (by its suffix, *sheet* or
    ``format="xlsx"``) or a pandas DataFrame. The column options (*id*, *manager*,
    *name*, *title* required; *name* may list several columns, joined with a space,
    such as first and last name) are checked against the header before any row is
    read; every column not mapped is kept in each person's ``attrs`` as text (as
    numbers for the columns in *numbers*). See ``docs/hr-exports.md`` for each option,
    the two *structure* choices, vacancies (a blank name or one of *vacant*), roots,
    unknown managers (an :class:`~orggraph.errors.OrgWarning` each, errors with
    *strict*) and dotted lines. *salary_period* (``month`` or ``year``) is the period
    of the salary column and becomes the organisation's ``salary_period``; *org* and
    *currency* are the organisation's name and currency.

    With *effective* (the column of effective dates) the table is a history, one row
    per person per change, read as one dated organisation as of *as_of* (default
    today): *end* is a column of the last day of each row (a termination date), *status*
    one whose values in *ended* (default ``Terminated``, ``Inactive``) mark a person
    leaving, *day_first* says how slash dates go (default: read from the column). See
    :mod:`orggraph.io.peoplehistory` and ``docs/hr-exports.md``.
    """
    file = None if _is_dataframe(source) else source_name(source)
    check_people_options(unknown, file=file)
    given = locals()  # the options as passed, for _options to check (no copy by hand)
    opts = _options({k: given[k] for k in (*COLUMN_OPTIONS, *_CHECKED)}, file)
    period = _choice("salary_period", salary_period, PERIODS, file)
    history = _history(opts, ended, day_first, as_of, file)
    table = _read_table(
        source,
        lambda header: _check_header(header, opts, file),
        fmt=format,
        sheet=sheet,
        encoding=encoding,
        delimiter=delimiter,
        max_bytes=max_bytes,
    )
    if history is not None:
        return read_history(table, opts, history, name=org, currency=currency, salary_period=period)
    with paused():  # one pause for the whole build: no collection walks the new rows
        rows = PeopleRows(table, opts)
        built = people_units(rows, opts)
        result = build(
            built.records,
            links=built.links,
            name=org,
            file=table.file,
            people=rows.people(),
            currency=currency,
            salary_period=period,
            unit_place=built.unit_place,
            link_place=built.link_place,
            people_checked=True,  # by construction; the index is built when first asked
        )
        check_primary_posts(result, built)
        return result
