"""The validation engine on a real local SparkSession, against hand-computed counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sparkjobs import spark_jobs as _jobs

from contractkit.errors import ContractViolationError
from contractkit.loader import load_string

pytestmark = pytest.mark.spark

ORDERS = """\
contract:
  name: orders
  version: "1.0.0"
  owner: team@example.com
  producer_pipeline: orders-pipeline
schema:
  primary_key: [order_id]
  fields:
    - name: order_id
      type: string
      nullable: false
    - name: amount
      type: decimal(18,2)
    - name: status
      type: string
      allowed_values: [NEW, DONE]
    - name: address
      fields:
        - name: city
          type: string
          nullable: false
    - name: updated_at
      type: timestamp
      nullable: false
quality:
  expectations:
    - name: positive_amounts
      expression: amount > 0
      threshold: 75%
      action: drop
    - name: known_city
      expression: address.city <> 'nowhere'
sla:
  freshness: "< 1 hour"
  freshness_column: updated_at
changelog:
  - version: "1.0.0"
"""

SCHEMA = (
    "order_id string, amount decimal(18,2), status string, "
    "address struct<city: string>, updated_at timestamp"
)
T0 = dt.datetime(2025, 1, 15, 12, 0, 0)


def _rows() -> list[tuple[Any, ...]]:
    return [
        ("o1", Decimal("10.00"), "NEW", ("Berlin",), T0),
        ("o2", Decimal("-1.00"), "DONE", ("Paris",), T0),
        ("o3", None, None, None, T0 - dt.timedelta(hours=2)),  # NULLs violate nothing
        ("o4", Decimal("5.00"), "LOST", ("nowhere",), T0),
        ("o4", Decimal("0.00"), "NEW", (None,), T0 - dt.timedelta(minutes=30)),
        (None, Decimal("1.00"), "NEW", ("Rome",), T0),
    ]


@pytest.fixture(scope="module")
def contract() -> Any:
    return load_string(ORDERS, "orders.yaml")


@pytest.fixture(scope="module")
def orders(spark: Any) -> Any:
    return spark.createDataFrame(_rows(), SCHEMA)


def test_hand_computed_counts(orders: Any, contract: Any) -> None:
    from contractkit.spark import validate

    report = validate(orders, contract, now=T0.replace(tzinfo=dt.UTC) + dt.timedelta(minutes=10))
    assert report.row_count == 6
    failed = {e.name: e.failed for e in report.expectations}
    assert failed == {
        "positive_amounts": 2,  # -1.00 and 0.00; NULL is not a violation
        "known_city": 1,
        "order_id_not_null": 1,
        "status_allowed_values": 1,  # LOST; NULL is not a violation
        "address.city_not_null": 1,  # the NULL city inside a present address only
        "updated_at_not_null": 0,
    }
    positive = report.expectation("positive_amounts")
    assert positive.passed == 4
    assert positive.pass_rate == pytest.approx(4 / 6)
    assert not positive.ok  # 4/6 < 75%
    assert positive.samples
    assert {row["order_id"] for row in positive.samples} <= {"o2", "o4"}
    assert report.expectation("updated_at_not_null").ok
    (primary,) = report.uniqueness
    assert (primary.kind, primary.duplicates, primary.null_keys) == ("primary_key", 1, 1)
    assert report.freshness is not None
    assert report.freshness.age == dt.timedelta(minutes=10)
    assert report.freshness.ok
    assert not report.ok


def test_threshold_compares_exactly(spark: Any) -> None:
    from contractkit.spark import validate

    text = ORDERS.replace("threshold: 75%", "threshold: 99.9%")
    contract = load_string(text, "orders.yaml")
    base = [(f"o{i}", Decimal("1.00"), "NEW", ("Berlin",), T0) for i in range(1000)]
    one_bad = [*base[:999], ("x", Decimal("-1.00"), "NEW", ("Berlin",), T0)]
    two_bad = [*base[:998], *[("y", Decimal("-1.00"), "NEW", ("Berlin",), T0)] * 2]
    now = T0.replace(tzinfo=dt.UTC)
    ok = validate(spark.createDataFrame(one_bad, SCHEMA), contract, now=now, samples=0)
    assert ok.expectation("positive_amounts").ok
    assert ok.expectation("positive_amounts").allowed_failures == 1
    bad = validate(spark.createDataFrame(two_bad, SCHEMA), contract, now=now, samples=0)
    assert not bad.expectation("positive_amounts").ok


def test_empty_data_violates_nothing(spark: Any, contract: Any) -> None:
    from contractkit.spark import validate

    report = validate(spark.createDataFrame([], SCHEMA), contract, now=T0)
    assert report.row_count == 0
    assert all(e.ok and e.pass_rate == 1.0 and e.failed == 0 for e in report.expectations)
    assert report.freshness is not None
    assert report.freshness.latest is None
    assert not report.freshness.ok  # no data is not fresh data
    assert report.schema_ok


def test_schema_issues_are_structural(spark: Any, contract: Any) -> None:
    from contractkit.spark import validate

    df = spark.createDataFrame(
        [("o1", 1.5, "NEW", ("Berlin", "10115"), T0, "x")],
        "order_id string, amount double, status string, "
        "address struct<city: string, zip: string>, updated_at timestamp, extra string",
    )
    report = validate(df, contract, now=T0)
    issues = {(i.kind, i.path, i.level.value) for i in report.schema_issues}
    assert ("type_mismatch", "amount", "error") in issues
    assert ("extra_column", "address.zip", "warning") in issues
    assert ("extra_column", "extra", "warning") in issues
    assert not report.schema_ok
    missing = validate(df.drop("status"), contract, now=T0)
    assert ("missing_column", "status", "error") in {
        (i.kind, i.path, i.level.value) for i in missing.schema_issues
    }
    allowed = missing.expectation("status_allowed_values")
    assert allowed.error == "column(s) status not found in the data"
    assert not allowed.ok


def test_an_expression_spark_rejects_is_reported_not_raised(orders: Any) -> None:
    from contractkit.spark import validate

    text = ORDERS.replace("address.city <> 'nowhere'", "no_such_function(amount) > 0")
    report = validate(orders, load_string(text, "orders.yaml"), now=T0)
    broken = report.expectation("known_city")
    assert broken.error is not None
    assert "no_such_function" in broken.error.lower() or "UNRESOLVED" in broken.error
    assert report.expectation("positive_amounts").failed == 2  # the others still ran


def test_decimal_edges_and_nested_nulls(spark: Any) -> None:
    from contractkit.spark import validate

    text = """\
