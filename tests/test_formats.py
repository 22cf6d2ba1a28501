"""Other formats (orggraph.io): round trips, escaping, the ORG vocabulary, convert.

Every format that reads back is checked on the seed and on random organisations
(hypothesis); every text format is fed a hostile name and parsed with a real parser.
"""

from __future__ import annotations

import argparse
import builtins
import codecs
import contextlib
import io
import json
import re
import sys
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import corrupt_data, corrupt_text, documents

import orggraph as og
from orggraph import io as formats
from orggraph.cli.convert import register
from orggraph.io import graphs
from orggraph.names import clean
from orggraph.render import graphviz, mermaid

rdflib = pytest.importorskip("rdflib")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "ecommerce.yaml"
ORG = rdflib.Namespace(formats.ORG_NS)
OG = rdflib.Namespace(formats.OG_NS)
RDF = rdflib.Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")

Writer = Callable[..., Any]
Reader = Callable[[Any], og.Org]
READ_BACK: dict[str, tuple[Writer, Reader]] = {
    "node-link": (formats.to_node_link, formats.from_node_link),
    "graphml": (formats.to_graphml, formats.from_graphml),
    "gexf": (formats.to_gexf, formats.from_gexf),
    "turtle": (formats.to_turtle, formats.from_turtle),
    "json-ld": (formats.to_jsonld, formats.from_jsonld),
}
ROUND_TRIPS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EVIL = '<script>alert(1)</script> & "x" \\N `md` |a|; #quot; \x07\x0c\x1b end'
EVIL_IDS = ["a b:c/d#e%20", "ünït.1", "x\ufffey"]
EVIL_RID = '<r> & "s" `t` #quot; \\N'  # ids have no control characters


