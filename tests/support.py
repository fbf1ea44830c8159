"""Shared test data and helpers: the example scenario, a valid row, scenario files.

Tests import these from here (``from support import ...``); ``conftest.py`` holds only
the fixtures, so no test imports a module named ``conftest``."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CONTOH = ROOT / "scenarios" / "contoh"
#: The installed command of the environment running the tests (never another one on PATH).
KERJASAMA = str(Path(sys.executable).with_name("kerjasama"))

CONTOH_HEADER: tuple[str, ...] = tuple(
    (CONTOH / "usulan.csv").read_text(encoding="utf-8").splitlines()[0].split(";")
)

# A row that passes every check of the contoh scenario (canonical headers).
VALID_ROW: dict[str, str] = {
    "kode": "A01",
    "judul": "Air bersih",
    "opd": "Dinas PUPR",
    "urusan": "1.03",
    "jenis": "KSDD",
    "sifat": "sukarela",
    "mitra": "Kota Solok",
    "biaya": "Rp 100.000.000",
    "staf": "1",
    "durasi": "1",
    "tahun_mulai": "",
    "status": "usulan",
    "prasyarat": "",
    "kelompok": "",
    "rpjmd": "IKU-1",
    "saling_menguntungkan": "4",
    "kebutuhan_nyata": "4",
    "potensi": "4",
    "keberlanjutan": "4",
    "inklusif": "4",
}

BASE_TOML = """\
schema_version = 1

[scenario]
name = "Uji"
years = [2026]
language = "id"

[data]
proposals = "{proposals}"

[weights]
method = "direct"
[weights.values]
mutual_benefit = 0.30
real_need = 0.25
potential = 0.20
sustainability = 0.15
inclusiveness = 0.10

[constraints]
budget = 5_000_000_000
"""


def rows_from(changes: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Each change dict applied over a valid row; ids default to A01, A02, ..."""
    rows = []
    for i, change in enumerate(changes, start=1):
        row = dict(VALID_ROW, kode=f"A{i:02d}")
        row.update({k: "" if v is None else str(v) for k, v in change.items()})
        rows.append(row)
    return rows


def csv_text(
    rows: Sequence[Mapping[str, Any]], header: Sequence[str] | None = None, sep: str = ";"
) -> str:
    """A CSV with ``header`` (default: the contoh header); each row is a dict keyed by
    header as written, missing cells empty. Cells holding ``sep`` or quotes are quoted."""
    header = list(header if header is not None else CONTOH_HEADER)

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        if sep in text or '"' in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [sep.join(cell(h) for h in header)]
    lines += [sep.join(cell(row.get(h, "")) for h in header) for row in rows]
    return "\n".join(lines) + "\n"


def candidate_frame(costs: Sequence[float], ids: Sequence[str]) -> pd.DataFrame:
    """Plain candidates for portfolio tests: one year, no staff, no rules but the costs."""
    n = len(ids)
    return pd.DataFrame(
        {
            "cost": list(costs),
            "staff": 0.0,
            "duration": 1,
            "earliest_start": 2026,
            "status": "usulan",
            "nature": "",
            "agency": "X",
            "exclusive_group": "",
            "requires": [()] * n,
        },
        index=list(ids),
    )
