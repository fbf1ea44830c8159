"""Compare two runs (``kerjasama compare A B``): what changed in the portfolio and why.

:func:`compare_results` lists the proposals B adds, drops and starts in another year,
the total value, the money and staff used per year, every difference between the two
scenarios' rules and inputs (dotted keys), and for each changed proposal the causes in
words. Causes are computed from the two runs, never guessed: screening, forced and
excluded proposals, budget and staff caps in the years the proposal runs, score changes
split by criterion contribution (with the weights behind them), prerequisites and
exclusive rivals, group limits, its own data, and B's own reason for its place. Every
cause that applies is listed.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> result = run(load_scenario("scenarios/contoh"))
    >>> cut = run(load_scenario("scenarios/contoh", ["constraints.budget=4_000_000_000"]))
    >>> c = compare_results(result, cut)
    >>> c.dropped, c.added, c.value.difference
    (('K02',), (), -78.75)
    >>> c.causes["K02"].render("en")[:44]
    'the 2026 budget fell from Rp 5 bn to Rp 4 bn'
    >>> c.changes[["key", "a", "b"]].values.tolist()
    [['constraints.budget.2026', 5000000000.0, 4000000000.0]]
    >>> compare_results(result, result).changes.empty
    True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

import pandas as pd

from mcda_kerjasama.constraints import is_number
from mcda_kerjasama.i18n import LANGUAGES, Language, Localised, Money, Msg, Number
from mcda_kerjasama.jsonable import plain
from mcda_kerjasama.portfolio.years import active_years
from mcda_kerjasama.priority import join_reasons
from mcda_kerjasama.results import RunResult

#: Score differences below this are rounding, not a change.
EPS = 1e-9
#: Proposal fields whose change is named as a cause (criterion scores show up through
#: the score instead).
CAUSE_FIELDS = ("cost", "staff", "duration", "earliest_start", "status", "nature")
#: Derived or positional proposal fields left out of the list of changes.
SKIP_FIELDS = ("row", "urusan_name", "urusan_category")
FORCED_PREFIX = "reason_selected_"


class Delta(NamedTuple):
    """A quantity in A and in B, and ``difference`` = B - A."""

    a: float
    b: float
    difference: float


@dataclass(frozen=True)
class Comparison:
    """What changed from run A to run B.

    ``added`` (selected in B, not A; B's order), ``dropped`` (in A, not B; A's order),
    ``moved`` (selected in both, another start year); ``value`` the total score;
    ``use`` per year: ``budget_a``, ``budget_b``, ``budget_diff`` and the same for
    ``cost`` and ``staff`` (used); ``changes`` one row per differing rule or input:
    ``key`` (dotted), ``a``, ``b``, ``difference`` (numbers only); ``causes`` id -> why;
    ``details`` per changed proposal: ``title``, ``change``, ``score_a``, ``score_b``,
    ``year_a``, ``year_b``; ``names`` the two scenario names.
    """

    added: tuple[str, ...]
    dropped: tuple[str, ...]
    moved: tuple[str, ...]
    value: Delta
    use: pd.DataFrame
    changes: pd.DataFrame
    causes: Mapping[str, Msg]
    details: pd.DataFrame
    names: tuple[str, str]
    labels: Mapping[str, Localised] = dataclasses.field(default_factory=dict)

    def change_lines(self, lang: Language = "id") -> list[str]:
        """Every differing rule or input as a line a person reads: a budget in rupiah, a
        weight as a percentage named by its criterion's label, a method in words, a
        missing value as "(tidak ada)".

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> result = run(load_scenario("scenarios/contoh"))
            >>> cut = run(load_scenario("scenarios/contoh", ["constraints.budget=4e9"]))
            >>> compare_results(result, cut).change_lines("id")
            ['anggaran 2026: Rp 5.000.000.000 -> Rp 4.000.000.000']
        """
        from mcda_kerjasama.sensitivity.compare_text import change_line

        return [
            change_line(str(row["key"]), row["a"], row["b"], self.labels, lang)
            for _, row in self.changes.iterrows()
        ]

    def to_frame(self, lang: Language = "id") -> pd.DataFrame:
        """One row per changed proposal: ``id``, ``title``, ``change`` (added | dropped |
        moved), ``score_a``, ``score_b``, ``cause`` in ``lang``.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> result = run(load_scenario("scenarios/contoh"))
            >>> forced = run(load_scenario("scenarios/contoh", ["constraints.must_fund=['K06']"]))
            >>> compare_results(result, forced).to_frame("en")[["id", "change"]].values.tolist()
            [['K06', 'added'], ['K03', 'dropped']]
        """
        frame = self.details[["title", "change", "score_a", "score_b"]].reset_index()
        frame["cause"] = [self.causes[i].render(lang) for i in frame["id"]]
        return frame

    def to_table(self, lang: Language = "id") -> pd.DataFrame:
        """:meth:`to_frame` for a person: headers in ``lang``, the change in words
        (*masuk*, *keluar*, *pindah tahun*), scores formatted (see
        :func:`mcda_kerjasama.sensitivity.compare_text.person_table`).

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> result = run(load_scenario("scenarios/contoh"))
            >>> cut = run(load_scenario("scenarios/contoh", ["constraints.budget=4e9"]))
            >>> compare_results(result, cut).to_table("id").iloc[0, :5].tolist()
            ['K02', 'Rujukan pasien RSUD regional', 'keluar', '78,75', '78,75']
        """
        from mcda_kerjasama.sensitivity.compare_text import person_table

        return person_table(self.to_frame(lang), lang)

    def to_dict(self, lang: Language = "id") -> dict[str, Any]:
        """JSON-ready: ids, values, use per year, changes and causes rendered in ``lang``.

        Example:
            >>> from mcda_kerjasama import load_scenario, run
            >>> result = run(load_scenario("scenarios/contoh"))
            >>> d = compare_results(result, result).to_dict("en")
            >>> d["added"], d["dropped"], d["value"]["difference"], d["changes"]
            ([], [], 0.0, [])
        """
        return plain(
            {
                "a": self.names[0],
                "b": self.names[1],
                "added": list(self.added),
                "dropped": list(self.dropped),
                "moved": {
                    pid: {"a": self.details.at[pid, "year_a"], "b": self.details.at[pid, "year_b"]}
                    for pid in self.moved
                },
                "value": self.value._asdict(),
                "use": [{"year": int(y), **row} for y, row in self.use.to_dict("index").items()],
                "changes": self.changes.to_dict("records"),
                "proposals": [
                    {"id": pid, **row, "cause": self.causes[pid].render(lang)}
                    for pid, row in self.details.to_dict("index").items()
                ],
            }
        )


def compare_results(a: RunResult, b: RunResult) -> Comparison:
    """Compare run ``a`` with run ``b`` (see the module docstring).

    Example: see the module docstring.
    """
    sel_a, sel_b = a.selection, b.selection
    added = tuple(p for p in sel_b.selected if p not in sel_a.schedule)
    dropped = tuple(p for p in sel_a.selected if p not in sel_b.schedule)
    moved = tuple(
        p for p in sel_b.selected if p in sel_a.schedule and sel_a.schedule[p] != sel_b.schedule[p]
    )
    context = _Context(a, b, added, dropped)
    causes = {p: join_reasons(context.causes(p, change)) for p, change in context.changes(moved)}
    rows = {
        p: {
            "title": str(_row(b, p, a)["title"]),
            "change": change,
            "score_a": _score_of(a, p),
            "score_b": _score_of(b, p),
            "year_a": sel_a.schedule.get(p),
            "year_b": sel_b.schedule.get(p),
        }
        for p, change in context.changes(moved)
    }
    details = pd.DataFrame.from_dict(
        rows,
        orient="index",
        columns=["title", "change", "score_a", "score_b", "year_a", "year_b"],
    )
    details.index.name = "id"
    return Comparison(
        added=added,
        dropped=dropped,
        moved=moved,
        value=Delta(sel_a.objective, sel_b.objective, sel_b.objective - sel_a.objective),
        use=_use(a, b),
        changes=scenario_changes(a, b),
        causes=causes,
        details=details,
        names=(a.scenario.name, b.scenario.name),
        labels={
            c.key: Localised({"id": c.label, "en": c.label_en})
            for run in (a, b)
            for c in (*run.scenario.groups, *run.scenario.criteria)
        },
    )


# --- what changed in the rules and inputs -----------------------------------------------


def settings(result: RunResult) -> dict[str, Any]:
    """Every rule and input of a run's scenario as one flat mapping of dotted keys, in
    resolved form (a single budget becomes one per year; weights as computed).

    Scenario name, description and data note are labels, not inputs, and are left out.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> flat = settings(run(load_scenario("scenarios/contoh")))
        >>> flat["constraints.budget.2026"], flat["weights.effective.real_need"]
        (5000000000.0, 0.25)
        >>> flat["screening.require_plan_link"], flat["solver.backend"]
        (True, 'highs')
    """
    s = result.scenario
    nested = {
        "scenario": {"years": list(s.years), "language": s.language},
        "data": {"proposals": str(s.proposals_path)},
        "criteria": {
            c.key: {k: v for k, v in asdict(c).items() if k != "key"}
            for c in (*s.groups, *s.criteria)
        },
        "weights": {
            **s.weights,
            "effective": {str(k): float(v) for k, v in result.weights.weights.items()},
        },
        "screening": asdict(s.screening),
        "constraints": asdict(s.constraints),
        "solver": asdict(s.solver),
        "explain": asdict(s.explain),
        "sensitivity": asdict(s.sensitivity),
    }
    flat: dict[str, Any] = {}
    _flatten(nested, "", flat)
    return flat


def scenario_changes(a: RunResult, b: RunResult) -> pd.DataFrame:
    """Every rule or input that differs between the runs, then every proposal field
    that differs (``proposals.ID.field``; ``proposals.ID`` for a proposal only one
    side has). Columns ``key``, ``a``, ``b``, ``difference`` (B - A for numbers).

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> result = run(load_scenario("scenarios/contoh"))
        >>> heavy = run(load_scenario("scenarios/contoh", ["weights.values.potential=0.5"]))
        >>> scenario_changes(result, heavy)["key"].tolist()[:2]
        ['weights.values.potential', 'weights.effective.mutual_benefit']
    """
    rows = _diff(settings(a), settings(b))
    data_a, data_b = a.proposals.data, b.proposals.data
    for pid in data_a.index.union(data_b.index, sort=False):
        if pid not in data_a.index or pid not in data_b.index:
            title_a = data_a.at[pid, "title"] if pid in data_a.index else None
            title_b = data_b.at[pid, "title"] if pid in data_b.index else None
            rows.append(_change_row(f"proposals.{pid}", title_a, title_b))
            continue
        for field in data_a.columns.intersection(data_b.columns, sort=False):
            va, vb = data_a.at[pid, field], data_b.at[pid, field]
            if field not in SKIP_FIELDS and not _same(va, vb):
                rows.append(_change_row(f"proposals.{pid}.{field}", va, vb))
    return pd.DataFrame(rows, columns=["key", "a", "b", "difference"], dtype=object)


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    """Tables become dotted keys, arrays of tables ``key[i]``; other values are leaves."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list | tuple) and any(isinstance(v, Mapping) for v in value):
        for i, item in enumerate(value):
            _flatten(item, f"{prefix}[{i}]", out)
    else:
        out[prefix] = list(value) if isinstance(value, tuple) else value


