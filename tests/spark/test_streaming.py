"""Contracts on Structured Streaming, on the suite's local SparkSession: observed counts per
micro-batch against `validate` on the same files, `split` on a stream, the foreach_batch
writer under a replayed micro-batch. Small data (a few thousand rows), a checkpoint in a
temporary directory, and every query started here is stopped."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sparkjobs import spark_jobs

from contractkit.errors import ContractKitError, ContractViolationError
from contractkit.loader import load_string

pytestmark = pytest.mark.spark

ORDERS = """\
contract:
  name: orders
  version: "1.4.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  primary_key: [order_id]
  fields:
    - {name: order_id, type: string, nullable: false}
    - {name: amount, type: "decimal(18,2)", min: 0}
    - {name: status, type: string, allowed_values: [NEW, DONE]}
    - {name: updated_at, type: timestamp, nullable: false}
quality:
  expectations:
    - name: positive_amounts
      expression: amount > 0
      threshold: 90%
      action: drop
    - name: status_known
      expression: status <> 'LOST'
      action: drop
    - name: small_orders
      expression: amount < 900
      threshold: 50%
sla:
  freshness: "< 1 hour"
  freshness_column: updated_at
consumers:
  - pipeline: finance
    uses: [amount]
    freshness: "< 15 minutes"
    expectations:
      - {name: cents_only, expression: "amount = round(amount, 2)"}
changelog:
  - {version: "1.4.0"}
"""

SCHEMA = "order_id string, amount decimal(18,2), status string, updated_at timestamp"
T0 = dt.datetime(2026, 3, 1, 12, 0, 0)
FILES = 4
ROWS_PER_FILE = 750


def _row(i: int) -> tuple[Any, ...]:
    """Deterministic mess: NULLs (never violations), negatives, unknown statuses, NULL keys."""
    amount = None if i % 11 == 0 else Decimal(i % 1000) - Decimal(37 if i % 13 == 0 else 0)
    status = [None, "NEW", "DONE", "LOST", "NEW"][i % 5]
    order_id = None if i % 97 == 0 else f"o{i % 2900}"  # NULL keys and duplicates
    return (order_id, amount, status, T0 - dt.timedelta(seconds=i))


@pytest.fixture(scope="module")
def contract() -> Any:
    return load_string(ORDERS, "orders.yaml")


@pytest.fixture(scope="module")
def landing(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of parquet files, one per micro-batch when read one file per trigger."""
    folder = tmp_path_factory.mktemp("landing")
    for f in range(FILES):
        rows = [_row(f * ROWS_PER_FILE + i) for i in range(ROWS_PER_FILE)]
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write.mode("append").parquet(str(folder))
    return folder


def _stream(spark: Any, landing: Path) -> Any:
    return spark.readStream.schema(SCHEMA).option("maxFilesPerTrigger", 1).parquet(str(landing))


@contextmanager
def _running(writer: Any) -> Iterator[Any]:
    """Start an availableNow query and stop it whatever happens."""
    query = writer.trigger(availableNow=True).start()
    try:
        yield query
    finally:
        query.stop()


def test_summed_micro_batches_equal_validate_on_the_same_files(
    spark: Any, landing: Path, contract: Any, tmp_path: Path
) -> None:
    from contractkit.spark import observe, validate

    observed, metrics = observe(_stream(spark, landing), contract)
    writer = observed.writeStream.format("noop").option("checkpointLocation", str(tmp_path))
    with _running(writer) as query:
        query.awaitTermination()
        reports = metrics.reports(query)
        total = metrics.total(query)

    assert [r.batch_id for r in reports] == list(range(FILES))
    assert [r.row_count for r in reports] == [ROWS_PER_FILE] * FILES
    assert total.batches == FILES
    batch = validate(spark.read.schema(SCHEMA).parquet(str(landing)), contract, samples=0)
    assert total.row_count == batch.row_count == FILES * ROWS_PER_FILE
    assert [e.name for e in total.expectations] == [e.name for e in batch.expectations]
    for mine, theirs in zip(total.expectations, batch.expectations, strict=True):
        assert (mine.name, mine.failed, mine.ok) == (theirs.name, theirs.failed, theirs.ok)
        assert mine.failed == sum(r.expectation(mine.name).failed for r in reports)
    assert any(e.failed and not e.ok for e in batch.expectations)  # the data does fail some
    assert any(e.failed and e.ok for e in batch.expectations)  # and passes some thresholds
    finance, batch_finance = total.consumer("finance"), batch.consumer("finance")
    assert finance is not None
    assert batch_finance is not None
    assert [e.failed for e in finance.expectations] == [
        e.failed for e in batch_finance.expectations
    ]
    assert total.freshness is not None
    assert batch.freshness is not None
    assert total.freshness.latest == batch.freshness.latest.replace(tzinfo=dt.UTC)  # type: ignore[union-attr]
    assert total.uniqueness == ()  # an observation cannot count distinct keys


