"""AHP questionnaire forms: writing, filling, reading back, collecting a group."""

from __future__ import annotations

import itertools
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from mcda_kerjasama.errors import InputError, JudgementError
from mcda_kerjasama.report.templates import write_form
from mcda_kerjasama.scenario import DEFAULT_CRITERIA
from mcda_kerjasama.weights.group import group_ahp_weights
from mcda_kerjasama.weights.judgements import parse_judgement, read_judgement_pairs
from mcda_kerjasama.weights.questionnaire import (
    check_output_not_input,
    collect_forms,
    format_judgement,
    level_choice,
    pairs_csv,
    read_form,
)

CRITERIA = [(c.key, c.label) for c in DEFAULT_CRITERIA]
CRITERIA_EN = [(c.key, c.label_en) for c in DEFAULT_CRITERIA]
KEYS = [key for key, _ in CRITERIA]
LABEL = dict(CRITERIA)
FIRST_ROW = 4
Answer = tuple[object, object]


def _fill(path: Path, answers: Mapping[int, Answer], sheet: str = "kuesioner") -> None:
    """Answer the question rows ``{row: (choice, level)}`` as a respondent would."""
    book = load_workbook(path)
    questions = book[sheet]
    for row, (choice, level) in answers.items():
        questions.cell(row=row, column=4, value=choice)
        questions.cell(row=row, column=5, value=level)
    book.save(path)


def _form(
    folder: Path,
    respondent: str,
    answers: Mapping[int, Answer],
    criteria: Sequence[tuple[str, str]] = CRITERIA,
) -> Path:
    path = folder / f"{respondent}.xlsx"
    write_form(path, criteria, respondent, scenario_name="Sumbar 2027")
    _fill(path, answers)
    return path


def _problems(err: pytest.ExceptionInfo[JudgementError]) -> set[tuple[str, int | None, str | None]]:
    return {(p.code, p.row, p.column) for p in err.value.problems}


def _full_answers(levels: Sequence[int]) -> dict[int, Answer]:
    """A complete form: pair k gets criterion A at ``levels[k]`` when positive, B when
    negative, "sama penting" when 1."""
    pairs = list(itertools.combinations(KEYS, 2))
    answers: dict[int, Answer] = {}
    for k, ((a, b), level) in enumerate(zip(pairs, levels, strict=True)):
        if level == 1:
            answers[FIRST_ROW + k] = ("sama penting", None)
        else:
            answers[FIRST_ROW + k] = (LABEL[a] if level > 0 else LABEL[b], level_choice(abs(level)))
    return answers


# --- the form --------------------------------------------------------------------------


def test_form_sheets_columns_and_each_pair_once(tmp_path: Path) -> None:
    path = tmp_path / "ani.xlsx"
    write_form(path, CRITERIA, "Ani", scenario_name="Sumbar 2027")
    book = load_workbook(path)
    assert book.sheetnames == ["petunjuk", "kuesioner", "daftar"]
    assert book["daftar"].sheet_state == "hidden"
    sheet = book["kuesioner"]
    assert (sheet["B1"].value, sheet["B2"].value) == ("Ani", "Sumbar 2027")
    assert [c.value for c in sheet[3]] == [
        "no",
        "kriteria A",
        "kriteria B",
        "mana yang lebih penting?",
        "seberapa lebih penting?",
        "kunci A",
        "kunci B",
    ]
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["F"].hidden and sheet.column_dimensions["G"].hidden
    rows = list(sheet.iter_rows(min_row=FIRST_ROW, values_only=True))
    assert [r[0] for r in rows] == list(range(1, 11))
    assert [(r[5], r[6]) for r in rows] == list(itertools.combinations(KEYS, 2))
    assert [(r[1], r[2]) for r in rows] == [(LABEL[r[5]], LABEL[r[6]]) for r in rows]
    assert all(r[3] is None and r[4] is None for r in rows)


