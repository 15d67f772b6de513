"""What `contractkit.spark.validate` costs on Spark, beside the floor and the alternatives.

Synthetic order-like data (a seeded, hash-based generator: the same rows whatever the
parallelism) is written once to Parquet under benchmarks/out/ and read back with
`spark.read.parquet(path)` on every run, never cached. Contracts of 10 and 30
expectations of the kinds real contracts use (comparisons, IS NOT NULL, IN lists, RLIKE,
BETWEEN, arithmetic and comparisons across columns), a few percent of rows failing some.

Contenders, side by side in one SparkSession (local[*], UI off, 4 shuffle partitions,
adaptive execution left ON as in a user's session):

1. contractkit: `validate(df, contract, samples=0)`.
1b. samples: `validate(df, contract)` as a user calls it, the default 5 sample rows of
   every failed expectation (at most one more job for all of them).
2. floor: one hand-written `df.agg(count(1), count_if(NOT e1), ..., count_if(NOT eN))`.
3. naive: the one-count-per-expectation loop as the issue describes the seed's (section
   6.2): `df.filter(F.expr(e)).count()` per expectation plus one `df.count()`: N+1 scans.
4. seed: the seed's loop as written, `df.filter(F.expr(e)).count() / df.count()` inside
   the loop: 2N scans (Spark does not remember a count).
5. ge: Great Expectations on the Spark DataFrame, native expectations where GE has one
   (ToNotBeNull, ToBeInSet, ToMatchRegex, ToBeBetween, ColumnPairValuesAToBeGreaterThanB),
   UnexpectedRowsExpectation (`SELECT * FROM {batch} WHERE NOT (e)`) for arithmetic ones;
   result_format BASIC (the least that still gives counts); GE's default persist=True, its
   cache dropped after every run so no other contender reads it.
6. pandera: pandera.pyspark, built-in checks (nullable, str_matches, isin, in_range,
   gt/ge/le) and DataFrame-level checks in pandera's own idiom for cross-column ones.
   pandera's PySpark checks answer pass/fail (`filter(NOT c).limit(1).count() == 0`), so
   only their verdicts can be compared, not counts.

With `--source pipeline` every contender gets a silver step's output instead of the table:
`spark.read.parquet(path).dropDuplicates()` (replayed rows dropped), not cached, as a
producer validates or enforces a DataFrame before writing it. Whatever a tool scans twice,
Spark then computes twice (GE persists its batch by default, so it computes it once).

Each case (rows x expectations) starts with --warmup untimed rounds of every contender
(GE's first only): the JVM's JIT keeps speeding up Parquet decoding and Spark's generated
code for several runs, and one warm-up left the first timed runs up to 2x slow. The
Parquet files are pre-read into the OS cache. Then each contender runs
--repeat times interleaved in a new seeded order each round, so load from elsewhere falls
on all alike; contractkit and the floor never run back to back (the same query twice in a
row finds the JVM tuned for it), so every run follows a different workload. After every
run, untimed: the JVM's garbage is collected and Spark's asynchronous clean-up (shuffle
files, broadcasts) given a second to finish, so no run pays for the one before. The table
gives the median wall time, its ratio to the floor, and the Spark jobs of one run, counted in a
job group with the status tracker. Adaptive execution is on, so one global aggregation
shows as two jobs (scan with partial aggregate, then the final one), and every run's
`spark.read.parquet` adds one (the schema from the footers). The "check" column compares
each contender's failure counts with contractkit's; the two loops' differ by design
(NULL counts as failing there), so it is checked against contractkit's plus NULL rows.

Great Expectations and pandera are not contractkit's dependencies; a contender whose
package is missing is skipped with the reason. To run all six:

    python -m venv --system-site-packages /tmp/benchvenv
    /tmp/benchvenv/bin/pip install "great_expectations==1.24.*" \
        "pandera[pyspark]==0.35.*" "pandas<3"
    /tmp/benchvenv/bin/python benchmarks/validate.py [--rows 1000000 5000000]
        [--expectations 10 30] [--repeat 5] [--warmup 3] [--quick] [--source pipeline]
        [--tools contractkit samples floor naive seed ge pandera] [--dirty]

(or `pip install -e ".[bench]"` in the project's environment). --quick is 1M rows x 10.
--dirty makes every rule fail on a few percent of rows (each rule AND a hash test that 1 row
in 40 fails), the case where samples are taken for every expectation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import shlex
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
GENERATOR = 1  # bump when the generated data changes, so old Parquet files are not reused
TOOLS = (
    "contractkit",
    "samples",
    "erroring",
    "dataset",
    "floor",
    "floor-dataset",
    "naive",
    "seed",
    "ge",
    "pandera",
)
SETTLE_SECONDS = 1.0

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # GE would phone home otherwise
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


# -- the rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One expectation, in a form each tool can be given natively.

    kind: not_null | regex | in | between | gt | ge | le | pair_ge | sql. `value` is the
    pattern, the list, the (low, high) pair, the bound, column B, or the SQL expression.
    """

    name: str
    kind: str
    column: str | None
    value: Any = None

    @property
    def expression(self) -> str:
        """The Spark SQL a contract states."""
        c, v = self.column, self.value
        match self.kind:
            case "not_null":
                return f"{c} IS NOT NULL"
            case "regex":
                return f"{c} RLIKE {_sql(v)}"
            case "in":
                return f"{c} IN ({', '.join(map(_sql, v))})"
            case "between":
                return f"{c} BETWEEN {_sql(v[0])} AND {_sql(v[1])}"
            case "gt" | "ge" | "le":
                op = {"gt": ">", "ge": ">=", "le": "<="}[self.kind]
                return f"{c} {op} {_sql(v)}"
            case "pair_ge":
                return f"{c} >= {v}"
            case "sql":
                return str(v)
        raise ValueError(self.kind)


