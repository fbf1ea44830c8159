"""``run(scenario) -> RunResult``: the one orchestrator used by the CLI, notebooks and
tests. Pure: it reads the input files the scenario names and writes nothing.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> result.selection.status, len(result.selection.selected)
    ('optimal', 7)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcda_kerjasama.constraints import check_references
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.proposals import read_proposals
from mcda_kerjasama.results import Checked, Prepared, RunResult, SensitivityResult
from mcda_kerjasama.scenario import Scenario
from mcda_kerjasama.scoring import score_proposals
from mcda_kerjasama.screening import screen
from mcda_kerjasama.weights.compute import compute_weights

if TYPE_CHECKING:  # the solver layer (scipy, highspy) loads only when a run solves
    import pandas as pd

    from mcda_kerjasama.portfolio.frontier import Frontier

__all__ = [
    "Checked",
    "Prepared",
    "RunResult",
    "SensitivityResult",
    "check",
    "frontier",
    "prepare",
    "run",
    "sensitivity",
    "sweep",
]


def check(scenario: Scenario) -> Checked:
    """Read, validate and screen the proposals and compute the weights.

    Raises :class:`~mcda_kerjasama.errors.InputError` listing every problem.

    Example:
        >>> checked = check(load_scenario("scenarios/contoh"))
        >>> checked.screening.not_eligible
        ('K10', 'K11')
    """
    proposals = read_proposals(scenario)
    problems = check_references(scenario.constraints, proposals.data)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    proposals = replace(proposals, warnings=proposals.warnings + tuple(problems))
    return Checked(scenario, proposals, screen(proposals, scenario), compute_weights(scenario))


def prepare(scenario: Scenario) -> Prepared:
    """Check the scenario's inputs, score the proposals and build the selection problem
    (the candidates are the eligible proposals and the obligations).

    Example:
        >>> prepared = prepare(load_scenario("scenarios/contoh"))
        >>> len(prepared.problem.candidates), prepared.problem.unavailable
        (10, ('K10', 'K11'))
    """
    checked = check(scenario)
    scores = score_proposals(checked.proposals, checked.weights.weights, scenario)
    candidates = checked.proposals.data.loc[list(checked.screening.eligible)]
    problem = SelectionProblem(
        candidates,
        scores.total.loc[candidates.index],
        scenario.years,
        scenario.constraints,
        scenario.solver,
        checked.screening.not_eligible,
        scores.values.loc[candidates.index],
        checked.weights.weights,
        scenario.explain,
    )
    return Prepared(checked, scores, problem)


def frontier(scenario: Scenario, steps: int = 20) -> Frontier:
    """The best total value at ``steps + 1`` budget levels from zero to the cost of
    every candidate (see :mod:`mcda_kerjasama.portfolio.frontier`).

    Example:
        >>> points = frontier(load_scenario("scenarios/contoh"), steps=5).points
        >>> float(points["value"].max())
        653.75
    """
    from mcda_kerjasama.portfolio.frontier import compute_frontier

    return compute_frontier(prepare(scenario).problem, steps=steps)


def _judgement_table(scenario: Scenario) -> Mapping[str, Any] | None:
    """The AHP ``[weights]`` table when the judgements model needs it (flat AHP only)."""
    if scenario.sensitivity.model != "judgements":
        return None
    if scenario.weights.get("method") != "ahp" or scenario.groups:
        from mcda_kerjasama.errors import InputError

        raise InputError([Problem("sensitivity_needs_ahp", key="sensitivity.model")])
    return scenario.weights


def sensitivity(
    scenario: Scenario,
    *,
    progress: Callable[[int], None] | None = None,
    scheduler: str | None = None,
) -> SensitivityResult:
    """Monte Carlo over the scenario's weight uncertainty (``[sensitivity]``: rank
    acceptability, selection frequencies, core / borderline / exterior proposals) and the
    one-way intervals of every criterion's weight in which the portfolio and the top-k
    order stay the same. ``progress`` is called with the draws done; ``scheduler`` runs
    the draws on an existing Dask cluster (same result).

    Example:
        >>> s = load_scenario("scenarios/contoh", ["sensitivity.draws=50"])
        >>> found = sensitivity(s)
        >>> found.monte_carlo.classification["K01"], len(found.one_way.weight_intervals)
        ('core', 5)
    """
    from mcda_kerjasama.sensitivity.montecarlo import monte_carlo
    from mcda_kerjasama.sensitivity.oneway import one_way

    problem = prepare(scenario).problem
    mc = monte_carlo(
        problem,
        scenario.sensitivity,
        progress=progress,
        scheduler=scheduler,
        judgements=_judgement_table(scenario),
    )
    return SensitivityResult(mc, one_way(problem, top_k=scenario.sensitivity.top_k))


def sweep(
    path: str | Path,
    grid: Sequence[tuple[str, Sequence[str]]],
    sets: Sequence[str] = (),
    *,
    progress: Callable[[int], None] | None = None,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Solve every combination of the ``grid`` (key -> values, as ``--set`` text) on the
    scenario at ``path`` (with ``sets`` applied first): one row per variant with the
    values, the status, the total value, the number selected, the budget used and the
    selected ids. An infeasible variant is a row with its first conflict, not an error.
    ``scheduler`` solves the variants on an existing Dask cluster.

    Example:
        >>> table = sweep("scenarios/contoh", [("constraints.budget", ["2e9", "5e9"])])
        >>> table[["constraints.budget", "status", "selected"]].values.tolist()
        [['2e9', 'infeasible', 0], ['5e9', 'optimal', 7]]
    """
    import itertools

    import pandas as pd

    from mcda_kerjasama.sensitivity.parallel import map_tasks

    keys = [key for key, _ in grid]
    variants = [
        (
            str(path),
            [*sets, *(f"{k}={v}" for k, v in zip(keys, values, strict=True))],
            dict(zip(keys, values, strict=True)),
        )
        for values in itertools.product(*(values for _, values in grid))
    ]
    rows = map_tasks(_solve_variant, variants, scheduler=scheduler, progress=progress)
    return pd.DataFrame(rows)


