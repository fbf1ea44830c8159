"""``laporan.html``: one self-contained, printable report of a run.

No network, no external files, no JavaScript: the CSS is inline and every chart is an
inline SVG drawn by the same :mod:`mcda_kerjasama.plots` function a notebook uses (budget
use, the weights with the AHP consistency ratio, the score contributions), in the
report's language. Every label comes from :mod:`mcda_kerjasama.i18n`, every number from
:mod:`mcda_kerjasama.amounts`, and every piece of user text is escaped. The report is a
sequence of sections; each section function returns its HTML, or ``None`` when the run
has no data for it, so a later section (the frontier, the sensitivity) is one more
function in ``_SECTIONS``.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> page = report_html(result, "id")
    >>> page.startswith("<!DOCTYPE html>"), '<html lang="id">' in page
    (True, True)
    >>> "Rp 5.000.000.000" in page, page.count("<svg") >= 3
    (True, True)
"""

from __future__ import annotations

import datetime
import itertools
import math
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

import pandas as pd

from mcda_kerjasama import __version__, plots
from mcda_kerjasama.amounts import (
    format_number,
    format_percent,
    format_rupiah,
)
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.report.charts import chart_svg
from mcda_kerjasama.report.console import year_text
from mcda_kerjasama.report.facts import GROUPS, ReportFacts, report_facts
from mcda_kerjasama.report.html_urusan import urusan_section
from mcda_kerjasama.report.result import priority_table
from mcda_kerjasama.report.weights_text import (
    completed_line,
    disagreement_lines,
    method_name,
    suggestion_line,
)
from mcda_kerjasama.results import RunResult
from mcda_kerjasama.weights.ahp import RANDOM_INDEX_TABLES
from mcda_kerjasama.weights.words import inconsistent_respondents

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The score breakdown's charts hold at most this many proposals, so that each fits on a
#: printed page at a readable size (more proposals make more charts).
_BARS_PER_CHART = 25

#: At most this many breakdown charts: the highest-scoring ``_BARS_PER_CHART *
#: _MAX_BREAKDOWN_CHARTS`` selected proposals are drawn, and a sentence says how many
#: more the table below the charts lists (every selected proposal is in the table). The
#: report's chart count is therefore bounded whatever the run's size: budget use,
#: weights and at most this many breakdown charts.
_MAX_BREAKDOWN_CHARTS = 4

_Section = Callable[[ReportFacts, Language], str | None]


def _e(value: object) -> str:
    """``value`` as escaped HTML text (quotes too, so it is safe in attributes)."""
    return escape(str(value), quote=True)


