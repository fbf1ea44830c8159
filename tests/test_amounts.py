"""Amounts and numbers written Indonesian style: parse and format."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mcda_kerjasama.amounts import (
    MAX_AMOUNT,
    UNITS,
    AmountProblem,
    format_number,
    format_percent,
    format_rupiah,
    format_rupiah_short,
    parse_amount,
    parse_amounts,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 1.500.000.000", 1_500_000_000),
        ("Rp1.500.000.000", 1_500_000_000),
        ("Rp. 1.500.000.000", 1_500_000_000),
        ("rp 2.000", 2_000),
        ("1.500.000.000,00", 1_500_000_000),
        ("1.500.000.000,50", 1_500_000_000.5),
        ("1,5 M", 1_500_000_000),
        ("1,5M", 1_500_000_000),
        ("1,5 miliar", 1_500_000_000),
        ("1,5 milyar", 1_500_000_000),
        ("250 jt", 250_000_000),
        ("250 juta", 250_000_000),
        ("250 JT", 250_000_000),
        ("0,5 jt", 500_000),
        ("2 rb", 2_000),
        ("2 ribu", 2_000),
        ("1 T", 1_000_000_000_000),
        ("1,25 triliun", 1_250_000_000_000),
        ("1.500", 1_500),
        ("1,5", 1.5),
        ("00012", 12),
        ("0", 0),
        ("Rp 0", 0),
        ("\u00a0Rp\u00a01.000\u00a0", 1_000),
    ],
)
def test_parse_amount_accepts_indonesian_formats(text, expected):
    assert parse_amount(text) == pytest.approx(expected, rel=0, abs=1e-6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_500_000_000, 1_500_000_000.0),
        (1.5e9, 1_500_000_000.0),
        (0, 0.0),
        (np.int64(250_000_000), 250_000_000.0),
        (np.float64(12.5), 12.5),
    ],
)
def test_parse_amount_accepts_excel_numbers(value, expected):
    result = parse_amount(value)
    assert isinstance(result, float)
    assert result == expected


@pytest.mark.parametrize("value", [None, float("nan"), "", "   ", "-"])
def test_parse_amount_empty_is_nan(value):
    assert math.isnan(parse_amount(value))


@pytest.mark.parametrize(
    ("text", "code", "hint"),
    [
        ("1,500,000", "amount_ambiguous", "1.500.000"),
        ("Rp 1.5 M", "amount_ambiguous", "1,5 M"),
        ("1.5jt", "amount_ambiguous", "1,5 jt"),
        ("1.5", "amount_ambiguous", "1,5"),
        ("1.0000", "amount_ambiguous", "1,0000"),
        ("juta", "amount_invalid", "1.500.000.000"),
        ("1.000 X", "amount_invalid", "1.500.000.000"),
        ("1,2,3", "amount_invalid", "1.500.000.000"),
        ("²", "amount_invalid", "1.500.000.000"),
        ("-5.000", "amount_negative", "1.500.000.000"),
        ("Rp -5", "amount_negative", "1.500.000.000"),
        ("- Rp 5", "amount_negative", "1.500.000.000"),
    ],
)
def test_parse_amount_rejects_with_code_and_hint(text, code, hint):
    with pytest.raises(AmountProblem) as info:
        parse_amount(text)
    assert (info.value.code, info.value.hint) == (code, hint)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (-5, "amount_negative"),
        (-0.5, "amount_negative"),
        (float("inf"), "amount_invalid"),
        (True, "amount_invalid"),
    ],
)
def test_parse_amount_rejects_bad_numbers(value, code):
    with pytest.raises(AmountProblem) as info:
        parse_amount(value)
    assert info.value.code == code


def test_parse_amount_rejects_overflowing_text():
    with pytest.raises(AmountProblem):
        parse_amount("9" * 400)


def test_parse_amounts_mixed_column():
    series = pd.Series(
        ["1.000", "2 jt", "x", None, "5", "1,500,000", 7.0, "-3"], index=[2, 3, 4, 5, 6, 7, 8, 9]
    )
    values, problems = parse_amounts(series)
    assert values[2] == 1_000 and values[3] == 2_000_000 and values[6] == 5
    assert values[8] == 7.0
    assert math.isnan(values[5])
    assert {k: p.code for k, p in problems.items()} == {
        4: "amount_invalid",
        7: "amount_ambiguous",
        9: "amount_negative",
    }
    assert values[[4, 7, 9]].isna().all()


def test_parse_amounts_non_ascii_digits_is_a_problem_not_a_crash():
    _, problems = parse_amounts(pd.Series(["١٢"], index=[2]))
    assert problems[2].code == "amount_invalid"


def test_parse_amounts_huge_digit_string_is_a_problem_not_a_crash():
    _, problems = parse_amounts(pd.Series(["9" * 400], index=[2]))
    assert problems[2].code == "amount_too_large"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,5", 1.5), ("1.5", 1.5), ("2", 2.0), (3, 3.0), ("-2", -2.0), (" 1 ,5", 1.5)],
)
def test_parse_number(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["dua", "1.000.000", "1,5,3", "1e3", True])
def test_parse_number_rejects(value):
    with pytest.raises(ValueError):
        parse_number(value)


def test_parse_number_empty_is_nan():
    assert math.isnan(parse_number("")) and math.isnan(parse_number(None))


def test_formatters():
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_number(1234567.891, 2, "en") == "1,234,567.89"
    assert format_number(999) == "999"
    assert format_rupiah(1_500_000_000) == "Rp 1.500.000.000"
    assert format_rupiah(1_500_000_000, "en") == "Rp 1,500,000,000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah_short(12_400_000_000) == "Rp 12,4 M"
    assert format_rupiah_short(12_400_000_000, "en") == "Rp 12.4 bn"
    assert format_rupiah_short(250_000_000) == "Rp 250 jt"
    assert format_rupiah_short(250_000_000, "en") == "Rp 250 m"
    assert format_rupiah_short(2_000_000_000_000) == "Rp 2 T"
    assert format_rupiah_short(999_999) == "Rp 999.999"
    assert format_percent(0.125) == "12,5%"
    assert format_percent(0.125, 1, "en") == "12.5%"


def test_short_rupiah_parses_back():
    for amount in (250_000_000, 1_500_000_000, 12_400_000_000, 3_000_000_000_000):
        assert parse_amount(format_rupiah_short(amount)) == amount


# --- properties ------------------------------------------------------------------------

AMOUNTS = st.integers(min_value=0, max_value=10**15 - 1)


@settings(max_examples=300)
@given(AMOUNTS)
def test_roundtrip_full_rupiah(amount):
    assert parse_amount(format_rupiah(amount)) == amount
    assert parse_amount(format_number(amount)) == amount


@settings(max_examples=300)
@given(
    st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False),
    st.sampled_from(sorted(UNITS)),
)
def test_roundtrip_two_decimals_with_unit(amount, unit):
    assume(round(amount, 2) * UNITS[unit] <= MAX_AMOUNT)
    text = f"{format_number(amount, 2)} {unit}"
    assert parse_amount(text) == pytest.approx(round(amount, 2) * UNITS[unit], rel=1e-12)


GOOD = st.one_of(
    AMOUNTS.map(format_rupiah),
    AMOUNTS.map(format_number),
    AMOUNTS.map(str),
    st.sampled_from(["1,5 M", "250 jt", "0,5 jt", "", "-", "2 rb"]),
)
BAD = st.sampled_from(["1,500,000", "Rp 1.5 M", "satu dua juta", "-5.000", "x", "1.5", "1.000 X"])
CELLS = st.one_of(GOOD, BAD, st.text(alphabet="0123456789.,-Rp jtM ", max_size=12))


def _one(cell):
    try:
        return ("ok", parse_amount(cell))
    except AmountProblem as problem:
        return ("problem", problem.code, problem.hint)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CELLS, max_size=15))
def test_parse_amounts_agrees_with_parse_amount(cells):
    index = list(range(2, 2 + len(cells)))
    values, problems = parse_amounts(pd.Series(cells, index=index, dtype=object))
    for i, cell in zip(index, cells, strict=True):
        expected = _one(cell)
        if expected[0] == "ok":
            assert i not in problems
            if math.isnan(expected[1]):
                assert math.isnan(values[i])
            else:
                assert values[i] == expected[1]
        else:
            assert (problems[i].code, problems[i].hint) == expected[1:]
            assert math.isnan(values[i])


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=20))
def test_parse_amount_only_raises_amount_problem(text):
    try:
        result = parse_amount(text)
    except AmountProblem:
        return
    assert math.isnan(result) or (result >= 0 and math.isfinite(result))


# --- bounds and empty columns (issue 11) -------------------------------------------------


def test_parse_amounts_every_cell_empty_is_all_nan_not_a_crash():
    values, problems = parse_amounts(pd.Series([None, None, None], index=[2, 3, 4], dtype=object))
    assert values.index.tolist() == [2, 3, 4]
    assert values.isna().all()
    assert problems == {}
    values, problems = parse_amounts(pd.Series([], dtype=object))
    assert values.empty and problems == {}


@pytest.mark.parametrize(
    "value",
    [
        "1" + "0" * 300,
        1e300,
        10**15 + 1,
        "1.000.000.000.000.001",
        "1.001 T",
        "2.000.000 M",
        "9" * 400,
    ],
)
def test_parse_amount_above_any_regional_budget_is_refused(value):
    with pytest.raises(AmountProblem) as info:
        parse_amount(value)
    assert info.value.code == "amount_too_large"
    assert info.value.hint == "1.000.000.000.000.000"


@pytest.mark.parametrize("value", [MAX_AMOUNT, "1.000 T", "1.000.000.000.000.000", 1e15])
def test_parse_amount_accepts_the_bound_itself(value):
    assert parse_amount(value) == 1e15


def test_parse_amounts_refuses_too_large_in_a_column():
    series = pd.Series(["1" + "0" * 300, "5 jt", 1e300], index=[2, 3, 4], dtype=object)
    values, problems = parse_amounts(series)
    assert values[3] == 5_000_000
    assert {row: p.code for row, p in problems.items()} == {
        2: "amount_too_large",
        4: "amount_too_large",
    }


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_000_000_000, "id", "Rp 1 M"),
        (999_999_999.99999, "id", "Rp 1 M"),  # a whole rupiah first
        (999_960_000, "id", "Rp 999,96 jt"),  # exact, never "Rp 1 M"
        (999_960_000, "en", "Rp 999.96 m"),
        (999_999_999_999, "id", "Rp 999.999.999.999"),  # no short form is exact
        (999_990_000_000, "en", "Rp 999.99 bn"),
        (-999_960_000, "id", "Rp -999,96 jt"),
        (999_940_000, "id", "Rp 999,94 jt"),
        (999_999, "id", "Rp 999.999"),
        (1_000_000, "id", "Rp 1 jt"),
    ],
)
def test_short_rupiah_never_writes_a_thousand_of_the_smaller_unit(value, lang, expected):
    assert format_rupiah_short(value, lang) == expected
