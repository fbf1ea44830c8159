"""The two tables a coordination reads besides its members' scenarios: the confirmed
joint cooperations (``bersama.csv`` or a workbook) and the neighbours
(``tetangga.csv``), read cell by cell with located problems, before they are checked
against the members (:mod:`mcda_kerjasama.coordination.link`).

Joint cooperations, one row per party (headers as in the proposals file:
case- and space-insensitive, Indonesian or English):

| header | alias | meaning | rule |
|---|---|---|---|
| kode | id | the joint cooperation's id | required; the same on every party's row |
| judul | title | short title | optional (the first one given is used) |
| pihak | party | a member, as ``[members]`` names it | required |
| usulan | proposal | the party's own proposal for it, in its own list | required |
| biaya | cost | the party's yearly share (rupiah) | required; must match its proposal |
| staf | staff | the party's person-months per year | optional; must match its proposal |
| durasi | duration | years | optional; must match; the same for every party |
| tahun_mulai | earliest_start | the earliest year all parties can start | optional |
| sifat | nature | wajib / sukarela | optional (default: the proposals' own) |
| urusan | affair | urusan code | optional |
| skor | score | the party's own score (0-100) as stated | optional; a warning when it differs |
| catatan | note | evidence, agreement (KB/PKS) | optional |
| konfirmasi | confirmed | ya / tidak | optional; when the column exists only ``ya`` rows count |

Neighbours (``tetangga.csv``): columns ``anggota`` (``member``) and ``tetangga``
(``neighbour``), one bordering pair per row, either order.

Example:
    >>> cells = pd.DataFrame({"kode": ["J1", "J1"], "pihak": ["A", "B"],
    ...                       "usulan": ["K1", "U7"], "biaya": ["1,5 M", "Rp 500 jt"]})
    >>> rows, problems = read_joint_cells(cells, "bersama.csv")
    >>> [(r.id, r.party, r.proposal, r.cost) for r in rows], problems
    ([('J1', 'A', 'K1', 1500000000.0), ('J1', 'B', 'U7', 500000000.0)], [])
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from mcda_kerjasama.amounts import AmountProblem, parse_amount, parse_number
from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import Msg
from mcda_kerjasama.proposals import (
    RawTable,
    normalise_header,
    raw_from_frame,
    read_raw,
    row_ranges,
)
from mcda_kerjasama.reference import normalise_urusan_code

#: (canonical header, English alias, field, required)
JOINT_COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("kode", "id", "id", True),
    ("judul", "title", "title", False),
    ("pihak", "party", "party", True),
    ("usulan", "proposal", "proposal", True),
    ("biaya", "cost", "cost", True),
    ("staf", "staff", "staff", False),
    ("durasi", "duration", "duration", False),
    ("tahun_mulai", "earliest_start", "earliest_start", False),
    ("sifat", "nature", "nature", False),
    ("urusan", "affair", "urusan", False),
    ("skor", "score", "score", False),
    ("catatan", "note", "note", False),
    ("konfirmasi", "confirmed", "confirmed", False),
)
NEIGHBOUR_COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("anggota", "member", "member", True),
    ("tetangga", "neighbour", "neighbour", True),
)
YES = frozenset({"ya", "y", "yes", "1", "true", "benar", "x", "v"})
NO = frozenset({"tidak", "t", "no", "n", "0", "false", "salah", "bukan"})
SHEETS = ("bersama", "tetangga")


@dataclass(frozen=True)
class JointRow:
    """One party's row of the joint table, read (``row``: as a spreadsheet shows it)."""

    row: int
    id: str
    title: str
    party: str
    proposal: str
    cost: float
    staff: float | None
    duration: int | None
    earliest_start: int | None
    nature: str | None
    urusan: str | None
    score: float | None
    note: str
    headers: dict[str, str]  # field -> header as written, for messages


