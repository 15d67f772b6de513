"""`pytest --contracts`: one `references[<field>]` item per reference (pytester, in-process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.spark

ORDERS = """\
contract: {name: orders, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: bigint}
    - name: customer_id
      type: string
      references: silver.customers.customer_id
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: ../data/orders, format: parquet}
"""
CUSTOMERS = """\
contract: {name: silver.customers, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: customer_id, type: string}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: ../data/customers, format: parquet}
"""


def _write(spark: Any, path: Path, rows: list[Any], schema: str) -> None:
    spark.createDataFrame(rows, schema).coalesce(1).write.mode("overwrite").parquet(str(path))


@pytest.fixture
def project(pytester: pytest.Pytester, spark: Any) -> pytest.Pytester:
    pytester.makefile(".yaml", **{"contracts/orders": ORDERS, "contracts/customers": CUSTOMERS})
    orders = [(1, "a"), (2, None), (3, "x"), (4, None), (5, "x"), (6, "b")]
    _write(spark, pytester.path / "data" / "orders", orders, "order_id bigint, customer_id string")
    customers = [("a",), (None,), ("b",)]
    _write(spark, pytester.path / "data" / "customers", customers, "customer_id string")
    return pytester


def test_an_item_per_reference_fails_on_orphans(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "-k", "references", "-rA")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "orders::references[customer_id]" in out
    # 4 non-NULL values: a and b exist, x and x do not.
    assert (
        "contracts/orders.yaml:7: field customer_id references silver.customers.customer_id: "
        "2 row(s) hold a value missing from silver.customers.customer_id (e.g. 'x')" in out
    ), out
    assert "Traceback" not in out


def test_clean_data_passes_and_the_marker_selects(project: pytest.Pytester, spark: Any) -> None:
    rows = [(1, "a"), (2, None), (3, "b")]
    _write(spark, project.path / "data" / "orders", rows, "order_id bigint, customer_id string")
    result = project.runpytest("--contracts", "-m", "contract_references", "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*::orders::references?customer_id? PASSED*"])


def test_the_target_found_in_the_contract_folder_when_run_on_one_file(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest("--contracts", "contracts/orders.yaml", "-k", "references")
    result.assert_outcomes(failed=1)
    assert "2 row(s) hold a value missing" in result.stdout.str()


def test_a_target_without_data_fails_with_the_reason(project: pytest.Pytester) -> None:
    project.makefile(
        ".yaml", **{"contracts/customers": CUSTOMERS.replace("../data/customers", "../gone")}
    )
    result = project.runpytest("--contracts", "-k", "references")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "could not be checked: the data of contract 'silver.customers': cannot read " in out
    assert "Traceback" not in out
