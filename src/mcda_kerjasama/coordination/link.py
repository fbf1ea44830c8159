"""A coordination made whole: every member's scenario checked and scored, the joint
table checked against the members' own lists, the neighbours known.

Each party of a joint cooperation must have it in its own list (its own proposal, which
its own criteria and weights score): that is what makes the cooperation real for both.
The joint table links the parties' proposals and states each party's share; the checks,
each a located message:

The checks of the joint table are in :mod:`~mcda_kerjasama.coordination.checks`; here
every member's problems are named by the member, members that plan different years are
an error, and every problem is reported at once.

Example:
    >>> coordination = load_coordination("scenarios/koordinasi-sumbar")
    >>> len(coordination.members), coordination.years
    (20, (2026, 2027))
    >>> joint = coordination.joint[0]
    >>> len(joint.parties), joint.duration >= 1, joint.nature in ("wajib", "sukarela")
    (2, True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from mcda_kerjasama.coordination.checks import link_joint
from mcda_kerjasama.coordination.config import Spec, load_spec
from mcda_kerjasama.coordination.records import (
    Coordination,
    Joint,
    Member,
    names_of,
    normalise_name,
)
from mcda_kerjasama.coordination.tables import raise_errors, read_joint_cells, read_neighbours
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.pipeline import prepare
from mcda_kerjasama.proposals import ProposalsInput
from mcda_kerjasama.scenario import Scenario, load_scenario


def load_coordination(path: str | Path, overrides: Sequence[str] = ()) -> Coordination:
    """Read a coordination file, every member's scenario and proposals, the joint table
    and the neighbours; check them all and report every problem at once
    (:class:`~mcda_kerjasama.errors.InputError`, each problem naming the member, the
    file, the row and the column or the key).

    Example: see the module docstring.
    """
    spec = load_spec(path, overrides)
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    for member in spec.members:
        try:
            scenarios.append(load_scenario(member.scenario))
        except InputError as exc:
            problems += [_located(p, member.name) for p in exc.problems]
    if problems:
        raise InputError(problems)
    assert spec.joint is not None  # load_spec requires it
    return assemble(spec, scenarios, [None] * len(scenarios), spec.joint, spec.neighbours)


def build_coordination(
    data: Mapping[str, object],
    members: Mapping[str, tuple[Mapping[str, object], ProposalsInput]],
    joint: pd.DataFrame,
    neighbours: pd.DataFrame | None = None,
) -> Coordination:
    """A coordination held in memory: ``data`` as ``koordinasi.toml`` holds it (without
    ``[members]``), each member's scenario as a mapping with its proposals (a table of
    cells, bytes or a file), the joint table and the neighbours as tables of cells.
    Checked exactly like files.

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> g = generate_coordination("13", seed=1, proposals=20, province_proposals=20)
        >>> c = build_coordination(
        ...     g.coordination(), {m.name: (g.scenario(m), m.proposals) for m in g.members},
        ...     g.joint, g.neighbours)
        >>> len(c.members), len(c.joint) > 0
        (20, True)
    """
    from mcda_kerjasama.coordination.config import spec_in_memory
    from mcda_kerjasama.scenario import build_scenario

    spec = spec_in_memory(data, list(members))
    problems: list[Problem] = []
    scenarios = []
    for name, (scenario, _) in members.items():
        try:
            scenarios.append(build_scenario(scenario))
        except InputError as exc:
            problems += [_located(p, name) for p in exc.problems]
    if problems:
        raise InputError(problems)
    cells = [proposals for _, proposals in members.values()]
    return assemble(spec, scenarios, cells, joint, neighbours)


def load_for_matching(
    path: str | Path, overrides: Sequence[str] = ()
) -> tuple[list[Member], frozenset[frozenset[str]], list[Joint]]:
    """What matching the members' lists needs: the members, the bordering pairs, and the
    joint cooperations already confirmed (none when the joint table is missing or
    cannot be used yet). Problems with the members or the neighbours stop it.

    Example:
        >>> members, neighbours, existing = load_for_matching("scenarios/koordinasi-sumbar")
        >>> len(members), len(neighbours) > 0, len(existing) > 0
        (20, True, True)
    """
    spec = load_spec(path, overrides, joint=False)
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    for member in spec.members:
        try:
            scenarios.append(load_scenario(member.scenario))
        except InputError as exc:
            problems += [_located(p, member.name) for p in exc.problems]
    if problems:
        raise InputError(problems)
    members, problems = prepare_members(spec, scenarios, [None] * len(scenarios))
    pairs: frozenset[frozenset[str]] = frozenset()
    if spec.neighbours is not None:
        pairs, found = read_neighbours(spec.neighbours, [m.name for m in spec.members])
        problems += found
    raise_errors(problems)
    existing: list[Joint] = []
    if spec.joint is not None:
        rows, found = read_joint_cells(spec.joint, spec.joint.name)
        joints, linked = link_joint(rows, members, pairs, spec.joint.name, bool(pairs))
        if not any(p.severity == "error" for p in [*found, *linked]):
            existing = joints
    return members, pairs, existing


def assemble(
    spec: Spec,
    scenarios: Sequence[Scenario],
    proposals: Sequence[ProposalsInput | None],
    joint: Path | pd.DataFrame,
    neighbours: Path | pd.DataFrame | None,
) -> Coordination:
    """A coordination from its parts, files or tables in memory (``proposals[i]`` for
    ``spec.members[i]``; None reads the scenario's own file), checked.

    Example:
        >>> c = load_coordination("scenarios/koordinasi-sumbar")
        >>> same = assemble(c.spec, [m.scenario for m in c.members], [None] * 20,
        ...                 c.spec.joint, c.spec.neighbours)
        >>> [j.id for j in same.joint] == [j.id for j in c.joint]
        True
    """
    members, problems = prepare_members(spec, scenarios, proposals)
    names = [m.name for m in spec.members]
    joint_name = joint.name if isinstance(joint, Path) else "bersama"
    rows, table_problems = read_joint_cells(joint, joint_name)
    problems += table_problems
    pairs: frozenset[frozenset[str]] = frozenset()
    if neighbours is not None:
        pairs, neighbour_problems = read_neighbours(neighbours, names)
        problems += neighbour_problems
    if len(members) < len(spec.members) or any(p.code == "koord_years_differ" for p in problems):
        raise InputError(problems)  # the joint table cannot be checked against them
    joints, link_problems = link_joint(rows, members, pairs, joint_name, neighbours is not None)
    warnings = raise_errors([*problems, *link_problems])
    return Coordination(spec, tuple(members), tuple(joints), pairs, tuple(warnings))


def prepare_members(
    spec: Spec, scenarios: Sequence[Scenario], proposals: Sequence[ProposalsInput | None]
) -> tuple[list[Member], list[Problem]]:
    """Every member's inputs checked, scored and made a selection problem, and every
    problem found (each named by its member); members that plan other years than the
    first are an error.

    Example:
        >>> spec = load_spec("scenarios/koordinasi-sumbar")
        >>> members, problems = prepare_members(
        ...     spec, [load_scenario(m.scenario) for m in spec.members], [None] * 20)
        >>> len(members), [p for p in problems if p.severity == "error"]
        (20, [])
    """
    problems: list[Problem] = []
    members: list[Member] = []
    for spec_member, scenario, cells in zip(spec.members, scenarios, proposals, strict=True):
        try:
            prepared = prepare(scenario, cells)
        except InputError as exc:
            problems += [_located(p, spec_member.name) for p in exc.problems]
            continue
        members.append(Member(spec_member.name, spec_member.aliases, scenario, prepared))
        problems += [_located(p, spec_member.name) for p in prepared.checked.warnings]
    names = [m.name for m in spec.members]
    for name, scenario in zip(names[1:], scenarios[1:], strict=True):
        if scenario.years != scenarios[0].years:
            params = {
                "member": name,
                "years": list(scenario.years),
                "first": names[0],
                "first_years": list(scenarios[0].years),
            }
            problems.append(Problem("koord_years_differ", key="members", params=params))
    return members, problems


def _located(problem: Problem, member: str) -> Problem:
    """A member's problem, named by the member first."""
    return replace(problem, source=f"{member}: {problem.source}" if problem.source else member)


__all__ = [
    "Coordination",
    "Joint",
    "Member",
    "assemble",
    "build_coordination",
    "link_joint",
    "load_coordination",
    "load_for_matching",
    "names_of",
    "normalise_name",
    "prepare_members",
]
