"""Pairwise judgements: their values, validated, and the reciprocal matrix they make.

A judgement ``(a, b): v`` reads "a is v times as important as b". :func:`check_value`
reads one value (on Saaty's scale or any value in range); :func:`build_comparisons`
takes judgements in any accepted form (a matrix, pairs, a dict) and collects every
problem into one :class:`JudgementError`, naming the row and column of a matrix cell.

Example:
    >>> pc = build_comparisons({("a", "b"): 3, ("b", "c"): 0.5})
    >>> pc.criteria, pc.value("b", "a"), pc.missing_pairs()
    (('a', 'b', 'c'), 0.3333333333333333, [('a', 'c')])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from mcda_kerjasama.errors import JudgementError, Problem

Scale = Literal["saaty", "continuous"]

#: Saaty's fundamental scale: 1/9, 1/8, ..., 1/2, 1, 2, ..., 9.
SAATY_SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + list(range(1, 10)))

#: Relative tolerance on |ln(a_ij * a_ji)| and on the distance of a typed value to the
#: scale. 0.05 accepts reciprocals typed with two decimals (0.33 for 1/3, 0.13 for 1/8)
#: and rejects real contradictions (3 against 1/2).
VALUE_TOLERANCE = 0.05


Pair: TypeAlias = tuple[str, str]


@dataclass(frozen=True)
class PairwiseComparisons:
    """The judgements given for a set of criteria, some possibly missing.

    ``judgements`` maps ``(a, b)`` to how many times ``a`` is as important as ``b``;
    each unordered pair appears at most once, in either orientation. Build it with
    :func:`build_comparisons` (which validates) or the readers in
    :mod:`mcda_kerjasama.weights.judgements`.

    Example:
        >>> pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 3.0, ("c", "b"): 0.5})
        >>> pc.matrix().round(3).tolist()
        [[1.0, 3.0, nan], [0.333, 1.0, 2.0], [nan, 0.5, 1.0]]
    """

    criteria: tuple[str, ...]
    judgements: Mapping[Pair, float] = field(default_factory=dict)
    source: str | None = None

    def matrix(self) -> np.ndarray:
        """The n x n reciprocal matrix, 1 on the diagonal, NaN where nothing was given."""
        index = {c: i for i, c in enumerate(self.criteria)}
        out = np.full((len(self.criteria),) * 2, np.nan)
        np.fill_diagonal(out, 1.0)
        for (a, b), value in self.judgements.items():
            out[index[a], index[b]] = value
            out[index[b], index[a]] = 1.0 / value
        return out

    def value(self, a: str, b: str) -> float | None:
        """The judgement a-over-b if it was given (in either orientation), else None."""
        if (a, b) in self.judgements:
            return self.judgements[(a, b)]
        if (b, a) in self.judgements:
            return 1.0 / self.judgements[(b, a)]
        return None

    def missing_pairs(self) -> list[Pair]:
        """Pairs (a, b), a before b in ``criteria``, with no judgement."""
        c = self.criteria
        return [
            (c[i], c[j])
            for i in range(len(c))
            for j in range(i + 1, len(c))
            if self.value(c[i], c[j]) is None
        ]


ComparisonsInput: TypeAlias = (
    PairwiseComparisons
    | pd.DataFrame
    | np.ndarray
    | Mapping[Pair, float]
    | Iterable[tuple[str, str, float]]
)


# --- validation of values --------------------------------------------------------------


def check_value(value: object, scale: Scale = "continuous") -> tuple[float | None, str | None]:
    """Interpret one judgement: ``(value, None)`` if usable, ``(None, problem code)`` if not.

    Values must be positive numbers within [1/9, 9] (with :data:`VALUE_TOLERANCE`).
    With ``scale="saaty"`` they must also be a scale value (1..9 or 1/2..1/9); a typed
    reciprocal such as 0.33 is then read as exactly 1/3. With ``"continuous"`` any value
    in range is kept as given (aggregated judgements such as 2.5 are legitimate).

    Example:
        >>> check_value(0.33, "saaty")[0] == 1 / 3
        True
        >>> check_value(2.5, "saaty")
        (None, 'ahp_not_saaty')
        >>> check_value(12)
        (None, 'ahp_off_scale')
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        return None, "ahp_value_invalid"
    v = float(value)
    if math.isnan(v) or math.isinf(v):
        return None, "ahp_value_invalid"
    if v <= 0:
        return None, "ahp_value_nonpositive"
    if abs(math.log(max(v, 1 / v))) > math.log(9) + VALUE_TOLERANCE:
        return None, "ahp_off_scale"
    if scale == "continuous":
        return v, None
    big = max(v, 1 / v)
    whole = round(big)
    if abs(math.log(big / whole)) > VALUE_TOLERANCE:
        return None, "ahp_not_saaty"
    return (float(whole) if v >= 1 else 1.0 / whole), None


