"""Every check of a contract in one pass over the data.

All row-level metrics (row count, each expectation's failures, the freshness column's
maximum) are aggregates of ONE `df.agg(...)`: Spark evaluates each distinct expression once
per row in a single scan. Uniqueness needs distinct counts, which cost a second
aggregation, run only when the contract declares `unique` or a primary key. Sample rows of
a failed expectation come from a bounded `filter(...).limit(n)` run only for expectations
that failed their threshold, so a passing contract costs exactly the scan(s) above.

A row violates an expectation only when the expression is FALSE: the failure count is
`count_if(NOT (expr))`, and NOT NULL is NULL, which count_if does not count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from contractkit.derived import all_expectations
from contractkit.errors import ContractViolationError
from contractkit.model import Contract, Expectation
from contractkit.spark.freshness import Clock
from contractkit.spark.schema import from_spark_type
from contractkit.sqlnames import referenced_columns
from contractkit.types import StructType
from contractkit.validation import (
    ConsumerResult,
    ExpectationResult,
    UniquenessResult,
    ValidationReport,
    compare_schema,
)

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

VIOLATIONS_COLUMN = "_contract_violations"
DEFAULT_SAMPLES = 5


@dataclass(frozen=True)
class _Planned:
    expectation: Expectation
    derived: bool
    slot: int | None  # index of its failure count in the aggregation; None: not runnable
    error: str | None = None
    consumer: str | None = None  # the consumer that declared it, if not the contract


def validate(
    data: DataFrame | str,
    contract: Contract,
    *,
    now: dt.datetime | None = None,
    spark: SparkSession | None = None,
    samples: int = DEFAULT_SAMPLES,
) -> ValidationReport:
    """Check `data` (a DataFrame or a table name) against every promise of `contract`."""
    from pyspark.sql import functions as F

    df = _dataframe(data, spark)
    actual = from_spark_type(df.schema)
    assert isinstance(actual, StructType)
    schema_issues = compare_schema(contract.struct_type(), actual)
    present = {f.name.casefold() for f in df.schema.fields}
    declared = {e.name for e in contract.expectations}
    wanted: list[tuple[str | None, Expectation]] = [(None, e) for e in all_expectations(contract)]
    wanted += [(c.pipeline, e) for c in contract.consumers for e in c.expectations]
    plans, expressions = _plan(wanted, declared, present)
    freshness_column = _freshness_column(contract, present)

    def aggregates(skip: set[int]) -> list[Column]:
        columns = [F.count(F.lit(1)).alias("rows")]
        columns += [
            F.count_if(~F.expr(text)).alias(f"f{slot}")
            for slot, text in enumerate(expressions)
            if slot not in skip
        ]
        if freshness_column is not None:
            latest = F.max(F.unix_micros(F.col(freshness_column).cast("timestamp")))
            columns.append(latest.alias("latest"))
        return columns

    row, plans = _aggregate(df, aggregates, plans, expressions)
    row_count = int(row["rows"])
    results = [
        ExpectationResult(
            name=p.expectation.name,
            expression=p.expectation.expression,
            threshold=p.expectation.threshold,
            action=p.expectation.action,
            row_count=row_count,
            failed=int(row[f"f{p.slot}"]) if p.slot is not None else 0,
            error=p.error,
            derived=p.derived,
        )
        for p in plans
    ]
    if samples > 0:
        results = [_with_samples(df, r, samples) if _sampled(r) else r for r in results]
    latest_micros = row["latest"] if freshness_column is not None else None
    clock = Clock(df, data, contract, freshness_column, latest_micros, now)
    sla = contract.sla
    consumers = tuple(
        ConsumerResult(
            pipeline=consumer.pipeline,
            expectations=tuple(
                r for p, r in zip(plans, results, strict=True) if p.consumer == consumer.pipeline
            ),
            freshness=clock.result(consumer.freshness) if consumer.freshness else None,
        )
        for consumer in contract.consumers
        if consumer.expectations or consumer.freshness
    )
    return ValidationReport(
        contract=contract.name,
        version=contract.version,
        row_count=row_count,
        schema_issues=tuple(schema_issues),
        expectations=tuple(r for p, r in zip(plans, results, strict=True) if p.consumer is None),
        freshness=clock.result(sla.freshness) if sla and sla.freshness else None,
        uniqueness=tuple(_uniqueness(df, contract, present)),
        consumers=consumers,
    )


def enforce(
    data: DataFrame | str,
    contract: Contract,
    *,
    now: dt.datetime | None = None,
    spark: SparkSession | None = None,
) -> ValidationReport:
    """Validate and raise ContractViolationError listing every violation; else the report."""
    report = validate(data, contract, now=now, spark=spark)
    if not report.ok:
        raise ContractViolationError(report)
    return report


def split(
    df: DataFrame, contract: Contract, *, run_id: str | None = None, batch_id: int | None = None
) -> tuple[DataFrame, DataFrame]:
    """Apply the DLT actions: (valid rows, quarantined rows).

    Rows violating a `drop` expectation go to quarantine with `_contract_violations`
    naming the expectations they failed; a violated `fail` expectation raises
    ContractViolationError (one aggregation, only when the contract has any); `warn`
    expectations keep their rows. Every input row lands in exactly one of the two frames,
    provided the expressions are deterministic (both frames are computed from the data).
    The quarantine frame carries the metadata columns of contractkit.spark.quarantine; on a
    stream, a violated `fail` expectation stops the query at the offending row.
    """
    from pyspark.sql import functions as F

    from contractkit.spark.quarantine import fail_on_violation, tag

    expectations = all_expectations(contract)
    failing = [e for e in expectations if e.action == "fail"]
    if failing and df.isStreaming:
        df = fail_on_violation(df, contract, failing)
    elif failing:
        _raise_on_fail(df, contract, failing)
    drops = [e for e in expectations if e.action == "drop"]
    if not drops:
        tagged = df.withColumn(VIOLATIONS_COLUMN, F.array().cast("array<string>"))
        return df, tag(tagged.filter(F.lit(False)), contract, run_id, batch_id)
    names = F.array(*[F.when(~F.expr(e.expression), F.lit(e.name)) for e in drops])
    tagged = df.withColumn(VIOLATIONS_COLUMN, F.filter(names, lambda name: name.isNotNull()))
    valid = tagged.filter(F.size(VIOLATIONS_COLUMN) == 0).drop(VIOLATIONS_COLUMN)
    quarantine = tagged.filter(F.size(VIOLATIONS_COLUMN) > 0)
    return valid, tag(quarantine, contract, run_id, batch_id)


def _raise_on_fail(df: DataFrame, contract: Contract, failing: Sequence[Expectation]) -> None:
    from pyspark.sql import functions as F

    row = df.agg(
        F.count(F.lit(1)).alias("rows"),
        *[F.count_if(~F.expr(e.expression)).alias(f"f{i}") for i, e in enumerate(failing)],
    ).first()
    assert row is not None
    rows = int(row["rows"])
    broken = [
        ExpectationResult(e.name, e.expression, Decimal(1), e.action, rows, int(row[f"f{i}"]))
        for i, e in enumerate(failing)
        if row[f"f{i}"]
    ]
    if broken:
        report = ValidationReport(contract.name, contract.version, rows, expectations=tuple(broken))
        raise ContractViolationError(report)


# -- planning and running -----------------------------------------------------------------


def _dataframe(data: DataFrame | str, spark: SparkSession | None) -> DataFrame:
    if not isinstance(data, str):
        return data
    from contractkit.spark.sessions import active_or_new

    return (spark or active_or_new()).table(data)


def _plan(
    expectations: Sequence[tuple[str | None, Expectation]], declared: set[str], present: set[str]
) -> tuple[list[_Planned], list[str]]:
    """Give each runnable expectation a slot; identical expressions share one."""
    slots: dict[str, int] = {}
    plans = []
    for consumer, expectation in expectations:
        derived = consumer is None and expectation.name not in declared
        missing = sorted(c for c in referenced_columns(expectation.expression) if c not in present)
        if missing:
            error = f"column(s) {', '.join(missing)} not found in the data"
            plans.append(_Planned(expectation, derived, None, error, consumer))
            continue
        key = " ".join(expectation.expression.split())
        slot = slots.setdefault(key, len(slots))
        plans.append(_Planned(expectation, derived, slot, None, consumer))
    return plans, list(slots)


def _aggregate(
    df: DataFrame,
    aggregates: Callable[[set[int]], list[Column]],
    plans: list[_Planned],
    expressions: list[str],
) -> tuple[Any, list[_Planned]]:
    """Run the one aggregation; if Spark cannot analyse it, find and set aside the culprits.

    Lint has parsed every expression already, but only Spark knows its functions and
    types; an expression Spark rejects becomes that expectation's error, not a crash.
    """
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F

    try:
        return df.agg(*aggregates(set())).first(), plans
    except PySparkException as failure:
        bad: dict[int, str] = {}
        for slot, text in enumerate(expressions):
            try:
                _ = df.select(F.expr(text)).schema  # analysis only, no job
            except PySparkException as exc:
                bad[slot] = _first_line(str(exc))
        if not bad:
            raise failure from None
    row = df.agg(*aggregates(set(bad))).first()
    fixed = [
        _Planned(p.expectation, p.derived, None, bad[p.slot], p.consumer)
        if p.slot is not None and p.slot in bad
        else p
        for p in plans
    ]
    return row, fixed


def _sampled(result: ExpectationResult) -> bool:
    return not result.ok and result.error is None and result.failed > 0


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "Spark could not analyse it"


def _freshness_column(contract: Contract, present: set[str]) -> str | None:
    """The column to take the maximum of, if any freshness (the SLA's or a consumer's) needs it."""
    sla = contract.sla
    needed = (sla is not None and sla.freshness is not None) or any(
        c.freshness for c in contract.consumers
    )
    if sla is None or sla.freshness_column is None or not needed:
        return None
    top = sla.freshness_column.split(".")[0].casefold()
    return sla.freshness_column if top in present else None


def _with_samples(df: DataFrame, result: ExpectationResult, limit: int) -> ExpectationResult:
    from dataclasses import replace

    from pyspark.sql import functions as F

    rows = df.filter(~F.expr(result.expression)).limit(limit).collect()
    return replace(result, samples=tuple(row.asDict(recursive=True) for row in rows))


def _uniqueness(df: DataFrame, contract: Contract, present: set[str]) -> list[UniquenessResult]:
    """Duplicates of unique columns and of the primary key, in one more aggregation."""
    from pyspark.sql import functions as F

    keys: list[tuple[str, tuple[str, ...]]] = [
        ("unique", (f.name,)) for f in contract.fields if f.unique and f.name.casefold() in present
    ]
    primary = contract.schema_.primary_key
    if primary and all(c.casefold() in present for c in primary):
        keys.append(("primary_key", tuple(primary)))
    if not keys:
        return []
    aggregates = []
    for i, (_, columns) in enumerate(keys):
        complete = F.count_if(_all_not_null(columns))
        aggregates.append((complete - F.count_distinct(*map(F.col, columns))).alias(f"d{i}"))
        aggregates.append(F.count_if(~_all_not_null(columns)).alias(f"n{i}"))
    row = df.agg(*aggregates).first()
    assert row is not None
    return [
        UniquenessResult(
            columns=columns,
            kind=kind,
            duplicates=int(row[f"d{i}"]),
            null_keys=int(row[f"n{i}"]) if kind == "primary_key" else 0,
        )
        for i, (kind, columns) in enumerate(keys)
    ]


def _all_not_null(columns: Sequence[str]) -> Column:
    from functools import reduce

    from pyspark.sql import functions as F

    return reduce(lambda a, b: a & b, [F.col(c).isNotNull() for c in columns])
