"""Reading judgement files and inline scenario judgements."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcda_kerjasama.errors import JudgementError
from mcda_kerjasama.weights.ahp import ahp_weights
from mcda_kerjasama.weights.judgements import (
    SINGLE_RESPONDENT,
    comparisons_from_inline,
    parse_judgement,
    read_judgement_matrix,
    read_judgement_pairs,
)

DATA = Path(__file__).parent / "data" / "judgements"
LEADER = ["experience", "education", "charisma", "age"]


def _problems(err: pytest.ExceptionInfo[JudgementError]) -> set[tuple[str, int | None, str | None]]:
    return {(p.code, p.row, p.column) for p in err.value.problems}


def test_matrix_csv_with_bom_and_semicolons() -> None:
    pc = read_judgement_matrix(DATA / "leader_matrix.csv")
    assert pc.criteria == tuple(LEADER)
    assert pc.judgements[("experience", "age")] == 7.0
    assert pc.value("charisma", "education") == 3.0  # 3 kept exactly, 1/3 its reciprocal
    assert pc.source == "leader_matrix.csv"
    w = ahp_weights(pc)
    assert w.weights.round(3).tolist() == [0.548, 0.127, 0.270, 0.056]


def test_matrix_xlsx_upper_triangle_only_gives_the_same() -> None:
    csv_weights = ahp_weights(read_judgement_matrix(DATA / "leader_matrix.csv")).weights
    xlsx = read_judgement_matrix(DATA / "leader_upper.xlsx", LEADER)
    assert ahp_weights(xlsx).weights.to_numpy() == pytest.approx(csv_weights.to_numpy())


def test_bad_matrix_reports_every_cell() -> None:
    with pytest.raises(JudgementError) as err:
        read_judgement_matrix(DATA / "bad_matrix.csv")
    assert _problems(err) == {
        ("ahp_off_scale", 2, "c"),  # 12
        ("ahp_value_invalid", 4, "b"),  # "x"
        ("ahp_not_reciprocal", 3, "a"),  # 1/2 against 3
        ("ahp_diagonal", 4, "c"),  # 2 on the diagonal
    }
    rendered = err.value.render("id")
    assert "bad_matrix.csv, baris 3, kolom `a`" in rendered


def test_pairs_file_with_respondents_semicolons_and_comma_decimals() -> None:
    sets = read_judgement_pairs(
        DATA / "pairs_group.csv", ["mutual_benefit", "real_need", "potential"]
    )
    assert set(sets) == {"Ketua TKKSD", "Bappeda"}
    assert sets["Bappeda"].judgements[("potential", "real_need")] == 2.5
    assert sets["Ketua TKKSD"].value("mutual_benefit", "potential") == 2.0
    assert sets["Bappeda"].missing_pairs() == [("mutual_benefit", "real_need")]


def test_pairs_file_errors_are_located(tmp_path: Path) -> None:
    with pytest.raises(JudgementError) as err:
        read_judgement_pairs(DATA / "pairs_bad.csv", ["mutual_benefit", "real_need", "potential"])
    assert _problems(err) == {
        ("ahp_criterion_unknown", 3, "b"),  # potensi
        ("ahp_self_comparison", 4, None),
        ("ahp_value_nonpositive", 5, "nilai"),
        ("ahp_pair_duplicate", 6, "nilai"),  # real_need/potential again
    }


def test_pairs_file_header_and_file_problems(tmp_path: Path) -> None:
    p = tmp_path / "p.csv"
    p.write_text("x,y,z\n1,2,3\n", encoding="utf-8")
    with pytest.raises(JudgementError) as err:
        read_judgement_pairs(p)
    assert [q.code for q in err.value.problems] == ["ahp_pairs_columns"]
    with pytest.raises(JudgementError) as err:
        read_judgement_pairs(tmp_path / "none.csv")
    assert [q.code for q in err.value.problems] == ["file_not_found"]
    q = tmp_path / "p.txt"
    q.write_text("a,b,nilai\n", encoding="utf-8")
    with pytest.raises(JudgementError) as err:
        read_judgement_pairs(q)
    assert [q.code for q in err.value.problems] == ["file_type_unknown"]


def test_pairs_without_respondent_column(tmp_path: Path) -> None:
    p = tmp_path / "p.csv"
    p.write_text("A,B,Value\nx,y,1/3\n\n", encoding="utf-8")
    sets = read_judgement_pairs(p)
    assert list(sets) == [SINGLE_RESPONDENT]
    assert sets[SINGLE_RESPONDENT].judgements[("x", "y")] == pytest.approx(1 / 3)


def test_inline_list_and_table_forms() -> None:
    as_list = comparisons_from_inline([["a", "b", 3], ["b", "c", "1/2"]], ["a", "b", "c"])
    as_table = comparisons_from_inline({"a/b": 3, "b / c": 0.5}, ["a", "b", "c"])
    assert as_list.judgements == as_table.judgements


def test_inline_errors_name_the_scenario_key() -> None:
    with pytest.raises(JudgementError) as err:
        comparisons_from_inline({"a/b": 3, "a-c": 2, "b/c": 20}, ["a", "b", "c"])
    found = {(p.code, p.key) for p in err.value.problems}
    assert found == {
        ("ahp_inline_invalid", 'weights.judgements."a-c"'),
        ("ahp_off_scale", 'weights.judgements."b/c"'),
    }
    with pytest.raises(JudgementError) as err:
        comparisons_from_inline([["a", "b"]], key="w.j")
    assert err.value.problems[0].key == "w.j[0]"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3.0), (" 1 / 9 ", 1 / 9), ("0,25", 0.25), ("2.5", 2.5), (4, 4), ("", None)],
)
def test_parse_judgement(raw: object, expected: object) -> None:
    assert parse_judgement(raw) == expected
