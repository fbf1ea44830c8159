"""Terminal output with rich: the priority table (from the run's
:class:`~mcda_kerjasama.report.facts.ReportFacts`), the weights, the frontier, the
sensitivity summary and the comparison.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> print_run(result, "en")  # doctest: +ELLIPSIS
    Contoh pemetaan kerja sama 2026 — optimal (proven)
    ...
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from rich.console import Console
from rich.table import Table

from mcda_kerjasama.amounts import format_number, format_percent, format_rupiah
from mcda_kerjasama.i18n import Language, Number, catalogue, text
from mcda_kerjasama.portfolio.frontier import Frontier
from mcda_kerjasama.report.facts import ReportFacts, report_facts
from mcda_kerjasama.results import RunResult, SensitivityResult
from mcda_kerjasama.scenario import Scenario
from mcda_kerjasama.sensitivity.compare import Comparison
from mcda_kerjasama.weights.base import Weights


def _console() -> Console:
    """A console that is wide enough for the reasons when output goes to a file or pipe."""
    # no markup: titles and messages may contain [brackets] that are text, not styles
    console = Console(markup=False)
    return console if console.is_terminal else Console(width=200, markup=False)


#: The terminal prints at most this many rows of a table (the priority list, the
#: sensitivity table); a last line counts the rest, which the output files hold. Printing
#: costs a few milliseconds per row, so a run of 100,000 proposals prints in under a
#: second, and a regional list (a few hundred proposals) is printed whole.
CONSOLE_ROWS = 200


def print_run(
    result: RunResult | ReportFacts, lang: Language, console: Console | None = None
) -> None:
    """Print the summary and the priority list of a run (or of its facts): its first
    :data:`CONSOLE_ROWS` rows, then how many more the output files hold."""
    console = console or _console()
    facts = report_facts(result)
    console.print(f"{facts.scenario.name} — {facts.status_line.render(lang)}", style="bold")
    console.print(
        f"{text('label_objective', lang)}: {format_number(facts.objective, 2, lang)}; "
        f"{text('label_selected', lang)}: {facts.counts.selected} / {facts.counts.proposals}"
    )
    for year, row in facts.use.iterrows():
        line = (
            f"{text('label_budget_used', lang)} {year}: {format_rupiah(row['cost'], lang)} / "
            f"{format_rupiah(row['budget'], lang)}"
        )
        if "covered_funding_pool" in row.index:  # earmarked money: what it paid
            paid = format_rupiah(float(row["covered_funding_pool"]), lang)
            line += f" ({text('pool_paid_line', lang, amount=paid)})"
        if facts.staff_capped:
            line += (
                f"; {text('label_staff', lang)}: {format_number(row['staff'], 1, lang)} / "
                f"{format_number(row['staff_cap'], 1, lang)}"
            )
        console.print(line)
    total = facts.budget_total
    if total is not None:
        used = format_rupiah(total.used, lang)
        console.print(
            f"{text('label_budget_total', lang)}: {used} / {format_rupiah(total.cap, lang)}"
        )
    consistency = consistency_summary(facts, lang)
    if consistency:
        console.print(consistency, style="bold")
    for note in facts.notes:
        console.print(note.render(lang))
    first_year = min(facts.planning_years) if facts.planning_years else None
    table = Table(show_lines=False)
    for key in (
        "label_rank",
        "label_id",
        "label_title",
        "label_score",
        "label_year",
        "label_cost",
        "label_reason",
    ):
        table.add_column(text(key, lang), overflow="fold")
    for pid, row in facts.priority.head(CONSOLE_ROWS).iterrows():
        style = "green" if row["selected"] else ("dim" if row["group"] == "not_eligible" else "")
        table.add_row(
            str(row["rank"]),
            str(pid),
            row["title"],
            format_number(row["score"], 2, lang),
            year_text(row["year"], first_year, lang),
            format_rupiah(float(row["cost"]), lang),
            row["reason"].render(lang),
            style=style,
        )
    console.print(table)
    _more(console, len(facts.priority), lang)


def _more(console: Console, rows: int, lang: Language) -> None:
    """The line after a table cut at :data:`CONSOLE_ROWS` rows: how many are not shown."""
    if rows > CONSOLE_ROWS:
        more = format_number(rows - CONSOLE_ROWS, 0, lang)
        console.print(
            text("console_more_rows", lang, more=more, total=format_number(rows, 0, lang))
        )


def year_text(year: object, first_year: int | None, lang: Language) -> str:
    """The start year as the list shows it: empty when not selected, "berjalan sejak
    2025" for an ongoing cooperation that started before the planning years.

    Example:
        >>> year_text(2025, 2027, "id"), year_text(2027, 2027, "id"), year_text(pd.NA, 2027, "id")
        ('berjalan sejak 2025', '2027', '')
    """
    if year is None or pd.isna(year):
        return ""
    start = int(str(year))
    if first_year is not None and start < first_year:
        return text("year_ongoing_since", lang, year=start)
    return str(year)


def consistency_summary(facts: ReportFacts, lang: Language) -> str:
    """One line on the AHP judgements when any is above the consistency threshold (the
    group's, or a respondent's), else empty; the warnings say which pair to revise.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> consistency_summary(run(load_scenario("scenarios/contoh-ahp")), "id")
        ''
    """
    from mcda_kerjasama.weights.words import inconsistent_respondents

    facts = report_facts(facts)
    c = facts.weights.consistency
    odd = inconsistent_respondents(facts.weights)
    if not odd and (c is None or c.consistent):
        return ""
    if c is not None and not c.consistent:
        verdict = text("label_inconsistent", lang)
        if odd:
            verdict += "; " + text("consistency_respondents", lang, names=", ".join(odd))
        cr = f"CR {format_number(c.consistency_ratio, 3, lang)}: "
    else:
        cr = ""
        verdict = text("label_consistent_group_but", lang, n=len(odd), names=", ".join(odd))
    return f"{text('label_consistency', lang)}: {cr}{verdict} ({text('consistency_see', lang)})"


def print_weights(
    weights: Weights,
    scenario: Scenario | None,
    lang: Language,
    console: Console | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Print the weights, their consistency and any suggested revisions, every criterion
    by its label (the scenario's, else ``labels``, e.g. a questionnaire's)."""
    from mcda_kerjasama.report.weights_text import (
        completed_line,
        disagreement_lines,
        method_name,
        suggestion_line,
    )
    from mcda_kerjasama.weights.words import inconsistent_respondents

    console = console or _console()
    method = method_name(weights.method, lang)
    table = Table(title=f"{text('label_weights', lang)}: {method}")
    table.add_column(text("label_criterion", lang))
    table.add_column(text("label_weight", lang), justify="right")
    nodes = (*scenario.groups, *scenario.criteria) if scenario else ()
    labels = {**(labels or {}), **{c.key: c.display(lang) for c in nodes}}

    def name(key: str) -> str:
        return labels.get(str(key), str(key))

    for key, value in weights.weights.items():
        table.add_row(name(str(key)), format_percent(float(value), 2, lang))
    console.print(table)
    c = weights.consistency
    odd = inconsistent_respondents(weights)
    if c is not None:
        verdict = text("label_consistent" if c.consistent else "label_inconsistent", lang)
        if c.consistent and odd:
            verdict = text("label_consistent_group_but", lang, n=len(odd), names=", ".join(odd))
        console.print(
            text(
                "weights_consistency_line",
                lang,
                cr=Number(c.consistency_ratio, 3),
                threshold=Number(c.threshold, 2),
                verdict=verdict,
                lam=Number(c.lambda_max, 3),
                ri=Number(c.random_index, 3),
                table=text(f"ri_table_{c.random_index_table}", lang),
            ),
            style=None if c.consistent and not odd else "bold",
        )
    for done in weights.completed:
        console.print(completed_line(done, name, lang))
    for s in weights.suggestions:
        console.print(suggestion_line(s, name, lang))
    for line in disagreement_lines(weights, name, lang):
        console.print(line)
    for group, found in weights.consensus().items():
        shown = text("label_main_criteria", lang) if group == "(goal)" else name(group)
        console.print(
            text(
                "weights_consensus_line",
                lang,
                group=shown,
                value=format_number(100 * found.value, 1, lang) + "%",
                level=text(f"consensus_{found.level}", lang),
                count=found.respondents,
            )
        )
    for r in weights.respondents:
        marks = [] if r.included else [text("label_excluded", lang)]
        if r.name in odd:
            marks.insert(0, text("label_inconsistent", lang))
        mark = f" ({'; '.join(marks)})" if marks else ""
        console.print(f"- {r.name}: CR {format_number(r.consistency_ratio, 3, lang)}{mark}")