@contextmanager
def quiet() -> Iterator[None]:
    """Several roots are legal: ignore the OrgWarning they give."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        yield


def round_trip(fmt: str, org: og.Org) -> og.Org:
    write, read = READ_BACK[fmt]
    content = write(org)
    assert isinstance(content, str)
    with quiet():
        return read(io.StringIO(content))


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.load(SEED)


def evil_org() -> og.Org:
    return og.from_dict(
        {
            "org": {"en": EVIL},
            "lang": ["en", "zh"],
            "units": [
                {
                    "id": EVIL_IDS[0],
                    "name": {"en": EVIL, "zh": "总经理室"},
                    "type": EVIL,
                    "head": {
                        "title": EVIL,
                        "salary": 1.5,
                        "seats": 2,
                        "holders": [EVIL, "x" + EVIL],
                    },
                    "attrs": {EVIL: EVIL},
                    "responsibilities": [EVIL_RID],
                    "units": [
                        {"id": EVIL_IDS[1], "name": EVIL, "aliases": [EVIL, {"en": EVIL}]},
                        {"id": EVIL_IDS[2], "name": "plain", "description": EVIL},
                    ],
                }
            ],
            "responsibilities": [{"id": EVIL_RID, "name": EVIL, "description": {"en": EVIL}}],
            "links": [
                {
                    "kind": "collaboration",
                    "from": EVIL_IDS[1],
                    "to": EVIL_IDS[2],
                    "relation": EVIL,
                    "mutual": True,
                },
                {
                    "kind": "dotted",
                    "from": EVIL_IDS[0],
                    "to": EVIL_IDS[2],
                    "relation": {"en": EVIL},
                },
            ],
        }
    )


# -- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", READ_BACK)
def test_seed_reads_back_equal(fmt: str, seed: og.Org) -> None:
    again = round_trip(fmt, seed)
    assert again == seed
    assert again.lang == seed.lang and again.org_name == seed.org_name
    assert again.units() == seed.units()  # chart order too


@pytest.mark.parametrize("fmt", READ_BACK)
def test_evil_names_and_ids_read_back_equal(fmt: str) -> None:
    org = evil_org()
    assert round_trip(fmt, org) == org


@pytest.mark.parametrize("fmt", READ_BACK)
def test_change_log_travels(fmt: str) -> None:
    org = og.from_dict(
        {
            "units": [{"id": "a", "name": "A"}],
            "changes": [
                {"op": "rename", "unit": "a", "note": {"en": "renamed"}, "date": "2025-01-01"}
            ],
        }
    )
    assert round_trip(fmt, org).changes == org.changes


@pytest.mark.parametrize("fmt", READ_BACK)
@ROUND_TRIPS
@given(doc=documents())
def test_round_trip_random(fmt: str, doc: dict[str, Any]) -> None:
    with quiet():
        org = og.from_dict(doc)
    again = round_trip(fmt, org)
    assert again == org
    assert again.units() == org.units()
    assert again.roots() == org.roots()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "node-link", "turtle", "json-ld"])
def test_writes_are_stable(fmt: str, seed: og.Org) -> None:
    write = READ_BACK[fmt][0]
    if fmt == "gexf":  # GEXF stamps the date: compare the graph part
        first, second = (write(seed).split("<graph", 1)[1] for _ in range(2))
    else:
        first, second = write(seed), write(seed)
    assert first == second


# -- graph tools ---------------------------------------------------------------------------------


def test_flat_graph_attributes(seed: og.Org) -> None:
    g = formats.to_flat_graph(seed, lang="en")
    cs = g.nodes["customer_service"]
    assert cs["label"] == "Customer Service" and cs["name_zh"] == "客服部"
    assert cs["type"] == "department" and cs["depth"] == 2
    assert cs["head_title"] == "Customer Service Director" and cs["head_salary"] == 8000.0
    table = seed.rollup_table()
    assert cs["seats"] == table.value("customer_service", "seats")
    assert cs["seats_unknown"] == table.unknown_count("customer_service", "seats") > 0
    # A unit whose whole subtree has unknown seats gets no seats figure, never a 0.
    assert "seats" not in g.nodes["cs_training"] and g.nodes["cs_training"]["seats_unknown"] == 1
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert kinds == {"reporting", "responsibility", "collaboration"}
    link = next(d for u, v, d in g.edges(data=True) if d["kind"] == "collaboration")
    assert link["label"] == link["relation_en"] and "relation_zh" in link
    # Every attribute a graph tool sees is a scalar.
    for _, data in [*g.nodes(data=True), *((None, d) for _, _, d in g.edges(data=True))]:
        shown = {k: v for k, v in data.items() if k != "orggraph"}  # exact data: a dict here
        assert all(isinstance(v, (str, int, float, bool)) for v in shown.values())


def test_graphml_is_plain_graphml(seed: og.Org) -> None:
    text = formats.to_graphml(seed, lang="en")
    root = ET.fromstring(text.encode())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
    node = root.find("g:graph/g:node[@id='customer_service']", ns)
    assert node is not None
    values = {keys[d.get("key")]: d.text for d in node.findall("g:data", ns)}
    assert values["label"] == "Customer Service" and values["name_zh"] == "客服部"
    edge_ids = [e.get("id") for e in root.findall("g:graph/g:edge", ns)]
    assert len(edge_ids) == len(set(edge_ids))  # unique edge ids
    # networkx alone reads it too.
    g = nx.read_graphml(io.BytesIO(text.encode()))
    assert g.nodes["ceo"]["label"] == "CEO office"


def test_node_link_for_d3_and_networkx(seed: og.Org) -> None:
    data = json.loads(formats.to_node_link(seed))
    assert set(data) >= {"directed", "multigraph", "graph", "nodes", "links"}
    assert (
        data["nodes"][0]["id"] == "ceo"
        and data["nodes"][0]["orggraph"]["name"]["en"] == "CEO office"
    )
    g = nx.node_link_graph(data, edges="links")
    assert g.number_of_nodes() == len(seed) + len(seed.responsibility_ids())
    # An edge list called "edges" (networkx >= 3.6 default) reads too.
    data["edges"] = data.pop("links")
    assert formats.from_node_link(io.StringIO(json.dumps(data))) == seed


def test_gexf_shows_labels_and_the_org(seed: og.Org) -> None:
    root = ET.fromstring(formats.to_gexf(seed, lang="zh").encode())
    ns = {"x": "http://www.gexf.net/1.2draft"}
    graph = root.find("x:graph", ns)
    assert graph is not None and graph.get("name") == "明星电商企业"
    labels = {n.get("id"): n.get("label") for n in root.iter("{http://www.gexf.net/1.2draft}node")}
    assert labels["ceo"] == "总经理室"


def test_graph_drawn_elsewhere_reads_from_labels() -> None:
    g = nx.DiGraph()
    g.add_node("1", label="Board", type="company", head_title="Chair", head_salary=100.0)
    g.add_node("2", name_en="Sales", name_zh="销售")
    g.add_node("3", label="Ops")
    g.add_edges_from([("1", "2"), ("1", "3")])
    g.add_edge("2", "3", kind="collaboration", relation_en="helps", mutual=True)
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer)
    org = formats.from_graphml(io.BytesIO(buffer.getvalue()))
    assert org.root == "1" and org.children("1") == ["2", "3"]
    assert org.unit("1")["head"]["salary"] == 100 and org.name("2", lang="zh") == "销售"
    assert org.collaborators("2", lang="en")[0].relation == "helps"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda g: g.add_edge("a", "b", kind="boss"), "unknown edge kind 'boss'"),
        (lambda g: g.add_edge("c", "b", kind="reporting"), "two reporting lines"),
        (lambda g: g.nodes["a"].update(orggraph="{nope"), "not JSON"),
        (lambda g: g.nodes["a"].update(kind="person"), "unknown node kind 'person'"),
        (lambda g: g.nodes["b"].update(orggraph='{"id": "b", "name": ""}'), "must not be empty"),
    ],
)
def test_broken_graphs_give_org_errors(
    mutate: Callable[[nx.MultiDiGraph], Any], message: str
) -> None:
    org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]")
    g = formats.to_flat_graph(org, xml=True)
    mutate(g)
    with pytest.raises(og.OrgError, match=message) as info:
        formats.from_flat_graph(g, file="x.graphml")
    assert info.value.file == "x.graphml"


@pytest.mark.parametrize(
    ("reader", "content", "message"),
    [
        (formats.from_graphml, b"<graphml><graph>", "not a valid GraphML"),
        (formats.from_graphml, b'<!DOCTYPE x [<!ENTITY a "aaaa">]><graphml/>', "DOCTYPE"),
        (formats.from_gexf, b"not xml", "not a valid GEXF"),
        # The JSON reader of the orggraph format: syntax errors with their line.
        (formats.from_node_link, b"{", "JSON syntax error"),
        (formats.from_turtle, b"@prefix : <x> . :a :b", "Turtle syntax error"),
        (formats.from_turtle, b"\xff\xfe", "not UTF-8"),
        (formats.from_turtle, b"", "no units found"),
        (formats.from_jsonld, b"{", "JSON syntax error"),
        (formats.from_jsonld, b'{"@context": "https://example.org/ctx.jsonld"}', "remote JSON-LD"),
        (formats.from_jsonld, b'{"@context": [{"@import": "x"}], "@id": "a"}', "remote JSON-LD"),
    ],
)
def test_broken_files_give_parse_errors(
    tmp_path: Path, reader: Reader, content: bytes, message: str
) -> None:
    path = tmp_path / "broken"
    path.write_bytes(content)
    with pytest.raises(og.ParseError, match=message) as info:
        reader(path)
    assert info.value.file == str(path)


def test_missing_file() -> None:
    with pytest.raises(og.ParseError, match="cannot read the file"):
        formats.from_graphml("no/such/file.graphml")


# -- hostile text in every text format ---------------------------------------------------------


def test_graphml_keys_without_a_type_raise_no_networkx_warning(seed: og.Org) -> None:
    text = formats.to_graphml(seed)
    untyped = re.sub(r' attr\.type="[a-z]+"', "", text)  # every key: networkx warns
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # What the keys held may no longer check out: that is said as an OrgError.
        with contextlib.suppress(og.OrgError):
            formats.from_graphml(io.BytesIO(untyped.encode()))
    assert [str(w.message) for w in caught] == []


def test_evil_graphml_parses_with_the_literal_text() -> None:
    org = evil_org()
    root = ET.fromstring(formats.to_graphml(org, lang="en").encode())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
    node = root.find("g:graph/g:node", ns)
    assert node is not None and node.get("id") == EVIL_IDS[0]
    values = {keys[d.get("key")]: d.text for d in node.findall("g:data", ns)}
    assert values["label"] == clean(EVIL)  # what XML can hold of it
    assert json.loads(values["orggraph"] or "")["name"]["en"] == EVIL  # all of it
    assert (
        formats.from_graphml(io.StringIO(formats.to_graphml(org))).name(EVIL_IDS[0], lang="en")
        == EVIL
    )


def test_evil_gexf_parses_with_the_literal_text() -> None:
    org = evil_org()
    root = ET.fromstring(formats.to_gexf(org, lang="en").encode())
    nodes = list(root.iter("{http://www.gexf.net/1.2draft}node"))
    assert nodes[0].get("label") == clean(EVIL)
    assert nodes[2].get("id") == "x\\ufffey"  # XML cannot hold U+FFFE: the exact id rides along
    assert formats.from_gexf(io.StringIO(formats.to_gexf(org))).units() == org.units()


def test_evil_node_link_parses_with_the_literal_text() -> None:
    data = json.loads(formats.to_node_link(evil_org(), lang="en"))
    assert data["nodes"][0]["label"] == clean(EVIL)
    assert data["nodes"][0]["orggraph"]["name"]["en"] == EVIL
    assert data["graph"]["orggraph"]["org"] == {"en": EVIL}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize(
    ("fmt", "escape"),
    [
        ("node-link", "\\ud800"),
        ("json-ld", "\\udc00"),
        ("turtle", "\\uD800"),
        ("turtle", "\\U0000DFFF"),
        ("turtle", "\\uD83D\\uDE00"),  # Turtle escapes code points: no pairs
    ],
)
def test_lone_surrogates_in_graph_files_are_refused(fmt: str, escape: str) -> None:
    # They used to load, then break the JSON, Turtle, JSON-LD and CSV writers.
    write, read = READ_BACK[fmt]
    text = write(og.loads("units: [{id: a, name: Zq}]")).replace("Zq", f"Z{escape}")
    with pytest.raises(og.ParseError) as info:
        read(io.BytesIO(text.encode("ascii")))
    assert info.value.message.startswith(f"a lone surrogate {escape[:6]}")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if escape in row)
    assert (
        info.value.place == f"line {line}, column {text.splitlines()[line - 1].index(escape) + 1}"
    )


def test_surrogate_pairs_in_graph_json_are_one_character() -> None:
    write, read = READ_BACK["node-link"]
    text = write(og.loads("units: [{id: a, name: Zq}]")).replace("Zq", "Z\\ud83d\\ude00")
    assert read(io.BytesIO(text.encode("ascii"))).name("a") == "Z\U0001f600"


def test_evil_mermaid_keeps_text_inside_labels() -> None:
    text = mermaid.to_mermaid(evil_org(), lang="en")
    assert "<script" not in text and "\x07" not in text
    assert "`" not in text.split("---\n", 2)[2]  # a backtick label would be Markdown
    lines = text.split("\n")
    assert lines[0] == "---" and lines[2] == "---"
    assert json.loads(lines[1][len("title: ") :]) == " ".join(clean(EVIL).split())
    for line in lines[4:]:
        if not line:
            continue
        # Quotes only around labels; inside them no quote, no raw < > other than <br/>.
        labels = re.findall(r'\["(.*?)"\]|\|"(.*?)"\|', line)
        for label in (part for pair in labels for part in pair if part):
            assert '"' not in label and "<" not in label.replace("<br/>", "")
        assert re.fullmatch(
            r'    (n\d+\[".*"\]|n\d+ (-->|-\.->|<-\.->)(\|".*"\|)? n\d+|classDef \w+ .*|class [n\d,]+ \w+|'
            r"linkStyle [\d,]+ .*)",
            line,
        ), line
    assert (
        "#lt;script#gt;alert(1)#lt;/script#gt; #amp; #quot;x#quot; \\N #96;md#96; |a|; #35;quot;"
        in text
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
def test_evil_turtle_and_jsonld_give_the_literal_back() -> None:
    org = evil_org()
    for content, fmt in ((formats.to_turtle(org), "turtle"), (formats.to_jsonld(org), "json-ld")):
        g = rdflib.Graph().parse(data=content, format=fmt)
        unit = next(g.subjects(ORG.identifier, rdflib.Literal(EVIL_IDS[0])))
        assert rdflib.Literal(EVIL, lang="en") in set(g.objects(unit, SKOS.prefLabel))
        assert str(unit).endswith("unit/a%20b%3Ac%2Fd%23e%2520")  # ids percent-encoded


def test_evil_dot_is_escaped() -> None:
    text = graphviz.to_dot(evil_org(), lang="en")
    assert "<script" not in text and "&lt;script&gt;" in text and "\x07" not in text


# -- Mermaid ---------------------------------------------------------------------------------------


def test_mermaid_structure() -> None:
    org = og.loads(
        """
