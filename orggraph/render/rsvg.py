"""SVG pages to one PDF with ``rsvg-convert`` (librsvg, on cairo).

Each SVG becomes a page of its own size, text kept as text in embedded fonts. Long
documents are converted in chunks of :data:`CHUNK` pages, as many ``rsvg-convert``
processes at once as there are processors, each chunk started as soon as its pages are
written (cairo writes long documents ever more slowly), and the chunks joined by
:func:`orggraph.render.pdfjoin.join_pdfs`; when a chunk is not laid out as that reads,
all pages are converted again in one run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from orggraph.errors import MissingDependencyError, RenderError
from orggraph.render.pdfjoin import NotJoinable, join_pdfs

__all__ = ["CHUNK", "RSVG_HINT", "find_rsvg", "svgs_to_pdf"]

CHUNK = 60  # pages per rsvg-convert run
RSVG_HINT = (
    "the rsvg-convert program (librsvg), which writes the tidy engine's PDF, is not "
    "installed; install it with 'sudo apt-get install librsvg2-bin' (Debian/Ubuntu), "
    "'sudo dnf install librsvg2-tools' (Fedora) or 'brew install librsvg' (macOS), or "
    "set $ORGGRAPH_RSVG to its path"
)


def find_rsvg() -> str | None:
    """The path of ``rsvg-convert`` (``$ORGGRAPH_RSVG`` overrides the PATH), or None."""
    override = os.environ.get("ORGGRAPH_RSVG")
    if override:
        return override if os.path.isfile(override) and os.access(override, os.X_OK) else None
    return shutil.which("rsvg-convert")


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class _Runs:
    """``rsvg-convert`` processes, at most *workers* at once, all done by *timeout*."""

    def __init__(self, rsvg: str, folder: Path, timeout: float, workers: int) -> None:
        self.rsvg, self.folder, self.timeout, self.workers = rsvg, folder, timeout, workers
        self.deadline = time.monotonic() + timeout
        self.running: list[tuple[subprocess.Popen[bytes], Path, int]] = []
        self.outputs: list[Path] = []
        self.pages = 0

    def start(self, files: list[str]) -> None:
        while len(self.running) >= self.workers:
            self.wait_one()
        out = self.folder / f"part-{len(self.outputs):05d}.pdf"
        log = self.folder / f"part-{len(self.outputs):05d}.log"
        self.outputs.append(out)
        self.pages += len(files)
        try:
            with log.open("wb") as err:
                proc = subprocess.Popen(
                    [self.rsvg, "-f", "pdf", "-o", str(out), *files],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                )
        except OSError as exc:
            self.stop()
            raise MissingDependencyError(
                f"cannot run {self.rsvg}: {exc.strerror or exc}; {RSVG_HINT}"
            ) from None
        self.running.append((proc, log, len(files)))

    def wait_one(self) -> None:
        proc, log, _ = self.running.pop(0)
        try:
            code = proc.wait(timeout=max(0.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            self.stop()
            raise RenderError(
                f"rsvg-convert did not finish within {self.timeout:g} s ({self.pages} pages); "
                "raise timeout= or print a sub-chart (root=)"
            ) from None
        if code != 0:
            self.stop()
            lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            raise RenderError(
                f"rsvg-convert failed (exit {code}): {'; '.join(lines[:5]) or 'no message'}"
            )

    def finish(self) -> list[bytes]:
        while self.running:
            self.wait_one()
        return [out.read_bytes() for out in self.outputs]

    def stop(self) -> None:
        for proc, _, _ in self.running:
            proc.kill()
            proc.wait()
        self.running.clear()


def svgs_to_pdf(svgs: Iterable[str], *, timeout: float = 120.0) -> bytes:
    """One PDF with a page per SVG document of *svgs* (converted while the next pages
    are made when *svgs* is a generator), each page the SVG's size."""
    rsvg = find_rsvg()
    if rsvg is None:
        raise MissingDependencyError(RSVG_HINT)
    with tempfile.TemporaryDirectory(prefix="orggraph-pdf-") as tmp:
        folder = Path(tmp)
        runs = _Runs(rsvg, folder, timeout, _workers())
        files: list[str] = []
        for k, svg in enumerate(svgs, 1):
            path = folder / f"page-{k:05d}.svg"
            path.write_text(svg, encoding="utf-8")
            files.append(str(path))
            if len(files) % CHUNK == 0:
                runs.start(files[-CHUNK:])
        if not files:
            raise RenderError("no pages to convert")
        if len(files) % CHUNK:
            runs.start(files[len(files) - len(files) % CHUNK :])
        parts = runs.finish()
        try:
            return join_pdfs(parts)
        except NotJoinable:
            again = _Runs(rsvg, _sub(folder), timeout, 1)
            again.start(files)
            return again.finish()[0]


def _sub(folder: Path) -> Path:
    sub = folder / "whole"
    sub.mkdir()
    return sub
