"""The joint table checked against the members' own lists: each party must have the
cooperation in its own list (its own proposal, scored by its own criteria and weights),
and what the table states must agree with it.

* errors: a party that is not a member; a proposal not in the party's list, not
  eligible there, or ongoing; a share (``biaya``), staff or duration that does not
  match the party's own proposal; parties whose proposals last different numbers of
  years; a joint cooperation with one party, a party twice, a proposal in two joint
  cooperations; values that differ between the rows of one cooperation; a start
  before a party's own earliest start or after the planning years; natures that
  differ without ``sifat`` saying which; a mandatory (*wajib*) cooperation between
  members that do not border each other (when the neighbours are given).
* warnings: a stated score that differs from the party's own scoring (the computed one
  is used); a proposal whose ``mitra`` names none of the other parties; different
  urusan; a proposal that is not a KSDD.

Example:
    >>> from mcda_kerjasama.coordination.link import load_coordination
    >>> c = load_coordination("scenarios/koordinasi-sumbar")
    >>> from mcda_kerjasama.coordination.tables import read_joint_table
    >>> rows, _ = read_joint_table(c.spec.joint)
    >>> joints, problems = link_joint(rows, c.members, c.neighbours, "bersama.csv", True)
    >>> len(joints) == len(c.joint), [p for p in problems if p.severity == "error"]
    (True, [])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mcda_kerjasama.coordination.records import (
    COST_TOLERANCE,
    SCORE_TOLERANCE,
    Joint,
    Member,
    normalise_name,
)
from mcda_kerjasama.coordination.tables import JointRow, closest_hint_member
from mcda_kerjasama.errors import Problem, Severity
from mcda_kerjasama.i18n import Money, Number, closest_hint


def link_joint(
    rows: Sequence[JointRow],
    members: Sequence[Member],
    neighbours: frozenset[frozenset[str]],
    source: str,
    check_neighbours: bool,
) -> tuple[list[Joint], list[Problem]]:
    """Group the rows into joint cooperations and check them against the members' own
    lists (see the module docstring for every check).

    Example: see :func:`load_coordination`.
    """
    by_name = {m.name: m for m in members}
    problems: list[Problem] = []
    used: dict[tuple[str, str], str] = {}  # (party, proposal) -> joint id
    groups: dict[str, list[JointRow]] = {}
    for row in rows:
        groups.setdefault(row.id, []).append(row)

    at = _Reporter(source, problems)

    joints: list[Joint] = []
    for joint_id, group in groups.items():
        valid: list[JointRow] = []
        seen_party: dict[str, int] = {}
        for row in group:
            member = by_name.get(row.party)
            if member is None:
                at(
                    row,
                    "koord_not_member",
                    "party",
                    row.party,
                    hint=closest_hint_member(row.party, list(by_name)).get("hint", ""),
                )
                continue
            if row.party in seen_party:
                at(row, "koord_party_twice", "party", row.party, first_row=seen_party[row.party])
                continue
            seen_party[row.party] = row.row
            if not _own_proposal(row, member, at):
                continue
            key = (row.party, row.proposal)
            if key in used:
                at(row, "koord_proposal_twice", "proposal", row.proposal, other=used[key])
                continue
            used[key] = joint_id
            valid.append(row)
        if len(group) == 1:
            at(group[0], "koord_one_party", "id", joint_id)
            continue
        if len(valid) < len(group):
            continue
        joint = _joint(joint_id, valid, by_name, at)
        if joint is None:
            continue
        if joint.nature == "wajib" and check_neighbours:
            apart = [
                (a, b)
                for i, a in enumerate(joint.parties)
                for b in joint.parties[i + 1 :]
                if frozenset((a, b)) not in neighbours
            ]
            if apart:
                pairs = "; ".join(f"{a} - {b}" for a, b in apart)
                at(valid[0], "koord_wajib_not_neighbours", "nature", joint_id, pairs=pairs)
                continue
        joints.append(joint)
    return joints, problems


class _Reporter:
    """Adds located problems about rows of the joint table."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source, self.problems = source, problems

    def __call__(
        self,
        row: JointRow,
        code: str,
        field: str | None,
        value: object = None,
        severity: Severity = "error",
        **params: object,
    ) -> None:
        column = row.headers.get(field, field) if field else None
        self.problems.append(
            Problem(
                code,
                source=self.source,
                row=row.row,
                column=column,
                value=value,
                params=params,
                severity=severity,
            )
        )


