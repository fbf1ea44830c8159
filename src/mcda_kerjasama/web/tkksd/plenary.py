"""The plenary meeting (*rapat pleno*, issue 16 §3): the weights of a stored run moved
live, the constrained portfolio re-optimised on every move by the core's
:class:`~mcda_kerjasama.tuning.WeightTuner` (its re-optimiser answers in milliseconds).

One tuner per run is kept in each web process (:func:`tuner`; built once from the run's
stored inputs, the first request pays for reading and the first solve). A tuner is not
safe for two threads at once, so each has its own lock; a request is stateless: it
sends every weight, the tuner answers for exactly those weights, and what entered and
left is always against the run's own portfolio. Nothing is stored until the
secretariat saves the agreed weights as a scenario (:func:`save_scenario`).
"""

from __future__ import annotations

import copy
import math
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Mapping as MappingType
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from mcda_kerjasama.web.tkksd import audit, runs, scenarios
from mcda_kerjasama.web.tkksd.models import Run, Scenario

#: tuners kept per process (each holds a run's proposals and portfolio model)
CACHE_SIZE = 8
#: ranking rows shown
TOP = 30


@dataclass
class _Entry:
    tuner: Any  # WeightTuner
    lock: threading.Lock


_TUNERS: OrderedDict[tuple[int, str], _Entry] = OrderedDict()
_BUILDING: dict[tuple[int, str], threading.Lock] = {}
_GUARD = threading.Lock()


def _entry(run: Run) -> _Entry:
    """The run's cached tuner, built on first use (one build at a time per run). The key
    holds the run's folder, unique for ever, so a number reused never finds another's."""
    key = (run.pk, run.folder)
    with _GUARD:
        found = _TUNERS.get(key)
        if found is not None:
            _TUNERS.move_to_end(key)
            return found
        building = _BUILDING.setdefault(key, threading.Lock())
    with building:
        with _GUARD:
            found = _TUNERS.get(key)
        if found is None:
            from mcda_kerjasama import load_scenario
            from mcda_kerjasama.tuning import WeightTuner

            made = WeightTuner(load_scenario(runs.folder(run) / runs.INPUTS))
            found = _Entry(made, threading.Lock())
            with _GUARD:
                _TUNERS[key] = found
                while len(_TUNERS) > CACHE_SIZE:
                    _TUNERS.popitem(last=False)
        return found


def tuner(run: Run) -> Any:
    """The run's :class:`~mcda_kerjasama.tuning.WeightTuner` (cached in this process)."""
    return _entry(run).tuner


def forget() -> None:
    """Drop every cached tuner."""
    with _GUARD:
        _TUNERS.clear()


def parse_weights(data: MappingType[str, Any], keys: list[str]) -> dict[str, float] | None:
    """The weights a form sent (``w_<criterion>``: a non-negative number; the others keep
    their proportion), or None when none was sent or one cannot be used (not a number,
    negative, all zero).

    Example:
        >>> parse_weights({"w_a": "30", "w_b": "10,5"}, ["a", "b"])
        {'a': 30.0, 'b': 10.5}
        >>> parse_weights({"w_a": "0", "w_b": "0"}, ["a", "b"]) is None
        True
    """
    if not any(f"w_{k}" in data for k in keys):
        return None
    values = {}
    for key in keys:
        raw = str(data.get(f"w_{key}", "0")).strip().replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            return None
        if not math.isfinite(value) or value < 0:
            return None
        values[key] = value
    if sum(values.values()) <= 0:
        return None
    return values


def evaluate(run: Run, weights: MappingType[str, float] | None) -> dict[str, Any]:
    """The portfolio for ``weights`` (None: the run's own), as what the page shows:
    ``weights`` (key, label, share), ``selected``, ``entered`` and ``left`` against the
    run (id, title), ``budget`` per year (used, cap, share), ``ranking`` (the first
    :data:`TOP`), ``total_value``, ``status`` and ``milliseconds``."""
    entry = _entry(run)
    with entry.lock:
        state = entry.tuner.reset() if weights is None else entry.tuner.set_weights(weights)
        labels = entry.tuner.criteria()
        caps = entry.tuner.scenario.constraints.budget
    titles = dict(zip(state.ranking["id"], state.ranking["title"], strict=True))
    chosen = set(state.selected)
    budget = []
    for year, used in state.budget_used.items():
        cap = float(caps.get(int(year), 0.0))
        budget.append(
            {
                "year": int(year),
                "used": float(used),
                "cap": cap,
                "share": float(used) / cap if cap > 0 else None,
            }
        )
    ranking = [
        {
            "rank": int(row.rank),
            "id": str(row.id),
            "title": str(row.title),
            "score": float(row.score),
            "selected": str(row.id) in chosen,
            "entered": str(row.id) in state.entered_since_start,
        }
        for row in state.ranking.head(TOP).itertuples()
    ]
    return {
        "weights": [
            {"key": k, "label": labels.get(k, k), "share": float(w)}
            for k, w in state.weights.items()
        ],
        "values": {k: float(w) for k, w in state.weights.items()},
        "selected": list(state.selected),
        "entered": [{"id": i, "title": titles.get(i, "")} for i in state.entered_since_start],
        "left": [{"id": i, "title": titles.get(i, "")} for i in state.left_since_start],
        "budget": budget,
        "ranking": ranking,
        "total_value": state.total_value,
        "status": state.status,
        "milliseconds": 1000.0 * state.seconds,
    }


def base_data(run: Run) -> dict[str, Any]:
    """The run's scenario as stored content (its ``masukan/scenario.toml`` without
    ``[data]``, region and years, which belong to the mapping)."""
    path = runs.folder(run) / runs.INPUTS / "scenario.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data.pop("data", None)
    meta = data.get("scenario")
    if isinstance(meta, dict):
        meta.pop("region", None)
        meta.pop("years", None)
    return data


def save_scenario(
    request: HttpRequest, run: Run, weights: MappingType[str, float], name: str, lang: str
) -> tuple[Scenario | None, list[tuple[str | None, str]]]:
    """Store the agreed ``weights`` (normalised to sum 1) as a new scenario: the run's
    scenario with ``method = "direct"`` and these values; recorded in the audit log with
    who and when. Returns the scenario, or None and the core's problems (key, message
    in ``lang``)."""
    total = sum(weights.values())
    values = {k: float(v) / total for k, v in weights.items()}
    data = copy.deepcopy(base_data(run))
    data["weights"] = {"method": "direct", "values": values}
    meta = dict(data.get("scenario", {}))
    meta["name"] = name
    data["scenario"] = meta
    found = scenarios.problems(run.mapping, data)
    if found:
        return None, scenarios.rendered(found, lang)
    scenario = Scenario.objects.create(
        mapping=run.mapping, name=name, data=data, created_by=request.user
    )
    audit.record(
        request,
        "plenary_weights_saved",
        run.mapping,
        name,
        run=run.number,
        scenario=scenario.pk,
        weights=values,
    )
    return scenario, []
