"""Proposal intake through the core's reader: a form and an upload are turned into the
rows of a proposals table and validated by :func:`mcda_kerjasama.proposals.validate_proposals`,
the same rules and messages as ``kerjasama validate`` (one set of rules).

A row is validated together with the mapping's other proposals (placed after it, their
problems dropped), so that a duplicate code, an unknown prerequisite or a cycle is found
exactly as in a file holding every proposal. Cells are stored as read (text as typed, a
workbook's numbers as numbers) and written back the same way into a run's
``usulan.xlsx``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import Language
from mcda_kerjasama.proposals import (
    COLUMNS,
    RawTable,
    normalise_header,
    read_raw,
    validate_proposals,
)
from mcda_kerjasama.scenario import Scenario, build_scenario
from mcda_kerjasama.web.tkksd.models import Mapping as MappingModel
from mcda_kerjasama.web.tkksd.models import Proposal

_OTHERS_FROM = 1_000_000  # row numbers of the mapping's other proposals (never shown)
UPLOAD_SUFFIXES = (".xlsx", ".csv")


def intake_scenario(mapping: MappingModel) -> Scenario:
    """The scenario proposals are validated against: the mapping's criteria and years."""
    return _intake_scenario(
        mapping.name, json.dumps(mapping.criteria, sort_keys=True), tuple(mapping.years)
    )


@functools.lru_cache(maxsize=64)
def _intake_scenario(name: str, criteria_json: str, years: tuple[int, ...]) -> Scenario:
    criteria = json.loads(criteria_json)
    data: dict[str, Any] = {
        "schema_version": 1,
        "scenario": {"name": name, "years": list(years)},
        "data": {"proposals": "usulan.xlsx"},
        "constraints": {"budget": 0},
    }
    if criteria:
        data["criteria"] = criteria
        top = [k for k, c in criteria.items() if not c.get("parent")]
        data["weights"] = {"method": "equal"}
        groups = {c["parent"] for c in criteria.values() if c.get("parent")}
        data["weights"]["children"] = {g: {"method": "equal"} for g in groups if g in top}
    return build_scenario(data)


def headers(mapping: MappingModel) -> list[str]:
    """The canonical headers of the mapping's proposals file, criteria columns last."""
    scenario = intake_scenario(mapping)
    return [c.header for c in COLUMNS] + [c.column for c in scenario.criteria]


def criterion_columns(mapping: MappingModel) -> list[tuple[str, str, tuple[float, float]]]:
    """(column, label, scale) of every criterion the proposals score."""
    scenario = intake_scenario(mapping)
    return [(c.column, c.label, c.scale) for c in scenario.criteria]


@dataclass(frozen=True)
class Checked:
    """What the reader found in some rows: every problem (errors and warnings), located
    at the rows as numbered for the user; ``bad_rows`` are the rows with an error, and
    ``file_errors`` the errors that concern no single row (a missing column)."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.errors if p.row is not None and p.row > 1}

    @property
    def file_errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.errors if p.row is None or p.row <= 1)


def check_rows(
    mapping: MappingModel,
    rows: Mapping[int, Sequence[Any]],
    written: Sequence[str],
    replacing: Iterable[str] = (),
    raw_problems: Sequence[Problem] = (),
    source: str = "usulan.xlsx",
) -> Checked:
    """Validate ``rows`` (row number -> cells under the headers ``written``) with the
    mapping's other proposals, except those whose codes are in ``replacing``."""
    frame = pd.DataFrame.from_dict(
        {n: list(cells) for n, cells in rows.items()}, orient="index", dtype=object
    )
    frame = frame.reindex(columns=range(len(written)))
    by_field = {normalise_header(h): i for i, h in enumerate(written)}
    others = _other_rows(mapping, set(replacing), by_field, len(written))
    if others:  # first, so that a code already used is reported on the new row
        frame = pd.concat([pd.DataFrame.from_dict(others, orient="index", dtype=object), frame])
    frame = frame.astype(object).where(frame.notna(), None)
    raw = RawTable(headers=tuple(written), frame=frame, warnings=tuple(raw_problems))
    try:
        table = validate_proposals(raw, intake_scenario(mapping), Path(source))
        found: Sequence[Problem] = table.warnings
    except InputError as error:
        found = error.problems
    kept = [p for p in found if p.row is None or p.row < _OTHERS_FROM]
    return Checked(tuple(_relocate(p) for p in kept))


@dataclass(frozen=True)
class TakenCode(Problem):
    """The reader's ``duplicate_id`` when the first use is another proposal of the
    mapping (not a row of the user's file): said without that row's number."""

    def render(self, lang: Language = "id") -> str:
        from django.utils import translation
        from django.utils.translation import gettext

        with translation.override(lang):
            message = gettext(
                'code "%(code)s" is already used by another proposal of this mapping; '
                "every proposal needs a unique code"
            ) % {"code": self.value}
        where = replace(self, code="duplicate_id", params={"first_row": 0})
        location = Problem.render(where, lang).split(": ", 1)[0]
        return f"{location}: {message}" if self.row is not None else message


