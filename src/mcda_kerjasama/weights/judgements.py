"""Reading pairwise judgements: matrix files, pairs files and inline scenario data.

Formats:

* **Matrix** (``.csv`` or ``.xlsx``, first sheet): criterion labels in the first row and
  the first column, in the same order; cell (i, j) = how many times row i is as
  important as column j. Blank cells are missing judgements; one of a reciprocal pair
  may be left blank. Values must be on Saaty's scale (1..9, 1/2..1/9): a matrix is one
  person's questionnaire.
* **Pairs** (``.csv`` with ``,`` or ``;``, or ``.xlsx``): header ``a, b, nilai`` and an
  optional ``responden`` (English aliases ``value``, ``respondent``), one judgement per
  row: ``nilai`` = how many times ``a`` is as important as ``b``. Any value within
  [1/9, 9] is accepted (e.g. 2.5 or an aggregated 2.884), since pairs files also carry
  aggregated or intermediate judgements.
* **Inline** (a scenario's ``[weights]`` table): either a list of ``[a, b, value]`` or a
  table ``{"a/b" = value}``; the same rule as pairs files.

CSV files may be UTF-8 with or without a BOM. Values may be numbers, fractions such as
``1/3`` or decimals with a comma (``2,5``). Every problem is reported at once, located
by file, row (header = row 1) and column, or by scenario key.

Example:
    >>> comparisons_from_inline({"a/b": 3, "b/c": "1/2"}, ["a", "b", "c"]).judgements
    {('a', 'b'): 3.0, ('b', 'c'): 0.5}
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.weights.ahp import (
    PairwiseComparisons,
    comparisons_from_matrix,
    comparisons_from_pairs,
)

#: Respondent name used when a pairs file has no ``responden`` column.
SINGLE_RESPONDENT = ""

PAIR_HEADERS = {
    "a": "a",
    "b": "b",
    "nilai": "nilai",
    "value": "nilai",
    "responden": "responden",
    "respondent": "responden",
}

_FRACTION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*/\s*(\d+(?:[.,]\d+)?)\s*$")
_DECIMAL_COMMA = re.compile(r"^\s*\d+,\d+\s*$")


def parse_judgement(raw: object) -> object:
    """A cell's judgement as a float, ``None`` if blank; unreadable text is returned
    unchanged so that validation reports it.

    Example:
        >>> parse_judgement("1/3") == 1 / 3, parse_judgement("2,5"), parse_judgement(" ")
        (True, 2.5, None)
        >>> parse_judgement("tiga")
        'tiga'
    """
    if raw is None:
        return None
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if not text:
        return None
    match = _FRACTION.match(text)
    if match:
        num, den = (float(g.replace(",", ".")) for g in match.groups())
        return num / den if den else raw
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return raw


def read_judgement_matrix(
    path: str | Path, criteria: Sequence[str] | None = None
) -> PairwiseComparisons:
    """Read a labelled comparison matrix from ``.csv`` or ``.xlsx``.

    Example:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "m.csv")
        >>> _ = open(p, "w", encoding="utf-8").write(";a;b\\na;1;3\\nb;1/3;1\\n")
        >>> read_judgement_matrix(p).judgements
        {('a', 'b'): 3.0}
    """
    path = Path(path)
    rows = _read_rows(path)
    if len(rows) < 2:
        raise JudgementError([Problem("file_empty", value=str(path))])
    header = [_label(c) for c in rows[0][1:]]
    labels = [_label(r[0] if r else None) for r in rows[1:]]
    width = len(header)
    body = [[parse_judgement(c) for c in (list(r[1:]) + [None] * width)[:width]] for r in rows[1:]]
    frame = pd.DataFrame(body, index=labels, columns=header, dtype=object)
    return comparisons_from_matrix(frame, criteria, "saaty", path.name)


def read_judgement_pairs(
    path: str | Path, criteria: Sequence[str] | None = None
) -> dict[str, PairwiseComparisons]:
    """Read a pairs file; one :class:`PairwiseComparisons` per respondent.

    Without a ``responden`` column the single set is under :data:`SINGLE_RESPONDENT`.
    ``criteria`` (recommended) fixes the criterion set; otherwise the names found are
    used, in order of appearance.

    Example:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "p.csv")
        >>> _ = open(p, "w", encoding="utf-8-sig").write("a,b,nilai\\nx,y,2.5\\n")
        >>> read_judgement_pairs(p)[""].judgements
        {('x', 'y'): 2.5}
    """
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise JudgementError([Problem("file_empty", value=str(path))])
    found = [_label(c) for c in rows[0]]
    columns = {PAIR_HEADERS[h.lower()]: k for k, h in enumerate(found) if h.lower() in PAIR_HEADERS}
    if not {"a", "b", "nilai"} <= columns.keys():
        raise JudgementError(
            [
                Problem(
                    "ahp_pairs_columns", source=path.name, row=1, params={"found": ", ".join(found)}
                )
            ]
        )
    headers = (found[columns["a"]], found[columns["b"]], found[columns["nilai"]])
    by_respondent: dict[str, list[tuple[int, tuple[str, str, object]]]] = {}
    problems: list[Problem] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * len(found)
        if all(parse_judgement(c) is None for c in cells):
            continue
        name = SINGLE_RESPONDENT
        if "responden" in columns:
            name = _label(cells[columns["responden"]])
            if not name:
                problems.append(
                    Problem(
                        "required_empty",
                        source=path.name,
                        row=number,
                        column=found[columns["responden"]],
                    )
                )
                continue
        triple = (
            _label(cells[columns["a"]]),
            _label(cells[columns["b"]]),
            parse_judgement(cells[columns["nilai"]]),
        )
        by_respondent.setdefault(name, []).append((number, triple))
    result: dict[str, PairwiseComparisons] = {}
    for name, entries in by_respondent.items():
        try:
            result[name] = comparisons_from_pairs(
                [t for _, t in entries],
                criteria,
                "continuous",
                path.name,
                [{"row": number} for number, _ in entries],
                headers,
            )
        except JudgementError as err:
            problems.extend(err.problems)
    if problems:
        raise JudgementError(problems)
    if not result:
        raise JudgementError([Problem("file_empty", value=str(path))])
    return result


def comparisons_from_inline(
    data: Sequence[Sequence[Any]] | Mapping[str, Any],
    criteria: Sequence[str] | None = None,
    *,
    key: str = "weights.judgements",
) -> PairwiseComparisons:
    """Judgements written in a scenario: ``[[a, b, value], ...]`` or ``{"a/b": value}``.

    Problems are located by scenario ``key`` (``weights.judgements[2]`` for the third
    list entry, ``weights.judgements."a/b"`` for a table entry).

    Example:
        >>> comparisons_from_inline([["a", "b", 3], ["a", "c", "1/3"]]).judgements[("a", "c")]
        0.3333333333333333
    """
    items: list[tuple[str, str, object]] = []
    locations: list[dict[str, Any]] = []
    problems: list[Problem] = []
    if isinstance(data, Mapping):
        for pair, value in data.items():
            where = f'{key}."{pair}"'
            names = str(pair).split("/")
            if len(names) != 2:
                problems.append(Problem("ahp_inline_invalid", key=where, value=pair))
                continue
            items.append((names[0].strip(), names[1].strip(), parse_judgement(value)))
            locations.append({"key": where})
    else:
        for k, entry in enumerate(data):
            where = f"{key}[{k}]"
            if isinstance(entry, str | bytes) or not isinstance(entry, Sequence) or len(entry) != 3:
                problems.append(Problem("ahp_inline_invalid", key=where, value=entry))
                continue
            a, b, value = entry
            items.append((str(a).strip(), str(b).strip(), parse_judgement(value)))
            locations.append({"key": where})
    try:
        comparisons = comparisons_from_pairs(items, criteria, "continuous", None, locations)
    except JudgementError as err:
        problems.extend(err.problems)
    if problems:
        raise JudgementError(problems)
    return comparisons


# --- files -----------------------------------------------------------------------------


def _label(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _read_rows(path: Path) -> list[list[object]]:
    """All rows of a CSV (``,`` or ``;``, optional BOM) or of an xlsx's first sheet."""
    if not path.exists():
        raise JudgementError([Problem("file_not_found", value=str(path))])
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            first = text.splitlines()[0] if text.strip() else ""
            delimiter = ";" if first.count(";") > first.count(",") else ","
            return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
        if suffix in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                return [list(r) for r in sheet.iter_rows(values_only=True)]
            finally:
                book.close()
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise JudgementError(
            [Problem("file_unreadable", value=str(path), params={"reason": type(exc).__name__})]
        ) from exc
    raise JudgementError([Problem("file_type_unknown", value=str(path))])
