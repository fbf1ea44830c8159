"""Member solves side by side on threads of this process (``[solver] threads``): the same
answer, in the same order, as one at a time; errors raised in the tasks' order."""

from __future__ import annotations

import os
import threading

import pytest
from coordination_cases import random_case

from mcda_kerjasama.coordination import coordinate
from mcda_kerjasama.coordination.config import spec_in_memory
from mcda_kerjasama.coordination.pool import MAX_THREADS, Pool, default_threads
from mcda_kerjasama.coordination.result import coordination_to_dict
from mcda_kerjasama.errors import ScenarioError


def _without_times(data: dict) -> dict:
    data = dict(data)
    data["solver"] = {
        k: v for k, v in data["solver"].items() if k not in ("seconds", "solve_seconds", "workers")
    }
    return data


def test_threads_run_side_by_side_and_answer_in_order():
    names: set[str] = set()
    barrier = threading.Barrier(2, timeout=10)

    def task(i: int) -> int:
        names.add(threading.current_thread().name)
        if i < 2:
            barrier.wait()  # both first tasks must be running at once
        return i * i

    with Pool(threads=2) as pool:
        assert pool.map(task, list(range(7))) == [i * i for i in range(7)]
        assert pool.workers == 2
    assert len(names) == 2 and all(n.startswith("kerjasama") for n in names)


def test_the_first_failing_task_in_order_raises():
    def task(i: int) -> int:
        if i in (3, 5):
            raise ValueError(f"task {i}")
        return i

    with pytest.raises(ValueError, match="task 3"):
        Pool(threads=3).map(task, list(range(8)))


def test_default_threads_follow_the_cores(monkeypatch):
    assert Pool().workers == default_threads() <= MAX_THREADS
    assert Pool(threads=1).workers == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert default_threads() == 1  # the cores this process may use, not the machine's
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert default_threads() == MAX_THREADS


@pytest.mark.parametrize("seed", [2, 7, 13, 21])
@pytest.mark.parametrize("method", ["decomposition", "monolithic"])
def test_threads_give_the_same_coordination_as_one_at_a_time(seed, method):
    case = random_case(seed, method=method)
    alone = coordinate(case.coordination(threads=1))
    side_by_side = coordinate(case.coordination(threads=3))
    assert alone.solver.workers == 1 and side_by_side.solver.workers == 3
    assert _without_times(coordination_to_dict(side_by_side)) == _without_times(
        coordination_to_dict(alone)
    )


def test_threads_must_be_a_whole_number_at_least_zero():
    for bad in (-1, 1.5, "dua"):
        with pytest.raises(ScenarioError) as caught:
            spec_in_memory({"coordination": {"name": "x"}, "solver": {"threads": bad}}, ["A"])
        assert "solver.threads" in caught.value.render("en")
    spec = spec_in_memory({"coordination": {"name": "x"}, "solver": {"threads": 2}}, ["A", "B"])
    assert spec.options.threads == 2
