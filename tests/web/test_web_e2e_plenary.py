"""End to end in a real browser (issue 16 §3-5): headless Chromium from Debian's packages
driven by Selenium (the fixtures of ``test_web_e2e``). On the bundled sumbar-2026
mapping (115 proposals) the secretariat opens the plenary view, moves a weight and sees
proposals enter and leave (the same as the core's re-optimiser for the weights the
sliders show), saves the agreed weights as a scenario, then launches the Monte Carlo
and watches its progress to the end. Screenshots go to ``KERJASAMA_SCREENSHOTS`` when
set (to look at them: projector readability)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from test_web_e2e import _click, _wait, browser, worker  # noqa: F401  (fixtures)

from mcda_kerjasama.web.demo import DEMO_MAPPING, load_demo
from mcda_kerjasama.web.tkksd import plenary
from mcda_kerjasama.web.tkksd.models import AuditEntry, Job, Mapping, Run, Scenario

KEYS = ("mutual_benefit", "real_need", "potential", "sustainability", "inclusiveness")


def _shot(driver: webdriver.Chrome, folder: Path, name: str, whole: bool = False) -> None:
    path = folder / f"{name}.png"
    if whole:  # the whole page at once
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1600, min(6000, int(height) + 100))
    driver.save_screenshot(str(path))
    if whole:
        driver.set_window_size(1600, 1000)
    target = os.environ.get("KERJASAMA_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def _ids(driver: webdriver.Chrome, list_id: str) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, f"#{list_id} li strong")]


def test_plenary_and_monte_carlo_in_a_browser(
    live_server: Any,
    browser: webdriver.Chrome,  # noqa: F811  (the fixture imported above)
    worker: None,  # noqa: F811
    tmp_path: Path,
) -> None:
    driver, base = browser, live_server.url
    driver.set_window_size(1600, 1000)  # a projector's 16:10
    load_demo()
    mapping = Mapping.objects.get(name=DEMO_MAPPING)
    deadline = time.monotonic() + 180
    while Run.objects.get(mapping=mapping, number=1).status != "selesai":
        assert time.monotonic() < deadline, "the demo run did not finish"
        time.sleep(0.5)
    run = Run.objects.get(mapping=mapping, number=1)

    driver.get(base + "/masuk/")
    driver.find_element(By.NAME, "username").send_keys("sekretariat")
    driver.find_element(By.NAME, "password").send_keys("demo-sekretariat-2026")
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form button.primary"))
    driver.get(f"{base}/p/{mapping.pk}/hasil/1/")
    _click(driver, _wait(driver, "#open-plenary"))
    assert "Rapat pleno" in driver.find_element(By.TAG_NAME, "h1").text
    assert _ids(driver, "pl-entered") == [] and _ids(driver, "pl-left") == []
    _shot(driver, tmp_path, "pleno_awal")

    # the secretariat moves a weight with the keyboard: inclusiveness to the top
    slider = driver.find_element(By.ID, "id_w_inclusiveness")
    share = driver.find_element(By.ID, "wt-inclusiveness").text
    slider.send_keys(Keys.END)
    WebDriverWait(driver, 30).until(lambda d: _ids(d, "pl-entered") and _ids(d, "pl-left"))
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.ID, "wt-inclusiveness").text != share
    )
    time.sleep(0.5)  # let a last answer land
    entered, left = _ids(driver, "pl-entered"), _ids(driver, "pl-left")
    values = {
        k: float(driver.find_element(By.ID, f"id_w_{k}").get_attribute("value") or 0) for k in KEYS
    }
    assert values["inclusiveness"] == 100.0
    expected = plenary.evaluate(run, values)
    assert entered == [p["id"] for p in expected["entered"]]
    assert left == [p["id"] for p in expected["left"]]
    assert driver.find_element(By.ID, "pl-selected").text == str(len(expected["selected"]))
    _shot(driver, tmp_path, "pleno_geser")
    _shot(driver, tmp_path, "pleno_geser_halaman", whole=True)

    # ... and saves the agreed weights as a scenario
    name = driver.find_element(By.ID, "pl-name")
    name.clear()
    name.send_keys("Kesepakatan pleno")
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.plenary-save button.primary"))
    assert "Kesepakatan pleno" in _wait(driver, ".messages").text
    saved = Scenario.objects.get(mapping=mapping, name="Kesepakatan pleno")
    total = sum(values.values())
    assert saved.data["weights"]["method"] == "direct"
    for key, value in values.items():
        assert abs(saved.data["weights"]["values"][key] - value / total) < 1e-9
    assert AuditEntry.objects.filter(
        mapping=mapping, action="plenary_weights_saved", username="sekretariat"
    ).exists()

    # the Monte Carlo in the background, its progress watched to the end
    driver.get(f"{base}/p/{mapping.pk}/hasil/1/")
    _click(driver, _wait(driver, "#open-analyses"))
    draws = driver.find_element(By.ID, "mc-draws")
    draws.clear()
    draws.send_keys("20000")
    _click(driver, driver.find_element(By.ID, "start-montecarlo"))
    seen: list[tuple[str, float]] = []
    shot_running = False
    deadline = time.monotonic() + 300
    while True:
        assert time.monotonic() < deadline, f"the Monte Carlo did not finish: {seen[-3:]}"
        try:
            box = driver.find_element(By.ID, "analysis-job")
            status = box.get_attribute("data-status") or ""
            bars = box.find_elements(By.ID, "analysis-progress")
            value = float(bars[0].get_attribute("value") or 0) if bars else 1.0
        except Exception:  # swapped by htmx while read: read again
            continue
        seen.append((status, value))
        if status == "berjalan" and value > 0 and not shot_running:
            _shot(driver, tmp_path, "monte_carlo_berjalan")
            shot_running = True
        if status == "selesai":
            break
        time.sleep(0.1)
    assert any(s == "berjalan" and 0 < v < 1 for s, v in seen), seen
    running = [v for s, v in seen if s == "berjalan"]
    assert running == sorted(running)  # progress only goes forward
    _wait(driver, "#analysis-done")
    assert driver.find_elements(By.CSS_SELECTOR, "img[src$='frequency.svg']")
    job = Job.objects.get(mapping=mapping, kind="montecarlo")
    assert job.status == "selesai" and job.result["draws"] == 20000
    _shot(driver, tmp_path, "monte_carlo_selesai", whole=True)


def test_plenary_and_analyses_without_script(
    live_server: Any,
    browser: webdriver.Chrome,  # noqa: F811  (the fixture imported above)
    worker: None,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Script disabled in the browser: the sliders are sent by the button and the whole
    page comes back with what entered and left; an analysis page offers a reload link
    and shows the result once done."""
    driver, base = browser, live_server.url
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    load_demo()
    mapping = Mapping.objects.get(name=DEMO_MAPPING)
    deadline = time.monotonic() + 180
    while Run.objects.get(mapping=mapping, number=1).status != "selesai":
        assert time.monotonic() < deadline, "the demo run did not finish"
        time.sleep(0.5)
    driver.get(base + "/masuk/")
    driver.find_element(By.NAME, "username").send_keys("sekretariat")
    driver.find_element(By.NAME, "password").send_keys("demo-sekretariat-2026")
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form button.primary"))
    driver.get(f"{base}/p/{mapping.pk}/hasil/1/pleno/")
    driver.find_element(By.ID, "id_w_inclusiveness").send_keys(Keys.END)
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.plenary-sliders button"))
    assert driver.current_url.endswith("&w_inclusiveness=100")  # a plain GET form
    assert _ids(driver, "pl-entered") and _ids(driver, "pl-left")
    assert driver.find_element(By.ID, "wt-inclusiveness").text == "52,6%"
    _shot(driver, tmp_path, "pleno_tanpa_skrip")

    driver.get(f"{base}/p/{mapping.pk}/hasil/1/analisis/")
    _click(driver, driver.find_element(By.ID, "start-frontier"))
    page = driver.find_element(By.ID, "analysis-job")
    if page.get_attribute("data-status") != "selesai":
        assert driver.find_element(By.LINK_TEXT, "Muat ulang")  # the link without script
    deadline = time.monotonic() + 120
    while driver.find_element(By.ID, "analysis-job").get_attribute("data-status") != "selesai":
        assert time.monotonic() < deadline, "the frontier did not finish"
        time.sleep(0.5)
        driver.refresh()
    assert driver.find_elements(By.CSS_SELECTOR, "img[src$='frontier.svg']")
