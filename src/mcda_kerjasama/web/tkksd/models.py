"""The database: mappings and their members, proposals with their history, scenarios,
runs, background jobs and the audit log.

A mapping (*pemetaan*) is the unit of isolation: every other row belongs to exactly one
mapping, and every view looks rows up through the mapping the user is a member of.
Proposals are stored as the cells a proposals file would hold (``values``: canonical
header -> text as entered), so the core's reader validates a form, an upload and a run's
input alike.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A member's role in one mapping."""

    SEKRETARIAT = "sekretariat", _("Secretariat (TKKSD)")
    OPD = "opd", _("Agency (OPD)")
    ANGGOTA = "anggota", _("TKKSD member")
    PERENCANA = "perencana", _("Planner (Bappeda)")
    PENGAMAT = "pengamat", _("Observer")


class Mapping(models.Model):
    """One mapping: a region and its planning years."""

    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=200)
    years = models.JSONField(_("planning years"))
    deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    criteria = models.JSONField(default=dict, blank=True)  # a scenario's [criteria] table
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        permissions = (("create_mapping", "Can create a mapping"),)

    def __str__(self) -> str:
        return self.name

    @property
    def years_text(self) -> str:
        """The planning years as text: 2026-2028."""
        years = list(self.years)
        return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


class Membership(models.Model):
    """A user's role in a mapping; an OPD member is bound to one agency."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["mapping", "user"], name="one_role_per_mapping"),
        )
        ordering = (
            "role",
            "user__username",
        )


class Invitation(models.Model):
    """An invitation to join a mapping with a role: a link holding a secret token (only
    its hash is stored), usable once before it expires."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)


class ProposalStatus(models.TextChoices):
    """Where a proposal is in the intake workflow."""

    DRAF = "draf", _("draft")
    DIAJUKAN = "diajukan", _("submitted")
    DIKEMBALIKAN = "dikembalikan", _("returned")
    DITERIMA = "diterima", _("accepted")


class Proposal(models.Model):
    """A proposal as the cells of one row of a proposals file."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="proposals")
    code = models.CharField(max_length=200)
    title = models.CharField(max_length=5000)
    agency = models.CharField(max_length=5000)
    values = models.JSONField()  # canonical header -> cell text, criteria columns included
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAF
    )
    comment = models.TextField(blank=True)  # the secretariat's comment when returned
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["mapping", "code"], name="unique_code_per_mapping"),
        )
        ordering = ("code",)
        indexes = (models.Index(fields=["mapping", "agency"]),)

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProposalEvent(models.Model):
    """One entry of a proposal's history: who did what, when, and what changed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30)
    changes = models.JSONField(default=dict)  # header -> [old, new]
    comment = models.TextField(blank=True)

    class Meta:
        ordering = (
            "at",
            "id",
        )


class Upload(models.Model):
    """A proposals file read and checked, waiting for the user to confirm its valid rows
    (nothing is saved before that)."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="uploads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.JSONField(default=list)  # [{"row": n, "values": {...}}] of the valid rows
    problems = models.JSONField(default=list)  # rendered problems, both languages
    rows_total = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)


class Scenario(models.Model):
    """A scenario of a mapping: the content of a ``scenario.toml`` (as a mapping of
    tables), without ``[data]``: a run writes the proposals file beside it."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=200)
    data = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    """A run's state."""

    QUEUED = "antri", _("queued")
    RUNNING = "berjalan", _("running")
    DONE = "selesai", _("done")
    FAILED = "gagal", _("failed")


class Run(models.Model):
    """One run of the engine, stored immutably in ``folder`` (relative to the runs
    folder): ``masukan/`` the exact inputs, ``hasil/`` the outputs and manifest,
    ``grafik/`` the charts."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    scenario = models.ForeignKey(
        Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    scenario_name = models.CharField(max_length=200)
    folder = models.CharField(max_length=300, unique=True)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    proposals_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)  # status, objective, counts
    details = models.JSONField(default=dict)  # id -> agency, urusan, kind, cost, staff ...
    error = models.JSONField(default=dict)  # language -> message
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verification = models.JSONField(default=dict)  # identical, messages

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["mapping", "number"], name="unique_run_number"),
        )
        ordering = ("-number",)

    def __str__(self) -> str:
        return f"#{self.number} {self.scenario_name}"


class JobStatus(models.TextChoices):
    """A background job's state."""

    QUEUED = "antri", _("queued")
    RUNNING = "berjalan", _("running")
    DONE = "selesai", _("done")
    FAILED = "gagal", _("failed")


class Job(models.Model):
    """A unit of background work (a run, a verification, a comparison; later analyses):
    claimed by one worker, with progress and a heartbeat so that a job whose worker died
    is marked failed and can be retried."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=30)
    payload = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.FloatField(default=0.0)  # 0..1
    message = models.JSONField(default=dict)  # language -> text (errors)
    worker = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = (models.Index(fields=["status", "created_at"]),)

    @property
    def finished(self) -> bool:
        """Done or failed."""
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class AuditEntry(models.Model):
    """One line of the audit log: every change and every run."""

    mapping = models.ForeignKey(
        Mapping, null=True, blank=True, on_delete=models.CASCADE, related_name="audit"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)  # kept if the user is deleted
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=50)
    target = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = (
            "-at",
            "-id",
        )


class LoginAttempt(models.Model):
    """A failed login, for throttling."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class JudgementRound(models.Model):
    """A round of AHP judgements of a mapping: every TKKSD member answers the pairwise
    comparisons of each group of criteria (``groups``: the questions, fixed when the
    round opens) until the secretariat closes it; the group weights are stored then."""

    mapping = models.ForeignKey(Mapping, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    groups = models.JSONField()  # [{"node", "label": {id, en}, "criteria": [[key, {id, en}]]}]
    is_open = models.BooleanField(default=True)
    result = models.JSONField(default=dict)  # weights stored when the round closes
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["mapping", "number"], name="unique_round_number"),
        )
        ordering = ("-number",)

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


class JudgementAnswer(models.Model):
    """One member's answer to one pair of a group: ``value`` = how many times ``a`` is
    as important as ``b`` (a before b in the group's order), as given."""

    round = models.ForeignKey(JudgementRound, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    node = models.CharField(max_length=200)
    a = models.CharField(max_length=200)
    b = models.CharField(max_length=200)
    value = models.FloatField()
    source = models.CharField(max_length=20, default="web")  # web, excel
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["round", "user", "node", "a", "b"], name="one_answer_per_pair"
            ),
        )
        ordering = ("id",)


class JudgementExclusion(models.Model):
    """A member left out of a round's group weights by the secretariat, with the reason."""

    round = models.ForeignKey(JudgementRound, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["round", "user"], name="one_exclusion_per_member"),
        )
