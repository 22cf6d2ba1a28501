"""Spans of control and layers by people: who manages whom through the posts that count.

The people view is drawn from the posts (see ``docs/people.md``):

* A person is in it when they hold a post that counts (``counts: false`` posts, such as
  board seats and contractors, are left out: their holders are not employees). Their
  *reporting post* is their primary one among those (the first with role ``primary``,
  else the first), as :meth:`orggraph.Org.manager` picks it.
* Their manager is the (first) holder of the nearest held head post that counts above the
  reporting post: in its own unit for a staff or assistant post, from the parent unit up
  for a head. Vacant heads, heads whose holders are unknown and heads that do not count
  (a board's chair) are passed over. Without ``counts: false`` posts this is
  :meth:`orggraph.Org.manager`.
* A post that counts but names no holders (no ``holders`` key) stands for its
  ``filled`` seats, one person each, reporting like a person in that post would; when its
  ``filled`` count is unknown too, it is counted as unknown, never as zero.
* A reporting cycle (possible when someone acts as head above their own manager) is cut
  where it is first met, in the order of the rows: that person is then at the top.

A person's **layer** is their depth in this manager tree plus one (the top is layer 1).

>>> import orggraph as og
>>> org = og.loads('''
... people: [{id: p1, name: Ann}, {id: p2, name: Bo}, {id: p3, name: Cy}, {id: p4, name: Di}]
... units:
...   - id: hq
...     name: HQ
...     head: {title: CEO, holders: [p1]}
...     staff: [{title: PA, kind: assistant, holders: [p4]}, {title: Analyst, seats: 2, holders: [p2]}]
...     units: [{id: a, name: A, head: {title: Lead, holders: [p3]}}]
... ''')
>>> tree = people_tree(org)
>>> tree.manager, tree.layer
({'p1': None, 'p4': 'p1', 'p2': 'p1', 'p3': 'p1'}, {'p1': 1, 'p4': 2, 'p2': 2, 'p3': 2})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from orggraph.core.rollup import post_value
from orggraph.core.rows import Rows
from orggraph.errors import OrgError
from orggraph.names import text
from orggraph.ops.analysis.bands import band_of

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.people import PostRecord

__all__ = [
    "BY",
    "SPAN_COLUMNS",
    "PeopleTree",
    "default_by",
    "people_layers",
    "people_spans",
    "people_tree",
    "resolve_by",
]

#: What spans and layers can count: people in posts, or units.
BY = ("people", "units")

SPAN_COLUMNS = (
    "person", "name", "unit", "layer", "span", "band", "heads", "assistants",
    "span_unknown", "seats", "filled", "open",
)  # fmt: skip


def default_by(org: Org) -> str:
    """``"people"`` when *org* declares people (a ``people:`` list, as people-level
    files and imports have), else ``"units"``: files that name holders only as plain
    text keep the unit view they always had.

    >>> import orggraph as og
    >>> default_by(og.loads("units: [{id: a, name: A, head: {title: H, holders: [Ann]}}]"))
    'units'
    >>> default_by(og.loads("{people: [{id: p1, name: Ann}], units: [{id: a, name: A}]}"))
    'people'
    """
    found = org.people()
    # Declared people come first in org.people().
    return "people" if found and org.person(found[0]).declared else "units"


def resolve_by(org: Org, by: object) -> str:
    """*by* checked (``"people"``, ``"units"``, or ``None`` for :func:`default_by`)."""
    if by is None:
        return default_by(org)
    if by not in BY:
        raise OrgError(f"by must be one of {', '.join(BY)}, not {by!r}", choices=BY)
    return str(by)


class PeopleTree(NamedTuple):
    """Who reports to whom (see the module docs). ``people`` in the order of their
    reporting posts (chart order); ``unnamed`` the posts that count but name no holders,
    each with the person its holders report to."""

    people: list[str]
    post: dict[str, PostRecord]
    manager: dict[str, str | None]
    layer: dict[str, int]
    unnamed: list[tuple[PostRecord, str | None]]


def _boss(org: Org, heads: dict[str, PostRecord], rec: PostRecord, me: str | None) -> str | None:
    """The first holder (other than *me*) of the nearest held head post above *rec*."""
    chain = org.chain(rec.unit)
    for uid in chain[1:] if rec.kind == "head" else chain:
        head = heads.get(uid)
        if head is not None:
            found = [h for h in head.holders or () if h != me]
            if found:
                return found[0]
    return None


def people_tree(org: Org) -> PeopleTree:
    """The manager tree of the people in posts that count (see the module docs)."""
    counted = [r for r in org.posts() if r.counts]
    records = {(r.unit, r.id): r for r in counted}
    position = {(r.unit, r.id): i for i, r in enumerate(counted)}
    heads = {r.unit: r for r in counted if r.kind == "head"}
    primary: dict[str, PostRecord] = {}
    first: dict[str, PostRecord] = {}
    for a in org.assignments():
        rec = records.get((a.unit, a.post))
        if rec is None:
            continue
        if a.role == "primary":
            primary.setdefault(a.person, rec)
        first.setdefault(a.person, rec)
    post = {p: primary.get(p, rec) for p, rec in first.items()}
    people = sorted(post, key=lambda p: position[post[p].unit, post[p].id])
    manager = {p: _boss(org, heads, post[p], p) for p in people}
    layer = _layers(people, manager)
    unnamed = [(r, _boss(org, heads, r, None)) for r in counted if r.holders is None]
    return PeopleTree(people, post, manager, layer, unnamed)


def _layers(people: list[str], manager: dict[str, str | None]) -> dict[str, int]:
    """Each person's layer; a reporting cycle is cut (in *manager*) where first met."""
    layer: dict[str, int] = {}
    for p in people:
        path: list[str] = []
        seen: set[str] = set()
        q: str | None = p
        cut = False
        while q is not None and q not in layer:
            if q in seen:
                manager[path[-1]] = None
                cut = True
                break
            seen.add(q)
            path.append(q)
            q = manager[q]
        above = layer[q] if q is not None and not cut else 0
        for person in reversed(path):
            above += 1
            layer[person] = above
    return layer


