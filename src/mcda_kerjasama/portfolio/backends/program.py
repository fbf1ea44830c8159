"""What every backend solves: a mixed-integer (or linear) program as arrays, and the
answer as the solver gave it, before any certification.

A :class:`MixedProgram` is ``max/min c.x`` subject to ``row_lower <= A x <= row_upper``
and ``col_lower <= x <= col_upper`` with some columns integer. A portfolio model is one
(binary columns); the LP relaxation is the same program with no integer column; the
infeasibility diagnosis adds continuous stretch columns. A backend opens a
:class:`Session` on a program and runs it as often as needed, changing only the costs or
the column bounds in between (warm re-solves where the solver can).

Example:
    >>> from scipy import sparse
    >>> p = MixedProgram(sparse.csr_matrix([[1.0, 1.0]]), np.array([1.0, 2.0]),
    ...                  np.zeros(2), np.ones(2), np.array([-np.inf]), np.array([1.0]),
    ...                  integer=np.array([True, True]), sense="max")
    >>> p.n_columns, bool(p.relaxed().integer.any())
    (2, False)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from mcda_kerjasama.portfolio.model import PortfolioModel

Sense = Literal["max", "min"]


class Status(StrEnum):
    """How a solve ended. A ``str``: ``Status.OPTIMAL == "optimal"``, and JSON writes the
    plain word.

    ``OPTIMAL``: proven, objective and bound equal within the tie tolerance.
    ``GAP_LIMIT``: the solver finished within the relative gap that was asked for.
    ``TIME_LIMIT``: it stopped on time (or another limit) with a solution.
    ``INFEASIBLE``: no solution exists.

    It shows as the plain word too (tables, reprs), so nothing a person or a script reads
    changes with the type.

    Example:
        >>> Status("optimal") is Status.OPTIMAL, f"{Status.TIME_LIMIT}", Status.OPTIMAL
        (True, 'time_limit', 'optimal')
    """

    OPTIMAL = "optimal"
    GAP_LIMIT = "gap_limit"
    TIME_LIMIT = "time_limit"
    INFEASIBLE = "infeasible"

    def __repr__(self) -> str:
        return repr(self.value)


@dataclass(frozen=True)
class MixedProgram:
    """``sense c.x`` s.t. ``row_lower <= matrix x <= row_upper``, ``col_lower <= x <=
    col_upper``, ``x_j`` integer where ``integer[j]``. Infinite bounds are ``+-inf``.

    Example: see the module docstring.
    """

    matrix: sparse.csr_matrix
    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    integer: np.ndarray
    sense: Sense

    @property
    def n_columns(self) -> int:
        """Number of columns."""
        return len(self.cost)

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return int(self.matrix.shape[0])

    @classmethod
    def from_model(cls, model: PortfolioModel) -> MixedProgram:
        """The portfolio model's binary program.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> model = run(load_scenario("scenarios/contoh")).selection.model
            >>> MixedProgram.from_model(model).n_columns == model.n_columns
            True
        """
        n = model.n_columns
        return cls(
            model.matrix,
            np.asarray(model.objective, dtype=float),
            np.zeros(n),
            np.ones(n),
            model.row_lower,
            model.row_upper,
            np.ones(n, dtype=bool),
            model.sense,
        )

    def relaxed(self) -> MixedProgram:
        """The same program with every integrality dropped (its LP relaxation)."""
        return replace(self, integer=np.zeros(self.n_columns, dtype=bool))


@dataclass(frozen=True)
class Solution:
    """A run's answer as the solver gave it, before certification.

    ``infeasible``: proven to have no solution. Otherwise ``x`` holds the column values
    (``None`` when the solver found none before a limit, with ``reason``); ``finished``:
    it ended on its own (proof or the requested gap), not on a limit; ``objective`` the
    value it *claims* for ``x``; ``bound`` its proven bound (NaN when it cannot tell);
    ``row_duals`` the LP duals (a relaxation solved to optimality only).
    """

    infeasible: bool
    finished: bool
    x: np.ndarray | None
    objective: float
    bound: float
    row_duals: np.ndarray | None = None
    reason: str = ""


class Session(Protocol):
    """One program held by a solver, re-run with new costs or column bounds."""

    def set_cost(self, cost: np.ndarray) -> None:
        """Replace the objective coefficients."""
        ...

    def set_bounds(self, lower: np.ndarray, upper: np.ndarray) -> None:
        """Replace every column's bounds."""
        ...

    def run(self, start: np.ndarray | None = None, time_limit: float | None = None) -> Solution:
        """Solve; ``start``: a feasible point offered as the first incumbent;
        ``time_limit``: seconds for this run (default: the session's)."""
        ...

    def clear(self) -> None:
        """Forget any start, basis and solution kept from earlier runs."""
        ...


