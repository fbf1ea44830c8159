"""Warnings about what a ``[weights]`` table says but is not used as written: direct
weights normalised (with their sum), a key the chosen method ignores (issue 13 §4)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mcda_kerjasama import load_scenario
from mcda_kerjasama.pipeline import check
from mcda_kerjasama.scenario.notes import weights_warnings

CONTOH = Path("scenarios/contoh")
VALUES = (
    "{ mutual_benefit = %s, real_need = 0.25, potential = 0.20, sustainability = 0.15, "
    "inclusiveness = 0.10 }"
)


@pytest.mark.parametrize(
    ("first", "expected"),
    [("0.30", None), ("0.40", "1,1"), ("0.35", "1,05"), ("0.05", "0,75")],
)
def test_direct_weights_not_summing_to_one_are_normalised_with_a_warning(first, expected):
    table = {"method": "direct", "values": {"a": float(first), "b": 0.70}}
    notes = weights_warnings(table)
    if expected is None:
        assert notes == ()
        return
    (note,) = notes
    assert (note.code, note.key, note.severity) == (
        "weights_normalised",
        "weights.values",
        "warning",
    )
    assert f"berjumlah {expected}," in note.render("id")
    assert f"sum to {expected.replace(',', '.')}," in note.render("en")


def test_percentages_summing_to_100_pass_without_a_word():
    assert weights_warnings({"method": "direct", "values": {"a": 30, "b": 50, "c": 20}}) == ()
    (note,) = weights_warnings({"method": "direct", "values": {"a": 30, "b": 50, "c": 30}})
    assert "110" in note.render("id")


@pytest.mark.parametrize(
    ("method", "key", "meant"),
    [
        ("ahp", "values", "direct"),
        ("direct", "order", "roc"),
        ("equal", "points", "swing"),
        ("roc", "judgements", "ahp"),
    ],
)
def test_a_key_the_method_does_not_read_is_a_warning(method, key, meant):
    table = {"method": method, key: {"a": 1} if key in ("values", "points") else ["a"]}
    if method == "direct":
        table["values"] = {"a": 1}
    (note,) = weights_warnings(table)
    assert (note.code, note.key) == ("weights_key_ignored", f"weights.{key}")
    rendered = note.render("id")
    assert f'method = "{method}"' in rendered and f'method = "{meant}"' in rendered


def test_children_tables_are_checked_too():
    table = {"method": "equal", "children": {"g": {"method": "direct", "values": {"a": 2, "b": 1}}}}
    (note,) = weights_warnings(table)
    assert note.key == "weights.children.g.values"


def test_inherited_values_under_a_method_chosen_later_are_no_warning():
    layers = [{"method": "direct", "values": {"a": 1}}, {"method": "ahp", "judgements": "p"}]
    merged = {**layers[0], **layers[1]}
    assert weights_warnings(merged, layers=layers) == ()
    layers[1]["values"] = {"a": 1}  # written again beside the method: a leftover
    assert [p.code for p in weights_warnings(merged, layers=layers)] == ["weights_key_ignored"]
    by_set = {**layers[0], "method": "ahp", "judgements": "p"}  # --set weights.method=ahp
    assert weights_warnings(by_set, layers=[layers[0]]) == ()


def _scenario(tmp_path: Path, weights: str) -> Path:
    shutil.copy(CONTOH / "usulan.csv", tmp_path / "usulan.csv")
    shutil.copy("scenarios/contoh-ahp/perbandingan.csv", tmp_path / "perbandingan.csv")
    text = (CONTOH / "scenario.toml").read_text(encoding="utf-8")
    start = text.index("[weights]")
    end = text.index("[screening]")
    (tmp_path / "scenario.toml").write_text(text[:start] + weights + "\n\n" + text[end:])
    return tmp_path


def test_the_checked_inputs_carry_the_warnings(tmp_path):
    folder = _scenario(
        tmp_path,
        '[weights]\nmethod = "ahp"\njudgements = "perbandingan.csv"\nvalues = ' + VALUES % "0.30",
    )
    codes = [p.code for p in check(load_scenario(folder)).warnings]
    assert "weights_key_ignored" in codes
    assert "weights_key_ignored" not in [
        p.code for p in check(load_scenario("scenarios/contoh-ahp")).warnings
    ]
    assert "weights_normalised" not in [p.code for p in check(load_scenario(CONTOH)).warnings]


@pytest.mark.parametrize("command", ["validate", "run", "weights"])
def test_validate_and_run_print_the_normalised_weights_warning(tmp_path, command):
    folder = _scenario(tmp_path, '[weights]\nmethod = "direct"\nvalues = ' + VALUES % "0.40")
    args = ["kerjasama", command, str(folder)]
    if command == "run":
        args += ["-o", str(tmp_path / "hasil")]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "bobot langsung berjumlah 1,1, bukan 1" in done.stderr
