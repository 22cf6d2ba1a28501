"""Invariants, checked on random organisations (strategies in tests/strategies.py).

(a) writing and reading back is lossless; (b) rollups add up what a brute-force sum
finds, and say which units are unknown; (c) the reporting queries agree with each
other; (d) any broken input gives an `Org` or an `OrgError`, nothing else.
"""

from __future__ import annotations

import contextlib
import json
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import corrupt_data, corrupt_text, documents

import orggraph as og
from orggraph.core.rollup import BUILTIN_MEASURES
from orggraph.io.parse import parse_text
from orggraph.names import text as name_text

# Drawing a document costs ~30 ms; these counts keep the file well under a minute.
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BREAKING = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def quiet() -> Iterator[None]:
    """Several roots are legal: ignore the OrgWarning they give."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        yield


def build(doc: dict[str, Any]) -> og.Org:
    with quiet():
        return og.from_dict(doc)


# -- (a) round trips -----------------------------------------------------------------------


@SETTINGS
@given(documents())
def test_round_trip_yaml(doc: dict[str, Any]) -> None:
    org = build(doc)
    text = og.dumps(org, "yaml")
    with quiet():
        again = og.loads(text, "yaml")
    assert again == org, text
    assert og.dumps(again, "yaml") == text  # and the text is stable


@SETTINGS
@given(documents())
def test_round_trip_json(doc: dict[str, Any]) -> None:
    org = build(doc)
    text = og.dumps(org, "json")
    with quiet():
        again = og.loads(text, "json")
    assert again == org, text
    assert json.loads(text) == org.to_dict()


class _PyYAMLDumper(yaml.SafeDumper):
    """How dumps wrote YAML before it used libyaml: PyYAML's own dumper, with the style
    rules of orggraph.io.native (literal blocks for lines, double quotes for NEL/LS/PS)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _present_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data and all(ord(c) >= 32 or c == "\n" for c in data) else None
    if any(c in data for c in "\x85\u2028\u2029"):
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_PyYAMLDumper.add_representer(str, _present_text)
# Any plain data attrs can hold, texts of every kind included.
_PLAIN = st.recursive(
    st.one_of(
        st.text(max_size=12),
        st.integers(-(10**18), 10**18),  # the figures' range (docs/format.md)
        st.floats(-1e18, 1e18, allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
        st.dates(),
        st.datetimes(),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)


@SETTINGS
@given(documents(), _PLAIN)
def test_yaml_text_is_what_pyyaml_writes(doc: dict[str, Any], extra: Any) -> None:
    # Written event by event through libyaml, the text is PyYAML's, byte for byte; except
    # that libyaml ends a document holding a text with trailing blank lines with "...".
    doc["attrs"] = {**doc.get("attrs", {}), "extra": extra}
    org = build(doc)
    text = og.dumps(org, "yaml")
    expected = yaml.dump(
        org.to_dict(), Dumper=_PyYAMLDumper, allow_unicode=True, sort_keys=False, width=100
    )
    assert text == expected or (text.endswith("\n...\n") and text[:-4] == expected)


_KEYS = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none())
_SCALARS = st.one_of(
    st.text(max_size=8),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=5),
    st.sampled_from(["1:30", "0x1f", "yes", "~", "<<", "=", ".nan", "1e3", "-", "on", "1_000"]),
)
_YAML_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (NaN equal to NaN)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@settings(max_examples=300, deadline=None)
@given(_YAML_DATA, st.booleans(), st.booleans())
def test_yaml_reads_as_pyyaml_reads(data: Any, flow: bool, canonical: bool) -> None:
    # parse_text builds the data in its one checking pass: the same as yaml.safe_load.
    text = yaml.safe_dump(data, default_flow_style=flow, canonical=canonical, allow_unicode=True)
    expected = yaml.safe_load(text)
    try:
        got = parse_text(text, "yaml")
    except og.ParseError as err:  # the keys `null` and `~` are one key to YAML, not to us
        assert err.message.startswith("duplicate key"), err
        return
    assert _same(got, expected), text


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",  # a merge key
        "s: !!set {a, b}\no: !!omap [a: 1]\np: !!pairs [a: 1, a: 2]\n",
        "a: &a [1, *a]\n",  # a recursive alias
        "a: &r {b: 1}\nc: [*r, *r]\nd: &s x\ne: *s\n",
        "a: ! 12\nb: !!str 1\nc: !!float 1\nd: !!binary aGk=\n",
    ],
)
def test_unusual_yaml_reads_as_pyyaml_reads(text: str) -> None:
    got, expected = parse_text(text, "yaml"), yaml.safe_load(text)
    assert repr(got) == repr(expected)


@pytest.mark.parametrize(
    "text",
    [
        "a: !!int abc\n",
        "a: 2020-13-45\n",
        "x: !foo 1\n",
        "a: *nope\n",
        "--- 1\n--- 2\n",
        "? [1]\n: x\n",
    ],
)
def test_yaml_pyyaml_refuses_is_a_parse_error(text: str) -> None:
    with pytest.raises(og.ParseError):
        parse_text(text, "yaml")


