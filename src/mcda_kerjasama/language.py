"""The languages a person can read the engine's output in: the one list.

Bahasa Indonesia is the default; English is the option. The message tables of each
language live in :mod:`mcda_kerjasama.i18n`; this module only names the languages, so
that every layer (amounts, messages, the command line) can refer to them without
importing the messages.

Example:
    >>> LANGUAGES, DEFAULT
    (('id', 'en'), 'id')
"""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT: Language = "id"
