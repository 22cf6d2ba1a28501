"""The cyclic garbage collector, paused around bulk builds.

Building an organisation makes millions of objects at once (rows, unit dicts, graph
adjacency dicts); each allocation burst would trigger a young collection that finds
nothing to free. :func:`paused` turns the collector off for the duration.

**Process-wide.** The collector is one switch for the whole interpreter: while any
``paused()`` block runs, no thread of the process collects cycles (reference counting
still frees everything else). Only the outermost ``paused()`` acts: nested blocks, in
the same thread or in other threads, only count, and the last one to end turns the
collector back on, if it was on when the first one began. A program that switches the
collector itself (``gc.disable()``) keeps its choice: ``paused()`` never turns on a
collector it found off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]

_lock = threading.Lock()
_depth = 0  # paused() blocks running now, in every thread
_was_enabled = False  # the collector's state when the outermost block began


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic GC (process-wide, see the module docs) while the block runs.

    >>> with paused():
    ...     with paused():  # nested: only the outermost block acts
    ...         pass
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                _settle()
                gc.enable()


def _settle() -> None:
    """Move what the pause made to the oldest generation.

    What was made is mostly long-lived (an organisation's columns). Freeze, then
    unfreeze, instead of letting the next young collection walk every cell of every
    million-row column: about 1 s at a million units, for nothing to collect. Not when
    the program froze objects itself (a preforking server): unfreeze would undo that.
    """
    if not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()
