"""The ingestion hub's orders as a stream: the DLT quarantine pattern in plain PySpark.

The landing orders are read as a file-source stream with bronze_orders' generated SCHEMA,
run with `trigger(availableNow=True)` (every file landed so far, in micro-batches, then
stop), and checked once with the generated NULL-safe `QUARANTINE` predicate. Each
micro-batch is written to two tables filtered from that one column, as the DLT pattern in
docs/generate.md does with two tables on one source: the valid rows to
`data/stream/bronze_orders`, the others to `data/stream/quarantine/bronze_orders`. The
contract's counts come from `contractkit.spark.observe` on the same query.

    python -m examples.ecommerce.streaming     # after `python -m examples.ecommerce.run`
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

import contractkit
from contractkit.spark import observe
from contractkit.spark.observation import MicroBatchReport
from examples.ecommerce.pipelines import CONTRACTS, DATA
from examples.generated import bronze_orders

FLAG = "_quarantined"


def bronze_orders_stream(
    spark: SparkSession,
    now: dt.datetime,
    *,
    landing: Path = DATA / "landing" / "orders",
    out: Path = DATA / "stream",
    files_per_batch: int = 1,
) -> MicroBatchReport:
    """Run the stream over what has landed; returns the contract's summed report."""
    contract = contractkit.load(CONTRACTS / "bronze_orders.yaml")
    shutil.rmtree(out, ignore_errors=True)  # a fresh run: new checkpoint, new tables
    source = (
        spark.readStream.schema(bronze_orders.SCHEMA)
        .option("maxFilesPerTrigger", files_per_batch)
        .json(str(landing))
        .withColumn("_ingested_at", F.lit(now).cast("timestamp"))
    )
    observed, metrics = observe(source, contract)
    checked = observed.withColumn(FLAG, F.expr(bronze_orders.QUARANTINE))

    def write(batch: DataFrame, batch_id: int) -> None:
        batch = batch.persist()
        batch.filter(f"NOT {FLAG}").drop(FLAG).write.mode("append").parquet(
            str(out / "bronze_orders")
        )
        batch.filter(FLAG).drop(FLAG).withColumn("_batch_id", F.lit(batch_id)).write.mode(
            "append"
        ).parquet(str(out / "quarantine" / "bronze_orders"))
        batch.unpersist()

    query = (
        checked.writeStream.foreachBatch(write)
        .option("checkpointLocation", str(out / "checkpoints" / "bronze_orders"))
        .trigger(availableNow=True)
        .start()
    )
    try:
        query.awaitTermination()
    finally:
        query.stop()
    return metrics.total(query)


def main() -> int:
    from contractkit.spark.sessions import session

    total = bronze_orders_stream(session("ecommerce-stream"), dt.datetime.now(dt.UTC))
    print(f"{total.batches} micro-batches, {total.row_count} orders")
    for e in total.expectations:
        print(f"  {e.name:<28} {e.failed:>4} failed  {'ok' if e.ok else 'FAILED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
