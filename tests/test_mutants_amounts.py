"""Amounts at the edges the other tests leave open (scripts/mutation.py): a column
with empty cells beside a single distinct amount, and short rupiah that round to a
whole number of their unit."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mcda_kerjasama.amounts import format_rupiah_short, parse_amounts


def test_empty_cells_beside_one_distinct_amount():
    values, problems = parse_amounts(pd.Series(["1.000", None, "1.000", float("nan")]))
    assert problems == {}
    assert values.tolist()[0] == 1000.0 and values.tolist()[2] == 1000.0
    assert math.isnan(values.tolist()[1]) and math.isnan(values.tolist()[3])


def test_empty_cells_and_problems_keep_their_rows():
    values, problems = parse_amounts(pd.Series([None, "x", "2 jt", "x"], index=[5, 6, 7, 8]))
    assert list(problems) == [6, 8]
    assert math.isnan(values[5]) and math.isnan(values[6]) and values[7] == 2_000_000.0


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (2_040_000_000, "Rp 2,04 M", "Rp 2.04 bn"),  # as many decimals as it needs
        (2_000_000_000, "Rp 2 M", "Rp 2 bn"),
        (2_100_000_000, "Rp 2,1 M", "Rp 2.1 bn"),
        (12_960_000, "Rp 12,96 jt", "Rp 12.96 m"),
    ],
)
def test_short_rupiah_shows_the_decimals_the_amount_needs(amount, indonesian, english):
    assert format_rupiah_short(amount) == indonesian
    assert format_rupiah_short(amount, "en") == english
