"""Pipeline customer-silver-pipeline on DLT: bronze_customers -> silver_customers."""

import dlt  # provided by the Databricks pipeline runtime
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from examples.generated import silver_customers


@dlt.table(name=silver_customers.CONTRACT_NAME, schema=silver_customers.SCHEMA)
@dlt.expect_all(silver_customers.EXPECT)
@dlt.expect_all_or_drop(silver_customers.EXPECT_OR_DROP)
@dlt.expect_all_or_fail(silver_customers.EXPECT_OR_FAIL)
def customers() -> DataFrame:
    bronze = spark.read.table("shared_catalog.bronze.customers")  # noqa: F821
    return bronze.dropDuplicates(["customer_id"]).select(
        "customer_id",
        F.initcap(F.trim("name")).alias("name"),
        "email",
        "phone",
        F.col("address.country").alias("country"),
        "created_at",
        F.current_timestamp().alias("updated_at"),
    )