contract: {name: edges, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: amount, type: "decimal(38,18)", min: -99999999999999999999.999999999999999999,
       max: 99999999999999999999.999999999999999999}
    - name: items
      type: array<struct<qty:int>>
quality:
  expectations:
    - {name: qty_positive, expression: "forall(items, i -> i.qty > 0)"}
changelog: [{version: "1.0.0"}]
"""
    contract = load_string(text, "edges.yaml")
    big = Decimal("99999999999999999999.999999999999999999")
    smallest = Decimal("-99999999999999999999.999999999999999999")  # not -big: 28-digit context
    df = spark.createDataFrame(
        [(big, [(1,), (2,)]), (smallest, [(0,)]), (None, None), (Decimal("0"), [])],
        "amount decimal(38,18), items array<struct<qty:int>>",
    )
    report = validate(df, contract, now=T0)
    assert report.expectation("amount_min").failed == 0
    assert report.expectation("amount_max").failed == 0
    assert report.expectation("qty_positive").failed == 1
    assert report.ok is False


def test_enforce_lists_every_violation(orders: Any, contract: Any) -> None:
    from contractkit.spark import enforce

    with pytest.raises(ContractViolationError) as caught:
        enforce(orders, contract, now=T0.replace(tzinfo=dt.UTC) + dt.timedelta(hours=5))
    message = str(caught.value)
    assert "positive_amounts" in message
    assert "primary key (order_id): 1 duplicate rows, 1 rows with a NULL key" in message
    assert "freshness: data is 5 h 0 min old, the limit is < 1 hour" in message


def test_split_loses_no_row(orders: Any, contract: Any) -> None:
    from contractkit.spark import split

    valid, quarantine = split(orders, contract)
    valid_ids = sorted(str(r["order_id"]) for r in valid.collect())
    held = {str(r["order_id"]): r["_contract_violations"] for r in quarantine.collect()}
    assert held == {"o2": ["positive_amounts"], "o4": ["positive_amounts"]}
    assert len(valid_ids) + len(held) == orders.count()
    assert "_contract_violations" not in valid.columns


def test_split_raises_on_fail_expectations(orders: Any) -> None:
    from contractkit.spark import split

    text = ORDERS.replace("      action: drop\n", "      action: fail\n      threshold: 100%\n")
    text = text.replace("      threshold: 75%\n", "")
    with pytest.raises(ContractViolationError, match="positive_amounts"):
        split(orders, load_string(text, "orders.yaml"))


def test_row_level_metrics_cost_what_one_aggregation_costs(
    spark: Any, orders: Any, contract: Any
) -> None:
    """Jobs counted with the status tracker in a job group, in the session's default
    configuration (adaptive execution on, which runs one global aggregation as two jobs:
    the scan-and-partial-aggregate stage, then the final one). validate's row-level
    metrics (every expectation, the row count, the freshness maximum) cost exactly what a
    single hand-written `df.agg(count(1))` costs: one scan."""
    from pyspark.sql import functions as F

    from contractkit.spark import validate

    passing = load_string(
        ORDERS.replace("threshold: 75%", "threshold: 0%").replace(
            "  primary_key: [order_id]\n", ""
        ),
        "orders.yaml",
    )
    floor = _jobs(spark, "floor", lambda: orders.agg(F.count(F.lit(1))).first())
    ours = _jobs(spark, "validate", lambda: validate(orders, passing, now=T0, samples=0))
    assert ours == floor
    assert spark.conf.get("spark.sql.adaptive.enabled") == "true"
    assert floor == 2
    # A primary key adds one aggregation with a distinct count, and nothing else.
    distinct = _jobs(spark, "distinct", lambda: orders.agg(F.count_distinct("order_id")).first())
    with_key = _jobs(spark, "with-key", lambda: validate(orders, contract, now=T0, samples=0))
    assert with_key == floor + distinct


def test_consumer_requirements_are_measured_in_the_same_pass(spark: Any, orders: Any) -> None:
    from contractkit.spark import validate

    text = ORDERS.replace(
        "changelog:",
        "consumers:\n"
        "  - pipeline: finance\n"
        "    uses: [amount]\n"
        '    freshness: "< 5 minutes"\n'
        "    expectations:\n"
        "      - {name: no_refunds, expression: amount >= 0, threshold: 100%}\n"
        "  - pipeline: marketing\n"
        "changelog:",
    )
    contract = load_string(text, "orders.yaml")
    now = T0.replace(tzinfo=dt.UTC) + dt.timedelta(minutes=10)
    report = None

    def run() -> None:
        nonlocal report
        report = validate(orders, contract.model_copy(), now=now, samples=0)

    jobs = _jobs(spark, "consumers", run)
    assert report is not None
    finance = report.consumer("finance")
    assert finance is not None
    assert [(e.name, e.failed) for e in finance.expectations] == [("no_refunds", 1)]
    assert finance.freshness is not None
    assert not finance.freshness.ok  # 10 minutes old, finance needs < 5
    assert report.freshness is not None
    assert report.freshness.ok  # the contract's SLA is < 1 hour
    assert report.consumer("marketing") is None  # declares nothing of its own
    assert "consumer finance freshness: data is 10 min old, the limit is < 5 minutes" in (
        report.violations()
    )
    primary_key_jobs = _jobs(
        spark, "pk-only", lambda: validate(orders, _key_only(), now=now, samples=0)
    )
    assert jobs == primary_key_jobs  # consumers' checks added no job


def _key_only() -> Any:
    return load_string(ORDERS, "orders.yaml")


# -- issue 11: bad data never breaks validation --------------------------------------------

TEN = """\
contract: {name: ten, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: int}
    - {name: s, type: string}
    - {name: n, type: string}
