"""`contractkit check` as a user runs it: the installed command, a fresh process, real Spark."""

from __future__ import annotations

import json
import os
import re
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
    assert f"error: cannot read {tmp_path / 'no'}: [PATH_NOT_FOUND]" in missing.output
    assert missing.exc_info is None or missing.exc_info[0] is SystemExit


# -- messy data: what `check` says about it (docs/cli.md, "Bad data") ----------------------

CSV_CONTRACT = """\
contract: {name: people, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: int, nullable: false}
    - {name: name, type: string}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: people.csv, format: csv}
  - {server: semicolons, type: local, path: people.txt, format: csv, options: {sep: ";"}}
"""


def _check(*args: str) -> Any:
    return CliRunner().invoke(main, ["check", *args], prog_name="contractkit")


@pytest.mark.spark
def test_csv_header_is_read_and_columns_are_matched_by_name(spark: Any, tmp_path: Path) -> None:
    contract = tmp_path / "people.yaml"
    contract.write_text(CSV_CONTRACT)
    (tmp_path / "people.csv").write_text("name,id\nann,1\nbob,2\n")  # reordered header
    result = _check(str(contract), "--server", "local", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["row_count"] == 2  # the header is no row
    assert [i for i in report["schema_issues"] if i["level"] == "error"] == []
    (tmp_path / "people.csv").write_text("ident,name\n1,ann\n2,bob\n")  # renamed header
    result = _check(str(contract), "--server", "local")
    assert result.exit_code == 1
    assert "column 'id' (int) is missing" in result.output
    assert "column 'ident' (string) is not in the contract" in result.output
    # Reader options: the server's `options`, and --option on top of them.
    (tmp_path / "people.txt").write_text("id;name\n1;ann\n")
    assert _check(str(contract), "--server", "semicolons").exit_code == 0
    result = _check(str(contract), "--server", "semicolons", "--option", "sep=,")
    assert result.exit_code == 1  # one column "id;name": both contract columns missing


@pytest.mark.spark
def test_check_reads_pyproject_bindings(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = tmp_path / "people.yaml"
    contract.write_text(CSV_CONTRACT)
    (tmp_path / "elsewhere.csv").write_text("id,name\n1,ann\n2,bob\n3,cy\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.contractkit.bindings.local]\npeople = {path = "elsewhere.csv", format = "csv"}\n'
    )
    monkeypatch.chdir(tmp_path)
    result = _check(str(contract), "--server", "local", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["row_count"] == 3


@pytest.mark.spark
def test_unreadable_data_is_one_line_for_check_and_infer(spark: Any, tmp_path: Path) -> None:
    contract = tmp_path / "orders.yaml"
    contract.write_text(CONTRACT)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "part-0.parquet").write_bytes(bytes(range(256)) * 8)
    result = _check(str(contract))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error: cannot read {tmp_path / 'data'} (server local): [")
    assert "FAILED_READ_FILE" in lines[0]
    # docs/cli.md ("Bad data") shows this line's form; the output keeps to it.
    page = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    template = "error: cannot read <path or table> (<where it came from>): [<ERROR_CLASS>]"
    assert template in page
    assert re.fullmatch(r"error: cannot read \S+ \(server local\): \[[A-Z_.]+\] .+", lines[0])
    drafted = CliRunner().invoke(
        main, ["infer", "--path", str(tmp_path / "data"), "--format", "parquet"]
    )
    assert drafted.exit_code == 2
    assert drafted.output.startswith(f"error: cannot read {tmp_path / 'data'}: [")
    assert len(drafted.output.strip().splitlines()) == 1


@pytest.mark.spark
@pytest.mark.skipif(shutil.which("contractkit") is None, reason="contractkit is not installed")
def test_installed_check_on_a_corrupt_file_prints_one_line_and_logs_to_a_file(
    spark: Any, tmp_path: Path
) -> None:
    """A fresh process: Spark starts, fails to read, and its own log stays out of sight."""
    contract = tmp_path / "orders.yaml"
    contract.write_text(CONTRACT)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "part-0.parquet").write_bytes(bytes(range(256)) * 8)
    log = tmp_path / "spark.log"
    run = subprocess.run(
        ["contractkit", "check", str(contract)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CONTRACTKIT_SPARK_LOG": str(log)},
        timeout=300,
    )
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    # The JVM itself may announce its incubator modules; Spark says nothing.
    said = [line for line in run.stderr.splitlines() if not line.startswith("WARNING: Using")]
    assert len(said) == 1, run.stderr
    assert said[0].startswith(f"error: cannot read {tmp_path / 'data'} (server local): [")
    assert "ERROR" in log.read_text()  # Spark's own account is kept, in the log file
