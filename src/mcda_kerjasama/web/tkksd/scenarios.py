"""Scenarios of a mapping as ``scenario.toml`` content: import, export and validation by
the core (:func:`mcda_kerjasama.scenario.build_scenario`: its schema, its messages).

A stored scenario is the TOML content as a mapping of tables. The mapping fixes the
region and the planning years; ``[data]`` is written by a run (``proposals =
"usulan.xlsx"``, the accepted proposals), so an exported ``scenario.toml`` beside the
exported proposals is a folder ``kerjasama run`` takes as it is.
"""

from __future__ import annotations

import copy
import tempfile
import tomllib
from collections.abc import Mapping as MappingType
from pathlib import Path
from typing import Any

from mcda_kerjasama.errors import InputError, Problem
from mcda_kerjasama.i18n import Language
from mcda_kerjasama.scenario import build_scenario, read_toml_text
from mcda_kerjasama.web.tkksd.models import Mapping, Scenario

PROPOSALS_FILE = "usulan.xlsx"
#: the largest scenario.toml imported (a real one is a few kB)
MAX_TOML_BYTES = 256 * 1024


def default_data(mapping: Mapping, name: str) -> dict[str, Any]:
    """A new scenario: direct weights, the usual screening rules, no budget yet."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "scenario": {"name": name, "language": "id"},
        "weights": {
            "method": "direct",
            "values": {
                "mutual_benefit": 0.30,
                "real_need": 0.25,
                "potential": 0.20,
                "sustainability": 0.15,
                "inclusiveness": 0.10,
            },
        },
        "screening": {
            "require_plan_link": True,
            "min_score": {"mutual_benefit": 2},
            "max_duration": 5,
        },
        "constraints": {"budget": {str(y): 0 for y in mapping.years}},
        "solver": {"backend": "highs", "time_limit": 60, "mip_gap": 0.0},
    }
    if mapping.criteria:
        data["criteria"] = copy.deepcopy(mapping.criteria)
        data["weights"] = {"method": "equal"}
    return data


def full(mapping: Mapping, data: MappingType[str, Any]) -> dict[str, Any]:
    """The complete scenario content: ``data`` with the mapping's region and years and
    the ``[data]`` table of a run folder."""
    out = copy.deepcopy(dict(data))
    meta = dict(out.get("scenario", {}))
    meta["region"] = mapping.region
    meta["years"] = list(mapping.years)
    out["scenario"] = meta
    out["data"] = {"proposals": PROPOSALS_FILE}
    if mapping.criteria and "criteria" not in out:
        out["criteria"] = copy.deepcopy(mapping.criteria)
    ordered = {"schema_version": out.pop("schema_version", 1), "scenario": out.pop("scenario")}
    ordered["data"] = out.pop("data")
    ordered.update(out)
    return ordered


def problems(mapping: Mapping, data: MappingType[str, Any]) -> list[Problem]:
    """Every problem the core finds in the scenario (empty when it can be used)."""
    try:
        build_scenario(full(mapping, data))
    except InputError as error:
        return list(error.problems)
    return []


def export_toml(scenario: Scenario) -> str:
    """The scenario as ``scenario.toml`` text."""
    import tomli_w

    header = (
        f"# {scenario.mapping.name}: {scenario.name}\n"
        "# exported by the TKKSD web application (kerjasama serve)\n"
    )
    return header + tomli_w.dumps(full(scenario.mapping, scenario.data))


def rendered(found: list[Problem], lang: str) -> list[tuple[str | None, str]]:
    """Problems as (scenario key or None, message in ``lang``)."""
    language: Language = "en" if lang == "en" else "id"
    return [(p.key, p.render(language)) for p in found]


def import_toml(
    mapping: Mapping, content: bytes, lang: str
) -> tuple[dict[str, Any], list[tuple[str | None, str]]]:
    """Read an uploaded ``scenario.toml`` with the core's reader: its content (without
    ``[data]``, region and years, which belong to the mapping) and every problem found,
    as (key, message in ``lang``)."""
    from django.utils.translation import gettext as _

    if len(content) > MAX_TOML_BYTES:
        return {}, [(None, _("The scenario file is larger than 256 kB."))]
    with tempfile.TemporaryDirectory(prefix="kerjasama-toml-") as folder:
        path = Path(folder) / "scenario.toml"
        path.write_bytes(content)
        try:
            data = tomllib.loads(read_toml_text(path))
        except InputError as error:
            return {}, rendered(list(error.problems), lang)
        except tomllib.TOMLDecodeError as error:
            found = [Problem("toml_invalid", params={"reason": str(error)})]
            return {}, rendered(found, lang)
    issues: list[tuple[str | None, str]] = []
    if "extends" in data:
        issues.append(
            (
                "extends",
                _(
                    "A scenario that extends another file cannot be imported: import a "
                    "complete scenario.toml (without extends)."
                ),
            )
        )
    weights: dict[str, Any] = data["weights"] if isinstance(data.get("weights"), dict) else {}
    children = weights.get("children")
    tables = [weights, *(children.values() if isinstance(children, dict) else ())]
    if any(isinstance(t, dict) and "judgements" in t for t in tables):
        issues.append(
            (
                "weights.judgements",
                _(
                    "A judgements file cannot be imported: write the AHP "
                    "judgements inline (weights.pairs)."
                ),
            )
        )
    data.pop("data", None)
    meta = data.get("scenario")
    if isinstance(meta, dict):
        meta.pop("region", None)
        meta.pop("years", None)
    if issues:
        return data, issues
    return data, rendered(problems(mapping, data), lang)
