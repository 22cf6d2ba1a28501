"""The "tidy" engine: org charts drawn by orggraph itself, with no external program.

Boxes say what the Graphviz renderer's boxes say (name in bold, the head's title,
rolled-up figures, ``≥`` where some parts are unknown and ``?`` where none is known
(see :mod:`orggraph.render.labels`), and for units
cut off by ``depth`` what they hide), in the same theme colours and ``lang``. The
geometry comes from :func:`orggraph.render.tidy.layout.tree_layout` (linear time, compact
stacks of leaves, wide groups folded into columns); dotted and collaboration links are
Bézier curves drawn over the reporting lines, their relations on top.

:func:`to_svg` writes the SVG text directly, in one pass over the boxes: every piece of
user text goes through :func:`~orggraph.render.quoting.xml_text`, so no name can add
markup, and control characters are dropped. PNG needs no external program either: lines,
boxes and curves come from matplotlib's Agg canvas, the text from Pillow's FreeType
renderer (matplotlib's own text path takes milliseconds per label), in a CJK face when
one is installed so that Chinese shows as Chinese.

>>> import orggraph as og
>>> org = og.loads("units: [{id: a, name: 'A & <B>', units: [{id: b, name: B}]}]")
>>> svg = to_svg(org)
>>> "A &amp; &lt;B&gt;" in svg, svg.count('class="reporting"')
(True, 1)
"""

from __future__ import annotations

from orggraph.render.tidy.draw import render_bytes
from orggraph.render.tidy.layout import Box, Connector, Layout, tree_layout
from orggraph.render.tidy.scene import FORMATS, LINK_KINDS, MAX_PNG_PIXELS, MAX_PNG_SIDE
from orggraph.render.tidy.svg import to_svg

__all__ = [
    "FORMATS",
    "LINK_KINDS",
    "MAX_PNG_PIXELS",
    "MAX_PNG_SIDE",
    "Box",
    "Connector",
    "Layout",
    "render_bytes",
    "to_svg",
    "tree_layout",
]
