"""Fixtures of the web tests: Django on a temporary data folder, and one "world" built
once per session (two mappings, one user per role, the contoh proposals, a finished
run) that every test sees and whose changes are rolled back after each test.

The database is SQLite in the data folder, or PostgreSQL when ``DATABASE_URL`` is set
(CI runs these tests both ways; ``KERJASAMA_EXPECT_DB=postgresql`` makes a test fail
when the tests did not in fact run on PostgreSQL)."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_DATA = Path(tempfile.mkdtemp(prefix="kerjasama-webtest-"))
os.environ.setdefault("KERJASAMA_DATA", str(_DATA))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mcda_kerjasama.web.settings")

import django  # noqa: E402

django.setup()

from webworld import World, build_world  # noqa: E402


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The test database with the world in it (committed once for the session)."""
    with django_db_blocker.unblock():
        world = build_world()
    yield world


@pytest.fixture
def world(django_db_setup: World, db: Any, settings: Any) -> World:
    """The session's world, inside the test's transaction."""
    settings.WORKER_HEARTBEAT_SECONDS = 3600
    return django_db_setup


@pytest.fixture(scope="session", autouse=True)
def _clean_data_folder() -> Iterator[None]:
    yield
    for item in _DATA.rglob("*"):
        with contextlib.suppress(OSError):
            item.chmod(item.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(_DATA, ignore_errors=True)
