"""``coordinate(coordination) -> Coordinated``: every member alone, the joint model
solved (monolithic or decomposed), and every member's final portfolio.

1. Each member alone (:func:`~mcda_kerjasama.coordination.members.problem_alone`),
   solved the ordinary way: its standalone value and unit of value. A member whose own
   rules cannot be met stops the coordination (exit code 2) with that member's
   diagnosis, named by the member.
2. The joint model (:mod:`~mcda_kerjasama.coordination.program`), started from every
   member's plan alone (always feasible: every voluntary cooperation off), solved by
   one MILP (``monolithic``) or member by member (``decomposition``,
   :mod:`~mcda_kerjasama.coordination.decompose`).
3. The joint decisions fixed, each member's portfolio is solved again on its own
   (:func:`~mcda_kerjasama.coordination.members.problem_completion`, ties broken the
   ordinary way): these are the portfolios reported. Each is optimal given the
   decisions, so the total is at least the solver's.
4. The plan is certified against the joint model (every member's rows, the guarantee,
   all-or-nothing), its total recomputed, and its status earned from the proven bound:
   ``optimal`` (gap <= 1e-7), ``gap_limit`` or ``time_limit``.

Example:
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> done = coordinate(c, explain=False)
    >>> str(done.status), done.gap <= 1e-7
    ('optimal', True)
    >>> all(m.value >= m.standalone_value - 1e-6 for m in done.members)
    True
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from mcda_kerjasama.coordination.columns import generate
from mcda_kerjasama.coordination.decompose import Runner, Search, Subproblem
from mcda_kerjasama.coordination.members import (
    JointPlan,
    plan_joint,
    problem_alone,
    problem_block,
    problem_completion,
    solve_members,
    unit_of_value,
)
from mcda_kerjasama.coordination.pool import Pool
from mcda_kerjasama.coordination.program import JointProgram, joint_program
from mcda_kerjasama.coordination.records import Coordination, Member
from mcda_kerjasama.errors import InfeasibleError, SolverError
from mcda_kerjasama.portfolio.backends import (
    MixedProgram,
    Status,
    certified,
    certify,
    classify,
    get_backend,
    verified_gap,
    violations,
)
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.select import Selection
from mcda_kerjasama.problem import SelectionProblem

if TYPE_CHECKING:
    from mcda_kerjasama.coordination.explain import Explanations


@dataclass(frozen=True)
class SolverReport:
    """How the joint model was solved: ``method``, backend and version, the earned
    ``status`` and proven ``gap`` and ``bound`` (normalised total), ``seconds`` of the
    whole coordination, the settings, and the effort (Lagrangian ``iterations``,
    branch-and-bound ``nodes``, ``member_solves``, ``workers``); ``trace``: (seconds,
    best total, bound) as the search went; ``phases``: seconds spent on every member
    alone, the joint model, the members' final portfolios and the explanations."""

    method: str
    backend: str
    version: str
    status: Status
    gap: float
    bound: float
    seconds: float
    solve_seconds: float
    time_limit: float
    mip_gap: float
    iterations: int = 0
    nodes: int = 0
    member_solves: int = 0
    workers: int = 1
    trace: tuple[tuple[float, float, float], ...] = ()
    phases: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class MemberOutcome:
    """One member: its portfolio alone and coordinated (``alone``, ``selection``), its
    values (own points) and unit of value, and the problem its final portfolio solved."""

    member: Member
    alone: Selection
    standalone_value: float
    unit: float
    problem: SelectionProblem
    selection: Selection

    @property
    def value(self) -> float:
        """Its own value of the coordinated portfolio (its points)."""
        return float(self.selection.objective)

    @property
    def name(self) -> str:
        """The member's name."""
        return self.member.name


@dataclass(frozen=True)
class Coordinated:
    """A solved coordination: the members' outcomes, each joint cooperation's start year
    (None: not chosen), the normalised total (``objective``), its proven ``bound``,
    ``gap`` and ``status``, the solver report, the plan of forced, blocked and free
    cooperations, and the explanations (None when not asked for)."""

    coordination: Coordination
    plan: JointPlan
    members: tuple[MemberOutcome, ...]
    starts: Mapping[str, int | None]
    objective: float
    bound: float
    gap: float
    status: Status
    solver: SolverReport
    joint: JointProgram
    explanations: Explanations | None = None

    def outcome(self, name: str) -> MemberOutcome:
        """The outcome of the member called ``name``."""
        return next(m for m in self.members if m.name == name)


def vector(model: PortfolioModel, schedule: Mapping[str, int]) -> np.ndarray:
    """A model's 0/1 column vector for a schedule (proposal id -> start year).

    Example:
        >>> from mcda_kerjasama import load_scenario
        >>> from mcda_kerjasama.pipeline import prepare
        >>> model = prepare(load_scenario("scenarios/contoh")).problem.model
        >>> vector(model, {"K01": 2026}).sum()
        np.float64(1.0)
    """
    position = {
        (str(p), int(s)): k
        for k, (p, s) in enumerate(
            zip(model.columns["proposal"], model.columns["start"], strict=True)
        )
    }
    x = np.zeros(model.n_columns)
    for pid, year in schedule.items():
        x[position[(str(pid), int(year))]] = 1.0
    return x


