"""The proposals table: the columns it knows, and the validated result.

A column is known by its canonical Indonesian header or its English alias, compared
case- and space-insensitively (:func:`normalise_header`).

Example:
    >>> [c.header for c in COLUMNS if c.required]
    ['kode', 'judul', 'opd', 'urusan', 'jenis', 'mitra', 'biaya']
    >>> normalise_header("Earliest-Start")
    'earliest_start'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mcda_kerjasama.errors import Problem

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
