"""The web tests' world: two mappings, one user per role, the contoh proposals, a
scenario and a finished run; and helpers to log in and to run the queued jobs."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission, User
from django.test import Client

from mcda_kerjasama.web.tkksd import jobs
from mcda_kerjasama.web.tkksd.intake import read_upload
from mcda_kerjasama.web.tkksd.models import (
    Mapping,
    Membership,
    Proposal,
    ProposalStatus,
    Role,
    Run,
    Scenario,
    Upload,
)

ROOT = Path(__file__).resolve().parents[2]
CONTOH = ROOT / "scenarios" / "contoh"
PASSWORD = "uji-kata-sandi-2026"
OPD_AGENCY = "Dinas Kesehatan"
#: the roles of the tests: the five of a mapping, a member of another mapping, nobody
ROLES = ("sekretariat", "opd", "anggota", "perencana", "pengamat", "outsider", "anonymous")


@dataclass
class World:
    """Ids of what the world holds (objects are read fresh in each test)."""

    mapping: int
    other: int
    scenario: int
    run: int
    run_number: int
    own_draft: int  # a draft of the OPD's agency
    own_submitted: int  # a submitted proposal of the OPD's agency
    foreign: int  # an accepted proposal of another agency
    upload: int  # an upload of the secretariat, not confirmed
    other_proposal: int  # a proposal of the other mapping
    users: dict[str, str] = field(default_factory=dict)  # role -> username

    def client(self, role: str) -> Client:
        """A client logged in with ``role`` (anonymous: not logged in)."""
        client = Client()
        if role != "anonymous":
            client.force_login(User.objects.get(username=self.users[role]))
        return client


def make_user(username: str) -> User:
    return User.objects.create_user(username, password=PASSWORD)


def add_rows(
    mapping: Mapping, content: bytes, name: str, status: str, user: User
) -> list[Proposal]:
    """Store the rows of a proposals file as proposals with ``status``."""
    found = read_upload(mapping, name, content)
    assert not found.checked.errors, found.checked.errors
    made = []
    for cells in found.rows.values():
        made.append(
            Proposal.objects.create(
                mapping=mapping,
                code=str(cells["kode"]),
                title=str(cells["judul"]),
                agency=str(cells["opd"]),
                values=cells,
                status=status,
                created_by=user,
            )
        )
    return made


def contoh_data() -> dict[str, Any]:
    data = tomllib.loads((CONTOH / "scenario.toml").read_text(encoding="utf-8"))
    data.pop("data")
    data["scenario"].pop("region")
    data["scenario"].pop("years")
    return data


def run_jobs() -> int:
    """Execute every queued job now, in this thread."""
    return jobs.work(once=True)


def build_world() -> World:
    users = {role: f"u_{role}" for role in ROLES if role != "anonymous"}
    made = {role: make_user(name) for role, name in users.items()}
    made["sekretariat"].user_permissions.add(Permission.objects.get(codename="create_mapping"))
    mapping = Mapping.objects.create(
        name="Pemetaan Uji Rahasia",
        region="Provinsi Uji",
        years=[2026],
        created_by=made["sekretariat"],
    )
    other = Mapping.objects.create(name="Pemetaan Lain", region="Kabupaten Lain", years=[2026])
    for role in ("sekretariat", "opd", "anggota", "perencana", "pengamat"):
        Membership.objects.create(
            mapping=mapping, user=made[role], role=role, agency=OPD_AGENCY if role == "opd" else ""
        )
    Membership.objects.create(mapping=other, user=made["outsider"], role=Role.SEKRETARIAT)
    content = (CONTOH / "usulan.csv").read_bytes()
    proposals = add_rows(
        mapping, content, "usulan.csv", ProposalStatus.DITERIMA, made["sekretariat"]
    )
    other_rows = add_rows(other, content, "usulan.csv", ProposalStatus.DRAF, made["outsider"])
    scenario = Scenario.objects.create(mapping=mapping, name="Contoh", data=contoh_data())
    client = Client()
    client.force_login(made["sekretariat"])
    response = client.post(f"/p/{mapping.pk}/hasil/jalankan/", {"scenario": scenario.pk})
    assert response.status_code == 302, response
    run_jobs()
    run = Run.objects.get(mapping=mapping, number=1)
    assert run.status == "selesai", run.error
    own = Proposal.objects.create(
        mapping=mapping,
        code="D01",
        title="Draf dinas kesehatan",
        agency=OPD_AGENCY,
        values={**proposals[1].values, "kode": "D01", "judul": "Draf dinas kesehatan"},
        status=ProposalStatus.DRAF,
        created_by=made["opd"],
    )
    submitted = Proposal.objects.create(
        mapping=mapping,
        code="D02",
        title="Diajukan dinas kesehatan",
        agency=OPD_AGENCY,
        values={**proposals[1].values, "kode": "D02", "judul": "Diajukan dinas kesehatan"},
        status=ProposalStatus.DIAJUKAN,
        created_by=made["opd"],
    )
    foreign = next(p for p in proposals if p.agency != OPD_AGENCY)
    upload = Upload.objects.create(
        mapping=mapping,
        user=made["sekretariat"],
        file_name="x.csv",
        sha256="0" * 64,
        rows=[{"row": 2, "values": {**proposals[0].values, "kode": "X01"}}],
        rows_total=1,
    )
    return World(
        mapping=mapping.pk,
        other=other.pk,
        scenario=scenario.pk,
        run=run.pk,
        run_number=run.number,
        own_draft=own.pk,
        own_submitted=submitted.pk,
        foreign=foreign.pk,
        upload=upload.pk,
        other_proposal=other_rows[0].pk,
        users=users,
    )
