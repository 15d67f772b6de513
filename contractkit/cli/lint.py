"""`contractkit lint`: check contract files and report every problem at its place."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from contractkit.cli.app import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, contract_files_or_usage_error

if TYPE_CHECKING:
    from contractkit.lint.selection import Selection


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for Actions annotations.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Report only these codes (comma-separated; repeatable). "
    "Default: [tool.contractkit.lint] select, else every code.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Never report these codes (comma-separated; repeatable). "
    "Default: [tool.contractkit.lint] ignore.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="pyproject.toml to read [tool.contractkit.lint] from (default: nearest one).",
)
@click.option(
    "--explain",
    metavar="CODE",
    help="Explain a lint code (what it means, how to fix it, an example) and exit.",
)
def lint(
    paths: tuple[str, ...],
    output_format: str,
    strict: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    explain: str | None,
) -> None:
    """Check contract files (directories are searched for *.yaml / *.yml); ODCS documents
    are checked as the contracts they import as, one per schema object.

    Fields' `references` are resolved across all the contracts given (a target that is not
    among them is a warning). Without PATHS, lints ./contracts. Exits 0 when every contract
    is valid, 1 when any is invalid, 2 on a usage error. A finding is silenced on its line
    with a comment `# contractkit: ignore[CODE]`.
    """
    if explain is not None:
        _explain(explain)
        return
    from contractkit.contract_files import analyze_contracts, check_references_across
    from contractkit.loader import Analysis
    from contractkit.report import lint as report

    chosen = _selection(select, ignore, config_path)
    files = contract_files_or_usage_error(paths)
    analyses = [analysis for file in files for analysis in analyze_contracts(file)]
    analyses = check_references_across(analyses)
    if chosen is not None:
        analyses = [Analysis(a.file, a.contract, chosen.apply(a.diagnostics)) for a in analyses]
    if output_format == "json":
        click.echo(report.render_json(analyses))
    elif output_format == "github":
        click.echo(report.render_github(analyses))
    else:
        click.echo(report.render_text(analyses, color=sys.stdout.isatty()))
    failed = any(not a.ok for a in analyses) or (strict and any(a.diagnostics for a in analyses))
    click.get_current_context().exit(EXIT_FINDINGS if failed else EXIT_OK)


def _selection(
    select: tuple[str, ...], ignore: tuple[str, ...], config_path: str | None
) -> Selection | None:
    """The Selection to apply, or None when nothing is selected or ignored anywhere."""
    from contractkit.lint.selection import SelectionError, selection
    from contractkit.pyproject import find_pyproject

    pyproject = config_path or find_pyproject(os.getcwd())
    try:
        chosen = selection(select, ignore, pyproject)
    except SelectionError as exc:
        click.echo(f"Error: {exc}", err=True)
        click.get_current_context().exit(EXIT_USAGE)
    if chosen.select is None and not chosen.ignore:
        return None
    return chosen


def _explain(code_id: str) -> None:
    from contractkit.lint.codes import lookup
    from contractkit.lint.docs import explain
    from contractkit.lint.selection import unknown_code_message

    code = lookup(code_id.strip())
    if code is None:
        click.echo(f"Error: {unknown_code_message(code_id)}", err=True)
        click.get_current_context().exit(EXIT_USAGE)
        return
    click.echo(explain(code))
