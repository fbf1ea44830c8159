"""The smallest relaxation of the resource rules, and its verification by re-solving.

:func:`_rules` lists the model's stretchable rows (the row kinds declared ``elastic``
in :mod:`mcda_kerjasama.rules`) with the unit in
which each stretch is measured; :func:`_solve` solves the elastic MILP (or, with nothing
free, the portfolio model under a given relaxation) on the scenario's backend;
:func:`_settle` reads the least relaxation a 0/1 portfolio needs from its activities;
:func:`_verify` checks that every reported bound is the least, lowering those that are
not (see :mod:`mcda_kerjasama.portfolio.diagnose` for the method).

Example: a share limit is a share of its year's budget, so it follows that budget
when the budget is relaxed:

    >>> from mcda_kerjasama import load_scenario
    >>> from mcda_kerjasama.constraints import GroupLimit
    >>> from mcda_kerjasama.pipeline import prepare
    >>> from mcda_kerjasama.portfolio.model import build_model
    >>> problem = prepare(load_scenario("scenarios/contoh")).problem
    >>> candidates, score = problem.candidates, problem.score
    >>> ksdd = GroupLimit("groups", "KSDD", column="kind", values=("KSDD",), max_share=0.4)
    >>> shares = Constraints(budget={2026: 5e9}, groups=(ksdd,))
    >>> rules = _rules(build_model(candidates, score, (2026,), shares), candidates, shares)
    >>> rules.kind.tolist(), rules.bound.tolist()
    (['budget', 'group_share_max'], [5000000000.0, 2000000000.0])
    >>> rules.limits({0: 6e9}).tolist()  # the budget raised to Rp 6 M
    [6000000000.0, 2400000000.0]
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.portfolio.backends import MixedProgram, get_backend
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.rules import kinds_where, row_kind

#: How far a reported bound is moved back to check that it is the least, relative to the
#: rule's bound (counts move by half a proposal, i.e. to the next whole number).
HAIR = 1e-6

_TOL = 1e-9  # relative: activities are sums of the data's own numbers
_SOLVER_TOL = 1e-9  # HiGHS feasibility tolerances on the scaled rows

Relaxation = dict[int, float]  # rule position -> relaxed bound


@dataclass(frozen=True)
class _Rules:
    """The model's stretchable rows and how each stretches.

    ``rows`` are their positions in the model, ``upper`` whether the bound is an upper
    one, ``bound`` the model's bound, ``unit`` one relative unit of stretch in the rule's
    own unit (the bound, or for a zero bound the largest amount the row counts);
    ``share`` a share row's fraction of its year's budget and ``budget`` that budget's
    rule (-1 for other rules).
    """

    rows: np.ndarray
    kind: np.ndarray
    upper: np.ndarray
    bound: np.ndarray
    unit: np.ndarray
    share: np.ndarray
    budget: np.ndarray
    matrix: sparse.csr_matrix
    backend: str = "highs"

    def limits(self, relaxed: Mapping[int, float]) -> np.ndarray:
        """Every rule's bound under ``relaxed`` (rule -> relaxed bound). A share rule not
        relaxed itself follows its year's budget when that budget is relaxed."""
        limit = self.bound.copy()
        moved = np.zeros(len(limit), dtype=bool)
        for k, value in relaxed.items():
            limit[k] = value
            moved[k] = True
        follow = (self.budget >= 0) & ~moved
        follow[follow] = moved[self.budget[follow]]
        limit[follow] = self.share[follow] * limit[self.budget[follow]]
        return limit

    def tolerance(self, k: int) -> float:
        return _TOL * max(1.0, float(self.unit[k]))

    def hair(self, k: int) -> float:
        """How far bound ``k`` is moved back to check that it is the least."""
        count = row_kind(str(self.kind[k])).unit == "count"
        return 0.5 if count else HAIR * float(self.unit[k])


def _rules(
    model: PortfolioModel, data: pd.DataFrame, constraints: Constraints, backend: str = "highs"
) -> _Rules:
    kind_all = model.rows["kind"].to_numpy(dtype=object)
    rows = np.flatnonzero(np.isin(kind_all, kinds_where(elastic=True)))
    kind = kind_all[rows]
    upper = np.isfinite(model.row_upper[rows])
    bound = np.where(upper, model.row_upper[rows], model.row_lower[rows])
    matrix = model.matrix[rows]
    largest = np.zeros(len(rows))
    if matrix.nnz:
        largest = np.asarray(abs(matrix).max(axis=1).todense(), dtype=float).ravel()
    unit = np.where(bound != 0, np.abs(bound), np.where(largest > 0, largest, 1.0))
    year = model.rows["year"].to_numpy(dtype=int)[rows]
    budget_rule = {int(year[k]): k for k in np.flatnonzero(kind == "budget")}
    share = np.full(len(rows), np.nan)
    budget = np.full(len(rows), -1)
    declared = _declared_shares(model, data, constraints)
    for name in ("group_share_max", "group_share_min"):
        mine = np.flatnonzero(kind == name)
        fallback = declared[name] if len(declared[name]) == len(mine) else [np.nan] * len(mine)
        for k, stated in zip(mine, fallback, strict=True):
            b = budget_rule.get(int(year[k]))
            if b is None:
                continue
            base = bound[b]
            share[k] = bound[k] / base if base > 0 else stated
            if np.isfinite(share[k]):
                budget[k] = b
    return _Rules(rows, kind, upper, bound, unit, share, budget, matrix, backend)


