"""Why the coordinated plan is what it is, computed from the models, never guessed.

Per member, against its optimum alone:

* a joint cooperation that entered: the partners fund their parts, and what it costs
  and is worth to the member;
* a proposal that left: the rule it would now break (a year's budget or staff, a cap)
  and the joint cooperations using that room; or, when it would still fit, that a
  combination worth more took its place;
* a proposal that entered or moved to another start year;
* the gain from coordinating, in its own points and against its value alone.

Per joint cooperation: chosen (from which year, every party's share), mandatory,
excluded by a party's rules, or not chosen, with **which party could not fund it**
and **the price of forcing it in**. The price forces the cooperation in from each of
its start years in turn, with every other joint decision held, and solves each party
again: a party whose rules cannot take its share cannot fund it (the rule is named);
with the participation guarantee on, a party that would fall below its value alone
would not fund it; otherwise the price is the loss of normalised total and the party
losing most is named. The price holds the other joint decisions, so it is what
forcing this one cooperation costs, not a re-optimisation of them all.

Without coordination (``uncoordinated``): every member's own list solved alone as it
stands, each joint cooperation counted as its own proposal. A cooperation chosen there
by some parties only is an agreement that would be signed and never carried out: the
failure coordination prevents.

Example:
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> from mcda_kerjasama.coordination import coordinate
    >>> done = coordinate(c)
    >>> notes = done.explanations
    >>> len(notes.joint) == len(c.joint), set(notes.members) == {m.name for m in c.members}
    (True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from mcda_kerjasama.coordination.members import problem_completion, solve_member
from mcda_kerjasama.coordination.pool import Pool
from mcda_kerjasama.coordination.records import Joint
from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Money, Msg, Number
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.select import Selection

if TYPE_CHECKING:
    from mcda_kerjasama.coordination.solve import Coordinated, MemberOutcome

#: Row kinds a proposal that left can be blocked by, with the message naming them.
RESOURCE_ROWS = {
    "budget": "koord_rule_budget",
    "budget_total": "koord_rule_budget_total",
    "staff": "koord_rule_staff",
    "staff_agency": "koord_rule_staff_agency",
}


@dataclass(frozen=True)
class Change:
    """One difference between a member's plan alone and coordinated: ``id`` (its own
    proposal id), ``kind`` (joint_in | left | entered | moved), the joint cooperation
    it belongs to (if any) and the reason."""

    id: str
    kind: str
    reason: Msg
    joint: str | None = None


@dataclass(frozen=True)
class MemberNotes:
    """A member's changes against its plan alone, its gain (own points) and the joint
    cooperations of its own list chosen without coordination (``alone_joint``)."""

    changes: tuple[Change, ...]
    gain: float
    ratio: float
    alone_joint: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartyPrice:
    """What forcing a joint cooperation in does to one party: ``feasible`` (its rules
    can take its share), its value change (own points; NaN when not feasible),
    whether it would fall below its value alone, and the conflict when not feasible."""

    feasible: bool
    change: float
    below_alone: bool
    conflict: Problem | None = None


@dataclass(frozen=True)
class JointNote:
    """Why a joint cooperation is chosen or not; for one not chosen, the price of
    forcing it in (``price``: normalised total change, None when no start is possible),
    the start year of that price, each party's side and the party that could not fund
    it (``blocker``). ``alone``: the parties that choose it on their own list."""

    id: str
    selected: bool
    start: int | None
    reason: Msg
    price: float | None = None
    price_start: int | None = None
    parties: Mapping[str, PartyPrice] | None = None
    blocker: str | None = None
    alone: tuple[str, ...] = ()


@dataclass(frozen=True)
class Explanations:
    """Per member (by name) and per joint cooperation (by id), and how many joint
    cooperations would be chosen by only some of their parties without coordination."""

    members: Mapping[str, MemberNotes]
    joint: Mapping[str, JointNote]
    broken_alone: tuple[str, ...] = ()


def _columns(model: PortfolioModel, pid: str) -> range:
    return model.column_ranges.get(pid, range(0))


def _blocking(selection: Selection, pid: str) -> tuple[Msg | None, list[int]]:
    """The first resource row the proposal would break if added (at any of its starts),
    as a message, and the rows it would break."""
    model = selection.model
    csc = model.csc
    rows_info = model.rows
    worst: tuple[Msg | None, list[int]] = (None, [])
    for col in _columns(model, pid):
        lo, hi = csc.indptr[col], csc.indptr[col + 1]
        rows, coefs = csc.indices[lo:hi], csc.data[lo:hi]
        over = selection.activity[rows] + coefs > model.row_upper[rows] + 1e-6 * np.maximum(
            1.0, np.abs(np.nan_to_num(model.row_upper[rows], posinf=0.0))
        )
        broken = [int(r) for r, o in zip(rows, over, strict=True) if o]
        resource = [r for r in broken if rows_info.at[r, "kind"] in RESOURCE_ROWS]
        if not broken:
            return None, []  # fits at this start
        if resource and worst[0] is None:
            r = resource[0]
            kind = str(rows_info.at[r, "kind"])
            left = float(model.row_upper[r] - selection.activity[r])
            need = float(coefs[list(rows).index(r)])
            money = kind.startswith("budget")
            params = {
                "year": int(rows_info.at[r, "year"]),
                "label": str(rows_info.at[r, "label"]),
                "remaining": Money(left) if money else Number(left, 1),
                "need": Money(need) if money else Number(need, 1),
            }
            worst = (Msg(RESOURCE_ROWS[kind], params), broken)
        elif worst[1] == []:
            worst = (None, broken)
    return worst


def _using(selection: Selection, rows: Sequence[int], joint_pids: Mapping[str, str]) -> list[str]:
    """The joint cooperations (ids) chosen in ``selection`` whose columns use ``rows``."""
    model = selection.model
    chosen = model.columns["proposal"].astype(str).to_numpy()[selection.x > 0.5]
    used = []
    sub = model.matrix[list(rows)] if rows else None
    for pid in chosen:
        if pid in joint_pids and sub is not None:
            cols = list(_columns(model, pid))
            if sub[:, cols].count_nonzero():
                used.append(joint_pids[pid])
    return used


def member_changes(
    outcome: MemberOutcome, joints: Sequence[Joint], starts: Mapping[str, int | None]
) -> tuple[Change, ...]:
    """What changed for one member against its plan alone, each with its reason.

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> from mcda_kerjasama.coordination import coordinate
        >>> done = coordinate(c, explain=False)
        >>> o = done.members[2]
        >>> changes = member_changes(o, c.joints_of(o.name), done.starts)
        >>> all(ch.kind in ("joint_in", "left", "entered", "moved") for ch in changes)
        True
    """
    name = outcome.name
    joint_of = {j.proposals[name]: j for j in joints}
    joint_pids = {pid: j.id for pid, j in joint_of.items()}
    alone, final = outcome.alone.schedule, outcome.selection.schedule
    score = outcome.problem.score
    changes: list[Change] = []
    entered_joints = [joint_of[p].id for p in final if p in joint_of and p not in alone]
    for pid, year in final.items():
        if pid in alone:
            if alone[pid] != year:
                params: dict[str, object] = {"before": alone[pid], "after": year}
                changes.append(Change(pid, "moved", Msg("koord_change_moved", params)))
            continue
        if pid in joint_of:
            joint = joint_of[pid]
            partners = ", ".join(p for p in joint.parties if p != name)
            params = {
                "joint": joint.id,
                "partners": partners,
                "year": year,
                "share": Money(joint.cost[name]),
                "score": Number(float(score[pid])),
            }
            changes.append(Change(pid, "joint_in", Msg("koord_change_joint_in", params), joint.id))
        else:
            params = {"year": year, "joints": ", ".join(entered_joints) or "-"}
            changes.append(Change(pid, "entered", Msg("koord_change_entered", params)))
    for pid in alone:
        if pid in final:
            continue
        rule, rows = _blocking(outcome.selection, pid)
        if rule is not None:
            used = [j for j in _using(outcome.selection, rows, joint_pids) if j in entered_joints]
            params = {"rule": rule, "joints": ", ".join(used) or "-"}
            key = "koord_change_left_for" if used else "koord_change_left_rule"
            changes.append(Change(pid, "left", Msg(key, params)))
        else:
            params = {"score": Number(float(score[pid]))}
            changes.append(Change(pid, "left", Msg("koord_change_left_swap", params)))
    order = {pid: i for i, pid in enumerate(outcome.problem.candidates.index)}
    return tuple(sorted(changes, key=lambda c: (order.get(c.id, len(order)), c.id)))


def _forcing_tasks(done: Coordinated) -> list[tuple[str, int, int]]:
    """(joint id, start year, member index) for every free joint not chosen."""
    index = {m.name: i for i, m in enumerate(done.coordination.members)}
    tasks = []
    for joint in done.coordination.joint:
        if joint.id not in done.plan.free or done.starts[joint.id] is not None:
            continue
        years = sorted({y for (j, y) in done.joint.linked if j == joint.id})
        for year in years:
            tasks += [(joint.id, year, index[p]) for p in joint.parties]
    return tasks


def _uncoordinated(done: Coordinated, pool: Pool) -> dict[str, tuple[str, ...]]:
    """Member -> its joint cooperations it chooses on its own list as it stands."""
    from dataclasses import replace

    options = done.coordination.spec.options
    problems = [
        replace(
            m.prepared.problem,
            solver=replace(m.prepared.problem.solver, backend=options.backend, tie_break=False),
        )
        for m in done.coordination.members
    ]
    out: dict[str, tuple[str, ...]] = {}
    for member, (selection, _) in zip(
        done.coordination.members, pool.map(solve_member, problems), strict=True
    ):
        chosen = set(selection.selected) if selection is not None else set()
        out[member.name] = tuple(
            j.id
            for j in done.coordination.joints_of(member.name)
            if j.proposals[member.name] in chosen
        )
    return out


def explain_coordination(done: Coordinated, pool: Pool | None = None) -> Explanations:
    """Every member's changes and every joint cooperation's reason (see the module
    docstring); the re-solves run on ``pool`` (here by default).

    Example: see the module docstring.
    """
    pool = pool or Pool()
    c = done.coordination
    options = c.spec.options
    alone_joint = _uncoordinated(done, pool) if options.uncoordinated else {}
    members: dict[str, MemberNotes] = {}
    for outcome in done.members:
        gain = outcome.value - outcome.standalone_value
        members[outcome.name] = MemberNotes(
            member_changes(outcome, c.joints_of(outcome.name), done.starts),
            gain,
            outcome.value / outcome.unit,
            alone_joint.get(outcome.name, ()),
        )
    tasks = _forcing_tasks(done) if options.price_of_forcing else []
    problems = [
        problem_completion(c, done.plan, c.members[m], {**done.starts, joint: year})
        for joint, year, m in tasks
    ]
    solved = dict(zip(tasks, pool.map(solve_member, problems), strict=True))
    notes = {}
    for joint in c.joint:
        notes[joint.id] = _joint_note(done, joint, solved, alone_joint)
    broken = tuple(j.id for j in c.joint if 0 < len(notes[j.id].alone) < len(j.parties))
    return Explanations(members, notes, broken)


def _conflict(problem: Problem | None) -> Msg:
    """A solver conflict as a message inside another one."""
    if problem is None:
        return Msg("koord_no_room")
    return Msg(
        problem.code, {**problem.params, "value": "" if problem.value is None else problem.value}
    )


def _joint_note(
    done: Coordinated,
    joint: Joint,
    solved: Mapping[tuple[str, int, int], tuple[Selection | None, tuple[Problem, ...]]],
    alone_joint: Mapping[str, tuple[str, ...]],
) -> JointNote:
    c = done.coordination
    alone = tuple(p for p in joint.parties if joint.id in alone_joint.get(p, ()))
    start = done.starts[joint.id]
    shares = [
        Msg("koord_share", {"party": p, "share": Money(joint.cost[p])}) for p in joint.parties
    ]
    if joint.id in done.plan.forced:
        reason = Msg("koord_joint_forced", {"year": start, "shares": shares})
        return JointNote(joint.id, True, start, reason, alone=alone)
    if joint.id in done.plan.blocked:
        reason = Msg("koord_joint_blocked", {"parties": ", ".join(done.plan.blocked[joint.id])})
        return JointNote(joint.id, False, None, reason, alone=alone)
    if start is not None:
        reason = Msg("koord_joint_chosen", {"year": start, "shares": shares})
        return JointNote(joint.id, True, start, reason, alone=alone)
    if not c.spec.options.price_of_forcing:
        return JointNote(joint.id, False, None, Msg("koord_joint_not_chosen"), alone=alone)
    index = {m.name: i for i, m in enumerate(c.members)}
    outcomes = {o.name: o for o in done.members}
    options: list[tuple[float, int, dict[str, PartyPrice]]] = []
    failure: tuple[str, Problem | None] | None = None
    for year in sorted({y for (j, y) in done.joint.linked if j == joint.id}):
        sides: dict[str, PartyPrice] = {}
        for party in joint.parties:
            selection, conflicts = solved[(joint.id, year, index[party])]
            mine = outcomes[party]
            if selection is None:
                conflict = conflicts[0] if conflicts else None
                sides[party] = PartyPrice(False, float("nan"), False, conflict)
                failure = failure or (party, conflict)
                continue
            floor = mine.standalone_value - 1e-7 * max(1.0, abs(mine.standalone_value))
            value = float(selection.objective)
            sides[party] = PartyPrice(True, value - mine.value, value < floor)
        if all(side.feasible for side in sides.values()):
            total = sum(sides[p].change / outcomes[p].unit for p in joint.parties)
            options.append((total, year, sides))
    if not options:
        party, conflict = failure or (joint.parties[0], None)
        reason = Msg("koord_joint_unfundable", {"party": party, "conflict": _conflict(conflict)})
        return JointNote(joint.id, False, None, reason, blocker=party, alone=alone)
    guarded = c.spec.options.guarantee
    keeping = [o for o in options if not any(s.below_alone for s in o[2].values())]
    price, year, sides = max(
        keeping if guarded and keeping else options, key=lambda o: (o[0], -o[1])
    )
    loser = min(joint.parties, key=lambda p: (sides[p].change / outcomes[p].unit, p))
    changes = [
        Msg("koord_party_change", {"party": p, "change": Number(sides[p].change)})
        for p in joint.parties
    ]
    if guarded and sides[loser].below_alone:
        below = outcomes[loser].standalone_value - (outcomes[loser].value + sides[loser].change)
        params = {
            "party": loser,
            "below": Number(below),
            "share": Money(joint.cost[loser]),
            "year": year,
            "changes": changes,
        }
        reason = Msg("koord_joint_below_alone", params)
    else:
        params = {"year": year, "price": Number(-price, 4), "party": loser, "changes": changes}
        reason = Msg("koord_joint_price", params)
    return JointNote(joint.id, False, None, reason, price, year, sides, loser, alone)
