"""orggraph.ops.analysis (spans, layers, responsibilities, collaboration), its charts in
orggraph.render.analysis_plots and the ``analyse`` subcommand (orggraph.cli.analysis).

Expected values are worked out by hand on small organisations (the comments show the
sums); the seed's results are asserted at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import documents

import orggraph as og
from orggraph.cli import analysis as _cli_analysis
from orggraph.ops import analysis as an
from orggraph.render import analysis_plots, fonts, plots

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.figure import Figure  # noqa: E402

CJK = fonts.cjk_family()
LANGS = ("zh", "en")


def star(spans: list[int]) -> og.Org:
    """A root ``r`` over managers ``m1, m2, ...``; manager i has ``spans[i]`` reports."""
    units: list[dict[str, Any]] = [{"id": "r", "name": "R"}]
    for i, n in enumerate(spans, start=1):
        units.append({"id": f"m{i}", "name": f"M{i}", "parent": "r"})
        units += [{"id": f"m{i}_{j}", "name": f"M{i}.{j}", "parent": f"m{i}"} for j in range(n)]
    return og.from_dict({"units": units})


# The OrgVue band edges: 1 | 2-3 | 4-7 | 8-12 | 13-16 | 17+.
EDGES = [1, 3, 4, 7, 8, 12, 13, 16, 17]


@pytest.fixture(scope="module")
def edges() -> og.Org:
    return star(EDGES)  # r has 9 reports -> 8-12


LAYERED = """
units:
  - id: hq
    name: HQ
    head: {title: Boss}                    # 1 seat (absent seats mean 1)
    units:
      - {id: a, name: A, staff: [{title: Clerk, seats: 3}]}
      - id: b
        name: B
        staff: [{title: Clerk, seats: null}]   # unknown
        units:
          - {id: b1, name: B1, staff: [{title: Clerk, seats: 2}]}
          - id: b2
            name: B2
            head: {title: Lead}                  # 1
            staff: [{title: Clerk, seats: 4}, {title: Temp, seats: null}]   # 4 + unknown
"""

MATRIX = """
units:
  - id: a
    name: A
    type: executive
    responsibilities: [r1, r2]
    units:
      - id: b
        name: B
        type: department
        responsibilities: [r2]
        units: [{id: d, name: D, type: team, responsibilities: [r2, r3]}]
      - {id: c, name: C, type: department}
      - {id: e, name: E, type: department, responsibilities: [r3]}
responsibilities:
  - {id: r1, name: {zh: 计划, en: Plan}}
  - {id: r2, name: {zh: 销售, en: Sell}}
  - {id: r3, name: {zh: 采购, en: Buy}}
  - {id: r4, name: {zh: 审计, en: Audit}}
"""

# p1 - p2 - p3 - p4 - p5, with p1 <-> p2 linked twice, and a dotted line p5 -> x.
PATH = """
units:
  - id: hq
    name: HQ
    units:
      - {id: p1, name: P1}
      - {id: p2, name: P2}
      - {id: p3, name: P3}
      - {id: p4, name: P4}
      - {id: p5, name: P5}
      - {id: x, name: X}
links:
  - {kind: collaboration, from: p1, to: p2}
  - {kind: collaboration, from: p2, to: p1, relation: answers}
  - {kind: collaboration, from: p2, to: p3}
  - {kind: collaboration, from: p3, to: p4}
  - {kind: collaboration, from: p4, to: p5, mutual: true}
  - {kind: dotted, from: p5, to: x}
"""


def clique(members: list[str]) -> list[str]:
    return [
        f"  - {{kind: collaboration, from: {a}, to: {b}}}"
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    ]


# Two departments, each a 4-clique of the department and its three groups; a3 - b1 joins them.
CLIQUES = "\n".join(
    [
        "units:",
        "  - id: hq",
        "    name: {zh: 总部, en: HQ}",
        "    units:",
        "      - id: A",
        "        name: {zh: 甲部, en: Dept A}",
        "        type: department",
        "        units: [{id: a1, name: A1}, {id: a2, name: A2}, {id: a3, name: A3}]",
        "      - id: B",
        "        name: {zh: 乙部, en: Dept B}",
        "        type: department",
        "        units: [{id: b1, name: B1}, {id: b2, name: B2}, {id: b3, name: B3}]",
        "      - {id: C, name: {zh: 丙部, en: Dept C}, type: department}",
        "links:",
        *clique(["A", "a1", "a2", "a3"]),
        *clique(["B", "b1", "b2", "b3"]),
        "  - {kind: collaboration, from: a3, to: b1}",
    ]
)

SILOS = """
units:
  - id: ceo
    name: CEO
    units:
      - {id: s1, name: S1, units: [{id: s1a, name: S1a}, {id: s1b, name: S1b}]}
      - {id: s2, name: S2, units: [{id: s2a, name: S2a}]}
      - {id: d1, name: D1, units: [{id: d1a, name: D1a}]}
      - {id: d2, name: D2}
      - {id: d3, name: D3}
