"""The deterministic tie-break, in as few solves as exactness allows.

Among the portfolios whose total score is within ``TIE_TOLERANCE`` (relative) of the
proven optimum, the tie-break chooses the one with the smallest total cost, then the
smallest start key, then the smallest sum of id positions (the three integer keys of
:attr:`~mcda_kerjasama.portfolio.model.PortfolioModel.tiebreak`, minimised in turn, each
held at its optimum for the next), then the smallest list of chosen columns
(:func:`~mcda_kerjasama.portfolio.ties.canonical`; the re-optimiser of Monte Carlo,
the one-way search and the weight tuner applies the same order).

**First, without a MIP solve.** The proven optimum and the LP relaxation's duals give
the re-optimiser's Lagrangian bound; every start-year (or staff-cap) pattern whose
choice would cost the bound more than the bound's excess over the optimum is ruled out,
and when the choices left are few (at most ``2 ** MAX_FREE``, see
:meth:`~mcda_kerjasama.portfolio.reoptimise.Reoptimiser.enumerated`) they are
enumerated and the first portfolio in the tie order is the answer: on 115 proposals
with agency staff caps 3 ms where the plain solve takes 8 ms. Otherwise (on 250
proposals the LP bound already leaves 2^146 choices):

**The keys by MIP solves.** The keys can leave a tie ({A, D} and {B, C} with equal
scores and costs: 0 + 3 = 1 + 2); after the last key a solve that excludes the
portfolio found (a no-good row) looks for another on the face, and only when it finds
one are the tied portfolios listed, one solve each, and the first in the tie order
kept. Usually the first such solve proves there is none. That search runs on models of
up to :data:`RESIDUAL_UP_TO` columns (the size ``tie_break = "auto"`` breaks ties at);
above, the keys decide alone.

Staged naively, that is one MIP per key, and "the least cost among portfolios of the
optimal score" is a hard problem for branch and bound (the score row is dense and its
LP relaxation loose): 15 times the plain solve on 1,000 proposals. Two exact shortcuts:

* **Score and cost in one solve.** When every score is an integer multiple of one grid
  step ``q`` (scores computed from ratings and weights usually are) and the tie
  tolerance is below half a step, portfolios are either exactly tied or at least ``q``
  apart. Then ``W = (c / q) * K - cost / g`` with ``g`` the cost keys' greatest common
  divisor and ``K`` above the range of ``cost / g`` orders portfolios exactly
  lexicographically (score first, then cost): one MIP proves both. Every ``W`` value is
  an integer, so a bound within 1 of the answer's value is a proof; the answer is
  checked here against every row, and its score bound is derived from the ``W`` bound
  (``floor((B + K - 1) / K) * q``).
* **The two small keys in one.** The start key and the id key are small integers; their
  combination ``key2 * R + key3`` (``R`` above the range of ``key3``) needs one solve
  instead of two.

A combination is used only while its values span at most :data:`PROVABLE_UP_TO`
(``2**32``): exact arithmetic goes to ``2**50``, but HiGHS's bound is not accurate to
one unit much beyond ``2**32`` (on 1,000 proposals the score-and-cost key spans 1.3e11
and HiGHS had not finished its root node after 40 s; key by key, the three stages are
proven in about 45 s).

Every stage starts from the previous stage's portfolio (it is feasible for the next) and
is accepted only when the solver's bound proves it to the key's unit. Without a grid,
or when a shortcut does not prove out, the keys are minimised one at a time, each held
at its optimum (the same portfolios as the shortcuts: the tests compare them). A stage
that runs out of time keeps the best portfolio found so far, whose score stays within
the tolerance of the proven optimum.

Example:
    >>> grid(np.array([2.5, 3.75, 10.0])), grid(np.array([0.1, np.pi]))
    (1.25, None)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse

from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.backends import (
    Backend,
    MixedProgram,
    SolveResult,
    violations,
)
from mcda_kerjasama.portfolio.backends.program import EXACT_UP_TO, grid
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.portfolio.ties import TIE_TOLERANCE, canonical

#: Feasibility and integrality tolerance of a tie-break stage: a key's coefficients go
#: up to 2**50 / columns, so HiGHS's default 1e-6 of integrality slack could pass a
#: portfolio one unit off the face (found on sumbar-2026 with its budget raised 19%).
STAGE_TOLERANCE = 1e-9
#: A combined key whose values span more than this is solved key by key instead: HiGHS's
#: bound is not accurate to one unit beyond it. On 1,000 proposals the score-and-cost key
#: spans 1.3e11 and HiGHS had not left its root node after 40 s, where the three staged
#: keys are proven in about 45 s; on sumbar-2026 it spans 1.4e8 and one solve proves it.
PROVABLE_UP_TO = 2.0**32
#: Models of up to this many columns get the residual search for portfolios tied on
#: every key (:func:`_residual`); above, the keys' portfolio stands. On 1,000 proposals
#: (2,065 columns) proving that no other portfolio ties took 114 s where the three keys
#: took 44 s; on 400 proposals (790 columns) 1.1 s of the tie-break's 6.5 s.
RESIDUAL_UP_TO = 1_000


@dataclass(frozen=True)
class _Key:
    """An integer objective in units of its own gcd, minimised (or maximised) over the
    face held so far."""

    values: np.ndarray
    sense: str


def _units(key: np.ndarray) -> np.ndarray:
    """An integer key divided by the gcd of its entries (all zero stays zero)."""
    whole = np.rint(np.asarray(key, dtype=float)).astype(np.int64)
    step = int(np.gcd.reduce(np.abs(whole))) if whole.any() else 1
    return (whole // step).astype(float)


def _range(key: np.ndarray) -> float:
    """More than the difference of the key between any two 0/1 points."""
    return float(np.abs(key).sum()) + 1.0


def combined(keys: list[np.ndarray]) -> np.ndarray | None:
    """The integer keys (each in its own units) combined into one that orders 0/1 points
    lexicographically by them, or None when it would not be exact or its values would
    span more than :data:`PROVABLE_UP_TO`.

    Example:
        >>> combined([np.array([1.0, 0.0]), np.array([0.0, 3.0])]).tolist()
        [4.0, 3.0]
    """
    total = np.zeros_like(keys[-1])
    scale = 1.0
    for key in reversed(keys):
        total = total + key * scale
        scale *= _range(key)
        if scale * (float(np.abs(key).max(initial=0.0)) + 1.0) >= EXACT_UP_TO:
            return None
    return total if scale <= PROVABLE_UP_TO else None


def break_ties(
    model: PortfolioModel,
    first: SolveResult,
    backend: Backend,
    time_left: float,
) -> tuple[np.ndarray, int]:
    """The tie-break's portfolio, starting from ``first`` (a proven optimum of
    ``model``) within ``time_left`` seconds, and the number of MIP solves it took (0
    when the enumeration decided).

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> from mcda_kerjasama.portfolio.backends import get_backend
        >>> from mcda_kerjasama.scenario import SolverOptions
        >>> model = run(load_scenario("scenarios/contoh")).selection.model
        >>> first = get_backend("highs").solve(model, SolverOptions())
        >>> x, solves = break_ties(model, first, get_backend("highs"), 60.0)
        >>> float(model.objective @ x), solves  # by enumeration: no MIP solve
        (535.0, 0)
    """
    started = time.perf_counter()
    if model.sense == "max" and first.x is not None:
        try:
            solver = Reoptimiser(model, time_limit=max(time_left, 1e-3), backend=backend.name)
            enumerated = solver.enumerated(model.objective, first.x)
        except SolverError:  # no LP answer: the stages decide
            enumerated = None
        if enumerated is not None:  # the LP bound left few choices: no MIP solve
            return enumerated, 0
    program = MixedProgram.from_model(model)
    c = program.cost
    best = first.x
    scale = max(1.0, abs(first.objective))
    floor = first.objective - TIE_TOLERANCE * scale
    keys = [_units(k) for k in model.tiebreak]
    step = grid(c)
    face: list[tuple[np.ndarray, float, float]] = [(c, floor, np.inf)]
    solves = 0
    if step is not None and TIE_TOLERANCE * scale < 0.25 * step and keys and keys[0].any():
        points = np.rint(c / step)
        weight = _range(keys[0])
        w = points * weight - keys[0]
        if (float(np.abs(points).sum()) + 1.0) * weight <= PROVABLE_UP_TO:
            left = time_left - (time.perf_counter() - started)
            if left <= 0:
                return best, solves
            solves += 1
            x, proven, finished = _stage(backend, program, [], _Key(w, "max"), best, left)
            if x is None:  # nothing (trustworthy) in time, or "infeasible": keep the first
                return best, solves
            if float(c @ x) >= floor:
                best = x
                if proven:
                    face = [(w, float(w @ x) - 0.5, np.inf)]
                    keys = keys[1:]
                elif not finished:
                    return best, solves  # out of time: the best portfolio found so far
    stages = _plan(keys)
    for key in stages:
        left = time_left - (time.perf_counter() - started)
        if left <= 0:
            return best, solves
        solves += 1
        x, proven, _ = _stage(backend, program, face, _Key(key, "min"), best, left)
        if x is None:
            return best, solves
        best = x
        if not proven:
            return best, solves
        face.append((key, -np.inf, float(key @ x) + 0.5))
    left = time_left - (time.perf_counter() - started)
    if program.n_columns > RESIDUAL_UP_TO:
        return best, solves
    best, more = _residual(backend, program, face, best, np.asarray(model.tiebreak), left)
    return best, solves + more


def _residual(
    backend: Backend,
    program: MixedProgram,
    face: list[tuple[np.ndarray, float, float]],
    best: np.ndarray,
    keys: np.ndarray,
    time_left: float,
) -> tuple[np.ndarray, int]:
    """The first portfolio in the tie order
    (:func:`~mcda_kerjasama.portfolio.ties.canonical`) among those the keys left tied
    with ``best`` (every row of ``face`` held): each is found by a solve that excludes
    the ones known (a no-good row per portfolio), until a solve proves there is no
    other; usually the first does. Out of time, the best of those found. Returns it and
    the solves made."""
    found = [np.rint(best).clip(0, 1)]
    solves = 0
    started = time.perf_counter()
    while (left := time_left - (time.perf_counter() - started)) > 0:
        # sum over j chosen of (1 - x_j) + sum over j not chosen of x_j >= 1, per portfolio
        rows = [(np.where(p > 0.5, -1.0, 1.0), 1.0 - float((p > 0.5).sum()), np.inf) for p in found]
        solves += 1
        other = _other(backend, program, face + rows, left)
        if other is None:
            break
        found.append(other)
    return min(found, key=lambda p: canonical(keys, p)), solves


def _plan(keys: list[np.ndarray]) -> list[np.ndarray]:
    """The keys left, each pair combined into one solve when exact."""
    out: list[np.ndarray] = []
    rest = [k for k in keys]
    while rest:
        if len(rest) >= 2 and (both := combined(rest[:2])) is not None:
            out.append(both)
            rest = rest[2:]
        else:
            out.append(rest.pop(0))
    return [k for k in out if k.any()]


def _on_face(face: list[tuple[np.ndarray, float, float]], x: np.ndarray) -> bool:
    """Whether the 0/1 portfolio ``x`` holds every face row exactly: their keys are
    integers (or the score, whose row keeps the tie tolerance in its bound) and their
    bounds half a unit inside, so no tolerance is due; a solver's integrality slack
    times a key's large coefficients must not pass for the face."""
    return all(lo <= float(row @ x) <= up for row, lo, up in face)