def _sql(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value:%Y-%m-%d %H:%M:%S}'"
    return str(value)


STATUSES = ["PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"]
RULES = [
    # the 10-expectation contract: every kind, seven of them failing on a few rows
    Rule("order_id_not_null", "not_null", "order_id"),
    Rule("order_id_format", "regex", "order_id", "^ORD-[0-9]{10}$"),
    Rule("status_known", "in", "status", STATUSES),
    Rule("quantity_range", "between", "quantity", (1, 100)),
    Rule("unit_price_positive", "gt", "unit_price", 0),
    Rule("discount_non_negative", "ge", "discount", 0),
    Rule(
        "total_matches_lines",
        "sql",
        None,
        "total_amount = quantity * unit_price - coalesce(discount, 0)",
    ),
    Rule("shipped_after_ordered", "pair_ge", "shipped_at", "ordered_at"),
    Rule("email_format", "regex", "customer_email", "^[^@ ]+@[^@ ]+[.][a-z]{2,}$"),
    Rule("currency_known", "in", "currency", ["EUR", "USD", "GBP", "CHF"]),
    # twenty more for the 30-expectation contract
    Rule("customer_id_not_null", "not_null", "customer_id"),
    Rule("customer_id_positive", "gt", "customer_id", 0),
    Rule("country_code", "regex", "country", "^[A-Z]{2}$"),
    Rule("channel_known", "in", "channel", ["web", "app", "store", "phone"]),
    Rule("payment_method_known", "in", "payment_method", ["card", "paypal", "invoice", "voucher"]),
    Rule("ordered_at_not_null", "not_null", "ordered_at"),
    Rule(
        "ordered_at_range",
        "between",
        "ordered_at",
        (dt.datetime(2020, 1, 1), dt.datetime(2026, 12, 31, 23, 59, 59)),
    ),
    Rule("quantity_not_null", "not_null", "quantity"),
    Rule("unit_price_max", "le", "unit_price", 10000),
    Rule("total_non_negative", "ge", "total_amount", 0),
    Rule(
        "delivered_has_shipment",
        "sql",
        None,
        "status <> 'DELIVERED' OR shipped_at IS NOT NULL",
    ),
    Rule("postal_code_format", "regex", "postal_code", "^[0-9]{5}$"),
    Rule("tax_rate_range", "between", "tax_rate", (0, Decimal("0.27"))),
    Rule(
        "tax_amount_consistent",
        "sql",
        None,
        "abs(tax_amount - round(total_amount * tax_rate, 2)) <= 0.01",
    ),
    Rule("shipping_cost_range", "between", "shipping_cost", (0, 100)),
    Rule("weight_range", "between", "weight_kg", (0, 500)),
    Rule("sku_format", "regex", "sku", "^SKU-[0-9A-F]{6}$"),
    Rule("status_not_null", "not_null", "status"),
    Rule("currency_not_null", "not_null", "currency"),
    Rule("promised_after_order", "sql", None, "promised_date >= to_date(ordered_at)"),
]

# `erroring`: the same contract with its last expectation replaced by one that fails at run
# time under ANSI mode (every order_id is 'ORD-...', not a number), so the one aggregation
# aborts and validate isolates it: the time to a full report, nine exact counts and one
# error, against the clean run's.
ERRORING = Rule("order_id_numeric", "sql", None, "CAST(order_id AS BIGINT) > 0")

# `dataset`: the same contract plus five dataset checks (issue 16), which validate puts in
# the same aggregation as the row counts: the goal is the same jobs and within 1.1x the
# time of the row-level checks alone. No DISTINCT aggregate: that one needs a shuffle.
DATASET_CHECKS = {
    "enough_rows": "count(*) >= 1000",
    "sane_average": "avg(total_amount) < 100000",
    "bounded_quantity": "max(quantity) <= 1000000",
    "few_missing_emails": "count_if(customer_email IS NULL) < 0.5 * count(*)",
    "positive_revenue": "sum(total_amount) > 0",
}

COLUMNS = [  # name, Spark SQL type
    ("order_id", "string"),
    ("customer_id", "bigint"),
    ("customer_email", "string"),
    ("status", "string"),
    ("currency", "string"),
    ("country", "string"),
    ("channel", "string"),
    ("payment_method", "string"),
    ("quantity", "int"),
    ("unit_price", "decimal(10,2)"),
    ("discount", "decimal(10,2)"),
    ("total_amount", "decimal(12,2)"),
    ("tax_rate", "decimal(4,3)"),
    ("tax_amount", "decimal(12,2)"),
    ("shipping_cost", "decimal(8,2)"),
    ("weight_kg", "double"),
    ("ordered_at", "timestamp"),
    ("shipped_at", "timestamp"),
    ("postal_code", "string"),
    ("sku", "string"),
    ("promised_date", "date"),
]


