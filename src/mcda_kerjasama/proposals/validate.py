"""Validating the cells of a proposals table, column by column and vectorised, against
the column rules and the scenario (criteria and their scales, planning years).

Every problem is collected, located by row and by the column as the user wrote it;
distinct texts are parsed once (a column of scores or years has a handful).

Example:
    >>> _cycles({"A": ("B",), "B": ("C",), "C": ("A",), "D": ("A",)})
    [['A', 'B', 'C']]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mcda_kerjasama.amounts import parse_amounts, parse_number
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import Localised, Msg
from mcda_kerjasama.proposals.headers import _Collector, _match_headers
from mcda_kerjasama.proposals.raw import RawTable
from mcda_kerjasama.proposals.table import NATURES, STATUSES, ProposalTable
from mcda_kerjasama.reference import load_urusan, resolve_urusan
from mcda_kerjasama.scenario import KINDS, Scenario


def validate_proposals(raw: RawTable, scenario: Scenario, source: Path) -> ProposalTable:
    """Validate raw cells against the column rules and the scenario (criteria, years).

    Example:
        >>> # see read_proposals; this is the part that needs no file
    """
    positions, collector = _match_headers(raw.headers, scenario, source.name)

    frame = raw.frame
    if frame.empty:
        collector.problems.append(Problem("file_empty", value=source.name))
    cells = _Texts(
        {field: _as_text(frame[pos], raw.stripped) for field, pos in positions.items()},
        frame.index,
    )
    col, empty = cells.series, cells.empty

    def flag(message: str, mask: np.ndarray, field: str, values: Any = None, **params: Any) -> None:
        if mask.any():  # a Series only when something is wrong
            collector.mask(message, pd.Series(mask, index=frame.index), field, values, **params)

    out = pd.DataFrame(index=frame.index)
    out["row"] = frame.index.astype(int)

    for field in ("id", "title", "agency", "urusan", "kind", "partner"):
        if field in positions:
            flag("required_empty", empty(field), field)
    out["title"] = col("title")
    out["agency"] = col("agency")
    out["partner"] = col("partner")

    ids = col("id")
    out["id"] = ids
    dup = ids.duplicated(keep="first").to_numpy() & ~empty("id")
    if dup.any():
        first_rows = ids[~ids.duplicated(keep="first")]
        first_row_of = dict(zip(first_rows.values, first_rows.index, strict=True))
        for row in frame.index[dup]:
            collector.add("duplicate_id", [row], "id", [ids[row]], first_row=first_row_of[ids[row]])

    _validate_urusan(raw.stripped, frame, positions, cells, out, collector)

    kinds = cells.mapped("kind", str.upper)
    kind_known = kinds.isin(KINDS)
    if "kind" in positions:
        bad = ~kinds.empty & ~kind_known
        flag("kind_unknown", bad, "kind", col("kind"), allowed=", ".join(KINDS))
    out["kind"] = kinds.series()

    natures = cells.mapped("nature", str.lower)
    bad = ~natures.empty & ~natures.isin(NATURES)
    flag("nature_unknown", bad, "nature", col("nature"))
    ksdd = kinds.isin(("KSDD",))
    wajib_wrong = natures.isin(("wajib",)) & kind_known & ~ksdd
    if wajib_wrong.any():
        kind_of, nature_text = kinds.values(), cells.array("nature")
        for position in np.flatnonzero(wajib_wrong):
            row, kind = frame.index[position], kind_of[position]
            collector.add("wajib_not_ksdd", [row], "nature", [nature_text[position]], kind=kind)
    nature = natures.values()
    nature[ksdd & natures.empty] = "sukarela"
    out["nature"] = nature

    if "cost" in positions:
        cost_cells = frame[positions["cost"]]
        cost_text = col("cost")
        flag("required_empty", empty("cost"), "cost")
        given = cost_cells.to_numpy(dtype=object, copy=True)
        given[empty("cost")] = None  # each distinct text parsed once, as an object array
        cost, amount_problems = parse_amounts(pd.Series(given, index=frame.index, dtype=object))
        for row, problem in amount_problems.items():
            shown = _shown_amount(cost_cells[row])
            collector.add(problem.code, [int(row)], "cost", [shown], hint=problem.hint)  # type: ignore[call-overload]
        dash = cost.isna().to_numpy() & ~empty("cost")
        if amount_problems:
            dash &= ~cost.index.isin(list(amount_problems))
        flag("amount_dash", dash, "cost", cost_text)  # "-", "Rp -": no number
        out["cost"] = cost
    else:
        out["cost"] = np.nan

    out["staff"] = _numbers(cells, "staff", collector, default=0.0, minimum=0.0, hint="2 / 1,5")
    duration = _numbers(cells, "duration", collector, default=1.0, integer=True, hint="3")
    bad = duration.notna() & ((duration < 1) | (duration > 5))
    collector.mask("duration_range", bad, "duration", col("duration"))
    out["duration"] = duration

    status = cells.mapped("status", str.lower)
    status_known = status.isin(STATUSES)
    bad = ~status.empty & ~status_known
    flag("status_unknown", bad, "status", col("status"))
    out["status"] = status.series(empty_as="usulan")

    first_year = scenario.years[0]
    start = _numbers(
        cells, "earliest_start", collector, default=first_year, integer=True, hint=str(first_year)
    )
    # an ongoing cooperation may have started before the horizon, if it still runs in it
    ongoing = status.isin(("berjalan",))
    before = (start < first_year).to_numpy()
    ended = ongoing & before & (start + duration - 1 < first_year).to_numpy()
    flag(
        "ongoing_ended",
        ended,
        "earliest_start",
        col("earliest_start"),
        duration=col("duration"),
        first=first_year,
    )
    bad = start.notna() & ~start.isin(scenario.years) & ~(ongoing & before)
    # before the horizon only "berjalan" is allowed: with an unknown status, that is the error
    bad &= ~(before & ~(status_known | status.empty))
    collector.mask(
        "start_outside",
        bad,
        "earliest_start",
        col("earliest_start"),
        years=", ".join(map(str, scenario.years)),
    )
    out["earliest_start"] = start

    for crit in scenario.criteria:
        if crit.key not in positions:
            out[crit.key] = np.nan
            continue
        lo, hi = crit.scale
        values = _numbers(cells, crit.key, collector, default=None, hint=f"{lo:g}-{hi:g}")
        flag("required_empty", empty(crit.key), crit.key)
        bad = values.notna() & ((values < lo) | (values > hi))
        collector.mask(
            "score_range",
            bad,
            crit.key,
            col(crit.key),
            criterion=Localised({"id": crit.label, "en": crit.label_en}),  # its name, not key
            lo=f"{lo:g}",
            hi=f"{hi:g}",
        )
        out[crit.key] = values

    out["exclusive_group"] = col("exclusive_group")
    out["plan_link"] = col("plan_link")
    # without a kode column, or with a kode cell empty, "no such prerequisite" may only
    # follow from that error: it is reported alone
    ids_complete = "id" in positions and not empty("id").any()
    out["requires"] = _validate_requires(cells, collector, ids_complete)

    errors = [*raw.errors, *(p for p in collector.problems if p.severity == "error")]
    warnings = tuple(raw.warnings) + tuple(p for p in collector.problems if p.severity == "warning")
    if errors:
        raise InputError(_sorted(errors + list(warnings)))
    for field in ("duration", "earliest_start"):
        out[field] = out[field].astype(int)
    data = out.set_index("id")
    data.index.name = "id"
    return ProposalTable(data, scenario.criterion_keys, _sorted(list(warnings)), source)


class _Texts:
    """The stripped text of each column, with what the checks ask of it computed once:
    its cells as an object array, which are empty, and its distinct values (a column
    like kind or a score has a handful, so a rule costs one look-up per distinct text).
    Comparisons run on numpy object arrays: pandas' text arrays are several times slower.

    Example:
        >>> texts = _Texts({"kind": pd.Series(["ksdd", "", "KSDD"])}, pd.RangeIndex(3))
        >>> texts.empty("kind").tolist(), texts.empty("title").tolist()
        ([False, True, False], [True, True, True])
        >>> kinds = texts.mapped("kind", str.upper)
        >>> kinds.values().tolist(), kinds.isin(("KSDD",)).tolist()
        (['KSDD', '', 'KSDD'], [True, False, True])
    """

    def __init__(self, text: dict[str, pd.Series], index: pd.Index) -> None:
        self.text = text
        self.index = index
        self._blank = pd.Series("", index=index, dtype=str)  # a column not given
        self._arrays: dict[str, np.ndarray] = {}
        self._empty: dict[str, np.ndarray] = {}
        self._factorized: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def series(self, field: str) -> pd.Series:
        """The column's text (every cell empty when the column is not given)."""
        return self.text.get(field, self._blank)

    def array(self, field: str) -> np.ndarray:
        """The column's text as an object array (not to be changed)."""
        if field not in self._arrays:
            self._arrays[field] = self.series(field).to_numpy(dtype=object)
        return self._arrays[field]

    def empty(self, field: str) -> np.ndarray:
        """Which cells are empty (a boolean array, not to be changed)."""
        if field not in self._empty:
            self._empty[field] = self.array(field) == ""
        return self._empty[field]

    def factorized(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """``pd.factorize`` of the column: each cell's code, and the distinct texts."""
        if field not in self._factorized:
            self._factorized[field] = pd.factorize(self.array(field))
        return self._factorized[field]

    def mapped(self, field: str, func: Callable[[str], str]) -> _Mapped:
        """``func`` applied once per distinct text of the column."""
        codes, uniques = self.factorized(field)
        mapped = np.array([func(u) for u in uniques], dtype=object)
        return _Mapped(codes, mapped, self.index)


class _Mapped:
    """A column as codes into its distinct values, each already mapped (``_Texts.mapped``)."""

    def __init__(self, codes: np.ndarray, uniques: np.ndarray, index: pd.Index) -> None:
        self.codes = codes
        self.uniques = uniques
        self.index = index
        self.empty = self.isin(("",))

    def isin(self, allowed: Iterable[str]) -> np.ndarray:
        """Which cells hold one of ``allowed`` (a boolean array)."""
        chosen = set(allowed)
        return np.array([u in chosen for u in self.uniques], dtype=bool)[self.codes]

    def values(self) -> np.ndarray:
        """Every cell's mapped value, as an object array."""
        return self.uniques[self.codes]

    def series(self, empty_as: str | None = None) -> pd.Series:
        """The mapped cells as an object Series; empty ones ``empty_as`` when given."""
        uniques = self.uniques
        if empty_as is not None:
            uniques = np.array([u if u != "" else empty_as for u in uniques], dtype=object)
        return pd.Series(uniques[self.codes], index=self.index, dtype=object)


def _as_text(column: pd.Series, stripped: bool = False) -> pd.Series:
    """Cells as stripped text; Excel numbers keep their integer look (5.0 -> "5")."""
    if column.dtype == object and any(not isinstance(v, str) for v in column):

        def show(v: Any) -> str:
            if v is None:
                return ""
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            return str(v)

        column = column.map(show)
    elif stripped:
        return column.astype(str)
    return column.astype(str).str.strip()


def _shown_amount(value: Any) -> Any:
    """A cell as a money message quotes it: an Excel number beyond any budget in
    scientific notation (``1e+300``, not 301 digits), a long text cut at 40 characters.

    Example:
        >>> _shown_amount(1e300), _shown_amount("1" + "0" * 60)
        ('1e+300', '100000000000000000000000000000000000000…')
    """
    if isinstance(value, float) and abs(value) >= 1e15:
        return f"{value:g}"
    if isinstance(value, str) and len(value) > 40:
        return value[:39] + "…"
    return value


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: p.row if p.row is not None else 0))


