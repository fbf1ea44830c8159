"""Monte Carlo benchmark: draws per second of ours against a new PuLP model per draw.

    python benchmarks/montecarlo.py            # four instances (several minutes)
    python benchmarks/montecarlo.py --quick    # smoke run: fewer draws, three instances
    python benchmarks/montecarlo.py --write    # also write benchmarks/montecarlo_results.md

Instances are generated at run time with the seeded
:func:`mcda_kerjasama.datasets.write_scenario` through ``make_problem`` of
``benchmarks/portfolio.py`` (115 proposals as ``scenarios/sumbar-2026``, and 1,000
proposals; one year, budget only, and three years with the agency staff caps and group
limits of that benchmark: every draw then needs the MIP), then screened and scored by
the package. Targets (issue 14): 30x the plain approach on 115 proposals with staff
caps, 10x on 1,000. The
uncertainty model is the generated scenario's ``[sensitivity]`` (Dirichlet around the
weights, concentration 50, seed 2026). Methods:

- ``ours``: :func:`mcda_kerjasama.sensitivity.montecarlo.monte_carlo` with 1 and 2
  workers (the model is built once; each chunk re-optimises it per draw with a
  :class:`Reoptimiser`); the two results must be identical;
- ``plain PuLP + CBC``: for every draw a NEW PuLP model written with Python loops
  (``plain_model`` of ``benchmarks/portfolio.py``) with the draw's scores as objective,
  solved by ``pulp.PULP_CBC_CMD(msg=False)``, on the same weight draws
  (:func:`sample_weights` with the same per-chunk seeds).

"same selections" compares the plain selections with ours draw by draw (every one of our
draws replayed with a fresh :class:`Reoptimiser`, whose frequencies must equal
``monte_carlo``'s); a different set with the same objective value is counted as a tie.
Also prints a cProfile of one 115-proposal run. The table goes to stdout, progress to
stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import math
import os
import platform
import pstats
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pulp

from mcda_kerjasama.pipeline import prepare
from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import SensitivityOptions, SolverOptions, load_scenario
from mcda_kerjasama.sensitivity.montecarlo import (
    CHUNK,
    MonteCarlo,
    monte_carlo,
    sample_weights,
)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "montecarlo_results.md"
TIE_RTOL = 1e-9  # two selections with objectives this close are a tie, not a mismatch
BASELINE_NOTE = "about 19 draws/s for 115 proposals (issue 5)"
TARGET_SPEED_UP = 30.0  # 115 proposals with agency staff caps (issue 14 goal 6)
TARGET_LARGE = 10.0  # 1,000 proposals with agency staff caps
PLAIN_TIME_LIMIT = 60  # seconds per plain CBC draw (unproven draws are counted as such)


def _load_portfolio() -> ModuleType:
    """``benchmarks/portfolio.py`` as a module (instances and the plain PuLP model)."""
    spec = importlib.util.spec_from_file_location("portfolio_bench", HERE / "portfolio.py")
    if spec is None or spec.loader is None:
        raise ImportError(HERE / "portfolio.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


portfolio = _load_portfolio()


@dataclass(frozen=True)
class Case:
    """An instance with everything the Monte Carlo needs."""

    label: str
    problem: portfolio.Problem  # candidates, rules, unavailable ids (plain model input)
    values: pd.DataFrame  # candidates x criteria in [0, 1]
    weights: pd.Series
    solver: SolverOptions
    options: SensitivityOptions  # the scenario's uncertainty model
    selection: SelectionProblem  # the same, as the engine takes it


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    label: str
    n: int
    method: str
    draws: int
    seconds: float
    same: str

    @property
    def rate(self) -> float:
        return self.draws / self.seconds


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


def make_case(n: int, folder: Path, limits: bool = False) -> Case:
    """Generate the ``n``-proposal instance and read it back like the pipeline: one year
    and the budget only, or (``limits``) three years with the agency staff caps and group
    limits of ``benchmarks/portfolio.py``."""
    label = (
        f"{n:,} proposals, 3 years, agency staff caps + groups"
        if limits
        else f"{n:,} proposals, 1 year, budget"
    )
    instance = portfolio.Instance(label, n, 3 if limits else 1, 0.0, (False,), limits)
    problem = portfolio.make_problem(instance, folder)
    scenario = load_scenario(folder)
    prepared = prepare(scenario)
    selection = prepared.problem
    if limits:
        selection = selection.with_constraints(problem.constraints)
    candidates = selection.candidates
    return Case(
        instance.label,
        problem,
        prepared.scores.values.loc[candidates.index],
        prepared.checked.weights.weights,
        scenario.solver,
        scenario.sensitivity,
        selection,
    )


def run_ours(case: Case, draws: int, workers: int) -> tuple[MonteCarlo, float]:
    """``monte_carlo`` on the case; returns the result and its wall-clock seconds."""
    options = replace(case.options, draws=draws, workers=workers)
    started = time.perf_counter()
    result = monte_carlo(case.selection, options)
    return result, time.perf_counter() - started


def draw_weights(case: Case, draws: int) -> np.ndarray:
    """The weight draws ``monte_carlo`` makes: one seed per chunk spawned from the seed."""
    seeds = np.random.SeedSequence(case.options.seed).spawn(math.ceil(draws / CHUNK))
    return np.vstack(
        [
            sample_weights(
                case.weights,
                min(CHUNK, draws - c * CHUNK),
                np.random.default_rng(seed),
                case.options,
            )
            for c, seed in enumerate(seeds)
        ]
    )


def scores_of(case: Case, weights: np.ndarray) -> np.ndarray:
    """Each draw's candidate scores (draws x candidates), as ``monte_carlo`` computes them."""
    return 100.0 * weights @ case.values.loc[:, list(case.weights.index)].to_numpy(float).T


