"""What a reorganisation changed: :func:`diff` compares two organisations.

A :class:`Diff` is an iterable of :class:`Difference` records (``kind, id, old, new``):
units added, removed, moved (old and new parent), renamed, otherwise changed (type,
description, aliases, attrs), their posts changed (``staff``) or only their salaries
(``salary``); responsibilities whose owners changed; links removed and added. Its
:attr:`Diff.impact` gives the headcount and budget before and after for the top-level
units, as rollups: unknown stays unknown.

>>> import orggraph as og
>>> from orggraph.ops import reorg
>>> a = og.loads('''
... units:
...   - id: ceo
...     name: CEO office
...     units:
...       - {id: sales, name: Sales, staff: [{title: Rep, seats: 3, salary: 100}]}
...       - {id: tech, name: Tech, staff: [{title: Dev, seats: null}]}
... ''')
>>> b = reorg.move(a, "tech", "sales")
>>> b = reorg.set_staff(b, "sales", staff=[{"title": "Rep", "seats": 3, "salary": 120}])
>>> d = diff(a, b)
>>> for row in d.to_rows():
...     print(row)
{'change': 'moved', 'id': 'tech', 'name': 'Tech', 'before': 'under ceo', 'after': 'under sales'}
{'change': 'salary', 'id': 'sales', 'name': 'Sales', 'before': '300 / month', 'after': '360 / month'}
>>> d.of("salary")[0].new
{'head': None, 'staff': [{'title': 'Rep', 'seats': 3, 'salary': 120}]}
>>> d.impact[0].budget
BeforeAfter(before=Rollup(value=300, unknown=('tech',)), after=Rollup(value=360, unknown=('tech',)), delta=Rollup(value=60, unknown=()))

The unit ``tech`` has the same (unknown) figures on both sides, so it cancels out of
the change: the budget goes up by exactly 60 even though the totals are not known.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from orggraph.core.rollup import Rollup, bound_text, format_number
from orggraph.core.rows import Rows
from orggraph.core.upper import upper
from orggraph.errors import OrgError
from orggraph.names import text
from orggraph.ops.diff_holders import holder_changes, holders_text, only_holders

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "KINDS",
    "UNIT_KINDS",
    "BeforeAfter",
    "Diff",
    "DiffKind",
    "Difference",
    "Impact",
    "diff",
]

#: What a difference is about: a unit's (the first seven), a responsibility's or a link's.
DiffKind = Literal[
    "added",
    "removed",
    "moved",
    "renamed",
    "changed",
    "staff",
    "salary",
    "responsibility",
    "link_removed",
    "link_added",
]
KINDS: tuple[DiffKind, ...] = get_args(DiffKind)
UNIT_KINDS: tuple[DiffKind, ...] = KINDS[:7]
_FIELDS = ("type", "description", "aliases", "attrs")


@dataclass(frozen=True)
class Difference:
    """One difference. By ``kind``:

    - ``added`` / ``removed``: a unit; ``new`` / ``old`` is its parent (``None`` at the top);
    - ``moved``: a unit; ``old`` and ``new`` are its parents;
    - ``renamed``: a unit; its names;
    - ``changed``: a unit or responsibility; ``{field: value}`` of the fields that differ
      (``type``, ``description``, ``aliases``, ``attrs``; ``name`` for a responsibility);
    - ``staff`` / ``salary``: a unit; ``{"head": post, "staff": [posts]}`` in the file
      format (``salary`` when only salaries differ);
    - ``responsibility``: a responsibility; the units owning it (``None``: not declared);
    - ``link_removed`` / ``link_added``: ``id`` is ``"from -> to"``; the link in the
      file format.
    """

    kind: DiffKind
    id: str
    old: Any = None
    new: Any = None

    def __str__(self) -> str:
        return f"{self.kind} {self.id}: {_short(self.old)} -> {_short(self.new)}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for JSON)."""
        return {"kind": self.kind, "id": self.id, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class BeforeAfter:
    """A figure before and after (``None`` where the unit does not exist) and the change.

    The change's ``unknown`` lists the units whose unknown figures may differ between
    the two sides; a unit whose posts are the same on both sides cancels out.
    """

    before: Rollup | None
    after: Rollup | None
    delta: Rollup


@dataclass(frozen=True)
class Impact:
    """The headcount (seats) and monthly budget of one top-level unit, before and after."""

    id: str
    headcount: BeforeAfter
    budget: BeforeAfter

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for JSON): each rollup as ``{"value": ..., "unknown": [...]}``."""

        def plain(r: Rollup | None) -> dict[str, Any] | None:
            return None if r is None else {"value": r.value, "unknown": list(r.unknown)}

        return {
            "id": self.id,
            **{
                m: {"before": plain(f.before), "after": plain(f.after), "delta": plain(f.delta)}
                for m, f in (("headcount", self.headcount), ("budget", self.budget))
            },
        }


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 200 else shown[:197] + "..."


class Diff:
    """The differences from organisation ``a`` to ``b``: iterate over it for the
    :class:`Difference` records (grouped by kind, in :data:`KINDS` order, each group
    in chart order); :attr:`impact` for the figures of the top-level units."""

    def __init__(
        self, a: Org, b: Org, differences: Sequence[Difference], impact: Sequence[Impact]
    ) -> None:
        self.a = a
        self.b = b
        self.differences = tuple(differences)
        self.impact = tuple(impact)

    def __iter__(self) -> Iterator[Difference]:
        return iter(self.differences)

    def __len__(self) -> int:
        return len(self.differences)

    def __bool__(self) -> bool:
        return bool(self.differences)

    def __getitem__(self, index: int) -> Difference:
        return self.differences[index]

    def __repr__(self) -> str:
        return f"<Diff: {self.summary() or 'no differences'}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Jupyter display: the difference chart scaled to the cell, and the text form."""
        mimebundle: Any = upper("orggraph.render.jupyter", "diff_mimebundle")
        return mimebundle(self)  # type: ignore[no-any-return]

    def of(self, kind: DiffKind) -> list[Difference]:
        """The differences of one kind.

        >>> import orggraph as og
        >>> a = og.loads("units: [{id: a, name: A}]")
        >>> diff(a, a).of("moved")
        []
        >>> diff(a, a).of("moves")
        Traceback (most recent call last):
        ...
        orggraph.errors.OrgError: unknown kind of difference 'moves' (did you mean 'moved'?); choose one of added, removed, moved, renamed, changed, staff, salary, responsibility, link_removed, link_added
        """
        if kind not in KINDS:
            from orggraph.errors import did_you_mean

            hint = did_you_mean(kind, KINDS, n=1)
            raise OrgError(
                f"unknown kind of difference {kind!r}{hint}; choose one of {', '.join(KINDS)}",
                choices=KINDS,
            )
        return [d for d in self.differences if d.kind == kind]

    def counts(self) -> dict[str, int]:
        """How many differences of each kind there are (kinds with none left out)."""
        found = Counter(d.kind for d in self.differences)
        return {k: found[k] for k in KINDS if found[k]}

    def summary(self) -> str:
        """``"2 units added, 1 removed, 4 moved, ..."``.

        >>> import orggraph as og
        >>> from orggraph.ops import reorg
        >>> a = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
        >>> diff(a, reorg.set_staff(a, "b", staff=[{"title": "Clerk"}])).summary()
        'posts changed in 1 unit'
        """

        def units(n: int) -> str:
            return f"{n} unit{'s' if n != 1 else ''}"

        parts = []
        first_unit_kind = True
        for kind, n in self.counts().items():
            if kind in UNIT_KINDS[:5]:
                parts.append(f"{units(n) if first_unit_kind else n} {kind}")
                first_unit_kind = False
            elif kind == "staff":
                parts.append(f"posts changed in {units(n)}")
            elif kind == "salary":
                parts.append(f"salaries changed in {units(n)}")
            elif kind == "responsibility":
                parts.append(f"{n} responsibilit{'ies' if n != 1 else 'y'} reassigned")
            else:
                verb = kind.removeprefix("link_")
                parts.append(f"{n} link{'s' if n != 1 else ''} {verb}")
        return ", ".join(parts)

    def by_unit(self) -> dict[str, list[Difference]]:
        """The unit differences (see :data:`UNIT_KINDS`) grouped by unit id."""
        out: dict[str, list[Difference]] = {}
        for d in self.differences:
            if d.kind in UNIT_KINDS:
                out.setdefault(d.id, []).append(d)
        return out

    # -- presentation -------------------------------------------------------------------

    def _name(self, uid: str, lang: str | None) -> str:
        for org in (self.b, self.a):
            if uid in org.node_data:
                return org.name(uid, lang=lang)
        return ""

    def text_of(self, name: Any, lang: str | None = None) -> str:
        """*name* (a name in one or several languages) as text in *lang*, falling back to
        the newer organisation's first language."""
        org = self.b
        return text(name, lang, default_lang=org.lang[0] if org.lang else None)

    def to_rows(self, *, lang: str | None = None) -> Rows:
        """One row of text per difference: ``change, id, name, before, after``.

        >>> import orggraph as og
        >>> from orggraph.ops import reorg
        >>> a = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]")
        >>> diff(a, reorg.move(a, "c", "b")).to_rows()
        [{'change': 'moved', 'id': 'c', 'name': 'C', 'before': 'under a', 'after': 'under b'}]
        """
        rows = []
        for d in self.differences:
            name = self._name(d.id, lang)
            old, new = _describe(self, d, "old", lang), _describe(self, d, "new", lang)
            if d.kind in ("link_removed", "link_added"):
                link = d.old if d.kind == "link_removed" else d.new
                name = self.text_of(link.get("relation"), lang) if link.get("relation") else ""
            rows.append({"change": d.kind, "id": d.id, "name": name, "before": old, "after": new})
        return Rows(rows, columns=("change", "id", "name", "before", "after"), kind="diff")

    def impact_rows(self, *, lang: str | None = None) -> Rows:
        """The impact as plain rows: ``id, name``, then per measure (``seats``,
        ``budget``) ``_before``, ``_after`` and ``_delta`` (numbers or ``None``) and
        ``_unknown`` (the ids whose unknown figures make the change uncertain)."""
        rows = []
        for imp in self.impact:
            row: dict[str, Any] = {"id": imp.id, "name": self._name(imp.id, lang)}
            for m, f in (("seats", imp.headcount), ("budget", imp.budget)):
                row[f"{m}_before"] = None if f.before is None else f.before.value
                row[f"{m}_after"] = None if f.after is None else f.after.value
                row[f"{m}_delta"] = f.delta.value
                row[f"{m}_unknown"] = list(f.delta.unknown)
            rows.append(row)
        columns = ["id", "name"] + [
            f"{m}_{part}"
            for m in ("seats", "budget")
            for part in ("before", "after", "delta", "unknown")
        ]
        return Rows(rows, columns=columns, kind="impact")

    def to_dict(self, *, lang: str | None = None) -> dict[str, Any]:
        """Plain data: the two files and the days they are as of (``from_date``,
        ``to_date``: ISO text, ``None`` for an undated side), the counts, the differences
        and the impact."""
        return {
            "from": self.a.file,
            "to": self.b.file,
            "from_date": _day_of(self.a),
            "to_date": _day_of(self.b),
            "counts": self.counts(),
            "differences": [d.to_dict() for d in self.differences],
            "impact": [{**imp.to_dict(), "name": self._name(imp.id, lang)} for imp in self.impact],
        }

    def to_json(self, *, lang: str | None = None, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (Unicode kept)."""
        return json.dumps(self.to_dict(lang=lang), ensure_ascii=False, indent=indent, default=str)

    def render(self, target: str | Path | None = None, **options: Any) -> Path | bytes:
        """Draw the difference; see :func:`orggraph.render.diff_chart.render_diff`."""
        render_diff: Any = upper("orggraph.render.diff_chart", "render_diff")
        return render_diff(self.a, self.b, target, diff=self, **options)  # type: ignore[no-any-return]

    def chart(self, **options: Any) -> Any:
        """The chart :meth:`render` draws with *options*, for a notebook: it shows scaled
        to the cell; see :func:`orggraph.render.jupyter.chart`."""
        return upper("orggraph.render.jupyter", "chart")(self, **options)


def _day_of(org: Org) -> str | None:
    return org.date.isoformat() if org.dated and org.date is not None else None


def format_delta(r: Rollup) -> str:
    """A change with its sign; `` + ?`` when unknown figures may change it too.

    >>> format_delta(Rollup(1)), format_delta(Rollup(-5000)), format_delta(Rollup(0, ("x",)))
    ('+1', '-5,000', '+0 + ?')
    """
    sign = "-" if r.value < 0 else "+"
    return f"{sign}{format_number(abs(r.value))}" + (" + ?" if r.unknown else "")


def _seats_text(posts: Mapping[str, Any] | None) -> str:
    if posts is None:
        return ""
    items = ([posts["head"]] if posts.get("head") else []) + list(posts.get("staff") or [])
    seats = [p.get("seats", 1) for p in items]
    if any(s is None for s in seats):
        known = sum(s for s in seats if s is not None)
        return f"{bound_text(known, False)} seats"
    total = sum(s for s in seats if s is not None)
    return f"{format_number(total)} seat{'s' if total != 1 else ''}"


def _budget_text(posts: Mapping[str, Any] | None) -> str:
    if posts is None:
        return ""
    items = ([posts["head"]] if posts.get("head") else []) + list(posts.get("staff") or [])
    total: int | float = 0
    unknown = False
    for p in items:
        seats, salary = p.get("seats", 1), p.get("salary")
        if seats is None or salary is None:
            unknown = True
        else:
            total += seats * salary
    return f"{bound_text(total, not unknown)} / month"


def _describe(d: Diff, diff: Difference, side: str, lang: str | None) -> str:
    kind = diff.kind
    value = diff.old if side == "old" else diff.new
    if kind in ("added", "removed", "moved"):
        if (kind, side) in (("added", "old"), ("removed", "new")):
            return ""
        return "(top level)" if value is None else f"under {value}"
    if kind == "renamed":
        return d.text_of(value, lang)
    if kind == "changed":
        parts = []
        for key, v in (value or {}).items():
            shown = d.text_of(v, lang) if key in ("description", "name") and v is not None else v
            if isinstance(shown, str) and len(shown) > 40:
                shown = shown[:39] + "…"
            parts.append(f"{key}: {shown}")
        return "; ".join(parts)
    if kind == "staff":
        if value is None:
            return ""
        n = len(value.get("staff") or []) + (1 if value.get("head") else 0)
        said = f"{n} post{'s' if n != 1 else ''}, {_seats_text(value)}"
        who = holders_text(*holder_changes(diff.old, diff.new)) if side == "new" else ""
        if who and only_holders(diff.old, diff.new):  # the same posts: who changed is news
            return who
        return f"{said}; {who}" if who else said
    if kind == "salary":
        return _budget_text(value)
    if kind == "responsibility":
        return "(not declared)" if value is None else ", ".join(value) or "(nobody)"
    if kind in ("link_removed", "link_added"):
        if value is None:
            return ""
        return str(value["kind"]) + (" (mutual)" if value.get("mutual") else "")
    return "" if value is None else str(value)


def _posts(org: Org, uid: str) -> dict[str, Any]:
    from orggraph.core.document import post_entry

    data = org.node_data[uid]
    head = data.get("head")
    return {
        "head": post_entry(head) if head else None,
        "staff": [post_entry(p) for p in data.get("staff") or ()],
    }


def _without_salary(posts: Mapping[str, Any]) -> Any:
    def strip(post: Mapping[str, Any] | None) -> dict[str, Any] | None:
        return None if post is None else {k: v for k, v in post.items() if k != "salary"}

    return strip(posts["head"]), [strip(p) for p in posts["staff"]]


def _owners(org: Org, rid: str, order: Mapping[str, int]) -> list[str]:
    found = [u for u, _, k in org.graph.in_edges(rid, data="kind") if k == "responsibility"]
    return sorted(found, key=order.__getitem__)


def _link_key(kind: str, src: str, dst: str, data: Mapping[str, Any]) -> str:
    relation = data.get("relation")
    return json.dumps(
        [kind, src, dst, relation, bool(data.get("mutual"))], sort_keys=True, ensure_ascii=False
    )


def _link_dict(src: str, dst: str, data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": data["kind"], "from": src, "to": dst}
    if data.get("relation") is not None:
        out["relation"] = data["relation"]
    if data.get("mutual"):
        out["mutual"] = True
    return out


def diff(a: Org, b: Org, *, level: int = 1) -> Diff:
    """The differences from organisation *a* to *b*.

    Units are matched by id (a unit whose id changed shows as removed and added; the
    change log of *b* says what happened). The impact covers the units up to *level*
    reporting levels below the roots (default: the roots and their direct reports).
    Chart order among siblings and the change logs are not compared.
    """
    if level < 0:
        raise OrgError(f"level must be >= 0, got {level}")
    out = _unit_differences(a, b)
    staff, same_posts = _post_differences(a, b)
    out += staff
    out += _responsibility_differences(a, b)
    out += _link_differences(a, b)
    rank = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda d: rank[d.kind])  # stable: chart order within each kind
    return Diff(a, b, out, _impact(a, b, level, same_posts))


def _unit_differences(a: Org, b: Org) -> list[Difference]:
    """Units added, removed, moved, renamed and with other fields changed, in *b*'s
    chart order (removed ones in *a*'s)."""
    out: list[Difference] = []
    a_units, b_units = a.units(), b.units()
    a_set, b_set = set(a_units), set(b_units)
    kept = [u for u in b_units if u in a_set]
    for u in b_units:
        if u not in a_set:
            out.append(Difference("added", u, None, b.parent(u)))
    for u in a_units:
        if u not in b_set:
            out.append(Difference("removed", u, a.parent(u), None))
    for u in kept:
        if a.parent(u) != b.parent(u):
            out.append(Difference("moved", u, a.parent(u), b.parent(u)))
    an, bn = a.node_data, b.node_data
    for u in kept:
        if an[u]["name"] != bn[u]["name"]:
            out.append(Difference("renamed", u, an[u]["name"], bn[u]["name"]))
    for u in kept:
        fields = [f for f in _FIELDS if (an[u].get(f) or None) != (bn[u].get(f) or None)]
        if fields:
            out.append(
                Difference(
                    "changed",
                    u,
                    {f: an[u].get(f) for f in fields},
                    {f: bn[u].get(f) for f in fields},
                )
            )
    return out


def _post_differences(a: Org, b: Org) -> tuple[list[Difference], set[str]]:
    """The kept units whose posts changed (staff changes, then salary-only ones) and the
    kept units whose posts did not (the impact table needs those)."""
    a_set = set(a.units())
    same_posts: set[str] = set()
    staff: list[Difference] = []
    salary: list[Difference] = []
    for u in b.units():
        if u not in a_set:
            continue
        pa, pb = _posts(a, u), _posts(b, u)
        if pa == pb:
            same_posts.add(u)
        elif _without_salary(pa) == _without_salary(pb):
            salary.append(Difference("salary", u, pa, pb))
        else:
            staff.append(Difference("staff", u, pa, pb))
    return staff + salary, same_posts


def _responsibility_differences(a: Org, b: Org) -> list[Difference]:
    """Responsibilities added, removed or owned by other units (*b*'s order, then the
    removed ones in *a*'s), then those whose name or description changed."""
    out: list[Difference] = []
    a_order = {u: i for i, u in enumerate(a.units())}
    b_order = {u: i for i, u in enumerate(b.units())}
    a_rids, b_rids = a.responsibility_ids(), b.responsibility_ids()
    b_rid_set, a_rid_set = set(b_rids), set(a_rids)
    for rid in [*b_rids, *(r for r in a_rids if r not in b_rid_set)]:
        owners_a = _owners(a, rid, a_order) if rid in a_rid_set else None
        owners_b = _owners(b, rid, b_order) if rid in b_rid_set else None
        if owners_a is None or owners_b is None or set(owners_a) != set(owners_b):
            out.append(Difference("responsibility", rid, owners_a, owners_b))
    an, bn = a.node_data, b.node_data
    for rid in b_rids:
        if rid in a_rid_set:
            fields = [f for f in ("name", "description") if an[rid].get(f) != bn[rid].get(f)]
            if fields:
                out.append(
                    Difference(
                        "changed",
                        rid,
                        {f: an[rid].get(f) for f in fields},
                        {f: bn[rid].get(f) for f in fields},
                    )
                )
    return out


def _link_differences(a: Org, b: Org) -> list[Difference]:
    """Links removed (*a*'s order), then added (*b*'s); a link repeated n times in one
    organisation and m in the other differs |n - m| times."""
    a_links = [(_link_key(d["kind"], s, t, d), _link_dict(s, t, d)) for s, t, d in a.links()]
    b_links = [(_link_key(d["kind"], s, t, d), _link_dict(s, t, d)) for s, t, d in b.links()]
    removed = _unmatched(a_links, b_links)
    added = _unmatched(b_links, a_links)
    return [
        *(Difference("link_removed", f"{x['from']} -> {x['to']}", x, None) for x in removed),
        *(Difference("link_added", f"{x['from']} -> {x['to']}", None, x) for x in added),
    ]


def _unmatched(
    links: list[tuple[str, dict[str, Any]]], others: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The *links* (``(key, link)``, in order) that no link of *others* with the same key
    matches, each of *others* matching at most one."""
    spare = Counter(k for k, _ in others)
    out = []
    for k, link in links:
        if spare[k]:
            spare[k] -= 1
        else:
            out.append(link)
    return out


def _impact(a: Org, b: Org, level: int, same_posts: set[str]) -> list[Impact]:
    tops = [u for u in b.units() if b.depth(u) <= level]
    listed = set(tops)
    tops += [u for u in a.units() if a.depth(u) <= level and u not in listed]
    ta = a.rollup_table(("seats", "budget"))
    tb = b.rollup_table(("seats", "budget"))
    out = []
    for u in tops:
        before = ta[u] if u in a else None
        after = tb[u] if u in b else None
        figures = []
        for m in ("seats", "budget"):
            rb = None if before is None else before[m]
            ra = None if after is None else after[m]
            value = (0 if ra is None else ra.value) - (0 if rb is None else rb.value)
            ua = () if rb is None else rb.unknown
            ub = () if ra is None else ra.unknown
            both = set(ua) & set(ub)
            unknown = tuple(
                x for x in dict.fromkeys([*ub, *ua]) if not (x in both and x in same_posts)
            )
            figures.append(BeforeAfter(rb, ra, Rollup(value, unknown)))
        out.append(Impact(u, figures[0], figures[1]))
    return out
