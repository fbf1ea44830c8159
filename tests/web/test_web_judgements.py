"""AHP judgement rounds in the web application (issue 16, parts 1 and 2): every view
against every role, members answering with htmx and without, their CR and the suggested
revision on the verbal scale, the secretariat's view (completion, CRs, AIJ and AIP,
disagreement, consensus), exclusion and close/reopen in the audit log, the Excel
questionnaire in, and the pairs file out read by the installed ``kerjasama weights``
giving the stored weights."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from django.contrib.auth.models import User
from openpyxl import load_workbook
from webworld import PASSWORD, ROLES, World

from mcda_kerjasama.web.tkksd import judgements as core
from mcda_kerjasama.web.tkksd import scenarios
from mcda_kerjasama.web.tkksd.models import (
    AuditEntry,
    JudgementAnswer,
    JudgementRound,
    Mapping,
    Membership,
)
from mcda_kerjasama.weights.ahp.consensus import ahp_consensus
from mcda_kerjasama.weights.questionnaire.layout import CHOICE, FIRST_ROW, INTENSITY, KEY_A, KEY_B

S, OPD, A, P, W = "sekretariat", "opd", "anggota", "perencana", "pengamat"
KEYS = ["mutual_benefit", "real_need", "potential", "sustainability", "inclusiveness"]
HX = {"HTTP_HX_REQUEST": "true"}


def _open(world: World) -> JudgementRound:
    mapping = Mapping.objects.get(pk=world.mapping)
    return JudgementRound.objects.create(
        mapping=mapping, number=1, title="Putaran Uji", groups=core.criteria_groups(mapping)
    )


@pytest.fixture
def rnd(world: World) -> JudgementRound:
    return _open(world)


def _url(world: World, path: str = "") -> str:
    return f"/p/{world.mapping}/penilaian/{path}"


def _anggota(world: World) -> User:
    return User.objects.get(username=world.users[A])


def _answer(client: Any, world: World, a: str, b: str, side: str, level: str, **extra: Any) -> Any:
    i, j = KEYS.index(a), KEYS.index(b)
    if i > j:  # asked as b : a
        a, b = b, a
        side = {"a": "b", "b": "a"}.get(side, side)
    data = {"group": 0, "a": a, "b": b, "side": side, "level": level}
    return client.post(_url(world, "1/isi/"), data, **extra)


# --- every view against every role ---------------------------------------------------------

Case = tuple[str, str, Callable[[World], str], Callable[[World], dict[str, object]], set[str]]


def _member_pk(w: World) -> dict[str, object]:
    return {"user": _anggota(w).pk, "reason": "tidak hadir"}


CASES: list[Case] = [
    ("rounds", "get", lambda w: _url(w), lambda w: {}, {S, A}),
    ("round open", "post", lambda w: _url(w), lambda w: {"title": "Baru"}, {S}),
    ("answer page", "get", lambda w: _url(w, "1/isi/"), lambda w: {}, {A}),
    (
        "answer save",
        "post",
        lambda w: _url(w, "1/isi/"),
        lambda w: {"group": 0, "a": KEYS[0], "b": KEYS[1], "side": "a", "level": "3"},
        {A},
    ),
    ("questionnaire download", "get", lambda w: _url(w, "1/kuesioner/0.xlsx"), lambda w: {}, {A}),
    ("secretariat view", "get", lambda w: _url(w, "1/"), lambda w: {}, {S}),
    ("close", "post", lambda w: _url(w, "1/status/"), lambda w: {"action": "close"}, {S}),
    ("exclude", "post", lambda w: _url(w, "1/kecualikan/"), _member_pk, {S}),
    ("export", "get", lambda w: _url(w, "1/perbandingan/0.csv"), lambda w: {}, {S}),
    ("import", "post", lambda w: _url(w, "1/impor/"), lambda w: {"user": _anggota(w).pk}, {S}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_view_by_role(world: World, rnd: JudgementRound, case: Case, role: str) -> None:
    _answer(world.client(A), world, KEYS[0], KEYS[1], "a", "5")
    _name, method, url_of, data_of, allowed = case
    response = getattr(world.client(role), method)(url_of(world), data_of(world))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/")
        return
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith("/masuk/")
        return
    assert response.status_code == 404 if role == "outsider" else response.status_code == 403
    body = response.content
    for secret in (b"Pemetaan Uji Rahasia", b"Putaran Uji", b"Saling menguntungkan"):
        assert secret not in body


def test_the_dashboard_points_to_the_open_round(world: World, rnd: JudgementRound) -> None:
    page = world.client(A).get(f"/p/{world.mapping}/").content.decode()
    assert 'putaran "Putaran Uji" sedang dibuka.' in page and _url(world, "1/isi/") in page
    page = world.client(S).get(f"/p/{world.mapping}/").content.decode()
    assert _url(world, "1/") in page and _url(world, "1/isi/") not in page
    assert "Putaran Uji" not in world.client(OPD).get(f"/p/{world.mapping}/").content.decode()
    rnd.is_open = False
    rnd.save()
    assert "Putaran Uji" not in world.client(A).get(f"/p/{world.mapping}/").content.decode()


def test_a_round_of_another_mapping_is_not_found(world: World, rnd: JudgementRound) -> None:
    outsider = world.client("outsider")
    assert outsider.get(f"/p/{world.other}/penilaian/1/").status_code == 404
    assert world.client(S).get(_url(world, "2/")).status_code == 404


# --- a member answers -------------------------------------------------------------------------


def test_answers_save_as_given_with_and_without_htmx(world: World, rnd: JudgementRound) -> None:
    member = world.client(A)
    page = member.get(_url(world, "1/isi/")).content.decode()
    assert "sedikit lebih penting" in page and "mutlak lebih penting" in page  # the scale
    assert "Saling menguntungkan" in page and "sama penting" in page
    # without JavaScript: a form post and a redirect back to the group
    response = _answer(member, world, KEYS[0], KEYS[1], "a", "3")
    assert response.status_code == 302 and response["Location"].endswith("#g0")
    # with htmx: the member's status comes back as a fragment
    fragment = _answer(member, world, KEYS[0], KEYS[2], "b", "5", **HX)
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert 'id="status-g0"' in text and "2 dari 10" in text and "<html" not in text
    stored = core.answers_of(rnd, _anggota(world), "(goal)")
    assert stored == {(KEYS[0], KEYS[1]): 3.0, (KEYS[0], KEYS[2]): 0.2}
    # revisited: the same pair changed, then cleared
    _answer(member, world, KEYS[0], KEYS[1], "equal", "")
    assert core.answers_of(rnd, _anggota(world), "(goal)")[(KEYS[0], KEYS[1])] == 1.0
    _answer(member, world, KEYS[0], KEYS[1], "", "")
    assert (KEYS[0], KEYS[1]) not in core.answers_of(rnd, _anggota(world), "(goal)")
    assert JudgementAnswer.objects.filter(round=rnd).count() == 1
    # the page shows the answers given
    page = member.get(_url(world, "1/isi/")).content.decode()
    assert 'id="g0p2-b" aria-describedby="g0p2-q" checked' in page


def test_a_contradiction_or_a_missing_level_is_refused_and_nothing_saved(
    world: World, rnd: JudgementRound
) -> None:
    member = world.client(A)
    equal_three = _answer(member, world, KEYS[0], KEYS[1], "equal", "3", **HX)
    assert equal_three.status_code == 200  # htmx swaps only successes: the error is shown
    assert "tingkat 1" in equal_three.content.decode()
    assert "notice bad" in equal_three.content.decode()
    no_level = _answer(member, world, KEYS[0], KEYS[1], "a", "")
    assert no_level.status_code == 422 and "Pilih seberapa lebih penting" in no_level.text
    bad = _answer(member, world, KEYS[0], KEYS[1], "a", "12")
    assert bad.status_code == 422
    assert not JudgementAnswer.objects.filter(round=rnd).exists()
    # a pair the round does not ask is not found
    response = member.post(_url(world, "1/isi/"), {"group": 0, "a": "x", "b": "y"})
    assert response.status_code == 404


CONSISTENT = {  # a / b: 2, 4, 8 ... consistent; every value on the scale
    (KEYS[0], KEYS[1]): ("a", "2"),
    (KEYS[0], KEYS[2]): ("a", "4"),
    (KEYS[0], KEYS[3]): ("a", "6"),
    (KEYS[0], KEYS[4]): ("a", "8"),
    (KEYS[1], KEYS[2]): ("a", "2"),
    (KEYS[1], KEYS[3]): ("a", "3"),
    (KEYS[1], KEYS[4]): ("a", "4"),
    (KEYS[2], KEYS[3]): ("a", "2"),
    (KEYS[2], KEYS[4]): ("a", "2"),
    (KEYS[3], KEYS[4]): ("a", "1"),
}


def _answer_all(client: Any, world: World, answers: dict[tuple[str, str], tuple[str, str]]) -> Any:
    last = None
    for (a, b), (side, level) in answers.items():
        last = _answer(client, world, a, b, side, level, **HX)
    return last


def test_the_member_sees_cr_and_the_suggested_revision(world: World, rnd: JudgementRound) -> None:
    member = world.client(A)
    wrong = dict(CONSISTENT)
    wrong[(KEYS[3], KEYS[4])] = ("b", "9")  # inclusiveness absolutely above sustainability
    text = _answer_all(member, world, wrong).content.decode()
    state = core.member_group(rnd, _anggota(world), rnd.groups[0], "id")
    assert state.consistent is False and state.advice
    assert "terlalu tidak konsisten" in text and "Saran:" in text
    assert state.advice in text.replace("&#x27;", "'")
    # following the suggestion: the pair and the value it names
    first = core.ahp_weights(core.answers_of(rnd, _anggota(world), "(goal)"), KEYS).suggestions[0]
    assert (first.a, first.b) == (KEYS[3], KEYS[4])
    side, level = core_answer(first.suggested)
    text = _answer(member, world, first.a, first.b, side, str(level), **HX).content.decode()
    after = core.member_group(rnd, _anggota(world), rnd.groups[0], "id")
    assert after.consistent is True and "konsisten" in text and "Saran:" not in text


def core_answer(value: float) -> tuple[str, int]:
    from mcda_kerjasama.weights.questionnaire.layout import answer_from_judgement

    return answer_from_judgement(value)


def test_a_closed_round_refuses_answers(world: World, rnd: JudgementRound) -> None:
    rnd.is_open = False
    rnd.save()
    response = _answer(world.client(A), world, KEYS[0], KEYS[1], "a", "3")
    assert response.status_code == 422
    assert "ditutup" in response.content.decode()
    assert not JudgementAnswer.objects.filter(round=rnd).exists()


# --- the secretariat ----------------------------------------------------------------------


def _three_members(world: World) -> list[User]:
    """The world's anggota and two more, each with a client."""
    mapping = Mapping.objects.get(pk=world.mapping)
    users = [_anggota(world)]
    for name in ("u_anggota2", "u_anggota3"):
        user = User.objects.create_user(name, password=PASSWORD)
        Membership.objects.create(mapping=mapping, user=user, role=A)
        users.append(user)
    return users