links:
  - {kind: collaboration, from: s1a, to: s1b}     # inside s1
  - {kind: collaboration, from: s1, to: s1b}      # inside s1
  - {kind: collaboration, from: d1a, to: d2}      # d1 <-> d2
  - {kind: collaboration, from: d3, to: ceo}      # d3 -> above the departments
  - {kind: dotted, from: s2a, to: d2}             # only a dotted line
"""


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.datasets.load("ecommerce")


@pytest.fixture(autouse=True)
def _rc_unchanged() -> Iterator[None]:
    """Every test leaves the global matplotlib settings as they were."""
    before = dict(matplotlib.rcParams)
    yield
    assert dict(matplotlib.rcParams) == before


def pick(rows: list[dict[str, Any]], *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(r[k] for k in keys) for r in rows]


# -- Rows --------------------------------------------------------------------------------------


def test_rows_is_a_list_of_dicts_with_columns(edges: og.Org) -> None:
    rows = an.spans(edges)
    assert isinstance(rows, list)
    assert all(list(r) == list(rows.columns) for r in rows)
    assert rows.kind == "spans" and rows.org is edges
    assert rows.to_records() == [dict(r) for r in rows]
    json.dumps(rows.to_records())  # plain values only


def test_rows_text_table_aligns_chinese_and_marks_unknowns() -> None:
    rows = an.Rows(
        [{"name": "客服部", "n": 12, "x": None, "ok": True, "ids": ["a", "b"], "f": 2 / 3}],
        columns=("name", "n", "x", "ok", "ids", "f"),
        kind="example",
    )
    lines = str(rows).splitlines()
    assert lines[0] == "name     n  x  ok  ids       f"
    assert lines[2] == "客服部  12  —  x   a, b  0.667"
    empty = an.Rows([], columns=("a",), kind="example")
    assert str(empty).splitlines()[-1] == "(none)"


def test_to_dataframe(edges: og.Org) -> None:
    pd = pytest.importorskip("pandas")
    df = an.spans(edges).to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["unit", "name", "layer", "span", "band"]
    assert df.set_index("unit").loc["m9", "span"] == 17
    empty = an.unowned_responsibilities(edges).to_dataframe()
    assert list(empty.columns) == ["responsibility", "name"] and len(empty) == 0


def test_to_dataframe_without_pandas(edges: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(og.MissingDependencyError, match=r"pip install 'orggraph\[pandas\]'"):
        an.spans(edges).to_dataframe()


def test_import_loads_neither_matplotlib_nor_pandas() -> None:
    code = (
        "import sys, orggraph, orggraph.ops.analysis as an, orggraph.cli.analysis\n"
        "org = orggraph.datasets.load('ecommerce')\n"
        "an.spans(org); an.layers(org); an.collaboration(org); an.silos(org)\n"
        "bad = [m for m in ('matplotlib', 'pandas') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr


def test_all_is_public() -> None:
    for module in (an, analysis_plots, _cli_analysis):
        for name in module.__all__:
            assert hasattr(module, name), (module.__name__, name)


# -- spans and bands ---------------------------------------------------------------------------


def test_spans_at_the_band_edges(edges: og.Org) -> None:
    rows = an.spans(edges)
    assert pick(rows, "unit", "layer", "span", "band") == [
        ("r", 1, 9, "8-12"),
        ("m1", 2, 1, "1"),
        ("m2", 2, 3, "2-3"),
        ("m3", 2, 4, "4-7"),
        ("m4", 2, 7, "4-7"),
        ("m5", 2, 8, "8-12"),
        ("m6", 2, 12, "8-12"),
        ("m7", 2, 13, "13-16"),
        ("m8", 2, 16, "13-16"),
        ("m9", 2, 17, "17+"),
    ]
    # Units without reports are not managers.
    assert "m1_0" not in {r["unit"] for r in rows}


def test_band_of_rejects_zero() -> None:
    with pytest.raises(og.OrgError):
        an.band_of(0)


def test_span_bands_count_every_band(edges: og.Org) -> None:
    rows = an.span_bands(edges)
    assert pick(rows, "band", "low", "high", "managers") == [
        ("1", 1, 1, 1),  # m1
        ("2-3", 2, 3, 1),  # m2
        ("4-7", 4, 7, 2),  # m3, m4
        ("8-12", 8, 12, 3),  # r, m5, m6
        ("13-16", 13, 16, 2),  # m7, m8
        ("17+", 17, None, 1),  # m9
    ]
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
    assert rows[3]["share"] == pytest.approx(3 / 10)


def test_span_bands_without_managers() -> None:
    org = og.loads("units: [{id: a, name: A}]")
    assert an.spans(org) == []
    assert [r["managers"] for r in an.span_bands(org)] == [0] * 6
    assert [r["share"] for r in an.span_bands(org)] == [0.0] * 6


def test_outside_band(edges: og.Org) -> None:
    rows = an.outside_band(edges)  # 4-7
    assert pick(rows, "unit", "span", "side") == [
        ("r", 9, "above"),
        ("m1", 1, "below"),
        ("m2", 3, "below"),
        ("m5", 8, "above"),
        ("m6", 12, "above"),
        ("m7", 13, "above"),
        ("m8", 16, "above"),
        ("m9", 17, "above"),
    ]
    assert rows.options["band"] == "4-7"
    assert pick(an.outside_band(edges, band=(3, 16)), "unit") == [("m1",), ("m9",)]
    assert pick(an.outside_band(edges, band="13+"), "unit", "side")[0] == ("r", "below")
    assert len(an.outside_band(edges, band=(1, None))) == 0
    assert pick(an.outside_band(edges, band="17"), "unit") == [
        (u,) for u in ["r", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]
    ]


@pytest.mark.parametrize("band", ["wide", "0-3", "7-4", (0, 3), (5, 2), ("4", 7), (True, 3), 5])
def test_bad_band_lists_the_bands(edges: og.Org, band: Any) -> None:
    with pytest.raises(og.OrgError) as info:
        an.outside_band(edges, band=band)
    assert info.value.choices == ("1", "2-3", "4-7", "8-12", "13-16", "17+")
    assert "4-7" in str(info.value)


# -- layers --------------------------------------------------------------------------------------


def test_layers_keep_unknown_apart() -> None:
    org = og.loads(LAYERED)
    assert pick(an.layers(org), "layer", "units", "managers", "headcount", "headcount_unknown") == [
        (1, 1, 1, 1, 0),  # hq: its head
        (2, 2, 1, 3, 1),  # a: 3; b: unknown
        (3, 2, 0, 7, 1),  # b1: 2; b2: 1 + 4 + unknown
    ]
    total = org.headcount()
    assert sum(r["headcount"] for r in an.layers(org)) == total.value == 11
    assert sum(r["headcount_unknown"] for r in an.layers(org)) == len(total.unknown) == 2


def test_layers_of_a_forest() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        org = og.loads("units: [{id: a, name: A}, {id: b, name: B, units: [{id: c, name: C}]}]")
    assert pick(an.layers(org), "layer", "units", "managers") == [(1, 2, 1), (2, 1, 0)]


# -- departments --------------------------------------------------------------------------------


def test_departments_by_type_then_depth() -> None:
    org = og.loads(MATRIX)
    assert an.departments(org) == ["b", "c", "e"]
    assert an.department_of(org) == {"a": None, "b": "b", "d": "b", "c": "c", "e": "e"}
    assert an.department_of(org, level=0) == dict.fromkeys("abdce", "a")
    assert an.departments(org, level="team") == ["d"]
    # No unit of type "department": the units at depth 1.
    plain = og.loads(
        "units: [{id: a, name: A, units: [{id: b, name: B, units: [{id: c, name: C}]}]}]"
    )
    assert an.department_of(plain) == {"a": None, "b": "b", "c": "b"}


@pytest.mark.parametrize("level", ["division", 5, -1, 1.5, True])
def test_bad_level_lists_the_choices(level: Any) -> None:
    org = og.loads(MATRIX)
    with pytest.raises(og.OrgError) as info:
        an.silos(org, level=level)
    message = str(info.value)
    assert "executive, department, team" in message
    assert "0-2" in message


# -- responsibilities ----------------------------------------------------------------------------


def test_responsibility_matrix() -> None:
    org = og.loads(MATRIX)
    rows = an.responsibility_matrix(org, lang="en")
    assert rows.columns == ("unit", "name", "r1", "r2", "r3", "r4")
    marks = {r["unit"]: [k for k in ("r1", "r2", "r3", "r4") if r[k]] for r in rows}
    assert marks == {"a": ["r1", "r2"], "b": ["r2"], "d": ["r2", "r3"], "c": [], "e": ["r3"]}
    assert [r["unit"] for r in rows] == ["a", "b", "d", "c", "e"]  # chart order


def test_shared_unowned_and_units_without() -> None:
    org = og.loads(MATRIX)
    shared = an.shared_responsibilities(org, lang="en")
    assert pick(shared, "responsibility", "name", "owners", "units", "departments") == [
        ("r2", "Sell", 3, ["a", "b", "d"], ["b"]),  # a is above every department
        ("r3", "Buy", 2, ["d", "e"], ["b", "e"]),
    ]
    assert pick(an.shared_responsibilities(org, across=True), "responsibility") == [("r3",)]
    # With departments at depth 0, everything is one department.
    assert an.shared_responsibilities(org, across=True, level=0) == []
    assert an.unowned_responsibilities(org, lang="zh") == [{"responsibility": "r4", "name": "审计"}]
    assert an.units_without_responsibilities(org) == [
        {"unit": "c", "name": "C", "layer": 2, "type": "department"}
    ]


def test_bad_flags() -> None:
    org = og.loads(MATRIX)
    with pytest.raises(og.OrgError, match="across must be True or False"):
        an.shared_responsibilities(org, across="yes")  # type: ignore[arg-type]
    with pytest.raises(og.OrgError, match="dotted must be True or False"):
        an.collaboration_graph(org, dotted=1)  # type: ignore[arg-type]
    with pytest.raises(og.OrgError, match="seed must be a whole number"):
        an.collaboration(org, seed="0")  # type: ignore[arg-type]
    with pytest.raises(og.OrgError, match="lang must be a language code"):
        an.spans(org, lang=["en"])  # type: ignore[arg-type]


# -- collaboration -------------------------------------------------------------------------------


def test_collaboration_graph_is_undirected_and_weighted() -> None:
    org = og.loads(PATH)
    g = an.collaboration_graph(org)
    assert not g.is_directed()
    assert list(g.nodes) == ["p1", "p2", "p3", "p4", "p5"]
    assert sorted(g.edges(data="weight")) == [
        ("p1", "p2", 2),
        ("p2", "p3", 1),
        ("p3", "p4", 1),
        ("p4", "p5", 1),
    ]
    dotted = an.collaboration_graph(org, dotted=True)
    assert "x" in dotted and dotted.edges["p5", "x"]["kinds"] == ("dotted",)


def test_degree_and_betweenness_on_a_path() -> None:
    org = og.loads(PATH)
    rows = an.collaboration(org)
    # Five units in a row: 6 pairs of other units for each. p3 is on the paths
    # p1-p4, p1-p5, p2-p4, p2-p5 (4 of 6); p2 on p1-p3, p1-p4, p1-p5 (3 of 6).
    assert pick(rows, "unit", "degree", "links") == [
        ("p3", 2, 2),
        ("p2", 2, 3),  # p1 - p2 twice: 2 partners, 3 links
        ("p4", 2, 2),
        ("p1", 1, 2),
        ("p5", 1, 1),
    ]
    between = {r["unit"]: r["betweenness"] for r in rows}
    assert between == pytest.approx({"p1": 0, "p2": 3 / 6, "p3": 4 / 6, "p4": 3 / 6, "p5": 0})
    # A dotted line p5 -> x makes p5 a broker (4 of the 10 pairs among the other five).
    with_dotted = {r["unit"]: r["betweenness"] for r in an.collaboration(org, dotted=True)}
    assert with_dotted["p5"] == pytest.approx(4 / 10)
    assert with_dotted["x"] == 0


def test_two_cliques_joined_by_one_edge() -> None:
    org = og.loads(CLIQUES)
    groups = an.communities_vs_departments(org, lang="en")
    assert pick(groups, "community", "size", "units", "main_department", "main_name", "purity") == [
        (1, 4, ["A", "a1", "a2", "a3"], "A", "Dept A", 1.0),
        (2, 4, ["B", "b1", "b2", "b3"], "B", "Dept B", 1.0),
    ]
    rows = {r["unit"]: r for r in an.collaboration(org)}
    assert {u: r["community"] for u, r in rows.items()} == {
        **dict.fromkeys(["A", "a1", "a2", "a3"], 1),
        **dict.fromkeys(["B", "b1", "b2", "b3"], 2),
    }
    # a3 and b1 are the brokers: each is on the 3 x 4 = 12 shortest paths between the
    # two sides, out of 7 x 6 / 2 = 21 pairs of other units.
    assert rows["a3"]["betweenness"] == pytest.approx(12 / 21)
    assert rows["b1"]["betweenness"] == pytest.approx(12 / 21)
    assert rows["a1"]["betweenness"] == 0
    assert (rows["a3"]["degree"], rows["a1"]["degree"]) == (4, 3)
    assert [r["unit"] for r in an.collaboration(org)][:2] == ["a3", "b1"]
    # Same answer for any seed: the communities are clear-cut.
    for seed in range(5):
        again = an.communities_vs_departments(org, seed=seed)
        assert [r["units"] for r in again] == [r["units"] for r in groups]


def test_community_across_departments() -> None:
    # A 4-clique (one community) over two departments and the unit above them.
    org = og.loads(
        "units:\n"
        "  - {id: hq, name: HQ, units: [{id: x, name: X, units: [{id: x1, name: X1}]}, {id: y, name: Y}]}\n"
        "links:\n" + "\n".join(clique(["hq", "x", "x1", "y"]))
    )
    (row,) = an.communities_vs_departments(org)
    assert row["units"] == ["hq", "x", "x1", "y"]
    assert row["departments"] == ["x", "y", None]  # hq is above the departments
    assert (row["main_department"], row["purity"]) == ("x", 0.5)


def test_no_collaboration_at_all() -> None:
    org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    assert len(an.collaboration_graph(org)) == 0
    assert an.collaboration(org) == []
    assert an.communities_vs_departments(org) == []
    assert pick(an.silos(org), "department", "units", "internal") == [("b", 1, 0)]


def test_silos() -> None:
    org = og.loads(SILOS)
    assert pick(an.silos(org), "department", "units", "internal") == [
        ("s1", 3, 2),  # only inside itself
        ("s2", 2, 0),  # no collaboration (a dotted line does not count by default)
    ]
    assert pick(an.silos(org, dotted=True), "department") == [("s1",)]
    # One department (the CEO's whole organisation): nothing is outside it.
    assert pick(an.silos(org, level=0), "department") == [("ceo",)]


# -- charts ------------------------------------------------------------------------------------------


def glyph_warnings(record: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in record if "missing from" in str(w.message)]


def save(fig: Figure, path: Path) -> list[str]:
    """Save *fig* as PNG; return the 'Glyph ... missing' warnings it caused."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return glyph_warnings(record)


