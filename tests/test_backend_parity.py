"""One suite over every backend for what sits on top of the solves: the infeasibility
diagnosis, the explanations (forcing prices, reserve order, the LP duals behind the
marginal values), the re-optimiser and the frontier give the same answers whichever
backend the scenario names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from portfolio_cases import frame, instances
from support import CONTOH

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.errors import InfeasibleError
from mcda_kerjasama.portfolio.backends import MixedProgram, get_backend
from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.portfolio.select import solve_portfolio
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.report.result import result_to_dict
from mcda_kerjasama.scenario import SolverOptions

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BACKENDS = ("highs", "cbc")
JT = 1e6


def diagnosis(backend: str, budget: dict[int, float], total: float | None = None) -> list[str]:
    costs = {"P1": 200 * JT, "P2": 300 * JT, "P3": 400 * JT}
    data = frame({p: {"cost": c, "nature": "wajib"} for p, c in costs.items()})
    constraints = Constraints(budget=budget, budget_total=total)
    score = pd.Series(1.0, index=data.index)
    options = SolverOptions(backend=backend)
    with pytest.raises(InfeasibleError) as caught:
        solve_portfolio(SelectionProblem(data, score, tuple(budget), constraints, options))
    return [c.render("en") for c in caught.value.conflicts]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_diagnosis_is_the_same_on_every_backend(backend):
    uneven = {2026: 350 * JT, 2027: 450 * JT}
    assert diagnosis(backend, uneven) == diagnosis("highs", uneven)
    text = " ".join(diagnosis(backend, uneven))
    assert "+Rp 50 m" in text  # the smallest relaxation, not 900 juta
    assert diagnosis(backend, {2026: 2e9}, total=650 * JT) == diagnosis(
        "highs", {2026: 2e9}, total=650 * JT
    )


def comparable(result) -> dict:
    out = result_to_dict(result, "en")
    out.pop("solver")
    for item in out["marginal_values"]:
        item["per_unit"] = round(item["per_unit"] * 1e9, 4)  # CBC prints 8 digits
    return out


def test_the_explanations_are_the_same_on_every_backend():
    highs = comparable(run(load_scenario(CONTOH)))
    cbc = comparable(run(load_scenario(CONTOH, ["solver.backend=cbc"])))
    assert cbc == highs
    assert highs["price_of_forcing"] and highs["reserve_order"] and highs["marginal_values"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_lp_sessions_give_valid_duals(backend):
    """The relaxation's duals certify its value: strong duality on the bundled model."""
    scenario = load_scenario(CONTOH)
    model = run(scenario).selection.model
    relaxed = MixedProgram.from_model(model).relaxed()
    found = get_backend(backend).session(relaxed, 30).run()
    assert found.finished and found.row_duals is not None
    reference = get_backend("highs").session(relaxed, 30).run()
    assert found.objective == pytest.approx(reference.objective, rel=1e-7)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=15, deadline=None)
@given(case=instances())
def test_the_reoptimiser_agrees_with_a_full_solve_on_every_backend(backend, case):
    model = build_model(
        case.data, case.score, case.years, case.constraints, unavailable=case.unavailable
    )
    full = get_backend("highs").solve(model, SolverOptions())
    if full.status == "infeasible":
        return
    rng = np.random.default_rng(0)
    solver = Reoptimiser(model, 30.0, backend=backend)
    for _ in range(3):
        c = rng.uniform(0, 10, model.n_columns)
        x = solver.solve(c)
        best = get_backend("highs").solve(model.with_objective(c, "max"), SolverOptions())
        assert float(c @ x) == pytest.approx(best.objective, rel=1e-7, abs=1e-6)
