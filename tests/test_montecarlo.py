"""Monte Carlo over weight uncertainty: analytic cases, dominance, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from support import candidate_frame

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import SensitivityOptions
from mcda_kerjasama.sensitivity.montecarlo import monte_carlo, sample_weights


def _candidates(ids, cost=None):
    return candidate_frame(cost if cost is not None else [0.0] * len(ids), ids)


def _run(values, weights, draws, seed=0, workers=1, budget=1e9, cost=None, model="uniform"):
    ids = list(values.index)
    candidates = _candidates(ids, cost)
    problem = SelectionProblem(
        candidates,
        pd.Series(100.0 * values.to_numpy() @ weights.to_numpy(), index=ids),
        (2026,),
        Constraints(budget={2026: budget}),
        values=values,
        weights=weights,
    )
    return monte_carlo(
        problem, SensitivityOptions(draws=draws, seed=seed, model=model, workers=workers)
    )


def test_mirror_images_share_first_rank():
    values = pd.DataFrame({"a": [1.0, 0.0], "b": [0.0, 1.0]}, index=["P", "Q"])
    mc = _run(values, pd.Series({"a": 0.5, "b": 0.5}), draws=2000, seed=3)
    first = mc.rank_acceptability[1]
    se = np.sqrt(0.25 / 2000)
    assert first["P"] == pytest.approx(0.5, abs=4 * se)
    assert first["Q"] == pytest.approx(0.5, abs=4 * se)
    assert first.sum() == pytest.approx(1.0)


def test_unit_vectors_third_each_with_known_central_weights():
    values = pd.DataFrame(np.eye(3), index=["A", "B", "C"], columns=["x", "y", "z"])
    mc = _run(values, pd.Series(1 / 3, index=["x", "y", "z"]), draws=3000, seed=11)
    assert mc.rank_acceptability[1].to_numpy() == pytest.approx([1 / 3] * 3, abs=0.04)
    # E[w | w_x is the largest] for Dirichlet(1,1,1): 11/18 on x, 7/36 on the others
    assert mc.central_weights.loc["A", "x"] == pytest.approx(11 / 18, abs=0.02)
    assert mc.central_weights.loc["A", "y"] == pytest.approx(7 / 36, abs=0.02)


def test_dominance_never_worse_rank_acceptability():
    rng = np.random.default_rng(5)
    values = pd.DataFrame(rng.uniform(size=(6, 3)), index=list("ABCDEF"), columns=["x", "y", "z"])
    values.loc["A"] = values.loc["B"] + 0.1  # A dominates B on every criterion
    mc = _run(values.clip(upper=1.0), pd.Series(1 / 3, index=["x", "y", "z"]), draws=300)
    cum = mc.rank_acceptability.cumsum(axis=1)
    assert (cum.loc["A"] >= cum.loc["B"] - 1e-12).all()


def test_portfolio_frequencies_and_classes():
    # budget for two of three; C is cheapest but worst on every criterion
    values = pd.DataFrame({"x": [1.0, 0.0, 0.0], "y": [0.0, 1.0, 0.0]}, index=["A", "B", "C"])
    mc = _run(values, pd.Series({"x": 0.5, "y": 0.5}), draws=200, budget=2.0, cost=[1.0, 1.0, 1.0])
    assert mc.classification.to_dict() == {"A": "core", "B": "core", "C": "exterior"}
    assert mc.standard_error.to_dict() == {"A": 0.0, "B": 0.0, "C": 0.0}
    assert mc.portfolios["portfolio"][0] == ["A", "B"]


def test_same_result_whatever_the_number_of_workers():
    rng = np.random.default_rng(2)
    values = pd.DataFrame(
        rng.uniform(size=(8, 3)), index=[f"P{i}" for i in range(8)], columns=["x", "y", "z"]
    )
    kwargs = {"draws": 120, "seed": 9, "budget": 3.0, "cost": [1.0] * 8, "model": "dirichlet"}
    one = _run(values, pd.Series([0.5, 0.3, 0.2], index=["x", "y", "z"]), workers=1, **kwargs)
    two = _run(values, pd.Series([0.5, 0.3, 0.2], index=["x", "y", "z"]), workers=2, **kwargs)
    pd.testing.assert_frame_equal(one.weights, two.weights)
    pd.testing.assert_series_equal(one.selection_frequency, two.selection_frequency)
    pd.testing.assert_frame_equal(one.rank_acceptability, two.rank_acceptability)


@pytest.mark.parametrize("model", ["uniform", "dirichlet", "order", "intervals"])
def test_weight_models(model):
    base = pd.Series({"a": 0.5, "b": 0.3, "c": 0.2})
    options = SensitivityOptions(
        model=model, concentration=200.0, intervals={"a": (0.4, 0.6), "b": (0.2, 0.4)}
    )
    w = sample_weights(base, 500, np.random.default_rng(1), options)
    assert w.shape == (500, 3)
    assert np.allclose(w.sum(axis=1), 1.0) and (w >= 0).all()
    if model == "order":
        assert (w[:, 0] >= w[:, 1]).all() and (w[:, 1] >= w[:, 2]).all()
    if model == "intervals":
        assert ((w[:, 0] >= 0.4) & (w[:, 0] <= 0.6)).all()
        assert ((w[:, 1] >= 0.2) & (w[:, 1] <= 0.4)).all()
    if model == "dirichlet":
        assert w.mean(axis=0) == pytest.approx(base.to_numpy(), abs=0.02)


def test_impossible_intervals_are_an_error():
    from mcda_kerjasama.errors import InputError

    options = SensitivityOptions(model="intervals", intervals={"a": (0.9, 1.0), "b": (0.9, 1.0)})
    with pytest.raises(InputError):
        sample_weights(pd.Series({"a": 0.5, "b": 0.5}), 10, np.random.default_rng(0), options)


def test_judgement_perturbation_model(contoh):
    from pathlib import Path

    from mcda_kerjasama.pipeline import sensitivity
    from mcda_kerjasama.scenario import load_scenario

    ahp = Path(contoh).parent / "contoh-ahp"
    scenario = load_scenario(ahp, ["sensitivity.model=judgements", "sensitivity.draws=40"])
    mc = sensitivity(scenario).monte_carlo
    w = mc.weights.to_numpy()
    assert np.allclose(w.sum(axis=1), 1.0)
    assert w.std(axis=0).max() > 0  # the judgements did move
    assert np.abs(w.mean(axis=0) - np.array([0.327, 0.319, 0.127, 0.089, 0.137])).max() < 0.06


def test_judgement_model_needs_ahp(contoh):
    from mcda_kerjasama.errors import InputError
    from mcda_kerjasama.pipeline import sensitivity
    from mcda_kerjasama.scenario import load_scenario

    with pytest.raises(InputError):
        sensitivity(load_scenario(contoh, ["sensitivity.model=judgements", "sensitivity.draws=5"]))


def test_borderline_frequency_equals_the_probability_of_the_weights_that_flip_the_order():
    # One place in the budget for P, Q or S; R costs nothing. With uniform weights w_x is
    # uniform on [0, 1]; P scores 100 w_x, Q always 30, S always 10, R always 50: P is
    # chosen exactly when w_x > 0.3 (probability 0.7), Q otherwise, S never, R always.
    values = pd.DataFrame(
        {"x": [1.0, 0.3, 0.5, 0.1], "y": [0.0, 0.3, 0.5, 0.1]}, index=["P", "Q", "R", "S"]
    )
    draws = 400
    mc = _run(
        values,
        pd.Series({"x": 0.5, "y": 0.5}),
        draws=draws,
        seed=4,
        budget=1.0,
        cost=[1.0, 1.0, 0.0, 1.0],
        model="uniform",
    )
    w_x = mc.weights["x"].to_numpy()
    p_chosen = w_x > 0.3  # per draw, from the weights alone
    freq = mc.selection_frequency
    assert freq["P"] == p_chosen.mean()  # draw by draw, not only on average
    assert freq["Q"] == 1 - p_chosen.mean()
    assert (freq["R"], freq["S"]) == (1.0, 0.0)
    se = np.sqrt(0.7 * 0.3 / draws)
    assert 0 < freq["P"] < 1 and freq["P"] == pytest.approx(0.7, abs=4 * se)
    assert mc.classification.to_dict() == {
        "P": "borderline",
        "Q": "borderline",
        "R": "core",
        "S": "exterior",
    }
    f = freq["P"]
    assert mc.standard_error["P"] == pytest.approx(np.sqrt(f * (1 - f) / draws))
    assert mc.standard_error["Q"] == pytest.approx(mc.standard_error["P"])
    assert (mc.standard_error["R"], mc.standard_error["S"]) == (0.0, 0.0)
    top = mc.portfolios.set_index(mc.portfolios["portfolio"].map(tuple))["share"]
    assert top.to_dict() == pytest.approx({("P", "R"): f, ("Q", "R"): 1 - f})
    # ranks: P first exactly when 100 w_x > 50
    assert mc.rank_acceptability.loc["P", 1] == pytest.approx((w_x > 0.5).mean())
    assert mc.rank_acceptability.loc["R", 1] == pytest.approx((w_x <= 0.5).mean())
    assert mc.proofs.get("unproven", 0) == 0


def test_a_frequency_of_one_draw_in_many_is_borderline_not_core():
    # P is chosen only when w_x > 0.99: in a handful of 600 draws, but not in all
    values = pd.DataFrame({"x": [1.0, 0.99], "y": [0.0, 0.99]}, index=["P", "Q"])
    mc = _run(values, pd.Series({"x": 0.5, "y": 0.5}), draws=600, seed=1, budget=1.0,
              cost=[1.0, 1.0], model="uniform")  # fmt: skip
    chosen = (mc.weights["x"] > 0.99).to_numpy()
    assert 0 < chosen.sum() < 600
    assert mc.selection_frequency["P"] == chosen.mean()
    assert mc.classification.to_dict() == {"P": "borderline", "Q": "borderline"}
