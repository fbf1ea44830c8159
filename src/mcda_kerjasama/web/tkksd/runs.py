"""Runs stored immutably, and the background jobs that compute them.

A run's folder under ``DATA/runs/`` holds ``masukan/`` (the exact inputs: the
``scenario.toml`` and the ``usulan.xlsx`` written from the database when the run was
started), ``hasil/`` (what :func:`mcda_kerjasama.write_outputs` writes: ``hasil.json``,
the workbook, CSV, report and ``manifest.json``, so :func:`verify` works on it) and
``grafik/`` (the charts of :mod:`mcda_kerjasama.plots` as SVG). Files are made
read-only once written. Pages render from ``hasil.json`` and these files; nothing is
recomputed in a view.
"""

from __future__ import annotations

import functools
import io
import json
import secrets
import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from mcda_kerjasama.errors import KerjasamaError
from mcda_kerjasama.web.tkksd import audit, intake, jobs, scenarios
from mcda_kerjasama.web.tkksd.models import (
    Job,
    Mapping,
    Proposal,
    ProposalStatus,
    Run,
    RunStatus,
    Scenario,
)

INPUTS, OUTPUTS, CHARTS = "masukan", "hasil", "grafik"
DOWNLOADS = {
    "xlsx": (
        "daftar_prioritas.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": ("daftar_prioritas.csv", "text/csv; charset=utf-8"),
    "json": ("hasil.json", "application/json"),
    "html": ("laporan.html", "text/html; charset=utf-8"),
    "manifest": ("manifest.json", "application/json"),
}
CHART_NAMES = ("weights", "budget", "staff", "contributions")


def folder(run: Run) -> Path:
    """The run's folder."""
    return Path(settings.RUNS_DIR) / run.folder


def _read_only(path: Path) -> None:
    for item in sorted(path.rglob("*"), reverse=True):
        mode = item.stat().st_mode
        item.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def accepted(mapping: Mapping) -> list[Proposal]:
    """The proposals a run takes: those the secretariat accepted."""
    return list(mapping.proposals.filter(status=ProposalStatus.DITERIMA).order_by("code"))


def write_inputs(target: Path, mapping: Mapping, scenario: Scenario) -> int:
    """Write ``scenario.toml`` and ``usulan.xlsx`` (the accepted proposals) into
    ``target``; returns the number of proposals."""
    target.mkdir(parents=True)
    rows = [p.values for p in accepted(mapping)]
    (target / "usulan.xlsx").write_bytes(intake.workbook(intake.headers(mapping), rows))
    (target / "scenario.toml").write_text(scenarios.export_toml(scenario), encoding="utf-8")
    return len(rows)


def start(request: HttpRequest, mapping: Mapping, scenario: Scenario) -> Run:
    """Snapshot the inputs into a new run folder and queue the run."""
    for _attempt in range(5):  # two runs started at once: the second takes the next number
        try:
            with transaction.atomic():
                number = (mapping.runs.aggregate(m=Max("number"))["m"] or 0) + 1
                name = f"{mapping.pk}/{number:04d}-{secrets.token_hex(4)}"
                run = Run.objects.create(
                    mapping=mapping,
                    number=number,
                    scenario=scenario,
                    scenario_name=scenario.name,
                    folder=name,
                    created_by=request.user,
                )
                break
        except IntegrityError:
            continue
    else:  # pragma: no cover - five collisions in a row
        raise RuntimeError("could not number the run")
    run.proposals_count = write_inputs(folder(run) / INPUTS, mapping, scenario)
    run.save(update_fields=["proposals_count"])
    jobs.enqueue("run", mapping, request.user, run=run.pk)
    audit.record(
        request,
        "run_started",
        mapping,
        f"#{run.number}",
        scenario=scenario.name,
        proposals=run.proposals_count,
    )
    return run


def job_of(run: Run, kind: str = "run") -> Job | None:
    """The newest job of ``kind`` for this run."""
    return (
        Job.objects.filter(mapping=run.mapping, kind=kind, payload__run=run.pk)
        .order_by("-created_at", "-id")
        .first()
    )


def _messages(error: KerjasamaError) -> dict[str, str]:
    return {"id": error.render("id"), "en": error.render("en")}


@jobs.handler("run")
def run_job(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Run the engine on the stored inputs and store the outputs and charts."""
    from mcda_kerjasama import load_scenario, run, write_outputs

    record = Run.objects.get(pk=job.payload["run"])
    Run.objects.filter(pk=record.pk).update(status=RunStatus.RUNNING)
    base = folder(record)
    try:
        scenario = load_scenario(base / INPUTS)
        progress(0.1)
        result = run(scenario)
        progress(0.7)
        write_outputs(
            result, base / OUTPUTS, command=["kerjasama", "serve", f"run #{record.number}"]
        )
        progress(0.85)
    except KerjasamaError as error:
        raise jobs.JobFailed(_messages(error)) from error
    _write_charts(result, base / CHARTS)
    facts = json.loads((base / OUTPUTS / "hasil.json").read_text(encoding="utf-8"))
    data = result.proposals.data
    details = {
        str(pid): {
            "agency": str(row["agency"]),
            "urusan": str(row["urusan"]),
            "urusan_name": str(row["urusan_name"]),
            "kind": str(row["kind"]),
            "partner": str(row["partner"]),
            "cost": float(row["cost"]),
            "staff": float(row["staff"]),
            "duration": int(row["duration"]),
        }
        for pid, row in data.iterrows()
    }
    summary = {
        "status": facts["status"],
        "objective": facts["objective"],
        "selected": len(facts["selected"]),
        "proposals": len(facts["priority_list"]),
        "not_eligible": len(facts["not_eligible"]),
        "language": facts["scenario"]["language"],
        "labels": {c.key: c.display(result.scenario.language) for c in result.scenario.criteria},
    }
    _read_only(base)
    Run.objects.filter(pk=record.pk).update(
        status=RunStatus.DONE, summary=summary, details=details, finished_at=timezone.now()
    )
    audit.record(
        None, "run_finished", record.mapping, f"#{record.number}", user=job.created_by, **summary
    )
    return summary


@jobs.on_failure("run")
def _run_failed(job: Job, messages: dict[str, str]) -> None:
    Run.objects.filter(pk=job.payload.get("run")).update(
        status=RunStatus.FAILED, error=messages, finished_at=timezone.now()
    )


def _write_charts(result: Any, target: Path) -> None:
    from mcda_kerjasama import plots
    from mcda_kerjasama.web.tkksd.charts import svg

    target.mkdir(parents=True, exist_ok=True)
    lang = result.scenario.language
    count = min(25, len(result.selection.selected))
    # (draw, height, width) in inches: the three small charts sit two to a row
    drawings: dict[str, tuple[Any, float, float]] = {
        "weights": (
            lambda ax: plots.weights(result.weights, result.scenario, ax=ax, lang=lang),
            3.4,
            6.5,
        ),
        "budget": (lambda ax: plots.budget_use(result, ax=ax, lang=lang), 3.4, 6.5),
        "staff": (lambda ax: plots.staff_use(result, ax=ax, lang=lang), 3.4, 6.5),
        "contributions": (
            lambda ax: plots.contributions(result, top=25, ax=ax, lang=lang),
            max(3.0, 0.32 * count + 1.5),
            9.0,
        ),
    }
    for name, (draw, height, width) in drawings.items():
        (target / f"{name}.svg").write_bytes(svg(draw, height, width))


@jobs.handler("verify")
def verify_job(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Re-verify a stored run: every file against the manifest, and a re-run."""
    from mcda_kerjasama.i18n import text
    from mcda_kerjasama.report.manifest import verify

    record = Run.objects.get(pk=job.payload["run"])
    try:
        found = verify(folder(record) / OUTPUTS)
    except KerjasamaError as error:
        messages = {lang: [error.render(lang)] for lang in ("id", "en")}
        found = None
    if found is not None:
        messages = {}
        for lang in ("id", "en"):
            lines = [
                text(
                    "verify_input",
                    lang,
                    role=role,
                    value=Path(path).name,
                    why=text(f"verify_{why}", lang),
                )
                for role, path, why in found.changed_inputs
            ]
            lines += [
                text("verify_output", lang, value=Path(path).name, why=text(f"verify_{why}", lang))
                for path, why in found.changed_outputs
            ]
            lines += [p.render(lang) for p in found.problems]
            if found.differ:
                lines.append(text("verify_differs", lang, fields=", ".join(found.differ[:10])))
            if found.identical:
                lines.append(text("verify_all_identical", lang))
            messages[lang] = lines
    identical = bool(found is not None and found.identical)
    outcome = {"identical": identical, "messages": messages}
    Run.objects.filter(pk=record.pk).update(verified_at=timezone.now(), verification=outcome)
    audit.record(
        None,
        "run_verified",
        record.mapping,
        f"#{record.number}",
        user=job.created_by,
        identical=identical,
    )
    return outcome


@jobs.handler("compare")
def compare_job(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Compare two stored runs (``compare_results``), by re-running both from their
    stored inputs; the comparison chart is stored beside the job's result."""
    from mcda_kerjasama import load_scenario, plots, run
    from mcda_kerjasama.sensitivity.compare import compare_results
    from mcda_kerjasama.web.tkksd.charts import svg

    a = Run.objects.get(pk=job.payload["a"])
    b = Run.objects.get(pk=job.payload["b"])
    try:
        first = run(load_scenario(folder(a) / INPUTS))
        progress(0.45)
        second = run(load_scenario(folder(b) / INPUTS))
        progress(0.9)
    except KerjasamaError as error:
        raise jobs.JobFailed(_messages(error)) from error
    found = compare_results(first, second)
    result: dict[str, Any] = {lang: found.to_dict(lang) for lang in ("id", "en")}
    lang = first.scenario.language
    result["chart"] = svg(lambda ax: plots.comparison(found, ax=ax, lang=lang), 3.2).decode()
    return json.loads(json.dumps(result, default=_plain))


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def open_output(run: Run, name: str) -> io.BufferedReader:
    """A stored output file of a finished run, opened for reading."""
    path = folder(run) / OUTPUTS / name
    return path.open("rb")


def facts(run: Run) -> dict[str, Any]:
    """The run's ``hasil.json`` (read once per process: a stored run never changes; the
    caller gets its own copy of the top level)."""
    return dict(_facts(str(folder(run) / OUTPUTS / "hasil.json")))


@functools.lru_cache(maxsize=32)
def _facts(path: str) -> dict[str, Any]:
    return dict(json.loads(Path(path).read_text(encoding="utf-8")))


def adopt(request: HttpRequest, run: Run) -> bool:
    """Adopt a finished run as the official list; it is then locked. One per mapping."""
    with transaction.atomic():
        if Run.objects.filter(mapping=run.mapping, adopted_at__isnull=False).exists():
            return False
        changed = Run.objects.filter(
            pk=run.pk, status=RunStatus.DONE, adopted_at__isnull=True
        ).update(adopted_at=timezone.now(), adopted_by=request.user)
    if changed:
        audit.record(
            request, "run_adopted", run.mapping, f"#{run.number}", scenario=run.scenario_name
        )
    return bool(changed)