def print_frontier(frontier: Frontier, lang: Language, console: Console | None = None) -> None:
    """Print the budget frontier: one row per budget level with what changed."""
    console = console or _console()
    table = Table(title=text("label_frontier", lang))
    for key in (
        "label_budget",
        "label_objective",
        "label_selected",
        "label_added",
        "label_removed",
    ):
        table.add_column(text(key, lang), overflow="fold")
    for _, row in frontier.points.iterrows():
        infeasible = row["status"] == "infeasible"
        mark = " *" if abs(row["budget"] - frontier.current) < 1e-6 else ""
        table.add_row(
            format_rupiah(row["budget"], lang) + mark,
            text("status_infeasible", lang) if infeasible else format_number(row["value"], 2, lang),
            str(row["selected"]),
            ", ".join(row["added"]),
            ", ".join(row["removed"]),
        )
    console.print(table)


def print_sensitivity(
    found: SensitivityResult, data: pd.DataFrame, lang: Language, console: Console | None = None
) -> None:
    """Print the summary: the criteria the decision is most sensitive to with their
    stability intervals; core, borderline and exterior proposals with their selection
    frequencies; the most frequent portfolios."""
    console = console or _console()
    mc = found.monte_carlo
    console.print(text("sensitivity_oneway_headline", lang), style="bold")
    scenario = found.checked.scenario if found.checked is not None else None
    nodes = (*scenario.groups, *scenario.criteria) if scenario is not None else ()
    labels = {c.key: c.display(lang) for c in nodes}
    for criterion, row in found.one_way.tornado.iterrows():
        console.print(
            text(
                "sensitivity_interval",
                lang,
                criterion=labels.get(str(criterion), str(criterion)),
                weight=format_percent(float(row["weight"]), 1, lang),
                lo=format_percent(float(row["portfolio_lo"]), 1, lang),
                hi=format_percent(float(row["portfolio_hi"]), 1, lang),
            )
        )
    console.print(
        text(
            "sensitivity_headline",
            lang,
            draws=format_number(mc.draws, 0, lang),
            model=text(f"sens_model_{mc.model}", lang)
            if f"sens_model_{mc.model}" in catalogue(lang)
            else mc.model,
            seed=mc.seed,
        ),
        style="bold",
    )
    console.print(
        text("sensitivity_proofs", lang, **{"enumerated": 0, "mip": 0, **mc.proofs}),
        style="dim",
    )
    table = Table()
    for key in ("label_id", "label_title", "label_frequency", "label_class"):
        table.add_column(text(key, lang), overflow="fold")
    order = mc.selection_frequency.sort_values(ascending=False, kind="stable")
    for pid, freq in order.head(CONSOLE_ROWS).items():
        se = float(mc.standard_error[pid])
        table.add_row(
            str(pid),
            str(data.loc[pid, "title"]),
            f"{format_percent(float(freq), 1, lang)} ± {format_percent(se, 1, lang)}",
            text(f"class_{mc.classification[pid]}", lang),
        )
    console.print(table)
    _more(console, len(order), lang)
    for _, row in mc.portfolios.head(3).iterrows():
        console.print(
            text(
                "sensitivity_portfolio",
                lang,
                share=format_percent(float(row["share"]), 1, lang),
                n=len(row["portfolio"]),
            )
        )


