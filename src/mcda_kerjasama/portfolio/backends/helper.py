"""A second search on the idle core, for large models under a time limit.

HiGHS's branch and bound runs on one core (its log: "using up to 1 workers"), so on a
machine with two cores the other one idles through a long solve. From
:data:`HELP_FROM` to :data:`HELP_UP_TO` columns, with a time limit of at least
:data:`MIN_LIMIT` seconds,
:meth:`~mcda_kerjasama.portfolio.backends.BackendBase.solve` starts a second, different
search on the same program in a child process (:class:`Helper`):

* below :data:`CBC_FROM` columns, HiGHS again with another random seed and no start
  (another path through the same tree: on 10,000 proposals two HiGHS runs of one minute
  end 1.1e-4 and 2.3e-4 from their bounds, by the path alone);
* from :data:`CBC_FROM` columns, CBC (on 50,000 proposals it finds in one minute a
  portfolio about 1e-3 from the bound where HiGHS stays 6.7e-3 away).

Above :data:`HELP_UP_TO` columns there is none unless asked for: the second process's
memory comes on top of the first's (CBC takes 1.6 GB on 50,000 proposals and 2.7 GB on
100,000, where it also needs most of a two-minute limit for its first portfolio).

The helper only ever adds to an answer that stopped at its time limit (:func:`merge`):
its portfolio is taken when it is worth more, and only after the same checks as any
answer (every row and bound, the value it claims); its bound when it is tighter and not
on the wrong side of the best portfolio's value. A solve the primary solver proves
optimal returns the primary's answer and stops the helper, so proven answers, and the
portfolio chosen among ties, are exactly those without it; an answer stopped by the
clock depends on the machine's speed with or without it.

The child process prints nothing (its standard output and error go to ``/dev/null``),
writes its files in a folder removed afterwards, and is killed with whatever it started
(CBC runs as its grandchild) as soon as its answer is no longer wanted. Where process
groups are not available (Windows) the second search is HiGHS only.

Example:
    >>> from mcda_kerjasama.scenario import SolverOptions
    >>> helper_kind(20_000, SolverOptions()), helper_kind(100_000, SolverOptions())
    ('highs', 'cbc')
    >>> helper_kind(2_000, SolverOptions()), helper_kind(20_000, SolverOptions(time_limit=5))
    (None, None)
    >>> helper_kind(200_000, SolverOptions())  # memory: see above
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from mcda_kerjasama.portfolio.backends.program import MixedProgram, Solution, consistent
from mcda_kerjasama.registry import BACKENDS
from mcda_kerjasama.scenario import SolverOptions

#: Models from this many columns get a second search (below, HiGHS proves most of them
#: in seconds: 1,000 proposals, 2,065 columns, in 1.2 s).
HELP_FROM = 10_000
#: From this many columns the second search is CBC, below it HiGHS with another seed.
CBC_FROM = 50_000
#: Models above this many columns get no second search by default: its memory would
#: come on top of the main process's (on 100,000 proposals, 200,688 columns: 1.55 GB,
#: and CBC alone 2.7 GB, which then needs 100 s of a 120 s limit for its first portfolio).
HELP_UP_TO = 150_000
#: Time limits below this (seconds) get no helper: starting one costs about a second.
MIN_LIMIT = 10.0
#: HiGHS's random seed in the helper (the primary runs HiGHS's default, 0).
SEED = 1
#: The share of the time limit kept after the helper's deadline for reading its answer
#: back and certifying it.
MARGIN = 0.02


def helper_kind(n_columns: int, options: SolverOptions) -> str | None:
    """Which second search a solve of ``n_columns`` under ``options`` gets: "highs",
    "cbc" or None (see the module docstring; ``options.second_search`` true forces one
    for any size, false turns it off).

    Example: see the module docstring.
    """
    wanted = options.second_search
    if wanted is False or (os.cpu_count() or 1) < 2 or not np.isfinite(options.time_limit):
        return None
    small = n_columns < HELP_FROM or options.time_limit < MIN_LIMIT
    if wanted == "auto" and (small or n_columns > HELP_UP_TO):
        return None
    if options.backend != "highs":
        return "highs"
    cbc = n_columns >= CBC_FROM and os.name == "posix" and find_spec("pulp") is not None
    return "cbc" if cbc else "highs"


class Helper:
    """A second search on ``program`` in a child process, answering by ``deadline``
    (seconds since the epoch, ``time.time()``).

    The child is a new interpreter (``sys.executable``), not a ``multiprocessing``
    process: those import the parent's main module again, which would run a user's
    script a second time. It gets the program and gives its answer as files in its own
    folder, and runs in its own process group (on POSIX) so that stopping it stops the
    solver it started.

    Example:
        >>> from scipy import sparse
        >>> p = MixedProgram(sparse.csr_matrix([[1.0, 1.0]]), np.array([1.0, 2.0]),
        ...     np.zeros(2), np.ones(2), np.array([-np.inf]), np.array([1.0]),
        ...     integer=np.array([True, True]), sense="max")
        >>> helper = Helper("highs", p, time.time() + 30, mip_gap=0.0)
        >>> found = helper.answer()
        >>> found.x.tolist(), found.finished, helper.alive
        ([0.0, 1.0], True, False)
    """

    def __init__(self, kind: str, program: MixedProgram, deadline: float, *, mip_gap: float):
        self.kind, self.deadline = kind, deadline
        self._folder = Path(tempfile.mkdtemp(prefix="kerjasama-helper-"))
        try:
            with open(self._folder / "program.pickle", "wb") as out:
                pickle.dump((kind, program, deadline, mip_gap), out, protocol=5)
            root = str(Path(__file__).resolve().parents[3])  # where mcda_kerjasama is
            paths = [root, *filter(None, [os.environ.get("PYTHONPATH")])]
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "TMPDIR": str(self._folder)}
            self._process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(self._folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=self._folder,
                env=env,
                start_new_session=os.name == "posix",
            )
        except BaseException:
            shutil.rmtree(self._folder, ignore_errors=True)
            raise

    def version(self) -> str:
        """The second solver's version as its backend reports it (for CBC, the
        binary's, with PuLP's), for the result's ``version`` when its portfolio is
        kept."""
        return str(importlib.import_module(BACKENDS[self.kind]).BACKEND.version())

    @property
    def alive(self) -> bool:
        """Whether the child process still runs."""
        return self._process.poll() is None

    def answer(self) -> Solution | None:
        """The helper's answer, waiting for it at the latest until the deadline; None
        when it has none by then (it is stopped either way)."""
        try:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(max(0.0, self.deadline - time.time()))
            path = self._folder / "answer.pickle"
            if not path.exists():
                return None
            with open(path, "rb") as data:
                found = pickle.load(data)
            return found if isinstance(found, Solution) else None
        finally:
            self.stop()

    def stop(self) -> None:
        """Kill the child with everything it started, and remove its files."""
        process = self._process
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError, AttributeError):
                os.killpg(process.pid, signal.SIGKILL)  # its own group: CBC goes too
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        process.wait()
        shutil.rmtree(self._folder, ignore_errors=True)


def merge(program: MixedProgram, first: Solution, other: Solution | None) -> Solution:
    """``first`` (the primary solver's answer, stopped at its limit) with what the
    helper's answer ``other`` adds: its portfolio when it keeps every row and is worth
    more, its bound when tighter and on the right side of the best value.

    Example:
        >>> from scipy import sparse
        >>> p = MixedProgram(sparse.csr_matrix([[1.0, 1.0, 1.0]]), np.array([1.0, 2.0, 3.0]),
        ...     np.zeros(3), np.ones(3), np.array([-np.inf]), np.array([2.0]),
        ...     integer=np.ones(3, dtype=bool), sense="max")
        >>> first = Solution(False, False, np.array([1.0, 1.0, 0.0]), 3.0, 5.5)
        >>> better = Solution(False, False, np.array([0.0, 1.0, 1.0]), 5.0, 6.0)
        >>> m = merge(p, first, better)
        >>> m.x.tolist(), m.objective, m.bound
        ([0.0, 1.0, 1.0], 5.0, 5.5)
        >>> merge(p, first, Solution(False, False, np.ones(3), 6.0, 6.0)) == first  # breaks a row
        True
        >>> merge(p, Solution(False, False, None, np.nan, np.nan), better).x.tolist()
        [0.0, 1.0, 1.0]
    """
    if other is None or other.infeasible:
        return first
    if first.x is None:  # the primary found nothing by the limit
        found = other.x is not None and consistent(program, other)
        return replace(other, reason=f"{other.reason} (second search)".strip()) if found else first
    sign = 1.0 if program.sense == "max" else -1.0
    x, value, finished = first.x, float(program.cost @ first.x), first.finished
    if other.x is not None and consistent(program, other):
        candidate = np.rint(other.x).clip(0, 1)
        worth = float(program.cost @ candidate)
        if sign * worth > sign * value:
            x, value, finished = candidate, worth, other.finished
    bounds = [b for b in (first.bound, other.bound) if np.isfinite(b)]
    valid = [b for b in bounds if sign * b >= sign * value - 1e-9 * max(1.0, abs(value))]
    bound = (min(valid) if sign > 0 else max(valid)) if valid else float("nan")
    if x is first.x and bound == first.bound:
        return first
    reason = first.reason if x is first.x else f"{other.reason} (second search)".strip()
    return Solution(False, finished, x, value, bound, None, reason)


def left(deadline: float) -> float:
    """The time limit a solver in the child gets: what is left until ``deadline``, less
    5% and 0.3 s for writing its answer before the parent stops waiting (at least 1 s).

    Example:
        >>> round(left(time.time() + 20.0), 1)
        18.7
    """
    return max(0.95 * (deadline - time.time()) - 0.3, 1.0)


#: What the child interpreter runs (its folder is its one argument).
_CHILD = (
    "import sys; from mcda_kerjasama.portfolio.backends.helper import search; search(sys.argv[1])"
)


def search(folder: str) -> None:  # pragma: no cover - runs in the child (tests see its answers)
    """The child's work: read the program from ``folder``, solve it until the deadline
    and write the :class:`Solution` there (none when the solver fails: the primary
    answer stands)."""
    with open(Path(folder) / "program.pickle", "rb") as data:
        kind, program, deadline, mip_gap = pickle.load(data)
    try:
        if kind == "cbc":
            found = cbc_search(program, deadline, mip_gap, Path(folder))
        else:
            backend = importlib.import_module(BACKENDS[kind]).BACKEND
            session = backend.session(program, left(deadline), mip_gap=mip_gap, heuristics=True)
            session.h.setOptionValue("random_seed", SEED)
            found = session.run(None, time_limit=left(deadline))
    except Exception:
        return
    partial = Path(folder) / "answer.partial"
    with open(partial, "wb") as out:
        pickle.dump(found, out, protocol=5)
    os.replace(partial, Path(folder) / "answer.pickle")
    os._exit(0)  # a HiGHS run stopped by the clock may still be winding down: no teardown


def cbc_search(program: MixedProgram, deadline: float, mip_gap: float, folder: Path) -> Solution:
    """CBC on ``program`` until ``deadline``, straight from an MPS file that HiGHS writes
    (a maximisation negated), not through PuLP: PuLP's model of 100,000 proposals takes
    2.4 GB of Python objects. The rows are written as they are: with the rows scaled for
    HiGHS, CBC found no portfolio within a minute on 50,000 proposals; unscaled, 1.1e-3
    from its bound.

    Example:
        >>> import tempfile
        >>> from scipy import sparse
        >>> p = MixedProgram(sparse.csr_matrix([[1.0, 1.0]]), np.array([1.0, 2.0]),
        ...     np.zeros(2), np.ones(2), np.array([-np.inf]), np.array([1.0]),
        ...     integer=np.array([True, True]), sense="max")
        >>> found = cbc_search(p, time.time() + 30, 0.0, Path(tempfile.mkdtemp()))
        >>> found.x.tolist(), found.objective, found.bound, found.finished
        ([0.0, 1.0], 2.0, 2.0, True)
    """
    # the backends by the registry, as get_backend finds them (they import this package)
    cbc, highs = (importlib.import_module(BACKENDS[name]) for name in ("cbc", "highs"))
    sign = -1.0 if program.sense == "max" else 1.0
    h, _ = highs._load(replace(program, cost=sign * program.cost, sense="min"), 1.0, scaled=False)
    model, solution, log = folder / "model.mps", folder / "solution.txt", folder / "cbc.log"
    h.writeModel(str(model))
    del h
    command = [cbc._cbc().path, str(model), "-timeMode", "elapsed", "-sec", f"{left(deadline):.2f}"]
    command += ["-threads", "1", "-ratioGap", f"{mip_gap:g}", "-solve", "-solution", str(solution)]
    with open(log, "w") as out:
        subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    lines = solution.read_text().splitlines() if solution.exists() else []
    head = lines[0].lower() if lines else ""
    if head.startswith("infeasible"):
        return Solution(True, True, None, np.nan, np.nan)
    x = np.zeros(program.n_columns)
    for line in lines[1:]:
        fields = line.replace("**", " ").split()
        if len(fields) >= 3 and fields[0].isdigit() and int(fields[0]) < program.n_columns:
            x[int(fields[0])] = float(fields[2])
    if not head.startswith(("optimal", "stopped")) or "objective value" not in head:
        return Solution(False, False, None, np.nan, np.nan, reason=head or "no solution")
    value = float(program.cost @ x)
    claimed, bound = cbc.read_log(log.read_text(errors="replace"), value)
    finished = head.startswith("optimal")
    return Solution(False, finished, x, claimed, bound, None, "cbc")
