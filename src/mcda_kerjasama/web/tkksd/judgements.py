"""AHP judgement rounds: the questions of a round, members' answers, and what the core
computes from them (each member's consistency and suggested revision, the group's AIJ and
AIP weights, disagreement, consensus), the Excel questionnaire in and the pairs file out.

Nothing here decides a rule: an answer becomes a judgement by
:func:`~mcda_kerjasama.weights.questionnaire.layout.judgement_from_answer` (the Excel
questionnaire's rule), weights come from :func:`~mcda_kerjasama.weights.ahp.ahp_weights`
and :func:`~mcda_kerjasama.weights.group.group_ahp_weights`, the export is the core's
:func:`~mcda_kerjasama.weights.questionnaire.pairs_csv`, read back by ``kerjasama
weights``. The group of respondents of a round are its members with the role *anggota*
and anyone who answered; a member is named by the username in exported files.
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from mcda_kerjasama.errors import InputError, JudgementError, KerjasamaError
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.scenario import build_scenario
from mcda_kerjasama.web.tkksd import audit, scenarios
from mcda_kerjasama.web.tkksd.models import (
    JudgementAnswer,
    JudgementExclusion,
    JudgementRound,
    Mapping,
    Membership,
    Role,
)
from mcda_kerjasama.weights.ahp import (
    PairwiseComparisons,
    ahp_weights,
    analyse,
    build_comparisons,
    suggest_repairs,
)
from mcda_kerjasama.weights.base import Weights
from mcda_kerjasama.weights.group import group_ahp_weights
from mcda_kerjasama.weights.hierarchy import ROOT, hierarchy_weights
from mcda_kerjasama.weights.questionnaire import form_bytes, pairs_csv, read_form
from mcda_kerjasama.weights.words import advice

#: the largest questionnaire workbook accepted (a filled one is about 20 kB)
MAX_FORM_BYTES = 2 * 1024 * 1024


def criteria_groups(mapping: Mapping) -> list[dict[str, Any]]:
    """The questions of a new round: the main criteria (node ``"(goal)"``) and the
    children of every group of criteria, with labels in both languages, as the core
    reads the mapping's criteria."""
    data = scenarios.default_data(mapping, "judgements")
    data.pop("screening", None)  # the criteria are what matters here
    for attempt in range(2):
        try:
            scenario = build_scenario(scenarios.full(mapping, data))
            break
        except InputError as error:
            missing = [
                str(p.key).rsplit(".", 1)[-1]
                for p in error.problems
                if p.code == "key_missing" and str(p.key).startswith("weights.children.")
            ]
            if not missing or attempt:
                raise
            data = copy.deepcopy(data)
            data["weights"] = {
                "method": "equal",
                "children": {k: {"method": "equal"} for k in missing},
            }
    nodes = {c.key: c for c in (*scenario.groups, *scenario.criteria)}
    out = []
    for node in (None, *(g.key for g in scenario.groups)):
        kids = scenario.children(node)
        if len(kids) < 2:
            continue
        label = (
            {lang: text("label_main_criteria", lang) for lang in ("id", "en")}
            if node is None
            else {"id": nodes[node].display("id"), "en": nodes[node].display("en")}
        )
        out.append(
            {
                "node": ROOT if node is None else node,
                "label": label,
                "criteria": [
                    [k, {"id": nodes[k].display("id"), "en": nodes[k].display("en")}] for k in kids
                ],
            }
        )
    return out


def open_round(request: HttpRequest, mapping: Mapping, title: str) -> JudgementRound:
    """A new round of the mapping, numbered after the last one (audit ``round_opened``)."""
    groups = criteria_groups(mapping)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                last = mapping.rounds.aggregate(n=Max("number"))["n"] or 0
                made = JudgementRound.objects.create(
                    mapping=mapping,
                    number=last + 1,
                    title=title,
                    groups=groups,
                    created_by=request.user,
                )
            break
        except IntegrityError:  # two secretaries at once: take the next number
            continue
    else:
        raise IntegrityError("round number")
    audit.record(request, "round_opened", mapping, f"#{made.number} {made.title}")
    return made


def pairs(group: dict[str, Any]) -> list[tuple[str, str]]:
    """Every unordered pair of a group's criteria, a before b in the group's order."""
    keys = [k for k, _ in group["criteria"]]
    return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]


def labels(group: dict[str, Any], lang: Language) -> dict[str, str]:
    """Criterion key -> label in ``lang``."""
    return {k: names[lang] for k, names in group["criteria"]}


def find_group(rnd: JudgementRound, node: str) -> dict[str, Any] | None:
    """The group of a round asked under ``node``."""
    return next((g for g in rnd.groups if g["node"] == node), None)


def answers_of(rnd: JudgementRound, user: Any, node: str) -> dict[tuple[str, str], float]:
    """One member's answers to one group."""
    rows = rnd.answers.filter(user=user, node=node).values_list("a", "b", "value")
    return {(a, b): v for a, b, v in rows}


