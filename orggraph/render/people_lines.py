"""What a unit box says about its people, in the chart's language (both engines).

Under the head's title, the head's name (a job share ``"A / B"``, cover marked
``"Name (acting)"``, ``"名字（代）"``); an empty head post says **Vacant** (``空缺``) where the
name would be. Assistant posts get a line of their own (``"Executive assistant: Liu
Yang"``). With ``people="names"`` the staff follow by name, grouped by post title, the first
:data:`STAFF_LIMIT` names and then ``"and 9 more"``; every open seat of a post whose holders
are known is marked Vacant at the end of its post's line (``"Vacant ×2"`` for two), never
hidden by the limit. A post whose holders are not known invents nothing: no name, no
Vacant, only ``"22 of 24 filled"`` when the file says how many are filled. With
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
>>> [p.text for p in unit_people(org, "ops_assembly", lang="en", limit=1)]
['Li Juan', 'Line leader: He Ming', 'Assembly operator:', '22 of 24 filled', 'and 1 more']
>>> [p.text for p in unit_people(org, "hr_comp", lang="en", mode="boxes")]
['Zhou Xuemei']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from orggraph.core.people import PostRecord, Role
from orggraph.names import clean, text
from orggraph.render.labels import WORDS, words

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = [
    "STAFF_LIMIT",
    "WIDTH",
    "PeopleLine",
    "people_lines",
    "split_mark",
    "unit_people",
]

STAFF_LIMIT = 6
"""The most staff names a box lists; the rest are ``"and N more"``."""
WIDTH = 26
"""Display columns of a people line (East Asian wide characters count two) before it wraps:
narrower than a title (40), so that names make boxes taller rather than the chart wider; a
line up to a quarter longer is kept whole rather than broken in two."""


class PeopleLine(NamedTuple):
    """One line of a box about its people. ``mark``: where a Vacant mark starts in
    ``text`` (it runs to the end; ``len(text)`` when there is none); ``part``: ``"head"``,
    ``"assistant"``, ``"staff"`` or ``"more"``."""

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
        marks.append(re.escape(w["vacant"]))
        marks.append(re.escape(w["vacant_n"]).replace(re.escape("{n}"), r"[\d,]+"))
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
    limit: int = STAFF_LIMIT,
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
    limit: int = STAFF_LIMIT,
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
    >>> [(p.text, p.part, p.vacant) for p in unit_people(org, "a", limit=1)]
    [('Ann / Bo', 'head', False), ('Engineer: Cy, Vacant ×2', 'staff', True), ('and 1 more', 'more', False)]
    >>> unit_people(org, "a", mode="off")
    []
    """
    if mode == "off":
        return []
    return _Shown(org, lang, limit, width).unit(uid, mode)


