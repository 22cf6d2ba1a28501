"""The index of a paged chart: its columns, its lines and its order."""

from __future__ import annotations

import re

from orggraph.render.metrics import text_width

__all__ = [
    "INDEX_GAP",
    "INDEX_LINE",
    "INDEX_PT",
    "index_columns",
    "index_lines",
    "index_link_lines",
    "index_order",
]

INDEX_PT = 6.5  # the index's text size
INDEX_LINE = 1.25 * INDEX_PT  # from one index line to the next
INDEX_GAP = 14.0  # between index columns
_INDEX_COLUMN = 135.0  # the narrowest index column


def index_order(names: dict[str, str]) -> list[str]:
    """The ids of *names* (id -> name) in the index's order: by name, runs of digits
    read as numbers ("Team 9" before "Team 10"), case ignored.

    >>> index_order({"a": "Team 10", "b": "team 9", "c": "Sales"})
    ['c', 'b', 'a']
    """
    return sorted(names, key=lambda u: (_natural(names[u]), names[u]))


_DIGITS = re.compile(r"(\d+)")


def _natural(name: str) -> list[tuple[int, int, str]]:
    """A sort key reading runs of digits as numbers: "Team 9" before "Team 10"."""
    return [
        (0, int(part), "") if part.isdecimal() else (1, 0, part.casefold())
        for part in _DIGITS.split(name)
        if part
    ]


def index_columns(width: float) -> tuple[int, float]:
    """How many index columns a printable *width* holds, and their width."""
    columns = max(1, int((width + INDEX_GAP) // (_INDEX_COLUMN + INDEX_GAP)))
    return columns, (width - INDEX_GAP * (columns - 1)) / columns


def index_link_lines(lines: list[str], pages: str, width: float) -> list[str]:
    """A link's entry in the index (its ends, then its relation) broken into lines of
    an index column of *width* points beside its *pages* ("3, 7").

    >>> index_link_lines(["A → B (dotted line)", "advises"], "3, 7", 150.0)
    ['A → B (dotted line)', 'advises']
    """
    room = width - max(0.0, text_width(pages, INDEX_PT) - text_width("9999", INDEX_PT))
    return [row for line in lines for row in index_lines(line, room)]


def index_lines(name: str, width: float) -> list[str]:
    """*name* broken into lines that fit an index column of *width* points beside the
    page number (at spaces where it can, else anywhere: Chinese has no spaces).

    >>> index_lines("Sales Team 601", 150.0)
    ['Sales Team 601']
    >>> len(index_lines("Department of " * 6, 150.0))
    3
    """
    room = width - text_width("9999", INDEX_PT) - 6.0
    if text_width(name, INDEX_PT) <= room:
        return [name]
    out: list[str] = []
    rest = name
    while rest:
        if text_width(rest, INDEX_PT) <= room:
            out.append(rest)
            break
        cut = len(rest)
        while cut > 1 and text_width(rest[:cut], INDEX_PT) > room:
            cut -= 1
        space = rest.rfind(" ", 0, cut + 1)
        if space > 0:
            cut = space
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return out
