"""Scenario files (``scenario.toml``): load, extend, override, validate.

A scenario names the proposals file, the criteria, how to weight them, which screening
rules apply, the constraints, the solver settings and the sensitivity settings. Every
problem in a scenario is reported at once, each naming its key; unknown keys get a
"did you mean" hint. ``extends = "../base/scenario.toml"`` takes another scenario as the
base, so a what-if file holds only what changes; ``--set key=value`` overrides any value.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "scenario.toml").write_text(
    ...     'schema_version = 1\\n[scenario]\\nname = "Uji"\\nyears = [2026]\\n'
    ...     '[data]\\nproposals = "usulan.csv"\\n[constraints]\\nbudget = 1e9\\n')
    >>> s = load_scenario(folder, overrides=["constraints.budget=2e9"])
    >>> s.name, s.years, s.constraints.budget[2026]
    ('Uji', (2026,), 2000000000.0)
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from mcda_kerjasama.constraints import Constraints, is_number, parse_constraints
from mcda_kerjasama.errors import Problem, ScenarioError
from mcda_kerjasama.i18n import LANGUAGES, Language, Msg, closest_hint
from mcda_kerjasama.registry import BACKENDS, WEIGHT_METHODS
from mcda_kerjasama.rules import constraint_kinds

SCHEMA_VERSIONS = (1,)
KINDS = ("KSDD", "KSDPK", "SINERGI", "KSDPL", "KSDLL")
SCENARIO_FILE = "scenario.toml"
#: Field names a proposals table uses internally; a criterion key must be another name
#: (its column may still be called anything).
RESERVED_KEYS = frozenset(
    {
        "id",
        "row",
        "title",
        "agency",
        "urusan",
        "urusan_name",
        "urusan_category",
        "kind",
        "nature",
        "partner",
        "cost",
        "staff",
        "duration",
        "earliest_start",
        "status",
        "requires",
        "exclusive_group",
        "plan_link",
    }
)


@dataclass(frozen=True)
class Criterion:
    """A scoring criterion: the proposals column holding its score, its scale and
    direction (``benefit``: higher is better; ``cost``: lower is better)."""

    key: str
    column: str
    label: str
    label_en: str
    scale: tuple[float, float] = (1.0, 5.0)
    direction: Literal["benefit", "cost"] = "benefit"
    parent: str | None = None

    def display(self, lang: Language) -> str:
        """The label in ``lang``."""
        return self.label if lang == "id" else self.label_en


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("mutual_benefit", "saling_menguntungkan", "Saling menguntungkan", "Mutual benefit"),
    Criterion("real_need", "kebutuhan_nyata", "Kebutuhan nyata", "Real need"),
    Criterion("potential", "potensi", "Potensi dan karakteristik daerah", "Regional potential"),
    Criterion("sustainability", "keberlanjutan", "Keberlanjutan", "Sustainability"),
    Criterion("inclusiveness", "inklusif", "Pembangunan inklusif", "Inclusiveness"),
)


@dataclass(frozen=True)
class Screening:
    """Eligibility rules; each one is off unless the scenario switches it on."""

    require_plan_link: bool = False
    max_duration: int | None = None
    min_score: Mapping[str, float] = field(default_factory=dict)
    exclude_kinds: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()


@dataclass(frozen=True)
class SolverOptions:
    """Which solver, how long it may run (seconds) and the relative MIP gap accepted;
    ``warm_start`` offers the solver a greedy first portfolio (its answer is certified
    either way, see :func:`mcda_kerjasama.portfolio.backends.certify`)."""

    backend: str = "highs"
    time_limit: float = 60.0
    mip_gap: float = 0.0
    tie_break: bool | Literal["auto"] = "auto"
    warm_start: bool = True

    #: ``tie_break = "auto"`` applies it to proven-optimal solves of up to this many
    #: variables: each tie-break stage is a full MIP solve.
    TIE_BREAK_AUTO_LIMIT = 1000

    def tie_break_for(self, n_columns: int) -> bool:
        """Whether the tie-break stages run for a model of ``n_columns`` variables.

        Example:
            >>> SolverOptions().tie_break_for(100), SolverOptions().tie_break_for(10_000)
            (True, False)
            >>> SolverOptions(mip_gap=1e-3).tie_break_for(100)
            False
        """
        if self.tie_break == "auto":
            return self.mip_gap == 0 and n_columns <= self.TIE_BREAK_AUTO_LIMIT
        return bool(self.tie_break)


@dataclass(frozen=True)
class ExplainOptions:
    """How much the explanations compute: the price of forcing in for this many of the
    best-scoring reserve proposals (0 = off), and the number of budget steps used to
    order the reserve list (0 = order by score). ``None`` (the default) means 30 and 10
    for models of up to ``AUTO_LIMIT`` variables and 0 beyond: each costs a re-solve."""

    price_of_forcing: int | None = None
    reserve_steps: int | None = None

    AUTO_LIMIT = 500

    def resolved(self, n_columns: int) -> tuple[int, int]:
        """(price_of_forcing, reserve_steps) for a model with ``n_columns`` variables.

        Example:
            >>> ExplainOptions().resolved(100), ExplainOptions().resolved(10_000)
            ((30, 10), (0, 0))
        """
        small = n_columns <= self.AUTO_LIMIT
        forcing = self.price_of_forcing if self.price_of_forcing is not None else 30 * small
        steps = self.reserve_steps if self.reserve_steps is not None else 10 * small
        return forcing, steps


@dataclass(frozen=True)
class SensitivityOptions:
    """How ``kerjasama sensitivity`` samples weight uncertainty: ``draws``, ``seed``, the
    uncertainty ``model`` (uniform | dirichlet | order | intervals) with its
    ``concentration`` (dirichlet) or ``intervals`` (criterion -> [lo, hi]), ``workers``
    (processes; the result does not depend on it) and ``top_k`` (the ranking prefix the
    one-way analysis watches)."""

    draws: int = 1000
    seed: int = 0
    model: Literal["uniform", "dirichlet", "order", "intervals", "judgements"] = "dirichlet"
    concentration: float = 50.0
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    workers: int = 1
    top_k: int = 10


@dataclass(frozen=True)
class Scenario:
    """A fully resolved scenario (after ``extends`` and ``--set``).

    ``resolved`` is the merged TOML content with paths made absolute: what the manifest
    records. ``files`` are the scenario files read, the base first. ``synthetic``: the
    proposals are made up (``[data] synthetic = true``), which the reports say.
    """

    name: str
    region: str
    years: tuple[int, ...]
    language: Language
    proposals_path: Path
    criteria: tuple[Criterion, ...]
    weights: Mapping[str, Any]
    screening: Screening
    constraints: Constraints
    solver: SolverOptions
    sensitivity: SensitivityOptions
    explain: ExplainOptions
    resolved: Mapping[str, Any]
    files: tuple[Path, ...]
    groups: tuple[Criterion, ...] = ()
    synthetic: bool = False

    def children(self, node: str | None = None) -> tuple[str, ...]:
        """The criteria directly under ``node`` (``None``: the main criteria), in
        scenario order; groups included.

        Example:
            >>> load_scenario("scenarios/contoh").children()
            ('mutual_benefit', 'real_need', 'potential', 'sustainability', 'inclusiveness')
        """
        return tuple(c.key for c in (*self.groups, *self.criteria) if c.parent == node)

    @property
    def criterion_keys(self) -> tuple[str, ...]:
        """The criterion keys in scenario order."""
        return tuple(c.key for c in self.criteria)

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key."""
        return next(c for c in self.criteria if c.key == key)


