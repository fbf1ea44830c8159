"""Mappings, members and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcda_kerjasama.web.tkksd import audit, workflow
from mcda_kerjasama.web.tkksd.forms import AcceptForm, DeadlineForm, InviteForm, MappingForm
from mcda_kerjasama.web.tkksd.models import (
    Invitation,
    Mapping,
    Membership,
    ProposalStatus,
    Role,
    Run,
)
from mcda_kerjasama.web.tkksd.roles import can
from mcda_kerjasama.web.tkksd.views.base import member_view, page

INVITATION_DAYS = 14


def _may_create(user: User) -> bool:
    return bool(user.is_superuser or user.has_perm("tkksd.create_mapping"))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's mappings."""
    members = Membership.objects.filter(user=request.user).select_related("mapping")
    return page(
        request, "tkksd/home.html", memberships=members, may_create=_may_create(request.user)
    )


@login_required
def mapping_new(request: HttpRequest) -> HttpResponse:
    """Create a mapping; its creator becomes its secretariat."""
    if not _may_create(request.user):
        raise PermissionDenied
    form = MappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            mapping = Mapping.objects.create(
                name=data["name"],
                region=data["region"],
                years=[data["first_year"] + i for i in range(data["years"])],
                deadline=data["deadline"],
                created_by=request.user,
            )
            Membership.objects.create(mapping=mapping, user=request.user, role=Role.SEKRETARIAT)
            audit.record(request, "mapping_created", mapping, mapping.name, years=mapping.years)
        messages.success(request, _("Mapping created."))
        return redirect("mapping", mapping_id=mapping.pk)
    return page(request, "tkksd/mapping_new.html", form=form)


@member_view("view_mapping")
def dashboard(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """The mapping's overview: proposals by status, runs, the adopted list."""
    counts = dict(workflow.visible(mapping, member).values_list("status").annotate(n=Count("id")))
    statuses = [(value, label, counts.get(value, 0)) for value, label in ProposalStatus.choices]
    adopted = Run.objects.filter(mapping=mapping, adopted_at__isnull=False).first()
    runs = Run.objects.filter(mapping=mapping)[:5]
    return page(
        request,
        "tkksd/dashboard.html",
        mapping,
        member,
        statuses=statuses,
        total=sum(counts.values()),
        adopted=adopted,
        runs=runs,
        deadline_passed=workflow.deadline_passed(mapping),
        open_rounds=mapping.rounds.filter(is_open=True)
        if can(member.role, "view_judgements")
        else (),
    )


@member_view("manage_mapping")
def members(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """Members, invitations, the deadline."""
    invite = InviteForm(request.POST if "invite" in request.POST else None)
    deadline = DeadlineForm(
        request.POST if "deadline_form" in request.POST else None,
        initial={"deadline": mapping.deadline},
    )
    link = None
    if request.method == "POST" and "invite" in request.POST and invite.is_valid():
        token = secrets.token_urlsafe(32)
        data = invite.cleaned_data
        Invitation.objects.create(
            mapping=mapping,
            role=data["role"],
            agency=data["agency"].strip() if data["role"] == Role.OPD else "",
            name=data["name"],
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            created_by=request.user,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit.record(
            request,
            "invitation_created",
            mapping,
            data["name"],
            role=data["role"],
            agency=data["agency"],
        )
        link = request.build_absolute_uri(reverse("invitation", args=[token]))
        invite = InviteForm()
    if request.method == "POST" and "deadline_form" in request.POST and deadline.is_valid():
        old = mapping.deadline
        mapping.deadline = deadline.cleaned_data["deadline"]
        mapping.save(update_fields=["deadline"])
        audit.record(
            request, "deadline_set", mapping, str(mapping.deadline or ""), old=str(old or "")
        )
        messages.success(request, _("Deadline saved."))
        return redirect("members", mapping_id=mapping.pk)
    return page(
        request,
        "tkksd/members.html",
        mapping,
        member,
        members=mapping.members.select_related("user"),
        invitations=mapping.invitations.filter(accepted_at__isnull=True),
        invite=invite,
        deadline=deadline,
        link=link,
    )


@require_POST
@member_view("manage_mapping")
def member_remove(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int
) -> HttpResponse:
    """Remove a member (not oneself) or withdraw an open invitation."""
    kind = request.POST.get("kind")
    if kind == "invitation":
        invitation = get_object_or_404(Invitation, pk=pk, mapping=mapping, accepted_at__isnull=True)
        audit.record(request, "invitation_withdrawn", mapping, invitation.name)
        invitation.delete()
    else:
        other = get_object_or_404(Membership, pk=pk, mapping=mapping)
        if other.pk == member.pk:
            raise PermissionDenied
        audit.record(request, "member_removed", mapping, other.user.username, role=other.role)
        other.delete()
    return redirect("members", mapping_id=mapping.pk)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: a new account, or the logged-in user joins."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    found = (
        Invitation.objects.filter(token_hash=digest, accepted_at__isnull=True)
        .select_related("mapping")
        .first()
    )
    if found is None or found.expires_at < timezone.now():
        raise Http404
    form = AcceptForm(request.POST or None)
    if request.method == "POST":
        user: User | None = None
        if request.user.is_authenticated and "join" in request.POST:
            user = request.user
        elif form.is_valid():
            user = User.objects.create_user(
                form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                first_name=found.name[:150],
            )
        if user is not None:
            with transaction.atomic():
                taken = Invitation.objects.filter(pk=found.pk, accepted_at__isnull=True).update(
                    accepted_at=timezone.now(), accepted_by=user
                )
                if not taken:
                    raise Http404
                Membership.objects.update_or_create(
                    mapping=found.mapping,
                    user=user,
                    defaults={"role": found.role, "agency": found.agency},
                )
            audit.record(
                request,
                "invitation_accepted",
                found.mapping,
                user.username,
                user=user,
                role=found.role,
            )
            if not request.user.is_authenticated:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("mapping", mapping_id=found.mapping_id)
    return page(request, "tkksd/invitation.html", invitation=found, form=form)
