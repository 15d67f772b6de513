"""`contractkit diff` and `contractkit rules`: breaking changes between contract versions."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from contractkit.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, find_contract_files, main

if TYPE_CHECKING:
    from contractkit.breaking import ContractDiff
    from contractkit.breaking.config import DiffConfig
    from contractkit.loader import Analysis
    from contractkit.model import Contract

MODE_NAMES = ("forward", "backward", "full", "none")


class InputError(click.ClickException):
    """Bad input (unreadable contract, unknown git ref): exit 2 with a clear message."""

    exit_code = EXIT_USAGE


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--against",
    "ref",
    metavar="REF",
    help="Compare each contract under PATHS (default: contracts/) with its version at this "
    "git ref, e.g. origin/main.",
)
@click.option(
    "--mode",
    type=click.Choice(MODE_NAMES),
    help="Compatibility mode; default: [tool.contractkit.diff] mode, else each contract's own.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "github"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "warning"]),
    help="Also exit 1 on any breaking finding (or any warning), even with a proper bump.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="pyproject.toml to read [tool.contractkit.diff] from (default: nearest one).",
)
def diff(
    paths: tuple[str, ...],
    ref: str | None,
    mode: str | None,
    output_format: str,
    fail_on: str | None,
    config_path: str | None,
) -> None:
    """Report what changed between contract versions, who it breaks, and the bump it needs.

    \b
      contractkit diff OLD.yaml NEW.yaml
      contractkit diff old_contracts/ contracts/
      contractkit diff --against origin/main [contracts/]

    Exits 0 when the change is within policy (breaking changes with a proper major bump
    are), 1 on a policy violation, 2 on usage or input errors.
    """
    from contractkit.breaking import diff_contract_sets, diff_contracts
    from contractkit.report import diff as report

    config = _config(config_path)
    if ref is not None:
        previous, current = _against_git(ref, paths or ("contracts",))
    elif len(paths) == 2:
        previous, current = _two_paths(paths[0], paths[1])
    else:
        raise click.UsageError("give OLD and NEW (two files or two directories), or --against REF")
    results: list[ContractDiff] = []
    single_pair = ref is None and len(previous) == len(current) == 1 and os.path.isfile(paths[0])
    if single_pair:
        results.append(diff_contracts(previous[0], current[0], mode, config))
    else:
        results.extend(diff_contract_sets(previous, current, mode, config))
    renderers = {
        "text": report.render_text,
        "json": report.render_json,
        "markdown": report.render_markdown,
        "github": report.render_github,
    }
    click.echo(renderers[output_format](results))
    click.get_current_context().exit(_exit_code(results, fail_on))


def _exit_code(results: Sequence[ContractDiff], fail_on: str | None) -> int:
    if any(not r.version.ok for r in results):
        return EXIT_FINDINGS
    findings = [f for r in results for f in r.findings]
    if fail_on == "breaking" and any(f.is_breaking for f in findings):
        return EXIT_FINDINGS
    if fail_on == "warning" and any(f.severity.value != "info" for f in findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _config(path: str | None) -> DiffConfig:
    from contractkit.breaking.config import ConfigError, find_pyproject, load_config
    from contractkit.breaking.registry import RULES_BY_ID

    try:
        return load_config(path or find_pyproject(os.getcwd()), frozenset(RULES_BY_ID))
    except ConfigError as exc:
        raise InputError(str(exc)) from None


def _load_all(analyses: Sequence[Analysis]) -> list[Contract]:
    """Contracts of valid analyses; any invalid input stops the diff with its diagnostics."""
    from contractkit.report.lint import render_text

    bad = [a for a in analyses if not a.ok]
    if bad:
        click.echo(render_text(bad), err=True)
        raise InputError(
            "cannot compare invalid contracts; fix them first (`contractkit lint` shows the same)"
        )
    contracts = [a.contract for a in analyses if a.contract is not None]
    names: dict[str, str] = {}
    for analysis, contract in zip(analyses, contracts, strict=True):
        if contract.name in names:
            raise InputError(
                f"two files define contract {contract.name!r}: {names[contract.name]} and "
                f"{analysis.file}"
            )
        names[contract.name] = analysis.file
    return contracts


def _read(paths: Sequence[str]) -> list[Contract]:
    from contractkit.loader import analyze_file

    return _load_all([analyze_file(p, expressions=False) for p in paths])


def _two_paths(old: str, new: str) -> tuple[list[Contract], list[Contract]]:
    for path in (old, new):
        if not os.path.exists(path):
            raise click.UsageError(f"{path!r} does not exist")
    if os.path.isdir(old) != os.path.isdir(new):
        raise click.UsageError("OLD and NEW must both be files or both be directories")
    if os.path.isfile(old):
        return _read([old]), _read([new])
    return _read(find_contract_files([old])), _read(find_contract_files([new]))


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed, so --against cannot read old versions") from None


def _against_git(ref: str, paths: Sequence[str]) -> tuple[list[Contract], list[Contract]]:
    from contractkit.loader import analyze_text

    for path in paths:
        if not os.path.exists(path):
            raise click.UsageError(f"{path!r} does not exist")
    first = os.path.abspath(paths[0])
    base = first if os.path.isdir(first) else os.path.dirname(first)
    top = _git("-C", base, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise InputError("--against needs a git repository; run it inside your checkout")
    if _git("-C", base, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        remote, _, branch = ref.partition("/")
        hint = f"git fetch {remote} {branch}" if branch else f"git fetch origin {ref}"
        raise InputError(
            f"git ref {ref!r} is not known here; fetch it first: `{hint}` "
            "(in GitHub Actions, check out with fetch-depth: 0)"
        )
    root = top.stdout.strip()
    current_files = find_contract_files(paths)
    relative = [os.path.relpath(os.path.abspath(p), root) for p in paths]
    listed = _git("-C", root, "ls-tree", "-r", "--name-only", ref, "--", *relative)
    if listed.returncode != 0:
        raise InputError(f"git could not list {', '.join(paths)} at {ref}: {listed.stderr.strip()}")
    old_analyses = []
    for name in sorted(listed.stdout.splitlines()):
        if not name.endswith((".yaml", ".yml")):
            continue
        shown = _git("-C", root, "show", f"{ref}:{name}")
        if shown.returncode != 0:
            raise InputError(f"git could not read {name} at {ref}: {shown.stderr.strip()}")
        base_dir = os.path.join(root, os.path.dirname(name))
        old_analyses.append(
            analyze_text(shown.stdout, f"{ref}:{name}", expressions=False, base_dir=base_dir)
        )
    return _load_all(old_analyses), _read(current_files)


@main.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def rules(output_format: str) -> None:
    """List the breaking-change rules: ID, the modes they break in, and their purpose."""
    import json

    from contractkit.breaking.registry import RULES

    if output_format == "json":
        rows = [
            {"id": r.id, "modes": list(r.modes), "purpose": r.purpose, "why": r.why} for r in RULES
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r.id) for r in RULES)
    for spec in RULES:
        modes = ",".join(spec.modes) or "-"
        click.echo(f"{spec.id:<{width}}  {modes:<25}  {spec.purpose}")
    sys.stdout.flush()
