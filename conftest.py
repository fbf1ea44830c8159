"""The package's doctests run from the repository root, where a reader pastes an example
into Python: each example builds what it uses (``load_scenario("scenarios/contoh")``,
``run(scenario)``, ...), so nothing is injected into their namespace."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
