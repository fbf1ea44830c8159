"""Repair suggestions: single-judgement revisions that lower an inconsistent CR.

Each given judgement is replaced by the value the other judgements imply, snapped to
the nearest value of Saaty's scale; the revisions that lower CR are suggested, largest
reduction first.

Example: a prefers to b, b to c, yet c to a; reversing any one of the three makes the
set consistent, the first of them is suggested first:

    >>> from mcda_kerjasama.weights.ahp import analyse, build_comparisons
    >>> circle = build_comparisons({("a", "b"): 3, ("b", "c"): 3, ("a", "c"): 1 / 3})
    >>> [(s.a, s.b, s.current, round(s.suggested, 4))
    ...  for s in suggest_repairs(analyse(circle), max_suggestions=1)]
    [('a', 'b', 3.0, 0.1111)]
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import cast

from mcda_kerjasama.weights.ahp.analysis import Analysis
from mcda_kerjasama.weights.ahp.comparisons import SAATY_SCALE
from mcda_kerjasama.weights.ahp.completion import complete_matrix, connected_groups, llsm_weights
from mcda_kerjasama.weights.ahp.priorities import RandomIndexTable, consistency
from mcda_kerjasama.weights.base import RepairSuggestion


def nearest_scale_value(value: float) -> float:
    """The Saaty-scale value (1/9..9) closest to ``value`` on a log scale.

    Example:
        >>> nearest_scale_value(2.6), nearest_scale_value(0.3) == 1 / 3, nearest_scale_value(40)
        (3.0, True, 9.0)
    """
    return float(min(SAATY_SCALE, key=lambda s: abs(math.log(value / s))))


def suggest_repairs(
    analysis: Analysis,
    *,
    max_suggestions: int = 3,
    respondent: str | None = None,
) -> tuple[RepairSuggestion, ...]:
    """Single-judgement revisions that lower CR, largest reduction first.

    Only given judgements are revised (completed ones follow from them). For each, the
    value the *other* judgements imply is computed (w_i / w_j from the LLSM weights of
    the set without it, so an outlier does not pull its own target) and snapped to the
    nearest Saaty value; the set is completed again and CR recomputed. Candidates that
    change nothing, that no other judgement constrains (a bridge of the comparison
    graph) or that do not lower CR are skipped. Empty when CR is within the threshold.

    Example:
        >>> from mcda_kerjasama.weights.ahp import analyse, build_comparisons
        >>> pc = build_comparisons(
        ...     {("a", "b"): 2, ("a", "c"): 4, ("a", "d"): 8, ("b", "c"): 2, ("b", "d"): 4,
        ...      ("c", "d"): 1 / 5})
        >>> s = suggest_repairs(analyse(pc))[0]
        >>> (s.a, s.b, s.current, s.suggested), round(s.cr_after, 10)
        (('c', 'd', 0.2, 2.0), 0.0)
    """
    cons = analysis.consistency
    if cons.consistent:
        return ()
    pcs = analysis.comparisons
    table = cast(RandomIndexTable, cons.random_index_table)
    index = {c: i for i, c in enumerate(pcs.criteria)}
    out: list[RepairSuggestion] = []
    for (a, b), current in pcs.judgements.items():
        others = replace(pcs, judgements={k: v for k, v in pcs.judgements.items() if k != (a, b)})
        if len(connected_groups(others)) > 1:
            continue
        w = llsm_weights(others)
        suggested = nearest_scale_value(w[index[a]] / w[index[b]])
        if math.isclose(suggested, current, rel_tol=1e-9):
            continue
        revised = replace(pcs, judgements={**pcs.judgements, (a, b): suggested})
        matrix, _ = complete_matrix(revised, analysis.completion_method)
        after = consistency(matrix, ri_table=table, threshold=cons.threshold)
        if after.consistency_ratio < cons.consistency_ratio:
            out.append(
                RepairSuggestion(a, b, current, suggested, after.consistency_ratio, respondent)
            )
    out.sort(key=lambda s: s.cr_after)
    return tuple(out[:max_suggestions])
