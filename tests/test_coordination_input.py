"""Bad coordination inputs are located messages (file, row, column or key; in the user's
language), every problem at once, never a traceback; the joint table's checks against
the members' own lists; the in-memory path checks the same."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from support import ROOT

from mcda_kerjasama.coordination.config import load_spec, spec_in_memory
from mcda_kerjasama.coordination.link import load_coordination
from mcda_kerjasama.errors import InfeasibleError, InputError, ScenarioError

EXAMPLE = ROOT / "scenarios" / "koordinasi-sumbar"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the bundled coordination to break."""
    target = tmp_path / "koordinasi"
    shutil.copytree(EXAMPLE, target)
    return target


def _joint(folder: Path) -> pd.DataFrame:
    return pd.read_csv(
        folder / "bersama.csv", sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )


def _save(folder: Path, table: pd.DataFrame, name: str = "bersama.csv") -> None:
    table.to_csv(folder / name, sep=";", index=False, encoding="utf-8-sig")


def _messages(folder: Path, lang: str = "en") -> list[str]:
    with pytest.raises(InputError) as caught:
        load_coordination(folder)
    return [p.render(lang) for p in caught.value.problems if p.severity == "error"]


def test_a_party_that_is_not_a_member(example):
    table = _joint(example)
    table.loc[0, "pihak"] = "Kabupaten Agamm"
    _save(example, table)
    [message] = _messages(example)
    assert message == (
        'bersama.csv, row 2, column `pihak`: "Kabupaten Agamm" is not a member of the '
        "coordination; did you mean `Kabupaten Agam`?"
    )
    [pesan] = _messages(example, "id")
    assert pesan.startswith('bersama.csv, baris 2, kolom `pihak`: "Kabupaten Agamm" bukan anggota')


def test_a_share_that_does_not_match_the_partners_own_proposal(example):
    table = _joint(example)
    table.loc[1, "biaya"] = "1.000.000.000"
    _save(example, table)
    [message] = _messages(example)
    party, proposal = table.loc[1, "pihak"], table.loc[1, "usulan"]
    assert message.startswith(
        f"bersama.csv, row 3, column `biaya`: the share of {party}, Rp 1 bn a year"
    )
    assert f"its own proposal {proposal}" in message


