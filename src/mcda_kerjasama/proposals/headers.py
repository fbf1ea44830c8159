"""The headers of a proposals table matched to the known columns and the scenario's
criteria, and the problems about cells named by the column as the user wrote it.

Example:
    >>> from mcda_kerjasama import load_scenario
    >>> scenario = load_scenario("scenarios/contoh")
    >>> positions, collector = _match_headers(("Kode", "Title", "BIAYA", "catatan"),
    ...                                       scenario, "u.csv")
    >>> positions
    {'id': 0, 'title': 1, 'cost': 2}
    >>> print(collector.problems[-1].render("en"))
    row 1: column `catatan` is not known and is ignored
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Msg
from mcda_kerjasama.proposals.table import (
    ALIASES,
    AMBIGUOUS,
    COLUMNS,
    SCALE_WORDS,
    header_variants,
    normalise_header,
)
from mcda_kerjasama.scenario import Scenario


def _match_headers(
    headers: Sequence[str], scenario: Scenario, source: str
) -> tuple[dict[str, int], _Collector]:
    """The position of each known field among ``headers``, and a collector naming every
    field by its header as written, holding the problems with the headers: a column
    given twice, a required column missing (with the closest unknown header as a hint),
    a column read by another common name (a warning: ``Judul Kegiatan`` read as
    ``judul``) and an unknown column (a warning, with the closest known header, or the
    columns an ambiguous name such as ``Nama`` may mean)."""
    known: dict[str, tuple[str, str]] = {}  # normalised header -> (field, canonical header)
    for spec in COLUMNS:
        known[spec.header] = (spec.field, spec.header)
        known[spec.alias] = (spec.field, spec.header)
    for crit in scenario.criteria:
        known[normalise_header(crit.column)] = (crit.key, crit.column)
    canonical_of = {field: header for field, header in known.values()}
    other_names = {
        name: (field, canonical_of[field])
        for name, field in ALIASES.items()
        if name not in known and field in canonical_of
    }

    headers_written: dict[str, str] = {}  # field -> header as written
    positions: dict[str, int] = {}
    collector = _Collector(headers_written, source)
    unknown: list[tuple[int, str]] = []
    scaled: list[tuple[int, str]] = []
    by_other_name: list[tuple[int, str, str, str]] = []
    for position, header in enumerate(headers):
        norm = normalise_header(header)
        if norm in known:
            field, canonical = known[norm]
            if field in positions:
                collector.problems.append(
                    Problem(
                        "column_duplicate", row=1, value=header, params={"canonical": canonical}
                    )
                )
                continue
            positions[field] = position
            headers_written[field] = header
        elif norm:
            found = _other_name(header, known, other_names)
            if found is None:
                unknown.append((position, header))
            elif found[0] == "cost" and SCALE_WORDS & set(norm.split("_")):
                scaled.append((position, header))  # Anggaran (Rp juta): never at 10^-6
            else:
                by_other_name.append((position, header, *found))
    for position, header, field, canonical in by_other_name:  # a canonical header wins
        if field in positions:
            unknown.append((position, header))
            continue
        positions[field] = position
        headers_written[field] = header
        collector.warn("column_alias", 1, None, header, canonical=canonical)
    for _, header in scaled:
        collector.warn("column_unknown", 1, None, header, hint=Msg("column_cost_scaled_hint"))
    unknown.sort()

    required = [(c.field, c.header) for c in COLUMNS if c.required]
    required += [(c.key, c.column) for c in scenario.criteria]
    unknown_names = {normalise_header(h): h for _, h in [*unknown, *scaled]}
    aliases = {c.field: c.alias for c in COLUMNS}
    for field, header in required:
        if field in positions:
            continue
        names = [normalise_header(header), aliases.get(field, "")]
        names += [n for n, (f, _) in other_names.items() if f == field]
        close = [
            m for n in names for m in difflib.get_close_matches(n, list(unknown_names), 1, 0.6)
        ]
        close += [n for n in unknown_names if header in AMBIGUOUS.get(n, "").split(" / ")]
        if field == "cost":  # the header in a larger unit is the column meant
            close = [normalise_header(h) for _, h in scaled] + close
        params: dict[str, Any] = {"column_name": header}
        if close:
            params["hint"] = Msg("column_missing_hint", {"candidate": unknown_names[close[0]]})
        collector.problems.append(Problem("column_missing", row=1, params=params))
    every_name = {
        **{n: c for n, (_, c) in known.items()},
        **{n: c for n, (_, c) in other_names.items()},
    }
    for _, header in unknown:
        norm = normalise_header(header)
        hint: dict[str, Msg] = {}
        if norm in AMBIGUOUS:
            hint = {"hint": Msg("column_ambiguous_hint", {"candidate": AMBIGUOUS[norm]})}
        elif close := difflib.get_close_matches(norm, list(every_name), 1, 0.75):
            hint = {"hint": Msg("column_unknown_hint", {"candidate": every_name[close[0]]})}
        collector.warn("column_unknown", 1, None, header, **hint)
    return positions, collector


def _other_name(
    header: str,
    known: Mapping[str, tuple[str, str]],
    other_names: Mapping[str, tuple[str, str]],
) -> tuple[str, str] | None:
    """``(field, canonical header)`` for a header that is not a canonical one as written:
    another name of a column, or a column's name with a unit (``Biaya (Rp)``, ``Lama
    (tahun)``). None when no form of it is known."""
    variants = header_variants(header)
    for names in (other_names, known):
        for variant in variants:
            if variant in names:
                return names[variant]
    return None


class _Collector:
    """Gathers problems, naming columns as the user wrote them."""

    def __init__(self, headers: Mapping[str, str], source: str) -> None:
        self.headers = headers
        self.source = source
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        rows: Iterable[int],
        field: str,
        values: Iterable[Any] = (),
        /,
        **params: Any,
    ) -> None:
        values = list(values)
        column = self.headers.get(field, field)
        for i, row in enumerate(rows):
            value = values[i] if i < len(values) else None
            self.problems.append(
                Problem(message, row=int(row), column=column, value=value, params=params)
            )

    def mask(
        self,
        message: str,
        mask: pd.Series,
        field: str,
        values: pd.Series | None = None,
        /,
        **params: Any,
    ) -> None:
        if mask.any():
            shown = values[mask].tolist() if values is not None else ()
            self.add(message, mask.index[mask], field, shown, **params)

    def warn(
        self, message: str, row: int | None, field: str | None, value: Any = None, /, **params: Any
    ) -> None:
        column = self.headers.get(field, field) if field else None
        self.problems.append(
            Problem(message, row=row, column=column, value=value, params=params, severity="warning")
        )
