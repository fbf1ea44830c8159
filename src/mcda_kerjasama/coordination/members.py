"""Each member's selection problem in the three roles a coordination needs, all built
from the member's own prepared problem (its eligible proposals and obligations, its
rules, its scores):

* **alone** (*standalone*): what the member can secure on its own. Its own proposals
  under its own rules, without the voluntary joint cooperations (they need a partner
  who is not there), and with every joint cooperation that must happen (a mandatory
  one, or one a party's own rules require) paid at its share from its earliest start.
  Its optimum is the member's *standalone value*: the participation guarantee's floor
  and, with ``normalise = "standalone"``, the member's unit of value.
* **block**: the member's part of the joint model. Each joint cooperation is the
  party's own proposal, starting no earlier than the cooperation's earliest start, so
  every rule of the member applies to it (budget and staff by year, agency caps, group
  limits, funding pools, prerequisites, exclusive groups); the joint model links the
  parties' columns.
* **completion**: the member's final portfolio once the joint decisions are made:
  the chosen cooperations fixed at their start year, the others excluded. Its solve is
  the ordinary one (certified, ties broken the ordinary way) and its explanations the
  member's usual ones.

A cooperation is fixed at a start year by giving its row that one start and making it
an obligation (``status`` ``berjalan`` in the problem's candidates only; the member's
proposals table, which the reports show, is unchanged).

Example:
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> plan = plan_joint(c)
    >>> member = c.members[1]
    >>> alone = problem_alone(c, plan, member)
    >>> block = problem_block(c, plan, member)
    >>> own = {j.proposals[member.name] for j in c.joints_of(member.name)}
    >>> own & set(alone.candidates.index) <= plan.forced_ids(member.name, c)
    True
    >>> own <= set(block.candidates.index)
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from mcda_kerjasama.constraints import Rule
from mcda_kerjasama.coordination.pool import Pool
from mcda_kerjasama.coordination.records import Coordination, Joint, Member
from mcda_kerjasama.errors import InfeasibleError, Problem
from mcda_kerjasama.portfolio.select import Selection, solve_portfolio
from mcda_kerjasama.problem import SelectionProblem

#: The unit of value of a member whose optimum alone is worth nothing (one proposal of
#: the best possible score): it keeps the normalised objective finite.
EMPTY_UNIT = 100.0


@dataclass(frozen=True)
class JointPlan:
    """What the members' own rules and the coordination's switches decide before any
    solve: the joint cooperations that must happen (``forced``, fixed at their earliest
    start), those a party's rules exclude (``blocked``: id -> the parties), and the
    voluntary ones left to decide (``free``), in table order."""

    forced: tuple[str, ...]
    blocked: Mapping[str, tuple[str, ...]]
    free: tuple[str, ...]

    def forced_ids(self, member: str, coordination: Coordination) -> set[str]:
        """The member's own proposal ids of the forced cooperations."""
        return {j.proposals[member] for j in coordination.joints_of(member) if j.id in self.forced}


def _adjusted(coordination: Coordination, member: Member) -> pd.DataFrame:
    """The member's candidates with each joint cooperation's row set to the joint's
    earliest start and nature (sukarela when ``mandatory`` is off)."""
    data = member.prepared.problem.candidates.copy()
    mandatory = coordination.spec.options.mandatory
    for joint in coordination.joints_of(member.name):
        pid = joint.proposals[member.name]
        data.loc[pid, "earliest_start"] = joint.earliest_start
        data.loc[pid, "nature"] = joint.nature if mandatory else "sukarela"
    return data


