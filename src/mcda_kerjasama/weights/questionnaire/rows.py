"""The question rows of a filled form: matched to the pairs the template asked, and
their answers read.

A row answers the question whose keys it holds; a row whose keys were edited is matched
by its number, its labels or its place, and the edit is a problem. An answer is a choice
(a label, a key or "sama penting") and a level of Saaty's scale (the drop-down text, a
number or the verbal label); a formula is never one.

Example:
    >>> question = _Question(1, 4, "a", "b", "Biaya", "Manfaat")
    >>> [_parse_choice(choice, question) for choice in ("biaya", "B", "Sama Penting", "x")]
    [1, -1, 0, None]
    >>> _parse_level("3 - sedikit lebih penting"), _parse_level(4.0), _parse_level("ten")
    (3, 4, None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.weights.questionnaire.layout import (
    _LANGUAGES,
    CHOICE,
    INTENSITY,
    KEY_A,
    KEY_B,
    LABEL_A,
    LABEL_B,
    NO,
    _blank,
    _label,
    _norm,
    judgement_from_answer,
    level_choice,
    level_label,
)

_LEVEL_TEXT = re.compile(r"^(\d+)\s*(?:[-–—:.]\s*(.*))?$")
_EQUAL, _SIDE_A, _SIDE_B = 0, 1, -1
#: How text a spreadsheet would run as a formula begins (after leading spaces).
_FORMULA_STARTS = ("=", "+", "-", "@")
_LEVELS_ALLOWED = ", ".join(str(level) for level in range(1, 10))


class _Formula(str):
    """The text of a formula cell (``"=3"``): never an answer, whatever it computes.

    Example:
        >>> value = _Formula("=B4")
        >>> value == "=B4", isinstance(value, _Formula), isinstance("=B4", _Formula)
        (True, True, False)
    """


@dataclass(frozen=True)
class _Question:
    """One pair a form asks about: its number (1, 2, ...), the row the template wrote it
    in, the two criterion keys and their labels."""

    number: int
    row: int
    key_a: str
    key_b: str
    label_a: str
    label_b: str


def _questions_from_key_cells(
    form_rows: Sequence[tuple[int, list[object]]],
    source: str,
    names: Mapping[int, str],
    problems: list[Problem],
) -> list[tuple[int, list[object], _Question]]:
    """The question rows of a form without the template's record, by their key cells; a
    row with an answer but an empty key cell is a problem."""
    questions = []
    for number, row in form_rows:
        key_a, key_b = _label(row[KEY_A - 1]), _label(row[KEY_B - 1])
        if key_a and key_b:
            labels = _label(row[LABEL_A - 1]), _label(row[LABEL_B - 1])
            questions.append((number, row, _Question(0, number, key_a, key_b, *labels)))
        elif not (_blank(row[CHOICE - 1]) and _blank(row[INTENSITY - 1])):
            for column, key in ((KEY_A, key_a), (KEY_B, key_b)):
                if not key:
                    problems.append(
                        Problem("required_empty", source=source, row=number, column=names[column])
                    )
    return questions


def _match_questions(
    form_rows: Sequence[tuple[int, list[object]]],
    asked: Sequence[_Question],
    sheet: str,
    source: str,
    names: Mapping[int, str],
    problems: list[Problem],
) -> list[tuple[int, list[object], _Question]]:
    """Each filled row of the questionnaire sheet with the question it answers, checked
    against the template's record: a row whose keys are not the pair the template wrote
    (a key cell edited or cleared), a question answered in two rows and a question whose
    row is gone are problems naming the sheet, the row and the keys the template wrote.

    A row whose keys are not a question asked is matched to the open question with its
    number (column ``no``), else with its labels, else the one written in its row. Rows
    with nothing in them, or only a note outside the key and answer cells, are skipped.
    """
    by_pair = {(q.key_a, q.key_b): q for q in asked}
    answered: dict[int, int] = {}  # question number -> the row answering it
    matched: list[tuple[int, list[object], _Question]] = []
    strays: list[tuple[int, list[object]]] = []
    for number, row in form_rows:
        if all(_blank(cell) for cell in row):
            continue
        question = by_pair.get((_label(row[KEY_A - 1]), _label(row[KEY_B - 1])))
        if question is None:
            strays.append((number, row))
        elif question.number in answered:
            problems.append(
                _question_problem(
                    "ahp_form_question_repeated",
                    question,
                    sheet,
                    source,
                    number,
                    first=answered[question.number],
                )
            )
        else:
            answered[question.number] = number
            matched.append((number, row, question))
    still_open = {q.number: q for q in asked if q.number not in answered}
    for number, row in strays:
        question = _intended(number, row, still_open)
        found = _label(row[KEY_A - 1]), _label(row[KEY_B - 1])
        answered_here = not (_blank(row[CHOICE - 1]) and _blank(row[INTENSITY - 1]))
        if question is None and (found[0] or found[1]):
            keys = ", ".join(dict.fromkeys(k for q in asked for k in (q.key_a, q.key_b)))
            problems.append(
                Problem(
                    "ahp_form_question_unknown",
                    source=source,
                    row=number,
                    params={
                        "sheet": sheet,
                        "a": found[0] or "-",
                        "b": found[1] or "-",
                        "keys": keys,
                    },
                )
            )
        elif question is None and answered_here:
            problems.append(
                Problem(
                    "ahp_form_answer_without_question",
                    source=source,
                    row=number,
                    params={"sheet": sheet},
                )
            )
        if question is None:
            continue
        del still_open[question.number]
        for column, key, expected in zip(
            (KEY_A, KEY_B), found, (question.key_a, question.key_b), strict=True
        ):
            if key != expected:
                problems.append(
                    _question_problem(
                        "ahp_form_key_changed" if key else "ahp_form_key_cleared",
                        question,
                        sheet,
                        source,
                        number,
                        column=names[column],
                        value=row[column - 1] if key else None,
                        expected=expected,
                    )
                )
        matched.append((number, row, question))  # its answer is still checked
    for question in still_open.values():
        problems.append(
            _question_problem("ahp_form_question_missing", question, sheet, source, question.row)
        )
    return sorted(matched, key=lambda item: item[0])


def _intended(
    number: int, row: Sequence[object], still_open: Mapping[int, _Question]
) -> _Question | None:
    """The unanswered question a row with unknown keys was meant to answer, if any: the
    one with its number, else with its labels, else the one written in its row.

    Example:
        >>> q = _Question(2, 5, "a", "c", "Biaya", "Risiko")
        >>> _intended(9, [2, "", "", None, None, "a", "cc"], {2: q}) == q  # by its number
        True
        >>> _intended(9, [None, "biaya", "RISIKO", 3], {2: q}) == q  # by its labels
        True
        >>> _intended(9, [None, "Biaya", "Manfaat"], {2: q}) is None
        True
    """
    asked_as = _label(row[NO - 1])
    if asked_as.isdigit() and int(asked_as) in still_open:
        return still_open[int(asked_as)]
    labels = _norm(row[LABEL_A - 1]), _norm(row[LABEL_B - 1])
    for question in still_open.values():
        if (_norm(question.label_a), _norm(question.label_b)) == labels:
            return question
    return next((q for q in still_open.values() if q.row == number), None)


def _question_problem(
    code: str,
    question: _Question,
    sheet: str,
    source: str,
    row: int,
    *,
    column: str | None = None,
    value: object = None,
    **params: object,
) -> Problem:
    """A problem about ``question`` found in ``row`` of the questionnaire sheet.

    Example:
        >>> q = _Question(3, 6, "a", "c", "Biaya", "Risiko")
        >>> print(_question_problem("ahp_form_question_missing", q, "kuesioner", "x.xlsx",
        ...                         6).render("en"))  # doctest: +ELLIPSIS
        x.xlsx, row 6: on the sheet `kuesioner` question no 3 (`a` : `c`), which the ...
    """
    return Problem(
        code,
        source=source,
        row=row,
        column=column,
        value=value,
        params={
            "sheet": sheet,
            "number": question.number,
            "a": question.key_a,
            "b": question.key_b,
            **params,
        },
    )


def _read_answer(
    row: Sequence[object],
    question: _Question,
    where: Mapping[str, Any],
    names: Mapping[int, str],
    lang: Language,
    problems: list[Problem],
) -> float | None:
    """The judgement a/b a question row gives; ``None`` when both answer cells are blank
    (a missing judgement) or on a problem, which is appended to ``problems``."""
    choice_raw, level_raw = row[CHOICE - 1], row[INTENSITY - 1]
    choice_blank, level_blank = _blank(choice_raw), _blank(level_raw)
    if choice_blank and level_blank:
        return None
    side = None
    if not choice_blank:
        side = None if isinstance(choice_raw, _Formula) else _parse_choice(choice_raw, question)
        if side is None:
            allowed = ", ".join((question.label_a, question.label_b, text("ahp_form_equal")))
            problems.append(
                _not_an_answer(choice_raw, "ahp_form_choice_unknown", allowed, names[CHOICE], where)
            )
        elif side == _EQUAL and level_blank:
            return 1.0
    level = None
    if not level_blank:
        level = None if isinstance(level_raw, _Formula) else _parse_level(level_raw)
        if level is None:
            problems.append(
                _not_an_answer(
                    level_raw,
                    "ahp_form_intensity_unknown",
                    _LEVELS_ALLOWED,
                    names[INTENSITY],
                    where,
                )
            )
    if choice_blank:
        problems.append(Problem("ahp_form_choice_missing", column=names[CHOICE], **where))
    elif level_blank:
        problems.append(Problem("ahp_form_intensity_missing", column=names[INTENSITY], **where))
    if side is None or level is None:
        return None
    if side == _EQUAL and level != 1:
        problems.append(
            Problem(
                "ahp_form_equal_contradiction",
                column=names[INTENSITY],
                value=level_raw,
                params={
                    "equal": _label(choice_raw),
                    "choice": names[CHOICE],
                    "one": level_choice(1, lang),
                },
                **where,
            )
        )
        return None
    return judgement_from_answer({_SIDE_A: "a", _SIDE_B: "b", _EQUAL: "equal"}[side], level)


def _not_an_answer(
    raw: object, code: str, allowed: str, column: str, where: Mapping[str, Any]
) -> Problem:
    """Why a filled cell is no answer: a formula, text that looks like one, or ``code``
    (unknown text; ``allowed`` lists what may be written).

    Example:
        >>> where = {"source": "x.xlsx", "row": 4}
        >>> [_not_an_answer(raw, "ahp_form_intensity_unknown", "1-9", "E", where).code
        ...  for raw in (_Formula("=3"), "+5", "sepuluh")]
        ['ahp_form_formula', 'ahp_form_formula_text', 'ahp_form_intensity_unknown']
    """
    if isinstance(raw, _Formula):
        return Problem("ahp_form_formula", column=column, value=raw, **where)
    shown = _label(raw)
    if isinstance(raw, str) and shown.startswith(_FORMULA_STARTS):
        start = shown[0]
        params = {"start": start, "allowed": allowed}
        return Problem("ahp_form_formula_text", column=column, value=shown, params=params, **where)
    return Problem(code, column=column, value=raw, params={"allowed": allowed}, **where)


def _parse_choice(raw: object, question: _Question) -> int | None:
    """``_SIDE_A``, ``_SIDE_B``, ``_EQUAL`` or ``None`` when the text is none of them."""
    choice = _norm(raw)
    if choice in (_norm(question.label_a), _norm(question.key_a)):
        return _SIDE_A
    if choice in (_norm(question.label_b), _norm(question.key_b)):
        return _SIDE_B
    if choice in {_norm(text("ahp_form_equal", lang)) for lang in _LANGUAGES}:
        return _EQUAL
    return None


def _parse_level(raw: object) -> int | None:
    """A level 1..9 from a number, ``"3"``, ``"3 - sedikit lebih penting"`` or the verbal
    label in either language; ``None`` if it is none of these."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return int(raw) if float(raw).is_integer() and 1 <= raw <= 9 else None
    value = _norm(raw)
    labels = {
        level: {_norm(level_label(level, lang)) for lang in _LANGUAGES} for level in range(1, 10)
    }
    match = _LEVEL_TEXT.match(value)
    if match is None:
        return next((level for level, names in labels.items() if value in names), None)
    level = int(match.group(1))
    if level not in labels:
        return None
    meaning = match.group(2)
    return level if not meaning or meaning in labels[level] else None
