"""laporan.html: parsed with the standard library's HTML parser and checked for content,
charts, self-containedness, language, number formats and escaping."""

from __future__ import annotations

import dataclasses
import io
import math
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.figure import Figure
from support import CONTOH, ROOT, csv_text, rows_from

from mcda_kerjasama import load_scenario, plots, run
from mcda_kerjasama.i18n import Language, catalogue, text
from mcda_kerjasama.pipeline import RunResult
from mcda_kerjasama.report import charts as chart_module
from mcda_kerjasama.report import html
from mcda_kerjasama.report.charts import fit as _fit
from mcda_kerjasama.report.html import _BARS_PER_CHART, report_html

MULTI_YEAR = [
    "scenario.years=[2026,2027,2028]",
    "constraints.budget={2026=3e9,2027=3e9,2028=3e9}",
    "constraints.budget_total=8e9",
    "constraints.staff=20",
]


class Page(HTMLParser):
    """Every start tag with its attributes, the text of table cells and all text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.tags
            if t == tag and (cls is None or cls in a.get("class", "").split())
        ]

    @property
    def text(self) -> str:
        return "".join(self.texts)


@cache
def _result(name: str, overrides: tuple[str, ...] = ()) -> RunResult:
    return run(load_scenario(ROOT / "scenarios" / name, overrides=list(overrides)))


@cache
def _page(name: str, lang: Language, overrides: tuple[str, ...] = ()) -> tuple[str, Page]:
    source = report_html(_result(name, overrides), lang)
    return source, Page(source)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_document_language_and_title(lang: Language) -> None:
    source, page = _page("contoh", lang)
    assert source.startswith("<!DOCTYPE html>")
    assert page.find("html")[0]["lang"] == lang
    assert text("html_title", lang) in page.text
    for key in ("html_summary", "html_priority", "html_budget_section", "label_weights"):
        assert page.find("h2") and text(key, lang) in page.text


def test_every_selected_proposal_is_in_the_priority_table() -> None:
    result = _result("sumbar-2026")
    _, page = _page("sumbar-2026", "id")
    rows = page.find("tr", "selected")
    assert len(rows) == len(result.selection.selected) == 73
    for pid in result.selection.selected:
        assert pid in page.cells
    groups = [a["class"] for a in page.find("tbody") if a.get("class")]
    assert groups == ["selected", "reserve", "not_eligible"]
    assert len(page.find("tr", "reserve")) == 19
    assert len(page.find("tr", "not_eligible")) == 23


def _charts(source: str) -> list[Page]:
    """Each inline SVG of ``source`` parsed on its own."""
    return [Page(svg) for svg in re.findall(r"<svg\b.*?</svg>", source, flags=re.DOTALL)]


def _texts(chart: Page) -> list[str]:
    """The text elements of a chart (titles, labels, ticks, legend), stripped."""
    return [t.strip() for t in chart.texts if t.strip()]


def _undated(source: str) -> str:
    """``source`` without the line giving the date it was made."""
    return re.sub(r'<p class="generated">.*?</p>', "", source)


def test_charts_are_the_plots_functions_in_the_report_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, Any]] = []

    def spy(name: str) -> Callable[..., Any]:
        original = getattr(plots, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, kwargs["lang"]))
            return original(*args, **kwargs)

        return wrapper

    for name in ("budget_use", "weights", "contributions"):
        monkeypatch.setattr(plots, name, spy(name))
    source = report_html(_result("contoh"), "en")
    assert calls == [("budget_use", "en"), ("weights", "en"), ("contributions", "en")]
    assert len(_charts(source)) == 3


def test_charts_show_the_run_in_its_language() -> None:
    result = _result("contoh", tuple(MULTI_YEAR))
    source, page = _page("contoh", "id", tuple(MULTI_YEAR))
    budget, weights, contributions = _charts(source)
    for svg in page.find("svg"):
        assert svg["class"] == "chart" and svg["width"] == "100%"  # scales to the page
        assert svg["viewbox"].startswith("0 0 ") and svg["role"] == "img"
    # budget_use: its title, the planning years, rupiah ticks, the cap
    assert {"Anggaran terpakai per tahun", "2026", "2027", "2028", "Rp 3 M", "Batas"} <= set(
        _texts(budget)
    )
    # weights: a bar label per criterion, Indonesian decimal marks on the axis too
    shown = _texts(weights)
    assert {"0,300", "0,250", "0,200", "0,150", "0,100", "Saling menguntungkan"} <= set(shown)
    assert "0,05" in shown and "0.05" not in shown
    # contributions: one bar per selected proposal, the criteria in the legend
    labels = [t for t in _texts(contributions) if t.split(" ", 1)[0] in result.selection.selected]
    ids = [t.split(" ", 1)[0] for t in labels]  # each bar by its code and short title
    assert sorted(ids) == sorted(result.selection.selected)
    assert all(len(t) > len(i) + 3 for t, i in zip(labels, ids, strict=True))
    assert {text("plot_contributions", "id"), "Pembangunan inklusif"} <= set(_texts(contributions))
    english = _charts(_page("contoh", "en", tuple(MULTI_YEAR))[0])
    assert {"Budget used per year", "Cap", "Used"} <= set(_texts(english[0]))
    assert {"0.300", "0.05", "Mutual benefit"} <= set(_texts(english[1]))


def test_weights_chart_gives_the_consistency_ratio() -> None:
    weights = _charts(_page("contoh-ahp", "id")[0])[1]
    assert "CR 0,009: konsisten" in _texts(weights)


def test_many_selected_proposals_are_split_into_page_sized_charts() -> None:
    result = _result("sumbar-2026")
    contributions = _charts(_page("sumbar-2026", "en")[0])[2:]
    assert len(contributions) == math.ceil(73 / _BARS_PER_CHART) == 3
    ids = [  # each bar labelled by its code and short title
        [t for t in _texts(c) if t.split(" ", 1)[0] in result.selection.selected and " " in t]
        for c in contributions
    ]
    assert [len(i) for i in ids] == [24, 25, 24]
    order = result.scores.total.loc[list(result.selection.selected)]
    expected = list(order.sort_values(ascending=False, kind="stable").index)
    assert [i.split(" ", 1)[0] for part in ids for i in part] == expected
    # one scale on every chart: the same score ticks
    ticks = [[t for t in _texts(c) if t.isdigit()] for c in contributions]
    assert ticks[0] == ticks[1] == ticks[2]


def _constrained(draw: Callable[[Axes], object], height: float) -> tuple[Any, Any]:
    """The axes box and title position (points) of the chart ``draw`` makes, laid out by
    matplotlib's constrained layout, with the report's settings but the automatic title
    position."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update({"svg.fonttype": "none", "text.parse_math": False})
        figure = Figure(figsize=(chart_module.WIDTH, height), dpi=72, layout="constrained")
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        draw(axes)
        figure.draw_without_rendering()
        return axes.get_window_extent().bounds, axes.title.get_position()


