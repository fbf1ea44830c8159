"""The selection problem: everything the solver layer, the explanations, the sensitivity
analyses, the frontier and the tuner need, as one immutable object.

:func:`mcda_kerjasama.pipeline.prepare` builds it from a scenario (read, validated,
screened, weighted and scored); tests and notebooks may build one from plain frames.

Example:
    >>> from mcda_kerjasama import load_scenario
    >>> from mcda_kerjasama.pipeline import prepare
    >>> problem = prepare(load_scenario("scenarios/contoh")).problem
    >>> len(problem.candidates), problem.years, problem.unavailable
    (10, (2026,), ('K10', 'K11'))
    >>> problem.model.n_columns
    10
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.scenario import ExplainOptions, SolverOptions

if TYPE_CHECKING:
    from mcda_kerjasama.portfolio.model import PortfolioModel


@dataclass(frozen=True)
class SelectionProblem:
    """Which proposals may be chosen and under what rules.

    ``candidates``: the proposals that may be chosen (eligible ones and obligations;
    index = id) with the fields the rules read; ``score``: their total score (index =
    id); ``years``: the planning years; ``constraints`` and ``solver``: the scenario's;
    ``unavailable``: ids that exist but cannot be chosen (not eligible: a proposal
    requiring one cannot be chosen either); ``values`` and ``weights``: each candidate's
    criterion values in [0, 1] and the weights behind ``score``, for the analyses that
    move the weights; ``explain``: how much the explanations compute.
    """

    candidates: pd.DataFrame
    score: pd.Series
    years: tuple[int, ...]
    constraints: Constraints
    solver: SolverOptions = field(default_factory=SolverOptions)
    unavailable: tuple[str, ...] = ()
    values: pd.DataFrame | None = None
    weights: pd.Series | None = None
    explain: ExplainOptions = field(default_factory=ExplainOptions)

    @cached_property
    def model(self) -> PortfolioModel:
        """The portfolio model (built once, on first use)."""
        from mcda_kerjasama.portfolio.model import build_model

        return build_model(
            self.candidates,
            self.score,
            self.years,
            self.constraints,
            unavailable=self.unavailable,
        )

    def weighted(self) -> tuple[pd.DataFrame, pd.Series]:
        """The candidates' criterion values and the weights, for the analyses that move
        the weights; a ``ValueError`` when the problem was built without them.

        Example:
            >>> from mcda_kerjasama import load_scenario
            >>> from mcda_kerjasama.pipeline import prepare
            >>> problem = prepare(load_scenario("scenarios/contoh")).problem
            >>> values, weights = problem.weighted()
            >>> list(values.index) == list(problem.candidates.index), float(weights.sum())
            (True, 1.0)
        """
        if self.values is None or self.weights is None:
            raise ValueError("this analysis needs the criterion values and the weights")
        return self.values, self.weights

    def with_constraints(self, constraints: Constraints) -> SelectionProblem:
        """The same problem under other rules (a new model).

        Example:
            >>> from mcda_kerjasama import load_scenario
            >>> from mcda_kerjasama.pipeline import prepare
            >>> problem = prepare(load_scenario("scenarios/contoh")).problem
            >>> problem.with_constraints(problem.constraints.scaled(2)).constraints.budget
            {2026: 10000000000.0}
        """
        return replace(self, constraints=constraints)

    def with_score(self, score: pd.Series) -> SelectionProblem:
        """The same problem with other scores (e.g. other weights)."""
        return replace(self, score=score)

    def with_solver(self, solver: SolverOptions) -> SelectionProblem:
        """The same problem with other solver settings."""
        return replace(self, solver=solver)