def _subproblems(
    coordination: Coordination, plan: JointPlan, jp: JointProgram
) -> tuple[list[Subproblem], dict[str, tuple[int, ...]]]:
    """The members with free links as subproblems, and each free joint's start years."""
    free = set(plan.free)
    per_member: dict[int, list[tuple[tuple[str, int], int]]] = {}
    starts: dict[str, list[int]] = {}
    for (joint, year), cols in jp.linked.items():
        if joint not in free:
            continue
        starts.setdefault(joint, []).append(year)
        for col in cols:
            m = int(np.searchsorted(jp.offsets, col, side="right") - 1)
            per_member.setdefault(m, []).append(((joint, year), col - int(jp.offsets[m])))
    order = {j.id: i for i, j in enumerate(coordination.joint)}
    subs = []
    for m, links in sorted(per_member.items()):
        links.sort(key=lambda item: (order[item[0][0]], item[0][1]))
        block = jp.blocks[m]
        program = MixedProgram.from_model(block)
        if coordination.spec.options.guarantee:
            row = sparse.csr_matrix(block.objective[None, :])
            program = replace(
                program,
                matrix=sparse.vstack([program.matrix, row], format="csr"),
                row_lower=np.append(program.row_lower, jp.floors[m]),
                row_upper=np.append(program.row_upper, np.inf),
            )
        subs.append(
            Subproblem(
                m,
                program,
                np.array([c for _, c in links], dtype=int),
                tuple(k for k, _ in links),
                float(jp.units[m]),
            )
        )
    ordered = sorted(starts, key=order.__getitem__)
    return subs, {j: tuple(sorted(starts[j])) for j in ordered}


def _decompose(
    coordination: Coordination,
    plan: JointPlan,
    jp: JointProgram,
    standalone: Sequence[float],
    deadline: float,
    pool: Pool,
    progress: Callable[[float, float], None] | None,
) -> tuple[dict[str, int | None], float, bool, dict[str, Any]]:
    options = coordination.spec.options
    subs, starts = _subproblems(coordination, plan, jp)
    coupled = {s.member for s in subs}
    fixed_total = sum(
        standalone[m] / jp.units[m] for m in range(len(jp.blocks)) if m not in coupled
    )
    index = {m.name: i for i, m in enumerate(coordination.members)}
    shares = {
        (index[p], j.id): j.score[p] / max(j.cost[p], 1.0)
        for j in coordination.joint
        for p in j.parties
    }
    runner = Runner(subs, options.backend, pool)
    try:
        search = Search(
            subs,
            runner,
            fixed_total,
            starts,
            {j: None for j in starts},
            shares,
            mip_gap=options.mip_gap,
            deadline=deadline,
            progress=progress,
        )
        generate(search)
        finished = search.gap_closed() or search.branch()
        outcome = search.outcome(finished)
    finally:
        runner.close()
    effort = {
        "iterations": outcome.iterations,
        "nodes": outcome.nodes,
        "member_solves": outcome.member_solves,
        "workers": outcome.workers,
        "trace": outcome.trace,
    }
    return dict(outcome.decisions), outcome.bound, outcome.finished, effort


#: Share of the joint model's time limit kept for solving again without the start
#: when the first answer does not check out.
RETRY_SHARE = 0.15


def _monolithic(
    coordination: Coordination, jp: JointProgram, start: np.ndarray, deadline: float
) -> tuple[dict[str, int | None], float, bool, dict[str, Any]]:
    """One MILP over all members, started from every member's plan alone.

    Every answer is certified (:func:`certify`). One that does not check out is solved
    again without the start in the time kept for it (:data:`RETRY_SHARE` of the limit:
    HiGHS stopped by its time limit can return the start's columns with its incumbent's
    value); when that fails too, the start itself (every member's plan alone, feasible
    by construction and certified here) is the answer, with the solver's bound and the
    ``time_limit`` status, never a status it has not earned.
    """
    options = coordination.spec.options
    backend = get_backend(options.backend)
    limit = max(deadline - time.perf_counter(), 1.0)
    reserve = RETRY_SHARE * limit
    session = backend.session(jp.program, limit, mip_gap=options.mip_gap)
    # HiGHS measures its relative gap against the larger of the two values, the
    # certificate against the plan's: allow for the difference at the requested gap
    gap = options.mip_gap * (1 + options.mip_gap)
    bound = np.inf
    for attempt in (start, None):
        if attempt is None:
            session.clear()
        left = deadline - time.perf_counter() - (reserve if attempt is not None else 0.0)
        found = session.run(attempt, time_limit=max(left, 1.0))
        if found.infeasible or found.x is None:
            continue
        if np.isfinite(found.bound):
            bound = min(bound, float(found.bound))
        x, checked = certified(jp.program, found, gap)
        if checked is not None:
            return jp.decisions(x), float(found.bound), found.finished, {"trace": ()}
    x = np.rint(start).clip(0, 1)
    if np.isfinite(bound) and certify(
        jp.program, x, claimed=np.nan, bound=bound, finished=False, mip_gap=gap
    ):
        return jp.decisions(x), bound, False, {"trace": ()}
    raise SolverError("solver_unproven", backend=options.backend, reason="joint model")


