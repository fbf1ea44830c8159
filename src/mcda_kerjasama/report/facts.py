"""The facts of a run that the reports show, computed once: :func:`report_facts`.

Every renderer reads one :class:`ReportFacts` and only formats it: the terminal table
(:mod:`~mcda_kerjasama.report.console`), the CSV and ``hasil.json``
(:mod:`~mcda_kerjasama.report.result`), the workbook
(:mod:`~mcda_kerjasama.report.xlsx`), ``laporan.html``
(:mod:`~mcda_kerjasama.report.html`), the charts (:mod:`mcda_kerjasama.plots`) and the
web pages, so two outputs cannot disagree and a new format is one more file that reads
these facts. The facts are language-neutral: text is a message
(:class:`~mcda_kerjasama.i18n.Msg`, or a :class:`~mcda_kerjasama.errors.Problem`) that
the renderer renders in its language with ``render(lang)``, names of criteria come from
:meth:`ReportFacts.label`, and numbers are numbers.

Tables are labelled, one row per proposal or year (as pymcdm keeps its intermediate
tables): ``priority`` (every proposal in priority order with its details and reason),
``contributions`` (each proposal's points per criterion), ``use`` (each planning
year's caps, use and remaining), ``by_year`` (the cost and staff of each selected
proposal in each year it is active, the years after the horizon included) and
``not_eligible``.

Example:
    >>> from mcda_kerjasama import load_scenario, run
    >>> facts = report_facts(run(load_scenario("scenarios/contoh")))
    >>> facts.status_line.render("en"), facts.counts.selected, facts.counts.reserve
    ('optimal (proven)', 7, 3)
    >>> k01 = facts.priority.loc["K01"]
    >>> int(k01["rank"]), k01["group"], int(k01["year"]), k01["title"][:20]
    (1, 'selected', 2026, 'Air minum lintas wil')
    >>> facts.priority.loc["K06", "reason"].render("en")[:43]
    'reserve: does not fit the 2026 budget (rema'
    >>> facts.use.loc[2026, ["budget", "cost", "budget_remaining"]].tolist()
    [5000000000.0, 4850000000.0, 150000000.0]
    >>> facts.label("real_need", "id"), facts.scenario.synthetic
    ('Kebutuhan nyata', True)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mcda_kerjasama import __version__
from mcda_kerjasama.errors import Problem
from mcda_kerjasama.i18n import Language, Msg, Number
from mcda_kerjasama.portfolio.years import active
from mcda_kerjasama.scenario import Criterion
from mcda_kerjasama.weights.base import Weights

if TYPE_CHECKING:
    from mcda_kerjasama.portfolio.explain import Forcing
    from mcda_kerjasama.portfolio.select import Selection, SolverInfo
    from mcda_kerjasama.results import RunResult

#: The proposal details the priority table carries, as the proposals table names them.
DETAILS = (
    "title",
    "agency",
    "urusan",
    "urusan_name",
    "kind",
    "partner",
    "cost",
    "staff",
    "duration",
    "nature",
    "status",
)
#: The priority list's groups, in order.
GROUPS = ("selected", "reserve", "not_eligible")


@dataclass(frozen=True)
class Signatory:
    """One person who signs the printed list: the ``title`` of the office (``Ketua
    TKKSD``), the ``name`` and the ``nip`` (each empty when left to be written by hand)."""

    title: str = ""
    name: str = ""
    nip: str = ""


@dataclass(frozen=True)
class Signing:
    """The signature block of the printed lists (``[report]`` of the scenario): the
    ``place`` and ``date`` of signing (empty / ``None``: a line to fill in by hand) and
    the ``signatories``, left to right (none given: one, the chair of the TKKSD).

    Example:
        >>> Signing().place, Signing().signatories
        ('', ())
    """

    place: str = ""
    date: datetime.date | None = None
    signatories: tuple[Signatory, ...] = ()


@dataclass(frozen=True)
class ScenarioFacts:
    """What the reports say about the scenario: its name, region, planning years, the
    files read (as text), the language it asks for, whether its data are
    synthetic (``[data] synthetic = true``) with the note that says so (``[data]
    note``, else the scenario's description), and who signs the printed lists
    (``[report]``)."""

    name: str
    region: str
    years: tuple[int, ...]
    language: Language
    files: tuple[str, ...]
    proposals: str
    synthetic: bool
    data_note: str
    signing: Signing = Signing()


@dataclass(frozen=True)
class Counts:
    """How many proposals were read, are eligible, and are in each group."""

    proposals: int
    eligible: int
    selected: int
    reserve: int
    not_eligible: int


@dataclass(frozen=True)
class BudgetTotal:
    """The cap on the total cost over the planning years and the cost used.

    Example:
        >>> t = BudgetTotal(cap=10.0, used=4.0)
        >>> t.remaining, t.share
        (6.0, 0.4)
    """

    cap: float
    used: float

    @property
    def remaining(self) -> float:
        """The cap minus the cost used."""
        return self.cap - self.used

    @property
    def share(self) -> float:
        """The share of the cap used (0 for a zero cap)."""
        return self.used / self.cap if self.cap else 0.0


@dataclass(frozen=True)
class MarginalValue:
    """The LP-relaxation value of one more unit of a yearly resource: ``per_unit``
    score points per rupiah (``resource`` ``budget``) or per person-month (``staff``).

    Example:
        >>> m = MarginalValue(2026, "budget", 2.5e-9)
        >>> m.unit
        'rupiah'
        >>> print(m.message.render("en"))  # doctest: +NORMALIZE_WHITESPACE
        2026: one more Rp 1 bn of budget is worth about 2.50 points (a rough estimate
        that lets proposals be funded in part)
    """

    year: int
    resource: str
    per_unit: float

    @property
    def unit(self) -> str:
        """``rupiah`` or ``person-month``."""
        return "rupiah" if self.resource.startswith("budget") else "person-month"

    @property
    def message(self) -> Msg:
        """The value in words: per Rp 1 bn for money, per person-month for staff."""
        per = self.per_unit * (1e9 if self.unit == "rupiah" else 1.0)
        if round(per, 2) == 0:  # no gain in the estimate: say that, not "~0,00 points"
            return Msg(f"marginal_{self.resource}_none", {"year": self.year})
        return Msg(f"marginal_{self.resource}", {"year": self.year, "value": Number(per, 2)})


@dataclass(frozen=True)
class ReportFacts:
    """Every fact a report of a run shows (see the module docstring).

    ``priority``: index ``id`` in priority order; ``rank``, ``score``, ``selected``,
    ``year`` (start year or <NA>), ``group`` (selected | reserve | not_eligible),
    ``reason`` (a message), and the proposal's ``title``, ``agency``, ``urusan``,
    ``urusan_name``, ``kind``, ``partner``, ``cost``, ``staff`` and ``duration``.
    ``score`` (0-100) and ``contributions`` (points per criterion) by proposal in input
    order. ``selected`` is in input order, ``schedule`` id -> start year.
    ``use``: index ``year`` (planning years); ``budget``, ``cost`` (used),
    ``budget_remaining``, ``budget_share`` (used / cap, NaN without a positive cap),
    ``staff`` (used) and, when ``staff_capped``, ``staff_cap``, ``staff_remaining``
    and ``staff_share``, and what the registered constraint kinds add (e.g. what each
    funding pool paid); ``use_columns`` are the selection's own columns of it, in its
    order (what ``hasil.json`` lists). ``budget_total`` is ``None`` without a total cap;
    ``commitments`` the cost falling in each year after the horizon.
    ``by_year``: index ``id`` (the selected proposals in priority order), columns
    (year, ``cost`` | ``staff``) for the planning years and then the years of the
    commitments; an empty cell is a year the proposal is not active. The planning
    years' amounts are the selection's model's. ``by_year_total`` the column sums.
    ``not_eligible``: index ``id``; ``title``, ``agency``, ``reasons`` (messages).
    ``notes``: messages about the explanations (skipped steps, marginal values).
    The tables are the facts' own copies (changing one changes no run); renderers only
    read them.
    """

    scenario: ScenarioFacts
    generator: str
    status: str
    status_line: Msg
    objective: float
    counts: Counts
    criteria: tuple[str, ...]
    labels: Mapping[str, Criterion]
    weights: Weights
    priority: pd.DataFrame
    score: pd.Series
    contributions: pd.DataFrame
    selected: tuple[str, ...]
    schedule: Mapping[str, int]
    reserve_order: tuple[str, ...]
    use: pd.DataFrame
    use_columns: tuple[str, ...]
    staff_capped: bool
    budget_total: BudgetTotal | None
    commitments: pd.Series
    by_year: pd.DataFrame
    by_year_total: pd.Series
    not_eligible: pd.DataFrame
    forcing: Mapping[str, Forcing]
    tight: Mapping[str, tuple[Msg, ...]]
    explain: tuple[int, int]
    marginal: tuple[MarginalValue, ...]
    notes: tuple[Msg, ...]
    solver: SolverInfo
    warnings: tuple[Problem, ...]

    def label(self, key: str, lang: Language) -> str:
        """The name of a criterion or criterion group in ``lang`` (``key`` when the
        scenario does not name it).

        Example: see the module docstring.
        """
        node = self.labels.get(str(key))
        return node.display(lang) if node is not None else str(key)

    @property
    def planning_years(self) -> tuple[int, ...]:
        """The planning years, as in ``use``."""
        return tuple(int(y) for y in self.use.index)

    @property
    def later_years(self) -> tuple[int, ...]:
        """The years after the horizon in which the portfolio still spends."""
        return tuple(int(y) for y in self.commitments.index)


def report_facts(result: RunResult | ReportFacts) -> ReportFacts:
    """The facts of ``result`` (facts given are returned as they are).

    Example: see the module docstring.
    """
    if isinstance(result, ReportFacts):
        return result
    scenario, selection = result.scenario, result.selection
    notes = result.explanations
    priority = _priority(result)
    counts = priority["group"].value_counts()
    by_year, by_year_total = _by_year(result, priority)
    use = _use(selection)
    total_cap = scenario.constraints.budget_total
    return ReportFacts(
        scenario=_scenario(result),
        generator=f"mcda_kerjasama {__version__}",
        status=selection.status,
        status_line=status_message(selection),
        objective=selection.objective,
        counts=Counts(
            proposals=len(result.proposals.data),
            eligible=len(result.screening.eligible),
            selected=len(selection.selected),
            reserve=int(counts.get("reserve", 0)),
            not_eligible=int(counts.get("not_eligible", 0)),
        ),
        criteria=tuple(scenario.criterion_keys),
        labels={c.key: c for c in (*scenario.groups, *scenario.criteria)},
        weights=result.weights,
        priority=priority,
        score=result.scores.total.copy(),
        contributions=result.scores.contributions.copy(),
        selected=tuple(selection.selected),
        schedule=dict(selection.schedule),
        reserve_order=tuple(notes.reserve_order),
        use=use,
        use_columns=tuple(str(c) for c in selection.use.columns),
        staff_capped="staff_cap" in selection.use.columns,
        budget_total=None
        if total_cap is None
        else BudgetTotal(cap=total_cap, used=float(selection.use["cost"].sum())),
        commitments=selection.commitments.copy(),
        by_year=by_year,
        by_year_total=by_year_total,
        not_eligible=_not_eligible(result),
        forcing=dict(notes.forcing),
        tight={pid: tuple(msgs) for pid, msgs in notes.tight.items()},
        explain=notes.settings,
        marginal=tuple(MarginalValue(m.year, m.resource, m.per_unit) for m in notes.marginal),
        notes=_notes(result),
        solver=selection.solver,
        warnings=tuple(result.warnings),
    )


def status_message(selection: Selection) -> Msg:
    """The solver status in words, with the gap when the optimum is not proven.

    Example:
        >>> from mcda_kerjasama import load_scenario, run
        >>> status_message(run(load_scenario("scenarios/contoh")).selection).render("id")
        'optimal (terbukti)'
    """
    if selection.status == "optimal":
        return Msg("status_optimal")
    gap = selection.solver.gap
    shown = Number(100 * gap, 3) if gap == gap else "?"  # NaN: the backend cannot tell
    return Msg(f"status_{selection.status}", {"gap": shown})


# --- the parts -------------------------------------------------------------------------


def _scenario(result: RunResult) -> ScenarioFacts:
    scenario = result.scenario
    resolved = scenario.resolved
    note = resolved.get("data", {}).get("note") or resolved.get("scenario", {}).get(
        "description", ""
    )
    return ScenarioFacts(
        name=scenario.name,
        region=scenario.region,
        years=tuple(scenario.years),
        language=scenario.language,
        files=tuple(str(p) for p in scenario.files),
        proposals=str(scenario.proposals_path),
        synthetic=scenario.synthetic,
        data_note=str(note),
        signing=signing(resolved.get("report", {})),
    )


def signing(table: Mapping[str, object]) -> Signing:
    """The signature block from a scenario's (checked) ``[report]`` table.

    Example:
        >>> s = signing({"place": "Padang", "date": "2026-03-02",
        ...     "signatory": [{"title": "Sekretaris Daerah", "nip": "19700101 199503 1 001"}]})
        >>> s.place, s.date, s.signatories[0].title
        ('Padang', datetime.date(2026, 3, 2), 'Sekretaris Daerah')
    """
    when = str(table.get("date", "") or "").strip()
    people = table.get("signatory", [])
    return Signing(
        place=str(table.get("place", "") or ""),
        date=datetime.date.fromisoformat(when) if when else None,
        signatories=tuple(
            Signatory(str(p.get("title", "")), str(p.get("name", "")), str(p.get("nip", "")))
            for p in people  # type: ignore[attr-defined]
            if isinstance(p, Mapping)
        ),
    )


def _priority(result: RunResult) -> pd.DataFrame:
    """The priority list with each proposal's details and its reason as a message."""
    table = result.priority.table.copy()
    details = result.proposals.data.loc[table.index, list(DETAILS)]
    for column in DETAILS:
        table[column] = details[column]
    table["reason"] = [result.priority.reasons[pid] for pid in table.index.tolist()]
    return table


def _use(selection: Selection) -> pd.DataFrame:
    """Each planning year's budget and staff: cap, used, remaining and share used."""
    use = selection.use.copy()
    if "staff" not in use.columns:
        use["staff"] = selection.model.staff_by_year @ selection.x
    cap = use["budget"].to_numpy(dtype=float)
    known = np.isfinite(cap) & (cap > 0)
    use["budget_share"] = np.where(known, use["cost"] / np.where(known, cap, 1.0), np.nan)
    if "staff_cap" in use.columns:
        staff_cap = use["staff_cap"].to_numpy(dtype=float)
        positive = staff_cap > 0
        share = use["staff"] / np.where(positive, staff_cap, 1.0)
        use["staff_share"] = np.where(positive, share, np.nan)
    return use


def _by_year(result: RunResult, priority: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The cost and staff of each selected proposal (priority order) in every year it
    is active: the planning years from the selection's model, the years after the
    horizon from its yearly cost and staff; and each column's total, added in that
    order."""
    selection = result.selection
    model = selection.model
    chosen = [pid for pid in priority.index.tolist() if pid in selection.schedule]
    plan = [int(y) for y in model.years]
    later = [int(y) for y in selection.commitments.index]
    years = plan + later
    columns = pd.MultiIndex.from_product([years, ["cost", "staff"]], names=["year", "amount"])
    # by column, not by proposal: a lookup per proposal and year took 2.6 s at 100,000
    picked = np.flatnonzero(selection.x > 0.5)
    owner = model.columns["proposal"].astype(str).to_numpy()[picked]
    first: dict[str, int] = {}
    for pid, column in zip(owner.tolist(), picked.tolist(), strict=True):
        first.setdefault(pid, column)  # the earliest start chosen, as the columns go
    span = [first[pid] for pid in chosen]
    rows = priority.loc[chosen]
    start = np.array([selection.schedule[pid] for pid in chosen], dtype=int)
    on = active(start, rows["duration"].to_numpy(dtype=int), years).T  # (proposals, years)
    n = len(chosen)
    amounts = np.empty((n, len(years), 2), dtype=float)
    amounts[:, : len(plan), 0] = model.cost_by_year[:, span].T
    amounts[:, : len(plan), 1] = model.staff_by_year[:, span].T
    amounts[:, len(plan) :, 0] = rows["cost"].to_numpy(dtype=float)[:, None]
    amounts[:, len(plan) :, 1] = rows["staff"].to_numpy(dtype=float)[:, None]
    amounts[~on] = np.nan  # not active that year: an empty cell
    values = amounts.reshape(n, 2 * len(years))
    table = pd.DataFrame(values, index=pd.Index(chosen, name="id"), columns=columns, dtype=float)
    return table, pd.Series(column_totals(values), index=columns, dtype=float)


def column_totals(values: np.ndarray) -> np.ndarray:
    """Each column's total, its empty (NaN) cells skipped, added from the top one value
    after another, from 0.0: the totals the reports have always shown to the last bit
    (numpy's ``sum`` adds pairwise and may differ in the last digit).

    Example:
        >>> column_totals(np.array([[1.0, np.nan], [2.0, np.nan]])).tolist()
        [3.0, 0.0]
    """
    values = np.asarray(values, dtype=float)
    start = np.zeros((1, *values.shape[1:]))
    return np.add.accumulate(np.vstack([start, np.where(np.isnan(values), 0.0, values)]))[-1]


def _not_eligible(result: RunResult) -> pd.DataFrame:
    """The proposals that failed screening, in screening order, with their reasons."""
    ids = list(result.screening.not_eligible)
    data = result.proposals.data.loc[ids]
    return pd.DataFrame(
        {
            "title": data["title"].to_numpy(),
            "agency": data["agency"].to_numpy(),
            "reasons": [tuple(result.screening.reasons.get(pid, ())) for pid in ids],
        },
        index=pd.Index(ids, name="id"),
    )


def _notes(result: RunResult) -> tuple[Msg, ...]:
    """What the reader should know about the explanations: steps skipped because the
    model is large, and the marginal values."""
    notes = result.explanations
    out = list(result.priority.notes)  # the limits reached, the reserve order: said once
    if notes.settings == (0, 0) and notes.reserve_order:
        out.append(Msg("explain_skipped"))
    out += [MarginalValue(m.year, m.resource, m.per_unit).message for m in notes.marginal]
    return tuple(out)
