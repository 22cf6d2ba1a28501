"""Reading a dated document (see :func:`orggraph.core.schema.is_dated`): its checks over
time, and the :class:`~orggraph.core.history.History` it loads as
(:func:`build_dated`).

The checks run once, over every fact and every date, when the file is read: an
interval that ends before it starts (or on its first day), a unit whose parent does not
exist on some day the unit reports to it, a move or rename dated outside the unit's
life, a move that would make a unit report to itself (a ``CycleError``), a link whose
ends do not both exist while it holds, and holders beyond a post's seats on some day.
Each is a :class:`~orggraph.errors.DateError` naming the place, the ids and the date
range; they are reported together, as every load reports its problems. The checks of
people in posts (a holder who is not declared, one person's FTE over 1) run on the
organisation of one day, as :meth:`History.as_of` builds it: a day's problem there is
found when that day is asked for.

>>> import orggraph as og
>>> og.loads('''
... units:
...   - {id: a, name: A, valid_to: 2026-01-01}
...   - {id: b, name: B, parent: a, valid_from: 2025-06-01}
... ''')
Traceback (most recent call last):
...
orggraph.errors.DateError: units[1] (line 4, column 5): unit 'b' reports to 'a' from 2025-06-01 (open end), but 'a' exists only until 2026-01-01: missing from 2026-01-01 (open end)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from orggraph.core.checks import check_graph
from orggraph.core.history import DATE_KEYS, OPEN_END, History, Span, Steps, today
from orggraph.errors import CycleError, DateError, Problem, UnknownIdError, raise_problems

if TYPE_CHECKING:
    from orggraph.core.build import UnitRecord
    from orggraph.core.org import Org, OrgFacts

__all__ = ["build_dated"]

_SLACK = 1e-9  # FTE sums are floats, as in orggraph.core.people


def _span(fact: Mapping[str, Any]) -> Span:
    return (fact.get("valid_from"), fact.get("valid_to"), fact.get("recorded"))


def _range(start: str | None, end: str | None) -> str:
    if start is None:
        return f"until {end}" if end else "at all times"
    return f"from {start}" + (f" to {end}" if end else " (open end)")


def build_dated(
    records: Sequence[UnitRecord],
    *,
    responsibilities: list[tuple[str, dict[str, Any]]],
    links: Sequence[Any],
    facts: OrgFacts,
    unit_place: Callable[..., str],
    resp_place: Callable[[int], str],
    link_place: Callable[..., str],
    problems: list[Problem],
    as_of: str | None,
) -> Org:
    """Check the dated unit *records* and links (schema ``Link`` models) over time and
    build the organisation as of *as_of* (ISO text; ``None``: today)."""
    ids = [r[0] for r in records]
    parents = [r[1] for r in records]
    nodes: list[dict[str, Any]] = []
    lives: list[Span] = []
    moves: dict[int, Steps] = {}
    renames: dict[int, Steps] = {}
    dated: set[int] = set()
    for i, (_, _, data, _) in enumerate(records):
        node = {k: v for k, v in data.items() if k not in (*DATE_KEYS, "moves", "renames")}
        nodes.append(node)
        lives.append(_span(data))
        for key, found in (("moves", moves), ("renames", renames)):
            if data.get(key):
                found[i] = sorted(data[key], key=lambda s: s[0])
        if any(any(k in p for k in DATE_KEYS) for p in _holders_and_posts(node)):
            dated.add(i)
    owned = [(i, r[3]) for i, r in enumerate(records) if r[3]]
    link_rows = [
        (x.kind, x.from_, x.to, x.relation, x.mutual, (x.valid_from, x.valid_to, x.recorded))
        for x in links
    ]
    tree = check_graph(
        ids,
        parents,
        owned,
        responsibilities=responsibilities,
        links=[row[:5] for row in link_rows],
        unit_place=unit_place,
        resp_place=resp_place,
        link_place=link_place,
        problems=problems,
    )
    order = list(range(len(ids))) if tree.order is None else tree.order
    history = History(
        ids, parents, nodes, lives, moves, renames, dated, owned, responsibilities,
        link_rows, order, facts, unit_place,
    )  # fmt: skip
    if not problems:  # the checks over time need a sound tree of first parents
        problems.extend(_time_problems(history, tree.row_of, unit_place, link_place))
    _raise(problems, facts.file)
    return history.as_of(as_of or today())


def _holders_and_posts(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    head = node.get("head")
    for post in (*((head,) if head else ()), *(node.get("staff") or ())):
        yield post
        yield from (h for h in post.get("holders") or () if not isinstance(h, str))


def _raise(problems: list[Problem], file: str | None) -> None:
    """:func:`~orggraph.errors.raise_problems`; a :class:`DateError` carries the first
    problem's date range as ``period`` (its last pseudo-id, see :func:`_problem`)."""
    if not problems:
        return
    kind, place, message, ids = problems[0]
    period: tuple[str | None, str | None] | None = None
    if kind is DateError and ids and ids[-1].startswith("period:"):
        start, _, end = ids[-1].removeprefix("period:").partition("/")
        period, ids = (start or None, end or None), ids[:-1]
    try:
        raise_problems([(kind, place, message, ids), *problems[1:]], file)
    except DateError as err:
        if period is not None:
            err.period = period
        raise


