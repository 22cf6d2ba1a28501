"""MkDocs hooks of the orggraph site (``hooks: [docs/hooks.py]`` in ``mkdocs.yml``).

What could drift from the code is generated when the site is built, never copied by hand:

* ``schema.md`` and ``orggraph.core.schema.json``: the JSON Schema, from
  ``orggraph.json_schema()``, with a table of each object's properties;
* the CLI reference in ``cli.md`` (the ``<!-- generated: cli -->`` marker): the help of
  the ``orggraph`` command and of each subcommand, from ``orggraph.cli.app.build_parser()``;
* ``tutorials/``: one page per notebook in ``notebooks/``, executed with nbclient (cells
  and their outputs). Executed notebooks are cached in ``build/docs-cache/``, keyed by
  the notebook and the sources it runs against, so ``mkdocs serve`` rebuilds stay quick.
  ``ORGGRAPH_DOCS_EXECUTE=0`` skips execution: the pages then show the code only and
  say how to run it;
* the gallery in ``gallery.md`` (the ``<!-- generated: gallery -->`` marker): the chart
  of every organisation in ``data/`` in each of its languages, the change chart of
  every reorganisation scenario there, and some analysis plots. The images are virtual
  files written straight into the site, nothing lands in ``docs/``.

It also holds :class:`RestDocstrings`, the Griffe extension (``extensions:`` of the
mkdocstrings handler) that turns the package's reST-flavoured docstrings into Markdown.

The module imports nothing from MkDocs or Griffe at import time beyond what it needs, so
that pytest's ``--doctest-modules`` can import it without the docs extra:

>>> print(rest_to_markdown("Use :func:`load`; ``code`` stays."))
Use <code>load()</code>; ``code`` stays.
"""

from __future__ import annotations

import base64
import concurrent.futures
import contextlib
import hashlib
import html
import io
import json
import logging
import os
import re
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.orggraph")

ROOT = Path(__file__).resolve().parent.parent
GALLERY_DIR = "images/gallery"
CLI_MARKER = "<!-- generated: cli -->"
GALLERY_MARKER = "<!-- generated: gallery -->"
EXPORTS_MARKER = "<!-- generated: exports -->"
LANG_NAMES = {"zh": "Chinese", "en": "English"}

# State shared between the events of one build.
_state: dict[str, Any] = {}


# == reST-flavoured docstrings -> Markdown ==============================================

_ROLE_RE = re.compile(
    r":(?:py:)?(?P<role>func|meth|class|mod|data|attr|exc|obj|const):`(?P<target>[^`]+)`"
)
_TABLE_BORDER_RE = re.compile(r"^=+(?: +=+)+ *$")


def _role_text(role: str, target: str) -> str:
    """What a role shows: ``~a.b.c`` -> ``c``, functions and methods with ``()``."""
    shown = target.lstrip("~")
    if target.startswith("~"):
        shown = shown.rsplit(".", 1)[-1]
    shown = shown.lstrip(".")
    if role in ("func", "meth") and not shown.endswith(")"):
        shown += "()"
    return shown


def _fence(lines: list[str], lang: str) -> list[str]:
    ticks = "```"
    while any(ticks in line for line in lines):
        ticks += "`"
    return [ticks + lang, *lines, ticks]


def _simple_table(rows: list[str], border: str) -> list[str]:
    """A reST simple table without a header row, as a Markdown list (one row per item).

    Cells are split on runs of two or more spaces (a first cell may overflow its column).

    >>> _simple_table(["``a``  the A", "``bb``   the B  column"], "=====  ======")
    ['- ``a``: the A', '- ``bb``: the B column']
    """
    columns = len(re.findall(r"=+", border))
    out = []
    for row in rows:
        if not row.strip():
            continue
        cells = re.split(r" {2,}", row.strip(), maxsplit=columns - 1)
        first, rest = cells[0], " ".join(" ".join(c.split()) for c in cells[1:] if c)
        out.append(f"- {first}: {rest}" if rest else f"- {first}")
    return out


