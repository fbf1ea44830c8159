"""The portfolio MILP against an independent exhaustive enumerator, on random small
instances with every kind of rule; the tie-break; every backend; the infeasibility
diagnosis in the user's terms.

The enumerator and the rule checker live in ``tests/portfolio_cases.py`` and do not use
the package's model.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from portfolio_cases import (
    Case,
    enumerate_case,
    foreign_group,
    frame,
    instances,
    value_of,
    violations,
)

from mcda_kerjasama.constraints import Constraints, GroupLimit, Rule
from mcda_kerjasama.errors import InfeasibleError, SolverError
from mcda_kerjasama.portfolio.backends import Solution, available_backends, get_backend
from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.portfolio.select import solve_portfolio
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import SolverOptions

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BACKENDS = ["highs", "cbc"]
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def solve(case: Case, backend: str = "highs"):
    return solve_portfolio(
        SelectionProblem(
            case.data,
            case.score,
            case.years,
            case.constraints,
            SolverOptions(backend=backend),
            unavailable=case.unavailable,
        )
    )


def need_backend(backend: str) -> None:
    assert backend in available_backends(), f"backend {backend} is not available"


def close(a: float, b: float) -> bool:
    """Equal to 1e-6 (relative above 1: the solver treats values within 1e-7 relative
    as equal, see select.TIE_TOLERANCE)."""
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def unique_after_cost_and_starts(reference, schedule) -> bool:
    """Whether exactly one optimal assignment has the cost and start sum of ``schedule``
    (then the documented tie-break key determines the whole schedule)."""
    optimal = reference.optimal()
    rows = [reference.schedule(reference.starts[i]) for i in optimal]
    if dict(schedule) not in rows:
        return False
    row = optimal[rows.index(dict(schedule))]
    same = (reference.total_cost[optimal] == reference.total_cost[row]) & (
        reference.start_sum[optimal] == reference.start_sum[row]
    )
    return int(same.sum()) == 1


# --- (a) and (b): optimum and feasibility against the enumerator -------------------------


@PROPERTY
@given(instances())
def test_optimum_equals_enumeration_or_infeasible_is_diagnosed(case):
    reference = enumerate_case(case)
    if not reference.any_feasible:
        with pytest.raises(InfeasibleError) as caught:
            solve(case)
        conflicts = caught.value.conflicts
        assert len(conflicts) >= 1, case.describe()
        for conflict in conflicts:  # every conflict renders in both languages
            assert conflict.render("en") and conflict.render("id")
        return
    sel = solve(case)
    assert sel.status == "optimal"
    assert close(sel.objective, reference.best), case.describe()
    assert violations(case, sel.schedule) == [], case.describe()
    assert close(value_of(case, sel.schedule), sel.objective)
    assert set(sel.selected) == set(sel.schedule)
    assert list(sel.selected) == [p for p in case.data.index if p in sel.schedule]


@PROPERTY
@given(instances())
def test_reported_budget_use_matches_schedule(case):
    assume(enumerate_case(case).any_feasible)
    sel = solve(case)
    data = case.data
    for year in case.years:
        used = sum(
            data.loc[p, "cost"]
            for p, start in sel.schedule.items()
            if start <= year < start + data.loc[p, "duration"]
        )
        assert sel.use.loc[year, "cost"] == pytest.approx(used)
        assert sel.use.loc[year, "budget"] == case.constraints.budget[year]
        assert sel.use.loc[year, "budget_remaining"] == pytest.approx(
            case.constraints.budget[year] - used
        )
    last = case.years[-1]
    for year, amount in sel.commitments.items():
        assert year > last
        expected = sum(
            data.loc[p, "cost"]
            for p, s in sel.schedule.items()
            if s <= year < s + data.loc[p, "duration"]
        )
        assert amount == pytest.approx(expected)


# --- (c) the tie-break -------------------------------------------------------------------


@PROPERTY
@given(instances(integer_scores=True))
def test_tie_break_least_cost_then_earliest_starts(case):
    reference = enumerate_case(case)
    assume(reference.any_feasible)
    sel = solve(case)
    optimal = reference.optimal()
    schedules = [reference.schedule(reference.starts[i]) for i in optimal]
    assert dict(sel.schedule) in schedules, case.describe()
    k = schedules.index(dict(sel.schedule))
    row = optimal[k]
    assert reference.total_cost[row] == reference.total_cost[optimal].min(), case.describe()
    same_cost = optimal[reference.total_cost[optimal] == reference.total_cost[row]]
    assert reference.start_sum[row] == reference.start_sum[same_cost].min(), case.describe()
    if unique_after_cost_and_starts(reference, sel.schedule):
        assert dict(sel.schedule) == reference.schedule(reference.tie_break_winner())


def test_tie_break_prefers_cheaper_portfolio():
    data = frame({"A": {"cost": 3.0}, "B": {"cost": 1.0}, "C": {"cost": 1.0}})
    score = pd.Series({"A": 2.0, "B": 1.0, "C": 1.0})
    c = Constraints(budget={2026: 3.0})
    sel = solve(Case(data, score, (2026,), c))
    assert sel.selected == ("B", "C")  # 2 points for 2, not for 3
    assert sel.objective == 2.0


def test_tie_break_prefers_earlier_start():
    data = frame({"A": {"cost": 2.0}})
    sel = solve(
        Case(
            data,
            pd.Series({"A": 1.0}),
            (2026, 2027, 2028),
            Constraints(budget={2026: 5.0, 2027: 5.0, 2028: 5.0}),
        )
    )
    assert dict(sel.schedule) == {"A": 2026}


@pytest.mark.parametrize(
    "backend",
    [
        pytest.param(
            "highs",
        ),
        "cbc",
    ],
)
def test_tie_break_earlier_ids_when_cost_and_starts_tie(backend):
    need_backend(backend)
    data = frame({"A": {"cost": 1.0}, "B": {"cost": 2.0}, "C": {"cost": 2.0}, "D": {"cost": 3.0}})
    score = pd.Series(1.0, index=data.index)
    at_most_two = GroupLimit(key="constraints.group[0]", name="all", column="kind", max_count=2)
    c = Constraints(budget={2026: 4.0}, groups=(at_most_two,))
    sel = solve(Case(data, score, (2026,), c), backend)
    # {A, B} and {A, C} both score 2 for 3: B is the earlier id
    assert sel.selected == ("A", "B")


def test_backends_agree_when_only_the_order_of_starts_differs():
    data = frame({"A": {"cost": 1.0}, "B": {"cost": 1.0}})
    score = pd.Series(1.0, index=data.index)
    case = Case(data, score, (2026, 2027), Constraints(budget={2026: 1.0, 2027: 1.0}))
    highs, cbc = solve(case, "highs"), solve(case, "cbc")
    assert dict(highs.schedule) == dict(cbc.schedule)
    assert dict(highs.schedule) == {"A": 2026, "B": 2027}  # the earlier id starts first


def test_tie_break_cost_is_lexicographically_first():
    data = frame(
        {
            "A": {"cost": 1_000_000_000.0, "earliest_start": 2027, "exclusive_group": "g"},
            "B": {"cost": 1_000_010_000.0, "exclusive_group": "g"},
        }
    )
    score = pd.Series(1.0, index=data.index)
    case = Case(data, score, (2026, 2027), Constraints(budget={2026: 5e9, 2027: 5e9}))
    assert dict(solve(case).schedule) == {"A": 2027}  # Rp 10.000 cheaper, one year later


# --- (d) every backend -------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@PROPERTY
@given(case=instances())
def test_every_backend_same_objective_and_schedule(backend, case):
    need_backend(backend)
    reference = enumerate_case(case)
    if not reference.any_feasible:
        with pytest.raises(InfeasibleError):
            solve(case, backend)
        return
    sel = solve(case, backend)
    assert sel.solver.backend == backend
    assert sel.status == "optimal"
    assert close(sel.objective, reference.best), case.describe()
    assert violations(case, sel.schedule) == [], case.describe()
    if unique_after_cost_and_starts(reference, sel.schedule):
        # the documented key fixes the whole schedule; ties beyond it are a known bug
        # (test_backends_agree_when_only_the_order_of_starts_differs)
        assert dict(sel.schedule) == reference.schedule(reference.tie_break_winner())
        if backend != "highs":
            assert dict(sel.schedule) == dict(solve(case, "highs").schedule), case.describe()


# --- hand-made instances -----------------------------------------------------------------


def test_ongoing_before_horizon_keeps_its_start_and_counts_only_years_inside():
    data = frame(
        {
            "A": {"cost": 4.0, "duration": 3, "earliest_start": 2024, "status": "berjalan"},
            "B": {"cost": 2.0, "duration": 1},
        }
    )
    score = pd.Series({"A": 0.0, "B": 1.0})
    sel = solve(Case(data, score, (2026, 2027), Constraints(budget={2026: 5.0, 2027: 5.0})))
    assert dict(sel.schedule) == {"A": 2024, "B": 2027}  # 2026 holds only 1 after A
    assert sel.use["cost"].tolist() == [4.0, 2.0]


def test_prerequisite_must_start_no_later():
    data = frame(
        {
            "P": {"cost": 3.0, "earliest_start": 2027},
            "A": {"cost": 1.0, "requires": ("P",)},
        }
    )
    score = pd.Series({"P": 1.0, "A": 5.0})
    sel = solve(Case(data, score, (2026, 2027), Constraints(budget={2026: 9.0, 2027: 9.0})))
    assert dict(sel.schedule) == {"P": 2027, "A": 2027}


def test_switching_off_mandatory_and_ongoing():
    data = frame(
        {
            "W": {"cost": 5.0, "nature": "wajib"},
            "O": {"cost": 5.0, "status": "berjalan"},
            "X": {"cost": 5.0},
        }
    )
    score = pd.Series({"W": 0.0, "O": 0.0, "X": 1.0})
    years = (2026,)
    on = solve(Case(data, score, years, Constraints(budget={2026: 10.0})))
    assert on.selected == ("W", "O")
    off = solve(
        Case(data, score, years, Constraints(budget={2026: 10.0}, mandatory=False, ongoing=False))
    )
    assert off.selected == ("X",)


# --- infeasibility diagnosis -------------------------------------------------------------


def conflicts_of(data, years, constraints, unavailable=()):
    score = pd.Series(1.0, index=data.index)
    with pytest.raises(InfeasibleError) as caught:
        solve_portfolio(
            SelectionProblem(
                data, score, years, constraints, SolverOptions(), unavailable=unavailable
            )
        )
    return [c.render("en") for c in caught.value.conflicts]


def test_diagnose_mandatory_and_ongoing_over_a_years_budget():
    data = frame(
        {
            "A": {"cost": 6.2e9, "nature": "wajib", "earliest_start": 2027},
            "B": {"cost": 6.2e9, "status": "berjalan", "earliest_start": 2025, "duration": 3},
            "C": {"cost": 1e9},
        }
    )
    found = conflicts_of(data, (2026, 2027), Constraints(budget={2026: 20e9, 2027: 10e9}))
    assert found == [
        "the proposals that must be funded (A, B) need Rp 12.4 bn in 2027 "
        "but the budget is Rp 10 bn"
    ]


def test_diagnose_total_budget():
    data = frame(
        {
            "A": {"cost": 3e9, "nature": "wajib"},
            "B": {"cost": 1e9},
            "C": {"cost": 3e9, "status": "berjalan", "earliest_start": 2027},
        }
    )
    c = Constraints(budget={2026: 9e9, 2027: 9e9}, budget_total=5e9, must_fund=Rule(ids=("B",)))
    found = conflicts_of(data, (2026, 2027), c)
    assert found == [
        "the proposals that must be funded (A, B, C) need Rp 7 bn over the planning years "
        "but the total budget is Rp 5 bn"
    ]


def test_diagnose_agency_staff_cap():
    data = frame(
        {
            "A": {"staff": 2, "nature": "wajib", "agency": "Dinas Kesehatan"},
            "B": {"staff": 2, "agency": "Dinas Kesehatan"},
            "C": {"staff": 5, "agency": "Dinas PUPR"},
        }
    )
    c = Constraints(
        budget={2026: 1e9}, staff_agency={"Dinas Kesehatan": 3.0}, must_fund=Rule(ids=("B",))
    )
    assert conflicts_of(data, (2026,), c) == [
        "agency Dinas Kesehatan has 3.0 person-months in 2026 "
        "but its must-fund proposals (A, B) need 4.0"
    ]


def test_diagnose_group_max_below_must_funds():
    data = frame(
        {
            "A": {"kind": "KSDPL", "nature": "wajib"},
            "B": {"kind": "KSDPL", "nature": "wajib"},
            "C": {"kind": "KSDPL"},
            "D": {"kind": "KSDD", "nature": "wajib"},
        }
    )
    group = foreign_group("constraints.group[0]", max_count=1)
    c = Constraints(budget={2026: 1e9}, groups=(group,))
    assert conflicts_of(data, (2026,), c) == [
        "group Luar negeri allows at most 1 proposals but 2 must be funded (A, B)"
    ]


def test_diagnose_group_min_above_what_exists():
    data = frame({"A": {"kind": "KSDPL"}, "B": {"kind": "KSDPL"}, "C": {"kind": "KSDD"}})
    group = foreign_group("constraints.group[0]", min_count=3)
    c = Constraints(budget={2026: 1e9}, groups=(group,))
    assert conflicts_of(data, (2026,), c) == [
        "group Luar negeri needs at least 3 proposals but only 2 can be chosen"
    ]


def test_diagnose_must_and_must_not_on_the_same_id():
    data = frame({"A": {}, "B": {}})
    c = Constraints(budget={2026: 1e9}, must_fund=Rule(ids=("A",)), must_not_fund=Rule(ids=("A",)))
    assert conflicts_of(data, (2026,), c) == [
        "proposal A must be funded (must_fund) and must not be funded at the same time"
    ]


def test_diagnose_mandatory_and_must_not():
    data = frame({"A": {"nature": "wajib"}})
    c = Constraints(budget={2026: 1e9}, must_not_fund=Rule(ids=("A",)))
    assert conflicts_of(data, (2026,), c) == [
        "proposal A must be funded (wajib) and must not be funded at the same time"
    ]


def test_diagnose_two_must_funds_in_one_exclusive_group():
    data = frame(
        {
            "A": {"exclusive_group": "Pasar", "nature": "wajib"},
            "B": {"exclusive_group": "Pasar", "status": "berjalan"},
            "C": {"exclusive_group": "Pasar"},
        }
    )
    assert conflicts_of(data, (2026,), Constraints(budget={2026: 1e9})) == [
        "exclusive group Pasar allows one proposal but A, B must all be funded"
    ]


def test_diagnose_must_fund_with_unavailable_prerequisite():
    data = frame({"A": {"nature": "wajib", "requires": ("U1",)}, "B": {}})
    found = conflicts_of(data, (2026,), Constraints(budget={2026: 1e9}), unavailable=["U1"])
    assert found == [
        "proposal A must be funded (wajib) but its prerequisite U1 cannot be chosen "
        "(U1 is not eligible or not allowed)"
    ]


def test_diagnose_must_fund_with_banned_prerequisite():
    data = frame({"A": {"requires": ("P",)}, "P": {}})
    c = Constraints(budget={2026: 1e9}, must_fund=Rule(ids=("A",)), must_not_fund=Rule(ids=("P",)))
    assert conflicts_of(data, (2026,), c) == [
        "proposal A must be funded (must_fund) but its prerequisite P cannot be chosen "
        "(P is not eligible or not allowed)"
    ]


def test_diagnose_ignores_unknown_prerequisites_like_the_model():
    data = frame(
        {
            "A": {"cost": 1.0, "nature": "wajib", "requires": ("ZZZ",)},
            "B": {"cost": 5.0, "nature": "wajib"},
        }
    )
    c = Constraints(budget={2026: 1.0})
    # the model ignores ZZZ: A alone is feasible
    alone = solve_portfolio(
        SelectionProblem(data.loc[["A"]], pd.Series({"A": 1.0}), (2026,), c, SolverOptions())
    )
    assert alone.selected == ("A",)
    found = conflicts_of(data, (2026,), c)
    assert not any("ZZZ" in text for text in found)
    assert any("need Rp 6 in 2026" in text for text in found)


def test_diagnose_names_a_transitively_unavailable_prerequisite():
    data = frame({"A": {"nature": "wajib", "requires": ("B",)}, "B": {"requires": ("U1",)}})
    found = conflicts_of(data, (2026,), Constraints(budget={2026: 1e9}), unavailable=["U1"])
    assert any("U1" in text or "prerequisite B" in text for text in found)


# --- rules a wrong model would break (issue 11 §8) -------------------------------------


def test_agency_staff_cap_counts_proposals_of_exactly_one_person_month():
    data = frame(
        {
            "A": {"staff": 1.0, "agency": "Dinas Kesehatan"},
            "B": {"staff": 1.0, "agency": "Dinas Kesehatan"},
            "C": {"staff": 1.0, "agency": "Dinas PUPR"},
            "D": {"staff": 0.0, "agency": "Dinas Kesehatan"},
        }
    )
    score = pd.Series({"A": 3.0, "B": 2.0, "C": 1.0, "D": 1.0})
    for caps in ({"staff_agency": {"Dinas Kesehatan": 1.0}}, {"staff_per_agency": 1.0}):
        c = Constraints(budget={2026: 1e9}, **caps)
        sel = solve(Case(data, score, (2026,), c))
        assert sel.selected == ("A", "C", "D")  # B would be a second person-month
        model = sel.model
        rows = model.rows.index[model.rows["kind"] == "staff_agency"].tolist()
        dense = model.matrix.toarray()
        by_label = {model.rows.at[r, "label"]: dense[r].tolist() for r in rows}
        if "staff_per_agency" in caps:
            assert by_label == {
                "Dinas Kesehatan": [1.0, 1.0, 0.0, 0.0],
                "Dinas PUPR": [0.0, 0.0, 1.0, 0.0],
            }
        else:
            assert by_label == {"Dinas Kesehatan": [1.0, 1.0, 0.0, 0.0]}
        assert model.row_upper[rows].tolist() == [1.0] * len(rows)
        # a row's stored entries are its members: none for D, which needs no staff
        stored = {model.rows.at[r, "label"]: model.matrix[r].indices.tolist() for r in rows}
        assert stored["Dinas Kesehatan"] == [0, 1]


def test_tie_break_keys_of_a_small_model():
    data = frame(
        {
            "A": {"cost": 2.4, "duration": 2},
            "B": {"cost": 1.0, "earliest_start": 2027},
            "C": {"cost": 3.0, "status": "berjalan", "earliest_start": 2025, "duration": 3},
        }
    )
    years = (2026, 2027, 2028)
    c = Constraints(budget=dict.fromkeys(years, 100.0))
    model = build_model(data, pd.Series(1.0, index=data.index), years, c)
    assert model.columns["proposal"].tolist() == ["A", "A", "A", "B", "B", "C"]
    assert model.columns["start"].tolist() == [2026, 2027, 2028, 2027, 2028, 2025]
    cost, starts, ids = model.tiebreak
    assert cost.tolist() == [5.0, 5.0, 5.0, 1.0, 1.0, 9.0]  # whole rupiah of cost x years
    # (start - first year) x (proposals - position): a year's delay of A weighs 3, of B 2
    assert starts.tolist() == [0, 3, 6, 2, 4, -1]
    assert ids.tolist() == [0, 0, 0, 1, 1, 2]
    assert model.column_ranges == {"A": range(0, 3), "B": range(3, 5), "C": range(5, 6)}
    x = np.array([0.0, 1.0, 0.0, 0.0, 0.0, 1.0])
    assert model.picked(x) == {"A", "C"}
    # rows added later are numbered on, with the year and label given
    forced = model.proposal_rows(["B", "C"], "must", 1.0, 1.0)
    added = forced.rows.iloc[len(model.rows) :]
    assert forced.rows.index.tolist() == list(range(len(model.rows) + 2))
    assert added["name"].tolist() == ["must_B", "must_C"]
    assert added["year"].tolist() == [0, 0] and added["label"].tolist() == ["B", "C"]
    assert forced.matrix.toarray()[-2:].tolist() == [[0, 0, 0, 1, 1, 0], [0, 0, 0, 0, 0, 1]]
    assert forced.row_lower[-2:].tolist() == [1.0, 1.0] == forced.row_upper[-2:].tolist()


def test_tie_break_prefers_the_earlier_ids_over_fewer_proposals():
    # {X, Y} and {Z} score 2 for 2: the documented key takes the earlier ids (positions
    # 0 and 1 against 2), however many proposals that is
    data = frame({"X": {"cost": 1.0}, "Y": {"cost": 1.0}, "Z": {"cost": 2.0}})
    score = pd.Series({"X": 1.0, "Y": 1.0, "Z": 2.0})
    case = Case(data, score, (2026, 2027), Constraints(budget={2026: 2.0, 2027: 0.0}))
    assert dict(solve(case).schedule) == {"X": 2026, "Y": 2026}
    reference = enumerate_case(case)
    assert reference.schedule(reference.tie_break_winner()) == {"X": 2026, "Y": 2026}


def test_minimum_share_of_a_group_is_a_lower_bound_per_year():
    data = frame(
        {
            "A": {"cost": 3.0, "kind": "KSDPL"},
            "B": {"cost": 2.0, "kind": "KSDPL", "earliest_start": 2027},
            "C": {"cost": 4.0},
            "D": {"cost": 4.0},
        }
    )
    score = pd.Series({"A": 1.0, "B": 1.0, "C": 5.0, "D": 5.0})
    years = (2026, 2027)
    budget = {2026: 8.0, 2027: 8.0}
    free = solve(Case(data, score, years, Constraints(budget=budget)))
    assert dict(free.schedule) == {"A": 2026, "B": 2027, "C": 2026, "D": 2027}
    # at least a quarter of each year's budget (2) abroad: A (3) in one year, B (2) in
    # the other, so C and D cannot share a year with them all
    group = foreign_group("constraints.group[0]", min_share=0.25)
    c = Constraints(budget=budget, groups=(group,))
    case = Case(data, score, years, c)
    sel = solve(case)
    assert violations(case, sel.schedule) == []
    assert sel.objective == enumerate_case(case).best
    rows = sel.model.rows
    share = rows.index[rows["kind"] == "group_share_min"].tolist()
    assert rows.loc[share, "year"].tolist() == [2026, 2027]
    assert sel.model.row_lower[share].tolist() == [2.0, 2.0]
    assert sel.model.row_upper[share].tolist() == [float("inf")] * 2
    assert (sel.activity[share] >= 2.0).all()
    for year in years:
        abroad = sum(
            data.loc[p, "cost"]
            for p, s in sel.schedule.items()
            if data.loc[p, "kind"] == "KSDPL" and s <= year < s + data.loc[p, "duration"]
        )
        assert abroad >= 2.0


def test_minimum_share_out_of_reach_is_diagnosed():
    data = frame({"A": {"cost": 300.0, "kind": "KSDPL"}, "B": {"cost": 400.0}})
    group = foreign_group("constraints.group[0]", min_share=0.5)
    c = Constraints(budget={2026: 1000.0}, groups=(group,), must_not_fund=Rule(ids=("A",)))
    score = pd.Series(1.0, index=data.index)
    with pytest.raises(InfeasibleError) as caught:
        solve_portfolio(SelectionProblem(data, score, (2026,), c, SolverOptions()))
    (conflict,) = caught.value.conflicts
    assert conflict.code == "conflict_group_share_min"
    assert conflict.params["year"] == 2026
    assert conflict.value == "Luar negeri"
    text = conflict.render("en")
    assert text.startswith("group Luar negeri must use at least Rp 500 in 2026")
    assert "kelompok Luar negeri harus memakai paling sedikit Rp 500 pada 2026" in conflict.render(
        "id"
    )


@pytest.mark.parametrize(
    ("rule", "present"),
    [
        ("min_share", lambda c: any(g.min_share for g in c.constraints.groups)),
        ("max_share", lambda c: any(g.max_share is not None for g in c.constraints.groups)),
        ("min_count", lambda c: any(g.min_count for g in c.constraints.groups)),
        ("staff_agency", lambda c: bool(c.constraints.staff_agency)),
        ("one person-month", lambda c: bool((c.data["staff"] == 1.0).any())),
        ("ongoing", lambda c: bool((c.data["status"] == "berjalan").any())),
    ],
)
def test_the_strategy_draws_every_rule(rule, present):
    """The property tests above see each rule: a rule never drawn is never tested."""
    quick = settings(database=None, max_examples=500, phases=[Phase.generate])  # no shrinking
    found = find(instances(), present, settings=quick)
    assert present(found), rule


# --- solves that stop at the time limit keep the best portfolio (issue 11 §8) ----------


class ScriptedBackend:
    """HiGHS, except that the answers of the tie-break stages come from a script: each
    entry is a function (program, time limit, real answer) -> the answer given. ``calls``
    records (sense, time limit) of the main solve and of every stage."""

    name = "highs"

    def __init__(self, *script, first=None):
        self.real = get_backend("highs")
        self.script = list(script)
        self.first = first
        self.calls: list[tuple[str, float]] = []
        self.answers = []

    def version(self) -> str:
        return self.real.version()

    def solve(self, model, options):
        self.calls.append((model.sense, options.time_limit))
        real = self.real.solve(model, replace(options, time_limit=60.0))
        answer = real if self.first is None else self.first(model, options, real)
        self.answers.append(answer)
        return answer

    def session(self, program, time_limit, **kwargs):
        return ScriptedSession(self, program, self.real.session(program, 60.0, **kwargs))


class ScriptedSession:
    """A real HiGHS session whose answers go through the backend's script."""

    def __init__(self, backend, program, real):
        self.backend, self.program, self.real = backend, program, real

    def clear(self):
        self.real.clear()

    def run(self, start=None, time_limit=None):
        self.backend.calls.append((self.program.sense, time_limit))
        real = self.real.run(start)
        step = self.backend.script.pop(0)
        answer = real if step is None else step(self.program, time_limit, real)
        self.backend.answers.append(answer)
        return answer


