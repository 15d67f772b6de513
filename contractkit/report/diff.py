"""Rendering of `contractkit diff` results: text, JSON, a markdown PR comment, annotations.

The JSON shape is documented in docs/diff.md and kept stable: the top level is the issue's
`{breaking, required_bump, version, changes}`, with `contracts` carrying each contract's
own part when several were compared.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from contractkit.breaking import ContractDiff
from contractkit.breaking.finding import Finding, Severity
from contractkit.breaking.version import BUMPS
from contractkit.report.lint import _data, _prop


def overall_bump(diffs: Sequence[ContractDiff]) -> str:
    return max((d.version.required for d in diffs), key=BUMPS.index, default="none")


def render_text(diffs: Sequence[ContractDiff]) -> str:
    lines: list[str] = []
    for diff in diffs:
        for finding in diff.findings:
            lines.append(
                f"{finding.file}:{finding.line}: {finding.severity.value} {finding.rule} "
                f"{finding.message}"
            )
            if finding.consumers:
                lines.append(f"    consumers: {', '.join(finding.consumers)}")
        for finding, reason in diff.ignored:
            lines.append(
                f"{finding.file}:{finding.line}: ignored {finding.rule} {finding.message} "
                f"(reason: {reason})"
            )
        lines.append(_summary_line(diff))
        lines.extend(f"  error: {problem}" for problem in diff.version.problems)
        lines.extend(f"  warning: {warning}" for warning in diff.version.warnings)
    if not diffs:
        lines.append("No contracts to compare.")
    return "\n".join(lines)


def _summary_line(diff: ContractDiff) -> str:
    if diff.skipped is not None:
        return f"{diff.name} {diff.version.new or ''}".rstrip() + ": not compared."
    counts = _counts(diff.findings)
    version = _version_text(diff)
    if not diff.findings:
        return f"{diff.name} {version}: no changes."
    parts = ", ".join(f"{n} {level}" for level, n in counts.items() if n)
    verdict = "ok" if diff.version.ok else "policy violated"
    return (
        f"{diff.name} {version} (mode {diff.mode}): {parts}; requires a "
        f"{diff.version.required} bump, got {diff.version.actual}: {verdict}."
    )


def _version_text(diff: ContractDiff) -> str:
    old, new = diff.version.old, diff.version.new
    if diff.skipped is not None:
        return f"{new or '?'} (not compared)"
    if old and new:
        return f"{old} -> {new}"
    if old:
        return f"{old} (deleted)"
    return f"{new} (new)"


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {level.value: 0 for level in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def to_dict(diffs: Sequence[ContractDiff]) -> dict[str, Any]:
    contracts = [_contract_dict(d) for d in diffs]
    if len(diffs) == 1:
        version: dict[str, Any] = contracts[0]["version"]
    else:
        version = {"old": None, "new": None, "ok": all(d.version.ok for d in diffs)}
    return {
        "breaking": any(d.breaking for d in diffs),
        "required_bump": overall_bump(diffs),
        "version": version,
        "changes": [change for c in contracts for change in c["changes"]],
        "contracts": contracts,
    }


def _contract_dict(diff: ContractDiff) -> dict[str, Any]:
    return {
        "name": diff.name,
        "file": diff.file,
        "mode": diff.mode,
        "breaking": diff.breaking,
        "required_bump": diff.version.required,
        "version": diff.version.to_dict(),
        "changes": [f.to_dict() for f in diff.findings],
        "ignored": [{**f.to_dict(), "reason": reason} for f, reason in diff.ignored],
    }


def render_json(diffs: Sequence[ContractDiff]) -> str:
    return json.dumps(to_dict(diffs), indent=2)


_ICONS = {"breaking": "🔴", "warning": "🟡", "info": "⚪"}


def render_markdown(diffs: Sequence[ContractDiff]) -> str:
    """A pull-request comment: a summary table, then each contract's changes."""
    breaking = sum(1 for d in diffs for f in d.findings if f.is_breaking)
    ok = all(d.version.ok for d in diffs)
    title = "✅ within policy" if ok else "❌ policy violated"
    out = [f"## contractkit diff: {title}", ""]
    if not diffs:
        return "\n".join([*out, "No contracts to compare."])
    out += [
        f"{len(diffs)} contract{'s' if len(diffs) != 1 else ''} compared, "
        f"{breaking} breaking change{'s' if breaking != 1 else ''}.",
        "",
        "| Contract | Version | Mode | Breaking | Warnings | Required bump | Policy |",
        "| --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    for diff in diffs:
        counts = _counts(diff.findings)
        policy = "✅" if diff.version.ok else "❌ " + _md(" ".join(diff.version.problems))
        out.append(
            f"| `{diff.name}` | {_version_text(diff)} | {diff.mode} | {counts['breaking']} | "
            f"{counts['warning']} | {diff.version.required} | {policy} |"
        )
    for diff in diffs:
        if diff.skipped is not None:
            out += ["", f"### `{diff.name}`", "", f"> ⚠️ {_md(diff.skipped)}"]
            continue
        if not diff.findings and not diff.ignored:
            continue
        out += ["", f"### `{diff.name}`", "", "| | Rule | Where | Change | Consumers |"]
        out.append("| --- | --- | --- | --- | --- |")
        for finding in diff.findings:
            out.append(
                f"| {_ICONS[finding.severity.value]} {finding.severity.value} | "
                f"`{finding.rule}` | `{finding.path}` (line {finding.line}) | "
                f"{_md(finding.message)} | {_md(', '.join(finding.consumers)) or ' '} |"
            )
        for finding, reason in diff.ignored:
            out.append(
                f"| ignored | `{finding.rule}` | `{finding.path}` | {_md(finding.message)} "
                f"(reason: {_md(reason)}) | |"
            )
        out.extend(f"\n> ⚠️ {_md(w)}" for w in diff.version.warnings)
    return "\n".join(out)


def _version_line(diff: ContractDiff) -> int:
    source = diff.current.source_map if diff.current else None
    return source.value(("contract", "version")).line if source else 1


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_GITHUB_LEVEL = {"breaking": "error", "warning": "warning", "info": "notice"}


def render_github(diffs: Sequence[ContractDiff]) -> str:
    lines = []
    for diff in diffs:
        for f in diff.findings:
            message = f.message + (f"\nAffects: {', '.join(f.consumers)}" if f.consumers else "")
            lines.append(
                f"::{_GITHUB_LEVEL[f.severity.value]} file={_prop(f.file)},line={f.line},"
                f"title={_prop(f'{f.rule} ({f.severity.value})')}::{_data(message)}"
            )
        for problem in diff.version.problems:
            lines.append(
                f"::error file={_prop(diff.file)},line={_version_line(diff)},"
                f"title={_prop('contract version')}::{_data(problem)}"
            )
        if diff.skipped is not None:
            lines.append(
                f"::warning file={_prop(diff.file)},line=1,"
                f"title={_prop('base version not compared')}::{_data(diff.skipped)}"
            )
        lines.append(_summary_line(diff))
    return "\n".join(lines)
