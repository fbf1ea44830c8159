"""Shared fixtures: the example scenario, a scenario factory and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import BASE_TOML, CONTOH, csv_text, rows_from


@pytest.fixture
def contoh() -> Path:
    """The 12-proposal example scenario folder."""
    return CONTOH


@pytest.fixture
def make_scenario() -> Callable[..., Path]:
    """``make_scenario(tmp_path, rows=[{...}], header=None, sep=";", extra_toml="")``
    writes ``scenario.toml`` and ``usulan.csv`` into ``tmp_path`` and returns the path of
    the scenario file. Each row dict states only what differs from a valid row."""

    def make(
        tmp_path: Path,
        rows: Sequence[Mapping[str, Any]] = ({},),
        header: Sequence[str] | None = None,
        sep: str = ";",
        extra_toml: str = "",
        proposals: str = "usulan.csv",
        raw_rows: bool = False,
    ) -> Path:
        full = list(rows) if raw_rows else rows_from(rows)
        if proposals.endswith(".csv"):
            (tmp_path / proposals).write_text(csv_text(full, header, sep), encoding="utf-8")
        path = tmp_path / "scenario.toml"
        path.write_text(BASE_TOML.format(proposals=proposals) + extra_toml, encoding="utf-8")
        return path

    return make


@pytest.fixture
def runner() -> CliRunner:
    """A click runner; ``result.stdout`` and ``result.stderr`` are kept apart."""
    return CliRunner()
