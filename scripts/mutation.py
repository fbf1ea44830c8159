"""Mutation testing of the core modules: small deliberate bugs, one at a time, each run
against a fast targeted test subset. A mutant the tests do not notice is a *survivor*:
either the tests miss a wrong answer, or the mutant is equivalent (listed below with
the reason, and left out of the score).

    python scripts/mutation.py                      # every core module
    python scripts/mutation.py screening ahp        # some of them
    python scripts/mutation.py model --list         # the mutants, without running them
    python scripts/mutation.py model --show 17      # one mutant as a diff
    python scripts/mutation.py model --only 17 23   # run only these mutants

Run it niced on a shared machine (``nice -n 19 python scripts/mutation.py``).

How: the module's source is parsed; each mutation site (a comparison, arithmetic or
boolean operator, ``|=``, a ``not`` or a unary minus, a number, True/False, min/max,
any/all, a condition, break/continue) gives one mutant, written back with
``ast.unparse``. Each mutant runs in a fresh ``pytest -x`` process that serves the
mutated source for that one module through an import hook (the file on disk, shared
with whoever else works in the tree, is never touched). The module's doctests run
too. Hypothesis runs with the ``ci`` profile of ``tests/conftest.py`` (derandomized, no
deadline, no example database), so a result does not depend on the machine's load. A
mutant whose tests run longer than ``--timeout-factor`` times the clean run (and at
least 20 s more) counts as killed (timeout), as usual.
"""

from __future__ import annotations

import argparse
import ast
import copy
import difflib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "mcda_kerjasama"

#: module short name -> (its files under src/mcda_kerjasama, the test files run for it)
MODULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "screening": (("screening.py",), ("tests/test_screening.py",)),
    "scoring": (("scoring.py",), ("tests/test_scoring.py",)),
    "priority": (("priority.py",), ("tests/test_priority.py",)),
    "amounts": (("amounts.py",), ("tests/test_amounts.py", "tests/test_mutants_amounts.py")),
    "constraints": (
        ("constraints.py",),
        ("tests/test_constraints.py", "tests/test_mutants_constraints.py"),
    ),
    "model": (("portfolio/model.py",), ("tests/test_portfolio.py",)),
    "reoptimise": (("portfolio/reoptimise.py",), ("tests/test_reoptimise.py",)),
    "ahp": (
        tuple(
            f"weights/ahp/{f}.py"
            for f in ("__init__", "comparisons", "priorities", "completion", "analysis", "repair")
        ),
        (
            "tests/test_ahp.py",
            "tests/test_mutants_ahp.py",
            "tests/test_judgements.py",
            "tests/test_group.py",
            "tests/test_hierarchy.py",
        ),
    ),
    "frontier": (("portfolio/frontier.py",), ("tests/test_frontier.py",)),
}

_NO_LOG_005 = (
    "a boundary no double reaches: no x within 40 ulps of e^0.05 or e^-0.05 has "
    "|ln x| exactly 0.05 (VALUE_TOLERANCE), so > and >= agree on every input"
)
_ANY_J = (
    "L + aJ (J all ones) is non-singular for any a != 0 on a connected graph and its "
    "solution has sum 0 for every such a, since the right-hand side sums to 0"
)

_SENTINEL = "-2 marks 'no row' as well as -1 does: indicator() keeps codes >= 0 only"
_NEVER_EMPTY = (
    "the fallback for a model without rows is never taken: there is a budget row for "
    "every planning year, and at least one year"
)

