"""The budget frontier against an independent enumeration at every budget level: the
value, the portfolio, the budget used in the largest year, and what enters and leaves
between neighbouring feasible points."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portfolio_cases import Case, enumerate_case, foreign_group, frame, instances

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.portfolio.frontier import compute_frontier
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import SolverOptions

PROPERTY = settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])


def frontier_of(case: Case, steps: int):
    return compute_frontier(
        SelectionProblem(
            case.data,
            case.score,
            case.years,
            case.constraints,
            SolverOptions(),
            unavailable=case.unavailable,
        ),
        steps=steps,
    )


def at_level(case: Case, level: float) -> Case:
    """The case with its yearly budget profile scaled so that the largest year gets
    ``level`` (every year ``level`` when all budgets are zero); a total budget scales
    with it."""
    c = case.constraints
    peak = max(c.budget.values())
    if peak > 0:
        budget = {y: b * (level / peak) for y, b in c.budget.items()}
        total = None if c.budget_total is None else c.budget_total * (level / peak)
    else:
        budget = dict.fromkeys(case.years, level)
        total = c.budget_total
    return replace(case, constraints=replace(c, budget=budget, budget_total=total))


def yearly_cost(case: Case, schedule: dict[str, int]) -> float:
    """The cost of ``schedule`` in its most expensive planning year."""
    data = case.data
    return max(
        sum(
            float(data.loc[p, "cost"])
            for p, s in schedule.items()
            if s <= year < s + int(data.loc[p, "duration"])
        )
        for year in case.years
    )


@PROPERTY
@given(instances(max_n=5), st.integers(1, 4))
def test_every_point_is_the_enumerated_optimum(case, steps):
    points = frontier_of(case, steps).points
    top = float(case.data["cost"].sum())
    peak = max(case.constraints.budget.values())
    assert len(points) == steps + 1
    previous: list[str] = []
    ids = list(case.data.index)
    for k, point in enumerate(points.to_dict("records")):
        level = top * k / steps
        assert point["budget"] == pytest.approx(level)
        if peak > 0:
            assert point["factor"] == pytest.approx(level / peak)
        scaled = at_level(case, level)
        reference = enumerate_case(scaled)
        if not reference.any_feasible:
            assert point["status"] == "infeasible", scaled.describe()
            assert np.isnan(point["value"]) and np.isnan(point["cost"])
            assert (point["selected"], point["added"], point["removed"]) == (0, [], [])
            assert point["portfolio"] == []
            continue
        assert point["status"] == "optimal"
        assert point["value"] == pytest.approx(reference.best, abs=1e-6), scaled.describe()
        portfolio = point["portfolio"]
        assert portfolio == [p for p in ids if p in portfolio]  # input order, no repeats
        assert point["selected"] == len(portfolio)
        optimal = [reference.schedule(reference.starts[i]) for i in reference.optimal()]
        same_ids = [s for s in optimal if sorted(s) == sorted(portfolio)]
        assert same_ids, scaled.describe()  # an optimal portfolio
        costs = {yearly_cost(scaled, s) for s in same_ids}
        assert any(point["cost"] == pytest.approx(c) for c in costs), scaled.describe()
        winner = reference.schedule(reference.tie_break_winner())
        if len(optimal) == 1:
            assert sorted(portfolio) == sorted(winner)
            assert point["cost"] == pytest.approx(yearly_cost(scaled, winner))
        # against the previous feasible point, in input order
        assert point["added"] == [p for p in portfolio if p not in previous]
        assert point["removed"] == [p for p in previous if p not in portfolio]
        previous = portfolio


def test_added_and_removed_on_a_hand_made_case():
    # A (2 for 5 points), B (1 for 2), C (1.5 for 2.5); the budget goes 0, 1.5, 3, 4.5
    data = frame({"A": {"cost": 2.0}, "B": {"cost": 1.0}, "C": {"cost": 1.5}})
    score = pd.Series({"A": 5.0, "B": 2.0, "C": 2.5})
    case = Case(data, score, (2026,), Constraints(budget={2026: 3.0}))
    f = frontier_of(case, 3)
    points = f.points
    assert f.current == 3.0
    assert points["budget"].tolist() == [0.0, 1.5, 3.0, 4.5]
    assert points["factor"].tolist() == [0.0, 0.5, 1.0, 1.5]
    assert points["value"].tolist() == [0.0, 2.5, 7.0, 9.5]
    assert points["portfolio"].tolist() == [[], ["C"], ["A", "B"], ["A", "B", "C"]]
    assert points["added"].tolist() == [[], ["C"], ["A", "B"], ["C"]]
    assert points["removed"].tolist() == [[], [], ["C"], []]
    assert points["cost"].tolist() == [0.0, 1.5, 3.0, 4.5]
    assert points["selected"].tolist() == [0, 1, 2, 3]
    assert points["status"].tolist() == ["optimal"] * 4


def test_infeasible_points_are_skipped_by_added_and_removed():
    # W (wajib, 2) must be funded: levels 0 and 1 are infeasible; the changes at 2 and 3
    # count from the last feasible point, not from an infeasible one
    data = frame({"W": {"cost": 2.0, "nature": "wajib"}, "X": {"cost": 1.0}})
    score = pd.Series({"W": 1.0, "X": 1.0})
    case = Case(data, score, (2026,), Constraints(budget={2026: 3.0}))
    points = frontier_of(case, 3).points
    assert points["status"].tolist() == ["infeasible", "infeasible", "optimal", "optimal"]
    assert points["value"].isna().tolist() == [True, True, False, False]
    assert points["added"].tolist() == [[], [], ["W"], ["X"]]
    assert points["removed"].tolist() == [[], [], [], []]


def test_yearly_profile_is_scaled_and_the_cost_is_the_largest_year():
    # 2027's budget is half of 2026's; B (cost 2) can only start in 2027
    data = frame({"A": {"cost": 4.0, "duration": 2}, "B": {"cost": 2.0, "earliest_start": 2027}})
    score = pd.Series({"A": 3.0, "B": 1.0})
    c = Constraints(budget={2026: 4.0, 2027: 2.0})
    case = Case(data, score, (2026, 2027), c)
    points = frontier_of(case, 2).points  # levels 0, 3, 6 of the largest year
    assert points["factor"].tolist() == [0.0, 0.75, 1.5]
    # at 3 (2027: 1.5) only nothing fits: B needs 2 in 2027, A 4 in 2026;
    # at 6 (2027: 3): A in 2027 alone (4 > 3) does not fit, B does; A in 2026 needs 4 in 2027
    assert points["portfolio"].tolist() == [[], [], ["B"]]
    assert points["cost"].tolist() == [0.0, 0.0, 2.0]


def test_zero_budget_scenario_is_flat_over_the_years():
    data = frame({"A": {"cost": 1.0, "earliest_start": 2027}, "B": {"cost": 1.0}})
    score = pd.Series({"A": 2.0, "B": 1.0})
    case = Case(data, score, (2026, 2027), Constraints(budget={2026: 0.0, 2027: 0.0}))
    points = frontier_of(case, 2).points
    assert points["factor"].isna().all()  # no profile to scale
    assert points["budget"].tolist() == [0.0, 1.0, 2.0]
    assert points["portfolio"].tolist() == [[], ["A", "B"], ["A", "B"]]  # 1 in each year
    assert points["cost"].tolist() == [0.0, 1.0, 1.0]


def test_steps_below_one_are_refused():
    case = Case(frame({"A": {}}), pd.Series({"A": 1.0}), (2026,), Constraints({2026: 1.0}))
    with pytest.raises(ValueError, match="at least 1"):
        frontier_of(case, 0)


def test_a_minimum_share_makes_larger_budgets_infeasible():
    # at least half of the budget abroad, where the only proposal abroad costs 1: from a
    # budget of 3 on, no portfolio spends enough abroad
    data = frame({"G": {"cost": 1.0, "kind": "KSDPL"}, "X": {"cost": 3.0}})
    score = pd.Series({"G": 1.0, "X": 5.0})
    c = Constraints(budget={2026: 2.0}, groups=(foreign_group("g", min_share=0.5),))
    points = frontier_of(Case(data, score, (2026,), c), 4).points
    assert points["budget"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert points["status"].tolist() == ["optimal"] * 3 + ["infeasible"] * 2
    assert points["portfolio"].tolist() == [[], ["G"], ["G"], [], []]
    assert points["added"].tolist() == [[], ["G"], [], [], []]
    assert points["removed"].tolist() == [[], [], [], [], []]
    assert points["selected"].tolist() == [0, 1, 1, 0, 0]


def test_twenty_steps_by_default_and_small_budgets_keep_their_profile():
    # budgets of at most 1 (e.g. amounts in billions) are scaled like any other
    data = frame({"A": {"cost": 0.5, "earliest_start": 2027}, "B": {"cost": 0.5}})
    score = pd.Series({"A": 2.0, "B": 1.0})
    c = Constraints(budget={2026: 1.0, 2027: 0.25})
    f = compute_frontier(SelectionProblem(data, score, (2026, 2027), c, SolverOptions()))
    points = f.points
    assert len(points) == 21 and f.current == 1.0
    assert points["budget"].tolist() == pytest.approx([k / 20 for k in range(21)])
    assert points["factor"].tolist() == pytest.approx([k / 20 for k in range(21)])
    # A (2027, where the budget is a quarter of 2026's) fits only from a budget of 2
    # onwards, beyond the frontier's top (1): B from 0.5
    assert points["portfolio"].tolist() == [[]] * 10 + [["B"]] * 11