# --- the schema --------------------------------------------------------------------------

Check = Callable[[Any], Msg | None]  # returns what was expected when the value is invalid


def _number(v: Any) -> Msg | None:
    return None if is_number(v) else Msg("type_number")


def _nonneg(v: Any) -> Msg | None:
    return None if is_number(v) and v >= 0 else Msg("type_nonneg")


def _positive(v: Any) -> Msg | None:
    return None if is_number(v) and v > 0 else Msg("type_positive")


def _integer(v: Any) -> Msg | None:
    return None if isinstance(v, int) and not isinstance(v, bool) else Msg("type_integer")


def _pos_integer(v: Any) -> Msg | None:
    return (
        None
        if isinstance(v, int) and not isinstance(v, bool) and v > 0
        else Msg("type_pos_integer")
    )


def _bool_or_auto(v: Any) -> Msg | None:
    return None if isinstance(v, bool) or v == "auto" else Msg("type_bool_auto")


def _interval(v: Any) -> Msg | None:
    ok = isinstance(v, list) and len(v) == 2 and all(is_number(x) for x in v)
    return None if ok and 0 <= v[0] <= v[1] <= 1 else Msg("type_interval")


def _nonneg_integer(v: Any) -> Msg | None:
    ok = isinstance(v, int) and not isinstance(v, bool) and v >= 0
    return None if ok else Msg("type_integer_nonneg")


