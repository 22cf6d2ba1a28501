"""The explorer in a notebook: an object that shows the page inline and saves it.

Notebook front ends differ on what an output may run: VS Code ignores the ``isolated``
output flag and loads no iframe of a local file, but ``<iframe srcdoc="...">`` works in
JupyterLab, Notebook 7, VS Code and nbconvert's static HTML. The page goes into
``srcdoc`` HTML-escaped, in a sandbox that lets it run its script and download exports.

>>> import orggraph as og
>>> page = explore(og.datasets.load("ecommerce"), depth=1)
>>> page._repr_html_().startswith("<iframe srcdoc=")
True
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orggraph.render.explorer.page import explorer_html

if TYPE_CHECKING:
    from orggraph.core.org import Org

__all__ = ["ExplorerPage", "explore"]


class ExplorerPage:
    """The explorer's page of an organisation: shown inline by Jupyter, written by
    :meth:`save`; :attr:`html` is the page itself."""

    def __init__(self, page: str, *, height: int = 640) -> None:
        self.html = page
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            'sandbox="allow-scripts allow-downloads" '
            f'width="100%" height="{int(self.height)}" frameborder="0" '
            'title="orggraph explorer"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to *path* (atomically) and return the path."""
        from orggraph.io.files import atomic_write

        return atomic_write(path, self.html.encode("utf-8"))

    def __repr__(self) -> str:
        return f"<ExplorerPage: {len(self.html.encode('utf-8')):,} bytes>"


def explore(org: Org, *, height: int = 640, widget: bool = False, **options: Any) -> Any:
    """*org*'s explorer for a notebook; *options* as
    :func:`~orggraph.render.explorer.page.explorer_html` takes them (``lang``, ``depth``,
    ``root``, ``links``, ``people``, ``theme``); *height* of the inline frame in pixels.
    *widget*: the two-way Jupyter widget instead
    (:func:`~orggraph.render.explorer.widget.ExplorerWidget`, needs ``orggraph[widget]``;
    it also takes ``lazy``)."""
    if widget:
        from orggraph.render.explorer.widget import ExplorerWidget

        return ExplorerWidget(org, height=height, **options)
    return ExplorerPage(explorer_html(org, **options), height=height)