units:
  - id: a
    name: A
    type: company
    units:
      - {id: b, name: B, type: department, units: [{id: d, name: D}]}
      - {id: c, name: C, type: department}
links:
  - {kind: dotted, from: c, to: b}
  - {kind: collaboration, from: b, to: c, relation: helps, mutual: true}
  - {kind: collaboration, from: c, to: d}
"""
    )
    text = mermaid.to_mermaid(org, figures=False)
    assert text.startswith("flowchart TD\n")
    lines = text.splitlines()
    edges = [line.strip() for line in lines if re.match(r"\s+n\d+ \S+ n\d+$", line) or "|" in line]
    assert edges == [
        "n0 --> n1", "n0 --> n3", "n1 --> n2", "n3 -.-> n1", 'n1 <-.->|"helps"| n3', "n3 -.-> n2",
    ]  # fmt: skip
    assert "    linkStyle 3 stroke:#8a5cc2,stroke-width:2px,stroke-dasharray:2 3" in lines
    assert any(line.startswith("    linkStyle 4,5 stroke:#d9822b") for line in lines)
    assert "    class n1,n3 t_department" in lines and "    class n2 t_unit" in lines
    # A part of the chart: b collapsed with its subtree; links follow the visible boxes.
    part = mermaid.to_mermaid(org, depth=1, links=("collaboration",), figures=False)
    assert '["B<br/>+1 unit, 0 people"]' in part and "n2 -.-> n1" in part
    assert mermaid.to_mermaid(org, root="b", figures=False).count("-->") == 1
    with pytest.raises(og.OrgError, match="unknown link kind"):
        mermaid.to_mermaid(org, links=("boss",))
    with pytest.raises(og.UnknownIdError):
        mermaid.to_mermaid(org, root="zz")


def test_mermaid_of_the_seed(seed: og.Org) -> None:
    text = mermaid.to_mermaid(seed, lang="en")
    assert text.startswith('---\ntitle: "Mingxing E-commerce"\n---\nflowchart TD\n')
    assert (
        '    n0["CEO office<br/>Chief Executive Officer<br/>≥ 50 seats · ≥ 241,000 / month"]'
        in text
    )
    assert text.count(" --> ") == len(seed) - 1
    assert text.count("-.->|") == len(seed.links("collaboration"))


# -- W3C ORG -----------------------------------------------------------------------------------------


def test_org_vocabulary(seed: og.Org) -> None:
    g = formats.to_rdf(seed)
    base = "urn:orggraph:mingxing-e-commerce:"
    U = rdflib.Namespace(base + "unit/")
    assert (U.ceo, RDF.type, ORG.FormalOrganization) in g
    assert (U.customer_service, RDF.type, ORG.OrganizationalUnit) in g
    assert (U.customer_service, ORG.subOrganizationOf, U.coo) in g
    assert (U.coo, ORG.hasSubOrganization, U.customer_service) in g
    assert rdflib.Literal("客服部", lang="zh") in set(g.objects(U.customer_service, SKOS.prefLabel))
    head = rdflib.URIRef(base + "post/customer_service-head")
    assert (head, RDF.type, ORG.Post) in g and (head, ORG.postIn, U.customer_service) in g
    assert (head, ORG.headOf, U.customer_service) in g
    pay = g.value(head, ORG.remuneration)
    # Whole salaries are xsd:integer, exact at any size (issue 10; they were xsd:decimal).
    assert pay.datatype == XSD.integer and pay.toPython() == 8000
    assert (
        U.customer_service,
        ORG.purpose,
        rdflib.URIRef(base + "responsibility/raise_order_conversion"),
    ) in g
    assert (U.web_operations, ORG.linkedTo, U.procurement_logistics) in g
    # Unknown stays unknown: nothing at all, never a 0.
    trainer = rdflib.URIRef(base + "post/cs_training-staff-0")
    assert g.value(trainer, OG.seats) is None and g.value(trainer, ORG.remuneration) is None
    assert all(o != rdflib.Literal(0) for o in g.objects(None, OG.seats))


def test_dotted_lines_are_reports_to() -> None:
    org = og.loads(
        "units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]\n"
        "links: [{kind: dotted, from: b, to: c}]"
    )
    g = formats.to_rdf(org, base="https://example.org/o/")
    U = rdflib.Namespace("https://example.org/o/unit/")
    assert (U.c, ORG.reportsTo, U.b) in g
    with pytest.raises(og.OrgError, match="not an absolute IRI"):
        formats.to_rdf(org, base="no spaces allowed")


def test_bad_language_tag_is_an_org_error() -> None:
    org = og.loads("units: [{id: a, name: {'not a tag': A}}]")
    with pytest.raises(og.OrgError, match="not a valid RDF language tag"):
        formats.to_turtle(org)


def test_foreign_org_data_reads_as_far_as_it_goes() -> None:
    ttl = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/> .
ex:acme a org:FormalOrganization ; skos:prefLabel "ACME"@en, "阿克米"@zh ; org:hasUnit ex:rnd, ex:ops .
ex:rnd a org:OrganizationalUnit ; skos:prefLabel "R&D"@en ; org:linkedTo ex:ops ; org:purpose ex:invent .
ex:ops a org:OrganizationalUnit ; skos:prefLabel "Ops"@en ; org:reportsTo ex:rnd .
ex:boss a org:Post ; skos:prefLabel "Head of R&D" ; org:postIn ex:rnd ; org:headOf ex:rnd ;
    org:remuneration 1200.50 .
ex:invent skos:prefLabel "Invent things"@en .
"""
    org = formats.from_turtle(io.StringIO(ttl))
    assert org.root == "acme" and sorted(org.children("acme")) == ["ops", "rnd"]
    assert org.name("acme", lang="zh") == "阿克米"
    head = org.unit("rnd")["head"]
    assert head["title"] == "Head of R&D" and head["salary"] == 1200.5
    assert head["seats"] is None  # ORG says nothing of seats: unknown, not 1
    assert org.responsibilities("rnd") == ["invent"] and org.name("invent") == "Invent things"
    assert org.dotted("ops") == [og.DottedLine("rnd", "manager")]
    assert [c.unit for c in org.collaborators("rnd")] == ["ops"]


