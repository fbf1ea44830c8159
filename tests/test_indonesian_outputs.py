"""Everything an Indonesian reader sees, scanned (issue 13 §2): the console of every
command run through the installed ``kerjasama`` (no ``--lang``: Bahasa Indonesia is the
default), the CSV's text columns, every text cell of the workbook and the text of the
report. None may show an internal key (a criterion key such as ``mutual_benefit``, a
status such as ``dropped``, a method such as ``ahp_aij`` or ``lambda_max``), an English
word of click's, a number written the English way (``78.75``, ``0.20797883``) or an
amount without thousands separators (``5000000000``). JSON keys stay English (a machine
contract) and are not scanned; numbers in the CSV's number columns are numbers for a
spreadsheet, not text.
"""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from openpyxl import load_workbook
from support import CONTOH, KERJASAMA

from mcda_kerjasama.cli.help import CLICK_MESSAGES, OLDER_CLICK_MESSAGES, click_language
from mcda_kerjasama.i18n import catalogue

SCENARIOS = CONTOH.parent
AHP = SCENARIOS / "contoh-ahp"
HEMAT = SCENARIOS / "hemat"

#: Internal keys a person must never read in Indonesian.
KEYS = re.compile(
    r"\b(mutual_benefit|real_need|potential|sustainability|inclusiveness|"
    r"dropped|added|moved|not_eligible|borderline|exterior|infeasible|"
    r"ahp_aij|ahp_aip|lambda_max|llsm|alonso_lamata|eigenvector|"
    r"Usage:|Options:|Error:|Try '|Show this message)"
)
#: A number written the English way: a dot with four or more decimals anywhere, or a
#: dot with one or two decimals after 0 or two or more digits (``2.11`` is an urusan
#: code; ``1.500.000`` is an Indonesian amount).
FLOATS = re.compile(r"(?<![\d.])\d+\.\d{4,}(?![\d])|(?<![\d.])(?:0|\d{2,})\.\d{1,2}(?![\d.])")
#: An amount written without thousands separators.
BIG = re.compile(r"(?<![\d.,/\w-])\d{7,}(?![\d.,])")


def scan(where: str, text: str) -> list[str]:
    """Every offending piece of ``text``, named by ``where``."""
    found = []
    for pattern in (KEYS, FLOATS, BIG):
        for match in pattern.finditer(text):
            start = max(0, match.start() - 40)
            found.append(f"{where}: {match.group(0)!r} in ...{text[start : match.end() + 40]!r}")
    return found


