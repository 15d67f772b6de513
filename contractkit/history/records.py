"""One row per check per run: the layout every writer and reader of the history shares.

Rows come from the report the validation already computed (no second pass over the data).
A run is one `check` command, one pytest session or one DLT update; `run_id` groups its rows.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import Any

from contractkit.validation import (
    DatasetResult,
    ExpectationResult,
    FreshnessResult,
    Leveled,
    ValidationReport,
)

# kind: what produced the row. `severity` is the expectation's or dataset check's action
# (warn, drop, fail) and `error` for the checks that have no action.
KINDS = (
    "schema",
    "expectation",
    "constraint",
    "uniqueness",
    "unique_key",
    "dataset",
    "reference",
    "freshness",
    "consumer_expectation",
    "consumer_dataset",
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
    ok: bool  # False only at the fail level: a warning is ok, as in the report
    severity: str
    freshness_age_s: float | None
    duration_s: float | None  # the whole validation of this contract in this run
    source: str  # check | pytest | dlt
    # The columns below came with warn levels and dataset-level checks; files written
    # before them lack them, and reading fills them in (`level` from `ok`, the rest NULL).
    level: str = ""  # ok | warn | fail; left out (or NULL in an older file): from `ok`
    warn_threshold: float | None = None  # the warn level, in `threshold`'s unit
    value: float | None = None  # a dataset check's measured value, when it is a number
    value_text: str | None = None  # the same value exactly, as text (any type)
    target: str | None = None  # a reference's target, `contract.field`
    error: str | None = None  # why the check could not be evaluated

    def __post_init__(self) -> None:
        # `ok` decides between fail and the rest, so a row is never ok and failing at once.
        level = "fail" if not self.ok else self.level if self.level in ("ok", "warn") else "ok"
        object.__setattr__(self, "level", level)

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row["time"] = self.time.isoformat()
        return row


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ResultRecord))
# The columns every history file has had since the first; the rest may be missing.
REQUIRED_COLUMNS: tuple[str, ...] = COLUMNS[: COLUMNS.index("level")]


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

    def row(check: str, kind: str, result: Leveled | None, **values: Any) -> ResultRecord:
        base: dict[str, Any] = {
            "consumer": None,
            "row_count": report.row_count,
            "failed": None,
            "pass_rate": None,
            "threshold": None,
            "severity": "error",
            "freshness_age_s": None,
            "ok": result.ok if result is not None else report.schema_ok,
            "level": result.level.value if result is not None else "",
            "error": getattr(result, "error", None),
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
            duration_s=duration_s,
            source=source,
            **base,
        )

    def named(name: str, consumer: str | None) -> str:
        return f"{consumer}:{name}" if consumer else name

    def expectation(e: ExpectationResult, kind: str, consumer: str | None) -> ResultRecord:
        evaluated = e.error is None
        return row(
            named(e.name, consumer),
            kind,
            e,
            consumer=consumer,
            row_count=e.row_count,
            failed=e.failed if evaluated else None,
            pass_rate=e.pass_rate if evaluated else None,
            threshold=float(e.threshold),
            warn_threshold=_float(e.warn_threshold),
            severity=e.action,
        )

    def dataset(d: DatasetResult, kind: str, consumer: str | None) -> ResultRecord:
        value = d.value if d.error is None else None
        return row(
            named(d.name, consumer),
            kind,
            d,
            consumer=consumer,
            severity=d.action,
            value=_number(value),
            value_text=_text(value),
        )

    def freshness(f: FreshnessResult, kind: str, consumer: str | None) -> ResultRecord:
        age = f.age
        return row(
            named("freshness", consumer),
            kind,
            f,
            consumer=consumer,
            freshness_age_s=None if age is None else age.total_seconds(),
            threshold=float(f.limit.seconds),  # for freshness: the limit in seconds
            warn_threshold=None if f.warn_limit is None else float(f.warn_limit.seconds),
        )

    errors = sum(1 for i in report.schema_issues if i.level.value == "error")
    rows = [row("schema", "schema", None, failed=errors)]
    for e in report.expectations:
        rows.append(expectation(e, "constraint" if e.derived else "expectation", None))
    rows += [dataset(d, "dataset", None) for d in report.dataset]
    for k in report.unique:
        evaluated = k.error is None
        rows.append(
            row(
                k.label,
                "unique_key",
                k,
                row_count=k.rows,
                failed=k.duplicates if evaluated else None,
                pass_rate=k.unique_rate if evaluated else None,
                threshold=float(k.threshold),
                warn_threshold=_float(k.warn_threshold),
            )
        )
    for u in report.uniqueness:
        name = f"{u.kind}({', '.join(u.columns)})"
        failed = u.duplicates + u.null_keys
        rows.append(
            row(
                name,
                "uniqueness",
                u,
                failed=failed,
                pass_rate=_rate(report.row_count, failed),
                threshold=1.0,
            )
        )
    for r in report.references:
        evaluated = r.error is None
        rows.append(
            row(
                reference_check(r.field),
                "reference",
                r,
                failed=r.orphans if evaluated else None,
                pass_rate=_rate(report.row_count, r.orphans) if evaluated else None,
                threshold=1.0,
                target=r.target,
            )
        )
    if report.freshness is not None:
        rows.append(freshness(report.freshness, "freshness", None))
    for consumer in report.consumers:
        for e in consumer.expectations:
            rows.append(expectation(e, "consumer_expectation", consumer.pipeline))
        for d in consumer.dataset:
            rows.append(dataset(d, "consumer_dataset", consumer.pipeline))
        if consumer.freshness is not None:
            rows.append(freshness(consumer.freshness, "consumer_freshness", consumer.pipeline))
    return rows


def reference_check(field: str) -> str:
    """The `check` of a reference's row: `references(customer_id)`, as keys are named."""
    return f"references({field})"


def _rate(row_count: int, failed: int) -> float:
    return 1.0 if row_count == 0 else max(0.0, (row_count - failed) / row_count)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _number(value: Any) -> float | None:
    """A measured value as a number for charts: None for NULL, booleans and non-numbers
    (a date, a string), and for NaN and infinities, which no chart can place."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    """A measured value exactly as text: `1234.50` for a decimal, `true`, an ISO date."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
