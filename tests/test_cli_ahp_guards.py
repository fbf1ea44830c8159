"""`kerjasama ahp collect` through the installed executable, on forms a respondent
damaged: the exit code, the located message on stderr, and the forms byte-identical
afterwards with no pairs file written."""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from mcda_kerjasama.report.templates import write_form
from mcda_kerjasama.scenario import DEFAULT_CRITERIA
from mcda_kerjasama.weights.questionnaire import level_choice

KERJASAMA = Path(sys.executable).with_name("kerjasama")
CRITERIA = [(c.key, c.label) for c in DEFAULT_CRITERIA]
LABEL = dict(CRITERIA)
LEVELS = [3, 5, 1, 7, 2, -3, 3, 5, 1, -2]  # per pair: A at k, B at -k, 1 "sama penting"


def filled_form(folder: Path, respondent: str, edit: Callable[[Any], None] | None = None) -> Path:
    """A complete, consistent-enough form; ``edit(sheet)`` then damages it."""
    path = folder / f"{respondent.lower()}.xlsx"
    write_form(path, CRITERIA, respondent, scenario_name="Uji")
    book = load_workbook(path)
    sheet = book["kuesioner"]
    pairs = itertools.combinations([key for key, _ in CRITERIA], 2)
    for row, ((a, b), level) in enumerate(zip(pairs, LEVELS, strict=True), start=4):
        if level == 1:
            sheet.cell(row, 4).value = "sama penting"
        else:
            sheet.cell(row, 4).value = LABEL[a] if level > 0 else LABEL[b]
            sheet.cell(row, 5).value = level_choice(abs(level))
    if edit is not None:
        edit(sheet)
    book.save(path)
    return path


def collect(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert KERJASAMA.exists(), f"the kerjasama executable is not installed at {KERJASAMA}"
    return subprocess.run(
        [str(KERJASAMA), "ahp", "collect", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


def digests(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` -> its sha256 (a symbolic link: its target; a folder: "folder")."""
    return {
        p.name: (
            f"-> {os.readlink(p)}"
            if p.is_symlink()
            else "folder"
            if p.is_dir()
            else hashlib.sha256(p.read_bytes()).hexdigest()
        )
        for p in sorted(folder.iterdir())
    }


def assert_refused(
    out: subprocess.CompletedProcess[str], before: dict[str, str], folder: Path, *words: str
) -> None:
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    for word in words:
        assert word in out.stderr, (word, out.stderr)
    assert digests(folder) == before  # nothing written, nothing changed, no temporary file


# --- the output is one of the forms ------------------------------------------------------


def test_collect_works_on_good_forms(tmp_path: Path) -> None:
    filled_form(tmp_path, "Ani")
    out = collect(tmp_path, "ani.xlsx", "-o", "perbandingan.csv")
    assert out.returncode == 0, out.stderr
    assert (
        (tmp_path / "perbandingan.csv")
        .read_text(encoding="utf-8")
        .startswith("a,b,nilai,responden\n")
    )


@pytest.mark.parametrize(
    "output",
    ["ani.xlsx", "./sub/../ani.xlsx", "{tmp}/ani.xlsx", "link.xlsx", "budi.xlsx"],
    ids=["same", "dotted", "absolute", "symlink-to-form", "second-form"],
)
def test_collect_never_writes_over_a_form(tmp_path: Path, output: str) -> None:
    filled_form(tmp_path, "Ani")
    filled_form(tmp_path, "Budi")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.xlsx").symlink_to("ani.xlsx")
    before = digests(tmp_path)
    target = output.format(tmp=tmp_path)
    out = collect(tmp_path, "ani.xlsx", "budi.xlsx", "-o", target)
    shown = str(Path(target))
    assert_refused(out, before, tmp_path, shown, "formulir masukan", "-o perbandingan.csv")


def test_collect_never_writes_over_a_form_read_through_a_symlink(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    filled_form(forms, "Ani")
    (tmp_path / "jawaban-ani.xlsx").symlink_to(forms / "ani.xlsx")
    before = digests(forms)
    out = collect(tmp_path, "jawaban-ani.xlsx", "-o", "forms/ani.xlsx", "--lang", "en")
    assert_refused(out, before, forms, "forms/ani.xlsx", "is the input form jawaban-ani.xlsx")


# --- damaged forms -------------------------------------------------------------------------


def _set(**cells: object) -> Callable[[Any], None]:
    def edit(sheet: Any) -> None:
        for coordinate, value in cells.items():
            sheet[coordinate] = value

    return edit


DAMAGED = [  # how Ani's form is damaged, and what stderr must say about it
    pytest.param(
        _set(F5="mutual_benefitt"),
        [
            "ani.xlsx, baris 5, kolom `kunci A`: di lembar `kuesioner` sel kunci ini berisi "
            '"mutual_benefitt", padahal templat menulis `mutual_benefit` di sini',
        ],
        id="key-edited",
    ),
    pytest.param(
        lambda sheet: sheet.delete_rows(6),
        [
            "ani.xlsx, baris 6: di lembar `kuesioner` pertanyaan no 3 (`mutual_benefit` : "
            "`sustainability`), yang ditulis templat di baris ini, tidak ada lagi",
        ],
        id="row-deleted",
    ),
    pytest.param(
        _set(D4="sama penting", E4="5 - lebih penting"),
        [
            "ani.xlsx, baris 4, kolom `seberapa lebih penting?`",
            "bertentangan",
            '"1 - sama penting"',
        ],
        id="equal-with-level-5",
    ),
    pytest.param(
        _set(D4="=B4", E4="=3"),
        [
            'ani.xlsx, baris 4, kolom `mana yang lebih penting?`: sel ini berisi rumus "=B4"',
            'ani.xlsx, baris 4, kolom `seberapa lebih penting?`: sel ini berisi rumus "=3"',
        ],
        id="formulas",
    ),
    pytest.param(
        _set(E4="+5"),
        ['ani.xlsx, baris 4, kolom `seberapa lebih penting?`: "+5" diawali "+"'],
        id="formula-like-text",
    ),
]


@pytest.mark.parametrize(("edit", "words"), DAMAGED)
def test_collect_refuses_a_damaged_form(
    tmp_path: Path, edit: Callable[[Any], None], words: Sequence[str]
) -> None:
    filled_form(tmp_path, "Ani", edit)
    filled_form(tmp_path, "Budi")
    (tmp_path / "perbandingan.csv").write_text("lama\n", encoding="utf-8")
    before = digests(tmp_path)
    out = collect(tmp_path, "ani.xlsx", "budi.xlsx", "-o", "perbandingan.csv")
    assert_refused(out, before, tmp_path, *words)
