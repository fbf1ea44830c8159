"""Reading a filled form back: the questionnaire sheet, checked against the template's
record of what it asked, into :class:`FilledForm`.

Example: a workbook that is no form says so:

    >>> import tempfile, pathlib
    >>> from openpyxl import Workbook
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "lain.xlsx"
    >>> Workbook().save(path)
    >>> try:
    ...     read_form(path)
    ... except JudgementError as err:
    ...     print(err.problems[0].code)
    ahp_form_not_form
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.weights.ahp import Pair, PairwiseComparisons, comparisons_from_pairs
from mcda_kerjasama.weights.questionnaire.layout import (
    _LANGUAGES,
    ASKED_KEY_A,
    ASKED_KEY_B,
    COLUMN_KEYS,
    FIRST_ROW,
    HEADER_ROW,
    INTENSITY,
    KEY_A,
    KEY_B,
    LIST_LABEL_A,
    LIST_LABEL_B,
    RESPONDENT_ROW,
    _label,
)
from mcda_kerjasama.weights.questionnaire.rows import (
    _Formula,
    _match_questions,
    _Question,
    _questions_from_key_cells,
    _read_answer,
)


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


def read_form(path: str | Path, criteria: Sequence[str] | None = None) -> FilledForm:
    """Read a filled form made by :func:`form_bytes` (in either language).

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
        >>> from mcda_kerjasama.weights.questionnaire import form_bytes
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "citra.xlsx"
        >>> form = form_bytes([("a", "Biaya"), ("b", "Manfaat"), ("c", "Risiko")], "Citra")
        >>> _ = path.write_bytes(form)
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


def form_labels(path: str | Path) -> dict[str, str]:
    """The criteria's labels a form shows, by key (empty when the form does not record
    them): what a report of the collected forms names the criteria by.

    Example:
        >>> import tempfile, pathlib
        >>> from mcda_kerjasama.weights.questionnaire import form_bytes
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ani.xlsx"
        >>> _ = path.write_bytes(form_bytes([("a", "Biaya"), ("b", "Manfaat")], "Ani"))
        >>> form_labels(path)
        {'a': 'Biaya', 'b': 'Manfaat'}
    """
    labels: dict[str, str] = {}
    for q in _read_sheet(Path(path)).asked or ():
        labels.setdefault(q.key_a, q.label_a or q.key_a)
        labels.setdefault(q.key_b, q.label_b or q.key_b)
    return labels


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


def _mismatch(source: str, criteria: Sequence[str], found: Iterable[str]) -> Problem:
    found = list(found)
    missing = ", ".join(c for c in criteria if c not in found) or "-"
    extra = ", ".join(c for c in found if c not in criteria) or "-"
    return Problem(
        "ahp_form_criteria_mismatch", source=source, params={"missing": missing, "extra": extra}
    )
