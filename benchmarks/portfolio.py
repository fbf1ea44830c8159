"""Portfolio MILP benchmark: our array-built model against a plain PuLP model.

    python benchmarks/portfolio.py            # every instance (about 15 minutes)
    python benchmarks/portfolio.py --quick    # smoke run (< 60 s): 115 and 1,000, 10 s limit
    python benchmarks/portfolio.py --write    # also write benchmarks/portfolio_results.md
    python benchmarks/portfolio.py --profile  # also cProfile build_model on the largest instance

Every instance is generated at run time into a temporary folder with the seeded
:func:`mcda_kerjasama.datasets.write_scenario`, read back and screened by the package,
and scored with the scenario's weights (what ``pipeline.run`` hands to the portfolio).
Each instance is then solved by:

- ``ours (highs)``: :func:`build_model` plus :func:`solve_model` with the HiGHS backend,
  build and solve timed separately (with and without the tie-break stage);
- ``plain PuLP + CBC``: the model a competent user would write by hand, one
  ``pulp.LpVariable`` per (proposal, start year) and ``lpSum`` rows per year, agency and
  group, solved with ``pulp.PULP_CBC_CMD``;
- ``plain PuLP + HiGHS``: the same PuLP model solved in-process by ``pulp.HiGHS``, which
  separates the modelling overhead from the choice of solver.

Instances run one after the other (the machine has 2 cores). The table goes to stdout,
progress to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import os
import platform
import pstats
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pulp

from mcda_kerjasama.constraints import Constraints, GroupLimit
from mcda_kerjasama.datasets import write_scenario
from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.pipeline import check
from mcda_kerjasama.portfolio.backends import classify
from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.portfolio.select import solve_model
from mcda_kerjasama.scenario import SolverOptions, load_scenario
from mcda_kerjasama.scoring import score_proposals

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "portfolio_results.md"
SEED = 2026
SAME_VALUE_RTOL = 1e-7  # objectives of two proven-optimal solves must agree this closely
AGENCY_CAP_QUANTILE = 0.5  # agency staff cap: this quantile of the agencies' demand ...
AGENCY_CAP_SHARE = 0.4  # ... times the budget share (about half the agencies bind)
KIND_MAX_SHARE_OF_N = 0.2  # max_count per kind: this share of the candidates
FOREIGN_KINDS = ("KSDPL", "KSDLL")
FOREIGN_MAX_SHARE = 0.3


@dataclass(frozen=True)
class Instance:
    """A generated scenario and how it is solved."""

    label: str
    n: int
    years: int
    mip_gap: float
    tie_breaks: tuple[bool, ...]
    limits: bool  # agency staff caps and group limits on top of the scenario's budget


@dataclass(frozen=True)
class Problem:
    """What every method solves: candidates, scores and rules."""

    instance: Instance
    data: pd.DataFrame
    score: pd.Series
    years: tuple[int, ...]
    constraints: Constraints
    unavailable: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Outcome:
    """One method on one instance. ``build`` is None when the build did not finish."""

    instance: str
    n: int
    method: str
    build: float | None
    solve: float | None
    status: str
    gap: float
    objective: float
    proven: bool


class BuildTimeout(Exception):
    """The plain model's build ran past its time limit."""


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


def instances(quick: bool) -> list[Instance]:
    """The 115-proposal scenario, then 1,000, 10,000 and 50,000 over three years."""
    small = [
        Instance("sumbar-2026 (1 year, budget)", 115, 1, 0.0, (True, False), limits=False),
        Instance("3 years, agency staff + groups", 1_000, 3, 0.0, (True, False), limits=True),
    ]
    if quick:
        return small
    return [
        *small,
        Instance("3 years, agency staff + groups", 10_000, 3, 1e-3, (False,), limits=True),
        Instance("3 years, agency staff + groups", 50_000, 3, 1e-3, (False,), limits=True),
    ]


