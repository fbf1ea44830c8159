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

#: A relative gap at or below this counts as proven optimal (solver tolerance).
PROVEN_GAP = 1e-9


def classify(finished: bool, gap: float) -> Status:
    """The status of a solve that found a portfolio: ``optimal`` only when proven
    (gap <= 1e-9); ``gap_limit`` when it stopped at the requested relative gap;
    ``time_limit`` when it stopped on time (or another limit).

    Example:
        >>> classify(True, 0.0), classify(True, 1e-3), classify(False, 0.02)
        ('optimal', 'gap_limit', 'time_limit')
    """
    if finished:
        return "optimal" if gap <= PROVEN_GAP else "gap_limit"
    return "time_limit"


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
