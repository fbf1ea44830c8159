"""laporan.html rendered in headless Chromium (scripts/check_report.py): a screenshot and
a printed PDF come out. Chromium is required (.ci/run installs it): never skipped."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from support import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_report", ROOT / "scripts" / "check_report.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_report = _script()


@pytest.mark.parametrize(("scenario", "lang"), [("contoh-ahp", "id"), ("sumbar-2026", "en")])
def test_report_renders_in_chromium(tmp_path: Path, scenario: str, lang: str) -> None:
    assert check_report.find_chromium() is not None, (
        "Chromium is needed: apt-get install -y chromium (.ci/run installs it)"
    )
    code = check_report.main(
        [str(ROOT / "scenarios" / scenario), "--lang", lang, "--out", str(tmp_path)]
    )
    assert code == 0
    png, pdf = tmp_path / "laporan.png", tmp_path / "laporan.pdf"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 50_000  # a blank 1400 x 2000 page is a few kB
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 50_000
    # A4 landscape: the print stylesheet's page size reached the printer
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf.read_bytes())
    assert boxes
    for width, height in boxes:
        assert float(width) == pytest.approx(841.9, abs=1)
        assert float(height) == pytest.approx(595.0, abs=1)
