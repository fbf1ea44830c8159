"""An explanation for every decision, computed from the model, never guessed.

* **Selected**: its start year and the rules it is tight against (a budget, staff cap or
  group limit with too little left for any other candidate).
* **Not selected**, the first cause that applies: excluded by a rule; a prerequisite not
  selected; an exclusive rival selected (named); a group maximum reached; the agency's
  staff; the total staff; the budget of a year it would run in.
* **Price of forcing it in**: the portfolio re-optimised with the proposal required; the
  total score lost and the proposals that would drop out.
* **Reserve order**: the budget is raised step by step (every year's cap in proportion)
  until every eligible proposal fits; a reserve proposal's place is the step at which it
  enters the best portfolio.
* **Marginal values** of one more rupiah and one more person-month per year: the duals
  of the LP relaxation (labelled as such: the integer problem has no exact price).

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> from mcda_kerjasama.pipeline import prepare
    >>> scenario = load_scenario("scenarios/contoh")
    >>> notes = explain(run(scenario).selection, prepare(scenario).problem)
    >>> notes.reasons["K06"].render("en"), notes.forcing["K06"].drop
    ('reserve: does not fit the 2026 budget (remaining Rp 150 m, cost Rp 700 m)', ('K03',))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mcda_kerjasama.i18n import Money, Msg, Number
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.portfolio.select import Selection, solve_model
from mcda_kerjasama.portfolio.start import greedy_start
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.rules import blocking_order, row_kind
from mcda_kerjasama.scenario import SolverOptions


@dataclass(frozen=True)
class Forcing:
    """What requiring a proposal would cost: ``loss`` in total score and the ids that
    would ``drop`` out; ``feasible`` is False when no portfolio can include it;
    ``proven`` is False when either solve stopped before proving optimality (the loss
    is then an estimate)."""

    loss: float
    drop: tuple[str, ...]
    feasible: bool
    proven: bool = True  # False when a solve stopped before proving optimality


@dataclass(frozen=True)
class Marginal:
    """The LP-relaxation value of one more unit of a yearly resource: ``per_unit`` score
    points per rupiah (``budget``) or per person-month (``staff``)."""

    year: int
    resource: str
    per_unit: float


@dataclass(frozen=True)
class Explanations:
    """Reasons by proposal id (selected and reserve), the rules each selected proposal
    is tight against, forcing prices, the reserve order and the marginal values."""

    reasons: Mapping[str, Msg]
    tight: Mapping[str, tuple[Msg, ...]]
    forcing: Mapping[str, Forcing]
    reserve_order: tuple[str, ...]
    entry_level: Mapping[str, float]
    marginal: tuple[Marginal, ...]
    settings: tuple[int, int] = (0, 0)  # (price_of_forcing, reserve_steps) as applied


def explain(selection: Selection, problem: SelectionProblem) -> Explanations:
    """Explain ``selection``, the problem's chosen portfolio.

    Example: see the module docstring.
    """
    data, score, options = problem.candidates, problem.score, problem.solver
    model = selection.model
    slack = _slack(model, selection.activity)
    min_coef = _smallest_unselected(model, selection.x)
    reserve = [str(i) for i in data.index if str(i) not in selection.schedule]
    reasons: dict[str, Msg] = {}
    tight: dict[str, tuple[Msg, ...]] = {}
    must = model.rows.loc[model.rows["kind"] == "must"]
    forced_by = dict(zip(must["label"], must["reason"], strict=True))
    least = _least_slack(model, slack)  # per (kind, year), once: no scan per proposal
    for pid in selection.selected:
        tight[pid] = _tight(model, selection, pid, slack, min_coef, least)
        rule = forced_by.get(pid)
        params = {"score": Number(float(score[pid])), "year": selection.schedule[pid]}
        reasons[pid] = Msg(f"reason_selected_{rule}" if rule else "reason_selected", params)
    groups = data["exclusive_group"].astype(str)
    rivals: dict[str, list[str]] = {}
    for pid in selection.selected:  # the selected members of each exclusive group, once
        if groups[pid]:
            rivals.setdefault(groups[pid], []).append(pid)
    for pid in reserve:
        reasons[pid] = _not_selected(
            model, selection, data, pid, slack, float(score[pid]), rivals.get(groups[pid], [])
        )
    # re-solves break ties like the portfolio, so drops and entry order are reproducible
    n_forcing, n_steps = problem.explain.resolved(model.n_columns)
    forcing = _forcing_prices(selection, score, options, reserve, n_forcing)
    levels = _entry_levels(problem, reserve, n_steps, selection)
    position = {str(p): i for i, p in enumerate(data.index)}
    order = sorted(reserve, key=lambda p: (levels.get(p, np.inf), -float(score[p]), position[p]))
    return Explanations(
        reasons,
        tight,
        forcing,
        tuple(order),
        levels,
        _marginal(model, options),
        (n_forcing, n_steps),
    )


def _slack(model: PortfolioModel, activity: np.ndarray) -> np.ndarray:
    """How far each row is from its binding bound (upper when it has one)."""
    upper = np.where(np.isfinite(model.row_upper), model.row_upper - activity, np.inf)
    lower = np.where(np.isfinite(model.row_lower), activity - model.row_lower, np.inf)
    return np.minimum(upper, lower)


def _smallest_unselected(model: PortfolioModel, x: np.ndarray) -> np.ndarray:
    """Per row, the smallest positive coefficient of a column of a proposal not selected
    (its other start years do not count: it is already in), inf if none."""
    matrix = model.matrix.tocoo()
    proposal = model.columns["proposal"].to_numpy()
    # hashed (pandas), not np.isin: on object ids that compares every pair (5.5 s at 10,000)
    selected = pd.Series(proposal).isin(set(proposal[x > 0.5])).to_numpy()
    keep = ~selected[matrix.col] & (matrix.data > 0)
    out = np.full(model.matrix.shape[0], np.inf)
    np.minimum.at(out, matrix.row[keep], matrix.data[keep])
    return out


def _rows_of(model: PortfolioModel, pid: str, start: int | None = None) -> np.ndarray:
    """The rows touching proposal ``pid`` (its chosen column when ``start`` is given)."""
    cols = [
        j
        for j in model.column_ranges.get(pid, ())
        if start is None or model.columns.at[j, "start"] == start
    ]
    csc = model.csc
    found = [csc.indices[csc.indptr[j] : csc.indptr[j + 1]] for j in cols]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=int)


def _rule_msg(row: pd.Series, remaining: float) -> Msg:
    kind = row["kind"]
    amount = _amount(kind, remaining)
    return Msg(
        f"rule_{kind}", {"year": int(row["year"]), "label": row["label"], "remaining": amount}
    )


def _tight(
    model: PortfolioModel,
    selection: Selection,
    pid: str,
    slack: np.ndarray,
    min_coef: np.ndarray,
    least: Mapping[tuple[str, int], float],
) -> tuple[Msg, ...]:
    rows = model.rows
    out = []
    for r in _rows_of(model, pid, selection.schedule[pid]):
        kind = row_kind(str(rows.at[r, "kind"]))
        if not (kind.tight and slack[r] < min_coef[r]):
            continue
        refined = least.get((str(kind.refines), int(rows.at[r, "year"])), np.inf)
        if kind.refines is not None and refined <= slack[r]:
            continue  # named only when tighter than the row it narrows
        out.append(_rule_msg(rows.iloc[r], float(slack[r])))
    return tuple(out)


def _least_slack(model: PortfolioModel, slack: np.ndarray) -> dict[tuple[str, int], float]:
    """The smallest slack among the rows of each (kind, year)."""
    frame = pd.DataFrame({"kind": model.rows["kind"].to_numpy(), "year": model.rows["year"]})
    frame["slack"] = slack
    least = frame.groupby(["kind", "year"])["slack"].min()
    return {(str(k), int(y)): float(v) for (k, y), v in least.items()}


def _not_selected(
    model: PortfolioModel,
    selection: Selection,
    data: pd.DataFrame,
    pid: str,
    slack: np.ndarray,
    value: float,
    rivals: list[str],
) -> Msg:
    """Why ``pid`` is not selected; ``rivals``: the selected members of its exclusive
    group (computed once for all groups, not per reserve proposal)."""
    rows = model.rows
    touching = _rows_of(model, pid)
    kinds = rows["kind"].to_numpy()
    if any(kinds[r] == "must_not" for r in touching):
        return Msg("reason_must_not")
    for need in data.loc[pid, "requires"]:
        if need not in selection.schedule:
            key = "reason_prereq" if need in data.index else "reason_prereq_unavailable"
            return Msg(key, {"need": need})
    if rivals:
        group = str(data.loc[pid, "exclusive_group"])
        return Msg("reason_exclusive", {"rival": ", ".join(rivals), "group": group})
    blocks = [_block(model, rows, kinds, col, slack) for col in model.column_ranges.get(pid, ())]
    first = blocks[0] if blocks else None
    if first is not None and all(b is not None for b in blocks):
        return first  # blocked at every start: name what blocks the earliest one
    if value <= 0:
        return Msg("reason_no_value")
    return Msg("reason_reserve_value")


def _block(
    model: PortfolioModel, rows: pd.DataFrame, kinds: np.ndarray, col: int, slack: np.ndarray
) -> Msg | None:
    """The first capacity rule (in the registry's blocking order) that column ``col``
    exceeds."""
    lo, hi = model.csc.indptr[col], model.csc.indptr[col + 1]
    need = dict(zip(model.csc.indices[lo:hi].tolist(), model.csc.data[lo:hi].tolist(), strict=True))
    for kind in blocking_order():
        for r, amount in need.items():
            if kinds[r] == kind and amount > slack[r] + 1e-6:
                return Msg(
                    f"reason_{kind}",
                    {
                        "year": int(rows.at[r, "year"]),
                        "label": rows.at[r, "label"],
                        "remaining": _amount(kind, float(slack[r])),
                        "need": _amount(kind, amount),
                    },
                )
    return None


def _amount(kind: str, value: float) -> Money | Number:
    return Money(value) if row_kind(kind).unit == "money" else Number(value, 1)


def _forcing_prices(
    selection: Selection,
    score: pd.Series,
    options: SolverOptions,
    reserve: list[str],
    limit: int,
) -> dict[str, Forcing]:
    """The best portfolio with each of the ``limit`` best-scoring reserve proposals
    required. Requiring it is a bonus on its columns larger than any portfolio's total
    score: every optimum then includes it whenever some feasible portfolio can, and the
    model itself is unchanged, so one :class:`Reoptimiser` serves every proposal (same
    tie rule as the selection; the greedy portfolio with the bonus is its first guess)."""
    model = selection.model
    chosen = sorted(reserve, key=lambda p: -float(score[p]))[:limit]
    bonus = float(np.maximum(model.objective, 0.0).sum()) + 1.0
    solver = Reoptimiser(model, options.time_limit, pool=[selection.x], backend=options.backend)
    out: dict[str, Forcing] = {}
    for pid in chosen:
        columns = model.column_ranges.get(pid, range(0))
        objective = model.objective.copy()
        objective[columns.start : columns.stop] += bonus
        unproven = solver.counts["unproven"]
        x = solver.solve(objective, greedy_start(model.with_objective(objective, "max")))
        if len(columns) == 0 or not x[columns.start : columns.stop].any():
            out[pid] = Forcing(np.nan, (), False)
            continue
        picked = model.picked(x)
        drop = tuple(p for p in selection.selected if p not in picked)
        proven = solver.counts["unproven"] == unproven and selection.status == "optimal"
        loss = selection.objective - float(model.objective @ x)
        out[pid] = Forcing(loss, drop, True, proven)
    return out


def _entry_levels(
    problem: SelectionProblem, reserve: list[str], steps: int, selection: Selection
) -> dict[str, float]:
    """The budget factor (1 = the scenario's budget) at which each reserve proposal
    first enters the best portfolio, raising every budget in ``steps`` equal steps up
    to the level at which every candidate fits."""
    if not reserve or steps <= 0:
        return {}
    years, constraints = selection.model.years, problem.constraints
    need = np.full(len(years), float(problem.candidates["cost"].sum()))  # every candidate
    caps = np.array([constraints.budget[y] for y in years], dtype=float)
    top = float(np.max(np.where(caps > 0, need / np.maximum(caps, 1e-9), np.inf)))
    top = top if np.isfinite(top) else 1.0 + steps
    levels: dict[str, float] = {}
    waiting = set(reserve)
    for k in range(1, steps + 1):
        factor = 1.0 + (max(top, 1.0) - 1.0) * k / steps if top > 1 else 1.0 + k / steps
        model = (
            _scaled(selection.model, factor)
            if not constraints.extra
            else problem.with_constraints(constraints.scaled(factor)).model
        )
        result = solve_model(model, problem.solver)
        if result.status == "infeasible":
            continue
        picked = model.picked(result.x)
        for pid in sorted(waiting & picked):
            levels[pid] = factor
        waiting -= picked
        if not waiting:
            break
    return levels


#: Row kinds whose bounds are amounts of the yearly or total budget.
BUDGET_KINDS = ("budget", "budget_total", "group_share_max", "group_share_min")


def _scaled(model: PortfolioModel, factor: float) -> PortfolioModel:
    """The model with every budget times ``factor`` (group shares follow): the model of
    ``constraints.scaled(factor)`` without building it again, when no registered kind
    adds to the budget rows.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> model = run(load_scenario("scenarios/contoh")).selection.model
        >>> bool(_scaled(model, 2.0).row_upper[0] == 2 * model.row_upper[0])
        True
    """
    budget = model.rows["kind"].isin(BUDGET_KINDS).to_numpy()
    times = np.where(budget, factor, 1.0)
    low, up = model.row_lower, model.row_upper  # an infinite bound stays so (factor 0)
    low = np.where(np.isfinite(low), np.where(np.isfinite(low), low, 0.0) * times, low)
    up = np.where(np.isfinite(up), np.where(np.isfinite(up), up, 0.0) * times, up)
    return replace(model, row_lower=low, row_upper=up)


def _marginal(model: PortfolioModel, options: SolverOptions) -> tuple[Marginal, ...]:
    """Duals of the budget and staff rows in the LP relaxation, from the scenario's
    backend (their size, whatever the solver's sign convention)."""
    from mcda_kerjasama.portfolio.backends import MixedProgram, get_backend

    if model.n_columns == 0:
        return ()
    relaxed = MixedProgram.from_model(model).relaxed()
    found = get_backend(options.backend).session(relaxed, options.time_limit).run()
    if found.row_duals is None:
        return ()
    duals = found.row_duals
    out = []
    for r, row in model.rows.iterrows():
        if row["kind"] in ("budget", "budget_total", "staff"):
            out.append(Marginal(int(row["year"]), str(row["kind"]), abs(float(duals[int(r)]))))
    return tuple(out)