def _numbers(
    cells: _Texts,
    field: str,
    collector: _Collector,
    *,
    default: float | None,
    integer: bool = False,
    minimum: float | None = None,
    hint: str = "",
) -> pd.Series:
    """Parse a column of plain numbers; empty cells take ``default``.

    Each distinct text is parsed once (scores, years and staff have few), so the cost is
    one factorisation of the column plus a small loop.
    """
    values = cells.series(field)
    codes, uniques = cells.factorized(field)
    parsed = np.full(len(uniques), np.nan)
    invalid = np.zeros(len(uniques), dtype=bool)
    for k, raw in enumerate(uniques):
        if raw == "":
            continue
        try:
            parsed[k] = parse_number(raw)
        except ValueError:
            invalid[k] = True
    out = pd.Series(parsed[codes], index=values.index)
    collector.mask(
        "integer_invalid" if integer else "number_invalid",
        pd.Series(invalid[codes], index=values.index),
        field,
        values,
        hint=hint,
    )
    if integer:
        fractional = out.notna() & (out != np.floor(out))
        collector.mask("integer_invalid", fractional, field, values, hint=hint)
    if minimum is not None:
        negative = out.notna() & (out < minimum)
        collector.mask("number_negative", negative, field, values)
    if default is not None:
        out[cells.empty(field)] = default
    return out


