"""Priorities and consistency of a complete pairwise matrix.

Priorities by the principal eigenvector (Saaty 1977) and by the row geometric mean
(Crawford & Williams 1985); consistency as CR = CI / RI with the random index of
Alonso & Lamata (2006) or Saaty (2005), and as the GCI of Aguarón & Moreno-Jiménez
(2003); each judgement's deviation from consistency, ``epsilon = a_ij w_j / w_i``.

Example:
    >>> m = np.array([[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]])
    >>> w, lam = eigenvector_priorities(m)
    >>> w.round(4).tolist(), round(lam, 10), consistency(m).consistent
    ([0.5714, 0.2857, 0.1429], 3.0, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.weights.base import Consistency

RandomIndexTable = Literal["alonso_lamata", "saaty"]

#: Random index of Saaty, *Theory and Applications of the Analytic Network Process*
#: (RWS Publications, 2005), p. 31, for n = 1..15 (not monotone at n = 12, as published).
SAATY_RI: tuple[float, ...] = (
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
)  # fmt: skip

#: Random index of Alonso & Lamata (2006), "Consistency in the analytic hierarchy
#: process: a new approach", Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems
#: 14(4), 445-459, Table 1 (mean lambda_max of 500,000 random matrices), n = 1..15.
ALONSO_LAMATA_RI: tuple[float, ...] = (
    0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056,
    1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838,
)  # fmt: skip

RANDOM_INDEX_TABLES: dict[str, tuple[float, ...]] = {
    "alonso_lamata": ALONSO_LAMATA_RI,
    "saaty": SAATY_RI,
}

#: Saaty's recommended CR thresholds: 0.05 for n = 3, 0.08 for n = 4, 0.10 above.
SAATY_CR_THRESHOLDS: dict[int, float] = {3: 0.05, 4: 0.08}
DEFAULT_CR_THRESHOLD = 0.10

#: GCI thresholds of Aguarón & Moreno-Jiménez (2003), equivalent to CR = 0.05/0.08/0.10.
GCI_THRESHOLDS: dict[int, float] = {3: 0.31, 4: 0.35}
DEFAULT_GCI_THRESHOLD = 0.37

# --- priorities ------------------------------------------------------------------------


def eigenvector_priorities(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal right eigenvector (normalised to sum 1) and lambda_max of a complete matrix.

    Uses the full eigen-decomposition and takes the Perron root (the eigenvalue of
    largest real part, real and simple for a positive matrix), so it never depends on a
    convergence tolerance.

    Example:
        >>> w, lam = eigenvector_priorities(np.array([[1.0, 2.0], [0.5, 1.0]]))
        >>> w.round(4).tolist(), round(lam, 10)
        ([0.6667, 0.3333], 2.0)
    """
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    return w / w.sum(), float(values[k].real)


def geometric_mean_priorities(matrix: np.ndarray) -> np.ndarray:
    """Row geometric means of a complete matrix, normalised to sum 1.

    Example:
        >>> geometric_mean_priorities(np.array([[1.0, 4.0], [0.25, 1.0]])).tolist()
        [0.8, 0.2]
    """
    g = np.exp(np.log(matrix).mean(axis=1))
    return g / g.sum()


# --- consistency -----------------------------------------------------------------------


def random_index(n: int, table: RandomIndexTable = "alonso_lamata") -> float:
    """Random index RI for an n x n matrix from ``table``.

    Beyond the published tables (n > 15) both use the linear fit of Alonso & Lamata
    (2006) for the mean lambda_max of random matrices, lambda_mean = 2.7699 n - 4.3513,
    i.e. RI = (1.7699 n - 4.3513) / (n - 1); it is within 0.002 of their table at n = 15.

    Example:
        >>> random_index(4), random_index(4, "saaty"), round(random_index(20), 4)
        (0.8815, 0.9, 1.634)
    """
    if table not in RANDOM_INDEX_TABLES:
        raise JudgementError(
            [
                Problem(
                    "ahp_option_unknown",
                    value=table,
                    params={"option": "ri_table", "allowed": ", ".join(RANDOM_INDEX_TABLES)},
                )
            ]
        )
    values = RANDOM_INDEX_TABLES[table]
    if n <= len(values):
        return values[max(n, 1) - 1]
    return (1.7699 * n - 4.3513) / (n - 1)


