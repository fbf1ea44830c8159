"""Reading a workbook (``.xlsx``): refused before anything is unpacked when it is not a
workbook or would unpack too far, then the ``usulan`` sheet (or the first one) read,
hidden rows included and named in a warning.

Example:
    >>> import tempfile, pathlib
    >>> from openpyxl import Workbook
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "u.xlsx"
    >>> book = Workbook(); book.active.title = "Lain"
    >>> book.active.append(["kode", "judul"]); book.active.append(["A", "Air"])
    >>> book.save(p)
    >>> raw = _read_xlsx(p)
    >>> raw.headers, [w.code for w in raw.warnings]
    (('kode', 'judul'), ['sheet_missing'])
"""

from __future__ import annotations

import re
import zipfile
from typing import Any

import pandas as pd

from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import Number
from mcda_kerjasama.proposals.raw import (
    _OLE_MAGIC,
    RawTable,
    Source,
    _megabytes,
    binary,
    long_cells,
    row_ranges,
)
from mcda_kerjasama.proposals.table import SHEET, normalise_header

#: A workbook is a zip archive. It is refused before any part is unpacked when the zip
#: directory says its parts unpack to more than this many bytes in all (250 MB; a
#: 100,000-row sheet is about 90 MB) ...
MAX_XLSX_UNPACKED_BYTES = 250 * 2**20
#: ... or that a part of more than 10 MB unpacks to over 100 times its packed size
#: (worksheets pack about 10-fold; a "zip bomb" or a cell of millions of repeated
#: characters packs a thousand-fold). Python's zipfile never unpacks more than the size
#: the directory declares, so these checks bound what openpyxl can read.
MAX_XLSX_RATIO = 100
_BOMB_MIN_BYTES = 10 * 2**20


def _read_xlsx(path: Source) -> RawTable:
    from openpyxl import load_workbook

    check_workbook_archive(path)
    try:
        book = load_workbook(binary(path), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise InputError([Problem("xlsx_invalid", value=path.name)]) from None
    try:
        return _read_sheet(book, path)
    finally:
        book.close()


def check_workbook_archive(path: Source) -> None:
    """Refuse a workbook before anything in it is unpacked: an old ``.xls`` or a
    password-protected file (both OLE containers), a file that is no zip archive, or one
    whose zip directory announces more than :data:`MAX_XLSX_UNPACKED_BYTES` or a part
    unpacking over :data:`MAX_XLSX_RATIO`-fold.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "u.xlsx"
        >>> _ = p.write_text("kode;judul")
        >>> try:
        ...     check_workbook_archive(p)
        ... except InputError as e:
        ...     print(e.problems[0].code)
        xlsx_invalid
    """
    with path.open("rb") as handle:
        head = handle.read(len(_OLE_MAGIC))
    if head == _OLE_MAGIC:
        raise InputError([Problem("xlsx_legacy", value=path.name)])
    try:
        with zipfile.ZipFile(binary(path)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise InputError([Problem("xlsx_invalid", value=path.name)]) from None
    total = sum(part.file_size for part in parts)
    if total > MAX_XLSX_UNPACKED_BYTES:
        params = {"size": _megabytes(total), "limit": _megabytes(MAX_XLSX_UNPACKED_BYTES)}
        raise InputError([Problem("xlsx_unpacks_too_large", value=path.name, params=params)])
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _BOMB_MIN_BYTES and ratio > MAX_XLSX_RATIO:
            params = {"size": _megabytes(part.file_size), "ratio": Number(ratio, 0)}
            raise InputError([Problem("xlsx_bomb", value=path.name, params=params)])


def _read_sheet(book: Any, path: Source) -> RawTable:
    """The ``usulan`` sheet (or the first one) of an open read-only workbook. openpyxl
    parses a sheet while its rows are iterated, so a damaged sheet fails here, at the row
    it breaks; that is reported as a damaged workbook, naming the row."""
    warnings: list[Problem] = []
    title = SHEET
    last = 0  # the last spreadsheet row read
    records: list[tuple[Any, ...]] = []
    numbers: list[int] = []
    try:
        names = {normalise_header(n): n for n in book.sheetnames}
        if SHEET in names:
            title = names[SHEET]
            sheet = book[title]
        else:
            sheet = book.worksheets[0]
            title = sheet.title
            warnings.append(
                Problem(
                    "sheet_missing", severity="warning", source=path.name, params={"sheet": title}
                )
            )
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise InputError([Problem("file_empty", value=path.name)])
        last = 1
        headers = [("" if h is None else str(h)) for h in header_row]
        while headers and headers[-1] == "":
            headers.pop()
        for number, row in enumerate(rows, start=2):
            last = number
            cells = tuple(row[: len(headers)]) + (None,) * (len(headers) - len(row))
            if any(c is not None and str(c).strip() != "" for c in cells):
                records.append(cells)
                numbers.append(number)
        hidden = hidden_rows(path, getattr(sheet, "_worksheet_path", ""))
    except InputError:
        raise
    except Exception:  # a truncated or corrupt sheet: XML, zip or value errors
        params = {"sheet": title, "row": last + 1}
        raise InputError([Problem("xlsx_damaged", value=path.name, params=params)]) from None
    shown = sorted(hidden & {1, *numbers})
    if shown:
        warnings.append(
            Problem(
                "rows_hidden",
                severity="warning",
                source=path.name,
                params={"rows": row_ranges(shown)},
            )
        )
    frame = pd.DataFrame(records, index=numbers, columns=range(len(headers)), dtype=object)
    too_long = long_cells(tuple(headers), frame)
    return RawTable(tuple(headers), frame, tuple(warnings), errors=tuple(too_long))


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*>")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")


def hidden_rows(path: Source, part: str) -> set[int]:
    """The spreadsheet rows marked hidden (by hand, by a filter or a collapsed outline)
    in the worksheet ``part`` of the workbook at ``path``. The part's XML is streamed in
    chunks; only chunks mentioning ``hidden`` are searched.

    Example:
        >>> from openpyxl import Workbook
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "u.xlsx"
        >>> book = Workbook(); sheet = book.active
        >>> for r in range(1, 5): sheet.append([r])
        >>> sheet.row_dimensions[3].hidden = True
        >>> book.save(p)
        >>> hidden_rows(p, "xl/worksheets/sheet1.xml")
        {3}
    """
    if not part:
        return set()
    found: set[int] = set()
    overlap = b""
    with zipfile.ZipFile(binary(path)) as archive, archive.open(part.lstrip("/")) as stream:
        while chunk := stream.read(1 << 20):
            window = overlap + chunk
            if b"hidden" in window:
                for tag in _ROW_TAG.finditer(window):
                    number = _ROW_NUMBER.search(tag[0])
                    if number and _HIDDEN.search(tag[0]):
                        found.add(int(number[1]))
            overlap = window[-4096:]
    return found
