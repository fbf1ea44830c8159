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
import tempfile
import time
from dataclasses import replace
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from mcda_kerjasama.errors import SolverError
from mcda_kerjasama.portfolio.backends import SolveResult, certify, empty_result, installed
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
        start = greedy_start(model) if model.sense == "max" and options.warm_start else None
        result = self._run(problem, x, model, options, start, started)
        if result is None and start is not None:  # the start misled CBC: without it
            left = options.time_limit - (time.perf_counter() - started)
            result = self._run(
                problem, x, model, replace(options, time_limit=max(left, 1.0)), None, started
            )
        if result is None:
            raise SolverError(
                "solver_unproven", backend=self.name, reason="objective and bound disagree"
            )
        return result

    def _run(
        self,
        problem: Any,
        x: list[Any],
        model: PortfolioModel,
        options: SolverOptions,
        start: np.ndarray | None,
        started: float,
    ) -> SolveResult | None:
        """One CBC run, certified from CBC's own log (its objective and bound); ``None``
        when the answer does not check out."""
        import pulp

        n = model.n_columns
        for var, value in zip(x, start if start is not None else np.zeros(n), strict=True):
            var.setInitialValue(float(value))
        with tempfile.TemporaryDirectory(prefix="kerjasama-cbc-") as folder:
            log = Path(folder) / "cbc.log"
            solver = pulp.PULP_CBC_CMD(
                msg=False,
                timeLimit=options.time_limit,
                gapRel=options.mip_gap or None,
                threads=1,
                warmStart=start is not None,
                logPath=str(log),
            )
            problem.solve(solver)
            text = log.read_text(errors="replace") if log.exists() else ""
        seconds = time.perf_counter() - started
        if problem.status == pulp.LpStatusInfeasible:
            return SolveResult.infeasible(n, seconds, self.name, self.version())
        if problem.sol_status == pulp.LpSolutionNoSolutionFound:
            raise SolverError("solver_no_solution", backend=self.name, reason="no solution")
        if problem.sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
            raise SolverError(
                "solver_failed",
                backend=self.name,
                reason=pulp.LpStatus.get(problem.status, str(problem.status)),
            )
        values = np.array([v.varValue or 0.0 for v in x], dtype=float)
        chosen = np.rint(values).clip(0, 1)
        objective = float(model.objective @ chosen)
        claimed, bound = read_log(text, objective)
        checked = certify(
            model,
            chosen,
            claimed=claimed,
            bound=bound,
            finished=problem.sol_status == pulp.LpSolutionOptimal,
            mip_gap=float(options.mip_gap),
        )
        if checked is None:
            return None
        kind, gap = checked
        return SolveResult(kind, chosen, objective, bound, gap, seconds, self.name, self.version())


def read_log(log: str, objective: float) -> tuple[float, float]:
    """CBC's claimed objective and proven bound from its log, in the sense of
    ``objective`` (the value of the returned portfolio; CBC may print the negated
    objective of a maximisation). Without a bound line a solve that ended with
    "Optimal solution found" has the objective as its bound; NaN where the log says
    nothing.

    Example:
        >>> read_log("Result - Optimal solution found\\n\\nObjective value:   518.0\\n", 518.0)
        (518.0, 518.0)
        >>> read_log("Result - Stopped on time limit\\nObjective value: -50.0\\n"
        ...          "Lower bound: -52.5\\nGap: 0.05\\n", 50.0)
        (50.0, 52.5)
    """

    def number(label: str) -> float:
        match = re.search(rf"^{label}:\s*(\S+)", log, re.MULTILINE)
        try:
            return float(match.group(1)) if match else math.nan
        except ValueError:
            return math.nan

    claimed = number("Objective value")
    bound = number("(?:Upper|Lower) bound")
    if math.isnan(bound) and re.search(r"^Result - Optimal solution found\s*$", log, re.M):
        bound = claimed
    if math.isfinite(claimed) and abs(claimed + objective) < abs(claimed - objective):
        claimed, bound = -claimed, -bound  # CBC minimised the negated objective
    return claimed, bound


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
