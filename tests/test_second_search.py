"""The second search on the idle core (``portfolio/backends/helper.py``): which search a
solve gets, what its answer may add to one stopped at the time limit (:func:`merge`),
that its child process keeps its deadline, is stopped with the solver it started and
leaves no file behind, and that proven answers are exactly those without it.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from support import CONTOH, KERJASAMA

import mcda_kerjasama.portfolio.backends as backends
import mcda_kerjasama.portfolio.backends.helper as helper
from mcda_kerjasama import load_scenario
from mcda_kerjasama.pipeline import prepare
from mcda_kerjasama.portfolio.backends import MixedProgram, Solution, consistent
from mcda_kerjasama.portfolio.select import solve_model
from mcda_kerjasama.scenario import SolverOptions

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def hard_program(n: int = 300, rows: int = 8, seed: int = 0) -> MixedProgram:
    """A correlated multi-dimensional knapsack that neither HiGHS nor CBC proves within
    seconds (both stop at an 8 s limit 1e-3 from their bounds)."""
    rng = np.random.default_rng(seed)
    weights = rng.integers(100, 1000, size=(rows, n)).astype(float)
    value = weights.mean(axis=0) + rng.integers(0, 10, size=n)
    return MixedProgram(
        sparse.csr_matrix(weights),
        value,
        np.zeros(n),
        np.ones(n),
        np.full(rows, -np.inf),
        weights.sum(axis=1) / 2,
        integer=np.ones(n, dtype=bool),
        sense="max",
    )


def group_of(pid: int) -> list[int]:
    """The processes in process group ``pid`` (Linux: from /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pid and fields[0] != "Z":  # pgrp, not a zombie
            members.append(int(entry.name))
    return members


@pytest.mark.parametrize(
    ("columns", "options", "expected"),
    [
        (20_000, SolverOptions(), "highs"),
        (100_000, SolverOptions(), "cbc"),
        (2_000, SolverOptions(), None),  # proven in seconds: no helper
        (20_000, SolverOptions(time_limit=5), None),  # too short to start one
        (20_000, SolverOptions(second_search=False), None),
        (100, SolverOptions(second_search=True), "highs"),
        (200_000, SolverOptions(), None),  # its memory would come on top
        (200_000, SolverOptions(second_search=True), "cbc"),
        (100_000, SolverOptions(backend="cbc"), "highs"),  # the other solver
    ],
)
def test_which_search_a_solve_gets(columns, options, expected):
    assert helper.helper_kind(columns, options) == expected


def test_no_second_search_on_one_core_and_no_cbc_without_process_groups(monkeypatch):
    monkeypatch.setattr(helper.os, "name", "nt")
    assert helper.helper_kind(100_000, SolverOptions()) == "highs"
    monkeypatch.setattr(helper.os, "cpu_count", lambda: 1)
    assert helper.helper_kind(100_000, SolverOptions()) is None


def knapsack(values: list[int], weights: list[int], capacity: int) -> MixedProgram:
    n = len(values)
    return MixedProgram(
        sparse.csr_matrix(np.array([weights], dtype=float)),
        np.array(values, dtype=float),
        np.zeros(n),
        np.ones(n),
        np.array([-np.inf]),
        np.array([float(capacity)]),
        integer=np.ones(n, dtype=bool),
        sense="max",
    )


@st.composite
def merges(draw: st.DrawFn) -> tuple[MixedProgram, Solution, Solution, float]:
    """A small knapsack, its optimum, a feasible primary answer with a valid bound, and
    a helper answer that may break the row, claim a wrong value or give a bound on the
    wrong side of the best value."""
    n = draw(st.integers(1, 7))
    values = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n))
    program = knapsack(values, weights, draw(st.integers(0, 30)))
    points = [np.array(p, dtype=float) for p in itertools.product((0.0, 1.0), repeat=n)]
    feasible = [p for p in points if consistent(program, Solution(False, False, p, np.nan, 0))]
    optimum = max(float(program.cost @ p) for p in feasible)
    first_x = draw(st.sampled_from(feasible))
    first = Solution(
        False, False, first_x, float(program.cost @ first_x), optimum + draw(st.integers(0, 9))
    )
    other_x = draw(st.sampled_from(points))
    claimed = float(program.cost @ other_x) + draw(st.sampled_from([0.0, 0.0, 5.0]))
    bound = draw(st.sampled_from([np.nan, optimum, optimum + 3.0, float(claimed) - 4.0]))
    other = Solution(False, draw(st.booleans()), other_x, claimed, bound)
    return program, first, other, optimum


@settings(max_examples=300, deadline=None)
@given(merges())
def test_merge_keeps_the_best_checked_portfolio_and_the_tightest_valid_bound(case):
    program, first, other, optimum = case
    merged = helper.merge(program, first, other)
    assert consistent(program, merged)  # the answer always keeps every row
    value = float(program.cost @ merged.x)
    candidates = [first.x] + ([other.x] if consistent(program, other) else [])
    assert value == max(float(program.cost @ p) for p in candidates)
    assert value <= optimum
    bounds = [b for b in (first.bound, other.bound) if np.isfinite(b) and b >= value - 1e-9]
    assert merged.bound == min(bounds)  # the primary's bound is always valid here
    assert merged.finished == (other.finished if merged.x is not first.x else first.finished)


def test_a_helper_portfolio_when_the_primary_found_none():
    program = knapsack([5, 4, 3], [2, 2, 1], 3)
    nothing = Solution(False, False, None, np.nan, np.nan, reason="time limit")
    found = Solution(False, False, np.array([1.0, 0.0, 1.0]), 8.0, 9.0)
    assert helper.merge(program, nothing, found).x.tolist() == [1.0, 0.0, 1.0]
    breaks = Solution(False, False, np.ones(3), 12.0, 12.0)
    assert helper.merge(program, nothing, breaks) is nothing


