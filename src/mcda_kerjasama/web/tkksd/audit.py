"""The audit log: one call per change or run, with who, when, from where and what."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mcda_kerjasama.web.tkksd.models import AuditEntry, Mapping


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address (the proxy's when behind one; see the README)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    return str(address) if address else None


def record(
    request: HttpRequest | None,
    action: str,
    mapping: Mapping | None = None,
    target: str = "",
    user: Any = None,
    **detail: Any,
) -> AuditEntry:
    """Add one entry; ``user`` defaults to the request's user."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditEntry.objects.create(
        mapping=mapping,
        user=user,
        username=getattr(user, "username", "") or "",
        action=action,
        target=str(target)[:300],
        detail=detail,
        ip=client_ip(request),
    )
