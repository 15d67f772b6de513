"""`pytest --contracts` items for dataset checks and composite keys (issue 16), run by real
pytest (pytester, in-process) on the suite's SparkSession: fail levels fail the item, warn
levels pass it with a ContractWarning in the warnings summary."""

from __future__ import annotations

import re
from typing import Any

import pytest

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
    - {name: enough_rows, expression: "count(*) >= 1000"}
    - {name: small_average, expression: "avg(qty) < 100"}
    - {name: few_nulls, expression: "count_if(qty IS NULL) = 0", action: warn}
  unique:
    - {columns: [order_id, line_no], threshold: {fail: 50%, warn: 100%}}
    - {name: strict_key, columns: [line_no]}
consumers:
  - pipeline: finance
    dataset:
      - {name: big_total, expression: "sum(qty) > 50"}
changelog: [{version: "1.0.0"}]
servers:
  - {server: local, type: local, path: ../data/lines, format: parquet}
"""

ROWS = [("o1", 1, 3), ("o1", 1, -1), ("o2", 1, None), (None, 1, 2), ("o3", None, 5)]


@pytest.fixture
def project(pytester: pytest.Pytester, spark: Any) -> pytest.Pytester:
    pytester.makefile(".yaml", **{"contracts/lines": CONTRACT})
    frame = spark.createDataFrame(ROWS, "order_id string, line_no int, qty int")
    frame.coalesce(1).write.parquet(str(pytester.path / "data" / "lines"))
    return pytester


def test_dataset_and_unique_items_by_level(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "-rA", "-p", "no:cacheprovider")
    out = result.stdout.str()
    passed = set(re.findall(r"^PASSED (.+)$", out, re.MULTILINE))
    failed = set(re.findall(r"^FAILED (.+?) - ", out, re.MULTILINE))
    base = "contracts/lines.yaml::lines::"
    assert {f"{base}dataset[small_average]", f"{base}dataset[few_nulls]"} <= passed, out
    assert f"{base}unique[unique(order_id, line_no)]" in passed, out
    assert f"{base}quality[positive_qty]" in passed, out
    assert failed == {
        f"{base}dataset[enough_rows]",
        f"{base}unique[strict_key]",
        f"{base}consumer[finance]::dataset[big_total]",
    }, out
    assert "contracts/lines.yaml:11: dataset check enough_rows failed: count(*) >= 1000" in out
    assert "  does not hold (count(*) is 5)" in out
    assert "contracts/lines.yaml:16: unique key strict_key failed" in out
    # line_no 1 in four rows; the NULL one never collides
    assert "  strict_key: 4 of 5 rows share their key (20.000% unique), threshold 100%" in out
    # The warnings summary names the contract's line of each warn-level miss.
    assert "contracts/lines.yaml:13: ContractWarning: dataset check few_nulls missed" in out
    assert "contracts/lines.yaml:15: ContractWarning: unique key unique(order_id, line_no)" in out
    assert "contracts/lines.yaml:9: ContractWarning: expectation positive_qty is below" in out
    assert "(sum(qty) is 9)" in out  # 3 - 1 + 2 + 5; NULL adds nothing
    assert "Traceback" not in out


def test_markers_select_dataset_items(project: pytest.Pytester) -> None:
    result = project.runpytest("--contracts", "--co", "-q", "-m", "contract_dataset")
    result.stdout.fnmatch_lines(
        [
            "contracts/lines.yaml::lines::dataset?enough_rows?",
            "contracts/lines.yaml::lines::dataset?small_average?",
            "contracts/lines.yaml::lines::dataset?few_nulls?",
            "contracts/lines.yaml::lines::consumer?finance?::dataset?big_total?",
            "4/* tests collected*",
        ]
    )
    keys = project.runpytest("--contracts", "--co", "-q", "-k", "strict_key")
    keys.stdout.fnmatch_lines(["*::unique?strict_key?", "1/* tests collected*"])
    strict = project.runpytest("--contracts", "-q", "-W", "error::contractkit.ContractWarning")
    strict.stdout.fnmatch_lines(["*FAILED*dataset?few_nulls?*"])
