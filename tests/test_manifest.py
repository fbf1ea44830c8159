"""The audit trail: manifest.json, kerjasama verify, and output folders that are safe."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support import CONTOH, KERJASAMA

from mcda_kerjasama.cli import main


def _copy_contoh(contoh: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "contoh"
    shutil.copytree(contoh, folder)
    return folder


def test_manifest_records_inputs_versions_and_outputs(runner, tmp_path, contoh):
    scenario = _copy_contoh(contoh, tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["run", str(scenario), "-o", str(out), "--set", "constraints.budget=4e9"]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    roles = [(i["role"], Path(i["path"]).name) for i in manifest["inputs"]]
    assert roles == [("scenario", "scenario.toml"), ("proposals", "usulan.csv")]
    assert manifest["scenario"]["resolved"]["constraints"]["budget"] == 4e9  # after --set
    assert manifest["solver"]["backend"] == "highs"
    assert manifest["dependencies"]["highspy"] != "not installed"
    assert set(manifest["outputs"]) == {
        "hasil.json",
        "daftar_prioritas.csv",
        "daftar_prioritas.xlsx",
        "laporan.html",
    }
    assert manifest["created"]


def test_verify_passes_then_names_the_edited_input(runner, tmp_path, contoh):
    scenario = _copy_contoh(contoh, tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(main, ["run", str(scenario), "-o", str(out)]).exit_code == 0
    ok = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    assert "identical" in ok.output

    csv = scenario / "usulan.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8").replace("Rp 600.000.000", "Rp 60.000.000"), encoding="utf-8"
    )
    bad = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert bad.exit_code == 1
    assert f"input proposals {csv}: changed" in bad.output
    assert "the re-run differs in:" in bad.output and "objective" in bad.output


def test_verify_missing_input(runner, tmp_path, contoh):
    scenario = _copy_contoh(contoh, tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(main, ["run", str(scenario), "-o", str(out)]).exit_code == 0
    (scenario / "usulan.csv").unlink()
    bad = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert bad.exit_code == 1
    assert "usulan.csv: missing" in bad.output
    assert "Traceback" not in bad.output


def test_verify_without_manifest(runner, tmp_path):
    bad = runner.invoke(main, ["verify", str(tmp_path), "--lang", "en"])
    assert bad.exit_code == 1
    assert "file not found" in bad.output and "manifest.json" in bad.output


def test_output_folder_with_foreign_files_needs_force(runner, tmp_path, contoh):
    out = tmp_path / "out"
    out.mkdir()
    (out / "catatan.docx").write_bytes(b"mine")
    refused = runner.invoke(main, ["run", str(contoh), "-o", str(out), "--lang", "en"])
    assert refused.exit_code == 1
    assert "holds other files (catatan.docx)" in refused.output
    assert sorted(p.name for p in out.iterdir()) == ["catatan.docx"]  # nothing written
    forced = runner.invoke(main, ["run", str(contoh), "-o", str(out), "--force"])
    assert forced.exit_code == 0
    assert (out / "catatan.docx").read_bytes() == b"mine"
    # the tool's own files may be replaced without --force
    again = runner.invoke(main, ["run", str(contoh), "-o", str(tmp_path / "clean")])
    assert again.exit_code == 0
    assert runner.invoke(main, ["run", str(contoh), "-o", str(tmp_path / "clean")]).exit_code == 0


def test_output_never_overwrites_an_input(runner, tmp_path, contoh):
    scenario = _copy_contoh(contoh, tmp_path)
    (scenario / "usulan.csv").rename(scenario / "daftar_prioritas.csv")
    toml = scenario / "scenario.toml"
    text = toml.read_text(encoding="utf-8").replace("usulan.csv", "daftar_prioritas.csv")
    toml.write_text(text, encoding="utf-8")
    before = (scenario / "daftar_prioritas.csv").read_bytes()
    refused = runner.invoke(
        main, ["run", str(scenario), "-o", str(scenario), "--force", "--lang", "en"]
    )
    assert refused.exit_code == 1
    assert "is an input file" in refused.output
    assert (scenario / "daftar_prioritas.csv").read_bytes() == before
    assert not (scenario / "hasil.json").exists()


def test_no_partial_output_when_a_writer_fails(runner, tmp_path, contoh, monkeypatch):
    import mcda_kerjasama.report.xlsx as xlsx

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(xlsx, "workbook_bytes", broken)
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", str(contoh), "-o", str(out)])
    assert result.exit_code != 0
    assert not out.exists()  # every file is built before the first is written


# --- verify checks every output it recorded (issue 11) --------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """One run of contoh, copied by each test that changes it."""
    out = tmp_path_factory.mktemp("run") / "hasil"
    from mcda_kerjasama import load_scenario, run
    from mcda_kerjasama.report import write_outputs

    write_outputs(run(load_scenario(CONTOH)), out, command=["kerjasama", "run"])
    return out


@pytest.fixture
def out(written, tmp_path) -> Path:
    copy = tmp_path / "hasil"
    shutil.copytree(written, copy)
    return copy


def _edit(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"K01", b"K99", 1))


@pytest.mark.parametrize(
    ("name", "change", "why"),
    [
        ("daftar_prioritas.csv", _edit, "changed"),
        ("laporan.html", _edit, "changed"),
        ("daftar_prioritas.xlsx", Path.unlink, "missing"),
    ],
)
def test_verify_names_every_output_that_changed(runner, out, name, change, why):
    change(out / name)
    bad = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == [f"output {out / name}: {why}"]  # inputs and re-run fine
    assert bad.stdout == ""


def test_verify_names_outputs_in_indonesian(runner, out):
    (out / "laporan.html").unlink()
    _edit(out / "daftar_prioritas.csv")
    bad = runner.invoke(main, ["verify", str(out)])
    assert bad.exit_code == 1
    assert f"keluaran {out / 'daftar_prioritas.csv'}: berubah" in bad.stderr
    assert f"keluaran {out / 'laporan.html'}: hilang" in bad.stderr


def _set(manifest: dict[str, Any], key: str, value: Any) -> None:
    *path, last = key.split(".")
    for part in path:
        manifest = manifest[part]
    if value is _set:
        del manifest[last]
    else:
        manifest[last] = value


FIX_EN = "The file is damaged or was edited: restore it from a copy, or run `kerjasama run`"


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("inputs", _set, "key `inputs`: is required but missing"),
        ("inputs", "usulan.csv", "key `inputs`: must be a list, not a text"),
        ("inputs", {"role": "proposals"}, "key `inputs`: must be a list, not an object"),
        ("inputs", [{"role": "scenario", "path": "s.toml"}], "key `inputs[0].sha256`: is required"),
        ("inputs", ["usulan.csv"], "key `inputs[0]`: must be an object, not a text"),
        ("outputs", ["hasil.json"], "key `outputs`: must be an object, not a list"),
        ("outputs", {"../x": "0" * 64}, 'key `outputs["../x"]`: the value "../x" is not valid'),
        ("scenario.resolved", _set, "key `scenario.resolved`: is required but missing"),
        ("scenario", None, "key `scenario`: must be an object, not null"),
        ("schema_version", "1", "key `schema_version`: must be an integer, not a text"),
        ("schema_version", 2, "key `schema_version`: the value 2 is not valid: this kerjasama"),
        ("language", "fr", 'key `language`: the value "fr" is not valid: choose id or en'),
    ],
)
def test_a_damaged_manifest_is_a_located_message(runner, out, key, value, said):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    _set(manifest, key, value)
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    bad = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert bad.exit_code == 1
    assert bad.exception is None or isinstance(bad.exception, SystemExit)  # no traceback
    assert f"error: {out / 'manifest.json'}, {said}" in bad.stderr
    assert FIX_EN in bad.stderr
    assert bad.stdout == ""


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b'{"inputs": [', "is not valid JSON (line 1, column 13: Expecting value)"),
        (b"", "is not valid JSON (line 1, column 1: Expecting value)"),
        (b"[1, 2]", "must be an object, not a list"),
        (b'{"a": "\xff"}', "is not valid JSON (line 1, column 8: invalid start byte)"),
    ],
)
def test_a_manifest_that_is_not_a_json_object_is_a_located_message(runner, out, content, said):
    (out / "manifest.json").write_bytes(content)
    bad = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert bad.exit_code == 1
    assert f"error: {out / 'manifest.json'}: {said}. {FIX_EN}" in bad.stderr
    assert bad.stdout == ""


def test_a_result_without_scenario_is_named(runner, out):
    stored = json.loads((out / "hasil.json").read_text(encoding="utf-8"))
    del stored["scenario"]
    (out / "hasil.json").write_text(json.dumps(stored), encoding="utf-8")
    bad = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert bad.exit_code == 1
    assert bad.exception is None or isinstance(bad.exception, SystemExit)
    lines = bad.stderr.splitlines()
    assert lines[0] == f"output {out / 'hasil.json'}: changed"
    assert lines[1].startswith(f"error: {out / 'hasil.json'}, key `scenario`: is required")
    assert "run `kerjasama run` into this folder again" in lines[1]


def test_a_missing_result_is_named_and_not_compared(runner, out):
    (out / "hasil.json").unlink()
    bad = runner.invoke(main, ["verify", str(out), "--lang", "en"])
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == [
        f"output {out / 'hasil.json'}: missing",
        f"the re-run was not compared because {out / 'hasil.json'} is missing or damaged",
    ]


def test_installed_verify_end_to_end(out):
    """The real executable: exit code, the message on stderr, nothing on stdout."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["inputs"] = "usulan.csv"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    done = subprocess.run(
        [KERJASAMA, "verify", str(out), "--lang", "en"], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"error: {out / 'manifest.json'}, key `inputs`: must be a list, not a text. {FIX_EN} "
        "into this folder again to write a new one",
        "1 errors and 0 warnings found",
    ]


def test_installed_verify_names_an_edited_report(out):
    _edit(out / "laporan.html")
    done = subprocess.run(
        [KERJASAMA, "verify", str(out), "--lang", "en"], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"output {out / 'laporan.html'}: changed"]
