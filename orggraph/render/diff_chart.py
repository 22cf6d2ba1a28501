"""One chart of a reorganisation: the new organisation with what changed marked.

The chart is the Graphviz org chart (:mod:`.graphviz`) of the *union* of the two
organisations: the new one, plus each removed unit drawn where it was. Added units are
green, removed ones grey and dashed, moved ones blue with their old parent noted,
changed ones (renamed, other posts or salaries, other responsibilities or data) amber;
the others are plain. Each box shows the new figures and, where they changed, the old
ones. A legend explains the colours. Like every chart it fits the page (``fit``, default
``"auto"``: width:height between 1:2 and 2.5:1): the tidy engine's fitted layout of
Graphviz's boxes, drawn by ``neato -n2`` (:mod:`.graphviz_fit`); ``fit=None`` draws the
natural ``dot`` layout (the seed against its split: a 3,073 x 502 pt strip).

>>> import orggraph as og
>>> from orggraph.ops import reorg
>>> a = og.loads('''
... units:
...   - id: ceo
...     name: CEO office
...     units:
...       - {id: sales, name: Sales, staff: [{title: Rep, seats: 3}]}
...       - {id: tech, name: 'R&D'}
... ''')
>>> b = reorg.move(a, "tech", "sales")
>>> b = reorg.add_unit(b, {"id": "qa", "name": "QA <test>"}, parent="ceo")
>>> src = diff_dot(a, b, lang="en")
>>> "moved from: CEO office" in src, "QA &lt;test&gt;" in src, "R&amp;D" in src
(True, True, True)
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.core.people import post_ids
from orggraph.errors import OrgWarning
from orggraph.io.files import atomic_write
from orggraph.names import text
from orggraph.ops.diff_holders import holder_changes, holders_text, only_holders
from orggraph.render.graphviz import chart_graph, dot_picture
from orggraph.render.graphviz_fit import draw_fitted, fitted_source
from orggraph.render.labels import chart_subtitle, in_language, legend_notes, mark, recorded_parts
from orggraph.render.labels import figures as figures_line
from orggraph.render.options import ChartOptions

if TYPE_CHECKING:
    from orggraph.core.org import Org
    from orggraph.core.rollup import Rollup
    from orggraph.ops.diff import Diff

__all__ = ["STYLES", "diff_dot", "render_diff", "union"]

# Box attributes by status (DOT attribute -> value); "edge_" ones style the line above.
STYLES: dict[str, dict[str, str]] = {
    "added": {"fillcolor": "#e3f5e6", "color": "#2b8a3e", "penwidth": "2.2"},
    "removed": {
        "fillcolor": "#f1f3f5",
        "color": "#868e96",
        "fontcolor": "#6c757d",
        "style": "rounded,filled,dashed",
        "penwidth": "1.6",
        "edge_style": "dashed",
        "edge_color": "#adb5bd",
    },
    "moved": {"fillcolor": "#e5efff", "color": "#1c64d1", "penwidth": "2.2"},
    "changed": {"fillcolor": "#fff3d1", "color": "#d48806", "penwidth": "2.2"},
    "unchanged": {"fillcolor": "#ffffff", "color": "#adb5bd", "fontcolor": "#1f2933"},
}

WORDS = {
    "en": {
        "added": "added",
        "removed": "removed (dashed)",
        "moved": "moved (old parent noted)",
        "changed": "changed",
        "moved_from": "moved from: {name}",
        "renamed_from": "renamed from: {name}",
        "was": "before: {figures}",
        "nothing": "nothing",
        "what": {
            "staff": "posts",
            "salary": "salaries",
            "changed": "details",
            "responsibility": "responsibilities",
        },
        "changed_list": "changed: {what}",
        "summary": {
            "added": "{n} added",
            "removed": "{n} removed",
            "moved": "{n} moved",
            "changed": "{n} changed",
        },
        "caption": "Reorganisation: {a} → {b}",
        "before": "before",
        "after": "after",
        "no_changes": "no changes",
        "unknown": "≥: some figures unknown",
    },
    "zh": {
        "added": "新增",
        "removed": "撤销(虚线)",
        "moved": "调整隶属(注明原上级)",
        "changed": "变更",
        "moved_from": "原属: {name}",
        "renamed_from": "原名: {name}",
        "was": "调整前: {figures}",
        "nothing": "无",
        "what": {
            "staff": "岗位",
            "salary": "薪资",
            "changed": "资料",
            "responsibility": "职责",
        },
        "changed_list": "变更: {what}",
        "summary": {
            "added": "新增 {n} 个",
            "removed": "撤销 {n} 个",
            "moved": "调整隶属 {n} 个",
            "changed": "变更 {n} 个",
        },
        "caption": "组织调整: {a} → {b}",
        "before": "调整前",
        "after": "调整后",
        "no_changes": "无变化",
        "unknown": "≥: 部分数据未知",
    },
}


def _words(lang: str | None) -> dict[str, Any]:
    return in_language(WORDS, lang)


def union(a: Org, b: Org) -> Org:
    """*b*, plus every unit of *a* that *b* no longer has, under its old parent and next
    to its old siblings (for drawing; its change log is empty).

    >>> import orggraph as og
    >>> from orggraph.ops import reorg
    >>> a = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]")
    >>> union(a, reorg.remove_unit(a, "b")).children("a")
    ['b', 'c']
    """
    from orggraph.core.build import build

    children = {u: b.children(u) for u in b.units()}
    parent: dict[str, str | None] = {u: b.parent(u) for u in b.units()}
    roots = b.roots()
    source = {u: b for u in b.units()}
    for x in a.units():  # parents before children: an old parent is placed already
        if x in parent:
            continue
        p = a.parent(x)
        sibs = roots if p is None else children[p]
        old = a.roots() if p is None else a.children(p)
        i = old.index(x)
        before = [s for s in reversed(old[:i]) if s in sibs]
        after = [s for s in old[i + 1 :] if s in sibs]
        at = sibs.index(before[0]) + 1 if before else sibs.index(after[0]) if after else len(sibs)
        sibs.insert(at, x)
        children[x] = []
        parent[x] = p
        source[x] = a
    # a post of a removed unit may live on in b under its id (a merge, a move): drop the id
    # on the removed copy so that the two do not clash
    taken = {pid for u in b.units() for pid, _, _ in post_ids(u, b.node_data[u])}
    records = []
    stack = list(reversed(roots))
    while stack:
        u = stack.pop()
        org = source[u]
        data = dict(org.node_data[u]) if org is b else _unclash(org.node_data[u], taken)
        records.append((u, parent[u], data, org.responsibilities(u)))
        stack.extend(reversed(children[u]))
    declared = b.responsibility_ids()
    resp = [(r, dict(b.node_data[r])) for r in declared]
    resp += [(r, dict(a.node_data[r])) for r in a.responsibility_ids() if r not in set(declared)]
    links = [(d["kind"], s, t, d.get("relation"), bool(d.get("mutual"))) for s, t, d in b.links()]
    # the people of both sides: a removed unit's holders are declared in a alone
    people = {p["id"]: p for p in a.people_data()} | {p["id"]: p for p in b.people_data()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OrgWarning)  # removed top-level units add roots
        return build(
            records,
            responsibilities=resp,
            links=links,
            name=b.org_name if b.org_name is not None else a.org_name,
            lang=b.lang or a.lang,
            attrs=b.attrs,
            people=list(people.values()),
        )


def _unclash(data: Mapping[str, Any], taken: set[str]) -> dict[str, Any]:
    """A copy of a removed unit's *data* without the post ids in *taken*.

    >>> _unclash({"head": {"id": "h"}, "staff": [{"id": "x"}, {"id": "y"}]}, {"h", "x"})
    {'head': {}, 'staff': [{}, {'id': 'y'}]}
    """

    def free(post: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in post.items() if not (k == "id" and v in taken)}

    out = dict(data)
    if out.get("head"):
        out["head"] = free(out["head"])
    if out.get("staff"):
        out["staff"] = [free(p) for p in out["staff"]]
    return out


def _status(d: Diff) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each unit's status and the kinds of change it had (responsibilities included)."""
    status: dict[str, str] = {}
    kinds: dict[str, list[str]] = {}
    for uid, found in d.by_unit().items():
        got: list[str] = [x.kind for x in found]
        kinds[uid] = got
        for s in ("added", "removed", "moved"):
            if s in got:
                status[uid] = s
                break
        else:
            status[uid] = "changed"
    for x in d.of("responsibility"):
        if x.old is None or x.new is None:
            continue
        for uid in set(x.old) ^ set(x.new):
            if uid in d.a and uid in d.b:  # an added or removed unit is marked already
                kinds.setdefault(uid, [])
                if "responsibility" not in kinds[uid]:
                    kinds[uid].append("responsibility")
                status.setdefault(uid, "changed")
    return status, kinds


