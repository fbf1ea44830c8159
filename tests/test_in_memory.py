"""The core used in memory, as a service uses it: a scenario built from a dict, proposals
given as a table, an upload's bytes or a stream, nothing read from the scenario's file."""

from __future__ import annotations

import io
import tomllib

import pandas as pd
import pytest
from support import CONTOH, ROOT

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.errors import InputError
from mcda_kerjasama.pipeline import check, prepare, sweep
from mcda_kerjasama.proposals import Upload, read_proposals
from mcda_kerjasama.report.result import result_to_dict
from mcda_kerjasama.scenario import build_scenario

SUMBAR = ROOT / "scenarios" / "sumbar-2026"


def comparable(result) -> dict:
    out = result_to_dict(result, "en")
    out.pop("solver")
    out["scenario"].pop("proposals", None)
    return out


def contoh_cells() -> pd.DataFrame:
    return pd.read_csv(CONTOH / "usulan.csv", sep=";", dtype=str, keep_default_na=False)


def test_a_table_of_cells_gives_the_same_result_as_the_file():
    scenario = load_scenario(CONTOH)
    assert comparable(run(scenario, contoh_cells())) == comparable(run(scenario))


@pytest.mark.parametrize("kind", ["bytes", "upload", "stream"])
def test_a_workbook_in_memory_gives_the_same_result_as_the_file(kind):
    scenario = load_scenario(SUMBAR)
    data = (SUMBAR / "usulan.xlsx").read_bytes()
    given = {
        "bytes": data,
        "upload": Upload("kiriman.xlsx", data),
        "stream": io.BytesIO(data),
    }[kind]
    assert comparable(run(scenario, given)) == comparable(run(scenario))


def test_csv_bytes_are_read_like_the_file():
    scenario = load_scenario(CONTOH)
    data = (CONTOH / "usulan.csv").read_bytes()
    table = read_proposals(scenario, data)
    assert table.data.equals(read_proposals(scenario).data)


def test_a_scenario_from_a_dict_never_reads_its_proposals_path(tmp_path):
    with (CONTOH / "scenario.toml").open("rb") as handle:
        data = tomllib.load(handle)
    data["data"]["proposals"] = str(tmp_path / "not-there.csv")  # only a name here
    scenario = build_scenario(data)
    result = run(scenario, contoh_cells())
    assert result.selection.objective == 535.0
    with pytest.raises(InputError):  # without proposals it would read the file
        check(scenario)


def test_bad_cells_in_memory_are_located_like_in_a_file():
    cells = contoh_cells()
    cells.loc[2, "biaya"] = "Rp 1.5 M"  # ambiguous: the table's row 4
    cells.loc[5, "kode"] = "K01"  # twice
    with pytest.raises(InputError) as caught:
        check(load_scenario(CONTOH), cells)
    located = {(p.row, p.column) for p in caught.value.problems if p.severity == "error"}
    assert (4, "biaya") in located
    assert any(p.code.startswith("id_") or "K01" in p.render("en") for p in caught.value.problems)


def test_empty_rows_of_a_table_are_skipped_with_spreadsheet_numbers():
    cells = contoh_cells()
    blank = pd.DataFrame([[""] * len(cells.columns)], columns=cells.columns)
    padded = pd.concat([cells.iloc[:3], blank, cells.iloc[3:]], ignore_index=True)
    table = read_proposals(load_scenario(CONTOH), padded)
    assert len(table) == 12


def test_sweep_and_prepare_take_proposals_in_memory():
    scenario = load_scenario(CONTOH)
    rows = sweep(scenario, [("constraints.budget", ["5e9"])], proposals=contoh_cells())
    assert rows["objective"].tolist() == [535.0]
    assert len(prepare(scenario, contoh_cells()).problem.candidates) == 10
