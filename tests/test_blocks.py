"""Blocks of columns and their patterns (the re-optimiser's bound, issue 14 goal 6):
every feasible portfolio is one pattern per block, every pattern keeps its block's own
rows, and the re-optimiser built on them returns the exhaustive optimum with the
documented tie-break under tight agency staff caps over several years."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from portfolio_cases import Case, enumerate_case, instances, violations
from test_reoptimise import PROPERTY, model_of, schedule

from mcda_kerjasama.portfolio import blocks as blocks_module
from mcda_kerjasama.portfolio.blocks import find_blocks
from mcda_kerjasama.portfolio.reoptimise import Reoptimiser
from mcda_kerjasama.portfolio.select import solve_model
from mcda_kerjasama.scenario import SolverOptions


def capped(case: Case, cap: float) -> Case:
    """The case with every agency's staff capped at ``cap`` a year."""
    return replace(case, constraints=replace(case.constraints, staff_per_agency=cap))


def points(case: Case, model) -> np.ndarray:
    """Every feasible portfolio of the case as 0/1 rows over the model's columns."""
    reference = enumerate_case(case)
    column = {
        (str(p), int(s)): j
        for j, (p, s) in enumerate(
            zip(model.columns["proposal"], model.columns["start"], strict=True)
        )
    }
    out = []
    for starts in reference.starts[reference.feasible]:
        x = np.zeros(model.n_columns)
        for pid, start in reference.schedule(starts).items():
            x[column[(pid, start)]] = 1.0
        out.append(x)
    return np.array(out).reshape(-1, model.n_columns)


@PROPERTY
@given(instances(), st.sampled_from([None, 1.0, 2.0, 4.0]))
def test_every_feasible_portfolio_is_one_pattern_per_block(case, cap):
    case = case if cap is None else capped(case, cap)
    model = model_of(case)
    found = find_blocks(model)
    feasible = enumerate_case(case).any_feasible
    patterns = found.patterns.toarray()
    a = model.matrix.toarray()
    activity = patterns @ a.T
    for b in range(found.n_blocks):
        rows = patterns[found.starts[b] : found.starts[b + 1]]
        assert not rows[:, found.block != b].any()  # a block's patterns touch its columns
        if not feasible:  # a column whose own rows forbid 0 and 1 keeps both (documented)
            continue
        # its own rows (every choosable column in it) are kept by each of its patterns
        live = (a != 0) & (found.block >= 0)[None, :]
        mine = found.own_rows & live.any(axis=1) & ~(live & (found.block != b)).any(axis=1)
        act = activity[found.starts[b] : found.starts[b + 1]][:, mine]
        assert (act <= model.row_upper[mine] + 1e-9).all(), case.describe()
        assert (act >= model.row_lower[mine] - 1e-9).all(), case.describe()
    for x in points(case, model):
        assert not x[found.block < 0].any(), case.describe()  # never-chosen columns stay 0
        for b in range(found.n_blocks):
            columns = found.block == b
            rows = patterns[found.starts[b] : found.starts[b + 1]][:, columns]
            assert (rows == x[columns]).all(axis=1).any(), case.describe()


@PROPERTY
@given(instances(), st.sampled_from([1.0, 2.0, 4.0]), st.integers(0, 2**32 - 1))
def test_answers_under_agency_caps_are_the_exhaustive_optimum_with_the_tie_break(case, cap, seed):
    """Feasible, worth the exhaustive optimum, and with the tie-break keys of the main
    solve (total cost, then the start offsets weighted by id, then the id positions)."""
    case = capped(case, cap)
    reference = enumerate_case(case)
    assume(reference.any_feasible)
    model = model_of(case)
    solver = Reoptimiser(model)
    x = solver.solve(model.objective)
    assert violations(case, schedule(model, x)) == [], case.describe()
    assert float(model.objective @ x) == pytest.approx(reference.best, rel=1e-6, abs=1e-6)
    main = solve_model(model, SolverOptions())
    assert (model.tiebreak @ x).tolist() == (model.tiebreak @ main.x).tolist(), case.describe()
    # another objective from the known portfolio: same answer as a fresh re-optimiser
    c = model.objective * np.random.default_rng(seed).uniform(0.5, 1.5, model.n_columns)
    assert np.array_equal(solver.solve(c), Reoptimiser(model).solve(c))


def test_a_block_with_too_many_patterns_falls_back_to_smaller_ones(monkeypatch):
    """With at most 2 patterns a block, an agency's proposals cannot be one block and
    each column stands alone; the answers stay the same."""
    case = None

    @settings(max_examples=30, derandomize=True, database=None, deadline=None)
    @given(instances())
    def check(drawn):
        nonlocal case
        drawn = capped(drawn, 2.0)
        assume(enumerate_case(drawn).any_feasible)
        model = model_of(drawn)
        wide = find_blocks(model)
        with monkeypatch.context() as patch:
            patch.setattr(blocks_module, "MAX_PATTERNS", 2)
            narrow = find_blocks(model)
        assert np.diff(narrow.starts).max(initial=0) <= 2
        assert narrow.n_blocks >= wide.n_blocks
        case = drawn

    check()
    assert case is not None
