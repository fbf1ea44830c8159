"""End to end in a real browser: headless Chromium from Debian's packages driven by
Selenium through Debian's chromedriver (nothing is downloaded). The story of issue 15:
the secretariat creates a mapping and invites users; two agencies submit (one by the
form, one by upload with a mistake it then fixes); the secretariat screens, runs and
adopts; a member downloads the workbook; the web priority list equals ``kerjasama run``
on the exported scenario and proposals, row for row. Never skipped: .ci/run installs
chromium and chromium-driver."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from mcda_kerjasama.web.tkksd import jobs

ROOT = Path(__file__).resolve().parents[2]
CONTOH = ROOT / "scenarios" / "contoh"
KERJASAMA = str(Path(sys.executable).with_name("kerjasama"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PASSWORD = "kata-sandi-uji-2026"
PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    assert Path(CHROMIUM).exists(), "apt-get install chromium (.ci/run installs it)"
    assert Path(CHROMEDRIVER).exists(), "apt-get install chromium-driver (.ci/run installs it)"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    downloads = tmp_path / "unduhan"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def worker(transactional_db: Any) -> Iterator[None]:
    """The background worker, in a thread of the test process."""
    stop = threading.Event()
    thread = threading.Thread(target=jobs.work, args=(stop,), daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(30)


def _wait(driver: webdriver.Chrome, css: str, timeout: float = 60) -> Any:
    return WebDriverWait(driver, timeout).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _click(driver: webdriver.Chrome, element: Any) -> None:
    """Click what submits a form or follows a link, and wait for the next page."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 120).until(_left(page))


def _left(page: Any) -> Callable[[Any], bool]:
    """Whether the browser has left ``page``: its root element is stale. Chromium may
    say so as "Node with given id does not belong to the document" rather than as a
    stale-element error, so any error touching the old element counts as gone."""

    def gone(_driver: Any) -> bool:
        try:
            page.is_enabled()
        except WebDriverException:  # StaleElementReferenceException is one
            return True
        return False

    return gone


def _login(driver: webdriver.Chrome, base: str, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(base + "/masuk/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form button.primary"))
    _wait(driver, "h1")


