"""The plenary view (issue 16 §3): every role, the portfolio after a move equal to a full
pipeline run with the same weights as direct weights, the agreed weights saved as a
scenario (who and when in the audit log) that runs to the same portfolio, bad weights,
and the page without script."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webworld import ROLES, World, run_jobs

from mcda_kerjasama import load_scenario, run
from mcda_kerjasama.web.tkksd import plenary, runs
from mcda_kerjasama.web.tkksd.models import AuditEntry, Run, Scenario

S, OPD, A, P, W = "sekretariat", "opd", "anggota", "perencana", "pengamat"
READERS = {S, A, P, W}
KEYS = ["mutual_benefit", "real_need", "potential", "sustainability", "inclusiveness"]
#: potential at 60%, the others in their proportions (tuning.py's example): K06 enters, K02 leaves
MOVED = {"mutual_benefit": 15, "real_need": 12.5, "potential": 60, "sustainability": 7.5}
MOVED["inclusiveness"] = 5


def _form(weights: dict[str, float]) -> dict[str, str]:
    return {f"w_{k}": str(v) for k, v in weights.items()}


def _url(world: World, tail: str = "") -> str:
    return f"/p/{world.mapping}/hasil/{world.run_number}/pleno/{tail}"


def _pipeline_selection(world: World, weights: dict[str, float]) -> tuple[str, ...]:
    """The selection of a full run of the run's stored inputs with ``weights`` direct."""
    total = sum(weights.values())
    sets = ["weights.method=direct"] + [
        f"weights.values.{k}={v / total!r}" for k, v in weights.items()
    ]
    scenario = load_scenario(runs.folder(Run.objects.get(pk=world.run)) / runs.INPUTS, sets)
    return tuple(run(scenario).selection.selected)


Case = tuple[str, str, Callable[[World], str], Callable[[World], dict[str, str]], set[str]]
CASES: list[Case] = [
    ("plenary", "get", lambda w: _url(w), lambda w: {}, READERS),
    ("plenary moved", "get", lambda w: _url(w), lambda w: _form(MOVED), READERS),
    (
        "plenary save",
        "post",
        lambda w: _url(w, "simpan/"),
        lambda w: {**_form(MOVED), "name": "Pleno"},
        {S, P},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_plenary_by_role(world: World, case: Case, role: str) -> None:
    _name, method, url_of, data_of, allowed = case
    response = getattr(world.client(role), method)(url_of(world), data_of(world))
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")
        return
    if role in allowed:
        assert response.status_code in (200, 302)
        return
    assert response.status_code == (404 if role == "outsider" else 403)
    assert b"Pemetaan Uji Rahasia" not in response.content
    assert b"Air minum lintas wilayah" not in response.content
    assert not Scenario.objects.filter(name="Pleno").exists()


def test_fragment_by_role(world: World) -> None:
    for role in ROLES:
        response = world.client(role).get(_url(world), _form(MOVED), headers={"HX-Request": "true"})
        expected = {"anonymous": 302, "outsider": 404, OPD: 403}.get(role, 200)
        assert response.status_code == expected, role
        if expected != 200:
            assert b"K06" not in response.content


def test_unknown_or_unfinished_run_is_404(world: World) -> None:
    client = world.client(S)
    assert client.get(f"/p/{world.mapping}/hasil/999/pleno/").status_code == 404
    assert client.get(f"/p/{world.other}/hasil/{world.run_number}/pleno/").status_code == 404
    queued = Run.objects.create(
        mapping_id=world.mapping, number=50, scenario_name="x", folder=f"{world.mapping}/x"
    )
    assert client.get(f"/p/{world.mapping}/hasil/{queued.number}/pleno/").status_code == 404


def test_the_page_starts_at_the_runs_portfolio(world: World) -> None:
    response = world.client(A).get(_url(world))
    shown = response.context["shown"]
    facts = runs.facts(Run.objects.get(pk=world.run))
    assert shown["selected"] == list(facts["selected"])
    assert shown["entered"] == [] and shown["left"] == []
    page = response.content.decode()
    assert 'hx-trigger="input delay:120ms"' in page  # live with script
    assert 'method="get"' in page and 'type="submit"' in page  # a plain form without it
    assert 'value="30.0"' in page  # the slider at the run's weight, a dot whatever the language


def test_a_move_selects_what_the_pipeline_selects_with_those_weights(world: World) -> None:
    response = world.client(A).get(_url(world), _form(MOVED), headers={"HX-Request": "true"})
    shown = response.context["shown"]
    assert tuple(shown["selected"]) == _pipeline_selection(world, MOVED)
    assert [p["id"] for p in shown["entered"]] == ["K06"]
    assert [p["id"] for p in shown["left"]] == ["K02"]
    assert shown["values"]["potential"] == pytest.approx(0.6)
    page = response.content.decode()
    assert "<html" not in page and 'id="wt-potential" hx-swap-oob="true"' in page
    assert "60,0%" in page  # the weight beside its slider, Indonesian decimal comma
    selected = len(shown["selected"])
    assert f"{selected} dipilih: 1 masuk, 1 keluar." in page  # said to a screen reader


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(0, 100), min_size=5, max_size=5).filter(lambda v: sum(v) > 0))
def test_any_move_agrees_with_the_pipeline(world: World, values: list[int]) -> None:
    weights = {k: float(v) for k, v in zip(KEYS, values, strict=True)}
    shown = plenary.evaluate(Run.objects.get(pk=world.run), weights)
    assert tuple(shown["selected"]) == _pipeline_selection(world, weights)


