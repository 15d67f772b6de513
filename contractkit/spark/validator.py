"""Every check of a contract in one pass over the data.

All row-level metrics (row count, each expectation's failures, the freshness column's
maximum) and every dataset check (an aggregate itself) are aggregates of ONE
`df.agg(...)`: Spark evaluates each distinct expression once per row in a single scan.
Uniqueness needs distinct counts, which cost a second aggregation, run only when the
contract declares `unique` or a primary key; each composite key of `quality.unique` costs
one grouping aggregation (see contractkit.spark.dataset). Sample rows of
the expectations that failed their threshold cost at most one more job for all of them
(contractkit.spark.samples; the aggregation measures where they lie), so a passing contract
costs exactly the scan(s) above.

A row violates an expectation only when the expression is FALSE: the failure count is
`count_if(NOT (expr))`, and NOT NULL is NULL, which count_if does not count.

Bad data does not stop the pass: an expression that fails on a value (ANSI mode) is set
apart and reported as its expectation's error while the rest are counted exactly, and data
that cannot be read at all is one DataReadError (see contractkit.spark.aggregate).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from contractkit.contract_ref import ContractRef, as_contract
from contractkit.derived import all_expectations
from contractkit.errors import (
    ContractKitError,
    ContractViolationError,
    ContractWarning,
    DataReadError,
)
from contractkit.model import Contract, DatasetCheck, Expectation
from contractkit.spark import dataset, unparsed
from contractkit.spark.aggregate import aggregate, guarded, named
from contractkit.spark.freshness import Clock
from contractkit.spark.reasons import read_reason
from contractkit.spark.samples import Positioned, Wanted, positioned, take
from contractkit.spark.schema import from_spark_type
from contractkit.sqlnames import referenced_columns
from contractkit.sqltext import column_reference, expression_key
from contractkit.types import StructType
from contractkit.validation import (
    ConsumerResult,
    ExpectationResult,
    ReferenceResult,
    SchemaIssue,
    UniquenessResult,
    ValidationReport,
    compare_schema,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pyspark.sql import Column, DataFrame, SparkSession
    from pyspark.sql.types import StructType as SparkStructType

    from contractkit.spark.references import References

VIOLATIONS_COLUMN = "_contract_violations"
DEFAULT_SAMPLES = 5
LATEST = "latest"  # the freshness column's maximum, in the aggregation
FIRST_PARTITION = "first_partition_rows"  # for the samples' query


@dataclass(frozen=True)
class _Planned:
    expectation: Expectation
    derived: bool
    slot: int | None  # index of its failure count in the aggregation; None: not runnable
    error: str | None = None
    consumer: str | None = None  # the consumer that declared it, if not the contract


def validate(
    data: DataFrame | str,
    contract: ContractRef,
    *,
    now: dt.datetime | None = None,
    spark: SparkSession | None = None,
    samples: int = DEFAULT_SAMPLES,
    references: References | Mapping[str, DataFrame | str] | None = None,
) -> ValidationReport:
    """Check `data` (a DataFrame or a table name) against every promise of `contract` (a
    Contract, a contract file's path, or a module `contractkit generate` wrote).

    An expression that fails on this data becomes that expectation's `error`, and every
    other check still counts exactly; data that cannot be read at all raises DataReadError.
    Fields' `references` are checked only when `references` says where the referenced
    contracts' data is: a mapping of contract name -> DataFrame or table name, or a
    `contractkit.spark.references.References` (contracts located as `check` locates them).
    """
    from pyspark.sql import functions as F

    contract = as_contract(contract)
    df, source = _dataframe(data, spark)
    schema = guarded(source, (), lambda: df.schema)
    declared_columns = {f.name.casefold() for f in contract.fields}
    kept_aside = unparsed.unparsed_column(schema, declared_columns, spark or df.sparkSession)
    schema = unparsed.without(schema, kept_aside)
    actual = from_spark_type(schema)
    assert isinstance(actual, StructType)
    # The schema is compared before any row is read, so a type mismatch is reported even
    # when the rows cannot be scanned (DataReadError carries these issues too).
    schema_issues = tuple(compare_schema(contract.struct_type(), actual))
    present = {f.name.casefold() for f in schema.fields}
    declared = {e.name for e in contract.expectations}
    wanted: list[tuple[str | None, Expectation]] = [(None, e) for e in all_expectations(contract)]
    wanted += [(c.pipeline, e) for c in contract.consumers for e in c.expectations]
    plans, expressions = _plan(wanted, declared, present)
    freshness_column = _freshness_column(contract, present)
    checks: list[tuple[str | None, DatasetCheck]] = [(None, d) for d in contract.quality.dataset]
    checks += [(c.pipeline, d) for c in contract.consumers for d in c.dataset]
    check_plans, check_measures, check_sql = dataset.plan(checks, present)

    measures = {f"f{slot}": _failures(text) for slot, text in enumerate(expressions)}
    if freshness_column is not None:
        moment = F.col(freshness_column).cast("timestamp")
        measures[LATEST] = F.max(F.unix_micros(moment))
    sql = {f"f{slot}": text for slot, text in enumerate(expressions)}
    measures.update(check_measures)
    if kept_aside is not None:
        measures.update(unparsed.measures(kept_aside, schema))
    sql.update(check_sql)
    frame, placed = df, positioned(df, expressions) if samples > 0 else None
    if placed is not None:  # where failing rows lie, for the samples; same SQL, same fate
        frame = placed.frame
        for slot, text in enumerate(expressions):
            if text in placed.flags:
                measures[f"f{slot}"] = placed.failures(text)
                measures[f"s{slot}"], sql[f"s{slot}"] = placed.measure(text), text
        measures[FIRST_PARTITION] = placed.first_partition_rows()
    outcome = aggregate(frame, measures, source=source, schema_issues=schema_issues, sql=sql)
    row_count = outcome.rows
    if kept_aside is not None and outcome.values.get("unparsed"):
        count, example = int(outcome.values["unparsed"]), unparsed.example(df, kept_aside, schema)
        schema_issues += (unparsed.issue(count, row_count, example),)
    results = [
        ExpectationResult(
            name=p.expectation.name,
            expression=p.expectation.expression,
            threshold=p.expectation.threshold,
            action=p.expectation.action,
            row_count=row_count,
            failed=int(outcome.values.get(f"f{p.slot}") or 0) if p.slot is not None else 0,
            error=p.error if p.slot is None else outcome.errors.get(f"f{p.slot}"),
            derived=p.derived,
            warn_threshold=p.expectation.warn_threshold,
        )
        for p in plans
    ]
    checked = [dataset.result(p, outcome.values, outcome.errors) for p in check_plans]
    if placed is not None:
        results = _with_samples(
            placed, schema, plans, expressions, results, outcome.values, samples
        )
    clock = Clock(
        df,
        data,
        contract,
        freshness_column,
        outcome.values.get(LATEST),
        now,
        error=outcome.errors.get(LATEST),
    )
    sla = contract.sla
    consumers = tuple(
        ConsumerResult(
            pipeline=consumer.pipeline,
            expectations=tuple(
                r for p, r in zip(plans, results, strict=True) if p.consumer == consumer.pipeline
            ),
            freshness=clock.result(consumer.freshness) if consumer.freshness else None,
            dataset=tuple(
                r
                for p, r in zip(check_plans, checked, strict=True)
                if p.consumer == consumer.pipeline
            ),
        )
        for consumer in contract.consumers
        if consumer.expectations or consumer.freshness or consumer.dataset
    )
    keys = dataset.unique_keys(
        df,
        contract.quality.unique,
        lambda name: _parts(contract, name),
        present,
        row_count,
        lambda exc: DataReadError(named(source), read_reason(exc), schema_issues),
    )
    return ValidationReport(
        contract=contract.name,
        version=contract.version,
        row_count=row_count,
        schema_issues=schema_issues,
        expectations=tuple(r for p, r in zip(plans, results, strict=True) if p.consumer is None),
        freshness=(
            clock.result(sla.freshness, sla.freshness_warn) if sla and sla.freshness else None
        ),
        uniqueness=tuple(_uniqueness(df, contract, present, source, schema_issues)),
        consumers=consumers,
        consumer_pipelines=tuple(c.pipeline for c in contract.consumers),
        dataset=tuple(r for p, r in zip(check_plans, checked, strict=True) if p.consumer is None),
        unique=tuple(keys),
        references=_references(df, contract, references, spark, samples),
    )


def _references(
    df: DataFrame,
    contract: Contract,
    references: References | Mapping[str, DataFrame | str] | None,
    spark: SparkSession | None,
    samples: int,
) -> tuple[ReferenceResult, ...]:
    if references is None:
        return ()
    from contractkit.spark.references import as_references, check_references

    return check_references(
        df, contract, as_references(references), spark=spark or df.sparkSession, samples=samples
    )


def enforce(
    data: DataFrame | str,
    contract: ContractRef,
    *,
    now: dt.datetime | None = None,
    spark: SparkSession | None = None,
    references: References | Mapping[str, DataFrame | str] | None = None,
) -> ValidationReport:
    """Validate and raise ContractViolationError listing every fail-level violation; else
    the report, after one ContractWarning listing the warn-level misses, if any."""
    report = validate(data, contract, now=now, spark=spark, references=references)
    if not report.ok:
        raise ContractViolationError(report)
    found = report.warnings()
    if found:
        import warnings

        lines = [f"{report.contract} {report.version}: {len(found)} warning(s)"]
        warnings.warn(
            ContractWarning("\n".join([*lines, *(f"  - {w}" for w in found)])), stacklevel=2
        )
    return report


def split(
    df: DataFrame,
    contract: ContractRef,
    *,
    run_id: str | None = None,
    batch_id: int | None = None,
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

    from contractkit.spark.quarantine import QUARANTINE_COLUMNS, fail_on_violation, tag

    contract = as_contract(contract)
    clashing = sorted(set(QUARANTINE_COLUMNS) & {c.casefold() for c in df.columns})
    if clashing:
        raise ContractKitError(
            f"the data already has column(s) {', '.join(clashing)}, which split adds to "
            "quarantined rows; rename yours first (df.withColumnRenamed(...)): split never "
            "overwrites or drops a column of the data"
        )
    expectations = all_expectations(contract)
    _require_columns(df, contract, [e for e in expectations if e.action in ("drop", "fail")])
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


def _require_columns(df: DataFrame, contract: Contract, needed: Sequence[Expectation]) -> None:
    """split cannot sort rows by an expectation whose columns are missing: say which."""
    present = {c.casefold() for c in df.columns}
    missing: dict[str, list[str]] = {}
    for expectation in needed:
        read = referenced_columns(expectation.expression)
        for column in sorted(c for c in read if c.casefold() not in present):
            missing.setdefault(column, []).append(expectation.name)
    if not missing:
        return
    issues = tuple(
        SchemaIssue("missing_column", column, f"column {column!r} is missing") for column in missing
    )
    lines = [
        f"schema: column {column!r} is missing, needed by {', '.join(names)}"
        for column, names in missing.items()
    ]
    report = ValidationReport(contract.name, contract.version, 0, schema_issues=issues)
    raise ContractViolationError(report, lines)


def _raise_on_fail(df: DataFrame, contract: Contract, failing: Sequence[Expectation]) -> None:
    sql = {f"f{i}": e.expression for i, e in enumerate(failing)}
    measures = {name: _failures(text) for name, text in sql.items()}
    outcome = aggregate(df, measures, source=lambda: _files_of(df), sql=sql)
    broken = [
        ExpectationResult(
            e.name,
            e.expression,
            Decimal(1),
            e.action,
            outcome.rows,
            int(outcome.values.get(f"f{i}") or 0),
            error=outcome.errors.get(f"f{i}"),
        )
        for i, e in enumerate(failing)
    ]
    broken = [r for r in broken if r.error is not None or r.failed]
    if broken:
        report = ValidationReport(
            contract.name, contract.version, outcome.rows, expectations=tuple(broken)
        )
        raise ContractViolationError(report)


# -- planning and running -----------------------------------------------------------------


def _dataframe(
    data: DataFrame | str, spark: SparkSession | None
) -> tuple[DataFrame, str | Callable[[], str]]:
    """The DataFrame and how to name it in a read error: the table, or the files' folder."""
    if isinstance(data, str):
        from contractkit.spark.sessions import active_or_new

        source = f"table {data}"
        session = spark or active_or_new()
        return guarded(source, (), lambda: session.table(data)), source
    return data, lambda: _files_of(data)


def _files_of(df: DataFrame) -> str:
    import os
    from urllib.parse import urlparse

    try:
        files = [urlparse(f).path or f for f in df.inputFiles()]
    except Exception:  # only a name for messages; any failure shows later
        files = []
    if not files:
        return "the DataFrame"
    if len(files) == 1:
        return files[0]
    return f"{os.path.commonpath(files)} ({len(files)} files)"


def _failures(expression: str) -> Column:
    """Rows where `expression` is FALSE (NULL is not a violation)."""
    from pyspark.sql import functions as F

    return F.count_if(~F.expr(expression))


def _plan(
    expectations: Sequence[tuple[str | None, Expectation]], declared: set[str], present: set[str]
) -> tuple[list[_Planned], list[str]]:
    """Give each runnable expectation a slot; expressions spelled alike share one, which
    runs the first one's text as written (a spelling key is for comparing, not for Spark:
    it would join a `--` comment's line to the rest)."""
    slots: dict[str, int] = {}
    texts: list[str] = []
    plans = []
    for consumer, expectation in expectations:
        derived = consumer is None and expectation.name not in declared
        missing = sorted(
            c for c in referenced_columns(expectation.expression) if c.casefold() not in present
        )
        if missing:
            error = f"column(s) {', '.join(missing)} not found in the data"
            plans.append(_Planned(expectation, derived, None, error, consumer))
            continue
        key = expression_key(expectation.expression, fold_case=False)
        if key not in slots:
            slots[key] = len(texts)
            texts.append(expectation.expression)
        plans.append(_Planned(expectation, derived, slots[key], None, consumer))
    return plans, texts


def _sampled(result: ExpectationResult) -> bool:
    return not result.ok and result.error is None and result.failed > 0


def _freshness_column(contract: Contract, present: set[str]) -> str | None:
    """The column to take the maximum of, quoted for Spark, if any freshness (the SLA's or a
    consumer's) needs it and the data has it."""
    sla = contract.sla
    needed = (sla is not None and sla.freshness is not None) or any(
        c.freshness for c in contract.consumers
    )
    if sla is None or sla.freshness_column is None or not needed:
        return None
    parts = _parts(contract, sla.freshness_column)
    return column_reference(parts) if parts[0].casefold() in present else None


def _parts(contract: Contract, name: str) -> tuple[str, ...]:
    """A contract's column reference as its path: a top-level field whose own name has a
    dot (`a.b`) is one part, `address.city` with an `address` struct is two."""
    if any(f.name.casefold() == name.casefold() for f in contract.fields):
        return (name,)
    return tuple(name.split("."))


def _with_samples(
    placed: Positioned,
    schema: SparkStructType,
    plans: Sequence[_Planned],
    expressions: Sequence[str],
    results: list[ExpectationResult],
    values: Mapping[str, Any],
    limit: int,
) -> list[ExpectationResult]:
    """Each failed expectation's samples, taken by the expression its slot counted (the
    spelling the aggregation's flag columns are keyed by)."""
    from dataclasses import replace

    slots = {p.expectation.expression: p.slot for p in plans if p.slot is not None}
    counted = {r.expression: expressions[slots[r.expression]] for r in results if _sampled(r)}
    wanted = {
        text: Wanted(text, r.failed, values.get(f"s{slots[r.expression]}"))
        for r in results
        if (text := counted.get(r.expression)) is not None
    }
    if not wanted:
        return results
    rows = values.get(FIRST_PARTITION)
    picked = take(placed, schema, list(wanted.values()), limit, rows)
    return [
        replace(r, samples=tuple(picked.get(counted[r.expression], ())))
        if r.expression in counted
        else r
        for r in results
    ]


def _uniqueness(
    df: DataFrame,
    contract: Contract,
    present: set[str],
    source: str | Callable[[], str],
    schema_issues: Sequence[SchemaIssue],
) -> list[UniquenessResult]:
    """Duplicates of unique columns and of the primary key, in one more aggregation."""
    from pyspark.sql import functions as F

    keys: list[tuple[str, tuple[str, ...]]] = [
        ("unique", (f.name,)) for f in contract.fields if f.unique and f.name.casefold() in present
    ]
    primary = contract.schema_.primary_key
    if primary and all(_parts(contract, c)[0].casefold() in present for c in primary):
        keys.append(("primary_key", tuple(primary)))
    if not keys:
        return []
    aggregates = []
    for i, (_, names) in enumerate(keys):
        columns = [F.col(column_reference(_parts(contract, name))) for name in names]
        complete = F.count_if(_all_not_null(columns))
        aggregates.append((complete - F.count_distinct(*columns)).alias(f"d{i}"))
        aggregates.append(F.count_if(~_all_not_null(columns)).alias(f"n{i}"))
    row = guarded(source, schema_issues, lambda: df.agg(*aggregates).first())
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


def _all_not_null(columns: Sequence[Column]) -> Column:
    from functools import reduce

    return reduce(lambda a, b: a & b, [c.isNotNull() for c in columns])
