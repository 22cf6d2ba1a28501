"""Building an `Org` from plain data in the file format (:func:`from_dict`) or from unit
records (:func:`build`, :func:`assemble`), with every check over the whole input.

Every failure is an :class:`~orggraph.errors.OrgError` naming the file, the place and
the ids involved.

>>> org = from_dict({"units": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "parent": "a"}]})
>>> org.children("a")
['b']
>>> from_dict({"units": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "parent": "b"}]})
Traceback (most recent call last):
...
orggraph.errors.CycleError: units[1].parent: unit 'b' would report to itself
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from orggraph.core.checks import check_graph
from orggraph.core.gcpause import paused
from orggraph.core.org import Org, OrgFacts
from orggraph.core.store import DocumentUnits, UnitStore
from orggraph.errors import (
    OrgError,
    Problem,
    SchemaError,
    listed_problems,
    raise_problems,
    said,
    warn,
)

if TYPE_CHECKING:  # pydantic loads only when a document is validated
    from orggraph.core.schema import OrgFile, Person, Post, Unit

__all__ = [
    "PLAIN_DATA",
    "UnitRecord",
    "assemble",
    "build",
    "check_people",
    "from_dict",
    "not_plain",
    "person_data",
    "subtree",
]

# (id, parent id or None, node attributes, responsibility ids)
UnitRecord = tuple[str, str | None, dict[str, Any], list[str]]


def post_data(post: Post) -> dict[str, Any]:
    """A validated post as plain data: the six keys every post has, then the others
    only where given (most posts of most files have none of them)."""
    salary = post.salary
    out: dict[str, Any] = {
        "title": post.title,
        "seats": post.seats,
        "filled": post.filled,
        "salary": salary if isinstance(salary, (int, float)) or salary is None else dict(salary),
        "pay": post.pay,
        "holders": None if post.holders is None else [_holder(h) for h in post.holders],
    }
    given = {
        "id": post.id,
        "kind": post.kind,
        "grade": post.grade,
        "salary_period": post.salary_period,
        "fte": post.fte,
    }
    out.update((key, value) for key, value in given.items() if value is not None)
    if not post.counts:
        out["counts"] = False
    if post.status != "active":
        out["status"] = post.status
    if post.attrs:
        out["attrs"] = dict(post.attrs)
    _add_dates(out, post)
    return out


def _add_dates(out: dict[str, Any], fact: Any) -> None:
    """The dates of a dated fact (see :mod:`orggraph.core.history`), where given."""
    if fact.valid_from is not None:
        out["valid_from"] = fact.valid_from
    if fact.valid_to is not None:
        out["valid_to"] = fact.valid_to
    if fact.recorded is not None:
        out["recorded"] = fact.recorded


def _holder(holder: Any) -> Any:
    if isinstance(holder, str):
        return holder
    out = {"person": holder.person}
    if holder.fte is not None:
        out["fte"] = holder.fte
    if holder.role != "primary":
        out["role"] = holder.role
    if holder.note is not None:
        out["note"] = holder.note
    _add_dates(out, holder)
    return out


def unit_data(unit: Unit) -> dict[str, Any]:
    """A validated unit's node attributes in the graph (its own data, not its children);
    a dated unit's dates, moves and renames too (:mod:`orggraph.core.dated` takes them
    out again)."""
    out: dict[str, Any] = {
        "kind": "unit",
        "name": unit.name,
        "type": unit.type,
        "aliases": list(unit.aliases),
        "description": unit.description,
        "head": post_data(unit.head) if unit.head else None,
        "staff": [post_data(p) for p in unit.staff],
        "attrs": dict(unit.attrs),
    }
    _add_dates(out, unit)
    if unit.moves:
        out["moves"] = [(m.valid_from, m.parent, m.recorded) for m in unit.moves]
    if unit.renames:
        out["renames"] = [(r.valid_from, r.name, r.recorded) for r in unit.renames]
    return out


_Place = Callable[[tuple[int | str, ...]], str]  # a path in the data -> where, for messages


def from_dict(
    data: Mapping[str, Any],
    *,
    file: str | None = None,
    locate: Callable[[tuple[int | str, ...]], str | None] | None = None,
    as_of: Any = None,
) -> Org:
    """Validate plain data in the file format and build an :class:`Org`; a dated
    document's as of *as_of* (a date or ISO text; default today), see
    :mod:`orggraph.core.history`."""
    with paused():  # validation makes an object per field: no collection walks them
        return _from_dict(data, file=file, locate=locate, as_of=as_of)


def _from_dict(
    data: Mapping[str, Any],
    *,
    file: str | None,
    locate: Callable[[tuple[int | str, ...]], str | None] | None,
    as_of: Any,
) -> Org:
    from orggraph.core.schema import is_dated, validate

    day = None
    if as_of is not None:  # the history modules load only for dates
        from orggraph.core.history import iso_date

        day = iso_date(as_of, what="as_of", file=file)

    def place(loc: tuple[int | str, ...]) -> str:
        from orggraph.core.schema import path_str

        where = locate(loc) if locate else None
        return f"{path_str(loc)} ({where})" if where else path_str(loc)

    try:
        doc: OrgFile = validate(data, file=file, locate=locate)
    except SchemaError as exc:  # report the graph's problems in the same pass
        raise _with_graph_problems(exc, data, place) from None
    problems: list[Problem] = []
    records, paths = _unit_records(doc, place, problems)
    problems.extend(_top_level_problems(doc, place))
    resp = [
        (r.id, {"kind": "responsibility", "name": r.name, "description": r.description})
        for r in doc.responsibilities
    ]
    links = [(link.kind, link.from_, link.to, link.relation, link.mutual) for link in doc.links]
    changes: list[Any] = []
    if doc.changes:
        from orggraph.core.changes import Change

        changes = [Change.from_record(c) for c in doc.changes]
    facts = OrgFacts(
        name=doc.org,
        lang=doc.lang,
        attrs=doc.attrs,
        file=file,
        changes=changes,
        people=[person_data(p) for p in doc.people],
        currency=doc.currency,
        salary_period=doc.salary_period,
    )
    if is_dated(doc):
        from orggraph.core.dated import build_dated

        return build_dated(
            records,
            responsibilities=resp,
            links=doc.links,
            facts=facts,
            unit_place=lambda i, key=None: place((*paths[i], *_key(key)) if key else paths[i]),
            resp_place=lambda i: place(("responsibilities", i)),
            link_place=lambda i, key=None: place(("links", i, key) if key else ("links", i)),
            problems=problems,
            as_of=day,
        )
    return build(
        records,
        responsibilities=resp,
        links=links,
        facts=facts,
        unit_place=lambda i, key=None: place((*paths[i], *_key(key)) if key else paths[i]),
        resp_place=lambda i: place(("responsibilities", i)),
        link_place=lambda i, key=None: place(("links", i, key) if key else ("links", i)),
        problems=problems,
    )


def _key(key: Any) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


def person_data(person: Person) -> dict[str, Any]:
    """A validated person as plain data (email, photo and attrs only where given)."""
    out: dict[str, Any] = {"id": person.id, "name": person.name}
    if person.email is not None:
        out["email"] = person.email
    if person.photo is not None:
        out["photo"] = person.photo
    if person.attrs:
        out["attrs"] = dict(person.attrs)
    return out


def _unit_records(
    doc: OrgFile, place: _Place, problems: list[Problem]
) -> tuple[list[UnitRecord], list[tuple[int | str, ...]]]:
    """The document's units as flat records in file order (depth first), with each one's
    path in the data; a nested unit naming another parent, or attrs that are not plain
    data, go to *problems*."""
    records: list[UnitRecord] = []
    paths: list[tuple[int | str, ...]] = []
    stack: list[tuple[Unit, str | None, tuple[int | str, ...]]] = [
        (u, None, ("units", i)) for i, u in reversed(list(enumerate(doc.units)))
    ]
    while stack:
        unit, parent, loc = stack.pop()
        if parent is not None and unit.parent is not None and unit.parent != parent:
            problems.append(_nested_problem(unit.id, parent, unit.parent, place((*loc, "parent"))))
        problems.extend(
            (SchemaError, place(at), message, (unit.id,))
            for at, message in not_plain(unit.attrs, (*loc, "attrs"))
        )
        attrs = unit_data(unit)
        records.append(
            (
                unit.id,
                parent if parent is not None else unit.parent,
                attrs,
                list(unit.responsibilities),
            )
        )
        paths.append(loc)
        stack.extend(
            (c, unit.id, (*loc, "units", j)) for j, c in reversed(list(enumerate(unit.units)))
        )
    return records, paths


def _top_level_problems(doc: OrgFile, place: _Place) -> list[Problem]:
    """The organisation's own attrs and the change log's details that are not plain data."""
    return [
        (SchemaError, place(at), message, ())
        for at, message in [
            *not_plain(doc.attrs, ("attrs",)),
            *(
                problem
                for i, change in enumerate(doc.changes)
                for problem in not_plain(change.details, ("changes", i, "details"))
            ),
        ]
    ]


_SCALARS = (str, int, float, bool, type(None), datetime.date, datetime.datetime)
_KEYS = (str, int, float, bool, type(None))
PLAIN_DATA = (
    "text, numbers, true/false, null, dates, and lists and mappings of these "
    "(str, int, float, bool, None, datetime.date, list, dict)"
)


def not_plain(
    value: Any, loc: tuple[int | str, ...]
) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Where *value* (``attrs``, a change's ``details``) holds something that is not
    plain data, which every format writes and reads back: ``(path, message)`` pairs.

    >>> for path, message in not_plain({"a": [1, {"b": {1}}], "c": float("nan")}, ("attrs",)):
    ...     print(path, message[:34])
    ('attrs', 'a', 1, 'b') set {1} is not plain data; allowed
    ('attrs', 'c') nan is not a finite number
    """
    stack: list[tuple[tuple[int | str, ...], Any]] = [(loc, value)]
    while stack:
        at, item = stack.pop()
        kind = type(item)
        if kind is float and not math.isfinite(item):
            yield at, f"{item!r} is not a finite number"
        elif kind in _SCALARS:
            continue
        elif isinstance(item, list):
            stack.extend(((*at, i), x) for i, x in reversed(list(enumerate(item))))
        elif isinstance(item, dict):
            bad = [k for k in item if type(k) not in _KEYS or k != k or k in (_INF, -_INF)]
            if bad:
                name = type(bad[0]).__name__
                yield at, f"the key {bad[0]!r:.40} ({name}) must be text or a finite number"
            stack.extend(((*at, k), x) for k, x in reversed(item.items()) if k not in bad)
        else:
            yield at, f"{kind.__name__} {item!r:.40} is not plain data; allowed: {PLAIN_DATA}"


