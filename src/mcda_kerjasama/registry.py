"""What can be chosen by name in a scenario, declared once, at the bottom of the package:
the solver backends and the weighting methods, each a name and where its code lives
(``module`` or ``module:function``, imported only when used). The scenario checks names
against these tables; the solver layer and the weights layer load through them. The
other registries are :mod:`mcda_kerjasama.language` (languages) and
:mod:`mcda_kerjasama.rules` (constraint kinds, found by module).

Example:
    >>> list(BACKENDS), list(WEIGHT_METHODS)
    (['highs', 'cbc'], ['equal', 'direct', 'swing', 'roc', 'rank_sum', 'ahp'])
    >>> load("mcda_kerjasama.weights.methods:roc").__name__
    'roc'
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

#: Solver backends: name -> the module holding its ``BACKEND``.
BACKENDS: dict[str, str] = {
    "highs": "mcda_kerjasama.portfolio.backends.highs",
    "cbc": "mcda_kerjasama.portfolio.backends.cbc",
}


@dataclass(frozen=True)
class MethodSpec:
    """A weighting method: the ``[weights]`` key it needs (``None`` for none) and its
    function ``(table, criteria) -> Weights`` as ``module:function``."""

    needs: str | None
    function: str


#: Weighting methods, by the name ``[weights] method`` gives.
WEIGHT_METHODS: dict[str, MethodSpec] = {
    "equal": MethodSpec(None, "mcda_kerjasama.weights.methods:equal"),
    "direct": MethodSpec("values", "mcda_kerjasama.weights.methods:direct"),
    "swing": MethodSpec("points", "mcda_kerjasama.weights.methods:swing"),
    "roc": MethodSpec("order", "mcda_kerjasama.weights.methods:roc"),
    "rank_sum": MethodSpec("order", "mcda_kerjasama.weights.methods:rank_sum"),
    "ahp": MethodSpec(None, "mcda_kerjasama.weights.methods:ahp"),
}


def load(where: str) -> Any:
    """The object at ``module`` or ``module:attribute``, imported now.

    Example: see the module docstring.
    """
    module, _, attribute = where.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded
