"""Templates for a new scenario folder (``kerjasama init``).

* ``scenario.toml``: every section with comments, direct weights by default;
* ``usulan.xlsx``: the proposals sheet with drop-down lists (kind, nature, status,
  urusan code, 1-5 scores), a sheet of instructions and the urusan list;
* ``perbandingan.csv``: every pair of the default criteria once, ``nilai`` empty, for
  AHP judgements.

Example:
    >>> import tempfile, pathlib
    >>> paths = write_scenario_folder(pathlib.Path(tempfile.mkdtemp()) / "baru")
    >>> sorted(p.name for p in paths)
    ['perbandingan.csv', 'scenario.toml', 'usulan.xlsx']
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from mcda_kerjasama.language import Language
from mcda_kerjasama.proposals import COLUMNS, NATURES, STATUSES
from mcda_kerjasama.reference import load_urusan
from mcda_kerjasama.registry import BACKENDS, WEIGHT_METHODS
from mcda_kerjasama.report.files import write_atomic, write_files
from mcda_kerjasama.scenario import DEFAULT_CRITERIA, KINDS
from mcda_kerjasama.weights.questionnaire import form_bytes

_EXPLAIN = {
    "kode": "kode unik usulan, mis. U001 (wajib)",
    "judul": "judul singkat kegiatan kerja sama (wajib)",
    "opd": "perangkat daerah pengusul (wajib)",
    "urusan": "kode urusan pemerintahan, mis. 1.02 (wajib; lihat lembar daftar_urusan)",
    "jenis": "KSDD, KSDPK, SINERGI, KSDPL atau KSDLL (wajib)",
    "sifat": "wajib / sukarela; hanya untuk KSDD (kosong = sukarela)",
    "mitra": "daerah atau pihak mitra (wajib)",
    "biaya": "rupiah per tahun kegiatan, mis. 1.500.000.000 atau 1,5 M (wajib)",
    "staf": "orang-bulan per tahun (kosong = 0)",
    "durasi": "lama kerja sama dalam tahun, 1-5 (kosong = 1)",
    "tahun_mulai": "tahun mulai paling awal (kosong = tahun perencanaan pertama)",
    "status": "usulan (baru) / berjalan (sudah terikat) (kosong = usulan)",
    "prasyarat": "kode usulan lain yang harus ada lebih dulu, dipisah ;",
    "kelompok": "usulan dengan kelompok sama saling menggantikan: paling banyak satu dipilih",
    "rpjmd": "indikator RPJMD/RKPD yang didukung",
}


def scenario_toml(name: str, year: int) -> str:
    """The text of a new, commented scenario.toml.

    Example:
        >>> "schema_version = 1" in scenario_toml("Uji", 2027)
        True
    """
    weights = ", ".join(
        f"{c.key} = {w}" for c, w in zip(DEFAULT_CRITERIA, (0.3, 0.25, 0.2, 0.15, 0.1), strict=True)
    )
    methods = ", ".join(f'"{m}"' for m in WEIGHT_METHODS)
    backends = " atau ".join(f'"{b}"' for b in BACKENDS)
    return f'''# Skenario pemetaan kerja sama daerah / regional cooperation mapping scenario
schema_version = 1

[scenario]
name = "{name}"
region = ""                 # mis. "Provinsi Sumatera Barat"
years = [{year}]            # tahun perencanaan, mis. [{year}, {year + 1}, {year + 2}]
language = "id"             # "id" (Bahasa Indonesia) atau "en"

[data]
proposals = "usulan.xlsx"   # relatif terhadap berkas ini

# Lima kriteria bawaan berlaku bila [criteria] tidak ditulis. Contoh mengubah satu:
# [criteria.real_need]
# column = "kebutuhan_nyata"
# scale = [1, 5]
# direction = "benefit"

[weights]
method = "direct"           # {methods}
values = {{ {weights} }}
# AHP: method = "ahp" dan judgements = "perbandingan.csv"

[screening]
require_plan_link = true    # usulan harus terkait indikator RPJMD/RKPD
min_score = {{ mutual_benefit = 2 }}
max_duration = 5

[constraints]
budget = 10_000_000_000     # rupiah per tahun; atau per tahun: {{ "{year}" = 1e10 }}

[solver]
backend = "highs"           # {backends}
time_limit = 60             # detik
mip_gap = 0.0
'''


def proposals_template() -> bytes:
    """An empty proposals workbook with drop-down lists and instructions.

    Example:
        >>> proposals_template()[:2]
        b'PK'
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "usulan"
    headers = [c.header for c in COLUMNS] + [c.column for c in DEFAULT_CRITERIA]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    letter = {h: sheet.cell(row=1, column=i + 1).column_letter for i, h in enumerate(headers)}

    urusan = load_urusan()
    codes = book.create_sheet("daftar_urusan")
    codes.append(["kode", "nama", "kategori"])
    for code, row in urusan.iterrows():
        codes.append([code, row["nama"], row["kategori"]])

    def drop_down(header: str, formula: str, prompt: str) -> None:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.error = prompt
        rule.prompt = prompt
        sheet.add_data_validation(rule)
        rule.add(f"{letter[header]}2:{letter[header]}1000")

    drop_down("jenis", '"' + ",".join(KINDS) + '"', _EXPLAIN["jenis"])
    drop_down("sifat", '"' + ",".join(NATURES) + '"', _EXPLAIN["sifat"])
    drop_down("status", '"' + ",".join(STATUSES) + '"', _EXPLAIN["status"])
    drop_down("urusan", f"daftar_urusan!$A$2:$A${len(urusan) + 1}", _EXPLAIN["urusan"])
    for criterion in DEFAULT_CRITERIA:
        rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
        rule.error = f"{criterion.label}: 1-5"
        sheet.add_data_validation(rule)
        rule.add(f"{letter[criterion.column]}2:{letter[criterion.column]}1000")
    for header in headers:
        sheet.column_dimensions[letter[header]].width = max(12, len(header) + 4)

    guide = book.create_sheet("petunjuk")
    guide.append(["kolom", "alias (English)", "keterangan"])
    for column in COLUMNS:
        guide.append([column.header, column.alias, _EXPLAIN[column.header]])
    for criterion in DEFAULT_CRITERIA:
        guide.append([criterion.column, criterion.key, f"{criterion.label}: skor 1-5"])
    guide.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def comparisons_template() -> str:
    """Every pair of the default criteria once, for AHP judgements (``nilai`` empty).

    Example:
        >>> comparisons_template().splitlines()[:2]
        ['a,b,nilai', 'mutual_benefit,real_need,']
    """
    keys = [c.key for c in DEFAULT_CRITERIA]
    lines = ["a,b,nilai"] + [f"{a},{b}," for a, b in itertools.combinations(keys, 2)]
    return "\n".join(lines) + "\n"


