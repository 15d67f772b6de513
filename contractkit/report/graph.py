"""Output of `contractkit graph`: text, Mermaid, Graphviz DOT and JSON; order and impact.

Pipelines are listed in deployment order (level, then name) and everything else sorted, so
the same contracts always print the same bytes: diagrams can be committed and diffed.
"""

from __future__ import annotations

import json
from typing import Any

from contractkit.graph import ContractGraph, ImpactReport

__all__ = [
    "LEAF_NOTE",
    "graph_data",
    "render_dot",
    "render_impact_json",
    "render_impact_text",
    "render_json",
    "render_mermaid",
    "render_order_json",
    "render_order_text",
    "render_text",
]

LEAF_NOTE = "consumers that produce no contract (leaves: dashboards, reports, exports)"


def _levels(graph: ContractGraph) -> dict[str, int]:
    """Deployment level of each pipeline; with a cycle, everything on one level (name order)."""
    if graph.cycles():
        return dict.fromkeys(graph.pipelines, 0)
    return {name: i for i, level in enumerate(graph.order()) for name in level}


def _pipelines_in_order(graph: ContractGraph) -> list[str]:
    levels = _levels(graph)
    return sorted(graph.pipelines, key=lambda name: (levels[name], name))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def render_text(graph: ContractGraph) -> str:
    lines: list[str] = []
    producers = [p for p in _pipelines_in_order(graph) if not graph.pipelines[p].leaf]
    groups = [(f"{name}", graph.pipelines[name].produces) for name in producers]
    if graph.sources:
        groups.insert(0, ("(sources: no producer_pipeline)", graph.sources))
    for title, contracts in groups:
        lines.append(title)
        for contract in contracts:
            node = graph.contracts[contract]
            consumers = ", ".join(link.pipeline for link in node.consumers) or "(no consumers)"
            lines.append(f"  {contract} {node.version} -> {consumers}")
            lines += [
                f"    {r.field} references {r.contract}.{r.target_field}" for r in node.references
            ]
    leaves = graph.leaves
    if leaves:
        lines += ["", f"{LEAF_NOTE[0].upper()}{LEAF_NOTE[1:]}:"]
        width = max(len(name) for name in leaves)
        for name in leaves:
            consumed = ", ".join(graph.pipelines[name].consumes)
            lines.append(f"  {name.ljust(width)}  consumes {consumed}")
    cycles = graph.cycles()
    sources = f" ({_count(len(graph.sources), 'source')})" if graph.sources else ""
    pipelines = _count(len(graph.pipelines), "pipeline")
    summary = (
        f"{_count(len(graph.contracts), 'contract')}{sources}, {pipelines} "
        f"({len(producers)} producing, {_count(len(leaves), 'leaf').replace('leafs', 'leaves')})"
    )
    references = sum(len(node.references) for node in graph.contracts.values())
    if references:
        summary += f", {_count(references, 'reference')} between contracts"
    summary += f", {_count(len(cycles), 'cycle')}." if cycles else ", no cycles."
    lines += ["", summary]
    return "\n".join(lines)


def _mermaid_label(text: str) -> str:
    return text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")


def render_mermaid(graph: ContractGraph) -> str:
    """A Mermaid flowchart: pipelines as boxes, contracts as cylinders, leaves dashed."""
    ids = _ids(graph)
    lines = ["flowchart LR"]
    for name in _pipelines_in_order(graph):
        lines.append(f'    {ids["p", name]}["{_mermaid_label(name)}"]')
    for name, node in graph.contracts.items():
        label = _mermaid_label(f"{name} {node.version}")
        lines.append(f'    {ids["c", name]}[("{label}")]')
    for name, node in graph.contracts.items():
        if node.producer is not None:
            lines.append(f"    {ids['p', node.producer]} --> {ids['c', name]}")
        for link in node.consumers:
            lines.append(f"    {ids['c', name]} --> {ids['p', link.pipeline]}")
    for name, node in graph.contracts.items():
        for ref in node.references:  # a data dependency: dotted, labelled with the field
            label = _mermaid_label(f"{ref.field} → {ref.target_field}")
            lines.append(f'    {ids["c", name]} -.->|"{label}"| {ids["c", ref.contract]}')
    if graph.leaves:
        lines.append("    classDef leaf stroke-dasharray: 4 3")
        lines.append(f"    class {','.join(ids['p', n] for n in graph.leaves)} leaf")
    return "\n".join(lines)


def _ids(graph: ContractGraph) -> dict[tuple[str, str], str]:
    """Short identifiers, stable for a given set of names (any name may hold any character)."""
    ids = {("p", name): f"p{i}" for i, name in enumerate(sorted(graph.pipelines))}
    ids.update({("c", name): f"c{i}" for i, name in enumerate(sorted(graph.contracts))})
    return ids


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(graph: ContractGraph) -> str:
    """Graphviz DOT: `contractkit graph --format dot | dot -Tsvg > graph.svg`."""
    lines = [
        "digraph contracts {",
        "  rankdir=LR;",
        '  node [fontname="Helvetica"];',
    ]
    for name in _pipelines_in_order(graph):
        style = ", style=dashed" if graph.pipelines[name].leaf else ""
        lines.append(
            f"  {_dot_string('pipeline:' + name)} [label={_dot_string(name)}, shape=box{style}];"
        )
    for name, node in graph.contracts.items():
        label = _dot_string(f"{name}\n{node.version}")
        lines.append(f"  {_dot_string('contract:' + name)} [label={label}, shape=cylinder];")
    for name, node in graph.contracts.items():
        contract_id = _dot_string("contract:" + name)
        if node.producer is not None:
            lines.append(f"  {_dot_string('pipeline:' + node.producer)} -> {contract_id};")
        for link in node.consumers:
            lines.append(f"  {contract_id} -> {_dot_string('pipeline:' + link.pipeline)};")
    for name, node in graph.contracts.items():
        for ref in node.references:  # a data dependency: dashed, labelled with the field
            label = _dot_string(f"{ref.field} -> {ref.target_field}")
            target = _dot_string("contract:" + ref.contract)
            lines.append(
                f"  {_dot_string('contract:' + name)} -> {target} [style=dashed, label={label}];"
            )
    lines.append("}")
    return "\n".join(lines)