def test_form_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "ani.xlsx"
    write_form(path, CRITERIA, "Ani")
    book = load_workbook(path)
    rules = book["kuesioner"].data_validations.dataValidation
    assert all(rule.type == "list" for rule in rules)
    by_range = {str(rule.sqref): rule.formula1 for rule in rules}
    assert by_range["E4:E13"] == "'daftar'!$A$1:$A$9"
    lists = book["daftar"]
    assert [lists.cell(r, 1).value for r in range(1, 10)][:3] == [
        "1 - sama penting",
        "2 - nilai antara 1 dan 3",
        "3 - sedikit lebih penting",
    ]
    assert lists["A9"].value == "9 - mutlak lebih penting"
    for row in range(FIRST_ROW, 14):
        assert by_range[f"D{row}"] == f"'daftar'!$C${row}:$E${row}"
        options = [lists.cell(row, c).value for c in (3, 4, 5)]
        sheet = book["kuesioner"]
        assert options == [sheet.cell(row, 2).value, sheet.cell(row, 3).value, "sama penting"]
        # the record of the pair asked in this row, beside its choices
        asked = [lists.cell(row, c).value for c in (6, 7)]
        assert asked == [sheet.cell(row, 6).value, sheet.cell(row, 7).value]


def test_instructions_in_indonesian_and_english(tmp_path: Path) -> None:
    write_form(tmp_path / "id.xlsx", CRITERIA, "Ani", scenario_name="Uji")
    write_form(tmp_path / "en.xlsx", CRITERIA_EN, "Ann", scenario_name="Test", lang="en")
    guide_id = _all_text(load_workbook(tmp_path / "id.xlsx")["petunjuk"])
    for phrase in (
        "AHP",
        "Cara mengisi",
        "sedikit lebih penting",
        "sangat lebih penting",
        "mutlak lebih penting",
        "nilai antara",
        "kosongkan kedua kolom",
        "Ani",
        "Uji",
    ):
        assert phrase in guide_id
    book_en = load_workbook(tmp_path / "en.xlsx")
    assert book_en.sheetnames == ["instructions", "questionnaire", "lists"]
    guide_en = _all_text(book_en["instructions"])
    for phrase in ("What is AHP?", "extremely more important", "missing judgement", "Ann", "Test"):
        assert phrase in guide_en
    assert book_en["questionnaire"]["D3"].value == "which is more important?"
    assert book_en["lists"]["A3"].value == "3 - moderately more important"


def _all_text(sheet: Any) -> str:
    rows = sheet.iter_rows(values_only=True)
    return "\n".join(str(v) for row in rows for v in row if v is not None)


def test_write_form_rejects_bad_input(tmp_path: Path) -> None:
    with pytest.raises(JudgementError) as err:
        write_form(tmp_path / "x.xlsx", [("a", "Biaya"), ("a", "biaya ")], " ")
    assert [p.code for p in err.value.problems] == [
        "ahp_criterion_duplicate",
        "ahp_form_label_duplicate",
        "ahp_form_respondent_empty",
    ]
    with pytest.raises(JudgementError, match="at least two criteria"):
        write_form(tmp_path / "x.xlsx", [("a", "Biaya")], "Ani")
    assert not list(tmp_path.iterdir())


def test_rewrite_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "ani.xlsx"
    write_form(path, CRITERIA, "Ani")
    write_form(path, CRITERIA, "Ani Baru")
    assert [p.name for p in tmp_path.iterdir()] == ["ani.xlsx"]
    assert read_form(path).respondent == "Ani Baru"


# --- reading ---------------------------------------------------------------------------


