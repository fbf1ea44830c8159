"""The languages a person can read the engine's output in, declared once: their codes
and how they write numbers, money and CSV files.

Bahasa Indonesia is the default; English is the option. Each language's messages are
its table in :mod:`mcda_kerjasama.i18n` (``<code>.toml``); this module holds what every
layer needs without the messages (amounts, charts, the CSV, the command line). A new
language is an entry here and its table there.

Example:
    >>> LANGUAGES, DEFAULT
    (('id', 'en'), 'id')
    >>> conventions("id").decimal, conventions("en").csv_separator
    (',', ',')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT: Language = "id"


@dataclass(frozen=True)
class Conventions:
    """How a language writes numbers and tables: its name, decimal and thousands marks,
    the CSV separator its spreadsheets expect, and the words for large rupiah amounts
    (10^6, 10^9, 10^12)."""

    name: str
    decimal: str
    thousands: str
    csv_separator: str
    money_units: tuple[str, str, str]

    def localise(self, number: str) -> str:
        """A number written the Python way (``1,234.5``) in this language's marks.

        Example:
            >>> conventions("id").localise("1,234.5")
            '1.234,5'
        """
        return number.translate(str.maketrans(",.", self.thousands + self.decimal))


CONVENTIONS: dict[str, Conventions] = {
    "id": Conventions("Bahasa Indonesia", ",", ".", ";", ("jt", "M", "T")),
    "en": Conventions("English", ".", ",", ",", ("m", "bn", "tn")),
}


def conventions(lang: str) -> Conventions:
    """The conventions of ``lang`` (the default language's for an unknown code).

    Example:
        >>> conventions("en").money_units
        ('m', 'bn', 'tn')
    """
    return CONVENTIONS.get(lang, CONVENTIONS[DEFAULT])


def language(value: object) -> Language:
    """``value`` as a known language code, else the default: what a command line or a
    stored file says, made safe.

    Example:
        >>> language("en"), language("fr"), language(None)
        ('en', 'id', 'id')
    """
    return next((code for code in LANGUAGES if code == value), DEFAULT)
