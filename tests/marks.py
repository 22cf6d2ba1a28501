"""Marks the test modules share: tests that need the ``dot`` program skip without it
(CI has it; ``scripts/setup.sh`` installs it), tests of the Jupyter widget without
anywidget or a Jupyter kernel (``pip install -e '.[dev]'`` installs both). Tests that need
Chromium carry ``pytest.mark.browser`` (``conftest.py`` skips them with the reason)."""

from __future__ import annotations

import shutil
from importlib.util import find_spec

import pytest

__all__ = ["ENGINES", "LANGS", "needs_anywidget", "needs_dot", "needs_kernel"]

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
needs_anywidget = pytest.mark.skipif(
    find_spec("anywidget") is None, reason="anywidget is not installed (pip install -e '.[widget]')"
)
needs_kernel = pytest.mark.skipif(
    find_spec("jupyter_client") is None or find_spec("ipykernel") is None,
    reason="no Jupyter kernel: jupyter_client or ipykernel is missing (pip install -e '.[dev]')",
)
LANGS = ("zh", "en")
"""The languages of the sample organisations."""
ENGINES = ("tidy", pytest.param("graphviz", marks=needs_dot))
"""Both drawing engines, Graphviz skipped without ``dot``."""