#: Survivors that cannot change any answer, by file: (the original line, stripped; the
#: mutation as listed) -> why. Matched on the text, so they follow the line when the
#: file is edited above it; a changed line drops out of the list (run again).
EQUIVALENT: dict[str, dict[tuple[str, str], str]] = {
    "amounts.py": {
        ("codes, uniques = pd.factorize(values, use_na_sentinel=True)", "`True` -> `False`"): (
            "an empty cell then gets a code of its own instead of -1; it parses to NaN "
            "either way (parse_amount of None or NaN is NaN, never a problem)"
        ),
        (
            "plain = as_text.str.fullmatch(_PLAIN_FAST).fillna(False).to_numpy(dtype=bool)",
            "`False` -> `True`",
        ): "the distinct values never include a missing one (factorize leaves them out)",
        ("safe = np.where(codes >= 0, codes, 0)", "`>=` -> `>`"): (
            "code 0 maps to 0 either way; `safe` only keeps the empty cells' -1 in range"
        ),
        ("safe = np.where(codes >= 0, codes, 0)", "`0` -> `1` (1 of 2)"): (
            "`codes >= 1`: code 0 maps to 0 either way"
        ),
        (
            "problems = {label: failures[int(codes[p])] for label, p in zip(labels, bad, "
            "strict=True)}",
            "`True` -> `False`",
        ): "labels and positions have the same length by construction",
        (
            "rounds_up = size > smallest and round(abs(value) / (size // 1000), 1) >= 1000",
            "`//` -> `/`",
        ): "size is a power of 1000: size // 1000 and size / 1000 are the same number",
    },
    "weights/ahp/comparisons.py": {
        ("if abs(math.log(max(v, 1 / v))) > math.log(9) + VALUE_TOLERANCE:", "`max` -> `min`"): (
            "|ln min(v, 1/v)| = |ln max(v, 1/v)|"
        ),
        ("if abs(math.log(max(v, 1 / v))) > math.log(9) + VALUE_TOLERANCE:", "`/` -> `*`"): (
            "max(v, v) = v, and |ln v| = |ln 1/v|"
        ),
        ("if abs(math.log(big / whole)) > VALUE_TOLERANCE:", "`>` -> `>=`"): _NO_LOG_005,
        ("return (float(whole) if v >= 1 else 1.0 / whole), None", "`>=` -> `>`"): (
            "at v = 1, whole = 1 and both branches give 1.0"
        ),
        ("for location, item in zip(locations, items, strict=True):", "`True` -> `False`"): (
            "every caller builds one location per item; strict only guards the caller"
        ),
        (
            "for k, (r, c) in enumerate(zip(row_labels, col_labels, strict=True)):",
            "`True` -> `False`",
        ): "the frame is square (checked just above): the label lists have one length",
        ("if code is not None or abs(math.log(v or 1.0)) > VALUE_TOLERANCE:", "`>` -> `>=`"): (
            _NO_LOG_005
        ),
        ("if code is not None or abs(math.log(v or 1.0)) > VALUE_TOLERANCE:", "`1.0` -> `2.0`"): (
            "v is None only together with a problem code (the `or` stops before), never 0"
        ),
        ("if abs(math.log(upper * lower)) > VALUE_TOLERANCE:", "`>` -> `>=`"): _NO_LOG_005,
    },
    "weights/ahp/priorities.py": {
        ("return values[max(n, 1) - 1]", "`1` -> `2` (1 of 2)"): (
            "n <= 1 then reads the RI of n = 2 instead of n = 1: both tables give 0 for both"
        ),
        ("n = matrix.shape[0]", "`0` -> `1`"): "the matrix is square",
    },
    "weights/ahp/completion.py": {
        ("y = np.linalg.solve(laplacian + np.ones((n, n)) / n, rhs)", "`+` -> `-`"): _ANY_J,
        ("y = np.linalg.solve(laplacian + np.ones((n, n)) / n, rhs)", "`/` -> `*`"): _ANY_J,
        ("for (a, b), (i, j) in zip(missing, cells, strict=True)", "`True` -> `False`"): (
            "cells is built from missing, one per pair"
        ),
        ("for (i, j), xk in zip(cells, x, strict=True):", "`True` -> `False`"): (
            "x has one value per cell by construction"
        ),
        ("v = v / (v @ w)", "`/` -> `*`"): (
            "the gradient times a positive factor, (v.w)^2: the same zero, so the same "
            "minimiser of the convex lambda_max (the searched-minimum tests still pass)"
        ),
    },
    "weights/ahp/repair.py": {
        ("if after.consistency_ratio < cons.consistency_ratio:", "`<` -> `<=`"): (
            "would need a revised judgement to leave CR exactly unchanged; only a mirrored "
            "cycle does that in exact arithmetic, and its two CRs still differ in the last "
            "bits in floating point"
        ),
    },
    "portfolio/model.py": {
        ('return set(self.columns.loc[x > 0.5, "proposal"].astype(str))', "`>` -> `>=`"): (
            "x holds 0 and 1 only"
        ),
        ("cost_y.sum(axis=0, keepdims=True),", "`True` -> `False`"): (
            "a 1-D array becomes the same 1 x n sparse row"
        ),
        ("agency_code = np.array([code.get(a, -1) for a in agencies])[prop_of]", "`1` -> `2`"): (
            _SENTINEL
        ),
        ("once_code = np.full(n_prop, -1)", "`1` -> `2`"): _SENTINEL,
        ("must_code = np.full(n_prop, -1)", "`1` -> `2`"): _SENTINEL,
        ("ban_code = np.full(n_prop, -1)", "`1` -> `2`"): _SENTINEL,
        ("excl = np.array([group_code.get(g, -1) for g in groups])[prop_of]", "`1` -> `2`"): (
            _SENTINEL
        ),
        (
            'labels = pd.concat(rows.labels, ignore_index=True) if rows.labels else _rows([], "", '
            '0, "")',
            "`0` -> `1`",
        ): _NEVER_EMPTY,
        (
            'matrix = sparse.vstack(rows.blocks, format="csr") if rows.blocks else '
            "sparse.csr_matrix((0, n))",
            "`0` -> `1`",
        ): _NEVER_EMPTY,
        ("row_upper = np.concatenate(rows.upper) if rows.upper else np.zeros(0)", "`0` -> `1`"): (
            _NEVER_EMPTY
        ),
        ("row_lower=np.concatenate(rows.lower) if rows.lower else np.zeros(0),", "`0` -> `1`"): (
            _NEVER_EMPTY
        ),
    },
    "portfolio/frontier.py": {
        ("peak = max(constraints.budget.values(), default=0.0)", "`0.0` -> `1.0`"): (
            "the budget has an amount for every planning year, and there is at least one "
            "year: the default is never used"
        ),
    },
}