def run_plain(case: Case, scores: np.ndarray) -> tuple[np.ndarray, int, float]:
    """A new plain PuLP model per draw, solved by CBC: (chosen, proven draws, seconds)."""
    p = case.problem
    ids = list(p.data.index)
    chosen = np.zeros(scores.shape, dtype=bool)
    proven = 0
    started = time.perf_counter()
    for d, row in enumerate(scores):
        draw = replace(p, score=pd.Series(row, index=ids))
        prob, x = portfolio.plain_model(draw, math.inf)
        prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=PLAIN_TIME_LIMIT))
        proven += prob.sol_status == pulp.LpSolutionOptimal
        picked = {pid for (pid, _), v in x.items() if round(v.varValue or 0.0) == 1}
        chosen[d] = [pid in picked for pid in ids]
    return chosen, proven, time.perf_counter() - started


def ours_per_draw(case: Case, scores: np.ndarray) -> np.ndarray:
    """Our selection for each draw's scores: a draw's portfolio depends on its scores
    alone (proven optimum, ties resolved by the tie-break keys), so a fresh
    :class:`Reoptimiser` reproduces what ``monte_carlo`` chose."""
    p = case.problem
    ids = [str(i) for i in p.data.index]
    zero = pd.Series(0.0, index=p.data.index)
    model = build_model(p.data, zero, p.years, p.constraints, unavailable=p.unavailable)
    position = {pid: i for i, pid in enumerate(ids)}
    prop_of = model.columns["proposal"].astype(str).map(position).to_numpy(dtype=int)
    solver = Reoptimiser(model, case.solver.time_limit)
    chosen = np.zeros(scores.shape, dtype=bool)
    for d, row in enumerate(scores):
        chosen[d, prop_of[solver.solve(row[prop_of]) > 0.5]] = True
    return chosen