def make_problem(instance: Instance, folder: Path) -> Problem:
    """Generate, read, screen and score the instance; add its agency and group limits."""
    path = write_scenario(
        folder, n=instance.n, seed=SEED, years=instance.years, file_name="usulan.csv"
    )
    scenario = load_scenario(path.parent)
    checked = check(scenario)
    scores = score_proposals(checked.proposals, checked.weights.weights, scenario)
    data = checked.proposals.data.loc[list(checked.screening.eligible)]
    constraints = scenario.constraints
    note = f"{len(data):,} eligible candidates, budget only"
    if instance.limits:
        demand = data.groupby("agency")["staff"].sum()
        cap = float(np.ceil(demand.quantile(AGENCY_CAP_QUANTILE) * AGENCY_CAP_SHARE))
        forced = data["status"].eq("berjalan") | data["nature"].eq("wajib")
        floor = np.ceil(data[forced].groupby("agency")["staff"].sum())
        raised = {str(a): float(v) for a, v in floor[floor > cap].items()}
        max_count = int(KIND_MAX_SHARE_OF_N * len(data))
        constraints = replace(
            constraints,
            staff_per_agency=cap,
            staff_agency=raised,
            groups=(
                GroupLimit(key="group[0]", name="jenis", column="kind", max_count=max_count),
                GroupLimit(
                    key="group[1]",
                    name="+".join(FOREIGN_KINDS),
                    column="kind",
                    values=FOREIGN_KINDS,
                    max_share=FOREIGN_MAX_SHARE,
                ),
            ),
        )
        note = (
            f"{len(data):,} eligible candidates; staff cap {cap:g} person-months per agency "
            f"and year ({demand.size} agencies; {len(raised)} raised to their ongoing and "
            f"mandatory staff); at most {max_count} per kind; "
            f"{'+'.join(FOREIGN_KINDS)} at most {FOREIGN_MAX_SHARE:.0%} of each year's budget"
        )
    return Problem(
        instance,
        data,
        scores.total,
        scenario.years,
        constraints,
        tuple(checked.screening.not_eligible),
        note,
    )


def run_ours(problem: Problem, tie_break: bool, time_limit: float) -> tuple[Outcome, str]:
    """build_model + solve_model (HiGHS); also says how many agency staff rows bind."""
    started = time.perf_counter()
    model = build_model(
        problem.data,
        problem.score,
        problem.years,
        problem.constraints,
        unavailable=problem.unavailable,
    )
    built = time.perf_counter()
    options = SolverOptions(
        backend="highs",
        time_limit=time_limit,
        mip_gap=problem.instance.mip_gap,
        tie_break=tie_break,
    )
    method = f"ours (highs, tie-break {'on' if tie_break else 'off'})"
    try:
        result = solve_model(model, options)
    except SolverError as error:  # e.g. the tie-break stage found nothing in time
        failed = f"error {error.code} ({error.params.get('reason', '')})"
        nan = math.nan
        outcome = Outcome(
            problem.instance.label,
            problem.instance.n,
            method,
            built - started,
            time.perf_counter() - built,
            failed,
            nan,
            nan,
            proven=False,
        )
        return outcome, ""
    solved = time.perf_counter()
    agency = (model.rows["kind"] == "staff_agency").to_numpy()
    binding = ""
    if agency.any():
        activity = model.matrix[agency] @ result.x
        tight = activity >= model.row_upper[agency] - 1e-6
        labels = model.rows.loc[agency, "label"]
        binding = (
            f"agency staff caps bind for {labels[tight].nunique()} of {labels.nunique()} "
            "agencies in our solution"
        )
    return (
        Outcome(
            problem.instance.label,
            problem.instance.n,
            method,
            built - started,
            solved - built,
            result.status,
            result.gap,
            result.objective,
            result.status == "optimal",
        ),
        binding,
    )


