"""Small random portfolio instances and an exhaustive reference solver for the tests.

Nothing here uses :mod:`mcda_kerjasama.portfolio`: the rules are re-implemented from the
model's docstring so that the tests compare two independent readings of them.

* :func:`instances` is a Hypothesis strategy of :class:`Case` (n <= 8 proposals, 1-3
  planning years, durations 1-3, ongoing and mandatory proposals, exclusive groups,
  acyclic prerequisites, staff per agency, yearly and total budgets, staff caps, group
  count limits and minimum and maximum shares of the budget, must / must-not ids).
* :func:`enumerate_case` lists every assignment "not chosen or one allowed start year"
  with its feasibility, total score and tie-break key, vectorised with numpy.
* :func:`violations` checks one schedule against every rule (the same code path as the
  enumerator's feasibility mask, applied to a single assignment).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from mcda_kerjasama.constraints import Constraints, GroupLimit, Rule

FIRST = 2026
EPS = 1e-7
NONE = -(10**6)  # start value of "not chosen"


@dataclass(frozen=True)
class Case:
    """One portfolio problem: candidates, scores, horizon, rules, unavailable ids."""

    data: pd.DataFrame
    score: pd.Series
    years: tuple[int, ...]
    constraints: Constraints
    unavailable: tuple[str, ...] = ()
    integer_scores: bool = False

    def forced(self, pid: str) -> Case:
        """The same case with ``pid`` added to the listed must-fund ids."""
        rule = self.constraints.must_fund
        must = Rule(ids=(*rule.ids, pid), where=rule.where)
        return replace(self, constraints=replace(self.constraints, must_fund=must))

    def describe(self) -> str:
        """A readable dump for failure messages."""
        cols = ["cost", "staff", "duration", "earliest_start", "status", "nature", "agency"]
        cols += ["exclusive_group", "kind", "requires"]
        return (
            f"years={self.years}\n{self.data[cols].assign(score=self.score)}\n"
            f"constraints={self.constraints}\nunavailable={self.unavailable}"
        )


def frame(rows: Mapping[str, Mapping[str, object]]) -> pd.DataFrame:
    """A candidate frame from {id: fields}, with defaults for every required column."""
    defaults: dict[str, object] = {
        "cost": 0.0,
        "staff": 0.0,
        "duration": 1,
        "earliest_start": FIRST,
        "status": "usulan",
        "nature": "sukarela",
        "agency": "Dinas A",
        "exclusive_group": "",
        "requires": (),
        "kind": "KSDD",
        "urusan": "1.01",
    }
    records = [{**defaults, **fields} for fields in rows.values()]
    data = pd.DataFrame.from_records(records, index=list(rows))
    data["cost"] = data["cost"].astype(float)
    data["staff"] = data["staff"].astype(float)
    data["duration"] = data["duration"].astype(int)
    data["earliest_start"] = data["earliest_start"].astype(int)
    data["requires"] = [tuple(r) for r in data["requires"]]
    return data


# --- strategy ---------------------------------------------------------------------------

AGENCIES = ("Dinas A", "Dinas B", "Dinas C")
KINDS = ("KSDD", "KSDPK", "KSDPL")


@st.composite
def instances(draw: st.DrawFn, *, integer_scores: bool | None = None, max_n: int = 8) -> Case:
    """A small random portfolio problem (see the module docstring)."""
    n = draw(st.integers(1, max_n))
    n_years = draw(st.integers(1, 3))
    years = tuple(range(FIRST, FIRST + n_years))
    last = years[-1]
    ids = [f"K{i:02d}" for i in range(n)]
    unavailable = ("U99",) if draw(st.booleans()) else ()
    rows: dict[str, dict[str, object]] = {}
    for i, pid in enumerate(ids):
        ongoing = draw(st.integers(0, 7)) == 0
        earliest = draw(st.integers(FIRST - 2, last) if ongoing else st.integers(FIRST, last))
        nature = draw(st.sampled_from(["wajib", *["sukarela"] * 5, "", ""]))
        earlier = ids[:i] + list(unavailable)
        requires: tuple[str, ...] = ()
        if earlier and draw(st.integers(0, 3)) == 0:
            requires = tuple(
                draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=2, unique=True))
            )
        rows[pid] = {
            "cost": float(draw(st.integers(0, 9))),
            "staff": float(draw(st.integers(0, 4))),
            "duration": draw(st.integers(1, 3)),
            "earliest_start": earliest,
            "status": "berjalan" if ongoing else "usulan",
            "nature": nature,
            "agency": draw(st.sampled_from(AGENCIES)),
            "exclusive_group": draw(st.sampled_from(["", "", "", "G1", "G2"])),
            "requires": requires,
            "kind": draw(st.sampled_from(KINDS)),
        }
    data = frame(rows)

    if integer_scores is None:
        integer_scores = draw(st.booleans())
    if integer_scores:
        values = [float(draw(st.integers(0, 5))) for _ in ids]
    else:
        values = [
            draw(st.floats(0, 10, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 4)))
            for _ in ids
        ]
    score = pd.Series(values, index=ids, dtype=float)

    budget = {y: float(draw(st.integers(2, 30))) for y in years}
    budget_total = float(draw(st.integers(5, 60))) if draw(st.booleans()) else None
    staff = {y: float(draw(st.integers(2, 14))) for y in years} if draw(st.booleans()) else {}
    staff_per_agency = float(draw(st.integers(2, 9))) if draw(st.booleans()) else None
    staff_agency = {"Dinas A": float(draw(st.integers(1, 9)))} if draw(st.booleans()) else {}
    must_fund = tuple(draw(st.lists(st.sampled_from(ids), max_size=1)))
    if draw(st.integers(0, 4)) == 0:
        must_rule = Rule(ids=must_fund, where=({"kind": ("ksdpk",)},))
    else:
        must_rule = Rule(ids=must_fund)
    must_not = tuple(draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)))
    groups = tuple(
        draw(st.lists(_group_limits(), max_size=2)),
    )
    constraints = Constraints(
        budget=budget,
        budget_total=budget_total,
        staff=staff,
        staff_per_agency=staff_per_agency,
        staff_agency=staff_agency,
        mandatory=draw(st.sampled_from([True, True, False])),
        ongoing=draw(st.sampled_from([True, True, False])),
        must_fund=must_rule,
        must_not_fund=Rule(ids=must_not),
        groups=tuple(replace(g, key=f"constraints.group[{i}]") for i, g in enumerate(groups)),
    )
    return Case(data, score, years, constraints, unavailable, integer_scores)


def foreign_group(key: str = "", **limits: float | None) -> GroupLimit:
    """The group "Luar negeri": proposals of kind KSDPL, with the given limits."""
    return GroupLimit(key=key, name="Luar negeri", column="kind", values=("KSDPL",), **limits)


@st.composite
def _group_limits(draw: st.DrawFn) -> GroupLimit:
    how = draw(st.sampled_from(["values", "each", "rule"]))
    limits = {
        "max_count": draw(st.none() | st.integers(0, 4)),
        "min_count": draw(st.none() | st.none() | st.integers(0, 2)),
        "max_share": draw(st.none() | st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])),
        "min_share": draw(st.none() | st.none() | st.sampled_from([0.0, 0.1, 0.25, 0.5])),
    }
    if all(v is None for v in limits.values()):
        limits["max_count"] = 2
    if how == "values":
        return foreign_group(**limits)
    if how == "each":
        return GroupLimit(key="", name="agency", column="agency", **limits)
    return GroupLimit(
        key="", name="Antar daerah", rule=Rule(where=({"kind": ("KSDD",)},)), **limits
    )


# --- independent reading of the rules ---------------------------------------------------


def _group_masks(case: Case) -> list[tuple[GroupLimit, str, np.ndarray]]:
    """(limit, label, member mask) for each group, from the constraints' own fields."""
    data = case.data
    out = []
    for limit in case.constraints.groups:
        if limit.column is not None:
            cells = [str(v) for v in data[limit.column]]
            if limit.values:
                wanted = {v.lower() for v in limit.values}
                out.append((limit, limit.name, np.array([c.lower() in wanted for c in cells])))
            else:
                for value in sorted({c for c in cells if c}):
                    label = f"{limit.name}: {value}"
                    out.append((limit, label, np.array([c == value for c in cells])))
        else:
            out.append((limit, limit.name, _rule_mask(limit.rule, data)))
    return out