def _tie_case() -> Case:
    # {X, Y} and {Z} both score 2 for a cost of 2; the tie-break takes {X, Y}
    data = frame({"X": {"cost": 1.0}, "Y": {"cost": 1.0}, "Z": {"cost": 2.0}})
    score = pd.Series({"X": 1.0, "Y": 1.0, "Z": 2.0})
    return Case(data, score, (2026,), Constraints(budget={2026: 2.0}))


def _solve_scripted(monkeypatch, backend, case=None, **options):
    from mcda_kerjasama.portfolio import reoptimise, select

    monkeypatch.setattr(select, "get_backend", lambda name: backend)
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)  # the tie-break's MIP stages run
    case = case or _tie_case()
    return solve_portfolio(
        SelectionProblem(
            case.data, case.score, case.years, case.constraints, SolverOptions(**options)
        )
    )


def _stopped(model, options, real):
    """The real answer, reported as stopped by the time limit with a 5% gap."""
    return replace(real, status="time_limit", gap=0.05)


def test_main_solve_stopped_by_the_time_limit_is_reported_and_kept(monkeypatch):
    backend = ScriptedBackend(first=_stopped)
    sel = _solve_scripted(monkeypatch, backend)
    assert len(backend.calls) == 1  # no tie-break on an unproven optimum
    assert sel.status == "time_limit" and sel.solver.status == "time_limit"
    assert sel.solver.gap == 0.05
    assert np.array_equal(sel.x, backend.answers[0].x)
    assert sel.objective == 2.0


