"""The workbook as printed: the sheet to sign and the plan per urusan (issue 13 §1, §1b).

Content is read back with openpyxl (sections, order, classes, signature, number formats,
fonts, row heights); the print is checked on the PDF that LibreOffice makes of the
workbook of ``scenarios/sumbar-2026`` (115 proposals): text size measured from the
words' boxes against a calibration page printed at 10 pt, the header row and "Halaman X
dari Y" on every page of the two print sheets, the signature block on the last, and no
serif font anywhere. LibreOffice and poppler-utils are needed (``.ci/run`` installs them).
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from functools import cache
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from support import ROOT

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.errors import InputError
from mcda_kerjasama.reference import load_urusan
from mcda_kerjasama.report.facts import report_facts
from mcda_kerjasama.report.mapping import priority_classes, urusan_plan
from mcda_kerjasama.report.sheet import LINE_POINTS, lines_needed
from mcda_kerjasama.report.xlsx import workbook_bytes
from mcda_kerjasama.results import RunResult

PRINT, URUSAN = "Daftar Prioritas (Cetak)", "Rencana per Urusan"
REPORT = """
[report]
place = "Padang"
date = "2026-03-02"

[[report.signatory]]
title = "Sekretaris Daerah selaku Ketua TKKSD"
name = "Dr. H. Contoh Nama, M.Si."
nip = "19700101 199503 1 001"