def diff_dot(
    a: Org,
    b: Org,
    *,
    diff: Diff | None = None,
    options: ChartOptions | None = None,
    **kwargs: Any,
) -> str:
    """The DOT source of the diff chart (see the module's description).

    *diff* is ``orggraph.ops.diff(a, b)`` when already computed. *options* and *kwargs*
    are :class:`~orggraph.render.options.ChartOptions`, read as by
    :func:`orggraph.render.graphviz.to_dot`: *root* draws only that unit and the units
    under it, *depth* that many levels of it; *caption* replaces the default one
    (``Reorganisation: a.yaml → b.yaml`` and the counts); ``figures=False`` leaves out
    the old and new figures.
    """
    return _diff_chart(a, b, diff, ChartOptions.of(options, **kwargs))[0]


def _label(org: Org, fallback: str) -> str:
    """The file's name; a bundled dataset's name (its file reads ``<orggraph dataset x>``)."""
    if not org.file:
        return fallback
    dataset = re.fullmatch(r"<orggraph dataset (.+)>", str(org.file))
    name = dataset.group(1) if dataset else Path(org.file).name
    # one dated file on two days: the day tells the sides apart
    return f"{name} ({org.date})" if org.dated and org.date is not None else name


def _diff_chart(a: Org, b: Org, diff: Diff | None, o: ChartOptions) -> tuple[str, dict[str, str]]:
    """The DOT source of the diff chart and each node's hover text."""
    both, drawn, hooks = _diff_parts(a, b, diff, o)
    return chart_graph(both, drawn, **hooks)


