"""Scenario files (``scenario.toml``): load, extend, override, validate.

A scenario names the proposals file, the criteria, how to weight them, which screening
rules apply, the constraints, the solver settings and the sensitivity settings. Every
problem in a scenario is reported at once, each naming its key; unknown keys get a
"did you mean" hint. ``extends = "../base/scenario.toml"`` takes another scenario as the
base, so a what-if file holds only what changes; ``--set key=value`` overrides any value.

Example:
    >>> import tempfile, pathlib
    >>> from mcda_kerjasama import load_scenario
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "scenario.toml").write_text(
    ...     'schema_version = 1\\n[scenario]\\nname = "Uji"\\nyears = [2026]\\n'
    ...     '[data]\\nproposals = "usulan.csv"\\n[constraints]\\nbudget = 1e9\\n')
    >>> s = load_scenario(folder, overrides=["constraints.budget=2e9"])
    >>> s.name, s.years, s.constraints.budget[2026]
    ('Uji', (2026,), 2000000000.0)

The package: :mod:`~mcda_kerjasama.scenario.records` (the typed records: criteria,
screening, solver, explanation and sensitivity options, the scenario),
:mod:`~mcda_kerjasama.scenario.schema` (the keys and the check of each value),
:mod:`~mcda_kerjasama.scenario.reading` (files, ``extends``, paths, ``--set``) and
:mod:`~mcda_kerjasama.scenario.build` (validating and building a :class:`Scenario`).
"""

from __future__ import annotations

from mcda_kerjasama.scenario.build import build_scenario, load_scenario
from mcda_kerjasama.scenario.reading import (
    SCENARIO_FILE,
    apply_overrides,
    parse_override,
    read_toml_text,
    scenario_file,
)
from mcda_kerjasama.scenario.records import (
    DEFAULT_CRITERIA,
    KINDS,
    RESERVED_KEYS,
    Criterion,
    ExplainOptions,
    Scenario,
    Screening,
    SensitivityOptions,
    SolverOptions,
)
from mcda_kerjasama.scenario.schema import SCHEMA_VERSIONS, Check

__all__ = [
    "DEFAULT_CRITERIA",
    "KINDS",
    "RESERVED_KEYS",
    "SCENARIO_FILE",
    "SCHEMA_VERSIONS",
    "Check",
    "Criterion",
    "ExplainOptions",
    "Scenario",
    "Screening",
    "SensitivityOptions",
    "SolverOptions",
    "apply_overrides",
    "build_scenario",
    "load_scenario",
    "parse_override",
    "read_toml_text",
    "scenario_file",
]
