"""Every backend, with and without the greedy starting portfolio, against the exhaustive
enumerator of ``tests/portfolio_cases.py`` (written apart from the package), and the
certification of every answer: a proven status needs the solver's own bound.

The long version of the property check is ``python benchmarks/exhaustive.py``; the
``slow`` test below runs a few hundred instances a backend, the others a few dozen.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from portfolio_cases import Case, enumerate_case, frame, instances, violations
from support import candidate_frame

import mcda_kerjasama.portfolio.backends as backends
from mcda_kerjasama.constraints import Constraints, GroupLimit
from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.backends import (
    MixedProgram,
    SolveResult,
    available_backends,
    certify,
    get_backend,
)
from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.portfolio.start import greedy_start
from mcda_kerjasama.scenario import SolverOptions

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: Every backend the package ships; a missing one is a failure, never a skip.
BACKENDS = ("highs", "cbc")
STARTS = (True, False)


def test_every_shipped_backend_is_available():
    assert sorted(available_backends()) == sorted(BACKENDS)


def agency_case() -> Case:
    """Six proposals, two years, at most one proposal per agency: the greedy start (P02,
    P03; worth 93,75) is feasible, and HiGHS 1.16's presolve valued it at 121,25 (the
    optimum, P03 + P04) in its reduced space, so it stopped at once and returned the
    start as "optimal". CBC and HiGHS without a start find 121,25."""
    data = frame(
        {
            "P00": {"cost": 8.0, "earliest_start": 2026, "agency": "C"},
            "P01": {"cost": 0.0, "duration": 2, "agency": "B"},
            "P02": {"cost": 0.0, "duration": 2, "earliest_start": 2027, "agency": "B"},
            "P03": {"cost": 4.0, "agency": "C"},
            "P04": {"cost": 9.0, "earliest_start": 2027, "agency": "B"},
            "P05": {"cost": 8.0, "duration": 2, "agency": "C"},
        }
    )
    score = pd.Series([8.75, 28.75, 68.75, 25.0, 96.25, 43.75], index=data.index)
    agency = GroupLimit(key="constraints.group[0]", name="OPD", column="agency", max_count=1)
    constraints = Constraints(budget={2026: 10.0, 2027: 12.0}, groups=(agency,))
    return Case(data, score, (2026, 2027), constraints)


@st.composite
def agency_cases(draw: st.DrawFn) -> Case:
    """The family the HiGHS start bug was found in: six proposals, two years, one
    proposal per agency at most, scores on a 1,25 grid."""
    rows = {
        f"P{i:02d}": {
            "cost": float(draw(st.integers(0, 9))),
            "duration": draw(st.integers(1, 2)),
            "earliest_start": draw(st.sampled_from([2026, 2027])),
            "agency": draw(st.sampled_from(["A", "B", "C"])),
        }
        for i in range(6)
    }
    data = frame(rows)
    score = pd.Series([1.25 * draw(st.integers(0, 80)) for _ in rows], index=data.index)
    agency = GroupLimit(key="constraints.group[0]", name="OPD", column="agency", max_count=1)
    budget = {y: float(draw(st.integers(3, 19))) for y in (2026, 2027)}
    return Case(data, score, (2026, 2027), Constraints(budget=budget, groups=(agency,)))


def solve_case(case: Case, backend: str, start: bool) -> SolveResult | None:
    """The backend's answer on the case's model; None when the enumerator says no
    portfolio exists and the backend agrees."""
    model = build_model(
        case.data, case.score, case.years, case.constraints, unavailable=case.unavailable
    )
    result = get_backend(backend).solve(model, SolverOptions(backend=backend, warm_start=start))
    return None if result.status == "infeasible" else result


def check_against_enumeration(case: Case, backend: str, start: bool) -> None:
    reference = enumerate_case(case)
    result = solve_case(case, backend, start)
    if not reference.any_feasible:
        assert result is None, case.describe()
        return
    assert result is not None, case.describe()
    model = build_model(
        case.data, case.score, case.years, case.constraints, unavailable=case.unavailable
    )
    schedule = dict(
        zip(
            model.columns.loc[result.x > 0.5, "proposal"],
            model.columns.loc[result.x > 0.5, "start"].astype(int),
            strict=True,
        )
    )
    assert violations(case, schedule) == [], case.describe()
    assert result.status == "optimal", case.describe()
    assert result.objective == pytest.approx(reference.best, rel=1e-7, abs=1e-6), (
        f"{backend} start={start}: {result.objective} < {reference.best}\n{case.describe()}"
    )
    assert result.bound >= result.objective - 1e-6 * max(1.0, result.objective)
    assert result.gap == 0.0


FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("start", STARTS, ids=["start", "nostart"])
def test_the_misleading_start_instance(backend, start):
    case = agency_case()
    model = build_model(case.data, case.score, case.years, case.constraints)
    greedy = greedy_start(model)
    assert greedy is not None and float(model.objective @ greedy) == 93.75
    result = solve_case(case, backend, start)
    assert result is not None
    assert result.objective == 121.25
    assert result.status == "optimal"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("start", STARTS, ids=["start", "nostart"])
@FAST
@given(case=instances())
def test_every_backend_is_optimal_on_every_rule_kind(backend, start, case):
    check_against_enumeration(case, backend, start)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("start", STARTS, ids=["start", "nostart"])
@FAST
@given(case=agency_cases())
@example(case=agency_case())
def test_every_backend_is_optimal_with_one_per_agency(backend, start, case):
    check_against_enumeration(case, backend, start)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
@settings(FAST, max_examples=300)
@given(case=instances(), start=st.booleans())
def test_every_backend_is_optimal_many_instances(backend, case, start):
    check_against_enumeration(case, backend, start)


# --- certification -----------------------------------------------------------------------


def small_model():
    case = agency_case()
    return build_model(case.data, case.score, case.years, case.constraints)


def small_program():
    return MixedProgram.from_model(small_model())


def pick(model, *columns: int) -> np.ndarray:
    x = np.zeros(model.n_columns)
    x[list(columns)] = 1.0
    return x


def test_certify_refuses_a_value_the_solution_does_not_have():
    model = small_model()
    start = greedy_start(model)
    assert start is not None
    # what HiGHS said: objective 121,25 and bound 121,25, for a portfolio worth 93,75
    program = MixedProgram.from_model(model)
    assert certify(program, start, claimed=121.25, bound=121.25, finished=True, mip_gap=0) is None


def test_certify_refuses_a_finished_solve_whose_bound_is_far():
    model = small_model()
    x, program = greedy_start(model), MixedProgram.from_model(model)
    assert certify(program, x, claimed=93.75, bound=121.25, finished=True, mip_gap=0) is None
    # within a requested gap of 30% it is a gap_limit answer, never "optimal"
    status, gap = certify(program, x, claimed=93.75, bound=121.25, finished=True, mip_gap=0.3)
    assert (status, round(gap, 4)) == ("gap_limit", round(27.5 / 93.75, 4))


def test_certify_refuses_an_infeasible_portfolio():
    program = small_program()
    every = np.ones(program.n_columns)
    value = float(program.cost @ every)
    assert certify(program, every, claimed=value, bound=value, finished=True, mip_gap=0) is None
    half = np.full(program.n_columns, 0.5)  # keeps the rows but not integrality
    assert certify(program, half * 0, claimed=0.0, bound=0.0, finished=False, mip_gap=0)
    value = float(program.cost @ half)
    assert certify(program, half, claimed=value, bound=value, finished=True, mip_gap=0) is None


def test_certify_stopped_solve_keeps_its_true_gap():
    model = small_model()
    x = greedy_start(model)
    program = MixedProgram.from_model(model)
    status, gap = certify(program, x, claimed=93.75, bound=150.0, finished=False, mip_gap=0)
    assert status == "time_limit" and gap == pytest.approx(56.25 / 93.75)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_answer_that_never_checks_out_is_an_error(backend, monkeypatch):
    """A backend whose answers fail certification with and without the start raises
    instead of returning a status."""
    monkeypatch.setattr(backends.program, "certify", lambda *a, **k: None)
    with pytest.raises(SolverError) as caught:
        get_backend(backend).solve(small_model(), SolverOptions(backend=backend))
    assert "bound" in caught.value.render("en")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_misled_first_run_is_solved_again_without_the_start(backend, monkeypatch):
    """The first answer (with the start) is refused: the backend re-solves without it."""
    real = backends.certify
    calls = []

    def refuse_first(*args, **kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(backends.program, "certify", refuse_first)
    result = get_backend(backend).solve(small_model(), SolverOptions(backend=backend))
    assert len(calls) == 2
    assert (result.status, result.objective) == ("optimal", 121.25)


def test_cbc_gets_the_limit_less_what_pulp_spends_outside_its_clock(monkeypatch):
    """PuLP writes the model before CBC's clock starts and reads the answer after it
    stops (5 s of a 129 s run for a 120 s limit on 100,000 proposals): CBC's own limit is
    the run's less the time the model took to build (the estimate of that) and less
    what the run spent before starting CBC; never below 5% of the limit."""
    from mcda_kerjasama.portfolio.backends import cbc

    data = candidate_frame([1.0, 2.0], ["A", "B"])
    model = build_model(
        data, pd.Series({"A": 3.0, "B": 4.0}), (2026,), Constraints(budget={2026: 2.0})
    )
    given: list[float] = []
    real = cbc._cbc

    def spy(**options):
        given.append(options["timeLimit"])
        return real(**options)

    monkeypatch.setattr(cbc, "_cbc", spy)
    session = cbc.CbcSession(backends.MixedProgram.from_model(model), 10.0, mip_gap=0.0)
    session._outside = 2.0
    found = session.run(time_limit=10.0)
    assert found.objective == 4.0
    session._outside = 30.0
    session.run(time_limit=10.0)
    assert 7.5 < given[0] <= 8.0 and given[1] == 0.5


def _knapsack_program() -> MixedProgram:
    from scipy import sparse

    return MixedProgram(
        sparse.csr_matrix([[3.0, 4.0, 5.0]]),
        np.array([4.0, 5.0, 6.0]),
        np.zeros(3),
        np.ones(3),
        np.array([-np.inf]),
        np.array([8.0]),
        np.ones(3, dtype=bool),
        "max",
    )


def _option(session, name: str) -> object:
    """A HiGHS option's value (newer highspy returns it with a status)."""
    value = session.h.getOptionValue(name)
    return value[1] if isinstance(value, tuple) else value