# --- mutants ----------------------------------------------------------------------------

_COMPARE: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINARY: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.BitXor: ast.BitOr,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
}
_NAMES = {
    "min": "max",
    "max": "min",
    "minimum": "maximum",
    "maximum": "minimum",
    "argmin": "argmax",
    "argmax": "argmin",
    "any": "all",
    "all": "any",
    "floor": "ceil",
    "ceil": "floor",
}
_SYMBOL = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+",
    ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
    ast.Pow: "**", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
    ast.RShift: ">>", ast.And: "and", ast.Or: "or",
}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    """One mutation: where (1-based line of the original), what, and the new source."""

    number: int
    file: str  # under src/mcda_kerjasama
    line: int
    text: str  # the original line, stripped
    what: str
    source: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.text, self.what)


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """ids of nodes never mutated: annotations, decorators, docstrings, TYPE_CHECKING
    blocks, ``__all__``."""
    skip: set[int] = set()

    def all_of(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            all_of(node.returns)
            for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                all_of(a.annotation)
            for a in (node.args.vararg, node.args.kwarg):
                all_of(a.annotation if a else None)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for d in node.decorator_list:
                all_of(d)
        if isinstance(node, ast.AnnAssign):
            all_of(node.annotation)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            all_of(node)
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            all_of(node)
    return skip


def _sites(tree: ast.Module) -> Iterator[tuple[ast.AST, str, int, object]]:
    """(node, kind, line, detail) for every mutation site, in source order."""
    skip = _skipped_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in _COMPARE:
                    found.append((node, "compare", line, k))
        elif isinstance(node, ast.BinOp | ast.AugAssign):
            if type(node.op) in _BINARY:
                if isinstance(node, ast.BinOp) and (_is_str(node.left) or _is_str(node.right)):
                    continue  # string concatenation or %-formatting
                found.append((node, "binary", line, None))
        elif isinstance(node, ast.BoolOp):
            found.append((node, "bool", line, None))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub | ast.Invert):
            found.append((node, "unary", line, None))
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
            found.append((node, "constant", line, None))
        elif isinstance(node, ast.Call) and _call_name(node) in _NAMES:
            found.append((node, "name", line, None))
        elif isinstance(node, ast.If | ast.While | ast.IfExp) and not isinstance(
            node.test, ast.Compare | ast.BoolOp | ast.UnaryOp
        ):
            if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
                found.append((node, "condition", line, None))
        elif isinstance(node, ast.Break | ast.Continue):
            found.append((node, "loop", line, None))
    found.sort(key=lambda s: (s[2], getattr(s[0], "col_offset", 0), str(s[3])))
    yield from found


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    if isinstance(f, ast.Name):
        return f.id if f.id in ("min", "max", "any", "all") else None
    if isinstance(f, ast.Attribute):
        return f.attr
    return None


