"""The parametric frontier (one model, budget rows scaled in place, kept sessions,
warm starts, reduced-cost fixing) against the frontier as it was: a new model and a
full solve per budget level. Value, status and portfolio must be the same at every
level, with and without staff caps, on both backends."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portfolio_cases import Case, instances

from mcda_kerjasama.portfolio.backends import available_backends
from mcda_kerjasama.portfolio.frontier import compute_frontier
from mcda_kerjasama.portfolio.select import solve_model
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import SolverOptions

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def problem_of(case: Case, backend: str = "highs") -> SelectionProblem:
    return SelectionProblem(
        case.data,
        case.score,
        case.years,
        case.constraints,
        SolverOptions(backend=backend),
        unavailable=case.unavailable,
    )


def per_level(problem: SelectionProblem, steps: int) -> list[tuple[str, float, list[str]]]:
    """The frontier as it was: a new model and a full solve at every level."""
    c = problem.constraints
    peak = max(c.budget.values(), default=0.0)
    top = float(problem.candidates["cost"].sum())
    out = []
    for k in range(steps + 1):
        level = top * k / steps
        if peak > 0:
            scaled = c.scaled(level / peak)
        else:
            scaled = replace(c, budget={int(y): level for y in problem.years})
        model = problem.with_constraints(scaled).model
        result = solve_model(model, problem.solver)
        if result.status == "infeasible":
            out.append(("infeasible", np.nan, []))
            continue
        picked = model.picked(result.x)
        ids = [str(p) for p in problem.candidates.index if str(p) in picked]
        out.append((str(result.status), result.objective, ids))
    return out


def check(problem: SelectionProblem, steps: int) -> None:
    points = compute_frontier(problem, steps=steps).points
    expected = per_level(problem, steps)
    assert len(points) == len(expected)
    for point, (status, value, ids) in zip(points.to_dict("records"), expected, strict=True):
        assert point["status"] == status
        if status == "infeasible":
            assert np.isnan(point["value"]) and point["portfolio"] == []
            continue
        assert point["value"] == pytest.approx(value, rel=1e-9, abs=1e-6)
        assert point["portfolio"] == ids  # tie-break on: the same portfolio


def with_staff_caps(case: Case, cap: float) -> Case:
    c = case.constraints
    return replace(case, constraints=replace(c, staff={y: cap for y in case.years}))


@PROPERTY
@given(instances(max_n=7), st.integers(1, 6))
def test_equals_a_full_solve_per_level(case, steps):
    check(problem_of(case), steps)


@PROPERTY
@given(instances(max_n=7), st.integers(1, 6), st.integers(1, 6))
def test_equals_a_full_solve_per_level_with_staff_caps(case, steps, cap):
    check(problem_of(with_staff_caps(case, float(cap))), steps)


@pytest.mark.skipif("cbc" not in available_backends(), reason="CBC not installed")
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=5), st.integers(1, 3), st.booleans())
def test_equals_a_full_solve_per_level_on_cbc(case, steps, capped):
    check(problem_of(with_staff_caps(case, 3.0) if capped else case, "cbc"), steps)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("capped", [False, True])
def test_equals_a_full_solve_per_level_on_seeded_instances(seed, capped):
    # 40 proposals, two years, every score distinct: enough columns for the LP bound to
    # fix some of them, small enough for the tie-break to apply
    staff = {2026: 12.0, 2027: 10.0} if capped else {}
    check(seeded_problem(seed, 40, distinct=True, staff=staff), 8)


def test_each_levels_session_is_scaled_by_the_scenarios_budgets(contoh):
    """The first level has a zero budget; every level's session must still scale HiGHS's
    rows as the scenario's own model (budget rows in rupiah by a power of two near their
    largest coefficient), not leave them unscaled as a zero bound would: unscaled, the
    1,000-proposal frontier's first feasible level took 10.5 s, not 1.4 s."""
    from mcda_kerjasama.pipeline import prepare
    from mcda_kerjasama.portfolio.backends.highs import row_scale
    from mcda_kerjasama.portfolio.frontier import _Levels
    from mcda_kerjasama.scenario import load_scenario

    problem = prepare(load_scenario(contoh)).problem
    levels = _Levels(problem.model, problem.solver)
    wanted = row_scale(levels.program)
    budget = problem.model.rows["kind"].eq("budget").to_numpy()
    assert (wanted[budget] < 1e-6).all()  # rupiah rows are scaled down
    for factor in (0.0, 0.5, 1.0):
        _, program = levels.level(factor)
        for repeated in (False, True):
            session = levels._session(program, repeated)
            assert np.array_equal(session._scale, wanted)
            assert np.array_equal(session.h.getLp().row_upper_, program.row_upper * wanted)


