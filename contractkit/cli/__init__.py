"""The `contractkit` command: thin click commands that call the library and print.

One module per command family defines its commands; this package registers them on
`main`. The command modules take what they share from `contractkit.cli.app`, never from
here, so nothing imports back up and the CLI has no import circle. Library imports happen
inside the commands, so `--help` and the pure commands start fast; nothing here imports
pyspark.

Every command keeps one exit-code contract (docs/cli.md):

    0  the job was done and found nothing
    1  the job was done and found something: lint findings, a diff policy violation,
       check violations, `generate --check` out of date, a dependency cycle
    2  the job could not be done: a usage error, unreadable or invalid input (an invalid
       contract, for every command but lint), a file that cannot be written, Spark
       missing or unreachable

`main` (through `app.ContractKitGroup`) turns every ContractKitError and OSError a command
lets through into one `error: ...` line and its exit code, there and nowhere else.
"""

from __future__ import annotations

import os
import sys

import click

from contractkit import __version__
from contractkit.cli import check, diff, generate, graph, infer, interop, lint, report
from contractkit.cli.app import ContractKitGroup


def run() -> None:
    """Console entry point: run the CLI, then exit without tearing the interpreter down.

    Freeing every module object at shutdown costs ~60 ms after a lint, a fifth of the
    command's time. Nothing of ours needs the teardown; a Spark command (which may have
    atexit hooks stopping a JVM) exits normally.
    """
    try:
        main()
    except SystemExit as exit:
        code = exit.code
    else:
        code = 0
    if "pyspark" in sys.modules:
        sys.exit(code)
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        status = status or 1
    os._exit(status)


@click.group(cls=ContractKitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="contractkit")
def main() -> None:
    """Data contracts for Spark pipelines: lint, diff, generate and test them."""


@main.command()
def schema() -> None:
    """Print the JSON Schema of the contract format (for editors and validators)."""
    from importlib.resources import files

    click.echo(files("contractkit").joinpath("contract.schema.json").read_text("utf-8"), nl=False)


for command in (
    check.check,
    diff.diff,
    diff.rules,
    generate.generate,
    graph.graph,
    infer.infer,
    interop.import_group,
    interop.export_group,
    lint.lint,
    report.report,
):
    main.add_command(command)
