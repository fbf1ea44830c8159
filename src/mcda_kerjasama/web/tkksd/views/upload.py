"""Upload of a proposals file: every problem listed at once in a table, and nothing saved
until the user confirms the valid rows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.web.tkksd import audit, intake, workflow
from mcda_kerjasama.web.tkksd.forms import UploadForm
from mcda_kerjasama.web.tkksd.models import Mapping, Membership, Proposal, Upload
from mcda_kerjasama.web.tkksd.views.base import lang, member_view, page


def _rendered(problem: Problem) -> dict[str, Any]:
    return {
        "row": problem.row,
        "column": problem.column,
        "severity": problem.severity,
        "id": problem.render("id"),
        "en": problem.render("en"),
    }


def _permission_problems(
    mapping: Mapping, member: Membership, rows: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows the member may not save: another agency's, or a code already used by a
    proposal the member cannot change."""
    found = []
    existing = {
        p.code: p
        for p in Proposal.objects.filter(
            mapping=mapping, code__in=[str(r.get("kode", "")).strip() for r in rows.values()]
        )
    }
    for number, cells in rows.items():
        text = workflow.agency_problem(cells, member)
        code = str(cells.get("kode", "")).strip()
        if text is None and code in existing and not workflow.may_edit(existing[code], member):
            text = _("The code %(code)s belongs to a proposal you cannot change (%(status)s).") % {
                "code": code,
                "status": existing[code].get_status_display(),
            }
        if text:
            found.append(
                {
                    "row": number,
                    "column": "opd" if "agency" in text else "kode",
                    "severity": "error",
                    "id": text,
                    "en": text,
                }
            )
    return found


@member_view("edit_proposals")
def upload(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """Read a file and show what the reader found; the valid rows wait for confirmation."""
    if not workflow.may_enter(mapping, member):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent = form.cleaned_data["file"]
        try:
            found = intake.read_upload(mapping, sent.name, sent.read())
        except InputError as error:
            return _show(
                request, mapping, member, form, problems=[_rendered(p) for p in error.problems]
            )
        problems = [_rendered(p) for p in found.checked.problems]
        problems += _permission_problems(mapping, member, found.rows)
        bad = {p["row"] for p in problems if p["severity"] == "error" and p["row"] and p["row"] > 1}
        file_errors = [
            p for p in problems if p["severity"] == "error" and not (p["row"] and p["row"] > 1)
        ]
        valid = (
            []
            if file_errors
            else [{"row": n, "values": cells} for n, cells in found.rows.items() if n not in bad]
        )
        record = Upload.objects.create(
            mapping=mapping,
            user=request.user,
            file_name=found.file_name,
            sha256=found.sha256,
            rows=_jsonable(valid),
            problems=problems,
            rows_total=found.total,
        )
        audit.record(
            request,
            "upload_checked",
            mapping,
            found.file_name,
            rows=found.total,
            valid=len(valid),
            problems=len(problems),
        )
        return _show(request, mapping, member, UploadForm(), upload=record, problems=problems)
    return _show(request, mapping, member, form)


def _jsonable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def cell(value: Any) -> Any:
        if isinstance(value, bool | int | float | str) or value is None:
            return value
        if hasattr(value, "item"):
            return value.item()
        return str(value)

    return [{"row": r["row"], "values": {k: cell(v) for k, v in r["values"].items()}} for r in rows]


def _show(
    request: HttpRequest,
    mapping: Mapping,
    member: Membership,
    form: UploadForm,
    upload: Upload | None = None,
    problems: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    problems = sorted(problems or [], key=lambda p: (p["row"] or 0, p["column"] or ""))
    language = lang()
    shown = [{**p, "text": p[language]} for p in problems]
    errors = sum(1 for p in problems if p["severity"] == "error")
    return page(
        request,
        "tkksd/upload.html",
        mapping,
        member,
        form=form,
        upload=upload,
        problems=shown,
        errors=errors,
        status=422 if request.method == "POST" and errors and upload is None else 200,
    )


@require_POST
@member_view("edit_proposals")
def upload_confirm(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int
) -> HttpResponse:
    """Save the valid rows of a checked upload as drafts (or update the drafts they name)."""
    record = get_object_or_404(Upload, pk=pk, mapping=mapping, user=request.user)
    if record.confirmed_at is not None or not workflow.may_enter(mapping, member):
        raise Http404
    saved = 0
    with transaction.atomic():
        if not Upload.objects.filter(pk=record.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        ):
            raise Http404  # confirmed twice (double click): saved once
        for row in record.rows:
            cells = row["values"]
            code = str(cells.get("kode", "")).strip()
            existing = Proposal.objects.filter(mapping=mapping, code=code).first()
            if existing is not None and not workflow.may_edit(existing, member):
                continue
            if workflow.agency_problem(cells, member):
                continue
            workflow.save(request, mapping, cells, existing, source="upload")
            saved += 1
    audit.record(request, "upload_saved", mapping, record.file_name, saved=saved)
    messages.success(
        request, _("%(n)d proposals saved as drafts. Check them and submit.") % {"n": saved}
    )
    return redirect("proposals", mapping_id=mapping.pk)