def build_comparisons(
    data: ComparisonsInput,
    criteria: Sequence[str] | None = None,
    *,
    scale: Scale | None = None,
    source: str | None = None,
) -> PairwiseComparisons:
    """Validate judgements in any accepted form and return :class:`PairwiseComparisons`.

    Accepted: a :class:`PairwiseComparisons` (returned as is, re-labelled to
    ``criteria`` if given), a labelled square DataFrame, a numpy matrix with
    ``criteria``, a dict ``{(a, b): value}`` or an iterable of ``(a, b, value)``.
    Matrices default to ``scale="saaty"`` (one person's questionnaire), pairs to
    ``"continuous"``. Every problem is collected and raised as one
    :class:`JudgementError`; matrix problems name the row (header = row 1) and column.

    Example:
        >>> build_comparisons([("a", "b", 2), ("b", "c", 1 / 3)]).judgements
        {('a', 'b'): 2.0, ('b', 'c'): 0.3333333333333333}
    """
    if isinstance(data, PairwiseComparisons):
        if criteria is None or tuple(criteria) == data.criteria:
            return data
        pairs: list[tuple[str, str, float]] = [(a, b, v) for (a, b), v in data.judgements.items()]
        return comparisons_from_pairs(pairs, criteria, scale or "continuous", data.source or source)
    if isinstance(data, pd.DataFrame):
        return comparisons_from_matrix(data, criteria, scale or "saaty", source)
    if isinstance(data, np.ndarray):
        if criteria is None:
            raise JudgementError([Problem("ahp_criteria_needed", source=source)])
        return comparisons_from_matrix(
            pd.DataFrame(data), criteria, scale or "saaty", source, labelled=False
        )
    if isinstance(data, Mapping):
        items = [(a, b, v) for (a, b), v in data.items()]
    else:
        items = [(a, b, v) for a, b, v in data]
    return comparisons_from_pairs(items, criteria, scale or "continuous", source)


def comparisons_from_pairs(
    items: Sequence[tuple[str, str, object]],
    criteria: Sequence[str] | None,
    scale: Scale,
    source: str | None,
    locations: Sequence[Mapping[str, Any]] | None = None,
    columns: tuple[str, str, str] = ("a", "b", "nilai"),
) -> PairwiseComparisons:
    """Validate ``(a, b, value)`` triples into :class:`PairwiseComparisons`.

    ``locations`` give, per triple, where it came from as :class:`Problem` fields
    (``{"row": 4}`` in a file, ``{"key": "weights.judgements[3]"}`` in a scenario);
    ``columns`` are the headers named in problems. Every problem is collected.

    Example:
        >>> try:  # doctest: +ELLIPSIS
        ...     comparisons_from_pairs([("a", "b", 3), ("a", "b", 2)], ["a", "b"], "continuous",
        ...                            "p.csv", [{"row": 2}, {"row": 3}])
        ... except JudgementError as err:
        ...     print(err.render("en"))
        p.csv, row 3, column `nilai`: the pair (a, b) is judged more than once (first value 3); ...
    """
    locations = locations if locations is not None else [{}] * len(items)
    names = tuple(criteria) if criteria is not None else _names_in_order(items)
    known = set(names)
    problems: list[Problem] = []
    seen: dict[frozenset[str], float] = {}
    judgements: dict[Pair, float] = {}
    for location, item in zip(locations, items, strict=True):
        a, b, raw = item
        where = {"source": source, **location}
        bad_name = False
        for name, col in ((a, columns[0]), (b, columns[1])):
            if name not in known:
                problems.append(_located(where, "ahp_criterion_unknown", column=col, value=name))
                bad_name = True
        if a == b and not bad_name:
            problems.append(_located(where, "ahp_self_comparison", value=a, params={"a": a}))
            continue
        value, code = check_value(raw, scale)
        if code is not None:
            problems.append(
                _located(where, code, column=columns[2], value=raw, params={"a": a, "b": b})
            )
        if bad_name or value is None:
            continue
        key = frozenset((a, b))
        if key in seen:
            first_value = seen[key]
            problems.append(
                _located(
                    where,
                    "ahp_pair_duplicate",
                    column=columns[2],
                    value=raw,
                    params={"a": a, "b": b, "first": f"{first_value:g}"},
                )
            )
            continue
        seen[key] = value
        judgements[(a, b)] = value
    if problems:
        raise JudgementError(problems)
    return PairwiseComparisons(names, judgements, source)


def _located(where: Mapping[str, Any], code: str, **fields: Any) -> Problem:
    return Problem(code, **{**where, **fields})