def test_foreign_org_data_with_two_parents_fails() -> None:
    ttl = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix ex: <https://example.org/> .
ex:a a org:OrganizationalUnit . ex:b a org:OrganizationalUnit .
ex:c a org:OrganizationalUnit ; org:subOrganizationOf ex:a, ex:b .
"""
    with pytest.raises(og.ParseError, match="two reporting lines"):
        formats.from_turtle(io.StringIO(ttl))


def test_rdflib_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "rdflib" or name.startswith("rdflib."):
            raise ImportError("No module named 'rdflib'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    org = og.loads("units: [{id: a, name: A}]")
    with pytest.raises(og.MissingDependencyError, match=r"pip install 'orggraph\[rdf\]'"):
        formats.to_turtle(org)
    with pytest.raises(ImportError):  # still an ImportError for callers that catch that
        formats.from_jsonld(io.StringIO("{}"))


# -- suffixes, convert and the command line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.yaml", "yaml"), ("a.YML", "yaml"), ("a.json", "json"), ("a.nodelink.json", "node-link"),
     ("a.graphml", "graphml"), ("a.gexf", "gexf"), ("a.mmd", "mermaid"), ("a.mermaid", "mermaid"),
     ("a.dot", "dot"), ("a.gv", "dot"), ("a.ttl", "turtle"), ("a.jsonld", "json-ld"),
     ("a.csv", "csv"), ("a.xlsx", "xlsx")],
)  # fmt: skip
def test_format_of(name: str, fmt: str) -> None:
    assert formats.format_of(name, mode="any").name == fmt


def test_format_errors_list_the_choices() -> None:
    with pytest.raises(og.OrgError, match=r"use one of \.yaml, .*\.jsonld") as info:
        formats.format_of("a.txt")
    assert ".graphml" in info.value.choices and ".mmd" not in info.value.choices
    with pytest.raises(og.OrgError, match="can be read but not written"):
        formats.format_of("a.xlsx", mode="write")
    with pytest.raises(og.OrgError, match="unknown format 'svg'"):
        formats.format_of("a", "svg")


@pytest.mark.parametrize(
    "suffix", [".yaml", ".json", ".nodelink.json", ".graphml", ".gexf", ".ttl", ".jsonld"]
)
def test_convert_and_back(tmp_path: Path, seed: og.Org, suffix: str) -> None:
    out = formats.convert(SEED, tmp_path / f"org{suffix}", lang="en")
    assert out == tmp_path / f"org{suffix}"
    back = formats.convert(out, tmp_path / "back.yaml")
    assert og.load(back) == seed
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [out.name, "back.yaml"]
    )  # no temp files


@pytest.mark.parametrize(
    ("suffix", "start"), [(".mmd", "---"), (".dot", "digraph"), (".gv", "digraph")]
)
def test_convert_to_pictures(tmp_path: Path, suffix: str, start: str) -> None:
    out = formats.convert(SEED, tmp_path / f"chart{suffix}", lang="en")
    assert out.read_text(encoding="utf-8").startswith(start)


def test_convert_tables(tmp_path: Path) -> None:
    org = og.loads("lang: [en]\nunits: [{id: a, name: {en: A}, units: [{id: b, name: {en: B}}]}]")
    org.dump(tmp_path / "org.yaml")
    csv_path = formats.convert(tmp_path / "org.yaml", tmp_path / "org.csv")
    assert (
        formats.convert(csv_path, tmp_path / "org.graphml")
        and formats.read(tmp_path / "org.graphml") == org
    )
    with pytest.raises(og.OrgError, match="does not fit in a table"):
        formats.convert(SEED, tmp_path / "seed.csv")


def test_convert_checks_the_target_first(tmp_path: Path) -> None:
    with pytest.raises(og.OrgError, match="can be written but not read back"):
        formats.convert(tmp_path / "chart.mmd", tmp_path / "org.yaml")
    with pytest.raises(og.OrgError, match="cannot tell the format"):
        formats.convert(tmp_path / "missing.yaml", tmp_path / "out.pdf")  # before reading
    with pytest.raises(og.OrgError, match=r"folder .* does not exist"):
        formats.convert(SEED, tmp_path / "no" / "org.ttl")
    with pytest.warns(og.OrgWarning, match="language 'fr'"):
        formats.convert(SEED, tmp_path / "org.mmd", lang="fr")


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="orggraph")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    register(parser.add_subparsers(dest="command", required=True), common)
    args = parser.parse_args(argv)
    code = args.func(args)
    return code, capsys.readouterr().out


def test_cli_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: og.Org) -> None:
    code, out = run_cli(["convert", str(SEED), "-o", str(tmp_path / "org.ttl"), "--debug"], capsys)
    assert code == 0 and out == ""  # quiet on success (orggraph -v says what was written)
    assert formats.read(tmp_path / "org.ttl") == seed
    code, out = run_cli(
        ["convert", str(SEED), "-o", "-", "--to", "mermaid", "--lang", "en"], capsys
    )
    assert code == 0 and out.startswith('---\ntitle: "Mingxing E-commerce"')
    (tmp_path / "org.xml").write_text(formats.to_graphml(seed), encoding="utf-8")
    code, _ = run_cli(["convert", str(tmp_path / "org.xml"), "-o", str(tmp_path / "o.out"),
                       "--from", "graphml", "--to", "yaml"], capsys)  # fmt: skip
    assert code == 0 and og.load(tmp_path / "o.out", format="yaml") == seed
    with pytest.raises(og.OrgError, match="--to FORMAT is required"):
        run_cli(["convert", str(SEED), "-o", "-"], capsys)
    with pytest.raises(SystemExit):
        run_cli(["convert", str(SEED), "-o", "x", "--to", "svg"], capsys)


def test_cli_help_lists_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(["convert", "--help"], capsys)
    text = capsys.readouterr().out
    for fmt in formats.FORMATS.values():
        assert fmt.name in text and fmt.suffixes[0] in text


def test_formats_module_is_not_imported_by_orggraph() -> None:
    code = (
        "import sys, orggraph; print('orggraph.io.graphs' in sys.modules, 'rdflib' in sys.modules)"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("fmt", READ_BACK)
def test_figures_keep_their_value(fmt: str) -> None:
    org = og.loads(
        "units: [{id: a, name: A, head: {title: t, salary: 1.0e+12}, staff: [\n"
        "  {title: s, salary: 2500}, {title: u, salary: 0.1, seats: 0, filled: 0},\n"
        "  {title: v, seats: null, pay: bonus, holders: [Li, Wu]}]}]"
    )
    again = round_trip(fmt, org)
    assert again == org
    assert again.unit("a")["staff"][0]["salary"] == 2500


def test_xml_ids_stay_unique() -> None:
    ids = graphs._xml_ids(["x\ufffey", "x\\ufffey", "a"])
    assert ids == {"x\ufffey": "x\\ufffey#2", "x\\ufffey": "x\\ufffey", "a": "a"}
    org = og.loads('units: [{id: "x\\\\ufffey", name: A, units: [{id: "x\\ufffey", name: B}]}]')
    assert len(org) == 2
    assert round_trip("graphml", org) == org and round_trip("gexf", org) == org


BREAKING = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


def org_or_org_error(read: Reader, content: str) -> None:
    try:
        with quiet():
            read(io.StringIO(content))
    except og.OrgError:
        pass


@pytest.mark.parametrize("fmt", ["node-link", "json-ld"])
@BREAKING
@given(data=st.data())
def test_broken_json_gives_an_org_or_an_org_error(fmt: str, data: st.DataObject) -> None:
    with quiet():
        org = og.from_dict(data.draw(documents(max_units=4)))
    write, read = READ_BACK[fmt]
    doc = json.loads(write(org))
    broken = data.draw(corrupt_data(doc))
    org_or_org_error(read, json.dumps(broken))


@pytest.mark.parametrize("fmt", READ_BACK)
@BREAKING
@given(data=st.data())
def test_broken_text_gives_an_org_or_an_org_error(fmt: str, data: st.DataObject) -> None:
    with quiet():
        org = og.from_dict(data.draw(documents(max_units=3)))
    write, read = READ_BACK[fmt]
    org_or_org_error(read, data.draw(corrupt_text(write(org))))


def test_gexf_drawn_elsewhere_reads_its_name() -> None:
    g = nx.DiGraph(name="Gephi Co")
    g.add_node("r", label="Root")
    g.add_node("c", label="Child")
    g.add_edge("r", "c")
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer)
    org = formats.from_gexf(io.BytesIO(buffer.getvalue()))
    assert org.title == "Gephi Co" and org.children("r") == ["c"] and org.name("c") == "Child"


def test_jsonld_with_a_broken_context_iri_is_an_org_error() -> None:
    # Found by hypothesis: rdflib raises a bare Exception for an IRI such as ">urn:...".
    pytest.importorskip("rdflib")
    org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    text = formats.to_jsonld(org).replace('"unit": "urn:', '"unit": ">urn:')
    # Now refused by the IRI check, saying which IRI and why.
    with pytest.raises(og.ParseError, match=r"the IRI <.*urn:orggraph:org:unit/a> is not valid"):
        formats.from_jsonld(io.BytesIO(text.encode()))


# -- strict foreign graph files, errors with their place (issue 10) -----------------------------

SMALL = "units: [{id: a, name: A, head: {title: Boss, salary: 100}, units: [{id: b, name: B}]}]"
GRAPH_FORMATS = ["graphml", "gexf", "node-link"]
# Words of Python's own exception texts: a message with one of them points at internals.
INTERNALS = re.compile(
    r"NoneType|object has no attribute|local variable|unexpected keyword|index out of range|"
    r"not iterable|not subscriptable|'None'|Traceback|node_link_graph"
)


def small_text(fmt: str) -> str:
    text = READ_BACK[fmt][0](og.loads(SMALL))
    assert isinstance(text, str)
    return text


def read_error(fmt: str, content: str | bytes, tmp_path: Path) -> og.OrgError:
    """The OrgError reading *content* from a file gives, checked to name the file."""
    path = tmp_path / f"broken.{fmt}"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with quiet(), pytest.raises(og.OrgError) as info:
        READ_BACK[fmt][1](path)
    assert info.value.file == str(path)
    assert not INTERNALS.search(str(info.value)), str(info.value)
    return info.value


def edit_node_link(text: str, change: Callable[[dict[str, Any]], Any]) -> str:
    doc = json.loads(text)
    change(doc)
    return json.dumps(doc, indent=1)


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_an_edge_to_a_missing_node_is_a_link_error(fmt: str, tmp_path: Path) -> None:
    # networkx adds a node for a missing edge end: it used to become a unit 'ghost'.
    text = small_text(fmt)
    if fmt == "node-link":
        text = edit_node_link(text, lambda d: d["links"][0].update(target="ghost"))
    else:
        assert 'target="b"' in text
        text = text.replace('target="b"', 'target="ghost"')
    err = read_error(fmt, text, tmp_path)
    assert isinstance(err, og.LinkError)
    assert "('a' -> 'ghost') ends at 'ghost', which is no node of the file" in err.message
    assert err.ids == ("a", "ghost")
    assert err.place is not None and "line" in err.place
    if fmt == "node-link":
        assert err.message.startswith("edge links[0] ") and err.place.startswith("links[0].target")


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_a_node_without_an_id(fmt: str, tmp_path: Path) -> None:
    text = small_text(fmt)
    if fmt == "node-link":
        text = edit_node_link(text, lambda d: d["nodes"][1].pop("id"))
    elif fmt == "graphml":
        text = text.replace('<node id="b">', "<node>")
    else:
        text = text.replace('<node id="b" ', "<node ")
    err = read_error(fmt, text, tmp_path)  # GraphML used to say "node 'None'"
    assert isinstance(err, og.SchemaError) and err.message == "a node without an id"
    assert err.place is not None
    assert err.place.startswith("nodes[1] (line") if fmt == "node-link" else "line" in err.place


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_two_nodes_with_one_id(fmt: str, tmp_path: Path) -> None:
    text = small_text(fmt)
    if fmt == "node-link":
        text = edit_node_link(text, lambda d: d["nodes"][1].update(id="a"))
    elif fmt == "graphml":
        text = text.replace('<node id="b">', '<node id="a">')
    else:
        text = text.replace('<node id="b" ', '<node id="a" ')
    err = read_error(fmt, text, tmp_path)
    assert isinstance(err, og.DuplicateIdError) and "two nodes have the id 'a'" in err.message


def foreign(fmt: str, **head: Any) -> str:
    """A graph drawn in another tool, written by networkx alone."""
    g = nx.DiGraph()
    g.add_node("1", label="Board", head_title="Chair", **head)
    g.add_node("2", label="Sales")
    g.add_edge("1", "2")
    if fmt == "node-link":
        return json.dumps(nx.node_link_data(g, edges="links"))
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, buffer)
    return buffer.getvalue().decode()


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("salary", ["lots", "nan", True, [1]])
def test_a_figure_that_is_no_number_is_a_schema_error(
    fmt: str, salary: Any, tmp_path: Path
) -> None:
    if fmt != "node-link" and not isinstance(salary, str):
        return  # GraphML and GEXF values are text or typed by their key
    err = read_error(fmt, foreign(fmt, head_salary=salary), tmp_path)
    assert isinstance(err, og.SchemaError)
    assert err.message.startswith("node '1': head_salary is ") and "number" in err.message
    assert err.ids == ("1",) and err.place is not None


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_figures_as_text_read_and_blank_is_unknown(fmt: str) -> None:
    reader = READ_BACK[fmt][1]
    big = str(10**12 - 1)  # the largest salary (docs/format.md), a whole number
    assert (
        reader(io.StringIO(foreign(fmt, head_salary=big))).unit("1")["head"]["salary"] == 10**12 - 1
    )
    assert (
        reader(io.StringIO(foreign(fmt, head_salary=" 2500.5 "))).unit("1")["head"]["salary"]
        == 2500.5
    )
    assert reader(io.StringIO(foreign(fmt, head_salary=""))).unit("1")["head"]["salary"] is None


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_value_not_of_its_declared_type_names_node_key_and_line(fmt: str, tmp_path: Path) -> None:
    text = small_text(fmt)
    if fmt == "graphml":
        key = re.search(r'<key id="(\w+)" for="node" attr.name="head_salary"', text)
        old = f'<data key="{key[1] if key else "?"}">100.0</data>'
    else:
        key = re.search(r'<attribute id="(\w+)" title="head_salary"', text)
        old = f'<attvalue for="{key[1] if key else "?"}" value="100.0"'
    assert text.count(old) == 1
    err = read_error(fmt, text.replace(old, old.replace("100.0", "lots")), tmp_path)
    assert isinstance(err, og.SchemaError) and err.ids == ("a",)
    assert err.message.startswith("node 'a': head_salary is 'lots', not a number")
    assert "declared double" in err.message and err.place and err.place.startswith("line ")


def test_repeated_keys_in_node_link_are_refused(tmp_path: Path) -> None:
    text = small_text("node-link").replace('"kind": "unit",', '"kind": "unit", "kind": "x",', 1)
    err = read_error("node-link", text, tmp_path)
    assert isinstance(err, og.ParseError) and err.message.startswith("duplicate key 'kind'")
    assert err.place and err.place.startswith("line ")


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_an_unknown_format_version_is_refused(fmt: str, tmp_path: Path) -> None:
    text = small_text(fmt)
    if fmt == "node-link":
        text = edit_node_link(text, lambda d: d["graph"]["orggraph"].update(orggraph=2))
    else:
        old = '{"orggraph":1' if fmt == "graphml" else "{&quot;orggraph&quot;:1"
        assert text.count(old) == 1
        text = text.replace(old, old[:-1] + "2")
    err = read_error(fmt, text, tmp_path)
    assert isinstance(err, og.SchemaError)
    assert "format version 2; supported: 1" in err.message and err.choices == ("1",)
    assert formats.FORMAT_VERSIONS == (1,)


def test_an_unknown_gexf_version_is_refused(tmp_path: Path) -> None:
    text = small_text("gexf")
    assert 'version="1.2"' in text
    err = read_error("gexf", text.replace('version="1.2"', 'version="9.9"'), tmp_path)
    assert isinstance(err, og.SchemaError) and "GEXF version '9.9' is not supported" in err.message
    assert err.choices == ("1.1", "1.2", "1.3")


def test_parts_networkx_would_skip_are_refused(tmp_path: Path) -> None:
    text = small_text("graphml")
    second = text.replace(
        "</graph>", '</graph><graph edgedefault="directed"><node id="z"/></graph>'
    )
    err = read_error("graphml", second, tmp_path)
    assert "a second graph" in err.message and err.place and err.place.startswith("line ")
    nested = text.replace('<node id="b">', '<node id="b"><graph><node id="c"/></graph>')
    assert "a graph nested in <node> is not read" in read_error("graphml", nested, tmp_path).message


@pytest.mark.parametrize(
    ("fmt", "change", "message"),
    [
        ("node-link", lambda d: d.update(links=5), "'links' must be a list, not a number"),
        ("node-link", lambda d: d.update(graph=[]), "'graph' must be an object, not a list"),
        ("node-link", lambda d: d["nodes"].append(5), "a node must be an object, not a number"),
        ("node-link", lambda d: d["nodes"][0].update(id=[1]), "a node id must be text"),
        ("node-link", lambda d: d["links"][0].pop("source"), "an edge without a source"),
        ("node-link", lambda d: d.update(edges=[]), "both 'links' and 'edges'"),
    ],
)
def test_misshapen_node_link_names_the_json_path(
    fmt: str, change: Callable[[dict[str, Any]], Any], message: str, tmp_path: Path
) -> None:
    # "links": 5 used to say: node_link_graph() got an unexpected keyword argument 'link'
    err = read_error(fmt, edit_node_link(small_text(fmt), change), tmp_path)
    assert isinstance(err, og.SchemaError) and message in err.message
    assert err.place and "(line " in err.place


@pytest.mark.parametrize(
    ("content", "place", "message"),
    [
        (b"5", "the document (line 1, column 1)", "an object or a list of objects, not a number"),
        (b'"x"', "the document", "not text"),
        (b"[5]", "[0] (line 1, column 2)", "an object or a list of objects, not a number"),
        (b'{"@graph": 5}', "@graph (line 1, column 12)", "@graph must be an object"),
        (b'{"@graph": [{"@id": 5}]}', "@graph[0].@id", "@id must be text (an IRI), not a number"),
        (b'{"@id": "x", "@type": {}}', "@type", "@type must be text"),
        (b'{"@context": 5, "@id": "x"}', "@context", "a @context must be an object"),
        (b'{"@id": "x", "urn:p": {"@value": "v", "@language": "_:b"}}', "urn:p.@language", "'_:b'"),
    ],
)
def test_misshapen_jsonld_names_the_json_path(
    content: bytes, place: str, message: str, tmp_path: Path
) -> None:
    # A scalar used to say: cannot access local variable 'resources' ...
    err = read_error("json-ld", content, tmp_path)
    assert isinstance(err, og.SchemaError) and message in err.message
    assert err.place is not None and err.place.startswith(place)


def test_turtle_syntax_errors_name_line_and_column(tmp_path: Path) -> None:
    lines = small_text("turtle").rstrip().split("\n")
    # Cut in the middle of the last statement: rdflib raised "string index out of range".
    err = read_error("turtle", "\n".join(lines)[:-2], tmp_path)
    assert err.message.startswith("Turtle syntax error: the file ends in the middle")
    assert err.place == f"line {len(lines)}"
    broken = [*lines[:6], lines[6] + ' "open', *lines[7:]]
    err = read_error("turtle", "\n".join(broken), tmp_path)
    assert err.message == "Turtle syntax error: newline found in string literal"
    assert err.place is not None and err.place.startswith("line 7, column ")
    err = read_error("turtle", "\n".join(lines) + '\n<urn:x> <urn:y> "never closed', tmp_path)
    assert "not closed" in err.message and err.place == f"line {len(lines) + 1}, column 17"


# A DOCTYPE with a small entity bomb, and a use of it where a name goes.
BOMB = '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
ENCODINGS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "utf-8-bom": ("UTF-8", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    "utf-16": ("UTF-16", lambda t: t.encode("utf-16")),
    "utf-16-le-bom": ("UTF-16", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    "utf-16-be-bom": ("UTF-16", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    "utf-16-le": ("UTF-16LE", lambda t: t.encode("utf-16-le")),
    "utf-32-bom": ("UTF-32", lambda t: t.encode("utf-32")),
    "utf-32-be": ("UTF-32BE", lambda t: t.encode("utf-32-be")),
    "latin-1": ("ISO-8859-1", lambda t: t.encode("latin-1")),
}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_doctype_is_refused_in_every_encoding(fmt: str, encoding: str, tmp_path: Path) -> None:
    # The check used to search the raw bytes for ASCII "<!DOCTYPE": UTF-16 walked past it.
    name, encode = ENCODINGS[encoding]
    body = small_text(fmt).split("?>", 1)[1]
    declaration = f'<?xml version="1.0" encoding="{name}"?>'
    plain = encode(declaration + body)
    bombed = encode(declaration + BOMB + body.replace(">B<", ">&b;<").replace('"B"', '"&b;"'))
    err = read_error(fmt, bombed, tmp_path)
    assert isinstance(err, og.ParseError)
    if encoding.startswith("utf-32"):  # not XML that expat (or networkx) reads at all
        assert "UTF-32" in err.message
        assert "UTF-32" in read_error(fmt, plain, tmp_path).message
    else:
        assert "files with a DOCTYPE are not read" in err.message and err.place == "line 1"
        assert READ_BACK[fmt][1](io.BytesIO(plain)) == og.loads(SMALL)


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_big_whole_salaries_stay_exact(fmt: str) -> None:
    salary = 999_999_999_999  # whole: it must come back an int, not 999999999999.0
    org = og.loads(f"units: [{{id: a, name: A, head: {{title: t, salary: {salary}}}}}]")
    text = READ_BACK[fmt][0](org)
    if fmt == "turtle":
        assert f"org:remuneration {salary} ;" in text
    else:
        assert f'"org:remuneration": {salary},' in text  # a JSON-LD integer: xsd:integer
    again = round_trip(fmt, org)
    assert again == org
    read = again.unit("a")["head"]["salary"]
    assert read == salary and type(read) is int


@pytest.mark.parametrize("fmt", READ_BACK)
@settings(max_examples=15, deadline=None)
@given(salary=st.integers(10**12 - 5, 10**12) | st.sampled_from([1e12, 2.0**39, 0.1, 2500.5]))
def test_salaries_read_back_exactly(fmt: str, salary: int | float) -> None:
    org = og.from_dict(
        {"units": [{"id": "a", "name": "A", "head": {"title": "t", "salary": salary}}]}
    )
    read = round_trip(fmt, org).unit("a")["head"]["salary"]
    assert read == salary  # exactly: a whole float may come back as the int equal to it
    if isinstance(salary, int):
        assert type(read) is int
    elif not salary.is_integer():
        assert type(read) is float


def test_foreign_remuneration_reads_by_its_type() -> None:
    ttl = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:u> a org:FormalOrganization ; org:identifier "u" .
<urn:p> a org:Post ; org:headOf <urn:u> ; org:postIn <urn:u> ; org:remuneration %s .
"""
    for literal, value in [
        ('"999999999999.0"^^xsd:decimal', 999999999999),
        ("2500.50", 2500.5),
        ('"2500"^^xsd:double', 2500),
        ('"1e11"^^xsd:double', 10**11),  # a whole double reads as the int equal to it
        ('"1e11"^^xsd:decimal', 10**11),
    ]:
        read = formats.from_turtle(io.StringIO(ttl % literal)).unit("u")["head"]["salary"]
        assert read == value and type(read) is type(value), literal
    for literal in ('"INF"^^xsd:double', '"1e999"^^xsd:decimal', '"sNaN"^^xsd:decimal', '"x"'):
        with pytest.raises(og.ParseError, match="is not a finite number"):
            formats.from_turtle(io.StringIO(ttl % literal))


