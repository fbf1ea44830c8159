"""``python -m mcda_kerjasama.web kerjasama_demo``: load the demo mapping and users."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the bundled sumbar-2026 mapping and one demo user per role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        from mcda_kerjasama.web.demo import load_demo

        for line in load_demo():
            self.stdout.write(line)