def save_answer(
    request: HttpRequest, rnd: JudgementRound, node: str, a: str, b: str, value: float | None
) -> None:
    """Store (or, with ``None``, remove) the member's answer to a pair, as given."""
    if value is None:
        rnd.answers.filter(user=request.user, node=node, a=a, b=b).delete()
        return
    for attempt in range(2):  # two saves of the same pair at once: the second updates
        try:
            with transaction.atomic():
                JudgementAnswer.objects.update_or_create(
                    round=rnd,
                    user=request.user,
                    node=node,
                    a=a,
                    b=b,
                    defaults={"value": value, "source": "web"},
                )
            return
        except IntegrityError:
            if attempt:
                raise


@dataclass
class MemberGroup:
    """One member's state in one group: answered pairs, CR, the suggested revision."""

    answered: int
    total: int
    weights: dict[str, float] = field(default_factory=dict)
    cr: float | None = None
    consistent: bool | None = None
    advice: str = ""
    complete_enough: bool = False  # every criterion compared (a connected set)


def member_group(
    rnd: JudgementRound, user: Any, group: dict[str, Any], lang: Language
) -> MemberGroup:
    """A member's consistency in a group, with the first suggested revision on the
    verbal scale when it is too high (the command line's advice). The core's analysis
    and repair suggestions, as :func:`~mcda_kerjasama.weights.ahp.ahp_weights` computes
    them, without the tables a report needs (this runs after every answer)."""
    given = answers_of(rnd, user, group["node"])
    state = MemberGroup(answered=len(given), total=len(pairs(group)))
    keys = [k for k, _ in group["criteria"]]
    if not given:
        return state
    try:
        analysis = analyse(build_comparisons(given, keys))
    except JudgementError:
        return state
    consistency = analysis.consistency
    state.complete_enough = True
    state.weights = {str(k): float(v) for k, v in analysis.priorities("eigenvector").items()}
    state.cr = consistency.consistency_ratio
    state.consistent = consistency.consistent
    if not consistency.consistent:
        found = suggest_repairs(analysis, max_suggestions=1)
        state.advice = advice(found[0] if found else None, labels(group, lang)).render(lang)
    return state


def respondents(rnd: JudgementRound) -> list[Any]:
    """The round's respondents: members with the role anggota, then anyone else who
    answered, by username."""
    users = {
        m.user.pk: m.user
        for m in Membership.objects.filter(mapping=rnd.mapping, role=Role.ANGGOTA).select_related(
            "user"
        )
    }
    from django.contrib.auth import get_user_model

    others = rnd.answers.exclude(user_id__in=list(users)).values_list("user_id", flat=True)
    users.update({u.pk: u for u in get_user_model().objects.filter(pk__in=set(others))})
    return sorted(users.values(), key=lambda u: u.username)


def excluded(rnd: JudgementRound) -> dict[int, JudgementExclusion]:
    """user id -> the exclusion, for the members left out."""
    return {e.user_id: e for e in rnd.exclusions.select_related("created_by")}


def group_sets(
    rnd: JudgementRound, group: dict[str, Any]
) -> dict[str, dict[tuple[str, str], float]]:
    """username -> judgements, for the members included and with a connected set."""
    left_out = excluded(rnd)
    keys = [k for k, _ in group["criteria"]]
    sets: dict[str, dict[tuple[str, str], float]] = {}
    for user in respondents(rnd):
        if user.pk in left_out:
            continue
        given = answers_of(rnd, user, group["node"])
        if not given:
            continue
        try:
            ahp_weights(given, keys)
        except JudgementError:
            continue
        sets[user.username] = given
    return sets


def group_result(rnd: JudgementRound, group: dict[str, Any]) -> dict[str, Any] | None:
    """The group's AIJ and AIP weights, respondent weights, disagreement and consensus
    (``None`` while nobody has a usable set)."""
    sets = group_sets(rnd, group)
    if not sets:
        return None
    keys = [k for k, _ in group["criteria"]]
    aij = group_ahp_weights(sets, keys)
    aip = group_ahp_weights(sets, keys, aggregation="aip")
    consensus = aij.details["consensus"]
    return {
        "aij": aij,
        "aip": aip,
        "consensus": consensus,
        "disagreement": aij.details["disagreement"],
        "respondents": {r.name: r.weight for r in aij.respondents},
    }


def round_weights(rnd: JudgementRound) -> dict[str, Any]:
    """The weights the round gives, as stored when it closes: per group the AIJ local
    weights and the consensus, and the criteria's global weights (AIJ, products down the
    tree) as ``kerjasama weights`` computes them on the exported judgements."""
    local: dict[str, Weights] = {}
    out: dict[str, Any] = {"groups": {}, "weights": {}}
    for group in rnd.groups:
        found = group_result(rnd, group)
        if found is None:
            return out
        local[group["node"]] = found["aij"]
        out["groups"][group["node"]] = {
            "aij": {str(k): float(v) for k, v in found["aij"].weights.items()},
            "aip": {str(k): float(v) for k, v in found["aip"].weights.items()},
            "consensus": found["consensus"].value,
            "respondents": found["respondents"],
        }
    top = local.pop(ROOT)
    total = hierarchy_weights(top, local) if local else top
    out["weights"] = {str(k): float(v) for k, v in total.weights.items()}
    return out


