"""App configuration."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class TkksdConfig(AppConfig):
    """The TKKSD app."""

    name = "mcda_kerjasama.web.tkksd"
    label = "tkksd"
    verbose_name = "TKKSD"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from mcda_kerjasama.web.tkksd import runs  # noqa: F401  (registers the job handlers)

        user_logged_in.connect(_logged_in, dispatch_uid="tkksd-login")
        user_logged_out.connect(_logged_out, dispatch_uid="tkksd-logout")


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from mcda_kerjasama.web.tkksd import audit

    audit.record(request, "login", None, user.username, user=user)


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from mcda_kerjasama.web.tkksd import audit

    if user is not None:
        audit.record(request, "logout", None, user.username, user=user)
