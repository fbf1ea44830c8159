"""Weights from a scenario's ``[weights]`` table: one dispatcher for every method.

Example:
    >>> w = weights_from_table({"method": "roc", "order": ["b", "a"]}, ["a", "b"])
    >>> w.method, w.weights.round(2).to_dict()
    ('roc', {'a': 0.25, 'b': 0.75})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
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

    With sub-criteria, ``[weights]`` weights the main criteria and each
    ``[weights.children.<group>]`` the children of a group; the result holds the leaves'
    global weights (products down the tree).

    Example:
        >>> compute_weights(load_scenario("scenarios/contoh")).method
        'direct'
    """
    if not scenario.groups:
        return weights_from_table(scenario.weights, scenario.criterion_keys)
    from mcda_kerjasama.weights.hierarchy import hierarchy_weights

    top_table = {k: v for k, v in scenario.weights.items() if k != "children"}
    top = weights_from_table(top_table, scenario.children())
    children = {
        group.key: weights_from_table(
            scenario.weights["children"][group.key], scenario.children(group.key)
        )
        for group in scenario.groups
    }
    return hierarchy_weights(top, children)


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
    if method == "ahp":
        return _ahp(table, criteria)
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


def _ahp(table: Mapping[str, Any], criteria: Sequence[str]) -> Weights:
    """AHP from a judgements file (pairs or matrix) or inline ``pairs``; one respondent
    gives plain AHP, several give the group method the scenario names."""
    from mcda_kerjasama.weights.ahp import PairwiseComparisons, ahp_weights
    from mcda_kerjasama.weights.group import group_ahp_weights
    from mcda_kerjasama.weights.judgements import comparisons_from_inline

    sets: dict[str, PairwiseComparisons]
    if "judgements" in table:
        sets = read_judgements(Path(table["judgements"]), criteria)
    elif "pairs" in table:
        sets = {"": comparisons_from_inline(table["pairs"], criteria)}
    else:
        raise JudgementError([Problem("key_missing", key="weights.judgements")])
    options: dict[str, Any] = {
        "priority": table.get("priority", "eigenvector"),
        "ri_table": table.get("ri_table", "alonso_lamata"),
        "threshold": table.get("cr_threshold"),
    }
    if len(sets) == 1 and "respondent_weights" not in table:
        return ahp_weights(next(iter(sets.values())), criteria, **options)
    return group_ahp_weights(
        sets,
        criteria,
        aggregation="aip" if table.get("aggregation") == "priorities" else "aij",
        respondent_weights=table.get("respondent_weights"),
        exclude_inconsistent=table.get("exclude_inconsistent", False),
        **options,
    )


def read_judgements(path: Path, criteria: Sequence[str]) -> dict[str, Any]:
    """A judgements file as respondent -> comparisons: a pairs file (header ``a, b,
    nilai[, responden]``) or, failing that, a labelled matrix (one respondent, ``""``).

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
        >>> _ = p.write_text(";a;b\\na;1;3\\nb;1/3;1\\n")
        >>> read_judgements(p, ["a", "b"])[""].judgements
        {('a', 'b'): 3.0}
    """
    from mcda_kerjasama.weights.judgements import read_judgement_matrix, read_judgement_pairs

    if not path.is_file():
        raise JudgementError([Problem("file_not_found", value=str(path))])
    try:
        return dict(read_judgement_pairs(path, criteria))
    except JudgementError as exc:
        if [p.code for p in exc.problems] != ["ahp_pairs_columns"]:
            raise
    return {"": read_judgement_matrix(path, criteria)}
