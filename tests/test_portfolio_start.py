"""The greedy starting portfolio: whatever it returns satisfies every rule, so the
solver may take it as its first incumbent."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from portfolio_cases import Case, enumerate_case, instances, violations
from support import candidate_frame

from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.portfolio.start import greedy_start


@settings(max_examples=80, deadline=None)
@given(instances())
def test_greedy_start_is_feasible_when_given(case: Case) -> None:
    model = build_model(
        case.data, case.score, case.years, case.constraints, unavailable=case.unavailable
    )
    x = greedy_start(model)
    if x is None:
        return
    chosen = model.columns[x > 0.5]
    schedule = dict(zip(chosen["proposal"], chosen["start"].astype(int), strict=True))
    assert violations(case, schedule) == [], case.describe()
    activity = model.matrix @ x
    assert np.all(activity <= model.row_upper + 1e-7)
    assert np.all(activity >= model.row_lower - 1e-7)
    assert float(model.objective @ x) <= enumerate_case(case).best + 1e-9


def test_greedy_start_takes_the_best_ratio_first() -> None:
    import pandas as pd

    from mcda_kerjasama.constraints import Constraints

    data = candidate_frame([4.0, 1.0, 2.0], ["A", "B", "C"])
    score = pd.Series({"A": 4.0, "B": 3.0, "C": 2.0})  # ratios 1, 3, 1
    model = build_model(data, score, (2026,), Constraints(budget={2026: 3.0}))
    x = greedy_start(model)
    assert x is not None
    assert model.columns.loc[x > 0.5, "proposal"].tolist() == ["B", "C"]


def test_obligations_with_fewer_starts_are_placed_first() -> None:
    """A must-fund that may start in 2026 or 2027 and an ongoing proposal that runs in
    2026 only, one staff place a year: taken in row order the must-fund takes 2026 and
    the ongoing one breaks the cap (the greedy portfolio was then withheld at every
    budget of the 1,000-proposal benchmark); the one with fewer starts goes first."""
    import pandas as pd

    from mcda_kerjasama.constraints import Constraints, Rule

    data = candidate_frame([1.0, 1.0, 1.0], ["A", "B", "C"])
    data["staff"] = 1.0
    data.loc["B", "status"] = "berjalan"
    score = pd.Series({"A": 1.0, "B": 1.0, "C": 5.0})
    c = Constraints(
        budget={2026: 10.0, 2027: 10.0}, staff={2026: 1.0, 2027: 1.0}, must_fund=Rule(ids=("A",))
    )
    model = build_model(data, score, (2026, 2027), c)
    must = model.rows.index[model.rows["kind"] == "must"]
    assert model.rows.loc[must, "label"].tolist()[0] == "A"  # row order: A first
    x = greedy_start(model)
    assert x is not None
    chosen = model.columns[x > 0.5]
    assert dict(zip(chosen["proposal"], chosen["start"], strict=True)) == {"A": 2027, "B": 2026}


def test_the_row_order_of_obligations_is_tried_first() -> None:
    """Where the row order fits every obligation and the fewest-starts order does not,
    the row order's portfolio is the start (must-fund A fits only in 2026 although it
    has three starts; B, with two, would take the 2027 staff A needs)."""
    import pandas as pd

    from mcda_kerjasama.constraints import Constraints, Rule

    data = candidate_frame([5.0, 1.0, 1.0], ["A", "B", "C"])
    data["staff"] = [1.0, 1.0, 0.0]
    data.loc["A", "duration"] = 2
    data.loc["B", "earliest_start"] = 2027
    score = pd.Series({"A": 1.0, "B": 1.0, "C": 5.0})
    years = (2026, 2027, 2028)
    c = Constraints(
        budget={2026: 10.0, 2027: 10.0, 2028: 1.0},
        staff=dict.fromkeys(years, 1.0),
        must_fund=Rule(ids=("A", "B")),
    )
    model = build_model(data, score, years, c)
    x = greedy_start(model)
    assert x is not None
    chosen = model.columns[x > 0.5]
    picked = dict(zip(chosen["proposal"], chosen["start"], strict=True))
    assert picked == {"A": 2026, "B": 2028, "C": 2026}


def _greedy_start_before(model):
    """greedy_start as it was (numpy slices per column), the reference of the faster one."""
    n = model.n_columns
    if n == 0:
        return np.zeros(0)
    csc = model.matrix.tocsc()
    lower, upper = model.row_lower, model.row_upper
    activity = np.zeros(model.matrix.shape[0])
    x = np.zeros(n)
    proposal = model.columns["proposal"].to_numpy()
    chosen = set()

    def fits(j):
        rows = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        old = activity[rows]
        new = old + csc.data[csc.indptr[j] : csc.indptr[j + 1]]
        over = new > upper[rows] + 1e-7
        worse = (new < lower[rows] - 1e-7) & (new < old)
        return not (over.any() or worse.any())

    def take(j):
        lo, hi = csc.indptr[j], csc.indptr[j + 1]
        activity[csc.indices[lo:hi]] += csc.data[lo:hi]
        x[j] = 1.0
        chosen.add(proposal[j])

    first_col = [int(j) for j in np.flatnonzero(np.r_[True, proposal[1:] != proposal[:-1]])]
    for r in model.rows.index[model.rows["kind"] == "must"]:
        cols = np.sort(model.matrix.getrow(int(r)).indices)
        pick = next((int(j) for j in cols if fits(int(j))), int(cols[0]) if len(cols) else None)
        if pick is not None and proposal[pick] not in chosen:
            take(pick)
    cost = model.cost_by_year.sum(axis=0)
    ratio = np.where(cost > 0, model.objective / np.maximum(cost, 1e-12), np.inf)
    for j0 in sorted(first_col, key=lambda j: (-ratio[j], -model.objective[j], j)):
        if proposal[j0] in chosen or model.objective[j0] <= 0:
            continue
        j = j0
        while j < n and proposal[j] == proposal[j0]:
            if fits(j):
                take(j)
                break
            j += 1
    ok = np.all(activity <= upper + 1e-7) and np.all(activity >= lower - 1e-7)
    return x if ok else None


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(instances())
def test_greedy_start_equals_the_numpy_version_it_replaced(case: Case) -> None:
    model = build_model(
        case.data, case.score, case.years, case.constraints, unavailable=case.unavailable
    )
    mine, before = greedy_start(model), _greedy_start_before(model)
    assert (mine is None) == (before is None), case.describe()
    if mine is not None:
        assert np.array_equal(mine, before), case.describe()