def rest_to_markdown(text: str, resolve: Callable[[str], str | None] | None = None) -> str:
    """Turn one reST-flavoured docstring into Markdown.

    Roles (:func:`x`, :class:`~a.B`, ...) become code, linked through mkdocs-autorefs
    when *resolve* gives the target's full path; doctest blocks become ``pycon`` code
    blocks; simple tables become lists. ``code`` in double backquotes is already Markdown.

    >>> rest_to_markdown("A :class:`~orggraph.Org`.\\n\\n>>> 1 + 1\\n2\\n\\nText.").split("\\n")
    ['A <code>Org</code>.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Text.']
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith(">>>") and (not out or not out[-1].strip()):
            indent = line[: len(line) - len(stripped)]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
                i += 1
            out += [indent + b for b in _fence(block, "pycon")]
            continue
        if _TABLE_BORDER_RE.match(line):
            end = next(
                (j for j in range(i + 1, len(lines)) if _TABLE_BORDER_RE.match(lines[j])), None
            )
            if end is not None:
                body = lines[i + 1 : end]
                if not any(_TABLE_BORDER_RE.match(b) for b in body):
                    out += [_roles(r, resolve) for r in _simple_table(body, line)]
                    i = end + 1
                    continue
        out.append(_roles(line, resolve))
        i += 1
    return "\n".join(out)


def _roles(line: str, resolve: Callable[[str], str | None] | None) -> str:
    def swap(m: re.Match[str]) -> str:
        role, target = m.group("role"), m.group("target").strip()
        shown = html.escape(_role_text(role, target))
        path = resolve(target) if resolve else None
        if path:
            return (
                f'<autoref identifier="{html.escape(path)}" optional><code>{shown}</code></autoref>'
            )
        return f"<code>{shown}</code>"

    return _ROLE_RE.sub(swap, line)


try:  # The Griffe extension, only when Griffe (mkdocstrings-python) is installed.
    import griffe as _griffe

    _ExtensionBase: Any = _griffe.Extension
except ImportError:  # pragma: no cover - without the docs extra
    _griffe = None
    _ExtensionBase = object


class RestDocstrings(_ExtensionBase):  # type: ignore[misc]
    """Griffe extension: rewrite every docstring of the package with :func:`rest_to_markdown`,
    resolving role targets (relative, dotted, or names in scope) to canonical paths, and
    drop special methods without a docstring."""

    def on_package(self, *, pkg: Any, **kwargs: Any) -> None:
        index: dict[str, list[str]] = {}
        objects = list(_walk(pkg))
        for obj in objects:
            # The reference shows members without a docstring too (constants, model
            # fields), but not special methods that say nothing (__repr__, __len__, ...).
            if obj.is_class:
                for name, member in list(obj.members.items()):
                    if (
                        name.startswith("__")
                        and name.endswith("__")
                        and name != "__init__"
                        and not member.is_alias
                        and member.docstring is None
                    ):
                        del obj.members[name]
        for obj in objects:
            index.setdefault(obj.name, []).append(obj.path)
        for obj in objects:
            if obj.docstring is not None:
                obj.docstring.value = rest_to_markdown(
                    obj.docstring.value, lambda target, o=obj: _resolve(pkg, o, target, index)
                )


def _walk(obj: Any, seen: set[int] | None = None) -> Iterator[Any]:
    seen = set() if seen is None else seen
    if id(obj) in seen or obj.is_alias:
        return
    seen.add(id(obj))
    yield obj
    for member in list(obj.members.values()):
        if not member.is_alias:
            yield from _walk(member, seen)


def _lookup(pkg: Any, path: str) -> Any:
    """The object at dotted *path* (following aliases), or None."""
    parts = path.split(".")
    if parts[0] != pkg.name:
        return None
    obj = pkg
    for part in parts[1:]:
        try:
            if obj.is_alias:
                obj = obj.final_target
            obj = obj.members[part]
        except Exception:
            return None
    with contextlib.suppress(Exception):
        if obj.is_alias:
            obj = obj.final_target
    return obj


def _resolve(pkg: Any, obj: Any, target: str, index: dict[str, list[str]]) -> str | None:
    name = target.lstrip("~").rstrip("()")
    candidates: list[str] = []
    if name.startswith("."):
        module = obj.module
        base = module.path if module.is_package else module.parent.path
        dots = len(name) - len(name.lstrip("."))
        for _ in range(dots - 1):
            base = base.rsplit(".", 1)[0]
        candidates.append(f"{base}.{name.lstrip('.')}")
    elif name.startswith(pkg.name + ".") or name == pkg.name:
        candidates.append(name)
    else:
        head, _, rest = name.partition(".")
        scope = obj
        while scope is not None:
            with contextlib.suppress(Exception):
                found = scope.resolve(head)
                candidates.append(f"{found}.{rest}" if rest else found)
                break
            scope = scope.parent
        last = name.rsplit(".", 1)[-1]
        matches = [p for p in index.get(last, []) if p.endswith("." + name)]
        if len(matches) == 1:
            candidates.append(matches[0])
    for path in candidates:
        found = _lookup(pkg, path)
        if found is not None:
            return str(found.path)
    return None


# == events ==============================================================================


def on_config(config: Any) -> Any:
    """Find the notebooks and add them to the Tutorials section of the nav."""
    _state.clear()
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else ROOT
    _state["root"] = root
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    _state["notebooks"] = notebooks
    pages = [{_notebook_title(nb): f"tutorials/{nb.stem}.md"} for nb in notebooks]
    for item in config.nav or []:
        if isinstance(item, dict) and "Tutorials" in item:
            section = item["Tutorials"]
            if not isinstance(section, list):
                section = item["Tutorials"] = [section]
            section[:] = [p for p in section if not _is_generated_tutorial(p)] + pages
    return config


def _is_generated_tutorial(entry: Any) -> bool:
    values = entry.values() if isinstance(entry, dict) else [entry]
    return any(
        isinstance(v, str) and v.startswith("tutorials/") and v != "tutorials/index.md"
        for v in values
    )


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages and images to the site's files."""
    from mkdocs.structure.files import File

    def add(uri: str, content: str | bytes) -> None:
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, content=content))

    started = time.perf_counter()
    schema_md, schema_json = schema_page()
    add("schema.md", schema_md)
    add("orggraph.core.schema.json", schema_json)

    t = time.perf_counter()
    for uri, content in tutorial_files(_state.get("notebooks", [])).items():
        add(uri, content)
    log.info("orggraph: tutorials in %.1f s", time.perf_counter() - t)

    t = time.perf_counter()
    markdown, images = gallery(_state.get("root", ROOT) / "data")
    _state["gallery"] = markdown
    for uri, content in images.items():
        add(uri, content)
    log.info("orggraph: gallery (%d images) in %.1f s", len(images), time.perf_counter() - t)
    log.info("orggraph: generated content in %.1f s", time.perf_counter() - started)
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the generated parts of ``cli.md`` and ``gallery.md``."""
    uri = page.file.src_uri
    if uri == "cli.md":
        if CLI_MARKER not in markdown:
            log.warning("cli.md has no %s marker: the CLI reference is missing", CLI_MARKER)
        return markdown.replace(CLI_MARKER, cli_reference())
    if uri == "api/index.md":
        if EXPORTS_MARKER not in markdown:
            log.warning("api/index.md has no %s marker", EXPORTS_MARKER)
        return markdown.replace(EXPORTS_MARKER, exports_table())
    if uri == "gallery.md":
        if GALLERY_MARKER not in markdown:
            log.warning("gallery.md has no %s marker: the gallery is missing", GALLERY_MARKER)
        return markdown.replace(GALLERY_MARKER, _state.get("gallery", ""))
    return markdown


# == the top-level API =================================================================


def exports_table() -> str:
    """Markdown: each name in ``orggraph.__all__``, linked to where it is documented."""
    import inspect

    import orggraph

    lines = ["| name | what it is |", "|---|---|"]
    for name in orggraph.__all__:
        obj = getattr(orggraph, name)
        if inspect.ismodule(obj):
            path = obj.__name__
        elif inspect.isclass(obj) or inspect.isfunction(obj):
            path = f"{obj.__module__}.{obj.__qualname__}"
        else:
            lines.append(f"| `og.{name}` | `{obj!r}` |")
            continue
        doc = inspect.getdoc(obj) or ""
        summary = " ".join(doc.split("\n\n", 1)[0].split())
        summary = _roles(summary, None).replace("|", "\\|")
        lines.append(f"| [`og.{name}`][{path}] | {summary} |")
    return "\n".join(lines) + "\n"


# == the JSON Schema page ================================================================


def _schema_type(prop: dict[str, Any]) -> str:
    """A short type for a JSON Schema property: ``string``, ``list of Unit``, ..."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "enum" in prop:
        return " \\| ".join(f"`{json.dumps(v)}`" for v in prop["enum"])
    if "anyOf" in prop:
        kinds = [_schema_type(p) for p in prop["anyOf"]]
        return " or ".join(dict.fromkeys(k for k in kinds if k != "null")) + (
            " or null" if "null" in kinds else ""
        )
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_schema_type(prop.get('items', {}))}"
    if kind == "object" and isinstance(prop.get("additionalProperties"), dict):
        return f"map to {_schema_type(prop['additionalProperties'])}"
    return str(kind)


