"""Reader details: surrounding spaces are removed whether or not the file needs it,
both separators and both file types read the same table."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from support import BASE_TOML, CONTOH, VALID_ROW

from mcda_kerjasama import proposals
from mcda_kerjasama.errors import InputError
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


# --- encodings, structure and limits (issue 11 §5) ---------------------------------------


def _problems(folder: Path) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(InputError) as caught:
        read_proposals(load_scenario(folder))
    return [(p.code, p.row, p.column) for p in caught.value.problems]


def _table_text(sep: str = ";", **cells: str) -> str:
    rows = [dict(VALID_ROW, judul="Kafé budaya — Padang"), dict(VALID_ROW, kode="A02", **cells)]
    return "\n".join([sep.join(HEADER), *(sep.join(r[h] for h in HEADER) for r in rows)])


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("sep", [";", ","])
def test_utf16_csv_is_read_like_utf8(tmp_path: Path, codec: str, sep: str) -> None:
    # "utf-16" writes a byte order mark; the -le/-be files have none (told by NUL bytes)
    (tmp_path / "u.csv").write_bytes(_table_text(sep).encode(codec))
    table = read_proposals(load_scenario(_scenario(tmp_path, "u.csv")))
    assert table.data.index.tolist() == ["A01", "A02"]
    assert table.data.loc["A01", "title"] == "Kafé budaya — Padang"
    assert table.warnings == ()


def test_nul_bytes_that_are_not_utf16_say_the_file_is_not_text(tmp_path: Path) -> None:
    (tmp_path / "u.csv").write_bytes(_table_text().encode() + b"\x00\x01\x00\x00\x00\xff" * 10)
    assert _problems(_scenario(tmp_path, "u.csv")) == [("csv_not_text", None, None)]


def test_file_mixing_utf8_and_windows_1252_names_the_cells_that_are_not_utf8(
    tmp_path: Path,
) -> None:
    # "Á" in UTF-8 holds the byte 0x81, so neither decoding reads the whole file
    text = _table_text(judul="ÁIR")
    head, _, last = text.rpartition("\n")
    data = head.encode("cp1252") + b"\n" + last.encode("utf-8")
    (tmp_path / "u.csv").write_bytes(data)
    assert _problems(_scenario(tmp_path, "u.csv")) == [("csv_encoding_unknown", 2, "judul")]


def test_trailing_separators_beyond_the_header_are_ignored(tmp_path: Path) -> None:
    text = _table_text().replace("\nA02", ";;\nA02") + ";;;\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8")
    table = read_proposals(load_scenario(_scenario(tmp_path, "u.csv")))
    assert table.data.index.tolist() == ["A01", "A02"]
    assert table.data.loc["A02", "inclusiveness"] == 4


def test_many_rows_with_extra_cells_are_counted_after_twenty(tmp_path: Path) -> None:
    row = ";".join(dict(VALID_ROW, prasyarat="X; Y").values())
    text = ";".join(HEADER) + "\n" + "\n".join(row.replace("A01", f"A{i:02d}") for i in range(30))
    (tmp_path / "u.csv").write_text(text + "\n", encoding="utf-8")
    found = _problems(_scenario(tmp_path, "u.csv"))
    assert found[:20] == [("csv_too_many_cells", row, None) for row in range(2, 22)]
    assert found[20:] == [("rows_more", None, None)]
    with pytest.raises(InputError) as caught:
        read_proposals(load_scenario(_scenario(tmp_path, "u.csv")))
    assert caught.value.problems[-1].render("en") == "... and 10 more rows with the same problem"


def test_long_cells_are_located_with_every_other_problem(tmp_path: Path) -> None:
    row = dict(VALID_ROW, rpjmd="x" * 5_001, biaya="banyak")
    text = ";".join(HEADER) + "\n" + ";".join(row.values()) + "\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8")
    assert set(_problems(_scenario(tmp_path, "u.csv"))) == {
        ("cell_too_long", 2, "rpjmd"),
        ("amount_invalid", 2, "biaya"),
    }


def test_a_cell_of_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    folder = _one_row_scenario(tmp_path, rpjmd="x" * 5_000)  # the documented limit
    assert read_proposals(load_scenario(folder)).data.loc["A01", "plan_link"] == "x" * 5_000


def test_a_workbook_announcing_too_much_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = Workbook()
    book.active.title = "usulan"
    book.active.append(HEADER)
    book.active.append(list(VALID_ROW.values()))
    book.save(tmp_path / "u.xlsx")
    monkeypatch.setattr(proposals.workbook, "MAX_XLSX_UNPACKED_BYTES", 10_000)
    opened: list[Path] = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda path, **_: opened.append(path))
    assert _problems(_scenario(tmp_path, "u.xlsx")) == [("xlsx_unpacks_too_large", None, None)]
    assert opened == []


def test_hidden_rows_are_read_with_a_warning_naming_them(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "usulan"
    sheet.append(HEADER)
    for i in range(1, 7):
        sheet.append(list(dict(VALID_ROW, kode=f"A{i:02d}").values()))
    for number in (3, 4, 5, 7, 20):  # row 20 is hidden but empty: not worth a word
        sheet.row_dimensions[number].hidden = True
    book.save(tmp_path / "u.xlsx")
    table = read_proposals(load_scenario(_scenario(tmp_path, "u.xlsx")))
    assert table.data.index.tolist() == [f"A{i:02d}" for i in range(1, 7)]
    [warning] = table.warnings
    assert (warning.code, warning.severity) == ("rows_hidden", "warning")
    assert warning.render("en").startswith("u.xlsx: hidden rows in the workbook: 3-5, 7; ")
    assert "baris tersembunyi di buku kerja: 3-5, 7;" in warning.render("id")


def test_a_long_quoted_cell_of_short_lines_is_found(tmp_path: Path) -> None:
    # every stretch between separators and line breaks is short; the cell is not
    title = "Air; bersih\n" * 500
    row = dict(VALID_ROW, judul='"' + title + '"')
    text = ";".join(HEADER) + "\n" + ";".join(row.values()) + "\n"
    (tmp_path / "u.csv").write_text(text, encoding="utf-8")
    assert _problems(_scenario(tmp_path, "u.csv")) == [("cell_too_long", 2, "judul")]


def test_a_quote_never_closed_in_the_header_names_row_1(tmp_path: Path) -> None:
    text = ";".join(HEADER).replace("judul", '"judul') + "\n" + ";".join(VALID_ROW.values())
    (tmp_path / "u.csv").write_text(text + "\n", encoding="utf-8")
    assert _problems(_scenario(tmp_path, "u.csv")) == [("csv_unclosed_quote", 1, None)]
