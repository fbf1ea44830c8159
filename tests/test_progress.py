"""Feedback on long work (issue 13 §7): the core tells a ``progress`` callable which
stage starts (it never prints); the command line shows the stages and loop bars on a
terminal's standard error only, never when piped nor with ``--format json``."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from support import CONTOH, KERJASAMA

from mcda_kerjasama import load_scenario
from mcda_kerjasama.i18n import catalogue
from mcda_kerjasama.pipeline import frontier, run, sensitivity

STAGES = ["read", "screen", "weights", "score", "build", "solve", "explain", "priority"]


def test_run_tells_every_stage_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[str] = []
    plain = run(load_scenario(CONTOH))
    told = run(load_scenario(CONTOH), progress=seen.append)
    assert seen == STAGES
    assert told.selection.selected == plain.selection.selected  # nothing else changes
    assert capsys.readouterr() == ("", "")  # the core prints nothing


def test_sensitivity_and_frontier_tell_their_loops() -> None:
    stages: list[str] = []
    draws: list[int] = []
    scenario = load_scenario(CONTOH, ["sensitivity.draws=40"])
    sensitivity(scenario, progress=draws.append, stages=stages.append)
    assert stages == [*STAGES[:4], "oneway"]  # prepare's stages, then the one-way analysis
    assert draws and draws[-1] == 40 and draws == sorted(draws)
    levels: list[int] = []
    frontier(load_scenario(CONTOH), steps=4, progress=levels.append)
    assert levels == [1, 2, 3, 4, 5]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "KERJASAMA_LANG"}


def test_nothing_when_piped(tmp_path: Path) -> None:
    done = subprocess.run(
        [KERJASAMA, "run", str(CONTOH), "-o", str(tmp_path / "hasil")],
        capture_output=True, text=True, timeout=300, env=_env(),
    )  # fmt: skip
    assert done.returncode == 0
    assert "memilih portofolio" not in done.stderr and "\r" not in done.stderr


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a terminal")
@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["run", str(CONTOH), "-o", "{tmp}/hasil"], "memulai"),  # then each stage's words
        (["frontier", str(CONTOH), "--steps", "8"], "Batas anggaran: tingkat anggaran"),
        (["sweep", str(CONTOH), "--vary", "constraints.budget=3e9|5e9"], "Varian skenario"),
        (
            ["sensitivity", str(CONTOH), "--draws", "100", "-o", "{tmp}/s.json"],
            "Monte Carlo: undian bobot",
        ),
    ],
)
def test_stages_and_bars_on_a_terminal(tmp_path: Path, args: list[str], shown: str) -> None:
    command = shlex.join([KERJASAMA, *(a.replace("{tmp}", str(tmp_path)) for a in args)])
    on_terminal = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True, text=True, timeout=300, env=_env(),
    )  # fmt: skip
    assert on_terminal.returncode == 0, on_terminal.stdout
    assert shown in on_terminal.stdout  # script copies the terminal to its output
    if args[0] == "run":  # a stage in words (the quick ones may pass between two redraws)
        words = [catalogue("id")[f"stage_{stage}"] for stage in [*STAGES, "write"]]
        assert any(w in on_terminal.stdout for w in words)
    as_json = subprocess.run(
        ["script", "-qec", command + " --format json", "/dev/null"],
        capture_output=True, text=True, timeout=300, env=_env(),
    )  # fmt: skip
    assert shown not in as_json.stdout  # JSON asked for: nothing but the JSON