def _string(v: Any) -> Msg | None:
    return None if isinstance(v, str) and v.strip() else Msg("type_text")


def _any_text(v: Any) -> Msg | None:
    return None if isinstance(v, str) else Msg("type_text_any")


def _bool(v: Any) -> Msg | None:
    return None if isinstance(v, bool) else Msg("type_bool")


def _strings(v: Any) -> Msg | None:
    ok = isinstance(v, list) and all(isinstance(x, str) for x in v)
    return None if ok else Msg("type_strings")


def _years(v: Any) -> Msg | None:
    ok = (
        isinstance(v, list)
        and len(v) > 0
        and all(isinstance(x, int) and not isinstance(x, bool) and 2000 <= x <= 2100 for x in v)
        and v == sorted(set(v))
        and v == list(range(v[0], v[0] + len(v)))
    )
    return None if ok else Msg("type_years")


def _scale(v: Any) -> Msg | None:
    ok = isinstance(v, list) and len(v) == 2 and all(is_number(x) for x in v) and v[0] < v[1]
    return None if ok else Msg("type_scale")


def _choice(*allowed: str) -> Check:
    def check(v: Any) -> Msg | None:
        return None if v in allowed else Msg("type_choice", {"allowed": ", ".join(allowed)})

    return check


def _any(v: Any) -> Msg | None:
    return None


@dataclass(frozen=True)
class _MapOf:
    """A table whose keys are free (criterion keys, years) and values share one check."""

    value: Check | dict[str, Any]


_WEIGHTS: dict[str, Any] = {
    "method": _choice(*WEIGHT_METHODS),
    "values": _MapOf(_nonneg),
    "order": _strings,
    "points": _MapOf(_nonneg),
    "judgements": _string,
    "pairs": _any,
    "priority": _choice("eigenvector", "geometric_mean"),
    "ri_table": _choice("alonso_lamata", "saaty"),
    "cr_threshold": _positive,
    "aggregation": _choice("judgements", "priorities"),
    "respondent_weights": _MapOf(_positive),
    "exclude_inconsistent": _bool,
}


@dataclass(frozen=True)
class _ListOf:
    """An array of tables (``[[constraints.group]]``), each checked against ``item``."""

    item: dict[str, Any]


# A schema level is a dict: key -> Check | nested dict | _MapOf. Required keys are listed
# in _REQUIRED by dotted path.
_SCHEMA: dict[str, Any] = {
    "schema_version": _integer,
    "extends": _string,
    "scenario": {
        "name": _string,
        "region": _any_text,
        "years": _years,
        "language": _choice(*LANGUAGES),
        "description": _string,
    },
    "data": {"proposals": _string, "note": _string, "synthetic": _bool},
    "criteria": _MapOf(
        {
            "column": _string,
            "label": _string,
            "label_en": _string,
            "scale": _scale,
            "direction": _choice("benefit", "cost"),
            "parent": _string,
        }
    ),
    "weights": {**_WEIGHTS, "children": _MapOf(_WEIGHTS)},
    "screening": {
        "require_plan_link": _bool,
        "max_duration": _pos_integer,
        "min_score": _MapOf(_number),
        "exclude_kinds": _strings,
        "exempt": _strings,
    },
    "constraints": {
        "budget": _any,
        "budget_total": _nonneg,
        "staff": _any,
        "staff_per_agency": _nonneg,
        "staff_agency": _MapOf(_nonneg),
        "mandatory": _bool,
        "ongoing": _bool,
        "must_fund": _any,
        "must_fund_where": _any,
        "must_not_fund": _any,
        "must_not_fund_where": _any,
        "group": _ListOf(
            {
                "name": _string,
                "column": _string,
                "values": _any,
                "where": _any,
                "min_count": _any,
                "max_count": _any,
                "min_share": _any,
                "max_share": _any,
            }
        ),
    },
    "solver": {
        "backend": _choice(*BACKENDS),
        "time_limit": _positive,
        "mip_gap": _nonneg,
        "tie_break": _bool_or_auto,
        "warm_start": _bool,
    },
    "sensitivity": {
        "draws": _pos_integer,
        "seed": _integer,
        "model": _choice("uniform", "dirichlet", "order", "intervals", "judgements"),
        "concentration": _positive,
        "intervals": _MapOf(_interval),
        "workers": _pos_integer,
        "top_k": _pos_integer,
    },
    "explain": {"price_of_forcing": _nonneg_integer, "reserve_steps": _nonneg_integer},
}


