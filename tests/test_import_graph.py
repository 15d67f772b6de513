"""No import circle anywhere in contractkit or pytest_contractkit (issue 12).

A circle makes the import order matter and hides which layer depends on which; the layers
themselves are import-linter contracts in pyproject.toml. This test is the general check:
every module-level import counts, lazy ones inside functions included.
"""

from __future__ import annotations

import grimp


def _circles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = lowest[module] = len(index)
        stack.append(module)
        for imported in sorted(imports[module]):
            if imported not in index:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in stack:
                lowest[module] = min(lowest[module], index[imported])
        if lowest[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return found


def test_circles_are_found() -> None:
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(imports) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_of_both_packages_is_acyclic() -> None:
    graph = grimp.build_graph("contractkit", "pytest_contractkit")
    imports = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    circles = _circles(imports)
    assert circles == [], "\n".join(
        " <-> ".join(group)
        + "\n  "
        + "\n  ".join(f"{m} -> {sorted(imports[m] & set(group))}" for m in group)
        for group in circles
    )