_INF = float("inf")


def _nested_problem(uid: str, parent: str, said: str, where: str) -> Problem:
    return (
        SchemaError,
        where,
        f"unit {uid!r} is nested under {parent!r} but says parent: {said!r}; "
        "'parent' is only for top-level units",
        (uid, parent, said),
    )


def _with_graph_problems(exc: SchemaError, data: Any, place: _Place) -> OrgError:
    """*exc* (the schema's problems) with the graph checks' problems added: they run on
    the units, responsibilities and links that are valid in themselves."""
    from orggraph.core.skeleton import skeleton

    shape = skeleton(data)
    problems: list[Problem] = []
    for uid, parent, _, loc, declared in shape.units:
        if parent is not None and declared is not None and declared != parent:
            problems.append(_nested_problem(uid, parent, declared, place((*loc, "parent"))))
    units, links = shape.units, shape.links
    check_graph(
        [u[0] for u in units],
        [u[1] for u in units],
        [(i, u[2]) for i, u in enumerate(units) if u[2]],
        responsibilities=[(rid, {}) for rid, _ in shape.responsibilities],
        links=[(kind, src, dst, None, False) for kind, src, dst, _ in links],
        unit_place=lambda i, key=None: place((*units[i][3], key) if key else units[i][3]),
        resp_place=lambda j: place(shape.responsibilities[j][1]),
        link_place=lambda j, key=None: place((*links[j][3], key) if key else links[j][3]),
        problems=problems,
    )
    if not problems:
        return exc
    own = exc.problems or ((exc.place or "top level", exc.message),)
    listed = listed_problems([*own, *((p, m) for _, p, m, _ in problems)])
    return SchemaError.make(
        exc.message, file=exc.file, place=exc.place, ids=exc.ids, problems=listed
    )


