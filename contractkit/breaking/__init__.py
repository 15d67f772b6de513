"""Breaking-change detection between two versions of a contract, or two sets of them.

    diff_contracts(previous, current, mode=None) -> ContractDiff
    diff_contract_sets(previous_contracts, current_contracts) -> list[ContractDiff]

The mode defaults to the current contract's `compatibility`. Findings are sorted and
deterministic; the version check says which bump they require and whether it was made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from contractkit.breaking.comparison import Versions
from contractkit.breaking.config import DiffConfig
from contractkit.breaking.engine import RuleSelection, judge, run_rules
from contractkit.breaking.finding import MODES, Finding, Severity
from contractkit.breaking.version import VersionCheck, check_version
from contractkit.gcpause import gc_paused
from contractkit.model import Contract

__all__ = [
    "MODES",
    "ContractDiff",
    "Finding",
    "Severity",
    "contract_added",
    "contract_removed",
    "diff_contract_sets",
    "diff_contracts",
    "not_compared",
    "pair_contracts",
]


@dataclass(frozen=True)
class ContractDiff:
    name: str
    mode: str
    previous: Contract | None
    current: Contract | None
    findings: tuple[Finding, ...]
    version: VersionCheck
    ignored: tuple[tuple[Finding, str], ...] = field(default=())
    skipped: str | None = None  # why nothing was compared (an invalid base version)

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
    return _diff(previous, current, mode, config)


def contract_removed(
    previous: Contract, mode: str | None = None, config: DiffConfig | None = None
) -> ContractDiff:
    """A contract that is gone from the current set."""
    return _diff(previous, None, mode, config)


def contract_added(
    current: Contract, mode: str | None = None, config: DiffConfig | None = None
) -> ContractDiff:
    """A contract that is new in the current set."""
    return _diff(None, current, mode, config)


def not_compared(name: str, current: Contract | None, reason: str, mode: str) -> ContractDiff:
    """A contract whose previous version could not be read (invalid at the base of a pull
    request): nothing is compared, the reason is a warning, and the pull request is judged
    by its new version alone, so the change that fixes a broken base can pass."""
    version = VersionCheck(
        None, current.version if current else None, "none", "none", warnings=(reason,)
    )
    return ContractDiff(name, mode, None, current, (), version, skipped=reason)


def pair_contracts(
    previous: Iterable[Contract],
    current: Iterable[Contract],
    same_file: Callable[[Contract, Contract], bool] | None = None,
) -> list[tuple[Contract | None, Contract | None]]:
    """The versions of each contract across two sets, sorted by name: paired by contract
    name first, then, among those left, by `same_file` (a file renamed or moved in git, or
    at the same place in two folders, whose contract was renamed). Unpaired ones stand
    alone: deleted (no current) or added (no previous)."""
    before = {c.name: c for c in previous}
    after = {c.name: c for c in current}
    pairs: list[tuple[Contract | None, Contract | None]] = [
        (before.pop(name), after.pop(name)) for name in sorted(before.keys() & after.keys())
    ]
    if same_file is not None:
        for old in list(before.values()):
            match = [new for new in after.values() if same_file(old, new)]
            if len(match) == 1:
                pairs.append((before.pop(old.name), after.pop(match[0].name)))
    pairs += [(old, None) for old in before.values()]
    pairs += [(None, new) for new in after.values()]
    return sorted(pairs, key=lambda pair: _name(pair))


def diff_contract_sets(
    previous: Iterable[Contract],
    current: Iterable[Contract],
    mode: str | None = None,
    config: DiffConfig | None = None,
    same_file: Callable[[Contract, Contract], bool] | None = None,
) -> list[ContractDiff]:
    """Compare two sets of contracts (two folders, a git ref and the work tree), one
    ContractDiff per contract name, as `pair_contracts` pairs them."""
    return [
        _diff(old, new, mode, config) for old, new in pair_contracts(previous, current, same_file)
    ]


def _name(pair: tuple[Contract | None, Contract | None]) -> str:
    contract = pair[1] or pair[0]
    assert contract is not None
    return contract.name


def _diff(
    previous: Contract | None,
    current: Contract | None,
    mode: str | None,
    config: DiffConfig | None,
) -> ContractDiff:
    config = config or DiffConfig()
    contract = current or previous
    assert contract is not None, "a contract on at least one side"
    chosen = mode or config.mode or contract.info.compatibility
    if chosen not in MODES:
        raise ValueError(f"unknown compatibility mode {chosen!r}; use one of {', '.join(MODES)}")
    with gc_paused():
        versions = run_rules(Versions(previous, current), RuleSelection(config.disabled))
        findings = judge(versions, chosen)
    kept, ignored = _apply_ignores(findings, config)
    version = _version(previous, current, kept)
    return ContractDiff(contract.name, chosen, previous, current, kept, version, ignored)


def _version(
    previous: Contract | None, current: Contract | None, kept: Sequence[Finding]
) -> VersionCheck:
    if current is None:
        assert previous is not None
        problems = (
            (f'Contract "{previous.name}" was deleted while consumers may still read it.',)
            if any(f.is_breaking for f in kept)
            else ()
        )
        required = "major" if kept else "none"
        return VersionCheck(previous.version, None, required, "none", problems)
    if previous is None:
        return VersionCheck(None, current.version, "none", "none")
    return check_version(
        kept, previous.version, current.version, [e.version for e in current.changelog]
    )


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
