"""The kerjasama command line: help, run --format json contract, outputs, exit codes."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys

import click
import pandas as pd
import pytest

from mcda_kerjasama.cli import load_commands, main
from mcda_kerjasama.cli.help import help_key
from mcda_kerjasama.i18n import catalogue

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_main_help(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Memprioritaskan usulan kerja sama daerah" in result.output  # Indonesian first
    assert "Tampilkan pesan ini lalu keluar." in result.output  # click's own words too
    for name in load_commands().commands:
        assert name in result.output
    english = runner.invoke(main, ["--help"], env={"KERJASAMA_LANG": "en"})
    assert "Prioritise regional cooperation proposals" in english.output
    assert "Show this message and exit." in english.output


def test_usage_errors_in_the_command_lines_language(runner, contoh):
    bad = runner.invoke(main, ["run", str(contoh), "--bogus"])
    assert bad.exit_code == 1
    assert "Kesalahan: Tidak ada opsi '--bogus'." in bad.output
    # click names its first help option before 8.3 (-h), the long one after (--help)
    assert re.search(r"Coba 'main run (-h|--help)' untuk bantuan\.", bad.output), bad.output
    missing = runner.invoke(main, ["run"])
    assert "Argumen belum diberikan 'SKENARIO'" in missing.output
    choice = runner.invoke(main, ["run", str(contoh), "--format", "xml", "--lang", "en"])
    assert "Invalid value for '--format': 'xml' is not one of 'table', 'json'." in choice.output
    # click's own names are restored afterwards: a click command of another program
    import click.core

    assert click.core._("Show this message and exit.") == "Show this message and exit."


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, nested groups included (e.g. ("ahp", "collect"))."""
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += _commands(command, (*prefix, name))
    return paths


@pytest.mark.parametrize("path", sorted(_commands(load_commands())), ids=" ".join)
def test_every_command_has_help(runner, path):
    command: click.Command = main
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    shown = " ".join(path)
    assert (command.help or "").strip(), f"command {shown} has no help text"
    result = runner.invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    usage = ("Cara pakai: main", "Cara pakai: kerjasama")  # Indonesian by default
    assert any(f"{u} {shown}" in result.output for u in usage), result.output
    english = runner.invoke(main, [*path, "--help", "--lang", "en"])
    assert f"Usage: kerjasama {shown}" in english.output or f"Usage: main {shown}" in english.output
    for param in command.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"{shown} {param.name} has no help"
            # every option's help is in both tables: not the English text in Indonesian
            line = next(ln for ln in result.output.splitlines() if param.opts[-1] in ln)
            assert "(repeatable)" not in line and "Print a" not in line, line
    assert help_key(list(path)) in catalogue("id") and help_key(list(path)) in catalogue("en")