def _problem(
    place: str, message: str, ids: Sequence[str], start: str | None, end: str | None
) -> Problem:
    # The period rides along as a last pseudo-id, taken off again by _raise.
    return (DateError, place, message, (*ids, f"period:{start or ''}/{end or ''}"))


def _time_problems(
    h: History,
    row_of: Mapping[str, int],
    unit_place: Callable[..., str],
    link_place: Callable[..., str],
) -> list[Problem]:
    """Every problem of *h* over time (see the module docs)."""
    found: list[Problem] = []
    for i, uid in enumerate(h.ids):
        if _ends_early(h.lives[i]):  # places are found only for problems: they cost
            found.append(_interval(unit_place(i), f"unit {uid!r}", h.lives[i], (uid,)))
        for where, fact, tell in _dated_facts(uid, h.nodes[i]):
            if _ends_early(_span(fact)):
                found.append(_interval(unit_place(i, where), tell(), _span(fact), (uid,)))
        found.extend(_parent_problems(h, i, row_of, unit_place))
        for n, (day, name, _) in enumerate(h.renames.get(i, ())):
            if not _within(h.lives[i], day):
                said = f"unit {uid!r} is renamed {name!r}"
                found.append(_outside(unit_place(i, ("renames", n)), said, day, h.lives[i], (uid,)))
        if i in h.dated or h.nodes[i].get("head") or h.nodes[i].get("staff"):
            found.extend(_seat_problems(uid, h.nodes[i], partial(unit_place, i)))
    for n, (kind, a, b, _, _, span) in enumerate(h.links):
        what = f"the {kind} link {a!r} -> {b!r}"
        if _ends_early(span):
            found.append(_interval(link_place(n), what, span, (a, b)))
        for end in (a, b):
            life = h.lives[row_of[end]]
            if not _covers(life, span[0], span[1]):
                found.append(
                    _problem(
                        link_place(n),
                        f"{what} holds {_range(span[0], span[1])}, but {end!r} exists only "
                        f"{_range(life[0], life[1])}",
                        (a, b), span[0], span[1],
                    )
                )  # fmt: skip
    return found


def _ends_early(span: Span) -> bool:
    return span[0] is not None and span[1] is not None and span[1] <= span[0]


def _interval(place: str, what: str, span: Span, ids: tuple[str, ...]) -> Problem:
    start, end, _ = span
    when = "on the day it starts" if end == start else "before it starts"
    return _problem(
        place,
        f"{what} ends {when}: valid_to {end} is not after valid_from {start}",
        ids, start, end,
    )  # fmt: skip


def _dated_facts(
    uid: str, node: Mapping[str, Any]
) -> Iterator[tuple[tuple[Any, ...], Mapping[str, Any], Callable[[], str]]]:
    """The unit's posts and dated holders: where, the fact, and what it is, told only
    for a problem (a million holders need no million messages)."""
    head = node.get("head")
    posts: list[tuple[tuple[Any, ...], Any]] = [(("head",), head)] if head else []
    posts.extend((("staff", j), p) for j, p in enumerate(node.get("staff") or ()))
    for where, post in posts:
        title = post.get("id") or post.get("title")
        yield where, post, partial("unit {!r}: post {!r}".format, uid, title)
        for k, holder in enumerate(post.get("holders") or ()):
            if not isinstance(holder, str):
                what = partial("unit {!r}: {!r} in post {!r}".format, uid, holder["person"], title)
                yield (*where, "holders", k), holder, what


def _within(life: Span, day: str) -> bool:
    """Whether *day* is one of the days of *life*."""
    return (life[0] is None or life[0] <= day) and (life[1] is None or day < life[1])


def _covers(life: Span, start: str | None, end: str | None) -> bool:
    """Whether the span *life* covers the days from *start* to *end* (``None``: open)."""
    return (life[0] is None or (start is not None and life[0] <= start)) and (
        life[1] is None or (end is not None and end <= life[1])
    )


