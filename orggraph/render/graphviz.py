"""Org charts through Graphviz ``dot``: DOT source, and SVG/PNG/PDF from the binary.

Every label is an HTML-like label built from escaped text, node ids are synthetic
(``u0``, ``u1``, ...) so no user text can become DOT syntax or a port, and ``dot`` runs
as a subprocess with a time-out.

>>> import orggraph as og
>>> org = og.loads("units: [{id: a, name: 'A & <B>', units: [{id: b, name: B}]}]")
>>> src = to_dot(org)
>>> "A &amp; &lt;B&gt;" in src, '"u0" -> "u1"' in src
(True, True)
"""

from __future__ import annotations

import itertools
import math
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from orggraph.core.rollup import Rollup
from orggraph.core.rows import cell_width
from orggraph.core.view import View, make_view
from orggraph.errors import MissingDependencyError, OrgError, RenderError
from orggraph.io.files import atomic_write, text_writer
from orggraph.io.registry import chart_formats
from orggraph.names import text
from orggraph.render.labels import (
    LEGEND,
    UnitBox,
    chart_subtitle,
    chart_title,
    figure_table,
    hidden_note,
    in_language,
    legend_notes,
    mark,
    shows_nothing,
    unit_box,
)
from orggraph.render.options import LINK_KINDS, ChartOptions
from orggraph.render.people_lines import PeopleLine, people_lines
from orggraph.render.quoting import dot_string, html_element, html_label, xml_text
from orggraph.render.theme import Theme, font_stack

if TYPE_CHECKING:
    import graphviz  # the Python package (pip install graphviz), not this module

    from orggraph.core.org import Org

__all__ = [
    "INSTALL_HINT",
    "LINK_KINDS",
    "STACK_LEAVES",
    "chart_graph",
    "dot_picture",
    "find_dot",
    "render_bytes",
    "run_dot",
    "to_dot",
    "to_graphviz",
]

STACK_LEAVES = 5  # stack_leaves=None: stack more than this many childless children
INSTALL_HINT = (
    "the Graphviz 'dot' program is not installed; install it with "
    "'sudo apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' (macOS) "
    "or from https://graphviz.org/download/"
)
DOT_FORMATS = tuple(f for f in chart_formats("graphviz") if f != "dot")  # what dot -T draws


