"""Weights from a scenario's ``[weights]`` table: one dispatcher for every method.

Example:
    >>> w = weights_from_table({"method": "roc", "order": ["b", "a"]}, ["a", "b"])
    >>> w.method, w.weights.round(2).to_dict()
    ('roc', {'a': 0.25, 'b': 0.75})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.scenario import Scenario
from mcda_kerjasama.weights.base import Weights
from mcda_kerjasama.weights.simple import (
    direct_weights,
    equal_weights,
    rank_sum_weights,
    roc_weights,
    swing_weights,
)


def compute_weights(scenario: Scenario) -> Weights:
    """The criterion weights the scenario asks for (``equal`` when it names no method).

    Example:
        >>> compute_weights(load_scenario("scenarios/contoh")).method  # doctest: +SKIP
        'direct'
    """
    return weights_from_table(scenario.weights, scenario.criterion_keys)


def weights_from_table(table: Mapping[str, Any], criteria: Sequence[str]) -> Weights:
    """Weights from a ``[weights]`` table for the given criterion keys.

    Example: see the module docstring.
    """
    method = table.get("method", "equal")
    if method == "equal":
        return equal_weights(criteria)
    if method == "direct":
        return direct_weights(_required(table, "values"), criteria)
    if method == "swing":
        return swing_weights(_required(table, "points"), criteria)
    if method == "roc":
        return roc_weights(_required(table, "order"), criteria)
    if method == "rank_sum":
        return rank_sum_weights(_required(table, "order"), criteria)
    raise JudgementError(
        [
            Problem(
                "key_choice",
                key="weights.method",
                value=method,
                params={"allowed": "equal, direct, swing, roc, rank_sum"},
            )
        ]
    )


def _required(table: Mapping[str, Any], key: str) -> Any:
    if key not in table:
        raise JudgementError([Problem("key_missing", key=f"weights.{key}")])
    return table[key]
