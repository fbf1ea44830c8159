"""The audit trail: ``manifest.json`` records everything needed to reproduce a run, and
:func:`verify` re-runs it and says whether the result is identical.

The manifest holds the SHA-256 of every input file (scenario files, proposals,
judgement files), the scenario as finally resolved (after ``extends`` and ``--set``), the
package, Python and dependency versions, the solver and its settings, the seeds, the
command line, the time, and the SHA-256 of every output written. ``verify`` compares
the re-run's ``hasil.json`` with the stored one, ignoring what is time, not result
(``solver.seconds``).

Example:
    >>> m = build_manifest(result, {"daftar_prioritas.csv": b"x"}, ["kerjasama", "run"])
    >>> [i["role"] for i in m["inputs"]], m["solver"]["backend"], list(m["outputs"])
    (['scenario', 'proposals'], 'highs', ['daftar_prioritas.csv'])
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mcda_kerjasama import __version__
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.pipeline import RunResult
from mcda_kerjasama.scenario import Scenario

MANIFEST = "manifest.json"
MANIFEST_SCHEMA_VERSION = 1
DEPENDENCIES = ("numpy", "scipy", "pandas", "pulp", "highspy", "click", "openpyxl", "rich")
#: Fields of hasil.json that measure time, not the result.
VOLATILE = (("solver", "seconds"),)


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex.

    Example:
        >>> sha256(Path("scenarios/contoh/scenario.toml"))[:8].isalnum()
        True
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_files(scenario: Scenario) -> list[tuple[str, Path]]:
    """Every file the run read: (role, path), scenario files first.

    Example:
        >>> [role for role, _ in input_files(scenario)]
        ['scenario', 'proposals']
    """
    files = [("scenario", p) for p in scenario.files]
    files.append(("proposals", scenario.proposals_path))
    tables = [scenario.weights, *scenario.weights.get("children", {}).values()]
    files += [("judgements", Path(t["judgements"])) for t in tables if "judgements" in t]
    return files


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def build_manifest(
    result: RunResult, outputs: Mapping[str, bytes], command: Sequence[str]
) -> dict[str, Any]:
    """The manifest of a run whose output files are ``outputs`` (name -> bytes).

    Example: see the module docstring.
    """
    scenario = result.scenario
    solver = result.selection.solver
    return {
        "schema_version": MANIFEST_SCHEMA_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": list(command),
        "package": {"name": "mcda_kerjasama", "version": __version__},
        "python": platform.python_version(),
        "platform": platform.platform(),
        "dependencies": {name: _version(name) for name in DEPENDENCIES},
        "inputs": [
            {"role": role, "path": str(path), "sha256": sha256(path)}
            for role, path in input_files(scenario)
        ],
        "scenario": {
            "resolved": _jsonable(scenario.resolved),
            "files": [str(p) for p in scenario.files],
        },
        "solver": {
            "backend": solver.backend,
            "version": solver.version,
            "time_limit": solver.time_limit,
            "mip_gap": solver.mip_gap,
            "tie_break": solver.tie_break,
        },
        "seeds": {"sensitivity": scenario.sensitivity.seed},
        "language": result_language(outputs),
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()},
    }


def result_language(outputs: Mapping[str, bytes]) -> str:
    """The language the outputs were written in (from hasil.json), ``id`` by default."""
    data = outputs.get("hasil.json")
    return str(json.loads(data)["scenario"]["language"]) if data else "id"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found: ``changed_inputs`` (role, path, why) and the hasil.json
    fields whose values ``differ`` (dotted paths); identical when both are empty."""

    changed_inputs: tuple[tuple[str, str, str], ...]
    differ: tuple[str, ...]

    @property
    def identical(self) -> bool:
        """True when the inputs are unchanged and the result is the same."""
        return not self.changed_inputs and not self.differ


def verify(folder: Path) -> Verification:
    """Re-run the result in ``folder`` from its manifest and compare.

    Raises :class:`InputError` when the folder has no usable manifest or result.

    Example:
        >>> import tempfile
        >>> from mcda_kerjasama.report import write_outputs
        >>> out = Path(tempfile.mkdtemp()) / "hasil"
        >>> _ = write_outputs(result, out, command=["kerjasama", "run"])
        >>> verify(out).identical
        True
    """
    from mcda_kerjasama.pipeline import run
    from mcda_kerjasama.report.result import result_to_dict
    from mcda_kerjasama.scenario import build_scenario

    manifest = _read_json(folder / MANIFEST)
    stored = _read_json(folder / "hasil.json")
    changed = []
    for entry in manifest["inputs"]:
        path = Path(entry["path"])
        if not path.is_file():
            changed.append((entry["role"], entry["path"], "missing"))
        elif sha256(path) != entry["sha256"]:
            changed.append((entry["role"], entry["path"], "changed"))
    files = tuple(Path(p) for p in manifest["scenario"]["files"])
    scenario = build_scenario(manifest["scenario"]["resolved"], files)
    if any(reason == "missing" for _, _, reason in changed):
        return Verification(tuple(changed), ())
    fresh = json.loads(json.dumps(result_to_dict(run(scenario), stored["scenario"]["language"])))
    return Verification(tuple(changed), tuple(_differences(_stable(stored), _stable(fresh))))


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError([Problem("file_not_found", value=str(path))])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            [Problem("file_unreadable", value=str(path), params={"reason": str(exc)})]
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            [Problem("file_unreadable", value=str(path), params={"reason": "not an object"})]
        )
    return data


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    """hasil.json without the fields that measure time."""
    out = json.loads(json.dumps(data))
    for section, key in VOLATILE:
        out.get(section, {}).pop(key, None)
    return out


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Dotted paths where two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b)):
            found += _differences(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        found = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found += _differences(x, y, f"{path}[{i}]")
        return found
    return [] if a == b else [path or "(root)"]
