"""`contractkit lint`: check contract files and report every problem at its place."""

from __future__ import annotations

import sys

import click

from contractkit.cli import EXIT_FINDINGS, EXIT_OK, contract_files_or_usage_error, main


@main.command()
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
def lint(paths: tuple[str, ...], output_format: str, strict: bool) -> None:
    """Check contract files (directories are searched for *.yaml / *.yml).

    Without PATHS, lints ./contracts. Exits 0 when every contract is valid, 1 when any
    is invalid, 2 on a usage error.
    """
    from contractkit.loader import analyze_file
    from contractkit.report import lint as report

    files = contract_files_or_usage_error(paths)
    analyses = [analyze_file(file) for file in files]
    if output_format == "json":
        click.echo(report.render_json(analyses))
    elif output_format == "github":
        click.echo(report.render_github(analyses))
    else:
        click.echo(report.render_text(analyses, color=sys.stdout.isatty()))
    failed = any(not a.ok for a in analyses) or (strict and any(a.diagnostics for a in analyses))
    click.get_current_context().exit(EXIT_FINDINGS if failed else EXIT_OK)