def chart_texts(fig: Figure) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


ANALYSES = {
    "spans": lambda org, lang: an.spans(org, lang=lang),
    "span_bands": lambda org, lang: an.span_bands(org),
    "outside_band": lambda org, lang: an.outside_band(org, band="2-3", lang=lang),
    "layers": lambda org, lang: an.layers(org),
    "responsibility_matrix": lambda org, lang: an.responsibility_matrix(org, lang=lang),
    "shared_responsibilities": lambda org, lang: an.shared_responsibilities(org, lang=lang),
    "unowned_responsibilities": lambda org, lang: an.unowned_responsibilities(org, lang=lang),
    "units_without_responsibilities": lambda org, lang: an.units_without_responsibilities(
        org, lang=lang
    ),
    "collaboration": lambda org, lang: an.collaboration(org, lang=lang),
    "communities_vs_departments": lambda org, lang: an.communities_vs_departments(org, lang=lang),
    "silos": lambda org, lang: an.silos(org, lang=lang),
    # The people view (tests/test_analysis_people.py); on the seed, which names no holders.
    "people_spans": lambda org, lang: an.spans(org, by="people", lang=lang),
    "people_span_bands": lambda org, lang: an.span_bands(org, by="people"),
    "people_outside_band": lambda org, lang: an.outside_band(org, by="people", lang=lang),
    "people_layers": lambda org, lang: an.layers(org, by="people"),
    "vacancies": lambda org, lang: an.vacancies(org, lang=lang),
}


