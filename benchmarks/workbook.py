"""The workbook's write time and memory by size: ``workbook_bytes`` on generated runs.

    nice -n 10 python benchmarks/workbook.py                  # 1,000 and 10,000 proposals
    nice -n 10 python benchmarks/workbook.py --sizes 100000 --cache /tmp/wb  # long: the run
    python benchmarks/workbook.py --sizes 10000,100000 --cache /tmp/wb --write

Each size: ``datasets.write_scenario(n, seed=2026, years=3)`` (CSV) and one ``run`` (the
explanations' re-solves off, ``mip_gap`` 1e-3, time limit 120 s: only the workbook is
measured) in a process of its own, its ``RunResult`` pickled (kept in ``--cache`` and
reused from there: at 100,000 the run takes minutes). Then, in a fresh process, the
pickled result is loaded and ``workbook_bytes(result, "id")`` timed (its report facts
included; the best of ``--repeat`` writes, wall and CPU seconds: on a shared machine the
CPU time is the cost), with the process's resident memory before the write (the result
loaded) and at its peak, the rows of the workbook's sheets and the size of the file.
The writer is linear in the rows: the CPU time per 1,000 proposals stays flat from one
size to the next. ``--write`` also writes ``benchmarks/workbook_results.md``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "workbook_results.md"
HEADER = (
    "| proposals | write, wall (s) | write, CPU (s) | CPU s per 1,000 | memory before (MB) "
    "| peak memory (MB) | rows | file (MB) |\n|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def child_run(n: int, path: str) -> dict[str, object]:
    """Generate and run ``n`` proposals; pickle the result to ``path``."""
    from mcda_kerjasama import load_scenario, run
    from mcda_kerjasama.datasets import write_scenario

    with tempfile.TemporaryDirectory() as folder:
        scenario_path = write_scenario(folder, n=n, seed=2026, years=3, file_name="usulan.csv")
        scenario = load_scenario(
            scenario_path,
            [
                "explain.price_of_forcing=0",
                "explain.reserve_steps=0",
                "solver.mip_gap=0.001",
                "solver.time_limit=120",
            ],
        )
        started = time.perf_counter()
        result = run(scenario)
        seconds = time.perf_counter() - started
    with open(path, "wb") as file:
        pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
    return {"run_seconds": seconds}


def child_write(path: str, repeat: int) -> dict[str, object]:
    """Load the pickled result, then time ``workbook_bytes`` and read the peak memory."""
    import resource
    from io import BytesIO

    from openpyxl import load_workbook

    with open(path, "rb") as file:
        result = pickle.load(file)
    from mcda_kerjasama.report.xlsx import workbook_bytes

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, cpu = float("inf"), float("inf")
    data = b""
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = workbook_bytes(result, "id")
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    book = load_workbook(BytesIO(data), read_only=True)  # rows from each sheet's dimension
    rows = sum(sheet.max_row or 0 for sheet in book.worksheets)
    return {
        "wall": wall,
        "cpu": cpu,
        "before_mb": before,
        "peak_mb": peak,
        "rows": rows,
        "bytes": len(data),
    }


def in_child(*args: str) -> dict[str, object]:
    """Run this file's ``child_*`` function in a fresh interpreter; its JSON answer."""
    from e2e import in_child as run_child  # benchmarks/ is on the path: the script's folder

    return run_child(*args, script=__file__)


def measure(n: int, cache: Path, repeat: int) -> dict[str, object]:
    """One size: the run (unless cached), then the write in a fresh process."""
    path = cache / f"result_{n}.pkl"
    if not path.exists():
        print(f"running {n:,} proposals ...", file=sys.stderr, flush=True)
        in_child("run", str(n), str(path))
    return in_child("write", str(path), str(repeat))


def row(n: int, m: dict[str, object]) -> str:
    wall, cpu = float(m["wall"]), float(m["cpu"])  # type: ignore[arg-type]
    before, peak = float(m["before_mb"]), float(m["peak_mb"])  # type: ignore[arg-type]
    rows, size = int(m["rows"]), int(m["bytes"])  # type: ignore[call-overload]
    return (
        f"| {n:,} | {wall:.1f} | {cpu:.1f} | {1000 * cpu / n:.2f} | {before:,.0f} | "
        f"{peak:,.0f} | {rows:,} | {size / 1e6:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cache", type=Path, help="keep and reuse the pickled run results")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.name}")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "run":
            print(json.dumps(child_run(int(rest[0]), rest[1])))
        else:
            print(json.dumps(child_write(rest[0], int(rest[1]))))
        return
    lines = [HEADER]
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        cache = args.cache or Path(scratch)
        cache.mkdir(parents=True, exist_ok=True)
        for n in (int(s) for s in args.sizes.split(",")):
            lines.append(row(n, measure(n, cache, args.repeat)))
            print(lines[-1], flush=True)
    if args.write:
        cpu = platform.processor() or platform.machine()
        machine = f"{cpu}, Python {platform.python_version()}"
        RESULTS.write_text(
            RESULTS_TEXT.format(table="\n".join(lines), machine=machine), encoding="utf-8"
        )


RESULTS_TEXT = """# The workbook by size (issue 14 goal 1)

`python benchmarks/workbook.py --sizes 1000,10000,100000 --cache DIR --write` ({machine}):
`workbook_bytes(result, "id")` on a pickled `RunResult` of generated proposals, in a fresh
process per size; memory is the process's resident size with the result loaded and at
its peak (the result included).

{table}

Before (commit 486d9ba, openpyxl's cells; the same pickled results, each write in a
fresh process as above, `PYTHONPATH` set to that commit's `src`):

| proposals | wall (s) | CPU (s) | CPU s per 1,000 | memory before (MB) | peak (MB) |
|---:|---:|---:|---:|---:|---:|
| 1,000 | 1.1 | 0.9 | 0.86 | 117 | 146 |
| 10,000 | 9.8 | 8.7 | 0.87 | 134 | 361 |
| 100,000 | 130.9 | 90.3 | 0.90 | 318 | 2,531 |

The file is the same: every part of it byte for byte (sheets, styles, workbook) but the
document's created and modified times, at 10,000 and 100,000 proposals and for
`scenarios/contoh`, `contoh-ahp`, `sumbar-2026` and `hemat` in both languages.

How: openpyxl kept a cell object per cell (five million at 100,000 proposals) and wrote
each through its XML serialiser, some 20 microseconds a cell; its write-only mode keeps
no cells but serialises them the same way (23 microseconds a cell in a trial of 500,000
cells: some 120 s at 100,000). The sheet writer now keeps a sheet's rows as plain
values until it finishes the sheet, then writes them as XML itself
(`report/sheetxml.py`, as openpyxl formats them), deflated in memory; openpyxl writes
the workbook with cell-free sheets (styles, widths, merged ranges, print setup,
headers, breaks) and the rows go into each sheet's `sheetData`.
"""


if __name__ == "__main__":
    main()
