"""One report-facts model (mcda_kerjasama.report.facts): computed once from a run, it is
what every output says: hasil.json, the CSV, the workbook, the terminal table and
laporan.html agree with it cell by cell; the by-year amounts are the selection's
model's, active in the years portfolio.years.active gives; the synthetic-data note
comes from the scenario's explicit flag; the package's one JSON export writes valid
JSON; and a new format is one function of the facts."""

from __future__ import annotations

import dataclasses
import io
import json
import math
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console
from support import CONTOH, ROOT

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.jsonable import plain, to_json
from mcda_kerjasama.portfolio.years import active, active_years
from mcda_kerjasama.report import facts as facts_module
from mcda_kerjasama.report import priority_csv, result_json, write_outputs
from mcda_kerjasama.report.console import print_run
from mcda_kerjasama.report.facts import ReportFacts, report_facts
from mcda_kerjasama.report.html import report_html
from mcda_kerjasama.report.xlsx import workbook_bytes
from mcda_kerjasama.results import RunResult

#: Three planning years, yearly and total caps, staff capped: every part of the facts.
MULTI_YEAR = (
    "scenario.years=[2026,2027,2028]",
    "constraints.budget={2026=4e9,2027=4e9,2028=4.5e9}",
    "constraints.budget_total=1.2e10",
    "constraints.staff=30",
)


@cache
def result(name: str = "contoh", overrides: tuple[str, ...] = MULTI_YEAR) -> RunResult:
    return run(load_scenario(ROOT / "scenarios" / name, list(overrides)))


@cache
def facts(name: str = "contoh", overrides: tuple[str, ...] = MULTI_YEAR) -> ReportFacts:
    return report_facts(result(name, overrides))


def test_the_multi_year_case_has_every_part() -> None:
    f = facts()
    assert f.staff_capped and f.budget_total is not None
    assert len(f.planning_years) == 3 and len(f.later_years) >= 1
    assert f.counts.selected == len(f.selected) > 0 and f.counts.reserve > 0
    assert f.counts.not_eligible == len(f.not_eligible) > 0


def test_facts_are_frozen_and_render_in_either_language() -> None:
    f = facts()
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.objective = 0.0  # type: ignore[misc]
    pid = f.priority.index[0]
    reason = f.priority.at[pid, "reason"]
    assert reason.render("id") != reason.render("en")
    assert f.status_line.render("en") == "optimal (proven)"
    assert report_facts(f) is f  # facts given are returned as they are


@pytest.mark.parametrize("lang", ["id", "en"])
def test_hasil_json_is_the_facts(lang: str) -> None:
    f = facts()
    d = json.loads(result_json(f, lang))  # type: ignore[arg-type]
    assert d["status"] == f.status and d["objective"] == f.objective
    assert d["solver"]["status_text"] == f.status_line.render(lang)  # type: ignore[arg-type]
    for row in d["use"]:
        expected = f.use.loc[row.pop("year"), list(f.use_columns)]
        assert row == expected.to_dict()
    assert d["budget_total"] == {"cap": f.budget_total.cap, "used": f.budget_total.used}  # type: ignore[union-attr]
    assert d["commitments"] == {str(y): v for y, v in f.commitments.items()}
    listed = [(r["id"], r["rank"], r["group"], r["reason"]) for r in d["priority_list"]]
    assert listed == [
        (pid, row["rank"], row["group"], row["reason"].render(lang))
        for pid, row in f.priority.iterrows()
    ]
    assert [r["id"] for r in d["not_eligible"]] == list(f.not_eligible.index)


def test_csv_is_the_priority_table() -> None:
    f = facts()
    table = pd.read_csv(io.StringIO(priority_csv(f, "en")))
    assert table["Id"].tolist() == list(f.priority.index)
    assert table["Rank"].tolist() == f.priority["rank"].tolist()
    assert table["Score"].tolist() == f.priority["score"].round(2).tolist()
    years = [None if pd.isna(y) else int(y) for y in f.priority["year"]]
    assert [None if math.isnan(y) else int(y) for y in table["Year"]] == years


def test_workbook_by_year_sheet_is_the_facts() -> None:
    f = facts()
    book = load_workbook(BytesIO(workbook_bytes(f, "en")))
    rows = list(book["By Year"].iter_rows(values_only=True))
    header, body = rows[0], rows[1 : 1 + len(f.by_year)]
    assert [r[0] for r in body] == list(f.by_year.index)
    for row, (_, amounts) in zip(body, f.by_year.iterrows(), strict=True):
        assert list(row[5:]) == [None if math.isnan(v) else v for v in amounts]
    total = rows[1 + len(f.by_year)]
    assert total[0] == "Total" and list(total[5:]) == f.by_year_total.tolist()
    for year in f.planning_years:
        at = header.index(f"Cost {year}")
        assert total[at] == pytest.approx(f.use.at[year, "cost"])
    for year in f.later_years:
        at = header.index(f"Cost {year} (commitment)")
        assert total[at] == pytest.approx(f.commitments[year])


