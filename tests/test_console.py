"""What the terminal tables say, cell by cell: the priority list, the weights, the
frontier, the sensitivity summary and the sweep, with Indonesian numbers (``1.234,56``,
``Rp 1.200.000.000``) in Indonesian and English ones in English. Expected cells are
written from the results' numbers here, not through the package's formatters."""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest
from portfolio_cases import Case, frame
from rich.console import Console
from support import CONTOH

from mcda_kerjasama.cli import main
from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.pipeline import run, sensitivity
from mcda_kerjasama.portfolio.frontier import compute_frontier
from mcda_kerjasama.problem import SelectionProblem
from mcda_kerjasama.report.console import (
    print_frame,
    print_frontier,
    print_run,
    print_sensitivity,
    print_weights,
)
from mcda_kerjasama.scenario import SolverOptions, load_scenario

AHP = CONTOH.parent / "contoh-ahp"


def number(value: float, decimals: int, lang: str) -> str:
    """``1234.5`` as ``1.234,50`` (id) or ``1,234.50`` (en)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "id" else text


def rupiah(value: float, lang: str) -> str:
    whole = f"{round(value):,}"
    return "Rp " + (whole.replace(",", ".") if lang == "id" else whole)


def percent(share: float, lang: str) -> str:
    return number(100 * share, 1, lang) + "%"


def printed(func, *args) -> str:
    console = Console(file=io.StringIO(), width=400, markup=False, color_system=None)
    func(*args, console=console)
    return console.file.getvalue()


def table_rows(output: str) -> list[list[str]]:
    """The body rows of the first table in ``output``, a cell per column (rows that rich
    wrapped onto several lines joined back)."""
    rows: list[list[str]] = []
    for line in output.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if rows and cells[0] == "":
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def header(output: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith("┃"))
    return [c.strip() for c in line.strip().strip("┃").split("┃")]


@pytest.fixture(scope="module")
def contoh_run():
    return run(load_scenario(CONTOH))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_priority_table_cell_by_cell(contoh_run, lang):
    out = printed(print_run, contoh_run, lang)
    lines = out.splitlines()
    proven = "optimal (terbukti)" if lang == "id" else "optimal (proven)"
    assert lines[0] == f"Contoh pemetaan kerja sama 2026 — {proven}"
    sel = contoh_run.selection
    value = number(sel.objective, 2, lang)
    if lang == "id":
        assert lines[1] == f"Nilai total: {value}; Dipilih: 7 / 12"
        assert lines[2] == "Anggaran terpakai 2026: Rp 4.850.000.000 / Rp 5.000.000.000"
        assert header(out) == ["Peringkat", "Kode", "Judul", "Skor", "Tahun", "Biaya", "Alasan"]
    else:
        assert lines[1] == f"Total value: {value}; Selected: 7 / 12"
        assert lines[2] == "Budget used 2026: Rp 4,850,000,000 / Rp 5,000,000,000"
        assert header(out) == ["Rank", "Id", "Title", "Score", "Year", "Cost", "Reason"]
    assert value == ("535,00" if lang == "id" else "535.00")
    data = contoh_run.proposals.data
    plist = contoh_run.priority
    expected = [
        [
            str(rank),
            pid,
            data.loc[pid, "title"],
            number(float(contoh_run.scores.total[pid]), 2, lang),
            str(sel.schedule[pid]) if pid in sel.schedule else "",
            rupiah(float(data.loc[pid, "cost"]), lang),
            plist.reason(pid, lang),
        ]
        for rank, pid in enumerate(plist.table.index, start=1)
    ]
    assert table_rows(out) == expected
    first = table_rows(out)[0]
    assert first[:2] == ["1", "K01"]
    assert first[3:6] == (
        ["86,25", "2026", "Rp 1.200.000.000"]
        if lang == "id"
        else ["86.25", "2026", "Rp 1,200,000,000"]
    )


def test_staff_and_total_budget_lines(contoh):
    scenario = load_scenario(contoh, ["constraints.staff=40", "constraints.budget_total=6e9"])
    result = run(scenario)
    use = result.selection.use.loc[2026]
    out = printed(print_run, result, "id").splitlines()
    staff = f"Staf: {number(use['staff'], 1, 'id')} / 40,0"
    assert (
        out[2] == f"Anggaran terpakai 2026: {rupiah(use['cost'], 'id')} / Rp 5.000.000.000; {staff}"
    )
    assert out[3] == f"Anggaran total terpakai: {rupiah(use['cost'], 'id')} / Rp 6.000.000.000"
    en = printed(print_run, result, "en").splitlines()
    assert en[3] == f"Total budget used: {rupiah(use['cost'], 'en')} / Rp 6,000,000,000"
    assert en[2].endswith(f"; Staff: {number(use['staff'], 1, 'en')} / 40.0")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_weights_table_and_consistency_line(lang):
    result = run(load_scenario(AHP))
    weights = result.weights
    out = printed(print_weights, weights, result.scenario, lang)
    labels = {c.key: c.display(lang) for c in result.scenario.criteria}
    expected = [[labels[k], number(100 * w, 2, lang) + "%"] for k, w in weights.weights.items()]
    assert table_rows(out) == expected
    assert sum(weights.weights) == pytest.approx(1.0)
    c = weights.consistency
    verdict = ("konsisten" if c.consistent else "TIDAK konsisten") if lang == "id" else (
        "consistent" if c.consistent else "NOT consistent"
    )  # fmt: skip
    line = (
        f"Konsistensi: CR {number(c.consistency_ratio, 3, lang)} (batas 0,10): {verdict}; "
        f"λ maks {number(c.lambda_max, 3, lang)}, indeks acak {number(c.random_index, 3, lang)}"
        " (tabel Alonso-Lamata)"
        if lang == "id"
        else f"Consistency: CR {number(c.consistency_ratio, 3, lang)} (threshold 0.10): "
        f"{verdict}; λ max {number(c.lambda_max, 3, lang)}, random index "
        f"{number(c.random_index, 3, lang)} (Alonso-Lamata table)"
    )
    assert line in out.splitlines()
    if lang == "id":
        assert "Konsistensi: CR 0,009 (batas 0,10): konsisten; λ maks 5,040" in out
    for done in weights.completed:  # by the criteria's labels, on the verbal scale
        what = "dilengkapi dengan" if lang == "id" else "completed with"
        assert f"{labels[done.a]} : {labels[done.b]}" in out
        assert f"{what} '{labels[done.a]} " in out
        assert f"{done.a} : {done.b}" not in out
    for r in weights.respondents:
        assert f"- {r.name}: CR {number(r.consistency_ratio, 3, lang)}" in out


@pytest.mark.parametrize("lang", ["id", "en"])
def test_frontier_table_marks_the_current_budget(lang):
    data = frame(
        {"W": {"cost": 2000.0, "nature": "wajib"}, "A": {"cost": 1500.0}, "B": {"cost": 700.0}}
    )
    score = pd.Series({"W": 1.0, "A": 2.5, "B": 1.25})
    case = Case(data, score, (2026,), Constraints(budget={2026: 3000.0}))
    f = compute_frontier(
        SelectionProblem(case.data, case.score, case.years, case.constraints, SolverOptions()),
        steps=6,
    )  # levels 0, 700, ..., 4200
    out = printed(print_frontier, f, lang)
    infeasible = "tidak layak" if lang == "id" else "infeasible"
    assert header(out) == (
        ["Anggaran", "Nilai total", "Dipilih", "Masuk", "Keluar"]
        if lang == "id"
        else ["Budget", "Total value", "Selected", "Added", "Removed"]
    )
    expected = [
        [rupiah(0, lang), infeasible, "0", "", ""],
        [rupiah(700, lang), infeasible, "0", "", ""],
        [rupiah(1400, lang), infeasible, "0", "", ""],
        [rupiah(2100, lang), number(1.0, 2, lang), "1", "W", ""],
        [rupiah(2800, lang), number(2.25, 2, lang), "2", "B", ""],
        [rupiah(3500, lang), number(3.5, 2, lang), "2", "A", "B"],
        [rupiah(4200, lang), number(4.75, 2, lang), "3", "B", ""],
    ]
    assert table_rows(out) == expected
    assert expected[5][:3] == (
        ["Rp 3.500", "3,50", "2"] if lang == "id" else ["Rp 3,500", "3.50", "2"]
    )
    # the scenario's own budget is marked when it is one of the levels
    at_current = type(f)(f.points, 2800.0)
    rows = table_rows(printed(print_frontier, at_current, lang))
    assert [r[0] for r in rows][3:6] == [rupiah(2100, lang), rupiah(2800, lang) + " *",
                                         rupiah(3500, lang)]  # fmt: skip
    assert sum(r[0].endswith(" *") for r in rows) == 1


@pytest.mark.parametrize("lang", ["id", "en"])
def test_sensitivity_summary_table(contoh, lang):
    scenario = load_scenario(contoh, ["sensitivity.model=uniform", "sensitivity.draws=120"])
    found = sensitivity(scenario)
    mc = found.monte_carlo
    data = run(scenario).proposals.data
    out = printed(print_sensitivity, found, data, lang)
    names = {
        "id": {
            "core": "inti (selalu terpilih)",
            "borderline": "batas (kadang terpilih)",
            "exterior": "luar (tidak pernah terpilih)",
        },
        "en": {
            "core": "core (always selected)",
            "borderline": "borderline (sometimes selected)",
            "exterior": "exterior (never selected)",
        },
    }[lang]
    freq = mc.selection_frequency
    order = sorted(freq.index, key=lambda p: -freq[p])  # stable: ties keep their order
    expected = []
    for pid in order:
        f = float(freq[pid])
        se = math.sqrt(f * (1 - f) / mc.draws)
        cls = "core" if f == 1 else ("exterior" if f == 0 else "borderline")
        shown = f"{percent(f, lang)} ± {percent(se, lang)}"
        expected.append([pid, data.loc[pid, "title"], shown, names[cls]])
    assert table_rows(out) == expected
    assert any(row[3] == names["borderline"] for row in expected)  # 0 < f < 1 shown
    headline = (  # the weight model in words, not its key
        f"Analisis Monte Carlo: 120 undian bobot (bobot acak merata; benih acak {mc.seed})"
        if lang == "id"
        else "Monte Carlo analysis: 120 weight draws "
        f"(uniform random weights; random seed {mc.seed})"
    )
    assert headline in out.splitlines()
    top = mc.portfolios.iloc[0]
    share, n = percent(float(top["share"]), lang), len(top["portfolio"])
    line = (
        f"portofolio yang sama ({n} usulan) terpilih pada {share} undian"
        if lang == "id"
        else f"the same portfolio ({n} proposals) is chosen in {share} of the draws"
    )
    assert line in out.splitlines()
    labels = {c.key: c.display(lang) for c in scenario.criteria}
    for key, row in found.one_way.tornado.iterrows():
        criterion = labels[str(key)]  # by its label
        lo, hi = (
            percent(float(row["portfolio_lo"]), lang),
            percent(float(row["portfolio_hi"]), lang),
        )
        weight = percent(float(row["weight"]), lang)
        assert (
            f"  {criterion}: bobot {weight}; portofolio sama untuk {lo} sampai {hi}"
            if lang == "id"
            else f"  {criterion}: weight {weight}; same portfolio from {lo} to {hi}"
        ) in out.splitlines()


def test_plain_frame_prints_blanks_for_missing_values():
    table = pd.DataFrame(
        {"a": ["x", "y"], "b": [1.5, float("nan")], "c": pd.Series([None, 4], dtype=object)}
    )
    out = printed(print_frame, table)
    assert header(out) == ["a", "b", "c"]
    assert table_rows(out) == [["x", "1.5", ""], ["y", "", "4"]]


def test_sweep_table_rows(runner, contoh):
    args = ["sweep", str(contoh), "--vary", "constraints.budget=2e9|4.5e9"]
    table = runner.invoke(main, [*args, "--vary", "weights.values.real_need=0.25|0.5"])
    assert table.exit_code == 0, table.output
    found = json.loads(
        runner.invoke(
            main, [*args, "--vary", "weights.values.real_need=0.25|0.5", "--format", "json"]
        ).output
    )
    assert header(table.output) == [  # Indonesian headers, values formatted
        "anggaran",
        "bobot Kebutuhan nyata (isian)",
        "Status",
        "Nilai total",
        "Dipilih",
        "Anggaran terpakai",
        "Usulan dipilih",
        "Konflik",
    ]
    rows = table_rows(table.output)
    assert [r[:3] for r in rows] == [
        ["Rp 2.000.000.000", "0,25", "tidak layak"],
        ["Rp 2.000.000.000", "0,5", "tidak layak"],
        ["Rp 4.500.000.000", "0,25", "optimal (terbukti)"],
        ["Rp 4.500.000.000", "0,5", "optimal (terbukti)"],
    ]
    for row, record in zip(rows, found, strict=True):
        if record["status"] == "infeasible":
            assert row[3:7] == ["", "0", "", ""]
            assert row[7] == record["conflict"]
            assert record["conflict"].startswith("usulan yang wajib didanai (K01, K05)")
        else:
            assert row[3] == number(record["objective"], 2, "id")
            assert row[4] == str(record["selected"])
            assert row[5] == rupiah(record["budget_used"], "id") and row[6] == record["ids"]
            assert row[7] == ""
    # each optimal row is the run of that variant
    for record in found[2:]:
        sets = [
            f"constraints.budget={record['constraints.budget']}",
            f"weights.values.real_need={record['weights.values.real_need']}",
        ]
        result = run(load_scenario(contoh, sets))
        assert record["objective"] == pytest.approx(result.selection.objective)
        assert record["ids"] == " ".join(result.selection.selected)
        assert record["budget_used"] == pytest.approx(float(result.selection.use["cost"].sum()))


def test_sweep_conflicts_follow_the_language_option(runner, contoh):
    args = ["sweep", str(contoh), "--vary", "constraints.budget=2e9", "--format", "json"]
    english = json.loads(runner.invoke(main, [*args, "--lang", "en"]).output)
    assert english[0]["conflict"].startswith("the proposals that must be funded (K01, K05)")
    indonesian = json.loads(runner.invoke(main, args).output)
    assert indonesian[0]["conflict"].startswith("usulan yang wajib didanai (K01, K05)")
