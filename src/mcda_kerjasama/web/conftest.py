"""pytest collects this package's modules for doctests: Django is set up first (with a
temporary data folder), since models cannot be imported without it."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("KERJASAMA_DATA", tempfile.mkdtemp(prefix="kerjasama-test-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mcda_kerjasama.web.settings")

import django

django.setup()
