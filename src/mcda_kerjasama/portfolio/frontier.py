"""The budget frontier: the best total value as the budget varies from zero to the cost
of every candidate, each point an exact solve, with the portfolio changes between
neighbouring points.

With several planning years the scenario's yearly budget profile is kept and scaled;
a point's ``budget`` is the largest year's cap. Points below what the obligations
(mandatory, ongoing, must-fund) need are ``infeasible``.

The steps are parametric in the budget (:class:`_Steps`): the model is built once and
its budget rows scaled in place per level (the explanations' ``_scaled``); one LP and
one MIP session are kept across the levels and only their row bounds change. Each level
starts from the previous level's certified portfolio (feasible again when the budget
grows; the greedy portfolio otherwise), and the LP's Lagrangian bound fixes the columns
whose flip would cost more than that start leaves (reduced-cost fixing, as the
re-optimiser does; no portfolio within the tie tolerance of the optimum is cut off).
Once a level's optimum is the previous level's (more budget stopped adding value), the
best value with the budget rows dropped (a relaxation of every level, solved once and
certified) is a bound for the levels above: a start that reaches it is certified
optimal there without a MIP solve.
A start is a hint only: every answer is certified, an answer that does not check out
is solved again without the start, and a level whose answer never checks out is
solved in full as before. The tie-break then runs on the level's full model exactly
as :func:`~mcda_kerjasama.portfolio.select.solve_model` does, so the points are those
of a full solve per level (value, and portfolio whenever the tie-break applies).

Example:
    >>> from mcda_kerjasama import load_scenario
    >>> from mcda_kerjasama.pipeline import prepare
    >>> f = compute_frontier(prepare(load_scenario("scenarios/contoh")).problem, steps=4)
    >>> f.points[["status", "value", "selected"]].round(2).values.tolist()[1:3]
    [['infeasible', nan, 0], ['optimal', 385.0, 5]]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.portfolio.backends import (
    PROVEN_GAP,
    MixedProgram,
    Session,
    SolveResult,
    Status,
    certified,
    certify,
    get_backend,
    violations,
)
from mcda_kerjasama.portfolio.explain import BUDGET_KINDS, _scaled
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.reoptimise import never_chosen
from mcda_kerjasama.portfolio.select import solve_model
from mcda_kerjasama.portfolio.start import greedy_start
from mcda_kerjasama.portfolio.tiebreak import TIE_TOLERANCE, break_ties
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import SolverOptions


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
    parametric = (
        _Steps(problem.model, problem.solver) if peak > 0 and not constraints.extra else None
    )
    for k in range(steps + 1):
        level = top * k / steps
        factor = level / peak if peak > 0 else np.nan
        if parametric is not None:
            model, result = parametric.solve(factor)
        else:  # no profile to scale, or a registered kind adds to the budget rows
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


#: Relative slack on the fixing bound (floating-point sums), as in the re-optimiser.
_EPS = 1e-9


class _Steps:
    """The budget levels of one model, solved one after the other in kept sessions
    (see the module docstring). ``solve(factor)`` gives the level's model (budget rows
    times ``factor``) and its certified result, as ``solve_model`` would."""

    def __init__(self, model: PortfolioModel, options: SolverOptions) -> None:
        self.model, self.options = model, options
        self.backend = get_backend(options.backend)
        self.program = MixedProgram.from_model(model)
        self.dead = np.zeros(model.n_columns, dtype=bool)  # this level's, set per level
        self.a = model.matrix.tocsr()
        self.at = self.a.T.tocsr()
        self.lp: Session | None = None
        self.mip: Session | None = None
        self.budget_rows = model.rows["kind"].isin(BUDGET_KINDS).to_numpy()
        self.top: float | None = None  # the budget-free bound, once the value stalls
        self.x: np.ndarray | None = None  # the previous level's certified portfolio

    def _session(self, kept: Session | None, program: MixedProgram, repeated: bool) -> Session:
        """``kept`` with ``program``'s row bounds when the backend can change them in
        place (HiGHS), else a new session on ``program``. A new session that can change
        its rows is built on the scenario's own budget rows and then moved to the
        level's: HiGHS's rows are scaled once, by the scenario's budgets (built on the
        first level, a zero budget, the budget rows stayed unscaled and the 1,000-proposal
        frontier's first feasible level took 10.5 s instead of 1.4 s)."""
        set_rows = getattr(kept, "set_rows", None)
        if kept is not None and set_rows is not None:
            set_rows(program.row_lower, program.row_upper)
            kept.set_bounds(program.col_lower, program.col_upper)
            return kept
        own = replace(program, row_lower=self.program.row_lower, row_upper=self.program.row_upper)
        session = self.backend.session(
            own, self.options.time_limit, mip_gap=self.options.mip_gap, repeated=repeated
        )
        set_rows = getattr(session, "set_rows", None)
        if set_rows is None:  # rows fixed at construction: the level's own program
            return self.backend.session(
                program, self.options.time_limit, mip_gap=self.options.mip_gap, repeated=repeated
            )
        set_rows(program.row_lower, program.row_upper)
        return session

    def solve(self, factor: float) -> tuple[PortfolioModel, SolveResult]:
        started = time.perf_counter()
        model = _scaled(self.model, factor)
        if model.n_columns == 0 or model.sense != "max":
            return model, solve_model(model, self.options)
        program = replace(self.program, row_lower=model.row_lower, row_upper=model.row_upper)
        self.dead = never_chosen(model)  # columns this level cannot take
        start = self._start(model, program)
        answer: tuple[np.ndarray, float, tuple[Status, float]] | float | None
        answer = self._above(program, start)
        if answer is None:
            answer = self._mip(program, start)
        if answer is None:  # never checked out: the full solve, as before
            if self.mip is not None:
                self.mip.clear()
            result = solve_model(model, self.options)
            self.x = None if result.status == Status.INFEASIBLE else result.x
            return model, result
        if isinstance(answer, float):  # proven infeasible without a start
            return model, SolveResult.infeasible(
                model.n_columns, answer, self.backend.name, self.backend.version()
            )
        x, bound, checked = answer
        c = program.cost
        stalled = start is not None and abs(float(c @ x) - float(c @ start)) <= PROVEN_GAP * max(
            1.0, abs(float(c @ x))
        )
        if stalled and self.top is None and checked[0] == Status.OPTIMAL:
            self.top = self._budget_free_bound(x)
        status, gap = checked
        first = SolveResult(
            status,
            x,
            float(model.objective @ x),
            bound,
            gap,
            time.perf_counter() - started,
            self.backend.name,
            self.backend.version(),
        )
        self.x = x
        if status != Status.OPTIMAL or not self.options.tie_break_for(model.n_columns):
            return model, first
        left = self.options.time_limit - (time.perf_counter() - started)
        x, _ = break_ties(model, first, self.backend, left)
        self.x = x
        value = float(model.objective @ x)
        seconds = time.perf_counter() - started
        result = replace(first, x=x, objective=value, seconds=seconds)
        return model, result

    def _above(
        self, program: MixedProgram, start: np.ndarray | None
    ) -> tuple[np.ndarray, float, tuple[Status, float]] | None:
        """The start, certified optimal by the budget-free bound (:attr:`top`) when it
        reaches it: more budget cannot add value any more. None otherwise."""
        if start is None or self.top is None:
            return None
        value = float(program.cost @ start)
        checked = certify(
            program,
            start,
            claimed=value,
            bound=self.top,
            finished=True,
            mip_gap=float(self.options.mip_gap),
        )
        if checked is None or checked[0] != Status.OPTIMAL:
            return None
        return start, self.top, checked

    def _budget_free_bound(self, x: np.ndarray) -> float:
        """A proven bound on every level: the best value with the budget rows (and the
        group shares of the budget) dropped, a relaxation of every level; ``inf`` when
        it is not proven. ``x`` (feasible there) starts the solve."""
        free = self.budget_rows
        program = replace(
            self.program,
            row_lower=np.where(free, -np.inf, self.program.row_lower),
            row_upper=np.where(free, np.inf, self.program.row_upper),
        )
        session = self.backend.session(
            program, self.options.time_limit, mip_gap=0.0, repeated=False
        )
        for attempt in (x, None):
            if attempt is None:
                session.clear()
            found = session.run(attempt)
            if found.x is None or found.infeasible:
                continue
            _, checked = certified(program, found, 0.0)
            if checked is not None and checked[0] == Status.OPTIMAL:
                return float(found.bound)
        return np.inf

    def _mip(
        self, program: MixedProgram, start: np.ndarray | None
    ) -> tuple[np.ndarray, float, tuple[Status, float]] | float | None:
        """The level by the kept MIP session, with the columns the LP bound decides
        fixed when there is a start: the certified answer, the seconds it took when
        the level is infeasible (only said without a start), None when no answer
        checks out."""
        started = time.perf_counter()
        lower, upper = np.zeros(program.n_columns), (~self.dead).astype(float)
        if start is not None:
            lower, upper = self._fixings(program, start)
        restricted = replace(program, col_lower=lower, col_upper=upper)
        self.mip = session = self._session(self.mip, restricted, repeated=False)
        for attempt in (start, None) if start is not None else (None,):
            if attempt is None and start is not None:  # the start misled the solver
                session.clear()
            found = session.run(attempt)
            if found.infeasible and start is None:
                return time.perf_counter() - started
            if found.x is None or found.infeasible:
                continue
            x, checked = certified(restricted, found, float(self.options.mip_gap))
            if checked is not None:
                return x, float(found.bound), checked
        return None

    def _start(self, model: PortfolioModel, program: MixedProgram) -> np.ndarray | None:
        """The previous level's portfolio when it keeps every row of this level, else
        the greedy portfolio (when starts are on) if it does: only a feasible start
        may fix columns."""
        for start in (self.x, greedy_start(model) if self.options.warm_start else None):
            if start is not None and not any(len(v) for v in violations(program, start)):
                return start
        return None

    def _fixings(self, program: MixedProgram, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Column bounds from the LP relaxation's Lagrangian bound ``B`` and reduced
        costs ``d`` (both dual signs tried): a column whose flip costs more than
        ``B`` minus the start's value (less the tie tolerance) keeps the side the bound
        gives it. Without LP duals nothing is fixed."""
        n = program.n_columns
        free = np.zeros(n), (~self.dead).astype(float)
        relaxed = replace(program.relaxed(), col_upper=free[1])
        self.lp = lp = self._session(self.lp, relaxed, repeated=True)
        found = lp.run()
        if found.row_duals is None:
            return free
        c = program.cost
        has_low, has_up = np.isfinite(program.row_lower), np.isfinite(program.row_upper)
        low0 = np.where(has_low, program.row_lower, 0.0)
        up0 = np.where(has_up, program.row_upper, 0.0)
        best: tuple[float, np.ndarray] | None = None
        for duals in (found.row_duals, -found.row_duals):
            up = duals > 0
            duals = np.where(np.where(up, has_up, has_low), duals, 0.0)
            reduced = c - self.at @ duals
            reduced = np.where(self.dead, -np.inf, reduced)
            bound = float(duals @ np.where(up, up0, low0)) + float(np.maximum(reduced, 0).sum())
            if best is None or bound < best[0]:
                best = (bound, reduced)
        assert best is not None
        bound, reduced = best
        slack = bound - (float(c @ start) - (TIE_TOLERANCE + _EPS) * max(1.0, abs(bound)))
        lower = (np.maximum(reduced, 0.0) > slack).astype(float)
        upper = 1.0 - (np.maximum(-reduced, 0.0) > slack)
        return lower, upper.astype(float)
