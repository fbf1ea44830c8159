"""Single-matrix AHP: priorities, consistency, repair and completion of missing judgements.

Orientation: a judgement ``(a, b): v`` reads "a is v times as important as b"; in the
matrix, cell (i, j) is the importance of row i over column j and (j, i) = 1 / (i, j).

What is computed, and from where:

* **Priorities** by the principal (Perron) eigenvector with its eigenvalue lambda_max
  (Saaty 1977) and by the row geometric mean (Crawford & Williams 1985). Both are always
  computed and returned in ``details``; ``priority=`` chooses which becomes the weights.
* **Consistency**: CR = CI / RI with CI = (lambda_max - n) / (n - 1), always on the
  completed matrix; GCI of Aguarón & Moreno-Jiménez (2003) for the geometric mean.
* **Missing judgements** are completed by the lambda_max-minimising optimal completion
  of Bozóki, Fülöp & Rónyai (2010) when priorities come from the eigenvector, and by
  their logarithmic least squares completion (the Laplacian system of the comparison
  graph) when they come from the geometric mean, so each completion is the natural
  companion of its priority method. Both need a connected comparison graph.
* **Repair**: when CR is above the threshold, every given judgement is ranked by its
  deviation from consistency, ``epsilon = a_ij w_j / w_i``; the value that would agree
  with the weights (w_i / w_j snapped to the nearest Saaty-scale value) is tried in
  place of each, the CR recomputed, and the revisions that lower CR are suggested,
  largest reduction first.

Example:
    >>> w = ahp_weights({("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2}, ["a", "b", "c"])
    >>> w.weights.round(3).to_dict()
    {'a': 0.648, 'b': 0.23, 'c': 0.122}
    >>> round(w.consistency.consistency_ratio, 4)
    0.0035
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Literal, TypeAlias, cast

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from mcda_kerjasama.errors import JudgementError, Problem
from mcda_kerjasama.weights.base import Completion, Consistency, RepairSuggestion, Weights

Priority = Literal["eigenvector", "geometric_mean"]
CompletionMethod = Literal["lambda_max", "llsm"]
RandomIndexTable = Literal["alonso_lamata", "saaty"]
Scale = Literal["saaty", "continuous"]

#: Saaty's fundamental scale: 1/9, 1/8, ..., 1/2, 1, 2, ..., 9.
SAATY_SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + list(range(1, 10)))

#: Relative tolerance on |ln(a_ij * a_ji)| and on the distance of a typed value to the
#: scale. 0.05 accepts reciprocals typed with two decimals (0.33 for 1/3, 0.13 for 1/8)
#: and rejects real contradictions (3 against 1/2).
VALUE_TOLERANCE = 0.05

#: Random index of Saaty, *Theory and Applications of the Analytic Network Process*
#: (RWS Publications, 2005), p. 31, for n = 1..15 (not monotone at n = 12, as published).
SAATY_RI: tuple[float, ...] = (
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
)  # fmt: skip

#: Random index of Alonso & Lamata (2006), "Consistency in the analytic hierarchy
#: process: a new approach", Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems
#: 14(4), 445-459, Table 1 (mean lambda_max of 500,000 random matrices), n = 1..15.
ALONSO_LAMATA_RI: tuple[float, ...] = (
    0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056,
    1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838,
)  # fmt: skip

RANDOM_INDEX_TABLES: dict[str, tuple[float, ...]] = {
    "alonso_lamata": ALONSO_LAMATA_RI,
    "saaty": SAATY_RI,
}

#: Saaty's recommended CR thresholds: 0.05 for n = 3, 0.08 for n = 4, 0.10 above.
SAATY_CR_THRESHOLDS: dict[int, float] = {3: 0.05, 4: 0.08}
DEFAULT_CR_THRESHOLD = 0.10

#: GCI thresholds of Aguarón & Moreno-Jiménez (2003), equivalent to CR = 0.05/0.08/0.10.
GCI_THRESHOLDS: dict[int, float] = {3: 0.31, 4: 0.35}
DEFAULT_GCI_THRESHOLD = 0.37

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


# --- priorities ------------------------------------------------------------------------


def eigenvector_priorities(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal right eigenvector (normalised to sum 1) and lambda_max of a complete matrix.

    Uses the full eigen-decomposition and takes the Perron root (the eigenvalue of
    largest real part, real and simple for a positive matrix), so it never depends on a
    convergence tolerance.

    Example:
        >>> w, lam = eigenvector_priorities(np.array([[1.0, 2.0], [0.5, 1.0]]))
        >>> w.round(4).tolist(), round(lam, 10)
        ([0.6667, 0.3333], 2.0)
    """
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    return w / w.sum(), float(values[k].real)


