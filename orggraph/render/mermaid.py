"""Charts as text: Mermaid flowcharts (:func:`to_mermaid`) and Graphviz DOT source
(:func:`to_dot`), every label escaped for its format.

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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from orggraph.errors import OrgError
from orggraph.names import clean, text
from orggraph.render.quoting import mermaid_label

if TYPE_CHECKING:
    from orggraph.core.org import Org
from orggraph.io.files import output

__all__ = ["to_dot", "to_mermaid"]


# -- pictures: Mermaid and DOT --------------------------------------------------------------


def to_mermaid(
    org: Org,
    path: str | os.PathLike[str] | None = None,
    *,
    lang: str | None = None,
    root: str | None = None,
    depth: int | None = None,
    links: Sequence[str] = ("dotted", "collaboration"),
    figures: bool = True,
    title: bool = True,
) -> Any:
    """A Mermaid flowchart (top-down) for Markdown, GitHub and GitLab: one box per unit
    (name, head's title, seats and budget), reporting lines ``-->``, dotted lines
    ``-.->`` in purple, collaboration ``-.->`` (``<-.->`` when mutual) in orange with
    the relation as the label, and one class per unit type. Node ids are synthetic
    (``n0``, ``n1``, ...); every label is escaped with Mermaid's ``#entity;`` codes.
    *root* and *depth* draw a part (units below *depth* are summed up on their
    ancestor). Returns the text, or writes *path*.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: '<b>\\"A\\"</b>', units: [{id: b, name: B}]}]")
    >>> print(to_mermaid(org, figures=False).split("\\n")[1])
        n0["#lt;b#gt;#quot;A#quot;#lt;/b#gt;"]
    """
    from orggraph.render.labels import hidden_note, unit_box
    from orggraph.render.theme import DEFAULT_THEME

    bad = set(links) - {"dotted", "collaboration"}
    if bad:
        raise OrgError(
            f"unknown link kind {sorted(bad)[0]!r}; choose from dotted, collaboration",
            choices=("dotted", "collaboration"),
        )
    from orggraph.core.view import make_view

    lang0 = org.lang[0] if org.lang else None
    lang = lang or lang0
    view = make_view(org, root, depth)
    shown, collapsed = view.shown, view.collapsed
    nid = {u: f"n{i}" for i, u in enumerate(shown)}
    table = org.rollup_table(("seats", "budget"))

    out: list[str] = []
    if title and org.org_name is not None:
        heading = " ".join(clean(text(org.org_name, lang, default_lang=lang0)).split())
        # JSON is YAML; < > & as \\u escapes keep raw markup out of the file.
        quoted = (
            json.dumps(heading)
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        )
        out += ["---", f"title: {quoted}", "---"]
    out.append("flowchart TD")
    for u in shown:
        box = unit_box(org, u, lang=lang, seats=table[u]["seats"], budget=table[u]["budget"])
        lines = [box.name, box.title, box.figures if figures else ""]
        if u in collapsed:
            from orggraph.core.rollup import Rollup

            seats = table[u]["seats"]
            own = org.headcount(u)
            people = Rollup(seats.value - own.value, tuple(x for x in seats.unknown if x != u))
            lines.append(hidden_note(len(collapsed[u]), people, lang))
        label = "<br/>".join(mermaid_label(line) for line in lines if line)
        out.append(f'    {nid[u]}["{label}"]')
    edges: list[str] = []
    styles: dict[str, list[int]] = {"dotted": [], "collaboration": []}
    for u in shown:
        if u not in collapsed:
            edges.extend(f"    {nid[u]} --> {nid[c]}" for c in org.children(u))
    visible = view.boxes()
    for src, dst, data in org.links():
        kind = data["kind"]
        if kind not in links or src not in visible or dst not in visible:
            continue
        a, b = visible[src], visible[dst]
        if a == b:
            continue
        arrow = "<-.->" if data.get("mutual") else "-.->"
        relation = data.get("relation")
        label = f'|"{mermaid_label(text(relation, lang, default_lang=lang0))}"|' if relation else ""
        styles[kind].append(len(edges))
        edges.append(f"    {nid[a]} {arrow}{label} {nid[b]}")
    out += edges
    theme = DEFAULT_THEME
    classes: dict[str | None, str] = {}
    members: dict[str, list[str]] = {}
    for u in shown:
        unit_type = org.unit(u).get("type")
        if unit_type not in classes:
            slug = re.sub(r"[^A-Za-z0-9_]", "_", unit_type or "unit")[:30]
            name = f"t_{slug}"
            while name in classes.values():
                name = f"t_{slug}_{len(classes)}"
            classes[unit_type] = name
        members.setdefault(classes[unit_type], []).append(nid[u])
    for unit_type, name in classes.items():
        style = theme.style_for(unit_type)
        out.append(
            f"    classDef {name} fill:{style.fill},stroke:{style.border},color:{style.text}"
        )
        out.append(f"    class {','.join(members[name])} {name}")
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
    return output("\n".join(out) + "\n", path)


def to_dot(
    org: Org, path: str | os.PathLike[str] | None = None, *, lang: str | None = None, **options: Any
) -> Any:
    """The DOT source of the chart (:func:`orggraph.render.graphviz.to_dot`, which
    takes the *options*). Returns the text, or writes *path*."""
    from orggraph.render.graphviz import to_dot as dot_source

    return output(dot_source(org, lang=lang, **options), path)
