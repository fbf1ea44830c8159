"""The audit log: readable and exportable (CSV) by the secretariat."""

from __future__ import annotations

import csv
import io
import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mcda_kerjasama.web.tkksd.models import AuditEntry, Mapping, Membership
from mcda_kerjasama.web.tkksd.views.base import member_view, page


def _entries(mapping: Mapping, request: HttpRequest):  # type: ignore[no-untyped-def]
    entries = AuditEntry.objects.filter(mapping=mapping)
    action = request.GET.get("action", "").strip()
    user = request.GET.get("user", "").strip()
    if action:
        entries = entries.filter(action=action)
    if user:
        entries = entries.filter(username=user)
    return entries


@member_view("view_audit")
def audit_log(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """The mapping's audit log, newest first."""
    entries = _entries(mapping, request)
    shown = Paginator(entries, 100).get_page(request.GET.get("page"))
    actions = AuditEntry.objects.filter(mapping=mapping).values_list("action", flat=True).distinct()
    return page(
        request,
        "tkksd/audit.html",
        mapping,
        member,
        entries=shown,
        actions=sorted(set(actions)),
        filters=request.GET,
    )


@member_view("view_audit")
def audit_export(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """The audit log as CSV (UTF-8 with BOM, ``;``: Excel in Indonesia opens it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["waktu", "pengguna", "tindakan", "objek", "rincian", "alamat"])
    for entry in _entries(mapping, request).order_by("at", "id"):
        detail = json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)
        cells = [
            timezone.localtime(entry.at).isoformat(timespec="seconds"),
            entry.username,
            entry.action,
            entry.target,
            detail,
            entry.ip or "",
        ]
        writer.writerow([_neutral(c) for c in cells])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit_pemetaan_{mapping.pk}.csv"'
    return response


def _neutral(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    from mcda_kerjasama.report.files import neutralise

    return str(neutralise(value))