def contract_yaml(rules: list[Rule], checks: dict[str, str] | None = None) -> str:
    """The contract as a person would write it: every column, then the expectations."""
    lines = [
        "contract:",
        f"  name: bench_orders_{len(rules)}",
        '  version: "1.0.0"',
        "  owner: data-engineering@example.com",
        "  producer_pipeline: orders-pipeline",
        "schema:",
        "  fields:",
    ]
    for name, type_ in COLUMNS:
        lines += [f"    - name: {name}", f"      type: {type_}"]
    lines += ["quality:", "  expectations:"]
    for rule in rules:
        # A JSON string is a valid YAML double-quoted scalar.
        lines += [f"    - name: {rule.name}", f"      expression: {json.dumps(rule.expression)}"]
    if checks:
        lines += ["  dataset:"]
        for name, expression in checks.items():
            lines += [f"    - name: {name}", f"      expression: {json.dumps(expression)}"]
    lines += ["changelog:", '  - version: "1.0.0"']
    return "\n".join(lines) + "\n"


# -- the data ------------------------------------------------------------------------------


def dataset(spark: Any, rows: int, seed: int) -> Path:
    """Parquet of `rows` orders, generated once per (rows, seed, GENERATOR) and reused."""
    path = OUT / f"validate_orders_{rows}_seed{seed}_v{GENERATOR}.parquet"
    if not (path / "_SUCCESS").exists():
        _generate(spark, rows, seed, path)
    for part in path.glob("*.parquet"):  # into the OS file cache, so no run reads from disk
        with part.open("rb") as f:
            while f.read(1 << 24):
                pass
    return path


def _generate(spark: Any, rows: int, seed: int, path: Path) -> None:
    from pyspark.sql import functions as F

    def u(k: int) -> Any:  # uniform in [0, 1), a pure function of (seed, k, id)
        hashed = F.xxhash64(F.lit(seed), F.lit(k), F.col("id"))
        return F.pmod(hashed, F.lit(1_000_000)) / F.lit(1_000_000.0)

    def pick(k: int, values: list[str]) -> Any:
        index = (F.floor(u(k) * len(values)) + 1).cast("int")
        return F.element_at(F.array(*map(F.lit, values)), index)

    def money(column: Any, type_: str = "decimal(10,2)") -> Any:
        return F.round(column, 2).cast(type_)

    start_2024 = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())
    june_2019 = int(dt.datetime(2019, 6, 1, tzinfo=dt.UTC).timestamp())
    df = spark.range(0, rows, 1, numPartitions=4)
    df = df.select(
        "id",
        F.when(u(1) < 0.001, F.lit(None))
        .when(u(1) < 0.011, F.concat(F.lit("ord-"), F.col("id")))
        .otherwise(F.format_string("ORD-%010d", F.col("id")))
        .alias("order_id"),
        (F.pmod(F.xxhash64(F.lit(seed), F.lit(2), F.col("id")), F.lit(200_000)) + 1)
        .cast("bigint")
        .alias("customer_id"),
        F.when(u(4) < 0.02, F.lit("LOST")).otherwise(pick(5, STATUSES)).alias("status"),
        pick(6, ["EUR", "USD", "GBP"]).alias("currency"),
        F.when(u(7) < 0.005, F.lit("de"))
        .otherwise(pick(8, ["DE", "FR", "US", "GB", "NL", "ES"]))
        .alias("country"),
        pick(31, ["web", "app", "store", "phone"]).alias("channel"),
        F.when(u(9) < 0.01, F.lit("crypto"))
        .otherwise(pick(32, ["card", "paypal", "invoice", "voucher"]))
        .alias("payment_method"),
        F.when(u(10) < 0.01, F.lit(0))
        .otherwise(F.floor(u(11) * 10) + 1)
        .cast("int")
        .alias("quantity"),
        F.when(u(12) < 0.005, F.lit(0).cast("decimal(10,2)"))
        .otherwise(money(u(13) * 499 + 1))
        .alias("unit_price"),
        F.when(u(14) < 0.6, F.lit(None).cast("decimal(10,2)"))
        .when(u(14) < 0.608, F.lit(-5).cast("decimal(10,2)"))
        .otherwise(money(u(15) * 20))
        .alias("discount"),
        pick(17, ["0.000", "0.070", "0.190", "0.200"]).cast("decimal(4,3)").alias("tax_rate"),
        F.when(u(20) < 0.003, F.lit(150).cast("decimal(8,2)"))
        .otherwise(money(u(21) * 30, "decimal(8,2)"))
        .alias("shipping_cost"),
        (u(22) * 50 + 0.1).alias("weight_kg"),
        F.when(u(23) < 0.002, F.timestamp_seconds(F.lit(june_2019) + F.floor(u(24) * 2_592_000)))
        .otherwise(F.timestamp_seconds(F.lit(start_2024) + F.floor(u(24) * 63_072_000)))
        .alias("ordered_at"),
        F.when(u(27) < 0.007, F.format_string("%04d", F.pmod(F.col("id"), F.lit(10_000))))
        .otherwise(F.format_string("%05d", F.floor(u(28) * 100_000).cast("int")))
        .alias("postal_code"),
        F.concat(
            F.lit("SKU-"),
            F.substring(
                F.lpad(F.hex(F.xxhash64(F.lit(seed), F.lit(29), F.col("id"))), 16, "0"), 1, 6
            ),
        ).alias("sku"),
    )
    exact = F.col("quantity") * F.col("unit_price") - F.coalesce(F.col("discount"), F.lit(0))
    unshipped = F.col("status").isin("PENDING", "PAID", "CANCELLED") | (u(25) < 0.01)
    ordered = F.unix_seconds(F.col("ordered_at"))
    df = (
        df.withColumn(
            "customer_email",
            F.when(u(3) < 0.10, F.lit(None))
            .when(u(3) < 0.115, F.format_string("user%d.example.com", F.col("customer_id")))
            .otherwise(F.format_string("user%d@example.com", F.col("customer_id"))),
        )
        .withColumn(
            "total_amount",
            F.when(u(16) < 0.03, exact + 1).otherwise(exact).cast("decimal(12,2)"),
        )
        .withColumn(
            "tax_amount",
            F.when(u(18) < 0.01, F.round(F.col("total_amount") * F.col("tax_rate"), 2) + 0.5)
            .otherwise(F.round(F.col("total_amount") * F.col("tax_rate"), 2))
            .cast("decimal(12,2)"),
        )
        .withColumn(
            "shipped_at",
            F.when(unshipped, F.lit(None).cast("timestamp"))
            .when(u(26) < 0.02, F.timestamp_seconds(ordered - 86_400))
            .otherwise(F.timestamp_seconds(ordered + F.floor(u(26) * 432_000))),
        )
        .withColumn(
            "promised_date",
            F.when(u(30) < 0.005, F.date_sub(F.to_date("ordered_at"), 1)).otherwise(
                F.date_add(F.to_date("ordered_at"), (F.floor(u(30) * 7) + 1).cast("int"))
            ),
        )
    )
    df = df.select(*[F.col(name).cast(type_).alias(name) for name, type_ in COLUMNS])
    OUT.mkdir(parents=True, exist_ok=True)
    df.write.mode("overwrite").parquet(str(path))


