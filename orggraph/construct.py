"""Building an `Org`: from files, text and plain data.

Every failure is an :class:`~orggraph.errors.OrgError` naming the file, the place and
the ids involved; nothing else escapes :func:`load` and :func:`loads`.

>>> org = loads("units: [{id: a, name: A}, {id: b, name: B, parent: a}]")
>>> org.children("a")
['b']
>>> loads("units: [{id: a, name: A}, {id: b, name: B, parent: b}]")
Traceback (most recent call last):
...
orggraph.errors.CycleError: units[1].parent (line 1, column 52): unit 'b' would report to itself
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    CycleError,
    DuplicateIdError,
    LinkError,
    OrgError,
    ParseError,
    SchemaError,
    UnknownIdError,
)
from .model import Org
from .parse import decode, locator, parse_text

if TYPE_CHECKING:  # pydantic loads only when a document is validated; networkx on a build
    import networkx as nx

    from .schema import OrgFile, Post, Unit

__all__ = ["UnitRecord", "build", "from_dict", "load", "loads", "subtree"]

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv", ".xlsx": "xlsx"}

# (id, parent id or None, node attributes, responsibility ids)
UnitRecord = tuple[str, str | None, dict[str, Any], list[str]]
Problem = tuple[type[OrgError], str, str, tuple[str, ...]]  # (kind, place, message, ids)

MAX_PROBLEMS = 50


@contextmanager
def _gc_paused() -> Any:
    # Building millions of small dicts triggers the cyclic GC over and over for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(path: str | Path, *, format: str | None = None) -> Org:
    """Read an organisation from a YAML (``.yaml``/``.yml``) or JSON (``.json``) file, or
    from a table in the canonical columns (``.csv``, ``.xlsx``; see :mod:`orggraph.tabular`
    for column mappings and measures).

    >>> load("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    orggraph.errors.ParseError: no/such/file.yaml: cannot read the file: No such file or directory
    """
    file = str(path)
    fmt = format or SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise ParseError(
            f"cannot tell the format from the suffix {Path(path).suffix!r}; "
            f"use one of {', '.join(SUFFIXES)} or pass format=",
            file=file,
            choices=list(SUFFIXES),
        )
    if fmt in ("csv", "xlsx"):  # tables in the canonical columns (see orggraph.tabular)
        from . import tabular

        return tabular.from_csv(path) if fmt == "csv" else tabular.from_excel(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    return loads(decode(raw, file=file), format=fmt, file=file)


def loads(text: str | bytes, format: str = "yaml", *, file: str | None = None) -> Org:
    """Build an organisation from YAML or JSON text."""
    try:
        if isinstance(text, bytes):
            text = decode(text, file=file)
        data = parse_text(text, format, file=file)
        return from_dict(data, file=file, locate=locator(text, format))
    except OrgError:
        raise
    except RecursionError:
        raise ParseError("the document nests too deeply", file=file) from None
    except Exception as exc:  # pragma: no cover - a bug; still give the caller an OrgError
        raise OrgError(
            f"unexpected error while loading: {type(exc).__name__}: {exc}", file=file
        ) from exc


def _post(post: Post) -> dict[str, Any]:
    return {
        "title": post.title,
        "seats": post.seats,
        "filled": post.filled,
        "salary": post.salary,
        "pay": post.pay,
        "holders": list(post.holders),
    }


def unit_data(unit: Unit) -> dict[str, Any]:
    """A validated unit's node attributes in the graph (its own data, not its children)."""
    return {
        "kind": "unit",
        "name": unit.name,
        "type": unit.type,
        "aliases": list(unit.aliases),
        "description": unit.description,
        "head": _post(unit.head) if unit.head else None,
        "staff": [_post(p) for p in unit.staff],
        "attrs": dict(unit.attrs),
    }


def from_dict(
    data: Mapping[str, Any],
    *,
    file: str | None = None,
    locate: Callable[[tuple[int | str, ...]], str | None] | None = None,
) -> Org:
    """Validate plain data in the file format and build an :class:`Org`."""
    from .schema import validate

    doc: OrgFile = validate(data, file=file, locate=locate)
    records: list[UnitRecord] = []
    paths: list[tuple[int | str, ...]] = []
    problems: list[Problem] = []

    def place(loc: tuple[int | str, ...]) -> str:
        from .schema import path_str

        where = locate(loc) if locate else None
        return f"{path_str(loc)} ({where})" if where else path_str(loc)

    stack: list[tuple[Unit, str | None, tuple[int | str, ...]]] = [
        (u, None, ("units", i)) for i, u in reversed(list(enumerate(doc.units)))
    ]
    while stack:
        unit, parent, loc = stack.pop()
        if parent is not None and unit.parent is not None and unit.parent != parent:
            problems.append(
                (
                    SchemaError,
                    place((*loc, "parent")),
                    f"unit {unit.id!r} is nested under {parent!r} but says parent: {unit.parent!r}; "
                    "'parent' is only for top-level units",
                    (unit.id, parent, unit.parent),
                )
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

    resp = [
        (r.id, {"kind": "responsibility", "name": r.name, "description": r.description})
        for r in doc.responsibilities
    ]
    links = [(link.kind, link.from_, link.to, link.relation, link.mutual) for link in doc.links]
    changes: list[Any] = []
    if doc.changes:
        from .reorg import Change

        changes = [Change.from_record(c) for c in doc.changes]
    return build(
        records,
        responsibilities=resp,
        links=links,
        name=doc.org,
        lang=doc.lang,
        attrs=doc.attrs,
        file=file,
        changes=changes,
        unit_place=lambda i, key=None: place((*paths[i], key) if key else paths[i]),
        resp_place=lambda i: place(("responsibilities", i)),
        link_place=lambda i, key=None: place(("links", i, key) if key else ("links", i)),
        problems=problems,
    )


def _raise(problems: list[Problem], file: str | None) -> None:
    kind, place, message, ids = problems[0]
    listed = [(p, m) for _, p, m, _ in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        listed.append(("...", f"{len(problems) - MAX_PROBLEMS} more problems not shown"))
    raise kind.make(message, file=file, place=place, ids=ids, problems=listed)


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
    unit_place: Callable[..., str] = lambda i, key=None: f"unit #{i + 1}",
    resp_place: Callable[[int], str] = lambda i: f"responsibility #{i + 1}",
    link_place: Callable[..., str] = lambda i, key=None: f"link #{i + 1}",
    problems: list[Problem] | None = None,
) -> Org:
    """Check flat unit records and build the graph in bulk (linear time).

    Checks: duplicate ids, unknown parents, reporting cycles, unknown responsibility
    references, links to unknown units or to themselves. *changes* is the change log
    the organisation carries (see :class:`orggraph.reorg.Change`). All problems are collected
    (up to a limit) and raised together as the first one's error type.
    """
    problems = [] if problems is None else problems
    with _gc_paused():
        parent_of: dict[str, str | None] = {uid: parent for uid, parent, _, _ in records}
        index: dict[str, int] = {}  # id -> record number; built only when a problem needs it

        def where(uid: str) -> int:
            if not index:
                index.update((u, i) for i, (u, _, _, _) in reversed(list(enumerate(records))))
            return index[uid]

        if len(parent_of) < len(records):  # some id repeats: find and report each repeat
            parent_of = {}
            for i, (uid, parent, _, _) in enumerate(records):
                if uid in parent_of:
                    problems.append(
                        (
                            DuplicateIdError,
                            unit_place(i, "id"),
                            f"duplicate unit id {uid!r} (first at {unit_place(where(uid))})",
                            (uid,),
                        )
                    )
                    continue
                parent_of[uid] = parent
        resp_list = list(responsibilities)
        resp_index: dict[str, int] = {}
        declared = {rid for rid, _ in resp_list}  # duplicates too: no "unknown" on top
        for j, (rid, _) in enumerate(resp_list):
            if rid in resp_index or rid in parent_of:
                first = unit_place(where(rid)) if rid in parent_of else resp_place(resp_index[rid])
                problems.append(
                    (
                        DuplicateIdError,
                        resp_place(j),
                        f"duplicate id {rid!r}: responsibility ids share one namespace with "
                        f"unit ids (first at {first})",
                        (rid,),
                    )
                )
                continue
            resp_index[rid] = j

        # Child lists exist only for units that have children (most units are leaves).
        children: dict[str, list[str]] = {}
        roots: list[str] = []
        for uid, parent in parent_of.items():
            if parent is None:
                roots.append(uid)
            elif parent in parent_of and parent != uid:
                kids = children.get(parent)
                if kids is None:
                    children[parent] = [uid]
                else:
                    kids.append(uid)
            elif parent == uid:
                problems.append(
                    (
                        CycleError,
                        unit_place(where(uid), "parent"),
                        f"unit {uid!r} would report to itself",
                        (uid,),
                    )
                )
                parent_of[uid] = None
            else:
                err = UnknownIdError(parent, choices=parent_of, what="parent id")
                problems.append(
                    (
                        UnknownIdError,
                        unit_place(where(uid), "parent"),
                        f"unit {uid!r}: {err.message}",
                        (uid, parent),
                    )
                )
                parent_of[uid] = None
                roots.append(uid)
        # Point each unit at its parent's own id string, so the copies read from each
        # row's parent cell can be freed.
        for parent, kids in children.items():
            for kid in kids:
                parent_of[kid] = parent
        # Every unit reachable from a root: no cycles. Only otherwise look for them.
        preorder = _preorder(roots, children)
        if len(preorder) < len(parent_of):
            where(preorder[0] if preorder else next(iter(parent_of)))  # fill the index
            _find_cycles(parent_of, index, unit_place, problems)

        for j, (kind, src, dst, _relation, _mutual) in enumerate(links):
            for end, key in ((src, "from"), (dst, "to")):
                if end in declared and end not in parent_of:
                    problems.append(
                        (
                            LinkError,
                            link_place(j, key),
                            f"{kind} link: {end!r} is a responsibility, not a unit",
                            (src, dst),
                        )
                    )
                elif end not in parent_of:
                    err = UnknownIdError(end, choices=parent_of, what="unit id")
                    problems.append(
                        (LinkError, link_place(j, key), f"{kind} link: {err.message}", (src, dst))
                    )
            if src == dst:
                problems.append(
                    (LinkError, link_place(j), f"{kind} link from {src!r} to itself", (src,))
                )
        for i, (uid, _, _, rids) in enumerate(records):
            if not rids:
                continue
            seen: set[str] = set()
            for k, rid in enumerate(rids):
                if rid not in declared:
                    err = UnknownIdError(rid, choices=resp_index, what="responsibility id")
                    problems.append(
                        (
                            UnknownIdError,
                            unit_place(i, f"responsibilities[{k}]"),
                            f"unit {uid!r}: {err.message}",
                            (uid, rid),
                        )
                    )
                elif rid in seen:
                    problems.append(
                        (
                            DuplicateIdError,
                            unit_place(i, f"responsibilities[{k}]"),
                            f"unit {uid!r} lists responsibility {rid!r} twice",
                            (uid, rid),
                        )
                    )
                seen.add(rid)
        if problems:
            _raise(problems, file)

        graph = _bulk_graph(records, resp_list, parent_of, links)
        org = Org(
            graph,
            parent=parent_of,
            children=children,
            roots=roots,
            name=name,
            lang=lang,
            attrs=attrs,
            file=file,
            changes=changes,
        )
        org.__dict__["_preorder"] = preorder  # computed above; saves a second traversal
        return org


def _preorder(roots: list[str], children: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    stack = roots[::-1]
    pop, push, append = stack.pop, stack.extend, out.append
    while stack:
        u = pop()
        append(u)
        kids = children.get(u)
        if kids:
            push(kids[::-1])
    return out


def _bulk_graph(
    records: Sequence[UnitRecord],
    resp_list: list[tuple[str, dict[str, Any]]],
    parent_of: dict[str, str | None],
    links: Iterable[tuple[str, str, str, Any, bool]],
) -> nx.MultiDiGraph:
    """Fill a MultiDiGraph's adjacency dicts directly: the same structure add_edge builds
    (a key dict shared by _succ and _pred), without its per-edge checks."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    node, succ, pred = graph._node, graph._succ, graph._pred
    for rid, data in resp_list:
        node[rid] = data
        succ[rid] = {}
        pred[rid] = {}
    for uid, _, data, _ in records:
        node[uid] = data
        succ[uid] = {}
        pred[uid] = {}
    # One key dict per edge kind, shared by every edge of that kind: a million reporting
    # edges would otherwise cost two dicts each. Safe because the graph is frozen.
    reporting = {0: {"kind": "reporting"}}
    for uid, parent in parent_of.items():
        if parent is not None:
            succ[parent][uid] = reporting
            pred[uid][parent] = reporting
    owns = {0: {"kind": "responsibility"}}
    for uid, _, _, rids in records:
        for rid in rids:
            succ[uid][rid] = owns
            pred[rid][uid] = owns
    for seq, (kind, src, dst, relation, mutual) in enumerate(links):
        edge: dict[str, Any] = {"kind": kind, "seq": seq}
        if relation is not None:
            edge["relation"] = relation
        if mutual:
            edge["mutual"] = True
        keydict = succ[src].get(dst)
        if keydict is None:
            keydict = {}
        elif keydict is reporting or keydict is owns:
            keydict = dict(keydict)  # this pair gets a second edge: stop sharing
        keydict[len(keydict)] = edge
        succ[src][dst] = keydict
        pred[dst][src] = keydict
    return nx.freeze(graph)


def _find_cycles(
    parent_of: dict[str, str | None],
    index: dict[str, int],
    unit_place: Callable[..., str],
    problems: list[Problem],
) -> None:
    """Report every reporting cycle once, naming its units; break it so checks go on."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in parent_of:
        if start in state:
            continue
        path = []
        u: str | None = start
        while u is not None and u not in state:
            state[u] = 1
            path.append(u)
            u = parent_of[u]
        if u is not None and state[u] == 1:  # closed a loop on this very path
            loop = path[path.index(u) :]
            first = min(loop, key=lambda x: index[x])
            cycle = " -> ".join([*loop, loop[0]])
            problems.append(
                (
                    CycleError,
                    unit_place(index[first], "parent"),
                    f"reporting cycle: {cycle} (a unit would report to its own subordinate)",
                    tuple(loop),
                )
            )
            parent_of[first] = None
        for p in path:
            state[p] = 2


def subtree(org: Org, uid: str) -> Org:
    """*uid* and everything under it as a new ``Org`` (responsibilities and inner links kept)."""
    keep = [uid, *org.descendants(uid)]
    keep_set = set(keep)
    graph = org.graph
    records: list[UnitRecord] = [
        (u, None if u == uid else org.parent(u), dict(graph.nodes[u]), org.responsibilities(u))
        for u in keep
    ]
    used = {r for _, _, _, rids in records for r in rids}
    resp = [(r, dict(graph.nodes[r])) for r in org.responsibility_ids() if r in used]
    links = [
        (d["kind"], a, b, d.get("relation"), bool(d.get("mutual")))
        for a, b, d in org.links()
        if a in keep_set and b in keep_set
    ]
    return build(
        records,
        responsibilities=resp,
        links=links,
        name=org.org_name,
        lang=org.lang,
        attrs=org.attrs,
        file=org.file,
    )
