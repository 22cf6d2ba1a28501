"""Responsibilities, search and links of an :class:`~orggraph.core.org.Org`
(``LinksMixin``, one of ``Org``'s bases), and the named tuples its link queries return.

>>> import orggraph as og
>>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]\\nlinks: [{kind: dotted, from: b, to: a}]")
>>> org.dotted("a"), org.dotted("b")
([DottedLine(unit='b', role='manager')], [DottedLine(unit='a', role='report')])
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from orggraph.core.compat import renamed
from orggraph.errors import OrgError
from orggraph.names import text, texts

if TYPE_CHECKING:
    from orggraph.core.store import UnitStore

__all__ = ["LINK_KINDS", "Collaboration", "DottedLine", "Link", "LinkKind", "LinksMixin"]


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


class LinksMixin:
    """``Org``'s queries on responsibilities, names and links."""

    # What these queries read of an Org (set by Org.__init__, or Org's other bases).
    _store: UnitStore
    _resp_data: dict[str, dict[str, Any]]
    _resp_ids: list[str]
    _resp_of: Mapping[str, list[str]]
    _links: list[tuple[str, str, dict[str, Any]]]
    if TYPE_CHECKING:

        @property
        def _preorder(self) -> list[str]: ...  # TreeMixin's

        @property
        def _lang0(self) -> str | None: ...  # Org's

        def _check(self, uid: str) -> str: ...  # TreeMixin's

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
