"""The questionnaire loop from the command line: template -> filled forms -> collect ->
a scenario that uses the collected judgements."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from mcda_kerjasama.cli import main

ANSWERS = {  # (a, b) -> (which is more important, intensity)
    ("mutual_benefit", "real_need"): ("a", 1),
    ("mutual_benefit", "potential"): ("a", 2),
    ("mutual_benefit", "sustainability"): ("a", 3),
    ("mutual_benefit", "inclusiveness"): ("a", 3),
    ("real_need", "potential"): ("a", 2),
    ("real_need", "sustainability"): ("a", 3),
    ("real_need", "inclusiveness"): ("a", 2),
    ("potential", "sustainability"): ("a", 2),
    ("potential", "inclusiveness"): ("b", 1),
    ("sustainability", "inclusiveness"): ("b", 2),
}


def _fill(path: Path, skip: tuple[str, str] | None = None) -> None:
    book = load_workbook(path)
    sheet = book["kuesioner"]
    header = [c.value for c in sheet[3]]
    col = {name: header.index(name) + 1 for name in header}
    for row in range(4, sheet.max_row + 1):
        a, b = sheet.cell(row, col["kunci A"]).value, sheet.cell(row, col["kunci B"]).value
        if a is None or (a, b) == skip:
            continue
        side, level = ANSWERS[(a, b)]
        label = sheet.cell(row, col["kriteria A" if side == "a" else "kriteria B"]).value
        sheet.cell(row, col["mana yang lebih penting?"]).value = label
        sheet.cell(row, col["seberapa lebih penting?"]).value = level
    book.save(path)


def test_template_collect_and_use(runner, tmp_path: Path, contoh: Path) -> None:
    forms = tmp_path / "forms"
    out = runner.invoke(
        main,
        [
            "ahp",
            "template",
            str(contoh),
            "-o",
            str(forms),
            "--respondent",
            "Sekda",
            "--respondent",
            "Kepala Bappeda",
        ],
    )
    assert out.exit_code == 0, out.output
    files = sorted(forms.glob("*.xlsx"))
    assert [f.name for f in files] == ["kuesioner_kepala-bappeda.xlsx", "kuesioner_sekda.xlsx"]
    _fill(files[0], skip=("real_need", "inclusiveness"))  # a blank answer: missing judgement
    _fill(files[1])

    pairs = tmp_path / "perbandingan.csv"
    out = runner.invoke(main, ["ahp", "collect", *map(str, files), "-o", str(pairs)])
    assert out.exit_code == 0, out.output
    assert "Sekda: CR " in out.output and "Kepala Bappeda: CR " in out.output
    lines = pairs.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "a,b,nilai,responden"
    assert len(lines) == 1 + 10 + 9  # one respondent left one pair blank
    assert "sustainability,inclusiveness,1/2,Sekda" in lines

    (tmp_path / "scenario.toml").write_text(
        f'schema_version = 1\nextends = "{(contoh / "scenario.toml").as_posix()}"\n'
        f'[weights]\nmethod = "ahp"\njudgements = "perbandingan.csv"\n',
        encoding="utf-8",
    )
    out = runner.invoke(main, ["weights", str(tmp_path), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["method"] == "ahp_aij"
    assert [r["name"] for r in data["respondents"]] == ["Kepala Bappeda", "Sekda"]
    assert {c["respondent"] for c in data["completed"]} == {"Kepala Bappeda"}
    assert abs(sum(data["weights"].values()) - 1) < 1e-12


def test_template_unknown_group(runner, tmp_path: Path, contoh: Path) -> None:
    out = runner.invoke(
        main,
        [
            "ahp",
            "template",
            str(contoh),
            "-o",
            str(tmp_path),
            "--respondent",
            "A",
            "--group",
            "real_ned",
        ],
    )
    assert out.exit_code == 1
    assert "real_ned" in out.output
    assert not list(tmp_path.glob("*.xlsx"))


# --- the pairs file: written once, atomically, after every form is read ----------------


def _two_forms(runner, tmp_path: Path, contoh: Path) -> list[Path]:
    forms = tmp_path / "forms"
    args = ["ahp", "template", str(contoh), "-o", str(forms)]
    out = runner.invoke(main, [*args, "--respondent", "Sekda", "--respondent", "Bappeda"])
    assert out.exit_code == 0, out.output
    files = sorted(forms.glob("*.xlsx"))
    for path in files:
        _fill(path)
    return files


def test_collect_writes_once_atomically_after_reading_every_form(
    runner, tmp_path: Path, contoh: Path, monkeypatch
) -> None:
    import mcda_kerjasama.report.files as files_module
    import mcda_kerjasama.weights.questionnaire as questionnaire

    forms = _two_forms(runner, tmp_path, contoh)
    events: list[str] = []
    read_form = questionnaire.read_form
    write_atomic = files_module.write_atomic

    def reading(path, *args, **kwargs):
        events.append(f"read {Path(path).name}")
        return read_form(path, *args, **kwargs)

    def writing(path, data):
        events.append(f"write {Path(path).name}")
        write_atomic(path, data)

    monkeypatch.setattr(questionnaire, "read_form", reading)
    monkeypatch.setattr(files_module, "write_atomic", writing)
    pairs = tmp_path / "perbandingan.csv"
    out = runner.invoke(main, ["ahp", "collect", *map(str, forms), "-o", str(pairs)])
    assert out.exit_code == 0, out.output
    assert events == [
        "read kuesioner_bappeda.xlsx",
        "read kuesioner_sekda.xlsx",
        "write perbandingan.csv",
    ]
    assert pairs.read_text(encoding="utf-8").count("\n") == 1 + 2 * 10


def test_collect_leaves_the_old_pairs_file_when_a_form_or_the_write_fails(
    runner, tmp_path: Path, contoh: Path, monkeypatch
) -> None:
    forms = _two_forms(runner, tmp_path, contoh)
    pairs = tmp_path / "perbandingan.csv"
    pairs.write_text("lama\n", encoding="utf-8")

    def visible() -> list[str]:
        return sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))

    before = visible()
    # the second form is broken: the first one read fine changes nothing
    book = load_workbook(forms[1])
    book["kuesioner"]["E4"] = "sepuluh"
    book.save(forms[1])
    out = runner.invoke(main, ["ahp", "collect", *map(str, forms), "-o", str(pairs)])
    assert out.exit_code == 1
    assert "kuesioner_sekda.xlsx, baris 4" in out.output
    assert pairs.read_text(encoding="utf-8") == "lama\n" and visible() == before

    # every form reads, but the group has no connected judgements: nothing written
    book = load_workbook(forms[1])
    sheet = book["kuesioner"]
    for row in range(4, 14):
        sheet.cell(row, 4).value = sheet.cell(row, 5).value = None
    book.save(forms[1])
    out = runner.invoke(main, ["ahp", "collect", str(forms[1]), "-o", str(pairs)])
    assert out.exit_code == 1
    assert pairs.read_text(encoding="utf-8") == "lama\n" and visible() == before

    # the disk fails while the new file replaces the old one: the old one stays whole
    _fill(forms[1])

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", no_space)
    monkeypatch.setattr("os.rename", no_space)
    out = runner.invoke(main, ["ahp", "collect", *map(str, forms), "-o", str(pairs)])
    assert out.exit_code == 1
    assert "Traceback" not in out.output
    assert pairs.read_text(encoding="utf-8") == "lama\n" and visible() == before


def test_weights_names_unconnected_criteria_by_their_labels(tmp_path: Path) -> None:
    """`kerjasama weights` on judgements that never compare a criterion names the groups
    by the criteria's labels (as `ahp collect` does), in the reader's language."""
    import subprocess

    from support import CONTOH, KERJASAMA

    (tmp_path / "scenario.toml").write_text(
        f'schema_version = 1\nextends = "{(CONTOH / "scenario.toml").as_posix()}"\n'
        '[weights]\nmethod = "ahp"\npairs = { "mutual_benefit/real_need" = 2, '
        '"potential/sustainability" = 3, "real_need/potential" = 1 }\n',
        encoding="utf-8",
    )
    for lang, alone in (("id", "{Pembangunan inklusif}"), ("en", "{Inclusiveness}")):
        done = subprocess.run(
            [KERJASAMA, "weights", str(tmp_path), "--lang", lang],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert alone in done.stderr, done.stderr
        assert "mutual_benefit" not in done.stderr and "inclusiveness" not in done.stderr
