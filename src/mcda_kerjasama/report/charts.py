"""Charts drawn as SVG with no global state, so any number of threads (a web server's
requests) can draw at the same time and each gets the bytes it would get alone.

matplotlib's settings (``matplotlib.rcParams``) are one dictionary for the whole
process: changing them for one chart changes them for every chart being drawn, so the
reports used to draw one chart at a time under a lock. Here nothing changes them.
Instead every figure carries its look itself: :func:`new_axes` makes the axes with
matplotlib's default look set on the figure, the axes, the spines, the ticks and their
labels, and the :mod:`mcda_kerjasama.plots` functions give every artist they add its
fonts, sizes and colours (:func:`font`, :func:`text_style`, :func:`legend_style`); the
SVG is written by a renderer of our own that writes text as SVG text (selectable, found
by the browser's search, read aloud) and salts the ids from the chart's name, and no
pyplot is involved. So a user's or a notebook's matplotlib style does not reach the
report: the charts are the same under every style matplotlib ships but ``classic``,
whose old tick and dash rules are in matplotlib's code rather than in what a figure can
carry (a few deep settings no style changes, such as ``path.simplify_threshold``, stay
matplotlib's own). The values are matplotlib's defaults
(``matplotlib.rcParamsDefault``, read, never written), with the report's choices: text
as text, no ``$...$`` maths in proposal ids or criterion names, and the title just above
the axes.

Example:
    >>> from mcda_kerjasama import load_scenario, plots, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> svg = chart_svg("budget", lambda ax: plots.budget_use(result, ax=ax, lang="en"), 3.0)
    >>> svg.startswith("<svg "), 'viewBox="0 0 936 216"' in svg, "Budget used" in svg
    (True, True, True)
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.font_manager import FontProperties

#: Charts are this wide (inches) unless asked otherwise: at a page's full width (about
#: 1300 px) matplotlib's 10 pt text then shows at about the 14 px of the page's text.
WIDTH = 13.0
#: The size of ordinary text (points); titles are ``large``, legends ``small``.
FONT_SIZE = 10.0
#: Points between a title and the axes, an axis label and its tick labels.
TITLE_PAD = 6.0
LABEL_PAD = 4.0
#: Lines (a cap's dashes) are this wide, in points; dashes are 3.7 on, 1.6 off, times
#: the width.
LINE_WIDTH = 1.5
DASHED = (0.0, (3.7, 1.6))
#: Tick labels switch to scientific notation outside 10^-5 .. 10^6.
POWER_LIMITS = (-5, 6)
#: No SVG metadata (a date, links): the same chart gives the same markup.
_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@cache
def _defaults() -> Mapping[str, Any]:
    """matplotlib's default settings (never the process's current ones)."""
    import matplotlib

    return dict(matplotlib.rcParamsDefault.items())


def family() -> list[str]:
    """The font text is measured with: the first of matplotlib's default sans-serif
    fonts, DejaVu Sans, which matplotlib ships (the SVG names them all for the browser,
    see :func:`chart_svg`)."""
    return [_defaults()["font.sans-serif"][0]]


def font(size: str | float = "medium", weight: str = "normal") -> FontProperties:
    """A font of the report's family in ``size`` (points, or ``small``, ``large``, ...
    relative to :data:`FONT_SIZE`).

    Example:
        >>> font("large").get_size(), font().get_family()[0]
        (12.0, 'DejaVu Sans')
    """
    from matplotlib.font_manager import FontProperties, font_scalings

    points = font_scalings[size] * FONT_SIZE if isinstance(size, str) else float(size)
    return FontProperties(
        family=family(), style="normal", variant="normal", weight=weight, size=points
    )


def text_style(size: str | float = "medium") -> dict[str, Any]:
    """Keyword arguments for a text (a title, a label, an annotation): its font and
    colour, and no ``$...$`` maths.

    Example:
        >>> text_style("small")["fontproperties"].get_size()
        8.33
    """
    return {"fontproperties": font(size), "color": _defaults()["text.color"], "parse_math": False}


def legend_style(size: str | float = "small") -> dict[str, Any]:
    """Keyword arguments for ``ax.legend`` giving every property of the legend: font,
    frame, spacing (what ``loc``, ``bbox_to_anchor`` and ``borderaxespad`` do not say).

    Example:
        >>> legend_style()["framealpha"]
        0.8
    """
    d = _defaults()
    face = d["axes.facecolor"] if d["legend.facecolor"] == "inherit" else d["legend.facecolor"]
    edge = d["axes.edgecolor"] if d["legend.edgecolor"] == "inherit" else d["legend.edgecolor"]
    return {
        "prop": font(size),
        "labelcolor": d["text.color"],
        "frameon": d["legend.frameon"],
        "framealpha": d["legend.framealpha"],
        "facecolor": face,
        "edgecolor": edge,
        "fancybox": d["legend.fancybox"],
        "shadow": d["legend.shadow"],
        "linewidth": d["patch.linewidth"],
        "numpoints": d["legend.numpoints"],
        "scatterpoints": d["legend.scatterpoints"],
        "markerscale": d["legend.markerscale"],
        "borderpad": d["legend.borderpad"],
        "labelspacing": d["legend.labelspacing"],
        "handlelength": d["legend.handlelength"],
        "handleheight": d["legend.handleheight"],
        "handletextpad": d["legend.handletextpad"],
        "columnspacing": d["legend.columnspacing"],
    }


def patch_style() -> dict[str, Any]:
    """Keyword arguments for bars and other filled shapes: no edge, default width."""
    return {"edgecolor": "none", "linewidth": _defaults()["patch.linewidth"]}


def cycle_colour(i: int) -> Any:
    """The ``i``-th colour of matplotlib's default colour cycle (what ``"C{i}"`` is
    by default), as matplotlib gives it.

    Example:
        >>> from matplotlib.colors import to_hex
        >>> to_hex(cycle_colour(0)), cycle_colour(11) == cycle_colour(1)
        ('#1f77b4', True)
    """
    colours = _defaults()["axes.prop_cycle"].by_key()["color"]
    return colours[i % len(colours)]


def new_axes(figure: Any) -> Axes:
    """The one axes of ``figure``, with the report's look (:func:`style_axes`).

    Example:
        >>> from matplotlib.figure import Figure
        >>> ax = new_axes(Figure())
        >>> ax.get_facecolor(), ax.xaxis.label.get_size()
        ((1.0, 1.0, 1.0, 1.0), 10.0)
    """
    from matplotlib.gridspec import GridSpec

    d = _defaults()
    keys = ("left", "right", "bottom", "top", "wspace", "hspace")
    grid = GridSpec(1, 1, figure=figure, **{k: d[f"figure.subplot.{k}"] for k in keys})
    return style_axes(figure.add_subplot(grid[0, 0]))


def style_axes(axes: Axes) -> Axes:
    """``axes`` with matplotlib's default look set on it, whatever the process's
    settings: face, spines, ticks and tick labels, axis labels, title, margins, no
    grid."""
    d = _defaults()
    axes.set_facecolor(d["axes.facecolor"])
    axes.set_axisbelow(d["axes.axisbelow"])
    axes.margins(x=d["axes.xmargin"], y=d["axes.ymargin"])
    axes.grid(False)
    for spine in axes.spines.values():
        spine.set_visible(True)
        spine.set_edgecolor(d["axes.edgecolor"])
        spine.set_linewidth(d["axes.linewidth"])
    for name, axis in (("x", axes.xaxis), ("y", axes.yaxis)):
        first, second = ("bottom", "top") if name == "x" else ("left", "right")
        for which in ("major", "minor"):
            axis.set_tick_params(
                which=which,
                direction=d[f"{name}tick.direction"],
                length=d[f"{name}tick.{which}.size"],
                width=d[f"{name}tick.{which}.width"],
                pad=d[f"{name}tick.{which}.pad"],
                color=d[f"{name}tick.color"],
                labelsize=font(d[f"{name}tick.labelsize"]).get_size(),
                labelcolor=d[f"{name}tick.color"],
                labelfontfamily=family(),
                **{first: True, second: False, f"label{first}": True, f"label{second}": False},
            )
        axis.label.set(**text_style(d["axes.labelsize"]))
        axis.labelpad = d["axes.labelpad"]
        axis.offsetText.set(**text_style(d[f"{name}tick.labelsize"]))
    axes.title.set(**text_style(d["axes.titlesize"]))
    return axes


def plain_text(axes: Axes) -> None:
    """No ``$...$`` maths in any text of ``axes`` (proposal ids and criterion names are
    shown as written): its tick labels included, which matplotlib makes when they are
    needed."""
    for axis in (axes.xaxis, axes.yaxis):
        for tick in axis.get_major_ticks(len(axis.get_majorticklocs())):
            tick.label1.set_parse_math(False)
            tick.label2.set_parse_math(False)
    from matplotlib.text import Text

    for text in axes.findobj(Text):
        text.set_parse_math(False)


def chart_svg(
    name: str, draw: Callable[[Axes], object], height: float, width: float = WIDTH
) -> str:
    """The chart ``draw`` makes on new axes (:func:`new_axes`) of a figure ``width`` by
    ``height`` inches, as SVG text without the XML declaration.

    ``draw`` is one of the :mod:`mcda_kerjasama.plots` functions. The figure is a bare
    :class:`~matplotlib.figure.Figure` drawn once, straight into an SVG renderer: no
    pyplot, no window, nothing left open, no global setting changed (and none read for
    its look), and no layout engine (``savefig`` with one draws every chart twice);
    :func:`fit` places the axes as constrained layout would. ``name`` salts the SVG's
    ids, so two charts of one page never share one.

    Example: see the module docstring.
    """
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    d = _defaults()
    figure = Figure(
        figsize=(width, height),
        dpi=72,  # the figure's units are the SVG's points, as when savefig writes one
        facecolor=d["figure.facecolor"],
        edgecolor=d["figure.edgecolor"],
        linewidth=0.0,
        frameon=d["figure.frameon"],
    )
    figure.set_layout_engine("none")
    FigureCanvasSVG(figure)
    axes = new_axes(figure)
    draw(axes)
    plain_text(axes)
    out = io.StringIO()
    renderer = _renderer()(
        figure.bbox.width, figure.bbox.height, out, salt=f"mcda_kerjasama-{name}"
    )
    fit(axes, renderer)  # the same renderer: each text is measured once
    plain_text(axes)  # tick labels made for the axes' final size
    figure.draw(renderer)
    renderer.finalize()
    svg = out.getvalue()
    start = svg.find("<svg")
    # the text was measured with DejaVu Sans; the browser gets matplotlib's default list
    # of sans-serif fonts, DejaVu Sans first, as the reports always had
    return _FAMILY.sub(f"font-family: {_css_family()}", svg[start:])


_FAMILY = re.compile(r"font-family: [^;\"]*")


@cache
def _css_family() -> str:
    """matplotlib's default sans-serif fonts as CSS, as matplotlib writes them: names
    quoted, generic names not, the generic ``sans-serif`` last.

    Example:
        >>> _css_family()[:30], _css_family()[-12:]
        ("'DejaVu Sans', 'Bitstream Vera", ', sans-serif')
    """
    from matplotlib.font_manager import font_family_aliases

    names = [*_defaults()["font.sans-serif"], "sans-serif"]
    quoted = [n if n in font_family_aliases else repr(n) for n in names]
    return ", ".join(dict.fromkeys(quoted))


@cache
def _renderer() -> Callable[..., RendererSVG]:
    """matplotlib's SVG renderer with the two settings it reads from the process given
    per renderer instead: text is always SVG text, and ids are salted by ``salt``."""
    from matplotlib.backends.backend_svg import RendererSVG

    class Renderer(RendererSVG):
        def __init__(self, width: float, height: float, out: io.StringIO, *, salt: str):
            super().__init__(width, height, out, metadata=_NO_METADATA)
            self._salt = salt

        def _make_id(self, type: str, content: object) -> str:
            digest = hashlib.sha256(self._salt.encode("utf8"))
            digest.update(str(content).encode("utf8"))
            return f"{type}{digest.hexdigest()[:10]}"

        def draw_text(
            self,
            gc: Any,
            x: float,
            y: float,
            s: str,
            prop: Any,
            angle: float,
            ismath: bool | str = False,
            mtext: Any = None,
        ) -> None:
            clip = self._get_clip_attrs(gc)
            if clip:
                self.writer.start("g", **clip)
            if gc.get_url() is not None:
                self.writer.start("a", {"xlink:href": gc.get_url(), "target": "_blank"})
            self._draw_text_as_text(gc, x, y, s, prop, angle, ismath, mtext)
            if gc.get_url() is not None:
                self.writer.end("a")
            if clip:
                self.writer.end("g")

    return Renderer


def fit(axes: Axes, renderer: RendererBase) -> None:
    """Place ``axes`` so that it and everything drawn around it (tick labels, axis labels,
    the title, a legend beside it) fill its figure, ``figure.constrained_layout.w_pad``
    and ``h_pad`` from the edges: what constrained layout does for a figure of one axes,
    measured with ``renderer`` once, again when the new size changes the ticks (and so
    maybe the tick labels' room) or changes the width by more than 20 points with a
    legend beside (long tick labels: the legend moves with the width), at most three
    times. Axes with no room left are not moved.

    Constrained layout always measures twice (and ``savefig`` draws the figure once
    more to run it). One measurement places the axes within a few hundredths of a point
    of it, except that what sits outside the axes at a place given in axes coordinates,
    such as the legend 1% of the axes' width beside the bars, moves by that share of the
    change in size: a fraction of a point, well within the pad.

    Example:
        >>> from matplotlib.backends.backend_svg import RendererSVG
        >>> from matplotlib.figure import Figure
        >>> figure = Figure(figsize=(6, 2), dpi=72)
        >>> axes = figure.add_subplot()
        >>> _ = axes.barh(["a rather long proposal title", "short"], [2, 1])
        >>> renderer = RendererSVG(432, 144, io.StringIO())
        >>> fit(axes, renderer)
        >>> tight = axes.get_tightbbox(renderer)  # the axes and its labels
        >>> [round(float(v), 1) for v in (tight.x0, 432 - tight.x1, tight.y0, 144 - tight.y1)]
        [3.0, 3.0, 3.0, 3.0]
    """
    import numpy as np

    figure = axes.get_figure(root=True)
    if figure is None:  # pragma: no cover - the axes of a figure
        return
    d = _defaults()
    pad_x = d["figure.constrained_layout.w_pad"] * figure.dpi
    pad_y = d["figure.constrained_layout.h_pad"] * figure.dpi
    width, height = figure.bbox.width, figure.bbox.height
    for _ in range(2):
        ticks = [axis.get_majorticklocs() for axis in (axes.xaxis, axes.yaxis)]
        tight = axes.get_tightbbox(renderer, for_layout_only=True)
        if tight is None:  # pragma: no cover - an invisible axes
            return
        box = axes.get_window_extent()
        width_before = float(box.width)
        left, right = box.x0 - tight.x0 + pad_x, tight.x1 - box.x1 + pad_x
        bottom, top = box.y0 - tight.y0 + pad_y, tight.y1 - box.y1 + pad_y
        if left + right >= width or bottom + top >= height:
            return
        axes.set_position(
            (left / width, bottom / height, 1 - (left + right) / width, 1 - (bottom + top) / height)
        )
        moved = [axis.get_majorticklocs() for axis in (axes.xaxis, axes.yaxis)]
        same_ticks = all(np.array_equal(a, b) for a, b in zip(ticks, moved, strict=True))
        # a legend beside the axes sits at 1% of the axes' width: when the width changed
        # by more than 20 points (long tick labels) it moved too, so measure once more
        legend = axes.get_legend()
        beside = legend is not None and legend.get_bbox_to_anchor().x0 > axes.bbox.x1
        if same_ticks and not (beside and abs(axes.bbox.width - width_before) > 20):
            return
