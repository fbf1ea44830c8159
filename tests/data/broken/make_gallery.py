"""Write the gallery of broken input files (issue 11 §5): ``python make_gallery.py``.

Each file breaks one way a real file breaks; ``tests/test_bad_inputs.py`` runs every one
through the library and through ``kerjasama validate`` and expects a located message,
exit code 1 and no traceback. The files are small and committed; this script says how
each was made, so it can be changed and run again. Every amount is synthetic.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # tests/, for support
from support import BASE_TOML, CONTOH_HEADER, csv_text, rows_from  # noqa: E402


def _line(row: dict[str, str], sep: str) -> str:
    return sep.join(row[h] for h in CONTOH_HEADER)


def _workbook(rows: list[list[object]], hidden: tuple[int, ...] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "usulan"
    sheet.append(list(CONTOH_HEADER))
    for row in rows:
        sheet.append(row)
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(changes: list[dict[str, object]]) -> list[list[object]]:
    rows = rows_from([{k: v for k, v in c.items() if isinstance(v, str)} for c in changes])
    return [
        [change.get(h, row[h]) for h in CONTOH_HEADER]
        for row, change in zip(rows, changes, strict=True)
    ]


def _rezip(book: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one part's bytes changed (stored as it was, deflated)."""
    source = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == part else data)
    return out.getvalue()


def files() -> dict[str, bytes]:
    """Every gallery file by name."""
    rng = random.Random(11)
    valid = rows_from([{}, {}])
    out: dict[str, bytes] = {}

    out["valid.csv"] = csv_text(valid).encode("utf-8")

    # the header separated by ";", the rows by "," (two exports pasted together)
    text = ";".join(CONTOH_HEADER) + "\n" + "\n".join(_line(r, ",") for r in valid) + "\n"
    out["separator_mixed.csv"] = text.encode("utf-8")

    out["biaya_all_empty.csv"] = csv_text(rows_from([{"biaya": ""}, {"biaya": ""}])).encode()

    # Windows-1252 with an "é" (fine) and a byte 0x81 (defined in no code page used here)
    rows = rows_from([{"judul": "Kafé budaya"}, {"judul": "Air@bersih"}])
    out["byte_0x81.csv"] = csv_text(rows).encode("cp1252").replace(b"@", b"\x81")

    # an unquoted "A01; A03" prerequisite in a ";" file: row 3 has one cell too many
    rows = rows_from([{}, {"prasyarat": "A01@ A03"}, {"kode": "A03"}])
    out["prasyarat_semicolon.csv"] = csv_text(rows).replace("@", ";").encode()

    # a title opening a double quote that is never closed, in row 3
    rows = rows_from([{}, {"judul": "@Air bersih"}, {}, {}])
    out["quote_unclosed.csv"] = csv_text(rows).replace("@", '"').encode()

    # Excel's "Unicode Text": UTF-16 with a byte order mark, cells separated by tabs
    out["utf16_tab.csv"] = csv_text(valid, sep="\t").encode("utf-16")

    rows = rows_from([{"biaya": "1" + "0" * 300}, {"biaya": "2.000 T"}, {}])
    out["cost_too_large.csv"] = csv_text(rows).encode()

    title = "".join(rng.choice("abcdefghij klmnopqrstuvwxyz") for _ in range(6_000))
    out["cell_too_long.csv"] = csv_text(rows_from([{}, {"judul": title}])).encode()

    # a workbook saved under a .csv name
    out["workbook_renamed.csv"] = _workbook(_cells([{}]))

    # a CSV saved under an .xlsx name
    out["csv_renamed.xlsx"] = csv_text(valid).encode()

    # an old .xls (or a password-protected .xlsx): an OLE compound file
    out["legacy.xlsx"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

    # the sheet XML cut short (a download or a copy interrupted)
    book = _workbook(_cells([{}, {}, {}, {}]))
    out["damaged.xlsx"] = _rezip(book, "xl/worksheets/sheet1.xml", lambda d: d[: len(d) // 2])

    # a title of 12 million repeated characters: 12 KB packed, a thousand-fold unpacked
    book = _workbook(_cells([{"judul": "TITLE"}]))
    out["bomb.xlsx"] = _rezip(
        book, "xl/worksheets/sheet1.xml", lambda d: d.replace(b"TITLE", b"A" * 12_000_000)
    )

    out["cell_too_long.xlsx"] = _workbook(_cells([{}, {"judul": title}]))
    out["cost_too_large.xlsx"] = _workbook(_cells([{"biaya": 1e300}, {}]))

    # a scenario saved by an editor as Latin-1 ("é" is the single byte 0xE9)
    toml = BASE_TOML.format(proposals="valid.csv").replace('name = "Uji"', 'name = "Uji café"')
    out["scenario_latin1.toml"] = toml.encode("latin-1")
    toml = BASE_TOML.format(proposals="valid.csv").replace("real_need = 0.25", "real_need = -0.25")
    out["weight_negative.toml"] = toml.encode()
    return out


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
