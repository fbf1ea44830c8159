"""Names the package's doctests share: the bundled example scenario and its run, so the
examples in docstrings run against real data instead of being skipped."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent


@cache
def _example() -> dict[str, Any]:
    from mcda_kerjasama import load_scenario, run
    from mcda_kerjasama.pipeline import prepare

    scenario = load_scenario(ROOT / "scenarios" / "contoh")
    result = run(scenario)
    prepared = prepare(scenario)
    scores, candidates = prepared.scores, prepared.problem.candidates
    return {
        "scenario": scenario,
        "result": result,
        "table": result.proposals,
        "plist": result.priority,
        "selection": result.selection,
        "model": result.selection.model,
        "candidates": candidates,
        "problem": prepared.problem,
        "score": scores.total,
        "constraints": scenario.constraints,
        "options": scenario.solver,
        "values": result.scores.values.loc[candidates.index],
        "weights": result.weights.weights,
    }


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from mcda_kerjasama import load_scenario, run

    monkeypatch.chdir(ROOT)
    doctest_namespace.update(load_scenario=load_scenario, run=run, Path=Path)
    doctest_namespace.update(_example())
