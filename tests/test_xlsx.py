"""The workbook daftar_prioritas.xlsx read back with openpyxl: sheets, values, number
formats, highlighting, print setup, AHP details and formula neutralisation."""

from __future__ import annotations

from functools import cache
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from support import ROOT

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.i18n import Language
from mcda_kerjasama.pipeline import RunResult
from mcda_kerjasama.report.sheet import formats
from mcda_kerjasama.report.xlsx import GREY_TEXT, SELECTED_FILL, workbook_bytes

SHEETS = {
    "id": [
        "Ringkasan", "Daftar Prioritas (Cetak)", "Rencana per Urusan", "Daftar Prioritas",
        "Per Tahun", "Bobot", "Tidak Memenuhi Syarat", "Audit",
    ],
    "en": [
        "Summary", "Priority List (Print)", "Plan by Urusan", "Priority List", "By Year",
        "Weights", "Not Eligible", "Audit",
    ],
}  # fmt: skip
#: The analysis sheets (the print sheets are tested in test_workbook_print.py).
ANALYSIS = [
    name for name in SHEETS["en"] if name not in ("Priority List (Print)", "Plan by Urusan")
]


@cache
def _result(name: str) -> RunResult:
    return run(load_scenario(ROOT / "scenarios" / name))


@cache
def _book(name: str, lang: Language) -> Workbook:
    return load_workbook(BytesIO(workbook_bytes(_result(name), lang)))


def _column(sheet, header: str) -> int:
    """1-based column of ``header`` in the first row."""
    return [c.value for c in sheet[1]].index(header) + 1


@pytest.mark.parametrize("lang", ["id", "en"])
def test_sheet_names_follow_the_language(lang):
    assert _book("contoh", lang).sheetnames == SHEETS[lang]


def test_priority_headers_in_indonesian():
    header = [c.value for c in _book("contoh", "id")["Daftar Prioritas"][1]]
    assert header[:8] == [
        "Peringkat", "Kode", "Judul", "OPD", "Urusan", "Nama urusan", "Jenis", "Mitra",
    ]  # fmt: skip
    assert "Saling menguntungkan (kontribusi)" in header
    assert header[-5:] == ["Dipilih", "Tahun", "Biaya", "Staf", "Alasan"]


def test_priority_rows_match_the_result():
    result = _result("contoh")
    sheet = _book("contoh", "id")["Daftar Prioritas"]
    frame = result.priority.to_frame("id")
    id_col, sel_col = _column(sheet, "Kode"), _column(sheet, "Dipilih")
    cost_col, reason_col = _column(sheet, "Biaya"), _column(sheet, "Alasan")
    assert sheet.max_row == len(frame) + 1
    for r, row in enumerate(frame.itertuples(), start=2):
        assert sheet.cell(r, id_col).value == row.id
        assert sheet.cell(r, sel_col).value == ("ya" if row.selected else "tidak")
        assert sheet.cell(r, reason_col).value == row.reason
        cost = sheet.cell(r, cost_col)
        assert cost.data_type == "n"
        assert cost.number_format == formats("id").rupiah == '[$-421]"Rp "#,##0'
        assert cost.value == result.proposals.data.loc[row.id, "cost"]
        fill = sheet.cell(r, id_col).fill
        if row.selected:
            assert fill.fill_type == "solid"
            assert fill.fgColor.rgb == SELECTED_FILL.fgColor.rgb
        else:
            assert fill.fill_type is None


def test_not_eligible_rows_are_grey_and_listed_with_reasons():
    result = _result("contoh")
    book = _book("contoh", "en")
    priority = book["Priority List"]
    for r in range(2, priority.max_row + 1):
        pid = priority.cell(r, 2).value
        grey = getattr(priority.cell(r, 2).font.color, "rgb", None) == GREY_TEXT.color.rgb
        assert grey == (pid in result.screening.not_eligible)
    sheet = book["Not Eligible"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == list(result.screening.not_eligible)
    for row in rows:
        assert row[3] == "; ".join(result.screening.reason_text(row[0], "en"))


@pytest.mark.parametrize("name", ANALYSIS)
def test_every_sheet_is_ready_to_filter_and_print(name):
    sheet = _book("contoh", "en")[name]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].font.bold
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth >= 1  # wide sheets print over pages across
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert "Contoh" in sheet.oddHeader.center.text
    assert "&P" in sheet.oddFooter.center.text
    widths = [d.width for d in sheet.column_dimensions.values()]
    assert widths and max(widths) <= 45
    assert sheet["A1"].font.name == "Arial"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_weights_sheet_prints_one_page_wide_at_readable_size(lang):
    """AHP's weights sheet (respondents, completions, suggestions: 9 columns, 281 width
    units at content width) is narrowed to fit A4 landscape at 9,5 pt or more."""
    from mcda_kerjasama.report.sheet import PAGE_WIDTH_UNITS, SIZE

    sheet = _book("contoh-ahp", lang)[SHEETS[lang][5]]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth) == ("landscape", 9, 1)
    assert sheet.print_title_rows == "$1:$1" and not sheet.print_title_cols
    widths = [d.width for d in sheet.column_dimensions.values()]
    assert len(widths) == 9
    assert sum(widths) * 9.5 / SIZE <= PAGE_WIDTH_UNITS  # the fitted text >= 9,5 pt
    for row in sheet.iter_rows():  # the narrowed columns wrap, their rows are taller
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 20:
                assert cell.alignment.wrap_text
                assert (sheet.row_dimensions[cell.row].height or 0) > 13