def geometric_mean_priorities(matrix: np.ndarray) -> np.ndarray:
    """Row geometric means of a complete matrix, normalised to sum 1.

    Example:
        >>> geometric_mean_priorities(np.array([[1.0, 4.0], [0.25, 1.0]])).tolist()
        [0.8, 0.2]
    """
    g = np.exp(np.log(matrix).mean(axis=1))
    return g / g.sum()


# --- consistency -----------------------------------------------------------------------


def random_index(n: int, table: RandomIndexTable = "alonso_lamata") -> float:
    """Random index RI for an n x n matrix from ``table``.

    Beyond the published tables (n > 15) both use the linear fit of Alonso & Lamata
    (2006) for the mean lambda_max of random matrices, lambda_mean = 2.7699 n - 4.3513,
    i.e. RI = (1.7699 n - 4.3513) / (n - 1); it is within 0.002 of their table at n = 15.

    Example:
        >>> random_index(4), random_index(4, "saaty"), round(random_index(20), 4)
        (0.8815, 0.9, 1.634)
    """
    if table not in RANDOM_INDEX_TABLES:
        raise JudgementError(
            [
                Problem(
                    "ahp_option_unknown",
                    value=table,
                    params={"option": "ri_table", "allowed": ", ".join(RANDOM_INDEX_TABLES)},
                )
            ]
        )
    values = RANDOM_INDEX_TABLES[table]
    if n <= len(values):
        return values[max(n, 1) - 1]
    return (1.7699 * n - 4.3513) / (n - 1)


def default_threshold(n: int) -> float:
    """Saaty's CR threshold: 0.05 for n = 3, 0.08 for n = 4, 0.10 otherwise.

    Example:
        >>> default_threshold(3), default_threshold(4), default_threshold(7)
        (0.05, 0.08, 0.1)
    """
    return SAATY_CR_THRESHOLDS.get(n, DEFAULT_CR_THRESHOLD)


def geometric_consistency_index(matrix: np.ndarray) -> float:
    """GCI = 2 / ((n-1)(n-2)) * sum_{i<j} ln^2(a_ij w_j / w_i), w the geometric mean.

    Aguarón & Moreno-Jiménez (2003), "The geometric consistency index: approximated
    thresholds", EJOR 147, 137-145. Zero for n <= 2.

    Example:
        >>> m = np.array([[1.0, 2.0, 4.0], [0.5, 1.0, 2.0], [0.25, 0.5, 1.0]])
        >>> geometric_consistency_index(m)
        0.0
    """
    n = matrix.shape[0]
    if n <= 2:
        return 0.0
    w = geometric_mean_priorities(matrix)
    e = np.log(matrix * w[np.newaxis, :] / w[:, np.newaxis])
    return float(2.0 / ((n - 1) * (n - 2)) * np.sum(np.triu(e, 1) ** 2))


