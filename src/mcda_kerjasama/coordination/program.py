"""The joint model: one MILP over all members, as arrays.

Every member's portfolio model is one block (its columns, its rows: its own rules
unchanged). A joint cooperation appears in each party's block as that party's own
proposal; the joint model merges those columns, one per joint cooperation and start
year, so the single binary uses every party's budget, staff and other rows with that
party's share and is chosen for all parties or for none. Nothing else couples the
members.

Objective: the sum over members of each member's value (its own scores of what it
funds, joint cooperations included) divided by its unit of value
(:func:`~mcda_kerjasama.coordination.members.unit_of_value`: its standalone value, so
every member's optimum alone counts 1 whatever the length of its list). With the
participation guarantee each member has one more row: its value at least its
standalone value (less :data:`GUARANTEE_TOLERANCE`, relative).

Example:
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> from mcda_kerjasama.coordination.members import plan_joint, problem_block
    >>> plan = plan_joint(c)
    >>> blocks = [problem_block(c, plan, m).model for m in c.members]
    >>> jp = joint_program(c, plan, blocks, [1.0] * len(blocks), [0.0] * len(blocks))
    >>> stacked = sum(b.n_columns for b in blocks)
    >>> merged = sum(len(p) - 1 for p in jp.linked.values())
    >>> jp.program.n_columns == stacked - merged
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from mcda_kerjasama.coordination.members import JointPlan
from mcda_kerjasama.coordination.records import Coordination
from mcda_kerjasama.portfolio.backends import MixedProgram
from mcda_kerjasama.portfolio.model import PortfolioModel

#: A member's value may fall this much (relative, at least 1e-7 points) below its
#: standalone value and still keep the guarantee: the tolerance within which two
#: portfolios' values count as equal everywhere in the engine.
GUARANTEE_TOLERANCE = 1e-7


@dataclass(frozen=True)
class JointProgram:
    """The joint model and how it maps to the members' blocks.

    ``program``: the merged MILP (maximise the normalised total). ``blocks``: each
    member's portfolio model; ``offsets[m]``: where block ``m`` starts in the stacked
    column space; ``column_of``: stacked column -> merged column; ``linked``: (joint id,
    start year) -> the stacked columns merged into one (one per party);
    ``joint_column``: (joint id, start year) -> merged column; ``units``: each member's
    unit of value; ``floors``: each member's guarantee floor (raw points; -inf without
    the guarantee); ``guarantee_rows``: the rows holding them (empty without).
    """

    program: MixedProgram
    blocks: tuple[PortfolioModel, ...]
    offsets: np.ndarray
    column_of: np.ndarray
    linked: Mapping[tuple[str, int], tuple[int, ...]]
    joint_column: Mapping[tuple[str, int], int]
    units: np.ndarray
    floors: np.ndarray
    guarantee_rows: np.ndarray

    @property
    def n_stacked(self) -> int:
        """Columns of all blocks together."""
        return int(self.offsets[-1])

    def block_x(self, x: np.ndarray, member: int) -> np.ndarray:
        """Member ``member``'s columns of a merged solution ``x``."""
        a, b = int(self.offsets[member]), int(self.offsets[member + 1])
        return np.asarray(x)[self.column_of[a:b]]

    def merged_x(self, parts: Sequence[np.ndarray]) -> np.ndarray:
        """A merged solution from every block's solution (linked columns must agree)."""
        x = np.zeros(self.program.n_columns)
        stacked = np.concatenate([np.asarray(p, dtype=float) for p in parts])
        np.maximum.at(x, self.column_of, stacked)
        return x

    def member_values(self, x: np.ndarray) -> np.ndarray:
        """Each member's raw value (its own scores) in a merged solution ``x``."""
        return np.array(
            [float(b.objective @ self.block_x(x, m)) for m, b in enumerate(self.blocks)]
        )

    def decisions(self, x: np.ndarray) -> dict[str, int | None]:
        """Each joint cooperation's start year in ``x`` (None: not chosen)."""
        chosen: dict[str, int | None] = {}
        for (joint, year), col in self.joint_column.items():
            chosen.setdefault(joint, None)
            if x[col] > 0.5:
                chosen[joint] = year
        return chosen


