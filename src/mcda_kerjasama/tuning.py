"""Tune the weights live: move a weight or an AHP judgement and see, at once, the
consistency, the new ranking and which proposals enter or leave the portfolio.

:class:`WeightTuner` prepares a scenario once (reads and screens the proposals, keeps
each candidate's 0-1 criterion values and builds the portfolio model once) and then
answers every change by re-weighting (scores are ``100 * V @ w``), changing the model's
objective and solving again with the scenario's solver options and tie-break, so the
portfolio is the one :func:`~mcda_kerjasama.pipeline.run` selects with the same weights.
It imports no widget library: a notebook wires its sliders to these methods.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> scenario = load_scenario("scenarios/contoh")
    >>> result = run(scenario)
    >>> tuner = WeightTuner(scenario)
    >>> tuner.state.selected == result.selection.selected
    True
    >>> state = tuner.set_weight("potential", 0.6)
    >>> state.weights.round(4).to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'mutual_benefit': 0.15, 'real_need': 0.125, 'potential': 0.6,
     'sustainability': 0.075, 'inclusiveness': 0.05}
    >>> state.entered, state.left
    (('K06',), ('K02',))
    >>> tuner.reset().selected == result.selection.selected
    True
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.i18n import closest_hint
from mcda_kerjasama.pipeline import prepare
from mcda_kerjasama.portfolio.backends import Status
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.portfolio.select import solve_portfolio
from mcda_kerjasama.scenario import Scenario, load_scenario
from mcda_kerjasama.weights.ahp import PairwiseComparisons, check_value
from mcda_kerjasama.weights.base import Consistency, RepairSuggestion, RespondentSummary, Weights
from mcda_kerjasama.weights.compute import ahp_from_sets, judgement_sets
from mcda_kerjasama.weights.simple import direct_weights


@dataclass(frozen=True)
class TuningState:
    """What the tuner shows after an update.

    ``weights`` by criterion key (sum 1) from ``method``; ``consistency`` (CR,
    ``consistent``, ``lambda_max``), ``suggestions`` (repairs, largest CR reduction
    first) and ``respondents`` when the weights come from AHP judgements, else ``None``
    and empty. ``ranking``: the eligible proposals by score (columns ``rank``, ``id``,
    ``title``, ``score``; equal scores keep input order). ``selected``: the portfolio's
    ids in input order; ``entered`` / ``left`` against the previous state and
    ``entered_since_start`` / ``left_since_start`` against the scenario's own portfolio.
    ``total_value`` is the portfolio's total score, ``budget_used`` the cost per
    planning year, ``status`` the solver's and ``seconds`` the time the update took.
    """

    weights: pd.Series
    method: str
    consistency: Consistency | None
    suggestions: tuple[RepairSuggestion, ...]
    respondents: tuple[RespondentSummary, ...]
    ranking: pd.DataFrame
    selected: tuple[str, ...]
    entered: tuple[str, ...]
    left: tuple[str, ...]
    entered_since_start: tuple[str, ...]
    left_since_start: tuple[str, ...]
    total_value: float
    budget_used: pd.Series
    status: str
    seconds: float


class WeightTuner:
    """Re-rank and re-select a scenario's proposals as its weights change.

    Direct changes (:meth:`set_weight`, :meth:`set_weights`) make the weights
    ``direct``; :meth:`set_judgement` changes one AHP judgement (flat AHP scenarios) and
    recomputes the AHP weights from every current judgement, so after a direct change
    the next judgement brings the judgements back in charge. :meth:`reset` returns to
    the scenario's weights and judgements. Every method returns the new
    :class:`TuningState`, also kept in :attr:`state`. Raises
    :class:`~mcda_kerjasama.errors.InfeasibleError` when the scenario's rules admit no
    portfolio (the weights cannot change that).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> tuner = WeightTuner(load_scenario("scenarios/contoh"))
        >>> tuner.state.ranking.head(2)[["rank", "id", "score"]].values.tolist()
        [[1, 'K01', 86.25], [2, 'K12', 81.25]]
        >>> tuner.criteria()["real_need"]
        'Kebutuhan nyata'
    """

    def __init__(self, scenario: Scenario) -> None:
        started = time.perf_counter()
        prepared = prepare(scenario)
        checked, scores, problem = prepared.checked, prepared.scores, prepared.problem
        candidates = problem.candidates
        self.scenario = scenario
        self._problem = problem
        self._keys = scenario.criterion_keys
        self._original = checked.weights
        # every proposal's values in scoring order, scored exactly as compute_scores does
        self._columns = list(scores.values.columns)
        self._values = scores.values.to_numpy(dtype=float)
        self._candidates = tuple(str(i) for i in candidates.index)
        self._titles = candidates["title"].astype(str).to_numpy()
        index = scores.values.index
        self._candidate_rows = index.get_indexer(candidates.index)
        self._model = problem.model
        self._column_rows = index.get_indexer(self._model.columns["proposal"])
        self._start_sets = self._judgement_sets()
        self._sets = self._start_sets
        self._start: tuple[str, ...] | None = None  # the scenario's portfolio, once solved
        self._solver: Reoptimiser | None = None
        self._state = self._evaluate(self._original, None, started)
        self._start = self._state.selected

    @classmethod
    def from_path(cls, path: str | Path, overrides: tuple[str, ...] = ()) -> WeightTuner:
        """A tuner for the scenario at ``path`` with ``--set`` style ``overrides``.

        Example:
            >>> WeightTuner.from_path("scenarios/contoh", ("constraints.budget=5e9",)).state.status
            'optimal'
        """
        return cls(load_scenario(path, list(overrides)))

    @property
    def state(self) -> TuningState:
        """The current state."""
        return self._state

    def criteria(self) -> dict[str, str]:
        """Criterion key -> label in the scenario's language, in scenario order.

        Example: see the class docstring.
        """
        return {c.key: c.display(self.scenario.language) for c in self.scenario.criteria}

    def judgements(self) -> pd.DataFrame:
        """The current AHP judgements (columns ``respondent``, ``a``, ``b``, ``value``:
        ``a`` is ``value`` times as important as ``b``); empty when the weights do not
        come from judgements. A single set has respondent ``""``.

        Example:
            >>> from mcda_kerjasama import load_scenario
            >>> tuner = WeightTuner(load_scenario("scenarios/contoh-ahp"))
            >>> first = tuner.judgements().iloc[0]
            >>> first["respondent"], first["a"], first["b"], float(first["value"])
            ('Sekda', 'mutual_benefit', 'real_need', 1.0)
        """
        rows = [
            (who, a, b, float(v))
            for who, comparisons in (self._sets or {}).items()
            for (a, b), v in comparisons.judgements.items()
        ]
        return pd.DataFrame(rows, columns=["respondent", "a", "b", "value"])

    def set_weights(self, values: Mapping[str, float]) -> TuningState:
        """Set several weights at once; criteria not named keep their current weight and
        all are then normalised to sum 1 (non-negative numbers, not all zero).

        Example:
            >>> from mcda_kerjasama import load_scenario
            >>> tuner = WeightTuner(load_scenario("scenarios/contoh"))
            >>> w = tuner.set_weights({"mutual_benefit": 2, "real_need": 2}).weights
            >>> w.round(4).tolist()
            [0.4494, 0.4494, 0.0449, 0.0337, 0.0225]
        """
        started = time.perf_counter()
        merged = {**self._state.weights.to_dict(), **values}
        return self._advance(direct_weights(merged, self._keys), started)

    def set_weight(self, criterion: str, value: float) -> TuningState:
        """Set one criterion's weight to ``value`` (0 to 1); the others share ``1 -
        value`` in their current proportions (equally when they are all zero), so the
        weights still sum to 1.

        Example:
            >>> from mcda_kerjasama import load_scenario
            >>> tuner = WeightTuner(load_scenario("scenarios/contoh"))
            >>> tuner.set_weight("inclusiveness", 0.28).weights.round(4).tolist()
            [0.24, 0.2, 0.16, 0.12, 0.28]
        """
        started = time.perf_counter()
        problems = []
        if criterion not in self._keys:
            hint = closest_hint(criterion, self._keys, "key_hint")
            problems.append(Problem("weights_unknown_criterion", value=criterion, params=hint))
        number = isinstance(value, int | float | np.number) and not isinstance(value, bool)
        if not number or not 0.0 <= float(value) <= 1.0:
            problems.append(
                Problem("tuning_weight_range", value=value, params={"criterion": criterion})
            )
        if problems:
            raise JudgementError(problems)
        others = self._state.weights.drop(criterion)
        rest = 1.0 - float(value)
        total = float(others.sum())
        shared = others * (rest / total) if total > 0 else others * 0.0 + rest / len(others)
        new = {**shared.to_dict(), criterion: float(value)}
        return self._advance(direct_weights(new, self._keys), started)

    def set_judgement(
        self, a: str, b: str, value: float, respondent: str | None = None
    ) -> TuningState:
        """Judge ``a`` to be ``value`` times as important as ``b`` (a value on Saaty's
        scale, 1/9 to 9) for ``respondent`` (needed when there are several) and
        recompute the AHP weights, consistency and repair suggestions from the current
        judgements. Raises :class:`~mcda_kerjasama.errors.JudgementError` naming the
        pair when the value or a name cannot be used; the state is then unchanged.

        Example:
            >>> from mcda_kerjasama import load_scenario
            >>> tuner = WeightTuner(load_scenario("scenarios/contoh-ahp"))
            >>> state = tuner.set_judgement("mutual_benefit", "sustainability", 1 / 9, "Sekda")
            >>> state.consistency.consistent, [s.respondent for s in state.suggestions][:1]
            (True, ['Sekda'])
            >>> try:
            ...     tuner.set_judgement("mutual_benefit", "potential", 12, "Sekda")
            ... except JudgementError as err:
            ...     print(err.render("en"))
            the value 12 for (mutual_benefit, potential) is outside Saaty's scale 1/9 to 9
        """
        started = time.perf_counter()
        if self._sets is None:
            raise JudgementError([Problem("tuning_not_ahp")])
        names = list(self._sets)
        who = names[0] if respondent is None and len(names) == 1 else respondent
        problems = []
        if who not in self._sets:
            allowed = ", ".join(names)
            problems.append(Problem("tuning_respondent", value=who, params={"allowed": allowed}))
        for name in (a, b):
            if name not in self._keys:
                hint = closest_hint(name, self._keys, "key_hint")
                problems.append(Problem("ahp_criterion_unknown", value=name, params=hint))
        if a == b:
            problems.append(Problem("ahp_self_comparison", params={"a": a}))
        checked, code = check_value(value, "saaty")
        if code is not None:
            key = f"{a}/{b}" if code == "ahp_value_invalid" else None  # its text has no pair
            problems.append(Problem(code, value=value, params={"a": a, "b": b}, key=key))
        if problems or checked is None or who is None:
            raise JudgementError(problems)
        sets = {**self._sets, who: _judged(self._sets[who], a, b, checked)}
        weights = ahp_from_sets(sets, self.scenario.weights, self._keys)
        self._sets = sets
        return self._advance(weights, started)

    def reset(self) -> TuningState:
        """Back to the scenario's weights and judgements.

        Example: see the module docstring.
        """
        started = time.perf_counter()
        self._sets = self._start_sets
        return self._advance(self._original, started)

    # --- internals -------------------------------------------------------------------

    def _judgement_sets(self) -> dict[str, PairwiseComparisons] | None:
        """The scenario's judgements by respondent when its weights are flat AHP."""
        table: Mapping[str, Any] = self.scenario.weights
        if table.get("method") != "ahp" or self.scenario.groups:
            return None
        return judgement_sets(table, self._keys)

    def _advance(self, weights: Weights, started: float) -> TuningState:
        self._state = self._evaluate(weights, self._state.selected, started)
        return self._state

    def _evaluate(
        self, weights: Weights, previous: tuple[str, ...] | None, started: float
    ) -> TuningState:
        """Score with ``weights``, rank, select; compare with ``previous`` and the start
        (``None``: the new portfolio itself, so nothing entered or left)."""
        w = weights.weights.reindex(self._columns).to_numpy(dtype=float)
        total = self._values @ (100.0 * w)
        objective = total[self._column_rows]
        if self._solver is None:  # the first solve: as `run` does it, with its diagnosis
            score = pd.Series(total[self._candidate_rows], index=list(self._candidates))
            first = solve_portfolio(self._problem.with_score(score))
            x, status = first.x, first.status
            solver = self.scenario.solver
            self._solver = Reoptimiser(self._model, solver.time_limit, [x], solver.backend)
        else:  # only the objective changed: re-optimise (milliseconds, same tie rule)
            unproven = self._solver.counts["unproven"]
            x = self._solver.solve(objective)
            proven = self._solver.counts["unproven"] == unproven
            status = Status.OPTIMAL if proven else Status.TIME_LIMIT
        picked = self._model.picked(x)
        selected = tuple(i for i in self._candidates if i in picked)
        previous = selected if previous is None else previous
        start = selected if self._start is None else self._start
        score = total[self._candidate_rows]
        order = np.argsort(-score, kind="stable")
        ranking = pd.DataFrame(
            {
                "rank": np.arange(1, len(order) + 1),
                "id": np.array(self._candidates, dtype=object)[order],
                "title": self._titles[order],
                "score": score[order],
            }
        )
        used = pd.Series(
            self._model.cost_by_year @ x,
            index=pd.Index(self._model.years, name="year"),
            name="used",
        )
        return TuningState(
            weights=weights.weights.reindex(list(self._keys)),
            method=weights.method,
            consistency=weights.consistency,
            suggestions=weights.suggestions,
            respondents=weights.respondents,
            ranking=ranking,
            selected=selected,
            entered=_minus(selected, previous),
            left=_minus(previous, selected),
            entered_since_start=_minus(selected, start),
            left_since_start=_minus(start, selected),
            total_value=float(objective @ x),
            budget_used=used,
            status=status,
            seconds=time.perf_counter() - started,
        )


def _judged(comparisons: PairwiseComparisons, a: str, b: str, value: float) -> PairwiseComparisons:
    """``comparisons`` with a-over-b set to ``value``, kept in the orientation given (a
    pair left blank is added as ``(a, b)``)."""
    judgements = dict(comparisons.judgements)
    if (b, a) in judgements:
        judgements[(b, a)] = cast(float, check_value(1.0 / value, "saaty")[0])  # on the scale
    else:
        judgements[(a, b)] = value
    return replace(comparisons, judgements=judgements)


def _minus(these: tuple[str, ...], those: tuple[str, ...]) -> tuple[str, ...]:
    """The ids of ``these`` not in ``those``, in the order of ``these``."""
    gone = set(those)
    return tuple(i for i in these if i not in gone)