def kerjasama(*args: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "KERJASAMA_LANG"}
    done = subprocess.run(
        [KERJASAMA, *args], capture_output=True, text=True, timeout=600, cwd=cwd, env=env
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout + done.stderr


def _inconsistent(folder: Path) -> Path:
    """contoh-ahp with Bappeda's judgements made inconsistent (CR about 0,71)."""
    folder.mkdir()
    lines = (AHP / "perbandingan.csv").read_text(encoding="utf-8").splitlines()
    wrong = {("sustainability", "inclusiveness"): "1/9", ("potential", "sustainability"): "1/7"}
    wrong[("mutual_benefit", "sustainability")] = "1/5"
    out = []
    for line in lines:
        a, b, value, who = line.split(",")
        out.append(",".join([a, b, wrong.get((a, b), value) if who == "Bappeda" else value, who]))
    (folder / "perbandingan.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    (folder / "scenario.toml").write_text(
        f'schema_version = 1\nextends = "{(AHP / "scenario.toml").as_posix()}"\n'
        '[scenario]\nname = "AHP tidak konsisten"\n[weights]\njudgements = "perbandingan.csv"\n',
        encoding="utf-8",
    )
    return folder


def _fill_forms(forms: Path) -> list[Path]:
    from test_cli_ahp import _fill

    files = sorted(forms.glob("*.xlsx"))
    _fill(files[0], skip=("real_need", "inclusiveness"))
    for path in files[1:]:
        _fill(path)
    return files


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every command's console (by a name) and the output folders' files."""
    tmp = tmp_path_factory.mktemp("indonesia")
    odd = _inconsistent(tmp / "tidak-konsisten")
    console: dict[str, str] = {}
    for name, path in (("contoh", CONTOH), ("ahp", AHP), ("odd", odd)):
        console[f"run {name}"] = kerjasama("run", str(path), "-o", f"hasil-{name}", cwd=tmp)
    console["validate"] = kerjasama("validate", str(CONTOH), cwd=tmp)
    console["weights ahp"] = kerjasama("weights", str(AHP), cwd=tmp)
    console["weights odd"] = kerjasama("weights", str(odd), cwd=tmp)
    console["frontier"] = kerjasama("frontier", str(CONTOH), "--steps", "6", cwd=tmp)
    console["sensitivity"] = kerjasama(
        "sensitivity", str(CONTOH), "--draws", "60", "-o", "s.json", cwd=tmp
    )
    console["compare hemat"] = kerjasama("compare", str(CONTOH), str(HEMAT), cwd=tmp)
    console["compare ahp"] = kerjasama("compare", str(CONTOH), str(AHP), cwd=tmp)
    console["compare set"] = kerjasama(
        "compare", str(CONTOH), str(CONTOH), "--set", "constraints.budget=4e9", cwd=tmp
    )
    console["sweep"] = kerjasama(
        "sweep",
        str(CONTOH),
        "--vary",
        "constraints.budget=2e9|4.5e9",
        "--vary",
        "weights.values.real_need=0.25|0.5",
        cwd=tmp,
    )
    copy = tmp / "salinan"
    shutil.copytree(CONTOH, copy)
    kerjasama("run", str(copy), "-o", "hasil-salinan", cwd=tmp)
    with (copy / "usulan.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    console["verify"] = kerjasama("verify", "hasil-salinan", cwd=tmp)
    console["init"] = kerjasama("init", "baru", cwd=tmp)
    console["ahp template"] = kerjasama(
        "ahp", "template", str(CONTOH), "-o", "kuesioner", "--respondent", "Sekda",
        "--respondent", "Kepala Bappeda", cwd=tmp,
    )  # fmt: skip
    forms = _fill_forms(tmp / "kuesioner")
    console["ahp collect"] = kerjasama(
        "ahp", "collect", *map(str, forms), "-o", "perbandingan.csv", cwd=tmp
    )
    console["usage error"] = kerjasama("run", str(CONTOH), "--bogus", cwd=tmp)
    for path in ([], ["run"], ["compare"], ["sweep"], ["ahp", "collect"], ["verify"]):
        console["help " + " ".join(path)] = kerjasama(*path, "--help", cwd=tmp)
    return {"tmp": str(tmp), **console}


def _without_examples(text: str) -> str:
    """A help text without its example command lines (what the user types: scenario
    keys and numbers as the command line reads them)."""
    return re.sub(r"(Contoh|Example): kerjasama.*?(\n\s*\n|$)", " ", text, flags=re.S)


def test_every_console_reads_indonesian(outputs: dict[str, str]) -> None:
    found = [
        bad
        for name, out in outputs.items()
        if name != "tmp"
        for bad in scan(name, _without_examples(out) if name.startswith("help") else out)
    ]
    assert not found, "\n".join(found)


def test_the_console_says_what_the_issue_asked(outputs: dict[str, str]) -> None:
    collect = outputs["ahp collect"]
    assert "Saling menguntungkan" in collect and "Kebutuhan nyata" in collect  # labels
    assert "perbandingan Kebutuhan nyata : Pembangunan inklusif kosong" in collect
    odd = outputs["run odd"]
    assert "Konsistensi AHP: gabungan konsisten, tetapi 1 responden tidak konsisten: Bappeda" in odd
    assert "penilaian AHP Bappeda tidak konsisten: CR 0,713 di atas batas 0,10" in odd
    assert "ubah 'Pembangunan inklusif mutlak lebih penting (9)' menjadi" in odd
    assert "Bappeda: CR 0,713 (TIDAK konsisten)" in outputs["weights odd"]
    assert "keluar" in outputs["compare hemat"] and "Perubahan" in outputs["compare hemat"]
    assert "anggaran 2026: Rp 5.000.000.000 -> Rp 4.000.000.000" in outputs["compare set"]
    assert "bobot Kebutuhan nyata: 25,0% -> 31,9%" in outputs["compare ahp"]
    assert "Rp 4.500.000.000" in outputs["sweep"] and "tidak layak" in outputs["sweep"]
    assert "masukan usulan" in outputs["verify"] and ": berubah" in outputs["verify"]
    run = outputs["run contoh"]
    assert run.count("Batas yang tercapai") == 1 and "mengikat" not in run  # said once
    assert "didahulukan dari" in run  # the reserve order explained (full text: the CSV)
    listed = Path(outputs["tmp"]) / "hasil-contoh" / "daftar_prioritas.csv"
    with listed.open(encoding="utf-8-sig", newline="") as handle:
        reasons = {row["Kode"]: row["Alasan"] for row in csv.DictReader(handle, delimiter=";")}
    assert (
        "didahulukan dari K08 (skor lebih tinggi): masuk lebih dulu bila anggaran "
        in (reasons["K09"])
    )
    assert "karena biayanya kecil" in reasons["K09"]
    assert "relaksasi LP" not in run
    assert "Kesalahan: Tidak ada opsi '--bogus'." in outputs["usage error"]
    assert "Cara pakai: kerjasama run [OPSI] SKENARIO" in outputs["help run"]
    for output in ("hasil.json", "daftar_prioritas.csv", "daftar_prioritas.xlsx", "laporan.html"):
        assert output in outputs["help run"]
    assert "manifest.json" in outputs["help run"]
    pairs = (Path(outputs["tmp"]) / "baru" / "perbandingan.csv").read_text(encoding="utf-8")
    assert pairs.splitlines()[0] == "a,b,nilai,nama_a,nama_b,petunjuk"  # labels by the keys
    assert "mutual_benefit,real_need,,Saling menguntungkan,Kebutuhan nyata," in pairs


@pytest.mark.parametrize("name", ["contoh", "ahp", "odd"])
def test_the_files_read_indonesian(outputs: dict[str, str], name: str) -> None:
    folder = Path(outputs["tmp"]) / f"hasil-{name}"
    found: list[str] = []
    with (folder / "daftar_prioritas.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for i, row in enumerate(rows, start=2):
        for column in ("Judul", "Alasan", "Dipilih"):
            found += scan(f"csv row {i} {column}", row[column])
    book = load_workbook(folder / "daftar_prioritas.xlsx")
    key_header = catalogue("id")["xlsx_key"]  # the key a scenario.toml names, label beside
    for sheet in book.worksheets:
        keys = {
            c.column for row in sheet.iter_rows(max_row=10) for c in row if c.value == key_header
        }
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                if cell.column in keys:
                    continue
                if isinstance(cell.value, str):
                    found += scan(where, cell.value)
                elif (
                    isinstance(cell.value, float)
                    and cell.number_format == "General"
                    and cell.value != round(cell.value, 2)
                ):
                    found.append(f"{where}: raw number {cell.value!r}")
    page = (folder / "laporan.html").read_text(encoding="utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    words = html.unescape(re.sub(r"<[^>]+>", " ", page))
    found += scan("laporan.html", words)
    assert not found, "\n".join(found)
    if name == "contoh":  # what binds, said once in the report and the workbook
        assert words.count("Batas yang tercapai") == 1 and "mengikat" not in words
        cells = [str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row]
        assert sum("Batas yang tercapai" in c for c in cells) == 1


def test_the_report_names_inconsistency_where_the_decision_is_made(
    outputs: dict[str, str],
) -> None:
    folder = Path(outputs["tmp"]) / "hasil-odd"
    page = (folder / "laporan.html").read_text(encoding="utf-8")
    summary = page[page.index('id="ringkasan"') : page.index('id="ringkasan"') + 20_000]
    assert "penilaian AHP Bappeda tidak konsisten" in summary
    book = load_workbook(folder / "daftar_prioritas.xlsx")
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert any("penilaian AHP Bappeda tidak konsisten" in c for c in cells)
    assert any(c.startswith("ya (TIDAK konsisten)") for c in cells)


def test_the_scan_finds_what_it_looks_for() -> None:
    """Each pattern catches what the issue quoted (and lets Indonesian numbers pass)."""
    for bad in (
        "mutual_benefit : inclusiveness",
        "dropped",
        "78.75",
        "0.20797883299997",
        "5000000000.0",
        "2950000000",
        "Metode pembobotan: ahp_aij",
        "lambda_max",
    ):
        assert scan("x", bad), bad
    for good in (
        "Rp 1.500.000.000",
        "78,75",
        "0,054",
        "urusan 2.11",
        "30,0%",
        "versi 0.1.0",
        "2026",
        "Saling menguntungkan",
        "CR 0,713",
    ):
        assert not scan("x", good), good


def test_click_messages_are_clicks_own() -> None:
    """Every click message translated is still one click writes (an upgrade that rewords
    one shows here), and both tables translate it."""
    source = "".join(
        path.read_text(encoding="utf-8") for path in Path(click.__file__).parent.glob("*.py")
    )

    def written(message: str | tuple[str, str]) -> bool:
        parts = message if isinstance(message, tuple) else (message,)
        return all(f'"{part}"' in source or f"'{part}'" in source for part in parts)

    for key, message in CLICK_MESSAGES.items():
        older = OLDER_CLICK_MESSAGES.get(key)
        assert written(message) or (older is not None and written(older)), message
        assert key in catalogue("id") and key in catalogue("en")
    from click import exceptions

    with click_language("id"):
        assert exceptions._("Missing argument") == "Argumen belum diberikan"
    assert exceptions._("Missing argument") == "Missing argument"  # click's own again


def test_a_validation_message_names_the_criterion_by_its_label(runner, tmp_path, make_scenario):
    from mcda_kerjasama.cli import main

    path = make_scenario(tmp_path, rows=[{"inklusif": "7"}])
    out = runner.invoke(main, ["validate", str(path)]).output
    assert "di luar skala kriteria `Pembangunan inklusif` (1-5)" in out, out
    assert not [bad for bad in scan("validate", out) if "inclusiveness" in bad]


def test_blank_forms_name_the_criteria_by_their_labels(runner, tmp_path) -> None:
    """A form left blank cannot be weighed: the error names the criteria as the form
    shows them, not by their keys."""
    from mcda_kerjasama.cli import main

    forms = tmp_path / "kuesioner"
    args = ["ahp", "template", str(CONTOH), "-o", str(forms), "--respondent", "Sekda"]
    assert runner.invoke(main, args).exit_code == 0
    out = runner.invoke(
        main, ["ahp", "collect", *map(str, forms.glob("*.xlsx")), "-o", str(tmp_path / "p.csv")]
    )
    assert out.exit_code == 1
    assert "kelompok {Saling menguntungkan} | {Kebutuhan nyata}" in out.output
    assert not scan("collect", out.output)


def test_no_empty_region_anywhere() -> None:
    """``region = ""`` leaves no empty *Daerah* row and no empty place before the years."""
    from io import BytesIO

    from mcda_kerjasama import load_scenario, run
    from mcda_kerjasama.report.html import report_html
    from mcda_kerjasama.report.xlsx import workbook_bytes

    result = run(load_scenario(CONTOH, ['scenario.region=""']))
    assert result.scenario.region == ""
    page = report_html(result, "id")
    assert ">Daerah<" not in page
    book = load_workbook(BytesIO(workbook_bytes(result, "id")))
    cells = [c.value for s in book.worksheets for row in s.iter_rows() for c in row]
    assert "Daerah" not in cells
    assert not any(isinstance(c, str) and c.startswith(" ·") for c in cells)
    headers = [s.oddHeader.center.text or "" for s in book.worksheets]
    assert not any(h.startswith(" ·") for h in headers)


def test_an_ongoing_cooperation_begun_before_the_plan_says_so(tmp_path: Path) -> None:
    """K05 (berjalan) started in 2025; in a 2027-2028 plan it is not 'Tahun 2026'."""
    from io import BytesIO

    from rich.console import Console

    from mcda_kerjasama import load_scenario, run
    from mcda_kerjasama.report.console import print_run
    from mcda_kerjasama.report.html import report_html
    from mcda_kerjasama.report.xlsx import workbook_bytes

    rows = (CONTOH / "usulan.csv").read_text(encoding="utf-8").splitlines()
    rows = [r.replace(";3;;berjalan;", ";3;2025;berjalan;") if r.startswith("K05;") else r
            for r in rows]  # fmt: skip
    (tmp_path / "usulan.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "scenario.toml").write_text(
        f'schema_version = 1\nextends = "{(CONTOH / "scenario.toml").as_posix()}"\n'
        '[scenario]\nyears = [2027, 2028]\n[data]\nproposals = "usulan.csv"\n'
        "[constraints]\nbudget = 3_000_000_000\n",
        encoding="utf-8",
    )
    result = run(load_scenario(tmp_path))
    assert result.selection.schedule["K05"] == 2025
    reason = result.priority.reason("K05", "id")
    assert reason.startswith("dipilih: kerja sama berjalan sejak 2025 (sebelum tahun rencana)")
    console = Console(width=250, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    print_run(result, "id", console)
    row = next(line for line in console.export_text().splitlines() if " K05 " in line)
    assert "berjalan sejak 2025" in row and " 2026 " not in row
    assert "berjalan sejak 2025" in report_html(result, "id")
    book = load_workbook(BytesIO(workbook_bytes(result, "id")))
    for name, header in (("Daftar Prioritas", "Tahun"), ("Per Tahun", "Tahun mulai")):
        rows = list(book[name].iter_rows(values_only=True))
        k05 = next(r for r in rows if "K05" in r)
        assert k05[rows[0].index(header)] == "berjalan sejak 2025", name
    printed = [c for r in book["Daftar Prioritas (Cetak)"].iter_rows(values_only=True) for c in r]
    assert "berjalan sejak 2025" in printed
    english = load_workbook(BytesIO(workbook_bytes(result, "en")))
    rows = list(english["Priority List"].iter_rows(values_only=True))
    assert next(r for r in rows if "K05" in r)[rows[0].index("Year")] == "ongoing since 2025"