def test_every_analysis_has_a_chart() -> None:
    assert set(ANALYSES) == set(analysis_plots.CHARTS)


# The two full-matrix charts (44 x 95 cells, ~6 s each) run in Chinese only.
SEED_CHARTS = [
    (kind, lang)
    for kind in sorted(ANALYSES)
    for lang in LANGS
    if lang == "zh" or kind not in ("unowned_responsibilities", "units_without_responsibilities")
]


@pytest.mark.parametrize(("kind", "lang"), SEED_CHARTS)
def test_seed_charts_save_without_missing_glyphs(
    seed: og.Org, kind: str, lang: str, tmp_path: Path
) -> None:
    rows = ANALYSES[kind](seed, lang)
    assert rows.kind == kind
    fig = rows.plot(lang=lang)
    assert isinstance(fig, Figure)
    missing = save(fig, tmp_path / f"{kind}-{lang}.png")
    if CJK is not None:
        assert missing == []
    texts = " ".join(chart_texts(fig))
    assert fonts.has_cjk(texts) is (lang == "zh")


@pytest.mark.skipif(CJK is None, reason="no CJK font known to matplotlib (fonts-noto-cjk)")
def test_chinese_text_uses_the_cjk_face(seed: og.Org) -> None:
    fig = an.collaboration(seed, lang="zh").plot()
    labels = [t for t in fig.axes[0].texts if t.get_gid()]
    assert labels and all(CJK in t.get_fontfamily() for t in labels)


