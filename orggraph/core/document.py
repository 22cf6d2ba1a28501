"""An `Org` as plain data in the file format (:func:`to_dict`), nested by reporting line:
what the YAML and JSON writers write and what ``Org.__eq__`` compares.

>>> import orggraph as og
>>> org = og.loads("units: [{id: a, name: A, staff: [{title: Clerk, seats: null}]}]")
>>> to_dict(org)
{'units': [{'id': 'a', 'name': 'A', 'staff': [{'title': 'Clerk', 'seats': None}]}]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from orggraph.core.rollup import filled_seats

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["DATE_KEYS", "MAX_NESTING", "header", "nest", "person_entry", "post_entry", "to_dict"]


# The keys of a post in the order a file gives them; the defaults are left out.
_POST_KEYS = ("id", "kind", "title", "grade", "seats", "filled", "salary", "salary_period")
_POST_MORE = ("pay", "fte")
#: The keys that date a fact (a unit, post, holder or link) in the file format.
DATE_KEYS = ("valid_from", "valid_to", "recorded")


def post_entry(post: Mapping[str, Any], *, people: bool = True) -> dict[str, Any]:
    """A post's plain data as a file writes it. Without *people* it names nobody: the
    holders go, and the number of seats they fill is written as ``filled``."""
    out: dict[str, Any] = {}
    for key in _POST_KEYS:
        value = post.get(key)
        if key == "seats":
            if value != 1:  # 1 is the default; None (unknown) must be written
                out["seats"] = value
        elif value is not None:
            out[key] = value
    for key in _POST_MORE:
        if post.get(key) is not None:
            out[key] = post[key]
    if post.get("counts") is False:
        out["counts"] = False
    if post.get("status", "active") != "active":
        out["status"] = post["status"]
    holders = post.get("holders")
    if holders is not None:
        if people:
            out["holders"] = [dict(h) if isinstance(h, Mapping) else h for h in holders]
        else:
            out["filled"] = filled_seats(post)
    if post.get("attrs"):
        out["attrs"] = dict(post["attrs"])
    for key in DATE_KEYS:  # a dated organisation's post (orggraph.core.history)
        if post.get(key) is not None:
            out[key] = post[key]
    return out


def person_entry(person: Mapping[str, Any]) -> dict[str, Any]:
    """A declared person's plain data as a file writes it."""
    out: dict[str, Any] = {"id": person["id"], "name": person["name"]}
    for key in ("email", "photo"):
        if person.get(key) is not None:
            out[key] = person[key]
    if person.get("attrs"):
        out["attrs"] = dict(person["attrs"])
    return out


def _unit(org: Org, data: Mapping[str, Any], uid: str, people: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": uid, "name": data["name"]}
    for key in ("type", "description"):
        if data.get(key) is not None:
            out[key] = data[key]
    if data.get("aliases"):
        out["aliases"] = list(data["aliases"])
    if data.get("head"):
        out["head"] = post_entry(data["head"], people=people)
    if data.get("staff"):
        out["staff"] = [post_entry(p, people=people) for p in data["staff"]]
    rids = org.responsibilities(uid)
    if rids:
        out["responsibilities"] = rids
    if data.get("attrs"):
        out["attrs"] = dict(data["attrs"])
    return out


#: Units this many levels down start a new top-level entry (with ``parent:``), so deep
#: chains stay within the parsers' nesting bound and YAML's recursion.
MAX_NESTING = 100


def nest(entries: Iterable[tuple[str, str | None, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The top-level unit entries of *entries*, ``(id, parent id, entry)`` with parents
    first: each entry nested in its parent's ``units``, but those a multiple of
    :data:`MAX_NESTING` levels down written at the top with ``parent:``.

    >>> chain = [("a", None, {"id": "a"}), ("b", "a", {"id": "b"})]
    >>> nest(chain)
    [{'id': 'a', 'units': [{'id': 'b'}]}]
    """
    built: dict[str, dict[str, Any]] = {}
    depth: dict[str, int] = {}
    tops: list[dict[str, Any]] = []
    for uid, parent, entry in entries:
        built[uid] = entry
        if parent is None:
            depth[uid] = 0
            tops.append(entry)
            continue
        depth[uid] = level = depth[parent] + 1
        if level % MAX_NESTING == 0:
            entry["parent"] = parent
            tops.append(entry)
        else:
            built[parent].setdefault("units", []).append(entry)
    return tops


def header(org: Org, *, people: bool = True) -> dict[str, Any]:
    """The organisation's own keys as a file writes them (name, languages, currency,
    salary period, attrs and, with *people*, the declared people): all but units,
    responsibilities, links and the change log."""
    out: dict[str, Any] = {}
    if org.org_name is not None:
        out["org"] = org.org_name
    if org.lang:
        out["lang"] = list(org.lang)
    if org.currency is not None:
        out["currency"] = org.currency
    if org.salary_period != "month":
        out["salary_period"] = org.salary_period
    if org.attrs:
        out["attrs"] = dict(org.attrs)
    if people and org.people_data():
        out["people"] = [person_entry(p) for p in org.people_data()]
    return out


def to_dict(org: Org, *, people: bool = True, dated: bool = True) -> dict[str, Any]:
    """The organisation as plain data in the file format, nested by reporting line.

    Units more than :data:`MAX_NESTING` levels down start a new top-level entry with
    ``parent:``, so that any organisation can be written and read back. Without
    *people* the file names nobody: no ``people:`` list and no holders (each post's
    filled seats are written as ``filled``), for sharing a structure without personal data.

    >>> import orggraph as og
    >>> org = og.loads("units: [{id: a, name: A, head: {title: Boss, holders: [Ann]}}]")
    >>> to_dict(org, people=False)["units"][0]["head"]
    {'title': 'Boss', 'filled': 1}

    A dated organisation (see :mod:`orggraph.core.history`) is written with every dated
    fact; ``dated=False`` writes only the organisation of the date it is as of.
    """
    if dated and org._history is not None:
        return org._history.document(org, people=people)
    out = header(org, people=people)
    nodes = org.node_data
    tops = nest(  # parents come before their children
        (uid, org.parent(uid), _unit(org, nodes[uid], uid, people)) for uid in org.units()
    )
    out["units"] = tops
    resp = []
    for rid in org.responsibility_ids():
        data = nodes[rid]
        item: dict[str, Any] = {"id": rid, "name": data["name"]}
        if data.get("description") is not None:
            item["description"] = data["description"]
        resp.append(item)
    if resp:
        out["responsibilities"] = resp
    links = []
    for src, dst, data in org.links():
        link: dict[str, Any] = {"kind": data["kind"], "from": src, "to": dst}
        if data.get("relation") is not None:
            link["relation"] = data["relation"]
        if data.get("mutual"):
            link["mutual"] = True
        links.append(link)
    if links:
        out["links"] = links
    if org.changes:  # the change log (orggraph.core.changes.Change), oldest first
        out["changes"] = [c.to_dict() for c in org.changes]
    return out
