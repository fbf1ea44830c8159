"""Weights from a scenario's ``[weights]`` table: one dispatcher for every method.

Example:
    >>> w = weights_from_table({"method": "roc", "order": ["b", "a"]}, ["a", "b"])
    >>> w.method, w.weights.round(2).to_dict()
    ('roc', {'a': 0.25, 'b': 0.75})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.i18n import closest_hint
from mcda_kerjasama.registry import WEIGHT_METHODS, load
from mcda_kerjasama.scenario import Scenario
from mcda_kerjasama.weights.base import Weights


def compute_weights(scenario: Scenario) -> Weights:
    """The criterion weights the scenario asks for (``equal`` when it names no method).

    With sub-criteria, ``[weights]`` weights the main criteria and each
    ``[weights.children.<group>]`` the children of a group; the result holds the leaves'
    global weights (products down the tree).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> compute_weights(load_scenario("scenarios/contoh")).method
        'direct'
    """
    from mcda_kerjasama.i18n import Localised
    from mcda_kerjasama.weights.ahp.completion import name_criteria

    try:
        return _scenario_weights(scenario)
    except JudgementError as err:  # name criteria as the scenario does, never by their keys
        nodes = (*scenario.groups, *scenario.criteria)
        labels = {c.key: Localised({"id": c.label, "en": c.label_en}) for c in nodes}
        raise name_criteria(err, labels) from err


def _scenario_weights(scenario: Scenario) -> Weights:
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
    name = table.get("method", "equal")
    method = WEIGHT_METHODS.get(str(name))
    if method is None:  # the scenario checks names; a table built by hand may not
        allowed = list(WEIGHT_METHODS)
        params = {"allowed": ", ".join(allowed), **closest_hint(str(name), allowed, "key_hint")}
        raise JudgementError(
            [Problem("key_choice", key="weights.method", value=name, params=params)]
        )
    if method.needs is not None:
        _required(table, method.needs)
    compute: Callable[[Mapping[str, Any], Sequence[str]], Weights] = load(method.function)
    return compute(table, criteria)


def _required(table: Mapping[str, Any], key: str) -> Any:
    if key not in table:
        raise JudgementError([Problem("key_missing", key=f"weights.{key}")])
    return table[key]


def ahp_from_table(table: Mapping[str, Any], criteria: Sequence[str]) -> Weights:
    """AHP from a judgements file (pairs or matrix) or inline ``pairs``.

    Example:
        >>> ahp_from_table({"pairs": {"a/b": 3}}, ["a", "b"]).weights.round(2).to_dict()
        {'a': 0.75, 'b': 0.25}
    """
    return ahp_from_sets(judgement_sets(table, criteria), table, criteria)


def judgement_sets(table: Mapping[str, Any], criteria: Sequence[str]) -> dict[str, Any]:
    """The judgements a ``[weights]`` table names, as respondent -> comparisons (one
    respondent ``""`` for a single set).

    Example:
        >>> sets = judgement_sets({"pairs": {"a/b": 3}}, ["a", "b"])
        >>> sets[""].judgements
        {('a', 'b'): 3.0}
    """
    from mcda_kerjasama.weights.judgements import comparisons_from_inline

    if "judgements" in table:
        return read_judgements(Path(table["judgements"]), criteria)
    if "pairs" in table:
        return {"": comparisons_from_inline(table["pairs"], criteria)}
    raise JudgementError([Problem("key_missing", key="weights.judgements")])


def ahp_from_sets(
    sets: Mapping[str, Any], table: Mapping[str, Any], criteria: Sequence[str]
) -> Weights:
    """AHP weights from judgement sets with the ``[weights]`` table's options: one set
    gives plain AHP, several the group method the table names.

    Example:
        >>> sets = judgement_sets({"pairs": {"a/b": 3}}, ["a", "b"])
        >>> ahp_from_sets(sets, {}, ["a", "b"]).weights.round(2).tolist()
        [0.75, 0.25]
    """
    from mcda_kerjasama.weights.ahp import ahp_weights
    from mcda_kerjasama.weights.group import group_ahp_weights

    options: dict[str, Any] = {
        "priority": table.get("priority", "eigenvector"),
        "ri_table": table.get("ri_table", "alonso_lamata"),
        "threshold": table.get("cr_threshold"),
    }
    if len(sets) == 1 and "respondent_weights" not in table:
        return ahp_weights(next(iter(sets.values())), criteria, **options)
    return group_ahp_weights(
        dict(sets),
        criteria,
        aggregation="aip" if table.get("aggregation") == "priorities" else "aij",
        respondent_weights=table.get("respondent_weights"),
        exclude_inconsistent=table.get("exclude_inconsistent", False),
        **options,
    )


def perturbed_weights(
    table: Mapping[str, Any], criteria: Sequence[str], n: int, rng: np.random.Generator
) -> np.ndarray:
    """``n`` weight vectors from the AHP judgements, each judgement moved by one step on
    Saaty's scale (down, none or up, equally likely) and the weights recomputed.

    Example:
        >>> w = perturbed_weights({"pairs": {"a/b": 3}}, ["a", "b"], 4, np.random.default_rng(0))
        >>> w.shape, bool(np.allclose(w.sum(axis=1), 1))
        ((4, 2), True)
    """
    from mcda_kerjasama.weights.ahp import SAATY_SCALE, nearest_scale_value

    sets = judgement_sets(table, criteria)
    scale = np.array(SAATY_SCALE)
    out = np.empty((n, len(criteria)))
    for d in range(n):
        moved = {}
        for who, comparisons in sets.items():
            steps = rng.integers(-1, 2, size=len(comparisons.judgements))
            judgements = {}
            for step, (pair, value) in zip(steps, comparisons.judgements.items(), strict=True):
                index = int(np.argmin(np.abs(np.log(scale / nearest_scale_value(value)))))
                judgements[pair] = float(scale[int(np.clip(index + step, 0, len(scale) - 1))])
            moved[who] = replace(comparisons, judgements=judgements)
        out[d] = ahp_from_sets(moved, table, criteria).weights.reindex(criteria).to_numpy()
    return out


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
