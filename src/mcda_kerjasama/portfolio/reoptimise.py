"""Re-solve one portfolio model for many objectives, exactly and fast.

A Monte Carlo draw changes only the scores, so the feasible portfolios stay the same and
only the objective ``c`` moves. For every new ``c`` the :class:`Reoptimiser`:

1. re-solves the LP relaxation from the previous basis (HiGHS, a handful of pivots);
2. turns its row duals ``y`` into a Lagrangian bound, valid for *every* feasible 0/1
   ``x`` whatever the accuracy of ``y``: the columns are tied into blocks (a proposal's
   start years, an agency's proposals under its staff caps; see
   :mod:`mcda_kerjasama.portfolio.blocks`) whose own rows are kept by listing their
   feasible patterns, the other rows are priced by ``y``, and
   ``c.x <= H(y) + sum over blocks of the block's pattern value`` with ``d = c - A'y``
   on the priced rows and ``H(y)`` each priced row's dual times the bound it presses on;
   the best pattern of every block gives the bound ``B`` (never above the LP
   relaxation's; 0.65% above the optimum where the LP relaxation is 4.4% above, on 115
   proposals with agency staff caps);
3. takes the best portfolio it already knows for ``c`` (``v``, from a pool of the
   portfolios found before) and drops every pattern whose choice would cost the bound
   more than the slack ``B - v`` (reduced-cost fixing by blocks: no portfolio within
   the tie tolerance of the optimum is excluded); a block with one pattern left is
   decided;
4. takes at once each open block's option with the smallest tie-break keys when that
   choice keeps every row and the bound shows it within the tie tolerance (the keys add
   up over blocks, so no other choice has smaller keys: the usual case where the open
   choices are start years of equal value); otherwise enumerates the blocks left open
   breadth-first, several a step (at most :data:`STEP_CHOICES` choices), pruning a
   partial choice as soon as its bound falls below ``v``, a priced row can no longer be
   met or its keys cannot come below those of a known portfolio among the ties; among
   the complete portfolios within :data:`TIE_TOLERANCE` of the best it keeps the one
   with the smallest tie-break keys (cost, starts, id positions, as the main solve
   does), then the smallest list of chosen columns
   (:func:`~mcda_kerjasama.portfolio.ties.canonical`), so the answer depends on
   ``c`` alone;
5. when the open blocks leave too many choices (more than ``2 ** MAX_FREE``), hands the
   MIP with the decided columns fixed to HiGHS, without the known portfolio as a start
   (HiGHS's own heuristics prove it sooner), then re-enumerates with the proven optimum
   as ``v`` to apply the same tie rule.

Every answer is proven optimal unless the MIP solver stops at ``time_limit`` (counted
in ``counts["unproven"]``); ``counts`` says how each was proven.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> model = run(load_scenario("scenarios/contoh")).selection.model
    >>> ro = Reoptimiser(model)
    >>> x = ro.solve(model.objective)
    >>> float(model.objective @ x), sorted(model.picked(x))[:3]
    (535.0, ['K01', 'K02', 'K03'])
    >>> x2 = ro.solve(model.objective * 2)  # known portfolio, proven by enumeration
    >>> bool((x2 == x).all()), ro.counts["enumerated"] >= 1
    (True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

import numpy as np
from scipy import sparse

from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.backends import (
    MixedProgram,
    Session,
    Status,
    certified,
    consistent,
    get_backend,
)
from mcda_kerjasama.portfolio.blocks import never_chosen
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.ties import TIE_TOLERANCE, canonical

#: At most 2**MAX_FREE choices are left to enumerate; more go to the MIP solver.
MAX_FREE = 40
#: Partial choices kept at once before the enumeration gives way to the MIP solver.
MAX_FRONTIER = 100_000
#: Models whose patterns x rows stay within this many entries keep a dense copy.
DENSE_UP_TO = 2_000_000
#: Choices decided together in one enumeration step (four single columns: 2**4).
STEP_CHOICES = 16
#: Relative slack on row bounds and on the pruning bound (floating-point sums).
_EPS = 1e-9


class Bound(NamedTuple):
    """A Lagrangian bound for one objective: its ``value``, the reduced costs ``d`` on
    the priced rows, and every pattern's ``penalty`` (what choosing it costs the bound:
    its block's best pattern value less its own)."""

    value: float
    reduced: np.ndarray
    penalty: np.ndarray


