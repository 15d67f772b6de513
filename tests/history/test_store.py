"""The Parquet results store: round trip, parallel writers, clear errors. No JVM."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from contractkit.history.records import COLUMNS, records_from_report
from contractkit.history.store import HistoryError, Target, append, read
from contractkit.validation import (
    ConsumerResult,
    DatasetResult,
    ExpectationResult,
    FreshnessResult,
    ReferenceResult,
    SchemaIssue,
    UniqueKeyResult,
    UniquenessResult,
    ValidationReport,
)
from contractkit.values import parse_duration

pytest.importorskip(
    "pyarrow", reason="pyarrow is not installed: pip install 'contractkit[history]'"
)

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _report() -> ValidationReport:
    return ValidationReport(
        contract="orders",
        version="2.0.0",
        row_count=1000,
        schema_issues=(SchemaIssue("missing_column", "status", "column 'status' is missing"),),
        expectations=(
            ExpectationResult("positive_amounts", "amount > 0", Decimal("0.999"), "drop", 1000, 5),
            ExpectationResult(
                "order_id_not_null",
                "order_id IS NOT NULL",
                Decimal(1),
                "warn",
                1000,
                0,
                derived=True,
            ),
        ),
        freshness=FreshnessResult(
            parse_duration("< 15 minutes"),
            "updated_at",
            NOW - dt.timedelta(hours=2),
            NOW,
            "column",
        ),
        uniqueness=(UniquenessResult(("order_id",), "primary_key", duplicates=3, null_keys=1),),
        consumers=(
            ConsumerResult(
                "gold",
                (ExpectationResult("recent", "amount < 100", Decimal("0.5"), "warn", 1000, 10),),
            ),
        ),
    )


def test_every_result_of_a_report_becomes_one_row() -> None:
    rows = records_from_report(
        _report(), run_id="r1", time=NOW, server="prod", duration_s=2.5, source="check"
    )
    summary = [(r.check, r.kind, r.failed, r.ok, r.severity) for r in rows]
    assert summary == [
        ("schema", "schema", 1, False, "error"),
        ("positive_amounts", "expectation", 5, False, "drop"),
        ("order_id_not_null", "constraint", 0, True, "warn"),
        ("primary_key(order_id)", "uniqueness", 4, False, "error"),
        ("freshness", "freshness", None, False, "error"),
        ("gold:recent", "consumer_expectation", 10, True, "warn"),
    ]
    positive = rows[1]
    assert (positive.row_count, positive.pass_rate, positive.threshold) == (1000, 0.995, 0.999)
    assert rows[4].freshness_age_s == 7200.0
    assert rows[4].threshold == 900.0
    assert rows[5].consumer == "gold"
    assert {r.run_id for r in rows} == {"r1"}
    assert {r.duration_s for r in rows} == {2.5}


def test_rows_round_trip_through_a_folder(tmp_path: Path) -> None:
    rows = records_from_report(
        _report(), run_id="r1", time=NOW, server=None, duration_s=None, source="pytest"
    )
    written = append(str(tmp_path / "history"), rows)
    assert written is not None
    assert written.endswith(".parquet")
    assert read(str(tmp_path / "history")) == rows
    assert read(written) == rows  # one file reads too
    assert [n for n in os.listdir(tmp_path / "history") if n.startswith(".")] == []


def test_the_files_are_plain_parquet_with_the_documented_columns(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    rows = records_from_report(
        _report(), run_id="r1", time=NOW, server="prod", duration_s=1.0, source="check"
    )
    table = pq.read_table(append(str(tmp_path), rows))
    assert tuple(table.column_names) == COLUMNS
    assert str(table.schema.field("time").type) == "timestamp[us, tz=UTC]"


WRITER = """
import datetime as dt, sys
from contractkit.history.records import ResultRecord
from contractkit.history.store import append
folder, worker = sys.argv[1], int(sys.argv[2])
for run in range(5):
    rows = [
        ResultRecord(f"w{worker}-r{run}", dt.datetime(2026, 6, 1, tzinfo=dt.UTC), "orders", "1.0.0",
                     None, f"check_{i}", "expectation", None, 100, i, 1 - i / 100, 0.9, True,
                     "warn", None, 0.1, "check")
        for i in range(40)
    ]
    append(folder, rows)