def seeded_problem(
    seed: int,
    n: int = 60,
    *,
    distinct: bool = False,
    staff: dict[int, float] | None = None,
    **options,
) -> SelectionProblem:
    """Three agencies, two years; scores on a grid of 0.25 (many ties) unless
    ``distinct``; staff caps of 25 and 20 unless given."""
    from mcda_kerjasama.constraints import Constraints

    rng = np.random.default_rng(seed)
    ids = [f"P{i:02d}" for i in range(n)]
    data = pd.DataFrame(
        {
            "cost": rng.integers(1, 20, n).astype(float),
            "staff": rng.integers(0, 4, n).astype(float),
            "duration": rng.integers(1, 3, n),
            "earliest_start": 2026,
            "status": "usulan",
            "nature": "",
            "agency": rng.choice(["A", "B", "C"], n),
            "exclusive_group": "",
            "requires": [()] * n,
        },
        index=ids,
    )
    values = rng.random(n) * 100 if distinct else rng.integers(1, 40, n) * 0.25
    score = pd.Series(values, index=ids)
    caps = {2026: 25.0, 2027: 20.0} if staff is None else staff
    c = Constraints(budget={2026: 100.0, 2027: 80.0}, staff=caps)
    return SelectionProblem(data, score, (2026, 2027), c, SolverOptions(**options))


def records(points: pd.DataFrame) -> list[tuple]:
    return [
        (p["status"], None if np.isnan(p["value"]) else p["value"], p["portfolio"])
        for p in points.to_dict("records")
    ]


@pytest.mark.parametrize("seed", range(3))
def test_the_lanes_do_not_change_the_answers(seed, monkeypatch):
    """Without the tie-break, which of several tied portfolios a level gets depends on
    the solver's path; each level's path depends only on the model and the level, so one
    lane, two lanes and a budget-free solve that finishes last give the same points."""
    import threading

    from mcda_kerjasama.portfolio import frontier

    problem = seeded_problem(seed, tie_break=False)
    monkeypatch.setattr(frontier, "_lanes", lambda n_columns, parallel=True: 1)
    one = records(compute_frontier(problem, steps=12).points)
    monkeypatch.setattr(frontier, "_lanes", lambda n_columns, parallel=True: 2)
    assert records(compute_frontier(problem, steps=12).points) == one

    solved: list[float] = []
    solve, free = frontier._Levels.solve, frontier._Levels.free
    all_levels = threading.Event()

    def slow_free(self):  # the budget-free optimum known only after every level
        all_levels.wait(60)
        return free(self)

    def counted(self, factor):
        answer = solve(self, factor)
        solved.append(factor)
        if len(solved) == 13:
            all_levels.set()
        return answer

    monkeypatch.setattr(frontier, "_lanes", lambda n_columns, parallel=True: 2)
    monkeypatch.setattr(frontier._Levels, "free", slow_free)
    monkeypatch.setattr(frontier._Levels, "solve", counted)
    assert records(compute_frontier(problem, steps=12).points) == one
    assert len(solved) == 13  # every level solved by a lane, then settled as before


def test_progress_counts_the_levels_in_the_calling_thread():
    import threading

    seen: list[tuple[int, str]] = []
    problem = seeded_problem(0)
    compute_frontier(
        problem, steps=6, progress=lambda k: seen.append((k, threading.current_thread().name))
    )
    assert [k for k, _ in seen] == list(range(1, 8))
    assert {name for _, name in seen} == {threading.current_thread().name}


def test_two_lanes_only_up_to_their_memory(monkeypatch):
    from mcda_kerjasama.portfolio import frontier

    monkeypatch.setattr(frontier.os, "cpu_count", lambda: 8)
    assert frontier._lanes(1_000) == frontier.LANES == 2
    assert frontier._lanes(frontier.LANES_UP_TO + 1) == 1
    assert frontier._lanes(1_000, parallel=False) == 1  # CBC's sessions
    monkeypatch.setattr(frontier.os, "cpu_count", lambda: 1)
    assert frontier._lanes(1_000) == 1
    monkeypatch.setattr(frontier.os, "cpu_count", lambda: None)
    assert frontier._lanes(1_000) == 1


