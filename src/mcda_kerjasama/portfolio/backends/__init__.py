"""Solver backends behind one small interface, PuLP ``apis/`` style.

A backend takes a :class:`~mcda_kerjasama.portfolio.model.PortfolioModel` and returns a
:class:`SolveResult` whose status is never ambiguous. Backends are imported only when
used, and nothing is probed at import time.

Example:
    >>> "highs" in available_backends()
    True
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Literal, Protocol

import numpy as np

from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.scenario import SolverOptions

Status = Literal["optimal", "gap_limit", "time_limit", "infeasible"]

#: Two objective values closer than this (relative, at least 1 absolute unit) are equal:
#: the same tolerance as the tie rule of :mod:`mcda_kerjasama.portfolio.select`.
PROVEN_GAP = 1e-7

#: Row activity may exceed a bound by this much (relative to the bound, at least 1e-6):
#: the solvers' own feasibility tolerance.
FEASIBILITY_TOLERANCE = 1e-7


def classify(finished: bool, gap: float, mip_gap: float = 0.0) -> Status:
    """The status of a solve that found a portfolio, from its *verified* gap: ``optimal``
    only when proven (gap <= 1e-7); ``gap_limit`` when the solver finished within the
    requested relative gap; ``time_limit`` otherwise (it stopped on time or another
    limit).

    Example:
        >>> classify(True, 0.0), classify(True, 1e-3, 1e-3), classify(False, 0.02)
        ('optimal', 'gap_limit', 'time_limit')
        >>> classify(False, 0.0)  # stopped on time, yet the bound proves it
        'optimal'
    """
    if gap <= PROVEN_GAP:
        return "optimal"
    if finished and gap <= mip_gap + PROVEN_GAP:
        return "gap_limit"
    return "time_limit"


def verified_gap(model: PortfolioModel, x: np.ndarray, bound: float) -> float:
    """The relative gap between the value of ``x`` (computed here, not taken from the
    solver) and the solver's proven ``bound``; 0 within the equality tolerance,
    ``inf`` when the bound is unknown (NaN).

    Example:
        >>> x = selection.x  # the bundled example's optimum, worth 535
        >>> verified_gap(model, x, 535.0), round(verified_gap(model, x, 540.35), 6)
        (0.0, 0.01)
        >>> verified_gap(model, x, float("nan"))
        inf
    """
    if not np.isfinite(bound):
        return float("inf")
    value = float(model.objective @ x)
    slack = bound - value if model.sense == "max" else value - bound
    if slack <= PROVEN_GAP * max(1.0, abs(value)):
        return 0.0
    return slack / max(abs(value), 1e-9)


def violated_rows(model: PortfolioModel, x: np.ndarray) -> np.ndarray:
    """Positions of the rows ``x`` breaks (beyond the feasibility tolerance).

    Example:
        >>> import numpy as np
        >>> violated_rows(model, selection.x).tolist()
        []
        >>> sorted(set(model.rows.loc[violated_rows(model, np.ones(model.n_columns)), "kind"]))
        ['budget', 'exclusive']
    """
    activity = model.matrix @ x
    tol_up = FEASIBILITY_TOLERANCE * np.maximum(1.0, np.abs(np.nan_to_num(model.row_upper)))
    tol_lo = FEASIBILITY_TOLERANCE * np.maximum(1.0, np.abs(np.nan_to_num(model.row_lower)))
    bad = (activity > model.row_upper + tol_up) | (activity < model.row_lower - tol_lo)
    return np.flatnonzero(bad)


def certify(
    model: PortfolioModel,
    x: np.ndarray,
    *,
    claimed: float,
    bound: float,
    finished: bool,
    mip_gap: float,
) -> tuple[Status, float] | None:
    """The status and gap a solver's answer has earned, checked here after every solve:
    ``x`` must keep every row, its value (computed from ``x``) must be the objective the
    solver ``claimed``, and a solver that says it ``finished`` must have a ``bound``
    within ``mip_gap`` of that value. ``None`` when any check fails: the answer is not
    to be trusted (re-solve differently, or fail).

    Example:
        >>> x = selection.x  # worth 535
        >>> certify(model, x, claimed=535.0, bound=535.0, finished=True, mip_gap=0.0)
        ('optimal', 0.0)
        >>> certify(model, x, claimed=560.0, bound=560.0, finished=True, mip_gap=0.0) is None
        True
        >>> certify(model, x, claimed=535.0, bound=540.35, finished=False, mip_gap=0.0)[0]
        'time_limit'
    """
    if len(violated_rows(model, x)):
        return None
    value = float(model.objective @ x)
    if np.isfinite(claimed) and abs(claimed - value) > PROVEN_GAP * max(1.0, abs(value)):
        return None
    gap = verified_gap(model, x, bound)
    if finished and gap > mip_gap + PROVEN_GAP:
        return None
    return classify(finished, gap, mip_gap), gap


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
        return cls("infeasible", np.zeros(n), nan, nan, nan, seconds, backend, version)


class Backend(Protocol):
    """The interface every solver backend implements."""

    name: str

    def available(self) -> bool:
        """Whether the backend can run here (its library imports)."""
        ...

    def version(self) -> str:
        """The solver's version string."""
        ...

    def solve(self, model: PortfolioModel, options: SolverOptions) -> SolveResult:
        """Maximise the model; raise :class:`SolverError` when it fails."""
        ...


_MODULES = {
    "highs": "mcda_kerjasama.portfolio.backends.highs",
    "cbc": "mcda_kerjasama.portfolio.backends.cbc",
}


def get_backend(name: str) -> Backend:
    """The backend called ``name`` ("highs" or "cbc").

    Example:
        >>> get_backend("highs").name
        'highs'
    """
    if name not in _MODULES:
        raise SolverError("solver_unavailable", backend=name, reason="unknown backend")
    backend: Backend = importlib.import_module(_MODULES[name]).BACKEND
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
    for name, module in _MODULES.items():
        try:
            if importlib.import_module(module).BACKEND.available():
                names.append(name)
        except ImportError:
            continue
    return names


def installed(distribution: str) -> bool:
    """Whether a Python distribution is installed, without importing it.

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
        >>> import pandas as pd
        >>> from mcda_kerjasama.constraints import Constraints
        >>> from mcda_kerjasama.portfolio.model import build_model
        >>> empty = build_model(candidates.iloc[:0], score, (2026,), constraints)
        >>> empty_result(empty, 0.0, "highs", "x").status
        'optimal'
    """
    allowed = bool(np.all(model.row_lower <= 0) and np.all(model.row_upper >= 0))
    if not allowed:
        return SolveResult.infeasible(0, seconds, backend, version)
    return SolveResult("optimal", np.zeros(0), 0.0, 0.0, 0.0, seconds, backend, version)
