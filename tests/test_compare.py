"""Scenario comparison: what B adds, drops and moves against A, and the causes in words."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from support import CONTOH

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.i18n import Language
from mcda_kerjasama.pipeline import RunResult
from mcda_kerjasama.sensitivity.compare import Comparison, compare_results


@cache
def base() -> RunResult:
    return run(load_scenario(CONTOH))


def what_if(tmp_path: Path, body: str) -> RunResult:
    """A what-if scenario file extending the example, holding only ``body``."""
    path = tmp_path / "scenario.toml"
    path.write_text(f'extends = "{(CONTOH / "scenario.toml").as_posix()}"\n{body}')
    return run(load_scenario(path))


def test_identical_scenarios_change_nothing() -> None:
    c = compare_results(base(), run(load_scenario(CONTOH)))
    assert (c.added, c.dropped, c.moved) == ((), (), ())
    assert c.changes.empty and not c.causes and c.details.empty
    assert c.value.difference == 0.0
    assert (c.use[["budget_diff", "cost_diff", "staff_diff"]] == 0).all().all()
    assert c.to_frame("en").empty


def test_budget_cut_drops_the_lowest_ratio_and_names_the_budget(tmp_path: Path) -> None:
    a = base()
    b = what_if(tmp_path, "[constraints]\nbudget = 4_000_000_000\n")  # 20% cut
    c = compare_results(a, b)
    assert c.added == () and c.dropped
    data = a.proposals.data
    free = [
        p
        for p in a.selection.selected
        if not a.explanations.reasons[p].key.endswith(("must_fund", "mandatory", "ongoing"))
        and data.at[p, "cost"] > 0
    ]
    ratio = {p: float(a.scores.total[p]) / float(data.at[p, "cost"]) for p in free}
    lowest = sorted(free, key=ratio.__getitem__)[: len(c.dropped)]
    assert set(c.dropped) == set(lowest)
    for pid in c.dropped:
        assert c.causes[pid].render("en").startswith("the 2026 budget fell from Rp 5 bn to Rp 4 bn")
        assert "anggaran 2026 turun dari Rp 5 M menjadi Rp 4 M" in c.causes[pid].render("id")
    assert c.changes["key"].tolist() == ["constraints.budget.2026"]
    assert c.changes["difference"].tolist() == [-1e9]
    assert c.use.loc[2026, "budget_diff"] == -1e9
    assert c.use.loc[2026, "cost_b"] <= 4e9
    assert c.value.difference == pytest.approx(b.selection.objective - a.selection.objective)
    assert c.value.difference < 0


def test_weight_change_names_the_criterion_that_moved_most(tmp_path: Path) -> None:
    a = base()
    b = what_if(tmp_path, "[weights.values]\npotential = 0.5\nmutual_benefit = 0.1\n")
    c = compare_results(a, b)
    assert c.added and c.dropped
    keys = c.changes["key"].tolist()
    assert "weights.values.potential" in keys and "weights.effective.potential" in keys
    row = c.changes.set_index("key").loc["weights.effective.potential"]
    assert (row["a"], round(row["b"], 6)) == (0.2, round(0.5 / 1.1, 6))
    for pid in (*c.added, *c.dropped):
        move = (b.scores.contributions.loc[pid] - a.scores.contributions.loc[pid]).abs()
        top = a.scenario.criterion(str(move.idxmax()))
        en, ind = c.causes[pid].render("en"), c.causes[pid].render("id")
        assert "score " in en and f": {top.label_en} " in en
        assert f": {top.label} " in ind
    frame = c.to_frame("en").set_index("id")
    assert frame.loc[list(c.added), "change"].eq("added").all()
    assert frame.loc[list(c.dropped), "change"].eq("dropped").all()
    assert frame.loc[c.dropped[0], "score_b"] == pytest.approx(float(b.scores.total[c.dropped[0]]))


def test_screening_change_adds_k11_as_newly_eligible(tmp_path: Path) -> None:
    b = what_if(tmp_path, "[screening]\nrequire_plan_link = false\n")
    c = compare_results(base(), b)
    assert "K11" in c.added
    assert (
        c.causes["K11"]
        .render("en")
        .startswith("became eligible in B (in A: not linked to an RPJMD/RKPD indicator)")
    )
    assert c.causes["K11"].render("id").startswith("menjadi memenuhi syarat di B")
    assert c.changes["key"].tolist() == ["screening.require_plan_link"]


def test_screening_tightened_drops_as_ineligible(tmp_path: Path) -> None:
    b = what_if(tmp_path, '[screening]\nexclude_kinds = ["KSDPK"]\n')
    c = compare_results(base(), b)
    assert "K03" in c.dropped
    assert c.causes["K03"].render("en") == (
        "not eligible in B: cooperation kind KSDPK is excluded by this scenario"
    )


def test_must_fund_adds_the_proposal_with_its_cause(tmp_path: Path) -> None:
    b = what_if(tmp_path, '[constraints]\nmust_fund = ["K06"]\n')
    c = compare_results(base(), b)
    assert c.added == ("K06",)
    assert c.causes["K06"].render("en").startswith("required in B (must_fund)")
    assert c.causes["K06"].render("id").startswith("diwajibkan di B (must_fund)")
    for pid in c.dropped:
        assert "B newly requires K06" in c.causes[pid].render("en")
    assert c.changes.to_dict("records") == [
        {"key": "constraints.must_fund.ids", "a": [], "b": ["K06"], "difference": None}
    ]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_both_languages_render_to_json(tmp_path: Path, lang: Language) -> None:
    b = what_if(tmp_path, "[constraints]\nbudget = 4_000_000_000\n")
    c = compare_results(base(), b)
    assert isinstance(c, Comparison)
    d = json.loads(json.dumps(c.to_dict(lang)))
    assert d["dropped"] == list(c.dropped) and d["added"] == []
    assert d["value"] == {
        "a": c.value.a,
        "b": c.value.b,
        "difference": c.value.difference,
    }
    assert d["use"][0]["year"] == 2026 and d["use"][0]["budget_b"] == 4e9
    assert d["changes"][0]["key"] == "constraints.budget.2026"
    texts = [p["cause"] for p in d["proposals"]]
    assert texts == [c.causes[p].render(lang) for p in c.dropped]
    word = "anggaran" if lang == "id" else "budget"
    assert all(word in t for t in texts)
    frame = c.to_frame(lang)
    assert frame.columns.tolist() == ["id", "title", "change", "score_a", "score_b", "cause"]
