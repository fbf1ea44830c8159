"""Criterion weights: AHP and the simple methods, all returning :class:`Weights`."""

from mcda_kerjasama.weights.base import (
    Completion,
    Consistency,
    RepairSuggestion,
    RespondentSummary,
    Weights,
)

__all__ = ["Completion", "Consistency", "RepairSuggestion", "RespondentSummary", "Weights"]
