"""Pipeline ingestion-hub on DLT: landing files -> bronze_orders, bronze_customers.

Auto Loader reads with the bronze contracts' schemas, and each table carries its
contract's expectations, split by action. Deploy with the `examples/generated` package on
the pipeline's path.
"""

import dlt  # provided by the Databricks pipeline runtime
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from examples.generated import bronze_customers, bronze_orders


def _landing(path: str, schema: object) -> DataFrame:
    reader = spark.readStream.format("cloudFiles").option("cloudFiles.format", "json")  # noqa: F821
    return reader.schema(schema).load(path).withColumn("_ingested_at", F.current_timestamp())


@dlt.table(name=bronze_orders.CONTRACT_NAME, schema=bronze_orders.SCHEMA)
@dlt.expect_all(bronze_orders.EXPECT)
@dlt.expect_all_or_drop(bronze_orders.EXPECT_OR_DROP)
@dlt.expect_all_or_fail(bronze_orders.EXPECT_OR_FAIL)
def orders() -> DataFrame:
    return _landing("/Volumes/landing/orders/", bronze_orders.SCHEMA)


@dlt.table(name=bronze_customers.CONTRACT_NAME, schema=bronze_customers.SCHEMA)
@dlt.expect_all(bronze_customers.EXPECT)
@dlt.expect_all_or_drop(bronze_customers.EXPECT_OR_DROP)
@dlt.expect_all_or_fail(bronze_customers.EXPECT_OR_FAIL)
def customers() -> DataFrame:
    return _landing("/Volumes/landing/customers/", bronze_customers.SCHEMA)
