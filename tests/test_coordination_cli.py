"""The bundled coordination end to end through the installed ``kerjasama`` executable:
exit codes, the koordinasi.json contract, the output set, verify, bad input and an
infeasible member, and the matching of the members' lists."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from support import KERJASAMA, ROOT

EXAMPLE = ROOT / "scenarios" / "koordinasi-sumbar"


def kerjasama(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    return subprocess.run(
        [KERJASAMA, *args], capture_output=True, text=True, timeout=900, cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def solved(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("koordinasi")
    done = kerjasama("koordinasi", str(EXAMPLE), "-o", "hasil", "--format", "json", cwd=folder)
    return folder / "hasil", done


def test_exit_code_and_one_json_document(solved):
    out, done = solved
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # the whole standard output is one JSON document
    for key in (
        "schema_version",
        "status",
        "objective",
        "participation_guarantee",
        "members",
        "joint",
    ):
        assert key in data
    assert data["status"] == "optimal" and data["participation_guarantee"] is True
    assert json.loads((out / "koordinasi.json").read_text(encoding="utf-8")) == data


def test_the_json_contract(solved):
    _, done = solved
    data = json.loads(done.stdout)
    assert len(data["members"]) == 20
    for member in data["members"].values():
        assert {"selected", "value", "standalone_value"} <= set(member)
        assert member["value"] >= member["standalone_value"] - 1e-6  # the guarantee
    chosen = [j for j in data["joint"] if j["selected"]]
    assert chosen and any(not j["selected"] for j in data["joint"])
    for joint in data["joint"]:
        assert {"id", "parties", "selected", "start"} <= set(joint)
        for party in joint["parties"]:
            selected = data["members"][party]["selected"]
            assert (joint["id"] in selected) == joint["selected"]
            if joint["selected"]:
                assert data["members"][party]["schedule"][joint["id"]] == joint["start"]
        if not joint["selected"]:
            assert joint["reason"]


def test_the_output_set_and_its_manifest(solved):
    out, _ = solved
    names = sorted(p.name for p in out.iterdir())
    assert {
        "koordinasi.json",
        "koordinasi.xlsx",
        "laporan_koordinasi.html",
        "manifest.json",
    } <= set(names)
    members = [n for n in names if n.startswith("anggota-kota-padang.")]
    assert members == [
        "anggota-kota-padang.daftar_prioritas.csv",
        "anggota-kota-padang.daftar_prioritas.xlsx",
        "anggota-kota-padang.hasil.json",
        "anggota-kota-padang.laporan.html",
    ]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "koordinasi"
    assert set(manifest["outputs"]) == set(names) - {"manifest.json"}
    roles = {entry["role"] for entry in manifest["inputs"]}
    assert {"coordination", "joint", "neighbours", "scenario", "proposals"} <= roles
    padang = json.loads((out / "anggota-kota-padang.hasil.json").read_text(encoding="utf-8"))
    data = json.loads((out / "koordinasi.json").read_text(encoding="utf-8"))
    mine = {
        j["proposals"]["Kota Padang"]: j["id"]
        for j in data["joint"]
        if "Kota Padang" in j["parties"]
    }
    assert sorted(mine.get(pid, pid) for pid in padang["selected"]) == sorted(
        data["members"]["Kota Padang"]["selected"]
    )


def test_verify_identical_then_tampered(solved, tmp_path):
    out, _ = solved
    copy = tmp_path / "hasil"
    shutil.copytree(out, copy)
    done = kerjasama("verify", str(copy), "--lang", "en", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("identical")
    (copy / "anggota-kota-solok.hasil.json").write_text("{}", encoding="utf-8")
    done = kerjasama("verify", str(copy), "--lang", "en", cwd=tmp_path)
    assert done.returncode == 1
    assert "anggota-kota-solok.hasil.json: changed" in done.stderr


def test_verify_of_a_damaged_manifest_is_a_located_message(solved, tmp_path):
    """The coordination's manifest is checked as a run's is (one check for both): a
    damaged entry is named with the fix, never a traceback."""
    out, _ = solved
    copy = tmp_path / "hasil"
    shutil.copytree(out, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["inputs"][0] = "koordinasi.toml"
    manifest["outputs"]["../luar.json"] = "0" * 64
    del manifest["members"]
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    done = kerjasama("verify", str(copy), "--lang", "en", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "key `inputs[0]`" in done.stderr and "key `members`" in done.stderr
    assert "luar.json" in done.stderr


def test_bad_joint_data_exits_1_and_writes_nothing(tmp_path):
    example = tmp_path / "koordinasi"
    shutil.copytree(EXAMPLE, example)
    table = pd.read_csv(example / "bersama.csv", sep=";", dtype=str, encoding="utf-8-sig")
    table.loc[0, "pihak"] = "Kota Jakarta"
    table.to_csv(example / "bersama.csv", sep=";", index=False, encoding="utf-8-sig")
    done = kerjasama("koordinasi", str(example), "-o", "hasil", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 1
    assert 'bersama.csv, row 2, column `pihak`: "Kota Jakarta" is not a member' in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "hasil").exists()


def test_an_infeasible_member_exits_2(tmp_path):
    example = tmp_path / "koordinasi"
    shutil.copytree(EXAMPLE, example)
    scenario = example / "anggota" / "kota-solok" / "scenario.toml"
    lines = [
        "budget = 100000000" if line.startswith("budget = ") else line
        for line in scenario.read_text().splitlines()
    ]
    scenario.write_text("\n".join(lines) + "\n")
    done = kerjasama("koordinasi", str(example), "-o", "hasil", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 2
    assert "Kota Solok: " in done.stderr and not (tmp_path / "hasil").exists()


def test_matching_proposes_the_candidates_to_confirm(tmp_path):
    done = kerjasama(
        "koordinasi", str(EXAMPLE), "--match", "calon.csv", "--lang", "en", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "candidate joint cooperations found (72 already confirmed)" in done.stderr
    table = pd.read_csv(
        tmp_path / "calon.csv", sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    assert list(table.columns[:4]) == ["kode", "judul", "pihak", "usulan"]
    new = table[table["konfirmasi"] == ""]
    assert len(new) > 0 and new["catatan"].str.contains("names").all()
    assert done.stdout == ""


@pytest.mark.parametrize("value", ["-1", "1.5", "dua"])
def test_bad_thread_count_exits_1_and_writes_nothing(tmp_path, value):
    done = kerjasama(
        "koordinasi", str(EXAMPLE), "-o", "hasil", "--set", f"solver.threads={value}",
        "--lang", "en", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1
    assert "key `solver.threads`" in done.stderr and "whole number >= 0" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "hasil").exists()