quality:
  expectations:
    - {name: e0, expression: "id > 0"}
    - {name: e1, expression: "id < 4"}
    - {name: parsed, expression: "CAST(s AS INT) > 0"}
    - {name: e3, expression: "s <> ''"}
    - {name: divided, expression: "10 / CAST(n AS INT) > 1"}
    - {name: e5, expression: "length(s) < 3"}
    - {name: e6, expression: "id % 2 = 0"}
    - {name: e7, expression: "s LIKE '%b%'"}
    - {name: e8, expression: "id IS NOT NULL"}
    - {name: e9, expression: "n IN ('0', '1', '2')"}
changelog: [{version: "1.0.0"}]
"""


def test_a_runtime_error_in_one_expression_is_isolated(spark: Any) -> None:
    """Issue 11 item 1: under ANSI mode `'abc'` cast to INT and a division by zero abort
    the one aggregation; each becomes its own expectation's error, the others stay exact."""
    assert spark.conf.get("spark.sql.ansi.enabled") == "true"
    df = spark.createDataFrame(
        [(1, "1", "1"), (2, "abc", "2"), (3, "3", "0"), (4, "4", "5")], "id int, s string, n string"
    )
    report = validate_ten(df)
    parsed = report.expectation("parsed").error
    divided = report.expectation("divided").error
    assert parsed is not None
    assert parsed.startswith("CAST_INVALID_INPUT: The value 'abc' of the type \"STRING\"")
    assert divided is not None
    assert divided.startswith("DIVIDE_BY_ZERO: Division by zero.")
    assert "\n" not in parsed + divided
    assert "at org." not in parsed + divided
    failed = {e.name: e.failed for e in report.expectations if e.error is None}
    assert failed == {"e0": 0, "e1": 1, "e3": 0, "e5": 1, "e6": 2, "e7": 3, "e8": 0, "e9": 1}
    assert report.row_count == 4


