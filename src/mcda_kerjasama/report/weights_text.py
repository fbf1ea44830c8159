"""The weights in words, the same in every renderer (terminal, report, workbook): the
method's name, a judgement on the questionnaire's verbal scale, the completed and
disagreeing pairs and the repair suggestions named by the criteria's labels, never by
their keys or as ratios.

Example:
    >>> verbal(5.0, "Keberlanjutan", "Kebutuhan nyata", "id")
    'Keberlanjutan lebih penting (5)'
    >>> verbal(0.25, "Keberlanjutan", "Kebutuhan nyata", "en")
    'Kebutuhan nyata more important, between levels 3 and 5 (4)'
    >>> method_name("ahp_aij", "id")
    'AHP (agregasi penilaian individu)'
"""

from __future__ import annotations

from collections.abc import Callable

from mcda_kerjasama.i18n import Language, Number, catalogue, text
from mcda_kerjasama.weights import words
from mcda_kerjasama.weights.base import Completion, RepairSuggestion, Weights

Namer = Callable[[str], str]


def method_name(method: str, lang: Language) -> str:
    """A weighting method (``direct``, ``ahp_aij``, a completion ``lambda_max``...) in
    plain words; an unknown one as it is.

    Example:
        >>> method_name("direct", "id"), method_name("lambda_max", "en")
        ('langsung', 'fill in so that the matrix is as consistent as possible (lambda max)')
    """
    key = f"method_{method}"
    return text(key, lang) if key in catalogue(lang) else method


def verbal(value: float, a: str, b: str, lang: Language) -> str:
    """The judgement ``a : b = value`` as the questionnaire writes it, quoted (see
    :func:`mcda_kerjasama.weights.words.verbal`).

    Example:
        >>> verbal(1.0, "A", "B", "id"), verbal(2.5, "A", "B", "id")
        ('Sama penting (1)', 'A lebih penting, antara tingkat 1 dan 3 (2,50)')
    """
    return words.verbal(value, a, b).render(lang)


def completed_line(done: Completion, name: Namer, lang: Language) -> str:
    """A pair left blank and the value it was filled with, in words.

    Example:
        >>> from mcda_kerjasama.weights.base import Completion
        >>> completed_line(Completion("a", "b", 1 / 3, "lambda_max", "Sekda"), str.upper, "id")
        "Sekda: perbandingan A : B kosong; dilengkapi dengan 'B sedikit lebih penting (3)'"
    """
    line = text(
        "weights_completed_line",
        lang,
        a=name(done.a),
        b=name(done.b),
        value=verbal(done.value, name(done.a), name(done.b), lang),
    )
    return f"{done.respondent}: {line}" if done.respondent else line


def suggestion_line(s: RepairSuggestion, name: Namer, lang: Language) -> str:
    """A repair suggestion on the verbal scale, as the respondent answered.

    Example:
        >>> from mcda_kerjasama.weights.base import RepairSuggestion
        >>> print(suggestion_line(RepairSuggestion("a", "b", 0.2, 1.0, 0.054), str.upper, "id"))
        saran: A : B, ubah 'B lebih penting (5)' menjadi 'Sama penting (1)'; CR menjadi 0,054
    """
    a, b = name(s.a), name(s.b)
    line = text(
        "weights_suggestion_line",
        lang,
        a=a,
        b=b,
        current=verbal(s.current, a, b, lang),
        suggested=verbal(s.suggested, a, b, lang),
        cr=Number(s.cr_after, 3),
    )
    return f"{s.respondent}: {line}" if s.respondent else line


def disagreement_lines(weights: Weights, name: Namer, lang: Language, n: int = 3) -> list[str]:
    """The ``n`` pairs the respondents disagree on most, with the range of their answers
    in words (empty for one respondent).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.weights.compute import compute_weights
        >>> w = compute_weights(load_scenario("scenarios/contoh-ahp"))
        >>> print(disagreement_lines(w, str, "en", 1)[0])  # doctest: +NORMALIZE_WHITESPACE
        disagreement: mutual_benefit : real_need, answers from 'real_need more important,
        between levels 1 and 3 (2)' to 'mutual_benefit more important, between levels 1 and 3 (2)'
    """
    table = weights.details.get("disagreement")
    if table is None or not len(table) or len(weights.respondents) < 2:
        return []
    lines = []
    for _, row in table.head(n).iterrows():
        a, b = name(str(row["a"])), name(str(row["b"]))
        lines.append(
            text(
                "weights_disagreement_line",
                lang,
                a=a,
                b=b,
                low=verbal(float(row["min"]), a, b, lang),
                high=verbal(float(row["max"]), a, b, lang),
            )
        )
    return lines
