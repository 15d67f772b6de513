"""Dataset checks, composite unique keys and warn levels (issue 16) on a real SparkSession,
against counts computed by hand on NULL-heavy data."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from decimal import Decimal
from typing import Any

import pytest
from sparkjobs import spark_jobs as _jobs

from contractkit.errors import ContractViolationError, ContractWarning
from contractkit.loader import load_string
from contractkit.model import DatasetCheck
from contractkit.validation import Severity

pytestmark = pytest.mark.spark

LINES = """\
contract: {name: order_lines, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: order_id, type: string}
    - {name: line_no, type: int}
    - {name: amount, type: "decimal(18,2)"}
    - {name: region, type: string}
quality:
  expectations:
    - name: mostly_not_us
      expression: region <> 'us'
      threshold: {fail: 50%, warn: 90%}
    - name: positive
      expression: amount > 0
  dataset:
    - {name: enough_rows, expression: "count(*) >= 20"}
    - {name: sane_average, expression: "avg(amount) < 10"}
    - {name: few_missing_amounts, expression: "count_if(amount IS NULL) <= 2", action: warn}
    - {name: two_regions, expression: "count(DISTINCT region) = 2"}
    - name: mars_average
      expression: "avg(amount) FILTER (WHERE region = 'mars') > 0"
    - {name: both_regions, expression: "bool_or(region = 'eu') AND bool_or(region = 'us')"}
  unique:
    - columns: [order_id, line_no]
      threshold: {fail: 50%, warn: 99%}
    - {name: one_per_region, columns: [region], threshold: 10%}
consumers:
  - pipeline: finance
    dataset:
      - {name: enough_eu, expression: "count_if(region = 'eu') >= 5"}
      - {name: some_rows, expression: "count(*) > 0", action: warn}
  - pipeline: marketing
