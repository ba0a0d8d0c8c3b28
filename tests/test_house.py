"""The layout of the utils package: libraries apart from the machinery, no import cycles."""

import ast
from pathlib import Path

from utils.course import authoring

UTILS = authoring.ROOT / "utils"
MACHINERY = ("utils.course", "utils.grade")
MAX_LIBRARY_LINES = 450


def _module_name(path: Path) -> str:
    parts = path.relative_to(authoring.ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every utils module ``path`` imports, at the top or inside a function."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    modules = {_module_name(p) for p in UTILS.rglob("*.py")}
    return {name for name in found if name in modules and name != _module_name(path)}


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in UTILS.rglob("*.py")}


def _is_machinery(name: str) -> bool:
    return name.startswith(MACHINERY)


def test_libraries_never_import_the_machinery():
    wrong = {
        module: sorted(filter(_is_machinery, imported))
        for module, imported in _graph().items()
        if not _is_machinery(module) and any(map(_is_machinery, imported))
    }
    assert not wrong, wrong


def test_the_import_graph_has_no_cycles():
    graph = _graph()
    # a package's __init__ re-exporting its own modules is not a cycle
    edges = {m: {i for i in imported if not i.startswith(m + ".")} for m, imported in graph.items()}
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                raise AssertionError(" -> ".join([*path, module, target]))
            if target not in state:
                visit(target, [*path, module])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [])


def test_the_graph_sees_relative_and_function_level_imports():
    graph = _graph()
    assert "utils.storage.age_keys" in graph["utils.storage.age"]
    assert "utils.course.checks.core" in graph["utils.course.checks"]


def test_library_modules_stay_small():
    sizes = {
        _module_name(p): len(p.read_text(encoding="utf-8").splitlines())
        for p in UTILS.rglob("*.py")
        if not _is_machinery(_module_name(p))
    }
    assert {m: n for m, n in sizes.items() if n > MAX_LIBRARY_LINES} == {}
