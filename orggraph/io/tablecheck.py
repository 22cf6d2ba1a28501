"""What a table row can carry, and CSV text: the problems that refuse an organisation a table would change, and cells made safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from orggraph.core.people import post_ids
from orggraph.core.tables import SEP

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "FORMULA_STARTS",
    "NO_COLUMN",
    "PEOPLE_HINT",
    "attr_keys",
    "attr_problems",
    "csv_text",
    "link_problems",
    "post_problems",
    "responsibility_problems",
    "spreadsheet_safe",
    "text_problems",
    "write_rows",
]


def attr_keys(org: Org) -> list[str]:
    """Every ``attrs`` key of the units, in order of first use."""
    keys: dict[str, None] = {}
    nodes = org.node_data
    for uid in org.units():
        attrs = nodes[uid].get("attrs")
        if attrs:
            keys.update(dict.fromkeys(attrs))
    return list(keys)


#: Post keys a unit table has no column for: a table's posts read back without them.
NO_COLUMN = ("id", "kind", "grade", "salary_period", "fte", "counts", "status", "attrs")

#: What to do about people a unit table cannot carry (said in its refusals).
PEOPLE_HINT = (
    'write rows="people" for one row per person in a post, or people=False to leave '
    "people out (CLI: --no-people)"
)


def post_problems(uid: str, data: Mapping[str, Any], *, people: bool = True) -> list[str]:
    """What a unit's row cannot hold of its posts, aliases and description. Without
    *people* the holders and filled counts are not asked about: they are left out, the
    filled seats carried by the unit's ``attrs.filled`` (see ``tables_out``)."""
    why = []
    staff = data.get("staff") or []
    if len(staff) > 1:
        why.append("several staff posts")
    if data.get("aliases"):
        why.append("aliases")
    if data.get("description") is not None:
        why.append("a description")
    head = data.get("head")
    if head and (head.get("seats") != 1 or (people and head.get("filled") is not None)):
        why.append("head seats/filled")
    for pid, kind, post in post_ids(uid, data):
        extra = [k for k in NO_COLUMN if _given(post, k)]
        if isinstance(post.get("salary"), Mapping):
            extra.insert(0, "a salary band")
        if extra:
            why.append(f"{', '.join(extra)} in post {pid!r} (no column)")
        if people and kind != "head":
            if post.get("holders") is not None:
                why.append(f"holders in staff post {pid!r} ({PEOPLE_HINT})")
            elif post.get("filled") is not None:
                why.append(f"a filled count in staff post {pid!r}")
    holders = head.get("holders") if head and people else None
    if holders is not None:
        pid = post_ids(uid, data)[0][0]
        named = [h for h in holders if isinstance(h, Mapping)]
        if named:
            people_in = ", ".join(repr(str(h["person"])) for h in named)
            why.append(f"assignments in post {pid!r} ({people_in})")
        elif any(SEP in h or h != h.strip() or not h for h in holders):
            why.append("a holder name containing ';'")
        elif not holders:
            why.append(f"a vacant head post {pid!r} (holders: [], a blank cell reads as unknown)")
    return why


def _given(post: Mapping[str, Any], key: str) -> bool:
    value = post.get(key)
    if key == "counts":
        return value is False
    if key == "status":
        return value not in (None, "active")
    return bool(value) if key == "attrs" else value is not None


def text_problems(data: Mapping[str, Any], several_langs: bool) -> list[str]:
    """Text that would not read back the same: the reader strips cells and takes a
    blank one for "none"."""
    head, staff = data.get("head"), (data.get("staff") or [None])[0]
    texts: list[tuple[str, Any]] = [("name", data["name"]), ("type", data.get("type"))]
    if head:
        texts += [("head title", head["title"]), ("head pay", head.get("pay"))]
    if staff:
        texts += [("staff title", staff["title"]), ("staff pay", staff.get("pay"))]
    why = []
    for field, value in texts:
        if isinstance(value, str):
            flaw = _text_flaw(value)
            if flaw:
                why.append(f"a {field} {flaw} ({value!r})")
            elif several_langs and field.endswith(("name", "title")):
                why.append(f"a plain-text {field} beside names in several languages")
        elif isinstance(value, Mapping):
            for lang, part in value.items():
                flaw = _text_flaw(part)
                if flaw:
                    why.append(f"a {field} in {lang!r} {flaw} ({part!r})")
    return why