def build(
    records: Sequence[UnitRecord],
    *,
    responsibilities: Iterable[tuple[str, dict[str, Any]]] = (),
    links: Iterable[tuple[str, str, str, Any, bool]] = (),
    name: Any = None,
    lang: Sequence[str] = (),
    attrs: Mapping[str, Any] | None = None,
    file: str | None = None,
    changes: Sequence[Any] = (),
    people: Sequence[Mapping[str, Any]] = (),
    currency: str | None = None,
    salary_period: str = "month",
    facts: OrgFacts | None = None,
    unit_place: Callable[..., str] = lambda i, key=None: f"unit #{i + 1}",
    resp_place: Callable[[int], str] = lambda i: f"responsibility #{i + 1}",
    link_place: Callable[..., str] = lambda i, key=None: f"link #{i + 1}",
    problems: list[Problem] | None = None,
    people_checked: bool = False,
) -> Org:
    """Check flat unit records and build an :class:`Org` (linear time).

    Checks: duplicate ids, unknown parents, reporting cycles, unknown responsibility
    references, links to unknown units or to themselves. *changes* is the change log
    the organisation carries (see :class:`orggraph.core.changes.Change`). All problems are collected
    (up to a limit) and raised together as the first one's error type.
    *people_checked* says the caller built people and posts that pass the checks of
    people in posts by construction (:func:`orggraph.io.people.read_people` does): the
    people index is then built on first use, not at load. *facts*, when given, are the
    organisation's own facts whole (an organisation made from another passes
    ``org.facts.replace(...)``) in place of the keywords *name* to *salary_period*.
    """
    if facts is None:
        facts = OrgFacts(
            name=name,
            lang=lang,
            attrs=attrs,
            file=file,
            changes=changes,
            people=people,
            currency=currency,
            salary_period=salary_period,
        )
    with paused():
        ids = [r[0] for r in records]
        nodes: dict[str, dict[str, Any]] = {}
        for uid, _, data, _ in records:
            nodes.setdefault(uid, data)
        return assemble(
            ids,
            [r[1] for r in records],
            DocumentUnits(ids, nodes),
            [(i, r[3]) for i, r in enumerate(records) if r[3]],
            responsibilities=responsibilities,
            links=links,
            facts=facts,
            unit_place=unit_place,
            resp_place=resp_place,
            link_place=link_place,
            problems=problems,
            people_checked=people_checked,
        )


