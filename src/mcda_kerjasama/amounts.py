"""Rupiah amounts and numbers written Indonesian style: parse and format.

Indonesian style uses a dot to group thousands and a comma for decimals:
``Rp 1.500.000.000`` or ``1.500.000.000,00``. Units: ``M``/``miliar``/``milyar`` = 10^9,
``jt``/``juta`` = 10^6, ``rb``/``ribu`` = 10^3, ``T``/``triliun`` = 10^12.
An amount that could be read two ways (``1.5``, ``1,500,000``) is an error that says
how to write it, because a wrong guess about money is worse than a question. An amount
above :data:`MAX_AMOUNT` (10^15 rupiah, ``1.000 T``: more than any regional budget) is
an error too: it is a slip of the keyboard, and a solver cannot work with it.

Example:
    >>> parse_amount("Rp 1.500.000.000")
    1500000000.0
    >>> parse_amount("1,5 M"), parse_amount("250 jt")
    (1500000000.0, 250000000.0)
    >>> format_rupiah(1234567890)
    'Rp 1.234.567.890'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from mcda_kerjasama.language import Language, conventions

UNITS: dict[str, int] = {
    "rb": 10**3,
    "ribu": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "m": 10**9,
    "miliar": 10**9,
    "milyar": 10**9,
    "t": 10**12,
    "triliun": 10**12,
}

_AMOUNT = re.compile(
    r"(?P<sign>-)?\s*(?:rp\.?)?\s*(?P<sign2>-)?\s*(?P<num>[0-9][0-9.,]*)\s*(?P<unit>[a-z]+)?",
    re.IGNORECASE,
)
# [0-9], not \d: \d also matches other scripts' digits, which are not amounts here
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"[0-9]+,[0-9]+")
_ENGLISH_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DOT_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
# up to 15 digits a float holds exactly; longer plain numbers take the careful path
_PLAIN_FAST = r"[0-9]{1,15}|[0-9]{1,3}(?:\.[0-9]{3}){1,4}"  # 1500000000 or 1.500.000.000
_EXAMPLE = "1.500.000.000"
#: The largest amount accepted, in rupiah: 10^15 (1.000 triliun). A province's whole
#: yearly budget is in the tens of trillions; a cooperation costs a tiny share of it.
MAX_AMOUNT = 10**15
_MAX_TEXT = "1.000.000.000.000.000"


@dataclass(frozen=True)
class AmountProblem(ValueError):
    """Why a text is not an amount: ``code`` is a message key, ``hint`` how to write it."""

    code: str
    hint: str


def _indonesian_number(num: str) -> Decimal | None:
    if _PLAIN.fullmatch(num):
        return Decimal(num)
    if _GROUPED.fullmatch(num) or _COMMA_DECIMAL.fullmatch(num):
        return Decimal(num.replace(".", "").replace(",", "."))
    return None


def _indonesian_text(number: Decimal) -> str:
    """Write a number Indonesian style, keeping every decimal it has."""
    whole, _, frac = f"{number:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{frac}" if frac else grouped


def _english_reading(num: str) -> Decimal | None:
    if _ENGLISH_GROUPED.fullmatch(num) or _DOT_DECIMAL.fullmatch(num):
        return Decimal(num.replace(",", ""))
    return None


def parse_amount(value: object) -> float:
    """Parse one amount: an Excel number or Indonesian-style text. Empty is NaN.

    Raises :class:`AmountProblem` for text that is not an amount, is ambiguous, is
    negative or is above :data:`MAX_AMOUNT`; its ``hint`` shows how to write it (for a
    too large amount: the largest one accepted).

    Example:
        >>> parse_amount("1.500.000.000,00"), parse_amount(2_000_000)
        (1500000000.0, 2000000.0)
        >>> try:
        ...     parse_amount("1,500,000")
        ... except AmountProblem as p:
        ...     print(p.code, p.hint)
        amount_ambiguous 1.500.000
        >>> try:
        ...     parse_amount("2.000 T")
        ... except AmountProblem as p:
        ...     print(p.code, p.hint)
        amount_too_large 1.000.000.000.000.000
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, bool):
        raise AmountProblem("amount_invalid", _EXAMPLE)
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if not math.isfinite(number):
            raise AmountProblem("amount_invalid", _EXAMPLE)
        if number < 0:
            raise AmountProblem("amount_negative", _EXAMPLE)
        if number > MAX_AMOUNT:
            raise AmountProblem("amount_too_large", _MAX_TEXT)
        return number
    text = str(value).replace("\u00a0", " ").strip()
    if text in ("", "-"):
        return math.nan
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise AmountProblem("amount_invalid", _EXAMPLE)
    unit = match["unit"].lower() if match["unit"] else None
    if unit is not None and unit not in UNITS:
        raise AmountProblem("amount_invalid", _EXAMPLE)
    scale = UNITS[unit] if unit else 1
    suffix = f" {match['unit']}" if unit else ""
    num = match["num"]
    exact = _indonesian_number(num)
    if exact is None:
        english = _english_reading(num)
        hint = f"{_indonesian_text(english)}{suffix}" if english is not None else _EXAMPLE
        raise AmountProblem("amount_ambiguous" if english is not None else "amount_invalid", hint)
    if match["sign"] or match["sign2"]:
        raise AmountProblem("amount_negative", _EXAMPLE)
    if exact * scale > MAX_AMOUNT:
        raise AmountProblem("amount_too_large", _MAX_TEXT)
    return float(exact * scale)


