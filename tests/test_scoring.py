"""Scoring: linear value functions, cost direction, contributions that add up."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_kerjasama.pipeline import run
from mcda_kerjasama.scenario import load_scenario
from mcda_kerjasama.scoring import compute_scores, criterion_values


def test_linear_value_benefit_and_cost():
    raw = pd.DataFrame({"b": [1.0, 2.0, 5.0], "c": [1.0, 2.0, 5.0]}, index=list("xyz"))
    values = criterion_values(raw, {"b": (1, 5), "c": (1, 5)}, {"b": "benefit", "c": "cost"})
    assert values["b"].tolist() == [0.0, 0.25, 1.0]
    assert values["c"].tolist() == [1.0, 0.75, 0.0]


def test_other_scale():
    raw = pd.DataFrame({"p": [0.0, 25.0, 100.0]})
    assert criterion_values(raw, {"p": (0, 100)})["p"].tolist() == [0.0, 0.25, 1.0]


def test_extremes_are_0_and_100():
    raw = pd.DataFrame({"a": [1.0, 5.0, 3.0], "b": [5.0, 1.0, 3.0]}, index=["worst", "best", "mid"])
    scores = compute_scores(
        raw,
        pd.Series({"a": 0.7, "b": 0.3}),
        {"a": (1, 5), "b": (1, 5)},
        {"a": "benefit", "b": "cost"},
    )
    assert scores.total["worst"] == pytest.approx(0.0, abs=1e-12)
    assert scores.total["best"] == pytest.approx(100.0)
    assert scores.total["mid"] == pytest.approx(50.0)
    assert scores.contributions.loc["best"].tolist() == pytest.approx([70.0, 30.0])


def test_weights_reordered_by_key():
    raw = pd.DataFrame({"a": [5.0], "b": [1.0]})
    scores = compute_scores(raw, pd.Series({"b": 0.2, "a": 0.8}), {"a": (1, 5), "b": (1, 5)})
    assert scores.total.iloc[0] == pytest.approx(80.0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(*[st.integers(1, 5)] * 3),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3),
    st.lists(st.sampled_from(["benefit", "cost"]), min_size=3, max_size=3),
)
def test_contributions_sum_to_total_and_stay_in_range(rows, weights, directions):
    keys = ["a", "b", "c"]
    raw = pd.DataFrame(rows, columns=keys, dtype=float)
    w = pd.Series(weights, index=keys) / sum(weights)
    scores = compute_scores(
        raw, w, dict.fromkeys(keys, (1, 5)), dict(zip(keys, directions, strict=True))
    )
    np.testing.assert_allclose(scores.contributions.sum(axis=1), scores.total, atol=1e-9)
    assert ((scores.total >= -1e-9) & (scores.total <= 100 + 1e-9)).all()
    assert ((scores.values >= 0) & (scores.values <= 1)).all().all()


def test_contoh_scores(contoh):
    result = run(load_scenario(contoh))
    total = result.scores.total
    # K01: 5,5,4,4,3 on 1-5 with weights .30 .25 .20 .15 .10
    expected = 100 * (0.30 * 1 + 0.25 * 1 + 0.20 * 0.75 + 0.15 * 0.75 + 0.10 * 0.5)
    assert total["K01"] == pytest.approx(expected) == pytest.approx(86.25)
    assert total["K10"] == pytest.approx(40.0)
    np.testing.assert_allclose(result.scores.contributions.sum(axis=1), total, atol=1e-9)


def test_cost_direction_in_scenario(make_scenario, tmp_path):
    extra = (
        '\n[criteria.risiko]\ncolumn = "risiko"\nscale = [0, 10]\ndirection = "cost"\n'
        '[criteria.manfaat]\ncolumn = "manfaat"\nscale = [1, 5]\n'
    )
    path = make_scenario(
        tmp_path,
        rows=[
            {"risiko": 0, "manfaat": 5},
            {"risiko": 10, "manfaat": 1},
            {"risiko": 2.5, "manfaat": 3},
        ],
        header=["kode", "judul", "opd", "urusan", "jenis", "mitra", "biaya", "risiko", "manfaat"],
        extra_toml=extra,
    )
    text = path.read_text().replace(
        "[weights.values]\nmutual_benefit = 0.30\nreal_need = 0.25\npotential = 0.20\n"
        "sustainability = 0.15\ninclusiveness = 0.10\n",
        "[weights.values]\nrisiko = 0.5\nmanfaat = 0.5\n",
    )
    path.write_text(text)
    total = run(load_scenario(path)).scores.total
    assert total.to_dict() == pytest.approx({"A01": 100.0, "A02": 0.0, "A03": 62.5})
