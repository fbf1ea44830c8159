"""The priority list: order of the groups and within each, and the reason of every row,
from hand-made inputs (so every branch is pinned) and through run() on a scenario where
one reserve proposal cannot be forced in while another only costs value."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from mcda_kerjasama.i18n import Msg
from mcda_kerjasama.pipeline import run
from mcda_kerjasama.portfolio.explain import Explanations, Forcing
from mcda_kerjasama.priority import build_priority_list, join_reasons
from mcda_kerjasama.scenario import load_scenario
from mcda_kerjasama.screening import ScreeningResult

IDS = ["S1", "S2", "S3", "R1", "R2", "R3", "R4", "R5", "N1", "N2", "N3"]
SCORE = pd.Series(
    [50.0, 70.0, 60.0, 40.0, 45.0, 30.0, 20.0, 10.0, 5.0, 25.0, 25.0], index=IDS, dtype=float
)


def _inputs():
    table = SimpleNamespace(data=pd.DataFrame(index=pd.Index(IDS, name="id")))
    screening = ScreeningResult(
        eligible=tuple(IDS[:8]),
        reasons={
            "N1": (Msg("screen_no_rpjmd"),),
            "N2": (Msg("screen_kind_excluded", {"kind": "KSDPL"}),),
            "N3": (Msg("screen_no_rpjmd"),),
        },
        notes={"S3": (Msg("screen_no_rpjmd"),)},
    )
    # S2 starts later than S1 and S3 although it scores more: year first, then score
    selection = SimpleNamespace(
        selected=("S1", "S2", "S3"), schedule={"S1": 2026, "S2": 2027, "S3": 2026}
    )
    reasons = {pid: Msg("reason_reserve_value") for pid in IDS[3:8]}
    reasons |= {pid: Msg("reason_selected", {"score": 1, "year": 2026}) for pid in IDS[:3]}
    notes = Explanations(
        reasons=reasons,
        tight={"S1": (Msg("rule_budget", {"year": 2026, "label": "", "remaining": 0}),)},
        forcing={
            "R1": Forcing(float("nan"), (), False),  # cannot be forced in
            "R2": Forcing(12.5, ("S1", "S3"), True),  # a loss and what drops out
            "R3": Forcing(3.25, (), True),  # a loss, nothing drops
            "R4": Forcing(7.0, ("S2",), True, proven=False),  # an estimate
        },  # R5: no price computed
        reserve_order=("R2", "R1", "R3", "R4", "R5"),
        entry_level={},
        marginal=(),
    )
    return table, screening, selection, notes


@pytest.fixture
def plist():
    table, screening, selection, notes = _inputs()
    return build_priority_list(table, SCORE, screening, selection, notes)  # type: ignore[arg-type]


def test_order_groups_and_columns(plist):
    t = plist.table
    # selected by start year then score; reserve in its order; ineligible by score, ties
    # by file order (N2 before N3, both 25)
    assert t.index.tolist() == ["S3", "S1", "S2", "R2", "R1", "R3", "R4", "R5", "N2", "N3", "N1"]
    assert t["rank"].tolist() == list(range(1, 12))
    assert t["group"].tolist() == ["selected"] * 3 + ["reserve"] * 5 + ["not_eligible"] * 3
    assert t["selected"].tolist() == [True] * 3 + [False] * 8
    assert t["year"].tolist()[:3] == [2026, 2026, 2027]
    assert t["year"].isna().tolist() == [False] * 3 + [True] * 8
    assert t["score"].tolist() == [SCORE[i] for i in t.index]


def test_scores_equal_to_nine_decimals_tie_and_keep_file_order():
    # S3 and N3 exceed S1 and N2 by float noise only (6e-11): ties, resolved by file order
    table, screening, selection, notes = _inputs()
    score = SCORE.copy()
    score["S3"] = score["S1"] + 6e-11
    score["N3"] = score["N2"] + 6e-11
    plist = build_priority_list(table, score, screening, selection, notes)  # type: ignore[arg-type]
    assert plist.table.index.tolist()[:3] == ["S1", "S3", "S2"]
    assert plist.table.index.tolist()[-3:] == ["N2", "N3", "N1"]


def test_reserve_reasons_name_the_price_of_forcing(plist):
    en = {pid: plist.reason(pid, "en") for pid in plist.table.index}
    base = "reserve: fits the remaining budget only by displacing proposals of more total value"
    assert en["R1"] == base + "; cannot be forced in without breaking a rule"
    assert en["R2"] == base + "; forcing it in lowers the total value by 12.50 and drops: S1, S3"
    assert en["R3"] == base + "; forcing it in lowers the total value by 3.25"
    assert en["R4"] == (
        base + "; forcing it in lowers the total value by 7.00 and drops: S2"
        "; an estimate (the solver stopped before proving optimality)"
    )
    assert en["R5"] == base
    assert plist.reason("R2") == (
        "cadangan: muat dalam sisa anggaran, tetapi menukarnya menurunkan nilai total"
        "; bila dipaksakan nilai total turun 12,50 dan keluar: S1, S3"
    )
    assert plist.reason("R1").endswith("; tidak dapat dipaksakan tanpa melanggar aturan")


def test_selected_and_not_eligible_reasons(plist):
    selected = "selected: score 1 within the best portfolio for the 2026 budget"
    assert plist.reason("S1", "en").startswith(selected + "; limit reached: ")
    assert plist.reason("S2", "en") == selected  # nothing tight, nothing noted
    assert plist.reason("S3", "en") == (
        selected + "; note: fails screening (not linked to an RPJMD/RKPD indicator), "
        "but obligations are not screened out"
    )
    assert plist.reason("N2", "en") == (
        "not eligible: cooperation kind KSDPL is excluded by this scenario"
    )
    frame = plist.to_frame("en")
    assert frame.columns.tolist() == ["id", "rank", "score", "selected", "year", "group", "reason"]
    assert frame.set_index("id").loc["N1", "reason"] == (
        "not eligible: not linked to an RPJMD/RKPD indicator"
    )


def test_join_reasons_keeps_a_single_reason_itself():
    one = Msg("reason_must_not")
    assert join_reasons([one]) is one
    both = join_reasons([one, Msg("reason_no_value")])
    assert both.key == "reason_join"
    assert both.render("en") == (
        "not selected: excluded by the scenario (must_not_fund); "
        "reserve: its score is 0, it adds no value to the portfolio"
    )


def test_run_names_the_proposal_that_cannot_be_forced_in(make_scenario, tmp_path):
    # A01 mandatory in exclusive group G with A02: A02 can never be chosen. A03 and A04
    # compete for the budget: A04 loses, and forcing it in drops A03.
    rows = [
        {"sifat": "wajib", "kelompok": "G", "biaya": "Rp 1.000.000.000"},
        {"kelompok": "G", "biaya": "Rp 1.000.000.000", "saling_menguntungkan": 5},
        {"biaya": "Rp 3.000.000.000", "kebutuhan_nyata": 5},
        {"biaya": "Rp 3.000.000.000", "kebutuhan_nyata": 3},
    ]
    result = run(load_scenario(make_scenario(tmp_path, rows=rows)))
    t = result.priority.table
    assert t.loc[["A01", "A03"], "group"].tolist() == ["selected", "selected"]
    assert t.loc[["A02", "A04"], "group"].tolist() == ["reserve", "reserve"]
    forcing = result.explanations.forcing
    assert not forcing["A02"].feasible
    assert forcing["A04"].feasible and forcing["A04"].drop == ("A03",)
    a02 = result.priority.reason("A02", "en")
    a04 = result.priority.reason("A04", "en")
    assert a02.endswith("; cannot be forced in without breaking a rule")
    assert "forcing it in" not in a02
    loss = float(result.selection.objective) - (
        float(result.scores.total["A01"]) + float(result.scores.total["A04"])
    )
    assert forcing["A04"].loss == pytest.approx(loss)
    assert a04.endswith(f"; forcing it in lowers the total value by {loss:.2f} and drops: A03")
    assert "cannot be forced" not in a04
