"""The stages after the solve read pandas tables by column, never one element or row at a
time per proposal (issue 14): the number of pandas lookups (``.at``, ``.iat``, ``.loc``,
``.iloc``, ``series[key]``, rows yielded by ``iterrows``) made by the screening, the
explanations, the priority list, the report facts and ``hasil.json``'s contents is the
same for 40 proposals as for 160. A lookup per proposal (with pandas' microseconds per
call, and a scan per call inside some) was what made these stages grow faster than the
number of proposals (2.6 s for the by-year table, 6 s for the explanations'
rows at 100,000). Counts, not seconds: speed itself is measured in
``benchmarks/e2e.py``."""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pandas.core import indexing

from mcda_kerjasama.datasets import write_scenario
from mcda_kerjasama.pipeline import prepare
from mcda_kerjasama.portfolio.explain import explain
from mcda_kerjasama.portfolio.select import solve_portfolio
from mcda_kerjasama.priority import build_priority_list
from mcda_kerjasama.report.facts import report_facts
from mcda_kerjasama.report.result import result_to_dict
from mcda_kerjasama.results import RunResult
from mcda_kerjasama.scenario import load_scenario
from mcda_kerjasama.screening import screen

SMALL, LARGE = 40, 160
STAGES = ("screen", "explain", "priority", "facts", "hasil.json")


class Lookups:
    """Counts pandas' element and row lookups while installed (see the module docstring)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        for owner, name in (
            (indexing._AtIndexer, "at"),
            (indexing._iAtIndexer, "iat"),
            (indexing._LocIndexer, "loc"),
            (indexing._iLocIndexer, "iloc"),
        ):
            monkeypatch.setattr(owner, "__getitem__", self._counted(owner.__getitem__, name))
        monkeypatch.setattr(pd.Series, "__getitem__", self._counted(pd.Series.__getitem__, "[]"))
        rows = pd.DataFrame.iterrows

        def iterrows(frame: pd.DataFrame) -> Iterator[Any]:
            for row in rows(frame):
                self.counts["iterrows"] += 1
                yield row

        monkeypatch.setattr(pd.DataFrame, "iterrows", iterrows)

    def _counted(self, method: Callable[..., Any], name: str) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.counts[name] += 1
            return method(*args, **kwargs)

        return counted

    def of(self, func: Callable[[], Any]) -> tuple[Any, dict[str, int]]:
        self.counts.clear()
        value = func()
        return value, dict(self.counts)


@cache
def scenario_folder(n: int, root: Path) -> Path:
    folder = root / f"n{n}"
    write_scenario(folder, n=n, seed=7, years=3, file_name="usulan.csv")
    return folder


def stage_lookups(n: int, root: Path, lookups: Lookups) -> dict[str, dict[str, int]]:
    """The lookups of each stage on a generated three-year scenario of ``n`` proposals
    (no re-solves: the price of forcing and the reserve steps are switched off)."""
    folder = scenario_folder(n, root)
    scenario = load_scenario(folder, ["explain.price_of_forcing=0", "explain.reserve_steps=0"])
    prepared = prepare(scenario)
    checked, problem = prepared.checked, prepared.problem
    selection = solve_portfolio(problem)
    found: dict[str, dict[str, int]] = {}
    screened, found["screen"] = lookups.of(lambda: screen(checked.proposals, scenario))
    notes, found["explain"] = lookups.of(lambda: explain(selection, problem))
    priority, found["priority"] = lookups.of(
        lambda: build_priority_list(
            checked.proposals, prepared.scores.total, screened, selection, notes
        )
    )
    result = RunResult(
        scenario,
        checked.proposals,
        screened,
        checked.weights,
        prepared.scores,
        selection,
        notes,
        priority,
    )
    facts, found["facts"] = lookups.of(lambda: report_facts(result))
    _, found["hasil.json"] = lookups.of(lambda: result_to_dict(facts))
    assert selection.selected and notes.reserve_order and screened.not_eligible  # each group
    return found


def test_pandas_lookups_do_not_grow_with_the_proposals(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path_factory.mktemp("lookups")
    lookups = Lookups(monkeypatch)
    small = stage_lookups(SMALL, root, lookups)
    large = stage_lookups(LARGE, root, lookups)
    grown = {
        stage: (small[stage], large[stage]) for stage in STAGES if large[stage] != small[stage]
    }
    assert not grown, grown
