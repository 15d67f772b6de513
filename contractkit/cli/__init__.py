"""The `contractkit` command: thin click commands that call the library and print.

One module per command family registers on `main`. Library imports happen inside the
commands, so `--help` and the pure commands start fast; nothing here imports pyspark.

Every command keeps one exit-code contract (docs/cli.md):

    0  the job was done and found nothing
    1  the job was done and found something: lint findings, a diff policy violation,
       check violations, `generate --check` out of date, a dependency cycle
    2  the job could not be done: a usage error, unreadable or invalid input (an invalid
       contract, for every command but lint), a file that cannot be written, Spark
       missing or unreachable

`main` turns every ContractKitError and OSError a command lets through into one
`error: ...` line and its exit code, here and nowhere else.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

import click

from contractkit import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_USAGE = EXIT_ERROR  # click's own usage errors exit 2 as well
CONTRACT_SUFFIXES = (".yaml", ".yml")


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


class CommandError(click.ClickException):
    """One `error: ...` line on stderr and the exit code of the contract above."""

    def __init__(self, message: str, exit_code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def exit_code_of(error: BaseException) -> int:
    """1 for data that broke its contract (the job was done), 2 for everything else."""
    from contractkit.errors import ContractViolationError

    return EXIT_FINDINGS if isinstance(error, ContractViolationError) else EXIT_ERROR


def describe_os_error(error: OSError) -> str:
    """`cannot access out/x.py: File name too long`: the file and the system's reason."""
    reason = error.strerror or str(error)
    name = error.filename
    if name is None:
        return reason
    if isinstance(error, FileExistsError):  # os.makedirs met a file where a folder goes
        return f"cannot create directory {os.fsdecode(name)}: a file of that name exists"
    return f"cannot access {os.fsdecode(name)}: {reason}"


class ContractKitGroup(click.Group):
    """The command group whose `invoke` is the one error-to-exit handler."""

    def invoke(self, ctx: click.Context) -> Any:
        from contractkit.errors import ContractKitError

        try:
            return super().invoke(ctx)
        except ContractKitError as exc:
            raise CommandError(str(exc), exit_code_of(exc)) from None
        except OSError as exc:
            raise CommandError(describe_os_error(exc)) from None


@click.group(cls=ContractKitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="contractkit")
def main() -> None:
    """Data contracts for Spark pipelines: lint, diff, generate and test them."""


def register_commands() -> None:
    from contractkit.cli import (  # noqa: F401  (register)
        check,
        diff,
        generate,
        graph,
        infer,
        interop,
        lint,
        report,
    )


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


def contract_files_or_usage_error(paths: tuple[str, ...]) -> list[str]:
    """The contract files of a command's PATHS (./contracts when none are given); a usage
    error when there are none to read."""
    if not paths:
        if not os.path.isdir("contracts"):
            raise click.UsageError("no PATHS given and there is no ./contracts directory")
        paths = ("contracts",)
    files = find_contract_files(paths)
    if not files:
        raise click.UsageError(f"no *.yaml or *.yml contract files under {', '.join(paths)}")
    return files


@main.command()
def schema() -> None:
    """Print the JSON Schema of the contract format (for editors and validators)."""
    from importlib.resources import files

    click.echo(files("contractkit").joinpath("contract.schema.json").read_text("utf-8"), nl=False)


register_commands()
