"""Sample organisations: the real ones that ship with orggraph (:func:`load`,
:func:`names`, :func:`path`) and synthetic ones of any size, reproducible by seed
(:func:`synthetic`).

>>> import orggraph as og
>>> names()
['ecommerce', 'ecommerce-split', 'xingchen']
>>> og.datasets.load("ecommerce").headcount("customer_service").value
7

``"ecommerce"`` is the seed (a real staffing table) and ``"ecommerce-split"`` its planned
split, one dated organisation (the seed until 2026-12-31, split from 2027-01-01: ask it
``as_of`` a named day, since an undated query answers for today); ``"xingchen"`` is an
invented company of 120 people in 86 posts, for the people in posts (holders,
vacancies, acting heads, job shares).

>>> split = load("ecommerce-split")
>>> [len(split.as_of(day)) for day in ("2026-12-31", "2027-01-01")]
[44, 45]

Synthetic spans are mostly 3-12 with some flat groups of 20 or more, the depth grows
like log(n), every unit has a head post and the leaf teams have staff with seats and
salaries (a few figures left unknown on purpose), plus some dotted-line and
collaboration links. Rows come out in the table import's canonical columns
(:func:`synthetic_rows`), so the same data can be written to CSV and read back.

>>> org = synthetic(200, seed=1)
>>> len(org), org.root
(200, 'u0')
>>> synthetic(200, seed=1) == org
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from orggraph.core.org import Org
from orggraph.errors import OrgError, UnknownIdError
from orggraph.io.native import loads

__all__ = ["COLUMNS", "FUNCTIONS", "load", "names", "path", "synthetic", "synthetic_rows"]


def names() -> list[str]:
    """The names of the bundled organisations."""
    folder = resources.files("orggraph.data")
    return sorted(p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.name.endswith(".yaml"))


def path(name: str) -> Path:
    """The file of a bundled organisation (inside the installed package)."""
    if name not in names():
        raise UnknownIdError(name, choices=names(), what="dataset")
    return Path(str(resources.files("orggraph.data") / f"{name}.yaml"))


def load(name: str, *, as_of: Any = None) -> Org:
    """Load a bundled organisation by name, e.g. ``"ecommerce"``; *as_of* (a date or
    ISO text) the day a dated one answers for (``"ecommerce-split"``: the seed until
    2026-12-31, split from 2027-01-01).

    >>> [load("ecommerce-split", as_of=d).children("coo")[-3:] for d in ("2026-12-31", "2027-01-01")]
    [['customer_service', 'procurement_logistics', 'marketing'], ['procurement', 'warehousing_logistics', 'marketing']]
    """
    source = resources.files("orggraph.data") / f"{name}.yaml"
    if name not in names():
        raise UnknownIdError(name, choices=names(), what="dataset")
    return loads(source.read_bytes(), "yaml", file=f"<orggraph dataset {name}>", as_of=as_of)


# The columns of the rows synthetic_rows() yields (tabular's canonical names).
COLUMNS = (
    "id",
    "parent",
    "name_en",
    "name_zh",
    "type",
    "head_title_en",
    "head_title_zh",
    "head_salary",
    "dotted",
    "staff_title_en",
    "staff_title_zh",
    "seats",
    "salary",
    "fte",
)

FUNCTIONS = (
    ("Sales", "销售"),
    ("Marketing", "市场"),
    ("Engineering", "研发"),
    ("Operations", "运营"),
    ("Customer Service", "客服"),
    ("Finance", "财务"),
    ("People", "人力资源"),
    ("Logistics", "物流"),
    ("Procurement", "采购"),
    ("Legal", "法务"),
    ("Data", "数据"),
    ("Design", "设计"),
)
LEVELS = (
    ("company", "Company", "公司"),
    ("division", "Division", "事业部"),
    ("department", "Department", "部门"),
    ("group", "Group", "组"),
    ("team", "Team", "小组"),
)


def _span(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.08:
        return rng.randint(20, 40)  # a flat group: a call centre, a warehouse shift
    if roll < 0.15:
        return rng.randint(1, 2)
    return rng.randint(3, 12)


def synthetic_rows(
    n: int, *, seed: int = 0, links: bool = True, measures: bool = True
) -> Iterator[dict[str, Any]]:
    """The rows of :func:`synthetic` (canonical tabular columns), generated lazily."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise OrgError(f"the number of units must be a whole number >= 1, got {n!r}")
    rng = random.Random(seed)
    parent = [-1] * n
    depth = [0] * n
    func = [0] * n
    kids = [0] * n
    nxt = 1
    # Breadth-first growth keeps depth ~ log(n): each unit in turn gets its span.
    i = 0
    while nxt < n:
        span = min(_span(rng), n - nxt)
        for _ in range(span):
            parent[nxt] = i
            depth[nxt] = depth[i] + 1
            func[nxt] = rng.randrange(len(FUNCTIONS)) if i == 0 else func[i]
            nxt += 1
        kids[i] = span
        i += 1
    dotted: dict[int, list[int]] = {}
    if links and n > 10:
        for _ in range(max(1, n // 200)):
            a, b = rng.randrange(1, n), rng.randrange(1, n)
            if a != b and parent[b] != a and a not in dotted.get(b, ()):
                dotted.setdefault(b, []).append(a)
    for u in range(n):
        level = min(depth[u], len(LEVELS) - 1)
        kind, en_level, zh_level = LEVELS[level]
        en_func, zh_func = FUNCTIONS[func[u]]
        label = f"{u}"
        row: dict[str, Any] = {
            "id": f"u{u}",
            "parent": f"u{parent[u]}" if parent[u] >= 0 else "",
            "name_en": f"{en_func} {en_level} {label}" if u else "Synthetic Holdings",
            "name_zh": f"{zh_func}{zh_level} {label}" if u else "合成控股",
            "type": kind,
            "head_title_en": f"Head of {en_func}" if u else "Chief Executive",
            "head_title_zh": f"{zh_func}负责人" if u else "总经理",
            "head_salary": None
            if rng.random() < 0.02
            else 5000 * (8 - min(level, 6)) + rng.randrange(0, 5000, 100),
            "dotted": ";".join(f"u{m}" for m in dotted.get(u, ())),
        }
        if kids[u] == 0:  # leaf teams carry the staff
            row["staff_title_en"] = f"{en_func} specialist"
            row["staff_title_zh"] = f"{zh_func}专员"
            row["seats"] = None if rng.random() < 0.02 else rng.randint(1, 12)
            row["salary"] = None if rng.random() < 0.03 else rng.randrange(3000, 15000, 100)
        if measures:
            row["fte"] = round(rng.uniform(0.5, 12.0), 1) if rng.random() > 0.01 else None
        yield row


def synthetic(n: int, *, seed: int = 0, links: bool = True, measures: bool = True) -> Org:
    """A synthetic :class:`~orggraph.Org` of *n* units."""
    from orggraph.io.tables import from_records

    header = list(COLUMNS if measures else COLUMNS[:-1])
    return from_records(
        list(synthetic_rows(n, seed=seed, links=links, measures=measures)),
        header=header,
        measures=["fte"] if measures else (),
        lang=["en", "zh"],
        file=f"<synthetic {n} units, seed {seed}>",
    )
