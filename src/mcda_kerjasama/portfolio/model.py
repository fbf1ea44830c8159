"""The portfolio model as plain data, independent of any solver.

One binary column per (eligible proposal, allowed start year): a proposal of duration d
started in year t uses its yearly cost in years t .. t+d-1 (years past the horizon are
commitments, reported but not constrained). Rows are linear constraints
``row_lower <= A x <= row_upper``; the objective is maximised. A proposal's score counts
once, whatever its duration: the decision is whether to do it, and its yearly cost
already weighs its length against the budget.

Example:
    >>> import pandas as pd
    >>> data = pd.DataFrame({"cost": [3.0, 2.0], "duration": [1, 1],
    ...     "earliest_start": [2026, 2026]}, index=["A", "B"])
    >>> m = build_model(data, pd.Series({"A": 10.0, "B": 6.0}), (2026,), {2026: 4.0})
    >>> m.n_columns, m.rows["name"].tolist(), m.matrix.toarray().tolist()
    (2, ['budget_2026'], [[3.0, 2.0]])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse


@dataclass(frozen=True)
class PortfolioModel:
    """A maximisation MILP over binary columns.

    ``columns`` has one row per variable with ``proposal`` and ``start`` (year);
    ``rows`` one row per constraint with ``name``, ``kind`` and ``year``;
    ``matrix`` is CSR (rows x columns).
    """

    columns: pd.DataFrame
    objective: np.ndarray
    matrix: sparse.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    rows: pd.DataFrame

    @property
    def n_columns(self) -> int:
        """Number of variables."""
        return len(self.columns)


def build_model(
    data: pd.DataFrame,
    score: pd.Series,
    years: Sequence[int],
    budget: Mapping[int, float],
) -> PortfolioModel:
    """Build the model for the proposals in ``data`` (index = id; columns ``cost``,
    ``duration``, ``earliest_start``) scored by ``score``, under a budget per year.

    Built from arrays: the cost of column j in year y is nonzero when
    start_j <= y < start_j + duration_j.

    Example: see the module docstring.
    """
    years_arr = np.asarray(years, dtype=int)
    ids = data.index.to_numpy()
    earliest = data["earliest_start"].to_numpy(dtype=int)
    # one column per (proposal, start year) with start in [earliest, last planning year]
    starts_per = np.clip(years_arr[-1] - earliest + 1, 0, None)
    proposal_pos = np.repeat(np.arange(len(ids)), starts_per)
    offset = np.arange(len(proposal_pos)) - np.repeat(
        np.cumsum(starts_per) - starts_per, starts_per
    )
    start = earliest[proposal_pos] + offset
    columns = pd.DataFrame({"proposal": ids[proposal_pos], "start": start})

    cost = data["cost"].to_numpy(dtype=float)[proposal_pos]
    duration = data["duration"].to_numpy(dtype=int)[proposal_pos]
    year_idx = years_arr[:, None]
    active = (start[None, :] <= year_idx) & (year_idx < (start + duration)[None, :])
    budget_rows = sparse.csr_matrix(active * cost[None, :])
    rows = pd.DataFrame(
        {"name": [f"budget_{y}" for y in years_arr], "kind": "budget", "year": years_arr}
    )
    # a proposal with several possible start years starts at most once
    several = np.flatnonzero(starts_per > 1)
    member = np.isin(proposal_pos, several)
    once_index = np.searchsorted(several, proposal_pos[member])
    once_rows = sparse.csr_matrix(
        (np.ones(member.sum()), (once_index, np.flatnonzero(member))),
        shape=(len(several), len(columns)),
    )
    rows = pd.concat(
        [
            rows,
            pd.DataFrame({"name": [f"once_{ids[i]}" for i in several], "kind": "once", "year": 0}),
        ],
        ignore_index=True,
    )
    return PortfolioModel(
        columns=columns,
        objective=score.reindex(ids).to_numpy(dtype=float)[proposal_pos],
        matrix=sparse.vstack([budget_rows, once_rows], format="csr"),
        row_lower=np.full(len(rows), -np.inf),
        row_upper=np.concatenate(
            [[budget[int(y)] for y in years_arr], np.ones(len(several))]
        ).astype(float),
        rows=rows,
    )