def _apply(node: ast.AST, kind: str, detail: object) -> tuple[str, ast.AST | None]:
    """Mutate ``node`` in place (a copy of the tree); a replacement node when the node
    itself changes type. Returns the description."""
    if kind == "compare":
        assert isinstance(node, ast.Compare) and isinstance(detail, int)
        old = type(node.ops[detail])
        node.ops[detail] = _COMPARE[old]()
        return f"`{_SYMBOL[old]}` -> `{_SYMBOL[_COMPARE[old]]}`", None
    if kind == "binary":
        assert isinstance(node, ast.BinOp | ast.AugAssign)
        old = type(node.op)
        node.op = _BINARY[old]()
        eq = "=" if isinstance(node, ast.AugAssign) else ""
        return f"`{_SYMBOL[old]}{eq}` -> `{_SYMBOL[_BINARY[old]]}{eq}`", None
    if kind == "bool":
        assert isinstance(node, ast.BoolOp)
        old = type(node.op)
        node.op = ast.Or() if old is ast.And else ast.And()
        return f"`{_SYMBOL[old]}` -> `{_SYMBOL[type(node.op)]}`", None
    if kind == "unary":
        assert isinstance(node, ast.UnaryOp)
        symbol = {ast.Not: "not ", ast.USub: "-", ast.Invert: "~"}[type(node.op)]
        return f"`{symbol.strip()}` removed", node.operand
    if kind == "constant":
        assert isinstance(node, ast.Constant)
        old = node.value
        new = (not old) if isinstance(old, bool) else old + 1
        node.value = new
        return f"`{old!r}` -> `{new!r}`", None
    if kind == "name":
        assert isinstance(node, ast.Call)
        f = node.func
        if isinstance(f, ast.Name):
            old, f.id = f.id, _NAMES[f.id]
            return f"`{old}` -> `{f.id}`", None
        assert isinstance(f, ast.Attribute)
        old, f.attr = f.attr, _NAMES[f.attr]
        return f"`{old}` -> `{f.attr}`", None
    if kind == "condition":
        assert isinstance(node, ast.If | ast.While | ast.IfExp)
        node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        return "condition negated", None
    if kind == "loop":
        new = ast.Continue() if isinstance(node, ast.Break) else ast.Break()
        old_word = "break" if isinstance(node, ast.Break) else "continue"
        new_word = "continue" if old_word == "break" else "break"
        return f"`{old_word}` -> `{new_word}`", new
    raise ValueError(kind)


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, new: ast.AST) -> None:
        self.target, self.new = target, new

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return self.new
        return super().generic_visit(node)


def mutants(source: str, file: str = "", first: int = 1) -> list[Mutant]:
    """Every mutant of ``source`` (the text of ``file``), numbered from ``first`` in
    source order."""
    tree = ast.parse(source)
    lines = source.splitlines()
    out = []
    count = len(list(_sites(tree)))
    for k in range(count):
        copied = copy.deepcopy(tree)
        node, kind, line, detail = list(_sites(copied))[k]
        if "pragma: no mutate" in lines[line - 1]:
            continue
        what, new = _apply(node, kind, detail)
        if new is not None:
            copied = _Replace(node, ast.copy_location(new, node)).visit(copied)
        ast.fix_missing_locations(copied)
        text = lines[line - 1].strip()
        out.append(Mutant(first + len(out), file, line, text, what, ast.unparse(copied)))
    # the same change twice on one line: number them, so that each has its own key
    total: dict[tuple[int, str], int] = {}
    for m in out:
        total[(m.line, m.what)] = total.get((m.line, m.what), 0) + 1
    seen: dict[tuple[int, str], int] = {}
    numbered = []
    for m in out:
        if total[(m.line, m.what)] > 1:
            k = seen[(m.line, m.what)] = seen.get((m.line, m.what), 0) + 1
            m = replace(m, what=f"{m.what} ({k} of {total[(m.line, m.what)]})")
        numbered.append(m)
    return numbered