def _client_of(user: User) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _fill_round(world: World) -> list[User]:
    users = _three_members(world)
    second = {k: ("a", str(min(int(v) + 1, 9))) for k, (s, v) in CONSISTENT.items()}
    third = dict(CONSISTENT)
    third[(KEYS[0], KEYS[1])] = ("b", "3")
    for user, answers in zip(users, (CONSISTENT, second, third), strict=True):
        _answer_all(_client_of(user), world, answers)
    return users


def test_the_secretariat_sees_completion_crs_weights_disagreement_and_consensus(
    world: World, rnd: JudgementRound
) -> None:
    users = _fill_round(world)
    _answer(_client_of(users[2]), world, KEYS[3], KEYS[4], "b", "9")  # now inconsistent
    page = world.client(S).get(_url(world, "1/")).content.decode()
    assert page.count("10 / 10") == 3
    assert "tidak konsisten" in page
    found = core.group_result(rnd, rnd.groups[0])
    assert found is not None
    rows = [r.weights.tolist() for r in found["aij"].respondents]
    assert found["consensus"].value == pytest.approx(ahp_consensus(rows).value)
    assert "Konsensus kelompok (AHP-OS)" in page
    word = {"high": "tinggi", "moderate": "sedang", "low": "rendah"}[found["consensus"].level]
    shown = f"{100 * found['consensus'].value:.1f}%".replace(".", ",")
    assert f"<strong>{shown}</strong>" in page and f">{word}</span>" in page
    for name in ("u_anggota", "u_anggota2", "u_anggota3"):
        assert name in page
    assert "AIJ" in page and "AIP" in page and "Beda pendapat per pasangan" in page
    fragment = world.client(S).get(_url(world, "1/"), **HX).content.decode()
    assert fragment.startswith('<div id="round-overview">') and "<html" not in fragment


