"""AHP judgement rounds: the list, a member's questionnaire (answers saved as given, with
htmx and without), and the secretariat's view (completion, CRs, group weights,
disagreement, consensus; exclusion, close and reopen, Excel in and pairs file out).

Roles: the list for the secretariat and the members (anggota); the questionnaire for the
members only (each answers for themself); everything else for the secretariat.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mcda_kerjasama.web.tkksd import judgements as core
from mcda_kerjasama.web.tkksd.models import JudgementRound, Mapping, Membership
from mcda_kerjasama.web.tkksd.roles import can
from mcda_kerjasama.web.tkksd.views.base import is_htmx, lang, member_view, page
from mcda_kerjasama.weights.ahp.consensus import CONSENSUS_HIGH, CONSENSUS_LOW
from mcda_kerjasama.weights.questionnaire.layout import (
    SIDES,
    answer_from_judgement,
    judgement_from_answer,
    level_choice,
)
from mcda_kerjasama.weights.words import verbal


def _round(mapping: Mapping, number: int) -> JudgementRound:
    return get_object_or_404(JudgementRound, mapping=mapping, number=number)


@member_view("view_judgements")
def round_list(request: HttpRequest, mapping: Mapping, member: Membership) -> HttpResponse:
    """The mapping's rounds; the secretariat opens a new one."""
    if request.method == "POST":
        if not can(member.role, "manage_judgements"):
            raise PermissionDenied
        title = (request.POST.get("title") or "").strip()[:200] or _("AHP judgements")
        made = core.open_round(request, mapping, title)
        messages.success(request, _("Round opened: the members can answer now."))
        return redirect("judgement_round", mapping_id=mapping.pk, number=made.number)
    return page(request, "tkksd/judgements/list.html", mapping, member, rounds=mapping.rounds.all())


# --- a member's questionnaire -------------------------------------------------------------


def _levels() -> list[tuple[int, str]]:
    return [(k, level_choice(k, lang())) for k in range(1, 10)]


def _group_context(
    rnd: JudgementRound, user: Any, index: int, group: dict[str, Any], error: str = ""
) -> dict[str, Any]:
    language = lang()
    names = core.labels(group, language)
    given = core.answers_of(rnd, user, group["node"])
    rows = []
    for number, (a, b) in enumerate(core.pairs(group), start=1):
        side, level = answer_from_judgement(given[(a, b)]) if (a, b) in given else ("", 0)
        rows.append(
            {
                "number": number,
                "a": a,
                "b": b,
                "label_a": names[a],
                "label_b": names[b],
                "side": side,
                "level": level,
                "id": f"g{index}p{number}",
            }
        )
    state = core.member_group(rnd, user, group, language)
    return {
        "group": group,
        "index": index,
        "title": group["label"][language],
        "rows": rows,
        "state": state,
        "error": error,
    }


