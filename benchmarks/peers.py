"""The engine as a user runs it against the solvers a user could call directly.

    python benchmarks/peers.py                  # 115 and 1,000 proposals, 3 rounds
    python benchmarks/peers.py --n 115 --rounds 1
    python benchmarks/peers.py --write          # also write benchmarks/peers_results.md
    python benchmarks/peers.py --large --write  # 10,000 and 50,000 at a 60 s limit: gaps

One instance family with every rule kind: generated proposals over three years
(:func:`mcda_kerjasama.datasets.write_scenario`, seed 2026: mandatory and ongoing
cooperations, exclusive groups, prerequisites), plus a staff cap per agency and year
(about half the agencies bind), at most a fifth of the candidates per kind, foreign
cooperation at most 30% of each year's budget, a count limit per agency (one group limit
per agency value) and ten must-fund proposals. The scenario is written to a folder and
read back, so ``kerjasama run`` and the peers see the same candidates and rules.

Every measurement runs in a fresh process; rounds interleave the methods (round 1: all
methods, round 2: all methods, ...) and the table gives each method's median. Methods:

- ``kerjasama run --format json``: the installed executable with the scenario's default
  settings (explanations and the tie-break as configured by default; all five output
  files written), wall time of the whole process;
- ``ours: solve_model``: the model built by the package and solved by
  :func:`~mcda_kerjasama.portfolio.select.solve_model` (tie-break as by default, and on);
- ``highspy direct`` / ``scipy.milp``: the same model's arrays handed to the solver
  bare (build time not counted: generous to them);
- ``PuLP + HiGHS`` / ``PuLP + CBC``: the model written in PuLP by hand
  (``plain_model`` of ``benchmarks/portfolio.py``), build and solve.

Peers count only their own build and solve; ``kerjasama run`` counts everything
(interpreter start, imports, reading, explanations, five output files).

Every row also gives the gap each method proved with its own bound, and the gap of its
portfolio to the best (smallest) bound any method proved on that instance: what matters
when the time limit stops everyone (``--large``: 10,000 and 50,000 proposals, 60 s, one
round, without the tie-break variants; written to ``peers_large_results.md``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "peers_results.md"
LARGE_RESULTS = HERE / "peers_large_results.md"
LARGE = ("ours: solve_model (tie-break on)", "ours: staged tie-break (before)")  # not --large
SEED = 2026
METHODS = (
    "kerjasama run --format json",
    "ours: solve_model (default)",
    "ours: solve_model (tie-break off)",
    "ours: solve_model (tie-break on)",
    "ours: staged tie-break (before)",
    "highspy direct",
    "scipy.milp",
    "PuLP + HiGHS",
    "PuLP + CBC",
)
PEERS = ("highspy direct", "scipy.milp", "PuLP + HiGHS", "PuLP + CBC")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _portfolio_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("portfolio_bench", HERE / "portfolio.py")
    if spec is None or spec.loader is None:
        raise ImportError(HERE / "portfolio.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def write_instance(n: int, folder: Path, time_limit: float) -> Path:
    """The scenario folder of the instance (every rule kind), written as a user would.
    The agency staff caps and kind limits are those of ``benchmarks/portfolio.py``; the
    ten must-funds and the count per agency are taken from one portfolio of those rules
    (HiGHS alone, without the second search: the instance must not depend on which
    search answered first), so the instance stays feasible; a must-fund is never a
    proposal with a prerequisite (the scenario's screening may leave the prerequisite
    out)."""
    from mcda_kerjasama.portfolio.model import build_model
    from mcda_kerjasama.portfolio.select import solve_model
    from mcda_kerjasama.scenario import SolverOptions

    bench = _portfolio_bench()
    instance = bench.Instance("peers", n, 3, 0.0, (False,), limits=True)
    problem = bench.make_problem(instance, folder)
    c = problem.constraints
    model = build_model(problem.data, problem.score, problem.years, c)
    options = SolverOptions(tie_break=False, time_limit=time_limit, second_search=False)
    result = solve_model(model, options)
    chosen = problem.data.loc[sorted(model.picked(result.x))]
    bound = chosen["status"].eq("berjalan") | chosen["nature"].eq("wajib")
    free = chosen[~bound & (chosen["requires"].map(len) == 0)]
    must = [str(p) for p in free.index[:: max(1, len(free) // 10)][:10]]
    per_agency = int(chosen.groupby("agency").size().max())
    agencies = ", ".join(f'"{a}" = {v:g}' for a, v in c.staff_agency.items())
    extra = f"""
