"""The organisation as the explorer reads it: columns, not one object per unit.

Units come in chart order (a parent before its children), so each unit is a row number
and the tree is one column of parent rows (``-1``: a top unit). Unit names (mostly
unique) are inline, one list per language, as the charts show them. Every other text
goes once into a string table (``s``) and columns hold its position (``-1``: none);
texts that have languages have one column per language, holding ``-1`` where the text
has none in that language (the page falls back as :func:`orggraph.names.text` does:
the language asked for, else the first language, else any). Figures are each unit's rollups: the known
part and how many units under it miss the figure (unknown is never zero: the page
writes ``≥`` and lists them).

>>> import orggraph as og
>>> data = explorer_data(og.datasets.load("ecommerce"))
>>> data["langs"], data["id"][:3], data["p"][:3]
(['zh', 'en'], ['ceo', 'coo', 'web_operations'], [-1, 0, 1])
>>> data["n"][0][0], data["n"][1][0], data["s"][data["po"]["t"][1][0]]
('总经理室', 'CEO office', 'Chief Executive Officer')
>>> data["f"]["seats"]["v"][0], data["f"]["seats"]["u"][0] > 0
(50, True)
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from orggraph.core.people import post_ids
from orggraph.core.rollup import filled_seats
from orggraph.names import Name, clean, languages
from orggraph.render.labels import (
    AT_LEAST,
    FIGURE_COLUMNS,
    MISSING,
    SEPARATOR,
    recorded_parts,
    words,
)
from orggraph.render.theme import DEFAULT_THEME, Theme
from orggraph.render.tidy.structure import is_board

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["FORMAT_VERSION", "KINDS", "StringTable", "date_columns", "explorer_data"]

FORMAT_VERSION = 1
KINDS = ("head", "assistant", "staff")  # a post's kind column holds its position here
_LINK_KINDS = ("dotted", "collaboration")


class StringTable:
    """Texts by position, each text once (names and titles repeat a lot).

    >>> t = StringTable()
    >>> t.add("Sales"), t.add("Tech"), t.add("Sales"), t.add(None), t.strings
    (0, 1, 0, -1, ['Sales', 'Tech'])
    """

    def __init__(self, strings: list[str] | None = None) -> None:
        # *strings*: a table to go on adding to (the same list: it grows in place)
        self.strings: list[str] = [] if strings is None else strings
        self._at: dict[str, int] = {t: i for i, t in enumerate(self.strings)}
        self._names: dict[tuple[str | None, ...], list[int]] = {}

    def add(self, value: str | None) -> int:
        """The position of *value* (added if new); ``-1`` for ``None``. Texts go in as
        every output shows them (:func:`orggraph.names.clean`: no control or bidi
        override characters, which could reverse or hide what a name says).

        >>> t = StringTable()
        >>> t.add("\u202eevil\u202c"), t.strings
        (0, ['evil'])
        """
        if value is None:
            return -1
        if not value.isprintable():
            value = clean(value)
        at = self._at.get(value)
        if at is None:
            at = self._at[value] = len(self.strings)
            self.strings.append(value)
        return at

    def name(self, value: Name | None, langs: list[str]) -> list[int]:
        """One position per language of *langs*: the text in that language, ``-1``
        where *value* has none (a plain string is the first language's text)."""
        if value is None:
            return [-1] * len(langs)
        if isinstance(value, str):
            return [self.add(value)] + [-1] * (len(langs) - 1)
        key = tuple(value.get(lang) for lang in langs)
        out = self._names.get(key)  # titles repeat: one lookup instead of one per language
        if out is None:
            out = [self.add(t) for t in key]
            if all(i < 0 for i in out) and value:  # languages the organisation does not list
                out = [self.add(next(iter(value.values()))), *out[1:]]
            self._names[key] = out
        return out


def _langs(org: Org) -> list[str]:
    """The organisation's languages; without a declared list, those its names use."""
    if org.lang:
        return list(org.lang)
    found: dict[str, None] = {}
    for u in org.units()[:200]:  # enough to find what the names are written in
        found.update(dict.fromkeys(languages(org.node_data[u].get("name"))))
    return list(found) or [""]


def _columns(rows: list[list[int]], langs: list[str]) -> list[list[int]]:
    """Rows of one position per language -> one column per language."""
    return [[row[k] for row in rows] for k in range(len(langs))]


_WORDS = ("seats", "seat", "budget", "budget_year", "open")  # labels.WORDS the boxes use


def _figures(
    org: Org, ids: list[str], people: bool
) -> tuple[dict[str, dict[str, list[Any]]], dict[str, Any]]:
    """Each unit's rollups: ``{measure: {"v": known parts, "u": units missing it}}``,
    and how a box says them as the static charts do (:func:`orggraph.render.labels.figures`):
    the parts the organisation records (:func:`~orggraph.render.labels.recorded_parts`),
    the marks, the separator and the columns before a line breaks."""
    measures = ["seats", "budget"] + (["people", "vacancies"] if people else [])
    table = org.rollup_table(measures)
    out: dict[str, dict[str, list[Any]]] = {}
    for m in measures:
        values, unknown = table.columns(m, ids)
        out[m] = {"v": values, "u": unknown}
    wanted = ("seats", "open", "budget") if people else ("seats", "budget")
    say = {
        "parts": list(recorded_parts(org, table, wanted)),
        "missing": MISSING,
        "atLeast": AT_LEAST,
        "sep": SEPARATOR,
        "cols": FIGURE_COLUMNS,
    }
    return out, say


def _notes(org: Org) -> dict[tuple[str, str], str]:
    """What to say beside a holder's name: ``acting``, ``0.5 FTE``, by (post, person)."""
    out: dict[tuple[str, str], str] = {}
    for a in org.assignments():
        note: list[str] = [] if a.role == "primary" else [str(a.role)]
        if a.fte is not None and a.fte != 1:
            note.append(f"{a.fte:g} FTE")
        if note:
            out[(a.post, a.person)] = ", ".join(note)
    return out


def _posts(
    org: Org, ids: list[str], table: StringTable, langs: list[str], people: bool
) -> tuple[dict[str, Any], list[str]]:
    """Every post in chart order (head first) as columns: how many posts each unit has,
    kind, title per language, seats and filled seats (``-1``: unknown); with *people*
    the holders and a note per holder (``acting``, ``0.5 FTE``); and the ids of the
    declared people the holders name.

    A holder is a person row (``>= 0``) or, for a name given in the post itself,
    ``-1 - i`` with *i* the name's position in the string table; holders are ``None``
    where unknown."""
    count, kind, titles, seats, filled = [0] * len(ids), [], [], [], []
    holders: list[list[int] | None] = []
    notes: list[list[int] | None] = []
    person_row: dict[str, int] = {}
    if people:  # the people index resolves holders to person ids
        row = {u: i for i, u in enumerate(ids)}
        declared, notes_of = set(org.people()), _notes(org)
        for rec in org.posts():
            count[row[rec.unit]] += 1
            kind.append(KINDS.index(rec.kind))
            titles.append(table.name(rec.title, langs))
            seats.append(-1 if rec.seats is None else rec.seats)
            filled.append(-1 if rec.filled is None else rec.filled)
            if rec.holders is None:
                holders.append(None)
                notes.append(None)
                continue
            holders.append(
                [
                    person_row.setdefault(h, len(person_row))
                    if h in declared
                    else -1 - table.add(h)
                    for h in rec.holders
                ]
            )
            said = [table.add(notes_of.get((rec.id, h))) for h in rec.holders]
            notes.append(said if any(i >= 0 for i in said) else None)
    else:  # the posts as the file gives them: no people index to build
        nodes = org.node_data
        for i, u in enumerate(ids):
            for _pid, pkind, post in post_ids(u, nodes[u]):
                count[i] += 1
                kind.append(KINDS.index(pkind))
                titles.append(table.name(post.get("title"), langs))
                n = post.get("seats", 1)
                seats.append(-1 if n is None else n)
                f = filled_seats(post)
                filled.append(-1 if f is None else f)
    cols: dict[str, Any] = {
        "c": count,
        "k": "".join(map(str, kind)),  # one digit a post
        "t": _columns(titles, langs),
        "s": seats,
    }
    if any(f >= 0 for f in filled):  # left out when no post says (big files stay small)
        cols["f"] = filled
    if people:
        cols.update(h=holders, hn=notes)
    return cols, list(person_row)


def _links(org: Org, row: dict[str, int], table: StringTable, langs: list[str]) -> dict[str, Any]:
    kinds, src, dst, rel, mutual = [], [], [], [], []
    for link in org.links():
        if link.source not in row or link.target not in row:
            continue  # outside the explored subtree
        kinds.append(_LINK_KINDS.index(link.kind))
        src.append(row[link.source])
        dst.append(row[link.target])
        rel.append(table.name(link.data.get("relation"), langs))
        mutual.append(1 if link.data.get("mutual") else 0)
    return {"k": kinds, "a": src, "b": dst, "r": _columns(rel, langs), "m": mutual}


def _responsibilities(
    org: Org, ids: list[str], table: StringTable, langs: list[str]
) -> dict[str, Any]:
    """Responsibilities as rows (name per language) and the units owning each."""
    rows: dict[str, int] = {}
    names: list[list[int]] = []
    owners: list[list[int]] = []
    nodes = org.node_data
    for i, u in enumerate(ids):
        for r in org.responsibilities(u):
            if r not in rows:
                rows[r] = len(names)
                names.append(table.name(nodes[r].get("name") or r, langs))
                owners.append([])
            owners[rows[r]].append(i)
    return {"n": _columns(names, langs), "u": owners}


def _theme(theme: Theme) -> dict[str, Any]:
    def style(s: Any) -> list[Any]:
        return [s.fill, s.border, s.text, s.penwidth]

    return {
        "font": theme.font,
        "default": style(theme.default),
        "types": {k: style(v) for k, v in theme.types.items()},
        "reporting": theme.reporting_color,
        "dotted": theme.dotted_color,
        "collaboration": theme.collaboration_color,
        "muted": theme.muted_text,
        "background": theme.background,
    }


def _sparse(values: list[Any]) -> dict[str, list[Any]]:
    """A mostly empty column as the rows that have a value and their values."""
    rows = [i for i, v in enumerate(values) if v]
    return {"i": rows, "v": [values[i] for i in rows]}


def explorer_data(
    org: Org,
    *,
    lang: str | None = None,
    people: bool = True,
    theme: Theme = DEFAULT_THEME,
    table: StringTable | None = None,
) -> dict[str, Any]:
    """The organisation as the explorer's columns (JSON-ready plain data).

    *lang*: the language the page opens in (default: the organisation's first);
    *people*: ``False`` leaves out people's names (posts, seats and vacancies stay);
    *table*: the string table to add to (several days of one organisation share one).
    """
    langs = _langs(org)
    table = StringTable() if table is None else table
    ids = org.units()
    row = {u: i for i, u in enumerate(ids)}
    nodes = org.node_data
    parents = [-1 if (p := org.parent(u)) is None else row[p] for u in ids]
    # Names are mostly unique: inline, one list per language. Titles and types repeat:
    # they go first into the string table, so their positions are short numbers.
    # Head titles are the head posts' (``po``).
    names: list[list[str]] = []
    types: list[int] = []
    for code in langs:
        shown, _titles, kinds = org.box_fields(ids, code or None)
        # inline, so not through the table's add: cleaned as it cleans (bidi overrides)
        names.append([t if t.isprintable() else clean(t) for t in shown])
        if not types:
            types = [table.add(t) for t in kinds]
    has_people = people and (
        bool(org.people_data())  # the declared people, without building the people index
        or any(
            post.get("holders") is not None
            for u in ids
            for post in (nodes[u].get("head") or {}, *(nodes[u].get("staff") or ()))
        )
    )
    posts, person_ids = _posts(org, ids, table, langs, has_people)
    figures, figure_words = _figures(org, ids, has_people)
    persons = [org.person(pid) for pid in person_ids]
    aliases, descriptions = [], []
    for u in ids:
        data = nodes[u]
        aliases.append(
            [i for a in data.get("aliases") or () for i in table.name(a, langs) if i >= 0]
        )
        descriptions.append(table.name(data.get("description"), langs))
    return {
        "v": FORMAT_VERSION,
        "langs": langs,
        "lang": langs.index(lang) if lang in langs else 0,
        "title": table.name(org.org_name, langs),
        "currency": None if org.currency is None else clean(org.currency),
        "period": org.salary_period,
        "words": [{k: w[k] for k in _WORDS} for w in (words(x) for x in langs)],
        "fw": figure_words,
        "theme": _theme(theme),
        "id": ids,
        "p": parents,
        "ty": types,
        "n": names,
        "al": _sparse(aliases),
        "d": _sparse([d if any(i >= 0 for i in d) else None for d in descriptions]),
        "f": figures,
        "po": posts,
        "pe": {
            "id": [p.id for p in persons],
            "n": _columns([table.name(p.name or p.id, langs) for p in persons], langs),
        },
        "ln": _links(org, row, table, langs),
        "rs": _responsibilities(org, ids, table, langs),
        # the top units drawn apart as a board, as the tidy charts draw them
        "ap": [i for i, p in enumerate(parents) if p < 0 and is_board(org, ids[i])],
        "s": table.strings,
    }


# -- a dated organisation's other days ----------------------------------------------------

_SAME = object()  # _delta: nothing changed


def _delta(a: Any, b: Any) -> Any:
    """What turns *a* into *b*, as the page's ``patched`` (model.js) reads it: a dict of
    the keys that differ (each a delta; ``{"$del": 1}``: the key is gone), a list of the
    same length as ``{"$i": rows, "$v": their deltas}`` when at most half of it
    changed (or what changed are lists), else *b* itself (a dict as ``{"$r": b}``); :data:`_SAME` when equal.

    >>> _delta({"p": [-1, 0, 0, 1], "t": "A"}, {"p": [-1, 0, 1, 1], "t": "A"})
    {'p': {'$i': [2], '$v': [1]}}
    >>> _delta([1, 2], [3, 4]), _delta(None, {"x": 1}), _delta({"f": 1}, {})
    ([3, 4], {'$r': {'x': 1}}, {'f': {'$del': 1}})
    """
    if a == b:
        return _SAME
    if isinstance(a, dict) and isinstance(b, dict):
        out: dict[str, Any] = {k: {"$del": 1} for k in a if k not in b}
        for k, v in b.items():
            d = _delta(a[k], v) if k in a else {"$r": v} if isinstance(v, dict) else v
            if d is not _SAME:
                out[k] = d
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        rows = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        # columns of columns (a text per language) patch the columns that changed
        if 2 * len(rows) <= len(a) or all(isinstance(b[i], list) for i in rows):
            return {"$i": rows, "$v": [_delta(a[i], b[i]) for i in rows]}
    return {"$r": b} if isinstance(b, dict) else b


class _Day:
    """One day's columns (:func:`explorer_data`) with their rows by id and each unit's
    first post row."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.row = {u: i for i, u in enumerate(data["id"])}
        self.posts = [0]
        for c in data["po"]["c"]:
            self.posts.append(self.posts[-1] + c)
        self.sparse = {k: dict(zip(data[k]["i"], data[k]["v"], strict=True)) for k in ("al", "d")}


def _filled(po: dict[str, Any], j: int) -> int:
    """Post *j*'s filled seats as the page reads them when there is no ``f`` column."""
    if "f" in po:
        return int(po["f"][j])
    hs = po["h"][j] if "h" in po else None
    if hs is None:
        return -1
    return min(len(hs), len(hs) if po["s"][j] < 0 else po["s"][j])


def _common(days: list[_Day], at: int) -> list[dict[str, Any]]:
    """Every day's columns over the same rows: every unit of any day, those of day *at*
    first (in its order), then each later one's as they first appear. A unit absent on
    a day has parent ``-2`` and keeps what it says on the day it is first found (so a
    day's columns differ from another's only where something changed there); people
    likewise share one list."""
    order = list(days[at].data["id"])
    seen = set(order)
    for day in days:
        for u in day.data["id"]:
            if u not in seen:
                seen.add(u)
                order.append(u)
    urow = {u: i for i, u in enumerate(order)}
    look = [at, *(k for k in range(len(days)) if k != at)]
    ref = {u: (k, days[k].row[u]) for k in reversed(look) for u in days[k].data["id"]}
    persons: dict[str, tuple[int, int]] = {}
    for k in reversed(look):
        for i, pid in enumerate(days[k].data["pe"]["id"]):
            persons[pid] = (k, i)
    prow = {pid: i for i, pid in enumerate(sorted(persons, key=lambda x: persons[x]))}
    pids = sorted(prow, key=prow.__getitem__)
    has = {key: any(key in d.data["po"] for d in days) for key in ("f", "h")}
    return [
        _on_day(days, k, order, urow, ref, (pids, prow, persons), has) for k in range(len(days))
    ]


def _on_day(
    days: list[_Day],
    k: int,
    order: list[str],
    urow: dict[str, int],
    ref: dict[str, tuple[int, int]],
    people: tuple[list[str], dict[str, int], dict[str, tuple[int, int]]],
    has: dict[str, bool],
) -> dict[str, Any]:
    """Day *k*'s columns over the common rows *order* (:func:`_common`)."""
    day, (pids, prow, persons) = days[k], people
    data = dict(day.data)
    src = [(k, day.row[u]) if u in day.row else ref[u] for u in order]
    own = day.data
    data["id"] = order
    data["p"] = [
        (-1 if own["p"][day.row[u]] < 0 else urow[own["id"][own["p"][day.row[u]]]])
        if u in day.row
        else -2
        for u in order
    ]
    data["ty"] = [days[j].data["ty"][r] for j, r in src]
    data["n"] = [[days[j].data["n"][L][r] for j, r in src] for L in range(len(own["langs"]))]
    for key in ("al", "d"):
        rows = [
            (i, days[j].sparse[key][r]) for i, (j, r) in enumerate(src) if r in days[j].sparse[key]
        ]
        data[key] = {"i": [i for i, _ in rows], "v": [v for _, v in rows]}
    data["f"] = {
        m: {
            "v": [days[j].data["f"][m]["v"][r] if m in days[j].data["f"] else 0 for j, r in src],
            "u": [days[j].data["f"][m]["u"][r] if m in days[j].data["f"] else 0 for j, r in src],
        }
        for m in own["f"]
    }
    po: dict[str, Any] = {"c": [], "k": [], "t": [[] for _ in own["langs"]], "s": []}
    if has["f"]:
        po["f"] = []
    if has["h"]:
        po.update(h=[], hn=[])
    for j, r in src:
        d = days[j]
        sp = d.data["po"]
        a, b = d.posts[r], d.posts[r + 1]
        po["c"].append(b - a)
        po["k"].append(sp["k"][a:b])
        for L, col in enumerate(po["t"]):
            col.extend(sp["t"][L][a:b])
        po["s"].extend(sp["s"][a:b])
        if has["f"]:
            po["f"].extend(_filled(sp, x) for x in range(a, b))
        if has["h"]:
            ids = d.data["pe"]["id"]
            for x in range(a, b):
                hs = sp["h"][x] if "h" in sp else None
                po["h"].append(None if hs is None else [prow[ids[h]] if h >= 0 else h for h in hs])
                po["hn"].append(sp["hn"][x] if "hn" in sp else None)
    po["k"] = "".join(po["k"])
    data["po"] = po
    data["pe"] = {
        "id": pids,
        "n": [
            [days[persons[p][0]].data["pe"]["n"][L][persons[p][1]] for p in pids]
            for L in range(len(own["langs"]))
        ],
    }

    def remap(r: int) -> int:  # a day's row -> the common row
        return urow[own["id"][r]]

    data["ln"] = {
        **own["ln"],
        "a": [remap(r) for r in own["ln"]["a"]],
        "b": [remap(r) for r in own["ln"]["b"]],
    }
    data["rs"] = {**own["rs"], "u": [[remap(r) for r in owners] for owners in own["rs"]["u"]]}
    return data


def date_columns(
    org: Org,
    data: dict[str, Any],
    *,
    root: str | None = None,
    lang: str | None = None,
    people: bool = True,
    theme: Theme = DEFAULT_THEME,
) -> dict[str, Any]:
    """*data* (:func:`explorer_data` of *org*, of its subtree *root*) with a dated
    organisation's other days, for the page's date control (an undated one's: *data*).

    Every day has the same rows (:func:`_common`: units absent on a day are there with
    parent ``-2``), so a day differs from the page's where something changed only;
    ``dt`` holds ``{"at": the day shown first, "d": the days (ISO), "x": each day's
    columns as a delta from the page's (:func:`_delta`; ``0`` for its own day), "w":
    "As of {date}" per language}``. The days share one string table (*data*'s, which
    grows in place). The days are the organisation's change days
    (:meth:`~orggraph.core.org.Org.dates`), its own and, when that is not before the first
    change, the day before the first change (the state before it, as
    :func:`~orggraph.render.analysis_plots.overtime.series` shows it): so ``d[0]`` is in
    force on every earlier day too. With *root*, a day on which the root unit does not
    exist has ``None`` in ``x`` (the page refuses it), and a day on which the subtree is
    as the day before is left out.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... units:
    ...   - {id: hq, name: HQ, units: [{id: qa, name: QA, valid_from: 2027-01-01}]}
    ... ''', as_of="2026-06-01")
    >>> data = date_columns(org, explorer_data(org))
    >>> data["id"], data["p"], data["dt"]["d"], data["dt"]["x"][1]
    (['hq', 'qa'], [-1, -2], ['2026-06-01', '2027-01-01'], {'p': {'$i': [1], '$v': [0]}})
    >>> late = org.as_of("2027-01-01")
    >>> dt = date_columns(late, explorer_data(late.subtree("qa")), root="qa")["dt"]
    >>> dt["d"], dt["x"]
    (['2026-12-31', '2027-01-01'], [None, 0])
    """
    if not org.dated or org.date is None:
        return data
    table = StringTable(data["s"])
    changes = org.dates()
    days = {*changes, org.date}
    if changes and org.date >= changes[0]:
        days.add(changes[0] - datetime.timedelta(days=1))
    isos: list[str] = []
    found: list[_Day] = []
    rows: list[int | None] = []  # each day's position in found; None: no root that day
    at = 0
    for day in sorted(days):
        isos.append(day.isoformat())
        if day == org.date:
            at = len(rows)
            rows.append(len(found))
            found.append(_Day(data))
            continue
        then = org.as_of(day)
        if root is not None:
            if root not in then:
                rows.append(None)
                continue
            then = then.subtree(root)
        rows.append(len(found))
        found.append(_Day(explorer_data(then, lang=lang, people=people, theme=theme, table=table)))
    here = rows[at]
    assert here is not None  # the page's own day has its root
    common = _common(found, here)
    base = common[here]
    deltas: list[Any] = []
    for k, j in enumerate(rows):
        if j is None or k == at:
            deltas.append(None if j is None else 0)
            continue
        delta = _delta({key: base[key] for key in common[j]}, common[j])
        deltas.append({} if delta is _SAME else delta)
    # a sub-chart's day the same as the day before it (a change elsewhere) is not listed
    before = [{} if isinstance(x, int) else x for x in deltas]  # the page's own day: no delta
    kept = [k for k, x in enumerate(before) if k in (0, at) or x != before[k - 1]]
    base["dt"] = {
        "at": kept.index(at),
        "d": [isos[k] for k in kept],
        "x": [deltas[k] for k in kept],
        "w": [words(x or None)["as_of"] for x in data["langs"]],
    }
    return base
