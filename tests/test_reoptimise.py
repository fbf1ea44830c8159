"""The re-optimiser behind the Monte Carlo draws: every answer is the exhaustive
optimum with the documented tie-break, whichever way it was proven (enumeration after
reduced-cost fixing, or the MIP solver), and does not depend on what was solved before.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from portfolio_cases import Case, enumerate_case, instances, violations
from support import candidate_frame

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.pipeline import run
from mcda_kerjasama.portfolio import reoptimise
from mcda_kerjasama.portfolio.backends import Solution
from mcda_kerjasama.portfolio.explain import explain
from mcda_kerjasama.portfolio.model import PortfolioModel, build_model
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.portfolio.select import TIE_TOLERANCE, solve_model, solve_portfolio
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import ExplainOptions, SolverOptions, load_scenario

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def model_of(case: Case) -> PortfolioModel:
    return build_model(
        case.data, case.score, case.years, case.constraints, unavailable=case.unavailable
    )


def schedule(model: PortfolioModel, x: np.ndarray) -> dict[str, int]:
    chosen = model.columns[x > 0.5]
    return dict(zip(chosen["proposal"].astype(str), chosen["start"].astype(int), strict=True))


def assert_canonical_optimum(case: Case, model: PortfolioModel, x: np.ndarray) -> None:
    """Optimal, feasible, and the least-cost then earliest-start optimum."""
    reference = enumerate_case(case)
    found = schedule(model, x)
    assert violations(case, found) == [], case.describe()
    optimal = reference.optimal(tol=1e-6 * max(1.0, abs(reference.best)))
    schedules = [reference.schedule(reference.starts[i]) for i in optimal]
    assert found in schedules, case.describe()
    row = optimal[schedules.index(found)]
    assert reference.total_cost[row] == reference.total_cost[optimal].min(), case.describe()
    same = optimal[reference.total_cost[optimal] == reference.total_cost[row]]
    assert reference.start_sum[row] == reference.start_sum[same].min(), case.describe()


@PROPERTY
@given(instances())
def test_enumerated_answer_is_the_exhaustive_optimum_with_the_tie_break(case):
    assume(enumerate_case(case).any_feasible)
    model = model_of(case)
    solver = Reoptimiser(model)
    x = solver.solve(model.objective)  # empty pool: the MIP, then the tie rule
    assert_canonical_optimum(case, model, x)
    again = solver.solve(model.objective)  # known portfolio: proven by enumeration
    assert solver.counts["enumerated"] == 1
    assert np.array_equal(again, x)


@PROPERTY
@given(instances(integer_scores=True))
def test_mip_answer_is_the_exhaustive_optimum(case):
    assume(enumerate_case(case).any_feasible)
    model = model_of(case)
    solver = Reoptimiser(model)
    with pytest.MonkeyPatch.context() as patch:  # nothing may be enumerated
        patch.setattr(reoptimise, "MAX_FREE", -1)
        x = solver.solve(model.objective)
    assert solver.counts == {"enumerated": 0, "mip": 1, "unproven": 0}
    reference = enumerate_case(case)
    assert violations(case, schedule(model, x)) == [], case.describe()
    assert float(model.objective @ x) == pytest.approx(reference.best, rel=1e-6, abs=1e-6)


@pytest.fixture
def model(contoh) -> PortfolioModel:
    """The bundled example's portfolio model (scores as objective)."""
    return run(load_scenario(contoh)).selection.model


@PROPERTY
@given(instances(max_n=7), st.lists(st.integers(0, 2**32 - 1), min_size=2, max_size=6))
def test_answers_do_not_depend_on_what_was_solved_before(case, seeds):
    assume(enumerate_case(case).any_feasible)
    model = model_of(case)
    objectives = [
        np.random.default_rng(s).choice([0.0, 1.0, 2.0, 2.5], size=model.n_columns) for s in seeds
    ]
    one = Reoptimiser(model)
    for c in objectives:
        in_sequence = one.solve(c)
        fresh = Reoptimiser(model, pool=[in_sequence])  # another history, same objective
        assert np.array_equal(fresh.solve(c), in_sequence)
        assert np.array_equal(Reoptimiser(model).solve(c), in_sequence)