# -- the contenders -------------------------------------------------------------------------


@dataclass
class Case:
    rows: int
    path: Path
    rules: list[Rule]
    contract: Any = None
    erroring: Any = None  # the contract with one expression that fails at run time
    with_dataset: Any = None  # the contract plus DATASET_CHECKS
    ge: Any = None  # (batch definition, suite)
    pandera: Any = None  # (schema, {(column, check label): rule name})
    persisted: Any = None  # the DataFrame GE persisted in its last run
    source: str = "parquet"

    def frame(self, spark: Any) -> Any:
        """The data as every contender gets it: the Parquet table, or (`pipeline`) the output
        of a silver step about to be written, the table with replayed duplicate rows
        dropped, as a producer validates or enforces before writing. Nothing is cached:
        whatever a tool runs twice, Spark computes twice."""
        df = spark.read.parquet(str(self.path))
        return df.dropDuplicates() if self.source == "pipeline" else df


@dataclass
class Contender:
    name: str
    label: str
    run: Callable[[Any, Case], dict[str, int | bool]]  # failure counts (pandera: failed?)
    after: Callable[[Any, Case], None] = lambda spark, case: None  # untimed, after each run
    prepare: Callable[[Any, Case], None] = lambda spark, case: None
    skipped: str | None = None


def run_contractkit(spark: Any, case: Case) -> dict[str, int | bool]:
    from contractkit.spark import validate

    report = validate(case.frame(spark), case.contract, samples=0)
    return {e.name: e.failed for e in report.expectations}


def prepare_contractkit(spark: Any, case: Case) -> None:
    from contractkit.derived import all_expectations
    from contractkit.loader import load_string

    case.contract = load_string(contract_yaml(case.rules), f"bench_orders_{len(case.rules)}.yaml")
    assert len(all_expectations(case.contract)) == len(case.rules)


def run_samples(spark: Any, case: Case) -> dict[str, int | bool]:
    """validate as a user calls it: the default 5 sample rows of every failed expectation."""
    from contractkit.spark import validate

    report = validate(case.frame(spark), case.contract)
    assert all(e.samples for e in report.expectations if not e.ok)
    return {e.name: e.failed for e in report.expectations}


def dirty(rule: Rule) -> Rule:
    """The rule failing on about 2.5% more rows, spread by a hash: with --dirty every rule
    fails on a few percent of rows, the case where samples are taken for all of them."""
    spread = f"pmod(xxhash64(sku, customer_id, {_sql(rule.name)}), 40) <> 0"
    return Rule(rule.name, "sql", None, f"({rule.expression}) AND {spread}")


def prepare_erroring(spark: Any, case: Case) -> None:
    from contractkit.loader import load_string

    rules = [*case.rules[:-1], ERRORING]
    case.erroring = load_string(contract_yaml(rules), f"bench_orders_{len(rules)}_erroring.yaml")


def run_erroring(spark: Any, case: Case) -> dict[str, int | bool]:
    """The nine counts, and the replaced rule's name mapped to whether it has an error."""
    from contractkit.spark import validate

    report = validate(case.frame(spark), case.erroring, samples=0)
    counts: dict[str, int | bool] = {e.name: e.failed for e in report.expectations}
    counts[case.rules[-1].name] = report.expectation(ERRORING.name).error is not None
    del counts[ERRORING.name]
    return counts


def prepare_dataset(spark: Any, case: Case) -> None:
    from contractkit.loader import load_string

    text = contract_yaml(case.rules, DATASET_CHECKS)
    case.with_dataset = load_string(text, f"bench_orders_{len(case.rules)}_dataset.yaml")


def run_dataset(spark: Any, case: Case) -> dict[str, int | bool]:
    """The row counts (compared with contractkit's); every dataset check must evaluate."""
    from contractkit.spark import validate

    report = validate(case.frame(spark), case.with_dataset, samples=0)
    broken = [d.name for d in report.dataset if d.error is not None or d.holds is None]
    if broken or len(report.dataset) != len(DATASET_CHECKS):
        raise RuntimeError(f"dataset checks not evaluated: {broken}")
    return {e.name: e.failed for e in report.expectations}


