"""A comparison in words a person reads (``kerjasama compare``): each differing rule or
input as a line (a budget in rupiah, a weight as a percentage named by its criterion's
label, a method in words) and the table of changed proposals with headers and values
in the reader's language.

Example:
    >>> change_line("constraints.budget.2026", 5e9, 4e9, {}, "id")
    'anggaran 2026: Rp 5.000.000.000 -> Rp 4.000.000.000'
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from mcda_kerjasama.amounts import format_number, format_percent, format_rupiah
from mcda_kerjasama.constraints import is_number
from mcda_kerjasama.i18n import Language, Localised, catalogue, text


def person_table(frame: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """The changed proposals (``Comparison.to_frame``) for a person: headers in
    ``lang``, the change in words, scores formatted.

    Example:
        >>> frame = pd.DataFrame({"id": ["K02"], "title": ["Rujukan"], "change": ["dropped"],
        ...                       "score_a": [78.75], "score_b": [78.75], "cause": ["x"]})
        >>> person_table(frame, "id").iloc[0].tolist()
        ['K02', 'Rujukan', 'keluar', '78,75', '78,75', 'x']
    """

    def score(value: Any) -> str:
        return "" if value is None or value != value else format_number(float(value), 2, lang)

    return pd.DataFrame(
        {
            text("label_id", lang): frame["id"],
            text("label_title", lang): frame["title"],
            text("label_change", lang): [
                text(f"compare_change_{c}", lang) for c in frame["change"]
            ],
            text("label_score_a", lang): [score(v) for v in frame["score_a"]],
            text("label_score_b", lang): [score(v) for v in frame["score_b"]],
            text("label_cause", lang): frame["cause"],
        }
    )


def change_line(
    key: str, a: Any, b: Any, labels: Mapping[str, Localised], lang: Language = "id"
) -> str:
    """One differing scenario key and its two values in words (see
    :meth:`Comparison.change_lines`).

    Example:
        >>> labels = {"real_need": Localised({"id": "Kebutuhan nyata"})}
        >>> change_line("weights.effective.real_need", 0.25, 0.3188, labels, "id")
        'bobot Kebutuhan nyata: 25,0% -> 31,9%'
        >>> change_line("weights.method", "direct", "ahp", {}, "id")
        'metode pembobotan: langsung -> AHP'
        >>> change_line("weights.ri_table", float("nan"), "alonso_lamata", {}, "id")
        'weights.ri_table: (tidak ada) -> Alonso-Lamata'
    """
    kind, what = key_words(key, labels, lang)
    return f"{what}: {value_words(a, kind, lang)} -> {value_words(b, kind, lang)}"


def key_words(key: str, labels: Mapping[str, Any], lang: Language = "id") -> tuple[str, str]:
    """A scenario key in words, with the kind of its values (``money``, ``share``, or
    empty): a budget, a weight named by its criterion's label, the method, a cost; any
    other key as it is written in the scenario.

    Example:
        >>> key_words("constraints.budget", {}, "id"), key_words("solver.backend", {}, "id")
        (('money', 'anggaran'), ('', 'solver.backend'))
    """
    parts = key.split(".")

    def name(criterion: str) -> str:
        label = labels.get(criterion)
        if label is None:
            return criterion
        return label if isinstance(label, str) else label.render(lang)

    if parts[:2] == ["constraints", "budget"] and len(parts) <= 3:
        year = parts[2] if len(parts) == 3 else ""
        return "money", text("compare_key_budget", lang, year=year).strip()
    if parts[:2] == ["constraints", "budget_total"]:
        return "money", text("compare_key_budget_total", lang)
    if parts[:2] == ["weights", "effective"] and len(parts) == 3:
        return "share", text("compare_key_weight", lang, criterion=name(parts[2]))
    if parts[:2] == ["weights", "values"] and len(parts) == 3:
        return "", text("compare_key_weight_given", lang, criterion=name(parts[2]))
    if key == "weights.method":
        return "", text("compare_key_method", lang)
    if parts[0] == "proposals" and len(parts) == 3 and parts[2] == "cost":
        return "money", text("compare_key_cost", lang, id=parts[1])
    return "", key


def value_words(value: Any, kind: str, lang: Language = "id") -> str:
    """A scenario value in words: money in rupiah, a share as a percentage, a number
    with the language's marks, a method or table name in words, nothing as "(tidak
    ada)".

    Example:
        >>> value_words(4e9, "money", "id"), value_words(0.25, "", "id")
        ('Rp 4.000.000.000', '0,25')
        >>> value_words("eigenvector", "", "id")
        'vektor eigen'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text("compare_nothing", lang)
    if isinstance(value, str):  # a value as typed (--vary, --set): a number if it reads so
        with contextlib.suppress(ValueError):
            value = float(value.replace("_", ""))
    if is_number(value) and not isinstance(value, bool | str):
        number = float(value)
        if kind == "money":
            return format_rupiah(number, lang)
        if kind == "share":
            return format_percent(number, 1, lang)
        shown = format_number(number, 0 if number.is_integer() else 4, lang)
        return shown.rstrip("0").rstrip(",.") if not number.is_integer() else shown
    table = catalogue(lang)
    for prefix in ("method_", "ri_table_"):
        if isinstance(value, str) and f"{prefix}{value}" in table:
            return table[f"{prefix}{value}"]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