def test_tie_break_without_an_answer_in_time_keeps_the_first_portfolio(monkeypatch):
    def no_answer(program, time_limit, real):
        raise SolverError("solver_no_solution", backend="highs", reason="time limit")

    backend = ScriptedBackend(no_answer)
    sel = _solve_scripted(monkeypatch, backend)
    assert [sense for sense, _ in backend.calls] == ["max", "max"]  # score and cost at once
    assert np.array_equal(sel.x, backend.answers[0].x)
    assert sel.status == "optimal" and sel.objective == 2.0  # stage 1 was proven


def test_tie_break_stopped_by_the_time_limit_keeps_its_portfolio_and_stops(monkeypatch):
    def z_only(program, time_limit, real):  # an equal-value portfolio, found but not proven
        x = np.array([0.0, 0.0, 1.0])  # columns X, Y, Z
        return Solution(False, False, x, float(program.cost @ x), np.nan)

    backend = ScriptedBackend(z_only)
    sel = _solve_scripted(monkeypatch, backend)
    assert len(backend.calls) == 2  # the next keys not tried
    assert sel.selected == ("Z",)
    assert sel.objective == 2.0 and sel.status == "optimal"


def test_tie_break_answer_breaking_a_row_is_not_taken(monkeypatch):
    def everything(program, time_limit, real):  # over the budget, claimed optimal
        x = np.ones(3)
        return Solution(False, True, x, float(program.cost @ x), float(program.cost @ x))

    backend = ScriptedBackend(everything, everything)
    sel = _solve_scripted(monkeypatch, backend)
    assert len(backend.calls) == 3  # the answer was asked for again, without the start
    assert np.array_equal(sel.x, backend.answers[0].x) and sel.status == "optimal"