def run_floor_dataset(spark: Any, case: Case) -> dict[str, int | bool]:
    """The floor with the five dataset checks' aggregates in its one df.agg: what those
    aggregates cost by themselves, whoever computes them."""
    from pyspark.sql import functions as F

    df = case.frame(spark)
    row = df.agg(
        F.count(F.lit(1)).alias("rows"),
        *[F.count_if(~F.expr(r.expression)).alias(f"f{i}") for i, r in enumerate(case.rules)],
        *[F.expr(e).alias(f"d{i}") for i, e in enumerate(DATASET_CHECKS.values())],
    ).first()
    return {r.name: int(row[f"f{i}"]) for i, r in enumerate(case.rules)}


def run_floor(spark: Any, case: Case) -> dict[str, int | bool]:
    from pyspark.sql import functions as F

    df = case.frame(spark)
    row = df.agg(
        F.count(F.lit(1)).alias("rows"),
        *[F.count_if(~F.expr(r.expression)).alias(f"f{i}") for i, r in enumerate(case.rules)],
    ).first()
    return {r.name: int(row[f"f{i}"]) for i, r in enumerate(case.rules)}


def run_naive(spark: Any, case: Case) -> dict[str, int | bool]:
    """The seed's loop: pass rate = filter(e).count() / count(). NULL counts as failing."""
    from pyspark.sql import functions as F

    df = case.frame(spark)
    total = df.count()
    return {r.name: total - df.filter(F.expr(r.expression)).count() for r in case.rules}


def run_seed(spark: Any, case: Case) -> dict[str, int | bool]:
    """The seed's loop verbatim: `df.filter(e).count() / df.count()` inside the loop, 2N
    counts. Its pass rate is turned back into a failure count for the check."""
    from pyspark.sql import functions as F

    df = case.frame(spark)
    counts: dict[str, int | bool] = {}
    for r in case.rules:
        passed = df.filter(F.expr(r.expression)).count()
        total = df.count()
        counts[r.name] = total - passed
    return counts


def prepare_ge(spark: Any, case: Case) -> None:
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = context.data_sources.add_spark(name="bench")
    batch_definition = source.add_dataframe_asset(
        name="orders"
    ).add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite(name=f"orders_{len(case.rules)}"))
    for rule in case.rules:
        c, v, meta = rule.column, rule.value, {"rule": rule.name}
        expectation: Any
        match rule.kind:
            case "not_null":
                expectation = gxe.ExpectColumnValuesToNotBeNull(column=c, meta=meta)
            case "regex":
                expectation = gxe.ExpectColumnValuesToMatchRegex(column=c, regex=v, meta=meta)
            case "in":
                expectation = gxe.ExpectColumnValuesToBeInSet(column=c, value_set=v, meta=meta)
            case "between":
                expectation = gxe.ExpectColumnValuesToBeBetween(
                    column=c, min_value=v[0], max_value=v[1], meta=meta
                )
            case "gt" | "ge":
                expectation = gxe.ExpectColumnValuesToBeBetween(
                    column=c, min_value=v, strict_min=rule.kind == "gt", meta=meta
                )
            case "le":
                expectation = gxe.ExpectColumnValuesToBeBetween(column=c, max_value=v, meta=meta)
            case "pair_ge":
                expectation = gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A=c,
                    column_B=v,
                    or_equal=True,
                    ignore_row_if="either_value_is_missing",
                    meta=meta,
                )
            case "sql":
                query = f"SELECT * FROM {{batch}} WHERE NOT ({v})"
                expectation = gxe.UnexpectedRowsExpectation(unexpected_rows_query=query, meta=meta)
        suite.add_expectation(expectation)
    case.ge = (batch_definition, suite)


def run_ge(spark: Any, case: Case) -> dict[str, int | bool]:
    batch_definition, suite = case.ge
    df = case.frame(spark)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": df})
    case.persisted = df
    result = batch.validate(suite, result_format="BASIC")
    counts: dict[str, int | bool] = {}
    for r in result.results:
        name = r.expectation_config.meta["rule"]
        value = r.result.get("unexpected_count", r.result.get("observed_value"))
        counts[name] = int(value) if value is not None else -1
    return counts


def after_ge(spark: Any, case: Case) -> None:
    """GE persisted the batch; no other run may read that cache or pay for freeing it."""
    if case.persisted is not None:
        case.persisted.unpersist(blocking=True)
        case.persisted = None
    spark.catalog.clearCache()


def prepare_pandera(spark: Any, case: Case) -> None:
    import pandera.pyspark as pa
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    spark_types = {
        "string": T.StringType(),
        "bigint": T.LongType(),
        "int": T.IntegerType(),
        "double": T.DoubleType(),
        "timestamp": T.TimestampType(),
        "date": T.DateType(),
    }

    def spark_type(type_: str) -> Any:
        if type_.startswith("decimal("):
            precision, scale = type_[8:-1].split(",")
            return T.DecimalType(int(precision), int(scale))
        return spark_types[type_]

    checks: dict[str, list[Any]] = {name: [] for name, _ in COLUMNS}
    not_null: set[str] = set()
    frame_checks = []
    labels: dict[tuple[str | None, str], str] = {}
    for rule in case.rules:
        c, v = rule.column, rule.value
        match rule.kind:
            case "not_null":
                assert c is not None
                not_null.add(c)
                labels[(c, "not_nullable")] = rule.name
                continue
            case "regex":
                check = pa.Check.str_matches(v)
            case "in":
                check = pa.Check.isin(v)
            case "between":
                check = pa.Check.in_range(v[0], v[1])
            case "gt":
                check = pa.Check.gt(v)
            case "ge":
                check = pa.Check.ge(v)
            case "le":
                check = pa.Check.le(v)
            case "pair_ge" | "sql":
                # pandera's own idiom for its PySpark built-in checks: any failing row?
                text = rule.expression
                frame_checks.append(
                    pa.Check(
                        lambda df, text=text: df.filter(~F.expr(text)).limit(1).count() == 0,
                        name=rule.name,
                    )
                )
                labels[(None, rule.name)] = rule.name
                continue
        assert c is not None
        checks[c].append(check)
        labels[(c, str(check.error))] = rule.name
    schema = pa.DataFrameSchema(
        {
            name: pa.Column(spark_type(type_), checks=checks[name], nullable=name not in not_null)
            for name, type_ in COLUMNS
        },
        checks=frame_checks,
    )
    case.pandera = (schema, labels)


