"""Rupiah amounts and numbers written Indonesian style: parse and format.

Indonesian style uses a dot to group thousands and a comma for decimals:
``Rp 1.500.000.000`` or ``1.500.000.000,00``. Units: ``M``/``miliar``/``milyar`` = 10^9,
``jt``/``juta`` = 10^6, ``rb``/``ribu``/``k`` = 10^3, ``T``/``triliun`` = 10^12, also
combined (``1 M 250 jt``). Around the number: ``Rp``, ``Rp.``, ``IDR`` before it;
``rupiah``, ``,-``, ``,00`` and a per-year ending (``/tahun``, ``/thn``, ``per tahun``:
a cost is per year already) after it; digits grouped with spaces of any kind
(``1 500 000``); an estimate's mark (``±``, ``sekitar``) before it. An amount spelled out
in words (*terbilang*: ``satu miliar lima ratus juta rupiah``) is read too, alone or in
brackets after the number, where it must agree with the number. A cost per month
(``/bulan``) is refused with its yearly amount. ``-`` and ``Rp -`` (the accounting nil)
are no number: NaN, as an empty cell.
An amount that could be read two ways (``1.5``, ``1,500,000``) is an error that says
how to write it, because a wrong guess about money is worse than a question; so is
``1,500`` (an Indonesian decimal, or English thousands?). An amount
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

import difflib
import math
import re
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from mcda_kerjasama.language import Language, conventions

UNITS: dict[str, int] = {
    "k": 10**3,
    "rb": 10**3,
    "ribu": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "m": 10**9,
    "miliar": 10**9,
    "milyar": 10**9,
    "t": 10**12,
    "triliun": 10**12,
    "trilyun": 10**12,
}

# every space-like character a word processor or a PDF copy puts between digit groups
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006"), " ")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})
# endings taken off before the number is read, in any order: the cost is per year
# already (``/tahun``), a currency word, a nil ending (``,-``)
_PER_YEAR = re.compile(
    r"\s*(?:/|per\s*-?\s*|tiap\s+|se)\s*(?:tahun|thn|th)\.?(?:\s*anggaran)?$", re.IGNORECASE
)
_FOOTNOTE = re.compile(r"\s*\*+\)?$")  # 1.500.000*) : a footnote's mark
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+")
_PER_MONTH = re.compile(r"\s*(?:/|per\s*-?\s*|tiap\s+|se)\s*(?:bulan|bln)\.?$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(?:rupiah|idr|rp\.?|\((?:rp\.?|idr|rupiah)\))$", re.IGNORECASE)
_NIL_END = re.compile(r"\s*[,.]\s*[-=]+$")
_CURRENCY_BEFORE = re.compile(r"^(?:rp|idr)\s*[.:]?\s*", re.IGNORECASE)
# one number and its unit; a space inside a number only between digit groups
_PART = re.compile(
    r"(?P<num>[0-9](?:[0-9.,]| (?=[0-9]))*)\s*(?P<unit>[a-z]+\.?)?\s*", re.IGNORECASE
)
_SPACE_GROUPED = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]+)?")
_COMMA_THOUSAND = re.compile(r"[0-9]{1,3},[0-9]{3}")
_NIL = re.compile(r"(?:(?:rp|idr)\s*[.:]?\s*)?-+", re.IGNORECASE)
# an estimate's mark before the amount: the amount is read as written
_APPROXIMATELY = re.compile(
    r"^(?:±|≈|~|\+/-|\+-|kurang lebih|lebih kurang|kira-kira|kira kira|sekitar|perkiraan|"
    r"estimasi)\s*:?\s*",
    re.IGNORECASE,
)
# a number followed by the same amount in words, as contracts write it
_SPELLED_OUT = re.compile(
    r"(?P<number>.*[0-9].*?)\s*\((?:terbilang\s*:?\s*)?(?P<words>[^()0-9]*[a-z][^()0-9]*)\)",
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
_RP_FAST = r"^(?:Rp|RP|rp|IDR)\.? ?"
_NIL_FAST = r"(?:,-+|,00)$"  # not ,000: 1,000 is ambiguous
_EXAMPLE = "1.500.000.000"
#: The largest amount accepted, in rupiah: 10^15 (1.000 triliun). A province's whole
#: yearly budget is in the tens of trillions; a cooperation costs a tiny share of it.
MAX_AMOUNT = 10**15
_MAX_TEXT = "1.000.000.000.000.000"


@dataclass(eq=False)
class AmountProblem(ValueError):
    """Why a text is not an amount: ``code`` is a message key, ``hint`` how to write it.

    Not frozen: Python sets ``__traceback__`` on an exception as it passes through a
    ``with`` block (``pytest.raises``, ``contextlib.suppress``)."""

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
    return _parse_text(str(value))


def _parse_text(value: str) -> float:
    """An amount written as text; see :func:`parse_amount` and the README's table."""
    text = " ".join(value.translate(_SPACES).translate(_MINUS).split())
    text = _APPROXIMATELY.sub("", text.lstrip("'"))  # '1.500.000 (text cell), ± Rp 1,5 M
    if text in ("", "-") or _NIL.fullmatch(text):  # Rp - : the accounting nil, no number
        return math.nan
    if _CURRENCY_BEFORE.sub("", text).lower() == "nihil":  # nihil: written as zero
        return 0.0
    # Rp 1.500.000,00 (satu juta lima ratus ribu rupiah); not 1.500.000 (Rp)
    spelled = _SPELLED_OUT.fullmatch(text)
    if spelled is not None and not _CURRENCY_AFTER.fullmatch(f"({spelled['words']})"):
        number, words = _parse_text(spelled["number"]), _words_value(spelled["words"])
        if words is None:
            raise AmountProblem("amount_invalid", _EXAMPLE)
        if number != words:
            shown = f"{_indonesian_text(Decimal(number))} / {_indonesian_text(words)}"
            raise AmountProblem("amount_words_differ", shown)
        return number
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting style: (1.000) is negative
        negative, text = True, text[1:-1].strip()
    if text.startswith("-"):
        negative, text = True, text[1:].strip()
    per_month = False
    while True:  # the endings, in any order
        stripped = _PER_YEAR.sub("", text)
        if stripped == text and _PER_MONTH.search(text):
            per_month, stripped = True, _PER_MONTH.sub("", text)
        stripped = _NIL_END.sub("", _CURRENCY_AFTER.sub("", _FOOTNOTE.sub("", stripped)))
        stripped = stripped.strip()
        if stripped == text:
            break
        text = stripped
    text = _CURRENCY_BEFORE.sub("", text)
    if text.startswith("-"):  # Rp -1.000
        negative, text = True, text[1:].strip()
    if _SCIENTIFIC.fullmatch(text):  # 1.5E+09: what Excel shows of a number too wide
        written = Decimal(text.replace(",", "."))
        if written > MAX_AMOUNT:
            raise AmountProblem("amount_too_large", _MAX_TEXT)
        raise AmountProblem("amount_scientific", _indonesian_text(written.quantize(Decimal(1))))
    words = _words_value(text) if not any(c.isdigit() for c in text) else None
    total = words if words is not None else _parts(text)
    if negative:
        raise AmountProblem("amount_negative", _EXAMPLE)
    if total > MAX_AMOUNT:
        raise AmountProblem("amount_too_large", _MAX_TEXT)
    if per_month:
        raise AmountProblem("amount_per_month", f"Rp {_indonesian_text(total * 12)}")
    return float(total)