def test_tie_break_reported_infeasible_keeps_the_first_portfolio(monkeypatch):
    def infeasible(program, time_limit, real):
        return Solution(True, True, None, np.nan, np.nan)

    backend = ScriptedBackend(infeasible)
    sel = _solve_scripted(monkeypatch, backend)
    assert len(backend.calls) == 2
    assert np.array_equal(sel.x, backend.answers[0].x) and sel.status == "optimal"


def test_tie_break_stages_share_the_time_limit(monkeypatch):
    from mcda_kerjasama.portfolio import select

    now = [0.0]
    monkeypatch.setattr(select.time, "perf_counter", lambda: now[0])

    def four_seconds(*args):
        now[0] += 4.0
        return args[-1]

    backend = ScriptedBackend(four_seconds, four_seconds, four_seconds, first=four_seconds)
    sel = _solve_scripted(monkeypatch, backend, time_limit=10.0)
    # stage 1 (limit L <= 10 s) ends at 4 s: score and cost get L - 4 s, the id key L - 8 s
    limit = backend.calls[0][1]
    assert 8.0 < limit <= 10.0
    expected = [("max", limit), ("max", limit - 4.0), ("min", limit - 8.0)]
    assert backend.calls == [(sense, pytest.approx(t)) for sense, t in expected]
    assert np.array_equal(sel.x, backend.answers[2].x)
    assert sel.objective == 2.0 and sel.status == "optimal"

    now[0] = 0.0
    backend = ScriptedBackend(four_seconds, four_seconds, first=four_seconds)
    sel = _solve_scripted(monkeypatch, backend, time_limit=8.0)
    # at 8 s nothing is left: the id key is not tried and the last answer is kept
    assert [sense for sense, _ in backend.calls] == ["max", "max"]
    assert np.array_equal(sel.x, backend.answers[1].x)