def consistency(
    matrix: np.ndarray,
    *,
    ri_table: RandomIndexTable = "alonso_lamata",
    threshold: float | None = None,
) -> Consistency:
    """CR, CI, lambda_max and GCI of a complete matrix.

    n = 1 and 2 are consistent by definition (CR = 0). ``threshold=None`` takes
    Saaty's size-dependent threshold (:func:`default_threshold`).

    Example:
        >>> c = consistency(np.array([[1.0, 3.0, 9.0], [1 / 3, 1.0, 1.0], [1 / 9, 1.0, 1.0]]))
        >>> round(c.consistency_ratio, 4), c.consistent
        (0.1293, False)
    """
    n = matrix.shape[0]
    ri = random_index(n, ri_table)
    limit = default_threshold(n) if threshold is None else threshold
    gci_limit = GCI_THRESHOLDS.get(max(n, 3), DEFAULT_GCI_THRESHOLD)
    if n <= 2:
        return Consistency(n, float(n), 0.0, 0.0, ri, ri_table, limit, True, 0.0, gci_limit)
    _, lam = eigenvector_priorities(matrix)
    ci = max(lam - n, 0.0) / (n - 1)
    cr = ci / ri
    gci = geometric_consistency_index(matrix)
    return Consistency(n, lam, ci, cr, ri, ri_table, limit, cr <= limit, gci, gci_limit)


# --- completion ------------------------------------------------------------------------


def connected_groups(comparisons: PairwiseComparisons) -> list[list[str]]:
    """The groups of criteria linked by judgements (one group = a connected graph).

    Example:
        >>> connected_groups(PairwiseComparisons(("a", "b", "c", "d"), {("a", "b"): 2.0}))
        [['a', 'b'], ['c'], ['d']]
    """
    parent = {c: c for c in comparisons.criteria}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in comparisons.judgements:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for c in comparisons.criteria:
        groups.setdefault(root(c), []).append(c)
    return list(groups.values())


def _require_connected(comparisons: PairwiseComparisons) -> None:
    groups = connected_groups(comparisons)
    if len(groups) > 1:
        shown = " | ".join("{" + ", ".join(g) + "}" for g in groups)
        raise JudgementError(
            [
                Problem(
                    "ahp_not_connected",
                    source=comparisons.source,
                    value=shown,
                    params={"groups": shown},
                )
            ]
        )


def llsm_weights(comparisons: PairwiseComparisons) -> np.ndarray:
    """Logarithmic least squares weights of a possibly incomplete set (sum 1).

    Bozóki, Fülöp & Rónyai (2010), Theorem 4: with L the Laplacian of the comparison
    graph and r_i = sum over judged j of ln a_ij, the log-weights y solve L y = r with
    sum(y) = 0. For a complete matrix this is the row geometric mean.

    Example:
        >>> pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 2.0, ("b", "c"): 2.0})
        >>> llsm_weights(pc).round(4).tolist()
        [0.5714, 0.2857, 0.1429]
    """
    _require_connected(comparisons)
    n = len(comparisons.criteria)
    index = {c: i for i, c in enumerate(comparisons.criteria)}
    laplacian = np.zeros((n, n))
    rhs = np.zeros(n)
    for (a, b), v in comparisons.judgements.items():
        i, j = index[a], index[b]
        laplacian[i, i] += 1
        laplacian[j, j] += 1
        laplacian[i, j] -= 1
        laplacian[j, i] -= 1
        rhs[i] += math.log(v)
        rhs[j] -= math.log(v)
    # L + J/n is non-singular on a connected graph and gives the solution with sum(y) = 0
    y = np.linalg.solve(laplacian + np.ones((n, n)) / n, rhs)
    w = np.exp(y)
    return w / w.sum()