def _text_flaw(value: str) -> str | None:
    if not value:
        return "that is empty"
    if value != value.strip():
        return "with spaces at its ends"
    return None


def attr_problems(attrs: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    why = []
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            why.append(f"non-numeric attribute {key!r}")
        elif isinstance(value, float) and not math.isfinite(value):
            why.append(f"a non-finite attribute {key!r} ({value!r})")
    missing = [k for k in keys if k not in attrs]
    if missing:
        why.append(f"no value for attribute {missing[0]!r} (a blank cell would read as unknown)")
    return why


def responsibility_problems(org: Org, owned: set[str]) -> list[tuple[str, str]]:
    problems = []
    nodes = org.node_data
    for rid in sorted(owned):
        if SEP in rid:
            problems.append(
                (f"responsibility {rid!r}", f"responsibility {rid!r} has ';' in its id")
            )
        if org.name(rid) != rid or nodes[rid].get("description") is not None:
            problems.append(
                (f"responsibility {rid!r}", f"responsibility {rid!r} has a name other than its id")
            )
    declared = set(org.responsibility_ids())
    if declared - owned:
        problems.append(
            (
                "responsibilities",
                f"responsibility {sorted(declared - owned)[0]!r} is owned by no unit",
            )
        )
    return problems


def link_problems(org: Org) -> list[tuple[str, str]]:
    problems = []
    if org.links("collaboration"):
        problems.append(("links", "collaboration links have no column"))
    for a, b, data in org.links("dotted"):
        extra = [
            what
            for what, key in (("has a relation", "relation"), ("is mutual", "mutual"))
            if data.get(key)
        ]
        if extra:
            problems.append(
                (
                    f"dotted link {a!r} -> {b!r}",
                    f"dotted link {a!r} -> {b!r} {' and '.join(extra)}, "
                    "which the dotted column cannot hold",
                )
            )
    return problems


#: What a text cell must not start with in a file meant for spreadsheets, which would
#: take it for a formula (OWASP, "CSV Injection"): = + - @, tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """*value*, neutralised for a spreadsheet: text starting with a character of
    :data:`FORMULA_STARTS` gets a leading ``'`` (OWASP's advice); numbers, ``None`` and
    other text are unchanged, so negative figures stay numbers.

    >>> spreadsheet_safe("=cmd|' /C calc'!A0"), spreadsheet_safe("-5"), spreadsheet_safe(-5)
    ("'=cmd|' /C calc'!A0", "'-5", -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]] | Iterable[Sequence[Any]],
    *,
    safe: bool = False,
) -> str:
    """Rows as CSV text, ``None`` written blank, lines ending in ``\\n`` (``\\r\\n``
    when a cell holds a carriage return, so that it cannot end a row).

    ``safe=True`` is for files meant for spreadsheets: every text cell is quoted (a
    separator inside it cannot start a new cell, whatever separator the spreadsheet
    expects) and neutralised by :func:`spreadsheet_safe`; numbers are written as they are.

    >>> print(csv_text(["name", "fte"], [["@SUM(A1:A9)", -1.5], ["Ops", None]], safe=True), end="")
    "name","fte"
    "'@SUM(A1:A9)",-1.5
    "Ops",""
    """
    table = rows if isinstance(rows, Sequence) else list(rows)
    return write_rows(header, lambda: table, safe=safe)


def write_rows(
    header: Sequence[Any], rows: Callable[[], Iterable[Sequence[Any]]], *, safe: bool = False
) -> str:
    """:func:`csv_text` of the rows *rows()* gives (called again for CRLF line ends)."""
    text = ""
    for end in ("\n", "\r\n"):
        buffer = io.StringIO()
        if safe:
            writer = csv.writer(buffer, lineterminator=end, quoting=csv.QUOTE_NONNUMERIC)
            writer.writerow(map(spreadsheet_safe, header))
            writer.writerows(map(spreadsheet_safe, row) for row in rows())
        else:
            writer = csv.writer(buffer, lineterminator=end)
            writer.writerow(header)
            writer.writerows(rows())
        text = buffer.getvalue()
        if "\r" not in text or end == "\r\n":
            break
    return text
