"""The audit trail: ``manifest.json`` records everything needed to reproduce a run, and
:func:`verify` checks the files against it, re-runs it and says whether the result is
identical.

The manifest holds the SHA-256 of every input file (scenario files, proposals,
judgement files), the scenario as finally resolved (after ``extends`` and ``--set``), the
package, Python and dependency versions, the solver and its settings, the seeds, the
command line, the time, and the SHA-256 of every output written. ``verify`` names every
input and every output file whose SHA-256 changed or that is missing, and compares the
re-run's ``hasil.json`` with the stored one, ignoring what is time, not result
(``solver.seconds``). A damaged manifest is a located error (file, key, fix), never a
traceback.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> m = build_manifest(result, {"daftar_prioritas.csv": b"x"}, ["kerjasama", "run"])
    >>> [i["role"] for i in m["inputs"]], m["solver"]["backend"], list(m["outputs"])
    (['scenario', 'proposals'], 'highs', ['daftar_prioritas.csv'])
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mcda_kerjasama import __version__
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import LANGUAGES, Language, Msg
from mcda_kerjasama.jsonable import plain
from mcda_kerjasama.language import language as to_language
from mcda_kerjasama.results import RunResult
from mcda_kerjasama.scenario import Scenario

MANIFEST = "manifest.json"
MANIFEST_SCHEMA_VERSION = 1
DEPENDENCIES = ("numpy", "scipy", "pandas", "pulp", "highspy", "click", "openpyxl", "rich")
#: Fields of hasil.json that measure time, not the result.
VOLATILE = (("solver", "seconds"),)


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex.

    Example:
        >>> from pathlib import Path
        >>> sha256(Path("scenarios/contoh/scenario.toml"))[:8].isalnum()
        True
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_files(scenario: Scenario) -> list[tuple[str, Path]]:
    """Every file the run read: (role, path), scenario files first.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> [role for role, _ in input_files(load_scenario("scenarios/contoh"))]
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
            "resolved": plain(scenario.resolved),
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


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found: ``changed_inputs`` (role, path, why) and
    ``changed_outputs`` (path, why), why being ``changed``, ``missing`` or
    ``unreadable``; ``problems`` with the stored ``hasil.json`` (which then cannot be
    compared); the hasil.json fields whose values ``differ`` (dotted paths); and whether
    the re-run was ``compared`` at all (not when an input or hasil.json is missing).

    Example:
        >>> Verification((), ()).identical
        True
        >>> Verification((), (), changed_outputs=(("hasil/laporan.html", "changed"),)).identical
        False
    """

    changed_inputs: tuple[tuple[str, str, str], ...]
    differ: tuple[str, ...]
    changed_outputs: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = ()
    compared: bool = True

    @property
    def identical(self) -> bool:
        """True when every input and output is unchanged and the re-run is the same."""
        return self.compared and not (
            self.changed_inputs or self.changed_outputs or self.problems or self.differ
        )


def verify(folder: str | Path) -> Verification:
    """Check the result in ``folder`` against its ``manifest.json``: every recorded input
    and every recorded output file must have its recorded SHA-256 (each one that
    changed, is missing or cannot be read is named), and a re-run from the recorded
    scenario must give the same ``hasil.json`` (times ignored).

    Raises :class:`InputError` when the manifest is missing or damaged, naming the file,
    the key and the fix; a damaged ``hasil.json`` is one of the findings.

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from mcda_kerjasama import load_scenario, run
        >>> from mcda_kerjasama.report import write_outputs
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> out = Path(tempfile.mkdtemp()) / "hasil"
        >>> _ = write_outputs(result, out, command=["kerjasama", "run"])
        >>> verify(out).identical
        True
        >>> (out / "daftar_prioritas.xlsx").unlink()
        >>> found = verify(out)
        >>> found.identical, [(Path(p).name, why) for p, why in found.changed_outputs]
        (False, [('daftar_prioritas.xlsx', 'missing')])
    """
    from mcda_kerjasama.pipeline import run
    from mcda_kerjasama.report.result import result_to_dict
    from mcda_kerjasama.scenario import build_scenario

    folder = Path(folder)
    manifest = read_manifest(folder)
    changed_inputs, changed_outputs = changed_files(folder, manifest)
    result_path = folder / RESULT_FILE
    stored, stored_problems = _stored_result(result_path)
    found = Verification(
        tuple(changed_inputs), (), tuple(changed_outputs), tuple(stored_problems), False
    )
    if stored is None or any(why == "missing" for _, _, why in changed_inputs):
        return found
    files = tuple(Path(p) for p in manifest["scenario"]["files"])
    scenario = build_scenario(manifest["scenario"]["resolved"], files)
    language = manifest.get("language") or stored["scenario"].get("language")
    lang: Language = to_language(language)
    fresh = json.loads(json.dumps(result_to_dict(run(scenario), lang)))
    differ = tuple(json_differences(_stable(stored), _stable(fresh)))
    return replace(found, differ=differ, compared=True)


RESULT_FILE = "hasil.json"
_SHA256 = re.compile("[0-9a-fA-F]{64}")


def read_manifest(folder: Path, *, kind: str = "run") -> dict[str, Any]:
    """The manifest of an output folder, checked (:func:`manifest_problems`): an
    :class:`InputError` with every problem located when it cannot be verified."""
    path = folder / MANIFEST
    manifest = read_stored(path, "stored_fix_manifest")
    problems = manifest_problems(manifest, path, kind=kind)
    if problems:
        raise InputError(problems)
    return manifest


def changed_files(
    folder: Path, manifest: Mapping[str, Any]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The inputs (role, path, why) and the outputs (path, why) of a checked manifest
    whose file is ``missing``, ``unreadable`` or ``changed`` (not the SHA-256 stored).

    Example:
        >>> import tempfile
        >>> from mcda_kerjasama import load_scenario, run
        >>> from mcda_kerjasama.report import write_outputs
        >>> out = Path(tempfile.mkdtemp()) / "hasil"
        >>> _ = write_outputs(run(load_scenario("scenarios/contoh")), out, command=["run"])
        >>> (out / "laporan.html").write_text("edited")
        6
        >>> inputs, outputs = changed_files(out, read_manifest(out))
        >>> inputs, [(Path(p).name, why) for p, why in outputs]
        ([], [('laporan.html', 'changed')])
    """
    inputs = []
    for entry in manifest["inputs"]:
        why = _file_state(Path(entry["path"]), entry["sha256"])
        if why:
            inputs.append((entry["role"], entry["path"], why))
    outputs = []
    for name, digest in manifest["outputs"].items():
        why = _file_state(folder / name, digest)
        if why:
            outputs.append((str(folder / name), why))
    return inputs, outputs


