"""The workbook's two sheets made for printing and signing.

* *Daftar Prioritas (Cetak)*: seven columns (rank, id, title, agency, cost per year,
  years, short reason) in three separated sections (selected, reserve, not eligible),
  each section's yearly totals, and the signature block.
* *Rencana per Urusan*: the mapping in the regulation's own form
  (:mod:`mcda_kerjasama.report.mapping`): per urusan in the order of the 32 urusan, per
  planning year, the selected cooperations with their priority scale, then the
  urusan's reserve; the rule of the scale in a note; the signature block.

Both print on A4 landscape at 100 % (their columns are as wide as the page, so fitting
them to the page width does not shrink them): body text 10 pt, the header row repeated
on every page, "Halaman X dari Y" in the footer, region, planning years and scenario in
the page header, rows as tall as their wrapped text, and the signature block moved to a
new page when it would not fit on the last one.

Example:
    >>> from io import BytesIO
    >>> from openpyxl import Workbook, load_workbook
    >>> from mcda_kerjasama import load_scenario, run
    >>> from mcda_kerjasama.report.facts import report_facts
    >>> from mcda_kerjasama.report.sheet import Styles
    >>> facts = report_facts(run(load_scenario("scenarios/contoh")))
    >>> book = Workbook()
    >>> print_list(Styles(book), facts, "id").sheet.title
    'Daftar Prioritas (Cetak)'
    >>> sheet = book["Daftar Prioritas (Cetak)"]
    >>> sheet.print_title_rows, sheet.oddFooter.center.text
    ('$6:$6', 'Halaman &P dari &N')
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import pandas as pd

from mcda_kerjasama.amounts import format_rupiah
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.report.console import year_text
from mcda_kerjasama.report.facts import ReportFacts, Signatory, Signing
from mcda_kerjasama.report.files import neutralise
from mcda_kerjasama.report.mapping import PlanRow, row_texts, urusan_plan
from mcda_kerjasama.report.sheet import (
    LINE_POINTS,
    Formats,
    Look,
    SheetWriter,
    Styles,
    formats,
    header_text,
    print_setup,
)

HEADER_FILL = "FFD9E1F2"
SECTION_FILL = "FFBFBFBF"
BLOCK_FILL = "FFDDEBF7"
SELECTED_FILL = "FFE2EFDA"
#: Column widths of the print sheet (rank, id, title, agency, cost, years, reason):
#: :data:`~mcda_kerjasama.report.sheet.PAGE_WIDTH_UNITS` in all, A4 landscape's width.
PRINT_WIDTHS = (9, 7, 39, 22, 16, 10, 31)
#: Column widths of the urusan sheet (rank, class, id, title, agency, partner, kind,
#: duration, cost), as wide in all.
URUSAN_WIDTHS = (9, 10, 6, 30, 18, 17, 11, 16, 17)
#: Room a heading needs at the foot of a page: itself and a row of two lines; less, and
#: it starts the next page.
_HEADING_AND_ROW = 4 * LINE_POINTS + 6.0


def _widths(values: Sequence[int]) -> dict[int, float]:
    return {i: float(w) for i, w in enumerate(values, start=1)}


def _looks(fmt: Formats, fill: str | None = None, grey: bool = False) -> list[Look]:
    """The looks of a print row: rank, id, title, agency, cost, years, reason."""
    base = Look(border=True, fill=fill, grey=grey)
    centred = Look(border=True, fill=fill, grey=grey, align="center")
    rank = Look(border=True, fill=fill, grey=grey, align="center", number=fmt.integer)
    money = Look(border=True, fill=fill, grey=grey, number=fmt.rupiah, wrap=False)
    return [rank, centred, base, base, money, centred, base]


def _title_rows(
    writer: SheetWriter, facts: ReportFacts, lang: Language, title: str, last: int
) -> None:
    """The document's title, region and years, scenario (and the synthetic-data note)."""
    scenario = facts.scenario
    years = ", ".join(str(y) for y in scenario.years)
    lines: list[tuple[str, Look]] = [
        (title, Look(bold=True, size=13, align="center")),
        # without a region (region = "") no empty place before the years
        (text("print_region_years", lang, region=scenario.region, years=years).lstrip(" ·"),
         Look(bold=True, size=11, align="center")),
        (text("print_scenario", lang, name=scenario.name), Look(align="center")),
    ]  # fmt: skip
    if scenario.synthetic:
        note = text("print_synthetic", lang, note=scenario.data_note)
        lines.append((note, Look(italic=True, grey=True, align="center")))
    for line, look in lines:
        row = writer.append([line], [look], measure=False)
        writer.merge(row, 1, last)