_DIGIT_WORDS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_SCALE_WORDS = {
    "ribu": 10**3,
    "juta": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
    "trilyun": 10**12,
}
_TIMES = {"puluh": 10, "ratus": 100}


def _words_value(text: str) -> Decimal | None:
    """An amount spelled out in Indonesian words (*terbilang*), or None when it is not one.

    Example:
        >>> _words_value("satu miliar dua ratus lima puluh juta rupiah")
        Decimal('1250000000')
        >>> _words_value("seribu lima ratus"), _words_value("setengah miliar")
        (Decimal('1500'), Decimal('500000000.0'))
    """
    text = re.sub(
        r"\bse(puluh|belas|ratus|ribu|juta|mil[iy]ar|tril[iy]un)\b", r"satu \1", text.lower()
    )
    words = re.findall(r"[a-z]+", text.replace("terbilang", ""))
    total, group, last_scale = Decimal(0), Decimal(0), None
    pending: Decimal | None = None
    seen = False
    for word in words:
        if word == "setengah" and pending == 1:  # satu setengah: one and a half
            pending = Decimal("1.5")
        elif word in _DIGIT_WORDS or word == "setengah":
            if pending is not None:
                return None
            pending = Decimal("0.5") if word == "setengah" else Decimal(_DIGIT_WORDS[word])
        elif word == "sebelas":
            group += 11
        elif word == "belas" and pending is not None and pending >= 1:
            group, pending = group + 10 + pending, None
        elif word in _TIMES and pending is not None:
            group, pending = group + pending * _TIMES[word], None
        elif word in _SCALE_WORDS:
            amount = group + (pending or 0)
            scale = _SCALE_WORDS[word]
            if amount == 0 or amount >= 1000 or (last_scale is not None and scale >= last_scale):
                return None
            total, group, pending, last_scale = total + amount * scale, Decimal(0), None, scale
        elif word in ("rupiah", "rp"):
            continue
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + group + (pending or 0)


