"""Completion of missing judgements (Bozóki, Fülöp & Rónyai 2010).

``"lambda_max"`` fills the missing cells so that lambda_max is least (the natural
companion of eigenvector priorities); ``"llsm"`` fills them with the ratios of the
logarithmic least squares weights (the companion of the geometric mean). Both need the
judgements to link every criterion (a connected comparison graph).

Example:
    >>> pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 2.0, ("b", "c"): 3.0})
    >>> matrix, done = complete_matrix(pc, "llsm")
    >>> matrix.round(6).tolist()[0], [(c.a, c.b, round(c.value, 6)) for c in done]
    ([1.0, 2.0, 6.0], [('a', 'c', 6.0)])
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

import numpy as np
from scipy.optimize import minimize

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.i18n import Localised
from mcda_kerjasama.language import DEFAULT, LANGUAGES, Language
from mcda_kerjasama.weights.ahp.comparisons import PairwiseComparisons
from mcda_kerjasama.weights.base import Completion

CompletionMethod = Literal["lambda_max", "llsm"]


def connected_groups(comparisons: PairwiseComparisons) -> list[list[str]]:
    """The groups of criteria linked by judgements (one group = a connected graph).

    Example:
        >>> connected_groups(PairwiseComparisons(("a", "b", "c", "d"), {("a", "b"): 2.0}))
        [['a', 'b'], ['c'], ['d']]
    """
    parent = {c: c for c in comparisons.criteria}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in comparisons.judgements:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for c in comparisons.criteria:
        groups.setdefault(root(c), []).append(c)
    return list(groups.values())


def _require_connected(comparisons: PairwiseComparisons) -> None:
    groups = connected_groups(comparisons)
    if len(groups) > 1:
        shown = " | ".join("{" + ", ".join(g) + "}" for g in groups)
        raise JudgementError(
            [
                Problem(
                    "ahp_not_connected",
                    source=comparisons.source,
                    value=shown,
                    params={"groups": shown},
                )
            ]
        )


def name_criteria(error: JudgementError, labels: Mapping[str, str | Localised]) -> JudgementError:
    """``error`` with the criteria of its "not connected" problems named by ``labels``
    (a criterion's label, or its labels per language) instead of their keys; other
    problems and criteria without a label are kept as they are.

    Example:
        >>> pc = PairwiseComparisons(("a", "b", "ab"), {("a", "ab"): 2.0})
        >>> try:
        ...     llsm_weights(pc)
        ... except JudgementError as err:
        ...     named = name_criteria(err, {"a": "Biaya", "b": Localised({"id": "Manfaat"})})
        >>> named.problems[0].render("id")[:70]
        'perbandingan tidak saling terhubung: kelompok {Biaya, ab} | {Manfaat} '
    """
    if not labels:
        return error
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(labels, key=len)[::-1])) + r")\b")

    def named(groups: str, lang: Language) -> str:
        def label(m: re.Match[str]) -> str:
            given = labels[m.group(1)]
            return given if isinstance(given, str) else given.render(lang)

        return pattern.sub(label, groups)

    problems = []
    for problem in error.problems:
        groups = problem.params.get("groups")
        if problem.code != "ahp_not_connected" or not isinstance(groups, str):
            problems.append(problem)
            continue
        shown = Localised({lang: named(groups, lang) for lang in LANGUAGES})
        params = {**problem.params, "groups": shown}
        problems.append(replace(problem, value=shown.render(DEFAULT), params=params))
    return JudgementError(problems)


def llsm_weights(comparisons: PairwiseComparisons) -> np.ndarray:
    """Logarithmic least squares weights of a possibly incomplete set (sum 1).

    Bozóki, Fülöp & Rónyai (2010), Theorem 4: with L the Laplacian of the comparison
    graph and r_i = sum over judged j of ln a_ij, the log-weights y solve L y = r with
    sum(y) = 0. For a complete matrix this is the row geometric mean.

    Example:
        >>> pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 2.0, ("b", "c"): 2.0})
        >>> llsm_weights(pc).round(4).tolist()
        [0.5714, 0.2857, 0.1429]
    """
    _require_connected(comparisons)
    n = len(comparisons.criteria)
    index = {c: i for i, c in enumerate(comparisons.criteria)}
    laplacian = np.zeros((n, n))
    rhs = np.zeros(n)
    for (a, b), v in comparisons.judgements.items():
        i, j = index[a], index[b]
        laplacian[i, i] += 1
        laplacian[j, j] += 1
        laplacian[i, j] -= 1
        laplacian[j, i] -= 1
        rhs[i] += math.log(v)
        rhs[j] -= math.log(v)
    # L + J/n is non-singular on a connected graph and gives the solution with sum(y) = 0
    y = np.linalg.solve(laplacian + np.ones((n, n)) / n, rhs)
    w = np.exp(y)
    return w / w.sum()


def complete_matrix(
    comparisons: PairwiseComparisons, method: CompletionMethod = "lambda_max"
) -> tuple[np.ndarray, tuple[Completion, ...]]:
    """The completed matrix and the values placed in the missing cells.

    ``"llsm"``: missing a_ij = w_i / w_j with the LLSM weights of the incomplete set.
    ``"lambda_max"``: the completion minimising lambda_max (Bozóki, Fülöp & Rónyai 2010),
    found by BFGS over x = ln(missing a_ij), where lambda_max is convex, started from the
    LLSM completion and using the exact gradient v_i w_j a_ij - v_j w_i a_ji (v, w the
    left and right Perron vectors with v.w = 1). Both are unique on a connected graph;
    a graph that is not connected is a :class:`JudgementError` naming the groups.

    Example:
        >>> pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 2.0, ("b", "c"): 3.0})
        >>> m, done = complete_matrix(pc)
        >>> round(done[0].value, 6), done[0].a, done[0].b
        (6.0, 'a', 'c')
    """
    _require_connected(comparisons)
    matrix = comparisons.matrix()
    missing = comparisons.missing_pairs()
    if not missing:
        return matrix, ()
    index = {c: i for i, c in enumerate(comparisons.criteria)}
    cells = [(index[a], index[b]) for a, b in missing]
    w = llsm_weights(comparisons)
    start = np.array([math.log(w[i] / w[j]) for i, j in cells])
    if method == "llsm":
        x = start
    elif method == "lambda_max":
        x = _minimise_lambda_max(matrix, cells, start)
    else:
        raise JudgementError(
            [
                Problem(
                    "ahp_option_unknown",
                    value=method,
                    params={"option": "completion", "allowed": "lambda_max, llsm"},
                )
            ]
        )
    filled = _fill(matrix, cells, x)
    completions = tuple(
        Completion(a, b, float(filled[i, j]), method)
        for (a, b), (i, j) in zip(missing, cells, strict=True)
    )
    return filled, completions


def _fill(matrix: np.ndarray, cells: list[tuple[int, int]], x: np.ndarray) -> np.ndarray:
    out = matrix.copy()
    for (i, j), xk in zip(cells, x, strict=True):
        out[i, j] = math.exp(xk)
        out[j, i] = math.exp(-xk)
    return out


def _minimise_lambda_max(
    matrix: np.ndarray, cells: list[tuple[int, int]], start: np.ndarray
) -> np.ndarray:
    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        a = _fill(matrix, cells, x)
        values, right = np.linalg.eig(a)
        k = int(np.argmax(values.real))
        w = np.abs(right[:, k].real)
        lvalues, left = np.linalg.eig(a.T)
        v = np.abs(left[:, int(np.argmax(lvalues.real))].real)
        v = v / (v @ w)
        grad = np.array([v[i] * w[j] * a[i, j] - v[j] * w[i] * a[j, i] for i, j in cells])
        return float(values[k].real), grad

    result = minimize(objective, start, jac=True, method="BFGS", options={"gtol": 1e-11})
    return np.asarray(result.x)
