"""The machine-readable result (``hasil.json``), the priority table of the CSV, and the
frontier and sensitivity JSON, all read from the run's
:class:`~mcda_kerjasama.report.facts.ReportFacts` and written by the package's one JSON
export, :func:`mcda_kerjasama.jsonable.to_json`.

``hasil.json`` holds ``schema_version``, ``generator``, ``scenario``, ``status``,
``objective``, ``criteria``, ``weights``, ``weights_method``, ``consistency_ratio``,
``selected``, ``schedule``, ``priority_list``, ``not_eligible``, ``weights_detail``,
``budget``, ``use``, ``reserve_order``, ``explain``, ``price_of_forcing``, ``tight``,
``marginal_values``, ``budget_total``, ``commitments``, ``solver`` and ``warnings``
(README, "Outputs"); ``schema_version`` changes when a key changes meaning.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> d = result_to_dict(run(load_scenario("scenarios/contoh")))
    >>> d["status"], d["selected"][:3], d["schedule"]["K01"]
    ('optimal', ['K01', 'K02', 'K03'], 2026)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.jsonable import plain
from mcda_kerjasama.portfolio.frontier import Frontier
from mcda_kerjasama.report.facts import ReportFacts, report_facts
from mcda_kerjasama.results import RunResult
from mcda_kerjasama.scenario import Scenario

if TYPE_CHECKING:
    from mcda_kerjasama.results import SensitivityResult

RESULT_SCHEMA_VERSION = 1


def result_to_dict(result: RunResult | ReportFacts, lang: Language | None = None) -> dict[str, Any]:
    """The result as the ``hasil.json`` contract, reasons in ``lang`` (default: the
    scenario's language).

    Example: see the module docstring.
    """
    facts = report_facts(result)
    lang = lang or facts.scenario.language
    scenario = facts.scenario
    priority = facts.priority
    consistency = facts.weights.consistency
    solver = facts.solver
    out = {
        "schema_version": RESULT_SCHEMA_VERSION,
        "generator": facts.generator,
        "scenario": {
            "name": scenario.name,
            "region": scenario.region,
            "years": list(scenario.years),
            "language": lang,
            "files": list(scenario.files),
            "proposals": scenario.proposals,
        },
        "status": facts.status,
        "objective": facts.objective,
        "criteria": list(facts.criteria),
        "weights": {k: float(v) for k, v in facts.weights.weights.items()},
        "weights_method": facts.weights.method,
        "consistency_ratio": consistency.consistency_ratio if consistency else None,
        "selected": list(facts.selected),
        "schedule": dict(facts.schedule),
        "priority_list": _priority_list(priority, lang),
        "not_eligible": [
            {"id": pid, "reasons": [m.render(lang) for m in reasons]}
            for pid, reasons in facts.not_eligible["reasons"].items()
        ],
        "weights_detail": facts.weights.to_dict(),
        "budget": [
            {
                "year": int(year),
                "budget": float(row["budget"]),
                "used": float(row["cost"]),
                "remaining": float(row["budget_remaining"]),
            }
            for year, row in facts.use.iterrows()
        ],
        "use": [
            {"year": int(year), **{k: float(row[k]) for k in facts.use_columns}}
            for year, row in facts.use.iterrows()
        ],
        "reserve_order": list(facts.reserve_order),
        "explain": {
            "price_of_forcing": facts.explain[0],
            "reserve_steps": facts.explain[1],
            "reserve_ordered_by": "budget_growth" if facts.explain[1] else "score",
        },
        "price_of_forcing": {
            pid: {"loss": f.loss, "drop": list(f.drop), "feasible": f.feasible}
            for pid, f in facts.forcing.items()
        },
        "tight": {pid: [m.render(lang) for m in msgs] for pid, msgs in facts.tight.items() if msgs},
        "marginal_values": [
            {
                "year": m.year,
                "resource": m.resource,
                "per_unit": m.per_unit,
                "unit": m.unit,
                "method": "lp_relaxation",
            }
            for m in facts.marginal
        ],
        "budget_total": None
        if facts.budget_total is None
        else {"cap": facts.budget_total.cap, "used": facts.budget_total.used},
        "commitments": {str(int(y)): float(v) for y, v in facts.commitments.items()},
        "solver": {
            "backend": solver.backend,
            "version": solver.version,
            "status": solver.status,
            "status_text": facts.status_line.render(lang),
            "gap": solver.gap,
            "bound": solver.bound,
            "seconds": solver.seconds,
            "time_limit": solver.time_limit,
            "mip_gap": solver.mip_gap,
            "tie_break": solver.tie_break,
        },
        "warnings": [w.render(lang) for w in facts.warnings],
    }
    result_dict: dict[str, Any] = plain(out)
    return result_dict


def _priority_list(priority: pd.DataFrame, lang: Language) -> list[dict[str, Any]]:
    """The ``priority_list`` of ``hasil.json``: one entry per row, read column by column
    (a pandas row per proposal took 1.8 s at 100,000)."""
    year = priority["year"]
    missing = year.isna().to_numpy()
    years = year.to_numpy(dtype=object)
    return [
        {
            "rank": int(rank),
            "id": pid,
            "title": title,
            "score": float(score),
            "selected": bool(chosen),
            "year": None if gap else int(when),
            "group": group,
            "reason": reason.render(lang),
        }
        for pid, rank, title, score, chosen, when, gap, group, reason in zip(
            priority.index.tolist(),
            priority["rank"].tolist(),
            priority["title"].tolist(),
            priority["score"].tolist(),
            priority["selected"].tolist(),
            years.tolist(),
            missing.tolist(),
            priority["group"].tolist(),
            priority["reason"].tolist(),
            strict=True,
        )
    ]


def status_line(result: RunResult | ReportFacts, lang: Language) -> str:
    """The solver status in words, with the gap when the optimum is not proven.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> status_line(run(load_scenario("scenarios/contoh")), "en")
        'optimal (proven)'
    """
    return report_facts(result).status_line.render(lang)


def priority_table(result: RunResult | ReportFacts, lang: Language) -> pd.DataFrame:
    """The priority list with the proposal details a reader needs, headers in ``lang``.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> priority_table(run(load_scenario("scenarios/contoh")), "en").columns[:3].tolist()
        ['Rank', 'Id', 'Title']
    """
    rows = report_facts(result).priority
    yes, no = text("label_yes", lang), text("label_no", lang)
    return pd.DataFrame(
        {
            text("label_rank", lang): rows["rank"].to_numpy(),
            text("label_id", lang): rows.index.to_numpy(),
            text("label_title", lang): rows["title"].to_numpy(),
            text("label_agency", lang): rows["agency"].to_numpy(),
            "Urusan": rows["urusan"].to_numpy(),
            text("label_kind", lang): rows["kind"].to_numpy(),
            text("label_partner", lang): rows["partner"].to_numpy(),
            text("label_score", lang): rows["score"].round(2).to_numpy(),
            text("label_selected", lang): [yes if s else no for s in rows["selected"]],
            text("label_year", lang): rows["year"].array,
            text("label_cost", lang): rows["cost"].round(0).astype("int64").to_numpy(),
            text("label_staff", lang): rows["staff"].to_numpy(),
            text("label_reason", lang): [m.render(lang) for m in rows["reason"]],
        }
    )


def frontier_to_dict(frontier: Frontier, scenario: Scenario) -> dict[str, Any]:
    """The frontier as JSON: the scenario, its current budget and every point.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import frontier
        >>> scenario = load_scenario("scenarios/contoh")
        >>> frontier_to_dict(frontier(scenario, steps=2), scenario)["points"][0]["status"]
        'infeasible'
    """
    points = frontier.points.to_dict("records")
    return plain(
        {
            "schema_version": RESULT_SCHEMA_VERSION,
            "scenario": scenario.name,
            "current_budget": frontier.current,
            "points": points,
        }
    )


def sensitivity_to_dict(found: SensitivityResult, scenario: Scenario) -> dict[str, Any]:
    """The ``kerjasama sensitivity`` JSON: ``draws``, ``seed``, ``model``,
    ``selection_frequency``, ``standard_error``, ``classification``,
    ``rank_acceptability`` {id: [p_rank1, ...]}, ``central_weights``, ``portfolios``,
    ``weight_intervals`` {criterion: [lo, hi]} (the portfolio unchanged) and ``tornado``
    (criteria, most sensitive first, with their portfolio and top-k intervals).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import sensitivity
        >>> s = load_scenario("scenarios/contoh", ["sensitivity.draws=50"])
        >>> d = sensitivity_to_dict(sensitivity(s), s)
        >>> d["draws"], d["classification"]["K01"], len(d["rank_acceptability"]["K01"])
        (50, 'core', 10)
        >>> sorted(d["weight_intervals"]) == sorted(s.criterion_keys)
        True
    """
    mc = found.monte_carlo
    central = mc.central_weights
    return plain(
        {
            "schema_version": RESULT_SCHEMA_VERSION,
            "scenario": scenario.name,
            "draws": mc.draws,
            "seed": mc.seed,
            "model": mc.model,
            "proofs": dict(mc.proofs),
            "selection_frequency": mc.selection_frequency.to_dict(),
            "standard_error": mc.standard_error.to_dict(),
            "classification": mc.classification.to_dict(),
            "rank_acceptability": {
                pid: row.tolist() for pid, row in mc.rank_acceptability.iterrows()
            },
            "central_weights": {
                pid: None if row.isna().all() else row.to_dict() for pid, row in central.iterrows()
            },
            "portfolios": [
                {"portfolio": list(p), "share": float(share)}
                for p, share in zip(mc.portfolios["portfolio"], mc.portfolios["share"], strict=True)
            ],
            "weight_intervals": {
                c: [lo, hi] for c, (lo, hi) in found.one_way.weight_intervals.items()
            },
            "tornado": [
                {"criterion": str(c), **row.to_dict()}
                for c, row in found.one_way.tornado.iterrows()
            ],
        }
    )
