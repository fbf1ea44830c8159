"""Building a :class:`Scenario` from the merged content of its files: the schema first,
then the criteria tree, the constraints, the screening rules and the weights tables
checked against one another, every problem reported at once. :func:`load_scenario` reads
the files (``extends``, ``--set``) and builds from what they hold.

Example:
    >>> data = {"schema_version": 1, "scenario": {"name": "x", "years": [2026, 2027]},
    ...     "data": {"proposals": "/tmp/u.csv"}, "constraints": {"budget": 5e9},
    ...     "screening": {"min_score": {"reach": 2}}}
    >>> try:
    ...     build_scenario(data)
    ... except ScenarioError as e:
    ...     print([(p.code, p.key) for p in e.problems])
    [('criterion_unknown', 'screening.min_score.reach')]
    >>> s = build_scenario({**data, "screening": {"min_score": {"real_need": 2}}})
    >>> s.years, s.screening.min_score, s.constraints.budget[2027]
    ((2026, 2027), {'real_need': 2}, 5000000000.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mcda_kerjasama.constraints import parse_constraints
from mcda_kerjasama.errors import Problem, ScenarioError
from mcda_kerjasama.i18n import closest_hint
from mcda_kerjasama.scenario.reading import apply_overrides, read_chain, scenario_file
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
from mcda_kerjasama.scenario.schema import schema_problems


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Load, extend, override and validate a scenario.

    ``path`` is a ``scenario.toml`` or the folder holding one; relative paths inside a
    file are relative to that file. Raises :class:`ScenarioError` listing every problem.

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> s = load_scenario("scenarios/contoh")
        >>> s.criterion_keys
        ('mutual_benefit', 'real_need', 'potential', 'sustainability', 'inclusiveness')
    """
    data, files = read_chain(scenario_file(path))
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
    problems = schema_problems(data)
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