def plain_model(
    problem: Problem, deadline: float
) -> tuple[pulp.LpProblem, dict[tuple[str, int], pulp.LpVariable]]:
    """The portfolio as a user would write it in PuLP: a Python loop over proposals and
    start years, then one ``lpSum`` per rule. ``deadline`` (perf_counter) stops it."""

    def on_time() -> None:
        if time.perf_counter() > deadline:
            raise BuildTimeout

    years = problem.years
    first, last = years[0], years[-1]
    c = problem.constraints
    records = problem.data.to_dict("index")
    prob = pulp.LpProblem("portfolio", pulp.LpMaximize)

    x: dict[tuple[str, int], pulp.LpVariable] = {}
    starts: dict[str, list[int]] = {}
    for pid, p in records.items():
        on_time()
        if c.ongoing and p["status"] == "berjalan":
            starts[pid] = [p["earliest_start"]]
        else:
            starts[pid] = list(range(max(p["earliest_start"], first), last + 1))
        for t in starts[pid]:
            x[pid, t] = pulp.LpVariable(f"x_{pid}_{t}", cat=pulp.LpBinary)

    def runs(pid: str, t: int, year: int) -> bool:
        return t <= year < t + records[pid]["duration"]

    prob += pulp.lpSum(float(problem.score[pid]) * v for (pid, _), v in x.items())

    for year in years:
        on_time()
        prob += (
            pulp.lpSum(records[pid]["cost"] * v for (pid, t), v in x.items() if runs(pid, t, year))
            <= c.budget[year],
            f"budget_{year}",
        )
        if c.staff:
            prob += (
                pulp.lpSum(
                    records[pid]["staff"] * v for (pid, t), v in x.items() if runs(pid, t, year)
                )
                <= c.staff[year],
                f"staff_{year}",
            )
    if c.budget_total is not None:
        prob += (
            pulp.lpSum(
                records[pid]["cost"] * v
                for (pid, t), v in x.items()
                for year in years
                if runs(pid, t, year)
            )
            <= c.budget_total,
            "budget_total",
        )

    if c.staff_per_agency is not None or c.staff_agency:
        by_agency: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for pid, t in x:
            by_agency[str(records[pid]["agency"])].append((pid, t))
        for agency, keys in by_agency.items():
            cap = c.staff_agency.get(agency, c.staff_per_agency)
            if cap is None:
                continue
            for year in years:
                on_time()
                prob += (
                    pulp.lpSum(
                        records[pid]["staff"] * x[pid, t] for pid, t in keys if runs(pid, t, year)
                    )
                    <= cap
                )

    must_fund = c.must_fund.mask(problem.data) if c.must_fund else None
    banned = c.must_not_fund.mask(problem.data) if c.must_not_fund else None
    for pid, p in records.items():
        on_time()
        chosen = pulp.lpSum(x[pid, t] for t in starts[pid])
        if len(starts[pid]) > 1:
            prob += chosen <= 1, f"once_{pid}"
        ongoing = c.ongoing and p["status"] == "berjalan"
        mandatory = c.mandatory and p["nature"] == "wajib"
        if ongoing or mandatory or (must_fund is not None and must_fund[pid]):
            prob += chosen >= 1, f"must_{pid}"
        if banned is not None and banned[pid]:
            prob += chosen <= 0, f"must_not_{pid}"

    groups: dict[str, list[str]] = defaultdict(list)
    for pid, p in records.items():
        if p["exclusive_group"]:
            groups[p["exclusive_group"]].append(pid)
    for group, members in groups.items():
        if len(members) > 1:
            prob += (
                pulp.lpSum(x[pid, t] for pid in members for t in starts[pid]) <= 1,
                f"exclusive_{group}",
            )

    unavailable = set(problem.unavailable)
    for pid, p in records.items():
        on_time()
        for need in p["requires"]:
            if need not in records and need not in unavailable:
                continue
            for t in starts[pid]:
                earlier = [x[need, s] for s in starts.get(need, []) if s <= t]
                prob += x[pid, t] <= pulp.lpSum(earlier)

    for limit in c.groups:
        for _, member in limit.members(problem.data):
            ids = set(problem.data.index[member])
            keys = [(pid, t) for pid, t in x if pid in ids]
            if limit.max_count is not None:
                prob += pulp.lpSum(x[k] for k in keys) <= limit.max_count
            if limit.min_count is not None:
                prob += pulp.lpSum(x[k] for k in keys) >= limit.min_count
            for year in years:
                on_time()
                share = pulp.lpSum(
                    records[pid]["cost"] * x[pid, t] for pid, t in keys if runs(pid, t, year)
                )
                if limit.max_share is not None:
                    prob += share <= limit.max_share * c.budget[year]
                if limit.min_share is not None:
                    prob += share >= limit.min_share * c.budget[year]
    return prob, x


