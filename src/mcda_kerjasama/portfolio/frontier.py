"""The budget frontier: the best total value as the budget varies from zero to the cost
of every candidate, each point an exact solve, with the portfolio changes between
neighbouring points.

With several planning years the scenario's yearly budget profile is kept and scaled;
a point's ``budget`` is the largest year's cap. Points below what the obligations
(mandatory, ongoing, must-fund) need are ``infeasible``.

The levels are parametric in the budget (:class:`_Levels`): the model is built once and
its budget rows scaled per level (the explanations' ``_scaled``). Every level is solved
on its own, from nothing but the model and its factor: a new session, the greedy
portfolio as its start when it keeps the level's rows, and the columns the LP's
Lagrangian bound decides fixed (reduced-cost fixing, as the re-optimiser does; no
portfolio within the tie tolerance of the optimum is cut off). So levels can be solved
at the same time: :data:`LANES` of them, each in a thread with its own HiGHS session on
its own core (on 1,000 proposals, 20 steps: 25 s one level after the other from kept
sessions, now about the slowest level). The best portfolio with the budget rows
dropped, a relaxation of every level, is solved first, beside the lowest levels: every
level whose rows that portfolio keeps is answered by it, certified optimal without a
MIP solve (even a level a lane had already solved, so the answers never depend on which
lane finished first).
A start is a hint only: every answer is certified, an answer that does not check out
is solved again without the start, and a level whose answer never checks out is
solved in full. The tie-break then runs on the level's full model exactly as
:func:`~mcda_kerjasama.portfolio.select.solve_model` does, so the points are those of a
full solve per level (value, and portfolio whenever the tie-break applies).

Example:
    >>> from mcda_kerjasama import load_scenario
    >>> from mcda_kerjasama.pipeline import prepare
    >>> f = compute_frontier(prepare(load_scenario("scenarios/contoh")).problem, steps=4)
    >>> f.points[["status", "value", "selected"]].round(2).values.tolist()[1:3]
    [['infeasible', nan, 0], ['optimal', 385.0, 5]]
"""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.portfolio.backends import (
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
    factors = [top * k / steps / peak if peak > 0 else np.nan for k in range(steps + 1)]
    if peak > 0 and not constraints.extra:  # the budget profile scaled per level
        answers = _solve_levels(_Levels(problem.model, problem.solver), factors, progress)
    else:  # no profile to scale, or a registered kind adds to the budget rows
        answers = []
        for k in range(steps + 1):
            level = top * k / steps
            scaled = (
                constraints.scaled(factors[k]) if peak > 0 else _flat(constraints, years, level)
            )
            model = problem.with_constraints(scaled).model
            answers.append((model, solve_model(model, problem.solver)))
            if progress:
                progress(k + 1)
    for k, (model, result) in enumerate(answers):
        level, factor = top * k / steps, factors[k]
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
#: Levels solved at the same time, each in its own session and thread (HiGHS works on
#: one core and lets go of Python's lock while it solves).
LANES = 2
#: Above this many columns the levels are solved one at a time: two sessions' memory.
LANES_UP_TO = 50_000


class _Levels:
    """The budget levels of one model, each solved on its own (see the module
    docstring): ``solve(factor)`` gives the level's model (budget rows times ``factor``)
    and its certified result, as ``solve_model`` would, from nothing but the model and
    the factor, so that levels may be solved in any order and at the same time."""

    def __init__(self, model: PortfolioModel, options: SolverOptions) -> None:
        self.model, self.options = model, options
        self.backend = get_backend(options.backend)
        self.program = MixedProgram.from_model(model)
        self.at = model.matrix.tocsr().T.tocsr()
        self.budget_rows = model.rows["kind"].isin(BUDGET_KINDS).to_numpy()
        #: Whether the backend's sessions may run in two threads at once.
        self.parallel = bool(getattr(self.backend, "parallel_sessions", False))
        self._sessions: list[Session] = []  # every session made, to cancel them
        self._lock = threading.Lock()
        self.cancelled = False

    def _track(self, session: Session) -> Session:
        """``session``, kept to be cancelled (and cancelled at once after
        :meth:`cancel`)."""
        with self._lock:
            self._sessions.append(session)
            if self.cancelled:
                _cancel(session)
        return session

    def cancel(self) -> None:
        """Stop every level's solve at its solver's next check (from any thread): the
        frontier has failed or been interrupted. A level asked afterwards raises
        :class:`_Cancelled` instead of solving."""
        with self._lock:
            self.cancelled = True
            for session in self._sessions:
                _cancel(session)

    def _check(self) -> None:
        if self.cancelled:
            raise _Cancelled

    def _session(self, program: MixedProgram, repeated: bool) -> Session:
        """A new session on ``program``. When the backend can change its rows in place
        (HiGHS) the session is built on the scenario's own budget rows and then moved
        to the level's: HiGHS's rows are scaled by the scenario's budgets (built on a
        zero budget, the budget rows stayed unscaled and the 1,000-proposal frontier's
        first feasible level took 10.5 s instead of 1.4 s)."""
        self._check()
        options = self.options

        def new(rows: MixedProgram) -> Session:  # a MIP level searches harder
            limit, gap, again = options.time_limit, options.mip_gap, repeated
            return self.backend.session(
                rows, limit, mip_gap=gap, repeated=again, heuristics=not again
            )

        session = new(
            replace(program, row_lower=self.program.row_lower, row_upper=self.program.row_upper)
        )
        set_rows = getattr(session, "set_rows", None)
        if set_rows is None:  # rows fixed at construction: the level's own program
            session = new(program)
        else:
            set_rows(program.row_lower, program.row_upper)
        return self._track(session)

    def level(self, factor: float) -> tuple[PortfolioModel, MixedProgram]:
        """The level's model and program (budget rows times ``factor``)."""
        model = _scaled(self.model, factor)
        program = replace(self.program, row_lower=model.row_lower, row_upper=model.row_upper)
        return model, program

    def solve(self, factor: float) -> tuple[PortfolioModel, SolveResult]:
        started = time.perf_counter()
        model, program = self.level(factor)
        if model.n_columns == 0 or model.sense != "max":
            return model, solve_model(model, self.options)
        dead = never_chosen(model)  # columns this level cannot take
        start = greedy_start(model) if self.options.warm_start else None
        if start is not None and any(len(v) for v in violations(program, start)):
            start = None  # only a feasible start may fix columns
        answer = self._mip(program, start, dead)
        self._check()
        if answer is None:  # never checked out: the full solve, as before
            return model, solve_model(model, self.options)
        if isinstance(answer, float):  # proven infeasible without a start
            return model, SolveResult.infeasible(
                model.n_columns, answer, self.backend.name, self.backend.version()
            )
        x, bound, (status, gap) = answer
        return model, self._finish(model, x, bound, status, gap, started)

    def settled(
        self, factor: float, free: tuple[np.ndarray, float] | None
    ) -> tuple[PortfolioModel, SolveResult] | None:
        """The level answered by the budget-free optimum ``free`` (its portfolio and
        bound, see :meth:`free`) when that portfolio keeps the level's rows: more
        budget cannot add value any more. None otherwise."""
        if free is None:
            return None
        started = time.perf_counter()
        model, program = self.level(factor)
        x, top = free
        checked = certify(
            program,
            x,
            claimed=float(program.cost @ x),
            bound=top,
            finished=True,
            mip_gap=float(self.options.mip_gap),
        )
        if checked is None or checked[0] != Status.OPTIMAL:
            return None
        return model, self._finish(model, x, top, *checked, started)

    def _finish(
        self,
        model: PortfolioModel,
        x: np.ndarray,
        bound: float,
        status: Status,
        gap: float,
        started: float,
    ) -> SolveResult:
        """The level's result from its certified portfolio, with the tie-break run on
        the level's full model exactly as ``solve_model`` runs it."""
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
        if status != Status.OPTIMAL or not self.options.tie_break_for(model.n_columns):
            return first
        left = self.options.time_limit - (time.perf_counter() - started)
        x, _ = break_ties(model, first, self.backend, left)
        value = float(model.objective @ x)
        return replace(first, x=x, objective=value, seconds=time.perf_counter() - started)

    def free(self) -> tuple[np.ndarray, float] | None:
        """The best portfolio with the budget rows (and the group shares of the budget)
        dropped, a relaxation of every level, with its bound; None when it is not
        proven optimal. The greedy portfolio of the scenario's own budget (feasible
        there) starts the solve."""
        free = self.budget_rows
        program = replace(
            self.program,
            row_lower=np.where(free, -np.inf, self.program.row_lower),
            row_upper=np.where(free, np.inf, self.program.row_upper),
        )
        if self.model.n_columns == 0 or self.model.sense != "max":
            return None
        start = greedy_start(self.model) if self.options.warm_start else None
        self._check()
        session = self._track(
            self.backend.session(program, self.options.time_limit, mip_gap=0.0, heuristics=True)
        )
        for attempt in (start, None) if start is not None else (None,):
            if attempt is None and start is not None:
                session.clear()
            found = session.run(attempt)
            if found.x is None or found.infeasible:
                continue
            x, checked = certified(program, found, 0.0)
            if checked is not None and checked[0] == Status.OPTIMAL:
                return x, float(found.bound)
        return None

    def _mip(
        self, program: MixedProgram, start: np.ndarray | None, dead: np.ndarray
    ) -> tuple[np.ndarray, float, tuple[Status, float]] | float | None:
        """The level by a new MIP session, with the columns the LP bound decides fixed
        when there is a start: the certified answer, the seconds it took when the level
        is infeasible (only said without a start), None when no answer checks out."""
        started = time.perf_counter()
        lower, upper = np.zeros(program.n_columns), (~dead).astype(float)
        if start is not None:
            lower, upper = self._fixings(program, start, dead)
        restricted = replace(program, col_lower=lower, col_upper=upper)
        session = self._session(restricted, repeated=False)
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

    def _fixings(
        self, program: MixedProgram, start: np.ndarray, dead: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Column bounds from the LP relaxation's Lagrangian bound ``B`` and reduced
        costs ``d`` (both dual signs tried): a column whose flip costs more than
        ``B`` minus the start's value (less the tie tolerance) keeps the side the bound
        gives it. Without LP duals nothing is fixed."""
        n = program.n_columns
        free = np.zeros(n), (~dead).astype(float)
        relaxed = replace(program.relaxed(), col_upper=free[1])
        found = self._session(relaxed, repeated=True).run()
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
            reduced = np.where(dead, -np.inf, reduced)
            bound = float(duals @ np.where(up, up0, low0)) + float(np.maximum(reduced, 0).sum())
            if best is None or bound < best[0]:
                best = (bound, reduced)
        assert best is not None
        bound, reduced = best
        slack = bound - (float(c @ start) - (TIE_TOLERANCE + _EPS) * max(1.0, abs(bound)))
        lower = (np.maximum(reduced, 0.0) > slack).astype(float)
        upper = 1.0 - (np.maximum(-reduced, 0.0) > slack)
        return lower, upper.astype(float)


def _solve_levels(
    levels: _Levels, factors: Sequence[float], progress: Callable[[int], None] | None
) -> list[tuple[PortfolioModel, SolveResult]]:
    """Every level's model and result, :func:`_lanes` of them at a time (see
    :class:`_Lanes`)."""
    return _Lanes(levels, factors, progress).run()


class _Lanes:
    """The budget-free optimum first (in one lane, the lowest levels in the others),
    then each level it does not settle, lowest first. A level settled by the
    budget-free optimum takes its portfolio even when a lane solved it before that
    optimum was known, and a level's error counts only when the level needs its own
    solve, so neither the answers nor a failure depend on which lane finished first.
    ``progress`` is told, from the calling thread, how many levels are answered.

    The lanes are daemon threads. When the frontier fails (the budget-free solve's
    error, a needed level's) or is interrupted (Ctrl-C), every level's solver is
    cancelled and the lanes get :data:`CANCEL_WAIT` seconds to stop before the error
    is raised: a HiGHS run still going when Python exits aborts the process."""

    def __init__(
        self, levels: _Levels, factors: Sequence[float], progress: Callable[[int], None] | None
    ) -> None:
        self.levels, self.factors, self.progress = levels, factors, progress
        self.lanes = _lanes(levels.model.n_columns, levels.parallel)
        self.answers: dict[int, tuple[PortfolioModel, SolveResult]] = {}
        self.done: queue.Queue[tuple[int, Any, BaseException | None]] = queue.Queue()
        self.running: set[int] = set()
        self.waiting = list(range(len(factors)))
        self.held: dict[int, BaseException] = {}  # an error, until it is known to matter

    def run(self) -> list[tuple[PortfolioModel, SolveResult]]:
        try:
            settled = self._loop()
        except BaseException:  # a failure, or Ctrl-C: the other lanes stop first
            self.levels.cancel()
            deadline = time.monotonic() + CANCEL_WAIT
            while self.running and time.monotonic() < deadline:
                with contextlib.suppress(queue.Empty):
                    key = self.done.get(timeout=max(0.0, deadline - time.monotonic()))[0]
                    self.running.discard(key)
            raise
        for k, answer in settled.items():  # the same answers whichever lane was first
            if answer is not None:
                self.answers[k] = answer
        return [self.answers[k] for k in range(len(self.factors))]

    def _start(self, key: int, work: Callable[[], Any]) -> None:
        def lane() -> None:
            try:
                self.done.put((key, work(), None))
            except BaseException as exc:  # raised again in the calling thread
                self.done.put((key, None, exc))

        self.running.add(key)
        threading.Thread(target=lane, name=f"frontier-{key}", daemon=True).start()

    def _answered(self, k: int, answer: tuple[PortfolioModel, SolveResult]) -> None:
        self.answers[k] = answer
        if self.progress:
            self.progress(len(self.answers))

    def _loop(self) -> dict[int, tuple[PortfolioModel, SolveResult] | None]:
        """Schedule and collect; the levels the budget-free optimum settles (None for
        the others)."""
        settled: dict[int, tuple[PortfolioModel, SolveResult] | None] | None = None
        self._start(_FREE, self.levels.free)
        while self.waiting or self.running:
            while self.waiting and len(self.running) < self.lanes:
                k = self.waiting.pop(0)
                self._start(k, functools.partial(self.levels.solve, self.factors[k]))
            key, value, error = self.done.get()
            self.running.discard(key)
            if key == _FREE:
                if error is not None:
                    raise error
                settled = {k: self.levels.settled(f, value) for k, f in enumerate(self.factors)}
                for k in [k for k in self.waiting if settled[k] is not None]:  # no solve
                    self.waiting.remove(k)
                    self._answered(k, settled[k])  # type: ignore[arg-type]
            elif error is not None:
                self.held[key] = error
            else:
                self._answered(key, value)
            if settled is not None:
                for k, failure in self.held.items():
                    if settled[k] is None:
                        raise failure
        assert settled is not None
        return settled


#: The budget-free solve's key among the lanes' answers (levels are 0, 1, ...).
_FREE = -1
#: Seconds a failed or interrupted frontier waits for its other lanes to stop.
CANCEL_WAIT = 10.0


class _Cancelled(Exception):
    """A level asked after the frontier was cancelled."""


def _cancel(session: Session) -> None:
    """Cancel ``session``'s runs when its backend can (HiGHS)."""
    cancel = getattr(session, "cancel", None)
    if cancel is not None:
        cancel()


def _lanes(n_columns: int, parallel: bool = True) -> int:
    """How many levels are solved at the same time: :data:`LANES` with as many cores,
    one above :data:`LANES_UP_TO` columns (two sessions' memory) or when the backend's
    sessions may not run side by side (``parallel`` false: CBC's, built through PuLP
    under :func:`warnings.catch_warnings`, which is not thread-safe)."""
    if n_columns > LANES_UP_TO or not parallel:
        return 1
    return max(1, min(LANES, os.cpu_count() or 1))
