"""Group AHP: AIJ, AIP, respondent weights, exclusion and disagreement."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_kerjasama.errors import JudgementError
from mcda_kerjasama.weights.ahp import ahp_weights
from mcda_kerjasama.weights.group import group_ahp_weights
from mcda_kerjasama.weights.judgements import read_judgement_pairs

DATA = Path(__file__).parent / "data" / "judgements"
CRITERIA = ["a", "b", "c"]
CONSISTENT = {("a", "b"): 2, ("a", "c"): 4, ("b", "c"): 2}
INCONSISTENT = {("a", "b"): 5, ("a", "c"): 1 / 3, ("b", "c"): 5}


def test_aij_is_the_weighted_geometric_mean_of_judgements() -> None:
    group = group_ahp_weights(
        {"x": {("a", "b"): 2, ("a", "c"): 4, ("b", "c"): 2}, "y": {("a", "b"): 8, ("a", "c"): 1}},
        CRITERIA,
        respondent_weights={"x": 3, "y": 1},
    )
    matrix = group.details["matrix"]
    assert matrix.loc["a", "b"] == pytest.approx(2**0.75 * 8**0.25)
    assert matrix.loc["a", "c"] == pytest.approx(4**0.75)
    # only x judged (b, c): y's skip does not count against it
    assert matrix.loc["b", "c"] == pytest.approx(2.0)
    assert group.method == "ahp_aij" and group.consistency is not None
    assert [r.weight for r in group.respondents] == [0.75, 0.25]


def test_aip_means() -> None:
    x, y = ahp_weights(CONSISTENT).weights, ahp_weights(INCONSISTENT).weights
    sets = {"x": CONSISTENT, "y": INCONSISTENT}
    arith = group_ahp_weights(sets, aggregation="aip", mean="arithmetic")
    assert arith.weights.to_numpy() == pytest.approx(((x + y) / 2).to_numpy())
    geo = group_ahp_weights(sets, aggregation="aip")
    expected = np.sqrt(x * y) / np.sqrt(x * y).sum()
    assert geo.weights.to_numpy() == pytest.approx(expected.to_numpy())
    assert geo.consistency is None and geo.method == "ahp_aip"


def test_every_respondent_cr_and_suggestions_are_reported() -> None:
    group = group_ahp_weights({"ok": CONSISTENT, "bad": INCONSISTENT})
    by_name = {r.name: r for r in group.respondents}
    assert by_name["ok"].consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert by_name["bad"].consistency_ratio > 0.1
    assert all(r.included for r in group.respondents)
    assert group.suggestions and {s.respondent for s in group.suggestions} == {"bad"}


def test_exclusion_is_reported_never_silent() -> None:
    group = group_ahp_weights({"ok": CONSISTENT, "bad": INCONSISTENT}, exclude_inconsistent=True)
    by_name = {r.name: r for r in group.respondents}
    assert not by_name["bad"].included and by_name["bad"].weight == 0.0
    assert group.details["excluded"] == ["bad"]
    assert group.weights.to_numpy() == pytest.approx(ahp_weights(CONSISTENT).weights.to_numpy())


def test_excluding_everybody_is_an_error() -> None:
    with pytest.raises(JudgementError) as err:
        group_ahp_weights({"p": INCONSISTENT, "q": INCONSISTENT}, exclude_inconsistent=True)
    assert [p.code for p in err.value.problems] == ["ahp_group_nobody_consistent"]


def test_disagreement_ranks_the_contested_pair_first() -> None:
    group = group_ahp_weights(
        {
            "x": {("a", "b"): 1 / 5, ("a", "c"): 2, ("b", "c"): 2},
            "y": {("a", "b"): 5, ("a", "c"): 2, ("b", "c"): 3},
        }
    )
    table = group.details["disagreement"]
    assert table.iloc[0][["a", "b"]].tolist() == ["a", "b"]
    assert table.iloc[0]["sd_log"] == pytest.approx(math.log(5))
    assert table.set_index(["a", "b"]).loc[("a", "c"), "sd_log"] == 0.0


def test_group_from_pairs_file_with_a_skipped_pair() -> None:
    criteria = ["mutual_benefit", "real_need", "potential"]
    sets = read_judgement_pairs(DATA / "pairs_group.csv", criteria)
    group = group_ahp_weights(sets, criteria)
    counts = group.details["disagreement"].set_index(["a", "b"])["n"]
    assert counts[("mutual_benefit", "real_need")] == 1  # Bappeda skipped it
    assert group.weights.sum() == pytest.approx(1.0)
    assert {r.name for r in group.respondents} == {"Ketua TKKSD", "Bappeda"}


def test_disconnected_respondent_in_a_file_is_named(tmp_path: Path) -> None:
    p = tmp_path / "p.csv"
    p.write_text("a,b,nilai,responden\nx,y,2,Ani\ny,z,2,Ani\nx,y,3,Budi\n", encoding="utf-8")
    with pytest.raises(JudgementError) as err:
        group_ahp_weights(read_judgement_pairs(p), ["x", "y", "z"])
    (problem,) = err.value.problems
    assert problem.code == "ahp_not_connected" and problem.source == "p.csv (Budi)"


def test_bad_group_input_reports_everything() -> None:
    with pytest.raises(JudgementError) as err:
        group_ahp_weights(
            {"x": CONSISTENT, "y": CONSISTENT},
            respondent_weights={"x": -1, "z": 1},
        )
    assert sorted(p.code for p in err.value.problems) == [
        "ahp_respondent_unknown",
        "ahp_respondent_weight_missing",
        "weights_negative",
    ]
    with pytest.raises(JudgementError) as err:
        group_ahp_weights({"x": {("a", "b"): 2}, "y": {("c", "d"): 2}})
    assert {p.source for p in err.value.problems} == {"x", "y"}
    with pytest.raises(JudgementError):
        group_ahp_weights({})
    with pytest.raises(JudgementError):
        group_ahp_weights({"x": CONSISTENT}, aggregation="median")  # type: ignore[arg-type]


saaty_values = st.sampled_from([1 / 9, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 9])


@settings(max_examples=30, deadline=None)
@given(st.lists(saaty_values, min_size=6, max_size=6), st.integers(2, 5))
def test_identical_respondents_change_nothing(values: list[float], copies: int) -> None:
    names = ["k0", "k1", "k2", "k3"]
    pairs = [(names[i], names[j]) for i in range(4) for j in range(i + 1, 4)]
    judgements = dict(zip(pairs, values, strict=True))
    alone = ahp_weights(judgements, names)
    crowd = {f"r{k}": judgements for k in range(copies)}
    for aggregation in ("aij", "aip"):
        group = group_ahp_weights(crowd, names, aggregation=aggregation)  # type: ignore[arg-type]
        assert group.weights.to_numpy() == pytest.approx(alone.weights.to_numpy(), abs=1e-10)
    aij = group_ahp_weights(crowd, names)
    assert aij.consistency.consistency_ratio == pytest.approx(
        alone.consistency.consistency_ratio, abs=1e-10
    )
    assert (aij.details["disagreement"]["sd_log"].abs() < 1e-12).all()
