"""App configuration."""

from __future__ import annotations

from django.apps import AppConfig


class TkksdConfig(AppConfig):
    """The TKKSD app."""

    name = "mcda_kerjasama.web.tkksd"
    label = "tkksd"
    verbose_name = "TKKSD"
    default_auto_field = "django.db.models.BigAutoField"
