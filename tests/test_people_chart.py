"""People on the chart's boxes (issue 13, item 3, the text): head names, acting marks, job
shares, Vacant marks, staff by name up to a limit, ``people="off"``, and names from the
organisation escaped in both engines."""

from __future__ import annotations

import io
import re
import shutil
import warnings
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import orggraph as og
from orggraph.names import clean, text
from orggraph.render import render
from orggraph.render.options import ChartOptions
from orggraph.render.people_lines import STAFF_LIMIT, people_lines, split_mark, unit_people
from orggraph.render.theme import DEFAULT_THEME

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)
SVG = "{http://www.w3.org/2000/svg}"
ENGINES = ["tidy", pytest.param("graphviz", marks=needs_dot)]
LANGS = ["zh", "en"]
MARK = re.compile(r"^(?:Vacant|空缺)(?: ×(\d+))?$")


@pytest.fixture(scope="module")
def sample() -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the sample's intended warning: a vacant head
        return og.datasets.load("xingchen")


def svg_of(org: og.Org, engine: str, **options: Any) -> bytes:
    data = render(org, format="svg", engine=engine, **options)
    assert isinstance(data, bytes)
    return data


def texts_of(svg: bytes) -> list[str]:
    """The text of every <text> element (its tspans joined), parsed as XML."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def marks_of(svg: bytes) -> int:
    """How many seats the Vacant marks of a chart stand for ("Vacant ×2": two). Both
    engines draw a mark as an element of its own (a bold tspan, dot's own <text>)."""
    root = ET.fromstring(svg)
    total = 0
    for el in root.iter():
        if el.tag in (f"{SVG}text", f"{SVG}tspan") and el.text:
            found = MARK.match(el.text.strip())
            if found and (el.tag == f"{SVG}tspan" or el.get("font-weight") == "bold"):
                total += int(found.group(1) or 1)
    return total


def name(org: og.Org, pid: str, lang: str) -> str:
    return " ".join(clean(text(org.person(pid).name, lang)).split())


def open_seats(org: og.Org) -> int:
    """Seats nobody holds in posts whose holders are known: what the chart marks."""
    return sum(
        max(0, (p.seats or 1) - (p.filled or 0))
        for p in org.posts()
        if p.holders is not None and p.status != "eliminated"
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("engine", ENGINES)
def test_the_sample_shows_heads_cover_shares_and_every_vacancy(
    sample: og.Org, engine: str, lang: str
) -> None:
    svg = svg_of(sample, engine, lang=lang)
    lines = texts_of(svg)
    shown = "\n".join(lines)
    for uid in sample.units():
        head = sample.posts(uid)[0]
        for pid in head.holders or ():
            assert name(sample, pid, lang) in shown, (uid, pid)
    acting = "谢俊杰（代）" if lang == "zh" else "Xie Junjie (acting)"
    assert acting in lines  # the head of Embedded Software covers Cloud Platform
    share = "徐明远 / 孙丽娟" if lang == "zh" else "Xu Mingyuan / Sun Lijuan"
    assert share in shown  # two payroll specialists at half time in one seat
    seconded = "戴玉兰（借调）" if lang == "zh" else "Dai Yulan (seconded)"
    assert seconded in shown
    # The assistant is a small box of its own beside the CEO office: name, post title.
    pair = ["刘洋", "总裁助理"] if lang == "zh" else ["Liu Yang", "Executive assistant"]
    assert any(lines[k : k + 2] == pair for k in range(len(lines)))
    # Every open seat of a post whose holders are known is marked; the assembly
    # operators' holders are not known: their figure instead, and no Vacant.
    known = [v for v in sample.vacancies() if v.post != "assembly-operators"]
    assert marks_of(svg) == open_seats(sample) == sum(v.open for v in known) == 8
    assert ("在岗 22/24 人" if lang == "zh" else "22 of 24 filled") in shown
    vacant_head = "空缺" if lang == "zh" else "Vacant"
    south = texts_of(svg).index("华南大区总监" if lang == "zh" else "South China regional director")
    assert lines[south + 1] == vacant_head  # where the head's name would be


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("engine", ENGINES)
def test_off_leaves_every_name_out(sample: og.Org, engine: str, lang: str) -> None:
    for off in ("off", False, None):
        svg = svg_of(sample, engine, lang=lang, people=off).decode()
        for pid in sample.people():
            for each in {text(sample.person(pid).name, other) for other in LANGS}:
                assert each not in svg, (off, pid, each)
        assert marks_of(svg.encode()) == 0


def test_off_and_no_people_draw_the_chart_as_before() -> None:
    seed = og.datasets.load("ecommerce")  # names nobody: nothing about people is looked at
    assert not seed.has_people()
    assert people_lines(seed, seed.units()) is None
    assert svg_of(seed, "tidy", lang="en") == svg_of(seed, "tidy", lang="en", people="off")


def big_team(staff: int, lang: str = "en") -> og.Org:
    people = ", ".join(f"{{id: p{i}, name: {{en: Person {i}, zh: 人员{i}}}}}" for i in range(staff))
    holders = ", ".join(f"p{i}" for i in range(1, staff))
    return og.loads(
        f"""
        lang: [{lang}]
        people: [{people}]
        units:
          - id: t
            name: {{en: Team, zh: 小组}}
            head: {{title: {{en: Lead, zh: 组长}}, holders: [p0]}}
            staff:
              - {{title: {{en: Engineer, zh: 工程师}}, seats: {staff + 1}, holders: [{holders}]}}
        """
    )


@pytest.mark.parametrize(("lang", "more"), [("en", "and 3 more"), ("zh", "等另 3 人")])
@pytest.mark.parametrize("engine", ENGINES)
def test_and_n_more_past_the_limit_and_vacancies_kept(engine: str, lang: str, more: str) -> None:
    org = big_team(STAFF_LIMIT + 4, lang)  # a head and 9 staff in 11 seats: 2 open
    svg = svg_of(org, engine, lang=lang)
    shown = "\n".join(texts_of(svg))
    assert more in shown
    assert sum(f"{'人员' if lang == 'zh' else 'Person '}{i}" in shown for i in range(1, 10)) == 6
    assert marks_of(svg) == 2  # past the limit, the open seats are still marked


def test_people_lines_parts_and_modes(sample: og.Org) -> None:
    office = unit_people(sample, "ceo_office", lang="en")
    assert [p.part for p in office] == ["head", "assistant", "staff", "staff", "staff"]
    # With people as boxes, the staff and assistants are boxes of their own: only the head.
    assert [p.text for p in unit_people(sample, "ceo_office", lang="en", mode="boxes")] == [
        "Wang Fang"
    ]
    assert unit_people(sample, "ceo_office", mode="off") == []
    # Holders not known: nothing invented for the head (no name, no Vacant).
    org = og.loads(
        "units: [{id: a, name: A, head: {title: Boss, holders: [Ann]}, units: [{id: b, name: B,"
        " parent: a, head: {title: Lead}, staff: [{title: Clerk, seats: 2, counts: false,"
        " holders: []}]}]}]"
    )
    assert [p.text for p in unit_people(org, "b")] == ["Clerk: Vacant ×2"]  # not counted, shown


def test_lines_wrap_between_names_and_keep_the_mark_whole() -> None:
    lines = unit_people(big_team(3), "t")  # 2 staff in 4 seats
    assert [p.text for p in lines] == ["Person 0", "Engineer: Person 1,", "Person 2, Vacant ×2"]
    assert split_mark(lines[-1].text) == ("Person 2, ", "Vacant ×2")
    assert lines[-1].text[lines[-1].mark :] == "Vacant ×2" and not lines[1].vacant
    for width in (8, 12, 20):
        for line in unit_people(big_team(5), "t", width=width):
            assert len(line.text) <= width + width // 4 or line.text.startswith("Engineer")


def test_the_option_is_checked() -> None:
    assert ChartOptions(people=True).people == "names"
    assert ChartOptions(people=False).people == ChartOptions(people=None).people == "off"
    assert ChartOptions().people == "names"
    with pytest.raises(og.OrgError, match="choose one of names, boxes, off") as info:
        ChartOptions(people="all")
    assert info.value.choices == ("names", "boxes", "off")


@pytest.mark.parametrize("lang", LANGS)
def test_png_draws_vacant_marks_in_the_warning_colour(sample: og.Org, lang: str) -> None:
    def warning_pixels(**options: Any) -> int:
        png = render(sample, format="png", engine="tidy", lang=lang, dpi=72, **options)
        assert isinstance(png, bytes)
        pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
        rgb = [int(DEFAULT_THEME.warning_color[i : i + 2], 16) for i in (1, 3, 5)]
        return int((np.abs(pixels - np.array(rgb)).max(axis=2) < 24).sum())

    assert warning_pixels() > 50 and warning_pixels(people="off") == 0


# Names that try to break out: markup, entities, quotes, line breaks, control characters,
# dot's escapes; and any Unicode.
hostile = (
    st.lists(
        st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(
                ["<b>&", "</text>", "&amp;", '"', "'", "\n", "\r", "\x07", "\\N", "]", "空缺"]
            ),
        ),
        min_size=1,
        max_size=3,  # short enough that no name is broken over two lines
    )
    .map("".join)
    .filter(lambda s: " ".join(clean(s).split()) != "")
)


def hostile_org(names: list[str]) -> og.Org:
    people = [{"id": f"p{i}", "name": n} for i, n in enumerate(names)]
    return og.from_dict(
        {
            "people": people,
            "units": [
                {
                    "id": "a",
                    "name": "A",
                    "head": {"title": "Head", "holders": [{"person": "p0", "role": "acting"}]},
                    "staff": [
                        {
                            "title": "Staff",
                            "seats": len(names),
                            "holders": [p["id"] for p in people[1:]],
                        }
                    ],
                }
            ],
        }
    )


def check_names(org: og.Org, svg: bytes, names: list[str]) -> None:
    root = ET.fromstring(svg)  # well-formed: nothing broke out of its text
    assert not [el for el in root.iter() if el.tag.split("}")[-1] in ("b", "script")]
    shown = "\n".join(texts_of(svg))
    for each in names:
        assert " ".join(clean(each).split()) in shown
    assert marks_of(svg) == 1  # a name "空缺" is a name, not a mark


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile, min_size=2, max_size=4, unique=True))
def test_hostile_names_stay_text_in_the_tidy_svg(names: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        org = hostile_org(names)
    check_names(org, svg_of(org, "tidy"), names)


@needs_dot
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile, min_size=2, max_size=4, unique=True))
def test_hostile_names_stay_text_in_the_graphviz_svg(names: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        org = hostile_org(names)
    check_names(org, svg_of(org, "graphviz"), names)
