"""The scenario schema: every key a ``scenario.toml`` may hold, the check of its value
and the keys that are required. :func:`schema_problems` reports every problem at once,
each naming its dotted key; an unknown key gets a "did you mean" hint.

Example:
    >>> found = schema_problems({"schema_version": 1, "scenario": {"name": "x",
    ...     "years": [2026, 2028]}, "data": {"proposals": "u.csv"}, "solver": {"backnd": "cbc"}})
    >>> for problem in found:
    ...     print(problem.code, problem.key)
    key_type scenario.years
    key_unknown solver.backnd
    key_missing constraints.budget
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from mcda_kerjasama.constraints import is_number
from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import LANGUAGES, Msg, closest_hint
from mcda_kerjasama.registry import BACKENDS, WEIGHT_METHODS
from mcda_kerjasama.rules import constraint_kinds

SCHEMA_VERSIONS = (1,)

Check = Callable[[Any], Msg | None]  # returns what was expected when the value is invalid


def _number(v: Any) -> Msg | None:
    return None if is_number(v) else Msg("type_number")


def _nonneg(v: Any) -> Msg | None:
    return None if is_number(v) and v >= 0 else Msg("type_nonneg")


def _positive(v: Any) -> Msg | None:
    return None if is_number(v) and v > 0 else Msg("type_positive")


def _integer(v: Any) -> Msg | None:
    return None if isinstance(v, int) and not isinstance(v, bool) else Msg("type_integer")


def _pos_integer(v: Any) -> Msg | None:
    return (
        None
        if isinstance(v, int) and not isinstance(v, bool) and v > 0
        else Msg("type_pos_integer")
    )


def _bool_or_auto(v: Any) -> Msg | None:
    return None if isinstance(v, bool) or v == "auto" else Msg("type_bool_auto")


def _interval(v: Any) -> Msg | None:
    ok = isinstance(v, list) and len(v) == 2 and all(is_number(x) for x in v)
    return None if ok and 0 <= v[0] <= v[1] <= 1 else Msg("type_interval")


def _nonneg_integer(v: Any) -> Msg | None:
    ok = isinstance(v, int) and not isinstance(v, bool) and v >= 0
    return None if ok else Msg("type_integer_nonneg")


def _string(v: Any) -> Msg | None:
    return None if isinstance(v, str) and v.strip() else Msg("type_text")


def _any_text(v: Any) -> Msg | None:
    return None if isinstance(v, str) else Msg("type_text_any")


def _bool(v: Any) -> Msg | None:
    return None if isinstance(v, bool) else Msg("type_bool")


def _strings(v: Any) -> Msg | None:
    ok = isinstance(v, list) and all(isinstance(x, str) for x in v)
    return None if ok else Msg("type_strings")


def _years(v: Any) -> Msg | None:
    ok = (
        isinstance(v, list)
        and len(v) > 0
        and all(isinstance(x, int) and not isinstance(x, bool) and 2000 <= x <= 2100 for x in v)
        and v == sorted(set(v))
        and v == list(range(v[0], v[0] + len(v)))
    )
    return None if ok else Msg("type_years")


def _scale(v: Any) -> Msg | None:
    ok = isinstance(v, list) and len(v) == 2 and all(is_number(x) for x in v) and v[0] < v[1]
    return None if ok else Msg("type_scale")


def _choice(*allowed: str) -> Check:
    def check(v: Any) -> Msg | None:
        return None if v in allowed else Msg("type_choice", {"allowed": ", ".join(allowed)})

    return check


def _any(v: Any) -> Msg | None:
    return None


def _iso_date(v: Any) -> Msg | None:
    """A date written ``"2026-03-02"`` (quoted: the manifest keeps it as text), or empty."""
    if not isinstance(v, str):
        return Msg("type_date")
    day = v.strip()
    if not day:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return Msg("type_date")
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return Msg("type_date")
    return None


def _nip(v: Any) -> Msg | None:
    """A civil servant's NIP: 18 digits, spaces allowed between groups, or empty."""
    ok = isinstance(v, str) and (not v.strip() or re.fullmatch(r"[0-9]{18}", v.replace(" ", "")))
    return None if ok else Msg("type_nip")


