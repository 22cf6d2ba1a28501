"""UK government organograms: the senior and junior staff CSV files that central
government departments publish on data.gov.uk, read into an :class:`~orggraph.core.org.Org`.

The senior file has a row per senior post, the junior file counts the staff under each
senior post in FTE. :func:`read_organogram` follows the published conventions
(``docs/organogram.md``):

- ``XX`` in ``Reports to Senior Post`` marks the top post;
- each senior post heads a unit of its own (its team, id = the post reference); the
  ``Unit`` column is kept as the unit's ``attrs["unit"]``;
- ``Vacant`` is a vacancy, ``Eliminated`` a post being removed (kept, ``status:
  eliminated``, never a vacancy), ``N/D`` a filled post whose holder is not disclosed;
- a reference other than ``0`` given on several rows is one post held as a job share;
  reference ``0`` (people paid but not in a post) is a post of its own on every row;
- junior rows are filled staff posts of their senior post's unit;
- pay is yearly, in pounds (``salary_period: year``, ``currency: GBP``); every row's FTE
  is kept, so ``org.rollup("fte")`` is the files' FTE total.

>>> import io
>>> senior = io.StringIO(
...     "Post Unique Reference,Name,Job Title,Reports to Senior Post,FTE,"
...     "Actual Pay Floor (£),Actual Pay Ceiling (£)\\n"
...     "1,Ann Lee,Permanent Secretary,XX,1,\\"£180,000\\",184999\\n"
...     "2,Vacant,Director,1,1,0,0\\n")
>>> junior = io.StringIO(
...     "Reporting Senior Post,Grade,Generic Job Title,Number of Posts in FTE\\n2,G7,Policy Adviser,3.5\\n")
>>> org = read_organogram(senior, junior)
>>> org.children("1"), org.rollup("fte"), [v.post for v in org.vacancies()]
(['2'], Rollup(value=5.5, unknown=()), ['2'])
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from orggraph.core.build import from_dict
from orggraph.core.rollup import Number, parse_figure
from orggraph.errors import (
    CycleError,
    OrgError,
    OrgWarning,
    ParseError,
    Problem,
    SchemaError,
    UnknownIdError,
    did_you_mean,
    raise_problems,
    warn,
)
from orggraph.io.organogram_layout import (
    ALIASES,
    JUNIOR_COLUMNS,
    MARKS,
    NOTHING,
    REQUIRED,
    SENIOR_COLUMNS,
    TOP,
)
from orggraph.io.sources import Source, read_source, source_name

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.io.organogram_dated import Snapshots

__all__ = ["JUNIOR_COLUMNS", "SENIOR_COLUMNS", "organogram_document", "read_organogram"]

# A figure in a cell: "£1,234.50" and " 1234 " are both 1234(.5).
_NUMBER = re.compile(r"£?\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)")
# The core warns of a vacant head with reports; an organogram lists those on purpose.
_VACANT_HEAD = r".*is vacant, and the unit has reports"


def read_organogram(
    senior: Source | Snapshots,
    junior: Source | None = None,
    *,
    encoding: str | None = None,
    max_bytes: int | None = None,
    as_of: Any = None,
) -> Org:
    """Read a UK government organogram: the senior staff CSV and, optionally, the junior
    staff CSV (paths or open files; see the module docs for the conventions).

    *encoding* is the files' text encoding; by default UTF-8 (with or without a BOM),
    else Windows-1252, as spreadsheets save them. Columns beyond the published ones are
    kept as post attributes (a column with a blank header is ignored). Every problem is
    an :class:`~orggraph.errors.OrgError` naming the file, the line and the post
    reference: a required column missing (with the close matches), an unreadable
    figure, a ``Reports to Senior Post`` that names no senior post, no ``XX`` top,
    posts reporting to each other in a circle.

    Several dated snapshots (*senior* a list or mapping) make one dated organisation
    as of *as_of* (default today): see :mod:`orggraph.io.organogram_dated`.
    """
    if isinstance(senior, (list, tuple, Mapping)):  # dated snapshots
        from orggraph.io.organogram_dated import read_snapshots

        return read_snapshots(
            senior, junior, read_one=organogram_document, encoding=encoding,
            max_bytes=max_bytes, as_of=as_of,
        )  # fmt: skip
    data, file, locate = organogram_document(senior, junior, encoding=encoding, max_bytes=max_bytes)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_VACANT_HEAD, category=OrgWarning)
        return from_dict(data, file=file, locate=locate, as_of=as_of)


def organogram_document(
    senior: Source, junior: Source | None, *, encoding: str | None, max_bytes: int | None
) -> tuple[dict[str, Any], str | None, Callable[[tuple[int | str, ...]], str | None]]:
    """One organogram (see :func:`read_organogram`) as plain data in the file format,
    with the senior file's name and where each piece of the data came from."""
    if encoding is not None and not isinstance(encoding, str):
        raise OrgError(f"encoding must be the name of a text encoding, not {encoding!r}")
    high = _Table(senior, "senior", encoding, max_bytes)
    posts, zeros = _group(high)
    if not posts:
        raise SchemaError(
            "the senior staff file has no posts (rows with a reference other than 0)",
            file=high.file,
        )
    order = _tree(high, posts, zeros)
    doc = _Document(high)
    for ref in order:
        doc.add_unit(ref, posts[ref])
    for row in zeros:
        doc.add_zero(row, order[0])
    high.check()  # the pay bands' problems
    if junior is not None:
        low = _Table(junior, "junior", encoding, max_bytes)
        doc.add_junior(low)
    return doc.data(), high.file, doc.locate


