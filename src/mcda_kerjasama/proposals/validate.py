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
from collections.abc import Callable, Mapping
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
    text: dict[str, pd.Series] = {
        field: _as_text(frame[pos], raw.stripped) for field, pos in positions.items()
    }
    empty_text = pd.Series("", index=frame.index, dtype=str)

    def col(field: str) -> pd.Series:
        return text.get(field, empty_text)

    out = pd.DataFrame(index=frame.index)
    out["row"] = frame.index.astype(int)

    for field in ("id", "title", "agency", "urusan", "kind", "partner"):
        if field in positions:
            collector.mask("required_empty", col(field) == "", field)
    out["title"] = col("title")
    out["agency"] = col("agency")
    out["partner"] = col("partner")

    ids = col("id")
    out["id"] = ids
    dup = ids.duplicated(keep="first") & (ids != "")
    if dup.any():
        first_rows = ids[~ids.duplicated(keep="first")]
        first_row_of = dict(zip(first_rows.values, first_rows.index, strict=True))
        for row in dup.index[dup]:
            collector.add("duplicate_id", [row], "id", [ids[row]], first_row=first_row_of[ids[row]])

    _validate_urusan(raw.stripped, frame, positions, col("urusan"), out, collector)

    kinds = _map_distinct(col("kind"), str.upper)
    if "kind" in positions:
        bad = (kinds != "") & ~kinds.isin(KINDS)
        collector.mask("kind_unknown", bad, "kind", col("kind"), allowed=", ".join(KINDS))
    out["kind"] = kinds

    natures = _map_distinct(col("nature"), str.lower)
    bad = (natures != "") & ~natures.isin(NATURES)
    collector.mask("nature_unknown", bad, "nature", col("nature"))
    wajib_wrong = (natures == "wajib") & kinds.isin(KINDS) & (kinds != "KSDD")
    for row in wajib_wrong.index[wajib_wrong]:
        collector.add("wajib_not_ksdd", [row], "nature", [col("nature")[row]], kind=kinds[row])
    out["nature"] = np.where(kinds == "KSDD", np.where(natures == "", "sukarela", natures), natures)

    if "cost" in positions:
        cost_cells = frame[positions["cost"]]
        cost_text = col("cost")
        collector.mask("required_empty", cost_text == "", "cost")
        cost, amount_problems = parse_amounts(cost_cells.where(cost_text != "", None))
        for row, problem in amount_problems.items():
            shown = _shown_amount(cost_cells[row])
            collector.add(problem.code, [int(row)], "cost", [shown], hint=problem.hint)  # type: ignore[call-overload]
        dash = cost.isna() & (cost_text != "") & ~cost.index.isin(list(amount_problems))
        collector.mask("amount_dash", dash, "cost", cost_text)  # "-", "Rp -": no number
        out["cost"] = cost
    else:
        out["cost"] = np.nan

    out["staff"] = _numbers(
        col("staff"), "staff", collector, default=0.0, minimum=0.0, hint="2 / 1,5"
    )
    duration = _numbers(col("duration"), "duration", collector, default=1.0, integer=True, hint="3")
    bad = duration.notna() & ((duration < 1) | (duration > 5))
    collector.mask("duration_range", bad, "duration", col("duration"))
    out["duration"] = duration

    status = _map_distinct(col("status"), str.lower)
    bad = (status != "") & ~status.isin(STATUSES)
    collector.mask("status_unknown", bad, "status", col("status"))
    out["status"] = status.where(status != "", "usulan")

    first_year = scenario.years[0]
    start = _numbers(
        col("earliest_start"),
        "earliest_start",
        collector,
        default=first_year,
        integer=True,
        hint=str(first_year),
    )
    # an ongoing cooperation may have started before the horizon, if it still runs in it
    ongoing = (status == "berjalan").to_numpy()
    before = (start < first_year).to_numpy()
    ended = ongoing & before & (start + duration - 1 < first_year).to_numpy()
    collector.mask(
        "ongoing_ended",
        pd.Series(ended, index=start.index),
        "earliest_start",
        col("earliest_start"),
        duration=col("duration"),
        first=first_year,
    )
    bad = start.notna() & ~start.isin(scenario.years) & ~(ongoing & before)
    # before the horizon only "berjalan" is allowed: with an unknown status, that is the error
    bad &= ~(before & ~(status.isin(STATUSES) | (status == "")).to_numpy())
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
        values = _numbers(col(crit.key), crit.key, collector, default=None, hint=f"{lo:g}-{hi:g}")
        collector.mask("required_empty", col(crit.key) == "", crit.key)
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
    ids_complete = "id" in positions and not (ids == "").any()
    out["requires"] = _validate_requires(col("requires"), ids, collector, ids_complete)

    errors = [*raw.errors, *(p for p in collector.problems if p.severity == "error")]
    warnings = tuple(raw.warnings) + tuple(p for p in collector.problems if p.severity == "warning")
    if errors:
        raise InputError(_sorted(errors + list(warnings)))
    for field in ("duration", "earliest_start"):
        out[field] = out[field].astype(int)
    data = out.set_index("id")
    data.index.name = "id"
    return ProposalTable(data, scenario.criterion_keys, _sorted(list(warnings)), source)


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