def _page(writer: SheetWriter, facts: ReportFacts, lang: Language, title_row: int) -> None:
    scenario = facts.scenario
    years = ", ".join(str(y) for y in scenario.years)
    header = text(
        "print_page_header", lang, region=scenario.region, years=years, name=scenario.name
    ).lstrip(" ·")  # without a region, no empty place before the years
    print_setup(
        writer.sheet,
        title_rows=f"{title_row}:{title_row}",
        header=("", header_text(header), ""),
        footer=(
            header_text(facts.generator),
            text("xlsx_page", lang),
            text("xlsx_printed", lang),
        ),
    )
    writer.sheet.freeze_panes = f"A{title_row + 1}"


def print_list(styles: Styles, facts: ReportFacts, lang: Language) -> SheetWriter:
    """The sheet *Daftar Prioritas (Cetak)* (see the module docstring).

    Example: see the module docstring.
    """
    fmt = formats(lang)
    writer = SheetWriter(styles, text("xlsx_sheet_print", lang), neutralise, _widths(PRINT_WIDTHS))
    last = len(PRINT_WIDTHS)
    _title_rows(writer, facts, lang, text("print_title", lang), last)
    writer.blank(6.0)
    head = Look(bold=True, fill=HEADER_FILL, border=True, align="center")
    keys = ("rank", "id", "title", "agency", "cost", "years", "reason")
    title_row = writer.append([text(f"print_col_{k}", lang) for k in keys], [head] * last)
    writer.title_row = title_row
    priority = facts.priority
    first_year = min(facts.planning_years) if facts.planning_years else None
    section = Look(bold=True, fill=SECTION_FILL, border=True, size=11)
    total = Look(bold=True, border=True, align="right")
    for group, key in (
        ("selected", "print_section_selected"),
        ("reserve", "print_section_reserve"),
        ("not_eligible", "print_section_not_eligible"),
    ):
        rows = priority[priority["group"] == group]
        writer.keep_together(_HEADING_AND_ROW)
        heading = writer.append([text(key, lang, n=len(rows))], [section] * last)
        writer.merge(heading, 1, last)
        if rows.empty:
            none = writer.append(
                [text("print_none", lang)], [Look(border=True, italic=True)] * last
            )
            writer.merge(none, 1, last)
        looks = _looks(
            fmt,
            fill=SELECTED_FILL if group == "selected" else None,
            grey=group == "not_eligible",
        )
        columns = ["rank", "title", "agency", "cost", "year", "duration", "reason"]
        for pid, rank, title, agency, cost, year, duration, reason in rows[columns].itertuples():
            writer.append(
                [
                    int(rank),
                    str(pid),
                    title,
                    agency,
                    float(cost),
                    _span(year, duration, lang, first_year),
                    reason.render(lang),
                ],
                looks,
            )
        if group == "selected":
            for line in _year_totals(facts, lang):
                at = writer.append([line], [total] * last)
                writer.merge(at, 1, last)
    _signature(writer, facts.scenario.signing, lang, _sign_spans(last))
    writer.finish()
    _page(writer, facts, lang, title_row)
    return writer


def _span(year: Any, duration: Any, lang: Language, first_year: int | None) -> str:
    """The years a selected proposal runs from ``year`` ("2026" or "2026–2028"; "berjalan
    sejak 2025" for an ongoing cooperation begun before the planning years); empty
    without a year."""
    if pd.isna(year):
        return ""
    start, duration = int(year), int(duration)
    if first_year is not None and start < first_year:
        return year_text(start, first_year, lang)
    if duration <= 1:
        return str(start)
    return text("print_span", lang, start=start, end=start + duration - 1)


