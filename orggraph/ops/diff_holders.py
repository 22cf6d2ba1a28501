"""Who left and who joined a unit's posts: what a ``staff`` difference says when the
posts themselves stay (:mod:`orggraph.ops.diff` and the diff chart use it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["holder_changes", "holders_text", "only_holders"]

_SHOWN = 3  # ids named each way; more are counted


def _holders(posts: Mapping[str, Any] | None) -> list[str]:
    if not posts:
        return []
    items = ([posts["head"]] if posts.get("head") else []) + list(posts.get("staff") or [])
    out: list[str] = []
    for p in items:
        for h in p.get("holders") or ():
            out.append(str(h.get("person") or h.get("name")) if isinstance(h, Mapping) else str(h))
    return list(dict.fromkeys(out))


def holder_changes(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> tuple[list[str], list[str]]:
    """The people who held a post of *old* and none of *new* (left), and the reverse
    (joined); *old* and *new* are ``{"head": post, "staff": [posts]}`` in the file format.

    >>> holder_changes({"head": {"holders": [{"person": "e03"}]}, "staff": []},
    ...                {"head": {"holders": ["e07"]}, "staff": []})
    (['e03'], ['e07'])
    """
    was, now = _holders(old), _holders(new)
    return [p for p in was if p not in now], [p for p in now if p not in was]


def only_holders(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> bool:
    """Whether *old* and *new* differ in their holders alone (and ``filled``, which they
    give).

    >>> only_holders({"head": {"title": "B", "holders": []}}, {"head": {"title": "B", "holders": ["x"]}})
    True
    """

    def strip(posts: Mapping[str, Any] | None) -> Any:
        if posts is None:
            return None
        items = [posts.get("head"), *(posts.get("staff") or ())]
        return [
            None if p is None else {k: v for k, v in p.items() if k not in ("holders", "filled")}
            for p in items
        ]

    return bool(strip(old) == strip(new))


def holders_text(left: list[str], joined: list[str], *, lang: str | None = None) -> str:
    """``holders: e03 left, e07 joined`` (in Chinese with *lang* ``zh``); empty when
    nobody left or joined.

    >>> holders_text(["e03"], ["e07", "e08", "e09", "e10"])
    'holders: e03 left, e07, e08, e09 +1 joined'
    >>> holders_text(["e03"], [], lang="zh")
    '任职人: e03 离开'
    """
    zh = lang == "zh"

    def ids(found: list[str]) -> str:
        more = len(found) - _SHOWN
        return ", ".join(found[:_SHOWN]) + (f" +{more}" if more > 0 else "")

    parts = [f"{ids(found)} {word}" for found, word in
             ((left, "离开" if zh else "left"), (joined, "加入" if zh else "joined")) if found]  # fmt: skip
    return f"{'任职人' if zh else 'holders'}: {', '.join(parts)}" if parts else ""
