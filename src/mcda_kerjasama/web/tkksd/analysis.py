"""The analyses of a stored run as background jobs: Monte Carlo sensitivity (with the
one-way intervals, as ``kerjasama sensitivity``), one-way sensitivity alone, the budget
frontier and a sweep of scenario variants (issue 16 §4).

Each job's payload names the run (``run``: its primary key) and the analysis' options;
the handler reads the run's stored inputs (``masukan/``), calls the core's public API
with a progress callback, and stores the result with the job (``Job.result``: the same
JSON as the command line writes, plus the charts of :mod:`mcda_kerjasama.plots` as SVG
text under ``charts``). A run's analyses are the jobs whose payload names it
(:func:`of_run`). Nothing here decides anything: the core does.

Example:
    >>> sorted(KINDS)
    ['frontier', 'montecarlo', 'oneway', 'sweep']
    >>> parse_grid("constraints.budget=3e9|4e9")
    [('constraints.budget', ['3e9', '4e9'])]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcda_kerjasama.errors import InputError, KerjasamaError, Problem
from mcda_kerjasama.web.tkksd import jobs, runs
from mcda_kerjasama.web.tkksd.models import Job, Run

#: the kinds of analysis job
KINDS = ("montecarlo", "oneway", "frontier", "sweep")
#: the largest sweep (variants) and Monte Carlo (draws) a page may queue
MAX_VARIANTS = 200
MAX_DRAWS = 100_000
MAX_STEPS = 200


def of_run(run: Run) -> list[Job]:
    """The analysis jobs of ``run``, newest first."""
    return list(
        Job.objects.filter(mapping=run.mapping, kind__in=KINDS, payload__run=run.pk).order_by(
            "-created_at", "-id"
        )
    )


def parse_grid(text: str) -> list[tuple[str, list[str]]]:
    """A sweep's grid from lines ``key=v1|v2|...`` (as ``kerjasama sweep --vary``).
    Raises :class:`~mcda_kerjasama.errors.InputError` naming a line that is not of
    that form.

    Example:
        >>> parse_grid("a.b=1|2\\n\\nweights.values.real_need = 0.2 | 0.4")
        [('a.b', ['1', '2']), ('weights.values.real_need', ['0.2', '0.4'])]
    """
    pairs = []
    for line in text.splitlines():
        if not line.strip():
            continue
        key, sep, raw = line.partition("=")
        values = [v.strip() for v in raw.split("|") if v.strip()]
        if not sep or not key.strip() or not values:
            raise InputError([Problem("set_syntax", value=line.strip())])
        pairs.append((key.strip(), values))
    if not pairs:
        raise InputError([Problem("set_syntax", value="")])
    return pairs


def variants(grid: list[tuple[str, list[str]]]) -> int:
    """The number of variants of a grid (every combination).

    Example:
        >>> variants([("a", ["1", "2"]), ("b", ["x", "y", "z"])])
        6
    """
    total = 1
    for _key, values in grid:
        total *= len(values)
    return total


def _scenario(record: Run, overrides: list[str] | None = None) -> Any:
    from mcda_kerjasama import load_scenario

    return load_scenario(runs.folder(record) / runs.INPUTS, overrides or [])


def _messages(error: KerjasamaError) -> dict[str, str]:
    return {"id": error.render("id"), "en": error.render("en")}


def _plain(data: Any) -> Any:
    """JSON-safe: numpy numbers as numbers, NaN as null, tuples as lists.

    Example:
        >>> _plain({"a": (float("nan"), 1.5)})
        {'a': [None, 1.5]}
    """
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    if hasattr(data, "item"):
        data = data.item()
    if isinstance(data, float) and data != data:
        return None
    if data is None or isinstance(data, str | int | float | bool):
        return data
    return str(data)


def _charts(drawings: dict[str, tuple[Callable[[Any], object], float]]) -> dict[str, str]:
    from mcda_kerjasama.web.tkksd.charts import svg

    return {name: svg(draw, height).decode("utf-8") for name, (draw, height) in drawings.items()}


def _scaled(progress: jobs.Progress, total: int, share: float = 1.0) -> Callable[[int], None]:
    """A core ``progress(done)`` callback reporting ``share * done / total``."""
    return lambda done: progress(share * done / max(total, 1))


@jobs.handler("montecarlo")
def montecarlo_job(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Monte Carlo over the weights and the one-way intervals (``kerjasama
    sensitivity``), with the selection-frequency and tornado charts (the
    rank-acceptability heat map is left out: its colour bar overlaps the map in
    ``report.charts.fit``)."""
    from mcda_kerjasama import plots
    from mcda_kerjasama.pipeline import sensitivity
    from mcda_kerjasama.report.result import sensitivity_to_dict

    record = Run.objects.get(pk=job.payload["run"])
    draws, seed = int(job.payload["draws"]), int(job.payload["seed"])
    try:
        scenario = _scenario(record, [f"sensitivity.draws={draws}", f"sensitivity.seed={seed}"])
        found = sensitivity(scenario, progress=_scaled(progress, draws, 0.9))
    except KerjasamaError as error:
        raise jobs.JobFailed(_messages(error)) from error
    lang = scenario.language
    mc, ow = found.monte_carlo, found.one_way
    result = sensitivity_to_dict(found, scenario)
    result["charts"] = _charts(
        {
            "frequency": (lambda ax: plots.selection_frequency(mc, ax=ax, lang=lang), 3.8),
            "tornado": (lambda ax: plots.tornado(ow, scenario=scenario, ax=ax, lang=lang), 3.4),
        }
    )
    return _plain(result)