def _headers(
    headers: Sequence[str], columns: Sequence[tuple[str, str, str, bool]], source: str
) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Each known field's position, its header as written, and the header problems."""
    known = {}
    for header, alias, field, _ in columns:
        known[header] = (field, header)
        known[alias] = (field, header)
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    problems: list[Problem] = []
    unknown: dict[str, str] = {}
    for position, header in enumerate(headers):
        norm = normalise_header(header)
        if norm in known:
            field, canonical = known[norm]
            if field in positions:
                problems.append(
                    Problem(
                        "column_duplicate",
                        source=source,
                        row=1,
                        value=header,
                        params={"canonical": canonical},
                    )
                )
                continue
            positions[field], written[field] = position, header
        elif norm:
            unknown[norm] = header
    for header, alias, field, required in columns:
        if required and field not in positions:
            close = difflib.get_close_matches(header, list(unknown), 1, 0.6)
            close += difflib.get_close_matches(alias, list(unknown), 1, 0.6)
            params: dict[str, Any] = {"column_name": header}
            if close:
                params["hint"] = Msg("column_missing_hint", {"candidate": unknown[close[0]]})
            problems.append(Problem("column_missing", source=source, row=1, params=params))
    for norm, header in unknown.items():
        close = difflib.get_close_matches(norm, list(known), 1, 0.75)
        hint = {"hint": Msg("column_unknown_hint", {"candidate": known[close[0]][1]})}
        problems.append(
            Problem(
                "column_unknown",
                source=source,
                row=1,
                value=header,
                params=hint if close else {},
                severity="warning",
            )
        )
    return positions, written, problems


def _raw(source: Path | pd.DataFrame) -> RawTable:
    if isinstance(source, pd.DataFrame):
        return raw_from_frame(source)
    raw = read_raw(source)
    # the proposals reader warns when a workbook has no sheet `usulan`: not a problem here
    kept = tuple(p for p in raw.warnings if "sheet" not in p.code)
    return RawTable(raw.headers, raw.frame, kept, raw.stripped, raw.errors)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_joint_table(path: Path) -> tuple[list[JointRow], list[Problem]]:
    """The confirmed joint cooperations in a CSV file or a workbook (sheet ``bersama``
    or the first one): the rows that count and every problem found.

    Example:
        >>> rows, problems = read_joint_table(Path("scenarios/koordinasi-sumbar/bersama.csv"))
        >>> len({r.id for r in rows}) > 20, [p for p in problems if p.severity == "error"]
        (True, [])
    """
    return read_joint_cells(path, path.name)


def read_joint_cells(
    source: Path | pd.DataFrame, name: str
) -> tuple[list[JointRow], list[Problem]]:
    """The joint table from a file or a table of cells (see :func:`read_joint_table`);
    ``name`` is how messages name it.

    Example: see the module docstring.
    """
    raw = _raw(source)
    positions, written, problems = _headers(raw.headers, JOINT_COLUMNS, name)
    problems = [*raw.warnings, *raw.errors, *problems]
    if any(p.code == "column_missing" for p in problems):
        return [], problems
    rows: list[JointRow] = []
    unconfirmed: list[int] = []

    def located(code: str, row: int, field: str, value: Any = None, **params: Any) -> None:
        problems.append(
            Problem(
                code,
                source=name,
                row=row,
                column=written.get(field, field),
                value=value,
                params=params,
            )
        )

    for number, cells in raw.frame.iterrows():
        row = int(str(number))
        get = {field: _cell(cells[pos]) for field, pos in positions.items()}
        raw_cells = {field: cells[pos] for field, pos in positions.items()}
        if "confirmed" in get:
            answer = get["confirmed"].lower()
            if answer in NO:
                continue
            if answer not in YES:
                if answer:
                    located("koord_confirm_invalid", row, "confirmed", get["confirmed"])
                else:
                    unconfirmed.append(row)
                continue
        for field in ("id", "party", "proposal"):
            if not get.get(field):
                located("required_empty", row, field)
        cost = _amount(raw_cells.get("cost"), row, "cost", located)
        staff = _number(raw_cells.get("staff"), row, "staff", located)
        duration = _whole(get.get("duration", ""), row, "duration", located, 1, 5)
        start = _whole(get.get("earliest_start", ""), row, "earliest_start", located, 2000, 2100)
        score = _number(raw_cells.get("score"), row, "score", located, upper=100.0)
        nature = get.get("nature", "").lower() or None
        if nature is not None and nature not in ("wajib", "sukarela"):
            located("nature_unknown", row, "nature", get["nature"])
            nature = None
        urusan = normalise_urusan_code(get["urusan"]) if get.get("urusan") else None
        if cost is None and not get.get("cost"):
            located("required_empty", row, "cost")
        if not (get.get("id") and get.get("party") and get.get("proposal")) or cost is None:
            continue
        rows.append(
            JointRow(
                row,
                get["id"],
                get.get("title", ""),
                get["party"],
                get["proposal"],
                cost,
                staff,
                duration,
                start,
                nature,
                urusan,
                score,
                get.get("note", ""),
                written,
            )
        )
    if unconfirmed:
        problems.append(
            Problem(
                "koord_unconfirmed",
                source=name,
                column=written.get("confirmed"),
                value=row_ranges(unconfirmed),
                params={"count": len(unconfirmed)},
                severity="warning",
            )
        )
    return rows, problems