def run_pandera(spark: Any, case: Case) -> dict[str, int | bool]:
    from pandera.config import ValidationDepth, config_context

    schema, labels = case.pandera
    with config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA):
        validated = schema.validate(case.frame(spark))
    failed = dict.fromkeys(labels.values(), False)
    for errors in (validated.pandera.errors or {}).values():
        for reports in errors.values():
            for report in reports:
                key = (report["column"], report["check"])
                if key not in labels:
                    raise RuntimeError(
                        f"pandera reported a check the benchmark did not set: {report}"
                    )
                failed[labels[key]] = True
    return failed


def contenders() -> list[Contender]:
    found = [
        Contender(
            "contractkit", "contractkit validate", run_contractkit, prepare=prepare_contractkit
        ),
        Contender("samples", "contractkit validate, 5 samples", run_samples),
        Contender(
            "erroring",
            "contractkit validate, 1 of N erroring",
            run_erroring,
            prepare=prepare_erroring,
        ),
        Contender(
            "dataset",
            f"contractkit validate + {len(DATASET_CHECKS)} dataset checks",
            run_dataset,
            prepare=prepare_dataset,
        ),
        Contender("floor", "floor: one df.agg", run_floor),
        Contender(
            "floor-dataset",
            f"floor + the {len(DATASET_CHECKS)} dataset aggregates",
            run_floor_dataset,
        ),
        Contender("naive", "naive loop (N+1 counts)", run_naive),
        Contender("seed", "seed's loop verbatim (2N counts)", run_seed),
        Contender("ge", "Great Expectations", run_ge, after=after_ge, prepare=prepare_ge),
        Contender("pandera", "pandera.pyspark", run_pandera, prepare=prepare_pandera),
    ]
    for contender, module, install in (
        (found[8], "great_expectations", '"great_expectations==1.24.*"'),
        (found[9], "pandera.pyspark", '"pandera[pyspark]==0.35.*" "pandas<3"'),
    ):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                __import__(module)
        except Exception as exc:  # ImportError, or a broken install
            contender.skipped = (
                f"{module} cannot be imported ({type(exc).__name__}: {exc}); pip install {install}"
            )
    return found


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Measurement:
    seconds: list[float] = field(default_factory=list)
    jobs: list[int] = field(default_factory=list)
    counts: dict[str, int | bool] = field(default_factory=dict)


def timed(spark: Any, group: str, contender: Contender, case: Case) -> tuple[float, int, Any]:
    """Wall time and Spark jobs of one run, the jobs counted in a job group."""
    context = spark.sparkContext
    context.setJobGroup(group, group)
    try:
        start = time.perf_counter()
        counts = contender.run(spark, case)
        seconds = time.perf_counter() - start
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)
    jobs = len(context.statusTracker().getJobIdsForGroup(group))
    contender.after(spark, case)
    # Collect now, untimed, so no run pays for the garbage of the one before it, and let
    # Spark's ContextCleaner (which the collection sets off: shuffle files, broadcasts)
    # finish before the next run starts.
    spark.sparkContext._jvm.System.gc()
    time.sleep(SETTLE_SECONDS)
    return seconds, jobs, counts


def round_order(
    active: list[Contender], rng: random.Random, previous: Contender | None
) -> list[Contender]:
    """A new random order every round in which contractkit and the floor never follow each
    other: their queries are the same, so the second would find the JVM tuned by the first,
    while every other run follows a different workload (as a validation in a pipeline
    does)."""
    twins = {"contractkit", "floor"}
    while True:
        order = rng.sample(active, len(active))
        names = [None if previous is None else previous.name] + [c.name for c in order]
        if len(twins & {c.name for c in active}) < 2 or not any(
            {a, b} == twins for a, b in itertools.pairwise(names)
        ):
            return order


def expected_nulls(spark: Any, case: Case) -> dict[str, int]:
    """Rows where each expression is NULL: what the seed's loop counts as failing on top."""
    from pyspark.sql import functions as F

    df = case.frame(spark)
    nulls = [
        F.count_if(F.expr(r.expression).isNull()).alias(f"n{i}") for i, r in enumerate(case.rules)
    ]
    row = df.agg(*nulls).first()
    return {r.name: int(row[f"n{i}"]) for i, r in enumerate(case.rules)}


