"""The structure of a document that failed validation, as far as its pieces are valid:
ids, reporting lines, responsibilities and links, so that the graph checks (duplicates,
unknown parents, cycles, links) still run on them and every problem is reported in one
pass (see :func:`orggraph.core.build.from_dict`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from orggraph.core.fields import check_id

__all__ = ["Loc", "Skeleton", "skeleton"]

Loc = tuple[int | str, ...]


class Skeleton(NamedTuple):
    """The structure of a document, as far as its pieces are valid (see :func:`skeleton`).

    ``units``: ``(id, parent or None, responsibility ids, path, parent key of a nested
    unit or None)`` in document order; ``responsibilities``: ``(id, path)``; ``links``:
    ``(kind, from, to, path)``.
    """

    units: list[tuple[str, str | None, list[str], Loc, str | None]]
    responsibilities: list[tuple[str, Loc]]
    links: list[tuple[str, str, str, Loc]]


def _valid_id(value: Any) -> str | None:
    try:
        return check_id(value)  # type: ignore[no-any-return]
    except ValueError:
        return None


def _items(data: Any, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    found = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(found, list):
        return []
    return [(i, item) for i, item in enumerate(found) if isinstance(item, Mapping)]


def skeleton(data: Any) -> Skeleton:
    """The ids, reporting lines, responsibilities and links of plain *data* that failed
    :func:`validate`, keeping every piece that is valid in itself, so that the graph
    checks (duplicates, unknown parents, cycles, links) can still run on them.

    A unit with an invalid id is left out (its children become roots); a parent,
    responsibility list or link with an invalid id is left out.

    >>> from orggraph.core.schema import path_str
    >>> s = skeleton({"units": [{"id": "a", "name": 5, "units": [{"id": "b"}, {"id": ""}]}]})
    >>> [(u[0], u[1], path_str(u[3])) for u in s.units]
    [('a', None, 'units[0]'), ('b', 'a', 'units[0].units[0]')]
    """
    units: list[tuple[str, str | None, list[str], Loc, str | None]] = []
    stack: list[tuple[Mapping[str, Any], str | None, bool, Loc]] = [
        (u, None, False, ("units", i)) for i, u in reversed(_items(data, "units"))
    ]
    while stack:
        entry, parent, nested, loc = stack.pop()
        uid = _valid_id(entry.get("id"))
        said = _valid_id(entry["parent"]) if entry.get("parent") is not None else None
        rids = entry.get("responsibilities")
        valid = [_valid_id(r) for r in rids] if isinstance(rids, list) else []
        if uid is not None:
            owned = [r for r in valid if r is not None] if None not in valid else []
            units.append((uid, parent if nested else said, owned, loc, said if nested else None))
        stack.extend(
            (c, uid, True, (*loc, "units", j)) for j, c in reversed(_items(entry, "units"))
        )
    resp: list[tuple[str, Loc]] = [
        (rid, ("responsibilities", i))
        for i, r in _items(data, "responsibilities")
        if (rid := _valid_id(r.get("id"))) is not None
    ]
    links: list[tuple[str, str, str, Loc]] = []
    for i, link in _items(data, "links"):
        kind, src, dst = link.get("kind"), _valid_id(link.get("from")), _valid_id(link.get("to"))
        if kind in ("dotted", "collaboration") and src is not None and dst is not None:
            links.append((str(kind), src, dst, ("links", i)))
    return Skeleton(units, resp, links)
