"""The joint model solved member by member: Lagrangian relaxation of the joint
coupling, a primal repair, and branch and bound over the joint decisions.

Each party of a free joint cooperation keeps its own copy ``z[m, j, t]`` of the
decision "cooperation ``j`` starts in year ``t``"; the coupling ``z[m, j, t] =
y[j, t]`` (every party decides the same) is the only thing linking the members, and is
priced instead of imposed. For prices ``λ``,

    L(λ) = Σ_m max { v_m(x_m) / u_m + Σ λ[m, j, t] z[m, j, t] : x_m feasible for m }
         + Σ_j max { -Σ_t (Σ_m λ[m, j, t]) y[j, t] : at most one start }

is an upper bound on the best total (``v_m`` the member's own value, ``u_m`` its unit
of value). Each member's part is its own portfolio problem (its rules, its guarantee
row) with the prices added to its joint columns: the subproblems are independent and
run in parallel (:class:`Runner`: here, or on a Dask cluster). The prices are the duals
of a master programme over every member plan seen so far (column generation,
:mod:`.columns`), which reaches the best bound in far fewer rounds than subgradient
steps.

**Primal repair.** The joint decisions every party agrees on are kept, the others
dropped; each member is then solved with its decisions fixed. A member that cannot
keep its guarantee (or its rules) with them gives up, one at a time, the joint
cooperation worth least to it per rupiah of its share, and its partners are solved
again. Dropping every voluntary cooperation gives back each member's optimum alone,
so the repair always ends with a feasible plan.

**Branch and bound.** With the best prices held, a node fixes some joint decisions and
its bound is ``L(λ)`` under those fixings (members solved exactly, results cached per
member and fixings). A node whose members agree on every free decision is solved: its
plan is feasible and worth its bound. Otherwise it branches on a joint cooperation the
parties disagree on (one child per start year, and one without it). Nodes are taken
best bound first, in batches whose member solves run in parallel; the search stops
when no open node can beat the best plan by more than the requested gap (0: proven
optimal, within 1e-7 relative).

Every member solve is an exact MIP solve by the scenario's backend; bounds come from
the solver's own proven bounds, so the final gap is a proof. Results are the same
whatever runs them and in whatever order they finish.

Example:
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> from dataclasses import replace
    >>> from mcda_kerjasama.coordination import coordinate
    >>> options = replace(c.spec.options, method="decomposition")
    >>> solved = coordinate(replace(c, spec=replace(c.spec, options=options)))
    >>> solved.solver.method, str(solved.status)
    ('decomposition', 'optimal')
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from mcda_kerjasama.coordination.pool import Pool
from mcda_kerjasama.portfolio.backends import PROVEN_GAP, MixedProgram, get_backend

Key = tuple[str, int]  # (joint id, start year)
#: A local search takes at most this share of the time left, in batches of this many
#: cooperations (cooperations every party wants, in different years, first).
LOCAL_SEARCH_SHARE = 0.2
LOCAL_SEARCH_BATCH = 64
Decisions = Mapping[str, int | None]


@dataclass(frozen=True)
class Subproblem:
    """One member's block as a MIP (raw scores; its guarantee row included) and its
    links: the columns of its free joint cooperations, ``keys[k]`` = (joint, year)."""

    member: int
    program: MixedProgram
    links: np.ndarray
    keys: tuple[Key, ...]
    unit: float


@dataclass(frozen=True)
class SubResult:
    """A member solve: ``value`` of the solution found and ``bound`` (raw points with the
    prices), ``z`` its link values; ``feasible`` False when the fixings admit nothing."""

    feasible: bool
    value: float
    bound: float
    z: np.ndarray


@dataclass(frozen=True)
class Call:
    """One member solve to run: prices on its links and the links' fixings (-1 free,
    0 off, 1 on)."""

    member: int
    prices: tuple[float, ...]
    fixed: tuple[int, ...]


def solve_call(sub: Subproblem, call: Call, backend: str, time_limit: float) -> SubResult:
    """Solve one member with prices and fixings: a pure function of its arguments (a
    new solver instance each time, so the answer never depends on earlier solves).

    Example:
        >>> import numpy as np
        >>> from scipy import sparse
        >>> p = MixedProgram(sparse.csr_matrix([[1.0, 1.0]]), np.array([3.0, 2.0]),
        ...     np.zeros(2), np.ones(2), np.array([-np.inf]), np.array([1.0]),
        ...     np.ones(2, dtype=bool), "max")
        >>> sub = Subproblem(0, p, np.array([1]), (("J1", 2026),), 1.0)
        >>> r = solve_call(sub, Call(0, (2.0,), (-1,)), "highs", 10)
        >>> r.value, r.z.tolist()
        (4.0, [1.0])
    """
    program = sub.program
    cost = program.cost.copy()
    cost[sub.links] += sub.unit * np.asarray(call.prices, dtype=float)
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    fixed = np.asarray(call.fixed, dtype=int)
    on, off = sub.links[fixed == 1], sub.links[fixed == 0]
    lower[on], upper[on] = 1.0, 1.0
    upper[off] = 0.0
    lower[off] = 0.0
    program = replace(program, cost=cost, col_lower=lower, col_upper=upper)
    session = get_backend(backend).session(program, time_limit, mip_gap=0.0, repeated=True)
    found = session.run()
    if found.infeasible:
        return SubResult(False, -np.inf, -np.inf, np.zeros(len(sub.links)))
    bound = found.bound if np.isfinite(found.bound) else np.inf
    if found.x is None:
        return SubResult(False, -np.inf, bound, np.zeros(len(sub.links)))
    x = np.rint(found.x).clip(0, 1)
    value = float(cost @ x)
    return SubResult(True, value, max(bound, value), x[sub.links])


class Runner:
    """Runs member solves through a :class:`~mcda_kerjasama.coordination.pool.Pool`
    (here, or on a Dask cluster, where each member's subproblem is sent once);
    results in the order of the calls."""

    def __init__(self, subs: Sequence[Subproblem], backend: str, pool: Pool) -> None:
        self.pool = pool
        self.backend = backend
        members = [s.member for s in subs]
        self.held = pool.scatter(list(subs))
        self.subs = dict(zip(members, self.held, strict=True))

    @property
    def workers(self) -> int:
        """How many workers solve."""
        return self.pool.workers

    def run(self, calls: Sequence[Call], time_limit: float) -> list[SubResult]:
        """Solve every call; results in the calls' order."""
        tasks = [(self.subs[c.member], c, self.backend, time_limit) for c in calls]
        return self.pool.starmap(solve_call, tasks)

    def close(self) -> None:
        """Forget the subproblems sent to the cluster."""
        self.pool.release(self.held)


@dataclass
class Trace:
    """The search's progress: (seconds, best total, bound) after each round."""

    points: list[tuple[float, float, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """What the decomposition found: the best joint ``decisions``, its total
    (normalised) and the proven ``bound``; whether the search ``finished`` (proof or
    the requested gap) and its effort."""

    decisions: Mapping[str, int | None]
    value: float
    bound: float
    finished: bool
    iterations: int
    nodes: int
    member_solves: int
    workers: int
    trace: tuple[tuple[float, float, float], ...]


class Search:
    """The Lagrangian search and the branch and bound (see the module docstring).

    ``subs``: the members with free links; ``fixed_total``: the normalised value of the
    members without any (their optimum alone); ``starts``: each free joint's start
    years; ``parties``: each free joint's parties (member indices); ``floor``: a feasible
    plan's total (every voluntary cooperation dropped), with ``shares``: (member, joint)
    -> the member's score per rupiah of its share, to choose what a repair gives up.
    """

    def __init__(
        self,
        subs: Sequence[Subproblem],
        runner: Runner,
        fixed_total: float,
        starts: Mapping[str, tuple[int, ...]],
        floor_decisions: Decisions,
        shares: Mapping[tuple[int, str], float],
        *,
        mip_gap: float,
        deadline: float,
        progress: Callable[[float, float], None] | None = None,
    ) -> None:
        self.subs = {s.member: s for s in subs}
        self.runner = runner
        self.fixed_total = fixed_total
        self.starts = dict(starts)
        self.joints = tuple(starts)
        self.shares = shares
        self.mip_gap = mip_gap
        self.deadline = deadline
        self.progress = progress
        self.started = time.perf_counter()
        self.trace = Trace()
        self.lam = {m: np.zeros(len(s.keys)) for m, s in self.subs.items()}
        order = {j: i for i, j in enumerate(self.joints)}
        self.keys: tuple[Key, ...] = tuple(
            sorted({k for s in subs for k in s.keys}, key=lambda k: (order[k[0]], k[1]))
        )
        self.parties: dict[str, list[int]] = {j: [] for j in self.joints}
        for m, s in self.subs.items():
            for joint in dict.fromkeys(k[0] for k in s.keys):
                self.parties[joint].append(m)
        self.cache: dict[Call, SubResult] = {}
        self.evaluated: dict[tuple[int, tuple[int, ...]], SubResult] = {}
        self.solves = 0
        self.best_value = -np.inf
        self.best: dict[str, int | None] = dict(floor_decisions)
        self.bound = np.inf
        self.iterations = 0
        self.nodes = 0

    # --- member solves --------------------------------------------------------------
    def _fixed(self, m: int, decisions: Decisions) -> tuple[int, ...]:
        out = []
        for joint, year in self.subs[m].keys:
            if joint not in decisions:
                out.append(-1)
            else:
                out.append(1 if decisions[joint] == year else 0)
        return tuple(out)

    def _call(self, m: int, decisions: Decisions, priced: bool) -> Call:
        prices = tuple(float(p) for p in self.lam[m]) if priced else (0.0,) * len(self.lam[m])
        return Call(m, prices, self._fixed(m, decisions))

    def _run(self, calls: Sequence[Call]) -> list[SubResult]:
        todo = list(dict.fromkeys(c for c in calls if c not in self.cache))
        if todo:
            left = max(self.deadline - time.perf_counter(), 1.0)
            for call, result in zip(todo, self.runner.run(todo, left), strict=True):
                self.cache[call] = result
            self.solves += len(todo)
        return [self.cache[c] for c in calls]

    def time_left(self) -> bool:
        return time.perf_counter() < self.deadline

    def gap_closed(self) -> bool:
        tolerance = max(self.mip_gap, PROVEN_GAP) * max(1.0, abs(self.best_value))
        return self.bound - self.best_value <= tolerance

    def note(self) -> None:
        self.trace.points.append((time.perf_counter() - self.started, self.best_value, self.bound))
        if self.progress:
            self.progress(self.best_value, self.bound)

    # --- the Lagrangian value at a node -----------------------------------------------
    def lagrangian(self, decisions: Decisions) -> tuple[float, float, dict[int, SubResult]]:
        """(bound, value of the relaxed solution, member results) at fixings
        ``decisions`` with the current prices, the joint decisions' part included
        (:meth:`joint_term`)."""
        members = sorted(self.subs)
        results = dict(
            zip(members, self._run([self._call(m, decisions, True) for m in members]), strict=True)
        )
        bound = self.fixed_total + sum(results[m].bound / self.subs[m].unit for m in members)
        value = self.fixed_total + sum(results[m].value / self.subs[m].unit for m in members)
        return bound + self.joint_term(decisions), value, results

    def joint_term(self, decisions: Decisions) -> float:
        """The joint decisions' part of the Lagrangian bound, ``max { -Σ_t (Σ_m
        λ[m, j, t]) y[j, t] : at most one start }`` per cooperation under the fixings
        (0 when the prices sum to zero over every link's parties)."""
        total: dict[Key, float] = {}
        for m, sub in self.subs.items():
            for key, price in zip(sub.keys, self.lam[m], strict=True):
                total[key] = total.get(key, 0.0) - float(price)
        best: dict[str, float] = {}
        for (joint, year), gain in total.items():
            if joint in decisions:
                if decisions[joint] == year:
                    best[joint] = gain
                continue
            best[joint] = max(best.get(joint, 0.0), gain)
        return sum(best.values())

    def _picks(self, results: Mapping[int, SubResult]) -> dict[str, list[int | None]]:
        """Each joint's start as each party's copy chose it (None: not chosen)."""
        picks: dict[str, list[int | None]] = {j: [] for j in self.joints}
        for joint in self.joints:
            for m in self.parties[joint]:
                z, keys = results[m].z, self.subs[m].keys
                on = [keys[k][1] for k in range(len(keys)) if keys[k][0] == joint and z[k] > 0.5]
                picks[joint].append(on[0] if on else None)
        return picks

    def _agreement(self, results: Mapping[int, SubResult]) -> dict[str, int | None]:
        """Each joint's start where every party's copy chose the same one, else None."""
        return {j: (p[0] if len(set(p)) == 1 else None) for j, p in self._picks(results).items()}

    def _disputed(self, results: Mapping[int, SubResult], decisions: Decisions) -> list[str]:
        """The joints not fixed in ``decisions`` whose parties chose differently."""
        return [
            j for j, p in self._picks(results).items() if j not in decisions and len(set(p)) > 1
        ]

    def _gradient(self, results: Mapping[int, SubResult]) -> tuple[dict[int, np.ndarray], float]:
        """Each party's choice less the parties' mean, per link, and its squared norm."""
        mean: dict[Key, float] = {}
        for m, sub in self.subs.items():
            for k, key in enumerate(sub.keys):
                mean[key] = mean.get(key, 0.0) + float(results[m].z[k])
        for key in mean:
            mean[key] /= len(self.parties[key[0]])
        grads = {
            m: results[m].z - np.array([mean[key] for key in sub.keys])
            for m, sub in self.subs.items()
        }
        return grads, float(sum(g @ g for g in grads.values()))

    def _tension(self, joint: str) -> float:
        """How strongly the prices pull the parties apart on a joint cooperation."""
        total = 0.0
        for m in self.parties[joint]:
            keys = self.subs[m].keys
            total += sum(
                abs(float(self.lam[m][k])) for k in range(len(keys)) if keys[k][0] == joint
            )
        return total

    # --- primal plans ---------------------------------------------------------------
    def evaluate(
        self, decisions: Decisions
    ) -> tuple[float, dict[str, int | None], dict[int, SubResult]]:
        """A plan repaired (see the module docstring): its total, the plan, and each
        member's solve under it."""
        plan = dict(decisions)
        members = sorted(self.subs)
        while True:
            calls = [self._call(m, plan, False) for m in members]
            results = dict(zip(members, self._run(calls), strict=True))
            failing = [m for m in members if not results[m].feasible]
            if not failing:
                total = self.fixed_total + sum(
                    results[m].value / self.subs[m].unit for m in members
                )
                return total, plan, results
            for m in failing:
                mine = [j for j in dict.fromkeys(k[0] for k in self.subs[m].keys) if plan.get(j)]
                if not mine:  # nothing left to give up: no plan from here
                    return -np.inf, plan, results
                worst = min(mine, key=lambda j: (self.shares.get((m, j), 0.0), j))
                plan[worst] = None

    def improve(
        self,
        plan: dict[str, int | None],
        results: dict[int, SubResult],
        joints: Sequence[str],
        budget: float,
    ) -> tuple[float, dict[str, int | None]]:
        """Local search on a feasible plan, for at most ``budget`` seconds: every other
        option (a start year, or none) of each of ``joints`` is tried with the rest held,
        a batch of cooperations at a time, all its trials solved together; the best
        improving changes of a batch are taken (at most one per member), and passes
        repeat until one improves nothing."""
        plan = dict(plan)
        stop = min(self.deadline, time.perf_counter() + budget)
        improved = True
        while improved and time.perf_counter() < stop:
            improved = False
            for first in range(0, len(joints), LOCAL_SEARCH_BATCH):
                if time.perf_counter() >= stop:
                    break
                batch = joints[first : first + LOCAL_SEARCH_BATCH]
                trials = [
                    (j, option)
                    for j in batch
                    for option in (None, *self.starts[j])
                    if option != plan.get(j)
                ]
                calls = [
                    self._call(m, {**plan, j: o}, False) for j, o in trials for m in self.parties[j]
                ]
                solved = iter(self._run(calls))
                gains: dict[str, tuple[float, int | None]] = {}
                for j, option in trials:
                    tried = [next(solved) for _ in self.parties[j]]
                    if not all(r.feasible for r in tried):
                        continue
                    gain = sum(
                        (r.value - results[m].value) / self.subs[m].unit
                        for m, r in zip(self.parties[j], tried, strict=True)
                    )
                    if gain > 1e-9 and gain > gains.get(j, (0.0, None))[0]:
                        gains[j] = (gain, option)
                changed: set[int] = set()
                for j, (_, option) in sorted(gains.items(), key=lambda item: -item[1][0]):
                    if changed & set(self.parties[j]):
                        continue
                    trial = {**plan, j: option}
                    for m in self.parties[j]:  # already solved: taken from the cache
                        results[m] = self._run([self._call(m, trial, False)])[0]
                    plan[j] = option
                    changed |= set(self.parties[j])
                    improved = True
        total = self.fixed_total + sum(
            results[m].value / self.subs[m].unit for m in sorted(self.subs)
        )
        return total, plan

    def offer(self, decisions: Decisions, explore: Sequence[str] = ()) -> None:
        value, plan, results = self.evaluate(decisions)
        if explore and np.isfinite(value):
            budget = LOCAL_SEARCH_SHARE * (self.deadline - time.perf_counter())
            value, plan = self.improve(plan, results, explore, budget)
        if value > self.best_value + 1e-12:
            self.best_value, self.best = value, plan

    def proposal(self, results: Mapping[int, SubResult]) -> tuple[dict[str, int | None], list[str]]:
        """A plan from the parties' choices: what they agree on; a cooperation every
        party wants but in different years starts in the latest of them; and the
        cooperations in dispute, to explore."""
        plan: dict[str, int | None] = {}
        years: list[str] = []
        refused: list[str] = []
        for joint, picks in self._picks(results).items():
            if len(set(picks)) == 1:
                plan[joint] = picks[0]
                continue
            named = [p for p in picks if p is not None]
            wanted = len(named) == len(picks)
            (years if wanted else refused).append(joint)
            plan[joint] = max(named) if wanted else None
        return plan, years + refused

    # --- the two phases -----------------------------------------------------------------
    def branch(self, batch: int = 8) -> bool:
        """Branch and bound over the joint decisions with the best prices; True when
        the search is complete or the gap reached."""
        order = {j: i for i, j in enumerate(self.joints)}
        root_bound, *_ = self.lagrangian({})
        heap: list[tuple[float, int, dict[str, int | None]]] = [(-root_bound, 0, {})]
        counter, pruned, noted = 0, -np.inf, time.perf_counter()
        while heap:
            self.bound = min(self.bound, max(-heap[0][0], pruned, self.best_value))
            if time.perf_counter() - noted > 1.0:
                self.note()
                noted = time.perf_counter()
            if self.gap_closed():
                self.note()
                return True
            if not self.time_left():
                self.note()
                return False
            tolerance = max(self.mip_gap, PROVEN_GAP) * max(1.0, abs(self.best_value))
            taken: list[dict[str, int | None]] = []
            while heap and len(taken) < batch:
                parent_bound, _, node = heapq.heappop(heap)
                if -parent_bound > self.best_value + tolerance:
                    taken.append(node)
                else:
                    pruned = max(pruned, -parent_bound)
            members = sorted(self.subs)
            self._run([self._call(m, node, True) for node in taken for m in members])
            for node in taken:
                self.nodes += 1
                bound, value, results = self.lagrangian(node)
                if bound <= self.best_value + tolerance:
                    pruned = max(pruned, bound)
                    continue
                split = self._disputed(results, node)
                if not split:  # every party agrees: a feasible plan, worth its value
                    if value > self.best_value + 1e-12:
                        self.best_value, self.best = value, {**self._agreement(results), **node}
                    pruned = max(pruned, bound)
                    continue
                proposal, _ = self.proposal(results)
                self.offer({**proposal, **node})
                joint = min(split, key=lambda j: (-self._tension(j), order[j]))
                for option in (None, *self.starts[joint]):
                    counter += 1
                    heapq.heappush(heap, (-bound, counter, {**node, joint: option}))
        self.bound = min(self.bound, max(pruned, self.best_value))
        self.note()
        return True

    def outcome(self, finished: bool) -> Outcome:
        """The search's result."""
        bound = max(self.bound, self.best_value)
        return Outcome(
            dict(self.best),
            self.best_value,
            bound,
            finished,
            self.iterations,
            self.nodes,
            self.solves,
            self.runner.workers,
            tuple(self.trace.points),
        )
