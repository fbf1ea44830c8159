"""The result type shared by every weighting method.

A :class:`Weights` carries the weights (a Series indexed by criterion key, summing to 1)
and every intermediate a report needs to defend them: the consistency of the judgements,
the judgements that were missing and how they were completed, each respondent's
consistency and the suggested revisions.

Example:
    >>> import pandas as pd
    >>> w = Weights(method="direct", weights=pd.Series({"a": 0.25, "b": 0.75}))
    >>> float(w.weights["b"])
    0.75
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Consistency:
    """How consistent a set of pairwise judgements is.

    ``consistency_ratio`` = CI / RI with CI = (lambda_max - n) / (n - 1); ``random_index``
    is the value RI taken from ``random_index_table``; ``gci`` the geometric consistency
    index (for the row geometric mean) with its threshold. n = 1 and 2 are consistent by
    definition (CR = 0).
    """

    n: int
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    random_index: float
    random_index_table: str
    threshold: float
    consistent: bool
    gci: float
    gci_threshold: float


@dataclass(frozen=True)
class Completion:
    """A judgement that was missing and the value used in its place."""

    a: str
    b: str
    value: float
    method: str
    respondent: str | None = None


@dataclass(frozen=True)
class RepairSuggestion:
    """A single revision that would reduce the inconsistency.

    ``current`` is the judgement a-over-b as given, ``suggested`` the Saaty-scale value
    closest to consistent, ``cr_after`` the consistency ratio after that one change.
    """

    a: str
    b: str
    current: float
    suggested: float
    cr_after: float
    respondent: str | None = None


@dataclass(frozen=True)
class RespondentSummary:
    """One TKKSD member's judgements: their own weights and consistency."""

    name: str
    weight: float
    consistency_ratio: float
    included: bool
    weights: pd.Series


@dataclass(frozen=True)
class Weights:
    """Criterion weights with everything needed to explain them.

    ``weights`` is indexed by criterion key (leaf criteria when there is a hierarchy) and
    sums to 1. ``consistency`` is ``None`` for methods without judgements.
    """

    method: str
    weights: pd.Series
    consistency: Consistency | None = None
    completed: tuple[Completion, ...] = ()
    suggestions: tuple[RepairSuggestion, ...] = ()
    respondents: tuple[RespondentSummary, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The weights as the ``kerjasama weights --format json`` contract.

        Example:
            >>> Weights("equal", pd.Series({"a": 0.5, "b": 0.5})).to_dict()["consistent"]
            True
        """
        c = self.consistency
        return {
            "method": self.method,
            "criteria": [str(k) for k in self.weights.index],
            "weights": {str(k): float(v) for k, v in self.weights.items()},
            "lambda_max": c.lambda_max if c else None,
            "consistency_index": c.consistency_index if c else None,
            "consistency_ratio": c.consistency_ratio if c else None,
            "random_index": (
                {"table": c.random_index_table, "value": c.random_index} if c else None
            ),
            "threshold": c.threshold if c else None,
            "consistent": c.consistent if c else True,
            "gci": None if c is None or math.isnan(c.gci) else c.gci,
            "completed": [asdict(x) for x in self.completed],
            "respondents": [
                {
                    "name": r.name,
                    "weight": r.weight,
                    "consistency_ratio": r.consistency_ratio,
                    "included": r.included,
                    "weights": {str(k): float(v) for k, v in r.weights.items()},
                }
                for r in self.respondents
            ],
            "suggestions": [asdict(x) for x in self.suggestions],
            "disagreement": _records(self.details.get("disagreement")),
            "node_weights": _floats(self.details.get("global")),
            "consensus": {k: c.value for k, c in self.consensus().items()},
            "consensus_level": {k: c.level for k, c in self.consensus().items()},
        }

    def consensus(self) -> dict[str, Any]:
        """Each group of respondents' consensus
        (:class:`~mcda_kerjasama.weights.ahp.consensus.Consensus`) by the node whose
        children they judged, ``"(goal)"`` for the main criteria; empty without a group.

        Example:
            >>> Weights("equal", pd.Series({"a": 0.5, "b": 0.5})).consensus()
            {}
        """
        found = self.details.get("consensus")
        if found is None:
            return {}
        if isinstance(found, Mapping):
            return dict(found)
        return {"(goal)": found}


def _records(table: Any) -> list[dict[str, Any]]:
    """A details table as JSON-ready rows (empty when the method has none)."""
    if not isinstance(table, pd.DataFrame):
        return []
    return [
        {str(k): (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in table.to_dict("records")
    ]


def _floats(series: Any) -> dict[str, float]:
    """A details Series as ``{name: float}`` (empty when absent)."""
    if not isinstance(series, pd.Series):
        return {}
    return {str(k): float(v) for k, v in series.items()}
