"""Every ``python`` example in the README runs as written (from the repository root,
files it writes sent to a temporary folder), so the README cannot drift from the API."""

from __future__ import annotations

import re

import matplotlib
import pytest
from support import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_has_python_examples():
    assert len(BLOCKS) >= 2


def test_every_python_example_runs(tmp_path, monkeypatch: pytest.MonkeyPatch):
    matplotlib.use("Agg")
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    for number, block in enumerate(BLOCKS):
        code = block.replace('"hasil"', repr(str(tmp_path / "hasil")))
        exec(compile(code, f"README.md python block {number}", "exec"), namespace)