# -- reading one file --------------------------------------------------------------------


def _key(column: str) -> str:
    """A column name compared without case, spaces, punctuation or a mis-decoded £."""
    return re.sub(r"[^a-z0-9]", "", column.lower())


def _decode(data: bytes, file: str, encoding: str | None) -> str:
    """The file's text: *encoding*, or UTF-8 (BOM or not), else Windows-1252."""
    tries = [encoding] if encoding else ["utf-8-sig", "cp1252"]
    for name in tries:
        try:
            codecs.lookup(name)
        except LookupError:
            raise OrgError(f"unknown text encoding {name!r}", file=file) from None
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            error = exc
            continue
        # A BOM, also as Windows-1252 shows the UTF-8 one.
        return text.removeprefix("\ufeff").removeprefix("ï»¿")
    line = data.count(b"\n", 0, error.start) + 1
    said = f"{encoding} text" if encoding else "UTF-8 or Windows-1252 text"
    raise ParseError(
        f"the file is not {said} (byte {data[error.start]:#04x}); give encoding=",
        file=file,
        place=f"line {line}",
    )


class _Row(NamedTuple):
    """One row of a file: its line, its cells and the fields every row has."""

    line: int
    cells: list[str]
    ref: str
    boss: str
    fte: Number | None


class _Table:
    """One organogram CSV: its rows, where each field's column is, and the problems
    found reading them (raised together with :meth:`check`)."""

    def __init__(
        self, source: Source, kind: str, encoding: str | None, max_bytes: int | None
    ) -> None:
        self.kind = kind
        self.file = source_name(source) or f"<{kind} organogram>"
        data, _ = read_source(source, max_bytes=max_bytes)
        header, rows = self._read(_decode(data, self.file, encoding))
        self.header = header
        self.cols = self._columns(header)
        self.problems: list[Problem] = []
        self.rows = [self._row(line, cells) for line, cells in rows]
        self.check()

    def _read(self, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
        reader = csv.reader(io.StringIO(text, newline=""))
        rows: list[tuple[int, list[str]]] = []
        header: list[str] | None = None
        start = 1
        try:
            for cells in reader:
                if any(c.strip() for c in cells):  # blank rows (often trailing) are skipped
                    if header is None:
                        header, self.header_line = [c.strip() for c in cells], start
                    else:
                        rows.append((start, cells))
                start = reader.line_num + 1
        except csv.Error as exc:
            raise ParseError(f"CSV error: {exc}", file=self.file, place=f"line {start}") from None
        if header is None:
            raise ParseError(f"the {self.kind} staff file is empty", file=self.file)
        return header, rows

    def _columns(self, header: Sequence[str]) -> dict[str, int]:
        """Each field's column; a required one missing is a SchemaError with the close
        matches among the file's columns."""
        published = SENIOR_COLUMNS if self.kind == "senior" else JUNIOR_COLUMNS
        keys = {_key(h): i for i, h in reversed(list(enumerate(header))) if h}
        cols: dict[str, int] = {}
        for field, column in published:
            for k in (_key(column), *ALIASES.get(field, ())):
                if k in keys:
                    cols[field] = keys[k]
                    break
        self.extra = [
            (h, i)
            for i, h in enumerate(header)
            if h and i not in cols.values() and keys[_key(h)] == i
        ]
        named = dict(published)
        missing = [named[f] for f in REQUIRED[self.kind] if f not in cols]
        if missing:
            problems = []
            for column in missing:
                hint = did_you_mean(column, [h for h in header if h], n=1)
                problems.append((f"line {self.header_line}", f"no column {column!r}{hint}"))
            raise SchemaError(
                f"{problems[0][1]}; the {self.kind} staff file's columns: {', '.join(header)}",
                file=self.file,
                place=problems[0][0],
                problems=problems,
                choices=[h for h in header if h],
            )
        return cols

    def cell(self, row: Sequence[str], field: str) -> str:
        """The stripped text of *field* in *row* (``""`` if the file has no such column)."""
        i = self.cols.get(field)
        return row[i].strip() if i is not None and i < len(row) else ""

    def text(self, row: Sequence[str], field: str) -> str | None:
        """*field*'s text, ``None`` when blank, ``N/A`` or ``N/D``."""
        value = self.cell(row, field)
        return None if value.lower() in NOTHING else value

    def _row(self, line: int, cells: list[str]) -> _Row:
        ref = self.cell(cells, "ref") if self.kind == "senior" else ""
        return _Row(
            line, cells, ref, self.cell(cells, "boss"), self.number(line, cells, "fte", ref)
        )

    def number(self, line: int, row: Sequence[str], field: str, ref: str = "") -> Number | None:
        """*field*'s figure (``£`` and thousands separators allowed), ``None`` when blank,
        ``N/A`` or ``N/D``; anything else is a problem of the row."""
        value = self.cell(row, field)
        if value.lower() in NOTHING:
            return None
        found = _NUMBER.fullmatch(value)
        column = self.header[self.cols[field]]
        if found is None:
            self.problem(ParseError, line, ref, f"{column!r} is {value!r}, not a number >= 0")
            return None
        try:
            return parse_figure(found[1].replace(",", ""))
        except ValueError as exc:  # beyond every range: refused before it becomes a float
            self.problem(SchemaError, line, ref, f"{column!r} {exc}")
            return None

    def problem(self, kind: type[OrgError], line: int, ref: str, message: str) -> None:
        """Note a problem of the row at *line* (post *ref*)."""
        who = f"post {ref!r}: " if ref else ""
        self.problems.append((kind, f"line {line}", who + message, (ref,) if ref else ()))

    def check(self) -> None:
        """Raise the problems found so far, together, as the first one's class."""
        raise_problems(self.problems, self.file)

    def extras(self, row: Sequence[str]) -> dict[str, str]:
        """The row's cells in columns the layout does not name, by their header."""
        out = {}
        for header, i in self.extra:
            value = row[i].strip() if i < len(row) else ""
            if value.lower() not in NOTHING:
                out[header] = value
        return out


# -- the senior posts' tree ----------------------------------------------------------------


def _group(high: _Table) -> tuple[dict[str, list[_Row]], list[_Row]]:
    """The senior rows by post reference (several rows: a job share), and the rows of
    reference ``0`` (people not in a post), each kept on its own."""
    posts: dict[str, list[_Row]] = {}
    zeros: list[_Row] = []
    for row in high.rows:
        if not row.ref:
            high.problem(SchemaError, row.line, "", "the post reference is blank (0 for people not in a post)")  # fmt: skip
        elif row.ref.upper() == TOP:
            high.problem(SchemaError, row.line, row.ref, f"{TOP} marks the top in 'Reports to Senior Post'; it is no post reference")  # fmt: skip
        elif row.ref == "0":
            zeros.append(row)
        else:
            if not row.boss:
                high.problem(SchemaError, row.line, row.ref, f"'Reports to Senior Post' is blank ({TOP} for the top post)")  # fmt: skip
            posts.setdefault(row.ref, []).append(row)
    for ref, rows in posts.items():
        bosses = list(dict.fromkeys(r.boss for r in rows))
        if len(bosses) > 1:
            lines = ", ".join(str(r.line) for r in rows)
            high.problem(SchemaError, rows[-1].line, ref,
                         f"its rows (lines {lines}) report to different posts ({', '.join(bosses)}); "
                         "the rows of a job share give the same post")  # fmt: skip
    high.check()
    return posts, zeros


def _unknown_boss(table: _Table, row: _Row, refs: Iterable[str]) -> None:
    column = table.header[table.cols["boss"]]
    hint = did_you_mean(row.boss, list(refs), n=1)
    why = "reference 0 is no post" if row.boss == "0" else "no senior post has that reference"
    table.problem(UnknownIdError, row.line, row.ref, f"{column!r} is {row.boss!r}: {why}{hint}")


def _tree(high: _Table, posts: dict[str, list[_Row]], zeros: Sequence[_Row]) -> list[str]:
    """The senior posts in chart order (depth first from the ``XX`` tops, children in
    file order); a boss that is no post, no top, or posts in a circle are errors."""
    tops: list[str] = []
    children: dict[str, list[str]] = {}
    for ref, rows in posts.items():
        boss = rows[0].boss
        if boss.upper() == TOP:
            tops.append(ref)
        elif boss in posts:
            children.setdefault(boss, []).append(ref)
        else:
            _unknown_boss(high, rows[0], posts)
    for row in zeros:  # people not in a post: under their boss, or the top
        if row.boss.upper() not in (TOP, *NOTHING) and row.boss not in posts:
            _unknown_boss(high, row, posts)
    high.check()
    order: list[str] = []
    stack = list(reversed(tops))
    while stack:
        ref = stack.pop()
        order.append(ref)
        stack.extend(reversed(children.get(ref, ())))
    if len(order) < len(posts):
        _circles(high, posts, set(order), bool(tops))
    return order


def _circles(high: _Table, posts: dict[str, list[_Row]], placed: set[str], top: bool) -> None:
    """Raise a CycleError for the posts that never reach a top: each circle once."""
    seen = set(placed)
    for start in posts:
        path: list[str] = []
        ref = start
        while ref not in seen:
            seen.add(ref)
            path.append(ref)
            ref = posts[ref][0].boss
        if ref in path:  # a new circle (else the path runs into one already named)
            circle = path[path.index(ref) :]
            shown = " -> ".join([*circle, circle[0]])
            extra = "" if top else f"; and no post reports to {TOP}, the mark of the top"
            high.problem(CycleError, posts[circle[0]][0].line, circle[0],
                         f"posts report to each other in a circle ({shown}){extra}")  # fmt: skip
    high.check()


# -- the organisation's plain data ---------------------------------------------------------


def _holder_kind(name: str) -> str:
    """What a ``Name`` cell says: a person, or vacant, eliminated, undisclosed, blank."""
    return MARKS.get(name.lower(), "person" if name else "blank")


def _seats(fte: float) -> int:
    """The whole seats *fte* needs (a job share at 0.5 + 0.5 is one)."""
    return math.ceil(fte - 1e-9) if fte > 0 else 0


class _Document:
    """The organisation as the plain data :func:`~orggraph.core.build.from_dict` takes,
    built post by post, with where each piece came from (for error messages)."""

    def __init__(self, high: _Table) -> None:
        self.high = high
        self.units: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}
        self.people: dict[str, dict[str, Any]] = {}
        self.places: dict[tuple[Any, ...], str] = {}
        self.org: str | None = None
        self.attrs: dict[str, str] = {}

    def add_unit(self, ref: str, rows: Sequence[_Row]) -> None:
        """The unit senior post *ref* heads (*rows*: one, or one per job sharer)."""
        high, first = self.high, rows[0].cells
        if not self.units:  # the top post names the organisation
            self.org = high.text(first, "organisation") or high.text(first, "parent_department")
            department = high.text(first, "parent_department")
            if department:
                self.attrs["parent_department"] = department
        unit: dict[str, Any] = {"id": ref, "name": high.text(first, "title") or f"post {ref}"}
        if rows[0].boss.upper() != TOP:
            unit["parent"] = rows[0].boss
        attrs = {"unit": high.text(first, "unit")}
        organisation = high.text(first, "organisation")
        if organisation != self.org:
            attrs["organisation"] = organisation
        unit["attrs"] = {k: v for k, v in attrs.items() if v is not None}
        i = len(self.units)
        self.places[("units", i)] = self.places[("units", i, "head")] = f"line {rows[0].line}"
        unit["head"] = {"id": ref, **self._post(rows)}
        unit["staff"] = []
        self.index[ref] = i
        self.units.append(unit)

    def add_zero(self, row: _Row, top: str) -> None:
        """A row of reference 0 (paid, not in a post): a staff post of its own, id
        ``0#<line>``, in its boss's unit (the top's when it reports to ``XX``)."""
        post = {"id": f"0#{row.line}", **self._post([row])}
        self._staff(row.boss if row.boss in self.index else top, post, f"line {row.line}")

    def _staff(self, ref: str, post: dict[str, Any], place: str) -> None:
        i = self.index[ref]
        staff = self.units[i]["staff"]
        self.places[("units", i, "staff", len(staff))] = place
        staff.append(post)

    def _post(self, rows: Sequence[_Row]) -> dict[str, Any]:
        """A senior post from its rows: title, grade, seats and FTE, holders, pay band."""
        high, first = self.high, rows[0].cells
        post: dict[str, Any] = {"title": high.text(first, "title") or f"post {rows[0].ref}"}
        grade = high.text(first, "grade")
        if grade:
            post["grade"] = grade
        kinds = [_holder_kind(high.cell(r.cells, "name")) for r in rows]
        fte = 0.0
        for row in rows:
            if row.fte is None:
                warn(f"line {row.line}: post {row.ref!r}: the FTE is blank; "
                     "counted as 1 (a full-time post)", high.file)  # fmt: skip
            fte += 1 if row.fte is None else row.fte
        holders = [self._holder(r) for r, k in zip(rows, kinds, strict=True) if k == "person"]
        held = sum(h.get("fte", 1.0) for h in holders)
        post["seats"] = max(1, _seats(fte), _seats(held))
        post["fte"] = fte if any(isinstance(r.fte, float) for r in rows) else int(fte)
        if "eliminated" in kinds:
            post["status"] = "eliminated"
        if holders or all(k in ("person", "vacant", "eliminated") for k in kinds):
            post["holders"] = holders  # N/D or blank sharers beside named ones: not listed
        elif all(k in ("undisclosed", "vacant", "eliminated") for k in kinds):
            hidden = sum(1 if r.fte is None else r.fte for r, k in zip(rows, kinds, strict=True) if k == "undisclosed")  # fmt: skip
            post["filled"] = min(post["seats"], max(1, _seats(hidden)))
        # else a blank name: who holds the post, and whether anyone does, is unknown
        money = kinds.count("person") + kinds.count("undisclosed") > 0
        band = self._band(high, rows, ("pay_floor", "pay_ceiling"), paid=money)
        if band is not None:
            post["salary"] = band
        fields = ("function", "profession", "phone", "notes")
        # The contact of a post nobody named holds is the team's: keep it on the post.
        post["attrs"] = self._attrs(high, rows, fields if holders else (*fields, "email"))
        return post

    def _holder(self, row: _Row) -> dict[str, Any]:
        """A named holder: the person (declared once per name, with the row's e-mail)
        and their share of the post."""
        name = self.high.cell(row.cells, "name")
        if name not in self.people:
            self.places[("people", len(self.people))] = f"line {row.line}"
            self.people[name] = {"id": name, "name": name}
        email = self.high.text(row.cells, "email")
        if email and "email" not in self.people[name]:
            self.people[name]["email"] = email
        fte = row.fte
        return (
            {"person": name, "fte": fte} if fte is not None and 0 < fte <= 1 else {"person": name}
        )

    @staticmethod
    def _band(
        table: _Table, rows: Sequence[_Row], fields: tuple[str, str], *, paid: bool
    ) -> dict[str, Number | None] | None:
        """The yearly pay band ``{min, max}`` of the first row that gives one; a vacant
        or eliminated post's ``0`` (nobody is paid) is no figure."""
        for row in rows:
            low, high = (table.number(row.line, row.cells, f, row.ref) for f in fields)
            if low is None and high is None:
                continue
            if not paid and not low and not high:
                return None
            if low is not None and high is not None and low > high:
                columns = " > ".join(repr(table.header[table.cols[f]]) for f in fields)
                table.problem(SchemaError, row.line, row.ref, f"the pay band is reversed: {columns} ({low} > {high})")  # fmt: skip
                return None
            return {"min": low, "max": high}
        return None

    @staticmethod
    def _attrs(table: _Table, rows: Sequence[_Row], fields: Sequence[str]) -> dict[str, Any]:
        """The published text of *fields* and the extra columns, the first row's that
        gives each; the ``Salary Cost of Reports`` as a figure."""
        attrs: dict[str, Any] = {}
        for row in rows:
            for field in fields:
                value = table.text(row.cells, field)
                if value is not None:
                    attrs.setdefault(field, value)
            for key, value in table.extras(row.cells).items():
                attrs.setdefault(key, value)
        if "salary_cost_of_reports" in table.cols:
            cost = table.number(rows[0].line, rows[0].cells, "salary_cost_of_reports", rows[0].ref)
            if cost is not None:
                attrs["salary_cost_of_reports"] = cost
        return attrs

    def add_junior(self, low: _Table) -> None:
        """The junior rows: filled staff posts (seats: the whole seats their FTE needs)
        in the unit of the senior post they report to."""
        for row in low.rows:
            if row.boss not in self.index:
                _unknown_boss(low, row, self.index)
                continue
            cells = row.cells
            title = low.text(cells, "title") or low.text(cells, "grade") or "Junior staff"
            post: dict[str, Any] = {"title": title}
            grade = low.text(cells, "grade")
            if grade:
                post["grade"] = grade
            seats = None if row.fte is None else _seats(row.fte)
            post["seats"] = seats  # None: the FTE, and so the seats, are unknown
            if seats is not None:
                post["filled"] = seats
                post["fte"] = row.fte
            band = self._band(low, [row], ("pay_min", "pay_max"), paid=True)
            if band is not None:
                post["salary"] = band
            post["attrs"] = self._attrs(low, [row], ("profession", "unit"))
            self._staff(row.boss, post, f"{low.file} line {row.line}")
        low.check()

    def data(self) -> dict[str, Any]:
        """The organisation as plain data in the file format."""
        out: dict[str, Any] = {"currency": "GBP", "salary_period": "year"}
        if self.org:
            out["org"] = self.org
        if self.attrs:
            out["attrs"] = self.attrs
        if self.people:
            out["people"] = list(self.people.values())
        out["units"] = self.units
        return out

    def locate(self, loc: tuple[int | str, ...]) -> str | None:
        """Where the piece of data at path *loc* came from: ``line N`` of the senior
        file, or the junior file's name and line."""
        for n in range(len(loc), 1, -1):
            found = self.places.get(tuple(loc[:n]))
            if found is not None:
                return found
        return None
