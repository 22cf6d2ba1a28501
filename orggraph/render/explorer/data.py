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

__all__ = ["FORMAT_VERSION", "KINDS", "StringTable", "explorer_data"]

FORMAT_VERSION = 1
KINDS = ("head", "assistant", "staff")  # a post's kind column holds its position here
_LINK_KINDS = ("dotted", "collaboration")


class StringTable:
    """Texts by position, each text once (names and titles repeat a lot).

    >>> t = StringTable()
    >>> t.add("Sales"), t.add("Tech"), t.add("Sales"), t.add(None), t.strings
    (0, 1, 0, -1, ['Sales', 'Tech'])
    """

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._at: dict[str, int] = {}
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
) -> dict[str, Any]:
    """The organisation as the explorer's columns (JSON-ready plain data).

    *lang*: the language the page opens in (default: the organisation's first);
    *people*: ``False`` leaves out people's names (posts, seats and vacancies stay).
    """
    langs = _langs(org)
    table = StringTable()
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
        names.append(shown)
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
        "currency": org.currency,
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