def _stage(
    backend: Backend,
    program: MixedProgram,
    face: list[tuple[np.ndarray, float, float]],
    key: _Key,
    start: np.ndarray,
    time_limit: float,
) -> tuple[np.ndarray | None, bool, bool]:
    """One stage: optimise ``key`` with the ``face`` rows held, from ``start`` (which
    keeps them). Returns the portfolio (None when the solver found none or its answer
    breaks a row), whether the bound proves it to one unit of the key, and whether the
    solver finished."""
    staged = _with_rows(program, face, key.values, "max" if key.sense == "max" else "min")
    # the start is on the face already: the search heuristics only cost time (the three
    # stages on 1,000 proposals: 40.5 s so, 44.2 s with HiGHS's defaults, 54.7 s with
    # the extra heuristic effort of a single solve)
    session = backend.session(staged, time_limit, repeated=True, tolerance=STAGE_TOLERANCE)
    for attempt in (start, None):
        try:
            found = session.run(attempt, time_limit=time_limit)
        except SolverError:
            return None, False, False
        if found.infeasible or found.x is None:
            return None, False, False
        x = np.rint(found.x).clip(0, 1)
        rows, cols = violations(staged, x)
        value = float(key.values @ x)
        honest = np.isfinite(found.objective) and abs(found.objective - value) <= 0.5
        if len(rows) == 0 and len(cols) == 0 and honest and _on_face(face, x):
            break
        if attempt is None:  # no trustworthy answer even without the start
            return None, False, False
        session.clear()  # the start misled the solver: solve again without it
    sign = 1.0 if key.sense == "max" else -1.0
    proven = found.finished and np.isfinite(found.bound) and sign * (found.bound - value) < 1.0
    return x, bool(proven), found.finished


