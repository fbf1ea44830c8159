"""The fast tie-break (score and cost in one solve on a grid, the small keys combined)
chooses a portfolio with exactly the keys of the staged tie-break it replaced (one MIP
per key, each held at its optimum), on random small instances with every rule kind, with
and without staff caps, on every backend; and the grid and key combinations are exact."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portfolio_cases import Case, instances
from scipy import sparse
from support import candidate_frame

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.pipeline import run
from mcda_kerjasama.portfolio import reoptimise, tiebreak
from mcda_kerjasama.portfolio.backends import MixedProgram, available_backends, get_backend
from mcda_kerjasama.portfolio.model import PortfolioModel, build_model
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.portfolio.select import solve_model, solve_portfolio
from mcda_kerjasama.portfolio.tiebreak import TIE_TOLERANCE, break_ties, combined, grid
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.scenario import SolverOptions, load_scenario

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def staged(model: PortfolioModel, backend_name: str) -> np.ndarray | None:
    """The tie-break as it was: stage 1, then each key minimised with the score held
    within the tolerance and the previous keys at their optimum (one MIP per key)."""
    backend = get_backend(backend_name)
    first = backend.solve(model, SolverOptions(backend=backend_name))
    if first.status != "optimal":
        return None
    floor = first.objective - TIE_TOLERANCE * max(1.0, abs(first.objective))
    held = _with_row(model, model.objective, floor, np.inf)
    best = first
    for key in model.tiebreak:
        result = backend.solve(held.with_objective(key, "min"), SolverOptions(backend=backend_name))
        assert result.status == "optimal"
        best = result
        held = _with_row(held, key, -np.inf, float(key @ result.x) + 0.5)
    return best.x


def _with_row(model: PortfolioModel, row: np.ndarray, lower: float, upper: float):
    labels = pd.DataFrame({"name": ["tie"], "kind": "tie", "year": 0, "label": "", "reason": ""})
    return model.with_rows(
        sparse.csr_matrix(row[None, :]), np.array([lower]), np.array([upper]), labels
    )


def model_of(case: Case) -> PortfolioModel:
    return build_model(
        case.data, case.score, case.years, case.constraints, unavailable=case.unavailable
    )


def keys(model: PortfolioModel, x: np.ndarray) -> tuple[float, ...]:
    return tuple(float(k @ x) for k in model.tiebreak)


def stages_only():
    """The enumeration never decides (as when the LP bound leaves too many choices):
    the tie-break's MIP stages run."""
    return mock.patch.object(reoptimise, "MAX_FREE", -1)


PATHS = ["enumeration first", "mip stages"]


def fast(
    model: PortfolioModel, backend_name: str, path: str = "enumeration first"
) -> tuple[np.ndarray, int] | None:
    backend = get_backend(backend_name)
    first = backend.solve(model, SolverOptions(backend=backend_name))
    if first.status != "optimal":
        return None
    if path == "mip stages":
        with stages_only():
            return break_ties(model, first, backend, 60.0)
    return break_ties(model, first, backend, 60.0)


def with_staff_caps(case: Case) -> Case:
    """The case with every agency's staff capped (tight) every year."""
    return replace(case, constraints=replace(case.constraints, staff_per_agency=3.0))


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("backend", available_backends())
@pytest.mark.parametrize("capped", [False, True], ids=["as drawn", "staff caps"])
@PROPERTY
@given(case=instances())
def test_fast_tie_break_has_the_keys_of_the_staged_one(path, backend, capped, case):
    case = with_staff_caps(case) if capped else case
    model = model_of(case)
    found = fast(model, backend, path)
    reference = staged(model, backend)
    assert (found is None) == (reference is None), case.describe()
    if found is None or reference is None:
        return
    x, _ = found
    value, old = float(model.objective @ x), float(model.objective @ reference)
    assert value == pytest.approx(old, rel=TIE_TOLERANCE, abs=1e-9), case.describe()
    assert keys(model, x) == keys(model, reference), case.describe()


@PROPERTY
@given(case=instances(integer_scores=True))
def test_scores_on_a_grid_take_one_solve_for_score_and_cost(case):
    model = model_of(case)
    stages = []
    real = tiebreak._stage

    def counted(*args, **kwargs):
        stages.append(args[3])
        return real(*args, **kwargs)

    with mock.patch.object(tiebreak, "_stage", counted):
        found = fast(model, "highs", "mip stages")
    if found is None or not model.tiebreak[0].any():
        return
    # one solve for score and cost, at most one for the two small keys (then the
    # residual solves: one proves that no other portfolio ties on every key)
    assert len(stages) <= 2, case.describe()
    assert found[1] >= len(stages) + 1, case.describe()


@PROPERTY
@given(
    values=st.lists(st.integers(-10_000, 10_000), min_size=1, max_size=20),
    places=st.integers(0, 4),
    factor=st.integers(1, 9),
)
def test_grid_is_a_step_of_every_value(values, places, factor):
    scaled = np.array(values, dtype=float) * factor / 10.0**places
    step = grid(scaled)
    assert step is not None
    assert np.allclose(scaled / step, np.rint(scaled / step), atol=1e-6)
    assert step >= factor / 10.0**places - 1e-12 or not np.any(scaled)


