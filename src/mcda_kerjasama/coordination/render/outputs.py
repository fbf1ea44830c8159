"""A coordination's outputs as one set: ``koordinasi.json``, the workbook
``koordinasi.xlsx``, the report ``laporan_koordinasi.html``, every member's usual
outputs (``anggota-<member>.hasil.json``, ``.daftar_prioritas.csv``,
``.daftar_prioritas.xlsx``, ``.laporan.html``) and ``manifest.json``, written like
``kerjasama run`` writes its five: built in memory, then swapped in at once
(:func:`~mcda_kerjasama.report.files.write_set`), so a failed run leaves the folder as
it was. :func:`verify` checks a folder against its manifest: every input and output
file by SHA-256, and a re-run of the whole coordination giving the same
``koordinasi.json`` (times ignored).

Example:
    >>> import tempfile
    >>> from mcda_kerjasama.coordination import coordinate, load_coordination
    >>> from mcda_kerjasama.datasets.coordination import (
    ...     generate_coordination, write_coordination)
    >>> g = generate_coordination("65", seed=1, proposals=10, province_proposals=10)
    >>> folder = Path(tempfile.mkdtemp())
    >>> c = load_coordination(write_coordination(folder / "koordinasi", g))
    >>> out = folder / "hasil"
    >>> paths = write_coordination_outputs(coordinate(c), out, command=["kerjasama"])
    >>> [p.name for p in paths][:3]
    ['koordinasi.json', 'koordinasi.xlsx', 'laporan_koordinasi.html']
    >>> verify_coordination(out).identical
    True
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mcda_kerjasama import __version__
from mcda_kerjasama.coordination.config import build_spec
from mcda_kerjasama.coordination.link import Coordination, assemble
from mcda_kerjasama.coordination.pool import Pool
from mcda_kerjasama.coordination.result import coordination_to_dict, member_prefix, member_runs
from mcda_kerjasama.coordination.solve import Coordinated, coordinate
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import Language
from mcda_kerjasama.jsonable import plain, to_json
from mcda_kerjasama.report import priority_csv, result_json
from mcda_kerjasama.report.facts import report_facts
from mcda_kerjasama.report.files import write_set
from mcda_kerjasama.report.manifest import (
    DEPENDENCIES,
    Verification,
    changed_files,
    input_files,
    json_differences,
    read_manifest,
    read_stored,
    sha256,
)
from mcda_kerjasama.scenario import load_scenario

RESULT = "koordinasi.json"
WORKBOOK = "koordinasi.xlsx"
REPORT = "laporan_koordinasi.html"
MANIFEST = "manifest.json"
KIND = "koordinasi"
#: Member files, after the member's prefix.
MEMBER_FILES = (".hasil.json", ".daftar_prioritas.csv", ".daftar_prioritas.xlsx", ".laporan.html")
#: Fields of koordinasi.json that measure time, not the result.
VOLATILE = (("solver", "seconds"), ("solver", "solve_seconds"), ("solver", "workers"))


def output_names(done: Coordinated) -> list[str]:
    """Every file the set holds, the manifest last.

    Example:
        >>> from mcda_kerjasama.coordination import coordinate
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> names = output_names(coordinate(c, explain=False))
        >>> names[:3], names[-1], len(names)
        (['koordinasi.json', 'koordinasi.xlsx', 'laporan_koordinasi.html'], 'manifest.json', 28)
    """
    members = [f"{member_prefix(o.name)}{suffix}" for o in done.members for suffix in MEMBER_FILES]
    return [RESULT, WORKBOOK, REPORT, *members, MANIFEST]


def coordination_inputs(coordination: Coordination) -> list[dict[str, str]]:
    """Every file the coordination read: (role, member, path), the coordination's first.

    Example:
        >>> from mcda_kerjasama.coordination import load_coordination
        >>> found = coordination_inputs(load_coordination("scenarios/koordinasi-sumbar"))
        >>> [f["role"] for f in found[:4]]
        ['coordination', 'joint', 'neighbours', 'scenario']
    """
    spec = coordination.spec
    files = [{"role": "coordination", "member": "", "path": str(p)} for p in spec.files]
    files.append({"role": "joint", "member": "", "path": str(spec.joint)})
    if spec.neighbours is not None:
        files.append({"role": "neighbours", "member": "", "path": str(spec.neighbours)})
    for member in coordination.members:
        files += [
            {"role": role, "member": member.name, "path": str(path)}
            for role, path in input_files(member.scenario)
        ]
    return files


def build_outputs(
    done: Coordinated, lang: Language | None = None, pool: Pool | None = None
) -> dict[str, bytes]:
    """Every output file's bytes but the manifest (see the module docstring).

    Example: see the module docstring.
    """
    from mcda_kerjasama.coordination.render.html import coordination_html
    from mcda_kerjasama.coordination.render.workbook import coordination_workbook
    from mcda_kerjasama.report.html import report_html
    from mcda_kerjasama.report.xlsx import workbook_bytes

    language = lang or done.coordination.spec.language
    data = coordination_to_dict(done, language)
    runs = member_runs(done, pool)
    outputs = {
        RESULT: (to_json(data) + "\n").encode("utf-8"),
        WORKBOOK: coordination_workbook(done, runs, language),
        REPORT: coordination_html(done, runs, language).encode("utf-8"),
    }
    for name, run in runs.items():
        facts = report_facts(run)
        prefix = member_prefix(name)
        outputs[f"{prefix}.hasil.json"] = (result_json(facts, language) + "\n").encode("utf-8")
        outputs[f"{prefix}.daftar_prioritas.csv"] = priority_csv(facts, language).encode(
            "utf-8-sig"
        )
        outputs[f"{prefix}.daftar_prioritas.xlsx"] = workbook_bytes(facts, language)
        outputs[f"{prefix}.laporan.html"] = report_html(facts, language).encode("utf-8")
    return outputs


def coordination_manifest(
    done: Coordinated, outputs: Mapping[str, bytes], command: Sequence[str], lang: Language
) -> dict[str, Any]:
    """The manifest: what was read (with SHA-256), the coordination file and every
    member's scenario as resolved, the versions, the solver settings and every output's
    SHA-256.

    Example: see the module docstring.
    """
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    c = done.coordination
    options = c.spec.options
    return {
        "schema_version": 1,
        "kind": KIND,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": list(command),
        "package": {"name": "mcda_kerjasama", "version": __version__},
        "python": platform.python_version(),
        "platform": platform.platform(),
        "dependencies": {name: installed(name) for name in DEPENDENCIES},
        "inputs": [
            {**entry, "sha256": sha256(Path(entry["path"]))} for entry in coordination_inputs(c)
        ],
        "coordination": {"file": str(c.spec.files[0]), "resolved": plain(c.spec.resolved)},
        "members": {
            m.name: {
                "scenario": str(m.scenario.files[-1]),
                "files": [str(p) for p in m.scenario.files],
            }
            for m in c.members
        },
        "solver": {
            "method": options.method,
            "backend": options.backend,
            "version": done.solver.version,
            "time_limit": options.time_limit,
            "mip_gap": options.mip_gap,
        },
        "language": lang,
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()},
    }


def _check_folder(folder: Path, owned: set[str], inputs: set[Path], force: bool) -> None:
    problems = [
        Problem("output_is_input", value=str(folder / name))
        for name in sorted(owned)
        if (folder / name).resolve() in inputs
    ]
    if folder.is_dir() and not force:
        foreign = sorted(
            p.name for p in folder.iterdir() if p.name not in owned and not p.name.startswith(".")
        )
        if foreign:
            shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
            problems.append(
                Problem("output_folder_foreign", value=str(folder), params={"files": shown})
            )
    elif folder.exists() and not folder.is_dir():
        problems.append(Problem("output_not_folder", value=str(folder)))
    if problems:
        raise InputError(problems)


def write_coordination_outputs(
    done: Coordinated,
    folder: str | Path,
    lang: Language | None = None,
    *,
    command: Sequence[str] = (),
    force: bool = False,
    pool: Pool | None = None,
) -> list[Path]:
    """Write the whole set into ``folder`` at once (see the module docstring); an
    existing folder is reused only when it holds nothing but this set's files (or with
    ``force``), and an input file is never overwritten.

    Example: see the module docstring.
    """
    folder = Path(folder)
    language = lang or done.coordination.spec.language
    owned = set(output_names(done))
    inputs = {Path(e["path"]).resolve() for e in coordination_inputs(done.coordination)}
    _check_folder(folder, owned, inputs, force)
    outputs = build_outputs(done, language, pool)
    manifest = coordination_manifest(done, outputs, command, language)
    outputs[MANIFEST] = (to_json(manifest) + "\n").encode("utf-8")
    return write_set(folder, outputs, owned)


def is_coordination(folder: str | Path) -> bool:
    """Whether ``folder`` holds a coordination's outputs (its manifest says so).

    Example:
        >>> is_coordination("scenarios/contoh")
        False
    """
    path = Path(folder) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("kind") == KIND
    except (OSError, ValueError, AttributeError):
        return False


def _stable(data: Any) -> Any:
    out = json.loads(json.dumps(data))
    for section, key in VOLATILE:
        if isinstance(out.get(section), dict):
            out[section].pop(key, None)
    return out


def verify_coordination(folder: str | Path) -> Verification:
    """Check a coordination's output folder (see the module docstring); the same
    :class:`~mcda_kerjasama.report.manifest.Verification` as ``kerjasama verify`` of a
    run.

    Example: see the module docstring.
    """
    folder = Path(folder)
    manifest = read_manifest(folder, kind=KIND)
    changed_inputs, changed_outputs = changed_files(folder, manifest)
    stored: Any = None
    stored_problems: list[Problem] = []
    if (folder / RESULT).is_file():
        try:
            stored = read_stored(folder / RESULT, "stored_fix_result")
        except InputError as exc:
            stored_problems = list(exc.problems)
    found = Verification(
        tuple(changed_inputs), (), tuple(changed_outputs), tuple(stored_problems), False
    )
    if stored is None or any(why == "missing" for _, _, why in changed_inputs):
        return found
    spec = build_spec(manifest["coordination"]["resolved"], Path(manifest["coordination"]["file"]))
    scenarios = [load_scenario(Path(manifest["members"][m.name]["scenario"])) for m in spec.members]
    coordination = assemble(spec, scenarios, [None] * len(scenarios), spec.joint, spec.neighbours)
    lang: Language = "en" if manifest.get("language") == "en" else "id"
    fresh = coordination_to_dict(coordinate(coordination), lang)
    differ = tuple(json_differences(_stable(stored), _stable(fresh)))
    return Verification(
        tuple(changed_inputs), differ, tuple(changed_outputs), tuple(stored_problems), True
    )
