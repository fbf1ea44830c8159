"""The mapping in the regulation's own form: per urusan, per year, with the priority scale.

Permendagri 22/2020 Pasal 5 ayat (3): the mapping produces "daftar rencana program dan
kegiatan untuk setiap urusan pemerintahan yang akan dikerjasamakan per tahun, sesuai
dengan jangka waktu kerja sama dan skala prioritas". :func:`urusan_plan` puts a run's
facts in that shape, once, for the workbook's sheet and the report's section: one
:class:`UrusanBlock` per urusan that has a selected or reserve cooperation, in the order
of the 32 urusan (``reference/urusan.csv``); in it, for each planning year the selected
cooperations active that year (with that year's cost), then the urusan's reserve.

The priority scale (:func:`priority_classes`): the selected cooperations ordered by
score (highest first; equal scores by their rank) are cut into three classes of equal
size: the first third is *prioritas 1*, the second *prioritas 2*, the rest *prioritas
3* (class ``floor(3 (p - 1) / n) + 1`` for the p-th of n, so the best is always class
1). Cooperations with the same score (to the two decimals shown) share the better
class, so a class never splits a tie. Reserve and not-eligible proposals have no class.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> from mcda_kerjasama.report.facts import report_facts
    >>> facts = report_facts(run(load_scenario("scenarios/contoh")))
    >>> blocks = urusan_plan(facts)
    >>> [b.code for b in blocks][:3]
    ['1.01', '1.02', '1.03']
    >>> first = blocks[0].years[0]
    >>> first.year, [(r.id, r.priority_class) for r in first.rows]
    (2026, [('K03', 3)])
    >>> sorted(set(priority_classes(facts).values()))
    [1, 2, 3]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.reference import load_urusan
from mcda_kerjasama.report.facts import ReportFacts

#: The number of priority classes.
CLASSES = 3


@dataclass(frozen=True)
class PlanRow:
    """One cooperation as the mapping lists it: its ``rank`` in the priority list, its
    ``priority_class`` (1-3, ``None`` for a reserve), its details, the years it runs
    (``start``..``end``, ``None`` for a reserve that has no start) and ``cost``: the
    cost in the year listed (a reserve: its yearly cost)."""

    id: str
    rank: int
    priority_class: int | None
    title: str
    agency: str
    partner: str
    kind: str
    nature: str
    ongoing: bool
    duration: int
    start: int | None
    end: int | None
    cost: float


@dataclass(frozen=True)
class YearPlan:
    """The selected cooperations of one urusan active in ``year`` and their total."""

    year: int
    rows: tuple[PlanRow, ...]

    @property
    def total(self) -> float:
        """The cost of the year's cooperations."""
        return sum(r.cost for r in self.rows)


@dataclass(frozen=True)
class UrusanBlock:
    """One urusan: its code, name, the years with selected cooperations, its reserve."""

    code: str
    name: str
    years: tuple[YearPlan, ...]
    reserve: tuple[PlanRow, ...]


def priority_classes(facts: ReportFacts) -> dict[str, int]:
    """Each selected cooperation's priority class (see the module docstring).

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> from mcda_kerjasama.report.facts import report_facts
        >>> classes = priority_classes(report_facts(run(load_scenario("scenarios/contoh"))))
        >>> [classes[k] for k in ("K01", "K02", "K03")]
        [1, 2, 3]
    """
    priority = facts.priority
    chosen = priority[priority["group"] == "selected"]
    n = len(chosen)
    if n == 0:
        return {}
    shown = chosen["score"].astype(float).round(2)
    order = sorted(chosen.index, key=lambda pid: (-shown[pid], int(chosen.at[pid, "rank"])))
    classes: dict[str, int] = {}
    best: dict[float, int] = {}
    for p, pid in enumerate(order, start=1):
        score = float(shown[pid])
        cls = best.setdefault(score, CLASSES * (p - 1) // n + 1)
        classes[str(pid)] = cls
    return classes


def urusan_plan(facts: ReportFacts) -> tuple[UrusanBlock, ...]:
    """The selected and reserve cooperations per urusan and planning year (see the
    module docstring). One pass over the priority list (in priority order).

    Example: see the module docstring.
    """
    priority = facts.priority
    classes = priority_classes(facts)
    by_year = facts.by_year
    years = facts.planning_years
    costs = {
        year: {str(k): float(v) for k, v in by_year[(year, "cost")].items() if v == v}
        for year in years
    }  # NaN: not active that year
    known = load_urusan()
    selected: dict[str, dict[int, list[PlanRow]]] = {}
    reserve: dict[str, list[PlanRow]] = {}
    names: dict[str, str] = {}
    for record in priority.reset_index().to_dict("records"):
        group, code = record["group"], str(record["urusan"])
        if group == "not_eligible":
            continue
        pid = str(record["id"])
        names.setdefault(code, str(record.get("urusan_name", "")))
        if group == "reserve":
            reserve.setdefault(code, []).append(_row(pid, record, classes, float(record["cost"])))
            continue
        plans = selected.setdefault(code, {})
        for year in years:
            cost = costs[year].get(pid)
            if cost is not None:
                plans.setdefault(year, []).append(_row(pid, record, classes, cost))
    present = set(selected) | set(reserve)
    codes = [c for c in known.index if c in present]
    codes += sorted(present - set(known.index))
    return tuple(
        UrusanBlock(
            code,
            str(known.at[code, "nama"]) if code in known.index else names[code],
            tuple(
                YearPlan(year, tuple(rows)) for year, rows in sorted(selected.get(code, {}).items())
            ),
            tuple(reserve.get(code, ())),
        )
        for code in codes
    )


def _row(pid: str, row: dict[str, Any], classes: dict[str, int], cost: float) -> PlanRow:
    duration = int(row["duration"])
    year = row["year"]
    start = None if year is None or pd.isna(year) else int(year)
    return PlanRow(
        id=pid,
        rank=int(row["rank"]),
        priority_class=classes.get(pid),
        title=str(row["title"]),
        agency=str(row["agency"]),
        partner=str(row["partner"]),
        kind=str(row["kind"]),
        nature=str(row.get("nature", "") or ""),
        ongoing=str(row.get("status", "")) == "berjalan",
        duration=duration,
        start=start,
        end=None if start is None else start + duration - 1,
        cost=cost,
    )


def row_texts(row: PlanRow, lang: Language) -> tuple[str, str, str]:
    """A row's priority class, kind and duration in words, as both renderers show them.

    Example:
        >>> row = PlanRow("K01", 1, 2, "t", "a", "p", "KSDD", "wajib", True, 3, 2026, 2028, 1.0)
        >>> row_texts(row, "id")
        ('Prioritas 2', 'KSDD wajib, sedang berjalan', '2026–2028 (3 tahun)')
    """
    if row.priority_class is None:
        cls = text("urusan_reserve_class", lang)
    else:
        cls = text("urusan_class", lang, n=row.priority_class)
    kind = f"{row.kind} {row.nature}".strip()
    if row.ongoing:
        kind = text("urusan_ongoing", lang, kind=kind)
    if row.start is None:
        period = text("urusan_period_reserve", lang, n=row.duration)
    elif row.end is None or row.end == row.start:
        period = text("urusan_period_one", lang, start=row.start)
    else:
        period = text("urusan_period", lang, start=row.start, end=row.end, n=row.duration)
    return cls, kind, period
