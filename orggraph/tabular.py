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
=================  ==========================================================

Any other numeric column named in ``measures=`` becomes a unit attribute that
:meth:`Org.rollup` sums (fractions and negatives allowed; blank = unknown).

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

import builtins  # the id() builtin: "id" is a column parameter here
import csv
import io
import math
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .construct import Problem, UnitRecord, _gc_paused, build
from .errors import MissingDependencyError, OrgError, ParseError, SchemaError, close_matches

if TYPE_CHECKING:
    from .model import Org

__all__ = [
    "COLUMNS",
    "from_csv",
    "from_dataframe",
    "from_excel",
    "from_records",
    "from_table",
    "loads_csv",
    "to_csv",
    "to_dataframe",
    "to_records",
]

TEXT_COLUMNS = ("name", "head_title", "staff_title")
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
SEP = ";"
NO_IDS: list[str] = []  # shared by the many rows without responsibilities; never mutated

Column = str | Mapping[str, str] | None


def _number(text: str) -> int | float:
    """A cell's text as a number: ``"3"`` -> 3, ``"3.5"`` -> 3.5, ``"1,200"`` -> 1200.

    Raises ValueError for anything else (including NaN and infinities).
    """
    text = text.strip()
    if "," in text or "_" in text:
        text = text.replace(",", "").replace("_", "")
    if "." not in text and "e" not in text and "E" not in text:
        try:
            return int(text)
        except ValueError:
            pass
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


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
        for m in measures:
            if m not in have:
                problems.append(self._missing("measure", m))
        if problems:
            raise SchemaError(
                problems[0][1], file=file, place="header", problems=problems, choices=self.header
            )
        self.measures = list(measures)

    def _missing(self, key: str, column: str) -> tuple[str, str]:
        guess = close_matches(column, self.header, n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else f"; columns: {', '.join(self.header)}"
        return "header", f"no column {column!r} for {key}{hint}"


def _cell(value: Any) -> str:
    """Any cell as text: blanks (None, NaN) as ``""``; numbers in their exact repr."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        # pandas turns an int column with blanks into floats; 3.0 was the int 3
        return str(int(value))
    return str(value)


def _text_of(row: Sequence[str], col: int | list[tuple[str, int]]) -> Any:
    if isinstance(col, int):
        return row[col].strip() or None
    out = {}
    for lang, i in col:
        value = row[i].strip()
        if value:
            out[lang] = value
    return out or None


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
    table = [[_cell(r.get(h)) for h in header] for r in rows]
    return from_table(header, table, **mapping)


def from_table(
    header: Sequence[str],
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
    columns, in column order.
    """
    return _from_numbered(header, enumerate(rows, start=first_line), where=where, **mapping)


def _from_numbered(
    header: Sequence[str],
    numbered: Iterable[tuple[int, Sequence[str]]],
    *,
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

    def at(key: str) -> Any:
        col = names.get(key)
        if col is None:
            return None
        if isinstance(col, str):
            return pos[col]
        return [(lng, pos[c]) for lng, c in col.items()]

    c = {key: at(key) for key in given}
    problems: list[Problem] = []
    records: list[UnitRecord] = []
    lines = array("q")  # line of each record, for error messages; compact
    resp_seen: dict[str, dict[str, Any]] = {}
    dotted_links: list[tuple[str, str, str, Any, bool]] = []
    link_lines: list[int] = []
    measure_cols = [(m, pos[m]) for m in mapping.measures]

    def bad(line: int, key: str, message: str, ids: tuple[str, ...] = ()) -> None:
        column = names.get(key, key)
        problems.append((SchemaError, f"{where} {line}, column {column!r}", message, ids))

    def num(value: Any, key: str, line: int, uid: str, whole: bool = False) -> Any:
        try:
            number = _number(value)
        except ValueError:
            bad(line, key, f"unit {uid!r}: {value!r} is not a number", (uid,))
            return None
        if whole and number.__class__ is not int:
            bad(line, key, f"unit {uid!r}: {value!r} is not a whole number", (uid,))
            return None
        if number < 0:
            bad(line, key, f"unit {uid!r}: {value!r} must not be negative", (uid,))
            return None
        return number

    i_id, i_parent, i_name, i_type = c["id"], c["parent"], c["name"], c["type"]
    i_head, i_hsal, i_hpay, i_holders = (
        c["head_title"],
        c["head_salary"],
        c["head_pay"],
        c["holders"],
    )
    i_staff, i_seats, i_sal, i_pay = c["staff_title"], c["seats"], c["salary"], c["pay"]
    i_resp, i_dotted = c["responsibilities"], c["dotted"]
    # Titles, types and pay schemes repeat across thousands of rows: keep one object each.
    shared: dict[Any, Any] = {}

    def same(value: Any) -> Any:
        if value.__class__ is dict:
            key = tuple(value.items())
            return shared.setdefault(key, value)
        return shared.setdefault(value, value)

    # Posts repeat too (one title, one seat count, one salary band): share equal ones.
    # Safe because an Org is read-only; it halves the memory of a large import.
    posts: dict[tuple[Any, ...], dict[str, Any]] = {}

    def same_post(post: dict[str, Any]) -> dict[str, Any]:
        holders = post.get("holders")
        key = (
            builtins.id(post["title"]),  # titles are shared objects already (see same())
            post["seats"],
            post.get("salary"),
            post.get("pay"),
            tuple(holders) if holders else None,
        )
        return posts.setdefault(key, post)

    # Titles by their raw cells: skips building a name dict for a title seen before.
    titles: dict[Any, Any] = {}

    def title_of(row: Sequence[str], col: int | list[tuple[str, int]]) -> Any:
        raw = row[col] if isinstance(col, int) else tuple(row[i] for _, i in col)
        found = titles.get(raw)
        if found is None and raw not in titles:
            found = titles[raw] = _text_of(row, col)
        return found

    staff_figures = [
        (k, i) for k, i in (("seats", i_seats), ("salary", i_sal), ("pay", i_pay)) if i is not None
    ]
    head_extras = [
        (k, i)
        for k, i in (("head_salary", i_hsal), ("head_pay", i_hpay), ("holders", i_holders))
        if i is not None
    ]
    has_staff = i_staff is not None or bool(staff_figures)
    with _gc_paused():
        for line, row in numbered:
            uid = row[i_id].strip()
            if not uid:
                bad(line, "id", "the id is blank")
                continue
            pid = row[i_parent].strip() or None
            if pid == uid:
                pid = None  # a self-referencing parent marks a root, as some HR systems do
            unit_name = _text_of(row, i_name)
            if unit_name is None:
                bad(line, "name", f"unit {uid!r} has no name", (uid,))
                unit_name = uid
            data: dict[str, Any] = {"kind": "unit", "name": unit_name}
            if i_type is not None:
                kind = row[i_type].strip()
                if kind:
                    data["type"] = same(kind)
            head = None if i_head is None else title_of(row, i_head)
            if head is not None:
                post: dict[str, Any] = {"title": head, "seats": 1}
                if i_hsal is not None:
                    value = row[i_hsal].strip()
                    if value:
                        post["salary"] = num(value, "head_salary", line, uid)
                if i_hpay is not None:
                    value = row[i_hpay].strip()
                    if value:
                        post["pay"] = same(value)
                if i_holders is not None:
                    value = row[i_holders].strip()
                    if value:
                        post["holders"] = [h.strip() for h in value.split(SEP) if h.strip()]
                data["head"] = same_post(post)
            elif head_extras and any(row[i].strip() for _, i in head_extras):
                bad(line, "head_title", f"unit {uid!r} has head figures but no head_title", (uid,))
            if has_staff:
                title = None if i_staff is None else title_of(row, i_staff)
                seat = row[i_seats].strip() if i_seats is not None else ""
                sal = row[i_sal].strip() if i_sal is not None else ""
                pays = row[i_pay].strip() if i_pay is not None else ""
                if title is not None or seat or sal or pays:
                    post = {"title": title if title is not None else unit_name, "seats": 1}
                    if i_seats is not None:
                        post["seats"] = (
                            (
                                int(seat)
                                if seat.isdigit()
                                else num(seat, "seats", line, uid, whole=True)
                            )
                            if seat
                            else None
                        )
                    if sal:
                        post["salary"] = (
                            int(sal) if sal.isdigit() else num(sal, "salary", line, uid)
                        )
                    if pays:
                        post["pay"] = same(pays)
                    data["staff"] = [same_post(post)]
            if measure_cols:
                attrs: dict[str, int | float | None] = {}
                for m, i in measure_cols:
                    value = row[i].strip()
                    if not value:
                        attrs[m] = None
                        continue
                    try:
                        attrs[m] = _number(value)
                    except ValueError:
                        bad(line, m, f"unit {uid!r}: {value!r} is not a number", (uid,))
                data["attrs"] = attrs
            rids: list[str] = []
            if i_resp is not None:
                value = row[i_resp].strip()
                if value:
                    for text in value.split(SEP):
                        text = text.strip()
                        if text and text not in rids:
                            rids.append(text)
                            if text not in resp_seen:
                                resp_seen[text] = {"kind": "responsibility", "name": text}
            if i_dotted is not None:
                value = row[i_dotted].strip()
                if value:
                    for manager in value.split(SEP):
                        manager = manager.strip()
                        if manager:
                            dotted_links.append(("dotted", manager, uid, None, False))
                            link_lines.append(line)
            records.append((uid, pid, data, rids or NO_IDS))
            lines.append(line)
    if not records and not problems:
        raise ParseError("the table has no rows", file=file)
    if lang is None:
        lang = list(names["name"]) if isinstance(names["name"], dict) else []
    return build(
        records,
        responsibilities=list(resp_seen.items()),
        links=dotted_links,
        name=org,
        lang=lang,
        file=file,
        unit_place=lambda i, key=None: (
            f"{where} {lines[i]}" + (f", column {_column_of(names, key)!r}" if key else "")
        ),
        link_place=lambda j, key=None: f"{where} {link_lines[j]}, column {names.get('dotted')!r}",
        problems=problems,
    )


def _column_of(cols: Mapping[str, Any], key: str) -> str:
    col = cols.get(key.split("[")[0], key)
    return col if isinstance(col, str) else key


def _id(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # pandas reads an id column with blanks as floats
    return str(value).strip()


def from_csv(path: str | Path, *, delimiter: str = ",", **mapping: Any) -> Org:
    """Read a CSV file (UTF-8, with or without BOM) of one row per unit.

    The file is streamed, never held in memory whole. Keyword arguments map fields
    to columns; see :func:`from_table`.
    """
    file = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    with handle:
        return _read_csv(handle, delimiter=delimiter, file=file, **mapping)


def loads_csv(text: str, *, delimiter: str = ",", file: str | None = None, **mapping: Any) -> Org:
    """Read CSV text; see :func:`from_csv`."""
    return _read_csv(io.StringIO(text, newline=""), delimiter=delimiter, file=file, **mapping)


def _read_csv(handle: Any, *, delimiter: str, file: str | None, **mapping: Any) -> Org:
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ParseError("the file is empty", file=file) from None
    except csv.Error as exc:
        raise ParseError(f"CSV error: {exc}", file=file, place="line 1") from None
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"the file is not UTF-8 text ({exc.reason})", file=file, place="line 1"
        ) from None
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise ParseError(f"the header repeats column {dupes[0]!r}", file=file, place="line 1")
    width = len(header)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        line = 1
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
                yield line, values
        except csv.Error as exc:
            raise ParseError(
                f"CSV error: {exc}", file=file, place=f"line {reader.line_num}"
            ) from None
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"the file is not UTF-8 text ({exc.reason})", file=file, place=f"after line {line}"
            ) from None

    return _from_numbered(header, numbered(), file=file, where="line", **mapping)


def from_dataframe(df: Any, **mapping: Any) -> Org:
    """Build an organisation from a pandas DataFrame (one row per unit); see :func:`from_records`."""
    header = [str(col) for col in df.columns]
    rows = [[_cell(v) for v in r] for r in df.itertuples(index=False, name=None)]
    return from_table(header, rows, **mapping)


def from_excel(path: str | Path, *, sheet: str | None = None, **mapping: Any) -> Org:
    """Read the first (or the named) sheet of an ``.xlsx`` file; needs openpyxl."""
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError(
            "reading Excel files needs openpyxl: pip install 'orggraph[pandas]'"
        ) from None
    file = str(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise ParseError(f"cannot read the workbook: {exc}", file=file) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise OrgError(
            f"no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}",
            file=file,
            choices=book.sheetnames,
        )
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    values = ws.iter_rows(values_only=True)
    try:
        header = ["" if h is None else str(h).strip() for h in next(values)]
    except StopIteration:
        raise ParseError("the sheet is empty", file=file) from None
    rows = [[_cell(v) for v in r] for r in values if any(v is not None for v in r)]
    book.close()
    return from_table(header, rows, file=file, first_line=2, where="row", **mapping)


# -- export --------------------------------------------------------------------------


def _flat_name(out: dict[str, Any], column: str, name: Any, langs: Sequence[str]) -> None:
    if isinstance(name, str) or name is None:
        if langs:
            for lang in langs:
                out[f"{column}_{lang}"] = name if lang == langs[0] else None
        else:
            out[column] = name
        return
    for lang in langs:
        out[f"{column}_{lang}"] = name.get(lang)


def to_records(org: Org) -> list[dict[str, Any]]:
    """One dict per unit in the canonical columns (see the module's docstring).

    Raises :class:`OrgError` listing the units whose content a table cannot hold
    (several staff posts, aliases, descriptions, collaboration links, ...), so nothing
    is lost silently; keep those organisations in YAML or JSON.
    """
    problems = _unrepresentable(org)
    if problems:
        raise OrgError(
            f"this organisation does not fit in a table without losing data: {problems[0][1]}",
            file=org.file,
            place=problems[0][0],
            problems=problems,
        )
    langs = _languages(org)
    measures = [m for m in org.measures() if m not in ("seats", "budget", "filled")]
    has = {k: False for k in COLUMNS}
    rows = []
    for uid in org.units():
        data = org.unit(uid)
        row: dict[str, Any] = {"id": uid, "parent": org.parent(uid)}
        _flat_name(row, "name", data["name"], langs)
        row["type"] = data.get("type")
        head = data.get("head")
        if head:
            _flat_name(row, "head_title", head["title"], langs)
            row.update(
                head_salary=head.get("salary"),
                head_pay=head.get("pay"),
                holders=SEP.join(head.get("holders") or []) or None,
            )
            has["head_title"] = True
        staff = data.get("staff") or []
        if staff:
            post = staff[0]
            _flat_name(row, "staff_title", post["title"], langs)
            row.update(seats=post.get("seats"), salary=post.get("salary"), pay=post.get("pay"))
            has["staff_title"] = True
        row["responsibilities"] = SEP.join(org.responsibilities(uid)) or None
        row["dotted"] = SEP.join(d.unit for d in org.dotted(uid) if d.role == "manager") or None
        attrs = data.get("attrs") or {}
        for m in measures:
            row[m] = attrs.get(m)
        rows.append(row)
    return rows


def _languages(org: Org) -> list[str]:
    langs: dict[str, None] = dict.fromkeys(org.lang)
    for uid in org.units():
        data = org.unit(uid)
        posts = [data.get("head"), *(data.get("staff") or [])]
        for name in [data["name"], *(p["title"] for p in posts if p)]:
            if isinstance(name, Mapping):
                langs.update(dict.fromkeys(name))
    return list(langs)


def _unrepresentable(org: Org) -> list[tuple[str, str]]:
    problems = []
    resp = set()
    langs = _languages(org)
    if langs != list(org.lang):
        problems.append(
            ("top level", f"the names use languages {langs} but lang is {list(org.lang)}")
        )
    measures = [m for m in org.measures() if m not in ("seats", "budget", "filled")]
    for uid in org.units():
        data = org.unit(uid)
        why = []
        if len(data.get("staff") or []) > 1:
            why.append("several staff posts")
        if data.get("aliases"):
            why.append("aliases")
        if data.get("description") is not None:
            why.append("a description")
        head = data.get("head")
        if head and (head.get("seats") != 1 or head.get("filled") is not None):
            why.append("head seats/filled")
        for post in data.get("staff") or []:
            if post.get("filled") is not None or post.get("holders"):
                why.append("staff filled/holders")
        for key, value in (data.get("attrs") or {}).items():
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                why.append(f"non-numeric attribute {key!r}")
            if key in COLUMNS or any(key.startswith(f"{t}_") for t in TEXT_COLUMNS):
                why.append(f"attribute {key!r} clashes with a column")
        if SEP in uid or uid != uid.strip():
            why.append("an id containing ';' or spaces at its ends")
        missing = [m for m in measures if m not in (data.get("attrs") or {})]
        if missing:
            why.append(
                f"no value for attribute {missing[0]!r} (a blank cell would read as unknown)"
            )
        posts = [data.get("head"), *(data.get("staff") or [])]
        names = [data["name"], *(p["title"] for p in posts if p)]
        if langs and any(isinstance(n, str) for n in names):
            why.append("a plain-text name beside names in several languages")
        if head and any(SEP in h or h != h.strip() or not h for h in head.get("holders") or []):
            why.append("a holder name containing ';'")
        resp.update(org.responsibilities(uid))
        if why:
            problems.append((f"unit {uid!r}", f"unit {uid!r} has {', '.join(why)}"))
    for rid in resp:
        if org.name(rid) != rid or org.graph.nodes[rid].get("description") is not None:
            problems.append(
                (f"responsibility {rid!r}", f"responsibility {rid!r} has a name other than its id")
            )
    declared = set(org.responsibility_ids())
    if declared - resp:
        problems.append(
            (
                "responsibilities",
                f"responsibility {sorted(declared - resp)[0]!r} is owned by no unit",
            )
        )
    if org.links("collaboration"):
        problems.append(("links", "collaboration links have no column"))
    if org.attrs or org.org_name is not None:
        problems.append(("top level", "the organisation's own name or attrs have no column"))
    return problems


def to_csv(org: Org, path: str | Path | None = None) -> str | Path:
    """Write the organisation as CSV (canonical columns); returns the text if no *path*."""
    rows = to_records(org)
    columns = list(dict.fromkeys(k for r in rows for k in r))
    # Drop canonical columns that are empty in every row; attribute columns stay, since a
    # blank there is an unknown value, not a missing column.
    measures = set(org.measures()) - {"seats", "budget", "filled"}
    has_staff = any(k.startswith("staff_title") and r.get(k) is not None for r in rows for k in r)
    keep = [
        k
        for k in columns
        if k in ("id", "parent")
        or k in measures
        or (k == "seats" and has_staff)
        or any(r.get(k) is not None for r in rows)
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keep)
    for r in rows:
        writer.writerow(["" if r.get(k) is None else r[k] for k in keep])
    text = buffer.getvalue()
    if path is None:
        return text
    from .export import atomic_write

    return atomic_write(path, text)


def to_dataframe(org: Org) -> Any:
    """The rows of :func:`to_records` as a pandas DataFrame (needs pandas)."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError(
            "to_dataframe needs pandas: pip install 'orggraph[pandas]'"
        ) from None
    return pd.DataFrame(to_records(org))
