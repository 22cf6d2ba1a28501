"""The tidy engine's entry point: a chart as SVG or PNG bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orggraph.core.gcpause import paused as _gc_paused
from orggraph.errors import OrgError

if TYPE_CHECKING:
    from orggraph.core.org import Org
from typing import TYPE_CHECKING

from orggraph.render.tidy.png import draw_png
from orggraph.render.tidy.scene import COMPAT, DEFAULTS, FORMATS, build_scene
from orggraph.render.tidy.svg import write_svg

if TYPE_CHECKING:
    pass

__all__ = ["render_bytes"]


# -- entry point --------------------------------------------------------------------------


def render_bytes(org: Org, format: str, **options: Any) -> bytes:
    """The chart as ``"svg"`` or ``"png"`` bytes.

    Options are those of :func:`to_svg`, plus ``dpi`` for PNG (default 144; lowered
    for charts bigger than :data:`MAX_PNG_SIDE` pixels per side or
    :data:`MAX_PNG_PIXELS`, with an :class:`~orggraph.OrgWarning` when the text becomes
    too small to read). The Graphviz engine's ``stack_leaves`` (stack more than that
    many leaves; 0: never) and ``timeout`` are accepted too, and ``rankdir="TB"``.

    >>> import orggraph as og
    >>> render_bytes(og.datasets.load("ecommerce"), "png", depth=1)[:4]
    b'\\x89PNG'
    """
    if format not in FORMATS:
        raise OrgError(
            f"the tidy engine cannot write {format!r}; choose one of {', '.join(FORMATS)} "
            "(or engine='graphviz')",
            choices=FORMATS,
        )
    unknown = set(options) - set(DEFAULTS) - set(COMPAT)
    if unknown:
        valid = sorted([*DEFAULTS, *COMPAT])
        raise OrgError(
            f"unknown option {sorted(unknown)[0]!r} for the tidy engine; valid options: "
            f"{', '.join(valid)}",
            choices=valid,
        )
    settings = {**DEFAULTS, **{k: v for k, v in options.items() if k in DEFAULTS}}
    rankdir = options.get("rankdir", "TB")
    if rankdir != "TB":
        raise OrgError(
            f"the tidy engine draws top-down only (rankdir='TB'), not {rankdir!r}; "
            "use engine='graphviz' for other directions",
            choices=("TB",),
        )
    stack_leaves = options.get("stack_leaves")
    if stack_leaves is not None and "stack_min" not in options:
        if stack_leaves <= 0:
            settings["compact"] = False
        else:
            settings["stack_min"] = stack_leaves + 1
    with _gc_paused():
        chart = build_scene(org, **settings)
        if format == "svg":
            return write_svg(chart).encode("utf-8")
    return draw_png(chart, options.get("dpi", 144.0))