def _css_class(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-") or "unit"


def _columns(n: int) -> int:
    """How many columns a stack of *n* leaf boxes gets (about twice as tall as wide).

    >>> [_columns(n) for n in (6, 12, 30, 100)]
    [2, 2, 4, 7]
    """
    return max(2, round(math.sqrt(n / 2)))


@text_writer
def to_dot(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    options: ChartOptions | None = None,
    **kwargs: Any,
) -> str | Path:
    """The DOT source of the chart: returns the text, or writes *path* and returns it.

    *options* and *kwargs* are :class:`~orggraph.render.options.ChartOptions`: *lang*
    picks the names' language; *root* and *depth* draw a sub-chart (units below *depth*
    levels are collapsed into a note on their ancestor); *links* lists the link kinds
    drawn (``"dotted"``, ``"collaboration"``); *responsibilities* lists each unit's
    duties in its box; a unit with more than *stack_leaves* (default 5) childless
    children stacks them in columns instead of one long row (``0`` turns stacking off);
    *caption* adds a line of text under the title.

    >>> import orggraph as og
    >>> src = to_dot(og.datasets.load("ecommerce"), lang="en", depth=1, rankdir="LR")
    >>> src.count('class="unit '), "rankdir=LR" in src
    (5, True)
    """
    source = chart_graph(org, ChartOptions.of(options, **kwargs))[0]
    return source if path is None else atomic_write(Path(path), source)


def to_graphviz(org: Org, options: ChartOptions | None = None, **kwargs: Any) -> graphviz.Digraph:
    """The chart as a ``graphviz.Digraph`` of the graphviz package
    (https://graphviz.readthedocs.io/): the statements of :func:`to_dot` (same nodes,
    edges, attributes and styles; see :mod:`.gvpackage`), to adjust (``g.attr(...)``,
    ``g.node("u0", ...)``), show in Jupyter and render with the package; *options* and
    *kwargs* as for :func:`to_dot`. Nodes are ``u0``, ``u1``, ... in chart order (the
    root first).

    The package runs ``dot`` from the PATH without a time-out, and raises
    ``graphviz.ExecutableNotFound`` when it is missing; ``run_dot(g.source, "svg")`` runs it
    as ``org.render`` does (*timeout*, ``$ORGGRAPH_DOT``, the install hint).

    >>> import orggraph as og
    >>> g = to_graphviz(og.datasets.load("ecommerce"), lang="en", depth=1)
    >>> g.graph_attr["rankdir"], g.node_attr["shape"], sum(" [label=<" in s for s in g.body)
    ('TB', 'box', 5)
    """
    from orggraph.render.gvpackage import from_dot

    return from_dot(chart_graph(org, ChartOptions.of(options, **kwargs))[0])


class _Hooks(NamedTuple):
    """What charts built on this one add (see :func:`chart_graph`)."""

    unit_styles: Mapping[str, Mapping[str, str]]
    unit_notes: Mapping[str, Sequence[str]]
    legend_marks: Sequence[tuple[str, str]]
    assistants: bool = True  # False: the chart draws assistants beside (graphviz_fit)


def chart_graph(
    org: Org,
    options: ChartOptions | None = None,
    *,
    unit_styles: Mapping[str, Mapping[str, str]] | None = None,
    unit_notes: Mapping[str, Sequence[str]] | None = None,
    legend_marks: Sequence[tuple[str, str]] = (),
    assistant_lines: bool = True,
    link_attrs: Callable[[str, str, str, str, bool], str] | None = None,
    **kwargs: Any,
) -> tuple[str, dict[str, str]]:
    """The DOT source and the hover text of each node (by synthetic node id).

    Hooks for charts built on this one (the diff chart): *unit_styles* adds DOT
    attributes to a unit's box (they win over the theme's), and ``edge_``-prefixed ones
    to the reporting line into it; *unit_notes* adds small lines of text to a box;
    *legend_marks* adds ``(colour, text)`` keys to the legend; without
    *assistant_lines* boxes leave their assistants out (drawn beside them instead);
    *link_attrs* is called with each link drawn ``(kind, from box, to box, relation,
    mutual)`` and returns DOT attributes (``", pos=..."``) that win over the link's own.
    """
    o = ChartOptions.of(options, **kwargs)
    hooks = _Hooks(unit_styles or {}, unit_notes or {}, legend_marks, assistant_lines)
    view = make_view(org, o.root, o.depth)
    nid = {u: f"u{i}" for i, u in enumerate(view.shown)}
    default_lang = org.lang[0] if org.lang else None
    lang = o.lang or default_lang
    titles: dict[str, str] = {}
    out = _graph_defaults(o.theme, o.rankdir)
    marks = _unit_nodes(org, view, nid, o, lang, hooks, out, titles)
    out += _reporting_edges(org, view, nid, o, hooks)
    links, kinds_drawn = _link_edges(org, view, nid, o, (lang, default_lang), link_attrs)
    out += links
    label = _caption(org, o, lang, kinds_drawn, marks, hooks.legend_marks)
    if label:
        out.append(label)
    out.append("}")
    return "\n".join(out) + "\n", titles


def _graph_defaults(theme: Theme, rankdir: str) -> list[str]:
    """The opening of the DOT source: graph, node and edge defaults."""
    font = dot_string(theme.font)
    return [
        "digraph orgchart {",
        f"  graph [rankdir={rankdir}, fontname={font}, fontsize={theme.fontsize + 3:g}, "
        f"bgcolor={dot_string(theme.background)}, nodesep=0.3, ranksep=0.55, newrank=true, ordering=out, "
        f"labelloc=t, splines=true];",
        f'  node [shape=box, style="rounded,filled", fontname={font}, '
        f'fontsize={theme.fontsize:g}, margin="0.12,0.06"];',
        f"  edge [fontname={font}, fontsize={theme.small_fontsize:g}, "
        f"color={dot_string(theme.reporting_color)}, arrowhead=none];",
    ]


def _unit_nodes(
    org: Org,
    view: View,
    nid: dict[str, str],
    o: ChartOptions,
    lang: str | None,
    hooks: _Hooks,
    out: list[str],
    titles: dict[str, str],
) -> set[str]:
    """Add a node line per shown unit to *out* and its hover text to *titles*; the
    marks of the unknown figures shown (``?``, ``≥``)."""
    table, parts = figure_table(org, o.figures)
    measures = [{"open": "vacancies"}.get(p, p) for p in parts]
    theme = o.theme
    marks: set[str] = set()
    people = people_lines(org, view.shown, lang=lang, mode=o.people, assistants=hooks.assistants)
    for k, u in enumerate(view.shown):
        rollups = table[u]
        seats, budget = rollups["seats"], rollups["budget"]
        for m in measures:
            marks.add(mark(rollups[m].value, rollups[m].complete))
        box = unit_box(
            org,
            u,
            lang=lang,
            seats=seats,
            budget=budget,
            vacancies=rollups.get("vacancies"),
            parts=parts,
        )
        found = people[k] if people is not None else []
        rows = _box_rows(org, u, box, seats, view, o, lang, hooks, found)
        # An empty row (text of control characters only) would be a DOT syntax error.
        cells = "".join(f"<tr><td>{r}</td></tr>" for r in rows if r)
        label = (
            f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{cells}</table>>'
        )
        unit_type = org.unit(u).get("type")
        style = theme.style_for(unit_type)
        klass = f"unit {_css_class(unit_type or 'unit')}"
        # Hover text goes into the SVG afterwards (see svg_titles): dot expands \N, \G
        # and \l in tooltips whatever the quoting, so user text never goes through it.
        shown_name = "" if box.name_is_id else box.name
        titles[nid[u]] = " · ".join(t for t in (shown_name, box.title, f"id: {u}") if t)
        out.append(
            f"  {dot_string(nid[u])} [label={label}, fillcolor={dot_string(style.fill)}, "
            f"color={dot_string(style.border)}, fontcolor={dot_string(style.text)}, "
            f"penwidth={style.penwidth:g}, shape={style.shape}, class={dot_string(klass)}"
            f"{_extra_attrs(hooks.unit_styles, u, edge=False)}];"
        )
    marks.discard("")
    return marks


def _box_rows(
    org: Org,
    u: str,
    box: UnitBox,
    seats: Rollup,
    view: View,
    o: ChartOptions,
    lang: str | None,
    hooks: _Hooks,
    who: Sequence[PeopleLine] = (),
) -> list[str]:
    """The HTML-like rows of unit *u*'s box: name, title, *who* (its lines about
    people), figures, notes, duties."""
    theme = o.theme
    small = f'font point-size="{theme.small_fontsize:g}"'
    if box.name_is_id:  # the name shows nothing: the id, set apart as not a name
        muted = f'font color="{xml_text(theme.muted_text)}"'
        rows = [html_element(box.name, muted, "i")]
    else:
        rows = [html_element(box.name, "b")]
    rows.append(html_element(box.title, small))
    if who:
        style = theme.style_for(org.unit(u).get("type"))
        rows.extend(_people_rows(who, theme.warning_for(style), o))
    if o.figures:
        rows.append(html_element(box.figures, small))
    if u in view.collapsed:
        hidden = view.collapsed[u]
        people = Rollup(seats.value - _own(org, u), ())
        people = Rollup(people.value, tuple(x for x in seats.unknown if x != u))
        rows.append(html_element(hidden_note(len(hidden), people, lang), small, "i"))
    for line in hooks.unit_notes.get(u, ()):
        rows.append(html_element(line, small))
    if o.responsibilities:
        for rid in org.responsibilities(u):
            duty = org.name(rid, lang=lang)
            rows.append(html_element(f"• {rid if shows_nothing(duty) else duty}", small))
    return rows


def _people_rows(lines: Sequence[PeopleLine], warning: str, o: ChartOptions) -> list[str]:
    """The HTML-like rows of a box's people lines: small text, a Vacant mark bold in
    the *warning* colour."""
    small = f'font point-size="{o.theme.small_fontsize:g}"'
    rows = []
    for line in lines:
        if not line.vacant:
            rows.append(html_element(line.text, small))
            continue
        before = html_label(line.text[: line.mark])
        mark = html_label(line.text[line.mark :])
        rows.append(
            f'<{small}>{before}<font color="{xml_text(warning)}"><b>{mark}</b></font></font>'
        )
    return rows


def _reporting_edges(
    org: Org, view: View, nid: dict[str, str], o: ChartOptions, hooks: _Hooks
) -> list[str]:
    """The reporting lines; a unit's many childless children stack in columns, each
    column a chain of edges under its first box."""
    out: list[str] = []
    stack_leaves = STACK_LEAVES if o.stack_leaves is None else o.stack_leaves
    styles = hooks.unit_styles
    shown = set(view.shown)
    for u in view.shown:
        if u in view.collapsed:
            continue
        kids = org.children(u)
        leaves = [c for c in kids if not org.children(c)]
        stacked: set[str] = set()
        if stack_leaves and len(leaves) > stack_leaves:
            cols = _columns(len(leaves))
            per = math.ceil(len(leaves) / cols)
            for start in range(0, len(leaves), per):
                column = leaves[start : start + per]
                for above, below in itertools.pairwise(column):
                    # The vertical line continues down the column: still the parent's report.
                    out.append(
                        f"  {dot_string(nid[above])} -> {dot_string(nid[below])} "
                        f'[class="reporting stacked", weight=10{_extra_attrs(styles, below, edge=True)}];'
                    )
                stacked.update(column[1:])
        for c in kids:
            if c in shown and c not in stacked:
                out.append(
                    f'  {dot_string(nid[u])} -> {dot_string(nid[c])} [class="reporting"'
                    f"{_extra_attrs(styles, c, edge=True)}];"
                )
    return out


def _link_edges(
    org: Org,
    view: View,
    nid: dict[str, str],
    o: ChartOptions,
    langs: tuple[str | None, str | None],
    extra: Callable[[str, str, str, str, bool], str] | None,
) -> tuple[list[str], set[str]]:
    """The dotted and collaboration links drawn, and their kinds. Links go between the
    visible boxes that hold their ends (a collapsed ancestor)."""
    theme = o.theme
    lang, default_lang = langs
    out: list[str] = []
    visible = view.boxes()
    drawn: set[tuple[str, str, str, str]] = set()
    for src, dst, data in org.links():
        kind = data["kind"]
        if kind not in o.links or src not in visible or dst not in visible:
            continue
        a, b = visible[src], visible[dst]
        if a == b:
            continue
        # A link between hidden units is drawn once per pair of visible boxes, without
        # its relation: many such links would otherwise bury the chart.
        relation = (
            text(data.get("relation"), lang, default_lang=default_lang)
            if data.get("relation") and a == src and b == dst
            else ""
        )
        key = (kind, a, b, relation if a == src and b == dst else "")
        if key in drawn:
            continue
        drawn.add(key)
        if kind == "dotted":
            attrs = f"style=dotted, penwidth=1.6, color={dot_string(theme.dotted_color)}, arrowhead=normal"
        else:
            attrs = (
                f"style=dashed, color={dot_string(theme.collaboration_color)}, "
                f"fontcolor={dot_string(theme.collaboration_color)}, arrowhead=vee, arrowsize=0.7"
            )
            if data.get("mutual"):
                attrs += ", dir=both, arrowtail=vee"
        relation_label = html_label(wrap(relation, 28)) if relation else ""
        if relation_label:  # label=<> (control characters only) is a DOT syntax error
            attrs += f", label=<{relation_label}>"
        if extra is not None:
            attrs += extra(kind, a, b, relation, bool(data.get("mutual")))
        # weight=0 as well as constraint=false: links must not pull boxes sideways either.
        out.append(
            f"  {dot_string(nid[a])} -> {dot_string(nid[b])} [{attrs}, constraint=false, weight=0, "
            f'class="{kind}"];'
        )
    return out, {k[0] for k in drawn}


def _caption(
    org: Org,
    o: ChartOptions,
    lang: str | None,
    kinds_drawn: set[str],
    unknown_marks: set[str],
    legend_marks: Sequence[tuple[str, str]],
) -> str:
    """The graph label: title, subtitle, caption and legend (empty when there is none);
    *unknown_marks*: those of the unknown figures shown, which the legend explains."""
    theme = o.theme
    captions = []
    small = f'font point-size="{theme.small_fontsize:g}"'
    title = chart_title(org, o.title, o.root, lang)
    if title:
        captions.append(html_element(title, "b"))
    for line in (chart_subtitle(o.subtitle, lang, org), o.caption):
        if line:
            captions.append(html_element(line, small))
    if o.legend:
        names = in_language(LEGEND, lang)
        keys = ["—— " + names["reporting"]]
        if "dotted" in kinds_drawn:
            keys.append("····· " + names["dotted"])
        if "collaboration" in kinds_drawn:
            keys.append("- - - " + names["collaboration"])
        keys.extend(legend_notes(unknown_marks, lang))
        if legend_marks:
            marks = "   ".join(
                f'<font color="{xml_text(color)}">■</font> {html_label(label)}'
                for color, label in legend_marks
            )
            captions.append(f'<font point-size="{theme.small_fontsize:g}">{marks}</font>')
        captions.append(
            f'<font point-size="{theme.small_fontsize:g}">{html_label("   ".join(keys))}</font>'
        )
    captions = [c for c in captions if c]  # an empty one is a DOT syntax error
    return f"  label=<{'<br/>'.join(captions)}>;" if captions else ""


def _extra_attrs(styles: Mapping[str, Mapping[str, str]] | None, uid: str, *, edge: bool) -> str:
    """``, key="value"`` for the unit's extra box (or ``edge_``) attributes; dot takes
    the last value of a repeated attribute, so these win over the theme's."""
    if not styles or uid not in styles:
        return ""
    found = [
        (k.removeprefix("edge_"), v)
        for k, v in styles[uid].items()
        if k.startswith("edge_") == edge
    ]
    return "".join(f", {k}={dot_string(v)}" for k, v in found if re.fullmatch(r"[a-z]+", k))


def wrap(line: str, width: int) -> str:
    """Break *line* into lines of about *width* columns (CJK characters count double).

    >>> wrap("media promotion strategy must combine marketing analysis", 28)
    'media promotion strategy\\nmust combine marketing\\nanalysis'
    >>> wrap("媒介推广策略必须结合营销分析", 10)
    '媒介推广策\\n略必须结合\\n营销分析'
    """

    lines: list[str] = []
    current = ""
    used = 0
    for token in re.findall(r"\S+\s*|\s+", line):
        for piece in [token] if token.isascii() else list(token):
            size = cell_width(piece.rstrip())
            if current and used + size > width:
                lines.append(current.rstrip())
                current, used = "", 0
            current += piece
            used += size + (len(piece) - len(piece.rstrip()))
    if current.strip():
        lines.append(current.rstrip())
    return "\n".join(lines)


def _own(org: Org, uid: str) -> int | float:
    from orggraph.core.rollup import own_value

    return own_value(org.unit(uid), "seats", uid)[0]


def find_dot() -> str | None:
    """The path of the ``dot`` program (``$ORGGRAPH_DOT`` overrides the PATH), or None."""
    override = os.environ.get("ORGGRAPH_DOT")
    if override:
        return override if os.path.isfile(override) and os.access(override, os.X_OK) else None
    return shutil.which("dot")


def run_dot(source: str, format: str, *, timeout: float = 120.0, args: Sequence[str] = ()) -> bytes:
    """Run ``dot -T<format>`` on *source*; errors become :class:`RenderError`."""
    dot = find_dot()
    if dot is None:
        raise MissingDependencyError(INSTALL_HINT)
    try:
        proc = subprocess.run(
            [dot, f"-T{format}", *args],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"dot did not finish within {timeout:g} s; draw a sub-chart (root=, depth=) "
            "or raise timeout="
        ) from None
    except OSError as exc:
        raise MissingDependencyError(
            f"cannot run {dot}: {exc.strerror or exc}; {INSTALL_HINT}"
        ) from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(
            f"dot failed (exit {proc.returncode}): {'; '.join(lines[:5]) or 'no message'}"
        )
    return proc.stdout


def render_bytes(
    org: Org, format: str, *, options: ChartOptions | None = None, **kwargs: Any
) -> bytes:
    """The chart as bytes: ``"dot"`` (the source), or ``"svg"``/``"png"``/``"pdf"`` from
    dot (within the *timeout* option, PNG at *dpi*)."""
    o = ChartOptions.of(options, **kwargs)
    if format != "dot" and format not in DOT_FORMATS:
        raise OrgError(
            f"unknown format {format!r}; choose one of dot, {', '.join(DOT_FORMATS)}",
            choices=("dot", *DOT_FORMATS),
        )
    source, titles = chart_graph(org, o)
    if format == "dot":
        return source.encode("utf-8")
    return dot_picture(source, titles, format, o)


def dot_picture(source: str, titles: dict[str, str], format: str, o: ChartOptions) -> bytes:
    """Run dot on a chart's *source*; an SVG gets font fallbacks and the hover *titles*."""
    args = [f"-Gdpi={o.dpi:g}"] if format == "png" else []
    data = run_dot(source, format, timeout=o.timeout, args=args)
    if format == "svg":
        data = svg_fonts(data, o.theme.font)
        data = svg_titles(data, titles)
    return data


def svg_titles(svg: bytes, titles: dict[str, str]) -> bytes:
    """Replace each node's ``<title>u7</title>`` by its escaped hover text."""

    def swap(match: re.Match[bytes]) -> bytes:
        key = match.group(1).decode()
        return b"<title>" + xml_text(titles.get(key, key)).encode() + b"</title>"

    return re.sub(rb"<title>(u\d+)</title>", swap, svg)


def svg_fonts(svg: bytes, font: str) -> bytes:
    """Name fallback families so viewers without *font* still pick a CJK face."""
    stack = font_stack(font).replace("'", "&apos;")
    needle = f'font-family="{font}"'.encode()
    return svg.replace(needle, f'font-family="{stack}"'.encode())
