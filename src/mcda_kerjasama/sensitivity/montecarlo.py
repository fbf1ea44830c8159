"""Monte Carlo over weight uncertainty (SMAA style), for the ranking and the portfolio.

Each draw takes a weight vector from the uncertainty model, re-scores every candidate
(scores are linear in the weights: ``100 * V @ w``) and re-selects the portfolio. The
ranking gives *rank acceptability* (the share of draws in which a proposal holds each
rank) and *central weights* (the mean weights that make a proposal first); the portfolio
gives each proposal's *selection frequency* with its Monte Carlo standard error and a
classification: **core** (selected in every draw), **exterior** (in none) and
**borderline**; and the most frequent portfolios with their shares.

Uncertainty models (``[sensitivity] model``):

* ``uniform``: uniform over all weight vectors (Dirichlet(1, ..., 1));
* ``dirichlet``: around the chosen weights, Dirichlet(concentration x w): the larger
  the concentration, the closer to w (mean w, variance w(1-w)/(concentration+1));
* ``order``: uniform over the weight vectors that keep the chosen weights' order;
* ``intervals``: uniform over the weight vectors inside per-criterion intervals
  (rejection sampling; an error when the intervals leave almost no room);
* ``judgements``: every AHP judgement moved one step on Saaty's scale (down, none or up,
  equally likely) and the weights recomputed (needs ``method = "ahp"``).

Draws are made in fixed chunks, each with its own seed spawned from ``seed``, so the
result does not depend on the number of workers. The portfolio model is built once; each
chunk re-solves it for every draw's scores with a
:class:`~mcda_kerjasama.portfolio.reoptimise.Reoptimiser` (LP bound, reduced-cost
fixing, enumeration of the few columns left free, HiGHS only when too many stay free),
starting from the chosen weights' optimum. Every draw's portfolio is proven optimal, and
ties are resolved by the same keys as the main selection, so a draw's portfolio depends
on its weights alone.

Example:
    >>> from mcda_kerjasama import load_scenario
    >>> from mcda_kerjasama.pipeline import prepare
    >>> problem = prepare(load_scenario("scenarios/contoh")).problem
    >>> mc = monte_carlo(problem, SensitivityOptions(draws=40, seed=1))
    >>> mc.classification["K01"], mc.classification["K06"], float(mc.portfolios["share"][0])
    ('core', 'exterior', 1.0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import SensitivityOptions
from mcda_kerjasama.sensitivity.parallel import map_tasks

CHUNK = 50  # draws per chunk: the unit of seeding and of parallel work


@dataclass(frozen=True)
class MonteCarlo:
    """The Monte Carlo result (index = proposal id, columns = criteria where relevant).

    ``rank_acceptability``: share of draws with each rank (columns 1..R);
    ``central_weights``: mean weights over the draws where a proposal ranks first (NaN
    when it never does); ``selection_frequency`` and ``standard_error``;
    ``classification``: core | borderline | exterior; ``portfolios``: the most frequent
    selected sets with their shares; ``weights``: every draw's weights; ``proofs``: how
    each draw's portfolio was proven optimal (``enumerated`` after reduced-cost fixing,
    or by the ``mip`` solver; see :mod:`mcda_kerjasama.portfolio.reoptimise`).
    """

    draws: int
    seed: int
    model: str
    rank_acceptability: pd.DataFrame
    central_weights: pd.DataFrame
    selection_frequency: pd.Series
    standard_error: pd.Series
    classification: pd.Series
    portfolios: pd.DataFrame
    weights: pd.DataFrame
    proofs: Mapping[str, int]


def sample_weights(
    base: pd.Series,
    n: int,
    rng: np.random.Generator,
    options: SensitivityOptions,
    judgements: Mapping[str, Any] | None = None,
) -> np.ndarray:
    """``n`` weight vectors (rows) from the uncertainty model around ``base``; the
    ``judgements`` model needs the scenario's AHP ``[weights]`` table.

    Example:
        >>> w = sample_weights(pd.Series({"a": 0.7, "b": 0.3}), 5, np.random.default_rng(0),
        ...                    SensitivityOptions(model="order"))
        >>> bool(np.all(w[:, 0] >= w[:, 1])), np.allclose(w.sum(axis=1), 1)
        (True, True)
    """
    k = len(base)
    if options.model == "judgements":
        if judgements is None:
            raise InputError([Problem("sensitivity_needs_ahp", key="sensitivity.model")])
        from mcda_kerjasama.weights.compute import perturbed_weights

        return perturbed_weights(judgements, list(base.index), n, rng)
    if options.model == "uniform":
        return rng.dirichlet(np.ones(k), size=n)
    if options.model == "dirichlet":
        alpha = np.maximum(options.concentration * base.to_numpy(dtype=float), 1e-3)
        return rng.dirichlet(alpha, size=n)
    if options.model == "order":
        draws = -np.sort(-rng.dirichlet(np.ones(k), size=n), axis=1)  # descending
        order = np.argsort(-base.to_numpy(dtype=float), kind="stable")
        out = np.empty_like(draws)
        out[:, order] = draws
        return out
    lo = np.array([options.intervals.get(c, (0.0, 1.0))[0] for c in base.index])
    hi = np.array([options.intervals.get(c, (0.0, 1.0))[1] for c in base.index])
    out = np.empty((0, k))
    for _ in range(200):
        batch = rng.dirichlet(np.ones(k), size=max(4 * n, 64))
        inside = np.all((batch >= lo) & (batch <= hi), axis=1)
        out = np.vstack([out, batch[inside]])
        if len(out) >= n:
            return out[:n]
    raise InputError([Problem("sensitivity_intervals_empty", key="sensitivity.intervals")])


@dataclass(frozen=True)
class _Task:
    """One chunk of draws: where it starts, how many, its seed, and what to solve."""

    start: int
    count: int
    seed: np.random.SeedSequence
    model: PortfolioModel
    prop_of: np.ndarray  # candidate position of every model column
    values: np.ndarray  # candidates x criteria, in [0, 1]
    pool: tuple[np.ndarray, ...]  # known feasible portfolios (the chosen weights' optimum)
    time_limit: float
    backend: str
    base: pd.Series
    options: SensitivityOptions
    judgements: Mapping[str, Any] | None


def _chunk(task: _Task) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
    """Draw the chunk's weight vectors and solve each exactly:
    (start, weights, scores, chosen, how the optima were proven)."""
    rng = np.random.default_rng(task.seed)
    weights = sample_weights(task.base, task.count, rng, task.options, task.judgements)
    scores = 100.0 * weights @ task.values.T  # (count x candidates)
    solver = Reoptimiser(task.model, task.time_limit, pool=task.pool, backend=task.backend)
    chosen = np.zeros((task.count, task.values.shape[0]), dtype=bool)
    for d in range(task.count):
        x = solver.solve(scores[d, task.prop_of])
        chosen[d, task.prop_of[x > 0.5]] = True
    return task.start, weights, scores, chosen, solver.counts


def monte_carlo(
    problem: SelectionProblem,
    options: SensitivityOptions,
    *,
    progress: Callable[[int], None] | None = None,
    scheduler: str | None = None,
    judgements: Mapping[str, Any] | None = None,
) -> MonteCarlo:
    """Run the Monte Carlo analysis on the problem's candidates (its ``values``: their
    criterion values in [0, 1], and its ``weights``: the weights drawn around).

    ``progress`` is called with the number of draws finished after each chunk;
    ``scheduler`` sends the chunks to an existing Dask cluster (same result).

    Example: see the module docstring.
    """
    values, weights = problem.weighted()
    candidates, solver, model = problem.candidates, problem.solver, problem.model
    ids = [str(i) for i in candidates.index]
    criteria = list(weights.index)
    v = values.loc[ids, criteria].to_numpy(dtype=float)
    position = {pid: i for i, pid in enumerate(ids)}
    prop_of = model.columns["proposal"].astype(str).map(position).to_numpy(dtype=int)
    base = 100.0 * v @ weights.to_numpy(dtype=float)
    start = Reoptimiser(model, solver.time_limit, backend=solver.backend).solve(base[prop_of])
    pool = (start,)  # every chunk's first incumbent
    seeds = np.random.SeedSequence(options.seed).spawn((options.draws + CHUNK - 1) // CHUNK)
    tasks = [
        _Task(
            c * CHUNK,
            min(CHUNK, options.draws - c * CHUNK),
            seeds[c],
            model,
            prop_of,
            v,
            pool,
            solver.time_limit,
            solver.backend,
            weights,
            options,
            judgements,
        )
        for c in range(len(seeds))
    ]

    def advance(chunks: int) -> None:
        if progress:
            progress(sum(t.count for t in tasks[:chunks]))

    results = map_tasks(
        _chunk, tasks, workers=options.workers, scheduler=scheduler, progress=advance
    )
    results.sort(key=lambda r: r[0])
    w = np.vstack([r[1] for r in results])
    scores = np.vstack([r[2] for r in results])
    chosen = np.vstack([r[3] for r in results])
    proofs = Counter[str]()
    for r in results:
        proofs.update(r[4])
    return _summarise(ids, criteria, w, scores, chosen, options, dict(sorted(proofs.items())))


def _summarise(
    ids: list[str],
    criteria: list[str],
    w: np.ndarray,
    scores: np.ndarray,
    chosen: np.ndarray,
    options: SensitivityOptions,
    proofs: Mapping[str, int],
) -> MonteCarlo:
    n_draws, n = scores.shape
    # rank 1 = highest score; ties broken by input order (as the priority list does)
    order = np.argsort(-scores, axis=1, kind="stable")
    shown = min(n, 50) if n > 500 else n  # very long lists: the first 50 ranks
    acceptability = np.zeros((n, shown))
    for r in range(shown):
        acceptability[:, r] = np.bincount(order[:, r], minlength=n) / n_draws
    first = order[:, 0]
    central = np.full((n, len(criteria)), np.nan)
    for i in np.unique(first):
        central[i] = w[first == i].mean(axis=0)
    freq = chosen.mean(axis=0)
    se = np.sqrt(freq * (1 - freq) / n_draws)
    classes = np.where(freq >= 1.0, "core", np.where(freq <= 0.0, "exterior", "borderline"))
    sets = Counter(tuple(np.flatnonzero(row)) for row in chosen)
    top = sorted(sets.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    portfolios = pd.DataFrame(
        {
            "portfolio": [[ids[i] for i in key] for key, _ in top],
            "share": [count / n_draws for _, count in top],
        }
    )
    index = pd.Index(ids, name="id")
    return MonteCarlo(
        draws=n_draws,
        seed=options.seed,
        model=options.model,
        rank_acceptability=pd.DataFrame(acceptability, index=index, columns=range(1, shown + 1)),
        central_weights=pd.DataFrame(central, index=index, columns=criteria),
        selection_frequency=pd.Series(freq, index=index),
        standard_error=pd.Series(se, index=index),
        classification=pd.Series(classes, index=index),
        portfolios=portfolios,
        weights=pd.DataFrame(w, columns=criteria),
        proofs=proofs,
    )
