"""The years a proposal is active: the one place this rule is written.

A proposal started in year ``t`` that lasts ``d`` years (its ``duration``) is active,
spending its yearly cost and staff, in the years ``t, t + 1, ..., t + d - 1``. The
portfolio model (its budget and staff rows), the commitments after the planning
horizon, the scenario comparison (the caps of the years a proposal runs in) and the
reports (the cost of each selected proposal by year) all ask :func:`active`.

Example:
    >>> active([2026, 2027], [2, 1], [2026, 2027, 2028]).tolist()
    [[True, False], [True, True], [False, False]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Years = Sequence[int] | npt.ArrayLike


def active(start: Years, duration: Years, years: Years) -> np.ndarray:
    """Whether each proposal, started in ``start`` and lasting ``duration`` years, is
    active in each of ``years``: a boolean array of ``len(years)`` rows and one column
    per proposal (``start`` and ``duration`` are paired; a single proposal may be given
    as two numbers).

    Example:
        >>> active(2026, 3, range(2025, 2030))[:, 0].tolist()
        [False, True, True, True, False]
    """
    first = np.atleast_1d(np.asarray(start, dtype=int))
    length = np.atleast_1d(np.asarray(duration, dtype=int))
    when = np.asarray(years, dtype=int)[:, None]
    return (first[None, :] <= when) & (when < first[None, :] + length[None, :])


def active_years(start: int, duration: int, years: Years) -> tuple[int, ...]:
    """The ones of ``years`` in which a proposal started in ``start`` and lasting
    ``duration`` years is active, in the order given.

    Example:
        >>> active_years(2027, 2, [2026, 2027, 2028, 2029])
        (2027, 2028)
    """
    listed = [int(y) for y in np.asarray(years, dtype=int)]
    return tuple(
        y for y, on in zip(listed, active(start, duration, listed)[:, 0], strict=True) if on
    )
