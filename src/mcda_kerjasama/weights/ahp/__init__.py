"""Single-matrix AHP: priorities, consistency, repair and completion of missing judgements.

Orientation: a judgement ``(a, b): v`` reads "a is v times as important as b"; in the
matrix, cell (i, j) is the importance of row i over column j and (j, i) = 1 / (i, j).

What is computed, and from where:

* **Priorities** by the principal (Perron) eigenvector with its eigenvalue lambda_max
  (Saaty 1977) and by the row geometric mean (Crawford & Williams 1985). Both are always
  computed and returned in ``details``; ``priority=`` chooses which becomes the weights.
* **Consistency**: CR = CI / RI with CI = (lambda_max - n) / (n - 1), always on the
  completed matrix; GCI of Aguarón & Moreno-Jiménez (2003) for the geometric mean.
* **Missing judgements** are completed by the lambda_max-minimising optimal completion
  of Bozóki, Fülöp & Rónyai (2010) when priorities come from the eigenvector, and by
  their logarithmic least squares completion (the Laplacian system of the comparison
  graph) when they come from the geometric mean, so each completion is the natural
  companion of its priority method. Both need a connected comparison graph.
* **Repair**: when CR is above the threshold, every given judgement is ranked by its
  deviation from consistency, ``epsilon = a_ij w_j / w_i``; the value that would agree
  with the weights (w_i / w_j snapped to the nearest Saaty-scale value) is tried in
  place of each, the CR recomputed, and the revisions that lower CR are suggested,
  largest reduction first.

The package divides the same way: :mod:`.comparisons` (judgements, validated),
:mod:`.priorities` (priorities and consistency indices of a complete matrix),
:mod:`.completion` (missing judgements), :mod:`.analysis` (one set analysed) and
:mod:`.repair` (suggested revisions); :func:`ahp_weights` puts them together.

Example:
    >>> w = ahp_weights({("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2}, ["a", "b", "c"])
    >>> w.weights.round(3).to_dict()
    {'a': 0.648, 'b': 0.23, 'c': 0.122}
    >>> round(w.consistency.consistency_ratio, 4)
    0.0035
"""

from __future__ import annotations

from collections.abc import Sequence

from mcda_kerjasama.weights.ahp.analysis import Analysis, Priority, analyse, analysis_details
from mcda_kerjasama.weights.ahp.comparisons import (
    SAATY_SCALE,
    VALUE_TOLERANCE,
    ComparisonsInput,
    Pair,
    PairwiseComparisons,
    Scale,
    build_comparisons,
    check_value,
    comparisons_from_matrix,
    comparisons_from_pairs,
)
from mcda_kerjasama.weights.ahp.completion import (
    CompletionMethod,
    complete_matrix,
    connected_groups,
    llsm_weights,
)
from mcda_kerjasama.weights.ahp.priorities import (
    ALONSO_LAMATA_RI,
    DEFAULT_CR_THRESHOLD,
    DEFAULT_GCI_THRESHOLD,
    GCI_THRESHOLDS,
    RANDOM_INDEX_TABLES,
    SAATY_CR_THRESHOLDS,
    SAATY_RI,
    RandomIndexTable,
    consistency,
    default_threshold,
    eigenvector_priorities,
    geometric_consistency_index,
    geometric_mean_priorities,
    inconsistency_contributions,
    random_index,
)
from mcda_kerjasama.weights.ahp.repair import nearest_scale_value, suggest_repairs
from mcda_kerjasama.weights.base import Weights

__all__ = [
    "ALONSO_LAMATA_RI",
    "DEFAULT_CR_THRESHOLD",
    "DEFAULT_GCI_THRESHOLD",
    "GCI_THRESHOLDS",
    "RANDOM_INDEX_TABLES",
    "SAATY_CR_THRESHOLDS",
    "SAATY_RI",
    "SAATY_SCALE",
    "VALUE_TOLERANCE",
    "Analysis",
    "ComparisonsInput",
    "CompletionMethod",
    "Pair",
    "PairwiseComparisons",
    "Priority",
    "RandomIndexTable",
    "Scale",
    "ahp_weights",
    "analyse",
    "analysis_details",
    "build_comparisons",
    "check_value",
    "comparisons_from_matrix",
    "comparisons_from_pairs",
    "complete_matrix",
    "connected_groups",
    "consistency",
    "default_threshold",
    "eigenvector_priorities",
    "geometric_consistency_index",
    "geometric_mean_priorities",
    "inconsistency_contributions",
    "llsm_weights",
    "nearest_scale_value",
    "random_index",
    "suggest_repairs",
]


def ahp_weights(
    judgements: ComparisonsInput,
    criteria: Sequence[str] | None = None,
    *,
    priority: Priority = "eigenvector",
    ri_table: RandomIndexTable = "alonso_lamata",
    threshold: float | None = None,
    completion: CompletionMethod | None = None,
) -> Weights:
    """AHP weights from one set of pairwise judgements.

    Args:
        judgements: anything :func:`build_comparisons` accepts (matrix, pairs, dict).
        criteria: the criterion keys, in the order wanted; taken from the judgements
            when omitted. A criterion never compared makes the set disconnected: error.
        priority: ``"eigenvector"`` (Saaty) or ``"geometric_mean"``; both are always in
            ``details``, this chooses which is ``weights``.
        ri_table: ``"alonso_lamata"`` (default: 500,000 simulated matrices per n and a
            published fit for any n) or ``"saaty"`` (the classic table, 2005).
        threshold: CR threshold; ``None`` = Saaty's 0.05 (n=3), 0.08 (n=4), 0.10.
        completion: ``"lambda_max"`` or ``"llsm"``; ``None`` follows ``priority``
            (eigenvector -> lambda_max, geometric mean -> LLSM).

    Returns:
        :class:`Weights` with ``method="ahp"``, the consistency of the completed matrix,
        completed judgements, repair suggestions when CR exceeds the threshold and, in
        ``details``: both priority vectors, the completed ``matrix`` and the per-pair
        ``inconsistency`` table.

    Example:
        >>> w = ahp_weights([("a", "b", 4), ("a", "c", 9)], priority="geometric_mean")
        >>> w.completed[0].b, round(w.completed[0].value, 4), w.weights.round(4).tolist()
        ('c', 2.25, [0.7347, 0.1837, 0.0816])
    """
    comparisons = build_comparisons(judgements, criteria)
    analysis = analyse(
        comparisons,
        priority=priority,
        ri_table=ri_table,
        threshold=threshold,
        completion=completion,
    )
    return Weights(
        method="ahp",
        weights=analysis.priorities(priority),
        consistency=analysis.consistency,
        completed=analysis.completed,
        suggestions=suggest_repairs(analysis),
        details=analysis_details(analysis, priority),
    )
