"""Production settings: :mod:`mcda_kerjasama.web.settings` served over HTTPS behind a
reverse proxy (secure cookies, HSTS, redirection to HTTPS), never in debug mode.

``DJANGO_SETTINGS_MODULE=mcda_kerjasama.web.production python -m mcda_kerjasama.web
check --deploy`` reports no issue.
"""

from __future__ import annotations

import os

os.environ["KERJASAMA_HTTPS"] = "1"
os.environ.pop("KERJASAMA_DEBUG", None)

from mcda_kerjasama.web.settings import *  # noqa: F403
