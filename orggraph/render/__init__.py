"""Output back-ends: each reads an `Org` (never changes it) and produces bytes or files.

:func:`render` picks the back-end (``engine``) and the output format (from the
target's suffix, or ``format=``). Modules: :mod:`.quoting` (escaping for DOT, SVG,
HTML), :mod:`.theme` (box styles), :mod:`.labels` (what a box says),
:mod:`.options` (the chart options every engine reads), :mod:`.graphviz` (DOT and the
``dot`` binary), :mod:`.graphviz_fit` (Graphviz drawing the fitted tidy layout),
:mod:`.gvpackage` (the chart as a ``graphviz.Digraph``),
:mod:`.tidy` (the built-in tidy-tree engine: SVG and PNG without external programs),
:mod:`.pages` and :mod:`.pdf` (the tidy engine's PDF: paged for printing, or one sheet),
:mod:`.mermaid` (Mermaid text), :mod:`.diff_chart` (a reorganisation's chart),
:mod:`.plots` and :mod:`.analysis_plots` (matplotlib charts), :mod:`.jupyter` (notebook
display), :mod:`.explorer` (the interactive chart: one offline HTML page, ``.html``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.errors import OrgError
from orggraph.io.registry import chart_formats
from orggraph.render.options import ChartOptions, option_specs

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "AUTO_GRAPHVIZ_MAX",
    "ENGINES",
    "FORMATS",
    "ChartOptions",
    "option_specs",
    "pick_engine",
    "render",
]

ENGINES = ("auto", "graphviz", "tidy")
FORMATS = chart_formats()
AUTO_GRAPHVIZ_MAX = 300  # engine="auto": Graphviz up to this many boxes, tidy beyond
_TIDY_ONLY = tuple(s.name for s in option_specs() if s.engines == ("tidy",))


def pick_engine(
    org: Org,
    format: str,
    engine: str = "auto",
    *,
    options: ChartOptions | None = None,
    **kwargs: Any,
) -> str:
    """The engine that draws *format*: *engine* itself unless it is ``"auto"``.

    ``"auto"`` picks the tidy engine for SVG and PNG: it fits the chart to the page
    shape ``fit`` asks for (see :mod:`orggraph.render.tidy.fit`), and for a PDF printed
    on ``paper`` (:mod:`orggraph.render.pdf`). Other formats only Graphviz writes
    (``pdf``, ``dot``) and ``rankdir`` other than ``"TB"`` go to Graphviz (which draws a
    fitted chart from the tidy layout, :mod:`orggraph.render.graphviz_fit`). With
    ``fit=None`` (the natural shape), Graphviz draws charts of up to
    :data:`AUTO_GRAPHVIZ_MAX` boxes when the ``dot`` program is installed, unless an
    option only the tidy engine reads (``compact``, ``stack_min``, ``fold_width``) is
    set to other than its default; the tidy engine draws the others.

    >>> import orggraph as og
    >>> seed = og.datasets.load("ecommerce")
    >>> pick_engine(seed, "pdf"), pick_engine(seed, "svg")
    ('graphviz', 'tidy')
    >>> pick_engine(seed, "svg", fit=None, compact=False)
    'tidy'
    >>> pick_engine(seed, "pdf", paper="A4")
    'tidy'
    """
    if engine not in ENGINES:
        raise OrgError(
            f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}", choices=ENGINES
        )
    o = ChartOptions.of(options, **kwargs)  # every name and value checked, for any format
    if format == "html":  # the explorer's page: our own layout in the browser
        if engine != "auto":
            raise OrgError(
                f"an .html chart is the interactive explorer, not drawn by {engine}; "
                "leave engine= out",
                choices=("auto",),
            )
        return "explorer"
    if engine != "auto":
        return engine
    if format == "pdf" and (o.paper is not None or o.pages == "auto"):
        return "tidy"
    from orggraph.render import graphviz, tidy

    if format not in tidy.FORMATS or o.rankdir != "TB":
        return "graphviz"
    if o.fit is not None or o.changed() & set(_TIDY_ONLY) or graphviz.find_dot() is None:
        return "tidy"
    from orggraph.core.view import count_shown

    shown = count_shown(org, o.root, o.depth)
    return "graphviz" if shown <= AUTO_GRAPHVIZ_MAX else "tidy"


def output_format(target: str | Path | None, format: str | None) -> str:
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


def _check_paper(o: ChartOptions, fmt: str) -> None:
    """``paper``, ``orientation`` and ``pages="auto"`` print PDF pages."""
    if fmt != "pdf" and (o.paper is not None or o.orientation is not None or o.pages == "auto"):
        raise OrgError(
            f"paper=, orientation= and pages='auto' print PDF pages, not {fmt.upper()}: "
            "write a .pdf, or leave them out",
            choices=("pdf",),
        )


def render(
    org: Org,
    target: str | Path | None = None,
    *,
    format: str | None = None,
    engine: str = "auto",
    options: ChartOptions | None = None,
    **kwargs: Any,
) -> Path | bytes:
    """Draw *org*: write *target* (format by suffix) and return its path, or return the
    bytes of *format* when no target is given.

    *engine* is ``"graphviz"`` (the ``dot`` program), ``"tidy"`` (built in, linear
    time, SVG and PNG) or ``"auto"``: see :func:`pick_engine`. Both fit the chart to
    the shape ``fit`` asks for (by default width:height between 1:2 and 2.5:1). *options* and *kwargs*
    are :class:`~orggraph.render.options.ChartOptions` (``lang``, ``root``, ``depth``,
    ``links``, ``responsibilities``, ``theme``, ``dpi``, ...); each engine reads those it
    uses. An ``.html`` target is the interactive explorer (:mod:`orggraph.render.explorer`:
    ``lang``, ``root``, ``depth`` open levels, ``links``, ``theme``, ``people``: like every chart it names the
    people in posts unless ``people="off"``). ``paper="A4"`` (A3, Letter, Legal or ``"210x297mm"``) prints a PDF on pages of
    that size, as many as legible text needs (``pages=1``: one sheet); see
    :mod:`orggraph.render.pdf`. Unknown names and bad values are an :class:`~orggraph.OrgError`, checked before
    anything is drawn or written.

    >>> import orggraph as og
    >>> svg = render(og.datasets.load("ecommerce"), format="svg", engine="tidy", depth=1)
    >>> svg[:5]
    b'<?xml'
    """
    o = ChartOptions.of(options, **kwargs)
    fmt = output_format(target, format)
    _check_paper(o, fmt)
    chosen = pick_engine(org, fmt, engine, options=o)
    if chosen == "explorer":
        from orggraph.render.explorer import explorer_html

        data = explorer_html(
            org,
            lang=o.lang,
            depth=o.depth,
            root=o.root,
            links=o.links,
            theme=o.theme,
            people=o.people != "off",
        ).encode("utf-8")
    elif chosen == "tidy" and fmt == "pdf":
        from orggraph.render import pdf

        data = pdf.render_pdf(org, options=o)
    elif chosen == "tidy":
        from orggraph.render import tidy

        data = tidy.render_bytes(org, fmt, options=o)
    else:
        if o.paper is not None:
            raise OrgError(
                "paper= is printed by the tidy engine; leave engine= out or use engine='tidy'",
                choices=("auto", "tidy"),
            )
        from orggraph.render import graphviz_fit

        data = graphviz_fit.render_bytes(org, fmt, options=o)
    if target is None:
        return data
    from orggraph.io.files import atomic_write

    return atomic_write(target, data)
