"""Portfolio constraints from a scenario's ``[constraints]`` table, as typed data.

```toml
[constraints]
budget = 5_000_000_000              # rupiah per planning year, or { "2026" = 5e9, ... }
budget_total = 12_000_000_000       # optional: over the whole horizon
staff = 60                          # optional: person-months per year (or by year)
staff_per_agency = 24               # optional: cap for every agency, per year
staff_agency = { "Dinas Kesehatan" = 36 }   # optional: caps by agency (override the above)
mandatory = true                    # sifat = wajib must be funded (default true)
ongoing = true                      # status = berjalan is fixed at its schedule (default true)
must_fund = ["K03"]                 # ids that must be selected
must_fund_where = { urusan = "1.02" }   # or a rule (a table, or an array of tables)
must_not_fund = ["K06"]
must_not_fund_where = [{ kind = "KSDLL" }]

[[constraints.group]]               # limits per group (repeatable)
name = "Kerja sama luar negeri"     # label used in reasons (optional)
column = "kind"                     # field or header: kind/jenis, agency/opd, urusan, ...
values = ["KSDPL", "KSDLL"]         # optional: without it every value is its own group
# where = { ... }                   # alternatively a rule
max_count = 2                       # selected proposals in the group, over the horizon
min_count = 1
max_share = 0.25                    # the group's cost in a year <= share x that year's budget
min_share = 0.05
```

A rule ``where`` maps a field to a value or a list of values; a proposal matches when
every field matches (values compare case-insensitively).

Example:
    >>> c, problems = parse_constraints({"budget": 1e9, "must_fund": ["A"]}, (2026,))
    >>> c.budget, c.must_fund.ids, problems
    ({2026: 1000000000.0}, ('A',), [])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Msg, closest_hint
from mcda_kerjasama.rules import constraint_kinds

#: Proposal fields a rule or a group may name, with their Indonesian header aliases.
FIELDS: dict[str, str] = {
    "kind": "kind",
    "jenis": "kind",
    "nature": "nature",
    "sifat": "nature",
    "status": "status",
    "agency": "agency",
    "opd": "agency",
    "urusan": "urusan",
    "affair": "urusan",
    "urusan_category": "urusan_category",
    "kategori": "urusan_category",
    "partner": "partner",
    "mitra": "partner",
    "exclusive_group": "exclusive_group",
    "kelompok": "exclusive_group",
    "plan_link": "plan_link",
    "rpjmd": "plan_link",
    "id": "id",
    "kode": "id",
}


@dataclass(frozen=True)
class Rule:
    """Which proposals a rule selects: listed ids, or any of the ``where`` clauses
    (field -> accepted values; every field of a clause must match).

    Example:
        >>> data = pd.DataFrame({"kind": ["KSDD", "KSDPL"]}, index=["A", "B"])
        >>> Rule(where=({"kind": ("ksdpl",)},)).mask(data).tolist()
        [False, True]
    """

    ids: tuple[str, ...] = ()
    where: tuple[Mapping[str, tuple[str, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.ids or self.where)

    def mask(self, data: pd.DataFrame) -> pd.Series:
        """Which rows of ``data`` (index = id) the rule selects."""
        hit = pd.Series(data.index.isin(self.ids), index=data.index)
        for clause in self.where:
            match = pd.Series(True, index=data.index)
            for column, values in clause.items():
                cells = data.index.to_series() if column == "id" else data[column]
                wanted = {v.lower() for v in values}
                match &= cells.astype(str).str.lower().isin(wanted)
            hit |= match
        return hit


@dataclass(frozen=True)
class GroupLimit:
    """Count and budget-share limits on a group of proposals.

    ``column`` with ``values`` (or every distinct value when ``values`` is empty), or a
    ``rule``. ``key`` is where it stands in the scenario, for messages.
    """

    key: str
    name: str
    column: str | None = None
    values: tuple[str, ...] = ()
    rule: Rule = field(default_factory=Rule)
    min_count: int | None = None
    max_count: int | None = None
    min_share: float | None = None
    max_share: float | None = None

    def members(self, data: pd.DataFrame) -> list[tuple[str, np.ndarray]]:
        """(label, boolean mask) for each group this limit applies to.

        Example:
            >>> data = pd.DataFrame({"kind": ["KSDD", "KSDPL", "", "KSDD"]})
            >>> for label, mask in GroupLimit("group[0]", "Jenis", column="kind").members(data):
            ...     print(label, mask.tolist())
            Jenis: KSDD [True, False, False, True]
            Jenis: KSDPL [False, True, False, False]
        """
        labels, codes = self.codes(data)
        return [(label, codes == k) for k, label in enumerate(labels)]

    def codes(self, data: pd.DataFrame) -> tuple[list[str], np.ndarray]:
        """The groups' labels and, for each row of ``data``, the number of its group in
        that list (-1: in none), read in one pass over the rows whatever the number of
        groups (a limit per distinct value of a column with thousands of values costs
        what one group costs).

        Example:
            >>> data = pd.DataFrame({"kind": ["KSDD", "KSDPL", "", "KSDD"]})
            >>> labels, codes = GroupLimit("group[0]", "Jenis", column="kind").codes(data)
            >>> labels, codes.tolist()
            (['Jenis: KSDD', 'Jenis: KSDPL'], [0, 1, -1, 0])
            >>> GroupLimit("group[1]", "Asing", column="kind", values=("ksdpl",)).codes(data)[1]
            array([-1,  0, -1, -1])
        """
        if self.column is None:
            hit = self.rule.mask(data).to_numpy(dtype=bool)
            return [self.name], np.where(hit, 0, -1)
        cells = data[self.column].astype(str)
        if self.values:
            wanted = {v.lower() for v in self.values}
            return [self.name], np.where(cells.str.lower().isin(wanted).to_numpy(), 0, -1)
        codes, uniques = pd.factorize(cells.to_numpy(dtype=object), sort=True)
        values = [str(v) for v in uniques]
        codes = np.asarray(codes, dtype=np.int64)
        if "" in values:  # the empty value is in no group; sorted, so it comes first
            empty = values.index("")
            codes = np.where(codes == empty, -1, codes - (codes > empty))
            values.pop(empty)
        return [f"{self.name}: {value}" for value in values], codes


@dataclass(frozen=True)
class Constraints:
    """Every portfolio constraint of a scenario. Amounts in rupiah, staff in
    person-months per year; ``None`` or empty means the constraint is off. ``extra``
    holds the parsed values of the registered constraint kinds
    (:func:`mcda_kerjasama.rules.constraint_kinds`), by their ``[constraints]`` key."""

    budget: Mapping[int, float]
    budget_total: float | None = None
    staff: Mapping[int, float] = field(default_factory=dict)
    staff_per_agency: float | None = None
    staff_agency: Mapping[str, float] = field(default_factory=dict)
    mandatory: bool = True
    ongoing: bool = True
    must_fund: Rule = field(default_factory=Rule)
    must_not_fund: Rule = field(default_factory=Rule)
    groups: tuple[GroupLimit, ...] = ()
    #: Constraints of the registered kinds (:mod:`mcda_kerjasama.rules`), by their key.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def scaled(self, factor: float) -> Constraints:
        """The same rules with every budget (yearly and total) times ``factor``; group
        shares follow, being shares of the yearly budget.

        Example:
            >>> Constraints(budget={2026: 2.0}, budget_total=3.0).scaled(0.5).budget_total
            1.5
        """
        return replace(
            self,
            budget={y: b * factor for y, b in self.budget.items()},
            budget_total=None if self.budget_total is None else self.budget_total * factor,
        )


def is_number(v: Any) -> bool:
    """A finite int or float (not a bool), as TOML gives them.

    Example:
        >>> is_number(3), is_number(True), is_number(float("nan"))
        (True, False, False)
    """
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def read_by_year(
    value: Any, years: Sequence[int], key: str, problems: list[Problem]
) -> dict[int, float]:
    """One number for every year, or a table by year; every year must be covered.

    Example:
        >>> problems = []
        >>> read_by_year({"2026": 1.0, "2027": 2.0}, (2026, 2027), "k", problems), problems
        ({2026: 1.0, 2027: 2.0}, [])
    """
    if value is None:
        return {}
    if is_number(value):
        if value < 0:
            problems.append(Problem("key_range", key=key, value=value, params={"rule": ">= 0"}))
            return {}
        return {y: float(value) for y in years}
    if not isinstance(value, dict):
        problems.append(
            Problem("key_type", key=key, value=repr(value), params={"expected": Msg("type_budget")})
        )
        return {}
    out: dict[int, float] = {}
    shown = ", ".join(map(str, years))
    for raw_year, amount in value.items():
        year = int(raw_year) if str(raw_year).isdigit() else None
        if year is None or year not in years:
            problems.append(
                Problem(
                    "budget_year_unknown",
                    key=f"{key}.{raw_year}",
                    value=raw_year,
                    params={"years": shown},
                )
            )
        elif not is_number(amount) or amount < 0:
            problems.append(
                Problem(
                    "key_type",
                    key=f"{key}.{raw_year}",
                    value=repr(amount),
                    params={"expected": Msg("type_nonneg")},
                )
            )
        else:
            out[year] = float(amount)
    given = {str(k) for k in value}
    for year in years:
        if str(year) not in given:
            problems.append(Problem("budget_year_missing", key=key, value=year))
    return out


def read_clauses(
    value: Any, key: str, problems: list[Problem]
) -> tuple[dict[str, tuple[str, ...]], ...]:
    """A ``where`` rule: one table or an array of tables of field -> value(s).

    Example:
        >>> read_clauses({"jenis": "KSDD"}, "k", [])
        ({'kind': ('KSDD',)},)
    """
    if value is None:
        return ()
    tables = value if isinstance(value, list) else [value]
    out = []
    for i, table in enumerate(tables):
        where = f"{key}[{i}]" if isinstance(value, list) else key
        if not isinstance(table, dict) or not table:
            problems.append(
                Problem(
                    "key_type", key=where, value=repr(table), params={"expected": Msg("type_rule")}
                )
            )
            continue
        clause: dict[str, tuple[str, ...]] = {}
        for name, wanted in table.items():
            field_name = FIELDS.get(str(name).lower())
            if field_name is None:
                problems.append(_unknown_field(f"{where}.{name}", str(name)))
                continue
            values = wanted if isinstance(wanted, list) else [wanted]
            clause[field_name] = tuple(str(v) for v in values)
        out.append(clause)
    return tuple(out)


def _unknown_field(key: str, name: str) -> Problem:
    return Problem(
        "rule_field_unknown",
        key=key,
        value=name,
        params={
            **closest_hint(name, list(FIELDS), "key_hint"),
            "allowed": ", ".join(sorted(set(FIELDS.values()))),
        },
    )


def read_ids(value: Any, key: str, problems: list[Problem]) -> tuple[str, ...]:
    """A list of proposal ids (texts), or a problem at ``key``.

    Example:
        >>> read_ids(["K01"], "k", [])
        ('K01',)
    """
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(
        Problem("key_type", key=key, value=repr(value), params={"expected": Msg("type_strings")})
    )
    return ()


def _groups(value: Any, problems: list[Problem]) -> tuple[GroupLimit, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(
            Problem(
                "key_type",
                key="constraints.group",
                value=repr(value),
                params={"expected": Msg("type_group_list")},
            )
        )
        return ()
    out = []
    for i, table in enumerate(value):
        key = f"constraints.group[{i}]"
        column = table.get("column")
        field_name = None
        if column is not None:
            field_name = FIELDS.get(str(column).lower())
            if field_name is None:
                problems.append(_unknown_field(f"{key}.column", str(column)))
        rule = Rule(where=read_clauses(table.get("where"), f"{key}.where", problems))
        if (column is None) == (not rule):
            problems.append(Problem("group_needs_members", key=key))
        limits = {k: table.get(k) for k in ("min_count", "max_count", "min_share", "max_share")}
        if all(v is None for v in limits.values()):
            problems.append(Problem("group_needs_limit", key=key))
        for name in ("min_count", "max_count"):
            v = limits[name]
            if v is not None and not (isinstance(v, int) and not isinstance(v, bool) and v >= 0):
                problems.append(
                    Problem(
                        "key_type",
                        key=f"{key}.{name}",
                        value=repr(v),
                        params={"expected": Msg("type_integer_nonneg")},
                    )
                )
        for name in ("min_share", "max_share"):
            v = limits[name]
            if v is not None and not (is_number(v) and 0 <= v <= 1):
                problems.append(
                    Problem(
                        "key_type",
                        key=f"{key}.{name}",
                        value=repr(v),
                        params={"expected": Msg("type_share")},
                    )
                )
        values = table.get("values", [])
        values = values if isinstance(values, list) else [values]
        default_name = f"{column}" + (f" = {', '.join(map(str, values))}" if values else "")
        out.append(
            GroupLimit(
                key=key,
                name=str(table.get("name", default_name if column else key)),
                column=field_name,
                values=tuple(str(v) for v in values),
                rule=rule,
                min_count=limits["min_count"],
                max_count=limits["max_count"],
                min_share=limits["min_share"],
                max_share=limits["max_share"],
            )
        )
    return tuple(out)


def parse_constraints(
    table: Mapping[str, Any], years: Sequence[int]
) -> tuple[Constraints, list[Problem]]:
    """Typed constraints and every problem found in ``table`` (the ``[constraints]``
    table, already checked for unknown keys and basic types).

    Example: see the module docstring.
    """
    problems: list[Problem] = []
    budget = read_by_year(table.get("budget"), years, "constraints.budget", problems)
    staff = read_by_year(table.get("staff"), years, "constraints.staff", problems)
    constraints = Constraints(
        budget=budget,
        budget_total=table.get("budget_total"),
        staff=staff,
        staff_per_agency=table.get("staff_per_agency"),
        staff_agency=dict(table.get("staff_agency", {})),
        mandatory=table.get("mandatory", True),
        ongoing=table.get("ongoing", True),
        must_fund=Rule(
            read_ids(table.get("must_fund"), "constraints.must_fund", problems),
            read_clauses(table.get("must_fund_where"), "constraints.must_fund_where", problems),
        ),
        must_not_fund=Rule(
            read_ids(table.get("must_not_fund"), "constraints.must_not_fund", problems),
            read_clauses(
                table.get("must_not_fund_where"), "constraints.must_not_fund_where", problems
            ),
        ),
        groups=_groups(table.get("group"), problems),
        extra={
            key: kind.parse(table[key], years, problems)
            for key, kind in constraint_kinds().items()
            if key in table
        },
    )
    return constraints, problems


def check_references(constraints: Constraints, data: pd.DataFrame) -> list[Problem]:
    """Problems with what the constraints name: ids that are not proposals are errors;
    agencies with a staff cap but no proposal are warnings (a typo, most likely).

    Example:
        >>> data = pd.DataFrame({"agency": ["Dinas X"]}, index=["A"])
        >>> [p.code for p in check_references(Constraints({}, must_fund=Rule(("B",))), data)]
        ['constraint_id_unknown']
    """
    problems = []
    known = [str(i) for i in data.index]
    for key, rule in (
        ("must_fund", constraints.must_fund),
        ("must_not_fund", constraints.must_not_fund),
    ):
        for pid in rule.ids:
            if pid not in data.index:
                problems.append(
                    Problem(
                        "constraint_id_unknown",
                        key=f"constraints.{key}",
                        value=pid,
                        params=closest_hint(pid, known, "key_hint"),
                    )
                )
    for key, value in constraints.extra.items():
        problems += constraint_kinds()[key].references(value, data)
    agencies = sorted(set(data["agency"].astype(str)))
    for agency in constraints.staff_agency:
        if agency not in agencies:
            problems.append(
                Problem(
                    "constraint_agency_unknown",
                    key="constraints.staff_agency",
                    value=agency,
                    severity="warning",
                    params=closest_hint(agency, agencies, "key_hint"),
                )
            )
    return problems
