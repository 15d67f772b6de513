"""One row per check per run: the layout every writer and reader of the history shares.

Rows come from the report the validation already computed (no second pass over the data).
A run is one `check` command, one pytest session or one DLT update; `run_id` groups its rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, fields
from typing import Any

from contractkit.validation import ExpectationResult, FreshnessResult, ValidationReport

# kind: what produced the row. `severity` is the expectation's action (warn, drop, fail)
# for expectations and `error` for the dataset-level checks, which have no action.
KINDS = (
    "schema",
    "expectation",
    "constraint",
    "uniqueness",
    "freshness",
    "consumer_expectation",
    "consumer_freshness",
)


@dataclass(frozen=True)
class ResultRecord:
    run_id: str
    time: dt.datetime  # when the run finished, UTC
    contract: str
    version: str
    server: str | None
    check: str
    kind: str
    consumer: str | None  # the consumer that declared the check (consumer_* kinds only)
    row_count: int | None
    failed: int | None
    pass_rate: float | None
    threshold: float | None
    ok: bool
    severity: str
    freshness_age_s: float | None
    duration_s: float | None  # the whole validation of this contract in this run
    source: str  # check | pytest | dlt

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row["time"] = self.time.isoformat()
        return row


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ResultRecord))


def new_run_id() -> str:
    return uuid.uuid4().hex[:16]


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def records_from_report(
    report: ValidationReport,
    *,
    run_id: str,
    time: dt.datetime,
    server: str | None,
    duration_s: float | None,
    source: str,
) -> list[ResultRecord]:
    """Every check of one contract's report, in the report's order."""

    def row(check: str, kind: str, ok: bool, **values: Any) -> ResultRecord:
        base: dict[str, Any] = {
            "consumer": None,
            "row_count": report.row_count,
            "failed": None,
            "pass_rate": None,
            "threshold": None,
            "severity": "error",
            "freshness_age_s": None,
        }
        base.update(values)
        return ResultRecord(
            run_id=run_id,
            time=time,
            contract=report.contract,
            version=report.version,
            server=server,
            check=check,
            kind=kind,
            ok=ok,
            duration_s=duration_s,
            source=source,
            **base,
        )

    def expectation(e: ExpectationResult, kind: str, consumer: str | None) -> ResultRecord:
        check = f"{consumer}:{e.name}" if consumer else e.name
        return row(
            check,
            kind,
            e.ok,
            consumer=consumer,
            row_count=e.row_count,
            failed=None if e.error is not None else e.failed,
            pass_rate=None if e.error is not None else e.pass_rate,
            threshold=float(e.threshold),
            severity=e.action,
        )

    def freshness(f: FreshnessResult, kind: str, consumer: str | None) -> ResultRecord:
        age = f.age
        check = f"{consumer}:freshness" if consumer else "freshness"
        return row(
            check,
            kind,
            f.ok,
            consumer=consumer,
            freshness_age_s=None if age is None else age.total_seconds(),
            threshold=float(f.limit.seconds),  # for freshness: the limit in seconds
        )

    errors = sum(1 for i in report.schema_issues if i.level.value == "error")
    rows = [row("schema", "schema", report.schema_ok, failed=errors)]
    for e in report.expectations:
        rows.append(expectation(e, "constraint" if e.derived else "expectation", None))
    for u in report.uniqueness:
        name = f"{u.kind}({', '.join(u.columns)})"
        failed = u.duplicates + u.null_keys
        rows.append(
            row(
                name,
                "uniqueness",
                u.ok,
                failed=failed,
                pass_rate=_rate(report.row_count, failed),
                threshold=1.0,
            )
        )
    if report.freshness is not None:
        rows.append(freshness(report.freshness, "freshness", None))
    for consumer in report.consumers:
        for e in consumer.expectations:
            rows.append(expectation(e, "consumer_expectation", consumer.pipeline))
        if consumer.freshness is not None:
            rows.append(freshness(consumer.freshness, "consumer_freshness", consumer.pipeline))
    return rows


def _rate(row_count: int, failed: int) -> float:
    return 1.0 if row_count == 0 else max(0.0, (row_count - failed) / row_count)
