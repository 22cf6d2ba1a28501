"""Speed of a dated organisation (issue 15) beside the undated file of the same size.

    .venv/bin/python benchmarks/bench_history.py                       # 100,000 units, 1,000,000 events
    .venv/bin/python benchmarks/bench_history.py --units 10000 --events 100000

A synthetic organisation of *units* units (eight children each) gets at least *events*
dated events: every unit a staff post of two seats held by a succession of people (each
assignment a start and an end), every seventh unit renamed, every eleventh moved, and
one leaf in ten created later and one in ten closed before the end. Cases, run in turn
(one of each per round, each round starting one case later, so that a busy machine
and the first run's costs fall on all alike), each the median of
``--repeat`` rounds, wall-clock and CPU time:

* load undated: ``og.load`` of the organisation as of one date, written without dates
  (the same units and posts; the holders of that date);
* load dated: ``og.load`` of the dated file (checked over time, as of that date);
* as_of: ``org.as_of(day)`` on the loaded dated organisation, for other days;
* the two loads again with the collector on while the document is validated (the
  plain version of the pause in ``orggraph.core.build.from_dict``), and again with
  every YAML scalar built anew (``orggraph.io.parse.SCALAR_CACHE = 0``, the plain
  version of keeping short dates and numbers built); the parsing of the dated file
  alone, both ways.

The goal: ``as_of`` no slower than loading the undated file, loading the dated file
within twice of it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import orggraph as og
from orggraph.core import build
from orggraph.io import parse

START = datetime.date(2020, 1, 1)


def _day(n: int) -> str:
    return (START + datetime.timedelta(days=n)).isoformat()


def dated_document(units: int, events: int) -> dict[str, Any]:
    """A dated organisation of *units* units with about *events* dated events."""
    per_unit = max(2, -(-events // units))
    tenures = max(1, (per_unit + 2) // 2)  # each assignment: a start and an end
    span = 2000  # days of history
    step = span // (tenures + 1)
    people: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    for i in range(units):
        unit: dict[str, Any] = {"id": f"u{i}", "name": f"Unit {i}"}
        if i:
            unit["parent"] = f"u{(i - 1) // 8}"
        leaf = 8 * i + 1 >= units
        born = step // 2 if leaf and i % 10 == 9 else 0  # created later
        closed = _day(span - 100 + i % 50) if leaf and i % 10 == 7 else None
        holders = []
        for t in range(tenures):
            pid = f"p{i}-{t}"
            people.append({"id": pid, "name": f"Person {i}.{t}"})
            holder: dict[str, Any] = {"person": pid, "valid_from": _day(max(born, t * step))}
            if t < tenures - 1:
                holder["valid_to"] = _day((t + 1) * step)
            elif closed:
                holder["valid_to"] = closed
            holders.append(holder)
        unit["staff"] = [{"id": f"u{i}-p", "title": "Clerk", "seats": 2, "holders": holders}]
        if born:
            unit["valid_from"] = _day(born)
        if closed:
            unit["valid_to"] = closed
        if i % 7 == 3:
            unit["renames"] = [{"name": f"Unit {i} (new)", "valid_from": _day(span // 2 + i % 97)}]
        if i > 8 and i % 11 == 5:  # moves to a sibling of its parent, a unit made before it
            unit["moves"] = [{"parent": f"u{(i - 1) // 8 - 1}", "valid_from": _day(span // 3)}]
        out.append(unit)
    return {"org": "Synthetic", "people": people, "units": out}


def _rounds(cases: list[tuple[str, Any]], repeat: int) -> list[tuple[str, float, float]]:
    """``(name, median wall-clock s, median CPU s)`` of each case, run in turn."""
    wall: dict[str, list[float]] = {name: [] for name, _ in cases}
    cpu: dict[str, list[float]] = {name: [] for name, _ in cases}
    for r in range(repeat):
        for name, fn in cases[r % len(cases) :] + cases[: r % len(cases)]:  # each first once
            w, c = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - w)
            cpu[name].append(time.process_time() - c)
    med = statistics.median
    return [(name, med(wall[name]), med(cpu[name])) for name, _ in cases]


def _built_anew(fn: Any) -> Any:
    """*fn* with every YAML scalar built anew."""

    def run() -> Any:
        kept = parse.SCALAR_CACHE
        parse.SCALAR_CACHE = 0
        try:
            return fn()
        finally:
            parse.SCALAR_CACHE = kept

    return run


def _gc_on(fn: Any) -> Any:
    """*fn* with the collector left on while the document is validated."""

    def run() -> Any:
        plain = build.paused
        build.paused = contextlib.nullcontext  # type: ignore[assignment]
        try:
            return fn()
        finally:
            build.paused = plain

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", choices=("yaml", "json"), default="yaml")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", og.OrgWarning)
    day = _day(1500)
    folder = Path(tempfile.mkdtemp(prefix="bench-history-"))
    doc = dated_document(args.units, args.events)
    org = og.from_dict(doc, as_of=day)
    n_events = len(org.timeline())
    dated_path = og.dump(org, folder / f"dated.{args.format}")
    undated_path = og.dump(org.without_history(), folder / f"undated.{args.format}")
    print(f"{len(org)} units as of {day}, {n_events} dated events; {args.format}")
    mib = 1024 * 1024
    print(f"  files: dated {dated_path.stat().st_size / mib:.1f} MiB, "
          f"undated {undated_path.stat().st_size / mib:.1f} MiB")  # fmt: skip
    dated_text = dated_path.read_text(encoding="utf-8")  # YAML parsing alone, no file read
    days = iter([_day(n) for n in range(100, 2000, 37)])
    cases = [
        ("load undated", lambda: og.load(undated_path)),
        ("load dated", lambda: og.load(dated_path, as_of=day)),
        ("as_of", lambda: org.as_of(next(days))),
        ("load undated, GC on", _gc_on(lambda: og.load(undated_path))),
        ("load dated, GC on", _gc_on(lambda: og.load(dated_path, as_of=day))),
        ("load dated, anew", _built_anew(lambda: og.load(dated_path, as_of=day))),
        ("parse dated", lambda: parse.parse_text(dated_text)),
        ("parse dated, anew", _built_anew(lambda: parse.parse_text(dated_text))),
    ]
    rows = _rounds(cases, args.repeat)
    base_wall, base_cpu = rows[0][1], rows[0][2]
    print(f"  {'case':<22} {'wall s':>8} {'x undated':>9} {'CPU s':>8} {'x undated':>9}")
    for name, wall, cpu in rows:
        print(f"  {name:<22} {wall:8.2f} {wall / base_wall:9.2f} {cpu:8.2f} {cpu / base_cpu:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
