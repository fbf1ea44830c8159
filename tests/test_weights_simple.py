"""Direct, equal, ROC, rank sum and SWING weights."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_kerjasama.errors import JudgementError
from mcda_kerjasama.weights.simple import (
    direct_weights,
    equal_weights,
    rank_sum_weights,
    roc_weights,
    swing_weights,
)

FIVE = ["mutual_benefit", "real_need", "potential", "sustainability", "inclusiveness"]


def test_roc_published_values_for_five() -> None:
    # Barron & Barrett (1996), Table 1: ROC weights for n = 5
    w = roc_weights(FIVE).weights
    assert w.round(4).tolist() == [0.4567, 0.2567, 0.1567, 0.0900, 0.0400]
    assert w.index.tolist() == FIVE


def test_rank_sum_formula() -> None:
    w = rank_sum_weights({"a": 3, "b": 1, "c": 4, "d": 2}).weights
    assert w.to_dict() == pytest.approx({"a": 0.2, "b": 0.4, "c": 0.1, "d": 0.3})


def test_rank_and_order_forms_agree() -> None:
    order = ["c", "a", "b"]
    ranks = {"a": 2, "b": 3, "c": 1}
    assert roc_weights(order, ["a", "b", "c"]).weights.equals(roc_weights(ranks).weights)


def test_direct_equal_swing() -> None:
    assert direct_weights({"a": 1, "b": 3}).weights.tolist() == [0.25, 0.75]
    assert direct_weights({"a": 0, "b": 2}).weights.tolist() == [0.0, 1.0]
    assert equal_weights(FIVE).weights.sum() == pytest.approx(1.0)
    s = swing_weights({"a": 100, "b": 50, "c": 0, "d": 50})
    assert s.weights.tolist() == [0.5, 0.25, 0.0, 0.25]
    assert s.method == "swing" and "points" in s.details


def _codes(err: pytest.ExceptionInfo[JudgementError]) -> list[str]:
    return [p.code for p in err.value.problems]


def test_direct_bad_input_reports_everything() -> None:
    with pytest.raises(JudgementError) as err:
        direct_weights({"a": -1, "b": float("nan"), "x": 2}, ["a", "b", "c"])
    assert sorted(_codes(err)) == [
        "weights_missing",
        "weights_negative",
        "weights_not_number",
        "weights_unknown_criterion",
    ]
    text = err.value.render("en")
    assert "`c`" in text and "`x`" in text


def test_all_zero_is_an_error() -> None:
    with pytest.raises(JudgementError) as err:
        direct_weights({"a": 0, "b": 0})
    assert _codes(err) == ["weights_all_zero"]


def test_swing_needs_a_best_of_100_and_points_in_range() -> None:
    with pytest.raises(JudgementError) as err:
        swing_weights({"a": 80, "b": 40})
    assert _codes(err) == ["swing_no_best"]
    with pytest.raises(JudgementError) as err:
        swing_weights({"a": 100, "b": 140, "c": -5})
    assert _codes(err) == ["swing_range", "swing_range"]


def test_rank_ties_and_gaps() -> None:
    with pytest.raises(JudgementError) as err:
        roc_weights({"a": 1, "b": 1, "c": 5})
    assert sorted(_codes(err)) == ["rank_invalid", "rank_tie"]
    assert "a, b" in err.value.render("en")
    with pytest.raises(JudgementError) as err:
        rank_sum_weights(["a", "b"], ["a", "b", "c"])
    assert _codes(err) == ["rank_incomplete"]
    with pytest.raises(JudgementError):
        roc_weights(["a", "a", "b"])
    with pytest.raises(JudgementError) as err:
        equal_weights([])
    assert _codes(err) == ["weights_no_criteria"]


@given(st.integers(1, 30))
def test_rank_methods_sum_to_one_and_decrease(n: int) -> None:
    names = [f"c{i}" for i in range(n)]
    for method in (roc_weights, rank_sum_weights):
        w = method(names).weights
        assert math.isclose(w.sum(), 1.0, rel_tol=1e-12)
        assert w.is_monotonic_decreasing and (w > 0).all()
