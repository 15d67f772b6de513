"""`contractkit check` as a user runs it: the installed command, a fresh process, real Spark."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from contractkit.cli import main

CONTRACT = """\
contract: {name: orders, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: string, nullable: false}
    - {name: amount, type: "decimal(18,2)"}
quality:
  expectations:
    - {name: positive_amounts, expression: amount > 0, threshold: 90%}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: data, format: parquet}
"""


def test_usage_errors_need_no_spark(tmp_path: Path) -> None:
    contract = tmp_path / "orders.yaml"
    contract.write_text(CONTRACT)
    result = CliRunner().invoke(main, ["check", str(contract), "--server", "a", "--table", "t"])
    assert result.exit_code == 2
    assert "at most one of --server, --path and --table" in result.output
    result = CliRunner().invoke(main, ["check", str(contract), "--data-format", "csv"])
    assert result.exit_code == 2


@pytest.mark.spark
@pytest.mark.skipif(shutil.which("contractkit") is None, reason="contractkit is not installed")
def test_check_reports_and_exits_by_the_outcome(spark: Any, tmp_path: Path) -> None:
    contract = tmp_path / "orders.yaml"
    contract.write_text(CONTRACT)
    rows = [(f"o{i}", Decimal("1.00")) for i in range(8)] + [("x", Decimal("-1.00"))] * 2
    spark.createDataFrame(rows, "order_id string, amount decimal(18,2)").write.parquet(
        str(tmp_path / "data")
    )
    run = subprocess.run(
        ["contractkit", "check", str(contract), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    positive = next(e for e in report["expectations"] if e["name"] == "positive_amounts")
    assert (positive["failed"], positive["ok"], report["row_count"]) == (2, False, 10)
    # In-process (the suite's session is reused): unreadable data is one clear line.
    missing = CliRunner().invoke(main, ["check", str(contract), "--path", str(tmp_path / "no")])
    assert missing.exit_code == 2
    assert "cannot read the data: PATH_NOT_FOUND: Path does not exist: file:" in missing.output
    assert missing.exc_info is None or missing.exc_info[0] is SystemExit