def _parts(text: str) -> Decimal:
    """The sum of ``number unit`` parts (``1 M 250 jt``), units strictly decreasing.
    Raises :class:`AmountProblem` with the fix in its hint."""
    total = Decimal(0)
    position, last_scale = 0, None
    while position < len(text):
        match = _PART.match(text, position)
        if match is None:
            raise AmountProblem("amount_invalid", _EXAMPLE)
        position = match.end()
        num, written_unit = match["num"].strip(), match["unit"]
        unit = written_unit.rstrip(".").lower() if written_unit else None
        if unit is not None and unit not in UNITS:
            close = difflib.get_close_matches(unit, list(UNITS), 1, 0.6)
            hint = f"{num} {close[0]}" if close else _EXAMPLE
            raise AmountProblem("amount_invalid", hint)
        scale = UNITS[unit] if unit else 1
        if last_scale is not None and (unit is None or scale >= last_scale):
            raise AmountProblem("amount_invalid", _EXAMPLE)
        if unit is None and position < len(text):
            raise AmountProblem("amount_invalid", _EXAMPLE)
        last_scale = scale
        total += _number(num, f" {written_unit.rstrip('.')}" if written_unit else "") * scale
    if last_scale is None:
        raise AmountProblem("amount_invalid", _EXAMPLE)
    return total


def _number(num: str, suffix: str) -> Decimal:
    """One number written Indonesian style, or the problem with the way to write it."""
    if " " in num:
        if _SPACE_GROUPED.fullmatch(num) is None:
            raise AmountProblem("amount_invalid", _EXAMPLE)
        num = num.replace(" ", ".")
    if _COMMA_THOUSAND.fullmatch(num):  # 1,500: a decimal comma, or English thousands?
        decimal = Decimal(num.replace(",", "."))
        thousands = Decimal(num.replace(",", ""))
        readings = (_indonesian_text(decimal.normalize()), _indonesian_text(thousands))
        raise AmountProblem("amount_ambiguous_comma", " / ".join(r + suffix for r in readings))
    exact = _indonesian_number(num)
    if exact is None:
        english = _english_reading(num)
        if english is None:
            raise AmountProblem("amount_invalid", _EXAMPLE)
        raise AmountProblem("amount_ambiguous", f"{_indonesian_text(english)}{suffix}")
    return exact


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
    # the common budget forms, Rp 1.500.000.000 / Rp. 1.500.000,- / 1.500.000,00, at once
    core = as_text.str.replace(_RP_FAST, "", regex=True).str.replace(_NIL_FAST, "", regex=True)
    plain = core.str.fullmatch(_PLAIN_FAST).fillna(False).to_numpy(dtype=bool)
    if plain.any():
        digits = core[plain].str.replace(".", "", regex=False)
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


#: The most decimals a short amount shows: ``Rp 1,25 M``; an amount that needs more
#: is written in full, so a short form is always exact. Not three: ``1,255 M`` could be
#: read as English thousands, and the parser refuses it.
SHORT_DECIMALS = 2


def format_rupiah_short(value: float, lang: Language = "id") -> str:
    """A large amount in words of the trade, ``Rp 12,4 M`` / ``Rp 12.4 bn``, and exact.

    The rule (one for every report): the amount is first rounded to a whole rupiah. It
    is written in the largest unit it reaches (T, M, jt) with as many decimals as it
    needs to be exact, up to :data:`SHORT_DECIMALS`; an amount that needs more, or is
    below a million, is written in full. So a short form never rounds: two different
    amounts never print alike, and ``Rp 1,25 M`` stays ``Rp 1,25 M`` beside
    ``Rp 1.250.000.000``.

    Example:
        >>> format_rupiah_short(12_400_000_000), format_rupiah_short(250_000_000, "en")
        ('Rp 12,4 M', 'Rp 250 m')
        >>> format_rupiah_short(1_250_000_000), format_rupiah_short(1_050_000_000)
        ('Rp 1,25 M', 'Rp 1,05 M')
        >>> format_rupiah_short(46_312_500_000), format_rupiah_short(999_999)
        ('Rp 46.312.500.000', 'Rp 999.999')
    """
    whole = round(value)
    million, billion, trillion = conventions(lang).money_units
    for size, name in ((10**12, trillion), (10**9, billion), (10**6, million)):
        if abs(whole) < size:
            continue
        step = size // 10**SHORT_DECIMALS
        if whole % step:
            break
        scaled = Decimal(whole) / size
        decimals = max(0, -scaled.normalize().as_tuple().exponent)  # type: ignore[operator]
        return f"Rp {format_number(float(scaled), decimals, lang)} {name}"
    return format_rupiah(whole, lang)


def format_percent(value: float, decimals: int = 1, lang: Language = "id") -> str:
    """A share as a percentage: ``12,5%``.

    Example:
        >>> format_percent(0.125)
        '12,5%'
    """
    return f"{format_number(100 * value, decimals, lang)}%"
