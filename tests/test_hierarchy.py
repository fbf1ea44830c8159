"""Criteria trees: global weight is the product of local weights down the tree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_kerjasama.errors import JudgementError
from mcda_kerjasama.weights.ahp import ahp_weights
from mcda_kerjasama.weights.hierarchy import hierarchy_weights
from mcda_kerjasama.weights.simple import direct_weights, equal_weights


def test_three_levels_mixed_methods() -> None:
    top = ahp_weights(
        {("benefit", "need"): 3, ("benefit", "inclusion"): 3, ("need", "inclusion"): 1}
    )
    children = {
        "benefit": direct_weights({"economic": 3, "social": 1}),
        "social": equal_weights(["health", "education"]),
        "need": ahp_weights({("gap", "indicator"): 2}),
    }
    w = hierarchy_weights(top, children)
    t = top.weights
    assert w.weights.index.tolist() == [
        "economic",
        "health",
        "education",
        "gap",
        "indicator",
        "inclusion",
    ]
    assert w.weights["health"] == pytest.approx(t["benefit"] * 0.25 * 0.5)
    assert w.weights["gap"] == pytest.approx(t["need"] * 2 / 3)
    assert w.weights.sum() == pytest.approx(1.0)
    assert w.details["global"]["social"] == pytest.approx(t["benefit"] * 0.25)
    assert w.details["parent"]["health"] == "social"
    assert set(w.details["consistency"]) == {"(goal)", "need"}
    assert w.consistency == top.consistency


def test_suggestions_and_completions_are_collected() -> None:
    top = ahp_weights({("a", "b"): 2, ("b", "c"): 2})  # (a, c) completed
    sub = {"a": ahp_weights({("x", "y"): 5, ("y", "z"): 5, ("x", "z"): 1 / 5})}
    w = hierarchy_weights(top, sub)
    assert [(c.a, c.b) for c in w.completed] == [("a", "c")]
    assert w.suggestions == sub["a"].suggestions and w.suggestions


def test_tree_errors() -> None:
    top = direct_weights({"a": 1, "b": 1})
    with pytest.raises(JudgementError) as err:
        hierarchy_weights(
            top,
            {
                "a": direct_weights({"x": 1, "b": 1}),  # b is also a main criterion
                "zzz": direct_weights({"y": 1}),  # not in the tree
            },
        )
    assert sorted(p.code for p in err.value.problems) == [
        "hierarchy_duplicate",
        "hierarchy_unknown_parent",
    ]
    with pytest.raises(JudgementError) as err:
        hierarchy_weights(
            direct_weights({"a": 1}),
            {"a": direct_weights({"b": 1}), "b": direct_weights({"a": 1})},
        )
    assert [p.code for p in err.value.problems] == ["hierarchy_cycle"]


@given(
    st.lists(st.floats(0.01, 10), min_size=2, max_size=5),
    st.lists(st.floats(0.01, 10), min_size=2, max_size=5),
)
def test_leaves_sum_to_one(top_values: list[float], sub_values: list[float]) -> None:
    top = direct_weights({f"t{i}": v for i, v in enumerate(top_values)})
    sub = {"t0": direct_weights({f"s{i}": v for i, v in enumerate(sub_values)})}
    w = hierarchy_weights(top, sub)
    assert w.weights.sum() == pytest.approx(1.0)
    assert len(w.weights) == len(top_values) - 1 + len(sub_values)
