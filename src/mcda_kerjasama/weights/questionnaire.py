"""AHP questionnaire forms: one Excel form per TKKSD member, written and read back.

A form (:func:`write_form`) has three sheets, named in the form's language:

* ``petunjuk`` / ``instructions``: what AHP is, how to answer, Saaty's verbal scale,
  that a blank answer is allowed, the respondent and the scenario;
* ``kuesioner`` / ``questionnaire``: the respondent in cell B1, the scenario in B2, the
  header in row 3 (frozen) and one row per unordered pair of criteria from row 4, in
  criterion order. Columns: ``no``, ``kriteria A``, ``kriteria B`` (labels),
  ``mana yang lebih penting?`` (drop-down: the two labels or "sama penting"),
  ``seberapa lebih penting?`` (drop-down: "1 - sama penting" ... "9 - mutlak lebih
  penting") and two hidden columns with the criterion keys, so reading back does not
  depend on the labels;
* ``daftar`` / ``lists`` (hidden): the drop-down lists and, in columns F:G of the row
  each question was written in, the keys of the pair it asks: the record of what the
  template asked, against which :func:`read_form` checks the questionnaire sheet (a
  changed key cell, a deleted or repeated row is a problem naming the sheet, the row
  and the key the template wrote there).

:func:`read_form` turns a filled form into :class:`PairwiseComparisons` ("A" chosen at
level k: a/b = k; "B": a/b = 1/k; "sama penting": 1; both blank: missing), reporting
every problem at once by file, row and column. :func:`collect_forms` reads the forms of
a group and :func:`pairs_csv` writes them as a pairs file that
:func:`~mcda_kerjasama.weights.judgements.read_judgement_pairs` reads back exactly.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ani.xlsx"
    >>> write_form(path, [("a", "Biaya"), ("b", "Manfaat")], "Ani")
    >>> form = read_form(path)
    >>> form.respondent, form.missing
    ('Ani', (('a', 'b'),))
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from mcda_kerjasama.errors import InputError, JudgementError, Problem
from mcda_kerjasama.i18n import LANGUAGES, Language, text
from mcda_kerjasama.report.files import write_atomic
from mcda_kerjasama.weights.ahp import Pair, PairwiseComparisons, comparisons_from_pairs

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
class FilledForm:
    """One respondent's answers: the judgements and the pairs left blank (a before b).

    Example:
        >>> form = FilledForm("Ani", PairwiseComparisons(("a", "b")), (("a", "b"),))
        >>> form.comparisons.missing_pairs() == list(form.missing)
        True
    """

    respondent: str
    comparisons: PairwiseComparisons
    missing: tuple[Pair, ...]


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


# --- writing ---------------------------------------------------------------------------


def write_form(
    path: str | Path,
    criteria: Sequence[tuple[str, str]],
    respondent: str,
    *,
    scenario_name: str = "",
    lang: Language = "id",
) -> None:
    """Write one respondent's AHP questionnaire (``.xlsx``) atomically.

    Args:
        path: the file to write.
        criteria: ``(key, label)`` per criterion, in the order the pairs are asked.
        respondent: the TKKSD member who answers this form (shown and read back).
        scenario_name: shown on both visible sheets.
        lang: ``"id"`` (Bahasa Indonesia, default) or ``"en"``.

    Raises:
        JudgementError: fewer than two criteria, a key or label used twice, or an
            empty respondent name.

    Example:
        >>> import tempfile, pathlib
        >>> from openpyxl import load_workbook
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "budi.xlsx"
        >>> write_form(path, [("a", "Biaya"), ("b", "Manfaat"), ("c", "Risiko")], "Budi")
        >>> sheet = load_workbook(path)["kuesioner"]
        >>> [sheet.cell(r, 2).value + " : " + sheet.cell(r, 3).value for r in (4, 5, 6)]
        ['Biaya : Manfaat', 'Biaya : Risiko', 'Manfaat : Risiko']
    """
    _check_form_input(criteria, respondent)
    from openpyxl import Workbook

    book = Workbook()
    guide = book.active
    guide.title = text("ahp_form_sheet_guide", lang)
    questions = book.create_sheet(text("ahp_form_sheet_questions", lang))
    lists = book.create_sheet(text("ahp_form_sheet_lists", lang))
    lists.sheet_state = "hidden"
    _write_guide(guide, questions.title, respondent, scenario_name, lang)
    _write_questions(questions, lists, criteria, respondent, scenario_name, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(Path(path), buffer.getvalue())


def _check_form_input(criteria: Sequence[tuple[str, str]], respondent: str) -> None:
    problems: list[Problem] = []
    if len(criteria) < 2:
        problems.append(Problem("ahp_form_too_few_criteria"))
    problems += [
        Problem("ahp_criterion_duplicate", value=key) for key in _repeated(k for k, _ in criteria)
    ]
    problems += [
        Problem("ahp_form_label_duplicate", value=label)
        for label in _repeated(_norm(label) for _, label in criteria)
    ]
    if not respondent.strip():
        problems.append(Problem("ahp_form_respondent_empty"))
    if problems:
        raise JudgementError(problems)


def _repeated(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for value in values:
        if value in seen:
            repeated.setdefault(value)
        seen.add(value)
    return list(repeated)


def _put(sheet: Any, row: int, column: int, value: object, *, bold: bool = False) -> None:
    """Write a cell; text is always stored as text, never run as a formula."""
    from openpyxl.styles import Font

    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)


def _write_guide(
    sheet: Any, questions: str, respondent: str, scenario_name: str, lang: Language
) -> None:
    equal = text("ahp_form_equal", lang)
    _put(sheet, 1, 1, text("ahp_form_title", lang), bold=True)
    _put(sheet, 3, 1, text("ahp_form_respondent", lang), bold=True)
    _put(sheet, 3, 2, respondent)
    _put(sheet, 4, 1, text("ahp_form_scenario", lang), bold=True)
    _put(sheet, 4, 2, scenario_name)
    lines: list[tuple[str, bool]] = [
        (text("ahp_form_what_title", lang), True),
        (text("ahp_form_what", lang), False),
        ("", False),
        (text("ahp_form_how_title", lang), True),
        (text("ahp_form_how_sheet", lang, sheet=questions), False),
        (
            text(
                "ahp_form_how_choice", lang, column=text("ahp_form_col_choice", lang), equal=equal
            ),
            False,
        ),
        (text("ahp_form_how_intensity", lang, column=text("ahp_form_col_intensity", lang)), False),
        (text("ahp_form_how_blank", lang), False),
        (text("ahp_form_how_keep", lang), False),
        ("", False),
        (text("ahp_form_scale_title", lang), True),
    ]
    row = 6
    for line, bold in lines:
        if line:
            _put(sheet, row, 1, line, bold=bold)
        row += 1
    _put(sheet, row, 1, text("ahp_form_scale_value", lang), bold=True)
    _put(sheet, row, 2, text("ahp_form_scale_meaning", lang), bold=True)
    for level in LEVEL_KEYS:
        row += 1
        _put(sheet, row, 1, level)
        _put(sheet, row, 2, level_label(level, lang))
    _put(sheet, row + 1, 1, "2, 4, 6, 8")
    _put(sheet, row + 1, 2, text("ahp_form_scale_between", lang))
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60


def _write_questions(
    sheet: Any,
    lists: Any,
    criteria: Sequence[tuple[str, str]],
    respondent: str,
    scenario_name: str,
    lang: Language,
) -> None:
    from openpyxl.utils import get_column_letter, quote_sheetname

    _put(sheet, RESPONDENT_ROW, 1, text("ahp_form_respondent", lang), bold=True)
    _put(sheet, RESPONDENT_ROW, 2, respondent)
    _put(sheet, SCENARIO_ROW, 1, text("ahp_form_scenario", lang), bold=True)
    _put(sheet, SCENARIO_ROW, 2, scenario_name)
    for column, key in enumerate(COLUMN_KEYS, start=1):
        _put(sheet, HEADER_ROW, column, text(f"ahp_form_col_{key}", lang), bold=True)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=1).coordinate

    list_name = quote_sheetname(lists.title)
    levels = [level_choice(level, lang) for level in range(1, 10)]
    for row, choice in enumerate(levels, start=1):
        _put(lists, row, 1, choice)
    equal = text("ahp_form_equal", lang)
    pairs = [
        (criteria[i], criteria[j])
        for i in range(len(criteria))
        for j in range(i + 1, len(criteria))
    ]
    last = FIRST_ROW + len(pairs) - 1
    choice_letter = get_column_letter(CHOICE)
    for number, ((key_a, label_a), (key_b, label_b)) in enumerate(pairs, start=1):
        row = FIRST_ROW + number - 1
        for column, value in (
            (NO, number),
            (LABEL_A, label_a),
            (LABEL_B, label_b),
            (KEY_A, key_a),
            (KEY_B, key_b),
        ):
            _put(sheet, row, column, value)
        # this row's choices sit in the same row of the hidden sheet, columns C:E, and
        # the record of the pair asked beside them in F:G
        for column, value in (
            (LIST_LABEL_A, label_a),
            (LIST_LABEL_B, label_b),
            (LIST_EQUAL, equal),
            (ASKED_KEY_A, key_a),
            (ASKED_KEY_B, key_b),
        ):
            _put(lists, row, column, value)
        rule = _drop_down(f"{list_name}!$C${row}:$E${row}")
        rule.prompt = text(
            "ahp_form_how_choice", lang, column=sheet.cell(HEADER_ROW, CHOICE).value, equal=equal
        )
        sheet.add_data_validation(rule)
        rule.add(f"{choice_letter}{row}")
    intensity = _drop_down(f"{list_name}!$A$1:$A${len(levels)}")
    intensity.prompt = text(
        "ahp_form_how_intensity", lang, column=sheet.cell(HEADER_ROW, INTENSITY).value
    )
    sheet.add_data_validation(intensity)
    letter = get_column_letter(INTENSITY)
    intensity.add(f"{letter}{FIRST_ROW}:{letter}{last}")

    label_width = max(len(label) for _, label in criteria) + 2
    widths = {
        NO: 6,
        LABEL_A: max(14, label_width),
        LABEL_B: max(14, label_width),
        CHOICE: max(26, label_width),
        INTENSITY: max(len(c) for c in levels) + 4,
        KEY_A: 12,
        KEY_B: 12,
    }
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width, 60)
    for column in (KEY_A, KEY_B):
        sheet.column_dimensions[get_column_letter(column)].hidden = True


def _drop_down(formula: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
    )


# --- reading ---------------------------------------------------------------------------


def read_form(path: str | Path, criteria: Sequence[str] | None = None) -> FilledForm:
    """Read a filled form written by :func:`write_form` (in either language).

    Rules per row: "sama penting" (or "equally important") gives 1, with the level
    empty or "1 - sama penting" (any other level contradicts it and is a problem);
    criterion A chosen at level k gives a/b = k, criterion B gives 1/k; both cells blank
    is a missing judgement. A choice without a level, a level without a choice and text
    that is neither a choice nor a level are problems; all are collected and raised as
    one :class:`JudgementError` naming the file, row and column. The level may be the
    drop-down text, a bare number 1-9 or the verbal label (Indonesian or English); the
    choice a label or a criterion key; case and spaces do not matter. A formula (``=3``,
    even one the spreadsheet computed) or unknown text a spreadsheet would take for one
    (``+5``, ``@x``) is never an answer, and the problem quotes what the cell holds.

    The rows are checked against the template's record of the pairs it asked (kept in
    the hidden lists sheet): a key cell edited or cleared, a question row deleted or
    repeated and an answer outside the questions are problems naming the sheet, the row
    and the key the template wrote there; rows may be reordered, and notes outside the
    key and answer cells are ignored. A form written before the template kept the record
    is read by its key cells alone.

    Args:
        path: the ``.xlsx`` form.
        criteria: the scenario's criterion keys; the form must ask about exactly these.
            Default: the keys the template asked about, in order.

    Returns:
        :class:`FilledForm`; ``missing`` lists every pair without a judgement. The
        comparison graph may be disconnected (checked later by the AHP itself).

    Example:
        >>> import tempfile, pathlib
        >>> from openpyxl import load_workbook
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "citra.xlsx"
        >>> write_form(path, [("a", "Biaya"), ("b", "Manfaat"), ("c", "Risiko")], "Citra")
        >>> book = load_workbook(path)
        >>> sheet = book["kuesioner"]
        >>> sheet["D4"], sheet["E4"] = "Manfaat", "3 - sedikit lebih penting"
        >>> sheet["D5"] = "sama penting"
        >>> book.save(path)
        >>> form = read_form(path, ["a", "b", "c"])
        >>> form.comparisons.judgements, form.missing
        ({('a', 'b'): 0.3333333333333333, ('a', 'c'): 1.0}, (('b', 'c'),))
        >>> sheet["F6"] = "biaya"  # a respondent edits a hidden key cell
        >>> book.save(path)
        >>> try:  # doctest: +ELLIPSIS
        ...     read_form(path)
        ... except JudgementError as err:
        ...     print(err.render("en"))
        citra.xlsx, row 6, column `kunci A`: on the sheet `kuesioner` this key cell holds
        "biaya" but the template wrote `b` here (question no 3: `b` : `c`); put `b` back ...
    """
    path = Path(path)
    sheet = _read_sheet(path)
    sheet_rows = sheet.rows
    source = path.name
    header = (list(sheet_rows[HEADER_ROW - 1]) if len(sheet_rows) >= HEADER_ROW else []) + [
        None
    ] * len(COLUMN_KEYS)
    names = {
        column: _label(header[column - 1]) or text(f"ahp_form_col_{key}")
        for column, key in enumerate(COLUMN_KEYS, start=1)
    }
    problems: list[Problem] = []
    respondent_raw = _cell(sheet_rows, RESPONDENT_ROW, 2)
    respondent = "" if isinstance(respondent_raw, _Formula) else _label(respondent_raw)
    if isinstance(respondent_raw, _Formula):
        problems.append(
            Problem(
                "ahp_form_formula",
                source=source,
                row=RESPONDENT_ROW,
                column=_label(_cell(sheet_rows, RESPONDENT_ROW, 1)) or "B",
                value=respondent_raw,
            )
        )
    elif not respondent:
        problems.append(
            Problem(
                "ahp_form_respondent_empty",
                source=source,
                row=RESPONDENT_ROW,
                column=_label(_cell(sheet_rows, RESPONDENT_ROW, 1)) or "B",
            )
        )
    form_rows = [
        (number, (list(raw_row) + [None] * len(COLUMN_KEYS))[: len(COLUMN_KEYS)])
        for number, raw_row in enumerate(sheet.rows[FIRST_ROW - 1 :], start=FIRST_ROW)
    ]
    if sheet.asked is None:  # a form written before the template kept its record
        questions = _questions_from_key_cells(form_rows, source, names, problems)
        keys = dict.fromkeys(k for _, _, q in questions for k in (q.key_a, q.key_b))
    else:
        questions = _match_questions(form_rows, sheet.asked, sheet.title, source, names, problems)
        keys = dict.fromkeys(k for q in sheet.asked for k in (q.key_a, q.key_b))
    items: list[tuple[str, str, object]] = []
    locations: list[dict[str, Any]] = []
    for number, row, question in questions:
        where = {"source": source, "row": number}
        value = _read_answer(row, question, where, names, sheet.lang, problems)
        if value is not None:
            items.append((question.key_a, question.key_b, value))
            locations.append({"row": number})
    names_used = tuple(criteria) if criteria is not None else tuple(keys)
    mismatch = criteria is not None and set(criteria) != set(keys)
    if mismatch:
        problems.append(_mismatch(source, names_used, keys))
    if not keys and criteria is None:
        problems.append(Problem("file_empty", value=str(path)))
    comparisons = PairwiseComparisons(names_used, {}, source)
    if not mismatch:
        try:
            comparisons = comparisons_from_pairs(
                items,
                names_used,
                "saaty",
                source,
                locations,
                (names[KEY_A], names[KEY_B], names[INTENSITY]),
            )
        except JudgementError as err:
            problems.extend(err.problems)
    if problems:
        raise JudgementError(problems)
    return FilledForm(respondent, comparisons, tuple(comparisons.missing_pairs()))


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


@dataclass(frozen=True)
class _Sheet:
    """What :func:`read_form` needs of a workbook: the form's language, the questionnaire
    sheet's title and values (formulas as :class:`_Formula`) and the template's record
    of the questions asked (``None`` in a form written before it kept one)."""

    lang: Language
    title: str
    rows: list[tuple[object, ...]]
    asked: tuple[_Question, ...] | None


def _read_sheet(path: Path) -> _Sheet:
    """The questionnaire sheet of a form and the template's record of what it asked."""
    if not path.exists():
        raise JudgementError([Problem("file_not_found", value=str(path))])
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise JudgementError(
            [Problem("file_unreadable", value=str(path), params={"reason": type(exc).__name__})]
        ) from exc
    try:
        titles = {text("ahp_form_sheet_questions", lang): lang for lang in _LANGUAGES}
        sheet = next((s for s in book.worksheets if s.title in titles), None)
        if sheet is None:
            raise JudgementError([Problem("ahp_form_not_form", value=path.name)])
        lang = titles[sheet.title]
        rows = [tuple(map(_value, row)) for row in sheet.iter_rows()]
        return _Sheet(lang, sheet.title, rows, _asked(book, lang))
    finally:
        book.close()


