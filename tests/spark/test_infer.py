"""`contractkit infer` on files and tables Spark writes: the draft lints clean and its
schema is the data's, comments and nesting included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.loader import load

pytestmark = pytest.mark.spark

SCHEMA_DDL = (
    "order_id STRING NOT NULL COMMENT 'Unique order identifier', "
    "amount DECIMAL(18,2) COMMENT 'Order total: \"USD\"', "
    "placed DATE, "
    "customer STRUCT<id: STRING NOT NULL COMMENT 'CRM id', tags: ARRAY<STRING>>, "
    "lines ARRAY<STRUCT<sku: STRING, qty: INT>>, "
    "attributes MAP<STRING, DOUBLE>"
)
ROWS = [
    ("o1", Decimal("10.50"), dt.date(2025, 1, 15), ("c1", ["new"]), [("s1", 2)], {"w": 1.5}),
    ("o2", None, None, None, [], {}),
]


def _infer(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["infer", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def orders(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One small DataFrame written as Parquet, JSON and CSV (flat columns for CSV)."""
    from pyspark.sql import types as T

    root = tmp_path_factory.mktemp("data")
    df = spark.createDataFrame(ROWS, T.StructType.fromDDL(SCHEMA_DDL))
    df.coalesce(1).write.parquet(str(root / "orders.parquet"))
    df.coalesce(1).write.json(str(root / "orders_json"))
    flat = df.select("order_id", "amount", "placed")
    flat.coalesce(1).write.option("header", "true").csv(str(root / "orders_csv"))
    df.createOrReplaceTempView("contractkit_infer_orders")
    return {
        "parquet": root / "orders.parquet",
        "json": root / "orders_json",
        "csv": root / "orders_csv",
    }


@pytest.mark.parametrize("data_format", ["parquet", "json", "csv"])
def test_files_round_trip(
    spark: Any, orders: dict[str, Path], tmp_path: Path, data_format: str
) -> None:
    from contractkit.spark import struct_type

    out = tmp_path / "contracts" / "orders.yaml"
    code, output = _infer(
        "--path", str(orders[data_format]), "--format", data_format, "--out", str(out)
    )
    assert code == 0, output
    assert output.startswith(f"wrote {out}: a draft of contract")
    reader = spark.read.format(data_format)
    if data_format == "csv":
        reader = reader.option("header", "true").option("inferSchema", "true")
    expected = reader.load(str(orders[data_format])).schema
    contract = load(out)  # lints clean, or load would raise
    assert struct_type(contract) == expected
    [server] = contract.servers
    assert server.format == data_format
    assert server.resolved_path(str(out.parent)) == str(orders[data_format])
    if data_format == "parquet":  # Parquet keeps Spark's schema, comments included
        assert contract.field("customer.id") is not None
        assert contract.field("amount").description == 'Order total: "USD"'


def test_table_round_trip_to_stdout(spark: Any, orders: dict[str, Path]) -> None:
    from contractkit.loader import load_string
    from contractkit.spark import struct_type

    code, output = _infer("--table", "contractkit_infer_orders", "--name", "orders")
    assert code == 0, output
    contract = load_string(output)
    assert contract.name == "orders"
    assert struct_type(contract) == spark.table("contractkit_infer_orders").schema
    assert contract.field("order_id").nullable is False  # a view keeps nullability
    assert yaml.safe_load(output)["servers"] == [
        {"server": "source", "type": "table", "table": "contractkit_infer_orders"}
    ]


def test_a_dataframe_schema_drafts_too(spark: Any) -> None:
    from contractkit.loader import load_string
    from contractkit.spark.infer import draft_from_dataframe

    df = spark.range(1).selectExpr("id", "named_struct('a', 1) AS s")
    contract = load_string(draft_from_dataframe(df, "numbers"))
    assert [f.name for f in contract.fields] == ["id", "s"]
    assert contract.field("id").nullable is False


def test_unreadable_sources_exit_2(spark: Any, tmp_path: Path) -> None:
    code, output = _infer("--path", str(tmp_path / "missing"), "--format", "parquet")
    assert code == 2
    assert "cannot read" in output
    assert "PATH_NOT_FOUND" in output
    code, output = _infer("--table", "no_such_table_anywhere")
    assert code == 2
    assert "TABLE_OR_VIEW_NOT_FOUND" in output
