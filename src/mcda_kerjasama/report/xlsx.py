"""The workbook ``daftar_prioritas.xlsx``: what the TKKSD adopts, printable as it is.

Six sheets, named in the output language: summary, priority list, by year, weights, not
eligible and audit. On every sheet the first row is a bold, filled header that is frozen,
filtered and repeated on every printed page; columns are sized to their content (at most
60 characters wide, longer text wraps); pages print landscape on A4, one page wide, with
the sheet and scenario name in the header and the page number and print date in the
footer. Money is a number in rupiah format (``"Rp "#,##0``, shown as Rp 1.234.567 by
Indonesian Excel), weights are percentages. Selected proposals are highlighted light
green, reserves are plain and proposals that are not eligible are in grey text.

Safety: every text cell goes through :func:`~mcda_kerjasama.report.files.neutralise`, so
a title such as ``=HYPERLINK(...)`` stays text; characters a workbook cannot hold
(control characters) are dropped; numbers stay numbers.

The workbook is built in memory; writing it (atomically) is the caller's job. Its content
depends only on the result and the language; the bytes also carry the time they were made
(the document's created and modified properties, which openpyxl sets, and the zip entry
times), so two calls give equal sheets but not equal bytes.

Example:
    >>> from io import BytesIO
    >>> from openpyxl import load_workbook
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> book = load_workbook(BytesIO(workbook_bytes(result, "en")))
    >>> book.sheetnames
    ['Summary', 'Priority List', 'By Year', 'Weights', 'Not Eligible', 'Audit']
    >>> sheet = book["Priority List"]
    >>> sheet["B2"].value, sheet["B2"].fill.fgColor.rgb == SELECTED_FILL.fgColor.rgb
    ('K01', True)
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.report.facts import ReportFacts, report_facts
from mcda_kerjasama.report.files import neutralise
from mcda_kerjasama.report.result import priority_table
from mcda_kerjasama.results import RunResult
from mcda_kerjasama.weights.ahp import RANDOM_INDEX_TABLES

RUPIAH = '"Rp "#,##0'
PERCENT = "0.0%"
DECIMAL = "0.00"
RATIO = "0.000"
HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
SELECTED_FILL = PatternFill("solid", fgColor="FFE2EFDA")
GREY_TEXT = Font(color="FF808080")
BOLD = Font(bold=True)
MAX_WIDTH = 60
MIN_WIDTH = 8

Row = Sequence[object]


def workbook_bytes(result: RunResult | ReportFacts, lang: Language) -> bytes:
    """The complete ``daftar_prioritas.xlsx`` for ``result`` (or its facts), in ``lang``.

    Example: see the module docstring.
    """
    facts = report_facts(result)
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = facts.generator
    book.properties.title = facts.scenario.name
    for title, fill in (
        ("xlsx_sheet_summary", _summary),
        ("xlsx_sheet_priority", _priority),
        ("xlsx_sheet_by_year", _by_year),
        ("xlsx_sheet_weights", _weights),
        ("xlsx_sheet_not_eligible", _not_eligible),
        ("xlsx_sheet_audit", _audit),
    ):
        sheet = book.create_sheet(text(title, lang))
        filter_end = fill(sheet, facts, lang)
        _finish(sheet, filter_end, facts.scenario.name, facts.generator, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- sheets ----------------------------------------------------------------------------
# Each fills one sheet and returns the last row of its first table (the filtered range).


def _summary(sheet: Any, facts: ReportFacts, lang: Language) -> int:
    scenario, solver = facts.scenario, facts.solver
    _header(sheet, _texts(lang, "xlsx_item", "xlsx_value", "xlsx_cap", "xlsx_remaining"))
    rows: list[tuple[Row, str | None]] = [
        ((text("xlsx_scenario", lang), scenario.name), None),
        ((text("xlsx_region", lang), scenario.region), None),
        ((text("xlsx_years", lang), ", ".join(str(y) for y in scenario.years)), None),
        ((text("label_status", lang), facts.status_line.render(lang)), None),
        ((text("xlsx_n_proposals", lang), facts.counts.proposals), None),
        ((text("xlsx_n_eligible", lang), facts.counts.eligible), None),
        ((text("xlsx_n_selected", lang), facts.counts.selected), None),
        ((text("label_objective", lang), facts.objective), DECIMAL),
    ]
    for year, use in facts.use.iterrows():
        row = (use["cost"], use["budget"], use["budget_remaining"])
        rows.append(((text("xlsx_budget_year", lang, year=year), *row), RUPIAH))
        for column in (c for c in facts.use_columns if c.startswith("funding_pool:")):
            label = text("xlsx_pool_paid", lang, pool=column.partition(":")[2], year=year)
            rows.append(((label, float(use[column])), RUPIAH))
        if facts.staff_capped:
            row = (use["staff"], use["staff_cap"], use["staff_remaining"])
            rows.append(((text("xlsx_staff_year", lang, year=year), *row), None))
    if (total := facts.budget_total) is not None:
        row = (total.used, total.cap, total.remaining)
        rows.append(((text("label_budget_total", lang), *row), RUPIAH))
    for year, amount in facts.commitments.items():
        label = text("xlsx_commitment_year", lang, year=str(int(year)))
        rows.append(((label, float(amount)), RUPIAH))
    rows.append(((text("xlsx_method", lang), facts.weights.method), None))
    for key, weight in facts.weights.weights.items():
        label = text("xlsx_weight_of", lang, criterion=facts.label(str(key), lang))
        rows.append(((label, float(weight)), PERCENT))
    if (c := facts.weights.consistency) is not None:
        rows.append(
            ((text("xlsx_consistency_ratio", lang), c.consistency_ratio, c.threshold), RATIO)
        )
    rows += [
        ((text("xlsx_solver", lang), f"{solver.backend} {solver.version}"), None),
        ((text("xlsx_solver_gap", lang), solver.gap), "0.00%"),
        ((text("xlsx_solver_seconds", lang), solver.seconds), DECIMAL),
        ((text("xlsx_language", lang), text("xlsx_language_name", lang)), None),
        ((text("xlsx_generated_by", lang), facts.generator), None),
    ]
    if scenario.synthetic:
        note = text("xlsx_synthetic", lang, note=scenario.data_note)
        rows.append(((text("xlsx_data_note", lang), note), None))
    for values, number_format in rows:
        _append(sheet, values, [None, *[number_format] * 3])
    return sheet.max_row


def _priority(sheet: Any, facts: ReportFacts, lang: Language) -> int:
    table = priority_table(facts, lang)
    ids = table[text("label_id", lang)].tolist()
    table.insert(
        table.columns.get_loc("Urusan") + 1,
        text("xlsx_urusan_name", lang),
        facts.priority.loc[ids, "urusan_name"].to_numpy(),
    )
    contributions = facts.contributions.loc[ids]
    at = table.columns.get_loc(text("label_score", lang)) + 1
    for offset, key in enumerate(contributions.columns):
        name = text("xlsx_contribution", lang, criterion=facts.label(str(key), lang))
        table.insert(at + offset, name, contributions[key].round(2).to_numpy())
    score_columns = range(at - 1, at + len(contributions.columns))
    cost_column = table.columns.get_loc(text("label_cost", lang))
    formats = [
        DECIMAL if i in score_columns else RUPIAH if i == cost_column else None
        for i in range(len(table.columns))
    ]
    _header(sheet, list(table.columns))
    groups = facts.priority.loc[ids, "group"].tolist()
    for group, values in zip(groups, table.itertuples(index=False), strict=True):
        fill = SELECTED_FILL if group == "selected" else None
        font = GREY_TEXT if group == "not_eligible" else None
        _append(sheet, values, formats, fill=fill, font=font)
    return sheet.max_row


def _by_year(sheet: Any, facts: ReportFacts, lang: Language) -> int:
    plan, later = facts.planning_years, facts.later_years
    headers = _texts(
        lang, "label_id", "label_title", "label_agency", "xlsx_start_year", "xlsx_duration"
    )
    for key_cost, key_staff, years in (
        ("xlsx_cost_year", "xlsx_staff_year", plan),
        ("xlsx_cost_commitment", "xlsx_staff_commitment", later),
    ):
        for year in years:
            headers += [text(key_cost, lang, year=year), text(key_staff, lang, year=year)]
    _header(sheet, headers)
    formats = [None] * 5 + [RUPIAH, None] * (len(plan) + len(later))
    for pid, amounts in facts.by_year.iterrows():
        row = facts.priority.loc[pid]
        start = facts.schedule[str(pid)]
        cells = [pid, row["title"], row["agency"], start, int(row["duration"])]
        _append(sheet, [*cells, *amounts.tolist()], formats)
    filter_end = sheet.max_row
    use = facts.use
    caps: list[object] = []
    remaining: list[object] = []
    for year in plan:
        staff = facts.staff_capped
        caps += [use.loc[year, "budget"], use.loc[year, "staff_cap"] if staff else None]
        remaining += [
            use.loc[year, "budget_remaining"],
            use.loc[year, "staff_remaining"] if staff else None,
        ]
    totals = facts.by_year_total.tolist()
    for key, values in (("xlsx_total", totals), ("xlsx_cap", caps), ("xlsx_remaining", remaining)):
        _append(sheet, [text(key, lang), None, None, None, None, *values], formats, font=BOLD)
    return filter_end


def _weights(sheet: Any, facts: ReportFacts, lang: Language) -> int:
    weights = facts.weights

    def label(key: object) -> str:
        return facts.label(str(key), lang)

    _header(sheet, _texts(lang, "xlsx_key", "label_criterion", "label_weight"))
    for key, weight in weights.weights.items():
        _append(sheet, [str(key), label(key), float(weight)], [None, None, PERCENT])
    filter_end = sheet.max_row
    sheet.append([])
    _append(sheet, [text("xlsx_method", lang), weights.method])
    if (c := weights.consistency) is not None:
        for key, value in (
            ("xlsx_lambda_max", c.lambda_max),
            ("xlsx_consistency_index", c.consistency_index),
            ("xlsx_consistency_ratio", c.consistency_ratio),
            ("xlsx_random_index", c.random_index),
            ("xlsx_threshold", c.threshold),
            ("xlsx_gci", c.gci),
        ):
            _append(sheet, [text(key, lang, table=c.random_index_table), value], [None, RATIO])
        _append(sheet, [text("xlsx_consistent", lang), _yes_no(c.consistent, lang)])
    pair = ("xlsx_respondent", "xlsx_criterion_a", "xlsx_criterion_b")
    matrix = weights.details.get("matrix")
    if isinstance(matrix, pd.DataFrame):
        _section(sheet, [text("xlsx_matrix", lang), *(label(k) for k in matrix.columns)])
        for key, values in matrix.iterrows():
            _append(sheet, [label(key), *values], [None, *[RATIO] * len(values)])
    if weights.respondents:
        keys = list(weights.weights.index)
        heads = _texts(
            lang,
            "xlsx_respondent",
            "xlsx_respondent_weight",
            "xlsx_consistency_ratio",
            "xlsx_included",
        )
        _section(sheet, heads + [label(k) for k in keys])
        for r in weights.respondents:
            values = [r.name, r.weight, r.consistency_ratio, _yes_no(r.included, lang)]
            formats = [None, PERCENT, RATIO, None, *[PERCENT] * len(keys)]
            _append(sheet, values + [r.weights.get(k) for k in keys], formats)
    if weights.completed:
        _section(sheet, _texts(lang, *pair, "xlsx_value", "xlsx_completion_method"))
        for x in weights.completed:
            values = [x.respondent, label(x.a), label(x.b), x.value, x.method]
            _append(sheet, values, [None, None, None, RATIO])
    if weights.suggestions:
        heads = _texts(lang, *pair, "xlsx_current", "xlsx_suggested", "xlsx_cr_after")
        _section(sheet, heads)
        for s in weights.suggestions:
            values = [s.respondent, label(s.a), label(s.b), s.current]
            _append(
                sheet, [*values, s.suggested, s.cr_after], [None, None, None, RATIO, RATIO, RATIO]
            )
    if c is not None and c.random_index_table in RANDOM_INDEX_TABLES:
        _section(sheet, [text("xlsx_ri_table", lang, table=c.random_index_table), "RI"])
        for n, value in enumerate(RANDOM_INDEX_TABLES[c.random_index_table], start=1):
            _append(sheet, [n, value], [None, "0.0000"])
    return filter_end


def _not_eligible(sheet: Any, facts: ReportFacts, lang: Language) -> int:
    _header(sheet, _texts(lang, "label_id", "label_title", "label_agency", "label_reason"))
    for pid, row in facts.not_eligible.iterrows():
        reasons = "; ".join(m.render(lang) for m in row["reasons"])
        _append(sheet, [pid, row["title"], row["agency"], reasons], font=GREY_TEXT)
    return sheet.max_row


def _audit(sheet: Any, facts: ReportFacts, lang: Language) -> int:
    solver, scenario = facts.solver, facts.scenario
    _header(sheet, [text("xlsx_item", lang), text("xlsx_value", lang)])
    rows: list[tuple[str, object]] = [("xlsx_scenario_file", f) for f in scenario.files]
    rows += [
        ("xlsx_proposals_file", scenario.proposals),
        ("xlsx_generated_by", facts.generator),
        ("xlsx_language", text("xlsx_language_name", lang)),
        ("xlsx_solver", f"{solver.backend} {solver.version}"),
        ("xlsx_solver_status", facts.status_line.render(lang)),
        ("xlsx_solver_time_limit", solver.time_limit),
        ("xlsx_solver_mip_gap", solver.mip_gap),
        ("xlsx_tie_break", _yes_no(solver.tie_break, lang)),
        ("xlsx_solver_bound", solver.bound),
        ("xlsx_solver_gap", solver.gap),
        ("xlsx_solver_seconds", solver.seconds),
        ("xlsx_explain_forcing", facts.explain[0]),
        ("xlsx_explain_reserve", facts.explain[1]),
    ]
    rows += [("xlsx_warning", w.render(lang)) for w in facts.warnings]
    for key, value in rows:
        _append(sheet, [text(key, lang), value])
    return sheet.max_row


# --- helpers ---------------------------------------------------------------------------


def _texts(lang: Language, *keys: str) -> list[str]:
    """The messages ``keys`` in ``lang``: a header row."""
    return [text(key, lang) for key in keys]


def _yes_no(flag: bool, lang: Language) -> str:
    return text("label_yes" if flag else "label_no", lang)


def _cell(value: object) -> object:
    """A value as a cell holds it: text neutralised, numpy scalars as Python numbers,
    missing values (None, NaN, NA) as an empty cell."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _append(
    sheet: Any,
    values: Row,
    formats: Sequence[str | None] = (),
    *,
    fill: PatternFill | None = None,
    font: Font | None = None,
) -> None:
    """Add one row of cells with the given number formats, fill and font."""
    sheet.append([_cell(v) for v in values])
    padded = [*formats, *[None] * (len(values) - len(formats))]
    for column, number_format in enumerate(padded, start=1):
        cell = sheet.cell(sheet.max_row, column)
        if number_format and isinstance(cell.value, int | float):
            cell.number_format = number_format
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font