def _relocate(problem: Problem) -> Problem:
    if problem.code == "duplicate_id" and problem.params.get("first_row", 0) >= _OTHERS_FROM:
        return TakenCode(**{f: getattr(problem, f) for f in problem.__dataclass_fields__})
    return problem


def _other_rows(
    mapping: MappingModel, replacing: set[str], by_field: Mapping[str, int], width: int
) -> dict[int, list[Any]]:
    aliases = {c.header: c.alias for c in COLUMNS}
    rows: dict[int, list[Any]] = {}
    for i, proposal in enumerate(
        Proposal.objects.filter(mapping=mapping).exclude(code__in=replacing).order_by("code")
    ):
        cells: list[Any] = [None] * width
        for header, value in proposal.values.items():
            position = by_field.get(header, by_field.get(aliases.get(header, "")))
            if position is not None:
                cells[position] = value
        rows[_OTHERS_FROM + i] = cells
    return rows


def check_form(
    mapping: MappingModel, values: Mapping[str, Any], replacing: str | None = None
) -> Checked:
    """Validate one proposal entered in the form (canonical header -> text)."""
    written = headers(mapping)
    cells = [values.get(h, "") for h in written]
    return check_rows(mapping, {2: cells}, written, [replacing] if replacing else [])


def body(problem: Problem, lang: str) -> str:
    """The problem's message without its location (shown beside its field)."""
    language: Language = "en" if lang == "en" else "id"
    return replace(problem, row=None, column=None, source=None).render(language)


def field_of(problem: Problem, written: Sequence[str]) -> str | None:
    """The canonical header of the column a problem names, or None."""
    if problem.column is None:
        return None
    wanted = normalise_header(problem.column)
    aliases = {c.alias: c.header for c in COLUMNS}
    for header in written:
        if normalise_header(header) == wanted:
            return aliases.get(wanted, header) if wanted in aliases else header
    return aliases.get(wanted)


@dataclass(frozen=True)
class ReadUpload:
    """An uploaded file read: its rows as canonical cells, and what the reader found."""

    file_name: str
    sha256: str
    rows: dict[int, dict[str, Any]]  # row number -> canonical header -> cell
    checked: Checked
    total: int


def read_upload(mapping: MappingModel, name: str, content: bytes) -> ReadUpload:
    """Read an uploaded proposals file with the core's reader (its size, type and
    content limits) and check every row; raises :class:`InputError` for a file that
    cannot be read at all (too large, of another type, damaged)."""
    suffix = Path(name).suffix.lower()
    digest = hashlib.sha256(content).hexdigest()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError([Problem("file_type_unknown", value=Path(name).name)])
    with tempfile.TemporaryDirectory(prefix="kerjasama-upload-") as folder:
        # the user's own file name, so that messages name the file they know
        safe = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(". ") or "usulan"
        path = Path(folder) / (safe if safe.lower().endswith(suffix) else f"usulan{suffix}")
        path.write_bytes(content)
        raw = read_raw(path)
    canonical = _canonical_headers(raw.headers)
    rows: dict[int, dict[str, Any]] = {}
    cells: dict[int, list[Any]] = {}
    for number, series in raw.frame.iterrows():
        values = [None if _missing(v) else v for v in series.tolist()]
        cells[int(number)] = values
        rows[int(number)] = {
            header: v
            for header, v in zip(canonical, values, strict=False)
            if header and v is not None
        }
    codes = {str(r.get("kode", "")).strip() for r in rows.values()} - {""}
    problems = tuple(raw.warnings) + tuple(raw.errors)
    checked = check_rows(
        mapping, cells, raw.headers, replacing=codes, raw_problems=(), source=Path(name).name
    )
    if problems:
        checked = Checked(tuple(problems) + checked.problems)
    return ReadUpload(Path(name).name, digest, rows, checked, len(rows))


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _canonical_headers(written: Sequence[str]) -> list[str | None]:
    known = {}
    for spec in COLUMNS:
        known[spec.header] = spec.header
        known[spec.alias] = spec.header
    out: list[str | None] = []
    for header in written:
        norm = normalise_header(header)
        out.append(known.get(norm, norm or None))
    return out


def workbook(written: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A proposals workbook (sheet ``usulan``) holding ``rows`` exactly as stored: text
    stays text (never a formula), numbers stay numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "usulan"
    sheet.append(list(written))
    for r, row in enumerate(rows, start=2):
        for c, header in enumerate(written, start=1):
            value = row.get(header)
            if value is None or value == "":
                continue
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
