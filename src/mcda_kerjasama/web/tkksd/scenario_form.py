"""The scenario form: budgets and staff caps per year, groups, must / must-not,
screening rules, the weighting method and its values, the solver. It edits the keys it
shows and keeps every other key of the stored scenario (an imported ``[explain]`` or
``must_fund_where`` stays as it was). The core checks the result; each problem is shown
beside the field its key belongs to."""

from __future__ import annotations

import copy
import itertools
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mcda_kerjasama.scenario import KINDS
from mcda_kerjasama.web.tkksd.forms import (
    GROUP_FIELDS,
    WEIGHT_METHODS,
    _amount,
    _ids,
    _number,
    _show,
)
from mcda_kerjasama.web.tkksd.intake import intake_scenario
from mcda_kerjasama.web.tkksd.models import Mapping

EXTRA_GROUPS = 2


def _t(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=1000, help_text=help_text)


class ScenarioForm(forms.Form):
    """See the module docstring."""

    def __init__(self, mapping: Mapping, base: dict[str, Any], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mapping = mapping
        self.base = base
        scenario = intake_scenario(mapping)
        self.years = [str(y) for y in mapping.years]
        self.criteria = [(c.key, c.display("id")) for c in scenario.criteria]
        self.top = list(scenario.children())
        f = self.fields
        f["name"] = forms.CharField(label=_("Scenario name"), max_length=200)
        f["language"] = forms.ChoiceField(
            label=_("Language of the results"),
            choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        )
        for year in self.years:
            f[f"budget_{year}"] = _t(_("Budget %(year)s (rupiah)") % {"year": year})
            f[f"staff_{year}"] = _t(_("Staff cap %(year)s (person-months)") % {"year": year})
        f["budget_total"] = _t(_("Budget over all years (optional)"))
        f["staff_per_agency"] = _t(_("Staff cap per agency and year (optional)"))
        f["mandatory"] = forms.BooleanField(
            label=_("Mandatory KSDD must be funded"), required=False
        )
        f["ongoing"] = forms.BooleanField(
            label=_("Ongoing cooperations stay at their schedule"), required=False
        )
        f["must_fund"] = _t(
            _("Must be funded (codes)"), _("Codes separated by spaces, commas or ;")
        )
        f["must_not_fund"] = _t(_("Must not be funded (codes)"))
        f["require_plan_link"] = forms.BooleanField(
            label=_("Require an RPJMD/RKPD indicator"), required=False
        )
        f["max_duration"] = _t(_("Longest duration allowed (years)"))
        for key, label in self.criteria:
            f[f"min_{key}"] = _t(_("Minimum score: %(c)s") % {"c": label})
        f["exclude_kinds"] = forms.MultipleChoiceField(
            label=_("Kinds left out"),
            choices=[(k, k) for k in KINDS],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        f["exempt"] = _t(_("Exempt from screening (codes)"))
        f["method"] = forms.ChoiceField(label=_("Weighting method"), choices=WEIGHT_METHODS)
        for key, label in self.criteria:
            if key in self.top:
                f[f"w_{key}"] = _t(label)
        for a, b in itertools.combinations(self.top, 2):
            f[f"pair_{a}__{b}"] = _t(f"{a} / {b}")
        self.groups = len(base.get("constraints", {}).get("group", [])) + EXTRA_GROUPS
        for i in range(self.groups):
            for name in GROUP_FIELDS:
                f[f"group_{i}_{name}"] = _t(name)
        f["backend"] = forms.ChoiceField(
            label=_("Solver"), choices=[("highs", "HiGHS"), ("cbc", "CBC")]
        )
        f["time_limit"] = _t(_("Time limit (seconds)"))
        f["mip_gap"] = _t(_("Accepted relative gap (0 = prove optimality)"))
        if not self.is_bound:
            self.initial = self.initial_from(base)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"f-{name}")

    # --- stored scenario -> fields ---------------------------------------------------------
    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        meta = data.get("scenario", {})
        cons = data.get("constraints", {})
        scr = data.get("screening", {})
        weights = data.get("weights", {})
        solver = data.get("solver", {})
        out: dict[str, Any] = {
            "name": meta.get("name", ""),
            "language": meta.get("language", "id"),
            "budget_total": _show(cons.get("budget_total")),
            "staff_per_agency": _show(cons.get("staff_per_agency")),
            "mandatory": cons.get("mandatory", True),
            "ongoing": cons.get("ongoing", True),
            "must_fund": _show(
                cons.get("must_fund") if isinstance(cons.get("must_fund"), list) else None
            ),
            "must_not_fund": _show(
                cons.get("must_not_fund") if isinstance(cons.get("must_not_fund"), list) else None
            ),
            "require_plan_link": scr.get("require_plan_link", False),
            "max_duration": _show(scr.get("max_duration")),
            "exclude_kinds": scr.get("exclude_kinds", []),
            "exempt": _show(scr.get("exempt")),
            "method": weights.get("method", "direct"),
            "backend": solver.get("backend", "highs"),
            "time_limit": _show(solver.get("time_limit", 60)),
            "mip_gap": _show(solver.get("mip_gap", 0.0)),
        }
        for name in ("budget", "staff"):
            value = cons.get(name)
            for year in self.years:
                each = value.get(year) if isinstance(value, dict) else value
                out[f"{name}_{year}"] = _show(each)
        for key, _label in self.criteria:
            out[f"min_{key}"] = _show(scr.get("min_score", {}).get(key))
        method = weights.get("method", "direct")
        for key in self.top:
            if method == "swing":
                out[f"w_{key}"] = _show(weights.get("points", {}).get(key))
            elif method in ("roc", "rank_sum"):
                order = weights.get("order", [])
                out[f"w_{key}"] = str(order.index(key) + 1) if key in order else ""
            else:
                out[f"w_{key}"] = _show(weights.get("values", {}).get(key))
        pairs = weights.get("pairs", {})
        if isinstance(pairs, dict):
            for joined, value in pairs.items():
                a, _sep, b = joined.partition("/")
                out[f"pair_{a}__{b}"] = _show(value)
        elif isinstance(pairs, list):
            for item in pairs:
                if isinstance(item, list) and len(item) == 3:
                    out[f"pair_{item[0]}__{item[1]}"] = _show(item[2])
        for i, group in enumerate(cons.get("group", [])):
            for name in GROUP_FIELDS:
                out[f"group_{i}_{name}"] = _show(group.get(name))
        return out

    # --- fields -> scenario ------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """The stored scenario with the form's keys replaced (call after is_valid)."""
        c = self.cleaned_data
        data = copy.deepcopy(self.base)
        data["schema_version"] = data.get("schema_version", 1)
        meta = data.setdefault("scenario", {})
        meta["name"], meta["language"] = c["name"], c["language"]
        cons = data.setdefault("constraints", {})
        for name, parse in (("budget", _amount), ("staff", _number)):
            per_year = {y: parse(c[f"{name}_{y}"]) for y in self.years}
            kept = {y: v for y, v in per_year.items() if v is not None}
            if kept or name == "budget":
                cons[name] = kept
            else:
                cons.pop(name, None)
        _put(cons, "budget_total", _amount(c["budget_total"]))
        _put(cons, "staff_per_agency", _number(c["staff_per_agency"]))
        cons["mandatory"], cons["ongoing"] = c["mandatory"], c["ongoing"]
        _put(cons, "must_fund", _ids(c["must_fund"]) or None)
        _put(cons, "must_not_fund", _ids(c["must_not_fund"]) or None)
        groups = []
        for i in range(self.groups):
            raw = {n: c[f"group_{i}_{n}"].strip() for n in GROUP_FIELDS}
            if not any(raw.values()):
                continue
            group: dict[str, Any] = {}
            for name in ("name", "column"):
                if raw[name]:
                    group[name] = raw[name]
            if raw["values"]:
                group["values"] = [v.strip() for v in raw["values"].split(";") if v.strip()]
            for name in ("max_count", "min_count", "max_share", "min_share"):
                if raw[name]:
                    group[name] = _number(raw[name])
            groups.append(group)
        _put(cons, "group", groups or None)
        scr = data.setdefault("screening", {})
        scr["require_plan_link"] = c["require_plan_link"]
        _put(scr, "max_duration", _number(c["max_duration"]))
        minimum = {k: _number(c[f"min_{k}"]) for k, _l in self.criteria if c[f"min_{k}"].strip()}
        _put(scr, "min_score", minimum or None)
        _put(scr, "exclude_kinds", list(c["exclude_kinds"]) or None)
        _put(scr, "exempt", _ids(c["exempt"]) or None)
        data["weights"] = self._weights(data.get("weights", {}))
        solver = data.setdefault("solver", {})
        solver["backend"] = c["backend"]
        _put(solver, "time_limit", _number(c["time_limit"]))
        _put(solver, "mip_gap", _number(c["mip_gap"]))
        return data

    def _weights(self, old: dict[str, Any]) -> dict[str, Any]:
        c = self.cleaned_data
        method = c["method"]
        kept = {k: v for k, v in old.items() if k == "children"}
        if method == old.get("method"):
            kept.update(
                {k: v for k, v in old.items() if k not in ("values", "points", "order", "pairs")}
            )
        weights: dict[str, Any] = {**kept, "method": method}
        given = {k: c[f"w_{k}"] for k in self.top if c[f"w_{k}"].strip()}
        if method == "direct":
            weights["values"] = {k: _number(v) for k, v in given.items()}
        elif method == "swing":
            weights["points"] = {k: _number(v) for k, v in given.items()}
        elif method in ("roc", "rank_sum"):
            ranks = {k: _number(v) for k, v in given.items()}
            weights["order"] = sorted(ranks, key=lambda k: (str(type(ranks[k])), ranks[k]))
        elif method == "ahp":
            pairs = {}
            for a, b in itertools.combinations(self.top, 2):
                value = c[f"pair_{a}__{b}"].strip()
                if value:
                    pairs[f"{a}/{b}"] = _ratio(value)
            weights["pairs"] = pairs
        return weights

    def field_for(self, key: str | None) -> str | None:
        """The form field a scenario key (``constraints.budget.2026``) belongs to."""
        if not key:
            return None
        parts = re.sub(r"\[(\d+)\]", r".\1", key).split(".")
        table = {
            ("scenario", "name"): "name",
            ("scenario", "language"): "language",
            ("constraints", "budget_total"): "budget_total",
            ("constraints", "staff_per_agency"): "staff_per_agency",
            ("constraints", "must_fund"): "must_fund",
            ("constraints", "must_not_fund"): "must_not_fund",
            ("screening", "max_duration"): "max_duration",
            ("screening", "exclude_kinds"): "exclude_kinds",
            ("screening", "exempt"): "exempt",
            ("solver", "backend"): "backend",
            ("solver", "time_limit"): "time_limit",
            ("solver", "mip_gap"): "mip_gap",
            ("weights", "method"): "method",
        }
        pair = (parts[0], parts[1]) if len(parts) > 1 else (parts[0], "")
        if pair in table:
            return table[pair]
        if parts[:2] in (["constraints", "budget"], ["constraints", "staff"]):
            year = parts[2] if len(parts) > 2 and parts[2] in self.years else self.years[0]
            return f"{parts[1]}_{year}"
        if (
            parts[:2] == ["screening", "min_score"]
            and len(parts) > 2
            and f"min_{parts[2]}" in self.fields
        ):
            return f"min_{parts[2]}"
        if parts[0] == "weights" and len(parts) > 2 and f"w_{parts[2]}" in self.fields:
            return f"w_{parts[2]}"
        if parts[0] == "weights":
            return "method"
        if parts[:2] == ["constraints", "group"] and len(parts) > 2 and parts[2].isdigit():
            name = parts[3] if len(parts) > 3 and parts[3] in GROUP_FIELDS else "name"
            return f"group_{parts[2]}_{name}"
        return None


def _put(table: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value


def _ratio(text: str) -> Any:
    """``3``, ``1/3`` or ``2,5`` as a number; other text as it is (the core names it)."""
    if "/" in text:
        top, _sep, bottom = text.partition("/")
        a, b = _number(top), _number(bottom)
        if isinstance(a, int | float) and isinstance(b, int | float) and b:
            return a / b
        return text
    return _number(text)