def _asked(book: Any, lang: Language) -> tuple[_Question, ...] | None:
    """The questions the template recorded in the hidden lists sheet (``None`` if none)."""
    titles = [text("ahp_form_sheet_lists", lang)] + [
        text("ahp_form_sheet_lists", other) for other in _LANGUAGES if other != lang
    ]
    lists = next((book[title] for title in titles if title in book.sheetnames), None)
    if lists is None:
        return None
    asked: list[_Question] = []
    for number, row in enumerate(lists.iter_rows(min_row=FIRST_ROW, values_only=True), FIRST_ROW):
        cells = (list(row) + [None] * ASKED_KEY_B)[:ASKED_KEY_B]
        key_a, key_b = _label(cells[ASKED_KEY_A - 1]), _label(cells[ASKED_KEY_B - 1])
        if key_a and key_b:
            label_a, label_b = _label(cells[LIST_LABEL_A - 1]), _label(cells[LIST_LABEL_B - 1])
            asked.append(_Question(len(asked) + 1, number, key_a, key_b, label_a, label_b))
    return tuple(asked) or None


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


def _value(cell: Any) -> object:
    """A cell's value; a formula as its text (``"=B4"``), marked as a :class:`_Formula`."""
    if getattr(cell, "data_type", None) != "f":
        return cell.value
    formula = getattr(cell.value, "text", cell.value)  # an array formula keeps it in .text
    return _Formula(formula if str(formula).startswith("=") else f"={formula}")


