"""What counts as a tie, and the order that resolves one: shared by the main selection's
tie-break (:mod:`mcda_kerjasama.portfolio.tiebreak`) and the re-optimiser of Monte
Carlo, the one-way search and the weight tuner
(:mod:`mcda_kerjasama.portfolio.reoptimise`), so that both choose the same portfolio.

Example:
    >>> TIE_TOLERANCE
    1e-07
"""

from __future__ import annotations

import numpy as np

#: Relative difference in total score below which two portfolios count as equal.
TIE_TOLERANCE = 1e-7


def canonical(keys: np.ndarray, x: np.ndarray) -> tuple[int, ...]:
    """The order of the tie-break among portfolios of the same score: the three keys
    (``keys``, 3 x columns), then the list of chosen columns (the smaller list first).
    The keys leave ties (two sets with the same cost, weighted starts and sum of id
    positions); the list does not.

    Example:
        >>> keys = np.array([[1, 2, 2, 3], [0, 0, 0, 0], [0, 1, 2, 3]])
        >>> a, b = np.array([1.0, 0, 0, 1]), np.array([0.0, 1, 1, 0])
        >>> canonical(keys, a), canonical(keys, b)
        ((4, 0, 3, 0, 3), (4, 0, 3, 1, 2))
    """
    chosen = np.rint(x).astype(np.int64)
    whole = np.rint(np.asarray(keys, dtype=float)).astype(np.int64)
    return (*(int(k) for k in whole @ chosen), *(int(j) for j in np.flatnonzero(chosen)))