def test_a_level_error_counts_only_where_the_level_needs_its_own_solve(monkeypatch):
    """The highest level fails in its lane before the budget-free optimum is known (it
    waits for the failure); that optimum settles the level, so the frontier is the
    same as without the failure, whichever finished first. A failing level that the
    optimum does not settle (a zero budget) raises its error."""
    import threading

    from mcda_kerjasama.portfolio import frontier

    problem = seeded_problem(1)
    monkeypatch.setattr(
        frontier, "_lanes", lambda n_columns, parallel=True: 2
    )  # one lane waits, the other solves every level
    expected = records(compute_frontier(problem, steps=4).points)
    failed = threading.Event()
    solve, free = frontier._Levels.solve, frontier._Levels.free

    def late_free(self):
        failed.wait(30)
        return free(self)

    def failing(top):
        def solve_or_fail(self, factor):
            if factor == top:
                failed.set()
                raise RuntimeError(f"level {factor:g} failed")
            return solve(self, factor)

        return solve_or_fail

    factors = compute_frontier(problem, steps=4).points["factor"].tolist()
    monkeypatch.setattr(frontier._Levels, "free", late_free)
    monkeypatch.setattr(frontier._Levels, "solve", failing(factors[-1]))
    assert records(compute_frontier(problem, steps=4).points) == expected
    assert failed.is_set()
    monkeypatch.setattr(frontier._Levels, "solve", failing(factors[0]))
    with pytest.raises(RuntimeError, match="level 0 failed"):
        compute_frontier(problem, steps=4)


def test_an_error_of_the_budget_free_solve_ends_the_frontier_at_once(monkeypatch):
    """...without waiting for the other lane's solve (here: blocked until the test
    ends; a Ctrl-C ends it the same way: the lanes are daemon threads, abandoned as a
    solve past its time limit is)."""
    import threading

    from mcda_kerjasama.portfolio import frontier

    release, finished = threading.Event(), threading.Event()
    monkeypatch.setattr(frontier, "_lanes", lambda n_columns, parallel=True: 2)

    def free(self):
        raise RuntimeError("budget-free solve failed")

    def solve(self, factor):
        release.wait(30)  # busy in its lane
        finished.set()

    monkeypatch.setattr(frontier._Levels, "free", free)
    monkeypatch.setattr(frontier._Levels, "solve", solve)
    try:
        with pytest.raises(RuntimeError, match="budget-free solve failed"):
            compute_frontier(seeded_problem(0), steps=4)
        assert not finished.is_set()  # the error did not wait for the busy lane
    finally:
        release.set()


CANCELLED_LANE = """
import sys, time
import numpy as np
from scipy import sparse
sys.path.insert(0, sys.argv[1])
from test_frontier_parametric import seeded_problem
from mcda_kerjasama.portfolio import frontier
from mcda_kerjasama.portfolio.backends import MixedProgram

rng = np.random.default_rng(0)  # a market-split problem: HiGHS needs minutes
A = rng.integers(0, 100, (4, 30)).astype(float)
b = np.floor(A.sum(axis=1) / 2)
hard = MixedProgram(sparse.csr_matrix(A), np.ones(30), np.zeros(30), np.ones(30), b, b,
                    integer=np.ones(30, bool), sense="max")

def solve(self, factor):
    if factor == 0:
        time.sleep(1.0)
        raise RuntimeError("level 0 failed")
    self._track(self.backend.session(hard, 600)).run()

frontier._Levels.solve = solve
frontier.os.cpu_count = lambda: 2
frontier.compute_frontier(seeded_problem(0), steps=4)
"""


def test_a_failed_frontier_stops_the_other_lanes_solver_before_python_exits(tmp_path):
    """A level fails while the other lane's HiGHS run has minutes to go: the run is
    cancelled, the error is the process's (exit code 1), within seconds; left running,
    HiGHS aborted the interpreter on exit (exit code 134, "terminate called without an
    active exception")."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", CANCELLED_LANE, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "RuntimeError: level 0 failed" in done.stderr
    assert "terminate called" not in done.stderr
    assert time.monotonic() - started < 60  # not the 600 s of the hard run
