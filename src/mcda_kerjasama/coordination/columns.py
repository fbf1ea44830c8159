"""The joint model's Lagrangian dual by column generation (Dantzig-Wolfe): the prices
of :mod:`.decompose` found by a linear programme instead of subgradient steps.

Every member plan ever solved (``x_m`` feasible for member ``m``, under any prices or
fixings) is a column: its normalised value ``c = v_m(x_m) / u_m`` and its links ``z``
(which joint cooperation it takes part in, in which year). The *master* programme
chooses a convex combination of each member's columns and the joint decisions ``y``:

    max  Σ_m Σ_p c[m, p] μ[m, p]
    s.t. Σ_p μ[m, p] = 1                         (each member, one plan)
         Σ_p z[m, p, k] μ[m, p] - y[k] = 0       (each party's copy of link k agrees)
         Σ_t y[j, t] <= 1                        (each cooperation starts at most once)
         μ, y >= 0.

Its duals on the agreement rows are prices ``λ``; each member is then solved with them
(:func:`~.decompose.solve_call`, an exact MIP), which gives the Lagrangian bound
``L(λ)`` (:meth:`~.decompose.Search.lagrangian`), a proof, and new columns. The master's
value only grows and ``L`` bounds it from above; they meet at the Lagrangian dual, in
far fewer member solves than subgradient steps need to get there (on the Sumatera Barat
coordination: 13 rounds instead of 78 iterations). Plans are repaired from the master's
joint decisions and from the members' own choices (:meth:`~.decompose.Search.offer`).
When the bound meets the best plan, the search is done; otherwise the branch and bound
of :mod:`.decompose` goes on from the best prices.

Example:
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> from dataclasses import replace
    >>> from mcda_kerjasama.coordination import coordinate
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> options = replace(c.spec.options, method="decomposition")
    >>> solved = coordinate(replace(c, spec=replace(c.spec, options=options)))
    >>> str(solved.status), solved.gap <= 1e-7
    ('optimal', True)
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

if TYPE_CHECKING:
    from mcda_kerjasama.coordination.decompose import Key, Search

#: The master is converged when the bound exceeds its value by at most this (relative).
CONVERGED = 1e-9
#: A plan is repaired from the master's joint decisions every this many rounds.
REPAIR_EVERY = 2
#: Seconds at most for the restricted master as a MIP (one plan from the plans seen;
#: at most a tenth of the time left).
RESTRICTED_LIMIT = 5.0
#: The rounds whose plan is improved by local search (:meth:`.decompose.Search.improve`:
#: each costs a solve of every party of every cooperation in dispute, per option). Its
#: plans are columns too: the master converges in fewer rounds with them.
EXPLORE_AT = frozenset({1, 12})


class Columns:
    """Every member plan seen so far, best value per (member, links): the master's
    columns."""

    def __init__(self, search: Search) -> None:
        self.search = search
        self.best: dict[tuple[int, tuple[float, ...]], float] = {}
        self.seen = 0

    def collect(self) -> None:
        """Take every member solve not seen yet as a column (the search keeps each
        solve in its cache, in the order they were made)."""
        calls = list(self.search.cache.items())
        for call, result in calls[self.seen :]:
            if not result.feasible:
                continue
            sub = self.search.subs[call.member]
            prices = np.asarray(call.prices, dtype=float)
            value = result.value / sub.unit - float(prices @ result.z)
            key = (call.member, tuple(float(v) for v in result.z))
            if value > self.best.get(key, -np.inf):
                self.best[key] = value
        self.seen = len(calls)


def master(
    search: Search, columns: Columns, integer: bool = False
) -> tuple[float, dict[int, np.ndarray], np.ndarray]:
    """Solve the master programme (module docstring): its value (with the members
    without links), the prices ``λ`` per member (aligned with its links) and ``y`` per
    link key, in the order of :attr:`Search.keys`. ``integer``: one whole column per
    member and whole joint decisions (the *restricted master* as a MIP: a plan from the
    plans seen, no prices)."""
    members = sorted(search.subs)
    keys = search.keys
    key_index = {k: i for i, k in enumerate(keys)}
    cols = sorted(columns.best.items())
    n_mu, n_y = len(cols), len(keys)
    link_rows: dict[tuple[int, Key], int] = {}
    for m in members:
        for key in search.subs[m].keys:
            link_rows[(m, key)] = len(members) + len(link_rows)
    member_row = {m: i for i, m in enumerate(members)}
    rows, cs, vals = [], [], []
    for c, ((m, z), _) in enumerate(cols):
        rows.append(member_row[m])
        cs.append(c)
        vals.append(1.0)
        for k, on in zip(search.subs[m].keys, z, strict=True):
            if on:
                rows.append(link_rows[(m, k)])
                cs.append(c)
                vals.append(float(on))
    for (_, key), row in link_rows.items():
        rows.append(row)
        cs.append(n_mu + key_index[key])
        vals.append(-1.0)
    n_eq = len(members) + len(link_rows)
    a_eq = sparse.csr_matrix((vals, (rows, cs)), shape=(n_eq, n_mu + n_y))
    b_eq = np.zeros(n_eq)
    b_eq[: len(members)] = 1.0
    joints = list(dict.fromkeys(k[0] for k in keys))
    joint_row = {j: i for i, j in enumerate(joints)}
    a_ub = sparse.csr_matrix(
        (np.ones(n_y), ([joint_row[k[0]] for k in keys], n_mu + np.arange(n_y))),
        shape=(len(joints), n_mu + n_y),
    )
    cost = np.concatenate([[-v for _, v in cols], np.zeros(n_y)])
    if integer:
        left = search.deadline - time.perf_counter()
        chosen = milp(
            cost,
            constraints=[
                LinearConstraint(a_eq, b_eq, b_eq),
                LinearConstraint(a_ub, -np.inf, np.ones(len(joints))),
            ],
            integrality=np.ones(n_mu + n_y),
            bounds=Bounds(0, 1),
            options={"time_limit": max(0.1, min(RESTRICTED_LIMIT, 0.1 * left))},
        )
        if chosen.x is None:  # nothing within its time: no plan from here
            return -np.inf, {}, np.zeros(n_y)
        return search.fixed_total - float(chosen.fun), {}, np.rint(chosen.x[n_mu:])
    found = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.ones(len(joints)),
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=(0, None),
        method="highs",
    )
    if found.status != 0:  # cannot happen: every member's plan without links is a column
        raise RuntimeError(f"master programme: {found.message}")
    duals = np.asarray(found.eqlin.marginals, dtype=float)
    prices = {m: np.array([duals[link_rows[(m, k)]] for k in search.subs[m].keys]) for m in members}
    return search.fixed_total - float(found.fun), prices, np.asarray(found.x[n_mu:])


def generate(search: Search, max_rounds: int = 500) -> None:
    """Column generation at the root (module docstring): leaves the search with the
    prices of its best bound, that bound and the best plan found."""
    columns = Columns(search)
    search.offer(search.best)  # every voluntary cooperation dropped: a column per member
    best = {m: v.copy() for m, v in search.lam.items()}  # the prices of the best bound
    for _ in range(max_rounds):
        if not search.time_left():
            break
        columns.collect()
        value, prices, y = master(search, columns)
        if search.iterations:  # the first round prices nothing: the members' own wishes
            search.lam = prices
        search.iterations += 1
        bound, _, results = search.lagrangian({})
        if bound < search.bound - 1e-12:
            search.bound = bound
            best = {m: v.copy() for m, v in search.lam.items()}
        if search.iterations % REPAIR_EVERY == 1 or search.bound - value <= _tolerance(value):
            columns.collect()
            _, _, whole = master(search, columns, integer=True)
            search.offer(_decisions(search, whole))
            search.offer(_decisions(search, y))
            proposal, disputed = search.proposal(results)
            search.offer(proposal, disputed if search.iterations in EXPLORE_AT else ())
        search.note()
        if search.gap_closed() or search.bound - value <= _tolerance(value):
            break
    search.lam = best


def _tolerance(value: float) -> float:
    return CONVERGED * max(1.0, abs(value))


def _decisions(search: Search, y: np.ndarray) -> dict[str, int | None]:
    """The master's joint decisions rounded: each cooperation in the year it is most
    chosen, when at least half chosen."""
    chosen: dict[str, tuple[float, int | None]] = {j: (0.5, None) for j in search.joints}
    for share, (joint, year) in zip(y, search.keys, strict=True):
        if share >= chosen[joint][0] + 1e-9 or (share >= 0.5 and chosen[joint][1] is None):
            chosen[joint] = (float(share), year)
    return {j: year for j, (_, year) in chosen.items()}
