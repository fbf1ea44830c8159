"""Writing a questionnaire form: instructions, the questions with their drop-down lists,
and the hidden record of the pairs asked.

Example:
    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "dewi.xlsx"
    >>> _ = (path).write_bytes(form_bytes([("a", "Cost"), ("b", "Benefit")], "Dewi", lang="en"))
    >>> book = load_workbook(path)
    >>> book.sheetnames, book["lists"].sheet_state
    (['instructions', 'questionnaire', 'lists'], 'hidden')
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.weights.questionnaire.layout import (
    ASKED_KEY_A,
    ASKED_KEY_B,
    CHOICE,
    COLUMN_KEYS,
    FIRST_ROW,
    HEADER_ROW,
    INTENSITY,
    KEY_A,
    KEY_B,
    LABEL_A,
    LABEL_B,
    LEVEL_KEYS,
    LIST_EQUAL,
    LIST_LABEL_A,
    LIST_LABEL_B,
    NO,
    RESPONDENT_ROW,
    SCENARIO_ROW,
    _norm,
    level_choice,
    level_label,
)


def form_bytes(
    criteria: Sequence[tuple[str, str]],
    respondent: str,
    *,
    scenario_name: str = "",
    lang: Language = "id",
) -> bytes:
    """One respondent's AHP questionnaire, as the bytes of an ``.xlsx`` workbook (the
    command line writes it with
    :func:`mcda_kerjasama.report.templates.write_form`).

    Args:
        criteria: ``(key, label)`` per criterion, in the order the pairs are asked.
        respondent: the TKKSD member who answers this form (shown and read back).
        scenario_name: shown on both visible sheets.
        lang: ``"id"`` (Bahasa Indonesia, default) or ``"en"``.

    Raises:
        JudgementError: fewer than two criteria, a key or label used twice, or an
            empty respondent name.

    Example:
        >>> import io
        >>> from openpyxl import load_workbook
        >>> data = form_bytes([("a", "Biaya"), ("b", "Manfaat"), ("c", "Risiko")], "Budi")
        >>> sheet = load_workbook(io.BytesIO(data))["kuesioner"]
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
    return buffer.getvalue()


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


def _put(
    sheet: Any, row: int, column: int, value: object, *, bold: bool = False, size: int = 11
) -> Any:
    """Write a cell in Arial (a font every office suite has); text is always stored as
    text, never run as a formula."""
    from openpyxl.styles import Alignment, Font

    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font = Font(name="Arial", size=size, bold=bold)
    cell.alignment = Alignment(vertical="top", horizontal="left", wrap_text=isinstance(value, str))
    return cell


def _paragraph(sheet: Any, row: int, value: str, *, bold: bool = False, width: int = 110) -> None:
    """A line of the guide across columns A:D, wrapped, its row tall enough."""
    _put(sheet, row, 1, value, bold=bold)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    lines = max(1, -(-len(value) // width))
    sheet.row_dimensions[row].height = 15 * lines + 2


def _print_setup(sheet: Any, title_rows: str | None = None) -> None:
    """A4 landscape, one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows


def _write_guide(
    sheet: Any, questions: str, respondent: str, scenario_name: str, lang: Language
) -> None:
    equal = text("ahp_form_equal", lang)
    choice, intensity = text("ahp_form_col_choice", lang), text("ahp_form_col_intensity", lang)
    _put(sheet, 1, 1, text("ahp_form_title", lang), bold=True, size=14)
    sheet.merge_cells("A1:D1")
    sheet.row_dimensions[1].height = 22
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
        (text("ahp_form_how_choice", lang, column=choice, equal=equal), False),
        (text("ahp_form_how_intensity", lang, column=intensity), False),
        (text("ahp_form_how_blank", lang), False),
        (text("ahp_form_how_keep", lang), False),
        (
            text(
                "ahp_form_example",
                lang,
                choice=choice,
                intensity=intensity,
                level=level_choice(3, lang),
            ),
            False,
        ),
        ("", False),
        (text("ahp_form_scale_title", lang), True),
    ]
    row = 6
    for line, bold in lines:
        if line:
            _paragraph(sheet, row, line, bold=bold)
        row += 1
    _put(sheet, row, 1, text("ahp_form_scale_value", lang), bold=True)
    _put(sheet, row, 2, text("ahp_form_scale_meaning", lang), bold=True)
    for level in LEVEL_KEYS:
        row += 1
        _put(sheet, row, 1, level)
        _put(sheet, row, 2, level_label(level, lang))
    _put(sheet, row + 1, 1, "2, 4, 6, 8")
    _put(sheet, row + 1, 2, text("ahp_form_scale_between", lang))
    for column, width in zip("ABCD", (16, 40, 30, 20), strict=True):
        sheet.column_dimensions[column].width = width
    _print_setup(sheet)


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
    from openpyxl.styles import Border, PatternFill, Side

    line = Side(style="thin", color="999999")
    for column, key in enumerate(COLUMN_KEYS, start=1):
        cell = _put(sheet, HEADER_ROW, column, text(f"ahp_form_col_{key}", lang), bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = Border(bottom=line)
    sheet.row_dimensions[HEADER_ROW].height = 20
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=1).coordinate
    error_title = text("ahp_form_error_title", lang)
    prompt_title = text("ahp_form_prompt_title", lang)

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
        rule.promptTitle, rule.errorTitle = prompt_title, error_title
        rule.error = text("ahp_form_error_choice", lang, a=label_a, b=label_b, equal=equal)[:255]
        sheet.row_dimensions[row].height = 20 * max(1, -(-max(len(label_a), len(label_b)) // 34))
        sheet.add_data_validation(rule)
        rule.add(f"{choice_letter}{row}")
    intensity = _drop_down(f"{list_name}!$A$1:$A${len(levels)}")
    intensity.prompt = text(
        "ahp_form_how_intensity", lang, column=sheet.cell(HEADER_ROW, INTENSITY).value
    )
    intensity.promptTitle, intensity.errorTitle = prompt_title, error_title
    intensity.error = text("ahp_form_error_intensity", lang)
    sheet.add_data_validation(intensity)
    letter = get_column_letter(INTENSITY)
    intensity.add(f"{letter}{FIRST_ROW}:{letter}{last}")

    label_width = max(len(label) for _, label in criteria) + 2
    widths = {
        NO: len(text("ahp_form_respondent", lang)) + 3,
        LABEL_A: min(36, max(14, label_width)),
        LABEL_B: min(36, max(14, label_width)),
        CHOICE: min(36, max(26, label_width)),
        INTENSITY: max(len(c) for c in levels) + 4,
        KEY_A: 12,
        KEY_B: 12,
    }
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in (KEY_A, KEY_B):
        sheet.column_dimensions[get_column_letter(column)].hidden = True
    for row in range(FIRST_ROW, last + 1):  # the answers stand out: they are to be filled
        for column in (CHOICE, INTENSITY):
            cell = sheet.cell(row=row, column=column)
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
            cell.border = Border(left=line, right=line, top=line, bottom=line)
    _print_setup(sheet, f"{HEADER_ROW}:{HEADER_ROW}")
    sheet.print_area = f"A1:{get_column_letter(INTENSITY)}{last}"


def _drop_down(formula: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
    )
