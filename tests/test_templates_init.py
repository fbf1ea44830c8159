"""`kerjasama init`: the proposals template refuses wrong entries with Indonesian
messages and prompts every column, explains every column with an example that the
reader accepts, and round-trips through `kerjasama run`; init and `ahp collect` print
the next steps (issue 13 §4, §6)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from mcda_kerjasama import load_scenario
from mcda_kerjasama.i18n import text
from mcda_kerjasama.proposals import COLUMNS, read_proposals
from mcda_kerjasama.report.proposals_template import example_row, proposals_template
from mcda_kerjasama.report.templates import write_scenario_folder
from mcda_kerjasama.scenario import DEFAULT_CRITERIA, KINDS

KERJASAMA = Path(sys.executable).with_name("kerjasama")
YEAR = 2027


@pytest.fixture(scope="module")
def book():
    return load_workbook(io.BytesIO(proposals_template(YEAR)))


def _rules(book):
    sheet = book["usulan"]
    headers = [c.value for c in sheet[1]]
    by_header = {}
    for rule in sheet.data_validations.dataValidation:
        for cells in rule.sqref.ranges:
            header = headers[cells.min_col - 1]
            assert (cells.min_row, cells.max_row) == (2, 1000), header
            by_header[header] = rule
    return headers, by_header


def test_every_column_has_a_rule_that_stops_a_wrong_entry_with_an_indonesian_message(book):
    headers, rules = _rules(book)
    assert set(rules) == set(headers)
    for header, rule in rules.items():
        assert rule.showErrorMessage is True and rule.showInputMessage is True, header
        assert rule.errorStyle in (None, "stop"), header
        assert rule.errorTitle == "Isian tidak diterima" and rule.promptTitle == "Cara mengisi"
        assert rule.error and rule.prompt and len(rule.error) <= 255 and len(rule.prompt) <= 255
    assert rules["jenis"].error == text("tpl_error_list", "id", allowed=", ".join(KINDS))
    assert "tidak boleh negatif" in rules["biaya"].error


def test_scores_durations_years_and_lists_are_checked(book):
    _, rules = _rules(book)
    for criterion in DEFAULT_CRITERIA:
        rule = rules[criterion.column]
        assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (
            "whole",
            "between",
            "1",
            "5",
        )
        assert criterion.label in rule.error and "1 sampai 5" in rule.error
    assert (rules["durasi"].type, rules["durasi"].formula1, rules["durasi"].formula2) == (
        "whole",
        "1",
        "5",
    )
    assert rules["tahun_mulai"].type == "whole" and str(YEAR) in rules["tahun_mulai"].error
    assert rules["jenis"].formula1 == '"KSDD,KSDPK,SINERGI,KSDPL,KSDLL"'
    assert rules["sifat"].formula1 == '"wajib,sukarela"'
    assert rules["status"].formula1 == '"usulan,berjalan"'
    assert rules["urusan"].formula1 == "daftar_urusan!$A$2:$A$33"
    assert rules["kode"].type == "custom" and "COUNTIF" in rules["kode"].formula1
    assert rules["staf"].type == "decimal" and rules["staf"].formula1 == "0"


def test_columns_are_sized_for_their_content(book):
    sheet = book["usulan"]
    headers = [c.value for c in sheet[1]]
    width = {h: sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width
             for i, h in enumerate(headers)}  # fmt: skip
    assert width["judul"] >= 40 and width["opd"] >= 30 and width["mitra"] >= 25
    assert all(width[h] >= len(h) for h in headers if h not in ("saling_menguntungkan",))
    assert sheet["A5"].number_format == "@"  # kode
    assert sheet["D5"].number_format == "@"  # urusan as text: 2.10 stays 2.10


def _guide_rows(book):
    sheet = book["petunjuk"]
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=1)]


def test_the_guide_explains_every_column_and_every_term(book):
    rows = _guide_rows(book)
    first = {}
    for r in rows:
        if r[0]:
            first.setdefault(r[0], r)
    headers = [c.header for c in COLUMNS] + [c.column for c in DEFAULT_CRITERIA]
    for header in headers:
        assert first[header][2], header  # its meaning
    for term in ("KSDD", "KSDPK", "SINERGI", "KSDPL", "KSDLL", "wajib", "sukarela", "berjalan"):
        assert term in first and len(first[term][2]) > 30, term
    assert "pemerintah di atasnya mengambil alih" in first["wajib"][2]
    assert "pihak ketiga" in first["KSDPK"][2]


def test_the_example_row_passes_the_reader(book, tmp_path):
    rows = _guide_rows(book)
    headers = [c.header for c in COLUMNS] + [c.column for c in DEFAULT_CRITERIA]
    shown = {}
    for r in rows:
        if r[0] in headers:
            shown.setdefault(r[0], r[3])  # the column table comes first
    assert shown == {h: (v if v != "" else None) for h, v in example_row(YEAR).items()}
    write_scenario_folder(tmp_path)
    cells = pd.DataFrame([{h: shown[h] for h in headers}])
    scenario = load_scenario(tmp_path, [f"scenario.years=[{YEAR}]"])
    table = read_proposals(scenario, cells)
    assert table.data.loc["U001", "cost"] == 1_500_000_000
    assert (
        table.data.loc["U001", "nature"] == "wajib" and table.data.loc["U001", "urusan"] == "2.11"
    )
    assert [p.code for p in table.warnings] == []


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KERJASAMA), *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=300
    )


def test_the_template_round_trips_through_kerjasama_run(tmp_path):
    folder = tmp_path / "baru"
    done = _run("init", str(folder))
    assert done.returncode == 0, done.stderr
    assert "Langkah berikutnya" in done.stdout
    assert f"kerjasama validate {folder.as_posix()}" in done.stdout
    assert f"kerjasama run {folder.as_posix()} -o" in done.stdout
    toml = (folder / "scenario.toml").read_text(encoding="utf-8")
    year = int(toml.split("years = [")[1].split("]")[0])
    book = load_workbook(folder / "usulan.xlsx")
    sheet = book["usulan"]
    headers = [c.value for c in sheet[1]]
    base = example_row(year)
    variants = [
        {},
        {"kode": "U002", "judul": "Pelatihan pemandu wisata", "jenis": "KSDPK", "sifat": "",
         "mitra": "PT Wisata Andalas", "biaya": "Rp 250 jt/tahun", "urusan": "3.26"},
        {"kode": "U003", "judul": "Beasiswa dokter spesialis", "jenis": "SINERGI", "sifat": "",
         "mitra": "Kementerian Kesehatan", "biaya": 750_000_000, "urusan": "1.02",
         "prasyarat": "U001", "status": "usulan", "durasi": 2},
    ]  # fmt: skip
    for row, change in enumerate(variants, start=2):
        values = {**base, **change}
        for column, header in enumerate(headers, start=1):
            sheet.cell(row, column).value = values[header] if values[header] != "" else None
    book.save(folder / "usulan.xlsx")
    checked = _run("validate", str(folder))
    assert checked.returncode == 0, checked.stderr
    done = _run("run", str(folder), "-o", str(folder / "hasil"), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result["selected"]) == {"U001", "U002", "U003"}  # 2,5 M of a 10 M budget
    assert result["not_eligible"] == [] and result["warnings"] == []


def test_ahp_collect_says_to_choose_ahp_in_the_scenario(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from test_cli_ahp_guards import filled_form

    filled_form(tmp_path, "Ani")
    done = _run("ahp", "collect", "ani.xlsx", "-o", "perbandingan.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert 'method = "ahp"' in done.stderr and 'judgements = "perbandingan.csv"' in done.stderr
    assert "kerjasama weights" in done.stderr


def test_the_ahp_questionnaire_refuses_an_answer_off_the_verbal_scale_in_indonesian():
    from mcda_kerjasama.weights.questionnaire import form_bytes

    criteria = [(c.key, c.label) for c in DEFAULT_CRITERIA]
    book = load_workbook(io.BytesIO(form_bytes(criteria, "Sekda", scenario_name="Uji")))
    sheet = book["kuesioner"]
    rules = sheet.data_validations.dataValidation
    assert len(rules) == 10 + 1  # one list of choices per pair, one list of levels
    for rule in rules:
        assert rule.type == "list" and rule.showErrorMessage and rule.showInputMessage
        assert rule.errorTitle == "Jawaban tidak diterima" and rule.promptTitle == "Cara mengisi"
        assert "kosongkan" in rule.error and rule.prompt
    levels = next(r for r in rules if "E4" in str(r.sqref))
    assert "1 (sama penting) sampai 9 (mutlak lebih penting)" in levels.error
    choice = next(r for r in rules if str(r.sqref) == "D4")
    assert "Saling menguntungkan, Kebutuhan nyata atau sama penting" in choice.error
    width = {c: sheet.column_dimensions[c].width for c in "BCDE"}
    assert min(width.values()) >= 25  # labels and answers readable
    assert sheet.print_area == "'kuesioner'!$A$1:$E$13"  # the hidden keys never print
    assert sheet.page_setup.orientation == "landscape"
    guide = [c.value for c in book["petunjuk"]["A"] if c.value]
    assert any(str(v).startswith("Contoh:") for v in guide)


def test_libreoffice_keeps_every_rule_and_prints_the_guide(tmp_path):
    """What a clerk's office suite sees: LibreOffice reads the 20 rules as stopping rules
    with the Indonesian title, and prints the petunjuk sheet's explanations."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    assert soffice and pdftotext, "apt-get install -y libreoffice-calc poppler-utils"
    (tmp_path / "usulan.xlsx").write_bytes(proposals_template(YEAR))
    for kind in ("ods", "pdf"):
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
             "--convert-to", kind, "--outdir", str(tmp_path), str(tmp_path / "usulan.xlsx")],
            capture_output=True, check=True, timeout=600,
        )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "usulan.ods") as ods:
        content = ods.read("content.xml").decode("utf-8")
    stop = 'table:message-type="stop" table:title="Isian tidak diterima" table:display="true"'
    stops = re.findall(re.escape(stop), content)
    assert len(stops) == 20
    assert content.count('table:title="Cara mengisi" table:display="true"') == 20
    printed = subprocess.run(
        [pdftotext, str(tmp_path / "usulan.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = " ".join(printed.split())
    for text_ in ("Petunjuk pengisian", "KSDPK", "pihak ketiga", "berjalan", "Pengelolaan sampah"):
        assert text_ in printed, text_
