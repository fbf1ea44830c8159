"""Login throttling: after :data:`LOGIN_FAILURE_LIMIT` failures for one user name (or ten
times as many from one address) within :data:`LOGIN_FAILURE_WINDOW` seconds, logins
for it are refused until the window has passed. Failures are stored in the database, so
every server process shares them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from mcda_kerjasama.web.tkksd import audit
from mcda_kerjasama.web.tkksd.models import LoginAttempt


def _since() -> object:
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)


def locked(username: str, request: HttpRequest | None) -> bool:
    """Whether logins for ``username`` (or from this address) are refused now."""
    since = _since()
    recent = LoginAttempt.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    ip = audit.client_ip(request)
    return bool(ip) and recent.filter(ip=ip).count() >= 10 * settings.LOGIN_FAILURE_LIMIT


def failed(username: str, request: HttpRequest | None) -> None:
    """Record a failed login (and forget failures older than the window)."""
    LoginAttempt.objects.filter(Q(at__lt=_since())).delete()
    LoginAttempt.objects.create(username=username, ip=audit.client_ip(request))
    audit.record(request, "login_failed", None, username)
