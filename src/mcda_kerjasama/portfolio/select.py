"""Choose the portfolio: build the model, solve it, break ties, read it back by id.

Stage 1 maximises the total score. Then (``tie_break``; ``"auto"``, the default, applies
it to proven-optimal solves of up to 1,000 variables) the total score
is held within ``TIE_TOLERANCE`` (relative) of the stage-1 value and three integer keys
are minimised in turn, each held at its optimum for the next: total cost (whole
rupiah), start offsets weighted so that earlier ids start earlier, and the sum of id
positions, then the list of chosen columns decides what the keys leave tied
(:mod:`mcda_kerjasama.portfolio.tiebreak`: score and cost in one exact solve
when the scores lie on a grid, the two small keys in one). Equal-value portfolios
therefore resolve the same way on every backend, and the optimal value is unchanged
(portfolios whose values differ by less than the tolerance count as equal).

Example:
    >>> import pandas as pd
    >>> from mcda_kerjasama.constraints import Constraints
    >>> from mcda_kerjasama.scenario import SolverOptions
    >>> data = pd.DataFrame({"cost": [3.0, 2.0, 2.0], "staff": 0.0, "duration": 1,
    ...     "earliest_start": 2026, "status": "usulan", "nature": "", "agency": "X",
    ...     "exclusive_group": "", "requires": [(), (), ()]}, index=["A", "B", "C"])
    >>> from mcda_kerjasama.problem import SelectionProblem
    >>> sel = solve_portfolio(SelectionProblem(data, pd.Series({"A": 10.0, "B": 6.0, "C": 5.0}),
    ...                       (2026,), Constraints(budget={2026: 4.0})))
    >>> sel.selected, sel.objective, sel.status
    (('B', 'C'), 11.0, 'optimal')
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.errors import InfeasibleError
from mcda_kerjasama.portfolio.backends import SolveResult, Status, get_backend
from mcda_kerjasama.portfolio.model import PortfolioModel, model_context
from mcda_kerjasama.portfolio.tiebreak import TIE_TOLERANCE, break_ties
from mcda_kerjasama.portfolio.years import active
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.rules import constraint_kinds
from mcda_kerjasama.scenario import SolverOptions

__all__ = [
    "TIE_TOLERANCE",
    "Selection",
    "SolverInfo",
    "read_selection",
    "solve_model",
    "solve_portfolio",
]


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
    tie_break: bool


@dataclass(frozen=True)
class Selection:
    """The chosen portfolio.

    ``selected`` ids in input order; ``schedule`` id -> start year; ``use`` per planning
    year: ``budget``, ``cost`` (used), ``budget_remaining`` and, when staff is capped,
    ``staff_cap``, ``staff``, ``staff_remaining``; ``commitments`` the cost falling in
    years after the horizon, by year; ``x`` the solution and ``activity`` each row's
    value ``A x`` in the model.
    """

    status: Status
    objective: float
    selected: tuple[str, ...]
    schedule: Mapping[str, int]
    use: pd.DataFrame
    commitments: pd.Series
    solver: SolverInfo
    model: PortfolioModel
    x: np.ndarray
    activity: np.ndarray

    @property
    def budget_use(self) -> pd.DataFrame:
        """Budget, used and remaining per planning year."""
        return self.use[["budget", "cost", "budget_remaining"]].rename(
            columns={"cost": "used", "budget_remaining": "remaining"}
        )


def solve_model(model: PortfolioModel, options: SolverOptions) -> SolveResult:
    """Stage 1 and, when asked, the tie-break stages. The result's objective is the total
    score; ``seconds`` covers every stage.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> model = run(load_scenario("scenarios/contoh")).selection.model
        >>> solve_model(model, SolverOptions()).objective
        535.0
    """
    backend = get_backend(options.backend)
    started = time.perf_counter()
    first = backend.solve(model, options)
    if first.status != "optimal" or not options.tie_break_for(model.n_columns):
        return first
    left = options.time_limit - (time.perf_counter() - started)
    x, _ = break_ties(model, first, backend, left)
    return SolveResult(
        first.status,
        x,
        float(model.objective @ x),
        first.bound,
        first.gap,
        time.perf_counter() - started,
        first.backend,
        first.version,
    )


#: The smallest share of the time limit a solve gets, whatever building took.
MIN_SOLVE_SHARE = 0.05


def budget(options: SolverOptions, spent: float) -> SolverOptions:
    """``options`` with the time limit that is left after ``spent`` seconds of it (the
    model's building): building and solving together keep the scenario's limit (the
    HiGHS backend keeps a little of it for reading the answer back:
    :data:`~mcda_kerjasama.portfolio.backends.highs.READ_BACK`). At least
    :data:`MIN_SOLVE_SHARE` of the limit is left to the solver (a model that took the
    whole limit to build still gets a short solve).

    Example:
        >>> budget(SolverOptions(time_limit=60), 2.5).time_limit
        57.5
        >>> budget(SolverOptions(time_limit=10), 20).time_limit
        0.5
    """
    limit = options.time_limit
    left = max(limit - spent, MIN_SOLVE_SHARE * limit)
    return dataclasses.replace(options, time_limit=round(left, 6))


def solve_portfolio(problem: SelectionProblem, *, spent: float = 0.0) -> Selection:
    """Select from the problem's candidates the set and start years of most total score
    under its rules. Raises :class:`InfeasibleError` with a diagnosis when no portfolio
    satisfies them.

    The scenario's time limit covers building the model (when ``problem`` has not built
    it yet; ``spent`` adds seconds already used, e.g. a model built by the caller) and
    the solve with its tie-break stages: the solver receives what is left (:func:`budget`).

    Example: see the module docstring.
    """
    started = time.perf_counter()
    model, options = problem.model, problem.solver  # the model is built here once
    result = solve_model(model, budget(options, spent + time.perf_counter() - started))
    if result.status == "infeasible":
        from mcda_kerjasama.portfolio.diagnose import diagnose

        raise InfeasibleError(
            diagnose(
                model,
                problem.candidates,
                problem.constraints,
                problem.unavailable,
                options.time_limit,
                options.backend,
            )
        )
    seconds = time.perf_counter() - started
    return read_selection(model, result, problem.candidates, problem.constraints, options, seconds)


def read_selection(
    model: PortfolioModel,
    result: SolveResult,
    data: pd.DataFrame,
    constraints: Constraints,
    options: SolverOptions,
    seconds: float,
) -> Selection:
    """A solver result read back by proposal id, with each year's use of the caps."""
    x = result.x
    chosen = model.columns[x > 0.5]
    schedule = dict(zip(chosen["proposal"].astype(str), chosen["start"].astype(int), strict=True))
    selected = tuple(str(i) for i in data.index if str(i) in schedule)
    years = list(model.years)
    use = pd.DataFrame(
        {"budget": [constraints.budget[y] for y in years], "cost": model.cost_by_year @ x},
        index=pd.Index(years, name="year"),
    )
    use["budget_remaining"] = use["budget"] - use["cost"]
    if constraints.extra:  # what the registered kinds report (e.g. funding pools paid)
        context = model_context(model, data, constraints)
        for key, value in constraints.extra.items():
            extra = constraint_kinds()[key].use(value, context, x)
            if extra is not None:
                use = use.join(extra)
        for column in [c for c in use.columns if str(c).startswith("covered_")]:
            use["budget_remaining"] += use[column]
    if constraints.staff:
        use["staff_cap"] = [constraints.staff[y] for y in years]
        use["staff"] = model.staff_by_year @ x
        use["staff_remaining"] = use["staff_cap"] - use["staff"]
    commitments = _commitments(data, schedule, years[-1])
    info = SolverInfo(
        backend=result.backend,
        version=result.version,
        status=result.status,
        gap=result.gap,
        bound=result.bound,
        seconds=seconds,
        time_limit=options.time_limit,
        mip_gap=options.mip_gap,
        tie_break=options.tie_break_for(model.n_columns),
    )
    return Selection(
        result.status,
        result.objective,
        selected,
        schedule,
        use,
        commitments,
        info,
        model,
        x,
        model.matrix @ x,
    )


def _commitments(data: pd.DataFrame, schedule: Mapping[str, int], last: int) -> pd.Series:
    """Cost of the selected proposals in the years after the horizon, by year (each
    year's costs added in the order of ``schedule``)."""
    ids = list(schedule)
    rows = data.index.get_indexer(pd.Index(ids, dtype=object))  # one lookup for all
    durations = [int(d) for d in data["duration"].to_numpy()[rows]]
    later = range(last + 1, last + 1 + max(durations, default=0))  # every year one can reach
    running = active([schedule[pid] for pid in ids], durations, later)
    costs = [float(c) for c in data["cost"].to_numpy()[rows]]
    spend = {
        year: sum((c for c, on in zip(costs, running[t], strict=True) if on), 0.0)
        for t, year in enumerate(later)
        if running[t].any()
    }
    return pd.Series(spend, dtype=float).sort_index()
