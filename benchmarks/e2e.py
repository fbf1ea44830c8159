"""End to end at every size: ``kerjasama run -o`` on generated scenarios, one table.

    python benchmarks/e2e.py                  # 1,000 / 10,000 / 100,000 (long: see README)
    python benchmarks/e2e.py --sizes 1000,10000 --no-limits --no-startup
    python benchmarks/e2e.py --write          # also write benchmarks/e2e_results.md

Every measurement runs in a fresh process, one after another (the machine is shared):

* **run -o**: the installed ``kerjasama run SCENARIO -o DIR`` (all five outputs and the
  console table, output to a pipe), its wall time and peak resident memory (the
  child's ``ru_maxrss``, read by a small wrapper process of its own).
* **stages**: the same work in one process through the same functions the command
  calls (``pipeline.run`` with its ``timings``, then ``report_facts``, each file's
  renderer, ``write_set`` and ``print_run`` into a pipe), each stage's seconds and its
  share of the total.
* **time limit**: ``solve_portfolio`` with ``time_limit`` 5 s on 10,000 and 60 s on
  50,000 proposals (``mip_gap`` 0, so only the limit stops it): the wall time of the
  build plus the solve, against the limit + 5%.
* **start-up**: ``kerjasama --help`` against ``python -c "import click"`` (median of 5
  interleaved rounds of 7, bytecode caches on as in an installed package; target 1.5x),
  and ``read_proposals`` of 100,000 rows against a bare ``pandas.read_csv`` of the same
  file (median of 3, target 4x).

The scenarios are ``datasets.write_scenario(n, seed=2026, years=3)`` (CSV) with the
rules of ``benchmarks/portfolio.py``: a staff cap per agency and year, at most 20% of the
candidates per kind, KSDPL + KSDLL at most 30% of each year's budget, plus the generated
mandatory, ongoing, exclusive and prerequisite rows; ``mip_gap`` 1e-3 and the time limit
of :data:`LIMITS`. Nothing generated is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "e2e_results.md"
SEED = 2026
SIZES = (1_000, 10_000, 100_000)
#: The solver's time limit (seconds) per size in the end-to-end runs: a stated budget,
#: so that the run's time is bounded whatever the instance.
LIMITS = {1_000: 15.0, 10_000: 15.0, 100_000: 120.0}
MIP_GAP = 1e-3
LIMIT_CHECKS = ((10_000, 5.0), (50_000, 60.0))
LIMIT_SLACK = 0.05
HELP_RATIO_TARGET = 1.5
HELP_ROUNDS = 5
READ_RATIO_TARGET = 4.0
READ_ROWS = 100_000
AGENCY_CAP_QUANTILE = 0.5
AGENCY_CAP_SHARE = 0.4
KIND_MAX_SHARE_OF_N = 0.2
FOREIGN_MAX_SHARE = 0.3

STAGES = (
    "read",
    "screen",
    "weights",
    "score",
    "build",
    "solve",
    "explain",
    "priority",
    "facts",
    "hasil.json",
    "daftar_prioritas.csv",
    "daftar_prioritas.xlsx",
    "laporan.html",
    "manifest+write",
    "console",
)


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


def make_scenario(folder: Path, n: int, time_limit: float, mip_gap: float) -> Path:
    """A generated three-year scenario with agency staff caps and group limits."""
    import numpy as np

    from mcda_kerjasama.datasets import write_scenario

    path = write_scenario(folder, n=n, seed=SEED, years=3, file_name="usulan.csv")
    import pandas as pd

    data = pd.read_csv(folder / "usulan.csv", sep=";", dtype=str, keep_default_na=False)
    staff = pd.to_numeric(data["staf"].str.replace(",", "."), errors="coerce").fillna(0)
    demand = staff.groupby(data["opd"]).sum()
    cap = float(np.ceil(demand.quantile(AGENCY_CAP_QUANTILE) * AGENCY_CAP_SHARE))
    forced = data["status"].eq("berjalan") | data["sifat"].eq("wajib")
    floor = np.ceil(staff[forced].groupby(data["opd"][forced]).sum())
    raised = {str(a): float(v) for a, v in floor[floor > cap].items()}
    text = path.read_text(encoding="utf-8")
    text = text.replace("time_limit = 60", f"time_limit = {time_limit:g}")
    text = text.replace("mip_gap = 0.0", f"mip_gap = {mip_gap:g}")
    agencies = ", ".join(f"{json.dumps(a)} = {v:g}" for a, v in sorted(raised.items()))
    rules = (
        f"staff_per_agency = {cap:g}\n"
        f"staff_agency = {{ {agencies} }}\n\n"
        "[[constraints.group]]\n"
        'name = "Per jenis"\ncolumn = "kind"\n'
        f"max_count = {int(KIND_MAX_SHARE_OF_N * n)}\n\n"
        "[[constraints.group]]\n"
        'name = "Luar negeri"\ncolumn = "kind"\nvalues = ["KSDPL", "KSDLL"]\n'
        f"max_share = {FOREIGN_MAX_SHARE}\n"
    )
    head, _, tail = text.partition("\n[solver]")
    path.write_text(head.rstrip("\n") + "\n" + rules + "\n[solver]" + tail, encoding="utf-8")
    return path.parent


# --- children: each runs in a fresh interpreter and prints one JSON line -------------


def child_stages(folder: str) -> dict[str, object]:
    """The command's work, stage by stage (same functions as ``kerjasama run -o``)."""
    import resource

    from mcda_kerjasama.jsonable import to_json
    from mcda_kerjasama.pipeline import run
    from mcda_kerjasama.report import (
        OWN_FILES,
        PRIORITY_CSV,
        PRIORITY_XLSX,
        REPORT_HTML,
        RESULT_JSON,
        priority_csv,
        result_json,
    )
    from mcda_kerjasama.report.console import print_run
    from mcda_kerjasama.report.facts import report_facts
    from mcda_kerjasama.report.files import write_set
    from mcda_kerjasama.report.html import report_html
    from mcda_kerjasama.report.manifest import MANIFEST, build_manifest
    from mcda_kerjasama.report.xlsx import workbook_bytes
    from mcda_kerjasama.scenario import load_scenario

    timings: dict[str, float] = {}
    scenario = load_scenario(folder)
    lang = scenario.language
    result = run(scenario, timings=timings)

    def timed(name: str, func):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        value = func()
        timings[name] = time.perf_counter() - started
        return value

    facts = timed("facts", lambda: report_facts(result))
    outputs = {
        RESULT_JSON: timed("hasil.json", lambda: (result_json(facts, lang) + "\n").encode()),
        PRIORITY_CSV: timed(
            "daftar_prioritas.csv", lambda: priority_csv(facts, lang).encode("utf-8-sig")
        ),
        PRIORITY_XLSX: timed("daftar_prioritas.xlsx", lambda: workbook_bytes(facts, lang)),
        REPORT_HTML: timed("laporan.html", lambda: report_html(facts, lang).encode()),
    }

    def write() -> None:
        manifest = build_manifest(result, outputs, ["kerjasama", "run", folder])
        outputs[MANIFEST] = (to_json(manifest) + "\n").encode()
        write_set(Path(folder) / "hasil-stages", outputs, OWN_FILES)

    timed("manifest+write", write)
    with open(os.devnull, "w", encoding="utf-8") as null:
        from rich.console import Console

        console = Console(file=null, width=200, markup=False)
        timed("console", lambda: print_run(result, lang, console))
    info = result.selection.solver
    return {
        "timings": timings,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "status": str(info.status),
        "backend": info.backend,
        "gap": info.gap,
        "selected": len(result.selection.selected),
        "candidates": int(result.selection.model.columns["proposal"].nunique()),
        "charts": outputs[REPORT_HTML].count(b"<svg"),
    }


