"""The weighting methods' functions, each ``(table, criteria) -> Weights``, as the
registry (:data:`mcda_kerjasama.registry.WEIGHT_METHODS`) names them.

Example:
    >>> roc({"order": ["b", "a"]}, ["a", "b"]).weights.round(2).to_dict()
    {'a': 0.25, 'b': 0.75}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mcda_kerjasama.weights.base import Weights
from mcda_kerjasama.weights.simple import (
    direct_weights,
    equal_weights,
    rank_sum_weights,
    roc_weights,
    swing_weights,
)

Table = Mapping[str, Any]


def equal(table: Table, criteria: Sequence[str]) -> Weights:
    """Every criterion the same weight."""
    return equal_weights(criteria)


def direct(table: Table, criteria: Sequence[str]) -> Weights:
    """The weights ``values`` gives (normalised)."""
    return direct_weights(table["values"], criteria)


def swing(table: Table, criteria: Sequence[str]) -> Weights:
    """SWING: ``points`` per criterion."""
    return swing_weights(table["points"], criteria)


def roc(table: Table, criteria: Sequence[str]) -> Weights:
    """Rank-order centroid of ``order``."""
    return roc_weights(table["order"], criteria)


def rank_sum(table: Table, criteria: Sequence[str]) -> Weights:
    """Rank sum of ``order``."""
    return rank_sum_weights(table["order"], criteria)


def ahp(table: Table, criteria: Sequence[str]) -> Weights:
    """AHP from judgements (a file or inline pairs; one respondent or a group)."""
    from mcda_kerjasama.weights.compute import ahp_from_table

    return ahp_from_table(table, criteria)