def _schema_table(obj: dict[str, Any]) -> list[str]:
    required = set(obj.get("required", ()))
    lines = ["| key | type | required | default | meaning |", "|---|---|---|---|---|"]
    for key, prop in obj.get("properties", {}).items():
        default = (
            f"`{json.dumps(prop['default'], ensure_ascii=False)}`" if "default" in prop else ""
        )
        meaning = " ".join(_roles(prop.get("description", ""), None).split())
        lines.append(
            f"| `{key}` | {_schema_type(prop)} | {'yes' if key in required else ''} "
            f"| {default} | {meaning} |"
        )
    return lines


def schema_page() -> tuple[str, str]:
    """The Markdown of the JSON Schema page and the schema itself as JSON text."""
    import orggraph

    schema = orggraph.json_schema()
    text = json.dumps(schema, indent=2, ensure_ascii=False)
    parts = [
        "# JSON Schema",
        "",
        "The JSON Schema of the [file format](format.md), generated from",
        "`orggraph.json_schema()` when this site was built: it is the schema that",
        "`orggraph schema` prints and that orggraph validates against (the pydantic models",
        "in `orggraph.core.schema` are the single source of truth).",
        "",
        "Download it as [orggraph.core.schema.json](orggraph.core.schema.json). Editors use it for",
        "completion and checking: with the YAML extension of VS Code, add a first line",
        "",
        "```yaml",
        "# yaml-language-server: $schema=./orggraph.core.schema.json",
        "```",
        "",
        "to an organisation file (with the schema saved beside it: `orggraph schema >",
        "orggraph.core.schema.json`). Names are either text or a map from language to text",
        "(`{zh: 客服部, en: Customer Service}`); ids are text (numbers are read as text).",
        "",
        "## Objects",
        "",
    ]
    objects = [(schema.get("title", "OrgFile"), schema), *schema.get("$defs", {}).items()]
    for name, obj in objects:
        parts += [f"### {name}", ""]
        if obj.get("description"):
            parts += [" ".join(_roles(obj["description"], None).split()), ""]
        parts += [*_schema_table(obj), ""]
    parts += ["## The schema", "", *_fence(text.split("\n"), "json"), ""]
    return "\n".join(parts), text + "\n"


