"""The Parquet results store: round trip, parallel writers, clear errors. No JVM."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from contractkit.history.records import COLUMNS, records_from_report
from contractkit.history.store import HistoryError, Target, append, read
from contractkit.validation import (
    ConsumerResult,
    ExpectationResult,
    FreshnessResult,
    SchemaIssue,
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
