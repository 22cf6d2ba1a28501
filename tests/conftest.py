"""Shared fixtures: write a document to a file under ``tmp_path``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

WriteFile = Callable[..., Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """``write_file(text_or_bytes, name="org.yaml")`` -> the path it was written to."""

    def write(content: str | bytes, name: str = "org.yaml") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


def _browser_missing() -> str | None:
    """Why tests marked ``browser`` cannot run here (``None``: they can)."""
    import importlib.util
    import shutil

    if shutil.which("chromium") is None:
        return "Chromium is not installed (scripts/setup.sh installs Debian's chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked ``browser``, with the reason, where Chromium or Playwright is
    missing."""
    marked = [item for item in items if item.get_closest_marker("browser") is not None]
    reason = _browser_missing() if marked else None
    if reason is not None:
        for item in marked:
            item.add_marker(pytest.mark.skip(reason=reason))
