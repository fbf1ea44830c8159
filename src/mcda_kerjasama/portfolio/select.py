"""Choose the portfolio: build the model, solve it, read the answer back by id.

Example:
    >>> import pandas as pd
    >>> from mcda_kerjasama.scenario import SolverOptions
    >>> data = pd.DataFrame({"cost": [3.0, 2.0, 2.0], "duration": [1, 1, 1],
    ...     "earliest_start": [2026] * 3}, index=["A", "B", "C"])
    >>> sel = solve_portfolio(data, pd.Series({"A": 10.0, "B": 6.0, "C": 5.0}), (2026,),
    ...                       {2026: 4.0}, SolverOptions())
    >>> sel.selected, sel.objective, sel.status
    (('B', 'C'), 11.0, 'optimal')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import InfeasibleError, Problem
from mcda_kerjasama.portfolio.backends import Status, get_backend
from mcda_kerjasama.portfolio.model import PortfolioModel, build_model
from mcda_kerjasama.scenario import Scenario, SolverOptions


@dataclass(frozen=True)
class SolverInfo:
    """Which solver ran, with what settings, and what it proved."""

    backend: str
    version: str
    status: Status
    gap: float
    bound: float
    seconds: float
    time_limit: float
    mip_gap: float


@dataclass(frozen=True)
class Selection:
    """The chosen portfolio.

    ``selected`` ids in input order; ``schedule`` id -> start year; ``budget_use`` per
    planning year: ``budget``, ``used``, ``remaining``; ``commitments`` the cost falling
    in years after the horizon, by year.
    """

    status: Status
    objective: float
    selected: tuple[str, ...]
    schedule: Mapping[str, int]
    budget_use: pd.DataFrame
    commitments: pd.Series
    solver: SolverInfo
    model: PortfolioModel


def solve_portfolio(
    data: pd.DataFrame,
    score: pd.Series,
    years: Sequence[int],
    budget: Mapping[int, float],
    options: SolverOptions,
) -> Selection:
    """Select from ``data`` (eligible proposals; ``cost``, ``duration``,
    ``earliest_start``) the set of most total ``score`` within ``budget`` per year.

    Example: see the module docstring.
    """
    model = build_model(data, score, years, budget)
    backend = get_backend(options.backend)
    result = backend.solve(model, options)
    if result.status == "infeasible":
        raise InfeasibleError([Problem("conflict_generic")])
    chosen = model.columns[result.x > 0.5]
    schedule = dict(zip(chosen["proposal"].astype(str), chosen["start"].astype(int), strict=True))
    selected = tuple(str(i) for i in data.index if str(i) in schedule)

    start = np.array([schedule[i] for i in selected], dtype=int)
    duration = data.loc[list(selected), "duration"].to_numpy(dtype=int)
    cost = data.loc[list(selected), "cost"].to_numpy(dtype=float)
    last = int(max([*years, *(start + duration - 1)])) if selected else int(years[-1])
    all_years = np.arange(int(years[0]), last + 1)
    active = (start[None, :] <= all_years[:, None]) & (all_years[:, None] < (start + duration))
    spend = pd.Series(active @ cost, index=all_years)
    budget_use = pd.DataFrame(
        {
            "budget": [budget[y] for y in years],
            "used": [float(spend[y]) for y in years],
        },
        index=pd.Index(list(years), name="year"),
    )
    budget_use["remaining"] = budget_use["budget"] - budget_use["used"]
    commitments = spend[spend.index > years[-1]]
    info = SolverInfo(
        backend=result.backend,
        version=result.version,
        status=result.status,
        gap=result.gap,
        bound=result.bound,
        seconds=result.seconds,
        time_limit=options.time_limit,
        mip_gap=options.mip_gap,
    )
    return Selection(
        result.status, result.objective, selected, schedule, budget_use, commitments, info, model
    )


def select_portfolio(data: pd.DataFrame, score: pd.Series, scenario: Scenario) -> Selection:
    """The portfolio for ``scenario``: its years, budget and solver settings.

    Example:
        >>> sel = select_portfolio(eligible_data, scores.total, scenario)  # doctest: +SKIP
    """
    return solve_portfolio(
        data, score, scenario.years, scenario.constraints.budget, scenario.solver
    )
