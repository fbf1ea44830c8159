"""The row kinds the portfolio model builds itself (see
:mod:`mcda_kerjasama.portfolio.model`), declared once: their unit, whether the
diagnosis may stretch them, whether a reason names them when they bind, and the order in
which a blocking rule is named.

Example:
    >>> [k.name for k in BUILTIN_ROW_KINDS if k.unit == "staff"]
    ['staff', 'staff_agency']
"""

from __future__ import annotations

from mcda_kerjasama.rules.base import RowKind

BUILTIN_ROW_KINDS: tuple[RowKind, ...] = (
    # capacities: budgets, staff, group limits
    RowKind("budget", "money", elastic=True, tight=True, blocking=50),
    RowKind("budget_total", "money", elastic=True, tight=True, blocking=60),
    RowKind("staff", "staff", elastic=True, tight=True, blocking=40),
    RowKind("staff_agency", "staff", elastic=True, tight=True, blocking=30),
    RowKind("group_max", "count", elastic=True, tight=True, blocking=10),
    RowKind("group_min", "count", elastic=True),
    RowKind("group_share_max", "money", elastic=True, tight=True, blocking=20),
    RowKind("group_share_min", "money", elastic=True),
    # structure and obligations: never stretched, explained by their own reasons
    RowKind("once"),
    RowKind("must"),
    RowKind("must_not"),
    RowKind("exclusive"),
    RowKind("prereq"),
    RowKind("tie"),
)
