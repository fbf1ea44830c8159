"""The portfolio model as plain data, independent of any solver.

One binary column per (candidate proposal, allowed start year). A proposal of duration
d started in year t uses its yearly cost and staff in years t .. t+d-1; years past the
horizon are commitments (reported, not constrained). An ongoing cooperation has one
column, at its current start year (which may precede the horizon). Every rule is a row
``row_lower <= A x <= row_upper`` labelled with its ``kind``, ``year`` and ``label`` so
that explanations and the infeasibility diagnosis can name it in the user's terms.

Objective: the total score of the chosen proposals, each counted once whatever its
duration (the decision is whether to do it; its yearly cost already weighs its length
against the budget). ``tiebreak`` holds three integer keys that rank equal-value
portfolios in turn: total cost (whole rupiah), start offsets weighted so that earlier
ids start earlier, the sum of id positions (see :mod:`mcda_kerjasama.portfolio.select`).

Row kinds: ``budget`` (year), ``budget_total``, ``staff`` (year), ``staff_agency``
(agency, year), ``once`` (a proposal starts at most once), ``must`` (mandatory, ongoing
or must-fund), ``must_not``, ``exclusive`` (kelompok), ``prereq`` (a proposal only with
its prerequisite, started no later), ``group_max`` / ``group_min`` (counts) and
``group_share_max`` / ``group_share_min`` (cost share of a year's budget).

Example:
    >>> import pandas as pd
    >>> from mcda_kerjasama.constraints import Constraints
    >>> data = pd.DataFrame({"cost": [3.0, 2.0], "staff": [0.0, 0.0], "duration": [1, 1],
    ...     "earliest_start": [2026, 2026], "status": "usulan", "nature": "",
    ...     "agency": "X", "exclusive_group": "", "requires": [(), ()]}, index=["A", "B"])
    >>> m = build_model(data, pd.Series({"A": 10.0, "B": 6.0}), (2026,),
    ...                 Constraints(budget={2026: 4.0}))
    >>> m.n_columns, m.rows["kind"].tolist(), m.matrix.toarray().tolist()
    (2, ['budget'], [[3.0, 2.0]])
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.portfolio.years import active
from mcda_kerjasama.rules import ModelContext, constraint_kinds

if TYPE_CHECKING:
    from mcda_kerjasama.portfolio.blocks import Blocks

Sense = Literal["max", "min"]


@dataclass(frozen=True)
class PortfolioModel:
    """A MILP over binary columns.

    ``columns``: one row per variable with ``proposal`` and ``start`` (year).
    ``rows``: one row per constraint with ``name``, ``kind``, ``year`` (0 when none),
    ``label`` (agency, group or proposal ids) and ``reason`` (why a ``must`` row exists:
    mandatory, ongoing or must_fund). ``matrix`` is CSR (rows x columns).
    ``cost_by_year`` and ``staff_by_year`` are (years x columns) arrays for reports.
    """

    columns: pd.DataFrame
    objective: np.ndarray
    sense: Sense
    matrix: sparse.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    rows: pd.DataFrame
    tiebreak: np.ndarray  # (3 x columns) integer keys, minimised in turn
    years: tuple[int, ...]
    cost_by_year: np.ndarray
    staff_by_year: np.ndarray

    @property
    def n_columns(self) -> int:
        """Number of variables."""
        return len(self.columns)

    @cached_property
    def csc(self) -> sparse.csc_matrix:
        """The matrix by columns (each column's rows), computed once."""
        return self.matrix.tocsc()

    @cached_property
    def blocks(self) -> Blocks:
        """The columns tied into blocks with their feasible patterns, computed once (see
        :mod:`mcda_kerjasama.portfolio.blocks`)."""
        from mcda_kerjasama.portfolio.blocks import find_blocks

        return find_blocks(self)

    @cached_property
    def column_ranges(self) -> dict[str, range]:
        """Each proposal's start columns, earliest first (columns are grouped by proposal).

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> model = run(load_scenario("scenarios/contoh")).selection.model
            >>> model.column_ranges["K01"]
            range(0, 1)
        """
        proposal = self.columns["proposal"].astype(str).to_numpy()
        edges = np.flatnonzero(np.r_[True, proposal[1:] != proposal[:-1], True])
        return {proposal[a]: range(int(a), int(b)) for a, b in itertools.pairwise(edges)}

    def picked(self, x: np.ndarray) -> set[str]:
        """The proposals chosen in the 0/1 solution ``x``.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> selection = run(load_scenario("scenarios/contoh")).selection
            >>> sorted(selection.model.picked(selection.x))[:2]
            ['K01', 'K02']
        """
        return set(self.columns.loc[x > 0.5, "proposal"].astype(str))

    def with_rows(
        self, matrix: sparse.spmatrix, lower: np.ndarray, upper: np.ndarray, rows: pd.DataFrame
    ) -> PortfolioModel:
        """The model with more rows.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> model = run(load_scenario("scenarios/contoh")).selection.model
            >>> pick = pd.DataFrame({"name": ["pick"], "kind": ["must"], "year": [0],
            ...                      "label": [""], "reason": [""]})
            >>> one = np.ones((1, model.n_columns))
            >>> model.with_rows(one, np.array([1.0]), np.array([1.0]), pick).rows.iloc[-1]["name"]
            'pick'
        """
        return replace(
            self,
            matrix=sparse.vstack([self.matrix, sparse.csr_matrix(matrix)], format="csr"),
            row_lower=np.concatenate([self.row_lower, lower]),
            row_upper=np.concatenate([self.row_upper, upper]),
            rows=pd.concat([self.rows, rows], ignore_index=True),
        )

    def with_objective(self, objective: np.ndarray, sense: Sense) -> PortfolioModel:
        """The same rules with another objective."""
        return replace(self, objective=objective, sense=sense)

    def proposal_rows(
        self, proposals: Sequence[str], kind: str, lower: float, upper: float
    ) -> PortfolioModel:
        """The model with one row per proposal over all its start columns
        (``lower <= sum_t x[p, t] <= upper``), e.g. to force a proposal in."""
        positions = {p: i for i, p in enumerate(proposals)}
        member = self.columns["proposal"].map(positions)
        cols = np.flatnonzero(member.notna().to_numpy())
        matrix = sparse.csr_matrix(
            (np.ones(len(cols)), (member.to_numpy()[cols].astype(int), cols)),
            shape=(len(proposals), self.n_columns),
        )
        rows = _rows([f"{kind}_{p}" for p in proposals], kind, 0, list(proposals))
        n = len(proposals)
        return self.with_rows(matrix, np.full(n, lower), np.full(n, upper), rows)


def _rows(
    names: Sequence[str],
    kind: str,
    year: int | Sequence[int],
    label: str | Sequence[str],
    reason: str | Sequence[str] = "",
) -> pd.DataFrame:
    return pd.DataFrame(
        {"name": list(names), "kind": kind, "year": year, "label": label, "reason": reason}
    )


class _Rows:
    """Collects rows as sparse blocks with their bounds and labels."""

    def __init__(self, n_columns: int) -> None:
        self.n = n_columns
        self.blocks: list[sparse.csr_matrix] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.labels: list[pd.DataFrame] = []

    def add(
        self,
        block: sparse.spmatrix | np.ndarray,
        lower: float | np.ndarray,
        upper: float | np.ndarray,
        labels: pd.DataFrame,
    ) -> None:
        block = sparse.csr_matrix(block)
        k = block.shape[0]
        if k == 0:
            return
        self.blocks.append(block)
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (k,)).copy())
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (k,)).copy())
        self.labels.append(labels)

    def indicator(
        self, row_of_column: np.ndarray, n_rows: int, values: np.ndarray | None = None
    ) -> sparse.csr_matrix:
        """A block with ``values[j]`` (default 1) at (row_of_column[j], j) where >= 0."""
        member = row_of_column >= 0
        if values is not None:
            member &= values != 0  # no explicit zeros: a row's columns are its members
        cols = np.flatnonzero(member)
        data = np.ones(len(cols)) if values is None else values[cols]
        return sparse.csr_matrix((data, (row_of_column[cols], cols)), shape=(n_rows, self.n))


