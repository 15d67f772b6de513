"""The four producers of the platform, in plain PySpark on local files.

Each producer reads its upstream datasets where their contracts say they are, shapes its
output to its generated module's SCHEMA, and publishes it with the contract's DLT
semantics (`contractkit.spark.split`): rows violating a `drop` expectation go to
quarantine, a violated `fail` expectation stops the run, `warn` ones are kept and left to
the consumers' contract tests. Nothing here repeats a schema or an expectation: they come
from the contracts, through `examples/generated/` and `contractkit.load`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import ModuleType

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

import contractkit
from contractkit.spark import split
from examples.generated import (
    bronze_customers,
    bronze_orders,
    gold_sales_metrics,
    silver_customers,
    silver_orders,
)

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "contracts"
DATA = Path(__file__).resolve().parent / "data"


def location(name: str) -> tuple[str, str]:
    """(path, format) of a dataset's `local` server, as its contract says."""
    contract = contractkit.load(CONTRACTS / f"{name}.yaml")
    server = next(s for s in contract.servers if s.server == "local")
    path = server.resolved_path(contract.base_dir)
    assert path is not None
    assert server.format is not None
    return path, server.format


def read(spark: SparkSession, module: ModuleType) -> DataFrame:
    path, data_format = location(module.CONTRACT_NAME)
    return spark.read.format(data_format).schema(module.SCHEMA).load(path)


def publish(df: DataFrame, module: ModuleType) -> int:
    """Conform to the contract's schema, apply its actions, write; returns rows written."""
    contract = contractkit.load(CONTRACTS / f"{module.CONTRACT_NAME}.yaml")
    shaped = df.select(
        *[
            F.col(f.name).cast(f.dataType).alias(f.name, metadata=f.metadata)
            for f in module.SCHEMA.fields
        ]
    )
    valid, quarantine = split(shaped, contract)
    path, data_format = location(module.CONTRACT_NAME)
    valid.write.mode("overwrite").format(data_format).save(path)
    quarantine.write.mode("overwrite").parquet(str(DATA / "quarantine" / module.CONTRACT_NAME))
    return valid.count()


def ingestion_hub(spark: SparkSession, now: dt.datetime) -> None:
    """Hub: landing JSON -> bronze_orders, bronze_customers (pipeline ingestion-hub).

    The landing files are read with the bronze contracts' schemas: JSON inference would
    order struct fields alphabetically, and casting a struct to another is positional.
    """
    landing = DATA / "landing"
    stamp = F.lit(now).cast("timestamp")
    for folder, module in (("orders", bronze_orders), ("customers", bronze_customers)):
        raw = spark.read.schema(module.SCHEMA).json(str(landing / folder))
        publish(raw.withColumn("_ingested_at", stamp), module)


def sales_silver(spark: SparkSession, now: dt.datetime) -> None:
    """Spoke: bronze_orders -> silver_orders (pipeline sales-silver-pipeline). Replayed
    events (bronze_orders' key one_row_per_order_event allows a few) are dropped here."""
    bronze = read(spark, bronze_orders).dropDuplicates(["order_id", "order_type"])
    silver = bronze.where(F.col("order_type") == "SALES").select(
        "order_id",
        "customer_id",
        F.col("amount").cast("decimal(18,2)").alias("amount"),
        F.to_date("order_ts").alias("order_date"),
        F.upper(F.trim("status")).alias("status"),
    )
    publish(silver, silver_orders)


def customer_silver(spark: SparkSession, now: dt.datetime) -> None:
    """Spoke: bronze_customers -> silver_customers (pipeline customer-silver-pipeline)."""
    bronze = read(spark, bronze_customers).dropDuplicates(["customer_id"])
    silver = bronze.select(
        "customer_id",
        F.initcap(F.trim("name")).alias("name"),
        "email",
        "phone",
        F.col("address.country").alias("country"),
        "created_at",
        F.lit(now).cast("timestamp").alias("updated_at"),
    )
    publish(silver, silver_customers)


def gold_sales(spark: SparkSession, now: dt.datetime) -> None:
    """Gold: silver_orders x silver_customers -> gold_sales_metrics (gold-sales-pipeline)."""
    orders = read(spark, silver_orders).where(F.col("status") == "COMPLETED")
    customers = read(spark, silver_customers).select("customer_id", "country")
    joined = orders.join(customers, "customer_id", "left")
    metrics = joined.groupBy(
        F.col("order_date").alias("sales_date"),
        F.coalesce(F.col("country"), F.lit("ZZ")).alias("country"),
    ).agg(
        F.sum("amount").cast("decimal(28,2)").alias("total_sales"),
        F.count(F.lit(1)).alias("order_count"),
        F.count_distinct("customer_id").alias("customer_count"),
    )
    metrics = metrics.withColumn(
        "average_order_value", (F.col("total_sales") / F.col("order_count")).cast("decimal(18,2)")
    ).withColumn("computed_at", F.lit(now).cast("timestamp"))
    publish(metrics, gold_sales_metrics)


# Deployment order: each pipeline after the ones it reads (the seed's section 9.2).
ORDER = (
    ("ingestion-hub", ingestion_hub),
    ("sales-silver-pipeline", sales_silver),
    ("customer-silver-pipeline", customer_silver),
    ("gold-sales-pipeline", gold_sales),
)
