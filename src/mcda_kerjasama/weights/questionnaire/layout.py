"""Where things are on a questionnaire form, and the words of Saaty's scale.

Rows and columns are 1-based, as a spreadsheet numbers them. The same layout is written
by :mod:`.write` and checked by :mod:`.read`.

Example:
    >>> sheet_cells = dict(zip(COLUMN_KEYS, range(1, 8)))
    >>> sheet_cells["choice"] == CHOICE, sheet_cells["intensity"] == INTENSITY, FIRST_ROW
    (True, True, 4)
    >>> [level_choice(level, "en") for level in (1, 2)]
    ['1 - equally important', '2 - between 1 and 3']
"""

from __future__ import annotations

from typing import cast

from mcda_kerjasama.i18n import LANGUAGES, Language, text

#: Where things are on the questionnaire sheet (1-based rows and columns).
RESPONDENT_ROW = 1
SCENARIO_ROW = 2
HEADER_ROW = 3
FIRST_ROW = 4
COLUMN_KEYS = ("no", "a", "b", "choice", "intensity", "key_a", "key_b")
NO, LABEL_A, LABEL_B, CHOICE, INTENSITY, KEY_A, KEY_B = range(1, len(COLUMN_KEYS) + 1)
#: Columns of the hidden lists sheet, in the row of each question: its choices (the two
#: labels and "sama penting") and the record of the pair asked (the two keys).
LIST_LABEL_A, LIST_LABEL_B, LIST_EQUAL, ASKED_KEY_A, ASKED_KEY_B = range(3, 8)

#: Catalogue keys of the verbal labels of Saaty's odd levels (even ones are "between").
LEVEL_KEYS = {
    1: "ahp_form_equal",
    3: "ahp_form_level_3",
    5: "ahp_form_level_5",
    7: "ahp_form_level_7",
    9: "ahp_form_level_9",
}

#: Every language a form may be written in; a form is read in any of them.
_LANGUAGES = cast("tuple[Language, ...]", LANGUAGES)


def level_label(level: int, lang: Language = "id") -> str:
    """The verbal meaning of a level 1..9 of Saaty's scale.

    Example:
        >>> level_label(3), level_label(4, "en")
        ('sedikit lebih penting', 'between 3 and 5')
    """
    if level in LEVEL_KEYS:
        return text(LEVEL_KEYS[level], lang)
    return text("ahp_form_level_between", lang, low=level - 1, high=level + 1)


def level_choice(level: int, lang: Language = "id") -> str:
    """The drop-down entry of a level: its number and its meaning.

    Example:
        >>> level_choice(9)
        '9 - mutlak lebih penting'
    """
    return f"{level} - {level_label(level, lang)}"


#: The three answers to "which is more important?": the first criterion, both, the second.
SIDES = ("a", "equal", "b")


def judgement_from_answer(side: str, level: int) -> float | None:
    """The judgement a/b an answer gives, as the questionnaire reads it: the first
    criterion more important at level k gives k, the second 1/k, "sama penting" 1 (at
    level 1 only); ``None`` when the answer is not one (an unknown side, a level outside
    1..9, or "sama penting" with a level above 1: a contradiction).

    Example:
        >>> judgement_from_answer("a", 5), judgement_from_answer("b", 4)
        (5.0, 0.25)
        >>> judgement_from_answer("equal", 1), judgement_from_answer("equal", 3)
        (1.0, None)
    """
    if side not in SIDES or isinstance(level, bool) or level not in range(1, 10):
        return None
    if side == "equal":
        return 1.0 if level == 1 else None
    return float(level) if side == "a" else 1.0 / level


def answer_from_judgement(value: float) -> tuple[str, int]:
    """The answer (side, level) closest to a judgement a/b, the inverse of
    :func:`judgement_from_answer` on Saaty's scale.

    Example:
        >>> answer_from_judgement(5.0), answer_from_judgement(0.25), answer_from_judgement(1.0)
        (('a', 5), ('b', 4), ('equal', 1))
    """
    level = min(max(round(value if value >= 1 else 1 / value), 1), 9)
    if level == 1:
        return "equal", 1
    return ("a" if value >= 1 else "b"), level


def _label(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _norm(cell: object) -> str:
    return " ".join(_label(cell).split()).casefold()


def _blank(cell: object) -> bool:
    return not _label(cell)
