"""Read and validate a proposals table (``.xlsx`` sheet ``usulan``, or ``.csv``).

Headers are matched case- and space-insensitively, Indonesian or English (see
:data:`COLUMNS`). Every problem is reported at once, each with the row number as a
spreadsheet shows it (the header is row 1) and the column as the user wrote it. Checks are
vectorised: validating 100,000 rows costs a small multiple of reading them.

Limits, each refused with a message saying what to do: a file of at most 50 MB
(:data:`MAX_FILE_BYTES`), a cell of at most 5,000 characters (:data:`MAX_CELL_CHARS`,
located by row and column), and a workbook whose zip directory announces at most 250 MB
unpacked with no large part unpacking over 100-fold (:data:`MAX_XLSX_UNPACKED_BYTES`,
:data:`MAX_XLSX_RATIO`), checked before anything is unpacked. A file that is not what its
name says (a workbook named ``.csv``, an ``.xls`` or a CSV named ``.xlsx``), a damaged
workbook, a CSV in neither UTF-8, UTF-16 nor Windows-1252, with a separator inside an
unquoted cell, a quote never closed or rows separated otherwise than the header is a
message too, never a traceback. Hidden rows of a workbook are read, with a warning.

Example:
    >>> import tempfile, pathlib
    >>> from mcda_kerjasama.scenario import build_scenario
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "u.csv").write_text(
    ...     "kode;judul;opd;urusan;jenis;mitra;biaya;saling_menguntungkan;kebutuhan_nyata;"
    ...     "potensi;keberlanjutan;inklusif\\n"
    ...     "A1;Air bersih;Dinas PUPR;1.03;KSDD;Kota Solok;Rp 1.500.000.000;4;5;3;4;2\\n")
    >>> s = build_scenario({"schema_version": 1, "scenario": {"name": "x", "years": [2026]},
    ...     "data": {"proposals": str(folder / "u.csv")}, "constraints": {"budget": 5e9}})
    >>> table = read_proposals(s)
    >>> table.data.loc["A1", "cost"], table.data.loc["A1", "nature"]
    (np.float64(1500000000.0), 'sukarela')
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mcda_kerjasama.amounts import parse_amounts, parse_number
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import Msg, Number
from mcda_kerjasama.reference import load_urusan, resolve_urusan
from mcda_kerjasama.scenario import KINDS, Scenario

NATURES = ("wajib", "sukarela")
STATUSES = ("usulan", "berjalan")
SHEET = "usulan"


@dataclass(frozen=True)
class Column:
    """A known column: canonical Indonesian header, English alias, internal field name."""

    header: str
    alias: str
    field: str
    required: bool


COLUMNS: tuple[Column, ...] = (
    Column("kode", "id", "id", True),
    Column("judul", "title", "title", True),
    Column("opd", "agency", "agency", True),
    Column("urusan", "affair", "urusan", True),
    Column("jenis", "kind", "kind", True),
    Column("sifat", "nature", "nature", False),
    Column("mitra", "partner", "partner", True),
    Column("biaya", "cost", "cost", True),
    Column("staf", "staff", "staff", False),
    Column("durasi", "duration", "duration", False),
    Column("tahun_mulai", "earliest_start", "earliest_start", False),
    Column("status", "status", "status", False),
    Column("prasyarat", "requires", "requires", False),
    Column("kelompok", "exclusive_group", "exclusive_group", False),
    Column("rpjmd", "plan_link", "plan_link", False),
)


@dataclass(frozen=True)
class ProposalTable:
    """Validated proposals, indexed by proposal id in file order.

    Columns of ``data``: ``row`` (spreadsheet row), ``title``, ``agency``, ``urusan``
    (code), ``urusan_name``, ``urusan_category``, ``kind``, ``nature``, ``partner``,
    ``cost`` (rupiah per year), ``staff`` (person-months per year), ``duration`` (years),
    ``earliest_start``, ``status``, ``requires`` (tuple of ids), ``exclusive_group``,
    ``plan_link`` and one column per criterion key with its raw score.
    ``warnings`` are problems that did not stop the run.
    """

    data: pd.DataFrame
    criteria: tuple[str, ...]
    warnings: tuple[Problem, ...]
    source: Path

    def __len__(self) -> int:
        return len(self.data)


def normalise_header(header: object) -> str:
    """Headers compare case- and space-insensitively: ``"Tahun Mulai"`` -> ``tahun_mulai``.

    Example:
        >>> normalise_header("  Tahun  Mulai ")
        'tahun_mulai'
    """
    return re.sub(r"[\s\-_]+", "_", str(header).strip().lower()).strip("_")


# --- reading -----------------------------------------------------------------------------


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
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
_ZIP_MAGIC = b"PK\x03\x04"
_LISTED = 20  # rows named one by one in a message about many rows; the rest are counted
_CP1252_UNDEFINED = "\x81\x8d\x8f\x90\x9d"  # bytes Windows-1252 leaves undefined


def read_raw(path: Path) -> RawTable:
    """Read a proposals file as it is: ``.xlsx`` (sheet ``usulan`` or the first sheet) or
    ``.csv`` (``,`` or ``;``, UTF-8 with or without BOM or UTF-16; Windows-1252 accepted
    with a warning). Empty rows are skipped; row numbers stay those a spreadsheet shows.

    A file above :data:`MAX_FILE_BYTES`, a workbook that would unpack beyond
    :data:`MAX_XLSX_UNPACKED_BYTES`, a damaged file or one that is not what its name
    says raises :class:`InputError` with a message saying what to do; cells above
    :data:`MAX_CELL_CHARS` are located ``errors``. Hidden workbook rows are read, with a
    warning naming them.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
        >>> _ = p.write_text("kode;biaya\\nA;1.000\\n\\nB;2\\n")
        >>> raw = read_raw(p)
        >>> raw.headers, list(raw.frame.index)
        (('kode', 'biaya'), [2, 4])
    """
    if not path.is_file():
        raise InputError([Problem("file_not_found", value=str(path))])
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise InputError([Problem("file_type_unknown", value=path.name)])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        params = {"size": _megabytes(size), "limit": _megabytes(MAX_FILE_BYTES)}
        raise InputError([Problem("file_too_large", value=path.name, params=params)])
    return _read_xlsx(path) if suffix in (".xlsx", ".xlsm") else _read_csv(path)


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


def _has_padded_cells(data: bytes, sep: str) -> bool:
    r"""Whether any cell may have surrounding white space: a space next to a separator or
    a line break, any tab, or any Unicode space (a non-breaking space from Excel). A
    clean export has none, and then the cells need not be stripped one by one.
    Vectorised over the bytes; a false alarm only costs the strip.

    Example:
        >>> _has_padded_cells(b"a;b\nc;d\n", ";"), _has_padded_cells(b"a ;b\n", ";")
        (False, True)
    """
    if b"\t" in data:
        return True
    octets = np.frombuffer(data, dtype=np.uint8)
    if _has_unicode_space(octets):
        return True
    spaces = np.flatnonzero(octets == ord(" "))
    if spaces.size == 0:
        return False
    last = len(octets) - 1
    neighbours = np.concatenate(
        [octets[np.minimum(spaces + 1, last)], octets[np.maximum(spaces - 1, 0)]]
    )
    edges = [ord(sep), ord("\n"), ord("\r")]
    return bool(np.isin(neighbours, edges).any() or spaces[0] == 0 or spaces[-1] == last)


def _has_unicode_space(octets: np.ndarray) -> bool:
    """Whether the UTF-8 bytes hold a space ``str.strip`` removes beyond ASCII: U+00A0
    and U+0085 (C2 A0, C2 85), U+2000-U+200A, U+2028/9, U+202F (E2 80 ..), U+205F
    (E2 81 9F) and U+3000 (E3 80 80). One vectorised pass; a false alarm only costs the
    strip."""
    n = len(octets)
    lead = np.flatnonzero((octets[:-1] == 0xC2) | (octets[:-1] == 0xE2) | (octets[:-1] == 0xE3))
    if lead.size == 0:
        return False
    first = octets[lead]
    second = octets[lead + 1]
    third = octets[np.minimum(lead + 2, n - 1)]
    nbsp = (first == 0xC2) & ((second == 0xA0) | (second == 0x85))
    in_80 = ((third >= 0x80) & (third <= 0x8A)) | np.isin(third, (0xA8, 0xA9, 0xAF))
    general = (first == 0xE2) & (((second == 0x80) & in_80) | ((second == 0x81) & (third == 0x9F)))
    ideographic = (first == 0xE3) & (second == 0x80) & (third == 0x80)
    return bool((nbsp | general | ideographic).any())


def _read_csv(path: Path) -> RawTable:
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError([Problem("file_empty", value=path.name)])
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise InputError([Problem("csv_is_workbook", value=path.name)])
    data, encoding, warnings = _decoded(data, path.name)
    end = data.find(b"\n")
    first = data[: end if end >= 0 else len(data)]
    if b"\t" in first and b";" not in first and b"," not in first:
        raise InputError([Problem("csv_tab_separated", value=path.name)])
    sep = ";" if first.count(b";") > first.count(b",") else ","
    frame = _parse_csv(data, encoding, sep, path.name)
    if encoding == "latin-1":  # neither UTF-8 nor Windows-1252: say which cells
        raise InputError(_undecodable_cells(frame))
    stripped = encoding != "cp1252" and not _has_padded_cells(data, sep)
    if frame.empty:
        raise InputError([Problem("file_empty", value=path.name)])
    headers = tuple(str(h) for h in frame.iloc[0])
    body = frame.iloc[1:]
    body.index = pd.RangeIndex(2, 2 + len(body))
    body.columns = pd.RangeIndex(len(headers))
    mixed = _mixed_separator_rows(body, sep)
    if mixed:
        other = "," if sep == ";" else ";"
        params = {"sep": sep, "other": other, "rows": row_ranges(mixed)}
        raise InputError([Problem("csv_separator_mixed", source=path.name, params=params)])
    keep = (body[0] if stripped else body[0].str.strip()) != ""
    blank_first = ~keep
    if blank_first.any():  # look at the other cells only where the first one is blank
        rest = body.loc[blank_first].apply(lambda c: c.str.strip())
        keep[blank_first] = (rest != "").any(axis=1)
    frame = body[keep]
    too_long = long_cells(headers, frame) if _may_hold_long_cells(data, sep) else []
    return RawTable(headers, frame, tuple(warnings), stripped, tuple(too_long))


def _may_hold_long_cells(data: bytes, sep: str) -> bool:
    """Whether a cell of the CSV may exceed :data:`MAX_CELL_CHARS`: not when the file
    has no quote (so no quoted cell spans separators or lines) and no stretch of bytes
    between separators and line breaks is that long. One vectorised pass."""
    if len(data) <= MAX_CELL_CHARS:
        return False
    if b'"' in data:
        return True
    octets = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero((octets == ord(sep)) | (octets == ord("\n")))
    edges = np.concatenate([[-1], breaks, [len(octets)]])
    return bool(np.diff(edges).max() > MAX_CELL_CHARS)


def _decoded(data: bytes, name: str) -> tuple[bytes, str, list[Problem]]:
    """The bytes to parse, their encoding and any warning. UTF-16 (with a byte order
    mark, or recognised by its NUL bytes) is turned into UTF-8; bytes that are neither
    UTF-8 nor Windows-1252 come back as ``latin-1``, for the caller to locate."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _from_utf16(data, "utf-16", name), "utf-8", []
    if b"\x00" in data:
        sample = np.frombuffer(data[: min(len(data), 4096) // 2 * 2], dtype=np.uint8)
        even, odd = (sample[0::2] == 0).mean(), (sample[1::2] == 0).mean()
        if odd > 0.3 and even < 0.05:
            return _from_utf16(data, "utf-16-le", name), "utf-8", []
        if even > 0.3 and odd < 0.05:
            return _from_utf16(data, "utf-16-be", name), "utf-8", []
        raise InputError([Problem("csv_not_text", value=name)])
    try:
        data.decode("utf-8-sig")
        return data, "utf-8-sig", []
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return data, "latin-1", []
    reason = {"reason": "not UTF-8; read as Windows-1252"}
    return (
        data,
        "cp1252",
        [Problem("file_unreadable", severity="warning", value=name, params=reason)],
    )


def _from_utf16(data: bytes, codec: str, name: str) -> bytes:
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeError:
        raise InputError([Problem("csv_not_text", value=name)]) from None


def _parse_csv(data: bytes, encoding: str, sep: str, name: str) -> pd.DataFrame:
    """Every line as a row of text cells (the header is row 0), with pandas' C parser;
    when it fails, Python's csv module says where: a row with more cells than the header
    (a separator inside an unquoted cell) or a quote never closed."""
    try:
        return pd.read_csv(
            io.BytesIO(data),
            encoding=encoding,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            header=None,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        raise InputError([Problem("file_empty", value=name)]) from None
    except pd.errors.ParserError as exc:
        return _parse_csv_located(data.decode(encoding), sep, name, str(exc).strip())


def _parse_csv_located(text: str, sep: str, name: str, reason: str) -> pd.DataFrame:
    """Parse with the csv module (any number of cells per row) and locate what made the
    C parser fail; extra cells that are all empty (trailing separators) are dropped."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error:
        unreadable = Problem("file_unreadable", value=name, params={"reason": reason})
        raise InputError([unreadable]) from None
    finally:
        csv.field_size_limit(limit)
    headers = records[0] if records else []
    width = len(headers)
    if "EOF inside string" in reason and records:
        last = records[-1]
        inside = len(records) > 1 and len(last) <= width  # not the header itself
        column = _shown_header(headers[len(last) - 1]) if inside else None
        problem = Problem("csv_unclosed_quote", row=len(records), column=column)
        raise InputError([problem])
    other = "," if sep == ";" else ";"
    problems = [
        Problem(
            "csv_too_many_cells",
            row=number,
            params={"count": len(cells), "expected": width, "sep": sep, "other": other},
        )
        for number, cells in enumerate(records, start=1)
        if len(cells) > width and any(c.strip() for c in cells[width:])
    ]
    if problems:
        raise InputError(_capped(problems))
    if not any(len(cells) > width for cells in records):
        unreadable = Problem("file_unreadable", value=name, params={"reason": reason})
        raise InputError([unreadable])
    rows = [cells[:width] + [""] * (width - len(cells)) for cells in records]
    return pd.DataFrame(rows, dtype=str)


def _mixed_separator_rows(body: pd.DataFrame, sep: str) -> list[int]:
    """Rows written with the other separator than the header's: all their text sits in
    one or two cells, which hold that other separator at least twice."""
    if body.shape[1] < 4 or body.empty:
        return []
    other = "," if sep == ";" else ";"
    last = body.columns[-1]
    maybe = ((body[2] == "") & (body[last] == "")).to_numpy()  # cheap: two columns
    if not maybe.any():
        return []
    candidates = body.loc[maybe]
    filled = (candidates != "").sum(axis=1)
    suspects = candidates.loc[(filled > 0) & (filled <= 2)]
    if suspects.empty:
        return []
    joined = suspects.apply(lambda r: "".join(r), axis=1)
    return [int(row) for row in joined.index[joined.str.count(other) >= 2]]


def _undecodable_cells(frame: pd.DataFrame) -> list[Problem]:
    """Where a file read byte for byte (``latin-1``) holds text that is not UTF-8: the
    cells that are neither UTF-8 nor Windows-1252, or, when every cell is one or the
    other (a file mixing both), the cells that are not UTF-8."""
    headers = [str(h).encode("latin-1").decode("cp1252", errors="replace") for h in frame.iloc[0]]
    neither: list[Problem] = []
    not_utf8: list[Problem] = []
    for position in frame.columns:
        cells = frame[position]
        non_ascii = cells.str.contains("[\x80-\xff]", regex=True).to_numpy(dtype=bool)
        for index in frame.index[non_ascii]:
            raw = cells[index].encode("latin-1")
            try:
                raw.decode("utf-8")
                continue
            except UnicodeDecodeError as exc:
                byte = f"0x{raw[exc.start]:02X}"
            column = _shown_header(headers[position]) if index > 0 else None
            found = Problem(
                "csv_encoding_unknown", row=int(index) + 1, column=column, params={"byte": byte}
            )
            not_utf8.append(found)
            bad = [c for c in cells[index] if c in _CP1252_UNDEFINED]
            if bad:
                params = {"byte": f"0x{ord(bad[0]):02X}"}
                neither.append(replace(found, params=params))
    chosen = neither or not_utf8
    return _capped(sorted(chosen, key=lambda p: (p.row or 0, p.column or "")))


def _read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook

    check_workbook_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise InputError([Problem("xlsx_invalid", value=path.name)]) from None
    try:
        return _read_sheet(book, path)
    finally:
        book.close()


def check_workbook_archive(path: Path) -> None:
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
        with zipfile.ZipFile(path) as archive:
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


def _read_sheet(book: Any, path: Path) -> RawTable:
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


def hidden_rows(path: Path, part: str) -> set[int]:
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
    with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as stream:
        while chunk := stream.read(1 << 20):
            window = overlap + chunk
            if b"hidden" in window:
                for tag in _ROW_TAG.finditer(window):
                    number = _ROW_NUMBER.search(tag[0])
                    if number and _HIDDEN.search(tag[0]):
                        found.add(int(number[1]))
            overlap = window[-4096:]
    return found


# --- validation --------------------------------------------------------------------------


def _as_text(column: pd.Series, stripped: bool = False) -> pd.Series:
    """Cells as stripped text; Excel numbers keep their integer look (5.0 -> "5")."""
    if column.dtype == object and any(not isinstance(v, str) for v in column):

        def show(v: Any) -> str:
            if v is None:
                return ""
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            return str(v)

        column = column.map(show)
    elif stripped:
        return column.astype(str)
    return column.astype(str).str.strip()


class _Collector:
    """Gathers problems, naming columns as the user wrote them."""

    def __init__(self, headers: Mapping[str, str], source: str) -> None:
        self.headers = headers
        self.source = source
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        rows: Iterable[int],
        field: str,
        values: Iterable[Any] = (),
        /,
        **params: Any,
    ) -> None:
        values = list(values)
        column = self.headers.get(field, field)
        for i, row in enumerate(rows):
            value = values[i] if i < len(values) else None
            self.problems.append(
                Problem(message, row=int(row), column=column, value=value, params=params)
            )

    def mask(
        self,
        message: str,
        mask: pd.Series,
        field: str,
        values: pd.Series | None = None,
        /,
        **params: Any,
    ) -> None:
        if mask.any():
            shown = values[mask].tolist() if values is not None else ()
            self.add(message, mask.index[mask], field, shown, **params)

    def warn(
        self, message: str, row: int | None, field: str | None, value: Any = None, /, **params: Any
    ) -> None:
        column = self.headers.get(field, field) if field else None
        self.problems.append(
            Problem(message, row=row, column=column, value=value, params=params, severity="warning")
        )


def read_proposals(scenario: Scenario, path: Path | None = None) -> ProposalTable:
    """Read the scenario's proposals file and validate every row.

    Raises :class:`InputError` with every problem (errors and warnings) when any error is
    found; otherwise returns the table with its warnings.

    Example:
        >>> table = read_proposals(load_scenario("scenarios/contoh"))
        >>> len(table), table.data.loc["K01", "cost"]
        (12, np.float64(1200000000.0))
    """
    path = path or scenario.proposals_path
    raw = read_raw(path)
    return validate_proposals(raw, scenario, source=path)


def validate_proposals(raw: RawTable, scenario: Scenario, source: Path) -> ProposalTable:
    """Validate raw cells against the column rules and the scenario (criteria, years).

    Example:
        >>> # see read_proposals; this is the part that needs no file
    """
    known: dict[str, tuple[str, str]] = {}  # normalised header -> (field, canonical header)
    for spec in COLUMNS:
        known[spec.header] = (spec.field, spec.header)
        known[spec.alias] = (spec.field, spec.header)
    for crit in scenario.criteria:
        known[normalise_header(crit.column)] = (crit.key, crit.column)

    headers_written: dict[str, str] = {}  # field -> header as written
    positions: dict[str, int] = {}
    collector = _Collector(headers_written, source.name)
    unknown: list[tuple[int, str]] = []
    for position, header in enumerate(raw.headers):
        norm = normalise_header(header)
        if norm in known:
            field, canonical = known[norm]
            if field in positions:
                collector.problems.append(
                    Problem(
                        "column_duplicate", row=1, value=header, params={"canonical": canonical}
                    )
                )
                continue
            positions[field] = position
            headers_written[field] = header
        elif norm:
            unknown.append((position, header))

    required = [(c.field, c.header) for c in COLUMNS if c.required]
    required += [(c.key, c.column) for c in scenario.criteria]
    unknown_names = {normalise_header(h): h for _, h in unknown}
    aliases = {c.field: c.alias for c in COLUMNS}
    for field, header in required:
        if field in positions:
            continue
        names = [normalise_header(header), aliases.get(field, "")]
        close = [
            m for n in names for m in difflib.get_close_matches(n, list(unknown_names), 1, 0.6)
        ]
        params: dict[str, Any] = {"column_name": header}
        if close:
            params["hint"] = Msg("column_missing_hint", {"candidate": unknown_names[close[0]]})
        collector.problems.append(Problem("column_missing", row=1, params=params))
    for _, header in unknown:
        close = difflib.get_close_matches(normalise_header(header), list(known), 1, 0.75)
        hint = (
            {"hint": Msg("column_unknown_hint", {"candidate": known[close[0]][1]})} if close else {}
        )
        collector.warn("column_unknown", 1, None, header, **hint)

    frame = raw.frame
    if frame.empty:
        collector.problems.append(Problem("file_empty", value=source.name))
    text: dict[str, pd.Series] = {
        field: _as_text(frame[pos], raw.stripped) for field, pos in positions.items()
    }
    empty_text = pd.Series("", index=frame.index, dtype=str)

    def col(field: str) -> pd.Series:
        return text.get(field, empty_text)

    out = pd.DataFrame(index=frame.index)
    out["row"] = frame.index.astype(int)

    for field in ("id", "title", "agency", "urusan", "kind", "partner"):
        if field in positions:
            collector.mask("required_empty", col(field) == "", field)
    out["title"] = col("title")
    out["agency"] = col("agency")
    out["partner"] = col("partner")

    ids = col("id")
    out["id"] = ids
    dup = ids.duplicated(keep="first") & (ids != "")
    if dup.any():
        first_rows = ids[~ids.duplicated(keep="first")]
        first_row_of = dict(zip(first_rows.values, first_rows.index, strict=True))
        for row in dup.index[dup]:
            collector.add("duplicate_id", [row], "id", [ids[row]], first_row=first_row_of[ids[row]])

    _validate_urusan(raw.stripped, frame, positions, col("urusan"), out, collector)

    kinds = _map_distinct(col("kind"), str.upper)
    if "kind" in positions:
        bad = (kinds != "") & ~kinds.isin(KINDS)
        collector.mask("kind_unknown", bad, "kind", col("kind"), allowed=", ".join(KINDS))
    out["kind"] = kinds

    natures = _map_distinct(col("nature"), str.lower)
    bad = (natures != "") & ~natures.isin(NATURES)
    collector.mask("nature_unknown", bad, "nature", col("nature"))
    wajib_wrong = (natures == "wajib") & kinds.isin(KINDS) & (kinds != "KSDD")
    for row in wajib_wrong.index[wajib_wrong]:
        collector.add("wajib_not_ksdd", [row], "nature", [col("nature")[row]], kind=kinds[row])
    out["nature"] = np.where(kinds == "KSDD", np.where(natures == "", "sukarela", natures), natures)

    if "cost" in positions:
        cost_cells = frame[positions["cost"]]
        cost_text = col("cost")
        collector.mask("required_empty", cost_text == "", "cost")
        cost, amount_problems = parse_amounts(cost_cells.where(cost_text != "", None))
        for row, problem in amount_problems.items():
            shown = _shown_amount(cost_cells[row])
            collector.add(problem.code, [int(row)], "cost", [shown], hint=problem.hint)  # type: ignore[call-overload]
        out["cost"] = cost
    else:
        out["cost"] = np.nan

    out["staff"] = _numbers(
        col("staff"), "staff", collector, default=0.0, minimum=0.0, hint="2 / 1,5"
    )
    duration = _numbers(col("duration"), "duration", collector, default=1.0, integer=True, hint="3")
    bad = duration.notna() & ((duration < 1) | (duration > 5))
    collector.mask("duration_range", bad, "duration", col("duration"))
    out["duration"] = duration

    status = _map_distinct(col("status"), str.lower)
    bad = (status != "") & ~status.isin(STATUSES)
    collector.mask("status_unknown", bad, "status", col("status"))
    out["status"] = status.where(status != "", "usulan")

    first_year = scenario.years[0]
    start = _numbers(
        col("earliest_start"),
        "earliest_start",
        collector,
        default=first_year,
        integer=True,
        hint=str(first_year),
    )
    # an ongoing cooperation may have started before the horizon, if it still runs in it
    ongoing = (status == "berjalan").to_numpy()
    before = (start < first_year).to_numpy()
    ended = ongoing & before & (start + duration - 1 < first_year).to_numpy()
    collector.mask(
        "ongoing_ended",
        pd.Series(ended, index=start.index),
        "earliest_start",
        col("earliest_start"),
        duration=col("duration"),
        first=first_year,
    )
    bad = start.notna() & ~start.isin(scenario.years) & ~(ongoing & before)
    collector.mask(
        "start_outside",
        bad,
        "earliest_start",
        col("earliest_start"),
        years=", ".join(map(str, scenario.years)),
    )
    out["earliest_start"] = start

    for crit in scenario.criteria:
        if crit.key not in positions:
            out[crit.key] = np.nan
            continue
        lo, hi = crit.scale
        values = _numbers(col(crit.key), crit.key, collector, default=None, hint=f"{lo:g}-{hi:g}")
        collector.mask("required_empty", col(crit.key) == "", crit.key)
        bad = values.notna() & ((values < lo) | (values > hi))
        collector.mask(
            "score_range",
            bad,
            crit.key,
            col(crit.key),
            criterion=crit.key,
            lo=f"{lo:g}",
            hi=f"{hi:g}",
        )
        out[crit.key] = values

    out["exclusive_group"] = col("exclusive_group")
    out["plan_link"] = col("plan_link")
    out["requires"] = _validate_requires(col("requires"), ids, collector)

    errors = [*raw.errors, *(p for p in collector.problems if p.severity == "error")]
    warnings = tuple(raw.warnings) + tuple(p for p in collector.problems if p.severity == "warning")
    if errors:
        raise InputError(_sorted(errors + list(warnings)))
    for field in ("duration", "earliest_start"):
        out[field] = out[field].astype(int)
    data = out.set_index("id")
    data.index.name = "id"
    return ProposalTable(data, scenario.criterion_keys, _sorted(list(warnings)), source)


def _shown_amount(value: Any) -> Any:
    """A cell as a money message quotes it: an Excel number beyond any budget in
    scientific notation (``1e+300``, not 301 digits), a long text cut at 40 characters.

    Example:
        >>> _shown_amount(1e300), _shown_amount("1" + "0" * 60)
        ('1e+300', '100000000000000000000000000000000000000…')
    """
    if isinstance(value, float) and abs(value) >= 1e15:
        return f"{value:g}"
    if isinstance(value, str) and len(value) > 40:
        return value[:39] + "…"
    return value


def _map_distinct(values: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """``func`` applied once per distinct value (columns like kind have a handful)."""
    codes, uniques = pd.factorize(values)
    mapped = np.array([func(u) for u in uniques], dtype=object)
    return pd.Series(mapped[codes] if len(uniques) else values, index=values.index, dtype=object)


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: p.row if p.row is not None else 0))


def _numbers(
    values: pd.Series,
    field: str,
    collector: _Collector,
    *,
    default: float | None,
    integer: bool = False,
    minimum: float | None = None,
    hint: str = "",
) -> pd.Series:
    """Parse a column of plain numbers; empty cells take ``default``.

    Each distinct text is parsed once (scores, years and staff have few), so the cost is
    one factorisation of the column plus a small loop.
    """
    codes, uniques = pd.factorize(values)
    parsed = np.full(len(uniques), np.nan)
    invalid = np.zeros(len(uniques), dtype=bool)
    for k, raw in enumerate(uniques):
        if raw == "":
            continue
        try:
            parsed[k] = parse_number(raw)
        except ValueError:
            invalid[k] = True
    out = pd.Series(parsed[codes], index=values.index)
    collector.mask(
        "integer_invalid" if integer else "number_invalid",
        pd.Series(invalid[codes], index=values.index),
        field,
        values,
        hint=hint,
    )
    if integer:
        fractional = out.notna() & (out != np.floor(out))
        collector.mask("integer_invalid", fractional, field, values, hint=hint)
    if minimum is not None:
        negative = out.notna() & (out < minimum)
        collector.mask("number_negative", negative, field, values)
    if default is not None:
        out[(values == "").to_numpy()] = default
    return out


def _validate_urusan(
    raw_stripped: bool,
    frame: pd.DataFrame,
    positions: Mapping[str, int],
    texts: pd.Series,
    out: pd.DataFrame,
    collector: _Collector,
) -> None:
    table = load_urusan()
    if "urusan" not in positions:
        out["urusan"] = ""
        out["urusan_name"] = ""
        out["urusan_category"] = ""
        return
    cells = frame[positions["urusan"]]
    filled = (texts != "").to_numpy()
    keys = (
        cells[filled].map(lambda c: c.strip() if isinstance(c, str) else c)
        if not raw_stripped
        else cells[filled]
    )
    index_of, uniques = pd.factorize(keys)
    matches = [resolve_urusan(u) for u in uniques]
    found = np.array([m.code or "" for m in matches], dtype=object)
    codes = pd.Series("", index=frame.index, dtype=object)
    codes[filled] = found[index_of]
    notable = np.flatnonzero(
        np.isin(index_of, [k for k, m in enumerate(matches) if m.how != "code"])
    )
    for position in notable:
        row = keys.index[position]
        match = matches[index_of[position]]
        if match.code is None:
            hint = (
                {"hint": Msg("urusan_hint", {"candidate": match.suggestion})}
                if match.suggestion
                else {}
            )
            collector.add("urusan_unknown", [row], "urusan", [texts[row]], **hint)
        else:
            collector.warn(
                "urusan_by_name",
                int(row),
                "urusan",
                texts[row],
                code=match.code,
                name=table.loc[match.code, "nama"],
            )
    out["urusan"] = codes
    out["urusan_name"] = codes.map(table["nama"]).fillna("")
    out["urusan_category"] = codes.map(table["kategori"]).fillna("")


def _validate_requires(texts: pd.Series, ids: pd.Series, collector: _Collector) -> pd.Series:
    id_list = ids.tolist()
    rows = texts.index.tolist()
    known = set(id_list)
    filled = np.flatnonzero((texts != "").to_numpy())
    cells = texts.to_numpy(dtype=object)
    graph: dict[str, tuple[str, ...]] = {}
    found: dict[Any, tuple[str, ...]] = {}
    for position in filled:
        row, me = rows[position], id_list[position]
        good = []
        for part in (p.strip() for p in cells[position].replace(",", ";").split(";")):
            if not part:
                continue
            if part not in known:
                collector.add("prereq_unknown", [row], "requires", [part])
            elif part == me:
                collector.add("prereq_self", [row], "requires", [part])
            else:
                good.append(part)
        found[row] = graph[me] = tuple(good)
    requires = pd.Series([()] * len(texts), index=texts.index, dtype=object)
    if found:
        requires[list(found)] = pd.Series(found, dtype=object)
    if graph:
        row_of = dict(zip(id_list, rows, strict=True))
        for cycle in _cycles(graph):
            first = min(cycle, key=lambda i: row_of[i])
            collector.add(
                "prereq_cycle",
                [row_of[first]],
                "requires",
                [],
                cycle=" -> ".join([*cycle, cycle[0]]),
            )
    return requires


def _cycles(graph: Mapping[str, tuple[str, ...]]) -> list[list[str]]:
    """One cycle per strongly connected group of prerequisites (iterative DFS)."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    cycles: list[list[str]] = []
    for root in graph:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            children = graph.get(node, ())
            if i < len(children):
                stack.append((node, i + 1))
                child = children[i]
                if state.get(child) == 1:
                    cycles.append(path[path.index(child) :])
                elif child not in state:
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()
    return cycles
