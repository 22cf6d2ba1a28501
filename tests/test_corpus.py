"""The corpus: every reader fed damaged, mis-encoded, special and hostile files.

orggraph promises that every input gives an ``Org`` or an ``OrgError`` naming the file,
the place and the ids. Each case here is one real file (bytes, or a special file: a
folder, a FIFO, a symlink to ``/dev/zero``) and one reader: ``og.load`` (YAML, JSON,
CSV, Excel), ``formats.read`` (node-link, GraphML, GEXF, Turtle, JSON-LD),
``reorg.apply_scenario`` (scenario files) and a sample through the command line
(``validate``, ``render``, ``apply``). Every case runs in a forked worker under a memory
cap (``RLIMIT_AS``) and a hard time-out, so a hang or a blow-up is a result, not a stuck
suite. What a case may end in:

- ``org``: an ``Org`` that works: every writer gives text or refuses with an
  ``OrgError``, JSON output is strict JSON, YAML and JSON output read back equal,
  rollups are finite;
- ``error``: an ``OrgError`` whose text names the file, the place (where a place makes
  sense) and no Python internals;

anything else (another exception, a time-out, a memory blow-up, a crash, an accepted
file that must be refused) fails the case. The table of outcomes is printed at the end
(``test_outcome_table``). A case that fails today names why (``Case.defect``) and is
a strict xfail: fixing it makes the suite say so.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import resource
import signal
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import orggraph as og
from orggraph import io as formats
from orggraph.cli import app as cli
from orggraph.ops import reorg

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the corpus runs in forked workers")
rdflib = pytest.importorskip("rdflib")
openpyxl = pytest.importorskip("openpyxl")  # the seeds need both

from corpus_cases import FILE_NAMES, SEED_ORG, Case, all_cases  # noqa: E402

MEMORY = 2 << 30  # bytes of address space per case
DEV_ZERO_MEMORY = 256 << 20  # ... above the worker's own size for /dev/zero (see child)
TIMEOUT = 30.0  # seconds per case: generous, for hangs, not speed
BLOCKING_TIMEOUT = 8.0  # a FIFO case blocks without using the CPU: a refusal is instant
WORKERS = max(1, min(2, os.cpu_count() or 1))
BLOCKING_WORKERS = 16  # FIFO cases wait, they do not compute: run them side by side

# A place in an error's text: a line/column, a row, a path into the document, a node...
PLACE = re.compile(
    r"\b(line|column|row|offset|char|node|edge|link|header|sheet)\b"
    r"|\[\d+\]|#\d+|\bunits\b|\boperations\b|\btop level\b|\bunit '"
)
# Messages about the file as a whole, which need no place.
FILE_LEVEL = re.compile(
    r"the file is empty|the (table|sheet) has no rows|the sheet is empty|cannot read the file"
    r"|nests too deeply|remote JSON-LD contexts are not fetched|not successfully read as graphml"
)
# Python internals that must not reach a user.
INTERNALS = re.compile(
    r"Traceback|unexpected keyword argument|local variable|index out of range"
    r"|NoneType|has no attribute|not subscriptable|positional argument|object at 0x"
    r"|node 'None'|<unicode string>|\b(KeyError|TypeError|AttributeError|IndexError|ZeroDivisionError)\b"
)


# -- running a case -------------------------------------------------------------------------


def make_file(case: Case, folder: Path) -> Path:
    """The case's file under *folder* (its own folder, so the file has a plain name)."""
    reader = case.reader.split(":")[-1]
    path = folder / FILE_NAMES[reader]
    folder.mkdir(parents=True)
    if case.special is None:
        if isinstance(case.data, bytes):
            path.write_bytes(case.data)
        # else the worker writes it (see child)
    elif case.special == "dir":
        path.mkdir()
    elif case.special == "fifo":
        os.mkfifo(path)
    elif case.special == "dev-zero":
        path.symlink_to("/dev/zero")
    elif case.special == "dev-null":
        path.symlink_to("/dev/null")
    elif case.special == "dangling-symlink":
        path.symlink_to(folder / "nowhere")
    else:  # pragma: no cover
        raise ValueError(case.special)
    return path


def read_case(reader: str, path: Path) -> og.Org:
    if reader in ("yaml", "json", "csv", "xlsx"):
        return og.load(path)
    if reader.startswith("scenario"):
        return reorg.apply_scenario(SEED_ORG, path)
    return formats.read(path)


