"""Coordination benchmark: the joint selection across regions, one table.

    python benchmarks/coordination.py           # everything (about 25 minutes)
    python benchmarks/coordination.py --quick   # smoke run: Sumatera Barat, 3 provinces
    python benchmarks/coordination.py --case sumbar   # one instance
    python benchmarks/coordination.py --write   # also write benchmarks/coordination_results.md

Cases (each in its own process, so its peak memory is its own):

- ``sumbar``: ``scenarios/koordinasi-sumbar`` (20 members, 2,526 proposals, 72 joint
  cooperations, 2026-2027), proven optimal (``mip_gap = 0``), monolithic and decomposed
  (in one process: the decomposition's member solves on 1 thread and on 2 threads,
  ``[solver] threads``);
- ``national``: :func:`mcda_kerjasama.datasets.coordination.generate_coordination` with
  ``region=None`` (38 provinces and 514 kabupaten/kota, about 69,000 proposals, about
  2,300 joint cooperations; synthetic, neighbours synthetic outside Sumatera Barat),
  built in memory; requested gap 0.1%, 300 s for the joint model; monolithic (one
  MILP in this process) and decomposed in this process on 2 threads and on a Dask
  ``LocalCluster`` started here with 1 and 2 worker processes.

Reported: the status, the proven gap when the joint model stopped and the gap reached
after 60, 120, 180, 240 and 300 s (from the decomposition's trace; the monolithic
model reports its final gap only), seconds for every member alone, for the joint
model and for the members' final portfolios, and the peak memory (resident set) of the
process and of each Dask worker. Explanations are off (they are not part of the solve).
The machine is shared: other work running at the same time slows every figure.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "coordination_results.md"
MARKS = (60, 120, 180, 240, 300)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _gap_at(trace: list[list[float]], second: float) -> float | None:
    """The proven gap reached by ``second`` seconds of the joint model (None: not yet)."""
    best = None
    for t, value, bound in trace:
        if t <= second and value > 0:
            best = (bound - value) / value
    return best


def _national(quick: bool) -> tuple[dict[str, Any], dict[str, Any], Any, Any, Any, int]:
    from mcda_kerjasama.datasets.coordination import generate_coordination

    g = generate_coordination(None, seed=2026, proposals=115, province_proposals=150)
    keep = {m.name for m in g.members if not quick or m.province in ("13", "14", "15")}
    joint = g.joint[g.joint.groupby("kode")["pihak"].transform(lambda p: p.isin(keep).all())]
    neighbours = g.neighbours[g.neighbours.anggota.isin(keep) & g.neighbours.tetangga.isin(keep)]
    members = {m.name: (g.scenario(m), m.proposals) for m in g.members if m.name in keep}
    data = g.coordination()
    n = sum(len(m.proposals) for m in g.members if m.name in keep)
    return data, members, joint, neighbours, g, n


def run_case(case: str, method: str, workers: int, threads: int, quick: bool) -> dict[str, Any]:
    """One case in this process (``workers``: Dask worker processes, 0: here on
    ``threads`` threads); a JSON-ready record."""
    from mcda_kerjasama.coordination import coordinate, load_coordination
    from mcda_kerjasama.coordination.link import build_coordination

    started = time.perf_counter()
    client = cluster = None
    if case == "sumbar":
        coordination = load_coordination(
            ROOT / "scenarios" / "koordinasi-sumbar",
            [
                f"solver.method={method}",
                "solver.mip_gap=0.0",
                "explain.uncoordinated=false",
                "explain.price_of_forcing=false",
                f"solver.threads={threads}",
            ],
        )
        size = sum(len(m.data) for m in coordination.members)
    else:
        data, members, joint, neighbours, _, size = _national(quick)
        data["solver"] = {"method": method, "mip_gap": 1e-3, "time_limit": 300}
        data["solver"]["threads"] = threads
        data["explain"] = {"uncoordinated": False, "price_of_forcing": False, "members": False}
        coordination = build_coordination(data, members, joint, neighbours)
    loaded = time.perf_counter() - started
    if workers:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        done = coordinate(coordination, scheduler=client, explain=False)
        worker_mb = (
            sorted(
                v / 1024
                for v in client.run(
                    lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                ).values()
            )
            if client
            else []
        )
    finally:
        if client is not None:
            client.close()
            cluster.close()
    solver = done.solver
    trace = [list(p) for p in solver.trace]
    return {
        "case": case,
        "method": method,
        "workers": workers,
        "threads": 0 if workers else done.solver.workers,
        "members": len(coordination.members),
        "proposals": size,
        "joint": len(coordination.joint),
        "status": str(done.status),
        "gap": done.gap,
        "objective": done.objective,
        "bound": done.bound,
        "load_seconds": loaded,
        "phases": dict(solver.phases),
        "iterations": solver.iterations,
        "nodes": solver.nodes,
        "member_solves": solver.member_solves,
        "gap_at": {str(m): _gap_at(trace, m) for m in MARKS},
        "peak_mb": _peak_mb(),
        "worker_mb": worker_mb,
    }


def _child(case: str, method: str, workers: int, threads: int, quick: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", case, method, str(workers), str(threads)]
    command += ["--quick"] if quick else []
    print(f"... {case} {method} workers={workers} threads={threads}", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        failed = done.stderr[-300:]
        return {"case": case, "method": method, "workers": workers, "failed": failed}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.3f}%"


def _where(record: dict[str, Any]) -> str:
    """Where the member solves ran: Dask workers, or threads of this process."""
    if record["workers"]:
        return f"{record['workers']} Dask"
    threads = record.get("threads", 1)
    return f"here, {threads} thread{'s' if threads != 1 else ''}"


def table(records: list[dict[str, Any]]) -> str:
    """The one table, markdown."""
    head = (
        "| instance | method | member solves on | status | gap | gap at 60 / 120 / 300 s | alone s "
        "| joint model s | final portfolios s | peak MB (workers) |"
    )
    lines = [head, "|" + "---|" * 10]
    for r in records:
        if "failed" in r:
            lines.append(
                f"| {r['case']} | {r['method']} | {r['workers'] or '-'} | failed |" + " |" * 6
            )
            continue
        name = (
            f"{r['case']} ({r['members']} members, {r['proposals']:,} proposals, "
            f"{r['joint']:,} joint)"
        )
        marks = " / ".join(_pct(r["gap_at"][str(m)]) for m in (60, 120, 300))
        workers = ", ".join(f"{w:.0f}" for w in r["worker_mb"])
        memory = f"{r['peak_mb']:.0f}" + (f" ({workers})" if workers else "")
        phases = r["phases"]
        lines.append(
            f"| {name} | {r['method']} | {_where(r) if r['method'] != 'monolithic' else '-'} | "
            f"{r['status']} | "
            f"{_pct(r['gap'])} | {marks if r['method'] == 'decomposition' else '-'} | "
            f"{phases['alone']:.1f} | {phases['joint']:.1f} | {phases['completion']:.1f} | "
            f"{memory} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--case", choices=("sumbar", "national"), help="only this instance")
    parser.add_argument("--child", nargs=4, metavar=("CASE", "METHOD", "WORKERS", "THREADS"))
    args = parser.parse_args()
    if args.child:
        case, method, workers, threads = args.child
        print(json.dumps(run_case(case, method, int(workers), int(threads), args.quick)))
        return
    plan = [  # (case, method, Dask workers, threads here)
        ("sumbar", "monolithic", 0, 1),
        ("sumbar", "decomposition", 0, 1),
        ("sumbar", "decomposition", 0, 2),
        ("national", "monolithic", 0, 1),
        ("national", "decomposition", 0, 2),
        ("national", "decomposition", 1, 1),
        ("national", "decomposition", 2, 1),
    ]
    records = [_child(*row, quick=args.quick) for row in plan if args.case in (None, row[0])]
    text = table(records)
    print(text)
    if args.write:
        details = json.dumps(records, indent=1)
        machine = f"{platform.platform()}, Python {platform.python_version()}, 2 cores (shared)"
        command = "python benchmarks/coordination.py" + (" --quick" if args.quick else "")
        RESULTS.write_text(
            f"# Coordination benchmark\n\n`{command}` on {machine}.\n\n{text}\n\n"
            f"## Every figure\n\n```json\n{details}\n```\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
