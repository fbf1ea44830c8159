"""The package's shape, checked from its source (see ARCHITECTURE.md): the layers only
point down, no import cycle, no solver imported outside the backends, no private name
imported across packages, and no module far over 600 lines."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "mcda_kerjasama"

#: Lowest first. A module may import from its own layer and the layers below.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("language", "jsonable", "reference", "registry"),
    ("amounts",),
    ("i18n",),
    ("errors",),
    ("rules", "constraints"),
    ("scenario",),
    ("proposals", "screening", "weights", "scoring"),
    ("portfolio", "priority", "problem", "results"),
    ("pipeline", "sensitivity", "tuning", "datasets", "coordination"),
    ("plots", "report", "coordination.render"),
    ("cli", "__main__", "web"),
)


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module
    names: tuple[str, ...]  # names taken from it ("from target import names")
    line: int


def modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / PACKAGE).rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path) -> list[Import]:
    """Runtime imports of one module (those under ``if TYPE_CHECKING:`` left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(sub) for sub in ast.walk(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [Import(name, a.name, (), node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names = tuple(a.name for a in node.names)
            found.append(Import(name, base, names, node.lineno))
    return found


def layer_of(module: str) -> int | None:
    rest = module.removeprefix(f"{PACKAGE}.")
    if rest == PACKAGE:
        return None  # the package's __init__: the public facade, lazy
    parts = rest.split(".")
    for depth in (2, 1):  # a subpackage may be listed apart from its package
        key = ".".join(parts[:depth])
        for level, names in enumerate(LAYERS):
            if key in names:
                return level
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and ARCHITECTURE.md")


ALL = modules()
EDGES = [i for name, path in ALL.items() for i in imports(name, path)]


def internal(edge: Import) -> list[str]:
    """The package modules an import reaches (the module itself, or the submodules a
    ``from package import name`` names)."""
    reached = [edge.target] if edge.target in ALL else []
    reached += [f"{edge.target}.{n}" for n in edge.names if f"{edge.target}.{n}" in ALL]
    return reached


def test_every_module_has_a_layer():
    for name in ALL:
        layer_of(name)


def test_layers_only_point_down():
    wrong = []
    for edge in EDGES:
        here = layer_of(edge.module)
        for target in internal(edge):
            there = layer_of(target)
            if here is not None and there is not None and there > here:
                wrong.append(f"{edge.module}:{edge.line} imports {target} (a higher layer)")
    assert wrong == []


def test_no_import_cycle():
    graph: dict[str, set[str]] = {name: set() for name in ALL}
    for edge in EDGES:
        graph[edge.module] |= {t for t in internal(edge) if t != edge.module}
    seen: dict[str, int] = {}  # 1 on the path, 2 done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name, [name])
    assert cycles == []


def test_no_solver_outside_the_backends():
    solvers = ("highspy", "pulp", "ortools", "cbcbox")  # LP/MIP solvers
    wrong = [
        f"{edge.module}:{edge.line} imports {edge.target}"
        for edge in EDGES
        if edge.target.split(".")[0] in solvers or edge.target.startswith(solvers)
        if not edge.module.startswith(f"{PACKAGE}.portfolio.backends")
    ]
    assert wrong == []


def test_no_private_name_across_packages():
    wrong = []
    for edge in EDGES:
        if not edge.target.startswith(PACKAGE):
            continue
        home = edge.module.rpartition(".")[0] if edge.module in ALL else edge.module
        if ALL[edge.module].name == "__init__.py":
            home = edge.module
        target_home = (
            edge.target
            if ALL.get(edge.target, Path()).name == "__init__.py"
            else (edge.target.rpartition(".")[0])
        )
        for name in edge.names:
            private = name.startswith("_") and not name.startswith("__")
            related = target_home.startswith(home) or home.startswith(target_home)
            if private and not related:
                wrong.append(f"{edge.module}:{edge.line} takes {edge.target}.{name}")
    assert wrong == []


@pytest.mark.parametrize("name", sorted(ALL))
def test_no_module_is_far_over_600_lines(name: str):
    lines = len(ALL[name].read_text(encoding="utf-8").splitlines())
    assert lines <= 650, f"{name} has {lines} lines: split it where it naturally divides"