@jobs.handler("oneway")
def oneway_job(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """One-way sensitivity of every criterion's weight, with the tornado chart."""
    from mcda_kerjasama import plots
    from mcda_kerjasama.pipeline import prepare
    from mcda_kerjasama.sensitivity.oneway import one_way

    record = Run.objects.get(pk=job.payload["run"])
    try:
        scenario = _scenario(record)
        problem = prepare(scenario).problem
        found = one_way(
            problem,
            top_k=scenario.sensitivity.top_k,
            progress=_scaled(progress, len(scenario.criterion_keys), 0.95),
        )
    except KerjasamaError as error:
        raise jobs.JobFailed(_messages(error)) from error
    lang = scenario.language
    result = {
        "weight_intervals": {c: [lo, hi] for c, (lo, hi) in found.weight_intervals.items()},
        "tornado": [{"criterion": str(c), **row.to_dict()} for c, row in found.tornado.iterrows()],
        "charts": _charts(
            {"tornado": (lambda ax: plots.tornado(found, scenario=scenario, ax=ax, lang=lang), 3.4)}
        ),
    }
    return _plain(result)


@jobs.handler("frontier")
def frontier_job(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """The budget frontier (``kerjasama frontier``), with its chart."""
    from mcda_kerjasama import plots
    from mcda_kerjasama.pipeline import prepare
    from mcda_kerjasama.portfolio.frontier import compute_frontier
    from mcda_kerjasama.report.result import frontier_to_dict

    record = Run.objects.get(pk=job.payload["run"])
    steps = int(job.payload["steps"])
    try:
        scenario = _scenario(record)
        found = compute_frontier(
            prepare(scenario).problem, steps=steps, progress=_scaled(progress, steps + 1, 0.95)
        )
    except KerjasamaError as error:
        raise jobs.JobFailed(_messages(error)) from error
    lang = scenario.language
    result = frontier_to_dict(found, scenario)
    result["charts"] = _charts(
        {"frontier": (lambda ax: plots.frontier(found, ax=ax, lang=lang), 3.6)}
    )
    return _plain(result)


@jobs.handler("sweep")
def sweep_job(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """A grid of scenario variants (``kerjasama sweep``): one row per variant."""
    from mcda_kerjasama.pipeline import sweep

    record = Run.objects.get(pk=job.payload["run"])
    grid = [(str(k), [str(v) for v in values]) for k, values in job.payload["grid"]]
    try:
        scenario = _scenario(record)
        table = sweep(scenario, grid, progress=_scaled(progress, variants(grid), 0.95))
    except KerjasamaError as error:
        raise jobs.JobFailed(_messages(error)) from error
    return _plain({"keys": [k for k, _ in grid], "rows": table.to_dict("records")})
