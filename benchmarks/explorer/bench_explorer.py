"""The explorer (one offline HTML page) beside d3-org-chart 3.1.1, in headless Chromium.

    .venv/bin/python benchmarks/explorer/bench_explorer.py            # 100,000 units (minutes)
    .venv/bin/python benchmarks/explorer/bench_explorer.py --quick    # 2,000 units (smoke run)

Needs Chromium (``apt-get install chromium``), the ``playwright`` package and, for the
reference, npm: ``fetch_d3.sh`` fetches d3-org-chart 3.1.1, d3 7.9.2 and d3-flextree 2.1.2
into ``.cache/npm`` (git-ignored; for the benchmark only, never shipped).

One organisation for both pages: ``orggraph.datasets.synthetic_rows`` (spans mostly 3-12,
some flat groups, depth ~ log n) plus one department widened to 500 child units, written
once to ``.cache/org-N.csv`` in the canonical columns. d3-org-chart's page inlines d3,
d3-flextree, d3-org-chart and the same units as flat data (id, parentId, name: names
only); the orggraph page is ``og.read_csv(...).render("x.html")``.

Times are taken inside the page (``performance.now()``) up to the next painted frame (a
``requestAnimationFrame`` then a task), with d3-org-chart's transitions off
(``duration(0)``) so that they time work, not a 400 ms animation; beside each, the
processor time of all the browser's processes meanwhile (from ``/proc``), which other jobs
on a shared machine move much less than wall time:

* open: from navigation start to the first frame painted with units drawn;
* expand one: the unit with 500 children, its ancestors already open: d3-org-chart's
  expand button clicked (``onButtonClick``: lays out the open units again), and the same
  through its data flags and ``render()`` (rebuilds the hierarchy of every unit, as
  ``setExpanded``/``expandAll`` do); orggraph's ``expand(id)``;
* expand all: ``expandAll()`` on each;
* search: d3-org-chart has no search API; its README's "Searching org chart" example
  filters ``chart.data()`` by ``d.name.toLowerCase().includes(value.toLowerCase())``,
  marks the hits ``_highlighted``/``_expanded`` and calls ``render().fit()``. The scan
  alone (the hit list) is timed against orggraph's ``search(text)``; the whole example
  (hits revealed on the chart) against ``search`` then ``focus`` of the first hit;
* file size, and requests or console errors beyond the page's own file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
NPM = CACHE / "npm"
SCRIPTS = (  # inlined in this order: d3-org-chart's UMD build takes the others from window.d3
    "d3-7.9.2/package/dist/d3.min.js",
    "d3-flextree-2.1.2/package/build/d3-flextree.min.js",
    "d3-org-chart-3.1.1/package/build/d3-org-chart.min.js",
)
WIDE = 500  # children of the unit the "expand one" case opens
VIEWPORT = {"width": 1280, "height": 800}


# -- the organisation ---------------------------------------------------------------------


class Shape:
    """What the browser cases need to know about the generated organisation."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.parent = {r["id"]: r["parent"] for r in rows}
        self.wide = next(r["id"] for r in rows if r.get("_wide"))
        self.children = [r["id"] for r in rows if r["parent"] == self.wide]
        path, unit = [], self.parent[self.wide]
        while unit:
            path.append(unit)
            unit = self.parent[unit]
        self.ancestors = path[::-1]  # root first
        # Digits of a unit number: on 100,000 units about 20 names hold them (every
        # synthetic name ends in its unit's number), on 2,000 one or two.
        self.query = str(2 * len(rows) // 3)[:4]


def org_rows(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """*n* units: a synthetic organisation of ``n - k`` units and ``k`` more child units
    under its first department (depth 2) with children, so that it has ``WIDE`` (a
    branch network or a call centre's teams: the span the explorer pages)."""
    from orggraph.datasets import synthetic_rows

    wide = min(WIDE, n // 4)
    rows = list(synthetic_rows(n - wide, seed=seed))  # roughly: topped up below
    kids: dict[str, int] = {}
    depth = {"": -1}
    for r in rows:
        depth[r["id"]] = depth[r["parent"]] + 1
        kids[r["parent"]] = kids.get(r["parent"], 0) + 1
    head = next(r for r in rows if depth[r["id"]] == 2 and 0 < kids.get(r["id"], 0) < wide)
    extra = wide - kids[head["id"]]
    # Grown breadth-first from one seed, a larger organisation has the same first units.
    rows = list(synthetic_rows(n - extra, seed=seed))
    head = rows[int(head["id"][1:])]
    head["_wide"] = True
    func_en = head["name_en"].rsplit(" ", 2)[0]
    func_zh = head["name_zh"].rsplit(" ", 1)[0][:-2]
    rng = random.Random(seed + 1)
    for k in range(len(rows), n):
        rows.append(
            {
                "id": f"u{k}",
                "parent": head["id"],
                "name_en": f"{func_en} Branch {k}",
                "name_zh": f"{func_zh}分店 {k}",
                "type": "team",
                "head_title_en": "Branch manager",
                "head_title_zh": "店长",
                "head_salary": 20000 + rng.randrange(0, 5000, 100),
                "dotted": "",
                "staff_title_en": f"{func_en} specialist",
                "staff_title_zh": f"{func_zh}专员",
                "seats": rng.randint(3, 15),
                "salary": rng.randrange(3000, 15000, 100),
                "fte": round(rng.uniform(3.0, 15.0), 1),
            }
        )
    assert sum(r["parent"] == head["id"] for r in rows) == wide
    return rows


def write_org(rows: list[dict[str, Any]], path: Path) -> None:
    from orggraph.datasets import COLUMNS

    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow(["" if r.get(h) is None else r[h] for h in COLUMNS])
    tmp.replace(path)


def script_json(value: Any) -> str:
    """JSON that cannot end the <script> element it is inlined in."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


D3_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>d3-org-chart 3.1.1, {n} units</title>
<style>html,body{{margin:0;height:100%}}.chart{{height:100vh}}
.box{{font:13px sans-serif;padding:8px;border:1px solid #999;border-radius:4px;
height:100%;box-sizing:border-box;background:#fff}}</style>
</head><body><div class="chart"></div>
{scripts}
<script>
const DATA = {data};
const esc = (s) => s.replace(/[&<>"]/g, (c) => "&#" + c.charCodeAt(0) + ";");
window.chart = new d3.OrgChart()
  .container(".chart")
  .data(DATA)
  .duration(0)
  .nodeWidth(() => 220)
  .nodeHeight(() => 60)
  .nodeContent((d) => '<div class="box">' + esc(d.data.name) + "</div>")
  .render();
</script>
</body></html>
"""


def write_d3_page(rows: list[dict[str, Any]], path: Path) -> None:
    missing = [s for s in SCRIPTS if not (NPM / s).exists()]
    if missing:
        subprocess.run(["sh", str(HERE / "fetch_d3.sh")], check=True)
    scripts = "\n".join(
        "<script>"
        + (NPM / s).read_text(encoding="utf-8").replace("</script", "<\\/script")
        + "</script>"
        for s in SCRIPTS
    )
    data = [{"id": r["id"], "parentId": r["parent"] or None, "name": r["name_en"]} for r in rows]
    page = D3_PAGE.format(n=f"{len(rows):,}", scripts=scripts, data=script_json(data))
    path.write_text(page, encoding="utf-8")


# -- in the browser -----------------------------------------------------------------------

# Records window.__benchOpen at the first frame after one with units drawn; injected before
# any of the page's own scripts (outside its Content-Security-Policy, as devtools are).
OPEN_PROBE = """(() => {
  const ready = %s;
  const tick = () => {
    let ok = false;
    try { ok = !!ready(); } catch (e) {}
    if (ok) requestAnimationFrame(() => { window.__benchOpen = performance.now(); });
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""
PAINTED = "new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))"

D3_READY = "() => document.querySelector('.chart g.node')"
D3_COUNT = "document.querySelectorAll('.chart g.node').length"
D3_CLICK = f"""async (id) => {{
  const button = d3.selectAll('.chart g.node').filter((d) => d.data.id === id)
    .select('.node-button-g').node();
  if (!button) throw new Error('no expand button on ' + id);
  const t0 = performance.now();
  button.dispatchEvent(new MouseEvent('click', {{bubbles: true}}));
  await {PAINTED};
  return [performance.now() - t0, {D3_COUNT}];
}}"""
D3_RENDER_EXPAND = f"""async (id) => {{
  const t0 = performance.now();
  for (const d of chart.data()) if (d.parentId === id) d._expanded = true;
  chart.render();
  await {PAINTED};
  return [performance.now() - t0, {D3_COUNT}];
}}"""
D3_SCAN = """async (value) => {
  const t0 = performance.now();
  const hits = [];
  chart.data().forEach((d) => {
    if (value != '' && d.name.toLowerCase().includes(value.toLowerCase())) hits.push(d.id);
  });
  return [performance.now() - t0, hits.length];
}"""
D3_FILTER = f"""async (value) => {{  // the README's "Searching org chart" example
  const t0 = performance.now();
  chart.clearHighlighting();
  const data = chart.data();
  data.forEach((d) => (d._expanded = false));
  data.forEach((d) => {{
    if (value != '' && d.name.toLowerCase().includes(value.toLowerCase())) {{
      d._highlighted = true;
      d._expanded = true;
    }}
  }});
  chart.data(data).render().fit();
  await {PAINTED};
  return [performance.now() - t0, {D3_COUNT}];
}}"""
D3_EXPAND_ALL = f"""async () => {{
  const t0 = performance.now();
  chart.expandAll();
  const t1 = performance.now();
  await {PAINTED};
  return [performance.now() - t0, {D3_COUNT}, t1 - t0];
}}"""

OG_READY = "() => window.orggraph && window.orggraph.visible().length > 0"
OG_EXPAND = f"""async ([id, kids]) => {{
  const og = window.orggraph;
  const t0 = performance.now();
  await og.expand(id);
  await {PAINTED};
  const ms = performance.now() - t0;
  const shown = new Set(og.visible());
  return [ms, kids.filter((k) => shown.has(k)).length];
}}"""
OG_SEARCH = """async (value) => {
  const t0 = performance.now();
  const hits = await window.orggraph.search(value);
  return [performance.now() - t0, hits.length];
}"""
OG_REVEAL = f"""async (value) => {{
  const og = window.orggraph;
  const t0 = performance.now();
  const hits = await og.search(value);
  if (hits.length) await og.focus(hits[0]);
  await {PAINTED};
  return [performance.now() - t0, og.visible().length];
}}"""
OG_EXPAND_ALL = f"""async () => {{
  const og = window.orggraph;
  const t0 = performance.now();
  await og.expandAll();
  const t1 = performance.now();
  await {PAINTED};
  return [performance.now() - t0, og.visible().length, t1 - t0];
}}"""


class Browser:
    """Headless Debian Chromium driven by Playwright: one fresh context per page load."""

    def __init__(self, timeout: float) -> None:
        from playwright.sync_api import sync_playwright

        self.timeout_ms = timeout * 1000
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        self.version = self.browser.version

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()

    def open(self, path: Path, ready: str) -> tuple[Any, float, float, list[str]]:
        """(page, open ms, its processor ms, log): the log gathers requests beyond the file
        and errors."""
        context = self.browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
        context.add_init_script(OPEN_PROBE % ready)
        page = context.new_page()
        page.set_default_timeout(self.timeout_ms)
        url = path.resolve().as_uri()
        log: list[str] = []

        def on_request(request: Any) -> None:
            if request.url != url:
                log.append(f"request {request.url[:80]}")

        def on_console(message: Any) -> None:
            if message.type == "error":
                log.append(f"console error {message.text}"[:200])

        page.on("request", on_request)
        page.on("console", on_console)
        page.on("pageerror", lambda error: log.append(f"error {error}"[:200]))
        cpu = cpu_ms()
        page.goto(url, wait_until="load")
        page.wait_for_function("window.__benchOpen !== undefined")
        return page, float(page.evaluate("window.__benchOpen")), cpu_ms() - cpu, log

    def has_api(self, path: Path) -> bool:
        """Whether the page defines window.orggraph within a minute of loading."""
        page = self.browser.new_page()
        try:
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=self.timeout_ms)
            page.wait_for_function("() => !!window.orggraph", timeout=60_000)
        except Exception:  # Playwright's TimeoutError, or the page failing to load
            return False
        finally:
            page.close()
        return True


def cpu_ms() -> float:
    """Processor time of this process's descendants (Playwright's driver, Chromium and its
    renderer, GPU and utility processes), reaped ones included: unlike wall time, barely
    moved by other jobs on a shared machine. NaN where there is no /proc."""
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return float("nan")
    for entry in entries:
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = text[text.rindex(")") + 2 :].split()
        parent[int(entry)] = int(fields[1])
        ticks[int(entry)] = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    me, total = os.getpid(), 0
    for pid, tick in ticks.items():
        up = parent.get(pid, 0)
        while up and up != me:
            up = parent.get(up, 0)
        if up == me:
            total += tick
    return total * 1000 / os.sysconf("SC_CLK_TCK")


class Sample(NamedTuple):
    ms: float  # wall time in the page, up to the next painted frame
    shown: int  # what the step shows: units drawn, hits
    call_ms: float  # until the call returned, before painting
    cpu_ms: float  # processor time of the browser's processes meanwhile


Timings = dict[str, list[Sample]]


def step(page: Any, script: str, arg: Any = None) -> Sample:
    cpu = cpu_ms()
    ms, count, *call_ms = page.evaluate(script, arg)
    cpu = cpu_ms() - cpu
    return Sample(float(ms), int(count), float(call_ms[0] if call_ms else ms), cpu)


def run_d3(browser: Browser, path: Path, shape: Shape, runs: int, expand_all: bool) -> Timings:
    out: Timings = {"log": []}
    for run in range(runs):
        page, ms, cpu, log = browser.open(path, D3_READY)
        out.setdefault("open", []).append(Sample(ms, int(page.evaluate(D3_COUNT)), ms, cpu))
        for unit in shape.ancestors[1:]:  # the root's children are drawn at start
            step(page, D3_CLICK, unit)
        out.setdefault("expand", []).append(step(page, D3_CLICK, shape.wide))
        step(page, D3_CLICK, shape.wide)  # closed again
        out.setdefault("expand-render", []).append(step(page, D3_RENDER_EXPAND, shape.wide))
        out.setdefault("search", []).append(step(page, D3_SCAN, shape.query))
        out.setdefault("reveal", []).append(step(page, D3_FILTER, shape.query))
        if expand_all and run == runs - 1:
            out["expand-all"] = [step(page, D3_EXPAND_ALL)]
        report(out, "d3-org-chart", log)
        page.context.close()
    return out


def run_orggraph(
    browser: Browser, path: Path, shape: Shape, runs: int, expand_all: bool
) -> Timings:
    out: Timings = {"log": []}
    for run in range(runs):
        page, ms, cpu, log = browser.open(path, OG_READY)
        drawn = int(page.evaluate("window.orggraph.visible().length"))
        out.setdefault("open", []).append(Sample(ms, drawn, ms, cpu))
        for unit in shape.ancestors:
            page.evaluate("async (id) => { await window.orggraph.expand(id); }", unit)
        page.evaluate(PAINTED)
        out.setdefault("expand", []).append(step(page, OG_EXPAND, [shape.wide, shape.children]))
        out.setdefault("search", []).append(step(page, OG_SEARCH, shape.query))
        out.setdefault("reveal", []).append(step(page, OG_REVEAL, shape.query))
        if expand_all and run == runs - 1:
            out["expand-all"] = [step(page, OG_EXPAND_ALL)]
        report(out, "orggraph", log)
        page.context.close()
    return out


def report(out: Timings, side: str, log: list[str]) -> None:
    """Requests beyond the file and errors: counted in the table, shown on stderr."""
    out["log"].extend(Sample(0.0, 0, 0.0, 0.0) for _ in log)
    for line in dict.fromkeys(log):
        print(f"  {side} page: {line}", file=sys.stderr)


# -- the table ----------------------------------------------------------------------------


def fmt(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"  # Chromium's clock has 0.1 ms steps
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ms(values: list[Sample] | None, what: str = "") -> str:
    """The median time and processor time, and *what* formatted with the last run's count
    and call time."""
    if not values:
        return "-"
    text = fmt(statistics.median(v.ms for v in values) / 1000)
    cpu = statistics.median(v.cpu_ms for v in values)
    if cpu == cpu:  # not NaN
        text += f", cpu {fmt(cpu / 1000)}"
    last = values[-1]
    return f"{text} ({what.format(last.shown, fmt(last.call_ms / 1000))})" if what else text


def mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.2f} MB"


def median_s(values: list[Sample] | None) -> float | None:
    return statistics.median(v.ms for v in values) / 1000 if values else None


def verdict(ours: float | None, goal: Callable[[float], bool]) -> str:
    return "-" if ours is None else ("met" if goal(ours) else "NOT met")


def table(
    n: int, shape: Shape, d3: Timings, og: Timings | None, d3_path: Path, og_path: Path | None
) -> Iterator[tuple[str, str, str, str, str]]:
    o = og or {}
    d3_open = median_s(d3.get("open"))
    yield (
        "open: top levels painted",
        ms(d3.get("open"), "{:,} units drawn"),
        ms(o.get("open"), "{:,} units drawn"),
        "no slower than d3-org-chart",
        verdict(median_s(o.get("open")) if d3_open else None, lambda s: s <= (d3_open or 0)),
    )
    yield (
        f"expand one unit ({len(shape.children)} children)",
        ms(d3.get("expand"), "button click; {:,} drawn"),
        ms(o.get("expand"), "{:,} children drawn"),
        "< 100 ms",
        verdict(median_s(o.get("expand")), lambda s: s < 0.1),
    )
    yield (
        "  same, by data flags + render()",
        ms(d3.get("expand-render"), "{:,} drawn"),
        "",
        "",
        "",
    )
    yield (
        f"expand all ({n:,} units)",
        ms(d3.get("expand-all"), "{:,} drawn; {} to return"),
        ms(o.get("expand-all"), "{:,} drawn; {} to return"),
        "< 5 s",
        verdict(median_s(o.get("expand-all")), lambda s: s < 5),
    )
    yield (
        f"search {shape.query!r}: hit list",
        ms(d3.get("search"), "filter over data; {} hits"),
        ms(o.get("search"), "{} hits"),
        "< 100 ms",
        verdict(median_s(o.get("search")), lambda s: s < 0.1),
    )
    yield (
        "search and reveal on the chart",
        ms(d3.get("reveal"), "README example; {:,} drawn"),
        ms(o.get("reveal"), "focus(first hit); {:,} drawn"),
        "",
        "",
    )
    size = og_path.stat().st_size if og_path else None
    yield (
        "file size",
        mb(d3_path),
        mb(og_path) if og_path else "-",
        "< 10 MB",
        "-" if size is None else ("met" if size < 10e6 else "NOT met"),
    )
    yield (
        "requests/errors beyond the file",
        str(len(d3.get("log", []))),
        str(len(o.get("log", []))) if og else "-",
        "0",
        "-" if og is None else ("met" if not o.get("log") else "NOT met"),
    )


def explorer_available() -> bool:
    import importlib

    try:
        importlib.import_module("orggraph.render.explorer")
    except ImportError:
        return False
    return True


def orggraph_page(org_csv: Path, n: int) -> tuple[Path | None, float, str]:
    """(the page, seconds org.render took, why there is none)."""
    import orggraph as og

    org = og.read_csv(org_csv, measures=["fte"])
    path = CACHE / f"orggraph-{n}.html"
    start = time.perf_counter()
    try:
        org.render(str(path))
    except Exception as exc:  # a half-built explorer must not stop d3-org-chart's column
        return None, 0.0, f"org.render failed: {exc}"[:200]
    return path, time.perf_counter() - start, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="2,000 units, one run (smoke test)")
    parser.add_argument("--repeat", type=int, default=3, help="page loads per side (median)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per browser step")
    parser.add_argument("--no-expand-all", action="store_true", help="skip the longest case")
    args = parser.parse_args()
    n, runs = (2_000, 1) if args.quick else (args.units, args.repeat)
    if not shutil.which("chromium"):
        sys.exit("chromium not found: apt-get install chromium")

    CACHE.mkdir(exist_ok=True)
    rows = org_rows(n)
    shape = Shape(rows)
    org_csv, d3_path = CACHE / f"org-{n}.csv", CACHE / f"d3-org-chart-{n}.html"
    write_org(rows, org_csv)  # each run, so the files always match this script
    write_d3_page(rows, d3_path)

    og_path, written, why = orggraph_page(org_csv, n) if explorer_available() else (None, 0, "")
    load_before = os.getloadavg()[0]  # the times are wall times: other jobs slow them
    browser = Browser(args.timeout)
    try:
        if og_path and not browser.has_api(og_path):
            og_path, why = None, "its page has no window.orggraph"
        if not og_path:
            print("orggraph explorer: not available yet" + (f" ({why})" if why else ""))
        d3 = run_d3(browser, d3_path, shape, runs, not args.no_expand_all)
        ours = (
            run_orggraph(browser, og_path, shape, runs, not args.no_expand_all) if og_path else None
        )
    finally:
        browser.close()

    print(
        f"explorer benchmark: {n:,} units ({shape.wide} has {len(shape.children)} children), "
        f"Chromium {browser.version} headless, {VIEWPORT['width']}x{VIEWPORT['height']}, "
        f"{os.cpu_count()} cores; median of {runs} page load(s), expand all once; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    if og_path:
        print(f"orggraph page written by org.render() in {written:.2f} s")
    print()
    head = ("case", "d3-org-chart 3.1.1", "orggraph", "goal", "orggraph meets")
    rows_out = list(table(n, shape, d3, ours, d3_path, og_path))
    widths = [max(len(r[i]) for r in [head, *rows_out]) for i in range(5)]
    for r in [head, tuple("-" * w for w in widths), *rows_out]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")


if __name__ == "__main__":
    main()
