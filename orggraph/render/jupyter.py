"""Notebook display: an `Org` shows itself as its chart.

Jupyter calls ``Org._repr_mimebundle_``, which lands here. Big organisations are drawn
to the depth that keeps the chart under :data:`MAX_UNITS` boxes, and the chart says so.
Without the ``dot`` program the built-in tidy engine draws it; if drawing fails, the
notebook gets the text form and the reason instead of an error.

>>> import orggraph as og
>>> org = og.datasets.load("ecommerce")
>>> depth_for(org, 10)
1
>>> depth_for(org, 1000) is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orggraph.errors import OrgError

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["MAX_UNITS", "depth_for", "mimebundle"]

MAX_UNITS = 150


def depth_for(org: Org, max_units: int = MAX_UNITS) -> int | None:
    """The deepest level to draw so that at most *max_units* boxes show (None: all fit)."""
    if len(org) <= max_units:
        return None
    per_level: dict[int, int] = {}
    for u in org.units():
        d = org.depth(u)
        per_level[d] = per_level.get(d, 0) + 1
    shown = 0
    for level in sorted(per_level):
        shown += per_level[level]
        if shown > max_units:
            return max(level - 1, 0)
    return None  # pragma: no cover - len(org) > max_units guarantees a return above


def mimebundle(org: Org, *, lang: str | None = None, max_units: int = MAX_UNITS) -> dict[str, Any]:
    """``{"image/svg+xml": ..., "text/plain": ...}`` for Jupyter's rich display."""
    depth = depth_for(org, max_units)
    plain = repr(org)
    if depth is not None:
        plain += f" (chart shows the top {depth + 1} levels)"
    note = None
    if depth is not None:
        note = f"{len(org):,} units: showing the top {depth + 1} levels; draw more with org.render(root=..., depth=...)"
    try:
        from orggraph.render import render

        # "auto": the built-in tidy engine, fitted to a landscape-ish shape.
        svg = render(org, format="svg", lang=lang, depth=depth, caption=note)
    except OrgError as exc:  # the chart failed: say why instead of raising in display
        return {"text/plain": f"{plain}\n(chart unavailable: {exc})"}
    assert isinstance(svg, bytes)
    return {"image/svg+xml": svg.decode("utf-8"), "text/plain": plain}