"""


def test_parallel_processes_appending_to_one_folder_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "history"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(worker)], env=env)
        for worker in range(6)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0] * 6
    rows = read(str(folder))
    assert len(rows) == 6 * 5 * 40
    assert len({(r.run_id, r.check) for r in rows}) == len(rows)
    assert len(os.listdir(folder)) == 30  # one file per run, no temporary left


def test_table_targets_are_told_apart_from_folders() -> None:
    assert Target.parse("main.ops.results") == Target(folder="main.ops.results")
    assert Target.parse("table:main.ops.results") == Target(table="main.ops.results")
    with pytest.raises(HistoryError, match="names no table"):
        Target.parse("table:")


def test_unreadable_histories_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match=r"no results history at .*--record"):
        read(str(tmp_path / "missing"))
    (tmp_path / "broken.parquet").write_text("not parquet")
    with pytest.raises(HistoryError, match=r"broken\.parquet: not a readable results file"):
        read(str(tmp_path))


def test_a_parquet_file_of_another_layout_is_named(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"x": [1]}), tmp_path / "other.parquet")
    with pytest.raises(HistoryError, match=r"other.parquet: not a contractkit results file"):
        read(str(tmp_path))


def test_rows_serialise_to_json() -> None:
    rows = records_from_report(
        _report(), run_id="r1", time=NOW, server="prod", duration_s=1.0, source="check"
    )
    assert json.loads(json.dumps(rows[0].to_dict()))["time"] == "2026-06-01T12:00:00+00:00"


def _issue16_report() -> ValidationReport:
    """One of each result kind that came with dataset checks and warn levels, hand-made."""
    fifteen = parse_duration("< 15 minutes")
    return ValidationReport(
        contract="orders",
        version="3.0.0",
        row_count=2000,
        expectations=(
            ExpectationResult(
                "amount_not_negative",
                "amount >= 0",
                Decimal("0.99"),
                "warn",
                2000,
                10,
                warn_threshold=Decimal("0.999"),
            ),
            ExpectationResult("odd", "amount <> 1", Decimal(1), "fail", 2000, 0, error="bad"),
        ),
        dataset=(
            DatasetResult("enough_rows", "count(*) >= 5000", "fail", False, "count(*)", 2000),
            DatasetResult(
                "average", "avg(amount) < 10", "warn", False, "avg(amount)", Decimal("12.50")
            ),
            DatasetResult("has_rows", "count(*) > 0 AND true", "fail", True),
            DatasetResult("broken", "max(nope) > 0", "fail", None, error="no column 'nope'"),
        ),
        unique=(
            UniqueKeyResult(
                "one_row_per_event",
                ("order_id", "order_type"),
                duplicates=4,
                rows=2000,
                threshold=Decimal("0.99"),
                warn_threshold=Decimal("0.999"),
            ),
            UniqueKeyResult("unique(a, b)", ("a", "b"), 0, 2000, Decimal(1), error="no 'a'"),
        ),
        references=(
            ReferenceResult(
                "customer_id", "customers.customer_id", orphans=40, samples=("c9", "c8")
            ),
            ReferenceResult(
                "seller_id", "sellers.seller_id", error="cannot read /data/sellers: not found"
            ),
        ),
        freshness=FreshnessResult(
            fifteen,
            "updated_at",
            NOW - dt.timedelta(minutes=12),
            NOW,
            "column",
            warn_limit=parse_duration("< 10 minutes"),
        ),
        consumers=(
            ConsumerResult(
                "gold",
                dataset=(
                    DatasetResult("big_enough", "count(*) > 100", "fail", True, "count(*)", 2000),
                ),
            ),
        ),
    )


def test_every_new_result_kind_becomes_a_row_with_its_level_value_and_error() -> None:
    rows = records_from_report(
        _issue16_report(), run_id="r2", time=NOW, server="prod", duration_s=1.0, source="check"
    )
    summary = [
        (r.check, r.kind, r.level, r.ok, r.failed, r.value, r.value_text, r.error) for r in rows
    ]
    assert summary == [
        ("schema", "schema", "ok", True, 0, None, None, None),
        ("amount_not_negative", "expectation", "warn", True, 10, None, None, None),
        ("odd", "expectation", "fail", False, None, None, None, "bad"),
        ("enough_rows", "dataset", "fail", False, None, 2000.0, "2000", None),
        ("average", "dataset", "warn", True, None, 12.5, "12.50", None),
        ("has_rows", "dataset", "ok", True, None, None, "true", None),
        ("broken", "dataset", "fail", False, None, None, None, "no column 'nope'"),
        ("one_row_per_event", "unique_key", "warn", True, 4, None, None, None),
        ("unique(a, b)", "unique_key", "fail", False, None, None, None, "no 'a'"),
        ("references(customer_id)", "reference", "fail", False, 40, None, None, None),
        (
            "references(seller_id)",
            "reference",
            "fail",
            False,
            None,
            None,
            None,
            "cannot read /data/sellers: not found",
        ),
        ("freshness", "freshness", "warn", True, None, None, None, None),
        ("gold:big_enough", "consumer_dataset", "ok", True, None, 2000.0, "2000", None),
    ]
    by_check = {r.check: r for r in rows}
    warned = by_check["amount_not_negative"]
    assert (warned.threshold, warned.warn_threshold, warned.pass_rate) == (0.99, 0.999, 0.995)
    key = by_check["one_row_per_event"]
    assert (key.row_count, key.pass_rate, key.threshold, key.warn_threshold) == (
        2000,
        0.998,
        0.99,
        0.999,
    )
    assert (by_check["enough_rows"].severity, by_check["average"].severity) == ("fail", "warn")
    reference = by_check["references(customer_id)"]
    assert (reference.target, reference.pass_rate, reference.threshold) == (
        "customers.customer_id",
        0.98,
        1.0,
    )
    fresh = by_check["freshness"]
    assert (fresh.freshness_age_s, fresh.threshold, fresh.warn_threshold) == (720.0, 900.0, 600.0)
    assert by_check["gold:big_enough"].consumer == "gold"


def test_the_new_kinds_round_trip_through_a_folder(tmp_path: Path) -> None:
    rows = records_from_report(
        _issue16_report(), run_id="r2", time=NOW, server=None, duration_s=None, source="pytest"
    )
    append(str(tmp_path / "history"), rows)
    assert read(str(tmp_path / "history")) == rows


# The columns of a history file before levels and dataset checks were recorded.
PREVIOUS_COLUMNS = COLUMNS[: COLUMNS.index("level")]


def _write_previous_layout(path: Path, rows: list[Any]) -> None:
    """A file as the earlier writer made it: its column list, its types, no new column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from contractkit.history.store import arrow_schema

    schema = pa.schema([arrow_schema(pa).field(name) for name in PREVIOUS_COLUMNS])
    columns = {name: [getattr(r, name) for r in rows] for name in PREVIOUS_COLUMNS}
    pq.write_table(pa.table(columns, schema=schema), path)


