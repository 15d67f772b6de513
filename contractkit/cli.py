"""The `contractkit` command: thin click commands that call the library and print.

Imports of the library happen inside commands so that `--help` and the pure commands
start fast; nothing here imports pyspark.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

import click

from contractkit import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
CONTRACT_SUFFIXES = (".yaml", ".yml")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="contractkit")
def main() -> None:
    """Data contracts for Spark pipelines: lint, diff, generate and test them."""


def find_contract_files(paths: Iterable[str]) -> list[str]:
    """Files as given, and *.yaml / *.yml under directories (hidden ones skipped), sorted."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.join(root, name)
                    for name in sorted(files)
                    if name.endswith(CONTRACT_SUFFIXES) and not name.startswith(".")
                )
        else:
            found.append(path)
    return sorted(dict.fromkeys(os.path.normpath(p) for p in found))


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

    if not paths:
        if not os.path.isdir("contracts"):
            raise click.UsageError("no PATHS given and there is no ./contracts directory")
        paths = ("contracts",)
    files = find_contract_files(paths)
    if not files:
        raise click.UsageError(f"no *.yaml or *.yml contract files under {', '.join(paths)}")
    analyses = [analyze_file(file) for file in files]
    if output_format == "json":
        click.echo(report.render_json(analyses))
    elif output_format == "github":
        click.echo(report.render_github(analyses))
    else:
        click.echo(report.render_text(analyses, color=sys.stdout.isatty()))
    failed = any(not a.ok for a in analyses) or (strict and any(a.diagnostics for a in analyses))
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the contract format (for editors and validators)."""
    from importlib.resources import files

    click.echo(files("contractkit").joinpath("contract.schema.json").read_text("utf-8"), nl=False)
