"""The layers: imports go `ui -> agent -> tools -> store`, and no module imports itself back.

Imports are read from the source with `ast`, wherever they are: at module level, inside a
function (a lazy import is still an import), or under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("store", "tools", "agent", "ui")
"""Lowest first: a package may import the ones before it, never one after it."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    module_name(path): path
    for layer in LAYERS
    for path in sorted((ROOT / layer).rglob("*.py"))
    if ".venv" not in path.parts
}


def imported(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """The project modules that module `name` imports, with the line of each import."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from .x import y
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from store import models` imports the module store.models, not the package face.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import store.db.x` -> store.db
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, node.lineno


GRAPH = {name: dict(imported(name, path)) for name, path in MODULES.items()}


def test_the_project_has_the_four_layers():
    assert {name.split(".")[0] for name in MODULES} == set(LAYERS)
    assert "store.db" in GRAPH and "store.settings" in GRAPH["store.db"]


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_go_down_the_layers_only(layer):
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    wrong = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}"
        for name, targets in GRAPH.items()
        if name.split(".")[0] == layer
        for target, line in targets.items()
        if target.split(".")[0] not in allowed
    ]
    assert not wrong, f"{layer} may import only {sorted(allowed)}:\n" + "\n".join(wrong)


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One import cycle, as the modules along it (first repeated last), or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once fully explored
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = "open"
        path.append(name)
        for target in sorted(graph.get(name, {})):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state and (cycle := visit(name)):
            return cycle
    return None


def test_no_module_imports_itself_back():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_checks_see_lazy_imports_and_cycles(tmp_path):
    """The checker itself: an import inside a function counts, and a cycle is found."""
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def f():\n    from store.demo import seed_if_empty\n", encoding="utf-8")
    assert dict(imported("store.lazy", lazy)) == {"store.demo": 2}
    assert find_cycle({"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {}}) is None
