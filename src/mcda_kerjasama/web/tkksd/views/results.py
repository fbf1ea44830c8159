"""Runs and their results: start, progress, the result page (rendered from the run's
``hasil.json``), downloads, charts, verification, comparison and adoption; jobs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcda_kerjasama.web.tkksd import jobs, runs
from mcda_kerjasama.web.tkksd.models import Job, Mapping, Membership, Run, RunStatus, Scenario
from mcda_kerjasama.web.tkksd.roles import can
from mcda_kerjasama.web.tkksd.views.base import is_htmx, lang, member_view, page

GROUPS = ("selected", "reserve", "not_eligible")


@member_view("view_results")
def run_list(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """Every run of the mapping; start a run; pick two to compare."""
    all_runs = list(Run.objects.filter(mapping=mapping).select_related("created_by", "adopted_by"))
    return page(
        request,
        "tkksd/runs.html",
        mapping,
        member,
        runs=all_runs,
        scenarios=mapping.scenarios.all(),
        done=[r for r in all_runs if r.status == RunStatus.DONE],
        accepted=len(runs.accepted(mapping)),
    )


@require_POST
@member_view("start_runs")
def run_start(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """Snapshot the inputs and queue a run (the page does not wait for it)."""
    scenario = get_object_or_404(Scenario, pk=request.POST.get("scenario") or 0, mapping=mapping)
    run = runs.start(request, mapping, scenario)
    return redirect("run", mapping_id=mapping.pk, number=run.number)


def _run(mapping: Mapping, number: int) -> Run:
    return get_object_or_404(Run, mapping=mapping, number=number)


def _rows(
    run: Run, facts: dict[str, Any], request: HttpRequest
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The priority list joined with the proposals' details, filtered as asked."""
    filters = {k: request.GET.get(k, "").strip() for k in ("group", "agency", "kind", "q")}
    query = filters["q"].lower()
    rows = []
    for item in facts["priority_list"]:
        detail = run.details.get(item["id"], {})
        row = {**item, **detail}
        if filters["group"] and item["group"] != filters["group"]:
            continue
        if filters["agency"] and detail.get("agency") != filters["agency"]:
            continue
        if filters["kind"] and detail.get("kind") != filters["kind"]:
            continue
        if query and not any(
            query in str(row.get(k, "")).lower()
            for k in ("id", "title", "agency", "partner", "reason")
        ):
            continue
        rows.append(row)
    return rows, filters


@member_view("view_results")
def run_detail(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """A run: progress while queued or running; its results when done."""
    run = _run(mapping, number)
    job = runs.job_of(run)
    context: dict[str, Any] = {"run": run, "job": job, "verify_job": runs.job_of(run, "verify")}
    if is_htmx(request) and request.GET.get("fragment") == "progress":
        if run.status == RunStatus.DONE:  # finished meanwhile: the whole page, once
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return page(request, "tkksd/_run_progress.html", mapping, member, **context)
    if run.status == RunStatus.DONE:
        facts = runs.facts(run)
        rows, filters = _rows(run, facts, request)
        if is_htmx(request) and request.GET.get("fragment") == "rows":
            return page(request, "tkksd/_priority_rows.html", mapping, member, rows=rows, run=run)
        labels = run.summary.get("labels", {})
        context.update(
            facts=facts,
            rows=rows,
            filters=filters,
            agencies=sorted({d.get("agency", "") for d in run.details.values()}),
            kinds=sorted({d.get("kind", "") for d in run.details.values()}),
            weights=[(labels.get(k, k), w) for k, w in facts["weights"].items()],
            not_eligible=[
                {**n, "title": run.details.get(n["id"], {}).get("title", "")}
                for n in facts["not_eligible"]
            ],
            titles={i["id"]: i["title"] for i in facts["priority_list"]},
            downloads=list(runs.DOWNLOADS),
            charts=runs.CHART_NAMES,
            adopted=Run.objects.filter(mapping=mapping, adopted_at__isnull=False).first(),
            staff_capped=any(u.get("staff_cap") is not None for u in facts["use"]),
        )
    return page(request, "tkksd/run.html", mapping, member, **context)


@member_view("view_results")
def run_download(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int, kind: str
) -> HttpResponse:
    """A stored output file (workbook, CSV, JSON, report, manifest) of a finished run."""
    run = _run(mapping, number)
    if kind not in runs.DOWNLOADS or run.status != RunStatus.DONE:
        raise Http404
    name, content_type = runs.DOWNLOADS[kind]
    response = FileResponse(
        runs.open_output(run, name),
        content_type=content_type,
        as_attachment=True,
        filename=f"run{run.number:03d}_{name}",
    )
    if kind == "html":  # the report is a document: no script may run even when opened here
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        )
    return response