def coordinate(
    coordination: Coordination,
    *,
    scheduler: Any = None,
    explain: bool = True,
    progress: Callable[[float, float], None] | None = None,
) -> Coordinated:
    """Solve a coordination (see the module docstring). ``scheduler``: a Dask cluster
    (address or ``distributed.Client``) for the member solves (the file's ``[solver]
    scheduler`` otherwise; none: here, on ``[solver] threads`` threads); ``explain``:
    compute the explanations; ``progress(best, bound)`` is called as the decomposition
    goes.

    Example: see the module docstring.
    """
    options = coordination.spec.options
    with Pool(scheduler or options.scheduler, options.threads) as pool:
        return _coordinate(coordination, pool, explain, progress)


def _coordinate(
    coordination: Coordination,
    pool: Pool,
    explain: bool,
    progress: Callable[[float, float], None] | None,
) -> Coordinated:
    started = time.perf_counter()
    options = coordination.spec.options
    plan = plan_joint(coordination)
    members = coordination.members
    alone = solve_members(
        coordination, [problem_alone(coordination, plan, m) for m in members], pool
    )
    standalone = [float(s.objective) for s in alone]
    units = [unit_of_value(coordination, v) for v in standalone]
    blocks = [problem_block(coordination, plan, m).model for m in members]
    jp = joint_program(coordination, plan, blocks, units, standalone)
    solve_started = time.perf_counter()
    phases = {"alone": solve_started - started}
    deadline = solve_started + options.time_limit
    if options.method == "monolithic":
        parts = [vector(b, s.schedule) for b, s in zip(blocks, alone, strict=True)]
        decisions, bound, finished, effort = _monolithic(
            coordination, jp, jp.merged_x(parts), deadline
        )
    else:
        decisions, bound, finished, effort = _decompose(
            coordination, plan, jp, standalone, deadline, pool, progress
        )
    solve_seconds = time.perf_counter() - solve_started
    phases["joint"] = solve_seconds
    starts = {
        j.id: (
            j.earliest_start
            if j.id in plan.forced
            else (None if j.id in plan.blocked else decisions.get(j.id))
        )
        for j in coordination.joint
    }
    problems = [problem_completion(coordination, plan, m, starts) for m in members]
    try:
        finals = solve_members(coordination, problems, pool)
    except InfeasibleError as exc:  # cannot happen for a certified plan
        raise SolverError("solver_unproven", backend=options.backend, reason=str(exc)) from None
    phases["completion"] = time.perf_counter() - solve_started - solve_seconds
    outcomes = [
        MemberOutcome(m, a, v, u, p, f)
        for m, a, v, u, p, f in zip(
            members, alone, standalone, units, problems, finals, strict=True
        )
    ]
    x = jp.merged_x(
        [vector(b, o.selection.schedule) for b, o in zip(blocks, outcomes, strict=True)]
    )
    rows, cols = violations(jp.program, x)
    if len(rows) or len(cols):
        raise SolverError("solver_unproven", backend=options.backend, reason="joint plan")
    objective = float(jp.program.cost @ x)
    bound = max(bound, objective)
    gap = verified_gap(jp.program, x, bound)
    report = SolverReport(
        method=options.method,
        backend=options.backend,
        version=get_backend(options.backend).version(),
        status=classify(finished, gap, options.mip_gap),
        gap=gap,
        bound=bound,
        seconds=time.perf_counter() - started,
        solve_seconds=solve_seconds,
        time_limit=options.time_limit,
        mip_gap=options.mip_gap,
        iterations=int(effort.get("iterations", 0)),
        nodes=int(effort.get("nodes", 0)),
        member_solves=int(effort.get("member_solves", 0)),
        workers=pool.workers,
        trace=tuple(effort.get("trace", ())),
        phases=phases,
    )
    done = Coordinated(
        coordination,
        plan,
        tuple(outcomes),
        starts,
        objective,
        bound,
        gap,
        report.status,
        report,
        jp,
    )
    if explain:
        from mcda_kerjasama.coordination.explain import explain_coordination

        explaining = time.perf_counter()
        done = replace(done, explanations=explain_coordination(done, pool))
        phases["explain"] = time.perf_counter() - explaining
    return replace(done, solver=replace(report, seconds=time.perf_counter() - started))