# Pieces that damage each format where it hurts: markup, JSON, Turtle, encodings.
DAMAGE = st.one_of(
    st.binary(min_size=1, max_size=4),
    st.sampled_from(
        [
            b"<",
            b">",
            b'"',
            b"{",
            b"}",
            b"[",
            b"]",
            b",",
            b":",
            b".",
            b";",
            b"\x00",
            b"\xff",
            b"<!DOCTYPE x>",
            b"&x;",
            b"1e999",
            b"NaN",
            b"null",
            b'"@id"',
            b'"@graph"',
            b"<node/>",
            b'<edge source="a" target="zz"/>',
            b"_:b",
            b"^^",
            b'"""',
            b"9" * 30,
            b"\n",
            b"\\u",
        ]
    ),
)


@pytest.mark.parametrize("fmt", READ_BACK)
@BREAKING
@given(
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), DAMAGE), min_size=1, max_size=4)
)
def test_damaged_bytes_give_an_org_or_a_clean_org_error(
    fmt: str, edits: list[tuple[float, int, bytes]]
) -> None:
    raw = READ_BACK[fmt][0](evil_org()).encode()
    for where, cut, piece in edits:
        i = int(where * len(raw))
        raw = raw[:i] + piece + raw[i + cut :]
    try:
        with quiet():
            READ_BACK[fmt][1](io.BytesIO(raw))
    except og.OrgError as err:
        assert not INTERNALS.search(str(err)), str(err)


