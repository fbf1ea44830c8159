"""What a user pipes: the installed ``kerjasama`` executable, in a subprocess (click's
runner cannot see output written by C libraries such as HiGHS), for every command that
has ``--format json``. Standard output must be exactly one JSON document; standard
error must hold no solver chatter.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from support import CONTOH, KERJASAMA

HEMAT = CONTOH.parent / "hemat"

#: Lines that solver libraries print on their own (HiGHS's banner, CBC's log, PuLP).
CHATTER = ("Running HiGHS", "THIRD_PARTY_NOTICES", "Welcome to the CBC", "Coin0", "Cbc0")


def kerjasama(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    return subprocess.run(
        [KERJASAMA, *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=env
    )


COMMANDS = {
    "run": ["run", str(CONTOH), "--format", "json", "-o", "{tmp}/hasil"],
    "run-cbc": [
        "run",
        str(CONTOH),
        "--format",
        "json",
        "-o",
        "{tmp}/hasil-cbc",
        "--set",
        "solver.backend=cbc",
    ],
    "weights": ["weights", str(CONTOH), "--format", "json"],
    "frontier": ["frontier", str(CONTOH), "--format", "json", "--steps", "3"],
    "sensitivity": [
        "sensitivity",
        str(CONTOH),
        "--format",
        "json",
        "--draws",
        "20",
        "-o",
        "{tmp}/sens.json",
    ],
    "sweep": [
        "sweep",
        str(CONTOH),
        "--format",
        "json",
        "--vary",
        "constraints.budget=3e9|4e9",
    ],
    "compare": ["compare", str(CONTOH), str(HEMAT), "--format", "json"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_format_json_prints_only_json(name: str, tmp_path: Path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[name]]
    done = kerjasama(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not done.stdout.startswith(CHATTER), done.stdout[:200]
    json.loads(done.stdout)  # the whole of stdout, nothing before or after
    for line in CHATTER:
        assert line not in done.stderr, done.stderr[:500]
    assert "Traceback" not in done.stderr


def test_run_prints_what_hasil_json_holds(tmp_path: Path):
    """``run --format json`` prints the file it wrote, byte for byte (one document, a
    final newline), and in English when asked."""
    for lang in ("id", "en"):
        out = tmp_path / lang
        done = kerjasama(
            "run", str(CONTOH), "--format", "json", "-o", str(out), "--lang", lang, cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == (out / "hasil.json").read_text(encoding="utf-8")
        assert done.stdout.endswith("}\n") and not done.stdout.endswith("\n\n")
    assert (
        json.loads(done.stdout)["status"]
        == json.loads((tmp_path / "id" / "hasil.json").read_text())["status"]
    )


def test_verify_prints_no_chatter(tmp_path: Path):
    out = tmp_path / "hasil"
    assert kerjasama("run", str(CONTOH), "-o", str(out), cwd=tmp_path).returncode == 0
    done = kerjasama("verify", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for line in CHATTER:
        assert line not in done.stdout and line not in done.stderr


def test_a_python_process_using_the_library_prints_nothing(tmp_path: Path):
    """A notebook or script: solving prints nothing on the process's stdout or stderr."""
    code = (
        "from mcda_kerjasama import load_scenario, run\n"
        f"r = run(load_scenario({str(CONTOH)!r}))\n"
        f"r2 = run(load_scenario({str(CONTOH)!r}, ['solver.backend=cbc']))\n"
    )
    python = str(Path(KERJASAMA).with_name("python"))
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == ""
