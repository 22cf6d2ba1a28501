"""What a unit box says about its people, in the chart's language (both engines).

Under the head's title, the head's name (cover marked ``"Name (acting)"``, ``"名字（代）"``);
an empty head post says **Vacant** (``空缺``) where the name would be. Assistant posts get a
line of their own (``"Executive assistant: Liu Yang"``). With ``people="names"`` the staff
follow by name, grouped by post title. Holders who share one seat (part-timers whose FTE
add up to at most one seat: a job share) are ``"A / B"``; seats are apart by the name
separator (``", "``, ``"、"``).

Vacant marks say exactly what :meth:`Org.vacancies` says (one rule:
:func:`~orggraph.core.people.open_seats`): ``"Vacant"`` at the end of a post's line,
``"Vacant ×2"`` for two open seats. A post whose seats are not known marks nothing (its
vacancies are unknown, not zero), nor does a post that does not count (``counts: false``,
a board) or is being eliminated. A post whose holders are not known names nobody: it gives
``"22 of 24 filled"`` when the file says how many are filled (and its open seats' mark).

A box lists at most :data:`BOX_LIMIT` entries (a name, or a post line without a name: a
Vacant mark, a "filled" figure), the head's first; the rest is summed up at the end:
``"and 9 more"`` people, then the open seats of the post lines left out, ``"Vacant: 190
more posts"`` (``"另有 190 个空缺岗位"``; ``"Vacant: 230 seats in 190 more posts"`` when
some have several), a mark as a whole, so that every open seat is still on the box. With
``people="boxes"`` only the head's line is here (staff and assistants are boxes of their
own); ``people="off"`` says nothing.

Lines are plain text (control characters dropped, line breaks made spaces); escaping is
each writer's job.

>>> import warnings, orggraph as og
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # the sample's intended warning (a vacant head)
...     org = og.datasets.load("xingchen")
>>> [p.text for p in unit_people(org, "rd_sw_cloud", lang="en")]
['Xie Junjie (acting)', 'Backend engineer:', 'Deng Tianyou, Cao Yanan,', 'Peng Lixin, Zeng Guoqiang', 'DevOps engineer: Xiao Hongmei', 'Contract QA engineer:', 'Tian Jianhua']
>>> [p.text for p in unit_people(org, "sales_south", lang="zh")]
['空缺', '大客户经理：谭晓燕、陆永康', '销售代表：汪德明、范家豪、金梦瑶']
>>> [(p.text, p.text[p.mark:]) for p in unit_people(org, "ceo_office", lang="en") if p.vacant]
[('Legal counsel: Vacant', 'Vacant')]
>>> [p.text for p in unit_people(org, "ops_assembly", lang="en", limit=2)]
['Li Juan', 'Line leader: He Ming', 'and 1 more', 'Assembly operator: Vacant ×2']
>>> [p.text for p in unit_people(org, "hr_comp", lang="en", mode="boxes")]
['Zhou Xuemei']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from orggraph.core.people import PostRecord, Role, open_seats
from orggraph.core.rows import cell_width
from orggraph.names import clean, text
from orggraph.render.labels import WORDS, words

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "BOX_LIMIT",
    "WIDTH",
    "PeopleLine",
    "people_lines",
    "split_mark",
    "unit_people",
]

BOX_LIMIT = 8
"""The most entries (names, and post lines without a name) a box lists about its people:
the head and about six staff; the rest is summed up (see the module docs)."""
WIDTH = 26
"""Display columns of a people line (East Asian wide characters count two) before it wraps:
narrower than a title (40), so that names make boxes taller rather than the chart wider; a
line up to a quarter longer is kept whole rather than broken in two."""
_SLACK = 1e-9  # FTE sums: 0.3 + 0.7 fills one seat


class PeopleLine(NamedTuple):
    """One line of a box about its people. ``mark``: where a Vacant mark starts in
    ``text`` (it runs to the end; ``len(text)`` when there is none; ``0`` for the summary
    of the open seats left out); ``part``: ``"head"``, ``"assistant"``, ``"staff"`` or
    ``"more"`` (the summaries at the end)."""

    text: str
    mark: int
    part: str

    @property
    def vacant(self) -> bool:
        """Whether the line ends with a Vacant mark."""
        return self.mark < len(self.text)


def _mark_pattern() -> re.Pattern[str]:
    marks = []
    for w in WORDS.values():
        for key in ("vacant", "vacant_n", "vacant_more", "vacant_more_seats"):
            mark = re.escape(w[key])
            for field in ("{n}", "{posts}", "{seats}"):
                mark = mark.replace(re.escape(field), r"[\d,]+")
            marks.append(mark)
    return re.compile(f"(?:{'|'.join(sorted(marks, key=len, reverse=True))})$")


_MARK = _mark_pattern()


def split_mark(line: str) -> tuple[str, str]:
    """A line that ends with a Vacant mark as ``(text before, mark)`` (the writers set the
    mark apart); ``(line, "")`` without one. Only the end of the line is looked at, so a
    person who happens to be called "Vacant" earlier on the line is not marked.

    >>> split_mark("Engineer: Ann, Vacant ×2"), split_mark("空缺"), split_mark("Ann")
    (('Engineer: Ann, ', 'Vacant ×2'), ('', '空缺'), ('Ann', ''))
    """
    found = _MARK.search(line)
    if found is None:
        return line, ""
    return line[: found.start()], found.group()


def people_lines(
    org: Org,
    uids: Sequence[str],
    *,
    lang: str | None = None,
    mode: str = "names",
    limit: int = BOX_LIMIT,
    width: int = WIDTH,
    assistants: bool = True,
) -> list[list[PeopleLine]] | None:
    """:func:`unit_people` of each of *uids*; ``None`` (nothing to say for any box) when
    *mode* is ``"off"`` or no post of the organisation says who holds it: then nothing
    about people is looked at, which keeps big charts without people fast. Without
    *assistants* the assistants' lines are left out (a chart that draws them beside).

    >>> import orggraph as og
    >>> print(people_lines(og.datasets.load("ecommerce"), ["ceo"]))
    None
    """
    if mode == "off" or not org.has_people():
        return None
    shown = _Shown(org, lang, limit, width)
    return [shown.unit(u, mode, assistants) for u in uids]


def unit_people(
    org: Org,
    uid: str,
    *,
    lang: str | None = None,
    mode: str = "names",
    limit: int = BOX_LIMIT,
    width: int = WIDTH,
) -> list[PeopleLine]:
    """The people lines of unit *uid*'s box (see the module's docs) in *lang*, at most
    *width* columns each.

    >>> import orggraph as og
    >>> org = og.loads('''
    ... people: [{id: Ann, name: Ann}, {id: Bo, name: Bo}]
    ... units:
    ...   - id: a
    ...     name: A
    ...     head: {title: Lead, seats: 1, holders: [{person: Ann, fte: 0.5}, {person: Bo, fte: 0.5}]}
    ...     staff: [{title: Engineer, seats: 4, holders: [Cy, Di]}, {title: Clerk}]
    ... ''')
    >>> [(p.text, p.part, p.vacant) for p in unit_people(org, "a", limit=3)]
    [('Ann / Bo', 'head', False), ('Engineer: Cy, Vacant ×2', 'staff', True), ('and 1 more', 'more', False)]
    >>> unit_people(org, "a", mode="off")
    []
    """
    if mode == "off":
        return []
    return _Shown(org, lang, limit, width).unit(uid, mode)


class _Budget:
    """What one box may still list (``left`` entries) and what it left out: names, and the
    open seats of posts whose line did not fit (every one is counted at the end)."""

    def __init__(self, left: int) -> None:
        self.left = left
        self.people = 0
        self.groups: list[list[PeopleLine]] = []  # the lines left out, each a Vacant mark
        self.posts = 0
        self.seats = 0

    def take(self, n: int) -> bool:
        """Whether *n* more entries fit; once some do not, nothing more does (the order
        of the box is kept: no later, shorter entry jumps ahead)."""
        if n <= self.left:
            self.left -= n
            return True
        self.left = 0
        return False

    def summary(self, w: Mapping[str, str]) -> list[PeopleLine]:
        """``"and 3 more"`` people, then the open seats left out: the one post line as it
        would have been, or ``"Vacant: 190 more posts"`` (a mark as a whole)."""
        out = []
        if self.people:
            more = w["more"].format(n=self.people)
            out.append(PeopleLine(more, len(more), "more"))
        if len(self.groups) == 1:
            out.extend(self.groups[0])
        elif self.groups:
            key = "vacant_more" if self.seats == self.posts else "vacant_more_seats"
            out.append(PeopleLine(w[key].format(posts=self.posts, seats=self.seats), 0, "more"))
        return out


class _Shown:
    """What boxes say about people in one language: the words, each person's shown
    name and each non-primary role and part-time share, looked up once per chart."""

    def __init__(self, org: Org, lang: str | None, limit: int, width: int) -> None:
        self.org = org
        self.lang = lang
        self.default_lang = org.lang[0] if org.lang else None
        self.w = words(lang)
        self.limit = limit
        self.width = width
        self.names: dict[str, str] = {}
        # Cover (acting, interim, secondment) and part time by (unit, post, person); most
        # assignments are primary and full time.
        self.roles: dict[tuple[str, str, str], Role] = {}
        self.ftes: dict[tuple[str, str, str], float] = {}
        for a in org.assignments():
            if a.role != "primary":
                self.roles[a.unit, a.post, a.person] = a.role
            if a.fte < 1:
                self.ftes[a.unit, a.post, a.person] = a.fte

    def unit(self, uid: str, mode: str, assistants: bool = True) -> list[PeopleLine]:
        out: list[PeopleLine] = []
        budget = _Budget(self.limit)
        staff: dict[str, list[PostRecord]] = {}  # by shown title, in order of appearance
        for rec in self.org.posts(uid):
            if rec.kind == "head":
                out.extend(self._group("", [rec], "head", budget))
            elif rec.kind == "assistant":
                if mode == "names" and assistants:  # else boxes of their own
                    out.extend(self._group(self._title(rec.title), [rec], "assistant", budget))
            elif mode == "names":
                staff.setdefault(self._title(rec.title), []).append(rec)
        for title, recs in staff.items():
            out.extend(self._group(title, recs, "staff", budget))
        return out + budget.summary(self.w)

    def _name(self, pid: str) -> str:
        got = self.names.get(pid)
        if got is None:
            name = text(self.org.person(pid).name, self.lang, default_lang=self.default_lang)
            # One line: control characters dropped, any run of spaces or breaks one space.
            got = " ".join(clean(name).split()) or pid
            self.names[pid] = got
        return got

    def _holder(self, rec: PostRecord, pid: str) -> str:
        role = self.roles.get((rec.unit, rec.id, pid))
        name = self._name(pid)
        return name if role is None else self.w[role].format(name=name)

    def _vacant(self, open_: int) -> str:
        """The Vacant mark of *open_* seats ("" for none)."""
        if not open_:
            return ""
        return self.w["vacant"] if open_ == 1 else self.w["vacant_n"].format(n=open_)

    def _seats(self, rec: PostRecord, holders: Sequence[str]) -> list[tuple[str, int]]:
        """The shown holders of *rec* by seat, each with how many they are: someone full
        time has a seat alone; part-timers share one while their FTE add up to at most one
        seat (``"A / B"``, a job share). The largest shares are seated first (so 0.6, 0.6,
        0.4, 0.4 take two seats, not three); seats and the names in a seat keep the order
        of the holders. This groups names for the box only: the seats counted filled (and
        so the Vacant marks) are :func:`orggraph.core.rollup.filled_seats`' ceiling of the
        FTE, so shares that do not pack (0.7, 0.7, 0.6) show one line more than that."""
        ftes = [self.ftes.get((rec.unit, rec.id, pid), 1.0) for pid in holders]
        seat_of = [0] * len(holders)
        room: list[float] = []  # the FTE still free in each seat
        for i in sorted(range(len(holders)), key=lambda i: -ftes[i]):
            free = next((s for s, r in enumerate(room) if ftes[i] <= r + _SLACK), None)
            if free is None:
                free = len(room)
                room.append(1.0)
            room[free] -= ftes[i]
            seat_of[i] = free
        seats: dict[int, list[str]] = {}  # by seat, in order of the seat's first holder
        for i, pid in enumerate(holders):
            seats.setdefault(seat_of[i], []).append(self._holder(rec, pid))
        return [(" / ".join(names), len(names)) for names in seats.values()]

    def _title(self, title: object) -> str:
        shown = text(title, self.lang, default_lang=self.default_lang)  # type: ignore[arg-type]
        return " ".join(clean(shown).split())

    def _group(
        self, title: str, recs: Sequence[PostRecord], part: str, budget: _Budget
    ) -> list[PeopleLine]:
        """The lines of posts *recs* under one *title* ("" for the head's post: its title is
        already on the box): holders by seat (``"A / B"`` a job share, seats apart by the
        name separator) and known "filled" figures while *budget* lasts, then one Vacant
        mark for the open seats :func:`~orggraph.core.people.open_seats` counts. A mark
        with no name before it is an entry of its own: past the budget it is counted in
        the box's summary instead."""
        items: list[str] = []
        open_ = posts = 0
        for rec in recs:
            if rec.holders is None:  # not known: invent nothing, give the file's figure
                figure = part != "head" and rec.filled is not None and rec.seats is not None
                if figure and budget.take(1):
                    items.append(self.w["filled_of"].format(filled=rec.filled, seats=rec.seats))
            else:
                for seat, n in self._seats(rec, rec.holders):
                    if budget.take(n):
                        items.append(seat)
                    else:
                        budget.people += n
            got = open_seats(rec)
            if got:
                open_, posts = open_ + got, posts + 1
        mark = self._vacant(open_)
        if not items and mark and not budget.take(1):
            budget.groups.append(self._wrap(title, [], mark, part))
            budget.posts, budget.seats = budget.posts + posts, budget.seats + open_
            return []
        return self._wrap(title, items, mark, part)

    def _wrap(self, title: str, items: list[str], mark: str, part: str) -> list[PeopleLine]:
        """``"Title: a, b, Vacant"`` in lines of at most ``width`` columns, broken
        between items (an item longer than a line between its words, or anywhere); the
        mark stays whole at the end of the last line."""
        sep = self.w["name_sep"]
        tokens = [*items, mark] if mark else items
        if not tokens:
            return []
        pieces = [t + sep for t in tokens[:-1]] + [tokens[-1]]
        if title:
            pieces.insert(0, self.w["post_people"].format(title=title, names=""))
        width = self.width
        most = width + width // 4  # a little over the width is better than one more line
        whole = "".join(pieces)
        if cell_width(whole) <= most:
            return [PeopleLine(whole, len(whole) - len(mark), part)]
        lines: list[str] = []
        current = ""
        for piece in pieces:
            if current and cell_width((current + piece).rstrip()) > width:
                lines.append(current.rstrip())
                current = ""
            current += piece
            if cell_width(current.rstrip()) > most:  # one piece longer than a line
                *full, current = _break(current, width)
                lines.extend(full)
        lines.append(current.rstrip())
        out = [PeopleLine(line, len(line), part) for line in lines if line]
        if mark:
            last = out[-1].text
            out[-1] = PeopleLine(last, len(last) - len(mark), part)
        return out


def _break(line: str, width: int) -> list[str]:
    """*line* in pieces of at most *width* columns, broken at the last space that
    allows it, else anywhere; the last piece may be shorter.

    >>> _break("Xu Mingyuan / Sun Lijuan, ", 12)
    ['Xu Mingyuan', '/ Sun', 'Lijuan, ']
    """
    out = []
    while cell_width(line.rstrip()) > width:
        cut = _cut(line, width)
        space = line.rfind(" ", 0, cut + 1)
        if space > 0:
            out.append(line[:space].rstrip())
            line = line[space + 1 :]
        else:
            out.append(line[:cut])
            line = line[cut:]
    return [*out, line]


def _cut(line: str, width: int) -> int:
    """The most characters of *line* that fit *width* columns (at least one)."""
    used = 0
    for i, c in enumerate(line):
        used += cell_width(c)
        if used > width:
            return max(i, 1)
    return len(line)
