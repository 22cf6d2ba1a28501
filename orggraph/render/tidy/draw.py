"""The tidy engine's entry point: a chart as SVG or PNG bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orggraph.core.gcpause import paused as _gc_paused
from orggraph.errors import OrgError
from orggraph.render.options import ChartOptions
from orggraph.render.tidy.png import draw_png
from orggraph.render.tidy.scene import FORMATS, build_scene
from orggraph.render.tidy.svg import write_svg

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["render_bytes"]


def render_bytes(
    org: Org, format: str, *, options: ChartOptions | None = None, **kwargs: Any
) -> bytes:
    """The chart as ``"svg"`` or ``"png"`` bytes.

    *options* and *kwargs* are :class:`~orggraph.render.options.ChartOptions`, read as
    by :func:`~orggraph.render.tidy.svg.to_svg`, plus ``dpi`` for PNG (default 144;
    lowered for charts bigger than :data:`MAX_PNG_SIDE` pixels per side or
    :data:`MAX_PNG_PIXELS`, with an :class:`~orggraph.OrgWarning` when the text becomes
    too small to read). The Graphviz engine's ``stack_leaves`` (stack more than that
    many leaves; 0: never) is read when ``stack_min`` is not given; ``timeout`` is
    ignored, and ``rankdir`` must be ``"TB"``.

    >>> import orggraph as og
    >>> render_bytes(og.datasets.load("ecommerce"), "png", depth=1)[:4]
    b'\\x89PNG'
    """
    o = ChartOptions.of(options, **kwargs)
    if format not in FORMATS:
        raise OrgError(
            f"the tidy engine cannot write {format!r}; choose one of {', '.join(FORMATS)} "
            "(or engine='graphviz')",
            choices=FORMATS,
        )
    with _gc_paused():
        chart = build_scene(org, o)
        if format == "svg":
            return write_svg(chart).encode("utf-8")
    return draw_png(chart, o.dpi)