def test_no_grid_for_irrational_looking_scores():
    assert grid(np.array([1.0, np.sqrt(2.0)])) is None
    assert grid(np.zeros(3)) == 1.0


@PROPERTY
@given(
    a=st.lists(st.integers(-50, 50), min_size=4, max_size=4),
    b=st.lists(st.integers(0, 50), min_size=4, max_size=4),
    points=st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=2, max_size=6),
)
def test_combined_keys_order_points_lexicographically(a, b, points):
    ka, kb = np.array(a, dtype=float), np.array(b, dtype=float)
    both = combined([ka, kb])
    assert both is not None
    xs = [np.array(p, dtype=float) for p in points]
    by_combined = sorted(range(len(xs)), key=lambda i: (float(both @ xs[i]), i))
    by_keys = sorted(range(len(xs)), key=lambda i: (float(ka @ xs[i]), float(kb @ xs[i]), i))
    assert [(ka @ xs[i], kb @ xs[i]) for i in by_combined] == [
        (ka @ xs[i], kb @ xs[i]) for i in by_keys
    ]


def test_combined_keys_too_large_to_be_exact_are_not_combined():
    huge = np.full(3, 2.0**30)
    assert combined([huge, huge]) is None


def test_near_tie_within_the_tolerance_resolves_by_cost_not_by_the_tiny_difference():
    """Scores off the grid: the staged path, where 1e-9 more score does not beat cost."""
    from portfolio_cases import frame

    from mcda_kerjasama.constraints import Constraints

    data = frame({"A": {"cost": 2.0}, "B": {"cost": 1.0}})
    score = pd.Series({"A": 1.0 + 1e-9, "B": 1.0})
    case = Case(data, score, (2026,), Constraints(budget={2026: 2.0}))
    model = model_of(case)
    assert grid(model.objective) is None
    x, solves = fast(model, "highs", "mip stages")
    assert model.picked(x) == {"B"} and solves >= 1
    y, solves = fast(model, "highs")
    assert model.picked(y) == {"B"} and solves == 0  # decided by the enumeration


def test_a_shortcut_answer_below_the_optimal_score_is_never_taken(monkeypatch):
    """With a cost weight too small to keep the order lexicographic (a bug), the
    one-solve shortcut would trade score for cost; its answer is checked against the
    proven score and dropped, and the staged keys decide."""
    from portfolio_cases import frame

    from mcda_kerjasama.constraints import Constraints

    data = frame({"A": {"cost": 9.0}, "B": {"cost": 1.0}})
    score = pd.Series({"A": 2.0, "B": 1.0})
    case = Case(data, score, (2026,), Constraints(budget={2026: 9.0}))
    model = model_of(case)
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    x, _ = fast(model, "highs")
    assert keys(model, x) == keys(model, staged(model, "highs"))  # A: the higher score
    monkeypatch.setattr(tiebreak, "_range", lambda key: 1.0)  # the bug: K too small
    x, solves = fast(model, "highs")
    assert model.picked(x) == {"A"} and solves >= 2  # shortcut dropped, keys staged


def many_ties(case: Case) -> Case:
    """The case with every score 1 and costs 1 or 2: the keys decide almost everything."""
    data = case.data.copy()
    data["cost"] = 1.0 + (data["cost"] % 2)
    return replace(case, data=data, score=pd.Series(1.0, index=case.score.index))


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("backend", available_backends())
@PROPERTY
@given(case=instances())
def test_fast_tie_break_on_instances_full_of_ties(path, backend, case):
    case = many_ties(case)
    model = model_of(case)
    found, reference = fast(model, backend, path), staged(model, backend)
    assert (found is None) == (reference is None), case.describe()
    if found is not None and reference is not None:
        assert keys(model, found[0]) == keys(model, reference), case.describe()


def test_combined_keys_spanning_more_than_the_solver_can_prove_are_staged(monkeypatch, contoh):
    """Below 2**50 a combination is exact, but HiGHS cannot prove a bound to one unit of
    a key spanning 1e11 (1,000 proposals: not out of its root node in 40 s): past
    PROVABLE_UP_TO the keys are solved one at a time, with the same portfolio."""
    wide = np.array([2.0**17, 1.0, 3.0])
    assert combined([wide, wide]) is None  # spans about 2**34
    assert combined([np.array([2.0**10, 1.0]), np.array([2.0**10, 1.0])]) is not None
    model = run(load_scenario(contoh)).selection.model
    first = get_backend("highs").solve(model, SolverOptions())
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    senses: list[str] = []
    real = tiebreak._stage

    def spy(backend, program, face, key, start, time_limit):
        senses.append(key.sense)
        return real(backend, program, face, key, start, time_limit)

    monkeypatch.setattr(tiebreak, "_stage", spy)
    x, _ = tiebreak.break_ties(model, first, get_backend("highs"), 60.0)
    assert senses[0] == "max"  # score and cost in one solve
    senses.clear()
    monkeypatch.setattr(tiebreak, "PROVABLE_UP_TO", 10.0)
    y, _ = tiebreak.break_ties(model, first, get_backend("highs"), 60.0)
    assert senses and set(senses) == {"min"}  # each key on its own
    assert np.array_equal(x, y)


