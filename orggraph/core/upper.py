"""Reaching the layers above the core at call time.

The core imports nothing from :mod:`orggraph.io`, :mod:`orggraph.ops`,
:mod:`orggraph.render` or :mod:`orggraph.cli`; the convenience methods on ``Org`` that
write or draw (``dump``, ``render``, the notebook display) resolve their function here
when called, as pandas' ``DataFrame.plot`` resolves its plotting backend. Inside the
core, ``Org.from_dict`` and ``Org.subtree`` reach :mod:`orggraph.core.build` (which
builds ``Org`` objects, so imports ``org``) the same way: no import cycle.

>>> upper("orggraph.io.native", "dumps").__name__
'dumps'
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["upper"]


def upper(module: str, name: str) -> Any:
    """The function *name* of the higher-layer *module*, imported on first call."""
    return getattr(importlib.import_module(module), name)
