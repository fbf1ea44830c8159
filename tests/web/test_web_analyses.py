"""The run's analyses as background jobs (issue 16 §4-5): every view against every role,
the lifecycle queued -> running with progress (seen in the page while the job runs) ->
done with the result and charts, equal to the core's own analyses on the run's stored
inputs; a worker that dies -> failed -> retried -> done; bad input refused before
anything is queued; an analysis the core refuses fails with the core's message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from webworld import ROLES, World, run_jobs

from mcda_kerjasama import load_scenario
from mcda_kerjasama.pipeline import prepare, sensitivity, sweep
from mcda_kerjasama.portfolio.frontier import compute_frontier
from mcda_kerjasama.sensitivity.oneway import one_way
from mcda_kerjasama.web.tkksd import jobs, runs
from mcda_kerjasama.web.tkksd.models import AuditEntry, Job, Run
from mcda_kerjasama.web.tkksd.views.base import is_htmx

S, OPD, A, P, W = "sekretariat", "opd", "anggota", "perencana", "pengamat"
READERS = {S, A, P, W}


def _url(world: World, tail: str = "") -> str:
    return f"/p/{world.mapping}/hasil/{world.run_number}/analisis/{tail}"


def _job(world: World, kind: str = "montecarlo", by: str = P, **payload: Any) -> Job:
    run = Run.objects.get(pk=world.run)
    defaults: dict[str, Any] = {
        "montecarlo": {"draws": 100, "seed": 7},
        "frontier": {"steps": 4},
        "sweep": {"grid": [["constraints.budget", ["2e9", "5e9"]]]},
        "oneway": {},
    }[kind]
    from django.contrib.auth.models import User

    user = User.objects.get(username=world.users[by])
    return jobs.enqueue(
        kind, run.mapping, user, run=run.pk, number=run.number, **(defaults | payload)
    )


def _inputs(world: World, sets: list[str] | None = None) -> Any:
    return load_scenario(runs.folder(Run.objects.get(pk=world.run)) / runs.INPUTS, sets or [])


Case = tuple[str, str, Callable[[World], str], Callable[[World], dict[str, Any]], set[str]]
CASES: list[Case] = [
    ("analyses", "get", lambda w: _url(w), lambda w: {}, READERS),
    (
        "start montecarlo",
        "post",
        lambda w: _url(w, "mulai/"),
        lambda w: {"kind": "montecarlo", "draws": 50, "seed": 1},
        {S, P},
    ),
    ("start oneway", "post", lambda w: _url(w, "mulai/"), lambda w: {"kind": "oneway"}, {S, P}),
    (
        "start frontier",
        "post",
        lambda w: _url(w, "mulai/"),
        lambda w: {"kind": "frontier", "steps": 3},
        {S, P},
    ),
    (
        "start sweep",
        "post",
        lambda w: _url(w, "mulai/"),
        lambda w: {"kind": "sweep", "grid": "constraints.budget=2e9|5e9"},
        {S, P},
    ),
    ("analysis", "get", lambda w: _url(w, f"{_job(w).pk}/"), lambda w: {}, READERS),
    (
        "analysis retry (the starter's or the secretariat's)",
        "post",
        lambda w: _url(w, f"{_job(w).pk}/ulang/"),
        lambda w: {},
        {S, P},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_analysis_views_by_role(world: World, case: Case, role: str) -> None:
    _name, method, url_of, data_of, allowed = case
    before = Job.objects.count()
    url = url_of(world)
    made = Job.objects.count() - before  # a job the case itself made
    response = getattr(world.client(role), method)(url, data_of(world))
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")
        return
    if role in allowed:
        assert response.status_code in (200, 302), (url, response.status_code)
        return
    assert response.status_code == (404 if role == "outsider" else 403)
    assert b"Pemetaan Uji Rahasia" not in response.content
    assert b"Air minum lintas wilayah" not in response.content
    assert Job.objects.count() - before == made  # nothing queued by a refused request


def test_chart_by_role_and_a_job_of_another_run_is_404(world: World) -> None:
    job = _job(world, "oneway")
    run_jobs()
    chart = _url(world, f"{job.pk}/grafik/tornado.svg")
    for role in ROLES:
        response = world.client(role).get(chart)
        expected = {"anonymous": 302, "outsider": 404, OPD: 403}.get(role, 200)
        assert response.status_code == expected, role
        if expected == 200:
            assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content
    client = world.client(S)
    assert client.get(_url(world, f"{job.pk}/grafik/nothing.svg")).status_code == 404
    compare = Job.objects.create(
        mapping_id=world.mapping, kind="compare", payload={"run": world.run}
    )
    assert client.get(_url(world, f"{compare.pk}/")).status_code == 404  # not an analysis
    assert (
        client.get(f"/p/{world.other}/hasil/{world.run_number}/analisis/{job.pk}/").status_code
        == 404
    )


@pytest.fixture
def spy() -> Iterator[list[Callable[[Job], None]]]:
    """Calls made from inside a running analysis, at its first progress report."""
    calls: list[Callable[[Job], None]] = []
    original = dict(jobs._HANDLERS)
    jobs.load_handlers()
    for kind in ("montecarlo", "oneway", "frontier", "sweep"):
        handler = jobs._HANDLERS[kind]

        def wrapped(
            job: Job, progress: jobs.Progress, handler: jobs.Handler = handler
        ) -> dict[str, Any]:
            seen = False

            def report(fraction: float) -> None:
                nonlocal seen
                progress(fraction)
                if not seen and fraction > 0:
                    seen = True
                    for call in calls:
                        call(job)

            return handler(job, report)

        jobs._HANDLERS[kind] = wrapped
    yield calls
    jobs._HANDLERS.clear()
    jobs._HANDLERS.update(original)


def test_lifecycle_queued_running_with_progress_done(world: World, spy: list[Any]) -> None:
    client = world.client(P)
    response = client.post(
        _url(world, "mulai/"), {"kind": "montecarlo", "draws": "200", "seed": "11"}
    )
    job = Job.objects.get(kind="montecarlo", payload__run=world.run)
    assert response["Location"] == _url(world, f"{job.pk}/")
    assert job.status == "antri" and job.payload["draws"] == 200
    queued = client.get(_url(world, f"{job.pk}/"), headers={"HX-Request": "true"}).content.decode()
    assert (
        'hx-trigger="every 1s"' in queued
        and "<html" not in queued
        and 'data-status="antri"' in queued
    )
    page = client.get(_url(world, f"{job.pk}/")).content.decode()
    assert "<noscript>" in page and "<html" in page  # a reload link without script

    seen: list[str] = []

    def look(running: Job) -> None:
        fragment = client.get(_url(world, f"{running.pk}/"), headers={"HX-Request": "true"})
        seen.append(fragment.content.decode())

    spy.append(look)
    assert run_jobs() == 1
    assert len(seen) == 1
    assert 'data-status="berjalan"' in seen[0] and 'hx-trigger="every 1s"' in seen[0]
    value = float(seen[0].split('id="analysis-progress" max="1" value="')[1].split('"')[0])
    assert 0 < value < 1
    job.refresh_from_db()
    assert job.status == "selesai" and job.progress == 1.0
    done = client.get(_url(world, f"{job.pk}/"), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and 'id="analysis-done"' in done  # polling stops
    # the stored result is the core's own analysis of the run's stored inputs
    expected = sensitivity(_inputs(world, ["sensitivity.draws=200", "sensitivity.seed=11"]))
    mc = expected.monte_carlo
    assert job.result["selection_frequency"] == pytest.approx(mc.selection_frequency.to_dict())
    assert job.result["classification"] == mc.classification.to_dict()
    for name in ("frequency", "tornado"):
        assert f"grafik/{name}.svg" in done
        assert b"<svg" in client.get(_url(world, f"{job.pk}/grafik/{name}.svg")).content
    assert AuditEntry.objects.filter(action="analysis_queued", username=world.users[P]).exists()
    listing = client.get(_url(world)).content.decode()
    assert f'href="{_url(world, f"{job.pk}/")}"' in listing


def test_oneway_frontier_and_sweep_equal_the_core(world: World) -> None:
    oneway, frontier, grid = _job(world, "oneway"), _job(world, "frontier"), _job(world, "sweep")
    assert run_jobs() == 3
    for job in (oneway, frontier, grid):
        job.refresh_from_db()
        assert job.status == "selesai", job.message
    scenario = _inputs(world)
    problem = prepare(scenario).problem
    expected = one_way(problem, top_k=scenario.sensitivity.top_k)
    for c, (lo, hi) in expected.weight_intervals.items():
        assert oneway.result["weight_intervals"][c] == [pytest.approx(lo), pytest.approx(hi)]
    points = compute_frontier(problem, steps=4).points
    assert [p["selected"] for p in frontier.result["points"]] == points["selected"].tolist()
    assert [p["status"] for p in frontier.result["points"]] == points["status"].tolist()
    table = sweep(scenario, [("constraints.budget", ["2e9", "5e9"])])
    assert [r["ids"] for r in grid.result["rows"]] == table["ids"].tolist()
    client = world.client(W)
    page = client.get(_url(world, f"{grid.pk}/")).content.decode()
    assert "constraints.budget" in page and table["ids"].tolist()[1] in page
    page = client.get(_url(world, f"{frontier.pk}/")).content.decode()
    assert "grafik/frontier.svg" in page


def test_core_progress_callbacks_count_their_units(world: World) -> None:
    problem = prepare(_inputs(world)).problem
    criteria: list[int] = []
    one_way(problem, progress=criteria.append)
    assert criteria == [1, 2, 3, 4, 5]
    levels: list[int] = []
    compute_frontier(problem, steps=3, progress=levels.append)
    assert levels == [1, 2, 3, 4]


def test_worker_death_fails_the_job_and_retry_finishes_it(world: World) -> None:
    job = _job(world, "frontier")
    assert jobs.claim("a-worker-that-dies") is not None
    Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(minutes=5))
    assert jobs.reap_dead() == 1
    client = world.client(P)
    page = client.get(_url(world, f"{job.pk}/")).content.decode()
    assert (
        'data-status="gagal"' in page and 'id="analysis-retry"' in page and "hx-trigger" not in page
    )
    assert "Pekerja latar belakang berhenti" in page  # the reason, in Indonesian
    assert world.client(A).post(_url(world, f"{job.pk}/ulang/")).status_code == 403  # not theirs
    response = client.post(_url(world, f"{job.pk}/ulang/"))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "antri" and job.progress == 0.0
    assert run_jobs() == 1
    job.refresh_from_db()
    assert job.status == "selesai" and job.attempts == 2
    assert AuditEntry.objects.filter(action="analysis_retried").exists()
    # a job that is not failed is not queued again
    assert client.post(_url(world, f"{job.pk}/ulang/")).status_code == 302
    job.refresh_from_db()
    assert job.status == "selesai"


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "montecarlo", "draws": "0", "seed": "1"},
        {"kind": "montecarlo", "draws": "banyak", "seed": "1"},
        {"kind": "montecarlo", "draws": "1000000", "seed": "1"},
        {"kind": "frontier", "steps": "0"},
        {"kind": "sweep", "grid": "constraints.budget"},
        {"kind": "sweep", "grid": ""},
        {
            "kind": "sweep",
            "grid": "a=1|2|3|4|5|6|7|8|9|10|11|12|13|14|15\nb=1|2|3|4|5|6|7|8|9|10|11|12|13|14",
        },
    ],
)
def test_bad_input_is_refused_before_anything_is_queued(world: World, data: dict[str, str]) -> None:
    response = world.client(S).post(_url(world, "mulai/"), data, follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    assert not Job.objects.filter(kind__in=("montecarlo", "frontier", "sweep")).exists()


def test_unknown_kind_is_404(world: World) -> None:
    assert world.client(S).post(_url(world, "mulai/"), {"kind": "run"}).status_code == 404


def test_an_analysis_the_core_refuses_fails_with_its_message(world: World) -> None:
    job = _job(world, "sweep", grid=[["constraints.no_such_key", ["1"]]])
    run_jobs()
    job.refresh_from_db()
    assert job.status == "gagal"
    assert "no_such_key" in job.message["id"] and "no_such_key" in job.message["en"]
    page = world.client(P).get(_url(world, f"{job.pk}/")).content.decode()
    assert "no_such_key" in page


def test_is_htmx_reads_the_header(rf: Any) -> None:
    assert is_htmx(rf.get("/", headers={"HX-Request": "true"}))
    assert not is_htmx(rf.get("/"))
