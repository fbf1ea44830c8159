"""The workbook ``daftar_prioritas.xlsx``: what the TKKSD adopts, printable as it is.

Eight sheets, named in the output language: summary; the priority list made for
printing and signing and the plan per urusan in the regulation's form (both from
:mod:`mcda_kerjasama.report.printsheets`); then the full analysis: priority list, by
year, weights, not eligible and audit. On every analysis sheet the first row is a bold,
filled header that is frozen, filtered and repeated on every printed page; columns are
sized to their content (at most 45 characters wide, longer text wraps) and every row is
as tall as its wrapped text; pages print landscape on A4 at a readable size (a wide
sheet prints over several pages across, the rank and id repeated on each), with the
sheet and scenario name in the header and "Halaman X dari Y" and the print date in the
footer. Every cell names its font (Arial; LibreOffice prints it as the metric-equal
Liberation Sans). Every number has a number format (:func:`~mcda_kerjasama.report.sheet.formats`):
money in rupiah (``Rp 1.234.567``), weights and gaps as percentages, scores with two
decimals, ratios with three; the Indonesian workbook's formats carry the Indonesian
locale, so LibreOffice shows decimal commas. Selected proposals are highlighted light
green, reserves are plain and proposals that are not eligible are in grey text.

Safety: every text cell goes through :func:`~mcda_kerjasama.report.files.neutralise`, so
a title such as ``=HYPERLINK(...)`` stays text; characters a workbook cannot hold
(control characters) are dropped; numbers stay numbers.

Speed and memory: each sheet is written row after row by a
:class:`~mcda_kerjasama.report.sheet.SheetWriter` (linear in the rows; styles are named
styles registered once; no cell objects: the rows become XML, kept deflated until the
workbook is saved): 100 000 proposals take some 20 s and 200 MB (``benchmarks/workbook.py``).

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
    >>> book.sheetnames  # doctest: +NORMALIZE_WHITESPACE
    ['Summary', 'Priority List (Print)', 'Plan by Urusan', 'Priority List', 'By Year',
     'Weights', 'Not Eligible', 'Audit']
    >>> sheet = book["Priority List"]
    >>> sheet["B2"].value, sheet["B2"].fill.fgColor.rgb == SELECTED_FILL.fgColor.rgb
    ('K01', True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.report.console import year_text
from mcda_kerjasama.report.facts import ReportFacts, report_facts
from mcda_kerjasama.report.files import neutralise
from mcda_kerjasama.report.printsheets import print_list, urusan_sheet
from mcda_kerjasama.report.result import priority_table
from mcda_kerjasama.report.sheet import (
    FONT,
    PAGE_WIDTH_UNITS,
    SIZE,
    Formats,
    Look,
    SheetWriter,
    Styles,
    formats,
    header_text,
    new_workbook,
    print_setup,
)
from mcda_kerjasama.report.weights_text import method_name, verbal
from mcda_kerjasama.results import RunResult
from mcda_kerjasama.weights.ahp import RANDOM_INDEX_TABLES
from mcda_kerjasama.weights.words import inconsistent_respondents

#: The rupiah format of the English workbook (the Indonesian one: ``formats("id")``).
RUPIAH = formats("en").rupiah
HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
SELECTED_FILL = PatternFill("solid", fgColor="FFE2EFDA")
GREY_TEXT = Font(name=FONT, color="FF808080")
MAX_WIDTH = 45
MIN_WIDTH = 8
#: The widest a sheet printed one page wide may be (width units) for its 10 pt text to
#: print at 9,5 pt or more once fitted.
ONE_PAGE_UNITS = PAGE_WIDTH_UNITS * SIZE / 9.5

_HEAD = Look(bold=True, fill=HEADER_FILL.fgColor.rgb)
_TEXT = Look()
_BOLD = Look(bold=True)

Row = Sequence[object]


def workbook_bytes(result: RunResult | ReportFacts, lang: Language) -> bytes:
    """The complete ``daftar_prioritas.xlsx`` for ``result`` (or its facts), in ``lang``.

    Example: see the module docstring.
    """
    facts = report_facts(result)
    book = new_workbook()
    book.properties.creator = facts.generator
    book.properties.title = facts.scenario.name
    styles = Styles(book)
    fmt = formats(lang)
    summary = SheetWriter(styles, text("xlsx_sheet_summary", lang), neutralise)
    _analysis(summary, _summary(summary, facts, lang, fmt), facts, lang)
    print_list(styles, facts, lang)
    urusan_sheet(styles, facts, lang)
    for title, fill in (
        ("xlsx_sheet_priority", _priority),
        ("xlsx_sheet_by_year", _by_year),
        ("xlsx_sheet_weights", _weights),
        ("xlsx_sheet_not_eligible", _not_eligible),
        ("xlsx_sheet_audit", _audit),
    ):
        writer = SheetWriter(styles, text(title, lang), neutralise)
        one_page = fill is _weights  # the weights print one page wide, to be signed off
        _analysis(writer, fill(writer, facts, lang, fmt), facts, lang, one_page=one_page)
    return styles.save()


# --- sheets ----------------------------------------------------------------------------
# Each fills one sheet and returns the last row of its first table (the filtered range).


def _summary(w: SheetWriter, facts: ReportFacts, lang: Language, fmt: Formats) -> int:
    scenario, solver = facts.scenario, facts.solver
    _header(w, _texts(lang, "xlsx_item", "xlsx_value", "xlsx_cap", "xlsx_remaining"))
    rows: list[tuple[Row, str | None]] = [
        ((text("xlsx_scenario", lang), scenario.name), None),
        *([((text("xlsx_region", lang), scenario.region), None)] if scenario.region else []),
        ((text("xlsx_years", lang), ", ".join(str(y) for y in scenario.years)), None),
        ((text("label_status", lang), facts.status_line.render(lang)), None),
        ((text("xlsx_n_proposals", lang), facts.counts.proposals), fmt.integer),
        ((text("xlsx_n_eligible", lang), facts.counts.eligible), fmt.integer),
        ((text("xlsx_n_selected", lang), facts.counts.selected), fmt.integer),
        ((text("label_objective", lang), facts.objective), fmt.decimal),
    ]
    for year, use in facts.use.iterrows():
        row = (use["cost"], use["budget"], use["budget_remaining"])
        rows.append(((text("xlsx_budget_year", lang, year=year), *row), fmt.rupiah))
        for column in (c for c in facts.use_columns if c.startswith("funding_pool:")):
            label = text("xlsx_pool_paid", lang, pool=column.partition(":")[2], year=year)
            rows.append(((label, float(use[column])), fmt.rupiah))
        if facts.staff_capped:
            row = (use["staff"], use["staff_cap"], use["staff_remaining"])
            rows.append(((text("xlsx_staff_year", lang, year=year), *row), fmt.staff))
    if (total := facts.budget_total) is not None:
        row = (total.used, total.cap, total.remaining)
        rows.append(((text("label_budget_total", lang), *row), fmt.rupiah))
    for year, amount in facts.commitments.items():
        label = text("xlsx_commitment_year", lang, year=str(int(year)))
        rows.append(((label, float(amount)), fmt.rupiah))
    rows.append(((text("xlsx_method", lang), method_name(facts.weights.method, lang)), None))
    for key, weight in facts.weights.weights.items():
        label = text("xlsx_weight_of", lang, criterion=facts.label(str(key), lang))
        rows.append(((label, float(weight)), fmt.percent))
    if (c := facts.weights.consistency) is not None:
        rows.append(
            ((text("xlsx_consistency_ratio", lang), c.consistency_ratio, c.threshold), fmt.ratio)
        )
    rows += [
        ((text("xlsx_solver", lang), f"{solver.backend} {solver.version}"), None),
        ((text("xlsx_solver_gap", lang), solver.gap), _percent2(fmt)),
        ((text("xlsx_solver_seconds", lang), solver.seconds), fmt.decimal),
        ((text("xlsx_language", lang), text("xlsx_language_name", lang)), None),
        ((text("xlsx_generated_by", lang), facts.generator), None),
    ]
    if scenario.synthetic:
        note = text("xlsx_synthetic", lang, note=scenario.data_note)
        rows.append(((text("xlsx_data_note", lang), note), None))
    # what the list says once: the limits reached, the reserve order, the estimates
    rows += [((text("xlsx_note", lang), note.render(lang)), None) for note in facts.notes]
    for values, number_format in rows:
        _append(w, values, [None, *[number_format] * 3])
    return w.row


def _priority(w: SheetWriter, facts: ReportFacts, lang: Language, fmt: Formats) -> int:
    table = priority_table(facts, lang)
    ids = table[text("label_id", lang)].tolist()
    table[text("label_year", lang)] = _years(table[text("label_year", lang)], facts, lang)
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
    special = {
        table.columns.get_loc(text("label_cost", lang)): fmt.rupiah,
        table.columns.get_loc(text("label_staff", lang)): fmt.staff,
        table.columns.get_loc(text("label_rank", lang)): fmt.integer,
        table.columns.get_loc(text("label_year", lang)): fmt.year,
    }
    number_formats = [
        fmt.decimal if i in score_columns else special.get(i) for i in range(len(table.columns))
    ]
    _header(w, list(table.columns))
    groups = facts.priority.loc[ids, "group"].tolist()
    plain = _looks(number_formats)
    chosen = _looks(number_formats, fill=SELECTED_FILL.fgColor.rgb)
    grey = _looks(number_formats, grey=True)
    for group, values in zip(groups, table.itertuples(index=False), strict=True):
        looks = chosen if group == "selected" else grey if group == "not_eligible" else plain
        w.append(values, looks)
    return w.row


def _by_year(w: SheetWriter, facts: ReportFacts, lang: Language, fmt: Formats) -> int:
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
    _header(w, headers)
    number_formats = [None, None, None, fmt.year, fmt.integer] + [fmt.rupiah, fmt.staff] * (
        len(plan) + len(later)
    )
    looks = _looks(number_formats)
    details = facts.priority.loc[list(facts.by_year.index), ["title", "agency", "duration"]]
    starts = _years([facts.schedule[str(pid)] for pid in facts.by_year.index], facts, lang)
    for pid, start, (title, agency, duration), amounts in zip(
        facts.by_year.index,
        starts,
        details.itertuples(index=False),
        facts.by_year.to_numpy().tolist(),
        strict=True,
    ):
        cells = [pid, title, agency, start, int(duration)]
        w.append([*cells, *amounts], looks)
    filter_end = w.row
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
    bold = _looks(number_formats, bold=True)
    for key, values in (("xlsx_total", totals), ("xlsx_cap", caps), ("xlsx_remaining", remaining)):
        w.append([text(key, lang), None, None, None, None, *values], bold)
    return filter_end


def _weights(w: SheetWriter, facts: ReportFacts, lang: Language, fmt: Formats) -> int:
    weights = facts.weights

    def label(key: object) -> str:
        return facts.label(str(key), lang)

    _header(w, _texts(lang, "xlsx_key", "label_criterion", "label_weight"))
    for key, weight in weights.weights.items():
        _append(w, [str(key), label(key), float(weight)], [None, None, fmt.percent])
    filter_end = w.row
    w.blank()
    _append(w, [text("xlsx_method", lang), method_name(weights.method, lang)])
    if (c := weights.consistency) is not None:
        for key, value in (
            ("xlsx_lambda_max", c.lambda_max),
            ("xlsx_consistency_index", c.consistency_index),
            ("xlsx_consistency_ratio", c.consistency_ratio),
            ("xlsx_random_index", c.random_index),
            ("xlsx_threshold", c.threshold),
            ("xlsx_gci", c.gci),
        ):
            table = text(f"ri_table_{c.random_index_table}", lang)
            _append(w, [text(key, lang, table=table), value], [None, fmt.ratio])
        _append(w, [text("xlsx_consistent", lang), _yes_no(c.consistent, lang)])
    pair = ("xlsx_respondent", "xlsx_criterion_a", "xlsx_criterion_b")
    matrix = weights.details.get("matrix")
    if isinstance(matrix, pd.DataFrame):
        _section(w, [text("xlsx_matrix", lang), *(label(k) for k in matrix.columns)])
        for key, values in matrix.iterrows():
            _append(w, [label(key), *values], [None, *[fmt.ratio] * len(values)])
    if weights.respondents:
        odd = inconsistent_respondents(weights)
        keys = list(weights.weights.index)
        heads = _texts(
            lang,
            "xlsx_respondent",
            "xlsx_respondent_weight",
            "xlsx_consistency_ratio",
            "xlsx_included",
        )
        _section(w, heads + [label(k) for k in keys])
        for r in weights.respondents:
            included = _yes_no(r.included, lang)
            if r.name in odd:  # above the threshold: marked, whether included or not
                included += f" ({text('label_inconsistent', lang)})"
            values = [r.name, r.weight, r.consistency_ratio, included]
            number_formats = [None, fmt.percent, fmt.ratio, None, *[fmt.percent] * len(keys)]
            _append(w, values + [r.weights.get(k) for k in keys], number_formats)
    if weights.completed:
        _section(w, _texts(lang, *pair, "xlsx_value", "xlsx_completion_method"))
        for x in weights.completed:
            shown = verbal(x.value, label(x.a), label(x.b), lang)  # as the form is answered
            values = [x.respondent, label(x.a), label(x.b), shown, method_name(x.method, lang)]
            _append(w, values)
    if weights.suggestions:
        heads = _texts(lang, *pair, "xlsx_current", "xlsx_suggested", "xlsx_cr_after")
        _section(w, heads)
        for s in weights.suggestions:
            a, b = label(s.a), label(s.b)  # on the questionnaire's verbal scale
            now, then = verbal(s.current, a, b, lang), verbal(s.suggested, a, b, lang)
            values = [s.respondent, a, b, now, then, s.cr_after]
            _append(w, values, [None, None, None, None, None, fmt.ratio])
    if c is not None and c.random_index_table in RANDOM_INDEX_TABLES:
        table = text(f"ri_table_{c.random_index_table}", lang)
        _section(w, [text("xlsx_ri_table", lang, table=table), "RI"])
        for n, value in enumerate(RANDOM_INDEX_TABLES[c.random_index_table], start=1):
            _append(w, [n, value], [fmt.integer, fmt.ratio4])
    return filter_end


def _not_eligible(w: SheetWriter, facts: ReportFacts, lang: Language, fmt: Formats) -> int:
    _header(w, _texts(lang, "label_id", "label_title", "label_agency", "label_reason"))
    grey = _looks([None] * 4, grey=True)
    table = facts.not_eligible[["title", "agency", "reasons"]]
    for pid, title, agency, reasons in table.itertuples():
        w.append([pid, title, agency, "; ".join(m.render(lang) for m in reasons)], grey)
    return w.row


def _audit(w: SheetWriter, facts: ReportFacts, lang: Language, fmt: Formats) -> int:
    solver, scenario = facts.solver, facts.scenario
    _header(w, [text("xlsx_item", lang), text("xlsx_value", lang)])
    rows: list[tuple[str, object, str | None]] = [
        ("xlsx_scenario_file", f, None) for f in scenario.files
    ]
    rows += [
        ("xlsx_proposals_file", scenario.proposals, None),
        ("xlsx_generated_by", facts.generator, None),
        ("xlsx_language", text("xlsx_language_name", lang), None),
        ("xlsx_solver", f"{solver.backend} {solver.version}", None),
        ("xlsx_solver_status", facts.status_line.render(lang), None),
        ("xlsx_solver_time_limit", solver.time_limit, fmt.decimal),
        ("xlsx_solver_mip_gap", solver.mip_gap, _percent2(fmt)),
        ("xlsx_tie_break", _yes_no(solver.tie_break, lang), None),
        ("xlsx_solver_bound", solver.bound, fmt.decimal),
        ("xlsx_solver_gap", solver.gap, _percent2(fmt)),
        ("xlsx_solver_seconds", solver.seconds, fmt.decimal),
        ("xlsx_explain_forcing", facts.explain[0], fmt.integer),
        ("xlsx_explain_reserve", facts.explain[1], fmt.integer),
    ]
    rows += [("xlsx_warning", warning.render(lang), None) for warning in facts.warnings]
    for key, value, number_format in rows:
        _append(w, [text(key, lang), value], [None, number_format])
    return w.row


# --- helpers ---------------------------------------------------------------------------


def _years(years: Sequence[object], facts: ReportFacts, lang: Language) -> list[object]:
    """Start years as numbers, except an ongoing cooperation begun before the planning
    years: "berjalan sejak 2025", as the console and the report say it; empty when none."""
    first = min(facts.planning_years) if facts.planning_years else None
    shown = [year_text(y, first, lang) for y in years]
    return [int(t) if t.isdigit() else (t or None) for t in shown]


def fit_widths(widths: dict[int, float], total: float, floor: float = 10.0) -> dict[int, float]:
    """``widths`` with the widest columns narrowed to one cap (never below ``floor``, a
    rounded percentage's or ratio's width) so that they sum to ``total`` at most.

    Example:
        >>> fit_widths({1: 40.0, 2: 12.0, 3: 30.0}, 60.0)
        {1: 24.0, 2: 12.0, 3: 24.0}
        >>> fit_widths({1: 40.0, 2: 12.0}, 100.0)
        {1: 40.0, 2: 12.0}
    """
    if sum(widths.values()) <= total:
        return widths
    low, high = floor, max(widths.values())
    for _ in range(50):  # the largest cap that fits
        cap = (low + high) / 2
        fits = sum(min(v, cap) for v in widths.values()) <= total
        low, high = (cap, high) if fits else (low, cap)
    cap = max(float(math.floor(low)), floor)
    return {c: min(v, cap) for c, v in widths.items()}


def _texts(lang: Language, *keys: str) -> list[str]:
    """The messages ``keys`` in ``lang``: a header row."""
    return [text(key, lang) for key in keys]


def _yes_no(flag: bool, lang: Language) -> str:
    return text("label_yes" if flag else "label_no", lang)


def _percent2(fmt: Formats) -> str:
    """A percentage with two decimals (solver gaps)."""
    return fmt.percent.replace("0.0%", "0.00%")


def _looks(
    number_formats: Sequence[str | None],
    *,
    fill: str | None = None,
    grey: bool = False,
    bold: bool = False,
) -> list[Look]:
    """One look per column: its number format, and the row's fill, colour and weight."""
    return [
        Look(number=n or "General", fill=fill, grey=grey, bold=bold, wrap=n is None)
        for n in number_formats
    ]


