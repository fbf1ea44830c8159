"""Writing a run's outputs: ``hasil.json`` and ``daftar_prioritas.csv``.

Every file is complete or absent: the run is computed first, then each file is written
atomically. CSV follows the output language: Indonesian output uses ``;`` and decimal
commas (what Excel in Indonesia opens directly), English uses ``,`` and decimal points.
Text that a spreadsheet would run as a formula is neutralised.

Example:
    >>> import tempfile
    >>> [p.name for p in write_outputs(result, Path(tempfile.mkdtemp()))]
    ['hasil.json', 'daftar_prioritas.csv']
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from mcda_kerjasama.i18n import Language
from mcda_kerjasama.pipeline import RunResult
from mcda_kerjasama.report.files import neutralise, write_files
from mcda_kerjasama.report.result import priority_table, result_to_dict

RESULT_JSON = "hasil.json"
PRIORITY_CSV = "daftar_prioritas.csv"


def result_json(result: RunResult, lang: Language | None = None) -> str:
    """``hasil.json`` as text (UTF-8, two-space indent, stable key order)."""
    return json.dumps(result_to_dict(result, lang), ensure_ascii=False, indent=2, allow_nan=False)


def priority_csv(result: RunResult, lang: Language | None = None) -> str:
    """``daftar_prioritas.csv`` as text, in the output language's CSV convention.

    Example:
        >>> priority_csv(result, "id").splitlines()[0].split(";")[:3]
        ['Peringkat', 'Kode', 'Judul']
    """
    lang = lang or result.scenario.language
    table = priority_table(result, lang)
    text_columns = table.select_dtypes(include=["object", "string"]).columns
    for column in text_columns:
        table[column] = table[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    buffer = io.StringIO()
    table.to_csv(
        buffer,
        sep=";" if lang == "id" else ",",
        decimal="," if lang == "id" else ".",
        index=False,
        lineterminator="\n",
    )
    return buffer.getvalue()


def write_outputs(result: RunResult, folder: Path, lang: Language | None = None) -> list[Path]:
    """Write ``hasil.json`` and ``daftar_prioritas.csv`` into ``folder``.

    Example: see the module docstring.
    """
    outputs = {
        RESULT_JSON: (result_json(result, lang) + "\n").encode("utf-8"),
        PRIORITY_CSV: priority_csv(result, lang).encode("utf-8-sig"),
    }
    return write_files(folder, outputs)
