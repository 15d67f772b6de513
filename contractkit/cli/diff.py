"""`contractkit diff` and `contractkit rules`: breaking changes between contract versions."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from contractkit.cli.app import EXIT_FINDINGS, EXIT_OK, CommandError, find_contract_files

if TYPE_CHECKING:
    from contractkit.breaking import ContractDiff
    from contractkit.breaking.config import DiffConfig
    from contractkit.loader import Analysis
    from contractkit.model import Contract

MODE_NAMES = ("forward", "backward", "full", "none")


class InputError(CommandError):
    """Bad input (unreadable contract, unknown git ref): exit 2 with a clear message."""


@click.command()
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
    results: list[ContractDiff] = []
    if ref is not None:
        results = _against_git(ref, paths or ("contracts",), mode, config)
    elif len(paths) == 2:
        previous, current = _two_paths(paths[0], paths[1])
        if len(previous) == len(current) == 1 and os.path.isfile(paths[0]):
            results.append(diff_contracts(previous[0], current[0], mode, config))
        else:
            results.extend(diff_contract_sets(previous, current, mode, config))
    else:
        raise click.UsageError("give OLD and NEW (two files or two directories), or --against REF")
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
    from contractkit.breaking.config import ConfigError, load_config
    from contractkit.breaking.registry import RULES_BY_ID
    from contractkit.pyproject import find_pyproject

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
    return _unique([a.contract for a in analyses if a.contract is not None], analyses)


def _unique(contracts: list[Contract], analyses: Sequence[Analysis]) -> list[Contract]:
    names: dict[str, str] = {}
    files = {id(a.contract): a.file for a in analyses}
    for contract in contracts:
        if contract.name in names:
            raise InputError(
                f"two files define contract {contract.name!r}: {names[contract.name]} and "
                f"{files[id(contract)]}"
            )
        names[contract.name] = files[id(contract)]
    return contracts


def _read(paths: Sequence[str]) -> list[Contract]:
    from contractkit.contract_files import analyze_contracts

    return _load_all([a for p in paths for a in analyze_contracts(p, expressions=False)])


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


def _against_git(
    ref: str, paths: Sequence[str], mode: str | None, config: DiffConfig
) -> list[ContractDiff]:
    """Each contract under PATHS against its version at `ref`: matched by contract name
    first, then by file (the same path, or the path git saw it renamed from). A base
    version that is invalid compares nothing: a warning says why, and the contract is
    judged by its new version alone, so the pull request that fixes it can pass."""
    from contractkit.breaking import diff_contract_sets, not_compared

    root = _git_root(ref, paths)
    current = _read(find_contract_files(paths))
    here = {id(c): os.path.relpath(os.path.abspath(c.source_file or ""), root) for c in current}
    renamed = _renames(root, ref)  # path now -> path at ref
    at_ref = {id(c): renamed.get(here[id(c)], here[id(c)]) for c in current}
    relative = [os.path.relpath(os.path.abspath(p), root) for p in paths]
    listed = _git("-C", root, "ls-tree", "-r", "--name-only", ref, "--", *relative)
    if listed.returncode != 0:
        raise InputError(f"git could not list {', '.join(paths)} at {ref}: {listed.stderr.strip()}")
    names = set(listed.stdout.splitlines()) | {at_ref[id(c)] for c in current}
    base = _base_analyses(root, ref, sorted(n for n in names if n.endswith((".yaml", ".yml"))))
    valid = [(name, a) for name, a in base if a.ok]
    invalid = {name: a for name, a in base if not a.ok}
    previous = _unique([a.contract for _, a in valid if a.contract], [a for _, a in valid])
    base_path = {id(a.contract): name for name, a in valid}
    chosen = mode or config.mode
    skipped: list[ContractDiff] = []
    compared: list[Contract] = []
    for contract in current:
        named = any(c.name == contract.name for c in previous)
        analysis = None if named else invalid.pop(at_ref[id(contract)], None)
        if analysis is None:
            compared.append(contract)
            continue
        reason = _invalid_base(ref, at_ref[id(contract)], analysis)
        mode_here = chosen or contract.info.compatibility
        skipped.append(not_compared(contract.name, contract, reason, mode_here))
    for name, analysis in invalid.items():
        gone = f"{ref}:{name}"
        reason = _invalid_base(ref, name, analysis)
        skipped.append(not_compared(gone, None, reason, chosen or "forward"))

    def same_file(old: Contract, new: Contract) -> bool:
        return base_path.get(id(old)) == at_ref[id(new)]

    results = diff_contract_sets(previous, compared, mode, config, same_file)
    return sorted([*results, *skipped], key=lambda diff: diff.name)


def _git_root(ref: str, paths: Sequence[str]) -> str:
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
    return top.stdout.strip()


def _renames(root: str, ref: str) -> dict[str, str]:
    """Files git sees as renamed since `ref` (committed, staged or in the work tree):
    path now -> path at `ref`."""
    shown = _git("-C", root, "diff", "--name-status", "-z", "-M", "--diff-filter=R", ref, "--")
    if shown.returncode != 0:
        return {}
    parts = shown.stdout.split("\0")
    return {parts[i + 2]: parts[i + 1] for i in range(0, len(parts) - 2, 3)}


def _base_analyses(root: str, ref: str, names: Sequence[str]) -> list[tuple[str, Analysis]]:
    from contractkit.contract_files import analyze_contract_text

    analyses = []
    for name in names:
        shown = _git("-C", root, "show", f"{ref}:{name}")
        if shown.returncode != 0:
            continue  # new since `ref`: nothing to compare it with
        base_dir = os.path.join(root, os.path.dirname(name))
        for analysis in analyze_contract_text(
            shown.stdout, f"{ref}:{name}", expressions=False, base_dir=base_dir
        ):
            analyses.append((name, analysis))
    return analyses


def _invalid_base(ref: str, name: str, analysis: Analysis) -> str:
    errors = [d for d in analysis.diagnostics if d.is_error]
    first = f"; first: {errors[0].location()}: {errors[0].message}" if errors else ""
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    return (
        f"{ref}:{name} is not a valid contract ({count}{first}), so nothing was compared "
        f"with it; this contract is judged by its new version alone "
        f"(`git show {ref}:{name} > /tmp/base.yaml && contractkit lint /tmp/base.yaml` shows "
        "every error)."
    )


@click.command()
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