@pytest.mark.parametrize(
    ("name", "lang", "overrides"),
    [("sumbar-2026", "id", ()), ("contoh-ahp", "en", ()), ("contoh", "id", tuple(MULTI_YEAR))],
)
def test_charts_are_placed_as_constrained_layout_would(
    monkeypatch: pytest.MonkeyPatch, name: str, lang: Language, overrides: tuple[str, ...]
) -> None:
    """One measurement instead of constrained layout's two and its extra draw: the same
    place with long criterion names and two-line titles, and to within a point with the
    legend beside the bars (1% of the axes' width away, so it moves with the width)."""
    charts: list[tuple[Callable[[Axes], object], float]] = []
    placed: list[tuple[Any, Any, bool]] = []
    chart, fit = html._chart, chart_module.fit

    def record_chart(name: str, draw: Callable[[Axes], object], height: float, label: str) -> str:
        charts.append((draw, height))
        return chart(name, draw, height, label)

    def record_fit(axes: Axes, renderer: RendererBase) -> None:
        fit(axes, renderer)
        legend = axes.get_legend()
        beside = legend is not None and legend.get_bbox_to_anchor().x0 > axes.bbox.x1
        placed.append((axes.get_window_extent().bounds, axes.title.get_position(), beside))

    monkeypatch.setattr(html, "_chart", record_chart)
    monkeypatch.setattr(chart_module, "fit", record_fit)
    report_html(_result(name, overrides), lang)
    assert len(placed) == len(charts) >= 3
    assert any(beside for *_, beside in placed)
    for (draw, height), (box, title, beside) in zip(charts, placed, strict=True):
        expected_box, expected_title = _constrained(draw, height)
        assert box == pytest.approx(expected_box, abs=1.0 if beside else 0.05)
        assert title == pytest.approx(expected_title)


