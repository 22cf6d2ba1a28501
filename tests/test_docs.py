"""The documentation site: ``mkdocs build --strict`` succeeds and its generated pages
(gallery, JSON Schema, CLI reference, tutorials, API reference) are there and complete.

The build executes the notebooks (cached in ``build/docs-cache/`` while nothing they
depend on changes) and draws the gallery, so it takes a while: about 40 s from cold,
10 s with the cache. Skipped only when the docs tools (``pip install -e '.[docs]'``) are
not installed.
"""

from __future__ import annotations

import argparse
import functools
import html
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import orggraph as og
from orggraph.cli.app import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS_TOOLS = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")
MISSING = [name for name in DOCS_TOOLS if importlib.util.find_spec(name.split(".")[0]) is None]
needs_mkdocs = pytest.mark.skipif(
    bool(MISSING),
    reason=f"the docs tools are not installed ({', '.join(MISSING)}); "
    "run: pip install -e '.[docs]'",
)


@functools.cache
def _hooks() -> ModuleType:
    """docs/hooks.py, imported under a name of its own."""
    spec = importlib.util.spec_from_file_location("orggraph_docs_hooks", ROOT / "docs/hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _commands() -> list[str]:
    """Every subcommand of ``orggraph`` (one name per command, aliases left out)."""
    parser = build_parser()
    names: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: list[Any] = []
            for name, sub in action.choices.items():
                if not any(sub is s for s in seen):
                    seen.append(sub)
                    names.append(name)
    return names


def _org_files() -> list[Path]:
    hooks = _hooks()
    return [
        p
        for p in sorted((ROOT / "data").iterdir())
        if p.suffix in (".yaml", ".yml", ".json") and not hooks._is_scenario(p)
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once for this module with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("docs") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    env.pop("ORGGRAPH_DOCS_EXECUTE", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    proc = subprocess.run(
        [*command, "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{log[-6000:]}"
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    assert not warnings, "\n".join(warnings)
    return out


def _page(site: Path, name: str) -> str:
    path = site / name / "index.html"
    assert path.is_file(), f"{path} was not built"
    return path.read_text(encoding="utf-8")


@needs_mkdocs
@pytest.mark.slow
def test_gallery_has_every_organisation_in_every_language(site: Path) -> None:
    page = _page(site, "gallery")
    images = re.findall(r'<img [^>]*src="([^"]+)"', page)
    sources = {Path(src).name for src in images}
    for path in _org_files():
        org = og.load(path)
        for lang in org.lang or ["chart"]:
            assert f"{path.stem}-{lang}.svg" in sources, (path.name, lang, sorted(sources))
        assert f"data/{path.name}" in page
    plots = [s for s in sources if s.startswith("ecommerce-") and "-en.svg" in s]
    assert len(plots) >= 4, sources
    for src in images:
        image = (site / "gallery" / html.unescape(src)).resolve()
        assert image.is_file(), src
        head = image.read_bytes()[:300]
        assert b"<svg" in head or head.startswith(b"<?xml"), src
    assert "<figcaption>" in page
    # A chart wider than 2.5:1 would scroll, starting at its root; charts (the diff charts
    # too) fit now, so none may need to.
    assert page.count('class="og-scroll"') == page.count('class="og-scroll" data-focus="')


@needs_mkdocs
@pytest.mark.slow
def test_gallery_draws_the_reorganisation_scenario(site: Path) -> None:
    page = _page(site, "gallery")
    scenarios = [p for p in sorted((ROOT / "data").glob("*.y*ml")) if _hooks()._is_scenario(p)]
    for path in scenarios:
        assert f"data/{path.name}" in page
        stem = path.stem.replace(".", "-")
        assert re.search(rf'src="[^"]*{re.escape(stem)}-(zh|en)\.svg"', page), path.name


@needs_mkdocs
@pytest.mark.slow
def test_schema_page_is_the_json_schema(site: Path) -> None:
    page = _page(site, "schema")
    schema = og.json_schema()
    assert json.loads((site / "orggraph.core.schema.json").read_text(encoding="utf-8")) == schema
    for name in ["OrgFile", *schema["$defs"]]:
        assert f'id="{name.lower()}"' in page, name
    assert html.escape(schema["$schema"]) in page
    assert "yaml-language-server" in page


@needs_mkdocs
@pytest.mark.slow
def test_cli_page_has_the_help_of_every_command(site: Path) -> None:
    page = html.unescape(re.sub(r"<[^>]+>", "", _page(site, "cli")))
    assert "usage: orggraph [-h]" in page
    commands = _commands()
    assert {"render", "validate", "stats", "show", "generate", "schema"} <= set(commands)
    for command in commands:
        assert f"usage: orggraph {command} " in page, command
    assert "--engine {auto,graphviz,tidy}" in page


@needs_mkdocs
@pytest.mark.slow
def test_tutorials_and_api_pages(site: Path) -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    index = _page(site, "tutorials")
    for nb in notebooks:
        page = _page(site, f"tutorials/{nb.stem}")
        assert f"notebooks/{nb.name}" in page
        assert "executed when the site was built" in page, nb.name
        assert 'class="nb-output' in page, f"{nb.name} shows no outputs"
        assert f"{nb.stem}/" in index
    core = _page(site, "api/core")
    assert 'id="orggraph.core.org.Org"' in core
    assert 'id="orggraph.core.org.Org.rollup"' in core
    # Roles in docstrings become links, not literal reST.
    assert ":func:`" not in core and ":class:`" not in core
    assert 'class="autorefs autorefs-internal"' in core
    for page, modules in {
        "io": ("registry", "native", "tables", "graphs", "rdf"),
        "ops": ("reorg", "diff", "analysis"),
        "render": ("graphviz", "tidy", "plots", "mermaid"),
    }.items():
        built = _page(site, f"api/{page}")
        for module in modules:
            assert f'id="orggraph.{page}.{module}"' in built, module
    assert 'id="orggraph.errors"' in _page(site, "api/errors")


def test_cli_reference_lists_every_command() -> None:
    """The generator alone (no MkDocs needed): one section per command, from the parser."""
    text = _hooks().cli_reference()
    for command in _commands():
        assert f"## `orggraph {command}` {{ #{command} }}" in text
        assert f"usage: orggraph {command} " in text


def test_gallery_without_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without dot the gallery still draws every organisation (tidy engine) and says why
    the Graphviz-only change chart is missing."""
    monkeypatch.setenv("ORGGRAPH_DOT", str(ROOT / "no-such-dot"))
    markdown, images = _hooks().gallery(ROOT / "data")
    assert "Graphviz is not installed" in markdown
    assert "drawn by the tidy engine" in markdown
    for path in _org_files():
        for lang in og.load(path).lang or ["chart"]:
            svg = images[f"images/gallery/{path.stem}-{lang}.svg"]
            assert svg.lstrip().startswith((b"<?xml", b"<svg"))
    if any(_hooks()._is_scenario(p) for p in (ROOT / "data").iterdir()):
        assert "needs Graphviz `dot`: not drawn" in markdown


def test_rest_docstrings_become_markdown() -> None:
    hooks = _hooks()
    md = hooks.rest_to_markdown(
        "See :func:`load` and :class:`~orggraph.core.org.Org`.\n\n>>> 1 + 1\n2\n\nEnd.",
        lambda target: "orggraph.io.native.load" if target == "load" else None,
    )
    assert '<autoref identifier="orggraph.io.native.load" optional><code>load()</code>' in md
    assert "<code>Org</code>" in md
    assert "```pycon\n>>> 1 + 1\n2\n```" in md
