"""The portfolio optimum equals exhaustive enumeration; the budget is never exceeded."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_kerjasama.portfolio.backends import available_backends
from mcda_kerjasama.portfolio.select import solve_portfolio
from mcda_kerjasama.scenario import SolverOptions

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

YEAR = 2026


def instance(costs, scores):
    ids = [f"P{i:02d}" for i in range(len(costs))]
    data = pd.DataFrame(
        {"cost": [float(c) for c in costs], "duration": 1, "earliest_start": YEAR}, index=ids
    )
    return data, pd.Series([float(s) for s in scores], index=ids)


def brute_force(data, score, budget):
    best = 0.0
    ids = list(data.index)
    for r in range(len(ids) + 1):
        for subset in itertools.combinations(ids, r):
            if data.loc[list(subset), "cost"].sum() <= budget + 1e-9:
                best = max(best, float(score[list(subset)].sum()))
    return best


INSTANCES = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1_000).map(lambda c: c * 1_000_000), min_size=n, max_size=n),
        st.lists(st.integers(0, 100), min_size=n, max_size=n),
        st.integers(0, 4_000).map(lambda b: b * 1_000_000),
    )
)


@settings(max_examples=40, deadline=None)
@given(INSTANCES)
def test_highs_equals_brute_force(case):
    costs, scores, budget = case
    data, score = instance(costs, scores)
    sel = solve_portfolio(data, score, (YEAR,), {YEAR: float(budget)}, SolverOptions())
    assert sel.status == "optimal"
    used = data.loc[list(sel.selected), "cost"].sum()
    assert used <= budget + 1e-6
    assert sel.budget_use.loc[YEAR, "used"] == pytest.approx(used)
    assert float(score[list(sel.selected)].sum()) == pytest.approx(sel.objective, abs=1e-6)
    assert sel.objective == pytest.approx(brute_force(data, score, budget), abs=1e-6)
    assert set(sel.schedule) == set(sel.selected)
    assert all(year == YEAR for year in sel.schedule.values())


@pytest.mark.skipif("cbc" not in available_backends(), reason="CBC not available")
@settings(max_examples=15, deadline=None)
@given(INSTANCES)
def test_cbc_gives_the_same_optimal_value(case):
    costs, scores, budget = case
    data, score = instance(costs, scores)
    highs = solve_portfolio(data, score, (YEAR,), {YEAR: float(budget)}, SolverOptions())
    cbc = solve_portfolio(data, score, (YEAR,), {YEAR: float(budget)}, SolverOptions(backend="cbc"))
    assert cbc.status == "optimal"
    assert cbc.solver.backend == "cbc"
    assert cbc.objective == pytest.approx(highs.objective, abs=1e-6)
    assert data.loc[list(cbc.selected), "cost"].sum() <= budget + 1e-6


def test_known_instance():
    data, score = instance([3, 2, 2], [10, 6, 5])
    sel = solve_portfolio(data, score, (YEAR,), {YEAR: 4.0}, SolverOptions())
    assert sel.selected == ("P01", "P02")
    assert sel.objective == 11.0
    assert sel.budget_use.loc[YEAR].tolist() == [4.0, 4.0, 0.0]


def test_zero_budget_takes_only_free_proposals():
    data, score = instance([0, 5, 0, 1], [1, 50, 2, 40])
    sel = solve_portfolio(data, score, (YEAR,), {YEAR: 0.0}, SolverOptions())
    assert sel.selected == ("P00", "P02")


def test_multi_year_schedule_respects_every_year():
    data = pd.DataFrame(
        {"cost": [3.0, 3.0, 2.0], "duration": [2, 1, 1], "earliest_start": [2026, 2026, 2027]},
        index=["A", "B", "C"],
    )
    score = pd.Series({"A": 10.0, "B": 9.0, "C": 8.0})
    sel = solve_portfolio(data, score, (2026, 2027), {2026: 3.0, 2027: 5.0}, SolverOptions())
    assert sel.objective == pytest.approx(27.0)
    assert set(sel.selected) == {"A", "B", "C"}
    assert sel.schedule["C"] == 2027  # cannot start before its earliest year
    assert (sel.budget_use["used"] <= sel.budget_use["budget"] + 1e-9).all()
    assert sel.budget_use["used"].tolist() == [3.0, 5.0]
