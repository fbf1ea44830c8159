"""CBC through PuLP (the CBC 2.10 binary bundled with the PuLP wheel).

PuLP reports status "Optimal" even when CBC stopped at its time limit; only the
*solution* status tells (1 optimal, 2 integer feasible), so that is what is read.

Example:
    >>> BACKEND.name
    'cbc'
"""

from __future__ import annotations

import math
import re
import subprocess
import time
from functools import cache
from importlib.metadata import version

import numpy as np

from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.backends import SolveResult, empty_result, installed
from mcda_kerjasama.portfolio.model import PortfolioModel
from mcda_kerjasama.portfolio.start import greedy_start
from mcda_kerjasama.scenario import SolverOptions


class CbcBackend:
    """Solve with CBC via PuLP."""

    name = "cbc"

    def available(self) -> bool:
        """Whether PuLP and its CBC binary are there."""
        if not installed("pulp"):
            return False
        import pulp

        return bool(pulp.PULP_CBC_CMD(msg=False).available())

    def version(self) -> str:
        """The CBC version as the binary reports it, with PuLP's version."""
        return f"{_cbc_version()} (pulp {version('pulp')})"

    def solve(self, model: PortfolioModel, options: SolverOptions) -> SolveResult:
        """Maximise ``model`` with CBC."""
        import pulp

        started = time.perf_counter()
        n = model.n_columns
        if n == 0:  # nothing to choose: the empty portfolio, if allowed
            return empty_result(model, time.perf_counter() - started, self.name, self.version())
        sense = pulp.LpMaximize if model.sense == "max" else pulp.LpMinimize
        problem = pulp.LpProblem("portfolio", sense)
        x = [pulp.LpVariable(f"x{j}", cat=pulp.LpBinary) for j in range(n)]
        problem += pulp.lpSum(float(c) * x[j] for j, c in enumerate(model.objective) if c != 0)
        csr = model.matrix
        for i in range(csr.shape[0]):
            lo, hi = csr.indptr[i], csr.indptr[i + 1]
            expr = pulp.lpSum(
                float(v) * x[j] for j, v in zip(csr.indices[lo:hi], csr.data[lo:hi], strict=True)
            )
            if math.isfinite(model.row_upper[i]):
                problem += expr <= float(model.row_upper[i]), f"r{i}_up"
            if math.isfinite(model.row_lower[i]):
                problem += expr >= float(model.row_lower[i]), f"r{i}_lo"
        start = greedy_start(model) if model.sense == "max" else None
        if start is not None:
            for var, value in zip(x, start, strict=True):
                var.setInitialValue(float(value))
        solver = pulp.PULP_CBC_CMD(
            msg=False,
            timeLimit=options.time_limit,
            gapRel=options.mip_gap or None,
            threads=1,
            warmStart=start is not None,
        )
        problem.solve(solver)
        seconds = time.perf_counter() - started
        if problem.status == pulp.LpStatusInfeasible:
            return SolveResult.infeasible(n, seconds, self.name, self.version())
        if problem.sol_status == pulp.LpSolutionOptimal:
            kind = "optimal" if not options.mip_gap else "gap_limit"
        elif problem.sol_status == pulp.LpSolutionIntegerFeasible:
            kind = "time_limit"
        elif problem.sol_status == pulp.LpSolutionNoSolutionFound:
            raise SolverError("solver_no_solution", backend=self.name, reason="no solution")
        else:
            raise SolverError(
                "solver_failed",
                backend=self.name,
                reason=pulp.LpStatus.get(problem.status, str(problem.status)),
            )
        values = np.array([v.varValue or 0.0 for v in x], dtype=float)
        chosen = np.rint(values).clip(0, 1)
        objective = float(model.objective @ chosen)
        gap = 0.0 if kind == "optimal" else math.nan
        bound = objective if kind == "optimal" else math.nan
        return SolveResult(kind, chosen, objective, bound, gap, seconds, self.name, self.version())  # type: ignore[arg-type]


@cache
def _cbc_version() -> str:
    import pulp

    try:
        banner = subprocess.run(
            [pulp.PULP_CBC_CMD().path, "-quit"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    match = re.search(r"Version:\s*(\S+)", banner)
    return match.group(1) if match else "unknown"


BACKEND = CbcBackend()
