"""Views: which units a chart shows from a root down to a depth, and which it collapses
(with what they hide). Every chart engine and the explorer read the same view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from orggraph.errors import OrgError

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["View", "count_shown", "make_view"]


@dataclass(frozen=True)
class View:
    """The units a chart shows (chart order) and the collapsed ones with what they hide."""

    shown: list[str]
    children: dict[str, list[str]]  # shown, expanded unit -> its children
    collapsed: dict[str, list[str]]  # shown unit -> the descendants it hides
    parents: list[int]  # position in shown of each one's parent (-1: a top unit)

    def boxes(self) -> dict[str, str]:
        """Each unit in the chart's scope -> the box that shows it: itself, or the
        collapsed ancestor hiding it (where links to hidden units are drawn)."""
        out = {u: u for u in self.shown}
        for u, hidden in self.collapsed.items():
            out.update(dict.fromkeys(hidden, u))
        return out


def make_view(org: Org, root: str | None = None, depth: int | None = None) -> View:
    """Which units a chart of *org* from *root* (all roots by default) to *depth* shows.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B, units: [{id: c, name: C}]}]}]")
    >>> v = make_view(org, depth=1)
    >>> v.shown, v.collapsed
    (['a', 'b'], {'b': ['c']})
    """
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or depth < 0):
        raise OrgError(f"depth must be a whole number >= 0, got {depth!r}")
    if root is None and depth is None:  # everything: the chart order is the org's own
        everyone, all_kids = org.units(), org._children
        expanded = {u: all_kids[u] for u in everyone if u in all_kids}
        return View(everyone, expanded, {}, org._chart_parents())
    tops = org.roots() if root is None else [org._check(root)]
    shown: list[str] = []
    parents: list[int] = []
    children: dict[str, list[str]] = {}
    collapsed: dict[str, list[str]] = {}
    kids_of = org.children
    stack = [(u, 0, -1) for u in reversed(tops)]
    pop, push, add, add_parent = stack.pop, stack.extend, shown.append, parents.append
    limit = -1 if depth is None else depth
    while stack:
        u, level, p = pop()
        i = len(shown)
        add(u)
        add_parent(p)
        kids = kids_of(u)
        if not kids:
            continue
        if level == limit:
            collapsed[u] = org.descendants(u)
            continue
        children[u] = kids
        level += 1
        push([(c, level, i) for c in reversed(kids)])
    return View(shown, children, collapsed, parents)


def count_shown(org: Org, root: str | None = None, depth: int | None = None) -> int:
    """How many boxes a chart from *root* to *depth* draws (without building it).

    >>> import orggraph as og
    >>> count_shown(og.datasets.load("ecommerce"), depth=1)
    5
    """
    if root is None and depth is None:
        return len(org)
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or depth < 0):
        raise OrgError(f"depth must be a whole number >= 0, got {depth!r}")
    tops = org.roots() if root is None else [org._check(root)]
    count = 0
    stack = [(u, 0) for u in tops]
    kids_of = org.children
    while stack:
        u, level = stack.pop()
        count += 1
        if depth is None or level < depth:
            stack.extend((c, level + 1) for c in kids_of(u))
    return count
