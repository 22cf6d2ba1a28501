"""The reporting tree of an :class:`~orggraph.core.org.Org`: roots, parents, children,
chains, depths and the chart order (``TreeMixin``, one of ``Org``'s bases).

>>> import orggraph as og
>>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B, units: [{id: c, name: C}]}]}]")
>>> org.chain("c"), org.depth("c"), org.descendants("a")
(['c', 'b', 'a'], 2, ['b', 'c'])
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from orggraph.core.compat import renamed
from orggraph.core.upper import upper as _upper
from orggraph.errors import OrgError, UnknownIdError

if TYPE_CHECKING:  # networkx loads with the first organisation, not with the package
    import networkx as nx

    from orggraph.core.org import Org
    from orggraph.core.store import UnitStore

__all__ = ["TreeMixin"]


class TreeMixin:
    """``Org``'s reporting-tree queries, over its rows: ``ids[i]`` is row *i*'s unit,
    ``pidx[i]`` its parent's row (-1 for a root)."""

    # What the tree reads of an Org (set by Org.__init__).
    _ids: list[str]
    _index: dict[str, int]
    _pidx: Sequence[int]
    _roots: list[str]
    _store: UnitStore
    file: str | None

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

    def _chart_parents(self) -> list[int]:
        """For each unit in chart order, its parent's position in that order (-1 for a root)."""
        order, pidx = self._order, self._pidx
        rank = [0] * len(order)
        for k, r in enumerate(order):
            rank[r] = k
        return [-1 if pidx[r] < 0 else rank[pidx[r]] for r in order]

    def _check(self, uid: str) -> str:
        if uid not in self._index:
            raise UnknownIdError(uid, choices=self._index, file=self.file)
        return uid

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
