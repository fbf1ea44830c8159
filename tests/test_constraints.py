"""The [constraints] table: parsing, every mistake named by key, rules and groups."""

from __future__ import annotations

import pandas as pd
import pytest

from mcda_kerjasama.constraints import (
    Constraints,
    GroupLimit,
    Rule,
    check_references,
    parse_constraints,
)
from mcda_kerjasama.errors import ScenarioError
from mcda_kerjasama.scenario import load_scenario

YEARS = (2026, 2027)

DATA = pd.DataFrame(
    {
        "kind": ["KSDD", "KSDPL", "KSDLL", "KSDD"],
        "agency": ["Dinas A", "Dinas A", "Dinas B", "Dinas C"],
        "urusan": ["1.02", "3.26", "3.26", "1.02"],
    },
    index=["P1", "P2", "P3", "P4"],
)


def test_full_table() -> None:
    table = {
        "budget": {"2026": 5e9, "2027": 6e9},
        "budget_total": 1e10,
        "staff": 40,
        "staff_per_agency": 12,
        "staff_agency": {"Dinas A": 20},
        "mandatory": False,
        "must_fund": ["P1"],
        "must_not_fund_where": [{"jenis": "KSDLL"}],
        "group": [
            {"column": "kind", "values": ["KSDPL", "KSDLL"], "max_count": 1, "name": "LN"},
            {"column": "opd", "max_share": 0.5},
        ],
    }
    c, problems = parse_constraints(table, YEARS)
    assert problems == []
    assert c.budget == {2026: 5e9, 2027: 6e9}
    assert c.staff == {2026: 40.0, 2027: 40.0}
    assert (c.mandatory, c.ongoing) == (False, True)
    assert c.must_fund.mask(DATA).tolist() == [True, False, False, False]
    assert c.must_not_fund.mask(DATA).tolist() == [False, False, True, False]
    foreign, per_agency = c.groups
    assert [label for label, _ in foreign.members(DATA)] == ["LN"]
    assert foreign.members(DATA)[0][1].tolist() == [False, True, True, False]
    assert [label for label, _ in per_agency.members(DATA)] == [
        "opd: Dinas A",
        "opd: Dinas B",
        "opd: Dinas C",
    ]


@pytest.mark.parametrize(
    ("table", "key", "code"),
    [
        ({"budget": {"2026": 1e9}}, "constraints.budget", "budget_year_missing"),
        ({"budget": 1e9, "staff": -1}, "constraints.staff", "key_range"),
        (
            {"budget": 1e9, "group": [{"column": "kind"}]},
            "constraints.group[0]",
            "group_needs_limit",
        ),
        (
            {"budget": 1e9, "group": [{"max_count": 1}]},
            "constraints.group[0]",
            "group_needs_members",
        ),
        (
            {"budget": 1e9, "group": [{"column": "jenjs", "max_count": 1}]},
            "constraints.group[0].column",
            "rule_field_unknown",
        ),
        (
            {"budget": 1e9, "group": [{"column": "kind", "max_share": 1.5}]},
            "constraints.group[0].max_share",
            "key_type",
        ),
        (
            {"budget": 1e9, "group": [{"column": "kind", "max_count": -1}]},
            "constraints.group[0].max_count",
            "key_type",
        ),
        (
            {"budget": 1e9, "must_fund_where": {"colour": "red"}},
            "constraints.must_fund_where.colour",
            "rule_field_unknown",
        ),
        ({"budget": 1e9, "must_fund": "P1"}, "constraints.must_fund", "key_type"),
    ],
)
def test_mistakes_are_named(table: dict, key: str, code: str) -> None:
    _, problems = parse_constraints(table, YEARS)
    assert (key, code) in {(p.key, p.code) for p in problems}


def test_unknown_constraint_key_in_a_scenario(contoh) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(contoh, ["constraints.staf_per_agency=3"])
    problem = caught.value.problems[0]
    assert (problem.key, problem.code) == ("constraints.staf_per_agency", "key_unknown")
    assert "constraints.staff_per_agency" in problem.render("en")


def test_references() -> None:
    c = Constraints(
        {2026: 1.0},
        staff_agency={"Dinas Z": 3.0},
        must_fund=Rule(("P9",)),
        must_not_fund=Rule(("P1",)),
    )
    found = {(p.key, p.code, p.severity) for p in check_references(c, DATA)}
    assert found == {
        ("constraints.must_fund", "constraint_id_unknown", "error"),
        ("constraints.staff_agency", "constraint_agency_unknown", "warning"),
    }


def test_scaled_keeps_the_profile() -> None:
    c = Constraints({2026: 2.0, 2027: 4.0}, budget_total=5.0)
    half = c.scaled(0.5)
    assert half.budget == {2026: 1.0, 2027: 2.0}
    assert half.budget_total == 2.5


def test_group_rule_members() -> None:
    limit = GroupLimit(
        key="g", name="Kesehatan", rule=Rule(where=({"urusan": ("1.02",)},)), max_count=1
    )
    assert limit.members(DATA)[0][1].tolist() == [True, False, False, True]
