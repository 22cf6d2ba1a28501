"""Writing tables: records, CSV and DataFrames, refusing what a table cannot hold.

A table has one row per unit (``rows="units"``, what the table readers read back) or
one per person in a post and per open seat (``rows="people"``, an HR system's export:
see :mod:`orggraph.io.people_out`). ``people=False`` leaves personal data out of a
unit table: no holders, and the filled seats they made carried by the units'
``attrs.filled`` and ``attrs.vacancies`` columns (rollups of ``filled`` and
``vacancies`` read back equal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.core.rollup import Number, own_value
from orggraph.core.tables import SEP
from orggraph.errors import MissingDependencyError, OrgError
from orggraph.io.files import text_writer
from orggraph.io.people_out import people_columns, people_records
from orggraph.io.registry import refuse_dated
from orggraph.io.tablecheck import (
    PEOPLE_HINT,
    attr_keys,
    attr_problems,
    link_problems,
    post_problems,
    responsibility_problems,
    text_problems,
    write_rows,
)
from orggraph.io.tablecolumns import ATTRS

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["ROWS", "to_csv", "to_dataframe", "to_records"]

#: What a table's rows can be: units (read back by the table readers) or people.
ROWS = ("units", "people")


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


def _check_rows(org: Org, rows: str, people: bool) -> None:
    if rows not in ROWS:
        raise OrgError(
            f"unknown rows {rows!r}; choose one of {', '.join(ROWS)}", file=org.file, choices=ROWS
        )
    if rows == "people" and not people:
        raise OrgError(
            'rows="people" lists people, and people=False leaves them out; '
            'write rows="units" without people instead',
            file=org.file,
        )


def to_records(org: Org, *, rows: str = "units", people: bool = True) -> list[dict[str, Any]]:
    """One dict per unit in the canonical columns (see :mod:`orggraph.io.tables`); each
    ``attrs`` key is a column ``attrs.<key>``, which every table reader takes as a measure.
    ``rows="people"``: one per person in a post and per open seat instead
    (:func:`orggraph.io.people_out.people_records`). ``people=False``: no holders, their
    filled seats as ``attrs.filled`` and ``attrs.vacancies`` (see the module's docs).

    Raises :class:`OrgError` listing the units whose content a unit table cannot hold
    (several staff posts, aliases, descriptions, collaboration links, text with spaces at
    its ends, declared people, assignments, ...), so nothing is lost silently; keep those
    organisations in YAML or JSON.

    >>> import orggraph as og
    >>> org = og.loads("{people: [{id: p1, name: Ann}], "
    ...                "units: [{id: a, name: A, head: {title: Boss, holders: [{person: p1}]}}]}")
    >>> to_records(org)
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: people: this organisation does not fit in a table without losing data: the declared people (p1) have no column in a unit table; write rows="people" for one row per person in a post, or people=False to leave people out (CLI: --no-people)
      (and 1 more)
      unit 'a': unit 'a' has assignments in post 'a#head' ('p1')
    >>> to_records(org, people=False)
    [{'id': 'a', 'parent': None, 'name': 'A', 'type': None, 'head_title': 'Boss', 'head_salary': None, 'head_pay': None, 'responsibilities': None, 'dotted': None, 'attrs.filled': 1, 'attrs.vacancies': 0}]
    """
    refuse_dated(org, "a table")
    _check_rows(org, rows, people)
    if rows == "people":
        return people_records(org)
    langs = _languages(org)
    keys = attr_keys(org)
    problems = _unrepresentable(org, langs, keys, people)
    counts, partly = ({}, []) if people else _count_columns(org, keys)
    problems += partly
    if problems:
        raise OrgError(
            f"this organisation does not fit in a table without losing data: {problems[0][1]}",
            file=org.file,
            place=problems[0][0],
            problems=problems,
        )
    table = []
    nodes, parent_of, resp_of = org.node_data, org.parent, org.responsibilities
    managers: dict[str, list[str]] = {}  # dotted-line managers by unit, in file order
    for a, b, _ in org.links("dotted"):
        managers.setdefault(b, []).append(a)
    for i, uid in enumerate(org.units()):
        data = nodes[uid]
        row: dict[str, Any] = {"id": uid, "parent": parent_of(uid)}
        _flat_name(row, "name", data["name"], langs)
        row["type"] = data.get("type")
        head = data.get("head")
        if head:
            _flat_name(row, "head_title", head["title"], langs)
            row.update(head_salary=head.get("salary"), head_pay=head.get("pay"))
            if people:
                row["holders"] = SEP.join(head.get("holders") or []) or None
        staff = data.get("staff") or []
        if staff:
            post = staff[0]
            _flat_name(row, "staff_title", post["title"], langs)
            row.update(seats=post.get("seats"), salary=post.get("salary"), pay=post.get("pay"))
        row["responsibilities"] = SEP.join(resp_of(uid)) or None
        row["dotted"] = SEP.join(managers.get(uid, ())) or None
        attrs = data.get("attrs") or {}
        for key in keys:
            row[ATTRS + key] = attrs.get(key)
        for key, column in counts.items():
            row[ATTRS + key] = column[i]
        table.append(row)
    return table


def _count_columns(
    org: Org, keys: Sequence[str]
) -> tuple[dict[str, list[Number | None]], list[tuple[str, str]]]:
    """Without people: each unit's own ``filled`` and ``vacancies`` (``None``: unknown)
    for ``attrs.`` columns, so that a table without holders keeps the figures they
    gave; none when no post has holders or a filled count (nor for a measure the units'
    ``attrs`` give already: theirs is the figure). And the units whose figure is partly
    known (a held post beside one whose holders are not known), which a blank cell
    cannot hold."""
    nodes = org.node_data
    posts = [p for u in org.units() for p in (nodes[u].get("head"), *(nodes[u].get("staff") or ()))]
    if not any(p and (p.get("holders") is not None or p.get("filled") is not None) for p in posts):
        return {}, []
    out: dict[str, list[Number | None]] = {}
    problems: list[tuple[str, str]] = []
    for measure in ("filled", "vacancies"):
        if measure in keys:
            continue
        column: list[Number | None] = []
        for uid in org.units():
            value, known = own_value(nodes[uid], measure, uid)
            column.append(value if known else None)
            if not known and value:
                problems.append((f"unit {uid!r}", f"unit {uid!r}'s own {measure} is partly "
                                 f"known ({value}, and posts not known), which one attrs.{measure} "
                                 "cell cannot hold"))  # fmt: skip
        out[measure] = column
    return out, problems


def _languages(org: Org) -> list[str]:
    langs: dict[str, None] = dict.fromkeys(org.lang)
    seen: set[tuple[str, ...]] = set()  # language sets met already: most names repeat one
    nodes = org.node_data
    for uid in org.units():
        data = nodes[uid]
        posts = [data.get("head"), *(data.get("staff") or [])]
        for name in [data["name"], *(p["title"] for p in posts if p)]:
            if isinstance(name, Mapping):
                key = tuple(name)
                if key not in seen:
                    seen.add(key)
                    langs.update(dict.fromkeys(key))
    return list(langs)


def _unrepresentable(
    org: Org, langs: list[str], keys: list[str], people: bool = True
) -> list[tuple[str, str]]:
    """``(place, message)`` for everything a table would lose or change."""
    problems = []
    declared = [p["id"] for p in org.people_data()] if people else []
    if declared:
        shown = ", ".join(declared[:5]) + (", ..." if len(declared) > 5 else "")
        problems.append(
            (
                "people",
                f"the declared people ({shown}) have no column in a unit table; {PEOPLE_HINT}",
            )
        )
    if langs != list(org.lang):
        problems.append(
            ("top level", f"the names use languages {langs} but lang is {list(org.lang)}")
        )
    bad_keys = [k for k in keys if not k or k != k.strip()]
    if bad_keys:
        problems.append(
            ("attrs", f"attribute key {bad_keys[0]!r} is empty or has spaces at its ends")
        )
    resp: set[str] = set()
    nodes, resp_of = org.node_data, org.responsibilities
    for uid in org.units():
        data = nodes[uid]
        why = [
            *post_problems(uid, data, people=people),
            *text_problems(data, bool(langs)),
            *attr_problems(data.get("attrs") or {}, keys),
        ]
        if SEP in uid or uid != uid.strip():
            why.append("an id containing ';' or spaces at its ends")
        resp.update(resp_of(uid))
        if why:
            problems.append((f"unit {uid!r}", f"unit {uid!r} has {', '.join(why)}"))
    problems += responsibility_problems(org, resp)
    problems += link_problems(org)
    if org.attrs or org.org_name is not None:
        problems.append(("top level", "the organisation's own name or attrs have no column"))
    if org.currency is not None or org.salary_period != "month":
        problems.append(
            ("top level", "the organisation's currency and salary period have no column")
        )
    return problems


@text_writer
def to_csv(
    org: Org,
    path: str | Path | None = None,
    *,
    safe: bool = False,
    rows: str = "units",
    people: bool = True,
) -> str | Path:
    """Write the organisation as CSV (canonical columns); returns the text if no *path*.
    ``rows`` and ``people`` as for :func:`to_records`: ``rows="people"`` writes one row
    per person in a post and per open seat (:mod:`orggraph.io.people_out`).

    The text of names, titles and ids is written as it is, so that the file reads back
    equal; a spreadsheet opening it takes a cell such as ``=HYPERLINK(...)`` for a
    formula. ``safe=True`` writes a file meant for spreadsheets instead (see
    :func:`csv_text`): text cells are quoted and those starting with a formula character
    get a leading ``'``, so they no longer read back the same.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: '=1+1', attrs: {x: -2}}]")
    >>> print(to_csv(org), end="")
    id,parent,name,attrs.x
    a,,=1+1,-2
    >>> print(to_csv(org, safe=True), end="")
    "id","parent","name","attrs.x"
    "a","","'=1+1",-2
    """
    records = to_records(org, rows=rows, people=people)
    if rows == "people":
        header = people_columns(records)
        text = write_rows(header, lambda: ([r[k] for k in header] for r in records), safe=safe)
        return _written(text, path)
    shapes = dict.fromkeys(tuple(r) for r in records)  # rows differ only in which posts they have
    cells = {k: [r.get(k) for r in records] for k in dict.fromkeys(k for s in shapes for k in s)}
    # Drop canonical columns that are empty in every row. Attribute columns stay, since a
    # blank there is an unknown value, not a missing column; so do the name columns, which
    # give the languages.
    n = len(records)

    def used(k: str) -> bool:
        return cells[k].count(None) < n

    has_staff = any(used(k) for k in cells if k.startswith("staff_title"))
    keep = [
        k
        for k in cells
        if k in ("id", "parent", "name")
        or k.startswith(("name_", ATTRS))
        or (k == "seats" and has_staff)
        or used(k)
    ]
    columns = [cells[k] for k in keep]
    text = write_rows(keep, lambda: zip(*columns, strict=True), safe=safe)
    return _written(text, path)


def _written(text: str, path: str | Path | None) -> str | Path:
    if path is None:
        return text
    from orggraph.io.files import atomic_write

    return atomic_write(path, text)


def to_dataframe(org: Org, *, rows: str = "units", people: bool = True) -> Any:
    """The rows of :func:`to_records` (with its *rows* and *people*) as a pandas
    DataFrame (needs pandas).

    A number column is ``float64`` when it has blanks, as pandas makes it, unless a whole
    number in it is too large for a float to hold exactly: that column keeps Python
    numbers (``object``), so :func:`from_dataframe` reads every figure back exact.
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError(
            "to_dataframe needs pandas: pip install 'orggraph[pandas]'"
        ) from None
    records = to_records(org, rows=rows, people=people)
    df = pd.DataFrame(records)
    for column in df.columns:
        if df[column].dtype.kind == "f":
            values = [r.get(column) for r in records]
            if any(v.__class__ is int and abs(v) > 2**53 for v in values):
                df[column] = pd.Series(values, index=df.index, dtype=object)
    return df
