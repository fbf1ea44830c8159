"""The workbook's write time by size: ``workbook_bytes`` on generated scenarios, one table.

    nice -n 10 python benchmarks/workbook.py                 # 1,000 and 10,000 proposals
    nice -n 10 python benchmarks/workbook.py --sizes 100000  # long: the run itself first

Each size: ``datasets.write_scenario(n, seed=2026, years=3)`` (CSV), one ``run`` (the
explanations' re-solves off, ``mip_gap`` 1e-3, time limit 120 s: only the workbook is
measured), then ``report_facts`` and ``workbook_bytes(facts, "id")`` timed (the facts
once, the workbook's best of ``--repeat`` writes, wall and CPU seconds: on a shared
machine the CPU time is the cost), with the rows of the workbook's sheets and the size
of the file. The writer is linear in the rows: the time per 1,000 proposals stays flat
from one size to the next.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from io import BytesIO

from openpyxl import load_workbook

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.datasets import write_scenario
from mcda_kerjasama.report.facts import report_facts
from mcda_kerjasama.report.xlsx import workbook_bytes


def measure(n: int, repeat: int) -> tuple[float, float, int, int]:
    """Seconds (wall and CPU) of the best workbook write, rows in all sheets, bytes of
    the file."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_scenario(folder, n=n, seed=2026, years=3, file_name="usulan.csv")
        scenario = load_scenario(
            path,
            [
                "explain.price_of_forcing=0",
                "explain.reserve_steps=0",
                "solver.mip_gap=0.001",
                "solver.time_limit=120",
            ],
        )
        facts = report_facts(run(scenario))
    best, cpu = float("inf"), float("inf")
    data = b""
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = workbook_bytes(facts, "id")
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    book = load_workbook(BytesIO(data), read_only=True)
    rows = sum(sheet.max_row or 0 for sheet in book.worksheets)
    return best, cpu, rows, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print("| proposals | write, wall (s) | write, CPU (s) | CPU s per 1,000 | rows | file (MB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        seconds, cpu, rows, size = measure(n, args.repeat)
        print(
            f"| {n:,} | {seconds:.2f} | {cpu:.2f} | {1000 * cpu / n:.2f} | {rows:,} | "
            f"{size / 1e6:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