changelog: [{version: "1.0.0"}]
"""

SCHEMA = "order_id string, line_no int, amount decimal(18,2), region string"


def _rows() -> list[tuple[Any, ...]]:
    d = Decimal
    return [
        ("o1", 1, d("10.00"), "eu"),
        ("o1", 1, d("20.00"), "eu"),  # shares (o1, 1) with the row above
        ("o1", 2, None, "us"),
        ("o2", 1, d("5.00"), None),
        ("o2", None, d("7.00"), "eu"),  # a NULL key column never collides
        ("o2", None, d("8.00"), "eu"),
        (None, 1, None, None),
        (None, 1, None, "us"),
        ("o3", 1, d("1.00"), "us"),  # (o3, 1) three times
        ("o3", 1, d("2.00"), "us"),
        ("o3", 1, d("3.00"), "us"),
    ]


@pytest.fixture(scope="module")
def lines(spark: Any) -> Any:
    return spark.createDataFrame(_rows(), SCHEMA)


@pytest.fixture(scope="module")
def report(lines: Any) -> Any:
    from contractkit.spark import validate

    return validate(lines, load_string(LINES, "lines.yaml"), samples=0)


def test_dataset_checks_have_hand_computed_values(report: Any) -> None:
    found = {d.name: (d.value, d.holds, d.level.value) for d in report.dataset}
    assert found == {
        "enough_rows": (11, False, "fail"),
        # (10 + 20 + 5 + 7 + 8 + 1 + 2 + 3) / 8 non-NULL amounts
        "sane_average": (Decimal("7.000000"), True, "ok"),
        "few_missing_amounts": (3, False, "warn"),  # rows 3, 7 and 8; action warn
        "two_regions": (2, True, "ok"),  # NULL is not a distinct value
        "mars_average": (None, None, "fail"),  # avg over no rows is NULL: not passing
        "both_regions": (True, True, "ok"),  # not one comparison: the boolean itself
    }
    enough = report.dataset_check("enough_rows")
    assert enough.aggregate == "count(*)"
    assert not enough.ok
    assert report.dataset_check("few_missing_amounts").ok  # a warning is not a failure


def test_composite_keys_count_every_row_of_a_duplicate_group(report: Any) -> None:
    pair = report.unique_key("unique(order_id, line_no)")
    # groups (o1, 1) x2 and (o3, 1) x3; the two NULL line_no rows and the two NULL
    # order_id rows never collide
    assert (pair.duplicates, pair.rows, pair.unique_rows) == (5, 11, 6)
    assert pair.level is Severity.WARN  # 6/11 = 54.5%: above the 50% fail, below 99% warn
    region = report.unique_key("one_per_region")
    assert (region.duplicates, region.level) == (9, Severity.OK)  # eu x4, us x5; NULLs never


def test_warn_thresholds_give_expectations_a_level(report: Any) -> None:
    mostly = report.expectation("mostly_not_us")
    assert (mostly.failed, mostly.passed) == (5, 6)  # NULL regions are not violations
    assert mostly.ok
    assert mostly.level is Severity.WARN
    assert report.expectation("positive").level is Severity.OK


def test_consumers_dataset_checks(report: Any) -> None:
    finance = report.consumer("finance")
    assert finance is not None
    found = {d.name: (d.value, d.level.value) for d in finance.dataset}
    assert found == {"enough_eu": (4, "fail"), "some_rows": (11, "ok")}
    assert not finance.ok
    assert report.consumer("marketing") is None


def test_report_levels_lines_and_json(report: Any) -> None:
    assert not report.ok
    assert report.level is Severity.FAIL
    assert report.violations() == [
        "dataset: enough_rows (count(*) >= 20): does not hold (count(*) is 11)",
        "dataset: mars_average (avg(amount) FILTER (WHERE region = 'mars') > 0): does not "
        "hold (avg(amount) FILTER (WHERE region = 'mars') is NULL)",
        "consumer finance dataset: enough_eu (count_if(region = 'eu') >= 5): does not hold "
        "(count_if(region = 'eu') is 4)",
    ]
    assert report.warnings() == [
        "quality: mostly_not_us (region <> 'us'): passed 54.545% of 11 rows, threshold 50% "
        "(warn below 90%): 5 failed, 5 allowed",
        "dataset: few_missing_amounts (count_if(amount IS NULL) <= 2): does not hold "
        "(count_if(amount IS NULL) is 3)",
        "unique: unique(order_id, line_no): 5 of 11 rows share their key (54.545% unique), "
        "threshold 50% (warn below 99%)",
    ]
    data = json.loads(json.dumps(report.to_dict()))
    assert data["level"] == "fail"
    assert data["dataset"][1] == {
        "name": "sane_average",
        "expression": "avg(amount) < 10",
        "action": "fail",
        "value": 7,
        "aggregate": "avg(amount)",
        "ok": True,
        "level": "ok",
        "error": None,
    }
    assert data["unique"][0]["duplicates"] == 5
    assert data["unique"][0]["level"] == "warn"
    assert data["expectations"][0]["warn_threshold"] == "90%"
    assert data["consumers"][0]["dataset"][0]["level"] == "fail"
    assert len(data["warnings"]) == 3


def test_a_failing_dataset_expression_is_isolated(spark: Any, lines: Any) -> None:
    """A division by zero (ANSI), a row-level expression and a non-boolean one each get
    their own error; every other check keeps its exact value."""
    from contractkit.spark import validate

    contract = load_string(LINES, "lines.yaml")
    extra = [
        DatasetCheck(name="per_mars", expression="sum(amount) / count_if(region = 'mars') > 1"),
        DatasetCheck(name="row_level", expression="amount > 0"),
        DatasetCheck(name="not_boolean", expression="sum(line_no)"),
    ]
    quality = contract.quality.model_copy(update={"dataset": [*contract.quality.dataset, *extra]})
    report = validate(lines, contract.model_copy(update={"quality": quality}), samples=0)
    per_mars = report.dataset_check("per_mars").error
    assert per_mars is not None
    assert per_mars.startswith("DIVIDE_BY_ZERO")
    row_level = report.dataset_check("row_level").error
    assert row_level is not None
    assert row_level.startswith("'amount > 0' is not an aggregate")
    assert "quality.expectations" in row_level
    not_boolean = report.dataset_check("not_boolean").error
    assert not_boolean == (
        "the expression yields 10, not TRUE or FALSE: a dataset check must be a condition, "
        "e.g. `sum(line_no) > 0`"
    )
    assert report.dataset_check("enough_rows").value == 11
    assert report.dataset_check("few_missing_amounts").value == 3
    assert report.expectation("mostly_not_us").failed == 5
    assert {d.name: d.level.value for d in report.dataset if d.error} == {
        "per_mars": "fail",
        "row_level": "fail",
        "not_boolean": "fail",
    }


def test_missing_columns_are_named(spark: Any) -> None:
    from contractkit.spark import validate

    df = spark.createDataFrame([("o1",)], "order_id string")
    report = validate(df, load_string(LINES, "lines.yaml"), samples=0)
    assert report.dataset_check("sane_average").error == "column(s) amount not found in the data"
    assert report.dataset_check("enough_rows").value == 1
    assert report.unique_key("unique(order_id, line_no)").error == (
        "column(s) line_no not found in the data"
    )


ONLY_WARNINGS = """\
contract: {name: events, version: "2.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: int}
    - {name: at, type: timestamp}
quality:
  expectations:
    - {name: positive, expression: id > 0, threshold: {fail: 50%, warn: 100%}}
  dataset:
    - {name: big, expression: "count(*) >= 1000", action: warn}
sla:
  freshness: {fail: 1 hour, warn: 5 minutes}
  freshness_column: at
changelog: [{version: "2.0.0"}]
"""
T0 = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.UTC)


def test_warnings_alone_pass_and_enforce_warns(spark: Any) -> None:
    from contractkit.spark import enforce, validate

    df = spark.createDataFrame(
        [(1, T0.replace(tzinfo=None)), (-1, T0.replace(tzinfo=None)), (None, None)],
        "id int, at timestamp",
    )
    contract = load_string(ONLY_WARNINGS, "events.yaml")
    now = T0 + dt.timedelta(minutes=10)
    report = validate(df, contract, now=now, samples=0)
    assert report.ok
    assert report.level is Severity.WARN
    assert report.freshness is not None
    assert (report.freshness.ok, report.freshness.level) == (True, Severity.WARN)
    assert report.warnings() == [
        "quality: positive (id > 0): passed 66.667% of 3 rows, threshold 50% (warn below "
        "100%): 1 failed, 1 allowed",
        "dataset: big (count(*) >= 1000): does not hold (count(*) is 3)",
        "freshness: data is 10 min old, the limit is 1 hour (warn after 5 minutes)",
    ]
    assert str(report).splitlines()[0] == "events 2.0.0: PASSED with 3 warnings, 3 rows"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert enforce(df, contract, now=now).ok
    (warning,) = [w for w in caught if issubclass(w.category, ContractWarning)]
    assert "events 2.0.0: 3 warning(s)" in str(warning.message)
    assert "dataset: big" in str(warning.message)
    stale = T0 + dt.timedelta(hours=2)
    with pytest.raises(ContractViolationError, match="freshness: data is 2 h 0 min old"):
        enforce(df, contract, now=stale)


TEN_AND_FIVE = """\
contract: {name: wide, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: int}
    - {name: amount, type: double}
    - {name: s, type: string}
quality:
  expectations:
"""


def _ten_rows_and(dataset: list[str]) -> Any:
    rows = [
        "id > 0",
        "id < 1000",
        "amount >= 0",
        "amount < 1e9",
        "s IS NOT NULL",
        "length(s) < 50",
        "s <> 'bad'",
        "id % 1 = 0",
        "amount * 2 >= amount",
        "id IS NOT NULL",
    ]
    text = TEN_AND_FIVE + "".join(
        f'    - {{name: e{i}, expression: "{e}"}}\n' for i, e in enumerate(rows)
    )
    if dataset:
        text += "  dataset:\n" + "".join(
            f'    - {{name: d{i}, expression: "{e}"}}\n' for i, e in enumerate(dataset)
        )
    return load_string(text + 'changelog: [{version: "1.0.0"}]\n', "wide.yaml")


def test_dataset_checks_add_no_job(spark: Any) -> None:
    """Five dataset checks join the row-level aggregation: on clean data, validate costs
    the same jobs with them as without them (the count-jobs method of test_validate)."""
    from contractkit.spark import validate

    df = spark.createDataFrame(
        [(i, float(i), f"s{i}") for i in range(1, 50)], "id int, amount double, s string"
    )
    five = [
        "count(*) >= 10",
        "avg(amount) < 500",
        "max(id) <= 1000",
        "count_if(s IS NULL) = 0",
        "sum(amount) / count(*) > 1",
    ]
    alone = _ten_rows_and([])
    both = _ten_rows_and(five)
    assert validate(df, both, samples=0).ok
    rows_only = _jobs(spark, "ten-rows", lambda: validate(df, alone, samples=0))
    with_dataset = _jobs(spark, "ten-plus-five", lambda: validate(df, both, samples=0))
    assert with_dataset == rows_only
    # A DISTINCT aggregate is the exception (docs/validation.md): Spark shuffles for it.
    distinct = _ten_rows_and(["count(DISTINCT s) = count(*)"])
    assert _jobs(spark, "dataset-distinct", lambda: validate(df, distinct, samples=0)) > rows_only