def assemble(
    ids: list[str],
    parents: Sequence[str | None],
    store: UnitStore,
    owned: Sequence[tuple[int, list[str]]],
    *,
    index: dict[str, int] | None = None,
    self_parent_is_root: bool = False,
    responsibilities: Iterable[tuple[str, dict[str, Any]]] = (),
    links: Iterable[tuple[str, str, str, Any, bool]] = (),
    facts: OrgFacts | None = None,
    unit_place: Callable[..., str] = lambda i, key=None: f"unit #{i + 1}",
    resp_place: Callable[[int], str] = lambda i: f"responsibility #{i + 1}",
    link_place: Callable[..., str] = lambda i, key=None: f"link #{i + 1}",
    problems: list[Problem] | None = None,
    people_checked: bool = False,
) -> Org:
    """:func:`build` on columns: unit *ids*, their *parents* (``None`` for a root), the
    units' own data (*store*, :class:`orggraph.core.store.DocumentUnits` or a table
    import's :class:`orggraph.core.tables.TableUnits`) and *owned*,
    ``(row, responsibility ids)`` for the rows that own any. Rows are numbered from 0
    in *ids*; ``unit_place(row, key)`` names a row in error messages; *facts* are the
    organisation's own (:class:`~orggraph.core.org.OrgFacts`: its name, file, people...,
    the keywords of :func:`build`). *index* (id ->
    row), when the caller has it already, saves building it again. A blank parent
    (``None`` or ``""``) marks a root; so does a unit's own id if *self_parent_is_root*
    (as some HR systems write roots), otherwise that is a reporting cycle. The store's
    figures that no schema has checked (a table import's number columns) have their
    ranges checked here."""
    problems = [] if problems is None else problems
    facts = OrgFacts() if facts is None else facts
    with paused():
        for i, key, message in store.figure_problems():
            uid = ids[i]
            problems.append((SchemaError, unit_place(i, key), f"unit {uid!r}: {message}", (uid,)))
        resp_list = list(responsibilities)
        link_rows = list(links)
        tree = check_graph(
            ids,
            parents,
            owned,
            index=index,
            self_parent_is_root=self_parent_is_root,
            responsibilities=resp_list,
            links=link_rows,
            unit_place=unit_place,
            resp_place=resp_place,
            link_place=link_place,
            problems=problems,
        )
        if problems:
            raise_problems(problems, facts.file)

        link_list = _link_edges(link_rows)
        with said() as keys:  # what the organisation warns of, for its derived ones
            org = Org(
                store,
                ids=ids,
                index=tree.row_of,
                pidx=tree.pidx,
                order=tree.order,
                topological=tree.topological,
                roots=[ids[i] for i in tree.roots],
                responsibilities=dict(resp_list),
                resp_of={ids[i]: rids for i, rids in owned},
                links=link_list,
                facts=facts,
            )
            check = not people_checked and (bool(facts.people) or store.has_holders())
            check_people(org, unit_place, facts.file, people=check)
        org.warned = tuple(keys)
        return org


