"""One set of judgements analysed: completed, prioritised both ways, its consistency.

:func:`analyse` is the shared core of every AHP entry (one respondent, a group, a
hierarchy); :func:`analysis_details` gives its intermediates for ``Weights.details``.

Example:
    >>> a = analyse(PairwiseComparisons(("a", "b", "c"), {("a", "b"): 2.0, ("b", "c"): 2.0}))
    >>> a.completion_method, [(c.a, c.b, round(c.value, 6)) for c in a.completed]
    ('lambda_max', [('a', 'c', 4.0)])
    >>> a.priorities("geometric_mean").round(4).tolist()
    [0.5714, 0.2857, 0.1429]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.weights.ahp.comparisons import PairwiseComparisons
from mcda_kerjasama.weights.ahp.completion import CompletionMethod, complete_matrix
from mcda_kerjasama.weights.ahp.priorities import (
    RandomIndexTable,
    consistency,
    eigenvector_priorities,
    geometric_mean_priorities,
    inconsistency_contributions,
)
from mcda_kerjasama.weights.base import Completion, Consistency

Priority = Literal["eigenvector", "geometric_mean"]


@dataclass(frozen=True)
class Analysis:
    """Everything computed for one set of judgements (see :func:`analyse`)."""

    comparisons: PairwiseComparisons
    matrix: np.ndarray
    completed: tuple[Completion, ...]
    eigenvector: np.ndarray
    geometric_mean: np.ndarray
    consistency: Consistency
    completion_method: CompletionMethod

    def priorities(self, priority: Priority) -> pd.Series:
        """The chosen priority vector as a Series indexed by criterion."""
        chosen = self.eigenvector if priority == "eigenvector" else self.geometric_mean
        return pd.Series(chosen, index=list(self.comparisons.criteria), name="weight")


def analyse(
    comparisons: PairwiseComparisons,
    *,
    priority: Priority = "eigenvector",
    ri_table: RandomIndexTable = "alonso_lamata",
    threshold: float | None = None,
    completion: CompletionMethod | None = None,
) -> Analysis:
    """Complete, prioritise and measure consistency (the shared core of every AHP entry).

    Example:
        >>> a = analyse(PairwiseComparisons(("a", "b"), {("a", "b"): 3.0}))
        >>> a.eigenvector.tolist(), a.consistency.consistency_ratio
        ([0.75, 0.25], 0.0)
    """
    if priority not in ("eigenvector", "geometric_mean"):
        raise JudgementError(
            [
                Problem(
                    "ahp_option_unknown",
                    value=priority,
                    params={"option": "priority", "allowed": "eigenvector, geometric_mean"},
                )
            ]
        )
    if not comparisons.criteria:
        raise JudgementError([Problem("ahp_no_criteria", source=comparisons.source)])
    method: CompletionMethod = completion or ("lambda_max" if priority == "eigenvector" else "llsm")
    matrix, completed = complete_matrix(comparisons, method)
    ev, _ = eigenvector_priorities(matrix)
    gm = geometric_mean_priorities(matrix)
    cons = consistency(matrix, ri_table=ri_table, threshold=threshold)
    return Analysis(comparisons, matrix, completed, ev, gm, cons, method)


def analysis_details(analysis: Analysis, priority: Priority) -> dict[str, object]:
    """The intermediates of an analysis as labelled pandas objects, for ``Weights.details``.

    Example:
        >>> a = analyse(PairwiseComparisons(("a", "b"), {("a", "b"): 3.0}))
        >>> sorted(analysis_details(a, "eigenvector"))  # doctest: +NORMALIZE_WHITESPACE
        ['completion_method', 'eigenvector', 'geometric_mean', 'inconsistency', 'matrix',
         'n_given', 'priority']
    """
    names = list(analysis.comparisons.criteria)
    return {
        "priority": priority,
        "completion_method": analysis.completion_method,
        "eigenvector": pd.Series(analysis.eigenvector, index=names, name="eigenvector"),
        "geometric_mean": pd.Series(analysis.geometric_mean, index=names, name="geometric_mean"),
        "matrix": pd.DataFrame(analysis.matrix, index=names, columns=names),
        "inconsistency": inconsistency_contributions(analysis.matrix, analysis.eigenvector, names),
        "n_given": len(analysis.comparisons.judgements),
    }
