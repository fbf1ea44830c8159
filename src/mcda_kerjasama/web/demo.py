"""The demo (``kerjasama serve --demo``): the bundled ``sumbar-2026`` mapping (115
synthetic proposals, made by the package's seeded generator exactly as
``scenarios/sumbar-2026``), its scenario, a first run, and one user per role.

The demo users' passwords are public (README): never use ``--demo`` on a server others
can reach.
"""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission, User
from django.db import transaction

from mcda_kerjasama.proposals import read_raw
from mcda_kerjasama.web.tkksd import audit, jobs
from mcda_kerjasama.web.tkksd.intake import _canonical_headers
from mcda_kerjasama.web.tkksd.models import (
    Mapping,
    Membership,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Scenario,
)

DEMO_MAPPING = "Sumatera Barat 2026 (sintetis)"
#: username, password, role, agency
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("sekretariat", "demo-sekretariat-2026", "sekretariat", ""),
    ("opd.kebudayaan", "demo-kebudayaan-2026", "opd", "Dinas Kebudayaan"),
    ("opd.perhubungan", "demo-perhubungan-2026", "opd", "Dinas Perhubungan"),
    ("anggota", "demo-anggota-2026", "anggota", ""),
    ("perencana", "demo-perencana-2026", "perencana", ""),
    ("pengamat", "demo-pengamat-2026", "pengamat", ""),
)


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def load_demo(run: bool = True) -> list[str]:
    """Create the demo mapping, scenario and users unless they exist; queue a first run.
    Returns lines to print."""
    from mcda_kerjasama.datasets import write_scenario

    if Mapping.objects.filter(name=DEMO_MAPPING).exists():
        return ["demo: already loaded"]
    with tempfile.TemporaryDirectory(prefix="kerjasama-demo-") as folder:
        toml_path = write_scenario(Path(folder) / "sumbar-2026", n=115, seed=2026)
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        raw = read_raw(toml_path.parent / "usulan.xlsx")
    headers = _canonical_headers(raw.headers)
    with transaction.atomic():
        users = {}
        for username, password, _role, _agency in DEMO_USERS:
            user = User.objects.filter(username=username).first() or User.objects.create_user(
                username, password=password
            )
            users[username] = user
        permission = Permission.objects.get(codename="create_mapping")
        users["sekretariat"].user_permissions.add(permission)
        meta = data["scenario"]
        mapping = Mapping.objects.create(
            name=DEMO_MAPPING,
            region=meta["region"],
            years=meta["years"],
            created_by=users["sekretariat"],
        )
        for username, _password, role, agency in DEMO_USERS:
            Membership.objects.create(
                mapping=mapping, user=users[username], role=role, agency=agency
            )
        for _number, series in raw.frame.iterrows():
            values = {
                h: _cell(v)
                for h, v in zip(headers, series.tolist(), strict=True)
                if h and _cell(v) is not None
            }
            proposal = Proposal.objects.create(
                mapping=mapping,
                code=str(values["kode"]),
                title=str(values["judul"]),
                agency=str(values["opd"]),
                values=values,
                status=ProposalStatus.DITERIMA,
                created_by=users["sekretariat"],
            )
            ProposalEvent.objects.create(
                proposal=proposal,
                user=users["sekretariat"],
                action="imported",
                changes={"status": [None, ProposalStatus.DITERIMA]},
            )
        data.pop("data", None)
        data["scenario"].pop("region", None)
        data["scenario"].pop("years", None)
        scenario = Scenario.objects.create(
            mapping=mapping,
            name=data["scenario"]["name"],
            data=data,
            created_by=users["sekretariat"],
        )
        audit.record(None, "demo_loaded", mapping, mapping.name, user=users["sekretariat"])
    lines = [f"demo: mapping '{mapping.name}' with {mapping.proposals.count()} proposals"]
    if run:
        from mcda_kerjasama.web.tkksd.models import Run
        from mcda_kerjasama.web.tkksd.runs import write_inputs

        record = Run.objects.create(
            mapping=mapping,
            number=1,
            scenario=scenario,
            scenario_name=scenario.name,
            folder=f"{mapping.pk}/0001-demo",
            created_by=users["sekretariat"],
        )
        from mcda_kerjasama.web.tkksd.runs import folder as run_folder

        record.proposals_count = write_inputs(run_folder(record) / "masukan", mapping, scenario)
        record.save(update_fields=["proposals_count"])
        jobs.enqueue("run", mapping, users["sekretariat"], run=record.pk)
        lines.append("demo: first run queued")
    lines += [f"demo user: {u} / {p} ({r}{', ' + a if a else ''})" for u, p, r, a in DEMO_USERS]
    return lines
