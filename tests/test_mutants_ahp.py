"""AHP details the other tests leave open (found by scripts/mutation.py): the published
scales and tables written out, every matrix and pair problem located exactly, the
boundaries of the value checks, small matrices, and the repair suggestions around
judgements no other judgement constrains."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mcda_kerjasama.errors import JudgementError
from mcda_kerjasama.weights.ahp import (
    SAATY_SCALE,
    VALUE_TOLERANCE,
    PairwiseComparisons,
    ahp_weights,
    analyse,
    build_comparisons,
    check_value,
    comparisons_from_matrix,
    comparisons_from_pairs,
    consistency,
    geometric_consistency_index,
    inconsistency_contributions,
    llsm_weights,
    nearest_scale_value,
    random_index,
    suggest_repairs,
)


def problems_of(call, *args, **kwargs) -> list:
    with pytest.raises(JudgementError) as caught:
        call(*args, **kwargs)
    return caught.value.problems


def located(problems) -> list[tuple]:
    return [(p.code, p.row, p.column, p.value) for p in problems]


# --- the published scale and tables ----------------------------------------------------


def test_saaty_scale_is_one_ninth_to_nine():
    expected = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert sorted(SAATY_SCALE) == pytest.approx(expected, rel=1e-15)
    assert len(SAATY_SCALE) == 17
    assert nearest_scale_value(0.105) == pytest.approx(1 / 9)
    assert nearest_scale_value(12.0) == 9.0
    assert nearest_scale_value(1.2) == 1.0
    assert nearest_scale_value(0.55) == 0.5


def test_random_index_tables_as_published():
    saaty = [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57,
             1.59]  # fmt: skip
    alonso_lamata = [0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854,
                     1.5141, 1.5365, 1.5551, 1.5713, 1.5838]  # fmt: skip
    assert [random_index(n, "saaty") for n in range(1, 16)] == saaty
    assert [random_index(n) for n in range(1, 16)] == alonso_lamata


# --- values -----------------------------------------------------------------------------


def test_the_reverse_of_a_judgement_is_its_reciprocal():
    pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 4.0})
    assert pc.value("a", "b") == 4.0
    assert pc.value("b", "a") == 0.25
    assert pc.value("a", "c") is None


def test_values_at_the_edge_of_the_scale():
    edge = math.exp(math.log(9) + VALUE_TOLERANCE)  # 9 with the tolerance, exactly
    assert check_value(edge) == (edge, None)
    assert check_value(1 / edge) == (1 / edge, None)
    assert check_value(edge * 1.001)[1] == "ahp_off_scale"
    assert check_value(1.96, "saaty") == (2.0, None)  # typed 1.96: read as 2, not 1/2
    assert check_value(1.0, "saaty") == (1.0, None)
    assert check_value(0.51, "saaty") == (0.5, None)


# --- building and re-labelling ------------------------------------------------------------


def test_relabelled_comparisons_keep_their_values_source_and_scale():
    pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 2.5, ("b", "c"): 3.0}, "p.csv")
    assert build_comparisons(pc) is pc
    assert build_comparisons(pc, ["a", "b", "c"]) is pc
    again = build_comparisons(pc, ["c", "b", "a"])  # 2.5 is not a Saaty value: still kept
    assert again.criteria == ("c", "b", "a")
    assert again.judgements == {("a", "b"): 2.5, ("b", "c"): 3.0}
    assert again.source == "p.csv"
    other = PairwiseComparisons(("a", "b"), {("a", "b"): 2.0})
    assert build_comparisons(other, ["b", "a"], source="q.csv").source == "q.csv"


def test_a_matrix_on_the_continuous_scale_keeps_any_value():
    m = np.array([[1.0, 2.5], [0.4, 1.0]])
    assert build_comparisons(m, ["a", "b"], scale="continuous").judgements == {("a", "b"): 2.5}
    problems = problems_of(build_comparisons, m, ["a", "b"])  # matrices: Saaty's scale
    assert {p.code for p in problems} == {"ahp_not_saaty"}


# --- pairs ------------------------------------------------------------------------------


def test_pair_problems_name_the_column_and_are_all_collected():
    items = [
        ("z", "a", 2),
        ("a", "y", 2),
        ("a", "z", 2),
        ("q", "q", 1),
        ("a", "a", 1),
        ("a", "b", 0),
        ("a", "b", 2),
        ("b", "a", 3),
    ]
    locations = [{"row": k} for k in range(2, 10)]
    problems = problems_of(
        comparisons_from_pairs, items, ["a", "b"], "continuous", "p.csv", locations
    )
    assert located(problems) == [
        ("ahp_criterion_unknown", 2, "a", "z"),
        ("ahp_criterion_unknown", 3, "b", "y"),
        ("ahp_criterion_unknown", 4, "b", "z"),
        ("ahp_criterion_unknown", 5, "a", "q"),  # an unknown name, not a self-comparison
        ("ahp_criterion_unknown", 5, "b", "q"),
        ("ahp_self_comparison", 6, None, "a"),
        ("ahp_value_nonpositive", 7, "nilai", 0),
        ("ahp_pair_duplicate", 9, "nilai", 3),  # (z, a) and (a, z) were never recorded
    ]
    assert all(p.source == "p.csv" for p in problems)


# --- matrices ---------------------------------------------------------------------------


def square(rows, names="abc", dtype=object) -> pd.DataFrame:
    return pd.DataFrame(rows, index=list(names), columns=list(names), dtype=dtype)


def test_matrix_labels_and_criteria_problems_are_located():
    frame = pd.DataFrame(np.eye(3), index=["a", "x", "c"], columns=["a", "b", "c"])
    (p,) = problems_of(comparisons_from_matrix, frame, None, "saaty", "m.csv", first_row=5)
    assert (p.code, p.row, p.column, p.value) == ("ahp_label_mismatch", 6, "b", "x")
    frame = square(np.ones((3, 3)), dtype=float)
    (p,) = problems_of(comparisons_from_matrix, frame, ["a", "b", "d", "e"], "saaty", None)
    assert p.code == "ahp_criteria_mismatch"
    assert p.params == {"missing": "d, e", "extra": "c"}
    (p,) = problems_of(comparisons_from_matrix, frame, ["a", "b"], "saaty", None)
    assert p.params == {"missing": "-", "extra": "c"}
    same = comparisons_from_matrix(frame, ["c", "a", "b"], "saaty", None)  # any order
    assert same.criteria == ("a", "b", "c")
    dupes = pd.DataFrame(np.ones((3, 3)), index=["a", "a", "b"], columns=["a", "a", "b"])
    (p,) = problems_of(comparisons_from_matrix, dupes, None, "saaty", None)
    assert (p.code, p.value) == ("ahp_criterion_duplicate", "a")


def test_blank_cells_are_skipped_wherever_they_are():
    frame = square([[1, None, 3], ["  ", 1, float("nan")], [None, 0.5, 1]])
    pc = comparisons_from_matrix(frame, None, "saaty", None)
    assert pc.judgements == {("a", "c"): 3.0, ("c", "b"): 0.5}
    (p,) = problems_of(comparisons_from_matrix, square([[1, "x"], [None, 1]], "ab"), None,
                       "saaty", None)  # fmt: skip
    assert (p.code, p.row, p.column, p.value) == ("ahp_value_invalid", 2, "b", "x")


def test_each_pair_once_whichever_cells_are_given():
    full = comparisons_from_matrix(square([[1, 3], [1 / 3, 1]], "ab"), None, "saaty", None)
    assert full.judgements == {("a", "b"): 3.0}
    lower = comparisons_from_matrix(square([[1, None], [0.5, 1]], "ab"), None, "saaty", None)
    assert lower.judgements == {("b", "a"): 0.5}
    # both given on the continuous scale: the one >= 1 is kept as typed
    both = square([[1, 1.5], [0.67, 1]], "ab")
    assert comparisons_from_matrix(both, None, "continuous", None).judgements == {("a", "b"): 1.5}
    one = square([[1, 1], [1.02, 1]], "ab")  # a typed 1 stays 1, not 1 / 1.02
    assert comparisons_from_matrix(one, None, "continuous", None).judgements == {("a", "b"): 1}
    reverse = square([[1, 0.67], [1.5, 1]], "ab")
    assert comparisons_from_matrix(reverse, None, "continuous", None).judgements == {
        ("a", "b"): 1 / 1.5
    }


def test_diagonal_must_be_one():
    frame = square([[2, 3, None], [None, 1, None], [None, None, "x"]])
    problems = problems_of(comparisons_from_matrix, frame, None, "saaty", "m.csv")
    assert located(problems) == [("ahp_diagonal", 2, "a", 2), ("ahp_diagonal", 4, "c", "x")]


def test_every_pair_that_is_not_reciprocal_is_named():
    frame = square([[1, 3, 0.333333], [3, 1, None], [5, None, 1]])
    problems = problems_of(comparisons_from_matrix, frame, None, "continuous", "m.csv")
    assert located(problems) == [
        ("ahp_not_reciprocal", 3, "a", 3),
        ("ahp_not_reciprocal", 4, "a", 5),
    ]
    first, second = problems
    assert first.params == {"a": "a", "b": "b", "other": "3", "other_row": 2, "product": "9"}
    assert second.params == {
        "a": "a",
        "b": "c",
        "other": "0.3333",
        "other_row": 2,
        "product": "1.67",
    }


# --- small matrices and disconnected sets -------------------------------------------------


def test_two_criteria_have_no_inconsistency():
    m = np.array([[1.0, 3.0], [1 / 3, 1.0]])
    assert geometric_consistency_index(m) == 0.0
    c = consistency(m)
    assert (c.lambda_max, c.consistency_index, c.consistency_ratio, c.gci) == (2, 0, 0, 0)
    assert c.consistent and c.n == 2


def test_two_separate_groups_are_an_error():
    pc = PairwiseComparisons(("a", "b", "c", "d"), {("a", "b"): 2.0, ("c", "d"): 3.0})
    (p,) = problems_of(llsm_weights, pc)
    assert (p.code, p.params["groups"]) == ("ahp_not_connected", "{a, b} | {c, d}")


# --- inconsistency table and repairs -------------------------------------------------------


def test_inconsistency_table_largest_deviation_first():
    m = np.array([[1.0, 2.0, 8.0], [0.5, 1.0, 1.0], [1 / 8, 1.0, 1.0]])
    table = inconsistency_contributions(m, np.array([0.6, 0.25, 0.15]), ["a", "b", "c"])
    assert table.columns.tolist() == [
        "a", "b", "value", "consistent_value", "epsilon", "log_deviation"
    ]  # fmt: skip
    assert table.index.tolist() == [0, 1, 2]
    assert table["log_deviation"].tolist() == sorted(table["log_deviation"], reverse=True)
    assert table["log_deviation"].iloc[0] > table["log_deviation"].iloc[-1]


def _outliers() -> dict[tuple[str, str], float]:
    """Five criteria, a consistent chain a > b > c > d > e (ratio 2) with four judgements
    contradicting it, and f hanging on a single judgement (a bridge)."""
    return {
        ("a", "f"): 3.0,  # a bridge: nothing else says anything about f
        ("a", "b"): 2.0,
        ("b", "c"): 2.0,
        ("c", "d"): 2.0,
        ("d", "e"): 2.0,
        ("a", "c"): 1 / 4,
        ("b", "d"): 1 / 4,
        ("a", "e"): 1 / 5,
        ("c", "e"): 1 / 3,
    }


def test_at_most_three_suggestions_and_never_for_a_bridge():
    analysis = analyse(build_comparisons(_outliers()))
    assert not analysis.consistency.consistent
    everything = suggest_repairs(analysis, max_suggestions=50)
    assert len(everything) > 3  # more than the default shows
    assert all((s.a, s.b) != ("a", "f") for s in everything)
    assert all(s.cr_after < analysis.consistency.consistency_ratio for s in everything)
    assert suggest_repairs(analysis) == everything[:3]
    assert ahp_weights(_outliers()).suggestions == everything[:3]