def test_a_micro_batch_freshness_is_its_event_time_lag(
    spark: Any, landing: Path, contract: Any, tmp_path: Path
) -> None:
    from contractkit.spark import observe

    observed, metrics = observe(_stream(spark, landing), contract)
    writer = observed.writeStream.format("noop").option("checkpointLocation", str(tmp_path))
    with _running(writer) as query:
        query.awaitTermination()
        first = metrics.reports(query)[0]
    assert first.freshness is not None
    assert first.freshness.latest == T0.replace(tzinfo=dt.UTC)  # row 0 of file 0 is newest
    progress = query.recentProgress[0]
    trigger = dt.datetime.fromisoformat(progress["timestamp"].replace("Z", "+00:00"))
    assert first.freshness.now == trigger
    assert not first.freshness.ok  # the data is months old at the trigger


def test_observe_on_a_batch_frame_reports_without_another_job(
    spark: Any, landing: Path, contract: Any, tmp_path: Path
) -> None:
    from contractkit.spark import observe, validate

    df = spark.read.schema(SCHEMA).parquet(str(landing))
    observed, metrics = observe(df, contract)
    observed.write.parquet(str(tmp_path / "out"))  # the pipeline's own action
    reports = []
    assert (
        spark_jobs(
            spark, "contractkit-observe-report", lambda: reports.append(metrics.report(now=T0))
        )
        == 0
    )
    (report,) = reports
    expected = validate(df, contract, now=T0, samples=0)
    assert report.row_count == expected.row_count
    assert [(e.name, e.failed, e.ok) for e in report.expectations] == [
        (e.name, e.failed, e.ok) for e in expected.expectations
    ]
    assert report.freshness == expected.freshness


def test_an_expression_spark_rejects_is_that_expectations_error(
    spark: Any, landing: Path, tmp_path: Path
) -> None:
    from contractkit.spark import observe

    text = ORDERS.replace("expression: amount < 900", "expression: no_such_function(amount)")
    observed, metrics = observe(_stream(spark, landing), load_string(text, "orders.yaml"))
    writer = observed.writeStream.format("noop").option("checkpointLocation", str(tmp_path))
    with _running(writer) as query:
        query.awaitTermination()
        total = metrics.total(query)
    broken = total.expectation("small_orders")
    assert broken.error is not None
    assert "no_such_function" in broken.error
    assert total.expectation("positive_amounts").failed > 0  # the rest still counted
    with pytest.raises(ContractKitError, match="report\\(\\) is for a batch"):
        metrics.report()


def test_split_on_a_stream_puts_every_row_in_exactly_one_sink(
    spark: Any, landing: Path, contract: Any, tmp_path: Path
) -> None:
    from contractkit.spark import split
    from contractkit.spark.quarantine import QUARANTINE_COLUMNS

    valid, quarantine = split(_stream(spark, landing), contract, run_id="run-7")
    for name, frame in (("valid", valid), ("quarantine", quarantine)):
        writer = (
            frame.writeStream.format("parquet")
            .option("path", str(tmp_path / name))
            .option("checkpointLocation", str(tmp_path / f"{name}-checkpoint"))
        )
        with _running(writer) as query:
            query.awaitTermination()
    kept = spark.read.parquet(str(tmp_path / "valid"))
    held = spark.read.parquet(str(tmp_path / "quarantine"))
    source = spark.read.schema(SCHEMA).parquet(str(landing))
    assert kept.count() + held.count() == source.count()
    columns = source.columns
    both = kept.select(columns).unionAll(held.select(columns))
    assert both.exceptAll(source).count() == 0
    assert source.exceptAll(both).count() == 0
    assert held.columns == columns + list(QUARANTINE_COLUMNS)
    meta = {
        tuple(r) for r in held.select(*QUARANTINE_COLUMNS[:2], *QUARANTINE_COLUMNS[3:]).collect()
    }
    assert meta == {("orders", "1.4.0", "run-7", None)}
    lost = held.filter("array_contains(_contract_violations, 'status_known')")
    assert lost.count() == source.filter("status = 'LOST'").count()
    # NULL-safe: a NULL amount or status violates nothing
    assert held.filter("amount IS NULL AND (status IS NULL OR status <> 'LOST')").count() == 0


def test_a_violated_fail_expectation_stops_the_stream_naming_it(
    spark: Any, landing: Path, tmp_path: Path
) -> None:
    from pyspark.errors import StreamingQueryException

    from contractkit.spark import split

    text = ORDERS.replace(
        "expression: status <> 'LOST'\n      action: drop",
        "expression: status <> 'LOST'\n      action: fail",
    )
    valid, _ = split(_stream(spark, landing), load_string(text, "orders.yaml"))
    writer = valid.writeStream.format("noop").option("checkpointLocation", str(tmp_path))
    with _running(writer) as query, pytest.raises(StreamingQueryException, match="status_known"):
        query.awaitTermination()