def _map_distinct(values: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """``func`` applied once per distinct value (columns like kind have a handful)."""
    codes, uniques = pd.factorize(values)
    mapped = np.array([func(u) for u in uniques], dtype=object)
    return pd.Series(mapped[codes] if len(uniques) else values, index=values.index, dtype=object)


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: p.row if p.row is not None else 0))


def _numbers(
    values: pd.Series,
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
    codes, uniques = pd.factorize(values)
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
        out[(values == "").to_numpy()] = default
    return out


def _validate_urusan(
    raw_stripped: bool,
    frame: pd.DataFrame,
    positions: Mapping[str, int],
    texts: pd.Series,
    out: pd.DataFrame,
    collector: _Collector,
) -> None:
    table = load_urusan()
    if "urusan" not in positions:
        out["urusan"] = ""
        out["urusan_name"] = ""
        out["urusan_category"] = ""
        return
    cells = frame[positions["urusan"]]
    filled = (texts != "").to_numpy()
    keys = (
        cells[filled].map(lambda c: c.strip() if isinstance(c, str) else c)
        if not raw_stripped
        else cells[filled]
    )
    index_of, uniques = pd.factorize(keys)
    matches = [resolve_urusan(u) for u in uniques]
    found = np.array([m.code or "" for m in matches], dtype=object)
    codes = pd.Series("", index=frame.index, dtype=object)
    codes[filled] = found[index_of]
    notable = np.flatnonzero(
        np.isin(index_of, [k for k, m in enumerate(matches) if m.how != "code"])
    )
    for position in notable:
        row = keys.index[position]
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
    out["urusan_name"] = codes.map(table["nama"]).fillna("")
    out["urusan_category"] = codes.map(table["kategori"]).fillna("")


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


def _validate_requires(
    texts: pd.Series, ids: pd.Series, collector: _Collector, has_ids: bool = True
) -> pd.Series:
    id_list = ids.tolist()
    rows = texts.index.tolist()
    known = set(id_list)
    # without every kode no prerequisite can be checked: the missing kode is the error
    filled = np.flatnonzero((texts != "").to_numpy()) if has_ids else np.array([], dtype=int)
    cells = texts.to_numpy(dtype=object)
    graph: dict[str, tuple[str, ...]] = {}
    found: dict[Any, tuple[str, ...]] = {}
    for position in filled:
        row, me = rows[position], id_list[position]
        good = []
        for part in (p.strip() for p in cells[position].replace(",", ";").split(";")):
            if not part:
                continue
            if part not in known:
                collector.add("prereq_unknown", [row], "requires", [part])
            elif part == me:
                collector.add("prereq_self", [row], "requires", [part])
            else:
                good.append(part)
        found[row] = graph[me] = tuple(good)
    requires = pd.Series([()] * len(texts), index=texts.index, dtype=object)
    if found:
        requires[list(found)] = pd.Series(found, dtype=object)
    if graph:
        row_of = dict(zip(id_list, rows, strict=True))
        for cycle in _cycles(graph):
            first = min(cycle, key=lambda i: row_of[i])
            collector.add(
                "prereq_cycle",
                [row_of[first]],
                "requires",
                [],
                cycle=" -> ".join([*cycle, cycle[0]]),
            )
    return requires


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
