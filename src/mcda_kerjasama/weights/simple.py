"""Weighting methods without pairwise judgements: direct, equal, ROC, rank sum, SWING.

Each returns :class:`~mcda_kerjasama.weights.base.Weights` with ``method`` set and the
inputs in ``details``; bad input is a :class:`~mcda_kerjasama.errors.JudgementError`
listing every problem (missing or unknown criterion, negative, NaN, all zero, ties).

Rank-based methods take either an order (most important first) or a mapping
criterion -> rank with 1 = most important. Formulas (Barron & Barrett 1996;
Stillwell, Seaver & Edwards 1981; von Winterfeldt & Edwards 1986 for SWING):

* rank order centroid: w_k = (1/n) * sum_{i=k..n} 1/i
* rank sum: w_k = 2 (n + 1 - k) / (n (n + 1))
* SWING: points 0-100, the most important swing = 100, w = points / sum(points)

Example:
    >>> roc_weights(["a", "b", "c"]).weights.round(4).to_dict()
    {'a': 0.6111, 'b': 0.2778, 'c': 0.1111}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.i18n import closest_hint
from mcda_kerjasama.weights.base import Weights

Ranking = Sequence[str] | Mapping[str, int]


def equal_weights(criteria: Sequence[str]) -> Weights:
    """Every criterion weighs 1/n.

    Example:
        >>> equal_weights(["a", "b", "c", "d"]).weights.tolist()
        [0.25, 0.25, 0.25, 0.25]
    """
    names = _criteria(criteria)
    n = len(names)
    return Weights("equal", pd.Series(np.full(n, 1 / n), index=names, name="weight"))


def direct_weights(values: Mapping[str, float], criteria: Sequence[str] | None = None) -> Weights:
    """Normalise non-negative values given per criterion so that they sum to 1.

    Example:
        >>> direct_weights({"a": 30, "b": 50, "c": 20}).weights.tolist()
        [0.3, 0.5, 0.2]
    """
    raw = _values(values, criteria, "weights_negative")
    return Weights("direct", raw / raw.sum(), details={"given": raw})


def swing_weights(points: Mapping[str, float], criteria: Sequence[str] | None = None) -> Weights:
    """SWING: 100 points to the criterion whose swing from worst to best matters most,
    0-100 to the others in proportion; weights are the normalised points.

    Example:
        >>> swing_weights({"a": 100, "b": 60, "c": 40}).weights.tolist()
        [0.5, 0.3, 0.2]
    """
    raw = _values(points, criteria, "swing_range", upper=100.0)
    best = float(raw.max())
    if not math.isclose(best, 100.0):
        raise JudgementError([Problem("swing_no_best", value=_show(best))])
    return Weights("swing", raw / raw.sum(), details={"points": raw})


def roc_weights(ranking: Ranking, criteria: Sequence[str] | None = None) -> Weights:
    """Rank order centroid weights, w_k = (1/n) sum_{i=k}^{n} 1/i for rank k.

    Example:
        >>> roc_weights({"a": 2, "b": 1}).weights.round(4).to_dict()
        {'a': 0.25, 'b': 0.75}
    """
    ranks = _ranks(ranking, criteria, "roc")
    n = len(ranks)
    tail = np.cumsum([1 / i for i in range(n, 0, -1)])[::-1] / n  # tail[k-1] = w_k
    weights = ranks.map(lambda k: tail[k - 1]).astype(float).rename("weight")
    return Weights("roc", weights, details={"ranks": ranks})


def rank_sum_weights(ranking: Ranking, criteria: Sequence[str] | None = None) -> Weights:
    """Rank sum weights, w_k = 2 (n + 1 - k) / (n (n + 1)) for rank k.

    Example:
        >>> rank_sum_weights(["a", "b", "c"]).weights.round(4).to_dict()
        {'a': 0.5, 'b': 0.3333, 'c': 0.1667}
    """
    ranks = _ranks(ranking, criteria, "rank_sum")
    n = len(ranks)
    weights = (2 * (n + 1 - ranks) / (n * (n + 1))).astype(float).rename("weight")
    return Weights("rank_sum", weights, details={"ranks": ranks})


# --- validation ------------------------------------------------------------------------


def _criteria(criteria: Sequence[str]) -> list[str]:
    names = list(criteria)
    if not names:
        raise JudgementError([Problem("weights_no_criteria")])
    return names


def _unknown(name: str, known: Sequence[str]) -> Problem:
    return Problem(
        "weights_unknown_criterion", value=name, params=closest_hint(name, known, "key_hint")
    )


def _values(
    values: Mapping[str, float],
    criteria: Sequence[str] | None,
    range_code: str,
    upper: float = math.inf,
) -> pd.Series:
    """Checked non-negative numbers for every criterion, in criteria order."""
    names = _criteria(criteria if criteria is not None else list(values))
    problems = [_unknown(k, names) for k in values if k not in names]
    problems += [Problem("weights_missing", value=c) for c in names if c not in values]
    clean: dict[str, float] = {}
    for c in names:
        if c not in values:
            continue
        v = values[c]
        if isinstance(v, bool) or not isinstance(v, int | float | np.number) or math.isnan(v):
            problems.append(Problem("weights_not_number", value=v, params={"criterion": c}))
        elif v < 0 or v > upper:
            problems.append(Problem(range_code, value=_show(v), params={"criterion": c}))
        else:
            clean[c] = float(v)
    if not problems and sum(clean.values()) == 0:
        problems.append(Problem("weights_all_zero"))
    if problems:
        raise JudgementError(problems)
    return pd.Series(clean, name="weight")


def _ranks(ranking: Ranking, criteria: Sequence[str] | None, method: str) -> pd.Series:
    """Ranks 1..n (1 = most important), one per criterion, no ties."""
    if isinstance(ranking, Mapping):
        given = dict(ranking)
    else:
        order = list(ranking)
        given = {c: k for k, c in enumerate(order, start=1)}
        if len(given) < len(order):
            dupes = sorted({c for c in order if order.count(c) > 1})
            raise JudgementError(
                [Problem("rank_incomplete", params={"missing": "-", "extra": ", ".join(dupes)})]
            )
    names = _criteria(criteria if criteria is not None else list(given))
    n = len(names)
    problems: list[Problem] = []
    missing = [c for c in names if c not in given]
    extra = [c for c in given if c not in names]
    if missing or extra:
        problems.append(
            Problem(
                "rank_incomplete",
                params={"missing": ", ".join(missing) or "-", "extra": ", ".join(extra) or "-"},
            )
        )
    holders: dict[int, list[str]] = {}
    for c in names:
        if c not in given:
            continue
        k = given[c]
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= n:
            problems.append(Problem("rank_invalid", value=k, params={"criterion": c, "n": n}))
        else:
            holders.setdefault(int(k), []).append(c)
    for k, holding in sorted(holders.items()):
        if len(holding) > 1:
            problems.append(
                Problem("rank_tie", value=k, params={"names": ", ".join(holding), "method": method})
            )
    if problems:
        raise JudgementError(problems)
    return pd.Series({c: int(given[c]) for c in names}, name="rank")


def _show(v: float) -> str:
    return f"{v:g}"
