"""Proposal intake: the form (the core's messages beside the fields), the upload (every
problem at once, the gallery of broken files giving the core's own located messages,
nothing saved before confirmation), the statuses and the history."""

from __future__ import annotations

import html
import shutil
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from webworld import CONTOH, OPD_AGENCY, World

from mcda_kerjasama import check, load_scenario
from mcda_kerjasama.errors import InputError
from mcda_kerjasama.web.tkksd.models import AuditEntry, Proposal, ProposalEvent

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import BASE_TOML

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"

GOOD = {
    "kode": "N01",
    "judul": "Layanan rujukan bersama",
    "opd": OPD_AGENCY,
    "urusan": "1.02",
    "jenis": "KSDD",
    "sifat": "sukarela",
    "mitra": "Kota Padang",
    "biaya": "Rp 1,5 M",
    "staf": "2",
    "durasi": "1",
    "tahun_mulai": "",
    "status": "usulan",
    "prasyarat": "",
    "kelompok": "",
    "rpjmd": "IKU-1.02-01",
    "saling_menguntungkan": "4",
    "kebutuhan_nyata": "5",
    "potensi": "3",
    "keberlanjutan": "4",
    "inklusif": "3",
}


def _new(world: World) -> str:
    return f"/p/{world.mapping}/usulan/baru/"


def test_form_saves_a_valid_proposal_as_draft_with_history(world: World) -> None:
    response = world.client("opd").post(_new(world), GOOD)
    assert response.status_code == 302
    proposal = Proposal.objects.get(mapping_id=world.mapping, code="N01")
    assert proposal.status == "draf" and proposal.agency == OPD_AGENCY
    assert proposal.values["biaya"] == "Rp 1,5 M"  # stored as typed, read by the core
    assert ProposalEvent.objects.filter(proposal=proposal, action="created").exists()
    assert AuditEntry.objects.filter(action="proposal_created", target="N01").exists()


def test_form_errors_are_the_cores_messages_beside_their_fields(world: World) -> None:
    bad = {
        **GOOD,
        "biaya": "Rp 1.5 M",
        "durasi": "7",
        "urusan": "9.99",
        "judul": "",
        "prasyarat": "ZZZ",
        "potensi": "9",
    }
    response = world.client("opd").post(_new(world), bad)
    assert response.status_code == 422
    assert not Proposal.objects.filter(code="N01").exists()
    page = response.content.decode()
    form = response.context["form"]
    # the core says the same about the same cells in a file
    expected = _core_problems(world, bad)
    assert set(form.errors) >= {"biaya", "durasi", "urusan", "judul", "prasyarat", "potensi"}
    for field, message in expected.items():
        assert message in form.errors[field], (field, form.errors[field])
        assert html.escape(message) in page
    assert "ambigu" in form.errors["biaya"][0] or "bermakna ganda" in form.errors["biaya"][0]


def _core_problems(world: World, cells: dict[str, str]) -> dict[str, str]:
    """What the core reader says about one row holding ``cells``, by column (body only)."""
    from mcda_kerjasama.web.tkksd.intake import body, check_form
    from mcda_kerjasama.web.tkksd.models import Mapping

    mapping = Mapping.objects.get(pk=world.mapping)
    found = check_form(mapping, cells)
    return {p.column: body(p, "id") for p in found.errors if p.column}


def test_duplicate_code_is_the_readers_duplicate_message(world: World) -> None:
    response = world.client("sekretariat").post(_new(world), {**GOOD, "kode": "K01"})
    assert response.status_code == 422
    assert "kode" in response.context["form"].errors


def test_opd_cannot_enter_for_another_agency(world: World) -> None:
    client = world.client("opd")
    response = client.post(_new(world), {**GOOD, "opd": "Dinas Lain"})
    # the field is fixed to the member's agency: what was sent is ignored
    assert response.status_code == 302
    assert Proposal.objects.get(code="N01").agency == OPD_AGENCY


def test_english_form_shows_english_messages(world: World) -> None:
    client = world.client("opd")
    client.cookies["django_language"] = "en"
    response = client.post(_new(world), {**GOOD, "durasi": "7"})
    assert "duration 7 years is outside 1-5 years" in response.context["form"].errors["durasi"][0]


def test_status_workflow_and_comment(world: World) -> None:
    opd, sek = world.client("opd"), world.client("sekretariat")
    base = f"/p/{world.mapping}/usulan/{world.own_draft}/"
    assert opd.post(base + "accept/").status_code == 403  # only the secretariat accepts
    assert opd.post(base + "submit/").status_code == 302
    assert Proposal.objects.get(pk=world.own_draft).status == "diajukan"
    assert opd.get(base + "ubah/").status_code == 403  # submitted: no more edits
    assert sek.post(base + "return/", {"comment": ""}).status_code == 302  # comment needed
    assert Proposal.objects.get(pk=world.own_draft).status == "diajukan"
    sek.post(base + "return/", {"comment": "Lengkapi indikator RPJMD"})
    proposal = Proposal.objects.get(pk=world.own_draft)
    assert proposal.status == "dikembalikan"
    page = opd.get(base).content.decode()
    assert "Lengkapi indikator RPJMD" in page
    assert opd.post(base + "ubah/", {**proposal.values, "judul": "Judul baru"}).status_code == 302
    opd.post(base + "submit/")
    sek.post(base + "accept/")
    proposal = Proposal.objects.get(pk=world.own_draft)
    assert proposal.status == "diterima" and proposal.title == "Judul baru"
    actions = list(proposal.events.values_list("action", flat=True))
    assert actions == ["submit", "return", "edited", "submit", "accept"]
    edited = proposal.events.get(action="edited")
    assert edited.changes["judul"] == ["Draf dinas kesehatan", "Judul baru"]
    assert edited.user.username == "u_opd"


