"""References between contracts on a real SparkSession: orphans counted by one left-anti
join, against hand-computed counts on NULL-heavy data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sparkjobs import spark_jobs

from contractkit.datalocation import Bindings
from contractkit.errors import ContractViolationError
from contractkit.loader import load, load_string
from contractkit.model import Contract
from contractkit.spark.references import References, check_references
from contractkit.spark.validator import enforce, validate

pytestmark = pytest.mark.spark


def _contract(name: str, fields: str, servers: str = "") -> Contract:
    return load_string(
        f"""\
contract: {{name: {name}, version: "1.0.0", owner: t@example.com}}
schema:
  fields:
{fields}
changelog: [{{version: "1.0.0", date: 2025-01-15, changes: [first]}}]
{servers}"""
    )


ORDERS = _contract(
    "orders",
    "    - {name: order_id, type: bigint}\n"
    "    - {name: customer_id, type: string, references: silver.customers.customer_id}\n"
    "    - name: ship_to\n"
    "      fields: [{name: region_id, type: bigint, references: silver.customers.home.region}]",
)
CUSTOMERS = _contract(
    "silver.customers",
    "    - {name: customer_id, type: string}\n"
    "    - name: home\n"
    "      fields: [{name: region, type: int}]",
)
ORDER_ROWS = [
    # order_id, customer_id, ship_to.region_id
    (1, "a", (10,)),
    (2, "b", (None,)),
    (3, None, (11,)),
    (4, "x", (10,)),
    (5, "x", None),
    (6, None, (99,)),
    (7, "y", (None,)),
    (8, None, (99,)),
    (9, "b", (12,)),
    (10, None, (None,)),
]
CUSTOMER_ROWS = [("a", (10,)), ("b", (11,)), (None, (None,)), ("c", (None,)), ("a", (11,))]
ORDERS_SCHEMA = "order_id bigint, customer_id string, ship_to struct<region_id: bigint>"
CUSTOMERS_SCHEMA = "customer_id string, home struct<region: int>"


@pytest.fixture(scope="module")
def frames(spark: Any) -> tuple[Any, Any]:
    return (
        spark.createDataFrame(ORDER_ROWS, ORDERS_SCHEMA),
        spark.createDataFrame(CUSTOMER_ROWS, CUSTOMERS_SCHEMA),
    )


def _by_field(report: Any) -> dict[str, Any]:
    return {r.field: r for r in report.references}


def test_orphans_on_null_heavy_data(spark: Any, frames: tuple[Any, Any]) -> None:
    orders, customers = frames
    report = validate(orders, ORDERS, spark=spark, references={"silver.customers": customers})
    found = _by_field(report)
    # customer_id: 6 non-NULL values (a, b, x, x, y, b); a and b exist; x, x, y do not.
    assert (found["customer_id"].orphans, found["customer_id"].samples) == (3, ("x", "y"))
    # ship_to.region_id: non-NULL 10, 11, 10, 99, 99, 12 (a NULL struct holds no value);
    # the target's regions are 10 and 11 (NULL ignored): 99, 99 and 12 are orphans.
    assert (found["ship_to.region_id"].orphans, found["ship_to.region_id"].samples) == (
        3,
        (12, 99),
    )
    assert [r.level for r in report.references] == ["fail", "fail"]
    assert not report.ok
    assert "references: customer_id: 3 row(s) hold a value missing from" in str(report)


def test_samples_are_the_smallest_distinct_orphans(spark: Any, frames: tuple[Any, Any]) -> None:
    orders, customers = frames
    report = validate(
        orders, ORDERS, spark=spark, samples=1, references={"silver.customers": customers}
    )
    assert _by_field(report)["customer_id"].samples == ("x",)
    assert _by_field(report)["customer_id"].orphans == 3


def test_no_orphans_is_ok(spark: Any, frames: tuple[Any, Any]) -> None:
    _, customers = frames
    clean = spark.createDataFrame(
        [(1, "a", (10,)), (2, None, None), (3, "c", (None,))], ORDERS_SCHEMA
    )
    report = validate(clean, ORDERS, spark=spark, references={"silver.customers": customers})
    assert [(r.orphans, r.samples, r.ok, r.level) for r in report.references] == [
        (0, (), True, "ok"),
        (0, (), True, "ok"),
    ]
    assert report.ok
    empty = spark.createDataFrame([], ORDERS_SCHEMA)
    report = validate(empty, ORDERS, spark=spark, references={"silver.customers": customers})
    assert [r.orphans for r in report.references] == [0, 0]


def test_without_references_nothing_is_joined(spark: Any, frames: tuple[Any, Any]) -> None:
    orders, _ = frames
    report = validate(orders, ORDERS, spark=spark)
    assert report.references == ()
    assert report.to_dict()["references"] == []


def test_a_self_reference_reads_the_data_being_validated(spark: Any) -> None:
    employees = _contract(
        "employees",
        "    - {name: employee_id, type: bigint}\n"
        "    - {name: manager_id, type: bigint, references: employees.employee_id}",
    )
    rows = [(1, None), (2, 1), (3, 9), (4, None), (5, 2), (6, 9), (7, 8), (None, None)]
    df = spark.createDataFrame(rows, "employee_id bigint, manager_id bigint")
    (result,) = validate(df, employees, spark=spark, references={}).references
    assert (result.orphans, result.samples) == (3, (8, 9))


def test_the_target_located_as_check_locates_it(spark: Any, tmp_path: Path) -> None:
    """A contract file with a local server, and a pyproject binding that wins over it."""
    data = tmp_path / "customers"
    spark.createDataFrame([("a",), ("b",)], "customer_id string").write.parquet(str(data))
    other = tmp_path / "other"
    spark.createDataFrame([("a",), ("x",)], "customer_id string").write.parquet(str(other))
    (tmp_path / "customers.yaml").write_text(
        'contract: {name: silver.customers, version: "1.0.0", owner: t@example.com}\n'
        "schema:\n  fields:\n    - {name: customer_id, type: string}\n"
        "servers:\n  - {server: dev, type: local, path: customers, format: parquet}\n",
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.contractkit.bindings.dev]\n"silver.customers" = {path = "other"}\n',
        encoding="utf-8",
    )
    orders = _contract(
        "orders",
        "    - {name: customer_id, type: string, references: silver.customers.customer_id}",
    )
    df = spark.createDataFrame([("a",), ("x",), ("b",), (None,)], "customer_id string")
    target = load(tmp_path / "customers.yaml")
    (by_server,) = validate(df, orders, spark=spark, references=References.of([target])).references
    assert (by_server.orphans, by_server.samples) == (1, ("x",))
    bound = References.of(
        [tmp_path / "customers.yaml"],
        server="dev",
        bindings=Bindings.from_pyproject(str(tmp_path / "pyproject.toml")),
    )
    (by_binding,) = validate(df, orders, spark=spark, references=bound).references
    assert (by_binding.orphans, by_binding.samples) == (1, ("b",))


def test_a_table_name_as_target(spark: Any, frames: tuple[Any, Any]) -> None:
    orders, customers = frames
    customers.createOrReplaceTempView("ref_customers")
    given = References.of([CUSTOMERS], data={"silver.customers": "ref_customers"})
    report = validate(orders, ORDERS, spark=spark, references=given)
    assert [r.orphans for r in report.references] == [3, 3]


def test_targets_that_cannot_be_checked_are_error_entries(
    spark: Any, frames: tuple[Any, Any], tmp_path: Path
) -> None:
    orders, _ = frames
    report = validate(orders, ORDERS, spark=spark, references={})
    errors = {r.field: r.error for r in report.references}
    assert "names no contract among those given (orders)" in (errors["customer_id"] or "")
    assert all(r.level == "fail" and not r.ok for r in report.references)

    missing = _contract(
        "silver.customers",
        "    - {name: customer_id, type: string}\n    - name: home\n"
        "      fields: [{name: region, type: int}]",
        f"servers:\n  - {{server: dev, type: local, path: {tmp_path / 'nope'}, format: parquet}}\n",
    )
    report = validate(orders, ORDERS, spark=spark, references=References.of([missing]))
    first, second = report.references
    assert first.error is not None
    assert first.error.startswith("the data of contract 'silver.customers': cannot read ")
    assert second.error is not None
    assert str(tmp_path / "nope") in first.error
    payload = json.loads(json.dumps(report.to_dict()))
    assert payload["references"][0]["level"] == "fail"
    assert payload["references"][0]["orphans"] == 0


def test_a_missing_target_column_is_an_error_entry(spark: Any, frames: tuple[Any, Any]) -> None:
    orders, _ = frames
    wrong = spark.createDataFrame([("a",)], "id string")
    report = validate(orders, ORDERS, spark=spark, references={"silver.customers": wrong})
    assert [r.error for r in report.references] == [
        "column 'customer_id' is not in the data of 'silver.customers' "
        "(the DataFrame given for 'silver.customers')",
        "column 'home.region' is not in the data of 'silver.customers' "
        "(the DataFrame given for 'silver.customers')",
    ]


def test_enforce_raises_on_orphans(spark: Any, frames: tuple[Any, Any]) -> None:
    orders, customers = frames
    with pytest.raises(ContractViolationError) as info:
        enforce(orders, ORDERS, spark=spark, references={"silver.customers": customers})
    assert "references: ship_to.region_id: 3 row(s)" in str(info.value)


@pytest.mark.parametrize("dirty", [True, False], ids=["orphans", "clean"])
def test_one_left_anti_join_per_reference(spark: Any, frames: tuple[Any, Any], dirty: bool) -> None:
    """Counting orphans and taking samples costs no more Spark jobs than a hand-written
    left-anti join's count, with or without orphans (on this small in-memory data Spark
    plans the count with more stages than our distinct-and-limit: fewer is fine)."""
    from pyspark.sql import functions as F

    orders, customers = frames
    if not dirty:
        orders = orders.where(F.col("customer_id").isin("a", "b") | F.col("customer_id").isNull())
    contract = _contract(
        "orders",
        "    - {name: customer_id, type: string, references: silver.customers.customer_id}",
    )
    given = References(data={"silver.customers": customers})
    key = F.col("customer_id")
    hand = orders.select(key).where(key.isNotNull())
    target = customers.select(key).where(key.isNotNull())
    results: list[Any] = []
    ours = spark_jobs(
        spark,
        f"references-ours-{dirty}",
        lambda: results.extend(check_references(orders, contract, given, spark=spark)),
    )
    floor = spark_jobs(
        spark,
        f"references-hand-{dirty}",
        lambda: results.append(hand.join(target, "customer_id", "left_anti").count()),
    )
    assert 0 < ours <= floor
    assert results[0].orphans == results[1] == (3 if dirty else 0)
