"""Scenario files: extends, --set, unknown keys with hints, typed problems by key."""

from __future__ import annotations

import shutil

import pytest

from mcda_kerjasama.errors import ScenarioError
from mcda_kerjasama.scenario import load_scenario


@pytest.fixture
def base(tmp_path, contoh):
    folder = tmp_path / "base"
    shutil.copytree(contoh, folder)
    return folder


def problems(path, overrides=()):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    return [(p.key, p.code, p.render("en")) for p in info.value.problems]


def write(folder, text, name="scenario.toml"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_contoh_loads(contoh):
    s = load_scenario(contoh)
    assert s.years == (2026,)
    assert s.constraints.budget == {2026: 5e9}
    assert s.proposals_path == (contoh / "usulan.csv").resolve()
    assert s.screening.min_score == {"mutual_benefit": 2}
    assert s.solver.backend == "highs"


def test_extends_what_if_with_only_a_budget(tmp_path, base):
    what_if = write(
        tmp_path / "what_if" / "deep",
        'extends = "../../base/scenario.toml"\n[constraints]\nbudget = 4_000_000_000\n',
    )
    s = load_scenario(what_if)
    assert s.constraints.budget == {2026: 4e9}
    # everything else comes from the base; its paths are relative to the base file
    assert s.proposals_path == (base / "usulan.csv").resolve()
    assert s.name == "Contoh pemetaan kerja sama 2026"
    assert s.weights["values"]["mutual_benefit"] == 0.30
    assert s.files == ((base / "scenario.toml").resolve(), what_if.resolve())


def test_extends_folder_and_own_relative_path(tmp_path, base):
    (tmp_path / "w").mkdir()
    shutil.copy(base / "usulan.csv", tmp_path / "w" / "lain.csv")
    what_if = write(
        tmp_path / "w", 'extends = "../base"\n[data]\nproposals = "lain.csv"\n', "x.toml"
    )
    s = load_scenario(what_if)
    assert s.proposals_path == (tmp_path / "w" / "lain.csv").resolve()


def test_set_overrides(base):
    s = load_scenario(
        base,
        [
            "constraints.budget=2e9",
            "scenario.name=Uji coba dua",
            "scenario.language=en",
            "weights.values={real_need = 0.9}",
            "solver.time_limit=5",
            "constraints.budget=3_000_000_000",  # later wins
        ],
    )
    assert s.constraints.budget == {2026: 3e9}
    assert s.name == "Uji coba dua"
    assert s.language == "en"
    # a nested table merges into the existing one
    assert s.weights["values"] == {
        "mutual_benefit": 0.30,
        "real_need": 0.9,
        "potential": 0.20,
        "sustainability": 0.15,
        "inclusiveness": 0.10,
    }
    assert s.solver.time_limit == 5


def test_set_years_and_budget_table(base):
    s = load_scenario(
        base, ["scenario.years=[2026, 2027]", "constraints.budget={2026 = 1e9, 2027 = 2e9}"]
    )
    assert s.years == (2026, 2027)
    assert s.constraints.budget == {2026: 1e9, 2027: 2e9}


def test_set_syntax(base):
    assert problems(base, ["nokey"]) == [
        (None, "set_syntax", '--set "nokey" must look like key=value')
    ]


@pytest.mark.parametrize(
    ("override", "key", "message"),
    [
        ("constraints.budjet=1", "constraints.budjet", "did you mean `constraints.budget`?"),
        ("solvr.backend=cbc", "solvr", "did you mean `solver`?"),
        ("scenario.yeras=[2026]", "scenario.yeras", "did you mean `scenario.years`?"),
        ("weights.methd=roc", "weights.methd", "did you mean `weights.method`?"),
    ],
)
def test_unknown_key_did_you_mean(base, override, key, message):
    found = problems(base, [override])
    assert len(found) == 1
    assert found[0][:2] == (key, "key_unknown")
    assert found[0][2] == f"key `{key}`: unknown key; {message}"


def test_unknown_table_in_file(tmp_path, base):
    text = (base / "scenario.toml").read_text() + '\n[solvr]\nbackend = "cbc"\n'
    path = write(base, text)
    assert problems(path) == [
        ("solvr", "key_unknown", "key `solvr`: unknown key; did you mean `solver`?")
    ]


@pytest.mark.parametrize(
    ("override", "key", "code", "fragment"),
    [
        ("scenario.years=[2026, 2028]", "scenario.years", "key_type", "consecutive years"),
        ("scenario.years=[2027, 2026]", "scenario.years", "key_type", "consecutive years"),
        ("scenario.years=[]", "scenario.years", "key_type", "consecutive years"),
        ("criteria.x.scale=[5, 1]", "criteria.x.scale", "key_type", "low < high"),
        (
            "scenario.language=fr",
            "scenario.language",
            "key_type",
            'value "fr" must be one of: id, en',
        ),
        (
            "solver.backend=gurobi",
            "solver.backend",
            "key_type",
            'value "gurobi" must be one of: highs, cbc',
        ),
        ("constraints.budget=-1", "constraints.budget", "key_range", "value -1 must be >= 0"),
        ("constraints.budget=banyak", "constraints.budget", "key_type", "a table of numbers"),
        ("solver.time_limit=0", "solver.time_limit", "key_type", "a number > 0"),
        ("solver.mip_gap=-1", "solver.mip_gap", "key_type", "a number >= 0"),
        (
            'solver.second_search="kadang"',
            "solver.second_search",
            "key_type",
            'value "kadang" must be true, false or "auto"',
        ),
        ("screening.max_duration=2.5", "screening.max_duration", "key_type", "whole number > 0"),
        (
            "schema_version=2",
            "schema_version",
            "schema_version",
            "2 is not supported; supported: 1",
        ),
        ('schema_version="1"', "schema_version", "key_type", "a whole number"),
        (
            "screening.min_score={mutual_benefitt = 2}",
            "screening.min_score.mutual_benefitt",
            "criterion_unknown",
            "did you mean `mutual_benefit`?",
        ),
        ("screening.exclude_kinds=['KSDX']", "screening.exclude_kinds", "key_choice", "KSDX"),
    ],
)
def test_wrong_values_named_by_key(base, override, key, code, fragment):
    found = problems(base, [override])
    assert [(k, c) for k, c, _ in found] == [(key, code)]
    assert fragment in found[0][2]
    assert found[0][2].startswith(f"key `{key}`: ")


def test_several_problems_at_once(base):
    found = problems(base, ["scenario.language=fr", "solver.backend=gurobi", "budjet=1"])
    assert {(k, c) for k, c, _ in found} == {
        ("scenario.language", "key_type"),
        ("solver.backend", "key_type"),
        ("budjet", "key_unknown"),
    }


def test_budget_table_unknown_year(base):
    found = problems(base, ["constraints.budget={2026 = 1e9, 2030 = 2e9}"])
    assert found == [
        (
            "constraints.budget.2030",
            "budget_year_unknown",
            "key `constraints.budget.2030`: year 2030 is not a planning year 2026",
        )
    ]


def test_budget_table_missing_year(base):
    found = problems(base, ["scenario.years=[2026, 2027]", "constraints.budget={2026 = 1e9}"])
    assert found == [
        (
            "constraints.budget",
            "budget_year_missing",
            "key `constraints.budget`: no budget given for year 2027",
        )
    ]


def test_budget_table_unknown_and_missing_year_both_reported(base):
    found = problems(
        base, ["scenario.years=[2026, 2027]", "constraints.budget={2026 = 1e9, 2030 = 2e9}"]
    )
    assert {(k, c) for k, c, _ in found} == {
        ("constraints.budget.2030", "budget_year_unknown"),
        ("constraints.budget", "budget_year_missing"),
    }


def test_required_keys(tmp_path):
    path = write(tmp_path / "s", "schema_version = 1\n[scenario]\nyears = [2026]\n")
    found = {(k, c) for k, c, _ in problems(path)}
    assert {("scenario.name", "key_missing"), ("data.proposals", "key_missing")} <= found


def test_budget_required(tmp_path):
    path = write(
        tmp_path / "s",
        'schema_version = 1\n[scenario]\nname = "x"\nyears = [2026]\n[data]\nproposals = "u.csv"\n',
    )
    assert problems(path) == [
        ("constraints.budget", "key_missing", "key `constraints.budget`: this key is required")
    ]


def test_required_keys_all_at_once(tmp_path):
    path = write(tmp_path / "s", "schema_version = 1\n[scenario]\nyears = [2026]\n")
    found = {(k, c) for k, c, _ in problems(path)}
    assert found == {
        ("scenario.name", "key_missing"),
        ("data.proposals", "key_missing"),
        ("constraints.budget", "key_missing"),
    }


def test_extends_cycle(tmp_path):
    write(tmp_path, 'extends = "b.toml"\n', "a.toml")
    write(tmp_path, 'extends = "a.toml"\n', "b.toml")
    found = problems(tmp_path / "a.toml")
    assert [c for _, c, _ in found] == ["extends_cycle"]
    a, b = (tmp_path / "a.toml").resolve(), (tmp_path / "b.toml").resolve()
    assert found[0][2] == f"the `extends` chain loops: {a} -> {b} -> {a}"


def test_extends_self(tmp_path):
    write(tmp_path, 'extends = "a.toml"\n', "a.toml")
    assert [c for _, c, _ in problems(tmp_path / "a.toml")] == ["extends_cycle"]


def test_invalid_toml(tmp_path):
    path = write(tmp_path, "schema_version = 1\n[scenario\nname = 1\n")
    found = problems(path)
    assert [c for _, c, _ in found] == ["toml_invalid"]
    assert "the scenario file is not valid TOML" in found[0][2]
    assert "line 2" in found[0][2]


def test_missing_file(tmp_path):
    found = problems(tmp_path / "nope.toml")
    assert found == [(None, "file_not_found", f"file not found: {tmp_path / 'nope.toml'}")]
    found = problems(tmp_path / "folder")
    assert found[0][2] == f"file not found: {tmp_path / 'folder' / 'scenario.toml'}"


def test_missing_base_of_extends(tmp_path):
    path = write(tmp_path / "w", 'extends = "../nowhere/scenario.toml"\n')
    found = problems(path)
    assert [c for _, c, _ in found] == ["file_not_found"]
    assert "nowhere" in found[0][2]


def test_scenario_errors_through_cli(runner, base):
    from mcda_kerjasama.cli import main

    result = runner.invoke(
        main, ["validate", str(base), "--lang", "en", "--set", "solvr.backend=cbc"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "error: key `solvr`: unknown key; did you mean `solver`?" in result.output
    result = runner.invoke(main, ["validate", str(base), "--set", "scenario.language=fr"])
    assert result.exit_code == 1
    assert (
        'kunci `scenario.language`: nilai "fr" harus berupa salah satu dari: id, en'
        in result.output
    )


# --- bad input: encodings, negative weights, boundaries (issue 11 §5, §8) ---------------


def test_scenario_saved_as_latin1_names_the_line_and_says_utf8(base):
    path = base / "scenario.toml"
    text = path.read_text(encoding="utf-8").replace('name = "', 'name = "Café ', 1)
    path.write_bytes(text.encode("latin-1"))
    line = text[: text.index("Café")].count("\n") + 1
    with pytest.raises(ScenarioError) as info:
        load_scenario(base)
    [problem] = info.value.problems
    assert (problem.code, problem.source) == ("toml_encoding", str(path.resolve()))
    assert f"(byte 0xE9 on line {line}); save it again as UTF-8" in problem.render("en")
    assert f"(byte 0xE9 di baris {line}); simpan ulang sebagai UTF-8" in problem.render("id")


def test_scenario_with_a_utf8_byte_order_mark_loads(base):
    path = base / "scenario.toml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-8-sig"))
    assert load_scenario(base).years == (2026,)


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("weights.values.real_need=-0.25", "weights.values.real_need"),
        ("weights.points={mutual_benefit = -5}", "weights.points.mutual_benefit"),
    ],
)
def test_negative_weight_input_is_named_by_key(base, override, key):
    found = problems(base, [override])
    assert [(k, c) for k, c, _ in found] == [(key, "key_type")]
    assert found[0][2].endswith("must be a number >= 0")


