"""The prioritised list: selected proposals, then the reserve (*cadangan*), then the
ineligible, every row with the reason for its place.

Reasons are computed from the selection, never guessed: a reserve proposal is one that
does not fit what the budget has left in a year it would run, or that fits only by
displacing proposals of more total value.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))  # doctest: +SKIP
    >>> result.priority.to_frame("en").iloc[0]["reason"]  # doctest: +SKIP
    'selected: score 87,50 within the best portfolio for the 2026 budget'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from mcda_kerjasama.i18n import Language, Money, Msg, Number, text
from mcda_kerjasama.proposals import ProposalTable
from mcda_kerjasama.screening import ScreeningResult

if TYPE_CHECKING:
    from mcda_kerjasama.portfolio.select import Selection


@dataclass(frozen=True)
class PriorityList:
    """One row per proposal, in priority order.

    ``table`` columns: ``rank`` (1..n), ``score``, ``selected`` (bool), ``year`` (start
    year, or <NA>), ``group`` (selected | reserve | not_eligible); index = proposal id.
    ``reasons`` id -> the reason as an unrendered message.
    """

    table: pd.DataFrame
    reasons: Mapping[str, Msg]

    def reason(self, proposal_id: str, lang: Language = "id") -> str:
        """The reason for ``proposal_id`` in ``lang``."""
        return self.reasons[proposal_id].render(lang)

    def to_frame(self, lang: Language = "id") -> pd.DataFrame:
        """The table with the reason rendered in ``lang``, ``id`` as a column.

        Example:
            >>> plist.to_frame("en").columns.tolist()  # doctest: +SKIP
            ['rank', 'id', 'score', 'selected', 'year', 'group', 'reason']
        """
        frame = self.table.reset_index()
        frame["reason"] = [self.reason(i, lang) for i in frame["id"]]
        return frame


def build_priority_list(
    table: ProposalTable,
    score: pd.Series,
    screening: ScreeningResult,
    selection: Selection,
) -> PriorityList:
    """Order every proposal and give each its reason.

    Selected: by start year, then score (highest first). Reserve: by score. Not eligible:
    by score. Ties keep the input order.

    Example: see the module docstring.
    """
    data = table.data
    order = {pid: i for i, pid in enumerate(data.index)}
    selected = list(selection.selected)
    reserve = [i for i in screening.eligible if i not in selection.schedule]
    not_eligible = list(screening.not_eligible)

    def by_score(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: (-round(float(score[i]), 9), order[i]))

    ranked = sorted(
        selected, key=lambda i: (selection.schedule[i], -round(float(score[i]), 9), order[i])
    )
    ranked += by_score(reserve) + by_score(not_eligible)
    group = {i: "selected" for i in selected} | {i: "reserve" for i in reserve}

    reasons: dict[str, Msg] = {}
    for pid in selected:
        reasons[pid] = Msg(
            "reason_selected",
            {"score": Number(float(score[pid])), "year": selection.schedule[pid]},
        )
    for pid in reserve:
        reasons[pid] = _reserve_reason(data.loc[pid], selection)
    for pid in not_eligible:
        reasons[pid] = Msg("reason_not_eligible", {"reasons": list(screening.reasons[pid])})

    out = pd.DataFrame(
        {
            "rank": range(1, len(ranked) + 1),
            "score": [float(score[i]) for i in ranked],
            "selected": [i in selection.schedule for i in ranked],
            "year": pd.array([selection.schedule.get(i) for i in ranked], dtype="Int64"),
            "group": [group.get(i, "not_eligible") for i in ranked],
        },
        index=pd.Index(ranked, name="id"),
    )
    return PriorityList(out, reasons)


def _reserve_reason(row: pd.Series, selection: Selection) -> Msg:
    """Why an eligible proposal was left out: the first year it would run in which its
    cost exceeds what the budget has left; otherwise it would displace more value."""
    use = selection.budget_use
    start = int(row["earliest_start"])
    for year in range(start, start + int(row["duration"])):
        if year in use.index and row["cost"] > use.loc[year, "remaining"] + 1e-6:
            return Msg(
                "reason_reserve_budget",
                {
                    "year": year,
                    "slack": Money(float(use.loc[year, "remaining"])),
                    "cost": Money(float(row["cost"])),
                },
            )
    return Msg("reason_reserve_value")


def status_text(selection: Selection, lang: Language = "id") -> str:
    """The solver status as a user should read it, with the gap when not proven.

    Example:
        >>> status_text(selection, "en")  # doctest: +SKIP
        'optimal (proven)'
    """
    if selection.status == "optimal":
        return text("status_optimal", lang)
    return text("status_time_limit", lang, gap=Number(100 * selection.solver.gap, 3))