def _validate_urusan(
    raw_stripped: bool,
    frame: pd.DataFrame,
    positions: Mapping[str, int],
    cells: _Texts,
    out: pd.DataFrame,
    collector: _Collector,
) -> None:
    table = load_urusan()
    if "urusan" not in positions:
        out["urusan"] = ""
        out["urusan_name"] = ""
        out["urusan_category"] = ""
        return
    texts = cells.series("urusan")
    filled = ~cells.empty("urusan")
    keys: pd.Series | np.ndarray
    if raw_stripped:  # the text is the cell as read: its array, faster to factorise
        keys, rows = cells.array("urusan")[filled], frame.index[filled]
    else:  # a workbook's numbers stay numbers
        given = frame[positions["urusan"]][filled]
        keys = given.map(lambda c: c.strip() if isinstance(c, str) else c)
        rows = keys.index
    index_of, uniques = pd.factorize(keys)
    matches = [resolve_urusan(u) for u in uniques]
    found = np.array([m.code or "" for m in matches], dtype=object)
    code_of = np.full(len(frame), "", dtype=object)
    code_of[filled] = found[index_of]
    codes = pd.Series(code_of, index=frame.index, dtype=object)
    notable = np.flatnonzero(
        np.isin(index_of, [k for k, m in enumerate(matches) if m.how != "code"])
    )
    for position in notable:
        row = rows[position]
        match = matches[index_of[position]]
        if match.code is None:
            suggestion = _padded_urusan(uniques[index_of[position]], table) or match.suggestion
            hint = {"hint": Msg("urusan_hint", {"candidate": suggestion})} if suggestion else {}
            collector.add("urusan_unknown", [row], "urusan", [texts[row]], **hint)
        else:
            collector.warn(
                "urusan_by_name",
                int(row),
                "urusan",
                texts[row],
                code=match.code,
                name=table.loc[match.code, "nama"],
            )
    out["urusan"] = codes
    for name, column in (("urusan_name", "nama"), ("urusan_category", "kategori")):
        known = table[column]  # looked up once per distinct code
        of_found = np.array([known.get(c, "") if c else "" for c in found], dtype=object)
        shown = np.full(len(frame), "", dtype=object)
        shown[filled] = of_found[index_of]
        out[name] = pd.Series(shown, index=frame.index, dtype=known.dtype)