def complete_matrix(
    comparisons: PairwiseComparisons, method: CompletionMethod = "lambda_max"
) -> tuple[np.ndarray, tuple[Completion, ...]]:
    """The completed matrix and the values placed in the missing cells.

    ``"llsm"``: missing a_ij = w_i / w_j with the LLSM weights of the incomplete set.
    ``"lambda_max"``: the completion minimising lambda_max (Bozóki, Fülöp & Rónyai 2010),
    found by BFGS over x = ln(missing a_ij), where lambda_max is convex, started from the
    LLSM completion and using the exact gradient v_i w_j a_ij - v_j w_i a_ji (v, w the
    left and right Perron vectors with v.w = 1). Both are unique on a connected graph;
    a graph that is not connected is a :class:`JudgementError` naming the groups.

    Example:
        >>> pc = PairwiseComparisons(("a", "b", "c"), {("a", "b"): 2.0, ("b", "c"): 3.0})
        >>> m, done = complete_matrix(pc)
        >>> round(done[0].value, 6), done[0].a, done[0].b
        (6.0, 'a', 'c')
    """
    _require_connected(comparisons)
    matrix = comparisons.matrix()
    missing = comparisons.missing_pairs()
    if not missing:
        return matrix, ()
    index = {c: i for i, c in enumerate(comparisons.criteria)}
    cells = [(index[a], index[b]) for a, b in missing]
    w = llsm_weights(comparisons)
    start = np.array([math.log(w[i] / w[j]) for i, j in cells])
    if method == "llsm":
        x = start
    elif method == "lambda_max":
        x = _minimise_lambda_max(matrix, cells, start)
    else:
        raise JudgementError(
            [
                Problem(
                    "ahp_option_unknown",
                    value=method,
                    params={"option": "completion", "allowed": "lambda_max, llsm"},
                )
            ]
        )
    filled = _fill(matrix, cells, x)
    completions = tuple(
        Completion(a, b, float(filled[i, j]), method)
        for (a, b), (i, j) in zip(missing, cells, strict=True)
    )
    return filled, completions


def _fill(matrix: np.ndarray, cells: list[tuple[int, int]], x: np.ndarray) -> np.ndarray:
    out = matrix.copy()
    for (i, j), xk in zip(cells, x, strict=True):
        out[i, j] = math.exp(xk)
        out[j, i] = math.exp(-xk)
    return out


def _minimise_lambda_max(
    matrix: np.ndarray, cells: list[tuple[int, int]], start: np.ndarray
) -> np.ndarray:
    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        a = _fill(matrix, cells, x)
        values, right = np.linalg.eig(a)
        k = int(np.argmax(values.real))
        w = np.abs(right[:, k].real)
        lvalues, left = np.linalg.eig(a.T)
        v = np.abs(left[:, int(np.argmax(lvalues.real))].real)
        v = v / (v @ w)
        grad = np.array([v[i] * w[j] * a[i, j] - v[j] * w[i] * a[j, i] for i, j in cells])
        return float(values[k].real), grad

    result = minimize(objective, start, jac=True, method="BFGS", options={"gtol": 1e-11})
    return np.asarray(result.x)


# --- the public entry point ------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """Everything computed for one set of judgements (see :func:`analyse`)."""

    comparisons: PairwiseComparisons
    matrix: np.ndarray
    completed: tuple[Completion, ...]
    eigenvector: np.ndarray
    geometric_mean: np.ndarray
    consistency: Consistency
    completion_method: CompletionMethod

    def priorities(self, priority: Priority) -> pd.Series:
        """The chosen priority vector as a Series indexed by criterion."""
        chosen = self.eigenvector if priority == "eigenvector" else self.geometric_mean
        return pd.Series(chosen, index=list(self.comparisons.criteria), name="weight")


def analyse(
    comparisons: PairwiseComparisons,
    *,
    priority: Priority = "eigenvector",
    ri_table: RandomIndexTable = "alonso_lamata",
    threshold: float | None = None,
    completion: CompletionMethod | None = None,
) -> Analysis:
    """Complete, prioritise and measure consistency (the shared core of every AHP entry).

    Example:
        >>> a = analyse(PairwiseComparisons(("a", "b"), {("a", "b"): 3.0}))
        >>> a.eigenvector.tolist(), a.consistency.consistency_ratio
        ([0.75, 0.25], 0.0)
    """
    if priority not in ("eigenvector", "geometric_mean"):
        raise JudgementError(
            [
                Problem(
                    "ahp_option_unknown",
                    value=priority,
                    params={"option": "priority", "allowed": "eigenvector, geometric_mean"},
                )
            ]
        )
    if not comparisons.criteria:
        raise JudgementError([Problem("ahp_no_criteria", source=comparisons.source)])
    method: CompletionMethod = completion or ("lambda_max" if priority == "eigenvector" else "llsm")
    matrix, completed = complete_matrix(comparisons, method)
    ev, _ = eigenvector_priorities(matrix)
    gm = geometric_mean_priorities(matrix)
    cons = consistency(matrix, ri_table=ri_table, threshold=threshold)
    return Analysis(comparisons, matrix, completed, ev, gm, cons, method)


