"""The intake workflow: who may see, edit and move a proposal, and its history.

Statuses: *draf* -> *diajukan* (submitted) -> *dikembalikan* (returned with a comment)
or *diterima* (accepted); a returned proposal is edited and submitted again; an accepted
one can be returned by the secretariat. An OPD member handles only its own agency's
proposals, and only until the mapping's deadline; the secretariat handles every one.
What a proposal must contain is not decided here: the core's reader checks that
(:mod:`mcda_kerjasama.web.tkksd.intake`).
"""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from mcda_kerjasama.web.tkksd import audit
from mcda_kerjasama.web.tkksd.models import (
    Mapping,
    Membership,
    Proposal,
    ProposalEvent,
    Role,
)
from mcda_kerjasama.web.tkksd.roles import can

EDITABLE: tuple[str, ...] = ("draf", "dikembalikan")  # ProposalStatus values
#: action -> (statuses it starts from, status it leads to, capability needed)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": (EDITABLE, "diajukan", "edit_proposals"),
    "return": (("diajukan", "diterima"), "dikembalikan", "review_proposals"),
    "accept": (("diajukan",), "diterima", "review_proposals"),
}


def visible(mapping: Mapping, member: Membership) -> QuerySet[Proposal]:
    """The proposals ``member`` may see: all of them, or an OPD's own agency's."""
    proposals = Proposal.objects.filter(mapping=mapping)
    if not can(member.role, "view_all_proposals"):
        proposals = proposals.filter(agency=member.agency)
    return proposals


def deadline_passed(mapping: Mapping) -> bool:
    """Whether the mapping's submission deadline (end of that day) has passed."""
    return mapping.deadline is not None and timezone.localdate() > mapping.deadline


def may_enter(mapping: Mapping, member: Membership) -> bool:
    """Whether ``member`` may add proposals now."""
    if not can(member.role, "edit_proposals"):
        return False
    return member.role == Role.SEKRETARIAT or not deadline_passed(mapping)


def may_edit(proposal: Proposal, member: Membership) -> bool:
    """Whether ``member`` may change (or delete) this proposal now."""
    if proposal.status not in EDITABLE or not may_enter(proposal.mapping, member):
        return False
    return member.role == Role.SEKRETARIAT or proposal.agency == member.agency


def may(proposal: Proposal, member: Membership, action: str) -> bool:
    """Whether ``member`` may apply ``action`` (submit, return, accept) now."""
    starts, _target, capability = TRANSITIONS[action]
    if proposal.status not in starts or not can(member.role, capability):
        return False
    return action != "submit" or may_edit(proposal, member)


def agency_problem(values: MappingType[str, Any], member: Membership) -> str | None:
    """An OPD member enters only its own agency's proposals: the message when not."""
    if member.role == Role.OPD and str(values.get("opd", "")).strip() != member.agency:
        return _("You can only enter proposals of your own agency (%(agency)s).") % {
            "agency": member.agency
        }
    return None


def _changes(old: MappingType[str, Any], new: MappingType[str, Any]) -> dict[str, list[Any]]:
    keys = sorted(set(old) | set(new))
    return {k: [old.get(k), new.get(k)] for k in keys if (old.get(k) or "") != (new.get(k) or "")}


def _clean(values: MappingType[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ""}


@transaction.atomic
def save(
    request: HttpRequest,
    mapping: Mapping,
    values: MappingType[str, Any],
    proposal: Proposal | None = None,
    source: str = "form",
) -> Proposal:
    """Create or update a proposal from checked cells, with a history entry."""
    values = _clean(values)
    fields = {
        "code": str(values.get("kode", "")).strip(),
        "title": str(values.get("judul", "")).strip(),
        "agency": str(values.get("opd", "")).strip(),
    }
    if proposal is None:
        proposal = Proposal.objects.create(
            mapping=mapping, values=values, created_by=request.user, **fields
        )
        ProposalEvent.objects.create(
            proposal=proposal,
            user=request.user,
            action="created" if source == "form" else "uploaded",
            changes=_changes({}, values),
        )
        audit.record(request, "proposal_created", mapping, proposal.code, source=source)
        return proposal
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    changes = _changes(proposal.values, values)
    if changes:
        for name, value in fields.items():
            setattr(proposal, name, value)
        proposal.values = values
        proposal.version += 1
        proposal.save()
        ProposalEvent.objects.create(
            proposal=proposal,
            user=request.user,
            action="edited" if source == "form" else "uploaded",
            changes=changes,
        )
        audit.record(
            request,
            "proposal_edited",
            mapping,
            proposal.code,
            fields=sorted(changes),
            source=source,
        )
    return proposal


@transaction.atomic
def move(request: HttpRequest, proposal: Proposal, action: str, comment: str = "") -> Proposal:
    """Apply a transition (the caller has checked :func:`may`); a return needs a comment."""
    target = TRANSITIONS[action][1]
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status not in TRANSITIONS[action][0]:  # moved meanwhile by someone else
        return locked
    old = locked.status
    locked.status = target
    if action == "return":
        locked.comment = comment
    locked.save(update_fields=["status", "comment", "updated_at"])
    ProposalEvent.objects.create(
        proposal=locked,
        user=request.user,
        action=action,
        changes={"status": [old, target]},
        comment=comment,
    )
    audit.record(
        request,
        f"proposal_{action}",
        locked.mapping,
        locked.code,
        status=[old, target],
        comment=comment,
    )
    return locked


@transaction.atomic
def delete(request: HttpRequest, proposal: Proposal) -> None:
    """Delete a draft or returned proposal (recorded in the audit log)."""
    audit.record(
        request, "proposal_deleted", proposal.mapping, proposal.code, values=proposal.values
    )
    proposal.delete()
