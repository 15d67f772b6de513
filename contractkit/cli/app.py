"""What every `contractkit` command shares: the exit codes, the one `error: ...` line, the
group class that turns library errors into it, and finding contract files.

The command modules import from here, and the package (`contractkit.cli`) imports the
command modules to register them on `main`: nothing imports back up, so the CLI has no
import circle.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import click

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_USAGE = EXIT_ERROR  # click's own usage errors exit 2 as well
CONTRACT_SUFFIXES = (".yaml", ".yml")


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
