"""Values that do not parse as the contract's types are counted, never passed as NULLs:
CSV and JSON through `read_path` and the installed `contractkit check`, and a DataFrame
read with Spark's own corrupt-record column. Hand-counted on files written here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sparkjobs import spark_jobs

from contractkit.errors import DataReadError
from contractkit.loader import load_string
from contractkit.spark.sources import read_path

pytestmark = pytest.mark.spark

CONTRACT = """\
contract: {name: payments, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: int}
    - {name: amount, type: "decimal(10,2)"}
    - {name: paid_on, type: date}
    - {name: note, type: string}
quality:
  expectations:
    - {name: positive, expression: amount > 0}
changelog: [{version: "1.0.0"}]
servers:
  - {server: csv, type: local, path: payments.csv, format: csv}
  - {server: json, type: local, path: payments.json, format: json}
"""

# Rows 2-5 do not parse: an id that is not a number, an amount that is not one, a month
# 13, and a line with too few fields. Row 6 has a NULL amount in the source: not unparsed.
CSV = """\
id,amount,paid_on,note
1,10.00,2024-01-31,ok
x,5.00,2024-02-01,bad id
3,abc,2024-02-02,bad amount
4,7.00,2024-13-45,bad date
5,8.00
6,,2024-02-03,no amount
7,-1.00,2024-02-04,negative
"""

JSON_LINES = [
    '{"id": 1, "amount": 10.0, "paid_on": "2024-01-31"}',
    '{"id": "x", "amount": 5.0}',
    "{broken",
    '{"id": 4, "amount": 7.0, "paid_on": "2024-13-45"}',
    '{"id": 6, "note": "no amount"}',
    '{"id": 7, "amount": -1.0}',
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "payments.yaml").write_text(CONTRACT)
    (tmp_path / "payments.csv").write_text(CSV)
    (tmp_path / "payments.json").write_text("\n".join(JSON_LINES) + "\n")
    return tmp_path


def _unparsed(report: Any) -> list[Any]:
    return [i for i in report.schema_issues if i.kind == "unparsed_rows"]


def test_csv_rows_that_do_not_parse_are_counted(spark: Any, folder: Path) -> None:
    from contractkit.spark import validate

    contract = load_string(CONTRACT, "payments.yaml")
    df = read_path(spark, contract, str(folder / "payments.csv"), "csv", {"header": "true"})
    report = validate(df, contract, samples=0)
    assert report.row_count == 7
    (issue,) = _unparsed(report)
    assert issue.actual == "4 unparsed row(s)"
    assert "4 of 7 row(s)" in issue.message
    assert "(e.g. 'x,5.00,2024-02-01,bad id')" in issue.message  # the first such line
    assert not report.ok
    # The expectation still counts what parsed: only -1.00; NULLs are not violations.
    assert report.expectation("positive").failed == 1
    # The internal column is neither an extra column nor part of a sample.
    assert [i.kind for i in report.schema_issues] == ["unparsed_rows"]


def test_json_lines_that_do_not_parse_are_counted(spark: Any, folder: Path) -> None:
    from contractkit.spark import validate

    contract = load_string(CONTRACT, "payments.yaml")
    df = read_path(spark, contract, str(folder / "payments.json"), "json")
    report = validate(df, contract)
    (issue,) = _unparsed(report)
    assert issue.actual == "3 unparsed row(s)"  # "x", {broken, month 13
    samples = report.expectation("positive").samples
    assert samples == ({"id": 7, "amount": -1, "paid_on": None, "note": None},)


def test_clean_csv_has_no_issue_and_costs_no_extra_job(spark: Any, folder: Path) -> None:
    from contractkit.spark import validate

    contract = load_string(CONTRACT, "payments.yaml")
    clean = "id,amount,paid_on,note\n1,10.00,2024-01-31,a\n2,,2024-02-01,\n"
    (folder / "clean.csv").write_text(clean)
    df = read_path(spark, contract, str(folder / "clean.csv"), "csv", {"header": "true"})
    plain = spark.read.schema("id int, amount decimal(10,2), paid_on date, note string")
    plain_df = plain.option("header", "true").csv(str(folder / "clean.csv"))
    report = validate(df, contract, samples=0)
    assert report.ok
    assert not report.schema_issues
    counted = spark_jobs(spark, "unparsed-kept", lambda: validate(df, contract, samples=0))
    plain = spark_jobs(spark, "unparsed-plain", lambda: validate(plain_df, contract, samples=0))
    assert counted == plain


def test_modes_the_user_chose_are_kept(spark: Any, folder: Path) -> None:
    from contractkit.spark import validate

    contract = load_string(CONTRACT, "payments.yaml")
    path = str(folder / "payments.csv")
    dropped = read_path(spark, contract, path, "csv", {"header": "true", "mode": "DROPMALFORMED"})
    report = validate(dropped, contract, samples=0)
    # Spark drops what it fails to parse among the columns a query reads, so how many rows
    # remain depends on the query (Spark's documented DROPMALFORMED behaviour); none counts.
    assert report.row_count < 7
    assert not _unparsed(report)
    failing = read_path(spark, contract, path, "csv", {"header": "true", "mode": "FAILFAST"})
    with pytest.raises(DataReadError):
        validate(failing, contract, samples=0)


def test_sparks_own_corrupt_record_column_is_counted(spark: Any, folder: Path) -> None:
    """`spark.read.json` infers a `_corrupt_record` column when a line is malformed."""
    from contractkit.spark import validate

    contract = load_string(CONTRACT, "payments.yaml")
    df = spark.read.json(str(folder / "payments.json"))
    assert "_corrupt_record" in df.columns
    report = validate(df, contract, samples=0)
    (issue,) = _unparsed(report)
    assert issue.actual == "1 unparsed row(s)"  # inferred types: only {broken fails
    assert "_corrupt_record" not in {i.path for i in report.schema_issues}


def test_a_declared_corrupt_record_column_is_data(spark: Any) -> None:
    from contractkit.spark import validate

    contract = load_string(
        CONTRACT.replace(
            "- {name: note, type: string}",
            "- {name: note, type: string}\n    - {name: _corrupt_record, type: string}",
        ),
        "payments.yaml",
    )
    df = spark.createDataFrame(
        [(1, None, None, None, "kept as data")],
        "id int, amount decimal(10,2), paid_on date, note string, _corrupt_record string",
    )
    report = validate(df, contract, samples=0)
    assert report.ok
    assert not report.schema_issues


@pytest.mark.skipif(shutil.which("contractkit") is None, reason="needs the installed command")
@pytest.mark.parametrize(("server", "unparsed"), [("csv", 4), ("json", 3)])
def test_check_exits_1_and_says_how_many(folder: Path, server: str, unparsed: int) -> None:
    run = subprocess.run(
        ["contractkit", "check", "payments.yaml", "--server", server, "--format", "json"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    issues = json.loads(run.stdout)["schema_issues"]
    assert [(i["kind"], i["actual"]) for i in issues] == [
        ("unparsed_rows", f"{unparsed} unparsed row(s)")
    ]
    text = subprocess.run(
        ["contractkit", "check", "payments.yaml", "--server", server],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"{unparsed} of " in text.stdout
    assert "do not parse" in text.stdout
    assert "Traceback" not in text.stderr
