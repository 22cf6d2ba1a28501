"""The ``orggraph`` command: :mod:`.app` (the parser and the organisation commands),
:mod:`.convert`, :mod:`.analysis`, :mod:`.reorg` (one module per command group).
"""

from orggraph.cli.app import main

__all__ = ["main"]
