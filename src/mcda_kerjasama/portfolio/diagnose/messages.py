"""A verified relaxation, or a single stretched rule, said in the user's terms.

:func:`_problems` turns the checked relaxation into one problem per stretched rule,
each carrying its :class:`Stretch` as data; amounts are written exactly (:func:`rupiah`,
:func:`person_months`), since a diagnosis must not round a need down.

Example:
    >>> stretch = Stretch("group_max", 0, "KSDD", 2, 3, ("K01", "K05", "K07"))
    >>> print(_conflict(stretch).render("en"))
    group KSDD allows at most 2 proposals but 3 must be funded (K01, K05, K07)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Money, Msg, Number
from mcda_kerjasama.portfolio.diagnose.contradictions import _must
from mcda_kerjasama.portfolio.diagnose.relaxation import _Claim, _Rules
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.rules import row_kind


@dataclass(frozen=True)
class Stretch:
    """One rule of a verified smallest relaxation, as data (a diagnosis problem carries
    it as its ``stretch`` parameter).

    ``kind`` is the model's row kind (``budget``, ``group_min``, ...), ``year`` its year
    (0 when none), ``label`` its group or agency; ``bound`` the rule's bound in the
    scenario (for a share limit whose year's budget is raised too: that share of the
    raised budget) and ``relaxed`` the least bound that lets a portfolio exist together with
    the other stretches (above ``bound`` for limits, below it for minimums);
    ``must_funds`` the must-fund proposals the rule counts in that portfolio.
    """

    kind: str
    year: int
    label: str
    bound: float
    relaxed: float
    must_funds: tuple[str, ...]


def _problems(model: PortfolioModel, rules: _Rules, claim: _Claim) -> list[Problem]:
    must = _must(model)
    rows = model.rows
    chosen = claim.witness > 0.5
    proposal = model.columns["proposal"].astype(str).to_numpy()
    several = len(claim.relaxed) > 1
    problems = []
    for k in sorted(claim.relaxed):
        row = rows.iloc[int(rules.rows[k])]
        kind, limit = str(rules.kind[k]), claim.relaxed[k]
        # a share limit of a year whose budget is raised is a share of the raised budget
        bound = float(rules.limits({j: v for j, v in claim.relaxed.items() if j != k})[k])
        rule = _rule(kind, row, raised=bound != rules.bound[k])
        if not claim.verified:
            named = {"rule": rule, "bound": _amount(kind, bound)}
            problems.append(Problem("conflict_unverified", value=row["label"], params=named))
            continue
        cols = rules.matrix[k].indices
        counted = set(proposal[cols[chosen[cols]]])
        who = sorted(counted & set(must))
        stretch = Stretch(kind, int(row["year"]), str(row["label"]), bound, limit, tuple(who))
        if not several and (not rules.upper[k] or (who and len(who) == len(counted))):
            problems.append(_conflict(stretch))
            continue
        params: dict[str, Any] = {
            "rule": rule,
            "bound": _amount(kind, bound),
            "together": Msg("conflict_together") if several else "",
            "stretch": stretch,
        }
        if rules.upper[k]:
            params |= {
                "need": _amount(kind, limit),
                "extra": _amount(kind, limit - bound),
                "who": Msg("conflict_who", {"ids": ", ".join(who)}) if who else "",
            }
            problems.append(Problem("conflict_raise", value=row["label"], params=params))
        else:
            params |= {"can": _amount(kind, limit), "extra": _amount(kind, bound - limit)}
            problems.append(Problem("conflict_lower", value=row["label"], params=params))
    return problems


def _rule(kind: str, row: pd.Series, raised: bool = False) -> Msg:
    """The rule's name; ``raised``: a share limit taken at its year's raised budget."""
    params = {"year": int(row["year"]), "label": row["label"], "raised": ""}
    if raised:
        params["raised"] = Msg("conflict_at_raised_budget")
    return Msg(f"conflict_rule_{kind}", params)


def _amount(kind: str, value: float) -> Any:
    """An amount with its unit, written exactly (see :func:`rupiah`)."""
    unit = row_kind(kind).unit
    if unit == "money":
        return rupiah(value)
    if unit == "count":
        count = round(value)
        return Msg(f"conflict_amount_proposal{'' if count == 1 else 's'}", {"value": count})
    return Msg("conflict_amount_person_months", {"value": person_months(value)})


def rupiah(value: float) -> Msg:
    """A rupiah amount for a message, by the one rule of every short amount
    (:func:`mcda_kerjasama.amounts.format_rupiah_short`): the short form when it is exact
    with at most two decimals, else every rupiah. A diagnosis never rounds a need down.

    Example:
        >>> [rupiah(v).render("id") for v in (1.8e9, 1.25e9, 350e6)]
        ['Rp 1,8 M', 'Rp 1,25 M', 'Rp 350 jt']
        >>> rupiah(1_234_567_891).render("en"), rupiah(1_255_000_000).render("id")
        ('Rp 1,234,567,891', 'Rp 1.255.000.000')
    """
    return Msg("conflict_amount", {"value": Money(value)})


def person_months(value: float) -> Number:
    """Person-months with one decimal, or as many (up to three) as the value needs.

    Example:
        >>> person_months(4.0), person_months(2.25)
        (Number(value=4.0, decimals=1), Number(value=2.25, decimals=2))
    """
    decimals = next((d for d in (1, 2) if abs(round(value, d) - value) <= 1e-9), 3)
    return Number(value, decimals)


def _conflict(stretch: Stretch) -> Problem:
    """The only stretched rule, said plainly: what its must-fund proposals need against
    the bound, or for a minimum, what can be reached."""
    kind, label, year = stretch.kind, stretch.label, stretch.year
    limit, need = stretch.bound, stretch.relaxed
    common: dict[str, Any] = {"label": label, "year": year, "stretch": stretch}
    ids = ", ".join(stretch.must_funds)
    params: dict[str, Any]
    if kind == "group_share_min":
        params = {"need": rupiah(limit), "can": rupiah(need)}
    elif row_kind(kind).unit == "money":
        params = {"need": rupiah(need), "budget": rupiah(limit), "ids": ids}
    elif row_kind(kind).unit == "staff":
        params = {
            "need": person_months(need),
            "cap": person_months(limit),
            "ids": ids,
            "agency": label,
        }
    elif kind == "group_max":
        params = {"cap": round(limit), "need": round(need), "ids": ids}
    else:
        params = {"need": round(limit), "can": round(need)}
    return Problem(f"conflict_{kind}", value=label, params=common | params)
