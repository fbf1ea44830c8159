"""The machine-readable result (``hasil.json``) and the priority table for CSV.

The JSON follows the contract in DESIGN.md: ``schema_version``, ``scenario``,
``status``, ``objective``, ``weights``, ``consistency_ratio``, ``selected``,
``schedule``, ``priority_list``, ``not_eligible``, ``solver`` and more.

Example:
    >>> d = result_to_dict(result)
    >>> d["status"], d["selected"][:3], d["schedule"]["K01"]
    ('optimal', ['K01', 'K02', 'K03'], 2026)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from mcda_kerjasama import __version__
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.pipeline import RunResult
from mcda_kerjasama.portfolio.frontier import Frontier
from mcda_kerjasama.scenario import Scenario

if TYPE_CHECKING:
    from mcda_kerjasama.pipeline import SensitivityResult

RESULT_SCHEMA_VERSION = 1


def _clean(value: Any) -> Any:
    """JSON-safe: NaN becomes null, numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def result_to_dict(result: RunResult, lang: Language | None = None) -> dict[str, Any]:
    """The result as the ``hasil.json`` contract, reasons in ``lang`` (default: the
    scenario's language).

    Example: see the module docstring.
    """
    lang = lang or result.scenario.language
    scenario = result.scenario
    data = result.proposals.data
    selection = result.selection
    notes = result.explanations
    priority = result.priority.to_frame(lang)
    consistency = result.weights.consistency
    out = {
        "schema_version": RESULT_SCHEMA_VERSION,
        "generator": f"mcda_kerjasama {__version__}",
        "scenario": {
            "name": scenario.name,
            "region": scenario.region,
            "years": list(scenario.years),
            "language": lang,
            "files": [str(p) for p in scenario.files],
            "proposals": str(scenario.proposals_path),
        },
        "status": selection.status,
        "objective": selection.objective,
        "criteria": list(scenario.criterion_keys),
        "weights": {k: float(v) for k, v in result.weights.weights.items()},
        "weights_method": result.weights.method,
        "consistency_ratio": consistency.consistency_ratio if consistency else None,
        "selected": list(selection.selected),
        "schedule": dict(selection.schedule),
        "priority_list": [
            {
                "rank": int(row["rank"]),
                "id": row["id"],
                "title": data.loc[row["id"], "title"],
                "score": float(row["score"]),
                "selected": bool(row["selected"]),
                "year": None if pd.isna(row["year"]) else int(row["year"]),
                "group": row["group"],
                "reason": row["reason"],
            }
            for _, row in priority.iterrows()
        ],
        "not_eligible": [
            {"id": pid, "reasons": result.screening.reason_text(pid, lang)}
            for pid in result.screening.not_eligible
        ],
        "weights_detail": result.weights.to_dict(),
        "budget": [
            {"year": int(year), **{k: float(v) for k, v in row.items()}}
            for year, row in selection.budget_use.iterrows()
        ],
        "use": [
            {"year": int(year), **{k: float(v) for k, v in row.items()}}
            for year, row in selection.use.iterrows()
        ],
        "reserve_order": list(notes.reserve_order),
        "explain": {
            "price_of_forcing": notes.settings[0],
            "reserve_steps": notes.settings[1],
            "reserve_ordered_by": "budget_growth" if notes.settings[1] else "score",
        },
        "price_of_forcing": {
            pid: {"loss": f.loss, "drop": list(f.drop), "feasible": f.feasible}
            for pid, f in notes.forcing.items()
        },
        "tight": {pid: [m.render(lang) for m in msgs] for pid, msgs in notes.tight.items() if msgs},
        "marginal_values": [
            {
                "year": m.year,
                "resource": m.resource,
                "per_unit": m.per_unit,
                "unit": "rupiah" if m.resource.startswith("budget") else "person-month",
                "method": "lp_relaxation",
            }
            for m in notes.marginal
        ],
        "budget_total": None
        if scenario.constraints.budget_total is None
        else {"cap": scenario.constraints.budget_total, "used": float(selection.use["cost"].sum())},
        "commitments": {str(int(y)): float(v) for y, v in selection.commitments.items()},
        "solver": {
            "backend": selection.solver.backend,
            "version": selection.solver.version,
            "status": selection.solver.status,
            "status_text": status_line(result, lang),
            "gap": selection.solver.gap,
            "bound": selection.solver.bound,
            "seconds": selection.solver.seconds,
            "time_limit": selection.solver.time_limit,
            "mip_gap": selection.solver.mip_gap,
            "tie_break": selection.solver.tie_break,
        },
        "warnings": [w.render(lang) for w in result.warnings],
    }
    return _clean(out)


def status_line(result: RunResult, lang: Language) -> str:
    """The solver status in words, with the gap when the optimum is not proven."""
    selection = result.selection
    if selection.status == "optimal":
        return text("status_optimal", lang)
    from mcda_kerjasama.i18n import Number

    gap = selection.solver.gap
    shown = Number(100 * gap, 3) if gap == gap else "?"  # NaN: the backend cannot tell
    return text(f"status_{selection.status}", lang, gap=shown)


def priority_table(result: RunResult, lang: Language) -> pd.DataFrame:
    """The priority list with the proposal details a reader needs, headers in ``lang``.

    Example:
        >>> priority_table(result, "en").columns[:3].tolist()
        ['Rank', 'Id', 'Title']
    """
    data = result.proposals.data
    frame = result.priority.to_frame(lang)
    rows = data.loc[frame["id"]]
    yes, no = text("label_yes", lang), text("label_no", lang)
    return pd.DataFrame(
        {
            text("label_rank", lang): frame["rank"].to_numpy(),
            text("label_id", lang): frame["id"].to_numpy(),
            text("label_title", lang): rows["title"].to_numpy(),
            text("label_agency", lang): rows["agency"].to_numpy(),
            "Urusan": rows["urusan"].to_numpy(),
            text("label_kind", lang): rows["kind"].to_numpy(),
            text("label_partner", lang): rows["partner"].to_numpy(),
            text("label_score", lang): frame["score"].round(2).to_numpy(),
            text("label_selected", lang): [yes if s else no for s in frame["selected"]],
            text("label_year", lang): frame["year"].array,
            text("label_cost", lang): rows["cost"].round(0).astype("int64").to_numpy(),
            text("label_staff", lang): rows["staff"].to_numpy(),
            text("label_reason", lang): frame["reason"].to_numpy(),
        }
    )


def frontier_to_dict(frontier: Frontier, scenario: Scenario) -> dict[str, Any]:
    """The frontier as JSON: the scenario, its current budget and every point.

    Example:
        >>> from mcda_kerjasama.pipeline import frontier
        >>> frontier_to_dict(frontier(scenario, steps=2), scenario)["points"][0]["status"]
        'infeasible'
    """
    points = frontier.points.to_dict("records")
    return _clean(
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
    return _clean(
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
