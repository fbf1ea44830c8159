"""Reading a CSV file: its encoding (UTF-8 with or without BOM, UTF-16, Windows-1252 with
a warning), its separator (``,`` or ``;``), and where it is broken when it is.

A file that cannot be read is a message, never a traceback: a workbook named ``.csv``,
a tab-separated file, cells in an unknown encoding (located), a separator inside an
unquoted cell, a quote never closed or rows separated otherwise than the header.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_bytes("kode;judul\\nA;Café\\n".encode("cp1252"))
    >>> raw = _read_csv(p)
    >>> raw.frame.loc[2].tolist(), [w.code for w in raw.warnings]
    (['A', 'Café'], ['file_unreadable'])
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.proposals.raw import (
    _OLE_MAGIC,
    _ZIP_MAGIC,
    MAX_CELL_CHARS,
    RawTable,
    Source,
    _capped,
    _shown_header,
    long_cells,
    row_ranges,
)

_CP1252_UNDEFINED = "\x81\x8d\x8f\x90\x9d"  # bytes Windows-1252 leaves undefined


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
    if data.startswith(b" ") or data.endswith(b" "):
        return True
    octets = np.frombuffer(data, dtype=np.uint8)
    # a space next to an edge, as two boolean masks side by side (bytes.find of " ;"
    # stops at every space of every title: five times slower)
    space = octets == 0x20
    edge = (octets == ord(sep)) | (octets == 0x0A) | (octets == 0x0D)
    if (space[:-1] & edge[1:]).any() or (edge[:-1] & space[1:]).any():
        return True
    if not any(lead in data for lead in (b"\xc2", b"\xe2", b"\xe3")):
        return False  # no Unicode space can be there
    return _has_unicode_space(octets)


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


def _read_csv(path: Source) -> RawTable:
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
    first_cells = (body[0] if stripped else body[0].str.strip()).to_numpy(dtype=object)
    keep = pd.Series(first_cells != "", index=body.index)  # numpy: 4 times faster on text
    blank_first = ~keep
    if blank_first.any():  # look at the other cells only where the first one is blank
        rest = body.loc[blank_first].apply(lambda c: c.str.strip())
        keep[blank_first] = (rest != "").any(axis=1)
    frame = body[keep]
    too_long = long_cells(headers, frame) if _may_hold_long_cells(data, sep) else []
    return RawTable(headers, frame, tuple(warnings), stripped, tuple(too_long))


def _may_hold_long_cells(data: bytes, sep: str) -> bool:
    r"""Whether a cell of the CSV may exceed :data:`MAX_CELL_CHARS`: not when no stretch
    of bytes between the separators and line breaks that end cells is that long (a
    character is at least a byte). A separator or line break inside quotes ends no cell:
    it has an odd number of quotes before it (a doubled quote inside a quoted cell
    counts twice). One vectorised pass.

    Example:
        >>> _may_hold_long_cells(b"a;b\n" * 3000, ";")
        False
        >>> _may_hold_long_cells(b'a;"' + b"x;" * 3000 + b'"\n', ";")
        True
    """
    if len(data) <= MAX_CELL_CHARS:
        return False
    octets = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(octets == ord('"')) if b'"' in data else None
    # every cell lies within a line (line breaks outside quotes are breaks too): when no
    # line is that long, no cell is, found with a twentieth of the breaks to look at
    lines = np.flatnonzero(octets == ord("\n"))
    if _longest_stretch(lines, quotes, len(octets)) <= MAX_CELL_CHARS:
        return False
    breaks = np.flatnonzero((octets == ord(sep)) | (octets == ord("\n")))
    return _longest_stretch(breaks, quotes, len(octets)) > MAX_CELL_CHARS


def _longest_stretch(breaks: np.ndarray, quotes: np.ndarray | None, size: int) -> int:
    """The longest distance between two successive ``breaks`` (positions in ``size``
    bytes) outside quotes (``quotes``: the positions of every quote, None when none):
    a break with an odd number of quotes before it is inside a quoted cell.

    Example:
        >>> _longest_stretch(np.array([1, 4, 6]), np.array([3, 5]), 8)  # 4 is quoted
        5
    """
    if quotes is not None:
        breaks = breaks[np.searchsorted(quotes, breaks) % 2 == 0]
    edges = np.concatenate([[-1], breaks, [size]])
    return int(np.diff(edges).max())


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
    # cheap: two columns, compared as numpy arrays
    maybe = (body[2].to_numpy(dtype=object) == "") & (body[last].to_numpy(dtype=object) == "")
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