def _long_labels(label: str) -> tuple[Axes, RendererSVG]:
    figure = Figure(figsize=(6, 2), dpi=72)
    axes = figure.add_subplot()
    axes.barh([label, "short"], [2_000_000, 1])
    return axes, RendererSVG(432, 144, io.StringIO())


def test_fit_measures_again_when_the_ticks_change() -> None:
    axes, renderer = _long_labels("a rather long proposal title, longer still")
    ticks = len(axes.xaxis.get_majorticklocs())
    _fit(axes, renderer)
    assert len(axes.xaxis.get_majorticklocs()) < ticks  # narrower axes, fewer ticks
    tight = axes.get_tightbbox(renderer)
    margins = [tight.x0, 432 - tight.x1, tight.y0, 144 - tight.y1]
    assert margins == pytest.approx([3.0] * 4, abs=0.01)


def test_fit_leaves_axes_with_no_room_where_they_are() -> None:
    axes, renderer = _long_labels("a proposal title longer than the whole figure " * 3)
    before = axes.get_position().bounds
    _fit(axes, renderer)
    assert axes.get_position().bounds == before


def test_breakdown_table_gives_the_contributions() -> None:
    _, page = _page("contoh", "en")
    contributions = _result("contoh").scores.contributions.loc["K01"]
    cells = page.cells
    start = cells.index("K01", cells.index("Inclusiveness"))  # after the table's header
    assert cells[start + 2] == "86.25"
    assert cells[start + 3 : start + 8] == [f"{v:.2f}" for v in contributions]


def test_same_run_gives_the_same_page() -> None:
    result = _result("contoh-ahp")
    first = report_html(result, "id")
    with matplotlib.rc_context({"font.size": 30, "svg.hashsalt": None}):  # a user's settings
        second = report_html(result, "id")
    assert _undated(first) == _undated(second)
    assert first != _undated(first)  # the date is all that was taken out


def test_charts_from_threads_and_another_process_are_the_same() -> None:
    result = _result("contoh")
    expected = _undated(report_html(result, "en"))
    salt = matplotlib.rcParams["svg.hashsalt"]
    pages: list[str] = []

    def write() -> None:
        pages.append(_undated(report_html(result, "en")))

    threads = [threading.Thread(target=write) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert pages == [expected] * 3
    assert matplotlib.rcParams["svg.hashsalt"] == salt  # nothing left changed
    code = (
        "import sys\n"
        "from mcda_kerjasama import load_scenario, run\n"
        "from mcda_kerjasama.report.html import report_html\n"
        f"page = report_html(run(load_scenario({str(CONTOH)!r})), 'en')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "sys.stdout.write(page)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert _undated(out.stdout) == expected


def test_self_contained_no_external_references() -> None:
    source, page = _page("contoh-ahp", "id")
    for _, attrs in page.tags:
        for name in ("src", "href", "xlink:href", "data"):
            assert not attrs.get(name, "").lower().startswith(("http:", "https:", "//"))
    assert not page.find("script") and not page.find("link") and not page.find("img")
    assert "url(" not in source.replace("url(#", "") and "@import" not in source
    assert "<script" not in source.lower()
    assert "http:" not in source.lower() and "https:" not in source.lower()
    assert not page.find("image") and not page.find("foreignobject")
    # the CSP allows no script and nothing from anywhere; inline styles only
    policy = next(a["content"] for _, a in page.tags if a.get("http-equiv"))
    assert policy == "default-src 'none'; style-src 'unsafe-inline'"
    # every id of the charts (clip paths, markers) is defined once
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))


def test_summary_counts_status_and_generator() -> None:
    _, page = _page("contoh", "en")
    assert "7 selected, 3 in reserve, 2 not eligible" in page.text
    assert "optimal (proven)" in page.text
    assert re.search(r"Generated by mcda_kerjasama \S+ on \d{4}-\d{2}-\d{2}", page.text)


