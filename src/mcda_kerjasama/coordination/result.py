"""A solved coordination as the ``koordinasi.json`` contract, and each member's own run
(the ``RunResult`` its usual outputs are written from).

``koordinasi.json`` holds ``schema_version``, ``generator``, ``coordination`` {name,
region, years, language, files, members, joint, synthetic, note}, ``status`` (optimal |
gap_limit | time_limit), ``objective`` (the normalised total), ``objective_kind``
(``normalised`` | ``sum``), ``bound`` and ``gap``, ``participation_guarantee``,
``mandatory_joint``, ``members`` {name: {``selected`` [ids], ``schedule`` {id: year},
``value``, ``standalone_value``, ``unit``, ``normalised_value``, ``gain``,
``standalone_selected``, ``changes`` [{id, kind, joint, reason}], ``joint_alone``
[ids], ``outputs`` (the prefix of its files)}}, ``joint`` [{``id``, ``title``,
``parties``, ``selected``, ``start``, ``status`` (chosen | mandatory | excluded |
not_chosen), ``nature``, ``duration``, ``urusan``, ``proposals`` {party: its own id},
``shares`` {party: {cost, staff, score}}, ``reason``, ``price_of_forcing``,
``price_start``, ``blocker``, ``chosen_alone_by``}], ``uncoordinated`` {``broken``
[ids], ``count``}, ``solver`` {method, backend, version, status, gap, bound, seconds,
solve_seconds, time_limit, mip_gap, iterations, nodes, member_solves, workers} and
``warnings``.

A member's ``selected`` lists its own proposals chosen and the ids of the joint
cooperations chosen (which replace the member's own proposal for them): a chosen joint
cooperation's id is in the ``selected`` of every party.

Example:
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> from mcda_kerjasama.coordination import coordinate
    >>> data = coordination_to_dict(coordinate(c), "en")
    >>> chosen = [j for j in data["joint"] if j["selected"]]
    >>> all(j["id"] in data["members"][p]["selected"] for j in chosen for p in j["parties"])
    True
"""

from __future__ import annotations

from typing import Any

from mcda_kerjasama import __version__
from mcda_kerjasama.coordination.pool import Pool
from mcda_kerjasama.coordination.records import Joint
from mcda_kerjasama.coordination.solve import Coordinated, MemberOutcome
from mcda_kerjasama.i18n import Language, Money, Msg, Number
from mcda_kerjasama.pipeline import RunResult
from mcda_kerjasama.portfolio.explain import Explanations, explain
from mcda_kerjasama.priority import PriorityList, build_priority_list
from mcda_kerjasama.scenario import ExplainOptions

SCHEMA_VERSION = 1


def joint_status(done: Coordinated, joint_id: str) -> str:
    """``mandatory``, ``excluded``, ``chosen`` or ``not_chosen``.

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> from mcda_kerjasama.coordination import coordinate
        >>> done = coordinate(c, explain=False)
        >>> {joint_status(done, j.id) for j in c.joint} <= {
        ...     "mandatory", "excluded", "chosen", "not_chosen"}
        True
    """
    if joint_id in done.plan.forced:
        return "mandatory"
    if joint_id in done.plan.blocked:
        return "excluded"
    return "chosen" if done.starts.get(joint_id) is not None else "not_chosen"


def member_selected(done: Coordinated, outcome: MemberOutcome) -> tuple[list[str], dict[str, int]]:
    """A member's selected ids and schedule, a joint cooperation's own proposal named by
    the joint id (in the member's file order, joint ids where their proposal stands)."""
    mine = {j.proposals[outcome.name]: j.id for j in done.coordination.joints_of(outcome.name)}
    schedule = outcome.selection.schedule
    ids = [mine.get(pid, pid) for pid in outcome.selection.selected]
    return ids, {mine.get(pid, pid): int(schedule[pid]) for pid in outcome.selection.selected}


def _joint_reasons(done: Coordinated, outcome: MemberOutcome) -> dict[str, Msg]:
    """The reason each joint cooperation's row carries in the member's own list."""
    reasons: dict[str, Msg] = {}
    notes = done.explanations
    score = outcome.member.prepared.scores.total
    for joint in done.coordination.joints_of(outcome.name):
        pid = joint.proposals[outcome.name]
        partners = ", ".join(p for p in joint.parties if p != outcome.name)
        status = joint_status(done, joint.id)
        params: dict[str, Any] = {
            "joint": joint.id,
            "partners": partners,
            "year": done.starts.get(joint.id),
            "share": Money(joint.cost[outcome.name]),
            "score": Number(float(score[pid])),
        }
        if status in ("chosen", "mandatory"):
            key = (
                "koord_member_joint_forced"
                if status == "mandatory"
                else "koord_member_joint_chosen"
            )
            reasons[pid] = Msg(key, params)
        else:
            why = notes.joint[joint.id].reason if notes else Msg("koord_joint_not_chosen")
            reasons[pid] = Msg("koord_member_joint_not_chosen", {**params, "why": why})
    return reasons


def _explain_task(outcome: MemberOutcome, full: bool) -> Explanations:
    problem = outcome.problem
    if not full:
        from dataclasses import replace

        problem = replace(problem, explain=ExplainOptions(price_of_forcing=0, reserve_steps=0))
    return explain(outcome.selection, problem)