def _diff(flat_a: Mapping[str, Any], flat_b: Mapping[str, Any]) -> list[dict[str, Any]]:
    keys = list(flat_a) + [k for k in flat_b if k not in flat_a]
    return [
        _change_row(k, flat_a.get(k), flat_b.get(k))
        for k in keys
        if not _same(flat_a.get(k), flat_b.get(k))
    ]


def _same(va: Any, vb: Any) -> bool:
    if is_number(va) and is_number(vb):
        return bool(va == vb or (math.isnan(va) and math.isnan(vb)))
    if isinstance(va, tuple | list) or isinstance(vb, tuple | list):
        return (
            isinstance(va, tuple | list) and isinstance(vb, tuple | list) and list(va) == list(vb)
        )
    return bool(va == vb)


def _change_row(key: str, va: Any, vb: Any) -> dict[str, Any]:
    va, vb = plain(va), plain(vb)
    numbers = is_number(va) and is_number(vb)
    return {"key": key, "a": va, "b": vb, "difference": vb - va if numbers else None}


# --- money and staff per year ----------------------------------------------------------


def _use(a: RunResult, b: RunResult) -> pd.DataFrame:
    """Budget, cost used and staff used per year in A and B, and B - A."""
    frames = []
    for result in (a, b):
        sel = result.selection
        frame = sel.use[["budget", "cost"]].copy()
        frame["staff"] = sel.model.staff_by_year @ sel.x
        frames.append(frame)
    years = frames[0].index.union(frames[1].index)
    fa, fb = frames[0].reindex(years), frames[1].reindex(years)
    out = pd.DataFrame(index=pd.Index(years, name="year"))
    for column in ("budget", "cost", "staff"):
        out[f"{column}_a"] = fa[column]
        out[f"{column}_b"] = fb[column]
        out[f"{column}_diff"] = fb[column] - fa[column]
    return out