def test_read_back_exact_judgements_and_missing(tmp_path: Path) -> None:
    path = _form(
        tmp_path,
        "Ani",
        {
            4: ("Saling menguntungkan", "5 - lebih penting"),  # mutual_benefit / real_need
            5: ("Potensi dan karakteristik daerah", 3),  # B chosen, bare number
            6: ("sama penting", "1 - sama penting"),  # equal, the level agreeing
            # row 7 left blank: missing
            8: ("  real_need ", "  SEDIKIT   lebih penting"),  # key, verbal, any case
            9: ("Keberlanjutan", "7"),  # B, number as text
            10: ("equally important", None),  # English, no level needed
            11: ("Potensi dan karakteristik daerah", 2.0),  # a float from a spreadsheet
        },
    )
    form = read_form(path, KEYS)
    assert form.respondent == "Ani"
    assert form.comparisons.criteria == tuple(KEYS)
    assert form.comparisons.source == "Ani.xlsx"
    assert dict(form.comparisons.judgements) == {
        ("mutual_benefit", "real_need"): 5.0,
        ("mutual_benefit", "potential"): 1 / 3,
        ("mutual_benefit", "sustainability"): 1.0,
        ("real_need", "potential"): 3.0,
        ("real_need", "sustainability"): 1 / 7,
        ("real_need", "inclusiveness"): 1.0,
        ("potential", "sustainability"): 2.0,
    }
    assert form.missing == (
        ("mutual_benefit", "inclusiveness"),
        ("potential", "inclusiveness"),
        ("sustainability", "inclusiveness"),
    )


def test_english_form_read_back_with_english_and_indonesian_answers(tmp_path: Path) -> None:
    path = tmp_path / "ann.xlsx"
    write_form(path, CRITERIA_EN, "Ann", lang="en")
    _fill(
        path,
        {
            4: ("Mutual benefit", "3 - moderately more important"),
            5: ("Regional potential", "extremely more important"),
            6: ("sama penting", None),
            7: ("Inclusiveness", "between 5 and 7"),
        },
        sheet="questionnaire",
    )
    form = read_form(path)
    assert form.comparisons.criteria == tuple(KEYS)
    assert dict(form.comparisons.judgements) == {
        ("mutual_benefit", "real_need"): 3.0,
        ("mutual_benefit", "potential"): 1 / 9,
        ("mutual_benefit", "sustainability"): 1.0,
        ("mutual_benefit", "inclusiveness"): 1 / 6,
    }


def test_every_problem_named_by_file_row_and_column(tmp_path: Path) -> None:
    path = _form(
        tmp_path,
        "Budi",
        {
            4: ("Saling menguntungkan", None),  # choice without a level
            5: (None, "3 - sedikit lebih penting"),  # level without a choice
            6: ("Ekonomi", 3),  # not one of the choices
            7: ("Saling menguntungkan", 12),  # off the scale
            8: ("Kebutuhan nyata", "3 - mutlak lebih penting"),  # number and text disagree
            9: ("Kebutuhan nyata", "sepuluh"),  # unknown text
            10: ("Ekonomi", None),  # two problems in one row
        },
    )
    with pytest.raises(JudgementError) as err:
        read_form(path)
    choice, level = "mana yang lebih penting?", "seberapa lebih penting?"
    assert _problems(err) == {
        ("ahp_form_intensity_missing", 4, level),
        ("ahp_form_choice_missing", 5, choice),
        ("ahp_form_choice_unknown", 6, choice),
        ("ahp_form_intensity_unknown", 7, level),
        ("ahp_form_intensity_unknown", 8, level),
        ("ahp_form_intensity_unknown", 9, level),
        ("ahp_form_choice_unknown", 10, choice),
        ("ahp_form_intensity_missing", 10, level),
    }
    rendered = err.value.render("id").splitlines()
    assert len(rendered) == 8
    assert rendered[0].startswith("Budi.xlsx, baris 4, kolom `seberapa lebih penting?`: ")
    assert "pilih salah satu: Saling menguntungkan, Keberlanjutan, sama penting" in (
        err.value.render("id")
    )