def cbc_gap(log_text: str, objective: float) -> float:
    """The relative gap CBC proved, from the summary in its log (NaN if not printed)."""
    bound = re.search(r"^(?:Lower|Upper) bound:\s*(\S+)", log_text, re.MULTILINE)
    if bound is None:
        return math.nan
    return abs(abs(float(bound.group(1))) - objective) / max(abs(objective), 1e-10)


def solve_cbc(
    prob: pulp.LpProblem, mip_gap: float, time_limit: float, log_path: Path
) -> tuple[str, float]:
    """CBC as a user calls it; status from the solution status and the log."""
    prob.solve(
        pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=mip_gap, logPath=str(log_path))
    )
    if prob.sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        return pulp.LpStatus.get(prob.status, str(prob.status)).lower(), math.nan
    text = log_path.read_text(encoding="utf-8", errors="replace")
    finished = prob.sol_status == pulp.LpSolutionOptimal and "Stopped on" not in text
    gap = cbc_gap(text, float(pulp.value(prob.objective)))
    if finished and math.isnan(gap):
        gap = 0.0 if mip_gap == 0 else mip_gap
    return classify(finished, gap), gap


def solve_highs(prob: pulp.LpProblem, mip_gap: float, time_limit: float) -> tuple[str, float]:
    """pulp.HiGHS in-process; status and gap read from the highspy model."""
    import highspy

    prob.solve(pulp.HiGHS(msg=False, timeLimit=time_limit, gapRel=mip_gap))
    h = prob.solverModel
    status = h.getModelStatus()
    if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit):
        return h.modelStatusToString(status).lower(), math.nan
    gap = max(float(h.getInfo().mip_gap), 0.0)
    return classify(status == highspy.HighsModelStatus.kOptimal, gap), gap


def run_plain(problem: Problem, solver: str, time_limit: float, work: Path) -> Outcome:
    """Build the plain PuLP model (capped at ``time_limit``) and solve it."""
    instance = problem.instance
    method = f"plain PuLP + {solver}"
    started = time.perf_counter()
    try:
        prob, x = plain_model(problem, started + time_limit)
    except BuildTimeout:
        return Outcome(
            instance.label,
            instance.n,
            method,
            None,
            None,
            f"build did not finish in {time_limit:g} s",
            math.nan,
            math.nan,
            proven=False,
        )
    built = time.perf_counter()
    if solver == "CBC":
        status, gap = solve_cbc(prob, instance.mip_gap, time_limit, work / "cbc.log")
    else:
        status, gap = solve_highs(prob, instance.mip_gap, time_limit)
    solved = time.perf_counter()
    objective = math.nan
    if status in ("optimal", "gap_limit", "time_limit"):
        objective = sum(
            float(problem.score[pid]) * round(v.varValue or 0.0) for (pid, _), v in x.items()
        )
    return Outcome(
        instance.label,
        instance.n,
        method,
        built - started,
        solved - built,
        status,
        gap,
        objective,
        status == "optimal",
    )


def total(o: Outcome) -> float | None:
    """Build plus solve seconds (None when the build did not finish)."""
    return None if o.build is None or o.solve is None else o.build + o.solve


def speed_up(o: Outcome, cbc: Outcome, time_limit: float) -> str:
    """Plain CBC's total over this row's total; ``>=`` when CBC stopped short of the
    target (time limit or unfinished build), since it would have needed longer."""
    mine, theirs = total(o), total(cbc)
    if mine is None:
        return "-"
    if theirs is None:
        return f">= {time_limit / mine:.1f}x"
    reached = cbc.status in ("optimal", "gap_limit")
    return f"{'' if reached else '>= '}{theirs / mine:.1f}x"


