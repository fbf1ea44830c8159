"""The names agencies give the proposals' columns, the hints for names that could mean
several, the urusan hint for unpadded codes, and errors that follow from another one
(issue 13 §4)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_kerjasama import load_scenario
from mcda_kerjasama.errors import InputError
from mcda_kerjasama.proposals import read_proposals
from mcda_kerjasama.proposals.headers import _match_headers
from mcda_kerjasama.proposals.table import ALIASES, AMBIGUOUS, COLUMNS, normalise_header

SCENARIO = load_scenario("scenarios/contoh")
CELLS = pd.read_csv("scenarios/contoh/usulan.csv", sep=";", dtype=str)


def _renamed(**names: str) -> pd.DataFrame:
    return CELLS.rename(columns=names)


def _problems(cells: pd.DataFrame) -> list:
    with pytest.raises(InputError) as caught:
        read_proposals(SCENARIO, cells)
    return list(caught.value.problems)


@pytest.mark.parametrize(
    ("column", "written"),
    [
        ("judul", "Judul Kegiatan"),
        ("judul", "Nama Kegiatan"),
        ("judul", "Nama Program/Kegiatan"),
        ("judul", "PROGRAM / KEGIATAN"),
        ("judul", "Uraian Kegiatan"),
        ("opd", "OPD Pengusul"),
        ("opd", "Perangkat Daerah"),
        ("opd", "SKPD"),
        ("opd", "Unit Kerja"),
        ("opd", "Instansi Pengusul"),
        ("biaya", "Pagu"),
        ("biaya", "Anggaran"),
        ("biaya", "Pagu Anggaran"),
        ("biaya", "Pagu Anggaran (Rp)"),
        ("biaya", "Biaya per Tahun (Rp)"),
        ("biaya", "Kebutuhan Anggaran"),
        ("mitra", "Mitra Kerja Sama"),
        ("mitra", "Mitra Kerjasama"),
        ("mitra", "Daerah Mitra"),
        ("mitra", "Calon Mitra"),
        ("durasi", "Lama (tahun)"),
        ("durasi", "Jangka Waktu"),
        ("durasi", "Jangka Waktu (Tahun)"),
        ("urusan", "Urusan Pemerintahan"),
        ("urusan", "Kode Urusan"),
        ("jenis", "Jenis Kerja Sama"),
        ("jenis", "Bentuk Kerjasama"),
        ("sifat", "Wajib/Sukarela"),
        ("kode", "Kode Usulan"),
        ("tahun_mulai", "Tahun Pelaksanaan"),
        ("staf", "Kebutuhan SDM"),
        ("rpjmd", "Indikator RPJMD"),
        ("prasyarat", "Syarat"),
        ("kelompok", "Grup"),
        ("biaya", "Biaya (Rp)"),
        ("biaya", "Pagu Indikatif (Rp)"),
        ("biaya", "Anggaran per Tahun (Rp)"),
        ("biaya", "RAB"),
        ("sifat", "Sifat (Wajib/Sukarela)"),
        ("jenis", "Jenis (KSDD/KSDPK/SINERGI/KSDPL/KSDLL)"),
        ("durasi", "Durasi (thn)"),
        ("durasi", "Lama Kerja Sama (Tahun)"),
        ("staf", "Staf (orang-bulan)"),
        ("judul", "Nama Program/Kegiatan/Sub Kegiatan"),
        ("opd", "Perangkat Daerah Pengampu"),
        ("opd", "Leading Sector"),
        ("mitra", "Pihak Kedua"),
        ("status", "Status (usulan/berjalan)"),
        ("rpjmd", "Keterkaitan dengan RPJMD"),
        ("kode", "No. Registrasi"),
        ("tahun_mulai", "Rencana Tahun Mulai"),
    ],
)
def test_common_names_of_a_column_are_read_as_it_with_a_warning(column, written):
    table = read_proposals(SCENARIO, _renamed(**{column: written}))
    expected = read_proposals(SCENARIO, CELLS)
    assert table.data.equals(expected.data)
    notes = [p for p in table.warnings if p.code == "column_alias"]
    assert [p.value for p in notes] == [written]
    assert f"`{column}`" in notes[0].render("id") and written in notes[0].render("en")


def test_the_issue_s_headers_together():
    cells = _renamed(
        judul="Judul Kegiatan", opd="OPD Pengusul", biaya="Pagu Anggaran", mitra="Daerah Mitra"
    )
    table = read_proposals(SCENARIO, cells)
    assert len(table) == len(CELLS)


def test_a_canonical_header_wins_over_another_name_of_it():
    cells = CELLS.assign(**{"Nama Kegiatan": "lain"})
    table = read_proposals(SCENARIO, cells)
    assert table.data["title"].tolist() == CELLS["judul"].tolist()
    unknown = [p for p in table.warnings if p.code == "column_unknown"]
    assert [p.value for p in unknown] == ["Nama Kegiatan"]
    assert "`judul`" in unknown[0].render("id")


@pytest.mark.parametrize(
    ("written", "meant"),
    [("Nama", "judul / opd / mitra"), ("No", "kode"), ("Total Biaya", "biaya")],
)
def test_a_name_that_could_mean_several_columns_is_hinted_never_guessed(written, meant):
    column = {"Nama": "judul", "No": "kode", "Total Biaya": "biaya"}[written]
    problems = _problems(_renamed(**{column: written}))
    missing = [p for p in problems if p.code == "column_missing"]
    assert len(missing) == 1 and f"`{written}`" in missing[0].render("id")
    unknown = [p for p in problems if p.code == "column_unknown"]
    assert meant in unknown[0].render("id") and meant in unknown[0].render("en")


@pytest.mark.parametrize(
    "written", ["Anggaran (Rp juta)", "Pagu (dalam ribu rupiah)", "Biaya (Rp M)"]
)
def test_a_cost_header_in_a_larger_unit_is_never_read_at_the_wrong_scale(written):
    problems = _problems(_renamed(biaya=written))
    missing = [p for p in problems if p.code == "column_missing"]
    assert len(missing) == 1 and f"`{written}`" in missing[0].render("id")
    (unknown,) = [p for p in problems if p.code == "column_unknown"]
    assert "1.500 jt" in unknown.render("id") and "1.500 jt" in unknown.render("en")


def test_a_missing_kode_column_is_the_only_error_no_false_prerequisite_errors():
    cells = CELLS.drop(columns=["kode"])
    assert cells["prasyarat"].fillna("").ne("").any()  # the example has prerequisites
    errors = [p for p in _problems(cells) if p.severity == "error"]
    assert [p.code for p in errors] == ["column_missing"]


def test_an_empty_kode_cell_is_the_only_error_for_a_prerequisite_naming_it():
    cells = CELLS.copy()
    row = cells.index[cells["kode"] == "K01"][0]
    cells.loc[row, "kode"] = None
    cells.loc[cells.index[-1], "prasyarat"] = "K01"
    errors = [p for p in _problems(cells) if p.severity == "error"]
    assert [(p.code, p.column) for p in errors] == [("required_empty", "kode")]


def test_an_unknown_status_is_the_only_error_for_an_early_start():
    cells = CELLS.copy()
    cells.loc[0, "status"] = "sedang berjalan"
    cells.loc[0, "tahun_mulai"] = "2024"
    errors = [p for p in _problems(cells) if p.severity == "error"]
    assert [p.code for p in errors] == ["status_unknown"]


def test_prerequisites_are_still_checked_when_kode_is_there():
    cells = CELLS.copy()
    cells.loc[0, "prasyarat"] = "ZZ9"
    assert [p.code for p in _problems(cells) if p.severity == "error"] == ["prereq_unknown"]


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("2.9", "2.09 Pangan"),
        ("1,2", "1.02 Kesehatan"),
        ("02.09", "2.09 Pangan"),
        ("2.09.02", "2.09 Pangan"),
        ("1-1", "1.01 Pendidikan"),
    ],
)
def test_an_unpadded_urusan_code_is_hinted_as_the_code_it_means(written, suggested):
    cells = CELLS.copy()
    cells.loc[0, "urusan"] = written
    (problem,) = [p for p in _problems(cells) if p.severity == "error"]
    assert problem.code == "urusan_unknown"
    assert suggested in problem.render("id")
    assert "2.20" not in problem.render("id")


def test_aliases_never_shadow_a_column_or_each_other():
    canonical = {c.header for c in COLUMNS} | {c.alias for c in COLUMNS}
    fields = {c.field for c in COLUMNS}
    assert not canonical & set(ALIASES)
    assert set(ALIASES.values()) <= fields
    assert not set(AMBIGUOUS) & (set(ALIASES) | canonical)
    assert all(normalise_header(n) == n for n in [*ALIASES, *AMBIGUOUS])
    assert len(ALIASES) >= 100


@given(
    st.sampled_from(sorted(ALIASES)),
    st.sampled_from([str.upper, str.title, str.lower, str.capitalize]),
    st.sampled_from([" ", "  ", "-", "_", " / ", ". "]),
    st.sampled_from(["", " (Rp)", " (tahun)", " [Rp]", "  "]),
)
def test_any_other_name_written_any_way_is_its_column(alias, case, separator, ending):
    header = case(alias.replace("_", separator)) + ending
    positions, collector = _match_headers((header,), SCENARIO, "u.csv")
    assert positions == {ALIASES[alias]: 0}, header
    assert [p.code for p in collector.problems if p.value == header] == ["column_alias"]
