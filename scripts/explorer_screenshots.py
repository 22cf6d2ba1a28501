"""Screenshots and the request log of an explorer page (needs chromium and playwright).

    .venv/bin/python scripts/explorer_screenshots.py [OUT_DIR]
    .venv/bin/python scripts/explorer_screenshots.py OUT_DIR --page org.html \\
        --search "Group 17" --select u123

Without ``--page`` it draws the seed organisation (English) for docs/explorer.md, and the
seed's dated split before and after its day (dates-before.png, dates-after.png). Writes
collapsed.png, expanded.png (seed only: expanding 100,000 units shows nothing legible),
search-list.png, search.png and details.png at 1280x760, and prints every request the
page made while loading and in use (the file itself is the only one expected) and every
console message; ``--log FILE`` writes them there too.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

import orggraph as og
from orggraph.render.explorer import explorer_html


def seed_page() -> Path:
    page_file = Path(tempfile.mkdtemp()) / "ecommerce.html"
    page_file.write_text(explorer_html(og.datasets.load("ecommerce"), lang="en"), "utf-8")
    return page_file


def shoot_dates(out: Path) -> None:
    """The seed's split as one dated organisation, on a day before it and on its day."""
    page_file = Path(tempfile.mkdtemp()) / "split.html"
    split = og.datasets.load("ecommerce-split", as_of="2026-06-01")
    page_file.write_text(explorer_html(split, lang="en"), "utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.goto(page_file.as_uri() + "#unit=procurement_logistics")
        page.wait_for_function("window.orggraph !== undefined")
        page.wait_for_timeout(100)
        page.screenshot(path=out / "dates-before.png")
        page.evaluate("orggraph.setDate('2027-01-01'); orggraph.select('procurement')")
        page.wait_for_timeout(100)
        page.screenshot(path=out / "dates-after.png")
        browser.close()


def shoot(out: Path, page_file: Path, search: str, select: str, *, expand: bool) -> list[str]:
    """Take the screenshots; return the log of requests and console messages."""
    log: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.on("request", lambda r: log.append(f"request {r.method} {r.url[:120]}"))
        page.on("console", lambda m: log.append(f"console {m.type}: {m.text}"))
        page.goto(page_file.as_uri())
        page.wait_for_function("window.orggraph !== undefined")
        page.screenshot(path=out / "collapsed.png")
        if expand:
            page.evaluate("orggraph.expandAll()")  # fits legibly, the root in view
            page.wait_for_timeout(100)
            page.screenshot(path=out / "expanded.png")
            page.evaluate("orggraph.collapseAll()")
        page.fill("input[type=search]", search)
        page.wait_for_selector(".og-hits li[role=option]")
        for _ in range(2):
            page.keyboard.press("ArrowDown")
        page.screenshot(path=out / "search-list.png")
        page.keyboard.press("Enter")
        page.wait_for_timeout(100)
        page.screenshot(path=out / "search.png")
        page.evaluate("id => { orggraph.select(id); orggraph.focus(id); }", select)
        page.wait_for_timeout(100)
        page.screenshot(path=out / "details.png")
        shown: Any = page.evaluate("orggraph.visible().length")
        log.append(f"units drawn at the end: {shown}")
        browser.close()
    return log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="docs/images/explorer", type=Path)
    parser.add_argument("--page", type=Path, help="an explorer page (default: the seed's)")
    parser.add_argument("--search", default="analysis", help="text typed in the search box")
    parser.add_argument("--select", default="customer_service", help="unit whose details open")
    parser.add_argument("--log", type=Path, help="also write the requests and messages here")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    page_file = args.page or seed_page()
    log = shoot(args.out, page_file, args.search, args.select, expand=args.page is None)
    size = page_file.stat().st_size
    if args.page is None:
        shoot_dates(args.out)
    lines = [f"page {page_file.name}: {size:,} bytes", *log]
    if args.log is not None:
        args.log.write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
