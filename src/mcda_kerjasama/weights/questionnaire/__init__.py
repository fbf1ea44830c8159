"""AHP questionnaire forms: one Excel form per TKKSD member, written and read back.

A form (:func:`form_bytes`) has three sheets, named in the form's language:

* ``petunjuk`` / ``instructions``: what AHP is, how to answer, Saaty's verbal scale,
  that a blank answer is allowed, the respondent and the scenario;
* ``kuesioner`` / ``questionnaire``: the respondent in cell B1, the scenario in B2, the
  header in row 3 (frozen) and one row per unordered pair of criteria from row 4, in
  criterion order. Columns: ``no``, ``kriteria A``, ``kriteria B`` (labels),
  ``mana yang lebih penting?`` (drop-down: the two labels or "sama penting"),
  ``seberapa lebih penting?`` (drop-down: "1 - sama penting" ... "9 - mutlak lebih
  penting") and two hidden columns with the criterion keys, so reading back does not
  depend on the labels;
* ``daftar`` / ``lists`` (hidden): the drop-down lists and, in columns F:G of the row
  each question was written in, the keys of the pair it asks: the record of what the
  template asked, against which :func:`read_form` checks the questionnaire sheet (a
  changed key cell, a deleted or repeated row is a problem naming the sheet, the row
  and the key the template wrote there).

:func:`read_form` turns a filled form into :class:`PairwiseComparisons` ("A" chosen at
level k: a/b = k; "B": a/b = 1/k; "sama penting": 1; both blank: missing), reporting
every problem at once by file, row and column. :func:`collect_forms` reads the forms of
a group and :func:`pairs_csv` writes them as a pairs file that
:func:`~mcda_kerjasama.weights.judgements.read_judgement_pairs` reads back exactly.

The package keeps the form's layout in :mod:`.layout`, writing in :mod:`.write`, and
reading in :mod:`.read` (the workbook) and :mod:`.rows` (its question rows and answers);
the group of forms is here.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ani.xlsx"
    >>> _ = (path).write_bytes(form_bytes([("a", "Biaya"), ("b", "Manfaat")], "Ani"))
    >>> form = read_form(path)
    >>> form.respondent, form.missing
    ('Ani', (('a', 'b'),))
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from mcda_kerjasama.errors import InputError, JudgementError, Problem
from mcda_kerjasama.weights.ahp import PairwiseComparisons
from mcda_kerjasama.weights.questionnaire.layout import level_choice, level_label
from mcda_kerjasama.weights.questionnaire.read import FilledForm, form_labels, read_form
from mcda_kerjasama.weights.questionnaire.write import form_bytes

__all__ = [
    "FilledForm",
    "check_output_not_input",
    "collect_forms",
    "form_bytes",
    "form_labels",
    "format_judgement",
    "level_choice",
    "level_label",
    "pairs_csv",
    "read_form",
]


def check_output_not_input(output: str | Path, forms: Iterable[str | Path]) -> None:
    """Refuse an output file that is one of the input forms.

    Two paths are the same file when they resolve to the same path (relative paths,
    ``..`` and symbolic links followed) or, for an existing output, when the operating
    system says so (hard links, a case-insensitive file system). Call it before reading
    the forms, so nothing is read or written in vain.

    Raises:
        InputError: naming the output and the form it would overwrite.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> form = form_bytes([("a", "Biaya"), ("b", "Manfaat")], "Ani")
        >>> _ = (folder / "ani.xlsx").write_bytes(form)
        >>> check_output_not_input(folder / "perbandingan.csv", [folder / "ani.xlsx"])
        >>> try:
        ...     check_output_not_input(folder / "ani.xlsx", [folder / "ani.xlsx"])
        ... except InputError as err:
        ...     print(err.problems[0].code)
        ahp_collect_output_is_input
    """
    output = Path(output)
    target = output.resolve()
    for form in map(Path, forms):
        same = form.resolve() == target
        if not same and output.exists() and form.exists():
            same = os.path.samefile(output, form)
        if same:
            raise InputError(
                [
                    Problem(
                        "ahp_collect_output_is_input",
                        value=str(output),
                        params={"form": str(form)},
                    )
                ]
            )


def collect_forms(
    paths: Iterable[str | Path], criteria: Sequence[str] | None = None
) -> dict[str, PairwiseComparisons]:
    """Read every respondent's form: respondent name -> judgements.

    All forms must ask about the same criteria (``criteria``, or else those of the
    first form read). A respondent name on two forms is an error naming both files.
    Every problem in every form is collected and raised once.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ("Ani", "Budi"):
        ...     form = form_bytes([("a", "Biaya"), ("b", "Manfaat")], name)
        ...     _ = (folder / f"{name}.xlsx").write_bytes(form)
        >>> sorted(collect_forms(sorted(folder.glob("*.xlsx"))))
        ['Ani', 'Budi']
    """
    names = tuple(criteria) if criteria is not None else None
    result: dict[str, PairwiseComparisons] = {}
    files: dict[str, str] = {}
    problems: list[Problem] = []
    for path in map(Path, paths):
        try:
            form = read_form(path, names)
        except JudgementError as err:
            problems.extend(err.problems)
            continue
        names = form.comparisons.criteria
        if form.respondent in files:
            problems.append(
                Problem(
                    "ahp_form_respondent_duplicate",
                    value=form.respondent,
                    params={"first": files[form.respondent], "second": path.name},
                )
            )
            continue
        files[form.respondent] = path.name
        result[form.respondent] = form.comparisons
    if problems:
        raise JudgementError(problems)
    if not result:
        raise JudgementError([Problem("ahp_group_empty")])
    return result


def pairs_csv(sets: Mapping[str, PairwiseComparisons]) -> str:
    """The judgements as a pairs file (``a,b,nilai,responden``), one row per judgement.

    Whole numbers are written as such, reciprocals of whole numbers as ``1/k`` and any
    other value as the shortest decimal that reads back as the same float, so
    :func:`~mcda_kerjasama.weights.judgements.read_judgement_pairs` returns exactly
    the same judgements.

    Example:
        >>> pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 1 / 3, ("a", "c"): 2.5})
        >>> print(pairs_csv({"Ani": pc}), end="")
        a,b,nilai,responden
        a,b,1/3,Ani
        a,c,2.5,Ani
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["a", "b", "nilai", "responden"])
    for respondent, comparisons in sets.items():
        for (a, b), value in comparisons.judgements.items():
            writer.writerow([a, b, format_judgement(value), respondent])
    return out.getvalue()


def format_judgement(value: float) -> str:
    """A judgement as text that reads back as exactly the same float.

    Example:
        >>> format_judgement(3.0), format_judgement(1 / 7), format_judgement(2 / 3)
        ('3', '1/7', '0.6666666666666666')
    """
    if float(value).is_integer():
        return str(int(value))
    whole = round(1 / value)
    if whole > 1 and 1 / whole == value:
        return f"1/{whole}"
    return repr(float(value))