def test_different_durations(example):
    table = _joint(example)
    party, proposal = table.loc[0, "pihak"], table.loc[0, "usulan"]
    folder = example / "anggota" / party.lower().replace(" ", "-")
    own = pd.read_csv(
        folder / "usulan.csv", sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    row = own.index[own["kode"] == proposal][0]
    own.loc[row, "durasi"] = str(int(own.loc[row, "durasi"]) % 5 + 1)
    _save(folder, own, "usulan.csv")
    # the joint table states the duration: the party's own proposal no longer matches it
    [message] = _messages(example)
    assert message.startswith("bersama.csv, row 2, column `durasi`: a duration of")
    assert f"does not match the proposal {proposal} of {party}" in message
    # without it, the parties' own proposals disagree with each other
    _save(example, table.drop(columns="durasi"))
    [message] = _messages(example)
    assert message.startswith(f"bersama.csv, row 2: joint cooperation {table.loc[0, 'kode']}: ")
    assert "the parties' proposals last different numbers of years" in message


def test_every_problem_at_once(example):
    table = _joint(example)
    table.loc[0, "usulan"] = "U9999"  # not in the party's list
    table.loc[2, "pihak"] = "Kota Jakarta"  # not a member
    table.loc[5, "biaya"] = "1,5,0"  # not an amount
    table = pd.concat([table, table.iloc[[7]].assign(kode="SENDIRI")], ignore_index=True)
    _save(example, table)
    messages = _messages(example)
    assert any("proposal U9999 is not in the proposals of" in m for m in messages)
    assert any('"Kota Jakarta" is not a member' in m for m in messages)
    assert any("column `biaya`" in m and "1,5,0" in m for m in messages)
    assert any("SENDIRI has one party only" in m for m in messages)


def test_a_mandatory_cooperation_between_members_that_do_not_border(example):
    table = _joint(example)
    first = table["kode"] == table.loc[0, "kode"]
    table.loc[first, "sifat"] = "wajib"
    _save(example, table)
    neighbours = pd.read_csv(example / "tetangga.csv", sep=";", dtype=str, encoding="utf-8-sig")
    a, b = table.loc[first, "pihak"].tolist()
    keep = ~(
        ((neighbours.anggota == a) & (neighbours.tetangga == b))
        | ((neighbours.anggota == b) & (neighbours.tetangga == a))
    )
    _save(example, neighbours[keep], "tetangga.csv")
    [message] = _messages(example)
    assert "is mandatory but its parties do not border each other" in message


def test_rows_not_confirmed_are_left_out_with_a_warning(example):
    table = _joint(example)
    table["konfirmasi"] = "ya"
    table.loc[table["kode"] == table.loc[0, "kode"], "konfirmasi"] = ""
    _save(example, table)
    coordination = load_coordination(example)
    assert table.loc[0, "kode"] not in {j.id for j in coordination.joint}
    [warning] = [w for w in coordination.warnings if w.code == "koord_unconfirmed"]
    assert warning.render("en").startswith(
        "bersama.csv, column `konfirmasi`: rows 2-3 are not confirmed"
    )


def test_members_that_plan_different_years(example):
    scenario = example / "anggota" / "kota-padang" / "scenario.toml"
    scenario.write_text(scenario.read_text().replace("years = [2026, 2027]", "years = [2026]"))
    messages = _messages(example)
    assert any("member Kota Padang plans the years [2026]" in m for m in messages)


def test_a_member_with_bad_proposals_is_named(example):
    proposals = example / "anggota" / "kota-solok" / "usulan.csv"
    text = proposals.read_text(encoding="utf-8-sig").splitlines()
    cells = text[1].split(";")
    cells[7] = "banyak"
    text[1] = ";".join(cells)
    proposals.write_text("\n".join(text) + "\n", encoding="utf-8")
    messages = _messages(example)
    assert any(m.startswith("Kota Solok") and "row 2, column `biaya`" in m for m in messages)


def test_unknown_keys_of_the_coordination_file(example):
    file = example / "koordinasi.toml"
    file.write_text(file.read_text().replace("guarantee = true", "guarante = true"))
    with pytest.raises(ScenarioError) as caught:
        load_spec(example)
    assert caught.value.render("en") == (
        "key `objective.guarante`: unknown key; did you mean `objective.guarantee`?"
    )


def test_a_member_folder_that_is_missing(example):
    shutil.rmtree(example / "anggota" / "kota-pariaman")
    with pytest.raises(ScenarioError) as caught:
        load_spec(example)
    assert caught.value.problems[0].key == 'members."Kota Pariaman"'


def test_a_member_whose_rules_cannot_be_met_is_named(example):
    scenario = example / "anggota" / "kabupaten-dharmasraya" / "scenario.toml"
    text = scenario.read_text().splitlines()
    text = ["budget = 1000000000" if line.startswith("budget = ") else line for line in text]
    scenario.write_text("\n".join(text) + "\n")
    from mcda_kerjasama.coordination import coordinate

    with pytest.raises(InfeasibleError) as caught:
        coordinate(load_coordination(example), explain=False)
    assert caught.value.conflicts[0].render("en").startswith("Kabupaten Dharmasraya: ")


def test_in_memory_settings_are_checked():
    with pytest.raises(ScenarioError) as caught:
        spec_in_memory({"coordination": {"name": "x"}, "solver": {"methd": "x"}}, ["A", "B"])
    assert "did you mean `solver.method`" in caught.value.render("en")
    with pytest.raises(ScenarioError):
        spec_in_memory({"coordination": {"name": "x"}}, ["A"])
