"""Constraint kinds as declared data: one module per kind, found by the registry.

Every row of the portfolio model has a *row kind* (``budget``, ``staff_agency``,
``group_max``, ...), declared once as a :class:`RowKind`: its unit (rupiah,
person-months or a count), whether the infeasibility diagnosis may stretch it, whether a
selected proposal's reason names it when it binds, and where it stands in the order in
which a reserve proposal's blocking rule is named. The engine's built-in kinds are
declared in :mod:`mcda_kerjasama.rules.builtin`; the diagnosis, the explanations and
the reports read these declarations instead of lists of their own.

A further kind of constraint is a subclass of :class:`ConstraintKind` in a module of
this package (e.g. :mod:`mcda_kerjasama.rules.funding_pool`): it declares its scenario
key under ``[constraints]``, parses and checks its value, adds its rows to the model
(and capacity to other rows), reports what it used, and declares its row kinds; its
messages (``rule_<kind>``, ``reason_<kind>``, ``conflict_<kind>``) live in the message
catalogue. Modules here are imported when the registry is first asked, never at import
time of the package.

Example:
    >>> row_kind("budget").unit, row_kind("budget").elastic
    ('money', True)
    >>> "funding_pool" in constraint_kinds()
    True
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
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


BUILTIN_MODULE = "mcda_kerjasama.rules.builtin"


@cache
def constraint_kinds() -> Mapping[str, ConstraintKind]:
    """Every registered constraint kind by its ``[constraints]`` key (the modules of
    this package imported once).

    Example:
        >>> sorted(constraint_kinds())
        ['funding_pool']
    """
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(ConstraintKind._registry)


@cache
def row_kinds() -> Mapping[str, RowKind]:
    """Every row kind the model can hold, built-in and declared by constraint kinds.

    Example:
        >>> [k for k, v in row_kinds().items() if v.blocking is not None][:3]
        ['budget', 'budget_total', 'staff']
    """
    from mcda_kerjasama.rules.builtin import BUILTIN_ROW_KINDS

    out = {kind.name: kind for kind in BUILTIN_ROW_KINDS}
    for constraint in constraint_kinds().values():
        out.update({kind.name: kind for kind in constraint.row_kinds})
    return out


def row_kind(name: str) -> RowKind:
    """The declaration of row kind ``name`` (a structural kind when unknown).

    Example:
        >>> row_kind("once").unit is None
        True
    """
    return row_kinds().get(name, RowKind(name))


def kinds_where(**flags: bool) -> tuple[str, ...]:
    """The row kinds with the given flags, e.g. ``kinds_where(elastic=True)``.

    Example:
        >>> "group_min" in kinds_where(elastic=True), "group_min" in kinds_where(tight=True)
        (True, False)
    """
    return tuple(
        name
        for name, kind in row_kinds().items()
        if all(getattr(kind, flag) == wanted for flag, wanted in flags.items())
    )


def blocking_order() -> tuple[str, ...]:
    """The row kinds that can keep a reserve proposal out, in the order they are named.

    Example:
        >>> blocking_order()[:2]
        ('group_max', 'group_share_max')
    """
    ranked = [(k.blocking, name) for name, k in row_kinds().items() if k.blocking is not None]
    return tuple(name for _, name in sorted(ranked))


def money_kinds() -> tuple[str, ...]:
    """Row kinds measured in rupiah.

    Example:
        >>> sorted(money_kinds())[:2]
        ['budget', 'budget_total']
    """
    return tuple(name for name, kind in row_kinds().items() if kind.unit == "money")
