"""Runs: stored immutably with their inputs and manifest, rendered from hasil.json,
downloadable, re-verifiable, comparable, adoptable once; failures and dead workers."""

from __future__ import annotations

import json
import stat
from datetime import timedelta

from django.utils import timezone
from webworld import World, contoh_data, run_jobs

from mcda_kerjasama.web.tkksd import jobs, runs
from mcda_kerjasama.web.tkksd.middleware import SVG_CSP
from mcda_kerjasama.web.tkksd.models import Job, Mapping, Proposal, Run, Scenario


def _start(world: World, data: dict | None = None, name: str = "Varian") -> Run:  # type: ignore[type-arg]
    mapping = Mapping.objects.get(pk=world.mapping)
    scenario = Scenario.objects.create(mapping=mapping, name=name, data=data or contoh_data())
    response = world.client("perencana").post(
        f"/p/{world.mapping}/hasil/jalankan/", {"scenario": scenario.pk}
    )
    assert response.status_code == 302
    run = Run.objects.filter(mapping=mapping).order_by("-number").first()
    assert run is not None and run.status == "antri"
    return run


def test_result_page_is_the_stored_hasil_json(world: World) -> None:
    run = Run.objects.get(pk=world.run)
    facts = runs.facts(run)
    response = world.client("anggota").get(f"/p/{world.mapping}/hasil/{run.number}/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["rank"], r["id"], r["reason"]) for r in rows] == [
        (i["rank"], i["id"], i["reason"]) for i in facts["priority_list"]
    ]
    page = response.content.decode()
    assert facts["priority_list"][0]["reason"] in page
    assert "K10" in page and "tidak saling menguntungkan" in page  # not eligible, with reason
    assert "Rp 5.000.000.000" in page  # the budget, written the Indonesian way


