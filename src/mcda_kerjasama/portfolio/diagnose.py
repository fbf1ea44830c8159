"""Why no portfolio satisfies the rules, in the user's terms.

First, direct contradictions between hard rules: a proposal that must and must not be
funded, two must-fund proposals in one exclusive group, a must-fund proposal whose
prerequisite cannot be chosen. Then an *elastic* model: the resource rules (budgets,
staff caps, group limits) may stretch at a cost proportional to their relative
violation, while the hard rules (must-fund, must-not, exclusive groups, prerequisites)
stay hard. The rules that had to stretch, and by how much, are the conflict:
"mandatory and ongoing cooperations need Rp 12,4 M in 2027 but the budget is Rp 10 M".
The elastic model is solved with HiGHS whatever the scenario's backend.

Example:
    >>> from mcda_kerjasama.portfolio.model import build_model
    >>> tight = build_model(candidates, score, (2026,), constraints.scaled(0.4))
    >>> print(diagnose(tight, candidates, constraints)[0].render("en"))
    the proposals that must be funded (K01, K05) need Rp 2.7 bn in 2026 but the budget is Rp 2 bn
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Money, Number
from mcda_kerjasama.portfolio.model import MONEY_KINDS, PortfolioModel

ELASTIC = (
    "budget",
    "budget_total",
    "staff",
    "staff_agency",
    "group_max",
    "group_min",
    "group_share_max",
    "group_share_min",
)


def diagnose(
    model: PortfolioModel,
    data: pd.DataFrame,
    constraints: Constraints,
    unavailable: Sequence[str] = (),
    time_limit: float = 60.0,
) -> list[Problem]:
    """Every conflict found: direct contradictions, else the stretched resource rules.
    ``unavailable`` are the ids that cannot be chosen (not eligible).

    Example: see the module docstring.
    """
    found = _contradictions(model, data, set(unavailable))
    if found:
        return found
    return _elastic(model, time_limit) or [Problem("conflict_generic")]


def _must(model: PortfolioModel) -> pd.DataFrame:
    rows = model.rows
    return rows[rows["kind"] == "must"]


def _blocked(data: pd.DataFrame, start: set[str]) -> dict[str, str]:
    """Every candidate that cannot be chosen because a prerequisite, directly or through
    others, is in ``start``: id -> the first unavailable id on the way."""
    blocked = {pid: pid for pid in start}
    changed = True
    while changed:
        changed = False
        for pid, needs in data["requires"].items():
            if pid in blocked:
                continue
            root = next((blocked[n] for n in needs if n in blocked), None)
            if root is not None:
                blocked[str(pid)] = root
                changed = True
    return blocked


def _contradictions(
    model: PortfolioModel, data: pd.DataFrame, unavailable: set[str]
) -> list[Problem]:
    rows = model.rows
    must = dict(zip(_must(model)["label"], _must(model)["reason"], strict=True))
    banned = set(rows.loc[rows["kind"] == "must_not", "label"])
    problems = [
        Problem("conflict_must_and_not", value=pid, params={"why": _why(must[pid])})
        for pid in sorted(set(must) & banned)
    ]
    groups = data["exclusive_group"].astype(str)
    for group in sorted(set(groups[groups != ""])):
        both = [pid for pid in groups.index[groups == group] if pid in must]
        if len(both) > 1:
            problems.append(
                Problem("conflict_exclusive_must", value=group, params={"ids": ", ".join(both)})
            )
    blocked = _blocked(data, unavailable | banned)
    for pid in must:
        for need in data.loc[pid, "requires"]:
            if need in blocked:
                params = {"need": need, "root": blocked[need], "why": _why(must[pid])}
                problems.append(Problem("conflict_prereq_must", value=pid, params=params))
    return problems


def _why(reason: str) -> str:
    return {"mandatory": "wajib", "ongoing": "berjalan"}.get(reason, "must_fund")


def _elastic(model: PortfolioModel, time_limit: float) -> list[Problem]:
    import highspy

    from mcda_kerjasama.portfolio.backends.highs import load_highs

    rows = model.rows
    elastic = np.flatnonzero(rows["kind"].isin(ELASTIC).to_numpy())
    upper = np.isfinite(model.row_upper[elastic])
    sign = np.where(upper, -1.0, 1.0)  # Ax - s <= u  or  Ax + s >= l
    bound = np.where(upper, model.row_upper[elastic], model.row_lower[elastic])
    scale = np.maximum(np.abs(bound), 1.0)
    n, k = model.n_columns, len(elastic)
    slack = sparse.csr_matrix((sign, (elastic, np.arange(k))), shape=(model.matrix.shape[0], k))
    matrix = sparse.hstack([model.matrix, slack], format="csc")

    # a tiny cost per chosen proposal: the elastic solution takes only what rules force
    cost = np.concatenate([np.full(n, 1e-6 / max(n, 1)), 1.0 / scale])
    h = load_highs(
        matrix,
        cost,
        np.zeros(n + k),
        np.concatenate([np.ones(n), np.full(k, np.inf)]),
        model.row_lower,
        model.row_upper,
        integer=np.arange(n + k) < n,
        maximize=False,
        time_limit=time_limit,
    )
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return []
    values = np.asarray(h.getSolution().col_value, dtype=float)
    x, s = np.rint(values[:n]), values[n:]
    chosen = model.columns[x > 0.5]
    problems = []
    for i in np.flatnonzero(s > 1e-6 * scale):
        row = rows.iloc[elastic[i]]
        cols = model.matrix[elastic[i]].indices
        who = sorted(set(chosen.loc[chosen.index.isin(cols), "proposal"].astype(str)))
        problems.append(_conflict(row, bound[i], bound[i] - sign[i] * s[i], who))
    return problems


def _conflict(row: pd.Series, limit: float, need: float, who: list[str]) -> Problem:
    kind = row["kind"]
    ids = ", ".join(who)
    if kind in MONEY_KINDS and kind != "group_share_min":
        return Problem(
            f"conflict_{kind}",
            value=row["label"],
            params={
                "year": int(row["year"]),
                "need": Money(need),
                "budget": Money(limit),
                "ids": ids,
                "label": row["label"],
            },
        )
    if kind == "group_share_min":
        return Problem(
            "conflict_group_share_min",
            value=row["label"],
            params={
                "year": int(row["year"]),
                "need": Money(limit),
                "can": Money(need),
                "label": row["label"],
            },
        )
    if kind in ("staff", "staff_agency"):
        return Problem(
            f"conflict_{kind}",
            value=row["label"],
            params={
                "year": int(row["year"]),
                "need": Number(need, 1),
                "cap": Number(limit, 1),
                "ids": ids,
                "agency": row["label"],
            },
        )
    if kind == "group_max":
        return Problem(
            "conflict_group_max",
            value=row["label"],
            params={
                "cap": round(limit),
                "need": round(need),
                "ids": ids,
                "label": row["label"],
            },
        )
    return Problem(
        "conflict_group_min",
        value=row["label"],
        params={"need": round(limit), "can": round(need), "label": row["label"]},
    )
