"""Every way a regional budget document writes an amount: accepted with its exact value,
or refused with the message that shows the fix (issue 13 §5). The values are written
out by hand here, not computed by the parser's own rules."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_kerjasama import load_scenario
from mcda_kerjasama.amounts import (
    MAX_AMOUNT,
    AmountProblem,
    format_rupiah,
    format_rupiah_short,
    parse_amount,
    parse_amounts,
)
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.proposals import read_proposals

NBSP, THIN, NARROW = "\u00a0", "\u2009", "\u202f"

ACCEPTED = [
    ("Rp 1.500.000.000", 1_500_000_000),
    ("Rp 1.500.000.000,-", 1_500_000_000),
    ("Rp 1.500.000.000,--", 1_500_000_000),
    ("Rp 1.500.000.000.-", 1_500_000_000),
    ("Rp 1.500.000.000,=", 1_500_000_000),
    ("Rp 1.500.000.000,00", 1_500_000_000),
    ("Rp. 1.500.000", 1_500_000),
    ("Rp.1.500.000", 1_500_000),
    ("Rp1.500.000", 1_500_000),
    ("RP 1.500.000", 1_500_000),
    ("rp. 1.500.000,-", 1_500_000),
    ("Rp: 1.500.000", 1_500_000),
    ("IDR 500 juta", 500_000_000),
    ("IDR 1.500.000", 1_500_000),
    ("IDR1.500.000", 1_500_000),
    ("1.500.000 IDR", 1_500_000),
    ("500 juta rupiah", 500_000_000),
    ("500 Juta Rupiah", 500_000_000),
    ("1.500.000 rupiah", 1_500_000),
    ("1 500 000 000", 1_500_000_000),
    (f"1{NBSP}500{NBSP}000{NBSP}000", 1_500_000_000),
    (f"1{THIN}500{THIN}000", 1_500_000),
    (f"Rp{NBSP}1{NARROW}500{NARROW}000", 1_500_000),
    ("Rp 1 500 000,-", 1_500_000),
    ("Rp 200jt/tahun", 200_000_000),
    ("Rp 200 jt / tahun", 200_000_000),
    ("Rp 200 juta per tahun", 200_000_000),
    ("200 jt/thn", 200_000_000),
    ("200 jt/th", 200_000_000),
    ("200 jt pertahun", 200_000_000),
    ("200 jt setahun", 200_000_000),
    ("Rp 1.500.000,-/tahun", 1_500_000),
    ("500 juta rupiah per tahun", 500_000_000),
    ("1,5 Milyar", 1_500_000_000),
    ("1,5 Miliar", 1_500_000_000),
    ("1,5 miliar", 1_500_000_000),
    ("1,5 M", 1_500_000_000),
    ("1,5M", 1_500_000_000),
    ("Rp1,5 M", 1_500_000_000),
    ("Rp 1,5M", 1_500_000_000),
    ("Rp 1,25 M", 1_250_000_000),
    ("Rp 1,2555 M", 1_255_500_000),
    ("250 jt", 250_000_000),
    ("250jt", 250_000_000),
    ("250 jt.", 250_000_000),
    ("250 JT", 250_000_000),
    ("250 juta", 250_000_000),
    ("0,5 jt", 500_000),
    ("750 rb", 750_000),
    ("750 rb.", 750_000),
    ("750 ribu", 750_000),
    ("750 Ribu", 750_000),
    ("750K", 750_000),
    ("2 T", 2_000_000_000_000),
    ("1,25 triliun", 1_250_000_000_000),
    ("1,25 trilyun", 1_250_000_000_000),
    ("1 M 250 jt", 1_250_000_000),
    ("1 miliar 250 juta", 1_250_000_000),
    ("Rp 2 M 500 juta 750 ribu", 2_500_750_000),
    ("1.500 jt", 1_500_000_000),
    ("1.500", 1_500),
    ("1.500.000.000", 1_500_000_000),
    ("1500000000", 1_500_000_000),
    ("1,5", 1.5),
    ("0", 0),
    ("Rp 0", 0),
    ("Rp 0,-", 0),
    ("  Rp   1.000  ", 1_000),
    (1_500_000_000, 1_500_000_000),
    (1_500_000_000.0, 1_500_000_000),
    (0, 0),
    ("1.000 T", MAX_AMOUNT),
    ("satu miliar lima ratus juta rupiah", 1_500_000_000),
    ("Dua Ratus Lima Puluh Juta Rupiah", 250_000_000),
    ("seratus dua puluh lima juta", 125_000_000),
    ("sebelas juta tiga belas ribu", 11_013_000),
    ("setengah miliar", 500_000_000),
    ("satu setengah miliar", 1_500_000_000),
    ("Rp 1.500.000.000,00 (satu miliar lima ratus juta rupiah)", 1_500_000_000),
    ("Rp 2.500.000,- (Terbilang: Dua Juta Lima Ratus Ribu Rupiah)", 2_500_000),
    ("± Rp 1,5 M", 1_500_000_000),
    ("+/- 200 jt", 200_000_000),
    ("sekitar Rp 200 juta", 200_000_000),
    ("kurang lebih 750 rb", 750_000),
    ("'1.500.000", 1_500_000),
    ("Rp 500.000.000,\u2013", 500_000_000),
    ("Rp 150.000.000 per tahun anggaran", 150_000_000),
    ("Rp 1.500.000.000*)", 1_500_000_000),
    ("1.500.000 **", 1_500_000),
    ("Rp 150 jt/thn.", 150_000_000),
    ("Rp. 150 jt,-", 150_000_000),
    ("1.500.000.000 (Rp)", 1_500_000_000),
    ("≈ Rp 1,5 M", 1_500_000_000),
    ("~200 jt", 200_000_000),
    ("Nihil", 0),
    ("Rp nihil", 0),
    ("Rp 1.500.000.000, -", 1_500_000_000),
    ("1.500.000.000,000", 1_500_000_000),
]

REFUSED = [
    ("Rp 1.5 M", "amount_ambiguous", "1,5 M"),
    ("1.5 M", "amount_ambiguous", "1,5 M"),
    ("1.5", "amount_ambiguous", "1,5"),
    ("1,500,000", "amount_ambiguous", "1.500.000"),
    ("Rp 1,500,000,000", "amount_ambiguous", "1.500.000.000"),
    ("1500000000.00", "amount_ambiguous", "1.500.000.000,00"),
    ("1,500", "amount_ambiguous_comma", "1,5 / 1.500"),
    ("Rp 2,500 M", "amount_ambiguous_comma", "2,5 M / 2.500 M"),
    ("1.500,5.000", "amount_invalid", "1.500.000.000"),
    ("1.50.000", "amount_invalid", "1.500.000.000"),
    ("1 50 000", "amount_invalid", "1.500.000.000"),
    ("1.500 000", "amount_invalid", "1.500.000.000"),
    ("satu dua miliar", "amount_invalid", "1.500.000.000"),
    (
        "Rp 1.500.000.000 (satu miliar rupiah)",
        "amount_words_differ",
        "1.500.000.000 / 1.000.000.000",
    ),
    ("Rp 1,5 M (APBD)", "amount_invalid", "1.500.000.000"),
    ("US$ 100", "amount_invalid", "1.500.000.000"),
    ("500 jta", "amount_invalid", "500 juta"),
    ("1,5 Mlyr", "amount_invalid", "1,5 milyar"),
    ("2 jt 500", "amount_invalid", "1.500.000.000"),
    ("250 jt 1 M", "amount_invalid", "1.500.000.000"),
    ("Rp", "amount_invalid", "1.500.000.000"),
    ("Rp -1.000", "amount_negative", "1.500.000.000"),
    ("-Rp 1.000", "amount_negative", "1.500.000.000"),
    ("(Rp 1.000)", "amount_negative", "1.500.000.000"),
    ("\u22121.000", "amount_negative", "1.500.000.000"),
    (-5, "amount_negative", "1.500.000.000"),
    ("50 jt/bulan", "amount_per_month", "Rp 600.000.000"),
    ("Rp 50.000.000 per bulan", "amount_per_month", "Rp 600.000.000"),
    ("2.000 T", "amount_too_large", "1.000.000.000.000.000"),
    ("1.5E+09", "amount_scientific", "1.500.000.000"),
    ("1,53457E+09", "amount_scientific", "1.534.570.000"),
    ("Rp 500.000.000 - Rp 750.000.000", "amount_invalid", "1.500.000.000"),
    ("Rp 150.000.000 x 3 tahun", "amount_invalid", "1.500.000.000"),
    ("Rp 150.000/orang", "amount_invalid", "1.500.000.000"),
    ("Rp 1,2 M s.d. 1,5 M", "amount_invalid", "1.500.000.000"),
    (True, "amount_invalid", "1.500.000.000"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED, ids=[repr(t) for t, _ in ACCEPTED])
def test_every_everyday_form_is_read_exactly(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(("text", "code", "hint"), REFUSED, ids=[repr(t) for t, *_ in REFUSED])
def test_ambiguous_or_wrong_forms_are_refused_with_the_fix(text, code, hint):
    with pytest.raises(AmountProblem) as caught:
        parse_amount(text)
    assert (caught.value.code, caught.value.hint) == (code, hint)
    message = Problem(code, row=2, column="biaya", value=text, params={"hint": hint})
    rendered = message.render("id")
    assert str(text) in rendered or not isinstance(text, str)
    if code not in ("amount_negative",):
        assert hint in rendered and hint in message.render("en")


@pytest.mark.parametrize("text", ["-", "Rp -", "Rp. -", "  "])
def test_the_accounting_nil_is_no_number(text):
    assert math.isnan(parse_amount(text))


def test_a_cost_with_no_number_is_an_error_in_the_proposals():
    cells = pd.read_csv("scenarios/contoh/usulan.csv", sep=";", dtype=str)
    cells.loc[0, "biaya"] = "Rp -"
    with pytest.raises(InputError) as caught:
        read_proposals(load_scenario("scenarios/contoh"), cells)
    (problem,) = caught.value.problems
    assert (problem.code, problem.row, problem.column) == ("amount_dash", 2, "biaya")
    assert "tulis 0" in problem.render("id") and "write 0" in problem.render("en")


@pytest.mark.parametrize("text", ["1,000", "Rp 1,000", "2,500", "Rp. 1,500,-"])
def test_a_column_refuses_what_one_cell_refuses(text):
    values, problems = parse_amounts(pd.Series([text, "Rp 1.000"], dtype=object))
    with pytest.raises(AmountProblem) as caught:
        parse_amount(text)
    assert problems[0].code == caught.value.code and values[1] == 1000


def test_the_tables_are_broad():
    assert len(ACCEPTED) >= 50 and len(REFUSED) >= 20


def test_a_column_reads_the_same_as_one_cell_at_a_time():
    texts = [t for t, _ in ACCEPTED]
    values, problems = parse_amounts(pd.Series(texts, dtype=object))
    assert problems == {}
    assert values.tolist() == [float(v) for _, v in ACCEPTED]


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def _styles(amount: int) -> list[str]:
    """Every supported way to write ``amount``, built here without the parser's code."""
    digits = str(amount)
    dotted = _group(digits, ".")
    forms = [digits, dotted, f"Rp {dotted}", f"Rp. {dotted}", f"Rp.{dotted}", f"Rp{dotted}"]
    forms += [f"IDR {dotted}", f"{dotted} rupiah", f"Rp {dotted},-", f"Rp {dotted},00"]
    forms += [_group(digits, sep) for sep in (" ", NBSP, THIN, NARROW)]
    forms += [f"Rp {dotted}/tahun", f"{dotted} per tahun", f"Rp {dotted},- /thn"]
    for size, words in ((10**12, ("T", "triliun")), (10**9, ("M", "miliar", "Milyar"))):
        for size_, words_ in ((size, words), (10**6, ("jt", "juta")), (10**3, ("rb", "ribu"))):
            if amount >= size_ and amount % (size_ // 1000) == 0:
                whole, frac = divmod(amount, size_)
                text = _group(str(whole), ".")
                if frac:
                    decimals = f"{frac:0{len(str(size_)) - 1}d}".rstrip("0")
                    if len(decimals) == 3:  # 1,001 jt reads as English thousands too: refused
                        break
                    text += "," + decimals
                forms += [f"{text} {w}" for w in words_] + [f"Rp {text}{words_[0]}"]
                break
        else:
            continue
        break
    return forms


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_an_amount_written_in_every_style_reads_back_exactly(amount):
    for form in _styles(amount):
        assert parse_amount(form) == amount, form


@given(st.integers(min_value=0, max_value=10**12).map(lambda n: n * 1000))
def test_an_amount_in_thousands_reads_back_in_units(amount):
    for form in _styles(amount):
        assert parse_amount(form) == amount, form


@given(st.lists(st.integers(min_value=-(10**15), max_value=10**15), min_size=2, max_size=8))
def test_different_amounts_never_print_alike_and_short_forms_are_exact(amounts):
    for lang in ("id", "en"):
        shown = {}
        for amount in amounts:
            text = format_rupiah_short(amount, lang)
            assert shown.setdefault(text, amount) == amount, (text, amount, shown[text])
    for amount in amounts:
        if amount >= 0:
            assert parse_amount(format_rupiah_short(amount)) == amount
            assert parse_amount(format_rupiah(amount)) == amount


@given(st.integers(min_value=1, max_value=10**6).map(lambda n: n * 10**6))
def test_round_millions_read_back_from_their_short_form(amount):
    assert parse_amount(format_rupiah_short(amount)) == amount


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (1_250_000_000, "Rp 1,25 M"),  # never "Rp 1,2 M" beside Rp 1.250.000.000
        (1_350_000_000, "Rp 1,35 M"),
        (1_050_000_000, "Rp 1,05 M"),
        (46_300_000_000, "Rp 46,3 M"),
        (46_312_500_000, "Rp 46.312.500.000"),  # four decimals of M: written in full
        (46_312_000_000, "Rp 46.312.000.000"),  # 46,312 M would read as ambiguous
        (46_310_000_000, "Rp 46,31 M"),
        (35_000_000, "Rp 35 jt"),
        (35_123_456, "Rp 35.123.456"),
        (999_999, "Rp 999.999"),
    ],
)
def test_short_forms_the_issue_named(amount, shown):
    assert format_rupiah_short(amount) == shown
