"""Django settings of the web application, read from the environment.

* ``KERJASAMA_DATA``: the data folder (SQLite database, stored runs, the generated
  secret key); default ``./kerjasama-data``.
* ``DATABASE_URL``: a PostgreSQL (or other) database instead of SQLite in the data
  folder, e.g. ``postgres://user:pass@localhost:5432/kerjasama``.
* ``KERJASAMA_SECRET_KEY``: the secret key; otherwise one is generated on first start
  into ``DATA/secret_key`` (mode 0600) and read from there afterwards.
* ``KERJASAMA_ALLOWED_HOSTS``: comma-separated host names (default: loopback names and
  the host ``serve`` listens on).
* ``KERJASAMA_HTTPS=1``: the site is served over HTTPS (behind a reverse proxy that sets
  ``X-Forwarded-Proto``): secure cookies, HSTS and redirection to HTTPS. The production
  settings (:mod:`mcda_kerjasama.web.production`) force it.
* ``KERJASAMA_DEBUG=1``: Django's debug pages (never in production).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from mcda_kerjasama.proposals import MAX_FILE_BYTES

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("KERJASAMA_DATA", "kerjasama-data")).resolve()
RUNS_DIR = DATA_DIR / "runs"


def _secret_key() -> str:
    """The secret key from the environment, else from (or generated into) the data folder."""
    if os.environ.get("KERJASAMA_SECRET_KEY"):
        return os.environ["KERJASAMA_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


SECRET_KEY = _secret_key()
DEBUG = _flag("KERJASAMA_DEBUG")
HTTPS = _flag("KERJASAMA_HTTPS")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KERJASAMA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mcda_kerjasama.web.tkksd",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mcda_kerjasama.web.tkksd.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mcda_kerjasama.web.tkksd.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mcda_kerjasama.web.urls"
WSGI_APPLICATION = "mcda_kerjasama.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config["CONN_HEALTH_CHECKS"] = True
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "kerjasama.sqlite3",
        "OPTIONS": {
            # concurrent pages and the worker: WAL lets readers go on beside one writer;
            # IMMEDIATE takes the write lock at the start of a transaction, so two
            # writers queue (up to the timeout) instead of failing on "database is locked".
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {"NAME": DATA_DIR / "test-kerjasama.sqlite3"},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("KERJASAMA_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # not collected: whitenoise serves the package's own files
# whitenoise serves the package's static files straight from the app folder: no
# collectstatic step, nothing from a CDN
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 3600

# --- uploads: the proposals reader's own limit, plus room for the form around the file
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20  # larger files go to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 2**20  # a form's fields other than files
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
UPLOAD_MAX_BYTES = MAX_FILE_BYTES
REQUEST_MAX_BYTES = MAX_FILE_BYTES + 2**20  # waitress refuses larger bodies outright

# --- security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), not the cookie
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "mcda_kerjasama.web.tkksd.views.base.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("KERJASAMA_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
#: login throttling: this many failures for one user name (or ten times as many from one
#: address) within the window lock further attempts until the window has passed
LOGIN_FAILURE_LIMIT = 5
LOGIN_FAILURE_WINDOW = 15 * 60

#: the background worker: seconds between polls of the queue, between heartbeats, and
#: after which a running job without a heartbeat is declared dead (failed, retryable)
WORKER_POLL_SECONDS = 0.5
WORKER_HEARTBEAT_SECONDS = 5
WORKER_DEAD_SECONDS = 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KERJASAMA_LOG_LEVEL", "WARNING")},
}
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