def _planned(org: Org, counted_by_unit: dict[str, list[PostRecord]]) -> dict[str, list[PostRecord]]:
    """Each manager's planned direct posts: the staff posts of the units they head (first
    holder of the head post) and the head posts of the units below (looking through
    units without a head post that counts). A vacant head below is one open seat."""
    out: dict[str, list[PostRecord]] = {}
    for uid, posts in counted_by_unit.items():
        head = posts[0]
        if head.kind != "head" or not head.holders:
            continue
        found = out.setdefault(head.holders[0], [])
        found.extend(r for r in posts if r.kind == "staff")
        stack = list(reversed(org.children(uid)))
        while stack:
            child = stack.pop()
            below = counted_by_unit.get(child, [])
            if below and below[0].kind == "head":
                found.append(below[0])
                continue
            found.extend(r for r in below if r.kind == "staff")
            stack.extend(reversed(org.children(child)))
    return out


def _total(posts: Sequence[PostRecord], measure: str) -> int | None:
    """The posts' seats, filled seats or open seats (``"vacancies"``); ``None`` when one
    is unknown."""
    total = 0
    for r in posts:
        # filled is already derived from the holders: give the figure itself.
        value = post_value(
            {"seats": r.seats, "filled": r.filled, "counts": r.counts, "status": r.status},
            measure,
        )
        if value is None:
            return None
        total += int(value)
    return total


def _person_name(org: Org, pid: str, lang: str | None) -> str:
    return text(org.person(pid).name, lang, default_lang=org.lang[0] if org.lang else None)