def _padded_urusan(value: object, table: pd.DataFrame) -> str | None:
    """The urusan a dotted code with unpadded or extra parts means, as ``code name``:
    ``2.9`` is 2.09 (there is no 2.90), ``1,2`` and ``01.02`` are 1.02, a sub-activity
    code ``2.09.02`` is 2.09. None when that code does not exist either.

    Example:
        >>> from mcda_kerjasama.reference import load_urusan
        >>> _padded_urusan("2.9", load_urusan()), _padded_urusan("7.7", load_urusan())
        ('2.09 Pangan', None)
    """
    if isinstance(value, float) and not value.is_integer():
        value = f"{value:.2f}".rstrip("0")
    parts = re.split(r"\s*[.,\-/]\s*", str(value).strip())
    if len(parts) < 2 or not all(p.isdigit() and len(p) <= 2 for p in parts[:2]):
        return None
    code = f"{int(parts[0])}.{int(parts[1]):02d}"
    return f"{code} {table.loc[code, 'nama']}" if code in table.index else None


def _validate_requires(cells: _Texts, collector: _Collector, has_ids: bool = True) -> pd.Series:
    """Each row's prerequisites as a tuple of ids (``,`` or ``;`` between them), those
    that name no row or the row itself reported, then every cycle among them.

    One pass over the filled cells only: a cell with no separator is one id.
    """
    texts = cells.series("requires")
    requires: list[tuple[str, ...]] = [()] * len(texts)
    # without every kode no prerequisite can be checked: the missing kode is the error
    if not has_ids:
        return pd.Series(requires, index=texts.index, dtype=object)
    filled = np.flatnonzero(~cells.empty("requires")).tolist()
    id_list = cells.array("id").tolist()
    known = set(id_list)
    rows = texts.index
    graph: dict[str, tuple[str, ...]] = {}
    for position, cell in zip(filled, cells.array("requires")[filled].tolist(), strict=True):
        me = id_list[position]
        if "," in cell or ";" in cell:
            parts = [p.strip() for p in cell.replace(",", ";").split(";")]
        else:
            parts = [cell.strip()]
        good = []
        for part in parts:
            if not part:
                continue
            if part not in known:
                collector.add("prereq_unknown", [rows[position]], "requires", [part])
            elif part == me:
                collector.add("prereq_self", [rows[position]], "requires", [part])
            else:
                good.append(part)
        requires[position] = graph[me] = tuple(good)
    if graph and not _acyclic(graph):
        cycles = _cycles(graph)
        row_of = dict(zip(id_list, rows.tolist(), strict=True)) if cycles else {}
        for cycle in cycles:
            first = min(cycle, key=lambda i: row_of[i])
            collector.add(
                "prereq_cycle",
                [row_of[first]],
                "requires",
                [],
                cycle=" -> ".join([*cycle, cycle[0]]),
            )
    return pd.Series(requires, index=texts.index, dtype=object)


