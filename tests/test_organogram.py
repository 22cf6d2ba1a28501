"""UK government organograms (issue 12, item 5): ``og.read_organogram`` on a senior and
junior pair built from the published column layout (tests/data/organogram), its figures
checked against sums taken from the CSV files themselves."""

from __future__ import annotations

import csv
import io
import math
import warnings
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph as og
from orggraph.io.organogram import JUNIOR_COLUMNS, SENIOR_COLUMNS

DATA = Path(__file__).parent / "data" / "organogram"
SENIOR = DATA / "senior.csv"
JUNIOR = DATA / "junior.csv"
MARKERS = {"Vacant", "Eliminated", "N/D"}


def _rows(path: Path) -> list[dict[str, str]]:
    """The file's rows as the csv module reads them (the blank trailing rows left out)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if any(v.strip() for v in r.values() if v)]


def _money(cell: str) -> float | None:
    text = cell.replace("£", "").replace(",", "").strip()
    return None if text in ("", "N/A", "N/D") else float(text)


def _load() -> og.Org:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the sample loads without a warning
        return og.read_organogram(SENIOR, JUNIOR)


ORG = _load()
SENIOR_ROWS = _rows(SENIOR)
JUNIOR_ROWS = _rows(JUNIOR)


def test_the_files_have_the_published_layout() -> None:
    header = next(csv.reader(SENIOR.open(encoding="utf-8-sig")))
    published = [c for _, c in SENIOR_COLUMNS]
    assert [h for h in header if h] == published and "" in header  # one blank header
    assert SENIOR.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM
    assert next(csv.reader(JUNIOR.open(encoding="utf-8-sig"))) == [c for _, c in JUNIOR_COLUMNS]
    assert SENIOR.read_text(encoding="utf-8-sig").endswith(",,\n")  # a trailing blank row
    assert len(SENIOR_ROWS) == 26 and len(JUNIOR_ROWS) == 22


def test_posts_and_units_are_the_rows() -> None:
    refs = [r["Post Unique Reference"] for r in SENIOR_ROWS]
    posts = {ref for ref in refs if ref != "0"}
    assert sorted(ORG.units()) == sorted(posts)  # each senior post heads a unit of its own
    assert len(ORG.posts()) == len(posts) + refs.count("0") + len(JUNIOR_ROWS)
    assert ORG.root == "1001"
    for row in SENIOR_ROWS:
        ref, boss = row["Post Unique Reference"], row["Reports to Senior Post"]
        if ref != "0":
            assert ORG.parent(ref) == (None if boss == "XX" else boss)
            assert ORG.node_data[ref]["attrs"]["unit"] == row["Unit"]
    assert (ORG.org_name, ORG.currency, ORG.salary_period) == (
        "Department for Coastal Communities",
        "GBP",
        "year",
    )


def test_vacancies_eliminated_and_undisclosed_posts() -> None:
    vacant = {r["Post Unique Reference"] for r in SENIOR_ROWS if r["Name"] == "Vacant"}
    assert {v.post for v in ORG.vacancies()} == vacant == {"1003"}
    assert ORG.rollup("vacancies").value == len(vacant)
    assert [v.open for v in ORG.vacancies()] == [1]
    (gone,) = [p for p in ORG.posts() if p.status == "eliminated"]
    assert gone.id == "1013" and gone.holders == () and gone.fte == 0  # kept, never a vacancy
    (hidden,) = [p for p in ORG.posts("1021") if p.kind == "head"]
    assert hidden.holders is None and hidden.filled == hidden.seats == 1  # N/D: filled


def test_job_shares_are_one_post_with_several_holders() -> None:
    counts = Counter(r["Post Unique Reference"] for r in SENIOR_ROWS)
    shared = {ref for ref, n in counts.items() if n > 1 and ref != "0"}
    found = {p.id: p for p in ORG.posts() if p.holders and len(p.holders) > 1}
    assert set(found) == shared == {"1011"}
    post = found["1011"]
    rows = [r for r in SENIOR_ROWS if r["Post Unique Reference"] == "1011"]
    assert post.holders == tuple(r["Name"] for r in rows)
    assert post.fte == pytest.approx(sum(float(r["FTE"]) for r in rows))
    assert (post.seats, post.filled) == (1, 1)  # two at 0.5 fill one seat
    assert [a.fte for a in ORG.assignments() if a.post == "1011"] == [0.5, 0.5]


def test_reference_zero_rows_are_posts_of_their_own() -> None:
    zeros = [p for p in ORG.posts() if p.id.startswith("0#")]
    rows = [r for r in SENIOR_ROWS if r["Post Unique Reference"] == "0"]
    assert len(zeros) == len(rows) == 2
    assert {p.unit for p in zeros} == {"1004", "1001"}  # their boss's unit; XX: the top's
    assert all(p.title == "Not in post" for p in zeros)


def test_fte_total_is_the_files_total() -> None:
    senior = sum(float(r["FTE"]) for r in SENIOR_ROWS)
    junior = sum(float(r["Number of Posts in FTE"]) for r in JUNIOR_ROWS)
    total = ORG.rollup("fte")
    assert total.complete and total.value == pytest.approx(senior + junior)
    assert (senior, junior) == (pytest.approx(23.4), pytest.approx(78.4))
    assert sum(p.fte for p in ORG.posts() if p.kind == "staff" and not p.id.startswith("0#")) == (
        pytest.approx(junior)
    )


def test_budget_per_month_is_the_yearly_pay_over_12() -> None:
    year = 0.0
    unknown = set()
    seen = set()
    for r in SENIOR_ROWS:
        ref = r["Post Unique Reference"]
        if ref in seen and ref != "0":  # a job share's second row: the same post
            continue
        seen.add(ref)
        low, high = _money(r["Actual Pay Floor (£)"]), _money(r["Actual Pay Ceiling (£)"])
        if r["Name"] in ("Vacant", "Eliminated") or low is None or high is None:
            unknown.add(r["Reports to Senior Post"] if ref == "0" else ref)
        else:
            year += (low + high) / 2
    for r in JUNIOR_ROWS:
        low, high = _money(r["Payscale Minimum (£)"]), _money(r["Payscale Maximum (£)"])
        seats = math.ceil(float(r["Number of Posts in FTE"]))
        if low is None or high is None:
            unknown.add(r["Reporting Senior Post"])
        else:
            year += seats * (low + high) / 2
    month = ORG.budget()
    assert month.value == pytest.approx(year / 12)
    assert ORG.budget(period="year").value == pytest.approx(year)
    assert set(month.unknown) == unknown == {"1003", "1013", "1021", "1028"}


def test_people_and_published_fields_are_kept() -> None:
    named = [r for r in SENIOR_ROWS if r["Name"] not in MARKERS]
    assert set(ORG.people()) == {r["Name"] for r in named}
    for r in named:
        if r["Post Unique Reference"] != "0":
            assert ORG.person(r["Name"]).email == r["Contact E-mail"]
    head = ORG.node_data["1022"]["head"]
    assert head["grade"] == "SCS1"
    assert head["attrs"]["profession"] == "Economics"
    assert head["attrs"]["notes"] == "Works four days a week"
    assert head["attrs"]["phone"] == "020 7946 0022"
    assert "email" not in head["attrs"]  # a named holder's e-mail is the person's
    team = ORG.node_data["1021"]["head"]["attrs"]  # N/D: the contact is the team's
    assert team["email"] == "coastal.enquiries@coastal.gov.uk"
    staff = ORG.posts("1020")[1:]
    assert [(p.title, p.grade, p.fte, p.seats, p.filled) for p in staff] == [
        ("Policy Lead", "Grade 7", 3, 3, 3),
        ("Policy Adviser", "SEO", 4.5, 5, 5),
    ]
    assert staff[0].salary == {"min": 56000, "max": 66000}
    assert ORG.manager("Fiona Grant") == "Thomas Hale"


def test_windows_1252_and_explicit_encodings(tmp_path: Path) -> None:
    text = SENIOR.read_text(encoding="utf-8-sig")
    path = tmp_path / "senior-1252.csv"
    path.write_bytes(text.encode("cp1252"))
    for encoding in (None, "cp1252"):
        org = og.read_organogram(path, JUNIOR, encoding=encoding)
        assert org.rollup("fte") == ORG.rollup("fte") and org.budget() == ORG.budget()
    with pytest.raises(og.ParseError, match=r"senior-1252.csv: line 1: the file is not utf-8"):
        og.read_organogram(path, encoding="utf-8")
    with pytest.raises(og.OrgError, match="unknown text encoding 'klingon'"):
        og.read_organogram(SENIOR, encoding="klingon")


HEAD = "Post Unique Reference,Name,Job Title,Reports to Senior Post,FTE,Actual Pay Floor (£),Actual Pay Ceiling (£)"


def _senior(*rows: str, header: str = HEAD) -> io.StringIO:
    return io.StringIO("\n".join([header, *rows]) + "\n")


def test_loose_cells_still_load() -> None:
    with pytest.warns(og.OrgWarning, match="the FTE is blank"):
        org = og.read_organogram(
            _senior(
                '1,Ann,Chief Executive,XX,1.00,"£120,000","£124,999",Leeds',
                "2,N/D,Director,1,N/A,N/D,N/D,",
                ",,,,,,,",
                header=HEAD + ",Office",
            )
        )
    (head,) = org.posts("1")
    assert head.salary == {"min": 120000, "max": 124999} and head.fte == 1.0
    assert org.node_data["1"]["head"]["attrs"]["Office"] == "Leeds"  # an extra column
    assert org.posts("2")[0].fte == 1  # a blank FTE: one full-time post, with a warning


def test_a_blank_fte_warns_with_its_line() -> None:
    with pytest.warns(og.OrgWarning, match=r"line 3: post '2': the FTE is blank; counted as 1"):
        og.read_organogram(_senior("1,Ann,CEO,XX,1,,", "2,Bo,Director,1,,,"))


@pytest.mark.parametrize(
    ("rows", "error", "message"),
    [
        (["1,Ann,CEO,XX,1,,", "2,Bo,Director,9,1,,"], og.UnknownIdError,
         r"senior.csv: line 3: post '2': 'Reports to Senior Post' is '9': no senior post has that reference"),
        (["1,Ann,CEO,XX,1,,", "2,Bo,Director,11,1,,"], og.UnknownIdError, r"is '11': .*\(did you mean '1'\?\)"),
        (["1,Ann,CEO,2,1,,", "2,Bo,Director,1,1,,"], og.CycleError,
         r"line 2: post '1': posts report to each other in a circle \(1 -> 2 -> 1\); and no post reports to XX"),
        (["1,Ann,CEO,XX,1,,", "2,Bo,Director,3,1,,", "3,Cy,Director,2,1,,"], og.CycleError,
         r"line 3: post '2': .*\(2 -> 3 -> 2\)$"),
        (["1,Ann,CEO,XX,one,,"], og.ParseError, r"line 2: post '1': 'FTE' is 'one', not a number"),
        (["1,Ann,CEO,XX,1,90000,80000"], og.SchemaError, r"line 2: post '1': the pay band is reversed"),
        (["1,Ann,CEO,XX,1,,", "2,Bo,Director,1,0.5,,", "2,Cy,Director,XX,0.5,,"], og.SchemaError,
         r"line 4: post '2': its rows \(lines 3, 4\) report to different posts \(1, XX\)"),
        (["1,Ann,CEO,XX,1,,", ",Bo,Director,1,1,,"], og.SchemaError, r"line 3: the post reference is blank"),
        (["1,Ann,CEO,XX,1,,", "2,Bo,Director,,1,,"], og.SchemaError, r"line 3: post '2': 'Reports to Senior Post' is blank"),
        (["0,Ann,Not in post,XX,1,,"], og.SchemaError, r"the senior staff file has no posts"),
    ],
)  # fmt: skip
def test_errors_name_the_file_line_and_post(
    tmp_path: Path, rows: list[str], error: type[og.OrgError], message: str
) -> None:
    path = tmp_path / "senior.csv"
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(error, match=message) as caught:
        og.read_organogram(path)
    assert caught.value.file == str(path)


def test_missing_columns_suggest_the_close_ones(tmp_path: Path) -> None:
    path = tmp_path / "senior.csv"
    path.write_text("Post Unique Ref,Name,Job Title,Report to Senior Post,FTE\n1,A,B,XX,1\n")
    with pytest.raises(og.SchemaError) as caught:
        og.read_organogram(path)
    assert str(caught.value).startswith(
        f"{path}: line 1: no column 'Post Unique Reference' (did you mean 'Post Unique Ref'?)"
    )
    assert caught.value.problems[1] == (
        "line 1",
        "no column 'Reports to Senior Post' (did you mean 'Report to Senior Post'?)",
    )


def test_junior_rows_must_name_a_senior_post(tmp_path: Path) -> None:
    junior = tmp_path / "junior.csv"
    junior.write_text(
        "Reporting Senior Post,Grade,Generic Job Title,Number of Posts in FTE\n"
        "1,EO,Officer,2\n10,EO,Officer,2\n0,EO,Officer,1\n"
    )
    with pytest.raises(og.UnknownIdError) as caught:
        og.read_organogram(_senior("1,Ann,CEO,XX,1,,"), junior)
    assert str(caught.value).startswith(
        f"{junior}: line 3: 'Reporting Senior Post' is '10': no senior post has that "
        "reference (did you mean '1'?)"
    )
    assert caught.value.problems[1] == (
        "line 4",
        "'Reporting Senior Post' is '0': reference 0 is no post",
    )


# -- property: any senior tree keeps its posts and its FTE ------------------------------

_NAMES = st.sampled_from(["Vacant", "Eliminated", "N/D", "Ann Lee", "Bo Chan", "Cy Diaz"])
_FTE = st.sampled_from(["1", "0.5", "0.6", "0", "0.8", "1.0"])


@st.composite
def _organograms(draw: st.DrawFn) -> tuple[str, str, int, float]:
    """A senior file (a random tree, some job shares and reference-0 rows), a junior
    file, the number of posts and the files' FTE total."""
    n = draw(st.integers(1, 25))
    rows, fte = [], 0.0
    for i in range(n):
        boss = "XX" if i == 0 else str(100 + draw(st.integers(0, i - 1)))
        holders = draw(st.sampled_from([1, 1, 1, 2]))  # a job share now and then
        # Two people share a post; one person listed twice in it is refused (a SchemaError).
        for name in draw(st.lists(_NAMES, min_size=holders, max_size=holders, unique=True)):
            share = draw(_FTE)
            rows.append(f"{100 + i},{name},Post {i},{boss},{share},70000,74999")
            fte += float(share)
    zeros = draw(st.integers(0, 3))
    for _ in range(zeros):
        boss = draw(st.sampled_from(["XX", *(str(100 + i) for i in range(n))]))
        rows.append(f"0,{draw(_NAMES)},Not in post,{boss},1,0,0")
        fte += 1
    order = draw(st.permutations(rows))
    junior = ["Reporting Senior Post,Grade,Generic Job Title,Number of Posts in FTE"]
    for _ in range(draw(st.integers(0, 10))):
        posts = draw(st.floats(0, 40).map(lambda x: round(x, 1)))
        junior.append(f"{100 + draw(st.integers(0, n - 1))},EO,Officer,{posts}")
        fte += posts
    senior = "\n".join([HEAD, *order]) + "\n"
    return senior, "\n".join(junior) + "\n", n + zeros + len(junior) - 1, fte


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_organograms())
def test_any_senior_tree_keeps_its_posts_and_fte(case: tuple[str, str, int, float]) -> None:
    senior, junior, posts, fte = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)  # a person in two full-time posts
        org = og.read_organogram(io.StringIO(senior), io.StringIO(junior))
    assert len(org.posts()) == posts
    total = org.rollup("fte")
    assert total.complete and total.value == pytest.approx(fte)
    assert org.rollup("vacancies").complete


def test_many_problems_are_listed_up_to_fifty_and_counted(tmp_path: Path) -> None:
    """One error lists at most 50 problems, as every reader's does, and counts the rest."""
    rows = ["1,Ann,CEO,XX,1,,", *(f"{n},Bo,Director,,1,," for n in range(2, 62))]
    path = tmp_path / "senior.csv"
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(og.SchemaError) as caught:
        og.read_organogram(path)
    problems = caught.value.problems
    assert len(problems) == 51
    assert problems[0][0] == "line 3" and problems[-1] == ("...", "10 more problems not shown")