def _rule_mask(rule: Rule, data: pd.DataFrame) -> np.ndarray:
    hit = np.array([pid in rule.ids for pid in data.index], dtype=bool)
    for clause in rule.where:
        match = np.ones(len(data), dtype=bool)
        for column, values in clause.items():
            cells = list(data.index) if column == "id" else [str(v) for v in data[column]]
            wanted = {v.lower() for v in values}
            match &= np.array([str(c).lower() in wanted for c in cells])
        hit |= match
    return hit


def ongoing_mask(case: Case) -> np.ndarray:
    return (case.data["status"] == "berjalan").to_numpy() & case.constraints.ongoing


def must_mask(case: Case) -> np.ndarray:
    """Proposals that must be chosen: ongoing, mandatory (when on) or must-fund."""
    c = case.constraints
    mandatory = (case.data["nature"] == "wajib").to_numpy() & c.mandatory
    return ongoing_mask(case) | mandatory | _rule_mask(c.must_fund, case.data)


def options(case: Case) -> list[list[int]]:
    """Allowed values per proposal: NONE (not chosen) or a start year."""
    ongoing = ongoing_mask(case)
    first, last = case.years[0], case.years[-1]
    out = []
    for k, earliest in enumerate(case.data["earliest_start"].astype(int)):
        starts = [earliest] if ongoing[k] else list(range(max(earliest, first), last + 1))
        out.append([NONE, *starts])
    return out


