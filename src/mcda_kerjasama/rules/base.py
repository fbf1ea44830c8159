"""What a constraint kind declares: its row kinds, the context its rows are built in,
and the hooks of :class:`ConstraintKind` (see :mod:`mcda_kerjasama.rules`).

Example:
    >>> RowKind("budget", "money", elastic=True).tight
    False
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
import pandas as pd
from scipy import sparse

if TYPE_CHECKING:
    from mcda_kerjasama.errors import Problem

Unit = Literal["money", "staff", "count"]


@dataclass(frozen=True)
class RowKind:
    """How the engine treats one kind of model row.

    ``unit``: what its amounts are (``None`` for structural rows such as ``once``);
    ``elastic``: the infeasibility diagnosis may stretch it; ``tight``: a selected
    proposal's reason names it when too little is left for any other candidate;
    ``blocking``: its place (lower first) in the order in which the rule keeping a
    reserve proposal out is named, ``None`` when it never blocks that way;
    ``refines``: the row kind of the same year this one narrows (a funding pool's rows
    narrow the budget): named as binding only when it is tighter than that row.
    """

    name: str
    unit: Unit | None = None
    elastic: bool = False
    tight: bool = False
    blocking: int | None = None
    refines: str | None = None


@dataclass(frozen=True)
class ModelContext:
    """What a constraint kind sees when it adds rows: the candidates (index = id), the
    planning years, which proposal each model column belongs to (``prop_of``, positions
    in ``data``) and its start year, and each column's cost and staff per year
    (years x columns)."""

    data: pd.DataFrame
    years: tuple[int, ...]
    prop_of: np.ndarray
    start: np.ndarray
    cost_by_year: np.ndarray
    staff_by_year: np.ndarray
    budget: np.ndarray

    @property
    def n_columns(self) -> int:
        """Number of model columns."""
        return len(self.prop_of)


@dataclass(frozen=True)
class RowBlock:
    """Rows a kind adds: ``lower <= matrix x <= upper`` with one label row each
    (``name``, ``kind``, ``year``, ``label``, ``reason``)."""

    matrix: sparse.csr_matrix
    lower: np.ndarray
    upper: np.ndarray
    labels: pd.DataFrame


def labels(
    names: Sequence[str],
    kind: str,
    year: int | Sequence[int],
    label: str | Sequence[str],
    reason: str | Sequence[str] = "",
) -> pd.DataFrame:
    """The label rows of a block.

    Example:
        >>> labels(["b_2026"], "budget", 2026, "").to_dict("records")
        [{'name': 'b_2026', 'kind': 'budget', 'year': 2026, 'label': '', 'reason': ''}]
    """
    return pd.DataFrame(
        {"name": list(names), "kind": kind, "year": year, "label": label, "reason": reason}
    )


class ConstraintKind:
    """A kind of constraint, declared in one module of this package.

    Subclasses set ``key`` (their key under ``[constraints]``) and ``row_kinds`` and
    implement :meth:`parse` and :meth:`rows`; the other hooks are optional. A subclass
    registers itself when its module is imported.
    """

    key: ClassVar[str] = ""
    row_kinds: ClassVar[tuple[RowKind, ...]] = ()
    _registry: ClassVar[dict[str, ConstraintKind]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.key:
            ConstraintKind._registry[cls.key] = cls()

    def parse(self, value: Any, years: Sequence[int], problems: list[Problem]) -> Any:
        """The typed value of ``[constraints] <key>``; problems are appended (located
        by their scenario key)."""
        raise NotImplementedError

    def references(self, value: Any, data: pd.DataFrame) -> list[Problem]:
        """Problems with what the value names, once the proposals are read."""
        return []

    def rows(self, value: Any, context: ModelContext) -> list[RowBlock]:
        """The rows this constraint adds to the model."""
        raise NotImplementedError

    def capacity(self, value: Any, context: ModelContext) -> dict[tuple[str, int], float]:
        """Room this constraint adds to rows of other kinds: ``{(row kind, year):
        amount}`` added to their upper bounds (e.g. earmarked money on the budget)."""
        return {}

    def use(self, value: Any, context: ModelContext, x: np.ndarray) -> pd.DataFrame | None:
        """Columns for the per-year use table of a chosen portfolio ``x`` (index =
        year), or ``None``."""
        return None