def _sink_rows(spark: Any, path: Path) -> list[tuple[Any, ...]]:
    return sorted(
        (tuple(r) for r in spark.read.parquet(str(path)).collect()),
        key=lambda row: tuple((v is None, str(v)) for v in row),
    )


def test_foreach_batch_writes_nothing_twice_when_a_batch_is_replayed(
    spark: Any, landing: Path, contract: Any, tmp_path: Path
) -> None:
    from contractkit.spark import foreach_batch

    seen: list[tuple[int, int]] = []
    writer = foreach_batch(
        contract,
        valid=str(tmp_path / "valid"),
        quarantine=str(tmp_path / "quarantine"),
        on_report=lambda batch_id, report: seen.append((batch_id, report.row_count)),
    )
    checkpoint = tmp_path / "checkpoint"

    def run() -> None:
        stream = _stream(spark, landing).writeStream.foreachBatch(writer)
        with _running(stream.option("checkpointLocation", str(checkpoint))) as query:
            query.awaitTermination()

    run()
    assert seen == [(b, ROWS_PER_FILE) for b in range(FILES)]
    valid, quarantine = (_sink_rows(spark, tmp_path / n) for n in ("valid", "quarantine"))
    assert len(valid) + len(quarantine) == FILES * ROWS_PER_FILE
    # Forget that the last micro-batch committed: Spark replays it, with the same id.
    for entry in (str(FILES - 1), f".{FILES - 1}.crc"):
        (checkpoint / "commits" / entry).unlink(missing_ok=True)
    run()
    assert seen[-1] == (FILES - 1, ROWS_PER_FILE)  # the batch did run again
    assert _sink_rows(spark, tmp_path / "valid") == valid
    assert _sink_rows(spark, tmp_path / "quarantine") == quarantine
    # A retried call with batch 0's rows (the oldest file, as the file source reads them).
    oldest = min(landing.glob("*.parquet"), key=lambda f: f.stat().st_mtime_ns)
    writer(spark.read.schema(SCHEMA).parquet(str(oldest)), 0)
    assert _sink_rows(spark, tmp_path / "valid") == valid
    assert _sink_rows(spark, tmp_path / "quarantine") == quarantine


def test_foreach_batch_stops_before_writing_a_batch_that_violates_a_fail_expectation(
    spark: Any, landing: Path, tmp_path: Path
) -> None:
    from pyspark.errors import StreamingQueryException

    from contractkit.spark import foreach_batch

    text = ORDERS.replace(
        "expression: amount > 0\n      threshold: 90%\n      action: drop",
        "expression: amount > 0\n      action: fail",
    )
    writer = foreach_batch(
        load_string(text, "orders.yaml"),
        valid=str(tmp_path / "valid"),
        quarantine=str(tmp_path / "quarantine"),
    )
    stream = _stream(spark, landing).writeStream.foreachBatch(writer)
    with (
        _running(stream.option("checkpointLocation", str(tmp_path / "cp"))) as query,
        pytest.raises(StreamingQueryException, match="positive_amounts"),
    ):
        query.awaitTermination()
    assert not (tmp_path / "valid").exists()
    assert ContractViolationError.__name__ in str(query.exception())
    shutil.rmtree(tmp_path / "cp")


def test_the_generated_quarantine_predicate_selects_what_split_quarantines(
    spark: Any, landing: Path
) -> None:
    """On a batch read of the same messy files (NULLs included), with a fail expectation that
    holds: QUARANTINE is TRUE exactly for split's quarantine rows, never NULL."""
    from contractkit.codegen.python_module import render_module
    from contractkit.spark import split

    text = ORDERS.replace(
        "      expression: amount < 900\n      threshold: 50%\n",
        "      expression: amount < 5000\n      action: fail\n",
    )
    contract = load_string(text, "orders.yaml")
    module: dict[str, Any] = {}
    exec(render_module(contract, None), module)  # our own generated module
    predicate = module["QUARANTINE"]
    assert "amount < 5000" in predicate  # fail expectations are part of it
    df = spark.read.schema(SCHEMA).parquet(str(landing))
    _, quarantine = split(df, contract)
    columns = df.columns
    assert df.filter(f"({predicate}) IS NULL").count() == 0
    chosen = df.filter(predicate)
    assert chosen.count() == quarantine.count() > 0
    assert chosen.exceptAll(quarantine.select(columns)).count() == 0
    assert df.filter(f"NOT ({predicate})").count() + chosen.count() == df.count()