def test_negative_weight_of_a_sub_criterion_is_named_by_key(tmp_path):
    text = (
        'schema_version = 1\n[scenario]\nname = "x"\nyears = [2026]\n'
        '[data]\nproposals = "u.csv"\n[constraints]\nbudget = 1e9\n'
        '[criteria.a]\n[criteria.b]\nparent = "g"\n[criteria.c]\nparent = "g"\n[criteria.g]\n'
        '[weights]\nmethod = "equal"\n'
        '[weights.children.g]\nmethod = "direct"\nvalues = { b = 1, c = -1 }\n'
    )
    found = problems(write(tmp_path, text))
    assert [(k, c) for k, c, _ in found] == [("weights.children.g.values.c", "key_type")]


def test_zero_budget_in_a_year_table_is_valid(base):
    s = load_scenario(
        base,
        [
            "scenario.years=[2026, 2027]",
            "constraints.budget={2026 = 0, 2027 = 5e9}",
            "constraints.staff={2026 = 0, 2027 = 0.0}",
        ],
    )
    assert s.constraints.budget == {2026: 0.0, 2027: 5e9}
    assert s.constraints.staff == {2026: 0.0, 2027: 0.0}


def test_zero_budget_table_written_as_a_toml_table_is_valid(tmp_path, contoh):
    text = (contoh / "scenario.toml").read_text(encoding="utf-8")
    start = text.index("budget = ")
    end = text.index("\n", start)
    table = "\n[constraints.budget]\n2026 = 0\n"
    folder = tmp_path / "nol"
    shutil.copytree(contoh, folder)
    (folder / "scenario.toml").write_text(text[:start] + text[end + 1 :] + table, "utf-8")
    assert load_scenario(folder).constraints.budget == {2026: 0.0}


@pytest.mark.parametrize("share", ["1.0", "1", "0.0"])
def test_group_share_bounds_are_valid(base, share):
    group = f"constraints.group=[{{column = 'kind', max_share = {share}, min_share = 0.0}}]"
    s = load_scenario(base, [group])
    assert s.constraints.groups[0].max_share == float(share)
