"""The Graphviz renderer: DOT content, escaping, sub-charts, fonts, the dot binary."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.render import graphviz as gv

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "ecommerce.yaml"
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)
SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert(1)</script> & "x" \\N \\G \\l'


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.load(SEED)


def evil_org() -> og.Org:
    return og.from_dict(
        {
            "org": EVIL,
            "units": [
                {
                    "id": "dept:A",
                    "name": EVIL,
                    "head": {"title": "line one\nline two \x07bell", "salary": 10},
                    "units": [{"id": "b", "name": "it's <b>bold</b> & \\r", "type": "<x>"}],
                }
            ],
            "links": [
                {"kind": "collaboration", "from": "b", "to": "dept:A", "relation": "</table>>"}
            ],
        }
    )


def edges(dot: str) -> list[tuple[str, str, str]]:
    return re.findall(r'^\s*"(u\d+)" -> "(u\d+)" \[(.*)\];$', dot, flags=re.M)


def test_seed_dot_has_every_unit_and_its_figures(seed: og.Org) -> None:
    dot = gv.to_dot(seed, lang="en")
    assert dot.count('class="unit') == len(seed)
    # Box content: name, head's title, rollups (with ≥ where something is unknown).
    assert "<b>Customer Service</b>" in dot
    assert "Customer Service Director" in dot
    # 7 known seats; the supervisors and the prose's training and audit groups are unknown.
    assert "≥ 7 seats · ≥ 23,000 / month" in dot
    assert "Mingxing E-commerce" in dot


def test_seed_dot_in_chinese(seed: og.Org) -> None:
    dot = gv.to_dot(seed, lang="zh")
    assert "<b>客服部</b>" in dot and "客服总监" in dot and "月薪" in dot


def test_edge_styles_by_kind(seed: og.Org) -> None:
    dot = gv.to_dot(seed, lang="en")
    found = edges(dot)
    reporting = [e for e in found if 'class="reporting"' in e[2]]
    collab = [e for e in found if 'class="collaboration"' in e[2]]
    assert len(reporting) == len(seed) - 1
    assert len(collab) == len(seed.links("collaboration"))
    for _, _, attrs in collab:
        assert "style=dashed" in attrs and "constraint=false" in attrs and "label=<" in attrs
    for _, _, attrs in reporting:
        assert "style=" not in attrs  # solid


def test_dotted_edges_and_hiding_link_kinds() -> None:
    org = og.loads(
        "units: [{id: a, name: A, units: [{id: b, name: B}, {id: c, name: C}]}]\n"
        "links: [{kind: dotted, from: b, to: c}, {kind: collaboration, from: c, to: b, mutual: true}]"
    )
    dot = gv.to_dot(org)
    dotted = [e for e in edges(dot) if 'class="dotted"' in e[2]]
    assert len(dotted) == 1 and "style=dotted" in dotted[0][2]
    mutual = [e for e in edges(dot) if 'class="collaboration"' in e[2]]
    assert "dir=both" in mutual[0][2]
    only_dotted = gv.to_dot(org, links=("dotted",))
    assert 'class="collaboration"' not in only_dotted and 'class="dotted"' in only_dotted
    assert 'class="dotted"' not in gv.to_dot(org, links=())


def test_bad_options_list_the_choices(seed: og.Org) -> None:
    with pytest.raises(og.OrgError, match="choose from dotted, collaboration"):
        gv.to_dot(seed, links=("solid",))
    with pytest.raises(og.UnknownIdError, match="did you mean 'marketing'"):
        gv.to_dot(seed, root="marketting")
    with pytest.raises(og.OrgError, match="choose one of svg, png, pdf, dot"):
        seed.render(format="gif")


def test_root_and_depth_draw_a_sub_chart(seed: og.Org) -> None:
    dot = gv.to_dot(seed, lang="en", root="marketing", depth=1)
    assert dot.count('class="unit') == 1 + len(seed.children("marketing"))
    assert "Website Operations" not in dot
    # Media cooperation hides its three parts; the box says so.
    assert "+3 units, 0 people" in dot
    collapsed = gv.to_dot(seed, lang="en", depth=0)
    assert collapsed.count('class="unit') == 1
    hidden = len(seed) - 1
    assert f"+{hidden} units, ≥ {seed.headcount().value - 1} people" in collapsed


def test_responsibilities_listed_on_request(seed: og.Org) -> None:
    rid = seed.responsibilities("customer_service")[0]
    name = seed.name(rid, lang="en")
    assert name not in gv.to_dot(seed, lang="en")
    assert f"• {name}" in gv.to_dot(seed, lang="en", responsibilities=True)


def test_wide_groups_are_stacked() -> None:
    org = og.from_dict(
        {
            "units": [
                {
                    "id": "p",
                    "name": "P",
                    "units": [{"id": f"c{i}", "name": f"C{i}"} for i in range(30)],
                }
            ]
        }
    )
    dot = gv.to_dot(org)
    stacked = [e for e in edges(dot) if "stacked" in e[2]]
    columns = gv._columns(30)
    assert len(stacked) == 30 - columns
    assert len(edges(gv.to_dot(org, stack_leaves=0))) == 30


def test_adversarial_labels_in_dot_are_escaped() -> None:
    dot = gv.to_dot(evil_org())
    assert "<script>" not in dot and "&lt;script&gt;" in dot
    assert "\x07" not in dot
    assert '"dept:A"' not in dot  # synthetic node ids only


@needs_dot
def test_adversarial_labels_give_well_formed_svg_showing_the_text(tmp_path: Path) -> None:
    out = evil_org().render(tmp_path / "evil.svg")
    root = ET.parse(out).getroot()  # well-formed XML or this raises
    assert root.find(f".//{SVG}script") is None
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert '<script>alert(1)</script> & "x" \\N \\G \\l' in texts
    assert "it's <b>bold</b> & \\r" in texts
    assert "line one" in texts and "line two bell" in texts
    assert "</table>>" in texts
    tips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any(t.startswith(EVIL) for t in tips)


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "dot"])
def test_render_formats(seed: og.Org, tmp_path: Path, fmt: str) -> None:
    out = seed.render(tmp_path / f"chart.{fmt}", lang="en")
    data = Path(out).read_bytes()
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "dot": b"digraph"}[fmt]
    assert data.startswith(magic)
    assert seed.render(format=fmt, lang="en")[:8] == data[:8]
    assert [p.name for p in tmp_path.iterdir()] == [f"chart.{fmt}"]  # no temp files left


@needs_dot
def test_svg_names_the_cjk_font_with_fallbacks(seed: og.Org) -> None:
    svg = seed.render(format="svg", lang="zh").decode()
    assert 'font-family="&apos;Noto Sans CJK SC&apos;,&apos;Noto Sans SC&apos;' in svg
    assert "Times" not in svg
    assert "客服部" in svg


def test_missing_dot_is_an_org_error(seed: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORGGRAPH_DOT", "/nonexistent/dot")
    with pytest.raises(og.MissingDependencyError, match="apt-get install graphviz"):
        seed.render(format="svg", engine="graphviz")
    with pytest.raises(og.MissingDependencyError, match="apt-get install graphviz"):
        seed.render(format="pdf")  # only Graphviz writes PDF
    assert seed.render(format="svg").startswith(b"<")  # "auto" falls back to tidy


@needs_dot
def test_dot_time_out_is_an_org_error(seed: og.Org) -> None:
    with pytest.raises(og.RenderError, match="did not finish"):
        gv.render_bytes(seed, "svg", timeout=1e-4)


@needs_dot
def test_notebook_display_is_svg(seed: og.Org) -> None:
    bundle = seed._repr_mimebundle_()
    ET.fromstring(bundle["image/svg+xml"].encode())
    assert "44 units" in bundle["text/plain"] or f"{len(seed)} units" in bundle["text/plain"]


@needs_dot
def test_notebook_display_of_a_big_org_shows_top_levels() -> None:
    units = [
        {
            "id": f"d{i}",
            "name": f"D{i}",
            "units": [{"id": f"t{i}_{j}", "name": "T"} for j in range(20)],
        }
        for i in range(10)
    ]
    org = og.from_dict({"units": [{"id": "root", "name": "Root", "units": units}]})
    bundle = org._repr_mimebundle_()
    assert "chart shows the top 2 levels" in bundle["text/plain"]
    svg = bundle["image/svg+xml"]
    assert svg.count('class="node unit') == 11
    assert "showing the top 2 levels" in svg


def test_notebook_display_without_dot_uses_the_tidy_engine(
    seed: og.Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORGGRAPH_DOT", "/nonexistent/dot")
    bundle = seed._repr_mimebundle_()
    root = ET.fromstring(bundle["image/svg+xml"].encode())
    assert "客服部" in " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_notebook_display_reports_a_failed_chart(
    seed: og.Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orggraph.render as renderers

    def broken(*args: object, **kwargs: object) -> bytes:
        raise og.RenderError("dot failed (exit 1): out of memory")

    monkeypatch.setattr(renderers, "render", broken)
    bundle = seed._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "chart unavailable: dot failed" in bundle["text/plain"]


def test_links_between_hidden_units_are_drawn_once_per_pair_of_boxes() -> None:
    units = [
        {
            "id": d,
            "name": d.upper(),
            "units": [{"id": f"{d}{i}", "name": f"{d}{i}"} for i in range(4)],
        }
        for d in ("a", "b")
    ]
    links = [
        {"kind": "collaboration", "from": f"a{i}", "to": f"b{i}", "relation": f"r{i}"}
        for i in range(4)
    ]
    org = og.from_dict({"units": [{"id": "top", "name": "Top", "units": units}], "links": links})
    full = [e for e in edges(gv.to_dot(org)) if 'class="collaboration"' in e[2]]
    assert len(full) == 4 and all("label=<" in e[2] for e in full)
    collapsed = [e for e in edges(gv.to_dot(org, depth=1)) if 'class="collaboration"' in e[2]]
    assert len(collapsed) == 1 and "label=" not in collapsed[0][2]


def test_legend_names_only_the_line_kinds_drawn(seed: og.Org) -> None:
    assert "collaboration" in gv.to_dot(seed, lang="en")
    sub = gv.to_dot(seed, lang="en", root="finance")  # no links inside finance
    assert "collaboration" not in sub and "dotted line" not in sub


# -- names that show nothing (only control characters) ------------------------------------

BLANK = "\u0007"


def blank_org() -> og.Org:
    return og.from_dict(
        {
            "org": BLANK,
            "units": [
                {
                    "id": "sales",
                    "name": BLANK,
                    "head": {"title": "\x1b", "salary": 10},
                    "responsibilities": ["r"],
                    "units": [{"id": "b", "name": "B"}],
                }
            ],
            "responsibilities": [{"id": "r", "name": BLANK}],
            "links": [{"kind": "collaboration", "from": "b", "to": "sales", "relation": BLANK}],
        }
    )


def test_a_name_of_control_characters_shows_the_id_muted_and_no_empty_element() -> None:
    dot = gv.to_dot(blank_org(), responsibilities=True, caption="\x1b")
    # dot refuses an empty element or label: <b></b>, <font ...></font>, <i></i>, label=<>
    assert not re.search(r"<(b|i|font[^>]*)></(b|i|font)>|label=<>", dot)
    assert '<font color="#52606d"><i>sales</i></font>' in dot  # the id, set apart
    assert "• r" in dot  # a duty that shows nothing: its id


@pytest.mark.dot
@needs_dot
def test_a_name_of_control_characters_renders(tmp_path: Path) -> None:
    out = blank_org().render(tmp_path / "blank.svg", engine="graphviz", responsibilities=True)
    root = ET.parse(out).getroot()
    assert "sales" in [t.text for t in root.iter(f"{SVG}text")]


# Any text: control characters, lone combining marks, bidirectional marks and overrides,
# private use, non-characters, astral planes, markup and DOT escapes.
_TRICKY = "\x00\x07\x0c\x1b\x7f\u0301\u0327\u200b\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\ufffe\uffff\ue000<>&\"'\\\n\r\t "
_ANY_TEXT = st.one_of(
    st.text(st.sampled_from("\x00\x07\x1b\x7f\ufffe\uffff"), min_size=1, max_size=3),
    st.text(
        st.one_of(
            st.sampled_from(_TRICKY),
            st.characters(blacklist_categories=("Cs",)),  # lone surrogates: refused at load
        ),
        min_size=1,
        max_size=12,
    ),
)


@pytest.mark.dot
@needs_dot
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(_ANY_TEXT, min_size=2, max_size=4), title=_ANY_TEXT, relation=_ANY_TEXT)
def test_any_name_gives_dot_that_dot_accepts(names: list[str], title: str, relation: str) -> None:
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
    svg = gv.run_dot(gv.to_dot(org, caption=relation), "svg")  # a RenderError if dot refuses
    ET.fromstring(svg)  # and the SVG is well-formed XML