def test_equally_important_with_a_higher_level_is_a_contradiction(tmp_path: Path) -> None:
    path = _form(
        tmp_path,
        "Budi",
        {
            4: ("sama penting", "5 - lebih penting"),
            5: ("sama penting", 3),
            6: ("Sama  Penting", 1),  # agrees: 1
            7: ("sama penting", "sepuluh"),  # unknown level: said as such
        },
    )
    with pytest.raises(JudgementError) as err:
        read_form(path)
    level = "seberapa lebih penting?"
    assert _problems(err) == {
        ("ahp_form_equal_contradiction", 4, level),
        ("ahp_form_equal_contradiction", 5, level),
        ("ahp_form_intensity_unknown", 7, level),
    }
    assert err.value.render("id").splitlines()[0] == (
        'Budi.xlsx, baris 4, kolom `seberapa lebih penting?`: "sama penting" dipilih di '
        'kolom `mana yang lebih penting?` tetapi tingkatnya "5 - lebih penting": jawaban '
        "ini bertentangan; bila keduanya sama penting, kosongkan sel ini atau pilih "
        '"1 - sama penting"; bila tidak, pilih kriteria yang lebih penting di kolom '
        "`mana yang lebih penting?`"
    )

    english = tmp_path / "ann.xlsx"
    write_form(english, CRITERIA_EN, "Ann", lang="en")
    _fill(english, {4: ("equally important", "9")}, sheet="questionnaire")
    with pytest.raises(JudgementError) as err:
        read_form(english)
    assert err.value.render("en").endswith(
        'if both matter equally, empty this cell or choose "1 - equally important"; if not, '
        "choose the more important criterion in the column `which is more important?`"
    )


def test_criteria_of_the_form_must_match_the_scenario(tmp_path: Path) -> None:
    path = _form(tmp_path, "Citra", {}, criteria=CRITERIA[:3])
    with pytest.raises(JudgementError) as err:
        read_form(path, ["mutual_benefit", "real_need", "inclusiveness"])
    assert err.value.render("en") == (
        "Citra.xlsx: the form's criteria differ from the scenario's; "
        "missing: inclusiveness; extra: potential"
    )
    same_set = read_form(path, ["potential", "mutual_benefit", "real_need"])
    assert same_set.comparisons.criteria == ("potential", "mutual_benefit", "real_need")


def test_respondent_cleared_and_not_a_form(tmp_path: Path) -> None:
    path = _form(tmp_path, "Dewi", {4: ("sama penting", None)})
    book = load_workbook(path)
    book["kuesioner"]["B1"] = None
    book.save(path)
    with pytest.raises(JudgementError) as err:
        read_form(path)
    assert _problems(err) == {("ahp_form_respondent_empty", 1, "responden")}

    other = tmp_path / "lain.xlsx"
    Workbook().save(other)
    with pytest.raises(JudgementError) as err:
        read_form(other)
    assert _problems(err) == {("ahp_form_not_form", None, None)}
    with pytest.raises(JudgementError) as err:
        read_form(tmp_path / "tidak_ada.xlsx")
    assert _problems(err) == {("file_not_found", None, None)}


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    criteria = [("a", "=SUM(1;2)"), ("b", "+ekonomi")]
    path = tmp_path / "f.xlsx"
    write_form(path, criteria, "=1+1")
    _fill(path, {4: ("+ekonomi", 4)})
    form = read_form(path)
    assert form.respondent == "=1+1"
    assert dict(form.comparisons.judgements) == {("a", "b"): 0.25}


# --- the form as the template wrote it ---------------------------------------------------


def _edit(path: Path, change: Any) -> None:
    """Apply ``change(sheet)`` to the questionnaire sheet, as a respondent might."""
    book = load_workbook(path)
    change(book["kuesioner"])
    book.save(path)


def _set_cells(**cells: object) -> Any:
    def change(sheet: Any) -> None:
        for coordinate, value in cells.items():
            sheet[coordinate] = value

    return change


def test_an_edited_or_cleared_key_cell_names_the_sheet_row_and_the_key_written_there(
    tmp_path: Path,
) -> None:
    answers = {4: ("sama penting", None), 5: ("Saling menguntungkan", 3)}
    path = _form(tmp_path, "Ani", answers)
    _edit(path, _set_cells(F5="mutual_benefitt", G7=None, F9="Real_Need"))
    with pytest.raises(JudgementError) as err:
        read_form(path)  # was: exit 0 with an invented criterion `mutual_benefitt`
    assert _problems(err) == {
        ("ahp_form_key_changed", 5, "kunci A"),
        ("ahp_form_key_cleared", 7, "kunci B"),
        ("ahp_form_key_changed", 9, "kunci A"),
    }
    lines = err.value.render("en").splitlines()
    assert lines[0] == (
        "Ani.xlsx, row 5, column `kunci A`: on the sheet `kuesioner` this key cell holds "
        '"mutual_benefitt" but the template wrote `mutual_benefit` here (question no 2: '
        "`mutual_benefit` : `potential`); put `mutual_benefit` back or ask for a new form "
        "made with `kerjasama ahp template`"
    )
    assert lines[1].startswith(
        "Ani.xlsx, row 7, column `kunci B`: on the sheet `kuesioner` this key cell is empty; "
        "the template wrote `inclusiveness` here (question no 4: "
    )
    assert "di lembar `kuesioner` sel kunci ini berisi" in err.value.render("id")
    with pytest.raises(JudgementError):  # with the scenario's criteria too
        read_form(path, KEYS)


