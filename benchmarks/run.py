"""Benchmark suite for mcda_kerjasama: one command, one Markdown table.

    python benchmarks/run.py            # full suite (about a minute)
    python benchmarks/run.py --quick    # smoke mode for CI (< 30 s)
    python benchmarks/run.py --write    # also write benchmarks/results.md

Every input except ``scenarios/contoh`` is generated at run time into a temporary folder
with the seeded :func:`mcda_kerjasama.datasets.generate_proposals`, so what is measured is
the same on every run; only the clock varies. Each row is timed ``repeats`` times with
:func:`time.perf_counter` after one untimed warm-up call, and reports the minimum and the
median. The table goes to stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mcda_kerjasama.datasets import generate_proposals, write_proposals, write_scenario
from mcda_kerjasama.pipeline import check, run
from mcda_kerjasama.proposals import read_proposals
from mcda_kerjasama.scenario import Scenario, load_scenario

HERE = Path(__file__).resolve().parent
CONTOH = HERE.parent / "scenarios" / "contoh"
RESULTS = HERE / "results.md"
SEED = 2026
BUDGET_SHARE = 0.40  # budget of a generated scenario, as a share of its total cost
READ_RATIO_TARGET = 4.0  # read_proposals may cost "a few times" a bare pandas read
HELP_TARGET_S = 1.0  # `kerjasama --help` must answer in well under a second


@dataclass(frozen=True)
class Config:
    """How much work a mode does: repeats per row and the size of the generated inputs."""

    repeats: int
    large_repeats: int
    big_rows: int
    large_n: int


FULL = Config(repeats=7, large_repeats=5, big_rows=100_000, large_n=1_000)
QUICK = Config(repeats=3, large_repeats=1, big_rows=10_000, large_n=1_000)


@dataclass(frozen=True)
class Row:
    """One line of the table: what was timed, on how many proposals, and the timings."""

    name: str
    n: str
    times: tuple[float, ...]
    note: str = ""

    @property
    def minimum(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(message, file=sys.stderr, flush=True)


def timed(func: Callable[[], object], repeats: int) -> tuple[float, ...]:
    """Wall-clock seconds of ``repeats`` calls of ``func``, after one untimed warm-up."""
    func()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return tuple(times)


def command(args: Sequence[str], cwd: Path) -> Callable[[], object]:
    """A call that runs ``args`` as a subprocess and fails loudly on a non-zero exit."""

    def call() -> object:
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args)} exited with {done.returncode}:\n{done.stderr[-2000:]}"
            )
        return done

    return call


def executable(name: str) -> str:
    """A console script installed next to this interpreter (the venv's ``bin``)."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        raise SystemExit(f"{path} not found: install the package (pip install -e .) first")
    return str(path)


def make_scenario(folder: Path, n: int) -> Path:
    """The package's own synthetic scenario: usulan.xlsx plus scenario.toml."""
    write_scenario(folder, n=n, seed=SEED, name=f"Benchmark {n} usulan", budget_share=BUDGET_SHARE)
    return folder


def in_process_rows(label: str, folder: Path, repeats: int) -> list[Row]:
    """``pipeline.check`` and ``pipeline.run`` on a loaded scenario."""
    scenario = load_scenario(folder)
    checked = check(scenario)
    n = f"{len(checked.proposals):,}"
    eligible = f"{len(checked.screening.eligible)} eligible"
    result = run(scenario)
    selection = result.selection
    solved = (
        f"{selection.status}, {len(selection.selected)} selected, "
        f"solver {selection.solver.seconds:.3f} s ({selection.solver.backend})"
    )
    return [
        Row(f"check() {label}", n, timed(lambda: check(scenario), repeats), eligible),
        Row(f"run() {label}", n, timed(lambda: run(scenario), repeats), solved),
    ]


def cli_rows(label: str, folder: Path, work: Path, repeats: int, n: str) -> list[Row]:
    """``kerjasama validate`` and ``kerjasama run -o`` as subprocesses."""
    kerjasama = executable("kerjasama")
    output = work / f"hasil-{folder.name}"
    return [
        Row(
            f"kerjasama validate {label}",
            n,
            timed(command([kerjasama, "validate", str(folder)], work), repeats),
            "subprocess, exit 0",
        ),
        Row(
            f"kerjasama run -o {label}",
            n,
            timed(command([kerjasama, "run", str(folder), "-o", str(output)], work), repeats),
            "subprocess, exit 0, writes the five output files",
        ),
    ]


def with_cli_ratio(cli: list[Row], inproc: list[Row]) -> list[Row]:
    """Note how many times the in-process median each CLI row costs."""
    return [
        Row(c.name, c.n, c.times, f"{c.note}; {c.median / p.median:.1f}x in-process")
        for c, p in zip(cli, inproc, strict=True)
    ]


def startup_rows(work: Path, repeats: int) -> list[Row]:
    """Interpreter plus import, and the CLI's help: what a user waits for before any work."""
    help_times = timed(command([executable("kerjasama"), "--help"], work), repeats)
    verdict = "ok" if statistics.median(help_times) < HELP_TARGET_S else "TOO SLOW"
    import_times = timed(command([sys.executable, "-c", "import mcda_kerjasama"], work), repeats)
    pipeline_times = timed(
        command([sys.executable, "-c", "import mcda_kerjasama.pipeline"], work), repeats
    )
    bare = statistics.median(timed(command([sys.executable, "-c", "pass"], work), repeats))
    return [
        Row("kerjasama --help", "-", help_times, f"target < {HELP_TARGET_S:g} s: {verdict}"),
        Row(
            'python -c "import mcda_kerjasama"',
            "-",
            import_times,
            f"bare interpreter start {bare:.3f} s",
        ),
        Row(
            'python -c "import mcda_kerjasama.pipeline"',
            "-",
            pipeline_times,
            "what every validate/run subprocess imports before working",
        ),
    ]


def read_rows(scenario: Scenario, csv_path: Path, rows: int, repeats: int) -> list[Row]:
    """``read_proposals`` on a big CSV against a bare ``pandas.read_csv`` of the same file."""

    def bare_read() -> object:
        return pd.read_csv(
            csv_path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )

    bare = timed(bare_read, repeats)
    full = timed(lambda: read_proposals(scenario, csv_path), repeats)
    ratio = statistics.median(full) / statistics.median(bare)
    verdict = "ok" if ratio <= READ_RATIO_TARGET else "OVER TARGET"
    n = f"{rows:,}"
    return [
        Row("pandas.read_csv (bare, dtype=str)", n, bare, "baseline"),
        Row(
            "read_proposals (read + validate)",
            n,
            full,
            f"**{ratio:.1f}x** bare read (target <= {READ_RATIO_TARGET:g}x: {verdict})",
        ),
    ]


def table(rows: Sequence[Row]) -> str:
    """The Markdown table: name | n | min s | median s | ratio/notes."""
    lines = ["| name | n | min s | median s | ratio/notes |", "|---|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r.name} | {r.n} | {r.minimum:.3f} | {r.median:.3f} | {r.note} |")
    return "\n".join(lines)


def environment(config: Config, argv: Sequence[str]) -> str:
    """A few lines saying where and how the numbers were measured."""
    return (
        f"Command: `python benchmarks/run.py {' '.join(argv)}`".rstrip() + "  \n"
        f"Python {platform.python_version()}, pandas {pd.__version__}, "
        f"{platform.machine()} {os.cpu_count()} CPUs, {platform.system()}  \n"
        f"Repeats: {config.repeats} (1,000-proposal run and CLI rows: "
        f"{config.large_repeats}), each after one warm-up; seed {SEED}."
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="smoke mode: small and few repeats")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.name}")
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(args_list)
    config = QUICK if args.quick else FULL

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kerjasama-bench-") as tmp:
        work = Path(tmp)
        log("startup: kerjasama --help, import")
        rows += startup_rows(work, config.repeats)

        log("generating scenarios (115 and 1,000 proposals)")
        s115 = make_scenario(work / "s115", 115)
        large = make_scenario(work / f"s{config.large_n}", config.large_n)
        for label, folder, repeats in (
            ("contoh", CONTOH, config.repeats),
            ("115", s115, config.repeats),
        ):
            log(f"pipeline and CLI: {label}")
            inproc = in_process_rows(label, folder, repeats)
            cli = cli_rows(label, folder, work, config.large_repeats, inproc[0].n)
            rows += inproc + with_cli_ratio(cli, inproc)

        log(f"read+validate: {config.big_rows:,}-row CSV")
        csv_path = work / "besar.csv"
        write_proposals(generate_proposals(config.big_rows, seed=SEED), csv_path)
        rows += read_rows(load_scenario(s115), csv_path, config.big_rows, config.repeats)

        log(f"run(): {config.large_n:,} proposals")
        rows += in_process_rows(f"{config.large_n:,}", large, config.large_repeats)[1:]

    markdown = table(rows)
    print(markdown)
    if args.write:
        header = "# Benchmark results\n\n" + environment(config, args_list) + "\n\n"
        RESULTS.write_text(header + markdown + "\n", encoding="utf-8")
        log(f"-> {RESULTS}")


if __name__ == "__main__":
    main()
