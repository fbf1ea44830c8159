"""Solver backends behind one small interface, PuLP ``apis/`` style: nothing outside
this package imports a solver.

A backend opens a :class:`~mcda_kerjasama.portfolio.backends.program.Session` on a
:class:`~mcda_kerjasama.portfolio.backends.program.MixedProgram` (a MIP or an LP as
arrays) and runs it as often as needed; LP re-solves, duals and MIP solves all go
through it. :meth:`BackendBase.solve` solves a portfolio model once, certified: the
answer's status is earned from the solver's own bound, checked here
(:func:`~mcda_kerjasama.portfolio.backends.program.certify`), and a starting portfolio
that misled the solver is dropped. Backends are registered by name in :data:`BACKENDS`,
imported only when used; nothing is probed at import time.

Example:
    >>> "highs" in available_backends()
    True
"""

from __future__ import annotations

import functools
import importlib
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol

import numpy as np

from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.backends.helper import MARGIN, Helper, helper_kind, merge
from mcda_kerjasama.portfolio.backends.program import (
    PROVEN_GAP,
    MixedProgram,
    Session,
    Solution,
    Status,
    certified,
    certify,
    classify,
    consistent,
    verified_gap,
    violations,
)
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.registry import BACKENDS
from mcda_kerjasama.scenario import SolverOptions

__all__ = [
    "BACKENDS",
    "PROVEN_GAP",
    "Backend",
    "BackendBase",
    "MixedProgram",
    "Session",
    "Solution",
    "SolveResult",
    "Status",
    "available_backends",
    "certified",
    "certify",
    "classify",
    "consistent",
    "empty_result",
    "get_backend",
    "installed",
    "verified_gap",
    "violations",
]


@dataclass(frozen=True)
class SolveResult:
    """What a backend found. ``x`` holds 0/1 (rounded, never truncated);
    ``gap`` is the proven relative gap (0 when optimal; NaN when the backend cannot
    tell); ``bound`` the best proven bound on the objective."""

    status: Status
    x: np.ndarray
    objective: float
    bound: float
    gap: float
    seconds: float
    backend: str
    version: str

    @classmethod
    def infeasible(cls, n: int, seconds: float, backend: str, version: str) -> SolveResult:
        """The result of a model with no feasible point."""
        nan = float("nan")
        return cls(Status.INFEASIBLE, np.zeros(n), nan, nan, nan, seconds, backend, version)


class Backend(Protocol):
    """The interface every solver backend implements (see :class:`BackendBase`)."""

    name: str

    def available(self) -> bool:
        """Whether the backend can run here (its library imports)."""
        ...

    def version(self) -> str:
        """The solver's version string."""
        ...

    def session(
        self,
        program: MixedProgram,
        time_limit: float,
        *,
        mip_gap: float = 0.0,
        repeated: bool = False,
        tolerance: float | None = None,
        heuristics: bool = False,
    ) -> Session:
        """A session holding ``program``; ``repeated``: many small re-solves follow,
        or every run starts from a portfolio already as good as it gets (a tie-break
        stage), so the backend may trade its search heuristics for speed (HiGHS: no
        feasibility jump); ``tolerance``: feasibility, integrality and absolute-gap
        tolerance, when the solver's defaults are too loose (the diagnosis moves bounds
        by a hair); ``heuristics``: one solve of a portfolio model, where good
        portfolios found early prune most of a long search, so the backend may spend
        more on its primal heuristics (HiGHS:
        :data:`~mcda_kerjasama.portfolio.backends.highs.HEURISTIC_EFFORT`)."""
        ...

    def solve(self, model: PortfolioModel, options: SolverOptions) -> SolveResult:
        """Optimise a portfolio model once, certified."""
        ...


