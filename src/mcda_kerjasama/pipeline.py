"""``run(scenario) -> RunResult``: the one orchestrator used by the CLI, notebooks and
tests. Pure: it reads the input files the scenario names and writes nothing.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> result.selection.status, len(result.selection.selected)
    ('optimal', 7)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from mcda_kerjasama.constraints import check_references
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.proposals import ProposalsInput, read_proposals
from mcda_kerjasama.results import Checked, Prepared, RunResult, SensitivityResult
from mcda_kerjasama.scenario import Scenario
from mcda_kerjasama.scoring import score_proposals
from mcda_kerjasama.screening import screen
from mcda_kerjasama.weights.compute import compute_weights

if TYPE_CHECKING:  # the solver layer (scipy, highspy) loads only when a run solves
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

#: Seconds per stage, filled in by :func:`check`, :func:`prepare` and :func:`run` when
#: given one (``read``, ``screen``, ``weights``, ``score``, ``build``, ``solve``,
#: ``explain``, ``priority``); the benchmarks and ``--profile``-style tools read it.
Timings = MutableMapping[str, float]

#: Told the name of each stage as it starts (the ``timings`` names); the command line
#: shows it on a terminal. The core never prints.
Progress = Callable[[str], None]


@contextmanager
def _stage(timings: Timings | None, name: str, progress: Progress | None = None) -> Iterator[None]:
    """Add the block's wall-clock seconds to ``timings[name]`` (nothing without a table),
    after telling ``progress`` the stage's name.

    Example:
        >>> seen: dict[str, float] = {}
        >>> with _stage(seen, "read"):
        ...     pass
        >>> list(seen), seen["read"] >= 0
        (['read'], True)
    """
    if progress is not None:
        progress(name)
    if timings is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


def check(
    scenario: Scenario,
    proposals: ProposalsInput | None = None,
    *,
    timings: Timings | None = None,
    progress: Progress | None = None,
) -> Checked:
    """Read, validate and screen the proposals and compute the weights. ``proposals``
    given in memory (a table of cells, an upload's bytes, a stream: see
    :data:`~mcda_kerjasama.proposals.ProposalsInput`) replace the scenario's file.
    ``timings``, when given, receives the seconds of ``read``, ``screen`` and ``weights``.

    Raises :class:`~mcda_kerjasama.errors.InputError` listing every problem.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> checked = check(load_scenario("scenarios/contoh"))
        >>> checked.screening.not_eligible
        ('K10', 'K11')
    """
    with _stage(timings, "read", progress):
        table = read_proposals(scenario, proposals)
        problems = check_references(scenario.constraints, table.data)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    table = replace(table, warnings=table.warnings + tuple(problems))
    with _stage(timings, "screen", progress):
        screened = screen(table, scenario)
    with _stage(timings, "weights", progress):
        weights = compute_weights(scenario)
    return Checked(scenario, table, screened, weights)


def prepare(
    scenario: Scenario,
    proposals: ProposalsInput | None = None,
    *,
    timings: Timings | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Check the scenario's inputs (``proposals`` as in :func:`check`), score the
    proposals and build the selection problem (the candidates are the eligible
    proposals and the obligations). ``timings`` as in :func:`check`, plus ``score``.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> prepared = prepare(load_scenario("scenarios/contoh"))
        >>> len(prepared.problem.candidates), prepared.problem.unavailable
        (10, ('K10', 'K11'))
    """
    checked = check(scenario, proposals, timings=timings, progress=progress)
    with _stage(timings, "score", progress):
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


def frontier(
    scenario: Scenario,
    steps: int = 20,
    proposals: ProposalsInput | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> Frontier:
    """The best total value at ``steps + 1`` budget levels from zero to the cost of
    every candidate (see :mod:`mcda_kerjasama.portfolio.frontier`); ``progress`` is
    called with the number of levels solved.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> points = frontier(load_scenario("scenarios/contoh"), steps=5).points
        >>> float(points["value"].max())
        653.75
    """
    from mcda_kerjasama.portfolio.frontier import compute_frontier

    return compute_frontier(prepare(scenario, proposals).problem, steps=steps, progress=progress)


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
    stages: Progress | None = None,
    scheduler: str | None = None,
    proposals: ProposalsInput | None = None,
) -> SensitivityResult:
    """Monte Carlo over the scenario's weight uncertainty (``[sensitivity]``: rank
    acceptability, selection frequencies, core / borderline / exterior proposals) and the
    one-way intervals of every criterion's weight in which the portfolio and the top-k
    order stay the same. ``progress`` is called with the draws done, ``stages`` with the
    name of each stage as it starts (as in :func:`run`, then ``oneway``); ``scheduler`` runs
    the draws on an existing Dask cluster (same result).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> s = load_scenario("scenarios/contoh", ["sensitivity.draws=50"])
        >>> found = sensitivity(s)
        >>> found.monte_carlo.classification["K01"], len(found.one_way.weight_intervals)
        ('core', 5)
    """
    from mcda_kerjasama.sensitivity.montecarlo import monte_carlo
    from mcda_kerjasama.sensitivity.oneway import one_way

    prepared = prepare(scenario, proposals, progress=stages)
    problem = prepared.problem
    mc = monte_carlo(
        problem,
        scenario.sensitivity,
        progress=progress,
        scheduler=scheduler,
        judgements=_judgement_table(scenario),
    )
    if stages is not None:
        stages("oneway")
    ranges = one_way(problem, top_k=scenario.sensitivity.top_k)
    return SensitivityResult(mc, ranges, prepared.checked)