def parse_amounts(values: pd.Series) -> tuple[pd.Series, dict[object, AmountProblem]]:
    """Parse a column of amounts at once: floats (NaN where empty) and the problems.

    Each distinct text is parsed once, and plain digit strings take a vectorised path,
    so a 100,000-row column costs little more than reading it.

    Example:
        >>> vals, problems = parse_amounts(pd.Series(["1.000", "2 jt", "x"], index=[2, 3, 4]))
        >>> vals.tolist()[:2], list(problems)
        ([1000.0, 2000000.0], [4])
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:  # every cell empty
        return pd.Series(np.nan, index=values.index, dtype=float), {}
    parsed = np.full(len(uniques), np.nan)
    failures: dict[int, AmountProblem] = {}  # distinct-value position -> problem
    as_text = pd.Series(uniques, dtype=object).astype("string")
    plain = as_text.str.fullmatch(_PLAIN_FAST).fillna(False).to_numpy(dtype=bool)
    if plain.any():
        digits = as_text[plain].str.replace(".", "", regex=False)
        parsed[plain] = pd.to_numeric(digits).to_numpy(dtype=float)
    for k in np.flatnonzero(~plain):
        try:
            parsed[k] = parse_amount(uniques[k])
        except AmountProblem as problem:
            failures[int(k)] = problem
    safe = np.where(codes >= 0, codes, 0)
    out = pd.Series(np.where(codes >= 0, parsed[safe], np.nan), index=values.index)
    problems: dict[object, AmountProblem] = {}
    if failures:
        bad = np.flatnonzero(np.isin(codes, list(failures)))
        labels = values.index[bad].tolist()
        problems = {label: failures[int(codes[p])] for label, p in zip(labels, bad, strict=True)}
    return out, problems


def parse_number(value: object) -> float:
    """Parse a plain number (staff, duration, scores): Excel number, ``1,5`` or ``1.5``.

    Unlike money, a dot decimal is accepted here: there is no thousands grouping in
    small counts. Empty is NaN; anything else raises ``ValueError``.

    Example:
        >>> parse_number("1,5"), parse_number("2"), parse_number(3)
        (1.5, 2.0, 3.0)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    text = str(value).replace("\u00a0", "").replace(" ", "").strip()
    if text in ("", "-"):
        return math.nan
    if re.fullmatch(r"-?[0-9]+([.,][0-9]+)?", text) is None:
        raise ValueError(value)
    return float(text.replace(",", "."))


def format_number(value: float, decimals: int = 0, lang: Language = "id") -> str:
    """A number with grouped thousands, Indonesian style by default.

    Example:
        >>> format_number(1234567.891, 2), format_number(1234567.891, 2, "en")
        ('1.234.567,89', '1,234,567.89')
    """
    return conventions(lang).localise(f"{value:,.{decimals}f}")


def format_rupiah(value: float, lang: Language = "id") -> str:
    """An amount in full rupiah: ``Rp 1.234.567.890``.

    Example:
        >>> format_rupiah(1500000000, "en")
        'Rp 1,500,000,000'
    """
    return f"Rp {format_number(round(value), 0, lang)}"


def format_rupiah_short(value: float, lang: Language = "id") -> str:
    """A large amount in words of the trade: ``Rp 12,4 M`` / ``Rp 12.4 bn``.

    One decimal at most, in the largest unit the amount reaches, or the next larger one
    when the figure would round to a thousand of this unit (``Rp 1 M``, never
    ``Rp 1.000 jt``). Below a million the amount is written in full.

    Example:
        >>> format_rupiah_short(12_400_000_000), format_rupiah_short(250_000_000, "en")
        ('Rp 12,4 M', 'Rp 250 m')
        >>> format_rupiah_short(999_960_000), format_rupiah_short(999_999)
        ('Rp 1 M', 'Rp 999.999')
    """
    million, billion, trillion = conventions(lang).money_units
    units = ((10**12, trillion), (10**9, billion), (10**6, million))
    smallest = units[-1][0]
    for size, name in units:
        rounds_up = size > smallest and round(abs(value) / (size // 1000), 1) >= 1000
        if abs(value) >= size or rounds_up:
            scaled = value / size
            decimals = 0 if float(round(scaled, 1)).is_integer() else 1
            return f"Rp {format_number(scaled, decimals, lang)} {name}"
    return format_rupiah(value, lang)


def format_percent(value: float, decimals: int = 1, lang: Language = "id") -> str:
    """A share as a percentage: ``12,5%``.

    Example:
        >>> format_percent(0.125)
        '12,5%'
    """
    return f"{format_number(100 * value, decimals, lang)}%"
