"""Blocks of columns whose own rows are decided by listing their feasible patterns.

A proposal's start years (its ``once`` row) and an agency's proposals (its
``staff_agency`` rows, one per year) tie columns together: a *block* is a set of columns
joined by such rows, and a block's *own rows* are the rows all of whose choosable
columns lie in it (its staff caps, its proposals' ``once`` and ``must`` rows, its
internal prerequisites and exclusive groups). Every 0/1 choice of a block's columns that
keeps its own rows is a *pattern*; there are few (231 for the largest agency of the
115-proposal benchmark with staff caps, 20 columns), so they are listed once per model.

The :class:`~mcda_kerjasama.portfolio.reoptimise.Reoptimiser` keeps a block's own rows
out of its Lagrangian bound and takes instead the best pattern of each block: the bound
of the relaxation in which every block is its convex hull, never weaker than the LP
relaxation (for the LP's own row duals on the other rows) and 4.4% to 0.65% above the
optimum on that benchmark. Every column not tied to others is a block of its own, with
the patterns 0 and 1 (less those its own rows forbid).

A block whose patterns would exceed :data:`MAX_PATTERNS` falls back to its proposals'
start choices, and those to single columns.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> model = run(load_scenario("scenarios/contoh")).selection.model
    >>> blocks = find_blocks(model)  # one year, no agency caps: single columns
    >>> model.n_columns, blocks.n_blocks, np.diff(blocks.starts).tolist()  # K01, K05: must
    (10, 10, [1, 2, 2, 2, 1, 2, 2, 2, 2, 2])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

if TYPE_CHECKING:
    from mcda_kerjasama.portfolio.model import PortfolioModel

#: At most this many patterns per block; a larger block is split.
MAX_PATTERNS = 4096
#: Row kinds that tie columns into blocks, the widest first.
TYING_KINDS = (("once", "staff_agency"), ("once",))
#: Models with more columns than this get single-column blocks only (listing the
#: patterns of tens of thousands of blocks would cost more than it saves).
BLOCKS_UP_TO = 20_000
#: Relative slack on row bounds when checking a pattern (as the re-optimiser's).
EPS = 1e-9


@dataclass(frozen=True)
class Blocks:
    """Every choosable column's block and every block's patterns.

    ``block``: each column's block (-1 for the columns no portfolio can take);
    ``patterns``: one row per pattern (CSR, 0/1 over all columns), grouped by block;
    ``starts``: where each block's patterns begin in ``patterns`` (and their end);
    ``own_rows``: the rows every pattern keeps (all their choosable columns in one block).
    """

    block: np.ndarray
    patterns: sparse.csr_matrix
    starts: np.ndarray
    own_rows: np.ndarray

    @property
    def n_blocks(self) -> int:
        """The number of blocks."""
        return len(self.starts) - 1

    @property
    def owner(self) -> np.ndarray:
        """Each pattern's block."""
        return np.repeat(np.arange(self.n_blocks), np.diff(self.starts))


def find_blocks(model: PortfolioModel) -> Blocks:
    """The blocks of ``model``, its columns no portfolio can take (:func:`never_chosen`)
    left out. Models of more than :data:`BLOCKS_UP_TO` columns get single columns only.

    Example: see the module docstring.
    """
    matrix = model.matrix.tocsr()
    n = model.n_columns
    dead = never_chosen(model)
    scale = np.maximum(_finite(model.row_lower), _finite(model.row_upper))
    tol = EPS * np.maximum(1.0, scale)
    lower, upper = model.row_lower - tol, model.row_upper + tol
    kinds = model.rows["kind"].astype(str).to_numpy()
    live = np.flatnonzero(~dead)
    label = np.full(n, -1)
    label[live] = live  # each column its own block, unless tied below
    listed: dict[int, np.ndarray] = {}  # block label -> its patterns (over its columns)
    for tying in TYING_KINDS if n <= BLOCKS_UP_TO else ():
        free = live[~np.isin(label[live], list(listed))]
        tried = label.copy()
        tried[free] = n + _components(matrix[np.isin(kinds, tying)], free)
        owner = _owners(matrix, dead, tried)
        for group in np.unique(tried[free]):
            columns = np.flatnonzero(tried == group)
            if len(columns) > 1:
                found = _patterns(matrix, lower, upper, columns, np.flatnonzero(owner == group))
                if found is not None:
                    listed[int(columns[0])] = found
                    label[columns] = columns[0]
    return _assemble(matrix, lower, upper, dead, label, listed)


def never_chosen(model: PortfolioModel) -> np.ndarray:
    """The columns that no feasible 0/1 point can set to 1: with every other column of
    some row at its most helpful value, the column alone still breaks that row by more
    than the feasibility tolerance (for instance a proposal needing more staff than its
    agency's cap, or one whose prerequisite cannot start early enough).

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> model = run(load_scenario("scenarios/contoh")).selection.model
        >>> int(never_chosen(model).sum())  # every proposal of the example can be chosen
        0
    """
    a = model.matrix.tocoo()
    low, up = model.row_lower, model.row_upper
    n_rows = model.matrix.shape[0]
    least = np.zeros(n_rows)  # each row's smallest activity over 0/1 points
    most = np.zeros(n_rows)  # and its largest
    np.add.at(least, a.row, np.minimum(a.data, 0.0))
    np.add.at(most, a.row, np.maximum(a.data, 0.0))
    others_least = least[a.row] - np.minimum(a.data, 0.0)
    others_most = most[a.row] - np.maximum(a.data, 0.0)
    margin_up = 1e-6 * np.maximum(1.0, np.abs(np.nan_to_num(up[a.row], posinf=0.0)))
    margin_low = 1e-6 * np.maximum(1.0, np.abs(np.nan_to_num(low[a.row], neginf=0.0)))
    over = a.data + others_least > up[a.row] + margin_up
    under = a.data + others_most < low[a.row] - margin_low
    dead = np.zeros(model.n_columns, dtype=bool)
    dead[a.col[over | under]] = True
    return dead


