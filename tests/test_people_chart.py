"""People on the chart's boxes (issue 13, item 3, the text): head names, acting marks, job
shares, Vacant marks (exactly the core's vacancies), a box's entries up to a limit with the
rest summed up, ``people="off"``, and names from the organisation escaped (bidirectional
controls dropped) in both engines."""

from __future__ import annotations

import io
import math
import re
import warnings
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from marks import needs_dot
from PIL import Image

import orggraph as og
from orggraph.core.rows import cell_width as display_columns
from orggraph.names import clean, text
from orggraph.render import render
from orggraph.render.options import ChartOptions
from orggraph.render.people_lines import BOX_LIMIT, people_lines, split_mark, unit_people
from orggraph.render.theme import DEFAULT_THEME

SVG = "{http://www.w3.org/2000/svg}"
ENGINES = ["tidy", pytest.param("graphviz", marks=needs_dot)]
LANGS = ["zh", "en"]
# The marks, each with the open seats it stands for: "Vacant ×2" two; the summary of the post
# lines a box left out, "Vacant: 190 more posts" (one seat each) or "... 230 seats in ...".
MARKS = [
    re.compile(r"^(?:Vacant|空缺)(?: ×(\d+))?$"),
    re.compile(r"^Vacant: (\d+) more posts$"),
    re.compile(r"^Vacant: (\d+) seats in \d+ more posts$"),
    re.compile(r"^另有 (\d+) 个空缺岗位$"),
    re.compile(r"^另有 \d+ 个空缺岗位，缺 (\d+) 人$"),
]


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


def mark_seats(mark: str) -> int | None:
    """The open seats a mark stands for, None for text that is no mark."""
    for pattern in MARKS:
        found = pattern.match(mark.strip())
        if found:
            return int(found.group(1) or 1)
    return None


def marks_of(svg: bytes) -> int:
    """How many seats the Vacant marks of a chart stand for ("Vacant ×2": two). Both
    engines draw a mark as an element of its own (a bold tspan, dot's own <text>)."""
    root = ET.fromstring(svg)
    total = 0
    for el in root.iter():
        if el.tag in (f"{SVG}text", f"{SVG}tspan") and el.text:
            seats = mark_seats(el.text)
            if seats and (el.tag == f"{SVG}tspan" or el.get("font-weight") == "bold"):
                total += seats
    return total


def lines_marks(lines: list[Any]) -> int:
    """The open seats the marks of people lines stand for."""
    return sum(mark_seats(line.text[line.mark :]) or 0 for line in lines if line.vacant)


def name(org: og.Org, pid: str, lang: str) -> str:
    return " ".join(clean(text(org.person(pid).name, lang)).split())


def open_seats(org: og.Org) -> int:
    """The open seats the core counts: what the chart marks."""
    return sum(v.open for v in org.vacancies())


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
    # Every open seat the core counts is marked, also the assembly operators' two, whose
    # holders are not known: their figure, and its mark.
    assert marks_of(svg) == open_seats(sample) == 10
    assert ("在岗 22/24 人" if lang == "zh" else "22 of 24 filled") in shown
    ops = [line.text for line in unit_people(sample, "ops_assembly", lang=lang)]
    assert ops[-1] == ("在岗 22/24 人、空缺 ×2" if lang == "zh" else "22 of 24 filled, Vacant ×2")
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
    org = big_team(BOX_LIMIT + 3, lang)  # a head and 10 staff in 12 seats: 2 open
    svg = svg_of(org, engine, lang=lang)
    shown = "\n".join(texts_of(svg))
    assert more in shown
    person = "人员" if lang == "zh" else "Person "
    # The head counts: 7 staff names fill the box's 8 entries.
    assert sum(f"{person}{i}" in shown for i in range(1, 11)) == BOX_LIMIT - 1
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
    # A post that does not count (a board's seats) is no vacancy: the core lists none.
    assert org.vacancies() == [] and unit_people(org, "b") == []


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


# -- a box's limit: the head, names, Vacant lines and figures all count ---------------------


def many_vacant_posts(posts: int, seats: int = 1, lang: str = "en") -> og.Org:
    staff = ", ".join(
        f"{{title: {{en: Post {k}, zh: 岗位{k}}}, seats: {seats}, holders: []}}"
        for k in range(posts)
    )
    return og.loads(
        f"""
        lang: [{lang}]
        people: [{{id: p0, name: {{en: Ann, zh: 安}}}}]
        units:
          - {{id: t, name: {{en: Team, zh: 小组}}, head: {{title: Lead, holders: [p0]}},
              staff: [{staff}]}}
        """
    )


