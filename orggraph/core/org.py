"""`Org`: an organisation as a typed networkx graph, with queries and rollups.

Nodes carry ``kind="unit"`` or ``kind="responsibility"``. Edges carry ``kind`` and run
superior -> subordinate or source -> target: ``reporting`` (parent -> child),
``dotted`` (manager -> unit), ``collaboration`` (source -> target, with ``relation``
and ``mutual``) and ``responsibility`` (unit -> responsibility).

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: ceo
...     name: {zh: 总经理室, en: CEO office}
...     head: {title: CEO, salary: 20000}
...     units:
...       - {id: sales, name: Sales, staff: [{title: Rep, seats: 4, salary: 5000}]}
...       - {id: tech, name: Tech, staff: [{title: Engineer, seats: null}]}
... ''')
>>> org.root, org.children("ceo"), org.chain("sales")
('ceo', ['sales', 'tech'], ['sales', 'ceo'])
>>> org.headcount()
Rollup(value=5, unknown=('tech',))
>>> org.name("ceo", lang="zh")
'总经理室'
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, overload

from orggraph.core.compat import renamed
from orggraph.core.gcpause import paused as _gc_paused

# The link types live with the link queries; they stay importable from here.
from orggraph.core.orglinks import LINK_KINDS, Collaboration, DottedLine, Link, LinkKind, LinksMixin
from orggraph.core.orgpeople import PeopleMixin
from orggraph.core.orgtree import TreeMixin
from orggraph.core.rollup import BUILTIN_MEASURES, Number, Period, Rollup, RollupTable
from orggraph.core.store import UnitStore, with_responsibilities
from orggraph.core.upper import upper as _upper
from orggraph.errors import MeasureError, OrgError, UnknownIdError, did_you_mean, said, warn
from orggraph.names import Name, text

if TYPE_CHECKING:  # networkx loads with the first organisation, not with the package
    import datetime

    import networkx as nx

    from orggraph.core.history import Event, History
    from orggraph.core.rows import Rows

__all__ = ["LINK_KINDS", "Collaboration", "DottedLine", "Link", "LinkKind", "Org", "OrgFacts"]


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    """The file-format data with order-free lists sorted (links, responsibility declarations)
    and without the change log (history, not structure)."""
    import json

    out = dict(data)
    out.pop("changes", None)
    for key in ("links", "responsibilities"):
        if key in out:
            out[key] = sorted(
                out[key], key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False)
            )
    return out


@dataclass(frozen=True)
class OrgFacts:
    """The organisation's own facts, beside its units: what :func:`orggraph.core.build.build`
    takes as keywords and hands on, unchanged, to the :class:`Org` it builds.

    *name* is the organisation's name; *lang* its languages, the first the default;
    *attrs* its own attributes; *file* the file it was read from (for messages);
    *changes* its change log (:class:`orggraph.core.changes.Change`, oldest first);
    *people* the declared people, as plain data; *currency* and *salary_period* (``"month"``
    or ``"year"``) what its salary figures are in.
    """

    name: Name | None = None
    lang: Sequence[str] = ()
    attrs: Mapping[str, Any] | None = None
    file: str | None = None
    changes: Sequence[Any] = ()
    people: Sequence[Mapping[str, Any]] = ()
    currency: str | None = None
    salary_period: str = "month"
    # A dated organisation's facts over time (orggraph.core.history.History), the day
    # this Org is as of and the day its facts were known by (ISO text).
    history: Any = None
    as_of: str | None = None
    known_at: str | None = None

    def replace(self, **changes: Any) -> OrgFacts:
        """These facts with *changes* (fields by name): how an organisation made from
        another passes on its facts (``org.facts.replace(changes=...)``).

        >>> OrgFacts(name="Acme").replace(currency="EUR")
        OrgFacts(name='Acme', lang=(), attrs=None, file=None, changes=(), people=(), currency='EUR', salary_period='month', history=None, as_of=None, known_at=None)
        """
        return dataclasses.replace(self, **changes)


#: What a table of an organisation has a row for: each unit, or each person in a post
#: (and each open seat).
TableRows = Literal["units", "people"]


class Org(TreeMixin, LinksMixin, PeopleMixin):
    """An organisation: units as rows with reporting lines as row numbers, seen as one
    ``networkx.MultiDiGraph`` (``org.graph``, built on first use).

    Build one with :func:`orggraph.load`, :func:`orggraph.loads` or
    :meth:`Org.from_dict`. An ``Org`` is treated as immutable: reorganisation functions
    return new ones, and ``org.graph`` must not be modified in place.

    ``org.changes`` is the change log: a tuple of :class:`orggraph.core.changes.Change`, oldest
    first, written to files as the top-level ``changes:`` list.
    """

    def __init__(
        self,
        store: UnitStore,
        *,
        ids: list[str],
        index: dict[str, int],
        pidx: Sequence[int],
        order: Sequence[int] | None,
        roots: list[str],
        topological: bool = False,
        responsibilities: Mapping[str, dict[str, Any]] | None = None,
        resp_of: Mapping[str, list[str]] | None = None,
        links: Sequence[tuple[str, str, dict[str, Any]]] = (),
        facts: OrgFacts = OrgFacts(),
    ) -> None:
        # The core is columnar: units are rows (ids[i]), reporting lines are row numbers
        # (pidx[i], -1 for a root) and order is the chart order as rows. The units' own
        # data is the store's (orggraph.core.store), asked by row. The networkx graph,
        # the id-keyed parent/children maps, a table import's unit dicts and (when every
        # parent row comes first) the chart order are built on first use: a
        # million-unit load pays only for what its queries touch.
        self._store = store
        self._resp_data = dict(responsibilities or {})
        self._ids = ids
        self._index = index
        self._pidx = pidx
        if order is not None:
            self.__dict__["_order"] = order
        # True when every unit's parent row comes before its own row.
        self._topological = topological
        self._roots = roots
        self._resp_ids = list(self._resp_data)
        self._resp_of = resp_of if resp_of is not None else {}
        self._links = list(links)
        self.org_name = facts.name
        self.lang = list(facts.lang)
        self.attrs = dict(facts.attrs or {})
        self.file = file = facts.file
        self.changes = tuple(facts.changes)
        self._people_data = [dict(p) for p in facts.people]  # the declared people, as given
        self.currency = facts.currency
        self.salary_period = facts.salary_period
        # The keys of the warnings its building gave (errors.said): an organisation made
        # from this one (a date, a reorganisation, a subtree) does not repeat them.
        self.warned: tuple[str, ...] = ()
        self._facts = facts
        self._history: History | None = facts.history
        self._as_of, self._known_at = facts.as_of, facts.known_at
        if len(roots) > 1:
            warn(
                f"the organisation has {len(roots)} roots "
                f"({', '.join(roots[:5])}{', ...' if len(roots) > 5 else ''})",
                file,
            )

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The organisation as a frozen ``networkx.MultiDiGraph`` (built on first use).

        Nodes are the units and the responsibilities; edges carry ``kind`` (see the
        module docs). It must not be modified in place.
        """
        from orggraph.core.graph import build_graph

        return build_graph(self)

    # -- construction and export ------------------------------------------------------

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, file: str | None = None, as_of: Any = None
    ) -> Org:
        """Validate plain data in the file format and build an ``Org`` (a dated one as
        of *as_of*, default today).

        >>> Org.from_dict({"units": [{"id": "a", "name": "A"}]}).units()
        ['a']
        """
        from_dict: Any = _upper("orggraph.core.build", "from_dict")  # build imports Org
        return from_dict(data, file=file, as_of=as_of)  # type: ignore[no-any-return]

    def to_dict(self, *, people: bool = True, dated: bool = True) -> dict[str, Any]:
        """The organisation as plain data in the file format (nested by reporting line);
        ``people=False`` leaves personal data out, ``dated=False`` a dated organisation's
        other dates (see :func:`orggraph.core.document.to_dict`)."""
        from orggraph.core.document import to_dict

        return to_dict(self, people=people, dated=dated)

    @property
    def facts(self) -> OrgFacts:
        """The organisation's own facts (name, languages, file, change log, people...)
        without its dates: what an organisation made from this one starts from
        (``build(..., facts=org.facts.replace(...))``)."""
        facts = self._facts
        if facts.history is None and facts.as_of is None:
            return facts
        return facts.replace(history=None, as_of=None, known_at=None)

    # -- time: thin over orggraph.core.history ----------------------------------------

    @property
    def dated(self) -> bool:
        """Whether the organisation has dated facts (then it is as of :attr:`date`)."""
        return self._history is not None

    @property
    def date(self) -> datetime.date | None:
        """The day a dated organisation is as of (``None`` for an undated one)."""
        from datetime import date

        return None if self._as_of is None else date.fromisoformat(self._as_of)

    def as_of(self, date: Any, *, known_at: Any = None) -> Org:
        """The organisation in force on *date* (a ``datetime.date`` or ISO text); with
        *known_at*, as recorded by then (facts recorded later are left out). An undated
        organisation is the same on every date: itself."""
        from orggraph.core.history import iso_date

        day = iso_date(date, what="as_of date", file=self.file)
        known = None if known_at is None else iso_date(known_at, what="known_at", file=self.file)
        if self._history is None:
            return self
        with said(self.warned):
            return self._history.as_of(day, known)

    def dates(self) -> list[datetime.date]:
        """The sorted days on which anything changes ([] for an undated organisation)."""
        return [] if self._history is None else self._history.dates()

    def timeline(self, uid: str | None = None) -> list[Event]:
        """Every dated change (:class:`~orggraph.core.history.Event`), by date; those
        concerning unit *uid* when given."""
        if self._history is None:
            if uid is not None:
                self._check(uid)
            return []
        return self._history.timeline(uid)

    def history(self, uid: str, *, lang: str | None = None) -> Rows:
        """Unit *uid*'s parent, name (in *lang*; default the first language), head and
        headcount through time, one row per stretch between changes (a rename in *lang*
        starts one; one row for an undated organisation). ``head`` is
        ``None`` when the unit has no head post, ``"?"`` when its holders are unknown,
        else the holders' person ids (``()``: vacant)."""
        from orggraph.core.history import history_rows, stretch

        if self._history is None:  # one stretch, all time: no other date to build
            self._check(uid)
            return history_rows([stretch(self, uid, None, None, lang)])
        return self._history.unit_history(uid, self._known_at, lang)

    def changes_between(self, a: Any, b: Any) -> Any:
        """What changed from date *a* to date *b*: ``og.diff(org.as_of(a), org.as_of(b))``."""
        diff: Any = _upper("orggraph.ops.diff", "diff")
        return diff(self.as_of(a), self.as_of(b))

    def without_history(self) -> Org:
        """This date's organisation with no other dates (for writers that carry none)."""
        if self._history is None:
            return self
        # The same units, store and caches (all read-only): only the dates go, so this
        # costs nothing beside the load, where a round trip through to_dict built anew.
        plain = copy.copy(self)
        plain._facts = self.facts
        plain._history = plain._as_of = plain._known_at = None
        return plain

    def dump(self, path: str | Path, *, format: str | None = None, people: bool = True) -> Path:
        """Write the organisation to *path* in any writable format (by suffix, or
        *format*), atomically; ``people=False`` leaves personal data out. See
        :func:`orggraph.io.registry.dump`."""
        dump: Any = _upper("orggraph.io.registry", "dump")
        return dump(self, path, format=format, people=people)  # type: ignore[no-any-return]

    @overload
    def to_csv(self, path: None = None, *, rows: TableRows = "units", **options: Any) -> str: ...
    @overload
    def to_csv(self, path: str | Path, *, rows: TableRows = "units", **options: Any) -> Path: ...
    def to_csv(
        self, path: str | Path | None = None, *, rows: TableRows = "units", **options: Any
    ) -> str | Path:
        """The organisation as CSV, one row per unit (``rows="people"``: one per person in
        a post and per open seat): the text, or writes *path* (atomically); see
        :func:`orggraph.io.tables_out.to_csv` (``safe=True`` for files meant for
        spreadsheets, ``people=False`` without personal data)."""
        to_csv: Any = _upper("orggraph.io.tables_out", "to_csv")
        return to_csv(self, path, rows=rows, **options)  # type: ignore[no-any-return]

    def to_records(self, *, rows: TableRows = "units", people: bool = True) -> list[dict[str, Any]]:
        """One dict per unit (``rows="people"``: per assignment and open seat) in the table
        columns; see :func:`orggraph.io.tables_out.to_records`."""
        to_records: Any = _upper("orggraph.io.tables_out", "to_records")
        return to_records(self, rows=rows, people=people)  # type: ignore[no-any-return]

    def to_dataframe(self, *, rows: TableRows = "units", people: bool = True) -> Any:
        """A pandas ``DataFrame`` of :meth:`to_records` (needs pandas)."""
        to_dataframe: Any = _upper("orggraph.io.tables_out", "to_dataframe")
        return to_dataframe(self, rows=rows, people=people)

    def render(self, target: str | Path | None = None, **options: Any) -> Any:
        """Draw the organisation chart; see :func:`orggraph.render.render`."""
        return _upper("orggraph.render", "render")(self, target, **options)

    def chart(self, **options: Any) -> Any:
        """The chart :meth:`render` draws with *options*, for a notebook: it shows scaled
        to the cell, root in view, and ``.save("chart.svg")`` writes it; see
        :func:`orggraph.render.jupyter.chart`."""
        return _upper("orggraph.render.jupyter", "chart")(self, **options)

    def explore(self, **options: Any) -> Any:
        """The interactive explorer of this organisation: shown inline in a notebook,
        ``.save("org.html")`` writes the page (see :mod:`orggraph.render.explorer`)."""
        return _upper("orggraph.render.explorer", "explore")(self, **options)

    def to_graphviz(self, **options: Any) -> Any:
        """The chart as a ``graphviz.Digraph`` to adjust, show in Jupyter and render; see
        :func:`orggraph.render.graphviz.to_graphviz`."""
        return _upper("orggraph.render.graphviz", "to_graphviz")(self, **options)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Jupyter display: the chart as SVG (top levels only for big organisations)."""
        mimebundle: Any = _upper("orggraph.render.jupyter", "mimebundle")
        return mimebundle(self)  # type: ignore[no-any-return]

    # -- basics -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, uid: object) -> bool:
        return uid in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._preorder)

    def __eq__(self, other: object) -> bool:
        """Same units, posts, figures and names in the same chart order, same
        responsibilities and links (their listing order does not matter).

        The change log (``changes``) takes no part: it is how the organisation came to
        be, not what it is. Two ways to reach the same structure give equal
        organisations, and a reorganisation undone gives back an equal one; compare
        ``a.changes == b.changes`` as well when the history matters.
        """
        if not isinstance(other, Org):
            return NotImplemented
        return _canonical(self.to_dict(dated=False)) == _canonical(other.to_dict(dated=False))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        title = f" {text(self.org_name, default_lang=self._lang0)!r}" if self.org_name else ""
        n = len(self._roots)
        return f"<Org{title}: {len(self)} units, {n} root{'s' if n != 1 else ''}>"

    @property
    def node_data(self) -> Mapping[str, Mapping[str, Any]]:
        """Every unit's and responsibility's own data by id: the organisation's store
        itself, for code that reads many units (writers, analyses, charts) without a
        read-only view per lookup. Never modify what it returns; :meth:`unit` gives one
        unit's data behind a read-only view.

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: A, type: team}]").node_data["a"]["type"]
        'team'
        """
        return with_responsibilities(self._store.data, self._resp_data)

    def box_fields(
        self, uids: Sequence[str], lang: str | None = None
    ) -> tuple[list[str], list[str | None], list[Any]]:
        """What a chart box shows of each of *uids*: names, head titles (``None`` without
        a head) in *lang* (see :func:`orggraph.names.text`) and types, read from a table
        import's columns without building unit dicts.

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: A, head: {title: Boss}}]").box_fields(["a"])
        (['A'], ['Boss'], [None])
        """
        index = self._index
        return self._store.labels([index[u] for u in uids], lang, self._lang0)

    @property
    def _lang0(self) -> str | None:
        return self.lang[0] if self.lang else None

    def unit(self, uid: str) -> Mapping[str, Any]:
        """The unit's data, read-only: name, type, head, staff, attrs, aliases, description."""
        return MappingProxyType(self._store.data[self._check(uid)])

    @renamed(positional=("lang",))
    def name(self, uid: str, *, lang: str | None = None) -> str:
        """The name of a unit or responsibility in *lang* (default: the org's first language).

        >>> import orggraph as og
        >>> og.loads("units: [{id: a, name: {zh: 甲, en: A}}]").name("a", lang="en")
        'A'
        """
        nodes = self.node_data
        if uid not in nodes:
            raise UnknownIdError(uid, choices=list(nodes), what="id", file=self.file)
        return text(nodes[uid].get("name"), lang, default_lang=self._lang0)

    @property
    def title(self) -> str:
        """The organisation's own name in its first language ('' if it has none)."""
        return text(self.org_name, default_lang=self._lang0)

    # -- rollups ------------------------------------------------------------------------

    def measures(self) -> list[str]:
        """Measures that can be rolled up: the built-in ones, then numeric attrs keys."""
        more = [m for m in self._store.measures(self._order) if m not in BUILTIN_MEASURES]
        return [*BUILTIN_MEASURES, *more]

    def _check_measure(self, measure: str) -> None:
        if measure in BUILTIN_MEASURES or self._store.has_measure(measure):
            return
        choices = self.measures()
        raise MeasureError(
            f"unknown measure {measure!r}{did_you_mean(measure, choices)}; "
            f"choose one of {', '.join(choices)}",
            file=self.file,
            choices=choices,
        )

    @renamed(keywords={"id": "uid"})
    def rollup(self, measure: str, uid: str | None = None) -> Rollup:
        """*measure* summed over *uid* and everything under it (the whole org by default).

        *measure* is a built-in one, ``"seats"``, ``"budget"`` (seats x monthly salary),
        ``"filled"``, ``"vacancies"``, ``"fte"``, ``"people"`` (see ``docs/people.md``),
        or a numeric ``attrs`` key. Missing figures (a unit whose ``attrs`` do not give
        the key counts as missing) are listed in ``Rollup.unknown``, never counted as zero.

        >>> import orggraph as og
        >>> org = og.loads("units: [{id: a, name: A, attrs: {desks: 2}, units: [{id: b, name: B}]}]")
        >>> org.rollup("desks"), org.rollup("desks", "b")
        (Rollup(value=2, unknown=('b',)), Rollup(value=0, unknown=('b',)))
        >>> org.rollup("desk")
        Traceback (most recent call last):
        ...
        orggraph.errors.MeasureError: unknown measure 'desk' (did you mean 'desks'?); choose one of seats, budget, filled, vacancies, fte, people, desks
        """
        self._check_measure(measure)
        ids = self._ids
        if uid is None:  # the whole organisation: one pass over the rows
            vals, known = self._own_values(measure)
            unknown = [] if all(known) else [ids[i] for i in self._order if not known[i]]
            return Rollup(sum(vals), tuple(unknown))
        index = self._index
        rows = [index[u] for u in [uid, *self.descendants(uid)]]
        vals, known = self._own_values(measure, rows)
        total: Number = 0
        for v in vals:  # in chart order, as a reader adds them up
            total += v
        return Rollup(total, tuple(ids[i] for i, ok in zip(rows, known, strict=True) if not ok))

    @renamed(keywords={"id": "uid"})
    def headcount(self, uid: str | None = None) -> Rollup:
        """Planned seats of *uid* and everything under it (heads included)."""
        return self.rollup("seats", uid)

    @renamed(keywords={"id": "uid"})
    def budget(self, uid: str | None = None, *, period: Period = "month") -> Rollup:
        """The salary budget (seats x salary) of *uid* and everything under it, per month
        or, with ``period="year"``, per year.

        >>> import orggraph as og
        >>> org = og.loads("{salary_period: year, units: [{id: a, name: A, head: {title: H, salary: 60000}}]}")
        >>> org.budget(), org.budget(period="year")
        (Rollup(value=5000.0, unknown=()), Rollup(value=60000.0, unknown=()))
        """
        if period not in ("month", "year"):
            raise OrgError(f"unknown period {period!r}; choose one of month, year")
        found = self.rollup("budget", uid)
        return found if period == "month" else Rollup(found.value * 12, found.unknown)

    def rollup_table(self, measures: Sequence[str] = ("seats", "budget")) -> RollupTable:
        """Every unit's rollups for *measures*, in one post-order pass over the tree.

        >>> import orggraph as og
        >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B, staff: [{title: x, seats: 3}]}]}]")
        >>> table = org.rollup_table()
        >>> table.value("a", "seats"), table["a"]["budget"]
        (3, Rollup(value=0, unknown=('b',)))
        """
        if isinstance(measures, str):
            measures = (measures,)
        for m in measures:
            self._check_measure(m)
        pidx = self._pidx
        if self._topological:  # rows bottom-up as they are, with their parent rows
            rows: Iterable[int] = range(len(pidx) - 1, -1, -1)
            parents: Iterable[int] = pidx[::-1]
        else:
            rows = list(reversed(self._order))
            parents = [pidx[i] for i in rows]
        values: dict[str, list[Number]] = {}
        counts: dict[str, list[int]] = {}
        flags: dict[str, list[bool]] = {}
        with _gc_paused():
            for m in measures:
                vals, known = self._own_values(m)  # new lists: sums replace them
                cnt = [0 if k else 1 for k in known]
                for i, p in zip(rows, parents, strict=True):
                    if p >= 0:
                        vals[p] += vals[i]
                        if cnt[i]:
                            cnt[p] += cnt[i]
                values[m], counts[m], flags[m] = vals, cnt, known
        return RollupTable(self, measures, values, counts, flags)
