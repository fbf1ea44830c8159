"""Scenarios: the form, import and export of ``scenario.toml``, and screening (the core's
``check`` on the accepted proposals: who is eligible, who is not and why)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcda_kerjasama.errors import KerjasamaError
from mcda_kerjasama.web.tkksd import audit, scenarios
from mcda_kerjasama.web.tkksd.forms import ScenarioFileForm
from mcda_kerjasama.web.tkksd.models import Mapping, Membership, Scenario
from mcda_kerjasama.web.tkksd.runs import write_inputs
from mcda_kerjasama.web.tkksd.scenario_form import ScenarioForm
from mcda_kerjasama.web.tkksd.views.base import lang, member_view, page


@member_view("view_scenarios")
def scenario_list(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """The mapping's scenarios, with import."""
    form = ScenarioFileForm(request.POST or None, request.FILES or None)
    issues: list[tuple[str | None, str]] = []
    if request.method == "POST":
        if not member or not _may_edit(member):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            data, issues = scenarios.import_toml(mapping, form.cleaned_data["file"].read(), lang())
            if not issues:
                name = str(data.get("scenario", {}).get("name") or form.cleaned_data["file"].name)
                scenario = Scenario.objects.create(
                    mapping=mapping, name=name[:200], data=data, created_by=request.user
                )
                audit.record(request, "scenario_imported", mapping, scenario.name)
                messages.success(request, _("Scenario imported."))
                return redirect("scenario", mapping_id=mapping.pk, pk=scenario.pk)
    return page(
        request,
        "tkksd/scenarios.html",
        mapping,
        member,
        scenarios=mapping.scenarios.all(),
        form=form,
        issues=issues,
        status=422 if issues else 200,
    )


def _may_edit(member: Membership) -> bool:
    from mcda_kerjasama.web.tkksd.roles import can

    return can(member.role, "edit_scenarios")


def _edit(
    request: HttpRequest, mapping: Mapping, member: Membership, scenario: Scenario | None
) -> HttpResponse:
    base = scenario.data if scenario else scenarios.default_data(mapping, _("New scenario"))
    form = ScenarioForm(mapping, base, request.POST or None)
    others: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        found = scenarios.problems(mapping, data)
        for problem in found:
            field = form.field_for(problem.key)
            text = problem.render("en" if lang() == "en" else "id")
            if field in form.fields:
                form.add_error(field, text)
            else:
                others.append(text)
        if not found:
            if scenario is None:
                scenario = Scenario.objects.create(
                    mapping=mapping,
                    name=data["scenario"]["name"][:200],
                    data=data,
                    created_by=request.user,
                )
                audit.record(request, "scenario_created", mapping, scenario.name)
            else:
                audit.record(request, "scenario_edited", mapping, scenario.name)
                scenario.name = data["scenario"]["name"][:200]
                scenario.data = data
                scenario.save()
            messages.success(request, _("Scenario saved."))
            return redirect("scenario", mapping_id=mapping.pk, pk=scenario.pk)
    return page(
        request,
        "tkksd/scenario_form.html",
        mapping,
        member,
        form=form,
        scenario=scenario,
        others=others,
        status=422 if request.method == "POST" else 200,
    )


@member_view("edit_scenarios")
def scenario_new(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """A new scenario from the form."""
    return _edit(request, mapping, member, None)


@member_view("view_scenarios")
def scenario_detail(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int
) -> HttpResponse:
    """A scenario: its TOML and, for those who may, the form."""
    scenario = get_object_or_404(Scenario, pk=pk, mapping=mapping)
    if _may_edit(member):
        return _edit(request, mapping, member, scenario)
    return page(
        request,
        "tkksd/scenario.html",
        mapping,
        member,
        scenario=scenario,
        toml=scenarios.export_toml(scenario),
    )


@member_view("view_scenarios")
def scenario_export(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int
) -> HttpResponse:
    """The scenario as ``scenario.toml``."""
    scenario = get_object_or_404(Scenario, pk=pk, mapping=mapping)
    response = HttpResponse(
        scenarios.export_toml(scenario), content_type="application/toml; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="scenario.toml"'
    return response


@require_POST
@member_view("edit_scenarios")
def scenario_delete(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int
) -> HttpResponse:
    """Delete a scenario (its runs keep their own copy of it)."""
    scenario = get_object_or_404(Scenario, pk=pk, mapping=mapping)
    audit.record(request, "scenario_deleted", mapping, scenario.name, data=scenario.data)
    scenario.delete()
    return redirect("scenarios", mapping_id=mapping.pk)


@member_view("edit_scenarios")
def scenario_screen(
    request: HttpRequest, mapping: Mapping, member: Membership, pk: int
) -> HttpResponse:
    """Screening: the core's ``check`` on the accepted proposals with this scenario."""
    from mcda_kerjasama import check, load_scenario

    scenario = get_object_or_404(Scenario, pk=pk, mapping=mapping)
    language = lang()
    error = ""
    eligible: list[str] = []
    rows: list[dict[str, object]] = []
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kerjasama-check-") as folder:
        count = write_inputs(Path(folder) / "masukan", mapping, scenario)
        try:
            checked = check(load_scenario(Path(folder) / "masukan"))
        except KerjasamaError as failure:
            error = failure.render(language)
        else:
            eligible = list(checked.screening.eligible)
            data = checked.proposals.data
            for pid in checked.screening.not_eligible:
                rows.append(
                    {
                        "id": pid,
                        "title": data.loc[pid, "title"],
                        "agency": data.loc[pid, "agency"],
                        "reasons": checked.screening.reason_text(pid, language),
                    }
                )
            warnings = [w.render(language) for w in checked.warnings]
    return page(
        request,
        "tkksd/screening.html",
        mapping,
        member,
        scenario=scenario,
        count=count,
        eligible=len(eligible),
        not_eligible=rows,
        error=error,
        warnings=warnings,
    )
