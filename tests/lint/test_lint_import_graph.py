"""No import circle runs through the core or lint (issue 12): errors -> validation -> values ->
yamlsource -> errors and expressions <-> sqlnames are gone, and must stay gone."""

from __future__ import annotations

import grimp

OWNED = (
    "contractkit.derived",
    "contractkit.errors",
    "contractkit.expressions",
    "contractkit.loader",
    "contractkit.model",
    "contractkit.scalars",
    "contractkit.sqlnames",
    "contractkit.sqltext",
    "contractkit.validation",
    "contractkit.values",
    "contractkit.yamlsource",
)


def _in_a_circle(graph: grimp.ImportGraph, module: str) -> list[str] | None:
    """A chain of imports leading from `module` back to itself, if there is one."""
    for imported in sorted(graph.find_modules_directly_imported_by(module)):
        chain = graph.find_shortest_chain(importer=imported, imported=module)
        if chain is not None:
            return [module, *chain]
    return None


def test_core_and_lint_modules_are_in_no_circle() -> None:
    graph = grimp.build_graph("contractkit", "pytest_contractkit")
    lint = sorted(m for m in graph.modules if m.startswith("contractkit.lint"))
    circles = {m: _in_a_circle(graph, m) for m in (*OWNED, *lint)}
    assert {m: c for m, c in circles.items() if c} == {}
