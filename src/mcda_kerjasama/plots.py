"""Charts for notebooks and reports: one function per chart, each drawing on a matplotlib
``ax`` (a new pyplot figure when ``None``) and returning it. ``laporan.html`` draws its
charts with these same functions (:mod:`mcda_kerjasama.report.html`). Titles, labels and
the decimal mark of the axes are in ``lang``; money is written in the short rupiah form
(``Rp 4,9 M``). matplotlib is a dependency, but it is imported only when a chart is
drawn, so the command line starts without it; nothing here calls ``plt.show()``.

Example:
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> ax = budget_use(result, lang="en")
    >>> ax.get_title(), [float(b.get_height()) for b in ax.containers[0]]
    ('Budget used per year', [4850000000.0])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

import mcda_kerjasama.report.charts as style
from mcda_kerjasama.amounts import format_number, format_rupiah_short
from mcda_kerjasama.i18n import Language, Number, text
from mcda_kerjasama.language import conventions
from mcda_kerjasama.report.facts import ReportFacts, report_facts

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.ticker import Formatter

    from mcda_kerjasama.portfolio.frontier import Frontier
    from mcda_kerjasama.results import RunResult
    from mcda_kerjasama.scenario import Scenario
    from mcda_kerjasama.sensitivity.compare import Comparison
    from mcda_kerjasama.sensitivity.montecarlo import MonteCarlo
    from mcda_kerjasama.sensitivity.oneway import OneWay
    from mcda_kerjasama.tuning import TuningState
    from mcda_kerjasama.weights.base import Weights

#: Colours: the main series, its lighter shade, the second series, caps and markers.
MAIN = "#1f5f8b"
LIGHT = "#a9c6dc"
SECOND = "#e07b39"
CAP = "#222222"
#: Selection-frequency colours by Monte Carlo class.
CLASS_COLOURS = {"core": "#2e7d32", "borderline": "#f9a825", "exterior": "#9e9e9e"}
#: The Indonesian decimal mark: 0,5 for 0.5.


def weights(
    w: Weights | TuningState,
    scenario: Scenario | ReportFacts,
    *,
    ax: Axes | None = None,
    lang: Language = "id",
) -> Axes:
    """Horizontal bars of the criterion weights, first criterion on top; the title gives
    the AHP consistency ratio and whether it is acceptable when there are judgements.
    ``w``: a run's weights or a :class:`~mcda_kerjasama.tuning.WeightTuner` state.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario, plots, run
        >>> scenario = load_scenario("scenarios/contoh")
        >>> result = run(scenario)
        >>> ax = plots.weights(result.weights, scenario, lang="en")
        >>> [round(float(b.get_width()), 2) for b in ax.patches][:2], ax.get_title()
        ([0.3, 0.25], 'Criterion weights')
        >>> from mcda_kerjasama.tuning import WeightTuner
        >>> state = WeightTuner(scenario).set_weight("real_need", 0.5)
        >>> ax = plots.weights(state, scenario, lang="en")
        >>> round(float(ax.patches[1].get_width()), 2)
        0.5
    """
    ax = _axes(ax)
    labels = _criterion_labels(scenario, w.weights.index, lang)
    values = w.weights.to_numpy(dtype=float)
    bars = ax.barh(labels, values, color=MAIN, **style.patch_style())
    ax.bar_label(
        bars, labels=[format_number(v, 3, lang) for v in values], padding=3, **style.text_style()
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 1.2 * float(values.max()))
    ax.xaxis.set_major_formatter(_numbers(lang))
    _label(ax.xaxis, text("label_weight", lang))
    title = text("label_weights", lang)
    c = w.consistency
    if c is not None:
        verdict = text("label_consistent" if c.consistent else "label_inconsistent", lang)
        cr = text("plot_weights_cr", lang, cr=Number(c.consistency_ratio, 3), verdict=verdict)
        title = f"{title}\n{cr}"
    _title(ax, title)
    return ax


def contributions(
    result: RunResult | ReportFacts,
    *,
    top: int | None = None,
    ids: Sequence[str] | None = None,
    ax: Axes | None = None,
    lang: Language = "id",
) -> Axes:
    """Stacked horizontal bars of each criterion's contribution (points) to the score of
    the selected proposals, or of the ``top`` best-scoring proposals, or of the proposals
    ``ids``; highest score on top.

    Each criterion's bars are one :class:`~matplotlib.collections.PolyCollection`
    (``ax.collections``, in the legend's order; a rectangle per proposal, row ``i`` at
    ``y = i``) that looks like ``barh``'s bars: one artist per bar (125 in a report's
    chart of 25 proposals and 5 criteria) took most of the time to make and draw.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> ax = contributions(result, top=3)
        >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.collections)
        ... # doctest: +NORMALIZE_WHITESPACE
        (['K01 Air minum lintas wilayah DAS…', 'K12 Benih padi unggul bersama BRIN',
          'K05 Pengolahan sampah regional…'], 5)
        >>> [len(bars.get_paths()) for bars in ax.collections]
        [3, 3, 3, 3, 3]
        >>> ax = contributions(result, ids=["K07", "K05"])
        >>> [t.get_text()[:3] for t in ax.get_yticklabels()]
        ['K05', 'K07']
    """
    from matplotlib.collections import PolyCollection

    ax = _axes(ax)
    facts = report_facts(result)
    total = facts.score
    if ids is not None:
        chosen = pd.Index(ids)
    elif top is None:
        chosen = pd.Index(facts.selected)
    else:
        chosen = total.sort_values(ascending=False, kind="stable").index[:top]
    chosen = total.loc[chosen].sort_values(ascending=False, kind="stable").index
    parts = facts.contributions.loc[chosen]
    labels = _criterion_labels(facts, parts.columns, lang)
    titles = facts.priority["title"]
    rows = [bar_label(str(p), str(titles.get(p, ""))) for p in chosen]  # code and title
    y = np.arange(len(rows), dtype=float)
    low, high = y - 0.4, y + 0.4  # barh's default height, 0.8
    left = np.zeros(len(rows))
    for i, (column, label) in enumerate(zip(parts.columns, labels, strict=True)):
        right = left + parts[column].to_numpy(dtype=float)
        corners = [(left, low), (right, low), (right, high), (left, high)]
        bars = PolyCollection(
            # an (n, 4, 2) array, matplotlib's fast path (its stubs want a sequence)
            np.stack([np.column_stack(c) for c in corners], axis=1),  # type: ignore[arg-type]
            facecolors=style.cycle_colour(i),  # the colours barh would give
            edgecolors="none",
            linewidths=style.patch_style()["linewidth"],
            label=label,
        )
        bars.sticky_edges.x.extend(left.tolist())  # as barh: no margin left of the bars
        ax.add_collection(bars)
        left = right
    ax.set_yticks(y, rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first row on top, no empty rows' margin
    ax.xaxis.set_major_formatter(_numbers(lang))
    _label(ax.xaxis, text("label_score", lang))
    _title(ax, text("plot_contributions", lang))
    # beside the axes: inside, it would hide the ends of the longest bars
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0, **style.legend_style())
    return ax


def budget_use(
    result: RunResult | ReportFacts, *, ax: Axes | None = None, lang: Language = "id"
) -> Axes:
    """Cost used per planning year against the year's cap (a dashed line), and the cost
    the portfolio commits in the years after the horizon in a lighter colour.

    ``ax.containers[0]`` holds the planning-year bars, ``ax.containers[1]`` (when there
    are commitments) the later years.

    Example: see the module docstring.
    """
    ax = _axes(ax)
    facts = report_facts(result)
    use = facts.use
    years = [int(y) for y in use.index]
    used = use["cost"].to_numpy(dtype=float)
    ax.bar(years, used, color=MAIN, label=text("plot_used", lang), **style.patch_style())
    later = facts.commitments
    if len(later):
        ax.bar(
            [int(y) for y in later.index],
            later.to_numpy(dtype=float),
            color=LIGHT,
            label=text("plot_commitments", lang),
            **style.patch_style(),
        )
    _caps(ax, years, use["budget"], lang)
    ax.set_xticks([*years, *(int(y) for y in later.index)])
    ax.xaxis.set_major_formatter(_years())
    ax.yaxis.set_major_formatter(_money(lang))
    _label(ax.xaxis, text("label_year", lang))
    _label(ax.yaxis, text("label_cost", lang))
    _title(ax, text("plot_budget_use", lang))
    ax.legend(loc="best", **style.legend_style())
    return ax


def staff_use(
    result: RunResult | ReportFacts, *, ax: Axes | None = None, lang: Language = "id"
) -> Axes:
    """Staff (person-months) used per planning year, against the cap when staff is
    capped.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario, run
        >>> capped = run(load_scenario("scenarios/contoh", ["constraints.staff=30"]))
        >>> ax = staff_use(capped)
        >>> [float(b.get_height()) for b in ax.containers[0]], len(ax.collections)
        ([25.0], 1)
    """
    ax = _axes(ax)
    facts = report_facts(result)
    years = [int(y) for y in facts.use.index]
    used = facts.use["staff"].to_numpy(dtype=float)
    ax.bar(years, used, color=MAIN, label=text("plot_used", lang), **style.patch_style())
    if facts.staff_capped:
        _caps(ax, years, facts.use["staff_cap"], lang)
    ax.set_xticks(years)
    ax.xaxis.set_major_formatter(_years())
    ax.yaxis.set_major_formatter(_numbers(lang))
    _label(ax.xaxis, text("label_year", lang))
    _label(ax.yaxis, text("plot_staff_unit", lang))
    _title(ax, text("plot_staff_use", lang))
    ax.legend(loc="best", **style.legend_style())
    return ax


def frontier(f: Frontier, *, ax: Axes | None = None, lang: Language = "id") -> Axes:
    """The best total value as the budget grows (a step line: a budget buys at least the
    value of every lower level), budget levels with no feasible portfolio marked with a
    cross at zero, and the scenario's budget as a vertical line.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import frontier as compute
        >>> ax = frontier(compute(load_scenario("scenarios/contoh"), steps=4), lang="en")
        >>> ax.get_title(), ax.lines[0].get_ydata().tolist()[-1]
        ('Best value by budget', 653.75)
    """
    ax = _axes(ax)
    points = f.points
    feasible = points[points["status"] != "infeasible"]
    infeasible = points[points["status"] == "infeasible"]
    ax.step(
        feasible["budget"].to_numpy(dtype=float),
        feasible["value"].to_numpy(dtype=float),
        where="post",
        marker="o",
        color=MAIN,
        label=text("label_objective", lang),
    )
    if len(infeasible):
        ax.plot(
            infeasible["budget"].to_numpy(dtype=float),
            np.zeros(len(infeasible)),
            "x",
            color=SECOND,
            label=text("status_infeasible", lang),
        )
    ax.axvline(f.current, color=CAP, linestyle="--", label=text("plot_current_budget", lang))
    ax.xaxis.set_major_formatter(_money(lang))
    ax.yaxis.set_major_formatter(_numbers(lang))
    _label(ax.xaxis, text("label_budget", lang))
    _label(ax.yaxis, text("label_objective", lang))
    _title(ax, text("label_frontier", lang))
    ax.legend(loc="best", **style.legend_style())
    return ax


def tornado(
    one_way: OneWay,
    *,
    scenario: Scenario | None = None,
    ax: Axes | None = None,
    lang: Language = "id",
) -> Axes:
    """For each criterion, a bar over the weights in which the portfolio stays the same
    and a mark at the current weight; the most sensitive criterion (narrowest interval)
    on top. Criteria are named from ``scenario`` when given, else by key.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import sensitivity
        >>> scenario = load_scenario("scenarios/contoh", ["sensitivity.draws=40"])
        >>> ax = tornado(sensitivity(scenario).one_way, scenario=scenario, lang="en")
        >>> ax.get_yticklabels()[0].get_text(), round(float(ax.patches[0].get_width()), 3)
        ('Regional potential', 0.396)
    """
    ax = _axes(ax)
    table = one_way.tornado
    keys = [str(k) for k in table.index]
    labels = _criterion_labels(scenario, keys, lang) if scenario is not None else keys
    lo = table["portfolio_lo"].to_numpy(dtype=float)
    hi = table["portfolio_hi"].to_numpy(dtype=float)
    ax.barh(labels, hi - lo, left=lo, color=LIGHT, edgecolor=MAIN, linewidth=1.0)
    ax.scatter(
        table["weight"].to_numpy(dtype=float),
        labels,
        marker="D",
        color=CAP,
        zorder=3,
        label=text("plot_current_weight", lang),
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(_numbers(lang))
    _label(ax.xaxis, text("label_weight", lang))
    _title(ax, text("plot_tornado", lang))
    ax.legend(loc="best", **style.legend_style())
    return ax


def selection_frequency(mc: MonteCarlo, *, ax: Axes | None = None, lang: Language = "id") -> Axes:
    """Each proposal's selection frequency over the Monte Carlo draws with its standard
    error as a whisker, most frequent first, coloured core / borderline / exterior.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import sensitivity
        >>> found = sensitivity(load_scenario("scenarios/contoh", ["sensitivity.draws=40"]))
        >>> ax = selection_frequency(found.monte_carlo)
        >>> ax.get_ylabel(), float(ax.patches[0].get_height())
        ('Frekuensi terpilih', 1.0)
    """
    from matplotlib.patches import Patch

    ax = _axes(ax)
    freq = mc.selection_frequency.sort_values(ascending=False, kind="stable")
    ids = [str(p) for p in freq.index]
    classes = mc.classification.loc[freq.index]
    ax.bar(
        ids,
        freq.to_numpy(dtype=float),
        yerr=mc.standard_error.loc[freq.index].to_numpy(dtype=float),
        color=[CLASS_COLOURS[str(c)] for c in classes],
        ecolor=CAP,
        capsize=2,
    )
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter(_numbers(lang))
    ax.tick_params(axis="x", labelrotation=90)
    _label(ax.yaxis, text("label_frequency", lang))
    _title(ax, text("label_frequency", lang))
    present = [c for c in CLASS_COLOURS if c in set(classes)]
    ax.legend(
        handles=[Patch(color=CLASS_COLOURS[c], label=text(f"class_{c}", lang)) for c in present],
        loc="best",
        **style.legend_style(),
    )
    return ax


def rank_acceptability(
    mc: MonteCarlo,
    *,
    max_rank: int | None = None,
    ax: Axes | None = None,
    lang: Language = "id",
) -> Axes:
    """A heat map of the share of draws in which each proposal (rows, best mean rank on
    top) holds each rank (columns, the first ``max_rank`` when given).

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import sensitivity
        >>> found = sensitivity(load_scenario("scenarios/contoh", ["sensitivity.draws=40"]))
        >>> ax = rank_acceptability(found.monte_carlo, max_rank=3, lang="en")
        >>> ax.images[0].get_array().shape[1], ax.get_xlabel()
        (3, 'Rank')
    """
    ax = _axes(ax)
    table = mc.rank_acceptability
    ranks = np.asarray(table.columns, dtype=float)
    mean_rank = table.to_numpy(dtype=float) @ ranks
    order = np.argsort(mean_rank, kind="stable")
    shown = table.iloc[order, : max_rank if max_rank is not None else None]
    image = ax.imshow(shown.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(shown.shape[1]), [str(r) for r in shown.columns])
    ax.set_yticks(range(shown.shape[0]), [str(p) for p in shown.index])
    _label(ax.xaxis, text("label_rank", lang))
    _title(ax, text("plot_rank_acceptability", lang))
    ax.figure.colorbar(image, ax=ax, label=text("plot_share", lang), format=_numbers(lang))
    return ax


def comparison(c: Comparison, *, ax: Axes | None = None, lang: Language = "id") -> Axes:
    """Run A against run B: the cost used per year side by side, with the total values
    and the numbers of proposals added, dropped and moved written under the title.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario, run
        >>> from mcda_kerjasama.sensitivity.compare import compare_results
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> cut = run(load_scenario("scenarios/contoh", ["constraints.budget=4_000_000_000"]))
        >>> ax = comparison(compare_results(result, cut), lang="en")
        >>> [float(b.get_height()) for b in ax.containers[1]], ax.texts[0].get_text()[-27:]
        ([4000000000.0], 'added 0, dropped 1, moved 0')
    """
    ax = _axes(ax)
    years = np.array([int(y) for y in c.use.index])
    width = 0.4
    for offset, column, name, colour in (
        (-width / 2, "cost_a", c.names[0], MAIN),
        (width / 2, "cost_b", c.names[1], SECOND),
    ):
        ax.bar(
            years + offset,
            c.use[column].to_numpy(dtype=float),
            width,
            color=colour,
            label=name,
            **style.patch_style(),
        )
    ax.set_xticks(years, [str(y) for y in years])
    ax.yaxis.set_major_formatter(_money(lang))
    _label(ax.xaxis, text("label_year", lang))
    _label(ax.yaxis, text("label_cost", lang))
    _title(ax, text("plot_comparison", lang, a=c.names[0], b=c.names[1]), pad=24)
    note = text(
        "plot_comparison_note",
        lang,
        value_a=Number(c.value.a),
        value_b=Number(c.value.b),
        difference=Number(c.value.difference),
        added=len(c.added),
        dropped=len(c.dropped),
        moved=len(c.moved),
    )
    ax.text(
        0.5,
        1.01,
        note,
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        **style.text_style("small"),
    )
    ax.legend(loc="best", **style.legend_style())
    return ax


# --- helpers ----------------------------------------------------------------------------


def bar_label(pid: str, title: str, width: int = 30) -> str:
    """A proposal's bar label: its code and its title cut at a word to ``width``
    characters (a reader knows a proposal by its title, a code alone says nothing).

    Example:
        >>> bar_label("K05", "Pengolahan sampah regional TPA Air Dingin")
        'K05 Pengolahan sampah regional…'
        >>> bar_label("K12", "Benih padi")
        'K12 Benih padi'
    """
    title = " ".join(title.split())
    if len(title) <= width:
        return f"{pid} {title}".strip()
    cut = title[:width].rsplit(" ", 1)[0] or title[:width]
    return f"{pid} {cut}…"


def _axes(ax: Axes | None) -> Axes:
    """``ax``, or the axes of a new pyplot figure (so notebooks show it) laid out to make
    room for the labels and a legend beside the axes, in the report's look."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return style.style_axes(plt.figure(layout="constrained").add_subplot())


