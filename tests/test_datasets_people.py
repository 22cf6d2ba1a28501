"""The people-level sample, data/xingchen.yaml (dataset ``"xingchen"``).

The expected figures are the ones its header states, copied here by hand, so a change to
the data, the generator (scripts/make_xingchen.py) or the core's people rules that moves a
figure fails here.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from pathlib import Path
from types import ModuleType

import pytest

import orggraph as og

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "xingchen.yaml"

PEOPLE = 120  # declared
EMPLOYEES = 117  # distinct people in posts that count (not the 2 outsiders, the contractor)
POSTS = 86  # every post, the board's and the contractor's included
COUNTING_POSTS = 82
SEATS = 149
FILLED = 139
VACANCIES = 10  # open seats
OPEN_POSTS = 9
FTE = 148.5
BUDGET = 3_309_000  # CNY a month
UNITS = 38


@pytest.fixture(scope="module")
def org() -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the one intended warning is checked below
        return og.datasets.load("xingchen")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_xingchen", ROOT / "scripts" / "make_xingchen.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_is_a_dataset_and_the_same_as_the_file(org: og.Org) -> None:
    assert "xingchen" in og.datasets.names()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert org == og.load(DATA)
    assert org.lang == ["zh", "en"]
    assert org.currency == "CNY"
    assert org.salary_period == "month"
    assert org.title in ("星辰科技", "Xingchen Technology")
    assert len(org) == UNITS
    assert max(org.depth(u) for u in org.units()) == 4  # five levels: board .. team
    assert len(org.responsibility_ids()) == 16
    assert len(org.links()) == 7


def test_file_is_what_the_generator_writes() -> None:
    """data/xingchen.yaml is generated: regenerating it gives the same bytes."""
    assert DATA.read_text(encoding="utf-8") == _generator().render(), (
        "data/xingchen.yaml is stale: run python scripts/make_xingchen.py"
    )


def test_header_states_the_figures_checked_here() -> None:
    header = DATA.read_text(encoding="utf-8").split("\norg:", 1)[0]
    flat = re.sub(r"\s*\n#\s*", " ", header)
    for claim in (
        f"{PEOPLE} people declared ({EMPLOYEES} in posts that count",
        f"{POSTS} posts ({COUNTING_POSTS} that count)",
        f"{SEATS} seats, {FILLED} filled, {VACANCIES} vacant in {OPEN_POSTS} posts",
        f"planned FTE {FTE:g}",
        f"CNY {BUDGET:,} a month",
        f"{UNITS} units nested 5 levels",
    ):
        assert claim in flat, claim


def test_loading_warns_about_the_vacant_regional_head() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        og.load(DATA)
    messages = [str(w.message) for w in caught]
    vacant = [m for m in messages if "'sales_south' is vacant" in m]
    assert len(vacant) == 1, messages
    # The only other warnings allowed: the three executive directors' board seats counted
    # into their FTE (the core may leave `counts: false` posts out of that check).
    others = [m for m in messages if m not in vacant]
    assert all(
        re.search(r"person 'e00[123]' holds 2 FTE in posts (chair|board#1)", m) for m in others
    ), others


def test_people_and_posts(org: og.Org) -> None:
    people = org.people()
    assert len(people) == PEOPLE
    assert all(org.person(p).declared for p in people)
    assert org.person("e001").name == {"zh": "王芳", "en": "Wang Fang"}
    assert org.person("e001").email == "wang.fang@xingchen.example"
    assert org.person("e001").attrs["hired"] == "2012-03-01"
    posts = org.posts()
    assert len(posts) == POSTS
    counting = [p for p in posts if p.counts]
    assert len(counting) == COUNTING_POSTS
    assert sum(p.seats for p in counting) == SEATS
    assert sum(p.filled for p in counting) == FILLED
    ceo = next(p for p in posts if p.id == "ceo")
    assert (ceo.unit, ceo.kind, ceo.grade, ceo.salary, ceo.holders) == (
        "ceo_office",
        "head",
        "E1",
        150000,
        ("e001",),
    )
    assistant = org.posts("ceo_office")[1]
    assert assistant.kind == "assistant"
    # The board's posts do not count; the CEO chairs it and two outsiders sit on it.
    board = org.posts("board")
    assert [p.counts for p in board] == [False, False, False]
    assert {pid for p in board for pid in p.holders} == {"e001", "e002", "e003", "e004", "e005"}
    assert org.person("e004").attrs["type"] == "non-executive"


def test_rollups(org: og.Org) -> None:
    assert org.rollup("seats").value == SEATS
    assert org.rollup("filled").value == FILLED
    assert org.rollup("vacancies").value == VACANCIES
    assert org.rollup("fte").value == pytest.approx(FTE)
    assert org.budget().value == BUDGET
    assert org.budget(period="year").value == BUDGET * 12
    people = org.rollup("people")
    assert people.value == EMPLOYEES
    # The assembly operators' holders are unknown: the figure is a lower bound there.
    assert people.unknown == ("ops_assembly",)
    # The acting head of Cloud Platform is one person in two posts of Software Engineering.
    assert org.rollup("people", "rd_sw_firmware").value == 6
    assert org.rollup("people", "rd_sw_cloud").value == 6
    assert org.rollup("people", "rd_sw").value == 16


def test_vacancies(org: og.Org) -> None:
    vacancies = org.vacancies()
    assert len(vacancies) == OPEN_POSTS
    assert sum(v.open for v in vacancies) == VACANCIES
    posts = {v.post for v in vacancies}
    assert {"legal-counsel", "principal-scientist", "south-director", "assembly-operators"} <= posts
    assert {v.unit for v in org.vacancies("rd")} == {"rd_hw_mech", "rd_sw_app", "rd_algo"}
    south = org.vacancies("sales_south")
    assert [(v.post, v.open) for v in south] == [("south-director", 1)]
    operators = next(p for p in org.posts("ops_assembly") if p.id == "assembly-operators")
    assert (operators.holders, operators.seats, operators.filled) == (None, 24, 22)


def test_acting_head_job_share_secondment_contractor(org: og.Org) -> None:
    # Acting: the head of Embedded Software also acts as head of Cloud Platform.
    assert {(a.post, a.role) for a in org.assignments("e025")} == {
        ("firmware-lead", "primary"),
        ("cloud-lead", "acting"),
    }
    assert org.manager("e031") == "e025"
    # Under the vacant South China head, the region's staff report to the VP of Sales.
    assert org.manager("e057") == "e044"
    # Job share: two people at fte 0.5 fill the one payroll seat.
    payroll = next(p for p in org.posts("hr_comp") if p.holders and "e111" in p.holders)
    assert (payroll.holders, payroll.seats, payroll.filled) == (("e111", "e112"), 1, 1)
    assert [a.fte for a in org.assignments("e111")] == [0.5]
    # Secondment to the plant's NPI team.
    (seconded,) = org.assignments("e096")
    assert (seconded.unit, seconded.role) == ("ops_npi", "secondment")
    # The contractor's post does not count; the person is declared as a contractor.
    (contract,) = org.posts_of("e036")
    assert contract.counts is False and contract.unit == "rd_sw_cloud"
    assert org.person("e036").attrs["type"] == "contractor"


def test_find_people(org: og.Org) -> None:
    assert org.find_people("王芳") == ["e001"]
    assert "ceo_office" in org.find("Wang Fang")