def test_tie_break_stages_start_from_the_face_without_search_heuristics(monkeypatch, contoh):
    """Every stage starts from a portfolio on the optimal face: its sessions are opened as
    repeated ones (no extra heuristic effort: 40.5 s for the three stages on 1,000
    proposals, 54.7 s with it)."""
    model = run(load_scenario(contoh)).selection.model
    highs = get_backend("highs")
    opened: list[bool] = []

    class Spy:
        name = highs.name

        def session(self, *args, **kwargs):
            opened.append(kwargs.get("repeated", False))
            return highs.session(*args, **kwargs)

    first = highs.solve(model, SolverOptions())
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    opened.clear()
    x, solves = break_ties(model, first, Spy(), 60.0)  # type: ignore[arg-type]
    assert solves >= 1 and opened[-solves:] == [True] * solves
    assert float(model.objective @ x) == pytest.approx(first.objective)


def residual_tie() -> SelectionProblem:
    """{A, D} and {B, C}: the same score (4), cost (4), starts and sum of id positions
    (0 + 3 = 1 + 2): only the list of ids tells them apart, and A comes first."""
    data = candidate_frame([1.0, 2.0, 2.0, 3.0], ["A", "B", "C", "D"])
    score = pd.Series({"A": 1.0, "B": 2.0, "C": 2.0, "D": 3.0})
    return SelectionProblem(data, score, (2026,), Constraints(budget={2026: 4.0}))


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("backend", available_backends())
def test_portfolios_tied_on_every_key_resolve_by_their_ids(monkeypatch, path, backend):
    problem = residual_tie()
    solver = SolverOptions(backend=backend, tie_break=True)
    if path == "mip stages":
        monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    selection = solve_portfolio(replace(problem, solver=solver))
    assert selection.selected == ("A", "D")
    monkeypatch.undo()
    model = problem.model
    x = Reoptimiser(model).solve(model.objective)  # Monte Carlo's and the tuner's rule
    assert sorted(model.picked(x)) == ["A", "D"]


@pytest.mark.parametrize("backend", available_backends())
@PROPERTY
@given(case=instances(integer_scores=True))
def test_the_run_and_the_reoptimiser_choose_the_same_portfolio(backend, case):
    """Two independent implementations of one rule: the staged solves (with the
    residual search) and the re-optimiser's enumeration."""
    model = model_of(case)
    with stages_only():
        main = solve_model(model, SolverOptions(backend=backend, tie_break=True))
    if main.status != "optimal":
        return
    x = Reoptimiser(model).solve(model.objective)
    assert np.array_equal(np.rint(main.x), x), case.describe()


def test_the_residual_search_runs_up_to_its_size(monkeypatch):
    monkeypatch.setattr(reoptimise, "MAX_FREE", -1)
    model = residual_tie().model
    backend = get_backend("highs")
    first = backend.solve(model, SolverOptions())
    calls = []
    real = tiebreak._residual

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(tiebreak, "_residual", spy)
    break_ties(model, first, backend, 60.0)
    assert len(calls) == 1
    monkeypatch.setattr(tiebreak, "RESIDUAL_UP_TO", model.n_columns - 1)
    x, _ = break_ties(model, first, backend, 60.0)
    assert len(calls) == 1  # not searched: the keys' portfolio stands
    assert float(model.objective @ x) == 4.0


def test_the_enumeration_decides_without_a_mip_solve_when_the_bound_leaves_few_choices(contoh):
    """contoh: the LP bound leaves few start-year choices; the answer is the staged one,
    with no session opened for a MIP."""
    model = run(load_scenario(contoh)).selection.model
    highs = get_backend("highs")
    first = highs.solve(model, SolverOptions())
    opened: list[MixedProgram] = []

    class Spy:
        name = highs.name

        def session(self, program, *args, **kwargs):
            opened.append(program)
            return highs.session(program, *args, **kwargs)

    x, solves = break_ties(model, first, Spy(), 60.0)  # type: ignore[arg-type]
    assert solves == 0 and not any(p.integer.any() for p in opened)
    with stages_only():
        y, solves = break_ties(model, first, highs, 60.0)
    assert solves >= 1 and np.array_equal(x, y)


def test_an_lp_that_fails_leaves_the_ties_to_the_stages(monkeypatch, contoh):
    model = run(load_scenario(contoh)).selection.model
    highs = get_backend("highs")
    first = highs.solve(model, SolverOptions())
    expected, _ = break_ties(model, first, highs, 60.0)

    def failing(self, c):
        raise SolverError("solver_failed", backend="highs", reason="numerical trouble")

    monkeypatch.setattr(reoptimise.Reoptimiser, "_bound", failing)
    x, solves = break_ties(model, first, highs, 60.0)
    assert solves >= 1 and np.array_equal(x, expected)