def same_value(o: Outcome, reference: Outcome) -> str:
    """Whether this row's objective equals the reference's, when both are proven optimal."""
    if o is reference:
        return "reference"
    if not (o.proven and reference.proven):
        return "n/a (not both proven)"
    ok = math.isclose(o.objective, reference.objective, rel_tol=SAME_VALUE_RTOL)
    return "yes" if ok else f"NO ({o.objective - reference.objective:+.6g})"


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def gap_text(gap: float) -> str:
    return "-" if math.isnan(gap) else f"{gap:.2e}" if gap else "0"


def table(outcomes: Sequence[Outcome], time_limit: float) -> str:
    """One Markdown table; speed-up and same value are per instance."""
    lines = [
        "| instance | n | method | build s | solve s | total s | status | gap | objective "
        "| same value | speed-up vs plain CBC |",
        "|---|---:|---|---:|---:|---:|---|---:|---:|---|---:|",
    ]
    for n in dict.fromkeys(o.n for o in outcomes):
        rows = [o for o in outcomes if o.n == n]
        cbc = next(o for o in rows if o.method == "plain PuLP + CBC")
        reference = next((o for o in rows if o.proven), rows[0])
        for o in rows:
            objective = "-" if math.isnan(o.objective) else f"{o.objective:.4f}"
            lines.append(
                f"| {o.instance} | {o.n:,} | {o.method} | {seconds(o.build)} | "
                f"{seconds(o.solve)} | {seconds(total(o))} | {o.status} | {gap_text(o.gap)} | "
                f"{objective} | {same_value(o, reference)} | {speed_up(o, cbc, time_limit)} |"
            )
    return "\n".join(lines)


def profile_build(problem: Problem, top: int) -> str:
    """cProfile of build_model on ``problem``: the ``top`` functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    build_model(
        problem.data,
        problem.score,
        problem.years,
        problem.constraints,
        unavailable=problem.unavailable,
    )
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def environment(argv: Sequence[str], time_limit: float) -> str:
    """Where and how the numbers were measured."""
    import highspy

    h = highspy.Highs()
    return (
        f"Command: `python benchmarks/portfolio.py {' '.join(argv)}`".rstrip() + "  \n"
        f"Python {platform.python_version()}, PuLP {pulp.__version__} (bundled CBC), "
        f"HiGHS {h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()} (highspy), "
        f"{platform.machine()} {os.cpu_count()} CPUs, {platform.system()}  \n"
        f"Seed {SEED}; time limit {time_limit:g} s per solve; one timed run per row, "
        "instances one after the other."
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="115 and 1,000 only, 10 s limit")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.name}")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile build_model on the largest instance"
    )
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(args_list)
    time_limit = 10.0 if args.quick else 60.0

    outcomes: list[Outcome] = []
    notes: list[str] = []
    profile = ""
    with tempfile.TemporaryDirectory(prefix="kerjasama-portfolio-") as tmp:
        work = Path(tmp)
        for instance in instances(args.quick):
            log(f"generating {instance.n:,} proposals")
            problem = make_problem(instance, work / f"s{instance.n}")
            if not outcomes:  # untimed warm-up: imports, highspy and CBC start-up
                run_ours(problem, tie_break=True, time_limit=time_limit)
                run_plain(problem, "CBC", time_limit, work)
            binding = ""
            for tie_break in instance.tie_breaks:
                log(f"  ours, tie-break {tie_break}")
                outcome, binding = run_ours(problem, tie_break, time_limit)
                outcomes.append(outcome)
            for solver in ("CBC", "HiGHS"):
                log(f"  plain PuLP + {solver}")
                outcomes.append(run_plain(problem, solver, time_limit, work))
            notes.append(f"- {instance.n:,}: {problem.note}" + (f"; {binding}" if binding else ""))
            if args.profile and instance == instances(args.quick)[-1]:
                log("  profiling build_model")
                profile = profile_build(problem, top=20)

    report = "\n\n".join(
        [table(outcomes, time_limit), "Instances:\n" + "\n".join(notes)]
        + (
            [f"Profile of build_model, {instance.n:,} proposals:\n\n```\n{profile}```"]
            if profile
            else []
        )
    )
    print(report)
    if args.write:
        RESULTS.write_text(
            f"# Portfolio benchmark\n\n{environment(args_list, time_limit)}\n\n{report}\n",
            encoding="utf-8",
        )
        log(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