@member_view("view_results")
def run_input(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int, name: str
) -> HttpResponse:
    """The exact inputs of a run (``scenario.toml``, ``usulan.xlsx``)."""
    run = _run(mapping, number)
    types = {
        "scenario.toml": "application/toml; charset=utf-8",
        "usulan.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    if name not in types:
        raise Http404
    path = runs.folder(run) / runs.INPUTS / name
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        content_type=types[name],
        as_attachment=True,
        filename=f"run{run.number:03d}_{name}",
    )


@member_view("view_results")
def run_chart(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int, name: str
) -> HttpResponse:
    """A chart of a finished run, as SVG."""
    run = _run(mapping, number)
    if name not in runs.CHART_NAMES or run.status != RunStatus.DONE:
        raise Http404
    path = runs.folder(run) / runs.CHARTS / f"{name}.svg"
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"  # a run never changes
    return response


@require_POST
@member_view("verify_runs")
def run_verify(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """Queue a verification of the stored run against its manifest."""
    run = _run(mapping, number)
    if run.status != RunStatus.DONE:
        raise Http404
    jobs.enqueue("verify", mapping, request.user, run=run.pk)
    messages.info(request, _("Verification queued; this page shows its outcome when it is done."))
    return redirect("run", mapping_id=mapping.pk, number=number)


@require_POST
@member_view("adopt_runs")
def run_adopt(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """Adopt the run as the official list (locks it; one per mapping)."""
    run = _run(mapping, number)
    if runs.adopt(request, run):
        messages.success(
            request, _("Run #%(n)d adopted as the official priority list.") % {"n": run.number}
        )
    else:
        messages.error(
            request,
            _("This run cannot be adopted: another run is already adopted, or it is not finished."),
        )
    return redirect("run", mapping_id=mapping.pk, number=number)


@require_POST
@member_view("view_results")
def compare(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """Queue a comparison of two finished runs."""
    a = _run(mapping, _int(request.POST.get("a")))
    b = _run(mapping, _int(request.POST.get("b")))
    if RunStatus.DONE not in (a.status,) or b.status != RunStatus.DONE:
        raise Http404
    job = jobs.enqueue(
        "compare", mapping, request.user, a=a.pk, b=b.pk, numbers=[a.number, b.number]
    )
    return redirect("job", mapping_id=mapping.pk, pk=job.pk)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@member_view("view_results")
def job_detail(request: HttpRequest, mapping: Mapping, member: Membership, pk: int) -> HttpResponse:
    """A background job: its progress (polled by htmx) and, for a comparison, its result."""
    job = get_object_or_404(Job, pk=pk, mapping=mapping)
    result = job.result.get(lang()) if job.kind == "compare" and job.status == "selesai" else None
    template = "tkksd/_job.html" if is_htmx(request) else "tkksd/job.html"
    return page(request, template, mapping, member, job=job, result=result)


@member_view("view_results")
def job_chart(request: HttpRequest, mapping: Mapping, member: Membership, pk: int) -> HttpResponse:
    """The chart of a comparison job."""
    job = get_object_or_404(Job, pk=pk, mapping=mapping, kind="compare", status="selesai")
    return HttpResponse(job.result.get("chart", ""), content_type="image/svg+xml")


@require_POST
@member_view("view_results")
def job_retry(request: HttpRequest, mapping: Mapping, member: Membership, pk: int) -> HttpResponse:
    """Queue a failed job again (its starter, or the secretariat)."""
    job = get_object_or_404(Job, pk=pk, mapping=mapping)
    if job.created_by_id != request.user.pk and not can(member.role, "manage_mapping"):
        raise PermissionDenied
    jobs.retry(job)
    if job.kind == "run":
        Run.objects.filter(pk=job.payload.get("run"), status=RunStatus.FAILED).update(
            status=RunStatus.QUEUED, error={}
        )
        run = Run.objects.filter(pk=job.payload.get("run")).first()
        if run is not None:
            return redirect("run", mapping_id=mapping.pk, number=run.number)
    return redirect("job", mapping_id=mapping.pk, pk=job.pk)