def test_python_m(contoh):
    out = subprocess.run(
        [sys.executable, "-m", "mcda_kerjasama", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0
    assert "validate" in out.stdout and "run" in out.stdout


def run_json(runner, tmp_path, *args, scenario=None, name="out"):
    out = tmp_path / name
    result = runner.invoke(main, ["run", str(scenario), "--format", "json", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return json.loads(result.stdout), out


@pytest.fixture
def contoh_json(runner, tmp_path, contoh):
    return run_json(runner, tmp_path, scenario=contoh)


def test_run_json_contract(contoh_json, contoh):
    data, _ = contoh_json
    for key in (
        "schema_version",
        "scenario",
        "status",
        "objective",
        "weights",
        "consistency_ratio",
        "selected",
        "schedule",
        "priority_list",
        "not_eligible",
        "solver",
    ):
        assert key in data, key
    assert data["schema_version"] == 1
    assert data["status"] == "optimal"
    assert data["scenario"]["name"] == "Contoh pemetaan kerja sama 2026"
    assert data["weights"] == pytest.approx(
        {
            "mutual_benefit": 0.30,
            "real_need": 0.25,
            "potential": 0.20,
            "sustainability": 0.15,
            "inclusiveness": 0.10,
        }
    )
    assert data["consistency_ratio"] is None  # direct weights have no CR
    assert set(data["schedule"]) == set(data["selected"])
    assert set(data["schedule"].values()) == {2026}
    ranks = [row["rank"] for row in data["priority_list"]]
    assert ranks == list(range(1, 13))
    for row in data["priority_list"]:
        assert {"rank", "id", "score", "selected", "year", "reason"} <= set(row)
        assert row["selected"] == (row["id"] in data["selected"])
        assert (row["year"] is not None) == row["selected"]
        assert row["reason"]
    assert {row["id"] for row in data["priority_list"]} == {f"K{i:02d}" for i in range(1, 13)}
    assert data["not_eligible"] == [
        {"id": "K10", "reasons": ["tidak saling menguntungkan (Saling menguntungkan 1 < 2)"]},
        {"id": "K11", "reasons": ["tidak terkait indikator RPJMD/RKPD"]},
    ]
    solver = data["solver"]
    assert solver["backend"] == "highs"
    assert isinstance(solver["version"], str) and solver["version"]
    assert solver["gap"] == pytest.approx(0.0, abs=1e-9)
    assert solver["seconds"] >= 0
    # selected first, then reserve, then not eligible
    groups = [row["selected"] for row in data["priority_list"]]
    assert groups == sorted(groups, reverse=True)
    assert [r["id"] for r in data["priority_list"][-2:]] == ["K11", "K10"]


def test_run_is_within_budget_and_optimal(contoh_json, contoh):
    from mcda_kerjasama.proposals import read_proposals
    from mcda_kerjasama.scenario import load_scenario

    data, _ = contoh_json
    table = read_proposals(load_scenario(contoh)).data
    scores = {row["id"]: row["score"] for row in data["priority_list"]}
    budget = 5_000_000_000
    assert table.loc[data["selected"], "cost"].sum() <= budget
    assert sum(scores[i] for i in data["selected"]) == pytest.approx(data["objective"])
    eligible = [i for i in table.index if i not in {"K10", "K11"}]

    def allowed(subset: tuple[str, ...]) -> bool:
        chosen = set(subset)
        return (
            {"K01", "K05"} <= chosen  # K01 is mandatory (wajib), K05 ongoing (berjalan)
            and not {"K08", "K09"} <= chosen  # exclusive group LAYANAN
            and table.loc[list(subset), "cost"].sum() <= budget
        )

    best = max(
        sum(scores[i] for i in subset)
        for r in range(len(eligible) + 1)
        for subset in itertools.combinations(eligible, r)
        if allowed(subset)
    )
    assert data["objective"] == pytest.approx(best)
    assert data["objective"] == pytest.approx(535.0)


def test_output_files(contoh_json):
    data, out = contoh_json
    assert sorted(p.name for p in out.iterdir()) == [
        "daftar_prioritas.csv",
        "daftar_prioritas.xlsx",
        "hasil.json",
        "laporan.html",
        "manifest.json",
    ]
    assert json.loads((out / "hasil.json").read_text(encoding="utf-8")) == data
    text = (out / "daftar_prioritas.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(";")[:3] == ["Peringkat", "Kode", "Judul"]
    first = lines[1].split(";")
    assert first[:2] == ["1", "K01"]
    assert "86,25" in first  # decimal comma
    assert len(lines) == 13


def test_csv_english_convention(runner, tmp_path, contoh):
    _, out = run_json(runner, tmp_path, "--lang", "en", scenario=contoh)
    frame = pd.read_csv(out / "daftar_prioritas.csv", sep=",", encoding="utf-8-sig")
    assert frame.columns[:3].tolist() == ["Rank", "Id", "Title"]
    assert frame.loc[0, "Id"] == "K01"
    assert frame.loc[0, "Score"] == pytest.approx(86.25)
    assert frame.loc[0, "Cost"] == 1_200_000_000


def test_csv_indonesian_reads_back(contoh_json):
    _, out = contoh_json
    frame = pd.read_csv(
        out / "daftar_prioritas.csv",
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
        dtype={"Kode": str},
    )
    assert frame["Skor"].iloc[0] == pytest.approx(86.25)
    assert set(frame["Dipilih"]) == {"ya", "tidak"}


def test_deterministic(runner, tmp_path, contoh):
    a, out_a = run_json(runner, tmp_path, scenario=contoh, name="a")
    b, out_b = run_json(runner, tmp_path, scenario=contoh, name="b")
    a["solver"].pop("seconds")
    b["solver"].pop("seconds")
    assert a == b
    assert (out_a / "daftar_prioritas.csv").read_bytes() == (
        out_b / "daftar_prioritas.csv"
    ).read_bytes()


def test_bad_scenario_writes_nothing(runner, tmp_path, make_scenario):
    path = make_scenario(tmp_path, rows=[{"biaya": "tiga jutaan"}])
    out = tmp_path / "hasil"
    result = runner.invoke(main, ["run", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert 'baris 2, kolom `biaya`: "tiga jutaan" bukan jumlah uang' in result.output
    assert not out.exists()


def test_bad_override_writes_nothing(runner, tmp_path, contoh):
    out = tmp_path / "hasil"
    result = runner.invoke(
        main, ["run", str(contoh), "-o", str(out), "--set", "solver.backend=gurobi"]
    )
    assert result.exit_code == 1
    assert not out.exists()


def test_zero_budget_selects_only_free(runner, tmp_path, contoh):
    data, _ = run_json(
        runner,
        tmp_path,
        "--set",
        "constraints.budget=0",
        "--set",
        "constraints.mandatory=false",
        "--set",
        "constraints.ongoing=false",
        scenario=contoh,
    )
    assert data["selected"] == ["K07"]  # the only eligible proposal that costs nothing
    assert data["objective"] == pytest.approx(62.5)


def test_zero_budget_with_obligations_is_infeasible_and_explained(runner, tmp_path, contoh):
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        ["run", str(contoh), "-o", str(out), "--lang", "en", "--set", "constraints.budget=0"],
    )
    assert result.exit_code == 2, result.output
    assert "No portfolio satisfies all the rules" in result.output
    assert (
        "the proposals that must be funded (K01, K05) need Rp 2.7 bn in 2026 but the budget is Rp 0"
    ) in result.output
    assert not out.exists()


def test_english_reasons(runner, tmp_path, contoh):
    data, _ = run_json(runner, tmp_path, "--lang", "en", scenario=contoh)
    reasons = {row["id"]: row["reason"] for row in data["priority_list"]}
    assert reasons["K01"].startswith(
        "selected from 2026: mandatory cooperation (a mandatory KSDD must be funded); score 86.25"
    )
    assert reasons["K05"].startswith("selected: ongoing cooperation, committed since 2026")
    assert reasons["K06"] == (
        "reserve: does not fit the 2026 budget (remaining Rp 150 m, cost Rp 700 m); "
        "forcing it in lowers the total value by 8.75 and drops: K03"
    )
    assert reasons["K11"] == "not eligible: not linked to an RPJMD/RKPD indicator"
    assert data["not_eligible"][1]["reasons"] == ["not linked to an RPJMD/RKPD indicator"]


def test_formula_title_is_neutralised(runner, tmp_path, make_scenario):
    path = make_scenario(
        tmp_path, rows=[{"judul": '=HYPERLINK("http://x")'}, {"judul": "+SUM(A1)", "opd": "@x"}]
    )
    out = tmp_path / "hasil"
    result = runner.invoke(main, ["run", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(
        out / "daftar_prioritas.csv", sep=";", decimal=",", encoding="utf-8-sig"
    ).set_index("Kode")
    assert frame.loc["A01", "Judul"] == '\'=HYPERLINK("http://x")'
    assert frame.loc["A02", "Judul"] == "'+SUM(A1)"
    assert frame.loc["A02", "OPD"] == "'@x"
    # JSON keeps the title as written
    data = json.loads((out / "hasil.json").read_text(encoding="utf-8"))
    titles = {row["id"]: row["title"] for row in data["priority_list"]}
    assert titles["A01"] == '=HYPERLINK("http://x")'


def test_validate_contoh(runner, contoh):
    result = runner.invoke(main, ["validate", str(contoh), "--lang", "en"])
    assert result.exit_code == 0
    assert "12 proposals read; 10 eligible, 2 not eligible" in result.output
    assert "K10: not mutually beneficial (Saling menguntungkan 1 < 2)" in result.output


def test_missing_scenario_path(runner, tmp_path):
    result = runner.invoke(main, ["run", str(tmp_path / "nope")])
    assert result.exit_code == 1  # a usage error is bad input; 2 means "no portfolio"
    assert "Traceback" not in result.output
    assert "tidak ada" in result.output  # click's own message, in Indonesian
    english = runner.invoke(main, ["run", str(tmp_path / "nope"), "--lang", "en"])
    assert "does not exist" in english.output


def test_usage_errors_are_bad_input_and_two_means_no_portfolio(runner, contoh):
    assert runner.invoke(main, ["run", str(contoh), "--bogus"]).exit_code == 1
    assert runner.invoke(main, ["nonsense"]).exit_code == 1
    assert runner.invoke(main, ["--help"]).exit_code == 0
    infeasible = ["run", str(contoh), "--set", "constraints.budget=0", "--format", "json"]
    assert runner.invoke(main, infeasible).exit_code == 2


def test_ongoing_proposal_is_always_selected(contoh_json):
    data, _ = contoh_json
    assert "K05" in data["selected"]


def test_exclusive_group_at_most_one(runner, tmp_path, contoh):
    data, _ = run_json(runner, tmp_path, "--set", "constraints.budget=1e12", scenario=contoh)
    assert not {"K08", "K09"} <= set(data["selected"])


def test_prerequisite_is_respected(runner, tmp_path, make_scenario):
    path = make_scenario(
        tmp_path,
        rows=[
            {"kode": "A01", "biaya": "5 M", "saling_menguntungkan": 1},
            {"kode": "A02", "biaya": "0", "prasyarat": "A01"},
        ],
        extra_toml="",
    )
    data, _ = run_json(runner, tmp_path, "--set", "constraints.budget=1e9", scenario=path)
    if "A02" in data["selected"]:
        assert "A01" in data["selected"]


def test_unwritable_output_is_a_clear_error(runner, tmp_path, contoh):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["run", str(contoh), "-o", str(blocker / "out"), "--lang", "en"])
    assert result.exit_code == 1
    assert "error: cannot write or read the file" in result.output
    assert "Traceback" not in result.output


def test_errors_follow_the_scenario_language(runner, tmp_path, make_scenario):
    path = make_scenario(tmp_path, rows=[{"biaya": "1,500,000"}])
    toml = path / "scenario.toml" if path.is_dir() else path
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('language = "id"', 'language = "en"'),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "is ambiguous" in result.output and "1 errors and 0 warnings found" in result.output
