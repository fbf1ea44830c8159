"""The typed records of a scenario: its criteria, its screening rules, its solver,
explanation and sensitivity options, and the :class:`Scenario` that holds them (built by
:func:`mcda_kerjasama.scenario.build_scenario`). All are frozen: a what-if is a new record.

Example:
    >>> c = Criterion("cost_ratio", "rasio_biaya", "Rasio biaya", "Cost ratio", direction="cost")
    >>> c.display("en"), c.scale, c.parent
    ('Cost ratio', (1.0, 5.0), None)
    >>> SolverOptions(time_limit=5).backend, Screening().exclude_kinds, "KSDD" in KINDS
    ('highs', (), True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mcda_kerjasama.constraints import Constraints
from mcda_kerjasama.i18n import Language

KINDS = ("KSDD", "KSDPK", "SINERGI", "KSDPL", "KSDLL")
#: Field names a proposals table uses internally; a criterion key must be another name
#: (its column may still be called anything).
RESERVED_KEYS = frozenset(
    {
        "id",
        "row",
        "title",
        "agency",
        "urusan",
        "urusan_name",
        "urusan_category",
        "kind",
        "nature",
        "partner",
        "cost",
        "staff",
        "duration",
        "earliest_start",
        "status",
        "requires",
        "exclusive_group",
        "plan_link",
    }
)


@dataclass(frozen=True)
class Criterion:
    """A scoring criterion: the proposals column holding its score, its scale and
    direction (``benefit``: higher is better; ``cost``: lower is better)."""

    key: str
    column: str
    label: str
    label_en: str
    scale: tuple[float, float] = (1.0, 5.0)
    direction: Literal["benefit", "cost"] = "benefit"
    parent: str | None = None

    def display(self, lang: Language) -> str:
        """The label in ``lang``."""
        return self.label if lang == "id" else self.label_en


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("mutual_benefit", "saling_menguntungkan", "Saling menguntungkan", "Mutual benefit"),
    Criterion("real_need", "kebutuhan_nyata", "Kebutuhan nyata", "Real need"),
    Criterion("potential", "potensi", "Potensi dan karakteristik daerah", "Regional potential"),
    Criterion("sustainability", "keberlanjutan", "Keberlanjutan", "Sustainability"),
    Criterion("inclusiveness", "inklusif", "Pembangunan inklusif", "Inclusiveness"),
)


@dataclass(frozen=True)
class Screening:
    """Eligibility rules; each one is off unless the scenario switches it on."""

    require_plan_link: bool = False
    max_duration: int | None = None
    min_score: Mapping[str, float] = field(default_factory=dict)
    exclude_kinds: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()


@dataclass(frozen=True)
class SolverOptions:
    """Which solver, how long it may run (seconds) and the relative MIP gap accepted;
    ``warm_start`` offers the solver a greedy first portfolio (its answer is certified
    either way, see :func:`mcda_kerjasama.portfolio.backends.certify`);
    ``second_search`` runs a second, different search on the idle core for large models
    under a time limit ("auto": from 10,000 variables and a 10 s limit; see
    :mod:`mcda_kerjasama.portfolio.backends.helper`)."""

    backend: str = "highs"
    time_limit: float = 60.0
    mip_gap: float = 0.0
    tie_break: bool | Literal["auto"] = "auto"
    warm_start: bool = True
    second_search: bool | Literal["auto"] = "auto"

    #: ``tie_break = "auto"`` applies it to proven-optimal solves of up to this many
    #: variables: each tie-break stage is a full MIP solve.
    TIE_BREAK_AUTO_LIMIT = 1000

    def tie_break_for(self, n_columns: int) -> bool:
        """Whether the tie-break stages run for a model of ``n_columns`` variables.

        Example:
            >>> SolverOptions().tie_break_for(100), SolverOptions().tie_break_for(10_000)
            (True, False)
            >>> SolverOptions(mip_gap=1e-3).tie_break_for(100)
            False
        """
        if self.tie_break == "auto":
            return self.mip_gap == 0 and n_columns <= self.TIE_BREAK_AUTO_LIMIT
        return bool(self.tie_break)


@dataclass(frozen=True)
class ExplainOptions:
    """How much the explanations compute: the price of forcing in for this many of the
    best-scoring reserve proposals (0 = off), and the number of budget steps used to
    order the reserve list (0 = order by score). ``None`` (the default) means 30 and 10
    for models of up to ``AUTO_LIMIT`` variables and 0 beyond: each costs a re-solve."""

    price_of_forcing: int | None = None
    reserve_steps: int | None = None

    AUTO_LIMIT = 500

    def resolved(self, n_columns: int) -> tuple[int, int]:
        """(price_of_forcing, reserve_steps) for a model with ``n_columns`` variables.

        Example:
            >>> ExplainOptions().resolved(100), ExplainOptions().resolved(10_000)
            ((30, 10), (0, 0))
        """
        small = n_columns <= self.AUTO_LIMIT
        forcing = self.price_of_forcing if self.price_of_forcing is not None else 30 * small
        steps = self.reserve_steps if self.reserve_steps is not None else 10 * small
        return forcing, steps


@dataclass(frozen=True)
class SensitivityOptions:
    """How ``kerjasama sensitivity`` samples weight uncertainty: ``draws``, ``seed``, the
    uncertainty ``model`` (uniform | dirichlet | order | intervals) with its
    ``concentration`` (dirichlet) or ``intervals`` (criterion -> [lo, hi]), ``workers``
    (processes; the result does not depend on it) and ``top_k`` (the ranking prefix the
    one-way analysis watches)."""

    draws: int = 1000
    seed: int = 0
    model: Literal["uniform", "dirichlet", "order", "intervals", "judgements"] = "dirichlet"
    concentration: float = 50.0
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    workers: int = 1
    top_k: int = 10


@dataclass(frozen=True)
class Scenario:
    """A fully resolved scenario (after ``extends`` and ``--set``).

    ``resolved`` is the merged TOML content with paths made absolute: what the manifest
    records. ``files`` are the scenario files read, the base first. ``synthetic``: the
    proposals are made up (``[data] synthetic = true``), which the reports say.
    """

    name: str
    region: str
    years: tuple[int, ...]
    language: Language
    proposals_path: Path
    criteria: tuple[Criterion, ...]
    weights: Mapping[str, Any]
    screening: Screening
    constraints: Constraints
    solver: SolverOptions
    sensitivity: SensitivityOptions
    explain: ExplainOptions
    resolved: Mapping[str, Any]
    files: tuple[Path, ...]
    groups: tuple[Criterion, ...] = ()
    synthetic: bool = False

    def children(self, node: str | None = None) -> tuple[str, ...]:
        """The criteria directly under ``node`` (``None``: the main criteria), in
        scenario order; groups included.

        Example:
            >>> from mcda_kerjasama import load_scenario
            >>> load_scenario("scenarios/contoh").children()
            ('mutual_benefit', 'real_need', 'potential', 'sustainability', 'inclusiveness')
        """
        return tuple(c.key for c in (*self.groups, *self.criteria) if c.parent == node)

    @property
    def criterion_keys(self) -> tuple[str, ...]:
        """The criterion keys in scenario order."""
        return tuple(c.key for c in self.criteria)

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key."""
        return next(c for c in self.criteria if c.key == key)
