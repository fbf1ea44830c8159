"""Why no portfolio satisfies the rules, in the user's terms, and by exactly how much.

First, direct contradictions between hard rules: a proposal that must and must not be
funded, two must-fund proposals in one exclusive group, a must-fund proposal whose
prerequisite cannot be chosen, is excluded by its exclusive group, or cannot start early
enough (an ongoing cooperation that began before its prerequisite can start).

Otherwise, the *smallest relaxation*. The resource rules (yearly and total budgets,
staff caps, group counts and shares) may stretch; the hard rules (must-fund, must-not,
exclusive groups, prerequisites, one start per proposal) stay hard. A stretch is
measured relative to its rule's bound (raising a budget of Rp 350 jt by Rp 50 jt costs
1/7; lowering a minimum of 3 proposals to 2 costs 1/3; a bound of zero is measured in
units of the largest amount its row counts) and an elastic MILP minimises the sum of
the relative stretches. A group's share limit is a share of its year's budget, so when
that budget is raised the limit rises with it.

Every amount is then checked by re-solving the portfolio model: with exactly the
reported relaxation it has a portfolio, and with any one reported bound moved back by a
hair (one proposal for counts, a millionth of the bound otherwise; the other reported
bounds still relaxed) it has none. A bound found not to be the least is lowered to the
least and everything is checked again; when the checks cannot be completed the rules are
named without amounts. Every solve runs on the scenario's backend.

The package divides along those steps: :mod:`.contradictions` (the direct ones),
:mod:`.relaxation` (the elastic model, the exact settling and the verification) and
:mod:`.messages` (what is reported, with its :class:`Stretch` as data).

Example:
    >>> from mcda_kerjasama import load_scenario
    >>> from mcda_kerjasama.pipeline import prepare
    >>> from mcda_kerjasama.portfolio.model import build_model
    >>> problem = prepare(load_scenario("scenarios/contoh")).problem
    >>> candidates, score = problem.candidates, problem.score
    >>> tight = problem.constraints.scaled(0.4)
    >>> model = build_model(candidates, score, (2026,), tight)
    >>> print(diagnose(model, candidates, tight)[0].render("en"))
    the proposals that must be funded (K01, K05) need Rp 2.7 bn in 2026 but the budget is Rp 2 bn
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import pandas as pd

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.errors import Problem
from mcda_kerjasama.portfolio.diagnose.contradictions import _contradictions
from mcda_kerjasama.portfolio.diagnose.messages import Stretch, _problems, person_months, rupiah
from mcda_kerjasama.portfolio.diagnose.relaxation import (
    HAIR,
    Relaxation,
    _rules,
    _settle,
    _solve,
    _verify,
)
from mcda_kerjasama.portfolio.diagnose.relaxation import _Claim as _Claim  # for the tests
from mcda_kerjasama.portfolio.model import PortfolioModel

__all__ = [
    "HAIR",
    "Relaxation",
    "Stretch",
    "diagnose",
    "person_months",
    "rupiah",
]


def diagnose(
    model: PortfolioModel,
    data: pd.DataFrame,
    constraints: Constraints,
    unavailable: Sequence[str] = (),
    time_limit: float = 60.0,
    backend: str = "highs",
) -> list[Problem]:
    """Every conflict found: direct contradictions, else the smallest relaxation of the
    resource rules, one problem per stretched rule. ``unavailable`` are the ids that
    cannot be chosen (not eligible); ``time_limit`` (seconds) bounds all solves together.

    Example: budgets of Rp 350 jt in 2026 and Rp 450 jt in 2027, and three mandatory
    one-year proposals of Rp 200, 300 and 400 jt. No year can take two of them; the
    smallest fix raises both years by Rp 50 jt:

        >>> from mcda_kerjasama.portfolio.model import build_model
        >>> data = pd.DataFrame({"cost": [2e8, 3e8, 4e8], "staff": 0.0, "duration": 1,
        ...     "earliest_start": 2026, "status": "usulan", "nature": "wajib",
        ...     "agency": "X", "exclusive_group": "", "requires": [(), (), ()]},
        ...     index=["P1", "P2", "P3"])
        >>> rules = Constraints(budget={2026: 3.5e8, 2027: 4.5e8})
        >>> model = build_model(data, pd.Series(1.0, index=data.index), (2026, 2027), rules)
        >>> for problem in diagnose(model, data, rules):
        ...     print(problem.render("en"))
        the budget for 2026 of Rp 350 m must be raised to at least Rp 400 m (+Rp 50 m),
        together with the other changes listed; the must-fund proposals it then holds: P3
        the budget for 2027 of Rp 450 m must be raised to at least Rp 500 m (+Rp 50 m),
        together with the other changes listed; the must-fund proposals it then holds:
        P1, P2
    """
    found = _contradictions(model, data, set(unavailable))
    if found:
        return found
    deadline = time.monotonic() + time_limit
    elastic = _elastic(model, data, constraints, deadline, backend)
    return elastic or [Problem("conflict_generic")]


def _elastic(
    model: PortfolioModel,
    data: pd.DataFrame,
    constraints: Constraints,
    deadline: float,
    backend: str,
) -> list[Problem]:
    rules = _rules(model, data, constraints, backend)
    if len(rules.rows) == 0:
        return []
    everything = list(range(len(rules.rows)))
    first_half = time.monotonic() + (deadline - time.monotonic()) / 2
    _, x = _solve(model, rules, {}, everything, first_half)
    if x is None:
        return []
    relaxed = _settle(model, rules, {}, everything, x)
    if not relaxed:  # a point breaking a hard rule, or nothing had to stretch
        return []
    claim = _verify(model, rules, relaxed, x, deadline)
    return _problems(model, rules, claim)
