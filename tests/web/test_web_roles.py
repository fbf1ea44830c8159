"""Every view against every role: allowed roles get their page (or their redirect), a
member without the capability gets 403, a user outside the mapping 404 and an
anonymous visitor the login page; a refusal never shows the mapping's content."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from webworld import ROLES, World

from mcda_kerjasama.web.tkksd.models import Job, Membership, Run

S, OPD, A, P, W = "sekretariat", "opd", "anggota", "perencana", "pengamat"
ALL = {S, OPD, A, P, W}
READERS = {S, A, P, W}

# (name, method, url maker, data maker, roles allowed)
Case = tuple[str, str, Callable[[World], str], Callable[[World], dict[str, object]], set[str]]


def _m(path: str) -> Callable[[World], str]:
    return lambda w: f"/p/{w.mapping}/" + path.format(w=w)


def _none(w: World) -> dict[str, object]:
    return {}


def _membership(w: World, role: str) -> int:
    return int(Membership.objects.get(mapping_id=w.mapping, user__username=w.users[role]).pk)


def _compare_job(w: World) -> int:
    run = Run.objects.get(pk=w.run)
    job = Job.objects.create(mapping=run.mapping, kind="compare", payload={"a": w.run, "b": w.run})
    return job.pk


CASES: list[Case] = [
    ("dashboard", "get", _m(""), _none, ALL),
    ("proposals", "get", _m("usulan/"), _none, ALL),
    ("proposals filtered", "get", _m("usulan/?status=diterima&q=air"), _none, ALL),
    ("proposal new", "get", _m("usulan/baru/"), _none, {S, OPD}),
    ("proposal own", "get", _m("usulan/{w.own_draft}/"), _none, ALL),
    ("proposal of another agency", "get", _m("usulan/{w.foreign}/"), _none, READERS),
    ("proposal edit", "get", _m("usulan/{w.own_draft}/ubah/"), _none, {S, OPD}),
    ("proposal edit other agency", "get", _m("usulan/{w.foreign}/ubah/"), _none, set()),
    ("proposal submit", "post", _m("usulan/{w.own_draft}/submit/"), _none, {S, OPD}),
    ("proposal accept", "post", _m("usulan/{w.own_submitted}/accept/"), _none, {S}),
    (
        "proposal return",
        "post",
        _m("usulan/{w.own_submitted}/return/"),
        lambda w: {"comment": "lengkapi"},
        {S},
    ),
    ("proposal delete", "post", _m("usulan/{w.own_draft}/delete/"), _none, {S, OPD}),
    ("submit all", "post", _m("usulan/ajukan-semua/"), _none, {S, OPD}),
    ("accept all", "post", _m("usulan/terima-semua/"), _none, {S}),
    ("template", "get", _m("usulan/templat.xlsx"), _none, ALL),
    ("export accepted", "get", _m("usulan/usulan.xlsx"), _none, READERS),
    ("upload", "get", _m("unggah/"), _none, {S, OPD}),
    ("upload confirm (the secretariat's)", "post", _m("unggah/{w.upload}/simpan/"), _none, {S}),
    ("members", "get", _m("anggota/"), _none, {S}),
    (
        "invite",
        "post",
        _m("anggota/"),
        lambda w: {"invite": "1", "name": "Budi", "role": "anggota"},
        {S},
    ),
    (
        "member remove",
        "post",
        lambda w: f"/p/{w.mapping}/anggota/{_membership(w, 'pengamat')}/hapus/",
        lambda w: {"kind": "member"},
        {S},
    ),
    ("scenarios", "get", _m("skenario/"), _none, READERS),
    ("scenario new", "get", _m("skenario/baru/"), _none, {S, P}),
    ("scenario", "get", _m("skenario/{w.scenario}/"), _none, READERS),
    ("scenario export", "get", _m("skenario/{w.scenario}/scenario.toml"), _none, READERS),
    ("screening", "get", _m("skenario/{w.scenario}/saring/"), _none, {S, P}),
    ("scenario delete", "post", _m("skenario/{w.scenario}/hapus/"), _none, {S, P}),
    ("runs", "get", _m("hasil/"), _none, READERS),
    ("run start", "post", _m("hasil/jalankan/"), lambda w: {"scenario": w.scenario}, {S, P}),
    ("run", "get", _m("hasil/{w.run_number}/"), _none, READERS),
    ("run rows", "get", _m("hasil/{w.run_number}/?fragment=rows&group=selected"), _none, READERS),
    *[
        (f"download {k}", "get", _m("hasil/{w.run_number}/unduh/" + k + "/"), _none, READERS)
        for k in ("xlsx", "csv", "json", "html", "manifest")
    ],
    ("input toml", "get", _m("hasil/{w.run_number}/masukan/scenario.toml"), _none, READERS),
    ("input xlsx", "get", _m("hasil/{w.run_number}/masukan/usulan.xlsx"), _none, READERS),
    *[
        (f"chart {k}", "get", _m("hasil/{w.run_number}/grafik/" + k + ".svg"), _none, READERS)
        for k in ("weights", "budget", "staff", "contributions")
    ],
    ("verify", "post", _m("hasil/{w.run_number}/verifikasi/"), _none, {S, P}),
    ("adopt", "post", _m("hasil/{w.run_number}/tetapkan/"), _none, {S}),
    ("compare", "post", _m("hasil/banding/"), lambda w: {"a": 1, "b": 1}, READERS),
    ("audit", "get", _m("audit/"), _none, {S}),
    ("audit export", "get", _m("audit/audit.csv"), _none, {S}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_view_by_role(world: World, case: Case, role: str) -> None:
    _name, method, url_of, data_of, allowed = case
    client = world.client(role)
    url = url_of(world)
    response = getattr(client, method)(url, data_of(world))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/")
        return
    if role in allowed:
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith("/masuk/")
        return
    expected = 404 if role == "outsider" else (403, 404)
    assert response.status_code in ((expected,) if isinstance(expected, int) else expected)
    body = b"".join(response) if hasattr(response, "streaming_content") else response.content
    assert b"Pemetaan Uji Rahasia" not in body  # the mapping's name
    assert b"Air minum lintas wilayah" not in body  # a proposal's title
    assert b"Draf dinas kesehatan" not in body


@pytest.mark.parametrize("role", [S, OPD, A, P, W])
def test_job_views_by_role(world: World, role: str) -> None:
    job = _compare_job(world)
    client = world.client(role)
    for url in (f"/p/{world.mapping}/tugas/{job}/",):
        response = client.get(url)
        assert response.status_code == (200 if role in READERS else 403)


def test_outsider_cannot_reach_objects_by_id(world: World) -> None:
    """An id of another mapping is 404 even for its own secretariat."""
    client = world.client("outsider")
    assert client.get(f"/p/{world.other}/usulan/{world.other_proposal}/").status_code == 200
    assert client.get(f"/p/{world.other}/usulan/{world.foreign}/").status_code == 404
    assert client.get(f"/p/{world.other}/hasil/{world.run_number}/").status_code == 404
    sek = world.client("sekretariat")
    assert sek.get(f"/p/{world.mapping}/usulan/{world.other_proposal}/").status_code == 404


def test_home_lists_only_own_mappings(world: World) -> None:
    page = world.client("outsider").get("/").content.decode()
    assert "Pemetaan Lain" in page and "Pemetaan Uji Rahasia" not in page
    assert world.client("opd").get("/pemetaan/baru/").status_code == 403
    assert world.client("sekretariat").get("/pemetaan/baru/").status_code == 200
