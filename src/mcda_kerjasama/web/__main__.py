"""``python -m mcda_kerjasama.web COMMAND``: Django's management commands (migrate,
createsuperuser, check --deploy, kerjasama_worker, ...) with the application's settings."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run a management command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mcda_kerjasama.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *sys.argv[1:]])


if __name__ == "__main__":
    main()