def test_deleted_rows_are_missing_questions_not_missing_judgements(tmp_path: Path) -> None:
    path = _form(tmp_path, "Budi", {6: ("Keberlanjutan", 3), 11: ("sama penting", None)})
    _edit(path, lambda sheet: sheet.delete_rows(6))  # question 3, answered
    _edit(path, lambda sheet: sheet.delete_rows(9, 2))  # questions 7 and 8, one answered
    with pytest.raises(JudgementError) as err:
        read_form(path)  # was: exit 0, the three pairs silently missing
    assert _problems(err) == {
        ("ahp_form_question_missing", 6, None),
        ("ahp_form_question_missing", 10, None),
        ("ahp_form_question_missing", 11, None),
    }
    assert err.value.render("id").splitlines()[0] == (
        "Budi.xlsx, baris 6: di lembar `kuesioner` pertanyaan no 3 (`mutual_benefit` : "
        "`sustainability`), yang ditulis templat di baris ini, tidak ada lagi (barisnya "
        "terhapus?); salin baris itu dari formulir baru buatan `kerjasama ahp template`; "
        "untuk melewatkan pasangan, kosongkan saja kedua sel jawabannya"
    )


def test_repeated_and_foreign_rows_are_problems_reordered_rows_and_notes_are_not(
    tmp_path: Path,
) -> None:
    path = _form(tmp_path, "Citra", {5: ("Saling menguntungkan", 3)})

    def damage(sheet: Any) -> None:
        for column in range(1, 8):
            sheet.cell(20, column).value = sheet.cell(5, column).value  # a copied row
        sheet["D21"], sheet["E21"] = "Keberlanjutan", 5  # an answer below the table
        sheet["A22"], sheet["B22"] = "catatan:", "saya ragu soal baris 7"  # a note
        sheet["F23"], sheet["G23"] = "ekonomi", "sosial"  # keys the template never wrote

    _edit(path, damage)
    with pytest.raises(JudgementError) as err:
        read_form(path)
    assert _problems(err) == {
        ("ahp_form_question_repeated", 20, None),
        ("ahp_form_answer_without_question", 21, None),
        ("ahp_form_question_unknown", 23, None),
    }
    rendered = err.value.render("en").splitlines()
    assert rendered[0] == (
        "Citra.xlsx, row 20: on the sheet `kuesioner` this row repeats question no 2 "
        "(`mutual_benefit` : `potential`) of row 5; each pair is asked once: delete this "
        "row and answer in row 5"
    )
    assert rendered[2] == (
        "Citra.xlsx, row 23: on the sheet `kuesioner` this row holds the keys `ekonomi` : "
        "`sosial`, not a pair this form asked about (its keys: mutual_benefit, real_need, "
        "potential, sustainability, inclusiveness); put the keys back as the template wrote "
        "them or delete the row"
    )

    reordered = _form(tmp_path, "Dewi", {4: ("Kebutuhan nyata", 2), 13: ("sama penting", None)})

    def reverse(sheet: Any) -> None:  # sorted the other way round: every key intact
        rows = [[cell.value for cell in sheet[row]] for row in range(FIRST_ROW, 14)]
        for row, values in enumerate(reversed(rows), start=FIRST_ROW):
            for column, value in enumerate(values, start=1):
                sheet.cell(row, column).value = value
        sheet["A15"] = "catatan: diisi bersama staf"

    _edit(reordered, reverse)
    form = read_form(reordered, KEYS)
    assert dict(form.comparisons.judgements) == {
        ("mutual_benefit", "real_need"): 0.5,
        ("sustainability", "inclusiveness"): 1.0,
    }


