"""Who may do what in a mapping: one table of capabilities per role, used by every view
(:func:`mcda_kerjasama.web.tkksd.views.base.member_view`) and every template.

A user who is not a member of a mapping gets 404 for anything in it (its existence is
not revealed); a member whose role lacks the capability gets 403.
"""

from __future__ import annotations

S, OPD, A, P, W = "sekretariat", "opd", "anggota", "perencana", "pengamat"  # Role values

#: capability -> the roles that have it
CAPABILITIES: dict[str, frozenset[str]] = {
    "view_mapping": frozenset({S, OPD, A, P, W}),
    "view_all_proposals": frozenset({S, A, P, W}),  # an OPD sees its own agency's only
    "edit_proposals": frozenset({S, OPD}),  # an OPD: its own agency's, while draft/returned
    "review_proposals": frozenset({S}),  # return with a comment, accept
    "manage_mapping": frozenset({S}),  # deadline, members, invitations
    "view_scenarios": frozenset({S, A, P, W}),
    "edit_scenarios": frozenset({S, P}),
    "start_runs": frozenset({S, P}),
    "view_results": frozenset({S, A, P, W}),
    "verify_runs": frozenset({S, P}),
    "adopt_runs": frozenset({S}),
    "view_audit": frozenset({S}),
    "view_judgements": frozenset({S, A}),  # the list of AHP judgement rounds
    "answer_judgements": frozenset({A}),  # a TKKSD member's own questionnaire
    "manage_judgements": frozenset({S}),  # open, close, exclude, import, export
}


def can(role: str | None, capability: str) -> bool:
    """Whether ``role`` has ``capability``.

    Example:
        >>> can("perencana", "start_runs"), can("perencana", "edit_proposals")
        (True, False)
    """
    return role is not None and role in CAPABILITIES[capability]


def capabilities(role: str | None) -> dict[str, bool]:
    """Every capability of ``role`` as a dict (for templates)."""
    return {name: can(role, name) for name in CAPABILITIES}