def test_exclusion_and_reopening_are_in_the_audit_log(world: World, rnd: JudgementRound) -> None:
    users = _fill_round(world)
    sek = world.client(S)
    response = sek.post(_url(world, "1/kecualikan/"), {"user": users[2].pk, "reason": ""})
    assert response.status_code == 302 and not rnd.exclusions.exists()
    sek.post(_url(world, "1/kecualikan/"), {"user": users[2].pk, "reason": "konflik kepentingan"})
    entry = AuditEntry.objects.filter(action="round_member_excluded").get()
    assert entry.target == "u_anggota3" and entry.detail["reason"] == "konflik kepentingan"
    found = core.group_result(rnd, rnd.groups[0])
    assert found is not None and set(found["respondents"]) == {"u_anggota", "u_anggota2"}
    assert "konflik kepentingan" in sek.get(_url(world, "1/")).content.decode()
    sek.post(_url(world, "1/status/"), {"action": "close"})
    rnd.refresh_from_db()
    assert not rnd.is_open and rnd.result["weights"]
    closed = sek.post(_url(world, "1/kecualikan/"), {"user": users[2].pk, "action": "include"})
    assert closed.status_code == 302 and rnd.exclusions.count() == 1  # closed: no change
    page = sek.get(_url(world, "1/")).content.decode()
    assert "Bobot yang disimpan saat putaran ditutup" in page and "Saling menguntungkan" in page
    sek.post(_url(world, "1/status/"), {"action": "reopen"})
    sek.post(_url(world, "1/kecualikan/"), {"user": users[2].pk, "action": "include"})
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-4:] == [
        "round_member_excluded",
        "round_closed",
        "round_reopened",
        "round_member_included",
    ]
    rnd.refresh_from_db()
    assert rnd.is_open and not rnd.exclusions.exists()


