"""`pytest --contracts` reads what a stream wrote: a Parquet file sink (its committed files,
through the sink's `_spark_metadata` log) and foreach_batch's valid sink (one partition
per micro-batch). pytester in-process, on the suite's SparkSession."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from contractkit.loader import load_string

pytestmark = pytest.mark.spark

CONTRACT = """\
contract:
  name: orders
  version: "1.0.0"
  owner: team@example.com
  producer_pipeline: orders-stream
schema:
  fields:
    - {name: order_id, type: string, nullable: false, unique: true}
    - {name: amount, type: "decimal(18,2)"}
    - {name: updated_at, type: timestamp, nullable: false}
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0, threshold: 99%, action: drop}
sla:
  freshness: "< 1 hour"
  freshness_column: updated_at
changelog:
  - {version: "1.0.0"}
servers:
  - {server: local, type: local, path: ../data/orders, format: parquet}
"""
SCHEMA = "order_id string, amount decimal(18,2), updated_at timestamp"


def _landing(spark: Any, root: Path) -> Path:
    """Three files of 100 orders, two with a negative amount; written when the test runs."""
    fresh = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=10)
    landing = root / "landing"
    for f in range(3):
        rows = [
            (f"o{f}-{i}", Decimal("-1.00") if (f, i) in {(0, 3), (2, 5)} else Decimal(i), fresh)
            for i in range(1, 101)
        ]
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write.mode("append").parquet(str(landing))
    return landing


def _run(writer: Any) -> None:
    query = writer.trigger(availableNow=True).start()
    try:
        query.awaitTermination()
    finally:
        query.stop()


@pytest.mark.parametrize("sink", ["file sink", "foreach_batch"])
def test_contract_tests_read_a_table_a_stream_wrote(
    pytester: pytest.Pytester, spark: Any, sink: str
) -> None:
    from contractkit.spark import foreach_batch, split

    pytester.makefile(".yaml", **{"contracts/orders": CONTRACT})
    contract = load_string(CONTRACT, "orders.yaml")
    stream = (
        spark.readStream.schema(SCHEMA)
        .option("maxFilesPerTrigger", 1)
        .parquet(str(_landing(spark, pytester.path)))
    )
    target, checkpoint = pytester.path / "data" / "orders", pytester.path / "checkpoint"
    if sink == "file sink":
        valid, _ = split(stream, contract)
        writer = valid.writeStream.format("parquet").option("path", str(target))
    else:
        writer = stream.writeStream.foreachBatch(
            foreach_batch(contract, valid=str(target), quarantine=str(pytester.path / "q"))
        )
    _run(writer.option("checkpointLocation", str(checkpoint)))
    shutil.rmtree(checkpoint)
    assert spark.read.parquet(str(target)).count() == 298  # two negative amounts dropped

    result = pytester.runpytest(
        "--contracts", "--contracts-server", "local", "-rA", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=6)  # schema, three expectations, freshness, unique
    result.stdout.fnmatch_lines(
        ["PASSED *::orders::quality?positive_amounts?", "PASSED *::orders::unique?order_id?"]
    )