@SETTINGS
@given(documents())
def test_round_trip_dict(doc: dict[str, Any]) -> None:
    org = build(doc)
    data = org.to_dict()
    with quiet():
        assert og.Org.from_dict(data) == org
    assert data == build(data).to_dict()  # to_dict is a fixed point
    # What was loaded is what the document says, unit by unit.
    assert sorted(org.units()) == sorted(_unit_ids(doc))
    for unit in _walk(doc):
        assert org.name(unit["id"], lang="en") == name_text(
            unit["name"], "en", default_lang=(doc.get("lang") or [None])[0]
        )
        assert org.responsibilities(unit["id"]) == unit.get("responsibilities", [])


def _walk(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = list(doc["units"])
    while stack:
        unit = stack.pop()
        yield unit
        stack.extend(unit.get("units", []))


def _unit_ids(doc: dict[str, Any]) -> list[str]:
    return [u["id"] for u in _walk(doc)]


# -- (b) rollups --------------------------------------------------------------------------


def own_figure(data: Any, measure: str) -> tuple[float, bool]:
    """A unit's own seats or budget, from its posts: (known part, fully known)."""
    posts = ([data["head"]] if data.get("head") else []) + list(data.get("staff") or [])
    total: float = 0
    known = True
    for post in posts:
        seats = post["seats"]
        value = (
            seats
            if measure == "seats"
            else (None if seats is None or post["salary"] is None else seats * post["salary"])
        )
        if value is None:
            known = False
        else:
            total += value
    return total, known


def own_attr(data: Any, key: str) -> tuple[float, bool]:
    # Not given and null alike are unknown, never a zero (issue 10, defect 16).
    value = (data.get("attrs") or {}).get(key)
    return (0, False) if value is None else (value, True)


@SETTINGS
@given(documents(), st.sampled_from(["seats", "budget"]))
def test_rollup_is_a_brute_force_sum(doc: dict[str, Any], measure: str) -> None:
    org = build(doc)
    for uid in [None, *org.units()]:
        scope = org.units() if uid is None else [uid, *org.descendants(uid)]
        figures = [(u, *own_figure(org.unit(u), measure)) for u in scope]
        result = org.rollup(measure, uid)
        assert result.value == sum(v for _, v, _ in figures)
        assert result.unknown == tuple(u for u, _, known in figures if not known)


@SETTINGS
@given(documents())
def test_attr_rollup_is_a_brute_force_sum(doc: dict[str, Any]) -> None:
    org = build(doc)
    for key in org.measures()[len(BUILTIN_MEASURES) :]:
        for uid in org.units():
            scope = [uid, *org.descendants(uid)]
            figures = [(u, *own_attr(org.unit(u), key)) for u in scope]
            result = org.rollup(key, uid)
            assert result.value == sum(v for _, v, _ in figures)
            assert result.unknown == tuple(u for u, _, known in figures if not known)


@SETTINGS
@given(documents(), st.data())
def test_units_lacking_a_measure_are_unknown(doc: dict[str, Any], data: st.DataObject) -> None:
    """Issue 10, defect 16: a unit whose attrs do not give a measure is listed as unknown
    by every rollup (one unit, the whole organisation, the table) and in both unit
    stores (documents, and tables where the cell is blank); what is known adds up."""
    ids = _unit_ids(doc)
    have = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    values: dict[str, int] = {}
    for unit in _walk(doc):
        if unit["id"] in have:
            values[unit["id"]] = data.draw(st.integers(-(10**18), 10**18))
            unit.setdefault("attrs", {})["probe"] = values[unit["id"]]
    org = build(doc)
    rows = [
        {"id": u, "parent": org.parent(u) or "", "name": "x", "probe": values.get(u, "")}
        for u in org.units()
    ]
    with quiet():
        table_org = og.tabular.from_records(rows, measures=["probe"])
    for store in (org, table_org):
        table = store.rollup_table(["probe"])
        for uid in [None, *org.units()]:
            scope = org.units() if uid is None else [uid, *org.descendants(uid)]
            expected = og.Rollup(
                sum(values.get(u, 0) for u in scope), tuple(u for u in scope if u not in values)
            )
            assert store.rollup("probe", uid) == expected
            if uid is not None:
                assert table[uid]["probe"] == expected
                assert table.unknown_count(uid, "probe") == len(expected.unknown)


@SETTINGS
@given(documents())
def test_rollup_table_agrees_with_rollup(doc: dict[str, Any]) -> None:
    org = build(doc)
    measures = org.measures()
    table = org.rollup_table(measures)
    rows = {row["id"]: row for row in table.rows(lang="en")}
    assert list(table) == org.units() == list(rows)
    for uid in org.units():
        for m in measures:
            expected = org.rollup(m, uid)
            got = table[uid][m]
            # The table adds bottom-up, rollup top-down: floats may round differently.
            assert math.isclose(got.value, expected.value, rel_tol=1e-9, abs_tol=1e-6)
            assert got.unknown == expected.unknown
            assert table.unknown_count(uid, m) == len(expected.unknown) == rows[uid][f"{m}_unknown"]
            assert table.value(uid, m) == got.value == rows[uid][m]
        assert rows[uid]["depth"] == org.depth(uid)
        assert rows[uid]["parent"] == org.parent(uid)


# -- (c) the reporting tree -----------------------------------------------------------------


@SETTINGS
@given(documents(), st.data())
def test_tree_queries_agree(doc: dict[str, Any], data: st.DataObject) -> None:
    org = build(doc)
    units = org.units()
    roots = org.roots()
    assert roots == [u for u in units if org.parent(u) is None]
    assert sorted(units) == sorted(_unit_ids(doc)) and len(org) == len(units)
    for u in units:
        chain = org.chain(u)
        assert chain[0] == u and chain[-1] in roots
        assert org.depth(u) == len(chain) - 1
        assert len(set(chain)) == len(chain)
        for child in org.children(u):
            assert org.parent(child) == u
        below = org.descendants(u)
        assert len(set(below)) == len(below) and u not in below
        for v in units:
            assert (v in below) == (u in org.chain(v)[1:])
    assert sorted(org.tree.edges) == sorted((org.parent(u), u) for u in units if org.parent(u))
    # Chart order is a pre-order: every unit comes after its parent.
    position = {u: i for i, u in enumerate(units)}
    for u in units:
        parent = org.parent(u)
        assert parent is None or position[parent] < position[u]

    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(units), st.sampled_from(units)), min_size=1, max_size=10)
    )
    for a, b in pairs:
        common = org.common_superior(a, b)
        chain_a, chain_b = org.chain(a), org.chain(b)
        shared = [x for x in chain_a if x in chain_b]
        if common is None:
            assert not shared and chain_a[-1] != chain_b[-1]
        else:
            assert common in chain_a and common in chain_b
            assert common == shared[0]  # the first one met going up
            assert org.common_superior(b, a) == common
            assert a in [common, *org.descendants(common)]
            assert b in [common, *org.descendants(common)]