# --- causes ----------------------------------------------------------------------------


class _Context:
    """The two runs and the changed ids, and the cause finders for one proposal."""

    def __init__(
        self, a: RunResult, b: RunResult, added: Sequence[str], dropped: Sequence[str]
    ) -> None:
        self.a, self.b = a, b
        self.added, self.dropped = tuple(added), tuple(dropped)
        self.newly_forced = tuple(
            p for p in b.selection.selected if _forced(b, p) and not _forced(a, p)
        )

    def changes(self, moved: Sequence[str]) -> list[tuple[str, str]]:
        """(id, change) for every changed proposal: added, dropped, moved."""
        return [
            *((p, "added") for p in self.added),
            *((p, "dropped") for p in self.dropped),
            *((p, "moved") for p in moved),
        ]

    def causes(self, p: str, change: str) -> list[Msg]:
        """Every cause that applies to ``p``, B's own reason last."""
        a, b = self.a, self.b
        in_a, in_b = p in a.proposals.data.index, p in b.proposals.data.index
        if not in_b:
            return [Msg("compare_missing_b")]
        parts: list[Msg] = [] if in_a else [Msg("compare_missing_a")]
        if p in b.screening.reasons:
            return [*parts, Msg("compare_ineligible", {"reasons": list(b.screening.reasons[p])})]
        if p in a.screening.reasons:
            parts.append(Msg("compare_eligible", {"reasons": list(a.screening.reasons[p])}))
        parts += self._forcing(p)
        parts += self._caps(p, change)
        if in_a:
            parts += self._score(p)
            parts += self._data(p)
        parts += self._neighbours(p, change)
        if not parts:
            parts.append(Msg("compare_unexplained"))
        if change == "moved":
            years = (a.selection.schedule[p], b.selection.schedule[p])
            parts.insert(0, Msg("compare_start", {"a": years[0], "b": years[1]}))
        return [*parts, Msg("compare_in_b", {"reason": b.priority.reasons[p]})]

    def _forcing(self, p: str) -> list[Msg]:
        """Forced or excluded in one run and not the other."""
        a, b = self.a, self.b
        rule_a, rule_b = _forced(a, p), _forced(b, p)
        parts = []
        if rule_b and rule_b != rule_a:
            parts.append(Msg("compare_forced", {"rule": rule_b}))
        if rule_a and rule_a != rule_b:
            parts.append(Msg("compare_unforced", {"rule": rule_a}))
        excluded_a, excluded_b = _excluded(a, p), _excluded(b, p)
        if excluded_b and not excluded_a:
            parts.append(Msg("compare_excluded"))
        if excluded_a and not excluded_b:
            parts.append(Msg("compare_unexcluded"))
        return parts

    def _caps(self, p: str, change: str) -> list[Msg]:
        """Budget and staff caps that moved the way that explains the change, in the
        years the proposal runs (in A when dropped, in B when added, both when moved)."""
        a, b = self.a, self.b
        ca, cb = a.scenario.constraints, b.scenario.constraints
        wanted = {"dropped": (-1,), "added": (1,), "moved": (-1, 1)}[change]
        years = sorted(_running(a, p) | _running(b, p))
        parts = []
        for year in years:
            parts += _cap_msgs(
                "budget",
                ca.budget.get(year),
                cb.budget.get(year),
                wanted,
                Money,
                {"year": year},
            )
        parts += _cap_msgs("budget_total", ca.budget_total, cb.budget_total, wanted, Money, {})
        for year in years:
            parts += _cap_msgs(
                "staff", ca.staff.get(year), cb.staff.get(year), wanted, Number, {"year": year}
            )
        agency = str(b.proposals.data.at[p, "agency"])
        parts += _cap_msgs(
            "staff_agency",
            ca.staff_agency.get(agency, ca.staff_per_agency),
            cb.staff_agency.get(agency, cb.staff_per_agency),
            wanted,
            Number,
            {"agency": agency},
        )
        groups_a = {g.key: g for g in ca.groups}
        groups_b = {g.key: g for g in cb.groups}
        data = b.proposals.data
        position = data.index.get_loc(p)
        for key in list(groups_a) + [k for k in groups_b if k not in groups_a]:
            ga, gb = groups_a.get(key), groups_b.get(key)
            limit = gb or ga
            if ga != gb and limit is not None:
                hits = [label for label, mask in limit.members(data) if mask[position]]
                parts += [Msg("compare_group_changed", {"label": label}) for label in hits]
        return parts

    def _score(self, p: str) -> list[Msg]:
        """A score change, split by criterion contribution, largest move first."""
        a, b = self.a, self.b
        before, after = _score_of(a, p), _score_of(b, p)
        if abs(after - before) <= EPS:
            return []
        contrib_a = a.scores.contributions.loc[p]
        contrib_b = b.scores.contributions.loc[p]
        keys = contrib_a.index.union(contrib_b.index, sort=False)
        contrib_a, contrib_b = (
            contrib_a.reindex(keys, fill_value=0.0),
            contrib_b.reindex(keys, fill_value=0.0),
        )
        weights_a = a.scores.weights.reindex(keys, fill_value=0.0)
        weights_b = b.scores.weights.reindex(keys, fill_value=0.0)
        move = (contrib_b - contrib_a).abs()
        order = sorted((k for k in keys if move[k] > EPS), key=lambda k: -move[k])
        labels = {c.key: c for c in (*a.scenario.criteria, *b.scenario.criteria)}
        items = [
            Msg(
                "compare_contribution",
                {
                    "label": Localised({lang: labels[k].display(lang) for lang in LANGUAGES})
                    if k in labels
                    else k,
                    "a": Number(float(contrib_a[k])),
                    "b": Number(float(contrib_b[k])),
                    "wa": Number(float(weights_a[k]), 3),
                    "wb": Number(float(weights_b[k]), 3),
                },
            )
            for k in order
        ]
        key = "compare_score_up" if after > before else "compare_score_down"
        return [Msg(key, {"a": Number(before), "b": Number(after), "parts": _commas(items)})]

    def _data(self, p: str) -> list[Msg]:
        """The proposal's own fields that changed between the two proposal tables."""
        row_a, row_b = self.a.proposals.data.loc[p], self.b.proposals.data.loc[p]
        parts = []
        for field in CAUSE_FIELDS:
            if (
                field in row_a.index
                and field in row_b.index
                and not _same(row_a[field], row_b[field])
            ):
                shown = (
                    (Money(float(row_a[field])), Money(float(row_b[field])))
                    if field == "cost"
                    else (row_a[field], row_b[field])
                )
                parts.append(Msg("compare_data", {"field": field, "a": shown[0], "b": shown[1]}))
        return parts

    def _neighbours(self, p: str, change: str) -> list[Msg]:
        """Prerequisites, exclusive rivals and the other proposals that came or went."""
        a, b = self.a, self.b
        sel_a, sel_b = a.selection.schedule, b.selection.schedule
        data = b.proposals.data
        parts = []
        for need in data.at[p, "requires"]:
            if change == "dropped" and need in sel_a and need not in sel_b:
                parts.append(Msg("compare_prereq_lost", {"need": need}))
            if change == "added" and need in sel_b and need not in sel_a:
                parts.append(Msg("compare_prereq_gained", {"need": need}))
        group = str(data.at[p, "exclusive_group"])
        rivals = [str(r) for r in data.index[data["exclusive_group"] == group] if group and r != p]
        for rival in rivals:
            if change == "dropped" and rival in sel_b and rival not in sel_a:
                parts.append(Msg("compare_rival_in", {"rival": rival, "group": group}))
            if change == "added" and rival in sel_a and rival not in sel_b:
                parts.append(Msg("compare_rival_out", {"rival": rival, "group": group}))
        if change == "dropped":
            others = [q for q in self.newly_forced if q != p]
            if others:
                parts.append(Msg("compare_forced_other", {"ids": ", ".join(others)}))
            entrants = [q for q in self.added if q not in self.newly_forced]
            if entrants:
                parts.append(Msg("compare_displaced", {"ids": ", ".join(entrants)}))
        if change == "added" and self.dropped and not _forced(b, p):
            parts.append(Msg("compare_freed", {"ids": ", ".join(self.dropped)}))
        return parts