class BackendBase:
    """What every backend shares: the certified solve of a portfolio model on top of
    the backend's own :meth:`session`."""

    name = ""

    def version(self) -> str:  # pragma: no cover - every backend overrides it
        raise NotImplementedError

    def session(
        self,
        program: MixedProgram,
        time_limit: float,
        *,
        mip_gap: float = 0.0,
        repeated: bool = False,
        tolerance: float | None = None,
        heuristics: bool = False,
    ) -> Session:  # pragma: no cover - every backend overrides it
        raise NotImplementedError

    def solve(self, model: PortfolioModel, options: SolverOptions) -> SolveResult:
        """Optimise ``model`` (its sense) under ``options`` (time limit, relative gap).

        The greedy portfolio of :mod:`~mcda_kerjasama.portfolio.start` is offered as a
        first incumbent (``options.warm_start``). A solver can be misled by such a
        start: HiGHS 1.16's presolve valued a start worth 93,75 at 121,25 (the optimum)
        in its reduced space, stopped at once and returned the start as "optimal". So
        every answer is certified and, when it does not check out, solved again
        without the start; an answer that never checks out is a
        :class:`~mcda_kerjasama.errors.SolverError`.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> model = run(load_scenario("scenarios/contoh")).selection.model
            >>> result = get_backend("highs").solve(model, SolverOptions())
            >>> str(result.status), result.objective, result.gap
            ('optimal', 535.0, 0.0)
        """
        started = time.perf_counter()
        if model.n_columns == 0:  # nothing to choose: the empty portfolio, if allowed
            return empty_result(model, time.perf_counter() - started, self.name, self.version())
        program = MixedProgram.from_model(model)
        helper = _second_search(program, options, started)
        try:
            return self._solve(model, program, options, started, helper)
        finally:
            if helper is not None:
                helper.stop()

    def _solve(
        self,
        model: PortfolioModel,
        program: MixedProgram,
        options: SolverOptions,
        started: float,
        helper: Helper | None,
    ) -> SolveResult:
        """:meth:`solve` once the program is built (and the second search started)."""
        from mcda_kerjasama.portfolio.start import greedy_start

        session = self.session(
            program, options.time_limit, mip_gap=options.mip_gap, heuristics=True
        )
        start = greedy_start(model) if model.sense == "max" and options.warm_start else None
        for attempt in (start, None) if start is not None else (None,):
            left = options.time_limit - (time.perf_counter() - started)
            if attempt is None and start is not None:  # the start misled the solver
                session.clear()
            # a retry without the start gets what is left, at least 5% of the limit
            found = session.run(attempt, time_limit=max(left, 0.05 * options.time_limit))
            name, version = self.name, self.version()
            if helper is not None and not found.finished and not found.infeasible:
                own, found = found, merge(program, found, helper.answer())  # at the limit
                if found is not own:  # both solvers, named and versioned in one order
                    name, version = f"{name}+{helper.kind}", f"{version}+{helper.version()}"
            seconds = time.perf_counter() - started
            if found.infeasible:
                return SolveResult.infeasible(model.n_columns, seconds, self.name, self.version())
            if found.x is None:
                raise SolverError("solver_no_solution", backend=self.name, reason=found.reason)
            x, checked = certified(program, found, float(options.mip_gap))
            if checked is not None:
                status, gap = checked
                objective = float(model.objective @ x)
                return SolveResult(status, x, objective, found.bound, gap, seconds, name, version)
        raise SolverError(
            "solver_unproven", backend=self.name, reason="objective and bound disagree"
        )


def _second_search(program: MixedProgram, options: SolverOptions, started: float) -> Helper | None:
    """The second search for ``program`` (None when ``options`` and its size want none,
    or when no child process can be started here, e.g. inside a daemon process)."""
    kind = helper_kind(program.n_columns, options)
    if kind is None or not program.integer.any():
        return None
    left = options.time_limit * (1 - MARGIN) - (time.perf_counter() - started)
    try:
        return Helper(kind, program, time.time() + left, mip_gap=float(options.mip_gap))
    except (OSError, AssertionError, ValueError):  # no child processes here: one search
        return None


def get_backend(name: str) -> Backend:
    """The backend called ``name`` ("highs" or "cbc").

    Example:
        >>> get_backend("highs").name
        'highs'
    """
    if name not in BACKENDS:
        raise SolverError("solver_unavailable", backend=name, reason="unknown backend")
    backend: Backend = importlib.import_module(BACKENDS[name]).BACKEND
    if not backend.available():
        raise SolverError("solver_unavailable", backend=name, reason="library not installed")
    return backend


def available_backends() -> list[str]:
    """Names of the backends that can run on this machine.

    Example:
        >>> set(available_backends()) <= {"highs", "cbc"}
        True
    """
    names = []
    for name, module in BACKENDS.items():
        try:
            if importlib.import_module(module).BACKEND.available():
                names.append(name)
        except ImportError:
            continue
    return names


@functools.cache
def installed(distribution: str) -> bool:
    """Whether a Python distribution is installed, without importing it (asked once per
    process: reading its metadata took 0.7 ms, and every solve and session asks).

    Example:
        >>> installed("numpy"), installed("no-such-package-here")
        (True, False)
    """
    try:
        version(distribution)
    except PackageNotFoundError:
        return False
    return True


def empty_result(model: PortfolioModel, seconds: float, backend: str, version: str) -> SolveResult:
    """The result for a model without columns: the empty portfolio when every row allows
    zero activity, infeasible otherwise (an obligation that cannot be a candidate).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import prepare
        >>> from mcda_kerjasama.portfolio.model import build_model
        >>> problem = prepare(load_scenario("scenarios/contoh")).problem
        >>> none = problem.candidates.iloc[:0]
        >>> empty = build_model(none, problem.score, (2026,), problem.constraints)
        >>> str(empty_result(empty, 0.0, "highs", "x").status)
        'optimal'
    """
    allowed = bool(np.all(model.row_lower <= 0) and np.all(model.row_upper >= 0))
    if not allowed:
        return SolveResult.infeasible(0, seconds, backend, version)
    return SolveResult(Status.OPTIMAL, np.zeros(0), 0.0, 0.0, 0.0, seconds, backend, version)
