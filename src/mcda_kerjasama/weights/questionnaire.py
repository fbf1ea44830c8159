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
* ``daftar`` / ``lists`` (hidden): the drop-down lists.

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
    """The text of a formula cell (``"=3"``): never an answer, whatever it computes."""


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
        # this row's choices sit in the same row of the hidden sheet, columns C:E
        for column, option in enumerate((label_a, label_b, equal), start=3):
            _put(lists, row, column, option)
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

    Args:
        path: the ``.xlsx`` form.
        criteria: the scenario's criterion keys; the form must ask about exactly these.
            Default: the keys found in the form, in order.

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
    """
    path = Path(path)
    lang, sheet_rows = _questionnaire_rows(path)
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
    items: list[tuple[str, str, object]] = []
    locations: list[dict[str, Any]] = []
    keys: dict[str, None] = {}
    for number, raw_row in enumerate(sheet_rows[FIRST_ROW - 1 :], start=FIRST_ROW):
        row = (list(raw_row) + [None] * len(COLUMN_KEYS))[: len(COLUMN_KEYS)]
        where = {"source": source, "row": number}
        found = _read_answer(row, where, names, lang, problems)
        if found is None:
            continue
        key_a, key_b, value = found
        keys.update(dict.fromkeys((key_a, key_b)))
        if value is not None:
            items.append((key_a, key_b, value))
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


def _questionnaire_rows(path: Path) -> tuple[Language, list[tuple[object, ...]]]:
    """The form's language and the values of its questionnaire sheet, row by row; a
    formula cell's value is its text as a :class:`_Formula`, never what it computed."""
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
        rows = [tuple(map(_value, row)) for row in sheet.iter_rows()]
        return titles[sheet.title], rows
    finally:
        book.close()


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
    where: Mapping[str, Any],
    names: Mapping[int, str],
    lang: Language,
    problems: list[Problem],
) -> tuple[str, str, object] | None:
    """One question row: ``(key_a, key_b, value or None if missing)``; ``None`` for a
    blank row or a row without keys. Problems are appended to ``problems``."""
    key_a, key_b = _label(row[KEY_A - 1]), _label(row[KEY_B - 1])
    choice_raw, level_raw = row[CHOICE - 1], row[INTENSITY - 1]
    choice_blank, level_blank = _blank(choice_raw), _blank(level_raw)
    if not key_a or not key_b:
        if not (choice_blank and level_blank):
            for column, key in ((KEY_A, key_a), (KEY_B, key_b)):
                if not key:
                    problems.append(Problem("required_empty", column=names[column], **where))
        return None
    if choice_blank and level_blank:
        return key_a, key_b, None
    side = None
    if not choice_blank:
        side = (
            None
            if isinstance(choice_raw, _Formula)
            else _parse_choice(choice_raw, row, key_a, key_b)
        )
        if side is None:
            allowed = ", ".join(
                (_label(row[LABEL_A - 1]), _label(row[LABEL_B - 1]), text("ahp_form_equal"))
            )
            problems.append(
                _not_an_answer(choice_raw, "ahp_form_choice_unknown", allowed, names[CHOICE], where)
            )
        elif side == _EQUAL and level_blank:
            return key_a, key_b, 1
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
        return key_a, key_b, 1
    return key_a, key_b, level if side == _SIDE_A else 1 / level


def _not_an_answer(
    raw: object, code: str, allowed: str, column: str, where: Mapping[str, Any]
) -> Problem:
    """Why a filled cell is no answer: a formula, text that looks like one, or ``code``
    (unknown text; ``allowed`` lists what may be written)."""
    if isinstance(raw, _Formula):
        return Problem("ahp_form_formula", column=column, value=raw, **where)
    shown = _label(raw)
    if isinstance(raw, str) and shown.startswith(_FORMULA_STARTS):
        start = shown[0]
        params = {"start": start, "allowed": allowed}
        return Problem("ahp_form_formula_text", column=column, value=shown, params=params, **where)
    return Problem(code, column=column, value=raw, params={"allowed": allowed}, **where)


def _parse_choice(raw: object, row: Sequence[object], key_a: str, key_b: str) -> int | None:
    """``_SIDE_A``, ``_SIDE_B``, ``_EQUAL`` or ``None`` when the text is none of them."""
    choice = _norm(raw)
    if choice in (_norm(row[LABEL_A - 1]), _norm(key_a)):
        return _SIDE_A
    if choice in (_norm(row[LABEL_B - 1]), _norm(key_b)):
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