@SETTINGS
@given(documents(), st.data())
def test_subtree_is_the_part_below(doc: dict[str, Any], data: st.DataObject) -> None:
    org = build(doc)
    uid = data.draw(st.sampled_from(org.units()))
    sub = org.subtree(uid)
    assert sub.roots() == [uid]
    assert sub.units() == [uid, *org.descendants(uid)]
    for u in sub.units():
        assert sub.unit(u) == org.unit(u)
        assert sub.responsibilities(u) == org.responsibilities(u)
    assert sub.rollup("seats") == org.rollup("seats", uid)
    kept = set(sub.units())
    assert [(a, b) for a, b, _ in sub.links()] == [
        (a, b) for a, b, _ in org.links() if a in kept and b in kept
    ]


# -- (d) broken input -----------------------------------------------------------------------


def load_or_org_error(text: str | bytes, fmt: str) -> None:
    """Loading gives an Org or an OrgError; a loaded Org can be queried and written."""
    try:
        with quiet():
            org = og.loads(text, fmt)
    except og.OrgError as err:
        # The loader turns unexpected exceptions into a bare OrgError: that is a bug too.
        assert not err.message.startswith("unexpected error"), err.message
        assert str(err)
        return
    except Exception as exc:  # the property under test: nothing but OrgError escapes
        pytest.fail(f"{type(exc).__name__} instead of an OrgError: {exc}\n{text!r}")
    for m in org.measures():
        with contextlib.suppress(og.MeasureError):  # e.g. attrs: {fte: text}
            org.rollup_table([m])
    for out in ("yaml", "json"):
        with contextlib.suppress(og.OrgError):  # e.g. JSON cannot hold bytes
            og.dumps(org, out)


@BREAKING
@given(documents(max_units=5), st.data())
def test_corrupted_yaml_text(doc: dict[str, Any], data: st.DataObject) -> None:
    text = data.draw(corrupt_text(og.dumps(build(doc), "yaml")))
    load_or_org_error(text, "yaml")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(max_units=5), st.data())
def test_corrupted_json_text(doc: dict[str, Any], data: st.DataObject) -> None:
    text = data.draw(corrupt_text(og.dumps(build(doc), "json")))
    load_or_org_error(text, "json")
    load_or_org_error(text.encode("utf-8", "surrogatepass")[:-1], "json")  # cut mid-character


@BREAKING
@given(documents(max_units=5), st.data())
def test_corrupted_values(doc: dict[str, Any], data: st.DataObject) -> None:
    broken = data.draw(corrupt_data(doc))
    text = yaml.safe_dump(broken, allow_unicode=True, sort_keys=False)
    load_or_org_error(text, "yaml")
    try:
        json_text = json.dumps(broken, ensure_ascii=False)
    except ValueError:  # pragma: no cover - only non-JSON values, which the pool has none of
        return
    load_or_org_error(json_text, "json")
    with quiet(), contextlib.suppress(og.OrgError):
        og.from_dict(broken)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_bytes(raw: bytes) -> None:
    load_or_org_error(raw, "yaml")
    load_or_org_error(raw, "json")