def plan_joint(coordination: Coordination) -> JointPlan:
    """Which joint cooperations are forced, blocked or free (see :class:`JointPlan`).

    A cooperation is forced when it is mandatory (``sifat = wajib``) and ``[objective]
    mandatory`` is on, or when a party's own rules require its proposal (``must_fund``,
    or a mandatory proposal under that party's ``constraints.mandatory``); blocked when
    a party's rules exclude it (``must_not_fund``). Both at once is a conflict: an
    :class:`~mcda_kerjasama.errors.InfeasibleError` naming the cooperation and the
    parties.

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> plan = plan_joint(c)
        >>> len(plan.forced) + len(plan.blocked) + len(plan.free) == len(c.joint)
        True
    """
    forced_by: dict[str, set[str]] = {}
    blocked_by: dict[str, set[str]] = {}
    for member in coordination.members:
        joints = coordination.joints_of(member.name)
        if not joints:
            continue
        problem = replace(member.prepared.problem, candidates=_adjusted(coordination, member))
        rows = problem.model.rows
        must = set(rows.loc[rows["kind"] == "must", "label"].astype(str))
        banned = set(rows.loc[rows["kind"] == "must_not", "label"].astype(str))
        for joint in joints:
            pid = joint.proposals[member.name]
            if pid in must:
                forced_by.setdefault(joint.id, set()).add(member.name)
            if pid in banned:
                blocked_by.setdefault(joint.id, set()).add(member.name)
    conflicts = [
        Problem(
            "koord_forced_blocked",
            value=j.id,
            params={
                "forced": ", ".join(sorted(forced_by[j.id])),
                "blocked": ", ".join(sorted(blocked_by[j.id])),
            },
        )
        for j in coordination.joint
        if j.id in forced_by and j.id in blocked_by
    ]
    if conflicts:
        raise InfeasibleError(conflicts)
    forced = tuple(j.id for j in coordination.joint if j.id in forced_by)
    blocked = {
        j.id: tuple(sorted(blocked_by[j.id])) for j in coordination.joint if j.id in blocked_by
    }
    free = tuple(j.id for j in coordination.joint if j.id not in forced_by and j.id not in blocked)
    return JointPlan(forced, blocked, free)