def child_limit(folder: str, time_limit: float) -> dict[str, object]:
    """Build and solve with ``time_limit`` and no gap: the wall time the limit bounds."""
    from mcda_kerjasama.pipeline import prepare
    from mcda_kerjasama.portfolio.select import solve_portfolio
    from mcda_kerjasama.scenario import load_scenario

    scenario = load_scenario(folder, [f"solver.time_limit={time_limit}", "solver.mip_gap=0"])
    problem = prepare(scenario).problem
    started = time.perf_counter()
    selection = solve_portfolio(problem)
    wall = time.perf_counter() - started
    info = selection.solver
    return {"wall": wall, "status": str(info.status), "gap": info.gap, "backend": info.backend}


def child_read(path: str, scenario_folder: str, repeats: int) -> dict[str, object]:
    """Median seconds of a bare ``pandas.read_csv`` and of ``read_proposals``."""
    import pandas as pd

    from mcda_kerjasama.proposals import read_proposals
    from mcda_kerjasama.scenario import load_scenario

    scenario = load_scenario(scenario_folder)

    def bare() -> object:
        return pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")

    def ours() -> object:
        return read_proposals(scenario, path)

    out: dict[str, object] = {}
    for name, func in (("bare", bare), ("ours", ours)):
        func()  # warm-up: imports, file cache
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
        out[name] = statistics.median(times)
    return out


