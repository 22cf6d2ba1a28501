"""Output back-ends: each reads an `Org` (never changes it) and produces bytes or files.

:func:`render` picks the back-end (``engine``) and the output format (from the
target's suffix, or ``format=``). Modules: :mod:`.quoting` (escaping for DOT, SVG,
HTML), :mod:`.theme` (box styles), :mod:`.labels` (what a box says),
:mod:`.graphviz` (DOT and the ``dot`` binary), :mod:`.plots` (matplotlib charts),
:mod:`.jupyter` (notebook display).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OrgError

if TYPE_CHECKING:
    from ..model import Org

__all__ = ["ENGINES", "FORMATS", "render"]

ENGINES = ("auto", "graphviz")
FORMATS = ("svg", "png", "pdf", "dot")


def _format_of(target: str | Path | None, format: str | None) -> str:
    if format is None:
        if target is None:
            raise OrgError(
                "give a target path or format=; formats: " + ", ".join(FORMATS), choices=FORMATS
            )
        suffix = Path(target).suffix.lower().lstrip(".")
        format = {"gv": "dot"}.get(suffix, suffix)
    if format not in FORMATS:
        raise OrgError(
            f"unknown output format {format!r}; choose one of {', '.join(FORMATS)}",
            file=str(target) if target is not None else None,
            choices=FORMATS,
        )
    return format


def render(
    org: Org,
    target: str | Path | None = None,
    *,
    format: str | None = None,
    engine: str = "auto",
    **options: Any,
) -> Path | bytes:
    """Draw *org*: write *target* (format by suffix) and return its path, or return the
    bytes of *format* when no target is given.

    Options are passed to the engine; for Graphviz see
    :func:`orggraph.renderers.graphviz.to_dot` (``lang``, ``root``, ``depth``,
    ``links``, ``responsibilities``, ``theme``, ...).
    """
    fmt = _format_of(target, format)
    if engine not in ENGINES:
        raise OrgError(
            f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}", choices=ENGINES
        )
    from . import graphviz as gv

    data = gv.render_bytes(org, fmt, **options)
    if target is None:
        return data
    from ..export import atomic_write

    return atomic_write(target, data)