def _year_totals(facts: ReportFacts, lang: Language) -> list[str]:
    lines = []
    for year, use in facts.use.iterrows():
        used, cap = float(use["cost"]), float(use["budget"])
        if cap == cap and cap != float("inf"):
            lines.append(
                text(
                    "print_year_total",
                    lang,
                    year=year,
                    used=format_rupiah(used, lang),
                    cap=format_rupiah(cap, lang),
                )
            )
        else:
            lines.append(
                text("print_year_total_no_cap", lang, year=year, used=format_rupiah(used, lang))
            )
    return lines


# --- the mapping per urusan ------------------------------------------------------------


def urusan_sheet(styles: Styles, facts: ReportFacts, lang: Language) -> SheetWriter:
    """The sheet *Rencana per Urusan* (see the module docstring).

    Example:
        >>> from io import BytesIO
        >>> from openpyxl import Workbook, load_workbook
        >>> from mcda_kerjasama import load_scenario, run
        >>> from mcda_kerjasama.report.facts import report_facts
        >>> facts = report_facts(run(load_scenario("scenarios/contoh")))
        >>> styles = Styles(Workbook())
        >>> title = urusan_sheet(styles, facts, "id").sheet.title
        >>> sheet = load_workbook(BytesIO(styles.save()))[title]
        >>> [c.value for c in sheet[sheet.print_title_rows.split(":")[0].strip("$")]][:3]
        ['Peringkat', 'Skala prioritas', 'Kode']
    """
    fmt = formats(lang)
    writer = SheetWriter(
        styles, text("xlsx_sheet_urusan", lang), neutralise, _widths(URUSAN_WIDTHS)
    )
    last = len(URUSAN_WIDTHS)
    _title_rows(writer, facts, lang, text("urusan_title", lang), last)
    for key in ("urusan_basis", "urusan_rule"):
        note = writer.append([text(key, lang)], [Look(size=9.5)], measure=False)
        writer.merge(note, 1, last)
    writer.blank(6.0)
    head = Look(bold=True, fill=HEADER_FILL, border=True, align="center")
    keys = ("rank", "class", "id", "title", "agency", "partner", "kind", "period", "cost")
    title_row = writer.append([text(f"urusan_col_{k}", lang) for k in keys], [head] * last)
    writer.title_row = title_row
    block_look = Look(bold=True, fill=BLOCK_FILL, border=True, size=11)
    year_look = Look(bold=True, border=True, italic=True)
    total_label = Look(bold=True, border=True, align="right")
    total_money = Look(bold=True, border=True, number=fmt.rupiah, wrap=False)
    blocks = urusan_plan(facts)
    plain, grey = _plan_looks(fmt), _plan_looks(fmt, grey=True)
    if not blocks:
        none = writer.append([text("urusan_none", lang)], [Look(italic=True)])
        writer.merge(none, 1, last)
    totals: dict[int, float] = {}
    for block in blocks:
        writer.keep_together(_HEADING_AND_ROW + LINE_POINTS + 2.0)  # urusan, year, a row
        at = writer.append(
            [text("urusan_block", lang, code=block.code, name=block.name)], [block_look] * last
        )
        writer.merge(at, 1, last)
        for plan in block.years:
            writer.keep_together(_HEADING_AND_ROW)
            at = writer.append([text("urusan_year", lang, year=plan.year)], [year_look] * last)
            writer.merge(at, 1, last)
            for row in plan.rows:
                writer.append(_plan_cells(row, lang), plain)
            label = text("urusan_year_total", lang, year=plan.year)
            at = writer.append(
                [label, *[None] * (last - 2), plan.total],
                [total_label] * (last - 1) + [total_money],
            )
            writer.merge(at, 1, last - 1)
            totals[plan.year] = totals.get(plan.year, 0.0) + plan.total
        if block.reserve:
            writer.keep_together(_HEADING_AND_ROW)
            at = writer.append(
                [text("urusan_reserve", lang, code=block.code)],
                [Look(italic=True, border=True, fill="FFF2F2F2")] * last,
            )
            writer.merge(at, 1, last)
            for row in block.reserve:
                writer.append(_plan_cells(row, lang), grey)
    for year in facts.planning_years:
        label = f"{text('html_total', lang)} {year}"
        at = writer.append(
            [label, *[None] * (last - 2), totals.get(year, 0.0)],
            [Look(bold=True, border=True, align="right", fill=SECTION_FILL)] * (last - 1)
            + [Look(bold=True, border=True, number=fmt.rupiah, wrap=False, fill=SECTION_FILL)],
        )
        writer.merge(at, 1, last - 1)
    spans = [(1, 3), (4, 5), (7, 9)]
    _signature(writer, facts.scenario.signing, lang, spans)
    writer.finish()
    _page(writer, facts, lang, title_row)
    return writer