def test_agrees_with_the_main_solve_on_the_bundled_scenario(model):
    """The same portfolio as solve_model (its tie-break included), for random weights."""
    rng = np.random.default_rng(7)
    solver = Reoptimiser(model)
    for _ in range(20):
        c = model.objective * rng.uniform(0.5, 1.5, size=model.n_columns)
        x = solver.solve(c)
        main = solve_model(model.with_objective(c, "max"), SolverOptions())
        assert float(c @ x) == pytest.approx(main.objective, rel=1e-9)
        assert np.array_equal(x, np.rint(main.x))  # the same portfolio, ties included


def test_many_free_columns_go_to_the_mip_solver(monkeypatch, model):
    monkeypatch.setattr(reoptimise, "MAX_FREE", 2)
    solver = Reoptimiser(model, pool=[solve_model(model, SolverOptions()).x])
    x = solver.solve(np.ones(model.n_columns))  # far from the pool's portfolio
    assert solver.counts["mip"] == 1
    main = solve_model(model.with_objective(np.ones(model.n_columns), "max"), SolverOptions())
    assert float(x.sum()) == main.objective


def test_empty_model_and_minimisation():
    empty = build_model(
        pd.DataFrame(
            columns=[
                *("cost", "staff", "duration", "earliest_start", "status", "nature"),
                *("agency", "exclusive_group", "requires"),
            ]
        ),
        pd.Series(dtype=float),
        (2026,),
        Constraints(budget={2026: 1.0}),
    )
    assert Reoptimiser(empty).solve(np.zeros(0)).shape == (0,)
    with pytest.raises(ValueError, match="maximisation"):
        Reoptimiser(empty.with_objective(np.zeros(0), "min"))


def _feasible(model: PortfolioModel, x: np.ndarray) -> bool:
    activity = model.matrix @ x
    return bool(
        np.all(activity <= model.row_upper + 1e-7) and np.all(activity >= model.row_lower - 1e-7)
    )


@PROPERTY
@given(instances(max_n=6), st.data())
def test_rows_of_both_signs_with_an_upper_bound_are_not_over_pruned(case, data):
    """A row added with ``with_rows`` may mix signs under a finite upper bound (here
    x_a = x_b as x_a - x_b <= 0 and x_b - x_a <= 0). Once one of the two columns is
    decided, the other, still open, can bring the row back within its bound: the
    enumeration must keep that choice (one block per step, so the two are decided
    apart) and prove the known optimum without the MIP solver."""
    assume(enumerate_case(case).any_feasible)
    base = model_of(case)
    assume(base.n_columns >= 2)
    n = base.n_columns
    a, b = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    pair = np.zeros((2, n))
    pair[0, a], pair[0, b] = 1.0, -1.0
    pair[1] = -pair[0]
    labels = pd.DataFrame(
        {"name": ["same_a", "same_b"], "kind": "custom", "year": 0, "label": "", "reason": ""}
    )
    model = base.with_rows(pair, np.full(2, -np.inf), np.zeros(2), labels)
    main = solve_model(model, SolverOptions())
    assume(main.status == "optimal")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reoptimise, "STEP_CHOICES", 1)
        solver = Reoptimiser(model)
        x = solver.solve(model.objective)
        assert _feasible(model, x) and x[a] == x[b]
        assert float(model.objective @ x) == pytest.approx(main.objective, rel=1e-9, abs=1e-9)
        again = solver.solve(model.objective)  # the optimum is known: enumeration proves it
    assert solver.counts == {"enumerated": 1, "mip": 1, "unproven": 0}
    assert np.array_equal(again, x)


# --- the MIP solver stopped by the time limit (issue 11 §8) ----------------------------


def _knapsack() -> tuple[pd.DataFrame, pd.Series, Constraints]:
    """60 proposals under a budget and a staff cap: more than HiGHS proves in 1 µs."""
    rng = np.random.default_rng(0)
    cost = rng.integers(100, 1000, 60).astype(float)
    data = candidate_frame(cost, [f"P{i:02d}" for i in range(60)])
    data["staff"] = rng.integers(1, 9, 60).astype(float)
    score = pd.Series(cost + rng.integers(0, 50, 60), index=data.index)
    caps = Constraints(budget={2026: cost.sum() / 2}, staff={2026: data["staff"].sum() / 2})
    return data, score, caps


