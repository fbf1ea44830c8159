"""The analyses of a run in the background (issue 16 §4): Monte Carlo and one-way
sensitivity, the budget frontier and sweeps are queued as jobs (the page does not wait);
their page polls the job's fragment (htmx) until it is done, or refreshes itself without
script, and then shows the stored result with its charts. A failed job (its worker
died, or the analysis refused its input) can be retried."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcda_kerjasama.errors import InputError
from mcda_kerjasama.web.tkksd import analysis, audit, jobs, plenary, runs
from mcda_kerjasama.web.tkksd.models import Job, Mapping, Membership, Run, RunStatus
from mcda_kerjasama.web.tkksd.roles import can
from mcda_kerjasama.web.tkksd.views.base import is_htmx, lang, member_view, page

CHARTS = {
    "montecarlo": ("frequency", "tornado"),
    "oneway": ("tornado",),
    "frontier": ("frontier",),
    "sweep": (),
}


def _done_run(mapping: Mapping, number: int) -> Run:
    run = get_object_or_404(Run, mapping=mapping, number=number)
    if run.status != RunStatus.DONE:
        raise Http404
    return run


def _job(run: Run, pk: int) -> Job:
    return get_object_or_404(
        Job, pk=pk, mapping=run.mapping, kind__in=analysis.KINDS, payload__run=run.pk
    )


def _defaults(run: Run) -> dict[str, Any]:
    data = plenary.base_data(run)
    sens = data.get("sensitivity", {}) if isinstance(data.get("sensitivity"), dict) else {}
    return {
        "draws": int(sens.get("draws", 1000)),
        "seed": int(sens.get("seed", 2026)),
        "steps": 20,
        "grid": "",
    }


@member_view("view_results")
def analyses(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """The run's analyses: launch forms and every analysis job with its state."""
    run = _done_run(mapping, number)
    return page(
        request,
        "tkksd/analyses/analyses.html",
        mapping,
        member,
        nav="runs",
        run=run,
        jobs=analysis.of_run(run),
        form=_defaults(run),
        limits={"draws": analysis.MAX_DRAWS, "steps": analysis.MAX_STEPS},
    )


def _int(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


@require_POST
@member_view("start_runs")
def analysis_start(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """Queue an analysis of the run (``kind``: montecarlo, oneway, frontier, sweep)."""
    run = _done_run(mapping, number)
    kind = request.POST.get("kind", "")
    if kind not in analysis.KINDS:
        raise Http404
    payload: dict[str, Any] = {"run": run.pk, "number": run.number}
    if kind == "montecarlo":
        draws = _int(request.POST.get("draws"), 1, analysis.MAX_DRAWS)
        seed = _int(request.POST.get("seed"), 0, 2**31 - 1)
        if draws is None or seed is None:
            messages.error(
                request,
                _("Draws must be a whole number from 1 to %(n)d and the seed a whole number ≥ 0.")
                % {"n": analysis.MAX_DRAWS},
            )
            return redirect("analyses", mapping_id=mapping.pk, number=number)
        payload.update(draws=draws, seed=seed)
    elif kind == "frontier":
        steps = _int(request.POST.get("steps"), 1, analysis.MAX_STEPS)
        if steps is None:
            messages.error(
                request,
                _("Steps must be a whole number from 1 to %(n)d.") % {"n": analysis.MAX_STEPS},
            )
            return redirect("analyses", mapping_id=mapping.pk, number=number)
        payload.update(steps=steps)
    elif kind == "sweep":
        try:
            grid = analysis.parse_grid(request.POST.get("grid", ""))
        except InputError as error:
            messages.error(request, error.render(lang()))
            return redirect("analyses", mapping_id=mapping.pk, number=number)
        if analysis.variants(grid) > analysis.MAX_VARIANTS:
            messages.error(
                request,
                _("A sweep may have at most %(n)d variants; this one has %(m)d.")
                % {"n": analysis.MAX_VARIANTS, "m": analysis.variants(grid)},
            )
            return redirect("analyses", mapping_id=mapping.pk, number=number)
        payload.update(grid=[[k, v] for k, v in grid])
    job = jobs.enqueue(kind, mapping, request.user, **payload)
    audit.record(request, "analysis_queued", mapping, f"#{run.number}", kind=kind, job=job.pk)
    return redirect("analysis", mapping_id=mapping.pk, number=number, pk=job.pk)


def _result_context(run: Run, job: Job) -> dict[str, Any]:
    """What the result part of the page shows."""
    result = job.result if job.status == "selesai" else {}
    context: dict[str, Any] = {"result": result, "charts": CHARTS.get(job.kind, ())}
    if job.kind == "montecarlo" and result:
        freq = result.get("selection_frequency", {})
        classes = result.get("classification", {})
        error = result.get("standard_error", {})
        rows = sorted(
            (
                {"id": pid, "share": f, "error": error.get(pid), "class": classes.get(pid, "")}
                for pid, f in freq.items()
            ),
            key=lambda row: -float(row["share"] or 0),
        )
        titles = {i["id"]: i["title"] for i in runs.facts(run)["priority_list"]}
        context["borderline"] = [
            {**r, "title": titles.get(r["id"], "")} for r in rows if r["class"] == "borderline"
        ]
        context["classes"] = {
            name: sum(1 for r in rows if r["class"] == name)
            for name in ("core", "borderline", "exterior")
        }
        chosen = set(runs.facts(run)["selected"])
        context["portfolios"] = [
            {
                "share": p["share"],
                "added": [i for i in p["portfolio"] if i not in chosen],
                "removed": sorted(chosen - set(p["portfolio"])),
            }
            for p in result.get("portfolios", [])[:5]
        ]
    if job.kind in ("montecarlo", "oneway") and result:
        context["tornado"] = result.get("tornado", [])
    if job.kind == "frontier" and result:
        context["points"] = result.get("points", [])
    if job.kind == "sweep" and result:
        context["keys"] = result.get("keys", [])
        context["rows"] = [
            {**row, "values": [row.get(k) for k in result.get("keys", [])]}
            for row in result.get("rows", [])
        ]
    return context


@member_view("view_results")
def analysis_detail(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int, pk: int
) -> HttpResponse:
    """One analysis: its progress (htmx polls the fragment every second; without
    script the page refreshes itself) and, when done, its result and charts."""
    run = _done_run(mapping, number)
    job = _job(run, pk)
    context = {"run": run, "job": job, **_result_context(run, job)}
    if is_htmx(request):
        return page(request, "tkksd/analyses/_job.html", mapping, member, **context)
    return page(request, "tkksd/analyses/analysis.html", mapping, member, nav="runs", **context)


@member_view("view_results")
def analysis_chart(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int, pk: int, name: str
) -> HttpResponse:
    """A chart of a finished analysis, as SVG (drawn by the job)."""
    run = _done_run(mapping, number)
    job = _job(run, pk)
    chart = job.result.get("charts", {}).get(name) if job.status == "selesai" else None
    if not chart:
        raise Http404
    response = HttpResponse(chart, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"  # a finished job never changes
    return response


@require_POST
@member_view("view_results")
def analysis_retry(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int, pk: int
) -> HttpResponse:
    """Queue a failed analysis again (its starter, or the secretariat)."""
    run = _done_run(mapping, number)
    job = _job(run, pk)
    if job.created_by_id != request.user.pk and not can(member.role, "manage_mapping"):
        raise PermissionDenied
    if jobs.retry(job):
        audit.record(
            request, "analysis_retried", mapping, f"#{run.number}", kind=job.kind, job=job.pk
        )
    return redirect("analysis", mapping_id=mapping.pk, number=number, pk=job.pk)