def validate_ten(df: Any) -> Any:
    from contractkit.spark import validate

    return validate(df, load_string(TEN, "ten.yaml"), samples=0)


def test_unreadable_data_raises_a_read_error_with_the_schema_issues(
    spark: Any, tmp_path: Any
) -> None:
    """A corrupt file is not one expression's failure: DataReadError names the data and
    Spark's reason, and carries the type mismatch found from the schema alone."""
    import contractkit
    from contractkit.spark import validate

    (tmp_path / "part-0.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 3)
    df = spark.read.schema("order_id string, amount string, status string").parquet(str(tmp_path))
    with pytest.raises(contractkit.DataReadError) as caught:
        validate(df, load_string(ORDERS, "orders.yaml"), now=T0)
    error = caught.value
    assert str(tmp_path) in error.where
    assert error.reason.startswith("[FAILED_READ_FILE")
    assert str(error).startswith(f"cannot read {error.where}: [FAILED_READ_FILE")
    assert "\n" not in str(error)
    kinds = {(i.kind, i.path) for i in error.schema_issues}
    assert ("type_mismatch", "amount") in kinds
    assert ("missing_column", "updated_at") in kinds
    with pytest.raises(
        contractkit.DataReadError, match=r"cannot read table no_such_table: \[TABLE_OR_VIEW"
    ):
        validate("no_such_table", load_string(ORDERS, "orders.yaml"), spark=spark)


def test_names_lint_accepts_work_on_data(spark: Any) -> None:
    """Issue 11 item 5: a dot or a backtick in a unique, primary-key or freshness column."""
    from contractkit.spark import validate

    text = """\
contract: {name: odd, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  primary_key: ["a.b", "c`d"]
  fields:
    - {name: "a.b", type: string, unique: true}
    - {name: "c`d", type: string}
    - {name: "e f", type: timestamp}
sla: {freshness: "< 1 hour", freshness_column: "e f"}
changelog: [{version: "1.0.0"}]
"""
    df = spark.createDataFrame(
        [("x", "1", T0), ("x", "1", T0), ("y", None, T0 - dt.timedelta(hours=1))],
        "`a.b` string, `c``d` string, `e f` timestamp",
    )
    report = validate(df, load_string(text, "odd.yaml"), now=T0 + dt.timedelta(minutes=3))
    unique, primary = report.uniqueness
    assert (unique.duplicates, primary.duplicates, primary.null_keys) == (1, 1, 1)
    assert report.freshness is not None
    assert report.freshness.age == dt.timedelta(minutes=3)


def test_future_data_is_not_fresh(spark: Any, contract: Any) -> None:
    """Issue 11 item 4: a newest value beyond the clock-skew allowance fails freshness."""
    from contractkit.spark import validate

    df = spark.createDataFrame(_rows(), SCHEMA)
    now = T0.replace(tzinfo=dt.UTC)
    within = validate(df, contract, now=now - dt.timedelta(minutes=4), samples=0)
    assert within.freshness is not None
    assert within.freshness.ok
    skewed = load_string(
        ORDERS.replace("  freshness_column:", '  clock_skew: "1 minute"\n  freshness_column:'),
        "o.yaml",
    )
    beyond = validate(df, skewed, now=now - dt.timedelta(minutes=4), samples=0)
    assert beyond.freshness is not None
    assert not beyond.freshness.ok
    assert "freshness: the newest value is 4 min in the future, beyond the 60 s clock-skew" in (
        "\n".join(beyond.violations())
    )


def test_the_python_api_takes_paths_and_generated_modules(
    spark: Any, tmp_path: Any, orders: Any
) -> None:
    """Issue 11 item 10."""
    import importlib.util

    import contractkit
    from contractkit.codegen.python_module import render_module
    from contractkit.spark import enforce, validate

    path = tmp_path / "orders.yaml"
    path.write_text(ORDERS, "utf-8")
    module_path = tmp_path / "gen" / "orders_module.py"
    module_path.parent.mkdir()
    module_path.write_text(render_module(load_string(ORDERS, str(path)), "../orders.yaml"))
    spec = importlib.util.spec_from_file_location("orders_module", module_path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    now = T0.replace(tzinfo=dt.UTC)
    by_path = validate(orders, str(path), now=now, samples=0)
    by_module = validate(orders, module, now=now, samples=0)
    assert by_path.to_dict() == by_module.to_dict()
    assert by_path.expectation("positive_amounts").failed == 2
    with pytest.raises(KeyError, match="known: positive_amounts, known_city"):
        by_path.expectation("nope")
    assert str(by_path).startswith("orders 1.0.0: FAILED, 6 rows\n  - quality: positive_amounts")
    assert len(str(by_path)) < 2000
    with pytest.raises(contractkit.ContractViolationError):
        enforce(orders, path, now=now)


def test_split_says_what_it_cannot_do(spark: Any, orders: Any, contract: Any) -> None:
    """Issue 11 item 10: a missing column is named; the user's own `_contract_violations`
    is never dropped."""
    import contractkit
    from contractkit.spark import split

    with pytest.raises(contractkit.ContractViolationError) as caught:
        split(orders.drop("amount"), contract)
    assert "column 'amount' is missing, needed by positive_amounts" in str(caught.value)
    mine = orders.withColumn("_contract_violations", orders.status)
    clash = r"already has column\(s\) _contract_violations"
    with pytest.raises(contractkit.ContractKitError, match=clash):
        split(mine, contract)
    renamed = mine.withColumnRenamed("_contract_violations", "my_violations")
    valid, quarantine = split(renamed, contract)
    assert "my_violations" in valid.columns
    assert valid.count() + quarantine.count() == orders.count()


def test_freshness_and_fail_expectations_survive_bad_values(spark: Any) -> None:
    """A freshness column of text with a value that is no timestamp is "not measured", not a
    crash; a `fail` expectation that cannot be evaluated stops split, saying why."""
    from contractkit.spark import split, validate

    text = """\
contract: {name: stamps, version: "1.0.0", owner: o, producer_pipeline: p}
schema:
  fields:
    - {name: id, type: string}
    - {name: at, type: timestamp}
quality:
  expectations:
    - {name: numeric_id, expression: "CAST(id AS INT) > 0", action: fail}
sla: {freshness: "< 1 hour", freshness_column: at}
changelog: [{version: "1.0.0"}]
"""
    contract = load_string(text, "stamps.yaml")
    df = spark.createDataFrame(
        [("1", "2025-01-15 12:00:00"), ("x", "yesterday")], "id string, at string"
    )
    report = validate(df, contract, now=T0, samples=0)
    assert report.freshness is not None
    assert report.freshness.error is not None
    assert report.freshness.error.startswith("CAST_INVALID_INPUT: ")
    assert "freshness: not measured: CAST_INVALID_INPUT: The value 'yesterday'" in str(report)
    numeric = report.expectation("numeric_id")
    assert numeric.error is not None
    assert "'x'" in numeric.error
    with pytest.raises(ContractViolationError, match=r"numeric_id .*not evaluated: CAST_INVALID"):
        split(df, contract)
