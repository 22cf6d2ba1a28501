"""Speed and memory of orggraph beside the alternatives, measured in the same run.

    .venv/bin/python benchmarks/bench.py            # the full table (several minutes)
    .venv/bin/python benchmarks/bench.py --quick    # a small smoke run (seconds)

Every measurement runs in a fresh subprocess (so peak RSS is that case's own, read with
``os.wait4``), ``--repeat`` times; the table shows the median time and the largest peak
RSS. Inputs are synthetic organisations (``orggraph.datasets``) written to CSV once.

Cases:

* load: CSV -> validated ``Org`` -> ``rollup_table`` (seats, budget, fte) against a bare
  ``networkx.DiGraph`` built from the same CSV (every column as a node attribute), and
  against bigtree's ``list_to_tree_by_relation`` on the same parent/child pairs when
  bigtree is installed (``pip install bigtree``; with a time-out);
* YAML: writing the organisation (``og.dump``) against ``yaml.dump`` of the same data with
  libyaml's dumper, and reading it back (``og.load``: checked, validated, built) against a
  bare ``yaml.load`` with libyaml's loader;
* people: an HR export (one row per person: employee id, manager id, first and last
  name, title, department, location, hire date, yearly salary, FTE, email) read with
  ``og.read_people`` -> ``rollup_table`` against ``og.read_csv`` of the same file as one
  unit per row (id, parent, name, head title and salary) -> ``rollup_table``;
* chart: SVG from the tidy engine against ``dot -Tsvg`` on the same organisation;
* PDF: the organisation printed on A4 pages (``render(paper="A4")``: tidy engine and
  ``rsvg-convert``, an overview, legible detail pages and an index) and on one page by
  the tidy engine, against the one-page PDF of ``dot -Tpdf`` (what ``render`` writes for
  a ``.pdf`` without ``paper``);
* import: ``import orggraph``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"


# -- workers: each runs in its own process and prints {"seconds": ...} ---------------------


def _csv_for(n: int) -> Path:
    path = CACHE / f"synthetic-{n}.csv"
    if not path.exists():
        from orggraph.datasets import COLUMNS, synthetic_rows

        CACHE.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for row in synthetic_rows(n):
                writer.writerow(["" if row.get(h) is None else row[h] for h in COLUMNS])
        tmp.replace(path)
    return path


def _yaml_for(n: int) -> Path:
    """The same organisation as _csv_for(n), written by orggraph as YAML."""
    path = CACHE / f"synthetic-{n}.yaml"
    if not path.exists():
        import orggraph as og
        from orggraph.io import tables as tabular

        og.dump(tabular.from_csv(_csv_for(n), measures=["fte"]), path)
    return path


PEOPLE_HEADER = (
    "Employee ID", "Manager ID", "First Name", "Last Name", "Job Title", "Department",
    "Location", "Hire Date", "Annual Salary", "FTE", "Email",
)  # fmt: skip
PEOPLE_COLUMNS: dict[str, Any] = {
    "id": "Employee ID",
    "manager": "Manager ID",
    "name": ["First Name", "Last Name"],
    "title": "Job Title",
    "department": "Department",
    "salary": "Annual Salary",
    "salary_period": "year",
    "fte": "FTE",
    "email": "Email",
}


def _people_rows(n: int) -> Any:
    """An HR export of *n* people: a random reporting tree (each manager among the
    rows just above, about six reports each), 2% open seats (``Vacant``, with a
    requisition id, never a manager), part-timers, yearly salaries."""
    import random

    rnd = random.Random(n)
    titles = ("Engineer", "Analyst", "Designer", "Manager", "Specialist", "Associate")
    departments = ("Engineering", "Sales", "Marketing", "Finance", "Operations", "Support")
    places = ("London", "Berlin", "Shanghai", "Austin", "Remote")
    managers: list[int] = []  # each row's manager's row (-1: none)
    open_seat: list[bool] = []
    for i in range(n):
        boss = -1 if i == 0 else rnd.randrange(max(0, i // 6 - 1), i)
        while boss >= 0 and open_seat[boss]:
            boss = managers[boss]  # an open seat manages nobody
        managers.append(boss)
        open_seat.append(i > 0 and rnd.random() < 0.02)
        first, last = f"First{i}", f"Last{i % 9973}"
        yield [
            f"REQ{i:07d}" if open_seat[i] else f"E{i:07d}",
            "" if boss < 0 else f"E{boss:07d}",
            "Vacant" if open_seat[i] else first,
            "" if open_seat[i] else last,
            rnd.choice(titles),
            rnd.choice(departments),
            rnd.choice(places),
            f"20{rnd.randrange(10, 25)}-0{rnd.randrange(1, 10)}-1{rnd.randrange(0, 9)}",
            str(rnd.randrange(30, 200) * 1000),
            rnd.choice(("1", "1", "1", "0.5", "0.8")),
            "" if open_seat[i] else f"{first}.{last}@example.com".lower(),
        ]


def _people_csv_for(n: int) -> Path:
    path = CACHE / f"people-{n}.csv"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(PEOPLE_HEADER)
            writer.writerows(_people_rows(n))
        tmp.replace(path)
    return path


def work_people_load(n: int) -> float:
    import warnings

    import orggraph as og

    path = _people_csv_for(n)
    warnings.simplefilter("ignore")  # the export's open seats warn; not timed
    start = time.perf_counter()
    org = og.read_people(path, **PEOPLE_COLUMNS)
    org.rollup_table(("seats", "budget", "fte"))
    return time.perf_counter() - start


def work_people_as_units_load(n: int) -> float:
    import warnings

    import orggraph as og

    path = _people_csv_for(n)
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    org = og.read_csv(
        path,
        id="Employee ID",
        parent="Manager ID",
        name="First Name",
        head_title="Job Title",
        head_salary="Annual Salary",
    )
    org.rollup_table(("seats", "budget", "fte"))
    return time.perf_counter() - start


def work_orggraph_load(n: int) -> float:
    import networkx  # noqa: F401  (imported before timing, as the bare build does)

    from orggraph.io import tables as tabular

    path = _csv_for(n)
    start = time.perf_counter()
    org = tabular.from_csv(path, measures=["fte"])
    org.rollup_table(("seats", "budget", "fte"))
    return time.perf_counter() - start


def work_networkx_load(n: int) -> float:
    import gc

    import networkx as nx

    path = _csv_for(n)
    start = time.perf_counter()
    gc.disable()  # the same favour orggraph gives itself during bulk builds
    graph = nx.DiGraph()
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        nodes = []
        edges = []
        for row in reader:
            nodes.append((row[0], dict(zip(header, row, strict=True))))
            if row[1]:
                edges.append((row[1], row[0]))
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    gc.enable()
    return time.perf_counter() - start


def work_bigtree_load(n: int) -> float:
    import bigtree

    path = _csv_for(n)
    start = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        pairs = [(row[1], row[0]) for row in reader if row[1]]
    bigtree.list_to_tree_by_relation(pairs)
    return time.perf_counter() - start


def work_orggraph_yaml_dump(n: int) -> float:
    import orggraph as og
    from orggraph.io import tables as tabular

    org = tabular.from_csv(_csv_for(n), measures=["fte"])
    start = time.perf_counter()
    og.dump(org, CACHE / f"out-{n}-{os.getpid()}.yaml").unlink()
    return time.perf_counter() - start


def work_pyyaml_dump(n: int) -> float:
    import yaml

    from orggraph.io import tables as tabular

    org = tabular.from_csv(_csv_for(n), measures=["fte"])
    path = CACHE / f"out-{n}-{os.getpid()}.yaml"
    start = time.perf_counter()
    with path.open("w", encoding="utf-8") as fh:  # the same data, PyYAML's fastest way
        yaml.dump(org.to_dict(), fh, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    path.unlink()
    return time.perf_counter() - start


def work_orggraph_yaml_load(n: int) -> float:
    import orggraph as og

    path = _yaml_for(n)
    start = time.perf_counter()
    og.load(path)
    return time.perf_counter() - start


def work_pyyaml_load(n: int) -> float:
    import yaml

    path = _yaml_for(n)
    start = time.perf_counter()
    with path.open(encoding="utf-8") as fh:  # parsing only: no checks, no Org
        yaml.load(fh, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def work_tidy_svg(n: int) -> float:
    from orggraph.io import tables as tabular
    from orggraph.render import tidy

    org = tabular.from_csv(_csv_for(n), measures=["fte"])
    start = time.perf_counter()
    svg = tidy.to_svg(org)
    assert svg.startswith("<")
    return time.perf_counter() - start


def work_dot_svg(n: int) -> float:
    from orggraph.io import tables as tabular
    from orggraph.render.graphviz import run_dot, to_dot

    org = tabular.from_csv(_csv_for(n), measures=["fte"])
    source = to_dot(org)
    start = time.perf_counter()
    run_dot(source, "svg", timeout=float(os.environ.get("BENCH_TIMEOUT", "600")))
    return time.perf_counter() - start


def _pdf(n: int, **options: Any) -> float:
    from orggraph.io import tables as tabular
    from orggraph.render import render

    org = tabular.from_csv(_csv_for(n), measures=["fte"])
    start = time.perf_counter()
    data = render(org, format="pdf", **options)
    assert isinstance(data, bytes) and data[:5] == b"%PDF-"
    return time.perf_counter() - start


def work_pdf_pages(n: int) -> float:
    return _pdf(n, paper="A4", orientation="landscape")


def work_tidy_pdf(n: int) -> float:
    return _pdf(n, engine="tidy")


def work_dot_pdf(n: int) -> float:
    from orggraph.io import tables as tabular
    from orggraph.render.graphviz import run_dot, to_dot

    org = tabular.from_csv(_csv_for(n), measures=["fte"])
    source = to_dot(org)
    start = time.perf_counter()
    run_dot(source, "pdf", timeout=float(os.environ.get("BENCH_TIMEOUT", "600")))
    return time.perf_counter() - start


def work_import(n: int) -> float:
    start = time.perf_counter()
    import orggraph  # noqa: F401

    return time.perf_counter() - start


WORKERS = {
    "orggraph-load": work_orggraph_load,
    "networkx-load": work_networkx_load,
    "bigtree-load": work_bigtree_load,
    "orggraph-yaml-dump": work_orggraph_yaml_dump,
    "pyyaml-dump": work_pyyaml_dump,
    "orggraph-yaml-load": work_orggraph_yaml_load,
    "pyyaml-load": work_pyyaml_load,
    "people-load": work_people_load,
    "people-as-units-load": work_people_as_units_load,
    "tidy-svg": work_tidy_svg,
    "dot-svg": work_dot_svg,
    "pdf-pages": work_pdf_pages,
    "tidy-pdf": work_tidy_pdf,
    "dot-pdf": work_dot_pdf,
    "import": work_import,
}


# -- the driver ---------------------------------------------------------------------------


def run_once(case: str, n: int, timeout: float) -> tuple[float | None, float, str]:
    """(seconds or None on failure/time-out, peak RSS in MB, note)."""
    env = {**os.environ, "BENCH_TIMEOUT": str(timeout)}
    proc = subprocess.Popen(
        [sys.executable, __file__, "--worker", case, str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # so a time-out can stop the worker's children (dot) too
        text=True,
        env=env,
    )
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            return None, usage.ru_maxrss / 1024, f"timed out after {timeout:g} s"
        time.sleep(0.02)
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    rss = usage.ru_maxrss / 1024  # KiB on Linux
    if os.waitstatus_to_exitcode(status) != 0:
        last = (err.strip().splitlines() or ["failed"])[-1]
        return None, rss, last[:80]
    return json.loads(out.strip().splitlines()[-1])["seconds"], rss, ""


def measure(case: str, n: int, repeat: int, timeout: float) -> dict[str, Any]:
    times, rss, note = [], 0.0, ""
    for _ in range(repeat):
        seconds, peak, note = run_once(case, n, timeout)
        rss = max(rss, peak)
        if seconds is None:
            break
        times.append(seconds)
    median = statistics.median(times) if times and not note else None
    return {"case": case, "n": n, "seconds": median, "rss_mb": rss, "note": note}


def timeout_of(result: dict[str, Any]) -> float:
    """The time-out a timed-out measurement ran into, from its note."""
    return float(result["note"].split("after ")[1].split(" s")[0])


def available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def fmt_s(x: float | None) -> str:
    return "-" if x is None else (f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, one run each (smoke test)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--worker", nargs=2, metavar=("CASE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        case, n = args.worker
        print(json.dumps({"seconds": WORKERS[case](int(n))}))
        return
    if args.quick:
        load_sizes, chart_sizes, bigtree_size, repeat, timeout = [2_000], [500], 2_000, 1, 120.0
        yaml_sizes = people_sizes = [2_000]
        pdf_sizes = [300]
    else:
        people_sizes = [100_000]
        load_sizes, chart_sizes, bigtree_size = (
            [100_000, 1_000_000],
            [1_000, 10_000, 100_000],
            100_000,
        )
        yaml_sizes = [100_000]
        pdf_sizes = [10_000]
        repeat, timeout = args.repeat, args.timeout
    for n in sorted({*load_sizes, *chart_sizes, *yaml_sizes, *pdf_sizes}):
        _csv_for(n)  # write inputs before timing anything
    for n in yaml_sizes:
        _yaml_for(n)
    for n in people_sizes:
        _people_csv_for(n)

    rows: list[tuple[str, str, str, str, str]] = []

    def add(label: str, ours: dict[str, Any], theirs: dict[str, Any] | None, what: str) -> None:
        ratio = "-"
        if theirs and ours["seconds"] and theirs["seconds"]:
            # How many times faster (or slower) orggraph is than the alternative.
            r = theirs["seconds"] / ours["seconds"]
            ratio = f"{r:.1f}x faster" if r >= 1 else f"{1 / r:.2f}x slower"
        elif theirs and ours["seconds"] and theirs["note"].startswith("timed out"):
            # The alternative did not finish: orggraph is at least this much faster.
            ratio = f"> {timeout_of(theirs) / ours['seconds']:.0f}x faster"
        other = (
            "-"
            if theirs is None
            else (
                f"{fmt_s(theirs['seconds'])}, {theirs['rss_mb']:.0f} MB"
                + (f" ({theirs['note']})" if theirs["note"] else "")
            )
        )
        rows.append(
            (
                label,
                f"{fmt_s(ours['seconds'])}, {ours['rss_mb']:.0f} MB"
                + (f" ({ours['note']})" if ours["note"] else ""),
                other,
                ratio,
                what,
            )
        )

    for n in load_sizes:
        ours = measure("orggraph-load", n, repeat, timeout)
        add(
            f"CSV -> Org -> rollup_table, {n:,} units",
            ours,
            measure("networkx-load", n, repeat, timeout),
            "vs bare networkx",
        )
        if n == bigtree_size:
            if available("bigtree"):
                add(
                    f"  same, against bigtree, {n:,} units",
                    ours,
                    measure("bigtree-load", n, 1, min(timeout, 300.0)),
                    "vs bigtree",
                )
            else:
                rows.append(
                    (f"  against bigtree, {n:,} units", "-", "bigtree not installed", "-", "")
                )
    for n in yaml_sizes:
        add(
            f"Org -> YAML file, {n:,} units",
            measure("orggraph-yaml-dump", n, repeat, timeout),
            measure("pyyaml-dump", n, repeat, timeout),
            "vs yaml.dump (libyaml)",
        )
        add(
            f"YAML file -> validated Org, {n:,} units",
            measure("orggraph-yaml-load", n, repeat, timeout),
            measure("pyyaml-load", n, repeat, timeout),
            "vs yaml.load (libyaml, parse only)",
        )
    for n in people_sizes:
        add(
            f"HR export -> Org -> rollup_table, {n:,} people",
            measure("people-load", n, repeat, timeout),
            measure("people-as-units-load", n, repeat, timeout),
            "read_people vs read_csv of the same rows as units",
        )
    have_dot = subprocess.run(["which", "dot"], capture_output=True).returncode == 0
    for n in chart_sizes:
        ours = measure("tidy-svg", n, repeat, timeout)
        theirs = measure("dot-svg", n, 1 if n > 10_000 else repeat, timeout) if have_dot else None
        add(f"SVG chart, {n:,} units (tidy vs dot)", ours, theirs, "speed-up")
    have_rsvg = subprocess.run(["which", "rsvg-convert"], capture_output=True).returncode == 0
    for n in pdf_sizes:
        if not have_rsvg:
            rows.append((f"PDF, {n:,} units", "-", "rsvg-convert not installed", "-", ""))
            continue
        one_page = measure("dot-pdf", n, 1 if n > 1_000 else repeat, timeout) if have_dot else None
        add(
            f"PDF on A4 pages, {n:,} units (tidy)",
            measure("pdf-pages", n, repeat, timeout),
            one_page,
            "vs one page by dot",
        )
        add(
            f"PDF on one page, {n:,} units (tidy vs dot)",
            measure("tidy-pdf", n, repeat, timeout),
            one_page,
            "speed-up",
        )
    add("import orggraph", measure("import", 0, max(repeat, 5), 60), None, "")

    print(
        f"orggraph benchmarks: {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform(terse=True)}"
    )
    print(
        f"median of {repeat} run(s) each (1 for dot above 10k units, and for its PDF above "
        "1,000); peak RSS of the process\n"
    )
    widths = [
        max(len(r[i]) for r in [*rows, ("case", "orggraph", "alternative", "ratio", "")])
        for i in range(4)
    ]
    head = ("case", "orggraph", "alternative", "ratio")
    print(
        "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " | compared |"
    )
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|---|")
    for r in rows:
        print(
            "| "
            + " | ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True))
            + f" | {r[4]} |"
        )


if __name__ == "__main__":
    main()