def sweep(
    scenario: Scenario,
    grid: Sequence[tuple[str, Sequence[str]]],
    *,
    progress: Callable[[int], None] | None = None,
    scheduler: str | None = None,
    proposals: ProposalsInput | None = None,
) -> pd.DataFrame:
    """Solve every combination of the ``grid`` (key -> values, as ``--set`` text) on
    ``scenario``: one row per variant with the values, the status, the total value, the
    number selected, the budget used and the selected ids. An infeasible variant is a
    row with its first conflict, not an error. Each variant is the scenario's resolved
    content with the values applied (nothing is read again from its files but the
    proposals, or ``proposals`` given in memory); ``scheduler`` solves the variants on
    an existing Dask cluster.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> contoh = load_scenario("scenarios/contoh")
        >>> table = sweep(contoh, [("constraints.budget", ["2e9", "5e9"])])
        >>> table[["constraints.budget", "status", "selected"]].values.tolist()
        [['2e9', 'infeasible', 0], ['5e9', 'optimal', 7]]
    """
    import itertools

    from mcda_kerjasama.sensitivity.parallel import map_tasks

    keys = [key for key, _ in grid]
    cells = _cells(proposals)
    variants = [
        _Variant(
            dict(scenario.resolved),
            scenario.files,
            tuple(f"{k}={v}" for k, v in zip(keys, values, strict=True)),
            dict(zip(keys, values, strict=True)),
            cells,
        )
        for values in itertools.product(*(values for _, values in grid))
    ]
    rows = map_tasks(_solve_variant, variants, scheduler=scheduler, progress=progress)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class _Variant:
    """One sweep variant, as plain data that travels to another process or a Dask
    worker: the base scenario's resolved content and files, the overrides, the values
    shown, and the proposals given in memory (if any)."""

    resolved: dict[str, Any]
    files: tuple[Path, ...]
    overrides: tuple[str, ...]
    values: dict[str, str]
    proposals: ProposalsInput | None


def _cells(proposals: ProposalsInput | None) -> ProposalsInput | None:
    """In-memory proposals in a form that pickles (a stream becomes its bytes)."""
    if proposals is None or isinstance(proposals, str | Path | bytes | pd.DataFrame):
        return proposals
    from mcda_kerjasama.proposals import Upload

    if isinstance(proposals, Upload):
        return proposals
    return Upload(getattr(proposals, "name", "") or "", proposals.read())


def _solve_variant(variant: _Variant) -> dict[str, object]:
    """One sweep row: build the variant, solve it, summarise (a top-level function, so
    it can run in another process or on a Dask worker)."""
    from mcda_kerjasama.errors import InfeasibleError
    from mcda_kerjasama.portfolio.select import solve_portfolio
    from mcda_kerjasama.scenario import apply_overrides, build_scenario

    scenario = build_scenario(apply_overrides(variant.resolved, variant.overrides), variant.files)
    row: dict[str, object] = dict(variant.values)
    try:
        chosen = solve_portfolio(prepare(scenario, variant.proposals).problem)
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


def run(
    scenario: Scenario,
    proposals: ProposalsInput | None = None,
    *,
    timings: Timings | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Run the whole pipeline: validate, screen, weight, score, select, explain,
    prioritise. ``proposals`` given in memory replace the scenario's file (see
    :func:`check`); nothing is read from or written to disk for them. ``timings``, when
    given, receives each stage's seconds (:data:`Timings`: ``build`` is the model,
    ``solve`` everything :func:`~mcda_kerjasama.portfolio.select.solve_portfolio` does
    after it).

    Example (the module docstring reads the file; here the same cells from memory):
        >>> from mcda_kerjasama import load_scenario, run
        >>> import pandas as pd
        >>> cells = pd.read_csv("scenarios/contoh/usulan.csv", sep=";", dtype=str)
        >>> run(load_scenario("scenarios/contoh"), cells).selection.objective
        535.0
    """
    from mcda_kerjasama.portfolio.explain import explain
    from mcda_kerjasama.portfolio.select import solve_portfolio
    from mcda_kerjasama.priority import build_priority_list

    prepared = prepare(scenario, proposals, timings=timings, progress=progress)
    checked, scores, problem = prepared.checked, prepared.scores, prepared.problem
    started = time.perf_counter()
    with _stage(timings, "build", progress):
        problem.model  # noqa: B018 - built once here (cached), so "solve" is the solve
    with _stage(timings, "solve", progress):  # the time limit covers the building too
        selection = solve_portfolio(problem, spent=time.perf_counter() - started)
    with _stage(timings, "explain", progress):
        notes = explain(selection, problem)
    with _stage(timings, "priority", progress):
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