def test_spans_chart_shades_the_target(edges: og.Org) -> None:
    fig = an.span_bands(edges).plot(lang="en")
    ax = fig.axes[0]
    bars = list(ax.containers[0])
    assert [(b.get_gid(), int(b.get_height())) for b in bars] == [
        ("1", 1),
        ("2-3", 1),
        ("4-7", 2),
        ("8-12", 3),
        ("13-16", 2),
        ("17+", 1),
    ]
    inside = [
        b.get_gid() for b in bars if b.get_facecolor()[:3] == matplotlib.colors.to_rgb(plots.COLOR)
    ]
    assert inside == ["4-7"]
    shade = [p for p in ax.patches if p not in bars]
    assert len(shade) == 1  # one band shaded: 1.5 .. 2.5 in bar positions
    assert "8 of 10 outside the target band 4-7" in ax.get_title()
    # A target that is not made of whole bands: one bar per span.
    fig = an.outside_band(edges, band=(5, 9)).plot(lang="en")
    gids = [b.get_gid() for b in fig.axes[0].containers[0]]
    assert gids == [str(n) for n in range(1, 18)]
    with pytest.raises(og.OrgError, match="does not line up"):
        an.spans(edges).plot(band=(5, 9), bins="bands")


def test_pyramid_hatches_unknown_layers(tmp_path: Path) -> None:
    org = og.loads(LAYERED)
    fig = an.layers(org).plot(lang="en")
    ax = fig.axes[0]
    got = [(b.get_gid(), b.get_width(), bool(b.get_hatch())) for b in ax.containers[0]]
    assert got == [("layer-1", 1, False), ("layer-2", 3, True), ("layer-3", 7, True)]
    # Centred: each bar spans -w/2 .. w/2; layer 1 on top.
    assert [b.get_x() for b in ax.containers[0]] == [-0.5, -1.5, -3.5]
    ys = [b.get_y() for b in ax.containers[0]]
    assert ys == sorted(ys, reverse=True)
    assert [t.get_text() for t in ax.texts] == [
        "1 seat · 1 unit",
        "≥ 3 seats · 2 units",
        "≥ 7 seats · 2 units",
    ]
    assert ax.get_legend() is not None
    save(fig, tmp_path / "pyramid.png")