def _title(ax: Axes, title: str, pad: float | None = None) -> None:
    """The chart's title in the report's font, just above the axes, centred."""
    ax.set_title(
        title,
        loc="center",
        pad=style.TITLE_PAD if pad is None else pad,
        y=1.0,
        **style.text_style("large"),
    )


def _label(axis: Any, label: str) -> None:
    """An axis label in the report's font, at the default distance."""
    axis.set_label_text(label, **style.text_style())
    axis.labelpad = style.LABEL_PAD


def _criterion_labels(
    source: Scenario | ReportFacts, keys: Sequence[object], lang: Language
) -> list[str]:
    """Criterion names in ``lang`` (the key for anything the scenario does not name)."""
    if isinstance(source, ReportFacts):
        return [source.label(str(k), lang) for k in keys]
    names = {c.key: c.display(lang) for c in (*source.groups, *source.criteria)}
    return [names.get(str(k), str(k)) for k in keys]


def _caps(ax: Axes, years: Sequence[int], caps: pd.Series, lang: Language) -> None:
    """A dashed line across each year's bar at its cap (years without a cap skipped)."""
    values = caps.to_numpy(dtype=float)
    known = ~np.isnan(values)
    if known.any():
        x = np.asarray(years, dtype=float)[known]
        ax.hlines(
            values[known],
            x - 0.4,
            x + 0.4,
            colors=CAP,
            linestyles=style.DASHED,
            linewidths=style.LINE_WIDTH,
            label=text("plot_cap", lang),
        )


def _years() -> Formatter:
    """An axis formatter writing years as they are (``2026``, never an offset)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: f"{value:.0f}")


def _money(lang: Language) -> Formatter:
    """An axis formatter writing rupiah in the short form."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: format_rupiah_short(value, lang))


def _numbers(lang: Language) -> Formatter:
    """An axis formatter writing plain numbers with the decimal mark of ``lang``.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from mcda_kerjasama import load_scenario, plots, run
        >>> scenario = load_scenario("scenarios/contoh")
        >>> ax = plots.weights(run(scenario).weights, scenario)
        >>> ax.figure.canvas.draw()
        >>> [t.get_text() for t in ax.get_xticklabels()][:3]
        ['0,00', '0,05', '0,10']
    """
    from matplotlib.ticker import ScalarFormatter

    class Numbers(ScalarFormatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            shown = super().__call__(x, pos)
            return conventions(lang).localise(shown)

    numbers = Numbers(useOffset=True, useMathText=False, useLocale=False)
    numbers.set_powerlimits(style.POWER_LIMITS)
    return numbers
