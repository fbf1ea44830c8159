"""kerjasama sensitivity and kerjasama compare from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from mcda_kerjasama.cli import main

KEYS = {"draws", "seed", "selection_frequency", "classification", "rank_acceptability"}


def test_sensitivity_json_and_worker_independence(runner, tmp_path, contoh):
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"s{workers}.json"
        result = runner.invoke(
            main,
            [
                "sensitivity",
                str(contoh),
                "--draws",
                "120",
                "--seed",
                "4",
                "--workers",
                workers,
                "--set",
                "sensitivity.model=uniform",
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(out.read_text(encoding="utf-8")))
    one, two = outputs
    assert set(one) >= KEYS
    assert (one["draws"], one["seed"], one["model"]) == (120, 4, "uniform")
    assert one == two  # the number of workers does not change the result
    assert set(one["classification"].values()) <= {"core", "borderline", "exterior"}
    assert abs(sum(row[0] for row in one["rank_acceptability"].values()) - 1) < 1e-9


def test_compare_budget_cut(runner, tmp_path: Path, contoh):
    what_if = tmp_path / "hemat"
    what_if.mkdir()
    (what_if / "scenario.toml").write_text(
        f'schema_version = 1\nextends = "{(contoh / "scenario.toml").as_posix()}"\n'
        '[scenario]\nname = "Hemat"\n[constraints]\nbudget = 4_000_000_000\n',
        encoding="utf-8",
    )
    result = runner.invoke(
        main, ["compare", str(contoh), str(what_if), "--format", "json", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["dropped"] and not data["added"]
    first = next(p for p in data["proposals"] if p["id"] == data["dropped"][0])
    assert "budget" in first["cause"]
    table = runner.invoke(main, ["compare", str(contoh), str(what_if), "--lang", "en"])
    assert (
        table.exit_code == 0 and "budget 2026: Rp 5,000,000,000 -> Rp 4,000,000,000" in table.output
    )
    assert "dropped" in table.output.split("Change")[1]  # the change in words, in English
    # --set changes scenario B: the same folder compared with a variant of it
    variant = runner.invoke(
        main, ["compare", str(contoh), str(contoh), "--set", "constraints.budget=4e9"]
    )
    assert variant.exit_code == 0, variant.output
    assert "anggaran 2026: Rp 5.000.000.000 -> Rp 4.000.000.000" in variant.output
    assert "keluar" in variant.output and "dropped" not in variant.output


def test_sweep_grid(runner, contoh):
    result = runner.invoke(
        main,
        [
            "sweep",
            str(contoh),
            "--vary",
            "constraints.budget=2e9|4e9|6e9",
            "--vary",
            "weights.values.real_need=0.25|0.5",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 6
    assert [r["constraints.budget"] for r in rows] == ["2e9", "2e9", "4e9", "4e9", "6e9", "6e9"]
    assert rows[0]["status"] == "infeasible" and "K01, K05" in rows[0]["conflict"]
    feasible = [
        r["objective"]
        for r in rows
        if r["status"] == "optimal" and r["weights.values.real_need"] == "0.25"
    ]
    assert feasible == sorted(feasible)  # more budget never lowers the value


def test_sweep_bad_vary(runner, contoh):
    result = runner.invoke(main, ["sweep", str(contoh), "--vary", "constraints.budget"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