def _own_proposal(row: JointRow, member: Member, report: _Reporter) -> bool:
    """Check one party's row against its own proposal; False when it cannot be used."""
    data = member.data
    if row.proposal not in data.index:
        hint = closest_hint(row.proposal, [str(i) for i in data.index], "key_hint")
        report(
            row,
            "koord_proposal_unknown",
            "proposal",
            row.proposal,
            party=row.party,
            hint=hint.get("hint", ""),
        )
        return False
    own = data.loc[row.proposal]
    screening = member.prepared.checked.screening
    ok = True
    if row.proposal in screening.reasons:
        reasons = list(screening.reasons[row.proposal])
        report(
            row,
            "koord_proposal_not_eligible",
            "proposal",
            row.proposal,
            party=row.party,
            reasons=reasons,
        )
        ok = False
    if own["status"] == "berjalan":
        report(row, "koord_proposal_ongoing", "proposal", row.proposal, party=row.party)
        ok = False
    if abs(float(own["cost"]) - row.cost) > COST_TOLERANCE:
        report(
            row,
            "koord_cost_mismatch",
            "cost",
            None,
            share=Money(row.cost),
            party=row.party,
            proposal=row.proposal,
            own=Money(float(own["cost"])),
        )
        ok = False
    if row.staff is not None and abs(float(own["staff"]) - row.staff) > 1e-9:
        report(
            row,
            "koord_staff_mismatch",
            "staff",
            None,
            share=Number(row.staff, 1),
            party=row.party,
            proposal=row.proposal,
            own=Number(float(own["staff"]), 1),
        )
        ok = False
    if row.duration is not None and int(own["duration"]) != row.duration:
        report(
            row,
            "koord_duration_mismatch",
            "duration",
            row.duration,
            party=row.party,
            proposal=row.proposal,
            own=int(own["duration"]),
        )
        ok = False
    score = float(member.prepared.scores.total[row.proposal])
    if row.score is not None and abs(score - row.score) > SCORE_TOLERANCE:
        report(
            row,
            "koord_score_differs",
            "score",
            None,
            stated=Number(row.score),
            party=row.party,
            proposal=row.proposal,
            own=Number(score),
            severity="warning",
        )
    if str(own["kind"]).upper() != "KSDD":
        report(
            row,
            "koord_not_ksdd",
            "proposal",
            row.proposal,
            party=row.party,
            kind=str(own["kind"]),
            severity="warning",
        )
    return ok


def _joint(
    joint_id: str, rows: Sequence[JointRow], members: Mapping[str, Member], report: _Reporter
) -> Joint | None:
    """One joint cooperation from its checked rows; None (with the problems) when the
    rows disagree with each other."""
    own = {r.party: members[r.party].data.loc[r.proposal] for r in rows}
    ok = True
    for field in ("title", "duration", "earliest_start", "nature", "urusan"):
        stated = [(r, getattr(r, field)) for r in rows if getattr(r, field) not in (None, "")]
        if len({v for _, v in stated}) > 1:
            first = stated[0][1]
            for r, v in stated[1:]:
                if v != first:
                    report(r, "koord_value_differs", field, v, id=joint_id, first=first)
                    ok = False
    durations = {p: int(o["duration"]) for p, o in own.items()}
    if len(set(durations.values())) > 1:
        listed = ", ".join(f"{p}: {d}" for p, d in durations.items())
        report(rows[0], "koord_durations_differ", None, joint_id, durations=listed)
        ok = False
    starts = {p: int(o["earliest_start"]) for p, o in own.items()}
    stated_start = next((r.earliest_start for r in rows if r.earliest_start is not None), None)
    last_year = max(members[rows[0].party].scenario.years)
    if stated_start is not None:
        early = {p: s for p, s in starts.items() if s > stated_start}
        if early:
            listed = ", ".join(f"{p}: {s}" for p, s in early.items())
            report(
                rows[0],
                "koord_start_early",
                "earliest_start",
                stated_start,
                id=joint_id,
                starts=listed,
            )
            ok = False
        elif stated_start > last_year:
            report(
                rows[0],
                "koord_start_late",
                "earliest_start",
                stated_start,
                id=joint_id,
                last=last_year,
            )
            ok = False
    natures = {p: str(o["nature"]) or "sukarela" for p, o in own.items()}
    stated_nature = next((r.nature for r in rows if r.nature), None)
    if stated_nature is None and len(set(natures.values())) > 1:
        listed = ", ".join(f"{p}: {n}" for p, n in natures.items())
        report(rows[0], "koord_nature_differs", "nature", joint_id, natures=listed)
        ok = False
    for r in rows:
        others = {normalise_name(n) for p in own if p != r.party for n in (p, *members[p].aliases)}
        if normalise_name(str(own[r.party]["partner"])) not in others:
            report(
                r,
                "koord_partner_text",
                "proposal",
                r.proposal,
                party=r.party,
                partner=str(own[r.party]["partner"]),
                severity="warning",
            )
    urusan = {str(o["urusan"]) for o in own.values()}
    stated_urusan = next((r.urusan for r in rows if r.urusan), None)
    if stated_urusan is None and len(urusan) > 1:
        report(
            rows[0],
            "koord_urusan_differs",
            "urusan",
            joint_id,
            codes=", ".join(sorted(urusan)),
            severity="warning",
        )
    if not ok:
        return None
    title = next((r.title for r in rows if r.title), "") or str(own[rows[0].party]["title"])
    return Joint(
        id=joint_id,
        title=title,
        parties=tuple(r.party for r in rows),
        proposals={r.party: r.proposal for r in rows},
        cost={r.party: float(own[r.party]["cost"]) for r in rows},
        staff={r.party: float(own[r.party]["staff"]) for r in rows},
        score={r.party: float(members[r.party].prepared.scores.total[r.proposal]) for r in rows},
        duration=durations[rows[0].party],
        earliest_start=max([*starts.values(), *([stated_start] if stated_start else [])]),
        nature=stated_nature or natures[rows[0].party],
        urusan=stated_urusan or str(own[rows[0].party]["urusan"]),
        rows={r.party: r.row for r in rows},
        note="; ".join(r.note for r in rows if r.note),
    )
