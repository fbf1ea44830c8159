"""Reader details: surrounding spaces are removed whether or not the file needs it,
both separators and both file types read the same table."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from support import BASE_TOML, CONTOH, VALID_ROW

from mcda_kerjasama.proposals import _has_padded_cells, read_proposals
from mcda_kerjasama.scenario import load_scenario

HEADER = list(VALID_ROW)


def _scenario(folder: Path, name: str) -> Path:
    (folder / "scenario.toml").write_text(BASE_TOML.format(proposals=name), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("A01", "A01"),
        ("  A01", "A01"),
        ("A01  ", "A01"),
        ("\tA01\t", "A01"),
    ],
)
def test_cells_are_stripped_when_padded(tmp_path: Path, cell: str, expected: str) -> None:
    row = dict(VALID_ROW, kode=cell, judul=f" {VALID_ROW['judul']} ", biaya=" 250 jt ")
    text = ";".join(HEADER) + "\n" + ";".join(row.values()) + "\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8")
    table = read_proposals(load_scenario(_scenario(tmp_path, "u.csv")))
    assert table.data.index.tolist() == [expected]
    assert table.data.loc[expected, "title"] == "Air bersih"
    assert table.data.loc[expected, "cost"] == 250_000_000


def test_quoted_cells_keep_their_separators(tmp_path: Path) -> None:
    row = dict(VALID_ROW, judul='"Air; bersih"')
    text = ";".join(HEADER) + "\n" + ";".join(row.values()) + "\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8")
    table = read_proposals(load_scenario(_scenario(tmp_path, "u.csv")))
    assert table.data.loc["A01", "title"] == "Air; bersih"


def test_padding_detection() -> None:
    assert not _has_padded_cells(b"a;b\r\nc d;e\r\n", ";")
    assert _has_padded_cells(b"a; b\n", ";")
    assert _has_padded_cells(b"a,b \n", ",")
    assert _has_padded_cells(b" a;b\n", ";")
    assert _has_padded_cells(b"a;b ", ";")
    assert _has_padded_cells(b"a\tb\n", ";")


def test_csv_and_xlsx_read_the_same_table(tmp_path: Path) -> None:
    lines = (CONTOH / "usulan.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(";") for line in lines]
    book = Workbook()
    sheet = book.active
    sheet.title = "usulan"
    for values in rows:
        sheet.append(values)
    book.save(tmp_path / "usulan.xlsx")
    comma = tmp_path / "komma.csv"
    comma.write_text(
        "\n".join(",".join(f'"{v}"' if "," in v else v for v in r) for r in rows) + "\n",
        encoding="utf-8-sig",
    )
    scenario = load_scenario(CONTOH)
    reference = read_proposals(scenario).data
    for path in (tmp_path / "usulan.xlsx", comma):
        other = read_proposals(scenario, path).data
        assert other.drop(columns="row").equals(reference.drop(columns="row")), path.name


def _one_row_scenario(tmp_path: Path, **cells: str) -> Path:
    row = dict(VALID_ROW, **cells)
    text = ";".join(HEADER) + "\n" + ";".join(row.values()) + "\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8")
    return _scenario(tmp_path, "u.csv")


def test_ongoing_may_start_before_the_horizon(tmp_path: Path) -> None:
    folder = _one_row_scenario(tmp_path, status="berjalan", tahun_mulai="2024", durasi="3")
    table = read_proposals(load_scenario(folder))
    assert table.data.loc["A01", "earliest_start"] == 2024


def test_ongoing_that_already_ended_is_an_error(tmp_path: Path) -> None:
    from mcda_kerjasama.errors import InputError

    folder = _one_row_scenario(tmp_path, status="berjalan", tahun_mulai="2023", durasi="2")
    with pytest.raises(InputError) as caught:
        read_proposals(load_scenario(folder))
    assert [(p.code, p.row) for p in caught.value.problems] == [("ongoing_ended", 2)]


def test_new_proposal_before_the_horizon_is_an_error(tmp_path: Path) -> None:
    from mcda_kerjasama.errors import InputError

    folder = _one_row_scenario(tmp_path, tahun_mulai="2024")
    with pytest.raises(InputError) as caught:
        read_proposals(load_scenario(folder))
    assert [p.code for p in caught.value.problems] == ["start_outside"]


def test_non_breaking_spaces_are_stripped_wherever_they_are(tmp_path: Path) -> None:
    # a trailing NBSP (common in Excel exports) in an otherwise clean file
    row = dict(VALID_ROW, jenis="KSDD\u00a0", opd="Dinas PUPR\u00a0")
    text = ";".join(HEADER) + "\n" + ";".join(row.values()) + "\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8")
    table = read_proposals(load_scenario(_scenario(tmp_path, "u.csv")))
    assert table.data.loc["A01", "kind"] == "KSDD"
    assert table.data.loc["A01", "agency"] == "Dinas PUPR"
    assert _has_padded_cells("a;b\nc\u00a0;d\n".encode(), ";")


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u202f", "\u205f", "\u3000"])
def test_unicode_spaces_are_detected(space: str) -> None:
    assert _has_padded_cells(f"a;b\nc{space};d\n".encode(), ";")


def test_other_non_ascii_is_not_padding() -> None:
    assert not _has_padded_cells("a;b\nPariwisata – Bukittinggi;é\n".encode(), ";")