def member_runs(done: Coordinated, pool: Pool | None = None) -> dict[str, RunResult]:
    """Each member's run under the coordinated plan, the way ``kerjasama run`` would
    report it (its explanations computed on ``pool``; each joint cooperation's row
    carries the coordination's reason).

    Example:
        >>> from mcda_kerjasama.datasets.coordination import generate_coordination
        >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
        >>> from mcda_kerjasama.coordination import coordinate
        >>> runs = member_runs(coordinate(c))
        >>> run = runs["Kota Kalimantan Utara 01"]
        >>> str(run.selection.status), len(run.priority.table) == len(run.proposals)
        ('optimal', True)
    """
    pool = pool or Pool()
    full = done.coordination.spec.options.member_explanations
    notes = pool.starmap(_explain_task, [(o, full) for o in done.members])
    runs = {}
    for outcome, note in zip(done.members, notes, strict=True):
        checked = outcome.member.prepared.checked
        scores = outcome.member.prepared.scores
        priority = build_priority_list(
            checked.proposals, scores.total, checked.screening, outcome.selection, note
        )
        priority = PriorityList(
            priority.table, {**priority.reasons, **_joint_reasons(done, outcome)}
        )
        runs[outcome.name] = RunResult(
            checked.scenario,
            checked.proposals,
            checked.screening,
            checked.weights,
            scores,
            outcome.selection,
            note,
            priority,
        )
    return runs


def _number(value: float) -> float | None:
    return None if value != value else float(value)  # NaN -> null


def _joint_dict(done: Coordinated, joint: Joint, lang: Language) -> dict[str, Any]:
    notes = done.explanations.joint.get(joint.id) if done.explanations else None
    return {
        "id": joint.id,
        "title": joint.title,
        "parties": list(joint.parties),
        "selected": done.starts.get(joint.id) is not None,
        "start": done.starts.get(joint.id),
        "status": joint_status(done, joint.id),
        "nature": joint.nature,
        "duration": joint.duration,
        "earliest_start": joint.earliest_start,
        "urusan": joint.urusan,
        "proposals": dict(joint.proposals),
        "shares": {
            p: {"cost": joint.cost[p], "staff": joint.staff[p], "score": round(joint.score[p], 6)}
            for p in joint.parties
        },
        "reason": notes.reason.render(lang) if notes else None,
        "price_of_forcing": None if notes is None or notes.price is None else -notes.price,
        "price_start": notes.price_start if notes else None,
        "blocker": notes.blocker if notes else None,
        "chosen_alone_by": list(notes.alone) if notes else [],
    }


def member_prefix(name: str) -> str:
    """The prefix of a member's own output files (``anggota-kota-padang``).

    Example:
        >>> member_prefix("Kabupaten Lima Puluh Kota")
        'anggota-kabupaten-lima-puluh-kota'
    """
    import re

    return "anggota-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def coordination_to_dict(done: Coordinated, lang: Language | None = None) -> dict[str, Any]:
    """The ``koordinasi.json`` contract (see the module docstring), text in ``lang``
    (default: the coordination's language).

    Example: see the module docstring.
    """
    c = done.coordination
    spec = c.spec
    lang = lang or spec.language
    members: dict[str, Any] = {}
    for outcome in done.members:
        selected, schedule = member_selected(done, outcome)
        notes = done.explanations.members.get(outcome.name) if done.explanations else None
        alone = outcome.alone
        members[outcome.name] = {
            "selected": selected,
            "schedule": schedule,
            "value": round(outcome.value, 6),
            "standalone_value": round(outcome.standalone_value, 6),
            "unit": round(outcome.unit, 6),
            "normalised_value": round(outcome.value / outcome.unit, 9),
            "gain": round(outcome.value - outcome.standalone_value, 6),
            "standalone_selected": list(alone.selected),
            "changes": [
                {"id": ch.id, "kind": ch.kind, "joint": ch.joint, "reason": ch.reason.render(lang)}
                for ch in (notes.changes if notes else ())
            ],
            "joint_alone": list(notes.alone_joint) if notes else [],
            "outputs": member_prefix(outcome.name),
        }
    solver = done.solver
    broken = list(done.explanations.broken_alone) if done.explanations else []
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "mcda_kerjasama", "version": __version__},
        "coordination": {
            "name": spec.name,
            "region": spec.region,
            "years": list(c.years),
            "language": lang,
            "files": [str(p) for p in spec.files],
            "members": len(c.members),
            "joint": len(c.joint),
            "proposals": sum(len(m.data) for m in c.members),
            "synthetic": spec.synthetic,
            "note": spec.note,
        },
        "status": str(done.status),
        "objective": round(done.objective, 9),
        "objective_kind": "normalised" if spec.options.normalise == "standalone" else "sum",
        "bound": round(done.bound, 9),
        "gap": _number(done.gap),
        "participation_guarantee": spec.options.guarantee,
        "mandatory_joint": spec.options.mandatory,
        "members": members,
        "joint": [_joint_dict(done, j, lang) for j in c.joint],
        "uncoordinated": {"broken": broken, "count": len(broken)},
        "solver": {
            "method": solver.method,
            "backend": solver.backend,
            "version": solver.version,
            "status": str(solver.status),
            "gap": _number(solver.gap),
            "bound": round(solver.bound, 9),
            "seconds": round(solver.seconds, 3),
            "solve_seconds": round(solver.solve_seconds, 3),
            "time_limit": solver.time_limit,
            "mip_gap": solver.mip_gap,
            "iterations": solver.iterations,
            "nodes": solver.nodes,
            "member_solves": solver.member_solves,
            "workers": solver.workers,
        },
        "warnings": [w.render(lang) for w in c.warnings],
    }