def check(
    name: str, counts: dict[str, int | bool], reference: dict[str, int], nulls: dict[str, int]
) -> str:
    """Do `counts` say what contractkit's say?"""
    n = len(reference)
    if set(counts) != set(reference):
        return f"MISMATCH: rules {sorted(set(counts) ^ set(reference))}"
    if name == "erroring":
        last = list(reference)[-1]
        wrong = [k for k in reference if k != last and counts[k] != reference[k]]
        if wrong or counts[last] is not True:
            return f"MISMATCH: {wrong or [last + ' has no error']}"
        return f"same counts {n - 1}/{n - 1}, 1 error"
    if name == "pandera":
        wrong = [k for k in reference if bool(counts[k]) != (reference[k] > 0)]
        failing = sum(1 for v in reference.values() if v > 0)
        if wrong:
            return f"MISMATCH in verdicts: {wrong}"
        return f"same verdicts {n}/{n} ({failing} failing); no counts"
    if name in ("naive", "seed"):
        wrong = [k for k in reference if counts[k] != reference[k] + nulls[k]]
        if wrong:
            return f"MISMATCH: {wrong}"
        differ = sum(1 for k in reference if nulls[k])
        if differ:
            return f"= contractkit + NULL rows ({differ}/{n} rules count NULL as failing)"
        return f"same counts {n}/{n}"
    wrong = [k for k in reference if counts[k] != reference[k]]
    return f"MISMATCH: {wrong}" if wrong else f"same counts {n}/{n}"


def print_goals(table: list[tuple[Case, Contender, Measurement, str]]) -> None:
    """The issues' goals: within 1.15x of the floor; at 10 expectations, 4x the naive loop;
    with samples (issue 16, on --dirty data), within 1.15x and one job of the floor."""
    medians = {
        (case.rows, len(case.rules), c.name): statistics.median(m.seconds)
        for case, c, m, _ in table
    }
    jobs = {(case.rows, len(case.rules), c.name): sorted(set(m.jobs)) for case, c, m, _ in table}
    for rows, n, name in sorted(medians):
        ours = medians[(rows, n, name)]
        floor = medians.get((rows, n, "floor"))
        if name == "samples" and floor is not None:
            extra = max(jobs[(rows, n, name)]) - max(jobs[(rows, n, "floor")])
            time_met = "met" if ours <= 1.15 * floor else "MISSED"
            jobs_met = "met" if extra <= 1 else "MISSED"
            print(
                f"Goals, {rows:,} rows x {n}: validate with samples is {ours / floor:.2f}x the "
                f"floor (goal <= 1.15x: {time_met}), {extra:+d} jobs (goal <= +1: {jobs_met}).  "
            )
        if name != "contractkit":
            continue
        parts = []
        if (erroring := medians.get((rows, n, "erroring"))) is not None:
            parts.append(f"with 1 of {n} expressions erroring {erroring / ours:.2f}x its clean run")
        if (checked := medians.get((rows, n, "dataset"))) is not None:
            same = jobs[(rows, n, "dataset")] == jobs[(rows, n, name)]
            verdict = "met" if checked <= 1.1 * ours and same else "MISSED"
            parts.append(
                f"with {len(DATASET_CHECKS)} dataset checks {checked / ours:.2f}x its row checks "
                f"alone, {'the same' if same else 'DIFFERENT'} jobs (goal <= 1.1x, same jobs: "
                f"{verdict})"
            )
            if (floor_dataset := medians.get((rows, n, "floor-dataset"))) is not None:
                parts.append(
                    f"with them {checked / floor_dataset:.2f}x a hand-written df.agg of the same "
                    f"aggregates"
                )
        if floor is not None:
            verdict = "met" if ours <= 1.15 * floor else "MISSED"
            parts.append(f"{ours / floor:.2f}x the floor (goal <= 1.15x: {verdict})")
        for loop, label in (("naive", "the N+1 loop"), ("seed", "the seed's 2N loop")):
            if (slow := medians.get((rows, n, loop))) is not None:
                met = "met" if slow >= 4 * ours else "MISSED"
                goal = f" (goal >= 4x: {met})" if n == 10 else ""
                parts.append(f"{slow / ours:.2f}x faster than {label}{goal}")
        if parts:
            print(f"Goals, {rows:,} rows x {n}: contractkit is {'; '.join(parts)}.  ")


def uptime() -> str:
    load = os.getloadavg()
    return f"load average {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"


def java_version() -> str:
    try:
        done = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    first = (done.stderr or done.stdout).strip().splitlines()
    return first[0] if first else "unknown"