def inconsistency_contributions(
    matrix: np.ndarray, weights: np.ndarray, criteria: Sequence[str]
) -> pd.DataFrame:
    """Each pair's deviation from consistency, largest first.

    ``epsilon = a_ij w_j / w_i`` is 1 for a judgement that agrees with the weights;
    ``log_deviation = |ln epsilon|`` ranks the judgements; ``consistent_value`` is
    w_i / w_j, the judgement that would agree exactly.

    Example:
        >>> m = np.array([[1.0, 4.0], [0.25, 1.0]])
        >>> row = inconsistency_contributions(m, np.array([0.8, 0.2]), ["a", "b"]).iloc[0]
        >>> float(row["consistent_value"]), float(row["epsilon"]), float(row["log_deviation"])
        (4.0, 1.0, 0.0)
    """
    rows = []
    n = len(criteria)
    for i in range(n):
        for j in range(i + 1, n):
            eps = matrix[i, j] * weights[j] / weights[i]
            rows.append(
                {
                    "a": criteria[i],
                    "b": criteria[j],
                    "value": float(matrix[i, j]),
                    "consistent_value": float(weights[i] / weights[j]),
                    "epsilon": float(eps),
                    "log_deviation": abs(math.log(eps)),
                }
            )
    frame = pd.DataFrame(
        rows, columns=["a", "b", "value", "consistent_value", "epsilon", "log_deviation"]
    )
    return frame.sort_values("log_deviation", ascending=False, kind="stable").reset_index(drop=True)


def nearest_scale_value(value: float) -> float:
    """The Saaty-scale value (1/9..9) closest to ``value`` on a log scale.

    Example:
        >>> nearest_scale_value(2.6), nearest_scale_value(0.3) == 1 / 3, nearest_scale_value(40)
        (3.0, True, 9.0)
    """
    return float(min(SAATY_SCALE, key=lambda s: abs(math.log(value / s))))


def suggest_repairs(
    analysis: Analysis,
    *,
    max_suggestions: int = 3,
    respondent: str | None = None,
) -> tuple[RepairSuggestion, ...]:
    """Single-judgement revisions that lower CR, largest reduction first.

    Only given judgements are revised (completed ones follow from them). For each, the
    value the *other* judgements imply is computed (w_i / w_j from the LLSM weights of
    the set without it, so an outlier does not pull its own target) and snapped to the
    nearest Saaty value; the set is completed again and CR recomputed. Candidates that
    change nothing, that no other judgement constrains (a bridge of the comparison
    graph) or that do not lower CR are skipped. Empty when CR is within the threshold.

    Example:
        >>> pc = build_comparisons(
        ...     {("a", "b"): 2, ("a", "c"): 4, ("a", "d"): 8, ("b", "c"): 2, ("b", "d"): 4,
        ...      ("c", "d"): 1 / 5})
        >>> s = suggest_repairs(analyse(pc))[0]
        >>> (s.a, s.b, s.current, s.suggested), round(s.cr_after, 10)
        (('c', 'd', 0.2, 2.0), 0.0)
    """
    cons = analysis.consistency
    if cons.consistent:
        return ()
    pcs = analysis.comparisons
    table = cast(RandomIndexTable, cons.random_index_table)
    index = {c: i for i, c in enumerate(pcs.criteria)}
    out: list[RepairSuggestion] = []
    for (a, b), current in pcs.judgements.items():
        others = replace(pcs, judgements={k: v for k, v in pcs.judgements.items() if k != (a, b)})
        if len(connected_groups(others)) > 1:
            continue
        w = llsm_weights(others)
        suggested = nearest_scale_value(w[index[a]] / w[index[b]])
        if math.isclose(suggested, current, rel_tol=1e-9):
            continue
        revised = replace(pcs, judgements={**pcs.judgements, (a, b): suggested})
        matrix, _ = complete_matrix(revised, analysis.completion_method)
        after = consistency(matrix, ri_table=table, threshold=cons.threshold)
        if after.consistency_ratio < cons.consistency_ratio:
            out.append(
                RepairSuggestion(a, b, current, suggested, after.consistency_ratio, respondent)
            )
    out.sort(key=lambda s: s.cr_after)
    return tuple(out[:max_suggestions])