@cache
def _schema() -> dict[str, Any]:
    """The scenario schema with the keys of the registered constraint kinds
    (:mod:`mcda_kerjasama.rules`) under ``[constraints]``, each value checked by its own
    module when the constraints are parsed."""
    kinds = {key: _any for key in constraint_kinds()}
    return {**_SCHEMA, "constraints": {**_SCHEMA["constraints"], **kinds}}


_REQUIRED = (
    "schema_version",
    "scenario.name",
    "scenario.years",
    "data.proposals",
    "constraints.budget",
)
_PATH_KEYS = (("data", "proposals"), ("weights", "judgements"))


def _check_level(data: Mapping[str, Any], schema: Mapping[str, Any], prefix: str) -> list[Problem]:
    problems: list[Problem] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if key not in schema:
            hint = closest_hint(key, schema, "key_hint", prefix)
            problems.append(Problem("key_unknown", key=path, params=hint))
            continue
        problems += _check_value(value, schema[key], path)
    return problems


def _check_value(value: Any, spec: Any, path: str) -> list[Problem]:
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [
                Problem("key_type", key=path, value=value, params={"expected": Msg("type_table")})
            ]
        return _check_level(value, spec, f"{path}.")
    if isinstance(spec, _ListOf):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return [
                Problem(
                    "key_type",
                    key=path,
                    value=_show(value),
                    params={"expected": Msg("type_group_list")},
                )
            ]
        found: list[Problem] = []
        for i, item in enumerate(value):
            found += _check_level(item, spec.item, f"{path}[{i}].")
        return found
    if isinstance(spec, _MapOf):
        if not isinstance(value, dict):
            return [
                Problem("key_type", key=path, value=value, params={"expected": Msg("type_table")})
            ]
        problems: list[Problem] = []
        for sub, item in value.items():
            problems += _check_value(item, spec.value, f"{path}.{sub}")
        return problems
    expected = spec(value)
    if expected is not None:
        return [Problem("key_type", key=path, value=_show(value), params={"expected": expected})]
    return []


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


# --- loading -----------------------------------------------------------------------------


def scenario_file(path: str | Path) -> Path:
    """The scenario file for ``path``: the file itself, or ``scenario.toml`` in a folder.

    Example:
        >>> scenario_file("scenarios/contoh").name
        'scenario.toml'
    """
    path = Path(path)
    return path / SCENARIO_FILE if path.is_dir() or path.suffix != ".toml" else path


