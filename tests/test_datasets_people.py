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


# -- the people-level export, data/xingchen-people.csv ------------------------------------

PEOPLE_CSV = ROOT / "data" / "xingchen-people.csv"
#: read_people's options for the export's columns (the units: see the fixture).
EXPORT = {
    "id": "person_id",
    "manager": "manager_id",
    "name": "name_en",
    "title": "title_en",
    "fte": "fte",
    "email": "email",
    "role": "role",
    "counts": "counts",
    "assistant": "kind",
}
STRUCTURES = {"managers": "unit_name_en", "departments": "unit_id"}  # -> department=


def test_people_csv_is_the_export_the_generator_writes(org: og.Org) -> None:
    text = PEOPLE_CSV.read_bytes().decode("utf-8")
    assert text == org.to_csv(rows="people")
    generator = _generator()
    assert text == generator.people_csv(generator.render()), (
        "data/xingchen-people.csv is stale: run python scripts/make_xingchen.py"
    )
    assert generator.main(["--check"]) == 0
    shipped = ROOT / "orggraph" / "data" / "xingchen-people.csv"  # in the wheel: a link
    assert shipped.is_symlink() and shipped.read_bytes() == PEOPLE_CSV.read_bytes()


def _read_back(structure: str) -> tuple[og.Org, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        back = og.read_people(
            PEOPLE_CSV, **EXPORT, department=STRUCTURES[structure], structure=structure
        )
    return back, [str(w.message) for w in caught]


@pytest.fixture(scope="module", params=sorted(STRUCTURES))
def back(request: pytest.FixtureRequest) -> og.Org:
    return _read_back(request.param)[0]


@pytest.mark.parametrize("structure", sorted(STRUCTURES))
def test_reading_the_export_warns_only_of_the_outside_directors(structure: str) -> None:
    messages = _read_back(structure)[1]
    assert len(messages) == 2, messages
    assert "2 people have no manager besides the top person" in messages[0]
    assert "'e004' (Gu Lixin) (line 5), 'e005' (Shen Hongmei) (line 6)" in messages[0]
    assert "roots" in messages[1]


def test_the_export_reads_back_the_same_people_and_managers(org: og.Org, back: og.Org) -> None:
    assert back.people() == org.people()
    for pid in org.people():
        person, original = back.person(pid), org.person(pid)
        assert isinstance(original.name, dict)
        assert (person.name, person.attrs["name_zh"]) == (original.name["en"], original.name["zh"])
        assert person.email == original.email
        assert back.manager(pid) == org.manager(pid), pid

    def held(o: og.Org) -> list[tuple[str, str, float, bool]]:
        counts = {(p.unit, p.id): p.counts for p in o.posts()}
        return sorted((a.person, a.role, a.fte, counts[a.unit, a.post]) for a in o.assignments())

    assert held(back) == held(org)  # roles, FTE, and which posts count
    assert [p.kind for p in back.posts_of("e006")] == ["assistant"]


def test_the_export_reads_back_the_figures_a_people_table_carries(
    org: og.Org, back: og.Org
) -> None:
    """Seats whose holders are unknown have no rows; a job share is a row per person,
    so a seat each (docs/hr-exports.md says why). The rest comes back."""
    counted = [p for p in org.posts() if p.counts and p.status == "active"]
    unnamed = sum(p.filled for p in counted if p.holders is None)  # the assembly operators
    shared = sum(len(p.holders) - p.filled for p in counted if p.holders)  # the job share
    assert (unnamed, shared) == (22, 1)
    assert back.rollup("seats").value == SEATS - unnamed + shared == 128
    assert back.rollup("filled").value == FILLED - unnamed + shared == 118
    assert back.rollup("vacancies").value == VACANCIES
    assert back.rollup("fte").value == pytest.approx(FTE - unnamed) == 126.5
    people = back.rollup("people")
    assert (people.value, people.unknown) == (EMPLOYEES, ())  # no longer a lower bound

    def open_seats(o: og.Org) -> list[str]:
        titles = {(p.unit, p.id): p.title for p in o.posts()}
        return sorted(
            t["en"] if isinstance(t := titles[v.unit, v.post], dict) else t
            for v in o.vacancies()
            for _ in range(v.open)
        )

    assert open_seats(back) == open_seats(org)


def test_by_unit_id_the_units_and_their_own_figures_come_back(org: og.Org) -> None:
    back = _read_back("departments")[0]
    assert back.units() == org.units()

    def own(o: og.Org, uid: str, what: str) -> float:
        return sum(getattr(p, what) or 0 for p in o.posts(uid) if p.counts)

    for uid in org.units():
        posts = [p for p in org.posts(uid) if p.counts]
        unnamed = sum(p.filled for p in posts if p.holders is None)
        shared = sum(len(p.holders) - p.filled for p in posts if p.holders)
        assert own(back, uid, "seats") == own(org, uid, "seats") - unnamed + shared, uid
        assert own(back, uid, "filled") == own(org, uid, "filled") - unnamed + shared, uid
        own_open = [sum(v.open for v in o.vacancies(uid) if v.unit == uid) for o in (back, org)]
        assert own_open[0] == own_open[1], uid