# --- certification -----------------------------------------------------------------------

#: Two objective values closer than this (relative, at least 1 absolute unit) are equal:
#: the same tolerance as the tie rule of :mod:`mcda_kerjasama.portfolio.select`.
PROVEN_GAP = 1e-7

#: Row activity may pass a bound by this much (relative to the bound, at least 1e-7
#: absolute): the solvers' own feasibility tolerance.
FEASIBILITY_TOLERANCE = 1e-7
#: Integer objectives stay below this, so every sum of them is exact in floating point.
EXACT_UP_TO = 2.0**50


def classify(finished: bool, gap: float, mip_gap: float = 0.0) -> Status:
    """The status a solve that found a solution has earned from its *verified* gap:
    ``optimal`` when proven (gap <= 1e-7), whether or not the solver stopped on a limit;
    ``gap_limit`` when it finished within the requested relative gap; ``time_limit``
    otherwise.

    Example:
        >>> [classify(*a) for a in [(True, 0.0), (True, 1e-3, 1e-3), (False, 0.02)]]
        ['optimal', 'gap_limit', 'time_limit']
        >>> classify(False, 0.0)  # stopped on time, yet the bound proves it
        'optimal'
    """
    if gap <= PROVEN_GAP:
        return Status.OPTIMAL
    if finished and gap <= mip_gap + PROVEN_GAP:
        return Status.GAP_LIMIT
    return Status.TIME_LIMIT


def verified_gap(program: MixedProgram, x: np.ndarray, bound: float) -> float:
    """The relative gap between the value of ``x`` (computed here, not taken from the
    solver) and the solver's proven ``bound``: 0 within the equality tolerance, ``inf``
    when the bound is unknown (NaN).

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> selection = run(load_scenario("scenarios/contoh")).selection  # its optimum: 535
        >>> p, x = MixedProgram.from_model(selection.model), selection.x
        >>> verified_gap(p, x, 535.0), round(verified_gap(p, x, 540.35), 6)
        (0.0, 0.01)
        >>> verified_gap(p, x, float("nan"))
        inf
    """
    if not np.isfinite(bound):
        return float("inf")
    value = float(program.cost @ x)
    slack = bound - value if program.sense == "max" else value - bound
    if slack <= PROVEN_GAP * max(1.0, abs(value)):
        return 0.0
    return slack / max(abs(value), 1e-9)


