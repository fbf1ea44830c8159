"""Funding pools (``[[constraints.funding_pool]]``), the constraint kind added through the
registry: the scenario keys and their problems, the model against an independent
reading (a year is payable when the budget covers what no pool pays for plus every
pool's shortfall), explanations, the diagnosis, the reports and compare, end to end."""

from __future__ import annotations

import itertools
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portfolio_cases import Case, frame, options
from support import CONTOH, KERJASAMA

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.constraints import Constraints, Rule, check_references
from mcda_kerjasama.errors import InfeasibleError, InputError, ScenarioError
from mcda_kerjasama.portfolio.backends import get_backend
from mcda_kerjasama.portfolio.model import build_model
from mcda_kerjasama.rules import constraint_kinds, row_kind
from mcda_kerjasama.rules.funding_pool import FundingPool
from mcda_kerjasama.scenario import SolverOptions

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DAK = 'constraints.funding_pool=[{name="DAK", amount=1e9, where={nature="wajib"}}]'
TWO = (
    'constraints.funding_pool=[{name="DAK", amount=1e9, where={nature="wajib"}}, '
    '{name="Hibah wisata", amount=3e8, where={urusan="3.26"}}]'
)


def scenario(*overrides: str):
    return load_scenario(CONTOH, overrides)


# --- scenario keys ----------------------------------------------------------------------


def test_the_kind_is_registered_with_its_rows():
    assert "funding_pool" in constraint_kinds()
    assert row_kind("funding_pool").unit == "money" and row_kind("funding_pool").elastic


def test_pools_are_read_from_the_scenario():
    pools = scenario(TWO).constraints.extra["funding_pool"]
    assert [p.name for p in pools] == ["DAK", "Hibah wisata"]
    assert pools[0].amount == {2026: 1e9}
    assert pools[1].rule.where == ({"urusan": ("3.26",)},)


@pytest.mark.parametrize(
    ("value", "keys"),
    [
        ('[{amount=1e9, ids=["K01"]}]', {"constraints.funding_pool[0]"}),
        ('[{name="A", ids=["K01"]}]', {"constraints.funding_pool[0]"}),
        ('[{name="A", amount=1e9}]', {"constraints.funding_pool[0]"}),
        ('[{name="A", amount=-1, ids=["K01"]}]', {"constraints.funding_pool[0].amount"}),
        (
            '[{name="A", amount=1e9, ids=["K01"], colour="x"}]',
            {"constraints.funding_pool[0].colour"},
        ),
        (
            '[{name="A", amount=1e9, ids=["K01"]}, {name="A", amount=1, ids=["K02"]}]',
            {"constraints.funding_pool[1].name"},
        ),
        ('{name="A"}', {"constraints.funding_pool"}),
        (
            '[{name="A", amount={"2031"=1}, ids=["K01"]}]',
            {"constraints.funding_pool[0].amount.2031"},
        ),
    ],
)
def test_bad_pools_are_located(value, keys):
    with pytest.raises(ScenarioError) as caught:
        scenario(f"constraints.funding_pool={value}")
    assert {p.key for p in caught.value.problems} >= keys
    assert all(p.render("id") and p.render("en") for p in caught.value.problems)


def test_too_many_pools():
    pools = ", ".join(f'{{name="P{i}", amount=1, ids=["K01"]}}' for i in range(9))
    with pytest.raises(ScenarioError) as caught:
        scenario(f"constraints.funding_pool=[{pools}]")
    assert [p.code for p in caught.value.problems] == ["pool_too_many"]


def test_a_proposal_in_two_pools_is_an_error_naming_both():
    s = scenario(
        'constraints.funding_pool=[{name="A", amount=1e9, ids=["K01", "K02"]}, '
        '{name="B", amount=1e9, where={urusan="1.03"}}]'
    )
    with pytest.raises(InputError) as caught:
        run(s)
    (problem,) = caught.value.problems
    assert problem.value == "K01"
    assert "K01 belongs to two funding pools (A, B)" in problem.render("en")


def test_unknown_ids_and_empty_pools():
    data = pd.DataFrame({"agency": ["X"], "urusan": ["1.02"]}, index=["K01"])
    pool = FundingPool("A", {2026: 1.0}, Rule(ids=("K99",)))
    empty = FundingPool("B", {2026: 1.0}, Rule(where=({"urusan": ("9.99",)},)))
    found = check_references(Constraints({2026: 1.0}, extra={"funding_pool": (pool, empty)}), data)
    codes = {(p.code, p.severity) for p in found}
    assert ("constraint_id_unknown", "error") in codes
    assert ("pool_empty", "warning") in codes


# --- the model against an independent reading ------------------------------------------

YEARS = (2026, 2027)


@st.composite
def pooled_cases(draw: st.DrawFn) -> tuple[Case, tuple[FundingPool, ...]]:
    """Up to 7 proposals over two years, one budget per year, up to three disjoint pools."""
    n = draw(st.integers(1, 7))
    ids = [f"K{i}" for i in range(n)]
    rows = {
        pid: {
            "cost": float(draw(st.integers(0, 9))),
            "duration": draw(st.integers(1, 2)),
            "earliest_start": draw(st.sampled_from(YEARS)),
            "nature": draw(st.sampled_from(["sukarela", "sukarela", "wajib"])),
        }
        for pid in ids
    }
    data = frame(rows)
    score = pd.Series([float(draw(st.integers(0, 9))) for _ in ids], index=ids)
    budget = {y: float(draw(st.integers(0, 12))) for y in YEARS}
    owner = [draw(st.integers(-1, 2)) for _ in ids]  # pool of each proposal, -1 none
    pools = tuple(
        FundingPool(
            f"P{p}",
            {y: float(draw(st.integers(0, 8))) for y in YEARS},
            Rule(ids=tuple(pid for pid, o in zip(ids, owner, strict=True) if o == p)),
        )
        for p in range(3)
        if p in owner
    )
    constraints = Constraints(budget=budget, mandatory=draw(st.booleans()))
    return Case(data, score, YEARS, constraints), pools