[[report.signatory]]
title = "Kepala Bappeda"
name = "Ir. Nama Kedua"
nip = "197205152000031002"
"""


def _scenario(tmp: Path, extra: str = REPORT) -> Path:
    base = (ROOT / "scenarios" / "sumbar-2026" / "scenario.toml").as_posix()
    path = tmp / "scenario.toml"
    path.write_text(f'schema_version = 1\nextends = "{base}"\n{extra}', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return run(load_scenario(_scenario(tmp_path_factory.mktemp("sumbar"))))


@pytest.fixture(scope="module")
def book(result: RunResult) -> Workbook:
    return load_workbook(BytesIO(workbook_bytes(result, "id")))


def _rows(sheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(values_only=True))


def _header_row(sheet) -> int:
    return int(sheet.print_title_rows.split(":")[0].strip("$"))


# --- the sheet to sign -----------------------------------------------------------------


def test_print_sheet_has_seven_columns_and_three_sections_in_order(book, result):
    sheet = book[PRINT]
    top = _header_row(sheet)
    assert [c.value for c in sheet[top]] == [
        "Peringkat", "Kode", "Judul kerja sama", "OPD", "Biaya per tahun", "Tahun",
        "Alasan singkat",
    ]  # fmt: skip
    frame = result.priority.to_frame("id")
    rows = _rows(sheet)[top:]
    headings = [i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0][:3] in "A. B. C. "]
    assert [rows[i][0].split(":")[0] for i in headings] == [
        "A. TERPILIH", "B. CADANGAN", "C. TIDAK MEMENUHI SYARAT",
    ]  # fmt: skip
    listed = [r[1] for r in rows if isinstance(r[0], int)]
    assert listed == frame["id"].tolist()  # every proposal once, in priority order
    for group, at in zip(("selected", "reserve", "not_eligible"), headings, strict=True):
        n = int((frame["group"] == group).sum())
        assert f": {n} usulan" in rows[at][0]
        ids = [r[1] for r in rows[at + 1 : at + 1 + n]]
        assert ids == frame.loc[frame["group"] == group, "id"].tolist()


def test_print_sheet_amounts_and_years(book, result):
    sheet = book[PRINT]
    data = result.proposals.data
    for row in sheet.iter_rows(min_row=_header_row(sheet) + 1):
        if not isinstance(row[0].value, int):
            continue
        pid, cost, years = row[1].value, row[4], row[5].value
        assert cost.value == data.loc[pid, "cost"]
        assert cost.number_format == '[$-421]"Rp "#,##0'
        if pid in result.selection.schedule:
            start = result.selection.schedule[pid]
            end = start + int(data.loc[pid, "duration"]) - 1
            assert years == (str(start) if end == start else f"{start}–{end}")
        else:
            assert years is None


def test_print_sheet_signature_block_from_the_scenario(book):
    values = [v for r in _rows(book[PRINT]) for v in r if isinstance(v, str)]
    tail = values[-8:]
    assert "Padang, 2 Maret 2026" in values
    for text in (
        "Sekretaris Daerah selaku Ketua TKKSD",
        "Kepala Bappeda",
        "Dr. H. Contoh Nama, M.Si.",
        "Ir. Nama Kedua",
        "NIP 19700101 199503 1 001",
        "NIP 197205152000031002",
    ):
        assert text in tail


def test_signature_defaults_leave_lines_to_fill_in(tmp_path):
    result = run(load_scenario(_scenario(tmp_path, extra="")))
    sheet = load_workbook(BytesIO(workbook_bytes(result, "id")))[PRINT]
    values = [v for r in _rows(sheet) for v in r if isinstance(v, str)]
    assert "Ketua TKKSD" in values[-4:]
    assert values[-1].startswith("NIP ....")
    assert values[-4].startswith("...") and ", ..." in values[-4]


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ('[report]\ndate = "2 Maret 2026"\n', "report.date"),
        ('[report]\ndate = "2026-02-30"\n', "report.date"),
        ('[[report.signatory]]\ntitle = "Ketua"\nnip = "1970"\n', "report.signatory[0].nip"),
        ('[[report.signatory]]\nname = "x"\ntitle = ""\n', "report.signatory[0].title"),
        ('[report]\nsignatory = "Ketua"\n', "report.signatory"),
        ('[report]\ntempat = "Padang"\n', "report.tempat"),
    ],
)
def test_bad_report_settings_are_located(tmp_path, extra, key):
    with pytest.raises(InputError) as caught:
        load_scenario(_scenario(tmp_path, extra))
    assert key in [p.key for p in caught.value.problems]
    message = caught.value.render("id") if hasattr(caught.value, "render") else str(caught.value)
    assert key in message


# --- the plan per urusan ---------------------------------------------------------------


def test_urusan_blocks_follow_the_32_urusan_and_list_every_active_year(result):
    facts = report_facts(result)
    blocks = urusan_plan(facts)
    order = list(load_urusan().index)
    codes = [b.code for b in blocks]
    assert codes == sorted(codes, key=order.index)
    priority = facts.priority
    wanted = set(priority.loc[priority["group"] != "not_eligible", "urusan"])
    assert set(codes) == wanted
    data = result.proposals.data
    seen: dict[str, set[int]] = {}
    for block in blocks:
        for plan in block.years:
            for row in plan.rows:
                assert data.loc[row.id, "urusan"] == block.code
                seen.setdefault(row.id, set()).add(plan.year)
                assert row.cost == pytest.approx(data.loc[row.id, "cost"])
        for row in block.reserve:
            assert priority.loc[row.id, "group"] == "reserve" and row.priority_class is None
    for pid, start in result.selection.schedule.items():
        years = range(start, start + int(data.loc[pid, "duration"]))
        assert seen[pid] == {y for y in years if y in result.scenario.years}


def test_urusan_sheet_prints_blocks_years_and_reserve_after(book, result):
    sheet = book[URUSAN]
    top = _header_row(sheet)
    assert [c.value for c in sheet[top]] == [
        "Peringkat", "Skala prioritas", "Kode", "Program/kegiatan", "OPD", "Mitra", "Jenis",
        "Jangka waktu", "Biaya pada tahun itu",
    ]  # fmt: skip
    firsts = [r[0] for r in _rows(sheet)[top:] if isinstance(r[0], str)]
    blocks = [f for f in firsts if f.startswith("Urusan ")]
    assert blocks[0] == "Urusan 1.01 Pendidikan"
    names = load_urusan()["nama"]
    for line in blocks:
        code = line.split()[1]
        assert line == f"Urusan {code} {names[code]}"
    # inside a block: the years first, then the reserve
    state = ""
    for f in firsts:
        if f.startswith("Urusan "):
            state = "block"
        elif f.startswith("Cadangan"):
            state = "reserve"
        elif f.startswith("Tahun "):
            assert state != "reserve"
    classes = {r[1] for r in _rows(sheet)[top:] if isinstance(r[0], int)}
    assert classes == {"Prioritas 1", "Prioritas 2", "Prioritas 3", "cadangan"}
    assert any("Permendagri 22/2020 Pasal 5 ayat (3)" in str(r[0]) for r in _rows(sheet)[:top])
    assert any(str(r[0]).startswith("Skala prioritas:") for r in _rows(sheet)[:top])


def test_priority_classes_are_score_thirds(result):
    facts = report_facts(result)
    classes = priority_classes(facts)
    chosen = facts.priority[facts.priority["group"] == "selected"]
    assert set(classes) == set(chosen.index)
    n = len(chosen)
    # independent count: the k-th class holds the proposals whose score rank (1 = best,
    # equal shown scores sharing the best place) is within the first k thirds
    shown = chosen["score"].round(2)
    for pid, cls in classes.items():
        better = int((shown > shown[pid]).sum())  # proposals strictly above
        assert cls == 3 * better // n + 1


@given(st.lists(st.integers(0, 40), min_size=1, max_size=40))
def test_priority_classes_never_rank_a_lower_score_higher(scores):
    ids = [f"K{i:02d}" for i in range(len(scores))]
    priority = pd.DataFrame(
        {
            "rank": range(1, len(ids) + 1),
            "score": [s / 4 for s in scores],
            "group": "selected",
        },
        index=ids,
    )
    classes = priority_classes(SimpleNamespace(priority=priority))  # type: ignore[arg-type]
    for a in ids:
        for b in ids:
            if priority.at[a, "score"] > priority.at[b, "score"]:
                assert classes[a] <= classes[b]
            if priority.at[a, "score"] == priority.at[b, "score"]:
                assert classes[a] == classes[b]
    assert classes[priority["score"].idxmax()] == 1
    assert set(classes.values()) <= {1, 2, 3}


# --- every sheet: fonts, number formats, row heights -----------------------------------


def test_every_cell_names_its_font_and_every_number_is_formatted(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.font.name == "Arial", (sheet.title, cell.coordinate)
                if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    assert cell.number_format != "General", (sheet.title, cell.coordinate)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_ahp_workbook_formats_every_number(lang):
    book = load_workbook(
        BytesIO(workbook_bytes(run(load_scenario(ROOT / "scenarios" / "contoh-ahp")), lang))
    )
    test_every_cell_names_its_font_and_every_number_is_formatted(book)
    tag = "[$-421]" if lang == "id" else ""
    formats = {c.number_format for s in book.worksheets for r in s.iter_rows() for c in r}
    assert {f"{tag}0.0%", f"{tag}0.000"} <= formats


def test_audit_numbers_are_formatted_not_raw(book):
    sheet = book["Audit"]
    for label, value in ((r[0].value, r[1]) for r in sheet.iter_rows(min_row=2)):
        if isinstance(value.value, float):
            assert value.number_format.endswith(("0.00", "0.00%")), label


def test_rows_are_as_tall_as_their_wrapped_text(book):
    sheet = book[PRINT]
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFG"}
    for row in sheet.iter_rows(min_row=_header_row(sheet) + 1):
        if not isinstance(row[0].value, int):
            continue
        lines = max(
            lines_needed(str(c.value), widths[c.column_letter]) for c in row if c.value is not None
        )
        assert sheet.row_dimensions[row[0].row].height >= lines * LINE_POINTS


# --- the print, measured on LibreOffice's PDF ------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is needed: apt-get install -y libreoffice-calc poppler-utils"
    return found


@cache
def _pdf_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every page's words with their boxes (x0, y0, x1, y1, text) from pdftotext -bbox."""
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", out, flags=re.S):
        words = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
        )
        pages.append([(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in words])
    return pages


#: The titles that open the two print sheets (they share their page header).
_TITLES = ("DAFTAR PRIORITAS KERJA SAMA DAERAH", "RENCANA PROGRAM DAN KEGIATAN")


@pytest.fixture(scope="module")
def printed(book, result, tmp_path_factory) -> dict[str, object]:
    """The workbook and a calibration page (one line at 10 pt) converted by LibreOffice."""
    folder = tmp_path_factory.mktemp("pdf")
    (folder / "daftar_prioritas.xlsx").write_bytes(workbook_bytes(result, "id"))
    calibration = Workbook()
    calibration.active["A1"] = "Kalibrasi"
    calibration.active["A1"].font = Font(name="Arial", size=10)
    calibration.save(folder / "kalibrasi.xlsx")
    subprocess.run(
        [_tool("soffice"), "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder),
         str(folder / "daftar_prioritas.xlsx"), str(folder / "kalibrasi.xlsx")],
        capture_output=True, check=True, timeout=600,
    )  # fmt: skip
    (_, y0, _, y1, _), *_ = _pdf_words(folder / "kalibrasi.pdf")[0]
    pages = _pdf_words(folder / "daftar_prioritas.pdf")
    sheets: list[list[list[tuple[float, float, float, float, str]]]] = []
    header = None
    for number, words in enumerate(pages, start=1):
        line = " ".join(w[4] for w in words)
        # numbered through the whole export, so the total is the pages printed
        assert f"Halaman {number} dari {len(pages)}" in line, number
        top = " ".join(w[4] for w in words if w[1] < 50)  # the page header
        titled = any(title in line for title in _TITLES)  # a print sheet's first page
        if top != header or titled or not sheets:
            sheets.append([])
        header = top
        sheets[-1].append(words)
    fonts = subprocess.run(
        [_tool("pdffonts"), str(folder / "daftar_prioritas.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {"points_per_height": 10 / (y1 - y0), "sheets": sheets, "fonts": fonts}


def _body_sizes(page, points_per_height: float) -> list[float]:
    """The text sizes of a page's words, leaving out the page header and footer."""
    return [(y1 - y0) * points_per_height for _, y0, _, y1, _ in page if 50 < y0 < 540]


@pytest.mark.parametrize(("index", "header"), [(1, "Alasan singkat"), (2, "Program/kegiatan")])
def test_print_sheets_print_at_nine_points_or_more(printed, index, header):
    pages = printed["sheets"][index]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        sizes = _body_sizes(page, printed["points_per_height"])
        assert min(sizes) >= 9.0, (index, number, min(sizes))
        line = " ".join(w[4] for w in page)
        assert header in line  # the header row on every page
        assert "Halaman " in line and " dari " in line
    body = [s for p in pages for s in _body_sizes(p, printed["points_per_height"])]
    assert statistics.median(body) >= 9.5
    last = " ".join(w[4] for w in pages[-1])
    assert "Sekretaris Daerah selaku Ketua TKKSD" in last
    assert "NIP 19700101 199503 1 001" in last
    assert "Padang, 2 Maret 2026" in last


def test_weights_sheet_prints_one_page_wide_at_nine_points_or_more(printed):
    """*Bobot* (sheet 6) fits A4 landscape at readable size (its AHP form, 9 columns,
    is measured in test_xlsx.py: the widths that print at 9,5 pt or more)."""
    pages = printed["sheets"][5]
    assert "Bobot" in " ".join(w[4] for w in pages[0])
    assert len(pages) == 1  # one page wide (and, with direct weights, one page long)
    for page in pages:
        assert min(_body_sizes(page, printed["points_per_height"])) >= 9.0


def test_print_sheet_sections_and_rupiah_as_printed(printed):
    text = " ".join(w[4] for p in printed["sheets"][1] for w in p)
    assert text.index("A. TERPILIH") < text.index("B. CADANGAN") < text.index("C. TIDAK")
    assert re.search(r"Rp \d{1,3}(\.\d{3})+ ", text)  # Indonesian grouping in the print
    assert not re.search(r"Rp \d{1,3}(,\d{3})+", text)


def test_no_serif_font_in_the_print(printed):
    rows = printed["fonts"].splitlines()[2:]
    names = [r.split()[0] for r in rows if r.strip()]
    assert names
    for name in names:
        assert "Sans" in name and "Serif" not in name, name


# --- the same plan in the report -------------------------------------------------------


def test_report_has_the_plan_per_urusan_after_the_priority_list(result):
    from mcda_kerjasama.report.html import report_html

    page = report_html(result, "id")
    section = page[page.index('<section id="urusan">') :]
    section = section[: section.index("</section>")]
    assert page.index('id="prioritas"') < page.index('id="urusan"') < page.index('id="anggaran"')
    blocks = re.findall(r"Urusan (\d\.\d\d) ", section)
    assert blocks == [b.code for b in urusan_plan(report_facts(result))]
    assert "Permendagri 22/2020 Pasal 5 ayat (3)" in section
    for cls in ("Prioritas 1", "Prioritas 2", "Prioritas 3", "cadangan"):
        assert f"<td>{cls}</td>" in section
    assert "Rp 635.000.000" in section


def test_a_heading_without_room_for_its_first_row_starts_the_next_page():
    from mcda_kerjasama.report.sheet import PAGE_HEIGHT_POINTS, Look, SheetWriter, Styles

    writer = SheetWriter(Styles(Workbook()), "x", widths={1: 20.0})
    writer.title_row = writer.append(["Kepala"], [Look(bold=True)])
    rows = 1
    while writer.room() > 40.0:
        writer.append([f"baris {rows}"], [Look()])
        rows += 1
    assert rows == int((PAGE_HEIGHT_POINTS - 40.0) // (LINE_POINTS + 2.0)) + 1
    writer.keep_together(20.0)  # fits: no break
    assert not writer.sheet.row_breaks.brk
    writer.keep_together(60.0)  # a heading and its row do not: the next row starts a page
    assert [b.id for b in writer.sheet.row_breaks.brk] == [writer.row]
    assert writer.room() == pytest.approx(PAGE_HEIGHT_POINTS - (LINE_POINTS + 2.0))
