"""The package's layers: each imports only from the layers below it, no cycles.

Counts every import statement, including those inside functions and under
``TYPE_CHECKING``: a lazy import keeps ``import orggraph`` light, it does not make an
upward dependency acceptable. (Reaching up at call time goes through
``importlib.import_module``, as ``Org.render`` does, like pandas' plotting backends.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "orggraph"

# Lower number = lower layer. A module may import from its own layer and below.
LAYERS = {
    "orggraph.errors": 0,
    "orggraph.names": 0,
    "orggraph.version": 0,
    "orggraph.core": 1,
    "orggraph.io": 2,
    "orggraph.datasets": 2,
    "orggraph.data": 2,
    "orggraph.ops": 3,
    "orggraph.render": 4,
    "orggraph.cli": 5,
    "orggraph.__main__": 6,
    "orggraph": 6,  # the package's __init__: the public names
}
PACKAGES = ("core", "io", "ops", "render", "cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> int:
    best = max((k for k in LAYERS if module == k or module.startswith(k + ".")), key=len)
    return LAYERS[best]


def typing_only(tree: ast.Module) -> set[int]:
    """The ids of import nodes under ``if TYPE_CHECKING:`` (annotations, not run)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def imports(path: Path, *, runtime: bool = False) -> list[tuple[int, str]]:
    """Every orggraph module *path* imports, with the line, at any depth (with
    *runtime*, leaving out imports only type checkers read)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = typing_only(tree) if runtime else set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("orggraph")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("orggraph"):
                continue
            # `from orggraph.io import tables` imports the submodule
            names = [f"{mod}.{a.name}" for a in node.names]
            found = [
                n
                for n in names
                if (PKG.parent / (n.replace(".", "/") + ".py")).exists()
                or (PKG.parent / n.replace(".", "/")).is_dir()
            ]
            out += [(node.lineno, n) for n in found] or [(node.lineno, mod)]
    return out


def modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_five_packages_exist() -> None:
    for name in PACKAGES:
        assert (PKG / name / "__init__.py").is_file(), name


def test_no_upward_import() -> None:
    bad = []
    for path in modules():
        me = module_name(path)
        for line, target in imports(path):
            if layer(target) > layer(me):
                bad.append(f"{path.relative_to(PKG.parent)}:{line}: {me} imports {target}")
    assert not bad, "upward imports:\n" + "\n".join(bad)


def test_no_import_cycle() -> None:
    """No cycle among the imports that run (annotations under ``TYPE_CHECKING`` may
    name a module that imports this one: they are never executed)."""
    graph = {module_name(p): {t for _, t in imports(p, runtime=True)} for p in modules()}
    # A package's __init__ re-exporting its own modules is not a cycle of dependencies.
    for mod, targets in graph.items():
        graph[mod] = {t for t in targets if t in graph and not mod.startswith(t + ".") and t != mod}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_rule_sees_imports_inside_functions() -> None:
    here = PKG / "core" / "org.py"
    found = {t for _, t in imports(here)}
    assert "orggraph.core.graph" in found  # imported inside a method
    assert layer("orggraph.render.tidy") > layer("orggraph.core.org")
    assert layer("orggraph.io.native") == layer("orggraph.datasets")


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_no_private_name_from_another_module(path: Path) -> None:
    """Outside ``core``, no module imports another module's underscore names."""
    me = module_name(path)
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("orggraph"):
            for a in node.names:
                if a.name.startswith("_") and not a.name.startswith("__"):
                    bad.append(f"line {node.lineno}: from {node.module} import {a.name}")
    if me.startswith("orggraph.core"):
        pytest.skip("the core's modules share its internals")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_no_private_attribute_of_another_object(path: Path) -> None:
    """Outside ``core``, code reads an object's underscore attributes only on ``self``
    (the core gives the others what they need: ``Org.node_data``, ``Org.box_fields``)."""
    if module_name(path).startswith("orggraph.core"):
        pytest.skip("the core's modules share its internals")
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            bad.append(f"line {node.lineno}: {ast.unparse(node)}")
    assert not bad, "\n".join(bad)
