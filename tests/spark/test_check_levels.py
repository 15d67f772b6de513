"""`contractkit check` on dataset checks, composite keys and warn levels (issue 16): warnings
print and exit 0, any fail level exits 1."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from contractkit.cli import main

pytestmark = pytest.mark.spark

CONTRACT = """\
contract: {name: lines, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: string}
    - {name: line_no, type: int}
    - {name: qty, type: int}
quality:
  expectations:
    - {name: positive_qty, expression: qty > 0, threshold: {fail: 50%, warn: 100%}}
  dataset:
    - {name: enough_rows, expression: "count(*) >= MIN_ROWS", action: ACTION}
    - {name: small_average, expression: "avg(qty) < 100"}
  unique:
    - {columns: [order_id, line_no], threshold: {fail: 50%, warn: 100%}}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: data, format: parquet}
"""

ROWS = [("o1", 1, 3), ("o1", 1, -1), ("o2", 1, None), (None, 1, 2), ("o3", None, 5)]


def _contract(tmp_path: Path, min_rows: int, action: str) -> Path:
    path = tmp_path / "lines.yaml"
    path.write_text(CONTRACT.replace("MIN_ROWS", str(min_rows)).replace("ACTION", action))
    return path


@pytest.fixture
def data(spark: Any, tmp_path: Path) -> Path:
    spark.createDataFrame(ROWS, "order_id string, line_no int, qty int").write.parquet(
        str(tmp_path / "data")
    )
    return tmp_path


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="contractkit is not installed")
def test_warnings_print_and_exit_0(data: Path) -> None:
    contract = _contract(data, 1000, "warn")
    run = subprocess.run(
        ["contractkit", "check", str(contract)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # qty: 3 pass, -1 fails, NULL is no violation: 4 of 5 pass. (o1, 1) twice: 2 rows
    # share their key; NULL key columns never collide. avg(qty) = (3 - 1 + 2 + 5) / 4.
    printed = run.stdout.replace(str(data / "data"), "<data>").splitlines()
    assert printed == _documented(), "docs/validation.md shows other output"
    assert printed[0].endswith(": PASSED with 3 warnings, 5 rows")
    assert "  warn enough_rows    count(*) >= 1000: does not hold (count(*) is 5)" in printed
    assert "2 of 5 rows share their key (60.000% unique)" in run.stdout


def _documented() -> list[str]:
    page = (Path(__file__).parents[2] / "docs" / "validation.md").read_text("utf-8")
    marker = "<!-- output of: contractkit check <tests/spark/test_check_levels.py> -->\n```text\n"
    return page.split(marker, 1)[1].split("```", 1)[0].splitlines()


def test_a_fail_level_exits_1_and_json_has_the_sections(data: Path) -> None:
    contract = _contract(data, 1000, "fail")
    result = CliRunner().invoke(main, ["check", str(contract), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert (report["ok"], report["level"]) == (False, "fail")
    assert [(d["name"], d["value"], d["level"]) for d in report["dataset"]] == [
        ("enough_rows", 5, "fail"),
        ("small_average", 2.25, "ok"),
    ]
    (key,) = report["unique"]
    assert (key["label"], key["duplicates"], key["rows"], key["level"]) == (
        "unique(order_id, line_no)",
        2,
        5,
        "warn",
    )
    assert len(report["warnings"]) == 2
    passing = _contract(data, 5, "fail")
    text = CliRunner().invoke(main, ["check", str(passing)])
    assert text.exit_code == 0, text.output
    assert "  ok   enough_rows    count(*) >= 5: holds (count(*) is 5)" in text.output