class Reoptimiser:
    """Solve ``model`` (a maximisation) again and again with new objectives.

    ``pool``: portfolios known to be feasible (0/1 arrays), used as first incumbents;
    each solution found joins it. ``counts``: how many objectives were proven by
    ``enumerated`` residuals, how many needed the ``mip`` solver, and how many of those
    stopped at the time limit ``unproven`` (best portfolio found kept).

    Example: see the module docstring.
    """

    def __init__(
        self,
        model: PortfolioModel,
        time_limit: float = 60.0,
        pool: Sequence[np.ndarray] = (),
        backend: str = "highs",
    ) -> None:
        if model.sense != "max":
            raise ValueError("Reoptimiser needs a maximisation model")
        self.model = model
        self.time_limit = time_limit
        self.n = model.n_columns
        self._a = model.matrix.tocsr()
        self._at = self._a.T.tocsr()
        lower, upper = model.row_lower, model.row_upper
        self._lower, self._upper = lower, upper
        self._has_lower, self._has_upper = np.isfinite(lower), np.isfinite(upper)
        self._lower0 = np.where(self._has_lower, lower, 0.0)
        self._upper0 = np.where(self._has_upper, upper, 0.0)
        self._tol = _EPS * np.maximum(1.0, np.maximum(np.abs(self._lower0), np.abs(self._upper0)))
        self._keys = np.asarray(model.tiebreak, dtype=np.int64)
        self._backend = get_backend(backend)
        self._program = MixedProgram.from_model(model)
        blocks = model.blocks
        self._blocks = blocks
        self._owner = blocks.owner
        self._patterns_t = blocks.patterns.T.tocsr()
        # each pattern's activity on every row (its own block's rows are kept by it)
        self._pattern_rows = (blocks.patterns @ self._at).tocsr()
        small = self._pattern_rows.shape[0] * self._pattern_rows.shape[1] <= DENSE_UP_TO
        self._dense_rows = self._pattern_rows.toarray() if small else None  # faster slices
        small = blocks.patterns.shape[0] * self.n <= DENSE_UP_TO
        self._dense_patterns = blocks.patterns.toarray() if small else None
        self._priced = ~blocks.own_rows
        # each pattern's tie-break keys (exact: every key is below 2**50)
        keys = blocks.patterns @ self._keys.T.astype(float)
        self._pattern_keys = np.rint(np.asarray(keys)).astype(np.int64).reshape(-1, 3)
        # columns no feasible portfolio can take (a proposal alone over a cap) are in no
        # block: held at 0, in the relaxation too, which tightens its bound (a fifth on
        # 115 proposals with agency staff caps, where half the columns exceed their cap)
        self._dead = blocks.block < 0
        relaxed = replace(self._program.relaxed(), col_upper=(~self._dead).astype(float))
        self._lp = self._backend.session(relaxed, time_limit, repeated=True)
        self._mip: Session | None = None
        self._pool: list[np.ndarray] = [np.asarray(p, dtype=float) for p in pool]
        self._pool_matrix = np.array(self._pool).reshape(len(self._pool), self.n)
        self._pooled = {p.tobytes() for p in self._pool}
        self.counts = {"enumerated": 0, "mip": 0, "unproven": 0}

    def solve(self, objective: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
        """A proven-optimal 0/1 solution for ``objective`` (canonical among ties);
        ``start``: a feasible portfolio to try as the first incumbent, besides the pool.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> model = run(load_scenario("scenarios/contoh")).selection.model
            >>> bool(Reoptimiser(model).solve(model.objective).sum() >= 1)
            True
        """
        c = np.asarray(objective, dtype=float)
        if self.n == 0:
            return np.zeros(0)
        bound = self._bound(c)
        incumbent = self._best_known(c)
        if start is not None and (incumbent is None or c @ start > c @ incumbent):
            incumbent = np.asarray(start, dtype=float)
        x = None if incumbent is None else self._enumerate(c, bound, incumbent)
        if x is None:
            proven = self._solve_mip(c, bound, incumbent)
            x = self._enumerate(c, bound, proven)  # the tie rule, when small
            x = proven if x is None else x
            self.counts["mip"] += 1
        else:
            self.counts["enumerated"] += 1
        if x.tobytes() not in self._pooled:
            self._pooled.add(x.tobytes())
            self._pool.append(x)
            self._pool_matrix = np.vstack([self._pool_matrix, x[None, :]])
        return x

    def enumerated(self, objective: np.ndarray, incumbent: np.ndarray) -> np.ndarray | None:
        """The canonical optimum for ``objective`` by the bound and the enumeration
        alone (steps 1-4), given a feasible ``incumbent`` (the optimum, when known, leaves
        the fewest choices); None when they leave too many, without calling the MIP
        solver. Nothing joins the pool.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> selection = run(load_scenario("scenarios/contoh")).selection
            >>> x = Reoptimiser(selection.model).enumerated(selection.model.objective,
            ...                                             selection.x)
            >>> float(selection.model.objective @ x)
            535.0
        """
        c = np.asarray(objective, dtype=float)
        if self.n == 0:
            return np.zeros(0)
        return self._enumerate(c, self._bound(c), np.rint(incumbent).clip(0, 1))

    def _bound(self, c: np.ndarray) -> Bound:
        """The Lagrangian bound from the LP's row duals on the priced rows, each block
        at its best pattern (both dual signs tried: solvers differ in their
        convention)."""
        self._lp.set_cost(c)
        relaxation = self._lp.run()
        # no LP optimum in time: zero duals still give a valid (weaker) bound
        duals = relaxation.row_duals
        y = np.zeros(self._a.shape[0]) if duals is None else duals
        best: Bound | None = None
        starts = self._blocks.starts[:-1]
        for duals in (y, -y):
            up = duals > 0
            duals = np.where(np.where(up, self._has_upper, self._has_lower), duals, 0.0)
            duals = np.where(self._priced, duals, 0.0)  # a block's own rows: its patterns
            rows = float(duals @ np.where(up, self._upper0, self._lower0))
            reduced = c - self._at @ duals
            values = self._blocks.patterns @ reduced
            top = np.maximum.reduceat(values, starts) if len(starts) else np.zeros(0)
            value = rows + float(top.sum())
            if best is None or value < best.value:
                best = Bound(value, reduced, top[self._owner] - values)
        assert best is not None
        return best

    def _best_known(self, c: np.ndarray) -> np.ndarray | None:
        """The pool's best portfolio for ``c`` (None when the pool is empty)."""
        if not self._pool:
            return None
        return self._pool[int(np.argmax(self._pool_matrix @ c))]

    def _enumerate(self, c: np.ndarray, bound: Bound, incumbent: np.ndarray) -> np.ndarray | None:
        """The canonical optimum by enumerating the blocks left open; None when they
        leave too many choices. ``incumbent`` must be feasible."""
        slack = self._slack(bound, float(c @ incumbent))
        alive = bound.penalty <= slack
        starts = self._blocks.starts
        count = np.add.reduceat(alive, starts[:-1]) if len(starts) > 1 else np.zeros(0, int)
        if (count == 0).any():  # numerically impossible: the incumbent's patterns survive
            return None
        open_ = np.flatnonzero(count > 1)
        if float(np.log2(count[open_]).sum()) > MAX_FREE:
            return None
        decided = alive & (count[self._owner] == 1)
        x = np.asarray(self._patterns_t @ decided.astype(float)).ravel()
        flat = np.flatnonzero(alive & (count[self._owner] > 1))  # open blocks' options
        sizes = count[open_]
        edges = np.r_[0, np.cumsum(sizes)]
        picked = self._least_keys(c, bound, x, flat, edges)
        if picked is not None:
            return picked
        # the most decisive blocks first: the bound prunes their bad choices early
        if len(open_):
            worst = np.maximum.reduceat(bound.penalty[flat], edges[:-1])
            order = np.argsort(-worst, kind="stable")
            rank = np.empty_like(order)
            rank[order] = np.arange(len(order))
            group = np.repeat(np.arange(len(open_)), sizes)
            flat = flat[np.argsort(rank[group], kind="stable")]
            sizes = sizes[order]
            edges = np.r_[0, np.cumsum(sizes)]
        if self._dense_rows is not None:
            touched = np.flatnonzero(self._priced & (self._dense_rows[flat] != 0).any(axis=0))
            act = self._dense_rows[np.ix_(flat, touched)]
        else:
            rows = self._pattern_rows[flat]
            touched = np.flatnonzero(self._priced & (rows.getnnz(axis=0) > 0))
            act = rows[:, touched].toarray()  # each open pattern's activity on those rows
        lower = self._lower[touched] - self._tol[touched]
        upper = self._upper[touched] + self._tol[touched]
        # what the blocks not yet decided can still add to each row, at least / at most
        rest_min = rest_max = np.zeros((1, len(touched)))
        if len(open_):
            low = np.minimum.reduceat(act, edges[:-1]) if len(touched) else act[edges[:-1]]
            high = np.maximum.reduceat(act, edges[:-1]) if len(touched) else act[edges[:-1]]
            rest_min = np.vstack([_tail_sums(low), rest_min])
            rest_max = np.vstack([_tail_sums(high), rest_max])
        activity = (self._a @ x)[touched][None, :]
        penalty = np.zeros(1)
        # the keys of the decided blocks, then at least what the open blocks add: a known
        # portfolio among the ties (``incumbent``, when the bound shows it is within the
        # tolerance) beats every partial choice whose keys cannot come below its own
        known = self._known_keys(c, bound, incumbent)
        keys = (self._keys @ np.rint(x).astype(np.int64))[None, :]
        rest_keys = np.zeros((1, 3), dtype=np.int64)
        if len(open_):
            least = np.minimum.reduceat(self._pattern_keys[flat], edges[:-1])
            rest_keys = np.vstack([_tail_sums(least), rest_keys])
        steps: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (parent, choice, picks)
        for first, end in _steps(sizes.tolist()):
            grid = np.indices(sizes[first:end].tolist()).reshape(end - first, -1).T  # all choices
            local = grid + edges[first:end]  # rows of ``act``
            picks = flat[local]  # the patterns chosen, one per block of the step
            grown = activity[:, None, :] + act[local].sum(axis=1)[None, :, :]
            activity = grown.reshape(grown.shape[0] * grown.shape[1], len(touched))
            penalty = (penalty[:, None] + bound.penalty[picks].sum(axis=1)[None, :]).ravel()
            keep = (activity + rest_min[end] <= upper) & (activity + rest_max[end] >= lower)
            keep = keep.all(axis=1) & (penalty <= slack)
            if known is not None:
                added = self._pattern_keys[picks].sum(axis=1)
                keys = (keys[:, None, :] + added[None, :, :]).reshape(-1, 3)
                keep &= ~_above(keys + rest_keys[end], known)
            keep = np.flatnonzero(keep)
            activity, penalty = activity[keep], penalty[keep]
            if known is not None:
                keys = keys[keep]
            steps.append((*np.divmod(keep, len(picks)), picks))
            if len(keep) > MAX_FRONTIER:
                return None
        if len(penalty) == 0:  # numerically impossible: the incumbent always survives
            return None
        chosen = np.zeros((len(penalty), len(sizes)), dtype=np.int64)
        leaf = np.arange(len(penalty))
        end = len(sizes)
        for parents, choices, picks in reversed(steps):  # from the leaves to the root
            width = picks.shape[1]
            chosen[:, end - width : end] = picks[choices[leaf]]
            leaf = parents[leaf]
            end -= width
        worth = self._blocks.patterns @ c
        values = float(c @ x) + worth[chosen].sum(axis=1)
        best = float(values.max())
        near = np.flatnonzero(values >= best - TIE_TOLERANCE * max(1.0, abs(best)))
        picks = chosen[near]
        if self._dense_patterns is not None:
            points = list(x + self._dense_patterns[picks].sum(axis=1))
        else:
            rows = np.repeat(np.arange(len(near)), picks.shape[1])
            shape = (len(near), len(self._owner))
            which = sparse.csr_matrix((np.ones(picks.size), (rows, picks.ravel())), shape=shape)
            points = list(x + (which @ self._blocks.patterns).toarray())
        return min(points, key=lambda p: canonical(self._keys, p))

    def _least_keys(
        self, c: np.ndarray, bound: Bound, x: np.ndarray, flat: np.ndarray, edges: np.ndarray
    ) -> np.ndarray | None:
        """The answer at once when it is each open block's option with the smallest
        keys (``flat``: the open options, block after block, from ``edges``): the keys
        add up over blocks, so that choice has the smallest keys of all (strictly, when
        each block's smallest is alone); if it keeps every row and the bound shows it
        within the tie tolerance of the best, it is the answer."""
        if not len(flat):
            return None
        group = np.repeat(np.arange(len(edges) - 1), np.diff(edges))
        keys = self._pattern_keys[flat]
        order = np.lexsort((keys[:, 2], keys[:, 1], keys[:, 0], group))
        first = edges[:-1]  # each block's options stay together, its least keys first
        if (keys[order[first]] == keys[order[first + 1]]).all(axis=1).any():
            return None  # the column lists would decide: left to the enumeration
        chosen = np.zeros(len(self._owner))
        chosen[flat[order[first]]] = 1.0
        point = x + self._patterns_t @ chosen
        if self._known_keys(c, bound, point) is None:
            return None
        activity = self._a @ point
        if np.any(activity > self._upper + self._tol) or np.any(activity < self._lower - self._tol):
            return None
        return point

    def _known_keys(self, c: np.ndarray, bound: Bound, incumbent: np.ndarray) -> np.ndarray | None:
        """The keys of ``incumbent`` when it is surely among the portfolios within the
        tie tolerance of the best (the bound is within half the tolerance of it), else
        None."""
        value = float(c @ incumbent)
        if value < 0 or value < bound.value - 0.5 * TIE_TOLERANCE * max(1.0, value):
            return None
        return self._keys @ np.rint(incumbent).astype(np.int64)

    def _slack(self, bound: Bound, value: float) -> float:
        """How much the bound may lose over a portfolio worth ``value`` before no
        portfolio within the tie tolerance of the best can be lost."""
        scale = max(1.0, abs(bound.value))
        return bound.value - (value - (TIE_TOLERANCE + _EPS) * scale)

    def _solve_mip(
        self,
        c: np.ndarray,
        bound: Bound,
        incumbent: np.ndarray | None,
    ) -> np.ndarray:
        """The optimum from the MIP solver, with the columns the bound decides fixed.

        The incumbent fixes columns but is not offered as a start: HiGHS proves faster
        from its own heuristics (1,000 proposals with agency staff caps: 2.0 s a draw
        without, 3.2 s with; budget only: the same). When the solver stops on time with
        nothing better, the incumbent stands (counted ``unproven``); an answer that does
        not check out is a :class:`SolverError`."""
        if self._mip is None:
            self._mip = self._backend.session(self._program, self.time_limit, repeated=True)
        lower, upper = np.zeros(self.n), (~self._dead).astype(float)
        if incumbent is not None:
            alive = (bound.penalty <= self._slack(bound, float(c @ incumbent))).astype(float)
            starts = self._blocks.starts
            count = np.add.reduceat(alive, starts[:-1]) if len(starts) > 1 else np.zeros(0)
            having = np.asarray(self._patterns_t @ alive).ravel()  # alive patterns with j
            live = ~self._dead
            lower[live] = having[live] == count[self._blocks.block[live]]
            upper[live] = having[live] > 0
        session = self._mip
        session.set_cost(c)
        session.set_bounds(lower, upper)
        program = replace(self._program, cost=c, col_lower=lower, col_upper=upper)
        found = session.run()
        stopped = not found.finished and not found.infeasible and consistent(program, found)
        if incumbent is not None and stopped and _worse(found.x, incumbent, c):
            self.counts["unproven"] += 1
            return incumbent
        if found.x is None or found.infeasible or not consistent(program, found):
            reason = found.reason or "no portfolio"
            raise SolverError("solver_failed", backend=self._backend.name, reason=reason)
        x, checked = certified(program, found, 0.0)
        if checked is None or checked[0] != Status.OPTIMAL:  # stopped before proving
            self.counts["unproven"] += 1
        return x


def _worse(x: np.ndarray | None, incumbent: np.ndarray, c: np.ndarray) -> bool:
    """Whether a solver's answer ``x`` (None: none found) is worth less than the
    incumbent for ``c``."""
    return x is None or float(c @ incumbent) > float(c @ np.rint(x))


def _tail_sums(values: np.ndarray) -> np.ndarray:
    """Row k: the sum of rows k.. of ``values`` (what the blocks from k on add)."""
    return values[::-1].cumsum(axis=0)[::-1]


def _steps(sizes: list[int]) -> list[tuple[int, int]]:
    """Consecutive blocks decided together, as (first, end) ranges: as many as keep the
    choices of one step at most :data:`STEP_CHOICES` (a block alone when it has more)."""
    out: list[tuple[int, int]] = []
    first, product = 0, 1
    for k, size in enumerate(sizes):
        if k > first and product * size > STEP_CHOICES:
            out.append((first, k))
            first, product = k, 1
        product *= size
    if sizes:
        out.append((first, len(sizes)))
    return out


def _above(keys: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Which rows of ``keys`` come lexicographically after ``known``."""
    above = np.zeros(len(keys), dtype=bool)
    equal = np.ones(len(keys), dtype=bool)
    for k in range(keys.shape[1]):
        above |= equal & (keys[:, k] > known[k])
        equal &= keys[:, k] == known[k]
    return above


__all__ = ["Bound", "Reoptimiser", "never_chosen"]
