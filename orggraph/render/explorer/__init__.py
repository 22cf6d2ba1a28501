"""The explorer: an interactive org chart in one offline HTML file (see ``docs/explorer.md``).

:mod:`.data` (the organisation as columns), :mod:`.page` (the HTML page, its
Content-Security-Policy and the embedded data), :mod:`.notebook` (the object a notebook
shows inline), :mod:`.widget` (the two-way Jupyter widget, with ``orggraph[widget]``);
``assets/`` holds the page's own JavaScript and CSS.

>>> import orggraph as og
>>> page = explorer_html(og.datasets.load("ecommerce"), depth=1)
>>> '<div class="orggraph-explorer"' in page
True
"""

from orggraph.render.explorer.data import explorer_data
from orggraph.render.explorer.notebook import ExplorerPage, explore
from orggraph.render.explorer.page import explorer_html

__all__ = ["ExplorerPage", "explore", "explorer_data", "explorer_html"]