@member_view("answer_judgements")
def round_answer(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """The member's questionnaire: one form per pair on the questionnaire's verbal scale;
    after each answer their CR and, when too high, the suggested revision."""
    rnd = _round(mapping, number)
    error = ""
    index = 0
    if request.method == "POST":
        index, error = _save(request, rnd)
        group = rnd.groups[index]
        if is_htmx(request):  # 200 even with an error: htmx swaps only successes
            context = _group_context(rnd, request.user, index, group, error)
            return page(
                request,
                "tkksd/judgements/_status.html",
                mapping,
                member,
                rnd=rnd,
                **context,
            )
        if not error:
            messages.success(request, _("Answer saved."))
            url = reverse("judgement_answer", args=[mapping.pk, rnd.number])
            return redirect(f"{url}#g{index}")
    groups = [
        _group_context(rnd, request.user, i, g, error if i == index else "")
        for i, g in enumerate(rnd.groups)
    ]
    return page(
        request,
        "tkksd/judgements/answer.html",
        mapping,
        member,
        status=422 if error else 200,
        rnd=rnd,
        groups=groups,
        levels=_levels(),
        sides=SIDES,
    )


def _save(request: HttpRequest, rnd: JudgementRound) -> tuple[int, str]:
    """Store one answer from the posted form: (group index, error message or "")."""
    try:
        index = int(request.POST.get("group", ""))
        group = rnd.groups[index]
    except (ValueError, IndexError) as exc:
        raise Http404 from exc
    a, b = request.POST.get("a", ""), request.POST.get("b", "")
    if (a, b) not in core.pairs(group):
        raise Http404
    if not rnd.is_open:
        return index, _("The round is closed: answers can no longer be changed.")
    side = request.POST.get("side", "")
    raw_level = request.POST.get("level", "")
    if side == "" and raw_level == "":
        core.save_answer(request, rnd, group["node"], a, b, None)
        return index, ""
    if side == "equal" and raw_level == "":
        raw_level = "1"
    if side in ("a", "b") and raw_level == "":
        return index, _("Choose how much more important it is.")
    try:
        level = int(raw_level)
    except ValueError:
        level = 0
    value = judgement_from_answer(side, level)
    if value is None:
        if side == "equal":
            return index, _(
                "'Equally important' goes with level 1 only: choose level 1, or choose "
                "the more important criterion."
            )
        return index, _("Choose which criterion is more important and a level from 1 to 9.")
    core.save_answer(request, rnd, group["node"], a, b, value)
    return index, ""


@member_view("answer_judgements")
def round_form(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int, index: int
) -> HttpResponse:
    """The Excel questionnaire of one group, for the member to fill in offline."""
    rnd = _round(mapping, number)
    if index >= len(rnd.groups):
        raise Http404
    data = core.form_for(rnd, rnd.groups[index]["node"], request.user, lang())
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"kuesioner_{rnd.number}_{index + 1}_{request.user.get_username()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the secretariat ---------------------------------------------------------------------


def _percent_band() -> dict[str, float]:
    return {"low": 100 * CONSENSUS_LOW, "high": 100 * CONSENSUS_HIGH}


def _secretariat_context(rnd: JudgementRound) -> dict[str, Any]:
    language = lang()
    users = core.respondents(rnd)
    left_out = core.excluded(rnd)
    done = core.completion(rnd, users)
    members = []
    for user in users:
        states = [core.member_group(rnd, user, g, language) for g in rnd.groups]
        members.append(
            {
                "user": user,
                "answered": done[user.pk][0],
                "total": done[user.pk][1],
                "states": states,
                "excluded": left_out.get(user.pk),
            }
        )
    groups = []
    for group in rnd.groups:
        names = core.labels(group, language)
        found = core.group_result(rnd, group)
        entry: dict[str, Any] = {"group": group, "title": group["label"][language]}
        if found is not None:
            entry["weights"] = [
                (names[k], float(found["aij"].weights[k]), float(found["aip"].weights[k]))
                for k, _ in group["criteria"]
            ]
            entry["consensus"] = found["consensus"]
            entry["respondent_weights"] = sorted(found["respondents"].items())
            entry["aij_cr"] = found["aij"].consistency.consistency_ratio
            entry["disagreement"] = [
                {
                    "a": names[row["a"]],
                    "b": names[row["b"]],
                    "n": int(row["n"]),
                    "sd": float(row["sd_log"]),
                    "mean": verbal(
                        float(row["geometric_mean"]), names[row["a"]], names[row["b"]]
                    ).render(language),
                    "low": verbal(float(row["min"]), names[row["a"]], names[row["b"]]).render(
                        language
                    ),
                    "high": verbal(float(row["max"]), names[row["a"]], names[row["b"]]).render(
                        language
                    ),
                }
                for _, row in found["disagreement"].iterrows()
            ]
        groups.append(entry)
    names = {k: label[language] for g in rnd.groups for k, label in g["criteria"]}
    stored = [(names.get(k, k), w) for k, w in (rnd.result.get("weights") or {}).items()]
    return {"members": members, "groups_view": groups, "band": _percent_band(), "stored": stored}


@member_view("manage_judgements")
def round_detail(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """The secretariat's view of a round."""
    rnd = _round(mapping, number)
    context = _secretariat_context(rnd)
    if is_htmx(request):
        return page(request, "tkksd/judgements/_overview.html", mapping, member, rnd=rnd, **context)
    return page(request, "tkksd/judgements/round.html", mapping, member, rnd=rnd, **context)


@require_POST
@member_view("manage_judgements")
def round_state(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """Close (the weights are stored) or reopen the round; both in the audit log."""
    rnd = _round(mapping, number)
    action = request.POST.get("action")
    if action == "close" and rnd.is_open:
        core.set_open(request, rnd, False)
        messages.success(request, _("Round closed: the group weights are stored."))
    elif action == "reopen" and not rnd.is_open:
        core.set_open(request, rnd, True)
        messages.success(request, _("Round reopened: the members can change their answers."))
    return redirect("judgement_round", mapping_id=mapping.pk, number=rnd.number)


def _respondent(rnd: JudgementRound, raw: str | None) -> Any:
    try:
        pk = int(raw or "")
    except ValueError as exc:
        raise Http404 from exc
    user = next((u for u in core.respondents(rnd) if u.pk == pk), None)
    if user is None:
        raise Http404
    return user


@require_POST
@member_view("manage_judgements")
def round_exclude(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """Leave a member out of the group weights with a reason, or take them back."""
    rnd = _round(mapping, number)
    user = _respondent(rnd, request.POST.get("user"))
    if not rnd.is_open:
        messages.error(request, _("Reopen the round to change who is in the group weights."))
    elif request.POST.get("action") == "include":
        core.include(request, rnd, user)
        messages.success(request, _("The member is included again."))
    else:
        reason = (request.POST.get("reason") or "").strip()
        if not reason:
            messages.error(request, _("Write the reason for leaving the member out."))
        else:
            core.exclude(request, rnd, user, reason[:2000])
            messages.success(request, _("The member is left out of the group weights."))
    return redirect("judgement_round", mapping_id=mapping.pk, number=rnd.number)


@member_view("manage_judgements")
def round_export(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int, index: int
) -> HttpResponse:
    """One group's judgements as the pairs file ``kerjasama weights`` reads."""
    rnd = _round(mapping, number)
    if index >= len(rnd.groups):
        raise Http404
    text = core.export_csv(rnd, rnd.groups[index]["node"])
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    name = f"perbandingan_{rnd.number}_{index + 1}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@member_view("manage_judgements")
def round_import(
    request: HttpRequest, mapping: Mapping, member: Membership, number: int
) -> HttpResponse:
    """A filled Excel questionnaire stored as a member's answers."""
    rnd = _round(mapping, number)
    user = _respondent(rnd, request.POST.get("user"))
    upload = request.FILES.get("file")
    if not rnd.is_open:
        messages.error(request, _("The round is closed: answers can no longer be changed."))
    elif upload is None:
        messages.error(request, _("Choose the filled questionnaire (.xlsx)."))
    else:
        node, problems = core.import_form(
            request, rnd, user, upload.read(), lang(), upload.name or ""
        )
        for problem in problems:
            messages.error(request, problem)
        if node is not None:
            messages.success(request, _("Questionnaire imported."))
    return redirect("judgement_round", mapping_id=mapping.pk, number=rnd.number)