@pytest.mark.parametrize(
    ("lang", "summary"), [("en", "Vacant: 193 more posts"), ("zh", "另有 193 个空缺岗位")]
)
@pytest.mark.parametrize("engine", ENGINES)
def test_a_box_of_200_vacant_posts_sums_them_up(engine: str, lang: str, summary: str) -> None:
    org = many_vacant_posts(200, lang=lang)
    lines = unit_people(org, "t", lang=lang)
    # The head and 7 Vacant lines fill the 8 entries; the other 193 posts are one line.
    assert len(lines) == BOX_LIMIT + 1 and lines[-1].text == summary
    assert lines[-1].mark == 0 and split_mark(summary) == ("", summary)
    svg = svg_of(org, engine, lang=lang)
    assert summary in texts_of(svg)
    assert marks_of(svg) == open_seats(org) == 200  # every open seat still on the box


def test_the_summary_counts_seats_and_one_line_left_out_is_shown() -> None:
    lines = unit_people(many_vacant_posts(10, seats=3), "t", lang="en")
    assert lines[-1].text == "Vacant: 9 seats in 3 more posts"
    assert lines_marks(lines) == 30
    zh = unit_people(many_vacant_posts(10, seats=3, lang="zh"), "t", lang="zh")
    assert zh[-1].text == "另有 3 个空缺岗位，缺 9 人" and lines_marks(zh) == 30
    # One post line past the limit is shown as it is (a summary would be no shorter).
    lines = unit_people(many_vacant_posts(8), "t", lang="en")
    assert [p.text for p in lines[-2:]] == ["Post 6: Vacant", "Post 7: Vacant"]


def test_the_limit_keeps_a_chart_of_many_posts_small() -> None:
    png = render(many_vacant_posts(200), format="png", engine="tidy", lang="en", dpi=72)
    assert isinstance(png, bytes)
    width, height = Image.open(io.BytesIO(png)).size
    assert height < 600 and width < 600, (width, height)  # was 1177 x 5519 px at 96 dpi


def test_head_holders_count_toward_the_limit() -> None:
    people = ", ".join(f"{{id: h{i}, name: H{i}}}" for i in range(6))
    holders = ", ".join(f"{{person: h{i}, fte: 0.5}}" for i in range(6))
    org = og.loads(
        f"people: [{people}]\nunits: [{{id: a, name: A, head: {{title: Heads, seats: 3,"
        f" holders: [{holders}]}}, staff: [{{title: Clerk, holders: []}}]}}]"
    )
    # Three seats, two at half time in each; a seat is listed whole or not at all.
    lines = [p.text for p in unit_people(org, "a", limit=5)]
    assert lines == ["H0 / H1, H2 / H3", "and 2 more", "Clerk: Vacant"]
    assert [p.text for p in unit_people(org, "a", limit=0)] == ["and 6 more", "Clerk: Vacant"]


# -- job shares: " / " only between holders of one seat ---------------------------------------


def one_post(seats: int | None, holders: str) -> og.Org:
    people = ", ".join(f"{{id: {p}, name: {p}}}" for p in re.findall(r"\b[A-Z]\d+\b", holders))
    seats_text = "null" if seats is None else str(seats)
    return og.loads(
        f"people: [{people}]\nunits: [{{id: a, name: A, staff: [{{title: Eng,"
        f" seats: {seats_text}, holders: [{holders}]}}]}}]"
    )


def test_a_job_share_is_one_seat_and_seats_are_apart() -> None:
    org = one_post(3, "A1, B1, {person: C1, fte: 0.5}, {person: D1, fte: 0.5}")
    assert [p.text for p in unit_people(org, "a")] == ["Eng: A1, B1, C1 / D1"]
    # More full-time holders than known seats (seats not given): each a seat of their own.
    assert [p.text for p in unit_people(one_post(None, "A1, B1, C1"), "a")] == ["Eng: A1, B1, C1"]
    # Shares that fill two seats only when the largest are seated first.
    shares = ", ".join(
        f"{{person: {p}, fte: {f}}}"
        for p, f in zip(("A1", "B1", "C1", "D1"), (0.6, 0.6, 0.4, 0.4), strict=True)
    )
    org = one_post(2, shares)
    assert [p.text for p in unit_people(org, "a", lang="zh")] == ["Eng：A1 / C1、B1 / D1"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.25, 0.5, 1.0]), min_size=1, max_size=8), st.integers(0, 3))
