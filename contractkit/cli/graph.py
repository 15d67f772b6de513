"""`contractkit graph`: pipelines, contracts and consumers; cycles, deployment order, impact."""

from __future__ import annotations

import difflib
import sys
from typing import TYPE_CHECKING

import click

from contractkit.cli.app import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, contract_files_or_usage_error

if TYPE_CHECKING:
    from contractkit.graph import ContractGraph
    from contractkit.model import Contract


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "mermaid", "dot", "json"]),
    default="text",
    show_default=True,
    help="mermaid and dot draw the graph; --order and --impact print text or json.",
)
@click.option(
    "--order",
    is_flag=True,
    help="Print a deployment order: levels of pipelines, each after everything it consumes.",
)
@click.option(
    "--impact",
    "target",
    metavar="CONTRACT[.FIELD]",
    help="List every pipeline downstream of a contract, or of one of its fields.",
)
def graph(paths: tuple[str, ...], output_format: str, order: bool, target: str | None) -> None:
    """Show the graph pipeline -> contract -> consumer pipeline of the contracts under PATHS.

    Without PATHS, reads ./contracts. Consumers that produce no contract are listed as
    leaves (dashboards, reports). Exits 0 when the graph has no cycle, 1 when pipelines
    depend on each other in a cycle (each cycle is named), 2 when there is no graph to
    show (usage error, an invalid contract, one contract name in two files, an unknown
    contract or field for --impact).
    """
    from contractkit.contract_files import analyze_contracts
    from contractkit.graph import build_graph, format_cycle
    from contractkit.report import graph as report
    from contractkit.report.lint import render_text

    context = click.get_current_context()
    if order and target:
        raise click.UsageError("--order and --impact are separate views; use one at a time")
    if (order or target) and output_format in ("mermaid", "dot"):
        what = "--order" if order else "--impact"
        raise click.UsageError(f"{what} prints text or json, not {output_format}")
    files = contract_files_or_usage_error(paths)
    # Expressions play no part in the graph: skip parsing them (no sqlglot, fast).
    analyses = [a for file in files for a in analyze_contracts(file, expressions=False)]
    invalid = [a for a in analyses if not a.ok]
    if invalid:
        click.echo(render_text(invalid, color=sys.stdout.isatty()))
        click.echo("No graph: fix the invalid contracts first.", err=True)
        context.exit(EXIT_ERROR)
    contract_graph = build_graph(a.contract for a in analyses if a.contract is not None)

    contracts = {a.contract.name: a.contract for a in analyses if a.contract is not None}
    cycles = contract_graph.cycles()
    if target is not None:
        contract, field = _resolve(contract_graph, contracts, target)
        impact = contract_graph.impact(contract, field)
        render_impact = report.render_impact_json if output_format == "json" else None
        click.echo((render_impact or report.render_impact_text)(impact))
    elif order and not cycles:
        levels = contract_graph.order()
        render_order = report.render_order_json if output_format == "json" else None
        click.echo((render_order or report.render_order_text)(contract_graph, levels))
    elif not order:
        render = {
            "text": report.render_text,
            "mermaid": report.render_mermaid,
            "dot": report.render_dot,
            "json": report.render_json,
        }[output_format]
        click.echo(render(contract_graph))
    for cycle in cycles:
        click.echo(f"error: dependency cycle: {format_cycle(cycle)}", err=True)
    if cycles and order:
        click.echo("No deployment order: break the cycle first.", err=True)
    context.exit(EXIT_FINDINGS if cycles else EXIT_OK)


def _resolve(
    contract_graph: ContractGraph, contracts: dict[str, Contract], target: str
) -> tuple[str, str | None]:
    try:
        name, field = contract_graph.split_target(target)
    except KeyError:
        names = sorted(contracts)
        match = difflib.get_close_matches(target.split(".")[0], names, n=1, cutoff=0.6)
        hint = f"; did you mean {match[0]!r}?" if match else f" (known: {', '.join(names)})"
        raise click.BadParameter(
            f"no contract named {target!r}{hint}", param_hint="--impact"
        ) from None
    if field is not None and contracts[name].field(field) is None:
        fields = [path for path, _ in contracts[name].walk_fields()]
        match = difflib.get_close_matches(field, fields, n=1, cutoff=0.6)
        hint = f"; did you mean {match[0]!r}?" if match else f" (fields: {', '.join(fields)})"
        raise click.BadParameter(
            f"contract {name!r} has no field {field!r}{hint}", param_hint="--impact"
        )
    return name, field
