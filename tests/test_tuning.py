"""The weight tuner behind the weights notebook: direct weights, AHP judgements, the
ranking and the portfolio against a full run with the same weights."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.errors import JudgementError
from mcda_kerjasama.pipeline import prepare
from mcda_kerjasama.tuning import WeightTuner
from mcda_kerjasama.weights.compute import ahp_from_sets, judgement_sets

ROOT = Path(__file__).resolve().parents[1]
CONTOH = ROOT / "scenarios" / "contoh"
CONTOH_AHP = ROOT / "scenarios" / "contoh-ahp"


@cache
def _run_selected(weights: tuple[tuple[str, float], ...]) -> tuple[str, ...]:
    sets = [f"weights.values.{k}={v!r}" for k, v in weights]
    return run(load_scenario(CONTOH, sets)).selection.selected


@pytest.fixture
def tuner() -> WeightTuner:
    return WeightTuner(load_scenario(CONTOH))


@pytest.fixture
def ahp() -> WeightTuner:
    return WeightTuner.from_path(CONTOH_AHP)


def test_start_matches_run(tuner: WeightTuner) -> None:
    result = run(load_scenario(CONTOH))
    state = tuner.state
    assert state.selected == result.selection.selected
    assert state.total_value == pytest.approx(result.selection.objective)
    assert state.entered == state.left == state.entered_since_start == state.left_since_start == ()
    assert state.budget_used.to_numpy() == pytest.approx(result.selection.use["cost"].to_numpy())
    assert state.method == "direct" and state.consistency is None and state.seconds > 0


def test_set_weight_keeps_sum_and_proportions(tuner: WeightTuner) -> None:
    before = tuner.state.weights
    after = tuner.set_weight("potential", 0.6).weights
    assert float(after.sum()) == pytest.approx(1.0)
    assert float(after["potential"]) == pytest.approx(0.6)
    others = [k for k in before.index if k != "potential"]
    assert (after[others] / before[others]).to_numpy() == pytest.approx(0.4 / 0.8)
    assert tuner.set_weight("potential", 1.0).weights.drop("potential").sum() == 0
    # the others all zero: they share the rest equally
    assert tuner.set_weight("potential", 0.5).weights.drop("potential").tolist() == [0.125] * 4


def test_set_weights_normalises_and_keeps_unnamed(tuner: WeightTuner) -> None:
    w = tuner.set_weights({"mutual_benefit": 2.0, "real_need": 2.0}).weights
    raw = {"mutual_benefit": 2.0, "real_need": 2.0, "potential": 0.2}
    raw |= {"sustainability": 0.15, "inclusiveness": 0.1}
    expected = pd.Series(raw) / sum(raw.values())
    assert w.to_numpy() == pytest.approx(expected[w.index].to_numpy())


@pytest.mark.parametrize(
    ("criterion", "value"), [("nope", 0.5), ("potential", -0.1), ("potential", 1.5)]
)
def test_bad_weight_is_a_judgement_error(tuner: WeightTuner, criterion: str, value: float) -> None:
    before = tuner.state
    with pytest.raises(JudgementError):
        tuner.set_weight(criterion, value)
    assert tuner.state is before


def test_ranking_is_sorted_scores(tuner: WeightTuner) -> None:
    state = tuner.set_weights({"mutual_benefit": 0.1, "inclusiveness": 0.6})
    prepared = prepare(load_scenario(CONTOH))
    scores, candidates = prepared.scores, prepared.problem.candidates
    values = scores.values.loc[candidates.index]
    expected = 100 * values.to_numpy() @ state.weights[values.columns].to_numpy()
    ranking = state.ranking
    assert list(ranking.columns) == ["rank", "id", "title", "score"]
    assert ranking["rank"].tolist() == list(range(1, len(candidates) + 1))
    assert sorted(ranking["id"]) == sorted(candidates.index)
    by_id = pd.Series(expected, index=candidates.index)
    assert ranking["score"].to_numpy() == pytest.approx(by_id[ranking["id"]].to_numpy())
    assert bool(np.all(np.diff(ranking["score"].to_numpy()) <= 0))
    assert ranking["title"].tolist() == candidates.loc[ranking["id"], "title"].tolist()


WEIGHT_VECTORS = [
    {"mutual_benefit": 0.1, "real_need": 0.1, "potential": 0.6, "sustainability": 0.1,
     "inclusiveness": 0.1},
    {"mutual_benefit": 0.05, "real_need": 0.05, "potential": 0.05, "sustainability": 0.05,
     "inclusiveness": 0.8},
    {"mutual_benefit": 0.4, "real_need": 0.0, "potential": 0.3, "sustainability": 0.3,
     "inclusiveness": 0.0},
]  # fmt: skip


def test_portfolio_matches_full_run_and_differences(tuner: WeightTuner) -> None:
    start = set(tuner.state.selected)
    changed = False
    for weights in WEIGHT_VECTORS:
        previous = set(tuner.state.selected)
        state = tuner.set_weights(weights)
        assert state.selected == _run_selected(tuple(weights.items()))
        now = set(state.selected)
        assert set(state.entered) == now - previous and set(state.left) == previous - now
        assert set(state.entered_since_start) == now - start
        assert set(state.left_since_start) == start - now
        changed |= now != previous
    assert changed  # the vectors do move the portfolio


def test_reset_restores(tuner: WeightTuner, ahp: WeightTuner) -> None:
    start = tuner.state
    tuner.set_weight("potential", 0.9)
    back = tuner.reset()
    assert back.selected == start.selected and back.weights.equals(start.weights)
    assert back.entered_since_start == back.left_since_start == ()

    judgements = ahp.judgements()
    first = ahp.state
    ahp.set_judgement("mutual_benefit", "sustainability", 1 / 9, "Sekda")
    back = ahp.reset()
    assert ahp.judgements().equals(judgements)
    assert back.weights.equals(first.weights)
    assert back.consistency == first.consistency and back.suggestions == first.suggestions


def test_judgements_and_criteria(ahp: WeightTuner, tuner: WeightTuner) -> None:
    table = ahp.judgements()
    assert list(table.columns) == ["respondent", "a", "b", "value"]
    assert len(table) == 28 and set(table["respondent"]) == {"Sekda", "Bappeda", "Biro Kerja Sama"}
    assert tuner.judgements().empty
    assert list(tuner.criteria()) == list(tuner.scenario.criterion_keys)
    assert tuner.criteria()["mutual_benefit"] == "Saling menguntungkan"


def test_set_judgement_equals_ahp_from_sets(ahp: WeightTuner) -> None:
    scenario = ahp.scenario
    keys = scenario.criterion_keys
    state = ahp.set_judgement("real_need", "mutual_benefit", 3, "Bappeda")
    sets = judgement_sets(scenario.weights, keys)
    bappeda = sets["Bappeda"]
    judged = {**bappeda.judgements, ("mutual_benefit", "real_need"): 1 / 3}  # stored a/b
    expected = ahp_from_sets({**sets, "Bappeda": replace(bappeda, judgements=judged)},
                             scenario.weights, keys)  # fmt: skip
    assert state.weights.equals(expected.weights.reindex(list(keys)))
    assert state.consistency == expected.consistency
    assert state.method == expected.method
    row = ahp.judgements().query("respondent == 'Bappeda' and a == 'mutual_benefit'")
    assert row.set_index("b").loc["real_need", "value"] == pytest.approx(1 / 3)
    # the portfolio is a full run's with those weights
    direct = ",".join(f"{k}={float(v)!r}" for k, v in state.weights.items())
    again = run(load_scenario(CONTOH_AHP, [f"weights={{method='direct',values={{{direct}}}}}"]))
    assert state.selected == again.selection.selected


def test_inconsistent_judgement_brings_suggestions(ahp: WeightTuner) -> None:
    assert ahp.state.suggestions == ()
    cr_before = next(r.consistency_ratio for r in ahp.state.respondents if r.name == "Sekda")
    state = ahp.set_judgement("mutual_benefit", "sustainability", 1 / 9, "Sekda")
    sekda = next(r for r in state.respondents if r.name == "Sekda")
    assert sekda.consistency_ratio > max(0.1, cr_before)
    assert state.suggestions and {s.respondent for s in state.suggestions} == {"Sekda"}
    assert state.consistency != ahp.reset().consistency


@pytest.mark.parametrize(
    ("a", "b", "value", "respondent", "code"),
    [
        ("mutual_benefit", "potential", 12, "Sekda", "ahp_off_scale"),
        ("mutual_benefit", "potential", 2.5, "Sekda", "ahp_not_saaty"),
        ("mutual_benefit", "potential", 0, "Sekda", "ahp_value_nonpositive"),
        ("mutual_benefit", "nope", 3, "Sekda", "ahp_criterion_unknown"),
        ("potential", "potential", 3, "Sekda", "ahp_self_comparison"),
        ("mutual_benefit", "potential", 3, "Nobody", "tuning_respondent"),
        ("mutual_benefit", "potential", 3, None, "tuning_respondent"),
    ],
)
def test_bad_judgement_is_a_judgement_error(
    ahp: WeightTuner, a: str, b: str, value: float, respondent: str | None, code: str
) -> None:
    before = ahp.state
    with pytest.raises(JudgementError) as caught:
        ahp.set_judgement(a, b, value, respondent)
    assert [p.code for p in caught.value.problems] == [code]
    if code.startswith("ahp_") and code != "ahp_criterion_unknown":
        assert "potential" in caught.value.render("en")
    assert ahp.state is before and ahp.judgements().equals(WeightTuner(ahp.scenario).judgements())


def test_judgement_needs_ahp(tuner: WeightTuner) -> None:
    with pytest.raises(JudgementError) as caught:
        tuner.set_judgement("mutual_benefit", "potential", 3)
    assert [p.code for p in caught.value.problems] == ["tuning_not_ahp"]


def test_single_set_needs_no_respondent() -> None:
    pairs = "'mutual_benefit/real_need'=2,'real_need/potential'=2,"
    pairs += "'potential/sustainability'=3,'sustainability/inclusiveness'=1"
    tuner = WeightTuner(load_scenario(CONTOH, [f"weights={{method='ahp',pairs={{{pairs}}}}}"]))
    assert set(tuner.judgements()["respondent"]) == {""}
    state = tuner.set_judgement("real_need", "mutual_benefit", 2)
    assert state.weights["real_need"] == pytest.approx(state.weights["mutual_benefit"] * 2)


def test_update_is_timed() -> None:
    tuner = WeightTuner.from_path(ROOT / "scenarios" / "sumbar-2026")
    state = tuner.set_weight("inclusiveness", 0.4)
    assert state.seconds > 0 and len(state.ranking) >= len(state.selected)