def _other(
    backend: Backend,
    program: MixedProgram,
    face: list[tuple[np.ndarray, float, float]],
    time_limit: float,
) -> np.ndarray | None:
    """A portfolio that keeps every row of ``program`` and of ``face``, or None when the
    solver proves there is none, stops on time without one, or answers one that breaks
    a row (the face rows are then trusted to hold no other: the keys' proofs stand)."""
    staged = _with_rows(program, face, np.zeros(program.n_columns), "min")
    session = backend.session(staged, time_limit, repeated=True, tolerance=STAGE_TOLERANCE)
    try:
        found = session.run(None, time_limit=time_limit)
    except SolverError:
        return None
    if found.infeasible or found.x is None:
        return None
    x = np.rint(found.x).clip(0, 1)
    rows, cols = violations(staged, x)
    return x if len(rows) == 0 and len(cols) == 0 and _on_face(face, x) else None


def _with_rows(
    program: MixedProgram,
    face: list[tuple[np.ndarray, float, float]],
    cost: np.ndarray,
    sense: Literal["max", "min"],
) -> MixedProgram:
    """``program`` with the ``face`` rows added and ``cost`` as its objective."""
    return MixedProgram(
        sparse.vstack(
            [program.matrix, *[sparse.csr_matrix(row[None, :]) for row, _, _ in face]],
            format="csr",
        ),
        cost,
        program.col_lower,
        program.col_upper,
        np.concatenate([program.row_lower, [lo for _, lo, _ in face]]),
        np.concatenate([program.row_upper, [up for _, _, up in face]]),
        program.integer,
        sense,
    )
