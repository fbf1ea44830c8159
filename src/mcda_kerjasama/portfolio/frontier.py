"""The budget frontier: the best total value as the budget varies from zero to the cost
of every candidate, each point an exact solve, with the portfolio changes between
neighbouring points.

With several planning years the scenario's yearly budget profile is kept and scaled;
a point's ``budget`` is the largest year's cap. Points below what the obligations
(mandatory, ongoing, must-fund) need are ``infeasible``.

Example:
    >>> from mcda_kerjasama import load_scenario
    >>> from mcda_kerjasama.pipeline import prepare
    >>> f = compute_frontier(prepare(load_scenario("scenarios/contoh")).problem, steps=4)
    >>> f.points[["status", "value", "selected"]].round(2).values.tolist()[1:3]
    [['infeasible', nan, 0], ['optimal', 385.0, 5]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.portfolio.select import solve_model
from mcda_kerjasama.problem import SelectionProblem


@dataclass(frozen=True)
class Frontier:
    """One row per budget level: ``budget`` (largest yearly cap), ``factor`` (of the
    scenario's budget), ``status``, ``value`` (NaN when infeasible), ``selected``
    (count), ``cost`` (used in the largest year), ``added`` and ``removed`` (ids, against
    the previous feasible point) and ``portfolio`` (ids)."""

    points: pd.DataFrame
    current: float


def compute_frontier(
    problem: SelectionProblem,
    *,
    steps: int = 20,
    progress: Callable[[int], None] | None = None,
) -> Frontier:
    """Solve the problem at ``steps + 1`` budget levels from zero to the cost of every
    candidate; ``progress`` is called with the number of levels solved after each one.

    Example: see the module docstring.
    """
    data, years, constraints = problem.candidates, problem.years, problem.constraints
    if steps < 1:
        raise ValueError(f"steps must be at least 1, not {steps}")
    peak = max(constraints.budget.values(), default=0.0)
    top = float(data["cost"].sum())
    rows = []
    previous: list[str] = []
    for k in range(steps + 1):
        level = top * k / steps
        factor = level / peak if peak > 0 else np.nan
        scaled = constraints.scaled(factor) if peak > 0 else _flat(constraints, years, level)
        model = problem.with_constraints(scaled).model
        result = solve_model(model, problem.solver)
        if progress:
            progress(k + 1)
        if result.status == "infeasible":
            rows.append(
                {
                    "budget": level,
                    "factor": factor,
                    "status": "infeasible",
                    "value": np.nan,
                    "selected": 0,
                    "cost": np.nan,
                    "added": [],
                    "removed": [],
                    "portfolio": [],
                }
            )
            continue
        picked = model.picked(result.x)
        portfolio = [str(p) for p in data.index if str(p) in picked]
        rows.append(
            {
                "budget": level,
                "factor": factor,
                "status": result.status,
                "value": result.objective,
                "selected": len(portfolio),
                "cost": float((model.cost_by_year @ result.x).max(initial=0.0)),
                "added": [p for p in portfolio if p not in previous],
                "removed": [p for p in previous if p not in picked],
                "portfolio": portfolio,
            }
        )
        previous = portfolio
    return Frontier(pd.DataFrame(rows), peak)


def _flat(constraints: Constraints, years: Sequence[int], level: float) -> Constraints:
    """A scenario with a zero budget has no profile to scale: the same cap every year."""
    return replace(constraints, budget={int(y): level for y in years})