def _diff_parts(
    a: Org, b: Org, diff: Diff | None, o: ChartOptions
) -> tuple[Org, ChartOptions, dict[str, Any]]:
    """What the diff chart draws: the union of the two organisations, the options it is
    drawn with and the hooks of :func:`orggraph.render.graphviz.chart_graph` (each box's
    style and notes, the legend's marks)."""
    from orggraph.ops.diff import diff as compute

    d = compute(a, b) if diff is None else diff
    both = union(a, b)
    lang = o.lang or (both.lang[0] if both.lang else None)
    w = _words(lang)
    status, kinds = _status(d)
    if o.root is not None and o.root not in both:
        from orggraph.errors import UnknownIdError

        raise UnknownIdError(o.root, choices=both.units())
    shown = both.units() if o.root is None else [o.root, *both.descendants(o.root)]
    notes, unknown = _notes(a, b, d, shown, (status, kinds), lang, figures=o.figures)
    caption = o.caption
    if caption is None:
        caption = _default_caption(a, b, shown, status, legend_notes(unknown, lang), w)
    marks = [(STYLES[s]["color"], w[s]) for s in ("added", "removed", "moved", "changed")]
    hooks = {
        "unit_styles": {u: STYLES[status.get(u, "unchanged")] for u in shown},
        "unit_notes": notes,
        "legend_marks": marks if o.legend else (),
    }
    # the union drawn is undated: the days of a and b go into the subtitle here
    subtitle = chart_subtitle(o.subtitle, lang, a, b)
    return both, replace(o, lang=lang, figures=(), caption=caption, subtitle=subtitle), hooks


