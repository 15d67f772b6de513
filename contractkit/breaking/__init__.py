"""Breaking-change detection between two versions of a contract.

    diff_contracts(previous, current, mode=None) -> ContractDiff

The mode defaults to the current contract's `compatibility`. Findings are sorted and
deterministic; the version check says which bump they require and whether it was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from contractkit.breaking.config import DiffConfig
from contractkit.breaking.engine import Comparison, RuleSelection, judge, run_rules
from contractkit.breaking.finding import MODES, Finding, Severity
from contractkit.breaking.version import VersionCheck, check_version
from contractkit.model import Contract

__all__ = ["MODES", "ContractDiff", "Finding", "Severity", "diff_contracts"]


@dataclass(frozen=True)
class ContractDiff:
    name: str
    mode: str
    previous: Contract | None
    current: Contract | None
    findings: tuple[Finding, ...]
    version: VersionCheck
    ignored: tuple[tuple[Finding, str], ...] = field(default=())

    @property
    def breaking(self) -> bool:
        return any(f.is_breaking for f in self.findings)

    @property
    def file(self) -> str:
        contract = self.current or self.previous
        return (contract.source_file if contract else None) or "<string>"


def diff_contracts(
    previous: Contract,
    current: Contract,
    mode: str | None = None,
    config: DiffConfig | None = None,
) -> ContractDiff:
    """Compare two versions; `mode` overrides the config's, which overrides the contract's."""
    config = config or DiffConfig()
    chosen = mode or config.mode or current.info.compatibility
    if chosen not in MODES:
        raise ValueError(f"unknown compatibility mode {chosen!r}; use one of {', '.join(MODES)}")
    changes = run_rules(Comparison(previous, current), RuleSelection(config.disabled))
    findings = judge(changes, previous, current, chosen)
    if not findings and _meaning(previous) != _meaning(current):
        findings = [_contract_changed(current)]
    kept, ignored = _apply_ignores(findings, config)
    version = check_version(
        kept, previous.version, current.version, [e.version for e in current.changelog]
    )
    return ContractDiff(current.name, chosen, previous, current, kept, version, ignored)


def _apply_ignores(
    findings: Sequence[Finding], config: DiffConfig
) -> tuple[tuple[Finding, ...], tuple[tuple[Finding, str], ...]]:
    kept: list[Finding] = []
    ignored: list[tuple[Finding, str]] = []
    for finding in findings:
        reason = config.ignore_reason(finding)
        if reason is None:
            kept.append(finding)
        else:
            ignored.append((finding, reason))
    return tuple(kept), tuple(ignored)


def contract_removed(
    previous: Contract, mode: str | None = None, config: DiffConfig | None = None
) -> ContractDiff:
    config = config or DiffConfig()
    chosen = mode or config.mode or previous.info.compatibility
    level = Severity.BREAKING if MODES[chosen] else Severity.INFO
    finding = Finding(
        file=previous.source_file or "<string>",
        line=1,
        rule="CONTRACT_NO_DELETE",
        path=previous.name,
        severity=level,
        message=f'Contract "{previous.name}" was deleted.',
        old=previous.version,
        consumers=tuple(c.pipeline for c in previous.consumers),
        contract=previous.name,
    )
    kept, ignored = _apply_ignores([finding], config)
    problems = (
        (f'Contract "{previous.name}" was deleted while consumers may still read it.',)
        if any(f.is_breaking for f in kept)
        else ()
    )
    version = VersionCheck(previous.version, None, "major" if kept else "none", "none", problems)
    return ContractDiff(previous.name, chosen, previous, None, kept, version, ignored)


def contract_added(
    current: Contract, mode: str | None = None, config: DiffConfig | None = None
) -> ContractDiff:
    finding = Finding(
        file=current.source_file or "<string>",
        line=1,
        rule="CONTRACT_ADDED",
        path=current.name,
        severity=Severity.INFO,
        message=f'Contract "{current.name}" was added at version {current.version}.',
        new=current.version,
        addition=True,
        contract=current.name,
    )
    version = VersionCheck(None, current.version, "none", "none")
    chosen = mode or (config.mode if config else None) or current.info.compatibility
    return ContractDiff(current.name, chosen, None, current, (finding,), version)


def _meaning(contract: Contract) -> object:
    """The contract's content apart from its version and changelog."""
    dump = contract.model_dump(mode="json", by_alias=True)
    dump["contract"].pop("version", None)
    dump.pop("changelog", None)
    for server, entry in zip(contract.servers, dump["servers"], strict=True):
        entry["path"] = server.resolved_path(contract.base_dir)
    return dump


def _contract_changed(current: Contract) -> Finding:
    return Finding(
        file=current.source_file or "<string>",
        line=1,
        rule="CONTRACT_CHANGED",
        path=current.name,
        severity=Severity.INFO,
        message="The contract changed in a way no rule describes (formatting of values).",
        contract=current.name,
    )


def summary_counts(diffs: Sequence[ContractDiff]) -> dict[str, int]:
    counts = {level.value: 0 for level in Severity}
    for diff in diffs:
        for finding in diff.findings:
            counts[finding.severity.value] += 1
    return counts
