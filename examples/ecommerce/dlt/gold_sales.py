"""Pipeline gold-sales-pipeline on DLT: silver_orders x silver_customers -> gold_sales_metrics.

The contract's dataset checks (unknown_country_share, has_sales) are aggregates, which DLT
cannot attach to the table: a view computes them in one row and carries them as
expectations, Databricks' pattern for aggregate checks (docs/generate.md).
"""

import dlt  # provided by the Databricks pipeline runtime
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from examples.generated import gold_sales_metrics


@dlt.table(name=gold_sales_metrics.CONTRACT_NAME, schema=gold_sales_metrics.SCHEMA)
@dlt.expect_all(gold_sales_metrics.EXPECT)
@dlt.expect_all_or_drop(gold_sales_metrics.EXPECT_OR_DROP)
@dlt.expect_all_or_fail(gold_sales_metrics.EXPECT_OR_FAIL)
def sales_metrics() -> DataFrame:
    orders = spark.read.table("silver_catalog.silver.orders")  # noqa: F821
    customers = spark.read.table("silver_catalog.silver.customers")  # noqa: F821
    joined = orders.where(F.col("status") == "COMPLETED").join(
        customers.select("customer_id", "country"), "customer_id", "left"
    )
    metrics = joined.groupBy(
        F.col("order_date").alias("sales_date"),
        F.coalesce(F.col("country"), F.lit("ZZ")).alias("country"),
    ).agg(
        F.sum("amount").cast("decimal(28,2)").alias("total_sales"),
        F.count(F.lit(1)).alias("order_count"),
        F.count_distinct("customer_id").alias("customer_count"),
    )
    return metrics.withColumn(
        "average_order_value", (F.col("total_sales") / F.col("order_count")).cast("decimal(18,2)")
    ).withColumn("computed_at", F.current_timestamp())


@dlt.view(name=f"{gold_sales_metrics.CONTRACT_NAME}_dataset_checks")
@dlt.expect_all(gold_sales_metrics.DATASET_EXPECT)
@dlt.expect_all_or_fail(gold_sales_metrics.DATASET_EXPECT_OR_FAIL)
def sales_metrics_dataset_checks() -> DataFrame:
    return gold_sales_metrics.dataset_checks(dlt.read(gold_sales_metrics.CONTRACT_NAME))
