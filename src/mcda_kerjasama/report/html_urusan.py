"""The report's section *Rencana per urusan pemerintahan*: the mapping in the form of
Permendagri 22/2020 Pasal 5 ayat (3), from :func:`mcda_kerjasama.report.mapping.urusan_plan`
(the same blocks as the workbook's sheet *Rencana per Urusan*).

One table: per urusan (in the order of the 32 urusan) a heading row, per planning year
its selected cooperations with rank, priority class, id, programme/activity, agency,
partner, kind, duration and the cost in that year, the year's total, then the urusan's
reserve; the rule of the priority scale above the table.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> from mcda_kerjasama.report.facts import report_facts
    >>> html = urusan_section(report_facts(run(load_scenario("scenarios/contoh"))), "id")
    >>> html.startswith('<section id="urusan">'), "Urusan 1.01 Pendidikan" in html
    (True, True)
"""

from __future__ import annotations

from html import escape

from mcda_kerjasama.amounts import format_rupiah
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.report.facts import ReportFacts
from mcda_kerjasama.report.mapping import PlanRow, row_texts, urusan_plan

_COLUMNS = ("rank", "class", "id", "title", "agency", "partner", "kind", "period", "cost")
_WIDTHS = (7, 8, 5, 23, 15, 13, 8, 9, 12)
_NUMERIC = {0, 8}


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _cells(row: PlanRow, lang: Language) -> list[str]:
    cls, kind, period = row_texts(row, lang)
    return [
        str(row.rank),
        cls,
        row.id,
        row.title,
        row.agency,
        row.partner,
        kind,
        period,
        format_rupiah(row.cost, lang),
    ]


def _tr(cells: list[str], css: str = "") -> str:
    tds = "".join(
        f'<td class="num">{_e(c)}</td>' if j in _NUMERIC else f"<td>{_e(c)}</td>"
        for j, c in enumerate(cells)
    )
    return f'<tr class="{css}">{tds}</tr>' if css else f"<tr>{tds}</tr>"


def _line(label: str, css: str, amount: str | None = None) -> str:
    n = len(_COLUMNS)
    if amount is None:
        return f'<tr class="{css}"><th colspan="{n}" scope="rowgroup">{_e(label)}</th></tr>'
    return (
        f'<tr class="{css}"><th colspan="{n - 1}" scope="row" class="num">{_e(label)}</th>'
        f'<td class="num">{_e(amount)}</td></tr>'
    )


def urusan_section(facts: ReportFacts, lang: Language) -> str | None:
    """The section's HTML (see the module docstring); ``None`` when nothing is selected
    or in reserve.

    Example: see the module docstring.
    """
    blocks = urusan_plan(facts)
    if not blocks:
        return None
    head = "".join(
        f'<th scope="col" class="num">{_e(text(f"urusan_col_{k}", lang))}</th>'
        if j in _NUMERIC
        else f'<th scope="col">{_e(text(f"urusan_col_{k}", lang))}</th>'
        for j, k in enumerate(_COLUMNS)
    )
    cols = "".join(f'<col style="width:{w}%">' for w in _WIDTHS)
    bodies = []
    for block in blocks:
        lines = [_line(text("urusan_block", lang, code=block.code, name=block.name), "group-head")]
        for plan in block.years:
            lines.append(_line(text("urusan_year", lang, year=plan.year), "year-head"))
            lines += [_tr(_cells(row, lang), "plan-selected") for row in plan.rows]
            total = text("urusan_year_total", lang, year=plan.year)
            lines.append(_line(total, "total", format_rupiah(plan.total, lang)))
        if block.reserve:
            lines.append(_line(text("urusan_reserve", lang, code=block.code), "year-head"))
            lines += [_tr(_cells(row, lang), "plan-reserve") for row in block.reserve]
        bodies.append(f"<tbody>{''.join(lines)}</tbody>")
    body = f"<p>{_e(text('urusan_basis', lang))}</p><p>{_e(text('urusan_rule', lang))}</p>"
    body += (
        f'<table class="priority urusan"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead>{''.join(bodies)}</table>"
    )
    return f'<section id="urusan"><h2>{_e(text("html_urusan", lang))}</h2>{body}</section>'
