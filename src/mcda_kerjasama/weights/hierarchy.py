"""Criteria with sub-criteria: global weight = product of local weights down the tree.

Each node's local weights are a :class:`~mcda_kerjasama.weights.base.Weights` from any
method (AHP for the main criteria and direct weights for a branch is fine). The result's
``weights`` are the leaves' global weights, in depth-first order, summing to 1.

Example:
    >>> from mcda_kerjasama.weights.simple import direct_weights
    >>> top = direct_weights({"benefit": 0.6, "need": 0.4})
    >>> sub = {"benefit": direct_weights({"economic": 0.5, "social": 0.5})}
    >>> hierarchy_weights(top, sub).weights.round(2).to_dict()
    {'economic': 0.3, 'social': 0.3, 'need': 0.4}
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.weights.base import Consistency, Weights

ROOT = "(goal)"


def hierarchy_weights(top: Weights, children: Mapping[str, Weights]) -> Weights:
    """Global weights of the leaves of a criteria tree.

    Args:
        top: local weights of the main criteria (children of the goal).
        children: for each criterion that has sub-criteria, their local weights; a
            sub-criterion may itself have an entry (any depth).

    Returns:
        :class:`Weights` with ``method="hierarchy"``, the leaves' global weights, the
        top level's consistency, every node's completed judgements and suggestions,
        and in ``details``: ``local`` (node -> local weights), ``global`` (every node's
        global weight), ``parent`` (node -> parent), ``consistency`` (node ->
        :class:`Consistency` where the node's method has one), ``consensus`` (node ->
        :class:`~mcda_kerjasama.weights.ahp.consensus.Consensus` where a group judged it).

    Raises:
        JudgementError: sub-criteria for a node not in the tree, a criterion under two
            parents, or a loop.

    Example:
        >>> from mcda_kerjasama.weights.ahp import ahp_weights
        >>> top = ahp_weights({("benefit", "need"): 3})
        >>> sub = {"need": ahp_weights({("gap", "indicator"): 1})}
        >>> w = hierarchy_weights(top, sub)
        >>> w.weights.round(4).to_dict(), float(w.details["global"]["need"].round(4))
        ({'benefit': 0.75, 'gap': 0.125, 'indicator': 0.125}, 0.25)
    """
    local: dict[str, pd.Series] = {ROOT: top.weights, **{k: w.weights for k, w in children.items()}}
    parent: dict[str, str] = {}
    global_weight: dict[str, float] = {ROOT: 1.0}
    leaves: dict[str, float] = {}
    problems: list[Problem] = []

    def visit(node: str) -> None:
        for kid in (str(k) for k in local[node].index):
            if kid == ROOT or kid in parent:
                code = (
                    "hierarchy_cycle" if _is_ancestor(kid, node, parent) else "hierarchy_duplicate"
                )
                where = f"{parent.get(kid, ROOT)}, {node}"
                problems.append(Problem(code, value=kid, params={"parents": where}))
                continue
            parent[kid] = node
            global_weight[kid] = global_weight[node] * float(local[node][kid])
            if kid in local:
                visit(kid)
            else:
                leaves[kid] = global_weight[kid]

    visit(ROOT)
    problems += [Problem("hierarchy_unknown_parent", value=k) for k in children if k not in parent]
    if problems:
        raise JudgementError(problems)

    nodes: dict[str, Weights] = {ROOT: top, **children}
    consistency: dict[str, Consistency] = {
        k: w.consistency for k, w in nodes.items() if w.consistency is not None
    }
    return Weights(
        method="hierarchy",
        weights=pd.Series(leaves, name="weight"),
        consistency=top.consistency,
        completed=tuple(c for w in nodes.values() for c in w.completed),
        suggestions=tuple(s for w in nodes.values() for s in w.suggestions),
        respondents=top.respondents,
        details={
            "local": local,
            "global": pd.Series(global_weight, name="global_weight").drop(ROOT),
            "parent": parent,
            "consistency": consistency,
            "methods": {k: w.method for k, w in nodes.items()},
            "consensus": {
                k: w.details["consensus"] for k, w in nodes.items() if "consensus" in w.details
            },
        },
    )


def _is_ancestor(candidate: str, node: str, parent: Mapping[str, str]) -> bool:
    """Whether ``candidate`` is ``node`` or lies on the path from ``node`` to the goal."""
    while True:
        if node == candidate:
            return True
        if node not in parent:
            return False
        node = parent[node]