def test_heatmap_limits_and_orders(seed: og.Org, tmp_path: Path) -> None:
    org = og.loads(MATRIX)
    ax = an.responsibility_matrix(org, lang="en").plot().axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Plan", "Sell", "Buy"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "D", "E"]
    assert "1 units owning none of these not shown" in ax.get_title()
    ax = an.shared_responsibilities(org, across=True).plot(lang="en").axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Buy"]
    ax = an.unowned_responsibilities(org).plot(lang="en").axes[0]  # empty rows and columns too
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Plan", "Sell", "Buy", "Audit"]
    assert len(ax.get_xticklabels()) == 5
    # The seed's 95 x 44 matrix, cut to the 10 responsibilities with most owners.
    fig = an.responsibility_matrix(seed, lang="en").plot(top=10)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 10 and "Raise the order conversion rate" in labels
    assert "the 10 with most owners of 95" in fig.axes[0].get_title()
    save(fig, tmp_path / "top10.png")
    with pytest.raises(og.OrgError, match="choose one of shared, across"):
        analysis_plots.responsibility_heatmap(org, only="mine")
    with pytest.raises(og.OrgError, match="top must be a whole number"):
        analysis_plots.responsibility_heatmap(org, top=0)


def test_heatmap_cuts_long_names() -> None:
    org = og.loads(
        "units: [{id: a, name: A, responsibilities: [r]}]\n"
        "responsibilities: [{id: r, name: 负责各频道专题和内容的策划和编辑工作以及更多更多的内容}]"
    )
    ax = analysis_plots.responsibility_heatmap(org, label_chars=12).axes[0]
    (label,) = [t.get_text() for t in ax.get_yticklabels()]
    assert label.endswith("…") and len(label) <= 6


def test_network_chart(tmp_path: Path) -> None:
    org = og.loads(CLIQUES)
    fig = an.collaboration(org).plot(lang="en")
    ax = fig.axes[0]
    assert sorted(str(t.get_gid()) for t in ax.texts if t.get_gid()) == sorted(
        ["A", "a1", "a2", "a3", "B", "b1", "b2", "b3"]
    )
    title = ax.get_title()
    assert "8 units, 13 links, 2 communities" in title
    assert "no collaboration outside the department: Dept C" in title
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()][:2] == ["Dept A", "Dept B"]
    # Reproducible: the same seed gives the same picture.
    again = an.collaboration(org).plot(lang="en").axes[0]
    assert [t.get_position() for t in ax.texts] == [t.get_position() for t in again.texts]
    save(fig, tmp_path / "network.png")
    zh = an.silos(org, lang="zh").plot()
    assert "与部门外没有协作：丙部" in zh.axes[0].get_title()


def test_empty_charts(tmp_path: Path) -> None:
    org = og.loads("units: [{id: a, name: A}]")
    for rows in (an.spans(org), an.layers(org), an.responsibility_matrix(org), an.silos(org)):
        save(rows.plot(lang="en"), tmp_path / f"{rows.kind}.png")


