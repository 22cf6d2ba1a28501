"""Marks the test modules share: tests that need the ``dot`` program skip without it
(CI has it; ``scripts/setup.sh`` installs it)."""

from __future__ import annotations

import shutil

import pytest

__all__ = ["ENGINES", "LANGS", "needs_dot"]

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
LANGS = ("zh", "en")
"""The languages of the sample organisations."""
ENGINES = ("tidy", pytest.param("graphviz", marks=needs_dot))
"""Both drawing engines, Graphviz skipped without ``dot``."""