def _parent_problems(
    h: History, i: int, row_of: Mapping[str, int], unit_place: Callable[..., str]
) -> Iterator[Problem]:
    """The stretches of unit *i*'s life under a parent that does not exist then, moves
    to unknown units and moves that would close a reporting cycle."""
    uid = h.ids[i]
    start, end, _ = h.lives[i]
    steps = h.moves.get(i, [])
    cuts: list[tuple[str | None, str | None]] = [(start, h.parents[i])]
    for n, (day, parent, _) in enumerate(steps):
        if parent is not None and parent not in row_of:
            yield (UnknownIdError, unit_place(i, ("moves", n, "parent")),
                   f"unit {uid!r} moves to unknown unit {parent!r}", (uid, parent))  # fmt: skip
            return
        if (start is None or day > start) and (end is None or day < end):
            cuts.append((day, parent))
        elif day == start:  # from its first day: its parent after all
            cuts[0] = (start, parent)
        else:
            yield _outside(unit_place(i, ("moves", n)), f"unit {uid!r} moves to {parent!r}",
                           day, h.lives[i], (uid,))  # fmt: skip
    for n, (since, parent) in enumerate(cuts):
        until = cuts[n + 1][0] if n + 1 < len(cuts) else end
        if parent is None:
            continue
        life = h.lives[row_of[parent]]
        if not _covers(life, since, until):
            gap = _gap(life, since, until)
            yield _problem(
                unit_place(i),
                f"unit {uid!r} reports to {parent!r} {_range(since, until)}, but {parent!r} "
                f"exists only {_range(life[0], life[1])}: missing {_range(*gap)}",
                (uid, parent), *gap,
            )  # fmt: skip
        elif n and since is not None and (loop := _loop(h, row_of, parent, uid, since)):
            # The loop lasts until one of its units moves again (or this one's next cut).
            later = (d for u in loop for d, _, _ in h.moves.get(row_of[u], ()) if d > since)
            upto = min((d for d in (*later, until) if d is not None), default=None)
            yield (CycleError, unit_place(i, ("moves", n - 1)),
                   f"unit {uid!r} would report to itself {_range(since, upto)}: {parent!r} "
                   "is under it then", (uid, parent))  # fmt: skip


def _outside(place: str, what: str, day: str, life: Span, ids: tuple[str, ...]) -> Problem:
    """A move or rename dated outside the unit's life (it would never apply)."""
    return _problem(
        place,
        f"{what} on {day}, outside its life: it exists only {_range(life[0], life[1])}",
        ids, life[0], life[1],
    )  # fmt: skip


def _gap(life: Span, start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """The first stretch of *start*..*end* outside *life*."""
    if life[0] is not None and (start is None or start < life[0]):
        return start, life[0]
    return life[1], end


def _loop(h: History, row_of: Mapping[str, int], top: str, uid: str, day: str) -> list[str]:
    """The chain of *top*'s parents on *day* up to *uid*, when it passes through *uid*
    (a reporting cycle then); empty otherwise."""
    chain: list[str] = []
    seen: set[str] = set()
    at: str | None = top
    while at is not None and at not in seen:
        chain.append(at)
        seen.add(at)
        if at == uid:
            return chain
        row = row_of[at]
        steps = h.moves.get(row)
        at = h.parents[row]
        for start, parent, _ in steps or ():
            if start > day:
                break
            at = parent
    return []


def _dated_holder(holder: Any) -> bool:
    return not isinstance(holder, str) and ("valid_from" in holder or "valid_to" in holder)


def _seat_problems(
    uid: str, node: Mapping[str, Any], place: Callable[[Any], str]
) -> Iterator[Problem]:
    """The days on which a post's dated holders add up to more FTE than its seats."""
    head = node.get("head")
    posts: list[tuple[tuple[Any, ...], Any]] = [(("head",), head)] if head else []
    posts.extend((("staff", j), p) for j, p in enumerate(node.get("staff") or ()))
    for where, post in posts:
        holders = post.get("holders") or ()
        seats = post.get("seats")
        if seats is None or not any(_dated_holder(x) for x in holders):
            continue
        steps: list[tuple[str, float]] = []
        for x in holders:
            fte = 1.0 if isinstance(x, str) or x.get("fte") is None else float(x["fte"])
            start, end = (
                (None, None) if isinstance(x, str) else (x.get("valid_from"), x.get("valid_to"))
            )
            steps.append((start or "", fte))
            steps.append((end or OPEN_END, -fte))
        steps.sort()  # an end sorts before a start on the same day (negative first)
        total = 0.0
        for n, (day, delta) in enumerate(steps):
            total += delta
            nxt = steps[n + 1][0] if n + 1 < len(steps) else OPEN_END
            if total > seats + _SLACK and nxt > day:
                title = post.get("id") or post.get("title")
                yield _problem(
                    place((*where, "holders")),
                    f"unit {uid!r}: post {title!r}: its holders add up to {total:g} FTE in "
                    f"{seats} seat{'s' if seats != 1 else ''} {_range(day or None, nxt if nxt != OPEN_END else None)}",
                    (uid,), day or None, None if nxt == OPEN_END else nxt,
                )  # fmt: skip
                break