def analysis_details(analysis: Analysis, priority: Priority) -> dict[str, object]:
    """The intermediates of an analysis as labelled pandas objects, for ``Weights.details``.

    Example:
        >>> a = analyse(PairwiseComparisons(("a", "b"), {("a", "b"): 3.0}))
        >>> sorted(analysis_details(a, "eigenvector"))  # doctest: +NORMALIZE_WHITESPACE
        ['completion_method', 'eigenvector', 'geometric_mean', 'inconsistency', 'matrix',
         'n_given', 'priority']
    """
    names = list(analysis.comparisons.criteria)
    return {
        "priority": priority,
        "completion_method": analysis.completion_method,
        "eigenvector": pd.Series(analysis.eigenvector, index=names, name="eigenvector"),
        "geometric_mean": pd.Series(analysis.geometric_mean, index=names, name="geometric_mean"),
        "matrix": pd.DataFrame(analysis.matrix, index=names, columns=names),
        "inconsistency": inconsistency_contributions(analysis.matrix, analysis.eigenvector, names),
        "n_given": len(analysis.comparisons.judgements),
    }


def ahp_weights(
    judgements: ComparisonsInput,
    criteria: Sequence[str] | None = None,
    *,
    priority: Priority = "eigenvector",
    ri_table: RandomIndexTable = "alonso_lamata",
    threshold: float | None = None,
    completion: CompletionMethod | None = None,
) -> Weights:
    """AHP weights from one set of pairwise judgements.

    Args:
        judgements: anything :func:`build_comparisons` accepts (matrix, pairs, dict).
        criteria: the criterion keys, in the order wanted; taken from the judgements
            when omitted. A criterion never compared makes the set disconnected: error.
        priority: ``"eigenvector"`` (Saaty) or ``"geometric_mean"``; both are always in
            ``details``, this chooses which is ``weights``.
        ri_table: ``"alonso_lamata"`` (default: 500,000 simulated matrices per n and a
            published fit for any n) or ``"saaty"`` (the classic table, 2005).
        threshold: CR threshold; ``None`` = Saaty's 0.05 (n=3), 0.08 (n=4), 0.10.
        completion: ``"lambda_max"`` or ``"llsm"``; ``None`` follows ``priority``
            (eigenvector -> lambda_max, geometric mean -> LLSM).

    Returns:
        :class:`Weights` with ``method="ahp"``, the consistency of the completed matrix,
        completed judgements, repair suggestions when CR exceeds the threshold and, in
        ``details``: both priority vectors, the completed ``matrix`` and the per-pair
        ``inconsistency`` table.

    Example:
        >>> w = ahp_weights([("a", "b", 4), ("a", "c", 9)], priority="geometric_mean")
        >>> w.completed[0].b, round(w.completed[0].value, 4), w.weights.round(4).tolist()
        ('c', 2.25, [0.7347, 0.1837, 0.0816])
    """
    comparisons = build_comparisons(judgements, criteria)
    analysis = analyse(
        comparisons,
        priority=priority,
        ri_table=ri_table,
        threshold=threshold,
        completion=completion,
    )
    return Weights(
        method="ahp",
        weights=analysis.priorities(priority),
        consistency=analysis.consistency,
        completed=analysis.completed,
        suggestions=suggest_repairs(analysis),
        details=analysis_details(analysis, priority),
    )
