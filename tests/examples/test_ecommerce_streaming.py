"""The e-commerce streaming producer (examples/ecommerce/streaming.py) on the suite's
SparkSession: three landed files, three micro-batches, the generated QUARANTINE predicate."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

import contractkit

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def test_stream_splits_by_quarantine_and_counts_what_validate_counts(
    spark: Any, tmp_path: Path
) -> None:
    from pyspark.sql import functions as F

    from contractkit.spark import split, validate
    from examples.ecommerce.sample_data import write_landing
    from examples.ecommerce.streaming import bronze_orders_stream
    from examples.generated import bronze_orders

    landing = tmp_path / "orders"
    landing.mkdir()
    for part, (seed, defects) in enumerate([(1, False), (2, True)]):
        write_landing(tmp_path / f"seed{seed}", defects=defects, now=NOW, seed=seed)
        shutil.copy(
            tmp_path / f"seed{seed}" / "landing" / "orders" / "part-0.json",
            landing / f"part-{part}.json",
        )
    # A third file the hub should not have accepted: an empty and a missing order id.
    at = '"order_type": "SALES", "order_ts": "2026-06-01T11:00:00Z"'
    broken = [
        f'{{"order_id": "", "amount": 5.0, {at}}}',
        f'{{"amount": 7.0, {at}}}',
        f'{{"order_id": "x1", "amount": 9.0, {at}}}',
    ]
    (landing / "part-2.json").write_text("\n".join(broken) + "\n", encoding="utf-8")
    total = bronze_orders_stream(spark, NOW, landing=landing, out=tmp_path / "stream")

    contract = contractkit.load(ROOT / "contracts" / "bronze_orders.yaml")
    batch = spark.read.schema(bronze_orders.SCHEMA).json(str(landing))
    batch = batch.withColumn("_ingested_at", F.lit(NOW).cast("timestamp"))
    expected = validate(batch, contract, now=NOW, samples=0)
    assert total.batches == 3
    assert total.row_count == expected.row_count == batch.count()
    assert [(e.name, e.failed) for e in total.expectations] == [
        (e.name, e.failed) for e in expected.expectations
    ]
    assert total.expectation("amount_not_negative").failed > 0  # the defects are seen

    valid = spark.read.parquet(str(tmp_path / "stream" / "bronze_orders"))
    held = spark.read.parquet(str(tmp_path / "stream" / "quarantine" / "bronze_orders"))
    _, quarantine = split(batch, contract)
    assert valid.count() + held.count() == batch.count()
    assert held.count() == quarantine.count() == 2
    assert held.drop("_batch_id").exceptAll(quarantine.select(batch.columns)).count() == 0