@dataclass(frozen=True)
class _MapOf:
    """A table whose keys are free (criterion keys, years) and values share one check."""

    value: Check | dict[str, Any]


_WEIGHTS: dict[str, Any] = {
    "method": _choice(*WEIGHT_METHODS),
    "values": _MapOf(_nonneg),
    "order": _strings,
    "points": _MapOf(_nonneg),
    "judgements": _string,
    "pairs": _any,
    "priority": _choice("eigenvector", "geometric_mean"),
    "ri_table": _choice("alonso_lamata", "saaty"),
    "cr_threshold": _positive,
    "aggregation": _choice("judgements", "priorities"),
    "respondent_weights": _MapOf(_positive),
    "exclude_inconsistent": _bool,
}


@dataclass(frozen=True)
class _ListOf:
    """An array of tables (``[[constraints.group]]``), each checked against ``item``;
    ``expected`` names what the array must be."""

    item: dict[str, Any]
    expected: str = "type_group_list"


# A schema level is a dict: key -> Check | nested dict | _MapOf. Required keys are listed
# in _REQUIRED by dotted path.
_SCHEMA: dict[str, Any] = {
    "schema_version": _integer,
    "extends": _string,
    "scenario": {
        "name": _string,
        "region": _any_text,
        "years": _years,
        "language": _choice(*LANGUAGES),
        "description": _string,
    },
    "data": {"proposals": _string, "note": _string, "synthetic": _bool},
    "criteria": _MapOf(
        {
            "column": _string,
            "label": _string,
            "label_en": _string,
            "scale": _scale,
            "direction": _choice("benefit", "cost"),
            "parent": _string,
        }
    ),
    "weights": {**_WEIGHTS, "children": _MapOf(_WEIGHTS)},
    "screening": {
        "require_plan_link": _bool,
        "max_duration": _pos_integer,
        "min_score": _MapOf(_number),
        "exclude_kinds": _strings,
        "exempt": _strings,
    },
    "constraints": {
        "budget": _any,
        "budget_total": _nonneg,
        "staff": _any,
        "staff_per_agency": _nonneg,
        "staff_agency": _MapOf(_nonneg),
        "mandatory": _bool,
        "ongoing": _bool,
        "must_fund": _any,
        "must_fund_where": _any,
        "must_not_fund": _any,
        "must_not_fund_where": _any,
        "group": _ListOf(
            {
                "name": _string,
                "column": _string,
                "values": _any,
                "where": _any,
                "min_count": _any,
                "max_count": _any,
                "min_share": _any,
                "max_share": _any,
            }
        ),
    },
    "solver": {
        "backend": _choice(*BACKENDS),
        "time_limit": _positive,
        "mip_gap": _nonneg,
        "tie_break": _bool_or_auto,
        "warm_start": _bool,
        "second_search": _bool_or_auto,
    },
    "sensitivity": {
        "draws": _pos_integer,
        "seed": _integer,
        "model": _choice("uniform", "dirichlet", "order", "intervals", "judgements"),
        "concentration": _positive,
        "intervals": _MapOf(_interval),
        "workers": _pos_integer,
        "top_k": _pos_integer,
    },
    "explain": {"price_of_forcing": _nonneg_integer, "reserve_steps": _nonneg_integer},
    "report": {
        "place": _any_text,
        "date": _iso_date,
        "signatory": _ListOf(
            {"title": _string, "name": _any_text, "nip": _nip}, expected="type_signatory_list"
        ),
    },
}