# == the CLI reference ===================================================================


@contextlib.contextmanager
def _columns(width: int) -> Iterator[None]:
    """argparse wraps help at $COLUMNS: fix it so the page does not depend on the terminal."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old


def cli_reference() -> str:
    """Markdown: the help of ``orggraph`` and of each subcommand, from the real parser."""
    import argparse

    from orggraph.cli.app import build_parser

    with _columns(96):
        parser = build_parser()
        parts = [
            "## `orggraph` { #orggraph }",
            "",
            *_fence(parser.format_help().rstrip().split("\n"), "text"),
            "",
        ]
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        for action in subs:
            helps = {a.dest: a.help for a in action._choices_actions}
            seen: list[Any] = []
            for name, sub in action.choices.items():
                if any(sub is s for s in seen):
                    continue
                seen.append(sub)
                aliases = [n for n, s in action.choices.items() if s is sub and n != name]
                parts.append(f"## `orggraph {name}` {{ #{name} }}")
                parts.append("")
                summary = helps.get(name) or ""
                if summary:
                    parts += [summary[0].upper() + summary[1:] + ".", ""]
                if aliases:
                    parts += [f"Also spelled {', '.join(f'`{a}`' for a in aliases)}.", ""]
                parts += [*_fence(sub.format_help().rstrip().split("\n"), "text"), ""]
    return "\n".join(parts)


# == tutorials from notebooks ============================================================


def _notebook_title(path: Path) -> str:
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return path.stem
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            source = "".join(cell.get("source", ""))
            for line in source.split("\n"):
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def _fingerprint(notebook: Path, root: Path) -> str:
    """A hash of the notebook and of everything its output depends on in the repository."""
    digest = hashlib.sha256(notebook.read_bytes())
    for folder in ("orggraph", "data"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _execute(path: Path, root: Path) -> tuple[Any, str | None]:
    """The executed notebook (from the cache when up to date) and an error, if a cell failed."""
    import nbformat

    cache = root / "build" / "docs-cache"
    key = cache / f"{path.stem}-{_fingerprint(path, root)}.ipynb"
    if key.is_file():
        return nbformat.read(key, as_version=4), None
    import nbclient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    cache.mkdir(parents=True, exist_ok=True)
    kernel_log = cache / f"{path.stem}.kernel.log"
    started = time.perf_counter()
    try:
        # The kernel's own log (start-up notices) goes to a file, not into the build log.
        with kernel_log.open("wb") as stderr:
            client.execute(stderr=stderr)
    except CellExecutionError as exc:
        return nb, " ".join(str(exc).split("\n")[-3:]).strip() or type(exc).__name__
    except Exception as exc:  # no kernel, a dead kernel, a time-out
        return nb, f"{type(exc).__name__}: {exc} (kernel log: {kernel_log})"
    log.info("orggraph: executed %s in %.1f s", path.name, time.perf_counter() - started)
    for old in cache.glob(f"{path.stem}-*.ipynb"):
        old.unlink()
    nbformat.write(nb, key)
    return nb, None


_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _block(css: str, body: list[str]) -> list[str]:
    """Markdown *body* inside a ``<div class="css">`` (md_in_html)."""
    return [f'<div class="{css}" markdown>', "", *body, "", "</div>", ""]


def _outputs(cell: Any, stem: str, number: int) -> tuple[list[str], dict[str, bytes]]:
    """Markdown and image files for the outputs of one code cell."""
    lines: list[str] = []
    files: dict[str, bytes] = {}
    for k, out in enumerate(cell.get("outputs", [])):
        kind = out.get("output_type")
        if kind == "stream":
            text = _ANSI_RE.sub("", _text(out.get("text", ""))).rstrip("\n")
            lines += _block("nb-output", _fence(text.split("\n"), "text"))
        elif kind == "error":
            text = _ANSI_RE.sub("", "\n".join(out.get("traceback", [])))
            lines += _block("nb-output nb-error", _fence(text.split("\n"), "text"))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            name = f"{stem}/cell{number:02d}-{k}"
            if "image/svg+xml" in data:
                svg = _text(data["image/svg+xml"]).encode("utf-8")
                files[f"tutorials/{name}.svg"] = svg
                image = f"[![output]({name}.svg)]({name}.svg)"
                if _aspect(svg) > 2.5:  # a wide org chart: readable height, scroll sideways
                    image = (
                        f'<div class="og-scroll" data-focus="{_root_x(svg):.3f}" '
                        f'markdown="span">{image}</div>'
                    )
                lines += _block("nb-output nb-image", [image])
            elif "image/png" in data:
                files[f"tutorials/{name}.png"] = base64.b64decode(_text(data["image/png"]))
                lines += _block("nb-output nb-image", [f"![output]({name}.png)"])
            elif "text/html" in data:
                body = "\n".join(x for x in _text(data["text/html"]).split("\n") if x.strip())
                lines += ['<div class="nb-output nb-html">', body, "</div>", ""]
            elif "text/markdown" in data:
                lines += [_text(data["text/markdown"]), ""]
            elif "text/plain" in data:
                text = _text(data["text/plain"])
                lines += _block("nb-output", _fence(text.split("\n"), "text"))
    return lines, files


def _markdown_cell(source: str) -> str:
    """Links in a notebook point at repository paths; point them at the site's pages."""
    source = re.sub(r"\]\(\.\./docs/", "](../", source)
    return re.sub(r"\]\((\d\d-[\w-]+)\.ipynb\)", r"](\1.md)", source)


