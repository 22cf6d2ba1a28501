"""The graph checks of a build (:func:`orggraph.core.build.assemble`): duplicate ids,
unknown parents, reporting cycles, links and responsibility references, all collected
in one pass over the whole input and reported together.

>>> problems = []
>>> tree = check_graph(["a", "b", "a"], [None, "x", None], [(0, ["r"])],
...     unit_place=lambda i, key=None: f"row {i}", resp_place=str, link_place=str,
...     problems=problems)
>>> [(kind.__name__, place) for kind, place, _, _ in problems]
[('DuplicateIdError', 'row 2'), ('UnknownIdError', 'row 1'), ('UnknownIdError', 'row 0')]
>>> tree.roots
[0, 1]
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from orggraph.core.tree import find_cycles, preorder
from orggraph.errors import CycleError, DuplicateIdError, LinkError, UnknownIdError

if TYPE_CHECKING:
    from orggraph.errors import Problem

__all__ = ["CheckedTree", "check_graph"]


class CheckedTree(NamedTuple):
    """What the graph checks find out about the reporting lines (see :func:`check_graph`)."""

    row_of: dict[str, int]  # id -> row (the first row of a repeated id)
    pidx: list[int]  # parent row; -1 for a root, -3 for a repeated row
    order: list[int] | None  # chart order, when the rows are not top-down already
    topological: bool  # every parent row comes before its children
    roots: list[int]


def check_graph(
    ids: list[str],
    parents: Sequence[str | None],
    owned: Sequence[tuple[int, list[str]]],
    *,
    index: dict[str, int] | None = None,
    self_parent_is_root: bool = False,
    responsibilities: Sequence[tuple[str, Any]] = (),
    links: Sequence[tuple[str, str, str, Any, bool]] = (),
    unit_place: Callable[..., str],
    resp_place: Callable[[int], str],
    link_place: Callable[..., str],
    problems: list[Problem],
) -> CheckedTree:
    """Every check of :func:`orggraph.core.build.assemble` (duplicate ids, unknown parents, cycles, links,
    responsibilities), adding what it finds to *problems*; cycles are broken so the
    checks go on."""
    index = _check_ids(ids, index, unit_place, problems)
    resp_index = _check_declared(responsibilities, index, unit_place, resp_place, problems)
    pidx, roots = _parent_rows(ids, parents, index, self_parent_is_root, unit_place, problems)
    # Rows whose parents all come first (exports usually list them top-down) hold no
    # cycle and can be summed bottom-up as they are: the chart order waits until a
    # query needs it. Otherwise walk the tree now; units it misses are in cycles.
    topological = not any(map(operator.ge, pidx, range(len(ids))))
    order: list[int] | None = None
    if not topological:
        order = preorder(roots, pidx)
        if len(order) < len(index):
            find_cycles(ids, pidx, unit_place, problems)
    declared = {rid for rid, _ in responsibilities}  # duplicates too: no "unknown" on top
    _check_links(links, index, declared, link_place, problems)
    _check_owned(ids, owned, declared, resp_index, unit_place, problems)
    return CheckedTree(index, pidx, order, topological, roots)


def _check_ids(
    ids: list[str],
    index: dict[str, int] | None,
    unit_place: Callable[..., str],
    problems: list[Problem],
) -> dict[str, int]:
    """The id -> row index; each repeat of an id is reported (the first row is kept)."""
    n = len(ids)
    if index is None:
        index = dict(zip(ids, range(n), strict=True))
    if len(index) < n:  # some id repeats: find and report each repeat, keep the first
        index = {}
        for i, uid in enumerate(ids):
            if uid in index:
                problems.append(
                    (
                        DuplicateIdError,
                        unit_place(i, "id"),
                        f"duplicate unit id {uid!r} (first at {unit_place(index[uid])})",
                        (uid,),
                    )
                )
                continue
            index[uid] = i
    return index


def _check_declared(
    responsibilities: Sequence[tuple[str, Any]],
    index: Mapping[str, int],
    unit_place: Callable[..., str],
    resp_place: Callable[[int], str],
    problems: list[Problem],
) -> dict[str, int]:
    """The responsibility id -> position index; repeats (of each other or of a unit id)
    are reported."""
    resp_index: dict[str, int] = {}
    for j, (rid, _) in enumerate(responsibilities):
        if rid in resp_index or rid in index:
            first = unit_place(index[rid]) if rid in index else resp_place(resp_index[rid])
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
    return resp_index


def _parent_rows(
    ids: list[str],
    parents: Sequence[str | None],
    index: Mapping[str, int],
    self_parent_is_root: bool,
    unit_place: Callable[..., str],
    problems: list[Problem],
) -> tuple[list[int], list[int]]:
    """Each row's parent row (-1 for a root, -3 for a repeated row) and the root rows;
    units reporting to themselves or to unknown parents are reported (and made roots)."""
    n = len(ids)
    # Parent rows; -1 for a root, and (at first) for a parent that is not there.
    pidx: list[int] = list(map(index.get, parents, repeat(-1)))  # type: ignore[arg-type]
    if len(index) < n:  # repeated rows take no part in the tree
        for i, uid in enumerate(ids):
            if index[uid] != i:
                pidx[i] = -3
    for i in compress(range(n), map(operator.eq, pidx, range(n))):
        pidx[i] = -1
        if not self_parent_is_root:
            problems.append(
                (
                    CycleError,
                    unit_place(i, "parent"),
                    f"unit {ids[i]!r} would report to itself",
                    (ids[i],),
                )
            )
    roots: list[int] = []
    for i in compress(range(n), map(operator.eq, pidx, repeat(-1))):
        p = parents[i]
        if p is None or p == "" or p == ids[i]:
            if p is None or p == "" or self_parent_is_root:
                roots.append(i)
            continue
        err = UnknownIdError(str(p), choices=index, what="parent id")
        problems.append(
            (
                UnknownIdError,
                unit_place(i, "parent"),
                f"unit {ids[i]!r}: {err.message}",
                (ids[i], str(p)),
            )
        )
        roots.append(i)
    return pidx, roots


def _check_links(
    links: Sequence[tuple[str, str, str, Any, bool]],
    index: Mapping[str, int],
    declared: set[str],
    link_place: Callable[..., str],
    problems: list[Problem],
) -> None:
    """Links must join two different units."""
    for j, (kind, src, dst, _relation, _mutual) in enumerate(links):
        for end, key in ((src, "from"), (dst, "to")):
            if end in declared and end not in index:
                problems.append(
                    (
                        LinkError,
                        link_place(j, key),
                        f"{kind} link: {end!r} is a responsibility, not a unit",
                        (src, dst),
                    )
                )
            elif end not in index:
                err = UnknownIdError(end, choices=index, what="unit id")
                problems.append(
                    (LinkError, link_place(j, key), f"{kind} link: {err.message}", (src, dst))
                )
        if src == dst:
            problems.append(
                (LinkError, link_place(j), f"{kind} link from {src!r} to itself", (src,))
            )


def _check_owned(
    ids: list[str],
    owned: Sequence[tuple[int, list[str]]],
    declared: set[str],
    resp_index: Mapping[str, int],
    unit_place: Callable[..., str],
    problems: list[Problem],
) -> None:
    """Units own declared responsibilities, each once."""
    for i, rids in owned:
        uid = ids[i]
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
