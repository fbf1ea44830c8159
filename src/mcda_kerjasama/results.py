"""What the pipeline's stages produce, as frozen data: the checked inputs, a prepared
problem, a run's result and a sensitivity analysis's. Renderers and analyses (reports,
``compare``) read these types without depending on the orchestrator that makes them
(:mod:`mcda_kerjasama.pipeline`).

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> isinstance(result, RunResult), isinstance(result, Checked)
    (True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mcda_kerjasama.errors import Problem
    from mcda_kerjasama.portfolio.explain import Explanations
    from mcda_kerjasama.portfolio.select import Selection
    from mcda_kerjasama.priority import PriorityList
    from mcda_kerjasama.problem import SelectionProblem
    from mcda_kerjasama.proposals import ProposalTable
    from mcda_kerjasama.scenario import Scenario
    from mcda_kerjasama.scoring import Scores
    from mcda_kerjasama.screening import ScreeningResult
    from mcda_kerjasama.sensitivity.montecarlo import MonteCarlo
    from mcda_kerjasama.sensitivity.oneway import OneWay
    from mcda_kerjasama.weights.base import Weights


@dataclass(frozen=True)
class Checked:
    """The inputs read, validated, screened and weighted: what ``kerjasama validate``
    reports and what every run starts from."""

    scenario: Scenario
    proposals: ProposalTable
    screening: ScreeningResult
    weights: Weights

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that did not stop the run: the proposals', the ``[weights]`` tables'
        (direct weights normalised, a key the method ignores) and AHP judgements above
        the consistency threshold (each respondent's and the group's)."""
        from mcda_kerjasama.i18n import Localised
        from mcda_kerjasama.scenario.notes import scenario_warnings
        from mcda_kerjasama.weights.words import consistency_problems

        nodes = (*self.scenario.groups, *self.scenario.criteria)
        names = {c.key: Localised({"id": c.label, "en": c.label_en}) for c in nodes}
        return (
            self.proposals.warnings
            + scenario_warnings(self.scenario)
            + consistency_problems(self.weights, names)
        )


@dataclass(frozen=True)
class RunResult(Checked):
    """Everything a run computed, so every number in the output can be explained."""

    scores: Scores
    selection: Selection
    explanations: Explanations
    priority: PriorityList


@dataclass(frozen=True)
class Prepared:
    """A scenario made ready to solve: its checked inputs, the scores, and the
    selection problem that every solve, explanation and analysis takes."""

    checked: Checked
    scores: Scores
    problem: SelectionProblem


@dataclass(frozen=True)
class SensitivityResult:
    """How robust the list is: the Monte Carlo over weight uncertainty and the exact
    one-way weight intervals (see :mod:`mcda_kerjasama.sensitivity`)."""

    monte_carlo: MonteCarlo
    one_way: OneWay
    checked: Checked | None = None  # the inputs analysed (titles, labels for reports)
