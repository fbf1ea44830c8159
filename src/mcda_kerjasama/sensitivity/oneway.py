"""One-way weight sensitivity: how far one criterion's weight can move before the
ranking, the top-k order, a proposal's rank or the selected portfolio changes.

For criterion ``c`` with current weight ``w_c`` its weight ``t`` runs from 0 to 1 and the
other weights keep their proportions::

    w(t) = t * e_c + (1 - t) * w_{-c} / (1 - w_c)

(when ``w_c = 1`` the other criteria share ``1 - t`` equally; with a single criterion
the others are empty and the scores are ``100 * t * v``). At ``t = w_c`` the weights are
the current ones, so every interval below is in the varied criterion's weight units and
contains ``w_c``.

A proposal's score is linear in ``t``: ``s_i(t) = a_i + b_i t`` with
``a_i = 100 v_i . w_{-c} / (1 - w_c)`` and ``b_i = 100 v_ic - a_i``.

*Ranking (exact)*. Two proposals' order can change only where their lines cross, at
``t = (a_j - a_i) / (b_i - b_j)``: the *breakpoints* are these crossings in (0, 1),
sorted, with crossings closer than ``T_EPS`` merged. Scores within ``SCORE_EPS`` points
of each other are equal, and equal scores are ordered by input order, as the priority
list does; so a tie is a change only when the order actually changes. The ranking is
constant on each open segment between breakpoints; it is evaluated on every segment and
at every breakpoint, and each interval is the connected set of weights around ``w_c``
where the ranking (or the top-k order, or a proposal's rank) equals the current one.
Its ends are open or closed exactly as the tie convention makes them.

*Portfolio (located by re-solves)*. The selected set at weight ``t`` is read from a solve
of the portfolio model with the scores at ``t`` (the model is built once and only its
objective changes, which is all that ``build_model`` would change), by a
:class:`~mcda_kerjasama.portfolio.reoptimise.Reoptimiser`: proven optimal, ties resolved
by the main selection's tie-break keys. A portfolio's total value is linear in ``t``, so
the weights at which a given set is optimal form an interval: on each side of ``w_c`` the
search first probes the end (0 or 1), then does a binary search over the crossings of a
selected with an unselected candidate (the *smart grid*), then bisects between the last
weight with the current set and the first with another until the bracket is at most
``tol`` wide.
At most ``max_solves`` solves per criterion; when that bound stops a search before the
bracket is ``tol`` wide, ``complete`` is ``False`` and the interval reported is the part
verified so far.

Example:
    >>> from mcda_kerjasama import load_scenario
    >>> from mcda_kerjasama.pipeline import prepare
    >>> problem = prepare(load_scenario("scenarios/contoh")).problem
    >>> ow = one_way(problem, top_k=3)
    >>> ow.order[0], ow.portfolio.incomplete
    ('potential', ())
    >>> lo, hi = ow.weight_intervals["potential"]
    >>> lo, round(hi, 3), ow.portfolio.criteria["potential"].beyond[1][:3]
    (0.0, 0.396, ('K01', 'K03', 'K04'))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.problem import SelectionProblem

#: Scores (in points, 0-100) closer than this are equal.
SCORE_EPS = 1e-9
#: Weights closer than this are the same point (merged breakpoints, the current weight).
T_EPS = 1e-9
#: Rankings evaluated at once while walking away from the current weight.
_CHUNK = 512


@dataclass(frozen=True)
class Interval:
    """The weights ``lo .. hi`` of the varied criterion; each end included or not.

    Example:
        >>> i = Interval(0.2, 0.3, hi_closed=False)
        >>> i.contains(0.2), i.contains(0.3), round(i.width, 3)
        (True, False, 0.1)
    """

    lo: float
    hi: float
    lo_closed: bool = True
    hi_closed: bool = True

    @property
    def width(self) -> float:
        """``hi - lo``."""
        return self.hi - self.lo

    def contains(self, t: float) -> bool:
        """Whether weight ``t`` lies in the interval."""
        above = t >= self.lo if self.lo_closed else t > self.lo
        below = t <= self.hi if self.hi_closed else t < self.hi
        return above and below


@dataclass(frozen=True)
class CriterionRanking:
    """The ranking as one criterion's weight varies.

    ``intercept`` and ``slope`` (points, by proposal id): ``score(t) = intercept + slope
    * t``. ``breakpoints``: the sorted weights in (0, 1) where the order of two proposals
    changes. ``ranking``, ``top_k``: where the full ranking and the order of the first
    ``k`` stay as now. ``ranks``: by proposal id, its ``rank`` now (1 = best) and the
    interval ``lo``, ``hi``, ``lo_closed``, ``hi_closed`` where that rank stays.
    """

    criterion: str
    weight: float
    intercept: pd.Series
    slope: pd.Series
    breakpoints: np.ndarray
    ranking: Interval
    top_k: Interval
    ranks: pd.DataFrame


@dataclass(frozen=True)
class RankingSensitivity:
    """One :class:`CriterionRanking` per criterion, in the values' column order."""

    top_k: int
    criteria: dict[str, CriterionRanking]

    @property
    def intervals(self) -> pd.DataFrame:
        """By criterion: ``weight``, ``ranking_lo``, ``ranking_hi``, ``top_k_lo``,
        ``top_k_hi``."""
        return pd.DataFrame(
            {
                "weight": [r.weight for r in self.criteria.values()],
                "ranking_lo": [r.ranking.lo for r in self.criteria.values()],
                "ranking_hi": [r.ranking.hi for r in self.criteria.values()],
                "top_k_lo": [r.top_k.lo for r in self.criteria.values()],
                "top_k_hi": [r.top_k.hi for r in self.criteria.values()],
            },
            index=pd.Index(list(self.criteria), name="criterion"),
        )


