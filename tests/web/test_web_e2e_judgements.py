"""End to end in a real browser (issue 16 §1-2): headless Chromium from Debian's packages
driven by Selenium (the fixtures of ``test_web_e2e``). The secretariat opens a round;
three TKKSD members answer every pair in the browser (each answer saved by htmx as it
is given), one of them inconsistently, who then follows the suggested revision shown in
words and becomes consistent; the secretariat sees completion, every member's CR and the
group consensus, closes the round, and the stored weights equal ``kerjasama weights`` on
the exported judgements. Screenshots go to ``KERJASAMA_SCREENSHOTS`` when set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import tomli_w
from django.contrib.auth.models import User
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from test_web_e2e import KERJASAMA, _click, _wait, browser  # noqa: F401  (fixtures)

from mcda_kerjasama.web.tkksd import judgements as core
from mcda_kerjasama.web.tkksd import scenarios
from mcda_kerjasama.web.tkksd.models import AuditEntry, JudgementRound, Mapping, Membership
from mcda_kerjasama.weights.ahp.consensus import ahp_consensus
from mcda_kerjasama.weights.questionnaire.layout import answer_from_judgement

PASSWORD = "kata-sandi-uji-2026"
KEYS = ("mutual_benefit", "real_need", "potential", "sustainability", "inclusiveness")
PAIRS = [(a, b) for i, a in enumerate(KEYS) for b in KEYS[i + 1 :]]
#: (side, level) per pair, in the order asked; the third member's last answer contradicts
#: the others (inclusiveness absolutely above sustainability)
ANI = ["a:2", "a:4", "a:6", "a:8", "a:2", "a:3", "a:4", "a:2", "a:2", "equal:1"]
BUDI = ["a:3", "a:5", "a:7", "a:9", "a:2", "a:3", "a:4", "a:2", "a:3", "a:2"]
CITRA = ["b:2", "a:3", "a:5", "a:5", "a:4", "a:5", "a:5", "a:2", "a:2", "b:9"]


def _shot(driver: webdriver.Chrome, folder: Path, name: str) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(6000, int(height) + 100))
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    target = os.environ.get("KERJASAMA_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def _login(driver: webdriver.Chrome, base: str, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(base + "/masuk/")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form button.primary"))
    _wait(driver, "h1")


def _status(driver: webdriver.Chrome) -> str:
    """The member's status box; empty while htmx swaps it."""
    try:
        return str(driver.find_element(By.ID, "status-g0").text)
    except WebDriverException:  # swapped between finding it and reading it
        return ""


def _give(driver: webdriver.Chrome, number: int, answer: str, answered: int) -> None:
    """Answer pair ``number`` (1-based) the way a person does: the side, then the level;
    wait until htmx has saved it (the status counts ``answered`` pairs)."""
    side, level = answer.split(":")
    row = f"g0p{number}"
    driver.find_element(By.ID, f"{row}-{side}").click()
    choice = Select(driver.find_element(By.ID, f"{row}-level"))
    if choice.first_selected_option.get_attribute("value") != level:
        choice.select_by_value(level)  # "sama penting" goes with level 1, as in Excel
    WebDriverWait(driver, 30).until(
        lambda d: (
            f"{answered} dari 10 pasangan terjawab" in _status(d)
            and "Pilih" not in _status(d)
            and "hanya dengan tingkat 1" not in _status(d)
        )
    )
    assert core_value(driver, number) == (side, int(level))


def core_value(driver: webdriver.Chrome, number: int) -> tuple[str, int]:
    """The answer the page shows for pair ``number``."""
    row = f"g0p{number}"
    side = next(
        s for s in ("a", "equal", "b") if driver.find_element(By.ID, f"{row}-{s}").is_selected()
    )
    level = Select(driver.find_element(By.ID, f"{row}-level")).first_selected_option
    return side, int(level.get_attribute("value") or 0)


def _answer_all(driver: webdriver.Chrome, base: str, mapping: int, answers: list[str]) -> None:
    driver.get(f"{base}/p/{mapping}/penilaian/")
    _click(driver, driver.find_element(By.LINK_TEXT, "Isi"))
    _wait(driver, "#status-g0")
    for number, answer in enumerate(answers, start=1):
        _give(driver, number, answer, number)