def violations(program: MixedProgram, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the rows and of the columns ``x`` breaks (bounds and integrality),
    beyond the feasibility tolerance.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> selection = run(load_scenario("scenarios/contoh")).selection
        >>> model = selection.model
        >>> p = MixedProgram.from_model(model)
        >>> [v.tolist() for v in violations(p, selection.x)]
        [[], []]
        >>> rows, _ = violations(p, np.ones(p.n_columns))
        >>> sorted(set(model.rows.loc[rows, "kind"]))
        ['budget', 'exclusive']
    """
    activity = program.matrix @ x

    def tol(bound: np.ndarray) -> np.ndarray:
        return FEASIBILITY_TOLERANCE * np.maximum(
            1.0, np.abs(np.nan_to_num(bound, posinf=0.0, neginf=0.0))
        )

    rows = (activity > program.row_upper + tol(program.row_upper)) | (
        activity < program.row_lower - tol(program.row_lower)
    )
    cols = (x > program.col_upper + tol(program.col_upper)) | (
        x < program.col_lower - tol(program.col_lower)
    )
    cols |= program.integer & (np.abs(x - np.rint(x)) > FEASIBILITY_TOLERANCE)
    return np.flatnonzero(rows), np.flatnonzero(cols)


def certify(
    program: MixedProgram,
    x: np.ndarray,
    *,
    claimed: float,
    bound: float,
    finished: bool,
    mip_gap: float,
) -> tuple[Status, float] | None:
    """The status and gap a solver's answer has earned, checked after every solve:
    ``x`` must keep every row and column bound, its value (computed here from ``x``)
    must be the objective the solver ``claimed``, and a solver that says it
    ``finished`` must have a ``bound`` within ``mip_gap`` of that value. ``None`` when
    any check fails: the answer is not to be trusted (solve again differently, or fail).

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> selection = run(load_scenario("scenarios/contoh")).selection
        >>> p, x = MixedProgram.from_model(selection.model), selection.x  # worth 535
        >>> certify(p, x, claimed=535.0, bound=535.0, finished=True, mip_gap=0.0)
        ('optimal', 0.0)
        >>> certify(p, x, claimed=560.0, bound=560.0, finished=True, mip_gap=0.0) is None
        True
        >>> certify(p, x, claimed=535.0, bound=540.35, finished=False, mip_gap=0.0)[0]
        'time_limit'
    """
    rows, cols = violations(program, x)
    if len(rows) or len(cols):
        return None
    value = float(program.cost @ x)
    if np.isfinite(claimed) and abs(claimed - value) > PROVEN_GAP * max(1.0, abs(value)):
        return None
    gap = verified_gap(program, x, bound)
    if finished and gap > mip_gap + PROVEN_GAP:
        return None
    return classify(finished, gap, mip_gap), gap


def certified(
    program: MixedProgram, found: Solution, mip_gap: float
) -> tuple[np.ndarray, tuple[Status, float] | None]:
    """A run's portfolio (``found.x`` rounded to 0/1) and what it has earned by
    :func:`certify` against the run's own claims (None: not to be trusted).

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> selection = run(load_scenario("scenarios/contoh")).selection
        >>> p = MixedProgram.from_model(selection.model)
        >>> x, checked = certified(p, Solution(False, True, selection.x, 535.0, 535.0), 0.0)
        >>> checked
        ('optimal', 0.0)
    """
    if found.x is None:
        raise ValueError("a run without a portfolio has nothing to certify")
    x = np.rint(found.x).clip(0, 1)
    checked = certify(
        program,
        x,
        claimed=found.objective,
        bound=found.bound,
        finished=found.finished,
        mip_gap=mip_gap,
    )
    return x, checked


def consistent(program: MixedProgram, solution: Solution) -> bool:
    """Whether a run's solution keeps every bound and is worth what the solver claims
    (the checks of :func:`certify` that need no bound): a start that misled the
    solver's presolve fails here.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> selection = run(load_scenario("scenarios/contoh")).selection
        >>> p = MixedProgram.from_model(selection.model)
        >>> consistent(p, Solution(False, True, selection.x, 535.0, 535.0))
        True
        >>> consistent(p, Solution(False, True, selection.x, 600.0, 600.0))
        False
    """
    if solution.x is None:
        return True
    return (
        certify(
            program, solution.x, claimed=solution.objective, bound=np.nan, finished=False, mip_gap=0
        )
        is not None
    )


def grid(values: np.ndarray) -> float | None:
    """The largest step ``q`` (a decimal fraction, up to 6 places) of which every value
    is an integer multiple; None when there is none.

    Example:
        >>> grid(np.array([0.0, 0.3, 0.45])), grid(np.array([0.0]))
        (0.15, 1.0)
    """
    values = np.asarray(values, dtype=float)
    step = grids(values, np.zeros(len(values), dtype=np.int64), 1)[0]
    return None if np.isnan(step) else float(step)


def grids(values: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
    """:func:`grid` of every group of ``values`` (``group``: each value's group, 0 ..
    ``n_groups - 1``) at once, NaN where there is none: a program's rows are scaled by
    their grids, and one pass over all rows took a tenth of the time of a call per row.

    Example:
        >>> grids(np.array([0.3, 0.45, 2.0, 0.1, np.pi]), np.array([0, 0, 1, 1, 2]), 4)
        array([0.15, 0.1 ,  nan, 1.  ])
    """
    values = np.asarray(values, dtype=float)
    group = np.asarray(group, dtype=np.int64)
    order = np.argsort(group, kind="stable")
    values, group = values[order], group[order]
    nonzero = values != 0
    values, group = values[nonzero], group[nonzero]
    out = np.full(n_groups, np.nan)
    count = np.bincount(group, minlength=n_groups)
    out[count == 0] = 1.0
    open_ = count > 0
    for places in range(7):
        if not open_.any():
            break
        mine = open_[group]
        scaled = values[mine] * 10.0**places
        where = group[mine]
        whole = np.rint(scaled)
        too_big = np.bincount(where, np.abs(whole) >= EXACT_UP_TO, n_groups) > 0
        off = np.abs(scaled - whole) > 1e-9 * np.maximum(1.0, np.abs(scaled))
        fits = open_ & ~too_big & ~(np.bincount(where, off, n_groups) > 0)
        open_ &= ~too_big  # None: the values are too large to be exact
        if fits.any():
            take = fits[where]
            whole, where = np.abs(whole[take]).astype(np.int64), where[take]
            first = np.flatnonzero(np.r_[True, where[1:] != where[:-1]])
            out[where[first]] = np.gcd.reduceat(whole, first) / 10.0**places
            open_ &= ~fits
    return out
