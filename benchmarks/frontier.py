"""The budget frontier, parametric (``compute_frontier``: one model, kept sessions, warm
starts, reduced-cost fixing) against the frontier as it was (a new model and a full
solve at every level), 20 steps.

    python benchmarks/frontier.py                 # 115 and 1,000 proposals
    python benchmarks/frontier.py --n 115
    python benchmarks/frontier.py --write         # also write benchmarks/frontier_results.md

The instance family of ``benchmarks/peers.py`` (every rule kind: staff caps per agency,
group limits, must-funds, exclusive groups, prerequisites, three planning years), written
as a scenario folder and read back. Every measurement runs in a fresh process (model
building included, imports and reading not); ``same points`` compares the two
frontiers' status, value (relative 1e-9) and portfolio at every level.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "frontier_results.md"
METHODS = ("per-level full solve (before)", "compute_frontier (parametric)")
STEPS = 20


def _peers() -> ModuleType:
    """``benchmarks/peers.py`` (this script's folder is on the path), for its instance."""
    import peers

    return peers


def measure(method: str, folder: Path) -> dict[str, object]:
    """One frontier in this (fresh) process: seconds and the points' fingerprint."""
    import numpy as np

    from mcda_kerjasama.pipeline import prepare
    from mcda_kerjasama.portfolio.frontier import compute_frontier
    from mcda_kerjasama.portfolio.select import solve_model
    from mcda_kerjasama.scenario import load_scenario

    problem = prepare(load_scenario(folder)).problem
    started = time.perf_counter()
    points: list[tuple[str, float, list[str]]] = []
    if method.startswith("compute_frontier"):
        for p in compute_frontier(problem, steps=STEPS).points.to_dict("records"):
            points.append((str(p["status"]), float(p["value"]), list(p["portfolio"])))
    else:  # the loop of compute_frontier before the parametric steps
        c = problem.constraints
        peak = max(c.budget.values())
        top = float(problem.candidates["cost"].sum())
        for k in range(STEPS + 1):
            model = problem.with_constraints(c.scaled(top * k / STEPS / peak)).model
            result = solve_model(model, problem.solver)
            if result.status == "infeasible":
                points.append(("infeasible", float("nan"), []))
                continue
            picked = model.picked(result.x)
            ids = [str(i) for i in problem.candidates.index if str(i) in picked]
            points.append((str(result.status), result.objective, ids))
    seconds = time.perf_counter() - started
    statuses = sorted({s for s, _, _ in points})
    values = [None if np.isnan(v) else v for _, v, _ in points]
    sets = hashlib.sha256(json.dumps([p for _, _, p in points]).encode()).hexdigest()[:12]
    return {"seconds": seconds, "statuses": statuses, "values": values, "sets": sets}


def fresh(method: str, folder: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--one", method, "--folder", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return {"seconds": float("nan"), "statuses": ["failed"], "values": [], "sets": ""}
    return json.loads(done.stdout.strip().splitlines()[-1])


def same(a: dict[str, object], b: dict[str, object]) -> str:
    va, vb = a["values"], b["values"]
    assert isinstance(va, list) and isinstance(vb, list)
    values = len(va) == len(vb) and all(
        (x is None and y is None)
        or (x is not None and y is not None and abs(x - y) <= 1e-9 * max(1.0, abs(x)))
        for x, y in zip(va, vb, strict=True)
    )
    if not values:
        return "NO (values differ)"
    return "yes" if a["sets"] == b["sets"] else "values yes, portfolios differ"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="*", default=[115, 1000])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--one")
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--limit", type=float, default=60.0, help="solver time limit per level")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.folder)))
        return
    lines = [
        f"| n | method | seconds ({STEPS} steps) | statuses | same points | speed-up |",
        "|---:|---|---:|---|---|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="kerjasama-frontier-") as tmp:
        for n in args.n:
            folder = _peers().write_instance(n, Path(tmp) / f"n{n}", args.limit)
            runs = {m: fresh(m, folder) for m in METHODS}
            old, new = runs[METHODS[0]], runs[METHODS[1]]
            for m in METHODS:
                r = runs[m]
                speed = float(old["seconds"]) / float(r["seconds"])  # type: ignore[arg-type]
                lines.append(
                    f"| {n:,} | {m} | {float(r['seconds']):.2f} | "  # type: ignore[arg-type]
                    f"{', '.join(r['statuses'])} | "  # type: ignore[arg-type]
                    f"{'-' if m == METHODS[0] else same(old, new)} | {speed:.1f}x |"
                )
                print(lines[-1], file=sys.stderr, flush=True)
    text = "\n".join(lines)
    print(text)
    if args.write:
        head = (
            "# Budget frontier: parametric against a full solve per level\n\n"
            f"`python benchmarks/frontier.py --write` on {platform.machine()}, "
            f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; one fresh "
            "process per measurement, one round.\n\n"
        )
        RESULTS.write_text(head + text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
