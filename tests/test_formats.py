"""Other formats (orggraph.formats): round trips, escaping, the ORG vocabulary, convert.

Every format that reads back is checked on the seed and on random organisations
(hypothesis); every text format is fed a hostile name and parsed with a real parser.
"""

from __future__ import annotations

import argparse
import builtins
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
from orggraph import formats
from orggraph._cli_convert import register
from orggraph.renderers.quoting import clean

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
                    "head": {"title": EVIL, "salary": 1.5, "holders": [EVIL, EVIL]},
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
    assert org.unit("1")["head"]["salary"] == 100 and org.name("2", "zh") == "销售"
    assert org.collaborators("2", "en")[0].relation == "helps"


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
        (formats.from_node_link, b"{", "not a valid node-link"),
        (formats.from_node_link, b"[]", "no 'nodes' list"),
        (
            formats.from_node_link,
            b'{"nodes": [{"id": "a"}], "links": [{"source": "a"}]}',
            "node-link",
        ),
        (formats.from_turtle, b"@prefix : <x> . :a :b", "not a valid Turtle"),
        (formats.from_turtle, b"\xff\xfe", "not UTF-8"),
        (formats.from_turtle, b"", "no units found"),
        (formats.from_jsonld, b"{", "not a valid JSON-LD"),
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
        formats.from_graphml(io.StringIO(formats.to_graphml(org))).name(EVIL_IDS[0], "en") == EVIL
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
    text = formats.to_mermaid(evil_org(), lang="en")
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
    text = formats.to_dot(evil_org(), lang="en")
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
    text = formats.to_mermaid(org, figures=False)
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
    part = formats.to_mermaid(org, depth=1, links=("collaboration",), figures=False)
    assert '["B<br/>+1 unit, 0 people"]' in part and "n2 -.-> n1" in part
    assert formats.to_mermaid(org, root="b", figures=False).count("-->") == 1
    with pytest.raises(og.OrgError, match="unknown link kind"):
        formats.to_mermaid(org, links=("boss",))
    with pytest.raises(og.UnknownIdError):
        formats.to_mermaid(org, root="zz")


def test_mermaid_of_the_seed(seed: og.Org) -> None:
    text = formats.to_mermaid(seed, lang="en")
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
    assert pay.datatype == XSD.decimal and pay.toPython() == 8000
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
    assert org.name("acme", "zh") == "阿克米"
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
    with pytest.raises(og.OrgError, match="folder does not exist"):
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
    code, out = run_cli(["convert", str(SEED), str(tmp_path / "org.ttl"), "--debug"], capsys)
    assert code == 0 and out.endswith("org.ttl (turtle)\n")
    assert formats.read(tmp_path / "org.ttl") == seed
    code, out = run_cli(["convert", str(SEED), "-", "--to", "mermaid", "--lang", "en"], capsys)
    assert code == 0 and out.startswith('---\ntitle: "Mingxing E-commerce"')
    (tmp_path / "org.xml").write_text(formats.to_graphml(seed), encoding="utf-8")
    code, _ = run_cli(["convert", str(tmp_path / "org.xml"), str(tmp_path / "o.out"),
                       "--from", "graphml", "--to", "yaml"], capsys)  # fmt: skip
    assert code == 0 and og.load(tmp_path / "o.out", format="yaml") == seed
    with pytest.raises(og.OrgError, match="--to FORMAT is required"):
        run_cli(["convert", str(SEED), "-"], capsys)
    with pytest.raises(SystemExit):
        run_cli(["convert", str(SEED), "x", "--to", "svg"], capsys)


def test_cli_help_lists_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(["convert", "--help"], capsys)
    text = capsys.readouterr().out
    for fmt in formats.FORMATS.values():
        assert fmt.name in text and fmt.suffixes[0] in text


def test_formats_module_is_not_imported_by_orggraph() -> None:
    code = "import sys, orggraph; print('orggraph.formats' in sys.modules, 'rdflib' in sys.modules)"
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("fmt", READ_BACK)
def test_figures_keep_their_value(fmt: str) -> None:
    org = og.loads(
        "units: [{id: a, name: A, head: {title: t, salary: 1.0e+12}, staff: [\n"
        "  {title: s, salary: 2500}, {title: u, salary: 0.1, seats: 0, filled: 0},\n"
        "  {title: v, seats: null, pay: bonus, holders: [Li, Li]}]}]"
    )
    again = round_trip(fmt, org)
    assert again == org
    assert again.unit("a")["staff"][0]["salary"] == 2500


def test_xml_ids_stay_unique() -> None:
    ids = formats._xml_ids(["x\ufffey", "x\\ufffey", "a"])
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
    with pytest.raises(og.ParseError, match="not a valid JSON-LD document"):
        formats.from_jsonld(io.BytesIO(text.encode()))