def test_seats_shown_are_the_seats_the_core_fills(ftes: list[float], spare: int) -> None:
    names = [f"Q{i:02d}" for i in range(len(ftes))]
    holders = ", ".join(f"{{person: {n}, fte: {f}}}" for n, f in zip(names, ftes, strict=True))
    seats = math.ceil(sum(ftes)) + spare
    org = one_post(seats, holders)
    (line,) = unit_people(org, "a", limit=99, width=1000)
    shown, _ = split_mark(line.text.removeprefix("Eng: "))
    seated = [s.split(" / ") for s in shown.removesuffix(", ").split(", ")]
    assert len(seated) == org.posts("a")[0].filled  # one shown seat per filled seat
    fte = dict(zip(names, ftes, strict=True))
    for seat in seated:
        assert len(seat) == 1 or (all(fte[n] < 1 for n in seat) and sum(fte[n] for n in seat) <= 1)
    assert sorted(n for seat in seated for n in seat) == names


# -- Vacant marks say what org.vacancies() says -----------------------------------------------


def test_vacant_marks_follow_the_core() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a vacant head with a report, on purpose
        org = og.loads(ABOUT_VACANCIES)
    # Seats not known: vacancies unknown, so neither Vacant nor a number; a board's seats and
    # a post being eliminated are no vacancies; a "filled" figure gives its open seats.
    assert [p.text for p in unit_people(org, "a")] == ["Clerk: 1 of 3 filled, Vacant ×2"]
    assert [p.text for p in unit_people(org, "b")] == ["Vacant"]
    assert [(v.post, v.open) for v in org.vacancies()] == [("a#4", 2), ("b#head", 1)]


ABOUT_VACANCIES = """
        units:
          - id: a
            name: A
            head: {title: Lead, seats: null, holders: []}
            staff:
              - {title: Unknown seats, seats: null, holders: []}
              - {title: Board seat, seats: 2, counts: false, holders: []}
              - {title: Going, seats: 2, status: eliminated, holders: []}
              - {title: Clerk, seats: 3, filled: 1}
          - {id: b, name: B, parent: a, head: {title: Lead, filled: 0}}
        """