def people_spans(org: Org, *, lang: str | None = None) -> Rows:
    """Span of control of every manager by people (``spans(org, by="people")``).

    Rows, in chart order of the managers' posts: ``person``, ``name``, ``unit`` (of their
    reporting post), ``layer``, ``span`` (direct reports, assistants apart: people in the
    staff posts of the units they head and heads of the units below, a post naming no
    holders counting its filled seats), ``band``, ``heads`` (of the span, heads of other
    units), ``assistants`` (not in the span), ``span_unknown`` (reporting posts whose
    holders and filled count are both unknown: read ``span`` as "at least"), and the
    planned direct posts (assistants apart): ``seats``, ``filled`` and ``open`` seats
    (``None`` when a post's figure is unknown). A person is a manager when ``span`` is at
    least 1 or ``span_unknown`` is (then ``band`` is ``None`` while ``span`` is 0).

    >>> import orggraph as og
    >>> org = og.loads('''
    ... people: [{id: p1, name: Ann}, {id: p2, name: Bo}, {id: p3, name: Cy}, {id: p4, name: Di}]
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     head: {title: CEO, holders: [p1]}
    ...     staff: [{title: PA, kind: assistant, holders: [p4]}, {title: Analyst, seats: 2, holders: [p2]}]
    ...     units: [{id: a, name: A, head: {title: Lead, holders: [p3]}}]
    ... ''')
    >>> print(people_spans(org).select("person", "name", "span", "band", "heads", "assistants", "seats", "open"))
    person  name  span  band  heads  assistants  seats  open
    ------  ----  ----  ----  -----  ----------  -----  ----
    p1      Ann      2  2-3      1           1      3     1
    """
    tree = people_tree(org)
    reports: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    assistants: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    for p in tree.people:
        m, kind = tree.manager[p], tree.post[p].kind
        if m is not None:
            (assistants if kind == "assistant" else reports)[m] += 1
            heads[m] += kind == "head"
    for rec, m in tree.unnamed:
        if m is None or rec.kind == "assistant":
            continue
        if rec.filled is None:
            unknown[m] += 1
        else:
            reports[m] += rec.filled
            heads[m] += rec.filled if rec.kind == "head" else 0
    by_unit: dict[str, list[PostRecord]] = {}
    for rec in org.posts():
        if rec.counts:
            by_unit.setdefault(rec.unit, []).append(rec)
    planned = _planned(org, by_unit)
    rows = []
    for p in tree.people:
        span = reports[p]
        if not span and not unknown[p]:
            continue
        posts = planned.get(p, [])
        rows.append(
            {
                "person": p,
                "name": _person_name(org, p, lang),
                "unit": tree.post[p].unit,
                "layer": tree.layer[p],
                "span": span,
                "band": band_of(span) if span else None,
                "heads": heads[p],
                "assistants": assistants[p],
                "span_unknown": unknown[p],
                "seats": _total(posts, "seats"),
                "filled": _total(posts, "filled"),
                "open": _total(posts, "vacancies"),
            }
        )
    return Rows(rows, columns=SPAN_COLUMNS, kind="people_spans", org=org, options={"lang": lang})


def people_layers(org: Org) -> Rows:
    """The pyramid by people (``layers(org, by="people")``): per layer, the ``people``
    in it (a post naming no holders counts its filled seats, at the layer its holders
    would be in), the ``managers`` (people with direct reports, assistants apart) and
    ``people_unknown`` (posts whose holders and filled count are both unknown: read
    ``people`` as "at least").

    >>> import orggraph as og
    >>> org = og.loads('''
    ... people: [{id: p1, name: Ann}, {id: p2, name: Bo}]
    ... units:
    ...   - id: hq
    ...     name: HQ
    ...     head: {title: CEO, holders: [p1]}
    ...     staff: [{title: Analyst, holders: [p2]}, {title: Clerk, seats: 5, filled: 4}, {title: Temp}]
    ... ''')
    >>> print(people_layers(org))
    layer  people  managers  people_unknown
    -----  ------  --------  --------------
        1       1         1               0
        2       5         0               1
    """
    tree = people_tree(org)
    people: Counter[int] = Counter(tree.layer[p] for p in tree.people)
    unknown: Counter[int] = Counter()
    managing: set[str] = set()
    for p in tree.people:
        m = tree.manager[p]
        if m is not None and tree.post[p].kind != "assistant":
            managing.add(m)
    for rec, m in tree.unnamed:
        at = 1 if m is None else tree.layer[m] + 1
        if rec.filled is None:
            unknown[at] += 1
        elif rec.filled:
            people[at] += rec.filled
            if m is not None and rec.filled and rec.kind != "assistant":
                managing.add(m)
    managers = Counter(tree.layer[p] for p in managing)
    rows: list[dict[str, Any]] = [
        {
            "layer": n,
            "people": people[n],
            "managers": managers[n],
            "people_unknown": unknown[n],
        }
        for n in sorted(set(people) | set(unknown))
    ]
    return Rows(
        rows,
        columns=("layer", "people", "managers", "people_unknown"),
        kind="people_layers",
        org=org,
        options={},
    )
