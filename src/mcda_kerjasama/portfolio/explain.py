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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from mcda_kerjasama.i18n import Money, Msg, Number
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.portfolio.select import Selection, solve_model
from mcda_kerjasama.portfolio.start import greedy_start
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.rules import RowKind, blocking_order, row_kind
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
    table = _Rows.of(model)
    slack = _slack(model, selection.activity)
    min_coef = _smallest_unselected(model, selection.x)
    limits = _Limits.of(model, table, slack, _named_rows(table, slack, min_coef, model))
    ids = data.index.tolist()
    reserve = [str(i) for i in ids if str(i) not in selection.schedule]
    value = dict(zip(score.index.tolist(), score.to_numpy(dtype=float).tolist(), strict=True))
    reasons: dict[str, Msg] = {}
    tight: dict[str, tuple[Msg, ...]] = {}
    must = model.rows.loc[model.rows["kind"] == "must"]
    forced_by = dict(zip(must["label"], must["reason"], strict=True))
    for pid in selection.selected:
        tight[pid] = _tight(model, table, limits, pid, selection.schedule[pid])
        rule = forced_by.get(pid)
        params = {"score": Number(value[pid]), "year": selection.schedule[pid]}
        reasons[pid] = Msg(f"reason_selected_{rule}" if rule else "reason_selected", params)
    groups = dict(zip(ids, data["exclusive_group"].astype(str).tolist(), strict=True))
    requires = dict(zip(ids, data["requires"].tolist(), strict=True))
    rivals: dict[str, list[str]] = {}
    for pid in selection.selected:  # the selected members of each exclusive group, once
        if groups[pid]:
            rivals.setdefault(groups[pid], []).append(pid)
    for pid in reserve:
        group = groups[pid]
        reasons[pid] = _not_selected(
            model,
            table,
            limits,
            selection,
            _Candidate(pid, requires[pid], group, value[pid]),
            data.index,
            rivals.get(group, []),
        )
    # re-solves break ties like the portfolio, so drops and entry order are reproducible
    n_forcing, n_steps = problem.explain.resolved(model.n_columns)
    forcing = _forcing_prices(selection, value, options, reserve, n_forcing)
    levels = _entry_levels(problem, reserve, n_steps, selection)
    position = {str(p): i for i, p in enumerate(ids)}
    order = sorted(reserve, key=lambda p: (levels.get(p, np.inf), -value[p], position[p]))
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


@dataclass(frozen=True)
class _Rows:
    """The model's rows as arrays by position (``kind``, ``year``, ``label``), each
    column's ``start`` year, the declaration of each row kind present, the blocking
    order, and the column of each entry of ``model.csc``: read once per explanation.
    Looking them up in the model's tables per proposal and row took 6 s of the
    explanations at 100,000 proposals."""

    kind: np.ndarray
    year: np.ndarray
    label: np.ndarray
    start: np.ndarray
    kinds: Mapping[str, RowKind]
    blocking: tuple[str, ...]
    entry_column: np.ndarray

    @classmethod
    def of(cls, model: PortfolioModel) -> _Rows:
        rows = model.rows
        kind = np.asarray(rows["kind"].to_numpy(), dtype=object)
        indptr = model.csc.indptr
        return cls(
            kind,
            rows["year"].to_numpy(),
            np.asarray(rows["label"].to_numpy(), dtype=object),
            model.columns["start"].to_numpy(),
            {str(k): row_kind(str(k)) for k in pd.unique(kind)},
            blocking_order(),
            np.repeat(np.arange(len(indptr) - 1), np.diff(indptr)),
        )

    def touching(self, model: PortfolioModel, entries: np.ndarray) -> np.ndarray:
        """Per column, whether any of its entries (in ``model.csc`` order) is marked."""
        return np.bincount(self.entry_column[entries], minlength=model.n_columns) > 0


@dataclass(frozen=True)
class _Limits:
    """What the rows leave at the selection, for every proposal at once: each row's
    ``slack``, whether a selected proposal touching it names it as a limit reached
    (``named``), and per column whether it touches such a row (``names``), touches a
    ``must_not`` row (``barred``), or needs more of a blocking rule than is left
    (``over``). A column without the flag skips the search the flag stands for."""

    slack: np.ndarray
    named: np.ndarray
    names: np.ndarray
    barred: np.ndarray
    over: np.ndarray

    @classmethod
    def of(
        cls, model: PortfolioModel, table: _Rows, slack: np.ndarray, named: np.ndarray
    ) -> _Limits:
        csc = model.csc
        rows = csc.indices
        blocking = pd.Series(table.kind).isin(table.blocking).to_numpy()
        over = blocking[rows] & (csc.data > slack[rows] + 1e-6)
        return cls(
            slack,
            named,
            table.touching(model, named[rows]),
            table.touching(model, table.kind[rows] == "must_not"),
            table.touching(model, over),
        )


@dataclass(frozen=True)
class _Candidate:
    """A reserve proposal as its reason needs it: id, prerequisites, exclusive group
    (text, empty when none) and score."""

    pid: str
    requires: Sequence[str]
    group: str
    value: float


