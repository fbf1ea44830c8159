"""Templates for a new scenario folder (``kerjasama init``).

* ``scenario.toml``: every section with comments, direct weights by default;
* ``usulan.xlsx``: the proposals sheet with data validation on every column (refusing
  a wrong entry with an Indonesian message, prompting what to write), a sheet of
  instructions with an example proposal, and the urusan list
  (:mod:`mcda_kerjasama.report.proposals_template`);
* ``perbandingan.csv``: every pair of the default criteria once, ``nilai`` empty, for
  AHP judgements.

Example:
    >>> import tempfile, pathlib
    >>> paths = write_scenario_folder(pathlib.Path(tempfile.mkdtemp()) / "baru")
    >>> sorted(p.name for p in paths)
    ['perbandingan.csv', 'scenario.toml', 'usulan.xlsx']
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from mcda_kerjasama.i18n import text
from mcda_kerjasama.language import Language
from mcda_kerjasama.registry import BACKENDS, WEIGHT_METHODS
from mcda_kerjasama.report.files import write_atomic, write_files
from mcda_kerjasama.report.proposals_template import proposals_template
from mcda_kerjasama.scenario import DEFAULT_CRITERIA
from mcda_kerjasama.weights.questionnaire import form_bytes


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
values = {{ {weights} }}   # berjumlah 1 (atau 100)
# AHP: method = "ahp" dan judgements = "perbandingan.csv", lalu hapus baris values
# (tidak dipakai AHP); isi perbandingan.csv atau kumpulkan kuesioner dengan
# kerjasama ahp template / kerjasama ahp collect

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


def comparisons_template() -> str:
    """Every pair of the default criteria once, for AHP judgements (``nilai`` empty),
    each criterion's label beside its key (``nama_a``, ``nama_b``: read by a person,
    ignored by the reader) and how to write ``nilai`` on the first row.

    Example:
        >>> lines = comparisons_template().splitlines()
        >>> lines[0]
        'a,b,nilai,nama_a,nama_b,petunjuk'
        >>> lines[1].split(",")[:5]
        ['mutual_benefit', 'real_need', '', 'Saling menguntungkan', 'Kebutuhan nyata']
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["a", "b", "nilai", "nama_a", "nama_b", "petunjuk"])
    hint = text("perbandingan_hint", "id")
    pairs = itertools.combinations(DEFAULT_CRITERIA, 2)
    for i, (a, b) in enumerate(pairs):
        writer.writerow([a.key, b.key, "", a.label, b.label, hint if i == 0 else ""])
    return out.getvalue()


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
        "usulan.xlsx": proposals_template(year),
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