def test_a_proposal_starting_after_the_horizon_has_no_column():
    data = frame({"A": {"cost": 1.0}, "L": {"cost": 1.0, "earliest_start": 2028}})
    score = pd.Series({"A": 1.0, "L": 9.0})
    case = Case(data, score, (2026, 2027), Constraints(budget={2026: 5.0, 2027: 5.0}))
    sel = solve(case)
    assert sel.model.columns["proposal"].tolist() == ["A", "A"]
    assert "L" not in sel.model.column_ranges
    assert sel.selected == ("A",)


def test_every_row_kind_with_its_year_and_label():
    data = frame(
        {
            "A": {"cost": 1.0, "staff": 1.0, "nature": "wajib", "exclusive_group": "G"},
            "B": {"cost": 1.0, "exclusive_group": "G", "kind": "KSDPL"},
            "C": {"cost": 1.0, "requires": ("A",), "agency": "Dinas B"},
            "D": {"cost": 1.0, "status": "berjalan", "earliest_start": 2025, "duration": 2},
            "E": {"cost": 1.0, "exclusive_group": "H"},  # a group of one needs no row
        }
    )
    group = foreign_group("constraints.group[0]", max_count=1, min_count=0, max_share=0.5,
                          min_share=0.0)  # fmt: skip
    c = Constraints(
        budget={2026: 9.0, 2027: 9.0},
        budget_total=15.0,
        staff={2026: 5.0, 2027: 5.0},
        staff_agency={"Dinas A": 3.0},
        must_fund=Rule(ids=("C",)),
        must_not_fund=Rule(ids=("B",)),
        groups=(group,),
    )
    model = build_model(data, pd.Series(1.0, index=data.index), (2026, 2027), c)
    rows = model.rows
    years = {kind: sorted(set(rows.loc[rows["kind"] == kind, "year"])) for kind in rows["kind"]}
    assert years == {
        "budget": [2026, 2027],
        "budget_total": [0],
        "staff": [2026, 2027],
        "staff_agency": [2026, 2027],
        "once": [0],
        "must": [0],
        "must_not": [0],
        "exclusive": [0],
        "prereq": [0],
        "group_max": [0],
        "group_min": [0],
        "group_share_max": [2026, 2027],
        "group_share_min": [2026, 2027],
    }
    labels = rows.groupby("kind")["label"].agg(lambda v: sorted(set(v))).to_dict()
    assert labels["once"] == ["A", "B", "C", "E"] and labels["must_not"] == ["B"]
    assert labels["must"] == ["A", "C", "D"] and labels["exclusive"] == ["G"]
    assert labels["staff_agency"] == ["Dinas A"] and labels["group_max"] == ["Luar negeri"]
    must = rows[rows["kind"] == "must"].set_index("label")["reason"].to_dict()
    assert must == {"A": "mandatory", "C": "must_fund", "D": "ongoing"}
    assert rows.index.tolist() == list(range(len(rows)))
    assert model.matrix.shape == (len(rows), model.n_columns)