def test_a_form_without_the_template_record_is_read_by_its_key_cells(tmp_path: Path) -> None:
    """A form written before the template kept its record of the pairs asked."""
    path = _form(tmp_path, "Eko", {4: ("Kebutuhan nyata", 2)})
    book = load_workbook(path)
    for row in range(FIRST_ROW, 14):
        book["daftar"].cell(row, 6).value = book["daftar"].cell(row, 7).value = None
    book.save(path)
    form = read_form(path, KEYS)
    assert dict(form.comparisons.judgements) == {("mutual_benefit", "real_need"): 0.5}
    _edit(path, _set_cells(F5=None, D5="Saling menguntungkan", E5=3))
    with pytest.raises(JudgementError) as err:
        read_form(path)
    assert _problems(err) == {("required_empty", 5, "kunci A")}


def _cache_formula_result(path: Path, cell: str, value: str) -> None:
    """Store ``value`` as the computed result of the formula in ``cell`` of the
    questionnaire sheet, as Excel or LibreOffice would on saving (openpyxl cannot)."""
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    xml = parts[sheet].decode("utf-8")
    cached = re.sub(rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v ?/>', rf"\g<1><v>{value}</v>", xml)
    assert cached != xml
    parts[sheet] = cached.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)


def test_formulas_and_formula_like_text_are_no_answers_and_say_what_is_there(
    tmp_path: Path,
) -> None:
    path = _form(
        tmp_path,
        "Eko",
        {
            4: ("=B4", "=3"),  # formulas without a computed value (were read as "empty")
            5: ("=C5", "=1+2"),  # both cells formulas: was a silently missing judgement
            6: ("Saling menguntungkan", "=1+2"),  # a formula Excel computed to 3
            7: ("Saling menguntungkan", "+5"),  # text a spreadsheet takes for a formula
            8: ("@x", 3),
            9: ("Kebutuhan nyata", "-3"),
        },
    )
    _cache_formula_result(path, "E6", "3")
    book = load_workbook(path)
    book["kuesioner"]["B1"] = "=A1"
    book.save(path)
    _cache_formula_result(path, "B1", "")
    with pytest.raises(JudgementError) as err:
        read_form(path)
    choice, level = "mana yang lebih penting?", "seberapa lebih penting?"
    assert {(p.code, p.row, p.column, str(p.value)) for p in err.value.problems} == {
        ("ahp_form_formula", 1, "responden", "=A1"),
        ("ahp_form_formula", 4, choice, "=B4"),
        ("ahp_form_formula", 4, level, "=3"),
        ("ahp_form_formula", 5, choice, "=C5"),
        ("ahp_form_formula", 5, level, "=1+2"),
        ("ahp_form_formula", 6, level, "=1+2"),
        ("ahp_form_formula_text", 7, level, "+5"),
        ("ahp_form_formula_text", 8, choice, "@x"),
        ("ahp_form_formula_text", 9, level, "-3"),
    }
    lines = err.value.render("id").splitlines()
    assert "kosong" not in err.value.render("id")
    assert lines[1] == (
        'Eko.xlsx, baris 4, kolom `mana yang lebih penting?`: sel ini berisi rumus "=B4", '
        'bukan jawaban; pilih dari daftar atau ketik jawabannya sebagai teks biasa, tanpa "="'
    )
    rendered = err.value.render("en")
    assert (
        'row 7, column `seberapa lebih penting?`: "+5" starts with "+", so a spreadsheet reads '
        'it as a formula, and it is not a known answer; remove "+" and choose one of: '
        "1, 2, 3, 4, 5, 6, 7, 8, 9"
    ) in rendered
    assert (
        '"@x" starts with "@", so a spreadsheet reads it as a formula, and it is not a known '
        'answer; remove "@" and choose one of: Kebutuhan nyata, Potensi dan karakteristik daerah, '
        "sama penting"
    ) in rendered


# --- a group ---------------------------------------------------------------------------