@dataclass(frozen=True)
class CriterionPortfolio:
    """The selected set as one criterion's weight varies.

    ``interval``: the weights verified to keep the current set (both ends solved).
    ``outside``: the nearest weight below and above at which another set was selected
    (``None`` when the current set holds up to 0 or 1), and ``beyond`` those sets.
    ``solves``: re-solves used; ``complete``: both brackets narrowed to ``tol`` (or
    reached 0 and 1) within the bound; ``proven``: every re-solve proved optimal.
    """

    criterion: str
    weight: float
    interval: Interval
    outside: tuple[float | None, float | None]
    beyond: tuple[tuple[str, ...] | None, tuple[str, ...] | None]
    solves: int
    complete: bool
    proven: bool


@dataclass(frozen=True)
class PortfolioSensitivity:
    """One :class:`CriterionPortfolio` per criterion; ``selected`` the current set."""

    selected: tuple[str, ...]
    tol: float
    max_solves: int
    criteria: dict[str, CriterionPortfolio]

    @property
    def incomplete(self) -> tuple[str, ...]:
        """Criteria whose search the ``max_solves`` bound stopped."""
        return tuple(c for c, p in self.criteria.items() if not p.complete)


@dataclass(frozen=True)
class OneWay:
    """Ranking and portfolio sensitivity together.

    ``weight_intervals``: by criterion, the weights ``(lo, hi)`` in which the portfolio
    stays the same. ``tornado``: by criterion, ``weight``, ``portfolio_lo``,
    ``portfolio_hi``, ``portfolio_width``, ``top_k_lo``, ``top_k_hi``, ``top_k_width`` and
    ``complete``, the most sensitive criterion (narrowest portfolio interval, then
    narrowest top-k interval) first.
    """

    ranking: RankingSensitivity
    portfolio: PortfolioSensitivity
    weight_intervals: dict[str, tuple[float, float]]
    tornado: pd.DataFrame

    @property
    def order(self) -> tuple[str, ...]:
        """Criteria, most sensitive first."""
        return tuple(str(c) for c in self.tornado.index)


def weights_at(weights: pd.Series, criterion: str, t: float) -> pd.Series:
    """The weights when ``criterion`` weighs ``t`` and the others keep their proportions.

    Example:
        >>> w = pd.Series({"a": 0.5, "b": 0.3, "c": 0.2})
        >>> weights_at(w, "a", 0.0).round(6).tolist(), weights_at(w, "a", 0.75).tolist()
        ([0.0, 0.6, 0.4], [0.75, 0.15, 0.1])
    """
    c = weights.index.get_loc(criterion)
    assert isinstance(c, int)
    w = _check_weights(weights)
    return pd.Series(_weights_at(w, c, t), index=weights.index, name=weights.name)


