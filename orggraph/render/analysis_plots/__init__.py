"""Charts of the analyses in :mod:`orggraph.ops.analysis`, drawn with matplotlib.

:meth:`orggraph.core.rows.Rows.plot` picks the chart for an analysis; each chart is also
a function over an :class:`~orggraph.Org` with keyword-only options:

* :func:`spans_chart`: managers per span-of-control band (OrgVue's 1, 2-3, 4-7, 8-12,
  13-16, 17+), the target band shaded and the bars outside it in another colour;
* :func:`pyramid`: headcount per layer as centred horizontal bars, layer 1 on top;
  a layer with unknown seat counts is hatched and labelled ``≥ N``;
* :func:`people_spans_chart` and :func:`people_pyramid`: the same by people (spans and
  layers with ``by="people"``);
* :func:`vacancies_chart`: open seats per unit, most first, with vacancy rates;
* :func:`responsibility_heatmap`: units x responsibilities, each mark coloured by the
  unit's department; ``only="shared"`` / ``"across"`` and ``top=`` keep big matrices
  readable;
* :func:`collaboration_network`: the collaboration network (spring layout, fixed seed),
  units coloured by department and sized by betweenness, communities shaded;
* :func:`over_time`: headcount, people, FTE, vacancies or budget through time, a step
  plot over a dated organisation's change dates (lower bounds drawn apart: unknown is
  not zero).

Each returns the ``Figure`` (a ``ChartFigure`` that notebooks display, see
:mod:`orggraph.render.plots`); pass ``ax=`` to draw into your own axes. Names are in
``lang``, chart text in Chinese when ``lang`` is ``zh`` and in English otherwise. Chinese
text uses a CJK font when one is installed (:mod:`orggraph.render.fonts`); the global
matplotlib settings are never changed and pyplot is never imported.

>>> import orggraph as og
>>> from orggraph.ops import analysis
>>> org = og.datasets.load("ecommerce")  # a sample organisation of 44 units
>>> fig = analysis.span_bands(org).plot(lang="en")
>>> [int(p.get_height()) for p in fig.axes[0].containers[0]]
[1, 11, 3, 0, 0, 0]
"""

from __future__ import annotations

from orggraph.render.analysis_plots.dispatch import CHARTS, plot
from orggraph.render.analysis_plots.network import collaboration_network
from orggraph.render.analysis_plots.overtime import over_time
from orggraph.render.analysis_plots.people import (
    people_pyramid,
    people_spans_chart,
    vacancies_chart,
)
from orggraph.render.analysis_plots.responsibilities import responsibility_heatmap
from orggraph.render.analysis_plots.structure import pyramid, spans_chart

__all__ = [
    "CHARTS",
    "collaboration_network",
    "over_time",
    "people_pyramid",
    "people_spans_chart",
    "plot",
    "pyramid",
    "responsibility_heatmap",
    "spans_chart",
    "vacancies_chart",
]
