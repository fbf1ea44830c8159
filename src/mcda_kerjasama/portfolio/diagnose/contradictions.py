"""Direct contradictions between hard rules, found before anything is solved.

A proposal that must and must not be funded, two must-fund proposals in one exclusive
group, a must-fund proposal whose prerequisite cannot be chosen, is excluded by its
exclusive group, or cannot start early enough (an ongoing cooperation that began before
its prerequisite can start). Each is one :class:`~mcda_kerjasama.errors.Problem`.

Example:
    >>> data = pd.DataFrame({"requires": [(), ("A",), ("B",)]}, index=["A", "B", "C"])
    >>> _blocked(data, {"A"})
    {'A': 'A', 'B': 'A', 'C': 'A'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Msg
from mcda_kerjasama.portfolio.model import PortfolioModel


def _must(model: PortfolioModel) -> dict[str, str]:
    """The proposals the model forces in (its ``must`` rows): id -> reason."""
    rows = model.rows[model.rows["kind"] == "must"]
    return dict(zip(rows["label"].astype(str), rows["reason"].astype(str), strict=True))


def _blocked(data: pd.DataFrame, start: set[str]) -> dict[str, str]:
    """Every candidate that cannot be chosen because a prerequisite, directly or through
    others, is in ``start``: id -> the first unavailable id on the way."""
    blocked = {pid: pid for pid in start}
    changed = True
    while changed:
        changed = False
        for pid, needs in data["requires"].items():
            if pid in blocked:
                continue
            root = next((blocked[n] for n in needs if n in blocked), None)
            if root is not None:
                blocked[str(pid)] = root
                changed = True
    return blocked


def _contradictions(
    model: PortfolioModel, data: pd.DataFrame, unavailable: set[str]
) -> list[Problem]:
    rows = model.rows
    must = _must(model)
    banned = set(rows.loc[rows["kind"] == "must_not", "label"])
    problems = [
        Problem("conflict_must_and_not", value=pid, params={"why": _why(must[pid])})
        for pid in sorted(set(must) & banned)
    ]
    groups = data["exclusive_group"].astype(str)
    for group in sorted(set(groups[groups != ""])):
        both = [pid for pid in groups.index[groups == group] if pid in must]
        if len(both) > 1:
            problems.append(
                Problem("conflict_exclusive_must", value=group, params={"ids": ", ".join(both)})
            )
    blocked = _blocked(data, unavailable | banned)
    reported = set()
    for pid in must:
        for need in data.loc[pid, "requires"]:
            if need in blocked:
                params = {"need": need, "root": blocked[need], "why": _why(must[pid])}
                problems.append(Problem("conflict_prereq_must", value=pid, params=params))
                reported.add(pid)
    problems += _excluded_prerequisites(data, must, reported)
    problems += _late_prerequisites(model, data, must, reported)
    return problems


def _located(data: pd.DataFrame, pid: str) -> dict[str, Any]:
    """Where a proposal's prerequisites are written: its row and ``prasyarat`` (when the
    candidates carry their spreadsheet rows)."""
    if "row" not in data.columns:
        return {}
    return {"row": int(data.loc[pid, "row"]), "column": "prasyarat"}


def _excluded_prerequisites(
    data: pd.DataFrame, must: Mapping[str, str], reported: set[str]
) -> list[Problem]:
    """Must-fund proposals whose prerequisite shares an exclusive group with the
    proposal itself or with another must-fund proposal (adds them to ``reported``).

    Example:
        >>> data = pd.DataFrame({"exclusive_group": ["G", "G"], "requires": [(), ("A",)]},
        ...                     index=["A", "B"])
        >>> print(_excluded_prerequisites(data, {"B": "ongoing"}, set())[0].render("en"))
        proposal B must be funded (berjalan) but its prerequisite A is in exclusive group G
        with B, and that group allows one proposal
    """
    groups = data["exclusive_group"].astype(str)
    problems = []
    for pid, reason in must.items():
        if pid in reported or pid not in groups.index:
            continue
        for need in data.loc[pid, "requires"]:
            group = str(groups.get(need, ""))
            if not group or need in must:  # two must-funds in a group: reported above
                continue
            rivals = [r for r in must if r != need and groups.get(r, "") == group]
            if not rivals:
                continue
            other = pid if pid in rivals else rivals[0]
            params = {"need": need, "group": group, "other": other, "why": _why(reason)}
            problems.append(
                Problem(
                    "conflict_prereq_exclusive", value=pid, params=params, **_located(data, pid)
                )
            )
            reported.add(pid)
            break
    return problems


def _why(reason: str) -> str:
    return {"mandatory": "wajib", "ongoing": "berjalan"}.get(reason, "must_fund")


def _late_prerequisites(
    model: PortfolioModel, data: pd.DataFrame, must: Mapping[str, str], reported: set[str]
) -> list[Problem]:
    """Must-fund proposals none of whose start years leaves room for a prerequisite
    (which must start no later), located at the proposal's row and its ``prasyarat``.

    Example:
        >>> from mcda_kerjasama.constraints import Constraints
        >>> from mcda_kerjasama.portfolio.model import build_model
        >>> data = pd.DataFrame({"cost": 1.0, "staff": 0.0, "duration": 3,
        ...     "earliest_start": [2026, 2025], "status": ["usulan", "berjalan"],
        ...     "nature": "", "agency": "X", "exclusive_group": "",
        ...     "requires": [(), ("A",)], "row": [2, 3]}, index=["A", "B"])
        >>> rules = Constraints(budget={2026: 9.0})
        >>> model = build_model(data, pd.Series(1.0, index=data.index), (2026,), rules)
        >>> print(_late_prerequisites(model, data, _must(model), set())[0].render("en"))
        row 3, column `prasyarat`: the ongoing cooperation B (started 2025) requires A,
        which cannot start before 2026; a prerequisite must start no later than the
        proposal that needs it
    """
    ranges = model.column_ranges
    start = model.columns["start"].to_numpy(dtype=int)
    ids = [str(pid) for pid in data.index]
    known = set(ids)
    can = {pid: sorted({int(start[j]) for j in ranges.get(pid, range(0))}) for pid in ids}
    requires = {
        str(pid): [str(n) for n in needs if str(n) in known]
        for pid, needs in data["requires"].items()
    }
    changed = True
    while changed:  # starts left once every prerequisite can start no later
        changed = False
        for pid, needs in requires.items():
            keep = [t for t in can[pid] if all(can[q] and can[q][0] <= t for q in needs)]
            if keep != can[pid]:
                can[pid], changed = keep, True
    problems = []
    for pid, reason in must.items():
        own = ranges.get(pid)
        if pid in reported or pid not in known or can[pid] or not own:
            continue
        latest = int(start[own].max())
        for need in requires[pid]:
            if can[need] and can[need][0] <= latest:
                continue
            when = (
                Msg("conflict_prereq_starts_from", {"year": can[need][0]})
                if can[need]
                else Msg("conflict_prereq_starts_never")
            )
            params: dict[str, Any] = {"start": latest, "need": need, "when": when}
            if reason == "ongoing":
                code = "conflict_prereq_late_ongoing"
            else:
                code = "conflict_prereq_late"
                params["why"] = _why(reason)
            problems.append(Problem(code, value=pid, params=params, **_located(data, pid)))
    return problems