def _greedy(model: PortfolioModel) -> np.ndarray:
    """Best score per rupiah first, while every row holds."""
    x = np.zeros(model.n_columns)
    cost = model.cost_by_year.sum(axis=0)
    for j in np.argsort(-model.objective / cost, kind="stable"):
        x[j] = 1.0
        if not _feasible(model, x):
            x[j] = 0.0
    return x


def test_mip_stopped_by_the_time_limit_keeps_the_best_known_portfolio(monkeypatch):
    data, score, caps = _knapsack()
    model = build_model(data, score, (2026,), caps)
    greedy = _greedy(model)
    optimum = solve_model(model, SolverOptions()).objective
    assert float(model.objective @ greedy) < optimum  # the greedy portfolio is not optimal
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)  # straight to the MIP solver
    hurried = Reoptimiser(model, time_limit=1e-6, pool=[greedy])
    x = hurried.solve(model.objective)
    assert hurried.counts == {"enumerated": 0, "mip": 1, "unproven": 1}  # said, not hidden
    assert _feasible(model, x)
    assert float(model.objective @ greedy) <= float(model.objective @ x) <= optimum
    patient = Reoptimiser(model, time_limit=60.0, pool=[greedy])
    assert float(model.objective @ patient.solve(model.objective)) == optimum
    assert patient.counts["unproven"] == 0


def test_forcing_prices_from_unproven_solves_are_estimates(monkeypatch):
    data, score, caps = _knapsack()
    settings_ = ExplainOptions(price_of_forcing=3, reserve_steps=0)
    problem = SelectionProblem(data, score, (2026,), caps, explain=settings_)
    selection = solve_portfolio(problem)
    assert selection.status == "optimal"
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    exact = explain(selection, problem).forcing
    rushed = explain(selection, problem.with_solver(SolverOptions(time_limit=1e-6)))
    assert set(exact) == set(rushed.forcing) and len(exact) == 3
    for pid, price in rushed.forcing.items():
        assert price.feasible and not price.proven
        assert exact[pid].proven
        assert price.loss >= exact[pid].loss - 1e-9  # the best found costs at least as much


# --- the bound and the proofs (issue 11 §8, re-optimiser mutants) ----------------------