def test_a_portfolio_solve_searches_harder_than_other_sessions(monkeypatch):
    """A session asked for ``heuristics`` (one solve of a portfolio model: the main
    solve, the second search, a frontier level) gets HiGHS's heuristic effort raised
    (the frontier's hardest level on 1,000 proposals: 7 s instead of 32 s); any other
    session keeps HiGHS's default 0.05 (the coordination's joint model took 70 s
    instead of 39 s with it), and so does a repeated one even when asked."""
    from mcda_kerjasama.pipeline import prepare, run
    from mcda_kerjasama.portfolio.backends.highs import HEURISTIC_EFFORT, HighsBackend
    from mcda_kerjasama.portfolio.frontier import compute_frontier
    from mcda_kerjasama.scenario import load_scenario

    highs = get_backend("highs")
    plain = highs.session(_knapsack_program(), 10)
    searching = highs.session(_knapsack_program(), 10, heuristics=True)
    repeated = highs.session(_knapsack_program(), 10, repeated=True, heuristics=True)
    assert HEURISTIC_EFFORT == 1.0
    assert _option(searching, "mip_heuristic_effort") == HEURISTIC_EFFORT
    assert _option(plain, "mip_heuristic_effort") == pytest.approx(0.05)
    assert _option(repeated, "mip_heuristic_effort") == pytest.approx(0.05)
    for session in (plain, searching, repeated):
        found = session.run()
        assert found.objective == 10.0 and found.x.tolist() == [1.0, 0.0, 1.0]
    asked: list[tuple[bool, bool]] = []
    real = HighsBackend.session

    def spy(self, program, time_limit, **kwargs):
        if program.integer.any():
            asked.append((kwargs.get("repeated", False), kwargs.get("heuristics", False)))
        return real(self, program, time_limit, **kwargs)

    monkeypatch.setattr(HighsBackend, "session", spy)
    scenario = load_scenario("scenarios/contoh")
    run(scenario)  # the main solve (its ties are then enumerated: no MIP session)
    assert asked[0] == (False, True)
    assert all(not heuristics for repeated_, heuristics in asked if repeated_)
    asked.clear()
    compute_frontier(prepare(scenario).problem, steps=4)  # the levels' MIPs, the free one
    single = [heuristics for repeated_, heuristics in asked if not repeated_]
    assert single and all(single)  # the repeated ones: the levels' tie-break stages
