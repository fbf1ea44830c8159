"""The [constraints] table at its edges: zero is a valid amount, count and share; every
bad entry is named and the good ones next to it are kept; the defaults. Written against
the mutants of ``constraints.py`` that the other tests let through (scripts/mutation.py).
"""

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

YEARS = (2026, 2027)
DATA = pd.DataFrame(
    {"kind": ["KSDD", "KSDPL", "KSDD"], "agency": ["Dinas A", "Dinas B", "Dinas A"]},
    index=["P1", "P2", "P3"],
)


def parse(table):
    constraints, problems = parse_constraints(table, YEARS)
    return constraints, [(p.code, p.key) for p in problems]


def test_a_rule_is_on_with_ids_or_clauses_alone():
    assert bool(Rule(ids=("P1",)))
    assert bool(Rule(where=({"kind": ("ksdd",)},)))
    assert not Rule()


def test_every_value_of_a_column_is_its_own_group():
    limit = GroupLimit(key="g", name="opd", column="agency", max_count=1)
    members = limit.members(DATA)
    assert [label for label, _ in members] == ["opd: Dinas A", "opd: Dinas B"]
    assert [mask.tolist() for _, mask in members] == [[True, False, True], [False, True, False]]


def test_mandatory_and_ongoing_are_on_unless_switched_off():
    default = Constraints(budget={2026: 1.0})
    assert (default.mandatory, default.ongoing) == (True, True)
    parsed, problems = parse({"budget": 1.0})
    assert problems == []
    assert (parsed.mandatory, parsed.ongoing) == (True, True)


@pytest.mark.parametrize("amount", [0, 0.5, 0.0])
def test_zero_and_small_budgets_are_amounts(amount):
    parsed, problems = parse({"budget": amount, "staff": {"2026": amount, "2027": amount}})
    assert problems == []
    assert parsed.budget == {2026: float(amount), 2027: float(amount)}
    assert parsed.staff == {2026: float(amount), 2027: float(amount)}


def test_negative_budgets_are_named():
    _, problems = parse({"budget": -1})
    assert problems == [("key_range", "constraints.budget")]
    _, problems = parse({"budget": {"2026": -1, "2027": "banyak"}})
    assert problems == [
        ("key_type", "constraints.budget.2026"),
        ("key_type", "constraints.budget.2027"),
    ]


def test_a_year_outside_the_horizon_is_named_and_the_others_kept():
    parsed, problems = parse({"budget": {"2026": 1.0, "2027": 2.0, "2030": 3.0, "tahun": 4}})
    assert problems == [
        ("budget_year_unknown", "constraints.budget.2030"),
        ("budget_year_unknown", "constraints.budget.tahun"),
    ]
    assert parsed.budget == {2026: 1.0, 2027: 2.0}


def test_bad_rule_tables_are_named_and_the_good_ones_kept():
    parsed, problems = parse(
        {
            "budget": 1.0,
            "must_fund_where": [5, {}, {"bogus": "x", "kind": "KSDPL"}, {"opd": "Dinas B"}],
        }
    )
    assert problems == [
        ("key_type", "constraints.must_fund_where[0]"),
        ("key_type", "constraints.must_fund_where[1]"),
        ("rule_field_unknown", "constraints.must_fund_where[2].bogus"),
    ]
    # the field after the unknown one, and the table after the bad ones, still count
    assert parsed.must_fund.where == ({"kind": ("KSDPL",)}, {"agency": ("Dinas B",)})


def test_ids_must_all_be_text():
    parsed, problems = parse({"budget": 1.0, "must_fund": ["P1", 3], "must_not_fund": ["P2"]})
    assert problems == [("key_type", "constraints.must_fund")]
    assert parsed.must_fund.ids == ()
    assert parsed.must_not_fund.ids == ("P2",)


@pytest.mark.parametrize(
    ("limits", "bad"),
    [
        ({"min_count": 0, "max_count": 0}, []),
        ({"min_count": -1}, ["min_count"]),
        ({"max_count": 1.5}, ["max_count"]),
        ({"min_share": 0, "max_share": 1}, []),
        ({"min_share": 0.0, "max_share": 1.0}, []),
        ({"min_share": -0.1, "max_share": 1.01}, ["min_share", "max_share"]),
    ],
)
def test_counts_and_shares_include_their_bounds(limits, bad):
    parsed, problems = parse({"budget": 1.0, "group": [{"column": "kind", **limits}]})
    assert problems == [("key_type", f"constraints.group[0].{name}") for name in bad]
    if not bad:
        (group,) = parsed.groups
        assert {k: getattr(group, k) for k in limits} == limits


def test_references_of_registered_kinds_join_the_others():
    from mcda_kerjasama.rules.funding_pool import FundingPool

    pool = FundingPool("DAK", {2026: 1.0}, Rule(ids=("P9", "P1")))
    c = Constraints(
        {2026: 1.0},
        must_fund=Rule(ids=("P8",)),
        staff_agency={"Dinas Z": 1.0},
        extra={"funding_pool": (pool,)},
    )
    found = [(p.code, p.key, p.value) for p in check_references(c, DATA)]
    assert found == [
        ("constraint_id_unknown", "constraints.must_fund", "P8"),
        ("constraint_id_unknown", "constraints.funding_pool[0].ids", "P9"),
        ("constraint_agency_unknown", "constraints.staff_agency", "Dinas Z"),
    ]