def test_without_script_the_page_shows_the_move(world: World) -> None:
    response = world.client(A).get(_url(world), _form(MOVED))
    page = response.content.decode()
    assert "<html" in page and 'value="60.0"' in page
    assert "K06" in page  # entered, in the full page


def test_bad_weights_show_the_runs_portfolio_with_a_message(world: World) -> None:
    client = world.client(A)
    for bad in ({k: 0 for k in KEYS}, {**MOVED, "potential": "banyak"}, {**MOVED, "potential": -1}):
        response = client.get(_url(world), _form(bad))  # type: ignore[arg-type]
        assert response.context["invalid"]
        assert response.context["shown"]["entered"] == []


def test_save_records_the_weights_as_a_scenario_with_who_and_when(world: World) -> None:
    client = world.client(S)
    response = client.post(_url(world, "simpan/"), {**_form(MOVED), "name": "Pleno 1"})
    scenario = Scenario.objects.get(mapping_id=world.mapping, name="Pleno 1")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/skenario/{scenario.pk}/"
    )
    total = sum(MOVED.values())
    assert scenario.data["weights"]["method"] == "direct"
    assert scenario.data["weights"]["values"] == {k: v / total for k, v in MOVED.items()}
    assert scenario.created_by.username == world.users[S]
    base = plenary.base_data(Run.objects.get(pk=world.run))
    assert {k: v for k, v in scenario.data.items() if k not in ("weights", "scenario")} == {
        k: v for k, v in base.items() if k not in ("weights", "scenario")
    }
    entry = AuditEntry.objects.get(mapping_id=world.mapping, action="plenary_weights_saved")
    assert entry.username == world.users[S] and entry.target == "Pleno 1" and entry.at
    assert entry.detail["weights"] == scenario.data["weights"]["values"]
    # the saved scenario, run by the engine, selects what the plenary showed
    client.post(f"/p/{world.mapping}/hasil/jalankan/", {"scenario": scenario.pk})
    run_jobs()
    new = Run.objects.filter(mapping_id=world.mapping).order_by("-number").first()
    assert new is not None and new.status == "selesai", new.error
    shown = plenary.evaluate(Run.objects.get(pk=world.run), MOVED)
    assert runs.facts(new)["selected"] == shown["selected"]


def test_save_needs_a_name_and_weights(world: World) -> None:
    client = world.client(S)
    before = Scenario.objects.count()
    for data in ({**_form(MOVED), "name": " "}, {**_form({k: 0 for k in KEYS}), "name": "X"}):
        response = client.post(_url(world, "simpan/"), data, follow=True)
        assert response.status_code == 200 and response.context["messages"]
    assert Scenario.objects.count() == before
    assert client.get(_url(world, "simpan/")).status_code == 405


def test_one_tuner_per_run_in_the_process(world: World) -> None:
    record = Run.objects.get(pk=world.run)
    plenary.forget()
    first = plenary.tuner(record)
    world.client(A).get(_url(world), _form(MOVED))
    assert plenary.tuner(record) is first