def default_threshold(n: int) -> float:
    """Saaty's CR threshold: 0.05 for n = 3, 0.08 for n = 4, 0.10 otherwise.

    Example:
        >>> default_threshold(3), default_threshold(4), default_threshold(7)
        (0.05, 0.08, 0.1)
    """
    return SAATY_CR_THRESHOLDS.get(n, DEFAULT_CR_THRESHOLD)


def geometric_consistency_index(matrix: np.ndarray) -> float:
    """GCI = 2 / ((n-1)(n-2)) * sum_{i<j} ln^2(a_ij w_j / w_i), w the geometric mean.

    Aguarón & Moreno-Jiménez (2003), "The geometric consistency index: approximated
    thresholds", EJOR 147, 137-145. Zero for n <= 2.

    Example:
        >>> m = np.array([[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]])
        >>> geometric_consistency_index(m)
        0.0
    """
    n = matrix.shape[0]
    if n <= 2:
        return 0.0
    w = geometric_mean_priorities(matrix)
    e = np.log(matrix * w[np.newaxis, :] / w[:, np.newaxis])
    return float(2.0 / ((n - 1) * (n - 2)) * np.sum(np.triu(e, 1) ** 2))


def consistency(
    matrix: np.ndarray,
    *,
    ri_table: RandomIndexTable = "alonso_lamata",
    threshold: float | None = None,
) -> Consistency:
    """CR, CI, lambda_max and GCI of a complete matrix.

    n = 1 and 2 are consistent by definition (CR = 0). ``threshold=None`` takes
    Saaty's size-dependent threshold (:func:`default_threshold`).

    Example:
        >>> c = consistency(np.array([[1.0, 3.0, 9.0], [1 / 3, 1.0, 1.0], [1 / 9, 1.0, 1.0]]))
        >>> round(c.consistency_ratio, 4), c.consistent
        (0.1293, False)
    """
    n = matrix.shape[0]
    ri = random_index(n, ri_table)
    limit = default_threshold(n) if threshold is None else threshold
    gci_limit = GCI_THRESHOLDS.get(max(n, 3), DEFAULT_GCI_THRESHOLD)
    if n <= 2:
        return Consistency(n, float(n), 0.0, 0.0, ri, ri_table, limit, True, 0.0, gci_limit)
    _, lam = eigenvector_priorities(matrix)
    ci = max(lam - n, 0.0) / (n - 1)
    cr = ci / ri
    gci = geometric_consistency_index(matrix)
    return Consistency(n, lam, ci, cr, ri, ri_table, limit, cr <= limit, gci, gci_limit)


def inconsistency_contributions(
    matrix: np.ndarray, weights: np.ndarray, criteria: Sequence[str]
) -> pd.DataFrame:
    """Each pair's deviation from consistency, largest first.

    ``epsilon = a_ij w_j / w_i`` is 1 for a judgement that agrees with the weights;
    ``log_deviation = |ln epsilon|`` ranks the judgements; ``consistent_value`` is
    w_i / w_j, the judgement that would agree exactly.

    Example:
        >>> m = np.array([[1.0, 4.0], [0.25, 1.0]])
        >>> row = inconsistency_contributions(m, np.array([0.8, 0.2]), ["a", "b"]).iloc[0]
        >>> float(row["consistent_value"]), float(row["epsilon"]), float(row["log_deviation"])
        (4.0, 1.0, 0.0)
    """
    rows = []
    n = len(criteria)
    for i in range(n):
        for j in range(i + 1, n):
            eps = matrix[i, j] * weights[j] / weights[i]
            rows.append(
                {
                    "a": criteria[i],
                    "b": criteria[j],
                    "value": float(matrix[i, j]),
                    "consistent_value": float(weights[i] / weights[j]),
                    "epsilon": float(eps),
                    "log_deviation": abs(math.log(eps)),
                }
            )
    frame = pd.DataFrame(
        rows, columns=["a", "b", "value", "consistent_value", "epsilon", "log_deviation"]
    )
    return frame.sort_values("log_deviation", ascending=False, kind="stable").reset_index(drop=True)
