"""Explanations and matching: which party could not fund a joint cooperation and the
price of forcing it in (checked by forcing it), the changes of a member against its
plan alone, agreements broken without coordination, and candidate pairs found in the
members' lists with their evidence, never merged."""

from __future__ import annotations

import pandas as pd
import pytest

from mcda_kerjasama.coordination import coordinate
from mcda_kerjasama.coordination.link import build_coordination
from mcda_kerjasama.coordination.matching import candidates, propose_joint
from mcda_kerjasama.coordination.members import problem_completion, solve_member
from mcda_kerjasama.datasets.coordination import generate_coordination

CRITERIA = ("saling_menguntungkan", "kebutuhan_nyata", "potensi", "keberlanjutan", "inklusif")


def _row(pid: str, partner: str, cost: int, score: int, nature: str = "sukarela") -> dict:
    return {"kode": pid, "judul": f"Air bersih bersama {partner}", "opd": "Dinas PU",
            "urusan": "1.03", "jenis": "KSDD", "sifat": nature, "mitra": partner,
            "biaya": cost, "durasi": 1, **dict.fromkeys(CRITERIA, score)}  # fmt: skip


def _two(budget_b: int, guarantee: bool = True, score_b: int = 3) -> object:
    """Kota A and Kota B, each with two own proposals and one joint cooperation J."""
    a = pd.DataFrame([_row("A1", "Kota B", 300, 4), _row("A2", "Kota B", 300, 2),
                      _row("AJ", "Kota B", 200, 5)])  # fmt: skip
    b = pd.DataFrame([_row("B1", "Kota A", 300, 4), _row("B2", "Kota A", 300, 3),
                      _row("BJ", "Kota A", 300, score_b)])  # fmt: skip
    joint = pd.DataFrame({"kode": ["J", "J"], "pihak": ["Kota A", "Kota B"],
                          "usulan": ["AJ", "BJ"], "biaya": [200, 300]})  # fmt: skip

    def scenario(name: str, budget: int) -> dict:
        return {"schema_version": 1, "scenario": {"name": name, "years": [2026]},
                "data": {"proposals": "u.csv"}, "weights": {"method": "equal"},
                "constraints": {"budget": budget}}  # fmt: skip

    data = {"coordination": {"name": "Dua kota", "language": "en"},
            "objective": {"guarantee": guarantee}}  # fmt: skip
    members = {"Kota A": (scenario("Kota A", 600), a), "Kota B": (scenario("Kota B", budget_b), b)}
    return build_coordination(data, members, joint)


def test_the_party_that_cannot_fund_its_share_is_named():
    done = coordinate(_two(budget_b=200))  # B's share (300) never fits its budget
    note = done.explanations.joint["J"]
    assert not note.selected and note.blocker == "Kota B" and note.price is None
    assert note.reason.render("en").startswith("not chosen: Kota B cannot fund its part")


def test_a_party_that_would_fall_below_its_value_alone():
    done = coordinate(_two(budget_b=600, score_b=1))  # B scores J low: B would lose
    note = done.explanations.joint["J"]
    assert not note.selected and note.blocker == "Kota B"
    text = note.reason.render("en")
    assert text.startswith("not chosen: Kota B would fall") and "below its value alone" in text
    # the price: force J in and solve both parties again
    forced = {"J": 2026}
    values = {}
    for member in done.coordination.members:
        chosen, _ = solve_member(problem_completion(done.coordination, done.plan, member, forced))
        values[member.name] = chosen.objective
    expected = sum((values[o.name] - o.value) / o.unit for o in done.members)
    assert note.price == pytest.approx(expected)
    # without the guarantee, the same cooperation is chosen when it raises the total
    free = coordinate(_two(budget_b=600, score_b=1, guarantee=False))
    assert (free.starts["J"] is not None) == (expected > 0)


def test_a_joint_cooperation_that_entered_and_what_left_for_it():
    done = coordinate(_two(budget_b=600))
    assert done.starts["J"] == 2026
    notes = done.explanations.members
    a = {c.id: c for c in notes["Kota A"].changes}
    assert a["AJ"].kind == "joint_in" and a["AJ"].joint == "J"
    left = [c for c in notes["Kota A"].changes if c.kind == "left"]
    assert left and "no longer fits the 2026 budget" in left[0].reason.render("en")
    assert notes["Kota A"].gain > 0


def test_without_coordination_some_agreements_break():
    g = generate_coordination("65", seed=1, proposals=10, province_proposals=10)
    done = coordinate(g.build())
    broken = done.explanations.broken_alone
    for joint_id in broken:
        note = done.explanations.joint[joint_id]
        joint = next(j for j in done.coordination.joint if j.id == joint_id)
        assert 0 < len(note.alone) < len(joint.parties)
    for joint in done.coordination.joint:  # coordinated, never broken
        chosen = {done.outcome(p).selection.schedule.get(joint.proposals[p]) for p in joint.parties}
        assert len(chosen) == 1


def test_matching_finds_every_generated_pair_and_merges_nothing():
    g = generate_coordination("65", seed=3, proposals=10, province_proposals=10)
    c = g.build()
    found = candidates(c.members, c.neighbours)
    pairs = {frozenset(zip(k.parties, k.proposals, strict=True)) for k in found}
    for joint in c.joint:
        assert frozenset(joint.proposals.items()) in pairs or any(
            (p, joint.proposals[p]) in {x for pair in pairs for x in pair} for p in joint.parties
        )
    table = propose_joint(c.members, c.neighbours)
    assert (table["konfirmasi"] == "").all()  # nothing confirmed without the secretariat
    assert table["catatan"].str.contains("menyebut").all()


def test_matching_reads_aliases_and_abbreviations():
    rows = [_row("A1", "Pemko B", 100, 4)]
    a = pd.DataFrame(rows)
    b = pd.DataFrame([_row("B1", "Kota Alfa", 100, 4)])
    scenario = {"schema_version": 1, "scenario": {"name": "x", "years": [2026]},
                "data": {"proposals": "u.csv"}, "constraints": {"budget": 1000}}  # fmt: skip
    joint = pd.DataFrame(columns=["kode", "pihak", "usulan", "biaya"])
    c = build_coordination(
        {"coordination": {"name": "x"}},
        {"Kota Alfa": (scenario, a), "Kota B": (scenario, b)},
        joint,
    )
    [pair] = candidates(c.members)
    assert set(pair.proposals) == {"A1", "B1"} and pair.similarity == pytest.approx(1.0)
