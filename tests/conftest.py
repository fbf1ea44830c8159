"""Shared fixtures: the example scenario, a scenario factory and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from support import BASE_TOML, CONTOH, csv_text, rows_from

# No per-example deadline: a busy 2-core machine (CI runs the suite beside other work)
# must not turn a slow example into a failure. Examples are derandomised in CI so that a
# run is reproducible; HYPOTHESIS_PROFILE=dev keeps random exploration.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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