def _link_edges(
    link_rows: Sequence[tuple[str, str, str, Any, bool]],
) -> list[tuple[str, str, dict[str, Any]]]:
    """Checked link rows as ``(source, target, edge data)``, numbered in file order."""
    link_list: list[tuple[str, str, dict[str, Any]]] = []
    for seq, (kind, src, dst, relation, mutual) in enumerate(link_rows):
        edge: dict[str, Any] = {"kind": kind, "seq": seq}
        if relation is not None:
            edge["relation"] = relation
        if mutual:
            edge["mutual"] = True
        link_list.append((src, dst, edge))
    return link_list


def check_people(
    org: Org, unit_place: Callable[..., str], file: str | None, *, people: bool = True
) -> None:
    """Raise the problems of people in posts (:meth:`Org.people_problems`) together, as
    the first one's error type; warn of the others (:class:`~orggraph.errors.OrgWarning`).
    Without *people* (no person declared, no post naming holders) only the dotted lines
    are checked, and the people index is not built."""
    problems: list[Problem] = []
    found = org.people_problems() if people else []
    for link in org.links("dotted"):
        if org.parent(link.target) == link.source:  # from the manager to the report
            message = (
                f"the dotted line {link.source!r} -> {link.target!r} repeats the solid "
                f"reporting line ({link.target!r} reports to {link.source!r})"
            )
            found.append((None, link.target, (), message, (link.source, link.target)))
    for kind, uid, where, message, ids in found:
        place = unit_place(org.row(uid), where) if uid else "people"
        if kind is None:
            warn(f"{place}: {message}", file, key=message)
        else:
            problems.append((kind, place, message, ids))
    if problems:
        raise_problems(problems, file)


def subtree(org: Org, uid: str) -> Org:
    """*uid* and everything under it as a new ``Org`` (responsibilities, inner links, the
    people holding its posts, currency and salary period kept)."""
    keep = [uid, *org.descendants(uid)]
    keep_set = set(keep)
    nodes = org.node_data
    records: list[UnitRecord] = [
        (u, None if u == uid else org.parent(u), dict(nodes[u]), org.responsibilities(u))
        for u in keep
    ]
    used = {r for _, _, _, rids in records for r in rids}
    resp = [(r, dict(nodes[r])) for r in org.responsibility_ids() if r in used]
    links = [
        (d["kind"], a, b, d.get("relation"), bool(d.get("mutual")))
        for a, b, d in org.links()
        if a in keep_set and b in keep_set
    ]
    # The declared people who hold posts here, and the salary period the figures are in.
    held = {a.person for a in org.assignments() if a.unit in keep_set}
    with said(org.warned):  # what the whole organisation warned of is not repeated
        return build(
            records,
            responsibilities=resp,
            links=links,
            facts=org.facts.replace(
                changes=(), people=[p for p in org.people_data() if p["id"] in held]
            ),
        )
