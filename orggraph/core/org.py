"""`Org`: an organisation as a typed networkx graph, with queries and rollups.

Nodes carry ``kind="unit"`` or ``kind="responsibility"``. Edges carry ``kind`` and run
superior -> subordinate or source -> target: ``reporting`` (parent -> child),
``dotted`` (manager -> unit), ``collaboration`` (source -> target, with ``relation``
and ``mutual``) and ``responsibility`` (unit -> responsibility).

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: ceo
...     name: {zh: 总经理室, en: CEO office}
...     head: {title: CEO, salary: 20000}
...     units:
...       - {id: sales, name: Sales, staff: [{title: Rep, seats: 4, salary: 5000}]}
...       - {id: tech, name: Tech, staff: [{title: Engineer, seats: null}]}
... ''')
>>> org.root, org.children("ceo"), org.chain("sales")
('ceo', ['sales', 'tech'], ['sales', 'ceo'])
>>> org.headcount()
Rollup(value=5, unknown=('tech',))
>>> org.name("ceo", lang="zh")
'总经理室'
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from orggraph.core.compat import renamed
from orggraph.core.gcpause import paused as _gc_paused
from orggraph.core.rollup import BUILTIN_MEASURES, Number, Rollup, RollupTable
from orggraph.core.store import UnitStore, with_responsibilities
from orggraph.core.upper import upper as _upper
from orggraph.errors import MeasureError, OrgError, OrgWarning, UnknownIdError, close_matches
from orggraph.names import Name, text, texts

if TYPE_CHECKING:  # networkx loads with the first organisation, not with the package
    import networkx as nx

__all__ = ["LINK_KINDS", "Collaboration", "DottedLine", "Link", "LinkKind", "Org"]


class Collaboration(NamedTuple):
    """A collaboration seen from one unit: the other unit, what the link says, its direction."""

    unit: str
    relation: str | None
    direction: Literal["out", "in", "both"]


LinkKind = Literal["dotted", "collaboration"]
LINK_KINDS: tuple[LinkKind, ...] = ("dotted", "collaboration")


class Link(NamedTuple):
    """A dotted or collaboration link: its two ends and its data (``kind``, and
    ``relation`` and ``mutual`` where given). Unpacks as ``(source, target, data)``."""

    source: str
    target: str
    data: Mapping[str, Any]

    @property
    def kind(self) -> LinkKind:
        kind: LinkKind = self.data["kind"]
        return kind


class DottedLine(NamedTuple):
    """A dotted (matrix) line seen from one unit: the other unit and its role."""

    unit: str
    role: Literal["manager", "report"]


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    """The file-format data with order-free lists sorted (links, responsibility declarations)
    and without the change log (history, not structure)."""
    import json

    out = dict(data)
    out.pop("changes", None)
    for key in ("links", "responsibilities"):
        if key in out:
            out[key] = sorted(
                out[key], key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False)
            )
    return out


class Org:
    """An organisation: units as rows with reporting lines as row numbers, seen as one
    ``networkx.MultiDiGraph`` (``org.graph``, built on first use).

    Build one with :func:`orggraph.load`, :func:`orggraph.loads` or
    :meth:`Org.from_dict`. An ``Org`` is treated as immutable: reorganisation functions
    return new ones, and ``org.graph`` must not be modified in place.

    ``org.changes`` is the change log: a tuple of :class:`orggraph.core.changes.Change`, oldest
    first, written to files as the top-level ``changes:`` list.
    """

    def __init__(
        self,
        store: UnitStore,
        *,
        ids: list[str],
        index: dict[str, int],
        pidx: Sequence[int],
        order: Sequence[int] | None,
        roots: list[str],
        topological: bool = False,
        responsibilities: Mapping[str, dict[str, Any]] | None = None,
        resp_of: Mapping[str, list[str]] | None = None,
        links: Sequence[tuple[str, str, dict[str, Any]]] = (),
        name: Name | None = None,
        lang: Sequence[str] = (),
        attrs: Mapping[str, Any] | None = None,
        file: str | None = None,
        changes: Sequence[Any] = (),
    ) -> None:
        # The core is columnar: units are rows (ids[i]), reporting lines are row numbers
        # (pidx[i], -1 for a root) and order is the chart order as rows. The units' own
        # data is the store's (orggraph.core.store), asked by row. The networkx graph,
        # the id-keyed parent/children maps, a table import's unit dicts and (when every
        # parent row comes first) the chart order are built on first use: a
        # million-unit load pays only for what its queries touch.
        self._store = store
        self._resp_data = dict(responsibilities or {})
        self._ids = ids
        self._index = index
        self._pidx = pidx
        if order is not None:
            self.__dict__["_order"] = order
        # True when every unit's parent row comes before its own row.
        self._topological = topological
        self._roots = roots
        self._resp_ids = list(self._resp_data)
        self._resp_of = resp_of if resp_of is not None else {}
        self._links = list(links)
        self.org_name = name
        self.lang = list(lang)
        self.attrs = dict(attrs or {})
        self.file = file
        self.changes = tuple(changes)
        if len(roots) > 1:
            warnings.warn(
                f"{file + ': ' if file else ''}the organisation has {len(roots)} roots "
                f"({', '.join(roots[:5])}{', ...' if len(roots) > 5 else ''})",
                OrgWarning,
                stacklevel=3,
            )

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The organisation as a frozen ``networkx.MultiDiGraph`` (built on first use).

        Nodes are the units and the responsibilities; edges carry ``kind`` (see the
        module docs). It must not be modified in place.
        """
        from orggraph.core.graph import build_graph

        return build_graph(self)

    @cached_property
    def _order(self) -> Sequence[int]:
        from orggraph.core.tree import preorder

        index = self._index
        return preorder([index[u] for u in self._roots], self._pidx)

    @cached_property
    def _parent(self) -> dict[str, str | None]:
        ids = self._ids
        return dict(zip(ids, [None if p < 0 else ids[p] for p in self._pidx], strict=True))

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        # Child lists exist only for units that have children (most units are leaves).
        ids = self._ids
        children: dict[str, list[str]] = {}
        for i, p in enumerate(self._pidx):
            if p >= 0:
                kids = children.get(ids[p])
                if kids is None:
                    children[ids[p]] = [ids[i]]
                else:
                    kids.append(ids[i])
        return children

    # -- construction and export ------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, file: str | None = None) -> Org:
        """Validate plain data in the file format and build an ``Org``.

        >>> Org.from_dict({"units": [{"id": "a", "name": "A"}]}).units()
        ['a']
        """
        from_dict: Any = _upper("orggraph.core.build", "from_dict")  # build imports Org
        return from_dict(data, file=file)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """The organisation as plain data in the file format (nested by reporting line)."""
        from orggraph.core.document import to_dict

        return to_dict(self)

    def dump(self, path: str | Path, *, format: str | None = None) -> Path:
        """Write the organisation to *path* in any writable format (by suffix, or
        *format*), atomically; see :func:`orggraph.io.registry.dump`."""
        dump: Any = _upper("orggraph.io.registry", "dump")
        return dump(self, path, format=format)  # type: ignore[no-any-return]

    def to_csv(self, path: str | Path | None = None, **options: Any) -> Any:
        """The organisation as CSV, one row per unit: the text, or writes *path*
        (atomically); see :func:`orggraph.io.tables_out.to_csv` (``safe=True`` for files
        meant for spreadsheets)."""
        return _upper("orggraph.io.tables_out", "to_csv")(self, path, **options)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per unit in the table columns; see :func:`orggraph.io.tables_out.to_records`."""
        to_records: Any = _upper("orggraph.io.tables_out", "to_records")
        return to_records(self)  # type: ignore[no-any-return]

    def to_dataframe(self) -> Any:
        """A pandas ``DataFrame``, one row per unit (needs pandas)."""
        return _upper("orggraph.io.tables_out", "to_dataframe")(self)

    def render(self, target: str | Path | None = None, **options: Any) -> Any:
        """Draw the organisation chart; see :func:`orggraph.render.render`."""
        return _upper("orggraph.render", "render")(self, target, **options)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Jupyter display: the chart as SVG (top levels only for big organisations)."""
        mimebundle: Any = _upper("orggraph.render.jupyter", "mimebundle")
        return mimebundle(self)  # type: ignore[no-any-return]

    # -- basics -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, uid: object) -> bool:
        return uid in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._preorder)

    def __eq__(self, other: object) -> bool:
        """Same units, posts, figures and names in the same chart order, same
        responsibilities and links (their listing order does not matter).

        The change log (``changes``) takes no part: it is how the organisation came to
        be, not what it is. Two ways to reach the same structure give equal
        organisations, and a reorganisation undone gives back an equal one; compare
        ``a.changes == b.changes`` as well when the history matters.
        """
        if not isinstance(other, Org):
            return NotImplemented
        return _canonical(self.to_dict()) == _canonical(other.to_dict())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        title = f" {text(self.org_name, default_lang=self._lang0)!r}" if self.org_name else ""
        n = len(self._roots)
        return f"<Org{title}: {len(self)} units, {n} root{'s' if n != 1 else ''}>"

    @property
    def node_data(self) -> Mapping[str, Mapping[str, Any]]:
        """Every unit's and responsibility's own data by id: the organisation's store
        itself, for code that reads many units (writers, analyses, charts) without a
        read-only view per lookup. Never modify what it returns; :meth:`unit` gives one
        unit's data behind a read-only view.

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: A, type: team}]").node_data["a"]["type"]
        'team'
        """
        return with_responsibilities(self._store.data, self._resp_data)

    def box_fields(
        self, uids: Sequence[str], lang: str | None = None
    ) -> tuple[list[str], list[str | None], list[Any]]:
        """What a chart box shows of each of *uids*: names, head titles (``None`` without
        a head) in *lang* (see :func:`orggraph.names.text`) and types, read from a table
        import's columns without building unit dicts.

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: A, head: {title: Boss}}]").box_fields(["a"])
        (['A'], ['Boss'], [None])
        """
        index = self._index
        return self._store.labels([index[u] for u in uids], lang, self._lang0)

    def _chart_parents(self) -> list[int]:
        """For each unit in chart order, its parent's position in that order (-1 for a root)."""
        order, pidx = self._order, self._pidx
        rank = [0] * len(order)
        for k, r in enumerate(order):
            rank[r] = k
        return [-1 if pidx[r] < 0 else rank[pidx[r]] for r in order]

    @property
    def _lang0(self) -> str | None:
        return self.lang[0] if self.lang else None

    def _check(self, uid: str) -> str:
        if uid not in self._index:
            raise UnknownIdError(uid, choices=self._index, file=self.file)
        return uid

    def unit(self, uid: str) -> Mapping[str, Any]:
        """The unit's data, read-only: name, type, head, staff, attrs, aliases, description."""
        return MappingProxyType(self._store.data[self._check(uid)])

    @renamed(positional=("lang",))
    def name(self, uid: str, *, lang: str | None = None) -> str:
        """The name of a unit or responsibility in *lang* (default: the org's first language).

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: {zh: 甲, en: A}}]").name("a", lang="en")
        'A'
        """
        nodes = self.node_data
        if uid not in nodes:
            raise UnknownIdError(uid, choices=list(nodes), what="id", file=self.file)
        return text(nodes[uid].get("name"), lang, default_lang=self._lang0)

    @property
    def title(self) -> str:
        """The organisation's own name in its first language ('' if it has none)."""
        return text(self.org_name, default_lang=self._lang0)

    # -- the reporting tree -------------------------------------------------------------

    def roots(self) -> list[str]:
        """The units that report to nobody, in file order."""
        return list(self._roots)

    @property
    def root(self) -> str:
        """The single root; an :class:`OrgError` if there are several."""
        if len(self._roots) != 1:
            raise OrgError(
                f"the organisation has {len(self._roots)} roots; use roots()",
                file=self.file,
                ids=self._roots,
                choices=self._roots,
            )
        return self._roots[0]

    def parent(self, uid: str) -> str | None:
        """The unit *uid* reports to, or ``None`` for a root."""
        p = self._pidx[self._index[self._check(uid)]]
        return None if p < 0 else self._ids[p]

    def children(self, uid: str) -> list[str]:
        """The direct reports of *uid*, in file order."""
        return list(self._children.get(self._check(uid), ()))

    def descendants(self, uid: str) -> list[str]:
        """Every unit under *uid* (not *uid* itself), top-down in chart order."""
        self._check(uid)
        out: list[str] = []
        stack = list(reversed(self._children.get(uid, ())))
        while stack:
            u = stack.pop()
            out.append(u)
            stack.extend(reversed(self._children.get(u, ())))
        return out

    def chain(self, uid: str) -> list[str]:
        """*uid*, then each superior up to its root.

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]").chain("b")
        ['b', 'a']
        """
        ids, pidx = self._ids, self._pidx
        out = [uid]
        p = pidx[self._index[self._check(uid)]]
        while p >= 0:
            out.append(ids[p])
            p = pidx[p]
        return out

    def depth(self, uid: str) -> int:
        """Reporting levels between *uid* and its root (a root is at depth 0)."""
        return self._depths[self._check(uid)]

    def common_superior(self, a: str, b: str) -> str | None:
        """The lowest unit that *a* and *b* both report to (or are); ``None`` across roots.

        >>> import orggraph as og
        >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]")
        >>> org.common_superior("b", "c"), org.common_superior("a", "c")
        ('a', 'a')
        """
        above = set(self.chain(a))
        for u in self.chain(b):
            if u in above:
                return u
        return None

    @renamed(keywords={"type": "unit_type"})
    def units(self, unit_type: str | None = None) -> list[str]:
        """All unit ids in chart order (top-down, depth first), optionally of one
        *unit_type*."""
        if unit_type is None:
            return list(self._preorder)
        return [u for u, t in zip(self._preorder, self._types, strict=True) if t == unit_type]

    def types(self) -> list[str]:
        """The unit types in use, in order of first appearance."""
        return [t for t in dict.fromkeys(self._types) if t is not None]

    @property
    def _types(self) -> list[Any]:
        """Every unit's type (``None`` for none) in chart order."""
        return self._store.types(self._order)

    @cached_property
    def _preorder(self) -> list[str]:
        ids = self._ids
        return [ids[i] for i in self._order]

    @cached_property
    def _depths(self) -> dict[str, int]:
        depth = [0] * len(self._ids)
        pidx = self._pidx
        for i in self._order:  # parents come before their children
            p = pidx[i]
            if p >= 0:
                depth[i] = depth[p] + 1
        return dict(zip(self._ids, depth, strict=True))

    @cached_property
    def tree(self) -> nx.DiGraph:
        """A read-only ``networkx.DiGraph`` of the units and reporting edges only."""
        import networkx as nx

        tree = nx.DiGraph()
        nodes = self._store.data
        tree.add_nodes_from((u, nodes[u]) for u in self._preorder)
        tree.add_edges_from((p, u) for u, p in self._parent.items() if p is not None)
        return nx.freeze(tree)

    def subtree(self, uid: str) -> Org:
        """*uid* and everything under it as a new ``Org``, with the responsibilities they
        own and the links among them."""
        subtree: Any = _upper("orggraph.core.build", "subtree")  # build imports Org
        return subtree(self, uid)  # type: ignore[no-any-return]

    # -- search, responsibilities and links -------------------------------------------------

    def find(self, query: str) -> list[str]:
        """Units whose name, alias or post title contains *query* (any language, any case).

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: {zh: 客服部, en: Customer Service}}]").find("service")
        ['a']
        """
        needle = query.casefold()
        out = []
        nodes = self._store.data
        for u in self._preorder:
            data = nodes[u]
            haystack = [
                *texts(data.get("name")),
                *(t for a in data.get("aliases", ()) for t in texts(a)),
            ]
            head = data.get("head")
            for post in ([head] if head else []) + list(data.get("staff", ())):
                haystack.extend(texts(post.get("title")))
            if any(needle in h.casefold() for h in haystack):
                out.append(u)
        return out

    def responsibility_ids(self) -> list[str]:
        """Every declared responsibility id, in file order."""
        return list(self._resp_ids)

    def responsibilities(self, uid: str) -> list[str]:
        """The responsibility ids *uid* owns, in file order."""
        return list(self._resp_of.get(self._check(uid), ()))

    def responsible_for(self, query: str) -> list[str]:
        """Units owning a responsibility given by id or by a substring of its names.

        >>> import orggraph as og
        >>> org = og.loads('''
        ... units: [{id: a, name: A, responsibilities: [flow]}, {id: b, name: B, parent: a, responsibilities: [flow]}]
        ... responsibilities: [{id: flow, name: {zh: 优化购物流程, en: Optimise the shopping flow}}]
        ... ''')
        >>> org.responsible_for("shopping flow"), org.responsible_for("flow")
        (['a', 'b'], ['a', 'b'])
        """
        resp = self._resp_data
        if query in resp:
            wanted = {query}
        else:
            needle = query.casefold()
            wanted = {
                r
                for r in self._resp_ids
                if any(needle in t.casefold() for t in texts(resp[r].get("name")))
            }
        resp_of = self._resp_of
        return [u for u in self._preorder if not wanted.isdisjoint(resp_of.get(u, ()))]

    @cached_property
    def _links_at(self) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
        # Each unit's links in file order: per-unit queries stay O(degree), not O(links).
        at: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        for link in self._links:
            at.setdefault(link[0], []).append(link)
            if link[1] != link[0]:
                at.setdefault(link[1], []).append(link)
        return at

    @renamed(positional=("lang",))
    def collaborators(self, uid: str, *, lang: str | None = None) -> list[Collaboration]:
        """Units *uid* collaborates with, in both directions, with the relation text."""
        self._check(uid)
        mine = [link for link in self._links_at.get(uid, ()) if link[2]["kind"] == "collaboration"]
        out = []
        for ends in ("out", "in"):
            for a, b, d in mine:
                if (a if ends == "out" else b) != uid:
                    continue
                rel = (
                    text(d["relation"], lang, default_lang=self._lang0)
                    if d.get("relation")
                    else None
                )
                direction: Literal["out", "in", "both"] = "both" if d.get("mutual") else ends
                out.append(Collaboration(b if ends == "out" else a, rel, direction))
        return out

    def dotted(self, uid: str) -> list[DottedLine]:
        """*uid*'s dotted-line managers and dotted-line reports."""
        self._check(uid)
        mine = [(a, b) for a, b, d in self._links_at.get(uid, ()) if d["kind"] == "dotted"]
        out = [DottedLine(a, "manager") for a, b in mine if b == uid]
        out += [DottedLine(b, "report") for a, b in mine if a == uid]
        return out

    def links(self, kind: LinkKind | None = None) -> list[Link]:
        """Dotted and collaboration links as :class:`Link` ``(source, target, data)``
        named tuples, in file order; *kind* keeps one kind.

        >>> import orggraph as og
        >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]\\nlinks: [{kind: dotted, from: b, to: a}]")
        >>> link = org.links()[0]
        >>> link.source, link.target, link.kind
        ('b', 'a', 'dotted')
        >>> org.links("matrix")
        Traceback (most recent call last):
        ...
        orggraph.errors.OrgError: unknown link kind 'matrix'; choose one of dotted, collaboration
        """
        if kind is not None and kind not in LINK_KINDS:
            raise OrgError(
                f"unknown link kind {kind!r}; choose one of {', '.join(LINK_KINDS)}",
                choices=LINK_KINDS,
            )
        kinds = LINK_KINDS if kind is None else (kind,)
        return [Link(a, b, d) for a, b, d in self._links if d["kind"] in kinds]

    # -- rollups ------------------------------------------------------------------------

    def measures(self) -> list[str]:
        """Measures that can be rolled up: the built-in ones, then numeric attrs keys."""
        return [*BUILTIN_MEASURES, *self._store.measures(self._order)]

    def _check_measure(self, measure: str) -> None:
        if measure in BUILTIN_MEASURES or self._store.has_measure(measure):
            return
        choices = self.measures()
        guess = close_matches(measure, choices)
        hint = f" (did you mean {' or '.join(map(repr, guess))}?)" if guess else ""
        raise MeasureError(
            f"unknown measure {measure!r}{hint}; choose one of {', '.join(choices)}",
            file=self.file,
            choices=choices,
        )

    @renamed(keywords={"id": "uid"})
    def rollup(self, measure: str, uid: str | None = None) -> Rollup:
        """*measure* summed over *uid* and everything under it (the whole org by default).

        *measure* is ``"seats"``, ``"budget"`` (seats x monthly salary), ``"filled"`` or a
        numeric ``attrs`` key. Missing figures (a unit whose ``attrs`` do not give the
        key counts as missing) are listed in ``Rollup.unknown``, never counted as zero.

        >>> import orggraph as og
        >>> org = og.loads("units: [{id: a, name: A, attrs: {fte: 2}, units: [{id: b, name: B}]}]")
        >>> org.rollup("fte"), org.rollup("fte", "b")
        (Rollup(value=2, unknown=('b',)), Rollup(value=0, unknown=('b',)))
        >>> org.rollup("ftes")
        Traceback (most recent call last):
        ...
        orggraph.errors.MeasureError: unknown measure 'ftes' (did you mean 'fte'?); choose one of seats, budget, filled, fte
        """
        self._check_measure(measure)
        store, ids = self._store, self._ids
        if uid is None:  # the whole organisation: one pass over the rows
            vals, known = store.own_values(measure)
            unknown = [] if all(known) else [ids[i] for i in self._order if not known[i]]
            return Rollup(sum(vals), tuple(unknown))
        index = self._index
        rows = [index[u] for u in [uid, *self.descendants(uid)]]
        vals, known = store.own_values(measure, rows)
        total: Number = 0
        for v in vals:  # in chart order, as a reader adds them up
            total += v
        return Rollup(total, tuple(ids[i] for i, ok in zip(rows, known, strict=True) if not ok))

    @renamed(keywords={"id": "uid"})
    def headcount(self, uid: str | None = None) -> Rollup:
        """Planned seats of *uid* and everything under it (heads included)."""
        return self.rollup("seats", uid)

    @renamed(keywords={"id": "uid"})
    def budget(self, uid: str | None = None) -> Rollup:
        """Monthly salary budget (seats x salary) of *uid* and everything under it."""
        return self.rollup("budget", uid)

    def rollup_table(self, measures: Sequence[str] = ("seats", "budget")) -> RollupTable:
        """Every unit's rollups for *measures*, in one post-order pass over the tree.

        >>> import orggraph as og
        >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B, staff: [{title: x, seats: 3}]}]}]")
        >>> table = org.rollup_table()
        >>> table.value("a", "seats"), table["a"]["budget"]
        (3, Rollup(value=0, unknown=('b',)))
        """
        if isinstance(measures, str):
            measures = (measures,)
        for m in measures:
            self._check_measure(m)
        pidx = self._pidx
        if self._topological:  # rows bottom-up as they are, with their parent rows
            rows: Iterable[int] = range(len(pidx) - 1, -1, -1)
            parents: Iterable[int] = pidx[::-1]
        else:
            rows = list(reversed(self._order))
            parents = [pidx[i] for i in rows]
        values: dict[str, list[Number]] = {}
        counts: dict[str, list[int]] = {}
        flags: dict[str, list[bool]] = {}
        with _gc_paused():
            for m in measures:
                vals, known = self._store.own_values(m)  # new lists: sums replace them
                cnt = [0 if k else 1 for k in known]
                for i, p in zip(rows, parents, strict=True):
                    if p >= 0:
                        vals[p] += vals[i]
                        if cnt[i]:
                            cnt[p] += cnt[i]
                values[m], counts[m], flags[m] = vals, cnt, known
        return RollupTable(self, measures, values, counts, flags)