def _cell(rows: Sequence[Sequence[object]], row: int, column: int) -> object:
    if row > len(rows) or column > len(rows[row - 1]):
        return None
    return rows[row - 1][column - 1]


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
    if side == _EQUAL:
        return 1.0
    return level if side == _SIDE_A else 1 / level


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


def _mismatch(source: str, criteria: Sequence[str], found: Iterable[str]) -> Problem:
    found = list(found)
    missing = ", ".join(c for c in criteria if c not in found) or "-"
    extra = ", ".join(c for c in found if c not in criteria) or "-"
    return Problem(
        "ahp_form_criteria_mismatch", source=source, params={"missing": missing, "extra": extra}
    )


def _label(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _norm(cell: object) -> str:
    return " ".join(_label(cell).split()).casefold()


def _blank(cell: object) -> bool:
    return not _label(cell)


# --- a group of forms ------------------------------------------------------------------


def check_output_not_input(output: str | Path, forms: Iterable[str | Path]) -> None:
    """Refuse an output file that is one of the input forms.

    Two paths are the same file when they resolve to the same path (relative paths,
    ``..`` and symbolic links followed) or, for an existing output, when the operating
    system says so (hard links, a case-insensitive file system). Call it before reading
    the forms, so nothing is read or written in vain.

    Raises:
        InputError: naming the output and the form it would overwrite.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> write_form(folder / "ani.xlsx", [("a", "Biaya"), ("b", "Manfaat")], "Ani")
        >>> check_output_not_input(folder / "perbandingan.csv", [folder / "ani.xlsx"])
        >>> try:
        ...     check_output_not_input(folder / "ani.xlsx", [folder / "ani.xlsx"])
        ... except InputError as err:
        ...     print(err.problems[0].code)
        ahp_collect_output_is_input
    """
    output = Path(output)
    target = output.resolve()
    for form in map(Path, forms):
        same = form.resolve() == target
        if not same and output.exists() and form.exists():
            same = os.path.samefile(output, form)
        if same:
            raise InputError(
                [
                    Problem(
                        "ahp_collect_output_is_input",
                        value=str(output),
                        params={"form": str(form)},
                    )
                ]
            )


def collect_forms(
    paths: Iterable[str | Path], criteria: Sequence[str] | None = None
) -> dict[str, PairwiseComparisons]:
    """Read every respondent's form: respondent name -> judgements.

    All forms must ask about the same criteria (``criteria``, or else those of the
    first form read). A respondent name on two forms is an error naming both files.
    Every problem in every form is collected and raised once.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ("Ani", "Budi"):
        ...     write_form(folder / f"{name}.xlsx", [("a", "Biaya"), ("b", "Manfaat")], name)
        >>> sorted(collect_forms(sorted(folder.glob("*.xlsx"))))
        ['Ani', 'Budi']
    """
    names = tuple(criteria) if criteria is not None else None
    result: dict[str, PairwiseComparisons] = {}
    files: dict[str, str] = {}
    problems: list[Problem] = []
    for path in map(Path, paths):
        try:
            form = read_form(path, names)
        except JudgementError as err:
            problems.extend(err.problems)
            continue
        names = form.comparisons.criteria
        if form.respondent in files:
            problems.append(
                Problem(
                    "ahp_form_respondent_duplicate",
                    value=form.respondent,
                    params={"first": files[form.respondent], "second": path.name},
                )
            )
            continue
        files[form.respondent] = path.name
        result[form.respondent] = form.comparisons
    if problems:
        raise JudgementError(problems)
    if not result:
        raise JudgementError([Problem("ahp_group_empty")])
    return result


def pairs_csv(sets: Mapping[str, PairwiseComparisons]) -> str:
    """The judgements as a pairs file (``a,b,nilai,responden``), one row per judgement.

    Whole numbers are written as such, reciprocals of whole numbers as ``1/k`` and any
    other value as the shortest decimal that reads back as the same float, so
    :func:`~mcda_kerjasama.weights.judgements.read_judgement_pairs` returns exactly
    the same judgements.

    Example:
        >>> pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 1 / 3, ("a", "c"): 2.5})
        >>> print(pairs_csv({"Ani": pc}), end="")
        a,b,nilai,responden
        a,b,1/3,Ani
        a,c,2.5,Ani
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["a", "b", "nilai", "responden"])
    for respondent, comparisons in sets.items():
        for (a, b), value in comparisons.judgements.items():
            writer.writerow([a, b, format_judgement(value), respondent])
    return out.getvalue()


def format_judgement(value: float) -> str:
    """A judgement as text that reads back as exactly the same float.

    Example:
        >>> format_judgement(3.0), format_judgement(1 / 7), format_judgement(2 / 3)
        ('3', '1/7', '0.6666666666666666')
    """
    if float(value).is_integer():
        return str(int(value))
    whole = round(1 / value)
    if whole > 1 and 1 / whole == value:
        return f"1/{whole}"
    return repr(float(value))
