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
