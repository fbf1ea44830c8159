"""The coordination workbook (``koordinasi.xlsx``), sheets named in the output language:
a summary, the members (value alone and coordinated, the gain, what was chosen), the
joint cooperations with every party's share, staff and score and the reason of each
decision, every member's changes against its plan alone, one sheet per member (up to
:data:`MEMBER_SHEETS` members; one sheet for all beyond) and an audit sheet. Every sheet
has a frozen, filtered header, fitted widths and A4 landscape print settings.

Example:
    >>> from io import BytesIO
    >>> from openpyxl import load_workbook
    >>> from mcda_kerjasama.coordination import coordinate
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> done = coordinate(c)
    >>> book = load_workbook(BytesIO(coordination_workbook(done, {}, "id")))
    >>> book.sheetnames[:4]
    ['Ringkasan', 'Anggota', 'Kerja Sama Bersama', 'Perubahan']
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from mcda_kerjasama import __version__
from mcda_kerjasama.coordination.result import joint_status, member_selected
from mcda_kerjasama.coordination.solve import Coordinated
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.pipeline import RunResult
from mcda_kerjasama.report.files import neutralise

RUPIAH = '"Rp "#,##0'
POINTS = "0.00"
RATIO = "0.0000"
PERCENT = "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
CHOSEN_FILL = PatternFill("solid", fgColor="FFE2EFDA")
DROPPED_FILL = PatternFill("solid", fgColor="FFFCE4D6")
BOLD = Font(bold=True)
MAX_WIDTH = 50
#: Up to this many members, each has its own sheet; beyond, one sheet holds them all.
MEMBER_SHEETS = 40


def _t(lang: Language, key: str, **params: Any) -> str:
    return text(key, lang, **params)


def _value(value: object) -> object:
    if isinstance(value, str):
        return neutralise(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _row(
    sheet: Any,
    values: Sequence[object],
    formats: Sequence[str | None] = (),
    *,
    fill: PatternFill | None = None,
    font: Font | None = None,
) -> None:
    sheet.append([_value(v) for v in values])
    for column, fmt in enumerate([*formats, *[None] * (len(values) - len(formats))], start=1):
        cell = sheet.cell(sheet.max_row, column)
        if fmt and isinstance(cell.value, int | float):
            cell.number_format = fmt
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font


def _finish(sheet: Any, title: str, lang: Language) -> None:
    widths: dict[int, float] = {}
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=0)
        width = min(max(longest + 2, 8), MAX_WIDTH)
        widths[column[0].column] = width
        sheet.column_dimensions[column[0].column_letter].width = width
        if longest + 2 > MAX_WIDTH:
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row):
        lines = max(
            (math.ceil(len(str(c.value)) / max(widths[c.column] - 2, 1)) for c in row if c.value),
            default=1,
        )
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = 15 * lines
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(sheet.max_column, 1))
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.left.text = "&A"
    sheet.oddHeader.center.text = title.replace("&", "&&")[:200]
    sheet.oddFooter.left.text = f"mcda_kerjasama {__version__}"
    sheet.oddFooter.center.text = text("xlsx_page", lang)


def _status_text(done: Coordinated, lang: Language) -> str:
    status = str(done.status)
    gap = f"{100 * done.gap:.4f}".replace(".", "," if lang == "id" else ".")
    return _t(lang, f"status_{status}", gap=gap)


def _summary(sheet: Any, done: Coordinated, lang: Language) -> None:
    c = done.coordination
    spec, options, solver = c.spec, c.spec.options, done.solver
    statuses = [joint_status(done, j.id) for j in c.joint]
    notes = done.explanations
    yes = _t(lang, "label_yes")
    no = _t(lang, "label_no")
    rows: list[tuple[str, object, str | None]] = [
        (_t(lang, "koord_label_coordination"), spec.name, None),
        (_t(lang, "xlsx_region"), spec.region, None),
        (_t(lang, "xlsx_years"), ", ".join(map(str, c.years)), None),
        (_t(lang, "koord_label_members"), len(c.members), None),
        (_t(lang, "xlsx_n_proposals"), sum(len(m.data) for m in c.members), None),
        (_t(lang, "koord_label_joint_total"), len(c.joint), None),
        *[
            ("    " + _t(lang, f"koord_status_{status}"), statuses.count(status), None)
            for status in ("chosen", "mandatory", "excluded", "not_chosen")
        ],
    ]
    if notes is not None and options.uncoordinated:
        rows.append((_t(lang, "koord_label_broken"), len(notes.broken_alone), None))
    rows += [
        (_t(lang, "label_status"), _status_text(done, lang), None),
        (_t(lang, "koord_label_objective"), done.objective, RATIO),
        (_t(lang, "xlsx_solver_bound"), done.bound, RATIO),
        (_t(lang, "koord_label_normalise"), _t(lang, f"koord_normalise_{options.normalise}"), None),
        (_t(lang, "koord_label_guarantee"), yes if options.guarantee else no, None),
        (_t(lang, "koord_label_mandatory"), yes if options.mandatory else no, None),
        (_t(lang, "koord_label_method"), options.method, None),
        (_t(lang, "xlsx_solver"), f"{solver.backend} {solver.version}", None),
        (_t(lang, "koord_label_solve_seconds"), round(solver.solve_seconds, 2), POINTS),
        (_t(lang, "xlsx_solver_seconds"), round(solver.seconds, 2), POINTS),
        (
            _t(lang, "koord_label_effort"),
            f"{solver.iterations} / {solver.nodes} / {solver.member_solves}",
            None,
        ),
        (_t(lang, "xlsx_generated_by"), f"mcda_kerjasama {__version__}", None),
    ]
    if spec.synthetic:
        rows.append((_t(lang, "xlsx_data_note"), _t(lang, "xlsx_synthetic", note=spec.note), None))
    _row(sheet, [_t(lang, "xlsx_item"), _t(lang, "xlsx_value")], fill=HEADER_FILL, font=BOLD)
    for label, value, fmt in rows:
        _row(sheet, [label, value], [None, fmt])


def _members(sheet: Any, done: Coordinated, lang: Language) -> None:
    keys = (
        "koord_label_member", "xlsx_n_proposals", "xlsx_n_selected",
        "koord_label_joint_chosen", "koord_label_value_alone", "koord_label_value",
        "koord_label_gain", "koord_label_gain_share", "koord_label_normalised",
        "koord_label_joint_alone", "koord_label_changes",
    )  # fmt: skip
    _row(sheet, [_t(lang, k) for k in keys], fill=HEADER_FILL, font=BOLD)
    notes = done.explanations
    for outcome in done.members:
        selected, _ = member_selected(done, outcome)
        mine = {j.id for j in done.coordination.joints_of(outcome.name)}
        gain = outcome.value - outcome.standalone_value
        note = notes.members.get(outcome.name) if notes else None
        _row(
            sheet,
            [
                outcome.name,
                len(outcome.member.data),
                len(selected),
                len([s for s in selected if s in mine]),
                outcome.standalone_value,
                outcome.value,
                gain,
                gain / outcome.standalone_value if outcome.standalone_value else None,
                outcome.value / outcome.unit,
                ", ".join(note.alone_joint) if note else "",
                len(note.changes) if note else 0,
            ],
            [None, None, None, None, POINTS, POINTS, POINTS, PERCENT, RATIO],
        )


def _joint(sheet: Any, done: Coordinated, lang: Language) -> None:
    c = done.coordination
    keys = (
        "label_id", "label_title", "koord_label_urusan", "koord_label_nature", "xlsx_duration",
        "label_status", "koord_label_start", "koord_label_member", "koord_label_own_id",
        "koord_label_share", "label_staff", "label_score", "koord_label_alone_by",
        "koord_label_price", "label_reason",
    )  # fmt: skip
    _row(sheet, [_t(lang, k) for k in keys], fill=HEADER_FILL, font=BOLD)
    notes = done.explanations
    yes, no = _t(lang, "label_yes"), _t(lang, "label_no")
    for joint in c.joint:
        status = joint_status(done, joint.id)
        note = notes.joint.get(joint.id) if notes else None
        fill = CHOSEN_FILL if status in ("chosen", "mandatory") else None
        for party in joint.parties:
            alone = "" if note is None else (yes if party in note.alone else no)
            _row(
                sheet,
                [
                    joint.id,
                    joint.title,
                    joint.urusan,
                    joint.nature,
                    joint.duration,
                    _t(lang, f"koord_status_{status}"),
                    done.starts.get(joint.id),
                    party,
                    joint.proposals[party],
                    joint.cost[party],
                    joint.staff[party],
                    joint.score[party],
                    alone,
                    None if note is None or note.price is None else -note.price,
                    note.reason.render(lang) if note else "",
                ],
                [None] * 9 + [RUPIAH, POINTS, POINTS, None, RATIO],
                fill=fill,
            )


def _changes(sheet: Any, done: Coordinated, lang: Language) -> None:
    keys = (
        "koord_label_member",
        "label_id",
        "label_title",
        "koord_label_change",
        "koord_label_joint",
        "label_reason",
    )
    _row(sheet, [_t(lang, k) for k in keys], fill=HEADER_FILL, font=BOLD)
    notes = done.explanations
    if notes is None:
        return
    for outcome in done.members:
        titles = outcome.member.data["title"]
        for change in notes.members[outcome.name].changes:
            _row(
                sheet,
                [
                    outcome.name,
                    change.id,
                    str(titles.get(change.id, "")),
                    _t(lang, f"koord_change_{change.kind}_label"),
                    change.joint or "",
                    change.reason.render(lang),
                ],
                fill=CHOSEN_FILL
                if change.kind in ("joint_in", "entered")
                else DROPPED_FILL
                if change.kind == "left"
                else None,
            )


def _member_rows(
    done: Coordinated, runs: Mapping[str, RunResult], name: str, lang: Language
) -> list[list[object]]:
    """A member's proposals chosen alone or coordinated, and its joint cooperations."""
    outcome = done.outcome(name)
    data = outcome.member.data
    joint_of = {j.proposals[name]: j.id for j in done.coordination.joints_of(name)}
    alone, final = outcome.alone.schedule, outcome.selection.schedule
    reasons = runs[name].priority.reasons if name in runs else {}
    rows = []
    for pid in data.index:
        pid = str(pid)
        if pid not in alone and pid not in final and pid not in joint_of:
            continue
        rows.append(
            [
                name,
                pid,
                joint_of.get(pid, ""),
                str(data.at[pid, "title"]),
                float(data.at[pid, "cost"]),
                float(outcome.member.prepared.scores.total[pid]),
                alone.get(pid),
                final.get(pid),
                reasons[pid].render(lang) if pid in reasons else "",
            ]
        )
    return rows


