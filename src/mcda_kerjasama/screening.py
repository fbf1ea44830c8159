"""Eligibility screening: which proposals may enter the portfolio, and why not.

Each rule is switched on in the scenario's ``[screening]`` table. A proposal that fails
is listed with *every* reason that applies, never only the first, and is never selected.

Example:
    >>> from mcda_kerjasama.scenario import Screening
    >>> import pandas as pd
    >>> data = pd.DataFrame({"plan_link": ["IKU-1", ""], "duration": [1, 2],
    ...     "kind": ["KSDD", "KSDD"], "mutual_benefit": [4.0, 1.0]}, index=["A", "B"])
    >>> result = screen_frame(data, Screening(require_plan_link=True,
    ...     min_score={"mutual_benefit": 2}), {"mutual_benefit": "Saling menguntungkan"})
    >>> result.eligible, [r.render("en") for r in result.reasons["B"]][0]
    (('A',), 'not linked to an RPJMD/RKPD indicator')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mcda_kerjasama.constraints import Rule  # noqa: F401  (the docstring example)
from mcda_kerjasama.errors import Problem, ScenarioError
from mcda_kerjasama.i18n import Language, Msg
from mcda_kerjasama.proposals import ProposalTable
from mcda_kerjasama.scenario import Scenario, Screening


@dataclass(frozen=True)
class ScreeningResult:
    """Ids that passed, in file order, and for each one that did not, its reasons.

    ``notes`` holds the rules that obligations (mandatory or ongoing cooperations, which
    are not screened out) would have failed: reported, never silent.
    """

    eligible: tuple[str, ...]
    reasons: Mapping[str, tuple[Msg, ...]]
    notes: Mapping[str, tuple[Msg, ...]] = field(default_factory=dict)

    @property
    def not_eligible(self) -> tuple[str, ...]:
        """The ids that failed at least one rule, in file order."""
        return tuple(self.reasons)

    def reason_text(self, proposal_id: str, lang: Language = "id") -> list[str]:
        """The reasons ``proposal_id`` is not eligible, rendered in ``lang``."""
        return [m.render(lang) for m in self.reasons.get(proposal_id, ())]


def screen(table: ProposalTable, scenario: Scenario) -> ScreeningResult:
    """Apply the scenario's screening rules to every proposal.

    Obligations stay eligible whatever they fail (the failures become notes): mandatory
    cooperations (``sifat = wajib``, when ``constraints.mandatory``), ongoing ones
    (``status = berjalan``, when ``constraints.ongoing``) and the ids listed in
    ``[screening] exempt``. A proposal that the scenario requires (``must_fund`` or
    ``must_fund_where``) but that fails screening is a contradiction in the scenario: a
    :class:`~mcda_kerjasama.errors.ScenarioError` names it, the rule and its reasons,
    unless it is exempted explicitly.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> scenario = load_scenario("scenarios/contoh")
        >>> table = run(scenario).proposals
        >>> screen(table, scenario).not_eligible
        ('K10', 'K11')
        >>> from dataclasses import replace
        >>> forced = replace(scenario, constraints=replace(scenario.constraints,
        ...     must_fund=Rule(ids=("K10",))))
        >>> try:
        ...     screen(table, forced)
        ... except ScenarioError as err:
        ...     print(err.render("en"))
        key `constraints.must_fund`: K10 must be funded but is not eligible (not mutually
        beneficial (Saling menguntungkan 1 < 2)); remove it from the rule, correct its data,
        or exempt it explicitly with [screening] exempt = ["K10"]
    """
    labels = {c.key: c.label for c in scenario.criteria}
    data = table.data
    rules = scenario.constraints
    obligation = ((data["status"] == "berjalan") & rules.ongoing) | (
        (data["nature"] == "wajib") & rules.mandatory
    )
    exempt = obligation | data.index.isin(scenario.screening.exempt)
    result = screen_frame(data, scenario.screening, labels, exempt=tuple(data.index[exempt]))
    if rules.must_fund:
        required = np.asarray(rules.must_fund.mask(data), dtype=bool)
        listed = data.index.isin(rules.must_fund.ids)
        problems = [
            Problem(
                "must_fund_not_eligible",
                key="constraints.must_fund" if listed[k] else "constraints.must_fund_where",
                value=pid,
                params={"reasons": result.reasons[pid]},
            )
            for k, pid in enumerate(data.index.tolist())
            if required[k] and pid in result.reasons
        ]
        if problems:
            raise ScenarioError(problems)
    return result


def screen_frame(
    data: pd.DataFrame,
    rules: Screening,
    labels: Mapping[str, str],
    exempt: tuple[str, ...] = (),
) -> ScreeningResult:
    """The screening on a plain frame (index = id) with the columns the rules need.
    ``exempt`` ids (obligations) stay eligible; what they fail becomes a note.

    Example: see the module docstring.
    """
    reasons: dict[str, list[Msg]] = {str(i): [] for i in data.index.tolist()}

    def fail(mask: pd.Series, message: Msg | Mapping[object, Msg]) -> None:
        for proposal_id in mask.index[mask.to_numpy(dtype=bool)]:
            msg = message if isinstance(message, Msg) else message[proposal_id]
            reasons[str(proposal_id)].append(msg)

    if rules.require_plan_link:
        fail(data["plan_link"].astype(str).str.strip() == "", Msg("screen_no_rpjmd"))
    if rules.max_duration is not None:
        too_long = data["duration"] > rules.max_duration
        fail(
            too_long,
            {
                i: Msg("screen_duration", {"duration": int(d), "limit": rules.max_duration})
                for i, d in data.loc[too_long, "duration"].items()
            },
        )
    for key, minimum in rules.min_score.items():
        below = data[key] < minimum
        code = f"screen_min_score_{key}" if key == "mutual_benefit" else "screen_min_score"
        label = labels.get(key, key)
        fail(
            below,
            {
                i: Msg(code, {"label": label, "score": _num(v), "minimum": _num(minimum)})
                for i, v in data.loc[below, key].items()
            },
        )
    if rules.exclude_kinds:
        excluded = data["kind"].isin(rules.exclude_kinds)
        fail(
            excluded,
            {
                i: Msg("screen_kind_excluded", {"kind": k})
                for i, k in data.loc[excluded, "kind"].items()
            },
        )
    spared = set(exempt)  # hashed: the tuple scanned once per id was quadratic (7 s at 100,000)
    eligible = tuple(i for i, r in reasons.items() if not r or i in spared)
    failed = {i: tuple(r) for i, r in reasons.items() if r and i not in spared}
    notes = {i: tuple(r) for i, r in reasons.items() if r and i in spared}
    return ScreeningResult(eligible, failed, notes)


def _num(value: float) -> str:
    return f"{value:g}"