def ranking_intervals(
    values: pd.DataFrame, weights: pd.Series, *, top_k: int = 10
) -> RankingSensitivity:
    """Exact ranking sensitivity of the proposals in ``values`` (id x criterion, each
    value in [0, 1], as :attr:`Scores.values`) for each criterion's weight.

    Pass all proposals or only the eligible ones: the ranking is over the rows given,
    ties in input order.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> rs = ranking_intervals(result.scores.values, result.weights.weights, top_k=3)
        >>> r = rs.criteria["mutual_benefit"]
        >>> r.weight, r.top_k.contains(0.3), len(r.breakpoints) > 0
        (0.3, True, True)
        >>> round(r.ranking.lo, 6), r.ranking.hi, r.ranking.lo_closed, r.ranking.hi_closed
        (0.222222, 0.3, False, True)
        >>> r.ranks.round(6).loc[["K01", "K03"]]
             rank        lo   hi  lo_closed  hi_closed
        id
        K01     1  0.125000  1.0       True       True
        K03     6  0.176471  1.0      False      False
    """
    w = _check_weights(weights.reindex(values.columns))
    v = values.to_numpy(dtype=float)
    k = max(0, min(int(top_k), len(values)))
    out = {}
    for c, key in enumerate(values.columns):
        a, b = _lines(v, w, c)
        out[str(key)] = _criterion_ranking(str(key), float(w[c]), a, b, values.index, k)
    return RankingSensitivity(k, out)


def portfolio_intervals(
    problem: SelectionProblem,
    *,
    tol: float = 1e-4,
    max_solves: int = 40,
    progress: Callable[[int], None] | None = None,
) -> PortfolioSensitivity:
    """For each criterion, the weights in which the problem's selected set stays the
    same, located by re-solves (see the module docstring); the problem's ``values``
    hold a row for every candidate. ``progress`` is called with the number of criteria
    done after each one.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> from mcda_kerjasama.pipeline import prepare
        >>> scenario = load_scenario("scenarios/contoh")
        >>> ps = portfolio_intervals(prepare(scenario).problem, max_solves=4)
        >>> ps.selected == run(scenario).selection.selected, ps.incomplete[:1]
        (True, ('potential',))
        >>> p = ps.criteria["potential"]
        >>> p.solves, p.complete, p.interval, p.outside[1] > 0.39
        (4, False, Interval(lo=0.0, hi=0.2, lo_closed=True, hi_closed=True), True)
    """
    if tol <= 0 or max_solves < 0:
        raise ValueError("tol must be positive and max_solves non-negative")
    values, weights = problem.weighted()
    candidates, options, model = problem.candidates, problem.solver, problem.model
    w = _check_weights(weights.reindex(values.columns))
    cand_values = values.loc[candidates.index].to_numpy(dtype=float)
    row_of = pd.Series(np.arange(len(candidates)), index=candidates.index)
    column_values = cand_values[row_of.loc[model.columns["proposal"]].to_numpy()]
    order = {pid: i for i, pid in enumerate(candidates.index)}

    solver = Reoptimiser(model, options.time_limit, backend=options.backend)

    def solve(weights_now: np.ndarray) -> tuple[frozenset[str], bool]:
        unproven = solver.counts["unproven"]
        x = solver.solve(100.0 * column_values @ weights_now)
        return frozenset(model.picked(x)), solver.counts["unproven"] == unproven

    current, proven = solve(w)
    selected = np.array([str(i) in current for i in candidates.index])
    out = {}
    for c, key in enumerate(values.columns):
        a, b = _lines(cand_values, w, c)
        sides = [
            _Side(float(w[c]), end, _grid(a, b, selected, float(w[c]), end)) for end in (0.0, 1.0)
        ]
        solves = 0
        ok = proven
        while solves < max_solves and not all(s.done(tol) for s in sides):
            for side in sides:
                if solves < max_solves and not side.done(tol):
                    found, optimal = solve(_weights_at(w, c, side.next_probe()))
                    side.record(found == current, found)
                    solves += 1
                    ok &= optimal
        low, high = sides

        def ids(found: frozenset[str] | None) -> tuple[str, ...] | None:
            return None if found is None else tuple(sorted(found, key=order.__getitem__))

        out[str(key)] = CriterionPortfolio(
            str(key),
            float(w[c]),
            Interval(low.inner, high.inner),
            (low.outer, high.outer),
            (ids(low.beyond), ids(high.beyond)),
            solves,
            all(s.done(tol) for s in sides),
            ok,
        )
        if progress:
            progress(c + 1)
    chosen = tuple(str(i) for i in candidates.index if str(i) in current)
    return PortfolioSensitivity(chosen, tol, max_solves, out)