UNDIRECTED = {
    "graphml": '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    '<graph><node id="child"/><node id="boss"/><node id="other"/>'
    '<edge source="boss" target="child"/><edge source="boss" target="other"/></graph></graphml>',
    "gexf": '<?xml version="1.0"?><gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">'
    '<graph><nodes><node id="child" label="child"/><node id="boss" label="boss"/>'
    '<node id="other" label="other"/></nodes><edges><edge id="0" source="boss" target="child"/>'
    '<edge id="1" source="boss" target="other"/></edges></graph></gexf>',
}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_an_undirected_graph_keeps_the_direction_its_file_writes(fmt: str, tmp_path: Path) -> None:
    # networkx reads an undirected graph without the order of each edge's ends: the child,
    # written first, silently became the root.
    org = READ_BACK[fmt][1](io.StringIO(UNDIRECTED[fmt]))
    assert org.roots() == ["boss"] and org.children("boss") == ["child", "other"]
    both = UNDIRECTED[fmt].replace('source="boss" target="other"', 'source="child" target="boss"')
    err = read_error(fmt, both, tmp_path)
    assert "edges both ways between" in err.message and "declare it directed" in err.message


def test_edge_errors_name_the_line() -> None:
    text = small_text("graphml").replace(">reporting<", ">boss<")
    with pytest.raises(og.ParseError, match="unknown edge kind 'boss'") as info:
        formats.from_graphml(io.StringIO(text))
    assert info.value.place and info.value.place.startswith("line ")
    doc = json.loads(small_text("node-link"))
    doc["links"][0]["kind"] = "boss"
    with pytest.raises(og.ParseError, match="unknown edge kind 'boss'") as info:
        formats.from_node_link(io.StringIO(json.dumps(doc, indent=1)))
    assert info.value.place and info.value.place.startswith("links[0] (line ")