def _cap_msgs(
    name: str,
    before: float | None,
    after: float | None,
    wanted: tuple[int, ...],
    unit: type[Money] | type[Number],
    params: dict[str, Any],
) -> list[Msg]:
    """``compare_{name}_down`` / ``_up`` when a cap moved in a wanted direction (-1:
    fell, 1: rose); ``None`` is no cap (infinite)."""
    lo = math.inf if before is None else before
    hi = math.inf if after is None else after
    if lo == hi or (1 if hi > lo else -1) not in wanted:
        return []

    def shown(value: float | None) -> Msg | Money | Number:
        return Msg("compare_no_cap") if value is None else unit(value)

    key = f"compare_{name}_{'up' if hi > lo else 'down'}"
    return [Msg(key, {**params, "a": shown(before), "b": shown(after)})]


def _forced(result: RunResult, p: str) -> str | None:
    """The rule forcing ``p`` into the run's portfolio (must_fund, mandatory, ongoing)."""
    reason = result.explanations.reasons.get(p)
    if reason is None or not reason.key.startswith(FORCED_PREFIX):
        return None
    return reason.key.removeprefix(FORCED_PREFIX)


def _excluded(result: RunResult, p: str) -> bool:
    """Whether the run's scenario excludes ``p`` (must_not_fund)."""
    reason = result.explanations.reasons.get(p)
    return reason is not None and reason.key == "reason_must_not"


def _running(result: RunResult, p: str) -> set[int]:
    """The planning years ``p`` runs in within the run's portfolio (empty if not in)."""
    start = result.selection.schedule.get(p)
    if start is None:
        return set()
    duration = int(result.proposals.data.at[p, "duration"])
    return set(active_years(start, duration, result.scenario.years))


def _score_of(result: RunResult, p: str) -> float:
    total = result.scores.total
    return float(total[p]) if p in total.index else math.nan


def _row(result: RunResult, p: str, other: RunResult) -> pd.Series:
    data = result.proposals.data
    return data.loc[p] if p in data.index else other.proposals.data.loc[p]


def _commas(items: Sequence[Msg]) -> Msg | str:
    """Messages joined by commas in any language (a right fold of ``compare_pair``)."""
    if not items:
        return ""
    out: Msg = items[-1]
    for item in reversed(items[:-1]):
        out = Msg("compare_pair", {"first": item, "rest": out})
    return out