def set_open(request: HttpRequest, rnd: JudgementRound, is_open: bool) -> None:
    """Close (storing the weights) or reopen a round; audit ``round_closed`` or
    ``round_reopened``."""
    rnd.is_open = is_open
    if is_open:
        rnd.closed_at = None
    else:
        rnd.closed_at = timezone.now()
        rnd.result = round_weights(rnd)
    rnd.save(update_fields=["is_open", "closed_at", "result"])
    action = "round_reopened" if is_open else "round_closed"
    audit.record(request, action, rnd.mapping, f"#{rnd.number} {rnd.title}")


def exclude(request: HttpRequest, rnd: JudgementRound, user: Any, reason: str) -> None:
    """Leave a member out of the round's group weights, with the reason (audit)."""
    JudgementExclusion.objects.update_or_create(
        round=rnd, user=user, defaults={"reason": reason, "created_by": request.user}
    )
    audit.record(
        request,
        "round_member_excluded",
        rnd.mapping,
        user.username,
        round=rnd.number,
        reason=reason,
    )


def include(request: HttpRequest, rnd: JudgementRound, user: Any) -> None:
    """Take an excluded member back into the group weights (audit)."""
    rnd.exclusions.filter(user=user).delete()
    audit.record(request, "round_member_included", rnd.mapping, user.username, round=rnd.number)


def export_csv(rnd: JudgementRound, node: str) -> str:
    """The group's judgements as the pairs file ``kerjasama weights`` reads
    (``a,b,nilai,responden``; the members included, named by username)."""
    group = find_group(rnd, node)
    if group is None:
        return ""
    keys = [k for k, _ in group["criteria"]]
    sets = {
        who: PairwiseComparisons(tuple(keys), dict(given))
        for who, given in group_sets(rnd, group).items()
    }
    return pairs_csv(sets)


def form_for(rnd: JudgementRound, node: str, user: AbstractBaseUser, lang: Language) -> bytes:
    """The Excel questionnaire of one group for one member (the command line's form)."""
    group = find_group(rnd, node)
    assert group is not None
    names = labels(group, lang)
    return form_bytes(
        [(k, names[k]) for k, _ in group["criteria"]],
        user.get_username(),
        scenario_name=f"{rnd.mapping.name}: {rnd.title}",
        lang=lang,
    )


def import_form(
    request: HttpRequest,
    rnd: JudgementRound,
    user: Any,
    content: bytes,
    lang: Language,
    name: str = "kuesioner.xlsx",
) -> tuple[str | None, list[str]]:
    """Read a filled questionnaire with the core's reader and store its answers as the
    member's (source ``excel``): the group it answered, or the problems (rendered, the
    file named as uploaded)."""
    if len(content) > MAX_FORM_BYTES:
        return None, [_too_large()]
    shown = Path(name).name or "kuesioner.xlsx"
    with tempfile.TemporaryDirectory(prefix="kerjasama-form-") as folder:
        path = Path(folder) / "kuesioner.xlsx"
        path.write_bytes(content)
        try:
            form = read_form(path)
        except KerjasamaError as error:
            found = [p.render(lang) for p in getattr(error, "problems", ())] or [str(error)]
            return None, [m.replace(str(path), shown).replace(path.name, shown) for m in found]
    keys = list(form.comparisons.criteria)
    group = next((g for g in rnd.groups if [k for k, _ in g["criteria"]] == keys), None)
    if group is None:
        return None, [_wrong_form()]
    with transaction.atomic():
        for (a, b), value in form.comparisons.judgements.items():
            JudgementAnswer.objects.update_or_create(
                round=rnd,
                user=user,
                node=group["node"],
                a=a,
                b=b,
                defaults={"value": value, "source": "excel"},
            )
    audit.record(
        request,
        "round_form_imported",
        rnd.mapping,
        user.username,
        round=rnd.number,
        group=group["node"],
        respondent=form.respondent,
        answers=len(form.comparisons.judgements),
    )
    return group["node"], []


def _too_large() -> str:
    from django.utils.translation import gettext as _

    return _("The questionnaire is larger than 2 MB.")


def _wrong_form() -> str:
    from django.utils.translation import gettext as _

    return _(
        "This questionnaire does not ask the criteria of any group of this round: "
        "download the questionnaire from this page and fill it in."
    )


def completion(rnd: JudgementRound, users: Sequence[Any]) -> dict[int, tuple[int, int]]:
    """user id -> (pairs answered, pairs asked) over every group of the round."""
    total = sum(len(pairs(g)) for g in rnd.groups)
    counts: dict[int, int] = {}
    for user_id in rnd.answers.values_list("user_id", flat=True):
        counts[user_id] = counts.get(user_id, 0) + 1
    return {u.pk: (counts.get(u.pk, 0), total) for u in users}