def _file_state(path: Path, digest: str) -> str | None:
    """``missing``, ``unreadable`` or ``changed`` when ``path`` has not the SHA-256
    ``digest``; None when it has."""
    if not path.is_file():
        return "missing"
    try:
        found = sha256(path)
    except OSError:
        return "unreadable"
    return None if found == digest.lower() else "changed"


def _stored_result(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The stored hasil.json when it can be compared, else None and why (no problem
    when it is missing: that is a changed output)."""
    if not path.is_file():
        return None, []
    try:
        data = read_stored(path, "stored_fix_result")
    except InputError as exc:
        return None, list(exc.problems)
    checker = _Checker(str(path), Msg("stored_fix_result"))
    checker.get(data, "scenario", "scenario", "object")
    return (None, checker.problems) if checker.problems else (data, [])


def read_stored(path: Path, fix: str) -> dict[str, Any]:
    """A stored JSON object (manifest.json, hasil.json), or an :class:`InputError` that
    names the file, where it breaks and ``fix`` (a message key saying what to do).

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> bad = Path(tempfile.mkdtemp()) / "manifest.json"
        >>> _ = bad.write_text('{"inputs": [}')
        >>> try:
        ...     read_stored(bad, "stored_fix_manifest")
        ... except InputError as err:
        ...     print(err.render("en"))  # doctest: +ELLIPSIS
        /.../manifest.json: is not valid JSON (line 1, column 13: Expecting value). The file ...
    """
    if not path.is_file():
        raise InputError([Problem("file_not_found", value=str(path))])
    source, hint = str(path), Msg(fix)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        where = Msg("stored_json_where", {"line": 1, "column": exc.start + 1, "msg": exc.reason})
        raise InputError(
            [Problem("stored_json_invalid", source=source, params={"reason": where, "fix": hint})]
        ) from None
    except json.JSONDecodeError as exc:
        where = Msg("stored_json_where", {"line": exc.lineno, "column": exc.colno, "msg": exc.msg})
        raise InputError(
            [Problem("stored_json_invalid", source=source, params={"reason": where, "fix": hint})]
        ) from None
    except OSError as exc:
        raise InputError(
            [Problem("file_unreadable", value=source, params={"reason": exc.strerror or exc})]
        ) from None
    if not isinstance(data, dict):
        checker = _Checker(source, hint)
        checker.wrong(None, data, "object")
        raise InputError(checker.problems)
    return data


def manifest_problems(
    manifest: Mapping[str, Any], path: Path, *, kind: str = "run"
) -> list[Problem]:
    """Every key of ``manifest`` that ``verify`` needs and that is missing or of the
    wrong type or value, located (file and key) and with the fix. ``kind``: ``run``
    (the run's scenario) or ``koordinasi`` (the coordination and its members instead).

    Example:
        >>> from pathlib import Path
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> m = build_manifest(result, {"daftar_prioritas.csv": b"x"}, ["kerjasama", "run"])
        >>> manifest_problems(m, Path("hasil/manifest.json"))
        []
        >>> m["inputs"] = "usulan.csv"
        >>> print(manifest_problems(m, Path("hasil/manifest.json"))[0].render("en"))
        ... # doctest: +ELLIPSIS
        hasil/manifest.json, key `inputs`: must be a list, not a text. The file is damaged ...
    """
    check = _Checker(str(path), Msg("stored_fix_manifest"))
    version = check.get(manifest, "schema_version", "schema_version", "integer")
    if version is not None and version != MANIFEST_SCHEMA_VERSION:
        supported = {"supported": MANIFEST_SCHEMA_VERSION}
        check.invalid("schema_version", version, Msg("expect_schema_version", supported))
    for i, entry in enumerate(check.get(manifest, "inputs", "inputs", "list") or []):
        at = f"inputs[{i}]"
        if not isinstance(entry, dict):
            check.wrong(at, entry, "object")
            continue
        check.get(entry, "role", f"{at}.role", "text")
        check.get(entry, "path", f"{at}.path", "text")
        digest = check.get(entry, "sha256", f"{at}.sha256", "text")
        if digest is not None and not _SHA256.fullmatch(digest):
            check.invalid(f"{at}.sha256", digest, Msg("expect_sha256"))
    if kind != "run":
        for key in ("coordination", "members"):
            check.get(manifest, key, key, "object")
    scenario = check.get(manifest, "scenario", "scenario", "object") if kind == "run" else None
    if scenario is not None:
        check.get(scenario, "resolved", "scenario.resolved", "object")
        for i, file in enumerate(check.get(scenario, "files", "scenario.files", "list") or []):
            if not isinstance(file, str):
                check.wrong(f"scenario.files[{i}]", file, "text")
    for name, digest in (check.get(manifest, "outputs", "outputs", "object") or {}).items():
        at = f"outputs[{json.dumps(name, ensure_ascii=False)}]"
        if name in ("", ".", "..") or any(c in name for c in "/\\\0"):
            check.invalid(at, name, Msg("expect_file_name"))
        elif not isinstance(digest, str):
            check.wrong(at, digest, "text")
        elif not _SHA256.fullmatch(digest):
            check.invalid(at, digest, Msg("expect_sha256"))
    if "language" in manifest and manifest["language"] not in LANGUAGES:
        check.invalid("language", manifest["language"], Msg("expect_language"))
    return check.problems


_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "list": list,
    "text": str,
    "integer": int,
    "number": (int, float),
}


class _Checker:
    """Collects located problems of one stored JSON file."""

    def __init__(self, source: str, fix: Msg) -> None:
        self.source, self.fix = source, fix
        self.problems: list[Problem] = []

    def get(self, container: Mapping[str, Any], key: str, at: str, kind: str) -> Any:
        """``container[key]`` when present and of ``kind``; else None, the problem noted."""
        if key not in container:
            self.problems.append(
                Problem("stored_key_missing", source=self.source, key=at, params={"fix": self.fix})
            )
            return None
        value = container[key]
        if isinstance(value, bool) or not isinstance(value, _JSON_TYPES[kind]):
            self.wrong(at, value, kind)
            return None
        return value

    def wrong(self, at: str | None, value: Any, kind: str) -> None:
        params = {"expected": Msg(f"json_{kind}"), "actual": _json_type(value), "fix": self.fix}
        self.problems.append(Problem("stored_key_type", source=self.source, key=at, params=params))

    def invalid(self, at: str, value: Any, expected: Msg) -> None:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        params = {"expected": expected, "fix": self.fix}
        self.problems.append(
            Problem("stored_value_invalid", source=self.source, key=at, value=shown, params=params)
        )


def _json_type(value: Any) -> Msg:
    """The JSON type of ``value`` as a message (``a list``, ``a text``, ...)."""
    if value is None:
        return Msg("json_null")
    if isinstance(value, bool):
        return Msg("json_boolean")
    for kind in ("object", "list", "text", "integer", "number"):
        if isinstance(value, _JSON_TYPES[kind]):
            return Msg(f"json_{kind}")
    return Msg("json_null")


def _stable(data: dict[str, Any]) -> dict[str, Any]:
    """hasil.json without the fields that measure time."""
    out = json.loads(json.dumps(data))
    for section, key in VOLATILE:
        out.get(section, {}).pop(key, None)
    return out


def json_differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Dotted paths where two JSON values differ.

    Example:
        >>> json_differences({"a": [1, 2], "b": 1}, {"a": [1, 3], "b": 1})
        ['a[1]']
    """
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b)):
            found += json_differences(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        found = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found += json_differences(x, y, f"{path}[{i}]")
        return found
    return [] if a == b else [path or "(root)"]