def _declared_shares(
    model: PortfolioModel, data: pd.DataFrame, constraints: Constraints
) -> dict[str, list[float]]:
    """The share of every share row, in the order the model adds them (needed only when
    a year's budget is zero, where the row's bound does not tell the share)."""
    out: dict[str, list[float]] = {"group_share_max": [], "group_share_min": []}
    years = len(model.years)
    for limit in constraints.groups:
        for _ in limit.members(data):
            if limit.max_share is not None:
                out["group_share_max"] += [limit.max_share] * years
            if limit.min_share is not None:
                out["group_share_min"] += [limit.min_share] * years
    return out


@dataclass(frozen=True)
class _Claim:
    """A relaxation that passed (or failed) the checks, with a portfolio that fits it."""

    relaxed: Relaxation
    witness: np.ndarray
    verified: bool


def _solve(
    model: PortfolioModel,
    rules: _Rules,
    relaxed: Relaxation,
    free: Sequence[int],
    deadline: float,
    start: np.ndarray | None = None,
) -> tuple[str, np.ndarray | None]:
    """Solve the model with the bounds of ``relaxed``, the ``free`` rules stretchable
    from their unrelaxed bounds at a cost of one per relative unit (none free: a
    feasibility problem). Returns ("found", x), ("infeasible", None) or ("unknown", x or
    None) when stopped by the deadline.

    Elastic rows are divided by their unit so that every row the solver sees is of
    order one, which keeps its tolerances meaningful for rupiah amounts.
    """
    left = deadline - time.monotonic()
    if left <= 0:
        return "unknown", None
    free_set = set(free)
    kept = {k: v for k, v in relaxed.items() if k not in free_set}
    limit = rules.limits(kept)
    n, m = model.n_columns, model.matrix.shape[0]
    scale = np.ones(m)
    scale[rules.rows] = 1.0 / rules.unit
    lower, upper = model.row_lower.copy(), model.row_upper.copy()
    lower[rules.rows] = np.where(rules.upper, -np.inf, limit * scale[rules.rows])
    upper[rules.rows] = np.where(rules.upper, limit * scale[rules.rows], np.inf)
    # stretch columns: -1 in an upper row, +1 in a lower one; a free budget also moves
    # the share rows that follow it (by share x its unit, in their units)
    follows = (rules.budget >= 0) & np.array([k not in kept for k in range(len(rules.rows))])
    r: list[int] = []
    c: list[int] = []
    v: list[float] = []
    for j, k in enumerate(free):
        r.append(int(rules.rows[k]))
        c.append(j)
        v.append(-1.0 if rules.upper[k] else 1.0)
        if rules.kind[k] == "budget":
            for g in np.flatnonzero(follows & (rules.budget == k)):
                r.append(int(rules.rows[g]))
                c.append(j)
                v.append(-float(rules.share[g] * rules.unit[k] / rules.unit[g]))
    stretch = sparse.csc_matrix((v, (r, c)), shape=(m, len(free)))
    matrix = sparse.hstack([sparse.diags(scale) @ model.matrix, stretch], format="csc")
    total = n + len(free)
    if total == 0:
        ok = bool(np.all(lower <= 0) and np.all(upper >= 0))
        return ("found", np.zeros(0)) if ok else ("infeasible", None)
    program = MixedProgram(
        matrix.tocsr(),
        np.concatenate([np.zeros(n), np.ones(len(free))]),
        np.zeros(total),
        np.concatenate([np.ones(n), np.full(len(free), np.inf)]),
        lower,
        upper,
        np.arange(total) < n,
        "min",
    )
    session = get_backend(rules.backend).session(program, left, tolerance=_SOLVER_TOL)
    found = session.run(start if start is not None and not free else None)
    if found.infeasible:
        return "infeasible", None
    x = None if found.x is None else np.rint(found.x[:n]).clip(0, 1)
    if found.finished:
        return "found", x
    return "unknown", x