def _finite(values: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(values), np.abs(values), 0.0)


def _components(tying: sparse.csr_matrix, columns: np.ndarray) -> np.ndarray:
    """A component number for each of ``columns``, joined by the ``tying`` rows."""
    incidence = tying[:, columns].tocsc()
    incidence.data = np.ones_like(incidence.data)
    graph = (incidence.T @ incidence).tocsr()
    return connected_components(graph, directed=False)[1]


def _owners(matrix: sparse.csr_matrix, dead: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Each row's block when all its choosable columns share one (-1 when they do not,
    or when it has none)."""
    coo = matrix.tocoo()
    keep = ~dead[coo.col]
    row, block = coo.row[keep], label[coo.col[keep]]
    m = matrix.shape[0]
    low = np.full(m, np.iinfo(np.int64).max)
    high = np.full(m, -1)
    np.minimum.at(low, row, block)
    np.maximum.at(high, row, block)
    return np.where((high >= 0) & (low == high), high, -1)


def _patterns(
    matrix: sparse.csr_matrix,
    lower: np.ndarray,
    upper: np.ndarray,
    columns: np.ndarray,
    rows: np.ndarray,
) -> np.ndarray | None:
    """Every 0/1 choice of ``columns`` (the others at 0) that keeps ``rows``, breadth
    first with the rows' remaining room pruning; None when more than
    :data:`MAX_PATTERNS` or none."""
    sub = matrix[rows][:, columns].toarray()
    low, up = lower[rows], upper[rows]
    tail = np.zeros((len(rows), 1))
    rest_min = np.hstack([np.minimum(sub, 0.0)[:, ::-1].cumsum(axis=1)[:, ::-1], tail])
    rest_max = np.hstack([np.maximum(sub, 0.0)[:, ::-1].cumsum(axis=1)[:, ::-1], tail])
    found = np.zeros((1, 0), dtype=bool)
    activity = np.zeros((1, len(rows)))
    for k in range(len(columns)):
        off = np.hstack([found, np.zeros((len(found), 1), dtype=bool)])
        on = np.hstack([found, np.ones((len(found), 1), dtype=bool)])
        found = np.vstack([off, on])
        activity = np.vstack([activity, activity + sub[:, k]])
        keep = (activity + rest_min[:, k + 1] <= up) & (activity + rest_max[:, k + 1] >= low)
        keep = keep.all(axis=1)
        found, activity = found[keep], activity[keep]
        if len(found) > MAX_PATTERNS:
            return None
    return found if len(found) else None


def _assemble(
    matrix: sparse.csr_matrix,
    lower: np.ndarray,
    upper: np.ndarray,
    dead: np.ndarray,
    label: np.ndarray,
    listed: dict[int, np.ndarray],
) -> Blocks:
    """The blocks in column order; a single column's patterns are 0 and 1 less what its
    own rows forbid (both when its rows forbid both: an infeasible model)."""
    owner = _owners(matrix, dead, label)
    single = (label >= 0) & ~np.isin(label, list(listed))
    zero_ok, one_ok = _single_patterns(matrix, lower, upper, owner, single)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    sizes = [0]
    block = np.full(len(label), -1)
    count = 0
    for index, first in enumerate(np.unique(label[label >= 0])):
        columns = np.flatnonzero(label == first)
        block[columns] = index
        if first in listed:
            r, c = np.nonzero(listed[first])
            rows.append(r + count)
            cols.append(columns[c])
            count += len(listed[first])
        else:
            j = int(first)
            both = not (zero_ok[j] or one_ok[j])
            count += int(zero_ok[j] or both)
            if one_ok[j] or both:
                rows.append(np.array([count]))
                cols.append(np.array([j]))
                count += 1
        sizes.append(count)
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=int)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=int)
    patterns = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(count, len(label)))
    return Blocks(block, patterns, np.array(sizes), owner >= 0)


def _single_patterns(
    matrix: sparse.csr_matrix,
    lower: np.ndarray,
    upper: np.ndarray,
    owner: np.ndarray,
    single: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether 0 and whether 1 keeps the own rows of each single column."""
    n = matrix.shape[1]
    zero_ok = np.ones(n, dtype=bool)
    one_ok = np.ones(n, dtype=bool)
    coo = matrix.tocoo()
    mine = (owner[coo.row] == coo.col) & single[coo.col]
    row, col, value = coo.row[mine], coo.col[mine], coo.data[mine]
    np.logical_and.at(zero_ok, col, (lower[row] <= 0.0) & (upper[row] >= 0.0))
    np.logical_and.at(one_ok, col, (lower[row] <= value) & (upper[row] >= value))
    return zero_ok, one_ok
