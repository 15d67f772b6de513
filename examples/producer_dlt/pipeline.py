"""silver_orders as a Databricks DLT (Lakeflow Declarative Pipelines) table.

The same pipeline as `examples/producer_pyspark`, written for DLT: the table's schema and
every expectation, split by action, come from the module `contractkit generate` wrote for
the contract, so the pipeline never restates them. DLT evaluates the expectations: warn
keeps violating rows and records them, drop removes them, fail stops the update.

To deploy, put the generated package beside this file in the pipeline's source folder (or
on its `sys.path`) and import it from there. This file is not run here; a test imports it
with a stand-in `dlt` module and checks what the decorators receive.
"""

from __future__ import annotations

import dlt  # provided by the Databricks pipeline runtime
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from examples.generated import silver_orders as contract


@dlt.table(
    name=contract.CONTRACT_NAME,
    comment=f"Data contract {contract.CONTRACT_NAME} {contract.CONTRACT_VERSION}",
    schema=contract.SCHEMA,
    table_properties={
        "contract.name": contract.CONTRACT_NAME,
        "contract.version": contract.CONTRACT_VERSION,
    },
)
@dlt.expect_all(contract.EXPECT)
@dlt.expect_all_or_drop(contract.EXPECT_OR_DROP)
@dlt.expect_all_or_fail(contract.EXPECT_OR_FAIL)
def silver_orders() -> DataFrame:
    return (
        dlt.read_stream("bronze_orders")
        .where(F.col("order_type") == "SALES")
        .select(
            "order_id",
            "customer_id",
            F.col("amount").cast("decimal(18,2)").alias("amount"),
            F.to_date("order_ts").alias("order_date"),
            F.upper(F.trim("status")).alias("status"),
        )
    )