def _names_in_order(items: Sequence[tuple[str, str, object]]) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for a, b, _ in items:
        names.setdefault(a)
        names.setdefault(b)
    return tuple(names)


def comparisons_from_matrix(
    frame: pd.DataFrame,
    criteria: Sequence[str] | None,
    scale: Scale,
    source: str | None,
    *,
    labelled: bool = True,
    first_row: int = 2,
) -> PairwiseComparisons:
    """Validate a square matrix into :class:`PairwiseComparisons`.

    Cells may be numbers, blanks (missing) or anything else (reported). Data row k is
    reported as spreadsheet row k + ``first_row`` (2 when the labels are row 1). One
    of a reciprocal pair may be blank; when both are given they must agree within
    :data:`VALUE_TOLERANCE` and the one >= 1 is kept exactly.

    Example:
        >>> m = pd.DataFrame([[1, 3], [None, 1]], index=["a", "b"], columns=["a", "b"])
        >>> comparisons_from_matrix(m, None, "saaty", None).judgements
        {('a', 'b'): 3.0}
    """
    problems: list[Problem] = []
    n_rows, n_cols = frame.shape
    if n_rows != n_cols:
        raise JudgementError(
            [Problem("ahp_not_square", source=source, params={"rows": n_rows, "columns": n_cols})]
        )
    if labelled:
        row_labels = [str(x).strip() for x in frame.index]
        col_labels = [str(x).strip() for x in frame.columns]
        for k, (r, c) in enumerate(zip(row_labels, col_labels, strict=True)):
            if r != c:
                problems.append(
                    Problem(
                        "ahp_label_mismatch",
                        source=source,
                        row=k + first_row,
                        column=c,
                        value=r,
                        params={"row_label": r, "column_label": c},
                    )
                )
        names = tuple(col_labels)
        if criteria is not None and set(criteria) != set(names):
            problems.append(
                Problem(
                    "ahp_criteria_mismatch",
                    source=source,
                    params={
                        "missing": ", ".join(sorted(set(criteria) - set(names))) or "-",
                        "extra": ", ".join(sorted(set(names) - set(criteria))) or "-",
                    },
                )
            )
    else:
        names = tuple(criteria or ())
        if len(names) != n_rows:
            raise JudgementError(
                [
                    Problem(
                        "ahp_criteria_mismatch",
                        source=source,
                        params={"missing": "-", "extra": "-"},
                    )
                ]
            )
    if len(set(names)) != len(names):
        dupes = sorted({x for x in names if names.count(x) > 1})
        problems.append(Problem("ahp_criterion_duplicate", source=source, value=", ".join(dupes)))
    if problems:
        raise JudgementError(problems)

    cells = frame.to_numpy(dtype=object)
    values: dict[tuple[int, int], float] = {}
    for i in range(n_rows):
        for j in range(n_cols):
            raw = cells[i, j]
            if _is_blank(raw):
                continue
            located = partial(Problem, source=source, row=i + first_row, column=names[j], value=raw)
            if i == j:
                v, code = check_value(raw, "continuous")
                if code is not None or abs(math.log(v or 1.0)) > VALUE_TOLERANCE:
                    problems.append(located("ahp_diagonal", params={"a": names[i]}))
                continue
            v, code = check_value(raw, scale)
            if code is not None:
                problems.append(located(code, params={"a": names[i], "b": names[j]}))
            elif v is not None:
                values[(i, j)] = v
    judgements: dict[Pair, float] = {}
    for i in range(n_rows):
        for j in range(i + 1, n_cols):
            upper, lower = values.get((i, j)), values.get((j, i))
            if upper is not None and lower is not None:
                if abs(math.log(upper * lower)) > VALUE_TOLERANCE:
                    problems.append(
                        Problem(
                            "ahp_not_reciprocal",
                            source=source,
                            row=j + first_row,
                            column=names[i],
                            value=cells[j, i],
                            params={
                                "a": names[i],
                                "b": names[j],
                                "other": _show_number(cells[i, j]),
                                "other_row": i + first_row,
                                "product": f"{upper * lower:.3g}",
                            },
                        )
                    )
                    continue
                # the entry >= 1 is the one typed as a whole number: keep it exactly
                judgements[(names[i], names[j])] = upper if upper >= 1 else 1.0 / lower
            elif upper is not None:
                judgements[(names[i], names[j])] = upper
            elif lower is not None:
                judgements[(names[j], names[i])] = lower
    if problems:
        raise JudgementError(problems)
    return PairwiseComparisons(names, judgements, source)


def _is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    return isinstance(raw, float) and math.isnan(raw)


def _show_number(raw: object) -> str:
    return f"{raw:.4g}" if isinstance(raw, float) else str(raw)