def test_stored_weights_equal_kerjasama_weights_on_the_exported_judgements(
    world: World, rnd: JudgementRound, tmp_path: Path
) -> None:
    _fill_round(world)
    sek = world.client(S)
    sek.post(_url(world, "1/status/"), {"action": "close"})
    rnd.refresh_from_db()
    csv = sek.get(_url(world, "1/perbandingan/0.csv"))
    assert csv.status_code == 200 and csv.content.startswith(b"a,b,nilai,responden")
    (tmp_path / "perbandingan.csv").write_bytes(csv.content)
    mapping = Mapping.objects.get(pk=world.mapping)
    data = scenarios.default_data(mapping, "Bobot putaran 1")
    data["weights"] = {"method": "ahp", "judgements": "perbandingan.csv"}
    (tmp_path / "scenario.toml").write_text(tomli_w.dumps(scenarios.full(mapping, data)))
    (tmp_path / scenarios.PROPOSALS_FILE).write_bytes(b"")
    exe = shutil.which("kerjasama")
    assert exe is not None
    done = subprocess.run(
        [exe, "weights", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    assert cli["weights"] == pytest.approx(rnd.result["weights"], abs=1e-12)
    assert cli["consensus"]["(goal)"] == pytest.approx(rnd.result["groups"]["(goal)"]["consensus"])


def test_an_excel_questionnaire_feeds_the_round(
    world: World, rnd: JudgementRound, tmp_path: Path
) -> None:
    member = world.client(A)
    download = member.get(_url(world, "1/kuesioner/0.xlsx"))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[1]
    row = FIRST_ROW
    while sheet.cell(row, KEY_A).value:
        a, b = sheet.cell(row, KEY_A).value, sheet.cell(row, KEY_B).value
        side, level = CONSISTENT[(a, b)]
        label = sheet.cell(row, 2).value if side == "a" else "sama penting"
        sheet.cell(row, CHOICE).value = label if level != "1" else "sama penting"
        sheet.cell(row, INTENSITY).value = int(level)
        row += 1
    filled = io.BytesIO()
    book.save(filled)
    filled.seek(0)
    filled.name = "kuesioner.xlsx"
    sek = world.client(S)
    response = sek.post(
        _url(world, "1/impor/"), {"user": _anggota(world).pk, "file": filled}, follow=True
    )
    assert "Kuesioner diimpor." in response.content.decode(), response.content.decode()[-3000:]
    given = core.answers_of(rnd, _anggota(world), "(goal)")
    assert given == {
        k: (float(v) if s == "a" else 1 / float(v)) for k, (s, v) in CONSISTENT.items()
    }
    assert set(JudgementAnswer.objects.values_list("source", flat=True)) == {"excel"}
    assert AuditEntry.objects.filter(action="round_form_imported").count() == 1
    # a workbook that is no questionnaire: the core's located message, nothing stored
    junk = io.BytesIO(b"not a workbook")
    junk.name = "x.xlsx"
    response = sek.post(
        _url(world, "1/impor/"), {"user": _anggota(world).pk, "file": junk}, follow=True
    )
    text = response.content.decode()
    assert "x.xlsx" in text and "/tmp" not in text and "kerjasama-form" not in text
    assert JudgementAnswer.objects.count() == 10
    # the same form through kerjasama ahp collect gives the round's judgements
    (tmp_path / "kuesioner.xlsx").write_bytes(filled.getvalue())
    done = subprocess.run(
        [
            str(shutil.which("kerjasama")),
            "ahp",
            "collect",
            str(tmp_path / "kuesioner.xlsx"),
            "-o",
            str(tmp_path / "perbandingan.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    collected = (tmp_path / "perbandingan.csv").read_text(encoding="utf-8")
    assert collected == core.export_csv(rnd, "(goal)")


TREE = {
    "benefit": {"column": "manfaat", "label": "Manfaat", "label_en": "Benefit"},
    "real_need": {"label": "Kebutuhan nyata", "label_en": "Real need"},
    "gap": {"column": "kesenjangan", "parent": "real_need"},
    "beneficiaries": {"column": "penerima", "parent": "real_need"},
    "reach": {"column": "jangkauan", "parent": "real_need"},
    "potential": {"column": "potensi", "label": "Potensi", "label_en": "Potential"},
}


def test_every_sub_criterion_group_is_asked_and_weighs_as_kerjasama_weights(
    world: World, tmp_path: Path
) -> None:
    mapping = Mapping.objects.get(pk=world.mapping)
    mapping.criteria = TREE
    mapping.save()
    rnd = JudgementRound.objects.create(
        mapping=mapping, number=1, title="Putaran Pohon", groups=core.criteria_groups(mapping)
    )
    assert [g["node"] for g in rnd.groups] == ["(goal)", "real_need"]
    assert [k for k, _ in rnd.groups[0]["criteria"]] == ["real_need", "benefit", "potential"]
    assert [k for k, _ in rnd.groups[1]["criteria"]] == ["gap", "beneficiaries", "reach"]
    page = world.client(A).get(_url(world, "1/isi/")).content.decode()
    assert "Kriteria utama" in page and "Kebutuhan nyata" in page and 'id="status-g1"' in page
    users = _three_members(world)
    answers = {
        0: [
            ("real_need", "benefit", 3.0),
            ("real_need", "potential", 5.0),
            ("benefit", "potential", 2.0),
        ],
        1: [
            ("gap", "beneficiaries", 1 / 3),
            ("gap", "reach", 1.0),
            ("beneficiaries", "reach", 4.0),
        ],
    }
    for k, user in enumerate(users):
        client = _client_of(user)
        for index, rows in answers.items():
            for a, b, value in rows:
                level = min(9, round((value if value >= 1 else 1 / value) + k))
                side = "equal" if level == 1 else ("a" if value >= 1 else "b")
                data = {"group": index, "a": a, "b": b, "side": side, "level": str(level)}
                assert client.post(_url(world, "1/isi/"), data).status_code == 302
    sek = world.client(S)
    sek.post(_url(world, "1/status/"), {"action": "close"})
    rnd.refresh_from_db()
    assert set(rnd.result["groups"]) == {"(goal)", "real_need"}
    for index in (0, 1):
        csv = sek.get(_url(world, f"1/perbandingan/{index}.csv")).content
        (tmp_path / f"perbandingan_{index + 1}.csv").write_bytes(csv)
    data = scenarios.default_data(mapping, "Bobot pohon")
    data.pop("screening")  # the default screening names the default criteria
    data["weights"] = {
        "method": "ahp",
        "judgements": "perbandingan_1.csv",
        "children": {"real_need": {"method": "ahp", "judgements": "perbandingan_2.csv"}},
    }
    (tmp_path / "scenario.toml").write_text(tomli_w.dumps(scenarios.full(mapping, data)))
    exe = shutil.which("kerjasama")
    assert exe is not None
    done = subprocess.run(
        [exe, "weights", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    assert cli["method"] == "hierarchy"
    assert cli["weights"] == pytest.approx(rnd.result["weights"], abs=1e-12)
    assert set(cli["weights"]) == {"gap", "beneficiaries", "reach", "benefit", "potential"}
    for node in ("(goal)", "real_need"):
        assert cli["consensus"][node] == pytest.approx(rnd.result["groups"][node]["consensus"])


def test_the_pages_in_english(world: World, rnd: JudgementRound) -> None:
    member = world.client(A)
    member.post("/bahasa/", {"language": "en", "next": "/"})
    page = member.get(_url(world, "1/isi/")).content.decode()
    assert "which is more important?" in page and "extremely more important" in page
    assert "Main criteria" in page and "Mutual benefit" in page
    sek = world.client(S)
    sek.post("/bahasa/", {"language": "en", "next": "/"})
    assert "Members" in sek.get(_url(world, "1/")).content.decode()
