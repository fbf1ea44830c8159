"""HiGHS sees every row scaled by a power of two (``highs.row_scale``): rupiah rows
(coefficients up to 10^10, bounds up to 10^12) are otherwise badly scaled, and HiGHS
then works two to four times as long on the same portfolio (``benchmarks/peers.py``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.portfolio.backends import MixedProgram, get_backend
from mcda_kerjasama.portfolio.backends.highs import HIGHS_TOLERANCE, row_scale
from mcda_kerjasama.portfolio.backends.program import FEASIBILITY_TOLERANCE, grid
from mcda_kerjasama.portfolio.explain import _scaled
from mcda_kerjasama.portfolio.tiebreak import break_ties


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(1e-3, 1e12), min_size=1, max_size=6),
    st.floats(0.0, 1e13),
    st.booleans(),
)
def test_a_scale_is_a_power_of_two_that_never_loosens_the_certificate(coefs, bound, lower):
    program = MixedProgram(
        sparse.csr_matrix(np.array([coefs])),
        np.ones(len(coefs)),
        np.zeros(len(coefs)),
        np.ones(len(coefs)),
        np.array([bound if lower else -np.inf]),
        np.array([np.inf if lower else bound]),
        np.ones(len(coefs), dtype=bool),
        "max",
    )
    (scale,) = row_scale(program)
    assert scale <= 1.0
    assert np.log2(scale) == np.round(np.log2(scale))  # exact: no digit changes
    # scaled, HiGHS's tolerance (1e-6 of the scaled row) is at most the certificate's
    # (1e-7 of the row's bound, at least 1e-7)
    if scale < 1.0:
        assert 1e-6 / scale <= 1e-7 * max(1.0, bound) * (1 + 1e-12)


def test_rows_of_small_coefficients_are_left_alone():
    program = MixedProgram(
        sparse.csr_matrix(np.array([[0.5, 2.0], [1.0, 1.0]])),
        np.ones(2),
        np.zeros(2),
        np.ones(2),
        np.array([-np.inf, 0.0]),
        np.array([2.0, 1.0]),
        np.ones(2, dtype=bool),
        "max",
    )
    assert row_scale(program).tolist() == [1.0, 1.0]


@pytest.fixture(scope="module")
def raised_budget():
    """sumbar-2026 with every budget 1.19 times as large: the reserve order's second
    budget step, where several portfolios tie on score and cost."""
    selection = run(load_scenario("scenarios/sumbar-2026")).selection
    return _scaled(selection.model, 1.1925917926565874)


def test_the_tie_break_is_the_least_on_every_backend(raised_budget):
    """With its rows scaled, HiGHS's integrality slack (1e-6 of a column, times the
    combined key's coefficients of up to 2.5 million) once passed a portfolio one cost
    unit (Rp 5 jt) off the face for the start-and-id stage; the stages now solve with
    a tolerance of 1e-9 and check the face exactly, and every backend agrees."""
    from mcda_kerjasama.scenario import SolverOptions

    keys = {}
    for name in ("highs", "cbc"):
        backend = get_backend(name)
        first = backend.solve(raised_budget, SolverOptions(tie_break=False))
        x, _ = break_ties(raised_budget, first, backend, 120.0)
        keys[name] = tuple(int(k @ x) for k in raised_budget.tiebreak)
        assert float(raised_budget.objective @ x) == pytest.approx(first.objective)
    assert keys["highs"] == keys["cbc"] == (110_600_000_000, 0, 3517)


def one_row_at_a_time(program: MixedProgram) -> np.ndarray:
    """The scale as it was computed before, a row at a time with :func:`grid`: the
    reference for the vectorised ``row_scale``."""
    scale = np.ones(program.n_rows)
    matrix = program.matrix.tocsr()
    largest = np.abs(matrix).max(axis=1).toarray().ravel() if program.n_columns else scale * 0
    for i in np.flatnonzero(largest > 2.0):
        row = matrix.data[matrix.indptr[i] : matrix.indptr[i + 1]]
        bounds = np.array([program.row_lower[i], program.row_upper[i]])
        bounds = bounds[np.isfinite(bounds)]
        if not len(bounds):
            continue
        step = grid(np.concatenate([row, bounds]))
        resolution = step if step is not None else float(np.abs(row[row != 0]).min())
        allowed = min(0.1 * resolution, FEASIBILITY_TOLERANCE * max(1.0, np.abs(bounds).min()))
        down = -np.round(np.log2(largest[i]))
        floor = np.ceil(np.log2(HIGHS_TOLERANCE / allowed))
        scale[i] = 2.0 ** min(0.0, max(down, floor))
    return scale


AMOUNTS = st.one_of(
    st.sampled_from([0.0, 1.0, 2.5, 0.3, 1e-3, 5e6, 1.25e9, 2.5e10, 6.2e11, np.pi, -7.5]),
    # amounts as a model holds them: no subnormal coefficients (0.1 of 5e-324 is 0, and
    # the reference divides by it)
    st.floats(-1e12, 1e12, allow_nan=False).filter(lambda v: v == 0 or abs(v) >= 1e-9),
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.lists(st.lists(AMOUNTS, min_size=3, max_size=3), min_size=1, max_size=6),
    st.lists(
        st.tuples(st.one_of(st.just(-np.inf), AMOUNTS), st.one_of(st.just(np.inf), AMOUNTS)),
        min_size=6,
        max_size=6,
    ),
)
def test_all_rows_at_once_scale_as_one_row_at_a_time(rows, bounds):
    n = len(rows)
    program = MixedProgram(
        sparse.csr_matrix(np.array(rows)),
        np.ones(3),
        np.zeros(3),
        np.ones(3),
        np.array([lo for lo, _ in bounds[:n]]),
        np.array([up for _, up in bounds[:n]]),
        np.ones(3, dtype=bool),
        "max",
    )
    assert row_scale(program).tolist() == one_row_at_a_time(program).tolist()


def test_all_rows_at_once_on_a_portfolio_model(contoh):
    program = MixedProgram.from_model(run(load_scenario(contoh)).selection.model)
    assert row_scale(program).tolist() == one_row_at_a_time(program).tolist()