def test_a_folder_written_with_the_previous_columns_still_reads(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    assert PREVIOUS_COLUMNS == (
        "run_id",
        "time",
        "contract",
        "version",
        "server",
        "check",
        "kind",
        "consumer",
        "row_count",
        "failed",
        "pass_rate",
        "threshold",
        "ok",
        "severity",
        "freshness_age_s",
        "duration_s",
        "source",
    )
    folder = tmp_path / "history"
    folder.mkdir()
    earlier = NOW - dt.timedelta(days=1)
    old = records_from_report(
        _report(), run_id="r0", time=earlier, server="prod", duration_s=2.0, source="check"
    )
    _write_previous_layout(folder / "20260531T120000-r0-aaaaaaaa.parquet", old)
    assert pq.read_schema(folder / "20260531T120000-r0-aaaaaaaa.parquet").names == list(
        PREVIOUS_COLUMNS
    )
    new = records_from_report(
        _issue16_report(), run_id="r1", time=NOW, server="prod", duration_s=1.0, source="check"
    )
    append(str(folder), new)

    rows = read(str(folder))
    assert rows[len(old) :] == new
    read_old = rows[: len(old)]
    assert [(r.check, r.ok, r.level) for r in read_old] == [
        ("schema", False, "fail"),
        ("positive_amounts", False, "fail"),
        ("order_id_not_null", True, "ok"),
        ("primary_key(order_id)", False, "fail"),
        ("freshness", False, "fail"),
        ("gold:recent", True, "ok"),
    ]
    assert {(r.warn_threshold, r.value, r.value_text, r.target, r.error) for r in read_old} == {
        (None, None, None, None, None)
    }
    assert [r.failed for r in read_old] == [r.failed for r in old]
    assert read(str(folder / "20260531T120000-r0-aaaaaaaa.parquet")) == read_old  # one file


def test_a_foreign_file_among_old_and_new_ones_is_still_named(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    old = records_from_report(
        _report(), run_id="r0", time=NOW, server=None, duration_s=None, source="check"
    )
    _write_previous_layout(tmp_path / "a.parquet", old)
    pq.write_table(pa.table({"x": [1]}), tmp_path / "b.parquet")
    with pytest.raises(HistoryError, match=r"b.parquet: not a contractkit results file"):
        read(str(tmp_path))


def test_a_row_never_passes_and_fails_at_once() -> None:
    [row] = records_from_report(
        ValidationReport("t", "1", 0),
        run_id="r",
        time=NOW,
        server=None,
        duration_s=None,
        source="check",
    )
    assert row.level == "ok"
    assert replace(row, ok=False).level == "fail"  # ok decides: a failing row is "fail"
    assert replace(row, ok=True, level="warn").level == "warn"
    assert replace(row, ok=True, level="fail").level == "ok"