def test_priority_filters(world: World) -> None:
    client = world.client("pengamat")
    url = f"/p/{world.mapping}/hasil/{world.run_number}/"
    selected = client.get(url, {"group": "selected"}).context["rows"]
    assert selected and all(r["selected"] for r in selected)
    only = client.get(url, {"agency": "Dinas Kesehatan"}).context["rows"]
    assert {r["agency"] for r in only} == {"Dinas Kesehatan"}
    found = client.get(url, {"q": "rendang"}).context["rows"]
    assert [r["id"] for r in found] == ["K06"]
    fragment = client.get(url, {"fragment": "rows", "q": "rendang"}, headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b"K06" in fragment.content


def test_downloads_are_the_stored_files(world: World) -> None:
    run = Run.objects.get(pk=world.run)
    client = world.client("anggota")
    folder = runs.folder(run) / runs.OUTPUTS
    for kind, (name, content_type) in runs.DOWNLOADS.items():
        response = client.get(f"/p/{world.mapping}/hasil/{run.number}/unduh/{kind}/")
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert b"".join(response.streaming_content) == (folder / name).read_bytes()
        assert "attachment" in response["Content-Disposition"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {e["role"] for e in manifest["inputs"]} == {"scenario", "proposals"}


def test_run_folder_is_read_only_and_keeps_its_inputs(world: World) -> None:
    run = Run.objects.get(pk=world.run)
    base = runs.folder(run)
    for path in base.rglob("*"):
        if path.is_file():
            assert not path.stat().st_mode & stat.S_IWUSR, path
    before = (base / runs.INPUTS / "usulan.xlsx").read_bytes()
    Proposal.objects.filter(mapping_id=world.mapping).update(title="berubah")
    assert (base / runs.INPUTS / "usulan.xlsx").read_bytes() == before


def test_charts_are_svg_with_their_own_policy(world: World) -> None:
    client = world.client("anggota")
    for name in runs.CHART_NAMES:
        response = client.get(f"/p/{world.mapping}/hasil/{world.run_number}/grafik/{name}.svg")
        assert response["Content-Type"] == "image/svg+xml"
        assert response["Content-Security-Policy"] == SVG_CSP
        body = b"".join(response.streaming_content)
        assert b"<svg" in body and b"<script" not in body


def test_verify_identical_then_tampered(world: World) -> None:
    run = _start(world)
    run_jobs()
    run.refresh_from_db()
    assert run.status == "selesai"
    client = world.client("sekretariat")
    assert client.post(f"/p/{world.mapping}/hasil/{run.number}/verifikasi/").status_code == 302
    run_jobs()
    run.refresh_from_db()
    assert run.verification["identical"] is True
    report = runs.folder(run) / runs.OUTPUTS / "laporan.html"
    report.chmod(0o644)
    report.write_text("diubah")
    client.post(f"/p/{world.mapping}/hasil/{run.number}/verifikasi/")
    run_jobs()
    run.refresh_from_db()
    assert run.verification["identical"] is False
    assert any("laporan.html" in m for m in run.verification["messages"]["id"])
    page = client.get(f"/p/{world.mapping}/hasil/{run.number}/").content.decode()
    assert "laporan.html" in page


def test_compare_two_runs(world: World) -> None:
    data = contoh_data()
    data["constraints"]["budget"] = 4_000_000_000
    cut = _start(world, data, "Hemat")
    run_jobs()
    client = world.client("anggota")
    response = client.post(
        f"/p/{world.mapping}/hasil/banding/", {"a": world.run_number, "b": cut.number}
    )
    job = Job.objects.get(kind="compare", payload__b=cut.pk)
    assert response["Location"].endswith(f"/tugas/{job.pk}/")
    run_jobs()
    page = client.get(response["Location"])
    result = page.context["result"]
    assert result["dropped"] == ["K02"] and result["added"] == []
    assert "anggaran 2026" in page.content.decode()
    chart = client.get(f"/p/{world.mapping}/tugas/{job.pk}/grafik.svg")
    assert chart.status_code == 200 and b"<svg" in chart.content


def test_adopt_locks_one_run_with_who_and_when(world: World) -> None:
    other = _start(world)
    run_jobs()
    client = world.client("sekretariat")
    client.post(f"/p/{world.mapping}/hasil/{world.run_number}/tetapkan/")
    run = Run.objects.get(pk=world.run)
    assert run.adopted_by.username == "u_sekretariat" and run.adopted_at is not None
    client.post(f"/p/{world.mapping}/hasil/{other.number}/tetapkan/")
    other.refresh_from_db()
    assert other.adopted_at is None  # one official list per mapping
    page = client.get(f"/p/{world.mapping}/").content.decode()
    assert "u_sekretariat" in page and f"#{run.number}" in page


def test_infeasible_run_fails_with_the_cores_message_and_can_be_retried(world: World) -> None:
    data = contoh_data()
    data["constraints"]["budget"] = 2_000_000_000
    run = _start(world, data, "Terlalu hemat")
    run_jobs()
    run.refresh_from_db()
    assert run.status == "gagal"
    assert "K01" in run.error["id"] and "K05" in run.error["id"]
    page = world.client("perencana").get(f"/p/{world.mapping}/hasil/{run.number}/").content.decode()
    assert "K01, K05" in page
    job = runs.job_of(run)
    assert job is not None
    world.client("perencana").post(f"/p/{world.mapping}/tugas/{job.pk}/ulang/")
    run.refresh_from_db()
    job.refresh_from_db()
    assert run.status == "antri" and job.status == "antri"


def test_a_job_whose_worker_died_is_marked_failed(world: World) -> None:
    run = _start(world)
    job = runs.job_of(run)
    assert job is not None
    assert jobs.claim("dead-worker") is not None
    Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(minutes=5))
    assert jobs.reap_dead() == 1
    job.refresh_from_db()
    assert job.status == "gagal" and "worker" in job.message["en"]
    assert jobs.retry(job)
    run_jobs()
    run.refresh_from_db()
    assert run.status == "selesai"


def test_two_workers_never_take_the_same_job(world: World) -> None:
    _start(world)
    first, second = jobs.claim("a"), jobs.claim("b")
    assert first is not None and second is None


def test_progress_page_while_queued(world: World) -> None:
    run = _start(world)
    client = world.client("anggota")
    response = client.get(f"/p/{world.mapping}/hasil/{run.number}/")
    assert b'hx-trigger="every 1s"' in response.content
    fragment = client.get(
        f"/p/{world.mapping}/hasil/{run.number}/",
        {"fragment": "progress"},
        headers={"HX-Request": "true"},
    )
    assert b"<html" not in fragment.content
    run_jobs()
    done = client.get(
        f"/p/{world.mapping}/hasil/{run.number}/",
        {"fragment": "progress"},
        headers={"HX-Request": "true"},
    )
    assert done["HX-Refresh"] == "true"
