"""Writing a run's outputs: ``hasil.json``, ``daftar_prioritas.csv`` and ``.xlsx``,
``laporan.html`` and ``manifest.json``.

The set is whole or unchanged: the run is computed and every file built in memory first,
then the set is written into a staging folder and swapped in at once (see
:func:`mcda_kerjasama.report.files.write_set`); a run that fails, even on a full disk or
killed, leaves the previous set as it was. CSV follows the output language: Indonesian
output uses ``;`` and decimal commas (what Excel in Indonesia opens directly), English
uses ``,`` and decimal points. Text that a spreadsheet would run as a formula is
neutralised.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> len(write_outputs(result, Path(tempfile.mkdtemp())))
    5
"""

from __future__ import annotations

import contextlib
import importlib
import io
import threading
from collections.abc import Sequence
from pathlib import Path

from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import Language
from mcda_kerjasama.jsonable import to_json
from mcda_kerjasama.language import conventions
from mcda_kerjasama.report.facts import ReportFacts, report_facts
from mcda_kerjasama.report.files import neutralise, write_set
from mcda_kerjasama.report.result import priority_table, result_to_dict
from mcda_kerjasama.results import RunResult

RESULT_JSON = "hasil.json"
PRIORITY_CSV = "daftar_prioritas.csv"


def result_json(result: RunResult | ReportFacts, lang: Language | None = None) -> str:
    """``hasil.json`` as text (UTF-8, two-space indent, stable key order).

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> result_json(result).splitlines()[1]
        '  "schema_version": 1,'
    """
    return to_json(result_to_dict(result, lang))


def priority_csv(result: RunResult | ReportFacts, lang: Language | None = None) -> str:
    """``daftar_prioritas.csv`` as text, in the output language's CSV convention.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> priority_csv(result, "id").splitlines()[0].split(";")[:3]
        ['Peringkat', 'Kode', 'Judul']
    """
    facts = report_facts(result)
    lang = lang or facts.scenario.language
    table = priority_table(facts, lang)
    text_columns = table.select_dtypes(include=["object", "string"]).columns
    for column in text_columns:
        table[column] = table[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    buffer = io.StringIO()
    table.to_csv(
        buffer,
        sep=conventions(lang).csv_separator,
        decimal=conventions(lang).decimal,
        index=False,
        lineterminator="\n",
    )
    return buffer.getvalue()


#: The files ``write_outputs`` owns; an existing folder may hold only these (and
#: hidden files) unless ``force`` is given.
PRIORITY_XLSX = "daftar_prioritas.xlsx"
REPORT_HTML = "laporan.html"
OWN_FILES = frozenset({RESULT_JSON, PRIORITY_CSV, PRIORITY_XLSX, REPORT_HTML, "manifest.json"})


def write_outputs(
    result: RunResult,
    folder: str | Path,
    lang: Language | None = None,
    *,
    command: Sequence[str] = (),
    force: bool = False,
) -> list[Path]:
    """Write ``hasil.json``, ``daftar_prioritas.csv``, ``daftar_prioritas.xlsx``,
    ``laporan.html`` and ``manifest.json`` into ``folder`` as one set: every file is
    built, then written into a hidden staging folder, then the set replaces the previous
    one at once; on any failure (a full disk is an :class:`InputError` naming the file
    and the folder) the previous set is left as it was. Leftovers of a killed earlier
    run into ``folder`` are cleaned first. Files and a new folder follow the umask.

    An existing folder is reused only when it holds nothing but these files (or with
    ``force``; the other files then stay untouched), and an input file is never
    overwritten: both are :class:`InputError`.

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> out = f"{tempfile.mkdtemp()}/hasil"  # a str or a Path
        >>> [p.name for p in write_outputs(result, out)][-2:]
        ['laporan.html', 'manifest.json']
        >>> sorted(p.name for p in Path(out).parent.iterdir())  # nothing else left
        ['hasil']
    """
    from mcda_kerjasama.report.manifest import MANIFEST, build_manifest, input_files

    folder = Path(folder)
    _check_folder(folder, force, {p.resolve() for _, p in input_files(result.scenario)})
    from mcda_kerjasama.report.html import report_html
    from mcda_kerjasama.report.xlsx import workbook_bytes

    language = lang or result.scenario.language
    facts = report_facts(result)  # once: every file says the same
    outputs = {
        RESULT_JSON: (result_json(facts, language) + "\n").encode("utf-8"),
        PRIORITY_CSV: priority_csv(facts, language).encode("utf-8-sig"),
        PRIORITY_XLSX: workbook_bytes(facts, language),
        REPORT_HTML: report_html(facts, language).encode("utf-8"),
    }
    manifest = build_manifest(result, outputs, command)
    outputs[MANIFEST] = (to_json(manifest) + "\n").encode()
    return write_set(folder, outputs, OWN_FILES)  # the manifest, last, is moved in last


#: What :func:`write_outputs` imports on its first call, slowest first.
WRITER_MODULES = (
    "mcda_kerjasama.report.html",
    "matplotlib.figure",
    "matplotlib.backends.backend_svg",
    "mcda_kerjasama.report.xlsx",
    "mcda_kerjasama.report.manifest",
)


def load_writers() -> threading.Thread:
    """Import what :func:`write_outputs` needs (matplotlib's figure and SVG backend,
    openpyxl, the writers) in a background thread, and return the thread.

    ``kerjasama run`` calls it when the solve starts: HiGHS works on one core, so the
    imports (a quarter of a second, 9% of ``run`` on 1,000 proposals) take the other.
    Python's import lock makes a module that the main thread imports meanwhile wait for
    it, never load twice; a failed import is left for the main thread to meet and
    report.

    Example:
        >>> load_writers().join()
        >>> import sys
        >>> "mcda_kerjasama.report.html" in sys.modules
        True
    """

    def load() -> None:
        for name in WRITER_MODULES:
            with contextlib.suppress(Exception):
                importlib.import_module(name)

    thread = threading.Thread(target=load, name="load-writers", daemon=True)
    thread.start()
    return thread


def _check_folder(folder: Path, force: bool, inputs: set[Path]) -> None:
    problems = []
    for name in sorted(OWN_FILES):
        if (folder / name).resolve() in inputs:
            problems.append(Problem("output_is_input", value=str(folder / name)))
    if folder.is_dir() and not force:
        foreign = sorted(
            p.name
            for p in folder.iterdir()
            if p.name not in OWN_FILES and not p.name.startswith(".")
        )
        if foreign:
            shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
            problems.append(
                Problem("output_folder_foreign", value=str(folder), params={"files": shown})
            )
    elif folder.exists() and not folder.is_dir():
        problems.append(Problem("output_not_folder", value=str(folder)))
    if problems:
        raise InputError(problems)
