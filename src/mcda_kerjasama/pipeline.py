"""``run(scenario) -> RunResult``: the one orchestrator used by the CLI, notebooks and
tests. Pure: it reads the input files the scenario names and writes nothing.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))  # doctest: +SKIP
    >>> result.selection.status, len(result.selection.selected)  # doctest: +SKIP
    ('optimal', 7)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.proposals import ProposalTable, read_proposals
from mcda_kerjasama.scenario import Scenario
from mcda_kerjasama.scoring import Scores, score_proposals
from mcda_kerjasama.screening import ScreeningResult, screen
from mcda_kerjasama.weights.base import Weights
from mcda_kerjasama.weights.compute import compute_weights

if TYPE_CHECKING:  # the solver layer (scipy, highspy) loads only when a run solves
    from mcda_kerjasama.portfolio.explain import Explanations
    from mcda_kerjasama.portfolio.select import Selection
    from mcda_kerjasama.priority import PriorityList


@dataclass(frozen=True)
class Checked:
    """What ``validate`` produces: the inputs read, screened and weighted."""

    scenario: Scenario
    proposals: ProposalTable
    screening: ScreeningResult
    weights: Weights

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that did not stop the run."""
        return self.proposals.warnings


@dataclass(frozen=True)
class RunResult(Checked):
    """Everything a run computed, so every number in the output can be explained."""

    scores: Scores
    selection: Selection
    explanations: Explanations
    priority: PriorityList


def check(scenario: Scenario) -> Checked:
    """Read, validate and screen the proposals and compute the weights.

    Raises :class:`~mcda_kerjasama.errors.InputError` listing every problem.

    Example:
        >>> checked = check(load_scenario("scenarios/contoh"))  # doctest: +SKIP
    """
    proposals = read_proposals(scenario)
    return Checked(scenario, proposals, screen(proposals, scenario), compute_weights(scenario))


def run(scenario: Scenario) -> RunResult:
    """Run the whole pipeline: validate, screen, weight, score, select, explain,
    prioritise.

    Example: see the module docstring.
    """
    from mcda_kerjasama.portfolio.explain import explain
    from mcda_kerjasama.portfolio.select import solve_portfolio
    from mcda_kerjasama.priority import build_priority_list

    checked = check(scenario)
    scores = score_proposals(checked.proposals, checked.weights.weights, scenario)
    candidates = checked.proposals.data.loc[list(checked.screening.eligible)]
    unavailable = checked.screening.not_eligible
    selection = solve_portfolio(
        candidates,
        scores.total,
        scenario.years,
        scenario.constraints,
        scenario.solver,
        unavailable=unavailable,
    )
    notes = explain(
        selection,
        candidates,
        scores.total,
        scenario.constraints,
        scenario.solver,
        scenario.explain,
        unavailable=unavailable,
    )
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
