"""Time in the outputs (issue 15, item 5): ``over_time``, W3C ORG with dates, every
writer carrying dated facts or refusing them, ``diff FILE --from DATE --to DATE`` and
``history`` on the command line."""

from __future__ import annotations

import copy
import datetime
import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_history import SAMPLE, dated_documents

import orggraph as og
from orggraph.cli.app import main
from orggraph.io import registry
from orggraph.render import fonts
from orggraph.render.analysis_plots import over_time
from orggraph.render.analysis_plots.overtime import MEASURES, series

# Each date's organisation warns of its own oddities (a vacant head with reports).
pytestmark = pytest.mark.filterwarnings("ignore::orggraph.OrgWarning")

CHANGES = """\
changes:
- op: rename
  unit: eng
  effective: 2026-09-01
  recorded: 2026-08-01
  note: "quote \\" and <tag> & 'x' \\\\ \\n 新"
"""

# Seats known and unknown through time; names in two languages.
FIGURES = """\
org: {zh: 小公司, en: Small Co}
lang: [zh, en]
units:
  - id: hq
    name: {zh: 总部, en: HQ}
    staff: [{title: Clerk, seats: 2, salary: 1000}]
    units:
      - {id: a, name: {zh: 销售部, en: Sales}, valid_from: 2026-03-01,
         staff: [{title: Rep, seats: 3, salary: 2000}]}
      - {id: b, name: {zh: 技术部, en: Tech}, valid_from: 2026-06-01, valid_to: 2026-11-01,
         staff: [{title: Dev, seats: null}]}
"""


@pytest.fixture
def org() -> og.Org:
    return og.loads(SAMPLE + CHANGES, as_of="2026-01-01")


@pytest.fixture
def figures() -> og.Org:
    return og.loads(FIGURES, as_of="2026-07-01")


def _read(text: str, fmt: str, as_of: str = "2026-01-01") -> og.Org:
    return registry.read(io.BytesIO(text.encode("utf-8")), fmt).as_of(as_of)


# -- over_time ------------------------------------------------------------------------------


def test_series_steps_over_the_change_dates(figures: og.Org) -> None:
    got = [(str(d), v, p) for d, v, p in series(figures, "headcount")]
    # Before the first change (a padded start), then each change; b's seats are unknown.
    assert got[1:] == [
        ("2026-03-01", 5, False),
        ("2026-06-01", 5, True),
        ("2026-11-01", 5, False),
    ]
    assert got[0][1:] == (2, False) and got[0][0] < "2026-03-01"
    budget = series(figures, "budget", start="2026-04-01", end="2026-12-31")
    assert [(str(d), v) for d, v, _ in budget] == [
        ("2026-04-01", 8000),
        ("2026-06-01", 8000),
        ("2026-11-01", 8000),
    ]
    assert [p for _, _, p in budget] == [False, True, False]  # unknown salary in b


def test_a_unit_that_does_not_exist_is_a_gap_not_zero(figures: og.Org) -> None:
    got = series(figures, "headcount", uid="b")
    assert [v for _, v, _ in got] == [None, None, 0, None]
    assert [p for _, _, p in got] == [False, False, True, False]  # 0 known seats: a bound
    fig = over_time(figures, "headcount", uid="b", lang="en")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert "unknown" in labels and "0" not in labels  # all unknown: never drawn as a plain 0
    assert not [ln for ln in ax.lines if ln.get_gid() and 0 in ln.get_ydata()]  # no step at 0
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("no figure known" in t for t in legend) and any("not in force" in t for t in legend)


def test_lower_bounds_are_drawn_apart(figures: og.Org) -> None:
    ax = over_time(figures, "headcount", lang="en").axes[0]
    steps = {line.get_gid(): line for line in ax.lines if line.get_gid()}
    partial = [line for gid, line in steps.items() if gid.endswith("partial")]
    complete = [line for gid, line in steps.items() if not gid.endswith("partial")]
    assert len(partial) == 1 and partial[0].get_linestyle() == "--"
    assert all(line.get_linestyle() == "-" for line in complete)
    labels = [t.get_text() for t in ax.texts]
    assert "≥ 5" in labels and "5" in labels and "2" in labels
    assert "through time" in ax.get_title(loc="left")
    assert "As of 2026-07-01" in labels  # the day it is as of, in the words of every chart