def _solve_variant(variant: tuple[str, list[str], dict[str, str]]) -> dict[str, object]:
    """One sweep row: load the variant, solve it, summarise (a top-level function, so it
    can run in another process or on a Dask worker)."""
    from mcda_kerjasama.errors import InfeasibleError
    from mcda_kerjasama.portfolio.select import solve_portfolio
    from mcda_kerjasama.scenario import load_scenario

    path, overrides, values = variant
    scenario = load_scenario(path, overrides)
    row: dict[str, object] = dict(values)
    try:
        chosen = solve_portfolio(prepare(scenario).problem)
    except InfeasibleError as exc:
        return row | {
            "status": "infeasible",
            "objective": None,
            "selected": 0,
            "budget_used": None,
            "ids": "",
            "conflict": exc.conflicts[0].render(scenario.language),
        }
    return row | {
        "status": chosen.status,
        "objective": chosen.objective,
        "selected": len(chosen.selected),
        "budget_used": float(chosen.use["cost"].sum()),
        "ids": " ".join(chosen.selected),
        "conflict": "",
    }


def run(scenario: Scenario) -> RunResult:
    """Run the whole pipeline: validate, screen, weight, score, select, explain,
    prioritise.

    Example: see the module docstring.
    """
    from mcda_kerjasama.portfolio.explain import explain
    from mcda_kerjasama.portfolio.select import solve_portfolio
    from mcda_kerjasama.priority import build_priority_list

    prepared = prepare(scenario)
    checked, scores, problem = prepared.checked, prepared.scores, prepared.problem
    selection = solve_portfolio(problem)
    notes = explain(selection, problem)
    priority = build_priority_list(
        checked.proposals, scores.total, checked.screening, selection, notes
    )
    return RunResult(
        checked.scenario,
        checked.proposals,
        checked.screening,
        checked.weights,
        scores,
        selection,
        notes,
        priority,
    )