def tutorial_page(
    path: Path, nb: Any, executed: bool, error: str | None
) -> tuple[str, dict[str, bytes]]:
    """The Markdown page of one notebook and the image files of its outputs."""
    rel = f"notebooks/{path.name}"
    run = (
        f"Run it yourself: `jupyter lab {rel}` (after `scripts/setup.sh`, with "
        "`.venv/bin/pip install jupyterlab`), or execute it in place with "
        f"`.venv/bin/jupyter nbconvert --to notebook --execute {rel} --output /tmp/out.ipynb`."
    )
    if executed and error is None:
        note = f"This page is the notebook `{rel}`, executed when the site was built. {run}"
        kind = "info"
    elif executed:
        note = f"The notebook `{rel}` failed while the site was built: {error}. {run}"
        kind = "failure"
    else:
        note = (
            f"This page shows the code of `{rel}` without its outputs (the site was built "
            f"with `ORGGRAPH_DOCS_EXECUTE=0`). {run}"
        )
        kind = "note"
    lines: list[str] = []
    files: dict[str, bytes] = {}
    note_done = False
    number = 0
    for cell in nb.cells:
        source = _text(cell.get("source", ""))
        if cell.cell_type == "markdown":
            lines += [_markdown_cell(source), ""]
            if not note_done and source.lstrip().startswith("# "):
                lines += [f'!!! {kind} "Notebook"', "", f"    {note}", ""]
                note_done = True
        elif cell.cell_type == "code":
            number += 1
            lines += [*_fence(source.split("\n"), "python"), ""]
            out_lines, out_files = _outputs(cell, path.stem, number)
            lines += out_lines
            files.update(out_files)
    if not note_done:
        lines = [f"# {path.stem}", "", f'!!! {kind} "Notebook"', "", f"    {note}", "", *lines]
    lines.append(_CENTRE_SCRIPT)
    return "\n".join(lines), files


