"""The producer examples: the DLT one against a stand-in `dlt` module, the PySpark one on
the shared SparkSession."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("pyspark.sql")


class FakeDlt(types.ModuleType):
    """Records what the pipeline passes to DLT's decorators."""

    def __init__(self) -> None:
        super().__init__("dlt")
        self.calls: list[tuple[str, Any]] = []
        self.streams: dict[str, Any] = {}

    def _decorator(self, kind: str, argument: Any) -> Callable[[Any], Any]:
        self.calls.append((kind, argument))
        return lambda function: function

    def table(self, **options: Any) -> Callable[[Any], Any]:
        return self._decorator("table", options)

    def expect_all(self, expectations: dict[str, str]) -> Callable[[Any], Any]:
        return self._decorator("expect_all", expectations)

    def expect_all_or_drop(self, expectations: dict[str, str]) -> Callable[[Any], Any]:
        return self._decorator("expect_all_or_drop", expectations)

    def expect_all_or_fail(self, expectations: dict[str, str]) -> Callable[[Any], Any]:
        return self._decorator("expect_all_or_fail", expectations)

    def read_stream(self, name: str) -> Any:
        return self.streams[name]


@pytest.fixture
def dlt_pipeline(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeDlt, Any]]:
    fake = FakeDlt()
    monkeypatch.setitem(sys.modules, "dlt", fake)
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.delitem(sys.modules, "examples.producer_dlt.pipeline", raising=False)
    yield fake, importlib.import_module("examples.producer_dlt.pipeline")
    sys.modules.pop("examples.producer_dlt.pipeline", None)


def test_dlt_pipeline_passes_the_generated_dicts(dlt_pipeline: tuple[FakeDlt, Any]) -> None:
    fake, pipeline = dlt_pipeline
    contract = importlib.import_module("examples.generated.silver_orders")
    calls = dict(fake.calls)
    assert [kind for kind, _ in fake.calls] == [  # decorator expressions, top to bottom
        "table",
        "expect_all",
        "expect_all_or_drop",
        "expect_all_or_fail",
    ]
    assert calls["table"]["name"] == "silver_orders"
    assert calls["table"]["schema"] is contract.SCHEMA
    assert calls["table"]["table_properties"] == {
        "contract.name": "silver_orders",
        "contract.version": "2.0.0",
    }
    assert calls["expect_all"] == {
        "no_null_orders": "order_id IS NOT NULL",
        "positive_amounts": "amount > 0",
        "order_id_not_null": "order_id IS NOT NULL",
        "customer_id_not_null": "customer_id IS NOT NULL",
        "amount_not_null": "amount IS NOT NULL",
        "order_date_not_null": "order_date IS NOT NULL",
        "status_not_null": "status IS NOT NULL",
        "status_allowed_values": "status IN ('PENDING', 'COMPLETED', 'CANCELLED')",
    }
    assert calls["expect_all_or_drop"] == {}
    assert calls["expect_all_or_fail"] == {}
    every = {**calls["expect_all"], **calls["expect_all_or_drop"], **calls["expect_all_or_fail"]}
    assert every == contract.EXPECTATIONS
    assert callable(pipeline.silver_orders)


@pytest.mark.spark
def test_dlt_table_function_builds_the_contract_schema(
    spark: Any, dlt_pipeline: tuple[FakeDlt, Any]
) -> None:
    fake, pipeline = dlt_pipeline
    from examples.producer_pyspark.pipeline import sample_bronze

    fake.streams["bronze_orders"] = sample_bronze(spark)
    silver = pipeline.silver_orders()
    contract = importlib.import_module("examples.generated.silver_orders")
    assert _shape(silver.schema) == _shape(contract.SCHEMA)
    assert silver.count() == 4  # the RETURN order is not a sale


def _shape(schema: Any) -> list[tuple[str, str]]:
    return [(f.name, f.dataType.simpleString()) for f in schema.fields]


@pytest.fixture
def producer(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(ROOT))
    return importlib.import_module("examples.producer_pyspark.pipeline")


@pytest.mark.spark
def test_pyspark_producer_writes_the_contract_schema(
    spark: Any, producer: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract = importlib.import_module("examples.generated.silver_orders")
    outcome = producer.run(spark, producer.sample_bronze(spark), str(tmp_path / "silver"))
    assert outcome.data.schema.fieldNames() == contract.SCHEMA.fieldNames()
    assert [f.metadata for f in outcome.data.schema.fields] == [
        f.metadata for f in contract.SCHEMA.fields
    ]
    assert outcome.violations["customer_id_not_null"] == 1
    assert outcome.violations["status_allowed_values"] == 1
    assert outcome.data.count() == 4  # every expectation warns: nothing is dropped
    written = spark.read.parquet(str(tmp_path / "silver"))
    assert _shape(written.schema) == _shape(contract.SCHEMA)
    assert "warning: status_allowed_values: 1 of 4 rows violate it (75.00% pass" in (
        capsys.readouterr().out
    )


@pytest.mark.spark
def test_drop_and_fail_keep_dlt_semantics(spark: Any, producer: Any) -> None:
    """Only FALSE violates: a NULL result keeps the row."""
    df = spark.createDataFrame([(1,), (-1,), (None,)], "amount int")
    drop = {"positive": "amount > 0"}
    outcome = producer.apply_expectations(df, expect={}, expect_or_drop=drop, expect_or_fail={})
    assert sorted(r.amount for r in outcome.data.collect() if r.amount is not None) == [1]
    assert outcome.data.count() == 2  # 1 and NULL
    assert outcome.violations == {"positive": 1}
    with pytest.raises(producer.ExpectationFailed, match="positive"):
        producer.apply_expectations(df, expect={}, expect_or_drop={}, expect_or_fail=drop)
    kept = producer.apply_expectations(df, expect=drop, expect_or_drop={}, expect_or_fail={})
    assert kept.data.count() == 3