@st.composite
def staffed_orgs(draw: st.DrawFn) -> og.Org:
    """Units with posts of every kind the vacancy rule looks at: seats known or not (0 too),
    holders unknown (with or without a "filled" figure), none, or people at full or part
    time (a person named Q000, Q001, ... in one post each), counted or not, eliminated."""
    people: list[dict[str, Any]] = []
    units = []
    for u in range(draw(st.integers(1, 3))):
        posts = []
        for j in range(draw(st.integers(1, 10))):
            seats = draw(st.one_of(st.none(), st.integers(0, 4)))
            post: dict[str, Any] = {"title": "Head" if j == 0 else f"T{draw(st.integers(1, 4))}"}
            if seats != 1:
                post["seats"] = seats
            held = draw(st.sampled_from(["unknown", "vacant", "held"]))
            if held == "unknown" and seats is not None and draw(st.booleans()):
                post["filled"] = draw(st.integers(0, seats))
            elif held != "unknown":
                ftes = draw(st.lists(st.sampled_from([0.25, 0.5, 1.0]), max_size=5))
                while seats is not None and sum(ftes) > seats:
                    ftes.pop()
                post["holders"] = []
                for fte in ftes:
                    people.append({"id": f"q{len(people)}", "name": f"Q{len(people):03d}"})
                    post["holders"].append({"person": people[-1]["id"], "fte": fte})
            if draw(st.integers(0, 4)) == 0:
                post["counts"] = False
            if draw(st.integers(0, 4)) == 0:
                post["status"] = "eliminated"
            if j and draw(st.integers(0, 3)) == 0:
                post["kind"] = "assistant"
            posts.append(post)
        unit = {"id": f"u{u}", "name": f"U{u}", "head": posts[0], "staff": posts[1:]}
        units.append(unit if u == 0 else {**unit, "parent": "u0"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # vacant heads with reports, on purpose
        return og.from_dict({"people": people, "units": units})


def more_of(lines: list[Any]) -> int:
    found = [re.fullmatch(r"and (\d+) more", line.text) for line in lines]
    return sum(int(m.group(1)) for m in found if m)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(staffed_orgs(), st.integers(0, 10))
def test_the_boxes_mark_every_vacancy_the_core_counts_and_list_every_holder(
    org: og.Org, limit: int
) -> None:
    found = people_lines(org, org.units(), lang="en", limit=limit)
    if found is None:  # names nobody (no holders anywhere): drawn as before, nothing on people
        assert not org.has_people()
        return
    for uid, lines in zip(org.units(), found, strict=True):
        core = sum(v.open for v in org.vacancies(uid) if v.unit == uid)
        assert lines_marks(lines) == core, (uid, [p.text for p in lines])
        # Every holder is named or counted in "and N more"; names at most the limit.
        shown = re.findall(r"Q\d{3}", "\n".join(p.text for p in lines))
        holders = sum(len(p.holders or ()) for p in org.posts(uid))
        assert len(shown) + more_of(lines) == holders
        assert len(shown) <= limit
        # Each entry (a name, a post line without one) takes a line at most, and the two
        # summaries one each (or the one post line left out, short titles here).
        assert len(lines) <= max(limit, 1) + 2


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(staffed_orgs())
def test_the_tidy_chart_marks_the_open_seats_of_org_vacancies(org: og.Org) -> None:
    assume(org.has_people())
    assert marks_of(svg_of(org, "tidy", lang="en")) == open_seats(org)


@needs_dot
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(staffed_orgs())
def test_the_graphviz_chart_marks_the_open_seats_of_org_vacancies(org: og.Org) -> None:
    assume(org.has_people())
    assert marks_of(svg_of(org, "graphviz", lang="en")) == open_seats(org)


# -- bidirectional controls: a name cannot pass for another one -------------------------------

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_org() -> og.Org:
    return og.from_dict(
        {
            "people": [{"id": "p0", "name": "\u202eevil\u202c"}, {"id": "p1", "name": "Bo"}],
            "units": [
                {
                    "id": "a",
                    "name": "A\u2067B\u2069",
                    "head": {"title": "\u202dLead\u202c", "holders": ["p0"]},
                    "staff": [{"title": "Staff\u202b", "seats": 2, "holders": ["p1"]}],
                }
            ],
        }
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_bidirectional_controls_are_dropped_from_what_the_boxes_show(engine: str) -> None:
    assert clean("\u202eevil\u202c / \u2066Ann\u2069") == "evil / Ann"
    assert clean("\u200fשלום\u200e") == "\u200fשלום\u200e"  # the marks stay: no override
    org = bidi_org()
    assert [p.text for p in unit_people(org, "a")] == ["evil", "Staff: Bo, Vacant"]
    shown = texts_of(svg_of(org, engine, lang="en"))
    assert not [t for t in shown if BIDI.search(t)]
    assert "evil" in shown and "AB" in shown and "Lead" in shown


@pytest.mark.parametrize("engine", ["tidy", pytest.param("graphviz", marks=needs_dot)])
def test_no_bidirectional_control_anywhere_in_the_svg(engine: str) -> None:
    assert not BIDI.search(svg_of(bidi_org(), engine, lang="en").decode())


# -- display columns: one rule --------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from("王芳李明Ab Ｘ"), min_size=1, max_size=9), min_size=1, max_size=8
    ),
    st.integers(6, 30),
)
def test_people_lines_fit_their_width_in_display_columns(names: list[str], width: int) -> None:
    assume(all(n.strip() for n in names))
    people = [{"id": f"p{i}", "name": n} for i, n in enumerate(names)]
    org = og.from_dict(
        {
            "people": people,
            "units": [
                {
                    "id": "a",
                    "name": "A",
                    "staff": [
                        {
                            "title": "工程师",
                            "seats": len(names),
                            "holders": [p["id"] for p in people],
                        }
                    ],
                }
            ],
        }
    )
    for line in unit_people(org, "a", width=width, limit=99):
        assert display_columns(line.text) <= width + width // 4, line.text
    assert display_columns("王芳 Ab") == 7


def test_people_import_raises_its_problems_by_line() -> None:
    from orggraph import errors
    from orggraph.io import peoplecells

    # Its own function has a name of its own; the shared one is not renamed on import.
    assert peoplecells.raise_problems is errors.raise_problems
    assert not hasattr(peoplecells, "raise_together")
    problems: list[tuple[int, Any]] = [
        (9, (og.SchemaError, "line 9", "late", ())),
        (2, (og.SchemaError, "line 2", "early", ())),
    ]
    with pytest.raises(og.SchemaError, match="line 2: early"):
        peoplecells.raise_by_line(problems, "people.csv")