def build_model(
    data: pd.DataFrame,
    score: pd.Series,
    years: Sequence[int],
    constraints: Constraints,
    *,
    unavailable: Sequence[str] = (),
) -> PortfolioModel:
    """Build the model for the candidate proposals in ``data`` (index = id; columns
    ``cost``, ``staff``, ``duration``, ``earliest_start``, ``status``, ``nature``,
    ``agency``, ``exclusive_group``, ``requires`` and any field a group or rule names).

    ``unavailable`` are ids that exist but cannot be chosen (not eligible): a proposal
    requiring one of them cannot be chosen either. Built from arrays throughout.

    Example: see the module docstring.
    """
    years_arr = np.asarray(years, dtype=int)
    first, last = int(years_arr[0]), int(years_arr[-1])
    ids = data.index.to_numpy(dtype=object)
    n_prop = len(ids)
    earliest = data["earliest_start"].to_numpy(dtype=int)
    ongoing = (data["status"] == "berjalan").to_numpy() & constraints.ongoing

    # columns: ongoing -> its own start only; others -> every year from earliest start
    starts_per = np.where(ongoing, 1, np.clip(last - np.maximum(earliest, first) + 1, 0, None))
    prop_of = np.repeat(np.arange(n_prop), starts_per)
    offset = np.arange(len(prop_of)) - np.repeat(np.cumsum(starts_per) - starts_per, starts_per)
    start = np.where(
        ongoing[prop_of], earliest[prop_of], np.maximum(earliest, first)[prop_of] + offset
    )
    columns = pd.DataFrame({"proposal": ids[prop_of], "start": start})
    n = len(columns)

    duration = data["duration"].to_numpy(dtype=int)[prop_of]
    running = active(start, duration, years_arr)  # years x columns
    cost_y = running * data["cost"].to_numpy(dtype=float)[prop_of][None, :]
    staff_y = running * data["staff"].to_numpy(dtype=float)[prop_of][None, :]
    rows = _Rows(n)
    inf = np.inf

    budget = np.array([constraints.budget[int(y)] for y in years_arr], dtype=float)
    rows.add(
        cost_y,
        -inf,
        budget,
        _rows([f"budget_{y}" for y in years_arr], "budget", years_arr.tolist(), ""),
    )
    if constraints.budget_total is not None:
        rows.add(
            cost_y.sum(axis=0, keepdims=True),
            -inf,
            constraints.budget_total,
            _rows(["budget_total"], "budget_total", 0, ""),
        )
    if constraints.staff:
        caps = np.array([constraints.staff[int(y)] for y in years_arr])
        rows.add(
            staff_y,
            -inf,
            caps,
            _rows([f"staff_{y}" for y in years_arr], "staff", years_arr.tolist(), ""),
        )
    if constraints.staff_per_agency is not None or constraints.staff_agency:
        agencies = data["agency"].astype(str).to_numpy()
        cap_of = {
            a: constraints.staff_agency.get(a, constraints.staff_per_agency)
            for a in pd.unique(agencies)
        }
        capped = sorted(a for a, c in cap_of.items() if c is not None)
        code = {a: i for i, a in enumerate(capped)}
        agency_code = np.array([code.get(a, -1) for a in agencies])[prop_of]
        k = len(capped)
        for t, year in enumerate(years_arr):
            block = rows.indicator(agency_code, k, staff_y[t])
            rows.add(
                block,
                -inf,
                np.array([cap_of[a] for a in capped], dtype=float),
                _rows([f"staff_{a}_{year}" for a in capped], "staff_agency", int(year), capped),
            )

    several = np.flatnonzero(starts_per > 1)
    once_code = np.full(n_prop, -1)
    once_code[several] = np.arange(len(several))
    rows.add(
        rows.indicator(once_code[prop_of], len(several)),
        -inf,
        1.0,
        _rows([f"once_{ids[i]}" for i in several], "once", 0, [str(ids[i]) for i in several]),
    )

    # must-fund rows: ongoing, mandatory, listed/rule must-funds (one row per proposal)
    reason = np.full(n_prop, "", dtype=object)
    must_fund = (
        constraints.must_fund.mask(data).to_numpy()
        if constraints.must_fund
        else np.zeros(n_prop, bool)
    )
    reason[must_fund] = "must_fund"
    if constraints.mandatory:
        reason[(data["nature"] == "wajib").to_numpy()] = "mandatory"
    reason[ongoing] = "ongoing"
    must = np.flatnonzero(reason != "")
    must_code = np.full(n_prop, -1)
    must_code[must] = np.arange(len(must))
    rows.add(
        rows.indicator(must_code[prop_of], len(must)),
        1.0,
        inf,
        _rows(
            [f"must_{ids[i]}" for i in must],
            "must",
            0,
            [str(ids[i]) for i in must],
            reason[must].tolist(),
        ),
    )
    if constraints.must_not_fund:
        banned = np.flatnonzero(constraints.must_not_fund.mask(data).to_numpy())
        ban_code = np.full(n_prop, -1)
        ban_code[banned] = np.arange(len(banned))
        rows.add(
            rows.indicator(ban_code[prop_of], len(banned)),
            -inf,
            0.0,
            _rows(
                [f"must_not_{ids[i]}" for i in banned], "must_not", 0, [str(ids[i]) for i in banned]
            ),
        )

    groups = data["exclusive_group"].astype(str).to_numpy()
    sizes = pd.Series(groups).value_counts()
    named = sorted(g for g, size in sizes.items() if g and size > 1)
    group_code = {g: i for i, g in enumerate(named)}
    excl = np.array([group_code.get(g, -1) for g in groups])[prop_of]
    rows.add(
        rows.indicator(excl, len(named)),
        -inf,
        1.0,
        _rows([f"exclusive_{g}" for g in named], "exclusive", 0, named),
    )

    _prerequisite_rows(rows, data, columns, prop_of, set(unavailable))

    n_years = len(years_arr)
    for limit in constraints.groups:
        labels, codes = limit.codes(data)  # one pass over the rows for every group
        of_column = codes[prop_of]
        order = np.argsort(of_column, kind="stable")  # each group's columns, in order
        bounds = np.searchsorted(of_column[order], np.arange(len(labels) + 1))
        for k, label in enumerate(labels):
            cols = order[bounds[k] : bounds[k + 1]]
            count = sparse.csr_matrix(
                (np.ones(len(cols)), (np.zeros(len(cols), dtype=np.int64), cols)),
                shape=(1, rows.n),
            )
            name = f"{limit.key}:{label}"
            if limit.max_count is not None:
                rows.add(count, -inf, limit.max_count, _rows([name], "group_max", 0, label))
            if limit.min_count is not None:
                rows.add(count, limit.min_count, inf, _rows([name], "group_min", 0, label))
            part = cost_y[:, cols]
            year_of, at = np.nonzero(part)  # no explicit zeros, as in a dense row
            shares = sparse.csr_matrix(
                (part[year_of, at], (year_of, cols[at])), shape=(n_years, rows.n)
            )
            names = [f"{name}:{y}" for y in years_arr]
            if limit.max_share is not None:
                rows.add(
                    shares,
                    -inf,
                    limit.max_share * budget,
                    _rows(names, "group_share_max", years_arr.tolist(), label),
                )
            if limit.min_share is not None:
                rows.add(
                    shares,
                    limit.min_share * budget,
                    inf,
                    _rows(names, "group_share_min", years_arr.tolist(), label),
                )

    context = ModelContext(
        data, tuple(int(y) for y in years_arr), prop_of, start, cost_y, staff_y, budget
    )
    capacity: dict[tuple[str, int], float] = {}
    for key, value in constraints.extra.items():  # the registered kinds (rules package)
        kind = constraint_kinds()[key]
        for block in kind.rows(value, context):
            rows.add(block.matrix, block.lower, block.upper, block.labels)
        for where, amount in kind.capacity(value, context).items():
            capacity[where] = capacity.get(where, 0.0) + amount

    total_cost = data["cost"].to_numpy(dtype=float) * data["duration"].to_numpy(dtype=float)
    rank = np.arange(n_prop)[prop_of]
    tiebreak = np.vstack(
        [
            np.round(total_cost[prop_of]),  # total cost, whole rupiah
            (start - first) * (n_prop - rank),  # earlier starts, first for earlier ids
            rank.astype(float),  # earlier ids
        ]
    )
    labels = pd.concat(rows.labels, ignore_index=True) if rows.labels else _rows([], "", 0, "")
    matrix = sparse.vstack(rows.blocks, format="csr") if rows.blocks else sparse.csr_matrix((0, n))
    row_upper = np.concatenate(rows.upper) if rows.upper else np.zeros(0)
    for (kind_name, year), amount in capacity.items():
        row_upper[
            (labels["kind"] == kind_name).to_numpy() & (labels["year"] == year).to_numpy()
        ] += amount
    return PortfolioModel(
        columns=columns,
        objective=score.reindex(ids).to_numpy(dtype=float)[prop_of],
        sense="max",
        matrix=matrix,
        row_lower=np.concatenate(rows.lower) if rows.lower else np.zeros(0),
        row_upper=row_upper,
        rows=labels,
        tiebreak=tiebreak,
        years=tuple(int(y) for y in years_arr),
        cost_by_year=cost_y,
        staff_by_year=staff_y,
    )


