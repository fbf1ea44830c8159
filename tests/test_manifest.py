"""The audit trail: manifest.json, kerjasama verify, and output folders that are safe."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
