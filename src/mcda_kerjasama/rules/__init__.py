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
from collections.abc import Mapping
from functools import cache

from mcda_kerjasama.rules.base import (
    ConstraintKind,
    ModelContext,
    RowBlock,
    RowKind,
    Unit,
    labels,
)
from mcda_kerjasama.rules.builtin import BUILTIN_ROW_KINDS

__all__ = [
    "ConstraintKind",
    "ModelContext",
    "RowBlock",
    "RowKind",
    "Unit",
    "blocking_order",
    "constraint_kinds",
    "kinds_where",
    "labels",
    "money_kinds",
    "row_kind",
    "row_kinds",
]


@cache
def constraint_kinds() -> Mapping[str, ConstraintKind]:
    """Every registered constraint kind by its ``[constraints]`` key (the modules of
    this package imported once).

    Example:
        >>> sorted(constraint_kinds())
        ['funding_pool']
    """
    for module in pkgutil.iter_modules(__path__):
        if module.name not in ("base", "builtin"):
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(ConstraintKind._registry)


@cache
def row_kinds() -> Mapping[str, RowKind]:
    """Every row kind the model can hold, built-in and declared by constraint kinds.

    Example:
        >>> [k for k, v in row_kinds().items() if v.blocking is not None][:3]
        ['budget', 'budget_total', 'staff']
    """
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