def test_plot_into_own_axes(edges: og.Org) -> None:
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure()
    ax1, ax2 = fig.subplots(1, 2)
    assert an.span_bands(edges).plot(ax=ax1) is fig
    assert an.layers(edges).plot(ax=ax2) is fig


def test_plot_rejects_unknown_options(edges: og.Org) -> None:
    with pytest.raises(og.OrgError) as info:
        an.layers(edges).plot(band="4-7")
    assert info.value.choices == ("lang", "ax")
    with pytest.raises(og.OrgError, match="no chart for rows of kind 'example'"):
        an.Rows([], columns=(), kind="example").plot()


# -- the seed -------------------------------------------------------------------------------------


def test_seed_spans_and_layers(seed: og.Org) -> None:
    rows = an.spans(seed)
    assert len(rows) == 15
    spans = {r["unit"]: r["span"] for r in rows}
    assert (spans["ceo"], spans["coo"], spans["procurement_logistics"], spans["hr"]) == (4, 5, 4, 1)
    assert pick(an.span_bands(seed), "band", "managers") == [
        ("1", 1),
        ("2-3", 11),
        ("4-7", 3),
        ("8-12", 0),
        ("13-16", 0),
        ("17+", 0),
    ]
    outside = an.outside_band(seed)
    assert len(outside) == 12 and {r["side"] for r in outside} == {"below"}
    assert pick(
        an.layers(seed), "layer", "units", "managers", "headcount", "headcount_unknown"
    ) == [
        (1, 1, 1, 1, 0),  # CEO
        (2, 4, 4, 3, 0),  # COO office, Technology, HR, Finance (which has no head)
        (3, 11, 5, 7, 4),  # five COO departments' heads + tech groups and HR executives
        (4, 16, 5, 19, 3),
        (5, 12, 0, 20, 0),
    ]
    total = seed.headcount()
    assert sum(r["headcount"] for r in an.layers(seed)) == total.value
    assert sum(r["headcount_unknown"] for r in an.layers(seed)) == len(total.unknown)


def test_seed_responsibilities(seed: og.Org) -> None:
    matrix = an.responsibility_matrix(seed)
    assert len(matrix) == 44 and len(matrix.columns) == 2 + 95
    shared = an.shared_responsibilities(seed)
    assert len(shared) == 15
    assert pick(shared, "responsibility", "owners")[0] == ("raise_order_conversion", 3)
    across = an.shared_responsibilities(seed, across=True)
    assert pick(across, "responsibility", "departments") == [
        ("raise_order_conversion", ["customer_service", "marketing"]),
        ("optimise_shopping_flow", ["web_operations", "marketing"]),
        ("improve_shopping_experience", ["web_operations", "marketing"]),
    ]
    assert an.unowned_responsibilities(seed) == []
    without = {r["unit"] for r in an.units_without_responsibilities(seed)}
    assert len(without) == 21
    assert {"ceo", "coo", "hr", "finance", "mkt_analysis", "ops_promotions"} <= without


def test_seed_collaboration(seed: og.Org) -> None:
    graph = an.collaboration_graph(seed)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (12, 10)
    rows = an.collaboration(seed)
    assert pick(rows[:4], "unit") == [
        ("technology",),
        ("procurement_logistics",),
        ("web_operations",),
        ("mkt_media",),
    ]
    # 12 units: 55 pairs of other units. Technology is on 17 shortest paths.
    assert rows[0]["betweenness"] == pytest.approx(17 / 55)
    groups = an.communities_vs_departments(seed)
    assert [r["units"] for r in groups] == [
        ["planning_editing", "customer_service", "marketing", "technology"],
        ["ops_promotions", "mkt_media", "mkt_analysis"],
        ["cs_training", "cs_operations", "cs_performance_audit"],
        ["web_operations", "procurement_logistics"],
    ]
    assert [r["purity"] for r in groups] == pytest.approx([0.25, 2 / 3, 1.0, 0.5])
    # Four departments with one unit each, and two with one each: no main department.
    assert [r["main_department"] for r in groups] == [None, "marketing", "customer_service", None]
    assert pick(an.silos(seed), "department", "units", "internal") == [
        ("hr", 2, 0),
        ("finance", 3, 0),
    ]


# -- the command line -------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="orggraph")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    _cli_analysis.register(p.add_subparsers(dest="command", required=True), common)
    return p


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> str:
    args = parser().parse_args(list(argv))
    assert args.func(args) == 0
    return capsys.readouterr().out


SEED_FILE = str(og.datasets.path("ecommerce"))