def strict_json(text: str) -> None:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    json.loads(text, parse_constant=refuse)


def use(org: og.Org) -> None:
    """What a user does with an Org: write it in every format, read YAML and JSON back,
    roll it up. A writer may refuse with an OrgError; anything else raises."""
    if len(org) > 1000:  # a big file that loaded: test_roundtrip.py writes those
        return
    for name, fmt in formats.FORMATS.items():
        if not fmt.writable:
            continue
        try:
            out = formats.serialize(org, name)
        except og.OrgError:
            continue
        if name in ("json", "node-link", "json-ld"):
            strict_json(out)
        if name in ("yaml", "json"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                again = og.loads(out, name)
            if again != org:
                raise AssertionError(f"the {name} it writes reads back different")
    for measure in org.measures():
        try:
            rollup = org.rollup(measure)
        except og.MeasureError:
            continue
        text = str(rollup)
        if isinstance(rollup.value, float) and not math.isfinite(rollup.value):
            raise AssertionError(f"rollup of {measure!r} is {text}")
    org.rollup_table(("seats", "budget")).rows()


def check_fte_of_b_unknown(org: og.Org | None, err: og.OrgError | None) -> str | None:
    assert org is not None
    found = org.rollup("fte", "b")
    return None if "b" in found.unknown else f"rollup('fte', 'b') is {found!r}"


def check_three_problems(org: og.Org | None, err: og.OrgError | None) -> str | None:
    assert err is not None
    n = max(1, len(err.problems))
    return None if n >= 3 else f"{n} of 3 problems reported: {err}"


CHECKS: dict[str, Callable[[og.Org | None, og.OrgError | None], str | None]] = {
    "fte-of-b-unknown": check_fte_of_b_unknown,
    "three-problems": check_three_problems,
}


def error_result(err: og.OrgError, path: Path) -> dict[str, Any]:
    text = str(err)
    return {
        "outcome": "error",
        "type": type(err).__name__,
        "message": text[:2000],
        "file": str(path) in text,
        "place": bool(err.place) or bool(PLACE.search(err.message) or FILE_LEVEL.search(text)),
        "internals": bool(INTERNALS.search(text)),
    }


def attempt(case: Case, path: Path, scratch: Path) -> dict[str, Any]:
    """Run *case* (in the worker) and say what came out."""
    if case.reader.startswith("cli-"):
        return attempt_cli(case, path, scratch)
    org: og.Org | None = None
    err: og.OrgError | None = None
    try:
        org = read_case(case.reader, path)
    except og.OrgError as exc:
        err = exc
    if err is not None:
        result = error_result(err, path)
    else:
        assert org is not None
        result = {"outcome": "org", "units": len(org)}
        try:
            use(org)
        except BaseException as exc:
            result["use"] = f"{exception_name(exc)}: {exc}"[:500]
    if case.check:
        result["check"] = CHECKS[case.check](org, err)
    return result


def attempt_cli(case: Case, path: Path, scratch: Path) -> dict[str, Any]:
    command = case.reader.split(":")[0][len("cli-") :]
    if command == "validate":
        argv = ["validate", str(path)]
    elif command == "render":
        argv = ["render", str(path), "-o", str(scratch / "chart.svg")]
    else:
        base = scratch / "base.yaml"
        base.write_text(og.dumps(SEED_ORG, "yaml"), encoding="utf-8")
        argv = ["apply", str(base), str(path), "-o", str(scratch / "after.yaml")]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    text = err.getvalue()
    if code == 0:
        return {"outcome": "org", "exit": 0}
    if code == 1:
        return {
            "outcome": "error",
            "type": "exit 1",
            "message": text[:2000],
            "file": str(path) in text,
            "place": bool(PLACE.search(text.split(str(path), 1)[-1]) or FILE_LEVEL.search(text)),
            "internals": bool(INTERNALS.search(text)),
            "said": text.startswith("orggraph: error: "),
        }
    return {"outcome": "other", "type": f"exit {code}", "message": text[:2000]}


def exception_name(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def child(case: Case, path: Path, scratch: Path, result_file: Path) -> None:
    """The worker: caps its memory, runs the case, writes the result, exits."""
    try:
        limit = MEMORY
        if case.special == "dev-zero":  # reading it fills any cap: spare the machine
            with open("/proc/self/statm") as statm:
                size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            limit = min(MEMORY, size + DEV_ZERO_MEMORY)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if callable(case.data):
            path.write_bytes(case.data())
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = attempt(case, path, scratch)
    except MemoryError:
        result = {"outcome": "memory", "type": "MemoryError", "message": ""}
    except BaseException as exc:
        result = {"outcome": "other", "type": exception_name(exc), "message": str(exc)[:2000]}
    try:
        result_file.write_text(json.dumps(result))
    finally:
        os._exit(0)


@dataclass
class Running:
    case: Case
    pid: int
    deadline: float
    result_file: Path
    started: float


def reap(running: dict[bool, list[Running]], finish: Callable[..., None]) -> bool:
    """Collect the workers that ended, kill the ones past their time-out; say if any went."""
    went = False
    for jobs in running.values():
        for job in list(jobs):
            pid, status, usage = os.wait4(job.pid, os.WNOHANG)
            if not pid and time.monotonic() > job.deadline:
                os.kill(job.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(job.pid, 0)
                status = None  # a time-out
            if pid:
                finish(job, status, usage.ru_utime + usage.ru_stime)
                jobs.remove(job)
                went = True
    return went


def run_corpus(cases: list[Case], folder: Path) -> dict[str, dict[str, Any]]:
    """Run every case in a forked worker: WORKERS at a time for the ones that compute,
    BLOCKING_WORKERS for FIFOs (which only wait); kill any past its time-out."""
    lanes: dict[bool, list[tuple[int, Case]]] = {True: [], False: []}
    for i, case in enumerate(cases):
        lanes[case.special == "fifo"].append((i, case))
    limits = {True: BLOCKING_WORKERS, False: WORKERS}
    running: dict[bool, list[Running]] = {True: [], False: []}
    results: dict[str, dict[str, Any]] = {}

    def start(i: int, case: Case, blocking: bool) -> Running:
        where = folder / f"{i:04d}"
        path = make_file(case, where / "in")
        scratch = where / "out"
        scratch.mkdir()
        result_file = where / "result.json"
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker
            child(case, path, scratch, result_file)
        limit = BLOCKING_TIMEOUT if blocking else TIMEOUT
        now = time.monotonic()
        return Running(case, pid, now + limit, result_file, now)

    def finish(job: Running, status: int | None, cpu: float = 0.0) -> None:
        took = time.monotonic() - job.started
        if status is None:
            result = {
                "outcome": "timeout",
                "type": "time-out",
                "message": f"killed after {took:.0f} s",
            }
        elif os.WIFSIGNALED(status):
            sig = signal.Signals(os.WTERMSIG(status)).name
            result = {"outcome": "crash", "type": sig, "message": f"the worker died of {sig}"}
        elif job.result_file.exists():
            result = json.loads(job.result_file.read_text())
        else:
            result = {
                "outcome": "crash",
                "type": "no result",
                "message": "the worker wrote nothing",
            }
        result["seconds"] = round(took, 3)
        result["cpu"] = round(cpu, 3)
        results[job.case.id] = result

    try:
        while any(lanes.values()) or any(running.values()):
            for blocking, queue in lanes.items():
                while queue and len(running[blocking]) < limits[blocking]:
                    i, case = queue.pop(0)
                    running[blocking].append(start(i, case, blocking))
            if not reap(running, finish):
                time.sleep(0.002)
    finally:  # interrupted: leave no worker behind (a FIFO case would wait forever)
        for job in [j for jobs in running.values() for j in jobs]:
            os.kill(job.pid, signal.SIGKILL)
            os.waitpid(job.pid, 0)
    return results


# -- judging --------------------------------------------------------------------------------

COLUMNS = (
    "org",
    "clean error",
    "unclean error",
    "wrong outcome",
    "other",
    "memory/crash",
    "time-out",
)


def judge(case: Case, result: dict[str, Any]) -> tuple[str, str | None]:
    """The table column of *result* and, for a failure, what is wrong."""
    outcome = result["outcome"]
    message = result.get("message", "")
    if outcome == "timeout":
        return "time-out", f"time-out: {message}"
    if outcome in ("memory", "crash"):
        return "memory/crash", f"{result['type']}: {message}"
    if outcome == "other":
        return "other", f"{result['type']}: {message}"
    if result.get("check"):
        return "wrong outcome", result["check"]
    if outcome == "org":
        if case.expect == "error":
            return "wrong outcome", "accepted: the file must be refused with an OrgError"
        if result.get("use"):
            return "other", f"the Org it gave breaks in use: {result['use']}"
        return "org", None
    if case.expect == "org":
        return "wrong outcome", f"refused a valid file: {message}"
    wrong = []
    if not result["file"]:
        wrong.append("does not name the file")
    if case.place and not result["place"]:
        wrong.append("names no place")
    if result["internals"]:
        wrong.append("shows Python internals")
    if result.get("said") is False:
        wrong.append("is not an 'orggraph: error:' line")
    if wrong:
        return "unclean error", f"{result['type']} {', '.join(wrong)}: {message}"
    return "clean error", None


CASES = all_cases()
assert len({c.id for c in CASES}) == len(CASES), "case ids must be unique"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("corpus")
    started = time.monotonic()
    results = run_corpus(CASES, folder)
    (folder / "results.json").write_text(json.dumps(results, indent=1))
    results["__seconds__"] = {"outcome": "", "seconds": time.monotonic() - started}
    return results


def params() -> list[Any]:
    out = []
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case.defect, strict=True)] if case.defect else []
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


@pytest.mark.parametrize("case", params())
def test_case(case: Case, outcomes: dict[str, dict[str, Any]]) -> None:
    _, problem = judge(case, outcomes[case.id])
    assert problem is None, f"{case.id}: {problem}"


def outcome_table(outcomes: dict[str, dict[str, Any]]) -> str:
    """Cases by reader and outcome; the other exceptions by type; the known failures by
    reason (the unexplained ones each in full)."""
    by_reader: dict[str, Counter[str]] = {}
    kinds: dict[str, list[str]] = {}  # exception type (or exit code) -> case ids
    by_defect: dict[str, list[str]] = {}
    unlisted: list[str] = []
    for case in CASES:
        result = outcomes[case.id]
        column, problem = judge(case, result)
        by_reader.setdefault(case.reader.split(":")[0], Counter())[column] += 1
        if column in ("other", "memory/crash", "time-out"):
            kind = "use: " + result["use"].split(":")[0] if result.get("use") else result["type"]
            kinds.setdefault(kind, []).append(case.id)
        if problem:
            if case.defect:
                by_defect.setdefault(case.defect, []).append(case.id)
            else:
                unlisted.append(f"  {case.id}: {' '.join(problem.split())[:240]}")
    width = max(len(r) for r in by_reader) + 2

    def row(name: str, counts: Counter[str]) -> str:
        cells = "".join(str(counts[c]).rjust(len(c) + 2) for c in COLUMNS)
        return name.ljust(width) + str(sum(counts.values())).rjust(6) + cells

    lines = ["reader".ljust(width) + "cases".rjust(6) + "".join(f"  {c}" for c in COLUMNS)]
    lines.extend(row(reader, counts) for reader, counts in by_reader.items())
    lines.append(row("total", sum(by_reader.values(), Counter())))
    seconds = outcomes["__seconds__"]["seconds"]
    cpu = sum(outcomes[c.id].get("cpu", 0) for c in CASES)
    lines.append(f"{len(CASES)} cases in {seconds:.1f} s ({cpu:.1f} s of worker CPU)")
    if kinds:
        lines.append("other exceptions, blow-ups and time-outs, by type:")
        for kind, ids in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
            more = f", ... (+{len(ids) - 3})" if len(ids) > 3 else ""
            lines.append(f"  {kind}: {len(ids)} ({', '.join(ids[:3])}{more})")
    if by_defect:
        lines.append("known failures (strict xfail), by reason:")
        lines.extend(f"  {why}: {', '.join(ids)}" for why, ids in sorted(by_defect.items()))
    if unlisted:
        lines.append("failures no case explains:")
        lines.extend(unlisted)
    return "\n".join(lines)


def test_outcome_table(
    outcomes: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    table = outcome_table(outcomes)
    with capsys.disabled():
        print("\n\nCorpus outcomes\n" + table)
    unexplained = [
        case.id for case in CASES if judge(case, outcomes[case.id])[1] and not case.defect
    ]
    assert not unexplained, unexplained