@pytest.mark.parametrize("measure", list(MEASURES))
def test_every_measure_draws(figures: og.Org, measure: str, tmp_path: Path) -> None:
    fig = over_time(figures, measure, lang="en")
    fig.savefig(tmp_path / "m.png", dpi=60)
    assert (tmp_path / "m.png").stat().st_size > 1000


def test_an_invalid_measure_lists_the_valid_ones(figures: og.Org) -> None:
    with pytest.raises(og.OrgError, match="choose one of headcount, people, fte, vacancies") as e:
        over_time(figures, "seat")
    assert set(e.value.choices) == set(MEASURES)
    with pytest.raises(og.OrgError, match="end 2026-01-01 is not after start 2026-02-01"):
        over_time(figures, "headcount", start="2026-02-01", end="2026-01-01")
    with pytest.raises(og.DateError, match="start 'soon' is not a date"):
        over_time(figures, "headcount", start="soon")
    with pytest.raises(og.UnknownIdError, match="'nope'"):
        over_time(figures, "headcount", uid="nope")


def test_an_undated_organisation_is_one_flat_step() -> None:
    plain = og.loads("units: [{id: a, name: A, staff: [{title: x, seats: 3}]}]")
    got = series(plain, "headcount", start="2026-01-01")
    assert got == [(datetime.date(2026, 1, 1), 3, False)]
    ax = over_time(plain, "headcount", lang="en").axes[0]
    assert "undated organisation" in ax.get_title(loc="left")
    assert [t.get_text() for t in ax.texts] == ["3"]