def agreement(ours: np.ndarray, plain: np.ndarray, scores: np.ndarray) -> str:
    """How many draws select the same set; a different set with an equal objective is a
    tie, otherwise the side with the higher objective (a maximisation) is named."""
    same = ties = ours_higher = 0
    for a, b, s in zip(ours, plain, scores, strict=True):
        if np.array_equal(a, b):
            same += 1
        elif math.isclose(s[a].sum(), s[b].sum(), rel_tol=TIE_RTOL):
            ties += 1
        else:
            ours_higher += s[a].sum() > s[b].sum()
    plain_higher = len(ours) - same - ties - ours_higher
    text = f"{same}/{len(ours)} identical"
    text += f", {ties} ties" if ties else ""
    text += f", {ours_higher} differ with ours higher" if ours_higher else ""
    return text + (f", {plain_higher} differ with plain HIGHER" if plain_higher else "")


def identical(a: MonteCarlo, b: MonteCarlo) -> bool:
    """Whether two Monte Carlo results are the same in every field."""
    frames = (
        "rank_acceptability",
        "central_weights",
        "selection_frequency",
        "standard_error",
        "classification",
        "weights",
    )
    return (
        a.draws == b.draws
        and all(getattr(a, f).equals(getattr(b, f)) for f in frames)
        and a.portfolios["share"].equals(b.portfolios["share"])
        and a.portfolios["portfolio"].tolist() == b.portfolios["portfolio"].tolist()
    )


def bench(case: Case, draws: int, plain_draws: int) -> list[Row]:
    """Ours with 1 and 2 workers on ``draws`` draws, plain on the first ``plain_draws``."""
    n = case.problem.instance.n
    log(f"  ours, 1 worker, {draws} draws")
    one, t1 = run_ours(case, draws, 1)
    log(f"  ours, 2 workers, {draws} draws")
    two, t2 = run_ours(case, draws, 2)
    same_workers = "identical to 1 worker" if identical(one, two) else "NOT identical"
    weights = draw_weights(case, draws)
    if not np.array_equal(weights, one.weights.to_numpy()):
        raise AssertionError("sample_weights with the chunk seeds differ from monte_carlo's")
    scores = scores_of(case, weights[:plain_draws])
    log(f"  plain PuLP + CBC, {plain_draws} draws")
    plain, proven, tp = run_plain(case, scores)
    log(f"  replaying our {draws} draws one by one")
    replay = ours_per_draw(case, scores_of(case, weights))
    if not np.array_equal(replay.mean(axis=0), one.selection_frequency.to_numpy()):
        raise AssertionError("draw-by-draw replay differs from monte_carlo's frequencies")
    check = agreement(replay[:plain_draws], plain, scores)
    proofs = ", ".join(f"{k} {v}" for k, v in one.proofs.items())
    return [
        Row(
            case.label,
            n,
            "ours (monte_carlo, workers=1)",
            draws,
            t1,
            f"{check} (vs plain); proven by: {proofs}",
        ),
        Row(case.label, n, "ours (monte_carlo, workers=2)", draws, t2, same_workers),
        Row(
            case.label,
            n,
            "plain PuLP + CBC, new model per draw",
            plain_draws,
            tp,
            f"reference; CBC status Optimal in {proven}/{plain_draws}",
        ),
    ]