def read_toml_text(path: Path) -> str:
    """The text of a TOML file, which must be UTF-8 (a byte order mark, as Notepad writes
    it, is dropped). Any other encoding is a :class:`ScenarioError` naming the line of
    the first byte that is not UTF-8 and saying to save the file as UTF-8.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "scenario.toml"
        >>> _ = p.write_bytes('schema_version = 1\\nname = "Café"\\n'.encode("latin-1"))
        >>> try:
        ...     read_toml_text(p)
        ... except ScenarioError as e:
        ...     print(e.problems[0].code, dict(e.problems[0].params))
        toml_encoding {'byte': '0xE9', 'line': 2}
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        params = {"byte": f"0x{data[exc.start]:02X}", "line": data.count(b"\n", 0, exc.start) + 1}
        raise ScenarioError([Problem("toml_encoding", source=str(path), params=params)]) from None


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ScenarioError([Problem("file_not_found", value=str(path))])
    try:
        data = tomllib.loads(read_toml_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            [Problem("toml_invalid", source=str(path), params={"reason": str(exc)})]
        ) from None
    for section, key in _PATH_KEYS:
        table = data.get(section)
        if isinstance(table, dict) and isinstance(table.get(key), str):
            table[key] = str((path.parent / table[key]).resolve())
    children = (
        data.get("weights", {}).get("children") if isinstance(data.get("weights"), dict) else None
    )
    for table in children.values() if isinstance(children, dict) else ():
        if isinstance(table, dict) and isinstance(table.get("judgements"), str):
            table["judgements"] = str((path.parent / table["judgements"]).resolve())
    return data


def _merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _load_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], tuple[Path, ...]]:
    path = path.resolve()
    if path in seen:
        cycle = " -> ".join(str(p) for p in (*seen, path))
        raise ScenarioError([Problem("extends_cycle", params={"cycle": cycle})])
    data = _read_toml(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data, (path,)
    if not isinstance(parent, str):
        raise ScenarioError(
            [
                Problem(
                    "key_type", key="extends", value=parent, params={"expected": Msg("type_text")}
                )
            ]
        )
    base, files = _load_chain(scenario_file(path.parent / parent), (*seen, path))
    return _merge(base, data), (*files, path)


def parse_override(text: str) -> tuple[list[str], Any]:
    """Parse one ``--set key=value``: the dotted key and the value read as TOML
    (a bare word that is not TOML is taken as text).

    Example:
        >>> parse_override("constraints.budget=2_000_000_000")
        (['constraints', 'budget'], 2000000000)
        >>> parse_override("scenario.language=en")
        (['scenario', 'language'], 'en')
    """
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ScenarioError([Problem("set_syntax", value=text)])
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return [part.strip() for part in key.split(".")], value


def apply_overrides(data: Mapping[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    """``data`` with every ``key=value`` override applied (later ones win).

    Example:
        >>> apply_overrides({"solver": {"backend": "highs"}}, ["solver.backend=cbc"])
        {'solver': {'backend': 'cbc'}}
    """
    result = _merge({}, data)
    for text in overrides:
        keys, value = parse_override(text)
        if tuple(keys) in _PATH_KEYS and isinstance(value, str):
            value = str(Path(value).resolve())
        patch: Any = value
        for key in reversed(keys):
            patch = {key: patch}
        result = _merge(result, patch)
    return result


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Load, extend, override and validate a scenario.

    ``path`` is a ``scenario.toml`` or the folder holding one; relative paths inside a
    file are relative to that file. Raises :class:`ScenarioError` listing every problem.

    Example:
        >>> s = load_scenario("scenarios/contoh")
        >>> s.criterion_keys
        ('mutual_benefit', 'real_need', 'potential', 'sustainability', 'inclusiveness')
    """
    data, files = _load_chain(scenario_file(path))
    data = apply_overrides(data, overrides)
    return build_scenario(data, files)


def build_scenario(data: Mapping[str, Any], files: tuple[Path, ...] = ()) -> Scenario:
    """Validate a merged scenario mapping and turn it into a :class:`Scenario`.

    Example:
        >>> s = build_scenario({"schema_version": 1, "scenario": {"name": "x",
        ...     "years": [2026]}, "data": {"proposals": "/tmp/u.csv"},
        ...     "constraints": {"budget": 5e9}})
        >>> s.solver.backend
        'highs'
    """
    problems = _check_level(data, _schema(), "")
    for dotted in _REQUIRED:
        table: Any = data
        for part in dotted.split("."):
            table = table.get(part) if isinstance(table, dict) else None
        if table is None:
            problems.append(Problem("key_missing", key=dotted))
    version = data.get("schema_version")
    if isinstance(version, int) and version not in SCHEMA_VERSIONS:
        problems.append(
            Problem(
                "schema_version",
                key="schema_version",
                value=version,
                params={"supported": ", ".join(map(str, SCHEMA_VERSIONS))},
            )
        )
    if problems:
        raise ScenarioError(problems)

    meta = data["scenario"]
    years = tuple(meta["years"])
    criteria, groups, tree_problems = _criteria(data.get("criteria"))
    problems += tree_problems
    keys = [c.key for c in criteria]
    constraints, constraint_problems = parse_constraints(data.get("constraints", {}), years)
    problems += constraint_problems
    screening_table = data.get("screening", {})
    directions = {c.key: c.direction for c in criteria}
    for key in screening_table.get("min_score", {}):
        if key not in keys:
            problems.append(_unknown_criterion(f"screening.min_score.{key}", key, keys))
        elif directions[key] == "cost":  # a minimum on a cost criterion would reject the best
            problems.append(Problem("min_score_cost", key=f"screening.min_score.{key}", value=key))
    for kind in screening_table.get("exclude_kinds", []):
        if kind.upper() not in KINDS:
            problems.append(
                Problem(
                    "key_choice",
                    key="screening.exclude_kinds",
                    value=kind,
                    params={"allowed": ", ".join(KINDS)},
                )
            )
    weights = dict(data.get("weights", {}))
    nodes = [*groups, *criteria]
    top = [c.key for c in nodes if c.parent is None]
    problems += _weight_key_problems(weights, top, "weights")
    children_tables = weights.get("children", {})
    for group in groups:
        kids = [c.key for c in nodes if c.parent == group.key]
        if group.key not in children_tables:
            problems.append(Problem("key_missing", key=f"weights.children.{group.key}"))
        else:
            prefix = f"weights.children.{group.key}"
            problems += _weight_key_problems(children_tables[group.key], kids, prefix)
    for key in children_tables:
        if key not in {g.key for g in groups}:
            problems.append(
                _unknown_criterion(f"weights.children.{key}", key, [g.key for g in groups])
            )
    if problems:
        raise ScenarioError(problems)

    return Scenario(
        name=meta["name"],
        region=meta.get("region", ""),
        years=years,
        language=meta.get("language", "id"),
        proposals_path=Path(data["data"]["proposals"]),
        criteria=criteria,
        weights=weights,
        screening=Screening(
            require_plan_link=screening_table.get("require_plan_link", False),
            max_duration=screening_table.get("max_duration"),
            min_score=dict(screening_table.get("min_score", {})),
            exclude_kinds=tuple(k.upper() for k in screening_table.get("exclude_kinds", [])),
            exempt=tuple(str(i) for i in screening_table.get("exempt", [])),
        ),
        constraints=constraints,
        solver=SolverOptions(**data.get("solver", {})),
        sensitivity=_sensitivity(data.get("sensitivity", {})),
        explain=ExplainOptions(**data.get("explain", {})),
        resolved=data,
        files=files,
        groups=groups,
        synthetic=bool(data.get("data", {}).get("synthetic", False)),
    )


