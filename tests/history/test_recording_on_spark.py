"""Recording from `check` and `pytest --contracts` on real Spark: the rows match the run,
and keeping them costs no Spark job, for every kind of check (dataset checks, composite
keys, references, warn levels and a consumer's dataset check included)."""

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
    - {name: parent_id, type: string, references: orders.order_id}
  primary_key: [order_id]
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0, threshold: 90%}
    - {name: refunds_are_rare, expression: amount > 0, threshold: {fail: 60%, warn: 80%}}
  dataset:
    - {name: enough_rows, expression: "count(*) >= 100"}
    - {name: net_amount, expression: "sum(amount) > 5", action: warn}
  unique:
    - {columns: [order_id, parent_id]}
sla: {freshness: "< 1 hour", freshness_column: updated_at}
consumers:
  - pipeline: finance
    contact: fin@example.com
    uses: [amount]
    dataset: [{name: some_rows, expression: "count(*) > 0"}]
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
    # 3 refunds of 10 rows; parent_id: 2 NULL (never orphans), 2 orphans ("gone")
    rows = [(f"o{i}", Decimal("1.00"), now, "o0" if i < 5 else None) for i in range(7)] + [
        (f"x{i}", Decimal("-1.00"), now, "gone" if i < 2 else "x0") for i in range(3)
    ]
    spark.createDataFrame(
        rows, "order_id string, amount decimal(18,2), updated_at timestamp, parent_id string"
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
    assert f"recorded 11 result(s) to folder {history}" in results[1].stderr
    assert f"notified {url} of 3 failure(s) and 2 warning(s)" in results[1].stderr
    assert len(hook.received) == 1  # the failing run with --notify; none for the other
    lines = hook.received[0]["body"]["text"].splitlines()
    assert lines[0].startswith("contractkit: 3 failing check(s), 2 warning(s) in orders (run ")
    assert lines[1:] == [
        "• orders v1.0.0: positive_amounts (expectation) passed 70.0000% < 90.0000% "
        "(3 of 10 rows failed); consumers: finance (fin@example.com)",  # crm uses order_id
        "• orders v1.0.0: enough_rows (dataset) does not hold (value 10); "
        "consumers: finance (fin@example.com), crm",  # count(*) reads the whole dataset
        "• orders v1.0.0: references(parent_id) (reference) 2 row(s) hold a value missing "
        "from orders.order_id; consumers: none",
        "• warning: orders v1.0.0: refunds_are_rare (expectation) passed 70.0000% < "
        "80.0000% (warn level) (3 of 10 rows failed); consumers: finance (fin@example.com)",
        "• warning: orders v1.0.0: net_amount (dataset) does not hold (value 4.00); "
        "consumers: finance (fin@example.com)",
    ]

    rows = {r.check: r for r in read(str(history))}
    summary = {check: (r.kind, r.level, r.ok, r.failed, r.value_text) for check, r in rows.items()}
    assert summary == {
        "schema": ("schema", "ok", True, 0, None),
        "positive_amounts": ("expectation", "fail", False, 3, None),
        "refunds_are_rare": ("expectation", "warn", True, 3, None),
        "order_id_not_null": ("constraint", "ok", True, 0, None),
        "enough_rows": ("dataset", "fail", False, None, "10"),
        "net_amount": ("dataset", "warn", True, None, "4.00"),
        "unique(order_id, parent_id)": ("unique_key", "ok", True, 0, None),
        "primary_key(order_id)": ("uniqueness", "ok", True, 0, None),
        "references(parent_id)": ("reference", "fail", False, 2, None),
        "freshness": ("freshness", "ok", True, None, None),
        "finance:some_rows": ("consumer_dataset", "ok", True, None, "10"),
    }
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
    assert (rows["refunds_are_rare"].threshold, rows["refunds_are_rare"].warn_threshold) == (
        0.6,
        0.8,
    )
    assert (rows["enough_rows"].value, rows["enough_rows"].severity) == (10.0, "fail")
    assert (rows["net_amount"].value, rows["net_amount"].severity) == (4.0, "warn")
    reference = rows["references(parent_id)"]
    assert (reference.target, reference.pass_rate, reference.error) == (
        "orders.order_id",
        0.8,
        None,
    )
    assert rows["finance:some_rows"].consumer == "finance"
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
            f"contractkit: recorded 11 result(s) to folder {history}",
            f"contractkit: notified {url} of 3 failure(s) and 2 warning(s)",
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
    levels = {r.check: r.level for r in rows if r.level != "ok"}
    assert levels == {
        "positive_amounts": "fail",
        "refunds_are_rare": "warn",
        "enough_rows": "fail",
        "net_amount": "warn",
        "references(parent_id)": "fail",
    }


# The table layout before the level, warn level, value, target and error columns existed.
OLD_DDL = (
    "run_id STRING, time TIMESTAMP, contract STRING, version STRING, server STRING, "
    "check STRING, kind STRING, consumer STRING, row_count BIGINT, failed BIGINT, "
    "pass_rate DOUBLE, threshold DOUBLE, ok BOOLEAN, severity STRING, "
    "freshness_age_s DOUBLE, duration_s DOUBLE, source STRING"
)


def test_a_table_target_appends_through_spark_and_reports_read_it(
    spark: Any, orders: Path, tmp_path: Path
) -> None:
    """The table was created by an earlier version, with a row of its own: appends add
    the new columns, and the old row reads with its level taken from `ok`."""
    table = "h15_contract_results"
    spark.sql(f"DROP TABLE IF EXISTS {table}")
    spark.sql(f"CREATE TABLE {table} ({OLD_DDL}) USING parquet LOCATION '{tmp_path / 'table'}'")
    spark.sql(
        f"INSERT INTO {table} VALUES ('old', TIMESTAMP'2026-01-01 00:00:00', 'orders', '1.0.0', "
        "'local', 'positive_amounts', 'expectation', NULL, 10, 3, 0.7, 0.9, false, 'warn', "
        "NULL, 1.0, 'check')"
    )
    try:
        for _ in range(2):
            result = CliRunner().invoke(main, ["check", str(orders), "--record", f"table:{table}"])
            assert result.exit_code == 1, result.output
            assert f"recorded 11 result(s) to table {table}" in result.stderr
        assert spark.table(table).count() == 23
        assert "value_text" in spark.table(table).columns
        report = CliRunner().invoke(
            main,
            ["report", f"table:{table}", "--contracts", str(orders.parent), "--format", "json"],
        )
        assert report.exit_code == 0, report.output
        data = json.loads(report.stdout)
        assert data["runs"] == 3
        [contract] = data["contracts"]
        assert contract["status"] == "failing"
        positive = next(c for c in contract["checks"] if c["check"] == "positive_amounts")
        assert [p["level"] for p in positive["trend"]] == ["fail", "fail", "fail"]
        net = next(c for c in contract["checks"] if c["check"] == "net_amount")
        assert (net["level"], net["value"], net["value_text"]) == ("warn", 4.0, "4.00")
    finally:
        spark.sql(f"DROP TABLE IF EXISTS {table}")


def test_a_check_that_cannot_be_evaluated_is_recorded_with_its_error(
    spark: Any, tmp_path: Path
) -> None:
    """A dataset check that fails on this data and a reference whose target's data is not
    there: both recorded as errors (failed, with the reason), the other checks counted."""
    import contractkit
    from contractkit.history.keep import Validated, run_records
    from contractkit.spark import validate
    from contractkit.spark.references import References

    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "customers.yaml").write_text(
        'contract: {name: customers, version: "1.0.0", owner: o@example.com}\n'
        "schema: {fields: [{name: id, type: string}]}\n"
        'changelog: [{version: "1.0.0"}]\n'
        f"servers: [{{server: local, type: local, path: {tmp_path / 'nowhere'}, "
        "format: parquet}]\n"
    )
    (folder / "orders.yaml").write_text(
        'contract: {name: orders, version: "1.0.0", owner: o@example.com}\n'
        "schema:\n"
        "  fields:\n"
        "    - {name: order_id, type: string}\n"
        "    - {name: customer_id, type: string, references: customers.id}\n"
        "quality:\n"
        "  dataset:\n"
        '    - {name: numeric_ids, expression: "max(cast(order_id AS int)) > 0"}\n'
        '    - {name: some_rows, expression: "count(*) > 0", action: warn}\n'
        'changelog: [{version: "1.0.0"}]\n'
    )
    orders, customers = (contractkit.load(folder / f"{n}.yaml") for n in ("orders", "customers"))
    df = spark.createDataFrame([("o1", "c1"), ("o2", None)], "order_id string, customer_id string")
    report = validate(df, orders, references=References((customers,), server="local"))
    rows = {r.check: r for r in run_records([Validated(report, orders, "local", 1.0)], "check")}
    numeric, reference = rows["numeric_ids"], rows["references(customer_id)"]
    assert (numeric.level, numeric.ok, numeric.value_text) == ("fail", False, None)
    assert numeric.error is not None
    assert "o1" in numeric.error or "CAST" in numeric.error.upper()
    assert (reference.level, reference.failed, reference.pass_rate) == ("fail", None, None)
    assert reference.error is not None
    assert "cannot read" in reference.error
    assert (rows["some_rows"].level, rows["some_rows"].value_text) == ("ok", "2")
