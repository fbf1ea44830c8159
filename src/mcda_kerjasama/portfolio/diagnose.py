"""Why no portfolio satisfies the rules, in the user's terms, and by exactly how much.

First, direct contradictions between hard rules: a proposal that must and must not be
funded, two must-fund proposals in one exclusive group, a must-fund proposal whose
prerequisite cannot be chosen, is excluded by its exclusive group, or cannot start early
enough (an ongoing cooperation that began before its prerequisite can start).

Otherwise, the *smallest relaxation*. The resource rules (yearly and total budgets,
staff caps, group counts and shares) may stretch; the hard rules (must-fund, must-not,
exclusive groups, prerequisites, one start per proposal) stay hard. A stretch is
measured relative to its rule's bound (raising a budget of Rp 350 jt by Rp 50 jt costs
1/7; lowering a minimum of 3 proposals to 2 costs 1/3; a bound of zero is measured in
units of the largest amount its row counts) and an elastic MILP minimises the sum of
the relative stretches. A group's share limit is a share of its year's budget, so when
that budget is raised the limit rises with it.

Every amount is then checked by re-solving the portfolio model: with exactly the
reported relaxation it has a portfolio, and with any one reported bound moved back by a
hair (one proposal for counts, a millionth of the bound otherwise; the other reported
bounds still relaxed) it has none. A bound found not to be the least is lowered to the
least and everything is checked again; when the checks cannot be completed the rules are
named without amounts. Every solve runs on the scenario's backend.

Example:
    >>> from mcda_kerjasama.portfolio.model import build_model
    >>> tight = constraints.scaled(0.4)
    >>> model = build_model(candidates, score, (2026,), tight)
    >>> print(diagnose(model, candidates, tight)[0].render("en"))
    the proposals that must be funded (K01, K05) need Rp 2.7 bn in 2026 but the budget is Rp 2 bn
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Money, Msg, Number
from mcda_kerjasama.portfolio.backends import MixedProgram, get_backend
from mcda_kerjasama.portfolio.model import MONEY_KINDS, PortfolioModel

ELASTIC = (
    "budget",
    "budget_total",
    "staff",
    "staff_agency",
    "group_max",
    "group_min",
    "group_share_max",
    "group_share_min",
)

#: Rules that count proposals: their amounts are whole numbers.
COUNT_KINDS = ("group_max", "group_min")

#: How far a reported bound is moved back to check that it is the least, relative to the
#: rule's bound (counts move by half a proposal, i.e. to the next whole number).
HAIR = 1e-6

_TOL = 1e-9  # relative: activities are sums of the data's own numbers
_SOLVER_TOL = 1e-9  # HiGHS feasibility tolerances on the scaled rows

Relaxation = dict[int, float]  # rule position -> relaxed bound


def diagnose(
    model: PortfolioModel,
    data: pd.DataFrame,
    constraints: Constraints,
    unavailable: Sequence[str] = (),
    time_limit: float = 60.0,
    backend: str = "highs",
) -> list[Problem]:
    """Every conflict found: direct contradictions, else the smallest relaxation of the
    resource rules, one problem per stretched rule. ``unavailable`` are the ids that
    cannot be chosen (not eligible); ``time_limit`` (seconds) bounds all solves together.

    Example: budgets of Rp 350 jt in 2026 and Rp 450 jt in 2027, and three mandatory
    one-year proposals of Rp 200, 300 and 400 jt. No year can take two of them; the
    smallest fix raises both years by Rp 50 jt:

        >>> from mcda_kerjasama.portfolio.model import build_model
        >>> data = pd.DataFrame({"cost": [2e8, 3e8, 4e8], "staff": 0.0, "duration": 1,
        ...     "earliest_start": 2026, "status": "usulan", "nature": "wajib",
        ...     "agency": "X", "exclusive_group": "", "requires": [(), (), ()]},
        ...     index=["P1", "P2", "P3"])
        >>> rules = Constraints(budget={2026: 3.5e8, 2027: 4.5e8})
        >>> model = build_model(data, pd.Series(1.0, index=data.index), (2026, 2027), rules)
        >>> for problem in diagnose(model, data, rules):
        ...     print(problem.render("en"))
        the budget for 2026 of Rp 350 m must be raised to at least Rp 400 m (+Rp 50 m),
        together with the other changes listed; the must-fund proposals it then holds: P3
        the budget for 2027 of Rp 450 m must be raised to at least Rp 500 m (+Rp 50 m),
        together with the other changes listed; the must-fund proposals it then holds:
        P1, P2
    """
    found = _contradictions(model, data, set(unavailable))
    if found:
        return found
    deadline = time.monotonic() + time_limit
    elastic = _elastic(model, data, constraints, deadline, backend)
    return elastic or [Problem("conflict_generic")]


# --- direct contradictions -------------------------------------------------------------


def _must(model: PortfolioModel) -> dict[str, str]:
    """The proposals the model forces in (its ``must`` rows): id -> reason."""
    rows = model.rows[model.rows["kind"] == "must"]
    return dict(zip(rows["label"].astype(str), rows["reason"].astype(str), strict=True))


def _blocked(data: pd.DataFrame, start: set[str]) -> dict[str, str]:
    """Every candidate that cannot be chosen because a prerequisite, directly or through
    others, is in ``start``: id -> the first unavailable id on the way."""
    blocked = {pid: pid for pid in start}
    changed = True
    while changed:
        changed = False
        for pid, needs in data["requires"].items():
            if pid in blocked:
                continue
            root = next((blocked[n] for n in needs if n in blocked), None)
            if root is not None:
                blocked[str(pid)] = root
                changed = True
    return blocked


def _contradictions(
    model: PortfolioModel, data: pd.DataFrame, unavailable: set[str]
) -> list[Problem]:
    rows = model.rows
    must = _must(model)
    banned = set(rows.loc[rows["kind"] == "must_not", "label"])
    problems = [
        Problem("conflict_must_and_not", value=pid, params={"why": _why(must[pid])})
        for pid in sorted(set(must) & banned)
    ]
    groups = data["exclusive_group"].astype(str)
    for group in sorted(set(groups[groups != ""])):
        both = [pid for pid in groups.index[groups == group] if pid in must]
        if len(both) > 1:
            problems.append(
                Problem("conflict_exclusive_must", value=group, params={"ids": ", ".join(both)})
            )
    blocked = _blocked(data, unavailable | banned)
    reported = set()
    for pid in must:
        for need in data.loc[pid, "requires"]:
            if need in blocked:
                params = {"need": need, "root": blocked[need], "why": _why(must[pid])}
                problems.append(Problem("conflict_prereq_must", value=pid, params=params))
                reported.add(pid)
    problems += _excluded_prerequisites(data, must, reported)
    problems += _late_prerequisites(model, data, must, reported)
    return problems


def _located(data: pd.DataFrame, pid: str) -> dict[str, Any]:
    """Where a proposal's prerequisites are written: its row and ``prasyarat`` (when the
    candidates carry their spreadsheet rows)."""
    if "row" not in data.columns:
        return {}
    return {"row": int(data.loc[pid, "row"]), "column": "prasyarat"}


def _excluded_prerequisites(
    data: pd.DataFrame, must: Mapping[str, str], reported: set[str]
) -> list[Problem]:
    """Must-fund proposals whose prerequisite shares an exclusive group with the
    proposal itself or with another must-fund proposal (adds them to ``reported``).

    Example:
        >>> data = pd.DataFrame({"exclusive_group": ["G", "G"], "requires": [(), ("A",)]},
        ...                     index=["A", "B"])
        >>> print(_excluded_prerequisites(data, {"B": "ongoing"}, set())[0].render("en"))
        proposal B must be funded (berjalan) but its prerequisite A is in exclusive group G
        with B, and that group allows one proposal
    """
    groups = data["exclusive_group"].astype(str)
    problems = []
    for pid, reason in must.items():
        if pid in reported or pid not in groups.index:
            continue
        for need in data.loc[pid, "requires"]:
            group = str(groups.get(need, ""))
            if not group or need in must:  # two must-funds in a group: reported above
                continue
            rivals = [r for r in must if r != need and groups.get(r, "") == group]
            if not rivals:
                continue
            other = pid if pid in rivals else rivals[0]
            params = {"need": need, "group": group, "other": other, "why": _why(reason)}
            problems.append(
                Problem(
                    "conflict_prereq_exclusive", value=pid, params=params, **_located(data, pid)
                )
            )
            reported.add(pid)
            break
    return problems


def _why(reason: str) -> str:
    return {"mandatory": "wajib", "ongoing": "berjalan"}.get(reason, "must_fund")


def _late_prerequisites(
    model: PortfolioModel, data: pd.DataFrame, must: Mapping[str, str], reported: set[str]
) -> list[Problem]:
    """Must-fund proposals none of whose start years leaves room for a prerequisite
    (which must start no later), located at the proposal's row and its ``prasyarat``.

    Example:
        >>> from mcda_kerjasama.portfolio.model import build_model
        >>> data = pd.DataFrame({"cost": 1.0, "staff": 0.0, "duration": 3,
        ...     "earliest_start": [2026, 2025], "status": ["usulan", "berjalan"],
        ...     "nature": "", "agency": "X", "exclusive_group": "",
        ...     "requires": [(), ("A",)], "row": [2, 3]}, index=["A", "B"])
        >>> rules = Constraints(budget={2026: 9.0})
        >>> model = build_model(data, pd.Series(1.0, index=data.index), (2026,), rules)
        >>> print(_late_prerequisites(model, data, _must(model), set())[0].render("en"))
        row 3, column `prasyarat`: the ongoing cooperation B (started 2025) requires A,
        which cannot start before 2026; a prerequisite must start no later than the
        proposal that needs it
    """
    ranges = model.column_ranges
    start = model.columns["start"].to_numpy(dtype=int)
    ids = [str(pid) for pid in data.index]
    known = set(ids)
    can = {pid: sorted({int(start[j]) for j in ranges.get(pid, range(0))}) for pid in ids}
    requires = {
        str(pid): [str(n) for n in needs if str(n) in known]
        for pid, needs in data["requires"].items()
    }
    changed = True
    while changed:  # starts left once every prerequisite can start no later
        changed = False
        for pid, needs in requires.items():
            keep = [t for t in can[pid] if all(can[q] and can[q][0] <= t for q in needs)]
            if keep != can[pid]:
                can[pid], changed = keep, True
    problems = []
    for pid, reason in must.items():
        own = ranges.get(pid)
        if pid in reported or pid not in known or can[pid] or not own:
            continue
        latest = int(start[own].max())
        for need in requires[pid]:
            if can[need] and can[need][0] <= latest:
                continue
            when = (
                Msg("conflict_prereq_starts_from", {"year": can[need][0]})
                if can[need]
                else Msg("conflict_prereq_starts_never")
            )
            params: dict[str, Any] = {"start": latest, "need": need, "when": when}
            if reason == "ongoing":
                code = "conflict_prereq_late_ongoing"
            else:
                code = "conflict_prereq_late"
                params["why"] = _why(reason)
            problems.append(Problem(code, value=pid, params=params, **_located(data, pid)))
    return problems


# --- the smallest relaxation -----------------------------------------------------------


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
        return 0.5 if self.kind[k] in COUNT_KINDS else HAIR * float(self.unit[k])


def _rules(
    model: PortfolioModel, data: pd.DataFrame, constraints: Constraints, backend: str = "highs"
) -> _Rules:
    kind_all = model.rows["kind"].to_numpy(dtype=object)
    rows = np.flatnonzero(np.isin(kind_all, ELASTIC))
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


def _elastic(
    model: PortfolioModel,
    data: pd.DataFrame,
    constraints: Constraints,
    deadline: float,
    backend: str,
) -> list[Problem]:
    rules = _rules(model, data, constraints, backend)
    if len(rules.rows) == 0:
        return []
    everything = list(range(len(rules.rows)))
    first_half = time.monotonic() + (deadline - time.monotonic()) / 2
    _, x = _solve(model, rules, {}, everything, first_half)
    if x is None:
        return []
    relaxed = _settle(model, rules, {}, everything, x)
    if not relaxed:  # a point breaking a hard rule, or nothing had to stretch
        return []
    claim = _verify(model, rules, relaxed, x, deadline)
    return _problems(model, rules, claim)


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


# --- messages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stretch:
    """One rule of a verified smallest relaxation, as data (a diagnosis problem carries
    it as its ``stretch`` parameter).

    ``kind`` is the model's row kind (``budget``, ``group_min``, ...), ``year`` its year
    (0 when none), ``label`` its group or agency; ``bound`` the rule's bound in the
    scenario (for a share limit whose year's budget is raised too: that share of the
    raised budget) and ``relaxed`` the least bound that lets a portfolio exist together with
    the other stretches (above ``bound`` for limits, below it for minimums);
    ``must_funds`` the must-fund proposals the rule counts in that portfolio.
    """

    kind: str
    year: int
    label: str
    bound: float
    relaxed: float
    must_funds: tuple[str, ...]


def _problems(model: PortfolioModel, rules: _Rules, claim: _Claim) -> list[Problem]:
    must = _must(model)
    rows = model.rows
    chosen = claim.witness > 0.5
    proposal = model.columns["proposal"].astype(str).to_numpy()
    several = len(claim.relaxed) > 1
    problems = []
    for k in sorted(claim.relaxed):
        row = rows.iloc[int(rules.rows[k])]
        kind, limit = str(rules.kind[k]), claim.relaxed[k]
        # a share limit of a year whose budget is raised is a share of the raised budget
        bound = float(rules.limits({j: v for j, v in claim.relaxed.items() if j != k})[k])
        rule = _rule(kind, row, raised=bound != rules.bound[k])
        if not claim.verified:
            named = {"rule": rule, "bound": _amount(kind, bound)}
            problems.append(Problem("conflict_unverified", value=row["label"], params=named))
            continue
        cols = rules.matrix[k].indices
        counted = set(proposal[cols[chosen[cols]]])
        who = sorted(counted & set(must))
        stretch = Stretch(kind, int(row["year"]), str(row["label"]), bound, limit, tuple(who))
        if not several and (not rules.upper[k] or (who and len(who) == len(counted))):
            problems.append(_conflict(stretch))
            continue
        params: dict[str, Any] = {
            "rule": rule,
            "bound": _amount(kind, bound),
            "together": Msg("conflict_together") if several else "",
            "stretch": stretch,
        }
        if rules.upper[k]:
            params |= {
                "need": _amount(kind, limit),
                "extra": _amount(kind, limit - bound),
                "who": Msg("conflict_who", {"ids": ", ".join(who)}) if who else "",
            }
            problems.append(Problem("conflict_raise", value=row["label"], params=params))
        else:
            params |= {"can": _amount(kind, limit), "extra": _amount(kind, bound - limit)}
            problems.append(Problem("conflict_lower", value=row["label"], params=params))
    return problems


def _rule(kind: str, row: pd.Series, raised: bool = False) -> Msg:
    """The rule's name; ``raised``: a share limit taken at its year's raised budget."""
    params = {"year": int(row["year"]), "label": row["label"], "raised": ""}
    if raised:
        params["raised"] = Msg("conflict_at_raised_budget")
    return Msg(f"conflict_rule_{kind}", params)


def _amount(kind: str, value: float) -> Any:
    """An amount with its unit, written exactly (see :func:`rupiah`)."""
    if kind in MONEY_KINDS:
        return rupiah(value)
    if kind in COUNT_KINDS:
        count = round(value)
        return Msg(f"conflict_amount_proposal{'' if count == 1 else 's'}", {"value": count})
    return Msg("conflict_amount_person_months", {"value": person_months(value)})


def rupiah(value: float) -> Msg:
    """A rupiah amount for a message: the short form (``Rp 1,8 M``) when it is exact,
    else as many decimals as the amount needs, else every rupiah. A diagnosis must not
    round a need down.

    Example:
        >>> [rupiah(v).render("id") for v in (1.8e9, 1.25e9, 350e6)]
        ['Rp 1,8 M', 'Rp 1,25 M', 'Rp 350 jt']
        >>> rupiah(1_234_567_891).render("en")
        'Rp 1,234,567,891'
    """
    units = ((10**12, "T"), (10**9, "M"), (10**6, "jt"))
    size, unit = next(((s, u) for s, u in units if abs(value) >= s), (1, ""))
    scaled = value / size
    short = 0 if float(round(scaled, 1)).is_integer() else 1
    if size == 1 or abs(round(scaled, short) * size - value) <= 0.5:
        return Msg("conflict_amount", {"value": Money(value)})
    for decimals in (2, 3):
        if abs(round(scaled, decimals) * size - value) <= 0.5:
            return Msg(f"conflict_amount_rupiah_{unit}", {"value": Number(scaled, decimals)})
    return Msg("conflict_amount_rupiah", {"value": Number(round(value), 0)})


def person_months(value: float) -> Number:
    """Person-months with one decimal, or as many (up to three) as the value needs.

    Example:
        >>> person_months(4.0), person_months(2.25)
        (Number(value=4.0, decimals=1), Number(value=2.25, decimals=2))
    """
    decimals = next((d for d in (1, 2) if abs(round(value, d) - value) <= 1e-9), 3)
    return Number(value, decimals)


def _conflict(stretch: Stretch) -> Problem:
    """The only stretched rule, said plainly: what its must-fund proposals need against
    the bound, or for a minimum, what can be reached."""
    kind, label, year = stretch.kind, stretch.label, stretch.year
    limit, need = stretch.bound, stretch.relaxed
    common: dict[str, Any] = {"label": label, "year": year, "stretch": stretch}
    ids = ", ".join(stretch.must_funds)
    params: dict[str, Any]
    if kind == "group_share_min":
        params = {"need": rupiah(limit), "can": rupiah(need)}
    elif kind in MONEY_KINDS:
        params = {"need": rupiah(need), "budget": rupiah(limit), "ids": ids}
    elif kind in ("staff", "staff_agency"):
        params = {
            "need": person_months(need),
            "cap": person_months(limit),
            "ids": ids,
            "agency": label,
        }
    elif kind == "group_max":
        params = {"cap": round(limit), "need": round(need), "ids": ids}
    else:
        params = {"need": round(limit), "can": round(need)}
    return Problem(f"conflict_{kind}", value=label, params=common | params)