def test_not_proven_optimal_is_said_with_the_gap() -> None:
    result = _result("contoh")
    solver = dataclasses.replace(result.selection.solver, status="time_limit", gap=0.0123)
    selection = dataclasses.replace(result.selection, status="time_limit", solver=solver)
    page = Page(report_html(dataclasses.replace(result, selection=selection), "en"))
    assert page.find("p", "alert")
    assert "NOT proven optimal" in page.text
    assert "gap 1.230%" in page.text


def test_money_indonesian_style_in_id_and_english_in_en() -> None:
    _, id_page = _page("contoh", "id")
    _, en_page = _page("contoh", "en")
    assert "Rp 1.200.000.000" in id_page.cells  # K01's cost
    assert "Rp 1,200,000,000" in en_page.cells
    assert "Rp 4.850.000.000 dari Rp 5.000.000.000 (97,0%)" in id_page.text
    assert "Rp 4,850,000,000 of Rp 5,000,000,000 (97.0%)" in en_page.text
    score = f"{float(_result('contoh').scores.total['K01']):.2f}"
    assert score in en_page.cells and score.replace(".", ",") in id_page.cells


def test_staff_and_total_budget_rows_when_capped() -> None:
    _, page = _page("contoh", "en", tuple(MULTI_YEAR))
    assert text("html_staff_cap", "en") in page.cells
    assert "Total" in page.cells and "Rp 8,000,000,000" in page.cells
    assert text("html_commitments", "en") in page.text


HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x.example","klik")'


def test_hostile_titles_appear_as_text(tmp_path: Path) -> None:
    rows = rows_from(
        [{"judul": HOSTILE, "opd": "<b>OPD</b>"}, {"judul": FORMULA}, {"judul": "Air & <x>"}]
    )
    (tmp_path / "usulan.csv").write_text(csv_text(rows), encoding="utf-8")
    toml = (CONTOH / "scenario.toml").read_text(encoding="utf-8")
    (tmp_path / "scenario.toml").write_text(
        toml.replace('name = "Contoh pemetaan kerja sama 2026"', 'name = "<i>Uji</i>"'),
        encoding="utf-8",
    )
    source = report_html(run(load_scenario(tmp_path)), "id")
    page = Page(source)
    assert not page.find("script") and not page.find("i") and not page.find("b")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert HOSTILE in page.cells and FORMULA in page.cells and "Air & <x>" in page.cells
    assert "<i>Uji</i>" in page.text
    assert not any(a.get("href") for _, a in page.tags)
    assert "<b>OPD</b>" in page.cells


def test_ahp_details() -> None:
    _, page = _page("contoh-ahp", "en")
    c = _result("contoh-ahp").weights.consistency
    assert c is not None
    for key in ("html_consistency", "html_cr", "html_lambda_max", "html_respondents"):
        assert text(key, "en") in page.text
    assert f"{c.consistency_ratio:.4f}" in page.cells
    assert f"{c.lambda_max:.4f}" in page.cells
    assert "consistent" in page.cells
    assert {"Sekda", "Bappeda", "Biro Kerja Sama"} <= set(page.cells)
    assert page.find("td", "current")  # the RI of n = 5 highlighted
    assert "1.1086" in page.cells
    assert text("html_no_suggestions", "en") in page.text
    assert "judgement Mutual benefit : Inclusiveness missing" in page.text


def test_direct_weights_have_no_ahp_section() -> None:
    _, page = _page("contoh", "en")
    assert text("html_consistency", "en") not in page.text
    assert "30.00%" in page.cells  # mutual_benefit


def test_print_stylesheet() -> None:
    source, _ = _page("contoh", "id")
    assert "@media print" in source and "size: A4 landscape" in source
    assert "display: table-header-group" in source and "break-inside: avoid" in source
    assert "table-layout: fixed" in source


def test_every_html_label_is_in_both_languages() -> None:
    keys = [k for k in catalogue("id") if k.startswith("html_")]
    assert keys and all(catalogue(lang)[k] for k in keys for lang in ("id", "en"))
