"""The group consensus indicator (AHP-OS S*, Goepel 2018): hand-computed cases, an
independent implementation from the definitions in plain Python, properties, and the
``consensus`` of ``kerjasama weights --format json`` (issue 16)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_kerjasama.weights.ahp import ahp_weights
from mcda_kerjasama.weights.ahp.consensus import (
    CONSENSUS_HIGH,
    CONSENSUS_LOW,
    ahp_consensus,
    consensus_level,
    minimum_alpha_entropy,
)
from mcda_kerjasama.weights.group import group_ahp_weights
from mcda_kerjasama.weights.hierarchy import hierarchy_weights

ROOT = Path(__file__).resolve().parents[1]


def reference_consensus(rows: list[list[float]], m: float = 9.0) -> float:
    """S* written out from the paper's definitions, loops and ``math`` only."""
    rows = [[x / sum(r) for x in r] for r in rows]
    k, n = len(rows), len(rows[0])

    def entropy(p: list[float]) -> float:
        return -sum(x * math.log(x) for x in p if x > 0)

    h_alpha = sum(entropy(r) for r in rows) / k
    mean = [sum(r[j] for r in rows) / k for j in range(n)]
    h_gamma = entropy(mean)
    d_beta = math.exp(h_gamma - h_alpha)
    extreme = [m / (n + m - 1)] + [1 / (n + m - 1)] * (n - 1)
    d_alpha_min = math.exp(entropy(extreme))
    d_gamma_max = n  # exp(ln n)
    ratio = d_alpha_min / d_gamma_max
    return (1 / d_beta - ratio) / (1 - ratio)


def test_identical_priorities_are_full_consensus() -> None:
    c = ahp_consensus([[0.6, 0.3, 0.1]] * 4)
    assert c.value == pytest.approx(1.0)
    assert c.homogeneity == pytest.approx(1.0)
    assert c.beta_entropy == pytest.approx(0.0, abs=1e-12)
    assert c.level == "high"


def test_two_maximally_opposed_judges_by_hand() -> None:
    # Three criteria, scale up to 9: the most uneven priorities are (9, 1, 1) / 11.
    # Judge 1 puts criterion 1 first, judge 2 criterion 2.
    # H_alpha = -(9/11 ln 9/11 + 2/11 ln 1/11) = 0.600166...
    # mean = (5/11, 5/11, 1/11); H_gamma = -(10/11 ln 5/11 + 1/11 ln 1/11) = 0.934770...
    # D_beta = exp(0.334604) = 1.397401; 1/D_beta = 0.715614
    # c = 3 / exp(0.600166) = 1.646439; 1/c = 0.607371
    # S* = (0.715614 - 0.607371) / (1 - 0.607371) = 0.275672...
    one, two = [9 / 11, 1 / 11, 1 / 11], [1 / 11, 9 / 11, 1 / 11]
    h_alpha = -(9 / 11 * math.log(9 / 11) + 2 / 11 * math.log(1 / 11))
    h_gamma = -(10 / 11 * math.log(5 / 11) + 1 / 11 * math.log(1 / 11))
    inv_beta = math.exp(h_alpha - h_gamma)
    inv_cor = math.exp(h_alpha) / 3
    expected = (inv_beta - inv_cor) / (1 - inv_cor)
    c = ahp_consensus([one, two])
    assert expected == pytest.approx(0.2755, abs=5e-5)
    assert c.value == pytest.approx(expected, rel=1e-12)
    assert c.alpha_entropy == pytest.approx(0.600166, abs=1e-6)
    assert c.gamma_entropy == pytest.approx(0.934770, abs=1e-6)
    assert c.level == "low"
    # relative homogeneity (uncorrected): (1/D_beta - 1/n) / (1 - 1/n)
    assert c.homogeneity == pytest.approx((inv_beta - 1 / 3) / (2 / 3), rel=1e-12)


def test_as_many_opposed_judges_as_criteria_reach_zero() -> None:
    # n judges, each putting another criterion first at the scale's extreme: the pooled
    # priorities are uniform (H_gamma = ln n) and every H_alpha is the minimum, so
    # D_beta equals the correction and S* = 0 exactly.
    n = 4
    rows = [[9 / 12 if i == j else 1 / 12 for j in range(n)] for i in range(n)]
    assert ahp_consensus(rows).value == pytest.approx(0.0, abs=1e-12)
    assert minimum_alpha_entropy(n) == pytest.approx(
        -(0.75 * math.log(0.75) + 3 / 12 * math.log(1 / 12))
    )


def test_thresholds_are_the_published_ones() -> None:
    assert (CONSENSUS_LOW, CONSENSUS_HIGH) == (0.65, 0.75)
    assert consensus_level(0.6499) == "low"
    assert consensus_level(0.7) == "moderate"
    assert consensus_level(0.7501) == "high"