def diff(source: str, mutant: Mutant) -> str:
    """The mutant against the original, both unparsed (so only the change shows)."""
    before = ast.unparse(ast.parse(source)).splitlines()
    after = mutant.source.splitlines()
    return "\n".join(difflib.unified_diff(before, after, "original", "mutant", n=1, lineterm=""))


# --- running ----------------------------------------------------------------------------


def _child(module: str, source_file: str, pytest_args: list[str]) -> int:
    """Run pytest with ``module`` served from ``source_file`` (under its own path in the
    tree being tested, the working directory)."""
    import importlib.abc
    import importlib.util

    base = Path.cwd() / "src" / module.replace(".", "/")
    package = (base / "__init__.py").exists()
    origin = str(base / "__init__.py") if package else str(base) + ".py"
    source = Path(source_file).read_text(encoding="utf-8")

    class Served(importlib.abc.MetaPathFinder, importlib.abc.Loader):
        def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
            if fullname != module:
                return None
            where = [str(base)] if package else None
            return importlib.util.spec_from_file_location(
                fullname, origin, loader=self, submodule_search_locations=where
            )

        def create_module(self, spec):  # type: ignore[no-untyped-def]
            return None

        def exec_module(self, mod):  # type: ignore[no-untyped-def]
            exec(compile(source, origin, "exec"), mod.__dict__)

    sys.meta_path.insert(0, Served())
    import pytest

    return int(pytest.main(pytest_args))


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed | survived | timeout | equivalent
    seconds: float


def _run_one(
    root: Path, module: str, source: str, tests: list[str], timeout: float
) -> tuple[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as f:
        f.write(source)
        path = f.name
    args = ["-x", "-q", "-p", "no:cacheprovider", "--assert=plain", "-W", "ignore", *tests]
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", module, path, "--", *args]
    env = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HYPOTHESIS_PROFILE": "ci",  # tests/conftest.py: derandomized, no deadline, no database
    }
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        code = proc.wait(timeout=timeout)
        status = "survived" if code == 0 else "killed"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the child's own session only
        proc.wait()
        status = "timeout"
    finally:
        os.unlink(path)
    return status, time.perf_counter() - started


def module_name(rel: str) -> str:
    """``weights/ahp/priorities.py`` -> ``mcda_kerjasama.weights.ahp.priorities``."""
    return ".".join([PACKAGE, *rel.removesuffix(".py").split("/")]).removesuffix(".__init__")


def all_mutants(root: Path, name: str) -> list[Mutant]:
    """The mutants of every file of module ``name``, numbered on across its files."""
    out: list[Mutant] = []
    for rel in MODULES[name][0]:
        source = (root / "src" / PACKAGE / rel).read_text(encoding="utf-8")
        out += mutants(source, rel, len(out) + 1)
    return out


