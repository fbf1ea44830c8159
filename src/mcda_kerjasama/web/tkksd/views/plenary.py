"""The plenary view (*mode rapat pleno*): a projector page with one slider per criterion
weight; every move re-optimises the run's portfolio (htmx sends the form on input, after
a short pause; without script the button sends it) and shows what entered and left
against the run, the budget use and the ranking. "Simpan sebagai skenario" stores the
agreed weights as a new scenario (audit log: who and when)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcda_kerjasama.errors import KerjasamaError
from mcda_kerjasama.web.tkksd import plenary
from mcda_kerjasama.web.tkksd.models import Mapping, Membership, Run, RunStatus
from mcda_kerjasama.web.tkksd.views.base import is_htmx, lang, member_view, page


def _done_run(mapping: Mapping, number: int) -> Run:
    run = get_object_or_404(Run, mapping=mapping, number=number)
    if run.status != RunStatus.DONE:
        raise Http404
    return run


def _context(run: Run, sent: Any) -> dict[str, Any]:
    """What the page and its fragment show for the weights ``sent`` (a QueryDict)."""
    keys = list(plenary.tuner(run).scenario.criterion_keys)
    weights = plenary.parse_weights(sent, keys)
    invalid = weights is None and any(f"w_{k}" in sent for k in keys)
    try:
        shown = plenary.evaluate(run, weights)
    except KerjasamaError as error:  # the rules admit no portfolio whatever the weights
        return {"run": run, "failure": error.render(lang()), "sliders": []}
    raw = weights or {k: 100.0 * v for k, v in shown["values"].items()}
    sliders = [
        {**w, "value": round(raw[w["key"]], 1), "name": f"w_{w['key']}"} for w in shown["weights"]
    ]
    return {"run": run, "shown": shown, "sliders": sliders, "invalid": invalid}


@member_view("view_results")
def plenary_view(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """The plenary page (GET with ``w_<criterion>`` values: the portfolio for them; htmx:
    the result fragment alone)."""
    run = _done_run(mapping, number)
    context = _context(run, request.GET)
    if is_htmx(request):
        return page(
            request, "tkksd/plenary/_result.html", mapping, member, fragment=True, **context
        )
    context["default_name"] = _("Plenary %(date)s (run #%(n)d)") % {
        "date": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "n": run.number,
    }
    return page(request, "tkksd/plenary/plenary.html", mapping, member, nav="runs", **context)


@require_POST
@member_view("edit_scenarios")
def plenary_save(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """Store the agreed weights as a new scenario (method direct with these values)."""
    run = _done_run(mapping, number)
    keys = list(plenary.tuner(run).scenario.criterion_keys)
    weights = plenary.parse_weights(request.POST, keys)
    name = (request.POST.get("name") or "").strip()[:200]
    if weights is None or not name:
        messages.error(
            request, _("Give the scenario a name and weights that are not all zero, then save.")
        )
        return redirect("plenary", mapping_id=mapping.pk, number=number)
    scenario, problems = plenary.save_scenario(request, run, weights, name, lang())
    if scenario is None:
        for _key, text in problems:
            messages.error(request, text)
        return redirect("plenary", mapping_id=mapping.pk, number=number)
    messages.success(
        request,
        _("The agreed weights are saved as the scenario “%(name)s”.") % {"name": scenario.name},
    )
    return redirect("scenario", mapping_id=mapping.pk, pk=scenario.pk)