def _amount(value: Any, row: int, field: str, located: Any) -> float | None:
    if value is None or _cell(value) == "":
        return None
    try:
        return parse_amount(value)
    except AmountProblem as problem:
        located(problem.code, row, field, _cell(value), hint=problem.hint)
        return None


def _number(
    value: Any, row: int, field: str, located: Any, upper: float | None = None
) -> float | None:
    if value is None or _cell(value) == "":
        return None
    try:
        number = parse_number(value)
    except ValueError:
        located("number_invalid", row, field, _cell(value), hint="1,5")
        return None
    if number < 0:
        located("number_negative", row, field, _cell(value))
        return None
    if upper is not None and number > upper:
        located("koord_score_range", row, field, _cell(value))
        return None
    return number


def _whole(text: str, row: int, field: str, located: Any, low: int, high: int) -> int | None:
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = float("nan")
    if not number.is_integer() or not low <= number <= high:
        code = "duration_range" if field == "duration" else "koord_year_invalid"
        located(code, row, field, text)
        return None
    return int(number)


def read_neighbours(
    source: Path | pd.DataFrame, members: Sequence[str], name: str | None = None
) -> tuple[frozenset[frozenset[str]], list[Problem]]:
    """The bordering pairs of members (either order) and the problems: a name that is not
    a member (with the closest one), a member paired with itself.

    Example:
        >>> cells = pd.DataFrame({"anggota": ["Kota Padang", "Kota Padang"],
        ...                       "tetangga": ["Kabupaten Solok", "Kota Padangg"]})
        >>> pairs, problems = read_neighbours(cells, ["Kota Padang", "Kabupaten Solok"], "t.csv")
        >>> len(pairs)
        1
        >>> print(problems[0].render("en"))  # doctest: +ELLIPSIS
        t.csv, row 3, column `tetangga`: "Kota Padangg" is not a member ...`Kota Padang`?
    """
    label = name or (source.name if isinstance(source, Path) else "tetangga")
    raw = _raw(source)
    positions, written, problems = _headers(raw.headers, NEIGHBOUR_COLUMNS, label)
    problems = [*raw.warnings, *raw.errors, *problems]
    if any(p.code == "column_missing" for p in problems):
        return frozenset(), problems
    known = set(members)
    pairs: set[frozenset[str]] = set()
    for number, cells in raw.frame.iterrows():
        row = int(str(number))
        names = {field: _cell(cells[pos]) for field, pos in positions.items()}
        ok = True
        for field in ("member", "neighbour"):
            value = names[field]
            if not value:
                problems.append(
                    Problem("required_empty", source=label, row=row, column=written[field])
                )
                ok = False
            elif value not in known:
                hint = closest_hint_member(value, members)
                problems.append(
                    Problem(
                        "koord_not_member",
                        source=label,
                        row=row,
                        column=written[field],
                        value=value,
                        params=hint,
                    )
                )
                ok = False
        if ok and names["member"] == names["neighbour"]:
            problems.append(
                Problem("koord_neighbour_self", source=label, row=row, value=names["member"])
            )
            ok = False
        if ok:
            pairs.add(frozenset((names["member"], names["neighbour"])))
    return frozenset(pairs), problems


def closest_hint_member(name: str, members: Sequence[str]) -> dict[str, Msg]:
    """``{"hint": ...}`` naming the member closest to ``name``, if any is close.

    Example:
        >>> closest_hint_member("Kota Padan", ["Kota Padang", "Kota Solok"])["hint"].params
        {'candidate': 'Kota Padang'}
    """
    close = difflib.get_close_matches(name, list(members), n=1, cutoff=0.6)
    return {"hint": Msg("key_hint", {"candidate": close[0]})} if close else {}


def raise_errors(problems: Sequence[Problem]) -> list[Problem]:
    """Raise :class:`InputError` with every problem when any is an error; else return
    the warnings.

    Example:
        >>> raise_errors([Problem("file_empty", value="x", severity="warning")])[0].code
        'file_empty'
    """
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return list(problems)