@dataclass
class Enumeration:
    """Every assignment (rows of ``starts``; NONE = not chosen) with its feasibility."""

    case: Case
    starts: np.ndarray
    feasible: np.ndarray
    value: np.ndarray
    total_cost: np.ndarray
    start_sum: np.ndarray
    broken: list[tuple[str, np.ndarray]] = field(default_factory=list)

    @property
    def any_feasible(self) -> bool:
        return bool(self.feasible.any())

    @property
    def best(self) -> float:
        return float(self.value[self.feasible].max())

    def optimal(self, tol: float = 1e-9) -> np.ndarray:
        """Indices of the feasible assignments of best value."""
        ok = self.feasible & (self.value >= self.best - tol)
        return np.flatnonzero(ok)

    def tie_break_winner(self) -> np.ndarray:
        """The optimal assignment of least total cost, then least sum of (start - first
        year), then earliest ids (lexicographic over the chosen positions)."""
        cand = self.optimal()
        cost = self.total_cost[cand]
        cand = cand[cost <= cost.min() + 1e-9]
        starts = self.start_sum[cand]
        cand = cand[starts == starts.min()]

        def positions(i: int) -> tuple[int, ...]:
            return tuple(np.flatnonzero(self.starts[i] != NONE))

        return self.starts[min(cand, key=positions)]

    def schedule(self, row: np.ndarray) -> dict[str, int]:
        ids = list(self.case.data.index)
        return {ids[k]: int(s) for k, s in enumerate(row) if s != NONE}


