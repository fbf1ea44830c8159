"""The joint selection against exhaustive enumeration on small random coordinations: the
optimum (monolithic and decomposed), every member's rules, all-or-nothing joint
cooperations, the participation guarantee, and the same answer on every run."""

from __future__ import annotations

import json

import pytest
from coordination_cases import _feasible, exhaustive, random_case

from mcda_kerjasama.coordination import coordinate
from mcda_kerjasama.coordination.result import coordination_to_dict

SEEDS = range(24)


def _check_plan(case, coordination, done) -> None:
    """Every member's rules hold, joint cooperations are all-or-nothing, the guarantee."""
    data = coordination_to_dict(done, "en")
    for outcome in done.members:
        assert _feasible(case, outcome.name, dict(outcome.selection.schedule))
        if case.guarantee:
            assert outcome.value >= outcome.standalone_value - 1e-6
    for joint in coordination.joint:
        starts = {done.outcome(p).selection.schedule.get(joint.proposals[p]) for p in joint.parties}
        assert len(starts) == 1, (joint.id, starts)  # every party, in the same year, or none
        chosen = starts.pop() is not None
        assert chosen == (done.starts[joint.id] is not None)
        for party in joint.parties:
            assert (joint.id in data["members"][party]["selected"]) == chosen


@pytest.mark.parametrize("seed", SEEDS)
def test_optimal_against_enumeration(seed):
    case = random_case(seed)
    coordination = case.coordination()
    reference = exhaustive(case, coordination)
    done = coordinate(coordination)
    assert str(done.status) == "optimal"
    assert done.objective == pytest.approx(reference["objective"], rel=1e-7, abs=1e-7)
    for outcome in done.members:
        assert outcome.standalone_value == pytest.approx(reference["alone"][outcome.name])
    _check_plan(case, coordination, done)


@pytest.mark.parametrize("seed", SEEDS)
def test_decomposition_against_enumeration(seed):
    case = random_case(seed, method="decomposition")
    coordination = case.coordination()
    reference = exhaustive(case, coordination)
    done = coordinate(coordination, explain=False)
    assert str(done.status) == "optimal"
    assert done.objective == pytest.approx(reference["objective"], rel=1e-7, abs=1e-7)
    _check_plan(case, coordination, done)


@pytest.mark.parametrize("seed", [3, 11])
def test_same_answer_every_run(seed):
    case = random_case(seed)

    def answer(method):
        case.method = method
        data = coordination_to_dict(coordinate(case.coordination()), "en")
        data.pop("solver")
        return json.dumps(data, sort_keys=True)

    first = answer("monolithic")
    assert answer("monolithic") == first
    decomposed = json.loads(answer("decomposition"))
    assert decomposed["objective"] == pytest.approx(json.loads(first)["objective"], rel=1e-7)


def test_without_guarantee_a_member_may_lose():
    """Some random case has a member below its value alone once the guarantee is off,
    and never with it on."""
    lost = 0
    for seed in range(40):
        case = random_case(seed)
        case.guarantee = False
        done = coordinate(case.coordination(), explain=False)
        lost += any(o.value < o.standalone_value - 1e-6 for o in done.members)
    assert lost > 0


class _Misleading:
    """A session that answers like HiGHS stopped by its time limit with a start: the
    start's columns with a better incumbent's value (issue 17: seen on the national
    instance); without the start, ``plain`` decides what it returns."""

    def __init__(self, real, plain):
        self.real, self.plain, self.runs = real, plain, []

    def clear(self):
        self.real.clear()

    def run(self, start=None, time_limit=None):
        from mcda_kerjasama.portfolio.backends import Solution

        self.runs.append(start is not None)
        if start is not None:
            value = float(self.real.program.cost @ start)
            return Solution(False, False, start.copy(), value + 0.5, value + 1.0)
        return self.plain(self.real, time_limit)


@pytest.mark.parametrize("retry", ["solves", "nothing"])
def test_an_answer_that_does_not_check_out_is_never_the_plan(monkeypatch, retry):
    """The first answer fails its certificate: solved again without the start; when that
    gives nothing either, every member's plan alone with the ``time_limit`` status."""
    from mcda_kerjasama.coordination import solve as module
    from mcda_kerjasama.portfolio.backends import Solution, get_backend

    case = random_case(5)
    coordination = case.coordination()
    reference = exhaustive(case, coordination)
    backend = get_backend("highs")
    sessions = []

    def plain(real, time_limit):
        if retry == "solves":
            return real.run(None, time_limit)
        return Solution(False, False, None, float("nan"), float("nan"), reason="time limit")

    class Backend:
        name = backend.name

        def session(self, program, time_limit, **kw):
            sessions.append(_Misleading(backend.session(program, time_limit, **kw), plain))
            return sessions[-1]

        def __getattr__(self, name):
            return getattr(backend, name)

    real_get = module.get_backend
    monkeypatch.setattr(
        module, "get_backend", lambda name: Backend() if not sessions else real_get(name)
    )
    done = coordinate(coordination, explain=False)
    assert sessions[0].runs == [True, False]  # with the start, then without
    _check_plan(case, coordination, done)
    if retry == "solves":
        assert str(done.status) == "optimal"
        assert done.objective == pytest.approx(reference["objective"], rel=1e-7, abs=1e-7)
    else:
        assert str(done.status) == "time_limit"
        for outcome in done.members:  # every member's plan alone
            assert outcome.value == pytest.approx(outcome.standalone_value)


@pytest.mark.parametrize("seed", range(8))
def test_the_lagrangian_bound_holds_for_any_prices(seed, monkeypatch):
    """For any prices (column generation's are not zero over each link's parties), the
    Lagrangian value with the joint decisions' part is at least the optimum."""
    import numpy as np

    import mcda_kerjasama.coordination.solve as solve_module

    case = random_case(seed, method="decomposition")
    coordination = case.coordination()
    reference = exhaustive(case, coordination)
    bounds: list[float] = []
    real = solve_module.generate

    def checking(search):
        rng = np.random.default_rng(seed)
        for _ in range(6):
            search.lam = {m: rng.normal(0.0, 0.5, len(v)) for m, v in search.lam.items()}
            bounds.append(search.lagrangian({})[0])
        search.lam = {m: np.zeros(len(v)) for m, v in search.lam.items()}
        real(search)

    monkeypatch.setattr(solve_module, "generate", checking)
    done = coordinate(coordination, explain=False)
    assert done.objective == pytest.approx(reference["objective"], rel=1e-7, abs=1e-7)
    if bounds:  # a case without free joint cooperations has nothing to price
        assert min(bounds) >= reference["objective"] - 1e-7