def run_module(
    root: Path, name: str, only: set[int] | None, factor: float, log: bool = True
) -> tuple[list[Outcome], float]:
    """Every mutant of module ``name`` (or those in ``only``) against its tests; the
    outcomes and the seconds of the slowest clean run."""
    files, tests = MODULES[name]
    found = all_mutants(root, name)
    outcomes = []
    slowest = 0.0
    for rel in files:
        path = root / "src" / PACKAGE / rel
        source = path.read_text(encoding="utf-8")
        module = module_name(rel)
        targets = [*tests, str(path.relative_to(root))]  # the module's doctests too
        chosen = [m for m in found if m.file == rel and (not only or m.number in only)]
        if not chosen:
            continue
        canary = source + "\nraise RuntimeError('mutation canary')\n"
        if _run_one(root, module, canary, targets, 3600)[0] != "killed":
            raise SystemExit(f"{rel}: the mutated source was not imported (import hook)")
        status, clean = _run_one(root, module, ast.unparse(ast.parse(source)), targets, 3600)
        if status != "survived":
            raise SystemExit(f"{rel}: the tests fail on the unmutated module; fix that first")
        slowest = max(slowest, clean)
        timeout = max(factor * clean, clean + 20.0)
        known = EQUIVALENT.get(rel, {})
        for m in chosen:
            if m.key in known:
                outcomes.append(Outcome(m, "equivalent", 0.0))
                continue
            status, seconds = _run_one(root, module, m.source, targets, timeout)
            outcomes.append(Outcome(m, status, seconds))
            if log:
                mark = {"killed": ".", "timeout": "T", "survived": "S"}[status]
                print(mark, end="", flush=True)
    if log:
        print()
    return outcomes, slowest


def _summary(name: str, outcomes: list[Outcome], clean: float, seconds: float) -> dict:
    count = {s: sum(o.status == s for o in outcomes) for s in ("killed", "timeout", "survived")}
    equivalent = sum(o.status == "equivalent" for o in outcomes)
    scored = count["killed"] + count["timeout"] + count["survived"]
    score = (count["killed"] + count["timeout"]) / scored if scored else 1.0
    return {
        "module": name,
        "mutants": len(outcomes),
        **count,
        "equivalent": equivalent,
        "score": round(score, 4),
        "clean_seconds": round(clean, 1),
        "seconds": round(seconds, 1),
        "survivors": [
            {
                "number": o.mutant.number,
                "file": o.mutant.file,
                "line": o.mutant.line,
                "text": o.mutant.text,
                "what": o.mutant.what,
            }
            for o in outcomes
            if o.status == "survived"
        ],
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        module, source_file, _, *pytest_args = argv[1:]
        return _child(module, source_file, pytest_args)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=", ".join(MODULES))
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--show", type=int, metavar="N", help="print mutant N as a diff")
    parser.add_argument("--only", type=int, nargs="+", metavar="N", help="run these only")
    parser.add_argument("--timeout-factor", type=float, default=3.0)
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results here")
    parser.add_argument(
        "--tree",
        type=Path,
        default=ROOT,
        metavar="DIR",
        help="the checkout to test (default: this one), e.g. a clean `git archive HEAD` "
        "copy when others edit this working tree",
    )
    args = parser.parse_args(argv)
    root = args.tree.resolve()
    names = args.modules or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; known: {', '.join(MODULES)}")
    if args.list or args.show:
        for name in names:
            for m in all_mutants(root, name):
                if args.show and m.number == args.show:
                    print(diff((root / "src" / PACKAGE / m.file).read_text(encoding="utf-8"), m))
                elif args.list:
                    tag = " [equivalent]" if m.key in EQUIVALENT.get(m.file, {}) else ""
                    print(f"{name} #{m.number} {m.file}:{m.line}: {m.what}{tag}    {m.text}")
        return 0
    results = []
    for name in names:
        started = time.perf_counter()
        print(f"{name}: ", end="", flush=True)
        outcomes, clean = run_module(root, name, set(args.only or ()), args.timeout_factor)
        summary = _summary(name, outcomes, clean, time.perf_counter() - started)
        results.append(summary)
        for s in summary["survivors"]:
            where = f"{s['file']}:{s['line']}"
            print(f"  survived #{s['number']} {where}: {s['what']}    {s['text']}")
    print()
    print(f"{'module':<12} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} "
          f"{'equiv.':>6} {'score':>6} {'time':>7}")  # fmt: skip
    for r in results:
        print(
            f"{r['module']:<12} {r['mutants']:>7} {r['killed']:>6} {r['timeout']:>7} "
            f"{r['survived']:>8} {r['equivalent']:>6} {r['score']:>6.1%} {r['seconds']:>6.0f}s"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if all(r["survived"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