class _Shown:
    """What boxes say about people in one language: the words, each person's shown
    name and each non-primary role, looked up once per chart."""

    def __init__(self, org: Org, lang: str | None, limit: int, width: int) -> None:
        self.org = org
        self.lang = lang
        self.default_lang = org.lang[0] if org.lang else None
        self.w = words(lang)
        self.limit = limit
        self.width = width
        self.names: dict[str, str] = {}
        # Cover (acting, interim, secondment) by (unit, post, person); most are primary.
        self.roles: Mapping[tuple[str, str, str], Role] = {
            (a.unit, a.post, a.person): a.role for a in org.assignments() if a.role != "primary"
        }

    def unit(self, uid: str, mode: str, assistants: bool = True) -> list[PeopleLine]:
        out: list[PeopleLine] = []
        staff: list[PostRecord] = []
        for rec in self.org.posts(uid):
            if rec.kind == "head":
                out.extend(self._post_line(rec, None, "head"))
            elif rec.kind == "assistant":
                if mode == "names" and assistants:  # else boxes of their own
                    out.extend(self._post_line(rec, rec.title, "assistant"))
            else:
                staff.append(rec)
        if mode == "names" and staff:
            out.extend(self._staff(staff))
        return out

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

    def _sep(self, rec: PostRecord, names: Sequence[str]) -> str:
        # Holders who share seats (a job share: two at half time in one seat) are "A / B".
        shared = rec.filled is not None and len(names) > rec.filled
        return " / " if shared else self.w["name_sep"]

    def _post_line(self, rec: PostRecord, title: object | None, part: str) -> list[PeopleLine]:
        """The line of one post: its holders and Vacant mark, after its title unless
        *title* is None (the head's title is already on the box)."""
        if rec.holders is None:
            return []
        names = [self._holder(rec, p) for p in rec.holders]
        items = [self._sep(rec, names).join(names)] if names else []
        return self._wrap(self._title(title), items, self._vacant(_open_seats(rec)), part)

    def _title(self, title: object | None) -> str:
        if title is None:
            return ""
        shown = text(title, self.lang, default_lang=self.default_lang)  # type: ignore[arg-type]
        return " ".join(clean(shown).split())

    def _staff(self, posts: list[PostRecord]) -> list[PeopleLine]:
        """Staff grouped by post title (in order of first appearance): at most
        ``limit`` names, then "and N more"; Vacant marks and known "filled" figures
        always."""
        groups: dict[str, list[PostRecord]] = {}
        for rec in posts:
            groups.setdefault(self._title(rec.title), []).append(rec)
        budget = self.limit
        hidden = 0
        out: list[PeopleLine] = []
        for title, recs in groups.items():
            items: list[str] = []
            open_ = 0
            for rec in recs:
                if rec.holders is None:
                    if rec.filled is not None and rec.seats is not None:
                        figure = self.w["filled_of"].format(filled=rec.filled, seats=rec.seats)
                        items.append(figure)
                    continue
                names = [self._holder(rec, p) for p in rec.holders]
                kept, budget = names[: max(budget, 0)], budget - len(names)
                hidden += len(names) - len(kept)
                if kept:
                    sep = self._sep(rec, names)
                    items.extend([sep.join(kept)] if sep == " / " else kept)
                open_ += _open_seats(rec)
            mark = self._vacant(open_)
            if items or mark:
                out.extend(self._wrap(title, items, mark, "staff"))
        if hidden:
            more = self.w["more"].format(n=hidden)
            out.append(PeopleLine(more, len(more), "more"))
        return out

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
        if _columns(whole) <= most:
            return [PeopleLine(whole, len(whole) - len(mark), part)]
        lines: list[str] = []
        current = ""
        for piece in pieces:
            if current and _columns((current + piece).rstrip()) > width:
                lines.append(current.rstrip())
                current = ""
            current += piece
            if _columns(current.rstrip()) > most:  # one piece longer than a line
                *full, current = _break(current, width)
                lines.extend(full)
        lines.append(current.rstrip())
        out = [PeopleLine(line, len(line), part) for line in lines if line]
        if mark:
            last = out[-1].text
            out[-1] = PeopleLine(last, len(last) - len(mark), part)
        return out


def _open_seats(rec: PostRecord) -> int:
    """The seats of *rec* nobody holds, when its holders are known (0 when they are not,
    or the post is being eliminated). A post nobody holds whose seats are not known is
    one open seat."""
    if rec.holders is None or rec.status == "eliminated":
        return 0
    if rec.seats is None:
        return 0 if rec.holders else 1
    return max(0, rec.seats - (rec.filled or 0))


def _columns(line: str) -> int:
    """Display columns of *line*: East Asian wide characters count two."""
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _break(line: str, width: int) -> list[str]:
    """*line* in pieces of at most *width* columns, broken at the last space that
    allows it, else anywhere; the last piece may be shorter.

    >>> _break("Xu Mingyuan / Sun Lijuan, ", 12)
    ['Xu Mingyuan', '/ Sun', 'Lijuan, ']
    """
    out = []
    while _columns(line.rstrip()) > width:
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
        used += 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used > width:
            return max(i, 1)
    return len(line)
