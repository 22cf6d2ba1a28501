"""Writing tables: records, CSV and DataFrames, refusing what a table cannot hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.core.tables import SEP
from orggraph.errors import MissingDependencyError, OrgError

if TYPE_CHECKING:
    from orggraph.core.org import Org
from typing import TYPE_CHECKING

from orggraph.io.tablecheck import (
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
    pass

__all__ = ["to_csv", "to_dataframe", "to_records"]


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
    """One dict per unit in the canonical columns (see the module's docstring); each
    ``attrs`` key is a column ``attrs.<key>``, which every table reader takes as a measure.

    Raises :class:`OrgError` listing the units whose content a table cannot hold
    (several staff posts, aliases, descriptions, collaboration links, text with spaces at
    its ends, ...), so nothing is lost silently; keep those organisations in YAML or JSON.
    """
    langs = _languages(org)
    keys = attr_keys(org)
    problems = _unrepresentable(org, langs, keys)
    if problems:
        raise OrgError(
            f"this organisation does not fit in a table without losing data: {problems[0][1]}",
            file=org.file,
            place=problems[0][0],
            problems=problems,
        )
    rows = []
    nodes, parent_of, resp_of = org.node_data, org.parent, org.responsibilities
    managers: dict[str, list[str]] = {}  # dotted-line managers by unit, in file order
    for a, b, _ in org.links("dotted"):
        managers.setdefault(b, []).append(a)
    for uid in org.units():
        data = nodes[uid]
        row: dict[str, Any] = {"id": uid, "parent": parent_of(uid)}
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
        rows.append(row)
    return rows


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


def _unrepresentable(org: Org, langs: list[str], keys: list[str]) -> list[tuple[str, str]]:
    """``(place, message)`` for everything a table would lose or change."""
    problems = []
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
            *post_problems(data),
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
    return problems


def to_csv(org: Org, path: str | Path | None = None, *, safe: bool = False) -> str | Path:
    """Write the organisation as CSV (canonical columns); returns the text if no *path*.

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
    rows = to_records(org)
    shapes = dict.fromkeys(tuple(r) for r in rows)  # rows differ only in which posts they have
    cells = {k: [r.get(k) for r in rows] for k in dict.fromkeys(k for s in shapes for k in s)}
    # Drop canonical columns that are empty in every row. Attribute columns stay, since a
    # blank there is an unknown value, not a missing column; so do the name columns, which
    # give the languages.
    n = len(rows)

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
    if path is None:
        return text
    from orggraph.io.files import atomic_write

    return atomic_write(path, text)


def to_dataframe(org: Org) -> Any:
    """The rows of :func:`to_records` as a pandas DataFrame (needs pandas).

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
    rows = to_records(org)
    df = pd.DataFrame(rows)
    for column in df.columns:
        if df[column].dtype.kind == "f":
            values = [r.get(column) for r in rows]
            if any(v.__class__ is int and abs(v) > 2**53 for v in values):
                df[column] = pd.Series(values, index=df.index, dtype=object)
    return df
