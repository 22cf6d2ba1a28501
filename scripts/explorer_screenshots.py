"""Screenshots of the seed explorer for docs/explorer.md (needs chromium and playwright).

    .venv/bin/python scripts/explorer_screenshots.py [OUT_DIR]

Writes collapsed.png, expanded.png, search-list.png, search.png and details.png
(English, 1280x760).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import orggraph as og
from orggraph.render.explorer import explorer_html


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    page_file = Path(tempfile.mkdtemp()) / "ecommerce.html"
    page_file.write_text(explorer_html(og.datasets.load("ecommerce"), lang="en"), "utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.goto(page_file.as_uri())
        page.wait_for_function("window.orggraph !== undefined")
        page.screenshot(path=out / "collapsed.png")
        page.evaluate("orggraph.expandAll()")  # fits legibly, the root in view
        page.wait_for_timeout(100)
        page.screenshot(path=out / "expanded.png")
        page.evaluate("orggraph.collapseAll()")
        page.fill("input[type=search]", "analysis")
        page.wait_for_selector(".og-hits li[role=option]")
        for _ in range(2):
            page.keyboard.press("ArrowDown")
        page.screenshot(path=out / "search-list.png")
        page.keyboard.press("Enter")
        page.wait_for_timeout(100)
        page.screenshot(path=out / "search.png")
        page.evaluate("orggraph.select('customer_service'); orggraph.focus('customer_service')")
        page.wait_for_timeout(100)
        page.screenshot(path=out / "details.png")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/images/explorer"))
