"""``to_graphviz``: the chart as a ``graphviz.Digraph`` of the Python ``graphviz`` package.

The same chart as ``to_dot``'s DOT (checked by parsing both, and by ``dot`` reading
both), its labels HTML and every piece of text escaped, users' adjustments, the
notebook display and rendering through the package, and a light ``import orggraph``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import graphviz
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_graphviz import _ANY_TEXT, EVIL, SEED, SVG, blank_org, evil_org, needs_dot

import orggraph as og
from orggraph.render import graphviz as gv
from orggraph.render.diff_chart import diff_dot
from orggraph.render.gvpackage import from_dot
from orggraph.render.options import ChartOptions
from orggraph.render.theme import DEFAULT_THEME

# A font name that looks like markup and carries DOT escapes: it must stay a quoted string.
ODD_THEME = replace(DEFAULT_THEME, font='<b>Odd</b> "font" \\N', background="<x>")


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.load(SEED)


def _charts() -> dict[str, Callable[[], str]]:
    """DOT sources of charts of every kind, by name (built when the test runs)."""
    seed = og.load(SEED)
    return {
        "seed-en": lambda: gv.to_dot(seed, lang="en"),
        "seed-zh-duties": lambda: gv.to_dot(seed, lang="zh", responsibilities=True),
        "sub-chart-LR": lambda: gv.to_dot(seed, root="coo", depth=1, rankdir="LR"),
        "stacked": lambda: gv.to_dot(og.datasets.synthetic(120), stack_leaves=2),
        "evil": lambda: gv.to_dot(evil_org(), caption=EVIL),
        "blank": lambda: gv.to_dot(blank_org(), responsibilities=True, caption="\x1b"),
        "odd-theme": lambda: gv.to_dot(seed, lang="en", depth=1, theme=ODD_THEME),
        "diff": lambda: diff_dot(
            seed, og.datasets.load("ecommerce-split").as_of("2027-01-01"), lang="en"
        ),
    }


CHARTS = list(_charts())


# -- a parse of each form, independent of orggraph.render.gvpackage ------------------------

_LABEL = r"label=(<<.*?>>|<.*?>)(?=[ ,\]])"


def statements(source: str) -> tuple[list[tuple[str, str]], list[tuple[str, ...]], str]:
    """(node, label) pairs, (tail, head, class, label) edges and the graph's caption, read from
    DOT as ``to_dot`` writes it (``"u0" [...];``) or as the package does (``u0 [...]``)."""
    nodes, edges = [], []
    caption = ""
    for line in source.splitlines():
        head = re.match(r'\s*"?(u\d+)"?(?: -> "?(u\d+)"?)? \[(.*)\];?$', line)
        if head is None:
            if found := re.match(r"\s*label=(<.*>);?$", line):
                caption = found.group(1)
            continue
        tail, target, attrs = head.groups()
        if target is None:
            label = re.search(_LABEL, attrs)
            assert label is not None, line
            nodes.append((tail, label.group(1)))
        else:
            klass = re.search(r'class=("[^"]*"|\w+)', attrs)
            assert klass is not None, line
            label = re.search(_LABEL, attrs)
            edges.append((tail, target, klass.group(1).strip('"'), label.group(1) if label else ""))
    return nodes, edges, caption


def test_it_is_a_digraph_with_the_charts_defaults(seed: og.Org) -> None:
    g = gv.to_graphviz(seed, lang="en")
    assert isinstance(g, graphviz.Digraph) and g.name == "orgchart"
    assert g.graph_attr["rankdir"] == "TB" and g.graph_attr["ordering"] == "out"
    assert g.node_attr["style"] == "rounded,filled" and g.node_attr["shape"] == "box"
    assert g.edge_attr["arrowhead"] == "none"
    assert g.node_attr["fontname"] == DEFAULT_THEME.font == g.graph_attr["fontname"]
    assert sum(line.startswith("\tu") and " -> " not in line for line in g.body) == len(seed)


@pytest.mark.parametrize("chart", CHARTS)
def test_same_nodes_edges_labels_and_caption_as_to_dot(chart: str) -> None:
    source = _charts()[chart]()
    dot_form = statements(source)
    package_form = statements(from_dot(source).source)
    assert dot_form == package_form
    nodes, edges, caption = dot_form
    assert nodes and caption.startswith("<") and caption.endswith(">")
    assert chart == "blank" or edges


def test_to_graphviz_is_from_dot_of_to_dot(seed: og.Org) -> None:
    options = ChartOptions(lang="en", depth=2, links=("dotted",), responsibilities=True)
    expected = from_dot(gv.to_dot(seed, options=options)).source
    assert gv.to_graphviz(seed, options).source == expected
    assert gv.to_graphviz(seed, options=options).source == expected
    assert seed.to_graphviz(options=options).source == expected
    keywords = {"lang": "en", "depth": 2, "links": ("dotted",), "responsibilities": True}
    assert seed.to_graphviz(**keywords).source == expected
    # keywords win over the options object
    assert gv.to_graphviz(seed, replace(options, depth=0), depth=2).source == expected
    assert from_dot(from_dot(gv.to_dot(seed)).source).source == from_dot(gv.to_dot(seed)).source


def test_chart_options_are_checked(seed: og.Org) -> None:
    with pytest.raises(og.OrgError, match=r"unknown option 'deph' \(did you mean 'depth'\?\)"):
        seed.to_graphviz(deph=1)
    with pytest.raises(og.OrgError, match=r"unknown link kind 'doted'"):
        gv.to_graphviz(seed, links=("doted",))
    with pytest.raises(og.OrgError, match=r"options must be an orggraph"):
        gv.to_graphviz(seed, {"depth": 1})  # type: ignore[arg-type]
    with pytest.raises(og.UnknownIdError):
        seed.to_graphviz(root="nowhere")


@pytest.mark.dot
@needs_dot
@pytest.mark.parametrize("chart", CHARTS)
def test_dot_reads_both_as_the_same_graph(chart: str) -> None:
    source = _charts()[chart]()
    g = from_dot(source)
    assert gv.run_dot(g.source, "canon") == gv.run_dot(source, "canon")
    assert gv.run_dot(g.source, "svg") == gv.run_dot(source, "svg")  # the same picture


# -- escaping ------------------------------------------------------------------------------


def test_labels_stay_html_and_organisation_text_stays_escaped() -> None:
    source = gv.to_graphviz(evil_org(), caption=EVIL).source
    labels = re.findall(r"\blabel=(.)", source)
    assert labels and set(labels) == {"<"}  # every label HTML-like, none a quoted string
    assert "<script>" not in source and "&lt;script&gt;" in source
    assert "\x07" not in source and "\\\\N" in source  # dot must not expand \N
    body = source.splitlines()[4:-1]  # after the head and the defaults, before the "}"
    assert all(re.match(r"\t(u\d+[ \n]|label=<)", line) for line in body)  # node names u0, ...


def test_values_that_look_like_markup_stay_quoted_strings(seed: og.Org) -> None:
    g = gv.to_graphviz(seed, depth=0, theme=ODD_THEME)
    # DOT's escapes kept, as the package's own graphviz.escape() writes them
    assert g.node_attr["fontname"] == graphviz.escape(ODD_THEME.font)
    assert 'fontname="<b>Odd</b> \\"font\\" \\\\N"' in g.source
    assert 'bgcolor="<x>"' in g.source


def test_from_dot_refuses_what_it_cannot_carry() -> None:
    for source, message in [
        ("graph { a -- b }", r"expected 'digraph'"),
        ("strict digraph { a }", r"strict graphs"),
        ('digraph { "a:b" }', r"unsupported node name 'a:b'"),
        ('digraph { "<i>" -> b }', r"unsupported node name"),
        ("digraph { a [label=<<b>x</b>] }", r"not closed"),
        ("digraph { a -> {b c} }", r"expected a node name"),
        ("digraph { a } b", r"text after the end"),
        ("digraph { a [label=] }", r"expected a value"),
        ("digraph { a $ }", r"unexpected text"),
    ]:
        with pytest.raises(og.RenderError, match=message):
            from_dot(source)


def test_from_dot_reads_subgraphs_ports_and_comments() -> None:
    source = (
        "// a comment\ndigraph x {\n  /* block */ node [shape=box];\n  a -> b:s;\n"
        '  subgraph cluster_1 { graph [label="C"]; c; }\n  { rank=same; d; e }\n'
        "  node [color=red];\n  f;\n}\n"
    )
    g = from_dot(source)
    assert g.node_attr == {"shape": "box"}
    body = [line.strip() for line in g.body]
    assert body[0] == "a -> b:s" and "subgraph cluster_1 {" in body
    assert "rank=same" in body and body[-2:] == ["node [color=red]", "f"]
    if gv.find_dot() is not None:
        assert gv.run_dot(g.source, "canon") == gv.run_dot(source, "canon")


# Same texts as tests/test_graphviz.py's test of to_dot: here through the package.
@pytest.mark.dot
@needs_dot
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(_ANY_TEXT, min_size=2, max_size=4), title=_ANY_TEXT, relation=_ANY_TEXT)
def test_any_name_gives_a_digraph_that_dot_accepts(
    names: list[str], title: str, relation: str
) -> None:
    units = [{"id": f"u{i}", "name": n, "head": {"title": title}} for i, n in enumerate(names)]
    try:
        org = og.from_dict(
            {
                "org": title,
                "units": [{**units[0], "units": units[1:]}],
                "links": [
                    {"kind": "collaboration", "from": "u1", "to": "u0", "relation": relation}
                ],
            }
        )
    except og.OrgError:
        assume(False)  # e.g. a name of spaces only: not a valid organisation
        raise
    svg = gv.to_graphviz(org, caption=relation).pipe("svg")  # CalledProcessError if refused
    ET.fromstring(svg)  # and the SVG is well-formed XML


# -- adjusting, showing and rendering through the package ----------------------------------


@pytest.mark.dot
@needs_dot
def test_users_adjust_it_and_render_it(seed: og.Org, tmp_path: Path) -> None:
    g = seed.to_graphviz(lang="en", depth=1)
    g.graph_attr["bgcolor"] = "#fafafa"
    g.node("u0", fillcolor="#ff0000", penwidth="3")  # dot merges: the last value wins
    g.edge("u1", "u2", style="bold", color="#00aa00", constraint="false")
    root = ET.fromstring(g.pipe("svg"))
    fills = {p.get("fill") for p in root.iter(f"{SVG}path")} | {
        p.get("fill") for p in root.iter(f"{SVG}polygon")
    }
    assert {"#ff0000", "#fafafa"} <= fills
    assert any(p.get("stroke") == "#00aa00" for p in root.iter(f"{SVG}path"))
    out = g.render(tmp_path / "chart", format="png")
    assert Path(out).read_bytes().startswith(b"\x89PNG")


@pytest.mark.dot
@needs_dot
def test_jupyter_shows_it_through_the_packages_mimebundle(seed: og.Org) -> None:
    bundle = seed.to_graphviz(lang="en")._repr_mimebundle_()
    root = ET.fromstring(bundle["image/svg+xml"].encode())
    units = [g for g in root.iter(f"{SVG}g") if "unit" in (g.get("class") or "").split()]
    assert len(units) == len(seed)
    assert "Customer Service" in " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


@pytest.mark.dot
@needs_dot
def test_run_dot_on_its_source_keeps_the_time_out(seed: og.Org) -> None:
    g = seed.to_graphviz()
    with pytest.raises(og.RenderError, match="did not finish"):
        gv.run_dot(g.source, "svg", timeout=1e-4)


def test_run_dot_on_its_source_gives_the_install_hint(
    seed: og.Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORGGRAPH_DOT", "/nonexistent/dot")
    g = seed.to_graphviz()  # building the Digraph needs no dot
    with pytest.raises(og.MissingDependencyError, match="apt-get install graphviz"):
        gv.run_dot(g.source, "svg")


def test_a_missing_package_is_an_org_error(seed: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "graphviz", None)  # makes `import graphviz` fail
    with pytest.raises(og.MissingDependencyError, match="pip install graphviz"):
        seed.to_graphviz()
    assert gv.to_dot(seed).startswith("digraph")  # DOT text needs no package


def test_import_orggraph_does_not_import_the_package() -> None:
    code = (
        "import sys, orggraph as og\n"
        "from orggraph.render import graphviz as gv\n"
        "org = og.datasets.load('ecommerce')\n"
        "gv.to_dot(org); org.render(format='svg', engine='tidy'); repr(org)\n"
        "print('graphviz' in sys.modules, end=' ')\n"
        "org.to_graphviz()\n"
        "print('graphviz' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == "False True"