def _acyclic(graph: Mapping[str, tuple[str, ...]], rounds: int = 64) -> bool:
    """Whether the prerequisites surely form no cycle: rows that require no row of the
    graph are taken away, round after round, vectorised; none is left when there is no
    cycle. False when some are left (a cycle) or after ``rounds`` (a chain longer than
    that): then :func:`_cycles` looks.

    Example:
        >>> _acyclic({"A": ("B",), "B": ("C", "X")}), _acyclic({"A": ("B",), "B": ("A",)})
        (True, False)
    """
    nodes = pd.Index(list(graph))
    counts = np.fromiter(map(len, graph.values()), dtype=np.intp, count=len(graph))
    source = np.repeat(np.arange(len(graph)), counts)
    target = nodes.get_indexer(list(chain.from_iterable(graph.values())))
    inside = target >= 0  # a prerequisite outside the graph requires nothing
    source, target = source[inside], target[inside]
    left = np.ones(len(graph), dtype=bool)
    pending = np.bincount(source, minlength=len(graph))  # prerequisites not yet taken away
    for _ in range(rounds):
        free = left & (pending == 0)
        if not free.any():
            return not left.any()
        left &= ~free
        done = free[target]
        pending -= np.bincount(source[done], minlength=len(graph))
        source, target = source[~done], target[~done]
    return not left.any()


def _cycles(graph: Mapping[str, tuple[str, ...]]) -> list[list[str]]:
    """One cycle per strongly connected group of prerequisites (iterative DFS)."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    cycles: list[list[str]] = []
    for root in graph:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            children = graph.get(node, ())
            if i < len(children):
                stack.append((node, i + 1))
                child = children[i]
                if state.get(child) == 1:
                    cycles.append(path[path.index(child) :])
                elif child not in state:
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()
    return cycles
