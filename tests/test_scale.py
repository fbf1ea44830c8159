"""Bounded work at every size (issue 14): the terminal prints a bounded number of rows
and the report draws a bounded number of charts, each with the rest counted in words;
the pipeline reports each stage's seconds. Speed itself is measured in
``benchmarks/e2e.py``, never here."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from portfolio_cases import FIRST, frame
from rich.console import Console
from support import CONTOH

from mcda_kerjasama.constraints import Constraints, GroupLimit, Rule
from mcda_kerjasama.i18n import text
from mcda_kerjasama.pipeline import run
from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.report import console as console_module
from mcda_kerjasama.report import html as html_module
from mcda_kerjasama.report.console import print_run
from mcda_kerjasama.report.html import report_html
from mcda_kerjasama.scenario import SolverOptions, load_scenario

SUMBAR = CONTOH.parent / "sumbar-2026"


@pytest.fixture(scope="module")
def contoh_run():
    return run(load_scenario(CONTOH))


@pytest.fixture(scope="module")
def sumbar_run():
    return run(load_scenario(SUMBAR))


def _printed(result, lang: str) -> str:
    console = Console(file=io.StringIO(), width=400, markup=False, color_system=None)
    print_run(result, lang, console=console)
    return console.file.getvalue()


def _body_ids(output: str) -> list[str]:
    return [
        line.strip("│ ").split("│")[1].strip()
        for line in output.splitlines()
        if line.startswith("│") and line.split("│")[2].strip()
    ]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_console_prints_at_most_console_rows_and_counts_the_rest(
    contoh_run, lang, monkeypatch
) -> None:
    whole = _printed(contoh_run, lang)
    order = list(contoh_run.priority.table.index)
    assert _body_ids(whole) == order  # 12 rows: under the bound, printed whole
    assert "…" not in whole
    monkeypatch.setattr(console_module, "CONSOLE_ROWS", 5)
    cut = _printed(contoh_run, lang)
    assert _body_ids(cut) == order[:5]
    last = cut.rstrip("\n").splitlines()[-1]
    assert last == text("console_more_rows", lang, more="7", total="12")


def test_console_more_line_uses_the_languages_thousands_mark(contoh_run, monkeypatch) -> None:
    monkeypatch.setattr(console_module, "CONSOLE_ROWS", 0)
    assert "(12 " in _printed(contoh_run, "id").splitlines()[-1]


def _contribution_ids(svg: str, selected: tuple[str, ...]) -> list[str]:
    labels = [t.strip().split(" ")[0] for t in re.findall(r">([^<>]+)</text>", svg)]
    return [t for t in labels if t in selected]  # a bar's label: its code, a short title


@pytest.mark.parametrize("lang", ["id", "en"])
def test_report_draws_at_most_the_bounded_breakdown_charts(sumbar_run, lang, monkeypatch) -> None:
    selected = sumbar_run.selection.selected
    order = list(
        sumbar_run.scores.total.loc[list(selected)]
        .sort_values(ascending=False, kind="stable")
        .index
    )
    whole = report_html(sumbar_run, lang)
    assert whole.count("<svg") == 2 + 3  # budget, weights, 73 bars in 3 charts
    assert text("html_breakdown_more", lang, shown="25", total="73") not in whole
    monkeypatch.setattr(html_module, "_MAX_BREAKDOWN_CHARTS", 1)
    cut = report_html(sumbar_run, lang)
    charts = re.findall(r"<svg\b.*?</svg>", cut, flags=re.DOTALL)
    assert len(charts) == 2 + 1
    assert [t.strip() for t in _contribution_ids(charts[2], selected)] == order[:25]
    assert text("html_breakdown_more", lang, shown="25", total="73") in cut
    # the table still gives every selected proposal's contributions
    table = cut.split('class="breakdown"')[1]
    assert all(f">{pid}<" in table for pid in selected)


def test_run_reports_every_stage_in_order(contoh_run) -> None:
    timings: dict[str, float] = {}
    result = run(load_scenario(CONTOH), timings=timings)
    assert list(timings) == [
        "read",
        "screen",
        "weights",
        "score",
        "build",
        "solve",
        "explain",
        "priority",
    ]
    assert all(seconds >= 0 for seconds in timings.values())
    assert result.selection.selected == contoh_run.selection.selected


# --- group limits: one pass over the rows, the same groups and rows as before ----------


def _members_before(limit, data):
    """``GroupLimit.members`` as it was before issue 14 (a pass per group)."""
    if limit.column is None:
        return [(limit.name, limit.rule.mask(data).to_numpy())]
    cells = data[limit.column].astype(str)
    if limit.values:
        wanted = {v.lower() for v in limit.values}
        return [(limit.name, cells.str.lower().isin(wanted).to_numpy())]
    return [
        (f"{limit.name}: {value}", (cells == value).to_numpy())
        for value in sorted(cells.unique())
        if value != ""
    ]


_CELLS = st.sampled_from(["", "A", "a", "B", "Dinas Z", "dinas z", "é", "10", "9", "KSDD"])


@given(
    cells=st.lists(_CELLS, min_size=0, max_size=30),
    values=st.lists(_CELLS, max_size=3).map(tuple),
    by_rule=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_group_members_equal_the_pass_per_group(cells, values, by_rule) -> None:
    data = pd.DataFrame({"agency": cells}, index=[f"P{i}" for i in range(len(cells))])
    if by_rule:
        limit = GroupLimit("group[0]", "G", rule=Rule(where=({"agency": values or ("a",)},)))
    else:
        limit = GroupLimit("group[0]", "G", column="agency", values=values)
    got = limit.members(data)
    want = _members_before(limit, data)
    assert [label for label, _ in got] == [label for label, _ in want]
    for (_, a), (_, b) in zip(got, want, strict=True):
        assert a.dtype == bool and a.tolist() == b.tolist()
    labels, codes = limit.codes(data)
    assert labels == [label for label, _ in want]
    for k, (_, mask) in enumerate(want):
        assert (codes == k).tolist() == mask.tolist()
    assert not any(mask[i] for i in np.flatnonzero(codes < 0) for _, mask in want)


@given(
    agencies=st.lists(st.sampled_from(["", "A", "B", "C", "b"]), min_size=1, max_size=14),
    costs=st.lists(st.integers(0, 5), min_size=14, max_size=14),
    durations=st.lists(st.integers(1, 3), min_size=14, max_size=14),
)
@settings(max_examples=60, deadline=None)
def test_group_rows_equal_the_dense_rows_of_before(agencies, costs, durations) -> None:
    rows = {
        f"P{i:02d}": {
            "agency": agency,
            "cost": float(costs[i]),
            "duration": durations[i],
            "earliest_start": FIRST + i % 2,
        }
        for i, agency in enumerate(agencies)
    }
    data = frame(rows)
    years = (FIRST, FIRST + 1, FIRST + 2)
    limits = (
        GroupLimit("group[0]", "per", column="agency", max_count=2, min_share=0.1),
        GroupLimit("group[1]", "ab", column="agency", values=("a", "B"), max_share=0.5),
    )
    constraints = Constraints(budget=dict.fromkeys(years, 10.0), groups=limits)
    model = build_model(data, pd.Series(1.0, index=data.index), years, constraints)
    prop_of = model.columns["proposal"].map({p: i for i, p in enumerate(data.index)}).to_numpy()
    matrix = model.matrix.tocsr()
    labels = model.rows
    expected_names = []
    for limit in limits:
        for label, member in _members_before(limit, data):
            in_group = member[prop_of]
            name = f"{limit.key}:{label}"
            if limit.max_count is not None:
                expected_names.append((name, in_group.astype(float)))
            for y, year in enumerate(years):
                if limit.min_share is not None or limit.max_share is not None:
                    expected_names.append((f"{name}:{year}", model.cost_by_year[y] * in_group))
    grouped = labels.index[labels["kind"].astype(str).str.startswith("group")]
    assert [str(labels.at[r, "name"]) for r in grouped] == [n for n, _ in expected_names]
    for r, (_, dense) in zip(grouped, expected_names, strict=True):
        row = matrix[labels.index.get_loc(r)]
        assert np.array_equal(row.toarray().ravel(), dense)
        assert row.nnz == np.count_nonzero(dense)  # no explicit zeros


# --- the time limit: building and solving share it; a MIP answers at its limit -------


class _SpyBackend:
    """The HiGHS backend, recording the time limit each solve receives."""

    def __init__(self) -> None:
        from mcda_kerjasama.portfolio.backends import get_backend

        self.real = get_backend("highs")
        self.limits: list[float] = []

    def solve(self, model, options):
        self.limits.append(options.time_limit)
        return self.real.solve(model, options)


def _problem(time_limit: float) -> SelectionProblem:
    data = frame({"X": {"cost": 1.0}, "Y": {"cost": 1.0}, "Z": {"cost": 2.0}})
    score = pd.Series({"X": 1.0, "Y": 3.0, "Z": 2.0})
    return SelectionProblem(
        data,
        score,
        (FIRST,),
        Constraints(budget={FIRST: 2.0}),
        SolverOptions(time_limit=time_limit, tie_break=False),
    )


@pytest.mark.parametrize("spent", [0.0, 3.0, 9.9, 50.0])
def test_the_solver_receives_the_time_left_after_building(monkeypatch, spent) -> None:
    from mcda_kerjasama.portfolio import select

    spy = _SpyBackend()
    monkeypatch.setattr(select, "get_backend", lambda name: spy)
    clock = iter([100.0, 100.0 + 2.0])  # building the model "takes" 2 s
    monkeypatch.setattr(select.time, "perf_counter", lambda: next(clock, 200.0))
    sel = select.solve_portfolio(_problem(10.0), spent=spent)
    assert spy.limits == [pytest.approx(max(10.0 - spent - 2.0, select.MIN_SOLVE_SHARE * 10.0))]
    assert sel.selected == ("X", "Y")
    assert sel.solver.time_limit == 10.0  # the scenario's limit is what is reported


def test_pipeline_counts_the_building_against_the_time_limit(monkeypatch) -> None:
    from mcda_kerjasama import pipeline
    from mcda_kerjasama.portfolio import select

    seen: list[float] = []
    real = select.solve_portfolio

    def spy(problem, *, spent=0.0):
        seen.append(spent)
        return real(problem, spent=spent)

    monkeypatch.setattr(select, "solve_portfolio", spy)
    timings: dict[str, float] = {}
    pipeline.run(load_scenario(CONTOH), timings=timings)
    assert len(seen) == 1 and seen[0] >= timings["build"]


class _Event:
    def __init__(self, x: list[float], objective: float, bound: float) -> None:
        self.data_out = type(
            "Out",
            (),
            {"mip_solution": x, "objective_function_value": objective, "mip_dual_bound": bound},
        )()
        self.interrupted = False

    def interrupt(self) -> None:
        self.interrupted = True


@pytest.mark.skipif(
    not hasattr(__import__("highspy").Highs, "cbMipImprovingSolution"),
    reason="this highspy has no callback events: the wall-clock guard is off (HiGHS's own limit)",
)
def test_a_mip_past_its_limit_answers_with_the_best_portfolio_found(monkeypatch) -> None:
    """HiGHS in a step that does not look at the clock (a stand-in that finds one
    portfolio, then waits until told to stop): the run answers with that portfolio and
    the last bound, unfinished; the session's next use waits for HiGHS to stop."""
    import threading

    from mcda_kerjasama.portfolio.backends import highs
    from mcda_kerjasama.portfolio.backends.program import MixedProgram

    model = _problem(10.0).model
    session = highs.BACKEND.session(MixedProgram.from_model(model), 10.0)
    released = threading.Event()
    stopped: list[bool] = []

    def stuck_run() -> None:
        found = [0.0] * session.n
        found[0] = 1.0
        session._watch.improving(_Event(found, 1.0, 5.0))
        tick = _Event(found, 1.0, 4.5)
        while not tick.interrupted:  # HiGHS's next check: the interrupt callback
            released.wait(0.001)
            session._watch.interrupt(tick)
        stopped.append(True)

    monkeypatch.setattr(session.h, "run", stuck_run)
    answer = session.run(time_limit=0.01)
    assert not answer.finished and not answer.infeasible
    assert answer.x is not None and answer.x.tolist()[0] == 1.0 and answer.objective == 1.0
    assert answer.bound in (5.0, 4.5)
    assert "time limit" in answer.reason
    session.clear()  # waits for the run left behind
    assert stopped == [True] and session._running is None