def test_merge_minimises_too():
    program = replace(knapsack([3, 4, 5], [1, 1, 1], 3), sense="min")
    program = replace(program, row_lower=np.array([2.0]), row_upper=np.array([np.inf]))
    first = Solution(False, False, np.array([0.0, 1.0, 1.0]), 9.0, 6.0)
    other = Solution(False, False, np.array([1.0, 1.0, 0.0]), 7.0, 7.5)  # bound above 7
    merged = helper.merge(program, first, other)
    assert merged.x.tolist() == [1.0, 1.0, 0.0]
    assert merged.bound == 6.0  # 7.5 is no lower bound for a portfolio worth 7


def test_a_finished_helper_answers_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(helper.tempfile, "tempdir", str(tmp_path))
    search = helper.Helper("highs", knapsack([5, 4, 3], [2, 2, 1], 3), time.time() + 60, mip_gap=0)
    found = search.answer()
    assert found is not None and found.finished
    assert found.x.tolist() == [1.0, 0.0, 1.0]
    assert not search.alive
    assert list(tmp_path.iterdir()) == []


def test_the_deadline_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(helper.tempfile, "tempdir", str(tmp_path))
    started = time.perf_counter()
    search = helper.Helper("highs", hard_program(), time.time() + 4, mip_gap=0)
    found = search.answer()
    assert time.perf_counter() - started < 4.5
    assert found is not None and not found.finished and found.x is not None
    assert not search.alive
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["highs", "cbc"])
def test_stopping_kills_the_search_and_the_solver_it_started(kind, tmp_path, monkeypatch):
    monkeypatch.setattr(helper.tempfile, "tempdir", str(tmp_path))
    search = helper.Helper(kind, hard_program(), time.time() + 120, mip_gap=0)
    pid = search._process.pid
    wanted = 2 if kind == "cbc" else 1  # CBC runs as the child's child
    for _ in range(300):
        if len(group_of(pid)) >= wanted:
            break
        time.sleep(0.05)
    assert len(group_of(pid)) >= wanted
    time.sleep(0.5)
    started = time.perf_counter()
    search.stop()
    assert time.perf_counter() - started < 2
    assert group_of(pid) == []
    assert list(tmp_path.iterdir()) == []


def test_a_proven_answer_is_the_primary_solvers():
    model = prepare(load_scenario(CONTOH)).problem.model
    alone = solve_model(model, SolverOptions(second_search=False))
    helped = solve_model(model, SolverOptions(second_search=True))
    assert helped.status == alone.status == "optimal"
    assert np.array_equal(helped.x, alone.x)


class FakeHelper:
    """A second search that has found ``answer`` (the tests' stand-in for the child)."""

    made: ClassVar[list[FakeHelper]] = []

    def __init__(self, kind, program, deadline, *, mip_gap):
        self.kind, self.answered, self.stopped = kind, False, False
        FakeHelper.made.append(self)

    answer_x: np.ndarray | None = None
    answer_value = 0.0

    def version(self):
        return "9.9.9"

    def answer(self):
        self.answered = True
        x = FakeHelper.answer_x
        if x is None:  # nothing found by the deadline
            return None
        return Solution(False, True, x, FakeHelper.answer_value, FakeHelper.answer_value)

    def stop(self):
        self.stopped = True


def test_a_solve_stopped_at_its_limit_takes_a_better_portfolio_and_bound(monkeypatch):
    """The primary stops (``finished`` False) on the greedy start with a loose bound; the
    helper proved the optimum: the result is the helper's portfolio, proven."""
    model = prepare(load_scenario(CONTOH)).problem.model
    best = solve_model(model, SolverOptions(second_search=False))
    from mcda_kerjasama.portfolio.start import greedy_start

    start = greedy_start(model)
    assert float(model.objective @ start) < best.objective
    highs = backends.get_backend("highs")

    class Stopped:
        def __init__(self, *args, **kwargs):
            pass

        def run(self, attempt=None, time_limit=None):
            value = float(model.objective @ start)
            return Solution(False, False, start, value, best.objective + 50.0)

        def clear(self):
            pass

    monkeypatch.setattr(type(highs), "session", lambda self, *a, **k: Stopped())
    monkeypatch.setattr(backends, "Helper", FakeHelper)
    FakeHelper.made, FakeHelper.answer_x, FakeHelper.answer_value = [], best.x, best.objective
    result = highs.solve(model, SolverOptions(second_search=True))
    assert np.array_equal(result.x, best.x)
    assert result.status == "optimal" and result.bound == best.objective
    assert result.backend == "highs+highs"  # the answer is the helper's
    assert result.version == f"{highs.version()}+9.9.9"  # both, in the names' order
    assert [(h.answered, h.stopped) for h in FakeHelper.made] == [(True, True)]
    FakeHelper.made, FakeHelper.answer_x = [], None  # a helper with nothing to add
    result = highs.solve(model, SolverOptions(second_search=True))
    assert np.array_equal(result.x, start) and result.status == "time_limit"
    assert result.bound == best.objective + 50.0 and result.backend == "highs"
    assert result.version == highs.version()


COMMAND = (KERJASAMA, "run", str(CONTOH), "--format", "json", "-o")


def test_the_installed_command_with_a_second_search_prints_only_its_json(tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    done = subprocess.run(
        [*COMMAND, str(tmp_path / "out"), "--set", "solver.second_search=true"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["solver"]["status"] == "optimal"
    assert "Traceback" not in done.stderr and "HiGHS" not in done.stderr
    assert list(temp.iterdir()) == []  # the helper's folder is gone