staff_per_agency = {c.staff_per_agency:g}
staff_agency = {{ {agencies} }}
must_fund = [{", ".join(f'"{p}"' for p in must)}]

[[constraints.group]]
name = "jenis"
column = "kind"
max_count = {c.groups[0].max_count}

[[constraints.group]]
name = "luar negeri"
column = "kind"
values = ["KSDPL", "KSDLL"]
max_share = 0.3

[[constraints.group]]
name = "opd"
column = "agency"
max_count = {per_agency}
"""
    path = folder / "scenario.toml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("[solver]", 1)
    tail = tail.replace("time_limit = 60", f"time_limit = {time_limit:g}")
    path.write_text(head.rstrip() + "\n" + extra + "\n[solver]" + tail, encoding="utf-8")
    return folder


def measure(method: str, folder: Path, time_limit: float) -> dict[str, object]:
    """One measurement, in this (fresh) process, except ``kerjasama run`` which is a
    process of its own."""
    if method == "kerjasama run --format json":
        exe = Path(sys.executable).with_name("kerjasama")
        out = folder / "hasil"
        started = time.perf_counter()
        done = subprocess.run(
            [str(exe), "run", str(folder), "-o", str(out), "--format", "json", "--force"],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            return {"seconds": seconds, "status": f"exit {done.returncode}", "objective": None}
        result = json.loads(done.stdout)
        return {
            "seconds": seconds,
            "status": result["status"],
            "objective": result["objective"],
            "bound": result["solver"]["bound"],
        }
    import numpy as np

    from mcda_kerjasama.pipeline import prepare
    from mcda_kerjasama.scenario import load_scenario

    problem = prepare(load_scenario(folder)).problem
    if method.startswith("ours"):
        from mcda_kerjasama.portfolio.select import solve_model

        options = problem.solver
        if "tie-break on" in method or "staged" in method:
            options = replace(options, tie_break=True)
        if "tie-break off" in method:
            options = replace(options, tie_break=False)
        started = time.perf_counter()
        model = problem.with_constraints(problem.constraints).model  # built here, timed
        result = staged(model, options) if "staged" in method else solve_model(model, options)
        seconds = time.perf_counter() - started
        return {
            "seconds": seconds,
            "status": str(result.status),
            "objective": result.objective,
            "bound": result.bound,
        }
    model = problem.model
    if method == "highspy direct":
        import highspy

        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", time_limit)
        h.setOptionValue("mip_rel_gap", 0.0)
        started = time.perf_counter()
        csc = model.matrix.tocsc()
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = model.n_columns, model.matrix.shape[0]
        lp.col_cost_ = np.asarray(model.objective, dtype=float)
        lp.col_lower_, lp.col_upper_ = np.zeros(model.n_columns), np.ones(model.n_columns)
        lp.row_lower_ = np.where(np.isfinite(model.row_lower), model.row_lower, -inf)
        lp.row_upper_ = np.where(np.isfinite(model.row_upper), model.row_upper, inf)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_ = csc.indptr, csc.indices
        lp.a_matrix_.value_ = csc.data
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.integrality_ = [highspy.HighsVarType.kInteger] * model.n_columns
        h.passModel(lp)
        h.run()
        seconds = time.perf_counter() - started
        proven = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        info = h.getInfo()
        return {
            "seconds": seconds,
            "status": "optimal" if proven else "not proven",
            "objective": float(info.objective_function_value),
            "bound": float(info.mip_dual_bound),
        }
    if method == "scipy.milp":
        from scipy.optimize import Bounds, LinearConstraint, milp

        started = time.perf_counter()
        found = milp(
            -np.asarray(model.objective, dtype=float),
            constraints=LinearConstraint(model.matrix, model.row_lower, model.row_upper),
            integrality=np.ones(model.n_columns),
            bounds=Bounds(0, 1),
            options={"time_limit": time_limit, "mip_rel_gap": 0.0},
        )
        seconds = time.perf_counter() - started
        status = "optimal" if found.status == 0 else f"status {found.status}"
        value = None if found.x is None else float(-found.fun)
        bound = getattr(found, "mip_dual_bound", None)
        bound = None if bound is None else float(-bound)
        return {"seconds": seconds, "status": status, "objective": value, "bound": bound}
    bench = _portfolio_bench()
    plain = bench.Problem(
        bench.Instance("peers", len(problem.candidates), 3, 0.0, (False,), limits=False),
        problem.candidates,
        problem.score,
        problem.years,
        problem.constraints,
        tuple(problem.unavailable),
        "",
    )
    solver = "HiGHS" if method == "PuLP + HiGHS" else "CBC"
    with tempfile.TemporaryDirectory() as work:
        outcome = bench.run_plain(plain, solver, time_limit, Path(work))
    seconds = (outcome.build or 0.0) + (outcome.solve or 0.0)
    value = outcome.objective
    bound = value * (1 + outcome.gap) if value is not None and outcome.gap == outcome.gap else None
    return {"seconds": seconds, "status": outcome.status, "objective": value, "bound": bound}


def staged(model: object, options: object) -> object:
    """The tie-break as it was before issue 14 (one MIP per key, each held at its
    optimum, the score held within the tolerance): the reference for its cost."""
    import numpy as np
    import pandas as pd
    from scipy import sparse

    from mcda_kerjasama.errors import SolverError
    from mcda_kerjasama.portfolio.backends import get_backend
    from mcda_kerjasama.portfolio.tiebreak import TIE_TOLERANCE

    backend = get_backend(options.backend)  # type: ignore[attr-defined]
    started = time.perf_counter()
    first = backend.solve(model, options)  # type: ignore[arg-type]
    if first.status != "optimal":
        return first

    def held(m: object, row: np.ndarray, lower: float, upper: float) -> object:
        labels = pd.DataFrame(
            {"name": ["tie"], "kind": "tie", "year": 0, "label": "", "reason": ""}
        )
        return m.with_rows(
            sparse.csr_matrix(row[None, :]), np.array([lower]), np.array([upper]), labels
        )  # type: ignore[attr-defined]

    floor = first.objective - TIE_TOLERANCE * max(1.0, abs(first.objective))
    current = held(model, model.objective, floor, np.inf)  # type: ignore[attr-defined]
    for key in model.tiebreak:  # type: ignore[attr-defined]
        left = options.time_limit - (time.perf_counter() - started)  # type: ignore[attr-defined]
        if left <= 0:
            break
        try:
            result = backend.solve(
                current.with_objective(key, "min"),  # type: ignore[attr-defined]
                replace(options, mip_gap=0.0, time_limit=left),  # type: ignore[type-var]
            )
        except SolverError:
            break
        if result.status != "optimal":
            break
        current = held(current, key, -np.inf, float(key @ result.x) + 0.5)
    return first


def fresh(method: str, folder: Path, time_limit: float) -> dict[str, object]:
    """``measure`` in a new Python process."""
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--one",
            method,
            "--folder",
            str(folder),
            "--limit",
            str(time_limit),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        log(done.stderr[-2000:])
        return {"seconds": float("nan"), "status": f"failed ({done.returncode})", "objective": None}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _number(value: object) -> float | None:
    """A finite number, or None."""
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def table(rows: dict[tuple[int, str], list[dict[str, object]]]) -> str:
    lines = [
        "| n | method | median s | runs (s) | status | objective | own gap | gap to best bound "
        "| vs fastest peer |",
        "|---:|---|---:|---|---|---:|---:|---:|---:|",
    ]
    for n in sorted({k[0] for k in rows}):
        medians = {
            m: statistics.median(float(r["seconds"]) for r in rows[n, m])
            for m in METHODS
            if (n, m) in rows
        }
        fastest = min(medians[m] for m in PEERS if m in medians)
        bounds = [_number(r.get("bound")) for m in METHODS for r in rows.get((n, m), [])]
        best = min((b for b in bounds if b is not None), default=math.nan)
        for method in METHODS:
            if (n, method) not in rows:
                continue
            runs = rows[n, method]
            value = runs[-1]["objective"]
            shown = "-" if value is None else f"{float(value):.2f}"  # type: ignore[arg-type]
            times = ", ".join(_seconds(float(r["seconds"])) for r in runs)  # type: ignore[arg-type]
            statuses = ", ".join(sorted({str(r["status"]) for r in runs}))
            bound, found = _number(runs[-1].get("bound")), _number(value)
            own = to_best = "-"
            if found is not None and found > 0:
                if bound is not None:
                    own = f"{max(0.0, bound / found - 1):.2e}"
                if math.isfinite(best):
                    to_best = f"{max(0.0, best / found - 1):.2e}"
            lines.append(
                f"| {n:,} | {method} | {_seconds(medians[method])} | {times} | {statuses} | "
                f"{shown} | {own} | {to_best} | {fastest / medians[method]:.2f}x |"
            )
    ratios = [
        f"{n:,}: {_ratio(rows, n)}"
        for n in sorted({k[0] for k in rows})
        if (n, TIE_ON) in rows and (n, TIE_OFF) in rows
    ]
    if ratios:  # issue 14, goal 3: the tie-break at most 1.5x the plain proven solve
        lines += ["", "Tie-break on / off (medians, model building included): " + ", ".join(ratios)]
    return "\n".join(lines)


TIE_ON, TIE_OFF = "ours: solve_model (tie-break on)", "ours: solve_model (tie-break off)"


def _ratio(rows: dict[tuple[int, str], list[dict[str, object]]], n: int) -> str:
    on, off = (
        statistics.median(float(r["seconds"]) for r in rows[n, method])  # type: ignore[arg-type]
        for method in (TIE_ON, TIE_OFF)
    )
    return f"{on / off:.2f}x"


def _seconds(value: float) -> str:
    """Seconds with two decimals, three significant digits below a tenth."""
    return f"{value:.3g}" if value < 0.1 else f"{value:.2f}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, action="append", help="proposals (repeatable)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=120.0, help="time limit per solve")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--large", action="store_true", help="10,000 and 50,000 proposals, 60 s, one round"
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, Path(args.folder), args.limit)))
        return
    methods: tuple[str, ...] = METHODS
    if args.large:
        args.n, args.limit, args.rounds = args.n or [10_000, 50_000], 60.0, 1
        methods = tuple(m for m in METHODS if m not in LARGE)
    sizes = args.n or [115, 1000]
    rows: dict[tuple[int, str], list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory(prefix="kerjasama-peers-") as tmp:
        for n in sizes:
            folder = write_instance(n, Path(tmp) / f"s{n}", args.limit)
            for r in range(args.rounds):
                for method in methods:
                    log(f"{n:,} round {r + 1}: {method}")
                    rows.setdefault((n, method), []).append(fresh(method, folder, args.limit))
    text = table(rows)
    print(text)
    if args.write:
        env = (
            f"Command: `python benchmarks/peers.py {' '.join(sys.argv[1:])}`".rstrip()
            + f"  \nPython {platform.python_version()}, {platform.machine()} "
            f"{os.cpu_count()} CPUs (shared; load average {os.getloadavg()[0]:.1f} at the end). "
            "Each measurement in a fresh process, methods interleaved per round."
        )
        (LARGE_RESULTS if args.large else RESULTS).write_text(
            f"# The engine against the solvers a user could call\n\n{env}\n\n{text}\n"
        )


if __name__ == "__main__":
    main()
