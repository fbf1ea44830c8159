"""A comparison in words a person reads (``kerjasama compare``): each differing rule or
input as a line (a budget in rupiah, a weight as a percentage named by its criterion's
label, a method in words) and the table of changed proposals with headers and values
in the reader's language.

Example:
    >>> change_line("constraints.budget.2026", 5e9, 4e9, {}, "id")
    'anggaran 2026: Rp 5.000.000.000 -> Rp 4.000.000.000'
"""

from __future__ import annotations

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
        >>> change_line("weights.aggregation", float("nan"), "judgements", {}, "id")
        'weights.aggregation: (tidak ada) -> judgements'
    """
    parts = key.split(".")

    def show(value: Any, kind: str) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return text("compare_nothing", lang)
        if is_number(value) and not isinstance(value, bool):
            number = float(value)
            if kind == "money":
                return format_rupiah(number, lang)
            if kind == "share":
                return format_percent(number, 1, lang)
            return format_number(number, 0 if number.is_integer() else 2, lang)
        if kind == "method" and f"method_{value}" in catalogue(lang):
            return text(f"method_{value}", lang)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    def name(criterion: str) -> str:
        label = labels.get(criterion)
        return label.render(lang) if label is not None else criterion

    kind, what = "", key
    if parts[:2] == ["constraints", "budget"] and len(parts) == 3:
        kind, what = "money", text("compare_key_budget", lang, year=parts[2])
    elif parts[:2] == ["constraints", "budget_total"]:
        kind, what = "money", text("compare_key_budget_total", lang)
    elif parts[:2] == ["weights", "effective"] and len(parts) == 3:
        kind, what = "share", text("compare_key_weight", lang, criterion=name(parts[2]))
    elif parts[:2] == ["weights", "values"] and len(parts) == 3:
        what = text("compare_key_weight_given", lang, criterion=name(parts[2]))
    elif key == "weights.method":
        kind, what = "method", text("compare_key_method", lang)
    elif parts[0] == "proposals" and len(parts) == 3 and parts[2] == "cost":
        kind, what = "money", text("compare_key_cost", lang, id=parts[1])
    return f"{what}: {show(a, kind)} -> {show(b, kind)}"