def in_child(*args: str, script: str = __file__) -> dict[str, object]:
    """Run a ``child_*`` function of ``script`` (this file by default; the workbook
    benchmark uses it for its own) in a fresh interpreter; its JSON answer."""
    done = subprocess.run(
        [sys.executable, script, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"child {args} exited with {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measured(args: Sequence[str]) -> tuple[float, float, int, str, float]:
    """Wall seconds, peak resident MB, exit code and the end of the standard error of
    ``args`` in a wrapper process of its own (``RUSAGE_CHILDREN`` holds that one child
    only), and the peak of the whole process tree's resident memory (the command with
    every process it starts, such as the second search and its CBC; sampled every 0.1 s
    from ``/proc``, Linux)."""
    code = (
        "import resource, subprocess, sys, time, json, threading, os\n"
        "def tree(root):\n"
        "    parent, rss = {}, {}\n"
        "    for entry in os.listdir('/proc'):\n"
        "        if not entry.isdigit(): continue\n"
        "        try:\n"
        "            text = open(f'/proc/{entry}/stat').read().rsplit(')', 1)[1].split()\n"
        "            parent[int(entry)] = int(text[1]); rss[int(entry)] = int(text[21])\n"
        "        except (OSError, IndexError): pass\n"
        "    inside, grew = {root}, True\n"
        "    while grew:\n"
        "        more = {p for p, q in parent.items() if q in inside} - inside\n"
        "        inside |= more; grew = bool(more)\n"
        "    return sum(rss.get(p, 0) for p in inside) * os.sysconf('SC_PAGE_SIZE') / 2**20\n"
        "t = time.perf_counter()\n"
        "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.PIPE, text=True)\n"
        "peak = [0.0]\n"
        "def watch():\n"
        "    while child.poll() is None:\n"
        "        peak[0] = max(peak[0], tree(child.pid)); time.sleep(0.1)\n"
        "threading.Thread(target=watch, daemon=True).start()\n"
        "err = child.communicate()[1]\n"
        "wall = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([wall, rss, child.returncode, err[-600:], peak[0]]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    wall, rss, rc, err, whole = json.loads(done.stdout)
    return float(wall), float(rss), int(rc), str(err), float(whole)


def kerjasama() -> str:
    path = Path(sys.executable).parent / "kerjasama"
    if not path.exists():
        raise SystemExit(f"{path} not found: install the package (pip install -e .) first")
    return str(path)


def median_wall(args: Sequence[str], repeats: int, env: dict[str, str] | None = None) -> float:
    subprocess.run(args, capture_output=True, check=True, env=env)  # warm-up
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def installed_env() -> dict[str, str]:
    """The environment of an installed package: bytecode caches written and read (pip
    compiles them on install; a ``PYTHONDONTWRITEBYTECODE`` of this shell would make
    every start compile our modules, while click's were compiled when installed)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# --- the table -------------------------------------------------------------------------


def size_rows(n: int, work: Path) -> list[str]:
    """``run -o`` wall and memory, then the stages, for one size."""
    folder = make_scenario(work / f"s{n}", n, LIMITS.get(n, 60.0), MIP_GAP)
    log(f"{n:,}: kerjasama run -o")
    command = [kerjasama(), "run", str(folder), "-o", str(folder / "hasil")]
    wall, rss, rc, err, whole = measured(command)
    if rc != 0:  # a row saying so, and the table goes on
        last = " ".join(err.strip().splitlines()[-2:]).replace("|", "/")
        log(f"{n:,}: exit {rc}: {err}")
        return [f"| `kerjasama run -o` | {n:,} | {wall:.1f} | {rss:,.0f} | **exit {rc}**: {last} |"]
    log(f"{n:,}: stages ({wall:.1f} s for run -o)")
    staged = in_child("stages", str(folder))
    timings: dict[str, float] = dict(staged["timings"])  # type: ignore[call-overload]
    total = sum(timings.values())
    shares = " · ".join(
        f"{name} {timings.get(name, 0.0):.2f} s ({timings.get(name, 0.0) / total:.0%})"
        for name in STAGES
    )
    solve = timings.get("solve", 0.0)
    around = total - solve - timings.get("build", 0.0)
    verdict = {1_000: "", 10_000: " (target < 60 s)", 100_000: " (target < 600 s)"}.get(n, "")
    limit = LIMITS.get(n, 60.0)
    return [
        f"| `kerjasama run -o` | {n:,} | {wall:.1f}{verdict} | {rss:,.0f} (target < 2,048) | "
        f"whole process tree {whole:,.0f} MB; "
        f"limit {limit:g} s, gap {MIP_GAP:g}: {staged['status']} ({staged['backend']}), gap "
        f"{float(staged['gap']):.1e}; {staged['selected']:,} selected of "
        f"{staged['candidates']:,} candidates; {staged['charts']} charts |",
        f"| stages (one process) | {n:,} | {total:.1f} | {float(staged['rss_mb']):,.0f} | "
        f"{shares}; everything but build and solve = {around / max(solve, 1e-9):.1f}x "
        "the solve |",
    ]


def limit_rows(work: Path) -> list[str]:
    rows = []
    for n, limit in LIMIT_CHECKS:
        folder = work / f"s{n}"
        if not folder.exists():
            make_scenario(folder, n, LIMITS.get(n, 60.0), MIP_GAP)
        log(f"{n:,}: time limit {limit:g} s")
        found = in_child("limit", str(folder), str(limit))
        wall = float(found["wall"])  # type: ignore[arg-type]
        ok = "ok" if wall <= limit * (1 + LIMIT_SLACK) else "OVER"
        rows.append(
            f"| time limit {limit:g} s (build + solve) | {n:,} | {wall:.1f} | - | "
            f"{wall / limit:.2f}x the limit (target <= {1 + LIMIT_SLACK:.2f}x: {ok}); "
            f"{found['status']} ({found['backend']}), "
            f"gap {float(found['gap']):.1e} |"  # type: ignore[arg-type]
        )
    return rows


def startup_rows(work: Path) -> list[str]:
    log("start-up: --help against import click")
    env = installed_env()
    clicks, helps = [], []
    for _ in range(HELP_ROUNDS):  # interleaved, so both see the same machine
        clicks.append(median_wall([sys.executable, "-c", "import click"], 7, env))
        helps.append(median_wall([kerjasama(), "--help"], 7, env))
    click, help_ = statistics.median(clicks), statistics.median(helps)
    ratio = help_ / click
    rows = [
        f'| `kerjasama --help` | - | {help_:.3f} | - | {ratio:.2f}x `python -c "import click"` '
        f"({click:.3f} s; target <= {HELP_RATIO_TARGET:g}x: "
        f"{'ok' if ratio <= HELP_RATIO_TARGET else 'OVER'}) |"
    ]
    log(f"read: {READ_ROWS:,} rows")
    from mcda_kerjasama.datasets import generate_proposals, write_proposals, write_scenario

    path = work / "besar.csv"
    write_proposals(generate_proposals(READ_ROWS, seed=SEED), path)
    write_scenario(work / "s115", n=115, seed=SEED, file_name="usulan.csv")
    found = in_child("read", str(path), str(work / "s115"), "3")
    bare, ours = float(found["bare"]), float(found["ours"])  # type: ignore[arg-type]
    ratio = ours / bare
    rows.append(
        f"| `read_proposals` (read + validate) | {READ_ROWS:,} | {ours:.2f} | - | "
        f"{ratio:.1f}x bare `pandas.read_csv` ({bare:.2f} s; target <= "
        f"{READ_RATIO_TARGET:g}x: {'ok' if ratio <= READ_RATIO_TARGET else 'OVER'}) |"
    )
    return rows


def environment(argv: Sequence[str]) -> str:
    import pandas as pd

    return (
        f"Command: `python benchmarks/e2e.py {' '.join(argv)}`".rstrip() + "  \n"
        f"Python {platform.python_version()}, pandas {pd.__version__}, "
        f"{platform.machine()} {os.cpu_count()} CPUs, {platform.system()}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--child"]:
        kind, *rest = args_list[1:]
        if kind == "stages":
            found = child_stages(rest[0])
        elif kind == "limit":
            found = child_limit(rest[0], float(rest[1]))
        else:
            found = child_read(rest[0], rest[1], int(rest[2]))
        print(json.dumps(found))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--no-limits", action="store_true", help="skip the time-limit rows")
    parser.add_argument("--no-startup", action="store_true", help="skip --help and reading")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.name}")
    args = parser.parse_args(args_list)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    lines = [
        "| what | n | wall s | peak RSS MB | notes |",
        "|---|---:|---:|---:|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="kerjasama-e2e-") as tmp:
        work = Path(tmp)
        if not args.no_startup:
            lines += startup_rows(work)
        for n in sizes:
            lines += size_rows(n, work)
            print("\n".join(lines[-2:]), file=sys.stderr, flush=True)
        if not args.no_limits:
            lines += limit_rows(work)
    table = "\n".join(lines)
    print(table)
    if args.write:
        RESULTS.write_text(
            "# End to end: results\n\n" + environment(args_list) + "\n\n" + table + "\n",
            encoding="utf-8",
        )
        log(f"-> {RESULTS}")


if __name__ == "__main__":
    main()