def test_long_reasons_wrap():
    sheet = _book("contoh", "id")["Daftar Prioritas"]
    assert sheet.cell(2, _column(sheet, "Alasan")).alignment.wrap_text


def test_summary_states_status_counts_budget_and_synthetic_data():
    result = _result("contoh")
    values = {
        row[0]: row[1:] for row in _book("contoh", "id")["Ringkasan"].iter_rows(values_only=True)
    }
    assert values["Status"][0] == "optimal (terbukti)"
    assert values["Usulan dipilih"][0] == len(result.selection.selected)
    use = result.selection.use.loc[2026]
    assert values["Anggaran 2026"] == (use["cost"], use["budget"], use["budget_remaining"])
    assert values["Bobot: Saling menguntungkan"][0] == pytest.approx(0.30)
    assert values["Catatan data"][0].startswith("Data sintetis")


def test_by_year_totals_equal_the_selection_use():
    result = _result("sumbar-2026")
    sheet = _book("sumbar-2026", "en")["By Year"]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    header = rows["Id"]
    for year, use in result.selection.use.iterrows():
        at = header.index(f"Cost {year}")
        assert rows["Total"][at] == pytest.approx(use["cost"])
        assert rows["Cap"][at] == use["budget"]
    for year, amount in result.selection.commitments.items():
        at = header.index(f"Cost {year} (commitment)")
        assert rows["Total"][at] == pytest.approx(amount)
    listed = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)][:-3]
    assert sorted(listed) == sorted(result.selection.selected)


def test_staff_caps_and_total_budget(tmp_path, make_scenario):
    path = make_scenario(
        tmp_path, rows=[{"staf": 2}, {"staf": 3}], extra_toml="staff = 4\nbudget_total = 9e9\n"
    )
    result = run(load_scenario(path))
    book = load_workbook(BytesIO(workbook_bytes(result, "id")))
    summary = {row[0]: row[1:] for row in book["Ringkasan"].iter_rows(values_only=True)}
    use = result.selection.use.loc[2026]
    assert summary["Staf 2026"] == (use["staff"], 4, use["staff_remaining"])
    assert summary["Anggaran total terpakai"][:2] == (use["cost"], 9e9)
    rows = {row[0]: row for row in book["Per Tahun"].iter_rows(values_only=True)}
    at = rows["Kode"].index("Staf 2026")
    assert (rows["Jumlah"][at], rows["Batas"][at]) == (use["staff"], 4)


def test_ahp_weights_sheet_shows_respondents_and_consistency():
    result = _result("contoh-ahp")
    rows = list(_book("contoh-ahp", "en")["Weights"].iter_rows(values_only=True))
    first: dict[object, tuple[object, ...]] = {}
    for row in rows:  # the first row labelled so: respondents come before completions
        first.setdefault(row[0], row[1:])
    assert first["Weighting method"][0] == "AHP (aggregated individual judgements)"  # words
    cr = result.weights.consistency.consistency_ratio
    assert first["Consistency ratio (CR)"][0] == pytest.approx(cr)
    for respondent in result.weights.respondents:
        assert first[respondent.name][1] == pytest.approx(respondent.consistency_ratio)
    assert "Pairwise comparison matrix" in first
    assert "Random index (RI) table: Alonso-Lamata" in first
    completed = [row for row in rows if str(row[4]).startswith("fill in so that the matrix")]
    assert len(completed) == len(result.weights.completed)
    # a completed judgement on the questionnaire's verbal scale, not a ratio
    assert all(" more important" in str(row[3]) or "Equally" in str(row[3]) for row in completed)


def test_direct_weights_have_no_ahp_sections():
    first = [row[0] for row in _book("contoh", "en")["Weights"].iter_rows(values_only=True)]
    assert "Weighting method" in first
    assert "Pairwise comparison matrix" not in first
    assert "Consistency ratio (CR)" not in first


def test_hostile_title_stays_text(tmp_path, make_scenario):
    hostile = '=HYPERLINK("http://x","klik")'
    path = make_scenario(tmp_path, rows=[{"judul": hostile}, {"judul": "@SUM(1)"}])
    sheet = load_workbook(BytesIO(workbook_bytes(run(load_scenario(path)), "id")))[
        "Daftar Prioritas"
    ]
    titles = [sheet.cell(r, _column(sheet, "Judul")) for r in range(2, sheet.max_row + 1)]
    assert {c.value for c in titles} == {"'" + hostile, "'@SUM(1)"}
    assert all(c.data_type == "s" for c in titles)


def test_same_result_gives_the_same_sheets():
    result = _result("contoh")
    a, b = (load_workbook(BytesIO(workbook_bytes(result, "id"))) for _ in range(2))
    for name in a.sheetnames:
        assert list(a[name].values) == list(b[name].values)
