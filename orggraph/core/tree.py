"""Tree algorithms over parent row numbers: chart (pre-)order and cycle detection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from orggraph.errors import (
    CycleError,
)

if TYPE_CHECKING:  # pydantic loads only when a document is validated; networkx on a build
    pass

if TYPE_CHECKING:
    from orggraph.errors import Problem

__all__ = ["preorder"]


def preorder(roots: Sequence[int], pidx: Sequence[int]) -> list[int]:
    """Rows in chart order (depth first, children in row order) from the given roots."""
    children: dict[int, list[int]] = {}
    for i, p in enumerate(pidx):
        if p >= 0:
            kids = children.get(p)
            if kids is None:
                children[p] = [i]
            else:
                kids.append(i)
    out: list[int] = []
    stack = list(roots)[::-1]
    pop, push, append, get = stack.pop, stack.extend, out.append, children.get
    while stack:
        u = pop()
        append(u)
        kids = get(u)
        if kids:
            push(kids[::-1])
    return out


def find_cycles(
    ids: list[str],
    pidx: list[int],
    unit_place: Callable[..., str],
    problems: list[Problem],
) -> None:
    """Report every reporting cycle once, naming its units; break it so checks go on."""
    state = [0] * len(ids)  # 1 = on the current path, 2 = done
    for start in range(len(ids)):
        if state[start] or pidx[start] == -3:
            continue
        path = []
        u = start
        while u >= 0 and not state[u]:
            state[u] = 1
            path.append(u)
            u = pidx[u]
        if u >= 0 and state[u] == 1:  # closed a loop on this very path
            loop = path[path.index(u) :]
            first = min(loop)
            names = [ids[i] for i in loop]
            cycle = " -> ".join([*names, names[0]])
            problems.append(
                (
                    CycleError,
                    unit_place(first, "parent"),
                    f"reporting cycle: {cycle} (a unit would report to its own subordinate)",
                    tuple(names),
                )
            )
            pidx[first] = -1
        for p in path:
            state[p] = 2
