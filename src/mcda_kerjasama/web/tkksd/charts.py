"""Charts of :mod:`mcda_kerjasama.plots` rendered to SVG on the server, each served as an
image with its own restrictive Content-Security-Policy. Drawn by the report's own
renderer (:func:`mcda_kerjasama.report.charts.chart_svg`): no pyplot, no global setting
read or changed, so pages draw charts for several users at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def svg(draw: Callable[[Any], object], height: float, width: float = 9.0) -> bytes:
    """The chart ``draw(ax)`` makes, as a standalone SVG file (text kept as text).

    Example:
        >>> svg(lambda ax: ax.plot([0, 1], [1, 0]), 2.0, 3.0)[:4]
        b'<?xm'
    """
    from mcda_kerjasama.report.charts import chart_svg

    body = chart_svg("web", draw, height, width)
    return ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + body).encode("utf-8")
