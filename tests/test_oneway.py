"""One-way weight sensitivity: hand-computed cases, brute-force re-runs, a property."""

from __future__ import annotations

from fractions import Fraction
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT

from mcda_kerjasama import load_scenario
from mcda_kerjasama.pipeline import Prepared, prepare
from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.portfolio.select import solve_model
from mcda_kerjasama.scenario import Scenario, SolverOptions
from mcda_kerjasama.scoring import Scores
from mcda_kerjasama.sensitivity.oneway import (
    Interval,
    one_way,
    portfolio_intervals,
    ranking_intervals,
    weights_at,
)

FAST = SolverOptions(tie_break=False)
TIE_BREAK = SolverOptions(tie_break=True)  # portfolio intervals resolve ties like this


@cache
def _prepared(name: str) -> Prepared:
    return prepare(load_scenario(ROOT / "scenarios" / name))


def _data(name: str) -> tuple[Scenario, Scores, pd.DataFrame, tuple[str, ...]]:
    prepared = _prepared(name)
    problem = prepared.problem
    return prepared.checked.scenario, prepared.scores, problem.candidates, problem.unavailable


def _ranking(values: pd.DataFrame, weights: pd.Series) -> list[str]:
    """The priority list's convention: score rounded to 9 decimals, then input order."""
    score = 100.0 * values.to_numpy() @ weights.reindex(values.columns).to_numpy()
    order = sorted(range(len(score)), key=lambda i: (-round(float(score[i]), 9), i))
    return [str(values.index[i]) for i in order]


def _just_outside(i: Interval, delta: float = 1e-7) -> list[float]:
    """Weights just beyond each end of ``i`` inside [0, 1] (the end itself if open)."""
    out = []
    if i.lo > 0 or not i.lo_closed:
        out.append(i.lo if not i.lo_closed else i.lo - delta)
    if i.hi < 1 or not i.hi_closed:
        out.append(i.hi if not i.hi_closed else i.hi + delta)
    return out


def _samples(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.0, 1.0, 200)


# hand-computed cases -------------------------------------------------------------------


def test_two_mirror_proposals_tie_at_the_current_weight() -> None:
    values = pd.DataFrame({"a": [1.0, 0.0], "b": [0.0, 1.0]}, index=["P1", "P2"])
    rs = ranking_intervals(values, pd.Series({"a": 0.5, "b": 0.5}))
    a, b = rs.criteria["a"], rs.criteria["b"]
    # s1 = 100 t, s2 = 100 (1 - t) on "a": tied at 0.5, P1 first by input order
    assert a.breakpoints.tolist() == [0.5]
    assert a.intercept.tolist() == [0.0, 100.0] and a.slope.tolist() == [100.0, -100.0]
    assert a.ranking == Interval(0.5, 1.0)
    assert b.ranking == Interval(0.0, 0.5)
    assert a.ranks["rank"].tolist() == [1, 2]

    rs = ranking_intervals(values, pd.Series({"a": 0.3, "b": 0.7}))
    # P2 leads below 0.5; at 0.5 the tie puts P1 first: the end is open
    assert rs.criteria["a"].ranking == Interval(0.0, 0.5, hi_closed=False)
    assert rs.criteria["b"].ranking == Interval(0.5, 1.0, lo_closed=False)


def test_three_proposals_ranks_and_top_k() -> None:
    values = pd.DataFrame({"a": [1.0, 0.0, 0.6], "b": [0.0, 1.0, 0.6]}, index=["P1", "P2", "P3"])
    rs = ranking_intervals(values, pd.Series({"a": 0.5, "b": 0.5}), top_k=1)
    r = rs.criteria["a"]
    # s1 = 100 t, s2 = 100 - 100 t, s3 = 60: crossings 0.4 (P2-P3), 0.5 (P1-P2), 0.6 (P1-P3)
    assert np.allclose(r.breakpoints, [0.4, 0.5, 0.6])
    assert r.ranks["rank"].tolist() == [2, 3, 1]
    assert r.ranking == Interval(0.5, 0.6, hi_closed=False)
    assert r.top_k == Interval(0.4, 0.6, lo_closed=False, hi_closed=False)
    ranks = r.ranks
    assert (ranks.loc["P1", "lo"], ranks.loc["P1", "hi"]) == (0.5, 0.6)
    assert (ranks.loc["P2", "lo"], ranks.loc["P2", "hi"]) == (0.5, 1.0)
    assert (ranks.loc["P3", "lo"], ranks.loc["P3", "hi"]) == (0.4, 0.6)
    assert ranks["lo_closed"].tolist() == [True, True, False]
    assert ranks["hi_closed"].tolist() == [False, True, False]


def test_full_weight_shares_the_rest_equally() -> None:
    w = pd.Series({"a": 1.0, "b": 0.0, "c": 0.0})
    assert weights_at(w, "a", 0.4).tolist() == [0.4, 0.3, 0.3]
    assert weights_at(w, "b", 0.5).tolist() == [0.5, 0.5, 0.0]
    with pytest.raises(ValueError):
        ranking_intervals(pd.DataFrame({"a": [1.0]}), pd.Series({"a": 0.5}))


