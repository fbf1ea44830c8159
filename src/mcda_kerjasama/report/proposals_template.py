"""The proposals workbook ``kerjasama init`` writes (issue 13 §6): the ``usulan`` sheet
with data validation that refuses a wrong entry with an Indonesian message and prompts
every column, columns sized for their content; a ``petunjuk`` sheet explaining every
column with one complete example proposal (which the reader accepts), the kinds of
cooperation, KSDD wajib/sukarela, the statuses, the scores and the ways to write a cost;
and the ``daftar_urusan`` list the urusan drop-down reads.

Every text comes from the message tables (``tpl_*`` keys), in the template's language.

Example:
    >>> from openpyxl import load_workbook
    >>> import io
    >>> book = load_workbook(io.BytesIO(proposals_template(2027)))
    >>> book.sheetnames
    ['usulan', 'petunjuk', 'daftar_urusan']
    >>> rules = book["usulan"].data_validations.dataValidation
    >>> all(r.showErrorMessage and r.showInputMessage for r in rules)
    True
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from mcda_kerjasama.i18n import text
from mcda_kerjasama.language import Language
from mcda_kerjasama.proposals import COLUMNS, NATURES, STATUSES
from mcda_kerjasama.proposals.raw import MAX_CELL_CHARS
from mcda_kerjasama.proposals.table import ALIASES
from mcda_kerjasama.reference import load_urusan
from mcda_kerjasama.scenario import DEFAULT_CRITERIA, KINDS

#: Rows of the ``usulan`` sheet the validation covers (the header is row 1).
LAST_ROW = 1000
#: Column widths in characters: long texts wide, codes narrow.
_WIDTHS = {
    "kode": 9,
    "judul": 48,
    "opd": 34,
    "urusan": 9,
    "jenis": 10,
    "sifat": 11,
    "mitra": 28,
    "biaya": 18,
    "staf": 7,
    "durasi": 8,
    "tahun_mulai": 12,
    "status": 11,
    "prasyarat": 12,
    "kelompok": 12,
    "rpjmd": 16,
}


def example_row(year: int) -> dict[str, Any]:
    """One complete proposal as a user would type it: the ``petunjuk`` sheet shows it,
    and it passes the reader.

    Example:
        >>> example_row(2027)["biaya"], example_row(2027)["tahun_mulai"]
        ('Rp 1,5 M', 2027)
    """
    row: dict[str, Any] = {
        "kode": "U001",
        "judul": "Pengelolaan sampah regional bersama di TPA Regional Solok",
        "opd": "Dinas Lingkungan Hidup",
        "urusan": "2.11",
        "jenis": "KSDD",
        "sifat": "wajib",
        "mitra": "Kota Solok",
        "biaya": "Rp 1,5 M",
        "staf": 6,
        "durasi": 3,
        "tahun_mulai": year,
        "status": "usulan",
        "prasyarat": "",
        "kelompok": "",
        "rpjmd": "IKU-2.11-01",
    }
    scores = (5, 5, 4, 4, 3)
    row.update({c.column: s for c, s in zip(DEFAULT_CRITERIA, scores, strict=True)})
    return row


def _explain(header: str, year: int, lang: Language) -> str:
    criterion = next((c for c in DEFAULT_CRITERIA if c.column == header), None)
    if criterion is not None:
        lo, hi = criterion.scale
        return text(
            "tpl_col_score", lang, label=criterion.display(lang), lo=f"{lo:g}", hi=f"{hi:g}"
        )
    return text(f"tpl_col_{header}", lang, year=year)


def proposals_template(year: int | None = None, lang: Language = "id") -> bytes:
    """An empty proposals workbook for planning years from ``year`` (next year when not
    given).

    Example: see the module docstring.
    """
    if year is None:
        year = date.today().year + 1
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "usulan"
    headers = [c.header for c in COLUMNS] + [c.column for c in DEFAULT_CRITERIA]
    required = {c.header for c in COLUMNS if c.required} | {c.column for c in DEFAULT_CRITERIA}
    sheet.append(headers)
    bold = Font(name="Arial", bold=True)
    thin = Side(style="thin", color="999999")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(bottom=thin)
        required_fill = "FCE4D6" if cell.value in required else "DDEBF7"
        cell.fill = PatternFill("solid", fgColor=required_fill)
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "C2"  # kode and judul stay in view
    letter = {h: sheet.cell(row=1, column=i + 1).column_letter for i, h in enumerate(headers)}
    for header in headers:
        width = _WIDTHS.get(header, max(12, len(header) + 3))
        sheet.column_dimensions[letter[header]].width = width
    for header in ("kode", "urusan", "prasyarat", "rpjmd"):  # codes stay text: 2.10 not 2.1
        for row in range(2, LAST_ROW + 1):
            sheet.cell(row=row, column=headers.index(header) + 1).number_format = "@"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"

    urusan = load_urusan()
    codes = book.create_sheet("daftar_urusan")
    codes.append(["kode", "nama", "kategori"])
    for code, values in urusan.iterrows():
        codes.append([code, values["nama"], values["kategori"]])
    for cell in codes[1]:
        cell.font = bold
    codes.column_dimensions["B"].width = 60
    codes.column_dimensions["C"].width = 28

    def rule(header: str, error: str, **kwargs: Any) -> None:
        validation = DataValidation(
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
            errorTitle=text("tpl_error_title", lang),
            error=error,
            promptTitle=text("tpl_prompt_title", lang),
            prompt=_explain(header, year, lang),
            **kwargs,
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letter[header]}2:{letter[header]}{LAST_ROW}")

    def one_of(header: str, allowed: tuple[str, ...]) -> None:
        error = text("tpl_error_list", lang, allowed=", ".join(allowed))
        rule(header, error, type="list", formula1='"' + ",".join(allowed) + '"')

    top = f"{letter['kode']}$2:${letter['kode']}${LAST_ROW}"
    rule("kode", text("tpl_error_kode", lang), type="custom",
         formula1=f"COUNTIF(${top},{letter['kode']}2)=1")  # fmt: skip
    for header in ("judul", "opd", "mitra", "prasyarat", "kelompok", "rpjmd"):
        rule(header, text("tpl_error_text", lang), type="textLength", operator="lessThanOrEqual",
             formula1=str(MAX_CELL_CHARS))  # fmt: skip
    rule("urusan", text("tpl_error_urusan", lang), type="list",
         formula1=f"daftar_urusan!$A$2:$A${len(urusan) + 1}")  # fmt: skip
    one_of("jenis", KINDS)
    one_of("sifat", NATURES)
    one_of("status", STATUSES)
    cost = f"{letter['biaya']}2"
    rule("biaya", text("tpl_error_cost", lang), type="custom",
         formula1=f"OR(ISTEXT({cost}),AND(ISNUMBER({cost}),{cost}>=0))")  # fmt: skip
    rule("staf", text("tpl_error_staff", lang), type="decimal", operator="greaterThanOrEqual",
         formula1="0")  # fmt: skip
    rule("durasi", text("tpl_error_duration", lang), type="whole", operator="between",
         formula1="1", formula2="5")  # fmt: skip
    rule("tahun_mulai", text("tpl_error_year", lang, year=year), type="whole",
         operator="between", formula1="2000", formula2="2100")  # fmt: skip
    for criterion in DEFAULT_CRITERIA:
        lo, hi = criterion.scale
        error = text(
            "tpl_error_score", lang, label=criterion.display(lang), lo=f"{lo:g}", hi=f"{hi:g}"
        )
        rule(criterion.column, error, type="whole", operator="between",
             formula1=f"{lo:g}", formula2=f"{hi:g}")  # fmt: skip

    _guide(book.create_sheet("petunjuk", 1), headers, required, year, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _guide(sheet: Any, headers: list[str], required: set[str], year: int, lang: Language) -> None:
    """The ``petunjuk`` sheet: every column with its meaning and the example proposal,
    then the kinds, natures, statuses, scores and cost forms explained."""
    from openpyxl.styles import Alignment, Font, PatternFill

    widths = dict(zip("ABCDE", (21, 12, 55, 30, 32), strict=True))
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    body, bold = Font(name="Arial", size=10), Font(name="Arial", size=10, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top", horizontal="left")

    def add(values: list[Any], font: Any = body, merge: str = "") -> None:
        sheet.append(values)
        if not values:  # a blank line between sections
            return
        row = sheet.max_row
        lines = 1
        for cell in sheet[row]:
            cell.font, cell.alignment = font, wrap
            if cell.value not in (None, ""):
                width = widths[cell.column_letter]
                if merge and cell.column_letter == merge[0]:
                    width = sum(widths[c] for c in "ABCDE"[ord(merge[0]) - 65 :])
                lines = max(lines, -(-len(str(cell.value)) // int(width * 0.95)))
        if merge:
            sheet.merge_cells(f"{merge[0]}{row}:{merge[1]}{row}")
        sheet.row_dimensions[row].height = 13.5 * lines + 3

    add([text("tpl_guide_title", lang)], Font(name="Arial", size=14, bold=True), "AE")
    add([text("tpl_guide_intro", lang)], body, "AE")
    add([])
    heads = ("tpl_head_column", "tpl_head_required", "tpl_head_meaning", "tpl_head_example",
             "tpl_head_alias")  # fmt: skip
    add([text(h, lang) for h in heads], bold)
    for cell in sheet[sheet.max_row]:
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    example = example_row(year)
    field_of = {c.header: c.field for c in COLUMNS}
    english = {c.header: c.alias for c in COLUMNS} | {c.column: c.key for c in DEFAULT_CRITERIA}
    for header in headers:
        others = [english[header]]
        others += [n.replace("_", " ") for n, f in ALIASES.items() if f == field_of.get(header)][:3]
        need = text("tpl_required" if header in required else "tpl_optional", lang)
        add([header, need, _explain(header, year, lang), example[header], ", ".join(others)])
    sections = [
        ("tpl_kinds_title", [(k, f"tpl_kind_{k}") for k in KINDS]),
        ("tpl_natures_title", [(n, f"tpl_nature_{n}") for n in NATURES]),
        ("tpl_statuses_title", [(s, f"tpl_status_{s}") for s in STATUSES]),
        ("tpl_scores_title", [("1-5", "tpl_scores")]),
        ("tpl_amounts_title", [("biaya", "tpl_amounts")]),
        ("tpl_next_title", [("", "tpl_next")]),
    ]
    for title, entries in sections:
        add([])
        add([text(title, lang)], Font(name="Arial", size=11, bold=True), "AE")
        for name, key in entries:
            add([name, None, text(key, lang)], body, "CE")
            sheet.cell(sheet.max_row, 1).font = bold
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