def _group(folder: Path) -> list[Path]:
    return [
        _form(folder, "Ani", _full_answers([3, 5, 1, 7, 2, -3, 3, 5, 1, -2])),
        _form(folder, "Budi", _full_answers([2, 4, -2, 6, 1, 2, 4, 3, 2, 1])),
        _form(folder, "Citra", {4: ("Kebutuhan nyata", 4), 5: ("sama penting", None)}),
    ]


def test_collect_pairs_csv_round_trip_and_group_weights(tmp_path: Path) -> None:
    sets = collect_forms(_group(tmp_path), KEYS)
    assert list(sets) == ["Ani", "Budi", "Citra"]
    assert sets["Ani"].judgements[("real_need", "sustainability")] == 1 / 3
    pairs = tmp_path / "perbandingan.csv"
    pairs.write_text(pairs_csv(sets), encoding="utf-8")
    assert "1/3" in pairs.read_text(encoding="utf-8")
    back = read_judgement_pairs(pairs, KEYS)
    assert list(back) == list(sets)
    for who, pcs in sets.items():
        assert back[who].criteria == pcs.criteria
        assert dict(back[who].judgements) == dict(pcs.judgements)  # exact, not approximate

    complete = {who: sets[who] for who in ("Ani", "Budi")}
    weights = group_ahp_weights(complete, KEYS)
    assert weights.weights.sum() == pytest.approx(1.0)
    assert weights.weights.idxmax() == "mutual_benefit"
    again = group_ahp_weights({who: back[who] for who in complete}, KEYS)
    assert again.weights.tolist() == weights.weights.tolist()
    with pytest.raises(JudgementError, match="not connected"):
        group_ahp_weights(sets, KEYS)  # Citra compared three criteria only


def test_collect_reports_duplicate_respondents_and_every_form_problem(tmp_path: Path) -> None:
    paths = _group(tmp_path)
    copy = tmp_path / "ani_lagi.xlsx"
    write_form(copy, CRITERIA, "Ani")
    broken = _form(tmp_path, "Eko", {6: ("Saling menguntungkan", None)})
    other_set = _form(tmp_path, "Fajar", {}, criteria=CRITERIA[:2])
    with pytest.raises(JudgementError) as err:
        collect_forms([*paths, copy, broken, other_set])
    problems = err.value.problems
    assert [p.code for p in problems] == [
        "ahp_form_respondent_duplicate",
        "ahp_form_intensity_missing",
        "ahp_form_criteria_mismatch",
    ]
    assert problems[0].render("en") == (
        'the respondent "Ani" answered two forms: Ani.xlsx and ani_lagi.xlsx'
    )
    assert (problems[1].source, problems[1].row) == ("Eko.xlsx", 6)
    assert problems[2].source == "Fajar.xlsx"


def test_the_output_may_be_no_input_form_by_any_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = _form(tmp_path, "Ani", {})
    other = _form(tmp_path, "Budi", {})
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.xlsx").symlink_to(form)
    os.link(form, tmp_path / "hard.xlsx")
    monkeypatch.chdir(tmp_path)
    for output in (
        form,
        Path("Ani.xlsx"),
        Path("sub/../Ani.xlsx"),
        tmp_path / "link.xlsx",
        tmp_path / "hard.xlsx",
    ):
        with pytest.raises(InputError) as err:
            check_output_not_input(output, [other, form])
        assert [p.code for p in err.value.problems] == ["ahp_collect_output_is_input"]
        assert err.value.render("en").startswith(
            f"the output file {output} is the input form {form}; writing it would destroy"
        )
    # a form read through a link is the file it links to
    with pytest.raises(InputError):
        check_output_not_input(form, [tmp_path / "link.xlsx"])
    check_output_not_input(tmp_path / "perbandingan.csv", [form, other, Path("link.xlsx")])
    check_output_not_input(tmp_path / "sub" / "Ani.xlsx", [form])


@pytest.mark.parametrize("value", [1.0, 3.0, 9.0, 1 / 2, 1 / 3, 1 / 7, 1 / 9, 2.5, 0.4, 2 / 3])
def test_format_judgement_reads_back_exactly(value: float) -> None:
    assert parse_judgement(format_judgement(value)) == value
