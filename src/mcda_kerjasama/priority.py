"""The prioritised list: selected proposals, then the reserve (*cadangan*), then the
ineligible, every row with the reason for its place.

Selected proposals come by start year, then score. The reserve comes in the order its
proposals would enter the best portfolio if the budget grew (see
:mod:`mcda_kerjasama.portfolio.explain`), then by score. The ineligible come by score.
Every reason is computed: why selected and which rules it is tight against; why not
selected and the price of forcing it in; which screening rules failed.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> result.priority.to_frame("en").iloc[0]["reason"][:64]
    'selected from 2026: mandatory cooperation (a mandatory KSDD must'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from mcda_kerjasama.i18n import Language, Msg, Number
from mcda_kerjasama.proposals import ProposalTable
from mcda_kerjasama.screening import ScreeningResult

if TYPE_CHECKING:
    from mcda_kerjasama.portfolio.explain import Explanations
    from mcda_kerjasama.portfolio.select import Selection


@dataclass(frozen=True)
class PriorityList:
    """One row per proposal, in priority order.

    ``table`` columns: ``rank`` (1..n), ``score``, ``selected`` (bool), ``year`` (start
    year, or <NA>), ``group`` (selected | reserve | not_eligible); index = proposal id.
    ``reasons`` id -> the reason as an unrendered message. ``notes`` what the list says
    once rather than in every row: the limits several selected proposals reached, and
    how the reserve is ordered.
    """

    table: pd.DataFrame
    reasons: Mapping[str, Msg]
    notes: tuple[Msg, ...] = ()

    def reason(self, proposal_id: str, lang: Language = "id") -> str:
        """The reason for ``proposal_id`` in ``lang``."""
        return self.reasons[proposal_id].render(lang)

    def to_frame(self, lang: Language = "id") -> pd.DataFrame:
        """The table with the reason rendered in ``lang``, ``id`` as a column.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> plist = run(load_scenario("scenarios/contoh")).priority
            >>> plist.to_frame("en").columns.tolist()
            ['id', 'rank', 'score', 'selected', 'year', 'group', 'reason']
        """
        frame = self.table.reset_index()
        frame["reason"] = [self.reason(i, lang) for i in frame["id"]]
        return frame


def build_priority_list(
    table: ProposalTable,
    score: pd.Series,
    screening: ScreeningResult,
    selection: Selection,
    notes: Explanations,
) -> PriorityList:
    """Order every proposal and give each its reason.

    Example: see the module docstring.
    """
    order = {pid: i for i, pid in enumerate(table.data.index.tolist())}
    value = dict(zip(score.index.tolist(), score.to_numpy(dtype=float).tolist(), strict=True))

    def by_score(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: (-round(value[i], 9), order[i]))

    selected = sorted(
        selection.selected,
        key=lambda i: (selection.schedule[i], -round(value[i], 9), order[i]),
    )
    reserve = list(notes.reserve_order)
    not_eligible = by_score(list(screening.not_eligible))
    ranked = selected + reserve + not_eligible
    group = {i: "selected" for i in selected} | {i: "reserve" for i in reserve}

    reasons: dict[str, Msg] = {}
    shared = _shared_limits(selected, notes)  # said once, not in every row
    for pid in selected:
        parts = [_selected_reason(notes.reasons[pid], selection)]
        own = [m for m in notes.tight.get(pid, ()) if m not in shared]
        if own:
            parts.append(Msg("reason_tight", {"rules": own}))
        if pid in screening.notes:
            parts.append(Msg("reason_obligation_note", {"reasons": list(screening.notes[pid])}))
        reasons[pid] = join_reasons(parts)
    for place, pid in enumerate(reserve):
        parts = [notes.reasons[pid]]
        before = _ahead_of(pid, reserve, place + 1, score, table, notes)
        if before is not None:
            parts.append(before)
        forcing = notes.forcing.get(pid)
        if forcing is not None and not forcing.feasible:
            parts.append(Msg("reason_forcing_infeasible"))
        elif forcing is not None:
            loss = Number(forcing.loss)
            parts.append(
                Msg("reason_forcing", {"loss": loss, "drop": ", ".join(forcing.drop)})
                if forcing.drop
                else Msg("reason_forcing_none", {"loss": loss})
            )
            if not forcing.proven:
                parts.append(Msg("reason_forcing_estimate"))
        reasons[pid] = join_reasons(parts)
    for pid in not_eligible:
        reasons[pid] = Msg("reason_not_eligible", {"reasons": list(screening.reasons[pid])})

    out = pd.DataFrame(
        {
            "rank": range(1, len(ranked) + 1),
            "score": [value[i] for i in ranked],
            "selected": [i in selection.schedule for i in ranked],
            "year": pd.array([selection.schedule.get(i) for i in ranked], dtype="Int64"),
            "group": [group.get(i, "not_eligible") for i in ranked],
        },
        index=pd.Index(ranked, name="id"),
    )
    summary: list[Msg] = []
    if shared:
        summary.append(Msg("binding_summary", {"rules": list(shared)}))
    if len(reserve) > 1 and notes.entry_level:
        summary.append(Msg("reserve_order_note"))
    return PriorityList(out, reasons, tuple(summary))


def _shared_limits(selected: list[str], notes: Explanations) -> list[Msg]:
    """The limits reached that two or more selected proposals would each name: the
    list says them once (in its notes) instead of in every row."""
    seen: list[Msg] = []  # messages hold dicts: compared, not hashed
    count: list[int] = []
    for pid in selected:
        for message in notes.tight.get(pid, ()):
            if message in seen:
                count[seen.index(message)] += 1
            else:
                seen.append(message)
                count.append(1)
    return [m for m, n in zip(seen, count, strict=True) if n > 1]


def _selected_reason(reason: Msg, selection: Selection) -> Msg:
    """An ongoing cooperation that started before the planning years says so, rather
    than reading as a start in a planning year."""
    year = reason.params.get("year")
    if reason.key != "reason_selected_ongoing" or not isinstance(year, int):
        return reason
    first_year = min(selection.model.years)
    if year < first_year:
        return Msg("reason_selected_ongoing_before", {**reason.params, "first": first_year})
    return reason


def _ahead_of(
    pid: str,
    reserve: list[str],
    after: int,
    score: pd.Series,
    table: ProposalTable,
    notes: Explanations,
) -> Msg | None:
    """Why reserve proposal ``pid`` comes before reserve proposals with a higher score
    (those from place ``after`` on): it enters the best portfolio sooner as the budget
    grows (because it costs less, when it does)."""
    if pid not in notes.entry_level:  # first: a large model has no entry levels (issue 14)
        return None
    below = reserve[after:]  # copied only here: a copy per reserve proposal was quadratic
    values = score.reindex(below).to_numpy(dtype=float)  # one lookup, not one per id
    higher = [p for p, v in zip(below, values, strict=True) if v > float(score[pid]) + 1e-9]
    if not higher:
        return None
    costs = table.data["cost"]
    cheaper = all(float(costs[pid]) < float(costs[p]) for p in higher)
    key = "reason_reserve_ahead_cheaper" if cheaper else "reason_reserve_ahead"
    return Msg(key, {"ids": ", ".join(higher)})


def join_reasons(parts: list[Msg]) -> Msg:
    """Several reasons as one message (one alone stays itself).

    Example:
        >>> text = join_reasons([Msg("reason_must_not"), Msg("reason_no_value")]).render("en")
        >>> text.split("; ")[1]
        'reserve: its score is 0, it adds no value to the portfolio'
    """
    return parts[0] if len(parts) == 1 else Msg("reason_join", {"parts": parts})
