"""Charts of :mod:`mcda_kerjasama.plots` rendered to SVG on the server (no pyplot, no
window): each is served as an image with its own restrictive Content-Security-Policy."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

_LOCK = threading.Lock()  # matplotlib's rcParams are global


def svg(draw: Callable[[Any], object], height: float, width: float = 9.0) -> bytes:
    """The chart ``draw(ax)`` makes, as SVG bytes (text kept as text)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    out = io.BytesIO()
    with _LOCK, matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams["svg.fonttype"] = "none"
        matplotlib.rcParams["text.parse_math"] = False
        matplotlib.rcParams["svg.hashsalt"] = "kerjasama-web"
        figure = Figure(figsize=(width, height), dpi=72, layout="constrained")
        FigureCanvasSVG(figure)
        draw(figure.add_subplot())
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
