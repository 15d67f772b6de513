"""`contractkit generate`: Python modules with Spark schemas and DLT expectations."""

from __future__ import annotations

import os
import sys

import click

from contractkit.cli.app import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    CommandError,
    contract_files_or_usage_error,
)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(),
    help="Directory of the generated package (created if missing).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if any module is missing, stale or extra (for CI).",
)
@click.option(
    "--line-length",
    type=click.IntRange(40, 320),
    default=None,
    help="Lay modules out for this line length [default: the project's ruff or black "
    "line-length for the output directory, else 88].",
)
def generate(paths: tuple[str, ...], out_dir: str, check: bool, line_length: int | None) -> None:
    """Generate one Python module per contract: SCHEMA, DDL, EXPECTATIONS, EXPECT_OR_DROP...

    Without PATHS, reads ./contracts. The modules import only pyspark; generating them needs
    neither pyspark nor Java. Exits 0 when done (or, with --check, when every module is
    current), 1 when a module is out of date (--check), 2 when nothing could be generated
    (usage error, an invalid contract, an output path that cannot be written).
    """
    from contractkit.codegen import apply, compare, plan
    from contractkit.codegen.style import configured_style
    from contractkit.contract_files import analyze_contracts
    from contractkit.report.lint import render_text

    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise CommandError(f"--out {out_dir} is a file; give the directory to generate into")
    files = contract_files_or_usage_error(paths)
    analyses = [analysis for file in files for analysis in analyze_contracts(file)]
    invalid = [a for a in analyses if not a.ok]
    context = click.get_current_context()
    if invalid:
        click.echo(render_text(invalid, color=sys.stdout.isatty()))
        click.echo("Nothing generated: fix the invalid contracts first.", err=True)
        context.exit(EXIT_ERROR)
    contracts = [a.contract for a in analyses if a.contract is not None]
    output = plan(contracts, out_dir, configured_style(out_dir, line_length))
    if check:
        differences = compare(output, out_dir)
        for difference in differences:
            click.echo(difference.describe(out_dir))
        if differences:
            command = f"contractkit generate {' '.join(paths or ('contracts',))} --out {out_dir}"
            click.echo(
                f"{_count(len(differences), 'generated file')} out of date; run `{command}`."
            )
            context.exit(EXIT_FINDINGS)
        click.echo(f"{_count(len(output), 'generated file')} in {out_dir} up to date.")
        context.exit(EXIT_OK)
    changes = apply(output, out_dir)
    for change in changes:
        verb = "removed" if change.kind == "extra" else "wrote"
        click.echo(f"{verb} {os.path.join(out_dir, change.name)}")
    removed = sum(1 for c in changes if c.kind == "extra")
    written = len(changes) - removed
    summary = f"{_count(len(contracts), 'contract')}: {written} written, "
    summary += f"{len(output) - written} unchanged, {removed} removed."
    click.echo(summary)
    context.exit(EXIT_OK)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