def print_comparison(found: Comparison, lang: Language, console: Console | None = None) -> None:
    """Print a scenario comparison: value, what differs in words, and each changed
    proposal with its cause, headers and values in ``lang``."""
    console = console or _console()
    a, b = found.names
    console.print(f"{a}  ->  {b}", style="bold")
    value = found.value
    console.print(
        f"{text('label_objective', lang)}: {format_number(value.a, 2, lang)} -> "
        f"{format_number(value.b, 2, lang)} ({format_number(value.difference, 2, lang)})"
    )
    for line in found.change_lines(lang):
        console.print(f"  {line}")
    frame = found.to_table(lang)
    if frame.empty:
        console.print(text("compare_same_portfolio", lang))
        return
    table = Table()
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for _, row in frame.iterrows():
        table.add_row(*(str(v) for v in row))
    console.print(table)


#: Above this many selected ids a sweep row shows what changed from the row before.
SWEEP_IDS = 8


def sweep_table(
    frame: pd.DataFrame,
    keys: list[str],
    lang: Language,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A sweep's rows for a person: each key in words (a budget, a criterion's weight by
    its label) with the values tried (amounts in rupiah, decimal commas), the status in
    words, the total value and budget used formatted, and the selected ids, or what
    changed from the row before when the lists are long.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import sweep
        >>> grid = [("constraints.budget", ["3e9", "5e9"])]
        >>> frame = sweep(load_scenario("scenarios/contoh"), grid)
        >>> sweep_table(frame, ["constraints.budget"], "id").iloc[1].tolist()[:5]
        ['Rp 5.000.000.000', 'optimal (terbukti)', '535,00', '7', 'Rp 4.850.000.000']
    """
    from mcda_kerjasama.sensitivity.compare_text import key_words, value_words

    named = {key: key_words(key, labels or {}, lang) for key in keys}

    def status(raw: object) -> str:
        key = f"status_{raw}"
        return text(key, lang, gap="?") if key in catalogue(lang) else str(raw)

    ids = [str(v).split() if isinstance(v, str) else list(v or []) for v in frame["ids"]]
    long = max((len(i) for i in ids), default=0) > SWEEP_IDS
    shown: list[str] = []
    for i, current in enumerate(ids):
        if not long:
            shown.append(" ".join(current))
            continue
        before = ids[i - 1] if i else []
        gained = [p for p in current if p not in before]
        lost = [p for p in before if p not in current]
        parts = [text("sweep_count", lang, n=len(current))]
        if i and (gained or lost):
            parts.append(" ".join([*(f"+{p}" for p in gained), *(f"-{p}" for p in lost)]))
        elif i:
            parts.append(text("sweep_same", lang))
        shown.append("; ".join(parts))
    out = pd.DataFrame(
        {named[k][1]: [value_words(v, named[k][0], lang) for v in frame[k]] for k in keys}
    )
    out[text("label_status", lang)] = [status(v) for v in frame["status"]]
    out[text("label_objective", lang)] = [
        "" if v is None or v != v else format_number(float(v), 2, lang) for v in frame["objective"]
    ]
    out[text("label_selected", lang)] = [str(v) for v in frame["selected"]]
    out[text("label_budget_used", lang)] = [
        "" if v is None or v != v else format_rupiah(float(v), lang) for v in frame["budget_used"]
    ]
    out[text("sweep_ids_changed" if long else "sweep_ids", lang)] = shown
    if "conflict" in frame.columns and any(isinstance(v, str) and v for v in frame["conflict"]):
        out[text("sweep_conflict", lang)] = [
            "" if v is None or v != v else str(v) for v in frame["conflict"]
        ]
    return out


def print_sweep(
    frame: pd.DataFrame,
    keys: list[str],
    lang: Language,
    console: Console | None = None,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Print a sweep (see :func:`sweep_table`)."""
    print_frame(sweep_table(frame, keys, lang, labels), console)


def print_frame(frame: pd.DataFrame, console: Console | None = None) -> None:
    """Print a plain table (column names as they are)."""
    console = console or _console()
    table = Table()
    for column in frame.columns:
        table.add_column(str(column), overflow="fold")
    for _, row in frame.iterrows():
        table.add_row(*("" if v is None or v != v else str(v) for v in row))
    console.print(table)