def tutorial_files(notebooks: list[Path]) -> dict[str, str | bytes]:
    """``tutorials/index.md``, a page per notebook and the images of their outputs."""
    import nbformat

    root = _state.get("root", ROOT)
    execute = os.environ.get("ORGGRAPH_DOCS_EXECUTE", "1") not in ("0", "no", "false")
    files: dict[str, str | bytes] = {}
    results: dict[Path, tuple[Any, str | None]] = {}
    if execute and notebooks:
        # Each notebook runs in its own kernel; two at a time keeps a 2-core machine busy.
        with concurrent.futures.ThreadPoolExecutor(max_workers=min(2, len(notebooks))) as pool:
            futures = {nb: pool.submit(_execute, nb, root) for nb in notebooks}
            results = {nb: f.result() for nb, f in futures.items()}
    index = [
        "# Tutorials",
        "",
        "Worked examples, one page per Jupyter notebook in `notebooks/`"
        + (", executed when this site was built." if execute else "."),
        "Run them yourself with `jupyter lab notebooks/` after `scripts/setup.sh` and",
        "`.venv/bin/pip install jupyterlab`; they read `../data/` and write only to a",
        "temporary folder.",
        "",
    ]
    for path in notebooks:
        if execute:
            nb, error = results[path]
            if error:
                log.warning("notebook %s failed: %s", path.name, error)
        else:
            nb, error = nbformat.read(path, as_version=4), None
        page, images = tutorial_page(path, nb, execute, error)
        files[f"tutorials/{path.stem}.md"] = page
        files.update(images)
        index.append(f"- [{_notebook_title(path)}]({path.stem}.md) (`notebooks/{path.name}`)")
    if not notebooks:
        index.append("*There are no notebooks in `notebooks/` yet.*")
    files["tutorials/index.md"] = "\n".join(index) + "\n"
    return files


# == the gallery =========================================================================


_SVG_SIZE_RE = re.compile(
    rb'<svg[^>]*?width="([\d.]+)(?:pt|px)?"[^>]*?height="([\d.]+)(?:pt|px)?"', re.S
)


def _aspect(svg: bytes) -> float:
    """Width over height of an SVG (1.0 when it does not say)."""
    m = _SVG_SIZE_RE.search(svg[:4000])
    return float(m.group(1)) / float(m.group(2)) if m and float(m.group(2)) else 1.0


