"""Which chart draws which analysis (``Rows.plot``)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from orggraph.core.rows import Rows
from orggraph.errors import OrgError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from orggraph.render.analysis_plots.network import collaboration_network
from orggraph.render.analysis_plots.people import (
    people_pyramid,
    people_spans_chart,
    vacancies_chart,
)
from orggraph.render.analysis_plots.responsibilities import responsibility_heatmap
from orggraph.render.analysis_plots.structure import pyramid, spans_chart

__all__ = ["CHARTS", "plot"]


# -- Rows.plot --------------------------------------------------------------------------------------

#: The chart of each analysis (``Rows.kind``).
CHARTS: dict[str, Callable[..., Figure]] = {
    "spans": spans_chart,
    "span_bands": spans_chart,
    "outside_band": spans_chart,
    "layers": pyramid,
    "people_spans": people_spans_chart,
    "people_span_bands": people_spans_chart,
    "people_outside_band": people_spans_chart,
    "people_layers": people_pyramid,
    "vacancies": vacancies_chart,
    "responsibility_matrix": responsibility_heatmap,
    "shared_responsibilities": responsibility_heatmap,
    "unowned_responsibilities": responsibility_heatmap,
    "units_without_responsibilities": responsibility_heatmap,
    "collaboration": collaboration_network,
    "communities_vs_departments": collaboration_network,
    "silos": collaboration_network,
}


def plot(rows: Rows, **options: Any) -> Figure:
    """Draw the chart of the analysis that made *rows* (see :data:`CHARTS`).

    The options the analysis ran with (``lang``, ``band``, ``dotted``, ``level``, ...)
    are used unless *options* override them. Raises :class:`orggraph.OrgError` for rows
    not made by an analysis and for options the chart does not take (listing those it
    takes).

    >>> import orggraph as og
    >>> from orggraph.ops import analysis
    >>> org = og.loads("units: [{id: a, name: A, units: [{id: b, name: B}]}]")
    >>> analysis.spans(org).plot(colour="red")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: spans_chart takes no option 'colour'; it takes band, bins, lang, ax
    """
    chart = CHARTS.get(rows.kind)
    if chart is None or rows.org is None:
        raise OrgError(
            f"no chart for rows of kind {rows.kind!r}; charts exist for the results of "
            f"{', '.join(CHARTS)}",
            choices=tuple(CHARTS),
        )
    accepted = [
        name
        for name, p in inspect.signature(chart).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    merged = {k: v for k, v in rows.options.items() if k in accepted}
    if rows.kind == "shared_responsibilities":
        merged["only"] = "across" if rows.options.get("across") else "shared"
    elif rows.kind in ("unowned_responsibilities", "units_without_responsibilities"):
        merged["empty"] = True
    for key, value in options.items():
        if key not in accepted:
            raise OrgError(
                f"{chart.__name__} takes no option {key!r}; it takes {', '.join(accepted)}",
                choices=accepted,
            )
        merged[key] = value
    return chart(rows.org, **merged)
