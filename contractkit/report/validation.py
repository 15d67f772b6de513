"""Rendering of a ValidationReport for people (text) and tools (json)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from contractkit.validation import ValidationReport
from contractkit.values import format_percent


def render_text(report: ValidationReport, *, source: str = "") -> str:
    where = f" ({source})" if source else ""
    verdict = "PASSED" if report.ok else "FAILED"
    lines = [f"{report.contract} {report.version}{where}: {verdict}, {report.row_count} rows"]
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
            mark = "ok  " if e.ok else "FAIL"
            if e.error is not None:
                detail = f"not evaluated: {e.error}"
            else:
                detail = (
                    f"{e.pass_rate:8.3%} passed (threshold {format_percent(e.threshold)}), "
                    f"{e.failed} of {e.row_count} rows failed"
                )
            lines.append(f"  {mark} {e.name:<{width}}  {detail}")
            lines += [f"         e.g. {_row(sample)}" for sample in e.samples[:3]]
    for u in report.uniqueness:
        mark = "ok  " if u.ok else "FAIL"
        what = "primary key" if u.kind == "primary_key" else "unique"
        extra = f", {u.null_keys} NULL keys" if u.null_keys else ""
        lines.append(f"  {mark} {what} ({', '.join(u.columns)}): {u.duplicates} duplicates{extra}")
    if report.freshness is not None:
        f = report.freshness
        mark = "ok  " if f.ok else "FAIL"
        age = "unknown" if f.age is None else str(f.age).split(".")[0]
        on = f.column or f.source
        lines.append(f"freshness: {mark} age {age} (limit {f.limit}, measured on {on})")
    return "\n".join(lines)


def _row(sample: dict[str, object]) -> str:
    text = ", ".join(f"{k}={v!r}" for k, v in sample.items())
    return text if len(text) <= 120 else text[:117] + "..."


def render_json(reports: Sequence[ValidationReport]) -> str:
    payload = [r.to_dict() for r in reports]
    return json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, default=str)
