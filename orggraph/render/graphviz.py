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
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from orggraph.core.rollup import Rollup
from orggraph.core.view import make_view
from orggraph.errors import MissingDependencyError, OrgError, RenderError
from orggraph.io.registry import chart_formats
from orggraph.names import text
from orggraph.render.labels import hidden_note, shows_nothing, unit_box, words
from orggraph.render.quoting import dot_string, html_element, html_label, xml_text
from orggraph.render.theme import DEFAULT_THEME, Theme, font_stack

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["INSTALL_HINT", "LINK_KINDS", "find_dot", "render_bytes", "run_dot", "to_dot"]

LINK_KINDS = ("dotted", "collaboration")
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


def to_dot(
    org: Org,
    *,
    lang: str | None = None,
    root: str | None = None,
    depth: int | None = None,
    links: Collection[str] = LINK_KINDS,
    responsibilities: bool = False,
    figures: bool = True,
    theme: Theme = DEFAULT_THEME,
    rankdir: str = "TB",
    stack_leaves: int = 5,
    title: bool = True,
    legend: bool = True,
    caption: str | None = None,
) -> str:
    """The DOT source of the chart.

    *lang* picks the names' language; *root* and *depth* draw a sub-chart (units below
    *depth* levels are collapsed into a note on their ancestor); *links* lists the link
    kinds drawn (``"dotted"``, ``"collaboration"``); *responsibilities* lists each
    unit's duties in its box; a unit with more than *stack_leaves* childless children
    stacks them in columns instead of one long row (``0`` turns stacking off);
    *caption* adds a line of text under the title.
    """
    return chart_graph(**locals())[0]


def chart_graph(
    org: Org,
    *,
    lang: str | None,
    root: str | None,
    depth: int | None,
    links: Collection[str],
    responsibilities: bool,
    figures: bool,
    theme: Theme,
    rankdir: str,
    stack_leaves: int,
    title: bool,
    legend: bool,
    caption: str | None,
    unit_styles: Mapping[str, Mapping[str, str]] | None = None,
    unit_notes: Mapping[str, Sequence[str]] | None = None,
    legend_marks: Sequence[tuple[str, str]] = (),
) -> tuple[str, dict[str, str]]:
    """The DOT source and the hover text of each node (by synthetic node id).

    Hooks for charts built on this one (the diff chart): *unit_styles* adds DOT
    attributes to a unit's box (they win over the theme's), and ``edge_``-prefixed ones
    to the reporting line into it; *unit_notes* adds small lines of text to a box;
    *legend_marks* adds ``(colour, text)`` keys to the legend.
    """
    titles: dict[str, str] = {}
    bad = set(links) - set(LINK_KINDS)
    if bad:
        raise OrgError(
            f"unknown link kind {sorted(bad)[0]!r}; choose from {', '.join(LINK_KINDS)}",
            choices=LINK_KINDS,
        )
    if rankdir not in ("TB", "LR", "BT", "RL"):
        raise OrgError(
            f"unknown rankdir {rankdir!r}; choose one of TB, LR, BT, RL",
            choices=("TB", "LR", "BT", "RL"),
        )
    view = make_view(org, root, depth)
    nid = {u: f"u{i}" for i, u in enumerate(view.shown)}
    table = org.rollup_table(("seats", "budget"))
    default_lang = org.lang[0] if org.lang else None
    lang = lang or default_lang
    w = words(lang)
    font = theme.font
    any_unknown = False

    out = [
        "digraph orgchart {",
        f"  graph [rankdir={rankdir}, fontname={dot_string(font)}, fontsize={theme.fontsize + 3:g}, "
        f"bgcolor={dot_string(theme.background)}, nodesep=0.3, ranksep=0.55, newrank=true, ordering=out, "
        f"labelloc=t, splines=true];",
        f'  node [shape=box, style="rounded,filled", fontname={dot_string(font)}, '
        f'fontsize={theme.fontsize:g}, margin="0.12,0.06"];',
        f"  edge [fontname={dot_string(font)}, fontsize={theme.small_fontsize:g}, "
        f"color={dot_string(theme.reporting_color)}, arrowhead=none];",
    ]
    for u in view.shown:
        rollups = table[u]
        seats, budget = rollups["seats"], rollups["budget"]
        any_unknown |= not (seats.complete and budget.complete)
        box = unit_box(org, u, lang=lang, seats=seats, budget=budget)
        style = theme.style_for(org.unit(u).get("type"))
        small = f'font point-size="{theme.small_fontsize:g}"'
        if box.name_is_id:  # the name shows nothing: the id, set apart as not a name
            muted = f'font color="{xml_text(theme.muted_text)}"'
            rows = [html_element(box.name, muted, "i")]
        else:
            rows = [html_element(box.name, "b")]
        rows.append(html_element(box.title, small))
        if figures:
            rows.append(html_element(box.figures, small))
        if u in view.collapsed:
            hidden = view.collapsed[u]
            people = Rollup(seats.value - _own(org, u), ())
            people = Rollup(people.value, tuple(x for x in seats.unknown if x != u))
            rows.append(html_element(hidden_note(len(hidden), people, lang), small, "i"))
        for line in (unit_notes or {}).get(u, ()):
            rows.append(html_element(line, small))
        if responsibilities:
            for rid in org.responsibilities(u):
                duty = org.name(rid, lang=lang)
                rows.append(html_element(f"• {rid if shows_nothing(duty) else duty}", small))
        # An empty row (text of control characters only) would be a DOT syntax error.
        cells = "".join(f"<tr><td>{r}</td></tr>" for r in rows if r)
        label = (
            f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{cells}</table>>'
        )
        klass = f"unit {_css_class(org.unit(u).get('type') or 'unit')}"
        # Hover text goes into the SVG afterwards (see svg_titles): dot expands \N, \G
        # and \l in tooltips whatever the quoting, so user text never goes through it.
        shown_name = "" if box.name_is_id else box.name
        titles[nid[u]] = " · ".join(t for t in (shown_name, box.title, f"id: {u}") if t)
        out.append(
            f"  {dot_string(nid[u])} [label={label}, fillcolor={dot_string(style.fill)}, "
            f"color={dot_string(style.border)}, fontcolor={dot_string(style.text)}, "
            f"penwidth={style.penwidth:g}, shape={style.shape}, class={dot_string(klass)}"
            f"{_extra_attrs(unit_styles, u, edge=False)}];"
        )

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
                        f'[class="reporting stacked", weight=10{_extra_attrs(unit_styles, below, edge=True)}];'
                    )
                stacked.update(column[1:])
        for c in kids:
            if c in shown and c not in stacked:
                out.append(
                    f'  {dot_string(nid[u])} -> {dot_string(nid[c])} [class="reporting"'
                    f"{_extra_attrs(unit_styles, c, edge=True)}];"
                )

    # Links go between the visible boxes that hold their ends (a collapsed ancestor).
    visible = view.boxes()
    drawn: set[tuple[str, str, str, str]] = set()
    for src, dst, data in org.links():
        kind = data["kind"]
        if kind not in links or src not in visible or dst not in visible:
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
        # weight=0 as well as constraint=false: links must not pull boxes sideways either.
        out.append(
            f"  {dot_string(nid[a])} -> {dot_string(nid[b])} [{attrs}, constraint=false, weight=0, "
            f'class="{kind}"];'
        )

    captions = []
    small = f'font point-size="{theme.small_fontsize:g}"'
    if title and org.org_name is not None:
        captions.append(html_element(text(org.org_name, lang, default_lang=default_lang), "b"))
    if caption:
        captions.append(html_element(caption, small))
    if legend:
        keys = ["—— " + ("汇报" if lang == "zh" else "reports to")]
        kinds_drawn = {k[0] for k in drawn}
        if "dotted" in kinds_drawn:
            keys.append("····· " + ("虚线汇报" if lang == "zh" else "dotted line"))
        if "collaboration" in kinds_drawn:
            keys.append("- - - " + ("协作" if lang == "zh" else "collaboration"))
        if any_unknown and figures:
            keys.append(w["unknown_note"])
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
    if captions:
        out.append(f"  label=<{'<br/>'.join(captions)}>;")
    out.append("}")
    return "\n".join(out) + "\n", titles


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
    import unicodedata

    lines: list[str] = []
    current = ""
    used = 0
    for token in re.findall(r"\S+\s*|\s+", line):
        for piece in [token] if token.isascii() else list(token):
            size = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in piece.rstrip())
            if current and used + size > width:
                lines.append(current.rstrip())
                current, used = "", 0
            current += piece
            used += size + (len(piece) - len(piece.rstrip()))
    if current.strip():
        lines.append(current.rstrip())
    return "\n".join(lines)


