"""Run the rules over a contract's two versions and judge the findings by mode.

Rules report `Change`s, pure functions of a `Comparison` (or, for the contract-level
rules, of `Versions`). The engine decides each change's severity for the compatibility
mode from the rule's record, the line it points at, and the consumers it affects.
"""

from __future__ import annotations

from dataclasses import dataclass

from contractkit.breaking.comparison import Comparison, Versions
from contractkit.breaking.finding import MODES, Change, Direction, Finding, Severity
from contractkit.breaking.registry import RULES_BY_ID
from contractkit.breaking.spec import RuleSpec, Scope
from contractkit.model import Contract
from contractkit.sqlnames import referenced_columns


@dataclass(frozen=True)
class RuleSelection:
    disabled: frozenset[str] = frozenset()


def run_rules(versions: Versions, selection: RuleSelection | None = None) -> Versions:
    """Every change the enabled rules report, each handler run once: the two-version rules
    first, then the contract-level ones, which see what the others found."""
    disabled = selection.disabled if selection else frozenset()
    changes: list[Change] = []
    if versions.previous is not None and versions.current is not None:
        comparison = Comparison(versions.previous, versions.current)
        for check in dict.fromkeys(s.check for s in RULES_BY_ID.values() if s.check):
            changes.extend(c for c in check(comparison) if c.rule not in disabled)
        versions = Versions(versions.previous, versions.current, comparison, tuple(changes))
    for on_versions in dict.fromkeys(
        s.check_versions for s in RULES_BY_ID.values() if s.check_versions
    ):
        changes.extend(c for c in on_versions(versions) if c.rule not in disabled)
    return Versions(versions.previous, versions.current, versions.comparison, tuple(changes))


def breaks(change: Change) -> frozenset[Direction]:
    """Where the change breaks: as its rule's record says, unless the handler said fewer."""
    return RULES_BY_ID[change.rule].breaks if change.breaks is None else change.breaks


def severity(change: Change, mode: str) -> Severity:
    if breaks(change) & MODES[mode]:
        return Severity.BREAKING
    if change.review or change.producer_risk:
        return Severity.WARNING
    return Severity.INFO


def affected(contract: Contract, change: Change, scope: Scope) -> tuple[str, ...]:
    """Consumers whose `uses` touches the change; all of them when `uses` is absent."""
    if change.consumers is not None:
        return change.consumers
    consumers = contract.consumers
    if all(consumer.uses is None for consumer in consumers):
        return tuple(consumer.pipeline for consumer in consumers)
    columns = _touched(change, scope)
    if columns is None:
        return tuple(consumer.pipeline for consumer in consumers)
    return tuple(
        consumer.pipeline
        for consumer in consumers
        if any(consumer.uses_path(column) for column in columns)
    )


def _touched(change: Change, scope: Scope) -> tuple[str, ...] | None:
    """The columns a change touches: its own field, the columns its expressions read;
    None (every column) for a contract-wide change or an expression we cannot read."""
    if change.columns is not None:
        return change.columns
    if scope == "column":
        return (change.subject,)
    if scope == "expression" and change.expressions:
        read = [referenced_columns(text) for text in change.expressions]
        return None if not all(read) else tuple(sorted(set().union(*read)))
    return None


def judge(versions: Versions, mode: str) -> list[Finding]:
    readers = versions.previous or versions.current
    assert readers is not None, "a contract on at least one side"
    named = (versions.current or readers).name
    findings = []
    for change in versions.changes:
        contract = versions.previous if change.in_previous else versions.current
        assert contract is not None, f"{change.rule} points at a missing version"
        spec: RuleSpec = RULES_BY_ID[change.rule]
        level = severity(change, mode)
        consumers = affected(readers, change, spec.scope) if level is Severity.BREAKING else ()
        findings.append(
            Finding(
                file=contract.source_file or "<string>",
                line=_line(contract, change.location),
                rule=change.rule,
                path=change.subject,
                severity=level,
                message=change.message,
                old=change.old,
                new=change.new,
                consumers=consumers,
                addition=change.addition,
                contract=named,
            )
        )
    return sorted(findings)


def _line(contract: Contract, location: tuple[str | int, ...]) -> int:
    """The line a location starts on; a finding about the whole contract points at line 1."""
    if not location:
        return 1
    source = contract.source_map
    if source is None:
        return 0
    return source.value(location).line
