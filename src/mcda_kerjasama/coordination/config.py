"""The coordination file (``koordinasi.toml``, versioned like ``scenario.toml``): the
member mappings, the confirmed joint cooperations, the neighbours, the objective and
the solver settings.

```toml
schema_version = 1

[coordination]
name = "Koordinasi kerja sama Sumatera Barat 2026-2028"   # required
region = "Provinsi Sumatera Barat"
language = "id"                          # "id" (default) or "en"

[data]
joint = "bersama.csv"                    # the confirmed joint cooperations (required)
neighbours = "tetangga.csv"              # pairs of bordering members (optional)
synthetic = true                         # the reports say the data are made up
note = "..."

[members]                                # name -> scenario folder (or scenario.toml)
"Provinsi Sumatera Barat" = "anggota/provinsi-sumatera-barat"
"Kota Padang" = { scenario = "anggota/kota-padang", aliases = ["Pemko Padang"] }

[objective]
normalise = "standalone"                 # or "none": raw score sums (a long list dominates)
guarantee = true                         # no member below its optimum alone
mandatory = true                         # mandatory joint cooperations funded by all parties

[solver]
method = "monolithic"                    # one MILP; or "decomposition" (member by member)
backend = "highs"
time_limit = 600                         # seconds for the joint model
mip_gap = 0.0                            # relative gap accepted; 0 = prove optimality
scheduler = "tcp://10.0.0.5:8786"        # optional: run the member subproblems on Dask
threads = 0                              # member solves side by side here; 0 = one per core
tie_break = false                        # true: every member's ties broken the ordinary way

[explain]
price_of_forcing = true                  # price every joint cooperation not chosen
uncoordinated = true                     # each member's list solved alone, as today
members = true                           # each member's usual explanations
```

Paths are relative to the file that names them; unknown keys are errors with a "did you
mean" hint; ``--set key=value`` overrides any value.

Example:
    >>> spec = load_spec("scenarios/koordinasi-sumbar", ["objective.guarantee=false"])
    >>> spec.name, len(spec.members), spec.options.guarantee, spec.options.method
    ('Koordinasi kerja sama daerah Sumatera Barat 2026-2027', 20, False, 'decomposition')
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mcda_kerjasama.errors import Problem, ScenarioError
from mcda_kerjasama.i18n import Msg, closest_hint
from mcda_kerjasama.language import LANGUAGES, Language
from mcda_kerjasama.registry import BACKENDS
from mcda_kerjasama.scenario import apply_overrides, read_toml_text
from mcda_kerjasama.scenario.schema import (
    ANY,
    ANY_TEXT,
    BOOL,
    INTEGER,
    NONNEG,
    NONNEG_INTEGER,
    POSITIVE,
    TEXT,
    check_table,
    choice,
    show_value,
)

SCHEMA_VERSIONS = (1,)
COORDINATION_FILE = "koordinasi.toml"
METHODS = ("monolithic", "decomposition")
NORMALISATIONS = ("standalone", "none")


@dataclass(frozen=True)
class Options:
    """What the coordination optimises and how.

    ``normalise``: ``standalone`` divides each member's value by its optimum alone (its
    standalone optimum counts 1), ``none`` adds raw scores. ``guarantee``: no member
    below its optimum alone. ``mandatory``: mandatory (*wajib*) joint cooperations are
    funded by every party, from their earliest start. ``method``: ``monolithic`` (one
    MILP) or ``decomposition`` (the members' subproblems coordinated by Lagrangian prices,
    with branch and bound over the joint decisions); ``scheduler``: a Dask cluster for
    the member solves; ``threads``: how many member solves run side by side in this
    process when there is none (0: one per core, at most 8); ``tie_break``: break the
    ties of every member's portfolio (alone and final) by the ordinary keys (each a full
    solve more). ``price_of_forcing``, ``uncoordinated``, ``member_explanations``: what
    the explanations compute.
    """

    normalise: Literal["standalone", "none"] = "standalone"
    guarantee: bool = True
    mandatory: bool = True
    method: Literal["decomposition", "monolithic"] = "monolithic"
    backend: str = "highs"
    time_limit: float = 600.0
    mip_gap: float = 0.0
    scheduler: str | None = None
    threads: int = 0
    tie_break: bool = False
    price_of_forcing: bool = True
    uncoordinated: bool = True
    member_explanations: bool = True


@dataclass(frozen=True)
class MemberSpec:
    """One member: its name (as the joint table and the partners name it), its scenario
    file and other names its partners may use for it."""

    name: str
    scenario: Path
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    """A coordination file, read and checked (paths absolute). ``resolved`` is its
    content after ``--set`` (what the manifest records); ``files`` the files read."""

    name: str
    region: str
    language: Language
    members: tuple[MemberSpec, ...]
    joint: Path | None
    neighbours: Path | None
    options: Options
    resolved: Mapping[str, Any]
    files: tuple[Path, ...]
    synthetic: bool = False
    note: str = ""
    description: str = ""
    extra_inputs: tuple[Path, ...] = field(default=())


# --- the schema ----------------------------------------------------------------------------


_SCHEMA: dict[str, Any] = {
    "schema_version": INTEGER,
    "coordination": {
        "name": TEXT,
        "region": ANY_TEXT,
        "language": choice(*LANGUAGES),
        "description": TEXT,
    },
    "data": {"joint": TEXT, "neighbours": TEXT, "synthetic": BOOL, "note": TEXT},
    "members": ANY,  # free names, checked by _members
    "objective": {
        "normalise": choice(*NORMALISATIONS),
        "guarantee": BOOL,
        "mandatory": BOOL,
    },
    "solver": {
        "method": choice(*METHODS),
        "backend": choice(*BACKENDS),
        "time_limit": POSITIVE,
        "mip_gap": NONNEG,
        "scheduler": TEXT,
        "threads": NONNEG_INTEGER,
        "tie_break": BOOL,
    },
    "explain": {"price_of_forcing": BOOL, "uncoordinated": BOOL, "members": BOOL},
}
_REQUIRED = ("schema_version", "coordination.name", "data.joint", "members")


def _members(table: Any, base: Path) -> tuple[list[MemberSpec], list[Problem]]:
    """The ``[members]`` table: name -> path, or name -> {scenario, aliases}."""
    if not isinstance(table, dict):
        return [], [
            Problem(
                "key_type",
                key="members",
                value=show_value(table),
                params={"expected": Msg("type_table")},
            )
        ]
    members: list[MemberSpec] = []
    problems: list[Problem] = []
    seen: dict[Path, str] = {}
    for name, value in table.items():
        key = f"members.{_quoted(name)}"
        if not str(name).strip():
            problems.append(Problem("koord_member_name_empty", key=key))
            continue
        aliases: tuple[str, ...] = ()
        if isinstance(value, dict):
            for extra in value:
                if extra not in ("scenario", "aliases"):
                    hint = closest_hint(extra, ["scenario", "aliases"], "key_hint", f"{key}.")
                    problems.append(Problem("key_unknown", key=f"{key}.{extra}", params=hint))
            raw_aliases = value.get("aliases", [])
            if not isinstance(raw_aliases, list) or not all(
                isinstance(a, str) and a.strip() for a in raw_aliases
            ):
                problems.append(
                    Problem(
                        "key_type",
                        key=f"{key}.aliases",
                        value=show_value(raw_aliases),
                        params={"expected": Msg("type_strings")},
                    )
                )
            else:
                aliases = tuple(a.strip() for a in raw_aliases)
            value = value.get("scenario")
            if value is None:
                problems.append(Problem("key_missing", key=f"{key}.scenario"))
                continue
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    "key_type",
                    key=key,
                    value=show_value(value),
                    params={"expected": Msg("type_text")},
                )
            )
            continue
        path = _scenario_file(base / value)
        if not path.is_file():
            problems.append(Problem("koord_member_missing", key=key, value=str(path)))
            continue
        if path in seen:
            params = {"other": seen[path]}
            problems.append(Problem("koord_member_duplicate", key=key, value=value, params=params))
            continue
        seen[path] = str(name)
        members.append(MemberSpec(str(name).strip(), path, aliases))
    if not problems and len(members) < 2:
        problems.append(Problem("koord_members_few", key="members", value=len(members)))
    return members, problems


def _quoted(name: str) -> str:
    return f'"{name}"' if any(c in name for c in ' ."') else name


def _scenario_file(path: Path) -> Path:
    return path / "scenario.toml" if path.is_dir() or path.suffix != ".toml" else path


def _options(data: Mapping[str, Any]) -> Options:
    objective = data.get("objective", {})
    solver = data.get("solver", {})
    explain = data.get("explain", {})
    return Options(
        normalise=objective.get("normalise", "standalone"),
        guarantee=objective.get("guarantee", True),
        mandatory=objective.get("mandatory", True),
        method=solver.get("method", "monolithic"),
        backend=solver.get("backend", "highs"),
        time_limit=float(solver.get("time_limit", 600.0)),
        mip_gap=float(solver.get("mip_gap", 0.0)),
        scheduler=solver.get("scheduler"),
        threads=solver.get("threads", 0),
        tie_break=solver.get("tie_break", False),
        price_of_forcing=explain.get("price_of_forcing", True),
        uncoordinated=explain.get("uncoordinated", True),
        member_explanations=explain.get("members", True),
    )


def spec_in_memory(data: Mapping[str, Any], members: Sequence[str]) -> Spec:
    """A coordination's settings without files (for notebooks, services and tests):
    ``data`` as ``koordinasi.toml`` holds them, without ``[members]`` (the ``members``
    named here) and without paths in ``[data]``.

    Example:
        >>> spec = spec_in_memory({"coordination": {"name": "Uji"},
        ...                        "objective": {"guarantee": False}}, ["A", "B"])
        >>> spec.options.guarantee, [m.name for m in spec.members], spec.files
        (False, ['A', 'B'], ())
    """
    table = {k: v for k, v in data.items() if k not in ("members", "data")}
    problems = check_table(table, _SCHEMA, "")
    if not isinstance(table.get("coordination"), dict) or "name" not in table["coordination"]:
        problems.append(Problem("key_missing", key="coordination.name"))
    if len(members) < 2:
        problems.append(Problem("koord_members_few", key="members", value=len(members)))
    if problems:
        raise ScenarioError(problems)
    meta = table["coordination"]
    extra = data.get("data", {}) if isinstance(data.get("data"), dict) else {}
    return Spec(
        name=meta["name"],
        region=meta.get("region", ""),
        language=meta.get("language", "id"),
        members=tuple(MemberSpec(n, Path(f"<memory>/{n}")) for n in members),
        joint=None,
        neighbours=None,
        options=_options(table),
        resolved=dict(data),
        files=(),
        synthetic=bool(extra.get("synthetic", False)),
        note=str(extra.get("note", "")),
        description=str(meta.get("description", "")),
    )


def coordination_file(path: str | Path) -> Path:
    """The coordination file for ``path``: the file itself, or ``koordinasi.toml`` in a
    folder.

    Example:
        >>> coordination_file("scenarios/koordinasi-sumbar").name
        'koordinasi.toml'
    """
    path = Path(path)
    return path / COORDINATION_FILE if path.is_dir() or path.suffix != ".toml" else path


def read_spec_file(path: str | Path) -> dict[str, Any]:
    """The coordination file's content as written (a :class:`ScenarioError` when it is
    missing, not UTF-8 or not TOML).

    Example:
        >>> read_spec_file("scenarios/koordinasi-sumbar")["schema_version"]
        1
    """
    file = coordination_file(path)
    if not file.is_file():
        raise ScenarioError([Problem("file_not_found", value=str(file))])
    try:
        return tomllib.loads(read_toml_text(file))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            [Problem("koord_toml_invalid", source=str(file), params={"reason": str(exc)})]
        ) from None


def load_spec(path: str | Path, overrides: Sequence[str] = (), *, joint: bool = True) -> Spec:
    """Read and check a coordination file (every problem at once, each naming its key);
    ``overrides`` are ``--set key=value`` texts; ``joint=False`` lets the joint table be
    missing (to propose one by matching the members' lists).

    Example: see the module docstring.
    """
    file = coordination_file(path).resolve()
    data = apply_overrides(read_spec_file(file), overrides)
    return build_spec(data, file, joint=joint)


def build_spec(data: Mapping[str, Any], file: Path, *, joint: bool = True) -> Spec:
    """Check a coordination file's content (``file``: where relative paths start).

    Example:
        >>> try:
        ...     build_spec({"schema_version": 1, "coordination": {"nam": "x"}},
        ...                Path("scenarios/koordinasi-sumbar/koordinasi.toml"))
        ... except ScenarioError as err:
        ...     print(err.render("en").splitlines()[0])
        key `coordination.nam`: unknown key; did you mean `coordination.name`?
    """
    problems = check_table(data, _SCHEMA, "")
    for dotted in _REQUIRED if joint else [k for k in _REQUIRED if k != "data.joint"]:
        table: Any = data
        for part in dotted.split("."):
            table = table.get(part) if isinstance(table, dict) else None
        if table is None:
            problems.append(Problem("key_missing", key=dotted))
    version = data.get("schema_version")
    if (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version not in SCHEMA_VERSIONS
    ):
        supported = ", ".join(map(str, SCHEMA_VERSIONS))
        problems.append(
            Problem(
                "schema_version",
                key="schema_version",
                value=version,
                params={"supported": supported},
            )
        )
    base = file.parent
    members: list[MemberSpec] = []
    if "members" in data:
        members, member_problems = _members(data["members"], base)
        problems += member_problems
    files_data = data.get("data", {}) if isinstance(data.get("data"), dict) else {}
    joint_path = base / files_data["joint"] if isinstance(files_data.get("joint"), str) else None
    neighbours_text = files_data.get("neighbours")
    neighbours = base / neighbours_text if isinstance(neighbours_text, str) else None
    for key, found in (
        ("data.joint", joint_path if joint else None),
        ("data.neighbours", neighbours),
    ):
        if found is not None and not found.is_file():
            problems.append(Problem("file_not_found", key=key, value=str(found)))
    if problems:
        raise ScenarioError(problems)
    if joint_path is not None and not joint_path.is_file():
        joint_path = None
    meta = data["coordination"]
    options = _options(data)
    return Spec(
        name=meta["name"],
        region=meta.get("region", ""),
        language=meta.get("language", "id"),
        members=tuple(members),
        joint=joint_path.resolve() if joint_path else None,
        neighbours=neighbours.resolve() if neighbours else None,
        options=options,
        resolved=data,
        files=(file,),
        synthetic=bool(files_data.get("synthetic", False)),
        note=str(files_data.get("note", "")),
        description=str(meta.get("description", "")),
    )
