"""silver_orders in plain PySpark, driven by the module `contractkit generate` wrote for it.

Nothing here is copied from the contract: the schema, the expectations and their actions
come from `examples/generated/silver_orders.py`, so a contract change reaches this pipeline
by regenerating that module (`contractkit generate contracts/ --out examples/generated`),
and CI (`--check`) fails while it is stale.

Run from the repository root (Java 17+):

    python -m examples.producer_pyspark.pipeline                 # built-in sample rows
    python -m examples.producer_pyspark.pipeline --bronze PATH   # bronze_orders JSON files
    python -m examples.producer_pyspark.pipeline --out /tmp/silver_orders

Expectations keep Databricks DLT's semantics: a row violates one only when its expression is
FALSE (NULL passes); `EXPECT_OR_FAIL` stops the run on the first violation, `EXPECT_OR_DROP`
drops violating rows, `EXPECT` keeps them and reports how many there were.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

from examples.generated import bronze_orders, silver_orders


class ExpectationFailed(Exception):
    """An EXPECT_OR_FAIL expectation was violated: the run stops, as a DLT update does."""


@dataclass(frozen=True)
class Outcome:
    data: DataFrame
    violations: dict[str, int]  # rows violating each expectation (before any was dropped)


def violated(expression: str) -> Column:
    """TRUE exactly when the row violates the expression: when it is FALSE, not NULL."""
    return ~F.coalesce(F.expr(expression), F.lit(True))


def passes_all(expressions: Mapping[str, str]) -> Column:
    return reduce(lambda a, b: a & b, [~violated(e) for e in expressions.values()], F.lit(True))


def transform(bronze: DataFrame) -> DataFrame:
    """bronze_orders -> silver_orders: sales only, exact types, statuses in upper case."""
    return bronze.where(F.col("order_type") == "SALES").select(
        "order_id",
        "customer_id",
        F.col("amount").cast("decimal(18,2)").alias("amount"),
        F.to_date("order_ts").alias("order_date"),
        F.upper(F.trim("status")).alias("status"),
    )


def conform(df: DataFrame, schema: StructType = silver_orders.SCHEMA) -> DataFrame:
    """The schema's columns in its order and types, with its column comments.

    Nullability is the expectations' business (`*_not_null`): Spark derives it from the
    query plan, and a table created from the contract's DDL enforces NOT NULL on write.
    """
    missing = [f.name for f in schema.fields if f.name not in df.columns]
    if missing:
        raise ValueError(f"the output lacks column(s) {missing} of {silver_orders.CONTRACT_NAME}")
    columns = [
        F.col(f.name).cast(f.dataType).alias(f.name, metadata=f.metadata) for f in schema.fields
    ]
    return df.select(*columns)


def apply_expectations(
    df: DataFrame,
    expect: Mapping[str, str] = silver_orders.EXPECT,
    expect_or_drop: Mapping[str, str] = silver_orders.EXPECT_OR_DROP,
    expect_or_fail: Mapping[str, str] = silver_orders.EXPECT_OR_FAIL,
) -> Outcome:
    """What `@dlt.expect_all`, `@dlt.expect_all_or_drop` and `@dlt.expect_all_or_fail` do,
    counted in one pass over the data."""
    every = {**expect, **expect_or_drop, **expect_or_fail}
    if not every:
        return Outcome(df, {})
    counts = df.agg(
        *[F.count_if(violated(sql)).alias(f"e{i}") for i, sql in enumerate(every.values())]
    ).first()
    assert counts is not None
    violations = {name: int(counts[f"e{i}"]) for i, name in enumerate(every)}
    failed = [name for name in expect_or_fail if violations[name]]
    if failed:
        raise ExpectationFailed(f"{silver_orders.CONTRACT_NAME}: {', '.join(failed)} violated")
    return Outcome(df.where(passes_all(expect_or_drop)) if expect_or_drop else df, violations)


def report(outcome: Outcome, rows: int) -> list[str]:
    """One line per expectation with violations, and whether its threshold still holds."""
    lines = []
    for name, count in outcome.violations.items():
        if count:
            share = 1 - count / rows if rows else 1.0
            verdict = "ok" if share >= silver_orders.THRESHOLDS[name] else "BELOW THRESHOLD"
            lines.append(f"{name}: {count} of {rows} rows violate it ({share:.2%} pass, {verdict})")
    return lines


def sample_bronze(spark: SparkSession) -> DataFrame:
    """A few bronze orders in bronze_orders' own generated schema."""
    at = dt.datetime(2025, 1, 15, 10, 0, tzinfo=dt.UTC)
    rows = [
        ("o-1", "c-1", "SALES", 120.5, "completed", at, at),
        ("o-2", "c-2", "SALES", 80.0, "pending", at, at),
        ("o-3", None, "SALES", 15.25, "pending", at, at),  # guest checkout: no customer
        ("o-4", "c-3", "SALES", 42.0, "SHIPPED", at, at),  # a status the contract lacks
        ("o-5", "c-1", "RETURN", 120.5, "completed", at, at),  # not a sale
    ]
    return spark.createDataFrame(rows, bronze_orders.SCHEMA)


def run(spark: SparkSession, bronze: DataFrame, out: str | None = None) -> Outcome:
    silver = conform(transform(bronze))
    outcome = apply_expectations(silver)
    for line in report(outcome, silver.count()):
        print(f"warning: {line}")
    if out is not None:
        outcome.data.write.mode("overwrite").parquet(out)
    return outcome


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bronze", help="bronze_orders JSON files (default: sample rows)")
    parser.add_argument("--out", help="write silver_orders here as Parquet")
    args = parser.parse_args(argv)
    builder = SparkSession.builder.master("local[*]").appName("silver_orders")
    spark = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    if args.bronze:
        bronze = spark.read.schema(bronze_orders.SCHEMA).json(args.bronze)
    else:
        bronze = sample_bronze(spark)
    outcome = run(spark, bronze, args.out)
    outcome.data.show(truncate=False)


if __name__ == "__main__":
    main()
