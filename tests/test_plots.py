"""mcda_kerjasama.plots: every chart draws the data it is given, on the ax it is given,
in the language asked, and saves as SVG."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from support import CONTOH, ROOT

from mcda_kerjasama import load_scenario, plots, run
from mcda_kerjasama.pipeline import RunResult, SensitivityResult, frontier, sensitivity
from mcda_kerjasama.portfolio.frontier import Frontier
from mcda_kerjasama.sensitivity.compare import Comparison, compare_results


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def result() -> RunResult:
    return run(load_scenario(CONTOH))


@pytest.fixture(scope="module")
def ahp() -> RunResult:
    return run(load_scenario(ROOT / "scenarios" / "contoh-ahp"))


@pytest.fixture(scope="module")
def found() -> SensitivityResult:
    return sensitivity(load_scenario(CONTOH, ["sensitivity.draws=40"]))


@pytest.fixture(scope="module")
def front() -> Frontier:
    return frontier(load_scenario(CONTOH), steps=4)


@pytest.fixture(scope="module")
def compared(result: RunResult) -> Comparison:
    cut = run(load_scenario(CONTOH, ["constraints.budget=4_000_000_000"]))
    return compare_results(result, cut)


def _heights(container: Any) -> list[float]:
    return [float(bar.get_height()) for bar in container]


def _ticks(labels: Any) -> list[str]:
    return [t.get_text() for t in labels]


def _bars(ax: Any) -> list[Any]:
    return list(ax.patches)


def _legend(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _caps(ax: Any) -> list[float]:
    """The height of each cap line (the first line collection)."""
    return [float(segment[0][1]) for segment in ax.collections[0].get_segments()]


def test_weights_bars_are_the_weights(result: RunResult) -> None:
    _, ax = plt.subplots()
    assert plots.weights(result.weights, result.scenario, ax=ax) is ax
    widths = [float(b.get_width()) for b in _bars(ax)]
    assert widths == pytest.approx(result.weights.weights.tolist())
    assert _ticks(ax.get_yticklabels())[0] == "Saling menguntungkan"
    assert ax.get_title() == "Bobot kriteria"


def test_weights_title_gives_consistency(ahp: RunResult) -> None:
    title = plots.weights(ahp.weights, ahp.scenario, lang="en").get_title()
    assert title == "Criterion weights\nCR 0.009: consistent"
    assert "CR 0,009: konsisten" in plots.weights(ahp.weights, ahp.scenario).get_title()


def _stacked(ax: Any) -> list[list[tuple[float, float, float, float]]]:
    """The bars of each criterion (one collection each): ``(x0, x1, y0, y1)`` per row."""
    bars = []
    for collection in ax.collections:
        boxes = [path.get_extents() for path in collection.get_paths()]
        bars.append([(b.x0, b.x1, b.y0, b.y1) for b in boxes])
    return bars


def test_contributions_stack_to_the_scores(result: RunResult) -> None:
    _, ax = plt.subplots()
    assert plots.contributions(result, ax=ax, lang="en") is ax
    labels = _ticks(ax.get_yticklabels())  # each bar by its code and short title
    ids = [label.split(" ", 1)[0] for label in labels]
    titles = result.proposals.data["title"]
    assert labels == [plots.bar_label(i, titles[i]) for i in ids]
    assert all(len(label) > len(i) + 3 for label, i in zip(labels, ids, strict=True))
    assert sorted(ids) == sorted(result.selection.selected)
    contributions = result.scores.contributions.loc[ids]
    stacked = _stacked(ax)
    assert len(stacked) == len(contributions.columns)  # one collection per criterion
    left = np.zeros(len(ids))
    for column, bars in zip(contributions.columns, stacked, strict=True):
        x0, x1, y0, y1 = (np.array(v) for v in zip(*bars, strict=True))
        assert x0 == pytest.approx(left)  # each criterion starts where the last ended
        assert x1 - x0 == pytest.approx(contributions[column].to_numpy())
        assert (y0 + y1) / 2 == pytest.approx(np.arange(len(ids)))  # row i at y = i
        assert y1 - y0 == pytest.approx(0.8)  # barh's height
        left = x1
    assert left == pytest.approx(result.scores.total.loc[ids].to_numpy())
    assert [float(result.scores.total[i]) for i in ids] == sorted(
        (float(result.scores.total[i]) for i in ids), reverse=True
    )
    assert _legend(ax)[0] == "Mutual benefit"


def test_contributions_look_like_barh_bars(result: RunResult) -> None:
    ax = plots.contributions(result, top=4)
    assert not ax.patches  # a collection per criterion, not an artist per bar
    cycle = [matplotlib.colors.to_rgba(f"C{i}") for i in range(len(ax.collections))]
    assert [tuple(c.get_facecolor()[0]) for c in ax.collections] == cycle
    assert all(len(c.get_edgecolor()) == 0 for c in ax.collections)  # no outline
    handles = ax.get_legend().legend_handles
    assert [tuple(h.get_facecolor()) for h in handles] == cycle
    ax.figure.canvas.draw()
    assert ax.get_xlim()[0] == 0  # no margin left of the bars, as barh


def test_contributions_top(result: RunResult) -> None:
    ax = plots.contributions(result, top=4)
    assert len(ax.get_yticklabels()) == 4
    assert [len(bars) for bars in _stacked(ax)] == [4] * len(result.scores.contributions.columns)
    assert ax.get_title() == "Sumbangan tiap kriteria pada skor"


def test_contributions_of_given_proposals(result: RunResult) -> None:
    ax = plots.contributions(result, ids=["K07", "K01", "K05"], lang="en")
    ticks = [t.split(" ", 1)[0] for t in _ticks(ax.get_yticklabels())]
    assert ticks == ["K01", "K05", "K07"]  # highest score on top
    assert ax.get_ylim() == (2.5, -0.5)  # no empty rows above or below
    legend = ax.get_legend()
    assert legend.get_bbox_to_anchor().x0 > ax.bbox.x1  # beside the bars, not over them


def test_axes_use_the_decimal_mark_of_the_language(result: RunResult) -> None:
    for lang, expected in (("id", "0,05"), ("en", "0.05")):
        ax = plots.weights(result.weights, result.scenario, lang=lang)
        ax.figure.canvas.draw()
        assert expected in _ticks(ax.get_xticklabels())


def test_budget_use_is_the_selection_use(result: RunResult) -> None:
    _, ax = plt.subplots()
    assert plots.budget_use(result, ax=ax) is ax
    assert _heights(ax.containers[0]) == result.selection.use["cost"].tolist()
    assert _heights(ax.containers[1]) == result.selection.commitments.tolist()
    assert _caps(ax) == result.selection.use["budget"].tolist()
    assert ax.yaxis.get_major_formatter()(5e9, 0) == "Rp 5 M"
    assert ax.get_title() == "Anggaran terpakai per tahun"
    assert plots.budget_use(result, lang="en").get_ylabel() == "Cost"


def test_staff_use_without_and_with_cap(result: RunResult) -> None:
    ax = plots.staff_use(result, lang="en")
    assert _heights(ax.containers[0]) == [25.0]
    assert not ax.collections  # no cap, no cap line
    capped = run(load_scenario(CONTOH, ["constraints.staff=30"]))
    ax = plots.staff_use(capped)
    assert _heights(ax.containers[0]) == capped.selection.use["staff"].tolist()
    assert _caps(ax) == [30.0]
    assert ax.get_title() == "Staf terpakai per tahun"


def test_frontier_draws_the_points(front: Frontier) -> None:
    _, ax = plt.subplots()
    assert plots.frontier(front, ax=ax, lang="en") is ax
    points = front.points
    feasible = points[points["status"] != "infeasible"]
    step, crosses, current = ax.lines
    assert np.asarray(step.get_xdata()).tolist() == feasible["budget"].tolist()
    assert np.asarray(step.get_ydata()).tolist() == feasible["value"].tolist()
    assert len(np.asarray(crosses.get_xdata())) == int((points["status"] == "infeasible").sum())
    assert np.asarray(current.get_xdata())[0] == front.current
    assert ax.get_title() == "Best value by budget"
    assert plots.frontier(front).get_xlabel() == "Anggaran"


def test_tornado_bars_are_the_intervals(found: SensitivityResult, result: RunResult) -> None:
    _, ax = plt.subplots()
    table = found.one_way.tornado
    assert plots.tornado(found.one_way, ax=ax) is ax
    assert _ticks(ax.get_yticklabels()) == list(table.index)
    assert [float(b.get_x()) for b in _bars(ax)] == pytest.approx(table["portfolio_lo"].tolist())
    ends = [float(b.get_x() + b.get_width()) for b in _bars(ax)]
    assert ends == pytest.approx(table["portfolio_hi"].tolist())
    marks = ax.collections[0].get_offsets()
    assert np.asarray(marks)[:, 0].tolist() == table["weight"].tolist()
    named = plots.tornado(found.one_way, scenario=result.scenario, lang="en")
    first = result.scenario.criterion(str(table.index[0])).label_en
    assert _ticks(named.get_yticklabels())[0] == first
    assert named.get_title() == "Weight range keeping the same portfolio"


def test_selection_frequency_bars(found: SensitivityResult) -> None:
    mc = found.monte_carlo
    _, ax = plt.subplots()
    assert plots.selection_frequency(mc, ax=ax, lang="en") is ax
    ids = _ticks(ax.get_xticklabels())
    assert sorted(ids) == sorted(mc.selection_frequency.index)
    assert _heights(ax.patches) == mc.selection_frequency.loc[ids].tolist()
    colours = {ids[i]: bar.get_facecolor() for i, bar in enumerate(ax.patches)}
    core = mc.classification[mc.classification == "core"].index[0]
    assert colours[core] == matplotlib.colors.to_rgba(plots.CLASS_COLOURS["core"])
    assert "core (always selected)" in _legend(ax)
    assert plots.selection_frequency(mc).get_ylabel() == "Frekuensi terpilih"


def test_rank_acceptability_heat_map(found: SensitivityResult) -> None:
    table = found.monte_carlo.rank_acceptability
    _, ax = plt.subplots()
    assert plots.rank_acceptability(found.monte_carlo, ax=ax) is ax
    shown = np.asarray(ax.images[0].get_array())
    ids = _ticks(ax.get_yticklabels())
    assert shown.shape == table.shape
    assert shown.tolist() == table.loc[ids].to_numpy().tolist()
    assert ax.get_xlabel() == "Peringkat"
    few = plots.rank_acceptability(found.monte_carlo, max_rank=2, lang="en")
    assert np.asarray(few.images[0].get_array()).shape == (len(table), 2)
    assert few.get_title() == "Rank acceptability"


def test_comparison_bars_and_counts(compared: Comparison) -> None:
    _, ax = plt.subplots()
    assert plots.comparison(compared, ax=ax, lang="en") is ax
    assert _heights(ax.containers[0]) == compared.use["cost_a"].tolist()
    assert _heights(ax.containers[1]) == compared.use["cost_b"].tolist()
    note = ax.texts[0].get_text()
    assert "added 0, dropped 1, moved 0" in note
    assert "-78.75" in note
    indonesian = plots.comparison(compared).texts[0].get_text()
    assert "masuk 0, keluar 1" in indonesian and "-78,75" in indonesian


@pytest.mark.parametrize(
    "draw",
    [
        lambda r, f, fr, c: plots.weights(r.weights, r.scenario),
        lambda r, f, fr, c: plots.contributions(r),
        lambda r, f, fr, c: plots.budget_use(r),
        lambda r, f, fr, c: plots.staff_use(r),
        lambda r, f, fr, c: plots.frontier(fr),
        lambda r, f, fr, c: plots.tornado(f.one_way),
        lambda r, f, fr, c: plots.selection_frequency(f.monte_carlo),
        lambda r, f, fr, c: plots.rank_acceptability(f.monte_carlo),
        lambda r, f, fr, c: plots.comparison(c),
    ],
)
def test_new_figure_saves_as_svg(
    draw: Callable[..., Any],
    result: RunResult,
    found: SensitivityResult,
    front: Frontier,
    compared: Comparison,
) -> None:
    ax = draw(result, found, front, compared)
    out = io.BytesIO()
    ax.figure.savefig(out, format="svg")
    assert out.getvalue().lstrip().startswith(b"<?xml")
    assert b"<svg" in out.getvalue()