def _append(w: SheetWriter, values: Row, number_formats: Sequence[str | None] = ()) -> None:
    """Add one row of plain cells with the given number formats."""
    padded = [*number_formats, *[None] * (len(values) - len(number_formats))]
    w.append(values, _looks(padded))


def _header(w: SheetWriter, labels: Sequence[str]) -> None:
    """The bold, filled header row."""
    w.append(labels, [_HEAD] * len(labels))


def _section(w: SheetWriter, labels: Sequence[str]) -> None:
    """A blank row, then the header of a further table on the same sheet."""
    w.blank()
    _header(w, labels)


def _analysis(
    w: SheetWriter, filter_end: int, facts: ReportFacts, lang: Language, *, one_page: bool = False
) -> None:
    """Column widths, row heights, frozen and filtered header, print setup: as many
    pages across as the columns need at full size, the first two columns repeated; with
    ``one_page``, one page wide, the widest columns narrowed (their text wraps) so that
    the text prints at 9,5 pt or more."""
    widths = w.widths(MAX_WIDTH, MIN_WIDTH)
    if one_page:
        widths = fit_widths(widths, ONE_PAGE_UNITS)
    w.finish(widths)
    sheet = w.sheet
    last_column = get_column_letter(max(w.columns, 1))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{max(filter_end, 1)}"
    print_setup(
        sheet,
        title_rows="1:1",
        header=("&A", header_text(facts.scenario.name), ""),
        footer=(header_text(facts.generator), text("xlsx_page", lang), text("xlsx_printed", lang)),
    )
    across = math.ceil(sum(widths.values()) / PAGE_WIDTH_UNITS)
    if across > 1 and not one_page:
        sheet.page_setup.fitToWidth = across
        sheet.print_title_cols = "A:B"
