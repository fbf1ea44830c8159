"""The WSGI application (for waitress, gunicorn, uWSGI or mod_wsgi)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mcda_kerjasama.web.settings")
application = get_wsgi_application()