_VIEWBOX_RE = re.compile(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"')
_FIRST_NODE_X_RE = re.compile(rb'class="node[^"]*".*?<text[^>]*? x="([-\d.]+)"', re.S)


_NODE_RE = re.compile(
    rb'<g id="node\d+" class="node[^"]*">\s*<title>[^<]*?id: ([^<]*)</title>'
    rb'.*?<text[^>]*? x="([-\d.]+)"',
    re.S,
)


def _root_x(svg: bytes, ids: set[str] | None = None) -> float:
    """Where the first box of a Graphviz chart (the root) is, as a fraction of the width;
    with *ids*, the middle of those units' boxes (their hover titles end ``id: X``)."""
    box = _VIEWBOX_RE.search(svg[:4000])
    if not box or not float(box.group(1)):
        return 0.5
    xs: list[float] = []
    if ids:
        xs = [
            float(m.group(2))
            for m in _NODE_RE.finditer(svg)
            if html.unescape(m.group(1).decode("utf-8", "replace")).strip() in ids
        ]
    if not xs:
        node = _FIRST_NODE_X_RE.search(svg)
        xs = [float(node.group(1))] if node else [float(box.group(1)) / 2]
    return min(1.0, max(0.0, (min(xs) + max(xs)) / 2 / float(box.group(1))))


def _figure(
    uri: str, alt: str, caption: str, *, wide: bool = False, focus: float = 0.5
) -> list[str]:
    """A gallery figure: the image (a link to itself, full size) and its caption. A *wide*
    chart keeps a readable height and scrolls sideways instead of shrinking to a sliver,
    starting at *focus* (a fraction of its width)."""
    css = "og-figure og-wide" if wide else "og-figure"
    image = f"[![{alt}]({uri}){{ loading=lazy }}]({uri})"
    if wide:
        image = f'<div class="og-scroll" data-focus="{focus:.3f}" markdown="span">{image}</div>'
    return [
        f'<figure class="{css}" markdown>',
        f"  {image}",
        f"  <figcaption>{caption}</figcaption>",
        "</figure>",
        "",
    ]


# Scroll each wide chart to its root (data-focus: a fraction of the width).
_CENTRE_SCRIPT = """<script>
document.querySelectorAll(".og-scroll").forEach(function (box) {
  var img = box.querySelector("img");
  var focus = parseFloat(box.getAttribute("data-focus") || "0.5");
  function centre() { box.scrollLeft = focus * box.scrollWidth - box.clientWidth / 2; }
  if (img && !img.complete) { img.addEventListener("load", centre); } else { centre(); }
});
</script>
"""


def _svg_of(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    return buf.getvalue()


def _is_scenario(path: Path) -> bool:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception:
        return False
    return isinstance(data, dict) and "operations" in data and "units" not in data


def _base_of(scenario: Path, orgs: dict[Path, Any]) -> Path | None:
    """The organisation a scenario applies to: named by the ``Generated by: orggraph apply
    BASE SCENARIO`` line of an organisation made from it, or a comment ``applied to X``."""
    for path in orgs:
        head = path.read_text(encoding="utf-8").split("\n", 5)[:5]
        for line in head:
            m = re.search(r"orggraph apply (\S+) (\S+)", line)
            if m and Path(m.group(2)).name == scenario.name:
                base = path.parent / Path(m.group(1)).name
                if base in orgs:
                    return base
    m = re.search(
        r"applied to (?:data/)?(\S+?\.(?:ya?ml|json))", scenario.read_text(encoding="utf-8")
    )
    if m and (scenario.parent / m.group(1)) in orgs:
        return scenario.parent / m.group(1)
    return None


@contextlib.contextmanager
def _recorded() -> Iterator[list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def _is_people_export(path: Path) -> bool:
    """A CSV in the columns of ``to_csv(rows="people")`` (person and manager ids)."""
    if path.suffix.lower() != ".csv":
        return False
    with path.open(encoding="utf-8-sig") as fh:
        header = fh.readline().strip().split(",")
    return "person_id" in header and "manager_id" in header


def gallery(data: Path) -> tuple[str, dict[str, bytes]]:
    """The gallery's Markdown and its images: charts of every file in *data*."""
    import orggraph as og
    from orggraph.ops import analysis as an
    from orggraph.names import text
    from orggraph.render import graphviz, pick_engine, plots

    images: dict[str, bytes] = {}
    md: list[str] = []
    has_dot = graphviz.find_dot() is not None
    if not has_dot:
        md += [
            '!!! warning "Graphviz is not installed"',
            "",
            "    The site was built without the Graphviz `dot` program: the charts below were",
            '    drawn by orggraph\'s built-in tidy engine (`engine="auto"` falls back to it),',
            "    and charts that only Graphviz draws are left out. See the",
            "    [FAQ](faq.md#graphviz-not-found).",
            "",
        ]
        log.info("orggraph: dot not found; gallery charts use the tidy engine")

    files = sorted(p for p in data.iterdir() if p.is_file() and not p.name.startswith("."))
    orgs: dict[Path, Any] = {}
    scenarios: list[Path] = []
    others: list[Path] = []
    exports: list[Path] = []  # people-level tables: og.read_people reads them, og.load not
    for path in files:
        if path.suffix.lower() in (".yaml", ".yml", ".json") and _is_scenario(path):
            scenarios.append(path)
            continue
        if path.suffix.lower() not in (".yaml", ".yml", ".json", ".csv", ".xlsx"):
            others.append(path)
            continue
        if _is_people_export(path):
            exports.append(path)
            continue
        try:
            with _recorded():
                orgs[path] = og.load(path)
        except og.OrgError as err:
            log.warning("gallery: %s", err)
            others.append(path)

    # Organisations as they are first, then those made by a reorganisation (a change log).
    orgs = dict(sorted(orgs.items(), key=lambda item: (len(item[1].changes), item[0].name)))
    seed = next((p for p in orgs if p.stem == "ecommerce"), next(iter(orgs), None))

    md += ["## Organisation charts", ""]
    if seed is not None:
        org = orgs[seed]
        lang = "en" if "en" in org.lang else (org.lang or [None])[0]
        with _recorded():
            svg = org.render(None, format="svg", lang=lang, depth=1)
        name = f"{seed.stem}-top-{lang or 'chart'}.svg"
        images[f"{GALLERY_DIR}/{name}"] = svg
        md += [
            f"The top of `data/{seed.name}`: `depth=1` draws the root and its direct reports and",
            "notes on each box how many units it hides; the whole charts follow (scroll",
            "sideways, or click to open one full size).",
            "",
            *_figure(
                f"{GALLERY_DIR}/{name}",
                f"{seed.stem}, top level",
                f'<code>org.render("top.svg", lang={lang!r}, depth=1)</code>',
            ),
        ]
    for path, org in orgs.items():
        rel = f"data/{path.name}"
        names = (
            " / ".join(dict.fromkeys(text(org.org_name, lang) for lang in org.lang))
            if org.lang
            else org.title
        )
        md += [f"### `{rel}`", ""]
        engine = pick_engine(org, "svg")
        n = len(org.changes)
        made = f"; made by a reorganisation ({n} change{'s' if n != 1 else ''})" if n else ""
        md += [f"{names or path.stem}: {len(org)} units, drawn by the {engine} engine{made}.", ""]
        for lang in org.lang or [None]:
            with _recorded():
                svg = org.render(None, format="svg", lang=lang)
            name = f"{path.stem}-{lang or 'chart'}.svg"
            images[f"{GALLERY_DIR}/{name}"] = svg
            shown = LANG_NAMES.get(lang or "", lang or "")
            option = f" --lang {lang}" if lang else ""
            caption = f"<code>orggraph render {rel} -o chart.svg{option}</code>"
            if lang:
                caption = f"In {shown}: " + caption
            md += _figure(
                f"{GALLERY_DIR}/{name}",
                f"{path.stem} ({shown})",
                caption,
                wide=_aspect(svg) > 2.5,
                focus=_root_x(svg),
            )

    if scenarios:
        md += ["## Reorganisation scenarios", ""]
    for path in scenarios:
        rel = f"data/{path.name}"
        md += [f"### `{rel}`", ""]
        base = _base_of(path, orgs)
        if base is None:
            md += [f"*No organisation in `data/` says it is made from `{rel}`: not drawn.*", ""]
            log.info("gallery: no base organisation for %s", rel)
            continue
        if not has_dot:
            md += [f"*The change chart of `{rel}` needs Graphviz `dot`: not drawn.*", ""]
            continue
        from orggraph.ops import reorg
        from orggraph.render.diff_chart import render_diff

        org = orgs[base]
        try:
            with _recorded():
                after = reorg.apply_scenario(org, path)
        except og.OrgError as err:
            log.warning("gallery: %s", err)
            md += [f"*`{rel}` does not apply to `data/{base.name}`: {html.escape(str(err))}*", ""]
            continue
        md += [
            f"What `{rel}` changes in `data/{base.name}`, drawn by "
            "`orggraph.render.diff_chart.render_diff(before, after)`: added units in "
            "green, removed ones grey and dashed, moved ones blue, changed ones amber.",
            "",
        ]
        from orggraph.ops.diff import diff

        changed = {d.id for d in diff(org, after) if d.kind in ("added", "removed", "moved")}
        for lang in org.lang or [None]:
            with _recorded():
                svg = render_diff(org, after, format="svg", lang=lang)
            name = f"{path.stem.replace('.', '-')}-{lang or 'chart'}.svg"
            images[f"{GALLERY_DIR}/{name}"] = svg
            shown = LANG_NAMES.get(lang or "", lang or "")
            md += _figure(
                f"{GALLERY_DIR}/{name}",
                f"changes of {path.name} ({shown})",
                f"In {shown}: <code>{rel}</code> applied to <code>data/{base.name}</code>",
                wide=_aspect(svg) > 2.5,
                focus=_root_x(svg, changed),
            )

    if seed is not None:
        org = orgs[seed]
        rel = f"data/{seed.name}"
        md += [
            "## Analysis plots",
            "",
            f"Plots of `{rel}` from `orggraph.render.plots` and the analyses of",
            "`orggraph.ops.analysis` ([guide](analysis.md)); matplotlib draws the Chinese text",
            "with a CJK font when one is installed.",
            "",
        ]
        plots_to_draw: list[tuple[str, str, Callable[[], Any]]] = [
            (
                "headcount-zh",
                "<code>plots.headcount_by_unit(org)</code>: seats under each department "
                "(hatched, <code>≥</code>: some seat counts are unknown)",
                lambda: plots.headcount_by_unit(org),
            ),
            (
                "budget-en",
                '<code>plots.budget_by_unit(org, lang="en")</code>: monthly salary budget',
                lambda: plots.budget_by_unit(org, lang="en"),
            ),
            (
                "span-bands-en",
                '<code>analysis.span_bands(org).plot(lang="en")</code>: managers per '
                "span-of-control band",
                lambda: an.span_bands(org).plot(lang="en"),
            ),
            (
                "layers-en",
                '<code>analysis.layers(org).plot(lang="en")</code>: headcount per layer',
                lambda: an.layers(org).plot(lang="en"),
            ),
            (
                "collaboration-en",
                '<code>analysis.collaboration(org).plot(lang="en")</code>: the '
                "collaboration network",
                lambda: an.collaboration(org).plot(lang="en"),
            ),
        ]
        md += ['<div class="og-grid" markdown>', ""]
        for name, caption, draw in plots_to_draw:
            with _recorded():
                fig = draw()
                svg = _svg_of(fig)
            images[f"{GALLERY_DIR}/{seed.stem}-{name}.svg"] = svg
            md += _figure(f"{GALLERY_DIR}/{seed.stem}-{name}.svg", name, caption)
        md += ["</div>", ""]

    if others or exports:
        md += ["## Other files", ""]
        for path in exports:
            md.append(
                f"- `data/{path.name}`: a people-level export (one row per person in a post), "
                "read with `og.read_people` ([HR exports](hr-exports.md)); not drawn."
            )
        for path in others:
            md.append(f"- `data/{path.name}`: not an organisation or a scenario; not drawn.")
        md.append("")
    md.append(_CENTRE_SCRIPT)
    return "\n".join(md), images