def one_way(
    problem: SelectionProblem,
    *,
    top_k: int = 10,
    tol: float = 1e-4,
    max_solves: int = 40,
    progress: Callable[[int], None] | None = None,
) -> OneWay:
    """:func:`ranking_intervals` and :func:`portfolio_intervals` over the problem's
    candidates, with the tornado order. ``progress`` is called with the number of
    criteria whose portfolio interval is located (the slow part), after each one.

    Example: see the module docstring.
    """
    values, weights = problem.weighted()
    ranking = ranking_intervals(values, weights, top_k=top_k)
    portfolio = portfolio_intervals(problem, tol=tol, max_solves=max_solves, progress=progress)
    rows = []
    for key, p in portfolio.criteria.items():
        top = ranking.criteria[key].top_k
        rows.append(
            {
                "criterion": key,
                "weight": p.weight,
                "portfolio_lo": p.interval.lo,
                "portfolio_hi": p.interval.hi,
                "portfolio_width": p.interval.width,
                "top_k_lo": top.lo,
                "top_k_hi": top.hi,
                "top_k_width": top.width,
                "complete": p.complete,
            }
        )
    tornado = (
        pd.DataFrame(rows)
        .set_index("criterion")
        .sort_values(["portfolio_width", "top_k_width"], kind="stable")
    )
    intervals = {k: (p.interval.lo, p.interval.hi) for k, p in portfolio.criteria.items()}
    return OneWay(ranking, portfolio, intervals, tornado)


def _check_weights(weights: pd.Series) -> np.ndarray:
    w = weights.to_numpy(dtype=float)
    if np.isnan(w).any() or (w < 0).any() or abs(w.sum() - 1.0) > 1e-9:
        raise ValueError("weights must be non-negative, one per criterion, summing to 1")
    return w


def _rest(w: np.ndarray, c: int) -> np.ndarray:
    """The direction the other weights keep: ``w_{-c} / (1 - w_c)``, equal shares when
    ``w_c = 1``, zeros for a single criterion."""
    rest = w.copy()
    rest[c] = 0.0
    total = rest.sum()
    if total > 0:
        return rest / total
    if len(w) > 1:
        rest[:] = 1.0 / (len(w) - 1)
        rest[c] = 0.0
    return rest


def _weights_at(w: np.ndarray, c: int, t: float) -> np.ndarray:
    out = (1.0 - t) * _rest(w, c)
    out[c] = t
    return out


def _lines(v: np.ndarray, w: np.ndarray, c: int) -> tuple[np.ndarray, np.ndarray]:
    """Intercepts and slopes (points) of the scores as criterion ``c``'s weight varies."""
    a = 100.0 * (v @ _rest(w, c))
    return a, 100.0 * v[:, c] - a


def _merged(t: np.ndarray) -> np.ndarray:
    """Sorted ``t`` with values closer than ``T_EPS`` to the previous one dropped."""
    t = np.sort(t)
    return t[np.r_[True, np.diff(t) > T_EPS]] if len(t) else t


def _crossings(a: np.ndarray, b: np.ndarray, pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Where the lines of each pair cross (pairs with parallel lines never do)."""
    i, j = pairs
    slope = b[i] - b[j]
    moving = np.abs(slope) > SCORE_EPS
    return (a[j] - a[i])[moving] / slope[moving]


def _orders(a: np.ndarray, b: np.ndarray, ts: np.ndarray) -> np.ndarray:
    """Row r: the proposals' positions best first at weight ``ts[r]``; scores within
    ``SCORE_EPS`` are tied and ordered by input position."""
    s = a[None, :] + ts[:, None] * b[None, :]
    by_score = np.argsort(-s, axis=1, kind="stable")
    ranked = np.take_along_axis(s, by_score, axis=1)
    steps = -np.diff(ranked, axis=1) > SCORE_EPS
    tie_group = np.concatenate([np.zeros((len(ts), 1), int), np.cumsum(steps, axis=1)], axis=1)
    group = np.empty_like(tie_group)
    np.put_along_axis(group, by_score, tie_group, axis=1)
    position = np.broadcast_to(np.arange(len(a)), s.shape)
    return np.lexsort((position, group), axis=-1)


def _ranks(order: np.ndarray) -> np.ndarray:
    """Each proposal's rank (0 = best) from orders as :func:`_orders` gives them."""
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(order.shape[1]), order.shape), 1)
    return ranks