def _sensitivity(table: Mapping[str, Any]) -> SensitivityOptions:
    intervals = {k: (float(v[0]), float(v[1])) for k, v in table.get("intervals", {}).items()}
    return SensitivityOptions(**{**table, "intervals": intervals})


def _weight_key_problems(
    table: Mapping[str, Any], allowed: Sequence[str], prefix: str
) -> list[Problem]:
    """Criteria named in a weights table's ``values`` / ``points`` that are not among
    the criteria this table weights."""
    return [
        _unknown_criterion(f"{prefix}.{table_key}.{key}", key, allowed)
        for table_key in ("values", "points")
        for key in table.get(table_key, {})
        if key not in allowed
    ]


def _unknown_criterion(path: str, key: str, keys: Sequence[str]) -> Problem:
    return Problem(
        "criterion_unknown", key=path, value=key, params=closest_hint(key, keys, "key_hint")
    )


def _criteria(
    table: Mapping[str, Any] | None,
) -> tuple[tuple[Criterion, ...], tuple[Criterion, ...], list[Problem]]:
    """Leaf criteria (scored from columns), group criteria (named as a ``parent``, weighted
    from their children) and the problems of the tree."""
    if not table:
        return DEFAULT_CRITERIA, (), []
    defaults = {c.key: c for c in DEFAULT_CRITERIA}
    parents = {spec["parent"] for spec in table.values() if "parent" in spec}
    problems: list[Problem] = []
    leaves, groups = [], []
    for key, spec in table.items():
        if key in RESERVED_KEYS:
            problems.append(Problem("criterion_key_reserved", key=f"criteria.{key}", value=key))
        base = defaults.get(key)
        label = spec.get("label", base.label if base else key)
        parent = spec.get("parent")
        if parent is not None and parent not in table:
            hint = closest_hint(parent, list(table), "key_hint")
            problems.append(
                Problem(
                    "criterion_unknown", key=f"criteria.{key}.parent", value=parent, params=hint
                )
            )
        node = Criterion(
            key=key,
            column="" if key in parents else spec.get("column", base.column if base else key),
            label=label,
            label_en=spec.get("label_en", base.label_en if base else label),
            scale=tuple(spec.get("scale", [1, 5])),
            direction=spec.get("direction", "benefit"),
            parent=parent,
        )
        if key in parents:
            for column_key in ("column", "scale", "direction"):
                if column_key in spec:
                    problems.append(
                        Problem("criterion_group_scored", key=f"criteria.{key}.{column_key}")
                    )
            groups.append(node)
        else:
            leaves.append(node)
    for key in table:  # a parent chain must end at the top
        seen = [key]
        while (up := table[seen[-1]].get("parent")) in table:
            if up in seen:
                problems.append(
                    Problem(
                        "criterion_cycle",
                        key=f"criteria.{key}.parent",
                        params={"cycle": " -> ".join([*seen, up])},
                    )
                )
                break
            seen.append(up)
    return tuple(leaves), tuple(groups), problems