def linked_columns(
    coordination: Coordination, plan: JointPlan, blocks: Sequence[PortfolioModel]
) -> dict[tuple[str, int], tuple[int, ...]]:
    """(joint id, start year) -> each party's stacked column for it (parties in table
    order), for every joint cooperation that is not blocked.

    Example: see the module docstring.
    """
    offsets = np.cumsum([0, *[b.n_columns for b in blocks]])
    index = {m.name: i for i, m in enumerate(coordination.members)}
    linked: dict[tuple[str, int], tuple[int, ...]] = {}
    for joint in coordination.joint:
        if joint.id in plan.blocked:
            continue
        by_start: dict[int, list[int]] = {}
        for party in joint.parties:
            m = index[party]
            block = blocks[m]
            for col in block.column_ranges.get(joint.proposals[party], ()):
                year = int(block.columns.at[col, "start"])
                by_start.setdefault(year, []).append(int(offsets[m] + col))
        for year, cols in sorted(by_start.items()):
            if len(cols) != len(joint.parties):  # a start some party cannot make
                raise AssertionError(f"{joint.id} {year}: columns {cols}")
            linked[(joint.id, year)] = tuple(cols)
    return linked


def joint_program(
    coordination: Coordination,
    plan: JointPlan,
    blocks: Sequence[PortfolioModel],
    units: Sequence[float],
    standalone: Sequence[float],
) -> JointProgram:
    """Stack the members' ``blocks``, merge each joint cooperation's columns and add
    the guarantee rows (``standalone``: each member's standalone value; ``units``: its
    unit of value).

    Example: see the module docstring.
    """
    offsets = np.cumsum([0, *[b.n_columns for b in blocks]]).astype(int)
    n_stacked = int(offsets[-1])
    linked = linked_columns(coordination, plan, blocks)
    column_of = np.full(n_stacked, -1, dtype=int)
    joint_column: dict[tuple[str, int], int] = {}
    first_of = {cols[0]: key for key, cols in linked.items()}
    member_of_link = {c: key for key, cols in linked.items() for c in cols}
    n = 0
    for s in range(n_stacked):
        key = member_of_link.get(s)
        if key is None:
            column_of[s] = n
            n += 1
        elif s in first_of:
            joint_column[key] = n
            for c in linked[key]:
                column_of[c] = n
            n += 1
    merge = sparse.csr_matrix(
        (np.ones(n_stacked), (np.arange(n_stacked), column_of)), shape=(n_stacked, n)
    )
    stacked = sparse.block_diag([b.matrix for b in blocks], format="csr")
    matrix = (stacked @ merge).tocsr()
    lower = np.concatenate([b.row_lower for b in blocks])
    upper = np.concatenate([b.row_upper for b in blocks])
    units_arr = np.asarray(units, dtype=float)
    raw = np.concatenate([b.objective for b in blocks])
    scale = np.repeat(1.0 / units_arr, np.diff(offsets))
    cost = merge.T @ (raw * scale)
    floors = np.full(len(blocks), -np.inf)
    guarantee_rows = np.zeros(0, dtype=int)
    if coordination.spec.options.guarantee:
        member_rows = sparse.csr_matrix(
            (raw, (np.repeat(np.arange(len(blocks)), np.diff(offsets)), np.arange(n_stacked))),
            shape=(len(blocks), n_stacked),
        )
        floors = np.array(
            [v - GUARANTEE_TOLERANCE * max(1.0, abs(v)) for v in standalone], dtype=float
        )
        guarantee_rows = np.arange(matrix.shape[0], matrix.shape[0] + len(blocks))
        matrix = sparse.vstack([matrix, member_rows @ merge], format="csr")
        lower = np.concatenate([lower, floors])
        upper = np.concatenate([upper, np.full(len(blocks), np.inf)])
    program = MixedProgram(
        matrix,
        np.asarray(cost, dtype=float),
        np.zeros(n),
        np.ones(n),
        lower,
        upper,
        np.ones(n, dtype=bool),
        "max",
    )
    return JointProgram(
        program,
        tuple(blocks),
        offsets,
        column_of,
        linked,
        joint_column,
        units_arr,
        floors,
        guarantee_rows,
    )
