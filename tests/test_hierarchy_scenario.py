"""Criteria with sub-criteria in a scenario file: global weight = product down the tree,
scores from the leaves, every tree mistake named by its key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mcda_kerjasama.cli import main
from mcda_kerjasama.errors import ScenarioError
from mcda_kerjasama.pipeline import run
from mcda_kerjasama.scenario import load_scenario

PROPOSALS = """\
kode;judul;opd;urusan;jenis;mitra;biaya;rpjmd;manfaat;kesenjangan;penerima
A1;Air;Dinas PUPR;1.03;KSDD;Kota Solok;100 jt;I-1;5;1;1
A2;Jalan;Dinas PUPR;1.03;KSDD;Kota Solok;100 jt;I-2;1;5;5
A3;Sekolah;Dinas Pendidikan;1.01;KSDD;Kota Padang;100 jt;I-3;3;5;1
"""

TREE = """\
schema_version = 1
[scenario]
name = "Pohon"
years = [2026]
[data]
proposals = "u.csv"
[criteria.benefit]
column = "manfaat"
[criteria.real_need]
label = "Kebutuhan nyata"
[criteria.gap]
column = "kesenjangan"
parent = "real_need"
[criteria.beneficiaries]
column = "penerima"
parent = "real_need"
[weights]
method = "direct"
values = { benefit = 0.4, real_need = 0.6 }
[weights.children.real_need]
method = "ahp"
pairs = { "gap/beneficiaries" = 3 }
[constraints]
budget = 200_000_000
"""


def _folder(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "u.csv").write_text(PROPOSALS, encoding="utf-8")
    (tmp_path / "scenario.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def test_global_weights_are_products_and_scores_use_leaves(tmp_path: Path) -> None:
    scenario = load_scenario(_folder(tmp_path, TREE))
    assert scenario.criterion_keys == ("benefit", "gap", "beneficiaries")
    assert scenario.children() == ("real_need", "benefit")
    assert scenario.children("real_need") == ("gap", "beneficiaries")
    result = run(scenario)
    w = result.weights.weights
    assert w["benefit"] == pytest.approx(0.4)
    assert w["gap"] == pytest.approx(0.6 * 0.75)
    assert w["beneficiaries"] == pytest.approx(0.6 * 0.25)
    # A2: benefit 1 (value 0), gap 5 and beneficiaries 5 (value 1): 100 * 0.6
    assert result.scores.total["A2"] == pytest.approx(60.0)
    # A3: benefit 3 (0.5), gap 5 (1), beneficiaries 1 (0): 100 * (0.2 + 0.45)
    assert result.scores.total["A3"] == pytest.approx(65.0)
    assert set(result.selection.selected) == {"A2", "A3"}


def test_weights_command_shows_the_tree(tmp_path: Path, runner) -> None:
    folder = _folder(tmp_path, TREE)
    out = runner.invoke(main, ["weights", str(folder), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["method"] == "hierarchy"
    assert data["weights"]["gap"] == pytest.approx(0.45)


@pytest.mark.parametrize(
    ("change", "key", "code"),
    [
        (
            ('parent = "real_need"', 'parent = "real_ned"'),
            "criteria.gap.parent",
            "criterion_unknown",
        ),
        (
            ('label = "Kebutuhan nyata"', 'column = "x"'),
            "criteria.real_need.column",
            "criterion_group_scored",
        ),
        (
            ("[weights.children.real_need]", "[weights.children.other]"),
            "weights.children.real_need",
            "key_missing",
        ),
        (
            (
                "values = { benefit = 0.4, real_need = 0.6 }",
                "values = { benefit = 0.4, gap = 0.6 }",
            ),
            "weights.values.gap",
            "criterion_unknown",
        ),
    ],
)
def test_tree_mistakes_are_named(
    tmp_path: Path, change: tuple[str, str], key: str, code: str
) -> None:
    folder = _folder(tmp_path, TREE.replace(*change))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert (key, code) in {(p.key, p.code) for p in caught.value.problems}


def test_parent_cycle(tmp_path: Path) -> None:
    toml = TREE.replace(
        '[criteria.real_need]\nlabel = "Kebutuhan nyata"', '[criteria.real_need]\nparent = "gap"'
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_folder(tmp_path, toml))
    assert "criterion_cycle" in {p.code for p in caught.value.problems}


def test_reserved_criterion_key(tmp_path: Path) -> None:
    toml = TREE.replace("[criteria.benefit]", "[criteria.cost]").replace(
        "values = { benefit = 0.4", "values = { cost = 0.4"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_folder(tmp_path, toml))
    assert ("criteria.cost", "criterion_key_reserved") in {
        (p.key, p.code) for p in caught.value.problems
    }
