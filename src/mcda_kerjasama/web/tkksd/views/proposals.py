"""Proposals: list with filters, the form (the core's messages beside the fields), the
detail page with its history, the status transitions, the template and the export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcda_kerjasama.web.tkksd import intake, workflow
from mcda_kerjasama.web.tkksd.forms import LABELS, CommentForm, ProposalForm
from mcda_kerjasama.web.tkksd.models import Mapping, Membership, Proposal, ProposalStatus, Role
from mcda_kerjasama.web.tkksd.views.base import is_htmx, lang, member_view, page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@member_view("view_mapping")
def proposal_list(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """The proposals the member may see, filtered by status, agency and text."""
    proposals = workflow.visible(mapping, member)
    status = request.GET.get("status", "")
    agency = request.GET.get("agency", "")
    query = request.GET.get("q", "").strip()
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    if agency:
        proposals = proposals.filter(agency=agency)
    if query:
        proposals = proposals.filter(
            Q(code__icontains=query) | Q(title__icontains=query) | Q(agency__icontains=query)
        )
    agencies = (
        workflow.visible(mapping, member)
        .values_list("agency", flat=True)
        .distinct()
        .order_by("agency")
    )
    pages = Paginator(proposals.order_by("code"), 100)
    shown = pages.get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "proposals": shown,
        "statuses": ProposalStatus.choices,
        "agencies": list(agencies),
        "filters": {"status": status, "agency": agency, "q": query},
        "may_enter": workflow.may_enter(mapping, member),
        "drafts": workflow.visible(mapping, member).filter(status__in=workflow.EDITABLE).count(),
    }
    template = "tkksd/_proposal_rows.html" if is_htmx(request) else "tkksd/proposals.html"
    return page(request, template, mapping, member, **context)


def _form_page(
    request: HttpRequest,
    mapping: Mapping,
    member: Membership,
    proposal: Proposal | None,
) -> HttpResponse:
    agency = member.agency if member.role == Role.OPD else None
    initial = dict(proposal.values) if proposal else {}
    if agency is not None:
        initial["opd"] = agency
    form = ProposalForm(mapping, request.POST or None, initial=initial, agency=agency)
    warnings: list[str] = []
    others: list[str] = []
    if request.method == "POST" and form.is_valid():
        cells = form.cells()
        if agency is not None:
            cells["opd"] = agency
        checked = intake.check_form(mapping, cells, replacing=proposal.code if proposal else None)
        written = intake.headers(mapping)
        for problem in checked.problems:
            field = intake.field_of(problem, written)
            text = intake.body(problem, lang())
            if problem.severity == "warning":
                warnings.append(problem.render("en" if lang() == "en" else "id"))
            elif field in form.fields:
                form.add_error(field, text)
            else:
                others.append(problem.render("en" if lang() == "en" else "id"))
        if agency is None and (problem_text := workflow.agency_problem(cells, member)):
            form.add_error("opd", problem_text)
        if not checked.errors and not form.errors:
            saved = workflow.save(request, mapping, cells, proposal)
            messages.success(
                request,
                _("Proposal %(code)s saved as %(status)s.")
                % {"code": saved.code, "status": saved.get_status_display()},
            )
            for text in warnings:
                messages.warning(request, text)
            return redirect("proposal", mapping_id=mapping.pk, pk=saved.pk)
    return page(
        request,
        "tkksd/proposal_form.html",
        mapping,
        member,
        form=form,
        proposal=proposal,
        others=others,
        warnings=warnings,
        status=422 if request.method == "POST" else 200,
    )


@member_view("edit_proposals")
def proposal_new(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """Enter a new proposal (saved as a draft)."""
    if not workflow.may_enter(mapping, member):
        raise PermissionDenied
    return _form_page(request, mapping, member, None)


def _visible(mapping: Mapping, member: Membership, pk: int) -> Proposal:
    return get_object_or_404(workflow.visible(mapping, member), pk=pk)


@member_view("edit_proposals")
def proposal_edit(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int
) -> HttpResponse:
    """Change a draft or returned proposal."""
    proposal = _visible(mapping, member, pk)
    if not workflow.may_edit(proposal, member):
        raise PermissionDenied
    return _form_page(request, mapping, member, proposal)


@member_view("view_mapping")
def proposal_detail(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int
) -> HttpResponse:
    """A proposal, its status, the secretariat's comment and its history."""
    proposal = _visible(mapping, member, pk)
    written = intake.headers(mapping)
    labels = dict(LABELS)
    cells = [(labels.get(h, h), proposal.values.get(h, "")) for h in written]
    return page(
        request,
        "tkksd/proposal.html",
        mapping,
        member,
        proposal=proposal,
        cells=cells,
        events=proposal.events.select_related("user"),
        may_edit=workflow.may_edit(proposal, member),
        actions={a: workflow.may(proposal, member, a) for a in workflow.TRANSITIONS},
        comment_form=CommentForm(),
    )


@require_POST
@member_view("edit_proposals")
def proposal_action(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int, action: str
) -> HttpResponse:
    """Submit, return (with a comment), accept or delete a proposal."""
    proposal = _visible(mapping, member, pk)
    if action == "delete":
        if not workflow.may_edit(proposal, member):
            raise PermissionDenied
        workflow.delete(request, proposal)
        messages.success(request, _("Proposal %(code)s deleted.") % {"code": proposal.code})
        return redirect("proposals", mapping_id=mapping.pk)
    if action not in workflow.TRANSITIONS or not workflow.may(proposal, member, action):
        raise PermissionDenied
    comment = ""
    if action == "return":
        form = CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write a comment saying what the agency must change."))
            return redirect("proposal", mapping_id=mapping.pk, pk=pk)
        comment = form.cleaned_data["comment"]
    workflow.move(request, proposal, action, comment)
    return redirect(request.POST.get("next") or f"/p/{mapping.pk}/usulan/{pk}/")


@require_POST
@member_view("edit_proposals")
def proposal_submit_all(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """Submit every draft and returned proposal the member may submit."""
    count = 0
    for proposal in workflow.visible(mapping, member).filter(status__in=workflow.EDITABLE):
        if workflow.may(proposal, member, "submit"):
            workflow.move(request, proposal, "submit")
            count += 1
    messages.success(request, _("%(n)d proposals submitted.") % {"n": count})
    return redirect("proposals", mapping_id=mapping.pk)


@require_POST
@member_view("review_proposals")
def proposal_accept_all(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """Accept every submitted proposal."""
    count = 0
    for proposal in mapping.proposals.filter(status=ProposalStatus.DIAJUKAN):
        workflow.move(request, proposal, "accept")
        count += 1
    messages.success(request, _("%(n)d proposals accepted.") % {"n": count})
    return redirect("proposals", mapping_id=mapping.pk)


@member_view("view_mapping")
def proposal_template(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """The proposals template of the engine (drop-down lists, instructions)."""
    from mcda_kerjasama.report.templates import proposals_template

    response = HttpResponse(proposals_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat_usulan.xlsx"'
    return response


@member_view("view_scenarios")
def proposal_export(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """The accepted proposals as the workbook a run takes (``kerjasama run`` reads it)."""
    from mcda_kerjasama.web.tkksd.runs import accepted

    content = intake.workbook(intake.headers(mapping), [p.values for p in accepted(mapping)])
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="usulan.xlsx"'
    return response