def new_session() -> Any:
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[*]")
        .appName("contractkit-bench-validate")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.session.timeZone", "UTC")
        # GE and pandera compile ~50 classes per run; in Spark's default cache of 100
        # generated classes they evicted the others', which then paid Janino again at
        # random (0.6 s for the floor's). Big enough that every contender is measured warm.
        .config("spark.sql.codegen.cache.maxEntries", "2000")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main() -> None:
    parser = argparse.ArgumentParser(
        description="contractkit validate vs floor, naive loop, GE and pandera on Spark"
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--expectations", type=int, nargs="+", default=[10, 30], choices=[10, 30])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds per case")
    parser.add_argument("--tools", nargs="+", default=list(TOOLS), choices=TOOLS)
    parser.add_argument("--seed", type=int, default=20250115)
    parser.add_argument("--quick", action="store_true", help="1M rows x 10 expectations only")
    parser.add_argument(
        "--source",
        choices=["parquet", "pipeline"],
        default="parquet",
        help="the Parquet table, or a pipeline step's output (the table deduplicated)",
    )
    parser.add_argument(
        "--dirty",
        action="store_true",
        help="every rule failing on a few percent of rows (each AND a 39-in-40 hash test)",
    )
    args = parser.parse_args()
    if args.quick:
        args.rows, args.expectations = [1_000_000], [10]
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    print(f"started {dt.datetime.now():%Y-%m-%d %H:%M:%S}, {uptime()}", flush=True)
    started = time.perf_counter()

    import pyspark

    spark = new_session()
    chosen = [c for c in contenders() if c.name in args.tools]
    for c in chosen:
        if c.skipped:
            print(f"skipping {c.name}: {c.skipped}", flush=True)
    active = [c for c in chosen if not c.skipped]
    versions = [
        f"Python {platform.python_version()}",
        f"pyspark {pyspark.__version__}",
        java_version(),
    ]
    for module in ("great_expectations", "pandera"):
        if module in sys.modules:
            versions.append(f"{module} {sys.modules[module].__version__}")
    aqe = spark.conf.get("spark.sql.adaptive.enabled")

    table: list[tuple[Case, Contender, Measurement, str]] = []
    rng = random.Random(args.seed)
    for rows in args.rows:
        begun = time.perf_counter()
        path = dataset(spark, rows, args.seed)
        print(f"data: {path.relative_to(ROOT)} ({time.perf_counter() - begun:.0f} s)", flush=True)
        for n in args.expectations:
            rules = [dirty(r) for r in RULES[:n]] if args.dirty else RULES[:n]
            case = Case(rows, path, rules, source=args.source)
            prepare_contractkit(spark, case)  # the reference counts need it, timed or not
            for c in active:
                c.prepare(spark, case)
            measured = {c.name: Measurement() for c in active}
            # Warm-up, untimed, per case: the JVM's JIT keeps speeding up Parquet decoding
            # and generated code for several runs, so every contender runs --warmup times
            # (GE, ten times slower than the rest and insensitive to it, once).
            for r in range(args.warmup):
                for c in active:
                    if r == 0 or c.name != "ge":
                        timed(spark, f"warm-{c.name}-{rows}-{n}-{r}", c, case)
            previous = None
            for i in range(args.repeat):
                for c in round_order(active, rng, previous):
                    previous = c
                    seconds, jobs, counts = timed(spark, f"{c.name}-{rows}-{n}-{i}", c, case)
                    m = measured[c.name]
                    m.seconds.append(seconds)
                    m.jobs.append(jobs)
                    m.counts = counts
            reference = {k: int(v) for k, v in run_contractkit(spark, case).items()}
            nulls = expected_nulls(spark, case)
            for c in active:
                m = measured[c.name]
                table.append((case, c, m, check(c.name, m.counts, reference, nulls)))
                print(
                    f"  {rows:>9,} rows x {n} expectations, {c.name:<11} "
                    f"median {statistics.median(m.seconds):7.2f} s  runs "
                    + " ".join(f"{s:.2f}" for s in m.seconds)
                    + f"  jobs {sorted(set(m.jobs))}",
                    flush=True,
                )
            for mine, theirs in (
                ("contractkit", "floor"),
                ("samples", "floor"),
                ("dataset", "contractkit"),
                ("floor-dataset", "floor"),
            ):
                if mine not in measured or theirs not in measured:
                    continue
                paired = [
                    a / b
                    for a, b in zip(measured[mine].seconds, measured[theirs].seconds, strict=True)
                ]
                print(
                    f"  {mine} / {theirs}, paired within each round: median "
                    f"{statistics.median(paired):.2f}x (min {min(paired):.2f}x, "
                    f"max {max(paired):.2f}x); {uptime()}",
                    flush=True,
                )
            failing = {k: v for k, v in reference.items() if v}
            print(f"  contractkit failures of {rows:,} rows: {failing}", flush=True)

    print()
    print(f"Command: `{command}`  ")
    print(
        f"Machine: {os.cpu_count()} cores; {', '.join(versions)}; "
        f"Spark local[*], spark.sql.adaptive.enabled={aqe}, 4 shuffle partitions, driver 4g.  "
    )
    print(
        f"Median of {args.repeat} interleaved runs (a new seeded order each round) "
        f"after {args.warmup} untimed warm-up rounds per case (Great Expectations: one); "
        "Parquet read on every run, never cached (its files pre-read into the OS "
        "cache once).  "
    )
    if args.source == "pipeline":
        print(
            "Source: a pipeline step's output, `spark.read.parquet(path).dropDuplicates()`, "
            "not cached: every tool validates it as a producer would before writing.  "
        )
    print(
        "Jobs: Spark jobs of one run, counted in a job group with the status tracker. "
        "Adaptive execution is on, so one global aggregation shows as two jobs; "
        "`spark.read.parquet` adds one (schema from the Parquet footers) to every tool.  "
    )
    print()
    print(
        "| rows | expectations | tool | median s | runs s (min-max) | vs floor | jobs "
        "| check vs contractkit |"
    )
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |")
    floors = {
        (case.rows, len(case.rules)): statistics.median(m.seconds)
        for case, c, m, _ in table
        if c.name == "floor"
    }
    for case, c, m, verdict in table:
        median = statistics.median(m.seconds)
        floor = floors.get((case.rows, len(case.rules)))
        ratio = f"{median / floor:.2f}x" if floor else "-"
        jobs = "-".join(map(str, sorted({min(m.jobs), max(m.jobs)})))
        print(
            f"| {case.rows:,} | {len(case.rules)} | {c.label} | {median:.2f} | "
            f"{min(m.seconds):.2f}-{max(m.seconds):.2f} | {ratio} | "
            f"{jobs} | {verdict if c.name != 'contractkit' else 'reference'} |"
        )
    print()
    print_goals(table)
    minutes = (time.perf_counter() - started) / 60
    print(f"finished {dt.datetime.now():%Y-%m-%d %H:%M:%S} after {minutes:.1f} min, {uptime()}")
    spark.stop()


if __name__ == "__main__":
    main()