@pytest.mark.parametrize("what", _cli_analysis.WHAT)
def test_cli_formats(what: str, capsys: pytest.CaptureFixture[str]) -> None:
    table = run("analyse", SEED_FILE, "--what", what, "--lang", "en", capsys=capsys)
    assert table.strip()
    data = json.loads(run("analyse", SEED_FILE, "--what", what, "--format", "json", capsys=capsys))
    assert isinstance(data, dict) and data
    rows = list(
        csv.reader(
            io.StringIO(run("analyse", SEED_FILE, "--what", what, "--format", "csv", capsys=capsys))
        )
    )
    first = next(iter(data.values()))
    assert len(rows) == 1 + len(first)


def test_cli_values(capsys: pytest.CaptureFixture[str]) -> None:
    out = run("analyse", SEED_FILE, "--what", "silos", "--lang", "en", capsys=capsys)
    assert out.splitlines()[2:] == [
        "hr          Human Resources      2         0",
        "finance     Finance              3         0",
    ]
    data = json.loads(
        run(
            "analyse",
            SEED_FILE,
            "--what",
            "bands",
            "--band",
            "2-3",
            "--format",
            "json",
            capsys=capsys,
        )
    )
    assert [b["managers"] for b in data["bands"]] == [1, 11, 3, 0, 0, 0]
    assert len(data["outside"]) == 4
    out = run("analyse", SEED_FILE, "--what", "responsibilities", "--format", "csv", capsys=capsys)
    header, *body = list(csv.reader(io.StringIO(out)))
    assert header[:3] == ["unit", "name", "optimise_shopping_flow"]
    marketing = next(r for r in body if r[0] == "marketing")
    assert marketing[2] == "1"
    out = run("analyse", SEED_FILE, "--what", "responsibilities", capsys=capsys)
    assert "44 units x 95 responsibilities" in out and "# Responsibilities nobody owns" in out


def test_cli_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for what in _cli_analysis.WHAT:
        out = tmp_path / f"{what}.png"
        run("analyse", SEED_FILE, "--what", what, "--plot", str(out), "--top", "12", capsys=capsys)
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "layers.svg"
    run("analyse", SEED_FILE, "--what", "layers", "--plot", str(svg), capsys=capsys)
    assert b"<svg" in svg.read_bytes()[:400]
    assert not list(tmp_path.glob(".*tmp"))  # written atomically


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--band", "wide"], "unknown band 'wide'"),
        (["--plot", "chart.gif"], "use one of .svg, .png, .pdf"),
        (["--plot", "no/such/folder/chart.png"], "the folder does not exist"),
        (["--what", "silos", "--level", "division"], "no unit has type 'division'"),
    ],
)
def test_cli_errors(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = parser().parse_args(["analyse", SEED_FILE, *argv])
    with pytest.raises(og.OrgError, match=message):
        args.func(args)


def test_cli_hooked_into_main(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from orggraph.cli import app as cli

    subcommands = next(
        a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    if "analyse" not in subcommands.choices:
        pytest.skip("the analyse subcommand is not registered in orggraph.cli.app yet")
    assert cli.main(["analyse", SEED_FILE, "--what", "silos", "--format", "json"]) == 0
    assert [r["department"] for r in json.loads(capsys.readouterr().out)["silos"]] == [
        "hr",
        "finance",
    ]
    assert cli.main(["analyse", SEED_FILE, "--band", "0"]) == 1
    assert "unknown band '0'" in capsys.readouterr().err


# -- invariants on random organisations ------------------------------------------------------------


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        yield


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_invariants(doc: dict[str, Any]) -> None:
    with quiet():
        org = og.from_dict(doc)
    spans = an.spans(org)
    assert sum(r["managers"] for r in an.span_bands(org)) == len(spans)
    assert all(r["span"] == len(org.children(r["unit"])) for r in spans)
    layers = an.layers(org)
    assert sum(r["units"] for r in layers) == len(org)
    total = org.headcount()
    assert sum(r["headcount"] for r in layers) == total.value
    assert sum(r["headcount_unknown"] for r in layers) == len(total.unknown)
    matrix = an.responsibility_matrix(org)
    owned = sum(bool(r[c]) for r in matrix for c in matrix.columns[2:])
    assert owned == sum(len(org.responsibilities(u)) for u in org.units())
    unowned = {r["responsibility"] for r in an.unowned_responsibilities(org)}
    assert unowned == {c for c in matrix.columns[2:] if not any(r[c] for r in matrix)}
    rows = an.collaboration(org, dotted=True)
    graph = an.collaboration_graph(org, dotted=True)
    assert {r["unit"] for r in rows} == set(graph)
    assert all(0 <= r["betweenness"] <= 1 for r in rows)
    groups = an.communities_vs_departments(org, dotted=True)
    assert sorted(u for g in groups for u in g["units"]) == sorted(graph)
    assert all(0 < g["purity"] <= 1 or g["main_department"] is None for g in groups)
    silo_ids = {r["department"] for r in an.silos(org)}
    assert silo_ids <= set(an.departments(org))