def graph_data(graph: ContractGraph) -> dict[str, Any]:
    cycles = graph.cycles()
    levels = _levels(graph) if not cycles else {}
    return {
        "contracts": [
            {
                "name": name,
                "version": node.version,
                "file": node.file,
                "producer": node.producer,
                "consumers": [
                    {
                        "pipeline": link.pipeline,
                        "uses": list(link.uses) if link.uses is not None else None,
                    }
                    for link in node.consumers
                ],
                "references": [
                    {"field": r.field, "contract": r.contract, "target_field": r.target_field}
                    for r in node.references
                ],
            }
            for name, node in graph.contracts.items()
        ],
        "pipelines": [
            {
                "name": name,
                "produces": list(graph.pipelines[name].produces),
                "consumes": list(graph.pipelines[name].consumes),
                "upstream": list(graph.upstream(name)),
                "downstream": list(graph.downstream(name)),
                "leaf": graph.pipelines[name].leaf,
                "level": levels.get(name),
            }
            for name in _pipelines_in_order(graph)
        ],
        "leaves": list(graph.leaves),
        "cycles": [[*cycle, cycle[0]] for cycle in cycles],
    }


def render_json(graph: ContractGraph) -> str:
    return json.dumps(graph_data(graph), indent=2, ensure_ascii=False)


def render_order_text(graph: ContractGraph, order: list[tuple[str, ...]]) -> str:
    lines = ["Deployment order (the pipelines of one level can deploy in parallel):"]
    for number, level in enumerate(order, start=1):
        names = [f"{n} (leaf)" if graph.pipelines[n].leaf else n for n in level]
        lines.append(f"  {number}. {', '.join(names)}")
    lines.append(
        f"{_count(len(graph.pipelines), 'pipeline')} in {_count(len(order), 'level')}. "
        "(leaf): a consumer that produces no contract, typically a dashboard or a report."
    )
    return "\n".join(lines)


def render_order_json(graph: ContractGraph, order: list[tuple[str, ...]]) -> str:
    data = {
        "levels": [
            [{"pipeline": n, "leaf": graph.pipelines[n].leaf} for n in level] for level in order
        ]
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def render_impact_text(report: ImpactReport) -> str:
    target = report.contract + (f".{report.field}" if report.field else "")
    if not report.affected:
        lines = [f"No pipeline is downstream of {target}."]
    else:
        lines = [f"Pipelines downstream of {target}:"]
        width = max(len(i.pipeline) for i in report.affected)
        for impact in report.affected:
            if impact.direct:
                why = f"consumes {report.contract}"
                if report.field is not None:
                    why += (
                        " (uses every field)"
                        if impact.uses is None
                        else (f" (uses {', '.join(impact.consumer.uses_touching(report.field))})")
                    )
            else:
                why = f"via {' -> '.join(impact.path[:-1])}"
            lines.append(f"  {impact.pipeline.ljust(width)}  {why}")
    if report.unaffected:
        lines.append(f"Not affected (their `uses` leaves out {report.field}):")
        for link in report.unaffected:
            lines.append(f"  {link.pipeline}  uses {', '.join(link.uses or ())}")
    if report.referenced_by:
        lines.append(
            f"Contracts whose fields reference {target} (their data is checked against it):"
        )
        for ref in report.referenced_by:
            producer = f" (produced by {ref.producer})" if ref.producer else ""
            lines.append(
                f"  {ref.contract}.{ref.field} references {report.contract}.{ref.target_field}"
                f"{producer}"
            )
    direct = sum(1 for i in report.affected if i.direct)
    lines.append(
        f"{_count(len(report.affected), 'pipeline')} affected: {direct} directly, "
        f"{len(report.affected) - direct} through the contracts they produce."
    )
    return "\n".join(lines)


def render_impact_json(report: ImpactReport) -> str:
    data = {
        "contract": report.contract,
        "field": report.field,
        "affected": [
            {
                "pipeline": i.pipeline,
                "depth": i.depth,
                "direct": i.direct,
                "path": list(i.path),
                "uses": list(i.uses) if i.uses is not None else None,
            }
            for i in report.affected
        ],
        "unaffected": [
            {"pipeline": link.pipeline, "uses": list(link.uses or ())} for link in report.unaffected
        ],
        "referenced_by": [
            {
                "contract": r.contract,
                "field": r.field,
                "target_field": r.target_field,
                "producer": r.producer,
            }
            for r in report.referenced_by
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