@cache
def _schema() -> dict[str, Any]:
    """The scenario schema with the keys of the registered constraint kinds
    (:mod:`mcda_kerjasama.rules`) under ``[constraints]``, each value checked by its own
    module when the constraints are parsed."""
    kinds = {key: _any for key in constraint_kinds()}
    return {**_SCHEMA, "constraints": {**_SCHEMA["constraints"], **kinds}}


_REQUIRED = (
    "schema_version",
    "scenario.name",
    "scenario.years",
    "data.proposals",
    "constraints.budget",
)


def _check_level(data: Mapping[str, Any], schema: Mapping[str, Any], prefix: str) -> list[Problem]:
    problems: list[Problem] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if key not in schema:
            hint = closest_hint(key, schema, "key_hint", prefix)
            problems.append(Problem("key_unknown", key=path, params=hint))
            continue
        problems += _check_value(value, schema[key], path)
    return problems


def _check_value(value: Any, spec: Any, path: str) -> list[Problem]:
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [
                Problem("key_type", key=path, value=value, params={"expected": Msg("type_table")})
            ]
        return _check_level(value, spec, f"{path}.")
    if isinstance(spec, _ListOf):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return [
                Problem(
                    "key_type",
                    key=path,
                    value=_show(value),
                    params={"expected": Msg(spec.expected)},
                )
            ]
        found: list[Problem] = []
        for i, item in enumerate(value):
            found += _check_level(item, spec.item, f"{path}[{i}].")
        return found
    if isinstance(spec, _MapOf):
        if not isinstance(value, dict):
            return [
                Problem("key_type", key=path, value=value, params={"expected": Msg("type_table")})
            ]
        problems: list[Problem] = []
        for sub, item in value.items():
            problems += _check_value(item, spec.value, f"{path}.{sub}")
        return problems
    expected = spec(value)
    if expected is not None:
        return [Problem("key_type", key=path, value=_show(value), params={"expected": expected})]
    return []


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


#: The value checks a schema is made of, for the schemas of other files (the coordination
#: file, ``coordination.config``): each takes a value and returns ``None`` or what was
#: expected (a ``Msg``).
TEXT: Check = _string
ANY_TEXT: Check = _any_text
BOOL: Check = _bool
POSITIVE: Check = _positive
NONNEG: Check = _nonneg
INTEGER: Check = _integer
NONNEG_INTEGER: Check = _nonneg_integer
ANY: Check = _any
choice = _choice


def check_table(
    data: Mapping[str, Any], schema: Mapping[str, Any], prefix: str = ""
) -> list[Problem]:
    """Every problem of ``data`` against ``schema`` (a mapping of keys to value checks or
    to nested schemas): unknown keys with the closest known key as a hint, and values of
    the wrong type, located by their dotted key after ``prefix``.

    Example:
        >>> [p.code for p in check_table({"a": 1, "b": "x"}, {"a": TEXT})]
        ['key_type', 'key_unknown']
    """
    return _check_level(data, schema, prefix)


def show_value(value: Any) -> str:
    """A value as a message quotes it: text in double quotes, anything else as Python
    writes it.

    Example:
        >>> show_value("x"), show_value(1.5)
        ('"x"', '1.5')
    """
    return _show(value)


def schema_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Every problem of a merged scenario mapping against the schema: unknown keys and
    values of the wrong type, then missing required keys, then an unsupported
    ``schema_version``.

    Example:
        >>> schema_problems({"schema_version": 2})[-1].code
        'schema_version'
    """
    problems = _check_level(data, _schema(), "")
    for dotted in _REQUIRED:
        table: Any = data
        for part in dotted.split("."):
            table = table.get(part) if isinstance(table, dict) else None
        if table is None:
            problems.append(Problem("key_missing", key=dotted))
    version = data.get("schema_version")
    if isinstance(version, int) and version not in SCHEMA_VERSIONS:
        problems.append(
            Problem(
                "schema_version",
                key="schema_version",
                value=version,
                params={"supported": ", ".join(map(str, SCHEMA_VERSIONS))},
            )
        )
    return problems