def _check(case: Case, starts: np.ndarray) -> tuple[np.ndarray, list[tuple[str, np.ndarray]]]:
    """Feasibility of each assignment row of ``starts`` (K x n) and which rules break."""
    data, c, years = case.data, case.constraints, case.years
    ids = list(data.index)
    chosen = starts != NONE
    duration = data["duration"].to_numpy(dtype=int)
    cost = data["cost"].to_numpy(dtype=float)
    staff = data["staff"].to_numpy(dtype=float)
    k = len(starts)
    rules: list[tuple[str, np.ndarray]] = []  # (name, ok mask)
    active = {y: chosen & (starts <= y) & (y < starts + duration) for y in years}
    spend = {y: active[y] @ cost for y in years}
    for y in years:
        rules.append((f"budget {y}", spend[y] <= c.budget[y] + EPS))
    if c.budget_total is not None:
        rules.append(("budget_total", sum(spend.values()) <= c.budget_total + EPS))
    for y, cap in c.staff.items():
        rules.append((f"staff {y}", active[y] @ staff <= cap + EPS))
    agencies = data["agency"].astype(str).to_numpy()
    for agency in sorted(set(agencies)):
        cap = c.staff_agency.get(agency, c.staff_per_agency)
        if cap is None:
            continue
        mine = agencies == agency
        for y in years:
            rules.append((f"staff {agency} {y}", active[y] @ (staff * mine) <= cap + EPS))
    must = must_mask(case)
    for j in np.flatnonzero(must):
        rules.append((f"must {ids[j]}", chosen[:, j]))
    if c.must_not_fund:
        for j in np.flatnonzero(_rule_mask(c.must_not_fund, data)):
            rules.append((f"must_not {ids[j]}", ~chosen[:, j]))
    groups = data["exclusive_group"].astype(str).to_numpy()
    for g in sorted({g for g in groups if g}):
        rules.append((f"exclusive {g}", chosen[:, groups == g].sum(axis=1) <= 1))
    position = {pid: i for i, pid in enumerate(ids)}
    for j, needs in enumerate(data["requires"]):
        for need in needs:
            if need in position:
                i = position[need]
                ok = ~chosen[:, j] | (chosen[:, i] & (starts[:, i] <= starts[:, j]))
            elif need in case.unavailable:
                ok = ~chosen[:, j]
            else:
                continue
            rules.append((f"prereq {ids[j]}<-{need}", ok))
    for limit, label, member in _group_masks(case):
        count = chosen[:, member].sum(axis=1)
        if limit.max_count is not None:
            rules.append((f"group_max {label}", count <= limit.max_count))
        if limit.min_count is not None:
            rules.append((f"group_min {label}", count >= limit.min_count))
        for y in years:
            used = active[y] @ (cost * member)
            if limit.max_share is not None:
                ok = used <= limit.max_share * c.budget[y] + EPS
                rules.append((f"group_share_max {label} {y}", ok))
            if limit.min_share is not None:
                ok = used >= limit.min_share * c.budget[y] - EPS
                rules.append((f"group_share_min {label} {y}", ok))
    feasible = np.ones(k, dtype=bool)
    for _, ok in rules:
        feasible &= ok
    return feasible, rules


def enumerate_case(case: Case) -> Enumeration:
    """Every assignment of each proposal to "not chosen" or an allowed start year."""
    allowed = options(case)
    starts = np.array(list(itertools.product(*allowed)), dtype=np.int64)
    starts = starts.reshape(-1, len(allowed))
    feasible, rules = _check(case, starts)
    chosen = starts != NONE
    data = case.data
    value = chosen @ case.score.reindex(data.index).to_numpy(dtype=float)
    total = chosen @ (data["cost"].to_numpy(dtype=float) * data["duration"].to_numpy(dtype=float))
    start_sum = np.where(chosen, starts - case.years[0], 0).sum(axis=1)
    return Enumeration(case, starts, feasible, value, total, start_sum, rules)


def violations(case: Case, schedule: Mapping[str, int]) -> list[str]:
    """Names of the rules ``schedule`` (id -> start) breaks, including starts that are not
    allowed for the proposal."""
    allowed = options(case)
    row = []
    bad = []
    for k, pid in enumerate(case.data.index):
        s = schedule.get(pid, NONE)
        if s not in allowed[k]:
            bad.append(f"start {pid}={s} not in {allowed[k][1:]}")
        row.append(s)
    unknown = set(schedule) - set(case.data.index)
    bad += [f"unknown id {pid}" for pid in sorted(unknown)]
    _, rules = _check(case, np.array([row], dtype=np.int64).reshape(1, -1))
    bad += [name for name, ok in rules if not ok[0]]
    return bad


def value_of(case: Case, schedule: Mapping[str, int]) -> float:
    return float(sum(case.score[p] for p in schedule))


def names(ids: Sequence[str]) -> str:
    return ", ".join(ids)
