"""Production settings: :mod:`mcda_kerjasama.web.settings` served over HTTPS behind a
reverse proxy (secure cookies, HSTS, redirection to HTTPS), never in debug mode.

``DJANGO_SETTINGS_MODULE=mcda_kerjasama.web.production python -m mcda_kerjasama.web
check --deploy`` reports no issue.
"""

from __future__ import annotations

from mcda_kerjasama.web.settings import *  # noqa: F403

DEBUG = False
HTTPS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
WHITENOISE_AUTOREFRESH = False