def reference_best(case: Case, pools: tuple[FundingPool, ...]) -> float | None:
    """Brute force: every assignment; a year is payable when its budget covers the cost
    no pool pays for plus each pool's shortfall; mandatory proposals are chosen."""
    data = case.data
    cost = data["cost"].to_numpy()
    duration = data["duration"].to_numpy()
    owner = {pid: p for p, pool in enumerate(pools) for pid in pool.rule.ids}
    best = None
    for starts in itertools.product(*options(case)):
        chosen = np.array([s != options(case)[0][0] for s in starts])
        if case.constraints.mandatory and not all(
            chosen[k] for k, n in enumerate(data["nature"]) if n == "wajib"
        ):
            continue
        ok = True
        for y in YEARS:
            active = [k for k, s in enumerate(starts) if chosen[k] and s <= y < s + duration[k]]
            free = sum(cost[k] for k in active if data.index[k] not in owner)
            short = 0.0
            for p, pool in enumerate(pools):
                spent = sum(cost[k] for k in active if owner.get(data.index[k]) == p)
                short += max(0.0, spent - pool.amount[y])
            ok &= free + short <= case.constraints.budget[y] + 1e-9
        if ok:
            value = float(case.score.to_numpy()[chosen].sum())
            best = value if best is None else max(best, value)
    return best


@settings(max_examples=120, deadline=None)
@given(pooled_cases())
def test_the_optimum_equals_brute_force(drawn):
    case, pools = drawn
    constraints = replace(case.constraints, extra={"funding_pool": pools} if pools else {})
    expected = reference_best(case, pools)
    model = build_model(case.data, case.score, case.years, constraints)
    found = get_backend("highs").solve(model, SolverOptions())
    if expected is None:
        assert found.status == "infeasible"
        return
    assert found.status == "optimal"
    assert found.objective == pytest.approx(expected, abs=1e-9)


# --- end to end --------------------------------------------------------------------------


def test_pools_let_more_in_and_say_what_they_paid():
    plain, pooled = run(scenario()), run(scenario(TWO))
    assert pooled.selection.objective > plain.selection.objective
    use = pooled.selection.use.loc[2026]
    assert use["funding_pool:DAK"] == 1e9  # K01 (wajib) costs Rp 1,2 M a year
    assert use["funding_pool:Hibah wisata"] == 3e8  # K04 costs Rp 450 jt
    assert use["covered_funding_pool"] == 1.3e9
    assert use["budget_remaining"] == pytest.approx(use["budget"] + 1.3e9 - use["cost"])
    assert use["budget_remaining"] >= 0


def test_a_pool_row_is_named_only_when_it_binds_before_the_budget():
    result = run(scenario(TWO))
    for reasons in result.explanations.tight.values():
        assert all(m.key.startswith("rule_budget") for m in reasons), reasons


def test_a_pool_that_binds_is_named_in_the_reasons():
    # the pool is more than its proposal needs: what no pool pays for binds first
    big = 'constraints.funding_pool=[{name="DAK", amount=2e9, where={nature="wajib"}}]'
    result = run(scenario(big, "constraints.budget=3e9"))
    texts = [m.render("id") for ms in result.explanations.tight.values() for m in ms]
    assert any("di luar dana khusus" in t for t in texts), texts


def test_the_diagnosis_names_the_pool_rule():
    s = scenario(DAK, "constraints.budget=2e8")
    with pytest.raises(InfeasibleError) as caught:
        run(s)
    text = caught.value.render("en")
    assert "pool" in text and "K05" in text  # the ongoing K05 is paid by no pool


def test_json_compare_and_cli(tmp_path: Path):
    out = tmp_path / "hasil"
    done = subprocess.run(
        [KERJASAMA, "run", str(CONTOH), "--format", "json", "-o", str(out), "--set", TWO],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    use = json.loads(done.stdout)["use"][0]
    assert use["covered_funding_pool"] == 1.3e9
    pooled = tmp_path / "pooled"
    pooled.mkdir()
    (pooled / "scenario.toml").write_text(
        f'extends = "{(CONTOH / "scenario.toml").as_posix()}"\n\n'
        "[[constraints.funding_pool]]\n"
        'name = "DAK"\namount = 1_000_000_000\nwhere = { nature = "wajib" }\n',
        encoding="utf-8",
    )
    compared = subprocess.run(
        [KERJASAMA, "compare", str(CONTOH), str(pooled), "--format", "json", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert compared.returncode == 0, compared.stderr
    assert "funding_pool" in compared.stdout


def test_the_reports_say_what_the_pools_paid(tmp_path: Path):
    import openpyxl
    from rich.console import Console

    from mcda_kerjasama import write_outputs
    from mcda_kerjasama.report.console import print_run

    result = run(scenario(DAK))
    console = Console(record=True, width=200)
    print_run(result, "id", console)
    assert "dibayar dana khusus: Rp 1.000.000.000" in console.export_text()
    write_outputs(result, tmp_path / "hasil")
    html = (tmp_path / "hasil" / "laporan.html").read_text(encoding="utf-8")
    assert "Dibayar dana khusus" in html
    sheet = openpyxl.load_workbook(tmp_path / "hasil" / "daftar_prioritas.xlsx").worksheets[0]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["Dibayar dana khusus DAK 2026"] == 1e9
