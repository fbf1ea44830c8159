"""Funding pools: money earmarked for some proposals only, per year.

Central-government aid for mandatory KSDD, a province grant for tourism cooperation: a
pool pays only for the proposals it names, up to its amount in each year; what it cannot
cover falls on the region's own yearly budget, which pays for anything.

```toml
[[constraints.funding_pool]]
name = "DAK kerja sama wajib"                 # label used in reasons
amount = 1_500_000_000                        # rupiah per planning year, or { "2026" = ..., ... }
where = { kind = "KSDD", nature = "wajib" }   # the proposals it may pay for (a rule) ...
ids = ["K07"]                                 # ... and/or listed ids
```

A proposal may draw on one pool at most (pools are disjoint: a proposal two pools name
is an error naming both), and a scenario may have up to :data:`MAX_POOLS` pools.

**The rows.** With pools ``P``, costs ``c`` per year and the yearly budget ``B``, a year's
costs can be paid exactly when, for every set ``T`` of pools, the proposals that only
``T`` or the budget may pay for cost no more than ``B`` plus the pools of ``T``:
``sum_{j: pool(j) in T or none} c_j x_j <= B + sum_{p in T} A_p`` (Hall's condition for
this transport problem). ``T = P`` is the budget row itself, whose room grows by every
pool's amount (:meth:`FundingPools.capacity`); ``T`` empty is a row of kind
``funding_pool_none`` (what no pool pays for fits the budget alone) and the other sets
rows of kind ``funding_pool``: ``2^|P| - 1`` rows a year, all in the binary columns, so
every solver, the re-optimiser and the explanations work unchanged.

Example:
    >>> problems = []
    >>> pools = FundingPools().parse(
    ...     [{"name": "DAK", "amount": 5e8, "where": {"kind": "KSDD"}}], (2026,), problems)
    >>> pools[0].name, pools[0].amount, problems
    ('DAK', {2026: 500000000.0}, [])
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from mcda_kerjasama.constraints import Rule, read_by_year, read_clauses, read_ids
from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Msg
from mcda_kerjasama.rules.base import ConstraintKind, ModelContext, RowBlock, RowKind, labels

#: At most this many pools: the rows grow as 2^pools per year.
MAX_POOLS = 8
KEY = "constraints.funding_pool"


@dataclass(frozen=True)
class FundingPool:
    """One pool: its label, amount per planning year and the proposals it pays for."""

    name: str
    amount: dict[int, float]
    rule: Rule


class FundingPools(ConstraintKind):
    """``[[constraints.funding_pool]]``: earmarked money per year (module docstring)."""

    key = "funding_pool"
    row_kinds = (
        RowKind("funding_pool", "money", elastic=True, tight=True, blocking=55, refines="budget"),
        RowKind(
            "funding_pool_none", "money", elastic=True, tight=True, blocking=54, refines="budget"
        ),
    )

    def parse(
        self, value: Any, years: Sequence[int], problems: list[Problem]
    ) -> tuple[FundingPool, ...]:
        """The pools, every problem located by its key.

        Example:
            >>> problems = []
            >>> FundingPools().parse([{"name": "X", "amount": -1}], (2026,), problems)
            ()
            >>> sorted(p.key for p in problems)
            ['constraints.funding_pool[0]', 'constraints.funding_pool[0].amount']
        """
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            problems.append(
                Problem(
                    "key_type", key=KEY, value=repr(value), params={"expected": Msg("type_pools")}
                )
            )
            return ()
        if len(value) > MAX_POOLS:
            problems.append(Problem("pool_too_many", key=KEY, params={"most": MAX_POOLS}))
            return ()
        out = []
        names: set[str] = set()
        for i, table in enumerate(value):
            key = f"{KEY}[{i}]"
            found: list[Problem] = []
            unknown = sorted(set(table) - {"name", "amount", "where", "ids"})
            for name in unknown:
                found.append(Problem("key_unknown", key=f"{key}.{name}", value=name))
            name = table.get("name")
            if not isinstance(name, str) or not name.strip():
                found.append(Problem("pool_needs_name", key=key))
            elif name in names:
                found.append(Problem("pool_name_twice", key=f"{key}.name", value=name))
            if table.get("amount") is None:
                found.append(Problem("pool_needs_amount", key=key))
            amount = read_by_year(table.get("amount"), years, f"{key}.amount", found)
            rule = Rule(
                read_ids(table.get("ids"), f"{key}.ids", found),
                read_clauses(table.get("where"), f"{key}.where", found),
            )
            if not rule and "where" not in table and "ids" not in table:
                found.append(Problem("pool_needs_members", key=key))
            problems += found
            if not found:
                names.add(str(name))
                out.append(FundingPool(str(name), amount, rule))
        return tuple(out) if len(out) == len(value) else ()

    def references(self, value: tuple[FundingPool, ...], data: pd.DataFrame) -> list[Problem]:
        """Listed ids that are not proposals; a proposal two pools name (an error); a
        pool that names no proposal (a warning)."""
        problems = []
        masks = []
        for i, pool in enumerate(value):
            for pid in pool.rule.ids:
                if pid not in data.index:
                    problems.append(
                        Problem("constraint_id_unknown", key=f"{KEY}[{i}].ids", value=pid)
                    )
            mask = pool.rule.mask(data).to_numpy()
            masks.append(mask)
            if not mask.any():
                problems.append(
                    Problem("pool_empty", key=f"{KEY}[{i}]", value=pool.name, severity="warning")
                )
        if masks:
            twice = np.flatnonzero(np.sum(masks, axis=0) > 1)
            for k in twice:
                named = [p.name for p, m in zip(value, masks, strict=True) if m[k]]
                problems.append(
                    Problem(
                        "pool_overlap",
                        key=KEY,
                        value=str(data.index[k]),
                        params={"pools": ", ".join(named)},
                    )
                )
        return problems

    def rows(self, value: tuple[FundingPool, ...], context: ModelContext) -> list[RowBlock]:
        """One row per year and per proper subset of the pools (module docstring)."""
        if not value:
            return []
        pool_of = _pool_of(value, context)  # pool position of each column, -1 for none
        years = np.asarray(context.years)
        amounts = np.array([[p.amount[int(y)] for y in years] for p in value])  # pools x years
        blocks = []
        k = len(value)
        for size in range(k):
            for subset in itertools.combinations(range(k), size):
                paid = (pool_of < 0) | np.isin(pool_of, subset)
                matrix = sparse.csr_matrix(context.cost_by_year * paid[None, :])
                upper = context.budget + amounts[list(subset)].sum(axis=0)
                label = ", ".join(value[p].name for p in subset)
                kind = "funding_pool" if subset else "funding_pool_none"
                names = [f"pool_{'+'.join(map(str, subset)) or 'none'}_{y}" for y in years]
                blocks.append(
                    RowBlock(
                        matrix,
                        np.full(len(years), -np.inf),
                        upper,
                        labels(names, kind, years.tolist(), label),
                    )
                )
        return blocks

    def capacity(
        self, value: tuple[FundingPool, ...], context: ModelContext
    ) -> dict[tuple[str, int], float]:
        """Every pool's amount adds to its year's budget row (the set of all pools)."""
        return {("budget", int(y)): sum(p.amount[int(y)] for p in value) for y in context.years}

    def use(
        self, value: tuple[FundingPool, ...], context: ModelContext, x: np.ndarray
    ) -> pd.DataFrame:
        """Per year, what the pools pay (each pool the smaller of its amount and the cost
        of its chosen proposals running that year): the column ``covered_funding_pool``
        and one ``funding_pool:<name>`` column per pool."""
        pool_of = _pool_of(value, context)
        years = list(context.years)
        spend = context.cost_by_year * x[None, :]
        out = pd.DataFrame(index=pd.Index(years, name="year"))
        for p, pool in enumerate(value):
            cost = spend[:, pool_of == p].sum(axis=1)
            out[f"funding_pool:{pool.name}"] = np.minimum(cost, [pool.amount[y] for y in years])
        out["covered_funding_pool"] = out.sum(axis=1)
        return out


def _pool_of(value: tuple[FundingPool, ...], context: ModelContext) -> np.ndarray:
    """The pool of every model column (position in ``value``), -1 for none."""
    per_proposal = np.full(len(context.data), -1)
    for p, pool in enumerate(value):
        per_proposal[pool.rule.mask(context.data).to_numpy()] = p
    return per_proposal[context.prop_of]