def _rows_of(model: PortfolioModel, table: _Rows, columns: Sequence[int]) -> np.ndarray:
    """The rows touching any of ``columns``, in order."""
    csc = model.csc
    found = [csc.indices[csc.indptr[j] : csc.indptr[j + 1]] for j in columns]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=int)


def _rule_msg(table: _Rows, r: int, remaining: float) -> Msg:
    kind = table.kind[r]
    amount = _amount(table.kinds[str(kind)], remaining)
    return Msg(
        f"rule_{kind}", {"year": int(table.year[r]), "label": table.label[r], "remaining": amount}
    )


def _named_rows(
    table: _Rows, slack: np.ndarray, min_coef: np.ndarray, model: PortfolioModel
) -> np.ndarray:
    """Per row, whether a selected proposal touching it names it as a limit reached: a
    tight kind with too little left for any unselected candidate, and (for a kind that
    narrows another) tighter than every row of the kind it narrows in its year."""
    least = _least_slack(model, slack)  # per (kind, year), once: no scan per proposal
    tight_kind = np.array([table.kinds[str(k)].tight for k in table.kind], dtype=bool)
    named = tight_kind & (slack < min_coef)
    for r in np.flatnonzero(named):
        refines = table.kinds[str(table.kind[r])].refines
        refined = least.get((str(refines), int(table.year[r])), np.inf)
        if refines is not None and refined <= slack[r]:
            named[r] = False  # named only when tighter than the row it narrows
    return named


def _tight(
    model: PortfolioModel, table: _Rows, limits: _Limits, pid: str, start: int
) -> tuple[Msg, ...]:
    """The limits reached that selected ``pid`` (started in ``start``) names."""
    columns = [j for j in model.column_ranges.get(pid, ()) if table.start[j] == start]
    if not any(limits.names[j] for j in columns):
        return ()
    return tuple(
        _rule_msg(table, r, float(limits.slack[r]))
        for r in _rows_of(model, table, columns)
        if limits.named[r]
    )


def _least_slack(model: PortfolioModel, slack: np.ndarray) -> dict[tuple[str, int], float]:
    """The smallest slack among the rows of each (kind, year)."""
    frame = pd.DataFrame({"kind": model.rows["kind"].to_numpy(), "year": model.rows["year"]})
    frame["slack"] = slack
    least = frame.groupby(["kind", "year"])["slack"].min()
    return {(str(k), int(y)): float(v) for (k, y), v in least.items()}


def _not_selected(
    model: PortfolioModel,
    table: _Rows,
    limits: _Limits,
    selection: Selection,
    candidate: _Candidate,
    known: pd.Index,
    rivals: list[str],
) -> Msg:
    """Why ``candidate`` is not selected; ``known``: the candidates' ids; ``rivals``:
    the selected members of its exclusive group (computed once for all groups, not per
    reserve proposal)."""
    columns = model.column_ranges.get(candidate.pid, range(0))
    if any(limits.barred[j] for j in columns):
        return Msg("reason_must_not")
    for need in candidate.requires:
        if need not in selection.schedule:
            key = "reason_prereq" if need in known else "reason_prereq_unavailable"
            return Msg(key, {"need": need})
    if rivals:
        return Msg("reason_exclusive", {"rival": ", ".join(rivals), "group": candidate.group})
    blocks = [_block(model, table, limits, col) for col in columns]
    first = blocks[0] if blocks else None
    if first is not None and all(b is not None for b in blocks):
        return first  # blocked at every start: name what blocks the earliest one
    if candidate.value <= 0:
        return Msg("reason_no_value")
    return Msg("reason_reserve_value")


def _block(model: PortfolioModel, table: _Rows, limits: _Limits, col: int) -> Msg | None:
    """The first capacity rule (in the registry's blocking order) that column ``col``
    exceeds."""
    if not limits.over[col]:
        return None
    lo, hi = model.csc.indptr[col], model.csc.indptr[col + 1]
    need = dict(zip(model.csc.indices[lo:hi].tolist(), model.csc.data[lo:hi].tolist(), strict=True))
    kinds, slack = table.kind, limits.slack
    for kind in table.blocking:
        for r, amount in need.items():
            if kinds[r] == kind and amount > slack[r] + 1e-6:
                return Msg(
                    f"reason_{kind}",
                    {
                        "year": int(table.year[r]),
                        "label": table.label[r],
                        "remaining": _amount(table.kinds[kind], float(slack[r])),
                        "need": _amount(table.kinds[kind], amount),
                    },
                )
    return None


def _amount(kind: RowKind, value: float) -> Money | Number:
    return Money(value) if kind.unit == "money" else Number(value, 1)


def _forcing_prices(
    selection: Selection,
    score: Mapping[str, float],
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
    chosen = sorted(reserve, key=lambda p: -score[p])[:limit]
    if not chosen:  # none asked (a large model): no solver set up for nothing
        return {}
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
    kinds, years = model.rows["kind"].to_numpy(), model.rows["year"].to_numpy()
    wanted = model.rows["kind"].isin(("budget", "budget_total", "staff")).to_numpy()
    return tuple(  # only those rows visited (iterating every row took 1.2 s at 100,000)
        Marginal(int(years[r]), str(kinds[r]), abs(float(duals[r]))) for r in np.flatnonzero(wanted)
    )
