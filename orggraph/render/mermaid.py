"""Charts as text: Mermaid flowcharts (:func:`to_mermaid`), every label escaped.

The DOT source of a chart is :func:`orggraph.render.graphviz.to_dot`.

>>> import orggraph as og
>>> org = og.loads("units: [{id: ceo, name: CEO office, units: [{id: sales, name: Sales}]}]")
>>> print(to_mermaid(org, figures=False))  # doctest: +ELLIPSIS
flowchart TD
    n0["CEO office"]
    n1["Sales"]
    n0 --> n1
...
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.core.rollup import Rollup
from orggraph.core.view import View, make_view
from orggraph.io.files import atomic_write, text_writer
from orggraph.names import clean, text
from orggraph.render.labels import (
    chart_subtitle,
    chart_title,
    figure_table,
    hidden_note,
    unit_box,
)
from orggraph.render.options import ChartOptions
from orggraph.render.quoting import mermaid_label
from orggraph.render.theme import Theme

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["to_mermaid"]


@text_writer
def to_mermaid(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    options: ChartOptions | None = None,
    **kwargs: Any,
) -> str | Path:
    """A Mermaid flowchart for Markdown, GitHub and GitLab: one box per unit (name,
    head's title, the figures: seats, open seats, budget), reporting lines ``-->``, dotted lines ``-.->`` in
    purple, collaboration ``-.->`` (``<-.->`` when mutual) in orange with the relation as
    the label, and one class per unit type. Node ids are synthetic (``n0``, ``n1``, ...);
    every label is escaped with Mermaid's ``#entity;`` codes. Returns the text, or writes
    *path* and returns it.

    *options* and *kwargs* are :class:`~orggraph.render.options.ChartOptions`; Mermaid
    reads *lang*, *root* and *depth* (units below *depth* are summed up on their
    ancestor), *links*, *figures*, *title*, *theme* (the colours) and *rankdir*.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: '<b>\\"A\\"</b>', units: [{id: b, name: B}]}]")
    >>> print(to_mermaid(org, figures=False).split("\\n")[1])
        n0["#lt;b#gt;#quot;A#quot;#lt;/b#gt;"]
    >>> to_mermaid(org, rankdir="LR").split("\\n")[0]
    'flowchart LR'
    """
    o = ChartOptions.of(options, **kwargs)
    lang0 = org.lang[0] if org.lang else None
    lang = o.lang or lang0
    view = make_view(org, o.root, o.depth)
    nid = {u: f"n{i}" for i, u in enumerate(view.shown)}
    out = _heading(chart_title(org, o.title, o.root, lang), chart_subtitle(o.subtitle, lang, org))
    out.append(f"flowchart {'TD' if o.rankdir == 'TB' else o.rankdir}")
    out += _boxes(org, view, nid, lang, figures=o.figures)
    edges, styles = _edges(org, view, nid, o, lang, lang0)
    out += edges
    out += _classes(org, view, nid, o.theme)
    out += _link_styles(styles, o.theme)
    source = "\n".join(out) + "\n"
    return source if path is None else atomic_write(Path(path), source)


def _heading(title: str | None, subtitle: str | None = None) -> list[str]:
    """The front matter with the chart's *title* and, after a ``·``, its *subtitle*
    (Mermaid has no subtitle line; a dated organisation's says the day it is as of).

    >>> print(_heading("Acme", "As of 2027-01-01")[1])
    title: "Acme \\u00b7 As of 2027-01-01"
    """
    heading = " · ".join(" ".join(clean(t).split()) for t in (title, subtitle) if t)
    if not heading:
        return []
    # JSON is YAML; < > & as \\u escapes keep raw markup out of the file.
    quoted = (
        json.dumps(heading).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return ["---", f"title: {quoted}", "---"]


def _boxes(
    org: Org, view: View, nid: dict[str, str], lang: str | None, *, figures: tuple[str, ...]
) -> list[str]:
    """A node line per shown unit: its lines joined by ``<br/>``; the *figures* asked
    for that the organisation records."""
    table, parts = figure_table(org, figures)
    out = []
    for u in view.shown:
        rollups = table[u]
        box = unit_box(
            org,
            u,
            lang=lang,
            seats=rollups["seats"],
            budget=rollups["budget"],
            vacancies=rollups.get("vacancies"),
            parts=parts,
        )
        lines = [box.name, box.title, box.figures]
        if u in view.collapsed:
            seats = table[u]["seats"]
            own = org.headcount(u)
            people = Rollup(seats.value - own.value, tuple(x for x in seats.unknown if x != u))
            lines.append(hidden_note(len(view.collapsed[u]), people, lang))
        label = "<br/>".join(mermaid_label(line) for line in lines if line)
        out.append(f'    {nid[u]}["{label}"]')
    return out


def _edges(
    org: Org,
    view: View,
    nid: dict[str, str],
    o: ChartOptions,
    lang: str | None,
    lang0: str | None,
) -> tuple[list[str], dict[str, list[int]]]:
    """Reporting lines, then links between the visible boxes that hold their ends; the
    numbers of the edges of each link kind (for their styles)."""
    edges: list[str] = []
    styles: dict[str, list[int]] = {"dotted": [], "collaboration": []}
    for u in view.shown:
        if u not in view.collapsed:
            edges.extend(f"    {nid[u]} --> {nid[c]}" for c in org.children(u))
    visible = view.boxes()
    for src, dst, data in org.links():
        kind = data["kind"]
        if kind not in o.links or src not in visible or dst not in visible:
            continue
        a, b = visible[src], visible[dst]
        if a == b:
            continue
        arrow = "<-.->" if data.get("mutual") else "-.->"
        relation = data.get("relation")
        label = f'|"{mermaid_label(text(relation, lang, default_lang=lang0))}"|' if relation else ""
        styles[kind].append(len(edges))
        edges.append(f"    {nid[a]} {arrow}{label} {nid[b]}")
    return edges, styles


def _classes(org: Org, view: View, nid: dict[str, str], theme: Theme) -> list[str]:
    """A class per unit type (its theme colours) and the boxes in it."""
    classes: dict[str | None, str] = {}
    members: dict[str, list[str]] = {}
    for u in view.shown:
        unit_type = org.unit(u).get("type")
        if unit_type not in classes:
            slug = re.sub(r"[^A-Za-z0-9_]", "_", unit_type or "unit")[:30]
            name = f"t_{slug}"
            while name in classes.values():
                name = f"t_{slug}_{len(classes)}"
            classes[unit_type] = name
        members.setdefault(classes[unit_type], []).append(nid[u])
    out = []
    for unit_type, name in classes.items():
        style = theme.style_for(unit_type)
        out.append(
            f"    classDef {name} fill:{style.fill},stroke:{style.border},color:{style.text}"
        )
        out.append(f"    class {','.join(members[name])} {name}")
    return out


def _link_styles(styles: dict[str, list[int]], theme: Theme) -> list[str]:
    out = []
    if styles["dotted"]:
        out.append(
            f"    linkStyle {','.join(map(str, styles['dotted']))} "
            f"stroke:{theme.dotted_color},stroke-width:2px,stroke-dasharray:2 3"
        )
    if styles["collaboration"]:
        out.append(
            f"    linkStyle {','.join(map(str, styles['collaboration']))} "
            f"stroke:{theme.collaboration_color},stroke-dasharray:6 4,color:{theme.collaboration_color}"
        )
    return out
