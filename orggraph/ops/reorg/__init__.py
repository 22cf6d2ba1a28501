"""Reorganisation: operations that return a new `Org` and record what they changed.

Every operation leaves its input untouched, checks its arguments against the
organisation (unknown ids with did-you-mean, reporting cycles, taken ids, links that
would be left dangling) and returns a new organisation whose change log
(``org.changes``) ends with a :class:`Change` saying what changed, from which units,
into which, in the spirit of the W3C ORG vocabulary's ``org:ChangeEvent``
(``org:originalOrganization`` / ``org:resultingOrganization``).

>>> import orggraph as og
>>> org = og.loads('''
... units:
...   - id: ceo
...     name: CEO office
...     units:
...       - {id: sales, name: Sales, staff: [{title: Rep, seats: 3}]}
...       - {id: tech, name: Tech}
... ''')
>>> moved = move(org, "tech", "sales")
>>> moved.parent("tech"), org.parent("tech")
('sales', 'ceo')
>>> moved.changes
(Change(op='move', unit='tech', from_=('ceo',), into=('sales',)),)
>>> move(org, "ceo", "tech")
Traceback (most recent call last):
...
orggraph.errors.CycleError: cannot move 'ceo' under 'tech': 'tech' reports to 'ceo' (tech -> ceo), so 'ceo' would report to its own subordinate
>>> move(org, "tec", "sales")
Traceback (most recent call last):
...
orggraph.errors.UnknownIdError: unknown unit id 'tec' (did you mean 'tech'?)

A scenario is a list of operations, in Python or in a YAML/JSON file
(``operations: [{op: move, unit: tech, new_parent: sales}, ...]``):

>>> after = apply_scenario(org, {"operations": [
...     {"op": "rename", "unit": "tech", "name": "Technology"},
...     {"op": "add_unit", "unit": {"id": "qa", "name": "QA"}, "parent": "tech"},
... ]})
>>> [str(c) for c in after.changes]
["rename tech: 'Tech' -> 'Technology'", 'add_unit qa under tech']
"""

from __future__ import annotations

from orggraph.ops.reorg.draft import ReorgError
from orggraph.ops.reorg.operations import add_unit, merge, move, remove_unit, rename, set_staff
from orggraph.ops.reorg.scenarios import OPERATIONS, apply, apply_scenario, load_scenario
from orggraph.ops.reorg.splitting import split

__all__ = [
    "OPERATIONS",
    "ReorgError",
    "add_unit",
    "apply",
    "apply_scenario",
    "load_scenario",
    "merge",
    "move",
    "remove_unit",
    "rename",
    "set_staff",
    "split",
]
