"""The AHP judgements in the questionnaire's words, as unrendered messages: a judgement
on Saaty's verbal scale (never a ratio such as ``0,200``) and the warnings about
inconsistent judgements, per respondent and for the group, with the first repair
suggestion. Renderers show them in the reader's language; ``hasil.json`` lists the
warnings.

Example:
    >>> verbal(0.2, "Kebutuhan nyata", "Keberlanjutan").render("id")
    'Keberlanjutan lebih penting (5)'
    >>> verbal(1.0, "a", "b").render("en")
    'Equally important (1)'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Msg, Number
from mcda_kerjasama.weights.ahp.priorities import default_threshold
from mcda_kerjasama.weights.base import RepairSuggestion, Weights

#: The verbal levels of Saaty's scale (the questionnaire's drop-down words).
LEVELS = {
    3: "ahp_form_level_3",
    5: "ahp_form_level_5",
    7: "ahp_form_level_7",
    9: "ahp_form_level_9",
}


def verbal(value: float, a: Any, b: Any) -> Msg:
    """The judgement ``a : b = value`` as a respondent answers it: which criterion is
    more important, the level's words and its number, quoted. ``a`` and ``b`` are
    names (text, or :class:`~mcda_kerjasama.i18n.Localised`).

    Example:
        >>> verbal(4, "A", "B").render("id")
        'A lebih penting, antara tingkat 3 dan 5 (4)'
        >>> verbal(1 / 2.5, "A", "B").render("en")
        'B more important, between levels 1 and 3 (2.50)'
    """
    if value <= 0 or not math.isfinite(value):
        return Msg("verbal_number", {"value": Number(value, 3)})
    preferred, level = (a, float(value)) if value >= 1 else (b, 1 / float(value))
    whole = round(level)
    exact = abs(level - whole) < 1e-6
    if exact and whole <= 1:
        return Msg("verbal_equal")
    if exact and whole in LEVELS:
        words: Msg = Msg(LEVELS[whole])
    else:
        low = max(1, math.floor(level))
        low = low if low % 2 else low - 1
        words = Msg("verbal_between", {"low": low, "high": min(low + 2, 9)})
    shown: Any = str(whole) if exact else Number(level, 2)
    return Msg("verbal_prefers", {"criterion": preferred, "level": words, "value": shown})


def advice(suggestion: RepairSuggestion | None, name: Mapping[str, Any]) -> Msg:
    """The first repair suggestion in words, or "check the answers" without one.

    Example:
        >>> s = RepairSuggestion("a", "b", 0.2, 1.0, 0.054, "Sekda")
        >>> print(advice(s, {"a": "Kebutuhan nyata", "b": "Keberlanjutan"}).render("id"))
        ... # doctest: +NORMALIZE_WHITESPACE
        Saran: Kebutuhan nyata : Keberlanjutan, ubah 'Keberlanjutan lebih penting (5)'
        menjadi 'Sama penting (1)' (CR menjadi 0,054).
    """
    if suggestion is None:
        return Msg("ahp_advice_none")
    a, b = name.get(suggestion.a, suggestion.a), name.get(suggestion.b, suggestion.b)
    pair = Msg(
        "ahp_advice_pair",
        {
            "a": a,
            "b": b,
            "current": verbal(suggestion.current, a, b),
            "suggested": verbal(suggestion.suggested, a, b),
            "cr": Number(suggestion.cr_after, 3),
        },
    )
    return Msg("ahp_advice", {"first": pair})


def inconsistent_respondents(weights: Weights) -> tuple[str, ...]:
    """The respondents whose CR is above the threshold (the group's, else Saaty's for
    the number of criteria).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.weights.compute import compute_weights
        >>> inconsistent_respondents(compute_weights(load_scenario("scenarios/contoh-ahp")))
        ()
    """
    out = []
    for r in weights.respondents:
        limit = (
            weights.consistency.threshold
            if weights.consistency is not None
            else default_threshold(len(r.weights))
        )
        if r.consistency_ratio > limit + 1e-12:
            out.append(r.name)
    return tuple(out)


def consistency_problems(weights: Weights, name: Mapping[str, Any]) -> tuple[Problem, ...]:
    """Warnings for AHP judgements above the consistency threshold: one per
    inconsistent respondent (whether still included) and one for the group's (or the
    single set's) judgements, each with the first repair suggestion in words. ``name``
    maps a criterion key to its name.

    Example:
        >>> from mcda_kerjasama.weights.group import group_ahp_weights
        >>> w = group_ahp_weights({"Ani": [("a", "b", 3), ("b", "c", 3), ("a", "c", 1 / 5)],
        ...                        "Budi": [("a", "b", 2), ("b", "c", 2), ("a", "c", 4)]})
        >>> for p in consistency_problems(w, {}):
        ...     print(p.render("id")[:55])
        penilaian AHP Ani tidak konsisten: CR 1,752 di atas bat
        penilaian AHP gabungan tidak konsisten: CR 0,397 di ata
    """
    problems = []
    limits = weights.consistency
    for who in inconsistent_respondents(weights):
        summary = next(r for r in weights.respondents if r.name == who)
        first = next((s for s in weights.suggestions if s.respondent == who), None)
        threshold = limits.threshold if limits else default_threshold(len(summary.weights))
        problems.append(
            Problem(
                "ahp_respondent_inconsistent",
                severity="warning",
                params={
                    "respondent": who,
                    "cr": Number(summary.consistency_ratio, 3),
                    "threshold": Number(threshold, 2),
                    "included": Msg("ahp_included_yes" if summary.included else "ahp_included_no"),
                    "advice": advice(first, name),
                },
            )
        )
    if limits is not None and not limits.consistent:
        own = [s for s in weights.suggestions if s.respondent is None]
        problems.append(
            Problem(
                "ahp_group_inconsistent",
                severity="warning",
                params={
                    "who": Msg("ahp_group_word") if weights.respondents else "",
                    "cr": Number(limits.consistency_ratio, 3),
                    "threshold": Number(limits.threshold, 2),
                    "advice": advice(own[0] if own else None, name),
                },
            )
        )
    return tuple(problems)