def _lp_optimum(model: PortfolioModel, c: np.ndarray, dead: np.ndarray | None = None) -> float:
    """The LP relaxation's optimum (0 <= x <= 1; x = 0 on the ``dead`` columns), solved
    by scipy on its own."""
    from scipy.optimize import linprog

    a = model.matrix.toarray()
    upper, lower = np.isfinite(model.row_upper), np.isfinite(model.row_lower)
    a_ub = np.vstack([a[upper], -a[lower]])
    b_ub = np.concatenate([model.row_upper[upper], -model.row_lower[lower]])
    top = np.ones(model.n_columns) if dead is None else (~dead).astype(float)
    bounds = list(zip(np.zeros(model.n_columns), top, strict=True))
    found = linprog(-c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    assert found.status == 0
    return float(-found.fun)


@PROPERTY
@given(instances(max_n=6), st.integers(0, 2**32 - 1))
def test_the_bound_is_between_the_optimum_and_the_lp_relaxation_whatever_the_dual_sign(case, seed):
    """The Lagrangian bound with every block at its best pattern is valid (at least the
    exhaustive optimum) and never looser than the LP relaxation (with the columns no
    portfolio can take held at 0); it is that relaxation when every block is a single
    column (LP duality). Solvers that report the duals with the other sign give the same
    bound (both signs are tried), and the optimum's patterns never cost more than the
    slack."""
    assume(enumerate_case(case).any_feasible)
    model = model_of(case)
    c = np.random.default_rng(seed).choice([0.0, 1.0, 2.5, 7.0], size=model.n_columns)
    solver = Reoptimiser(model)
    bound = solver._bound(c)
    lp = _lp_optimum(model, c, reoptimise.never_chosen(model))
    x = solver.solve(c)
    assert float(c @ x) <= bound.value + 1e-7
    assert bound.value <= lp + 1e-7, case.describe()
    if model.blocks.n_blocks == int((~reoptimise.never_chosen(model)).sum()):
        assert bound.value == pytest.approx(lp, rel=1e-7, abs=1e-7), case.describe()
    flipped = Reoptimiser(model)
    run = flipped._lp.run

    def other_sign():
        found = run()
        duals = found.row_duals
        return found if duals is None else replace(found, row_duals=-np.asarray(duals))

    flipped._lp.run = other_sign
    other = flipped._bound(c)
    assert other.value == pytest.approx(bound.value, rel=1e-9, abs=1e-9)
    blocks = model.blocks
    patterns = blocks.patterns.toarray()
    ours = []  # the optimum's pattern in each block
    for b in range(blocks.n_blocks):
        columns = np.flatnonzero(blocks.block == b)
        rows = np.arange(blocks.starts[b], blocks.starts[b + 1])
        (match,) = np.flatnonzero((patterns[rows][:, columns] == x[columns]).all(axis=1))
        ours.append(rows[match])
    for found in (bound, other):
        penalty = float(found.penalty[ours].sum())
        assert penalty <= found.value - float(c @ x) + 1e-6, case.describe()


def test_a_start_without_a_pool_is_the_first_incumbent(model):
    start = np.zeros(model.n_columns)
    solver = Reoptimiser(model)
    x = solver.solve(model.objective, start)  # the empty portfolio is feasible here
    assert float(model.objective @ x) == solve_model(model, SolverOptions()).objective
    assert solver.counts["mip"] + solver.counts["enumerated"] == 1


def _fractional() -> tuple[PortfolioModel, np.ndarray]:
    """16 proposals under a budget and a staff cap whose LP relaxation is fractional, so
    the enumeration has columns to decide; and its optimum for the scores."""
    rng = np.random.default_rng(3)
    cost = rng.integers(10, 40, 16).astype(float)
    data = candidate_frame(cost, [f"P{i:02d}" for i in range(16)])
    data["staff"] = rng.integers(1, 6, 16).astype(float)
    score = pd.Series(cost + rng.integers(0, 12, 16), index=data.index)
    caps = Constraints(budget={2026: cost.sum() * 0.45}, staff={2026: data["staff"].sum() / 2})
    model = build_model(data, score, (2026,), caps)
    return model, solve_model(model, SolverOptions()).x


def _free(solver: Reoptimiser, c: np.ndarray, incumbent: np.ndarray) -> int:
    """How many binary choices reduced-cost fixing leaves open: log2 of the number of
    combinations of the patterns whose choice costs the bound no more than its slack
    over the incumbent (module docstring, step 3); one per open column where every block
    is a single column, as here."""
    bound = solver._bound(c)
    assert solver.model.blocks.n_blocks == solver.n  # single columns: whole numbers
    slack = bound.value - (
        float(c @ incumbent) - (TIE_TOLERANCE + reoptimise._EPS) * max(1, abs(bound.value))
    )
    alive = np.add.reduceat(bound.penalty <= slack, solver.model.blocks.starts[:-1])
    return round(float(np.log2(alive).sum()))


def test_enumeration_with_open_columns_agrees_with_the_main_solve(monkeypatch):
    model, first = _fractional()
    rng = np.random.default_rng(11)
    solver = Reoptimiser(model, pool=[first])
    opened = []
    for _ in range(12):
        c = model.objective * rng.uniform(0.8, 1.2, size=model.n_columns)
        main = solve_model(model.with_objective(c, "max"), SolverOptions())
        opened.append(_free(Reoptimiser(model, pool=[main.x]), c, main.x))
        x = solver.solve(c)
        assert _feasible(model, x)
        assert float(c @ x) == pytest.approx(main.objective, rel=1e-9)
        assert np.array_equal(x, np.rint(main.x))  # the same portfolio, ties included
    assert sum(opened) >= 40 and max(opened) <= reoptimise.MAX_FREE  # the loop did work
    assert solver.counts["enumerated"] >= 6 and solver.counts["unproven"] == 0


def test_fixing_leaves_open_exactly_the_columns_within_the_slack(monkeypatch):
    """Pinned through MAX_FREE: with the optimum known (and a worse portfolio beside it
    in the pool), k open columns are enumerated when k are allowed, not when k - 1 are."""
    model, _ = _fractional()
    rng = np.random.default_rng(5)
    for _ in range(6):
        c = model.objective * rng.uniform(0.8, 1.2, size=model.n_columns)
        best = solve_model(model.with_objective(c, "max"), SolverOptions()).x
        pool = [np.zeros(model.n_columns), best]
        k = _free(Reoptimiser(model), c, best)
        assert k >= 1
        monkeypatch.setattr(reoptimise, "MAX_FREE", k)
        enough = Reoptimiser(model, pool=pool)
        assert np.array_equal(enough.solve(c), best)
        assert enough.counts == {"enumerated": 1, "mip": 0, "unproven": 0}
        monkeypatch.setattr(reoptimise, "MAX_FREE", k - 1)
        short = Reoptimiser(model, pool=pool)
        assert np.array_equal(short.solve(c), best)
        assert short.counts["mip"] == 1
        monkeypatch.undo()


def test_mip_with_fixed_columns_from_a_known_portfolio(monkeypatch):
    """The MIP path with an incumbent fixes the columns the bound decides: never
    against the optimum."""
    model, first = _fractional()
    rng = np.random.default_rng(8)
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    solver = Reoptimiser(model, pool=[np.zeros(model.n_columns), first])
    for _ in range(6):
        c = model.objective * rng.uniform(0.5, 1.5, size=model.n_columns)
        main = solve_model(model.with_objective(c, "max"), SolverOptions())
        x = solver.solve(c)
        assert float(c @ x) == pytest.approx(main.objective, rel=1e-9)
        assert _feasible(model, x)
    assert solver.counts == {"enumerated": 0, "mip": 6, "unproven": 0}


@pytest.mark.parametrize("order", [("A", "B"), ("B", "A")])
def test_values_within_the_tie_tolerance_are_ties_as_in_the_main_solve(order):
    """B scores 1e-7 (relative) more than A: a tie by the documented tolerance, resolved
    by the keys (the earlier id), by the main solve and the re-optimiser alike, whichever
    of the two it knew first."""
    scores = {"A": 1000.0, "B": 1000.0 + 1.0e-4}
    data = candidate_frame([1.0, 1.0], list(order))
    model = build_model(data, pd.Series(scores), (2026,), Constraints(budget={2026: 1.0}))
    main = solve_model(model, SolverOptions())
    assert sorted(model.picked(main.x)) == [order[0]]  # the earlier id, not the higher score
    for known in (main.x, 1.0 - main.x):
        solver = Reoptimiser(model, pool=[known])
        assert np.array_equal(solver.solve(model.objective), main.x)
        assert solver.counts["enumerated"] == 1


def test_the_incumbent_fixes_columns_but_is_never_the_solvers_start(monkeypatch):
    """HiGHS proves the draws faster from its own heuristics (the incumbent as a start
    cost 1.6x on 1,000 proposals with staff caps): the incumbent only fixes columns."""
    model, first = _fractional()
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    solver = Reoptimiser(model, pool=[first])
    starts: list[object] = []
    real = solver._backend

    class Spy:
        name = real.name

        def session(self, *args, **kwargs):
            session = real.session(*args, **kwargs)
            run = session.run

            def record(start=None, time_limit=None):
                starts.append(start)
                return run(start, time_limit)

            session.run = record
            return session

    solver._backend = Spy()
    x = solver.solve(model.objective)
    assert float(model.objective @ x) == pytest.approx(float(model.objective @ first))
    assert starts == [None] and solver.counts["mip"] == 1


def test_a_solver_stopped_on_time_with_nothing_better_keeps_the_incumbent(monkeypatch):
    data, score, caps = _knapsack()
    model = build_model(data, score, (2026,), caps)
    greedy = _greedy(model)
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    solver = Reoptimiser(model, pool=[greedy])

    class Stopped:  # a solver stopped at its time limit before finding a portfolio
        def set_cost(self, cost):
            pass

        def set_bounds(self, lower, upper):
            pass

        def run(self, start=None, time_limit=None):
            return Solution(False, False, None, np.nan, np.nan, reason="time limit")

    solver._mip = Stopped()  # type: ignore[assignment]
    x = solver.solve(model.objective)
    assert np.array_equal(x, greedy)
    assert solver.counts == {"enumerated": 0, "mip": 1, "unproven": 1}


def test_an_answer_that_never_checks_out_is_a_solver_error(monkeypatch):
    model, first = _fractional()
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    monkeypatch.setattr(reoptimise, "consistent", lambda program, found: False)
    with pytest.raises(SolverError) as caught:
        Reoptimiser(model, pool=[first]).solve(model.objective)
    assert caught.value.code == "solver_failed"
    assert caught.value.params["reason"]  # never empty: the solver's reason or a default


def _spy_on_bounds(solver: Reoptimiser) -> list[tuple[np.ndarray, np.ndarray]]:
    """Record the column bounds every session of ``solver`` opened from now on is given."""
    real = solver._backend
    given: list[tuple[np.ndarray, np.ndarray]] = []

    class Spy:
        name = real.name

        def session(self, *args, **kwargs):
            session = real.session(*args, **kwargs)
            set_bounds = session.set_bounds

            def record(lower, upper):
                given.append((np.array(lower), np.array(upper)))
                set_bounds(lower, upper)

            session.set_bounds = record
            return session

    solver._backend = Spy()
    return given


def test_the_mip_gets_the_columns_the_bound_decides_fixed(monkeypatch):
    """Step 5 of the module docstring: with a known portfolio, the MIP solver gets every
    column whose flip would cost more than the slack fixed (at 1 when leaving it out
    costs too much, at 0 when choosing it does), and the others free."""
    model, _ = _fractional()
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    rng = np.random.default_rng(2)
    for _ in range(3):
        c = model.objective * rng.uniform(0.9, 1.1, size=model.n_columns)
        best = solve_model(model.with_objective(c, "max"), SolverOptions()).x
        solver = Reoptimiser(model, pool=[best])
        given = _spy_on_bounds(solver)
        bound = solver._bound(c)
        reduced = bound.reduced
        x = solver.solve(c)
        scale = max(1, abs(bound.value))
        slack = bound.value - (float(c @ best) - (TIE_TOLERANCE + reoptimise._EPS) * scale)
        ((lower, upper),) = given
        assert lower.tolist() == (reduced > slack).astype(float).tolist()
        assert upper.tolist() == (-reduced <= slack).astype(float).tolist()
        assert 0 < lower.sum() + (1 - upper).sum() < model.n_columns  # some fixed, not all
        assert np.array_equal(x, best)


@PROPERTY
@given(instances(), st.booleans())
def test_never_chosen_columns_are_zero_in_every_feasible_portfolio(case, capped):
    """A column the re-optimiser holds at 0 cannot be 1 in any feasible portfolio:
    checked by exhaustive enumeration, with and without tight agency staff caps."""
    if capped:
        case = replace(case, constraints=replace(case.constraints, staff_per_agency=2.0))
    model = model_of(case)
    dead = reoptimise.never_chosen(model)
    reference = enumerate_case(case)
    for starts in reference.starts[reference.feasible]:
        schedule = reference.schedule(starts)
        on = [
            j
            for j, (pid, start) in enumerate(
                zip(model.columns["proposal"], model.columns["start"], strict=True)
            )
            if schedule.get(str(pid)) == int(start)
        ]
        assert not dead[on].any(), case.describe()


def test_never_chosen_finds_a_proposal_over_its_agency_cap():
    data = candidate_frame([1.0, 1.0], ["A", "B"]).assign(staff=[5.0, 1.0])
    c = Constraints(budget={2026: 10.0}, staff_per_agency=2.0)
    model = build_model(data, pd.Series({"A": 9.0, "B": 1.0}), (2026,), c)
    assert model.columns.loc[reoptimise.never_chosen(model), "proposal"].tolist() == ["A"]
    assert Reoptimiser(model).solve(model.objective).tolist() == [0.0, 1.0]