# bundled scenarios ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["contoh", "sumbar-2026"])
def test_ranking_intervals_against_brute_force(name: str) -> None:
    _, scores, _, _ = _data(name)
    weights = scores.weights
    rs = ranking_intervals(scores.values, weights, top_k=5)
    base = _ranking(scores.values, weights)
    for seed, (key, r) in enumerate(rs.criteria.items()):
        assert r.ranking.contains(r.weight) and r.top_k.contains(r.weight)
        assert all(Interval(*row).contains(r.weight) for row in r.ranks.iloc[:, 1:].to_numpy())
        assert [str(i) for i in r.ranks.sort_values("rank").index] == base
        for t in [*_samples(seed), r.ranking.lo, r.ranking.hi, r.top_k.lo, r.top_k.hi]:
            now = _ranking(scores.values, weights_at(weights, key, float(t)))
            if r.ranking.contains(t):
                assert now == base
            if r.top_k.contains(t):
                assert now[:5] == base[:5]
            for pid in r.ranks.index[:20]:
                row = r.ranks.loc[pid]
                if Interval(row.lo, row.hi, row.lo_closed, row.hi_closed).contains(t):
                    assert now.index(str(pid)) + 1 == row["rank"]
        for t in _just_outside(r.ranking):
            assert _ranking(scores.values, weights_at(weights, key, t)) != base
        for t in _just_outside(r.top_k):
            assert _ranking(scores.values, weights_at(weights, key, t))[:5] != base[:5]


def _selected(name: str, key: str, t: float, options: SolverOptions) -> frozenset[str]:
    """An independent re-run: scores at ``t``, a new model, a solve."""
    scenario, scores, candidates, unavailable = _data(name)
    values = scores.values.loc[candidates.index]
    score = 100.0 * values @ weights_at(scores.weights, key, t)
    model = build_model(
        candidates, score, scenario.years, scenario.constraints, unavailable=unavailable
    )
    return frozenset(model.picked(solve_model(model, options).x))


def test_portfolio_intervals_against_brute_force() -> None:
    ps = portfolio_intervals(_prepared("contoh").problem.with_solver(FAST))
    assert ps.incomplete == ()
    base = frozenset(ps.selected)
    changed = 0
    for seed, (key, p) in enumerate(ps.criteria.items()):
        assert p.interval.contains(p.weight) and p.proven and p.solves <= ps.max_solves
        for t in [*_samples(100 + seed), p.interval.lo, p.interval.hi]:
            if p.interval.contains(t):
                assert _selected("contoh", key, float(t), TIE_BREAK) == base
        for side, end in enumerate((p.interval.lo, p.interval.hi)):
            outside = p.outside[side]
            if outside is None:
                assert end == (0.0, 1.0)[side]
                continue
            changed += 1
            assert abs(outside - end) <= ps.tol
            found = _selected("contoh", key, outside, TIE_BREAK)
            assert found != base and tuple(sorted(found)) == p.beyond[side]
    assert changed > 0


def test_bound_on_solves_is_reported() -> None:
    ps = portfolio_intervals(_prepared("contoh").problem.with_solver(FAST), max_solves=3)
    assert ps.incomplete
    for key in ps.incomplete:
        p = ps.criteria[key]
        assert p.solves == 3 and not p.complete and p.interval.contains(p.weight)


def test_one_way_tornado_and_weight_intervals() -> None:
    scenario, scores, _, _ = _data("contoh")
    ow = one_way(_prepared("contoh").problem, top_k=3)
    widths = ow.tornado["portfolio_width"].tolist()
    assert widths == sorted(widths) and set(ow.order) == set(scores.weights.index)
    for key, (lo, hi) in ow.weight_intervals.items():
        assert lo <= scores.weights[key] <= hi
        assert hi - lo == pytest.approx(ow.tornado.loc[key, "portfolio_width"])
        # the default options (with tie-break) agree with a re-run just outside
        outside = ow.portfolio.criteria[key].outside[1]
        if outside is not None:
            found = _selected("contoh", key, outside, scenario.solver)
            assert found != frozenset(ow.portfolio.selected)


# property ------------------------------------------------------------------------------


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[list[int]], list[int]]:
    n = draw(st.integers(2, 6))
    m = draw(st.integers(2, 4))
    quarters = st.lists(st.integers(0, 4), min_size=m, max_size=m)
    values = draw(st.lists(quarters, min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(0, 9), min_size=m, max_size=m).filter(any))
    return values, weights


@settings(max_examples=150, deadline=None)
@given(_cases())
def test_breakpoints_are_the_pairwise_crossings(case: tuple[list[list[int]], list[int]]) -> None:
    quarters, ints = case
    m = len(ints)
    columns = [f"c{k}" for k in range(m)]
    values = pd.DataFrame(np.array(quarters) / 4.0, columns=columns)
    total = sum(ints)
    rs = ranking_intervals(values, pd.Series(np.array(ints) / total, index=columns))
    exact_w = [Fraction(i, total) for i in ints]
    for c, key in enumerate(columns):
        others = [w if k != c else Fraction(0) for k, w in enumerate(exact_w)]
        rest = sum(others)
        share = [w / rest for w in others] if rest else [Fraction(k != c, m - 1) for k in range(m)]
        v = [[Fraction(q, 4) for q in row] for row in quarters]
        a = [sum(vi[k] * share[k] for k in range(m)) for vi in v]
        b = [vi[c] - ai for vi, ai in zip(v, a, strict=True)]
        crossings = set()
        for i in range(len(v)):
            for j in range(i + 1, len(v)):
                if b[i] != b[j]:
                    t = (a[j] - a[i]) / (b[i] - b[j])
                    if 0 < t < 1:
                        crossings.add(t)
        expected = sorted(crossings)
        got = rs.criteria[key].breakpoints
        assert len(got) == len(expected)
        assert np.allclose(got, [float(t) for t in expected], atol=1e-12)
        r = rs.criteria[key]
        assert r.ranking.contains(r.weight) and r.top_k.contains(r.weight)