def test_deadline_closes_intake_for_agencies_only(world: World) -> None:
    import datetime

    from mcda_kerjasama.web.tkksd.models import Mapping

    Mapping.objects.filter(pk=world.mapping).update(deadline=datetime.date(2020, 1, 1))
    assert world.client("opd").get(_new(world)).status_code == 403
    assert (
        world.client("opd").post(f"/p/{world.mapping}/usulan/{world.own_draft}/submit/").status_code
        == 403
    )
    assert world.client("sekretariat").get(_new(world)).status_code == 200


# --- upload --------------------------------------------------------------------------------


def _upload(client, world: World, name: str, content: bytes):  # type: ignore[no-untyped-def]
    sent = SimpleUploadedFile(name, content)
    return client.post(f"/p/{world.mapping}/unggah/", {"file": sent})


def _contoh_rows(agency: str) -> bytes:
    lines = (CONTOH / "usulan.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for i, line in enumerate(lines[1:4]):
        cells = line.split(";")
        cells[0], cells[2] = f"U{i + 1:02d}", agency
        out.append(";".join(cells))
    return ("\n".join(out) + "\n").encode()


def test_upload_lists_every_problem_and_saves_nothing_until_confirmed(world: World) -> None:
    client = world.client("opd")
    content = _contoh_rows(OPD_AGENCY).replace(b"Rp 600.000.000", b"Rp 6OO jt")
    content = content.replace(b";4;2;;usulan", b";4;9;;usulan")
    before = Proposal.objects.count()
    response = _upload(client, world, "usulan.csv", content)
    assert response.status_code == 200
    problems = response.context["problems"]
    assert {(p["row"], p["column"]) for p in problems if p["severity"] == "error"} == {
        (4, "biaya"),
        (3, "durasi"),
    }
    assert Proposal.objects.count() == before  # nothing saved yet
    upload = response.context["upload"]
    assert [r["row"] for r in upload.rows] == [2]  # the valid row waits
    response = client.post(f"/p/{world.mapping}/unggah/{upload.pk}/simpan/")
    assert response.status_code == 302
    assert Proposal.objects.count() == before + 1
    assert Proposal.objects.get(code="U01").status == "draf"
    assert client.post(f"/p/{world.mapping}/unggah/{upload.pk}/simpan/").status_code == 404  # once
    assert Proposal.objects.count() == before + 1


def test_upload_of_another_agencys_rows_is_refused_per_row(world: World) -> None:
    response = _upload(world.client("opd"), world, "usulan.csv", _contoh_rows("Dinas Lain"))
    errors = [p for p in response.context["problems"] if p["severity"] == "error"]
    assert {p["row"] for p in errors} == {2, 3, 4}
    assert response.context["upload"].rows == []


def test_upload_replaces_own_drafts_but_not_submitted_proposals(world: World) -> None:
    sek = world.client("sekretariat")
    content = _contoh_rows(OPD_AGENCY).replace(b"U01;", b"D01;").replace(b"U02;", b"D02;")
    response = _upload(sek, world, "usulan.csv", content)
    problems = response.context["problems"]
    rows = {r["values"]["kode"] for r in response.context["upload"].rows}
    assert rows == {"D01", "U03"}  # a draft is replaced; a submitted proposal is not
    refused = [p for p in problems if p["severity"] == "error"]
    assert [(p["row"], p["column"]) for p in refused] == [(3, "kode")]
    assert "D02" in refused[0]["text"]


GALLERY = sorted(
    p.name for p in BROKEN.iterdir() if p.suffix in (".csv", ".xlsx") and p.name != "valid.csv"
)


@pytest.mark.parametrize("name", GALLERY)
def test_broken_file_gives_the_cores_located_messages_in_the_page(
    world: World, name: str, tmp_path: Path
) -> None:
    folder = tmp_path / "skenario"
    folder.mkdir()
    shutil.copy(BROKEN / name, folder / name)
    (folder / "scenario.toml").write_text(BASE_TOML.format(proposals=name), "utf-8")
    with pytest.raises(InputError) as info:
        check(load_scenario(folder))
    expected = [p.render("id") for p in info.value.problems]
    response = _upload(world.client("sekretariat"), world, name, (BROKEN / name).read_bytes())
    assert response.status_code in (200, 422)
    shown = [p["text"] for p in response.context["problems"]]
    page = response.content.decode()
    for text in expected:
        assert text in shown, (text, shown)
        assert html.escape(text) in page
    assert "Traceback" not in page
    upload = response.context["upload"]
    assert upload is None or not upload.rows or len(upload.rows) < upload.rows_total


def test_too_large_file_is_refused_with_the_readers_message(world: World) -> None:
    content = b"0" * (50 * 2**20 + 10)
    response = _upload(world.client("sekretariat"), world, "besar.csv", content)
    texts = [p["text"] for p in response.context["problems"]]
    assert any("besar.csv" in t and "50 MB" in t for t in texts), texts


def test_file_of_another_type_is_refused(world: World) -> None:
    response = _upload(world.client("sekretariat"), world, "usulan.pdf", b"%PDF-1.4")
    assert response.context["problems"], response.context
    assert response.context["upload"] is None