def _notes(
    a: Org,
    b: Org,
    d: Diff,
    shown: list[str],
    changes: tuple[dict[str, str], dict[str, list[str]]],
    lang: str | None,
    *,
    figures: tuple[str, ...],
) -> tuple[dict[str, list[str]], set[str]]:
    """What each shown unit's box says about its change (its *figures* now and before:
    seats and budget, in the currency and salary period of *b*; old parent, old name,
    what changed), and the marks of the unknown figures shown now (``?``, ``≥``).
    *changes* are each unit's status and kinds of change (:func:`_status`)."""
    status, kinds = changes
    w = _words(lang)
    ta = a.rollup_table(("seats", "budget"))
    tb = b.rollup_table(("seats", "budget"))
    default = b.lang[0] if b.lang else (a.lang[0] if a.lang else None)
    by_unit = d.by_unit()
    notes: dict[str, list[str]] = {}
    marks: set[str] = set()
    parts = recorded_parts(b, tb, [f for f in figures if f != "open"])

    def line(rollups: dict[str, Rollup]) -> str:
        return figures_line(
            rollups["seats"],
            rollups["budget"],
            lang,
            b.currency,
            period=b.salary_period,
            parts=parts,
        )

    for u in shown:
        lines = []
        now = tb[u] if u in b else ta[u]
        marks.update(mark(now[m].value, now[m].complete) for m in parts)
        current = line(now)
        if current and figures:
            lines.append(current)
        if u in a and u in b and figures:
            then = line(ta[u])
            if then != current:
                lines.append(w["was"].format(figures=then or w["nothing"]))
        found = {x.kind: x for x in by_unit.get(u, ())}
        if "moved" in found and found["moved"].old is not None:
            old_parent = found["moved"].old
            lines.append(w["moved_from"].format(name=_name(a, old_parent, lang)))
        if "renamed" in found:
            old_name = text(found["renamed"].old, lang, default_lang=default)
            lines.append(w["renamed_from"].format(name=old_name))
        staff = found.get("staff")
        who, only = "", False
        if staff is not None:
            who = holders_text(*holder_changes(staff.old, staff.new), lang=lang)
            only = only_holders(staff.old, staff.new)
        what = [
            w["what"][k]
            for k in ("staff", "salary", "changed", "responsibility")
            if k in kinds.get(u, ())
            # who left or joined says it all when the posts stay
            and not (k == "staff" and who and only)
        ]
        if what and status.get(u) not in ("added", "removed"):
            lines.append(w["changed_list"].format(what=", ".join(what)))
        if who:
            lines.append(who)
        notes[u] = lines
    marks.discard("")
    return notes, marks


def _default_caption(
    a: Org,
    b: Org,
    shown: list[str],
    status: dict[str, str],
    unknown_notes: list[str],
    w: dict[str, Any],
) -> str:
    """``Reorganisation: a.yaml → b.yaml``, then the counts of each kind of change and
    the *unknown_notes* (what ``?`` and ``≥`` mean)."""
    seen = set(shown)
    counts = {
        s: sum(1 for u, v in status.items() if v == s and u in seen)
        for s in ("added", "removed", "moved", "changed")
    }
    parts = [w["summary"][s].format(n=n) for s, n in counts.items() if n]
    caption = w["caption"].format(a=_label(a, w["before"]), b=_label(b, w["after"]))
    caption += "\n" + (", ".join(parts) if parts else w["no_changes"])
    if unknown_notes:
        caption += "   " + "   ".join(unknown_notes)
    return str(caption)


def _name(org: Org, uid: str, lang: str | None) -> str:
    return org.name(uid, lang=lang) if uid in org.graph else uid


def render_diff(
    a: Org,
    b: Org,
    target: str | Path | None = None,
    *,
    format: str | None = None,
    diff: Diff | None = None,
    options: ChartOptions | None = None,
    **kwargs: Any,
) -> Path | bytes:
    """Draw the difference from *a* to *b*: write *target* (format by suffix: ``.svg``,
    ``.png``, ``.pdf``, ``.dot``) and return its path, or return the bytes of *format*
    (default SVG) when there is no target. *diff* and the options are those of
    :func:`diff_dot` (``lang``, ``links``, ``caption``, ``theme``, ``fit``, ..., and
    ``dpi`` and ``timeout`` for dot). The ``.dot`` text is the natural ``dot`` source.
    """
    from orggraph.render import output_format

    o = ChartOptions.of(options, **kwargs)
    fmt = output_format(target, format if format is not None or target is not None else "svg")
    if fmt != "dot" and o.fit is not None and o.rankdir == "TB":
        # fitted: the tidy engine's search on Graphviz's boxes, drawn by neato -n2
        both, drawn, hooks = _diff_parts(a, b, diff, o)
        source, titles = fitted_source(both, drawn, hooks=hooks, own_plan=True)
        data = draw_fitted(source, titles, fmt, o)
    else:
        source, titles = _diff_chart(a, b, diff, o)
        data = source.encode("utf-8") if fmt == "dot" else dot_picture(source, titles, fmt, o)
    if target is None:
        return data
    return atomic_write(target, data)
