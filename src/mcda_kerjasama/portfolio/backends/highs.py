"""HiGHS in-process through highspy: the default backend.

The model is passed column-wise from its arrays; no per-variable Python loop.

Example:
    >>> BACKEND.available()
    True
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
import time
from collections.abc import Iterator
from functools import cache
from typing import Any

import numpy as np

from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.backends import SolveResult, certify, empty_result, installed
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.start import greedy_start
from mcda_kerjasama.scenario import SolverOptions


class HighsBackend:
    """Solve with HiGHS (highspy)."""

    name = "highs"

    def available(self) -> bool:
        """Whether highspy is installed."""
        return installed("highspy")

    def version(self) -> str:
        """HiGHS version, e.g. ``1.11.0``."""
        return _version()

    def solve(self, model: PortfolioModel, options: SolverOptions) -> SolveResult:
        """Optimise ``model`` (its sense) under ``options`` (time limit, relative gap).

        The greedy portfolio of :mod:`~mcda_kerjasama.portfolio.start` is offered as a
        first incumbent. HiGHS's presolve can map such a start wrongly into its reduced
        space (seen with 1.16: a start worth 93,75 valued 121,25 there, equal to the
        bound, so HiGHS stopped at once and returned the start as "optimal"). Every
        answer is therefore certified (:func:`~mcda_kerjasama.portfolio.backends.certify`)
        and, when it does not check out, solved again without the start.
        """
        started = time.perf_counter()
        if model.n_columns == 0:  # nothing to choose: the empty portfolio, if allowed
            return empty_result(model, time.perf_counter() - started, self.name, self.version())
        h = _highs(model, options.time_limit, integer=True)
        h.setOptionValue("mip_rel_gap", float(options.mip_gap))
        start = greedy_start(model) if model.sense == "max" and options.warm_start else None
        result = self._run(h, model, options, start, started)
        if result is None and start is not None:  # the start misled HiGHS: without it
            h.clearSolver()
            left = options.time_limit - (time.perf_counter() - started)
            h.setOptionValue("time_limit", max(left, 1.0))
            result = self._run(h, model, options, None, started)
        if result is None:
            raise SolverError(
                "solver_unproven", backend=self.name, reason="objective and bound disagree"
            )
        return result

    def _run(
        self,
        h: Any,
        model: PortfolioModel,
        options: SolverOptions,
        start: np.ndarray | None,
        started: float,
    ) -> SolveResult | None:
        """One HiGHS run; its certified result, or ``None`` when it does not check out."""
        import highspy

        if start is not None:
            solution = highspy.HighsSolution()
            solution.col_value = start.tolist()
            solution.value_valid = True
            h.setSolution(solution)
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        n = model.n_columns
        ms = highspy.HighsModelStatus
        if status == ms.kInfeasible:
            seconds = time.perf_counter() - started
            return SolveResult.infeasible(n, seconds, self.name, self.version())
        has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
        stopped = (ms.kTimeLimit, ms.kIterationLimit, ms.kSolutionLimit, ms.kInterrupt)
        if status not in (ms.kOptimal, *stopped):
            raise SolverError(
                "solver_failed", backend=self.name, reason=h.modelStatusToString(status)
            )
        if not has_solution:
            raise SolverError(
                "solver_no_solution", backend=self.name, reason=h.modelStatusToString(status)
            )
        x = np.rint(np.asarray(h.getSolution().col_value, dtype=float)).clip(0, 1)
        bound = float(info.mip_dual_bound)
        checked = certify(
            model,
            x,
            claimed=float(info.objective_function_value),
            bound=bound,
            finished=status == ms.kOptimal,
            mip_gap=float(options.mip_gap),
        )
        if checked is None:
            return None
        kind, gap = checked
        seconds = time.perf_counter() - started
        objective = float(model.objective @ x)
        return SolveResult(kind, x, objective, bound, gap, seconds, self.name, self.version())

    def relaxation_duals(self, model: PortfolioModel, time_limit: float = 60.0) -> np.ndarray:
        """Row duals of the LP relaxation (0 <= x <= 1): the marginal objective value
        of one more unit of each row's bound.

        Example:
            >>> round(float(BACKEND.relaxation_duals(model)[0]) * 1e9, 2)  # points per Rp 1 M
            92.65
        """
        h = _highs(model, time_limit, integer=False)
        h.run()
        return np.asarray(h.getSolution().row_dual, dtype=float)


def _highs(model: PortfolioModel, time_limit: float, *, integer: bool) -> Any:
    """A Highs instance holding ``model`` (its binary columns, rows and sense)."""
    n = model.n_columns
    return load_highs(
        model.matrix,
        model.objective,
        np.zeros(n),
        np.ones(n),
        model.row_lower,
        model.row_upper,
        integer=np.full(n, integer),
        maximize=model.sense == "max",
        time_limit=time_limit,
    )


def load_highs(
    matrix: Any,
    cost: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    *,
    integer: np.ndarray,
    maximize: bool,
    time_limit: float,
) -> Any:
    """A quiet, single-threaded, seeded Highs instance holding an LP/MIP given as arrays
    (passed column-wise; infinite bounds become HiGHS's infinity).

    Example:
        >>> from scipy import sparse
        >>> h = load_highs(sparse.csr_matrix([[1.0, 1.0]]), np.array([1.0, 2.0]), np.zeros(2),
        ...                np.ones(2), np.array([-np.inf]), np.array([1.0]),
        ...                integer=np.array([True, True]), maximize=True, time_limit=10)
        >>> _ = h.run(); h.getInfo().objective_function_value
        2.0
    """
    import highspy

    h = new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    csc = matrix.tocsc()
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = matrix.shape[0]
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.where(np.isfinite(col_lower), col_lower, -inf)
    lp.col_upper_ = np.where(np.isfinite(col_upper), col_upper, inf)
    lp.row_lower_ = np.where(np.isfinite(row_lower), row_lower, -inf)
    lp.row_upper_ = np.where(np.isfinite(row_upper), row_upper, inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(float)
    lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    if integer.any():
        kinds = highspy.HighsVarType
        lp.integrality_ = [kinds.kInteger if i else kinds.kContinuous for i in integer]
    h.passModel(lp)
    return h


@cache
def _version() -> str:
    h = new_highs()
    return f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"


_BANNER_LOCK = threading.Lock()
_banner_shown = False


def new_highs() -> Any:
    """A new ``highspy.Highs`` with its output switched off, and nothing printed.

    HiGHS writes a two-line banner to the process's standard output (file descriptor 1,
    below Python's ``sys.stdout``) the first time a ``Highs`` is constructed, before any
    option can be set. The first construction in a process therefore runs with file
    descriptors 1 and 2 pointed at ``/dev/null`` (C buffers flushed before they are
    restored); later constructions print nothing and need no redirection.

    Example:
        >>> new_highs().getNumCol()
        0
    """
    global _banner_shown
    import highspy

    if not _banner_shown:
        with _BANNER_LOCK:
            if not _banner_shown:
                with _silenced_descriptors():
                    h = highspy.Highs()
                _banner_shown = True
                h.setOptionValue("output_flag", False)
                return h
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


@contextlib.contextmanager
def _silenced_descriptors() -> Iterator[None]:
    """File descriptors 1 and 2 point at ``/dev/null`` inside the block."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    saved = [os.dup(1), os.dup(2)]
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        yield
    finally:
        with contextlib.suppress(Exception):
            ctypes.CDLL(None).fflush(None)  # C stdio buffers go to /dev/null, not later
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)


BACKEND = HighsBackend()
