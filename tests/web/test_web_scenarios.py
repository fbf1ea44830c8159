"""Scenarios: the form (the core's scenario messages beside the fields), import and
export of scenario.toml (the CLI and the web stay interchangeable), screening."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from webworld import CONTOH, World

from mcda_kerjasama import load_scenario
from mcda_kerjasama.web.tkksd.models import Scenario

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"


def _form(**changes: str) -> dict[str, str]:
    data = {
        "name": "Uji formulir",
        "language": "id",
        "budget_2026": "Rp 4,5 M",
        "staff_2026": "40",
        "mandatory": "on",
        "ongoing": "on",
        "must_fund": "K03",
        "must_not_fund": "K06",
        "require_plan_link": "on",
        "max_duration": "5",
        "min_mutual_benefit": "2",
        "exclude_kinds": "KSDLL",
        "method": "direct",
        "w_mutual_benefit": "0,3",
        "w_real_need": "0,25",
        "w_potential": "0,2",
        "w_sustainability": "0,15",
        "w_inclusiveness": "0,1",
        "group_0_name": "Luar negeri",
        "group_0_column": "kind",
        "group_0_values": "KSDPL; KSDLL",
        "group_0_max_count": "1",
        "backend": "highs",
        "time_limit": "30",
        "mip_gap": "0",
    }
    data.update(changes)
    return data


def test_form_round_trip_through_scenario_toml(world: World, tmp_path: Path) -> None:
    client = world.client("perencana")
    response = client.post(f"/p/{world.mapping}/skenario/baru/", _form())
    assert response.status_code == 302, response.context["form"].errors
    scenario = Scenario.objects.get(name="Uji formulir")
    exported = client.get(f"/p/{world.mapping}/skenario/{scenario.pk}/scenario.toml")
    text = exported.content.decode()
    data = tomllib.loads(text)
    assert data["constraints"]["budget"] == {"2026": 4_500_000_000.0}
    assert data["constraints"]["group"] == [
        {"name": "Luar negeri", "column": "kind", "values": ["KSDPL", "KSDLL"], "max_count": 1}
    ]
    assert data["data"] == {"proposals": "usulan.xlsx"}
    # a folder with the exported scenario and proposals is what the CLI reads
    (tmp_path / "scenario.toml").write_text(text, encoding="utf-8")
    (tmp_path / "usulan.xlsx").write_bytes(
        b"".join([client.get(f"/p/{world.mapping}/usulan/usulan.xlsx").content])
    )
    loaded = load_scenario(tmp_path)
    assert loaded.constraints.must_fund.ids == ("K03",)
    assert loaded.screening.exclude_kinds == ("KSDLL",)
    # edit: the form shows what was saved
    page = client.get(f"/p/{world.mapping}/skenario/{scenario.pk}/")
    assert page.context["form"].initial["budget_2026"] == "4.500.000.000"


def test_form_error_beside_the_field_it_belongs_to(world: World) -> None:
    client = world.client("sekretariat")
    url = f"/p/{world.mapping}/skenario/baru/"
    response = client.post(url, _form(w_real_need="-1"))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == ["w_real_need"]
    assert "weights.values.real_need" in errors["w_real_need"][0]
    errors = client.post(url, _form(budget_2026="banyak")).context["form"].errors
    assert "budget_2026" in errors and "constraints.budget" in errors["budget_2026"][0]
    errors = client.post(url, _form(group_0_max_count="dua")).context["form"].errors
    assert any(name.startswith("group_0") for name in errors), errors
    assert not Scenario.objects.filter(name="Uji formulir").exists()


def test_import_valid_scenario(world: World) -> None:
    client = world.client("sekretariat")
    content = (CONTOH / "scenario.toml").read_bytes()
    response = client.post(
        f"/p/{world.mapping}/skenario/", {"file": SimpleUploadedFile("scenario.toml", content)}
    )
    assert response.status_code == 302
    scenario = Scenario.objects.filter(mapping_id=world.mapping).order_by("-pk").first()
    assert scenario is not None and scenario.data["constraints"]["budget"] == 5_000_000_000


def test_import_problems_are_the_cores_messages(world: World) -> None:
    client = world.client("sekretariat")
    url = f"/p/{world.mapping}/skenario/"
    cases = {
        "scenario_latin1.toml": "bukan teks UTF-8",
        "weight_negative.toml": "weights.values.real_need",
    }
    for name, fragment in cases.items():
        sent = SimpleUploadedFile(name, (BROKEN / name).read_bytes())
        response = client.post(url, {"file": sent})
        assert response.status_code == 422
        assert any(fragment in text or fragment == key for key, text in response.context["issues"])
    bad = SimpleUploadedFile("s.toml", b'schema_version = 1\n[scenario\nname = "x"\n')
    response = client.post(url, {"file": bad})
    assert "TOML" in response.context["issues"][0][1]
    extends = SimpleUploadedFile("s.toml", b'schema_version = 1\nextends = "../x/scenario.toml"\n')
    assert client.post(url, {"file": extends}).context["issues"][0][0] == "extends"
    typo = (CONTOH / "scenario.toml").read_bytes().replace(b"budget =", b"budjet =")
    response = client.post(url, {"file": SimpleUploadedFile("s.toml", typo)})
    assert any("constraints.budget" in text for _key, text in response.context["issues"])


def test_screening_shows_the_not_eligible_with_reasons(world: World) -> None:
    response = world.client("sekretariat").get(
        f"/p/{world.mapping}/skenario/{world.scenario}/saring/"
    )
    rows = {r["id"]: r["reasons"] for r in response.context["not_eligible"]}
    assert set(rows) == {"K10", "K11"}
    assert "tidak saling menguntungkan" in rows["K10"][0]
