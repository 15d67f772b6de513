"""Breaking-change detection between two versions of a contract.

    diff_contracts(previous, current, mode=None) -> ContractDiff

The mode defaults to the current contract's `compatibility`. Findings are sorted and
deterministic; the version check says which bump they require and whether it was made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from contractkit.breaking.config import DiffConfig
from contractkit.breaking.engine import Comparison, RuleSelection, judge, run_rules
from contractkit.breaking.expression_order import Order, compare
from contractkit.breaking.finding import MODES, Finding, Severity
from contractkit.breaking.version import VersionCheck, check_version
from contractkit.gcpause import gc_paused
from contractkit.model import Contract
from contractkit.types import ArrayType, DataType, MapType, StructType, format_type, parse_type

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
    with gc_paused():
        comparison = Comparison(previous, current)
        changes = run_rules(comparison, RuleSelection(config.disabled))
        findings = judge(changes, previous, current, chosen)
        if not findings and _meaning(previous) != _meaning(current, _respelled(comparison)):
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


def _meaning(contract: Contract, expressions: Mapping[str, str] | None = None) -> object:
    """The contract's content apart from its version and changelog, the order of fields
    (paired by name everywhere else), and the spelling of values that mean the same:
    freshness limits, and expressions the rules found equivalent (`expressions`:
    expectation name -> the other version's text)."""
    dump = contract.model_dump(mode="json", by_alias=True)
    dump["contract"].pop("version", None)
    dump.pop("changelog", None)
    for server, entry in zip(contract.servers, dump["servers"], strict=True):
        entry["path"] = server.resolved_path(contract.base_dir)
    dump["schema"]["fields"] = _order_free(dump["schema"]["fields"])
    if contract.sla is not None and contract.sla.freshness is not None:
        limit = contract.sla.freshness  # `< 15 minutes` is `< 900 seconds`
        dump["sla"]["freshness"] = (limit.seconds, limit.strict)
    for expectation in dump["quality"]["expectations"]:
        text = expectation["expression"]
        expectation["expression"] = (expressions or {}).get(expectation["name"], text)
    return dump


def _order_free(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fields sorted by name, also in `fields` lists and struct type strings."""
    result = []
    for item in fields:
        item = dict(item)
        if item.get("fields") is not None:
            item["fields"] = _order_free(item["fields"])
        elif "struct<" in (item.get("type") or ""):
            item["type"] = format_type(_sorted_structs(parse_type(item["type"])))
        result.append(item)
    return sorted(result, key=lambda item: str(item["name"]).casefold())


def _sorted_structs(data_type: DataType) -> DataType:
    if isinstance(data_type, StructType):
        members = (replace(f, type=_sorted_structs(f.type)) for f in data_type.fields)
        return StructType(tuple(sorted(members, key=lambda f: f.name.casefold())))
    if isinstance(data_type, ArrayType):
        return replace(data_type, element=_sorted_structs(data_type.element))
    if isinstance(data_type, MapType):
        return replace(
            data_type, key=_sorted_structs(data_type.key), value=_sorted_structs(data_type.value)
        )
    return data_type


def _respelled(comparison: Comparison) -> dict[str, str]:
    """Current expectation name -> previous expression, where only the spelling changed
    (whitespace, case of names and keywords, operand order): the expression rules see no
    difference there, so neither does the version policy."""
    return {
        new.name: old.expression
        for old, new in comparison.expectation_pairs
        if old.expression != new.expression
        and compare(old.expression, new.expression) is Order.SAME
    }


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
