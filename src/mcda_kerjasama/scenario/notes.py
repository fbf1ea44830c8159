"""Warnings about a scenario that do not stop a run: what the ``[weights]`` tables say
that is not used as written (issue 13 §4).

* Direct ``values`` that sum to neither 1 nor 100 are divided by their sum: the warning
  gives the sum, so a typo (``0,3 + 0,3 + 0,3 + 0,2``) is seen. Percentages summing to 100
  are the common way to write weights and pass without a word.
* A key another method needs (``values`` with ``method = "ahp"``, ``order`` with
  ``method = "direct"`` ...) is ignored: the warning says which, and what to change.
  Only a key written where the method is chosen, or later: a scenario that ``extends``
  one with direct weights and chooses AHP inherits the base's ``values``, and cannot
  remove them, so that is no warning (nor is ``--set weights.method=ahp``).

Example:
    >>> (ignored,) = weights_warnings({"method": "ahp", "judgements": "p.csv",
    ...                                "values": {"a": 1}})
    >>> ignored.key, ignored.render("id").split("; ")[0]
    ('weights.values', 'kunci `weights.values`: diabaikan karena method = "ahp"')
    >>> (summed,) = weights_warnings({"method": "direct", "values": {"a": 0.5, "b": 0.6}})
    >>> summed.render("en").split(": ")[1]
    'the direct weights sum to 1.1, not 1 (or 100)'
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Number

if TYPE_CHECKING:
    from mcda_kerjasama.scenario.records import Scenario

#: The keys each method reads; another method's key in its table is ignored.
_OWN_KEYS: dict[str, tuple[str, ...]] = {
    "equal": (),
    "direct": ("values",),
    "swing": ("points",),
    "roc": ("order",),
    "rank_sum": ("order",),
    "ahp": ("judgements", "pairs"),
}
_METHOD_OF_KEY = {"values": "direct", "points": "swing", "order": "roc", "judgements": "ahp"}


def scenario_warnings(scenario: Scenario) -> tuple[Problem, ...]:
    """The warnings for a scenario's ``[weights]`` tables, each file of its ``extends``
    chain read again to know where a key was written (small TOML files).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> scenario_warnings(load_scenario("scenarios/contoh-ahp"))  # values inherited
        ()
    """
    layers = []
    for path in scenario.files:
        try:
            with open(path, "rb") as handle:
                layers.append(tomllib.load(handle).get("weights", {}))
        except (OSError, tomllib.TOMLDecodeError):  # changed since it was loaded
            return weights_warnings(scenario.weights)
    return weights_warnings(scenario.weights, layers=layers or None)


def _last_layer(layers: Sequence[Any], key: str) -> int:
    found = [i for i, layer in enumerate(layers) if isinstance(layer, Mapping) and key in layer]
    return found[-1] if found else -1


def weights_warnings(
    table: Mapping[str, Any],
    prefix: str = "weights",
    layers: Sequence[Mapping[str, Any]] | None = None,
) -> tuple[Problem, ...]:
    """The warnings for one ``[weights]`` table and its ``children`` tables. ``layers``:
    the table as each file of the ``extends`` chain wrote it, the base first (``None``:
    the table was written at once).

    Example: see the module docstring.
    """
    problems: list[Problem] = []
    method = str(table.get("method", "equal"))
    own = _OWN_KEYS.get(method)
    chosen_at = -1
    if layers is not None:
        chosen_at = _last_layer(layers, "method")
        written = layers[chosen_at].get("method", "equal") if chosen_at >= 0 else "equal"
        if written != method:  # chosen by --set, after every file
            chosen_at = len(layers)
    if own is not None:
        for key in ("values", "points", "order", "judgements", "pairs"):
            if layers is not None and _last_layer(layers, key) < chosen_at:
                continue  # inherited from a base the method was changed over
            if key in table and key not in own:
                problems.append(
                    Problem(
                        "weights_key_ignored",
                        key=f"{prefix}.{key}",
                        severity="warning",
                        params={
                            "name": key,
                            "method": method,
                            "meant": _METHOD_OF_KEY.get(key, "ahp"),
                        },
                    )
                )
    values = table.get("values")
    if method == "direct" and isinstance(values, Mapping):
        numbers = [v for v in values.values() if isinstance(v, int | float)]
        total = math.fsum(numbers)
        if numbers and total > 0 and not any(math.isclose(total, s) for s in (1.0, 100.0)):
            decimals = next(d for d in range(7) if math.isclose(round(total, d), total) or d == 6)
            problems.append(
                Problem(
                    "weights_normalised",
                    key=f"{prefix}.values",
                    severity="warning",
                    params={"sum": Number(total, decimals)},
                )
            )
    children = table.get("children")
    if isinstance(children, Mapping):
        for group, child in children.items():
            if isinstance(child, Mapping):
                below = None
                if layers is not None:
                    below = [
                        layer.get("children", {}).get(group, {})
                        if isinstance(layer, Mapping)
                        else {}
                        for layer in layers
                    ]
                problems += weights_warnings(child, f"{prefix}.children.{group}", below)
    return tuple(problems)