def test_a_mip_that_stops_by_itself_is_read_as_before() -> None:
    from mcda_kerjasama.portfolio.backends import highs
    from mcda_kerjasama.portfolio.backends.program import MixedProgram

    model = _problem(10.0).model
    session = highs.BACKEND.session(MixedProgram.from_model(model), 10.0)
    answer = session.run()
    assert answer.finished and answer.objective == 4.0 and session._running is None


# --- reading: the byte-level shortcuts agree with the cells ---------------------------


def _padded_before(data: bytes, sep: str) -> bool:
    """``_has_padded_cells`` as it was before issue 14 (numpy over every space)."""
    from mcda_kerjasama.proposals.csvfile import _has_unicode_space

    if b"\t" in data:
        return True
    octets = np.frombuffer(data, dtype=np.uint8)
    if _has_unicode_space(octets):
        return True
    spaces = np.flatnonzero(octets == ord(" "))
    if spaces.size == 0:
        return False
    last = len(octets) - 1
    neighbours = np.concatenate(
        [octets[np.minimum(spaces + 1, last)], octets[np.maximum(spaces - 1, 0)]]
    )
    edges = [ord(sep), ord("\n"), ord("\r")]
    return bool(np.isin(neighbours, edges).any() or spaces[0] == 0 or spaces[-1] == last)


_PIECES = st.sampled_from(["a", " ", ";", ",", "\n", "\r\n", "\t", "\u00a0", "é", "–", "\u3000"])


@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from([";", ","]))
@example("a \r\nb", ";")
@example("a\u00a0", ",")
@settings(max_examples=300, deadline=None)
def test_padded_cells_found_as_before(text_: str, sep: str) -> None:
    from mcda_kerjasama.proposals.csvfile import _has_padded_cells

    data = text_.encode("utf-8")
    assert _has_padded_cells(data, sep) == _padded_before(data, sep)


_CELL = st.text(alphabet=st.sampled_from(["x", "é", ";", '"', "\n", " "]), max_size=12)


@given(st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_no_long_cell_is_missed(rows: list[list[str]]) -> None:
    """Whenever a cell (as Python's csv module reads the file) is longer than the limit,
    the shortcut says the file may hold one."""
    import csv
    from unittest import mock

    from mcda_kerjasama.proposals import csvfile

    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    longest = max(
        (len(c) for row in csv.reader(io.StringIO(buffer.getvalue()), delimiter=";") for c in row),
        default=0,
    )
    for limit in (0, 1, 3, 5, 8):
        with mock.patch.object(csvfile, "MAX_CELL_CHARS", limit):
            if longest > limit and len(data) > limit:
                assert csvfile._may_hold_long_cells(data, ";")


@pytest.mark.skipif(
    not hasattr(__import__("highspy").Highs, "cbMipImprovingSolution"),
    reason="this highspy has no callback events: the wall-clock guard is off (HiGHS's own limit)",
)
def test_a_mip_past_its_limit_with_no_portfolio_yet_waits_for_highs(monkeypatch) -> None:
    """Nothing to answer with (no start, no portfolio found): the run waits for HiGHS to
    stop by itself and reads its status as before, rather than failing at the limit."""
    import threading

    from mcda_kerjasama.portfolio.backends import highs
    from mcda_kerjasama.portfolio.backends.program import MixedProgram

    model = _problem(10.0).model
    session = highs.BACKEND.session(MixedProgram.from_model(model), 10.0)
    done = threading.Event()

    def slow_run() -> None:
        for _ in range(30):  # past the limit below, then HiGHS "stops by itself"
            done.wait(0.002)
        done.set()

    monkeypatch.setattr(session.h, "run", slow_run)
    assert session._guarded(0.001, None) is None
    assert done.is_set() and session._running is None


def test_a_value_highs_reports_in_other_terms_leaves_the_gap_unknown() -> None:
    """A portfolio whose reported value is not the value of its columns (HiGHS's
    presolved terms): the answer keeps the columns' own value and claims no bound."""
    from mcda_kerjasama.portfolio.backends.highs import _Watch

    watch = _Watch(np.array([2.0, 3.0, 4.0]))
    watch.improving(_Event([1.0, 1.0, 0.0], 5.0, 6.0))  # worth 5: its bound is kept
    assert watch.objective == 5.0 and watch.bound == 6.0
    watch.improving(_Event([0.0, 1.0, 1.0], 4.0, 6.5))  # worth 7, reported as 4
    assert watch.objective == 7.0 and np.isnan(watch.bound)
    watch.interrupt(_Event([], 0.0, 6.2))
    assert np.isnan(watch.bound)


def test_the_command_line_loads_no_numerical_library_before_a_command_runs() -> None:
    """``kerjasama --help`` costs about what ``import click`` costs: importing the
    command line (and rendering its help in Indonesian) loads neither numpy, pandas,
    scipy nor a solver; the commands import them when they run."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mcda_kerjasama.cli import main\n"
        "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
        "heavy = ('numpy', 'pandas', 'scipy', 'highspy', 'matplotlib', 'openpyxl', 'rich')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
