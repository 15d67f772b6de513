"""Rendering of a ValidationReport for people (text) and tools (json).

The sentences come from contractkit.validation, shared with the pytest plugin's failures
and ContractViolationError's message; this module only lays them out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from contractkit.validation import (
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
    if report.expectations:
        lines.append("quality:")
        width = max(len(e.name) for e in report.expectations)
        for e in report.expectations:
            lines.append(f"  {_mark(e.level)} {e.name:<{width}}  {expectation_outcome(e)}")
            lines += [f"         e.g. {sample_text(sample)}" for sample in e.samples[:3]]
    lines += [f"  {_mark(u.level)} {uniqueness_outcome(u)}" for u in report.uniqueness]
    if report.dataset:
        lines.append("dataset:")
        width = max(len(d.name) for d in report.dataset)
        lines += [
            f"  {_mark(d.level)} {d.name:<{width}}  {d.expression}: {dataset_outcome(d)}"
            for d in report.dataset
        ]
    if report.unique:
        lines.append("unique:")
        lines += [f"  {_mark(u.level)} {unique_key_outcome(u)}" for u in report.unique]
    if report.freshness is not None:
        f = report.freshness
        on = f.column or f.source
        lines.append(f"freshness: {_mark(f.level)} {freshness_outcome(f)} (measured on {on})")
    if report.references:
        lines.append("references:")
        lines += [
            f"  {_mark(r.level)} {r.field} -> {r.target}: {r.outcome()}" for r in report.references
        ]
    return "\n".join(lines)


def _mark(level: Severity) -> str:
    return {Severity.OK: "ok  ", Severity.WARN: "warn", Severity.FAIL: "FAIL"}[level]


def render_json(reports: Sequence[ValidationReport]) -> str:
    payload = [r.to_dict() for r in reports]
    return json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, default=str)
