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

The package: :mod:`.table` (the known columns and the validated table), :mod:`.raw`
(cells as read, and the limits every reader shares), :mod:`.csvfile` and
:mod:`.workbook` (the two kinds of file), :mod:`.headers` (headers matched to columns)
and :mod:`.validate` (the cells checked); :func:`read_raw` and :func:`read_proposals`
are here.

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

from pathlib import Path
from typing import BinaryIO, TypeAlias

import pandas as pd

from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.proposals.csvfile import _has_padded_cells as _has_padded_cells  # tests
from mcda_kerjasama.proposals.csvfile import _read_csv
from mcda_kerjasama.proposals.raw import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    RawTable,
    Upload,
    _megabytes,
    long_cells,
    row_ranges,
)
from mcda_kerjasama.proposals.table import (
    COLUMNS,
    NATURES,
    SHEET,
    STATUSES,
    Column,
    ProposalTable,
    normalise_header,
)
from mcda_kerjasama.proposals.validate import validate_proposals
from mcda_kerjasama.proposals.workbook import (
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED_BYTES,
    _read_xlsx,
    check_workbook_archive,
    hidden_rows,
)
from mcda_kerjasama.scenario import Scenario

__all__ = [
    "COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNPACKED_BYTES",
    "NATURES",
    "SHEET",
    "STATUSES",
    "Column",
    "ProposalTable",
    "ProposalsInput",
    "RawTable",
    "Upload",
    "check_workbook_archive",
    "hidden_rows",
    "long_cells",
    "normalise_header",
    "raw_from_frame",
    "read_proposals",
    "read_raw",
    "row_ranges",
    "validate_proposals",
]


def read_raw(path: Path | Upload) -> RawTable:
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
    if isinstance(path, Path) and not path.is_file():
        raise InputError([Problem("file_not_found", value=str(path))])
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise InputError([Problem("file_type_unknown", value=path.name)])
    size = path.stat().st_size if isinstance(path, Path) else len(path.data)
    if size > MAX_FILE_BYTES:
        params = {"size": _megabytes(size), "limit": _megabytes(MAX_FILE_BYTES)}
        raise InputError([Problem("file_too_large", value=path.name, params=params)])
    return _read_xlsx(path) if suffix in (".xlsx", ".xlsm") else _read_csv(path)


#: What proposals can be given as: a file (path), an upload (bytes with a file name),
#: bytes or a binary stream (a workbook when it starts like one, else CSV), or a
#: table of cells (a DataFrame whose columns are the headers, one row per proposal).
ProposalsInput: TypeAlias = Path | str | Upload | bytes | BinaryIO | pd.DataFrame


def read_proposals(scenario: Scenario, source: ProposalsInput | None = None) -> ProposalTable:
    """Read and validate every row of the proposals: the scenario's file, or ``source``
    given in memory (see :data:`ProposalsInput`), validated by the same rules with the
    same located messages.

    Raises :class:`InputError` with every problem (errors and warnings) when any error is
    found; otherwise returns the table with its warnings.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> table = read_proposals(load_scenario("scenarios/contoh"))
        >>> len(table), table.data.loc["K01", "cost"]
        (12, np.float64(1200000000.0))
        >>> cells = pd.read_csv("scenarios/contoh/usulan.csv", sep=";", dtype=str)
        >>> same = read_proposals(load_scenario("scenarios/contoh"), cells)
        >>> same.data.equals(table.data)
        True
    """
    if source is None:
        source = scenario.proposals_path
    if isinstance(source, pd.DataFrame):
        raw = raw_from_frame(source)
        return validate_proposals(raw, scenario, source=Path(scenario.proposals_path.name))
    if isinstance(source, str):
        source = Path(source)
    elif isinstance(source, bytes):
        source = Upload(_guess_name(source, scenario), source)
    elif not isinstance(source, Path | Upload):
        source = Upload(getattr(source, "name", "") or "", source.read())
        if Path(source.name).suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
            source = Upload(_guess_name(source.data, scenario), source.data)
    raw = read_raw(source)
    return validate_proposals(
        raw, scenario, source=Path(source.name) if isinstance(source, Upload) else source
    )


def raw_from_frame(frame: pd.DataFrame) -> RawTable:
    """Cells given as a table (columns = headers as written, one row per proposal),
    numbered as a spreadsheet would show them (the header is row 1). Empty rows are
    skipped, as in a file.

    Example:
        >>> raw = raw_from_frame(pd.DataFrame({"kode": ["A", None, "B"]}))
        >>> raw.headers, list(raw.frame.index)
        (('kode',), [2, 4])
    """
    headers = tuple(str(c) for c in frame.columns)
    cells = frame.astype(object).where(frame.notna(), None)
    cells.columns = pd.RangeIndex(len(headers))
    cells.index = pd.RangeIndex(2, 2 + len(cells))
    filled = cells.apply(lambda c: c.map(lambda v: v is not None and str(v).strip() != ""))
    kept = cells[filled.any(axis=1)] if len(cells) else cells
    return RawTable(headers, kept, (), errors=tuple(long_cells(headers, kept)))


def _guess_name(data: bytes, scenario: Scenario) -> str:
    """A file name for bytes given without one: a workbook when they start like a zip
    archive, else CSV (named after the scenario's proposals file)."""
    stem = scenario.proposals_path.stem or "usulan"
    return f"{stem}.xlsx" if data.startswith(b"PK") else f"{stem}.csv"