def test_terminal_and_html_say_the_same_use() -> None:
    f = facts()
    console = Console(file=io.StringIO(), width=300, markup=False, color_system=None)
    print_run(f, "en", console=console)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    page = report_html(f, "en")
    assert printed.startswith(f"{f.scenario.name} — {f.status_line.render('en')}")
    for year, row in f.use.iterrows():
        used = f"Rp {round(row['cost']):,}"
        assert f"{year}: {used} / Rp {round(row['budget']):,}" in printed
        assert used in page
    assert f"Rp {round(f.budget_total.used):,}" in page  # type: ignore[union-attr]


def test_by_year_amounts_are_the_selections_model_in_its_active_years() -> None:
    r, f = result(), facts()
    selection, model = r.selection, r.selection.model
    for pid, amounts in f.by_year.iterrows():
        start, duration = f.schedule[str(pid)], int(f.priority.at[pid, "duration"])
        span = model.column_ranges[str(pid)]
        column = next(j for j in span if selection.x[j] > 0.5)
        years = [*f.planning_years, *f.later_years]
        on = active(start, duration, years)[:, 0]
        for t, year in enumerate(years):
            cost, staff = amounts[(year, "cost")], amounts[(year, "staff")]
            if not on[t]:
                assert math.isnan(cost) and math.isnan(staff)
            elif year in f.planning_years:
                assert cost == model.cost_by_year[t, column]
                assert staff == model.staff_by_year[t, column]
            else:
                assert cost == f.priority.at[pid, "cost"]
    for year in f.later_years:
        assert f.by_year_total[(year, "cost")] == pytest.approx(f.commitments[year])


AMOUNTS = st.sampled_from([np.nan, np.nan, 0.0, -0.0, 1e-9, 0.1, 0.2, 3.0, 1e16, -1e16, np.inf])


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(cells=st.lists(st.lists(AMOUNTS, min_size=3, max_size=3), max_size=12))
def test_column_totals_add_from_the_top_and_skip_the_empty_cells(cells: list[list[float]]):
    values = np.array(cells, dtype=float).reshape(len(cells), 3)
    expected = []
    for column in values.T:  # one value after another, as the reports have always added
        total = 0.0
        for value in column.tolist():
            if value == value:
                total += value
        expected.append(total)
    found = facts_module.column_totals(values)
    assert [repr(float(v)) for v in found] == [repr(v) for v in expected]  # -0.0, nan too


def test_one_rule_for_the_years_a_proposal_is_active() -> None:
    assert active_years(2026, 3, [2025, 2026, 2027, 2028, 2029]) == (2026, 2027, 2028)
    assert active([2026, 2027], [1, 2], [2027]).tolist() == [[False, True]]
    r = result()
    model = r.selection.model
    starts = model.columns["start"].to_numpy()
    duration = r.proposals.data.loc[model.columns["proposal"], "duration"].to_numpy()
    running = active(starts, duration, model.years)
    cost = r.proposals.data.loc[model.columns["proposal"], "cost"].to_numpy()
    assert np.array_equal(model.cost_by_year, running * cost[None, :])


def test_a_new_format_is_one_function_of_the_facts() -> None:
    def markdown(f: ReportFacts, lang: Language) -> str:
        head = f"# {f.scenario.name}\n\n{f.status_line.render(lang)}\n\n| # | id | reason |\n"
        return head + "".join(
            f"| {row['rank']} | {pid} | {row['reason'].render(lang)} |\n"
            for pid, row in f.priority.iterrows()
        )

    page = markdown(facts(), "en")
    assert page.count("\n| ") == len(facts().priority) + 1


def test_write_outputs_computes_the_facts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = facts_module.report_facts

    def counting(x: RunResult | ReportFacts) -> ReportFacts:
        if not isinstance(x, ReportFacts):
            calls.append(x)
        return real(x)

    for module in ("mcda_kerjasama.report", "mcda_kerjasama.report.facts"):
        monkeypatch.setattr(f"{module}.report_facts", counting)
    write_outputs(result("contoh", ()), tmp_path / "hasil")
    assert len(calls) == 1


