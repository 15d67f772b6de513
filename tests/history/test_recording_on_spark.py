"""Recording from `check` and `pytest --contracts` on real Spark: the rows match the run,
and keeping them costs no Spark job."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sparkjobs import spark_jobs as _jobs

from contractkit.cli import main
from contractkit.history.store import read

pytestmark = pytest.mark.spark
pytest.importorskip(
    "pyarrow", reason="pyarrow is not installed: pip install 'contractkit[history]'"
)

CONTRACT = """\
contract: {name: orders, version: "1.0.0", owner: o@example.com, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: string, nullable: false}
    - {name: amount, type: "decimal(18,2)"}
    - {name: updated_at, type: timestamp}
  primary_key: [order_id]
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0, threshold: 90%}
sla: {freshness: "< 1 hour", freshness_column: updated_at}
consumers:
  - {pipeline: finance, contact: fin@example.com, uses: [amount]}
  - {pipeline: crm, uses: [order_id]}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: data, format: parquet}
"""


@pytest.fixture
def orders(spark: Any, tmp_path: Path) -> Path:
    contract = tmp_path / "contracts" / "orders.yaml"
    contract.parent.mkdir()
    contract.write_text(CONTRACT.replace("path: data", f"path: {tmp_path / 'data'}"))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # read when written, not at import
    rows = [(f"o{i}", Decimal("1.00"), now) for i in range(7)] + [
        (f"x{i}", Decimal("-1.00"), now) for i in range(3)
    ]
    spark.createDataFrame(
        rows, "order_id string, amount decimal(18,2), updated_at timestamp"
    ).coalesce(1).write.parquet(str(tmp_path / "data"))
    return contract


def test_check_records_every_result_with_no_extra_spark_job(
    spark: Any, orders: Path, tmp_path: Path, webhook: tuple[str, Any]
) -> None:
    history = tmp_path / "history"
    results: list[Any] = []

    def check(*extra: str) -> None:
        results.append(CliRunner().invoke(main, ["check", str(orders), *extra]))

    plain = _jobs(spark, "h15-plain", check)
    url, hook = webhook
    recorded = _jobs(
        spark, "h15-recorded", lambda: check("--record", str(history), "--notify", url)
    )
    assert [r.exit_code for r in results] == [1, 1], [r.output for r in results]
    assert plain > 0
    assert recorded == plain
    assert f"recorded 5 result(s) to folder {history}" in results[1].stderr
    assert len(hook.received) == 1  # the failing run with --notify; none for the other
    text = hook.received[0]["body"]["text"]
    assert text.startswith("contractkit: 1 failing check(s) in orders (run ")
    assert "positive_amounts (expectation) passed 70.0000% < 90.0000% (3 of 10" in text
    assert "consumers: finance (fin@example.com)" in text
    assert "crm" not in text  # it uses order_id only

    rows = {r.check: r for r in read(str(history))}
    assert sorted(rows) == [
        "freshness",
        "order_id_not_null",
        "positive_amounts",
        "primary_key(order_id)",
        "schema",
    ]
    positive = rows["positive_amounts"]
    assert (positive.row_count, positive.failed, positive.pass_rate, positive.ok) == (
        10,
        3,
        0.7,
        False,
    )
    assert (positive.contract, positive.version, positive.server, positive.source) == (
        "orders",
        "1.0.0",
        "local",
        "check",
    )
    assert positive.duration_s is not None
    assert positive.duration_s > 0
    assert rows["freshness"].ok
    assert rows["freshness"].freshness_age_s is not None


def test_pytest_contracts_record_keeps_the_session_reports(
    spark: Any, orders: Path, pytester: pytest.Pytester, tmp_path: Path, webhook: tuple[str, Any]
) -> None:
    history = tmp_path / "pytest-history"
    url, hook = webhook
    result = pytester.runpytest(
        "--contracts",
        "--contracts-server",
        "local",
        "--contracts-record",
        str(history),
        "--contracts-notify",
        url,
        str(orders),
    )
    result.stdout.fnmatch_lines(
        [
            f"contractkit: recorded 5 result(s) to folder {history}",
            f"contractkit: notified {url} of 1 failure(s)",
        ]
    )
    assert len(hook.received) == 1
    assert (
        "positive_amounts (expectation) passed 70.0000% < 90.0000%"
        in (hook.received[0]["body"]["text"])
    )
    rows = read(str(history))
    assert {r.source for r in rows} == {"pytest"}
    assert len({r.run_id for r in rows}) == 1
    positive = next(r for r in rows if r.check == "positive_amounts")
    assert (positive.failed, positive.ok) == (3, False)


def test_a_table_target_appends_through_spark_and_reports_read_it(
    spark: Any, orders: Path, tmp_path: Path
) -> None:
    from contractkit.spark.history import DDL

    table = "h15_contract_results"
    spark.sql(f"DROP TABLE IF EXISTS {table}")
    spark.sql(f"CREATE TABLE {table} ({DDL}) USING parquet LOCATION '{tmp_path / 'table'}'")
    try:
        for _ in range(2):
            result = CliRunner().invoke(main, ["check", str(orders), "--record", f"table:{table}"])
            assert result.exit_code == 1, result.output
            assert f"recorded 5 result(s) to table {table}" in result.stderr
        assert spark.table(table).count() == 10
        report = CliRunner().invoke(
            main,
            ["report", f"table:{table}", "--contracts", str(orders.parent), "--format", "json"],
        )
        assert report.exit_code == 0, report.output
        data = json.loads(report.stdout)
        assert data["runs"] == 2
        assert data["contracts"][0]["status"] == "failing"
    finally:
        spark.sql(f"DROP TABLE IF EXISTS {table}")