def _problem(
    coordination: Coordination,
    member: Member,
    *,
    pins: Mapping[str, int],
    remove: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> SelectionProblem:
    """The member's problem with proposals ``pins`` fixed at a start year, ``remove``
    taken out of the candidates (unavailable) and ``exclude`` kept but not allowed."""
    base = member.prepared.problem
    data = _adjusted(coordination, member)
    constraints = base.constraints
    if pins:
        if not constraints.ongoing:  # own ongoing rows are ordinary ones for this member
            data.loc[data["status"] == "berjalan", "status"] = "usulan"
            constraints = replace(constraints, ongoing=True)
        for pid, year in pins.items():
            data.loc[pid, "status"] = "berjalan"
            data.loc[pid, "earliest_start"] = int(year)
    removed = [pid for pid in remove if pid in data.index]
    keep = [pid for pid in data.index if pid not in set(removed)]
    excluded = tuple(pid for pid in exclude if pid in data.index)
    if excluded:
        rule = constraints.must_not_fund
        constraints = replace(
            constraints, must_not_fund=Rule(ids=(*rule.ids, *excluded), where=rule.where)
        )
    return replace(
        base,
        candidates=data.loc[keep],
        score=base.score.loc[keep],
        values=None if base.values is None else base.values.loc[keep],
        unavailable=(*base.unavailable, *removed),
        constraints=constraints,
        solver=replace(
            base.solver,
            backend=coordination.spec.options.backend,
            tie_break=coordination.spec.options.tie_break,
        ),
    )


def _own(coordination: Coordination, member: Member, ids: Iterable[str]) -> dict[str, Joint]:
    """The member's own proposal id -> joint cooperation, for the joint ids given."""
    wanted = set(ids)
    return {
        j.proposals[member.name]: j for j in coordination.joints_of(member.name) if j.id in wanted
    }


def problem_alone(coordination: Coordination, plan: JointPlan, member: Member) -> SelectionProblem:
    """The member on its own (see the module docstring).

    Example: see the module docstring.
    """
    forced = _own(coordination, member, plan.forced)
    others = _own(coordination, member, [*plan.free, *plan.blocked])
    pins = {pid: j.earliest_start for pid, j in forced.items()}
    return _problem(coordination, member, pins=pins, remove=others)


def problem_block(coordination: Coordination, plan: JointPlan, member: Member) -> SelectionProblem:
    """The member's block of the joint model (see the module docstring).

    Example: see the module docstring.
    """
    forced = _own(coordination, member, plan.forced)
    blocked = _own(coordination, member, plan.blocked)
    pins = {pid: j.earliest_start for pid, j in forced.items()}
    return _problem(coordination, member, pins=pins, remove=blocked)


def problem_completion(
    coordination: Coordination, plan: JointPlan, member: Member, starts: Mapping[str, int | None]
) -> SelectionProblem:
    """The member once the joint decisions are made: ``starts`` maps every free joint
    id to its start year, or None when it is not chosen.

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> plan = plan_joint(c)
        >>> member = c.members[1]
        >>> done = problem_completion(c, plan, member, {j: None for j in plan.free})
        >>> set(done.constraints.must_not_fund.ids) >= {
        ...     j.proposals[member.name] for j in c.joints_of(member.name) if j.id in plan.free}
        True
    """
    forced = _own(coordination, member, plan.forced)
    chosen = _own(coordination, member, [j for j in plan.free if starts.get(j) is not None])
    dropped = _own(coordination, member, [j for j in plan.free if starts.get(j) is None])
    blocked = _own(coordination, member, plan.blocked)
    pins = {pid: j.earliest_start for pid, j in forced.items()}
    pins |= {pid: int(starts[j.id]) for pid, j in chosen.items()}  # type: ignore[arg-type]
    return _problem(coordination, member, pins=pins, exclude=[*dropped, *blocked])


def unit_of_value(coordination: Coordination, standalone_value: float) -> float:
    """What one unit of a member's normalised value is worth in its own points: its
    standalone value (``normalise = "standalone"``; :data:`EMPTY_UNIT` when that is 0),
    or 1 (``"none"``).

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> unit_of_value(c, 812.5), unit_of_value(c, 0.0)
        (812.5, 100.0)
    """
    if coordination.spec.options.normalise == "none":
        return 1.0
    return standalone_value if standalone_value > 0 else EMPTY_UNIT


def _prefixed(error: InfeasibleError, member: str) -> InfeasibleError:
    return InfeasibleError(
        [
            replace(p, source=f"{member}: {p.source}" if p.source else member)
            for p in error.conflicts
        ]
    )


def solve_member(problem: SelectionProblem) -> tuple[Selection | None, tuple[Problem, ...]]:
    """A member's problem solved the ordinary way: its selection, or None and the
    conflicts when its rules cannot be met (a task that can run on a worker).

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> chosen, conflicts = solve_member(problem_alone(c, plan_joint(c), c.members[0]))
        >>> str(chosen.status), conflicts
        ('optimal', ())
    """
    try:
        return solve_portfolio(problem), ()
    except InfeasibleError as exc:
        return None, exc.conflicts


def solve_members(
    coordination: Coordination, problems: Sequence[SelectionProblem], pool: Pool
) -> list[Selection]:
    """Every member's problem solved (in parallel on a cluster); the first member whose
    rules cannot be met stops everything with its diagnosis, named by the member.

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> plan = plan_joint(c)
        >>> alone = solve_members(c, [problem_alone(c, plan, m) for m in c.members], Pool())
        >>> len(alone), str(alone[0].status)
        (6, 'optimal')
    """
    out = []
    for member, (selection, conflicts) in zip(
        coordination.members, pool.map(solve_member, problems), strict=True
    ):
        if selection is None:
            raise _prefixed(InfeasibleError(conflicts), member.name)
        out.append(selection)
    return out
