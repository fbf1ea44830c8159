"""Edge cases found in review: nothing eligible, a proposal worth nothing, a minimum on
a cost criterion."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from support import candidate_frame

from mcda_kerjasama.cli import main
from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.errors import ScenarioError
from mcda_kerjasama.portfolio.explain import explain
from mcda_kerjasama.portfolio.select import solve_portfolio
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.registry import BACKENDS
from mcda_kerjasama.scenario import load_scenario

NOTHING = [
    "--set",
    'screening.exclude_kinds=["KSDD","KSDPK","SINERGI","KSDPL","KSDLL"]',
    "--set",
    "constraints.mandatory=false",
    "--set",
    "constraints.ongoing=false",
]


@pytest.mark.parametrize("backend", BACKENDS)  # every shipped backend; none may be missing
def test_nothing_eligible_is_an_empty_portfolio(runner, tmp_path, contoh, backend):
    result = runner.invoke(
        main,
        [
            "run",
            str(contoh),
            "-o",
            str(tmp_path / "o"),
            "--format",
            "json",
            "--set",
            f"solver.backend={backend}",
            *NOTHING,
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{") : result.output.rindex("}") + 1])
    assert data["status"] == "optimal"
    assert data["selected"] == []
    assert len(data["priority_list"]) == 12
    assert {row["group"] for row in data["priority_list"]} == {"not_eligible"}


def test_nothing_eligible_frontier(runner, contoh):
    result = runner.invoke(main, ["frontier", str(contoh), "--steps", "2", *NOTHING])
    assert result.exit_code == 0, result.output


def test_score_zero_reserve_reason():
    data = candidate_frame([1.0, 1.0], ["A", "Z"])
    score = pd.Series({"A": 5.0, "Z": 0.0})
    constraints = Constraints(budget={2026: 10.0})
    problem = SelectionProblem(data, score, (2026,), constraints)
    sel = solve_portfolio(problem)
    assert sel.selected == ("A",)
    notes = explain(sel, problem)
    assert notes.reasons["Z"].render("en") == (
        "reserve: its score is 0, it adds no value to the portfolio"
    )


def test_min_score_on_a_cost_criterion_is_rejected(contoh):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(
            contoh,
            [
                "criteria.potential.direction=cost",
                "screening.min_score.potential=2",
                "criteria.potential.column=potensi",
            ],
        )
    assert ("screening.min_score.potential", "min_score_cost") in {
        (p.key, p.code) for p in caught.value.problems
    }
