"""Screening against the scenario's obligations, through ``screen()`` and ``run()`` on the
bundled example, and through the installed ``kerjasama`` executable.

On ``contoh``: K10 fails ``min_score`` (saling menguntungkan 1 < 2), K11 has no RPJMD
link; K01 is mandatory (wajib) and K05 ongoing (berjalan).
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from support import CONTOH, KERJASAMA

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.errors import ScenarioError
from mcda_kerjasama.proposals import read_proposals
from mcda_kerjasama.screening import screen


def scenario(*overrides: str):
    return load_scenario(CONTOH, overrides)


def table(s):
    return read_proposals(s)


def test_mandatory_and_ongoing_stay_eligible_with_notes():
    s = scenario("screening.max_duration=2")  # K01 (wajib) and K05 (berjalan) run 3 years
    result = screen(table(s), s)
    assert {"K01", "K05"} <= set(result.eligible)
    assert {"K01", "K05"} <= set(result.notes)
    assert "K03" in result.not_eligible  # an ordinary 3-year proposal is screened out
    assert "K03" not in result.notes


def test_obligations_are_screened_when_their_switches_are_off():
    s = scenario("screening.max_duration=2", "constraints.mandatory=false")
    result = screen(table(s), s)
    assert "K01" in result.not_eligible and "K01" not in result.notes
    assert "K05" in result.eligible  # ongoing is still on
    s = scenario("screening.max_duration=2", "constraints.ongoing=false")
    result = screen(table(s), s)
    assert "K05" in result.not_eligible and "K01" in result.eligible


def test_must_fund_on_a_not_eligible_proposal_is_an_error():
    s = scenario('constraints.must_fund=["K10", "K02"]')
    with pytest.raises(ScenarioError) as caught:
        screen(table(s), s)
    (problem,) = caught.value.problems
    assert (problem.key, problem.value) == ("constraints.must_fund", "K10")
    text = caught.value.render("id")
    assert "K10 wajib didanai tetapi tidak lolos penyaringan" in text
    assert "Saling menguntungkan 1 < 2" in text
    assert '[screening] exempt = ["K10"]' in text


def test_must_fund_where_on_a_not_eligible_proposal_is_an_error():
    s = scenario('constraints.must_fund_where={ urusan = "2.22" }')  # K11: no RPJMD link
    with pytest.raises(ScenarioError) as caught:
        run(s)
    (problem,) = caught.value.problems
    assert (problem.key, problem.value) == ("constraints.must_fund_where", "K11")
    assert "RPJMD" in caught.value.render("en")


def test_an_explicit_exemption_funds_it_with_a_note():
    s = scenario('constraints.must_fund=["K10"]', 'screening.exempt=["K10"]')
    result = run(s)
    assert "K10" in result.selection.selected
    assert "K10" in result.screening.notes
    assert "K10" not in result.screening.not_eligible


def test_an_exemption_alone_only_keeps_it_a_candidate():
    s = scenario('screening.exempt=["K11"]')
    result = run(s)
    assert "K11" in result.screening.eligible and "K11" not in result.screening.not_eligible
    plain = run(scenario())
    assert "K11" in plain.screening.not_eligible


def test_must_fund_not_eligible_from_the_command_line(tmp_path: Path):
    out = tmp_path / "hasil"
    done = subprocess.run(
        [KERJASAMA, "run", str(CONTOH), "-o", str(out), "--set", 'constraints.must_fund=["K10"]'],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "K10 wajib didanai tetapi tidak lolos penyaringan" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not out.exists()


def test_the_scenario_accepts_screening_exempt_only_as_a_list():
    with pytest.raises(ScenarioError):
        scenario('screening.exempt="K10"')
    assert replace(scenario().screening, exempt=()).exempt == ()
