"""Group AHP: several TKKSD members' judgements combined into one set of weights.

Two aggregations (Forman & Peniwati 1998, "Aggregating individual judgments and
priorities with the AHP", EJOR 108, 165-169):

* **AIJ** (aggregation of individual judgements, the default): for every pair, the
  weighted geometric mean of the judgements of the respondents who gave it (weights
  re-normalised over those respondents, so a skipped pair is simply not counted);
  the aggregate matrix is then completed and prioritised like a single one, and its
  consistency is the group's. The geometric mean is the only mean that keeps the
  aggregate reciprocal (Aczél & Saaty 1983).
* **AIP** (aggregation of individual priorities): each respondent's priority vector,
  combined by a weighted geometric mean (normalised) or arithmetic mean. The group has
  no matrix, so ``Weights.consistency`` is ``None``; the respondents' CRs are reported.

Every respondent's own CR is computed on their completed matrix (each respondent's
judgements must connect all criteria). With ``exclude_inconsistent=True`` respondents
above the CR threshold are left out, and reported as ``included=False``; if that
leaves nobody it is an error, never a silent fallback. The pairs on which respondents
disagree most (standard deviation of ln a_ij) are in ``details["disagreement"]``, and
the included respondents' consensus (AHP-OS S*,
:func:`~mcda_kerjasama.weights.ahp.consensus.ahp_consensus`) in ``details["consensus"]``.

Example:
    >>> w = group_ahp_weights({"ani": {("a", "b"): 2}, "budi": {("a", "b"): 8}})
    >>> w.weights.round(4).to_dict()
    {'a': 0.8, 'b': 0.2}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Literal

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.weights.ahp import (
    Analysis,
    ComparisonsInput,
    CompletionMethod,
    PairwiseComparisons,
    Priority,
    RandomIndexTable,
    analyse,
    analysis_details,
    build_comparisons,
    suggest_repairs,
)
from mcda_kerjasama.weights.ahp.consensus import ahp_consensus
from mcda_kerjasama.weights.base import RespondentSummary, Weights

Aggregation = Literal["aij", "aip"]
Mean = Literal["geometric", "arithmetic"]


def group_ahp_weights(
    respondents: Mapping[str, ComparisonsInput],
    criteria: Sequence[str] | None = None,
    *,
    aggregation: Aggregation = "aij",
    mean: Mean = "geometric",
    respondent_weights: Mapping[str, float] | None = None,
    priority: Priority = "eigenvector",
    ri_table: RandomIndexTable = "alonso_lamata",
    threshold: float | None = None,
    completion: CompletionMethod | None = None,
    exclude_inconsistent: bool = False,
) -> Weights:
    """AHP weights of a group of respondents.

    Args:
        respondents: respondent name -> judgements in any form
            :func:`~mcda_kerjasama.weights.ahp.build_comparisons` accepts (e.g. the
            result of :func:`~mcda_kerjasama.weights.judgements.read_judgement_pairs`).
        criteria: criterion keys; default the names found, in order of appearance.
        aggregation: ``"aij"`` (judgements) or ``"aip"`` (priorities).
        mean: for AIP, ``"geometric"`` (default) or ``"arithmetic"``; AIJ is always
            geometric.
        respondent_weights: non-negative weight per respondent (default equal); they
            are normalised over the respondents included.
        priority, ri_table, threshold, completion: as in
            :func:`~mcda_kerjasama.weights.ahp.ahp_weights`.
        exclude_inconsistent: leave out respondents whose CR exceeds the threshold.

    Returns:
        :class:`Weights` with ``method`` ``"ahp_aij"`` or ``"ahp_aip"``; one
        :class:`RespondentSummary` per respondent (``weight`` is the normalised weight
        used, 0 when excluded); suggestions for each inconsistent respondent; and in
        ``details`` the ``disagreement`` table (pair, n, geometric mean, sd of ln a_ij,
        min, max; largest sd first) besides the aggregate's intermediates.

    Example:
        >>> w = group_ahp_weights(
        ...     {"ani": [("a", "b", 3), ("b", "c", 2)], "budi": [("a", "b", 1 / 3), ("a", "c", 1)]},
        ...     aggregation="aip")
        >>> [(r.name, r.included) for r in w.respondents], w.consistency is None
        ([('ani', True), ('budi', True)], True)
        >>> w.details["disagreement"][["a", "b"]].iloc[0].tolist()
        ['a', 'b']
    """
    _check_options(aggregation, mean)
    if not respondents:
        raise JudgementError([Problem("ahp_group_empty")])
    sets = _comparisons(respondents, criteria)
    names = next(iter(sets.values())).criteria
    given = _respondent_weights(list(sets), respondent_weights)
    analyses: dict[str, Analysis] = {}
    problems: list[Problem] = []
    for who, pcs in sets.items():
        try:
            analyses[who] = analyse(
                pcs,
                priority=priority,
                ri_table=ri_table,
                threshold=threshold,
                completion=completion,
            )
        except JudgementError as err:
            # a pairs file holds every respondent: name the respondent besides the file
            label = who if pcs.source in (None, who) else f"{pcs.source} ({who})"
            problems.extend(replace(p, source=label) for p in err.problems)
    if problems:
        raise JudgementError(problems)

    included = {
        who: not exclude_inconsistent or a.consistency.consistent for who, a in analyses.items()
    }
    if not any(included.values()):
        raise JudgementError([Problem("ahp_group_nobody_consistent", params={"count": len(sets)})])
    total = sum(given[who] for who in sets if included[who])
    if total <= 0:
        raise JudgementError([Problem("weights_all_zero")])
    used = {who: given[who] / total if included[who] else 0.0 for who in sets}

    summaries = tuple(
        RespondentSummary(
            name=who,
            weight=used[who],
            consistency_ratio=a.consistency.consistency_ratio,
            included=included[who],
            weights=a.priorities(priority),
        )
        for who, a in analyses.items()
    )
    suggestions = tuple(
        s for who, a in analyses.items() for s in suggest_repairs(a, respondent=who)
    )
    own_completions = tuple(
        replace(c, respondent=who) for who, a in analyses.items() for c in a.completed
    )
    active = {who: sets[who] for who in sets if included[who]}
    disagreement = disagreement_table(active, used)
    common = {
        "aggregation": aggregation,
        "disagreement": disagreement,
        "excluded": [who for who in sets if not included[who]],
        "consensus": ahp_consensus(
            [analyses[who].priorities(priority).to_numpy() for who in active]
        ),
    }

    if aggregation == "aij":
        aggregate = PairwiseComparisons(
            names,
            {
                (row["a"], row["b"]): float(row["geometric_mean"])
                for _, row in disagreement.iterrows()
            },
            source="AIJ",
        )
        result = analyse(
            aggregate,
            priority=priority,
            ri_table=ri_table,
            threshold=threshold,
            completion=completion,
        )
        return Weights(
            method="ahp_aij",
            weights=result.priorities(priority),
            consistency=result.consistency,
            completed=result.completed + own_completions,
            suggestions=suggestions,
            respondents=summaries,
            details={**analysis_details(result, priority), **common},
        )

    vectors = pd.DataFrame({who: analyses[who].priorities(priority) for who in active})
    lam = np.array([used[who] for who in active])
    if mean == "geometric":
        combined = np.exp(np.log(vectors.to_numpy()) @ lam)
    else:
        combined = vectors.to_numpy() @ lam
    return Weights(
        method="ahp_aip",
        weights=pd.Series(combined / combined.sum(), index=list(names), name="weight"),
        consistency=None,
        completed=own_completions,
        suggestions=suggestions,
        respondents=summaries,
        details={"priority": priority, "mean": mean, "respondent_priorities": vectors, **common},
    )


def disagreement_table(
    respondents: Mapping[str, PairwiseComparisons], weights: Mapping[str, float]
) -> pd.DataFrame:
    """Per pair judged by anyone: how many judged it, their weighted geometric mean,
    the (unweighted, population) standard deviation of ln a_ij, min and max; the pairs
    with the largest spread first.

    Example:
        >>> sets = {"x": PairwiseComparisons(("a", "b"), {("a", "b"): 2.0}),
        ...         "y": PairwiseComparisons(("a", "b"), {("b", "a"): 0.125})}
        >>> row = disagreement_table(sets, {"x": 0.5, "y": 0.5}).round(4).iloc[0]
        >>> [float(row[k]) for k in ("geometric_mean", "sd_log", "min", "max")]
        [4.0, 0.6931, 2.0, 8.0]
    """
    names = next(iter(respondents.values())).criteria
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            found = [(weights[who], pcs.value(a, b)) for who, pcs in respondents.items()]
            given = [(w, v) for w, v in found if v is not None]
            if not given:
                continue
            logs = np.array([math.log(v) for _, v in given])
            lam = np.array([w for w, _ in given])
            centre = float(lam @ logs / lam.sum()) if lam.sum() > 0 else float(logs.mean())
            rows.append(
                {
                    "a": a,
                    "b": b,
                    "n": len(given),
                    "geometric_mean": math.exp(centre),
                    "sd_log": float(logs.std()),
                    "min": float(np.exp(logs.min())),
                    "max": float(np.exp(logs.max())),
                }
            )
    frame = pd.DataFrame(rows, columns=["a", "b", "n", "geometric_mean", "sd_log", "min", "max"])
    return frame.sort_values("sd_log", ascending=False, kind="stable").reset_index(drop=True)


def _check_options(aggregation: str, mean: str) -> None:
    problems = [
        Problem("ahp_option_unknown", value=value, params={"option": option, "allowed": allowed})
        for option, value, allowed in (
            ("aggregation", aggregation, "aij, aip"),
            ("mean", mean, "geometric, arithmetic"),
        )
        if value not in allowed.split(", ")
    ]
    if problems:
        raise JudgementError(problems)


def _comparisons(
    respondents: Mapping[str, ComparisonsInput], criteria: Sequence[str] | None
) -> dict[str, PairwiseComparisons]:
    """Every respondent's judgements over the same criteria; all problems at once."""
    first_pass: dict[str, PairwiseComparisons] = {}
    problems: list[Problem] = []
    for who, data in respondents.items():
        try:
            first_pass[who] = build_comparisons(data, criteria, source=who)
        except JudgementError as err:
            problems.extend(err.problems)
    if problems:
        raise JudgementError(problems)
    if criteria is not None:
        return first_pass
    union: dict[str, None] = {}
    for pcs in first_pass.values():
        union.update(dict.fromkeys(pcs.criteria))
    return {who: build_comparisons(pcs, list(union)) for who, pcs in first_pass.items()}


def _respondent_weights(
    names: Sequence[str], weights: Mapping[str, float] | None
) -> dict[str, float]:
    if weights is None:
        return dict.fromkeys(names, 1.0)
    problems = [Problem("ahp_respondent_unknown", value=w) for w in weights if w not in names]
    problems += [
        Problem("ahp_respondent_weight_missing", value=n) for n in names if n not in weights
    ]
    for who, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, int | float) or math.isnan(w):
            problems.append(Problem("weights_not_number", value=w, params={"criterion": who}))
        elif w < 0:
            problems.append(Problem("weights_negative", value=w))
    if problems:
        raise JudgementError(problems)
    return {n: float(weights[n]) for n in names}
