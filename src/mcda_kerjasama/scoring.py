"""Scores: a linear value function on each criterion's scale, weighted to 0-100.

For a benefit criterion with scale [lo, hi] the value of raw score x is
(x - lo) / (hi - lo); for a cost criterion (hi - x) / (hi - lo). The total score is
100 * sum_c w_c v_c, and each term 100 * w_c v_c is kept as the criterion's
*contribution*, so the report can show where every point comes from.

Example:
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"a": [5.0, 1.0], "b": [3.0, 5.0]}, index=["P1", "P2"])
    >>> s = compute_scores(raw, pd.Series({"a": 0.5, "b": 0.5}), {"a": (1, 5), "b": (1, 5)})
    >>> s.total.round(6).tolist(), s.contributions.loc["P1"].tolist()
    ([75.0, 50.0], [50.0, 25.0])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from mcda_kerjasama.proposals import ProposalTable
from mcda_kerjasama.scenario import Scenario


@dataclass(frozen=True)
class Scores:
    """Scores indexed by proposal id: ``values`` (0-1 per criterion), ``contributions``
    (points per criterion, summing to ``total``) and ``total`` (0-100)."""

    values: pd.DataFrame
    contributions: pd.DataFrame
    total: pd.Series
    weights: pd.Series


def criterion_values(
    raw: pd.DataFrame,
    scales: Mapping[str, tuple[float, float]],
    directions: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Raw criterion scores mapped to [0, 1] by each criterion's linear value function.

    Example:
        >>> criterion_values(pd.DataFrame({"c": [1.0, 3.0]}), {"c": (1, 5)}, {"c": "cost"})
             c
        0  1.0
        1  0.5
    """
    out = {}
    for key, (lo, hi) in scales.items():
        value = (raw[key].astype(float) - lo) / (hi - lo)
        if directions and directions.get(key) == "cost":
            value = 1.0 - value
        out[key] = value
    return pd.DataFrame(out, index=raw.index)


def compute_scores(
    raw: pd.DataFrame,
    weights: pd.Series,
    scales: Mapping[str, tuple[float, float]],
    directions: Mapping[str, str] | None = None,
) -> Scores:
    """Weighted 0-100 scores with per-criterion contributions.

    Example: see the module docstring.
    """
    values = criterion_values(raw, scales, directions)
    w = weights.reindex(values.columns).to_numpy(dtype=float)
    contributions = values * (100.0 * w)
    total = pd.Series(values.to_numpy() @ (100.0 * w), index=values.index, name="score")
    return Scores(values, contributions, total, weights.reindex(values.columns))


def score_proposals(table: ProposalTable, weights: pd.Series, scenario: Scenario) -> Scores:
    """Score every proposal of ``table`` with the scenario's criteria and ``weights``.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> scenario = load_scenario("scenarios/contoh")
        >>> result = run(scenario)
        >>> scores = score_proposals(result.proposals, result.weights.weights, scenario)
        >>> float(scores.total["K01"]), float(scores.contributions.loc["K01"].sum())
        (86.25, 86.25)
    """
    scales = {c.key: c.scale for c in scenario.criteria}
    directions = {c.key: c.direction for c in scenario.criteria}
    return compute_scores(table.data[list(scales)], weights, scales, directions)