def _criterion_ranking(
    key: str, t0: float, a: np.ndarray, b: np.ndarray, ids: pd.Index, k: int
) -> CriterionRanking:
    n = len(a)
    found = _crossings(a, b, np.triu_indices(n, 1))
    breakpoints = _merged(found[(found > T_EPS) & (found < 1.0 - T_EPS)])
    # atoms: the points 0, breakpoints, 1 and the open segments between them, in order
    points = np.r_[0.0, breakpoints, 1.0]
    at = int(np.argmin(np.abs(points - t0)))
    if abs(points[at] - t0) <= T_EPS:
        points[at] = t0
        here = 2 * at
    else:
        here = 2 * int(np.searchsorted(points, t0)) - 1
    atoms = np.empty(2 * len(points) - 1)
    atoms[0::2] = points
    atoms[1::2] = (points[:-1] + points[1:]) / 2
    atoms[here] = t0
    ref_order = _orders(a, b, atoms[here : here + 1])[0]
    ref_rank = _ranks(ref_order[None, :])[0]

    def last_same(step: int) -> np.ndarray:
        """Per tracked property (each rank, the top-k order, the ranking): the last atom
        from ``here`` in direction ``step`` before the first change."""
        end = len(atoms) - 1 if step > 0 else 0
        last = np.full(n + 2, end)
        pending = np.ones(n + 2, bool)
        walk = np.arange(here + step, end + step, step)
        for start in range(0, len(walk), _CHUNK):
            chunk = walk[start : start + _CHUNK]
            order = _orders(a, b, atoms[chunk])
            moved = _ranks(order) != ref_rank[None, :]
            changed = np.column_stack(
                [moved, (order[:, :k] != ref_order[:k]).any(axis=1), moved.any(axis=1)]
            )
            hit = pending & changed.any(axis=0)
            last[hit] = chunk[changed[:, hit].argmax(axis=0)] - step
            pending &= ~hit
            if not pending.any():
                break
        return last

    def end(atom: int, step: int) -> tuple[float, bool]:
        """An interval's end at the far side of ``atom``: a point closes it; an open
        segment ends at its next point, excluded."""
        if atom % 2 == 0:
            return float(points[atom // 2]), True
        return float(points[(atom + step) // 2]), False

    lows = [end(int(i), -1) for i in last_same(-1)]
    highs = [end(int(i), 1) for i in last_same(1)]
    intervals = [Interval(lo, hi, lc, hc) for (lo, lc), (hi, hc) in zip(lows, highs, strict=True)]
    ranks = pd.DataFrame(
        {
            "rank": ref_rank + 1,
            "lo": [i.lo for i in intervals[:n]],
            "hi": [i.hi for i in intervals[:n]],
            "lo_closed": [i.lo_closed for i in intervals[:n]],
            "hi_closed": [i.hi_closed for i in intervals[:n]],
        },
        index=ids,
    )
    return CriterionRanking(
        key,
        t0,
        pd.Series(a, index=ids, name="intercept"),
        pd.Series(b, index=ids, name="slope"),
        breakpoints,
        intervals[n + 1],
        intervals[n],
        ranks,
    )


def _grid(a: np.ndarray, b: np.ndarray, selected: np.ndarray, t0: float, end: float) -> list[float]:
    """The smart grid from ``t0`` towards ``end``: where a selected candidate's score
    crosses an unselected one's, nearest first, then ``end``."""
    inside, outside = np.flatnonzero(selected), np.flatnonzero(~selected)
    pairs = (np.repeat(inside, len(outside)), np.tile(outside, len(inside)))
    found = _crossings(a, b, pairs)
    lo, hi = sorted((t0, end))
    points = _merged(found[(found > lo + T_EPS) & (found < hi - T_EPS)])
    return [*(float(p) for p in (points if end > t0 else points[::-1])), end]


class _Side:
    """The search on one side of the current weight: first the end, then a binary
    search over the grid, then bisection. ``inner`` is the farthest weight known to keep
    the set, ``outer`` (with the set found there, ``beyond``) the nearest known not to."""

    def __init__(self, t0: float, end: float, grid: list[float]) -> None:
        self.inner = t0
        self.end = end
        self.grid = grid if abs(end - t0) > T_EPS else []
        self.outer: float | None = None
        self.beyond: frozenset[str] | None = None
        self.low, self.high = -1, len(self.grid) - 1  # grid bracket once the end differs
        self.probe = 0.0

    def done(self, tol: float) -> bool:
        if not self.grid or self.inner == self.end:
            return True
        return self.outer is not None and abs(self.outer - self.inner) <= tol

    def next_probe(self) -> float:
        if self.outer is None:
            self.probe = self.end
        elif self.high - self.low > 1:
            self.probe = self.grid[(self.low + self.high) // 2]
        else:
            self.probe = (self.inner + self.outer) / 2
        return self.probe

    def record(self, same: bool, found: frozenset[str]) -> None:
        in_grid = self.high - self.low > 1
        index = (self.low + self.high) // 2
        if same:
            self.inner = self.probe
            if self.outer is not None and in_grid:
                self.low = index
        else:
            if self.outer is not None and in_grid:
                self.high = index
            self.outer, self.beyond = self.probe, found
