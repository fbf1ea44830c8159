"""Re-solve one portfolio model for many objectives, exactly and fast.

A Monte Carlo draw changes only the scores, so the feasible portfolios stay the same and
only the objective ``c`` moves. For every new ``c`` the :class:`Reoptimiser`:

1. re-solves the LP relaxation from the previous basis (HiGHS, a handful of pivots);
2. turns its row duals ``y`` into the Lagrangian bound, valid for *every* feasible 0/1
   ``x`` whatever the accuracy of ``y``: ``c.x <= H(y) + sum_j d_j x_j`` with
   ``d = c - A'y`` and ``H(y)`` each row's dual times the bound it presses on;
3. takes the best portfolio it already knows for ``c`` (``v``, from a pool of the
   portfolios found before) and fixes every column whose flip would cost more than the
   slack ``B - v`` of the bound ``B`` (reduced-cost fixing: no portfolio within the tie
   tolerance of the optimum is excluded);
4. enumerates the few free columns breadth-first, a few columns at a time, pruning a
   partial choice as soon as its bound falls below ``v`` or a row can no longer be met;
   among the complete portfolios within :data:`TIE_TOLERANCE` of the best it keeps the
   one with the smallest tie-break keys (cost, starts, id positions, as the main solve
   does), then the smallest column list, so the answer depends on ``c`` alone;
5. when too many columns stay free, hands the MIP with the fixed columns fixed to HiGHS
   (then re-enumerates with the proven optimum as ``v`` to apply the same tie rule).

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

import numpy as np

from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.backends import (
    MixedProgram,
    Session,
    Status,
    certify,
    consistent,
    get_backend,
)
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.tiebreak import TIE_TOLERANCE

#: At most this many free columns are enumerated; more go to the MIP solver.
MAX_FREE = 40
#: Partial choices kept at once before the enumeration gives way to the MIP solver.
MAX_FRONTIER = 100_000
#: Columns decided together in one enumeration step (2**BLOCK combinations).
BLOCK = 4
#: Models with at most this many matrix entries (rows x columns) keep a dense copy.
DENSE_UP_TO = 2_000_000
#: Relative slack on row bounds and on the pruning bound (floating-point sums).
_EPS = 1e-9


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
        small = self._a.shape[0] * self.n <= DENSE_UP_TO  # a dense copy is faster to slice
        self._columns = self._a.toarray() if small else model.csc
        lower, upper = model.row_lower, model.row_upper
        self._lower, self._upper = lower, upper
        self._has_lower, self._has_upper = np.isfinite(lower), np.isfinite(upper)
        self._lower0 = np.where(self._has_lower, lower, 0.0)
        self._upper0 = np.where(self._has_upper, upper, 0.0)
        self._tol = _EPS * np.maximum(1.0, np.maximum(np.abs(self._lower0), np.abs(self._upper0)))
        self._keys = np.asarray(model.tiebreak, dtype=np.int64)
        self._backend = get_backend(backend)
        self._program = MixedProgram.from_model(model)
        # columns no feasible portfolio can take (a proposal alone over a cap): held at 0
        # in the relaxation too, which tightens its bound (a fifth on 115 proposals with
        # agency staff caps, where half the columns exceed their agency's cap)
        self._dead = never_chosen(model)
        relaxed = replace(self._program.relaxed(), col_upper=(~self._dead).astype(float))
        self._lp = self._backend.session(relaxed, time_limit, repeated=True)
        self._mip: Session | None = None
        self._pool: list[np.ndarray] = [np.asarray(p, dtype=float) for p in pool]
        self._pool_matrix = np.array(self._pool).reshape(len(self._pool), self.n)
        self._pooled = {p.tobytes() for p in self._pool}
        self._combos = ((np.arange(2**BLOCK)[:, None] >> np.arange(BLOCK)) & 1).astype(bool)
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
        bound, reduced = self._bound(c)
        incumbent = self._best_known(c)
        if start is not None and (incumbent is None or c @ start > c @ incumbent):
            incumbent = np.asarray(start, dtype=float)
        x = None if incumbent is None else self._enumerate(c, bound, reduced, incumbent)
        if x is None:
            proven = self._solve_mip(c, bound, reduced, incumbent)
            x = self._enumerate(c, bound, reduced, proven)  # the tie rule, when small
            x = proven if x is None else x
            self.counts["mip"] += 1
        else:
            self.counts["enumerated"] += 1
        if x.tobytes() not in self._pooled:
            self._pooled.add(x.tobytes())
            self._pool.append(x)
            self._pool_matrix = np.vstack([self._pool_matrix, x[None, :]])
        return x

    def _bound(self, c: np.ndarray) -> tuple[float, np.ndarray]:
        """The Lagrangian bound ``B`` and reduced costs ``d`` from the LP's row duals
        (both signs tried: solvers differ in their dual sign convention)."""
        self._lp.set_cost(c)
        relaxation = self._lp.run()
        # no LP optimum in time: zero duals still give a valid (weaker) bound
        duals = relaxation.row_duals
        y = np.zeros(self._a.shape[0]) if duals is None else duals
        best: tuple[float, np.ndarray] | None = None
        for duals in (y, -y):
            up = duals > 0
            duals = np.where(np.where(up, self._has_upper, self._has_lower), duals, 0.0)
            rows = float(duals @ np.where(up, self._upper0, self._lower0))
            reduced = c - self._at @ duals
            reduced = np.where(self._dead, -np.inf, reduced)  # never 1: fixed at 0
            bound = rows + float(np.maximum(reduced, 0.0).sum())
            if best is None or bound < best[0]:
                best = (bound, reduced)
        assert best is not None
        return best

    def _best_known(self, c: np.ndarray) -> np.ndarray | None:
        """The pool's best portfolio for ``c`` (None when the pool is empty)."""
        if not self._pool:
            return None
        return self._pool[int(np.argmax(self._pool_matrix @ c))]

    def _enumerate(
        self, c: np.ndarray, bound: float, reduced: np.ndarray, incumbent: np.ndarray
    ) -> np.ndarray | None:
        """The canonical optimum by enumerating the unfixed columns; None when too many
        stay free. ``incumbent`` must be feasible."""
        scale = max(1.0, abs(bound))
        slack = bound - (float(c @ incumbent) - (TIE_TOLERANCE + _EPS) * scale)
        pen_one = np.maximum(-reduced, 0.0)  # bound lost by choosing the column
        pen_zero = np.maximum(reduced, 0.0)  # bound lost by leaving it out
        free = np.flatnonzero((pen_one <= slack) & (pen_zero <= slack))
        if len(free) > MAX_FREE:
            return None
        x = (pen_zero > slack).astype(float)
        x[free] = 0.0
        free = free[np.argsort(-np.maximum(pen_zero[free], pen_one[free]), kind="stable")]
        sub = self._columns[:, free]  # rows x free columns (at most MAX_FREE)
        sub = sub if isinstance(sub, np.ndarray) else sub.toarray()
        touched = np.flatnonzero(np.any(sub != 0, axis=1))
        sub = sub[touched]
        lower = self._lower[touched] - self._tol[touched]
        upper = self._upper[touched] + self._tol[touched]
        # what the columns not yet decided can still add to each row, at least / at most
        tail = np.zeros((len(touched), 1))
        rest_min = np.concatenate([np.minimum(sub, 0)[:, ::-1].cumsum(1)[:, ::-1], tail], 1)
        rest_max = np.concatenate([np.maximum(sub, 0)[:, ::-1].cumsum(1)[:, ::-1], tail], 1)
        activity = (self._a @ x)[touched][None, :]
        penalty = np.zeros(1)
        steps: list[tuple[np.ndarray, np.ndarray]] = []  # (parent, combination) per block
        for start in range(0, len(free), BLOCK):
            cols = free[start : start + BLOCK]
            end = start + len(cols)
            combos = self._combos[: 2 ** len(cols), : len(cols)]
            add = combos @ sub[:, start:end].T  # combinations x rows
            cost = np.where(combos, pen_one[cols], pen_zero[cols]).sum(axis=1)
            grown = activity[:, None, :] + add[None, :, :]
            activity = grown.reshape(grown.shape[0] * grown.shape[1], len(touched))
            penalty = (penalty[:, None] + cost[None, :]).ravel()
            keep = (activity + rest_min[:, end] <= upper) & (activity + rest_max[:, end] >= lower)
            keep = np.flatnonzero(keep.all(axis=1) & (penalty <= slack))
            activity, penalty = activity[keep], penalty[keep]
            steps.append(np.divmod(keep, len(combos)))
            if len(keep) > MAX_FRONTIER:
                return None
        if len(penalty) == 0:  # numerically impossible: the incumbent always survives
            return None
        bits = np.zeros((len(penalty), len(free)), dtype=bool)
        leaf = np.arange(len(penalty))
        for b in range(len(steps) - 1, -1, -1):  # walk back from the leaves to the root
            parent, combo = steps[b][0][leaf], steps[b][1][leaf]
            width = min(BLOCK, len(free) - b * BLOCK)
            bits[:, b * BLOCK : b * BLOCK + width] = self._combos[combo, :width]
            leaf = parent
        values = float(c @ x) + bits @ c[free]
        best = float(values.max())
        near = np.flatnonzero(values >= best - TIE_TOLERANCE * max(1.0, abs(best)))
        if len(near) > 1:
            keys = [(*(bits[i] @ self._keys[:, free].T), *sorted(free[bits[i]])) for i in near]
            near = near[[min(range(len(near)), key=lambda k: keys[k])]]
        x[free[bits[near[0]]]] = 1.0
        return x

    def _solve_mip(
        self,
        c: np.ndarray,
        bound: float,
        reduced: np.ndarray,
        incumbent: np.ndarray | None,
    ) -> np.ndarray:
        """The optimum from the MIP solver, with the columns the bound decides fixed.
        An answer that does not check out (a start that misled the solver) is solved
        again without the start."""
        if self._mip is None:
            self._mip = self._backend.session(self._program, self.time_limit, repeated=True)
        lower, upper = np.zeros(self.n), np.ones(self.n)
        if incumbent is not None:
            scale = max(1.0, abs(bound))
            slack = bound - (float(c @ incumbent) - (TIE_TOLERANCE + _EPS) * scale)
            lower = (np.maximum(reduced, 0.0) > slack).astype(float)
            upper = 1.0 - (np.maximum(-reduced, 0.0) > slack)
        session = self._mip
        session.set_cost(c)
        session.set_bounds(lower, upper)
        program = replace(self._program, cost=c, col_lower=lower, col_upper=upper)
        found = session.run(incumbent)
        if incumbent is not None and not consistent(program, found):
            session.clear()
            found = session.run()
        if found.x is None or found.infeasible or not consistent(program, found):
            reason = found.reason or "no portfolio"
            raise SolverError("solver_failed", backend=self._backend.name, reason=reason)
        x = np.rint(found.x).clip(0, 1)
        checked = certify(
            program,
            x,
            claimed=found.objective,
            bound=found.bound,
            finished=found.finished,
            mip_gap=0.0,
        )
        if checked is None or checked[0] != Status.OPTIMAL:  # stopped before proving
            self.counts["unproven"] += 1
        return x


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