def test_three_members_answer_and_the_secretariat_sees_consensus(
    live_server: Any,
    browser: webdriver.Chrome,  # noqa: F811  (the fixture imported above)
    transactional_db: Any,
    tmp_path: Path,
) -> None:
    driver, base = browser, live_server.url
    mapping = Mapping.objects.create(
        name="Pemetaan Uji Penilaian", region="Provinsi Sumatera Barat", years=[2026]
    )
    chief = User.objects.create_user("sekretariat", password=PASSWORD, first_name="Sekretariat")
    Membership.objects.create(mapping=mapping, user=chief, role="sekretariat")
    members = {}
    for name, full in (("ani", "Ani Sekda"), ("budi", "Budi Bappeda"), ("citra", "Citra Biro")):
        user = User.objects.create_user(name, password=PASSWORD, first_name=full)
        Membership.objects.create(mapping=mapping, user=user, role="anggota")
        members[name] = user

    # the secretariat opens the round
    _login(driver, base, "sekretariat")
    driver.get(f"{base}/p/{mapping.pk}/")
    _click(driver, driver.find_element(By.LINK_TEXT, "Penilaian AHP"))
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form button.primary"))
    assert "Putaran dibuka" in driver.find_element(By.CSS_SELECTOR, ".messages").text
    rnd = JudgementRound.objects.get(mapping=mapping)

    # two members answer consistently
    for name, answers in (("ani", ANI), ("budi", BUDI)):
        _login(driver, base, name)
        _answer_all(driver, base, mapping.pk, answers)
        assert "konsisten" in _status(driver) and "Saran" not in _status(driver)

    # the third answers inconsistently and sees the suggestion in words
    _login(driver, base, "citra")
    _answer_all(driver, base, mapping.pk, CITRA)
    status = _status(driver)
    assert "terlalu tidak konsisten" in status and "Saran:" in status
    state = core.member_group(rnd, members["citra"], rnd.groups[0], "id")
    assert state.consistent is False and state.advice in status
    _shot(driver, tmp_path, "penilaian_anggota_tidak_konsisten")
    given = core.answers_of(rnd, members["citra"], "(goal)")
    first = core.ahp_weights(given, list(KEYS)).suggestions[0]
    side, level = answer_from_judgement(first.suggested)
    assert f"CR menjadi {first.cr_after:.3f}".replace(".", ",") in status
    # ... and follows it on the same page
    number = PAIRS.index((first.a, first.b)) + 1
    _give(driver, number, f"{side}:{level}", 10)
    WebDriverWait(driver, 30).until(lambda d: "Saran" not in _status(d))
    assert "terlalu" not in _status(driver) and "konsisten" in _status(driver)
    assert core.member_group(rnd, members["citra"], rnd.groups[0], "id").consistent is True
    _shot(driver, tmp_path, "penilaian_anggota_konsisten")

    # the secretariat sees completion, CRs and the consensus
    _login(driver, base, "sekretariat")
    driver.get(f"{base}/p/{mapping.pk}/penilaian/{rnd.number}/")
    table = driver.find_element(By.CSS_SELECTOR, "#round-overview table").text
    assert table.count("10 / 10") == 3
    found = core.group_result(rnd, rnd.groups[0])
    assert found is not None
    for summary in found["aij"].respondents:
        row = driver.find_element(By.CSS_SELECTOR, f'tr[data-member="{summary.name}"]').text
        assert f"{summary.consistency_ratio:.3f}".replace(".", ",") in row
    rows = [r.weights.tolist() for r in found["aij"].respondents]
    value = ahp_consensus(rows).value
    shown = f"{100 * value:.1f}%".replace(".", ",")
    consensus = driver.find_element(By.CSS_SELECTOR, ".consensus").text
    assert shown in consensus
    assert {"high": "tinggi", "moderate": "sedang", "low": "rendah"}[found["consensus"].level] in (
        consensus
    )
    _shot(driver, tmp_path, "penilaian_sekretariat")
    # the same page in English, by the switch in the header
    _click(driver, driver.find_element(By.CSS_SELECTOR, ".lang-switch button"))
    assert "Group consensus (AHP-OS)" in driver.find_element(By.CSS_SELECTOR, ".consensus").text
    _shot(driver, tmp_path, "penilaian_sekretariat_en")
    _click(driver, driver.find_element(By.CSS_SELECTOR, ".lang-switch button"))

    # the secretariat closes the round; the stored weights are kerjasama weights' own
    _click(driver, driver.find_element(By.CSS_SELECTOR, "button[value=close]"))
    rnd.refresh_from_db()
    assert not rnd.is_open and AuditEntry.objects.filter(action="round_closed").exists()
    _shot(driver, tmp_path, "penilaian_ditutup")
    (tmp_path / "perbandingan.csv").write_text(core.export_csv(rnd, "(goal)"), encoding="utf-8")
    data = scenarios.default_data(mapping, "Bobot putaran")
    data["weights"] = {"method": "ahp", "judgements": "perbandingan.csv"}
    (tmp_path / "scenario.toml").write_text(tomli_w.dumps(scenarios.full(mapping, data)))
    done = subprocess.run(
        [KERJASAMA, "weights", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    assert cli["weights"] == rnd.result["weights"]
    assert cli["consensus"]["(goal)"] == rnd.result["groups"]["(goal)"]["consensus"]