def _header(sheet: Any, labels: Sequence[str]) -> None:
    """The bold, filled header row."""
    _append(sheet, labels, fill=HEADER_FILL, font=BOLD)


def _section(sheet: Any, labels: Sequence[str]) -> None:
    """A blank row, then the header of a further table on the same sheet."""
    sheet.append([])
    _header(sheet, labels)


def _finish(sheet: Any, filter_end: int, scenario: str, generator: str, lang: Language) -> None:
    """Column widths and wrapping, frozen and filtered header, print setup."""
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        longest = max((_width(c.value, c.number_format) for c in column), default=0)
        width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[column[0].column_letter].width = width
        if longest + 2 > MAX_WIDTH:
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last_column = get_column_letter(max(sheet.max_column, 1))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{max(filter_end, 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.left.text = "&A"
    sheet.oddHeader.center.text = _header_text(scenario)
    sheet.oddFooter.left.text = _header_text(generator)
    sheet.oddFooter.center.text = text("xlsx_page", lang)
    sheet.oddFooter.right.text = text("xlsx_printed", lang)


def _width(value: object, number_format: str) -> int:
    """Characters a cell needs: its longest line, or its formatted number."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max(len(line) for line in value.split("\n"))
    if number_format == RUPIAH and isinstance(value, int | float):
        return len(f"Rp {value:,.0f}")
    return len(str(round(value, 4)) if isinstance(value, float) else str(value))


def _header_text(value: str) -> str:
    """Text for a printed header or footer: ``&`` doubled (it starts a code there),
    control characters dropped, at most 100 characters."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:100].replace("&", "&&")