@pytest.mark.skipif(fonts.cjk_family() is None, reason="no CJK font known to matplotlib")
def test_chinese_labels_use_a_cjk_font(figures: og.Org, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "missing glyph" warning while drawing
        fig = over_time(figures, "headcount", uid="a", lang="zh")
        fig.savefig(tmp_path / "zh.png", dpi=60)
    from matplotlib.text import Text

    texts = [t for t in fig.findobj(Text) if fonts.has_cjk(t.get_text())]
    assert "销售部编制人数随时间变化" in fig.axes[0].get_title(loc="left")
    assert len(texts) >= 3  # the title, the axis label, the "as of" note
    for text in texts:
        assert fonts.cjk_family() in text.get_fontfamily()


# -- W3C ORG with dates ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_rdf_round_trip_of_a_dated_org_is_exact(org: og.Org, fmt: str, tmp_path: Path) -> None:
    text = registry.serialize(org, fmt)
    back = _read(text, fmt)
    assert og.to_dict(back) == og.to_dict(org) and back.changes == org.changes
    assert registry.serialize(back, fmt) == text  # stable
    for day in [*org.dates(), datetime.date(2025, 1, 1)]:
        assert back.as_of(day) == org.as_of(day)
    path = og.dump(org, tmp_path / f"org.{'ttl' if fmt == 'turtle' else 'jsonld'}")
    assert og.load(path, as_of="2026-05-01").parent("qa") == "eng"
    bare = _read(registry.serialize(org, fmt, people=False), fmt)
    assert og.to_dict(bare) == og.to_dict(org, people=False)


def test_rdf_speaks_w3c_org_and_owl_time(org: og.Org) -> None:
    pytest.importorskip("rdflib")
    from rdflib import Namespace
    from rdflib.namespace import RDF

    ORG, TIME = Namespace("http://www.w3.org/ns/org#"), Namespace("http://www.w3.org/2006/time#")
    g = og.io.rdf.to_rdf(org)
    during = list(g.subject_objects(ORG.memberDuring))
    assert len(during) == 3  # bob in ops and in eng, cy in eng
    for membership, interval in during:
        assert (membership, RDF.type, ORG.Membership) in g
        assert (interval, RDF.type, TIME.Interval) in g
    events = set(g.subjects(RDF.type, ORG.ChangeEvent))
    kinds = sorted(str(g.value(e, Namespace("urn:orggraph:vocab#").kind)) for e in events)
    assert kinds == ["change", "closed", "created", "moved", "renamed"]
    unit = Namespace("urn:orggraph:acme:unit/")
    assert (None, ORG.resultingOrganization, unit.eng) in g
    assert (unit.ops, ORG.changedBy, None) in g
    begins = {str(o) for o in g.objects(None, TIME.inXSDDate)}
    assert {"2026-03-01", "2026-04-01", "2026-07-01"} <= begins


EVIL = ['A "quoted" <b>&amp;', "line\nbreak \\ back", "新名称 ' `tick` }{", "\u202eRTL é"]


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_rdf_escapes_every_dated_text(fmt: str) -> None:
    doc = {
        "people": [{"id": "p 1/#", "name": EVIL[0]}],
        "units": [
            {
                "id": "a b:c/d#e%20",
                "name": EVIL[1],
                "renames": [{"name": {"en": EVIL[2], "zh": EVIL[3]}, "valid_from": "2026-02-01"}],
                "units": [
                    {
                        "id": "x>y",
                        "name": EVIL[3],
                        "valid_from": "2026-01-15",
                        "staff": [
                            {
                                "title": EVIL[2],
                                "holders": [
                                    {"person": "p 1/#", "valid_from": "2026-01-20", "note": EVIL[1]}
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "changes": [
            {"op": "rename", "unit": "a b:c/d#e%20", "note": EVIL[0], "effective": "2026-02-01"}
        ],
    }
    org = og.from_dict(copy.deepcopy(doc), as_of="2026-01-01")
    back = _read(registry.serialize(org, fmt), fmt)
    assert og.to_dict(back) == og.to_dict(org)
    assert back.as_of("2026-03-01").name("a b:c/d#e%20", lang="en") == EVIL[2]


def test_rdf_reader_names_a_bad_date() -> None:
    ttl = """\
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix og: <urn:orggraph:vocab#> .
<urn:x:unit/a> a org:FormalOrganization ; org:identifier "a" ;
    og:validDuring [ a time:Interval ; time:hasBeginning [ a time:Instant ; time:inXSDDate "soon" ] ] .
"""
    with pytest.raises(og.ParseError, match=r"unit 'a': 'soon' is not an xsd:date"):
        registry.read(io.BytesIO(ttl.encode()), "turtle")


def test_rdf_reads_member_during_from_other_sources() -> None:
    ttl = """\
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix og: <urn:orggraph:vocab#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<urn:x:unit/a> a org:FormalOrganization ; org:identifier "a" .
<urn:x:post/a> a org:Post ; org:postIn <urn:x:unit/a> ; og:holders ( <urn:x:m/1> ) .
<urn:x:person/ann> a foaf:Person ; foaf:name "Ann" .
<urn:x:m/1> a org:Membership ; org:member <urn:x:person/ann> ;
    org:memberDuring [ a time:Interval ;
        time:hasBeginning [ a time:Instant ; time:inXSDDate "2026-02-01"^^xsd:date ] ;
        time:hasEnd [ a time:Instant ; time:inXSDDate "2026-05-01"^^xsd:date ] ] .
"""
    org = registry.read(io.BytesIO(ttl.encode()), "turtle")
    assert org.dated
    assert [str(d) for d in org.dates()] == ["2026-02-01", "2026-05-01"]
    assert org.as_of("2026-03-01").rollup("people").value == 1
    assert org.as_of("2026-06-01").rollup("people").value == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dated_documents())
def test_rdf_round_trips_any_dated_org(doc: dict[str, Any]) -> None:
    pytest.importorskip("rdflib")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        org = og.from_dict(copy.deepcopy(doc), as_of="2026-01-01")
        back = _read(registry.serialize(org, "turtle"), "turtle")
    assert og.to_dict(back) == og.to_dict(org)
    # in the same order too (the languages of a name, the steps of a unit)
    assert json.dumps(og.to_dict(back, dated=True), default=str) == json.dumps(
        og.to_dict(org, dated=True), default=str
    )


# -- YAML and JSON, and every other writer ----------------------------------------------


@settings(max_examples=40, deadline=None)
@given(dated_documents(), st.sampled_from(["yaml", "json"]))
def test_yaml_and_json_round_trip_any_dated_org(doc: dict[str, Any], fmt: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", og.OrgWarning)
        org = og.from_dict(copy.deepcopy(doc), as_of="2026-01-01")
        text = og.dumps(org, fmt)
        back = og.loads(text, fmt, as_of="2026-01-01")
    assert og.dumps(back, fmt) == text
    assert og.to_dict(back) == og.to_dict(org)


@pytest.mark.parametrize("fmt", registry.writable())
def test_every_writer_carries_dates_or_refuses_naming_them(org: og.Org, fmt: str) -> None:
    if fmt in registry.DATED:
        text = registry.serialize(org, fmt)
        back = og.loads(text, fmt) if fmt in ("yaml", "json") else _read(text, fmt)
        assert og.to_dict(back) == og.to_dict(org)
    elif fmt in registry.PICTURES:  # a picture of the one date the organisation is as of
        assert registry.serialize(org, fmt)
    else:
        with pytest.raises(og.OrgError, match=f"{fmt} cannot carry dated facts") as e:
            registry.serialize(org, fmt)
        message = str(e.value)
        assert "such as: 2026-02-01 link added" in message  # the first facts, by date
        assert {"ops", "qa"} <= set(e.value.ids)


# -- the command line ---------------------------------------------------------------------


@pytest.fixture
def dated_file(org: og.Org, tmp_path: Path) -> Path:
    return og.dump(org, tmp_path / "org.yaml")


def test_diff_one_file_at_two_dates(dated_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(dated_file), "--from", "2026-01-01", "--to", "2026-10-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{dated_file} as of 2026-01-01 -> {dated_file} as of 2026-10-01")
    assert "added" in out and "removed" in out and "R&D" in out
    assert main(["diff", str(dated_file), "--from", "2026-01-01", "--to", "2026-10-01",
                 "--format", "json"]) == 0  # fmt: skip
    rows = json.loads(capsys.readouterr().out)
    assert rows


def test_diff_two_files_as_of_one_date(
    dated_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = og.dump(og.loads(dated_file.read_text()).as_of("2026-10-01").without_history(),
                    tmp_path / "later.yaml")  # fmt: skip
    assert main(["diff", str(dated_file), str(other), "--as-of", "2026-10-01"]) == 0
    assert "no differences" in capsys.readouterr().out
    assert main(["diff", str(dated_file), str(other), "--as-of", "2026-01-01"]) == 0
    assert "no differences" not in capsys.readouterr().out


def test_diff_keeps_from_as_the_input_format(
    dated_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "org.txt"
    odd.write_text(dated_file.read_text())
    for flag in ("--from", "--input-format"):
        assert main(["diff", str(odd), str(odd), flag, "yaml"]) == 0
        assert "no differences" in capsys.readouterr().out
    # One file of an unknown suffix, at two dates: the format by its own name.
    args = [
        "diff",
        str(odd),
        "--input-format",
        "yaml",
        "--from",
        "2026-01-01",
        "--to",
        "2026-10-01",
    ]
    assert main(args) == 0
    assert "as of 2026-10-01" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-01-01"], "give both --from and --to"),
        ([], "give --from DATE and --to DATE"),
        (
            ["--from", "2026-01-01", "--to", "2026-02-01", "--as-of", "2026-01-01"],
            "--as-of does not go with --from DATE --to DATE",
        ),
        (
            ["SECOND", "--from", "2026-01-01", "--to", "2026-02-01"],
            "compare two dates of one file; with two files use --as-of",
        ),
        (["--from", "2026-13-01", "--to", "2026-02-01"], "the date '2026-13-01' is not a date"),
        (["--from", "xml", "--to", "2026-02-01"], "'xml' is neither a date"),
        (["SECOND", "--from", "yaml", "--input-format", "json"], "name two input formats"),
    ],
)
def test_diff_dates_errors_are_clear(
    dated_file: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["diff", str(dated_file), *[str(dated_file) if a == "SECOND" else a for a in args]]
    assert main(argv) != 0
    assert message in capsys.readouterr().err


def test_diff_of_an_undated_file_at_two_dates_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = og.dump(og.loads("units: [{id: a, name: A}]"), tmp_path / "plain.yaml")
    assert main(["diff", str(plain), "--from", "2026-01-01", "--to", "2027-01-01"]) == 0
    captured = capsys.readouterr()
    assert "no differences" in captured.out and "no dates" in captured.err


def test_history_does_not_offer_as_of(dated_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(dated_file), "--help"]) == 0
    assert "--as-of" not in capsys.readouterr().out
    assert main(["history", str(dated_file), "--as-of", "2026-01-01"]) == 2
    assert "unrecognized arguments: --as-of" in capsys.readouterr().err
    assert main(["history", str(dated_file), "qa"]) == 0
    assert "eng" in capsys.readouterr().out


# -- the second review's defects ---------------------------------------------------------

ROOTED = """\
lang: [zh, en]
units:
  - id: hq
    name: {zh: 总部, en: HQ}
    units:
      - id: a
        name: {zh: 甲, en: A}
        renames: [{name: {zh: 乙, en: B}, valid_from: 2026-05-01}]
      - id: b
        name: B
        moves: [{parent: null, valid_from: 2026-03-01}, {parent: hq, valid_from: 2026-04-01}]
"""


def test_diff_at_two_dates_carries_both_days(
    dated_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["diff", str(dated_file), "--from", "2026-10-01", "--to", "2026-01-01"]
    assert main([*base, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["from_date"], data["to_date"]) == ("2026-10-01", "2026-01-01")
    dot = tmp_path / "d.dot"  # (a chart of declared people fails in diff_chart.union)
    plain_file = og.dump(og.loads(FIGURES), tmp_path / "figures.yaml")
    base = ["diff", str(plain_file), "--from", "2026-10-01", "--to", "2026-01-01"]
    assert main([*base, "--chart", str(dot), "--lang", "en"]) == 0
    assert "From 2026-10-01 to 2026-01-01" in dot.read_text()  # A's day, then B's
    plain = og.loads("units: [{id: a, name: A}]")
    assert og.diff(plain, plain).to_dict()["from_date"] is None


@settings(max_examples=30, deadline=None)
@given(st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)), st.dates(
    datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)))  # fmt: skip
def test_a_diff_subtitle_reads_from_a_to_b(day_a: datetime.date, day_b: datetime.date) -> None:
    from orggraph.render.labels import chart_subtitle

    org = og.loads("units: [{id: a, name: A, valid_from: 1999-01-01}]", as_of="2000-01-01")
    got = chart_subtitle(None, "en", org.as_of(day_a), org.as_of(day_b))
    want = f"From {day_a} to {day_b}" if day_a != day_b else f"As of {day_a}"
    assert got == want


def test_two_dated_files_name_their_days(
    dated_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(dated_file), str(dated_file), "--as-of", "2026-05-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{dated_file} as of 2026-05-01 -> {dated_file} as of 2026-05-01")


def test_history_shows_unknown_as_bounds_and_clean_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unknown = tmp_path / "unk.yaml"
    unknown.write_text(
        "units:\n- id: hq\n  name: HQ\n  staff: [{title: Clerk, seats: null}]\n  units:\n"
        "  - {id: a, name: A, valid_from: 2026-03-01, staff: [{title: Rep, seats: 3}]}\n"
    )
    assert main(["history", str(unknown), "hq"]) == 0
    rows = capsys.readouterr().out.splitlines()[2:]
    assert [row.split()[5] for row in rows] == ["?", "≥"] and "≥ 3" in rows[1]
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        'units:\n- id: hq\n  name: HQ\n  units:\n  - id: eng\n    name: "Eng \\u202Egnp.exe"\n'
        '    renames: [{name: "R&D\\nnewline <b>", valid_from: 2027-01-01}]\n'
    )
    for argv in (["history", str(evil), "eng"], ["history", str(evil)]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "\u202e" not in out and "R&D newline <b>" in out
        assert not any(line.startswith("newline") for line in out.splitlines())


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_a_table_cell_is_one_clean_line(name: str) -> None:
    from orggraph.cli.history import one_line
    from orggraph.names import clean

    cell = one_line(name)
    assert cell == clean(cell) and len(cell.splitlines()) <= 1 and cell == cell.strip()


@pytest.mark.parametrize(
    ("step", "path"),
    [
        ("moves: [{parent: hq, valid_from: null}]", r"units\[0\]\.units\[0\]\.moves\[0\]"),
        ("renames: [{name: B, valid_from: null}]", r"units\[0\]\.units\[0\]\.renames\[0\]"),
    ],
)
def test_a_null_step_date_is_a_schema_error(step: str, path: str) -> None:
    text = f"units:\n- id: hq\n  name: HQ\n  units:\n  - id: a\n    name: A\n    {step}\n"
    with pytest.raises(og.SchemaError, match=path + r"\.valid_from \(line 7.*unit 'a'.*null"):
        og.loads(text)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dates(datetime.date.min, datetime.date(1, 3, 1)),
    st.dates(datetime.date(9999, 11, 1), datetime.date.max),
)
def test_over_time_near_the_ends_of_the_calendar(first: datetime.date, last: datetime.date) -> None:
    doc = {"units": [
        {"id": "hq", "name": "HQ", "staff": [{"title": "x", "seats": 1}]},
        {"id": "b", "name": "B", "parent": "hq", "valid_from": first.isoformat(),
         "valid_to": last.isoformat()},
    ]}  # fmt: skip
    if first == last:
        return
    org = og.from_dict(doc, as_of="2026-01-01")
    points = series(org, "headcount")
    assert points[0][0] <= first and all(value == 1 for _, value, _ in points)
    over_time(org, "headcount")


def test_over_time_says_when_a_unit_is_in_force(org: og.Org) -> None:
    with pytest.raises(og.UnknownIdError, match="did you mean 'ops'"):
        over_time(org.as_of("2026-08-01"), "headcount", uid="opss")  # ops closed by then
    with pytest.raises(og.OrgError, match=r"'ops' is not in force from 2026-08-01 on; .* until "
                       r"it closes on 2026-07-01"):  # fmt: skip
        over_time(org, "headcount", uid="ops", start="2026-08-01")


def test_mermaid_of_a_dated_org_names_its_day(org: og.Org) -> None:
    from orggraph.render.mermaid import to_mermaid

    assert 'title: "Acme \\u00b7 As of 2026-01-01"' in str(to_mermaid(org))


def test_diff_says_how_from_was_taken(
    dated_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(dated_file), "--from", "yaml", "--to", "2027-01-01"]) != 0
    err = capsys.readouterr().err
    assert "give --from DATE too" in err and "--from yaml was taken as the input format" in err
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(dated_file.read_bytes())))
    assert main(["diff", "-", "--from", "2026-01-01", "--to", "2026-10-01"]) != 0
    err = capsys.readouterr().err
    assert "needs --input-format FORMAT: --from 2026-01-01 was taken as the first date" in err


def _turtle() -> str:
    pytest.importorskip("rdflib")
    return registry.serialize(og.loads(SAMPLE + CHANGES, as_of="2026-01-01"), "turtle")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('og:kind "moved" ;', "", r"event/qa-moved-0>: no og:kind"),
        ('og:kind "moved" ;', 'og:kind "shifted" ;', r"og:kind 'shifted'; it needs one of"),
        ("og:parent unit:eng ;", "", "a move needs one og:parent .* it has neither"),
        ("og:parent unit:eng ;", "og:parent unit:eng ; og:becomesRoot true ;", "it has both"),
        (
            "org:memberDuring [",
            "org:memberDuring [ a time:Interval ; time:hasBeginning [ a time:Instant ; "
            'time:inXSDDate "2020-01-01"^^xsd:date ] ], [',
            r"2 org:memberDuring intervals \(.*from 2020-01-01 to no end",
        ),
    ],
)
def test_turtle_refuses_what_it_cannot_read_whole(old: str, new: str, message: str) -> None:
    text = _turtle()
    assert old in text
    with pytest.raises(og.ParseError, match=message):
        registry.read(io.BytesIO(text.replace(old, new, 1).encode()), "turtle")


def test_turtle_refuses_an_interval_that_is_a_literal() -> None:
    from rdflib import Graph, Literal, Namespace

    ORG = Namespace("http://www.w3.org/ns/org#")
    g = Graph().parse(data=_turtle(), format="turtle")
    membership, interval = sorted(g.subject_objects(ORG.memberDuring))[0]
    g.remove((membership, ORG.memberDuring, interval))
    g.add((membership, ORG.memberDuring, Literal("2026")))
    with pytest.raises(og.ParseError, match=r"org:memberDuring is the literal '2026', not a time"):
        registry.read(io.BytesIO(g.serialize(format="turtle").encode()), "turtle")


def test_turtle_keeps_a_move_to_the_top_and_the_order_of_languages() -> None:
    pytest.importorskip("rdflib")
    org = og.loads(ROOTED, as_of="2026-01-01")
    back = _read(registry.serialize(org, "turtle"), "turtle")
    steps = og.to_dict(back, dated=True)["units"][0]["units"]
    assert list(steps[0]["renames"][0]["name"]) == ["zh", "en"]
    assert [m["parent"] for m in steps[1]["moves"]] == [None, "hq"]
    assert json.dumps(og.to_dict(back, dated=True), default=str) == json.dumps(
        og.to_dict(org, dated=True), default=str
    )


_BILINGUAL = """
lang: [zh, en]
units:
  - id: sales
    name: {zh: 销售部, en: Sales}
    head: {id: s-h, title: Head}
    units:
      - id: north
        name: {zh: 华北区, en: North Region}
        renames: [{name: {zh: 北方大区, en: Northern Region}, valid_from: 2026-04-01}]
        staff: [{id: rep, title: Rep, seats: 2}]
"""


@pytest.fixture
def bilingual(tmp_path: Path) -> Path:
    path = tmp_path / "co.yaml"
    path.write_text(_BILINGUAL, encoding="utf-8")
    return path


def test_history_cli_names_a_bilingual_rename_in_one_language(
    bilingual: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", str(bilingual), "north"]) == 0  # was: internal error
    out = capsys.readouterr().out
    assert "华北区" in out and "北方大区" in out and "{" not in out
    assert main(["history", str(bilingual), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "renamed: north from 'North Region' to 'Northern Region'" in out
    assert main(["history", str(bilingual)]) == 0
    assert "from '华北区' to '北方大区'" in capsys.readouterr().out


def test_history_cli_unit_after_the_options_and_json(
    bilingual: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", str(bilingual), "--lang", "en", "north"]) == 0
    assert "Northern Region" in capsys.readouterr().out
    assert main(["history", str(bilingual), "--format", "json", "--lang", "en", "north"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["North Region", "Northern Region"]
    assert rows[1]["from"] == "2026-04-01" and rows[0]["head"] is None
    assert main(["history", str(bilingual), "--format", "json"]) == 0
    (event,) = json.loads(capsys.readouterr().out)
    assert event["kind"] == "renamed" and event["after"] == "北方大区"


def test_history_cli_tells_no_head_from_unknown_and_vacant(
    bilingual: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", str(bilingual), "sales"]) == 0
    assert capsys.readouterr().out.splitlines()[2].split()[4] == "?"
    assert main(["history", str(bilingual), "north"]) == 0
    assert capsys.readouterr().out.splitlines()[2].split()[4] == "—"


@pytest.mark.parametrize("command", [["stats"], ["show"], ["analyse"], ["show", "--root", "north"]])
def test_text_outputs_of_a_dated_org_say_the_day(
    command: list[str], bilingual: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command[0], str(bilingual), *command[1:], "--as-of", "2026-05-01"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "as of 2026-05-01"
    assert command[0] == "analyse" or "北方大区" in out  # the name of that day


def test_machine_outputs_and_undated_files_carry_no_as_of_line(
    bilingual: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", str(bilingual), "--format", "csv", "--as-of", "2026-05-01"]) == 0
    assert capsys.readouterr().out.startswith("id,")
    plain = tmp_path / "plain.yaml"
    plain.write_text("units: [{id: a, name: A}]\n", encoding="utf-8")
    for command in ("stats", "show", "analyse"):
        assert main([command, str(plain)]) == 0
        assert "as of" not in capsys.readouterr().out