def _holds(model: PortfolioModel, rules: _Rules, relaxed: Relaxation, x: np.ndarray) -> bool:
    """Whether the 0/1 point ``x`` meets every rule with the bounds of ``relaxed``,
    checked in exact terms (no solver tolerance)."""
    activity = model.matrix @ x
    lower, upper = model.row_lower.copy(), model.row_upper.copy()
    limit = rules.limits(relaxed)
    lower[rules.rows] = np.where(rules.upper, -np.inf, limit)
    upper[rules.rows] = np.where(rules.upper, limit, np.inf)
    slack = _TOL * np.maximum(1.0, np.abs(np.where(np.isfinite(upper), upper, lower)))
    return bool(np.all(activity >= lower - slack) and np.all(activity <= upper + slack))


def _settle(
    model: PortfolioModel,
    rules: _Rules,
    relaxed: Relaxation,
    free: Sequence[int],
    x: np.ndarray,
) -> Relaxation | None:
    """The least relaxation of the ``free`` rules that the 0/1 point ``x`` needs (the
    other rules keep ``relaxed``), computed exactly from its activities rather than read
    from the solver's stretch values. A free budget and the free share rows of its year
    are settled together: the budget is raised past its own spending only where that is
    strictly cheaper than stretching the shares. None when ``x`` breaks a kept rule."""
    free_set = set(free)
    out: Relaxation = {k: v for k, v in relaxed.items() if k not in free_set}
    base = rules.limits(out)
    activity = rules.matrix @ x
    follows = (rules.budget >= 0) & np.array([k not in out for k in range(len(rules.rows))])
    settled: set[int] = set()
    for k in free:
        if rules.kind[k] != "budget":
            continue
        group = np.flatnonzero(follows & (rules.budget == k))
        loose = [int(g) for g in group if g in free_set]
        held = [int(g) for g in group if g not in free_set]
        low, high = max(float(rules.bound[k]), float(activity[k])), np.inf
        for g in held:  # a held share of the raised budget must still be met
            s, a = float(rules.share[g]), float(activity[g])
            if s > 0:
                low, high = (max(low, a / s), high) if rules.upper[g] else (low, min(high, a / s))
        candidates = [low] + [
            float(activity[g] / rules.share[g])
            for g in loose
            if rules.share[g] > 0 and low < activity[g] / rules.share[g] <= high
        ]

        def over(g: int, beta: float) -> float:
            gap = activity[g] - rules.share[g] * beta
            return float(max(0.0, gap if rules.upper[g] else -gap))

        def cost(beta: float, k: int = k, loose: list[int] = loose) -> float:
            own = (beta - rules.bound[k]) / rules.unit[k]
            return float(own + sum(over(g, beta) / rules.unit[g] for g in loose))

        best = min(candidates, key=lambda beta: (round(cost(beta), 12), beta))
        if best > rules.bound[k] + rules.tolerance(k):
            out[k] = best
        for g in loose:
            if over(g, best) > rules.tolerance(g):
                out[g] = float(activity[g])
        settled.update([k, *loose])
    base = rules.limits(out)
    for k in free:
        if k in settled:
            continue
        gap = activity[k] - base[k] if rules.upper[k] else base[k] - activity[k]
        if gap > rules.tolerance(k):
            out[k] = float(activity[k])
    return out if _holds(model, rules, out, x) else None


def _verify(
    model: PortfolioModel,
    rules: _Rules,
    relaxed: Relaxation,
    witness: np.ndarray,
    deadline: float,
) -> _Claim:
    """Check ``relaxed`` by re-solving: feasible as it stands, infeasible with any one
    of its bounds moved back by a hair (the others kept). A bound that can move back is
    lowered to its least value (holding the others) and the whole check starts again."""
    for _ in range(2 * len(relaxed) + 2):
        _, x = _solve(model, rules, relaxed, [], deadline, start=witness)
        fits = [p for p in (x, witness) if p is not None and _holds(model, rules, relaxed, p)]
        if not fits:
            return _Claim(relaxed, witness, False)
        witness = fits[-1]
        lowered = None
        for k in sorted(relaxed):
            step = rules.hair(k)
            moved = dict(relaxed)
            moved[k] = relaxed[k] - step if rules.upper[k] else relaxed[k] + step
            status, x = _solve(model, rules, moved, [], deadline)
            if status == "infeasible":
                continue
            if x is None or not _holds(model, rules, moved, x):
                return _Claim(relaxed, witness, False)  # undecided within the time left
            lowered = k
            break
        if lowered is None:
            return _Claim(relaxed, witness, True)
        _, x = _solve(model, rules, relaxed, [lowered], deadline)
        if x is None:
            return _Claim(relaxed, witness, False)
        better = _settle(model, rules, relaxed, [lowered], x)
        if better is None or not better:  # a point breaking a rule, or no conflict at all
            return _Claim(relaxed, witness, False)
        relaxed, witness = better, x
    return _Claim(relaxed, witness, False)
