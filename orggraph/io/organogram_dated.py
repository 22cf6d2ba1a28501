"""Several UK government organograms, one per date, as one dated organisation (for
:func:`orggraph.io.organogram.read_organogram`).

Departments publish their organogram twice a year (31 March and 30 September). Given the
pairs of files of several dates::

    read_organogram([("2025-03-31", senior_march, junior_march),
                     ("2025-09-30", senior_sept, junior_sept)])
    read_organogram({"2025-03-31": (senior_march, junior_march), "2025-09-30": senior_sept})

each pair is read as :func:`~orggraph.io.organogram.read_organogram` reads one (its
problems named by its file and line), and each is in force from its date to the next
one's (the last: open). They are merged by :func:`orggraph.io.snapshots.merge_snapshots`:
a senior post (its unit and head post, by reference) that is in consecutive snapshots
continues; one that vanishes ends at the next snapshot's date, a new one starts at its
own; a change of boss is a dated move, of holder a dated assignment. A junior post
(by its grade and title) continues while its figures stay the same. The organisation
starts at the first date: before it, nothing is known.
"""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from orggraph.core.build import from_dict
from orggraph.core.history import iso_date, today
from orggraph.errors import OrgError, OrgWarning
from orggraph.io.snapshots import check_known, merge_snapshots, post_key
from orggraph.io.sources import source_name

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["ReadOne", "Snapshots", "read_snapshots"]

#: Dated organograms: ``(date, senior, junior)`` or ``(date, senior)`` items, or a
#: mapping of date to ``(senior, junior)`` or to a senior file.
Snapshots: TypeAlias = list[tuple[Any, ...]] | tuple[tuple[Any, ...], ...] | Mapping[Any, Any]
_VACANT_HEAD = r".*is vacant, and the unit has reports"  # as read_organogram: on purpose


def _items(snapshots: Snapshots, junior: Any) -> list[tuple[str, Any, Any]]:
    """The snapshots as ``(ISO date, senior, junior)`` in date order, checked."""

    if junior is not None:
        raise OrgError("with dated snapshots, give each date's junior file beside its senior one")
    pairs = snapshots.items() if isinstance(snapshots, Mapping) else snapshots
    out: list[tuple[str, Any, Any]] = []
    for n, item in enumerate(pairs):
        if isinstance(snapshots, Mapping):
            day, files = item
            files = files if isinstance(files, (tuple, list)) else (files,)
            item = (day, *files)
        if not isinstance(item, (tuple, list)) or not 2 <= len(item) <= 3:
            raise OrgError(
                f"snapshot {n + 1}: give (date, senior file) or (date, senior file, junior "
                f"file), not {item!r:.80}"
            )
        day = iso_date(item[0], what=f"snapshot {n + 1}'s date")
        out.append((day, item[1], item[2] if len(item) == 3 else None))
    if not out:
        raise OrgError("read_organogram needs at least one snapshot")
    out.sort(key=lambda s: s[0])
    for (a, *_), (b, *_) in itertools.pairwise(out):
        if a == b:
            raise OrgError(f"two snapshots are dated {a}: one organogram per date")
    return out


def _key(uid: str, post: Mapping[str, Any]) -> str:
    """A post's key: its reference; a post of reference 0 (its id names its line, which
    changes from file to file) by its title and holders."""
    pid = str(post.get("id") or "")
    if pid.startswith("0#"):
        return "0#" + json.dumps([post.get("title"), post.get("holders")], default=str)
    return post_key(uid, post)


#: Reads one pair of files as plain data, the senior file's name and where each piece
#: came from: :func:`orggraph.io.organogram.organogram_document` (passed in by
#: ``read_organogram``, which imports this module).
ReadOne = Callable[..., tuple[dict[str, Any], "str | None", Callable[..., "str | None"]]]


def read_snapshots(
    snapshots: Snapshots,
    junior: Any = None,
    *,
    read_one: ReadOne,
    encoding: str | None = None,
    max_bytes: int | None = None,
    as_of: Any = None,
) -> Org:
    """The organograms of several dates as one dated organisation, as of *as_of*
    (default today); see the module docs."""
    dated: list[tuple[str, dict[str, Any]]] = []
    file = None
    items = _items(snapshots, junior)
    if as_of is not None:
        as_of = iso_date(as_of, what="as_of")
    check_known(items[0][0], as_of, file=source_name(items[0][1]), what="the organograms")
    for day, senior, low in items:
        data, file, locate = read_one(senior, low, encoding=encoding, max_bytes=max_bytes)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=_VACANT_HEAD, category=OrgWarning)
            from_dict(data, file=file, locate=locate)  # its own checks, named by its lines
        dated.append((day, data))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_VACANT_HEAD, category=OrgWarning)
        # a head post's title and salary are those of the snapshot in force on as_of
        merged = merge_snapshots(dated, key=_key, as_of=as_of or today())
        return from_dict(merged, file=file, as_of=as_of)
