"""The Graphviz renderer: DOT content, escaping, sub-charts, fonts, the dot binary; the
chart options every engine shares."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from marks import needs_dot

import orggraph as og
from orggraph.render import graphviz as gv
from orggraph.render import mermaid, pick_engine, render, tidy
from orggraph.render.diff_chart import diff_dot, render_diff
from orggraph.render.options import ENGINES, ChartOptions, option_specs
from orggraph.render.theme import Theme

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "ecommerce.yaml"
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
    out = evil_org().render(tmp_path / "evil.svg", engine="graphviz")
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
    svg = seed.render(format="svg", lang="zh", engine="graphviz").decode()
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


# -- chart options: one typed object for every engine --------------------------------------

# Every function that takes chart options, as (name, call with keywords).
_CHARTS = {
    "to_dot": lambda org, **kw: gv.to_dot(org, **kw),
    "graphviz.render_bytes": lambda org, **kw: gv.render_bytes(org, "dot", **kw),
    "chart_graph": lambda org, **kw: gv.chart_graph(org, **kw)[0],
    "to_svg": lambda org, **kw: tidy.to_svg(org, **kw),
    "tidy.render_bytes": lambda org, **kw: tidy.render_bytes(org, "svg", **kw),
    "to_mermaid": lambda org, **kw: mermaid.to_mermaid(org, **kw),
    "diff_dot": lambda org, **kw: diff_dot(org, org, **kw),
    "render_diff": lambda org, **kw: render_diff(org, org, format="dot", **kw),
    "render": lambda org, **kw: render(org, format="dot", **kw),
    "Org.render": lambda org, **kw: org.render(format="svg", engine="tidy", **kw),
    "pick_engine": lambda org, **kw: pick_engine(org, "svg", **kw),
}


@pytest.mark.parametrize("name", list(_CHARTS))
def test_every_chart_checks_option_names_with_a_did_you_mean(seed: og.Org, name: str) -> None:
    with pytest.raises(
        og.OrgError,
        match=r"unknown option 'deph' \(did you mean 'depth'\?\); valid options: caption, compact, depth",
    ) as info:
        _CHARTS[name](seed, deph=1)
    assert "depth" in info.value.choices and "stack_min" in info.value.choices
    with pytest.raises(
        og.OrgError, match=r"unknown link kind 'doted' for links \(did you mean 'dotted'\?\)"
    ):
        _CHARTS[name](seed, links=("doted",))
    with pytest.raises(
        og.OrgError, match=r"options must be an orggraph\.render\.options\.ChartOptions"
    ):
        _CHARTS[name](seed, options={"depth": 1})


@pytest.mark.parametrize("name", list(_CHARTS))
def test_every_chart_takes_the_options_object_or_keywords(seed: og.Org, name: str) -> None:
    chart = _CHARTS[name]
    options = ChartOptions(lang="en", depth=1, links=("dotted",), title=False)
    by_keywords = chart(seed, lang="en", depth=1, links=("dotted",), title=False)
    assert chart(seed, options=options) == by_keywords
    # keywords win over the object's values
    assert chart(seed, options=replace(options, depth=2), depth=1) == by_keywords
    # An option only another engine reads is accepted, not an error.
    assert chart(seed, options=options, compact=True, timeout=5, stack_leaves=5) is not None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"depth": -1}, r"depth must be a whole number >= 0, got -1"),
        ({"depth": 1.5}, r"depth must be a whole number >= 0, got 1.5"),
        ({"depth": True}, r"depth must be a whole number >= 0, got True"),
        ({"links": 3}, r"links must be a collection of link kinds, got 3"),
        (
            {"links": ["dotted", "boss"]},
            r"unknown link kind 'boss' for links; choose from dotted, collaboration",
        ),
        ({"rankdir": "TD"}, r"unknown rankdir 'TD'; choose one of TB, LR, BT, RL"),
        ({"stack_leaves": -1}, r"stack_leaves must be a whole number >= 0"),
        ({"stack_min": 0}, r"stack_min must be a whole number >= 1"),
        ({"fold_width": 0}, r"fold_width must be a positive number"),
        ({"dpi": "high"}, r"dpi must be a positive number, got 'high'"),
        ({"timeout": -1}, r"timeout must be a positive number"),
        ({"theme": "dark"}, r"unknown theme .dark.; the built-in themes: default"),
        ({"theme": 3}, r"theme must be an orggraph.render.theme.Theme or the name of a built-in"),
        ({"responsibilities": "yes"}, r"responsibilities must be True or False, got 'yes'"),
        ({"lang": 3}, r"lang must be a string or None, got 3"),
        ({"caption": ["a"]}, r"caption must be a string or None"),
    ],
)
def test_option_values_are_checked(
    seed: og.Org, options: dict[str, object], message: str, tmp_path: Path
) -> None:
    with pytest.raises(og.OrgError, match=message):
        ChartOptions(**options)  # type: ignore[arg-type]
    with pytest.raises(og.OrgError, match=message):  # before anything is drawn or written
        seed.render(tmp_path / "never-written.svg", **options)
    assert not (tmp_path / "never-written.svg").exists()


def test_choices_are_given_where_there_are_some() -> None:
    with pytest.raises(og.OrgError) as info:
        ChartOptions(rankdir="up")
    assert info.value.choices == ("TB", "LR", "BT", "RL")
    with pytest.raises(og.OrgError) as info:
        ChartOptions(links="boss")
    assert info.value.choices == ("dotted", "collaboration")


def test_options_are_normalised_and_frozen() -> None:
    o = ChartOptions(links=["collaboration", "dotted", "collaboration"])
    assert o.links == ("collaboration", "dotted") and ChartOptions(links="dotted").links == (
        "dotted",
    )
    assert ChartOptions.of(o) is o and ChartOptions.of(o, depth=0).links == o.links
    with pytest.raises(AttributeError):
        o.depth = 3  # type: ignore[misc]
    assert ChartOptions(depth=1, fold_width=2400.0).changed() == {"depth"}


def test_each_option_is_declared_once_with_help_and_engines() -> None:
    import dataclasses
    import inspect

    specs = option_specs()
    assert [s.name for s in specs] == [f.name for f in dataclasses.fields(ChartOptions)]
    for spec in specs:
        assert spec.help and set(spec.engines) <= set(ENGINES), spec
        assert getattr(ChartOptions(), spec.name) == spec.default
    # keyword-only, so that options can be added anywhere
    params = inspect.signature(ChartOptions).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)
    # The engines take the object, not the options one by one.
    for func in (gv.to_dot, gv.render_bytes, tidy.to_svg, tidy.render_bytes, mermaid.to_mermaid,
                 diff_dot, render_diff, render):  # fmt: skip
        names = set(inspect.signature(func).parameters)
        assert "options" in names and not names & {s.name for s in specs}, func


_VALID = st.fixed_dictionaries(
    {},
    optional={
        "lang": st.sampled_from(["en", "zh", None]),
        "root": st.sampled_from([None, "coo", "finance"]),
        "depth": st.none() | st.integers(0, 3),
        "links": st.lists(st.sampled_from(["dotted", "collaboration"]), max_size=3),
        "responsibilities": st.booleans(),
        "figures": st.booleans(),
        "title": st.booleans(),
        "legend": st.booleans(),
        "caption": st.none() | st.text(max_size=5),
        "rankdir": st.sampled_from(["TB", "LR"]),
        "stack_leaves": st.none() | st.integers(0, 6),
        "compact": st.booleans(),
        "stack_min": st.none() | st.integers(1, 6),
        "fold_width": st.none() | st.floats(100, 3000),
        "theme": st.builds(Theme, fontsize=st.sampled_from([10.0, 11.0])),
    },
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(options=_VALID)
def test_any_valid_options_give_the_same_chart_as_object_or_keywords(
    seed: og.Org, options: dict[str, object]
) -> None:
    o = ChartOptions(**options)  # type: ignore[arg-type]
    assert ChartOptions.of(None, **options) == o
    assert gv.to_dot(seed, options=o) == gv.to_dot(seed, **options)
    assert mermaid.to_mermaid(seed, options=o) == mermaid.to_mermaid(seed, **options)
    if o.rankdir == "TB":
        assert tidy.to_svg(seed, options=o) == tidy.to_svg(seed, **options)
    else:
        with pytest.raises(og.OrgError, match="top-down only"):
            tidy.to_svg(seed, options=o)


def test_one_to_dot_returns_text_or_writes_a_file(seed: og.Org, tmp_path: Path) -> None:
    from orggraph.io.registry import FORMATS

    assert FORMATS["dot"].writer == "orggraph.render.graphviz:to_dot"
    assert not hasattr(mermaid, "to_dot")
    path = gv.to_dot(seed, tmp_path / "org.dot", lang="en", depth=1)
    assert isinstance(path, Path) and path.read_text(encoding="utf-8") == gv.to_dot(
        seed, lang="en", depth=1
    )
    og.dump(seed, tmp_path / "dumped.gv", lang="en")
    assert (tmp_path / "dumped.gv").read_text(encoding="utf-8") == gv.to_dot(seed, lang="en")


def test_mermaid_reads_rankdir_and_theme(seed: og.Org, tmp_path: Path) -> None:
    text = mermaid.to_mermaid(seed, rankdir="LR", theme=Theme(collaboration_color="#123456"))
    assert "\nflowchart LR\n" in text and "stroke:#123456" in text
    path = mermaid.to_mermaid(seed, tmp_path / "org.mmd", lang="en")
    assert isinstance(path, Path) and path.read_text(encoding="utf-8").startswith("---\ntitle:")


def test_diff_chart_reads_depth_and_figures(seed: og.Org) -> None:
    from orggraph.ops import reorg

    after = reorg.move(seed, "finance", "coo")
    full = diff_dot(seed, after, lang="en")
    top = diff_dot(seed, after, lang="en", depth=1)
    assert top.count('class="unit ') < full.count('class="unit ') and "+" in top
    assert " seats" in full and " seats" not in diff_dot(seed, after, lang="en", figures=False)


def test_auto_engine_follows_options_only_tidy_reads(seed: og.Org) -> None:
    assert pick_engine(seed, "svg", stack_min=3) == "tidy"
    assert pick_engine(seed, "svg", fold_width=None) == "tidy"
    assert pick_engine(seed, "svg", rankdir="LR") == "graphviz"
    assert pick_engine(seed, "svg", options=ChartOptions(compact=False)) == "tidy"


def test_the_docs_table_lists_every_option() -> None:
    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    section = page.split("### Chart options", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
    assert rows == [s.name for s in option_specs()]
