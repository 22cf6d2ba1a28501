"""Speed of a dated organisation (issue 15) beside the undated file of the same size.

    .venv/bin/python benchmarks/bench_history.py                       # 100,000 units, 1,000,000 events
    .venv/bin/python benchmarks/bench_history.py --units 10000 --events 100000

A synthetic organisation of *units* units (eight children each) gets about *events*
dated events: every unit a staff post of two seats held by a succession of people (each
assignment a start and an end), some units created later, renamed or moved, every
tenth closed near the end with its subtree moved first. Cases, each the median of
``--repeat`` runs in this process:

* load undated: ``og.load`` of the organisation as of one date, written without dates
  (the same units and posts; the holders of that date);
* load dated: ``og.load`` of the dated file (checked over time, as of that date);
* as_of: ``org.as_of(day)`` on the loaded dated organisation, for other days.

The goal: ``as_of`` no slower than loading the undated file, loading the dated file
within twice of it.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import orggraph as og

START = datetime.date(2020, 1, 1)


def _day(n: int) -> str:
    return (START + datetime.timedelta(days=n)).isoformat()


def dated_document(units: int, events: int) -> dict[str, Any]:
    """A dated organisation of *units* units with about *events* dated events."""
    per_unit = max(2, events // units)
    tenures = max(1, per_unit // 2)  # each assignment: a start and an end
    span = 2000  # days of history
    people: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    for i in range(units):
        unit: dict[str, Any] = {"id": f"u{i}", "name": f"Unit {i}"}
        if i:
            unit["parent"] = f"u{(i - 1) // 8}"
        holders = []
        step = span // (tenures + 1)
        for t in range(tenures):
            pid = f"p{i}-{t}"
            people.append({"id": pid, "name": f"Person {i}.{t}"})
            holder: dict[str, Any] = {"person": pid, "valid_from": _day(t * step)}
            if t < tenures - 1:
                holder["valid_to"] = _day((t + 1) * step)
            holders.append(holder)
        unit["staff"] = [{"id": f"u{i}-p", "title": "Clerk", "seats": 2, "holders": holders}]
        if i % 7 == 3:
            unit["renames"] = [{"name": f"Unit {i} (new)", "valid_from": _day(span // 2 + i % 97)}]
        if i > 8 and i % 11 == 5:  # moves to a sibling of its parent, a unit made before it
            unit["moves"] = [{"parent": f"u{(i - 1) // 8 - 1}", "valid_from": _day(span // 3)}]
        out.append(unit)
    return {"org": "Synthetic", "people": people, "units": out}


def _median(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


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
    rows = [
        ("load undated", _median(lambda: og.load(undated_path), args.repeat)),
        ("load dated", _median(lambda: og.load(dated_path, as_of=day), args.repeat)),
    ]
    days = iter([_day(n) for n in (100, 700, 1000, 1300, 1700, 1900, 1999, 400, 900)])
    rows.append(("as_of", _median(lambda: org.as_of(next(days)), args.repeat)))
    base = rows[0][1]
    for name, seconds in rows:
        print(f"  {name:<14} {seconds:8.3f} s  ({seconds / base:.2f}x load undated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
