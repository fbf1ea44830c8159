"""Security and platform: headers and CSP (no inline script anywhere), CSRF, login
throttling, password hashing, the secret key, the deployment check, the language
catalogue, the audit log and its export, and which database the tests ran on."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from webworld import PASSWORD, World

import mcda_kerjasama.web as web
from mcda_kerjasama.web.tkksd.models import AuditEntry

WEB = Path(web.__file__).parent
TEMPLATES = sorted((WEB / "tkksd" / "templates").rglob("*.html"))


def test_database_is_the_one_ci_asked_for() -> None:
    expected = os.environ.get("KERJASAMA_EXPECT_DB")
    if expected:  # CI runs these tests on PostgreSQL with this set: never a silent SQLite
        assert connection.vendor == expected
    else:
        assert connection.vendor in ("sqlite", "postgresql")


def test_security_headers(world: World) -> None:
    response = world.client("sekretariat").get(f"/p/{world.mapping}/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Cache-Control" in response


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_inline_script_or_style(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", text)  # no onclick= and the like
    assert not re.search(r"\sstyle\s*=", text)
    assert "<style" not in text
    assert "http://" not in text and "https://" not in text  # nothing from elsewhere


def test_static_assets_are_served_locally() -> None:
    client = Client()
    for name in ("htmx.min.js", "app.js", "app.css"):
        response = client.get(f"/static/tkksd/{name}")
        assert response.status_code == 200, name
    css = (WEB / "tkksd" / "static" / "tkksd" / "app.css").read_text()
    assert "@import" not in css and "url(http" not in css


def test_csrf_is_enforced(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="u_sekretariat"))
    response = client.post(f"/p/{world.mapping}/usulan/ajukan-semua/")
    assert response.status_code == 403


def test_passwords_are_hashed(world: World) -> None:
    user = User.objects.get(username="u_opd")
    assert user.password.startswith("pbkdf2_sha256$") and PASSWORD not in user.password


def test_login_is_throttled_after_repeated_failures(world: World) -> None:
    client = Client()
    for _ in range(5):
        response = client.post("/masuk/", {"username": "u_opd", "password": "salah-salah"})
        assert response.status_code == 200
    response = client.post("/masuk/", {"username": "u_opd", "password": PASSWORD})
    assert response.status_code == 200  # refused although the password is right
    assert "15 menit" in response.content.decode()
    other = Client().post("/masuk/", {"username": "u_anggota", "password": PASSWORD})
    assert other.status_code == 302  # another user is not locked out
    assert AuditEntry.objects.filter(action="login_failed", target="u_opd").count() >= 5


def test_login_page_is_indonesian_by_default_and_english_on_request() -> None:
    client = Client(headers={"Accept-Language": "en-US"})
    page = client.get("/masuk/").content.decode()
    assert "Masuk" in page and 'lang="id"' in page
    client.cookies["django_language"] = "en"
    page = client.get("/masuk/").content.decode()
    assert "Log in" in page and 'lang="en"' in page


def _po_catalogue(path: Path) -> dict[str, str]:
    """msgid -> msgstr (the first plural form) of a .po file, read without gettext."""
    catalogue: dict[str, str] = {}
    field = None
    parts: dict[str, str] = {}

    def flush() -> None:
        if parts.get("msgid"):
            catalogue[parts["msgid"]] = parts.get("msgstr", parts.get("msgstr[0]", ""))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            flush()
            parts = {}
        match = re.match(r'^(msgid|msgid_plural|msgstr|msgstr\[0\])\s+"(.*)"$', line)
        if match:
            field = match.group(1)
            parts[field] = _unquote(match.group(2))
        elif line.startswith('"') and field:
            parts[field] += _unquote(line[1:-1])
    flush()
    return catalogue


def _unquote(text: str) -> str:
    """A .po string's escapes (\\", \\n, \\\\) undone."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def test_indonesian_catalogue_is_complete_and_compiled() -> None:
    folder = WEB / "locale" / "id" / "LC_MESSAGES"
    source = _po_catalogue(folder / "django.po")
    assert len(source) > 300
    assert all(source.values()), [k for k, v in source.items() if not v]
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in source.items():
        assert compiled.gettext(msgid) == msgstr or compiled.ngettext(msgid, msgid, 1) == msgstr


def test_secret_key_is_generated_into_the_data_folder(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {k: v for k, v in os.environ.items() if k != "KERJASAMA_SECRET_KEY"}
    env.update(KERJASAMA_DATA=str(tmp_path), DJANGO_SETTINGS_MODULE="mcda_kerjasama.web.settings")
    first = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    key = tmp_path / "secret_key"
    assert key.read_text().strip() == first and len(first) >= 50
    assert key.stat().st_mode & 0o777 == 0o600
    again = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    assert again == first
    env["KERJASAMA_SECRET_KEY"] = "dari-lingkungan-" + "x" * 50
    from_env = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    assert from_env == env["KERJASAMA_SECRET_KEY"]


def test_deployment_check_is_clean_for_the_production_settings(tmp_path: Path) -> None:
    env = dict(os.environ, KERJASAMA_DATA=str(tmp_path))
    env["DJANGO_SETTINGS_MODULE"] = "mcda_kerjasama.web.production"
    env.pop("KERJASAMA_SECRET_KEY", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mcda_kerjasama.web",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_audit_log_and_export(world: World) -> None:
    client = world.client("sekretariat")
    client.post(f"/p/{world.mapping}/usulan/{world.own_submitted}/accept/")
    page = client.get(f"/p/{world.mapping}/audit/").content.decode()
    assert "proposal_accept" in page and "D02" in page
    export = client.get(f"/p/{world.mapping}/audit/audit.csv")
    text = export.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "waktu;pengguna;tindakan;objek;rincian;alamat"
    assert "proposal_accept" in text and "run_started" in text and "u_sekretariat" in text
    assert "Pemetaan Lain" not in text  # only this mapping's entries
