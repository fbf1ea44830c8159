"""What every view shares: the role check (:func:`member_view`), rendering with the
mapping's context, and the error pages.

Every view of a mapping goes through :func:`member_view`: a user who is not a member
gets 404 (the mapping's existence is not revealed), a member without the capability
403; objects are always looked up inside the mapping, so an id of another mapping is a
404 too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mcda_kerjasama.i18n import Language
from mcda_kerjasama.web.tkksd.models import Mapping, Membership
from mcda_kerjasama.web.tkksd.roles import can, capabilities

View = Callable[..., HttpResponse]


def lang() -> Language:
    """The page's language: ``id`` or ``en``."""
    return "en" if (get_language() or "id").startswith("en") else "id"


def member_view(capability: str) -> Callable[[View], View]:
    """Require a logged-in member of the URL's mapping with ``capability``; the view is
    called as ``view(request, mapping, member, **kwargs)``."""

    def wrap(view: View) -> View:
        @login_required
        @functools.wraps(view)
        def inner(request: HttpRequest, mapping_id: int, **kwargs: Any) -> HttpResponse:
            member = (
                Membership.objects.select_related("mapping")
                .filter(mapping_id=mapping_id, user=request.user)
                .first()
            )
            if member is None:
                raise Http404
            if not can(member.role, capability):
                raise PermissionDenied
            request.member = member
            return view(request, member.mapping, member, **kwargs)

        return inner

    return wrap


_NAV = (
    ("proposal", "proposals"),
    ("upload", "proposals"),
    ("scenario", "scenarios"),
    ("run", "runs"),
    ("compare", "runs"),
    ("job", "runs"),
    ("member", "members"),
    ("audit", "audit"),
    ("judgement", "judgements"),
)


def page(
    request: HttpRequest,
    template: str,
    mapping: Mapping | None = None,
    member: Membership | None = None,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """Render ``template`` with the mapping, the member and its capabilities."""
    name = getattr(request.resolver_match, "url_name", "") or ""
    context.setdefault("nav", next((nav for prefix, nav in _NAV if name.startswith(prefix)), ""))
    context.update(
        mapping=mapping,
        member=member,
        may=capabilities(member.role if member else None),
        lang=lang(),
    )
    return render(request, template, context, status=status)


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx asked for a fragment."""
    return request.headers.get("HX-Request") == "true"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page shown when a form's security token is missing or stale."""
    return render(
        request,
        "tkksd/error.html",
        {"title": _("The form has expired"), "text": _("Reload the page and send the form again.")},
        status=403,
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Forbidden: says nothing about the object."""
    return render(
        request,
        "tkksd/error.html",
        {"title": _("Not allowed"), "text": _("Your role in this mapping does not allow this.")},
        status=403,
    )


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Not found (also what a non-member sees)."""
    return render(
        request,
        "tkksd/error.html",
        {
            "title": _("Page not found"),
            "text": _("The page does not exist or is not yours to see."),
        },
        status=404,
    )


def error_500(request: HttpRequest) -> HttpResponse:
    """A server error, without details."""
    return render(
        request,
        "tkksd/error.html",
        {"title": _("Server error"), "text": _("Something went wrong. The error was logged.")},
        status=500,
    )