def table(rows: Sequence[Row]) -> str:
    """The Markdown table; speed-up is draws/s over the instance's plain draws/s."""
    lines = [
        "| instance | n | method | draws | seconds | draws/s | speed-up vs plain "
        "| same selections |",
        "|---|---:|---|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        plain = next(p for p in rows if p.label == r.label and p.method.startswith("plain"))
        lines.append(
            f"| {r.label} | {r.n:,} | {r.method} | {r.draws} | {r.seconds:.2f} | "
            f"{r.rate:.1f} | {r.rate / plain.rate:.2f}x | {r.same} |"
        )
    return "\n".join(lines)


def profile(case: Case, draws: int, top: int) -> str:
    """cProfile of one ``monte_carlo`` run (1 worker): the HiGHS share, then the ``top``
    functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    run_ours(case, draws, 1)
    profiler.disable()
    stats = pstats.Stats(profiler)
    wall = stats.total_tt  # type: ignore[attr-defined]
    solve = sum(
        tt
        for (_, _, name), (_, _, tt, _, _) in stats.stats.items()  # type: ignore[attr-defined]
        if name == "<built-in method highspy._core.run>"
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    listing = out.getvalue().split("\n", 1)[1].strip("\n")  # drop the empty first line
    return (
        f"{draws} draws, {wall:.2f} s profiled: HiGHS `run` (LP re-solves and any MIP) "
        f"{solve:.2f} s ({solve / wall:.0%}), {solve / draws * 1000:.1f} ms per draw; "
        f"everything else (Python, numpy, loading the model, cost changes, reading "
        f"solutions, summarising) {wall - solve:.2f} s, "
        f"{(wall - solve) / draws * 1000:.1f} ms per draw.\n\n```\n{listing}\n```"
    )


def environment(argv: Sequence[str]) -> str:
    """Where and how the numbers were measured."""
    import highspy

    h = highspy.Highs()
    return (
        f"Command: `python benchmarks/montecarlo.py {' '.join(argv)}`".rstrip() + "  \n"
        f"Python {platform.python_version()}, PuLP {pulp.__version__} (bundled CBC), "
        f"HiGHS {h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()} (highspy), "
        f"{platform.machine()} {os.cpu_count()} CPUs, {platform.system()}  \n"
        f"Weight model: the generated scenario's `[sensitivity]` (Dirichlet, "
        f"concentration 50, seed 2026), chunks of {CHUNK} draws. One timed run per row "
        f"after an untimed warm-up; the plain baseline in the issue: {BASELINE_NOTE}."
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer draws, under 60 s")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.name}")
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(args_list)
    # (n, draws for ours, draws for plain); 1,000 draws is the default of [sensitivity]
    plan = (
        [(115, False, 200, 50), (115, True, 100, 20), (1_000, True, 4, 2)]
        if args.quick
        else [
            (115, False, 1000, 400),
            (115, True, 500, 100),
            (1_000, False, 100, 20),
            (1_000, True, 100, 10),
        ]
    )

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kerjasama-montecarlo-") as tmp:
        cases: dict[tuple[int, bool], Case] = {}
        for n, limits, draws, plain_draws in plan:
            log(f"generating {n:,} proposals{' with limits' if limits else ''}")
            case = cases[n, limits] = make_case(n, Path(tmp) / f"s{n}{limits}", limits)
            if not rows:  # untimed warm-up: imports, HiGHS, CBC and process start-up
                run_ours(case, 2 * CHUNK, 2)
                run_plain(case, scores_of(case, draw_weights(case, 1)))
            rows += bench(case, draws, plain_draws)
        log("profiling 115")
        found = profile(cases[115, True], plan[1][2], top=15)

    verdicts = []
    for label, target in (
        (cases[115, True].label, TARGET_SPEED_UP),
        (cases[1_000, True].label, TARGET_LARGE),
    ):
        mine = [r for r in rows if r.label == label]
        best = max(r.rate for r in mine if r.method.startswith("ours"))
        plain_rate = next(r.rate for r in mine if r.method.startswith("plain"))
        verdicts.append(
            f"Target on {label}: at least {target:g}x the plain approach, proven-optimal "
            f"draws: {best / plain_rate:.1f}x measured, "
            f"{'met' if best / plain_rate >= target else 'NOT met'}."
        )
    verdict = "\n".join(verdicts)
    report = "\n\n".join(
        [
            table(rows),
            verdict,
            f"Profile of `monte_carlo`, 115 proposals with staff caps, 1 worker: {found}",
        ]
    )
    print(report)
    if args.write:
        RESULTS.write_text(
            f"# Monte Carlo benchmark\n\n{environment(args_list)}\n\n{report}\n",
            encoding="utf-8",
        )
        log(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
