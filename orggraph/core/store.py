"""The unit store: what an `Org` asks of its units' data, and the store of documents.

An :class:`~orggraph.core.org.Org` keeps its structure itself (ids, parent rows, chart
order) and asks a :class:`UnitStore` for everything about the units' own data, by row
(row *i* is the organisation's ``ids[i]``). Two stores answer:

- :class:`DocumentUnits`: one dict per unit (YAML, JSON, records, reorganisations);
- :class:`orggraph.core.tables.TableUnits`: a table import's columns, which builds a
  unit's dict only when something asks for it and reads rollups off its number columns.

Both answer with the same rules: a unit's own figure for a measure is
:func:`orggraph.core.rollup.own_values`, its name and head title in a language are
:func:`orggraph.names.text` of its dict.

>>> units = DocumentUnits(["a", "b"], {
...     "a": {"name": {"en": "A", "zh": "甲"}, "head": {"title": "Boss", "salary": 9}},
...     "b": {"name": "B", "type": "team", "staff": [{"title": "x", "seats": 2}], "attrs": {"fte": 1.5}},
... })
>>> units.labels([0, 1], "zh", None)
(['甲', 'B'], ['Boss', None], [None, 'team'])
>>> units.measures([0, 1]), units.own_values("seats"), units.own_values("budget", [1])
(['fte'], ([1, 2], [True, True]), ([0], [False]))
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from orggraph.core.rollup import PEOPLE_MEASURES, Number, own_values
from orggraph.names import text

__all__ = ["DocumentUnits", "UnitStore", "with_responsibilities"]


class UnitStore(Protocol):
    """The units' own data of an organisation, by row (row *i* is unit ``ids[i]``).

    *rows* are row numbers; ``None`` means every row, in row order.
    """

    @property
    def data(self) -> Mapping[str, dict[str, Any]]:
        """Every unit's own data by id (a plain mapping: what writers and charts read)."""
        ...

    def labels(
        self, rows: Sequence[int], lang: str | None, default_lang: str | None
    ) -> tuple[list[str], list[str | None], list[Any]]:
        """What a chart box shows of *rows*: names and
        head titles (``None`` without a head) in *lang* (see
        :func:`orggraph.names.text`), and types (``None`` for none)."""
        ...

    def types(self, rows: Sequence[int]) -> list[Any]:
        """The type of each of *rows* (``None`` for none)."""
        ...

    def measures(self, rows: Sequence[int]) -> list[str]:
        """The numeric ``attrs`` keys that can be rolled up, in order of first appearance
        over *rows* (a table: its measure columns, in column order)."""
        ...

    def has_measure(self, measure: str) -> bool:
        """Whether any unit gives *measure* in its ``attrs`` (even as a non-number)."""
        ...

    def own_values(
        self, measure: str, rows: Sequence[int] | None = None, *, period: str = "month"
    ) -> tuple[list[Number], list[bool]]:
        """Each row's own figure for *measure*, as :func:`orggraph.core.rollup.own_values`
        gives it: ``(values, known)``, two new lists the caller may change. *period* is
        the organisation's salary period (money is answered per month)."""
        ...

    def has_holders(self) -> bool:
        """Whether any post says who holds it or what kind it is (people checks apply)."""
        ...

    def figure_problems(self) -> list[tuple[int, str, str]]:
        """Figures beyond their range, as ``(row, field, message)``, for stores whose
        figures no schema has checked."""
        ...


class DocumentUnits:
    """The store of documents: one dict of node data per unit, by id (*data*), and the
    row order (*ids*) that an ``Org`` numbers its rows by."""

    __slots__ = ("_ids", "data")

    def __init__(self, ids: Sequence[str], data: Mapping[str, dict[str, Any]]) -> None:
        self._ids = ids
        self.data = data

    def labels(
        self, rows: Sequence[int], lang: str | None, default_lang: str | None
    ) -> tuple[list[str], list[str | None], list[Any]]:
        data, ids = self.data, self._ids
        datas = [data[ids[i]] for i in rows]
        heads = [d.get("head") for d in datas]
        return (
            [text(d.get("name"), lang, default_lang=default_lang) for d in datas],
            [
                None if h is None else text(h.get("title"), lang, default_lang=default_lang)
                for h in heads
            ],
            [d.get("type") for d in datas],
        )

    def types(self, rows: Sequence[int]) -> list[Any]:
        data, ids = self.data, self._ids
        return [data[ids[i]].get("type") for i in rows]

    def measures(self, rows: Sequence[int]) -> list[str]:
        data, ids = self.data, self._ids
        keys: dict[str, None] = {}
        for i in rows:
            for k, v in (data[ids[i]].get("attrs") or {}).items():
                if v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)):
                    keys.setdefault(k, None)
        return list(keys)

    def has_measure(self, measure: str) -> bool:
        return any(measure in (d.get("attrs") or {}) for d in self.data.values())

    def own_values(
        self, measure: str, rows: Sequence[int] | None = None, *, period: str = "month"
    ) -> tuple[list[Number], list[bool]]:
        data, ids = self.data, self._ids
        uids = ids if rows is None else [ids[i] for i in rows]
        from_attrs = measure in PEOPLE_MEASURES and self.has_measure(measure)
        return own_values(
            [data[u] for u in uids], measure, uids, period=period, from_attrs=from_attrs
        )

    def has_holders(self) -> bool:
        for data in self.data.values():
            head, staff = data.get("head"), data.get("staff")
            for post in (*((head,) if head else ()), *(staff or ())):
                if post.get("holders") is not None or "kind" in post or "id" in post:
                    return True
        return False

    def figure_problems(self) -> list[tuple[int, str, str]]:
        return []  # a document's figures are checked by its schema


class _Joined(Mapping[str, dict[str, Any]]):
    """Responsibility data, then unit data, as one read-only mapping (as in the graph)."""

    def __init__(self, resp: Mapping[str, dict[str, Any]], units: Mapping[str, dict[str, Any]]):
        self._resp = resp
        self._units = units

    def __getitem__(self, key: str) -> dict[str, Any]:
        found = self._resp.get(key)
        return self._units[key] if found is None else found

    def __contains__(self, key: object) -> bool:
        return key in self._resp or key in self._units

    def __iter__(self) -> Iterator[str]:
        yield from self._resp
        yield from self._units

    def __len__(self) -> int:
        return len(self._resp) + len(self._units)


def with_responsibilities(
    units: Mapping[str, dict[str, Any]], resp: Mapping[str, dict[str, Any]]
) -> Mapping[str, dict[str, Any]]:
    """Unit data and responsibility data by id as one read-only mapping (*units* itself
    when there are no responsibilities).

    >>> nodes = with_responsibilities({"a": {"name": "A"}}, {"r": {"name": "R"}})
    >>> list(nodes), nodes["a"]["name"], "r" in nodes
    (['r', 'a'], 'A', True)
    """
    return _Joined(resp, units) if resp else units
