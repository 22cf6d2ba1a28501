"""Analytics of an organisation: spans and layers, vacancies, responsibilities,
collaboration.

Every analysis is a function over an :class:`~orggraph.Org` with keyword-only options.
It returns :class:`Rows`: a list of plain dicts (one per row, the same keys in each,
listed in ``rows.columns``) that prints as a table, turns into a pandas DataFrame with
:meth:`Rows.to_dataframe` and draws its chart with :meth:`Rows.plot`.

* Spans and layers: :func:`spans` (span of control of each manager, i.e. each unit with
  direct reports), :func:`span_bands` (how many managers fall in each of OrgVue's bands
  1, 2-3, 4-7, 8-12, 13-16, 17+), :func:`outside_band` (managers outside a target
  band) and :func:`layers` (units and headcount per layer: the pyramid). Each counts
  units (``by="units"``) or people in posts (``by="people"``: a manager's direct reports
  as people, assistants apart; a person's layer in the manager tree, see
  :mod:`orggraph.ops.analysis.people`). By default people when the organisation
  declares people (a ``people:`` list), else units (:func:`default_by`).
* Vacancies: :func:`vacancies` (open seats of each unit's own posts and the vacancy
  rate) and :func:`stats` (each unit's rollups as ``orggraph stats`` prints them, with
  the vacancy rate).
* Responsibilities: :func:`responsibility_matrix` (units x responsibilities),
  :func:`shared_responsibilities`, :func:`unowned_responsibilities` and
  :func:`units_without_responsibilities`.
* Collaboration: :func:`collaboration_graph` (the undirected, weighted network of
  collaboration links, optionally with dotted lines), :func:`collaboration` (degree,
  betweenness and community of each unit), :func:`communities_vs_departments` and
  :func:`silos` (departments that do not collaborate with anyone outside them).

Layers count from the top: a root is in layer 1, its direct reports in layer 2, and so
on (``layer = org.depth(unit) + 1``), as in spans-and-layers reviews.

Departments (see :func:`departments`): by default the units of type ``"department"``;
when no unit has that type, the units one level below the root (depth 1). Pass
``level=`` a unit type or a depth to choose others. Each unit belongs to the nearest
department at or above it; units above every department belong to none (``None``).

Unknown is not zero: a layer whose units miss some seat counts reports the known part
and how many units are missing (``headcount_unknown``).

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: hq
...     name: HQ
...     units:
...       - {id: a, name: A, units: [{id: a1, name: A1}, {id: a2, name: A2}]}
...       - {id: b, name: B}
... links: [{kind: collaboration, from: a1, to: b}]
... ''')
>>> print(spans(org))
unit  name  layer  span  band
----  ----  -----  ----  ----
hq    HQ        1     2  2-3
a     A         2     2  2-3
>>> [(r["unit"], r["department"]) for r in collaboration(org)]
[('a1', 'a'), ('b', 'b')]
>>> silos(org)
[]
"""

from __future__ import annotations

from orggraph.core.rows import Rows
from orggraph.ops.analysis.collaboration import (
    collaboration,
    collaboration_graph,
    communities_vs_departments,
    silos,
)
from orggraph.ops.analysis.people import default_by, people_tree
from orggraph.ops.analysis.responsibilities import (
    responsibility_matrix,
    shared_responsibilities,
    units_without_responsibilities,
    unowned_responsibilities,
)
from orggraph.ops.analysis.structure import (
    BANDS,
    band_of,
    department_of,
    departments,
    layers,
    outside_band,
    parse_band,
    span_bands,
    spans,
)
from orggraph.ops.analysis.vacancies import stats, vacancies, vacancy_rate

__all__ = [
    "BANDS",
    "Rows",
    "band_of",
    "collaboration",
    "collaboration_graph",
    "communities_vs_departments",
    "default_by",
    "department_of",
    "departments",
    "layers",
    "outside_band",
    "parse_band",
    "people_tree",
    "responsibility_matrix",
    "shared_responsibilities",
    "silos",
    "span_bands",
    "spans",
    "stats",
    "units_without_responsibilities",
    "unowned_responsibilities",
    "vacancies",
    "vacancy_rate",
]
