"""Rendering of a ValidationReport for people (text) and tools (json).

The sentences come from contractkit.validation, shared with the pytest plugin's failures
and ContractViolationError's message; this module only lays them out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from contractkit.validation import (
    DatasetResult,
    ExpectationResult,
    FreshnessResult,
    Severity,
    ValidationReport,
    dataset_outcome,
    expectation_outcome,
    freshness_outcome,
    sample_text,
    unique_key_outcome,
    uniqueness_outcome,
    verdict,
)


def render_text(report: ValidationReport, *, source: str = "") -> str:
    where = f" ({source})" if source else ""
    head = f"{report.contract} {report.version}{where}: {verdict(report)}, {report.row_count} rows"
    lines = [head]
    shown = [i for i in report.schema_issues if i.kind != "nullability"]
    loose = [i.path for i in report.schema_issues if i.kind == "nullability"]
    if shown or loose:
        lines.append("schema:")
        lines += [f"  {i.level.value:<7} {i.message}" for i in shown]
        if loose:
            # Spark marks most file columns nullable: one line, not one per column.
            lines.append(
                f"  note    {len(loose)} NOT NULL column(s) are nullable in the data's schema "
                f"({', '.join(loose)}); their not-null checks count the actual NULLs"
            )
    else:
        lines.append("schema: matches")
    lines += _quality(report.expectations, "")
    if report.uniqueness and not report.expectations:
        lines.append("quality:")
    lines += [f"  {_mark(u.level)} {uniqueness_outcome(u)}" for u in report.uniqueness]
    lines += _dataset(report.dataset, "")
    if report.unique:
        lines.append("unique:")
        lines += [f"  {_mark(u.level)} {unique_key_outcome(u)}" for u in report.unique]
    lines += _freshness(report.freshness, "")
    if report.references:
        lines.append("references:")
        lines += [
            f"  {_mark(r.level)} {r.field} -> {r.target}: {r.outcome()}" for r in report.references
        ]
    for consumer in report.consumers:  # each consumer's own checks, under its name
        if not consumer.results():
            continue
        lines.append(f"consumer {consumer.pipeline}:")
        lines += _quality(consumer.expectations, "  ")
        lines += _dataset(consumer.dataset, "  ")
        lines += _freshness(consumer.freshness, "  ")
    return "\n".join(lines)


def _quality(expectations: Sequence[ExpectationResult], indent: str) -> list[str]:
    if not expectations:
        return []
    lines = [f"{indent}quality:"]
    width = max(len(e.name) for e in expectations)
    for e in expectations:
        lines.append(f"{indent}  {_mark(e.level)} {e.name:<{width}}  {expectation_outcome(e)}")
        lines += [f"{indent}         e.g. {sample_text(sample)}" for sample in e.samples[:3]]
    return lines


def _dataset(dataset: Sequence[DatasetResult], indent: str) -> list[str]:
    if not dataset:
        return []
    width = max(len(d.name) for d in dataset)
    return [f"{indent}dataset:"] + [
        f"{indent}  {_mark(d.level)} {d.name:<{width}}  {d.expression}: {dataset_outcome(d)}"
        for d in dataset
    ]


def _freshness(freshness: FreshnessResult | None, indent: str) -> list[str]:
    if freshness is None:
        return []
    on = freshness.column or freshness.source
    outcome = freshness_outcome(freshness)
    return [f"{indent}freshness: {_mark(freshness.level)} {outcome} (measured on {on})"]


def _mark(level: Severity) -> str:
    return {Severity.OK: "ok  ", Severity.WARN: "warn", Severity.FAIL: "FAIL"}[level]


def render_json(reports: Sequence[ValidationReport]) -> str:
    payload = [r.to_dict() for r in reports]
    return json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, default=str)