GEXF_NODE = '<node id="{id}" label="{id}"{attrs}>{inner}</node>'


@pytest.mark.parametrize(
    ("graph", "node", "inner", "message"),
    [
        ("", ' start="2001"', "", "needs the graph's timeformat"),
        (' timeformat="integer"', ' start="soon"', "", "start='soon'> must be a whole number"),
        ("", "", '<viz:color r="red" g="0" b="0"/>', "r='red'> must be a whole number"),
        ("", "", "<viz:size/>", "value=missing> must be a number"),
        ("", "", '<viz:position x="left"/>', "x='left'> must be a number"),
        (' timeformat="double"', "", "<spells><spell/></spells>", "start=missing> must be a"),
    ],
)
def test_gexf_values_networkx_converts_are_checked_first(
    graph: str, node: str, inner: str, message: str, tmp_path: Path
) -> None:
    text = (
        '<?xml version="1.0"?><gexf xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">'
        f'<graph defaultedgetype="directed"{graph}><nodes>'
        + GEXF_NODE.format(id="a", attrs=node, inner=inner)
        + GEXF_NODE.format(id="b", attrs="", inner="")
        + '</nodes><edges><edge id="0" source="a" target="b" weight="heavy"/></edges></graph></gexf>'
    )
    err = read_error("gexf", text, tmp_path)
    assert isinstance(err, og.SchemaError) and message in err.message
    assert err.place and err.place.startswith("line 1, column ")
    assert any("weight='heavy'> must be a number" in m for _, m in err.problems)