# --- the synthetic-data note ------------------------------------------------------------


def _summary(path: Path) -> dict[object, tuple[object, ...]]:
    book = load_workbook(BytesIO(workbook_bytes(run(load_scenario(path)), "en")))
    return {row[0]: row[1:] for row in book["Summary"].iter_rows(values_only=True)}


@pytest.mark.parametrize(
    ("data", "description", "shown"),
    [
        ('note = "sintetis / synthetic"', "", None),  # words alone say nothing
        ('synthetic = true\nnote = "dibuat oleh generator"', "", "dibuat oleh generator"),
        ("synthetic = true", "Contoh sintetis", "Contoh sintetis"),  # no note: description
        ("synthetic = false", "Data sintetis", None),
    ],
)
def test_the_synthetic_note_follows_the_explicit_flag(
    tmp_path: Path,
    make_scenario: Callable[..., Path],
    data: str,
    description: str,
    shown: str | None,
) -> None:
    path = make_scenario(tmp_path)
    toml = path.read_text(encoding="utf-8")
    toml = toml.replace("[data]\n", f"[data]\n{data}\n")
    if description:
        toml = toml.replace('name = "Uji"\n', f'name = "Uji"\ndescription = "{description}"\n')
    path.write_text(toml, encoding="utf-8")
    summary = _summary(path)
    note = summary.get("Data note")
    if shown is None:
        assert note is None
    else:
        assert note is not None and note[0] == text("xlsx_synthetic", "en", note=shown)


def test_the_bundled_data_say_they_are_synthetic() -> None:
    for name in ("contoh", "contoh-ahp", "hemat", "sumbar-2026"):
        assert load_scenario(ROOT / "scenarios" / name).synthetic, name
    assert facts("contoh", ()).scenario.data_note.startswith("Sintetis")


# --- the one JSON export ----------------------------------------------------------------


def test_to_json_writes_strict_json() -> None:
    value = {
        "nan": float("nan"),
        "inf": np.float64("inf"),
        "na": pd.NA,
        "int": np.int64(7),
        "bool": np.bool_(False),
        "array": np.array([1.5, np.nan]),
        "tuple": ("a", 1),
        2026: "Rp 1,5 M – sintetis",
    }
    shown = to_json(value)
    assert json.loads(shown, parse_constant=lambda c: pytest.fail(c)) == {
        "nan": None,
        "inf": None,
        "na": None,
        "int": 7,
        "bool": False,
        "array": [1.5, None],
        "tuple": ["a", 1],
        "2026": "Rp 1,5 M – sintetis",
    }
    assert "–" in shown and shown.startswith('{\n  "nan": null,')
    assert plain([np.float32(0.5)]) == [0.5]


def plain_by_kind(value):
    """:func:`plain` by abstract kind only (before its exact-type shortcuts)."""
    from collections.abc import Mapping

    if isinstance(value, Mapping):
        return {str(k): plain_by_kind(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_by_kind(v) for v in value]
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:
        return [plain_by_kind(v) for v in value.tolist()]
    if value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


SCALARS = st.sampled_from(
    [
        *(None, True, 0, 7, -0.0, 1.5, math.nan, math.inf, "Rp 1,5 M", np.str_("K01"), pd.NA),
        *(np.int64(3), np.float64(np.nan), np.float32(0.5), np.bool_(False)),
        np.array([1.0, np.nan]),
    ]
)
NESTED = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.sampled_from(["a", "b", 2026]), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(value=NESTED)
def test_plain_shortcuts_change_nothing(value: object) -> None:
    expected, found = plain_by_kind(value), plain(value)
    assert json.dumps(found) == json.dumps(expected)  # NaN written out: caught, not equal
    assert repr(found) == repr(expected)  # the types too (1 and True, 0.0 and -0.0)


@pytest.mark.parametrize(
    "args",
    [
        ["weights", str(CONTOH), "--format", "json"],
        ["frontier", str(CONTOH), "--steps", "3", "--format", "json"],
        ["compare", str(CONTOH), str(ROOT / "scenarios" / "hemat"), "--format", "json"],
        ["sweep", str(CONTOH), "--vary", "constraints.budget=2e9|5e9", "--format", "json"],
    ],
)
def test_every_json_the_cli_prints_is_strict(args: list[str]) -> None:
    from click.testing import CliRunner

    from mcda_kerjasama.cli import main

    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    parsed = json.loads(done.stdout, parse_constant=lambda c: pytest.fail(c))
    assert parsed
    assert done.stdout.rstrip("\n") == to_json(parsed)  # the one export's layout