def form_file_name(respondent: str) -> str:
    """A safe file name for a respondent's questionnaire.

    Example:
        >>> form_file_name("Kepala Bappeda / Sekda")
        'kuesioner_kepala-bappeda-sekda.xlsx'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", respondent.lower()).strip("-") or "responden"
    return f"kuesioner_{slug}.xlsx"


def write_scenario_folder(folder: Path, name: str | None = None) -> list[Path]:
    """Write a new scenario folder and return the files written.

    Example: see the module docstring.
    """
    year = date.today().year + 1
    files = {
        "scenario.toml": scenario_toml(name or folder.name, year).encode("utf-8"),
        "usulan.xlsx": proposals_template(),
        "perbandingan.csv": comparisons_template().encode("utf-8"),
    }
    return write_files(folder, files)


def write_form(
    path: str | Path,
    criteria: Sequence[tuple[str, str]],
    respondent: str,
    *,
    scenario_name: str = "",
    lang: Language = "id",
) -> None:
    """Write one respondent's AHP questionnaire (:func:`form_bytes`) to ``path``,
    atomically.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "budi.xlsx"
        >>> write_form(path, [("a", "Biaya"), ("b", "Manfaat")], "Budi")
        >>> path.read_bytes()[:2]
        b'PK'
    """
    write_atomic(
        Path(path), form_bytes(criteria, respondent, scenario_name=scenario_name, lang=lang)
    )
