"""mcda_kerjasama: decide which regional cooperation proposals to pursue.

Public API (the same the CLI and the notebooks use)::

    from mcda_kerjasama import load_scenario, run
    result = run(load_scenario("scenarios/contoh"))
    result.priority.to_frame("id")

Heavy modules are imported on first use, so ``import mcda_kerjasama`` and
``kerjasama --help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_scenario": "mcda_kerjasama.scenario",
    "Scenario": "mcda_kerjasama.scenario",
    "run": "mcda_kerjasama.pipeline",
    "check": "mcda_kerjasama.pipeline",
    "RunResult": "mcda_kerjasama.pipeline",
    "read_proposals": "mcda_kerjasama.proposals",
    "compute_weights": "mcda_kerjasama.weights.compute",
    "write_outputs": "mcda_kerjasama.report",
    "result_to_dict": "mcda_kerjasama.report.result",
}

__all__ = [
    "RunResult",
    "Scenario",
    "__version__",
    "check",
    "compute_weights",
    "load_scenario",
    "read_proposals",
    "result_to_dict",
    "run",
    "write_outputs",
]

if TYPE_CHECKING:
    from mcda_kerjasama.pipeline import RunResult, check, run
    from mcda_kerjasama.proposals import read_proposals
    from mcda_kerjasama.report import write_outputs
    from mcda_kerjasama.report.result import result_to_dict
    from mcda_kerjasama.scenario import Scenario, load_scenario
    from mcda_kerjasama.weights.compute import compute_weights


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'mcda_kerjasama' has no attribute {name!r}")