def test_one_respondent_or_one_criterion_is_full_consensus() -> None:
    assert ahp_consensus([[0.2, 0.8]]).value == 1.0
    assert ahp_consensus([[1.0], [1.0]]).value == 1.0


@pytest.mark.parametrize("bad", [[], [[0.5, 0.0]], [[0.5, float("nan")]], [[-1.0, 2.0]]])
def test_bad_priorities_are_refused(bad: list[list[float]]) -> None:
    with pytest.raises(ValueError):
        ahp_consensus(bad)


vectors = st.integers(min_value=2, max_value=6).flatmap(
    lambda n: st.lists(
        st.lists(st.floats(min_value=0.05, max_value=1.0), min_size=n, max_size=n),
        min_size=2,
        max_size=8,
    )
)


@settings(max_examples=200, deadline=None)
@given(vectors)
def test_equals_the_independent_implementation(rows: list[list[float]]) -> None:
    got = ahp_consensus(rows)
    expected = min(max(reference_consensus(rows), 0.0), 1.0)
    assert got.value == pytest.approx(expected, abs=1e-9)
    assert 0.0 <= got.value <= 1.0
    assert got.level == consensus_level(got.value)
    # the order of the respondents does not matter
    assert ahp_consensus(rows[::-1]).value == pytest.approx(got.value, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(vectors)
def test_a_respondent_joining_with_the_pooled_priorities_never_lowers_consensus(
    rows: list[list[float]],
) -> None:
    normalised = [[x / sum(r) for x in r] for r in rows]
    pooled = [sum(col) / len(col) for col in zip(*normalised, strict=True)]
    before = ahp_consensus(rows).value
    assert ahp_consensus([*rows, pooled]).value >= before - 1e-9


GROUP = {
    "ani": {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2},
    "budi": {("a", "b"): 1 / 3, ("a", "c"): 1, ("b", "c"): 3},
    "citra": {("a", "b"): 9, ("b", "c"): 1 / 9, ("a", "c"): 1 / 9},  # inconsistent
}


def test_group_weights_carry_the_consensus_of_the_included_respondents() -> None:
    both = group_ahp_weights(GROUP, ["a", "b", "c"])
    rows = [r.weights.tolist() for r in both.respondents]
    assert both.details["consensus"].value == pytest.approx(reference_consensus(rows))
    assert both.to_dict()["consensus"] == {"(goal)": pytest.approx(reference_consensus(rows))}
    kept = group_ahp_weights(GROUP, ["a", "b", "c"], exclude_inconsistent=True)
    included = [r.weights.tolist() for r in kept.respondents if r.included]
    assert len(included) == 2
    assert kept.details["consensus"].respondents == 2
    assert kept.details["consensus"].value == pytest.approx(reference_consensus(included))
    aip = group_ahp_weights(GROUP, ["a", "b", "c"], aggregation="aip")
    assert aip.details["consensus"].value == pytest.approx(both.details["consensus"].value)


def test_a_hierarchy_reports_every_group_of_respondents() -> None:
    top = group_ahp_weights({"x": {("p", "q"): 3}, "y": {("p", "q"): 1 / 3}})
    sub = group_ahp_weights({"x": {("r", "s"): 2}, "y": {("r", "s"): 2}})
    single = ahp_weights({("t", "u"): 2})
    out = hierarchy_weights(top, {"p": sub, "q": single}).to_dict()
    assert set(out["consensus"]) == {"(goal)", "p"}
    assert out["consensus"]["p"] == pytest.approx(1.0)
    expected = reference_consensus([[0.75, 0.25], [0.25, 0.75]])
    assert out["consensus"]["(goal)"] == pytest.approx(expected)
    assert out["consensus_level"]["p"] == "high"


def test_a_single_set_has_no_consensus() -> None:
    out = ahp_weights({("a", "b"): 3}).to_dict()
    assert out["consensus"] == {} and out["consensus_level"] == {}


def test_kerjasama_weights_json_reports_consensus_end_to_end() -> None:
    exe = shutil.which("kerjasama")
    assert exe is not None
    done = subprocess.run(
        [exe, "weights", str(ROOT / "scenarios" / "contoh-ahp"), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    rows = [list(r["weights"].values()) for r in data["respondents"] if r["included"]]
    assert data["consensus"] == {"(goal)": pytest.approx(reference_consensus(rows), abs=1e-9)}
    assert 0 <= data["consensus"]["(goal)"] <= 1
    assert data["consensus_level"]["(goal)"] == consensus_level(data["consensus"]["(goal)"])
    table = subprocess.run(
        [exe, "weights", str(ROOT / "scenarios" / "contoh-ahp"), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "group consensus main criteria" in table.stdout