_DEFAULTS: dict[str, object] = {
    "lang": None,
    "root": None,
    "depth": None,
    "links": LINK_KINDS,
    "responsibilities": False,
    "figures": True,
    "theme": DEFAULT_THEME,
    "rankdir": "TB",
    "stack_leaves": 5,
    "title": True,
    "legend": True,
    "caption": None,
}


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
    org: Org, format: str, *, timeout: float = 120.0, dpi: float = 144.0, **options: object
) -> bytes:
    """The chart as bytes: ``"dot"`` (the source), or ``"svg"``/``"png"``/``"pdf"`` from dot."""
    theme = options.get("theme", DEFAULT_THEME)
    settings = {**_DEFAULTS, **options}
    unknown = set(settings) - set(_DEFAULTS)
    if unknown:
        name = sorted(unknown)[0]
        raise OrgError(
            f"unknown option {name!r} for the graphviz engine; valid options: "
            f"{', '.join(sorted(_DEFAULTS))}, timeout, dpi",
            choices=sorted(_DEFAULTS),
        )
    source, titles = chart_graph(org, **settings)  # type: ignore[arg-type]
    if format == "dot":
        return source.encode("utf-8")
    if format not in DOT_FORMATS:
        raise OrgError(
            f"unknown format {format!r}; choose one of dot, {', '.join(DOT_FORMATS)}",
            choices=("dot", *DOT_FORMATS),
        )
    args = [f"-Gdpi={dpi:g}"] if format == "png" else []
    data = run_dot(source, format, timeout=timeout, args=args)
    if format == "svg":
        data = svg_fonts(data, theme.font if isinstance(theme, Theme) else DEFAULT_THEME.font)
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