def _chart(name: str, draw: Callable[[Axes], object], height: float, label: str) -> str:
    """The chart ``draw`` makes (:func:`mcda_kerjasama.report.charts.chart_svg`, as wide
    as :data:`~mcda_kerjasama.report.charts.WIDTH` and ``height`` inches high) as an
    inline SVG that takes the width of its container (see the ``svg.chart`` CSS rule),
    named ``label`` for screen readers. ``name`` salts the SVG's ids, so two charts of
    one page never share one.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> svg = _chart("budget", lambda ax: plots.budget_use(result, ax=ax, lang="en"),
        ...     3.0, "Budget")
        >>> svg.startswith('<svg class="chart" viewBox="0 0 936 216"'), "Budget used" in svg
        (True, True)
        >>> svg == _chart("budget", lambda ax: plots.budget_use(result, ax=ax, lang="en"),
        ...     3.0, "Budget")
        True
    """
    svg = chart_svg(name, draw, height)
    root = re.search(r"<svg\b[^>]*>", svg)
    box = re.search(r'viewBox="([^"]*)"', root.group() if root else "")
    if root is None or box is None:  # pragma: no cover - matplotlib always writes both
        raise ValueError("matplotlib wrote an SVG without a viewBox")
    # The root rebuilt for HTML (no XML declaration, no fixed size in points); the
    # groups' ids ("figure_1", "patch_2", ...) repeat in every chart and nothing uses them;
    # matplotlib's style sheet ("*" rules, which would reach the whole page) is the page's
    # "svg.chart *" rule instead.
    body = re.sub(r'<g id="[^"]*"', "<g", svg[root.end() :])
    body = re.sub(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>", "", body)
    return (
        f'<svg class="chart" viewBox="{box.group(1)}" width="100%" role="img" '
        f'aria-label="{_e(label)}"><title>{_e(label)}</title>{body.strip()}'
    )


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    css: str = "compact",
) -> str:
    """A table of already-escaped cells; columns in ``numeric`` are right-aligned."""
    head = "".join(
        f'<th scope="col" class="num">{h}</th>' if j in numeric else f'<th scope="col">{h}</th>'
        for j, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if j in numeric else f"<td>{c}</td>"
            for j, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _section(key: str, lang: Language, body: str, anchor: str) -> str:
    return f'<section id="{anchor}"><h2>{_e(text(key, lang))}</h2>{body}</section>'


def _counts(facts: ReportFacts) -> dict[str, int]:
    counts = facts.counts
    return {g: getattr(counts, g) for g in GROUPS}


def _summary(facts: ReportFacts, lang: Language) -> str:
    scenario, use = facts.scenario, facts.use
    budget_lines = []
    for year, row in use.iterrows():
        used, share = float(row["cost"]), float(row["budget_share"])
        if share == share:  # a positive, finite cap
            budget_lines.append(
                text(
                    "html_used_of",
                    lang,
                    year=year,
                    used=format_rupiah(used, lang),
                    cap=format_rupiah(float(row["budget"]), lang),
                    share=format_percent(share, 1, lang),
                )
            )
        else:
            budget_lines.append(
                text("html_used_no_cap", lang, year=year, used=format_rupiah(used, lang))
            )
    total = facts.budget_total
    if total is not None:
        budget_lines.append(
            text(
                "html_used_of",
                lang,
                year=text("html_total", lang),
                used=format_rupiah(total.used, lang),
                cap=format_rupiah(total.cap, lang),
                share=format_percent(total.share, 1, lang),
            )
        )
    status = facts.status_line.render(lang)
    rows = [
        (text("html_scenario", lang), _e(scenario.name)),
        *([(text("html_region", lang), _e(scenario.region))] if scenario.region else []),
        (text("html_years", lang), _e(", ".join(str(y) for y in scenario.years))),
        (text("label_status", lang), _e(status)),
        (text("html_counts", lang), _e(text("html_count_line", lang, **_counts(facts)))),
        (text("label_objective", lang), _e(format_number(facts.objective, 2, lang))),
        (text("label_budget_used", lang), "<br>".join(_e(line) for line in budget_lines)),
    ]
    if facts.staff_capped:
        staff_lines = [
            text(
                "html_used_of",
                lang,
                year=year,
                used=format_number(float(row["staff"]), 1, lang),
                cap=format_number(float(row["staff_cap"]), 1, lang),
                share="-"
                if row["staff_share"] != row["staff_share"]
                else format_percent(float(row["staff_share"]), 1, lang),
            )
            for year, row in use.iterrows()
        ]
        rows.append((text("html_staff_used", lang), "<br>".join(_e(s) for s in staff_lines)))
    body = '<table class="facts"><tbody>'
    body += "".join(f'<tr><th scope="row">{_e(k)}</th><td>{v}</td></tr>' for k, v in rows)
    body += "</tbody></table>"
    if facts.status != "optimal":
        alert = f"{text('html_not_proven', lang)} {status}"
        body = f'<p class="alert">{_e(alert)}</p>{body}'
    if facts.warnings:
        items = "".join(f"<li>{_e(w.render(lang))}</li>" for w in facts.warnings)
        body += f"<h3>{_e(text('html_warnings', lang))}</h3><ul>{items}</ul>"
    if facts.notes:  # said once: the limits reached, the reserve order, the estimates
        items = "".join(f"<li>{_e(note.render(lang))}</li>" for note in facts.notes)
        body += f"<h3>{_e(text('html_notes', lang))}</h3><ul>{items}</ul>"
    generated = text(
        "html_generated", lang, version=__version__, date=datetime.date.today().isoformat()
    )
    body += f'<p class="generated">{_e(generated)}</p>'
    return _section("html_summary", lang, body, "ringkasan")


def _priority(facts: ReportFacts, lang: Language) -> str:
    table = priority_table(facts, lang).drop(
        columns=[text("label_partner", lang), text("label_staff", lang)]
    )
    groups = facts.priority["group"].to_numpy()
    score, year, cost = (text(k, lang) for k in ("label_score", "label_year", "label_cost"))
    numeric = {text("label_rank", lang), score, year, cost}
    first_year = min(facts.planning_years) if facts.planning_years else None
    widths = (7, 5, 15, 12, 6, 6, 5, 6, 5, 11, 22)
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(
        f'<th scope="col" class="num">{_e(c)}</th>'
        if c in numeric
        else f'<th scope="col">{_e(c)}</th>'
        for c in table.columns
    )

    def cell(column: str, value: object) -> str:
        if column == score:
            shown = format_number(float(value), 2, lang)  # type: ignore[arg-type]
        elif column == cost:
            shown = format_rupiah(float(value), lang)  # type: ignore[arg-type]
        elif column == year:  # an ongoing cooperation begun before the plan says so
            shown = year_text(value, first_year, lang)
        else:
            shown = str(value)
        return f'<td class="num">{_e(shown)}</td>' if column in numeric else f"<td>{_e(shown)}</td>"

    bodies = []
    counts = _counts(facts)
    for group in GROUPS:
        rows = table[groups == group]
        if rows.empty:
            continue
        label = f"{text(f'html_group_{group}', lang)} ({counts[group]})"
        lines = [
            f'<tr class="group-head"><th colspan="{len(widths)}" scope="rowgroup">'
            f"{_e(label)}</th></tr>"
        ]
        for _, row in rows.iterrows():
            cells = "".join(cell(c, row[c]) for c in table.columns)
            lines.append(f'<tr class="{group}">{cells}</tr>')
        bodies.append(f'<tbody class="{group}">{"".join(lines)}</tbody>')
    body = (
        f'<table class="priority"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead>{''.join(bodies)}</table>"
    )
    return _section("html_priority", lang, body, "prioritas")


def _budget(facts: ReportFacts, lang: Language) -> str:
    use = facts.use
    cap_name, used_name = text("html_cap", lang), text("html_used", lang)
    chart = _chart(
        "budget",
        lambda ax: plots.budget_use(facts, ax=ax, lang=lang),
        4.0,
        text("plot_budget_use", lang),
    )
    headers = [text("label_year", lang), cap_name, used_name, text("html_remaining", lang)]
    headers.append(text("html_share", lang))
    pools = "covered_funding_pool" in use.columns  # earmarked money paid part of the cost
    if pools:
        headers.append(text("html_pool_paid", lang))
    staff = facts.staff_capped
    if staff:
        headers += [text("html_staff_cap", lang), text("html_staff_used", lang)]
    lines: list[tuple[str, float, float, float, float, pd.Series | None]] = [
        (
            str(year),
            float(row["budget"]),
            float(row["cost"]),
            float(row["budget_remaining"]),
            float(row["budget_share"]),
            row,
        )
        for year, row in use.iterrows()
    ]
    if (total := facts.budget_total) is not None:
        share = total.share if math.isfinite(total.cap) and total.cap > 0 else math.nan
        lines.append(
            (text("html_total", lang), total.cap, total.used, total.remaining, share, None)
        )
    rows = []
    for name, cap, used, remaining, share, line in lines:
        known = math.isfinite(cap)
        row = [
            name,
            format_rupiah(cap, lang) if known else "-",
            format_rupiah(used, lang),
            format_rupiah(remaining, lang) if known else "-",
            format_percent(share, 1, lang) if share == share else "-",
        ]
        if pools:
            paid = "" if line is None else format_rupiah(float(line["covered_funding_pool"]), lang)
            row.append(paid)
        if staff:
            row += (
                ["", ""]
                if line is None
                else [
                    format_number(float(line["staff_cap"]), 1, lang),
                    format_number(float(line["staff"]), 1, lang),
                ]
            )
        rows.append([_e(c) for c in row])
    body = f'<div class="figure">{chart}</div>'
    body += _table([_e(h) for h in headers], rows, numeric=range(1, len(headers)))
    if len(facts.commitments):
        later = [
            [_e(int(y)), _e(format_rupiah(float(v), lang))] for y, v in facts.commitments.items()
        ]
        body += f"<h3>{_e(text('html_commitments', lang))}</h3>"
        body += _table([_e(text("label_year", lang)), _e(text("label_cost", lang))], later, (1,))
    return _section("html_budget_section", lang, body, "anggaran")


def _ahp(facts: ReportFacts, lang: Language) -> str:
    """Consistency, random index, respondents, completed judgements and suggestions."""
    weights = facts.weights
    c = weights.consistency
    if c is None:
        return ""
    verdict = text("label_consistent" if c.consistent else "label_inconsistent", lang)
    ri_name = text(f"ri_table_{c.random_index_table}", lang)
    odd = inconsistent_respondents(weights)
    if c.consistent and odd:
        verdict = text("label_consistent_group_but", lang, n=len(odd), names=", ".join(odd))
    items = [
        (text("html_n", lang), str(c.n)),
        (text("html_lambda_max", lang), format_number(c.lambda_max, 4, lang)),
        (text("html_ci", lang), format_number(c.consistency_index, 4, lang)),
        (
            text("html_ri", lang, table=ri_name),
            format_number(c.random_index, 4, lang),
        ),
        (text("html_cr", lang), format_number(c.consistency_ratio, 4, lang)),
        (text("html_threshold", lang), format_number(c.threshold, 2, lang)),
        (text("html_verdict", lang), verdict),
    ]
    css = "ok" if c.consistent and not odd else "alert"
    body = f"<h3>{_e(text('html_consistency', lang))}</h3>"
    body += f'<table class="facts {css}"><tbody>'
    body += "".join(f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in items)
    body += "</tbody></table>"
    ri = RANDOM_INDEX_TABLES.get(c.random_index_table)
    if ri is not None:
        sizes = range(3, min(len(ri), max(10, c.n)) + 1)
        head = "".join(
            f'<th scope="col" class="num{" current" if n == c.n else ""}">{n}</th>' for n in sizes
        )
        cells = "".join(
            f'<td class="num{" current" if n == c.n else ""}">'
            f"{_e(format_number(ri[n - 1], 4, lang))}</td>"
            for n in sizes
        )
        body += f"<h3>{_e(text('html_ri_table', lang, table=ri_name))}</h3>"
        body += (
            f'<table class="ri"><thead><tr><th scope="col">n</th>{head}</tr></thead>'
            f'<tbody><tr><th scope="row">RI</th>{cells}</tr></tbody></table>'
        )
    if weights.respondents:
        odd = inconsistent_respondents(weights)
        yes, no = text("label_yes", lang), text("label_no", lang)
        rows = [
            [
                _e(r.name),
                _e(format_percent(r.weight, 1, lang)),
                _e(format_number(r.consistency_ratio, 4, lang)),
                _e(
                    (yes if r.included else f"{no} ({text('label_excluded', lang)})")
                    + (f" ({text('label_inconsistent', lang)})" if r.name in odd else "")
                ),
            ]
            for r in weights.respondents
        ]
        headers = ("html_respondent", "html_respondent_weight", "html_cr", "html_included")
        body += f"<h3>{_e(text('html_respondents', lang))}</h3>"
        body += _table([_e(text(h, lang)) for h in headers], rows, numeric=(1, 2))

    def name(key: str) -> str:
        return facts.label(key, lang)

    if weights.completed:
        done = [completed_line(d, name, lang) for d in weights.completed]
        body += f"<h3>{_e(text('html_completed', lang))}</h3><ul>"
        body += "".join(f"<li>{_e(i)}</li>" for i in done) + "</ul>"
    suggestions = [suggestion_line(s, name, lang) for s in weights.suggestions] or [
        text("html_no_suggestions", lang)
    ]
    body += f"<h3>{_e(text('html_suggestions', lang))}</h3><ul>"
    body += "".join(f"<li>{_e(s)}</li>" for s in suggestions) + "</ul>"
    lines = disagreement_lines(weights, name, lang)
    if lines:
        body += f"<h3>{_e(text('html_disagreement', lang))}</h3><ul>"
        body += "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>"
    return body


def _weights(facts: ReportFacts, lang: Language) -> str:
    weights = facts.weights.weights
    items = [
        (facts.label(str(k), lang), float(v), format_percent(float(v), 2, lang))
        for k, v in weights.items()
    ]
    body = (
        f"<p>{_e(text('html_weights_method', lang))}: "
        f"{_e(method_name(facts.weights.method, lang))}</p>"
    )
    body += _table(
        [_e(text("label_criterion", lang)), _e(text("label_weight", lang))],
        [[_e(n), _e(s)] for n, _, s in items],
        numeric=(1,),
    )
    chart = _chart(
        "weights",
        lambda ax: plots.weights(facts.weights, facts, ax=ax, lang=lang),
        1.6 + 0.45 * len(items),
        text("label_weights", lang),
    )
    body += f'<div class="figure">{chart}</div>'
    body += _ahp(facts, lang)
    return _section("label_weights", lang, body, "bobot")


def _breakdown(facts: ReportFacts, lang: Language) -> str | None:
    """One stacked bar per selected proposal (:func:`mcda_kerjasama.plots.contributions`),
    in charts of at most :data:`_BARS_PER_CHART` bars on one scale (at most
    :data:`_MAX_BREAKDOWN_CHARTS` charts: the highest scores; a sentence counts the rest),
    and the same contributions as numbers for every selected proposal; highest score
    first."""
    selected = facts.selected
    if not selected:
        return None
    total = facts.score
    order = total.loc[list(selected)].sort_values(ascending=False, kind="stable")
    ids = [str(p) for p in order.index]
    drawn = ids[: _BARS_PER_CHART * _MAX_BREAKDOWN_CHARTS]
    charts = math.ceil(len(drawn) / _BARS_PER_CHART)
    ends = [round(i * len(drawn) / charts) for i in range(charts + 1)]  # sizes differ by <= 1
    longest = 1.05 * float(total.loc[drawn].max())
    title = text("plot_contributions", lang)

    def chart(part: list[str]) -> str:
        def draw(ax: Axes) -> None:
            plots.contributions(facts, ids=part, ax=ax, lang=lang).set_xlim(0, longest)

        label = title if charts == 1 else f"{title} ({part[0]}–{part[-1]})"
        return _chart(f"contributions-{part[0]}", draw, 1.5 + 0.22 * len(part), label)

    figures = "".join(
        f'<div class="figure">{chart(drawn[a:b])}</div>' for a, b in itertools.pairwise(ends)
    )
    if len(drawn) < len(ids):
        rest = text(
            "html_breakdown_more",
            lang,
            shown=format_number(len(drawn), 0, lang),
            total=format_number(len(ids), 0, lang),
        )
        figures += f"<p>{_e(rest)}</p>"
    contributions = facts.contributions
    titles = facts.priority["title"]
    rows = [
        [
            _e(pid),
            _e(titles[pid]),
            _e(format_number(float(total[pid]), 2, lang)),
            *(_e(format_number(float(v), 2, lang)) for v in contributions.loc[pid]),
        ]
        for pid in ids
    ]
    headers = [_e(text(k, lang)) for k in ("label_id", "label_title", "label_score")]
    headers += [_e(facts.label(str(k), lang)) for k in contributions.columns]
    body = f"<p>{_e(text('html_breakdown_note', lang))}</p>"
    body += figures
    body += _table(headers, rows, numeric=range(2, len(headers)), css="breakdown")
    return _section("html_breakdown", lang, body, "rincian")


#: The report's sections in order; each returns its HTML or ``None`` when it has no data.
_SECTIONS: tuple[_Section, ...] = (
    _summary,
    _priority,
    urusan_section,
    _budget,
    _weights,
    _breakdown,
)

_CSS = """
:root { --ink: #1b1f24; --muted: #5b6570; --line: #c9d1d9; --sel: #e3f4ea; --selbar: #1a7f37;
  --head: #eef2f6; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink);
  margin: 24px auto; max-width: 1320px; padding: 0 16px; font-size: 14px; line-height: 1.4; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--ink); padding-bottom: 3px;
  margin-top: 32px; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15px; margin: 18px 0 6px; break-after: avoid; page-break-after: avoid; }
.subtitle { color: var(--muted); margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 8px 0 12px;
  overflow-wrap: anywhere; word-wrap: break-word; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
thead th { background: var(--head); }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table.compact { width: auto; min-width: 50%; table-layout: auto; }
table.facts { width: auto; max-width: 100%; table-layout: auto; }
table.facts th { background: var(--head); width: 16em; }
table.ri { width: auto; table-layout: auto; }
.current { font-weight: bold; background: #fff3c4; }
.priority { font-size: 12px; }
.priority td.num { white-space: nowrap; }
.priority tr.selected td { background: var(--sel); }
.priority tr.selected td:first-child { border-left: 4px solid var(--selbar); font-weight: bold; }
.priority tr.not_eligible td { color: var(--muted); }
.priority tr.group-head th { background: #334155; color: #fff; font-size: 13px; }
.alert { background: #fde8e8; border: 2px solid #b42318; padding: 6px 10px; font-weight: bold; }
table.alert th { background: #fde8e8; }
.generated { color: var(--muted); font-size: 12px; }
.figure { margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
.urusan tr.year-head th { background: var(--head); font-style: italic; text-align: left; }
.urusan tr.total th, .urusan tr.total td { font-weight: bold; }
.urusan tr.plan-selected td { background: var(--sel); }
.urusan tr.plan-reserve td { color: var(--muted); }
h2 + p { break-after: avoid; page-break-after: avoid; }
svg.chart { width: 100%; max-width: 100%; height: auto; display: block; }
svg.chart * { stroke-linejoin: round; stroke-linecap: butt; }
table.breakdown th:nth-child(1) { width: 7%; }
table.breakdown th:nth-child(2) { width: 28%; }
table.breakdown thead th { font-size: 12px; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { margin-top: 14pt; }
  .priority { font-size: 8pt; }
  th, td { padding: 2pt 3pt; }
  svg.chart { width: 100%; max-height: 165mm; }
  table.breakdown thead th { font-size: 8pt; }
  .priority thead th { font-size: 7.5pt; }
}
"""


def report_html(result: RunResult | ReportFacts, lang: Language) -> str:
    """The complete, self-contained ``laporan.html`` of ``result`` (or its facts) in
    ``lang``.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> page = report_html(result, "en")
        >>> '<html lang="en">' in page, "Priority list" in page
        (True, True)
    """
    facts = report_facts(result)
    title = text("html_title", lang)
    scenario = facts.scenario
    sections = (section(facts, lang) for section in _SECTIONS)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} · {_e(scenario.name)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<header><h1>{_e(title)}</h1>"
        f'<p class="subtitle">{_e(scenario.name)} · {_e(scenario.region)}</p></header>\n'
        f"<main>\n{''.join(s for s in sections if s)}\n</main>\n</body>\n</html>\n"
    )