def model_context(
    model: PortfolioModel, data: pd.DataFrame, constraints: Constraints
) -> ModelContext:
    """The :class:`~mcda_kerjasama.rules.ModelContext` of a built model (its candidates
    ``data`` and ``constraints``), for the registered kinds' hooks.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import prepare
        >>> problem = prepare(load_scenario("scenarios/contoh")).problem
        >>> context = model_context(problem.model, problem.candidates, problem.constraints)
        >>> context.n_columns == problem.model.n_columns
        True
    """
    position = {pid: k for k, pid in enumerate(data.index)}
    return ModelContext(
        data,
        model.years,
        model.columns["proposal"].map(position).to_numpy(dtype=int),
        model.columns["start"].to_numpy(dtype=int),
        model.cost_by_year,
        model.staff_by_year,
        np.array([constraints.budget[y] for y in model.years], dtype=float),
    )


def _prerequisite_rows(
    rows: _Rows,
    data: pd.DataFrame,
    columns: pd.DataFrame,
    prop_of: np.ndarray,
    unavailable: set[str],
) -> None:
    """x[j, t] <= sum_{t' <= t} x[i, t'] for every prerequisite i of j; when i cannot be
    chosen at all, x[j, t] <= 0."""
    requires = data["requires"].to_numpy(dtype=object)
    ids = data.index.to_numpy(dtype=object)
    position = {pid: k for k, pid in enumerate(ids)}
    # prop_of is sorted (built by np.repeat): each proposal's columns are one slice
    first_col = np.searchsorted(prop_of, np.arange(len(ids)), side="left")
    last_col = np.searchsorted(prop_of, np.arange(len(ids)), side="right")

    def cols_of(k: int) -> range:
        return range(int(first_col[k]), int(last_col[k]))

    start = columns["start"].to_numpy()
    r: list[int] = []
    c: list[int] = []
    v: list[float] = []
    labels: list[str] = []
    names: list[str] = []
    for j, needs in enumerate(requires):
        for need in needs:
            if need not in position and need not in unavailable:
                continue  # not a proposal of this run (validation reports unknown ids)
            for col in cols_of(j):
                row = len(labels)
                r.append(row)
                c.append(int(col))
                v.append(-1.0)
                if need in position:
                    for pre in cols_of(position[need]):
                        if start[pre] <= start[col]:
                            r.append(row)
                            c.append(int(pre))
                            v.append(1.0)
                labels.append(f"{ids[j]}<-{need}")
                names.append(f"prereq_{ids[j]}_{need}_{start[col]}")
    block = sparse.csr_matrix((v, (r, c)), shape=(len(labels), rows.n))
    rows.add(block, 0.0, np.inf, _rows(names, "prereq", 0, labels))