def _fill(driver: webdriver.Chrome, values: dict[str, str]) -> None:
    for name, value in values.items():
        element = driver.find_element(By.NAME, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") == "checkbox":
            if element.is_selected() != bool(value):
                element.click()
        else:
            element.clear()
            element.send_keys(value)


def _invite(
    driver: webdriver.Chrome, base: str, mapping: str, name: str, role: str, agency: str = ""
) -> str:
    driver.get(f"{base}/p/{mapping}/anggota/")
    _fill(driver, {"name": name, "role": role, "agency": agency})
    _click(
        driver,
        driver.find_element(
            By.CSS_SELECTOR, "input[name=invite] ~ div button, form button.primary"
        ),
    )
    link = _wait(driver, "#invite-link").get_attribute("value")
    assert link and "/undangan/" in link
    return link


def _accept(driver: webdriver.Chrome, link: str, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(link)
    _fill(driver, {"username": username, "password1": PASSWORD, "password2": PASSWORD})
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form button.primary"))
    _wait(driver, ".mapping-nav")


def _contoh_rows(codes: list[str], agency: str) -> list[list[str]]:
    lines = (CONTOH / "usulan.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    rows = [line.split(";") for line in lines[1:] if line.split(";")[0] in codes]
    for row in rows:
        row[header.index("opd")] = agency
    return [header, *rows]


def _csv(rows: list[list[str]]) -> str:
    return "\n".join(";".join(r) for r in rows) + "\n"


def _cookie_get(driver: webdriver.Chrome, url: str) -> bytes:
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=60) as response:
        return bytes(response.read())


def test_the_story_of_issue_15(
    live_server: Any, browser: webdriver.Chrome, worker: None, tmp_path: Path
) -> None:
    base = live_server.url
    driver = browser
    chief = User.objects.create_user("sekretariat", password=PASSWORD, first_name="Sekretariat")
    chief.user_permissions.add(Permission.objects.get(codename="create_mapping"))

    # the secretariat creates the mapping and invites the users
    _login(driver, base, "sekretariat")
    _click(driver, driver.find_element(By.LINK_TEXT, "Pemetaan baru"))
    _fill(
        driver,
        {
            "name": "Pemetaan Kerja Sama 2026",
            "region": "Provinsi Sumatera Barat",
            "first_year": "2026",
            "years": "1",
        },
    )
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form button.primary"))
    _wait(driver, ".mapping-nav")
    mapping = driver.current_url.rstrip("/").split("/")[-1]
    link_health = _invite(driver, base, mapping, "Dinas Kesehatan", "opd", "Dinas Kesehatan")
    link_works = _invite(driver, base, mapping, "Dinas PUPR", "opd", PUPR)
    link_member = _invite(driver, base, mapping, "Anggota TKKSD", "anggota")

    # agency 1 enters a proposal with the form: a mistake first, shown beside the field
    _accept(driver, link_health, "opd.kesehatan")
    driver.get(f"{base}/p/{mapping}/usulan/baru/")
    header, row = _contoh_rows(["K02"], "Dinas Kesehatan")
    values = dict(zip(header, row, strict=True))
    values.pop("opd")
    values["durasi"] = "9"
    _fill(driver, {k: v for k, v in values.items() if v})
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.proposal-form button.primary"))
    error = _wait(driver, ".has-error .errors")
    assert "durasi 9 tahun" in error.text
    assert driver.switch_to.active_element.get_attribute("id") == "form-errors"  # focus moved
    _fill(driver, {"durasi": "2"})
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.proposal-form button.primary"))
    _wait(driver, ".status.big")
    _click(driver, driver.find_element(By.XPATH, "//button[contains(., 'Ajukan ke sekretariat')]"))
    assert "diajukan" in _wait(driver, ".status.big").text

    # agency 2 uploads a file with a mistake, sees every problem, fixes the file
    _accept(driver, link_works, "opd.pupr")
    rows = _contoh_rows(["K01", "K05", "K08", "K09"], PUPR)
    broken = [list(r) for r in rows]
    broken[2][header.index("biaya")] = "Rp 1.5 M"
    bad_file, good_file = tmp_path / "usulan_pupr.csv", tmp_path / "usulan_pupr_fix.csv"
    bad_file.write_text(_csv(broken), encoding="utf-8")
    good_file.write_text(_csv(rows), encoding="utf-8")
    driver.get(f"{base}/p/{mapping}/unggah/")
    driver.find_element(By.NAME, "file").send_keys(str(bad_file))
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.card button.primary"))
    table = _wait(driver, "table.problems")
    assert "baris 3, kolom `biaya`" in table.text and "bermakna ganda" in table.text
    driver.find_element(By.NAME, "file").send_keys(str(good_file))
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.card button.primary"))
    assert "usulan_pupr_fix.csv" in _wait(driver, "section.card h2").text
    _click(driver, driver.find_element(By.CSS_SELECTOR, "section.card form button.primary"))
    _wait(driver, "form[action$='ajukan-semua/'] button")
    driver.execute_script("window.confirm = () => true;")
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='ajukan-semua/'] button"))
    _wait(driver, ".messages")

    # the secretariat accepts, imports and edits the scenario, screens, runs and adopts
    _login(driver, base, "sekretariat")
    driver.get(f"{base}/p/{mapping}/usulan/")
    driver.execute_script("window.confirm = () => true;")
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='terima-semua/'] button"))
    _wait(driver, ".messages")
    driver.get(f"{base}/p/{mapping}/skenario/")
    driver.find_element(By.NAME, "file").send_keys(str(CONTOH / "scenario.toml"))
    _click(driver, driver.find_element(By.XPATH, "//button[contains(., 'Impor')]"))
    _wait(driver, "form.scenario-form")
    _fill(driver, {"budget_2026": "3,5 M"})
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.scenario-form button.primary"))
    _wait(driver, ".messages")
    _click(driver, driver.find_element(By.LINK_TEXT, "Penyaringan"))
    screening = _wait(driver, "table.list").text
    assert "K09" not in screening or "tidak" in screening
    _click(driver, driver.find_element(By.XPATH, "//button[contains(., 'Jalankan skenario ini')]"))
    _wait(driver, "#priority-rows", timeout=180)  # the page follows the run by itself
    driver.execute_script("window.confirm = () => true;")
    _click(
        driver,
        driver.find_element(By.XPATH, "//button[contains(., 'Tetapkan sebagai daftar resmi')]"),
    )
    assert "Daftar resmi" in _wait(driver, ".badge.ok.big").text
    run_url = driver.current_url.split("?")[0]

    # a member sees the adopted list and downloads the workbook
    _accept(driver, link_member, "anggota")
    driver.get(run_url)
    web_rows = [
        [cell.text for cell in tr.find_elements(By.TAG_NAME, "td")]
        for tr in driver.find_elements(By.CSS_SELECTOR, "#priority-rows tbody tr")
    ]
    driver.find_element(By.PARTIAL_LINK_TEXT, "Buku kerja").click()  # a download: no new page
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(driver.downloads.glob("*.xlsx")):  # type: ignore[attr-defined]
        time.sleep(0.2)
    workbook = list(driver.downloads.glob("*.xlsx"))  # type: ignore[attr-defined]
    assert workbook and workbook[0].read_bytes()[:2] == b"PK"

    # the web list equals `kerjasama run` on the exported scenario and proposals
    folder = tmp_path / "ekspor"
    folder.mkdir()
    scenario_pk = driver.current_url  # unused: the run's own inputs are exported below
    del scenario_pk
    (folder / "scenario.toml").write_bytes(_cookie_get(driver, run_url + "masukan/scenario.toml"))
    (folder / "usulan.xlsx").write_bytes(
        _cookie_get(driver, f"{base}/p/{mapping}/usulan/usulan.xlsx")
    )
    result = subprocess.run(
        [KERJASAMA, "run", str(folder), "-o", str(tmp_path / "hasil"), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    cli = json.loads(result.stdout)["priority_list"]
    assert len(web_rows) == len(cli) == 5
    for shown, expected in zip(web_rows, cli, strict=True):
        assert shown[0] == str(expected["rank"])
        assert shown[1] == expected["id"]
        assert shown[2] == expected["title"]
        assert shown[8] == expected["reason"]
    assert (tmp_path / "hasil" / "daftar_prioritas.xlsx").exists()


def test_kerjasama_serve_demo(tmp_path: Path) -> None:
    """`kerjasama serve --demo`: migrations, the demo mapping, the worker process, the
    server; the demo's first run finishes in the background."""
    import os
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KERJASAMA_DATA")}
    server = subprocess.Popen(
        [KERJASAMA, "serve", "--demo", "--port", str(port), "--data", str(tmp_path / "data")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/masuk/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "server did not start"
                time.sleep(0.5)
        assert "Masuk" in page
        import sqlite3

        database = sqlite3.connect(tmp_path / "data" / "kerjasama.sqlite3")
        while time.monotonic() < deadline:
            status = database.execute("select status from tkksd_run where number = 1").fetchone()
            if status and status[0] in ("selesai", "gagal"):
                break
            time.sleep(0.5)
        assert status == ("selesai",)
        users = {u for (u,) in database.execute("select username from auth_user")}
        assert {"sekretariat", "opd.kebudayaan", "anggota", "perencana", "pengamat"} <= users
        assert (tmp_path / "data" / "secret_key").exists()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "demo user: sekretariat / demo-sekretariat-2026" in output
