"""A gallery of bad proposal files: every problem is found at once, located by the row a
spreadsheet shows and the column as written, and the CLI prints each one (exit 1)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from support import BASE_TOML, CONTOH_HEADER, VALID_ROW, csv_text, rows_from

from mcda_kerjasama.cli import main
from mcda_kerjasama.errors import InputError
from mcda_kerjasama.pipeline import check
from mcda_kerjasama.proposals import read_proposals
from mcda_kerjasama.scenario import load_scenario

BAD = Path(__file__).parent / "data" / "bad"


def located(problems):
    """(row, column as written, message key, severity) for each problem; a header
    problem names the header it is about instead of a column."""
    out = set()
    for p in problems:
        column = p.column
        if column is None and p.code == "column_missing":
            column = p.params["column_name"]
        elif column is None and p.code in ("column_unknown", "column_duplicate"):
            column = p.value
        out.add((p.row, column, p.code, p.severity))
    return out


def scenario_for(tmp_path: Path, proposals: Path) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text(BASE_TOML.format(proposals=proposals.as_posix()), encoding="utf-8")
    return path


def problems_of(scenario: Path):
    with pytest.raises(InputError) as info:
        read_proposals(load_scenario(scenario))
    return info.value.problems


def validate(runner, scenario: Path, *args: str):
    result = runner.invoke(main, ["validate", str(scenario), *args])
    assert "Traceback" not in result.output
    return result


E, W = "error", "warning"

SEMICOLON_EXPECTED = {
    (2, "judul", "required_empty", E),
    (3, "kode", "duplicate_id", E),
    (3, "urusan", "urusan_unknown", E),
    (3, "jenis", "kind_unknown", E),
    (3, "sifat", "nature_unknown", E),
    # row 4 is blank: skipped, and the rows after it keep their spreadsheet numbers
    (5, "urusan", "urusan_unknown", E),
    (5, "sifat", "wajib_not_ksdd", E),
    (5, "biaya", "amount_ambiguous", E),
    (6, "biaya", "amount_ambiguous", E),
    (6, "staf", "number_negative", E),
    (6, "durasi", "duration_range", E),
    (7, "biaya", "amount_invalid", E),
    (7, "staf", "number_invalid", E),
    (7, "durasi", "duration_range", E),
    (8, "biaya", "amount_negative", E),
    (8, "durasi", "integer_invalid", E),
    (8, "potensi", "number_invalid", E),
    (8, "inklusif", "score_range", E),
    (9, "tahun_mulai", "start_outside", E),
    (9, "status", "status_unknown", E),
    (9, "prasyarat", "prereq_unknown", E),
    (9, "prasyarat", "prereq_self", E),
    (10, "prasyarat", "prereq_cycle", E),
    (12, "urusan", "urusan_by_name", W),
    (13, "opd", "required_empty", E),
    (13, "mitra", "required_empty", E),
    (13, "biaya", "required_empty", E),
    (13, "saling_menguntungkan", "required_empty", E),
}

COMMA_EXPECTED = {
    (1, "kode", "column_duplicate", E),
    (1, "mitra", "column_missing", E),
    (1, "inklusif", "column_missing", E),
    (1, "partnr", "column_unknown", W),
    (1, "Catatan", "column_unknown", W),
    (1, "inklusf", "column_unknown", W),
    (2, "Cost", "amount_ambiguous", E),
    (3, "nature", "wajib_not_ksdd", E),
    (3, "affair", "urusan_by_name", W),
    (4, "Cost", "amount_ambiguous", E),
    (4, "staff", "number_negative", E),
    (4, "duration", "duration_range", E),
    (5, "Tahun Mulai", "start_outside", E),
    (5, "requires", "prereq_unknown", E),
    # row 6 is a row of empty cells: skipped
    (7, "affair", "urusan_unknown", E),
    (7, "Saling Menguntungkan", "score_range", E),
    (7, "keberlanjutan", "number_invalid", E),
}


def test_semicolon_gallery_every_problem(tmp_path):
    problems = problems_of(scenario_for(tmp_path, BAD / "usulan_titik_koma.csv"))
    assert located(problems) == SEMICOLON_EXPECTED
    assert len(problems) == len(SEMICOLON_EXPECTED)
    by_key = {(p.row, p.column, p.code): p for p in problems}
    assert by_key[(3, "kode", "duplicate_id")].params["first_row"] == 2
    assert by_key[(5, "biaya", "amount_ambiguous")].params["hint"] == "1.500.000"
    assert by_key[(6, "biaya", "amount_ambiguous")].params["hint"] == "1,5 M"
    assert (
        by_key[(5, "urusan", "urusan_unknown")]
        .render("en")
        .endswith("did you mean 1.02 Kesehatan?")
    )
    cycle = by_key[(10, "prasyarat", "prereq_cycle")].params["cycle"]
    assert cycle == "K08 -> K09 -> K10 -> K08"
    assert by_key[(9, "prasyarat", "prereq_self")].value == "K07"
    assert by_key[(9, "prasyarat", "prereq_unknown")].value == "ZZ"


def test_comma_gallery_every_problem(tmp_path):
    problems = problems_of(scenario_for(tmp_path, BAD / "usulan_koma.csv"))
    assert located(problems) == COMMA_EXPECTED
    assert len(problems) == len(COMMA_EXPECTED)
    texts = [p.render("en") for p in problems]
    assert "row 1: required column `mitra` is missing; did you mean the column `partnr`?" in texts
    assert (
        "row 1: required column `inklusif` is missing; did you mean the column `inklusf`?" in texts
    )
    assert "row 1: column `Catatan` is not known and is ignored" in texts
    assert "row 1: column `partnr` is not known and is ignored; did you mean `mitra`?" in texts
    assert "row 1: column `kode` appears more than once (as `kode`)" in texts
    assert (
        'row 7, column `affair`: urusan "Pariwisata dan Budaya" is not known; use a code such '
        "as 1.02 (see the urusan list); did you mean 3.26 Pariwisata?" in texts
    )


def test_problems_come_in_row_order(tmp_path):
    problems = problems_of(scenario_for(tmp_path, BAD / "usulan_titik_koma.csv"))
    rows = [p.row for p in problems]
    assert rows == sorted(rows)


@pytest.mark.parametrize("name", ["usulan_titik_koma.csv", "usulan_koma.csv"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_cli_validate_prints_every_problem(runner, tmp_path, name, lang):
    scenario = scenario_for(tmp_path, BAD / name)
    problems = problems_of(scenario)
    result = validate(runner, scenario, "--lang", lang)
    assert result.exit_code == 1
    for problem in problems:
        assert problem.render(lang) in result.output
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    summary = (
        f"{errors} kesalahan dan {warnings} peringatan ditemukan"
        if lang == "id"
        else f"{errors} errors and {warnings} warnings found"
    )
    assert summary in result.output


def test_cli_validate_literal_messages_both_languages(runner, tmp_path):
    scenario = scenario_for(tmp_path, BAD / "usulan_titik_koma.csv")
    out_id = validate(runner, scenario, "--lang", "id").output
    out_en = validate(runner, scenario, "--lang", "en").output
    assert "kesalahan: baris 2, kolom `judul`: sel wajib diisi tetapi kosong" in out_id
    assert "error: row 2, column `judul`: required cell is empty" in out_en
    assert (
        'kesalahan: baris 3, kolom `kode`: kode "K01" sudah dipakai di baris 2; '
        "setiap usulan perlu kode unik" in out_id
    )
    assert 'error: row 7, column `biaya`: "tiga jutaan" is not an amount' in out_en
    assert "baris 7, kolom `durasi`: durasi 6 tahun di luar rentang 1-5 tahun" in out_id
    assert "row 10, column `prasyarat`: prerequisites form a cycle: K08 -> K09 -> K10 -> K08" in (
        out_en
    )
    assert "prasyarat membentuk lingkaran: K08 -> K09 -> K10 -> K08" in out_id
    assert 'peringatan: baris 12, kolom `urusan`: urusan ditulis dengan nama "kesehatan"' in out_id
    assert "27 kesalahan dan 1 peringatan ditemukan" in out_id


# --- single problems -------------------------------------------------------------------


def test_urusan_by_name_is_a_warning_and_the_run_goes_on(runner, make_scenario, tmp_path):
    scenario = make_scenario(tmp_path, rows=[{"urusan": "Kesehatan"}, {}])
    table = read_proposals(load_scenario(scenario))
    assert table.data.loc["A01", "urusan"] == "1.02"
    assert located(table.warnings) == {(2, "urusan", "urusan_by_name", W)}
    result = validate(runner, scenario, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert 'warning: row 2, column `urusan`: urusan given by name "Kesehatan"; read as 1.02' in (
        result.output
    )
    assert "2 proposals read; 2 eligible, 0 not eligible" in result.output
    ran = runner.invoke(main, ["run", str(scenario), "-o", str(tmp_path / "out")])
    assert ran.exit_code == 0, ran.output


def test_unknown_column_is_a_warning_with_hint(runner, make_scenario, tmp_path):
    header = [*CONTOH_HEADER, "kelompk"]
    scenario = make_scenario(tmp_path, rows=[{"kelompk": "X"}], header=header)
    table = read_proposals(load_scenario(scenario))
    assert located(table.warnings) == {(1, "kelompk", "column_unknown", W)}
    result = validate(runner, scenario, "--lang", "en")
    assert result.exit_code == 0
    assert "column `kelompk` is not known and is ignored; did you mean `kelompok`?" in (
        result.output
    )


def test_missing_file(runner, tmp_path):
    scenario = scenario_for(tmp_path, tmp_path / "tidak_ada.csv")
    problems = problems_of(scenario)
    assert [p.code for p in problems] == ["file_not_found"]
    result = validate(runner, scenario)
    assert result.exit_code == 1
    assert "berkas tidak ditemukan:" in result.output and "tidak_ada.csv" in result.output
    assert "file not found:" in validate(runner, scenario, "--lang", "en").output


def test_empty_file_exits_1(runner, tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    result = validate(runner, scenario_for(tmp_path, path), "--lang", "en")
    assert result.exit_code == 1
    assert "1 errors and 0 warnings found" in result.output


def test_empty_file_is_reported_as_empty(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    problems = problems_of(scenario_for(tmp_path, path))
    assert [p.code for p in problems] == ["file_empty"]


def test_header_only_file(runner, tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(";".join(CONTOH_HEADER) + "\n", encoding="utf-8")
    scenario = scenario_for(tmp_path, path)
    assert [p.code for p in problems_of(scenario)] == ["file_empty"]
    result = validate(runner, scenario, "--lang", "en")
    assert result.exit_code == 1
    assert "the file has no data rows: header.csv" in result.output


def test_windows_1252_csv_is_accepted_with_warning(runner, tmp_path):
    rows = rows_from([{"judul": "Kafé budaya — Padang"}])
    path = tmp_path / "usulan.csv"
    path.write_bytes(csv_text(rows).encode("cp1252"))
    scenario = scenario_for(tmp_path, path)
    table = read_proposals(load_scenario(scenario))
    assert table.data.loc["A01", "title"] == "Kafé budaya — Padang"
    assert [(p.code, p.severity) for p in table.warnings] == [("file_unreadable", W)]
    result = validate(runner, scenario, "--lang", "en")
    assert result.exit_code == 0
    assert "warning: cannot read the file (not UTF-8; read as Windows-1252): usulan.csv" in (
        result.output
    )


@pytest.mark.parametrize("sep", [";", ","])
def test_utf8_bom_csv(tmp_path, sep):
    rows = rows_from([{"judul": "Kafé"}, {"biaya": "250 jt"}])
    path = tmp_path / "usulan.csv"
    path.write_bytes(csv_text(rows, sep=sep).encode("utf-8-sig"))
    table = read_proposals(load_scenario(scenario_for(tmp_path, path)))
    assert list(table.data.index) == ["A01", "A02"]
    assert table.data.loc["A01", "title"] == "Kafé"
    assert table.data.loc["A02", "cost"] == 250_000_000
    assert table.warnings == ()


def test_english_aliases_and_mixed_case_headers(make_scenario, tmp_path):
    rename = {
        "kode": "ID",
        "judul": "Title",
        "opd": "agency",
        "urusan": "Affair",
        "jenis": "KIND",
        "sifat": "Nature",
        "mitra": "partner",
        "biaya": "Cost",
        "staf": "Staff",
        "durasi": "duration",
        "tahun_mulai": "Tahun Mulai",
        "status": "STATUS",
        "prasyarat": "requires",
        "kelompok": "exclusive group",
        "rpjmd": "plan_link",
        "saling_menguntungkan": " Saling  Menguntungkan ",
        "kebutuhan_nyata": "Kebutuhan-Nyata",
    }
    header = [rename.get(h, h) for h in CONTOH_HEADER]
    rows = [
        {rename.get(k, k): v for k, v in row.items()}
        for row in rows_from(
            [{"tahun_mulai": "2026", "kelompok": "G"}, {"prasyarat": "A01", "staf": "1,5"}]
        )
    ]
    scenario = make_scenario(tmp_path, rows=rows, header=header, raw_rows=True)
    table = read_proposals(load_scenario(scenario))
    assert table.warnings == ()
    data = table.data
    assert list(data.index) == ["A01", "A02"]
    assert data.loc["A01", "earliest_start"] == 2026
    assert data.loc["A01", "exclusive_group"] == "G"
    assert data.loc["A02", "requires"] == ("A01",)
    assert data.loc["A02", "staff"] == 1.5
    assert data.loc["A01", "mutual_benefit"] == 4.0
    assert data.loc["A01", "cost"] == 100_000_000


def test_defaults_for_optional_cells(make_scenario, tmp_path):
    scenario = make_scenario(
        tmp_path,
        rows=[{"sifat": "", "staf": "", "durasi": "", "tahun_mulai": "", "status": ""}],
    )
    row = read_proposals(load_scenario(scenario)).data.loc["A01"]
    assert (row["nature"], row["staff"], row["duration"]) == ("sukarela", 0.0, 1)
    assert (row["earliest_start"], row["status"]) == (2026, "usulan")


# --- xlsx ------------------------------------------------------------------------------


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _cells(changes):
    """Rows for a sheet: a valid row with ``changes`` as raw cell values (numbers stay
    numbers, as Excel stores them)."""
    out = []
    for i, change in enumerate(changes, start=1):
        row = {**VALID_ROW, "kode": f"A{i:02d}", **change}
        out.append([row[h] for h in CONTOH_HEADER])
    return out


def test_xlsx_wrong_sheet_name_several_problems(runner, tmp_path):
    rows = _cells(
        [
            {"biaya": 250_000_000, "urusan": 2.1, "staf": 1.5, "durasi": 2.0},  # all fine
            {"biaya": -5, "durasi": 2.5, "saling_menguntungkan": 7.0},
            {"kode": None, "kebutuhan_nyata": "abc"},
        ]
    )
    rows.insert(3, [None] * len(CONTOH_HEADER))  # blank spreadsheet row 5
    rows.append(_cells([{"kode": "A09", "biaya": "x"}])[0])
    path = _workbook(tmp_path / "usulan.xlsx", {"Data": [list(CONTOH_HEADER), *rows]})
    scenario = scenario_for(tmp_path, path)
    problems = problems_of(scenario)
    assert located(problems) == {
        (None, None, "sheet_missing", W),
        (3, "biaya", "amount_negative", E),
        (3, "durasi", "integer_invalid", E),
        (3, "saling_menguntungkan", "score_range", E),
        (4, "kode", "required_empty", E),
        (4, "kebutuhan_nyata", "number_invalid", E),
        (6, "biaya", "amount_invalid", E),
    }
    result = validate(runner, scenario, "--lang", "en")
    assert result.exit_code == 1
    assert "usulan.xlsx: no sheet named `usulan`; the first sheet `Data` was read" in result.output
    assert "row 3, column `saling_menguntungkan`: score 7 is outside the scale" in result.output
    assert "lembar `usulan` tidak ada; lembar pertama `Data` yang dibaca" in (
        validate(runner, scenario, "--lang", "id").output
    )


def test_xlsx_wrong_sheet_name_only_warns(runner, tmp_path):
    path = _workbook(
        tmp_path / "u.xlsx", {"Lembar1": [list(CONTOH_HEADER), *_cells([{"biaya": 1.5e9}])]}
    )
    scenario = scenario_for(tmp_path, path)
    table = read_proposals(load_scenario(scenario))
    assert table.data.loc["A01", "cost"] == 1.5e9
    assert [p.code for p in table.warnings] == ["sheet_missing"]
    result = validate(runner, scenario, "--lang", "en")
    assert result.exit_code == 0
    assert "the first sheet `Lembar1` was read" in result.output


def test_xlsx_usulan_sheet_is_found_among_others(tmp_path):
    good = _cells([{"kode": "B01"}, {"kode": "B02", "biaya": "1,5 M"}])
    path = _workbook(
        tmp_path / "u.xlsx",
        {"Petunjuk": [["baca saya"]], "Usulan": [list(CONTOH_HEADER), *good]},
    )
    table = read_proposals(load_scenario(scenario_for(tmp_path, path)))
    assert list(table.data.index) == ["B01", "B02"]
    assert table.data.loc["B02", "cost"] == 1.5e9
    assert table.warnings == ()


def test_xlsx_header_only(tmp_path):
    path = _workbook(tmp_path / "u.xlsx", {"usulan": [list(CONTOH_HEADER)]})
    assert [p.code for p in problems_of(scenario_for(tmp_path, path))] == ["file_empty"]


# --- the gallery of broken files (issue 11 §5): a message, never a traceback -----------

BROKEN = Path(__file__).parent / "data" / "broken"
KERJASAMA = Path(sys.executable).with_name("kerjasama")


@dataclass(frozen=True)
class Broken:
    """A broken file, what the library must say about it (message key, row, column,
    scenario key; ``None`` where not applicable) and a fragment of the English text."""

    name: str
    expected: tuple[tuple[str, int | None, str | None, str | None], ...]
    fragment: str


GALLERY = (
    Broken(
        "separator_mixed.csv",
        (("csv_separator_mixed", None, None, None),),
        "the header (row 1) separates cells with `;` but these rows use `,`: 2-3",
    ),
    Broken(
        "biaya_all_empty.csv",
        (("required_empty", 2, "biaya", None), ("required_empty", 3, "biaya", None)),
        "row 3, column `biaya`: required cell is empty",
    ),
    Broken(
        "byte_0x81.csv",
        (("csv_encoding_unknown", 3, "judul", None),),
        "row 3, column `judul`: the cell holds the byte 0x81, which is neither UTF-8 nor "
        "Windows-1252 text; save the file again as CSV UTF-8",
    ),
    Broken(
        "prasyarat_semicolon.csv",
        (("csv_too_many_cells", 3, None, None),),
        "row 3: this row has 21 cells but the header has 20: a `;` inside a cell splits it; "
        'put that cell in double quotes ("K99; K01") or separate prerequisite ids with `,`',
    ),
    Broken(
        "quote_unclosed.csv",
        (("csv_unclosed_quote", 3, "judul", None),),
        'row 3, column `judul`: this cell opens a double quote (") that is never closed',
    ),
    Broken(
        "utf16_tab.csv",
        (("csv_tab_separated", None, None, None),),
        "the column names are separated by tabs; save the file as CSV with `;` or `,`",
    ),
    Broken(
        "cost_too_large.csv",
        (("amount_too_large", 2, "biaya", None), ("amount_too_large", 3, "biaya", None)),
        'row 3, column `biaya`: "2.000 T" is more than Rp 1.000.000.000.000.000 '
        "(1,000 trillion), more than any regional budget",
    ),
    Broken(
        "cost_too_large.xlsx",
        (("amount_too_large", 2, "biaya", None),),
        'row 2, column `biaya`: "1e+300" is more than Rp 1.000.000.000.000.000',
    ),
    Broken(
        "cell_too_long.csv",
        (("cell_too_long", 3, "judul", None),),
        "row 3, column `judul`: the cell holds 6,000 characters, above the limit of 5,000",
    ),
    Broken(
        "cell_too_long.xlsx",
        (("cell_too_long", 3, "judul", None),),
        "row 3, column `judul`: the cell holds 6,000 characters, above the limit of 5,000",
    ),
    Broken(
        "workbook_renamed.csv",
        (("csv_is_workbook", None, None, None),),
        "workbook_renamed.csv is an Excel workbook named .csv; rename it to .xlsx",
    ),
    Broken(
        "csv_renamed.xlsx",
        (("xlsx_invalid", None, None, None),),
        "csv_renamed.xlsx is not a valid Excel workbook (.xlsx): it may be another kind of "
        "file renamed, or damaged",
    ),
    Broken(
        "legacy.xlsx",
        (("xlsx_legacy", None, None, None),),
        "legacy.xlsx is an old Excel file (.xls) or a password-protected workbook",
    ),
    Broken(
        "damaged.xlsx",
        (("xlsx_damaged", None, None, None),),
        "damaged.xlsx: the sheet `usulan` is damaged and cannot be read from about row 3",
    ),
    Broken(
        "bomb.xlsx",
        (("xlsx_bomb", None, None, None),),
        "bomb.xlsx holds a part that unpacks",
    ),
    Broken(
        "too_large.csv",  # written (sparse) by the test: 51 MB is not committed
        (("file_too_large", None, None, None),),
        "the file too_large.csv is 51 MB, above the limit of 50 MB",
    ),
    Broken(
        "scenario_latin1.toml",
        (("toml_encoding", None, None, None),),
        "the scenario file is not UTF-8 text (byte 0xE9 on line 4); save it again as UTF-8",
    ),
    Broken(
        "weight_negative.toml",
        (("key_type", None, None, "weights.values.real_need"),),
        "key `weights.values.real_need`: value -0.25 must be a number >= 0",
    ),
)


def _gallery_folder(tmp_path: Path, case: Broken) -> Path:
    """A scenario folder holding the broken file: the scenario itself for a ``.toml``,
    else the test scenario naming the broken proposals file."""
    folder = tmp_path / "skenario"
    folder.mkdir()
    shutil.copy(BROKEN / "valid.csv", folder / "valid.csv")
    if case.name.endswith(".toml"):
        shutil.copy(BROKEN / case.name, folder / "scenario.toml")
        return folder
    if case.name == "too_large.csv":
        with (folder / case.name).open("wb") as handle:
            handle.truncate(51 * 2**20)
    else:
        shutil.copy(BROKEN / case.name, folder / case.name)
    (folder / "scenario.toml").write_text(BASE_TOML.format(proposals=case.name), "utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def test_gallery_covers_every_broken_file():
    made = {p.name for p in BROKEN.iterdir()} - {"make_gallery.py", "valid.csv"}
    assert made == {case.name for case in GALLERY} - {"too_large.csv"}


@pytest.mark.parametrize("case", GALLERY, ids=lambda case: case.name)
def test_broken_file_gives_a_located_message_not_a_traceback(tmp_path, case):
    folder = _gallery_folder(tmp_path, case)
    before = _snapshot(tmp_path)

    with pytest.raises(InputError) as info:
        check(load_scenario(folder))
    problems = info.value.problems
    assert {(p.code, p.row, p.column, p.key) for p in problems} == set(case.expected)
    assert len(problems) == len(case.expected)
    texts = [p.render("en") for p in problems]
    assert any(case.fragment in t for t in texts), texts
    if not case.name.endswith(".toml"):  # read_proposals says the same as check
        with pytest.raises(InputError) as again:
            read_proposals(load_scenario(folder))
        assert again.value.problems == problems

    result = subprocess.run(
        [str(KERJASAMA), "validate", str(folder), "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for text in texts:
        assert f"error: {text}" in result.stderr
    assert f"{len(problems)} errors and 0 warnings found" in result.stderr
    assert result.stdout == ""
    assert _snapshot(tmp_path) == before  # nothing written


def test_hidden_rows_are_a_warning_and_validate_succeeds(runner, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "usulan"
    sheet.append(list(CONTOH_HEADER))
    for row in _cells([{}, {}, {}]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    book.save(tmp_path / "usulan.xlsx")
    result = validate(runner, scenario_for(tmp_path, tmp_path / "usulan.xlsx"), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "warning: usulan.xlsx: hidden rows in the workbook: 3; they were read" in result.output
    assert "3 proposals read" in result.output
