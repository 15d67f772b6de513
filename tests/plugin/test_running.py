"""`pytest --contracts` against real data on the suite's SparkSession (pytester, in-process)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.spark


def _now() -> dt.datetime:
    """Read when the data is written, never at import: the suite may run for a long time."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


CONTRACT = """\
contract:
  name: orders
  version: "1.2.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  fields:
    - {name: order_id, type: string, nullable: false, unique: true}
    - {name: amount, type: "decimal(18,2)"}
    - {name: updated_at, type: timestamp, nullable: false}
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0, threshold: 99%}
sla:
  freshness: "< 1 hour"
  freshness_column: updated_at
consumers:
  - pipeline: finance
    uses: [amount]
    freshness: "< 15 minutes"
  - pipeline: marketing
changelog:
  - {version: "1.2.0"}
servers:
  - {server: local, type: local, path: ../data/orders, format: parquet}
  - {server: prod, type: table, table: nowhere.orders}
"""


def _write(spark: Any, path: Path, rows: list[tuple[Any, ...]]) -> None:
    schema = "order_id string, amount decimal(18,2), updated_at timestamp"
    spark.createDataFrame(rows, schema).coalesce(1).write.mode("overwrite").parquet(str(path))


@pytest.fixture
def project(pytester: pytest.Pytester, spark: Any) -> pytest.Pytester:
    pytester.makefile(".yaml", **{"contracts/orders": CONTRACT})
    fresh = _now() - dt.timedelta(minutes=30)
    rows = [(f"o{i}", Decimal("10.00"), fresh) for i in range(99)] + [
        ("bad", Decimal("-5.00"), fresh)
    ]
    _write(spark, pytester.path / "data" / "orders", rows)
    return pytester


def test_outcomes_and_failure_output(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "--contracts-server", "local", "-rA")
    # positive_amounts passes at 99%; the finance consumer wants data < 15 minutes old.
    result.assert_outcomes(passed=8, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = result.stdout.str()
    assert re.search(
        r"contracts/orders.yaml:20: data is 3\d min old, the limit is < 15 minutes", out
    ), out
    assert "old, the limit is < 15 minutes" in out
    assert "Traceback" not in out
    assert "newest data " in out


def test_a_failing_expectation_shows_place_rate_counts_and_samples(
    project: pytest.Pytester,
) -> None:
    project.makefile(".yaml", **{"contracts/orders": CONTRACT.replace("99%", "99.9%")})
    result = project.runpytest("--contracts", "--contracts-server", "local", "-k", "positive")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "contracts/orders.yaml:13: expectation positive_amounts failed: amount > 0" in out
    assert "passed 99.000% of 100 rows, threshold 99.9%: 1 failed, 0 allowed" in out
    assert "order_id='bad', amount=Decimal('-5.00')" in out
    assert "def check" not in out  # no traceback of our closure


def test_no_usable_binding_skips_with_the_reason(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "-rs", "-k", "schema and not consumer")
    result.assert_outcomes(skipped=1)
    assert (
        "has several servers; choose one with --server or --contracts-server "
        "(servers: local, prod)" in result.stdout.str()
    )


def test_pyproject_binding_wins(project: pytest.Pytester, spark: Any) -> None:
    _write(spark, project.path / "elsewhere", [("x", Decimal("-1.00"), _now())])
    project.makepyprojecttoml(
        '[tool.contractkit.bindings.local]\norders = {path = "elsewhere", format = "parquet"}\n'
    )
    result = project.runpytest("--contracts", "--contracts-server", "local", "-k", "positive")
    result.assert_outcomes(failed=1)  # 0 of 1 rows pass: read from the binding's path


def test_schema_failure_is_a_readable_table(project: pytest.Pytester, spark: Any) -> None:
    spark.createDataFrame([("o1", 1.5)], "order_id string, amount double").write.mode(
        "overwrite"
    ).parquet(str(project.path / "data" / "orders"))
    result = project.runpytest("--contracts", "--contracts-server", "local", "-k", "schema")
    # The contract's schema, finance's (it uses amount) and marketing's (no `uses`: all).
    result.assert_outcomes(failed=3)
    out = result.stdout.str()
    assert "the data does not match the schema of orders 1.2.0" in out
    assert "amount      decimal(18,2)  double  type mismatch (error)" in out
    assert "updated_at  timestamp      -       missing column (error)" in out


def test_one_validation_per_contract_and_junit_properties(project: pytest.Pytester) -> None:
    project.makeconftest(
        "import pytest_contractkit.state as state\n"
        "calls = []\n"
        "original = state._validate\n"
        "def counting(*args):\n"
        "    calls.append(args[1].name)\n"
        "    return original(*args)\n"
        "state._validate = counting\n"
        "def pytest_sessionfinish(session):\n"
        "    print('VALIDATIONS', calls)\n"
    )
    result = project.runpytest(
        "--contracts", "--contracts-server", "local", "-s", "--junitxml=report.xml"
    )
    assert "VALIDATIONS ['orders']" in result.stdout.str()
    tree = ET.parse(project.path / "report.xml")
    cases = {c.get("name"): c for c in tree.iter("testcase")}
    case = cases["consumer[finance]::freshness"]
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties == {"contract": "orders", "contract_version": "1.2.0", "consumer": "finance"}
