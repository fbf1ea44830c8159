"""The long version of the backends' property check: many small random portfolio
problems with every rule kind, each solved by every backend with and without the greedy
starting portfolio and compared with the exhaustive enumerator of
``tests/portfolio_cases.py`` (written apart from the package).

    python benchmarks/exhaustive.py                # 2,000 instances of each family
    python benchmarks/exhaustive.py --n 200        # quicker

A row per backend and start: instances solved, how many agreed with the enumerator
(optimal value, feasible schedule, status "optimal"), and the time. Any disagreement is
printed with the instance and makes the exit code 1.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from portfolio_cases import instances
from test_backends import BACKENDS, agency_cases, check_against_enumeration


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="instances of each family")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", DeprecationWarning)
    solved: Counter[tuple[str, str, bool]] = Counter()
    wrong: Counter[tuple[str, str, bool]] = Counter()
    seconds: Counter[tuple[str, str, bool]] = Counter()
    failures: list[str] = []

    def family(name: str, strategy: st.SearchStrategy) -> None:
        @settings(
            max_examples=args.n,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def check(case) -> None:  # type: ignore[no-untyped-def]
            for backend in BACKENDS:
                for start in (True, False):
                    key = (name, backend, start)
                    began = time.perf_counter()
                    try:
                        check_against_enumeration(case, backend, start)
                    except AssertionError as err:
                        wrong[key] += 1
                        failures.append(f"{key}: {err}")
                    seconds[key] += time.perf_counter() - began
                    solved[key] += 1

        check()

    family("every rule kind", instances())
    family("one per agency", agency_cases())
    print("| family | backend | start | instances | agree | disagree | seconds |")
    print("|---|---|---|---:|---:|---:|---:|")
    for key in sorted(solved):
        name, backend, start = key
        print(
            f"| {name} | {backend} | {'yes' if start else 'no'} | {solved[key]} | "
            f"{solved[key] - wrong[key]} | {wrong[key]} | {seconds[key]:.1f} |"
        )
    for failure in failures[:20]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