def test_graphml_keys_may_follow_the_graph(tmp_path: Path) -> None:
    # networkx reads every <key> of the root first; so does the check.
    text = small_text("graphml")
    head, rest = text.split("<graph ", 1)
    keys = re.findall(r"<key [^>]*/>", head)
    assert keys and "</key>" not in head
    moved = re.sub(r"<key [^>]*/>", "", head)
    later = moved + "<graph " + rest.replace("</graphml>", "".join(keys) + "</graphml>")
    assert formats.from_graphml(io.StringIO(later)) == og.loads(SMALL)
    err = read_error("graphml", later.replace(">100.0<", ">lots<", 1), tmp_path)
    assert "is 'lots', not a number" in err.message
    undeclared = text.replace('<data key="d0">', '<data key="nokey">', 1)
    err = read_error("graphml", undeclared, tmp_path)
    assert "<data key='nokey'> names no declared <key>" in err.message
    assert err.place and err.place.startswith("line ")


def test_an_iri_no_iri_can_be_is_refused_with_its_line(tmp_path: Path) -> None:
    # rdflib reads <urn:x y> with a logged warning; writing a message about it then raised
    # a bare Exception ("cannot serialize this as N3"), reported as "not a valid Turtle".
    lines = small_text("turtle").split("\n")
    lines.insert(4, "<urn:orggraph:org:unit/b c> a <http://www.w3.org/ns/org#Organization> .")
    with warnings.catch_warnings():
        err = read_error("turtle", "\n".join(lines), tmp_path)
    assert "the IRI <urn:orggraph:org:unit/b c> is not valid: it holds ' '" in err.message
    assert err.place == "line 5, column 2"
