"""Forms. They only carry text: what a proposal or a scenario must contain is checked by
the core (the proposals reader, the scenario schema), whose messages are placed beside
the fields they name."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from mcda_kerjasama.amounts import parse_amount, parse_number
from mcda_kerjasama.proposals import COLUMNS, MAX_CELL_CHARS, NATURES, STATUSES
from mcda_kerjasama.reference import load_urusan
from mcda_kerjasama.scenario import KINDS
from mcda_kerjasama.web.tkksd import throttle
from mcda_kerjasama.web.tkksd.intake import criterion_columns
from mcda_kerjasama.web.tkksd.models import Mapping, Role

LABELS = {
    "kode": _("Code"),
    "judul": _("Title"),
    "opd": _("Agency (OPD)"),
    "urusan": _("Government affair (urusan)"),
    "jenis": _("Kind of cooperation"),
    "sifat": _("Nature (KSDD only)"),
    "mitra": _("Partner"),
    "biaya": _("Cost per year (rupiah)"),
    "staf": _("Staff (person-months per year)"),
    "durasi": _("Duration (years, 1-5)"),
    "tahun_mulai": _("Earliest start year"),
    "status": _("Status"),
    "prasyarat": _("Prerequisites (codes, separated by ;)"),
    "kelompok": _("Exclusive group"),
    "rpjmd": _("RPJMD/RKPD indicator"),
}
HELP = {
    "biaya": _("For example 1.500.000.000, Rp 1,5 M or 250 jt."),
    "kelompok": _("At most one proposal of a group is chosen."),
}


def _text(label: Any, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=MAX_CELL_CHARS, help_text=help_text, strip=True
    )


def _choice(label: Any, options: list[tuple[str, str]]) -> forms.CharField:
    """A drop-down list whose value is checked by the core, not here (a value the list
    lacks gets the reader's own message)."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_CELL_CHARS,
        widget=forms.Select(choices=[("", "—"), *options]),
    )


class ProposalForm(forms.Form):
    """One proposal: a field per column of the proposals file, nothing checked here."""

    def __init__(self, mapping: Mapping, *args: Any, agency: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        urusan = load_urusan()
        for column in COLUMNS:
            header = column.header
            label = LABELS[header]
            if header == "urusan":
                options = [(str(code), f"{code} {row['nama']}") for code, row in urusan.iterrows()]
                field: forms.Field = _choice(label, options)
            elif header == "jenis":
                field = _choice(label, [(k, k) for k in KINDS])
            elif header == "sifat":
                field = _choice(label, [(n, n) for n in NATURES])
            elif header == "status":
                field = _choice(label, [(s, s) for s in STATUSES])
            else:
                field = _text(label, help_text=HELP.get(header, ""))
            field.required = False
            self.fields[header] = field
        if agency is not None:
            self.fields["opd"].disabled = True
            self.fields["opd"].initial = agency
        self.criteria_names = []
        for name, label, scale in criterion_columns(mapping):
            low, high = (int(x) if float(x).is_integer() else x for x in scale)
            self.fields[name] = _text(f"{label} ({low}-{high})")
            self.criteria_names.append(name)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"f-{name}")

    def criteria_fields(self) -> list[Any]:
        """The bound fields of the criterion scores."""
        return [self[name] for name in self.criteria_names]

    def cells(self) -> dict[str, str]:
        """The cells as typed (the form must have been validated by Django first)."""
        return {k: v for k, v in self.cleaned_data.items() if isinstance(v, str)}


class UploadForm(forms.Form):
    """A proposals file (.xlsx or .csv)."""

    file = forms.FileField(
        label=_("Proposals file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class CommentForm(forms.Form):
    """The secretariat's comment when returning a proposal."""

    comment = forms.CharField(
        label=_("Comment for the agency"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class MappingForm(forms.Form):
    """A new mapping (or its settings)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.CharField(label=_("Region"), max_length=200)
    first_year = forms.IntegerField(label=_("First planning year"), min_value=2000, max_value=2100)
    years = forms.IntegerField(
        label=_("Number of planning years"), min_value=1, max_value=10, initial=1
    )
    deadline = forms.DateField(
        label=_("Submission deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DeadlineForm(forms.Form):
    """The submission deadline."""

    deadline = forms.DateField(
        label=_("Submission deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class InviteForm(forms.Form):
    """An invitation to join the mapping."""

    name = forms.CharField(label=_("Name of the person"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    agency = forms.CharField(label=_("Agency (for an OPD member)"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.OPD and not data.get("agency", "").strip():
            self.add_error("agency", _("An OPD member needs the agency it submits for."))
        return data


class AcceptForm(forms.Form):
    """A new account from an invitation."""

    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean_username(self) -> str:
        name = str(self.cleaned_data["username"])
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one:
            try:
                password_validation.validate_password(one, User(username=data.get("username", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(AuthenticationForm):
    """Django's login form, refused for a while after repeated failures."""

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))[:150]
        if throttle.locked(username, self.request):
            raise forms.ValidationError(
                _("Too many failed attempts. Wait 15 minutes and try again."), code="throttled"
            )
        try:
            return dict(super().clean())
        except forms.ValidationError:
            throttle.failed(username, self.request)
            raise


class ScenarioFileForm(forms.Form):
    """A scenario.toml to import."""

    file = forms.FileField(
        label=_("scenario.toml"), widget=forms.ClearableFileInput(attrs={"accept": ".toml"})
    )


WEIGHT_METHODS = [
    ("direct", _("direct weights")),
    ("equal", _("equal weights")),
    ("roc", _("rank order centroid (ROC)")),
    ("rank_sum", _("rank sum")),
    ("swing", _("SWING points")),
    ("ahp", _("AHP pairwise comparisons")),
]
GROUP_FIELDS = ("name", "column", "values", "max_count", "min_count", "max_share", "min_share")
_SPLIT = re.compile(r"[\s,;]+")


def _ids(text: str) -> list[str]:
    return [t for t in _SPLIT.split(text.strip()) if t]


def _amount(text: str) -> Any:
    """A rupiah amount as a number when it reads as one (the core's rules), else the
    text, so that the scenario check names it."""
    if not text.strip():
        return None
    try:
        return parse_amount(text)
    except Exception:
        return text.strip()


def _number(text: str) -> Any:
    if not text.strip():
        return None
    try:
        value = parse_number(text)
    except ValueError:
        return text.strip()
    return int(value) if value.is_integer() else value


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", ".")
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)