def _plan_cells(row: PlanRow, lang: Language) -> list[object]:
    cls, kind, period = row_texts(row, lang)
    return [row.rank, cls, row.id, row.title, row.agency, row.partner, kind, period, row.cost]


def _plan_looks(fmt: Formats, grey: bool = False) -> list[Look]:
    base = Look(border=True, grey=grey)
    centred = Look(border=True, grey=grey, align="center")
    rank = Look(border=True, grey=grey, align="center", number=fmt.integer)
    money = Look(border=True, grey=grey, number=fmt.rupiah, wrap=False)
    return [rank, centred, centred, base, base, base, base, base, money]


# --- the signature block ---------------------------------------------------------------


def _sign_spans(last: int) -> list[tuple[int, int]]:
    """Where the signatories stand on the print sheet: left (rank to title) and right
    (cost to reason)."""
    return [(1, 3), (5, last)]


def sign_date(when: datetime.date | None, lang: Language) -> str:
    """A date as a letter writes it ("2 Maret 2026"), or a line to write it on.

    Example:
        >>> sign_date(datetime.date(2026, 3, 2), "id"), sign_date(None, "id")[:4]
        ('2 Maret 2026', '....')
    """
    if when is None:
        return text("sign_blank_date", lang)
    month = text("sign_months", lang).split()[when.month - 1]
    return text("sign_date", lang, day=when.day, month=month, year=when.year)


def _signature(
    writer: SheetWriter,
    signing: Signing,
    lang: Language,
    spans: Sequence[tuple[int, int]],
) -> None:
    """Place and date, then each signatory's title, room to sign, name and NIP; on a new
    page when the block would not fit on the last one."""
    people = signing.signatories or (Signatory(title=text("sign_default_title", lang)),)
    rows_of = [people[i : i + len(spans)] for i in range(0, len(people), len(spans))]
    writer.keep_together(2 * LINE_POINTS + len(rows_of) * (5 * LINE_POINTS + 60.0) + 20.0)
    writer.blank(LINE_POINTS)
    place = signing.place or text("sign_blank", lang)
    when = text("sign_place_date", lang, place=place, date=sign_date(signing.date, lang))
    centre = Look(align="center")
    first, last = spans[-1]
    at = writer.append([None] * (first - 1) + [when], [None] * (first - 1) + [centre])
    writer.merge(at, first, last)
    for group in rows_of:
        used = spans[len(spans) - len(group) :]  # a short line stands on the right
        width = used[-1][1]
        for part in ("title", "space", "name", "nip"):
            if part == "space":
                writer.blank(60.0)
                continue
            values: list[object] = [None] * width
            looks: list[Look | None] = [None] * width
            for person, (a, _b) in zip(group, used, strict=True):
                values[a - 1] = _sign_line(person, part, lang)
                named = part == "name" and bool(person.name)
                looks[a - 1] = Look(align="center", bold=part == "name", underline=named)
            at = writer.append(values, looks, measure=False)
            for a, b in used:
                writer.merge(at, a, b)
        writer.blank(LINE_POINTS)


def _sign_line(person: Signatory, part: str, lang: Language) -> str:
    if part == "title":
        return person.title or text("sign_default_title", lang)
    if part == "name":
        return person.name or text("sign_blank_name", lang)
    return text("sign_nip", lang, nip=person.nip) if person.nip else text("sign_blank_nip", lang)
