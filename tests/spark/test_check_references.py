"""`contractkit check` with references: the referenced contract found in the checked one's
folder (or --references-from), its data located by the same server, one join each."""

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

ORDERS = """\
contract: {name: orders, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: bigint}
    - {name: customer_id, type: string, references: silver.customers.customer_id}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: orders, format: parquet}
"""
CUSTOMERS = """\
contract: {name: silver.customers, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: customer_id, type: string}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: customers, format: parquet}
"""


@pytest.fixture
def folder(spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "orders.yaml").write_text(ORDERS)
    rows = [(1, "a"), (2, None), (3, "zz"), (4, "b"), (5, None), (6, "zz"), (7, "q")]
    spark.createDataFrame(rows, "order_id bigint, customer_id string").write.parquet(
        str(tmp_path / "orders")
    )
    customers = [("a",), ("b",), (None,), ("c",)]
    spark.createDataFrame(customers, "customer_id string").write.parquet(
        str(tmp_path / "customers")
    )
    return tmp_path


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="contractkit is not installed")
def test_the_referenced_contract_in_the_same_folder(folder: Path) -> None:
    (folder / "customers.yaml").write_text(CUSTOMERS)
    run = subprocess.run(
        ["contractkit", "check", str(folder / "orders.yaml"), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    (reference,) = json.loads(run.stdout)["references"]
    # 5 non-NULL values: a and b exist, zz, zz and q do not.
    assert reference == {
        "field": "customer_id",
        "target": "silver.customers.customer_id",
        "orphans": 3,
        "samples": ["q", "zz"],
        "ok": False,
        "level": "fail",
        "error": None,
    }


def test_references_from_another_folder_and_the_text_report(folder: Path) -> None:
    elsewhere = folder / "silver"
    elsewhere.mkdir()
    (elsewhere / "customers.yaml").write_text(
        CUSTOMERS.replace("path: customers", f"path: {folder / 'customers'}")
    )
    without = CliRunner().invoke(main, ["check", str(folder / "orders.yaml")])
    assert without.exit_code == 1
    assert "references:\n  FAIL customer_id -> silver.customers.customer_id: could not be " in (
        without.output
    )
    assert "names no contract among those given (orders)" in without.output
    found = CliRunner().invoke(
        main, ["check", str(folder / "orders.yaml"), "--references-from", str(elsewhere)]
    )
    assert found.exit_code == 1, found.output
    assert (
        "  FAIL customer_id -> silver.customers.customer_id: 3 row(s) hold a value missing "
        "from silver.customers.customer_id (e.g. 'q', 'zz')" in found.output
    )


def test_an_unreadable_target_is_a_failed_entry_not_a_traceback(folder: Path) -> None:
    (folder / "customers.yaml").write_text(CUSTOMERS.replace("path: customers", "path: gone"))
    result = CliRunner().invoke(main, ["check", str(folder / "orders.yaml"), "--format", "json"])
    assert result.exit_code == 1, result.output
    (reference,) = json.loads(result.output)["references"]
    assert reference["level"] == "fail"
    assert reference["error"].startswith("the data of contract 'silver.customers': cannot read ")
    assert "[PATH_NOT_FOUND]" in reference["error"]
