"""Charts drawn with no global state (mcda_kerjasama.report.charts): reports drawn from
several threads at once are byte for byte the reports drawn one after the other, even
while another thread changes matplotlib's settings; nothing changes those settings;
a user's style does not reach the report; no pyplot."""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

import matplotlib
import pytest
from matplotlib import style
from support import ROOT

from mcda_kerjasama import load_scenario, plots, run
from mcda_kerjasama.report import charts
from mcda_kerjasama.report.facts import ReportFacts, report_facts
from mcda_kerjasama.report.html import report_html

#: What changes from day to day in a report: the date it was made.
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@cache
def facts(name: str, *overrides: str) -> ReportFacts:
    return report_facts(run(load_scenario(ROOT / "scenarios" / name, list(overrides))))


def page(f: ReportFacts, lang: str) -> str:
    return DATE.sub("DATE", report_html(f, lang))  # type: ignore[arg-type]


def test_two_threads_draw_the_same_bytes_as_one_after_the_other() -> None:
    jobs = [(facts("contoh-ahp"), "en"), (facts("sumbar-2026"), "id")]
    alone = [page(f, lang) for f, lang in jobs]
    start = threading.Barrier(len(jobs))
    together: list[str | None] = [None] * len(jobs)
    errors: list[BaseException] = []

    def draw(i: int) -> None:
        try:
            start.wait()
            together[i] = page(*jobs[i])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert together == alone


def test_another_thread_changing_matplotlibs_settings_does_not_reach_the_charts() -> None:
    f = facts("contoh", "scenario.years=[2026,2027]", "constraints.staff=30")
    alone = page(f, "en")
    stop = threading.Event()
    hostile: Any = {"font.size": 31.0, "axes.facecolor": "#ff00ff", "svg.hashsalt": None}
    hostile.update({"text.parse_math": True, "svg.fonttype": "path", "axes.titley": None})

    def meddle() -> None:  # a notebook next door, restyling its own charts
        while not stop.is_set():
            with matplotlib.rc_context(hostile), style.context("dark_background"):
                stop.wait(0.001)

    before = dict(matplotlib.rcParams)
    thread = threading.Thread(target=meddle)
    thread.start()
    try:
        pages = [page(f, "en") for _ in range(2)]
    finally:
        stop.set()
        thread.join()
    assert pages == [alone, alone]
    assert dict(matplotlib.rcParams) == before


def weights_chart(ax: object) -> None:
    plots.weights(facts("contoh").weights, facts("contoh"), ax=ax)  # type: ignore[arg-type]


def test_drawing_changes_no_setting_and_the_code_sets_none() -> None:
    before = dict(matplotlib.rcParams)
    svg = charts.chart_svg("w", weights_chart, 3)
    assert dict(matplotlib.rcParams) == before
    assert svg.startswith("<svg ") and "<text " in svg  # text as text, not paths
    for module in (charts, plots):
        with open(str(module.__file__), encoding="utf-8") as handle:
            code = handle.read()
        for call in ("rcParams[", "rcParams.update", "rc_context", "rcdefaults", "style.use"):
            assert call not in code, (module.__name__, call)


@pytest.mark.parametrize("name", ["ggplot", "dark_background", "seaborn-v0_8-poster", "bmh"])
def test_a_users_style_does_not_reach_the_report(name: str) -> None:
    f = facts("contoh-ahp")
    expected = page(f, "id")
    with style.context(name):
        assert page(f, "id") == expected


def test_ids_are_salted_by_the_chart_name_and_stable() -> None:
    def draw(ax: object) -> None:
        plots.budget_use(facts("contoh"), ax=ax, lang="en")  # type: ignore[arg-type]

    first, again, other = (charts.chart_svg(n, draw, 3) for n in ("a", "a", "b"))
    salted = re.compile(r'id="([a-z]+[0-9a-f]{10})"')  # clip paths and markers
    ids = set(salted.findall(first))
    assert first == again
    assert ids and ids.isdisjoint(salted.findall(other))


def test_the_browser_gets_matplotlibs_default_fonts() -> None:
    svg = charts.chart_svg("w", weights_chart, 3)
    families = set(re.findall(r"font-family: ([^;\"]*)", svg))
    assert families == {charts._css_family()}
    assert charts._css_family().startswith("'DejaVu Sans'")
    assert charts._css_family().endswith(", sans-serif")
