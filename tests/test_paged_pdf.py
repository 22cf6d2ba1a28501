"""Paged PDF for printing: paper sizes, the page plan's invariants (every unit on exactly
one detail page, page references right, the index complete, text never below 6 pt, every
link drawn or named on its ends' pages) and the PDF itself read back with pypdf (page
count, page size, searchable text)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import documents

import orggraph as og
from orggraph.render import pages, pdf, pick_engine, render
from orggraph.render.labels import LEGEND, in_language
from orggraph.render.options import LINK_KINDS, ChartOptions, paper_size
from orggraph.render.pageindex import index_order
from orggraph.render.pages import MIN_TEXT_PT, PagePlan, print_scale

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "ecommerce.yaml"
needs_rsvg = pytest.mark.skipif(
    shutil.which("rsvg-convert") is None, reason="rsvg-convert (librsvg2-bin) is not installed"
)


@pytest.fixture(scope="module")
def seed() -> og.Org:
    return og.load(SEED)


@pytest.fixture(scope="module")
def big() -> og.Org:
    return og.datasets.synthetic(600)


def org_of(
    parents: list[int], names: list[str] | None = None, links: list[dict[str, Any]] | None = None
) -> og.Org:
    """An organisation from a parent array (-1: a root), as flat units, and *links*."""
    units: list[dict[str, Any]] = []
    for i, p in enumerate(parents):
        unit: dict[str, Any] = {"id": f"u{i}", "name": names[i] if names else f"Unit {i}"}
        unit["head"] = {"title": "Head of things", "seats": 1}
        if p >= 0:
            unit["parent"] = f"u{p}"
        units.append(unit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # several roots
        return og.from_dict({"org": "Test Org", "units": units, "links": links or []})


def read_pdf(data: bytes) -> Any:
    pypdf = pytest.importorskip("pypdf")
    return pypdf.PdfReader(io.BytesIO(data))


def text_of(page: Any) -> str:
    return " ".join(page.extract_text().split())


# -- paper sizes and options -------------------------------------------------------------------


def test_paper_sizes() -> None:
    assert [round(v) for v in paper_size("A4", "landscape")] == [842, 595]
    assert [round(v) for v in paper_size("a4", "portrait")] == [595, 842]
    assert [round(v) for v in paper_size("A3")] == [1191, 842]  # named papers: landscape
    assert paper_size("Letter", "portrait") == (612.0, 792.0)
    assert paper_size("legal", "landscape") == (1008.0, 612.0)
    assert paper_size("8.5x11in") == (612.0, 792.0)  # a custom size as written
    assert paper_size("297 x 210 mm") == pytest.approx((841.89, 595.28))
    assert paper_size("210x297mm", "landscape") == pytest.approx((841.89, 595.28))
    assert paper_size("30x20cm") == pytest.approx((850.39, 566.93))
    assert paper_size("600x400pt") == (600.0, 400.0)
    for bad in ("B5", "210x297", "0x5in", "1x1in", "300x300in", "A4 please"):
        with pytest.raises(og.OrgError, match="paper"):
            paper_size(bad)


def test_paper_options_are_checked() -> None:
    assert ChartOptions(paper="a3").paper == "A3"
    assert ChartOptions(paper=" 8.5 X 11 IN ").paper == "8.5x11in"
    assert ChartOptions(pages="auto").pages == "auto"
    assert ChartOptions(pages=1).pages == 1
    with pytest.raises(og.OrgError, match="unknown paper"):
        ChartOptions(paper="B5")
    with pytest.raises(og.OrgError, match="'auto' or 1"):
        ChartOptions(pages=2)
    with pytest.raises(og.OrgError, match="'auto' or 1"):
        ChartOptions(pages=True)
    with pytest.raises(og.OrgError, match="unknown orientation"):
        ChartOptions(orientation="sideways")
    with pytest.raises(og.OrgError, match="did you mean 'paper'"):
        ChartOptions.of(papers="A4")


def test_paper_goes_to_the_tidy_engine(seed: og.Org) -> None:
    assert pick_engine(seed, "pdf", paper="A4") == "tidy"
    assert pick_engine(seed, "pdf", pages="auto") == "tidy"
    with pytest.raises(og.OrgError, match="print PDF pages, not SVG"):
        render(seed, format="svg", paper="A4")
    with pytest.raises(og.OrgError, match="print PDF pages, not PNG"):
        render(seed, format="png", pages="auto")
    with pytest.raises(og.OrgError, match="tidy engine"):
        render(seed, format="pdf", engine="graphviz", paper="A4")
    with pytest.raises(og.OrgError, match="give paper="):
        render(seed, format="pdf", engine="tidy", pages="auto")
    with pytest.raises(og.OrgError, match="give paper="):
        render(seed, format="pdf", engine="tidy", orientation="portrait")


# -- the plan ----------------------------------------------------------------------------------


def check_plan(org: og.Org, p: PagePlan, *, legible: bool = True) -> None:
    """The plan's invariants: pages numbered 1..n; every unit drawn in full on exactly
    one detail page (its home); references point to the page that has the subtree; the
    index lists every unit once with its home page, in order; text at >= 6 pt."""
    units = list(p.units)
    numbers = [page.number for page in p.pages]
    assert numbers == list(range(1, len(p.pages) + 1))
    by_number = {page.number: page for page in p.pages}
    details = p.details()
    assert details, "no detail page"
    drawn = [u for page in details for u in page.units]
    assert sorted(drawn) == sorted(units)  # every unit exactly once
    assert len(set(drawn)) == len(drawn)
    for page in details:
        assert set(page.units) | set(page.collapsed) <= set(page.boxes)
        assert not set(page.units) & set(page.collapsed)
        assert len(page.parents) == len(page.boxes) and page.parents[0] == -1
        assert all(0 <= q < k for k, q in enumerate(page.parents) if k)
        for u in page.units:
            assert p.home[u] == page.number
        if page.continued:
            assert page.top not in page.units  # repeated from its home page
            home = by_number[p.home[page.top]]
            assert page.number in home.refs[page.top] and page.up == home.number
            assert set(page.boxes) == {page.top} | set(page.units) | set(page.collapsed)
        else:
            assert page.top == page.boxes[0] and page.top in page.units
            assert set(page.boxes) == set(page.units) | set(page.collapsed)
        for box, refs in page.refs.items():
            assert refs, box
            if box in page.collapsed:  # stands for a subtree: its home page draws it on top
                assert refs == (p.home[box],)
                target = by_number[refs[0]]
                assert target.top == box and not target.continued and target.up == page.number
                assert org.parent(box) in page.boxes
            else:  # a unit whose children go on over the following pages
                assert box == page.top
                for n in refs:
                    assert by_number[n].top == box and by_number[n].continued
        for k, box in enumerate(page.boxes):  # the page's tree is the organisation's
            if k:
                assert org.parent(box) == page.boxes[page.parents[k]]
    # detail pages follow the chart's preorder
    order = {u: k for k, u in enumerate(preorder(org, units))}
    tops = [order[page.top] for page in details if page.top is not None]
    assert tops == sorted(tops)
    overview = [page for page in p.pages if page.kind == "overview"]
    if overview:
        assert overview[0].number == 1
        for box, refs in overview[0].refs.items():
            assert refs == (p.home[box],)
    index = [entry for page in p.pages if page.kind == "index" for entry in page.entries]
    if len(details) > 1:
        assert [u for u, _, _ in index] == index_order({u: p.names[u] for u in units})
        assert all(n == p.home[u] for u, n, _ in index)
    else:
        assert len(p.pages) == 1 and not index
    if legible:
        for page in p.pages:
            if page.kind != "index":
                chart = p.chart(page)
                scale = print_scale((chart.width, chart.height), p.area, p.min_scale)
                assert scale >= p.min_scale - 1e-9, page
                assert page.scale >= p.min_scale - 1e-9


def preorder(org: og.Org, units: list[str]) -> list[str]:
    keep = set(units)
    out: list[str] = []
    stack = [u for u in reversed(org.roots()) if u in keep]
    if not stack:
        stack = [u for u in units if org.parent(u) not in keep][::-1]
    while stack:
        u = stack.pop()
        out.append(u)
        stack.extend(c for c in reversed(org.children(u)) if c in keep)
    return out


def test_plan_of_a_synthetic_organisation(big: og.Org) -> None:
    p = pages.plan(big, paper="A4", orientation="landscape")
    check_plan(big, p)
    assert p.size == pytest.approx((841.89, 595.28))
    kinds = [page.kind for page in p.pages]
    assert kinds[-1] == "index" and "detail" in kinds
    assert min(page.scale for page in p.details()) >= MIN_TEXT_PT / 9.0 - 1e-9
    # at least one unit's children go on over several pages, and some subtrees have
    # pages of their own
    assert any(page.continued for page in p.details())
    assert any(page.collapsed for page in p.details())


@pytest.mark.parametrize(
    ("paper", "orientation"), [("A3", None), ("Letter", "portrait"), ("200x150mm", None)]
)
def test_plan_on_other_papers(big: og.Org, paper: str, orientation: str | None) -> None:
    p = pages.plan(big, paper=paper, orientation=orientation)
    check_plan(big, p)
    assert p.size == paper_size(paper, orientation)


def test_a_bigger_paper_needs_fewer_pages(big: og.Org) -> None:
    a4 = len(pages.plan(big, paper="A4").details())
    a3 = len(pages.plan(big, paper="A3").details())
    assert a3 < a4


def test_small_chart_is_one_page(seed: og.Org) -> None:
    p = pages.plan(seed, paper="A3")
    assert [page.kind for page in p.pages] == ["detail"]
    assert sorted(p.pages[0].units) == sorted(seed.units())
    check_plan(seed, p)


def test_seed_on_small_paper_and_a_sub_chart(seed: og.Org) -> None:
    p = pages.plan(seed, paper="5x4in", lang="en")
    check_plan(seed, p)
    assert len(p.details()) > 1
    sub = pages.plan(seed, paper="5x4in", root="customer_service")
    check_plan(seed, sub)
    assert set(sub.home) == {"customer_service", *seed.descendants("customer_service")}
    shallow = pages.plan(seed, paper="5x4in", depth=1)
    check_plan(seed, shallow)
    assert len(shallow.home) == 1 + len(seed.children(seed.roots()[0]))


def test_a_wide_unit_is_spread_over_continued_pages() -> None:
    org = org_of([-1] + [0] * 150)
    p = pages.plan(org, paper="A4")
    check_plan(org, p)
    details = p.details()
    assert len(details) > 1 and all(page.top == "u0" for page in details)
    assert [page.continued for page in details] == [False] + [True] * (len(details) - 1)
    assert details[0].refs["u0"] == tuple(page.number for page in details[1:])


def test_a_forest_gets_an_overview() -> None:
    parents = [-1] + [0] * 6 + [k for k in range(1, 7) for _ in range(12)]
    parents += [-1] + [len(parents)] * 5
    org = org_of(parents)
    p = pages.plan(org, paper="A4")
    check_plan(org, p)
    assert p.pages[0].kind == "overview" and p.pages[0].top is None
    assert {"u0", f"u{parents.index(-1, 1)}"} <= set(p.pages[0].boxes)


@st.composite
def parent_arrays(draw: st.DrawFn) -> list[int]:
    """Random trees: bushy, flat (very wide units), chains, or mixed; sometimes a forest."""
    n = draw(st.integers(1, 160))
    shape = draw(st.sampled_from(["random", "flat", "chain", "bushy"]))
    parents = [-1]
    for i in range(1, n):
        if shape == "flat":
            parents.append(draw(st.integers(0, min(i - 1, 3))))
        elif shape == "chain":
            parents.append(i - 1 if draw(st.integers(0, 9)) else draw(st.integers(0, i - 1)))
        elif shape == "bushy":
            parents.append(draw(st.integers(max(0, i - 6), i - 1)))
        else:
            parents.append(draw(st.integers(0, i - 1)))
    if n > 2 and draw(st.booleans()):
        parents[draw(st.integers(1, n - 1))] = -1
    return parents


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parents=parent_arrays(),
    paper=st.sampled_from(["A4", "A3", "Letter", "6x4in"]),
    orientation=st.sampled_from([None, "portrait", "landscape"]),
)
def test_plan_invariants_on_random_trees(
    parents: list[int], paper: str, orientation: str | None
) -> None:
    org = org_of(parents)
    check_plan(org, pages.plan(org, paper=paper, orientation=orientation))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(max_units=12), lang=st.sampled_from([None, "zh", "en"]))
def test_plan_invariants_on_random_documents(doc: dict[str, Any], lang: str | None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        org = og.from_dict(doc)
    # Names of any length and content: a box may be too big for a 3-inch page, so
    # only the structure is checked here.
    p = pages.plan(org, paper="3x3in", lang=lang, responsibilities=True)
    check_plan(org, p, legible=False)
    check_links(org, p)


# -- links -----------------------------------------------------------------------------------


def shown_box(org: og.Org, p: PagePlan, u: str) -> str | None:
    """The box that holds unit *u* in the plan: itself, or its nearest printed ancestor
    (a unit cut off by ``depth``); None outside the chart (``root=``)."""
    printed = set(p.units)
    at: str | None = u
    while at is not None and at not in printed:
        at = org.parent(at)
    return at


def check_links(org: og.Org, p: PagePlan, kinds: tuple[str, ...] = LINK_KINDS) -> None:
    """Every link of *kinds* between printed boxes is in the plan once; each end's home
    page shows it: drawn (the other end's box is on the page) or named on the end's box
    with the other end's home page; a page draws exactly the links it has both ends of,
    and the boxes say what ``linkrefs`` says."""
    want = set()
    for src, dst, data in org.links():
        a, b = shown_box(org, p, src), shown_box(org, p, dst)
        if data["kind"] in kinds and a is not None and b is not None and a != b:
            want.add((data["kind"], a, b))
    assert {(k.kind, k.source, k.target) for k in p.links} == want
    by_number = {page.number: page for page in p.pages}
    for k, link in enumerate(p.links):
        for end, other in ((link.source, link.target), (link.target, link.source)):
            page = by_number[p.home[end]]
            if k in page.drawn:
                assert other in page.boxes
            else:
                assert other not in page.boxes
                assert (end, k, p.home[other]) in page.linkrefs, (k, end, page.number)
    # the index lists every link once, under a heading, with its ends' pages
    listed = [k for page in p.pages if page.kind == "index" for k, _ in page.listed]
    if any(page.kind == "index" for page in p.pages):
        assert listed == ([-1, *range(len(p.links))] if p.links else [])
        for k, link in enumerate(p.links):
            lines, at = p.link_entry(k)
            assert at == ", ".join(
                str(n) for n in sorted({p.home[x] for x in (link.source, link.target)})
            )
            assert p.names[link.source] in lines[0] and p.names[link.target] in lines[0]
            relation = " ".join(link.relation.split())
            shown = relation and p.cut.o.link_labels != "off"
            assert lines[1:] == ([relation] if shown else [])
    names = in_language(LEGEND, p.lang)
    for page in p.pages:
        on = set(page.boxes)
        both = [k for k, link in enumerate(p.links) if {link.source, link.target} <= on]
        assert list(page.drawn) == both, page.number
        for u, k, n in page.linkrefs:
            link = p.links[k]
            other = link.target if u == link.source else link.source
            assert page.kind == "detail" and u in page.units and other not in on
            assert n == p.home[other]
        if not (page.drawn or page.linkrefs):
            continue
        chart = p.chart(page)
        assert [(x.kind, page.boxes[x.a], page.boxes[x.b]) for x in chart.links] == [
            (p.links[k].kind, p.links[k].source, p.links[k].target) for k in page.drawn
        ]
        for u, k, n in page.linkrefs:
            said = [t for _, t in chart.lines[page.boxes.index(u)]]
            kind = names[p.links[k].kind]
            page_n = f"（第 {n} 页）" if p.lang and p.lang.startswith("zh") else f", p. {n}"
            assert any(t.startswith(kind) and t.endswith(page_n) for t in said), (u, said)


def linked_org() -> og.Org:
    """Three subtrees too big to share a page, and links: inside one subtree, between two
    (a mutual collaboration), and from the top down (dotted)."""
    parents = [-1, 0, 0, 0] + [k for k in (1, 2, 3) for _ in range(30)]
    names = [f"Unit <{i}> & co" for i in range(len(parents))]
    links = [
        {"kind": "dotted", "from": "u4", "to": "u5", "relation": "checks <b>&amp;</b>"},
        {"kind": "collaboration", "from": "u6", "to": "u40", "mutual": True},
        {"kind": "dotted", "from": "u0", "to": "u10", "relation": "audits"},
    ]
    return org_of(parents, names, links)


def test_links_on_pages() -> None:
    org = linked_org()
    p = pages.plan(org, paper="A4", lang="en")
    check_plan(org, p)
    check_links(org, p)
    home = p.home
    assert home["u4"] == home["u5"] and home["u6"] != home["u40"] and home["u0"] != home["u10"]
    same = [page for page in p.pages if 0 in page.drawn]
    assert same and home["u4"] in [page.number for page in same]
    # the collaboration is named on both ends' pages, each with the other's page
    on6 = p.pages[home["u6"] - 1].linkrefs
    on20 = p.pages[home["u40"] - 1].linkrefs
    assert ("u6", 1, home["u40"]) in on6 and ("u40", 1, home["u6"]) in on20
    svgs = pdf.page_svgs(org, paper="A4", lang="en")
    drawn = svgs[home["u4"] - 1]
    assert drawn.count('class="dotted"') == 1 and "checks &lt;b&gt;&amp;amp;&lt;/b&gt;" in drawn
    name40 = "Unit &lt;40&gt; &amp; co"
    assert f"collaboration ↔ {name40}, p. {home['u40']}" in svgs[home["u6"] - 1]
    assert f"collaboration ↔ Unit &lt;6&gt; &amp; co, p. {home['u6']}" in svgs[home["u40"] - 1]
    assert f"dotted line ← Unit &lt;0&gt; &amp; co, p. {home['u0']}" in svgs[home["u10"] - 1]
    for svg in svgs:
        ElementTree.fromstring(svg.encode())  # well-formed: the names added no markup
        assert "<b>" not in svg


def test_links_off_and_by_kind() -> None:
    org = linked_org()
    off = pages.plan(org, paper="A4", links=())
    assert off.links == () and not any(page.drawn or page.linkrefs for page in off.pages)
    check_links(org, off, ())
    for svg in pdf.page_svgs(org, paper="A4", links=()):
        assert 'class="dotted"' not in svg and 'class="collaboration"' not in svg
        assert not re.search(r">(dotted line|collaboration) [←→↔]", svg)  # no reference
    on = pdf.page_svgs(org, paper="A4")
    assert any(re.search(r">(dotted line|collaboration) [←→↔]", svg) for svg in on)
    dotted = pages.plan(org, paper="A4", links="dotted")
    assert {k.kind for k in dotted.links} == {"dotted"}
    check_links(org, dotted, ("dotted",))


def test_links_in_chinese_and_in_the_pdf_text() -> None:
    org = linked_org()
    p = pages.plan(org, paper="A4", lang="zh")
    check_links(org, p)
    svgs = pdf.page_svgs(org, paper="A4", lang="zh")
    assert f"虚线汇报 ← Unit &lt;0&gt; &amp; co（第 {p.home['u0']} 页）" in svgs[p.home["u10"] - 1]


@needs_rsvg
def test_xingchen_links_in_the_pdf() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        org = og.load(ROOT / "orggraph" / "data" / "xingchen.yaml")
    p = pages.plan(org, paper="A4", lang="en")
    check_plan(org, p)
    check_links(org, p)
    assert len(p.links) == len(list(org.links()))
    assert any(page.drawn for page in p.pages) and any(page.linkrefs for page in p.pages)
    texts = [text_of(page) for page in read_pdf(pdf.render_pdf(org, paper="A4", lang="en")).pages]
    for page in p.pages:
        for _, k, n in page.linkrefs:
            assert f", p. {n}" in texts[page.number - 1]
            assert LEGEND["en"][p.links[k].kind] in texts[page.number - 1]
    index = " ".join(texts[page.number - 1] for page in p.pages if page.kind == "index")
    assert "Dotted lines and collaborations" in index
    assert "reports quality issues straight to the CEO" in index  # a relation, whole


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parents=parent_arrays(),
    data=st.data(),
    paper=st.sampled_from(["A4", "Letter", "6x4in"]),
    kinds=st.sampled_from([LINK_KINDS, ("dotted",), ("collaboration",), ()]),
)
def test_every_link_is_on_a_page(
    parents: list[int], data: st.DataObject, paper: str, kinds: tuple[str, ...]
) -> None:
    n = len(parents)
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda ab: ab[0] != ab[1])
    links: list[dict[str, Any]] = []
    for a, b in data.draw(st.lists(pair, max_size=8 if n > 1 else 0)):
        link = {"kind": data.draw(st.sampled_from(LINK_KINDS)), "from": f"u{a}", "to": f"u{b}"}
        relation = data.draw(st.sampled_from(["", "advises", "a much longer relation <here>"]))
        if relation:
            link["relation"] = relation
        link["mutual"] = data.draw(st.booleans())
        links.append(link)
    org = org_of(parents, links=links)
    depth = data.draw(st.sampled_from([None, None, 2]))
    labels = data.draw(st.sampled_from(["auto", "markers", "inline", "off"]))
    p = pages.plan(org, paper=paper, links=kinds, depth=depth, link_labels=labels)
    check_plan(org, p)
    check_links(org, p, kinds)


def test_index_order_reads_numbers() -> None:
    names = {"a": "Team 10", "b": "Team 9", "c": "team 9", "d": "销售部", "e": "Alpha"}
    assert index_order(names)[:3] == ["e", "b", "c"]
    assert index_order(names)[3] == "a"


# -- the PDF -----------------------------------------------------------------------------------


@needs_rsvg
def test_paged_pdf_pages_size_and_text(big: og.Org, tmp_path: Path) -> None:
    p = pages.plan(big, paper="A4", orientation="landscape")
    out = big.render(tmp_path / "chart.pdf", paper="A4", orientation="landscape")
    assert isinstance(out, Path) and out.read_bytes()[:5] == b"%PDF-"
    reader = read_pdf(out.read_bytes())
    assert len(reader.pages) == len(p.pages)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    total = len(p.pages)
    texts = [text_of(page) for page in reader.pages]
    for page, txt in zip(p.pages, texts, strict=True):
        assert f"page {page.number} of {total}" in txt
        if page.kind == "detail":
            # unit names are text, whole and in reading order, on their home page
            for u in page.units:
                assert big.name(u, lang="en") in txt, (u, page.number)
            for box, refs in page.refs.items():
                if box in page.collapsed:
                    assert f"→ p. {refs[0]}" in txt
        if page.kind == "index":
            assert "Index" in txt
    # the index's last page ends with the last unit in its order and its page
    last = [page for page in p.pages if page.kind == "index"][-1].entries[-1]
    assert re.search(re.escape(big.name(last[0], lang="en")) + r".*\b" + str(last[1]), texts[-1])


@needs_rsvg
def test_paged_pdf_portrait_letter_and_custom(seed: og.Org) -> None:
    data = render(seed, format="pdf", paper="Letter", orientation="portrait")
    reader = read_pdf(data)
    sizes = {
        (round(float(pg.mediabox.width)), round(float(pg.mediabox.height))) for pg in reader.pages
    }
    assert sizes == {(612, 792)}
    data = render(seed, format="pdf", paper="6x4in", lang="en")
    reader = read_pdf(data)
    assert len(reader.pages) == len(pages.plan(seed, paper="6x4in", lang="en").pages) > 1
    assert {
        (round(float(pg.mediabox.width)), round(float(pg.mediabox.height))) for pg in reader.pages
    } == {(432, 288)}


@needs_rsvg
def test_paged_pdf_in_chinese_embeds_a_cjk_font(seed: og.Org) -> None:
    p = pages.plan(seed, paper="6x4in", lang="zh")
    reader = read_pdf(render(seed, format="pdf", paper="6x4in", lang="zh"))
    texts = [text_of(page) for page in reader.pages]
    assert "客服部" in " ".join(texts)
    assert any("续见第" in t for t in texts) and "索引" in texts[-1]
    assert f"第 1 页，共 {len(p.pages)} 页" in texts[0]
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in f for f in fonts), fonts


@needs_rsvg
def test_one_sheet_and_the_natural_size(seed: og.Org, big: og.Org) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # fits legibly: no warning
        reader = read_pdf(render(seed, format="pdf", paper="A3", pages=1, depth=1))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width)) == 1191
    with pytest.warns(og.OrgWarning, match="below 6 pt; pages='auto'"):
        reader = read_pdf(render(big, format="pdf", paper="A4", pages=1))
    assert len(reader.pages) == 1
    # the tidy engine without paper: one page the chart's own size
    reader = read_pdf(render(seed, format="pdf", engine="tidy", lang="en"))
    assert len(reader.pages) == 1 and "Customer Service" in text_of(reader.pages[0])


def test_missing_rsvg_is_an_org_error(seed: og.Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORGGRAPH_RSVG", "/nonexistent/rsvg-convert")
    with pytest.raises(og.MissingDependencyError, match="apt-get install librsvg2-bin"):
        render(seed, format="pdf", paper="A4")
    # the pages are SVG documents the paper's size: no external program needed for them
    svgs = pdf.page_svgs(seed, paper="6x4in")
    assert all('width="432.00pt" height="288.00pt"' in s for s in svgs)


@needs_rsvg
def test_cli_render_paper(tmp_path: Path) -> None:
    out = tmp_path / "chart.pdf"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "orggraph",
            "render",
            str(SEED),
            "-o",
            str(out),
            "--paper",
            "6x4in",
            "--orientation",
            "portrait",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    reader = read_pdf(out.read_bytes())
    assert len(reader.pages) > 1
    assert round(float(reader.pages[0].mediabox.width)) == 288
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "orggraph",
            "render",
            str(SEED),
            "-o",
            str(out),
            "--pages",
            "1",
            "--paper",
            "A4",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert len(read_pdf(out.read_bytes()).pages) == 1
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "orggraph",
            "render",
            str(SEED),
            "-o",
            str(tmp_path / "c.svg"),
            "--paper",
            "A4",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1 and "print PDF pages" in run.stderr


@needs_rsvg
def test_chunks_are_converted_apart_and_joined(
    seed: og.Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orggraph.render import rsvg
    from orggraph.render.pdfjoin import NotJoinable, join_pdfs

    svgs = pdf.page_svgs(seed, paper="6x4in", lang="en")
    assert len(svgs) > 3
    whole = read_pdf(rsvg.svgs_to_pdf(svgs))
    monkeypatch.setattr(rsvg, "CHUNK", 2)
    joined = read_pdf(rsvg.svgs_to_pdf(iter(svgs)))
    assert len(joined.pages) == len(whole.pages) == len(svgs)
    assert [text_of(p) for p in joined.pages] == [text_of(p) for p in whole.pages]
    pypdf = pytest.importorskip("pypdf")
    strict = pypdf.PdfReader(io.BytesIO(rsvg.svgs_to_pdf(svgs)), strict=True)
    assert len(strict.pages) == len(svgs)
    with pytest.raises(NotJoinable):
        join_pdfs([b"%PDF-1.5\n", b"%PDF-1.5\n"])
    # a chunk laid out otherwise: all pages are converted again in one run
    monkeypatch.setattr(rsvg, "join_pdfs", lambda parts: join_pdfs([b"x", *parts]))
    again = read_pdf(rsvg.svgs_to_pdf(svgs))
    assert len(again.pages) == len(svgs)


def test_rsvg_failures_are_render_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from orggraph.render import rsvg

    fake = tmp_path / "rsvg-convert"
    fake.write_text("#!/bin/sh\necho 'broken SVG' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("ORGGRAPH_RSVG", str(fake))
    with pytest.raises(og.RenderError, match=r"exit 3.*broken SVG"):
        rsvg.svgs_to_pdf(["<svg/>"])
    fake.write_text("#!/bin/sh\nsleep 5\n")
    with pytest.raises(og.RenderError, match=r"did not finish within 0\.5 s \(1 pages\)"):
        rsvg.svgs_to_pdf(["<svg/>"], timeout=0.5)


def test_cli_passes_the_paper_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import orggraph.render as renderers
    from orggraph.cli.app import main

    calls: list[dict[str, Any]] = []

    def fake(org: og.Org, target: Any, **options: Any) -> bytes:
        calls.append(options)
        return b"%PDF-"

    monkeypatch.setattr(renderers, "render", fake)
    out = str(tmp_path / "chart.pdf")
    argv = ["render", str(SEED), "-o", out, "--paper", "a4", "--orientation", "portrait"]
    assert main([*argv, "--pages", "1"]) == 0
    assert calls[0]["paper"] == "a4" and calls[0]["orientation"] == "portrait"
    assert calls[0]["pages"] == 1
    assert main(["render", str(SEED), "-o", out, "--pages", "auto"]) == 0
    assert calls[1]["pages"] == "auto" and "paper" not in calls[1]
    assert main(["render", str(SEED), "-o", out]) == 0
    assert not {"paper", "orientation", "pages"} & set(calls[2])
