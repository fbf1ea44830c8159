"""Cells as read from a file, before validation, and what every reader shares: the
limits on a file and a cell, and how many rows a message names.

Example:
    >>> frame = pd.DataFrame({0: ["A01", "x" * (MAX_CELL_CHARS + 1)]}, index=[2, 3])
    >>> [(p.code, p.row, p.column) for p in long_cells(("kode",), frame)]
    [('cell_too_long', 3, 'kode')]
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeAlias

import pandas as pd

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Number


@dataclass(frozen=True)
class Upload:
    """A proposals file given as bytes (an upload, a file already in memory), read like
    the file ``name``: its suffix says workbook or CSV, and messages name it.

    Example:
        >>> Upload("usulan.csv", b"kode;judul\\n").suffix
        '.csv'
    """

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        """The file name's suffix (``.xlsx``, ``.csv``)."""
        return Path(self.name).suffix

    def read_bytes(self) -> bytes:
        """The whole content."""
        return self.data

    def open(self, mode: str = "rb") -> BinaryIO:
        """The content as a binary stream."""
        return io.BytesIO(self.data)


#: Where a reader's bytes come from: a file, or an upload.
Source: TypeAlias = Path | Upload


def binary(source: Source) -> Path | BinaryIO:
    """What zipfile and openpyxl open: the path itself, or the upload's bytes as a stream.

    Example:
        >>> binary(Upload("u.xlsx", b"PK")).read()
        b'PK'
    """
    return source if isinstance(source, Path) else source.open()


@dataclass(frozen=True)
class RawTable:
    """Cells as read, before validation: headers as written, rows with their numbers.

    ``errors`` are located problems found while reading (a cell too long) that do not
    stop the validation: they are reported with everything it finds."""

    headers: tuple[str, ...]
    frame: pd.DataFrame  # columns by position 0..k-1, index = spreadsheet row number
    warnings: tuple[Problem, ...]
    stripped: bool = False  # every text cell is already free of surrounding spaces
    errors: tuple[Problem, ...] = ()


#: The largest proposals file read, in bytes: 50 MB. A 100,000-row table is about 10 MB
#: as a workbook and 20 MB as CSV; a larger file holds something else (pictures, other
#: sheets) or is damaged.
MAX_FILE_BYTES = 50 * 2**20
#: The longest cell, in characters: 5,000. Titles, names and notes fit in far less; a
#: longer cell is a paste gone wrong (Excel itself stops at 32,767).
MAX_CELL_CHARS = 5_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
_ZIP_MAGIC = b"PK\x03\x04"
_LISTED = 20  # rows named one by one in a message about many rows; the rest are counted


def long_cells(
    headers: tuple[str, ...], frame: pd.DataFrame, limit: int = MAX_CELL_CHARS
) -> list[Problem]:
    """A located ``cell_too_long`` problem for every cell (header included, as row 1)
    holding more than ``limit`` characters. Vectorised per column.

    Example:
        >>> frame = pd.DataFrame({0: ["A01", "A02"], 1: ["x" * 6, 2.5]}, index=[2, 3])
        >>> [(p.row, p.column) for p in long_cells(("kode", "judul"), frame, limit=5)]
        [(2, 'judul')]
    """
    problems = []
    names = [_shown_header(h) for h in headers]
    for position, header in enumerate(headers):
        if len(header) > limit:
            problems.append(_too_long(1, names[position], len(header), limit))
    for position in frame.columns:
        try:
            lengths = frame[position].str.len()
        except AttributeError:  # no text in this column (Excel numbers only)
            continue
        over = lengths > limit
        for row in frame.index[over.to_numpy(dtype=bool)]:
            name = names[position] if position < len(names) else str(position + 1)
            problems.append(_too_long(int(row), name, int(lengths[row]), limit))
    return sorted(problems, key=lambda p: p.row or 0)


def _too_long(row: int, column: str, length: int, limit: int) -> Problem:
    params = {"length": Number(length, 0), "limit": Number(limit, 0)}
    return Problem("cell_too_long", row=row, column=column, params=params)


def _shown_header(header: str) -> str:
    """A header as a message names it: at most 40 characters."""
    return header if len(header) <= 40 else header[:39] + "…"


def _megabytes(size: int) -> Number:
    return Number(size / 2**20, 1 if size < 10 * 2**20 else 0)


def row_ranges(rows: Iterable[int], listed: int = _LISTED) -> str:
    """Row numbers as short ranges, at most ``listed`` of them, then how many more rows.

    Example:
        >>> row_ranges([2, 3, 4, 7, 9, 10])
        '2-4, 7, 9-10'
        >>> row_ranges(range(2, 100, 2), listed=3)
        '2, 4, 6 (+46)'
    """
    ranges: list[list[int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    shown = [f"{a}-{b}" if a != b else str(a) for a, b in ranges[:listed]]
    rest = sum(b - a + 1 for a, b in ranges[listed:])
    return ", ".join(shown) + (f" (+{rest})" if rest else "")


def _capped(problems: list[Problem]) -> list[Problem]:
    """The first :data:`_LISTED` of many same problems, then one counting the rest."""
    if len(problems) <= _LISTED:
        return problems
    more = Problem("rows_more", params={"count": len(problems) - _LISTED})
    return [*problems[:_LISTED], more]