def test_registered_kinds_widen_only_the_rows_they_name():
    # two funding pools add their yearly amounts to each year's budget row, nothing else
    from mcda_kerjasama.rules.funding_pool import FundingPool

    data = frame({"A": {"cost": 4.0, "kind": "KSDPL"}, "B": {"cost": 3.0, "duration": 2}})
    pools = (
        FundingPool("P", {2026: 1.0, 2027: 2.0}, Rule(ids=("A",))),
        FundingPool("Q", {2026: 0.5, 2027: 0.0}, Rule(ids=("B",))),
    )
    group = foreign_group("constraints.group[0]", max_share=0.5)
    plain = Constraints(budget={2026: 5.0, 2027: 6.0}, staff={2026: 9.0, 2027: 9.0},
                        groups=(group,))  # fmt: skip
    score = pd.Series(1.0, index=data.index)
    years = (2026, 2027)
    base = build_model(data, score, years, plain)
    pooled = build_model(data, score, years, replace(plain, extra={"funding_pool": pools}))
    shared = len(base.rows)
    assert pooled.rows.iloc[:shared].equals(base.rows)
    upper = dict(zip(pooled.rows["name"][:shared], pooled.row_upper[:shared], strict=True))
    assert upper["budget_2026"] == 6.5 and upper["budget_2027"] == 8.0
    for name, bound in zip(base.rows["name"], base.row_upper, strict=True):
        if not name.startswith("budget_"):
            assert upper[name] == bound, name  # staff and group shares keep their bounds


def test_prerequisite_rows_skip_unknown_ids_and_count_each_start_once():
    # A needs ZZZ (not a proposal of this run: ignored) and P, which may start a year later
    data = frame(
        {
            "P": {"cost": 1.0},
            "A": {"cost": 1.0, "requires": ("ZZZ", "P")},
        }
    )
    score = pd.Series({"P": 0.0, "A": 5.0})
    c = Constraints(budget={2026: 1.0, 2027: 1.0})
    case = Case(data, score, (2026, 2027), c)
    sel = solve(case)
    assert dict(sel.schedule) == {"P": 2026, "A": 2027}  # P first, A no earlier
    model = sel.model
    prereq = model.rows.index[model.rows["kind"] == "prereq"].tolist()
    assert model.rows.loc[prereq, "label"].tolist() == ["A<-P", "A<-P"]
    # columns P2026, P2027, A2026, A2027: A in 2026 needs P in 2026; in 2027 either start
    assert model.matrix[prereq].toarray().tolist() == [[1, 0, -1, 0], [1, 1, 0, -1]]
    assert model.row_lower[prereq].tolist() == [0.0, 0.0]