def _member_sheet(sheet: Any, rows: list[list[object]], lang: Language, with_member: bool) -> None:
    keys = ["koord_label_member"] if with_member else []
    keys += [
        "label_id",
        "koord_label_joint",
        "label_title",
        "label_cost",
        "label_score",
        "koord_label_year_alone",
        "koord_label_year_final",
        "label_reason",
    ]
    _row(sheet, [_t(lang, k) for k in keys], fill=HEADER_FILL, font=BOLD)
    for row in rows:
        values = row if with_member else row[1:]
        offset = 1 if with_member else 0
        formats: list[str | None] = [None] * (3 + offset) + [RUPIAH, POINTS]
        chosen = row[7] is not None
        fill = CHOSEN_FILL if chosen else DROPPED_FILL if row[6] is not None else None
        _row(sheet, values, formats, fill=fill)


def _sheet_name(name: str, used: set[str]) -> str:
    short = name.replace("Kabupaten ", "Kab. ").replace("Provinsi ", "Prov. ")
    for bad in "[]:*?/\\":
        short = short.replace(bad, " ")
    short = short[:31]
    candidate, n = short, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = short[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _audit(sheet: Any, done: Coordinated, lang: Language) -> None:
    _row(sheet, [_t(lang, "xlsx_item"), _t(lang, "xlsx_value")], fill=HEADER_FILL, font=BOLD)
    spec = done.coordination.spec
    for path in spec.files:
        _row(sheet, [_t(lang, "koord_label_file"), str(path)])
    _row(sheet, [_t(lang, "koord_label_joint_file"), str(spec.joint)])
    if spec.neighbours is not None:
        _row(sheet, [_t(lang, "koord_label_neighbours_file"), str(spec.neighbours)])
    for member in done.coordination.members:
        files = member.scenario.files
        _row(sheet, [member.name, str(files[-1]) if files else _t(lang, "koord_in_memory")])
    for warning in done.coordination.warnings:
        _row(sheet, [_t(lang, "warning_prefix"), warning.render(lang)])


def coordination_workbook(
    done: Coordinated, runs: Mapping[str, RunResult], lang: Language
) -> bytes:
    """The workbook's bytes (see the module docstring); ``runs``: each member's run
    (:func:`~mcda_kerjasama.coordination.result.member_runs`), for the reasons on the
    member sheets (without them the reasons are left empty).

    Example: see the module docstring.
    """
    book = Workbook()
    title = done.coordination.spec.name
    summary = book.active
    summary.title = _t(lang, "koord_xlsx_summary")
    _summary(summary, done, lang)
    sheets = [summary]
    for key, fill in (
        ("koord_xlsx_members", lambda sheet: _members(sheet, done, lang)),
        ("koord_xlsx_joint", lambda sheet: _joint(sheet, done, lang)),
        ("koord_xlsx_changes", lambda sheet: _changes(sheet, done, lang)),
    ):
        sheet = book.create_sheet(_t(lang, key))
        fill(sheet)
        sheets.append(sheet)
    names = [o.name for o in done.members]
    if len(names) <= MEMBER_SHEETS:
        used = {s.title.lower() for s in sheets} | {_t(lang, "xlsx_sheet_audit").lower()}
        for name in names:
            sheet = book.create_sheet(_sheet_name(name, used))
            _member_sheet(sheet, _member_rows(done, runs, name, lang), lang, with_member=False)
            sheets.append(sheet)
    else:
        sheet = book.create_sheet(_t(lang, "koord_xlsx_per_member"))
        rows = [row for name in names for row in _member_rows(done, runs, name, lang)]
        _member_sheet(sheet, rows, lang, with_member=True)
        sheets.append(sheet)
    audit = book.create_sheet(_t(lang, "xlsx_sheet_audit"))
    _audit(audit, done, lang)
    sheets.append(audit)
    for sheet in sheets:
        _finish(sheet, title, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
